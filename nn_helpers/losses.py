"""Loss functions, their gradients, and one-hot encoding (lesson 2).

Every loss takes ``(y_true, y_pred)`` in scikit-learn's order and returns the
**mean over samples**, so its size does not depend on the batch size.  Every
gradient is taken with respect to ``y_pred`` and has ``y_pred``'s shape.

The shapes of ``y_true`` and ``y_pred`` must match exactly.  numpy would
otherwise broadcast a label vector of shape (n,) against predictions of shape
(n, 1) into an (n, n) matrix and return a plausible-looking but wrong number.
"""

import numpy as np

# Probabilities are clipped to [EPSILON, 1 - EPSILON] before taking a log, so a
# prediction of exactly 0 or 1 gives a large finite loss instead of inf or nan.
# float64's machine epsilon is what scikit-learn's log_loss uses.
EPSILON = np.finfo(np.float64).eps


def _matching_arrays(y_true, y_pred):
    """Return both as float64 arrays, after checking that their shapes match."""
    try:
        y_true = np.asarray(y_true, dtype=np.float64)
        y_pred = np.asarray(y_pred, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError("y_true and y_pred must be numeric arrays") from error
    if y_true.shape != y_pred.shape:
        hint = ""
        if y_true.ndim + y_pred.ndim == 3 and y_true.size == y_pred.size:
            hint = " (reshape the labels with y.reshape(-1, 1) so both are columns)"
        raise ValueError(f"y_true has shape {y_true.shape} but y_pred has shape {y_pred.shape}; they must match{hint}")
    if y_true.size == 0:
        raise ValueError("the loss of an empty batch is undefined: y_true and y_pred have no samples")
    return y_true, y_pred


def _n_samples(y):
    return y.shape[0] if y.ndim else 1


def mse(y_true, y_pred):
    """Mean squared error, the mean of (y_pred - y_true)**2 over every entry.

    This is ``sklearn.metrics.mean_squared_error``.  Shapes: any, but equal.
    """
    y_true, y_pred = _matching_arrays(y_true, y_pred)
    return float(np.mean((y_pred - y_true) ** 2))


def mse_grad(y_true, y_pred):
    """Gradient of ``mse`` with respect to ``y_pred``: 2 * (y_pred - y_true) / number of entries."""
    y_true, y_pred = _matching_arrays(y_true, y_pred)
    return 2.0 * (y_pred - y_true) / y_pred.size


def binary_cross_entropy(y_true, y_pred):
    """Binary cross-entropy, -mean(y log p + (1 - y) log(1 - p)).

    Parameters: y_true, 0/1 labels; y_pred, probabilities of class 1; same
    shape, e.g. (n_samples, 1).  The sum over columns is averaged over samples,
    as scikit-learn's MLPClassifier does.  Returns a float.
    """
    y_true, y_pred = _matching_arrays(y_true, y_pred)
    p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
    per_entry = y_true * np.log(p) + (1.0 - y_true) * np.log1p(-p)
    return float(-per_entry.sum() / _n_samples(y_true))


def binary_cross_entropy_grad(y_true, y_pred):
    """Gradient of ``binary_cross_entropy`` with respect to ``y_pred``.

    (p - y) / (p (1 - p)) / n_samples, with p clipped as in the loss.
    """
    y_true, y_pred = _matching_arrays(y_true, y_pred)
    p = np.clip(y_pred, EPSILON, 1.0 - EPSILON)
    return (p - y_true) / (p * (1.0 - p)) / _n_samples(y_true)


def bce_with_logits(y_true, z):
    """Binary cross-entropy computed from the logits z (the sigmoid's input), without ever forming p.

    With p = sigmoid(z), -[y log p + (1 - y) log(1 - p)] = max(z, 0) - z y + log(1 + exp(-|z|)):
    the exponent is never positive (lesson 1's exp(-|z|) trick), so nothing
    overflows and no clipping is needed - z = -40 and z = -1000 keep their
    different losses (about 40 and 1000 for y = 1), where a clipped
    probability would give both -log(epsilon) = 36.04.  This is Keras'
    ``from_logits=True`` and PyTorch's ``BCEWithLogitsLoss``.

    Parameters: y_true, 0/1 labels; z, logits; same shape, e.g. (n_samples, 1).
    Returns the mean over samples, a float (the same number as
    ``binary_cross_entropy(y_true, sigmoid(z))`` wherever clipping does not bite).
    """
    y_true, z = _matching_arrays(y_true, z)
    per_entry = np.maximum(z, 0.0) - z * y_true + np.log1p(np.exp(-np.abs(z)))
    return float(per_entry.sum() / _n_samples(y_true))


def categorical_cross_entropy(y_true, y_pred):
    """Categorical cross-entropy, -mean over samples of sum_k Y_k log P_k.

    Parameters: y_true, one-hot labels, shape (n_samples, n_classes);
    y_pred, row-wise probabilities (softmax output), the same shape.
    Returns a float.
    """
    y_true, y_pred = _matching_arrays(y_true, y_pred)
    p = np.clip(y_pred, EPSILON, 1.0)
    return float(-(y_true * np.log(p)).sum() / _n_samples(y_true))


def categorical_cross_entropy_grad(y_true, y_pred):
    """Gradient of ``categorical_cross_entropy`` with respect to ``y_pred``: -Y / P / n_samples."""
    y_true, y_pred = _matching_arrays(y_true, y_pred)
    p = np.clip(y_pred, EPSILON, 1.0)
    return -y_true / p / _n_samples(y_true)


def bernoulli_likelihood(y_true, y_pred):
    """The probability a model gives to all the labels at once: prod p^y (1 - p)^(1 - y).

    Each factor is p for a label 1 and 1 - p for a label 0 (samples are
    independent, so their probabilities multiply).  Its negative log, divided by
    the number of samples, is ``binary_cross_entropy``.  Parameters: y_true,
    0/1 labels; y_pred, probabilities of class 1; same shape.  Returns a float,
    which underflows (to 5e-324 or 0.0) for a few thousand samples - one
    reason to work with its logarithm.
    """
    y_true, y_pred = _matching_arrays(y_true, y_pred)
    return float(np.prod(np.where(y_true == 1, y_pred, 1.0 - y_pred)))


def gradient_descent_1d(grad, w0, learning_rate, n_steps):
    """Minimise a loss of one weight: w <- w - learning_rate * grad(w), n_steps times.

    Parameters: grad, a function of the number w returning dL/dw there; w0, the
    starting weight; learning_rate, the step size; n_steps, how many updates.
    Returns: float64 array of shape (n_steps + 1,), the path [w0, w1, ..., w_n].
    """
    path = [float(w0)]
    for _ in range(int(n_steps)):
        path.append(path[-1] - learning_rate * float(grad(path[-1])))
    return np.array(path)


def one_hot(y, n_classes):
    """Turn integer labels 0..n_classes-1 into rows of a one-hot matrix.

    Parameters: y, shape (n_samples,), integers; n_classes, int >= 2.
    Returns: float64 array of shape (n_samples, n_classes) with a single 1 per row.
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or n_classes < 1:
        raise ValueError(f"n_classes must be a positive integer; got {n_classes!r}")
    y = np.asarray(y)
    if y.ndim != 1:
        raise ValueError(f"y must be a 1-D array of integer labels; got shape {y.shape}")
    if y.size and not np.issubdtype(y.dtype, np.integer):
        if not np.issubdtype(y.dtype, np.number) or not np.all(np.mod(y, 1) == 0):
            raise ValueError("y must hold integer class labels 0, 1, ..., n_classes - 1")
        y = y.astype(np.int64)
    if y.size and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"labels must lie in 0..{n_classes - 1}; found {y.min()}..{y.max()}")
    encoded = np.zeros((y.shape[0], n_classes))
    encoded[np.arange(y.shape[0]), y] = 1.0
    return encoded


# Lesson 11: the error term of scikit-learn's squared loss, and what Keras' "mse" changes.

def squared_error_grad(Y, P):
    """The error term at an identity output, dZ = (P - Y) / n_samples; Y, P and dZ of shape (n, k).

    The gradient of (1 / 2n) * sum((P - Y)**2) - half the squared error summed over
    the k outputs and averaged over the n samples - with respect to Z = P, as
    MLPRegressor backpropagates it (for k = 1 this is half the mean squared error).
    """
    Y, P = np.asarray(Y, dtype=np.float64), np.asarray(P, dtype=np.float64)
    return (P - Y) / P.shape[0]


def keras_learning_rate(learning_rate, n_outputs):
    """Keras' SGD learning rate that takes scikit-learn's steps with loss="mse": learning_rate * n_outputs / 2.

    Keras' "mse" is mean((P - Y)**2) over all n * k entries, with gradient 2 (P - Y) / (n k):
    2 / k times scikit-learn's (P - Y) / n.
    """
    return learning_rate * n_outputs / 2

"""Activation functions and their derivatives (lesson 1).

Each activation maps a pre-activation ``z`` (any shape) to an activation of the
same shape.  Each ``*_grad`` takes the same ``z`` and returns dA/dz elementwise,
so backpropagation can write ``dZ = dA * grad(Z)``.  No function modifies its
input, and none overflows or warns for inputs as large as +-1000.

``softmax`` is different: it works on whole rows, because each row's outputs
must sum to 1.  Its derivative is never needed on its own - combined with
categorical cross-entropy the gradient simplifies to ``P - Y`` (lesson 5).
"""

import numpy as np


def _as_float_array(z, name="z"):
    """Return ``z`` as a float64 array, with a learner-friendly error if it is not numeric."""
    try:
        array = np.asarray(z, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be numeric (a number or an array of numbers); got {type(z).__name__}") from error
    return array


def sigmoid(z):
    """Logistic sigmoid, 1 / (1 + exp(-z)), squashing any real number into (0, 1).

    The textbook formula overflows (with a warning) for large negative z,
    where exp(-z) is huge.  With t = exp(-|z|), which never exceeds 1, the two
    equal forms 1 / (1 + t) for z >= 0 and t / (1 + t) for z < 0 stay finite
    and accurate in both tails.

    Parameters: z, array of any shape.  Returns: array of the same shape.
    """
    z = _as_float_array(z)
    t = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, t) / (1.0 + t)


def sigmoid_grad(z):
    """Derivative of the sigmoid, s * (1 - s) with s = sigmoid(z); at most 1/4 (at z = 0)."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z):
    """Hyperbolic tangent, squashing into (-1, 1); zero-centred, unlike the sigmoid.

    It equals 2 * sigmoid(2 z) - 1 (lesson 1 derives it); np.tanh computes it accurately and never overflows.
    """
    return np.tanh(_as_float_array(z))


def tanh_grad(z):
    """Derivative of tanh, 1 - tanh(z)**2; at most 1 (at z = 0)."""
    t = np.tanh(_as_float_array(z))
    return 1.0 - t * t


def relu(z):
    """Rectified linear unit, max(z, 0).  Returns a new array; ``z`` is untouched."""
    return np.maximum(_as_float_array(z), 0.0)


def relu_grad(z):
    """Derivative of ReLU: 1 where z > 0, else 0 (we take 0 at z = 0, as scikit-learn and Keras do).

    A unit whose z is negative on every sample therefore gets no gradient at all: a "dead" ReLU.
    """
    return (_as_float_array(z) > 0).astype(np.float64)


def softmax(z):
    """Row-wise softmax: each row of ``z`` becomes probabilities that sum to 1.

    Subtracting each row's maximum first changes nothing mathematically
    (the factor exp(-max) cancels) but keeps every exponent <= 0, so exp never
    overflows.  Normalising by the *row* sum - not the whole batch - keeps
    samples independent of each other.

    Parameters: z, shape (n_samples, n_classes), or (n_classes,) for one sample.
    Returns: array of the same shape.
    """
    z = _as_float_array(z)
    if z.ndim not in (1, 2):
        raise ValueError(f"softmax expects a 1-D or 2-D array (samples in rows); got {z.ndim} dimensions")
    shifted = z - z.max(axis=-1, keepdims=True)
    exps = np.exp(shifted)
    return exps / exps.sum(axis=-1, keepdims=True)


# Look-up tables, so code picks an activation by name instead of an if/elif chain.
ACTIVATIONS = {"sigmoid": sigmoid, "tanh": tanh, "relu": relu}
DERIVATIVES = {"sigmoid": sigmoid_grad, "tanh": tanh_grad, "relu": relu_grad}


def check_activation_name(name):
    """Raise a ValueError naming the choices if ``name`` is not a hidden activation we know."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}")

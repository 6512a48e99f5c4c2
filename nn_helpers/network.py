"""A fully connected network as four plain functions (lessons 3-6).

Conventions (the same as Keras' ``Dense`` and scikit-learn's ``MLPClassifier``):

* samples are rows: ``X`` has shape (n_samples, n_features);
* layer l computes ``Z_l = A_{l-1} @ W_l + b_l`` with ``W_l`` of shape
  (n_in, n_out) and ``b_l`` of shape (n_out,), then ``A_l = g(Z_l)``;
* hidden layers share one activation g; the output layer is a sigmoid for one
  unit (two classes) and a softmax for several units (one per class);
* ``params`` is a dict ``{"W1": ..., "b1": ..., "W2": ..., ...}``.

Forward and backward of each layer sit side by side: ``forward`` keeps every
Z and A in ``cache`` because ``backward`` needs them to apply the chain rule.
"""

import numpy as np

from .activations import ACTIVATIONS, DERIVATIVES, check_activation_name, sigmoid, softmax
from .losses import binary_cross_entropy, categorical_cross_entropy, mse


def n_layers(params):
    """Number of weight layers in ``params`` (W1..WL), checking the dict looks right."""
    if not isinstance(params, dict) or "W1" not in params:
        raise TypeError("params must be a dict with keys 'W1', 'b1', 'W2', 'b2', ... as made by init_params")
    count = 0
    while f"W{count + 1}" in params:
        count += 1
        if f"b{count}" not in params:
            raise ValueError(f"params has W{count} but no b{count}")
    return count


def init_params(layer_sizes, seed=0):
    """Random initial weights and zero biases for a network with the given layer sizes.

    Weights are drawn from a normal distribution with standard deviation
    sqrt(2 / n_in) (He initialisation): with ReLU units this keeps the spread of
    the activations roughly constant from layer to layer, so signals neither
    vanish nor explode.  Random weights break the symmetry between units - with
    equal weights every hidden unit would compute, and learn, the same thing.
    Biases carry no symmetry problem, so they start at zero.

    Parameters
    ----------
    layer_sizes : sequence of int, e.g. [2, 10, 1] (inputs, hidden..., outputs).
    seed : int, for ``np.random.default_rng``; the same seed gives the same weights.

    Returns
    -------
    dict with ``W1`` (layer_sizes[0], layer_sizes[1]), ``b1`` (layer_sizes[1],), ...
    """
    sizes = list(layer_sizes)
    if len(sizes) < 2:
        raise ValueError(f"layer_sizes needs at least an input and an output size; got {sizes}")
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 1:
            raise ValueError(f"every layer size must be a positive integer; got {sizes}")
    rng = np.random.default_rng(seed)
    params = {}
    for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{layer}"] = rng.standard_normal((n_in, n_out)) * np.sqrt(2.0 / n_in)
        params[f"b{layer}"] = np.zeros(n_out)
    return params


# The output layer's activation, by name.  Each pairs with the loss that makes the error at the
# output exactly (P - Y) / n_samples: sigmoid with binary cross-entropy, softmax with categorical
# cross-entropy, identity (regression) with half the mean squared error.
OUTPUT_ACTIVATIONS = {"sigmoid": sigmoid, "softmax": softmax, "identity": lambda Z: Z}


def _output_name(output_activation, n_outputs):
    """None means the classifier's choice: sigmoid for one output unit, softmax for several."""
    if output_activation is None:
        return "sigmoid" if n_outputs == 1 else "softmax"
    if output_activation not in OUTPUT_ACTIVATIONS:
        raise ValueError(f"output_activation must be None or one of {sorted(OUTPUT_ACTIVATIONS)}; "
                         f"got {output_activation!r}")
    return output_activation


def output_activation(Z, name=None):
    """The output layer's activation of Z (n_samples, n_outputs); None: sigmoid for one column, softmax for several."""
    return OUTPUT_ACTIVATIONS[_output_name(name, Z.shape[1])](Z)


def forward(X, params, hidden_activation="relu", output_activation=None):
    """Forward propagation through every layer.

    Parameters
    ----------
    X : array (n_samples, n_features)
    params : dict from ``init_params``
    hidden_activation : "relu", "tanh" or "sigmoid"
    output_activation : None (sigmoid for one output, softmax for several), "sigmoid", "softmax"
        or "identity" (regression: P = Z)

    Returns
    -------
    P : array (n_samples, n_outputs), the output probabilities (or values, for "identity")
    cache : dict with ``A0`` (= X) and ``Z1, A1, ..., ZL, AL`` (AL is P)
    """
    check_activation_name(hidden_activation)
    L = n_layers(params)
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, shape (n_samples, n_features); got shape {X.shape}")
    n_inputs = params["W1"].shape[0]
    if X.shape[1] != n_inputs:
        raise ValueError(f"X has {X.shape[1]} features but the network was built for {n_inputs}")
    g = ACTIVATIONS[hidden_activation]
    g_out = OUTPUT_ACTIVATIONS[_output_name(output_activation, params[f"W{L}"].shape[1])]
    cache = {"A0": X}
    A = X
    for layer in range(1, L + 1):
        Z = A @ params[f"W{layer}"]
        Z += params[f"b{layer}"]  # in place: saves allocating a second (n_samples, n_out) array
        A = g(Z) if layer < L else g_out(Z)
        cache[f"Z{layer}"], cache[f"A{layer}"] = Z, A
    return A, cache


def l2_penalty(params, n_samples, alpha):
    """The L2 term added to the loss: 0.5 * alpha * (sum of squared weights) / n_samples.

    This is exactly scikit-learn's MLPClassifier definition; biases are not penalised.
    """
    if alpha == 0:
        return 0.0
    squared = sum(float(np.sum(params[f"W{layer}"] ** 2)) for layer in range(1, n_layers(params) + 1))
    return 0.5 * alpha * squared / n_samples


def compute_loss(Y, P, params=None, alpha=0.0, output_activation=None):
    """The training loss: the output's loss, plus the L2 term when alpha > 0.

    For the classifier's outputs (None, "sigmoid", "softmax"): binary cross-entropy
    for one output column, categorical for several; Y: (n_samples, n_outputs),
    0/1 column or one-hot.  For "identity": half the mean squared error over all
    entries, ``0.5 * mean((P - Y) ** 2)`` - scikit-learn's ``squared_error``.
    P: same shape as Y.
    """
    if _output_name(output_activation, P.shape[1]) == "identity":
        data_loss = 0.5 * mse(Y, P)
    else:
        data_loss = binary_cross_entropy(Y, P) if P.shape[1] == 1 else categorical_cross_entropy(Y, P)
    if alpha:
        data_loss += l2_penalty(params, P.shape[0], alpha)
    return data_loss


def backward(X, Y, params, cache, hidden_activation="relu", alpha=0.0):
    """Backpropagation: the gradient of the mean loss with respect to every parameter.

    With a sigmoid output and binary cross-entropy, or a softmax output and
    categorical cross-entropy, the error at the output simplifies to
    ``dZL = (P - Y) / n_samples`` - no separate sigmoid or softmax derivative.
    An identity output uses the same error term; it is the gradient of
    ``0.5 * sum((P - Y) ** 2) / n_samples``, which is what scikit-learn's
    MLPRegressor backpropagates (for one output column this is exactly
    ``compute_loss``'s half mean squared error).
    Each earlier layer then receives its error through the *weights* of the
    layer above, times the derivative of its own activation:
    ``dZ_l = (dZ_{l+1} @ W_{l+1}.T) * g'(Z_l)``.

    Parameters
    ----------
    X : array (n_samples, n_features)
    Y : array (n_samples, n_outputs), 0/1 column or one-hot rows
    params, cache : from ``init_params`` and ``forward``
    hidden_activation : the one used in ``forward``
    alpha : L2 strength; adds alpha * W / n_samples to each dW

    Returns
    -------
    grads : dict with ``dW1, db1, ..., dWL, dbL``, each shaped like its parameter
    """
    check_activation_name(hidden_activation)
    L = n_layers(params)
    P = cache[f"A{L}"]
    Y = np.asarray(Y, dtype=np.float64)
    if Y.shape != P.shape:
        raise ValueError(f"Y has shape {Y.shape} but the network's output has shape {P.shape}; "
                         "use a (n, 1) column for two classes or one_hot(y, k) for k classes")
    n_samples = P.shape[0]
    g_prime = DERIVATIVES[hidden_activation]
    grads = {}
    dZ = (P - Y) / n_samples
    for layer in range(L, 0, -1):
        W = params[f"W{layer}"]
        grads[f"dW{layer}"] = cache[f"A{layer - 1}"].T @ dZ
        if alpha:
            grads[f"dW{layer}"] += (alpha / n_samples) * W
        grads[f"db{layer}"] = dZ.sum(axis=0)
        if layer > 1:
            dZ = dZ @ W.T
            dZ *= g_prime(cache[f"Z{layer - 1}"])  # in place, as above
    return grads


def update_params(params, grads, learning_rate):
    """One step of gradient descent: p <- p - learning_rate * dp, for every parameter.

    Returns a new dict; ``params`` and ``grads`` are left as they were.
    """
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive; got {learning_rate!r}")
    missing = [f"d{name}" for name in params if f"d{name}" not in grads]
    if missing:
        raise ValueError(f"grads is missing {missing}; it must hold a gradient for every parameter")
    return {name: value - learning_rate * grads[f"d{name}"] for name, value in params.items()}

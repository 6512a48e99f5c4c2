"""A fully connected network as four plain functions (lessons 3-6), built from the layers of ``layers.py``.

Conventions (the same as Keras' ``Dense`` and scikit-learn's ``MLPClassifier``):

* samples are rows: ``X`` has shape (n_samples, n_features);
* layer l computes ``Z_l = A_{l-1} @ W_l + b_l`` with ``W_l`` of shape
  (n_in, n_out) and ``b_l`` of shape (n_out,), then ``A_l = g(Z_l)``;
* hidden layers share one activation g; the output layer is a sigmoid for one
  unit (two classes) and a softmax for several units (one per class);
* ``params`` is a dict ``{"W1": ..., "b1": ..., "W2": ..., ...}``.

``forward`` is a loop over the layers, dense then activation, keeping every Z and
A in ``cache``; ``backward`` is the same loop run in reverse, each layer's
backward step turning the gradient of its output into the gradients of its
inputs and parameters (lesson 5).
"""

import numpy as np

from .activations import check_activation_name
from .layers import (OUTPUT_ACTIVATIONS, activation_backward, activation_forward, dense_backward, dense_forward,
                     output_forward, output_loss_backward, output_name)
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


# Kept here as well (they moved to layers.py), so existing imports from network keep working.
_output_name = output_name


def output_activation(Z, name=None):
    """The output layer's activation of Z (n_samples, n_outputs); None: sigmoid for one column, softmax for several."""
    return output_forward(Z, name)


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
    output_name(output_activation, params[f"W{L}"].shape[1])  # a clear error for an unknown name, up front
    cache = {"A0": X}
    A = X
    for layer in range(1, L + 1):
        Z, _ = dense_forward(A, params[f"W{layer}"], params[f"b{layer}"])
        if layer < L:
            A, _ = activation_forward(Z, hidden_activation)
        else:
            A = output_forward(Z, output_activation)
        cache[f"Z{layer}"], cache[f"A{layer}"] = Z, A
    return A, cache


def l2_penalty(params, n_samples, alpha):
    """The L2 term added to the loss: 0.5 * alpha * (sum of squared weights) / n_samples.

    ``n_samples`` is the number of rows the loss is computed on: in training,
    the rows of the *batch* (``compute_loss`` passes ``P.shape[0]``), so with
    minibatches of B rows each step's penalty is 0.5 * alpha * sum(W**2) / B,
    not / n.  This is exactly scikit-learn's MLPClassifier definition (its
    ``_backprop`` divides by the batch's size too); biases are not penalised.
    """
    if alpha == 0:
        return 0.0
    squared = sum(float(np.sum(params[f"W{layer}"] ** 2)) for layer in range(1, n_layers(params) + 1))
    return 0.5 * alpha * squared / n_samples


def keras_l2_factor(alpha, batch_size):
    """The l of Keras' ``regularizers.L2(l)`` that gives the same training steps as our (and scikit-learn's) alpha.

    We add 0.5 * alpha * sum(W**2) / B to the mean loss of each batch of B rows;
    Keras' ``L2(l)`` adds l * sum(W**2) to each batch's mean loss, whatever its
    size.  Equal when l = 0.5 * alpha / B.  ``batch_size`` is the number of rows
    per training step: n for full-batch training, B for minibatches.  With a
    short last batch (B does not divide n) that batch's step differs, because
    ours then divides by its own, smaller size and Keras' l is a constant.
    """
    if not isinstance(batch_size, (int, np.integer)) or isinstance(batch_size, bool) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer (rows per training step); got {batch_size!r}")
    return 0.5 * alpha / batch_size


def compute_loss(Y, P, params=None, alpha=0.0, output_activation=None):
    """The training loss: the output's loss, plus the L2 term when alpha > 0.

    For the classifier's outputs (None, "sigmoid", "softmax"): binary cross-entropy
    for one output column, categorical for several; Y: (n_samples, n_outputs),
    0/1 column or one-hot.  For "identity": half the mean squared error over all
    entries, ``0.5 * mean((P - Y) ** 2)`` - scikit-learn's ``squared_error``.
    P: same shape as Y.  The L2 term is ``l2_penalty(params, len(P), alpha)``:
    divided by the number of rows given here, which in training is the batch size.
    """
    if output_name(output_activation, P.shape[1]) == "identity":
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
    ``dZ_l = (dZ_{l+1} @ W_{l+1}.T) * g'(Z_l)``: for l = L, ..., 1, ``dense_backward`` gives dA_{l-1},
    dW_l and db_l from dZ_l, and ``activation_backward`` turns dA_{l-1} into dZ_{l-1}.

    Parameters
    ----------
    X : array (n_samples, n_features)
    Y : array (n_samples, n_outputs), 0/1 column or one-hot rows
    params, cache : from ``init_params`` and ``forward``
    hidden_activation : the one used in ``forward``
    alpha : L2 strength; adds alpha * W / n_samples to each dW, n_samples being the rows of X
        (the batch's size in minibatch training)

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
    grads = {}
    dZ = output_loss_backward(P, Y)
    for layer in range(L, 0, -1):
        W = params[f"W{layer}"]
        # The first layer's input is the data: its gradient is never needed, so it is not computed.
        dA, grads[f"dW{layer}"], grads[f"db{layer}"] = dense_backward(dZ, (cache[f"A{layer - 1}"], W),
                                                                      input_grad=layer > 1)
        if alpha:
            grads[f"dW{layer}"] += (alpha / n_samples) * W
        if layer > 1:
            # dA is a fresh array that only we hold, so g'(Z) is multiplied into it in place.
            dZ = activation_backward(dA, (cache[f"Z{layer - 1}"], hidden_activation), in_place=True)
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


def forward_regression(X, params, hidden_activation="relu"):
    """Lesson 11's regression forward pass: hidden_activation ("relu", "tanh", "sigmoid") on the hidden layers,
    identity output: P = Z_L, shape (n_samples, n_outputs)."""
    return forward(X, params, hidden_activation, "identity")[0]

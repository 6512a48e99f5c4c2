"""Checkers of Lesson 11, regression: the identity output, its error term, and Keras' learning rate."""

import numpy as np

from ..activations import ACTIVATIONS, relu, sigmoid, softmax
from ..network import forward, init_params
from ._harness import DEFAULT_TIMEOUT, _Finding, _run_checker


def _regression_cases():
    """(X, params, description): networks whose output scores take both signs and reach beyond [0, 1]."""
    cases = []
    for sizes, n, seed in [([1, 6, 1], 9, 1), ([3, 5, 1], 1, 2), ([4, 6, 3], 8, 3), ([3, 4, 5, 2], 7, 4)]:
        rng = np.random.default_rng(seed)
        params = init_params(sizes, seed=seed)
        for layer in range(1, len(sizes)):
            params[f"b{layer}"] = rng.normal(0, 0.5, sizes[layer])
        params[f"W{len(sizes) - 1}"] *= 3.0  # outputs well outside [0, 1], so a squashing output shows
        X = rng.normal(0, 1.5, (n, sizes[0]))
        cases.append((X, params, f"X ({n}, {sizes[0]}) through a {sizes} network"))
    return cases


def _forward_variant(X, params, output=None, last_bias=True, hidden="relu", layers=None):
    """The hidden activation on every hidden layer, then the output layer with one deliberate change.

    layers=2 is a network hard-coded to one hidden layer (W1, b1, then W2, b2 as the output)."""
    L = len(params) // 2 if layers is None else layers
    A = X
    for layer in range(1, L):
        A = ACTIVATIONS[hidden](A @ params[f"W{layer}"] + params[f"b{layer}"])
    Z = A @ params[f"W{L}"] + (params[f"b{L}"] if last_bias else 0.0)
    return {None: Z, "sigmoid": sigmoid(Z), "relu": relu(Z), "softmax": softmax(Z),
            "tanh": np.tanh(Z)}[output]


def check_forward_regression(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``forward_regression(X, params, hidden_activation="relu")`` -> P, the hidden activation on every hidden
    layer and an identity output (P = Z_L).

    Networks with one and two hidden layers, one and several outputs, one
    sample; the default (ReLU) and hidden_activation="tanh".  Knows: a sigmoid,
    softmax, ReLU or tanh left on the output, the output bias forgotten,
    hidden_activation ignored, one hidden layer hard-coded, P flattened to (n,),
    (P, cache) returned instead of P, changing X or params.
    """
    cases = [(X, params, case, None) for X, params, case in _regression_cases()]
    cases += [(X, params, case + ", hidden_activation = 'tanh'", "tanh")
              for X, params, case in _regression_cases()[2:]]

    def body(check):
        for X, params, case, activation in cases:
            kwargs = {} if activation is None else {"hidden_activation": activation}
            hidden = activation or "relu"
            P = check.call((X, params), case, ("X", "params"), kwargs=kwargs)
            if isinstance(P, (tuple, list)) and len(P) == 2 and isinstance(P[1], dict):
                raise _Finding("forward_regression returned (P, cache): return P alone here.")
            expected = _forward_variant(X, params, hidden=hidden)
            n, k = expected.shape
            one_layer = _forward_variant(X, params, hidden=hidden, layers=2)
            if len(params) > 4 and isinstance(P, np.ndarray) and P.shape == one_layer.shape \
                    and np.allclose(P, one_layer):
                raise _Finding("this is a one-hidden-layer network written out (W1, then W2): loop over the layers, "
                               "for layer in range(1, L), so any depth works.", f"case: {case}")
            mistakes = [
                ("a sigmoid is still on the output: it squeezes every prediction into (0, 1), but a regression "
                 "target can be any number - the output layer is the identity, P = Z.",
                 lambda: _forward_variant(X, params, "sigmoid", hidden=hidden)),
                ("a ReLU is on the output: it turns every negative prediction into 0 - the output layer is the "
                 "identity, P = Z.", lambda: _forward_variant(X, params, "relu", hidden=hidden)),
                ("a softmax is on the output: it makes each row sum to 1, which suits class probabilities, not "
                 "values - the output layer is the identity, P = Z.",
                 lambda: _forward_variant(X, params, "softmax", hidden=hidden)),
                ("a tanh is on the output: it squeezes predictions into (-1, 1) - the output layer is the "
                 "identity, P = Z.", lambda: _forward_variant(X, params, "tanh", hidden=hidden)),
                ("the output layer's bias is missing: Z = A @ W + b in the last layer too.",
                 lambda: _forward_variant(X, params, last_bias=False, hidden=hidden)),
                ("hidden_activation was ignored: apply ACTIVATIONS[hidden_activation] (or tanh for 'tanh') to every "
                 "hidden layer, not always ReLU.", lambda: _forward_variant(X, params)),
                ("this is a one-hidden-layer network written out (W1, then W2): loop over the layers, "
                 "for layer in range(1, L), so any depth works.",
                 lambda: _forward_variant(X, params, hidden=hidden, layers=2)),
            ]
            shape_mistakes = [(f"P has shape ({n * k},); keep it 2-D, ({n}, {k}): one row per sample, one column "
                               "per output.", lambda shape: shape == (n * k,))]
            check.expect(P, expected, case, what="P", mistakes=mistakes, shape_mistakes=shape_mistakes)

    return _run_checker("forward_regression", fn, 'forward_regression(X, params, hidden_activation="relu")',
                        "forward_regression", timeout, body)


def _grad_cases():
    """(Y, P, description): one output, several outputs, one sample."""
    rng = np.random.default_rng(11)
    cases = []
    for n, k in [(5, 3), (6, 1), (1, 2)]:  # several outputs first: they tell n from n * k
        Y = rng.normal(0, 2, (n, k))
        P = Y + rng.normal(0, 1.5, (n, k)) + 0.7  # P - Y takes both signs; P reaches outside [0, 1]
        cases.append((Y, P, f"Y and P of shape ({n}, {k})"))
    return cases


def check_squared_error_grad(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``squared_error_grad(Y, P)`` -> dZ = (P - Y) / n, the error term at an identity output.

    It is the gradient of L = (1 / 2n) * sum over samples and outputs of (P - Y)**2 with respect to Z (= P),
    the loss scikit-learn's MLPRegressor backpropagates.  Knows: the factor 2 of the full mean squared error,
    dividing by n * k (the gradient of the mean over every entry), the sign, no division, a sigmoid
    applied to P or its derivative multiplied in, the mean over samples (shape (k,)), the squared error
    itself returned instead of its gradient.
    """
    def body(check):
        for Y, P, case in _grad_cases():
            dZ = check.call((Y, P), case, ("Y", "P"))
            n, k = Y.shape
            expected = (P - Y) / n
            mistakes = [
                ("dZ is exactly twice too large: that is the gradient of the full mean squared error (Keras' "
                 "'mse'). scikit-learn's loss is half of it, and the 1/2 cancels the 2 from the square: "
                 "dZ = (P - Y) / n.", lambda: 2 * (P - Y) / n),
                (f"dZ is divided by n * k = {n * k}, the number of entries: that is the gradient of the mean over "
                 "every entry. scikit-learn (and this lesson) backpropagates the squared error summed over the "
                 f"k outputs and averaged over the n samples: divide by n = {n} only.", lambda: (P - Y) / (n * k)),
                (f"dZ is divided by n * k = {n * k} and twice too large: divide by n only, and drop the 2 "
                 "(scikit-learn's loss is half the squared error).", lambda: 2 * (P - Y) / (n * k)),
                ("dZ has the wrong sign: the loss grows when P moves away from Y, so its gradient is P - Y, "
                 "not Y - P.", lambda: (Y - P) / n),
                (f"dZ is n = {n} times too large: the loss is an average over the samples, so divide P - Y "
                 "by n.", lambda: P - Y),
                ("a sigmoid was applied to P: the output is the identity, so P is used as it is - "
                 "dZ = (P - Y) / n.", lambda: (sigmoid(P) - Y) / n),
                ("the sigmoid's derivative P * (1 - P) is multiplied in: with an identity output the derivative "
                 "of the output activation is 1 - dZ = (P - Y) / n.", lambda: (P - Y) * P * (1 - P) / n),
                ("returned the squared error, not its gradient: differentiate (1/2n) * (P - Y)**2 with respect "
                 "to P.", lambda: (P - Y) ** 2 / (2 * n)),
            ]
            shape_mistakes = [(f"dZ has shape ({k},): it must have one row per sample, the shape of P ({n}, {k}) "
                               "- do not average over the samples, divide by n.", lambda shape: shape == (k,)),
                              (f"dZ has shape ({n * k},): keep the shape of P, ({n}, {k}).",
                               lambda shape: shape == (n * k,) and k > 1)]
            check.expect(dZ, expected, case, what="dZ", mistakes=mistakes, shape_mistakes=shape_mistakes)

    return _run_checker("squared_error_grad", fn, "squared_error_grad(Y, P)", "squared_error_grad", timeout, body)


def check_keras_learning_rate(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``keras_learning_rate(learning_rate, n_outputs)`` -> learning_rate * n_outputs / 2.

    Keras' "mse" is mean((P - Y)**2) over all n * k entries: its gradient with respect to P is
    2 (P - Y) / (n k), 2 / k times scikit-learn's (P - Y) / n, so Keras takes the same steps at
    learning_rate * k / 2.  Knows: doubled instead of halved, the factor 2 without the k (right
    only for one output), k left out the other way (learning_rate / (2k)), the rate unchanged,
    learning_rate * k, learning_rate / k.
    """
    def body(check):
        for learning_rate, k in [(0.05, 3), (0.01, 4), (0.2, 2), (0.1, 1)]:  # k > 1 first: it tells the mistakes apart
            case = f"learning_rate = {learning_rate}, n_outputs = {k}"
            got = check.call((learning_rate, k), case, ("learning_rate", "n_outputs"))
            mistakes = [
                ("the learning rate was doubled: Keras' gradient is the larger one (its 'mse' has no 1/2), so "
                 "its learning rate must be smaller for one output.", lambda: np.array(2 * learning_rate)),
                (f"right for one output, wrong for n_outputs = {k}: Keras' 'mse' also averages over the k "
                 "outputs (its gradient is 2 (P - Y) / (n k)), while scikit-learn divides by n only - "
                 "multiply by k / 2.", lambda: np.array(learning_rate / 2)),
                (f"the k is on the wrong side: Keras' gradient is 2 / k times scikit-learn's, so its rate must be "
                 f"k / 2 times as large, not 1 / (2k).", lambda: np.array(learning_rate / (2 * k))),
                ("the learning rate is unchanged: Keras' 'mse' is not scikit-learn's loss - its gradient is "
                 "2 / k times as large, so the rate must be scaled by k / 2.", lambda: np.array(learning_rate)),
                ("multiplied by k but forgot the factor 2 of Keras' 'mse' (no 1/2 in front): the rate is "
                 "learning_rate * k / 2.", lambda: np.array(learning_rate * k)),
                ("divided by k: Keras divides its gradient by k (it averages over outputs), so its learning rate "
                 "must be multiplied by k - and halved for the factor 2.", lambda: np.array(learning_rate / k)),
            ]
            check.expect_number(got, np.array(learning_rate * k / 2), case, what="the learning rate",
                                mistakes=mistakes)

    return _run_checker("keras_learning_rate", fn, "keras_learning_rate(learning_rate, n_outputs)",
                        "keras_learning_rate", timeout, body)

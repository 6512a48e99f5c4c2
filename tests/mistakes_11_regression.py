"""Lesson 11's checker catalogue: correct variants and realistic mistakes, each with its diagnosis."""

import numpy as np

import nn_helpers as nh


def _relu(z):
    return np.maximum(z, 0)


def _layers(params):
    return len(params) // 2


_HIDDEN = {"relu": _relu, "tanh": np.tanh, "sigmoid": nh.sigmoid}


def forward_loop(X, params, hidden_activation="relu"):
    A = X
    L = _layers(params)
    for layer in range(1, L):
        A = _HIDDEN[hidden_activation](A @ params[f"W{layer}"] + params[f"b{layer}"])
    return A @ params[f"W{L}"] + params[f"b{L}"]


def forward_reference(X, params, hidden_activation="relu"):
    return nh.forward(X, params, hidden_activation, output_activation="identity")[0]


def forward_dot(X, params, hidden_activation="relu"):
    A, L = np.asarray(X, dtype=float), _layers(params)
    for layer in range(1, L + 1):
        Z = np.dot(A, params[f"W{layer}"]) + params[f"b{layer}"]
        if layer < L:
            A = Z * (Z > 0) if hidden_activation == "relu" else getattr(nh, hidden_activation)(Z)
        else:
            A = Z
    return A


def forward_float32(X, params, hidden_activation="relu"):
    return forward_loop(X.astype(np.float32), {k: v.astype(np.float32) for k, v in params.items()},
                        hidden_activation)


def forward_builder(output=None, last_bias=True, flat=False, with_cache=False):
    def fn(X, params, hidden_activation="relu"):
        A, L = X, _layers(params)
        for layer in range(1, L):
            A = _HIDDEN[hidden_activation](A @ params[f"W{layer}"] + params[f"b{layer}"])
        Z = A @ params[f"W{L}"] + (params[f"b{L}"] if last_bias else 0)
        P = output(Z) if output else Z
        if flat:
            P = P.ravel()
        return (P, {}) if with_cache else P
    return fn


def forward_in_place(X, params, hidden_activation="relu"):
    params["W1"] *= 1.0
    params["b1"] += 0.0
    params["W1"][0, 0] += 1.0  # "temporarily" nudges a weight and forgets to undo it
    return forward_loop(X, params, hidden_activation)


def forward_relu_only(X, params, hidden_activation="relu"):
    """Takes the argument but always uses ReLU (the lesson's first version)."""
    return forward_loop(X, params)


def forward_one_hidden_layer(X, params, hidden_activation="relu"):
    """Written out for W1 and W2 only: wrong for deeper networks."""
    A = _HIDDEN[hidden_activation](X @ params["W1"] + params["b1"])
    return A @ params["W2"] + params["b2"]


def grad_in_place(Y, P):
    P -= Y
    P /= len(P)
    return P


CORRECT = {
    "forward_regression": [
        ("reference", forward_reference), ("loop", forward_loop), ("np.dot and a mask", forward_dot),
        ("nn_helpers", nh.forward_regression), ("float32", forward_float32),
    ],
    "squared_error_grad": [
        ("reference", nh.squared_error_grad), ("len", lambda Y, P: (P - Y) / len(Y)),
        ("derived from the 1/2 and the 2", lambda Y, P: 0.5 * 2 * (P - Y) / Y.shape[0]),
        ("subtract", lambda Y, P: np.subtract(P, Y) / P.shape[0]),
        ("as a product", lambda Y, P: (1 / Y.shape[0]) * (P - Y)),
        ("through the mean over samples of the k outputs", lambda Y, P: (P - Y) * Y.shape[1] / Y.size),
    ],
    "keras_learning_rate": [
        ("reference", nh.keras_learning_rate), ("written out", lambda lr, k: lr * k / 2),
        ("as a fraction", lambda lr, k: lr / (2 / k)), ("numpy", lambda lr, k: np.float64(lr) * k * 0.5),
    ],
}

MISTAKES = {
    "forward_regression": [
        ("sigmoid output", forward_builder(output=nh.sigmoid), "a sigmoid is still on the output"),
        ("relu output", forward_builder(output=_relu), "a ReLU is on the output"),
        ("softmax output", forward_builder(output=nh.softmax), "a softmax is on the output"),
        ("tanh output", forward_builder(output=np.tanh), "a tanh is on the output"),
        ("no output bias", forward_builder(last_bias=False), "output layer's bias is missing"),
        ("flattened", forward_builder(flat=True), "keep it 2-D"),
        ("returns the cache too", forward_builder(with_cache=True), "returned (P, cache)"),
        ("changes params", forward_in_place, "changed params['W1']"),
        ("hidden_activation ignored", forward_relu_only, "hidden_activation was ignored"),
        ("one hidden layer hard-coded", forward_one_hidden_layer, "loop over the layers"),
    ],
    "squared_error_grad": [
        ("factor 2 of the full MSE", lambda Y, P: 2 * (P - Y) / len(Y), "exactly twice too large"),
        ("divided by n * k", lambda Y, P: (P - Y) / Y.size, "divided by n * k"),
        ("Keras' gradient", lambda Y, P: 2 * (P - Y) / Y.size, "divided by n * k = 15 and twice too large"),
        ("wrong sign", lambda Y, P: (Y - P) / len(Y), "wrong sign"),
        ("not divided", lambda Y, P: P - Y, "times too large"),
        ("sigmoid applied", lambda Y, P: (nh.sigmoid(P) - Y) / len(Y), "a sigmoid was applied"),
        ("sigmoid derivative", lambda Y, P: (P - Y) * P * (1 - P) / len(Y), "derivative P * (1 - P)"),
        ("the loss itself", lambda Y, P: (P - Y) ** 2 / (2 * len(Y)), "not its gradient"),
        ("mean over samples", lambda Y, P: np.mean(P - Y, axis=0), "do not average over the samples"),
        ("writes into P", grad_in_place, "changed P"),
    ],
    "keras_learning_rate": [
        ("doubled", lambda lr, k: 2 * lr, "doubled"),
        ("halved, no k", lambda lr, k: lr / 2, "right for one output"),
        ("k on the wrong side", lambda lr, k: lr / (2 * k), "the k is on the wrong side"),
        ("unchanged", lambda lr, k: lr, "unchanged"),
        ("times k", lambda lr, k: lr * k, "forgot the factor 2"),
        ("divided by k", lambda lr, k: lr / k, "divided by k"),
    ],
}

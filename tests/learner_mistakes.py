"""What learners write: correct solutions in different styles, and a catalogue of realistic mistakes.

``CORRECT[name]`` lists (id, fn) pairs that ``check_<name>`` must accept.
``MISTAKES[name]`` lists (id, fn, phrase) triples that it must reject while
printing ``phrase`` - the specific diagnosis, not just "wrong".
``BROKEN`` lists functions that fail in ways unrelated to the maths
(they raise, return None, never return, take the wrong arguments).
"""

import copy
import math
import sys
import threading
import time

import numpy as np
from scipy import special
from sklearn.metrics import mean_squared_error

import nn_helpers as nh
from catalogue_helpers import matched, same_shape

# Replaced by a fresh event for each test and set when the test ends, so a "never returns" thread can finish.
STOP = threading.Event()


def _sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))


# --------------------------------------------------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------------------------------------------------

def sigmoid_naive(z):
    return 1 / (1 + np.exp(-z))  # warns at z = -1000, values right


def sigmoid_loop(z):
    z = np.asarray(z, dtype=float)
    out = np.empty_like(z)
    for index, value in np.ndenumerate(z):
        out[index] = 1 / (1 + math.exp(-value)) if value >= 0 else math.exp(value) / (1 + math.exp(value))
    return out


def sigmoid_float32(z):
    z32 = np.clip(np.asarray(z), -80, 80).astype(np.float32)
    return np.float32(1) / (np.float32(1) + np.exp(-z32))


def sigmoid_via_tanh(z):
    return 0.5 * (1 + np.tanh(z / 2))


def sigmoid_mutates(z):
    z *= -1
    return 1 / (1 + np.exp(np.clip(z, -500, 500)))


def sigmoid_math(z):
    return 1 / (1 + math.exp(-z))


def sigmoid_exp_ratio(z):
    return np.exp(z) / (1 + np.exp(z))


def sigmoid_grad_naive(z):
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)


def sigmoid_grad_float32(z):
    s = sigmoid_float32(z)
    return s * (np.float32(1) - s)


def tanh_clipped_exp(z):
    e = np.exp(2 * np.clip(z, -50, 50))
    return (e - 1) / (e + 1)


def tanh_loop(z):
    z = np.asarray(z, dtype=float)
    return np.vectorize(math.tanh, otypes=[float])(z)


def tanh_exp_formula(z):
    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))


def relu_loop(z):
    z = np.asarray(z, dtype=float)
    out = z.copy()
    for index, value in np.ndenumerate(z):
        if value < 0:
            out[index] = 0.0
    return out


def relu_copy_mask(z):
    out = z.copy()
    out[out < 0] = 0  # fails on a single number (no item assignment): passes with a note
    return out


def relu_in_place(z):
    z[z < 0] = 0
    return z


def relu_python_max(z):
    return max(z, 0)


def relu_grad_in_place(z):  # the bug from the source tutorials
    z[z <= 0] = 0
    z[z > 0] = 1
    return z


def relu_grad_loop(z):
    z = np.asarray(z, dtype=float)
    return np.array([1.0 if value > 0 else 0.0 for value in z.ravel()]).reshape(z.shape)


def softmax_loop(z):
    rows = np.atleast_2d(z)
    out = np.empty_like(rows, dtype=float)
    for row in range(rows.shape[0]):
        exps = np.exp(rows[row] - np.max(rows[row]))
        out[row] = exps / exps.sum()
    return out.reshape(np.shape(z))


def softmax_float32(z):
    z32 = z.astype(np.float32)
    exps = np.exp(z32 - z32.max(axis=-1, keepdims=True))
    return exps / exps.sum(axis=-1, keepdims=True)


def softmax_in_place(z):
    z -= z.max(axis=1, keepdims=True)
    exps = np.exp(z)
    return exps / exps.sum(axis=1, keepdims=True)


def _softmax_rows(z, shift):
    exps = np.exp(z - shift)
    return exps / exps.sum(axis=-1, keepdims=True)


# --------------------------------------------------------------------------------------------------------------------
# Losses
# --------------------------------------------------------------------------------------------------------------------

def mse_loop(y_true, y_pred):
    total = 0.0
    for t, p in zip(np.ravel(y_true), np.ravel(y_pred)):
        total += (p - t) ** 2
    return total / np.size(y_true)


def mse_axis0(y_true, y_pred):
    y_true, y_pred = same_shape(y_true, y_pred)
    return np.mean((y_pred - y_true) ** 2, axis=0)  # shape (1,) for columns: passes with a tip


def _clip(p, eps):
    return np.clip(p, eps, 1 - eps)


def bce_eps(eps):
    def binary_cross_entropy(y_true, y_pred):
        p = _clip(y_pred, eps)
        return -np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))
    return binary_cross_entropy


def bce_eps_inside_log(y_true, y_pred):
    return -np.mean(y_true * np.log(y_pred + 1e-15) + (1 - y_true) * np.log(1 - y_pred + 1e-15))


def bce_where(y_true, y_pred):
    p = np.clip(y_pred, 1e-12, 1 - 1e-12)
    return float(-np.mean(np.where(y_true == 1, np.log(p), np.log(1 - p))))


def bce_unclipped(y_true, y_pred):
    return -np.mean(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred))


def bce_flattened_labels(y_true, y_pred):
    y = np.ravel(y_true)  # (n,) against (n, 1) predictions
    p = np.clip(y_pred, 1e-15, 1 - 1e-15)
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def cce_pick_true_class(y_true, y_pred):
    n = y_true.shape[0]
    picked = y_pred[np.arange(n), y_true.argmax(axis=1)]
    return -np.mean(np.log(np.clip(picked, 1e-15, None)))


def checked_labels(encode):
    """The same one_hot, raising a ValueError for a label outside 0..k-1 first (as the exercise asks)."""
    def one_hot(y, k):
        y = np.asarray(y)
        if np.any((y < 0) | (y >= k)):
            raise ValueError(f"labels must lie in 0..{k - 1}")
        return encode(y, k)
    return one_hot


def one_hot_bool(y, k):
    if y.min() < 0 or y.max() >= k:
        raise ValueError("label out of range")
    return y[:, None] == np.arange(k)  # booleans: passes with a tip



# --------------------------------------------------------------------------------------------------------------------
# backward
# --------------------------------------------------------------------------------------------------------------------

_DG = {"relu": lambda Z, A: (Z > 0).astype(float), "tanh": lambda Z, A: 1 - A ** 2,
       "sigmoid": lambda Z, A: A * (1 - A)}


def backward_builder(sign=1.0, through_grads=False, output_derivative=False, hidden_derivative=True,
                     db="sum", transpose_dW=False, names="d", relu_in_place=False, ignore_activation_arg=False,
                     mean_instead=False, divide_twice=False, derivative_of_a=False):
    """A general backward(X, Y, params, cache, hidden_activation) with optional mistakes."""
    def backward(X, Y, params, cache, hidden_activation="relu"):
        act = "relu" if ignore_activation_arg else hidden_activation
        L = len(params) // 2
        m = X.shape[0]
        P = cache[f"A{L}"]
        dZ = sign * (P - Y) / (1 if mean_instead else m) / (m if divide_twice else 1)
        if output_derivative:
            dZ = dZ * P * (1 - P)
        grads = {}
        for layer in range(L, 0, -1):
            dW = cache[f"A{layer - 1}"].T @ dZ
            grads[f"{names}W{layer}"] = dW.T if transpose_dW else dW
            grads[f"{names}b{layer}"] = {"sum": lambda: dZ.sum(axis=0), "keepdims": lambda: dZ.sum(axis=0, keepdims=True),
                                         "none": lambda: dZ, "mean": lambda: dZ.mean(axis=0)}[db]()
            if layer > 1:
                dA = dZ @ (dW if through_grads else params[f"W{layer}"]).T
                Z, A = cache[f"Z{layer - 1}"], cache[f"A{layer - 1}"]
                if not hidden_derivative:
                    dZ = dA
                elif relu_in_place:
                    Z[Z <= 0] = 0
                    Z[Z > 0] = 1
                    dZ = dA * Z
                elif derivative_of_a:  # g'(A) where g'(Z) belongs: right for ReLU only, by luck
                    dZ = dA * {"relu": lambda a: (a > 0) * 1.0, "tanh": lambda a: 1 - np.tanh(a) ** 2,
                               "sigmoid": lambda a: _sigmoid(a) * (1 - _sigmoid(a))}[act](A)
                else:
                    dZ = dA * _DG[act](Z, A)
        return grads
    return backward


def backward_two_layers(X, Y, params, cache, hidden_activation="relu"):
    """The old two-layer solution: W1 and W2 written out, ReLU derivative from A1 - breaks the any-depth contract."""
    m = X.shape[0]
    dZ2 = (cache["A2"] - Y) / m
    dW2 = cache["A1"].T @ dZ2
    db2 = np.sum(dZ2, axis=0)
    dZ1 = (dZ2 @ params["W2"].T) * (cache["A1"] > 0)
    dW1 = X.T @ dZ1
    db1 = np.sum(dZ1, axis=0)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def backward_cache_x(X, Y, params, cache, hidden_activation="relu"):
    return nh.backward(cache["X"], Y, params, cache, hidden_activation)


# --------------------------------------------------------------------------------------------------------------------
# update_params
# --------------------------------------------------------------------------------------------------------------------

def update_loop(params, grads, learning_rate):
    new = {}
    for layer in range(1, len(params) // 2 + 1):
        new[f"W{layer}"] = params[f"W{layer}"] - learning_rate * grads[f"dW{layer}"]
        new[f"b{layer}"] = params[f"b{layer}"] - learning_rate * grads[f"db{layer}"]
    return new


def update_deepcopy(params, grads, learning_rate):
    new = copy.deepcopy(params)
    for name in new:
        new[name] -= learning_rate * grads["d" + name]
    return new


def update_dict_in_place(params, grads, learning_rate):
    for name in params:
        params[name] = params[name] - learning_rate * grads["d" + name]
    return params


def update_arrays_in_place(params, grads, learning_rate):
    new = dict(params)
    for name in new:
        new[name] -= learning_rate * grads["d" + name]
    return new


def update_two_layers(params, grads, learning_rate):
    return {"W1": params["W1"] - learning_rate * grads["dW1"], "b1": params["b1"] - learning_rate * grads["db1"],
            "W2": params["W2"] - learning_rate * grads["dW2"], "b2": params["b2"] - learning_rate * grads["db2"]}


def update_weights_only(params, grads, learning_rate):
    return {name: value - learning_rate * grads["d" + name] if name.startswith("W") else value
            for name, value in params.items()}


# --------------------------------------------------------------------------------------------------------------------
# The catalogue
# --------------------------------------------------------------------------------------------------------------------

CORRECT = {
    "sigmoid": [
        ("reference", nh.sigmoid), ("expit", special.expit),
        ("clipped", _sigmoid), ("python loop", sigmoid_loop), ("float32", sigmoid_float32),
        ("via tanh", sigmoid_via_tanh),
        ("np.where split", lambda z: np.where(z >= 0, 1 / (1 + np.exp(-np.abs(z))),
                                              np.exp(-np.abs(z)) / (1 + np.exp(-np.abs(z))))),
    ],
    "sigmoid_grad": [
        ("reference", nh.sigmoid_grad), ("naive (warns)", sigmoid_grad_naive),
        ("expit", lambda z: special.expit(z) * (1 - special.expit(z))), ("float32", sigmoid_grad_float32),
        ("exp form, clipped", lambda z: np.exp(-np.clip(z, -500, 500)) / (1 + np.exp(-np.clip(z, -500, 500))) ** 2),
    ],
    "tanh": [
        ("reference", nh.tanh), ("via sigmoid", lambda z: 2 * _sigmoid(2 * z) - 1),
        ("clipped exp", tanh_clipped_exp),
    ],
    "tanh_grad": [
        ("reference", nh.tanh_grad), ("1 - tanh^2", lambda z: 1 - np.tanh(z) ** 2),
        ("sech^2 (warns)", lambda z: 1 / np.cosh(z) ** 2),
        ("factored", lambda z: (1 - np.tanh(z)) * (1 + np.tanh(z))),
    ],
    "relu": [
        ("reference", nh.relu), ("np.maximum", lambda z: np.maximum(z, 0)), ("maximum 0 first", lambda z: np.maximum(0, z)),
        ("np.where", lambda z: np.where(z > 0, z, 0)), ("mask product", lambda z: z * (z > 0)),
        ("clip", lambda z: np.clip(z, 0, None)), ("abs trick", lambda z: (np.abs(z) + z) / 2),
        ("python loop", relu_loop), ("copy and mask", relu_copy_mask),
        ("float32", lambda z: np.maximum(np.asarray(z, dtype=np.float32), 0)),
    ],
    "relu_grad": [
        ("reference", nh.relu_grad), ("astype float", lambda z: (z > 0).astype(float)),
        ("int where", lambda z: np.where(z > 0, 1, 0)), ("bool", lambda z: z > 0), ("times 1", lambda z: (z > 0) * 1),
        ("heaviside 1 at zero", lambda z: np.heaviside(z, 1.0)), ("heaviside 0.5 at zero", lambda z: np.heaviside(z, 0.5)),
        ("greater-equal", lambda z: (z >= 0) * 1.0), ("python loop", relu_grad_loop),
    ],
    "softmax": [
        ("reference", nh.softmax), ("scipy", lambda z: special.softmax(z, axis=-1)),
        ("row max", lambda z: _softmax_rows(z, z.max(axis=-1, keepdims=True))),
        ("logsumexp", lambda z: np.exp(z - special.logsumexp(z, axis=-1, keepdims=True))),
        ("python loop", softmax_loop), ("float32", softmax_float32),
        ("axis -1", lambda z: _softmax_rows(z, np.max(z, axis=-1, keepdims=True))),
    ],
    "mse": [
        ("reference", nh.mse), ("np.mean", matched(lambda t, p: np.mean((p - t) ** 2))),
        ("square of y - p", matched(lambda t, p: np.mean(np.square(t - p)))),
        ("sum over size", matched(lambda t, p: np.sum((t - p) ** 2) / t.size)), ("python loop", mse_loop),
        ("axis 0 (tip)", mse_axis0), ("scikit-learn", mean_squared_error),
        ("float32", matched(lambda t, p: np.mean((p - t) ** 2, dtype=np.float32))),
    ],
    "binary_cross_entropy": [
        ("reference", nh.binary_cross_entropy), ("eps 1e-15", matched(bce_eps(1e-15))),
        ("eps 1e-7 (Keras)", matched(bce_eps(1e-7))), ("machine eps", matched(bce_eps(np.finfo(float).eps))),
        ("eps 1e-12", matched(bce_eps(1e-12))), ("eps inside log", matched(bce_eps_inside_log)),
        ("np.where", matched(bce_where)),
        ("sum over len", matched(lambda t, p: -np.sum(t * np.log(_clip(p, 1e-10)) + (1 - t)
                                                      * np.log(1 - _clip(p, 1e-10))) / len(t))),
    ],
    "categorical_cross_entropy": [
        ("reference", nh.categorical_cross_entropy),
        ("sum over len", matched(lambda t, p: -np.sum(t * np.log(np.clip(p, 1e-15, 1))) / len(t))),
        ("mean of row sums", matched(lambda t, p: -np.mean(np.sum(t * np.log(p + 1e-12), axis=1)))),
        ("pick the true class", matched(cce_pick_true_class)),
        ("clip both sides 1e-7", matched(lambda t, p: -np.mean(np.sum(t * np.log(_clip(p, 1e-7)), axis=1)))),
    ],
    "one_hot": [
        ("reference", nh.one_hot), ("np.eye", checked_labels(lambda y, k: np.eye(k)[y])),
        ("fancy index", checked_labels(lambda y, k: _one_hot_index(y, k))),
        ("python loop", checked_labels(lambda y, k: _one_hot_loop(y, k))),
        ("int dtype", checked_labels(lambda y, k: np.eye(k, dtype=int)[y])),
        ("bool (tip)", one_hot_bool),
    ],
    "backward": [
        ("reference", nh.backward), ("builder", backward_builder()),
    ],
    "update_params": [
        ("reference", nh.update_params),
        ("comprehension", lambda p, g, lr: {k: v - lr * g["d" + k] for k, v in p.items()}),
        ("loop", update_loop), ("deepcopy then -=", update_deepcopy), ("two layers", update_two_layers),
    ],
}


def _one_hot_index(y, k):
    Y = np.zeros((len(y), k))
    Y[np.arange(len(y)), y] = 1
    return Y


def _one_hot_loop(y, k):
    rows = []
    for label in y:
        row = [0.0] * k
        row[label] = 1.0
        rows.append(row)
    return np.array(rows)


def _softmax_naive(z):
    exps = np.exp(z)
    return exps / exps.sum(axis=1, keepdims=True)


MISTAKES = {
    "sigmoid": [
        ("exponent sign", lambda z: 1 / (1 + np.exp(np.clip(z, -500, 500))), "minus sign"),
        ("one minus", lambda z: np.exp(-np.clip(z, -500, 500)) / (1 + np.exp(-np.clip(z, -500, 500))), "1 - sigmoid"),
        ("exp ratio", sigmoid_exp_ratio, "inf / inf"),
        ("tanh", np.tanh, "returned tanh"),
        ("derivative", nh.sigmoid_grad, "derivative"),
        ("clip too tight", lambda z: _sigmoid(np.clip(z, -10, 10)), "clip"),
        ("math.exp", sigmoid_math, "single number but not on arrays"),
        ("changes z", sigmoid_mutates, "changed"),
        ("no return", lambda z: None, "forget the `return`"),
    ],
    "sigmoid_grad": [
        ("of z", lambda z: z * (1 - z), "instead of the sigmoid"),
        ("sigmoid itself", nh.sigmoid, "sigmoid itself"),
        ("sign", lambda z: -nh.sigmoid_grad(z), "wrong sign"),
        ("1 - s^2", lambda z: 1 - _sigmoid(z) ** 2, "1 - s**2"),
        ("exp form overflows", lambda z: np.exp(-z) / (1 + np.exp(-z)) ** 2, "nan"),
    ],
    "tanh": [
        ("exp formula overflows", tanh_exp_formula, "overflow-safe sigmoid"),
        ("np.tanh", np.tanh, "library's tanh"), ("math loop", tanh_loop, "library's tanh"),
        ("np.tanh inside", lambda z: np.tanh(np.asarray(z, dtype=float)), "library's tanh"),
        ("sigmoid", _sigmoid, "returned the sigmoid"),
        ("sinh", lambda z: (np.exp(np.clip(z, -50, 50)) - np.exp(-np.clip(z, -50, 50))) / 2, "sinh"),
        ("derivative", nh.tanh_grad, "derivative"),
        ("math.tanh", lambda z: math.tanh(z), "library's tanh"),
    ],
    "tanh_grad": [
        ("1 - z^2", lambda z: 1 - z ** 2, "1 - z**2 instead of 1 - tanh(z)**2"),
        ("no square", lambda z: 1 - np.tanh(z), "square"),
        ("sign", lambda z: np.tanh(z) ** 2 - 1, "wrong sign"),
        ("tanh itself", np.tanh, "tanh itself"),
    ],
    "relu": [
        ("in place", relu_in_place, "changed the array you passed in"),
        ("np.max", lambda z: np.max(z, 0), "element by element"),
        ("python max", relu_python_max, "single number but not on arrays"),
        ("minimum", lambda z: np.minimum(z, 0), "kept the negative"),
        ("abs", np.abs, "|z|"),
        ("derivative", nh.relu_grad, "derivative"),
    ],
    "relu_grad": [
        ("in place (tutorial bug)", relu_grad_in_place, "changed the array you passed in"),
        ("relu itself", nh.relu, "relu(z) itself"),
        ("reversed", lambda z: (z < 0).astype(float), "reversed"),
        ("sign", np.sign, "np.sign"),
        ("nan at zero", lambda z: np.maximum(z / np.abs(z), 0), "0/0"),
    ],
    "softmax": [
        ("no max subtracted", _softmax_naive, "subtract each row's maximum"),
        ("whole batch", lambda z: np.exp(z - z.max()) / np.exp(z - z.max()).sum(), "whole batch"),
        ("whole batch after the row max", lambda z: np.exp(z - z.max(axis=1, keepdims=True))
         / np.exp(z - z.max(axis=1, keepdims=True)).sum(), "whole batch"),
        ("axis 0", lambda z: np.exp(z - z.max(axis=0)) / np.exp(z - z.max(axis=0)).sum(axis=0), "axis=0"),
        ("no keepdims", lambda z: np.exp(z - z.max(axis=1, keepdims=True)) / np.exp(z - z.max(axis=1, keepdims=True))
         .sum(axis=1), "keepdims"),
        ("global max", lambda z: _softmax_rows(z, z.max()), "each row's maximum"),
        ("in place", softmax_in_place, "changed the array you passed in"),
    ],
    "mse": [
        ("sum", lambda t, p: np.sum((p - t) ** 2), "times too large"),
        ("half", lambda t, p: 0.5 * np.mean((p - t) ** 2), "1/2 factor"),
        ("no square", lambda t, p: np.mean(p - t), "not squared"),
        ("abs", lambda t, p: np.mean(np.abs(p - t)), "absolute error"),
        ("root", lambda t, p: np.sqrt(np.mean((p - t) ** 2)), "square root"),
        ("n - 1", lambda t, p: np.sum((p - t) ** 2) / (t.size - 1), "n - 1"),
        ("broadcast", lambda t, p: np.mean((p - np.ravel(t)) ** 2), "broadcast"),
        ("no mean", lambda t, p: (p - t) ** 2, "single number"),
    ],
    "binary_cross_entropy": [
        ("no clipping", bce_unclipped, "clip the probabilities"),
        ("no minus", lambda t, p: np.mean(t * np.log(_clip(p, 1e-15)) + (1 - t) * np.log(1 - _clip(p, 1e-15))),
         "minus sign"),
        ("sum", lambda t, p: -np.sum(t * np.log(_clip(p, 1e-15)) + (1 - t) * np.log(1 - _clip(p, 1e-15))),
         "times too large"),
        ("swapped", lambda t, p: bce_eps(1e-15)(p, t), "swapped"),
        ("missing (1 - y) term", lambda t, p: -np.mean(t * np.log(_clip(p, 1e-15))), "(1 - y)"),
        ("log10", lambda t, p: -np.mean(t * np.log10(_clip(p, 1e-15)) + (1 - t) * np.log10(1 - _clip(p, 1e-15))),
         "natural log"),
        ("flattened labels", bce_flattened_labels, "broadcast"),
    ],
    "categorical_cross_entropy": [
        ("mean over entries", lambda t, p: -np.mean(t * np.log(np.clip(p, 1e-15, 1))), "sum over the classes"),
        ("sum over samples", lambda t, p: -np.sum(t * np.log(np.clip(p, 1e-15, 1))), "times too large"),
        ("no minus", lambda t, p: np.sum(t * np.log(np.clip(p, 1e-15, 1))) / len(t), "minus sign"),
        ("no clipping", lambda t, p: -np.mean(np.sum(t * np.log(p), axis=1)), "clip the probabilities"),
        ("swapped", lambda t, p: -np.sum(p * np.log(np.clip(t, 1e-15, 1))) / len(t), "swapped"),
        ("binary formula", lambda t, p: -np.sum(t * np.log(_clip(p, 1e-15)) + (1 - t) * np.log(1 - _clip(p, 1e-15)))
         / len(t), "binary cross-entropy"),
    ],
    "one_hot": [
        ("transposed", lambda y, k: np.eye(k)[y].T, "transposed"),
        ("off by one", lambda y, k: np.eye(k)[y - 1], "off by one"),
        ("ignores n_classes", lambda y, k: np.eye(y.max() + 1)[y], "ignored n_classes"),
        ("extra column", lambda y, k: np.eye(k + 1)[y], "one column too many"),
        ("inverted", lambda y, k: 1 - np.eye(k)[y], "where the 1 belongs"),
    ],
    "backward": [
        ("sum, not mean", backward_builder(mean_instead=True), "m times too large"),
        ("divided twice", backward_builder(divide_twice=True), "m times too small"),
        ("Y - P", backward_builder(sign=-1), "wrong sign"),
        ("through dW2", backward_builder(through_grads=True), "not dW2"),
        ("sigmoid derivative again", backward_builder(output_derivative=True), "sigmoid derivative again"),
        ("no hidden derivative", backward_builder(hidden_derivative=False), "forgot the derivative"),
        ("ReLU derivative in place", backward_builder(relu_in_place=True), "in place"),
        ("db keepdims", backward_builder(db="keepdims"), "keepdims"),
        ("db not summed", backward_builder(db="none"), "sum dZ over the samples"),
        ("db mean", backward_builder(db="mean"), "db is m times too small"),
        ("dW transposed", backward_builder(transpose_dW=True), "must match W"),
        ("keys without d", backward_builder(names=""), "should start with d"),
        ("returns a tuple", lambda X, Y, p, c, h="relu": tuple(nh.backward(X, Y, p, c, h).values()),
         "should return a dict"),
        ("cache['X']", backward_cache_x, "cache from forward holds"),
        ("activation argument ignored", backward_builder(ignore_activation_arg=True), "derivative of relu"),
        ("derivative of A1", backward_builder(derivative_of_a=True), "instead of Z1"),
    ],
    "update_params": [
        ("uphill", lambda p, g, lr: {k: v + lr * g["d" + k] for k, v in p.items()}, "uphill"),
        ("dict in place", update_dict_in_place, "changed the params dict"),
        ("arrays in place", update_arrays_in_place, "wrote into the arrays"),
        ("no learning rate", lambda p, g, lr: {k: v - g["d" + k] for k, v in p.items()}, "ignored the learning rate"),
        ("divided by lr", lambda p, g, lr: {k: v - g["d" + k] / lr for k, v in p.items()}, "divided by the learning"),
        ("weights only", update_weights_only, "did not change"),
        ("grads without d", lambda p, g, lr: {k: v - lr * g[k] for k, v in p.items()}, "grads['dW1']"),
    ],
}


# --------------------------------------------------------------------------------------------------------------------
# Broken in ways unrelated to the maths: every checker must say so and return False
# --------------------------------------------------------------------------------------------------------------------

def raises(*args, **kwargs):
    raise ValueError("something went wrong")


def returns_none(*args, **kwargs):
    return None


def never_returns(*args, **kwargs):
    stop = STOP  # the event of the test that started this call
    while not stop.is_set():  # "forever", but sleeping so the machine stays free, and ending with the test
        time.sleep(0.01)


def takes_nothing():
    return 0.5


def not_implemented(*args, **kwargs):
    raise NotImplementedError


def returns_text(*args, **kwargs):
    return "0.5"


BROKEN = [
    ("raises", raises, "raised ValueError"),
    ("returns None", returns_none, "None"),
    ("never returns", never_returns, "did not finish"),
    ("wrong signature", takes_nothing, "cannot be called as"),
    ("stub", not_implemented, "not implemented yet"),
    ("returns text", returns_text, "❌"),
    ("not a function", 0.5, "Pass the function itself"),
    ("returns a generator", lambda *args, **kwargs: (x for x in range(3)), "❌"),
    ("returns complex numbers", lambda *args, **kwargs: np.array([1j, 2j]), "❌"),
    ("returns a ragged list", lambda *args, **kwargs: [[1.0], [1.0, 2.0]], "❌"),
    ("calls sys.exit", lambda *args, **kwargs: sys.exit(1), "raised SystemExit"),
]


# Each lesson that adds checkers keeps its own catalogue in tests/mistakes_<lesson>.py, with CORRECT and
# MISTAKES tables of the same form (and optionally BROKEN); they are merged here so test_checks.py sees one table.
def _merge_lesson_catalogues():
    import importlib
    from pathlib import Path
    for path in sorted(Path(__file__).parent.glob("mistakes_*.py")):
        module = importlib.import_module(path.stem)
        for table, extra in ((CORRECT, module.CORRECT), (MISTAKES, module.MISTAKES)):
            for name, entries in extra.items():
                table.setdefault(name, []).extend(entries)


_merge_lesson_catalogues()

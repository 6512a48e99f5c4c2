"""Lesson 2's additions to the checker catalogue (merged into tests/learner_mistakes.py's tables).

``CORRECT[name]``: (id, fn) pairs check_<name> must accept; ``MISTAKES[name]``:
(id, fn, phrase) triples it must reject, printing ``phrase``.
"""

import math

import numpy as np

import nn_helpers as nh
from catalogue_helpers import matched, same_shape

MACHINE_EPS = np.finfo(float).eps


def _bce(low, high):
    def loss(t, p):
        q = np.clip(p, low, high)
        return -np.mean(t * np.log(q) + (1 - t) * np.log(1 - q))
    return loss


def reshaping_mse(y_true, y_pred):
    """Reshapes instead of refusing: computes the right value, which the contract allows."""
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    return float(np.mean((y_pred.reshape(y_true.shape) - y_true) ** 2)) if y_true.size == y_pred.size else 1 / 0


def one_hot_checks_top_only(y, k):
    y = np.asarray(y)
    if y.max() >= k:
        raise ValueError("label too large")
    encoded = np.zeros((len(y), k))
    encoded[np.arange(len(y)), y] = 1.0  # y = -1 silently marks the last column
    return encoded


def one_hot_assert(y, k):
    assert np.all((y >= 0) & (y < k)), "bad label"
    return np.eye(k)[y]


# ----------------------------------------------------------------------------- bernoulli_likelihood

def likelihood_loop(y_true, y_pred):
    total = 1.0
    for label, p in zip(np.ravel(y_true), np.ravel(y_pred)):
        total *= p if label == 1 else 1 - p
    return total


# ----------------------------------------------------------------------------- binary_cross_entropy_grad

def bce_grad_clipped(eps):
    def binary_cross_entropy_grad(y_true, y_pred):
        y_true, y_pred = same_shape(y_true, y_pred)
        p = np.clip(y_pred, eps, 1 - eps)
        return (p - y_true) / (p * (1 - p)) / y_true.shape[0]
    return binary_cross_entropy_grad


def bce_grad_two_terms(y_true, y_pred):
    y_true, y_pred = same_shape(y_true, y_pred)
    p = np.clip(y_pred, MACHINE_EPS, 1 - MACHINE_EPS)
    return (-y_true / p + (1 - y_true) / (1 - p)) / len(y_true)


def bce_grad_eps_in_denominator(y_true, y_pred):
    y_true, y_pred = same_shape(y_true, y_pred)
    return (y_pred - y_true) / (y_pred * (1 - y_pred) + 1e-12) / len(y_true)


def bce_grad_unclipped(y_true, y_pred):
    y_true, y_pred = same_shape(y_true, y_pred)
    return (y_pred - y_true) / (y_pred * (1 - y_pred)) / len(y_true)


def bce_grad_broadcasts(y_true, y_pred):
    p = np.clip(y_pred, 1e-12, 1 - 1e-12)
    return (p - y_true) / (p * (1 - p)) / len(y_true)


def bce_grad_bottom_only(y_true, y_pred):
    y_true, y_pred = same_shape(y_true, y_pred)
    p = np.clip(y_pred, 1e-12, None)
    return (p - y_true) / (p * (1 - p)) / len(y_true)


# ----------------------------------------------------------------------------- bce_with_logits

def logits_reference_style(y_true, z):
    y_true, z = same_shape(y_true, z)
    return float(np.mean(np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z)))))


def logits_logaddexp(y_true, z):
    y_true, z = same_shape(y_true, z)
    return np.mean(y_true * np.logaddexp(0, -z) + (1 - y_true) * np.logaddexp(0, z))


def logits_softplus_where(y_true, z):
    y_true, z = same_shape(y_true, z)
    t = np.exp(-np.abs(z))
    softplus_minus_z = np.where(z >= 0, np.log1p(t), -z + np.log1p(t))  # log(1 + e^{-z}), both branches safe
    return np.sum(softplus_minus_z + (1 - y_true) * z) / len(y_true)


def logits_two_softplus_terms(y_true, z):
    y_true, z = same_shape(y_true, z)
    tail = np.log1p(np.exp(-np.abs(z)))
    return float(np.mean(y_true * (np.maximum(-z, 0) + tail) + (1 - y_true) * (np.maximum(z, 0) + tail)))


def logits_via_sigmoid_clipped(y_true, z):
    y_true, z = same_shape(y_true, z)
    p = np.clip(nh.sigmoid(z), MACHINE_EPS, 1 - MACHINE_EPS)
    return -np.mean(y_true * np.log(p) + (1 - y_true) * np.log(1 - p))


def logits_naive_log_exp(y_true, z):
    y_true, z = same_shape(y_true, z)
    return np.mean(y_true * np.log(1 + np.exp(-z)) + (1 - y_true) * np.log(1 + np.exp(z)))


def logits_where_both_branches(y_true, z):
    y_true, z = same_shape(y_true, z)
    # right values, but np.where computes the overflowing branch too
    softplus_minus_z = np.where(z >= 0, np.log1p(np.exp(-z)), -z + np.log1p(np.exp(z)))
    return np.mean(softplus_minus_z + (1 - y_true) * z)


def logits_no_max(y_true, z):
    y_true, z = same_shape(y_true, z)
    return np.mean(-z * y_true + np.log1p(np.exp(-np.abs(z))))


def logits_broadcasts(y_true, z):
    return np.sum(np.maximum(z, 0) - z * y_true + np.log1p(np.exp(-np.abs(z)))) / len(y_true)


# ----------------------------------------------------------------------------- gradient_descent_1d

def descent_loop(grad, w0, learning_rate, n_steps):
    path = [w0]
    w = w0
    for _ in range(n_steps):
        w = w - learning_rate * grad(w)
        path.append(w)
    return path


def descent_array(grad, w0, learning_rate, n_steps):
    path = np.empty(n_steps + 1)
    path[0] = w0
    for step in range(n_steps):
        path[step + 1] = path[step] - learning_rate * grad(path[step])
    return path


def descent_while(grad, w0, learning_rate, n_steps):
    path = [w0]
    while len(path) <= n_steps:
        path.append(path[-1] - learning_rate * grad(path[-1]))
    return np.asarray(path, dtype=float)


def descent_without_w0(grad, w0, learning_rate, n_steps):
    path, w = [], w0
    for _ in range(n_steps):
        w = w - learning_rate * grad(w)
        path.append(w)
    return path


def descent_one_too_many(grad, w0, learning_rate, n_steps):
    return descent_loop(grad, w0, learning_rate, n_steps + 1)


def descent_last_only(grad, w0, learning_rate, n_steps):
    w = w0
    for _ in range(n_steps):
        w = w - learning_rate * grad(w)
    return w


def descent_stale_gradient(grad, w0, learning_rate, n_steps):
    g = grad(w0)  # computed once, outside the loop
    path, w = [w0], w0
    for _ in range(n_steps):
        w = w - learning_rate * g
        path.append(w)
    return path


CORRECT = {
    "mse": [("reshapes instead of refusing", reshaping_mse),
            ("a 0-d array (tip)", matched(lambda t, p: np.asarray(np.mean((p - t) ** 2))))],
    "binary_cross_entropy": [
        ("eps 1e-16, just above the rounding limit", matched(_bce(1e-16, 1 - 1e-16))),
        ("log1p", matched(lambda t, p: -np.mean(t * np.log(np.clip(p, MACHINE_EPS, 1 - MACHINE_EPS))
                                               + (1 - t) * np.log1p(-np.clip(p, MACHINE_EPS, 1 - MACHINE_EPS))))),
    ],
    "bernoulli_likelihood": [
        ("reference", nh.bernoulli_likelihood),
        ("powers", lambda y, p: np.prod(p ** y * (1 - p) ** (1 - y))),
        ("np.where", lambda y, p: float(np.prod(np.where(y == 1, p, 1 - p)))),
        ("python loop", likelihood_loop),
        ("exp of the log-likelihood", lambda y, p: math.exp(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))),
    ],
    "binary_cross_entropy_grad": [
        ("reference", nh.binary_cross_entropy_grad), ("machine eps", bce_grad_clipped(MACHINE_EPS)),
        ("eps 1e-7", bce_grad_clipped(1e-7)), ("eps 1e-15", bce_grad_clipped(1e-15)),
        ("two terms", bce_grad_two_terms), ("eps in the denominator", bce_grad_eps_in_denominator),
    ],
    "bce_with_logits": [
        ("reference", nh.bce_with_logits), ("max, then log1p", logits_reference_style),
        ("logaddexp", logits_logaddexp), ("softplus by np.where on exp(-|z|)", logits_softplus_where),
        ("two softplus terms", logits_two_softplus_terms),
    ],
    "gradient_descent_1d": [
        ("reference", nh.gradient_descent_1d), ("list", descent_loop), ("preallocated array", descent_array),
        ("while loop", descent_while),
    ],
}

MISTAKES = {
    "mse": [("no shape check", lambda t, p: np.mean((p - t) ** 2), "broadcast")],
    "binary_cross_entropy": [
        ("only the bottom clipped", matched(_bce(1e-15, 1.0)), "only the bottom is clipped"),
        ("only the top clipped", matched(_bce(0.0, 1 - 1e-15)), "only the top is clipped"),
        ("eps 1e-3", matched(_bce(1e-3, 1 - 1e-3)), "ε is too large"),
        ("eps 1e-20: 1 - eps == 1", matched(_bce(1e-20, 1 - 1e-20)), "1 − ε rounds to 1"),
        ("eps 1e-17: 1 - eps == 1", matched(_bce(1e-17, 1 - 1e-17)), "1 − ε rounds to 1"),
        ("no shape check", _bce(1e-15, 1 - 1e-15), "broadcast"),
    ],
    "categorical_cross_entropy": [
        ("no shape check", lambda t, p: -np.sum(t * np.log(np.clip(p, 1e-15, 1))) / len(t), "broadcast"),
    ],
    "one_hot": [
        ("np.eye, no label check", lambda y, k: np.eye(k)[y], "raise a ValueError"),
        ("only large labels checked", one_hot_checks_top_only, "silently"),
        ("assert instead of ValueError", one_hot_assert, "raised AssertionError"),
    ],
    "bernoulli_likelihood": [
        ("sum", lambda y, p: np.sum(np.where(y == 1, p, 1 - p)), "multiply"),
        ("mean", lambda y, p: np.mean(np.where(y == 1, p, 1 - p)), "mean of the factors"),
        ("log-likelihood", lambda y, p: np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)), "log of the likelihood"),
        ("negative log-likelihood", lambda y, p: -np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)),
         "negative log of the likelihood"),
        ("(1 - p) factor missing", lambda y, p: np.prod(p ** y), "(1 - p)^(1 - y)"),
        ("roles swapped", lambda y, p: np.prod(p ** (1 - y) * (1 - p) ** y), "swapped"),
    ],
    "binary_cross_entropy_grad": [
        ("no 1/n", lambda y, p: (p - y) / (p * (1 - p)), "times too large"),
        ("wrong sign", lambda y, p: (y - p) / (p * (1 - p)) / len(y), "wrong sign"),
        ("gradient with respect to z", lambda y, p: (p - y) / len(y), "with respect to z"),
        ("p - y", lambda y, p: p - y, "with respect to z times n"),
        ("(1 - y) term missing", lambda y, p: -y / p / len(y), "(1 - y) / (1 - p) term is missing"),
        ("(1 - y) term with the wrong sign", lambda y, p: (-y / p - (1 - y) / (1 - p)) / len(y),
         "term has the wrong sign"),
        ("MSE's gradient", lambda y, p: 2 * (p - y) / len(y), "gradient of MSE"),
        ("unclipped", bce_grad_unclipped, "how nan reaches the weights"),
        ("only the bottom clipped", bce_grad_bottom_only, "inf or nan where p is exactly 0 or 1"),
        ("eps 1e-20: 1 - eps == 1", bce_grad_clipped(1e-20), "1 − ε rounds to 1"),
        ("no shape check", bce_grad_broadcasts, "broadcast"),
    ],
    "bce_with_logits": [
        ("through a clipped sigmoid", logits_via_sigmoid_clipped, "clipped log"),
        ("log(1 + exp(-z)) overflows", logits_naive_log_exp, "overflows at z = -1000"),
        ("np.where, both branches", logits_where_both_branches, "never exponentiates a positive number"),
        ("max(z, 0) missing", logits_no_max, "max(z, 0) term is missing"),
        ("sign of z y", matched(lambda y, z: np.mean(np.maximum(z, 0) + z * y + np.log1p(np.exp(-np.abs(z))))),
         "sign of the z * y term"),
        ("labels flipped", matched(lambda y, z: np.mean(np.maximum(z, 0) - z * (1 - y)
                                                        + np.log1p(np.exp(-np.abs(z))))), "labels are flipped"),
        ("sum", matched(lambda y, z: np.sum(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z))))),
         "times too large"),
        ("swapped arguments", lambda y, z: nh.bce_with_logits(z, y), "swapped"),
        ("no shape check", logits_broadcasts, "broadcast"),
    ],
    "gradient_descent_1d": [
        ("uphill", lambda g, w0, lr, n: descent_loop(lambda w: -g(w), w0, lr, n), "uphill"),
        ("no learning rate", lambda g, w0, lr, n: descent_loop(g, w0, 1.0, n), "learning rate was ignored"),
        ("w0 left out", descent_without_w0, "leaves out the starting weight"),
        ("one step too many", descent_one_too_many, "one step too many"),
        ("last weight only", descent_last_only, "only one number"),
        ("gradient at w0 only", descent_stale_gradient, "taken at w0"),
    ],
}

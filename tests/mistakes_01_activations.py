"""Lesson 1's additions to the checker catalogue (merged into tests/learner_mistakes.py's tables).

``CORRECT[name]``: (id, fn) pairs check_<name> must accept; ``MISTAKES[name]``:
(id, fn, phrase) triples it must reject, printing ``phrase``.
"""

import numpy as np

import nn_helpers as nh


def sigmoid_textbook(z):
    return 1 / (1 + np.exp(-z))  # right values, but warns at z = -1000


def sigmoid_where_both_branches(z):
    # The answer to lesson 1's question 2: np.where evaluates both branches, so both overflow somewhere.
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))


def sigmoid_where_safe(z):
    z = np.asarray(z, dtype=float)
    t = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + t), t / (1 + t))


def tanh_from_learner_sigmoid(z):
    return 2 * sigmoid_where_safe(2 * z) - 1


def tanh_stable_exp(z):
    z = np.asarray(z, dtype=float)
    t = np.exp(-2 * np.abs(z))  # <= 1: never overflows
    return np.sign(z) * (1 - t) / (1 + t)


def tanh_doc_mentions_np_tanh(z):
    """Like np.tanh, but built from the sigmoid."""  # a docstring or comment naming np.tanh is fine
    return 2 * nh.sigmoid(2 * z) - 1


def softmax_axis1(z):
    exps = np.exp(z - z.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


def softmax_atleast_2d(z):
    rows = np.atleast_2d(np.asarray(z, dtype=float))
    exps = np.exp(rows - rows.max(axis=1, keepdims=True))
    return (exps / exps.sum(axis=1, keepdims=True)).reshape(np.shape(z))


def softmax_rows_to_2d(z):
    exps = np.exp(z - z.max(axis=-1, keepdims=True))
    return np.atleast_2d(exps / exps.sum(axis=-1, keepdims=True))  # a row comes back as (1, K)


from numpy import tanh as _aliased_tanh  # noqa: E402 - a learner's import, hidden behind another name

import numpy as _n  # noqa: E402


def tanh_aliased_import(z):
    return _aliased_tanh(z)  # `from numpy import tanh as th`: the text never says np.tanh


def tanh_module_alias(z):
    return _n.tanh(z)  # numpy under another name


def sigmoid_grad_off_by_a_little(z):
    return nh.sigmoid_grad(z) * (1 + 1e-4)  # 0.01 % off: the printed values look identical


CORRECT = {
    "sigmoid": [
        ("np.where on exp(-|z|)", sigmoid_where_safe),
        ("logaddexp", lambda z: np.exp(-np.logaddexp(0, -z))),
    ],
    "tanh": [
        ("2 sigmoid(2z) - 1 with the learner's sigmoid", tanh_from_learner_sigmoid),
        ("stable exp(-2|z|)", tanh_stable_exp),
        ("docstring names np.tanh", tanh_doc_mentions_np_tanh),
    ],
    "tanh_grad": [
        ("4 sigmoid'(2z)", lambda z: 4 * nh.sigmoid_grad(2 * z)),
        ("through the learner's tanh", lambda z: 1 - tanh_from_learner_sigmoid(z) ** 2),
    ],
    "softmax": [
        ("atleast_2d then reshape", softmax_atleast_2d),
    ],
}

MISTAKES = {
    "sigmoid": [
        ("textbook formula (warns)", sigmoid_textbook, "asks for no warning"),
        ("np.where, both branches overflow", sigmoid_where_both_branches, "computes A and B for every entry"),
    ],
    "tanh": [
        ("2 sigmoid(z) - 1", lambda z: 2 * nh.sigmoid(z) - 1, "tanh(z / 2)"),
        ("- 1 forgotten", lambda z: 2 * nh.sigmoid(2 * z), "without the - 1"),
        ("factor 2 forgotten", lambda z: nh.sigmoid(2 * z) - 1, "factor 2 in front"),
        ("sigmoid(2z)", lambda z: nh.sigmoid(2 * z), "stretch it"),
        ("sign inside", lambda z: 2 * nh.sigmoid(-2 * z) - 1, "wrong sign"),
        ("from numpy import tanh as th", tanh_aliased_import, "calls a library's tanh"),
        ("import numpy as n; n.tanh", tanh_module_alias, "calls a library's tanh"),
    ],
    "tanh_grad": [
        ("chain rule factor forgotten", lambda z: 2 * nh.sigmoid_grad(2 * z), "second factor 2"),
    ],
    "sigmoid_grad": [
        ("off by 0.01 %", sigmoid_grad_off_by_a_little, "largest relative error 1.0e-04"),
    ],
    "softmax": [
        ("axis=1 (fails on one row)", softmax_axis1, "axis=-1"),
        ("a row returned as (1, K)", softmax_rows_to_2d, "one row of shape (K,)"),
    ],
}

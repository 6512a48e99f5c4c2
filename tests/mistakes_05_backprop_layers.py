"""Lesson 5's catalogue: correct layers written several ways, and the mistakes learners make in them.

Merged into ``learner_mistakes.CORRECT`` / ``MISTAKES`` (see the end of that file); the ``backward``
entries stay there, next to their builder, with the two-layer-only solution moved to the mistakes here.
"""

import numpy as np

import nn_helpers as nh
from nn_helpers.checks.lesson05_backprop_layers import diagnose as _key


# --------------------------------------------------------------------------------------------------------------------
# dense_forward
# --------------------------------------------------------------------------------------------------------------------

def dense_forward_plain(A, W, b):
    return A @ W + b, (A, W)


def dense_forward_dot(A, W, b):
    Z = np.dot(A, W) + b.reshape(1, -1)
    return Z, [A, W]  # a list is a pair too


def dense_forward_einsum(A, W, b):
    return np.einsum("ik,kj->ij", A, W) + b, (A, W)


def dense_forward_no_bias(A, W, b):
    return A @ W, (A, W)


def dense_forward_transposed(A, W, b):
    return A @ W.T + b, (A, W)


def dense_forward_z_only(A, W, b):
    return A @ W + b


def dense_forward_swapped(A, W, b):
    return (A, W), A @ W + b


def dense_forward_cache_wa(A, W, b):
    return A @ W + b, (W, A)


def dense_forward_cache_z(A, W, b):
    Z = A @ W + b
    return Z, (Z, W)


def dense_forward_in_place(A, W, b):
    A += 0.0
    A *= 1.0
    A[0, 0] = 0.0  # writes into the caller's input
    return A @ W + b, (A, W)


# --------------------------------------------------------------------------------------------------------------------
# dense_backward
# --------------------------------------------------------------------------------------------------------------------

def dense_backward_builder(dW="right", db="sum", dA="right", order="dA dW db", in_place=False):
    def dense_backward(dZ, cache):
        A, W = cache
        m = A.shape[0]
        grads = {
            "dW": {"right": lambda: A.T @ dZ, "transposed": lambda: dZ.T @ A, "over m": lambda: A.T @ dZ / m,
                   "einsum": lambda: np.einsum("ik,ij->kj", A, dZ)}[dW](),
            "db": {"sum": lambda: dZ.sum(axis=0), "mean": lambda: dZ.mean(axis=0),
                   "keepdims": lambda: dZ.sum(axis=0, keepdims=True), "none": lambda: dZ.copy(),
                   "ones": lambda: np.ones(dZ.shape[0]) @ dZ}[db](),
            "dA": {"right": lambda: dZ @ W.T, "no transpose": lambda: dZ @ W,
                   "explicit": lambda: (W @ dZ.T).T}[dA](),
        }
        if in_place:
            dZ *= 1.0
            dZ[0] = 0.0
        return tuple(grads[name] for name in order.split())
    return dense_backward


# --------------------------------------------------------------------------------------------------------------------
# softmax_backward
# --------------------------------------------------------------------------------------------------------------------

def softmax_backward_loop(dP, P):
    """Row by row with the same formula, never a matrix: slow but right."""
    P2, dP2 = np.atleast_2d(P), np.atleast_2d(dP)
    out = np.empty_like(P2)
    for i in range(P2.shape[0]):
        out[i] = P2[i] * (dP2[i] - np.dot(dP2[i], P2[i]))
    return out.reshape(np.shape(P))


def softmax_backward_jacobian(dP, P):
    """Forms each row's K x K Jacobian: right values, the memory the exercise asks to avoid."""
    P2, dP2 = np.atleast_2d(P), np.atleast_2d(dP)
    rows = [(np.diag(p) - np.outer(p, p)) @ d for p, d in zip(P2, dP2)]
    return np.array(rows).reshape(np.shape(P))


def softmax_backward_batched_jacobian(dP, P):
    P2, dP2 = np.atleast_2d(P), np.atleast_2d(dP)
    jacobians = P2[:, :, None] * np.eye(P2.shape[1]) - P2[:, :, None] * P2[:, None, :]
    return np.einsum("nkj,nj->nk", jacobians, dP2).reshape(np.shape(P))


def softmax_backward_wrong_keepdims(dP, P):
    return P * (dP - (dP * P).sum(axis=-1))


# --------------------------------------------------------------------------------------------------------------------
# bug D's loss
# --------------------------------------------------------------------------------------------------------------------

def half_mse_sklearn(Y, P):
    from sklearn.metrics import mean_squared_error
    return 0.5 * mean_squared_error(Y, P)


def half_mse_plus_constant(Y, P):
    return 0.5 * np.mean((P - Y) ** 2) + 3.0  # a loss is defined up to a constant: same gradient


def bce(Y, P):
    return nh.binary_cross_entropy(Y, P)


# --------------------------------------------------------------------------------------------------------------------
# backward
# --------------------------------------------------------------------------------------------------------------------

def backward_two_layers(X, Y, params, cache, hidden_activation="relu"):
    """W1 and W2 written out: right for one hidden layer, breaks the any-depth contract."""
    m = X.shape[0]
    dZ2 = (cache["A2"] - Y) / m
    dZ1 = (dZ2 @ params["W2"].T) * nh.DERIVATIVES[hidden_activation](cache["Z1"])
    return {"dW1": X.T @ dZ1, "db1": dZ1.sum(axis=0), "dW2": cache["A1"].T @ dZ2, "db2": dZ2.sum(axis=0)}


def backward_from_layers(X, Y, params, cache, hidden_activation="relu"):
    """The lesson's way: a reversed loop over the layers' backward functions."""
    L = len(params) // 2
    grads = {}
    dZ = nh.output_loss_backward(cache[f"A{L}"], Y)
    for layer in range(L, 0, -1):
        dA, grads[f"dW{layer}"], grads[f"db{layer}"] = nh.dense_backward(dZ, (cache[f"A{layer - 1}"],
                                                                               params[f"W{layer}"]))
        if layer > 1:
            dZ = nh.activation_backward(dA, (cache[f"Z{layer - 1}"], hidden_activation))
    return grads


def backward_derivative_of_wrong_layer(X, Y, params, cache, hidden_activation="relu"):
    """g'(Z_l) where g'(Z_(l-1)) belongs: for the layer below the output, Z_L (m, 1) broadcasts silently."""
    L = len(params) // 2
    grads = {}
    dZ = (cache[f"A{L}"] - Y) / X.shape[0]
    for l in range(L, 0, -1):
        grads[f"dW{l}"] = cache[f"A{l - 1}"].T @ dZ
        grads[f"db{l}"] = dZ.sum(axis=0)
        if l > 1:
            dZ = (dZ @ params[f"W{l}"].T) * nh.DERIVATIVES[hidden_activation](cache[f"Z{l}"])
    return grads


def _in_a_notebook(source):
    """Run ``source`` in a namespace of its own, as a notebook's cells run in the kernel's; return that namespace.

    check_backward looks for the learner's own dense_backward / activation_backward next to their backward,
    in the namespace the function was defined in: these entries need one that holds a faulty or a correct layer.
    """
    namespace = {"np": np, "nh": nh, "activation_backward": nh.activation_backward}
    exec(compile(source, "<notebook>", "exec"), namespace)  # noqa: S102 - our own test code
    return namespace


_LESSON_BACKWARD = """
def backward(X, Y, params, cache, hidden_activation="relu"):
    L = len(params) // 2
    grads = {}
    dZ = (cache[f"A{L}"] - Y) / X.shape[0]
    for l in range(L, 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = dense_backward(dZ, (cache[f"A{l - 1}"], params[f"W{l}"]))
        if l > 1:
            dZ = activation_backward(dA, (cache[f"Z{l - 1}"], hidden_activation))
    return grads
"""

# The learner's own, correct dense_backward, called by the lesson's backward.
backward_with_own_dense = _in_a_notebook("""
def dense_backward(dZ, cache):
    A, W = cache
    return dZ @ W.T, A.T @ dZ, dZ.sum(axis=0)
""" + _LESSON_BACKWARD)["backward"]

# A dense_backward that divides by m (check_dense_backward fails it), and a backward that leaves the 1/m out of
# dZ_L: together exactly right - until dense_backward is fixed.
backward_compensating = _in_a_notebook("""
def dense_backward(dZ, cache):
    A, W = cache
    m = A.shape[0]
    return dZ @ W.T, A.T @ dZ / m, dZ.sum(axis=0) / m

def backward(X, Y, params, cache, hidden_activation="relu"):
    L = len(params) // 2
    grads = {}
    dZ = cache[f"A{L}"] - Y  # the 1/m is in dense_backward
    for l in range(L, 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = dense_backward(dZ, (cache[f"A{l - 1}"], params[f"W{l}"]))
        if l > 1:
            dZ = activation_backward(dA, (cache[f"Z{l - 1}"], hidden_activation))
    return grads
""")["backward"]

# A right backward calling the student version's stub of dense_backward.
backward_with_stub_dense = _in_a_notebook("""
def dense_backward(dZ, cache):
    raise NotImplementedError("Write your code for dense_backward here")
""" + _LESSON_BACKWARD)["backward"]

# A right backward calling a wrong dense_backward (db averaged): the gradients the lesson then uses are wrong.
backward_with_faulty_dense = _in_a_notebook("""
def dense_backward(dZ, cache):
    A, W = cache
    return dZ @ W.T, A.T @ dZ, dZ.mean(axis=0)
""" + _LESSON_BACKWARD)["backward"]


# --------------------------------------------------------------------------------------------------------------------
# the bug hunt
# --------------------------------------------------------------------------------------------------------------------

def diagnose_with(**changes):
    answers = {bug: _key(bug) for bug in ("bug_1", "bug_2", "bug_3", "bug_4", "bug_5")}
    answers.update(changes)
    return answers.__getitem__


def diagnose_descriptions(bug):
    from nn_helpers.checks.lesson05_backprop_layers import DIAGNOSES
    return DIAGNOSES[_key(bug)].upper()  # the description instead of the key, in any case


CORRECT = {
    "dense_forward": [
        ("reference", nh.dense_forward), ("plain", dense_forward_plain), ("np.dot, list cache", dense_forward_dot),
        ("einsum", dense_forward_einsum),
    ],
    "dense_backward": [
        ("reference", nh.dense_backward), ("builder", dense_backward_builder()),
        ("einsum dW", dense_backward_builder(dW="einsum")), ("ones @ dZ", dense_backward_builder(db="ones")),
        ("(W @ dZ.T).T", dense_backward_builder(dA="explicit")),
    ],
    "softmax_backward": [
        ("reference", nh.softmax_backward),
        ("axis=-1", lambda dP, P: P * dP - P * np.sum(P * dP, axis=-1, keepdims=True)),
        ("loop over rows", softmax_backward_loop),
        ("einsum row sums", lambda dP, P: P * (dP - np.einsum("...k,...k->...", dP, P)[..., None])),
    ],
    "bug_d_loss": [
        ("reference", nh.half_squared_error), ("the package's bug_d_loss", nh.bug_d_loss),
        ("numpy", lambda Y, P: np.mean((P - Y) ** 2) / 2),
        ("half nh.mse", lambda Y, P: 0.5 * nh.mse(Y, P)), ("sklearn", half_mse_sklearn),
        ("plus a constant", half_mse_plus_constant),
    ],
    "backward": [("from the layers", backward_from_layers),
                 ("the lesson's loop, with the learner's own correct dense_backward", backward_with_own_dense)],
    "bug_hunt": [
        ("the key", _key), ("a dict", {bug: _key(bug) for bug in ("bug_1", "bug_2", "bug_3", "bug_4", "bug_5")}),
        ("descriptions in capitals", diagnose_descriptions),
    ],
}

MISTAKES = {
    "dense_forward": [
        ("no bias", dense_forward_no_bias, "forgot the bias"),
        ("W transposed (square W)", dense_forward_transposed, "W transposed"),
        ("Z only", dense_forward_z_only, "returned Z alone"),
        ("(cache, Z)", dense_forward_swapped, "returned (cache, Z)"),
        ("cache (W, A)", dense_forward_cache_wa, "the cache is (W, A)"),
        ("cache holds Z", dense_forward_cache_z, "first entry should be the layer's input A"),
        ("changes A", dense_forward_in_place, "changed A"),
        ("cache (A, W, b)", lambda A, W, b: (A @ W + b, (A, W, b)), "got a tuple of 3 – dense_backward unpacks it"),
        ("returns Z, A, W", lambda A, W, b: (A @ W + b, A, W), "got a tuple of 3 – put A and W together"),
        ("minus b", lambda A, W, b: (A @ W - b, (A, W)), "subtracted the bias"),
    ],
    "dense_backward": [
        ("dW = dZ.T @ A", dense_backward_builder(dW="transposed"), "dW is transposed"),
        ("dW / m", dense_backward_builder(dW="over m"), "dW is m times too small"),
        ("db mean", dense_backward_builder(db="mean"), "db is m times too small"),
        ("db keepdims", dense_backward_builder(db="keepdims"), "without keepdims"),
        ("db not summed", dense_backward_builder(db="none"), "sum dZ over the samples"),
        ("dA = dZ @ W", dense_backward_builder(dA="no transpose"), "without transposing"),
        ("order dW db dA", dense_backward_builder(order="dW db dA"), "another order"),
        ("only dW, db", lambda dZ, cache: (cache[0].T @ dZ, dZ.sum(axis=0)), "three arrays"),
        ("changes dZ", dense_backward_builder(in_place=True), "changed dZ"),
        ("db over units", lambda dZ, c: (dZ @ c[1].T, c[0].T @ dZ, dZ.sum(axis=1)), "db summed over the units"),
    ],
    "softmax_backward": [
        ("P * dP", lambda dP, P: P * dP, "row-sum term is missing"),
        ("diagonal only", lambda dP, P: P * (1 - P) * dP, "diagonal of the Jacobian alone"),
        ("sum over samples", lambda dP, P: P * (dP - (dP * P).sum(axis=0, keepdims=True)), "over the samples"),
        ("sum over the batch", lambda dP, P: P * (dP - (dP * P).sum()), "whole batch"),
        ("sum without P", lambda dP, P: P * (dP - dP.sum(axis=-1, keepdims=True)), "weight dP by P"),
        ("no keepdims", softmax_backward_wrong_keepdims, "keepdims"),
        ("axis=1", lambda dP, P: P * (dP - (dP * P).sum(axis=1, keepdims=True)), "axis=-1"),
        ("sign", lambda dP, P: P * ((dP * P).sum(axis=-1, keepdims=True) - dP), "sign is flipped"),
        ("no P in front", lambda dP, P: dP - (dP * P).sum(axis=-1, keepdims=True), "P in front is missing"),
        ("Jacobian per row", softmax_backward_jacobian, "formed the 1000 x 1000 Jacobian"),
        ("batched Jacobian", softmax_backward_batched_jacobian, "Jacobian"),
    ],
    "bug_d_loss": [
        ("mse without 1/2", lambda Y, P: np.mean((P - Y) ** 2), "exactly twice bug D's: you are one constant factor"),
        ("sum of halves", lambda Y, P: 0.5 * np.sum((P - Y) ** 2), "a sum over the samples"),
        ("cross-entropy", bce, "that is cross-entropy"),
        ("absolute error", lambda Y, P: np.mean(np.abs(P - Y)), "absolute error"),
    ],
    "bug_hunt": [
        # The first failure names the wrong bugs and how to read the table; hints need a second wrong attempt
        # (tests/test_layers.py tests that order).  These phrases appear on every attempt.
        ("bug_1 called a sign error", diagnose_with(bug_1="sign"), "not right: bug_1 ('sign')"),
        ("bug_2 called no 1/m", diagnose_with(bug_2="no 1/m"), "not right: bug_2 ('no 1/m')"),
        ("bug_3 called a bug", diagnose_with(bug_3="no derivative"), "not right: bug_3"),
        ("bug_4 called through dW", diagnose_with(bug_4="through dW"), "not right: bug_4"),
        ("bug_5 called no derivative", diagnose_with(bug_5="no derivative"), "not right: bug_5 ('no derivative')"),
        ("'correct' for every bug", lambda bug: "correct", "1 of 5 diagnoses are right"),
        ("not a diagnosis", diagnose_with(bug_2="1/m"), "not one of the listed diagnoses"),
        ("a dict missing bugs", {"bug_1": "sign"}, "no diagnosis for bug_2"),
        ("two wrong", diagnose_with(bug_1="sign", bug_4="sign"), "3 of 5 diagnoses are right"),
    ],
    "backward": [
        ("two layers only", backward_two_layers, "any number of layers"),
        ("no hidden_activation argument", lambda X, Y, params, cache: nh.backward(X, Y, params, cache),
         "fifth argument"),
        ("2 (P - Y) / m", lambda X, Y, p, c, h="relu": {k: 2 * v for k, v in nh.backward(X, Y, p, c, h).items()},
         "exactly 2 times too large"),
        ("derivative at Z_l instead of Z_(l-1)", backward_derivative_of_wrong_layer,
         "the derivative of the wrong layer's Z"),
        ("no 1/m, made up for by a dense_backward that divides by m", backward_compensating,
         "right only together with your dense_backward"),
        ("no 1/m, made up for: the diagnosis with correct layers", backward_compensating, "m times too large"),
        ("right, but calls a dense_backward still a stub", backward_with_stub_dense,
         "calls your dense_backward, which is not implemented yet"),
        ("right, but calls a dense_backward that averages db", backward_with_faulty_dense,
         "it calls your dense_backward, and with them the gradients are wrong"),
    ],
}

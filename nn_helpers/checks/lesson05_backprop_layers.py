"""Checkers of Lesson 5, backpropagation through layers: the layers (dense_forward, dense_backward,
softmax_backward), backward as a loop over them, bug D's loss, and the bug hunt (its five mystery backward
passes live here too, so the notebook does not show their code)."""

import contextlib

import numpy as np

from ..activations import DERIVATIVES, relu_grad, sigmoid, sigmoid_grad, softmax, tanh_grad
from ..layers import activation_backward as _reference_activation_backward
from ..layers import dense_backward as _reference_dense_backward
from ..layers import softmax_backward
from ..losses import one_hot
from ..network import backward, forward, init_params
from ._harness import (DEFAULT_TIMEOUT, _XOR, _Finding, _all_close, _close, _difference, _expect_keys, _fmt,
                       _param_names, _print_lines, _random_network, _run_checker)


def _backward_variant(X, Y, params, cache, hidden="relu", scale=1.0, through_grads=False, output_derivative=False,
                      hidden_derivative="Z", db="sum"):
    """Our backward pass with one deliberate mistake, for naming the learner's."""
    derivatives = {"relu": relu_grad, "tanh": tanh_grad, "sigmoid": sigmoid_grad}
    L = len(params) // 2
    P = cache[f"A{L}"]
    m = X.shape[0]
    dZ = (P - Y) / m
    if output_derivative:
        dZ = dZ * P * (1 - P)
    grads = {}
    for layer in range(L, 0, -1):
        grads[f"dW{layer}"] = cache[f"A{layer - 1}"].T @ dZ
        grads[f"db{layer}"] = dZ.sum(axis=0) if db == "sum" else dZ.mean(axis=0)
        if layer > 1:
            through = grads[f"dW{layer}"] if through_grads else params[f"W{layer}"]
            dA = dZ @ through.T
            if hidden_derivative == "Z":
                dZ = dA * derivatives[hidden](cache[f"Z{layer - 1}"])
            elif hidden_derivative == "next":  # the layer the error comes from, not the one it enters
                dZ = dA * derivatives[hidden](cache[f"Z{layer}"])
            elif hidden_derivative == "A":
                dZ = dA * derivatives[hidden](cache[f"A{layer - 1}"])
            else:
                dZ = dA
    return {name: scale * value for name, value in grads.items()}



# What each case tests, for the message when it is the first that fails: the exercise's contract.
_CONTRACT = {
    "two-layer": "",
    "softmax": "backward must also handle a softmax output with several classes (the output error is (P - Y) / m "
               "there too)",
    "deep": "backward must work for any number of layers – a reversed loop over the layers, not W1 and W2 "
            "written out",
}


def _backward_cases(seed=20):
    """(X, Y, params, description, kind): two-layer networks, a 3-class softmax output, two and three hidden layers.

    The seeds were picked so that every hidden unit is active for some samples:
    then a mistake in any layer changes the answer.
    """
    _, params_xor = _random_network([2, 3, 1], 25, 4)
    networks = [
        (_XOR, params_xor, "XOR inputs (4, 2) through a [2, 3, 1] network", "two-layer"),
        (*_random_network([3, 5, 1], 2, 1), "one sample (1, 3) through a [3, 5, 1] network", "two-layer"),
        (*_random_network([3, 5, 1], 3, 12), "random X (12, 3) through a [3, 5, 1] network", "two-layer"),
        (*_random_network([4, 6, 3], 4, 10), "random X (10, 4) through a [4, 6, 3] network (3 classes, softmax)",
         "softmax"),
        (*_random_network([3, 4, 5, 1], 10, 7), "random X (7, 3) through a [3, 4, 5, 1] network (two hidden layers)",
         "deep"),
        (*_random_network([4, 4, 4, 4, 2], 11, 9),
         "random X (9, 4) through a [4, 4, 4, 4, 2] network (three hidden layers, softmax)", "deep"),
    ]
    rng = np.random.default_rng(seed)
    cases = []
    for X, params, case, kind in networks:
        n_out = params[f"W{len(params) // 2}"].shape[1]
        if n_out == 1:
            Y = np.array([[0.0], [1.0], [1.0], [0.0]]) if X is _XOR else rng.integers(0, 2, (X.shape[0], 1)) * 1.0
        else:
            Y = one_hot(rng.integers(0, n_out, X.shape[0]), n_out)
        cases.append((X, Y, params, case, kind))
    return cases


def _compare_grads(check, got, expected, variants, label, L, m):
    """Compare the learner's grads with ours; name the known mistake that fits."""
    names = [f"d{name}" for name in _param_names(L)]
    if isinstance(got, (tuple, list)):
        raise _Finding(f"backward should return a dict {{'dW1': ..., 'db1': ..., ...}}; got a {type(got).__name__}.")
    if isinstance(got, dict) and all(name[1:] in got for name in names) and not any(name in got for name in names):
        raise _Finding(f"the grads keys should start with d: {', '.join(names)} (got {', '.join(map(str, got))}).")
    _expect_keys(got, names, "the grads dict")
    arrays = {}
    for name in names:
        value = check.number_array(got[name], name)
        shape = expected[name].shape
        if value.shape != shape:
            if name.startswith("db") and value.shape == (1,) + shape:
                raise _Finding(f"{name} has shape {value.shape} but must match {name[1:]}'s shape {shape}: sum without "
                               "keepdims=True (a (1, n) gradient would turn the bias into a 2-D array).", f"case: {label}")
            if name.startswith("db") and value.shape == (m,) + shape:
                raise _Finding(f"{name} has shape {value.shape}: sum dZ over the samples, dZ.sum(axis=0), to get "
                               f"{name[1:]}'s shape {shape}.", f"case: {label}")
            if name.startswith("dW") and value.shape == shape[::-1]:
                raise _Finding(f"{name} has shape {value.shape} but must match {name[1:]}'s shape {shape}: "
                               f"compute A{int(name[2:]) - 1}.T @ dZ{name[2:]}.", f"case: {label}")
            raise _Finding(f"{name} has shape {value.shape}, expected {shape} (the shape of {name[1:]}).",
                           f"case: {label}")
        arrays[name] = value
    wrong = [name for name in names if not _all_close(arrays[name], expected[name])]
    if not wrong:
        return
    first = wrong[0]
    details = [f"case: {label}", f"wrong: {', '.join(wrong)}; right: {', '.join(n for n in names if n not in wrong) or 'none'}",
               f"{first}: " + _difference(arrays[first], expected[first], _close(arrays[first], expected[first])),
               check.warning_detail()]
    for message, compute in variants:
        try:
            with np.errstate(all="ignore"):
                variant = compute()
        except Exception:  # noqa: BLE001 - a mistake that cannot happen for this network does not match
            continue
        if all(_all_close(arrays[name], variant[name], equal_nan=True) for name in names) and not all(
                _all_close(variant[name], expected[name]) for name in names):
            raise _Finding(message, *details)
    last_layer = {f"dW{L}", f"db{L}"}
    if set(wrong) <= {f"db{layer}" for layer in range(1, L + 1)}:
        raise _Finding("the dW are right but the db are wrong: db = dZ.sum(axis=0), the sum of dZ over the samples.",
                       *details)
    if not set(wrong) & last_layer:
        raise _Finding(f"{', '.join(wrong)} wrong but dW{L}, db{L} right: the error going back into the hidden layer "
                       f"is off – dZ{L - 1} = (dZ{L} @ W{L}.T) * g'(Z{L - 1}).", *details)
    raise _Finding(f"the gradients of the output layer are wrong: start from dZ{L} = (P - Y) / m, then "
                   f"dW{L} = A{L - 1}.T @ dZ{L} and db{L} = dZ{L}.sum(axis=0).", *details)


_LAYER_REFERENCES = {"dense_backward": _reference_dense_backward, "activation_backward": _reference_activation_backward}


def _learner_layers(fn):
    """The layer functions the learner's backward would call from its own namespace, where they are not ours."""
    namespace = getattr(fn, "__globals__", None)
    if not isinstance(namespace, dict):
        return {}
    return {name: namespace[name] for name, ours in _LAYER_REFERENCES.items()
            if callable(namespace.get(name)) and namespace[name] is not ours}


@contextlib.contextmanager
def _reference_layers(fn, own_layers):
    """Put our dense_backward and activation_backward in place of the learner's while backward is tested."""
    namespace = fn.__globals__ if own_layers else {}
    try:
        for name in own_layers:
            namespace[name] = _LAYER_REFERENCES[name]
        yield
    finally:
        for name, theirs in own_layers.items():
            namespace[name] = theirs


def _passes_with_own_layers(check, all_cases):
    try:
        all_cases(check)
    except _Finding:
        return False
    return True


def check_backward(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``backward(X, Y, params, cache)`` -> grads, with the cache made by ``nn_helpers.forward``.

    The contract: any number of layers, a sigmoid or a softmax output, and
    every hidden activation (hidden_activation is the fifth argument; relu,
    tanh and sigmoid are tested).  Runs two-layer networks on XOR, one sample
    and random data, a 3-class softmax network, and networks with two and
    three hidden layers; a function that breaks the contract fails with a
    message naming it (a two-layer-only backward fails).  Knows:
    gradients m times too large or too small, the wrong sign (Y - P), the error
    propagated through dW2 instead of W2, the sigmoid derivative multiplied in
    again, the hidden derivative forgotten, applied to A or taken at the wrong layer's Z, db averaged, db
    with keepdims, transposed dW, wrong key names, and changing the cache in
    place (the ReLU derivative written into Z1).  db must have shape (n_out,).
    If the learner's namespace holds their own dense_backward or
    activation_backward, backward is tested first with ours in their place
    (so a 1/m moved from backward into dense_backward is caught: "right only
    together with your dense_backward"), then with theirs.
    """
    def run_case(check, X, Y, params, case, hidden):
        _, cache = forward(X, params, hidden or "relu")
        args = (X, Y, params, cache) if hidden is None else (X, Y, params, cache, hidden)
        label = case if hidden is None else f"{case}, hidden_activation = {hidden!r}"

        def mutation(name):
            if name.startswith("cache['Z"):
                return (f"backward changed {name} in place (e.g. writing the ReLU derivative into Z): compute a new "
                        f"array instead, e.g. (Z > 0) * dA – forward's cache must stay as it was.")
            return f"backward changed {name}, which you passed in: compute new arrays instead of writing into inputs."

        try:
            got = check.call(args, label, ("X", "Y", "params", "cache", "hidden_activation"), mutation=mutation)
        except _Finding as finding:
            if finding.headline.startswith("backward raised KeyError"):
                raise _Finding(finding.headline, *finding.details,
                               f"The cache from forward holds {', '.join(sorted(cache))}; params holds "
                               f"{', '.join(params)}; Y is passed separately.") from None
            raise
        act = hidden or "relu"
        L = len(params) // 2
        m = X.shape[0]
        expected = backward(X, Y, params, cache, act)
        base = {"hidden": act}
        variants = [
            (f"your gradients are exactly m times too large (m = {m} samples): divide by the number of samples, "
             "dZ = (P - Y) / m, because the loss is a mean.", lambda: _backward_variant(X, Y, params, cache, scale=m, **base)),
            ("your gradients are exactly 2 times too large: the output error is (P - Y) / m, without the 2 of "
             "the squared error's derivative – cross-entropy's derivative has none.",
             lambda: _backward_variant(X, Y, params, cache, scale=2, **base)),
            (f"your gradients are exactly m times too small (m = {m}): did you divide by m twice?",
             lambda: _backward_variant(X, Y, params, cache, scale=1 / m, **base)),
            ("gradients have the wrong sign: use P - Y (not Y - P); gradient descent then subtracts them.",
             lambda: _backward_variant(X, Y, params, cache, scale=-1, **base)),
            (f"dW1 is wrong but dW{L} is right: propagate the error through W{L}, not dW{L}.",
             lambda: _backward_variant(X, Y, params, cache, through_grads=True, **base)),
            ("you multiplied by the sigmoid derivative again: with BCE the output error is simply P - Y "
             "(the sigmoid's derivative cancels).",
             lambda: _backward_variant(X, Y, params, cache, output_derivative=True, **base)),
            (f"you forgot the derivative of the hidden activation: dZ1 = (dZ2 @ W2.T) * {act}_grad(Z1).",
             lambda: _backward_variant(X, Y, params, cache, hidden_derivative="none", **base)),
            (f"you applied the derivative to A1 instead of Z1: use {act}_grad(Z1) (or write it in terms of A1, "
             "e.g. 1 - A1**2 for tanh).", lambda: _backward_variant(X, Y, params, cache, hidden_derivative="A", **base)),
            (f"you took the derivative of the wrong layer's Z: the error entering layer l - 1 needs g'(Z{{l-1}}), "
             f"the pre-activation of that layer, not g'(Z{{l}}) of the layer it comes from – dZ1 = (dZ2 @ W2.T) * "
             f"{act}_grad(Z1). (Z{L} has shape (m, 1) here, so numpy broadcasts it without a word.)"
             if params[f"W{L}"].shape[1] == 1 else
             f"you took the derivative of the wrong layer's Z: the error entering layer l - 1 needs g'(Z{{l-1}}), "
             f"not g'(Z{{l}}) – dZ1 = (dZ2 @ W2.T) * {act}_grad(Z1).",
             lambda: _backward_variant(X, Y, params, cache, hidden_derivative="next", **base)),
        ] + [
            (f"you used the derivative of {other} for a {act} hidden layer: use {act}_grad(Z1).",
             lambda other=other: _backward_variant(X, Y, params, cache, hidden=other))
            for other in ("relu", "tanh", "sigmoid") if other != act
        ] + [
            (f"db is m times too small (m = {m}): dZ already includes 1/m, so sum it over the samples "
             "(dZ.sum(axis=0)) instead of taking the mean.",
             lambda: _backward_variant(X, Y, params, cache, db="mean", **base)),
        ]
        _compare_grads(check, got, expected, variants, label, L, m)

    own_layers = _learner_layers(fn)

    def all_cases(check):
        for X, Y, params, case, kind in _backward_cases():
            for hidden in (None, "tanh", "sigmoid"):
                try:
                    run_case(check, X, Y, params, case, hidden)
                except _Finding as finding:
                    if not _CONTRACT[kind] or "not implemented yet" in finding.headline or \
                            "did not finish" in finding.headline:
                        raise
                    raise _Finding(f"{_CONTRACT[kind]}: {finding.headline}", *finding.details) from None

    def body(check):
        if check.accepts(4) and not check.accepts(5):
            raise _Finding("backward must take hidden_activation as its fifth argument: "
                           "`def backward(X, Y, params, cache, hidden_activation=\"relu\"):` – every hidden "
                           "activation forward accepts (relu, tanh, sigmoid) has its own derivative.")
        # backward is tested on its own: with the reference layers in place of the learner's dense_backward and
        # activation_backward, so that a mistake in a layer cannot be made up for in backward (a dense_backward
        # that divides by m, and a backward that leaves the 1/m out of dZ_L, give right gradients together).
        try:
            with _reference_layers(fn, own_layers):
                all_cases(check)
        except _Finding as finding:
            if own_layers and "not implemented yet" not in finding.headline:
                compensated = _passes_with_own_layers(check, all_cases)
                if compensated:
                    names = " and ".join(own_layers)
                    raise _Finding(f"your backward is right only together with your {names}: one makes up for a "
                                   f"mistake in the other (e.g. a dense_backward that divides by m, and a backward "
                                   f"that starts from P - Y without the 1/m). Each piece must be right on its own: "
                                   f"dense_backward adds no 1/m (check_dense_backward), and backward starts from "
                                   f"dZ_L = (P - Y) / m. With correct layers your backward says:",
                                   finding.headline, *finding.details) from None
            raise
        # Then with the learner's own layers, which the lesson's later cells use together with backward.
        if own_layers:
            try:
                all_cases(check)
            except _Finding as finding:
                names = " and ".join(own_layers)
                if "not implemented yet" in finding.headline:
                    raise _Finding(f"your backward is right with correct layers, but it calls your {names}, which "
                                   f"is not implemented yet: write it, or carry on with the reference "
                                   f"(`from nn_helpers import {', '.join(own_layers)}`).") from None
                raise _Finding(f"your backward is right with correct layers, but it calls your {names}, and with "
                               f"them the gradients are wrong: fix {names} first (its checker names the mistake).",
                               finding.headline, *finding.details) from None

    return _run_checker("backward", fn, "backward(X, Y, params, cache)", "backward", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# Layers: dense_forward, dense_backward, softmax_backward
# --------------------------------------------------------------------------------------------------------------------

def _dense_cases():
    """(A, W, b, dZ, description): a square W first (where a transpose keeps the shape, so the mistake can be
    named), a wide layer, one sample, one output unit."""
    rng = np.random.default_rng(5)
    cases = []
    for n, n_in, n_out, case in ((4, 3, 3, "a square W: A (4, 3), W (3, 3), b (3,)"),
                                 (6, 3, 4, "A (6, 3), W (3, 4), b (4,)"),
                                 (1, 5, 2, "one sample: A (1, 5), W (5, 2), b (2,)"),
                                 (12, 4, 1, "one output unit: A (12, 4), W (4, 1), b (1,)")):
        A = np.round(rng.normal(0, 1, (n, n_in)), 3)
        W = np.round(rng.normal(0, 1, (n_in, n_out)), 3)
        b = np.round(rng.normal(0, 1, n_out), 3)
        dZ = np.round(rng.normal(0, 1, (n, n_out)), 3) / n  # an upstream gradient, with its 1/m inside
        cases.append((A, W, b, dZ, case))
    return cases


def _is_sequence(value):
    return isinstance(value, (tuple, list))


def _kind_of(value):
    """'a tuple of 3', 'a list of 1', or the type and value of anything else - for messages."""
    if _is_sequence(value):
        return f"a {type(value).__name__} of {len(value)}"
    return f"{type(value).__name__} {_fmt(value)}".rstrip()


def _same(got, want):
    return isinstance(got, np.ndarray) and got.shape == want.shape and np.array_equal(got, want)


def check_dense_forward(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``dense_forward(A, W, b)`` -> ``(Z, cache)`` with Z = A @ W + b and cache = (A, W).

    Tries a wide layer, one sample, a square W and a single output unit.
    Knows: a forgotten bias, A @ W.T or W.T @ A.T (for a square W the shape
    does not tell), Z returned alone, (cache, Z) the wrong way round, a cache
    without A or W or in the other order, changing A in place.
    """
    def body(check):
        for A, W, b, _, case in _dense_cases():
            result = check.call((A, W, b), case, ("A", "W", "b"))
            if isinstance(result, np.ndarray):
                raise _Finding("dense_forward returned Z alone: return the cache too, `return Z, (A, W)` – "
                               "dense_backward needs A and W.")
            if not isinstance(result, (tuple, list)) or len(result) != 2:
                raise _Finding(f"dense_forward should return two things, Z and the cache (`return Z, (A, W)`); "
                               f"got {_kind_of(result)}" + (" – put A and W together in one tuple, the cache."
                                                            if _is_sequence(result) and len(result) == 3 else "."))
            Z, cache = result
            if isinstance(Z, (tuple, list)) and not isinstance(cache, (tuple, list)):
                raise _Finding("dense_forward returned (cache, Z): return Z first, then the cache – "
                               "`return Z, (A, W)`.")
            expected = A @ W + b
            mistakes = [
                ("forgot the bias: Z = A @ W + b.", lambda: A @ W),
                ("used W transposed: with W of shape (n_in, n_out), Z = A @ W + b (for a square W the shape "
                 "cannot tell you).", lambda: A @ W.T + b),
                ("subtracted the bias: Z = A @ W + b.", lambda: A @ W - b),
            ]
            check.expect(Z, expected, case, what="Z", mistakes=mistakes,
                         shape_mistakes=[(f"Z has shape (n_out, n_samples): samples are rows, Z = A @ W + b has "
                                          f"shape {expected.shape}.", lambda shape: shape == expected.shape[::-1])])
            if not isinstance(cache, (tuple, list)) or len(cache) != 2:
                raise _Finding(f"the cache should be the pair (A, W) that dense_backward needs; got "
                               f"{_kind_of(cache)}" + (" – dense_backward unpacks it as A, W = cache, so keep "
                                                       "exactly those two (b is not needed: db comes from dZ alone)."
                                                       if _is_sequence(cache) and len(cache) == 3 else "."))
            first, second = cache
            if _same(first, W) and _same(second, A) and not _same(first, A):
                raise _Finding("the cache is (W, A): the course's dense_backward reads it as A, W = cache – "
                               "return (A, W).")
            if not _same(first, A):
                raise _Finding("the cache's first entry should be the layer's input A (dW = A.T @ dZ needs it).",
                               f"case: {case}")
            if not _same(second, W):
                raise _Finding("the cache's second entry should be the weights W (dA = dZ @ W.T needs them).",
                               f"case: {case}")

    return _run_checker("dense_forward", fn, "dense_forward(A, W, b)", "dense_forward", timeout, body)


def check_dense_backward(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``dense_backward(dZ, cache)`` -> ``(dA, dW, db)`` for Z = A @ W + b, cache = (A, W).

    Tries a wide layer, one sample, a square W and a single output unit.
    Knows: dW = dZ.T @ A (transposed), dW or db divided by m again, db
    averaged, db with keepdims or not summed, dA = dZ @ W (W not transposed -
    only a square W keeps the shape), the three returned in another order,
    changing dZ in place.
    """
    def body(check):
        for A, W, b, dZ, case in _dense_cases():
            m = A.shape[0]
            result = check.call((dZ, (A, W)), case, ("dZ", "cache"),
                                mutation=lambda name: f"dense_backward changed {name}, which you passed in: compute "
                                                      "new arrays instead of writing into your inputs.")
            if not isinstance(result, (tuple, list)) or len(result) != 3:
                raise _Finding(f"dense_backward should return three arrays, `return dA, dW, db`; got "
                               f"{type(result).__name__}" + (f" of length {len(result)}"
                                                             if isinstance(result, (tuple, list)) else "") + ".")
            shapes = [np.shape(part) for part in result]
            wanted = [A.shape, W.shape, b.shape]
            if sorted(map(str, shapes)) == sorted(map(str, wanted)) and shapes != wanted and len(set(map(str, wanted))) == 3:
                raise _Finding(f"dense_backward returned its gradients in another order (shapes {shapes}): "
                               "return dA, dW, db – the input's gradient first, as in CS231n's layers.")
            dA, dW, db = result
            dA_true, dW_true, db_true = dZ @ W.T, A.T @ dZ, dZ.sum(axis=0)
            check.expect(dW, dW_true, case, what="dW", mistakes=[
                (f"dW is m times too small (m = {m}): dZ already holds the 1/m of the mean loss – dW = A.T @ dZ, "
                 "no second division.", lambda: A.T @ dZ / m),
                (f"dW is m times too large (m = {m}): dW = A.T @ dZ.", lambda: A.T @ dZ * m),
                ("dW is transposed: dW has W's shape (n_in, n_out) = A.T @ dZ (for a square W the shape cannot "
                 "tell you).", lambda: (dZ.T @ A)),
            ], shape_mistakes=[
                (f"dW has shape {W.shape[::-1]} but must have W's shape {W.shape}: dW[k, j] = sum_i A[i, k] dZ[i, j], "
                 "that is A.T @ dZ (not dZ.T @ A).", lambda shape: shape == W.shape[::-1])])
            check.expect(db, db_true, case, what="db", mistakes=[
                (f"db is m times too small (m = {m}): dZ already includes 1/m, so sum it over the samples "
                 "(dZ.sum(axis=0)) instead of taking the mean.", lambda: dZ.mean(axis=0)),
                ("db summed over the units instead of the samples: db[j] = sum_i dZ[i, j], dZ.sum(axis=0).",
                 lambda: dZ.sum(axis=1)),
            ], shape_mistakes=[
                (f"db has shape (1, {b.size}) but must match b's shape ({b.size},): sum without keepdims=True.",
                 lambda shape: shape == (1, b.size)),
                (f"db has dZ's shape {dZ.shape}: every sample uses the same b, so sum dZ over the samples, "
                 "dZ.sum(axis=0).", lambda shape: shape == dZ.shape),
                ("db summed over the units instead of the samples: db[j] = sum_i dZ[i, j], dZ.sum(axis=0).",
                 lambda shape: shape == (m,)),
            ])
            check.expect(dA, dA_true, case, what="dA", mistakes=[
                ("dA used W without transposing it: dA[i, k] = sum_j dZ[i, j] W[k, j], that is dZ @ W.T "
                 "(for a square W the shape cannot tell you).", lambda: dZ @ W),
                (f"dA is m times too small (m = {m}): dA = dZ @ W.T, no second 1/m.", lambda: dZ @ W.T / m),
                ("dA = dZ @ W.T has nothing to do with the bias: drop the + b.", lambda: dZ @ W.T + b.sum()),
            ], shape_mistakes=[
                (f"dA has shape {A.shape[::-1]}: it must have A's shape {A.shape}, dZ @ W.T.",
                 lambda shape: shape == A.shape[::-1])])

    return _run_checker("dense_backward", fn, "dense_backward(dZ, cache)", "dense_backward", timeout, body)


def _softmax_cases():
    rng = np.random.default_rng(8)
    cases = []
    for shape, case in (((3, 4), "dP, P of shape (3, 4)"), ((4,), "one sample: dP, P of shape (4,)"),
                        ((4, 4), "a square batch: dP, P of shape (4, 4)"), ((5, 2), "two classes: shape (5, 2)"),
                        ((1, 6), "one row kept 2-D: shape (1, 6)")):
        P = softmax(rng.normal(0, 1.5, shape))
        dP = np.round(rng.normal(0, 1, shape), 3)
        cases.append((dP, P, case))
    return cases


def check_softmax_backward(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``softmax_backward(dP, P)`` -> dZ = P * (dP - sum_j dP_j P_j), row by row, for (n, K) or (K,).

    Tries batches, one row (K,), a square batch, two classes, and a wide
    row of K = 1000 classes on which the K x K Jacobian would take 8 MB per row
    (the exercise asks for the product without it: memory is measured).  Knows:
    the row-sum term missing (only the diagonal P * dP), the diagonal of the
    Jacobian alone (P (1 - P) dP), the sum over the samples (axis 0) or the
    whole batch, the row sum without P inside, a missing keepdims, axis=1 (fails
    for one row), the wrong sign, changing dP in place.
    """
    def body(check):
        for dP, P, case in _softmax_cases():
            try:
                got = check.call((dP, P), case, ("dP", "P"),
                                 mutation=lambda name: f"softmax_backward changed {name}, which you passed in: "
                                                       "compute a new array.")
            except _Finding as finding:
                text = " ".join([finding.headline, *finding.details])
                if P.ndim == 1 and ("AxisError" in text or "out of bounds" in text or "too many indices" in text):
                    raise _Finding("softmax_backward fails for one sample of shape (K,): sum over the last axis, "
                                   "axis=-1 with keepdims=True, so one row and a batch both work.", finding.headline) \
                        from None
                if "broadcast" in text:
                    raise _Finding(finding.headline, "The row sums must keep a column shape (n, 1): use "
                                   ".sum(axis=-1, keepdims=True).") from None
                raise
            expected = softmax_backward(dP, P)
            row = lambda value: value.sum(axis=-1, keepdims=True)  # noqa: E731
            mistakes = [
                ("the row-sum term is missing: dZ_k = P_k (dP_k - sum_j dP_j P_j); P * dP is only the diagonal "
                 "of the Jacobian (each z_k moves every p_j).", lambda: P * dP),
                ("that is the diagonal of the Jacobian alone, P (1 - P) dP – the sigmoid's rule. Softmax couples "
                 "the classes: dZ_k = P_k (dP_k - sum_j dP_j P_j).", lambda: P * (1 - P) * dP),
                ("the sum runs over the samples (axis 0): each sample's softmax is separate, so sum over its own "
                 "classes, (dP * P).sum(axis=-1, keepdims=True).",
                 lambda: P * (dP - (dP * P).sum(axis=0, keepdims=True))),
                ("the sum runs over the whole batch: sum each row on its own, (dP * P).sum(axis=-1, keepdims=True).",
                 lambda: P * (dP - (dP * P).sum())),
                ("the row sum must weight dP by P: sum_j dP_j P_j, (dP * P).sum(axis=-1, keepdims=True).",
                 lambda: P * (dP - row(dP))),
                ("without keepdims=True the row sums of shape (n,) line up with the columns, not the rows: "
                 "use (dP * P).sum(axis=-1, keepdims=True).", lambda: P * (dP - (dP * P).sum(axis=-1))),
                ("the sign is flipped: dZ = P * (dP - sum_j dP_j P_j).", lambda: -expected),
                ("the P in front is missing: dZ = P * (dP - sum_j dP_j P_j).", lambda: dP - row(dP * P)),
            ]
            check.expect(got, expected, case, what="dZ", mistakes=mistakes)
        _check_no_jacobian(check)

    return _run_checker("softmax_backward", fn, "softmax_backward(dP, P)", "softmax_backward", timeout, body)


def _check_no_jacobian(check, K=1000, n=3):
    """A wide softmax: the right values with a peak memory of a K x K matrix mean the Jacobian was formed."""
    import tracemalloc

    rng = np.random.default_rng(9)
    P = softmax(rng.normal(0, 1, (n, K)))
    dP = rng.normal(0, 1, (n, K))
    case = f"a wide batch: dP, P of shape ({n}, {K})"
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base = tracemalloc.get_traced_memory()[0]
        got = check.call((dP, P), case, ("dP", "P"))
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        if started:
            tracemalloc.stop()
    check.expect(got, softmax_backward(dP, P), case, what="dZ")
    jacobian_bytes = K * K * 8
    if peak >= jacobian_bytes / 2:
        raise _Finding(f"softmax_backward formed the {K} x {K} Jacobian (it used {peak / 1e6:.0f} MB for a "
                       f"({n}, {K}) batch): the product needs one row sum per sample, "
                       "P * (dP - (dP * P).sum(axis=-1, keepdims=True)), and memory of the size of P.",
                       f"case: {case}")


# --------------------------------------------------------------------------------------------------------------------
# Bug D's loss, and the bug hunt
# --------------------------------------------------------------------------------------------------------------------

def check_bug_d_loss(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``bug_d_loss(Y, P)``: the loss whose gradient with respect to Z (P = sigmoid(Z)) is bug D's
    dZ = (P - Y) * P * (1 - P) / m.  That is half the mean squared error, mean over samples of (p - y)**2 / 2.

    The gradient is measured by central differences through the sigmoid, so a
    constant added to the loss is accepted.  Knows: the squared error without
    the 1/2 (2 times too large), a sum instead of a mean (m times too large),
    cross-entropy (whose gradient is P - Y: the correct backward, not bug D),
    the absolute error.
    """
    rng = np.random.default_rng(12)
    cases = []
    for m, case in ((6, "Y, P of shape (6, 1)"), (1, "one sample, shape (1, 1)"), (10, "Y, P of shape (10, 1)")):
        Z = np.round(rng.normal(0, 1.5, (m, 1)), 3)
        Y = rng.integers(0, 2, (m, 1)) * 1.0
        cases.append((Z, Y, case))

    def gradient(loss, Z, Y, eps=1e-6):
        grad = np.zeros_like(Z)
        for i in np.ndindex(Z.shape):
            up, down = Z.copy(), Z.copy()
            up[i] += eps
            down[i] -= eps
            grad[i] = (float(np.asarray(loss(Y, sigmoid(up))).reshape(-1)[0])
                       - float(np.asarray(loss(Y, sigmoid(down))).reshape(-1)[0])) / (2 * eps)
        return grad

    def body(check):
        for Z, Y, case in cases:
            m = Z.shape[0]
            P = sigmoid(Z)
            value = check.call((Y, P), case, ("Y", "P"))
            check.number_array(value, "the loss")
            if np.size(value) != 1:
                raise _Finding(f"bug_d_loss returned an array of shape {np.shape(value)}, expected a single number: "
                               "the mean over the samples.", f"case: {case}")
            got = gradient(lambda Y_, P_: check.call((Y_, P_), case, ("Y", "P")), Z, Y)
            bug_d = (P - Y) * P * (1 - P) / m
            mistakes = [
                ("your loss's gradient through the sigmoid is exactly twice bug D's: you are one constant factor "
                 "away.", lambda: 2 * bug_d),
                (f"a sum over the samples: its gradient is m = {m} times bug D's. The loss is a mean over the "
                 "samples.", lambda: m * bug_d),
                ("that is cross-entropy: its gradient through the sigmoid is (P - Y) / m – the correct backward, "
                 "not bug D. Which loss has (P - Y) P (1 - P) / m as its gradient?", lambda: (P - Y) / m),
                ("the absolute error's gradient is sign(P - Y) P (1 - P) / m, where bug D's has P - Y itself: "
                 "which function of P - Y has P - Y as its derivative?", lambda: np.sign(P - Y) * P * (1 - P) / m),
            ]
            check.expect(got, bug_d, f"{case} (the gradient with respect to Z, by central differences)",
                         what="the gradient of your loss", mistakes=mistakes, atol=1e-7, rtol=1e-5)

    # The reference under the exercise's name (nn_helpers.bug_d_loss is half_squared_error), so the stub's and the
    # checker's way on define bug_d_loss.
    return _run_checker("bug_d_loss", fn, "bug_d_loss(Y, P)", "bug_d_loss", timeout, body)


# The bug hunt: five backward passes for a network with tanh hidden units, four of them faulty.  They live
# here, not in the notebook, so the learner judges them by their gradient check, as one judges code one
# cannot read at a glance; ``inspect.getsource`` shows them afterwards.

def _hunt_loop(X, Y, params, cache, dW_of, db_of, derivative):
    L = len(params) // 2
    m = X.shape[0]
    grads = {}
    dZ = (cache[f"A{L}"] - Y) / m
    for layer in range(L, 0, -1):
        A_prev, W = cache[f"A{layer - 1}"], params[f"W{layer}"]
        grads[f"dW{layer}"] = dW_of(A_prev, dZ, W)
        grads[f"db{layer}"] = db_of(dZ, m)
        if layer > 1:
            dZ = (dZ @ W.T) * derivative(cache, layer)
    return grads


def _bug_1(X, Y, params, cache, hidden_activation="tanh"):
    return _hunt_loop(X, Y, params, cache, lambda A, dZ, W: A.T @ dZ, lambda dZ, m: dZ.sum(axis=0),
                      lambda cache, layer: cache[f"A{layer - 1}"] ** 2 - 1)


def _bug_2(X, Y, params, cache, hidden_activation="tanh"):
    return _hunt_loop(X, Y, params, cache, lambda A, dZ, W: A.T @ dZ, lambda dZ, m: m * dZ.sum(axis=0),
                      lambda cache, layer: 1 - cache[f"A{layer - 1}"] ** 2)


def _bug_3(X, Y, params, cache, hidden_activation="tanh"):
    return _hunt_loop(X, Y, params, cache, lambda A, dZ, W: np.einsum("ik,ij->kj", A, dZ),
                      lambda dZ, m: np.ones(len(dZ)) @ dZ, lambda cache, layer: 1 - np.tanh(cache[f"Z{layer - 1}"]) ** 2)


def _bug_4(X, Y, params, cache, hidden_activation="tanh"):
    return _hunt_loop(X, Y, params, cache, lambda A, dZ, W: (dZ.T @ A).reshape(W.shape),
                      lambda dZ, m: dZ.sum(axis=0), lambda cache, layer: 1 - cache[f"A{layer - 1}"] ** 2)


def _bug_5(X, Y, params, cache, hidden_activation="tanh"):
    return _hunt_loop(X, Y, params, cache, lambda A, dZ, W: A.T @ dZ, lambda dZ, m: dZ.sum(axis=0),
                      lambda cache, layer: DERIVATIVES["tanh"](cache[f"Z{layer}"]))


BUG_HUNT = {"bug_1": _bug_1, "bug_2": _bug_2, "bug_3": _bug_3, "bug_4": _bug_4, "bug_5": _bug_5}

# The diagnoses to choose from (more than there are bugs; each is used at most once or not at all).
DIAGNOSES = {
    "sign": "the wrong sign everywhere: Y - P instead of P - Y",
    "no 1/m": "summed over the samples: the 1/m missing from every gradient",
    "db without 1/m": "the 1/m missing from the db only",
    "through dW": "the error sent back through dW instead of W",
    "sigmoid twice": "the output error multiplied by the sigmoid derivative again",
    "derivative sign": "the activation derivative with the wrong sign",
    "derivative of the wrong layer": "the activation derivative taken at another layer's Z",
    "dW transposed": "dW transposed - for a square W no shape check notices",
    "no derivative": "the activation derivative forgotten",
    "correct": "no bug: this backward pass is right",
}

_HUNT_KEY = {"bug_1": "derivative sign", "bug_2": "db without 1/m", "bug_3": "correct", "bug_4": "dW transposed",
             "bug_5": "derivative of the wrong layer"}

# Shown for a bug only after a second wrong diagnosis of it (a first failure says only which bugs are wrong, and how
# to read the table), so that one submission of anything cannot harvest the answers.  Worded as patterns to look
# at, not as the keys of DIAGNOSES.
_HUNT_HINTS = {
    "bug_1": "compare layer by layer: W3, b3 agree; W2, b2 are the exact negative (1.0 at norm ratio 1); W1, b1 "
             "agree again. A sign flipped each time the error passes a hidden layer cancels in every other layer: "
             "what is applied once per hidden layer?",
    "bug_2": "every W agrees; every b is off by the same (m-1)/(m+1) with norm ratio 6 = m: one factor, in the "
             "biases' line only.",
    "bug_3": "every entry is rounding noise, below 1e-7: code written an unusual way is not a mistake.",
    "bug_4": "the biases and the one-column W3 agree; the square W1 and W2 disagree although their norms match "
             "(ratio 1.00): the right numbers in the wrong places.",
    "bug_5": "the output layer agrees and everything below it is off, ratios not 1, so the error goes wrong between "
             "dZ3 and dZ2. If two diagnoses fit, build each yourself (a copy of your backward with that one change) "
             "and compare its gradients with bug_5's: equal numbers settle it.",
}

_HUNT_HOW_TO_READ = ("How to read the table: which parameters are off (all, only the b, the layers below some point, "
                     "every other layer), is the error a telltale value (exactly 1, (m-1)/(m+1)), is the norm ratio "
                     "1? A second wrong diagnosis of a bug gets a hint.")

# Wrong diagnoses so far, per bug, in this Python process (the kernel): hints come from the second one on.
_HUNT_WRONG_SO_FAR = {}


def diagnose(bug):
    """The answer key of the bug hunt: the diagnosis (a key of DIAGNOSES) of "bug_1" ... "bug_5"."""
    return _HUNT_KEY[bug]


def _normalise(answer):
    if not isinstance(answer, str):
        return None
    text = " ".join(answer.lower().split())
    for key, description in DIAGNOSES.items():
        if text in (key.lower(), description.lower()):
            return key
    return None


def check_bug_hunt(answers, timeout=DEFAULT_TIMEOUT):
    """Check the diagnoses of the five mystery backward passes in ``BUG_HUNT``.

    ``answers`` is a function ``diagnose(bug)`` returning, for "bug_1" ...
    "bug_5", one key of ``DIAGNOSES`` (or its description); a dict
    {"bug_1": ..., ...} is accepted too.  Says which diagnoses are wrong and
    how to read the table; from the second wrong diagnosis of a bug on (kept
    per process), what to look at in the gradient check for it.
    """
    if isinstance(answers, dict):
        missing = [bug for bug in BUG_HUNT if bug not in answers]
        if missing:
            _print_lines(f"❌ bug_hunt: no diagnosis for {', '.join(missing)}: "
                         f"give one for each of {', '.join(BUG_HUNT)}.")
            return False
        table = dict(answers)
        answers = table.__getitem__
    elif not callable(answers):
        _print_lines(f"❌ bug_hunt: expected your function diagnose(bug), "
                     f"got {type(answers).__name__} {_fmt(answers)}.\n"
                     "   Pass the function itself, without calling it: check_bug_hunt(diagnose).")
        return False

    def body(check):
        wrong = []
        for bug in BUG_HUNT:
            try:
                got = check.call((bug,), f"the diagnosis of {bug}", ("bug",))
            except _Finding as finding:
                if "not implemented yet" in finding.headline:
                    raise _Finding("bug_hunt is not implemented yet – replace `raise NotImplementedError` with your "
                                   "diagnoses (or carry on with the key: `from nn_helpers.checks."
                                   "lesson05_backprop_layers import diagnose`).") from None
                raise
            key = _normalise(got)
            if key is None:
                raise _Finding(f"the diagnosis of {bug} is {_fmt(got)}, which is not one of the listed diagnoses: "
                               "return one of the keys of DIAGNOSES, e.g. \"sign\".",
                               f"choose from: {', '.join(repr(name) for name in DIAGNOSES)}")
            if key != _HUNT_KEY[bug]:
                wrong.append((bug, key))
        if wrong:
            right = len(BUG_HUNT) - len(wrong)
            for bug, _ in wrong:
                _HUNT_WRONG_SO_FAR[bug] = _HUNT_WRONG_SO_FAR.get(bug, 0) + 1
            hinted = [bug for bug, _ in wrong if _HUNT_WRONG_SO_FAR[bug] >= 2][:3]
            details = [f"{bug}: {_HUNT_HINTS[bug]}" for bug in hinted]
            if len(hinted) < len(wrong):
                details.append(_HUNT_HOW_TO_READ)
            raise _Finding(f"{right} of {len(BUG_HUNT)} diagnoses are right; not right: "
                           f"{', '.join(f'{bug} ({key!r})' for bug, key in wrong)}.", *details)

    return _run_checker("bug_hunt", answers, "diagnose(bug)", "diagnose", timeout, body)

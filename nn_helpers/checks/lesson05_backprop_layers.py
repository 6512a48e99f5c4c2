"""Checkers of Lesson 5, backpropagation through layers."""

import numpy as np

from ..activations import relu_grad, sigmoid_grad, tanh_grad
from ..losses import one_hot
from ..network import backward, forward
from ._harness import DEFAULT_TIMEOUT, _Finding, _all_close, _close, _difference, _run_checker
from .lesson03_forward import _OPTIONAL_NOTES, _XOR, _expect_keys, _network_cases, _param_names


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
            elif hidden_derivative == "A":
                dZ = dA * derivatives[hidden](cache[f"A{layer - 1}"])
            else:
                dZ = dA
    return {name: scale * value for name, value in grads.items()}


def _backward_cases(seed=20):
    """(X, Y, params, description, kind) built on _network_cases, with labels."""
    rng = np.random.default_rng(seed)
    cases = []
    for X, params, case, kind in _network_cases():
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


def check_backward(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``backward(X, Y, params, cache)`` -> grads, with the cache made by ``nn_helpers.forward``.

    Two-layer sigmoid-output networks on XOR, one sample and random data are
    required; a 3-class softmax network and a network with two hidden layers
    are optional (a note if they fail).  If the function takes a fifth
    argument, hidden_activation "tanh" and "sigmoid" are tested too.  Knows:
    gradients m times too large or too small, the wrong sign (Y - P), the error
    propagated through dW2 instead of W2, the sigmoid derivative multiplied in
    again, the hidden derivative forgotten or applied to A, db averaged, db
    with keepdims, transposed dW, wrong key names, and changing the cache in
    place (the ReLU derivative written into Z1).  db must have shape (n_out,).
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

    def body(check):
        hidden_options = [None]
        if check.accepts(5):
            hidden_options += ["tanh", "sigmoid"]
        else:
            check.note("Note: your backward assumes ReLU hidden layers; nn_helpers.backward also takes "
                       "hidden_activation as a fifth argument.")
        for X, Y, params, case, kind in _backward_cases():
            for hidden in hidden_options:
                if kind == "required":
                    run_case(check, X, Y, params, case, hidden)
                    continue
                try:
                    run_case(check, X, Y, params, case, hidden)
                except _Finding as finding:
                    if "not implemented yet" in finding.headline or "did not finish" in finding.headline:
                        raise
                    check.note(_OPTIONAL_NOTES[kind].format(problem=finding.headline.rstrip("."))
                               .replace("nn_helpers.forward does both", "nn_helpers.backward does both"))
                    break

    return _run_checker("backward", fn, "backward(X, Y, params, cache)", "backward", timeout, body)

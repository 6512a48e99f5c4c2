"""Checkers of Lesson 3, initialisation and forward propagation."""

import numpy as np

from ..activations import relu, sigmoid, softmax, tanh
from ..network import forward, init_params
from ._harness import DEFAULT_TIMEOUT, _Finding, _all_close, _fmt, _run_checker


def _param_names(n_layers_):
    return [f"{kind}{layer}" for layer in range(1, n_layers_ + 1) for kind in ("W", "b")]


def _expect_keys(found, expected_names, what, hint=""):
    """A _Finding naming the missing and unexpected keys of a dict."""
    if not isinstance(found, dict):
        raise _Finding(f"{what} should be a dict with keys {', '.join(expected_names)}; "
                       f"got {type(found).__name__}.")
    missing = [name for name in expected_names if name not in found]
    extra = [str(name) for name in found if name not in expected_names]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"is missing {', '.join(missing)}")
        if extra:
            parts.append(f"has unexpected keys {', '.join(extra)}")
        raise _Finding(f"{what} {' and '.join(parts)}: expected exactly {', '.join(expected_names)}.", hint)


def check_init_params(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``init_params(layer_sizes, seed=0)``.

    Tries [2, 3, 1], [4, 8, 6, 3] and a large [500, 300, 200] network.  Checks
    the keys (W1, b1, ...), the shapes (W: (n_in, n_out), b: (n_out,)), zero
    biases, random weights with mean 0 and He scale sqrt(2 / n_in), and that the
    seed decides the weights.  The values themselves may differ from ours
    (any seeded generator will do).  Knows: (n_out, n_in) weights, b of shape
    (1, n_out), all-zero or equal weights, std 1, 0.01, sqrt(1/n_in), Glorot,
    n_out in place of n_in, uniform [0, 1) weights, an ignored seed.
    """
    def call(check, sizes, seed):
        case = f"layer_sizes = {sizes}, seed = {seed}"
        return check.call((list(sizes),), case, ("layer_sizes",), kwargs={"seed": seed}), case

    def check_structure(check, params, sizes, case):
        names = _param_names(len(sizes) - 1)
        _expect_keys(params, names, f"the dict from init_params({sizes})",
                     hint="Name them W1, b1, W2, b2, ... – capital W, lower-case b, counting from 1.")
        for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            W = check.number_array(params[f"W{layer}"], f"W{layer}")
            b = check.number_array(params[f"b{layer}"], f"b{layer}")
            if W.shape == (n_out, n_in) and n_in != n_out:
                raise _Finding(f"W{layer} has shape (n_out, n_in) = {W.shape}; the course uses (n_in, n_out) = "
                               f"{(n_in, n_out)}, so that Z = X @ W + b.", f"case: {case}")
            if W.shape != (n_in, n_out):
                raise _Finding(f"W{layer} has shape {W.shape}, expected (n_in, n_out) = {(n_in, n_out)}.",
                               f"case: {case}")
            if b.shape == (1, n_out):
                raise _Finding(f"b{layer} has shape {b.shape}; the course uses a 1-D bias of shape (n_out,) = "
                               f"({n_out},): np.zeros({n_out}).", f"case: {case}")
            if b.shape != (n_out,):
                raise _Finding(f"b{layer} has shape {b.shape}, expected (n_out,) = ({n_out},).", f"case: {case}")
            if np.any(b != 0):
                raise _Finding(f"biases should start at zero: b{layer} = {_fmt(b)}.",
                               "Only the weights need randomness to break the symmetry; use np.zeros(n_out).")
            if np.all(W == 0):
                raise _Finding(f"all-zero weights (W{layer}): units stay identical (symmetry) – every hidden unit "
                               "computes and learns the same thing. Draw random weights.", f"case: {case}")
            if W.size > 1 and np.all(W == W.flat[0]):
                raise _Finding(f"every weight in W{layer} is equal ({_fmt(W.flat[0])}): units stay identical "
                               "(symmetry). Draw random weights.", f"case: {case}")

    def check_scale(params, sizes):
        for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            W = np.asarray(params[f"W{layer}"], dtype=np.float64)
            he = np.sqrt(2.0 / n_in)
            mean, std = W.mean(), W.std()
            if abs(mean) > 0.1 * std:
                raise _Finding(f"the weights in W{layer} are not centred on zero (mean {mean:.4f}, std {std:.4f}): "
                               "draw them from a normal distribution, rng.standard_normal((n_in, n_out)).")
            if abs(std / he - 1) <= 0.07:
                continue
            known = [(1.0, "std 1: multiply by sqrt(2 / n_in)"),
                     (0.01, "a fixed scale 0.01"),
                     (np.sqrt(1.0 / n_in), "sqrt(1 / n_in) (LeCun/Xavier)"),
                     (np.sqrt(2.0 / (n_in + n_out)), "sqrt(2 / (n_in + n_out)) (Glorot)"),
                     (np.sqrt(2.0 / n_out), "sqrt(2 / n_out) – n_out where n_in belongs"),
                     (2.0 / n_in, "2 / n_in – the square root is missing")]
            used = next((label for scale, label in known if abs(std / scale - 1) <= 0.07), None)
            raise _Finding(f"weights not He-scaled: std should be sqrt(2/n_in) = {he:.4f} for W{layer} "
                           f"(n_in = {n_in}), got {std:.4f}" + (f" – looks like {used}." if used else "."),
                           "Use rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in).")

    def body(check):
        small = [2, 3, 1]
        for sizes, seed in ((small, 0), ([4, 8, 6, 3], 1), ([3, 1], 2)):
            params, case = call(check, sizes, seed)
            check_structure(check, params, sizes, case)
        large = [500, 300, 200]
        params, case = call(check, large, 0)
        check_structure(check, params, large, case)
        check_scale(params, large)
        first, again, other = (call(check, small, seed)[0] for seed in (0, 0, 1))
        for params in (again, other):
            check_structure(check, params, small, f"layer_sizes = {small}, called again")
        if not all(np.array_equal(first[name], again[name]) for name in first):
            raise _Finding("the seed is ignored: the same seed must give the same weights. "
                           "Create the generator from it, rng = np.random.default_rng(seed).")
        if all(np.array_equal(first[name], other[name]) for name in first):
            raise _Finding("the seed is ignored: seed=0 and seed=1 give the same weights. "
                           "Create the generator from it, rng = np.random.default_rng(seed).")
        try:
            default = check.call((list(small),), f"layer_sizes = {small} without a seed", ("layer_sizes",))
        except _Finding as finding:
            if "cannot be called" not in finding.headline:
                raise
            raise _Finding("init_params needs a default seed: define it as `def init_params(layer_sizes, seed=0):`.",
                           finding.headline) from None
        if isinstance(default, dict) and set(default) == set(first) and not all(
                np.array_equal(default[name], first[name]) for name in first):
            check.note("Note: without a seed your init_params gives different weights from seed=0; "
                       "the course's default is seed=0.")

    return _run_checker("init_params", fn, "init_params(layer_sizes, seed=0)", "init_params", timeout, body)


def _network(layer_sizes, seed, n_samples):
    """Our init_params with random (non-zero) biases, so a forgotten bias shows, and random inputs."""
    rng = np.random.default_rng(seed)
    params = init_params(layer_sizes, seed=seed)
    for layer in range(1, len(layer_sizes)):
        params[f"b{layer}"] = np.round(rng.normal(0, 0.5, layer_sizes[layer]), 3)
    X = np.round(rng.normal(0, 1, (n_samples, layer_sizes[0])), 3)
    return X, params


def _forward_variant(X, params, hidden="relu", output="right", bias=True):
    """Our forward pass with one deliberate mistake, for naming the learner's."""
    activations = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid, "none": lambda z: z}
    outputs = {"right": lambda z: sigmoid(z) if z.shape[1] == 1 else softmax(z), "relu": relu, "none": lambda z: z,
               "softmax": lambda z: softmax(z), "sigmoid": sigmoid}
    L = len(params) // 2
    A = X
    for layer in range(1, L + 1):
        Z = A @ params[f"W{layer}"] + (params[f"b{layer}"] if bias else 0)
        A = activations[hidden](Z) if layer < L else outputs[output](Z)
    return A


_XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _network_cases():
    """(X, params, description, kind) for forward/backward: two-layer nets required, the others optional.

    The seeds were picked so that every hidden unit is active for some samples
    and the output scores take both signs: then a mistake such as a missing
    output activation or a ReLU in the wrong place changes the answer.
    """
    _, params_xor = _network([2, 3, 1], 25, 4)
    X_one, params_one = _network([3, 5, 1], 2, 1)
    X_rand, params_rand = _network([3, 5, 1], 3, 12)
    X_multi, params_multi = _network([4, 6, 3], 4, 10)
    X_deep, params_deep = _network([3, 4, 5, 1], 10, 7)
    return [
        (_XOR, params_xor, "XOR inputs (4, 2) through a [2, 3, 1] network", "required"),
        (X_one, params_one, "one sample (1, 3) through a [3, 5, 1] network", "required"),
        (X_rand, params_rand, "random X (12, 3) through a [3, 5, 1] network", "required"),
        (X_multi, params_multi, "random X (10, 4) through a [4, 6, 3] network (3 classes, softmax output)",
         "softmax"),
        (X_deep, params_deep, "random X (7, 3) through a [3, 4, 5, 1] network (two hidden layers)", "deep"),
    ]


_OPTIONAL_NOTES = {
    "softmax": "Note: it does not handle several output units yet ({problem}). With more than one output the output "
               "layer is a softmax (lesson 10); nn_helpers.forward does both.",
    "deep": "Note: it does not handle networks with more than one hidden layer ({problem}). That is enough for "
            "this lesson; nn_helpers handles any depth.",
}


def _cache_keys(L):
    return ["A0"] + [f"{kind}{layer}" for layer in range(1, L + 1) for kind in ("Z", "A")]


def check_forward(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``forward(X, params)`` -> (P, cache), and ``forward(X, params, hidden_activation)`` if accepted.

    Runs XOR, one sample and random data through two-layer networks with
    random biases (required), then a 3-class softmax network and a network
    with two hidden layers (optional: a failure there gives a note).  Checks P
    and every cache entry A0, Z1, A1, ..., ZL, AL.  Knows: a forgotten bias,
    ReLU or nothing at the output, softmax on a single unit, the wrong hidden
    activation or none, P of shape (n,), (cache, P) returned the other way
    round, Z overwritten by the activation, changing X or params.
    """
    def run_case(check, X, params, case, hidden):
        args = (X, params) if hidden is None else (X, params, hidden)
        label = case if hidden is None else f"{case}, hidden_activation = {hidden!r}"
        result = check.call(args, label, ("X", "params", "hidden_activation"))
        if isinstance(result, dict) or (isinstance(result, (tuple, list)) and len(result) == 2
                                        and isinstance(result[0], dict)):
            raise _Finding("forward returned (cache, P): return P first, then the cache – `return P, cache`.")
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise _Finding(f"forward should return two things, P and the cache (`return P, cache`); "
                           f"got {type(result).__name__}.")
        P, cache = result
        L = len(params) // 2
        act = hidden or "relu"
        expected, expected_cache = forward(X, params, act)
        n, k = expected.shape
        others = [name for name in ("relu", "tanh", "sigmoid") if name != act]
        mistakes = [
            ("forgot the bias: each layer computes Z = A @ W + b.", lambda: _forward_variant(X, params, act, bias=False)),
            ("applied ReLU at the output layer: the output needs a sigmoid (one unit) or softmax (several).",
             lambda: _forward_variant(X, params, act, output="relu")),
            (f"returned the raw scores Z{L}: apply the output activation (sigmoid for one unit, softmax for several).",
             lambda: _forward_variant(X, params, act, output="none")),
            ("softmax over a single output unit always gives 1: use the sigmoid when there is one output unit.",
             lambda: _forward_variant(X, params, act, output="softmax")),
            ("applied the sigmoid to each of several output units: use a row-wise softmax so each row sums to 1.",
             lambda: _forward_variant(X, params, act, output="sigmoid")),
            ("no activation on the hidden layer: A1 = g(Z1) before it feeds the next layer.",
             lambda: _forward_variant(X, params, "none")),
        ] + [(f"the hidden layer used {other} instead of {act}" + (
            " (the default hidden_activation is 'relu')." if hidden is None else "."),
              lambda other=other: _forward_variant(X, params, other)) for other in others]
        shape_mistakes = [(f"P has shape ({n},); keep it 2-D, ({n}, {k}): one row per sample.",
                           lambda shape: shape == (n,))]
        check.expect(P, expected, label, what="P", mistakes=mistakes, shape_mistakes=shape_mistakes)
        keys = _cache_keys(L)
        if not isinstance(cache, dict):
            raise _Finding(f"the cache should be a dict with keys {', '.join(keys)}; got {type(cache).__name__}.")
        missing = [key for key in keys if key not in cache]
        if missing:
            raise _Finding(f"the cache is missing {', '.join(missing)}: backward needs "
                           f"{', '.join(keys)} (A0 is X itself).")
        for key in keys:
            value = check.number_array(cache[key], f"cache['{key}']")
            if key.startswith("Z") and _all_close(value, expected_cache[f"A{key[1:]}"]) and not _all_close(
                    value, expected_cache[key]):
                raise _Finding(f"cache['{key}'] holds the activation A{key[1:]}, not the pre-activation {key}: "
                               "did the activation overwrite Z in place? Keep Z and A as separate arrays.")
            check.expect(value, expected_cache[key], label, what=f"cache['{key}']")

    def body(check):
        hidden_options = [None]
        if check.accepts(3):
            hidden_options += ["tanh", "sigmoid"]
        else:
            check.note("Note: your forward always uses ReLU in the hidden layers; nn_helpers.forward also takes "
                       "hidden_activation ('relu', 'tanh' or 'sigmoid') as a third argument.")
        for X, params, case, kind in _network_cases():
            for hidden in hidden_options:
                if kind == "required":
                    run_case(check, X, params, case, hidden)
                    continue
                try:
                    run_case(check, X, params, case, hidden)
                except _Finding as finding:
                    if "not implemented yet" in finding.headline or "did not finish" in finding.headline:
                        raise
                    check.note(_OPTIONAL_NOTES[kind].format(problem=finding.headline.rstrip(".")))
                    break

    return _run_checker("forward", fn, "forward(X, params)", "forward", timeout, body)

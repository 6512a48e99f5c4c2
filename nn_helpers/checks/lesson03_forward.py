"""Checkers of Lesson 3, initialisation and forward propagation."""

import numpy as np

from ..activations import relu, sigmoid, softmax, tanh
from ..network import forward, init_params
from ._harness import (DEFAULT_TIMEOUT, _XOR, _Finding, _all_close, _expect_keys, _fmt, _param_names,
                       _random_network, _run_checker)


def check_init_params(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``init_params(layer_sizes, seed=0)``.

    Tries [2, 3, 1], [4, 8, 6, 3] and a large [500, 300, 200] network.  Checks
    the keys (W1, b1, ...), the shapes (W: (n_in, n_out), b: (n_out,)), zero
    biases, random weights with mean 0 and He scale sqrt(2 / n_in), that the
    seed decides the weights, and that they are the lesson's exact draw (one
    ``default_rng(seed)``, ``standard_normal((n_in, n_out)) * he_std(n_in)`` per
    layer), because the lesson's printed numbers depend on it.
    A function that only builds two layers fails, naming the contract (any
    number of layers).  Knows: a generator restarted from the seed in every layer, (n_out, n_in) weights, b of shape
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

    def check_one_generator(params, sizes):
        # A generator created afresh (from the same seed) for every layer repeats the same random numbers,
        # so W2 starts with W1's numbers, only scaled: the layers are not independent.
        first, second = (np.asarray(params[name], dtype=np.float64).ravel() for name in ("W1", "W2"))
        k = min(first.size, second.size)
        if k >= 4 and np.all(first[:k] != 0):
            ratio = second[:k] / first[:k]
            if np.allclose(ratio, ratio[0]):
                raise _Finding("every layer restarts the random numbers from the same seed: W2 repeats W1's numbers "
                               "(only scaled), so the layers are not independent. Create one generator before the "
                               "loop, rng = np.random.default_rng(seed), and draw every layer from it.",
                               f"case: layer_sizes = {sizes}")

    def check_same_draw(check, params, sizes, seed):
        # The lesson's numbers (the XOR losses, which seeds train) come from this exact draw, so the exercise asks
        # for it: one generator, and per layer rng.standard_normal((n_in, n_out)) * he_std(n_in).
        expected = init_params(sizes, seed=seed)
        if all(_all_close(np.asarray(params[name], dtype=np.float64), expected[name]) for name in expected):
            return
        draw = "rng = np.random.default_rng(seed) once, then per layer rng.standard_normal((n_in, n_out)) * he_std(n_in)"
        rng = np.random.default_rng(seed)
        transposed = {}
        for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            transposed[f"W{layer}"] = rng.standard_normal((n_out, n_in)).T * np.sqrt(2.0 / n_in)
        if all(_all_close(np.asarray(params[f"W{layer}"], dtype=np.float64), transposed[f"W{layer}"])
               for layer in range(1, len(sizes))):
            raise _Finding("init_params drew each W as (n_out, n_in) and transposed it: the shape is right, but the "
                           "random numbers land in other places than the lesson's, so its numbers (the XOR losses, "
                           f"which seeds train) would not match yours. Draw (n_in, n_out) directly: {draw}.",
                           f"case: layer_sizes = {sizes}, seed = {seed}")
        raise _Finding("init_params is He-scaled, but not the lesson's draw, so the lesson's numbers (the XOR losses, "
                       f"which seeds train) would not match yours. The exercise asks for exactly: {draw} "
                       "(no np.random.seed, no uniform draw, no generator per layer).",
                       f"case: layer_sizes = {sizes}, seed = {seed}")

    def body(check):
        small = [2, 3, 1]
        params, case = call(check, small, 0)
        check_structure(check, params, small, case)
        for sizes, seed in (([4, 8, 6, 3], 1), ([3, 1], 2)):
            params, case = call(check, sizes, seed)
            try:
                check_structure(check, params, sizes, case)
            except _Finding as finding:
                layers = len(sizes) - 1
                raise _Finding(f"init_params must build one W, b pair per layer for any number of layers "
                               f"({sizes} has {layers} layer{'s' if layers > 1 else ''}): loop over the layer sizes.",
                               finding.headline, *finding.details[:1]) from None
            if len(sizes) > 3:
                check_one_generator(params, sizes)
        large = [500, 300, 200]
        params, case = call(check, large, 0)
        check_structure(check, params, large, case)
        check_scale(params, large)
        large_params = params
        first, again, other = (call(check, small, seed)[0] for seed in (0, 0, 1))
        for params in (again, other):
            check_structure(check, params, small, f"layer_sizes = {small}, called again")
        if not all(np.array_equal(first[name], again[name]) for name in first):
            raise _Finding("the seed is ignored: the same seed must give the same weights. "
                           "Create the generator from it, rng = np.random.default_rng(seed).")
        if all(np.array_equal(first[name], other[name]) for name in first):
            raise _Finding("the seed is ignored: seed=0 and seed=1 give the same weights. "
                           "Create the generator from it, rng = np.random.default_rng(seed).")
        check_same_draw(check, large_params, large, 0)
        for sizes, seed in (([2, 3, 1], 0), ([4, 8, 6, 3], 1), ([2, 10, 1], 0)):
            check_same_draw(check, call(check, sizes, seed)[0], sizes, seed)
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


def _forward_double_output(X, params, hidden):
    """The mistake of a loop that applies g to every layer, then the output activation on top of the last one."""
    activations = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid}
    L = len(params) // 2
    A = X
    for layer in range(1, L + 1):
        A = activations[hidden](A @ params[f"W{layer}"] + params[f"b{layer}"])
    return sigmoid(A) if A.shape[1] == 1 else softmax(A)




def _network_cases():
    """(X, params, description, kind) for forward/backward: two-layer nets required, the others optional.

    The seeds were picked so that every hidden unit is active for some samples
    and the output scores take both signs: then a mistake such as a missing
    output activation or a ReLU in the wrong place changes the answer.
    """
    _, params_xor = _random_network([2, 3, 1], 25, 4)
    X_one, params_one = _random_network([3, 5, 1], 2, 1)
    X_rand, params_rand = _random_network([3, 5, 1], 3, 12)
    X_multi, params_multi = _random_network([4, 6, 3], 4, 10)
    X_deep, params_deep = _random_network([3, 4, 5, 1], 10, 7)
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


# What forward must handle, and the message that names the contract when it does not.
_FORWARD_CONTRACTS = {
    "deep": "forward must handle any number of layers (this network has two hidden layers): loop over "
            "l = 1 .. L with L = len(params) // 2, the hidden activation for l < L, the output activation at l = L.",
    "softmax": "forward must use a softmax at the output when it has several units (one per class), and the "
               "sigmoid only when it has one.",
    "activation": "forward must apply hidden_activation ({hidden!r}) in every hidden layer: look it up by name, "
                  "ACTIVATIONS[hidden_activation].",
}


def check_forward(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``forward(X, params, hidden_activation="relu")`` -> (P, cache).

    The contract: any number of layers, every hidden activation the course
    uses ("relu", "tanh", "sigmoid"), a sigmoid output for one unit and a
    softmax for several.  Runs XOR, one sample and random data through
    [2, 3, 1] and [3, 5, 1] networks with random biases, then a network with
    two hidden layers and a 3-class softmax network, each with every hidden
    activation.  Checks P and every cache entry A0, Z1, A1, ..., ZL, AL.  A
    function that breaks the contract (two layers only, no hidden_activation
    argument, ReLU always, a sigmoid on several outputs) fails with a message
    naming it.  Knows: a forgotten bias, ReLU or nothing at the output, softmax
    on a single unit, the wrong hidden activation or none, the loop stopping one
    layer early, P of shape (n,), (cache, P) returned the other way round, Z
    overwritten by the activation, changing X or params.  The learner's forward
    need not take ``output_activation`` (nn_helpers.forward does).
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
            (f"double activation at the output: the last layer got the hidden activation {act} and then the "
             "output activation on top. Apply g to the hidden layers only; the output layer gets only the sigmoid "
             "(one unit) or softmax (several).", lambda: _forward_double_output(X, params, act)),
            ("no activation on the hidden layer: A1 = g(Z1) before it feeds the next layer.",
             lambda: _forward_variant(X, params, "none")),
        ] + [(f"the hidden layer used {other} instead of {act}" + (
            " (the default hidden_activation is 'relu')." if hidden is None else "."),
              lambda other=other: _forward_variant(X, params, other)) for other in others]
        last_hidden = expected_cache[f"A{L - 1}"].shape if L > 1 else None
        shape_mistakes = [(f"P has shape ({n},); keep it 2-D, ({n}, {k}): one row per sample.",
                           lambda shape: shape == (n,)),
                          (f"P has the shape of the last hidden layer, {last_hidden}: the loop stopped one layer "
                           f"early – run it for l = 1, ..., L (range(1, L + 1)), the output layer included.",
                           lambda shape: shape == last_hidden)]
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

    def run_under_contract(check, X, params, case, hidden, contract):
        """run_case, but a failure is reported as a breach of ``contract``, the original finding below it."""
        try:
            run_case(check, X, params, case, hidden)
        except _Finding as finding:
            if "not implemented yet" in finding.headline or "did not finish" in finding.headline:
                raise
            raise _Finding(_FORWARD_CONTRACTS[contract].format(hidden=hidden), finding.headline,
                           *finding.details[:2]) from None

    def body(check):
        cases = _network_cases()
        for X, params, case, kind in cases:  # ReLU, two layers, one output: the core, diagnosed plainly
            if kind == "required":
                run_case(check, X, params, case, None)
        if not check.accepts(3):
            raise _Finding("forward must take the hidden activation as its third argument, "
                           "`def forward(X, params, hidden_activation=\"relu\"):`, and apply it in every hidden "
                           "layer ('relu', 'tanh' or 'sigmoid', from the table ACTIVATIONS).")
        for X, params, case, kind in cases:
            if kind != "required":
                run_under_contract(check, X, params, case, None, kind)
        for hidden in ("tanh", "sigmoid"):
            for X, params, case, kind in cases:
                run_under_contract(check, X, params, case, hidden, "activation")

    return _run_checker("forward", fn, "forward(X, params, hidden_activation)", "forward", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# XOR by hand
# --------------------------------------------------------------------------------------------------------------------

_XOR_LABELS = np.array([0, 1, 1, 0])
_XOR_SURE = 0.9  # the network must give each point at least this probability of its own class

# Predicted labels for the XOR points (0,0), (0,1), (1,0), (1,1) that a known wrong network gives.
_XOR_PATTERNS = {
    (0, 1, 1, 1): "your network computes OR: (1, 1) must give class 0. Add a hidden unit that fires only when both "
                  "inputs are on (for example relu(x₁ + x₂ − 1)) and give it a negative output weight large enough "
                  "to cancel the other unit at (1, 1).",
    (0, 0, 0, 1): "your network computes AND: only (1, 1) gets class 1, but XOR wants (0, 1) and (1, 0) in class 1 "
                  "and (1, 1) in class 0.",
    (1, 0, 0, 1): "your network computes the opposite of XOR (XNOR): flip the signs of W2 and b2.",
    (1, 1, 1, 0): "your network computes NAND: (0, 0) must give class 0 – lower the output bias b2.",
}


def check_xor_weights(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``xor_weights()`` -> params of a 2-H-1 network (H hidden ReLU units) that computes XOR.

    Runs ``nn_helpers.forward(X, params, "relu")`` on the four XOR points and
    requires P >= 0.9 for (0, 1) and (1, 0) and P <= 0.1 for (0, 0) and (1, 1).
    Checks the keys (W1, b1, W2, b2), the shapes (W1 (2, H), b1 (H,),
    W2 (H, 1), b2 (1,)) and finite numbers.  Knows: no hidden layer, transposed
    W1, an OR, AND, NAND or XNOR network, every point at the same probability,
    the right classes but not sure enough.
    """
    def body(check):
        params = check.call((), "xor_weights()", ())
        if params is None:
            raise _Finding("xor_weights returned None: did you forget `return params`?")
        if isinstance(params, dict) and "W1" in params and "W2" not in params:
            raise _Finding("a network without a hidden layer is one neuron, and one neuron draws one straight line: "
                           "it cannot compute XOR (lesson 0). Add a hidden layer: W1 (2, 2), b1 (2,), W2 (2, 1), b2 (1,).")
        _expect_keys(params, ["W1", "b1", "W2", "b2"], "the dict xor_weights returned",
                     hint="A 2-H-1 network has W1 (2, H), b1 (H,), W2 (H, 1) and b2 (1,).")
        arrays = {name: check.number_array(params[name], name) for name in ("W1", "b1", "W2", "b2")}
        W1, b1, W2, b2 = (arrays[name] for name in ("W1", "b1", "W2", "b2"))
        if W1.ndim == 2 and W1.shape[1] == 2 and W1.shape[0] != 2:
            raise _Finding(f"W1 has shape {W1.shape} = (H, 2); the course uses (n_in, n_out) = (2, {W1.shape[0]}), "
                           "one column per hidden unit, so that Z1 = X @ W1 + b1.")
        if W1.ndim != 2 or W1.shape[0] != 2:
            raise _Finding(f"W1 has shape {W1.shape}; it must be (2, H): 2 inputs, H hidden units (2 or 3 will do).")
        hidden = W1.shape[1]
        if hidden == 1:
            raise _Finding("with one hidden unit the network still draws one line (one ReLU of one weighted sum): "
                           "XOR needs at least two hidden units, W1 of shape (2, 2).")
        for name, array, shape in (("b1", b1, (hidden,)), ("W2", W2, (hidden, 1)), ("b2", b2, (1,))):
            if array.shape != shape:
                raise _Finding(f"{name} has shape {array.shape}; with {hidden} hidden units it must be {shape}.",
                               "A 2-H-1 network has W1 (2, H), b1 (H,), W2 (H, 1) and b2 (1,).")
        if not all(np.all(np.isfinite(array)) for array in arrays.values()):
            raise _Finding("some weights are nan or inf: choose finite numbers.")
        P, cache = forward(_XOR, arrays, "relu")
        p = P[:, 0]
        shown = ", ".join(f"{point} -> {value:.3f}" for point, value in zip(("(0,0)", "(0,1)", "(1,0)", "(1,1)"), p))
        detail = f"P(class 1) for (0,0), (0,1), (1,0), (1,1): {shown}"
        predicted = tuple(int(value) for value in (p > 0.5))
        if np.allclose(p, p[0]):
            off = bool(np.all(cache["A1"] == 0))
            raise _Finding("every point gets the same probability: " + (
                "every hidden unit outputs 0 on all four points (ReLU of a negative number is 0) – raise the hidden "
                "biases b1 or the weights in W1." if off else
                "the output does not depend on the input – check W2, it must weigh the hidden units differently."),
                detail)
        if predicted != tuple(_XOR_LABELS):
            wrong = [point for point, got, want in zip(("(0, 0)", "(0, 1)", "(1, 0)", "(1, 1)"), predicted,
                                                       _XOR_LABELS) if got != want]
            raise _Finding(_XOR_PATTERNS.get(predicted, f"{' and '.join(wrong)} "
                                                        f"{'is' if len(wrong) == 1 else 'are'} on the wrong side of "
                                                        "0.5: XOR gives class 1 to (0, 1) and (1, 0) only."), detail)
        sure = np.where(_XOR_LABELS == 1, p, 1 - p)
        if np.any(sure < _XOR_SURE):
            raise _Finding(f"every point gets its class (P > 0.5 for class 1, P <= 0.5 for class 0), but the "
                           f"network must be at least "
                           f"{_XOR_SURE:.0%} sure of each: multiply W2 and b2 by the same factor (say 5). That "
                           "scales the output score z and pushes sigmoid(z) towards 0 and 1 without moving the "
                           "boundary z = 0.", detail)

    return _run_checker("xor_weights", fn, "xor_weights()", "xor_weights", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# He's scale, derived
# --------------------------------------------------------------------------------------------------------------------

def check_he_std(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``he_std(n_in)``: the weight standard deviation that keeps ReLU activations' spread constant.

    Expects sqrt(2 / n_in) for n_in = 100, 10, 784, 3 and 1.  Knows: sqrt(1 / n_in)
    (the ReLU factor forgotten), the variance 2 / n_in or 1 / n_in instead of a
    standard deviation, sqrt(2) / n_in, sqrt(n_in / 2), 2 / sqrt(n_in),
    sqrt(1 / (2 n_in)), a constant that ignores n_in.
    """
    def mistakes(n):
        return [
            ("sqrt(1 / n_in) keeps the spread of a *linear* unit: ReLU sets half of its inputs to 0, so "
             "E[a²] = Var(z) / 2, and the weights must make up for that factor 1/2.", lambda: np.sqrt(1.0 / n)),
            ("2 / n_in is the variance of the weights; he_std returns their standard deviation, its square root.",
             lambda: 2.0 / n),
            ("1 / n_in is a variance, and the ReLU factor is missing: Var(w) = 2 / n_in, std = its square root.",
             lambda: 1.0 / n),
            ("sqrt(2) / n_in: the square root covers n_in too – the variance is 2 / n_in, the std sqrt(2 / n_in).",
             lambda: np.sqrt(2.0) / n),
            ("sqrt(n_in / 2) is upside down: more inputs add more terms to the sum, so each weight must be smaller.",
             lambda: np.sqrt(n / 2.0)),
            ("2 / sqrt(n_in): the 2 belongs inside the square root, sqrt(2 / n_in).", lambda: 2.0 / np.sqrt(n)),
            ("sqrt(1 / (2 n_in)) halves the variance, but ReLU already halves E[a²]: the weights must double it, "
             "Var(w) = 2 / n_in.", lambda: np.sqrt(1.0 / (2 * n))),
        ]

    def body(check):
        sizes = (100, 10, 784, 3, 1)
        answers = []
        for n in sizes:
            got = check.call((n,), f"n_in = {n}", ("n_in",))
            array = check.number_array(got, "the standard deviation")
            if array.size != 1:
                raise _Finding(f"he_std returned an array of shape {array.shape}; return one number, the standard "
                               "deviation of every weight of a layer with n_in inputs.", f"case: n_in = {n}")
            answers.append(array.reshape(()))
        if np.allclose(answers, answers[0]):
            raise _Finding(f"he_std gives {float(answers[0]):.4g} whatever n_in is: it must depend on n_in – a sum "
                           "of n_in terms has n_in times the variance of one term.")
        for n, answer in zip(sizes, answers):
            check.expect(answer, np.asarray(np.sqrt(2.0 / n)), f"n_in = {n}", what="the standard deviation",
                         mistakes=mistakes(n))

    return _run_checker("he_std", fn, "he_std(n_in)", "he_std", timeout, body)

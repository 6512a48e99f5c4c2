"""Lesson 3's catalogue: init_params, forward, xor_weights and he_std as learners write them, right and wrong.

``CORRECT[name]``: (id, fn) that check_<name> must pass.  ``MISTAKES[name]``:
(id, fn, phrase) that it must fail while printing ``phrase``, its diagnosis.
Merged into tests/learner_mistakes.py's tables by that module.
"""

import numpy as np

import nn_helpers as nh


def _sigmoid(z):
    return 1 / (1 + np.exp(-np.clip(z, -500, 500)))


# --------------------------------------------------------------------------------------------------------------------
# init_params
# --------------------------------------------------------------------------------------------------------------------

def init_params_builder(weight, bias=None, names=("W", "b"), transpose=False, rng_factory=np.random.default_rng,
                        restart_each_layer=False):
    """An init_params drawing W with ``weight(rng, n_in, n_out)``; options to make it wrong."""
    def init_params(layer_sizes, seed=0):
        rng = rng_factory(seed)
        params = {}
        for layer in range(1, len(layer_sizes)):
            if restart_each_layer:
                rng = rng_factory(seed)
            n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
            W = weight(rng, n_in, n_out)
            params[f"{names[0]}{layer}"] = W.T if transpose else W
            params[f"{names[1]}{layer}"] = np.zeros(n_out) if bias is None else bias(rng, n_out)
        return params
    return init_params


def _he(rng, n_in, n_out):
    return rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in)


def init_params_legacy_seed(layer_sizes, seed=0):
    np.random.seed(seed)
    params = {}
    for layer in range(1, len(layer_sizes)):
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params["W" + str(layer)] = np.random.randn(n_in, n_out) * np.sqrt(2.0 / n_in)
        params["b" + str(layer)] = np.zeros(n_out)
    return params


def init_params_legacy_seed_per_layer(layer_sizes, seed=0):
    params = {}
    for layer in range(1, len(layer_sizes)):
        np.random.seed(seed)
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = np.random.randn(n_in, n_out) * np.sqrt(2.0 / n_in)
        params[f"b{layer}"] = np.zeros(n_out)
    return params


def init_params_zip(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    params = {}
    for layer, (n_in, n_out) in enumerate(zip(layer_sizes, layer_sizes[1:]), start=1):
        params[f"W{layer}"] = rng.normal(0.0, nh.he_std(n_in), size=(n_in, n_out))
        params[f"b{layer}"] = np.zeros(n_out)
    return params


def init_params_seed_per_layer(layer_sizes, seed=0):
    """A different, reproducible stream per layer: independent layers, but not the lesson's draw."""
    params = {}
    for layer in range(1, len(layer_sizes)):
        rng = np.random.default_rng([seed, layer])
        n_in, n_out = layer_sizes[layer - 1], layer_sizes[layer]
        params[f"W{layer}"] = rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in)
        params[f"b{layer}"] = np.zeros(n_out)
    return params


def init_params_two_layers(layer_sizes, seed=0):
    rng = np.random.default_rng(seed)
    n_in, n_hidden, n_out = layer_sizes[0], layer_sizes[1], layer_sizes[-1]
    return {"W1": rng.standard_normal((n_in, n_hidden)) * np.sqrt(2 / n_in), "b1": np.zeros(n_hidden),
            "W2": rng.standard_normal((n_hidden, n_out)) * np.sqrt(2 / n_hidden), "b2": np.zeros(n_out)}


def init_params_no_default_seed(layer_sizes, seed):
    return nh.init_params(layer_sizes, seed)


# --------------------------------------------------------------------------------------------------------------------
# forward
# --------------------------------------------------------------------------------------------------------------------

_G = {"relu": nh.relu, "tanh": np.tanh, "sigmoid": _sigmoid, "none": lambda z: z}


def _output(Z):
    if Z.shape[1] == 1:
        return _sigmoid(Z)
    exps = np.exp(Z - Z.max(axis=1, keepdims=True))
    return exps / exps.sum(axis=1, keepdims=True)


def forward_builder(hidden="relu", output=_output, bias=True, in_place_relu=False, drop=(), flatten_p=False,
                    swap=False, only_p=False, ignore_activation_arg=False, stop_early=False, first_layer_only=False):
    """A general forward(X, params, hidden_activation) with optional mistakes."""
    def forward(X, params, hidden_activation="relu"):
        act = hidden if ignore_activation_arg else (hidden_activation if hidden == "relu" else hidden)
        L = len(params) // 2
        cache = {"A0": X}
        A = X
        for layer in range(1, L if stop_early else L + 1):
            Z = A @ params[f"W{layer}"] + (params[f"b{layer}"] if bias else 0)
            if layer < L:
                g = _G[act] if layer == 1 or not first_layer_only else _G["none"]
                A = np.maximum(Z, 0, out=Z) if in_place_relu else g(Z)
            else:
                A = output(Z)
            cache[f"Z{layer}"], cache[f"A{layer}"] = Z, A
        for key in drop:
            del cache[key]
        P = A.ravel() if flatten_p else A
        if only_p:
            return P
        return (cache, P) if swap else (P, cache)
    return forward


def forward_two_layers(X, params):
    """Two layers only, ReLU hidden, sigmoid out; no hidden_activation argument."""
    Z1 = X @ params["W1"] + params["b1"]
    A1 = np.maximum(Z1, 0)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return A2, {"A0": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def forward_two_layers_any_activation(X, params, hidden_activation="relu"):
    """Two layers only, but every activation."""
    g = nh.ACTIVATIONS[hidden_activation]
    Z1 = X @ params["W1"] + params["b1"]
    A1 = g(Z1)
    Z2 = A1 @ params["W2"] + params["b2"]
    A2 = _output(Z2)
    return A2, {"A0": X, "Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def forward_if_elif(X, params, hidden_activation="relu"):
    """Correct, with an if/elif chain and a while loop instead of the table."""
    cache = {"A0": X}
    A, layer = X, 1
    while f"W{layer}" in params:
        Z = np.dot(A, params[f"W{layer}"]) + params[f"b{layer}"]
        if f"W{layer + 1}" in params:
            if hidden_activation == "relu":
                A = np.where(Z > 0, Z, 0.0)
            elif hidden_activation == "tanh":
                A = np.tanh(Z)
            else:
                A = nh.sigmoid(Z)
        elif Z.shape[1] == 1:
            A = nh.sigmoid(Z)
        else:
            A = nh.softmax(Z)
        cache[f"Z{layer}"], cache[f"A{layer}"] = Z, A
        layer += 1
    return A, cache


# --------------------------------------------------------------------------------------------------------------------
# xor_weights
# --------------------------------------------------------------------------------------------------------------------

def _xor(W1, b1, W2, b2):
    params = {"W1": np.array(W1, dtype=float), "b1": np.array(b1, dtype=float),
              "W2": np.array(W2, dtype=float), "b2": np.array(b2, dtype=float)}
    return lambda: params


def forward_double_output(X, params, hidden_activation="relu"):
    """Applies g to every layer in the loop, then the output activation on top of the last one."""
    g = _G[hidden_activation]
    L = len(params) // 2
    A, cache = X, {"A0": X}
    for layer in range(1, L + 1):
        Z = A @ params[f"W{layer}"] + params[f"b{layer}"]
        A = g(Z)
        cache[f"Z{layer}"], cache[f"A{layer}"] = Z, A
    P = _sigmoid(A) if A.shape[1] == 1 else nh.softmax(A)
    cache[f"A{L}"] = P
    return P, cache


# --------------------------------------------------------------------------------------------------------------------
# The tables
# --------------------------------------------------------------------------------------------------------------------

CORRECT = {
    "init_params": [
        ("reference", nh.init_params), ("builder", init_params_builder(_he)),
        ("normal with scale", init_params_builder(lambda rng, i, o: rng.normal(0, np.sqrt(2 / i), (i, o)))),
        ("zip with he_std", init_params_zip),
        ("std times standard_normal", init_params_builder(lambda rng, i, o: np.sqrt(2 / i) * rng.standard_normal(
            size=(i, o)))),
    ],
    "forward": [
        ("reference", nh.forward), ("builder", forward_builder()), ("if/elif and while", forward_if_elif),
        ("keyword output_activation", lambda X, params, hidden_activation="relu", output_activation=None:
         nh.forward(X, params, hidden_activation, output_activation)),
    ],
    "xor_weights": [
        ("reference", nh.xor_weights),
        ("Goodfellow, output scaled", _xor([[1, 1], [1, 1]], [0, -1], [[10], [-20]], [-5])),
        ("two detectors", _xor([[1, -1], [-1, 1]], [0, 0], [[10], [10]], [-5])),
        ("three hidden units", _xor([[1, 1, 1], [1, 1, 1]], [0, -1, -2], [[6], [-12], [0]], [-3])),
        ("lists instead of arrays", lambda: {"W1": [[1, 1], [1, 1]], "b1": [0, -1], "W2": [[5], [-10]], "b2": [-2.5]}),
    ],
    "he_std": [
        ("reference", nh.he_std), ("sqrt", lambda n_in: np.sqrt(2 / n_in)), ("power", lambda n_in: (2 / n_in) ** 0.5),
        ("from the variance", lambda n_in: np.sqrt(2.0) / np.sqrt(n_in)),
        ("math", lambda n_in: __import__("math").sqrt(2 / n_in)),
    ],
}

MISTAKES = {
    "init_params": [
        ("zero weights", init_params_builder(lambda rng, i, o: np.zeros((i, o))), "symmetry"),
        ("equal weights", init_params_builder(lambda rng, i, o: np.full((i, o), 0.1)), "symmetry"),
        ("random biases", init_params_builder(_he, bias=lambda rng, o: rng.standard_normal(o)),
         "biases should start at zero"),
        ("std 1", init_params_builder(lambda rng, i, o: rng.standard_normal((i, o))), "std 1"),
        ("scale 0.01", init_params_builder(lambda rng, i, o: 0.01 * rng.standard_normal((i, o))), "0.01"),
        ("xavier", init_params_builder(lambda rng, i, o: rng.standard_normal((i, o)) * np.sqrt(1 / i)),
         "not He-scaled"),
        ("n_out", init_params_builder(lambda rng, i, o: rng.standard_normal((i, o)) * np.sqrt(2 / o)), "n_out"),
        ("uniform [0, 1)", init_params_builder(lambda rng, i, o: rng.random((i, o)) * np.sqrt(2 / i)), "centred"),
        ("transposed", init_params_builder(_he, transpose=True), "(n_out, n_in)"),
        ("lower-case keys", init_params_builder(_he, names=("w", "b")), "W1, b1"),
        ("2-D bias", init_params_builder(_he, bias=lambda rng, o: np.zeros((1, o))), "1-D bias"),
        ("unseeded", init_params_builder(_he, rng_factory=lambda seed: np.random.default_rng()), "seed is ignored"),
        ("fixed seed", init_params_builder(_he, rng_factory=lambda seed: np.random.default_rng(42)), "seed is ignored"),
        ("no default seed", init_params_no_default_seed, "default seed"),
        ("two layers only", init_params_two_layers, "any number of layers"),
        ("generator restarted per layer", init_params_builder(_he, restart_each_layer=True), "one generator"),
        ("np.random.seed per layer", init_params_legacy_seed_per_layer, "same seed"),
        ("drawn (n_out, n_in) then transposed",
         init_params_builder(lambda rng, i, o: rng.standard_normal((o, i)).T * np.sqrt(2 / i)), "transposed it"),
        ("legacy np.random.seed", init_params_legacy_seed, "not the lesson's draw"),
        ("He uniform", init_params_builder(lambda rng, i, o: rng.uniform(-np.sqrt(6 / i), np.sqrt(6 / i), (i, o))),
         "not the lesson's draw"),
        ("a stream per layer", init_params_seed_per_layer, "not the lesson's draw"),
    ],
    "forward": [
        ("no bias", forward_builder(bias=False), "forgot the bias"),
        ("relu output", forward_builder(output=nh.relu), "ReLU at the output"),
        ("no output activation", forward_builder(output=lambda z: z), "raw scores"),
        ("softmax on one unit", forward_builder(output=nh.softmax), "single output unit"),
        ("sigmoid hidden", forward_builder(hidden="sigmoid"), "hidden layer used sigmoid"),
        ("no hidden activation", forward_builder(hidden="none"), "no activation on the hidden layer"),
        ("P flattened", forward_builder(flatten_p=True), "keep it 2-D"),
        ("returns (cache, P)", forward_builder(swap=True), "P first"),
        ("returns P only", forward_builder(only_p=True), "two things"),
        ("cache without A0", forward_builder(drop=("A0",)), "missing A0"),
        ("ReLU in place on Z", forward_builder(in_place_relu=True), "holds the activation"),
        ("hidden_activation ignored", forward_builder(ignore_activation_arg=True), "every hidden layer"),
        ("two layers, no activation argument", forward_two_layers, "third argument"),
        ("two layers, any activation", forward_two_layers_any_activation, "any number of layers"),
        ("sigmoid on several outputs", forward_builder(output=_sigmoid), "softmax at the output"),
        ("loop stops one layer early", forward_builder(stop_early=True), "stopped one layer early"),
        ("g and then the sigmoid on the last layer", forward_double_output, "double activation at the output"),
        ("activation on the first hidden layer only", forward_builder(first_layer_only=True), "any number of layers"),
    ],
    "xor_weights": [
        ("no hidden layer", lambda: {"W1": np.array([[1.0], [1.0]]), "b1": np.array([-0.5])}, "without a hidden layer"),
        ("one hidden unit", _xor([[1], [1]], [0], [[1]], [0]), "one hidden unit"),
        ("OR", _xor([[1, 1], [1, 1]], [0, -1], [[10], [0]], [-5]), "computes OR"),
        ("AND", _xor([[1, 1], [1, 1]], [0, -1], [[0], [10]], [-5]), "computes AND"),
        ("XNOR", _xor([[1, 1], [1, 1]], [0, -1], [[-5], [10]], [2.5]), "XNOR"),
        ("Goodfellow unscaled", _xor([[1, 1], [1, 1]], [0, -1], [[1], [-2]], [0]), "every point gets its class"),
        ("all units off", _xor([[1, 1], [1, 1]], [-5, -5], [[1], [1]], [0]), "same probability"),
        ("zero weights", _xor(np.zeros((2, 2)), [0, 0], [[0], [0]], [0]), "same probability"),
        ("W1 transposed", _xor(np.ones((3, 2)), [0, -1, 0], [[5], [-10], [0]], [-2.5]), "(n_in, n_out)"),
        ("2-D bias", _xor([[1, 1], [1, 1]], [[0, -1]], [[5], [-10]], [-2.5]), "b1 has shape (1, 2)"),
        ("missing b2", lambda: {"W1": np.ones((2, 2)), "b1": np.array([0.0, -1.0]), "W2": np.array([[5.0], [-10.0]])},
         "missing b2"),
        ("wrong points", _xor([[1, 1], [1, 1]], [0, -1], [[-10], [20]], [-5]), "on the wrong side"),
    ],
    "he_std": [
        ("linear unit", lambda n_in: np.sqrt(1 / n_in), "half of its inputs"),
        ("the variance", lambda n_in: 2 / n_in, "square root"),
        ("LeCun variance", lambda n_in: 1 / n_in, "is a variance"),
        ("root of 2 only", lambda n_in: np.sqrt(2) / n_in, "covers n_in too"),
        ("upside down", lambda n_in: np.sqrt(n_in / 2), "upside down"),
        ("2 outside", lambda n_in: 2 / np.sqrt(n_in), "inside the square root"),
        ("halved", lambda n_in: np.sqrt(1 / (2 * n_in)), "double it"),
        ("constant", lambda n_in: np.sqrt(2), "must depend on n_in"),
        ("an array", lambda n_in: np.full(n_in, np.sqrt(2 / n_in)), "return one number"),
    ],
}

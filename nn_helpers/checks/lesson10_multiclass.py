"""Checkers of Lesson 10, multi-class: the softmax minibatch loop for the digits, and predict_digits."""

import functools
import math
import re

import numpy as np

from ..activations import relu, sigmoid, softmax
from ..losses import categorical_cross_entropy, one_hot
from ..multiclass import uniform_guess_loss
from ..network import forward, init_params
from ._harness import (DEFAULT_TIMEOUT, _Finding, _all_close, _difference, _expect_keys, _params_and_history,
                       _run_checker)


@functools.lru_cache(maxsize=1)
def _digits():
    """The first 400 of scikit-learn's digits, pixels divided by 16 (bundled with scikit-learn: no download)."""
    from sklearn.datasets import load_digits

    digits = load_digits()
    return digits.data[:400] / 16.0, digits.target[:400].astype(np.int64)


# --------------------------------------------------------------------------------------------------------------------
# train_digits
# --------------------------------------------------------------------------------------------------------------------

def _reference_fit(X, y, hidden_size, learning_rate, epochs, batch_size, seed):
    """What NeuralNet learns with these settings: (params_, loss_history_)."""
    from ..neural_net import NeuralNet

    model = NeuralNet(hidden_layer_sizes=(hidden_size,), learning_rate=learning_rate, epochs=epochs,
                      batch_size=batch_size, seed=seed).fit(X, y)
    return model.params_, np.array(model.loss_history_)


def _digits_variant(X, y, hidden_size, learning_rate, epochs, batch_size, seed, order="shuffle", drop_last=False,
                    gradient_over="batch", targets="one-hot", output="softmax", update="after all",
                    loss="weighted", measured="before", init_seed=None, rng_seed=None, full_batch=False,
                    gradient_from="batch"):
    """The loop written out layer by layer, correct or with one known mistake (the keywords after seed)."""
    params = init_params([X.shape[1], hidden_size, 10], seed=seed if init_seed is None else init_seed)
    W1, b1, W2, b2 = (params[name].copy() for name in ("W1", "b1", "W2", "b2"))
    rng = np.random.default_rng(seed if rng_seed is None else rng_seed)
    n = len(X)
    once = rng.permutation(n) if order == "once" else None
    history = []
    for _ in range(epochs):
        if full_batch:
            x_order = y_order = np.arange(n)
        elif order == "shuffle":
            x_order = y_order = rng.permutation(n)
        elif order == "none":
            x_order = y_order = np.arange(n)
        elif order == "once":
            x_order = y_order = once
        else:  # "separate": X and y each shuffled with their own permutation
            x_order, y_order = rng.permutation(n), rng.permutation(n)
        size = n if full_batch else batch_size
        stop = n - n % size if drop_last else n
        losses, sizes = [], []
        for start in range(0, stop, size):
            Xb, yb = X[x_order[start:start + size]], y[y_order[start:start + size]]
            if gradient_from == "all":  # every step computed on all the images, not the batch's
                Xb, yb = X, y
            m = len(Xb)
            if targets == "one-hot":
                Yb = one_hot(yb, 10)
            else:  # Y[:, y] = 1: a 1 in every column that any label of the batch names, in every row
                Yb = np.zeros((m, 10))
                Yb[:, yb] = 1.0
            Z1 = Xb @ W1 + b1
            A1 = relu(Z1)
            Z2 = A1 @ W2 + b2
            P = {"softmax": softmax(Z2), "sigmoid": sigmoid(Z2),
                 "softmax over the batch": np.exp(Z2 - Z2.max(axis=0)) / np.exp(Z2 - Z2.max(axis=0)).sum(axis=0)
                 }[output]
            losses.append(categorical_cross_entropy(Yb, P))
            sizes.append(m)
            divide_by = {"batch": m, "all samples": n, "sum": 1}[gradient_over]
            dZ2 = (P - Yb) / divide_by
            dW2, db2 = A1.T @ dZ2, dZ2.sum(axis=0)
            if update == "layer by layer":  # W2 changed before the error is sent back through it
                W2, b2 = W2 - learning_rate * dW2, b2 - learning_rate * db2
            dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
            dW1, db1 = Xb.T @ dZ1, dZ1.sum(axis=0)
            if update != "layer by layer":
                W2, b2 = W2 - learning_rate * dW2, b2 - learning_rate * db2
            W1, b1 = W1 - learning_rate * dW1, b1 - learning_rate * db1
            if measured == "after":
                P_after = softmax(relu(Xb @ W1 + b1) @ W2 + b2)
                losses[-1] = categorical_cross_entropy(Yb, P_after)
        losses, sizes = np.array(losses), np.array(sizes)
        history.append({"weighted": np.sum(losses * sizes) / n, "batch mean": np.mean(losses),
                        "weighted sum": np.sum(losses * sizes), "last batch": losses[-1]}[loss])
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, np.array(history)


# Mistakes that change the training itself: recognised by the weights they end with.
_TRAJECTORY_MISTAKES = [
    (dict(order="none"), "the batches were taken in the same order as the rows, never shuffled: draw a new order "
     "every epoch with minibatches(len(X), batch_size, rng)."),
    (dict(order="once"), "every epoch used the same order: make rng = np.random.default_rng(seed) once, before the "
     "epoch loop, and draw a new order from it in every epoch (a new generator each epoch repeats the order)."),
    (dict(order="separate"), "X and y were shuffled with different permutations, so the images lost their labels: "
     "index both with the same batch, X[batch] and Y[batch]."),
    (dict(drop_last=True), "the last, short batch was dropped: a different few images are skipped every epoch (the "
     "order is reshuffled), so every epoch trains on fewer images than it should. Keep the short batch – "
     "NeuralNet and MLPClassifier do."),
    (dict(gradient_from="all"), "backward was given the full X and Y instead of the batch's: every step then follows "
     "the gradient of the whole training set. Use forward(X[batch], params) and backward(X[batch], Y[batch], "
     "params, cache)."),
    (dict(gradient_over="all samples"), "the gradient was averaged over the whole training set instead of the batch: "
     "dZ = (P - Y_batch) / len(batch), the mean over the batch's own rows (backward does this for you)."),
    (dict(gradient_over="sum"), "the gradient was summed over the batch, not averaged: divide P - Y by the batch's "
     "size, as the loss is a mean."),
    (dict(targets="columns"), "the one-hot targets are wrong: Y[:, y] = 1 sets whole columns, so every row gets a 1 "
     "for every label in the batch. Use one_hot(y, 10) (or Y[np.arange(m), y] = 1)."),
    (dict(output="sigmoid"), "the outputs went through a sigmoid: ten independent yes/no probabilities that need not "
     "sum to 1. Use a softmax over each row (forward does this for ten outputs)."),
    (dict(output="softmax over the batch"), "the softmax was taken down each column, over the batch (axis 0): each "
     "row's ten probabilities must sum to 1 – normalise along axis=1."),
    (dict(update="layer by layer"), "W2 was updated before the error was sent back through it: compute every "
     "gradient from the same weights first (all of backward), then update."),
    (dict(full_batch=True), "batch_size was ignored: every epoch was one full-batch step."),
    (dict(init_seed=0, rng_seed=0), "seed was ignored: the weights must be init_params([n_features, hidden_size, 10], "
     "seed=seed) and the generator np.random.default_rng(seed)."),
    (dict(init_seed=0), "the initial weights ignored seed: use init_params([n_features, hidden_size, 10], seed=seed)."),
    (dict(rng_seed=0), "the shuffling ignored seed: make the generator with np.random.default_rng(seed)."),
]

# Mistakes in the recorded losses only: the weights are right.
_LOSS_MISTAKES = [
    (dict(measured="after"), "each batch's loss was measured after its update: record the loss of the forward pass "
     "the gradients come from, before update_params."),
    (dict(loss="batch mean"), "the epoch's loss is the mean of the batch losses: weight each by its batch's size and "
     "divide by n_samples, or the short last batch counts as much as a full one."),
    (dict(loss="weighted sum"), "the epoch's loss was not divided by n_samples: it should be the mean over all "
     "images."),
    (dict(loss="last batch"), "only the last batch's loss was recorded: add up every batch's loss times its size "
     "over the epoch and divide by n_samples."),
]

# A loss within this relative distance of NeuralNet's is accepted (np.log(P + 1e-9) moves it by about 1e-8).
LOSS_RTOL = 1e-6

_TRAIN_CASES = [
    (400, 16, 0.1, 5, 32, 0, "400 digits, 16 hidden units, learning rate 0.1, batches of 32 (the last has 16), "
     "5 epochs, seed 0"),
    (230, 8, 0.3, 5, 50, 3, "230 digits, 8 hidden units, learning rate 0.3, batches of 50 (the last has 30), "
     "5 epochs, seed 3"),
]


def check_train_digits(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``train_digits(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0)`` -> (params, loss_history).

    Five epochs on real digits must give ``NeuralNet``'s ``loss_history_`` and
    ``params_`` (same seed, so the same initial weights and the same shuffling)
    to 1e-9 (the losses to 1e-6, see below).  Two cases, each with a short last batch.  Knows: no shuffling,
    the same order every epoch, X and y shuffled separately, the last batch
    dropped, the gradient averaged over the whole set or summed over the batch,
    one-hot targets built as Y[:, y] = 1, sigmoid outputs, a softmax over the
    batch, W2 updated before dW1 was computed, batch_size or seed ignored,
    numpy's global generator, backward given the full X and Y (with the
    batch's cache: its own hint; or after a full forward pass); and the loss
    measured after the update, batch losses averaged unweighted, not divided
    by n, or only the last batch's.  A loss within 1e-6 (relative) is
    accepted with a note: an ε inside the log (np.log(P + 1e-9)) is harmless.
    """
    usage = "train_digits(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0)"
    names = ("X", "y", "hidden_size", "learning_rate", "epochs", "batch_size")

    def run(check, X, y, args, seed, case):
        try:
            got = check.call((X, y, *args), case, names, kwargs=dict(seed=seed))
        except _Finding as finding:
            full = re.search(rf"Y has shape \({len(X)}, 10\) but the network's output has shape \((\d+), 10\)",
                             finding.headline)
            if full and int(full.group(1)) != len(X):
                raise _Finding("backward was given the full X and Y but the cache of one batch: inside the batch "
                               "loop use the batch's rows everywhere, backward(X[batch], Y[batch], params, cache).",
                               *finding.details) from None
            raise
        params, history = _params_and_history(got, "train_digits", case)
        _expect_keys(params, ["W1", "b1", "W2", "b2"], "the params train_digits returned",
                     hint="Start from init_params([X.shape[1], hidden_size, 10], seed=seed).")
        hidden_size = args[0]
        shapes = {"W1": (X.shape[1], hidden_size), "b1": (hidden_size,), "W2": (hidden_size, 10), "b2": (10,)}
        for name, shape in shapes.items():
            found = np.shape(params[name])
            if found != shape:
                hint = (" The output layer needs 10 units, one per digit." if name in ("W2", "b2") else "")
                raise _Finding(f"params['{name}'] has shape {found}, expected {shape}.{hint}", f"case: {case}")
        history = check.number_array(history, "loss_history")
        epochs = args[2]
        if history.shape != (epochs,):
            raise _Finding(f"loss_history has shape {history.shape} for {epochs} epochs: append one number per "
                           "epoch.", f"case: {case}")
        return {name: check.number_array(params[name], name) for name in shapes}, history

    def same(a, b):
        return all(_all_close(a[name], b[name], rtol=1e-9, atol=1e-11) for name in ("W1", "b1", "W2", "b2"))

    def body(check):
        X_all, y_all = _digits()
        for n, hidden, rate, epochs, batch, seed, case in _TRAIN_CASES:
            X, y = X_all[:n], y_all[:n]
            args = (hidden, rate, epochs, batch)
            params, history = run(check, X, y, args, seed, case)
            expected_params, expected = _reference_fit(X, y, hidden, rate, epochs, batch, seed)
            details = [f"case: {case}"]
            if not same(params, expected_params):
                initial = init_params([X.shape[1], hidden, 10], seed=seed)
                if same(params, initial):
                    raise _Finding("train_digits returned the initial weights: return params after the last "
                                   "update (params = update_params(...) inside the loop).", *details)
                for mistake, message in _TRAJECTORY_MISTAKES:
                    wrong_params, _ = _digits_variant(X, y, hidden, rate, epochs, batch, seed, **mistake)
                    if same(params, wrong_params):
                        raise _Finding(message, *details)
                _, again = run(check, X, y, args, seed, case)
                if not np.array_equal(again, history):
                    raise _Finding("two calls with the same seed gave different losses: shuffle with one "
                                   "rng = np.random.default_rng(seed), not np.random.", *details)
                raise _Finding("the weights after 5 epochs differ from NeuralNet's with the same settings: each "
                               "epoch, for every batch of minibatches(n, batch_size, rng): forward, loss, backward, "
                               "update.", *details,
                               _difference(params["b2"], expected_params["b2"],
                                           np.isclose(params["b2"], expected_params["b2"], rtol=1e-9, atol=1e-11)))
            if np.allclose(history, expected, rtol=LOSS_RTOL, atol=1e-9):  # right, or right up to an ε in the log
                if not np.allclose(history, expected, rtol=1e-9, atol=1e-11):
                    check.note("Note: your losses differ from NeuralNet's by less than one part in a million – an "
                               "ε inside the log, such as np.log(P + 1e-9), does that. Harmless: the weights are "
                               "exactly right.")
                continue
            details.append(_difference(history, expected, np.isclose(history, expected, rtol=1e-9, atol=1e-11)))
            for mistake, message in _LOSS_MISTAKES:
                _, wrong = _digits_variant(X, y, hidden, rate, epochs, batch, seed, **mistake)
                if np.allclose(history, wrong, rtol=LOSS_RTOL, atol=1e-9):
                    raise _Finding(message, *details)
            raise _Finding("the weights are right but loss_history is not: for each epoch, add every batch's "
                           "categorical cross-entropy times len(batch), then divide by n_samples.", *details)

    return _run_checker("train_digits", fn, usage, "train_digits", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# predict_digits
# --------------------------------------------------------------------------------------------------------------------

def _prediction_cases():
    """(params, X, description): two different trained-looking networks, and one image on its own."""
    X_all, _ = _digits()
    cases = []
    for seed, hidden in ((5, 12), (6, 20)):
        rng = np.random.default_rng(seed)
        params = init_params([64, hidden, 10], seed=seed)
        params["b1"] = rng.normal(0, 0.3, hidden)
        params["b2"] = rng.normal(0, 1.0, 10)  # so different networks prefer different digits
        params["W2"] = params["W2"] * 3.0
        cases.append((params, X_all[:37], f"37 digit images through a 64-{hidden}-10 network (seed {seed})"))
    cases.append((cases[0][0], X_all[100:101], "a single image, X of shape (1, 64)"))
    return cases


def check_predict_digits(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``predict_digits(params, X)`` -> int array (n_samples,): the argmax of each row of P.

    Two networks and a single image.  Knows: the probabilities returned, argmax
    over axis 0 or with no axis, keepdims, argmin, thresholded probabilities,
    other params than the ones given (a model from the notebook).
    """
    def body(check):
        for params, X, case in _prediction_cases():
            got = check.call((params, X), case, ("params", "X"))
            if got is None:
                raise _Finding("predict_digits returned None: did you forget the `return` statement?")
            array = check.number_array(got, "the predictions", allow_bool=True)
            P, _ = forward(X, params)
            expected = np.argmax(P, axis=1)
            n = len(X)
            if array.shape == (n, 10) and n != 10:
                if np.all((array == 0) | (array == 1)):
                    raise _Finding("you returned a 0/1 array of shape (n_samples, 10): thresholding gives no single "
                                   "answer per image. Return the index of each row's largest probability: "
                                   "np.argmax(P, axis=1).", f"case: {case}")
                raise _Finding("you returned the probabilities, shape (n_samples, 10). Return the index of each "
                               "row's largest one: np.argmax(P, axis=1).", f"case: {case}")
            if array.shape == (10,) and n != 10:
                raise _Finding("you returned 10 numbers: argmax over axis 0 finds, for each digit, its most "
                               "confident *image*. Use axis=1, over the ten probabilities of each row.",
                               f"case: {case}")
            if array.shape == () and n != 1:
                raise _Finding("you returned a single number: np.argmax without an axis searches the whole array "
                               "(flattened). Use axis=1.", f"case: {case}")
            if array.shape == (n, 1):
                raise _Finding("you returned shape (n_samples, 1): drop keepdims=True, so there is one digit per "
                               "image in a flat array of shape (n_samples,).", f"case: {case}")
            if array.shape != (n,):
                raise _Finding(f"expected one digit per image, shape ({n},); got shape {array.shape}.",
                               f"case: {case}")
            if not np.array_equal(array, expected):
                if np.array_equal(array, np.argmin(P, axis=1)):
                    raise _Finding("you took the argmin: that is the digit the network thinks *least* likely. "
                                   "Use np.argmax.", f"case: {case}")
                differ = int(np.sum(array != expected))
                raise _Finding(f"{differ} of {n} predictions differ from the argmax of forward(X, params)'s P: did "
                               "you use the params you were given?", f"case: {case}",
                               _difference(array, expected.astype(np.float64), array == expected))
            if not np.issubdtype(np.asarray(got).dtype, np.integer):
                check.note(f"Note: your digits have dtype {np.asarray(got).dtype}; np.argmax gives integers, which "
                           "index arrays and compare with labels without surprises.")

    return _run_checker("predict_digits", fn, "predict_digits(params, X)", "predict_digits", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# The lesson's derivation: the loss of a uniform guess
# --------------------------------------------------------------------------------------------------------------------

UNIFORM_RTOL = 1e-6


def check_uniform_guess_loss(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``uniform_guess_loss(n_classes)`` = log(n_classes), the cross-entropy of P = 1/K for every class.

    Tries K = 10, 2, 3 and 1, to a relative tolerance of 1e-6 (UNIFORM_RTOL): log K computed in float32 or as
    np.log(K + 1e-12) is the formula and passes; a rounded constant such as 2.30259 is not (it is 2e-6 off, and
    wrong for every other K).  Knows: log(1/K) (the minus sign lost), 1/K (the probability, not its loss),
    log2 and log10 instead of the natural log, K * log K (summed over all K entries as if each were the true class).
    """
    cases = [(10, "n_classes = 10 (the digits)"), (2, "n_classes = 2"), (3, "n_classes = 3"),
             (1, "n_classes = 1 (one class: certain)")]

    def mistakes(K):
        return [("that is log(1/K), which is negative: the loss is minus the log-probability of the true class, "
                 "-log(1/K) = log K.", -np.log(K)),
                ("that is the probability 1/K itself; the loss is -log of it.", 1.0 / K),
                ("that is the logarithm to base 2; cross-entropy in this course uses the natural log (np.log).",
                 np.log2(K)),
                ("that is the logarithm to base 10; cross-entropy in this course uses the natural log (np.log).",
                 np.log10(K)),
                ("that sums -log(1/K) over all K classes; only the true class's entry of Y is 1, so each sample "
                 "costs log K once.", K * np.log(K))]

    def body(check):
        for K, case in cases:
            got = check.call((K,), case, ("n_classes",))
            value = check.number_array(got, "the loss")
            if value.size != 1:
                raise _Finding(f"uniform_guess_loss returned shape {value.shape}; expected one number.",
                               f"case: {case}")
            value = float(value.reshape(()))
            expected = uniform_guess_loss(K)
            if np.isclose(value, expected, rtol=UNIFORM_RTOL, atol=1e-9):
                continue
            shown = f"expected {expected:.10f}, got {value:.10f} (tolerance {UNIFORM_RTOL:g} relative)"
            for message, wrong in mistakes(K):
                if not np.isclose(wrong, expected, rtol=1e-9, atol=1e-12) and \
                        np.isclose(value, wrong, rtol=1e-9, atol=1e-12):
                    raise _Finding(message, f"case: {case}", shown)
            if K == 10 and abs(value - expected) < 1e-4:
                raise _Finding("that is log 10 rounded: write the formula in n_classes (np.log), not a number – it "
                               "must hold for every K.", f"case: {case}", shown)
            raise _Finding("the loss is wrong: with P = 1/K for every class, each sample costs -log(1/K).",
                           f"case: {case}", shown)

    return _run_checker("uniform_guess_loss", fn, "uniform_guess_loss(n_classes)", "uniform_guess_loss", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# The lesson's second derivation: the exact McNemar p-value
# --------------------------------------------------------------------------------------------------------------------

def _binomial_cdf(k, n):
    """P(X <= k) for X ~ Binomial(n, 1/2), exactly."""
    return sum(math.comb(n, i) for i in range(k + 1)) / 2 ** n if k >= 0 else 0.0


def check_mcnemar_exact_p(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``mcnemar_exact_p(b, c)``: the exact two-sided McNemar p, min(1, 2 P(X <= min(b, c))), X ~ Bin(b + c, 1/2).

    Compared with ``scipy.stats.binomtest(b, b + c, 0.5).pvalue`` to 1e-9 on (0, 4), (4, 0), (3, 3), (2, 9),
    (9, 2), (12, 30) and (1, 1).  Knows: a one-sided p (either tail), the factor 2 forgotten, 2 P not capped at 1,
    n taken as max(b, c) instead of b + c, (1/2)^n without the binomial coefficients, and the chi-squared
    (asymptotic) McNemar test instead of the exact one.
    """
    from scipy.stats import binomtest, chi2

    cases = [((0, 4), "b = 0, c = 4 (lesson 10's seed 0)"), ((4, 0), "b = 4, c = 0"),
             ((3, 3), "b = c = 3 (no difference at all)"), ((2, 9), "b = 2, c = 9"), ((9, 2), "b = 9, c = 2"),
             ((12, 30), "b = 12, c = 30"), ((1, 1), "b = c = 1")]

    def mistakes(b, c):
        n, low = b + c, min(b, c)
        return [
            ("that is one tail only (the factor 2 is missing, or the p is one-sided): the test is two-sided – a "
             "difference either way counts – so double the tail of the smaller count, and cap at 1.",
             _binomial_cdf(low, n)),
            ("that doubles the tail of b, not of the smaller count: use k = min(b, c), so that the tail is the "
             "unlikely end.", min(1.0, 2 * _binomial_cdf(b, n))),
            ("that doubles the tail at and above b; use the lower tail of the smaller count, k = min(b, c).",
             min(1.0, 2 * (1 - _binomial_cdf(b - 1, n)))),
            ("that is a one-sided p, P(X <= b): the test is two-sided. Take the smaller count, min(b, c), double its "
             "tail and cap at 1.", _binomial_cdf(b, n)),
            ("that is a one-sided p, P(X >= b): the test is two-sided. Take the smaller count, min(b, c), double its "
             "tail and cap at 1.", 1 - _binomial_cdf(b - 1, n)),
            ("2 × the tail is above 1 here: a probability cannot be, so cap it, min(1, 2 × tail) (the two tails "
             "overlap when b = c).", 2 * _binomial_cdf(low, n)),
            ("the number of trials is wrong: under the null each of the b + c disagreements is a coin toss, so "
             "n = b + c.", min(1.0, 2 * _binomial_cdf(low, max(b, c)))),
            ("the binomial coefficients are missing: P(X = i) = C(n, i) / 2**n, and there are C(n, i) ways to get i.",
             min(1.0, 2 * sum(1 / 2 ** n for _ in range(low + 1)))),
            ("that is the chi-squared McNemar test, (b - c)^2 / (b + c) against chi2(1): an approximation for many "
             "disagreements. Here the exact binomial tail is asked for.",
             float(chi2.sf((b - c) ** 2 / n, 1)) if n else 1.0),
        ]

    def body(check):
        for (b, c), case in cases:
            got = check.call((b, c), case, ("b", "c"))
            value = check.number_array(got, "the p-value")
            if value.size != 1:
                raise _Finding(f"mcnemar_exact_p returned shape {value.shape}; expected one number.", f"case: {case}")
            value = float(value.reshape(()))
            expected = binomtest(b, b + c, 0.5).pvalue
            if np.isclose(value, expected, rtol=1e-9, atol=1e-12):
                continue
            shown = f"expected {expected:.6f} (scipy.stats.binomtest(b, b + c, 0.5)), got {value:.6f}"
            for message, wrong in mistakes(b, c):
                if not np.isclose(wrong, expected, rtol=1e-9, atol=1e-12) and np.isclose(value, wrong, rtol=1e-9,
                                                                                          atol=1e-12):
                    raise _Finding(message, f"case: {case}", shown)
            if not 0 <= value <= 1:
                raise _Finding("a p-value is a probability, in [0, 1].", f"case: {case}", shown)
            raise _Finding("the p-value is wrong: p = min(1, 2 × sum over i = 0..min(b, c) of C(b + c, i) / "
                           "2**(b + c)).",
                           f"case: {case}", shown)

    return _run_checker("mcnemar_exact_p", fn, "mcnemar_exact_p(b, c)", "mcnemar_exact_p", timeout, body)

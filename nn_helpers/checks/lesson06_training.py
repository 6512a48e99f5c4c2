"""Checkers of Lesson 6, training."""

import itertools

import numpy as np

from ..network import backward, compute_loss, forward, init_params, update_params
from ..training import batch_size_for_noise, minibatches, train
from ._harness import (DEFAULT_TIMEOUT, _Check, _Finding, _all_close, _close, _difference, _expect_keys, _fmt,
                       _params_and_history, _random_network, _run_checker)
from .lesson03_forward import _OPTIONAL_NOTES


def check_update_params(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``update_params(params, grads, learning_rate)`` -> new params, p - learning_rate * dp.

    Tries two-layer networks with learning rates 0.1 and 0.5 (required) and a
    three-layer network (optional).  Knows: moving uphill (+), the learning rate
    ignored or divided by, a parameter left out (e.g. the biases), changing the
    params dict or its arrays in place, None returned, grads looked up as W1
    instead of dW1.
    """
    rng = np.random.default_rng(30)

    def make(sizes, seed):
        _, params = _random_network(sizes, seed, 1)
        grads = {f"d{name}": np.round(rng.normal(0, 1, value.shape), 3) for name, value in params.items()}
        return params, grads

    cases = [
        (*make([2, 3, 1], 1), 0.1, "a [2, 3, 1] network, learning_rate = 0.1", True),
        (*make([4, 5, 2], 2), 0.5, "a [4, 5, 2] network, learning_rate = 0.5", True),
        (*make([3, 4, 4, 1], 3), 0.1, "a [3, 4, 4, 1] network (two hidden layers), learning_rate = 0.1", False),
    ]

    def mutation(name):
        if name == "the params dict":
            return ("update_params changed the params dict you passed in: build and return a new dict, "
                    "{name: params[name] - learning_rate * grads['d' + name] for name in params}.")
        if name.startswith("params["):
            return (f"update_params wrote into the arrays inside params ({name} -= ...): compute new arrays, "
                    "params[name] - learning_rate * grads['d' + name], so the old weights stay intact.")
        return f"update_params changed {name}, which you passed in: leave the gradients as they are."

    def run_case(check, params, grads, learning_rate, case):
        try:
            got = check.call((params, grads, learning_rate), case, ("params", "grads", "learning_rate"),
                             mutation=mutation)
        except _Finding as finding:
            if finding.headline.startswith("update_params raised KeyError"):
                raise _Finding(finding.headline, *finding.details,
                               f"grads holds {', '.join(grads)}: the gradient of W1 is grads['dW1'].") from None
            raise
        names = list(params)
        _expect_keys(got, names, "the dict update_params returned",
                     hint="Return the new parameters under the same names as params.")
        expected = update_params(params, grads, learning_rate)
        wrong = [name for name in names if not _all_close(check.number_array(got[name], name), expected[name])]
        if not wrong:
            return
        details = [f"case: {case}", f"wrong: {', '.join(wrong)}"]
        variants = [
            ("moved uphill: subtract the gradient, p - learning_rate * dp.",
             lambda name: params[name] + learning_rate * grads[f"d{name}"]),
            ("ignored the learning rate: p - learning_rate * dp.", lambda name: params[name] - grads[f"d{name}"]),
            ("divided by the learning rate: multiply instead, p - learning_rate * dp.",
             lambda name: params[name] - grads[f"d{name}"] / learning_rate),
        ]
        for message, compute in variants:
            if all(_all_close(np.asarray(got[name], dtype=np.float64), compute(name)) for name in wrong):
                raise _Finding(message, *details)
        unchanged = [name for name in wrong if _all_close(np.asarray(got[name], dtype=np.float64), params[name])]
        if unchanged:
            raise _Finding(f"{', '.join(unchanged)} did not change: update every parameter, biases too.", *details)
        first = wrong[0]
        got_first = np.asarray(got[first], dtype=np.float64)
        raise _Finding(f"{', '.join(wrong)} are wrong: each parameter becomes p - learning_rate * dp.",
                       *details, f"{first}: " + _difference(got_first, expected[first],
                                                            _close(got_first, expected[first])))

    def body(check):
        for params, grads, learning_rate, case, required in cases:
            if required:
                run_case(check, params, grads, learning_rate, case)
                continue
            try:
                run_case(check, params, grads, learning_rate, case)
            except _Finding as finding:
                if "not implemented yet" in finding.headline or "did not finish" in finding.headline:
                    raise
                check.note(_OPTIONAL_NOTES["deep"].format(problem=finding.headline.rstrip(".")))

    return _run_checker("update_params", fn, "update_params(params, grads, learning_rate)", "update_params",
                        timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# minibatches
# --------------------------------------------------------------------------------------------------------------------

class _EpochGenerator(np.random.Generator):
    """A Generator the checker's deep copy leaves alone, so successive calls share one stream, as epochs do."""

    def __deepcopy__(self, memo):
        return self


def _generator(seed):
    return _EpochGenerator(np.random.PCG64(seed))


def _as_batches(check, got, n_samples, case):
    """The learner's batches as a list of 1-D integer arrays, or a _Finding that says what they are instead."""
    if got is None:
        raise _Finding("minibatches returned None: did you forget the `return` statement?")
    if isinstance(got, (str, bytes, dict, set)) or np.isscalar(got):
        raise _Finding(f"minibatches returned {type(got).__name__} {_fmt(got)}: return a list of index arrays, "
                       "one per batch.", f"case: {case}")
    if isinstance(got, np.ndarray) and got.ndim == 1:
        raise _Finding("minibatches returned one array: cut the order into batches, "
                       "[order[start:start + batch_size] for start in range(0, n_samples, batch_size)].",
                       f"case: {case}")
    try:
        batches = list(got)
    except TypeError:
        raise _Finding(f"minibatches returned {type(got).__name__}, not a list of index arrays.",
                       f"case: {case}") from None
    X = np.arange(n_samples, dtype=np.float64)[:, None] * np.array([1.0, -1.0])
    Y = np.arange(n_samples, dtype=np.float64)[:, None]
    arrays = []
    for k, batch in enumerate(batches):
        array = np.asarray(batch) if not isinstance(batch, tuple) else None
        if array is None or array.dtype == object or array.ndim != 1:
            raise _Finding(f"batch {k} is {type(batch).__name__} {_fmt(batch)}: each batch must be a 1-D array of row "
                           "indices, such as order[start:start + batch_size].", f"case: {case}")
        if array.dtype == bool:
            raise _Finding(f"batch {k} is a boolean mask of length {array.size}: return the indices themselves "
                           "(order[start:stop]); a mask per batch costs n_samples entries per batch.",
                           f"case: {case}")
        if not np.issubdtype(array.dtype, np.integer):
            raise _Finding(f"batch {k} holds {array.dtype} values: row indices must be integers "
                           "(rng.permutation(n_samples) gives integers).", f"case: {case}")
        if array.size and (array.min() < 0 or array.max() >= n_samples):
            raise _Finding(f"batch {k} holds {_fmt(array)}: every index must lie in 0..{n_samples - 1}.",
                           f"case: {case}")
        # Used as train uses it: the same index picks the rows of X and of Y, so each row keeps its label.
        if not (np.array_equal(X[batch][:, 0], Y[batch][:, 0]) and X[batch].shape == (array.size, 2)):
            raise _Finding(f"batch {k} does not pick the same rows of X and Y: X[batch] and Y[batch] must be the "
                           "rows of the same samples.", f"case: {case}")
        arrays.append(array.astype(np.int64))
    return arrays


def check_minibatches(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``minibatches(n_samples, batch_size, rng)`` -> list of index arrays for one epoch.

    Every index exactly once, batches of batch_size with the short last batch
    kept, a new order on every call drawn from the generator passed in (two
    calls on one generator stand for two epochs), exactly the batches of
    ``order = rng.permutation(n_samples)`` cut into consecutive slices - so the
    learner's ``train`` can match the reference.  Knows: no shuffling, the same
    order every epoch, numpy's global generator, the last batch dropped,
    balanced (array_split) batches, drawing with replacement, boolean masks.
    """
    cases = [(10, 4, 1), (12, 4, 2), (5, 8, 3), (7, 1, 4)]

    def one_case(check, n_samples, batch_size, seed):
        case = f"n_samples = {n_samples}, batch_size = {batch_size}"
        rng = _generator(seed)
        epochs, epoch_batches = [], []
        for _ in range(2):
            before = rng.bit_generator.state
            got = check.call((n_samples, batch_size, rng), case, ("n_samples", "batch_size", "rng"))
            batches = _as_batches(check, got, n_samples, case)
            drew = rng.bit_generator.state != before
            everything = np.concatenate(batches) if batches else np.array([], dtype=np.int64)
            sizes = [len(batch) for batch in batches]
            details = [f"case: {case}", f"batch sizes: {sizes}"]
            if len(np.unique(everything)) != everything.size:
                raise _Finding("some index appears twice in one epoch: shuffle a permutation "
                               "(rng.permutation(n_samples)) instead of drawing indices with replacement.", *details)
            remainder = n_samples % batch_size
            if everything.size < n_samples:
                if remainder and everything.size == n_samples - remainder and set(sizes) == {batch_size}:
                    raise _Finding(f"the last, short batch ({remainder} samples) is missing: keep it – "
                                   "range(0, n_samples, batch_size) ends with a shorter slice, and those samples "
                                   "would never be trained on.", *details)
                raise _Finding(f"only {everything.size} of the {n_samples} indices appear: every sample must be in "
                               "exactly one batch per epoch.", *details)
            expected_sizes = [batch_size] * (n_samples // batch_size) + ([remainder] if remainder else [])
            if sizes != expected_sizes and sorted(sizes) == sorted(expected_sizes):
                raise _Finding(f"the short batch comes first: cut the order from the start, "
                               f"order[start:start + batch_size] for start = 0, batch_size, ..., so the batches have "
                               f"sizes {expected_sizes} and only the last is shorter.", *details)
            if sizes != expected_sizes:
                raise _Finding(f"the batches should have sizes {expected_sizes}: batch_size each, only the last "
                               "may be shorter – slice order[start:start + batch_size].", *details)
            if not drew and epochs and np.array_equal(everything, epochs[0]):
                raise _Finding("two calls on the same generator (two epochs) gave the same order: draw a new "
                               "permutation from rng on every call.", f"case: {case}")
            if not drew:
                in_order = np.array_equal(everything, np.arange(n_samples))
                if in_order and not epochs:
                    raise _Finding("the batches are in order 0, 1, 2, ...: shuffle first, "
                                   "order = rng.permutation(n_samples).", *details)
                raise _Finding("the order does not come from the rng you passed in: use rng.permutation(n_samples) "
                               "(np.random.permutation or a generator made inside minibatches ignore it, so "
                               "train could not be repeated from its seed).", *details)
            epochs.append(everything)
            epoch_batches.append(batches)
        if np.array_equal(epochs[0], epochs[1]):
            raise _Finding("two calls on the same generator (two epochs) gave the same order: draw a new "
                           "permutation from rng on every call.", f"case: {case}")
        reference_rng = np.random.default_rng(seed)
        for epoch, everything in enumerate(epochs):
            expected = np.concatenate(minibatches(n_samples, batch_size, reference_rng))
            if not np.array_equal(everything, expected):
                if _slices_of(epoch_batches[epoch], expected):
                    raise _Finding("the batches are slices of rng.permutation(n_samples), but cut from another "
                                   "starting point: cut order[0:batch_size], order[batch_size:2 * batch_size], ... "
                                   "from the start, so the short batch comes last.",
                                   f"case: {case}, epoch {epoch}",
                                   f"expected order {_fmt(expected)}, got {_fmt(everything)}")
                raise _Finding("the batches are a valid shuffle, but not the one rng.permutation(n_samples) gives: "
                               "use exactly order = rng.permutation(n_samples), so your train can be compared with "
                               "the reference.", f"case: {case}, epoch {epoch}",
                               f"expected order {_fmt(expected)}, got {_fmt(everything)}")

    def _slices_of(batches, order):
        """True if every batch is a contiguous run of `order` (the reference permutation), cut elsewhere."""
        text = order.tolist()
        for batch in batches:
            run = np.asarray(batch).tolist()
            starts = [k for k in range(len(text) - len(run) + 1) if text[k:k + len(run)] == run]
            if not run or not starts:
                return False
        return True

    def body(check):
        for n_samples, batch_size, seed in cases:
            one_case(check, n_samples, batch_size, seed)

    return _run_checker("minibatches", fn, "minibatches(n_samples, batch_size, rng)", "minibatches", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# train
# --------------------------------------------------------------------------------------------------------------------

def _train_variant(X, Y, layer_sizes, learning_rate, epochs, batch_size=None, hidden_activation="relu", seed=0,
                   order="shuffle", drop_last=False, loss="weighted", measured="before", init_seed=None,
                   rng_seed=None, ignore_batch_size=False):
    """The reference loop, or one of the known mistakes (the keyword arguments after seed)."""
    params = init_params(layer_sizes, seed=seed if init_seed is None else init_seed)
    rng = np.random.default_rng(seed if rng_seed is None else rng_seed)
    n_samples = len(X)
    full = batch_size is None or ignore_batch_size
    once = rng.permutation(n_samples) if order == "once" else None
    history = []
    for _ in range(epochs):
        if full:
            x_rows = y_rows = [np.arange(n_samples)]
        else:
            if order == "shuffle":
                x_order = y_order = rng.permutation(n_samples)
            elif order == "none":
                x_order = y_order = np.arange(n_samples)
            elif order == "once":
                x_order = y_order = once
            else:  # "separate": X and Y each get their own permutation
                x_order, y_order = rng.permutation(n_samples), rng.permutation(n_samples)
            stop = n_samples - n_samples % batch_size if drop_last else n_samples
            starts = range(0, stop, batch_size)
            x_rows = [x_order[s:s + batch_size] for s in starts]
            y_rows = [y_order[s:s + batch_size] for s in starts]
        losses, sizes = [], []
        for rows_x, rows_y in zip(x_rows, y_rows):
            X_batch, Y_batch = X[rows_x], Y[rows_y]
            P, cache = forward(X_batch, params, hidden_activation)
            if measured == "before":
                losses.append(compute_loss(Y_batch, P))
            params = update_params(params, backward(X_batch, Y_batch, params, cache, hidden_activation),
                                   learning_rate)
            if measured == "after":
                losses.append(compute_loss(Y_batch, forward(X_batch, params, hidden_activation)[0]))
            sizes.append(len(rows_x))
        if measured == "end of epoch":
            history.append(compute_loss(Y, forward(X, params, hidden_activation)[0]))
            continue
        losses, sizes = np.array(losses), np.array(sizes)
        history.append({"weighted": np.sum(losses * sizes) / n_samples, "batch mean": np.mean(losses),
                        "sum of means": np.sum(losses), "weighted sum": np.sum(losses * sizes),
                        "last batch": losses[-1]}[loss])
    return params, history


_TRAIN_MISTAKES = [
    (dict(measured="after"), "each batch's loss was measured after its update: record compute_loss on the forward "
     "pass that the gradients come from, before update_params."),
    (dict(measured="end of epoch"), "the loss was measured on all the data after the epoch's updates: record each "
     "batch's loss on its forward pass, before its update (the contract NeuralNet and MLPClassifier share)."),
    (dict(loss="batch mean"), "the epoch's loss is the mean of the batch losses: weight each by its batch's size "
     "(sum compute_loss * len(batch), then divide by n_samples), or a short last batch counts as much as a full one."),
    (dict(loss="sum of means"), "the epoch's loss is the sum of the batch losses: weight each by its batch's size "
     "and divide by n_samples."),
    (dict(loss="weighted sum"), "the epoch's loss was not divided by n_samples: it should be the mean over all "
     "samples."),
    (dict(loss="last batch"), "only the last batch's loss was recorded: add up every batch's loss (times its size) "
     "over the epoch and divide by n_samples."),
    (dict(order="none"), "the batches were taken in order, never shuffled: use minibatches(n_samples, batch_size, "
     "rng) inside the epoch loop."),
    (dict(order="once"), "every epoch used the same order: make rng = np.random.default_rng(seed) once, before the "
     "epoch loop, and call minibatches(n_samples, batch_size, rng) in every epoch (shuffling once outside the loop, "
     "or a new generator every epoch, repeats the order)."),
    (dict(order="separate"), "X and Y were shuffled with different permutations, so the rows lost their labels: "
     "index both with the same batch, X[batch] and Y[batch]."),
    (dict(drop_last=True), "the last, short batch was dropped: those samples were never trained on."),
    (dict(ignore_batch_size=True), "batch_size was ignored: every epoch was one full-batch step."),
    (dict(init_seed=0, rng_seed=0), "seed was ignored: the weights must be init_params(layer_sizes, seed=seed) and "
     "the generator np.random.default_rng(seed)."),
    (dict(init_seed=0), "the initial weights ignored seed: use init_params(layer_sizes, seed=seed)."),
    (dict(rng_seed=0), "the shuffling ignored seed: make the generator with np.random.default_rng(seed)."),
]


def _train_data():
    rng = np.random.default_rng(60)
    X = np.round(rng.normal(0, 1, (12, 2)), 3)
    y = (X[:, 0] * X[:, 1] > 0).astype(np.float64)
    labels = rng.integers(0, 3, 12)
    labels[:3] = [0, 1, 2]
    return X, y.reshape(-1, 1), np.eye(3)[labels]


def check_train(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``train(X, Y, layer_sizes, learning_rate, epochs, batch_size=None, hidden_activation="relu", seed=0)``
    -> (params, loss_history).

    The losses must equal the reference ``nn_helpers.train``'s to 1e-12, and the
    final weights too, from the same start: full batch; batches of 5 out of 12
    (a short last batch) with seed 1; tanh and a three-class softmax output.
    Knows: the loss measured after the update, batch losses averaged or summed
    instead of weighted by size, only the last batch's loss, no shuffling, the
    same order every epoch, X and Y shuffled separately, the last batch dropped,
    batch_size or seed or hidden_activation ignored, numpy's global generator,
    the wrong number of losses, the returned values swapped.
    """
    X, Y2, Y3 = _train_data()
    cases = [
        (X, Y2, [2, 3, 1], 0.5, 6, None, "relu", 0, "full batch, a [2, 3, 1] network, 6 epochs"),
        (X, Y2, [2, 3, 1], 0.5, 6, 5, "relu", 1, "batches of 5 out of 12 samples, seed = 1"),
        (X, Y3, [2, 4, 3], 0.3, 5, 5, "tanh", 2,
         "three classes (one-hot Y), hidden_activation = 'tanh', batches of 5, seed = 2"),
    ]
    usage = "train(X, Y, layer_sizes, learning_rate, epochs, batch_size=None, hidden_activation='relu', seed=0)"
    names = ("X", "Y", "layer_sizes", "learning_rate", "epochs")

    def run(check, X, Y, sizes, rate, epochs, batch_size, activation, seed, case):
        got = check.call((X, Y, sizes, rate, epochs), case, names,
                         kwargs=dict(batch_size=batch_size, hidden_activation=activation, seed=seed))
        params, history = _params_and_history(got, "train", case)
        if not isinstance(params, dict):
            raise _Finding(f"the first value train returned is {type(params).__name__}, not the params dict.",
                           f"case: {case}")
        history = check.number_array(history, "loss_history")
        if history.shape != (epochs,):
            raise _Finding(f"loss_history has {_describe(history)} for {epochs} epochs: record one number per epoch.",
                           f"case: {case}")
        return params, history

    def body(check):
        for X, Y, sizes, rate, epochs, batch_size, activation, seed, case in cases:
            params, history = run(check, X, Y, sizes, rate, epochs, batch_size, activation, seed, case)
            args = (X, Y, sizes, rate, epochs, batch_size, activation, seed)
            expected_params, expected = _train_variant(*args)
            expected = np.array(expected)
            if not np.allclose(history, expected, rtol=1e-12, atol=1e-12):
                ok = np.isclose(history, expected, rtol=1e-12, atol=1e-12)
                details = [f"case: {case}", _difference(history, expected, ok)]
                if activation != "relu":
                    _, relu = _train_variant(*args[:6], "relu", seed)
                    if np.allclose(history, relu, rtol=1e-9, atol=1e-12):
                        raise _Finding("hidden_activation was ignored: pass it to forward and backward.", *details)
                for mistake, message in _TRAIN_MISTAKES:
                    _, wrong = _train_variant(*args, **mistake)
                    if not np.allclose(wrong, expected, rtol=1e-9, atol=1e-12) and \
                            np.allclose(history, wrong, rtol=1e-9, atol=1e-12):
                        raise _Finding(message, *details)
                _, again = run(check, X, Y, sizes, rate, epochs, batch_size, activation, seed, case)
                if not np.array_equal(again, history):
                    raise _Finding("two calls with the same seed gave different losses: shuffle with one "
                                   "rng = np.random.default_rng(seed) passed to minibatches, not np.random.", *details)
                raise _Finding("the losses differ from the reference loop's: each epoch, for every batch, forward "
                               "-> loss (times the batch's size) -> backward -> update; then the sum / n_samples.",
                               *details)
            if batch_size is None and not np.array_equal(history, expected):
                check.note("Note: your full-batch losses match the reference to rounding but not bit for bit. If "
                           "train shuffles when batch_size is None, that is wasted work: a full batch's mean "
                           "gradient does not depend on the order of the rows, so take all rows in order.")
            _expect_keys(params, list(expected_params), "the params train returned",
                         hint="Return the params dict after the last update.")
            wrong = [name for name in expected_params
                     if not _all_close(check.number_array(params[name], name), expected_params[name],
                                       rtol=1e-10, atol=1e-12)]
            if wrong:
                initial = init_params(sizes, seed=seed)
                if all(_all_close(np.asarray(params[name], dtype=np.float64), initial[name]) for name in initial):
                    raise _Finding("the losses are right but train returned the initial params: return the params "
                                   "after the last update.", f"case: {case}")
                raise _Finding(f"the losses are right but {', '.join(wrong)} are not the final weights: return the "
                               "params after the last update.", f"case: {case}")

    return _run_checker("train", fn, usage, "train", timeout, body)


def _describe(array):
    return f"{array.size} entries" if array.ndim == 1 else f"shape {array.shape}"


# --------------------------------------------------------------------------------------------------------------------
# fit: the body of a scikit-learn-style classifier
# --------------------------------------------------------------------------------------------------------------------

_FIT_SETTINGS = dict(hidden_layer_sizes=(4,), learning_rate=0.5, epochs=8, batch_size=None,
                     hidden_activation="relu", seed=0)


def _call_method(check, method, args, case, usage, names=("X", "y")):
    """Run one of the estimator's methods as safely as the learner's function itself."""
    helper = _Check(check.title, method, usage, check.reference, check.timeout)
    try:
        return helper.call(args, case, names)
    finally:
        check.cases += helper.cases
        check.warned += helper.warned


def _fit_data():
    rng = np.random.default_rng(61)
    X = np.round(rng.normal(0, 1, (14, 2)), 3)
    y = np.where(X[:, 0] + X[:, 1] ** 2 > 0.5, 2, 1)  # labels 1 and 2, like the Statlog heart data
    y[:2] = [1, 2]
    return X, y


def check_fit(fn, timeout=DEFAULT_TIMEOUT):
    """Check a classifier class whose ``fit(X, y)`` trains with ``train`` and returns self.

    ``fn`` is the class itself, built with ``hidden_layer_sizes, learning_rate,
    epochs, batch_size, hidden_activation, seed``.  Checks scikit-learn's
    contract - ``__init__`` stores its arguments and nothing else, ``get_params``
    and ``sklearn.base.clone`` work, ``fit`` returns self, leaves the
    hyperparameters alone, names what it learned with a trailing ``_`` - and
    that ``loss_history_`` and ``params_`` equal ``nn_helpers.train``'s to 1e-12
    (labels 1/2 mapped to 0/1, ``classes_`` kept), after ``set_params`` too, and
    on a second ``fit``.
    """
    from sklearn.base import clone, is_classifier

    X, y = _fit_data()
    classes, y_index = np.unique(y, return_inverse=True)
    Y = y_index.reshape(-1, 1).astype(np.float64)
    name = getattr(fn, "__name__", "the class")
    usage = f"{name}(hidden_layer_sizes, learning_rate, epochs, batch_size, hidden_activation, seed)"

    def expected_fit(settings):
        sizes = [X.shape[1], *settings["hidden_layer_sizes"], 1]
        return train(X, Y, sizes, settings["learning_rate"], settings["epochs"], settings["batch_size"],
                     settings["hidden_activation"], settings["seed"])

    def compare(check, model, settings, case):
        history = getattr(model, "loss_history_", None)
        if history is None:
            raise _Finding("after fit there is no loss_history_: store train's loss history as "
                           "self.loss_history_ (and the weights as self.params_).", f"case: {case}")
        history = check.number_array(history, "loss_history_")
        expected_params, expected = expected_fit(settings)
        expected = np.array(expected)
        if history.shape != expected.shape:
            raise _Finding(f"loss_history_ has {_describe(history)}, expected {expected.size} (one per epoch).",
                           f"case: {case}")
        if not np.allclose(history, expected, rtol=1e-12, atol=1e-12):
            details = [f"case: {case}", _difference(history, expected,
                                                    np.isclose(history, expected, rtol=1e-12, atol=1e-12))]
            sizes = [X.shape[1], *settings["hidden_layer_sizes"], 1]
            args = (sizes, settings["learning_rate"], settings["epochs"], settings["batch_size"],
                    settings["hidden_activation"], settings["seed"])
            with np.errstate(all="ignore"):
                _, raw = train(X, y.reshape(-1, 1).astype(np.float64), *args)
            if np.allclose(history, raw, rtol=1e-9):
                raise _Finding(f"fit trained on the raw labels {classes.tolist()}: map them to 0/1 with "
                               "self.classes_, y_index = np.unique(y, return_inverse=True).", *details)
            changed = [key for key in _FIT_SETTINGS if settings[key] != _FIT_SETTINGS[key]]
            subsets = [list(keys) for size in range(len(changed), 0, -1)
                       for keys in itertools.combinations(changed, size)]
            for keys in subsets:
                _, old = expected_fit({**settings, **{key: _FIT_SETTINGS[key] for key in keys}})
                if keys == ["hidden_activation"] and np.allclose(history, old, rtol=1e-9):
                    raise _Finding(f"fit trained with hidden_activation={_FIT_SETTINGS['hidden_activation']!r} "
                                   f"although self.hidden_activation is {settings['hidden_activation']!r}: pass "
                                   "self.hidden_activation to train – predict_proba uses it, so the network "
                                   "would predict with another activation than it was trained with.", *details)
                if keys and np.allclose(history, old, rtol=1e-9):
                    raise _Finding(f"set_params({', '.join(key + '=...' for key in keys)}) changed nothing: fit "
                                   f"must read self.{keys[0]} each time it runs, not a copy made earlier.", *details)
            raise _Finding("loss_history_ differs from train(X, Y, layer_sizes, ...) with the estimator's "
                           "hyperparameters: layer_sizes = [n_features, *hidden_layer_sizes, 1], Y the 0/1 "
                           "column of y.", *details)
        params = getattr(model, "params_", None)
        _expect_keys(params, list(expected_params), "params_", hint="Store train's params as self.params_.")
        if not all(_all_close(check.number_array(params[key], key), expected_params[key], rtol=1e-10, atol=1e-12)
                   for key in expected_params):
            raise _Finding("params_ are not the trained weights train returned.", f"case: {case}")
        found = getattr(model, "classes_", None)
        if found is None or not np.array_equal(np.asarray(found), classes):
            raise _Finding(f"classes_ should be {classes.tolist()} (np.unique(y)), so predict can turn 0/1 back "
                           f"into the labels; got {_fmt(found)}.", f"case: {case}")

    def body(check):
        model = check.call((), f"{name}(**{_FIT_SETTINGS})", (), kwargs=dict(_FIT_SETTINGS))
        if model is None or not hasattr(model, "fit") or not hasattr(model, "get_params"):
            raise _Finding(f"calling {name}(...) gave {type(model).__name__} {_fmt(model)}, not an estimator: "
                           "pass the class itself, e.g. check_fit(MyNet).")
        stored = dict(vars(model))
        try:
            hyperparameters = set(model._get_param_names())  # __init__'s arguments, as BaseEstimator reads them
        except Exception:  # noqa: BLE001 - not derived from BaseEstimator: the get_params test below says so
            hyperparameters = set(_FIT_SETTINGS)
        extra = sorted(key for key in stored if key not in hyperparameters | set(_FIT_SETTINGS))
        if extra:
            raise _Finding(f"__init__ stored {', '.join(extra)}: __init__ only stores its arguments, unchanged "
                           "(scikit-learn's rule, so clone and set_params work); compute derived values in fit.")
        changed = sorted(key for key in _FIT_SETTINGS if key not in stored or stored[key] is not _FIT_SETTINGS[key])
        if changed:
            raise _Finding(f"__init__ did not store {', '.join(changed)} exactly as given: "
                           f"self.{changed[0]} = {changed[0]}, nothing else.")
        params = model.get_params()
        if {key: params.get(key, "missing") for key in _FIT_SETTINGS} != _FIT_SETTINGS:
            raise _Finding(f"get_params() gave {params}: derive the class from sklearn.base.BaseEstimator and "
                           "name __init__'s arguments as the attributes it stores.")
        clone(model)
        if not is_classifier(model):
            raise _Finding(f"is_classifier({name}()) is False: write class {name}(ClassifierMixin, BaseEstimator) – "
                           "mixins come before BaseEstimator, whose defaults would otherwise override the "
                           "mixin's, and then cross_val_score would not use stratified folds.")

        case = "fit(X, y), 14 samples labelled 1 and 2, full batch"
        result = _call_method(check, model.fit, (X, y), case, "fit(X, y)")
        if result is not model:
            raise _Finding(f"fit returned {_fmt(result)}: end it with `return self`, so "
                           "model.fit(X, y).predict(X) works (scikit-learn's contract).")
        for key in stored:
            if vars(model).get(key) is not stored[key]:
                raise _Finding(f"fit changed self.{key}: leave the hyperparameters as given and keep derived "
                               "values (such as the layer sizes) in local variables.")
        plain = sorted(key for key in vars(model) if key not in stored and not key.endswith("_")
                       and not key.startswith("_"))
        if plain:
            raise _Finding(f"fit stored self.{plain[0]}: what fit learns ends in '_' (params_, loss_history_, "
                           "classes_), so it cannot be mistaken for a hyperparameter.")
        compare(check, model, _FIT_SETTINGS, case)
        _call_method(check, model.score, (X, y), "score(X, y) after fit", "score(X, y)")

        settings = {**_FIT_SETTINGS, "seed": 1, "batch_size": 5, "hidden_activation": "tanh"}
        model.set_params(seed=1, batch_size=5, hidden_activation="tanh")
        case = "set_params(seed=1, batch_size=5, hidden_activation='tanh'), then fit(X, y) again"
        _call_method(check, model.fit, (X, y), case, "fit(X, y)")
        compare(check, model, settings, case)

        fresh = clone(model)
        if hasattr(fresh, "loss_history_"):
            raise _Finding("a clone already has loss_history_: set it in fit, not in __init__.")
        case = "a clone, fitted"
        _call_method(check, fresh.fit, (X, y), case, "fit(X, y)")
        compare(check, fresh, settings, case)
        if not hasattr(fresh, "n_features_in_"):
            check.note("Note: scikit-learn estimators also set n_features_in_ = X.shape[1] in fit; optional here.")

    return _run_checker("fit", fn, f"{name}(**hyperparameters)", "NeuralNet", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# The lesson's derivation: how much larger a batch divides the gradient noise's standard deviation by a factor
# --------------------------------------------------------------------------------------------------------------------

def check_batch_size_for_noise(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``batch_size_for_noise(batch_size, sd_factor)`` = batch_size * sd_factor**2.

    The noise's variance falls as 1/B, its standard deviation as 1/sqrt(B).
    Tries (32, 2), (10, 3), (100, 1) and (8, 0.5).  Knows: batch_size *
    sd_factor (variance and standard deviation confused), batch_size *
    sqrt(sd_factor), batch_size / sd_factor**2, batch_size * 2**sd_factor.
    """
    cases = [((32, 2), "batch_size = 32, sd_factor = 2 (halve the standard deviation)"),
             ((10, 3), "batch_size = 10, sd_factor = 3"), ((100, 1), "batch_size = 100, sd_factor = 1"),
             ((8, 0.5), "batch_size = 8, sd_factor = 0.5 (double the standard deviation)")]

    def mistakes(B, k):
        return [("that divides the noise's variance by sd_factor, not its standard deviation: the variance falls "
                 "as 1/B, so the standard deviation falls as 1/sqrt(B) – square the factor.", B * k),
                ("the standard deviation is the square root of the variance, 1/sqrt(B): solve "
                 "1/sqrt(B_new) = 1/(sd_factor * sqrt(B)) for B_new.", B * np.sqrt(k)),
                ("a larger batch has less noise, not more: B_new = batch_size * sd_factor**2.", B / k ** 2),
                ("the noise falls as a power of B, not B as a power of the factor: "
                 "batch_size * sd_factor**2.", B * 2 ** k)]

    def body(check):
        for args, case in cases:
            got = check.call(args, case, ("batch_size", "sd_factor"))
            expected = float(batch_size_for_noise(*args))
            value = check.number_array(got, "the batch size")
            if value.size != 1:
                raise _Finding(f"batch_size_for_noise returned an array of shape {value.shape}, expected one number.",
                               f"case: {case}")
            value = float(value.reshape(()))
            if _close(value, expected, rtol=1e-9, atol=1e-12):
                continue
            for message, wrong in mistakes(*args):
                if not _close(wrong, expected, rtol=1e-9, atol=1e-12) and _close(value, wrong, rtol=1e-9, atol=1e-12):
                    raise _Finding(message, f"case: {case}", f"expected {expected:g}, got {value:g}")
            raise _Finding("the batch size is wrong: the noise's variance falls as 1/B; find the B whose standard "
                           "deviation is sd_factor times smaller.", f"case: {case}",
                           f"expected {expected:g}, got {value:g}")

    return _run_checker("batch_size_for_noise", fn, "batch_size_for_noise(batch_size, sd_factor)",
                        "batch_size_for_noise", timeout, body)

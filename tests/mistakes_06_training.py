"""Lesson 6 (training): what learners write for minibatches, train and the body of fit.

``CORRECT[name]`` lists (id, fn) pairs that ``check_<name>`` must accept;
``MISTAKES[name]`` lists (id, fn, phrase) triples that it must reject while
printing ``phrase``, the diagnosis.  Merged into tests/learner_mistakes.py.
"""

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin

import nn_helpers as nh


# --------------------------------------------------------------------------------------------------------------------
# minibatches
# --------------------------------------------------------------------------------------------------------------------

def batches_shuffle_arange(n_samples, batch_size, rng):
    order = np.arange(n_samples)
    rng.shuffle(order)  # the same stream as rng.permutation(n_samples)
    return [order[start:start + batch_size] for start in range(0, n_samples, batch_size)]


def batches_while(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    batches, start = [], 0
    while start < n_samples:
        batches.append(order[start:min(start + batch_size, n_samples)])
        start += batch_size
    return batches


def batches_split(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    return np.split(order, np.arange(batch_size, n_samples, batch_size))


def batches_generator(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    for start in range(0, n_samples, batch_size):
        yield order[start:start + batch_size]


def batches_lists(n_samples, batch_size, rng):
    order = rng.permutation(n_samples).tolist()
    return [order[start:start + batch_size] for start in range(0, n_samples, batch_size)]


def batches_in_order(n_samples, batch_size, rng):
    order = np.arange(n_samples)
    return [order[start:start + batch_size] for start in range(0, n_samples, batch_size)]


def batches_global_random(n_samples, batch_size, rng):
    order = np.random.permutation(n_samples)
    return [order[start:start + batch_size] for start in range(0, n_samples, batch_size)]


def batches_own_generator(n_samples, batch_size, rng):
    order = np.random.default_rng(0).permutation(n_samples)  # "seeded, so reproducible" - the same order every epoch
    return [order[start:start + batch_size] for start in range(0, n_samples, batch_size)]


_SHUFFLED_ONCE = {}


def batches_shuffled_once(n_samples, batch_size, rng):
    key = (id(rng), n_samples)
    if key not in _SHUFFLED_ONCE:  # shuffled on the first call (for this generator) only, then reused
        _SHUFFLED_ONCE[key] = rng.permutation(n_samples)
    order = _SHUFFLED_ONCE[key]
    return [order[start:start + batch_size] for start in range(0, n_samples, batch_size)]


def batches_drop_last(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    return [order[k * batch_size:(k + 1) * batch_size] for k in range(n_samples // batch_size)]


def batches_array_split(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    return np.array_split(order, int(np.ceil(n_samples / batch_size)))


def batches_with_replacement(n_samples, batch_size, rng):
    order = rng.integers(0, n_samples, n_samples)
    return [order[start:start + batch_size] for start in range(0, n_samples, batch_size)]


def batches_masks(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    masks = []
    for start in range(0, n_samples, batch_size):
        mask = np.zeros(n_samples, dtype=bool)
        mask[order[start:start + batch_size]] = True
        masks.append(mask)
    return masks


def batches_choice(n_samples, batch_size, rng):
    order = rng.choice(n_samples, n_samples, replace=False)
    return [order[start:start + batch_size] for start in range(0, n_samples, batch_size)]


def batches_one_array(n_samples, batch_size, rng):
    return rng.permutation(n_samples)


def batches_tuples(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    return [tuple(order[start:start + batch_size]) for start in range(0, n_samples, batch_size)]


def batches_off_by_one(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    return [order[start:start + batch_size - 1] for start in range(0, n_samples, batch_size)]


# --------------------------------------------------------------------------------------------------------------------
# train
# --------------------------------------------------------------------------------------------------------------------

def train_builder(order="shuffle", loss="weighted", measured="before", drop_last=False, ignore_batch_size=False,
                  init_seed=None, rng="seeded", ignore_activation=False, epochs_offset=0, swap=False,
                  return_initial=False):
    """A learner's train loop, written plainly, with one mistake switched on."""

    def train(X, Y, layer_sizes, learning_rate, epochs, batch_size=None, hidden_activation="relu", seed=0):
        activation = "relu" if ignore_activation else hidden_activation
        params = nh.init_params(layer_sizes, seed=seed if init_seed is None else init_seed)
        start_params = params
        generator = {"seeded": lambda: np.random.default_rng(seed), "zero": lambda: np.random.default_rng(0),
                     "unseeded": lambda: np.random.default_rng()}[rng]()
        n = X.shape[0]
        fixed = generator.permutation(n) if order == "once" else None
        history = []
        for _ in range(epochs + epochs_offset):
            if batch_size is None or ignore_batch_size:
                batches = [(X, Y)]
            else:
                if order == "shuffle":
                    order_x = order_y = generator.permutation(n)
                elif order == "global":
                    order_x = order_y = np.random.permutation(n)
                elif order == "none":
                    order_x = order_y = np.arange(n)
                elif order == "once":
                    order_x = order_y = fixed
                else:  # separately
                    order_x, order_y = generator.permutation(n), generator.permutation(n)
                last = n - n % batch_size if drop_last else n
                batches = [(X[order_x[s:s + batch_size]], Y[order_y[s:s + batch_size]])
                           for s in range(0, last, batch_size)]
            total, means = 0.0, []
            for X_batch, Y_batch in batches:
                P, cache = nh.forward(X_batch, params, activation)
                grads = nh.backward(X_batch, Y_batch, params, cache, activation)
                if measured == "after":
                    params = nh.update_params(params, grads, learning_rate)
                    P, _ = nh.forward(X_batch, params, activation)
                batch_loss = nh.compute_loss(Y_batch, P)
                if measured == "before":
                    params = nh.update_params(params, grads, learning_rate)
                total += batch_loss * len(X_batch)
                means.append(batch_loss)
            history.append({"weighted": total / n, "batch mean": np.mean(means), "sum": sum(means),
                            "last": means[-1]}[loss])
        result = (start_params if return_initial else params), history
        return result[::-1] if swap else result

    return train


def train_with_minibatches(X, Y, layer_sizes, learning_rate, epochs, batch_size=None, hidden_activation="relu",
                           seed=0):
    params = nh.init_params(layer_sizes, seed=seed)
    rng = np.random.default_rng(seed)
    n_samples = len(X)
    losses = []
    for epoch in range(epochs):
        if batch_size is None:
            batches = [np.arange(n_samples)]
        else:
            batches = nh.minibatches(n_samples, batch_size, rng)
        epoch_loss = 0.0
        for batch in batches:
            P, cache = nh.forward(X[batch], params, hidden_activation)
            epoch_loss += nh.compute_loss(Y[batch], P) * len(batch)
            params = nh.update_params(params, nh.backward(X[batch], Y[batch], params, cache, hidden_activation),
                                      learning_rate)
        losses.append(epoch_loss / n_samples)
    return params, losses


def train_array_history(X, Y, layer_sizes, learning_rate, epochs, batch_size=None, hidden_activation="relu", seed=0):
    """Sizes collected per batch, the mean taken with np.average's weights; the history as an array."""
    params = nh.init_params(layer_sizes, seed=seed)
    rng = np.random.default_rng(seed)
    size = len(X) if batch_size is None else batch_size
    history = np.zeros(epochs)
    for epoch in range(epochs):
        order = np.arange(len(X)) if batch_size is None else rng.permutation(len(X))
        losses, weights = [], []
        for start in range(0, len(X), size):
            rows = order[start:start + size]
            P, cache = nh.forward(X[rows], params, hidden_activation=hidden_activation)
            losses.append(nh.compute_loss(Y[rows], P))
            weights.append(len(rows))
            grads = nh.backward(X[rows], Y[rows], params, cache, hidden_activation=hidden_activation)
            params = nh.update_params(params, grads, learning_rate)
        history[epoch] = np.average(losses, weights=weights)
    return params, history


# --------------------------------------------------------------------------------------------------------------------
# fit
# --------------------------------------------------------------------------------------------------------------------

class _Net(ClassifierMixin, BaseEstimator):
    """The notebook's class: the learner writes the body of fit."""

    def __init__(self, hidden_layer_sizes=(8,), learning_rate=0.1, epochs=100, batch_size=None,
                 hidden_activation="relu", seed=0):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.hidden_activation = hidden_activation
        self.seed = seed

    def predict_proba(self, X):
        P, _ = nh.forward(np.asarray(X, dtype=np.float64), self.params_, self.hidden_activation)
        return np.hstack([1 - P, P])

    def predict(self, X):
        return self.classes_[(self.predict_proba(X)[:, 1] >= 0.5).astype(int)]


def fit_class(fit, init=None):
    """A subclass of the notebook's class with the learner's fit (and __init__, if they changed it)."""
    namespace = {"fit": fit}
    if init is not None:
        namespace["__init__"] = init
    return type("MyNet", (_Net,), namespace)


def _targets(y):
    classes, index = np.unique(y, return_inverse=True)
    return classes, index.reshape(-1, 1).astype(np.float64)


def fit_reference(self, X, y):
    X = np.asarray(X, dtype=np.float64)
    self.classes_, Y = _targets(y)
    sizes = [X.shape[1], *self.hidden_layer_sizes, 1]
    self.params_, self.loss_history_ = nh.train(X, Y, sizes, self.learning_rate, self.epochs, self.batch_size,
                                                self.hidden_activation, self.seed)
    return self


def fit_keywords(self, X, y):
    self.classes_ = np.unique(y)
    Y = (y == self.classes_[1]).astype(float)[:, None]
    self.n_features_in_ = X.shape[1]
    params, history = nh.train(X, Y, layer_sizes=[X.shape[1]] + list(self.hidden_layer_sizes) + [1],
                               learning_rate=self.learning_rate, epochs=self.epochs, batch_size=self.batch_size,
                               hidden_activation=self.hidden_activation, seed=self.seed)
    self.params_ = params
    self.loss_history_ = list(history)
    return self


def fit_own_loop(self, X, y):
    self.classes_, Y = _targets(y)
    self.params_, self.loss_history_ = train_with_minibatches(
        X, Y, [X.shape[1], *self.hidden_layer_sizes, 1], self.learning_rate, self.epochs, self.batch_size,
        self.hidden_activation, self.seed)
    return self


def fit_no_return(self, X, y):
    fit_reference(self, X, y)


def fit_raw_labels(self, X, y):
    self.classes_ = np.unique(y)
    Y = np.asarray(y, dtype=np.float64).reshape(-1, 1)
    self.params_, self.loss_history_ = nh.train(X, Y, [X.shape[1], *self.hidden_layer_sizes, 1],
                                                self.learning_rate, self.epochs, self.batch_size,
                                                self.hidden_activation, self.seed)
    return self


def fit_plain_names(self, X, y):
    fit_reference(self, X, y)
    self.losses = self.loss_history_
    return self


def fit_no_history(self, X, y):
    fit_reference(self, X, y)
    del self.loss_history_
    self.history_ = []
    return self


def fit_changes_hyperparameter(self, X, y):
    self.hidden_layer_sizes = [X.shape[1], *self.hidden_layer_sizes, 1]
    self.classes_, Y = _targets(y)
    self.params_, self.loss_history_ = nh.train(X, Y, self.hidden_layer_sizes, self.learning_rate, self.epochs,
                                                self.batch_size, self.hidden_activation, self.seed)
    return self


def init_derived(self, hidden_layer_sizes=(8,), learning_rate=0.1, epochs=100, batch_size=None,
                 hidden_activation="relu", seed=0):
    _Net.__init__(self, hidden_layer_sizes, learning_rate, epochs, batch_size, hidden_activation, seed)
    self.layer_sizes = [2, *hidden_layer_sizes, 1]  # "the network's shape, computed once"


def init_list(self, hidden_layer_sizes=(8,), learning_rate=0.1, epochs=100, batch_size=None,
              hidden_activation="relu", seed=0):
    _Net.__init__(self, list(hidden_layer_sizes), learning_rate, epochs, batch_size, hidden_activation, seed)


def fit_cached_settings(self, X, y):
    """Reads the hyperparameters once, on the first fit, and reuses them."""
    if not hasattr(self, "_settings"):
        self._settings = (self.learning_rate, self.epochs, self.batch_size, self.seed)
    rate, epochs, batch_size, seed = self._settings
    self.classes_, Y = _targets(y)
    self.params_, self.loss_history_ = nh.train(X, Y, [X.shape[1], *self.hidden_layer_sizes, 1], rate, epochs,
                                                batch_size, self.hidden_activation, seed)
    return self


def fit_history_accumulates(self, X, y):
    if not hasattr(self, "loss_history_"):
        self.loss_history_ = []
    self.classes_, Y = _targets(y)
    self.params_, history = nh.train(X, Y, [X.shape[1], *self.hidden_layer_sizes, 1], self.learning_rate,
                                     self.epochs, self.batch_size, self.hidden_activation, self.seed)
    self.loss_history_ += history
    return self


def fit_wrong_sizes(self, X, y):
    self.classes_, Y = _targets(y)
    self.params_, self.loss_history_ = nh.train(X, Y, [X.shape[1], 8, 1], self.learning_rate, self.epochs,
                                                self.batch_size, self.hidden_activation, self.seed)
    return self


def fit_no_classes(self, X, y):
    fit_reference(self, X, y)
    self.classes_ = np.array([0, 1])
    return self



def batches_cut_from_end(n_samples, batch_size, rng):
    """Slices taken from the end of the order: the short batch is the first rows of the permutation."""
    order = rng.permutation(n_samples)
    return [order[max(0, end - batch_size):end] for end in range(n_samples, 0, -batch_size)]


def batches_short_first(n_samples, batch_size, rng):
    order = rng.permutation(n_samples)
    remainder = n_samples % batch_size
    return ([order[:remainder]] if remainder else []) + [order[start:start + batch_size]
                                                         for start in range(remainder, n_samples, batch_size)]


def train_shuffles_full_batch(X, Y, layer_sizes, learning_rate, epochs, batch_size=None, hidden_activation="relu",
                              seed=0):
    """Shuffles even a full batch (minibatches of len(X)): harmless, the checker only notes it."""
    return nh.train(X, Y, layer_sizes, learning_rate, epochs, batch_size, hidden_activation, seed) \
        if batch_size is not None else _train_shuffled_full(X, Y, layer_sizes, learning_rate, epochs,
                                                            hidden_activation, seed)


def _train_shuffled_full(X, Y, layer_sizes, learning_rate, epochs, hidden_activation, seed):
    params = nh.init_params(layer_sizes, seed=seed)
    rng = np.random.default_rng(seed)
    history = []
    for _ in range(epochs):
        rows = rng.permutation(len(X))
        P, cache = nh.forward(X[rows], params, hidden_activation)
        history.append(nh.compute_loss(Y[rows], P))
        params = nh.update_params(params, nh.backward(X[rows], Y[rows], params, cache, hidden_activation),
                                  learning_rate)
    return params, history


def fit_drops_activation(self, X, y):
    """Trains with train's default ReLU whatever self.hidden_activation says (predict_proba then uses tanh)."""
    self.classes_, Y = _targets(y)
    self.params_, self.loss_history_ = nh.train(X, Y, [X.shape[1], *self.hidden_layer_sizes, 1],
                                                self.learning_rate, self.epochs, self.batch_size, seed=self.seed)
    return self


class _NetMixinLast(BaseEstimator, ClassifierMixin):
    """The notebook's class with the bases in the wrong order."""

    __init__ = _Net.__init__
    predict_proba = _Net.predict_proba
    predict = _Net.predict
    fit = fit_reference

CORRECT = {
    "minibatches": [
        ("reference", nh.minibatches), ("shuffle an arange", batches_shuffle_arange), ("while loop", batches_while),
        ("np.split", batches_split), ("generator", batches_generator), ("lists of ints", batches_lists),
    ],
    "train": [
        ("reference", nh.train), ("builder", train_builder()), ("with nh.minibatches", train_with_minibatches),
        ("np.average, array history", train_array_history),
        ("shuffles a full batch too", train_shuffles_full_batch),
    ],
    "batch_size_for_noise": [
        ("reference", nh.batch_size_for_noise), ("formula", lambda batch_size, sd_factor: batch_size * sd_factor ** 2),
        ("via the variance ratio", lambda b, k: b / (1 / k) ** 2), ("int result", lambda b, k: round(b * k * k, 9)),
    ],
    "fit": [
        ("reference body", fit_class(fit_reference)), ("keywords, n_features_in_", fit_class(fit_keywords)),
        ("own loop", fit_class(fit_own_loop)), ("the course's NeuralNet", nh.NeuralNet),
    ],
}

MISTAKES = {
    "minibatches": [
        ("in order", batches_in_order, "in order 0, 1, 2"),
        ("np.random.permutation", batches_global_random, "does not come from the rng you passed in"),
        ("own generator inside", batches_own_generator, "does not come from the rng you passed in"),
        ("shuffled once", batches_shuffled_once, "gave the same order"),
        ("last batch dropped", batches_drop_last, "last, short batch"),
        ("array_split", batches_array_split, "only the last may be shorter"),
        ("with replacement", batches_with_replacement, "appears twice"),
        ("boolean masks", batches_masks, "boolean mask"),
        ("cut from the end", batches_cut_from_end, "cut from another starting point"),
        ("short batch first", batches_short_first, "short batch comes first"),
        ("rng.choice", batches_choice, "not the one rng.permutation"),
        ("one array", batches_one_array, "returned one array"),
        ("tuples", batches_tuples, "1-D array of row indices"),
        ("batch_size - 1", batches_off_by_one, "only 8 of the 10"),
    ],
    "train": [
        ("update before the loss", train_builder(measured="after"), "measured after its update"),
        ("mean of batch means", train_builder(loss="batch mean"), "mean of the batch losses"),
        ("sum of batch means", train_builder(loss="sum"), "sum of the batch losses"),
        ("last batch only", train_builder(loss="last"), "only the last batch"),
        ("never shuffled", train_builder(order="none"), "never shuffled"),
        ("shuffled once", train_builder(order="once"), "same order"),
        ("X and Y separately", train_builder(order="separate"), "lost their labels"),
        ("last batch dropped", train_builder(drop_last=True), "last, short batch was dropped"),
        ("batch_size ignored", train_builder(ignore_batch_size=True), "batch_size was ignored"),
        ("np.random.permutation", train_builder(order="global"), "np.random"),
        ("unseeded generator", train_builder(rng="unseeded"), "different losses"),
        ("generator seeded with 0", train_builder(rng="zero"), "shuffling ignored seed"),
        ("weights seeded with 0", train_builder(init_seed=0), "initial weights ignored seed"),
        ("hidden_activation ignored", train_builder(ignore_activation=True), "hidden_activation was ignored"),
        ("one epoch too many", train_builder(epochs_offset=1), "one number per epoch"),
        ("returns (history, params)", train_builder(swap=True), "other way round"),
        ("returns the initial params", train_builder(return_initial=True), "initial params"),
    ],
    "batch_size_for_noise": [
        ("b * k (variance for sd)", lambda b, k: b * k, "square the factor"),
        ("b * sqrt(k)", lambda b, k: b * k ** 0.5, "square root of the variance"),
        ("b / k**2", lambda b, k: b / k ** 2, "less noise, not more"),
        ("b * 2**k", lambda b, k: b * 2 ** k, "not B as a power"),
        ("a constant 4", lambda b, k: 4 * b, "the batch size is wrong"),
    ],
    "fit": [
        ("no return self", fit_class(fit_no_return), "return self"),
        ("raw labels 1 and 2", fit_class(fit_raw_labels), "raw labels"),
        ("self.losses", fit_class(fit_plain_names), "ends in '_'"),
        ("no loss_history_", fit_class(fit_no_history), "no loss_history_"),
        ("changes hidden_layer_sizes", fit_class(fit_changes_hyperparameter), "fit changed self.hidden_layer_sizes"),
        ("derived value in __init__", fit_class(fit_reference, init_derived), "__init__ stored layer_sizes"),
        ("list() in __init__", fit_class(fit_reference, init_list), "exactly as given"),
        ("settings cached on first fit", fit_class(fit_cached_settings), "changed nothing"),
        ("history accumulates over fits", fit_class(fit_history_accumulates), "one per epoch"),
        ("hidden sizes hard-coded", fit_class(fit_wrong_sizes), "differs from train"),
        ("classes_ hard-coded", fit_class(fit_no_classes), "classes_ should be"),
        ("hidden_activation not passed to train", fit_class(fit_drops_activation), "pass self.hidden_activation"),
        ("BaseEstimator before ClassifierMixin", _NetMixinLast, "ClassifierMixin, BaseEstimator"),
    ],
}

"""Lesson 10 (multi-class): what learners write for train_digits, predict_digits and the two derivations.

``CORRECT[name]`` lists (id, fn) pairs that ``check_<name>`` must accept;
``MISTAKES[name]`` lists (id, fn, phrase) triples that it must reject while
printing ``phrase``, the diagnosis.  Merged into tests/learner_mistakes.py.
"""

import math

import numpy as np

import nn_helpers as nh


# --------------------------------------------------------------------------------------------------------------------
# train_digits
# --------------------------------------------------------------------------------------------------------------------

def train_with_course_functions(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0):
    """The lesson's solution: one_hot, forward, backward, update_params and minibatches from nn_helpers."""
    params = nh.init_params([X.shape[1], hidden_size, 10], seed=seed)
    rng = np.random.default_rng(seed)
    Y = nh.one_hot(y, 10)
    loss_history = []
    for _ in range(epochs):
        total = 0.0
        for batch in nh.minibatches(len(X), batch_size, rng):
            P, cache = nh.forward(X[batch], params)
            total += nh.categorical_cross_entropy(Y[batch], P) * len(batch)
            params = nh.update_params(params, nh.backward(X[batch], Y[batch], params, cache), learning_rate)
        loss_history.append(total / len(X))
    return params, loss_history


def train_by_hand(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0, order="shuffle", drop_last=False,
                  divide_by="batch", targets="eye", output="softmax", layer_by_layer=False, loss="weighted",
                  measured="before", rng_kind="seeded", init_seed=None, full_batch=False):
    """A learner's loop with both layers written out by hand (lesson 5's formulas), one mistake switchable on."""
    params = nh.init_params([X.shape[1], hidden_size, 10], seed=seed if init_seed is None else init_seed)
    W1, b1, W2, b2 = params["W1"], params["b1"], params["W2"], params["b2"]
    rng = {"seeded": np.random.default_rng(seed), "zero": np.random.default_rng(0),
           "unseeded": np.random.default_rng()}.get(rng_kind)
    n = len(X)
    fixed = rng.permutation(n) if order == "once" else None
    history = []
    for _ in range(epochs):
        if rng_kind == "global":
            x_order = y_order = np.random.permutation(n)
        elif order == "shuffle":
            x_order = y_order = rng.permutation(n)
        elif order == "none":
            x_order = y_order = np.arange(n)
        elif order == "once":
            x_order = y_order = fixed
        elif order == "new generator":
            x_order = y_order = np.random.default_rng(seed).permutation(n)
        else:
            x_order = rng.permutation(n)
            y_order = rng.permutation(n)
        size = n if full_batch else batch_size
        stop = (n // size) * size if drop_last else n
        losses, sizes = [], []
        for start in range(0, stop, size):
            X_batch = X[x_order[start:start + size]]
            y_batch = y[y_order[start:start + size]]
            m = len(X_batch)
            if targets == "eye":
                Y_batch = np.eye(10)[y_batch]
            else:
                Y_batch = np.zeros((m, 10))
                Y_batch[:, y_batch] = 1
            Z1 = X_batch @ W1 + b1
            A1 = np.maximum(Z1, 0)
            Z2 = A1 @ W2 + b2
            if output == "softmax":
                E = np.exp(Z2 - Z2.max(axis=1, keepdims=True))
                P = E / E.sum(axis=1, keepdims=True)
            elif output == "sigmoid":
                P = 1 / (1 + np.exp(-Z2))
            else:  # softmax down the columns
                E = np.exp(Z2 - Z2.max(axis=0))
                P = E / E.sum(axis=0)
            losses.append(-np.sum(Y_batch * np.log(np.clip(P, 1e-12, 1))) / m)
            sizes.append(m)
            dZ2 = (P - Y_batch) / {"batch": m, "all": n, "sum": 1}[divide_by]
            dW2 = A1.T @ dZ2
            db2 = dZ2.sum(axis=0)
            if layer_by_layer:
                W2 = W2 - learning_rate * dW2
                b2 = b2 - learning_rate * db2
            dZ1 = (dZ2 @ W2.T) * (Z1 > 0)
            dW1 = X_batch.T @ dZ1
            db1 = dZ1.sum(axis=0)
            if not layer_by_layer:
                W2 = W2 - learning_rate * dW2
                b2 = b2 - learning_rate * db2
            W1 = W1 - learning_rate * dW1
            b1 = b1 - learning_rate * db1
            if measured == "after":
                E = np.exp(np.maximum(X_batch @ W1 + b1, 0) @ W2 + b2)
                losses[-1] = -np.sum(Y_batch * np.log(E / E.sum(axis=1, keepdims=True))) / m
        losses, sizes = np.array(losses), np.array(sizes)
        history.append({"weighted": (losses * sizes).sum() / n, "mean": losses.mean(),
                        "no division": (losses * sizes).sum(), "last": losses[-1]}[loss])
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}, history


def builder(**mistake):
    def train_digits(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0):
        return train_by_hand(X, y, hidden_size, learning_rate, epochs, batch_size, seed, **mistake)
    return train_digits


def train_with_index_slices(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0):
    """Shuffles X and Y together with one permutation per epoch and slices them; a numpy-array history."""
    params = nh.init_params([X.shape[1], hidden_size, 10], seed=seed)
    rng = np.random.default_rng(seed)
    Y = np.zeros((len(y), 10))
    Y[np.arange(len(y)), y] = 1
    history = np.zeros(epochs)
    for epoch in range(epochs):
        order = rng.permutation(len(X))
        X_shuffled, Y_shuffled = X[order], Y[order]
        for start in range(0, len(X), batch_size):
            X_batch, Y_batch = X_shuffled[start:start + batch_size], Y_shuffled[start:start + batch_size]
            P, cache = nh.forward(X_batch, params, "relu")
            history[epoch] += nh.compute_loss(Y_batch, P) * len(X_batch) / len(X)
            grads = nh.backward(X_batch, Y_batch, params, cache, "relu")
            params = {name: value - learning_rate * grads["d" + name] for name, value in params.items()}
    return params, history


def train_with_neural_net(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0):
    """Letting the course's estimator do the loop: allowed, it is the reference."""
    model = nh.NeuralNet(hidden_layer_sizes=(hidden_size,), learning_rate=learning_rate, epochs=epochs,
                         batch_size=batch_size, seed=seed).fit(X, y)
    return model.params_, model.loss_history_


def train_returns_initial(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0):
    params = nh.init_params([X.shape[1], hidden_size, 10], seed=seed)
    _, history = nh.train_digits(X, y, hidden_size, learning_rate, epochs, batch_size, seed)
    return params, history


def train_swapped(*args, **kwargs):
    params, history = nh.train_digits(*args, **kwargs)
    return history, params


def train_one_output(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0):
    """Treats the digit as one number: a single output unit."""
    params = nh.init_params([X.shape[1], hidden_size, 1], seed=seed)
    return params, [0.0] * epochs


def train_with_epsilon_in_log(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0):
    """The loss written out with a guard inside the log, -sum(Y log(P + 1e-9)) / m: 1e-8 off, harmless."""
    params = nh.init_params([X.shape[1], hidden_size, 10], seed=seed)
    rng = np.random.default_rng(seed)
    Y = nh.one_hot(y, 10)
    loss_history = []
    for _ in range(epochs):
        total = 0.0
        for batch in nh.minibatches(len(X), batch_size, rng):
            P, cache = nh.forward(X[batch], params)
            total += -np.sum(Y[batch] * np.log(P + 1e-9))  # already the sum over the batch's rows
            params = nh.update_params(params, nh.backward(X[batch], Y[batch], params, cache), learning_rate)
        loss_history.append(total / len(X))
    return params, loss_history


def train_backward_on_everything(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0):
    """forward on the batch, but backward given the full X and Y: the shapes clash inside backward."""
    params = nh.init_params([X.shape[1], hidden_size, 10], seed=seed)
    rng = np.random.default_rng(seed)
    Y = nh.one_hot(y, 10)
    loss_history = []
    for _ in range(epochs):
        total = 0.0
        for batch in nh.minibatches(len(X), batch_size, rng):
            P, cache = nh.forward(X[batch], params)
            total += nh.categorical_cross_entropy(Y[batch], P) * len(batch)
            params = nh.update_params(params, nh.backward(X, Y, params, cache), learning_rate)
        loss_history.append(total / len(X))
    return params, loss_history


def train_full_gradient_every_batch(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0):
    """Loops over the batches but runs forward and backward on all of X and Y at every step."""
    params = nh.init_params([X.shape[1], hidden_size, 10], seed=seed)
    rng = np.random.default_rng(seed)
    Y = nh.one_hot(y, 10)
    loss_history = []
    for _ in range(epochs):
        total = 0.0
        for batch in nh.minibatches(len(X), batch_size, rng):
            P, cache = nh.forward(X, params)
            total += nh.categorical_cross_entropy(Y, P) * len(batch)
            params = nh.update_params(params, nh.backward(X, Y, params, cache), learning_rate)
        loss_history.append(total / len(X))
    return params, loss_history


# --------------------------------------------------------------------------------------------------------------------
# mcnemar_exact_p
# --------------------------------------------------------------------------------------------------------------------

def mcnemar_with_comb(b, c):
    n, k = b + c, min(b, c)
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(k + 1)) * 0.5 ** n)


def mcnemar_with_scipy_binom(b, c):
    from scipy.stats import binom
    return min(1.0, 2 * binom.cdf(min(b, c), b + c, 0.5))


def mcnemar_with_binomtest(b, c):
    from scipy.stats import binomtest
    return binomtest(b, b + c, 0.5).pvalue


def mcnemar_loop_over_both_tails(b, c):
    """Adds up every outcome at least as far from n/2 as b: the two tails, summed separately."""
    n = b + c
    far = abs(b - n / 2)
    return sum(math.comb(n, i) for i in range(n + 1) if abs(i - n / 2) >= far) / 2 ** n


def mcnemar_one_tail(b, c):
    return sum(math.comb(b + c, i) for i in range(min(b, c) + 1)) / 2 ** (b + c)


def mcnemar_not_capped(b, c):
    return 2 * sum(math.comb(b + c, i) for i in range(min(b, c) + 1)) / 2 ** (b + c)


def mcnemar_tail_of_b(b, c):
    return min(1.0, 2 * sum(math.comb(b + c, i) for i in range(b + 1)) / 2 ** (b + c))


def mcnemar_n_is_larger_count(b, c):
    n = max(b, c)
    return min(1.0, 2 * sum(math.comb(n, i) for i in range(min(b, c) + 1)) / 2 ** n)


def mcnemar_no_coefficients(b, c):
    return min(1.0, 2 * (min(b, c) + 1) / 2 ** (b + c))


def mcnemar_chi_squared(b, c):
    from scipy.stats import chi2
    return chi2.sf((b - c) ** 2 / (b + c), 1)


# --------------------------------------------------------------------------------------------------------------------
# predict_digits
# --------------------------------------------------------------------------------------------------------------------

def predict_by_hand(params, X):
    Z1 = X @ params["W1"] + params["b1"]
    Z2 = np.maximum(Z1, 0) @ params["W2"] + params["b2"]
    return Z2.argmax(axis=1)  # softmax keeps the order within a row, so the argmax of Z is that of P


def predict_list(params, X):
    P, _ = nh.forward(X, params)
    return [int(np.argmax(row)) for row in P]


def predict_float(params, X):
    P, _ = nh.forward(X, params)
    return np.argmax(P, axis=1).astype(float)


def predict_probabilities(params, X):
    return nh.forward(X, params)[0]


def predict_thresholded(params, X):
    return (nh.forward(X, params)[0] > 0.5).astype(int)


def predict_axis0(params, X):
    return np.argmax(nh.forward(X, params)[0], axis=0)


def predict_no_axis(params, X):
    return np.argmax(nh.forward(X, params)[0])


def predict_keepdims(params, X):
    return np.argmax(nh.forward(X, params)[0], axis=1, keepdims=True)


def predict_argmin(params, X):
    return np.argmin(nh.forward(X, params)[0], axis=1)


_FIXED = nh.init_params([64, 12, 10], seed=99)


def predict_other_params(params, X):
    """Uses a network of the notebook instead of the params given."""
    return np.argmax(nh.forward(X, _FIXED)[0], axis=1)


CORRECT = {
    "uniform_guess_loss": [
        ("reference", nh.uniform_guess_loss), ("math.log", lambda K: math.log(K)),
        ("minus log of 1/K", lambda K: -np.log(1 / K)),
        ("cross-entropy of a uniform P", lambda K: nh.categorical_cross_entropy(np.eye(K)[:1], np.full((1, K), 1 / K))),
        ("in float32", lambda K: np.log(np.float32(K))), ("an epsilon in the log", lambda K: np.log(K + 1e-12)),
    ],
    "train_digits": [
        ("reference", nh.train_digits), ("course functions", train_with_course_functions),
        ("by hand", builder()), ("shuffled copies, array history", train_with_index_slices),
        ("NeuralNet itself", train_with_neural_net), ("np.log(P + 1e-9)", train_with_epsilon_in_log),
    ],
    "mcnemar_exact_p": [
        ("reference", nh.mcnemar_exact_p), ("math.comb", mcnemar_with_comb),
        ("scipy binom.cdf", mcnemar_with_scipy_binom),
        ("binomtest", mcnemar_with_binomtest), ("both tails summed", mcnemar_loop_over_both_tails),
    ],
    "predict_digits": [
        ("reference", nh.predict_digits), ("argmax of Z by hand", predict_by_hand), ("a list", predict_list),
        ("floats", predict_float),
    ],
}

MISTAKES = {
    "uniform_guess_loss": [
        ("sign lost", lambda K: np.log(1 / K), "minus"),
        ("the probability", lambda K: 1 / K, "probability 1/K itself"),
        ("log2", lambda K: np.log2(K), "base 2"),
        ("log10", lambda K: np.log10(K), "base 10"),
        ("summed over classes", lambda K: K * np.log(K), "over all K classes"),
        ("2.3 typed in", lambda K: 2.3, "loss is wrong"),
        ("2.30259 typed in", lambda K: 2.30259, "log 10 rounded"),
    ],
    "train_digits": [
        ("never shuffled", builder(order="none"), "never shuffled"),
        ("shuffled once", builder(order="once"), "same order"),
        ("new generator each epoch", builder(order="new generator"), "same order"),
        ("X and y separately", builder(order="separate"), "lost their labels"),
        ("last batch dropped", builder(drop_last=True), "last, short batch was dropped"),
        ("gradient over the whole set", builder(divide_by="all"), "averaged over the whole training set"),
        ("gradient summed", builder(divide_by="sum"), "summed over the batch"),
        ("Y[:, y] = 1", builder(targets="columns"), "one-hot targets are wrong"),
        ("sigmoid outputs", builder(output="sigmoid"), "sigmoid"),
        ("softmax over the batch", builder(output="columns"), "axis=1"),
        ("W2 updated first", builder(layer_by_layer=True), "updated before the error was sent back"),
        ("batch_size ignored", builder(full_batch=True), "batch_size was ignored"),
        ("np.random.permutation", builder(rng_kind="global"), "np.random"),
        ("unseeded generator", builder(rng_kind="unseeded"), "different losses"),
        ("generator seeded with 0", builder(rng_kind="zero"), "shuffling ignored seed"),
        ("weights seeded with 0", builder(init_seed=0), "initial weights ignored seed"),
        ("loss after the update", builder(measured="after"), "measured after its update"),
        ("mean of batch losses", builder(loss="mean"), "mean of the batch losses"),
        ("loss not divided", builder(loss="no division"), "not divided by n_samples"),
        ("last batch's loss", builder(loss="last"), "only the last batch"),
        ("initial weights returned", train_returns_initial, "initial weights"),
        ("returned swapped", train_swapped, "params first"),
        ("one output unit", train_one_output, "10 units"),
        ("backward on the full X, Y", train_backward_on_everything, "full X and Y but the cache of one batch"),
        ("full forward and backward every step", train_full_gradient_every_batch,
         "backward was given the full X and Y"),
    ],
    "mcnemar_exact_p": [
        ("one tail", mcnemar_one_tail, "one tail only"),
        ("not capped at 1", mcnemar_not_capped, "cap it"),
        ("tail of b", mcnemar_tail_of_b, "tail of b"),
        ("n = max(b, c)", mcnemar_n_is_larger_count, "n = b + c"),
        ("no binomial coefficients", mcnemar_no_coefficients, "binomial coefficients are missing"),
        ("chi-squared approximation", mcnemar_chi_squared, "chi-squared McNemar"),
    ],
    "predict_digits": [
        ("probabilities", predict_probabilities, "returned the probabilities"),
        ("thresholded", predict_thresholded, "thresholding"),
        ("axis 0", predict_axis0, "axis=1"),
        ("no axis", predict_no_axis, "without an axis"),
        ("keepdims", predict_keepdims, "keepdims"),
        ("argmin", predict_argmin, "argmin"),
        ("other params", predict_other_params, "params you were given"),
    ],
}

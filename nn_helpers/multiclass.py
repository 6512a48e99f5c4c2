"""Ten classes (lesson 10): the softmax minibatch loop for the digits, its prediction, and calibration bins.

``train_digits`` is the loop the learner writes in lesson 10, built from the
functions of lessons 2-6 (``one_hot``, ``forward``, ``backward``,
``update_params``, ``minibatches``).  It starts and shuffles exactly as
``NeuralNet`` does, so the two give the same numbers for the same seed.
"""

import math

import numpy as np
from threadpoolctl import threadpool_limits  # installed with scikit-learn

from .losses import categorical_cross_entropy, one_hot
from .network import backward, forward, init_params, update_params
from .training import minibatches

N_DIGITS = 10


def uniform_guess_loss(n_classes):
    """The categorical cross-entropy of a network that gives every one of n_classes the probability 1 / n_classes.

    Every sample then costs -log(1 / K) = log K, so the mean is log K: the loss an untrained network should
    start near (about 2.30 for ten digits).
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or n_classes < 1:
        raise ValueError(f"n_classes must be a positive integer; got {n_classes!r}")
    return float(np.log(n_classes))


def mcnemar_exact_p(b, c):
    """The exact McNemar test's two-sided p-value for b and c disagreements of two paired classifiers.

    b images are right only for model A, c only for model B.  If the two are equally accurate, each of the
    n = b + c disagreements goes either way with probability 1/2, so min(b, c) ~ Binomial(n, 1/2) at its low end:
    p = min(1, 2 * sum_{i=0}^{min(b, c)} C(n, i) / 2**n) - the same as scipy.stats.binomtest(b, n, 0.5).pvalue.
    With no disagreement (b = c = 0) nothing speaks against equality: p = 1.
    """
    for name, value in (("b", b), ("c", c)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
            raise ValueError(f"{name} must be a count, an integer >= 0; got {value!r}")
    n = int(b) + int(c)
    tail = sum(math.comb(n, i) for i in range(min(int(b), int(c)) + 1)) / 2 ** n
    return float(min(1.0, 2 * tail))


def train_digits(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0):
    """Minibatch gradient descent for a 64-hidden_size-10 ReLU/softmax network on labels 0-9.

    Parameters
    ----------
    X : array (n_samples, n_features), e.g. the digits' pixels divided by 16
    y : int array (n_samples,), labels 0..9
    hidden_size : int, units in the one hidden layer
    learning_rate : float > 0
    epochs : int, passes over the data
    batch_size : int; the last batch of an epoch is shorter when batch_size does not divide n_samples
    seed : int; the weights are ``init_params([n_features, hidden_size, 10], seed=seed)`` and the shuffling
        draws from one ``np.random.default_rng(seed)`` made before the first epoch (as ``NeuralNet``)

    Returns
    -------
    params : dict W1 (n_features, hidden_size), b1, W2 (hidden_size, 10), b2 after the last update
    loss_history : list of ``epochs`` floats, each the epoch's batch losses (measured before their
        updates) weighted by batch size and divided by n_samples
    """
    X = np.asarray(X, dtype=np.float64)
    Y = one_hot(np.asarray(y), N_DIGITS)  # once, for all rows: X[batch] and Y[batch] stay aligned
    params = init_params([X.shape[1], hidden_size, N_DIGITS], seed=seed)
    rng = np.random.default_rng(seed)
    loss_history = []
    for _ in range(epochs):
        epoch_loss = 0.0
        for batch in minibatches(len(X), batch_size, rng):
            P, cache = forward(X[batch], params)
            epoch_loss += categorical_cross_entropy(Y[batch], P) * len(batch)
            grads = backward(X[batch], Y[batch], params, cache)  # every gradient first, from the same weights
            params = update_params(params, grads, learning_rate)
        loss_history.append(epoch_loss / len(X))
    return params, loss_history


def digits_validation_curves(X, y, X_val, y_val, hidden_size, learning_rate, epochs, batch_size, seed=0):
    """``train_digits``'s run, measured on validation data after every epoch.

    Returns a dict of arrays of length ``epochs``: ``accuracy`` and ``loss`` (categorical cross-entropy)
    on (X_val, y_val), and ``params``, the weights after the last epoch - the same as
    ``train_digits(X, y, hidden_size, learning_rate, epochs, batch_size, seed)[0]``.
    Because the shuffling draws one order per epoch from one generator, the weights after
    epoch k are those of a run with ``epochs=k``: one run gives the validation score of every budget.
    The matrix products run on one BLAS thread: for 32-row batches, threads cost more than they save
    (a grid of runs took about four times longer with two threads on a busy two-core machine), and the
    result is bit for bit the same.
    """
    with threadpool_limits(limits=1):
        return _validation_curves(X, y, X_val, y_val, hidden_size, learning_rate, epochs, batch_size, seed)


def _validation_curves(X, y, X_val, y_val, hidden_size, learning_rate, epochs, batch_size, seed):
    X = np.asarray(X, dtype=np.float64)
    Y = one_hot(np.asarray(y), N_DIGITS)
    Y_val = one_hot(np.asarray(y_val), N_DIGITS)
    params = init_params([X.shape[1], hidden_size, N_DIGITS], seed=seed)
    rng = np.random.default_rng(seed)
    accuracy, loss = [], []
    for _ in range(epochs):
        for batch in minibatches(len(X), batch_size, rng):
            P, cache = forward(X[batch], params)
            params = update_params(params, backward(X[batch], Y[batch], params, cache), learning_rate)
        P_val, _ = forward(X_val, params)
        accuracy.append(np.mean(np.argmax(P_val, axis=1) == y_val))
        loss.append(categorical_cross_entropy(Y_val, P_val))
    return {"accuracy": np.array(accuracy), "loss": np.array(loss), "params": params}


def predict_digits(params, X):
    """The predicted digit for each row of X: the argmax of its ten probabilities, int array (n_samples,)."""
    P, _ = forward(X, params)
    return np.argmax(P, axis=1)


def reliability_bins(confidence, correct, n_bins=10, edges=None):
    """Group predictions by their confidence: what a reliability diagram draws.

    Parameters
    ----------
    confidence : array (n,), the probability each prediction gave its predicted class, in [0, 1]
    correct : bool array (n,), whether that prediction was right
    n_bins : int, equal-width bins over [0, 1] (the last one includes 1)
    edges : optional increasing bin edges from 0 to 1 instead (e.g. finer bins near 1, where most
        confident answers lie); n_bins is then len(edges) - 1

    Returns
    -------
    dict of arrays of length n_bins: ``low``, ``high`` (bin edges), ``count``, ``mean_confidence`` and
    ``accuracy`` (nan for an empty bin), and the float ``ece``: the expected calibration error,
    sum over bins of count / n * |accuracy - mean_confidence|.
    """
    confidence = np.asarray(confidence, dtype=np.float64)
    correct = np.asarray(correct, dtype=bool)
    if confidence.shape != correct.shape or confidence.ndim != 1:
        raise ValueError(f"confidence and correct must be 1-D of the same length; got shapes {confidence.shape} "
                         f"and {correct.shape}")
    if np.any((confidence < 0) | (confidence > 1)):
        raise ValueError("confidence must hold probabilities in [0, 1]")
    if edges is None:
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    else:
        edges = np.asarray(edges, dtype=np.float64)
        if edges.ndim != 1 or len(edges) < 2 or edges[0] != 0 or edges[-1] != 1 or np.any(np.diff(edges) <= 0):
            raise ValueError(f"edges must increase from 0 to 1; got {edges}")
        n_bins = len(edges) - 1
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, n_bins - 1)
    count = np.bincount(which, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_confidence = np.bincount(which, weights=confidence, minlength=n_bins) / count
        accuracy = np.bincount(which, weights=correct, minlength=n_bins) / count
    gaps = np.where(count > 0, np.abs(accuracy - mean_confidence), 0.0)
    ece = float(np.sum(count * gaps) / max(len(confidence), 1))
    return {"low": edges[:-1], "high": edges[1:], "count": count, "mean_confidence": mean_confidence,
            "accuracy": accuracy, "ece": ece}

"""Minibatches and the training loop (lesson 6).

``minibatches`` cuts one epoch into batches of row indices and ``train`` is the
loop forward -> loss -> backward -> update around them; the learner writes both
in lesson 6.  ``NeuralNet`` uses ``minibatches``, so both shuffle the same way.
"""

import numpy as np

from .network import backward, compute_loss, forward, init_params, update_params


def minibatches(n_samples, batch_size, rng):
    """One epoch's minibatches: a list of index arrays that together hold 0..n_samples-1 exactly once.

    Parameters
    ----------
    n_samples : int >= 1, the number of rows of X.
    batch_size : int >= 1; the last batch is shorter when batch_size does not divide n_samples.
    rng : numpy.random.Generator; each call draws a new order from it.

    Returns
    -------
    list of int arrays, each of shape (batch_size,) except perhaps the last.
    Index arrays, not copies of X: ``X[batch]`` copies only that batch's rows.
    """
    order = rng.permutation(n_samples)
    return [order[start:start + batch_size] for start in range(0, n_samples, batch_size)]


def train(X, Y, layer_sizes, learning_rate, epochs, batch_size=None, hidden_activation="relu", seed=0):
    """Gradient descent on (X, Y) from fresh initial weights: the loop of lesson 6.

    Parameters
    ----------
    X : array (n_samples, n_features)
    Y : array (n_samples, n_outputs): a 0/1 column for two classes, one-hot rows for several
    layer_sizes : list of int, [n_features, hidden..., n_outputs]
    learning_rate : float > 0
    epochs : int >= 1, passes over the data
    batch_size : None for full batch (one update per epoch, no shuffling), or an int >= 1:
        minibatches from ``minibatches(n_samples, batch_size, rng)``, a new order every epoch
    hidden_activation : "relu", "tanh" or "sigmoid"
    seed : int; the weights are ``init_params(layer_sizes, seed=seed)`` and the shuffling
        draws from one ``np.random.default_rng(seed)`` made before the first epoch

    Returns
    -------
    params : dict W1, b1, ... after the last update
    loss_history : list of ``epochs`` floats; entry k is the mean loss over all samples of
        epoch k, each batch's loss measured on its forward pass *before* its update and
        weighted by the batch's size (so a short last batch counts for what it holds)

    This is ``NeuralNet``'s loop with ``alpha=0``: the same seed gives the same numbers.
    """
    X = np.asarray(X, dtype=np.float64)
    Y = np.asarray(Y, dtype=np.float64)
    if X.ndim != 2 or Y.ndim != 2 or len(X) != len(Y):
        raise ValueError(f"X and Y must be 2-D with one row per sample; got shapes {X.shape} and {Y.shape}")
    params = init_params(layer_sizes, seed=seed)
    rng = np.random.default_rng(seed)
    n_samples = len(X)
    loss_history = []
    for _ in range(epochs):
        batches = [slice(None)] if batch_size is None else minibatches(n_samples, batch_size, rng)
        epoch_loss = 0.0
        for batch in batches:
            X_batch, Y_batch = X[batch], Y[batch]  # the same rows of both, so every sample keeps its label
            P, cache = forward(X_batch, params, hidden_activation)
            epoch_loss += compute_loss(Y_batch, P) * len(X_batch)  # before the update
            grads = backward(X_batch, Y_batch, params, cache, hidden_activation)
            params = update_params(params, grads, learning_rate)
        loss_history.append(epoch_loss / n_samples)
    return params, loss_history


def batch_size_for_noise(batch_size, sd_factor):
    """The batch size whose gradient noise has a standard deviation `sd_factor` times smaller than at `batch_size`.

    The noise's variance falls as 1/B (for B much smaller than the data), so its standard deviation falls as
    1/sqrt(B): dividing it by sd_factor takes a batch sd_factor**2 times larger.
    """
    return batch_size * sd_factor ** 2

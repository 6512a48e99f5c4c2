"""Minibatches and the training loop (lesson 6).

``minibatches`` cuts one epoch into batches of row indices; the learner writes
it in lesson 6, and ``NeuralNet`` uses it, so both shuffle the same way.
"""

import numpy as np


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

"""The source tutorial's seed experiments on two moons, run with ``train_many`` (lesson 8).

The tutorial trained a 2-64-2 network (ReLU hidden layer, softmax output) on 5,000
moons (noise 0.1, a 75/25 split) with weights and biases from an unscaled ``randn``,
plain minibatch SGD on gradients *summed* over batches of 10, learning rate 1e-4,
batches in order without shuffling, for 10 epochs; over 100 repeats its mean test
accuracy was about 0.945 +- 0.020.  It then swept 3-40 hidden units, 3 trials each,
and found that too slow to run comfortably.  Here each is one call of ``train_many``.

A step on the gradient summed over a batch of B rows with learning rate lr is the
same step as on the mean gradient with learning rate lr * B (every batch here has
exactly B = 10 rows: 3,750 training points), so the functions below take the
tutorial's learning rate and pass ``learning_rate * batch_size`` to ``train_many``.
"""

import numpy as np
from sklearn.datasets import make_moons
from sklearn.model_selection import train_test_split

from .many_seeds import train_many

VARY = ("init", "init+order", "data", "all")

# The tutorial's recipe.
TUTORIAL = dict(n_samples=5000, noise=0.1, test_size=0.25, hidden_units=64, learning_rate=1e-4, batch_size=10,
                epochs=10)


def moons_split(seed, n_samples=5000, noise=0.1, test_size=0.25):
    """One draw of the tutorial's data: ``make_moons(n_samples, noise, random_state=seed)``, then
    ``train_test_split(test_size, random_state=seed)``.  Returns X_train, X_test, y_train, y_test."""
    X, y = make_moons(n_samples=n_samples, noise=noise, random_state=seed)
    return train_test_split(X, y, test_size=test_size, random_state=seed)


def _summed_gradient_rate(learning_rate, batch_size, n_train):
    if n_train % batch_size:
        raise ValueError(f"the summed-gradient learning rate equals a mean-gradient rate only if every batch is "
                         f"full: {n_train} training points do not split into batches of {batch_size}")
    return learning_rate * batch_size


def moons_seed_experiment(n_repeats=100, vary="init", hidden_units=64, learning_rate=1e-4, batch_size=10,
                          epochs=10, n_samples=5000, noise=0.1, test_size=0.25, init="standard_normal"):
    """The tutorial's repeated experiment: the test accuracy of ``n_repeats`` networks, shape (n_repeats,).

    ``vary`` says what changes from one repeat to the next (repeat r uses seed r):

    * "init": only the initial weights (seed r); the data are ``moons_split(0)``, batches in order -
      the tutorial's set-up if it drew its data once;
    * "init+order": the initial weights and a new minibatch order every epoch (``shuffle=True``);
    * "data": only the data, ``moons_split(r)``; every network starts from seed 0's weights;
    * "all": the data and the initial weights (seed r for both), batches in order.

    ``learning_rate`` is the tutorial's, for gradients summed over the batch; the other
    arguments are the tutorial's too (``TUTORIAL``).  Weights and biases start from an unscaled
    standard normal (``init="standard_normal"``, the tutorial's) or as NeuralNet's (``init="he"``:
    He-scaled weights, zero biases); the output is a 2-unit softmax.
    """
    if vary not in VARY:
        raise ValueError(f"vary must be one of {VARY}; got {vary!r}")
    if isinstance(n_repeats, bool) or not isinstance(n_repeats, (int, np.integer)) or n_repeats < 1:
        raise ValueError(f"n_repeats must be a positive integer; got {n_repeats!r}")
    repeats = np.arange(n_repeats)
    if vary in ("data", "all"):
        splits = [moons_split(int(r), n_samples, noise, test_size) for r in repeats]
        X_train, X_test, y_train, y_test = (np.stack(part) for part in zip(*splits))
    else:
        X_train, X_test, y_train, y_test = moons_split(0, n_samples, noise, test_size)
    seeds = np.zeros(n_repeats, dtype=int) if vary == "data" else repeats
    networks = train_many(X_train, y_train, seeds, hidden_layer_sizes=(hidden_units,), hidden_activation="relu",
                          learning_rate=_summed_gradient_rate(learning_rate, batch_size, X_train.shape[-2]),
                          epochs=epochs, batch_size=batch_size, output="softmax", init=init,
                          shuffle=vary == "init+order")
    return networks.score(X_test, y_test)


def hidden_units_sweep(units=range(3, 41), trials=3, learning_rate=1e-4, batch_size=10, epochs=10,
                       n_samples=5000, noise=0.1, test_size=0.25):
    """The tutorial's sweep: test accuracy for each hidden-layer width, ``trials`` seeds each.

    Every network is trained on ``moons_split(0)`` with the recipe of ``moons_seed_experiment``
    (vary="init"); width u, trial t uses seed t.  All widths train together in one
    ``train_many`` call (narrower networks padded with weights held at 0).

    Returns
    -------
    units : int array (U,)
    accuracies : array (U, trials), row i for units[i]
    """
    units = np.asarray(list(units))
    if units.ndim != 1 or len(units) == 0 or units.dtype.kind not in "iu" or np.any(units < 1):
        raise ValueError(f"units must be a non-empty list of positive integers; got {units!r}")
    if isinstance(trials, bool) or not isinstance(trials, (int, np.integer)) or trials < 1:
        raise ValueError(f"trials must be a positive integer; got {trials!r}")
    X_train, X_test, y_train, y_test = moons_split(0, n_samples, noise, test_size)
    widths = [(int(u),) for u in units for _ in range(trials)]
    seeds = [t for _ in units for t in range(trials)]
    networks = train_many(X_train, y_train, seeds, hidden_layer_sizes=widths, hidden_activation="relu",
                          learning_rate=_summed_gradient_rate(learning_rate, batch_size, len(X_train)),
                          epochs=epochs, batch_size=batch_size, output="softmax", init="standard_normal",
                          shuffle=False)
    return units, networks.score(X_test, y_test).reshape(len(units), trials)

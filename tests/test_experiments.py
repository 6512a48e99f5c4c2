"""The tutorial's seed experiments (nn_helpers.experiments), on small versions of its data."""

import numpy as np
import pytest

from nn_helpers import train_many
from nn_helpers.experiments import hidden_units_sweep, moons_seed_experiment, moons_split

SMALL = dict(n_samples=400, epochs=2)  # 300 training points: batches of 10 are all full


def one_network(seed, split_seed, hidden_units=64, shuffle=False, **settings):
    X_train, X_test, y_train, y_test = moons_split(split_seed, n_samples=400)
    # The tutorial's summed-gradient rate 1e-4 over batches of 10 is the mean-gradient rate 1e-3.
    network = train_many(X_train, y_train, [seed], hidden_layer_sizes=(hidden_units,), learning_rate=1e-3,
                         epochs=2, batch_size=10, output="softmax", init="standard_normal", shuffle=shuffle,
                         **settings)
    return network.score(X_test, y_test)[0]


@pytest.mark.parametrize("vary, seed_of, split_of, shuffle", [
    ("init", lambda r: r, lambda r: 0, False),
    ("init+order", lambda r: r, lambda r: 0, True),
    ("data", lambda r: 0, lambda r: r, False),
    ("all", lambda r: r, lambda r: r, False),
])
def test_what_varies_between_repeats(vary, seed_of, split_of, shuffle):
    accuracies = moons_seed_experiment(n_repeats=4, vary=vary, **SMALL)
    assert accuracies.shape == (4,)
    for r in range(4):
        assert accuracies[r] == one_network(seed_of(r), split_of(r), shuffle=shuffle)


def test_moons_split_is_the_tutorials_data():
    X_train, X_test, y_train, y_test = moons_split(0)
    assert X_train.shape == (3750, 2) and X_test.shape == (1250, 2)


def test_sweep_rows_are_the_widths():
    units, accuracies = hidden_units_sweep(units=[3, 7], trials=2, **SMALL)
    assert units.tolist() == [3, 7] and accuracies.shape == (2, 2)
    for i, width in enumerate([3, 7]):
        for trial in range(2):
            assert accuracies[i, trial] == one_network(trial, 0, hidden_units=width)


def test_clear_errors():
    with pytest.raises(ValueError, match="vary must be one of"):
        moons_seed_experiment(vary="seed")
    with pytest.raises(ValueError, match="n_repeats must be a positive integer"):
        moons_seed_experiment(n_repeats=0)
    with pytest.raises(ValueError, match="do not split into batches of 7"):
        moons_seed_experiment(n_repeats=2, batch_size=7, **SMALL)
    with pytest.raises(ValueError, match="units must be a non-empty list"):
        hidden_units_sweep(units=[])
    with pytest.raises(ValueError, match="trials must be a positive integer"):
        hidden_units_sweep(trials=0)

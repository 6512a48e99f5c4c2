"""train_many: S networks trained together give what S separate NeuralNet fits give.

Tolerance: every comparison below allows a relative difference of 1e-12 (plus 1e-12 of the
largest weight, for weights near 0).  On the machine these tests were written on, the
stacked results are in fact bit-for-bit equal - ``np.matmul`` on a stack calls the same
matrix product for each network, and every reduction runs over the same axis in the same
order - but that depends on numpy's and BLAS's choice of kernels, which may differ between
a 2-D product and a stack on another CPU.  Differences of round-off size (1e-16) would grow
over the epochs but stay far below 1e-12 here.  Networks of different widths trained
together (padded to the widest) add zeros to their sums in a different grouping: that
changes round-off only, and the same tolerance holds.
"""

import numpy as np
import pytest
from sklearn.datasets import make_blobs, make_moons

from nn_helpers import NeuralNet, TrainedNetworks, train_many
from nn_helpers.losses import one_hot
from nn_helpers.network import backward, compute_loss, forward, update_params

SEEDS = [0, 3, 7, 11, 42]


@pytest.fixture(scope="module")
def moons():
    return make_moons(n_samples=150, noise=0.25, random_state=1)


@pytest.fixture(scope="module")
def blobs():
    X, y = make_blobs(n_samples=120, centers=3, cluster_std=2.0, random_state=2)
    return X, np.array(["cat", "dog", "eel"])[y]


def assert_close(actual, expected):
    expected = np.asarray(expected)
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=1e-12 * np.max(np.abs(expected)))


def assert_same_as_separate_fits(many, X, y, settings, seeds=SEEDS):
    assert many.loss_history.shape == (len(seeds), settings["epochs"])
    predictions, scores = many.predict(X), many.score(X, y)
    for index, seed in enumerate(seeds):
        net = NeuralNet(seed=seed, **settings).fit(X, y)
        assert_close(many.loss_history[index], net.loss_history_)
        params = many.params(index)
        assert params.keys() == net.params_.keys()
        for name, value in net.params_.items():
            assert_close(params[name], value)
        np.testing.assert_array_equal(predictions[index], net.predict(X))
        assert scores[index] == net.score(X, y)
        assert_close(many.predict_proba(X)[index], net.predict_proba(X))


@pytest.mark.parametrize("hidden_layer_sizes", [(8,), (6, 4)])
@pytest.mark.parametrize("hidden_activation", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("batch_size", [None, 7, 32, 500])  # 7: a short last batch; 500 > n: one shuffled batch
def test_binary_same_as_neuralnet(moons, hidden_layer_sizes, hidden_activation, batch_size):
    X, y = moons
    settings = dict(hidden_layer_sizes=hidden_layer_sizes, hidden_activation=hidden_activation, learning_rate=0.3,
                    epochs=12, batch_size=batch_size, alpha=0.2 if batch_size == 7 else 0.0)
    many = train_many(X, y, SEEDS, **settings)
    assert [W.shape for W in many.weights] == [(5, a, b) for a, b in
                                              zip([2, *hidden_layer_sizes], [*hidden_layer_sizes, 1])]
    assert [b.shape for b in many.biases] == [(5, n) for n in [*hidden_layer_sizes, 1]]
    assert many.output == "sigmoid"
    assert_same_as_separate_fits(many, X, y, settings)


@pytest.mark.parametrize("batch_size, alpha", [(None, 0.0), (16, 0.5), (50, 0.0)])
def test_multiclass_same_as_neuralnet(blobs, batch_size, alpha):
    X, y = blobs
    settings = dict(hidden_layer_sizes=(10,), hidden_activation="relu", learning_rate=0.05, epochs=15,
                    batch_size=batch_size, alpha=alpha)
    many = train_many(X, y, SEEDS, **settings)
    assert many.output == "softmax" and many.classes.tolist() == ["cat", "dog", "eel"]
    assert_same_as_separate_fits(many, X, y, settings)


def test_two_class_softmax_is_neuralnets_loop_on_one_hot_targets(moons):
    # NeuralNet picks a sigmoid for two classes; its training loop with one-hot targets is the 2-output softmax net.
    X, y = moons
    many = train_many(X, y, SEEDS, hidden_layer_sizes=(16,), learning_rate=0.2, epochs=8, batch_size=10,
                      output="softmax")
    assert many.weights[-1].shape == (5, 16, 2)
    for index, seed in enumerate(SEEDS):
        net = NeuralNet(hidden_layer_sizes=(16,), learning_rate=0.2, epochs=8, batch_size=10, seed=seed)
        net._train(X, one_hot(y, 2), (16,))
        assert_close(many.loss_history[index], net.loss_history_)
        for name, value in net.params_.items():
            assert_close(many.params(index)[name], value)


def test_the_tutorials_recipe_unscaled_init_and_batches_in_order(moons):
    X, y = moons
    Y = one_hot(y, 2)
    many = train_many(X, y, [5, 6], hidden_layer_sizes=(12,), learning_rate=0.01, epochs=4, batch_size=10,
                      output="softmax", init="standard_normal", shuffle=False)
    for index, seed in enumerate([5, 6]):
        rng = np.random.default_rng(seed)
        params = {"W1": rng.standard_normal((2, 12)), "b1": rng.standard_normal(12),
                  "W2": rng.standard_normal((12, 2)), "b2": rng.standard_normal(2)}
        losses = []
        for _ in range(4):
            total = 0.0
            for start in range(0, len(X), 10):  # in order, the same every epoch
                X_batch, Y_batch = X[start:start + 10], Y[start:start + 10]
                P, cache = forward(X_batch, params)
                total += compute_loss(Y_batch, P) * len(X_batch)
                params = update_params(params, backward(X_batch, Y_batch, params, cache), 0.01)
            losses.append(total / len(X))
        assert_close(many.loss_history[index], losses)
        for name, value in params.items():
            assert_close(many.params(index)[name], value)


def test_one_data_set_per_network():
    data = [make_moons(n_samples=60, noise=0.2, random_state=r) for r in range(3)]
    X, y = np.stack([d[0] for d in data]), np.stack([d[1] for d in data])
    settings = dict(hidden_layer_sizes=(6,), learning_rate=0.4, epochs=10, batch_size=8)
    many = train_many(X, y, [1, 2, 3], **settings)
    scores = many.score(X, y)
    assert many.predict(X).shape == (3, 60)
    for index, seed in enumerate([1, 2, 3]):
        net = NeuralNet(seed=seed, **settings).fit(X[index], y[index])
        assert_close(many.loss_history[index], net.loss_history_)
        assert scores[index] == net.score(X[index], y[index])


@pytest.mark.parametrize("hidden_activation", ["relu", "sigmoid"])
def test_networks_of_different_widths(moons, hidden_activation):
    X, y = moons
    widths = [(3,), (9,), (5,), (9,), (1,)]
    many = train_many(X, y, SEEDS, hidden_layer_sizes=widths, hidden_activation=hidden_activation,
                      learning_rate=0.3, epochs=10, batch_size=25)
    assert many.weights[0].shape == (5, 2, 9)
    for index, (seed, width) in enumerate(zip(SEEDS, widths)):
        net = NeuralNet(hidden_layer_sizes=width, hidden_activation=hidden_activation, learning_rate=0.3,
                        epochs=10, batch_size=25, seed=seed).fit(X, y)
        assert_close(many.loss_history[index], net.loss_history_)
        params = many.params(index)
        assert_close(params["W1"][:, :width[0]], net.params_["W1"])
        assert_close(params["W2"][:width[0]], net.params_["W2"])
        # The padding units never move from 0.
        assert not np.any(params["W1"][:, width[0]:]) and not np.any(params["b1"][width[0]:])
        assert not np.any(params["W2"][width[0]:])


def test_repr_and_type(moons):
    many = train_many(*moons, [0, 1], epochs=2)
    assert isinstance(many, TrainedNetworks)
    assert repr(many) == "TrainedNetworks(2 networks, layers [2, 8, 1], hidden 'relu', output 'sigmoid', 2 epochs)"


@pytest.mark.parametrize("arguments, phrase", [
    (dict(seeds=[]), "seeds must be a non-empty list"),
    (dict(seeds=[1, -2]), "seeds must be a non-empty list"),
    (dict(seeds=[0.5, 1.5]), "seeds must be a non-empty list"),
    (dict(output="tanh"), "output must be None, 'sigmoid' or 'softmax'"),
    (dict(init="glorot"), "init must be 'he'"),
    (dict(shuffle="no"), "shuffle must be True or False"),
    (dict(learning_rate=0), "learning_rate must be a positive"),
    (dict(hidden_activation="elu"), "unknown activation"),
    (dict(epochs=0), "epochs must be a positive integer"),
    (dict(batch_size=0), "batch_size must be None"),
    (dict(hidden_layer_sizes=[(4,), (5,)]), "one tuple per seed"),
    (dict(hidden_layer_sizes=[(4,), (5,), (3, 3)]), "the same number of hidden layers"),
])
def test_clear_errors(moons, arguments, phrase):
    X, y = moons
    settings = {"seeds": [0, 1, 2], "epochs": 2, **arguments}
    with pytest.raises(ValueError, match=phrase):
        train_many(X, y, **settings)


def test_clear_errors_for_data(moons, blobs):
    X, y = moons
    with pytest.raises(ValueError, match="y must have shape"):
        train_many(X, y[:-1], [0])
    with pytest.raises(ValueError, match="one data set per seed"):
        train_many(np.stack([X, X]), np.stack([y, y]), [0, 1, 2])
    with pytest.raises(ValueError, match="only one class"):
        train_many(X, np.zeros(len(X)), [0])
    with pytest.raises(ValueError, match="'sigmoid' needs exactly 2 classes"):
        train_many(*blobs, [0], output="sigmoid")
    with pytest.raises(ValueError, match="nan or inf"):
        train_many(np.where(X > 1.5, np.nan, X), y, [0])
    many = train_many(X, y, [0, 1], epochs=1)
    with pytest.raises(ValueError, match=r"X must have shape \(n_samples, 2\)"):
        many.predict(X[:, :1])
    with pytest.raises(ValueError, match="y must have shape"):
        many.score(X, y[:10])

"""Tests for nn_helpers.training: minibatches and the reference training loop of lesson 6."""

import numpy as np
import pytest
from sklearn.datasets import make_moons

import nn_helpers as nh
from nn_helpers.training import minibatches, train


@pytest.mark.parametrize("n_samples, batch_size", [(10, 4), (12, 4), (5, 8), (7, 1)])
def test_minibatches_hold_every_index_once_with_the_short_batch_last(n_samples, batch_size):
    batches = minibatches(n_samples, batch_size, np.random.default_rng(0))
    assert sorted(np.concatenate(batches).tolist()) == list(range(n_samples))
    assert [len(batch) for batch in batches[:-1]] == [batch_size] * (len(batches) - 1)
    assert 1 <= len(batches[-1]) <= batch_size
    assert all(np.issubdtype(batch.dtype, np.integer) for batch in batches)


def test_minibatches_draw_a_new_order_from_the_generator_each_call():
    rng = np.random.default_rng(5)
    first, second = (np.concatenate(minibatches(20, 6, rng)) for _ in range(2))
    assert not np.array_equal(first, second)
    again = np.random.default_rng(5)
    assert np.array_equal(np.concatenate(minibatches(20, 6, again)), first)  # repeatable from the seed
    assert np.array_equal(first, np.random.default_rng(5).permutation(20))  # consecutive slices of one permutation


def _moons(n=60):
    X, y = make_moons(n, noise=0.2, random_state=0)
    return X, y.reshape(-1, 1).astype(np.float64), y


@pytest.mark.parametrize("batch_size", [None, 7, 1, 100])
@pytest.mark.parametrize("hidden_activation", ["relu", "tanh"])
def test_train_matches_neuralnet_exactly(batch_size, hidden_activation):
    X, Y, y = _moons()
    params, history = train(X, Y, [2, 5, 1], 0.3, 15, batch_size, hidden_activation, seed=4)
    model = nh.NeuralNet(hidden_layer_sizes=(5,), learning_rate=0.3, epochs=15, batch_size=batch_size,
                         hidden_activation=hidden_activation, seed=4).fit(X, y)
    np.testing.assert_allclose(history, model.loss_history_, rtol=1e-12, atol=0)
    for name in params:
        np.testing.assert_allclose(params[name], model.params_[name], rtol=1e-12, atol=1e-15)


def test_train_records_the_loss_before_each_update():
    X, Y, _ = _moons()
    _, history = train(X, Y, [2, 4, 1], 0.5, 3)
    start = nh.init_params([2, 4, 1], seed=0)
    assert history[0] == pytest.approx(nh.compute_loss(Y, nh.forward(X, start)[0]), rel=1e-14)
    params_1, _ = train(X, Y, [2, 4, 1], 0.5, 1)
    assert history[1] == pytest.approx(nh.compute_loss(Y, nh.forward(X, params_1)[0]), rel=1e-14)


def test_train_weights_a_short_last_batch_by_its_size():
    X, Y, _ = _moons(10)
    _, history = train(X, Y, [2, 3, 1], 1e-300, 1, batch_size=4)  # a step so small the weights do not move
    start = nh.init_params([2, 3, 1], seed=0)
    assert history[0] == pytest.approx(nh.compute_loss(Y, nh.forward(X, start)[0]), rel=1e-12)


def test_train_handles_several_classes_and_leaves_its_inputs_alone():
    X, _, _ = _moons(30)
    Y = nh.one_hot(np.arange(30) % 3, 3)
    X_before, Y_before = X.copy(), Y.copy()
    params, history = train(X, Y, [2, 4, 3], 0.2, 5, batch_size=8)
    assert params["W2"].shape == (4, 3) and len(history) == 5 and np.all(np.isfinite(history))
    assert np.array_equal(X, X_before) and np.array_equal(Y, Y_before)


def test_train_rejects_mismatched_shapes_with_a_clear_message():
    X, Y, _ = _moons(10)
    with pytest.raises(ValueError, match="one row per sample"):
        train(X, Y[:-1], [2, 3, 1], 0.1, 1)
    with pytest.raises(ValueError, match="2-D"):
        train(X, Y.ravel(), [2, 3, 1], 0.1, 1)


def test_train_is_exported():
    assert nh.train is train and nh.minibatches is minibatches

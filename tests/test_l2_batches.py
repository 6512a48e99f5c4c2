"""What alpha means with minibatches (review finding E5): each step divides it by its batch's size.

Every claim of the docstrings of ``l2_penalty``, ``backward``, ``NeuralNet(alpha=...)`` and
``keras_l2_factor`` has a test here.
"""

import warnings

import numpy as np
import pytest
from sklearn.datasets import make_moons
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from nn_helpers import NeuralNet, keras_l2_factor
from nn_helpers.network import backward, compute_loss, forward, init_params, l2_penalty, update_params
from same_network import import_keras, keras_float64, mlp_params, weights_and_biases

ALPHA, LEARNING_RATE = 0.7, 0.2


@pytest.fixture(scope="module")
def moons():
    X, y = make_moons(n_samples=120, noise=0.2, random_state=0)
    return X, y.reshape(-1, 1).astype(np.float64)


@pytest.mark.parametrize("batch_size", [1, 10, 120])
def test_each_step_divides_alpha_by_its_batch_size(moons, batch_size):
    X, Y = moons[0][:batch_size], moons[1][:batch_size]
    params = init_params([2, 6, 1], seed=1)
    P, cache = forward(X, params)
    squared = sum(np.sum(params[name] ** 2) for name in ("W1", "W2"))
    loss_gap = compute_loss(Y, P, params, ALPHA) - compute_loss(Y, P)
    assert loss_gap == pytest.approx(0.5 * ALPHA * squared / batch_size, rel=1e-12)
    assert l2_penalty(params, batch_size, ALPHA) == pytest.approx(0.5 * ALPHA * squared / batch_size, rel=1e-15)
    with_l2, without = backward(X, Y, params, cache, alpha=ALPHA), backward(X, Y, params, cache)
    for layer in (1, 2):
        np.testing.assert_allclose(with_l2[f"dW{layer}"] - without[f"dW{layer}"],
                                   ALPHA / batch_size * params[f"W{layer}"], rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(with_l2[f"db{layer}"], without[f"db{layer}"])  # biases: no penalty


@pytest.mark.parametrize("batch_size", [4, 10, 40, 120])
def test_per_epoch_shrinkage_grows_as_n_over_b_squared(batch_size):
    # X = 0 with zero biases: every ReLU unit gets z = 0, so the data add nothing to dW and
    # the weights change by L2 alone: W <- W * (1 - lr * alpha / B) at each of the n / B steps.
    n = 120
    X, y = np.zeros((n, 2)), np.tile([0, 1], n // 2)
    start = init_params([2, 5, 1], seed=0)
    net = NeuralNet(hidden_layer_sizes=(5,), learning_rate=LEARNING_RATE, alpha=ALPHA, epochs=1,
                    batch_size=batch_size).fit(X, y)
    factor = (1 - LEARNING_RATE * ALPHA / batch_size) ** (n // batch_size)
    for name in ("W1", "W2"):
        np.testing.assert_allclose(net.params_[name], factor * start[name], rtol=1e-12)
    full_batch_decay = LEARNING_RATE * ALPHA / n
    # log-shrinkage per epoch / full batch's = (n/B) * log(1 - lr alpha / B) / log(1 - lr alpha / n) ~ (n/B)^2
    ratio = np.log(factor) / np.log(1 - full_batch_decay)
    assert ratio == pytest.approx((n / batch_size) ** 2, rel=0.05)


def in_order_minibatch_descent(params, X, Y, batch_size, epochs):
    """Minibatch gradient descent with the lesson functions, batches in their order (no shuffling)."""
    losses = []
    for _ in range(epochs):
        total = 0.0
        for start in range(0, len(X), batch_size):
            X_batch, Y_batch = X[start:start + batch_size], Y[start:start + batch_size]
            P, cache = forward(X_batch, params)
            total += compute_loss(Y_batch, P, params, ALPHA) * len(X_batch)
            params = update_params(params, backward(X_batch, Y_batch, params, cache, alpha=ALPHA), LEARNING_RATE)
        losses.append(total / len(X))
    return params, losses


@pytest.mark.parametrize("batch_size", [16, 40])  # 16 leaves a short last batch of 8
def test_minibatch_l2_is_mlpclassifiers(moons, batch_size):
    X, Y = moons
    start = init_params([2, 6, 1], seed=2)
    ours, our_losses = in_order_minibatch_descent(start, X, Y, batch_size, epochs=15)
    mlp = MLPClassifier(hidden_layer_sizes=(6,), solver="sgd", momentum=0.0, learning_rate_init=LEARNING_RATE,
                        batch_size=batch_size, shuffle=False, alpha=ALPHA, tol=0.0, n_iter_no_change=100,
                        warm_start=True, max_iter=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(X, Y.ravel())
        mlp.coefs_, mlp.intercepts_ = weights_and_biases(start)
        mlp.loss_curve_, mlp.best_loss_, mlp._no_improvement_count, mlp.t_ = [], np.inf, 0, 0
        mlp.set_params(max_iter=15)
        mlp.fit(X, Y.ravel())
    np.testing.assert_allclose(mlp.loss_curve_, our_losses, rtol=1e-12)
    for name, value in mlp_params(mlp).items():
        np.testing.assert_allclose(value, ours[name], rtol=1e-10, atol=1e-13)


def test_keras_l2_factor_matches_keras_with_equal_batches(moons):
    X, Y = moons
    batch_size, epochs = 20, 5  # 20 divides 120: every batch has B rows
    start = init_params([2, 6, 1], seed=3)
    ours, our_losses = in_order_minibatch_descent(start, X, Y, batch_size, epochs)
    keras = import_keras()
    with keras_float64():
        regulariser = keras.regularizers.L2(keras_l2_factor(ALPHA, batch_size))
        model = keras.Sequential([keras.Input(shape=(2,)),
                                  keras.layers.Dense(6, activation="relu", kernel_regularizer=regulariser),
                                  keras.layers.Dense(1, activation="sigmoid", kernel_regularizer=regulariser)])
        model.set_weights([start["W1"], start["b1"], start["W2"], start["b2"]])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=LEARNING_RATE), loss="binary_crossentropy")
        for _ in range(epochs):
            for begin in range(0, len(X), batch_size):
                model.train_on_batch(X[begin:begin + batch_size], Y[begin:begin + batch_size])
        final = model.get_weights()
    # Keras rounds l to float32 (relative 1e-8), so agreement is to about 1e-9, not to the last bit.
    for value, name in zip(final, ("W1", "b1", "W2", "b2")):
        np.testing.assert_allclose(value, ours[name], rtol=1e-7, atol=1e-9)
    # With l computed from n instead of B the run is a different one.
    assert keras_l2_factor(ALPHA, len(X)) == pytest.approx(keras_l2_factor(ALPHA, batch_size) / 6)


def test_keras_l2_factor_values_and_errors():
    assert keras_l2_factor(1.0, 300) == 0.5 / 300
    assert keras_l2_factor(2e-4, 32) == pytest.approx(1e-4 / 32, rel=1e-15)
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="batch_size must be a positive integer"):
            keras_l2_factor(1.0, bad)

"""Tests for nn_helpers.multiclass: lesson 10's loop, prediction, validation curves and calibration bins."""

import numpy as np
import pytest
from sklearn.datasets import load_digits

from nn_helpers import (NeuralNet, digits_validation_curves, forward, mcnemar_exact_p, predict_digits, reliability_bins,
                        train_digits)


@pytest.fixture(scope="module")
def digits():
    data = load_digits()
    return data.data[:300] / 16.0, data.target[:300]


def test_train_digits_is_neural_net_exactly(digits):
    X, y = digits
    params, history = train_digits(X, y, 12, 0.2, 4, 64, seed=2)  # 300 = 4 * 64 + 44: a short last batch
    model = NeuralNet(hidden_layer_sizes=(12,), learning_rate=0.2, epochs=4, batch_size=64, seed=2).fit(X, y)
    assert np.array_equal(history, model.loss_history_)
    for name, value in model.params_.items():
        assert np.array_equal(params[name], value)


def test_validation_curves_end_with_train_digits_weights_and_each_epoch_is_a_shorter_run(digits):
    X, y = digits
    curves = digits_validation_curves(X[:200], y[:200], X[200:], y[200:], 10, 0.3, 5, 32, seed=1)
    final, _ = train_digits(X[:200], y[:200], 10, 0.3, 5, 32, seed=1)
    for name in final:
        assert np.array_equal(curves["params"][name], final[name])
    three, _ = train_digits(X[:200], y[:200], 10, 0.3, 3, 32, seed=1)
    assert curves["accuracy"][2] == np.mean(predict_digits(three, X[200:]) == y[200:])
    assert curves["accuracy"].shape == curves["loss"].shape == (5,)


def test_predict_digits_is_the_argmax_of_each_row(digits):
    X, y = digits
    params, _ = train_digits(X, y, 8, 0.3, 2, 32)
    P, _ = forward(X, params)
    predictions = predict_digits(params, X)
    assert predictions.shape == (len(X),) and np.issubdtype(predictions.dtype, np.integer)
    assert np.array_equal(P[np.arange(len(X)), predictions], P.max(axis=1))


def test_reliability_bins_count_every_prediction_once_and_compute_the_ece():
    confidence = np.array([0.05, 0.15, 0.95, 1.0, 0.55, 0.55])
    correct = np.array([False, True, True, True, False, True])
    bins = reliability_bins(confidence, correct, n_bins=10)
    assert bins["count"].sum() == 6 and bins["count"][9] == 2 and bins["count"][5] == 2
    assert bins["accuracy"][5] == 0.5 and bins["mean_confidence"][9] == pytest.approx(0.975)
    assert np.isnan(bins["accuracy"][3])
    expected = (abs(0 - 0.05) + abs(1 - 0.15) + 2 * abs(1 - 0.975) + 2 * abs(0.5 - 0.55)) / 6
    assert bins["ece"] == pytest.approx(expected)


def test_reliability_bins_refuse_bad_input():
    with pytest.raises(ValueError, match="probabilities"):
        reliability_bins(np.array([1.5]), np.array([True]))
    with pytest.raises(ValueError, match="same length"):
        reliability_bins(np.array([0.5, 0.2]), np.array([True]))


def test_uniform_guess_loss_is_the_cross_entropy_of_equal_probabilities():
    from nn_helpers import categorical_cross_entropy, uniform_guess_loss
    for K in (1, 2, 10):
        assert uniform_guess_loss(K) == pytest.approx(categorical_cross_entropy(np.eye(K), np.full((K, K), 1 / K)))
    with pytest.raises(ValueError, match="positive integer"):
        uniform_guess_loss(0)


@pytest.mark.parametrize("b, c", [(0, 4), (4, 0), (3, 3), (0, 1), (2, 9), (12, 30), (40, 41), (0, 25), (7, 0)])
def test_mcnemar_exact_p_is_scipys_binomial_test(b, c):
    from scipy.stats import binomtest

    assert mcnemar_exact_p(b, c) == pytest.approx(binomtest(b, b + c, 0.5).pvalue, rel=1e-12, abs=1e-15)


def test_mcnemar_exact_p_by_hand_and_its_edges():
    assert mcnemar_exact_p(0, 4) == 0.125  # 2 * (1/2)**4
    assert mcnemar_exact_p(0, 0) == 1.0  # no disagreement: nothing against equality
    assert mcnemar_exact_p(5, 5) == 1.0  # the two tails overlap: capped at 1
    for bad in (-1, 1.5, True, "3"):
        with pytest.raises(ValueError, match="count"):
            mcnemar_exact_p(bad, 2)


def test_reliability_bins_with_own_edges():
    confidence = np.array([0.3, 0.92, 0.96, 0.995, 0.9995, 1.0])
    correct = np.array([False, True, False, True, True, True])
    bins = reliability_bins(confidence, correct, edges=[0, 0.5, 0.9, 0.95, 0.99, 0.999, 1])
    assert bins["count"].tolist() == [1, 0, 1, 1, 1, 2]
    assert np.isnan(bins["accuracy"][1])
    expected_ece = (0.3 + 0.08 + 0.96 + 0.005 + (1 - (0.9995 + 1.0) / 2) * 2) / 6
    assert bins["ece"] == pytest.approx(expected_ece)
    assert np.array_equal(reliability_bins(confidence, correct, edges=np.linspace(0, 1, 11))["count"],
                          reliability_bins(confidence, correct)["count"])
    for edges in ([0.1, 1], [0, 0.5, 0.4, 1], [0, 0.9]):
        with pytest.raises(ValueError, match="edges"):
            reliability_bins(confidence, correct, edges=edges)

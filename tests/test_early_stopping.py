"""Early stopping in NeuralNet and NeuralNetRegressor: scikit-learn's rule, the split, the restored weights."""

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.datasets import make_blobs, make_moons, make_regression
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split
from sklearn.neural_network import MLPClassifier

from nn_helpers import NeuralNet, NeuralNetRegressor, update_no_improvement_count
from nn_helpers.network import forward


def sklearn_rule(scores, n_iter_no_change, tol):
    """Feed a sequence of validation scores to MLPClassifier's own bookkeeping method.

    Returns (epochs run, best epoch from 1, best score) as MLPClassifier's fit loop would
    produce them: it calls ``_update_no_improvement_count`` after every epoch and stops once
    ``_no_improvement_count > n_iter_no_change``.
    """
    mlp = MLPClassifier(early_stopping=True, n_iter_no_change=n_iter_no_change, tol=tol)
    mlp.validation_scores_ = []
    mlp.best_validation_score_ = -np.inf
    mlp._no_improvement_count = 0
    mlp.coefs_, mlp.intercepts_ = [np.zeros(1)], [np.zeros(1)]
    feed = iter(scores)
    mlp._score = lambda X, y, sample_weight=None: next(feed)
    best_epoch = None
    for epoch, _ in enumerate(scores, start=1):
        mlp.coefs_ = [np.array([float(epoch)])]  # marks which epoch's weights it keeps as the best
        mlp._update_no_improvement_count(True, None, None, None)
        best_epoch = int(mlp._best_coefs[0][0])
        if mlp._no_improvement_count > mlp.n_iter_no_change:
            break
    return epoch, best_epoch, mlp.best_validation_score_


def our_rule(scores, n_iter_no_change, tol):
    """The same loop with update_no_improvement_count, as NeuralNet._train runs it."""
    best, count, best_epoch = -np.inf, 0, None
    for epoch, score in enumerate(scores, start=1):
        best, count, is_best = update_no_improvement_count(score, best, count, tol)
        if is_best:
            best_epoch = epoch
        if count > n_iter_no_change:
            break
    return epoch, best_epoch, best


@pytest.mark.parametrize("n_iter_no_change", [1, 3, 10])
@pytest.mark.parametrize("tol", [0.0, 1e-4, 0.02])
def test_the_stopping_rule_is_mlpclassifiers(n_iter_no_change, tol):
    rng = np.random.default_rng(n_iter_no_change)
    sequences = [
        [0.5, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.6, 0.7],  # a plateau, then a late gain
        [0.5, 0.51, 0.52, 0.53, 0.54, 0.55, 0.56, 0.57, 0.58, 0.59, 0.6, 0.61, 0.62, 0.63],  # gains of 0.01
        [0.9] + [0.8] * 15,  # the first epoch is the best
        [0.7, 0.70005, 0.7001, 0.70015] * 5,  # gains smaller than tol 1e-4, and exactly tol
    ]
    # Accuracies on 40 validation rows: few distinct values, so ties are common.
    sequences += [list(np.round(np.cumsum(rng.integers(-2, 3, size=60)) / 40 + 0.5, 6)) for _ in range(30)]
    for scores in sequences:
        ours, theirs = our_rule(scores, n_iter_no_change, tol), sklearn_rule(scores, n_iter_no_change, tol)
        assert ours == theirs, scores


def test_stopping_needs_more_than_n_iter_no_change_epochs_without_improvement():
    # Best at epoch 1, then no gain: count reaches 3 at epoch 4, and 3 > 2 stops there.
    assert our_rule([0.9, 0.8, 0.8, 0.8, 0.8, 0.8], n_iter_no_change=2, tol=0.0) == (4, 1, 0.9)


@pytest.fixture(scope="module")
def noisy_moons():
    X, y = make_moons(n_samples=300, noise=0.35, random_state=3)
    return X, y


def validation_rows(n, y, fraction, seed):
    """The documented split: train_test_split's test part of arange(n), stratified, seeded."""
    train, val = train_test_split(np.arange(n), test_size=fraction, stratify=y, random_state=seed)
    return np.sort(train), np.sort(val)


@pytest.mark.parametrize("batch_size", [None, 16])
def test_best_weights_are_restored_and_only_training_rows_are_trained_on(noisy_moons, batch_size):
    X, y = noisy_moons
    settings = dict(hidden_layer_sizes=(16,), learning_rate=0.5, epochs=300, batch_size=batch_size, seed=4)
    net = NeuralNet(early_stopping=True, validation_fraction=0.2, n_iter_no_change=5, **settings).fit(X, y)
    assert 1 <= net.best_epoch_ < net.n_iter_ < 300  # it did stop early, after its best epoch
    assert len(net.loss_history_) == len(net.validation_scores_) == net.n_iter_
    assert net.best_validation_score_ == max(net.validation_scores_)
    assert net.best_epoch_ == int(np.argmax(net.validation_scores_)) + 1
    train, val = validation_rows(len(X), y, 0.2, 4)
    assert len(val) == 60 and abs(np.mean(y[val]) - np.mean(y)) < 0.01  # 20 %, stratified
    # params_ is the best epoch's: its accuracy on the held-out rows is the best score ...
    assert np.mean(net.predict(X[val]) == y[val]) == net.best_validation_score_
    # ... and the same network trained without early stopping on the training rows alone, for
    # best_epoch_ epochs, is the very same network: the held-out rows were never trained on.
    plain = NeuralNet(**{**settings, "epochs": net.best_epoch_}).fit(X[train], y[train])
    for name, value in plain.params_.items():
        np.testing.assert_array_equal(net.params_[name], value)
    np.testing.assert_array_equal(plain.loss_history_, net.loss_history_[:net.best_epoch_])


def test_changing_the_validation_rows_changes_the_scores_not_the_training(noisy_moons):
    X, y = noisy_moons
    _, val = validation_rows(len(X), y, 0.1, 0)
    X_changed = X.copy()
    X_changed[val] = np.random.default_rng(1).normal(size=(len(val), 2)) * 3
    nets = [NeuralNet(hidden_layer_sizes=(8,), learning_rate=0.5, epochs=40, early_stopping=True,
                      n_iter_no_change=1000).fit(data, y) for data in (X, X_changed)]
    assert nets[0].n_iter_ == nets[1].n_iter_ == 40
    np.testing.assert_array_equal(nets[0].loss_history_, nets[1].loss_history_)
    assert nets[0].validation_scores_ != nets[1].validation_scores_


def test_validation_scores_are_accuracies_of_each_epoch(noisy_moons):
    X, y = noisy_moons
    net = NeuralNet(hidden_layer_sizes=(8,), learning_rate=0.5, epochs=30, early_stopping=True,
                    n_iter_no_change=1000, seed=2).fit(X, y)
    train, val = validation_rows(len(X), y, 0.1, 2)
    for epochs in (1, 7, 30):
        partial = NeuralNet(hidden_layer_sizes=(8,), learning_rate=0.5, epochs=epochs, seed=2).fit(X[train], y[train])
        assert net.validation_scores_[epochs - 1] == np.mean(partial.predict(X[val]) == y[val])


def test_multiclass_and_string_labels():
    X, y_int = make_blobs(n_samples=150, centers=3, cluster_std=3.0, random_state=0)
    y = np.array(["a", "b", "c"])[y_int]
    net = NeuralNet(hidden_layer_sizes=(8,), learning_rate=0.2, epochs=200, early_stopping=True,
                    n_iter_no_change=3, validation_fraction=0.2).fit(X, y)
    train, val = validation_rows(len(X), y_int, 0.2, 0)
    assert np.mean(net.predict(X[val]) == y[val]) == net.best_validation_score_
    assert net.n_iter_ < 200


def test_without_early_stopping_no_validation_attributes(noisy_moons):
    X, y = noisy_moons
    net = NeuralNet(epochs=5).fit(X, y)
    assert net.n_iter_ == 5
    assert not hasattr(net, "validation_scores_") and not hasattr(net, "best_epoch_")
    net.set_params(early_stopping=True).fit(X, y)
    assert len(net.validation_scores_) == net.n_iter_
    net.set_params(early_stopping=False).fit(X, y)  # a refit forgets the earlier fit's early-stopping results
    assert not hasattr(net, "validation_scores_") and not hasattr(net, "best_validation_score_")
    params = clone(NeuralNet(early_stopping=True, tol=0.01, n_iter_no_change=3)).get_params()
    assert (params["early_stopping"], params["validation_fraction"], params["tol"], params["n_iter_no_change"]) \
        == (True, 0.1, 0.01, 3)


def test_regressor_monitors_r2():
    X, y = make_regression(n_samples=200, n_features=4, noise=20.0, random_state=0)
    y = y / np.std(y)
    settings = dict(hidden_layer_sizes=(16,), learning_rate=0.05, epochs=200, batch_size=20, seed=1)
    net = NeuralNetRegressor(early_stopping=True, n_iter_no_change=4, **settings).fit(X, y)
    train, val = train_test_split(np.arange(len(X)), test_size=0.1, random_state=1)
    train, val = np.sort(train), np.sort(val)
    assert net.best_validation_score_ == pytest.approx(r2_score(y[val], net.predict(X[val])), abs=1e-15)
    assert net.best_epoch_ == int(np.argmax(net.validation_scores_)) + 1 and net.n_iter_ < 200
    plain = NeuralNetRegressor(**{**settings, "epochs": net.best_epoch_}).fit(X[train], y[train])
    np.testing.assert_array_equal(plain.predict(X), net.predict(X))


@pytest.mark.parametrize("name, value, phrase", [
    ("validation_fraction", 0.0, "strictly between 0 and 1"),
    ("validation_fraction", 1.0, "strictly between 0 and 1"),
    ("validation_fraction", "0.1", "strictly between 0 and 1"),
    ("n_iter_no_change", 0, "n_iter_no_change must be a positive integer"),
    ("n_iter_no_change", 2.5, "n_iter_no_change must be a positive integer"),
    ("tol", -1e-4, "tol must be zero or a positive"),
    ("tol", np.inf, "tol must be zero or a positive"),
    ("early_stopping", "yes", "early_stopping must be True or False"),
])
def test_bad_values_are_named(noisy_moons, name, value, phrase):
    X, y = noisy_moons
    with pytest.raises(ValueError, match=phrase):
        NeuralNet(epochs=2, **{"early_stopping": True, name: value}).fit(X, y)


def test_too_few_samples_for_the_split():
    with pytest.raises(ValueError, match="class b has only 1 sample"):
        NeuralNet(epochs=2, early_stopping=True).fit(np.arange(40.0).reshape(20, 2), np.array(["a"] * 19 + ["b"]))
    X = np.arange(20.0).reshape(10, 2)
    y3 = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2, 2])
    with pytest.raises(ValueError, match="at least one of each of the 3 classes"):
        NeuralNet(epochs=2, early_stopping=True, validation_fraction=0.2).fit(X, y3)
    with pytest.raises(ValueError, match="at least 2 validation samples"):
        NeuralNetRegressor(epochs=2, early_stopping=True, validation_fraction=0.1).fit(X, np.arange(10.0))

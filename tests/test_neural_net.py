"""NeuralNet: learning, its training-loop semantics, the scikit-learn contract, and clear errors."""

import numpy as np
import pytest
from sklearn.datasets import make_blobs, make_moons
from sklearn.exceptions import NotFittedError
from sklearn.model_selection import GridSearchCV, cross_val_score, train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.utils.estimator_checks import check_estimator

import nn_helpers.neural_net as neural_net_module
from nn_helpers import NeuralNet
from nn_helpers.losses import one_hot
from nn_helpers.network import backward, compute_loss, forward, init_params, update_params

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])

# check_estimator results that are allowed not to pass, each with the reason.
SKIPPED = {
    "check_array_api_input": "NeuralNet computes with numpy only; the array API standard is not supported",
}


@pytest.fixture(scope="module")
def moons():
    X, y = make_moons(n_samples=400, noise=0.15, random_state=0)
    return train_test_split(X, y, test_size=0.25, random_state=0)


def reference_full_batch(X, Y, layer_sizes, epochs, learning_rate, hidden_activation="relu", alpha=0.0, seed=0):
    """Plain gradient descent written out with the lesson functions: (params, loss per epoch)."""
    params = init_params(layer_sizes, seed=seed)
    losses = []
    for _ in range(epochs):
        P, cache = forward(X, params, hidden_activation)
        losses.append(compute_loss(Y, P, params, alpha))
        params = update_params(params, backward(X, Y, params, cache, hidden_activation, alpha), learning_rate)
    return params, losses


# --- it learns ----------------------------------------------------------------------------------

def test_learns_xor():
    model = NeuralNet(hidden_layer_sizes=(8,), learning_rate=0.5, epochs=2000).fit(XOR_X, XOR_Y)
    np.testing.assert_array_equal(model.predict(XOR_X), XOR_Y)
    assert model.loss_history_[-1] < 0.05 < model.loss_history_[0]


def test_learns_moons(moons):
    X_train, X_test, y_train, y_test = moons
    model = NeuralNet(hidden_layer_sizes=(16,), learning_rate=0.5, epochs=1000).fit(X_train, y_train)
    assert model.score(X_train, y_train) > 0.95
    assert model.score(X_test, y_test) > 0.9


def test_loss_history_has_one_decreasing_entry_per_epoch(moons):
    X_train, _, y_train, _ = moons
    model = NeuralNet(hidden_layer_sizes=(16,), learning_rate=0.5, epochs=300, alpha=0.1).fit(X_train, y_train)
    history = np.array(model.loss_history_)
    assert len(history) == 300
    assert np.all(np.isfinite(history))
    assert history[-30:].mean() < 0.5 * history[:30].mean()
    assert np.mean(np.diff(history) < 0) > 0.9  # full-batch descent at a small enough step goes down


def test_first_loss_is_that_of_the_initial_weights(moons):
    X_train, _, y_train, _ = moons
    model = NeuralNet(hidden_layer_sizes=(6, 4), hidden_activation="tanh", learning_rate=0.3, epochs=3,
                      alpha=0.5, seed=11).fit(X_train, y_train)
    initial = init_params([2, 6, 4, 1], seed=11)
    P, _ = forward(X_train, initial, "tanh")
    expected = compute_loss(y_train.reshape(-1, 1).astype(float), P, initial, alpha=0.5)
    assert model.loss_history_[0] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(("hidden_activation", "alpha"), [("relu", 0.0), ("sigmoid", 0.3)])
def test_full_batch_is_plain_gradient_descent(moons, hidden_activation, alpha):
    X_train, _, y_train, _ = moons
    model = NeuralNet(hidden_layer_sizes=(5,), hidden_activation=hidden_activation, learning_rate=0.2, epochs=25,
                      alpha=alpha, seed=3).fit(X_train, y_train)
    params, losses = reference_full_batch(X_train, y_train.reshape(-1, 1).astype(float), [2, 5, 1], 25, 0.2,
                                          hidden_activation, alpha, seed=3)
    np.testing.assert_allclose(model.loss_history_, losses, rtol=1e-12)
    for name in params:
        np.testing.assert_allclose(model.params_[name], params[name], rtol=1e-10, atol=1e-14)


# --- minibatches --------------------------------------------------------------------------------

def test_minibatch_epochs_visit_every_sample_once_and_average_by_sample(monkeypatch):
    n_samples = 10
    rng = np.random.default_rng(0)
    # column 0 is the sample's index, so each batch tells us which samples it holds
    X = np.column_stack([np.arange(n_samples, dtype=float), rng.normal(size=n_samples)])
    y = np.arange(n_samples) % 2
    batches, batch_losses = [], []

    def recording_forward(X_batch, params, *args):
        batches.append(X_batch[:, 0].astype(int))
        return forward(X_batch, params, *args)

    def recording_loss(Y, P, params=None, alpha=0.0, *args):
        batch_losses.append(compute_loss(Y, P, params, alpha, *args))
        return batch_losses[-1]

    monkeypatch.setattr(neural_net_module, "forward", recording_forward)
    monkeypatch.setattr(neural_net_module, "compute_loss", recording_loss)
    model = NeuralNet(hidden_layer_sizes=(3,), learning_rate=0.1, epochs=3, batch_size=4, alpha=0.2, seed=5)
    model.fit(X, y)

    assert [len(batch) for batch in batches] == [4, 4, 2] * 3  # the last batch of each epoch is short
    orders = [np.concatenate(batches[3 * epoch:3 * epoch + 3]) for epoch in range(3)]
    for order in orders:
        np.testing.assert_array_equal(np.sort(order), np.arange(n_samples))
    assert not np.array_equal(orders[0], orders[1]) and not np.array_equal(orders[1], orders[2])
    for epoch in range(3):
        losses = batch_losses[3 * epoch:3 * epoch + 3]
        expected = (4 * losses[0] + 4 * losses[1] + 2 * losses[2]) / n_samples
        assert model.loss_history_[epoch] == pytest.approx(expected, rel=1e-14)


def test_minibatch_training_is_reproducible_with_a_seed(moons):
    X_train, _, y_train, _ = moons
    settings = dict(hidden_layer_sizes=(8,), learning_rate=0.1, epochs=5, batch_size=16)
    first = NeuralNet(**settings, seed=1).fit(X_train, y_train)
    again = NeuralNet(**settings, seed=1).fit(X_train, y_train)
    other = NeuralNet(**settings, seed=2).fit(X_train, y_train)
    assert first.loss_history_ == again.loss_history_
    for name in first.params_:
        np.testing.assert_array_equal(first.params_[name], again.params_[name])
    assert first.loss_history_ != other.loss_history_


def test_one_batch_of_everything_is_full_batch_descent(moons):
    X_train, _, y_train, _ = moons
    settings = dict(hidden_layer_sizes=(8,), learning_rate=0.3, epochs=20, seed=4)
    full = NeuralNet(**settings).fit(X_train, y_train)
    shuffled = NeuralNet(**settings, batch_size=len(X_train) + 5).fit(X_train, y_train)
    # the same gradient, summed in another order
    np.testing.assert_allclose(shuffled.loss_history_, full.loss_history_, rtol=1e-10)


def test_minibatches_learn_moons(moons):
    X_train, X_test, y_train, y_test = moons
    model = NeuralNet(hidden_layer_sizes=(16,), learning_rate=0.1, epochs=100, batch_size=10).fit(X_train, y_train)
    assert model.score(X_test, y_test) > 0.9


# --- classes, labels and probabilities ----------------------------------------------------------

def test_multi_class_uses_a_softmax_output():
    X, y = make_blobs(n_samples=300, centers=3, cluster_std=1.0, random_state=0)
    model = NeuralNet(hidden_layer_sizes=(8,), learning_rate=0.2, epochs=300).fit(X, y)
    assert model.params_["W2"].shape == (8, 3)
    proba = model.predict_proba(X)
    assert proba.shape == (300, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-14)
    np.testing.assert_array_equal(model.predict(X), np.argmax(proba, axis=1))
    assert model.score(X, y) > 0.9
    # the loss is the categorical cross-entropy against one-hot targets
    P, _ = forward(X, init_params([2, 8, 3], seed=0))
    assert model.loss_history_[0] == pytest.approx(compute_loss(one_hot(y, 3), P), rel=1e-12)


def test_binary_probabilities_are_one_minus_p_and_p():
    model = NeuralNet(hidden_layer_sizes=(8,), learning_rate=0.5, epochs=500).fit(XOR_X, XOR_Y)
    assert model.params_["W2"].shape == (8, 1)
    P, _ = forward(XOR_X, model.params_)
    np.testing.assert_allclose(model.predict_proba(XOR_X), np.hstack([1 - P, P]), rtol=1e-14)


def test_string_labels_come_back_as_strings():
    labels = np.array(["no disease", "disease"])[XOR_Y]
    model = NeuralNet(hidden_layer_sizes=(8,), learning_rate=0.5, epochs=2000).fit(XOR_X, labels)
    np.testing.assert_array_equal(model.classes_, ["disease", "no disease"])
    np.testing.assert_array_equal(model.predict(XOR_X), labels)


def test_fit_does_not_modify_its_inputs(moons):
    X_train, _, y_train, _ = moons
    X_before, y_before = X_train.copy(), y_train.copy()
    NeuralNet(epochs=5, batch_size=7).fit(X_train, y_train)
    np.testing.assert_array_equal(X_train, X_before)
    np.testing.assert_array_equal(y_train, y_before)


# --- scikit-learn integration -------------------------------------------------------------------

def test_pipeline_with_a_scaler(moons):
    X_train, X_test, y_train, y_test = moons
    # features a thousand times too large: without scaling, ReLU units would saturate the sigmoid
    pipeline = make_pipeline(StandardScaler(), NeuralNet(hidden_layer_sizes=(16,), learning_rate=0.5, epochs=500))
    pipeline.fit(1000 * X_train, y_train)
    np.testing.assert_allclose(pipeline[0].mean_, 1000 * X_train.mean(axis=0))
    assert pipeline.score(1000 * X_test, y_test) > 0.9


def test_cross_val_score(moons):
    X_train, _, y_train, _ = moons
    scores = cross_val_score(NeuralNet(hidden_layer_sizes=(16,), learning_rate=0.5, epochs=300), X_train, y_train,
                             cv=3)
    assert scores.shape == (3,)
    assert scores.min() > 0.85


def test_grid_search(moons):
    X_train, X_test, y_train, y_test = moons
    search = GridSearchCV(NeuralNet(learning_rate=0.5, epochs=300),
                          {"hidden_layer_sizes": [(1,), (16,)], "alpha": [0.0, 1.0]}, cv=3)
    search.fit(X_train, y_train)
    assert len(search.cv_results_["params"]) == 4
    # one ReLU unit draws a single bent line: it cannot follow both moons
    assert search.best_params_["hidden_layer_sizes"] == (16,)
    assert search.best_estimator_.hidden_layer_sizes == (16,)
    assert search.score(X_test, y_test) > 0.9


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.SkipTestWarning")  # the skip is asserted below
def test_passes_sklearn_estimator_checks():
    results = check_estimator(NeuralNet(), on_fail=None)
    assert len(results) > 40
    unexpected = [(result["check_name"], result["status"], repr(result["exception"])) for result in results
                  if result["status"] != "passed" and result["check_name"] not in SKIPPED]
    assert unexpected == []
    not_passed = {result["check_name"] for result in results if result["status"] != "passed"}
    # keep SKIPPED honest: every entry must really be skipped, and only skipped
    assert not_passed == set(SKIPPED)
    assert all(result["status"] == "skipped" for result in results if result["check_name"] in SKIPPED)


# --- errors a learner can act on ----------------------------------------------------------------

@pytest.fixture(scope="module")
def fitted():
    return NeuralNet(hidden_layer_sizes=(4,), epochs=5).fit(XOR_X, XOR_Y)


def with_entry(value):
    X = XOR_X.copy()
    X[1, 0] = value
    return X


@pytest.mark.parametrize(("X", "y", "error", "message"), [
    (XOR_X, XOR_Y[:3], ValueError, r"inconsistent numbers of samples: \[4, 3\]"),
    (with_entry(np.nan), XOR_Y, ValueError, "contains NaN"),
    (with_entry(np.inf), XOR_Y, ValueError, "contains infinity"),
    (XOR_X, np.zeros(4), ValueError, r"only one class, \[0\.0\]"),
    (np.zeros((0, 2)), np.zeros(0), ValueError, r"0 sample\(s\)"),
    ([["a", "b"], ["c", "d"]], [0, 1], ValueError, "could not convert string to float"),
    (XOR_X, np.array([0.1, 0.2, 0.3, 0.4]), ValueError, "Unknown label type: continuous"),
    (XOR_X[:, 0], XOR_Y, ValueError, "Expected 2D array"),
], ids=["length mismatch", "NaN", "inf", "one class", "empty", "text", "continuous y", "1-D X"])
def test_bad_data_in_fit(X, y, error, message):
    with pytest.raises(error, match=message):
        NeuralNet(epochs=2).fit(X, y)


@pytest.mark.parametrize(("setting", "message"), [
    ({"learning_rate": -0.1}, "learning_rate must be a positive, finite number; got -0.1"),
    ({"learning_rate": 0}, "learning_rate must be a positive"),
    ({"learning_rate": float("inf")}, "learning_rate must be a positive, finite number; got inf"),
    ({"learning_rate": "0.1"}, "learning_rate must be a positive"),
    ({"alpha": -1.0}, r"alpha \(the L2 strength\) must be zero or a positive"),
    ({"hidden_layer_sizes": (0,)}, r"hidden_layer_sizes must hold positive integers .*got \(0,\)"),
    ({"hidden_layer_sizes": (8, -2)}, "hidden_layer_sizes must hold positive integers"),
    ({"hidden_layer_sizes": None}, "hidden_layer_sizes must hold positive integers"),
    ({"hidden_layer_sizes": "8"}, "hidden_layer_sizes must hold positive integers"),
    ({"epochs": 0}, "epochs must be a positive integer; got 0"),
    ({"epochs": 10.0}, "epochs must be a positive integer"),
    ({"epochs": True}, "epochs must be a positive integer"),
    ({"batch_size": 0}, r"batch_size must be None \(full batch\) or a positive integer; got 0"),
    ({"hidden_activation": "softmax"}, "unknown activation 'softmax'; choose one of"),
    ({"seed": -1}, "seed must be a non-negative integer"),
    ({"seed": "a"}, "seed must be a non-negative integer"),
])
def test_bad_hyperparameters_are_named(setting, message):
    model = NeuralNet(epochs=2).set_params(**setting)
    with pytest.raises(ValueError, match=message):
        model.fit(XOR_X, XOR_Y)
    assert not hasattr(model, "params_")


def test_predict_before_fit():
    with pytest.raises(NotFittedError, match="not fitted yet"):
        NeuralNet().predict(XOR_X)
    with pytest.raises(NotFittedError, match="not fitted yet"):
        NeuralNet().predict_proba(XOR_X)


def test_predict_with_the_wrong_number_of_features(fitted):
    with pytest.raises(ValueError, match="X has 3 features, but NeuralNet is expecting 2 features"):
        fitted.predict(np.zeros((2, 3)))
    with pytest.raises(ValueError, match="contains NaN"):
        fitted.predict(with_entry(np.nan))


def test_forward_on_the_trained_weights_with_the_wrong_number_of_features(fitted):
    with pytest.raises(ValueError, match="X has 5 features but the network was built for 2"):
        forward(np.zeros((2, 5)), fitted.params_)

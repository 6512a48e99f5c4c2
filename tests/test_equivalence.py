"""The same network three ways: NeuralNet, scikit-learn's MLPClassifier and Keras.

From the same initial weights, plain full-batch gradient descent is fully
determined, so all three must follow the same loss curve and end at the same
weights - up to floating-point rounding, far below 1e-6 (lesson 9).
"""

import numpy as np
import pytest
from same_network import keras_full_batch, mlp_full_batch, mlp_params
from sklearn.datasets import make_blobs, make_moons
from sklearn.preprocessing import StandardScaler

from nn_helpers import NeuralNet, init_params

EPOCHS = 120
TOLERANCE = 1e-6

# name -> (data set, NeuralNet settings)
CASES = {
    "relu": ("moons", dict(hidden_layer_sizes=(16,), hidden_activation="relu", learning_rate=0.3, alpha=0.0)),
    "relu + L2": ("moons", dict(hidden_layer_sizes=(16,), hidden_activation="relu", learning_rate=0.3, alpha=0.5)),
    "tanh": ("moons", dict(hidden_layer_sizes=(16,), hidden_activation="tanh", learning_rate=0.3, alpha=0.0)),
    "sigmoid + L2": ("moons", dict(hidden_layer_sizes=(16,), hidden_activation="sigmoid", learning_rate=0.5,
                                   alpha=0.3)),
    "two hidden layers": ("moons", dict(hidden_layer_sizes=(8, 6), hidden_activation="relu", learning_rate=0.2,
                                        alpha=0.1)),
    "3 classes": ("blobs", dict(hidden_layer_sizes=(10,), hidden_activation="tanh", learning_rate=0.3, alpha=0.2)),
}


def dataset(name):
    if name == "moons":
        return make_moons(n_samples=200, noise=0.2, random_state=0)
    X, y = make_blobs(n_samples=150, centers=3, cluster_std=1.5, random_state=1)
    return StandardScaler().fit_transform(X), y


def max_difference(params, other):
    assert params.keys() == other.keys()
    return max(float(np.max(np.abs(params[name] - other[name]))) for name in params)


@pytest.fixture(scope="module", params=CASES, ids=list(CASES))
def trained(request):
    """NeuralNet trained on one case, with what the other libraries need to start from the same weights."""
    data_name, settings = CASES[request.param]
    X, y = dataset(data_name)
    model = NeuralNet(**settings, epochs=EPOCHS, batch_size=None, seed=3).fit(X, y)
    n_outputs = 1 if len(np.unique(y)) == 2 else len(np.unique(y))
    initial = init_params([X.shape[1], *settings["hidden_layer_sizes"], n_outputs], seed=3)
    # the comparison means something only if training moved far from the start
    assert model.loss_history_[-1] < 0.8 * model.loss_history_[0]
    return dict(X=X, y=y, model=model, initial=initial, settings=settings)


def library_arguments(case):
    settings = case["settings"]
    return dict(params=case["initial"], X=case["X"], y=case["y"], hidden_activation=settings["hidden_activation"],
                learning_rate=settings["learning_rate"], alpha=settings["alpha"], epochs=EPOCHS)


def test_same_as_mlpclassifier(trained):
    mlp = mlp_full_batch(**library_arguments(trained))
    assert mlp.n_iter_ == EPOCHS and len(mlp.loss_curve_) == EPOCHS
    loss_gap = np.max(np.abs(np.array(mlp.loss_curve_) - trained["model"].loss_history_))
    weight_gap = max_difference(mlp_params(mlp), trained["model"].params_)
    print(f"MLPClassifier: largest difference {loss_gap:.1e} in the loss, {weight_gap:.1e} in the weights")  # pytest -s
    assert loss_gap < TOLERANCE, f"loss differs by {loss_gap:.2e}"
    assert weight_gap < TOLERANCE, f"weights differ by {weight_gap:.2e}"


def test_same_as_keras(trained):
    pytest.importorskip("tensorflow")
    losses, final = keras_full_batch(**library_arguments(trained))
    assert len(losses) == EPOCHS
    loss_gap = np.max(np.abs(np.array(losses) - trained["model"].loss_history_))
    weight_gap = max_difference(final, trained["model"].params_)
    print(f"Keras: largest difference {loss_gap:.1e} in the loss, {weight_gap:.1e} in the weights")  # pytest -s
    assert loss_gap < TOLERANCE, f"loss differs by {loss_gap:.2e}"
    assert weight_gap < TOLERANCE, f"weights differ by {weight_gap:.2e}"


def test_other_initial_weights_give_another_curve():
    # the control: the agreement above comes from sharing the start, not from the problem being easy
    X, y = dataset("moons")
    model = NeuralNet(hidden_layer_sizes=(16,), learning_rate=0.3, epochs=EPOCHS, seed=3).fit(X, y)
    other_start = init_params([2, 16, 1], seed=4)
    mlp = mlp_full_batch(other_start, X, y, "relu", learning_rate=0.3, alpha=0.0, epochs=EPOCHS)
    assert np.max(np.abs(np.array(mlp.loss_curve_) - model.loss_history_)) > 1e-3

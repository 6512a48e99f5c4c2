"""The same regression network three ways: NeuralNetRegressor, scikit-learn's MLPRegressor and Keras.

From the same initial weights, plain full-batch gradient descent is fully
determined, so all three must follow the same loss curve and end at the same
weights (lesson 11).  Two definitions have to be lined up:

* scikit-learn's ``squared_error`` loss (and ``loss_history_``) is half the mean
  squared error over all n * k entries, while its backpropagation starts from
  ``(P - Y) / n`` - for k outputs, k times the gradient of the loss it reports.
  NeuralNetRegressor does the same, so the two agree to rounding (1e-10).
* Keras' ``"mse"`` is the full mean squared error over all n * k entries: twice
  scikit-learn's loss, with gradient ``2 (P - Y) / (n k)``, i.e. 2 / k times
  scikit-learn's step.  Keras therefore runs at ``learning_rate * k / 2`` with
  ``L2(alpha / (n k))``, and its losses are halved before the comparison
  (1e-6: Keras rounds its L2 factor to float32).
"""

import warnings

import numpy as np
import pytest
from same_network import SKLEARN_ACTIVATION, hidden_layer_sizes_of, import_keras, keras_float64, params_from
from same_network import weights_and_biases
from sklearn.datasets import make_regression
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPRegressor
from sklearn.preprocessing import StandardScaler

from nn_helpers import NeuralNetRegressor, init_params

EPOCHS = 100
SKLEARN_TOLERANCE = 1e-10
KERAS_TOLERANCE = 1e-6

# name -> (number of outputs k, NeuralNetRegressor settings)
CASES = {
    "relu": (1, dict(hidden_layer_sizes=(16,), hidden_activation="relu", learning_rate=0.05, alpha=0.0)),
    "tanh + L2": (1, dict(hidden_layer_sizes=(16,), hidden_activation="tanh", learning_rate=0.05, alpha=0.5)),
    "two hidden layers": (1, dict(hidden_layer_sizes=(8, 6), hidden_activation="relu", learning_rate=0.05,
                                  alpha=0.1)),
    "3 outputs": (3, dict(hidden_layer_sizes=(10,), hidden_activation="sigmoid", learning_rate=0.1, alpha=0.0)),
    "2 outputs + L2": (2, dict(hidden_layer_sizes=(10,), hidden_activation="tanh", learning_rate=0.1, alpha=0.3)),
}


def dataset(n_outputs):
    """200 samples, 5 features, a nonlinear target (or several), all standardised."""
    X, y = make_regression(n_samples=200, n_features=5, n_informative=4, n_targets=n_outputs, noise=5.0,
                           random_state=0)
    X = StandardScaler().fit_transform(X)
    y = np.tanh(StandardScaler().fit_transform(y.reshape(len(X), -1))) * 2  # bend it, so the hidden layer matters
    return X, (y.ravel() if n_outputs == 1 else y)


def max_difference(params, other):
    assert params.keys() == other.keys()
    return max(float(np.max(np.abs(params[name] - other[name]))) for name in params)


def mlp_regressor_full_batch(params, X, y, hidden_activation, learning_rate, alpha, epochs):
    """MLPRegressor doing plain full-batch gradient descent from ``params`` (the warm-start trick of same_network)."""
    mlp = MLPRegressor(hidden_layer_sizes=hidden_layer_sizes_of(params),
                       activation=SKLEARN_ACTIVATION[hidden_activation], solver="sgd",
                       learning_rate="constant", learning_rate_init=learning_rate, momentum=0.0,
                       nesterovs_momentum=False, batch_size=len(X), shuffle=False, alpha=alpha,
                       early_stopping=False, tol=0.0, n_iter_no_change=epochs + 1,
                       warm_start=True, max_iter=1, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # stopping at max_iter is the plan
        mlp.fit(X, y)  # one throw-away epoch builds the internals
        mlp.coefs_, mlp.intercepts_ = weights_and_biases(params)
        mlp.loss_curve_, mlp.best_loss_, mlp._no_improvement_count, mlp.t_ = [], np.inf, 0, 0
        mlp.set_params(max_iter=epochs)
        mlp.fit(X, y)
    return mlp


def keras_regression_full_batch(params, X, y, hidden_activation, learning_rate, l2, epochs):
    """Keras with a linear output, "mse" and ``L2(l2)``, full batch; returns (Keras' losses, final params)."""
    keras = import_keras()
    import tensorflow as tf  # already loaded by import_keras

    Y = y.reshape(len(X), -1).astype(np.float64)
    with keras_float64():
        keras.utils.set_random_seed(0)
        weights, biases = weights_and_biases(params)
        regularizer = keras.regularizers.L2(l2) if l2 else None
        layers = [keras.Input(shape=(X.shape[1],), dtype="float64")]
        for layer, W in enumerate(weights, start=1):
            activation = "linear" if layer == len(weights) else hidden_activation
            layers.append(keras.layers.Dense(W.shape[1], activation=activation, kernel_regularizer=regularizer,
                                             dtype="float64"))
        model = keras.Sequential(layers)
        model.set_weights([array for pair in zip(weights, biases) for array in pair])
        model.compile(optimizer=keras.optimizers.SGD(learning_rate=learning_rate, momentum=0.0), loss="mse")
        history = model.fit(tf.data.Dataset.from_tensors((np.asarray(X, dtype=np.float64), Y)), epochs=epochs,
                            shuffle=False, verbose=0)
        final = model.get_weights()
    return np.array(history.history["loss"]), params_from(final[0::2], final[1::2])


@pytest.fixture(scope="module", params=CASES, ids=list(CASES))
def trained(request):
    n_outputs, settings = CASES[request.param]
    X, y = dataset(n_outputs)
    model = NeuralNetRegressor(**settings, epochs=EPOCHS, seed=3).fit(X, y)
    initial = init_params([X.shape[1], *settings["hidden_layer_sizes"], n_outputs], seed=3)
    # the comparison means something only if training moved far from the start
    assert model.loss_history_[-1] < 0.7 * model.loss_history_[0]
    return dict(X=X, y=y, k=n_outputs, model=model, initial=initial, settings=settings)


def test_same_as_mlpregressor(trained):
    settings = trained["settings"]
    mlp = mlp_regressor_full_batch(trained["initial"], trained["X"], trained["y"], settings["hidden_activation"],
                                   settings["learning_rate"], settings["alpha"], EPOCHS)
    assert mlp.n_iter_ == EPOCHS and len(mlp.loss_curve_) == EPOCHS
    loss_gap = np.max(np.abs(np.array(mlp.loss_curve_) - trained["model"].loss_history_))
    weight_gap = max_difference(params_from(mlp.coefs_, mlp.intercepts_), trained["model"].params_)
    print(f"MLPRegressor: largest difference {loss_gap:.1e} in the loss, {weight_gap:.1e} in the weights")  # -s
    assert loss_gap < SKLEARN_TOLERANCE, f"loss differs by {loss_gap:.2e}"
    assert weight_gap < SKLEARN_TOLERANCE, f"weights differ by {weight_gap:.2e}"
    prediction_gap = np.max(np.abs(mlp.predict(trained["X"]) - trained["model"].predict(trained["X"])))
    assert prediction_gap < SKLEARN_TOLERANCE


def test_same_as_keras_at_k_over_2_times_the_learning_rate(trained):
    pytest.importorskip("tensorflow")
    settings, k, n = trained["settings"], trained["k"], len(trained["X"])
    # Keras' step is lr' * (2 (P - Y) / (n k) + 2 l W); ours is lr * ((P - Y) / n + alpha W / n).
    # They are equal for lr' = lr * k / 2 and l = alpha / (n k).
    losses, final = keras_regression_full_batch(trained["initial"], trained["X"], trained["y"],
                                                settings["hidden_activation"], settings["learning_rate"] * k / 2,
                                                settings["alpha"] / (n * k), EPOCHS)
    assert len(losses) == EPOCHS
    weight_gap = max_difference(final, trained["model"].params_)
    message = f"Keras: largest difference {weight_gap:.1e} in the weights"
    if k == 1 or settings["alpha"] == 0:
        # Keras' loss is then exactly twice ours (for k > 1 with L2 its penalty is alpha / (n k), not alpha / (2n))
        loss_gap = np.max(np.abs(losses / 2 - trained["model"].loss_history_))
        message += f", {loss_gap:.1e} in half its loss"
        assert loss_gap < KERAS_TOLERANCE, f"half Keras' loss differs by {loss_gap:.2e}"
    print(message)  # pytest -s
    assert weight_gap < KERAS_TOLERANCE, f"weights differ by {weight_gap:.2e}"


def test_keras_at_the_same_learning_rate_takes_twice_the_step():
    # the control for the factor of 2: with lr unchanged and one output, Keras' first step is exactly twice ours
    pytest.importorskip("tensorflow")
    X, y = dataset(1)
    initial = init_params([5, 16, 1], seed=3)
    ours = NeuralNetRegressor(hidden_layer_sizes=(16,), learning_rate=0.05, epochs=1, seed=3).fit(X, y)
    losses, keras_final = keras_regression_full_batch(initial, X, y, "relu", 0.05, 0.0, 1)
    assert losses[0] == pytest.approx(2 * ours.loss_history_[0], rel=1e-12)
    for name in initial:
        np.testing.assert_allclose(keras_final[name] - initial[name], 2 * (ours.params_[name] - initial[name]),
                                   rtol=1e-9, atol=1e-14)


def test_other_initial_weights_give_another_curve():
    # the control: the agreement above comes from sharing the start, not from the problem being easy
    X, y = dataset(1)
    model = NeuralNetRegressor(hidden_layer_sizes=(16,), learning_rate=0.05, epochs=EPOCHS, seed=3).fit(X, y)
    mlp = mlp_regressor_full_batch(init_params([5, 16, 1], seed=4), X, y, "relu", 0.05, 0.0, EPOCHS)
    assert np.max(np.abs(np.array(mlp.loss_curve_) - model.loss_history_)) > 1e-3

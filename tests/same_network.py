"""Train the same network in scikit-learn and in Keras, starting from given weights.

Plain full-batch gradient descent from identical initial weights is deterministic,
so NeuralNet, ``MLPClassifier`` and a Keras ``Sequential`` model must then follow
the same loss curve.  The two functions here set each library up for exactly
that:

* ``mlp_full_batch`` - ``MLPClassifier`` with solver "sgd", no momentum, no
  shuffling, one batch of all samples, a constant learning rate and no early
  stopping.  scikit-learn has no argument for initial weights, so it is fitted
  for one epoch with ``warm_start=True`` (which sets up its classes and output
  layer), then its weights and its loss bookkeeping are replaced by ours before
  the real fit continues from them.
* ``keras_full_batch`` - Dense layers in float64, ``set_weights`` with ours,
  ``SGD`` without momentum, one batch of all samples, no shuffling.  Keras'
  ``L2(l)`` adds ``l * sum(W**2)``, so ``l = 0.5 * alpha / n_samples`` gives
  scikit-learn's (and NeuralNet's) ``0.5 * alpha * sum(W**2) / n_samples``.
  (Keras rounds the factor ``l`` to float32 - a relative change of about 1e-8 -
  so with L2 the curves agree to about 1e-9 rather than to the last bit.)

Both also take an ``optimizer`` dict in NeuralNet's names (``solver``, ``momentum``,
``nesterovs_momentum``, ``beta_1``, ``beta_2``, ``epsilon``; empty: plain gradient
descent) and set up ``MLPClassifier``'s optimiser, or Keras' ``SGD(momentum, nesterov)``
/ ``Adam``, to match.  Keras turns ``momentum``, ``beta_1`` and ``beta_2`` into
tensors through float32 (``ops.cast(self.beta_1, dtype)`` starts from a Python float,
which TensorFlow makes float32 first): 0.9 becomes 0.8999999761581421.  Values exact
in float32 (0.875, 1 - 2**-10) are unchanged.

Both take ``params`` as made by ``nn_helpers.init_params`` (``W1, b1, ...``;
``W`` of shape (n_in, n_out)), which is exactly the layout of ``coefs_`` /
``intercepts_`` and of a Keras Dense kernel / bias.
"""

import contextlib
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

from nn_helpers.losses import one_hot
from nn_helpers.network import n_layers

# NeuralNet's names for hidden activations -> scikit-learn's.
SKLEARN_ACTIVATION = {"relu": "relu", "tanh": "tanh", "sigmoid": "logistic"}


def weights_and_biases(params):
    """Two lists ``[W1, W2, ...]`` and ``[b1, b2, ...]`` (copies) from a params dict."""
    layers = range(1, n_layers(params) + 1)
    return [params[f"W{l}"].copy() for l in layers], [params[f"b{l}"].copy() for l in layers]


def params_from(weights, biases):
    """The params dict ``{"W1": ..., "b1": ..., ...}`` from lists of weights and biases."""
    params = {}
    for layer, (W, b) in enumerate(zip(weights, biases), start=1):
        params[f"W{layer}"], params[f"b{layer}"] = np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)
    return params


def hidden_layer_sizes_of(params):
    return tuple(params[f"W{layer}"].shape[1] for layer in range(1, n_layers(params)))


def mlp_optimizer_settings(optimizer):
    """MLPClassifier's arguments for NeuralNet's optimiser settings (plain gradient descent by default)."""
    optimizer = dict(optimizer or {})
    solver = optimizer.pop("solver", "sgd")
    if solver == "adam":
        return dict(solver="adam", learning_rate="constant", beta_1=optimizer.pop("beta_1", 0.9), beta_2=optimizer.pop("beta_2", 0.999),
                    epsilon=optimizer.pop("epsilon", 1e-8), **_nothing_left(optimizer))
    # NeuralNet's learning_rate_schedule is scikit-learn's learning_rate (used by "sgd" only)
    return dict(solver="sgd", momentum=optimizer.pop("momentum", 0.0),
                nesterovs_momentum=optimizer.pop("nesterovs_momentum", False),
                learning_rate=optimizer.pop("learning_rate_schedule", "constant"),
                power_t=optimizer.pop("power_t", 0.5), **_nothing_left(optimizer))


def _nothing_left(settings):
    if settings:
        raise ValueError(f"settings the other libraries cannot be given here: {sorted(settings)}")
    return {}


def mlp_full_batch(params, X, y, hidden_activation, learning_rate, alpha, epochs, optimizer=None):
    """An MLPClassifier trained by full-batch gradient descent (``optimizer``: see above) from ``params``.

    Returns the fitted classifier: ``loss_curve_`` holds one loss per epoch
    (measured before that epoch's update) and ``coefs_`` / ``intercepts_`` the
    final weights.
    """
    mlp = MLPClassifier(hidden_layer_sizes=hidden_layer_sizes_of(params),
                        activation=SKLEARN_ACTIVATION[hidden_activation], **mlp_optimizer_settings(optimizer),
                        learning_rate_init=learning_rate,
                        batch_size=len(X), shuffle=False, alpha=alpha,
                        early_stopping=False, tol=0.0, n_iter_no_change=epochs + 1,  # never stop early
                        warm_start=True, max_iter=1, random_state=0)
    with warnings.catch_warnings():
        # "maximum iterations reached": stopping at max_iter is what we ask for.
        warnings.simplefilter("ignore", ConvergenceWarning)
        mlp.fit(X, y)  # one throw-away epoch, to set up classes_ and the output layer
        mlp.coefs_, mlp.intercepts_ = weights_and_biases(params)
        # Forget the throw-away epoch: its loss, and the early-stopping counters.
        mlp.loss_curve_ = []
        mlp.best_loss_ = np.inf
        mlp._no_improvement_count = 0
        mlp.t_ = 0
        mlp.set_params(max_iter=epochs)
        mlp.fit(X, y)
    return mlp


def mlp_params(mlp):
    """The weights of a fitted MLPClassifier as a params dict."""
    return params_from(mlp.coefs_, mlp.intercepts_)


def import_keras():
    """Keras, imported on first use (TensorFlow takes seconds to load), quietly and deterministically."""
    from nn_helpers.keras_setup import import_keras as quiet_import

    return quiet_import()[0]


@contextlib.contextmanager
def keras_float64():
    """Let Keras compute in float64 (weights, optimizer, loss tracking) inside the ``with`` block."""
    keras = import_keras()
    previous = keras.config.floatx()
    keras.config.set_floatx("float64")
    try:
        yield
    finally:
        keras.config.set_floatx(previous)


def keras_targets(y):
    """A 0/1 column for two classes, one-hot rows for more - classes in sorted order, as NeuralNet does."""
    classes, indices = np.unique(y, return_inverse=True)
    if len(classes) == 2:
        return indices.reshape(-1, 1).astype(np.float64)
    return one_hot(indices, len(classes))


def keras_model(params, hidden_activation, alpha, n_samples):
    """A Sequential model with the architecture and weights of ``params`` (call inside ``keras_float64``)."""
    keras = import_keras()
    weights, biases = weights_and_biases(params)
    regularizer = keras.regularizers.L2(0.5 * alpha / n_samples) if alpha else None
    layers = [keras.Input(shape=(weights[0].shape[0],), dtype="float64")]
    for layer, W in enumerate(weights, start=1):
        is_output = layer == len(weights)
        activation = ("sigmoid" if W.shape[1] == 1 else "softmax") if is_output else hidden_activation
        layers.append(keras.layers.Dense(W.shape[1], activation=activation, kernel_regularizer=regularizer,
                                         dtype="float64"))
    model = keras.Sequential(layers)
    model.set_weights([array for pair in zip(weights, biases) for array in pair])
    return model


def keras_optimizer(learning_rate, optimizer=None):
    """Keras' optimiser for NeuralNet's settings (call inside ``keras_float64``, so the learning rate is float64)."""
    keras = import_keras()
    optimizer = dict(optimizer or {})
    solver = optimizer.pop("solver", "sgd")
    if solver == "adam":
        # Keras' default epsilon is 1e-7; scikit-learn's and NeuralNet's 1e-8.
        return keras.optimizers.Adam(learning_rate=learning_rate, beta_1=optimizer.pop("beta_1", 0.9),
                                     beta_2=optimizer.pop("beta_2", 0.999), epsilon=optimizer.pop("epsilon", 1e-8),
                                     **_nothing_left(optimizer))
    return keras.optimizers.SGD(learning_rate=learning_rate, momentum=optimizer.pop("momentum", 0.0),
                                nesterov=optimizer.pop("nesterovs_momentum", False), **_nothing_left(optimizer))


def keras_full_batch(params, X, y, hidden_activation, learning_rate, alpha, epochs, seed=0, optimizer=None):
    """Train the Keras twin of ``params`` by full-batch gradient descent (``optimizer``: see above).

    Returns ``(losses, final_params)``: the loss of each epoch (measured before
    that epoch's update, L2 term included) and the trained weights.
    """
    keras = import_keras()
    import tensorflow as tf  # already loaded by import_keras

    with keras_float64():
        keras.utils.set_random_seed(seed)
        model = keras_model(params, hidden_activation, alpha, n_samples=len(X))
        Y = keras_targets(y)
        loss = keras.losses.BinaryCrossentropy() if Y.shape[1] == 1 else keras.losses.CategoricalCrossentropy()
        model.compile(optimizer=keras_optimizer(learning_rate, optimizer), loss=loss)
        # The whole training set as a single batch.  fit(X, Y, batch_size=len(X), shuffle=False) does the
        # same, but re-slices the numpy arrays every epoch, which makes it about 4x slower on small data.
        full_batch = tf.data.Dataset.from_tensors((np.asarray(X, dtype=np.float64), Y))
        history = model.fit(full_batch, epochs=epochs, shuffle=False, verbose=0)
        weights = model.get_weights()
    return list(history.history["loss"]), params_from(weights[0::2], weights[1::2])


def keras_style_adam(params, X, y, hidden_activation, learning_rate, epochs, beta_1=0.9, beta_2=0.999,
                     epsilon=1e-8, float32_betas=True):
    """Full-batch Adam written out in numpy with Keras' arithmetic (``keras/src/optimizers/adam.py``).

    Keras moves the moments by ``m += (g - m) * (1 - beta_1)`` with the Python
    float ``1 - beta_1``, but takes the bias corrections ``beta_1 ** t`` from
    ``ops.cast(self.beta_1, dtype)``, which passes through float32.  With
    ``float32_betas=False`` the powers use the exact betas: then only the form of
    the moment update differs from scikit-learn's, which is rounding.
    Returns ``(losses, final_params)`` like ``keras_full_batch``.
    """
    from nn_helpers.network import backward, compute_loss, forward

    powers_1, powers_2 = (float(np.float32(beta_1)), float(np.float32(beta_2))) if float32_betas else (beta_1, beta_2)
    Y = keras_targets(y)
    params = {name: value.copy() for name, value in params.items()}
    m = {name: np.zeros_like(value) for name, value in params.items()}
    v = {name: np.zeros_like(value) for name, value in params.items()}
    losses = []
    for t in range(1, epochs + 1):
        P, cache = forward(X, params, hidden_activation)
        losses.append(compute_loss(Y, P))
        grads = backward(X, Y, params, cache, hidden_activation)
        alpha = learning_rate * np.sqrt(1 - powers_2 ** t) / (1 - powers_1 ** t)
        for name in params:
            g = grads[f"d{name}"]
            m[name] = m[name] + (g - m[name]) * (1 - beta_1)
            v[name] = v[name] + (g * g - v[name]) * (1 - beta_2)
            params[name] = params[name] - m[name] * alpha / (np.sqrt(v[name]) + epsilon)
    return losses, params

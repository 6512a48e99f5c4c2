"""Many networks trained at once, one per seed (lesson 8): the seed spread of an experiment in one run.

A network's result depends on its seed - its initial weights and the order of its
minibatches - so an honest result is a mean and a spread over many seeds.  Training
S networks one after another repeats all of numpy's per-call overhead S times.
``train_many`` trains them together instead: every layer's weights are one stacked
array of shape (S, n_in, n_out), its biases (S, n_out), and every step is a batched
matrix product ``np.matmul`` of stacks, ``Z[s] = A[s] @ W[s] + b[s]`` for all s at once.

Each network follows exactly the recipe of ``NeuralNet(seed=s, solver="sgd")``:

* initial weights ``init_params(layer_sizes, seed=s)`` (He-scaled normal weights,
  zero biases), drawn separately for every network;
* minibatches from ``minibatches(n, batch_size, np.random.default_rng(s))``, a new
  order every epoch, its own for every network (full batch: all rows, in order);
* plain gradient descent on the mean loss of each batch, the L2 term
  ``0.5 * alpha * sum(W**2) / B`` per batch of B rows; ``loss_history`` as
  ``NeuralNet.loss_history_``.

Only plain gradient descent with a constant learning rate is implemented (no
momentum, Adam or schedules): that is what the seed experiments need.
``tests/test_many_seeds.py`` checks the result against S separate ``NeuralNet`` fits.

Two options leave NeuralNet's recipe to reproduce the source tutorial:
``init="standard_normal"`` (weights *and* biases from an unscaled standard normal)
and ``shuffle=False`` (the same batches, in the rows' order, every epoch).
"""

import numpy as np

from .activations import ACTIVATIONS, DERIVATIVES
from .losses import EPSILON
from .network import init_params
from .neural_net import NeuralNet

OUTPUTS = (None, "sigmoid", "softmax")
INITS = ("he", "standard_normal")


def _softmax_rows(Z):
    """Softmax over the last axis of a stack (S, n, k), the same arithmetic as ``activations.softmax``.

    For a few classes the row maximum and row sum are taken column by column: numpy's
    reductions along a short last axis pay a cost per row, and for k <= 8 numpy also adds
    the k terms one after another, so the result is the same to the last bit.
    """
    k = Z.shape[-1]
    if k > 8:
        shifted = Z - Z.max(axis=-1, keepdims=True)
        exps = np.exp(shifted)
        return exps / exps.sum(axis=-1, keepdims=True)
    largest = Z[..., 0].copy()
    for column in range(1, k):
        np.maximum(largest, Z[..., column], out=largest)
    exps = np.exp(Z - largest[..., None])
    total = exps[..., 0].copy()
    for column in range(1, k):
        total += exps[..., column]
    return exps / total[..., None]


def _sigmoid(Z):
    return ACTIVATIONS["sigmoid"](Z)


class TrainedNetworks:
    """S trained networks of the same depth, stacked; made by ``train_many``.

    Attributes
    ----------
    seeds : int array (S,)
    weights : list of arrays, layer l's weights stacked: (S, n_in, n_out); network s's W1 is ``weights[0][s]``
    biases : list of arrays, layer l's biases stacked: (S, n_out)
    loss_history : array (S, epochs), each network's training loss per epoch, as ``NeuralNet.loss_history_``
    classes : array (n_classes,), the labels seen in training, sorted
    hidden_activation, output : the activations used ("sigmoid" or "softmax" output)
    """

    def __init__(self, seeds, weights, biases, loss_history, classes, hidden_activation, output):
        self.seeds = seeds
        self.weights = weights
        self.biases = biases
        self.loss_history = loss_history
        self.classes = classes
        self.hidden_activation = hidden_activation
        self.output = output

    def __repr__(self):
        sizes = [self.weights[0].shape[1]] + [W.shape[2] for W in self.weights]
        return (f"TrainedNetworks({len(self.seeds)} networks, layers {sizes}, hidden {self.hidden_activation!r}, "
                f"output {self.output!r}, {self.loss_history.shape[1]} epochs)")

    def params(self, index):
        """Network ``index``'s weights as a ``params`` dict ``W1, b1, ...`` (copies), as ``NeuralNet.params_``."""
        params = {}
        for layer, (W, b) in enumerate(zip(self.weights, self.biases), start=1):
            params[f"W{layer}"], params[f"b{layer}"] = W[index].copy(), b[index].copy()
        return params

    def _check_X(self, X):
        X = np.asarray(X, dtype=np.float64)
        n_features = self.weights[0].shape[1]
        if X.ndim not in (2, 3) or X.shape[-1] != n_features or (X.ndim == 3 and len(X) != len(self.seeds)):
            raise ValueError(f"X must have shape (n_samples, {n_features}), shared by all networks, or "
                             f"({len(self.seeds)}, n_samples, {n_features}), one data set per network; "
                             f"got {X.shape}")
        return X

    def predict_proba(self, X):
        """Class probabilities of every network: shape (S, n_samples, n_classes), columns in ``classes`` order.

        X : (n_samples, n_features) for the same rows in every network, or (S, n_samples, n_features).
        """
        P = _forward(self._check_X(X), self.weights, self.biases, self.hidden_activation, self.output)[0]
        return np.concatenate([1.0 - P, P], axis=-1) if P.shape[-1] == 1 else P

    def predict(self, X):
        """Every network's predicted labels, shape (S, n_samples)."""
        return self.classes[np.argmax(self.predict_proba(X), axis=-1)]

    def score(self, X, y):
        """Every network's accuracy on (X, y), shape (S,); y: (n_samples,), or (S, n_samples) with a 3-D X."""
        predictions = self.predict(X)
        y = np.asarray(y)
        if y.shape not in (predictions.shape, predictions.shape[1:]):
            raise ValueError(f"y must have shape {predictions.shape[1:]} or {predictions.shape}; got {y.shape}")
        return np.mean(predictions == y, axis=-1)


def _forward(A0, weights, biases, hidden_activation, output):
    """Forward pass of all networks at once; returns P (S, n, n_outputs) and the list of (Z, A) per layer.

    A0 is (n, n_in), shared - ``A0 @ W`` broadcasts it against the stack - or (S, n, n_in).
    """
    A = A0
    layers = []
    last = len(weights) - 1
    for layer, (W, b) in enumerate(zip(weights, biases)):
        Z = np.matmul(A, W)
        Z += b[:, None, :]  # each network's bias, added to every row of its batch
        if layer < last:
            # relu without activations.relu's input check: this inner loop runs thousands of times.
            A = np.maximum(Z, 0.0) if hidden_activation == "relu" else ACTIVATIONS[hidden_activation](Z)
        else:
            A = _sigmoid(Z) if output == "sigmoid" else _softmax_rows(Z)
        layers.append((Z, A))
    return A, layers


def _losses(Y, P, weights, alpha, output):
    """Each network's mean loss on its batch, L2 term included: shape (S,), as ``network.compute_loss``."""
    if output == "sigmoid":
        p = np.clip(P, EPSILON, 1.0 - EPSILON)
        per_entry = Y * np.log(p) + (1.0 - Y) * np.log1p(-p)
    else:
        per_entry = Y * np.log(np.clip(P, EPSILON, 1.0))
    n_rows = P.shape[1]
    losses = -per_entry.sum(axis=(1, 2)) / n_rows
    if alpha:
        squared = sum(np.sum(W ** 2, axis=(1, 2)) for W in weights)
        losses = losses + 0.5 * alpha * squared / n_rows
    return losses


def _check_seeds(seeds):
    seeds = np.asarray(seeds)
    if seeds.ndim != 1 or len(seeds) == 0 or seeds.dtype.kind not in "iu" or np.any(seeds < 0):
        raise ValueError(f"seeds must be a non-empty list of non-negative integers, one per network; got {seeds!r}")
    return seeds


def _check_width_list(hidden_layer_sizes, n_networks):
    """None if all networks share hidden_layer_sizes; else one tuple per network, all of the same depth."""
    if not isinstance(hidden_layer_sizes, list) or not hidden_layer_sizes or not all(
            isinstance(sizes, tuple) for sizes in hidden_layer_sizes):
        return None
    if len(hidden_layer_sizes) != n_networks:
        raise ValueError(f"hidden_layer_sizes as a list of tuples needs one tuple per seed: {n_networks} seeds, "
                         f"{len(hidden_layer_sizes)} tuples")
    depths = {len(sizes) for sizes in hidden_layer_sizes}
    if len(depths) != 1:
        raise ValueError(f"networks trained together must have the same number of hidden layers; got {depths}")
    return hidden_layer_sizes


def _initial_params(layer_sizes, seed, init):
    if init == "he":
        return init_params(layer_sizes, seed=seed)
    rng = np.random.default_rng(seed)
    params = {}
    for layer, (n_in, n_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:]), start=1):
        params[f"W{layer}"] = rng.standard_normal((n_in, n_out))
        params[f"b{layer}"] = rng.standard_normal(n_out)
    return params


def train_many(X, y, seeds, hidden_layer_sizes=(8,), hidden_activation="relu", learning_rate=0.1, epochs=100,
               batch_size=None, alpha=0.0, output=None, init="he", shuffle=True):
    """Train one network per seed, all together; network s is ``NeuralNet(seed=s, ...)``'s network.

    Parameters
    ----------
    X : array (n_samples, n_features), the same data for every network, or
        (S, n_samples, n_features): one data set per network (e.g. a fresh sample each).
    y : labels, (n_samples,), or (S, n_samples) with a 3-D X.
    seeds : sequence of S non-negative ints, one network per seed.
    hidden_layer_sizes : tuple of int, e.g. (64,) - or a list of S tuples of the same length, one
        per network (a width sweep): narrower networks are padded with weights held at 0, which
        changes their arithmetic only by the order of round-off.
    hidden_activation : "relu", "tanh" or "sigmoid".
    learning_rate, epochs, batch_size, alpha : as for ``NeuralNet`` (plain SGD, constant rate).
    output : None (as NeuralNet: sigmoid for 2 classes, softmax for more), "sigmoid" (2 classes only)
        or "softmax" (one output per class, also for 2 classes - the source tutorial's 2-64-2 net).
    init : "he" (NeuralNet's ``init_params``) or "standard_normal" (the tutorial's unscaled
        ``randn`` for weights and biases, drawn W1, b1, W2, b2, ... from ``default_rng(seed)``).
    shuffle : True (NeuralNet: a new order per epoch from ``default_rng(seed)``) or False (the
        batches in the rows' order, every epoch, for every network).

    Returns
    -------
    TrainedNetworks, with ``weights`` [(S, n_in, n_out), ...], ``biases`` [(S, n_out), ...],
    ``loss_history`` (S, epochs), ``predict(X) -> (S, n)``, ``score(X, y) -> (S,)``.
    """
    seeds = _check_seeds(seeds)
    n_networks = len(seeds)
    width_list = _check_width_list(hidden_layer_sizes, n_networks)
    # NeuralNet's own checks give the same clear errors for the shared hyperparameters.
    first_sizes = width_list[0] if width_list else hidden_layer_sizes
    checker = NeuralNet(hidden_layer_sizes=first_sizes, hidden_activation=hidden_activation,
                        learning_rate=learning_rate, epochs=epochs, batch_size=batch_size, alpha=alpha)
    hidden_sizes = checker._check_hyperparameters()
    if width_list:
        width_list = [NeuralNet(hidden_layer_sizes=sizes)._check_hyperparameters() for sizes in width_list]
    if output not in OUTPUTS:
        raise ValueError(f"output must be None, 'sigmoid' or 'softmax'; got {output!r}")
    if init not in INITS:
        raise ValueError(f"init must be 'he' (NeuralNet's) or 'standard_normal' (the tutorial's); got {init!r}")
    if not isinstance(shuffle, (bool, np.bool_)):
        raise ValueError(f"shuffle must be True or False; got {shuffle!r}")

    X = np.asarray(X, dtype=np.float64)
    y = np.asarray(y)
    per_network = X.ndim == 3
    if X.ndim not in (2, 3) or (per_network and len(X) != n_networks):
        raise ValueError(f"X must have shape (n_samples, n_features), or ({n_networks}, n_samples, n_features) "
                         f"for one data set per seed; got {X.shape}")
    if y.shape != X.shape[:-1]:
        raise ValueError(f"y must have shape {X.shape[:-1]} (one label per row of X); got {y.shape}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains nan or inf")
    classes, y_indices = np.unique(y, return_inverse=True)
    y_indices = y_indices.reshape(y.shape)
    n_classes = len(classes)
    if n_classes < 2:
        raise ValueError(f"y has only one class, {classes.tolist()}; a classifier needs at least two")
    if output is None:
        output = "sigmoid" if n_classes == 2 else "softmax"
    if output == "sigmoid" and n_classes != 2:
        raise ValueError(f"output 'sigmoid' needs exactly 2 classes; y has {n_classes} - use 'softmax'")
    Y = (y_indices[..., None].astype(np.float64) if output == "sigmoid"
         else np.eye(n_classes)[y_indices])  # 0/1 column, or one-hot rows

    n_samples, n_features = X.shape[-2], X.shape[-1]
    n_outputs = Y.shape[-1]
    all_sizes = width_list or [hidden_sizes] * n_networks
    widest = [max(sizes[layer] for sizes in all_sizes) for layer in range(len(hidden_sizes))]
    stacked_sizes = [n_features, *widest, n_outputs]
    weights = [np.zeros((n_networks, n_in, n_out)) for n_in, n_out in zip(stacked_sizes[:-1], stacked_sizes[1:])]
    biases = [np.zeros((n_networks, n_out)) for n_out in stacked_sizes[1:]]
    for s, (seed, sizes) in enumerate(zip(seeds, all_sizes)):
        own = [n_features, *sizes, n_outputs]
        params = _initial_params(own, int(seed), init)
        for layer, (n_in, n_out) in enumerate(zip(own[:-1], own[1:])):
            weights[layer][s, :n_in, :n_out] = params[f"W{layer + 1}"]
            biases[layer][s, :n_out] = params[f"b{layer + 1}"]
    # Padded units must stay at exactly 0: their gradients are masked.
    masks = bias_masks = None
    if width_list and any(list(sizes) != widest for sizes in all_sizes):
        masks = [np.zeros_like(W) for W in weights]
        bias_masks = [np.zeros_like(b) for b in biases]
        for s, sizes in enumerate(all_sizes):
            own = [n_features, *sizes, n_outputs]
            for layer, (n_in, n_out) in enumerate(zip(own[:-1], own[1:])):
                masks[layer][s, :n_in, :n_out] = 1.0
                bias_masks[layer][s, :n_out] = 1.0

    rngs = [np.random.default_rng(int(seed)) for seed in seeds]
    loss_history = np.zeros((n_networks, epochs))
    rows = np.arange(n_samples)
    for epoch in range(epochs):
        if batch_size is None:
            X_epoch, Y_epoch, starts, size = X, Y, [0], n_samples
        else:
            # Each network's own order (NeuralNet's minibatches draws rng.permutation(n) every epoch).
            if shuffle:
                orders = np.stack([rng.permutation(n_samples) for rng in rngs])
            else:
                orders = np.broadcast_to(rows, (n_networks, n_samples))
            if per_network:
                X_epoch = np.take_along_axis(X, orders[:, :, None], axis=1)
                Y_epoch = np.take_along_axis(Y, orders[:, :, None], axis=1)
            else:
                X_epoch, Y_epoch = X[orders], Y[orders]
            starts, size = range(0, n_samples, batch_size), batch_size
        shared_rows = X_epoch.ndim == 2  # full batch on shared data: one X for all networks
        epoch_loss = np.zeros(n_networks)
        for start in starts:
            if shared_rows:
                X_batch, Y_batch = X_epoch, np.broadcast_to(Y_epoch, (n_networks, *Y_epoch.shape))
            else:
                X_batch, Y_batch = X_epoch[:, start:start + size], Y_epoch[:, start:start + size]
            n_rows = X_batch.shape[-2]
            P, layers = _forward(X_batch, weights, biases, hidden_activation, output)
            epoch_loss += _losses(Y_batch, P, weights, alpha, output) * n_rows
            # Backward, as network.backward: dZ = (P - Y) / n at the output, then through each layer.
            dZ = (P - Y_batch) / n_rows
            for layer in range(len(weights) - 1, -1, -1):
                A_below = layers[layer - 1][1] if layer > 0 else X_batch
                dW = np.matmul(np.swapaxes(A_below, -1, -2), dZ)
                db = dZ.sum(axis=-2)
                if layer > 0:
                    dA = np.matmul(dZ, np.swapaxes(weights[layer], -1, -2))
                if alpha:
                    dW += (alpha / n_rows) * weights[layer]
                if masks is not None:
                    dW *= masks[layer]
                    db *= bias_masks[layer]
                # The update may overwrite W now: dA above was computed from the old weights.
                weights[layer] = weights[layer] - learning_rate * dW
                biases[layer] = biases[layer] - learning_rate * db
                if layer > 0:
                    Z_below = layers[layer - 1][0]
                    # relu's derivative is 1 where z > 0, else 0: multiplying by the boolean mask is the same.
                    dA *= (Z_below > 0) if hidden_activation == "relu" else DERIVATIVES[hidden_activation](Z_below)
                    dZ = dA
        loss_history[:, epoch] = epoch_loss / n_samples
    return TrainedNetworks(seeds, weights, biases, loss_history, classes, hidden_activation, output)

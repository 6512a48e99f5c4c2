"""``NeuralNet`` and ``NeuralNetRegressor``: lessons 1-6 (and 11) assembled into scikit-learn estimators.

It trains with exactly the functions the learner wrote - ``init_params``,
``forward``, ``compute_loss``, ``backward``, ``update_params`` - and follows
scikit-learn's estimator contract (parameters stored untouched in
``__init__``, checked in ``fit``; fitted attributes end in ``_``), so it works
in ``Pipeline``, ``cross_val_score`` and ``GridSearchCV``.

Its plain gradient descent matches ``MLPClassifier(solver="sgd",
momentum=0, shuffle=False, learning_rate="constant")`` step for step when
both start from the same weights (lesson 9), and so do its momentum, Nesterov
and Adam (lesson 7): the optimiser parameters carry scikit-learn's names and
meanings.
"""

import math
import numbers

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin, RegressorMixin
from sklearn.metrics import r2_score
from sklearn.model_selection import train_test_split
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from .activations import check_activation_name
from .losses import one_hot
from .network import backward, compute_loss, forward, init_params, update_params
from .optimizers import adam_update, cosine_decay, init_adam_state, invscaling, momentum_update, zeros_like_params
from .training import minibatches

SOLVERS = ("sgd", "adam")
LEARNING_RATE_SCHEDULES = ("constant", "invscaling", "cosine")


def _is_integer(value):
    """True for 3 or np.int64(3); False for 3.0 and for True/False, which Python counts as integers."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_real(value):
    """True for any real number (int, float, numpy scalars) except True/False."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def update_no_improvement_count(score, best_score, count, tol):
    """One epoch of early stopping's bookkeeping, scikit-learn's rule exactly.

    This is ``MLPClassifier._update_no_improvement_count`` with
    ``early_stopping=True`` (scikit-learn 1.9), written as a pure function:

    * the epoch counts as "no improvement" when ``score < best_score + tol``,
      and then ``count`` grows by one; otherwise ``count`` is reset to 0;
    * the best score (and, in the caller, the best weights) is replaced whenever
      ``score > best_score`` - even by less than ``tol``.

    Training stops after the epoch at which ``count > n_iter_no_change``:
    ``n_iter_no_change + 1`` epochs in a row without an improvement of at
    least ``tol`` over the best score so far.

    Parameters
    ----------
    score : float, this epoch's validation score (accuracy or R^2; higher is better)
    best_score : float, the best score before this epoch (-inf before the first)
    count : int, epochs in a row without improvement before this epoch
    tol : float >= 0

    Returns
    -------
    (best_score, count, is_best) : the updated best score and count, and whether
    this epoch's weights are the new best ones
    """
    count = count + 1 if score < best_score + tol else 0
    is_best = bool(score > best_score)
    return (score if is_best else best_score), count, is_best


class _BaseNeuralNet(BaseEstimator):
    """What ``NeuralNet`` and its siblings share: the hyperparameters, their checks and the training loop.

    A subclass turns its targets into the matrix ``Y`` the network is trained on
    and calls ``_train(X, Y, hidden_sizes)``; the loop sets ``params_`` and
    ``loss_history_``.  ``_output_activation`` names its output layer (None: the
    classifier's sigmoid or softmax; "identity" for regression).
    """

    _output_activation = None

    def __init__(self, hidden_layer_sizes=(8,), hidden_activation="relu", learning_rate=0.1,
                 epochs=1000, batch_size=None, alpha=0.0, seed=0, solver="sgd", momentum=0.0,
                 nesterovs_momentum=False, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
                 learning_rate_schedule="constant", power_t=0.5, early_stopping=False,
                 validation_fraction=0.1, n_iter_no_change=10, tol=1e-4):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.hidden_activation = hidden_activation
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.batch_size = batch_size
        self.alpha = alpha
        self.seed = seed
        self.solver = solver
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.beta_1 = beta_1
        self.beta_2 = beta_2
        self.epsilon = epsilon
        self.learning_rate_schedule = learning_rate_schedule
        self.power_t = power_t
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.n_iter_no_change = n_iter_no_change
        self.tol = tol

    def _check_hyperparameters(self):
        """Raise a ValueError that names the first hyperparameter out of range."""
        sizes = self.hidden_layer_sizes
        if _is_integer(sizes):
            sizes = (sizes,)
        elif isinstance(sizes, (list, tuple, np.ndarray)):
            sizes = tuple(sizes)
        else:
            sizes = None
        if sizes is None or not all(_is_integer(s) and s >= 1 for s in sizes):
            raise ValueError(f"hidden_layer_sizes must hold positive integers (units per hidden layer); "
                             f"got {self.hidden_layer_sizes!r}")
        check_activation_name(self.hidden_activation)
        # inf passes "> 0" but turns every weight into inf or nan after one step.
        if not _is_real(self.learning_rate) or not 0 < self.learning_rate < np.inf:
            raise ValueError(f"learning_rate must be a positive, finite number; got {self.learning_rate!r}")
        if not _is_integer(self.epochs) or self.epochs < 1:
            raise ValueError(f"epochs must be a positive integer; got {self.epochs!r}")
        if self.batch_size is not None and (not _is_integer(self.batch_size) or self.batch_size < 1):
            raise ValueError(f"batch_size must be None (full batch) or a positive integer; got {self.batch_size!r}")
        if not _is_real(self.alpha) or not 0 <= self.alpha < np.inf:
            raise ValueError(f"alpha (the L2 strength) must be zero or a positive, finite number; got {self.alpha!r}")
        if not _is_integer(self.seed) or self.seed < 0:
            raise ValueError(f"seed must be a non-negative integer; got {self.seed!r}")
        self._check_optimizer_parameters()
        self._check_early_stopping_parameters()
        return sizes

    def _check_early_stopping_parameters(self):
        """early_stopping and its three parameters, in scikit-learn's ranges (checked even when it is off)."""
        if not isinstance(self.early_stopping, (bool, np.bool_)):
            raise ValueError(f"early_stopping must be True or False; got {self.early_stopping!r}")
        if not _is_real(self.validation_fraction) or not 0 < self.validation_fraction < 1:
            raise ValueError(f"validation_fraction must be a number strictly between 0 and 1 (the share of the "
                             f"training data held out for early stopping); got {self.validation_fraction!r}")
        if not _is_integer(self.n_iter_no_change) or self.n_iter_no_change < 1:
            raise ValueError(f"n_iter_no_change must be a positive integer (epochs of patience); "
                             f"got {self.n_iter_no_change!r}")
        if not _is_real(self.tol) or not 0 <= self.tol < np.inf:
            raise ValueError(f"tol must be zero or a positive, finite number; got {self.tol!r}")

    def _validation_split(self, n_samples, stratify):
        """Row indices (train, validation) for early stopping; see the class docstring.

        The validation rows are ``train_test_split(np.arange(n_samples),
        test_size=validation_fraction, stratify=stratify, random_state=seed)``'s
        test part; the training rows keep their original order.
        """
        n_val = math.ceil(self.validation_fraction * n_samples)  # train_test_split rounds the test part up
        if n_val < 2 or n_samples - n_val < 1:
            raise ValueError(f"early_stopping: validation_fraction={self.validation_fraction!r} of {n_samples} "
                             f"samples gives {n_val} validation and {n_samples - n_val} training samples; "
                             "it needs at least 2 validation samples and 1 training sample - change "
                             "validation_fraction or use more data")
        if stratify is not None:
            labels, counts = np.unique(stratify, return_counts=True)
            n_classes = len(labels)
            if counts.min() < 2:
                rare = labels[counts.argmin()]
                raise ValueError(f"early_stopping: class {rare} has only {counts.min()} sample; the stratified "
                                 "validation split needs at least 2 samples of every class (one for training, one "
                                 "for validation)")
            if n_val < n_classes or n_samples - n_val < n_classes:
                raise ValueError(f"early_stopping: validation_fraction={self.validation_fraction!r} of "
                                 f"{n_samples} samples gives {n_val} validation and {n_samples - n_val} training "
                                 f"samples, but a stratified split needs at least one of each of the {n_classes} "
                                 "classes in both - change validation_fraction or use more data")
        train_rows, val_rows = train_test_split(np.arange(n_samples), test_size=self.validation_fraction,
                                                stratify=stratify, random_state=self.seed)
        return np.sort(train_rows), np.sort(val_rows)

    def _check_optimizer_parameters(self):
        """The optimiser's parameters, in scikit-learn's ranges."""
        if not isinstance(self.solver, str) or self.solver not in SOLVERS:
            raise ValueError(f"solver must be one of {SOLVERS}; got {self.solver!r}")
        if not _is_real(self.momentum) or not 0 <= self.momentum <= 1:
            raise ValueError(f"momentum must be a number from 0 to 1 (0: no momentum); got {self.momentum!r}")
        if not isinstance(self.nesterovs_momentum, (bool, np.bool_)):
            raise ValueError(f"nesterovs_momentum must be True or False; got {self.nesterovs_momentum!r}")
        for name in ("beta_1", "beta_2"):
            value = getattr(self, name)
            if not _is_real(value) or not 0 <= value < 1:
                raise ValueError(f"{name} must be a number in [0, 1) (a moment's decay rate); got {value!r}")
        if not _is_real(self.epsilon) or not 0 < self.epsilon < np.inf:
            raise ValueError(f"epsilon must be a positive, finite number; got {self.epsilon!r}")
        if not isinstance(self.learning_rate_schedule, str) or self.learning_rate_schedule not in LEARNING_RATE_SCHEDULES:
            raise ValueError(f"learning_rate_schedule must be one of {LEARNING_RATE_SCHEDULES}; "
                             f"got {self.learning_rate_schedule!r}")
        if not _is_real(self.power_t) or not 0 <= self.power_t < np.inf:
            raise ValueError(f"power_t must be zero or a positive, finite number; got {self.power_t!r}")

    def _epoch_learning_rate(self, epoch, n_samples):
        """The step size during epoch ``epoch`` (from 0): constant, or the schedule's value for it.

        Like scikit-learn, the rate changes only between epochs; invscaling's clock
        is the number of samples seen before the epoch.
        """
        if self.learning_rate_schedule == "invscaling":
            return float(invscaling(self.learning_rate, self.power_t, epoch * n_samples))
        if self.learning_rate_schedule == "cosine":
            return float(cosine_decay(self.learning_rate, epoch, self.epochs))
        return self.learning_rate

    def _train(self, X, Y, hidden_sizes, validation_score=None):
        """Gradient descent on (X, Y) from fresh initial weights; sets ``params_``, ``loss_history_``, ``n_iter_``.

        With ``validation_score`` (a function of params, higher is better) it
        is called after every epoch and training stops early by
        ``update_no_improvement_count``; the best epoch's weights are kept and
        ``validation_scores_``, ``best_validation_score_``, ``best_epoch_`` are set.
        """
        params = init_params([X.shape[1], *hidden_sizes, Y.shape[1]], seed=self.seed)
        rng = np.random.default_rng(self.seed)
        n_samples = X.shape[0]
        # The optimiser's memory, carried from step to step: Adam's moments, or momentum's velocity.
        adam_state = init_adam_state(params) if self.solver == "adam" else None
        velocity = zeros_like_params(params) if self.solver == "sgd" and self.momentum else None
        self.loss_history_ = []
        for name in ("validation_scores_", "best_validation_score_", "best_epoch_"):
            self.__dict__.pop(name, None)  # a refit without early stopping keeps none from an earlier fit
        if validation_score is not None:
            self.validation_scores_ = []
            best_score, no_improvement, best_params = -np.inf, 0, params
        for epoch in range(self.epochs):
            learning_rate = self._epoch_learning_rate(epoch, n_samples)
            if self.batch_size is None:
                batches = [(X, Y)]
            else:
                batches = [(X[batch], Y[batch]) for batch in minibatches(n_samples, self.batch_size, rng)]
            epoch_loss = 0.0
            for X_batch, Y_batch in batches:
                P, cache = forward(X_batch, params, self.hidden_activation, self._output_activation)
                # Weight each batch's mean loss by its size, so the epoch's
                # loss is the mean over all samples even if the last batch is short.
                epoch_loss += compute_loss(Y_batch, P, params, self.alpha, self._output_activation) * len(X_batch)
                grads = backward(X_batch, Y_batch, params, cache, self.hidden_activation, self.alpha)
                if adam_state is not None:
                    params, adam_state = adam_update(params, grads, adam_state, learning_rate,
                                                     self.beta_1, self.beta_2, self.epsilon)
                elif velocity is not None:
                    params, velocity = momentum_update(params, grads, velocity, learning_rate, self.momentum,
                                                       self.nesterovs_momentum)
                else:  # momentum 0: plain gradient descent, the very function of lesson 6
                    params = update_params(params, grads, learning_rate)
            self.loss_history_.append(epoch_loss / n_samples)
            if validation_score is not None:
                score = float(validation_score(params))
                self.validation_scores_.append(score)
                best_score, no_improvement, is_best = update_no_improvement_count(score, best_score,
                                                                                  no_improvement, self.tol)
                if is_best:
                    # Copies: the optimisers may update arrays in place.
                    best_params = {name: value.copy() for name, value in params.items()}
                    self.best_epoch_ = epoch + 1
                if no_improvement > self.n_iter_no_change:
                    break
        self.n_iter_ = len(self.loss_history_)
        if validation_score is not None:
            self.best_validation_score_ = best_score
            params = best_params
        self.params_ = params


class NeuralNet(ClassifierMixin, _BaseNeuralNet):
    """A fully connected network trained by gradient descent (plain, with momentum, or Adam) on cross-entropy.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default (8,)
        Units in each hidden layer, e.g. (64,) or (32, 16).
    hidden_activation : {"relu", "tanh", "sigmoid"}, default "relu"
    learning_rate : float > 0, default 0.1
        The step size: scikit-learn's ``learning_rate_init``.  (scikit-learn's
        own ``learning_rate`` names the schedule: ours is ``learning_rate_schedule``.)
    epochs : int >= 1, default 1000
        Passes over the training data.
    batch_size : int >= 1 or None, default None
        None: full-batch gradient descent, one update per epoch, no shuffling.
        Otherwise minibatches of this size, reshuffled every epoch.
    alpha : float >= 0, default 0.0
        L2 strength.  Every step adds ``0.5 * alpha * sum(W**2) / B`` to the
        mean loss of its batch, B being that batch's number of rows (n for full
        batch; a short last batch uses its own size), so each step adds
        ``alpha * W / B`` to every weight's gradient; biases are not penalised.
        This is scikit-learn's definition, batch by batch.  With minibatches
        the same alpha therefore shrinks the weights more per epoch: n / B steps
        of ``learning_rate * alpha / B`` each, about (n / B)**2 times the
        full-batch epoch's ``learning_rate * alpha / n``.  An alpha tuned with
        one batch size does not carry over to another.  Keras' equivalent is
        ``L2(nn_helpers.keras_l2_factor(alpha, B))`` = ``L2(0.5 * alpha / B)``.
    seed : int >= 0, default 0
        Seeds the initial weights and the minibatch shuffling.
    solver : {"sgd", "adam"}, default "sgd"
        "sgd": gradient descent, with momentum if ``momentum > 0``; "adam": Adam.
        The update rules are ``nn_helpers.optimizers.momentum_update`` and
        ``adam_update``, scikit-learn's formulas exactly.
    momentum : float in [0, 1], default 0.0
        solver "sgd" only.  0 is plain gradient descent (lessons 1-6).
        scikit-learn's default is 0.9.
    nesterovs_momentum : bool, default False
        solver "sgd" with momentum > 0 only: Nesterov's momentum.  scikit-learn's
        default is True; ours is False, so ``momentum=0.9`` alone gives classical momentum.
    beta_1, beta_2 : floats in [0, 1), default 0.9 and 0.999
        solver "adam" only: the decay rates of Adam's first and second moments.
    epsilon : float > 0, default 1e-8
        solver "adam" only: added to sqrt(v) in the denominator (Keras' default is 1e-7).
    learning_rate_schedule : {"constant", "invscaling", "cosine"}, default "constant"
        How the step size changes between epochs (scikit-learn's ``learning_rate``).
        "invscaling": ``learning_rate / (samples_seen + 1) ** power_t``, samples
        seen before the epoch, as scikit-learn; "cosine": Keras' ``CosineDecay``
        from ``learning_rate`` towards 0 over ``epochs`` epochs.  Unlike
        scikit-learn, which applies its schedule to "sgd" only, ours applies to
        both solvers; to match ``MLPClassifier(solver="adam")`` keep "constant".
    power_t : float >= 0, default 0.5
        The exponent of "invscaling".
    early_stopping : bool, default False
        False: train for exactly ``epochs`` epochs on all of X (the three
        parameters below are then unused - unlike scikit-learn, which without
        early stopping still stops when the *training loss* stalls).
        True: hold out a stratified validation part of the training data,
        train on the rest only, and after every epoch measure the **validation
        accuracy** (the fraction of held-out rows ``predict`` gets right; not the
        loss).  Training stops once that accuracy has not improved on the best
        so far by at least ``tol`` for more than ``n_iter_no_change`` epochs in
        a row (scikit-learn's rule: ``n_iter_no_change + 1`` such epochs, see
        ``update_no_improvement_count``), or after ``epochs`` epochs; then the
        weights of the best epoch (highest validation accuracy, the first
        one on ties) are restored.  The held-out rows are
        ``train_test_split(np.arange(n), test_size=validation_fraction,
        stratify=y, random_state=seed)``'s test part; the remaining rows keep
        their order and are the only ones trained on.  The initial weights and
        the minibatch order come from ``seed`` as without early stopping.
    validation_fraction : float in (0, 1), default 0.1
        The share of the training data held out (rounded up, as
        ``train_test_split`` does; at least 2 rows, and every class needs at
        least 2 rows so that it is in both parts).
    n_iter_no_change : int >= 1, default 10
        Patience: epochs without improvement that are tolerated.
    tol : float >= 0, default 1e-4
        The smallest gain in validation accuracy that counts as an improvement.

    Attributes
    ----------
    classes_ : array (n_classes,), the labels seen in ``fit``
    n_features_in_ : int
    params_ : dict ``W1, b1, ...`` of the trained network (with early stopping:
        of the best epoch)
    loss_history_ : list of float, the training loss of each epoch, measured
        on that epoch's forward pass(es) before its update(s): the mean over
        the batches of each batch's loss (L2 term ``0.5 * alpha * sum(W**2) / B``
        included), weighted by B / n - as ``MLPClassifier``'s ``loss_curve_``
        (with early stopping: on the training part only)
    n_iter_ : int, the epochs run (``epochs`` unless early stopping stopped sooner)
    validation_scores_ : list of float, early stopping only: the validation
        accuracy after each epoch (scikit-learn's ``validation_scores_``)
    best_validation_score_ : float, early stopping only: their maximum
    best_epoch_ : int, early stopping only: the epoch (from 1) whose weights
        ``params_`` holds, the first with the best validation score
    """

    def fit(self, X, y):
        """Train on X (n_samples, n_features) and labels y (n_samples,); returns self."""
        hidden_sizes = self._check_hyperparameters()
        X, y = validate_data(self, X, y, dtype=np.float64)
        check_classification_targets(y)
        self.classes_, y_indices = np.unique(y, return_inverse=True)
        n_classes = len(self.classes_)
        if n_classes < 2:
            raise ValueError(f"y has only one class, {self.classes_.tolist()}; a classifier needs at least two")
        # Two classes need one sigmoid output (P = probability of the second
        # class); k classes need k softmax outputs and one-hot targets.
        Y = y_indices.reshape(-1, 1).astype(np.float64) if n_classes == 2 else one_hot(y_indices, n_classes)

        if not self.early_stopping:
            self._train(X, Y, hidden_sizes)
            return self
        train_rows, val_rows = self._validation_split(len(X), stratify=y)
        X_val, y_val = X[val_rows], y_indices[val_rows]

        def validation_accuracy(params):
            P, _ = forward(X_val, params, self.hidden_activation)
            return np.mean(_class_indices(P) == y_val)

        self._train(X[train_rows], Y[train_rows], hidden_sizes, validation_accuracy)
        return self

    def predict_proba(self, X):
        """Class probabilities, shape (n_samples, n_classes), columns in the order of ``classes_``."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        P, _ = forward(X, self.params_, self.hidden_activation)
        return np.hstack([1.0 - P, P]) if P.shape[1] == 1 else P

    def predict(self, X):
        """The most probable class for each row of X, shape (n_samples,)."""
        check_is_fitted(self)
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def _class_indices(P):
    """``NeuralNet.predict``'s choice as class indices: P (n, 1) sigmoid or (n, k) softmax -> (n,)."""
    return np.argmax(np.hstack([1.0 - P, P]) if P.shape[1] == 1 else P, axis=1)


class NeuralNetRegressor(RegressorMixin, _BaseNeuralNet):
    """The same network with an identity output, trained on half the mean squared error (lesson 11).

    It shares ``NeuralNet``'s hyperparameters and training loop; only the
    output layer differs: ``P = Z`` (no sigmoid or softmax), so the network can
    output any real number.  The loss is scikit-learn's ``squared_error``,

        loss = 0.5 * mean over all n * k entries of (P - Y)**2  (+ the L2 term),

    and the error term backpropagated from the output is ``(P - Y) / n``, as in
    ``MLPRegressor``.  With one output (k = 1) that is exactly the gradient of
    the loss.  With k > 1 outputs it is k times that gradient: scikit-learn
    reports the mean over the k outputs but descends on their sum,
    ``0.5 * sum((P - Y)**2) / n``.  This class does the same, so that
    ``loss_history_`` equals ``MLPRegressor``'s ``loss_curve_`` and the weights
    follow it step for step.  Keras' ``"mse"`` is ``mean((P - Y)**2)``: twice
    scikit-learn's loss, with a gradient 2 / k times as large.

    Scale the targets (e.g. ``TransformedTargetRegressor`` with a
    ``StandardScaler``): with targets in the hundreds a learning rate that
    suits scaled data makes the weights overflow, and ``fit`` then says so.

    Parameters
    ----------
    hidden_layer_sizes, hidden_activation, learning_rate, epochs, batch_size, alpha, seed, solver, ...
        As for ``NeuralNet``.
    early_stopping, validation_fraction, n_iter_no_change, tol
        As for ``NeuralNet``, but what is monitored is the **R^2 score** on the
        validation rows (``sklearn.metrics.r2_score``, averaged over the outputs,
        as ``MLPRegressor``), and the split is not stratified:
        ``train_test_split(np.arange(n), test_size=validation_fraction,
        random_state=seed)``.  An epoch whose predictions overflow scores -inf.

    Attributes
    ----------
    n_features_in_ : int
    n_outputs_ : int, the number of target columns k
    params_ : dict ``W1, b1, ...`` of the trained network
    loss_history_ : list of float, the training loss of each epoch (half the
        mean squared error, L2 term included), measured on that epoch's forward
        pass(es) before its update(s) - ``MLPRegressor``'s ``loss_curve_``
    n_iter_, validation_scores_, best_validation_score_, best_epoch_
        As for ``NeuralNet``, with R^2 in place of accuracy.
    """

    _output_activation = "identity"

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.target_tags.multi_output = True  # y of shape (n, k) is fine
        return tags

    def fit(self, X, y):
        """Train on X (n_samples, n_features) and targets y, (n_samples,) or (n_samples, k); returns self."""
        hidden_sizes = self._check_hyperparameters()
        if np.asarray(y).dtype.kind in "US":
            raise ValueError(f"y holds text ({np.asarray(y).ravel()[:3].tolist()}...); a regressor needs numeric "
                             "targets - for class labels use NeuralNet")
        X, y = validate_data(self, X, y, dtype=np.float64, multi_output=True, y_numeric=True)
        y = y.astype(np.float64, copy=False)
        # predict gives back what fit was given: (n,) for a 1-D y, (n, k) for a 2-D one.
        self._y_is_1d = y.ndim == 1
        Y = y.reshape(-1, 1) if self._y_is_1d else y
        self.n_outputs_ = Y.shape[1]

        # Unscaled targets with too large a step overflow; say so clearly instead of returning nan.
        validation_r2 = None
        if self.early_stopping:
            # Not stratified (the targets are numbers), as in MLPRegressor.
            train_rows, val_rows = self._validation_split(len(X), stratify=None)
            X_val, Y_val = X[val_rows], Y[val_rows]
            X, Y = X[train_rows], Y[train_rows]

            def validation_r2(params):
                P, _ = forward(X_val, params, self.hidden_activation, self._output_activation)
                # A diverging run gives inf/nan predictions; count them as the worst score, not an error.
                return r2_score(Y_val, P) if np.all(np.isfinite(P)) else -np.inf

        with np.errstate(over="ignore", invalid="ignore"):
            self._train(X, Y, hidden_sizes, validation_r2)
        weights_finite = all(np.all(np.isfinite(value)) for value in self.params_.values())
        if not weights_finite or not np.all(np.isfinite(self.loss_history_)):
            largest = float(np.max(np.abs(Y)))
            advice = (f"Scale y (e.g. TransformedTargetRegressor with a StandardScaler; its values reach "
                      f"{largest:.3g}) and X, or lower learning_rate" if largest > 10 else
                      "Lower learning_rate (wide layers and large inputs make each step larger), or scale X")
            raise ValueError(f"training diverged: the weights overflowed to inf or nan with learning_rate="
                             f"{self.learning_rate!r}. {advice}")
        return self

    def predict(self, X):
        """Predicted targets for X: shape (n_samples,) if y was 1-D in ``fit``, else (n_samples, k)."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=np.float64, reset=False)
        P, _ = forward(X, self.params_, self.hidden_activation, self._output_activation)
        return P.ravel() if self._y_is_1d else P

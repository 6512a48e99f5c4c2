"""Early stopping as lesson 8 builds it: train epoch by epoch, watch a validation score, stop once it has not
improved for ``patience`` epochs, and hand back the best parameters seen, not the last ones.

The rule is Keras' ``EarlyStopping(patience, min_delta=tol, restore_best_weights=True)`` for a score where higher
is better.  (scikit-learn's ``MLPClassifier(early_stopping=True)`` differs in two details, which lesson 8 shows.)
"""

import copy

import numpy as np


def train_with_early_stopping(params, train_one_epoch, validation_score, max_epochs, patience, tol=0.0):
    """Train until the validation score stops improving; return (best_params, best_epoch, scores).

    params : the starting parameters (e.g. a dict of arrays)
    train_one_epoch : function params -> params after one more epoch; it may update params in place, so the
        best parameters are kept as a deep copy
    validation_score : function params -> float, higher is better (e.g. validation accuracy)
    max_epochs : train at most this many epochs
    patience : stop after this many epochs in a row without an improvement
    tol : an improvement means a score above the best so far by more than tol

    Returns the parameters after the best epoch (a copy), that epoch's number (1-based; 0 if no epoch ever
    improved on -inf, which cannot happen for finite scores) and the list of the scores of every epoch trained.
    """
    best_score, best_epoch, best_params = -np.inf, 0, copy.deepcopy(params)
    epochs_without_improvement = 0
    scores = []
    for epoch in range(1, max_epochs + 1):
        params = train_one_epoch(params)
        score = float(validation_score(params))
        scores.append(score)
        if score > best_score + tol:
            best_score, best_epoch, best_params = score, epoch, copy.deepcopy(params)
            epochs_without_improvement = 0
        else:
            epochs_without_improvement += 1
            if epochs_without_improvement >= patience:
                break
    return best_params, best_epoch, scores

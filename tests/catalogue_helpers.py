"""Pieces the checker catalogues share (tests/learner_mistakes.py and tests/mistakes_*.py)."""

import numpy as np


def same_shape(y_true, y_pred):
    """The lesson's matching_arrays: what a learner's loss starts with."""
    y_true, y_pred = np.asarray(y_true, dtype=float), np.asarray(y_pred, dtype=float)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"shapes {y_true.shape} and {y_pred.shape} differ")
    return y_true, y_pred


def matched(loss):
    """The same loss, refusing mismatched shapes first (as the lesson's losses do)."""
    def guarded(y_true, y_pred):
        return loss(*same_shape(y_true, y_pred))
    return guarded

"""Evaluation metrics built in lesson 8: the confusion counts, the four metrics made from them, the ROC curve and
the area under it.

Labels are 0/1 with 1 the positive class ("disease").  A metric whose formula is 0/0 is 0.0, scikit-learn's
``zero_division=0`` convention.  These are the reference implementations the lesson's checkers compare with.
"""

import numpy as np


def _labels(values, name):
    array = np.asarray(values).ravel()
    if array.size and not np.all(np.isin(array, (0, 1))):
        raise ValueError(f"{name} must hold 0/1 labels; got values {np.unique(array)[:5]}")
    return array.astype(int)


def confusion_counts(y_true, y_pred):
    """(tp, fp, fn, tn) as Python ints for 0/1 arrays y_true, y_pred of shape (n,).

    tp: truly 1, predicted 1; fp: truly 0, predicted 1; fn: truly 1, predicted 0; tn: truly 0, predicted 0.
    """
    y_true, y_pred = _labels(y_true, "y_true"), _labels(y_pred, "y_pred")
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true has {y_true.size} labels but y_pred has {y_pred.size}")
    tp = int(np.sum((y_true == 1) & (y_pred == 1)))
    fp = int(np.sum((y_true == 0) & (y_pred == 1)))
    fn = int(np.sum((y_true == 1) & (y_pred == 0)))
    tn = int(np.sum((y_true == 0) & (y_pred == 0)))
    return tp, fp, fn, tn


def _ratio(numerator, denominator):
    return numerator / denominator if denominator > 0 else 0.0


def accuracy(y_true, y_pred):
    """(TP + TN) / n: the share of correct predictions."""
    tp, fp, fn, tn = confusion_counts(y_true, y_pred)
    return _ratio(tp + tn, tp + fp + fn + tn)


def precision(y_true, y_pred):
    """TP / (TP + FP): of the samples predicted positive, the share truly positive (0.0 if none predicted)."""
    tp, fp, fn, tn = confusion_counts(y_true, y_pred)
    return _ratio(tp, tp + fp)


def recall(y_true, y_pred):
    """TP / (TP + FN): of the truly positive samples, the share found (0.0 if there are none)."""
    tp, fp, fn, tn = confusion_counts(y_true, y_pred)
    return _ratio(tp, tp + fn)


def f1(y_true, y_pred):
    """2 TP / (2 TP + FP + FN), the harmonic mean of precision and recall (0.0 if TP = FP = FN = 0)."""
    tp, fp, fn, tn = confusion_counts(y_true, y_pred)
    return _ratio(2 * tp, 2 * tp + fp + fn)


def roc_points(y_true, scores):
    """The ROC curve: (fpr, tpr), arrays of shape (k + 1,) for k distinct scores.

    Predicting 1 when score >= t, for every distinct score t from the highest down: point i is the
    (false-positive rate, true-positive rate) at the i-th highest threshold, after the starting point (0, 0).
    Tied scores cross the threshold together, so they make one point (a diagonal step), not a staircase.
    Needs at least one positive and one negative label.  Equals
    ``sklearn.metrics.roc_curve(y_true, scores, drop_intermediate=False)[:2]``.
    """
    y_true = _labels(y_true, "y_true")
    scores = np.asarray(scores, dtype=np.float64).ravel()
    if scores.shape != y_true.shape:
        raise ValueError(f"y_true has {y_true.size} labels but scores has {scores.size} entries")
    n_positive, n_negative = int(np.sum(y_true)), int(np.sum(1 - y_true))
    if n_positive == 0 or n_negative == 0:
        raise ValueError("the ROC curve needs both classes in y_true")
    order = np.argsort(-scores, kind="stable")
    sorted_scores, sorted_labels = scores[order], y_true[order]
    tp = np.cumsum(sorted_labels)
    fp = np.cumsum(1 - sorted_labels)
    last_of_each_score = np.r_[np.flatnonzero(np.diff(sorted_scores)), len(scores) - 1]  # where a tie group ends
    fpr = np.r_[0.0, fp[last_of_each_score] / n_negative]
    tpr = np.r_[0.0, tp[last_of_each_score] / n_positive]
    return fpr, tpr


def auc(fpr, tpr):
    """The area under a curve given by points (fpr[i], tpr[i]) sorted by fpr: the trapezoidal rule."""
    fpr, tpr = np.asarray(fpr, dtype=np.float64), np.asarray(tpr, dtype=np.float64)
    if fpr.shape != tpr.shape or fpr.ndim != 1:
        raise ValueError(f"fpr and tpr must be 1-D and of equal length; got shapes {fpr.shape} and {tpr.shape}")
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2))

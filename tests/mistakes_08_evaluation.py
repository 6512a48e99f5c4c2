"""Lesson 8's checker catalogue: correct variants and realistic mistakes, each with its diagnosis."""

import copy

import numpy as np
from sklearn import metrics as sk

import nn_helpers.metrics as nm
from nn_helpers.early_stopping import train_with_early_stopping


# -- confusion counts -------------------------------------------------------------------------------------------------

def counts_masks(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    return (int(np.sum((t == 1) & (p == 1))), int(np.sum((t == 0) & (p == 1))),
            int(np.sum((t == 1) & (p == 0))), int(np.sum((t == 0) & (p == 0))))


def counts_arithmetic(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    tp = int(np.sum(t * p))
    fp = int(np.sum((1 - t) * p))
    fn = int(np.sum(t * (1 - p)))
    return tp, fp, fn, len(t) - tp - fp - fn


def counts_loop(y_true, y_pred):
    tp = fp = fn = tn = 0
    for t, p in zip(y_true, y_pred):
        if t == 1 and p == 1:
            tp += 1
        elif t == 0 and p == 1:
            fp += 1
        elif t == 1:
            fn += 1
        else:
            tn += 1
    return tp, fp, fn, tn


def counts_sklearn(y_true, y_pred):
    tn, fp, fn, tp = sk.confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
    return int(tp), int(fp), int(fn), int(tn)


def counts_numpy_ints(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    return np.sum((t == 1) & (p == 1)), np.sum((t == 0) & (p == 1)), np.sum((t == 1) & (p == 0)), \
        np.sum((t == 0) & (p == 0))  # numpy integers, not the plain ints the exercise asks for


def counts_swapped(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return tp, fn, fp, tn


def counts_sklearn_order(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return tn, fp, fn, tp


def counts_label0_positive(y_true, y_pred):
    return counts_masks(1 - np.asarray(y_true), 1 - np.asarray(y_pred))


def counts_fractions(y_true, y_pred):
    return tuple(c / len(y_true) for c in counts_masks(y_true, y_pred))


def counts_matrix(y_true, y_pred):
    return sk.confusion_matrix(y_true, y_pred, labels=[0, 1])


def counts_dict(y_true, y_pred):
    return dict(zip(("tp", "fp", "fn", "tn"), counts_masks(y_true, y_pred)))


# -- the four metrics -------------------------------------------------------------------------------------------------

def accuracy_mean(y_true, y_pred):
    return float(np.mean(np.asarray(y_true) == np.asarray(y_pred)))


def accuracy_counts(y_true, y_pred):
    tp, fp, fn, tn = counts_loop(y_true, y_pred)
    return (tp + tn) / (tp + fp + fn + tn)


def accuracy_int(y_true, y_pred):
    return int(np.sum(np.asarray(y_true) == np.asarray(y_pred)) / len(y_true))


def accuracy_floor(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return (tp + tn) // (tp + fp + fn + tn)


def error_rate(y_true, y_pred):
    return 1 - accuracy_mean(y_true, y_pred)


def accuracy_tp_only(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return tp / (tp + fp + fn + tn)


def precision_guard(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return tp / (tp + fp) if tp + fp > 0 else 0.0


def precision_max(y_true, y_pred):
    tp, fp, fn, tn = counts_arithmetic(y_true, y_pred)
    return tp / max(tp + fp, 1)


def precision_errstate(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    with np.errstate(invalid="ignore"):
        value = np.float64(tp) / np.float64(tp + fp)
    return float(np.nan_to_num(value))


def precision_unguarded(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return tp / (tp + fp)  # ZeroDivisionError when nothing is predicted positive


def precision_nan(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    with np.errstate(invalid="ignore"):
        return float(np.float64(tp) / np.float64(tp + fp))


def precision_is_recall(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return tp / (tp + fn) if tp + fn else 0.0


def precision_one_at_zero(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return tp / (tp + fp) if tp + fp else 1.0


def precision_int(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return int(tp / (tp + fp)) if tp + fp else 0


def recall_guard(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return tp / (tp + fn) if tp + fn > 0 else 0.0


def recall_mean_of_hits(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    return float(np.mean(p[t == 1] == 1)) if np.any(t == 1) else 0.0


def recall_unguarded(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return tp / (tp + fn)


def recall_nan(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    with np.errstate(invalid="ignore"), np.testing.suppress_warnings() as sup:
        sup.filter(RuntimeWarning)
        return float(np.mean(p[t == 1] == 1))


def recall_is_precision(y_true, y_pred):
    return precision_guard(y_true, y_pred)


def specificity(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return tn / (tn + fp) if tn + fp else 0.0


def recall_one_at_zero(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return tp / (tp + fn) if tp + fn else 1.0


def recall_floor(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    return (tp // (tp + fn)) if tp + fn else 0


def f1_counts(y_true, y_pred):
    tp, fp, fn, tn = counts_masks(y_true, y_pred)
    d = 2 * tp + fp + fn
    return 2 * tp / d if d else 0.0


def f1_harmonic_guarded(y_true, y_pred):
    p, r = precision_guard(y_true, y_pred), recall_guard(y_true, y_pred)
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def f1_harmonic_unguarded(y_true, y_pred):
    p, r = precision_guard(y_true, y_pred), recall_guard(y_true, y_pred)
    return 2 * p * r / (p + r)


def f1_arithmetic(y_true, y_pred):
    return (precision_guard(y_true, y_pred) + recall_guard(y_true, y_pred)) / 2


def f1_product(y_true, y_pred):
    return precision_guard(y_true, y_pred) * recall_guard(y_true, y_pred)


def f1_is_accuracy(y_true, y_pred):
    return accuracy_mean(y_true, y_pred)


def f1_int(y_true, y_pred):
    return int(f1_counts(y_true, y_pred))


# An f1 written as in the notebook, on top of the learner's own (here: wrong) recall and precision.
_notebook_with_wrong_recall = {"precision": precision_guard, "recall": specificity}
exec("def f1(y_true, y_pred):\n"
     "    p, r = precision(y_true, y_pred), recall(y_true, y_pred)\n"
     "    return 2 * p * r / (p + r) if p + r > 0 else 0.0\n", _notebook_with_wrong_recall)
f1_on_wrong_recall = _notebook_with_wrong_recall["f1"]
_notebook_with_wrong_precision = {"precision": precision_is_recall, "recall": recall_guard}
exec("def f1(y_true, y_pred):\n"
     "    p, r = precision(y_true, y_pred), recall(y_true, y_pred)\n"
     "    return 2 * p * r / (p + r) if p + r > 0 else 0.0\n", _notebook_with_wrong_precision)
f1_on_wrong_precision = _notebook_with_wrong_precision["f1"]
# ... and one on right ones, which must pass
_notebook_with_right_parts = {"precision": precision_guard, "recall": recall_guard}
exec("def f1(y_true, y_pred):\n"
     "    p, r = precision(y_true, y_pred), recall(y_true, y_pred)\n"
     "    return 2 * p * r / (p + r) if p + r > 0 else 0.0\n", _notebook_with_right_parts)
f1_on_right_parts = _notebook_with_right_parts["f1"]


# -- ROC points and AUC -----------------------------------------------------------------------------------------------

def roc_sklearn(y_true, scores):
    fpr, tpr, _ = sk.roc_curve(y_true, scores, drop_intermediate=False)
    return fpr, tpr


def roc_loop(y_true, scores):
    y, s = np.asarray(y_true), np.asarray(scores, dtype=float)
    fpr, tpr = [0.0], [0.0]
    for t in sorted(set(s.tolist()), reverse=True):
        predicted = s >= t
        tpr.append(np.sum(predicted & (y == 1)) / np.sum(y == 1))
        fpr.append(np.sum(predicted & (y == 0)) / np.sum(y == 0))
    return np.array(fpr), np.array(tpr)


def roc_unique(y_true, scores):
    y, s = np.asarray(y_true), np.asarray(scores, dtype=float)
    thresholds = np.unique(s)[::-1]
    predicted = s[None, :] >= thresholds[:, None]
    tpr = (predicted & (y == 1)).sum(axis=1) / (y == 1).sum()
    fpr = (predicted & (y == 0)).sum(axis=1) / (y == 0).sum()
    return np.r_[0, fpr], np.r_[0, tpr]


def _roc_sorted(y_true, scores, key, ties=True, start=True, by_n=False, swap=False):
    y, s = np.asarray(y_true), np.asarray(scores, dtype=float)
    order = key(s)
    y, s = y[order], s[order]
    tp, fp = np.cumsum(y), np.cumsum(1 - y)
    ends = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1] if ties else np.arange(len(s))
    n_pos, n_neg = (len(y), len(y)) if by_n else (y.sum(), (1 - y).sum())
    fpr, tpr = fp[ends] / n_neg, tp[ends] / n_pos
    if start:
        fpr, tpr = np.r_[0.0, fpr], np.r_[0.0, tpr]
    return (tpr, fpr) if swap else (fpr, tpr)


def roc_unsorted(y_true, scores):
    y = np.asarray(y_true)
    return np.r_[0.0, np.cumsum(1 - y) / np.sum(1 - y)], np.r_[0.0, np.cumsum(y) / np.sum(y)]


def roc_ascending(y_true, scores):
    return _roc_sorted(y_true, scores, lambda s: np.argsort(s, kind="stable"))


def roc_staircase(y_true, scores):
    return _roc_sorted(y_true, scores, lambda s: np.argsort(-s, kind="stable"), ties=False)


def roc_no_start(y_true, scores):
    return _roc_sorted(y_true, scores, lambda s: np.argsort(-s, kind="stable"), start=False)


def roc_by_n(y_true, scores):
    return _roc_sorted(y_true, scores, lambda s: np.argsort(-s, kind="stable"), by_n=True)


def roc_swapped(y_true, scores):
    return _roc_sorted(y_true, scores, lambda s: np.argsort(-s, kind="stable"), swap=True)


def roc_strict(y_true, scores):
    y, s = np.asarray(y_true), np.asarray(scores, dtype=float)
    fpr, tpr = [0.0], [0.0]
    for t in sorted(set(s.tolist()), reverse=True):
        predicted = s > t
        tpr.append(np.sum(predicted & (y == 1)) / np.sum(y == 1))
        fpr.append(np.sum(predicted & (y == 0)) / np.sum(y == 0))
    return np.array(fpr), np.array(tpr)


def roc_first_of_ties(y_true, scores):
    y, s = np.asarray(y_true), np.asarray(scores, dtype=float)
    order = np.argsort(-s, kind="stable")
    y, s = y[order], s[order]
    tp, fp = np.cumsum(y), np.cumsum(1 - y)
    first = np.r_[0, np.flatnonzero(np.diff(s)) + 1]  # the first of each tie group, not the last
    return np.r_[0.0, fp[first] / fp[-1]], np.r_[0.0, tp[first] / tp[-1]]


def roc_reversed(y_true, scores):
    fpr, tpr = roc_sklearn(y_true, scores)
    return fpr[::-1], tpr[::-1]


def roc_sklearn_default(y_true, scores):
    fpr, tpr, _ = sk.roc_curve(y_true, scores)
    return fpr, tpr


def roc_with_thresholds(y_true, scores):
    return sk.roc_curve(y_true, scores, drop_intermediate=False)


def auc_trapezoid(fpr, tpr):
    return float(np.trapezoid(tpr, fpr))


def auc_loop(fpr, tpr):
    area = 0.0
    for i in range(1, len(fpr)):
        area += (fpr[i] - fpr[i - 1]) * (tpr[i] + tpr[i - 1]) / 2
    return area


def auc_left(fpr, tpr):
    fpr, tpr = np.asarray(fpr), np.asarray(tpr)
    return float(np.sum(np.diff(fpr) * tpr[:-1]))


def auc_right(fpr, tpr):
    fpr, tpr = np.asarray(fpr), np.asarray(tpr)
    return float(np.sum(np.diff(fpr) * tpr[1:]))


def auc_swapped(fpr, tpr):
    return float(np.trapezoid(fpr, tpr))


def auc_mean(fpr, tpr):
    return float(np.mean(tpr))


def auc_no_half(fpr, tpr):
    fpr, tpr = np.asarray(fpr), np.asarray(tpr)
    return float(np.sum(np.diff(fpr) * (tpr[1:] + tpr[:-1])))


def auc_array(fpr, tpr):
    fpr, tpr = np.asarray(fpr), np.asarray(tpr)
    return np.diff(fpr) * (tpr[1:] + tpr[:-1]) / 2  # the trapezoids, not summed


# -- early stopping ---------------------------------------------------------------------------------------------------

def stopping_reference(params, train_one_epoch, validation_score, max_epochs, patience, tol=0.0):
    return train_with_early_stopping(params, train_one_epoch, validation_score, max_epochs, patience, tol)


def stopping_while(params, train_one_epoch, validation_score, max_epochs, patience, tol=0.0):
    best, best_epoch, best_params, wait, epoch, scores = None, 0, None, 0, 0, []
    while epoch < max_epochs and wait < patience:
        epoch += 1
        params = train_one_epoch(params)
        score = validation_score(params)
        scores.append(score)
        if best is None or score - best > tol:
            best, best_epoch, best_params, wait = score, epoch, copy.deepcopy(params), 0
        else:
            wait += 1
    return best_params, best_epoch, scores


def stopping_last_best(params, train_one_epoch, validation_score, max_epochs, patience, tol=0.0):
    """Counts the epochs since the best, then trains no further."""
    scores, best_epoch, best_params = [], 0, None
    for epoch in range(1, max_epochs + 1):
        params = train_one_epoch(params)
        scores.append(validation_score(params))
        if best_epoch == 0 or scores[-1] > scores[best_epoch - 1] + tol:
            best_epoch, best_params = epoch, {k: np.copy(v) for k, v in params.items()}
        if epoch - best_epoch >= patience:
            break
    return best_params, best_epoch, scores


def _stopping(rule):
    def fn(params, train_one_epoch, validation_score, max_epochs, patience, tol=0.0):
        best, best_epoch, best_params, wait, scores = (np.inf if rule == "minimise" else -np.inf), 0, None, 0, []
        if rule == "epoch 0":  # the untrained parameters as the first candidate
            best, best_params = validation_score(params), copy.deepcopy(params)
        if rule == "best 0":
            best, best_params = 0.0, copy.deepcopy(params)
        for epoch in range(1, (max_epochs + 3 if rule == "past max" else max_epochs) + 1):
            params = train_one_epoch(params)
            score = validation_score(params)
            scores.append(score)
            improved = {"ties": score >= best + tol, "no tol": score > best,
                        "minimise": score < best - tol}.get(rule, score > best + tol)
            if rule == "sklearn":
                improved = score >= best + tol
                if score > best:
                    best, best_epoch, best_params = score, epoch, copy.deepcopy(params)
            elif improved:
                best, best_epoch = score, epoch
                best_params = {"reference kept": lambda: params,
                               "shallow copy": lambda: copy.copy(params)}.get(rule, lambda: copy.deepcopy(params))()
            if improved:
                if rule != "no reset":
                    wait = 0
            else:
                wait += 1
            limit = {"late": patience + 1, "early": patience - 1}.get(rule, patience)
            if rule not in ("never", "past max") and wait >= limit:
                break
        if rule == "last params":
            best_params = params
        if rule == "zero based":
            best_epoch -= 1
        if rule == "initial score":
            scores = [validation_score({"W": np.zeros((1, 1)), "b": np.zeros(1)})] + scores
        return best_params, best_epoch, scores
    return fn


CORRECT = {
    "confusion_counts": [("boolean masks", counts_masks), ("arithmetic on 0/1", counts_arithmetic),
                         ("a loop", counts_loop), ("scikit-learn reordered", counts_sklearn),
                         ("reference", nm.confusion_counts)],
    "accuracy": [("mean of matches", accuracy_mean), ("from the counts", accuracy_counts),
                 ("reference", nm.accuracy), ("scikit-learn", sk.accuracy_score)],
    "precision": [("guarded", precision_guard), ("max(denominator, 1)", precision_max),
                  ("nan_to_num", precision_errstate), ("reference", nm.precision),
                  ("scikit-learn, zero_division=0", lambda t, p: sk.precision_score(t, p, zero_division=0))],
    "recall": [("guarded", recall_guard), ("mean over the positives", recall_mean_of_hits),
               ("reference", nm.recall)],
    "f1": [("from the counts", f1_counts), ("harmonic mean, guarded", f1_harmonic_guarded),
           ("reference", nm.f1), ("harmonic mean of the notebook's own parts", f1_on_right_parts), ("scikit-learn, zero_division=0", lambda t, p: sk.f1_score(t, p, zero_division=0))],
    "roc_points": [("scikit-learn, drop_intermediate=False", roc_sklearn), ("a loop over distinct scores", roc_loop),
                   ("a matrix of thresholds", roc_unique), ("reference", nm.roc_points)],
    "auc": [("np.trapezoid", auc_trapezoid), ("a loop of trapezoids", auc_loop), ("scikit-learn", sk.auc),
            ("reference", nm.auc)],
    "train_with_early_stopping": [("reference", stopping_reference), ("a while loop", stopping_while),
                                  ("epochs since the best", stopping_last_best)],
}

MISTAKES = {
    "confusion_counts": [
        ("fp and fn swapped", counts_swapped, "fp and fn are swapped"),
        ("scikit-learn's order", counts_sklearn_order, "scikit-learn's counts in its order"),
        ("label 0 as positive", counts_label0_positive, "tp and tn are swapped"),
        ("fractions", counts_fractions, "fractions of all samples"),
        ("a 2x2 matrix", counts_matrix, "2x2 matrix"),
        ("a dict", counts_dict, "returned a dict"),
        ("numpy integers", counts_numpy_ints, "not plain Python ints"),
    ],
    "accuracy": [
        ("int() truncation", accuracy_int, "int(...) truncates"),
        ("floor division", accuracy_floor, "int(...) truncates"),
        ("error rate", error_rate, "error rate"),
        ("only TP counted", accuracy_tp_only, "only the true positives"),
    ],
    "precision": [
        ("ZeroDivisionError", precision_unguarded, "divides by zero"),
        ("nan at 0/0", precision_nan, "that is 0/0"),
        ("recall instead", precision_is_recall, "this is the recall"),
        ("1.0 at 0/0", precision_one_at_zero, "0/0 gave 1.0"),
        ("int()", precision_int, "int(...) truncates"),
    ],
    "recall": [
        ("ZeroDivisionError", recall_unguarded, "divides by zero"),
        ("nan at 0/0", recall_nan, "that is 0/0"),
        ("precision instead", recall_is_precision, "this is the precision"),
        ("specificity", specificity, "specificity"),
        ("1.0 at 0/0", recall_one_at_zero, "0/0 gave 1.0"),
        ("floor division", recall_floor, "int(...) truncates"),
    ],
    "f1": [
        ("harmonic mean, 0/0", f1_harmonic_unguarded, "divides by zero"),
        ("arithmetic mean", f1_arithmetic, "arithmetic mean"),
        ("product", f1_product, "precision * recall"),
        ("accuracy", f1_is_accuracy, "this is the accuracy"),
        ("int()", f1_int, "int(...) truncates"),
        ("built on a wrong recall", f1_on_wrong_recall, "your recall is wrong on this case"),
        ("built on a wrong precision", f1_on_wrong_precision, "your precision is wrong on this case"),
    ],
    "roc_points": [
        ("not sorted by score", roc_unsorted, "not sorted by score"),
        ("sorted ascending", roc_ascending, "sorted from low to high"),
        ("ties as a staircase", roc_staircase, "one point per sample"),
        ("totals at the first of a tie group", roc_first_of_ties, "first* sample of each group"),
        ("points in reverse order", roc_reversed, "reverse order"),
        ("no (0, 0)", roc_no_start, "starting point (0, 0) is missing"),
        ("score > t", roc_strict, "score > t"),
        ("divided by n", roc_by_n, "divided by the number of samples"),
        ("fpr and tpr swapped", roc_swapped, "fpr and tpr are swapped"),
        ("scikit-learn's default", roc_sklearn_default, "drops the points on straight segments"),
        ("thresholds returned too", roc_with_thresholds, "returned three things"),
    ],
    "auc": [
        ("left rectangles", auc_left, "rectangles at the left end"),
        ("right rectangles", auc_right, "rectangles at the right end"),
        ("arguments swapped", auc_swapped, "arguments are swapped"),
        ("mean of tpr", auc_mean, "mean of tpr"),
        ("trapezoids not summed", auc_array, "expected a single number"),
        ("the /2 missing", auc_no_half, "the /2 of the trapezoid is missing"),
    ],
    "train_with_early_stopping": [
        ("patience off by one, late", _stopping("late"), "one epoch too late"),
        ("patience off by one, early", _stopping("early"), "one epoch too early"),
        ("count not reset", _stopping("no reset"), "not reset to 0"),
        (">= instead of >", _stopping("ties"), "equal to the best counts as an improvement"),
        ("tol ignored", _stopping("no tol"), "tol is ignored"),
        ("scikit-learn's best rule", _stopping("sklearn"), "scikit-learn's MLPClassifier"),
        ("lower is better", _stopping("minimise"), "treated like a loss"),
        ("never stops", _stopping("never"), "never stops early"),
        ("past max_epochs", _stopping("past max"), "past max_epochs"),
        ("last params returned", _stopping("last params"), "the last ones"),
        ("reference kept, not a copy", _stopping("reference kept"), "copy.deepcopy(params)"),
        ("shallow copy", _stopping("shallow copy"), "shallow copy"),
        ("untrained start as the best (epoch 0)", _stopping("epoch 0"), "Start with best = -np.inf"),
        ("best starts at 0", _stopping("best 0"), "Start with best = -np.inf"),
        ("0-based best epoch", _stopping("zero based"), "count epochs from 1"),
        ("score before training included", _stopping("initial score"), "one entry too many"),
    ],
}


# ---------------------------------------------------------------- the derived full-batch alpha
CORRECT["equivalent_full_batch_alpha"] = [
    ("alpha * n / B", lambda alpha, n, batch_size: alpha * n / batch_size),
    ("steps per epoch times alpha", lambda alpha, n, batch_size: (n / batch_size) * alpha),
    ("numpy", lambda alpha, n, batch_size: np.float64(alpha) * np.divide(n, batch_size)),
    ("reference", lambda alpha, n, batch_size: __import__("nn_helpers.regularisation").regularisation
     .equivalent_full_batch_alpha(alpha, n, batch_size)),
]
MISTAKES["equivalent_full_batch_alpha"] = [
    ("(n / B) squared", lambda alpha, n, batch_size: alpha * (n / batch_size) ** 2, "weight decay per epoch"),
    ("inverted", lambda alpha, n, batch_size: alpha * batch_size / n, "upside down"),
    ("unchanged", lambda alpha, n, batch_size: alpha, "alpha unchanged"),
    ("alpha / B", lambda alpha, n, batch_size: alpha / batch_size, "one minibatch step's gradient"),
]

"""Checkers of Lesson 8, evaluation: the confusion counts, accuracy, precision, recall, F1, the ROC curve and its
area, and early stopping with patience."""

import numpy as np
from sklearn import metrics as sk

from ..early_stopping import train_with_early_stopping
from ._harness import DEFAULT_TIMEOUT, _Finding, _close, _fmt, _run_checker

# --------------------------------------------------------------------------------------------------------------------
# The confusion counts and the four metrics
# --------------------------------------------------------------------------------------------------------------------


def _label_cases():
    """(y_true, y_pred, description); every case has fp != fn, so swapping them shows."""
    rng = np.random.default_rng(8)
    y_true = rng.integers(0, 2, 40)
    y_pred = np.where(rng.random(40) < 0.75, y_true, 1 - y_true)
    y_pred[:3] = 1  # a few extra false alarms, so fp != fn
    y_true[:3] = 0
    return [
        (np.array([1, 0, 1, 1, 0, 1, 0, 0, 1, 1]), np.array([1, 0, 0, 1, 0, 1, 1, 0, 1, 0]),
         "y_true = [1, 0, 1, 1, 0, 1, 0, 0, 1, 1], y_pred = [1, 0, 0, 1, 0, 1, 1, 0, 1, 0]"),
        (y_true, y_pred, "40 random labels, about 75 % predicted right"),
        (np.array([1, 0, 1, 1, 0, 0]), np.zeros(6, dtype=int),
         "everyone predicted 0 (nothing predicted positive): y_true = [1, 0, 1, 1, 0, 0]"),
        (np.zeros(4, dtype=int), np.zeros(4, dtype=int), "no positives at all: y_true = y_pred = [0, 0, 0, 0]"),
        (np.array([0, 1, 1, 0, 1]), np.array([0, 1, 1, 0, 1]), "every prediction right: [0, 1, 1, 0, 1]"),
        ([1, 1, 0, 1, 0, 0, 0], [1, 0, 1, 1, 1, 0, 0], "Python lists: y_true = [1, 1, 0, 1, 0, 0, 0], "
                                                        "y_pred = [1, 0, 1, 1, 1, 0, 0]"),
    ]


def _counts(y_true, y_pred):
    tn, fp, fn, tp = sk.confusion_matrix(y_true, y_pred, labels=[0, 1]).ravel()
    return int(tp), int(fp), int(fn), int(tn)


def _call(check, y_true, y_pred, case, zero_division_hint):
    """The learner's answer; a ZeroDivisionError becomes a finding that says what to return."""
    try:
        return check.call((y_true, y_pred), case, ("y_true", "y_pred"))
    except _Finding as finding:
        if "ZeroDivisionError" in finding.headline:
            raise _Finding(f"{check.title} divides by zero on {case}: {zero_division_hint}",
                           *finding.details) from None
        raise


def check_confusion_counts(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``confusion_counts(y_true, y_pred)`` -> (tp, fp, fn, tn) for 0/1 labels, against scikit-learn's
    ``confusion_matrix``.

    Cases: ordinary predictions, nothing predicted positive, no positives at all, all right, Python lists.
    Knows: fp and fn swapped (the roles of y_true and y_pred mixed up), scikit-learn's order (tn, fp, fn, tp),
    tp and tn swapped (label 0 taken as positive), counts as fractions, a dict or a 2x2 matrix returned, numpy
    integers instead of plain ints (the exercise asks for int(...)).
    """
    def body(check):
        for y_true, y_pred, case in _label_cases():
            got = check.call((y_true, y_pred), case, ("y_true", "y_pred"))
            if isinstance(got, dict):
                raise _Finding("confusion_counts returned a dict: return the tuple (tp, fp, fn, tn), "
                               "e.g. `return tp, fp, fn, tn`.")
            try:
                shape = np.shape(got)
            except ValueError:  # a ragged sequence
                shape = None
            if shape == (2, 2):
                raise _Finding("confusion_counts returned a 2x2 matrix: return the four counts as a tuple "
                               "(tp, fp, fn, tn).", f"case: {case}")
            tp, fp, fn_, tn = _counts(y_true, y_pred)
            n = tp + fp + fn_ + tn
            mistakes = [
                ("fp and fn are swapped: a false positive is a sample predicted 1 whose true label is 0 "
                 "(y_true == 0) & (y_pred == 1); check which array each condition reads.",
                 lambda: [tp, fn_, fp, tn]),
                ("these are scikit-learn's counts in its order (tn, fp, fn, tp); this exercise returns "
                 "(tp, fp, fn, tn).", lambda: [tn, fp, fn_, tp]),
                ("tp and tn are swapped: label 1 is the positive class, so a true positive has "
                 "y_true == 1 and y_pred == 1.", lambda: [tn, fn_, fp, tp]),
                ("these are fractions of all samples: return the counts themselves, as integers.",
                 lambda: np.array([tp, fp, fn_, tn]) / n),
            ]
            check.expect(got, np.array([tp, fp, fn_, tn], dtype=np.float64), case, what="(tp, fp, fn, tn)",
                         mistakes=mistakes, shape_mistakes=[
                             ("return four counts, (tp, fp, fn, tn)", lambda shape: shape != (4,))])
            if not all(isinstance(value, int) and not isinstance(value, bool) for value in got):
                kinds = ", ".join(sorted({type(value).__name__ for value in got}))
                raise _Finding(f"the counts are right, but they are {kinds}, not plain Python ints: wrap each in "
                               "int(...), e.g. tp = int(np.sum(...)) – numpy integers print as np.int64(20) in the "
                               "lesson's tables.", f"case: {case}")

    return _run_checker("confusion_counts", fn, "confusion_counts(y_true, y_pred)", "confusion_counts", timeout,
                        body)


_METRICS = {
    "accuracy": ("(TP + TN) / (TP + FP + FN + TN)", None),
    "precision": ("TP / (TP + FP)", "return 0.0 when nothing is predicted positive (TP + FP = 0), "
                                    "scikit-learn's zero_division=0."),
    "recall": ("TP / (TP + FN)", "return 0.0 when there are no positive labels (TP + FN = 0), "
                                 "scikit-learn's zero_division=0."),
    "f1": ("2 TP / (2 TP + FP + FN)", "return 0.0 when TP, FP and FN are all 0 – or use 2 TP / (2 TP + FP + FN), "
                                      "whose denominator is 0 only then."),
}


def _reference_metric(name, y_true, y_pred):
    if name == "accuracy":
        return float(sk.accuracy_score(y_true, y_pred))
    scorer = {"precision": sk.precision_score, "recall": sk.recall_score, "f1": sk.f1_score}[name]
    return float(scorer(y_true, y_pred, zero_division=0))


def _ratio(a, b, zero=0.0):
    return a / b if b else zero


def _metric_mistakes(name, tp, fp, fn, tn):
    """(message, compute) pairs: what the usual mistakes give on these counts."""
    n = tp + fp + fn + tn
    p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    exact = {"accuracy": _ratio(tp + tn, n), "precision": p, "recall": r, "f1": _ratio(2 * tp, 2 * tp + fp + fn)}
    common = [
        ("a whole number where a fraction belongs: int(...) truncates (int(0.7) is 0) and // divides without "
         "the remainder; use / and return the fraction.", lambda: float(int(exact[name]))),
    ]
    specific = {
        "accuracy": [
            ("this is the error rate, 1 - accuracy: count the correct predictions, TP + TN.",
             lambda: 1 - exact["accuracy"]),
            ("only the true positives are counted as correct: the true negatives are right too, "
             "accuracy = (TP + TN) / n.", lambda: tp / n),
        ],
        "precision": [
            ("this is the recall, TP / (TP + FN): precision divides by the samples *predicted* positive, "
             "TP + FP.", lambda: r),
            ("0/0 gave 1.0: this exercise follows scikit-learn's zero_division=0, so return 0.0 when nothing is "
             "predicted positive.", lambda: _ratio(tp, tp + fp, 1.0)),
        ],
        "recall": [
            ("this is the precision, TP / (TP + FP): recall divides by the samples that are *truly* positive, "
             "TP + FN.", lambda: p),
            ("0/0 gave 1.0: this exercise follows scikit-learn's zero_division=0, so return 0.0 when there are no "
             "positive labels.", lambda: _ratio(tp, tp + fn, 1.0)),
            ("this is the specificity, TN / (TN + FP), the recall of class 0: recall is TP / (TP + FN).",
             lambda: _ratio(tn, tn + fp)),
        ],
        "f1": [
            ("this is the arithmetic mean (precision + recall) / 2: F1 is the harmonic mean, "
             "2 * precision * recall / (precision + recall).", lambda: (p + r) / 2),
            ("this is precision * recall: F1 is 2 * precision * recall / (precision + recall).", lambda: p * r),
            ("this is the accuracy: F1 ignores the true negatives, 2 TP / (2 TP + FP + FN).",
             lambda: exact["accuracy"]),
        ],
    }
    return common + specific[name]


def _own_parts_mistake(fn, y_true, y_pred):
    """For f1: the learner's own precision and recall (from the notebook, if fn can see them), when either is
    wrong on this case, as a (message, compute) mistake -- an f1 built on them inherits their error."""
    names = getattr(fn, "__globals__", {})
    own = [names.get(part) for part in ("precision", "recall")]
    if not all(callable(part) for part in own):
        return []
    try:
        p, r = (float(part(y_true, y_pred)) for part in own)
    except Exception:  # noqa: BLE001 - a broken part is diagnosed by its own checker
        return []
    wrong = [part for part, value in zip(("precision", "recall"), (p, r))
             if not _close(value, _reference_metric(part, y_true, y_pred))]
    if not wrong:
        return []
    return [(f"your {' and '.join(wrong)} {'is' if len(wrong) == 1 else 'are'} wrong on this case, and this f1 "
             f"is 2PR / (P + R) of {'it' if len(wrong) == 1 else 'them'}: fix {' and '.join(wrong)} first (run "
             f"{'its' if len(wrong) == 1 else 'their'} check again), then this one.",
             lambda: 2 * p * r / (p + r) if p + r > 0 else 0.0)]


def _check_metric(name, fn, timeout):
    formula, zero_hint = _METRICS[name]

    def body(check):
        for y_true, y_pred, case in _label_cases():
            got = _call(check, y_true, y_pred, case, zero_hint or "")
            expected = _reference_metric(name, y_true, y_pred)
            array = check.number_array(got, "the result")
            if array.size != 1:
                raise _Finding(f"{name} returned {_fmt(got)}, expected a single number {formula}.", f"case: {case}")
            value = float(array.ravel()[0])
            if np.isnan(value) and zero_hint:
                raise _Finding(f"{name} gave nan on {case}: that is 0/0. {zero_hint[0].upper()}{zero_hint[1:]}")
            counts = _counts(y_true, y_pred)
            own = _own_parts_mistake(fn, y_true, y_pred) if name == "f1" else []
            check.expect(value, np.asarray(expected), case, mistakes=own + _metric_mistakes(name, *counts))
            if not isinstance(got, (float, int)) and np.ndim(got):
                check.note("Tip: return a plain number (float(...)) rather than an array.")

    return _run_checker(name, fn, f"{name}(y_true, y_pred)", name, timeout, body)


def check_accuracy(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``accuracy(y_true, y_pred)`` = (TP + TN) / n against ``sklearn.metrics.accuracy_score``.

    Knows: int() or // truncation, the error rate, only TP counted as correct."""
    return _check_metric("accuracy", fn, timeout)


def check_precision(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``precision(y_true, y_pred)`` = TP / (TP + FP), 0.0 when nothing is predicted positive, against
    ``precision_score(..., zero_division=0)``.

    Knows: recall instead, 0/0 as nan, 1.0 or ZeroDivisionError, truncation."""
    return _check_metric("precision", fn, timeout)


def check_recall(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``recall(y_true, y_pred)`` = TP / (TP + FN), 0.0 when there are no positives, against
    ``recall_score(..., zero_division=0)``.

    Knows: precision or specificity instead, 0/0 as nan, 1.0 or ZeroDivisionError, truncation."""
    return _check_metric("recall", fn, timeout)


def check_f1(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``f1(y_true, y_pred)`` = 2 TP / (2 TP + FP + FN), 0.0 when TP = FP = FN = 0, against
    ``f1_score(..., zero_division=0)``.

    Knows: the arithmetic mean, precision * recall, the accuracy, 2pr / (p + r) dividing 0 by 0, truncation, and
    2PR / (P + R) of the learner's own wrong precision or recall (says to fix those first)."""
    return _check_metric("f1", fn, timeout)


# --------------------------------------------------------------------------------------------------------------------
# ROC curve and AUC
# --------------------------------------------------------------------------------------------------------------------


def _roc_cases():
    """(y_true, scores, description): distinct scores, ties within and across classes, logits, all equal."""
    rng = np.random.default_rng(80)
    y_many = rng.integers(0, 2, 30)
    s_many = np.round(np.clip(0.5 + 0.3 * (y_many - 0.5) + rng.normal(0, 0.25, 30), 0, 1), 1)  # rounded: ties
    return [
        (np.array([1, 1, 0, 1, 0, 0, 1, 0]), np.array([0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.1]),
         "8 samples, distinct scores, already sorted from high to low"),
        (np.array([0, 1, 0, 1, 1, 0, 1, 0]), np.array([0.35, 0.8, 0.1, 0.4, 0.8, 0.8, 0.65, 0.4]),
         "8 samples, unsorted, with tied scores (0.8 three times, 0.4 twice, across both classes)"),
        (y_many, s_many, "30 samples, scores rounded to one decimal (many ties)"),
        (np.array([1, 0, 0, 1, 0, 1]), np.array([2.5, -1.0, 0.3, 4.0, -3.2, -0.5]),
         "scores that are logits (any real number, not probabilities)"),
        ([0, 1, 1, 0], [0.5, 0.5, 0.5, 0.5], "Python lists, all four scores equal"),
    ]


def _roc_variant(y_true, scores, ascending=False, ties=True, strict=False, start=True, by_n=False, first=False):
    """The ROC points with one deliberate change."""
    y_true, scores = np.asarray(y_true), np.asarray(scores, dtype=float)
    order = np.argsort(scores if ascending else -scores, kind="stable")
    s, y = scores[order], y_true[order]
    tp, fp = np.cumsum(y), np.cumsum(1 - y)
    ends = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1] if ties else np.arange(len(s))
    if first:  # the totals at the first position of each tie group
        ends = np.r_[0, np.flatnonzero(np.diff(s)) + 1]
    if strict:  # predicted 1 only when score > t: each point is the previous tie group's
        ends = np.r_[-1, ends[:-1]]
        tp, fp = np.r_[0, tp], np.r_[0, fp]
        ends = ends + 1
    n_pos, n_neg = (len(y), len(y)) if by_n else (y.sum(), (1 - y).sum())
    fpr, tpr = fp[ends] / n_neg, tp[ends] / n_pos
    return (np.r_[0.0, fpr], np.r_[0.0, tpr]) if start else (fpr, tpr)


def _pair_of_arrays(check, got, case):
    if got is None:
        raise _Finding(f"{check.title} returned None: return the pair (fpr, tpr).")
    if not isinstance(got, (tuple, list)) or len(got) not in (2, 3) or isinstance(got[0], (int, float)):
        raise _Finding(f"{check.title} should return a pair of arrays (fpr, tpr); got {type(got).__name__} "
                       f"{_fmt(got)}.", f"case: {case}")
    if len(got) == 3:
        raise _Finding(f"{check.title} returned three things (like sklearn's roc_curve with its thresholds): "
                       "return just the pair (fpr, tpr).", f"case: {case}")
    return [check.number_array(part, name) for part, name in zip(got, ("fpr", "tpr"))]


def check_roc_points(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``roc_points(y_true, scores)`` -> (fpr, tpr): one point per distinct score, thresholds from the
    highest down, predicting 1 when score >= t, starting at (0, 0) – ``sklearn.metrics.roc_curve(y_true, scores,
    drop_intermediate=False)[:2]``.

    Cases: sorted and unsorted scores, ties across classes, logits, all scores equal, lists.
    Knows: samples not sorted by score (counted in the given order), sorted from low to high, one point per
    sample (ties as a staircase), totals at the first sample of a tie group, the points in reverse order, the
    starting point (0, 0) missing, score > t instead of >=, rates divided by n,
    fpr and tpr swapped, scikit-learn's default curve with intermediate points dropped, three values returned.
    """
    def body(check):
        for y_true, scores, case in _roc_cases():
            got = check.call((y_true, scores), case, ("y_true", "scores"))
            fpr, tpr = _pair_of_arrays(check, got, case)
            exp_fpr, exp_tpr, _ = sk.roc_curve(y_true, scores, drop_intermediate=False)
            if fpr.shape == exp_fpr.shape and tpr.shape == exp_tpr.shape and \
                    np.all(_close(fpr, exp_fpr)) and np.all(_close(tpr, exp_tpr)):
                continue
            y_arr, s_arr = np.asarray(y_true), np.asarray(scores, dtype=float)
            unsorted = (np.r_[0.0, np.cumsum(1 - y_arr) / np.sum(1 - y_arr)],
                        np.r_[0.0, np.cumsum(y_arr) / np.sum(y_arr)])
            sk_fpr, sk_tpr, _ = sk.roc_curve(y_true, scores)
            variants = [
                ("the samples were counted in the order given, not sorted by score: sort them from the highest "
                 "score down (np.argsort(-scores)) before accumulating TP and FP – unsorted, the thresholds jump "
                 "about and fpr does not even increase.", unsorted),
                ("the scores were sorted from low to high: the thresholds go from the highest score down, so sort "
                 "with np.argsort(-scores).", _roc_variant(y_true, scores, ascending=True)),
                ("one point per sample: tied scores cross every threshold together, so they make one point (a "
                 "diagonal step); keep only the last position of each group of equal scores.",
                 _roc_variant(y_true, scores, ties=False)),
                ("the totals are taken at the *first* sample of each group of tied scores: the whole group crosses "
                 "the threshold together, so take them at its *last* position – where the next sorted score differs "
                 "(np.flatnonzero(np.diff(sorted_scores) != 0)) and at the very end.",
                 _roc_variant(y_true, scores, first=True)),
                ("the points are in reverse order, from (1, 1) down to (0, 0): start at (0, 0) and go from the "
                 "highest threshold down (sort with np.argsort(-scores), then accumulate).",
                 (exp_fpr[::-1], exp_tpr[::-1])),
                ("the starting point (0, 0) is missing: at a threshold above every score nothing is predicted "
                 "positive; put 0 in front of fpr and tpr.", _roc_variant(y_true, scores, start=False)),
                ("the curve predicts 1 only when score > t: use score >= t, so the sample at the threshold counts "
                 "as positive and the curve reaches (1, 1).", _roc_variant(y_true, scores, strict=True)),
                ("the rates are divided by the number of samples: fpr = FP / (number of negatives), "
                 "tpr = TP / (number of positives).", _roc_variant(y_true, scores, by_n=True)),
                ("fpr and tpr are swapped: return (fpr, tpr), the false-positive rate first (the x-axis).",
                 (exp_tpr, exp_fpr)),
                ("this is scikit-learn's default curve, which drops the points on straight segments: here keep one "
                 "point for every distinct score (drop_intermediate=False).", (sk_fpr, sk_tpr)),
            ]
            for message, (v_fpr, v_tpr) in variants:
                if fpr.shape == np.shape(v_fpr) and tpr.shape == np.shape(v_tpr) and \
                        np.all(_close(fpr, v_fpr)) and np.all(_close(tpr, v_tpr)):
                    raise _Finding(message, f"case: {case}")
            k = len(np.unique(s_arr))
            if fpr.shape != exp_fpr.shape or tpr.shape != exp_tpr.shape:
                raise _Finding(f"expected {k + 1} points (the start (0, 0), then one per distinct score), got "
                               f"fpr of {fpr.size} and tpr of {tpr.size} for {case}.",
                               f"expected fpr {_fmt(exp_fpr)}", f"got      fpr {_fmt(fpr)}")
            raise _Finding(f"the ROC points are wrong for {case}.", f"expected fpr {_fmt(exp_fpr)}, tpr "
                           f"{_fmt(exp_tpr)}", f"got      fpr {_fmt(fpr)}, tpr {_fmt(tpr)}")

    return _run_checker("roc_points", fn, "roc_points(y_true, scores)", "roc_points", timeout, body)


def _auc_cases():
    cases = []
    for y_true, scores, case in _roc_cases()[1:4]:
        fpr, tpr, _ = sk.roc_curve(y_true, scores, drop_intermediate=False)
        cases.append((fpr, tpr, f"the ROC curve of {case}"))
    cases += [
        (np.array([0.0, 0.0, 1.0]), np.array([0.0, 1.0, 1.0]), "a perfect ranking: fpr = [0, 0, 1], tpr = [0, 1, 1]"),
        ([0.0, 1.0], [0.0, 1.0], "Python lists, the diagonal: fpr = [0, 1], tpr = [0, 1]"),
        (np.array([0.0, 0.1, 0.45, 0.5, 1.0]), np.array([0.0, 0.4, 0.6, 0.9, 1.0]),
         "unevenly spaced points: fpr = [0, 0.1, 0.45, 0.5, 1], tpr = [0, 0.4, 0.6, 0.9, 1]"),
    ]
    return cases


def check_auc(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``auc(fpr, tpr)``: the area under the points (sorted by fpr) by the trapezoidal rule, against
    ``sklearn.metrics.auc``.

    Knows: rectangles from the left or right end of each step (ties' diagonal steps lose or gain half a
    triangle), the arguments swapped (area against the other axis), the mean of tpr, the trapezoid's /2 missing
    or doubled, an array returned.
    """
    def body(check):
        for fpr, tpr, case in _auc_cases():
            got = check.call((fpr, tpr), case, ("fpr", "tpr"))
            x, y = np.asarray(fpr, dtype=float), np.asarray(tpr, dtype=float)
            expected = float(sk.auc(x, y))
            dx = np.diff(x)
            mistakes = [
                ("the area is made of rectangles at the left end of each step: with tied scores the ROC curve has "
                 "diagonal steps, which need trapezoids, sum of (x[i+1] - x[i]) * (y[i] + y[i+1]) / 2.",
                 lambda: np.sum(dx * y[:-1])),
                ("the area is made of rectangles at the right end of each step: use trapezoids, "
                 "(x[i+1] - x[i]) * (y[i] + y[i+1]) / 2.", lambda: np.sum(dx * y[1:])),
                ("the arguments are swapped: the area under the curve integrates tpr (y) over fpr (x); "
                 "np.trapezoid(y, x) takes y first.", lambda: np.sum(np.diff(y) * (x[1:] + x[:-1]) / 2)),
                ("this is the mean of tpr: an area needs the widths of the steps, x[i+1] - x[i].", lambda: np.mean(y)),
                ("this is twice the area: the /2 of the trapezoid is missing, each step adds "
                 "(x[i+1] - x[i]) * (y[i] + y[i+1]) / 2.", lambda: 2 * expected),
                ("this is half the area: the trapezoid's /2 was applied twice (or to the sum of y twice); each step "
                 "adds (x[i+1] - x[i]) * (y[i] + y[i+1]) / 2.", lambda: expected / 2),
            ]
            array = check.number_array(got, "the result")
            if array.size != 1:
                raise _Finding(f"auc returned {_fmt(got)}, expected a single number (the area).", f"case: {case}")
            check.expect(float(array.ravel()[0]), np.asarray(expected), case, mistakes=mistakes)

    return _run_checker("auc", fn, "auc(fpr, tpr)", "auc", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# Early stopping
# --------------------------------------------------------------------------------------------------------------------

# (scores of epochs 1, 2, ..., max_epochs, patience, tol, in_place, description)
_STOPPING_CASES = [
    ([0.60, 0.70, 0.75, 0.74, 0.73, 0.76, 0.72, 0.71, 0.70, 0.69, 0.68, 0.67, 0.66, 0.65, 0.64], 3, 0.0, True,
     "patience 3: a dip of two epochs, a new best at epoch 6, then a decline"),
    ([0.50, 0.60, 0.60, 0.60, 0.55, 0.54, 0.53, 0.52, 0.51, 0.50], 2, 0.0, True,
     "patience 2, tol 0: the best score 0.60 repeated at epochs 3 and 4 (a tie is no improvement)"),
    ([0.60, 0.70, 0.705, 0.708, 0.709, 0.74, 0.75, 0.76, 0.77, 0.78], 3, 0.01, False,
     "patience 3, tol 0.01: gains smaller than tol after epoch 2"),
    ([0.50, 0.55, 0.58, 0.60, 0.61, 0.62, 0.63, 0.64], 5, 0.0, True,
     "patience 5, max_epochs 8: the score rises every epoch (never stops early)"),
    ([0.80, 0.70, 0.75, 0.72, 0.60, 0.50, 0.40, 0.30], 4, 0.0, False,
     "patience 4: the best is the first epoch"),
    ([-0.70, -0.62, -0.58, -0.57, -0.59, -0.60, -0.61, -0.62, -0.63], 3, 0.0, True,
     "patience 3, negative scores (minus a loss, as in the lesson); the untrained parameters score 0.0"),
]


def _simulate(scores, patience, tol, rule="right"):
    """(epochs trained, best epoch) for a rule: the right one, or a known mistake."""
    best, best_epoch, wait, trained = (0.0 if rule == "from zero" else -np.inf), 0, 0, 0
    minimise = rule == "minimise"
    if minimise:
        best = np.inf
    for epoch, score in enumerate(scores, start=1):
        trained = epoch
        if minimise:
            improved = score < best - tol
        elif rule == "ties":
            improved = score >= best + tol
        elif rule in ("no tol", "sklearn"):
            improved = score > best if rule == "no tol" else score >= best + tol
        else:
            improved = score > best + tol
        if rule == "sklearn":  # the counter uses tol, the best parameters any strict increase
            if score > best:
                best, best_epoch = score, epoch
            wait = 0 if improved else wait + 1
            if wait >= patience:
                break
            continue
        if improved:
            best, best_epoch = score, epoch
            if rule != "no reset":
                wait = 0
        else:
            wait += 1
        limit = {"late": patience + 1, "early": patience - 1}.get(rule, patience)
        if rule != "never" and wait >= limit:
            break
    return trained, best_epoch


_STOPPING_MISTAKES = [
    ("from zero", "best_epoch is 0 and training stopped after `patience` epochs: the start counted as the best – "
                  "either best began at the untrained parameters' score (epoch 0), or at 0, which a negative score "
                  "(minus a loss) never beats. Start with best = -np.inf, so that the first epoch is always a new "
                  "best; epochs count from 1."),
    ("no tol", "tol is ignored: an improvement must beat the best by more than tol, score > best + tol."),
    ("sklearn", "the best parameters move to every higher score, while the patience count uses tol (that is "
                "scikit-learn's MLPClassifier); here, as in Keras, a new best is a gain of more than tol: "
                "if score > best + tol, save the parameters and reset the count."),
    ("ties", "a score equal to the best counts as an improvement (>=): an improvement must be larger than tol, "
             "score > best + tol."),
    ("late", "stops one epoch too late: stop as soon as `patience` epochs in a row brought no improvement "
             "(epochs_without_improvement >= patience), not after one more."),
    ("early", "stops one epoch too early: patience is the number of epochs *without* improvement to allow, so "
              "stop when that count reaches patience (>= patience), counting from 0 after each new best."),
    ("no reset", "the count of epochs without improvement is not reset to 0 at a new best: patience counts "
                 "epochs *in a row* without improvement."),
    ("minimise", "the score is treated like a loss (lower is better): validation_score is higher-is-better "
                 "(an accuracy), so an improvement is score > best + tol."),
    ("never", "training never stops early: count the epochs without improvement and `break` when the count "
              "reaches patience."),
]


class _Trainer:
    """train_one_epoch and validation_score for the checker: W counts the epochs (so the best parameters tell
    their epoch).  Plain functions, not bound methods: the harness deep-copies the arguments, and a copied
    method would count its calls on a copy."""

    def __init__(self, scores, in_place, max_epochs):
        self.calls, self.last = 0, None

        def train_one_epoch(params):
            self.calls += 1
            self.last = params
            if self.calls > max_epochs + 20:
                raise RuntimeError("the checker's train_one_epoch was called far more than max_epochs times")
            if in_place:  # like a real training loop that updates the weights in place
                params["W"] += 1.0
                params["b"] += 0.5
                return params
            self.last = {"W": params["W"] + 1.0, "b": params["b"] + 0.5}
            return self.last

        def validation_score(params):
            epoch = int(round(float(np.asarray(params["W"]).ravel()[0])))
            return scores[epoch - 1] if 1 <= epoch <= len(scores) else 0.0

        self.train_one_epoch, self.validation_score = train_one_epoch, validation_score


def check_train_with_early_stopping(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``train_with_early_stopping(params, train_one_epoch, validation_score, max_epochs, patience, tol=0.0)``
    -> (best_params, best_epoch, scores).

    Each case scripts the validation scores epoch by epoch and counts the epochs trained.  The rule: after each
    epoch, score > best + tol is a new best (save a deep copy of params, reset the count), anything else adds 1
    to the count of epochs without improvement; stop when it reaches patience or after max_epochs.
    Knows: patience off by one either way, the count not reset, ties counted as improvements, tol ignored,
    scikit-learn's best-parameter rule, lower-is-better, never stopping, training past max_epochs, the last
    parameters returned (or a reference to params kept, or a shallow copy, while train_one_epoch changes it in
    place), a 0-based best epoch, the start counted as the best (best from the untrained score or from 0), a scores list that includes the untrained start or misses epochs.
    """
    def body(check):
        for scores, patience, tol, in_place, case in _STOPPING_CASES:
            max_epochs = len(scores)
            trainer = _Trainer(scores, in_place, max_epochs)
            params = {"W": np.zeros((1, 1)), "b": np.zeros(1)}
            try:
                got = check.call((params, trainer.train_one_epoch, trainer.validation_score, max_epochs, patience,
                                  tol), case, ())  # train_one_epoch changes params in place by design: no copy check
            except _Finding as finding:
                if "far more than max_epochs" in finding.headline:
                    raise _Finding(f"it trained past max_epochs = {max_epochs}: loop over at most max_epochs epochs, "
                                   "for epoch in range(1, max_epochs + 1).", f"case: {case}") from None
                raise
            if not isinstance(got, (tuple, list)) or len(got) != 3:
                raise _Finding("train_with_early_stopping should return three things, (best_params, best_epoch, "
                               f"scores); got {type(got).__name__} {_fmt(got)}.", f"case: {case}")
            best_params, best_epoch, got_scores = got
            expected_trained, expected_best = _simulate(scores, patience, tol)
            trained = trainer.calls
            if trained > max_epochs:
                raise _Finding(f"it trained {trained} epochs, past max_epochs = {max_epochs}.", f"case: {case}")
            if (trained, best_epoch) != (expected_trained, expected_best):
                for rule, message in _STOPPING_MISTAKES:
                    if _simulate(scores, patience, tol, rule) == (trained, best_epoch) and \
                            (trained, best_epoch) != (expected_trained, expected_best):
                        raise _Finding(message, f"case: {case}", f"expected: stop after epoch {expected_trained}, "
                                       f"best epoch {expected_best}; yours: stopped after epoch {trained}, best "
                                       f"epoch {_fmt(best_epoch)}")
                if trained == expected_trained and best_epoch == expected_best - 1:
                    raise _Finding(f"best_epoch is {best_epoch}, one less than the epoch that scored best "
                                   f"({expected_best}): count epochs from 1 (the first epoch trained is epoch 1).",
                                   f"case: {case}")
                raise _Finding(f"on {case}: expected to stop after epoch {expected_trained} with best epoch "
                               f"{expected_best}; yours trained {trained} epochs and returned best epoch "
                               f"{_fmt(best_epoch)}.")
            if not isinstance(best_params, dict) or "W" not in best_params:
                raise _Finding("best_params should be the parameters (the same kind of dict as params); got "
                               f"{type(best_params).__name__} {_fmt(best_params)}.", f"case: {case}")
            held = int(round(float(np.asarray(best_params["W"]).ravel()[0])))
            if held != expected_best:
                last = trainer.last
                if held == trained and isinstance(last, dict) and best_params is not last and \
                        any(np.shares_memory(best_params.get(key), last[key]) for key in last
                            if isinstance(best_params.get(key), np.ndarray)):
                    why = ("best_params is a shallow copy (copy.copy(params) or dict(params)): a new dict, but the "
                           "arrays inside are still shared with params, so train_one_epoch's in-place updates "
                           "change them too – use copy.deepcopy(params).")
                elif held == trained:
                    why = ("the parameters returned are the last ones: when a score is a new best, keep a copy, "
                           "best_params = copy.deepcopy(params) – train_one_epoch may change params in place, "
                           "so a plain `best_params = params` keeps changing with it.")
                elif held == 0:
                    why = "the parameters returned are the untrained ones: save a copy whenever a new best appears."
                else:
                    why = f"the parameters returned are those after epoch {held}, not after the best epoch."
                raise _Finding(why, f"case: {case}", f"expected the parameters after epoch {expected_best}")
            expected_scores = scores[:expected_trained]
            score_array = check.number_array(got_scores, "scores")
            if score_array.shape != (expected_trained,) or not np.all(_close(score_array, expected_scores)):
                if score_array.shape == (expected_trained + 1,):
                    raise _Finding("scores has one entry too many: it should hold the validation score after each "
                                   "epoch trained, not the score before training.", f"case: {case}")
                raise _Finding(f"scores should be the {expected_trained} validation scores of the epochs trained, "
                               f"in order: {_fmt(np.array(expected_scores))}; got {_fmt(score_array)}.",
                               f"case: {case}")

    return _run_checker("train_with_early_stopping", fn,
                        "train_with_early_stopping(params, train_one_epoch, validation_score, max_epochs, patience, "
                        "tol=0.0)", "train_with_early_stopping", timeout, body)



# --------------------------------------------------------------------------------------------------------------------
# A derivation: the full-batch alpha that acts like a minibatch one
# --------------------------------------------------------------------------------------------------------------------


def check_equivalent_full_batch_alpha(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``equivalent_full_batch_alpha(alpha, n, batch_size)`` = alpha * n / batch_size.

    Cases: question 5's n = 240, B = 24; the lesson's n = 100, B = 10; full batch (B = n); B = 1.
    Knows: the per-epoch shrinkage ratio (n / B)^2, the ratio inverted (B / n), alpha unchanged, alpha / B.
    """
    from ..regularisation import equivalent_full_batch_alpha

    cases = [((10.0, 240, 24), "alpha = 10, n = 240, batches of 24 (question 5)"),
             ((1.0, 100, 10), "alpha = 1, n = 100, batches of 10 (the runs below)"),
             ((0.5, 64, 64), "alpha = 0.5, n = 64, batch_size = 64 (full batch already)"),
             ((2.0, 50, 1), "alpha = 2, n = 50, batch_size = 1 (one sample per step)")]

    def body(check):
        for args, case in cases:
            alpha, n, b = args
            got = check.call(args, case, ("alpha", "n", "batch_size"))
            expected = equivalent_full_batch_alpha(alpha, n, b)
            mistakes = [
                ("that is (n / B)^2 times alpha, the ratio of the weight decay per epoch: but the data term also "
                 "takes n / B times more steps, so relative to the data the penalty is n / B times stronger – "
                 "alpha' = alpha * n / B.", lambda: alpha * (n / b) ** 2),
                ("the ratio is upside down: minibatch steps divide by B < n, so they regularise *more* – "
                 "alpha' = alpha * n / B, larger than alpha.", lambda: alpha * b / n),
                ("alpha unchanged: the penalty is divided by the batch size B, not by n, so the same alpha means "
                 "more with minibatches – alpha' = alpha * n / B.", lambda: alpha),
                ("alpha / B is the factor of W in one minibatch step's gradient; the full-batch alpha' with the "
                 "same factor, alpha' / n = alpha / B, is alpha * n / B.", lambda: alpha / b),
            ]
            check.expect_number(got, np.float64(expected), case, what="the equivalent alpha", mistakes=mistakes)

    return _run_checker("equivalent_full_batch_alpha", fn, "equivalent_full_batch_alpha(alpha, n, batch_size)",
                        "equivalent_full_batch_alpha", timeout, body)

"""Checkers of Lesson 2, losses."""

import numpy as np

from ..activations import softmax
from ..losses import binary_cross_entropy, categorical_cross_entropy, mse, one_hot
from ._harness import DEFAULT_TIMEOUT, _BEST_EPSILON, _Finding, _Interval, _WORST_EPSILON, _all_close, _run_checker


def _outer_broadcast(y_true, y_pred):
    """What a mismatched (n,) and (n, 1) pair broadcast to: an (n, n) matrix of every pair."""
    return np.ravel(y_pred)[:, None], np.ravel(y_true)[None, :]


def _loss_case(check, reference, y_true, y_pred, case, mistakes, nan_hint=""):
    """Check one ordinary loss case; if it fails, see whether swapping the arguments would make it right.

    Swapping is tested by calling the learner's function as fn(y_pred, y_true):
    that finds the mistake however the learner clips.
    """
    got = check.call((y_true, y_pred), case, ("y_true", "y_pred"))
    expected = reference(y_true, y_pred)
    try:
        check.expect_number(got, expected, case, mistakes=mistakes, nan_hint=nan_hint)
    except _Finding as finding:
        try:
            swapped = check.call((y_pred, y_true), f"{case} with the arguments swapped", ("y_pred", "y_true"))
            is_swapped = _all_close(np.asarray(swapped, dtype=np.float64).reshape(()), expected)
        except Exception:  # noqa: BLE001 - the probe is only a diagnosis; the original finding stands
            is_swapped = False
        if is_swapped:
            raise _Finding(f"the arguments are swapped: {check.title} takes (y_true, y_pred) – labels first, as in "
                           "scikit-learn.", f"case: {case}",
                           *[line for line in finding.details if not line.startswith("case:")]) from None
        raise


def check_mse(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``mse(y_true, y_pred)`` = mean of (y_pred - y_true)**2.

    Tries 1-D labels, (n, 1) columns, one sample, a perfect prediction, values
    near 1000 and random data.  Knows: the sum instead of the mean (m times too
    large), a 1/2 factor, no square, the absolute error, the root, n - 1, an
    (n, n) broadcast, an array instead of a number.
    """
    rng = np.random.default_rng(2)
    cases = [
        (np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.5, 2.5, 2.0, 5.0]), "y_true = [1, 2, 3, 4], y_pred = [1.5, 2.5, 2, 5]"),
        (np.array([[0.0], [1.0], [1.0]]), np.array([[0.2], [0.7], [1.4]]), "columns of shape (3, 1)"),
        (np.array([3.0]), np.array([1.0]), "one sample: y_true = [3], y_pred = [1]"),
        (np.array([0.5, -2.0, 7.0]), np.array([0.5, -2.0, 7.0]), "a perfect prediction (y_pred == y_true)"),
        (np.array([1000.0, -1000.0]), np.array([-1000.0, 1000.0]), "y_true = [1000, -1000], y_pred = [-1000, 1000]"),
        (np.round(rng.normal(0, 1, (50, 1)), 3), np.round(rng.normal(0, 1, (50, 1)), 3), "random columns of shape (50, 1)"),
    ]

    def mistakes(y_true, y_pred, m):
        return [
            (f"the loss is exactly {m} times too large ({m} = the number of samples): use the mean, not the sum.",
             lambda: m * mse(y_true, y_pred)),
            ("the loss is half the expected value: the course's mse has no 1/2 factor (some books add it to tidy the "
             "gradient). Use np.mean((y_pred - y_true)**2).", lambda: mse(y_true, y_pred) / 2),
            ("the differences were not squared: use np.mean((y_pred - y_true)**2).",
             lambda: np.mean(y_pred - y_true)),
            ("the differences were not squared: use np.mean((y_pred - y_true)**2).",
             lambda: np.mean(y_true - y_pred)),
            ("that is the mean absolute error: square the differences instead of taking abs.",
             lambda: np.mean(np.abs(y_pred - y_true))),
            ("that is the root of the mean squared error (RMSE): leave out the square root.",
             lambda: np.sqrt(mse(y_true, y_pred))),
            (f"you divided by {m - 1} (n - 1): the mean divides by the number of samples, {m}.",
             lambda: np.sum((y_pred - y_true) ** 2) / (m - 1)),
            ("labels of shape (n,) against predictions of shape (n, 1) broadcast to an (n, n) matrix: make both the "
             "same shape (e.g. y.reshape(-1, 1)) before subtracting.",
             lambda: np.mean(np.subtract(*_outer_broadcast(y_true, y_pred)) ** 2)),
        ]

    def body(check):
        for y_true, y_pred, case in cases:
            got = check.call((y_true, y_pred), case, ("y_true", "y_pred"))
            check.expect_number(got, mse(y_true, y_pred), case, mistakes=mistakes(y_true, y_pred, y_true.size))

    return _run_checker("mse", fn, "mse(y_true, y_pred)", "mse", timeout, body)


def _extreme_interval(n_wrong, n_entries, n_samples):
    """The losses a correctly clipped cross-entropy may return when every probability is exactly 0 or 1.

    Each confidently wrong entry costs -log(epsilon) for the learner's epsilon;
    each confidently right one at most -log(1 - epsilon), about epsilon.
    """
    return _Interval(n_wrong * -np.log(_WORST_EPSILON) / n_samples,
                     (n_wrong * -np.log(_BEST_EPSILON) + n_entries * _WORST_EPSILON) / n_samples)


def check_binary_cross_entropy(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``binary_cross_entropy(y_true, y_pred)`` = -mean(y log p + (1 - y) log(1 - p)).

    Tries 1-D labels, (n, 1) columns, one sample, random data, probabilities of
    exactly 0 and 1 (right and wrong).  Knows: no clipping (inf/nan), a missing
    minus sign, the sum instead of the mean, swapped arguments, the (1 - y)
    term left out, log10 or log2, an (n, n) broadcast.
    """
    rng = np.random.default_rng(3)
    cases = [
        (np.array([1.0, 0.0, 1.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.6, 0.99, 0.01]),
         "y_true = [1, 0, 1, 1, 0], y_pred = [0.9, 0.2, 0.6, 0.99, 0.01]"),
        (np.array([[1.0], [0.0], [0.0], [1.0]]), np.array([[0.7], [0.4], [0.1], [0.3]]), "columns of shape (4, 1)"),
        (np.array([[1.0]]), np.array([[0.8]]), "one sample: y_true = [[1]], y_pred = [[0.8]]"),
        (rng.integers(0, 2, (40, 1)).astype(float), np.round(rng.uniform(0.01, 0.99, (40, 1)), 3),
         "random columns of shape (40, 1)"),
    ]
    extreme_cases = [
        (np.array([1.0, 0.0, 1.0, 0.0]), np.array([1.0, 0.0, 1.0, 0.0]), "probabilities of exactly 1 and 0, all right"),
        (np.array([[1.0], [0.0], [1.0], [0.0]]), np.array([[1.0], [0.0], [0.0], [1.0]]),
         "probabilities of exactly 0 and 1, two of them wrong"),
    ]
    clip_hint = ("cross-entropy returned inf/nan when a probability is exactly 0 or 1: clip the probabilities, e.g. "
                 "p = np.clip(y_pred, 1e-15, 1 - 1e-15), before taking the log.")

    def mistakes(y_true, y_pred, m):
        expected = binary_cross_entropy(y_true, y_pred)
        return [
            ("the loss is negative: put a minus sign in front (the log of a probability is negative).",
             lambda: -expected),
            (f"the loss is exactly {m} times too large ({m} = the number of samples): use the mean, not the sum.",
             lambda: m * expected),
            ("you left out the (1 - y) * log(1 - p) term: samples with label 0 must cost something too.",
             lambda: -np.mean(y_true * np.log(y_pred))),
            ("you used log10: cross-entropy uses the natural log, np.log.", lambda: expected / np.log(10)),
            ("you used log2: cross-entropy uses the natural log, np.log.", lambda: expected / np.log(2)),
            ("labels of shape (n,) against predictions of shape (n, 1) broadcast to an (n, n) matrix: make both the "
             "same shape (e.g. y.reshape(-1, 1)).",
             lambda: -np.mean(_outer_broadcast(y_true, y_pred)[1] * np.log(_outer_broadcast(y_true, y_pred)[0])
                              + (1 - _outer_broadcast(y_true, y_pred)[1])
                              * np.log(1 - _outer_broadcast(y_true, y_pred)[0]))),
        ]

    def body(check):
        for y_true, y_pred, case in cases:
            _loss_case(check, binary_cross_entropy, y_true, y_pred, case,
                                mistakes=mistakes(y_true, y_pred, y_true.shape[0]),
                                nan_hint="the loss is inf or nan for ordinary probabilities: are the arguments in the "
                                         "order (y_true, y_pred)? The log of a 0 label is -inf.")
        for y_true, y_pred, case in extreme_cases:
            got = check.call((y_true, y_pred), case, ("y_true", "y_pred"))
            n_wrong = int(np.sum(y_true != y_pred))
            check.expect_number(got, _extreme_interval(n_wrong, y_true.size, y_true.shape[0]), case, nan_hint=clip_hint,
                                mistakes=[("the loss is negative: put a minus sign in front.",
                                           lambda: -binary_cross_entropy(y_true, y_pred))])

    return _run_checker("binary_cross_entropy", fn, "binary_cross_entropy(y_true, y_pred)", "binary_cross_entropy",
                        timeout, body)


def check_categorical_cross_entropy(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``categorical_cross_entropy(y_true, y_pred)`` = -mean over samples of sum_k Y_k log P_k.

    Tries one-hot rows, one sample, random softmax outputs, probabilities of
    exactly 0 and 1.  Knows: the mean over every entry (k times too small), the
    sum over samples (m times too large), a missing minus sign, no clipping,
    swapped arguments, the binary formula applied to every column.
    """
    rng = np.random.default_rng(4)
    random_labels = one_hot(rng.integers(0, 5, 30), 5)
    cases = [
        (np.array([[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]]),
         np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]]), "3 samples, 3 classes"),
        (np.array([[0.0, 0, 1.0, 0]]), np.array([[0.1, 0.2, 0.6, 0.1]]), "one sample, 4 classes"),
        (random_labels, softmax(rng.normal(0, 2, (30, 5))), "random softmax outputs of shape (30, 5)"),
    ]
    extreme_cases = [
        (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]),
         "probabilities of exactly 1 and 0, all right"),
        (np.array([[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]]), np.array([[0.0, 1.0, 0], [0, 1.0, 0], [1.0, 0, 0]]),
         "probabilities of exactly 0 and 1, two samples wrong"),
    ]
    clip_hint = ("cross-entropy returned inf/nan when a probability is exactly 0 or 1: clip the probabilities, "
                 "e.g. np.clip(y_pred, 1e-15, 1), before taking the log.")

    def mistakes(y_true, y_pred, m, k):
        expected = categorical_cross_entropy(y_true, y_pred)
        return [
            ("the loss is negative: put a minus sign in front (the log of a probability is negative).",
             lambda: -expected),
            (f"the loss is exactly {k} times too small ({k} = the number of classes): sum over the classes, then "
             "average over the samples – np.mean(Y * np.log(P)) averages over every entry.", lambda: expected / k),
            (f"the loss is exactly {m} times too large ({m} = the number of samples): average over the samples.",
             lambda: m * expected),
            ("that is binary cross-entropy summed over the columns: categorical cross-entropy keeps only "
             "the Y * log(P) term.",
             lambda: -np.sum(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)) / m),
        ]

    def body(check):
        for y_true, y_pred, case in cases:
            _loss_case(check, categorical_cross_entropy, y_true, y_pred, case,
                                mistakes=mistakes(y_true, y_pred, *y_true.shape),
                                nan_hint="the loss is inf or nan for ordinary probabilities: are the arguments in the "
                                         "order (y_true, y_pred)? The log of a one-hot 0 is -inf.")
        for y_true, y_pred, case in extreme_cases:
            got = check.call((y_true, y_pred), case, ("y_true", "y_pred"))
            n_wrong = int(np.sum(np.sum(y_true * y_pred, axis=1) == 0))  # rows giving the true class probability 0
            expected = _extreme_interval(n_wrong, y_true.size, y_true.shape[0])
            check.expect_number(got, expected, case, nan_hint=clip_hint,
                                mistakes=[("the loss is negative: put a minus sign in front.",
                                           lambda: -categorical_cross_entropy(y_true, y_pred))])

    return _run_checker("categorical_cross_entropy", fn, "categorical_cross_entropy(y_true, y_pred)",
                        "categorical_cross_entropy", timeout, body)


def check_one_hot(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``one_hot(y, n_classes)``: shape (n_samples, n_classes), a single 1 per row.

    Tries small label vectors, one sample, classes that never occur, random
    labels.  Knows: transposed, off by one, n_classes ignored (max label + 1),
    an extra column.  Float or integer answers pass; booleans pass with a tip.
    """
    rng = np.random.default_rng(5)
    cases = [
        (np.array([0, 2, 1, 2]), 3, "y = [0, 2, 1, 2], n_classes = 3"),
        (np.array([1]), 2, "one sample: y = [1], n_classes = 2"),
        (np.array([0, 0, 3]), 6, "y = [0, 0, 3], n_classes = 6 (classes 4 and 5 never occur)"),
        (rng.integers(0, 10, 40), 10, "40 random labels, n_classes = 10"),
    ]

    def body(check):
        for y, n_classes, case in cases:
            got = check.call((y, n_classes), case, ("y", "n_classes"))
            expected = one_hot(y, n_classes)
            n = y.shape[0]
            shape_mistakes = [
                (f"one_hot is transposed: it should have one row per sample, shape (n_samples, n_classes) = "
                 f"({n}, {n_classes}).", lambda shape: shape == (n_classes, n) and n != n_classes),
                (f"one_hot ignored n_classes: its width should be n_classes = {n_classes}, not the largest label + 1.",
                 lambda shape: shape == (n, int(y.max()) + 1)),
                (f"one_hot has one column too many: np.zeros((len(y), n_classes)), with labels 0 .. n_classes - 1.",
                 lambda shape: shape == (n, n_classes + 1)),
            ]
            mistakes = [
                ("one_hot is off by one: label 0 must set column 0 (labels run from 0 to n_classes - 1).",
                 lambda: np.eye(n_classes)[(y - 1) % n_classes]),
                ("one_hot is off by one: label 0 must set column 0 (labels run from 0 to n_classes - 1).",
                 lambda: np.eye(n_classes)[(y + 1) % n_classes]),
                ("one_hot put 0 where the 1 belongs and 1 everywhere else.", lambda: 1 - expected),
            ]
            check.expect(got, expected, case, what="the one-hot matrix", mistakes=mistakes,
                         shape_mistakes=shape_mistakes, allow_bool=True)
            if np.asarray(got).dtype == bool:
                check.note("Tip: return floats (e.g. np.zeros((n, k)) filled with 1.0) rather than True/False: "
                           "numpy refuses to compute -Y for booleans.")

    return _run_checker("one_hot", fn, "one_hot(y, n_classes)", "one_hot", timeout, body)

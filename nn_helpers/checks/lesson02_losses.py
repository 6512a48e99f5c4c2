"""Checkers of Lesson 2, losses."""

import numpy as np

from ..activations import sigmoid, softmax
from ..losses import (EPSILON, bce_with_logits, bernoulli_likelihood, binary_cross_entropy, binary_cross_entropy_grad,
                      categorical_cross_entropy, gradient_descent_1d, mse, one_hot)
from ._harness import (DEFAULT_TIMEOUT, _BEST_EPSILON, _Finding, _Interval, _WORST_EPSILON, _all_close, _fmt,
                       _run_checker)

# How the lesson clips, quoted by every tip about clipping.
_EPS_TIP = "ε = np.finfo(float).eps, the machine epsilon 2.2e-16, as in the lesson"


def _expect_float(check, got, *args, **kwargs):
    """check.expect_number, plus a tip for a 0-d array: the lesson's losses return a plain float."""
    if isinstance(got, np.ndarray) and got.ndim == 0:
        check.note("Tip: return a plain number rather than a 0-d array (wrap the result in float(...)).")
    return check.expect_number(got, *args, **kwargs)


def _outer_broadcast(y_true, y_pred):
    """What a mismatched (n,) and (n, 1) pair broadcast to: an (n, n) matrix of every pair."""
    return np.ravel(y_pred)[:, None], np.ravel(y_true)[None, :]


# The lesson's own trap: 4 labels of shape (4,) against 4 predictions of shape (4, 1), as a network returns them.
_TRAP_LABELS = np.array([1.0, 0.0, 1.0, 1.0])
_TRAP_PREDICTIONS = np.array([[0.9], [0.2], [0.8], [0.7]])
_TRAP_CASE = "y_true of shape (4,) = [1, 0, 1, 1] against y_pred of shape (4, 1) = [[0.9], [0.2], [0.8], [0.7]]"


def _shape_trap(check, y_flat, y_column, case, correct, per_pair, what="the loss"):
    """Labels of shape (n,) against predictions of shape (n, 1): a ValueError or the right value, never the broadcast one.

    ``correct`` is the value for matching shapes; ``per_pair()`` the (n, n) matrix numpy's broadcast makes
    (the per-entry losses, or the gradient itself); its mean, and its sum over n, are what a broadcasting loss returns.
    """
    advice = ("raise a ValueError when the shapes differ (as matching_arrays does), or compute the value for matching "
              "shapes - never the (n, n) broadcast")
    try:
        got = check.call((y_flat, y_column), case, ("y_true", "y_pred"))
    except _Finding as finding:
        if " raised ValueError " in finding.headline:
            return
        if " raised " in finding.headline:
            raise _Finding(f"{finding.headline.split(' on ')[0]} on {case}: {advice}.", *finding.details) from None
        raise
    n = y_flat.shape[0]
    trap = (f"labels of shape {y_flat.shape} against predictions of shape {y_column.shape} were broadcast to a "
            f"({n}, {n}) matrix of every pair: {advice}.")
    if what == "the gradient":
        check.expect(got, correct, case, what=what, mistakes=[(trap, per_pair)],
                     shape_mistakes=[(trap, lambda shape: shape == (n, n))])
    else:
        _expect_float(check, got, correct, case, mistakes=[(trap, lambda: np.mean(per_pair())),
                                                          (trap, lambda: np.sum(per_pair()) / n)])


def _loss_case(check, reference, y_true, y_pred, case, mistakes, nan_hint=""):
    """Check one ordinary loss case; if it fails, see whether swapping the arguments would make it right.

    Swapping is tested by calling the learner's function as fn(y_pred, y_true):
    that finds the mistake however the learner clips.
    """
    got = check.call((y_true, y_pred), case, ("y_true", "y_pred"))
    expected = reference(y_true, y_pred)
    try:
        _expect_float(check, got, expected, case, mistakes=mistakes, nan_hint=nan_hint)
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
            _expect_float(check, got, mse(y_true, y_pred), case, mistakes=mistakes(y_true, y_pred, y_true.size))
        _shape_trap(check, _TRAP_LABELS, _TRAP_PREDICTIONS, _TRAP_CASE, mse(_TRAP_LABELS[:, None], _TRAP_PREDICTIONS),
                    lambda: (_TRAP_PREDICTIONS - _TRAP_LABELS) ** 2)

    return _run_checker("mse", fn, "mse(y_true, y_pred)", "mse", timeout, body)


def _extreme_interval(n_wrong, n_entries, n_samples):
    """The losses a correctly clipped cross-entropy may return when every probability is exactly 0 or 1.

    Each confidently wrong entry costs -log(epsilon) for the learner's epsilon;
    each confidently right one at most -log(1 - epsilon), about epsilon.
    """
    return _Interval(n_wrong * -np.log(_WORST_EPSILON) / n_samples,
                     (n_wrong * -np.log(_BEST_EPSILON) + n_entries * _WORST_EPSILON) / n_samples)


def _probe_is_finite(check, y_true, y_pred):
    """True/False: is the learner's loss finite for this one entry; None if it raises or is not a number."""
    try:
        value = np.asarray(check.call((y_true, y_pred), "a single probability of exactly 0 or 1",
                                      ("y_true", "y_pred")), dtype=np.float64)
    except Exception:  # noqa: BLE001 - only a diagnosis
        return None
    return bool(np.all(np.isfinite(value)))


def _probed_epsilon(check):
    """The learner's clipping ε, read off the loss of one confidently wrong sample (-log ε); None if unclear."""
    try:
        value = float(np.asarray(check.call((np.array([1.0]), np.array([0.0])), "a single probability of exactly 0",
                                            ("y_true", "y_pred")), dtype=np.float64).reshape(()))
    except Exception:  # noqa: BLE001 - only a diagnosis
        return None
    return float(np.exp(-value)) if np.isfinite(value) and value > 0 else None


def _tiny_epsilon(got, n, case):
    """A _Finding when the gradient at p = 0 (label 1, third entry) reveals an ε so small that 1 - ε == 1."""
    try:
        values = np.asarray(got, dtype=np.float64).reshape(-1)
    except Exception:  # noqa: BLE001 - the comparison that follows says what is wrong
        return
    if values.size != 4 or np.all(np.isfinite(values)) or not (np.isfinite(values[2]) and values[2] < 0):
        return
    epsilon = -1 / (n * values[2])  # (ε - 1) / (ε (1 - ε) n) ≈ -1 / (ε n)
    if 1 - epsilon == 1:
        raise _Finding(f"your ε (about {epsilon:.0e}) is so small that 1 − ε rounds to 1 in float64, so the top is not "
                       "clipped at all: (p - y) / (p (1 - p)) divides by zero at p = 1. Any ε from 1e-5 down to about "
                       f"6e-17 works; use {_EPS_TIP}.", f"case: {case}")


def _bce_clip_diagnosis(check):
    """Which end of [0, 1] the learner's cross-entropy fails at: 'bottom only clipped', 'top only', or None."""
    one = np.array([1.0])
    zero = np.array([0.0])
    at_one = [_probe_is_finite(check, y, one) for y in (one, zero)]
    at_zero = [_probe_is_finite(check, y, zero) for y in (one, zero)]
    if None in at_one + at_zero:
        return None
    if all(at_zero) and not all(at_one):
        epsilon = _probed_epsilon(check)
        if epsilon is not None and 1 - epsilon == 1:
            return (f"your ε (about {epsilon:.0e}) is so small that 1 − ε rounds to 1 in float64, so the top is "
                    "not clipped at all: log(1 - p) is -inf at p = 1 (and 0 * -inf = nan for a perfect prediction). "
                    "Any ε from 1e-5 down to about 6e-17 works (below 2^-54 ≈ 5.6e-17, 1 - ε == 1); "
                    f"use {_EPS_TIP}.")
        return ("cross-entropy is inf or nan where a probability is exactly 1: only the bottom is clipped. "
                "log(1 - p) is -inf at p = 1 (and 0 * -inf = nan for a perfect prediction): clip the top as well, "
                f"np.clip(y_pred, ε, 1 - ε) with {_EPS_TIP}.")
    if all(at_one) and not all(at_zero):
        return ("cross-entropy is inf or nan where a probability is exactly 0: only the top is clipped. "
                f"log(p) is -inf at p = 0: clip the bottom as well, np.clip(y_pred, ε, 1 - ε) with {_EPS_TIP}.")
    return None


def _extreme_case(check, y_true, y_pred, case, expected, clip_hint, negative, diagnose=None):
    """A case with probabilities of exactly 0 and 1: any finite value a sensible epsilon gives passes."""
    got = check.call((y_true, y_pred), case, ("y_true", "y_pred"))
    try:
        _expect_float(check, got, expected, case, nan_hint=clip_hint,
                            mistakes=[("the loss is negative: put a minus sign in front.", negative)])
    except _Finding as finding:
        try:
            value = float(np.asarray(got, dtype=np.float64).reshape(()))
        except Exception:  # noqa: BLE001 - the finding already says what is wrong
            raise finding from None
        if not np.isfinite(value) and diagnose is not None:
            message = diagnose(check)
            if message:
                raise _Finding(message, f"case: {case}") from None
        if np.isfinite(value) and value > float(expected.high) and float(expected.low) == 0.0:
            per_entry = value * y_true.shape[0] / y_true.size
            raise _Finding(f"your clipping ε is too large (about {per_entry:.0e}): a perfect prediction should cost "
                           f"almost nothing, yours costs {_fmt(value)}. Use {_EPS_TIP}; at most about 1e-7.",
                           f"case: {case}") from None
        raise


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
    clip_hint = ("cross-entropy returned inf/nan when a probability is exactly 0 or 1: clip the probabilities into "
                 f"[ε, 1 - ε] before taking the log, p = np.clip(y_pred, ε, 1 - ε), with {_EPS_TIP}.")

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
            n_wrong = int(np.sum(y_true != y_pred))
            _extreme_case(check, y_true, y_pred, case, _extreme_interval(n_wrong, y_true.size, y_true.shape[0]),
                          clip_hint, lambda: -binary_cross_entropy(y_true, y_pred), diagnose=_bce_clip_diagnosis)
        trap_pred = _TRAP_PREDICTIONS
        _shape_trap(check, _TRAP_LABELS, trap_pred, _TRAP_CASE,
                    binary_cross_entropy(_TRAP_LABELS[:, None], trap_pred),
                    lambda: -(_TRAP_LABELS * np.log(trap_pred) + (1 - _TRAP_LABELS) * np.log(1 - trap_pred)))

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
    clip_hint = ("cross-entropy returned inf/nan when a probability is exactly 0 or 1: clip the probabilities into "
                 f"[ε, 1] before taking the log, np.clip(y_pred, ε, 1), with {_EPS_TIP} (0 * log 0 is nan).")

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
            n_wrong = int(np.sum(np.sum(y_true * y_pred, axis=1) == 0))  # rows giving the true class probability 0
            expected = _extreme_interval(n_wrong, y_true.size, y_true.shape[0])
            _extreme_case(check, y_true, y_pred, case, expected, clip_hint,
                          lambda: -categorical_cross_entropy(y_true, y_pred))
        # The (n,)/(n, 1) trap, and integer labels of shape (n,) against a probability matrix (n, K).
        trap_pred = _TRAP_PREDICTIONS
        _shape_trap(check, _TRAP_LABELS, trap_pred, _TRAP_CASE,
                    categorical_cross_entropy(_TRAP_LABELS[:, None], trap_pred),
                    lambda: -_TRAP_LABELS * np.log(trap_pred))
        labels = np.array([0.0, 2.0, 1.0])
        probabilities = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6], [0.2, 0.5, 0.3]])
        _shape_trap(check, labels, probabilities,
                    "integer labels of shape (3,) = [0, 2, 1] against probabilities of shape (3, 3) (one-hot them "
                    "first)", categorical_cross_entropy(one_hot(labels, 3), probabilities),
                    lambda: -labels * np.log(probabilities))

    return _run_checker("categorical_cross_entropy", fn, "categorical_cross_entropy(y_true, y_pred)",
                        "categorical_cross_entropy", timeout, body)


def check_one_hot(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``one_hot(y, n_classes)``: shape (n_samples, n_classes), a single 1 per row.

    Tries small label vectors, one sample, classes that never occur, random
    labels, then labels outside 0..n_classes-1 (3 with n_classes = 3, and -1),
    which must raise a ValueError.  Knows: transposed, off by one, n_classes
    ignored (max label + 1), an extra column, a bad label accepted (numpy's
    index -1 silently marks the last column) or failing with an IndexError.
    Float answers pass; integer and boolean answers pass with a tip (the lesson asks for floats).
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
            elif np.issubdtype(np.asarray(got).dtype, np.integer):
                check.note("Tip: the exercise asks for a float array (np.zeros((n, k)) is float): integers work in "
                           "the losses, but the course's arrays are float64.")
        for y, n_classes, bad in [(np.array([0, 3]), 3, "3"), (np.array([-1, 0]), 3, "-1")]:
            case = f"y = {_fmt(y)}, n_classes = {n_classes} (label {bad} is not a class)"
            try:
                got = check.call((y, n_classes), case, ("y", "n_classes"))
            except _Finding as finding:
                if " raised ValueError " in finding.headline:
                    continue
                if " raised " in finding.headline:
                    raise _Finding(f"{finding.headline.split(' on ')[0]} on {case}: check the labels yourself and raise "
                                   "a ValueError that says which label is outside 0..n_classes - 1.",
                                   *finding.details) from None
                raise
            silent = " - numpy reads index -1 as the last column, so the bad label silently became class 2" \
                if bad == "-1" else ""
            raise _Finding(f"one_hot accepted label {bad} with n_classes = {n_classes} and returned {_fmt(got)}"
                           f"{silent}: raise a ValueError when a label is outside 0..n_classes - 1.",
                           f"case: {case}")

    return _run_checker("one_hot", fn, "one_hot(y, n_classes)", "one_hot", timeout, body)


def check_bernoulli_likelihood(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``bernoulli_likelihood(y_true, y_pred)`` = prod over samples of p^y (1 - p)^(1 - y).

    Tries three labelled points, a column of labels, one sample of each label
    and 20 random points.  Knows: the sum instead of the product, the log (or
    negative log) of the likelihood returned, the (1 - p)^(1 - y) factor left
    out, the labels' roles swapped, the mean of the factors.
    """
    rng = np.random.default_rng(6)
    cases = [
        (np.array([1.0, 0.0, 1.0]), np.array([0.9, 0.2, 0.6]), "y_true = [1, 0, 1], y_pred = [0.9, 0.2, 0.6]"),
        (np.array([[0.0], [1.0], [1.0], [0.0]]), np.array([[0.3], [0.8], [0.5], [0.1]]), "columns of shape (4, 1)"),
        (np.array([1.0]), np.array([0.7]), "one sample with label 1: y_true = [1], y_pred = [0.7]"),
        (np.array([0.0]), np.array([0.7]), "one sample with label 0: y_true = [0], y_pred = [0.7]"),
        (rng.integers(0, 2, 20).astype(float), np.round(rng.uniform(0.05, 0.95, 20), 3), "20 random points"),
    ]

    def mistakes(y, p):
        factors = np.where(y == 1, p, 1 - p)
        return [
            ("you added the factors: independent samples' probabilities multiply (np.prod), they do not add.",
             lambda: np.sum(factors)),
            ("that is the mean of the factors: the likelihood is their product (np.prod).", lambda: np.mean(factors)),
            ("that is the log of the likelihood: return the product itself here (the lesson takes the log next).",
             lambda: np.sum(np.log(factors))),
            ("that is the negative log of the likelihood: return the product itself here.",
             lambda: -np.sum(np.log(factors))),
            ("the (1 - p)^(1 - y) factor is missing: a sample with label 0 has probability 1 - p.",
             lambda: np.prod(p ** y)),
            ("the labels' roles are swapped: p is the probability of label 1, so a label 1 contributes p.",
             lambda: np.prod(np.where(y == 1, 1 - p, p))),
        ]

    def body(check):
        for y, p, case in cases:
            got = check.call((y, p), case, ("y_true", "y_pred"))
            _expect_float(check, got, bernoulli_likelihood(y, p), case, what="the likelihood", mistakes=mistakes(y, p))

    return _run_checker("bernoulli_likelihood", fn, "bernoulli_likelihood(y_true, y_pred)", "bernoulli_likelihood",
                        timeout, body)


def check_binary_cross_entropy_grad(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``binary_cross_entropy_grad(y_true, y_pred)`` = (p - y) / (p (1 - p)) / n_samples, shaped like y_pred.

    Tries 1-D labels, (n, 1) columns, one sample, random data; probabilities of
    exactly 0 and 1 (the answer must stay finite: clip p as in the loss); the
    (n,)/(n, 1) trap.  Knows: the 1/n forgotten, the wrong sign, the gradient
    with respect to z (p - y) / n given instead, the (1 - y)/(1 - p) term left
    out or with the wrong sign, MSE's gradient, an (n, n) broadcast.
    """
    rng = np.random.default_rng(7)
    cases = [
        (np.array([1.0, 0.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.6, 0.4]),
         "y_true = [1, 0, 1, 0], y_pred = [0.9, 0.2, 0.6, 0.4]"),
        (np.array([[1.0], [0.0], [1.0]]), np.array([[0.3], [0.7], [0.95]]), "columns of shape (3, 1)"),
        (np.array([[0.0]]), np.array([[0.25]]), "one sample: y_true = [[0]], y_pred = [[0.25]]"),
        (rng.integers(0, 2, (30, 1)).astype(float), np.round(rng.uniform(0.02, 0.98, (30, 1)), 3),
         "random columns of shape (30, 1)"),
    ]

    def mistakes(y, p, n):
        return [
            (f"the gradient is exactly {n} times too large ({n} = the number of samples): the loss is a mean, so "
             "divide by n.", lambda: n * binary_cross_entropy_grad(y, p)),
            ("the gradient has the wrong sign: it must be positive where p > y (raising p would raise the loss).",
             lambda: -binary_cross_entropy_grad(y, p)),
            ("that is the gradient with respect to z, (p - y) / n, where the sigmoid's slope p(1 - p) has cancelled: "
             "this function is the gradient with respect to p itself.", lambda: (p - y) / n),
            ("that is the gradient with respect to z times n, p - y: this function is the gradient with respect to "
             "p, divided by n.", lambda: p - y),
            ("the (1 - y) / (1 - p) term is missing: a sample with label 0 contributes to the gradient too.",
             lambda: -y / p / n),
            ("the (1 - y) / (1 - p) term has the wrong sign: d/dp of -(1 - y) log(1 - p) is +(1 - y) / (1 - p).",
             lambda: (-y / p - (1 - y) / (1 - p)) / n),
            ("that is the gradient of MSE, 2 (p - y) / n: differentiate the cross-entropy instead.",
             lambda: 2 * (p - y) / n),
        ]

    def body(check):
        for y, p, case in cases:
            got = check.call((y, p), case, ("y_true", "y_pred"))
            check.expect(got, binary_cross_entropy_grad(y, p), case, what="the gradient",
                         mistakes=mistakes(y, p, y.shape[0]))
        y = np.array([[1.0], [0.0], [1.0], [0.0]])
        p = np.array([[1.0], [0.0], [0.0], [1.0]])
        case = "probabilities of exactly 1 and 0: y_true = [[1], [0], [1], [0]], y_pred = [[1], [0], [0], [1]]"
        n = 4
        # Any clipping epsilon from about 6e-17 to 1e-5 (or an epsilon added to the denominator) is accepted:
        # below 2^-54, 1 - epsilon rounds to 1 and the top end is not clipped at all.
        low = np.array([[-1.0], [0.0], [-1 / _BEST_EPSILON], [1 / _WORST_EPSILON * 0.99]]) / n
        high = np.array([[0.0], [1.0], [-1 / _WORST_EPSILON * 0.99], [1 / _BEST_EPSILON]]) / n
        low[0, 0], high[1, 0] = -1.001 / n, 1.001 / n
        got = check.call((y, p), case, ("y_true", "y_pred"))
        _tiny_epsilon(got, n, case)
        check.expect(got, _Interval(low, high), case, what="the gradient",
                     nan_hint=("the gradient is inf or nan where p is exactly 0 or 1: (p - y) / (p (1 - p)) divides by "
                               "zero there - this is how nan reaches the weights. Clip p into [ε, 1 - ε] first, as in "
                               f"the loss, with {_EPS_TIP}."))
        _shape_trap(check, _TRAP_LABELS, _TRAP_PREDICTIONS, _TRAP_CASE,
                    binary_cross_entropy_grad(_TRAP_LABELS[:, None], _TRAP_PREDICTIONS),
                    lambda: (_TRAP_PREDICTIONS - _TRAP_LABELS) / (_TRAP_PREDICTIONS * (1 - _TRAP_PREDICTIONS)) / 4,
                    what="the gradient")

    return _run_checker("binary_cross_entropy_grad", fn, "binary_cross_entropy_grad(y_true, y_pred)",
                        "binary_cross_entropy_grad", timeout, body)


def check_bce_with_logits(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``bce_with_logits(y_true, z)`` = mean of max(z, 0) - z y + log(1 + exp(-|z|)), exact for any z.

    Tries ordinary logits, columns, one sample, random data, logits of +-40 and
    +-1000 (where the answer must be exact - about 1000, not the clipped 36.04 -
    and finite), and the (n,)/(n, 1) trap.  Knows: going through sigmoid and a
    clipped log, log(1 + exp(-z)) overflowing, the max(z, 0) term left out, the
    sign of z y, the labels flipped, the sum instead of the mean, swapped arguments.
    """
    rng = np.random.default_rng(8)
    cases = [
        (np.array([1.0, 0.0, 1.0, 0.0]), np.array([2.0, -1.0, 0.5, 3.0]), "y_true = [1, 0, 1, 0], z = [2, -1, 0.5, 3]"),
        (np.array([[1.0], [0.0], [0.0]]), np.array([[-0.7], [0.2], [-4.0]]), "columns of shape (3, 1)"),
        (np.array([[1.0]]), np.array([[0.0]]), "one sample: y_true = [[1]], z = [[0]] (the loss is ln 2)"),
        (rng.integers(0, 2, (30, 1)).astype(float), np.round(rng.normal(0, 3, (30, 1)), 3),
         "random columns of shape (30, 1)"),
        (np.array([1.0, 0.0]), np.array([-40.0, 40.0]), "confidently wrong: y_true = [1, 0], z = [-40, 40]"),
        (np.array([1.0, 0.0, 1.0, 0.0]), np.array([-1000.0, 1000.0, 1000.0, -1000.0]),
         "y_true = [1, 0, 1, 0], z = [-1000, 1000, 1000, -1000] (two very wrong, two very right)"),
    ]
    clipped_tip = ("that went through p = sigmoid(z) and a clipped log: z = -40 and z = -1000 then cost the same "
                   "-log(ε). Compute the loss from z itself, with lesson 1's e^{-|z|} trick: "
                   "log(1 + e^{-z}) = max(-z, 0) + log1p(exp(-|z|)).")

    def mistakes(y, z, n):
        def clipped(eps):
            return lambda: binary_cross_entropy(y, np.clip(sigmoid(z), eps, 1 - eps))
        softplus = np.log1p(np.exp(-np.abs(z)))
        return [
            (clipped_tip, clipped(EPSILON)), (clipped_tip, clipped(1e-7)), (clipped_tip, clipped(1e-15)),
            (clipped_tip, clipped(1e-12)),
            ("the max(z, 0) term is missing: for z > 0, log(1 + e^{z}) = z + log(1 + e^{-z}).",
             lambda: np.sum(-z * y + softplus) / n),
            ("the sign of the z * y term is wrong: the loss is max(z, 0) - z * y + log1p(exp(-|z|)).",
             lambda: np.sum(np.maximum(z, 0) + z * y + softplus) / n),
            ("the labels are flipped: with y = 1 a large positive z must cost almost nothing.",
             lambda: np.sum(np.maximum(z, 0) - z * (1 - y) + softplus) / n),
            (f"the loss is exactly {n} times too large ({n} = the number of samples): use the mean, not the sum.",
             lambda: n * bce_with_logits(y, z)),
            ("the loss is negative: the cross-entropy is minus the log-likelihood.", lambda: -bce_with_logits(y, z)),
            ("the arguments are swapped: bce_with_logits takes (y_true, z) - labels first.",
             lambda: bce_with_logits(z, y)),
        ]

    def body(check):
        for y, z, case in cases:
            got = check.call((y, z), case, ("y_true", "z"))
            _expect_float(check, got, bce_with_logits(y, z), case, mistakes=mistakes(y, z, y.shape[0]),
                                nan_hint="the loss is inf or nan for large |z|: np.exp(-z) overflows at z = -1000 "
                                         "(log(1 + inf) = inf). Use lesson 1's trick: log(1 + e^{-z}) = "
                                         "max(-z, 0) + np.log1p(np.exp(-np.abs(z))), whose exponent is never positive.")
        if check.warned:
            case, text = check.warned[0]
            raise _Finding(f"bce_with_logits' values are right, but numpy warned \"{text}\" on {case}: the stable "
                           "form never exponentiates a positive number.",
                           "Write log(1 + e^{-z}) as max(-z, 0) + np.log1p(np.exp(-np.abs(z))) (lesson 1's e^{-|z|} "
                           "trick); np.where computes both of its branches for every entry.")
        trap_z = np.array([[2.0], [-1.0], [0.5], [3.0]])
        _shape_trap(check, _TRAP_LABELS, trap_z,
                    "y_true of shape (4,) = [1, 0, 1, 1] against z of shape (4, 1) = [[2], [-1], [0.5], [3]]",
                    bce_with_logits(_TRAP_LABELS[:, None], trap_z),
                    lambda: np.maximum(trap_z, 0) - trap_z * _TRAP_LABELS + np.log1p(np.exp(-np.abs(trap_z))))

    return _run_checker("bce_with_logits", fn, "bce_with_logits(y_true, z)", "bce_with_logits", timeout, body)


def check_gradient_descent_1d(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``gradient_descent_1d(grad, w0, learning_rate, n_steps)``: the path [w0, w1, ..., w_n].

    Tries a parabola with its minimum at 3, a loss whose gradient is not
    linear, zero steps, and a learning rate so large the path diverges.
    Knows: stepping uphill (+), the learning rate ignored, w0 left out of the
    path, one step too many or too few, only the last weight returned, the
    gradient taken at w0 every time.
    """
    def parabola(w):
        return 2.0 * (w - 3.0)

    def bumpy(w):
        return float(np.sin(w) + 0.5 * w)

    cases = [
        (parabola, 0.0, 0.1, 5, "grad(w) = 2 (w - 3) (loss (w - 3)^2), w0 = 0, learning_rate = 0.1, n_steps = 5"),
        (bumpy, 2.0, 0.5, 8, "grad(w) = sin(w) + w / 2, w0 = 2, learning_rate = 0.5, n_steps = 8"),
        (parabola, 1.5, 0.1, 0, "n_steps = 0 (the path is just [w0])"),
        (parabola, 0.0, 1.1, 4, "grad(w) = 2 (w - 3), learning_rate = 1.1: too large, the path diverges"),
    ]

    def mistakes(grad, w0, lr, n):
        path = gradient_descent_1d(grad, w0, lr, n)
        return [
            ("the steps go uphill: subtract the gradient, w - learning_rate * grad(w).",
             lambda: gradient_descent_1d(lambda w: -grad(w), w0, lr, n)),
            ("the learning rate was ignored: each step is w - learning_rate * grad(w).",
             lambda: gradient_descent_1d(grad, w0, 1.0, n)),
            ("the gradient was taken at w0 for every step: evaluate grad at the current w each time.",
             lambda: w0 - lr * grad(w0) * np.arange(n + 1)),
        ], [
            ("the path leaves out the starting weight: return [w0, w1, ..., w_n], n_steps + 1 numbers.",
             lambda shape: shape == (n,)),
            ("the path has one step too many: n_steps updates give n_steps + 1 numbers, [w0, ..., w_n].",
             lambda shape: shape == (n + 2,)),
            ("only one number was returned: return the whole path [w0, w1, ..., w_n] (as a list or an array).",
             lambda shape: shape == () and n > 0),
        ], path

    def body(check):
        for grad, w0, lr, n, case in cases:
            got = check.call((grad, w0, lr, n), case, ("grad", "w0", "learning_rate", "n_steps"))
            wrong, wrong_shapes, expected = mistakes(grad, w0, lr, n)
            try:
                leaves_out_w0 = np.shape(got) == (n,) and n > 0 and _all_close(np.asarray(got, dtype=float),
                                                                              expected[1:])
            except (TypeError, ValueError):  # not numbers: check.expect says what is wrong
                leaves_out_w0 = False
            if leaves_out_w0:
                raise _Finding(wrong_shapes[0][0], f"case: {case}")
            check.expect(got, expected, case, what="the path", mistakes=wrong, shape_mistakes=wrong_shapes)

    return _run_checker("gradient_descent_1d", fn, "gradient_descent_1d(grad, w0, learning_rate, n_steps)",
                        "gradient_descent_1d", timeout, body)

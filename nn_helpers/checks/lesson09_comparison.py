"""Checkers of Lesson 9, comparison: the L2 factor for Keras, and the corrected paired t-test of Nadeau and Bengio (2003)."""

import numpy as np
from scipy import stats

from ..comparison import corrected_paired_t, keras_l2_factor
from ._harness import DEFAULT_TIMEOUT, _Finding, _fmt, _run_checker

_NAMES = ("mean", "standard_error", "t_statistic", "p_value")


def _result(d, n_train, n_test, correction="nadeau-bengio", ddof=1, root=True, dof="J-1", sided=2,
            distribution="t", signed_mean=True, absolute_t=True):
    """(mean, se, t, p) computed with the given slips (the defaults are the correct test)."""
    J, mean = len(d), float(np.mean(d))
    s2 = float(np.var(d, ddof=ddof))
    r = n_test / n_train
    variance = {"nadeau-bengio": (1 / J + r) * s2, "none": s2 / J, "swapped": (1 / J + 1 / r) * s2,
                "over J": (1 + r) * s2 / J}[correction]
    se = float(np.sqrt(variance)) if root else variance
    mean = mean if signed_mean else abs(mean)
    t = mean / se
    x = abs(t) if absolute_t else t
    df = {"J-1": J - 1, "J": J, "patients": n_train + n_test - 2}[dof]
    tail = stats.t.sf(x, df) if distribution == "t" else stats.norm.sf(x)
    return mean, se, t, sided * tail


# (settings of _result, diagnosis) for each realistic slip.
_SLIPS = [
    ({"correction": "none"}, "the correction is missing: s**2 / J is the variance of the mean of INDEPENDENT "
     "differences; the splits share most of their training patients, so Nadeau and Bengio use "
     "(1/J + n_test/n_train) * s**2."),
    ({"correction": "swapped"}, "n_train and n_test are swapped: the correction term is n_test / n_train (a small "
     "number, 61/242 here), not n_train / n_test."),
    ({"ddof": 0}, "the standard deviation uses ddof=0 (np.std's default): with an estimated mean, divide by J - 1 "
     "(np.std(d, ddof=1), or pandas' .std())."),
    ({"correction": "over J"}, "the correction is divided by J as well: the variance is (1/J + n_test/n_train) * s**2, "
     "and only the 1 is divided by J."),
    ({"root": False}, "the standard error is the variance: take the square root of (1/J + n_test/n_train) * s**2."),
    ({"dof": "J"}, "the t distribution has the wrong degrees of freedom: J differences give J - 1."),
    ({"dof": "patients"}, "the t distribution has the wrong degrees of freedom: they count the splits (J - 1), not "
     "the patients."),
    ({"sided": 1}, "the p-value is one-sided: 'is there a difference?' asks about both directions, so double the "
     "tail, 2 * t.sf(|t|, J - 1)."),
    ({"distribution": "norm"}, "the p-value comes from the normal distribution: with J - 1 degrees of freedom use "
     "Student's t (scipy.stats.t), whose tails are heavier."),
    ({"signed_mean": False}, "the mean lost its sign: keep mean(d) as it is (the sign says which model is better); "
     "only the p-value uses |t|."),
    ({"absolute_t": False}, "the p-value uses t instead of |t|: a p-value is a probability and cannot exceed 1, but "
     "with a negative t, 2 * t.sf(t, J - 1) is above 1. Use 2 * t.sf(abs(t), J - 1)."),
]


def _diagnose(values, d, n_train, n_test):
    """The diagnosis of the slip, or of two slips at once, that reproduces ``values``; None if none does."""
    def matches(settings):
        return all(_close(v, w) for v, w in zip(values, _result(d, n_train, n_test, **settings)))

    for settings, message in _SLIPS:
        if matches(settings):
            return message
    for i, (first, first_message) in enumerate(_SLIPS):
        for second, second_message in _SLIPS[i + 1:]:
            if set(first) & set(second):
                continue  # two values of the same setting cannot both be wrong at once
            if matches({**first, **second}):
                return f"two slips at once. First, {first_message} Second, {second_message}"
    return None


def _close(a, b):
    return abs(a - b) <= 1e-9 * abs(b) + 1e-12


def check_corrected_paired_t(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``corrected_paired_t(differences, n_train, n_test) -> (mean, standard_error, t_statistic, p_value)``.

    Nadeau and Bengio's corrected resampled t-test: ``s`` the standard deviation
    of the J differences (ddof=1), ``standard_error = sqrt((1/J + n_test/n_train) * s**2)``,
    ``t = mean / standard_error``, two-sided ``p`` from Student's t with J - 1
    degrees of freedom.  Tries 10 differences from 5-fold x 2, 5 from random
    80/20 splits (as a list), 30 small ones, and negative means.  Knows: the
    correction missing, n_train and n_test swapped, ddof=0, the correction divided by J,
    the variance returned as the standard error, J or n_train + n_test - 2 degrees of
    freedom, a one-sided p, a normal p, the sign of the mean dropped, t instead of |t|
    (a p-value above 1), and any two of these at once; each result must be a
    Python or numpy scalar.
    """
    rng = np.random.default_rng(9)
    cases = [
        (np.round(rng.normal(0.01, 0.03, 10), 4), 242, 61, "10 differences (5-fold x 2), n_train 242, n_test 61"),
        (list(np.round(rng.normal(-0.02, 0.05, 5), 4)), 240, 60, "5 differences as a list, n_train 240, n_test 60"),
        (np.round(rng.normal(0.004, 0.01, 30), 5), 900, 100, "30 differences, n_train 900, n_test 100"),
        (np.array([-0.05, -0.03, -0.04, 0.01, -0.06, -0.02]), 200, 100,
         "6 mostly negative differences, n_train 200, n_test 100"),
    ]

    def body(check):
        for d, n_train, n_test, case in cases:
            passed = list(d) if isinstance(d, list) else d.copy()
            got = check.call((passed, n_train, n_test), case, ("differences", "n_train", "n_test"))
            if not isinstance(got, (tuple, list)) or len(got) != 4:
                raise _Finding(f"corrected_paired_t should return four numbers (mean, standard_error, t_statistic, "
                               f"p_value); got {type(got).__name__} {_fmt(got)}.", f"case: {case}")
            if not all(np.ndim(v) == 0 and not isinstance(v, (bool, np.bool_, str)) for v in got):
                raise _Finding("each of the four results must be a single number (a Python float or a numpy "
                               f"scalar), not an array or a list; got {_fmt(got)}. Take float(...) of each, or "
                               "use .mean() and np.sqrt(...) on whole arrays, which give numbers.", f"case: {case}")
            try:
                values = [float(v) for v in got]
            except (TypeError, ValueError):
                raise _Finding("each of the four results must be a single number; got "
                               f"{_fmt(got)}.", f"case: {case}") from None
            expected = corrected_paired_t(np.asarray(d), n_train, n_test)
            if all(_close(v, e) for v, e in zip(values, expected)):
                continue
            message = _diagnose(values, np.asarray(d, dtype=np.float64), n_train, n_test)
            if message:
                raise _Finding(message, f"case: {case}")
            if not 0.0 <= values[3] <= 1.0:
                raise _Finding(f"the p-value is {values[3]:.6g}, but a p-value is a probability: it cannot be "
                               "below 0 or exceed 1. Use 2 * t.sf(abs(t), J - 1).", f"case: {case}")
            wrong_names = [name for name, v, e in zip(_NAMES, values, expected) if not _close(v, e)]
            raise _Finding(f"{', '.join(wrong_names)} {'is' if len(wrong_names) == 1 else 'are'} wrong for {case}.",
                           "expected " + ", ".join(f"{n} {e:.6g}" for n, e in zip(_NAMES, expected)),
                           "got      " + ", ".join(f"{n} {v:.6g}" for n, v in zip(_NAMES, values)))

    return _run_checker("corrected_paired_t", fn, "corrected_paired_t(differences, n_train, n_test)",
                        "corrected_paired_t", timeout, body)


def check_keras_l2_factor(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``keras_l2_factor(alpha, batch_size)`` = 0.5 * alpha / batch_size.

    Tries full batches (300 rows) and minibatches (32 rows).  Knows: alpha
    itself, the 1/2 missing, the division by the batch size missing, 2 alpha / n,
    the square of the batch size, dividing by the whole training set's size
    (found when the learner's answer is the same for every batch size), and a
    right formula rounded to float32.
    """
    cases = [((1.0, 300), "alpha = 1, full batches of 300"), ((0.5, 200), "alpha = 0.5, full batches of 200"),
             ((2e-4, 1000), "alpha = 2e-4, batches of 1000"), ((1.0, 32), "alpha = 1, minibatches of 32 rows")]
    answers = {}

    def body(check):
        for (alpha, batch), case in cases:
            got = check.call((alpha, batch), case, ("alpha", "batch_size"))
            array = check.number_array(got, "the factor")
            if array.size != 1:
                raise _Finding(f"keras_l2_factor returned an array of shape {array.shape}; return one number, l.",
                               f"case: {case}")
            value = float(array.reshape(()))
            answers[batch] = value
            expected = keras_l2_factor(alpha, batch)
            if _close(value, expected):
                continue
            slips = [
                (alpha, "you returned alpha itself; Keras' L2(l) has neither the 1/2 nor the division by the "
                        "batch size."),
                (alpha / batch, "the 1/2 of 0.5 * alpha * sum(W**2) / batch_size is missing."),
                (0.5 * alpha, "the division by the batch size is missing: scikit-learn's penalty is divided by the "
                              "number of rows in the batch, Keras' is not."),
                (2 * alpha / batch, "you multiplied by 2 instead of by 1/2."),
                (0.5 * alpha / batch ** 2, "divide by the batch size once, not by its square."),
            ]
            for wrong, message in slips:
                if _close(value, wrong):
                    raise _Finding(message, f"case: {case}", f"expected {expected:.6g}, got {value:.6g}")
            if value == float(np.float32(expected)) or abs(value - expected) <= 1e-6 * abs(expected):
                raise _Finding("the formula is right, but the value was rounded to float32 (about 7 digits): "
                               f"expected {expected!r}, got {value!r}. Compute with Python floats or float64, "
                               "without np.float32.", f"case: {case}")
            raise _Finding(f"keras_l2_factor is wrong for {case}: set l * sum(W**2) equal to "
                           "0.5 * alpha * sum(W**2) / batch_size and solve for l.",
                           f"expected {expected:.6g}, got {value:.6g}")

    return _run_checker("keras_l2_factor", fn, "keras_l2_factor(alpha, batch_size)", "keras_l2_factor",
                        timeout, body)


def check_correction_factor(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``correction_factor(n_splits, n_train, n_test)`` = sqrt(1/J + n_test/n_train) / sqrt(1/J).

    How many times the corrected standard error exceeds the naive s / sqrt(J).
    Tries J = 10 with 242/61 (lesson 9's splits), J = 5, 30 and 2.  Knows: the
    variance ratio (no square root), n_train and n_test swapped, the ratio upside
    down, J forgotten, the 1 forgotten, the corrected factor not divided by the
    naive one, n_test / n (not n_train), a factor that ignores J.
    """
    cases = [((10, 242, 61), "J = 10 splits of 242 training and 61 test patients"),
             ((5, 800, 200), "J = 5, n_train 800, n_test 200"), ((30, 900, 100), "J = 30, n_train 900, n_test 100"),
             ((2, 100, 100), "J = 2, n_train 100, n_test 100")]

    def mistakes(J, a, b):
        r = b / a
        return [
            ("1 + J * n_test / n_train is the ratio of the VARIANCES; the standard errors are their square roots.",
             lambda: 1 + J * r),
            ("n_train and n_test are swapped: the correction term is n_test / n_train.", lambda: np.sqrt(1 + J / r)),
            ("the ratio is upside down: the corrected standard error is the LARGER one, so the factor is above 1.",
             lambda: 1 / np.sqrt(1 + J * r)),
            ("J is missing: dividing (1/J + n_test/n_train) by 1/J multiplies n_test/n_train by J, "
             "sqrt(1 + J * n_test / n_train).", lambda: np.sqrt(1 + r)),
            ("the 1 is missing: (1/J) / (1/J) = 1 stays in the sum, sqrt(1 + J * n_test / n_train).",
             lambda: np.sqrt(J * r)),
            ("that is the corrected standard error for s = 1; divide it by the naive one, sqrt(1/J), to get the "
             "factor.", lambda: np.sqrt(1 / J + r)),
            ("n_test/n_train was divided by J instead of multiplied: (1/J + r) / (1/J) = 1 + J r.",
             lambda: np.sqrt(1 + r / J)),
            ("the correction uses n_test / n_train, not n_test / (n_train + n_test).",
             lambda: np.sqrt(1 + J * b / (a + b))),
        ]

    def body(check):
        answers = []
        for (J, a, b), case in cases:
            got = check.call((J, a, b), case, ("n_splits", "n_train", "n_test"))
            array = check.number_array(got, "the factor")
            if array.size != 1:
                raise _Finding(f"correction_factor returned an array of shape {array.shape}; return one number.",
                               f"case: {case}")
            answers.append(float(array.reshape(())))
            check.expect(array.reshape(()), np.asarray(np.sqrt(1 + J * b / a)), case, what="the factor",
                         mistakes=mistakes(J, a, b))
        return answers

    return _run_checker("correction_factor", fn, "correction_factor(n_splits, n_train, n_test)",
                        "correction_factor", timeout, body)

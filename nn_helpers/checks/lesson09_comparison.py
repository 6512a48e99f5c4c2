"""Checkers of Lesson 9, comparison: the L2 factor for Keras, and the corrected paired t-test of Nadeau and Bengio (2003)."""

import numpy as np
from scipy import stats

from ..comparison import corrected_paired_t, keras_l2_factor
from ._harness import DEFAULT_TIMEOUT, _Finding, _fmt, _run_checker

_NAMES = ("mean", "standard_error", "t_statistic", "p_value")


def _variants(d, n_train, n_test):
    """(message, (mean, se, t, p)) for each realistic mistake, computed on the same inputs."""
    J, mean = len(d), float(np.mean(d))

    def result(variance, dof=J - 1, sided=2, distribution="t", mean_=mean):
        se = float(np.sqrt(variance))
        t = mean_ / se
        tail = stats.t.sf(abs(t), dof) if distribution == "t" else stats.norm.sf(abs(t))
        return mean_, se, t, sided * tail

    s2 = float(np.var(d, ddof=1))
    return [
        ("the correction is missing: s**2 / J is the variance of the mean of INDEPENDENT differences; the splits "
         "share most of their training patients, so Nadeau and Bengio use (1/J + n_test/n_train) * s**2.",
         result(s2 / J)),
        ("n_train and n_test are swapped: the correction term is n_test / n_train (a small number, 61/242 here), "
         "not n_train / n_test.", result((1 / J + n_train / n_test) * s2)),
        ("the standard deviation uses ddof=0 (np.std's default): with an estimated mean, divide by J - 1 "
         "(np.std(d, ddof=1), or pandas' .std()).", result((1 / J + n_test / n_train) * np.var(d))),
        ("the correction is divided by J as well: the variance is (1/J + n_test/n_train) * s**2, and only the "
         "1 is divided by J.", result((1 + n_test / n_train) * s2 / J)),
        ("the standard error is the variance: take the square root of (1/J + n_test/n_train) * s**2.",
         (mean, (1 / J + n_test / n_train) * s2, mean / ((1 / J + n_test / n_train) * s2),
          2 * stats.t.sf(abs(mean / ((1 / J + n_test / n_train) * s2)), J - 1))),
        ("the t distribution has the wrong degrees of freedom: J differences give J - 1.",
         result((1 / J + n_test / n_train) * s2, dof=J)),
        ("the t distribution has the wrong degrees of freedom: they count the splits (J - 1), not the patients.",
         result((1 / J + n_test / n_train) * s2, dof=n_train + n_test - 2)),
        ("the p-value is one-sided: 'is there a difference?' asks about both directions, so double the tail, "
         "2 * t.sf(|t|, J - 1).", result((1 / J + n_test / n_train) * s2, sided=1)),
        ("the p-value comes from the normal distribution: with J - 1 degrees of freedom use Student's t "
         "(scipy.stats.t), whose tails are heavier.", result((1 / J + n_test / n_train) * s2, distribution="norm")),
        ("the mean lost its sign: keep mean(d) as it is (the sign says which model is better); only the p-value "
         "uses |t|.", result((1 / J + n_test / n_train) * s2, mean_=abs(mean))),
    ]


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
    freedom, a one-sided p, a normal p, the sign of the mean dropped.
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
            try:
                values = [float(np.asarray(v, dtype=np.float64).reshape(())) for v in got]
            except (TypeError, ValueError):
                raise _Finding("each of the four results must be a single number; got "
                               f"{_fmt(got)}.", f"case: {case}") from None
            expected = corrected_paired_t(np.asarray(d), n_train, n_test)
            if all(_close(v, e) for v, e in zip(values, expected)):
                continue
            array = np.asarray(d, dtype=np.float64)
            for message, wrong in _variants(array, n_train, n_test):
                if all(_close(v, w) for v, w in zip(values, wrong)):
                    raise _Finding(message, f"case: {case}")
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
    the square of the batch size, and dividing by the whole training set's size
    (found when the learner's answer is the same for every batch size).
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
            raise _Finding(f"keras_l2_factor is wrong for {case}: set l * sum(W**2) equal to "
                           "0.5 * alpha * sum(W**2) / batch_size and solve for l.",
                           f"expected {expected:.6g}, got {value:.6g}")

    return _run_checker("keras_l2_factor", fn, "keras_l2_factor(alpha, batch_size)", "keras_l2_factor",
                        timeout, body)

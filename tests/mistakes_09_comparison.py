"""Lesson 9's checker catalogue: corrected_paired_t written several ways, and realistic mistakes.

Merged into tests/learner_mistakes.py's tables; tests/test_checks.py runs every entry.
"""

import math
import statistics

import numpy as np
from scipy import stats


def paired_numpy(differences, n_train, n_test):
    d = np.asarray(differences, dtype=float)
    J = len(d)
    se = np.sqrt((1 / J + n_test / n_train) * np.var(d, ddof=1))
    t = d.mean() / se
    return d.mean(), se, t, 2 * stats.t.sf(abs(t), J - 1)


def paired_statistics(differences, n_train, n_test):
    # plain Python: statistics.stdev divides by J - 1; the p-value from the cdf
    J = len(differences)
    mean = statistics.fmean(differences)
    se = statistics.stdev(differences) * math.sqrt(1 / J + n_test / n_train)
    t = mean / se
    return mean, se, t, 2 * (1 - stats.t.cdf(abs(t), df=J - 1))


def paired_naive_times_factor(differences, n_train, n_test):
    # the naive standard error times the correction factor sqrt(1 + J n_test / n_train)
    d = np.array(differences)
    J = d.size
    naive = d.std(ddof=1) / np.sqrt(J)
    se = naive * np.sqrt(1 + J * n_test / n_train)
    t = d.mean() / se
    return float(d.mean()), float(se), float(t), float(2 * stats.t.cdf(-abs(t), J - 1))


def paired_loop(differences, n_train, n_test):
    J = len(differences)
    mean = sum(differences) / J
    s2 = sum((x - mean) ** 2 for x in differences) / (J - 1)
    se = math.sqrt(s2 / J + s2 * n_test / n_train)
    t = mean / se
    return mean, se, t, 2 * stats.t.sf(abs(t), J - 1)


def _make(variance, dof=None, sided=2, normal=False, absolute=False, sqrt=True):
    def fn(differences, n_train, n_test):
        d = np.asarray(differences, dtype=float)
        J = len(d)
        mean = abs(d.mean()) if absolute else d.mean()
        v = variance(d, J, n_train, n_test)
        se = np.sqrt(v) if sqrt else v
        t = mean / se
        tail = stats.norm.sf(abs(t)) if normal else stats.t.sf(abs(t), (J - 1) if dof is None else dof(J, n_train, n_test))
        return mean, se, t, sided * tail
    return fn


CORRECTED = lambda d, J, a, b: (1 / J + b / a) * d.var(ddof=1)  # noqa: E731

CORRECT = {"corrected_paired_t": [
    ("numpy, ddof=1", paired_numpy),
    ("statistics.stdev", paired_statistics),
    ("naive SE times sqrt(1 + J n_test/n_train)", paired_naive_times_factor),
    ("plain loop", paired_loop),
    ("reference", lambda d, a, b: __import__("nn_helpers").corrected_paired_t(d, a, b)),
]}

MISTAKES = {"corrected_paired_t": [
    ("no correction", _make(lambda d, J, a, b: d.var(ddof=1) / J), "correction is missing"),
    ("n_train/n_test swapped", _make(lambda d, J, a, b: (1 / J + a / b) * d.var(ddof=1)), "are swapped"),
    ("ddof=0", _make(lambda d, J, a, b: (1 / J + b / a) * d.var()), "ddof=0"),
    ("correction over J", _make(lambda d, J, a, b: (1 + b / a) * d.var(ddof=1) / J), "divided by J as well"),
    ("variance as SE", _make(CORRECTED, sqrt=False), "square root"),
    ("dof J", _make(CORRECTED, dof=lambda J, a, b: J), "J differences give J - 1"),
    ("dof from patients", _make(CORRECTED, dof=lambda J, a, b: a + b - 2), "not the patients"),
    ("one-sided p", _make(CORRECTED, sided=1), "one-sided"),
    ("normal p", _make(CORRECTED, normal=True), "normal distribution"),
    ("abs mean", _make(CORRECTED, absolute=True), "lost its sign"),
    ("returns three numbers", lambda d, a, b: paired_numpy(d, a, b)[:3], "four numbers"),
]}


# ---------------------------------------------------------------- keras_l2_factor
CORRECT["keras_l2_factor"] = [
    ("formula", lambda alpha, batch_size: 0.5 * alpha / batch_size),
    ("alpha / (2 m)", lambda alpha, batch_size: alpha / (2 * batch_size)),
    ("numpy float", lambda alpha, batch_size: np.float64(alpha) / 2 / batch_size),
    ("reference", lambda a, b: __import__("nn_helpers").keras_l2_factor(a, b)),
]
MISTAKES["keras_l2_factor"] = [
    ("alpha itself", lambda alpha, batch_size: alpha, "alpha itself"),
    ("no 1/2", lambda alpha, batch_size: alpha / batch_size, "1/2 of"),
    ("no division", lambda alpha, batch_size: 0.5 * alpha, "division by the batch size is missing"),
    ("2 alpha / m", lambda alpha, batch_size: 2 * alpha / batch_size, "multiplied by 2"),
    ("batch size squared", lambda alpha, batch_size: 0.5 * alpha / batch_size ** 2, "not by its square"),
    ("whole training set", lambda alpha, batch_size: 0.5 * alpha / 300, "is wrong for"),
]


def paired_array_se(differences, n_train, n_test):
    # the standard error left as a one-element array (np.sqrt of a (1,)-shaped variance)
    mean, se, t, p = paired_numpy(differences, n_train, n_test)
    return mean, np.array([se]), t, p


MISTAKES["corrected_paired_t"] += [
    ("t instead of |t| in the p-value", lambda d, a, b: (lambda m, se, t, p: (m, se, t, 2 * stats.t.sf(t, len(d) - 1)))(
        *paired_numpy(d, a, b)), "cannot exceed 1"),
    ("no correction and ddof=0", _make(lambda d, J, a, b: d.var() / J), "two slips at once"),
    ("swapped and one-sided", _make(lambda d, J, a, b: (1 / J + a / b) * d.var(ddof=1), sided=1), "are swapped"),
    ("standard error as a (1,) array", paired_array_se, "must be a single number"),
]
MISTAKES["keras_l2_factor"] += [
    ("float32", lambda alpha, batch_size: np.float32(0.5) * np.float32(alpha) / np.float32(batch_size),
     "rounded to float32"),
]

# ---------------------------------------------------------------- correction_factor
CORRECT["correction_factor"] = [
    ("sqrt(1 + J r)", lambda J, a, b: math.sqrt(1 + J * b / a)),
    ("ratio of the two standard errors", lambda J, a, b: np.sqrt(1 / J + b / a) / np.sqrt(1 / J)),
    ("numpy", lambda J, a, b: np.sqrt((1 / J + b / a) * J)),
    ("reference", lambda J, a, b: __import__("nn_helpers").correction_factor(J, a, b)),
]
MISTAKES["correction_factor"] = [
    ("variance ratio", lambda J, a, b: 1 + J * b / a, "ratio of the VARIANCES"),
    ("swapped", lambda J, a, b: math.sqrt(1 + J * a / b), "are swapped"),
    ("upside down", lambda J, a, b: 1 / math.sqrt(1 + J * b / a), "upside down"),
    ("J missing", lambda J, a, b: math.sqrt(1 + b / a), "J is missing"),
    ("1 missing", lambda J, a, b: math.sqrt(J * b / a), "the 1 is missing"),
    ("not divided by the naive SE", lambda J, a, b: math.sqrt(1 / J + b / a), "divide it by the naive one"),
    ("r / J", lambda J, a, b: math.sqrt(1 + b / a / J), "divided by J instead"),
    ("n_test / n", lambda J, a, b: math.sqrt(1 + J * b / (a + b)), "not n_test / (n_train + n_test)"),
    ("constant 1.87", lambda J, a, b: 1.87, "the factor"),
]


def colleague_paired_t(differences, n_train, n_test):
    # lesson 9's debugging exercise, as the colleague sent it: np.std's ddof=0, and t instead of |t|
    d = np.array(differences)
    J = len(d)
    standard_error = np.sqrt(1 / J + n_test / n_train) * d.std()
    t_statistic = d.mean() / standard_error
    return d.mean(), standard_error, t_statistic, 2 * stats.t.sf(t_statistic, J - 1)


def colleague_half_fixed(differences, n_train, n_test):
    # the colleague's version with only ddof fixed: the negative-mean case still gives p > 1
    mean, se, t, _ = colleague_paired_t(differences, n_train, n_test)
    se = se * np.sqrt(len(differences) / (len(differences) - 1))
    t = mean / se
    return mean, se, t, 2 * stats.t.sf(t, len(differences) - 1)


MISTAKES["corrected_paired_t"] += [
    ("the colleague's version (debugging exercise)", colleague_paired_t, "ddof=0"),
    ("the colleague's version, ddof fixed only", colleague_half_fixed, "cannot exceed 1"),
]

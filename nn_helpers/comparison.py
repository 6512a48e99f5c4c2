"""Comparing with the libraries and with each other (lesson 9).

``keras_l2_factor`` (defined next to the L2 penalty in ``network.py``) translates
scikit-learn's L2 strength into Keras' ``L2(l)``; ``corrected_paired_t`` compares two
models on the same resampled splits.

Repeated train/test splits of one data set share most of their training
patients, so the per-split differences between two models are correlated and
``std / sqrt(J)`` understates their uncertainty.  Nadeau and Bengio (2003,
"Inference for the Generalization Error", Machine Learning 52, 239-281) correct
the variance of the mean difference from ``s**2 / J`` to
``(1 / J + n_test / n_train) * s**2``; scikit-learn's gallery example
"Statistical comparison of models using grid search" uses the same correction.
Bouckaert and Frank (2004, "Evaluating the replicability of significance tests
for comparing learning algorithms", PAKDD, LNCS 3056, 3-12) apply it to repeated
k-fold cross-validation, the splits lesson 9 uses (the "corrected repeated
k-fold cv test").
"""

import numpy as np
from scipy import stats

from .network import keras_l2_factor  # noqa: F401 - lesson 9 imports it from here too


def corrected_paired_t(differences, n_train, n_test):
    """The Nadeau-Bengio corrected resampled t-test of paired differences.

    Parameters
    ----------
    differences : array-like of float, shape (J,)
        score of model A minus score of model B on each of J >= 2 splits.
    n_train, n_test : int
        the sizes of one split's training and test parts.

    Returns
    -------
    mean : float
        the mean difference.
    standard_error : float
        ``sqrt((1 / J + n_test / n_train) * s**2)``, with ``s`` the standard
        deviation of the differences with ``ddof=1``.
    t_statistic : float
        ``mean / standard_error``.
    p_value : float
        two-sided, from Student's t distribution with ``J - 1`` degrees of freedom.
    """
    d = np.asarray(differences, dtype=np.float64).ravel()
    if d.size < 2:
        raise ValueError(f"need the differences of at least 2 splits, got {d.size}")
    if not (n_train > 0 and n_test > 0):
        raise ValueError(f"n_train and n_test must be positive; got {n_train} and {n_test}")
    J = d.size
    mean = float(d.mean())
    variance = (1 / J + n_test / n_train) * d.var(ddof=1)
    standard_error = float(np.sqrt(variance))
    t_statistic = mean / standard_error if standard_error > 0 else float(np.sign(mean) * np.inf if mean else 0.0)
    p_value = float(2 * stats.t.sf(abs(t_statistic), df=J - 1))
    return mean, standard_error, float(t_statistic), p_value


def correction_factor(n_splits, n_train, n_test):
    """How many times the corrected standard error exceeds the naive s / sqrt(J).

    ``sqrt(1/J + n_test/n_train) / sqrt(1/J) = sqrt(1 + J * n_test / n_train)``; for
    J = 10 splits of 242 training and 61 test patients about 1.88.
    """
    return float(np.sqrt(1 + n_splits * n_test / n_train))


def confidence_interval(mean, standard_error, n_splits, level=0.95):
    """The two-sided ``level`` confidence interval of a mean difference: mean -/+ t_{(1+level)/2, J-1} * SE."""
    half_width = stats.t.ppf((1 + level) / 2, df=n_splits - 1) * standard_error
    return float(mean - half_width), float(mean + half_width)


def smallest_detectable_difference(standard_error, n_splits, level=0.95, power=0.8):
    """The true mean difference that the two-sided test at ``level`` detects with probability ``power``.

    Approximately ``(t_{(1+level)/2, J-1} + t_{power, J-1}) * standard_error``; with
    ``power=0.5`` it is ``t_{(1+level)/2, J-1} * standard_error``, the difference that would
    just reach significance (and is detected only half the time).
    """
    df = n_splits - 1
    return float((stats.t.ppf((1 + level) / 2, df=df) + stats.t.ppf(power, df=df)) * standard_error)

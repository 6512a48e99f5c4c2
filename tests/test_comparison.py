"""The corrected paired t-test, keras_l2_factor, and the committed results of lesson 9's fair comparison."""

import importlib.util

import numpy as np
import pytest
from scipy import stats

from nn_helpers import (confidence_interval, corrected_paired_t, correction_factor, keras_l2_factor, load_heart,
                        smallest_detectable_difference)
from nn_helpers.data import DATA_DIR

SCRIPT = DATA_DIR.parent / "benchmarks" / "fair_comparison.py"


def load_script():
    spec = importlib.util.spec_from_file_location("fair_comparison", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_corrected_paired_t_by_hand():
    d = np.array([0.02, -0.01, 0.03, 0.0, 0.01])
    mean, se, t, p = corrected_paired_t(d, n_train=240, n_test=60)
    s2 = np.sum((d - d.mean()) ** 2) / 4
    assert mean == pytest.approx(0.01)
    assert se == pytest.approx(np.sqrt((1 / 5 + 60 / 240) * s2))
    assert t == pytest.approx(0.01 / se)
    assert p == pytest.approx(2 * (1 - stats.t.cdf(abs(t), 4)))


def test_correction_widens_the_naive_standard_error():
    d = np.random.default_rng(0).normal(0.01, 0.03, 10)
    _, se, _, _ = corrected_paired_t(d, 242, 61)
    naive = d.std(ddof=1) / np.sqrt(10)
    assert se / naive == pytest.approx(np.sqrt(1 + 10 * 61 / 242))


def test_without_the_correction_it_is_scipys_paired_t_test():
    d = np.random.default_rng(1).normal(0.02, 0.05, 8)
    _, _, t, p = corrected_paired_t(d, n_train=1e12, n_test=1)  # n_test / n_train -> 0: the textbook test
    expected = stats.ttest_1samp(d, 0.0)
    assert t == pytest.approx(expected.statistic, rel=1e-9)
    assert p == pytest.approx(expected.pvalue, rel=1e-6)


@pytest.mark.parametrize("bad", [[0.1], []])
def test_needs_two_differences(bad):
    with pytest.raises(ValueError, match="at least 2"):
        corrected_paired_t(bad, 100, 20)


def test_smallest_detectable_difference_at_80_percent_power():
    assert smallest_detectable_difference(0.02, 10) == pytest.approx((stats.t.ppf(0.975, 9) + stats.t.ppf(0.8, 9)) * 0.02)
    assert smallest_detectable_difference(0.02, 10, power=0.5) == pytest.approx(stats.t.ppf(0.975, 9) * 0.02)


def test_correction_factor_is_the_ratio_of_the_two_standard_errors():
    d = np.random.default_rng(2).normal(0.0, 0.04, 10)
    _, se, _, _ = corrected_paired_t(d, 242, 61)
    assert correction_factor(10, 242, 61) == pytest.approx(se / (d.std(ddof=1) / np.sqrt(10)))
    assert correction_factor(10, 242, 61) == pytest.approx(1.876, abs=5e-4)


def test_confidence_interval_matches_the_p_value():
    """The 95 % interval just touches zero when p = 0.05."""
    d = np.random.default_rng(3).normal(0.01, 0.03, 10)
    mean, se, t, p = corrected_paired_t(d, 242, 61)
    low, high = confidence_interval(mean, se, 10, level=1 - p)
    assert min(abs(low), abs(high)) == pytest.approx(0.0, abs=1e-12)
    assert confidence_interval(mean, se, 10) == pytest.approx((mean - stats.t.ppf(0.975, 9) * se,
                                                               mean + stats.t.ppf(0.975, 9) * se))


def test_keras_l2_factor():
    assert keras_l2_factor(1.0, 300) == pytest.approx(1 / 600)
    assert keras_l2_factor(0.5, 32) == pytest.approx(0.5 * 0.5 / 32)


def test_committed_results_file_has_every_recipe_and_split():
    script = load_script()
    rows = script.read_results()
    assert [(row["recipe"], int(row["split"])) for row in rows] == [
        (name, split) for name in script.RECIPES for split in range(10)]
    assert all(0.0 <= float(row["test_accuracy"]) <= 1.0 for row in rows)


@pytest.mark.parametrize("recipe, split", [("NeuralNet (GD)", 3), ("MLPClassifier (Adam)", 7),
                                           ("tutorial 2: NeuralNet (10,), lr 0.01, 500 it.", 5)])
def test_script_reproduces_a_committed_row(recipe, split):
    """The committed file is what the script's code produces: re-run rows and compare them exactly."""
    script = load_script()
    X, y, _ = load_heart()
    committed = {(row["recipe"], int(row["split"])): row for row in script.read_results()}
    assert script.run_recipe(recipe, split, X, y) == {**committed[(recipe, split)], "split": split,
                                                     "n_train": int(committed[(recipe, split)]["n_train"]),
                                                     "n_test": int(committed[(recipe, split)]["n_test"])}

"""Losses, their gradients and one_hot against hand-worked values, scikit-learn and numerical gradients."""

import math
import warnings

import numpy as np
import pytest
from sklearn.metrics import log_loss, mean_squared_error

from nn_helpers.activations import sigmoid, softmax
from nn_helpers.gradcheck import numerical_gradient, relative_error
from nn_helpers.losses import (EPSILON, binary_cross_entropy, binary_cross_entropy_grad, categorical_cross_entropy,
                               categorical_cross_entropy_grad, mse, mse_grad, one_hot)

LOSSES = [(mse, mse_grad), (binary_cross_entropy, binary_cross_entropy_grad),
          (categorical_cross_entropy, categorical_cross_entropy_grad)]
LOSS_IDS = ["mse", "binary_cross_entropy", "categorical_cross_entropy"]


def without_warnings(function, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args)


def example(loss, shape, seed=0):
    """Labels and predictions suited to ``loss``, with probabilities well inside (0, 1)."""
    rng = np.random.default_rng(seed)
    n_samples, n_outputs = shape
    if loss is categorical_cross_entropy:
        y_true = one_hot(rng.integers(0, n_outputs, n_samples), n_outputs)
        y_pred = softmax(rng.normal(size=shape))
    else:
        y_true = rng.integers(0, 2, size=shape).astype(np.float64)
        y_pred = rng.uniform(0.05, 0.95, size=shape)
    return y_true, y_pred


# --- hand-worked values -------------------------------------------------------------------------

def test_mse_hand_values():
    y_true, y_pred = np.array([1.0, 2.0, 3.0]), np.array([1.0, 3.0, 5.0])
    assert mse(y_true, y_pred) == pytest.approx((0 + 1 + 4) / 3, rel=1e-15)
    np.testing.assert_allclose(mse_grad(y_true, y_pred), [0.0, 2 / 3, 4 / 3], rtol=1e-15)


def test_binary_cross_entropy_two_samples_by_hand():
    y_true = np.array([[1.0], [0.0]])
    y_pred = np.array([[0.8], [0.4]])
    # sample 1 is class 1 with p = 0.8, sample 2 is class 0 with 1 - p = 0.6
    assert binary_cross_entropy(y_true, y_pred) == pytest.approx(-(math.log(0.8) + math.log(0.6)) / 2, rel=1e-15)
    # d/dp of -log p is -1/p, of -log(1 - p) is 1/(1 - p); each divided by the 2 samples
    np.testing.assert_allclose(binary_cross_entropy_grad(y_true, y_pred), [[-1 / 0.8 / 2], [1 / 0.6 / 2]],
                               rtol=1e-14)


def test_binary_cross_entropy_sums_columns_and_averages_samples():
    # two independent yes/no outputs per sample (multi-label), as MLPClassifier does it
    y_true = np.array([[1.0, 0.0], [0.0, 1.0]])
    y_pred = np.array([[0.9, 0.2], [0.3, 0.6]])
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.7) + math.log(0.6)) / 2
    assert binary_cross_entropy(y_true, y_pred) == pytest.approx(expected, rel=1e-15)


def test_categorical_cross_entropy_by_hand():
    y_true = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
    y_pred = np.array([[0.7, 0.2, 0.1], [0.1, 0.3, 0.6]])
    # only the probability of the true class counts
    assert categorical_cross_entropy(y_true, y_pred) == pytest.approx(-(math.log(0.7) + math.log(0.6)) / 2,
                                                                      rel=1e-15)
    np.testing.assert_allclose(categorical_cross_entropy_grad(y_true, y_pred),
                               [[-1 / 0.7 / 2, 0.0, 0.0], [0.0, 0.0, -1 / 0.6 / 2]], rtol=1e-14)


def test_a_certain_and_right_prediction_costs_nothing():
    assert binary_cross_entropy(np.array([[1.0], [0.0]]), np.array([[1.0], [0.0]])) == pytest.approx(0.0, abs=1e-15)
    assert categorical_cross_entropy(np.eye(3), np.eye(3)) == pytest.approx(0.0, abs=1e-15)


# --- agreement with scikit-learn ----------------------------------------------------------------

def test_binary_cross_entropy_matches_sklearn_log_loss():
    y_true, y_pred = example(binary_cross_entropy, (50, 1), seed=1)
    assert binary_cross_entropy(y_true, y_pred) == pytest.approx(log_loss(y_true.ravel(), y_pred.ravel()),
                                                                 rel=1e-13)


def test_categorical_cross_entropy_matches_sklearn_log_loss():
    rng = np.random.default_rng(2)
    labels = np.arange(40) % 4  # every class present, as log_loss needs
    y_pred = softmax(rng.normal(size=(40, 4)))
    assert categorical_cross_entropy(one_hot(labels, 4), y_pred) == pytest.approx(log_loss(labels, y_pred),
                                                                                  rel=1e-13)


@pytest.mark.parametrize("shape", [(30,), (30, 1), (30, 3)])
def test_mse_matches_sklearn(shape):
    rng = np.random.default_rng(3)
    y_true, y_pred = rng.normal(size=shape), rng.normal(size=shape)
    assert mse(y_true, y_pred) == pytest.approx(mean_squared_error(y_true, y_pred), rel=1e-13)


# --- gradients against numerical gradients ------------------------------------------------------

# A softmax over a single column is always exactly 1, where the clip makes the loss one-sided,
# so categorical cross-entropy is checked on two or more classes only.
GRADIENT_CASES = [(loss, gradient, shape) for (loss, gradient) in LOSSES for shape in [(1, 1), (8, 1), (6, 3), (5, 4)]
                  if not (loss is categorical_cross_entropy and shape[1] == 1)]


@pytest.mark.parametrize(("loss", "gradient", "shape"), GRADIENT_CASES,
                         ids=[f"{loss.__name__}-{shape}" for loss, _, shape in GRADIENT_CASES])
def test_gradient_matches_numerical_gradient(loss, gradient, shape):
    y_true, y_pred = example(loss, shape, seed=sum(shape))
    numerical = numerical_gradient(lambda p: loss(y_true, p), y_pred.copy())
    assert relative_error(gradient(y_true, y_pred), numerical) < 1e-7


def test_mse_gradient_for_a_vector_matches_numerical_gradient():
    y_true, y_pred = np.array([0.5, -1.0, 2.0, 0.0]), np.array([1.5, -0.5, 0.0, 0.25])
    numerical = numerical_gradient(lambda p: mse(y_true, p), y_pred.copy())
    assert relative_error(mse_grad(y_true, y_pred), numerical) < 1e-7


def test_sigmoid_with_binary_cross_entropy_gives_p_minus_y():
    # the simplification lesson 5 relies on: d loss / d z = (sigmoid(z) - y) / n_samples
    z = np.array([[-2.0], [0.3], [1.7], [-0.4]])
    y = np.array([[0.0], [1.0], [1.0], [0.0]])
    numerical = numerical_gradient(lambda x: binary_cross_entropy(y, sigmoid(x)), z.copy())
    assert relative_error((sigmoid(z) - y) / 4, numerical) < 1e-7


def test_softmax_with_categorical_cross_entropy_gives_p_minus_y():
    z = np.random.default_rng(4).normal(size=(5, 3))
    y = one_hot(np.array([0, 2, 1, 1, 0]), 3)
    numerical = numerical_gradient(lambda x: categorical_cross_entropy(y, softmax(x)), z.copy())
    assert relative_error((softmax(z) - y) / 5, numerical) < 1e-7


# --- extreme inputs and purity ------------------------------------------------------------------

def test_probabilities_of_exactly_zero_and_one_give_finite_losses():
    y_true = np.array([[1.0], [0.0]])
    y_pred = np.array([[0.0], [1.0]])  # both confidently wrong
    loss = without_warnings(binary_cross_entropy, y_true, y_pred)
    gradient = without_warnings(binary_cross_entropy_grad, y_true, y_pred)
    # clipped to EPSILON: each sample costs -log(EPSILON) (about 36), not inf
    assert loss == pytest.approx(-math.log(EPSILON), rel=1e-12)
    assert np.all(np.isfinite(gradient))
    assert gradient[0, 0] < 0 < gradient[1, 0]  # both push the prediction towards the label

    loss = without_warnings(categorical_cross_entropy, np.array([[0.0, 1.0]]), np.array([[1.0, 0.0]]))
    assert loss == pytest.approx(-math.log(EPSILON), rel=1e-12)
    assert np.all(np.isfinite(without_warnings(categorical_cross_entropy_grad, np.array([[0.0, 1.0]]),
                                               np.array([[1.0, 0.0]]))))


def test_losses_of_extreme_logits_stay_finite():
    z = np.array([[1000.0], [-1000.0]])
    y = np.array([[0.0], [1.0]])
    assert np.isfinite(without_warnings(binary_cross_entropy, y, without_warnings(sigmoid, z)))
    logits = np.array([[1000.0, -1000.0, 0.0], [-1000.0, 1000.0, 999.0]])
    labels = one_hot(np.array([1, 2]), 3)
    assert np.isfinite(without_warnings(categorical_cross_entropy, labels, without_warnings(softmax, logits)))


@pytest.mark.parametrize(("loss", "gradient"), LOSSES, ids=LOSS_IDS)
def test_losses_leave_their_inputs_alone(loss, gradient):
    y_true, y_pred = example(loss, (6, 3), seed=5)
    y_pred[0, 0] = 0.0  # a value the cross-entropies must clip
    true_before, pred_before = y_true.copy(), y_pred.copy()
    assert isinstance(loss(y_true, y_pred), float)
    assert gradient(y_true, y_pred).shape == y_pred.shape
    np.testing.assert_array_equal(y_true, true_before)
    np.testing.assert_array_equal(y_pred, pred_before)


# --- shape and type errors ----------------------------------------------------------------------

@pytest.mark.parametrize("function", [mse, mse_grad, binary_cross_entropy, binary_cross_entropy_grad,
                                      categorical_cross_entropy, categorical_cross_entropy_grad],
                         ids=lambda f: f.__name__)
def test_labels_as_a_vector_against_a_column_is_an_error_with_a_hint(function):
    # numpy would broadcast (4,) against (4, 1) into a (4, 4) matrix and give a wrong number
    y_true = np.array([1.0, 0.0, 1.0, 0.0])
    y_pred = np.array([[0.9], [0.2], [0.7], [0.4]])
    with pytest.raises(ValueError, match=r"shape \(4,\).*shape \(4, 1\).*reshape\(-1, 1\)"):
        function(y_true, y_pred)


def test_other_shape_mismatches_name_both_shapes():
    with pytest.raises(ValueError, match=r"\(3, 2\).*\(3, 3\)"):
        categorical_cross_entropy(np.zeros((3, 2)), np.full((3, 3), 1 / 3))


def test_empty_batch_is_an_error():
    with pytest.raises(ValueError, match="empty"):
        binary_cross_entropy(np.zeros((0, 1)), np.zeros((0, 1)))


def test_non_numeric_labels_are_a_type_error():
    with pytest.raises(TypeError, match="numeric"):
        mse(["a", "b"], [0.0, 1.0])


# --- one_hot ------------------------------------------------------------------------------------

def test_one_hot_by_hand():
    expected = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    encoded = one_hot(np.array([0, 2, 1, 2]), 3)
    np.testing.assert_array_equal(encoded, expected)
    assert encoded.dtype == np.float64


def test_one_hot_accepts_lists_whole_floats_and_unused_classes():
    np.testing.assert_array_equal(one_hot([1.0, 0.0], 4), [[0.0, 1.0, 0.0, 0.0], [1.0, 0.0, 0.0, 0.0]])
    assert one_hot(np.array([], dtype=int), 3).shape == (0, 3)


def test_one_hot_then_argmax_gives_back_the_labels():
    labels = np.random.default_rng(6).integers(0, 10, 100)
    np.testing.assert_array_equal(one_hot(labels, 10).argmax(axis=1), labels)


@pytest.mark.parametrize(("labels", "n_classes", "message"), [
    ([0, 1], 0, "n_classes must be a positive integer"),
    ([0, 1], 2.0, "n_classes must be a positive integer"),
    ([0, 1], True, "n_classes must be a positive integer"),
    ([[0, 1]], 2, "1-D"),
    ([0, 0.5], 2, "integer class labels"),
    (["a", "b"], 2, "integer class labels"),
    ([0, 3], 3, r"0\.\.2; found 0\.\.3"),
    ([-1, 1], 3, r"0\.\.2; found -1\.\.1"),
])
def test_one_hot_errors_say_what_is_wrong(labels, n_classes, message):
    with pytest.raises(ValueError, match=message):
        one_hot(labels, n_classes)


# --- bce_with_logits, bernoulli_likelihood, gradient_descent_1d ------------------------------------

from nn_helpers import bce_with_logits, bernoulli_likelihood, gradient_descent_1d, sigmoid  # noqa: E402


def test_bce_with_logits_equals_bce_of_the_sigmoid_for_moderate_logits():
    rng = np.random.default_rng(11)
    z = rng.normal(0, 4, (50, 1))
    y = rng.integers(0, 2, (50, 1)).astype(float)
    assert bce_with_logits(y, z) == pytest.approx(binary_cross_entropy(y, sigmoid(z)), rel=1e-12)


def test_bce_with_logits_is_exact_where_clipping_is_not():
    # y = 1: the loss is log(1 + e^{-z}), which is -z + log1p(e^{z}) ~ -z for very negative z.
    assert bce_with_logits(np.array([1.0]), np.array([-40.0])) == pytest.approx(40.0, abs=1e-15)
    assert bce_with_logits(np.array([1.0]), np.array([-1000.0])) == 1000.0
    assert bce_with_logits(np.array([0.0]), np.array([1000.0])) == 1000.0
    clipped = [binary_cross_entropy(np.array([1.0]), sigmoid(np.array([z]))) for z in (-40.0, -1000.0)]
    assert clipped[0] == clipped[1] == pytest.approx(-np.log(np.finfo(float).eps))


def test_bce_with_logits_at_zero_is_ln2_and_stays_quiet():
    with np.errstate(over="raise", invalid="raise", divide="raise"):  # (exp(-1e300) underflowing to 0 is fine)
        assert bce_with_logits(np.array([[1.0], [0.0]]), np.array([[0.0], [0.0]])) == pytest.approx(np.log(2))
        bce_with_logits(np.array([1.0, 0.0]), np.array([-1e300, 1e300]))


def test_bce_with_logits_gradient_is_p_minus_y_over_n():
    rng = np.random.default_rng(12)
    z = rng.normal(0, 2, 6)
    y = rng.integers(0, 2, 6).astype(float)
    h = 1e-6
    numerical = [(bce_with_logits(y, z + h * e) - bce_with_logits(y, z - h * e)) / (2 * h) for e in np.eye(6)]
    np.testing.assert_allclose(numerical, (sigmoid(z) - y) / 6, atol=1e-8)


def test_bce_with_logits_refuses_mismatched_shapes():
    with pytest.raises(ValueError, match="reshape"):
        bce_with_logits(np.array([1.0, 0.0]), np.array([[1.0], [2.0]]))


def test_bernoulli_likelihood_by_hand_and_its_log_is_minus_n_bce():
    y, p = np.array([1.0, 0.0, 1.0]), np.array([0.9, 0.2, 0.6])
    assert bernoulli_likelihood(y, p) == pytest.approx(0.9 * 0.8 * 0.6)
    assert -np.log(bernoulli_likelihood(y, p)) / 3 == pytest.approx(binary_cross_entropy(y, p))


def test_bernoulli_likelihood_underflows_for_many_samples():
    y, p = np.ones(2000), np.full(2000, 0.3)
    assert bernoulli_likelihood(y, p) == 0.0  # 0.3 ** 2000 is about 1e-1046
    assert binary_cross_entropy(y, p) == pytest.approx(-np.log(0.3))


def test_gradient_descent_1d_on_a_parabola():
    path = gradient_descent_1d(lambda w: 2 * (w - 3), 0.0, 0.1, 50)
    assert path.shape == (51,) and path[0] == 0.0
    np.testing.assert_allclose(path[:3], [0.0, 0.6, 1.08])
    assert abs(path[-1] - 3) < 1e-4  # the distance shrinks by 0.8 per step
    assert gradient_descent_1d(lambda w: 2 * (w - 3), 1.5, 0.1, 0).tolist() == [1.5]
    diverging = gradient_descent_1d(lambda w: 2 * (w - 3), 0.0, 1.1, 10)
    assert abs(diverging[-1] - 3) > abs(diverging[0] - 3)

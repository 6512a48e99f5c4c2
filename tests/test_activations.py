"""Activations and their derivatives against hand-worked values, scipy, and numerical gradients."""

import math
import warnings

import numpy as np
import pytest
from scipy.special import expit, log_softmax

from nn_helpers.activations import (ACTIVATIONS, DERIVATIVES, check_activation_name, relu, relu_grad, sigmoid,
                                    sigmoid_grad, softmax, tanh, tanh_grad)
from nn_helpers.gradcheck import numerical_gradient, relative_error

ELEMENTWISE = [(sigmoid, sigmoid_grad), (tanh, tanh_grad), (relu, relu_grad)]
ELEMENTWISE_IDS = ["sigmoid", "tanh", "relu"]
SHAPES = [(), (7,), (3, 4), (2, 3, 4)]
EXTREMES = np.array([-1000.0, -710.0, -40.0, 0.0, 40.0, 710.0, 1000.0])


def without_warnings(function, *args):
    """Call function(*args), turning any warning (overflow, invalid value, ...) into a test failure."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return function(*args)


def inputs_away_from_zero(shape, seed=0):
    """Random inputs of the given shape, none closer than 0.1 to 0 (ReLU's kink)."""
    rng = np.random.default_rng(seed)
    magnitude = rng.uniform(0.1, 3.0, size=shape)
    sign = rng.choice([-1.0, 1.0], size=shape)
    return np.asarray(magnitude * sign)  # an array even for shape ()


# --- hand-worked values -------------------------------------------------------------------------

def test_sigmoid_hand_values():
    # 1 / (1 + e^{-ln 3}) = 1 / (1 + 1/3) = 3/4
    assert sigmoid(0.0) == pytest.approx(0.5, abs=1e-15)
    assert sigmoid(math.log(3)) == pytest.approx(0.75, abs=1e-15)
    assert sigmoid(-math.log(3)) == pytest.approx(0.25, abs=1e-15)
    # the slope s (1 - s): 1/4 at 0, 3/4 * 1/4 at ln 3
    assert sigmoid_grad(0.0) == pytest.approx(0.25, abs=1e-15)
    assert sigmoid_grad(math.log(3)) == pytest.approx(3 / 16, abs=1e-15)


def test_tanh_hand_values():
    # tanh(ln 2) = (2 - 1/2) / (2 + 1/2) = 3/5, slope 1 - 9/25
    assert tanh(math.log(2)) == pytest.approx(0.6, abs=1e-15)
    assert tanh_grad(math.log(2)) == pytest.approx(16 / 25, abs=1e-15)
    assert tanh(0.0) == 0.0
    assert tanh_grad(0.0) == 1.0


def test_relu_hand_values():
    z = np.array([-2.0, -1e-12, 0.0, 1e-12, 3.5])
    np.testing.assert_array_equal(relu(z), [0.0, 0.0, 0.0, 1e-12, 3.5])
    # the derivative at exactly 0 is taken as 0, as scikit-learn and Keras do
    np.testing.assert_array_equal(relu_grad(z), [0.0, 0.0, 0.0, 1.0, 1.0])


def test_softmax_hand_values():
    e = math.e
    expected = np.array([1.0, e, e * e]) / (1.0 + e + e * e)  # exp(1), exp(2), exp(3) over their sum, / e
    np.testing.assert_allclose(softmax(np.array([1.0, 2.0, 3.0])), expected, rtol=1e-15)
    # [0, ln 3] -> [1, 3] / 4
    np.testing.assert_allclose(softmax(np.array([[0.0, math.log(3)]])), [[0.25, 0.75]], rtol=1e-15)
    np.testing.assert_allclose(softmax(np.array([[5.0, 5.0, 5.0, 5.0]])), [[0.25] * 4], rtol=1e-15)


# --- agreement with scipy -----------------------------------------------------------------------

def test_sigmoid_matches_scipy_expit_including_tails():
    z = np.concatenate([np.linspace(-50, 50, 201), EXTREMES])
    np.testing.assert_allclose(sigmoid(z), expit(z), rtol=1e-13, atol=1e-300)


def test_tanh_and_relu_match_numpy():
    z = np.linspace(-20, 20, 81)
    np.testing.assert_allclose(tanh(z), np.tanh(z), rtol=1e-15)
    np.testing.assert_array_equal(relu(z), np.where(z > 0, z, 0.0))


def test_softmax_matches_scipy_log_softmax():
    z = np.random.default_rng(1).normal(scale=5.0, size=(6, 4))
    z[0] = [1000.0, -1000.0, 999.0, 0.0]
    z[1] = [-1000.0, -1000.0, -1000.0, -999.0]
    np.testing.assert_allclose(softmax(z), np.exp(log_softmax(z, axis=1)), rtol=1e-13, atol=1e-300)


# --- derivatives against numerical gradients ----------------------------------------------------

@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize(("activation", "derivative"), ELEMENTWISE, ids=ELEMENTWISE_IDS)
def test_derivative_matches_numerical_gradient(activation, derivative, shape):
    z = inputs_away_from_zero(shape)
    # For an elementwise g, d/dz_i of sum_j g(z_j) is g'(z_i).
    numerical = numerical_gradient(lambda x: np.sum(activation(x)), z.copy())
    assert relative_error(derivative(z), numerical) < 1e-7


def test_softmax_jacobian_matches_numerical_gradient():
    # Row i of the Jacobian of softmax is p_i (e_i - p): check it column by column.
    z = np.array([0.3, -1.2, 2.0, 0.5])
    p = softmax(z)
    jacobian = np.diag(p) - np.outer(p, p)
    for i in range(len(z)):
        numerical = numerical_gradient(lambda x, i=i: softmax(x)[i], z.copy())
        assert relative_error(jacobian[i], numerical) < 1e-7


# --- extreme inputs, shapes, purity -------------------------------------------------------------

@pytest.mark.parametrize(("activation", "derivative"), ELEMENTWISE, ids=ELEMENTWISE_IDS)
def test_extreme_inputs_stay_finite_without_warnings(activation, derivative):
    values = without_warnings(activation, EXTREMES)
    slopes = without_warnings(derivative, EXTREMES)
    assert np.all(np.isfinite(values)) and np.all(np.isfinite(slopes))
    # the tails reach the activation's limits, and the slope vanishes there (ReLU: slope 1 on the right)
    assert values[-1] == pytest.approx(1000.0 if activation is relu else 1.0)
    assert values[0] == pytest.approx(0.0 if activation is not tanh else -1.0)
    assert slopes[0] == 0.0
    assert slopes[-1] == (1.0 if activation is relu else 0.0)


def test_softmax_extreme_rows_stay_finite_without_warnings():
    z = np.array([[1000.0, -1000.0], [1000.0, 1000.0], [-1000.0, -1000.0], [-1000.0, -998.0]])
    p = without_warnings(softmax, z)
    assert np.all(np.isfinite(p))
    np.testing.assert_allclose(p[:3], [[1.0, 0.0], [0.5, 0.5], [0.5, 0.5]], atol=1e-300)
    # a gap of 2 gives odds e^2 : 1, wherever the row sits
    np.testing.assert_allclose(p[3], np.array([1.0, math.exp(2)]) / (1 + math.exp(2)), rtol=1e-14)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("function", [sigmoid, sigmoid_grad, tanh, tanh_grad, relu, relu_grad],
                         ids=lambda f: f.__name__)
def test_elementwise_functions_keep_shape_and_leave_input_alone(function, shape):
    z = inputs_away_from_zero(shape, seed=2)
    before = z.copy()
    result = function(z)
    assert np.shape(result) == shape
    assert np.asarray(result).dtype == np.float64
    np.testing.assert_array_equal(z, before)
    if shape:
        assert not np.shares_memory(result, z)


def test_elementwise_functions_accept_lists_and_integers():
    np.testing.assert_array_equal(relu([-1, 2]), [0.0, 2.0])
    np.testing.assert_allclose(sigmoid([0, 0]), [0.5, 0.5])


@pytest.mark.parametrize("shape", [(4,), (1, 4), (5, 3)])
def test_softmax_rows_sum_to_one_and_input_untouched(shape):
    z = np.random.default_rng(3).normal(size=shape)
    before = z.copy()
    p = softmax(z)
    assert p.shape == shape
    np.testing.assert_allclose(p.sum(axis=-1), 1.0, rtol=1e-15)
    assert np.all(p > 0)
    np.testing.assert_array_equal(z, before)


def test_softmax_treats_each_row_on_its_own():
    z = np.random.default_rng(4).normal(size=(5, 3))
    together = softmax(z)
    one_by_one = np.vstack([softmax(row) for row in z])
    np.testing.assert_allclose(together, one_by_one, rtol=1e-15)
    # adding a constant to one row changes nothing; scaling one row changes only that row
    shifted = z.copy()
    shifted[2] += 123.0
    np.testing.assert_allclose(softmax(shifted), together, rtol=1e-12)


def test_softmax_rejects_three_dimensions():
    with pytest.raises(ValueError, match="1-D or 2-D"):
        softmax(np.zeros((2, 3, 4)))


@pytest.mark.parametrize("function", [sigmoid, tanh, relu, softmax, relu_grad], ids=lambda f: f.__name__)
def test_non_numeric_input_is_a_type_error(function):
    with pytest.raises(TypeError, match="must be numeric"):
        function(["a", "b"])


# --- the look-up tables -------------------------------------------------------------------------

def test_tables_pair_each_activation_with_its_derivative():
    assert set(ACTIVATIONS) == set(DERIVATIVES) == {"sigmoid", "tanh", "relu"}
    z = inputs_away_from_zero((10,), seed=5)
    for name in ACTIVATIONS:
        numerical = numerical_gradient(lambda x, name=name: np.sum(ACTIVATIONS[name](x)), z.copy())
        assert relative_error(DERIVATIVES[name](z), numerical) < 1e-7, name


@pytest.mark.parametrize("name", ["softmax", "ReLU", "", None, 3])
def test_check_activation_name_lists_the_choices(name):
    with pytest.raises(ValueError, match=r"unknown activation .*relu.*sigmoid.*tanh"):
        check_activation_name(name)

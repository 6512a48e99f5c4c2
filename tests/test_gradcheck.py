"""numerical_gradient, relative_error and gradient_check - including the bugs the check must expose."""

import math

import numpy as np
import pytest

from nn_helpers.activations import DERIVATIVES
from nn_helpers.gradcheck import gradient_check, numerical_gradient, relative_error
from nn_helpers.losses import one_hot
from nn_helpers.network import backward, forward, init_params


def small_problem(n_outputs=1, seed=0):
    """A 3-5-n network on 6 samples whose ReLU pre-activations stay clear of 0."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(6, 3))
    if n_outputs == 1:
        Y = np.array([[0.0], [1.0], [1.0], [0.0], [1.0], [0.0]])
    else:
        Y = one_hot(np.arange(6) % n_outputs, n_outputs)
    params = init_params([3, 5, n_outputs], seed=seed)
    params["b1"] = rng.normal(scale=0.2, size=5)
    _, cache = forward(X, params)
    assert np.abs(cache["Z1"]).min() > 1e-3
    return X, Y, params


# --- numerical_gradient -------------------------------------------------------------------------

def test_numerical_gradient_of_a_cubic():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    numerical = numerical_gradient(lambda v: np.sum(v ** 3), x)
    assert relative_error(numerical, 3 * x ** 2) < 1e-9


def test_numerical_gradient_of_a_product_sees_every_entry():
    x = np.array([2.0, 3.0, 5.0])
    # d(x0 x1 x2)/dx_i is the product of the other two
    np.testing.assert_allclose(numerical_gradient(lambda v: v[0] * v[1] * v[2], x), [15.0, 10.0, 6.0], rtol=1e-9)


def test_numerical_gradient_is_second_order_accurate():
    # for sin the central difference errs by about eps**2 / 6 * |cos|, the one-sided one by eps / 2 * |sin|
    x = np.array([0.3])
    numerical = numerical_gradient(lambda v: math.sin(v[0]), x, eps=1e-3)
    assert abs(numerical[0] - math.cos(0.3)) < 1e-6
    one_sided = (math.sin(0.3 + 1e-3) - math.sin(0.3)) / 1e-3
    assert abs(one_sided - math.cos(0.3)) > 1e-4


def test_numerical_gradient_restores_x_exactly():
    x = np.random.default_rng(1).normal(size=(3, 4))
    before = x.copy()
    numerical_gradient(lambda v: float(np.sum(np.exp(v))), x)
    np.testing.assert_array_equal(x, before)


def test_numerical_gradient_restores_x_when_f_fails():
    x = np.array([1.0, 2.0, 3.0])
    calls = []

    def failing(v):
        calls.append(v.copy())
        if len(calls) == 4:
            raise RuntimeError("boom")
        return float(v.sum())

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(failing, x)
    np.testing.assert_array_equal(x, [1.0, 2.0, 3.0])
    # and x really was perturbed in place, one entry at a time
    np.testing.assert_array_equal(calls[0], [1.0 + 1e-5, 2.0, 3.0])
    np.testing.assert_array_equal(calls[3], [1.0, 2.0 - 1e-5, 3.0])


def test_numerical_gradient_validates_its_inputs():
    with pytest.raises(TypeError, match="numpy array of floats"):
        numerical_gradient(np.sum, np.array([1, 2, 3]))
    with pytest.raises(TypeError, match="numpy array of floats"):
        numerical_gradient(np.sum, [1.0, 2.0])
    with pytest.raises(ValueError, match="eps must be a small positive number"):
        numerical_gradient(np.sum, np.ones(2), eps=0.0)
    with pytest.raises(TypeError, match="f must be a function"):
        numerical_gradient("loss", np.ones(2))
    with pytest.raises(TypeError, match="f must return a single number"):
        numerical_gradient(lambda v: v * 2, np.ones(2))


# --- relative_error -----------------------------------------------------------------------------

def test_relative_error_by_hand():
    assert relative_error([1.0, 0.0], [0.0, 1.0]) == pytest.approx(math.sqrt(2) / 2, rel=1e-15)
    assert relative_error([1.0], [-1.0]) == pytest.approx(1.0, rel=1e-15)
    assert relative_error([3.0, 4.0], [3.0, 4.0]) == 0.0
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    # a relative change d gives d / (2 + d)
    assert relative_error([2.0], [2.0 * (1 + 1e-6)]) == pytest.approx(1e-6 / (2 + 1e-6), rel=1e-6)


def test_relative_error_does_not_depend_on_scale():
    a, b = np.array([1.0, 2.0, 3.0]), np.array([1.1, 2.0, 2.9])
    assert relative_error(1e-9 * a, 1e-9 * b) == pytest.approx(relative_error(a, b), rel=1e-12)


def test_relative_error_rejects_different_shapes():
    with pytest.raises(ValueError, match=r"\(2,\) and \(3,\)"):
        relative_error(np.zeros(2), np.zeros(3))


# --- gradient_check on the reference backward -----------------------------------------------------

@pytest.mark.parametrize("n_outputs", [1, 3])
@pytest.mark.parametrize(("hidden_activation", "alpha"), [("relu", 0.0), ("tanh", 0.0), ("sigmoid", 0.4),
                                                          ("relu", 1.5)])
def test_reference_backward_passes(n_outputs, hidden_activation, alpha):
    X, Y, params = small_problem(n_outputs)
    errors = gradient_check(X, Y, params, hidden_activation, alpha)
    assert list(errors) == ["W1", "b1", "W2", "b2"]
    assert max(errors.values()) < 1e-7


def test_gradient_check_leaves_params_alone_even_if_backward_writes_into_them():
    X, Y, params = small_problem()
    before = {name: value.copy() for name, value in params.items()}

    def vandal(X, Y, params, cache):
        grads = backward(X, Y, params, cache)
        for value in params.values():
            value += 1.0
        cache["Z1"][:] = 0.0
        return grads

    errors = gradient_check(X, Y, params, backward_fn=vandal)
    assert max(errors.values()) < 1e-7
    for name in params:
        np.testing.assert_array_equal(params[name], before[name])


@pytest.mark.parametrize(("hidden_activation", "alpha", "expected_options"), [
    ("relu", 0.0, {}),
    ("tanh", 0.0, {"hidden_activation": "tanh"}),
    ("relu", 0.3, {"alpha": 0.3}),
    ("sigmoid", 0.3, {"hidden_activation": "sigmoid", "alpha": 0.3}),
])
def test_backward_fn_gets_only_the_options_that_differ_from_the_defaults(hidden_activation, alpha,
                                                                         expected_options):
    X, Y, params = small_problem()
    received = []

    def recording_backward(X, Y, params, cache, **options):
        received.append(options)
        return backward(X, Y, params, cache, **options)

    errors = gradient_check(X, Y, params, hidden_activation, alpha, backward_fn=recording_backward)
    assert received == [expected_options]
    assert max(errors.values()) < 1e-7


def test_a_learner_backward_with_four_arguments_can_be_checked():
    X, Y, params = small_problem()

    def learner_backward(X, Y, params, cache):
        return backward(X, Y, params, cache)

    assert max(gradient_check(X, Y, params, backward_fn=learner_backward).values()) < 1e-7


# --- the bugs of lesson 5 -----------------------------------------------------------------------

def backward_two_layers(X, Y, params, cache, bug=None):
    """A hand-written 2-layer ReLU backward pass with an optional bug from lesson 5's gallery."""
    n = X.shape[0]
    P, A1, Z1 = cache["A2"], cache["A1"], cache["Z1"]
    dZ2 = (P - Y) / n
    if bug == "sum instead of mean":
        dZ2 = P - Y
    if bug == "wrong sign":
        dZ2 = (Y - P) / n
    if bug == "sigmoid derivative twice":
        dZ2 = (P - Y) * P * (1 - P) / n
    dW2 = A1.T @ dZ2
    weights_back = dW2 if bug == "error through dW2" else params["W2"]
    dZ1 = (dZ2 @ weights_back.T) * DERIVATIVES["relu"](Z1)
    return {"dW1": X.T @ dZ1, "db1": dZ1.sum(axis=0), "dW2": dW2, "db2": dZ2.sum(axis=0)}


def test_the_hand_written_backward_is_right_without_a_bug():
    X, Y, params = small_problem()
    assert max(gradient_check(X, Y, params, backward_fn=backward_two_layers).values()) < 1e-7


@pytest.mark.parametrize(("bug", "wrong"), [
    ("sum instead of mean", {"W1", "b1", "W2", "b2"}),
    ("wrong sign", {"W1", "b1", "W2", "b2"}),
    ("sigmoid derivative twice", {"W1", "b1", "W2", "b2"}),
    ("error through dW2", {"W1", "b1"}),
])
def test_gradient_check_exposes_each_bug(bug, wrong):
    X, Y, params = small_problem()
    errors = gradient_check(X, Y, params,
                            backward_fn=lambda X, Y, params, cache: backward_two_layers(X, Y, params, cache, bug))
    assert {name for name, error in errors.items() if error > 1e-4} == wrong
    assert all(error < 1e-7 for name, error in errors.items() if name not in wrong)


def test_gradient_check_exposes_a_forgotten_l2_term():
    X, Y, params = small_problem()

    def without_l2(X, Y, params, cache, alpha=0.0):
        return backward(X, Y, params, cache)  # ignores alpha

    errors = gradient_check(X, Y, params, alpha=2.0, backward_fn=without_l2)
    assert errors["W1"] > 1e-4 and errors["W2"] > 1e-4
    assert errors["b1"] < 1e-7 and errors["b2"] < 1e-7


# --- verbose table ------------------------------------------------------------------------------

def test_verbose_prints_one_row_per_parameter_with_a_verdict(capsys):
    X, Y, params = small_problem()

    def slightly_off(X, Y, params, cache):
        grads = backward(X, Y, params, cache)
        grads["dW2"] = grads["dW2"] * (1 + 1e-6)  # relative error about 5e-7
        grads["db2"] = -grads["db2"]
        return grads

    errors = gradient_check(X, Y, params, backward_fn=slightly_off, verbose=True)
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].split() == ["parameter", "relative", "error", "verdict"]
    rows = {line.split()[0]: line.split() for line in lines[1:]}
    assert list(rows) == ["W1", "b1", "W2", "b2"]
    assert [rows[name][2] for name in rows] == ["good", "good", "suspicious", "wrong"]
    for name, error in errors.items():
        assert float(rows[name][1]) == pytest.approx(error, rel=0.01)
    # the columns line up
    assert len({line.index(line.split()[-1]) for line in lines[1:]}) == 1


def test_quiet_by_default(capsys):
    X, Y, params = small_problem()
    gradient_check(X, Y, params)
    assert capsys.readouterr().out == ""


# --- input validation ---------------------------------------------------------------------------

def test_gradient_check_errors_say_what_is_wrong():
    X, Y, params = small_problem()
    with pytest.raises(ValueError, match=r"Y has shape \(6,\).*\(6, 1\)"):
        gradient_check(X, Y.ravel(), params)
    with pytest.raises(ValueError, match="X has 2 features but the network was built for 3"):
        gradient_check(X[:, :2], Y, params)
    with pytest.raises(ValueError, match="unknown activation"):
        gradient_check(X, Y, params, hidden_activation="swish")
    with pytest.raises(ValueError, match="alpha"):
        gradient_check(X, Y, params, alpha=-1.0)
    with pytest.raises(ValueError, match="eps"):
        gradient_check(X, Y, params, eps=-1e-5)
    with pytest.raises(TypeError, match="backward_fn must be a function"):
        gradient_check(X, Y, params, backward_fn="backward")
    with pytest.raises(TypeError, match="params must be a dict"):
        gradient_check(X, Y, [params["W1"]])


def test_gradient_check_explains_a_malformed_backward_result():
    X, Y, params = small_problem()

    def missing_db2(X, Y, params, cache):
        grads = backward(X, Y, params, cache)
        del grads["db2"]
        return grads

    def transposed_dW1(X, Y, params, cache):
        grads = backward(X, Y, params, cache)
        grads["dW1"] = grads["dW1"].T
        return grads

    with pytest.raises(ValueError, match="no 'db2'"):
        gradient_check(X, Y, params, backward_fn=missing_db2)
    with pytest.raises(ValueError, match=r"dW1 has shape \(5, 3\) but W1 has shape \(3, 5\)"):
        gradient_check(X, Y, params, backward_fn=transposed_dW1)
    with pytest.raises(TypeError, match="must return a dict"):
        gradient_check(X, Y, params, backward_fn=lambda X, Y, params, cache: list(params.values()))


# --- a relative error of 1.0 has two causes (review E2) -------------------------------------------------------------

def test_relative_error_is_one_for_opposite_signs_and_for_one_side_all_zeros():
    g = np.array([0.3, -1.2, 2.0])
    assert relative_error(g, -g) == pytest.approx(1.0, rel=1e-15)
    assert relative_error(g, np.zeros(3)) == 1.0
    assert relative_error(np.zeros(3), g) == 1.0
    assert "all zeros" in relative_error.__doc__


def test_verbose_names_an_all_zero_gradient_but_not_a_sign_error(capsys):
    X, Y, params = small_problem()

    def zero_dW1_negative_db2(X, Y, params, cache):
        grads = backward(X, Y, params, cache)
        grads["dW1"] = np.zeros_like(grads["dW1"])
        grads["db2"] = -grads["db2"]
        return grads

    errors = gradient_check(X, Y, params, backward_fn=zero_dW1_negative_db2, verbose=True)
    assert errors["W1"] == 1.0 and errors["b2"] == pytest.approx(1.0)
    rows = {line.split()[0]: line for line in capsys.readouterr().out.splitlines()[1:]}
    assert "backward_fn's gradient is all zeros" in rows["W1"]
    assert rows["b2"].split()[2:] == ["wrong"]

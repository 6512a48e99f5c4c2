"""init_params, forward, backward, update_params and compute_loss (lessons 3-6)."""

import numpy as np
import pytest

from nn_helpers.activations import relu, sigmoid, softmax, tanh
from nn_helpers.gradcheck import numerical_gradient, relative_error
from nn_helpers.losses import one_hot
from nn_helpers.network import (backward, compute_loss, forward, init_params, l2_penalty, n_layers,
                                update_params)

ACTIVATION_FUNCTIONS = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid}


def copy_params(params):
    return {name: value.copy() for name, value in params.items()}


def assert_params_equal(params, expected):
    assert params.keys() == expected.keys()
    for name in params:
        np.testing.assert_array_equal(params[name], expected[name], err_msg=name)


def network_problem(layer_sizes, seed):
    """Inputs, targets and parameters with non-zero biases, for the gradient tests."""
    rng = np.random.default_rng(seed)
    n_samples, n_outputs = 7, layer_sizes[-1]
    X = rng.normal(size=(n_samples, layer_sizes[0]))
    if n_outputs == 1:
        Y = rng.integers(0, 2, size=(n_samples, 1)).astype(np.float64)
    else:
        Y = one_hot(rng.integers(0, n_outputs, n_samples), n_outputs)
    params = init_params(layer_sizes, seed=seed)
    for name in params:
        if name.startswith("b"):
            params[name] = rng.normal(scale=0.3, size=params[name].shape)
    return X, Y, params


# --- init_params --------------------------------------------------------------------------------

def test_init_params_shapes_and_zero_biases():
    params = init_params([3, 5, 4, 2], seed=1)
    assert list(params) == ["W1", "b1", "W2", "b2", "W3", "b3"]
    expected_shapes = {"W1": (3, 5), "b1": (5,), "W2": (5, 4), "b2": (4,), "W3": (4, 2), "b3": (2,)}
    assert {name: value.shape for name, value in params.items()} == expected_shapes
    for layer in (1, 2, 3):
        np.testing.assert_array_equal(params[f"b{layer}"], 0.0)
        assert params[f"W{layer}"].dtype == np.float64
    assert n_layers(params) == 3


def test_init_params_uses_he_scale():
    n_in, n_out = 800, 1000
    weights = init_params([n_in, n_out], seed=2)["W1"].ravel()
    expected_std = np.sqrt(2.0 / n_in)
    # 800,000 draws: the sample std wobbles by about 0.08 % (1 / sqrt(2 N)), the mean by std / sqrt(N)
    assert weights.std() == pytest.approx(expected_std, rel=0.01)
    assert abs(weights.mean()) < 5 * expected_std / np.sqrt(weights.size)
    # and the scale follows the fan-in: a layer with 8x more inputs has weights sqrt(8)x smaller
    small = init_params([100, 1000], seed=2)["W1"].std()
    assert small / weights.std() == pytest.approx(np.sqrt(8), rel=0.02)


def test_init_params_is_reproducible_with_a_seed():
    assert_params_equal(init_params([4, 6, 3], seed=7), init_params([4, 6, 3], seed=7))
    other = init_params([4, 6, 3], seed=8)
    assert not np.array_equal(init_params([4, 6, 3], seed=7)["W1"], other["W1"])


@pytest.mark.parametrize("layer_sizes", [[3], [], [3, 0, 1], [3, -2, 1], [3, 2.5, 1], [3, True, 1], [3, "4", 1]])
def test_init_params_rejects_bad_layer_sizes(layer_sizes):
    with pytest.raises(ValueError, match="layer"):
        init_params(layer_sizes)


# --- forward ------------------------------------------------------------------------------------

def test_forward_by_hand():
    X = np.array([[1.0, 2.0]])
    params = {"W1": np.array([[1.0, -1.0], [1.0, 1.0]]), "b1": np.array([0.5, -4.0]),
              "W2": np.array([[2.0], [5.0]]), "b2": np.array([-7.0])}
    P, cache = forward(X, params, "relu")
    np.testing.assert_allclose(cache["Z1"], [[3.5, -3.0]])  # [1 + 2 + 0.5, -1 + 2 - 4]
    np.testing.assert_allclose(cache["A1"], [[3.5, 0.0]])
    np.testing.assert_allclose(cache["Z2"], [[0.0]])  # 2 * 3.5 + 5 * 0 - 7
    np.testing.assert_allclose(P, [[0.5]])


@pytest.mark.parametrize("hidden_activation", ["relu", "tanh", "sigmoid"])
def test_forward_cache_holds_every_layer(hidden_activation):
    X, _, params = network_problem([3, 5, 4, 2], seed=3)
    P, cache = forward(X, params, hidden_activation)
    assert set(cache) == {"A0", "Z1", "A1", "Z2", "A2", "Z3", "A3"}
    np.testing.assert_array_equal(cache["A0"], X)
    g = ACTIVATION_FUNCTIONS[hidden_activation]
    A = X
    for layer in (1, 2, 3):
        Z = A @ params[f"W{layer}"] + params[f"b{layer}"]
        A = g(Z) if layer < 3 else softmax(Z)
        np.testing.assert_allclose(cache[f"Z{layer}"], Z, rtol=1e-13)
        np.testing.assert_allclose(cache[f"A{layer}"], A, rtol=1e-13)
    assert P is cache["A3"]


def test_forward_softmax_rows_sum_to_one_and_sigmoid_stays_in_range():
    X = np.random.default_rng(4).normal(scale=10.0, size=(50, 3))
    P, _ = forward(X, init_params([3, 8, 4], seed=4))
    assert P.shape == (50, 4)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, rtol=1e-14)
    P, _ = forward(X, init_params([3, 8, 1], seed=4))
    assert P.shape == (50, 1)
    assert np.all((P >= 0) & (P <= 1))


def test_forward_leaves_inputs_alone():
    X, _, params = network_problem([3, 5, 1], seed=5)
    X_before, params_before = X.copy(), copy_params(params)
    forward(X, params, "tanh")
    np.testing.assert_array_equal(X, X_before)
    assert_params_equal(params, params_before)


def test_forward_wrong_feature_count_names_both_numbers():
    params = init_params([13, 8, 1])
    with pytest.raises(ValueError, match="X has 3 features but the network was built for 13"):
        forward(np.zeros((4, 3)), params)


def test_forward_rejects_one_dimensional_x_and_unknown_activation():
    params = init_params([2, 3, 1])
    with pytest.raises(ValueError, match="2-D"):
        forward(np.zeros(2), params)
    with pytest.raises(ValueError, match="unknown activation 'leaky_relu'"):
        forward(np.zeros((1, 2)), params, "leaky_relu")


def test_forward_rejects_malformed_params():
    with pytest.raises(TypeError, match="params must be a dict"):
        forward(np.zeros((1, 2)), [np.zeros((2, 1))])
    with pytest.raises(ValueError, match="W2 but no b2"):
        forward(np.zeros((1, 2)), {"W1": np.zeros((2, 3)), "b1": np.zeros(3), "W2": np.zeros((3, 1))})


# --- compute_loss and l2_penalty ----------------------------------------------------------------

def test_compute_loss_picks_the_cross_entropy_by_output_width():
    Y = np.array([[1.0], [0.0]])
    P = np.array([[0.8], [0.4]])
    assert compute_loss(Y, P) == pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2, rel=1e-14)
    Y = np.array([[0.0, 1.0, 0.0]])
    P = np.array([[0.2, 0.5, 0.3]])
    assert compute_loss(Y, P) == pytest.approx(-np.log(0.5), rel=1e-14)


def test_l2_term_by_hand_ignores_biases():
    params = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([100.0, 100.0]),
              "W2": np.array([[3.0], [-1.0]]), "b2": np.array([50.0])}
    # 0.5 * alpha * (1 + 4 + 9 + 1) / n_samples
    assert l2_penalty(params, n_samples=4, alpha=0.2) == pytest.approx(0.5 * 0.2 * 15 / 4, rel=1e-15)
    assert l2_penalty(params, n_samples=4, alpha=0.0) == 0.0
    Y, P = np.array([[1.0]] * 4), np.array([[0.5]] * 4)
    assert compute_loss(Y, P, params, alpha=0.2) == pytest.approx(np.log(2) + 0.5 * 0.2 * 15 / 4, rel=1e-14)


# --- backward -----------------------------------------------------------------------------------

# Every case's hidden pre-activations stay clear of ReLU's kink (checked in the test).
ARCHITECTURES = {
    "1 hidden, sigmoid out": [3, 5, 1],
    "2 hidden, sigmoid out": [3, 5, 4, 1],
    "1 hidden, softmax out": [3, 5, 3],
    "2 hidden, softmax out": [4, 6, 5, 3],
}


@pytest.mark.parametrize("alpha", [0.0, 0.7])
@pytest.mark.parametrize("hidden_activation", ["relu", "tanh", "sigmoid"])
@pytest.mark.parametrize("layer_sizes", ARCHITECTURES.values(), ids=ARCHITECTURES.keys())
def test_backward_matches_numerical_gradients(layer_sizes, hidden_activation, alpha):
    X, Y, params = network_problem(layer_sizes, seed=len(layer_sizes) * 10 + layer_sizes[-1])
    P, cache = forward(X, params, hidden_activation)
    hidden_pre_activations = [cache[f"Z{layer}"] for layer in range(1, len(layer_sizes) - 1)]
    # Closer than eps = 1e-5 to 0, a ReLU's numerical slope would be meaningless.
    assert min(np.abs(Z).min() for Z in hidden_pre_activations) > 1e-3

    grads = backward(X, Y, params, cache, hidden_activation, alpha)
    assert set(grads) == {f"d{name}" for name in params}

    def loss(_):
        return compute_loss(Y, forward(X, params, hidden_activation)[0], params, alpha)

    for name in params:
        numerical = numerical_gradient(loss, params[name])
        assert grads[f"d{name}"].shape == params[name].shape
        assert relative_error(grads[f"d{name}"], numerical) < 1e-7, name


def test_backward_adds_alpha_w_over_n_to_weights_only():
    X, Y, params = network_problem([3, 5, 1], seed=6)
    P, cache = forward(X, params)
    plain = backward(X, Y, params, cache, alpha=0.0)
    regularised = backward(X, Y, params, cache, alpha=0.7)
    for layer in (1, 2):
        np.testing.assert_allclose(regularised[f"dW{layer}"] - plain[f"dW{layer}"],
                                   0.7 * params[f"W{layer}"] / len(X), rtol=1e-12, atol=1e-15)
        np.testing.assert_array_equal(regularised[f"db{layer}"], plain[f"db{layer}"])


def test_backward_leaves_params_and_cache_alone():
    # the tutorials' ReLU-derivative bug wrote into the cached pre-activations
    X, Y, params = network_problem([3, 5, 4, 1], seed=7)
    P, cache = forward(X, params)
    params_before, cache_before = copy_params(params), copy_params(cache)
    backward(X, Y, params, cache, alpha=0.5)
    assert_params_equal(params, params_before)
    assert_params_equal(cache, cache_before)


def test_backward_rejects_labels_of_the_wrong_shape():
    X, Y, params = network_problem([3, 5, 1], seed=8)
    P, cache = forward(X, params)
    with pytest.raises(ValueError, match=r"Y has shape \(7,\).*\(7, 1\)"):
        backward(X, Y.ravel(), params, cache)


# --- update_params ------------------------------------------------------------------------------

def test_update_params_takes_one_step_and_returns_a_new_dict():
    params = {"W1": np.array([[1.0, -2.0]]), "b1": np.array([0.5, 0.0])}
    grads = {"dW1": np.array([[10.0, -10.0]]), "db1": np.array([1.0, 2.0])}
    params_before, grads_before = copy_params(params), copy_params(grads)
    updated = update_params(params, grads, learning_rate=0.1)
    np.testing.assert_allclose(updated["W1"], [[0.0, -1.0]])
    np.testing.assert_allclose(updated["b1"], [0.4, -0.2])
    assert updated is not params
    assert not np.shares_memory(updated["W1"], params["W1"])
    assert_params_equal(params, params_before)
    assert_params_equal(grads, grads_before)


@pytest.mark.parametrize("learning_rate", [0.0, -0.1, float("nan")])
def test_update_params_rejects_a_non_positive_learning_rate(learning_rate):
    params = init_params([2, 1])
    grads = {"dW1": np.zeros((2, 1)), "db1": np.zeros(1)}
    with pytest.raises(ValueError, match="learning_rate must be positive"):
        update_params(params, grads, learning_rate)


def test_update_params_names_missing_gradients():
    params = init_params([2, 3, 1])
    grads = {"dW1": np.zeros((2, 3)), "db1": np.zeros(3), "dW2": np.zeros((3, 1))}
    with pytest.raises(ValueError, match=r"missing \['db2'\]"):
        update_params(params, grads, 0.1)


# --- backward is the layers' backward steps in reverse ------------------------------------------------------------

@pytest.mark.parametrize("layer_sizes, hidden_activation", [([3, 4, 1], "relu"), ([3, 5, 4, 3], "tanh"),
                                                            ([2, 3, 3, 3, 3, 1], "sigmoid")])
def test_backward_equals_the_reversed_loop_over_layers(layer_sizes, hidden_activation):
    from nn_helpers.layers import activation_backward, dense_backward, output_loss_backward
    X, Y, params = network_problem(layer_sizes, seed=4)
    P, cache = forward(X, params, hidden_activation)
    L = len(layer_sizes) - 1
    expected = {}
    dZ = output_loss_backward(P, Y)
    for layer in range(L, 0, -1):
        dA, expected[f"dW{layer}"], expected[f"db{layer}"] = dense_backward(dZ, (cache[f"A{layer - 1}"],
                                                                                 params[f"W{layer}"]))
        if layer > 1:
            dZ = activation_backward(dA, (cache[f"Z{layer - 1}"], hidden_activation))
    grads = backward(X, Y, params, cache, hidden_activation)
    assert grads.keys() == expected.keys()
    for name in grads:
        np.testing.assert_array_equal(grads[name], expected[name], err_msg=name)


def test_backward_with_an_identity_output_is_the_gradient_of_half_the_squared_error():
    X, _, params = network_problem([3, 4, 2], seed=6)
    Y = np.random.default_rng(6).normal(size=(X.shape[0], 2))
    P, cache = forward(X, params, "tanh", output_activation="identity")
    np.testing.assert_array_equal(P, cache["Z2"])
    grads = backward(X, Y, params, cache, "tanh")

    def loss(_):
        P, _cache = forward(X, params, "tanh", output_activation="identity")
        return 0.5 * np.sum((P - Y) ** 2) / X.shape[0]  # the loss whose gradient backward returns

    for name in params:
        assert relative_error(grads[f"d{name}"], numerical_gradient(loss, params[name])) < 1e-7, name

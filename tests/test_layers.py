"""nn_helpers.layers: each layer's backward against central differences, and the output-and-loss pairs."""

import numpy as np
import pytest

from nn_helpers.activations import softmax
from nn_helpers.gradcheck import numerical_gradient, relative_error
from nn_helpers.layers import (activation_backward, activation_forward, dense_backward, dense_forward,
                               half_squared_error, output_forward, output_loss_backward, softmax_backward)
from nn_helpers.losses import binary_cross_entropy, categorical_cross_entropy, one_hot

rng = np.random.default_rng(0)


def upstream_check(forward_fn, array, upstream, analytic):
    """The gradient of sum(forward_fn(array) * upstream) with respect to array, by central differences."""
    numeric = numerical_gradient(lambda _: float(np.sum(forward_fn() * upstream)), array)
    return relative_error(analytic, numeric)


def test_dense_forward_computes_z_and_caches_its_inputs():
    A, W, b = rng.normal(size=(5, 3)), rng.normal(size=(3, 4)), rng.normal(size=4)
    Z, cache = dense_forward(A, W, b)
    np.testing.assert_allclose(Z, A @ W + b, rtol=1e-14)
    assert cache[0] is A and cache[1] is W


@pytest.mark.parametrize("n, n_in, n_out", [(5, 3, 4), (1, 2, 2), (7, 4, 1)])
def test_dense_backward_matches_central_differences(n, n_in, n_out):
    A, W, b = rng.normal(size=(n, n_in)), rng.normal(size=(n_in, n_out)), rng.normal(size=n_out)
    G = rng.normal(size=(n, n_out))
    dA, dW, db = dense_backward(G, (A, W))
    assert dA.shape == A.shape and dW.shape == W.shape and db.shape == b.shape
    for array, analytic in ((A, dA), (W, dW), (b, db)):
        assert upstream_check(lambda: dense_forward(A, W, b)[0], array, G, analytic) < 1e-8


def test_dense_backward_can_skip_the_input_gradient():
    A, W, dZ = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=(4, 2))
    dA, dW, db = dense_backward(dZ, (A, W), input_grad=False)
    assert dA is None
    np.testing.assert_array_equal(dW, dense_backward(dZ, (A, W))[1])


@pytest.mark.parametrize("name", ["relu", "tanh", "sigmoid"])
def test_activation_backward_matches_central_differences_and_keeps_z(name):
    Z = rng.normal(size=(6, 3)) + 0.05  # ReLU's kink at 0 is more than eps away for this seed
    Z_before = Z.copy()
    G = rng.normal(size=Z.shape)
    _, cache = activation_forward(Z, name)
    dZ = activation_backward(G, cache)
    np.testing.assert_array_equal(Z, Z_before)
    assert upstream_check(lambda: activation_forward(Z, name)[0], Z, G, dZ) < 1e-8


def test_activation_backward_in_place_writes_into_da_only():
    Z, dA = rng.normal(size=(3, 2)), rng.normal(size=(3, 2))
    expected = activation_backward(dA, (Z, "tanh"))
    Z_before = Z.copy()
    result = activation_backward(dA, (Z, "tanh"), in_place=True)
    assert result is dA
    np.testing.assert_allclose(dA, expected, rtol=1e-15)
    np.testing.assert_array_equal(Z, Z_before)


def test_activation_forward_rejects_an_unknown_name():
    with pytest.raises(ValueError, match="unknown activation"):
        activation_forward(np.zeros((2, 2)), "gelu")


@pytest.mark.parametrize("shape", [(4, 5), (5,), (3, 2)])
def test_softmax_backward_matches_the_explicit_jacobian_and_central_differences(shape):
    Z = rng.normal(size=shape)
    P = softmax(Z)
    G = rng.normal(size=shape)
    dZ = softmax_backward(G, P)
    rows_P, rows_G = np.atleast_2d(P), np.atleast_2d(G)
    explicit = np.array([(np.diag(p) - np.outer(p, p)).T @ g for p, g in zip(rows_P, rows_G)]).reshape(shape)
    np.testing.assert_allclose(dZ, explicit, rtol=1e-12, atol=1e-15)
    assert upstream_check(lambda: softmax(Z), Z, G, dZ) < 1e-8


@pytest.mark.parametrize("output, n_out", [("sigmoid", 1), ("softmax", 3), ("identity", 2)])
def test_output_loss_backward_is_the_gradient_of_the_matched_loss(output, n_out):
    """(P - Y) / n for sigmoid + BCE, softmax + CE and identity + half squared error, by central differences."""
    n = 6
    Z = rng.normal(size=(n, n_out))
    if output == "sigmoid":
        Y, loss = rng.integers(0, 2, size=(n, 1)).astype(float), binary_cross_entropy
    elif output == "softmax":
        Y, loss = one_hot(rng.integers(0, n_out, n), n_out), categorical_cross_entropy
    else:
        Y, loss = rng.normal(size=(n, n_out)), half_squared_error
    numeric = numerical_gradient(lambda _: loss(Y, output_forward(Z, output)), Z)
    assert relative_error(output_loss_backward(output_forward(Z, output), Y), numeric) < 1e-8


def test_output_forward_picks_sigmoid_or_softmax_by_default_and_rejects_unknown_names():
    Z = rng.normal(size=(3, 1))
    np.testing.assert_allclose(output_forward(Z), 1 / (1 + np.exp(-Z)))
    np.testing.assert_allclose(output_forward(np.zeros((2, 4))).sum(axis=1), 1.0)
    with pytest.raises(ValueError, match="output_activation must be None or one of"):
        output_forward(Z, "tanh")


def test_half_squared_error_is_half_the_mse_for_one_column_and_checks_shapes():
    Y, P = rng.normal(size=(5, 1)), rng.normal(size=(5, 1))
    assert half_squared_error(Y, P) == pytest.approx(0.5 * np.mean((P - Y) ** 2), rel=1e-14)
    with pytest.raises(ValueError, match="must both have shape"):
        half_squared_error(Y.ravel(), P)


# --------------------------------------------------------------------------------------------------------------------
# The bug hunt's checker: hints only from a bug's second wrong diagnosis on
# --------------------------------------------------------------------------------------------------------------------

def _flat(text):
    return " ".join(text.split())


def test_bug_hunt_first_failure_names_the_bugs_and_hints_come_on_the_second(capsys, monkeypatch):
    from nn_helpers.checks import lesson05_backprop_layers as lesson05

    monkeypatch.setattr(lesson05, "_HUNT_WRONG_SO_FAR", {})
    everything_correct = lambda bug: "correct"  # noqa: E731 - one submission for every bug
    assert lesson05.check_bug_hunt(everything_correct) is False
    # The harness wraps long lines at spaces (continuations are indented): compare with the spacing flattened.
    first = _flat(capsys.readouterr().out)
    assert "not right: bug_1 ('correct'), bug_2 ('correct'), bug_4 ('correct'), bug_5 ('correct')" in first
    assert "How to read the table" in first
    assert not any(_flat(hint) in first for hint in lesson05._HUNT_HINTS.values())
    assert lesson05.check_bug_hunt(everything_correct) is False
    printed = capsys.readouterr().out
    second = _flat(printed)
    assert _flat(lesson05._HUNT_HINTS["bug_1"]) in second and _flat(lesson05._HUNT_HINTS["bug_2"]) in second
    assert len([line for line in printed.splitlines() if not line.startswith(" ")]) <= 5
    # A bug wrong for the first time still gets no hint, even after other bugs got theirs.
    key = {bug: lesson05.diagnose(bug) for bug in lesson05.BUG_HUNT}
    assert lesson05.check_bug_hunt({**key, "bug_3": "sign"}) is False
    third = _flat(capsys.readouterr().out)
    assert _flat(lesson05._HUNT_HINTS["bug_3"]) not in third and "How to read the table" in third


def test_bug_hunt_hints_do_not_contain_the_keys():
    from nn_helpers.checks.lesson05_backprop_layers import _HUNT_HINTS, _HUNT_KEY

    for bug, hint in _HUNT_HINTS.items():
        assert _HUNT_KEY[bug] not in hint.lower(), bug


def test_check_backward_restores_the_learners_layers():
    import mistakes_05_backprop_layers as catalogue  # tests/ is on the path, as for test_checks.py
    from nn_helpers.checks import check_backward

    namespace = catalogue.backward_compensating.__globals__
    theirs = namespace["dense_backward"]
    check_backward(catalogue.backward_compensating)
    assert namespace["dense_backward"] is theirs

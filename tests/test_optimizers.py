"""The update rules and schedules of nn_helpers.optimizers, and NeuralNet's optimiser parameters.

The rules are held against scikit-learn's own optimiser objects
(``sklearn.neural_network._stochastic_optimizers``) step by step; the whole
training runs are compared with MLPClassifier and Keras in test_equivalence.py.
"""

import copy
import math
import warnings

import numpy as np
import pytest
from sklearn.datasets import make_moons
from sklearn.neural_network._stochastic_optimizers import AdamOptimizer, SGDOptimizer
from sklearn.utils.estimator_checks import check_estimator

from nn_helpers import (NeuralNet, adam_update, cosine_decay, init_adam_state, init_params, invscaling,
                        momentum_update, zeros_like_params)
from nn_helpers.network import backward, compute_loss, forward, update_params

NAMES = ["W1", "b1", "W2", "b2"]


def random_steps(n_steps, seed=0):
    """A start and n_steps of random gradients for a [3, 4, 2] network."""
    rng = np.random.default_rng(seed)
    params = init_params([3, 4, 2], seed=seed)
    grads = [{f"d{name}": rng.normal(0, 1, value.shape) for name, value in params.items()} for _ in range(n_steps)]
    return params, grads


def run_sklearn(optimizer_class, params, grads, **settings):
    """Apply scikit-learn's optimiser to copies of params for each gradient; the final params."""
    arrays = [params[name].copy() for name in NAMES]
    optimizer = optimizer_class(arrays, **settings)
    for step in grads:
        optimizer.update_params(arrays, [step[f"d{name}"] for name in NAMES])
    return dict(zip(NAMES, arrays))


@pytest.mark.parametrize("nesterov", [False, True])
@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
def test_momentum_update_is_sklearns_sgd(momentum, nesterov):
    params, grads = random_steps(6)
    expected = run_sklearn(SGDOptimizer, params, grads, learning_rate_init=0.05, momentum=momentum,
                           nesterov=nesterov)
    ours, velocity = params, zeros_like_params(params)
    for step in grads:
        ours, velocity = momentum_update(ours, step, velocity, 0.05, momentum, nesterov)
    for name in NAMES:
        np.testing.assert_array_equal(ours[name], expected[name])  # the same operations: bit for bit


@pytest.mark.parametrize("betas", [(0.9, 0.999), (0.5, 0.9), (0.0, 0.0), (0.875, 1 - 2 ** -10)])
def test_adam_update_is_sklearns_adam(betas):
    params, grads = random_steps(6, seed=1)
    beta_1, beta_2 = betas
    expected = run_sklearn(AdamOptimizer, params, grads, learning_rate_init=0.01, beta_1=beta_1, beta_2=beta_2,
                           epsilon=1e-8)
    ours, state = params, init_adam_state(params)
    for step in grads:
        ours, state = adam_update(ours, step, state, 0.01, beta_1, beta_2, 1e-8)
    assert state["t"] == 6
    for name in NAMES:
        np.testing.assert_array_equal(ours[name], expected[name])


def test_adam_state_holds_the_moments():
    params, grads = random_steps(2, seed=2)
    _, state = adam_update(params, grads[0], init_adam_state(params), 0.01, 0.9, 0.999, 1e-8)
    _, state = adam_update(params, grads[1], state, 0.01, 0.9, 0.999, 1e-8)
    for name in NAMES:
        g0, g1 = grads[0][f"d{name}"], grads[1][f"d{name}"]
        np.testing.assert_allclose(state["m"][name], 0.9 * 0.1 * g0 + 0.1 * g1, rtol=1e-14)
        np.testing.assert_allclose(state["v"][name], 0.999 * 0.001 * g0 ** 2 + 0.001 * g1 ** 2, rtol=1e-12)


def test_first_adam_step_moves_every_weight_by_about_the_learning_rate():
    # after one step m / sqrt(v) = g / |g|: Adam steps by lr * sign(g), whatever |g| - up to epsilon,
    # which weighs epsilon / sqrt(1 - beta_2) = 3e-7 against |g| (here |g| >= 0.02)
    params, grads = random_steps(1, seed=3)
    new, _ = adam_update(params, grads[0], init_adam_state(params), 0.01)
    for name in NAMES:
        np.testing.assert_allclose(new[name] - params[name], -0.01 * np.sign(grads[0][f"d{name}"]), rtol=1e-4)


@pytest.mark.parametrize("rule", ["momentum", "adam"])
def test_rules_leave_their_inputs_unchanged(rule):
    params, grads = random_steps(1, seed=4)
    state = zeros_like_params(params) if rule == "momentum" else init_adam_state(params)
    state = {"m": {k: v + 0.1 for k, v in state["m"].items()}, "v": {k: v + 0.2 for k, v in state["v"].items()},
             "t": 3} if rule == "adam" else {k: v + 0.1 for k, v in state.items()}
    before = copy.deepcopy((params, grads[0], state))
    if rule == "momentum":
        momentum_update(params, grads[0], state, 0.1, 0.9, nesterov=True)
    else:
        adam_update(params, grads[0], state, 0.1)
    after = (params, grads[0], state)
    assert repr(before) == repr(after)


def test_invscaling_is_sklearns_clock():
    optimizer = SGDOptimizer([np.zeros(1)], 0.1, "invscaling", power_t=0.5)
    for samples_seen in (0, 242, 2420, 10 ** 6):
        if samples_seen:
            optimizer.iteration_ends(samples_seen)
        assert float(invscaling(0.1, 0.5, samples_seen)) == optimizer.learning_rate
    np.testing.assert_allclose(invscaling(0.1, 0.5, np.array([0, 3, 8])), [0.1, 0.05, 0.1 / 3])


def test_cosine_decay_ends_at_alpha_and_passes_the_middle():
    assert float(cosine_decay(0.2, 0, 10)) == 0.2
    assert math.isclose(float(cosine_decay(0.2, 5, 10)), 0.1)
    assert math.isclose(float(cosine_decay(0.2, 10, 10, alpha=0.1)), 0.02)
    assert math.isclose(float(cosine_decay(0.2, 50, 10, alpha=0.1)), 0.02)  # held after decay_steps
    rates = cosine_decay(0.2, np.arange(11), 10)
    assert np.all(np.diff(rates) < 0)


def test_cosine_decay_is_keras():
    pytest.importorskip("tensorflow")
    from nn_helpers.keras_setup import import_keras

    keras = import_keras()[0]
    schedule = keras.optimizers.schedules.CosineDecay(0.25, decay_steps=40, alpha=0.05)
    for step in (0, 1, 13, 40, 55):
        # Keras computes the schedule in float32
        assert math.isclose(float(schedule(step)), float(cosine_decay(0.25, step, 40, alpha=0.05)), rel_tol=1e-6)


# ---------------------------------------------------------------- NeuralNet's optimiser parameters

@pytest.fixture(scope="module")
def moons():
    return make_moons(n_samples=120, noise=0.2, random_state=0)


def plain_descent(X, y, epochs, learning_rate):
    params, Y, losses = init_params([2, 8, 1], seed=0), y.reshape(-1, 1).astype(float), []
    for _ in range(epochs):
        P, cache = forward(X, params)
        losses.append(compute_loss(Y, P))
        params = update_params(params, backward(X, Y, params, cache), learning_rate)
    return params, losses


@pytest.mark.parametrize("settings", [{}, {"nesterovs_momentum": True}, {"beta_1": 0.5, "epsilon": 1.0}],
                         ids=["defaults", "nesterov without momentum", "adam settings with sgd"])
def test_defaults_are_plain_gradient_descent_bit_for_bit(moons, settings):
    X, y = moons
    model = NeuralNet(epochs=30, **settings).fit(X, y)
    params, losses = plain_descent(X, y, 30, 0.1)
    assert model.loss_history_ == losses
    for name in params:
        np.testing.assert_array_equal(model.params_[name], params[name])


def test_default_values_are_documented_ones():
    params = NeuralNet().get_params()
    assert {k: params[k] for k in ("solver", "momentum", "nesterovs_momentum", "beta_1", "beta_2", "epsilon",
                                   "learning_rate_schedule", "power_t")} == dict(
        solver="sgd", momentum=0.0, nesterovs_momentum=False, beta_1=0.9, beta_2=0.999, epsilon=1e-8,
        learning_rate_schedule="constant", power_t=0.5)


def test_adam_and_momentum_follow_the_rules(moons):
    X, y = moons
    Y = y.reshape(-1, 1).astype(float)
    for settings in (dict(solver="adam", learning_rate=0.01), dict(momentum=0.9, nesterovs_momentum=True)):
        model = NeuralNet(epochs=20, **settings).fit(X, y)
        params = init_params([2, 8, 1], seed=0)
        state = init_adam_state(params) if "solver" in settings else zeros_like_params(params)
        for _ in range(20):
            P, cache = forward(X, params)
            grads = backward(X, Y, params, cache)
            if "solver" in settings:
                params, state = adam_update(params, grads, state, 0.01)
            else:
                params, state = momentum_update(params, grads, state, 0.1, 0.9, True)
        for name in params:
            np.testing.assert_array_equal(model.params_[name], params[name])


def test_schedules_change_the_rate_between_epochs(moons):
    X, y = moons
    runs = {schedule: NeuralNet(epochs=40, learning_rate=0.5, learning_rate_schedule=schedule).fit(X, y)
            for schedule in ("constant", "invscaling", "cosine")}
    first = {schedule: model.loss_history_[:2] for schedule, model in runs.items()}
    # the first epoch trains at the full rate for all three, so the second loss is the same
    assert first["constant"] == first["invscaling"] == first["cosine"]
    assert runs["invscaling"].loss_history_[-1] > runs["constant"].loss_history_[-1]  # 0.5 / 121**0.5 after one epoch


def test_minibatch_adam_learns(moons):
    X, y = moons
    model = NeuralNet(hidden_layer_sizes=(16,), solver="adam", learning_rate=0.01, batch_size=16, epochs=60).fit(X, y)
    assert model.loss_history_[-1] < 0.5 * model.loss_history_[0]
    assert model.score(X, y) > 0.9


@pytest.mark.parametrize(("setting", "message"), [
    ({"solver": "lbfgs"}, r"solver must be one of \('sgd', 'adam'\); got 'lbfgs'"),
    ({"solver": None}, "solver must be one of"),
    ({"momentum": -0.1}, "momentum must be a number from 0 to 1"),
    ({"momentum": 1.5}, r"momentum must be a number from 0 to 1 \(0: no momentum\); got 1.5"),
    ({"momentum": "0.9"}, "momentum must be a number"),
    ({"nesterovs_momentum": "yes"}, "nesterovs_momentum must be True or False"),
    ({"beta_1": 1.0}, r"beta_1 must be a number in \[0, 1\)"),
    ({"beta_2": -0.5}, r"beta_2 must be a number in \[0, 1\)"),
    ({"beta_2": float("nan")}, "beta_2 must be a number"),
    ({"epsilon": 0.0}, "epsilon must be a positive, finite number; got 0.0"),
    ({"epsilon": float("inf")}, "epsilon must be a positive, finite number"),
    ({"learning_rate_schedule": "adaptive"}, "learning_rate_schedule must be one of"),
    ({"power_t": -1}, "power_t must be zero or a positive, finite number"),
])
def test_bad_optimizer_parameters_are_named(moons, setting, message):
    X, y = moons
    model = NeuralNet(epochs=2).set_params(**setting)
    with pytest.raises(ValueError, match=message):
        model.fit(X, y)
    assert not hasattr(model, "params_")


@pytest.mark.parametrize("settings", [dict(solver="adam", learning_rate=0.01),
                                      dict(momentum=0.9, nesterovs_momentum=True, learning_rate_schedule="cosine")],
                         ids=["adam", "nesterov + cosine"])
def test_passes_sklearn_estimator_checks_with_an_optimizer(settings):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = check_estimator(NeuralNet(**settings), on_fail=None)
    failed = [(r["check_name"], repr(r["exception"])) for r in results
              if r["status"] == "failed"]
    assert len(results) > 40 and failed == []


def test_derivation_references_import_as_the_checkers_hint_says():
    # the "not implemented" hint of every checker says `from nn_helpers import <name>`
    import nn_helpers
    from nn_helpers import optimizers

    for name in ("momentum_speed_up", "updates_per_epoch", "keras_first_step_change"):
        assert getattr(nn_helpers, name) is getattr(optimizers, name)
    assert isinstance(optimizers.updates_per_epoch(242), int)

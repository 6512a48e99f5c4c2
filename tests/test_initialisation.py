"""Tests for nn_helpers.initialisation: the derived weight scales, checked against their derivation."""

import math

import numpy as np
import pytest

from nn_helpers import glorot_std, he_std, init_params
from nn_helpers.activations import relu


@pytest.mark.parametrize("n_in", [1, 3, 100, 784])
def test_he_std_is_the_square_root_of_two_over_n_in(n_in):
    assert he_std(n_in) == pytest.approx(math.sqrt(2 / n_in))


def test_he_std_keeps_the_mean_square_of_relu_layers_constant():
    # The derivation: Var(z_l) = n_in * sigma**2 * E[relu(z_{l-1})**2] = Var(z_{l-1}) when sigma = he_std(n_in).
    rng = np.random.default_rng(0)
    n = 400
    Z = rng.standard_normal((2000, n))
    variances = [Z.var()]
    for _ in range(8):
        Z = relu(Z) @ (rng.standard_normal((n, n)) * he_std(n))
        variances.append(Z.var())
    assert max(variances) / min(variances) < 1.3


def test_init_params_draws_he_scaled_weights():
    W = init_params([500, 300])["W1"]
    assert W.std() == pytest.approx(he_std(500), rel=0.02)


def test_glorot_std_averages_fan_in_and_fan_out():
    assert glorot_std(100, 400) == pytest.approx(math.sqrt(2 / 500))
    assert glorot_std(50, 50) == pytest.approx(math.sqrt(1 / 50))


@pytest.mark.parametrize("bad", [0, -3, 2.5, True, "10"])
def test_fans_must_be_positive_integers(bad):
    with pytest.raises(ValueError, match="positive integer"):
        he_std(bad)
    with pytest.raises(ValueError, match="positive integer"):
        glorot_std(10, bad)

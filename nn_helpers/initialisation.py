"""The scale of the initial weights, derived (lesson 3).

A unit sums ``n_in`` products of an input and a weight.  With independent,
zero-mean weights of variance Var(w), the variance of that sum is

    Var(z) = n_in * Var(w) * E[a**2]

where ``a`` is the unit's input from the layer below.  For a ReLU layer fed by
a symmetric z of the layer below, E[a**2] = Var(z_below) / 2 (half the inputs
are set to 0), so the spread stays the same from layer to layer when
Var(w) = 2 / n_in: He initialisation (He et al., 2015), which
``network.init_params`` uses.  For tanh, which is close to the identity near
0, E[a**2] is about Var(z_below), which asks for Var(w) = 1 / n_in; Glorot and
Bengio (2010) average the fan-in and the fan-out, so the gradients on the way
back keep their spread as well: Var(w) = 2 / (n_in + n_out).
"""

import numbers

import numpy as np


def _check_fan(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer (a number of units); got {value!r}")
    return int(value)


def he_std(n_in):
    """Standard deviation of He-initialised weights for a layer with ``n_in`` inputs: sqrt(2 / n_in)."""
    return float(np.sqrt(2.0 / _check_fan(n_in, "n_in")))


def glorot_std(n_in, n_out):
    """Standard deviation of Glorot (Xavier) initialised weights: sqrt(2 / (n_in + n_out))."""
    return float(np.sqrt(2.0 / (_check_fan(n_in, "n_in") + _check_fan(n_out, "n_out"))))

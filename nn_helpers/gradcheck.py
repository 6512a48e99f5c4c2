"""Numerical gradient checking by central differences (lesson 4).

STUB - being implemented.  Public API (do not change names or signatures):
"""


def numerical_gradient(f, x, eps=1e-5):
    """Central-difference gradient of the scalar function f(x) with respect to the array x (same shape as x).

    x is perturbed in place one entry at a time and restored afterwards."""
    raise NotImplementedError


def relative_error(a, b):
    """||a - b|| / max(||a|| + ||b||, tiny): about 1e-7 or less means the gradients agree."""
    raise NotImplementedError


def gradient_check(X, Y, params, hidden_activation="relu", alpha=0.0, backward_fn=None, eps=1e-5, verbose=False):
    """Compare backward_fn (default: nn_helpers.backward) with numerical gradients of compute_loss.

    Returns dict {"W1": relative error, "b1": ..., ...}; verbose=True also prints a table with a verdict per parameter."""
    raise NotImplementedError

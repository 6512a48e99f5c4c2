"""Numerical gradient checking by central differences (lessons 4 and 5).

Backpropagation is easy to get almost right: a missing transpose, a forgotten
``1 / n_samples`` or a wrong sign still trains, just worse.  A gradient check
catches such bugs by comparing the gradients from ``backward`` with gradients
measured directly on the loss:

    df/dx  ~  (f(x + eps) - f(x - eps)) / (2 eps)      (central difference)

The central difference is accurate to order eps**2 (the one-sided version only
to order eps), so with eps = 1e-5 a correct ``backward`` agrees to about 1e-9
relative error, while a real bug shows up as 1e-2 or worse.

How small should eps be?  The central difference has two errors: truncation,
about eps**2 / 6 times the third derivative of f, which shrinks with eps, and
rounding, about 1e-16 * |f| / eps, which grows as eps shrinks.  Their sum is
smallest near eps = 1e-5 in float64 (lesson 4 measures both).

One caveat: ReLU has a kink at 0.  If a pre-activation lies within eps of 0,
the two evaluations straddle the kink and the numerical gradient is wrong, not
``backward``.  Use inputs whose pre-activations stay clear of 0 when testing.
"""

import numbers

import numpy as np

from .network import backward, compute_loss, forward, n_layers

# Verdict thresholds for a relative error (see ``gradient_check``).
GOOD = 1e-7
SUSPICIOUS = 1e-4


def numerical_gradient(f, x, eps=1e-5):
    """Central-difference gradient of the scalar function f(x) with respect to the array x (same shape as x).

    x is perturbed in place one entry at a time and restored afterwards.

    Perturbing in place (instead of copying x for every entry) lets ``f`` be a
    closure that reads x - for example a loss that reads a weight matrix from
    ``params`` - without knowing it is being differentiated.

    Parameters
    ----------
    f : callable taking x and returning a number (the loss).
    x : float ndarray of any shape; restored to its original values on return.
    eps : float > 0, the step.

    Returns
    -------
    grad : float64 array, the same shape as x.
    """
    if not callable(f):
        raise TypeError(f"f must be a function of x returning a number; got {type(f).__name__}")
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise TypeError("x must be a numpy array of floats, because it is changed in place by +-eps "
                        "(an integer array would round the step away); use np.asarray(x, dtype=float)")
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not eps > 0:
        raise ValueError(f"eps must be a small positive number such as 1e-5; got {eps!r}")

    grad = np.zeros(x.shape, dtype=np.float64)
    for index in np.ndindex(x.shape):  # every position (i, j, ...) of x in turn
        original = x[index]
        try:
            x[index] = original + eps
            loss_plus = _as_number(f(x))
            x[index] = original - eps
            loss_minus = _as_number(f(x))
        finally:
            x[index] = original  # restore, even if f raised
        grad[index] = (loss_plus - loss_minus) / (2 * eps)
    return grad


def _as_number(value):
    """The loss as a float, or a TypeError if ``f`` did not return a single number."""
    array = np.asarray(value)
    if array.size != 1 or not np.issubdtype(array.dtype, np.number):
        raise TypeError(f"f must return a single number (the loss); it returned {type(value).__name__} "
                        f"with shape {array.shape}")
    return float(array.reshape(()))


def relative_error(a, b):
    """||a - b|| / max(||a|| + ||b||, tiny): about 1e-7 or less means the gradients agree.

    Relative, so it means the same whether the gradients are large or small;
    ``tiny`` only avoids 0 / 0 when both are exactly zero (the error is then 0).

    The largest possible value is 1.0, and it has two causes: b = -a (a sign
    error), OR one of the two is all zeros while the other is not (for example
    a numerical gradient whose f never saw the perturbed x).  Look at both
    arrays before blaming the sign.
    """
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    if a.shape != b.shape:
        raise ValueError(f"cannot compare gradients of shapes {a.shape} and {b.shape}; they must match")
    scale = max(np.linalg.norm(a) + np.linalg.norm(b), np.finfo(np.float64).tiny)
    return float(np.linalg.norm(a - b) / scale)


def _verdict(error, analytic=None, numerical=None):
    if error < GOOD:
        return "good"
    if error < SUSPICIOUS:
        return "suspicious"
    # A relative error of 1.0 is not always a sign error: say so when one side is all zeros.
    if numerical is not None and not np.any(numerical) and np.any(analytic):
        return "wrong (the numerical gradient is all zeros: did the loss see the perturbed parameter?)"
    if analytic is not None and not np.any(analytic) and np.any(numerical):
        return "wrong (backward_fn's gradient is all zeros)"
    return "wrong"


def gradient_check(X, Y, params, hidden_activation="relu", alpha=0.0, backward_fn=None, eps=1e-5, verbose=False):
    """Compare backward_fn (default: nn_helpers.backward) with numerical gradients of compute_loss.

    Returns dict {"W1": relative error, "b1": ..., ...}; verbose=True also prints a table with a verdict per parameter.

    Parameters
    ----------
    X : array (n_samples, n_features)
    Y : array (n_samples, n_outputs), 0/1 column or one-hot rows
    params : dict ``W1, b1, ...`` as made by ``init_params``; never modified
    hidden_activation : "relu", "tanh" or "sigmoid"
    alpha : L2 strength (>= 0); the checked loss includes the L2 term
    backward_fn : function ``(X, Y, params, cache, hidden_activation=..., alpha=...) -> grads``
        with keys ``dW1, db1, ...``.  ``hidden_activation`` and ``alpha`` are
        passed only when they differ from "relu" and 0, so a learner's
        ``backward(X, Y, params, cache)`` can be checked before it has them.
    eps : float > 0, the central-difference step
    verbose : bool, print a table with a verdict per parameter:
        below 1e-7 "good", below 1e-4 "suspicious", otherwise "wrong".  A
        relative error of 1.0 means opposite signs or one side all zeros; the
        verdict names the second case.

    Returns
    -------
    dict mapping each parameter name to its relative error.
    """
    if backward_fn is None:
        backward_fn = backward
    elif not callable(backward_fn):
        raise TypeError(f"backward_fn must be a function like nn_helpers.backward; got {type(backward_fn).__name__}")
    if isinstance(alpha, bool) or not isinstance(alpha, numbers.Real) or not alpha >= 0:
        raise ValueError(f"alpha (the L2 strength) must be zero or positive; got {alpha!r}")
    if isinstance(eps, bool) or not isinstance(eps, numbers.Real) or not eps > 0:
        raise ValueError(f"eps must be a small positive number such as 1e-5; got {eps!r}")
    n_layers(params)  # raises if params is not a W1, b1, ... dict

    # Work on copies: the numerical gradient perturbs them, and a buggy
    # backward_fn might write into its inputs; the caller's arrays stay intact.
    X = np.array(X, dtype=np.float64)
    work = {name: np.array(value, dtype=np.float64) for name, value in params.items()}
    P, cache = forward(X, work, hidden_activation)  # validates X and hidden_activation
    Y = np.asarray(Y, dtype=np.float64)
    if Y.shape != P.shape:
        raise ValueError(f"Y has shape {Y.shape} but the network's output has shape {P.shape}; "
                         "use a (n, 1) column for two classes or one_hot(y, k) for k classes")

    options = {}
    if hidden_activation != "relu":
        options["hidden_activation"] = hidden_activation
    if alpha != 0:
        options["alpha"] = alpha
    grads = backward_fn(X.copy(), Y.copy(), {name: value.copy() for name, value in work.items()}, cache, **options)
    if not isinstance(grads, dict):
        raise TypeError(f"backward_fn must return a dict of gradients (dW1, db1, ...); it returned "
                        f"{type(grads).__name__}")

    def loss(_):
        # Reads the (perturbed) arrays in ``work``; numerical_gradient changes them in place.
        P, _cache = forward(X, work, hidden_activation)
        return compute_loss(Y, P, work, alpha)

    errors, verdicts = {}, {}
    for name, value in work.items():
        key = f"d{name}"
        if key not in grads:
            raise ValueError(f"backward_fn returned no {key!r}; it must return a gradient for every parameter "
                             f"(got keys {sorted(grads)})")
        analytic = np.asarray(grads[key], dtype=np.float64)
        if analytic.shape != value.shape:
            raise ValueError(f"{key} has shape {analytic.shape} but {name} has shape {value.shape}; "
                             "a gradient must have the shape of its parameter")
        numerical = numerical_gradient(loss, value, eps)
        errors[name] = relative_error(analytic, numerical)
        verdicts[name] = _verdict(errors[name], analytic, numerical)

    if verbose:
        print(f"{'parameter':<10}{'relative error':>16}  verdict")
        for name, error in errors.items():
            print(f"{name:<10}{error:>16.2e}  {verdicts[name]}")
    return errors

"""Lesson 4's checker catalogue: correct variants that must pass, realistic mistakes that must fail with their diagnosis.

Merged into tests/learner_mistakes.py's CORRECT and MISTAKES by its _merge_lesson_catalogues().
"""

import math

import numpy as np


# --------------------------------------------------------------------------------------------------------------------
# numerical_gradient
# --------------------------------------------------------------------------------------------------------------------

def ng_ndindex(f, x, eps=1e-5):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        plus = f(x)
        x[i] = original - eps
        minus = f(x)
        x[i] = original
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def ng_flat(f, x, eps=1e-5):
    grad = np.empty(x.size)
    flat = x.reshape(-1)  # a view: writing into it changes x
    for k in range(x.size):
        keep = flat[k]
        flat[k] = keep + eps
        plus = f(x)
        flat[k] = keep - eps
        minus = f(x)
        flat[k] = keep
        grad[k] = (plus - minus) / (2 * eps)
    return grad.reshape(x.shape)


def ng_nditer(f, x, eps=1e-5):
    grad = np.zeros(x.shape)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        i = it.multi_index
        old = float(x[i])
        x[i] = old + eps
        fp = float(f(x))
        x[i] = old - eps
        fm = float(f(x))
        x[i] = old
        grad[i] = (fp - fm) / (2 * eps)
        it.iternext()
    return grad


def ng_try_finally(f, x, eps=1e-5):
    grad = np.zeros_like(x, dtype=float)
    for i in np.ndindex(*x.shape):
        saved = x[i].copy()
        try:
            x[i] = saved + eps
            up = f(x)
            x[i] = saved - eps
            down = f(x)
        finally:
            x[i] = saved
        grad[i] = (up - down) / eps / 2
    return grad


def ng_step_down_twice(f, x, eps=1e-5):  # x[i] -= 2 * eps for the second point, then the saved original back
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] += eps
        plus = f(x)
        x[i] -= 2 * eps
        minus = f(x)
        x[i] = original
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def ng_copy(f, x, eps=1e-5):  # F1: the copy-based version most people write first
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        xp, xm = x.copy(), x.copy()
        xp[i] += eps
        xm[i] -= eps
        grad[i] = (f(xp) - f(xm)) / (2 * eps)
    return grad


def ng_forward(f, x, eps=1e-5):  # F2
    grad = np.zeros_like(x)
    base = f(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        grad[i] = (f(x) - base) / eps
        x[i] = original
    return grad


def ng_backward_difference(f, x, eps=1e-5):
    grad = np.zeros_like(x)
    base = f(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original - eps
        grad[i] = (base - f(x)) / eps
        x[i] = original
    return grad


def ng_large_default(f, x, eps=1e-2):  # F8: a big default step
    return ng_ndindex(f, x, eps)


def ng_ignores_eps(f, x, eps=1e-5):  # F8: a hard-coded step
    return ng_ndindex(f, x, 1e-3)


def ng_hard_coded_1e5(f, x, eps=1e-5):  # the default typed into the loop: right whenever eps = 1e-5
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + 1e-5
        plus = f(x)
        x[i] = original - 1e-5
        minus = f(x)
        x[i] = original
        grad[i] = (plus - minus) / (2 * 1e-5)
    return grad


def ng_eps_only_in_division(f, x, eps=1e-5):  # steps by 1e-5 whatever it is given, divides by the given eps
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + 1e-5
        plus = f(x)
        x[i] = original - 1e-5
        minus = f(x)
        x[i] = original
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def ng_no_restore(f, x, eps=1e-5):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        plus = f(x)
        x[i] = original - eps
        minus = f(x)
        grad[i] = (plus - minus) / (2 * eps)  # x[i] stays at original - eps
    return grad


def ng_add_subtract_back(f, x, eps=1e-5):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        x[i] += eps
        plus = f(x)
        x[i] -= 2 * eps
        minus = f(x)
        x[i] += eps  # rounding: not always exactly the original
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def ng_eps_denominator(f, x, eps=1e-5):
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        original = x[i]
        x[i] = original + eps
        plus = f(x)
        x[i] = original - eps
        minus = f(x)
        x[i] = original
        grad[i] = (plus - minus) / eps
    return grad


def ng_first_axis(f, x, eps=1e-5):  # x[i] with one index: a whole row of a 2-D array
    grad = np.zeros_like(x)
    for i in range(len(x)):
        original = x[i].copy()
        x[i] = original + eps
        plus = f(x)
        x[i] = original - eps
        minus = f(x)
        x[i] = original
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def ng_wrong_sign(f, x, eps=1e-5):
    return -ng_ndindex(f, x, eps)


def ng_list(f, x, eps=1e-5):
    return ng_ndindex(f, x, eps).ravel().tolist()


def ng_flattened(f, x, eps=1e-5):
    return ng_ndindex(f, x, eps).ravel()


# --------------------------------------------------------------------------------------------------------------------
# mul_backward
# --------------------------------------------------------------------------------------------------------------------

def mul_micrograd(a, b, out):
    a.grad += b.data * out.grad
    b.grad += a.data * out.grad


def mul_local_first(a, b, out):
    da, db = b.data, a.data  # local derivatives
    a.grad = a.grad + da * out.grad
    b.grad = b.grad + db * out.grad
    return None


def mul_returns_too(a, b, out):
    a.grad += out.grad * b.data
    b.grad += out.grad * a.data
    return a.grad, b.grad


def mul_overwrites(a, b, out):
    a.grad = b.data * out.grad
    b.grad = a.data * out.grad


def mul_swapped(a, b, out):
    a.grad += a.data * out.grad
    b.grad += b.data * out.grad


def mul_no_chain(a, b, out):
    a.grad += b.data
    b.grad += a.data


def mul_returns_instead(a, b, out):
    return b.data * out.grad, a.data * out.grad


def mul_uses_out(a, b, out):
    a.grad += out.data * out.grad
    b.grad += out.data * out.grad


def mul_values_not_data(a, b, out):
    a.grad += b * out.grad
    b.grad += a * out.grad


def mul_minus(a, b, out):
    a.grad -= b.data * out.grad
    b.grad -= a.data * out.grad


def mul_both_then_assign(a, b, out):  # right for a != b; for x * x the second write loses the first
    new_a = a.grad + b.data * out.grad
    new_b = b.grad + a.data * out.grad
    a.grad = new_a
    b.grad = new_b


# --------------------------------------------------------------------------------------------------------------------
# sigmoid_backward
# --------------------------------------------------------------------------------------------------------------------

def sig_from_output(z, out):
    s = out.data
    z.grad += s * (1 - s) * out.grad


def sig_recomputed_stably(z, out):
    t = math.exp(-abs(z.data))
    s = 1 / (1 + t) if z.data >= 0 else t / (1 + t)
    z.grad += s * (1 - s) * out.grad


def sig_numpy(z, out):
    z.grad = z.grad + float(out.data * (1.0 - out.data)) * out.grad


def sig_sigma_not_derivative(z, out):
    z.grad += out.data * out.grad


def sig_from_z(z, out):
    z.grad += z.data * (1 - z.data) * out.grad


def sig_no_chain(z, out):
    z.grad += out.data * (1 - out.data)


def sig_overwrites(z, out):
    z.grad = out.data * (1 - out.data) * out.grad


def sig_returns(z, out):
    return out.data * (1 - out.data) * out.grad


def sig_tanh_derivative(z, out):
    z.grad += (1 - out.data ** 2) * out.grad


def sig_recomputed_overflowing(z, out):
    e = np.exp(-z.data)  # e^800 = inf at z = -800
    z.grad += float(e / (1 + e) ** 2) * out.grad


# --------------------------------------------------------------------------------------------------------------------
# fan_out_gradient: dL/dw for L = w * sigmoid(w * x)
# --------------------------------------------------------------------------------------------------------------------

def _s(z):
    return 1 / (1 + math.exp(-z))


def fan_two_paths(w, x):
    s = _s(w * x)
    return s + w * x * s * (1 - s)


def fan_numpy(w, x):
    s = 1 / (1 + np.exp(-w * x))
    return float(s * (1 + w * x * (1 - s)))


def fan_value(w, x):
    from nn_helpers import Value
    w_ = Value(w)
    loss = w_ * (w_ * x).sigmoid()
    loss.backward()
    return w_.grad


def fan_direct_only(w, x):
    return _s(w * x)


def fan_sigma_path_only(w, x):
    s = _s(w * x)
    return w * s * (1 - s) * x


def fan_no_inner(w, x):
    s = _s(w * x)
    return s + w * s * (1 - s)


def fan_sigma_for_derivative(w, x):
    s = _s(w * x)
    return s + w * s * x


def fan_multiplied(w, x):
    s = _s(w * x)
    return s * (w * s * (1 - s) * x)


# --------------------------------------------------------------------------------------------------------------------
# tanh_backward (the debugging exercise; the lesson's faulty rule is tanh_both_bugs)
# --------------------------------------------------------------------------------------------------------------------

def tanh_fixed(a, out):
    a.grad += (1 - out.data ** 2) * out.grad


def tanh_recomputed(a, out):
    a.grad += (1 - math.tanh(a.data) ** 2) * out.grad


def tanh_cosh(a, out):
    a.grad = a.grad + out.grad / math.cosh(a.data) ** 2


def tanh_both_bugs(a, out):
    a.grad = (1 - a.data ** 2) * out.grad


def tanh_only_plus_fixed(a, out):
    a.grad += (1 - a.data ** 2) * out.grad


def tanh_only_output_fixed(a, out):
    a.grad = (1 - out.data ** 2) * out.grad


def tanh_no_square(a, out):
    a.grad += (1 - out.data) * out.grad


def tanh_no_chain(a, out):
    a.grad += 1 - out.data ** 2


def tanh_returns(a, out):
    return (1 - out.data ** 2) * out.grad


CORRECT = {
    "numerical_gradient": [
        ("np.ndindex, original saved", ng_ndindex),
        ("a flat view", ng_flat),
        ("np.nditer with multi_index", ng_nditer),
        ("try/finally restore, / eps / 2", ng_try_finally),
        ("x[i] -= 2 eps, original restored", ng_step_down_twice),
    ],
    "mul_backward": [
        ("micrograd's +=", mul_micrograd),
        ("local derivatives first, a.grad = a.grad + ...", mul_local_first),
        ("adds and also returns the grads", mul_returns_too),
    ],
    "sigmoid_backward": [
        ("from the output s = out.data", sig_from_output),
        ("sigma recomputed from z, overflow-safe", sig_recomputed_stably),
        ("z.grad = z.grad + float(...)", sig_numpy),
    ],
    "tanh_backward": [
        ("from the output", tanh_fixed),
        ("tanh recomputed from a", tanh_recomputed),
        ("1 / cosh²", tanh_cosh),
    ],
    "fan_out_gradient": [
        ("two paths, added", fan_two_paths),
        ("numpy, factored", fan_numpy),
        ("Value and backward", fan_value),
    ],
}

MISTAKES = {
    "numerical_gradient": [
        ("copies x (F1)", ng_copy, "changes a copy"),
        ("forward difference (F2)", ng_forward, "one-sided (forward) difference"),
        ("backward difference", ng_backward_difference, "one-sided (backward) difference"),
        ("default eps 1e-2 (F8)", ng_large_default, "default step is too large"),
        ("ignores eps, uses 1e-3 (F8)", ng_ignores_eps, "step is too large: its answer is the central difference with eps = 0.001"),
        ("eps hard-coded as 1e-5 in the loop", ng_hard_coded_1e5,
         "ignores the eps it is given: asked for eps = 0.001, it returned the central difference at eps = 1e-05"),
        ("steps by 1e-5, divides by the given eps", ng_eps_only_in_division,
         "does not give the central difference at the eps it is given (eps = 0.001)"),
        ("does not restore x", ng_no_restore, "did not restore x"),
        ("+= eps, -= 2 eps, += eps", ng_add_subtract_back, "did not restore x"),
        ("divides by eps", ng_eps_denominator, "exactly 2 times too large"),
        ("loops over the first axis only", ng_first_axis, "perturbs a whole row"),
        ("range(len(x)) on a 2-D x: the why", ng_first_axis, "Visit every entry of a 2-D x"),
        ("wrong sign", ng_wrong_sign, "wrong sign"),
        ("returns a list", ng_list, "returned a list"),
        ("returns it flattened", ng_flattened, "expected x's shape"),
    ],
    "mul_backward": [
        ("= instead of +=", mul_overwrites, "overwrote the gradients"),
        ("a and b swapped", mul_swapped, "a and b are swapped"),
        ("out.grad forgotten", mul_no_chain, "factor out.grad is missing"),
        ("returns the grads instead of adding", mul_returns_instead, "did not change a.grad or b.grad"),
        ("uses out.data", mul_uses_out, "you used out.data"),
        ("adds Values, not numbers", mul_values_not_data, "a gradient of a Value is a plain number"),
        ("subtracts", mul_minus, "wrong sign"),
        ("both computed, then assigned: wrong for x * x", mul_both_then_assign, "one contribution was lost"),
    ],
    "sigmoid_backward": [
        ("sigma instead of its derivative", sig_sigma_not_derivative, "you used σ(z) where its derivative"),
        ("s (1 - s) applied to z", sig_from_z, "you applied s (1 - s) to z itself"),
        ("out.grad forgotten", sig_no_chain, "factor out.grad is missing"),
        ("= instead of +=", sig_overwrites, "overwrote z.grad"),
        ("returns instead of adding", sig_returns, "did not change z.grad"),
        ("tanh's derivative", sig_tanh_derivative, "derivative of tanh"),
        ("recomputed from z, overflows", sig_recomputed_overflowing, "overflows"),
    ],
    "tanh_backward": [
        ("the faulty rule as given", tanh_both_bugs, "two bugs left"),
        ("+= fixed, input still used", tanh_only_plus_fixed, "still uses the input"),
        ("output fixed, = still used", tanh_only_output_fixed, "still overwrites a.grad"),
        ("no square", tanh_no_square, "the square is missing"),
        ("out.grad forgotten", tanh_no_chain, "factor out.grad is missing"),
        ("returns instead of adding", tanh_returns, "did not change a.grad"),
    ],
    "fan_out_gradient": [
        ("direct path only", fan_direct_only, "only the direct path"),
        ("path through sigma only", fan_sigma_path_only, "only the path through σ"),
        ("inner x forgotten", fan_no_inner, "inner derivative d(wx)/dw = x is missing"),
        ("sigma for sigma'", fan_sigma_for_derivative, "you used σ(wx) where σ'(wx)"),
        ("paths multiplied", fan_multiplied, "you multiplied the two paths"),
    ],
}

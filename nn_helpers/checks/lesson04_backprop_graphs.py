"""Checkers of Lesson 4, backpropagation on computational graphs.

``check_numerical_gradient`` holds the learner to the whole contract of
``numerical_gradient(f, x, eps=1e-5)``: the central difference, x perturbed IN
PLACE (so that f may read x from elsewhere, as a loss reads params["W1"]), x
restored exactly, any shape, the eps it is given.  ``check_mul_backward`` and
``check_sigmoid_backward`` call the learner's backward rule on fresh
``Value``s - with gradients already present, and with one Value used twice -
and read the gradients it added.  ``check_fan_out_gradient`` checks a gradient
derived by hand.
"""

import math

import numpy as np

from ..autograd import Value, fan_out_gradient
from ..gradcheck import numerical_gradient
from ._harness import DEFAULT_TIMEOUT, _Finding, _fmt, _run_checker


# --------------------------------------------------------------------------------------------------------------------
# numerical_gradient
# --------------------------------------------------------------------------------------------------------------------

def _smooth(x):
    """f(x) = sum(x**2 sin x): every derivative is non-zero, so each kind of mistake leaves its own trace."""
    return float(np.sum(x ** 2 * np.sin(x)))


def _smooth_gradient(x):
    return 2 * x * np.sin(x) + x ** 2 * np.cos(x)


class _ReadsHeldArray:
    """A loss that ignores its argument and reads the array it holds, like ``lambda _: loss(params["W1"])``.

    An object rather than a closure: the harness deep-copies the arguments, and
    the copy of ``(f, x)`` keeps ``f.held is x`` for the copies, so f reads the
    very array the learner's function receives.
    """

    def __init__(self, held):
        self.held = held

    def __call__(self, _ignored):
        return _smooth(self.held)


def _shifted(x):
    """1e4 + sum(x**2 sin x): the same gradient, but |f| large enough that rounding shows at a tiny eps."""
    return 1e4 + _smooth(x)


def _central(x, eps):
    return numerical_gradient(_smooth, x.copy(), eps)


def _one_sided(x, eps, sign):
    """(f(x + eps) - f(x)) / eps for sign +1, (f(x) - f(x - eps)) / eps for sign -1."""
    x = x.copy()
    base = _smooth(x)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        original = x[index]
        x[index] = original + sign * eps
        grad[index] = sign * (_smooth(x) - base) / eps
        x[index] = original
    return grad


def _closest_eps(got, x):
    """The step of the central difference the learner's answer matches, if it is not 1e-5."""
    for eps in (1.0, 0.5, 0.1, 0.05, 0.01, 1e-3, 1e-4):
        if np.allclose(got, _central(x, eps), rtol=1e-9, atol=1e-11):
            return eps
    return None


def check_numerical_gradient(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``numerical_gradient(f, x, eps=1e-5)`` -> array shaped like x: central differences, x changed in place.

    Tests f(x) = sum(x**2 sin x) on 2-D, 1-D and 3-D float arrays against its
    exact gradient; a loss that reads x from elsewhere (the copying version
    returns zeros there, F1); that x is restored exactly; that the eps passed
    is used (eps = 1e-3 and 1e-7 compared with the central difference at that
    same step) and that the default is 1e-5.  Knows: the one-sided difference,
    a step that is too large, an eps that is ignored, dividing by eps instead of 2 eps,
    the wrong sign, a loop over the first axis only, and x left perturbed.
    """
    rng = np.random.default_rng(3)
    x2 = rng.standard_normal((3, 4))

    def mutation(name):
        return ("numerical_gradient did not restore x: after it returned, x was not exactly what it was before. Save "
                "the original entry (original = x[i]) and put it back (x[i] = original) after the two evaluations "
                "- adding and subtracting eps again can leave a rounding error, and the caller's weights would stay "
                "changed.")

    def run(check, f, x, case, eps=None):
        args = (f, x) if eps is None else (f, x, eps)
        got = check.call(args, case, ("f", "x", "eps"), mutation=mutation)
        if isinstance(got, list):
            raise _Finding("numerical_gradient returned a list: return a numpy array shaped like x "
                           "(start from grad = np.zeros_like(x)).", f"case: {case}")
        got = check.number_array(got, "the result")
        if got.shape != x.shape:
            if got.shape == (x.shape[0],) or (x.ndim > 1 and got.shape == x.shape[:1]):
                raise _Finding(f"the gradient has shape {got.shape}, but x has shape {x.shape}: with one index, x[i] of "
                               "a 2-D x is a whole row, so a loop over range(len(x)) sees only the rows. Visit "
                               "every entry of a 2-D x: `for i in np.ndindex(x.shape):` (or x.flat).",
                               f"case: {case}")
            raise _Finding(f"the gradient has shape {got.shape}, expected x's shape {x.shape}.", f"case: {case}")
        return got

    def diagnose(got, x, eps, case):
        """Raise the _Finding that names the learner's mistake on f = sum(x**2 sin x)."""
        exact = _smooth_gradient(x)
        error = np.linalg.norm(got - exact) / max(np.linalg.norm(got) + np.linalg.norm(exact), 1e-300)
        if error < 1e-7:
            return
        details = [f"case: {case}", f"relative error against the exact gradient {error:.1e} (a correct central "
                   f"difference with eps = {eps:g} gives below 1e-8)"]
        if not np.any(got):
            raise _Finding("numerical_gradient returned all zeros: f never saw a change. Change x itself, "
                           "x[i] = original + eps, then call f(x).", *details)
        if x.ndim > 1 and _one_axis_only(got, x, eps):
            raise _Finding("numerical_gradient perturbs a whole row at a time: x[i] with one index is a row of a 2-D "
                           "array, so range(len(x)) nudges every entry of the row together and reports the sum "
                           "of their slopes. Visit every entry of a 2-D x: `for i in np.ndindex(x.shape):` "
                           "(or x.flat).", *details)
        for sign, name in ((1, "forward"), (-1, "backward")):
            if np.allclose(got, _one_sided(x, eps, sign), rtol=1e-9, atol=1e-11):
                raise _Finding(f"numerical_gradient uses a one-sided ({name}) difference: its error shrinks only like "
                               "eps (here about 1e-5 relative), while the central difference, "
                               "(f(x + eps) - f(x - eps)) / (2 eps), errs like eps² (about 1e-10).", *details)
        if np.allclose(got, 2 * _central(x, eps), rtol=1e-7, atol=1e-10):
            raise _Finding("numerical_gradient is exactly 2 times too large: the two evaluations are 2 eps apart, "
                           "so divide by 2 * eps.", *details)
        if np.allclose(got, -_central(x, eps), rtol=1e-7, atol=1e-10):
            raise _Finding("numerical_gradient has the wrong sign: compute f(x + eps) - f(x - eps), in that order.",
                           *details)
        used = _closest_eps(got, x)
        if used is not None and used > eps:
            raise _Finding(f"numerical_gradient's step is too large: its answer is the central difference with "
                           f"eps = {used:g}, not the eps = {eps:g} it was given. Its truncation error grows like eps² "
                           f"(here {error:.0e} relative): use the eps argument.", *details)
        raise _Finding(f"numerical_gradient is wrong for {case}.", *details,
                       f"expected {_fmt(exact.ravel()[:3])}..., got {_fmt(got.ravel()[:3])}...")

    def body(check):
        cases = [
            (x2, "f(x) = sum(x**2 sin x), x of shape (3, 4)"),
            (np.array([0.5, -1.2, 2.0]), "f(x) = sum(x**2 sin x), x = [0.5, -1.2, 2.0]"),
            (rng.standard_normal((2, 2, 2)), "f(x) = sum(x**2 sin x), x of shape (2, 2, 2)"),
        ]
        for x, case in cases:
            got = run(check, _smooth, x, case, eps=1e-5)
            diagnose(got, x, 1e-5, case)
        # The default step must be 1e-5 (the lesson's contract; 1e-2 would err by about 1e-5 relative).
        case = "f(x) = sum(x**2 sin x), x of shape (3, 4), eps not given"
        got = run(check, _smooth, x2, case)
        try:
            diagnose(got, x2, 1e-5, case)
        except _Finding as finding:
            if "too large" in finding.headline:
                raise _Finding("numerical_gradient's default step is too large: define it as "
                               "`def numerical_gradient(f, x, eps=1e-5):`. A larger eps errs like eps².",
                               *finding.details) from None
            raise
        # The eps it is given: a function with eps hard-coded passes every case above (eps = 1e-5 there). Compare
        # with the central difference at the SAME step: at 1e-3 truncation moves the answer by about 1e-7 relative,
        # at 1e-7 (f shifted by 1e4) rounding moves it by about 1e-5 - far beyond the last digits a correct
        # implementation may differ by.
        for eps, f, f_name in ((1e-3, _smooth, "sum(x**2 sin x)"), (1e-7, _shifted, "1e4 + sum(x**2 sin x)")):
            case = f"f(x) = {f_name}, x of shape (3, 4), eps = {eps:g}"
            got = run(check, f, x2, case, eps=eps)
            want = numerical_gradient(f, x2.copy(), eps)
            if not np.allclose(got, want, rtol=1e-9, atol=1e-12):
                used = next((other for other in (1e-5, 1e-4, 1e-6, 1e-3, 1e-7, 1e-2, 1e-8)
                             if other != eps and np.allclose(got, numerical_gradient(f, x2.copy(), other),
                                                             rtol=1e-9, atol=1e-12)), None)
                details = [f"case: {case}",
                           f"expected the central difference at eps = {eps:g}: {_fmt(want.ravel()[:3])}..., "
                           f"got {_fmt(got.ravel()[:3])}..."]
                if used is not None:
                    raise _Finding(f"numerical_gradient ignores the eps it is given: asked for eps = {eps:g}, it "
                                   f"returned the central difference at eps = {used:g}. Use the eps argument in "
                                   "both the step and the division - the ε plot of the lesson depends on it.",
                                   *details)
                raise _Finding(f"numerical_gradient does not give the central difference at the eps it is given "
                               f"(eps = {eps:g}).", *details)
        # F1: a loss that reads the array from elsewhere, as gradient_check's loss reads params["W1"].
        case = "f ignores its argument and reads x itself (like a loss reading params['W1'])"
        got = run(check, _ReadsHeldArray(x2), x2, case, eps=1e-5)
        exact = _smooth_gradient(x2)
        if not np.allclose(got, exact, rtol=1e-6, atol=1e-8):
            if not np.any(got):
                raise _Finding("numerical_gradient returned all zeros for a loss that reads x from elsewhere: it "
                               "changes a copy, which such an f never sees. Change x itself in place "
                               "(x[i] = original + eps; f(x); ...) and restore it - gradient_check and your "
                               "network's loss depend on it.", f"case: {case}")
            raise _Finding("numerical_gradient is wrong for a loss that reads x from elsewhere: perturb x itself, "
                           "in place, and call f after each change.", f"case: {case}",
                           f"expected {_fmt(exact.ravel()[:3])}..., got {_fmt(got.ravel()[:3])}...")

    return _run_checker("numerical_gradient", fn, "numerical_gradient(f, x, eps=1e-5)", "numerical_gradient",
                        timeout, body)


def _one_axis_only(got, x, eps):
    """True if ``got`` is what perturbing x[i] (a whole row) with one index gives."""
    try:
        y = x.copy()
        wrong = np.zeros_like(y)
        for i in range(len(y)):
            original = y[i].copy()
            y[i] = original + eps
            plus = _smooth(y)
            y[i] = original - eps
            minus = _smooth(y)
            y[i] = original
            wrong[i] = (plus - minus) / (2 * eps)
        return np.allclose(got, wrong, rtol=1e-7, atol=1e-10)
    except Exception:  # noqa: BLE001 - only a diagnosis
        return False


# --------------------------------------------------------------------------------------------------------------------
# Backward rules of Value operations
# --------------------------------------------------------------------------------------------------------------------

class _Probe(Value):
    """A Value the harness does not copy: the checker must read the gradients the learner's rule added to it."""

    def __deepcopy__(self, memo):
        return self


def _probe(data, grad=0.0, label="", prev=(), op=""):
    value = _Probe(data, label=label, _prev=prev, _op=op)
    value.grad = grad
    return value


def _expect_grads(check, got, expected, case, returned, mistakes, title):
    """got/expected: {name: float}; mistakes: [(message, {name: float})]; names the mistake that fits."""
    got_values = {name: value for name, value in got.items()}
    for name, value in got_values.items():
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise _Finding(f"{name}.grad became {type(value).__name__} {_fmt(value)}: a gradient of a Value is a plain "
                           "number - use the .data of the other Values, not the Values themselves.", f"case: {case}")
    if all(math.isclose(got_values[n], expected[n], rel_tol=1e-9, abs_tol=1e-12) for n in expected):
        return
    detail = ", ".join(f"{n}.grad: expected {expected[n]:.6g}, got {got_values[n]:.6g}" for n in expected)
    details = [f"case: {case}", detail]
    for message, variant in mistakes:
        if all(math.isclose(got_values[n], variant[n], rel_tol=1e-9, abs_tol=1e-12) for n in expected):
            raise _Finding(message.format(returned=_fmt(returned)), *details)
    if any(not math.isfinite(v) for v in got_values.values()):
        raise _Finding(f"{title} produced nan or inf for {case}.", *details)
    raise _Finding(f"{title} is wrong for {case}.", *details)


def check_mul_backward(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``mul_backward(a, b, out)``: for out = a * b, add b.data * out.grad to a.grad and a.data * out.grad to b.grad.

    The rule is called on fresh Values whose gradients are sometimes already
    non-zero (another use of a or b added to them) and once with a and b the
    same Value (x * x).  Knows: ``=`` instead of ``+=``, a and b swapped, the
    chain factor out.grad forgotten, out.data used instead of the other input,
    the gradients returned instead of added.
    """
    def run(check, a_data, b_data, out_grad, a_start, b_start, same=False):
        a = _probe(a_data, a_start, "a")
        b = a if same else _probe(b_data, b_start, "b")
        out = _probe(a.data * b.data, out_grad, "out", (a, b), "mul")
        case = (f"a = b = Value({a_data:g}) (x * x), a.grad = {a_start:g} before, out.grad = {out_grad:g}" if same else
                f"a = Value({a_data:g}), b = Value({b_data:g}), out.grad = {out_grad:g}, "
                f"a.grad = {a_start:g} and b.grad = {b_start:g} before")
        returned = check.call((a, b, out), case, ("a", "b", "out"))
        if same:
            got = {"a": a.grad}
            expected = {"a": a_start + 2 * a_data * out_grad}
            mistakes = [
                ("with a and b the same Value (x * x), the second update overwrote the first: use += so both "
                 "contributions add up to 2 x out.grad (fan-out).", {"a": a_data * out_grad}),
                ("mul_backward did not change a.grad (it returned {returned}): a backward rule ADDS to the inputs' "
                 "gradients; its return value is ignored.", {"a": a_start}),
                ("with a and b the same Value (x * x), one contribution was lost: both new gradients were computed "
                 "from the old a.grad, then the second write replaced the first. Add to a.grad, then to b.grad "
                 "(a.grad += ...; b.grad += ...).", {"a": a_start + a_data * out_grad}),
            ]
        else:
            got = {"a": a.grad, "b": b.grad}
            expected = {"a": a_start + b_data * out_grad, "b": b_start + a_data * out_grad}
            mistakes = [
                ("mul_backward did not change a.grad or b.grad (it returned {returned}): a backward rule ADDS to the "
                 "inputs' gradients, a.grad += ..., b.grad += ...; its return value is ignored.",
                 {"a": a_start, "b": b_start}),
                ("mul_backward overwrote the gradients (a.grad = ...): use += so that the contributions of every use "
                 "of a Value add up (fan-out).", {"a": b_data * out_grad, "b": a_data * out_grad}),
                ("a and b are swapped: d(a·b)/da = b, so a.grad += b.data * out.grad and b.grad += a.data * out.grad.",
                 {"a": a_start + a_data * out_grad, "b": b_start + b_data * out_grad}),
                ("the chain rule's factor out.grad is missing: a.grad += b.data * out.grad (the local derivative times "
                 "the gradient arriving from above).", {"a": a_start + b_data, "b": b_start + a_data}),
                ("you used out.data: the local derivative of a·b with respect to a is b, not a·b.",
                 {"a": a_start + out.data * out_grad, "b": b_start + out.data * out_grad}),
                ("the gradients have the wrong sign: add b.data * out.grad, do not subtract it.",
                 {"a": a_start - b_data * out_grad, "b": b_start - a_data * out_grad}),
            ]
        _expect_grads(check, got, expected, case, returned, mistakes, "mul_backward")

    def body(check):
        run(check, 2.0, -3.0, 1.0, 0.0, 0.0)
        run(check, 2.0, -3.0, 1.5, 0.0, 0.0)
        run(check, 0.5, 4.0, -2.0, 0.25, -1.0)
        run(check, -1.5, 0.0, 3.0, 1.0, 0.5)
        run(check, 3.0, 3.0, 2.0, 0.5, 0.5, same=True)

    return _run_checker("mul_backward", fn, "mul_backward(a, b, out)", "mul_backward", timeout, body)


def check_sigmoid_backward(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``sigmoid_backward(z, out)``: for out = sigmoid(z) = s, add s (1 - s) * out.grad to z.grad.

    Knows: s * out.grad (σ in place of σ'), z.data (1 - z.data) (the formula
    applied to z instead of the output s), out.grad forgotten, ``=`` instead of
    ``+=``, the gradient returned instead of added, and σ' recomputed from z
    with a formula that overflows at z = -800.
    """
    def run(check, z_data, out_grad, z_start):
        z = _probe(z_data, z_start, "z")
        s = Value(z_data).sigmoid().data
        out = _probe(s, out_grad, "out", (z,), "sigmoid")
        case = f"z = Value({z_data:g}), out = sigmoid(z) = {s:.6g}, out.grad = {out_grad:g}, z.grad = {z_start:g} before"
        returned = check.call((z, out), case, ("z", "out"))
        expected = {"z": z_start + s * (1 - s) * out_grad}
        mistakes = [
            ("sigmoid_backward did not change z.grad (it returned {returned}): a backward rule ADDS to its input's "
             "gradient, z.grad += ...; its return value is ignored.", {"z": z_start}),
            ("sigmoid_backward overwrote z.grad (z.grad = ...): use += so that every use of z adds its share "
             "(fan-out).", {"z": s * (1 - s) * out_grad}),
            ("you used σ(z) where its derivative σ'(z) = s (1 - s) is needed: z.grad += s * (1 - s) * out.grad "
             "with s = out.data.", {"z": z_start + s * out_grad}),
            ("you applied s (1 - s) to z itself: the formula holds for the OUTPUT s = out.data = σ(z), so use "
             "out.data * (1 - out.data).", {"z": z_start + z_data * (1 - z_data) * out_grad}),
            ("the chain rule's factor out.grad is missing: z.grad += s * (1 - s) * out.grad.",
             {"z": z_start + s * (1 - s)}),
            ("you used 1 - s² (the derivative of tanh): the sigmoid's is s (1 - s).",
             {"z": z_start + (1 - s ** 2) * out_grad}),
        ]
        if isinstance(z.grad, float) and not math.isfinite(z.grad):
            raise _Finding(f"sigmoid_backward gave z.grad = {z.grad} for z = {z_data:g}: recomputing σ'(z) from z "
                           "overflows (e^800 is inf). Use the output instead: s = out.data, z.grad += s * (1 - s) * "
                           "out.grad never overflows.", f"case: {case}", check.warning_detail())
        _expect_grads(check, {"z": z.grad}, expected, case, returned, mistakes, "sigmoid_backward")

    def body(check):
        run(check, 0.8, 1.0, 0.0)
        run(check, 0.8, 1.5, 0.0)
        run(check, -1.2, -2.0, 0.5)
        run(check, 0.0, 3.0, -0.25)
        run(check, 4.0, 0.5, 1.0)
        run(check, -800.0, 1.0, 0.0)

    return _run_checker("sigmoid_backward", fn, "sigmoid_backward(z, out)", "sigmoid_backward", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# A gradient derived by hand
# --------------------------------------------------------------------------------------------------------------------

def _sigmoid(z):
    return Value(z).sigmoid().data


def check_fan_out_gradient(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``fan_out_gradient(w, x)`` = dL/dw for L = w · σ(w · x), derived by hand (w is used twice).

    Knows: only the direct path (σ(wx)), only the path through σ, the inner
    factor x forgotten, σ(wx) used for σ'(wx), the two paths multiplied.
    """
    def body(check):
        for w, x in ((0.5, 2.0), (-1.0, 0.5), (2.0, -1.5), (0.0, 3.0), (1.5, 1.0)):
            case = f"w = {w:g}, x = {x:g}"
            got = check.call((w, x), case, ("w", "x"))
            if isinstance(got, Value):
                raise _Finding("fan_out_gradient returned a Value: return the number dL/dw, a formula in w and x "
                               "(you may check it with Value and backward afterwards).", f"case: {case}")
            s = _sigmoid(w * x)
            d_sigma = s * (1 - s)
            mistakes = [
                ("you followed only the direct path from w to L (w as the left factor, which gives σ(wx)); w also "
                 "reaches L through σ(w·x), and the contributions of the two paths ADD.", lambda: s),
                ("you followed only the path through σ(w·x); w is also the left factor of w · σ(w·x), and the "
                 "contributions of the two paths ADD.", lambda: w * d_sigma * x),
                ("the inner derivative d(wx)/dw = x is missing from the path through σ: the chain rule multiplies "
                 "every local derivative along the path.", lambda: s + w * d_sigma),
                ("you used σ(wx) where σ'(wx) = σ(wx)(1 - σ(wx)) is needed on the path through σ.",
                 lambda: s + w * s * x),
                ("you multiplied the two paths: contributions of the uses of w ADD (fan-out).",
                 lambda: s * (w * d_sigma * x)),
            ]
            check.expect(got, np.asarray(fan_out_gradient(w, x)), case, what="dL/dw", mistakes=mistakes)

    return _run_checker("fan_out_gradient", fn, "fan_out_gradient(w, x)", "fan_out_gradient", timeout, body)


def check_tanh_backward(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``tanh_backward(a, out)`` (the debugging exercise): for out = tanh(a) = t, add (1 - t²) * out.grad to a.grad.

    Knows the bugs of the faulty rule in the lesson and their mixtures:
    ``=`` instead of ``+=``, 1 - a² (the input) instead of 1 - t² (the output),
    and also 1 - t (no square), out.grad forgotten, the gradient returned.
    """
    def run(check, a_data, out_grad, a_start):
        a = _probe(a_data, a_start, "a")
        t = math.tanh(a_data)
        out = _probe(t, out_grad, "out", (a,), "tanh")
        case = f"a = Value({a_data:g}), out = tanh(a) = {t:.6g}, out.grad = {out_grad:g}, a.grad = {a_start:g} before"
        returned = check.call((a, out), case, ("a", "out"))
        expected = {"a": a_start + (1 - t ** 2) * out_grad}
        mistakes = [
            ("tanh_backward did not change a.grad (it returned {returned}): a backward rule ADDS to its input's "
             "gradient, a.grad += ...; its return value is ignored.", {"a": a_start}),
            ("two bugs left: it overwrites a.grad (use +=) and uses the input a.data where the output "
             "t = out.data belongs (tanh' = 1 - t²).", {"a": (1 - a_data ** 2) * out_grad}),
            ("tanh_backward still overwrites a.grad (a.grad = ...): use += so that every use of a adds its share.",
             {"a": (1 - t ** 2) * out_grad}),
            ("tanh_backward still uses the input: tanh'(a) = 1 - tanh(a)² = 1 - t² with t = out.data, "
             "not 1 - a.data².", {"a": a_start + (1 - a_data ** 2) * out_grad}),
            ("the square is missing: tanh' = 1 - t², with t = out.data.", {"a": a_start + (1 - t) * out_grad}),
            ("the chain rule's factor out.grad is missing: a.grad += (1 - t²) * out.grad.",
             {"a": a_start + (1 - t ** 2)}),
        ]
        _expect_grads(check, {"a": a.grad}, expected, case, returned, mistakes, "tanh_backward")

    def body(check):
        # a.grad is never 0 before the call, so overwriting it (=) always shows
        run(check, 0.5, 1.0, 0.25)
        run(check, -1.3, 2.0, -0.5)
        run(check, 0.7, -1.5, 0.4)
        run(check, 2.0, 0.5, -1.0)
        run(check, 30.0, 1.0, 0.125)

    return _run_checker("tanh_backward", fn, "tanh_backward(a, out)", "tanh_backward", timeout, body)

"""Checkers of Lesson 7, optimisers: momentum (and Nesterov's), Adam, the invscaling schedule."""

import functools

import numpy as np

from ..optimizers import adam_update, invscaling, momentum_update
from ._harness import (DEFAULT_TIMEOUT, _all_close, _close, _difference, _expect_keys, _Finding, _fmt,
                       _random_network, _run_checker)


def _problem(sizes, seed, state_scale=0.0):
    """params, grads and a state dict keyed like params (random when state_scale > 0) for a small network."""
    rng = np.random.default_rng(seed)
    _, params = _random_network(sizes, seed, 1)
    grads = {f"d{name}": np.round(rng.normal(0, 1, value.shape), 3) for name, value in params.items()}
    state = {name: np.round(state_scale * rng.normal(0, 1, value.shape), 3) for name, value in params.items()}
    return params, grads, state


def _pair(check, got, what):
    """The learner's (new_params, new_state) pair, or a _Finding saying what came back instead."""
    if got is None:
        raise _Finding(f"{check.title} returned None: return the pair ({what}), e.g. `return new_params, {what.split(', ')[1]}`.")
    if isinstance(got, dict):
        raise _Finding(f"{check.title} returned one dict; return the pair ({what}): the caller needs the new "
                       "state for the next step.")
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise _Finding(f"{check.title} should return a pair ({what}); got {type(got).__name__} {_fmt(got)}.")
    return got


def _wrong_names(check, got, expected, what):
    """The keys whose arrays differ from expected (after checking the keys and that they are numbers)."""
    _expect_keys(got, list(expected), what, hint=f"Keep the names of params ({', '.join(expected)}).")
    return [name for name in expected if not _all_close(check.number_array(got[name], f"{what}['{name}']"),
                                                        expected[name])]


def _matches(got, wrong, names, compute):
    """True if the learner's arrays equal compute(name) for every name in ``wrong``."""
    try:
        return all(_all_close(np.asarray(got[name], dtype=np.float64), compute(name)) for name in wrong)
    except Exception:  # noqa: BLE001 - a mistake we cannot compute here does not match
        return False


def _fail_with_diagnosis(got, wrong, variants, case, what, expected):
    for message, compute in variants:
        if _matches(got, wrong, wrong, compute):
            raise _Finding(message, f"case: {case}", f"wrong: {', '.join(wrong)}")
    first = wrong[0]
    got_first = np.asarray(got[first], dtype=np.float64)
    raise _Finding(f"{what} is wrong for {case}.", f"wrong: {', '.join(wrong)}",
                   f"{first}: " + _difference(got_first, expected[first], _close(got_first, expected[first])))


def _mutation_message(title, state_name):
    """A message naming the argument that was changed in place, and how to leave it alone."""
    def mutation(name):
        if "grads" in name:
            return f"{title} changed {name}, which you passed in: leave the gradients as they are (only read them)."
        if "params" in name:
            step = "p + step" if state_name == "velocity" else "p - lr_t * m / (sqrt(v) + epsilon)"
            return (f"{title} changed {name}, which you passed in: build each new parameter as a new array "
                    f"({step}) in a new dict, and leave params as it was – the caller keeps the old weights.")
        if state_name == "velocity":
            return (f"{title} changed {name}, which you passed in: compute v_new = momentum * v - learning_rate * grad "
                    "as a new array in a new dict (no `*=` or `-=` on velocity), and leave velocity as it was.")
        return (f"{title} changed {name}, which you passed in: return a new state made of new dicts, "
                "{'t': t, 'm': {...}, 'v': {...}}, holding new arrays (beta_1 * m + ... builds one); "
                "do not write into state, state['m'] or state['v'].")
    return mutation


def _key_error_hint(finding, params):
    """A KeyError naming a parameter ('W1') means grads was indexed without its "d" prefix."""
    if "KeyError" in finding.headline and any(f"'{name}'" in finding.headline for name in params):
        return _Finding("grads is keyed with a \"d\" in front: the gradient of params['W1'] is grads['dW1'], "
                        "so inside a loop over the names use grads['d' + name].", finding.headline)
    return None


def _expect_float64(check, arrays, what, case):
    """Fail when a returned array is not float64: the course keeps float64 in its from-scratch code."""
    for name, value in arrays.items():
        dtype = np.asarray(value).dtype
        if dtype.kind == "f" and dtype != np.float64:
            raise _Finding(f"{what}['{name}'] is {dtype}: the course keeps float64 throughout (float32 rounds "
                           "away the digits the comparison with scikit-learn needs) – do not cast; the inputs "
                           "are float64 already.", f"case: {case}")


# --------------------------------------------------------------------------------------------------------------------

def check_momentum_update(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``momentum_update(params, grads, velocity, learning_rate, momentum, nesterov=False)``.

    Must return ``(new_params, new_velocity)`` with scikit-learn's formulas:
    ``v_new = momentum * v - learning_rate * dp``; ``p_new = p + v_new``, or with
    ``nesterov=True`` ``p_new = p + momentum * v_new - learning_rate * dp``.
    Tries a zero and a non-zero velocity, classical and Nesterov, two networks.
    Knows: the velocity's sign flipped, PyTorch's velocity (v = momentum * v + dp),
    momentum ignored, the gradient damped by (1 - momentum), nesterov ignored
    (or its step taken with the old velocity, which is the same), the old velocity returned, inputs
    changed in place (named by argument), one dict instead of a pair, grads indexed without
    the "d", float32 results.
    """
    cases = [
        (*_problem([2, 3, 1], 71), 0.1, 0.9, False, "a [2, 3, 1] network, velocity 0, lr 0.1, momentum 0.9"),
        (*_problem([3, 4, 2], 72, 0.2), 0.05, 0.8, False,
         "a [3, 4, 2] network, a non-zero velocity, lr 0.05, momentum 0.8"),
        (*_problem([3, 4, 2], 73, 0.2), 0.05, 0.8, True,
         "a [3, 4, 2] network, a non-zero velocity, lr 0.05, momentum 0.8, nesterov=True"),
        (*_problem([2, 3, 1], 74), 0.1, 0.9, True, "a [2, 3, 1] network, velocity 0, lr 0.1, momentum 0.9, nesterov=True"),
    ]
    mutation = _mutation_message("momentum_update", "velocity")

    def run_case(check, params, grads, velocity, lr, mu, nesterov, case):
        args = (params, grads, velocity, lr, mu) + ((True,) if nesterov else ())
        try:
            got = check.call(args, case, ("params", "grads", "velocity", "learning_rate", "momentum", "nesterov"),
                             mutation=mutation)
        except _Finding as finding:
            raise _key_error_hint(finding, params) or finding from None
        new_params, new_velocity = _pair(check, got, "new_params, new_velocity")
        for returned, what in ((new_velocity, "the new velocity"), (new_params, "the new params")):
            if isinstance(returned, dict):
                _expect_float64(check, returned, what, case)
        expected_params, expected_velocity = momentum_update(params, grads, velocity, lr, mu, nesterov)
        g = {name: grads[f"d{name}"] for name in params}
        v = velocity
        # the velocity first: it is where most mistakes start
        wrong = _wrong_names(check, new_velocity, expected_velocity, "the new velocity")
        if wrong:
            _fail_with_diagnosis(new_velocity, wrong, [
                ("returned the old velocity: return the new one, v_new = momentum * v - learning_rate * grad, "
                 "so the next step remembers this one.", lambda n: v[n]),
                ("the velocity has the wrong sign: here (as in scikit-learn and Keras) the velocity is the step "
                 "itself, v_new = momentum * v - learning_rate * grad, and p_new = p + v_new.",
                 lambda n: mu * v[n] + lr * g[n]),
                ("this is PyTorch's velocity, v = momentum * v + grad (the learning rate applied later): it takes "
                 "the same steps at a constant rate, but this exercise keeps scikit-learn's, the step itself: "
                 "v_new = momentum * v - learning_rate * grad.", lambda n: mu * v[n] + g[n]),
                ("the momentum is ignored: v_new = momentum * v - learning_rate * grad keeps a fraction of the "
                 "previous step.", lambda n: -lr * g[n]),
                ("the gradient is damped by (1 - momentum): scikit-learn and Keras take the full step, "
                 "v_new = momentum * v - learning_rate * grad.", lambda n: mu * v[n] - (1 - mu) * lr * g[n]),
            ], case, "the new velocity", expected_velocity)
        wrong = _wrong_names(check, new_params, expected_params, "the new params")
        if wrong:
            classical = {n: params[n] + expected_velocity[n] for n in params}
            variants = [
                ("moved uphill: the step is v_new = momentum * v - learning_rate * grad, added to p.",
                 lambda n: params[n] - expected_velocity[n]),
                ("the params did not change: return p + step for every parameter, biases too.",
                 lambda n: params[n]),
            ]
            if nesterov:
                variants = [
                    # (p + momentum * v_old - lr * grad, the look-ahead with the old velocity, is this too)
                    ("nesterov=True was ignored: Nesterov's look-ahead takes the step "
                     "momentum * v_new - learning_rate * grad (with the new velocity) instead of v_new.",
                     lambda n: classical[n]),
                ] + variants
            else:
                variants.insert(0, ("with nesterov=False the step is plain momentum, p_new = p + v_new; yours took "
                                    "Nesterov's look-ahead.", lambda n: params[n] + mu * expected_velocity[n]
                                    - lr * g[n]))
            _fail_with_diagnosis(new_params, wrong, variants, case, "the new params", expected_params)

    def body(check):
        for params, grads, velocity, lr, mu, nesterov, case in cases:
            run_case(check, params, grads, velocity, lr, mu, nesterov, case)

    return _run_checker("momentum_update", fn,
                        "momentum_update(params, grads, velocity, learning_rate, momentum, nesterov=False)",
                        "momentum_update", timeout, body)


# --------------------------------------------------------------------------------------------------------------------

def _adam_state(params, t, seed):
    """A state after t steps (random moments, v >= 0); t = 0 gives the zero state."""
    rng = np.random.default_rng(seed)
    if t == 0:
        return {"t": 0, "m": {n: np.zeros_like(p) for n, p in params.items()},
                "v": {n: np.zeros_like(p) for n, p in params.items()}}
    return {"t": t, "m": {n: np.round(rng.normal(0, 0.3, p.shape), 3) for n, p in params.items()},
            "v": {n: np.round(rng.uniform(0.01, 0.5, p.shape), 3) for n, p in params.items()}}


def _adam_variant(params, grads, state, lr, b1, b2, eps, t_used=None, correction=True, eps_inside=False,
                  moments_corrected=False, swap_correction=False, square=True, damp=True):
    """Our Adam with one deliberate change, for naming the learner's mistake."""
    t = state["t"] + 1 if t_used is None else t_used
    c1, c2 = (1 - b2 ** t, 1 - b1 ** t) if swap_correction else (1 - b1 ** t, 1 - b2 ** t)
    out = {}
    for n, p in params.items():
        g = grads[f"d{n}"]
        m = b1 * state["m"][n] + ((1 - b1) * g if damp else g)
        v = b2 * state["v"][n] + (1 - b2) * (g * g if square else g)
        if moments_corrected:
            m, v = m / c1, v / c2
            lr_t = lr
        else:
            lr_t = lr * np.sqrt(c2) / c1 if correction else lr
        denominator = np.sqrt(v + eps) if eps_inside else np.sqrt(v) + eps
        out[n] = p - lr_t * m / denominator
    return out


def check_adam_update(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``adam_update(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8)``.

    ``state`` is ``{"t": steps so far, "m": dict, "v": dict}`` (m, v keyed like
    params); must return ``(new_params, new_state)``.  Tries the first step from
    the zero state with the default betas, later steps with other betas, and a
    large epsilon, where the two correct ways of bias correcting (on the moments,
    as in the paper's Algorithm 1, or folded into the learning rate, as
    scikit-learn and Keras) differ: both pass.  Knows: no bias correction, the
    step counted from 0, epsilon inside the square root, the betas swapped (in
    the moments or the correction), the gradient not squared, (1 - beta_1)
    missing, moving uphill, the state not updated or not returned, inputs
    changed in place (state['t'] too), grads indexed without the "d", float32 results.
    """
    p1, g1, _ = _problem([2, 3, 1], 81)
    p2, g2, _ = _problem([3, 4, 2], 82)
    p3, g3, _ = _problem([2, 3, 1], 83)
    g3 = {k: 0.05 * v for k, v in g3.items()}  # small gradients, so a large epsilon matters
    # The first step from zero moments is lr * sign(grad) whatever the betas, so it cannot tell many
    # mistakes apart: a later step comes first.
    cases = [
        (p2, g2, _adam_state(p2, 3, 2), 0.05, (0.8, 0.95, 1e-8), "a [3, 4, 2] network after 3 steps, lr 0.05, "
                                                                 "beta_1 0.8, beta_2 0.95"),
        (p1, g1, _adam_state(p1, 0, 1), 0.01, None, "the first step (t = 0, zero moments), lr 0.01, default "
                                                   "beta_1, beta_2, epsilon"),
        (p3, g3, _adam_state(p3, 1, 3), 0.1, (0.7, 0.9, 0.1), "a [2, 3, 1] network after 1 step, lr 0.1, "
                                                              "beta_1 0.7, beta_2 0.9, epsilon 0.1"),
        (p1, g1, _adam_state(p1, 0, 1), 0.01, (0.5, 0.6, 1e-8), "the first step, lr 0.01, beta_1 0.5, beta_2 0.6"),
    ]
    mutation = _mutation_message("adam_update", "state")

    def run_case(check, params, grads, state, lr, settings, case):
        args = (params, grads, state, lr) + (tuple(settings) if settings else ())
        b1, b2, eps = settings or (0.9, 0.999, 1e-8)
        from_zero = ("the step was counted from 0: use t = state['t'] + 1 in the bias correction, so the first "
                     "step has t = 1 (with t = 0 it divides 0 by 0).")
        steps_seen.clear()
        try:
            got = check.call(args, case, ("params", "grads", "state", "learning_rate", "beta_1", "beta_2",
                                          "epsilon"), mutation=mutation)
        except _Finding as finding:
            if state["t"] == 0 and "ZeroDivisionError" in finding.headline:
                raise _Finding(from_zero, finding.headline) from None
            raise _key_error_hint(finding, params) or finding from None
        if steps_seen and steps_seen[0] != steps_seen[1]:
            raise _Finding("adam_update changed state['t'], which you passed in (state['t'] += 1 writes into the "
                           "caller's dict): compute t = state['t'] + 1 and return it in a new state dict, "
                           "{'t': t, 'm': ..., 'v': ...}; change nothing you were given.", f"case: {case}")
        new_params, new_state = _pair(check, got, "new_params, new_state")
        if isinstance(new_params, dict):
            _expect_float64(check, new_params, "the new params", case)
        if state["t"] == 0 and isinstance(new_params, dict) and any(
                np.any(np.isnan(np.asarray(value, dtype=np.float64))) for value in new_params.values()
                if np.asarray(value).dtype.kind in "fc"):
            raise _Finding(from_zero, f"case: {case}", "the new params hold nan")
        expected_params, expected_state = adam_update(params, grads, state, lr, b1, b2, eps)
        on_moments = _adam_variant(params, grads, state, lr, b1, b2, eps, moments_corrected=True)
        wrong = _wrong_names(check, new_params, expected_params, "the new params")
        if wrong and _matches(new_params, wrong, wrong, lambda n: on_moments[n]):
            wrong = []
            check.note("Note: you bias-correct the moments (m_hat = m / (1 - beta_1**t), ...), as the Adam paper's "
                       "Algorithm 1; scikit-learn and Keras fold the correction into the learning rate, which "
                       "moves epsilon slightly - the two differ only where sqrt(v) is as small as epsilon. "
                       "NeuralNet follows scikit-learn.")
        if wrong:
            t = state["t"] + 1
            variant = lambda **change: (lambda n: _adam_variant(params, grads, state, lr, b1, b2, eps, **change)[n])
            _fail_with_diagnosis(new_params, wrong, [
                ("no bias correction: in the first steps m and v are pulled towards their zero start; multiply the "
                 "learning rate by sqrt(1 - beta_2**t) / (1 - beta_1**t).", variant(correction=False)),
                (f"the step was counted from 0: use t = state['t'] + 1 (here {t}) in the bias correction, so the "
                 "first step has t = 1 (with t = 0 it divides 0 by 0).", variant(t_used=t - 1)),
                ("epsilon is inside the square root: the denominator is sqrt(v) + epsilon. Epsilon is there only to keep "
                 "the division finite where sqrt(v) is about 0; under the root it acts as sqrt(epsilon) (1e-4 for "
                 "1e-8), which damps every weight whose gradients are about that small or smaller.",
                 variant(eps_inside=True)),
                ("the betas are swapped: beta_1 averages the gradient (m), beta_2 its square (v).",
                 lambda n: _adam_variant(params, grads, state, lr, b2, b1, eps)[n]),
                ("the bias corrections are swapped: sqrt(1 - beta_2**t) goes on top, (1 - beta_1**t) below.",
                 variant(swap_correction=True)),
                ("v must average the squared gradient: v = beta_2 * v + (1 - beta_2) * grad**2.",
                 variant(square=False)),
                ("m is missing its factor (1 - beta_1): m = beta_1 * m + (1 - beta_1) * grad.", variant(damp=False)),
                ("moved uphill: subtract the step, p - lr_t * m / (sqrt(v) + epsilon).",
                 lambda n: 2 * params[n] - expected_params[n]),
                ("the params did not change: return p - lr_t * m / (sqrt(v) + epsilon) for every parameter.",
                 lambda n: params[n]),
            ], case, "the new params", expected_params)
        if not isinstance(new_state, dict):
            raise _Finding(f"the new state should be a dict {{'t': ..., 'm': ..., 'v': ...}}; "
                           f"got {type(new_state).__name__}.", f"case: {case}")
        _expect_keys(new_state, ["t", "m", "v"], "the new state",
                     hint="Return the state as you received it: {'t': t, 'm': m, 'v': v}.")
        if not _all_close(check.number_array(new_state["t"], "state['t']"), np.float64(expected_state["t"])):
            if _all_close(check.number_array(new_state["t"], "state['t']"), np.float64(state["t"])):
                raise _Finding("the state's step count did not change: store t = state['t'] + 1 in the new state, "
                               "or the next step's bias correction will be wrong.", f"case: {case}")
            raise _Finding(f"the new state's t is {_fmt(new_state['t'])}, expected {expected_state['t']} "
                           f"(one more than the {state['t']} passed in).", f"case: {case}")
        for key, label in (("m", "first moment m"), ("v", "second moment v")):
            wrong = _wrong_names(check, new_state[key], expected_state[key], f"the new state['{key}']")
            if wrong:
                if _matches(new_state[key], wrong, wrong, lambda n: state[key][n]):
                    raise _Finding(f"the state's {label} did not change: store the new moments in the state you "
                                   "return, so the next step averages over this one.", f"case: {case}")
                corrected = {"m": 1 - b1 ** expected_state["t"], "v": 1 - b2 ** expected_state["t"]}[key]
                if _matches(new_state[key], wrong, wrong, lambda n: expected_state[key][n] / corrected):
                    raise _Finding(f"the state holds the bias-corrected {label}: keep the raw moving average in "
                                   "the state and correct only when taking the step.", f"case: {case}")
                _fail_with_diagnosis(new_state[key], wrong, [], case, f"the new state's {label}", expected_state[key])

    steps_seen = []  # state["t"] before and after the learner's call, to catch a step count changed in place

    def body(check):
        learner = check.fn

        @functools.wraps(learner)
        def watched(*args, **kwargs):
            state = args[2] if len(args) > 2 else kwargs.get("state")
            before = state.get("t") if isinstance(state, dict) else None
            try:
                return learner(*args, **kwargs)
            finally:
                steps_seen[:] = [before, state.get("t") if isinstance(state, dict) else None]

        check.fn = watched
        for params, grads, state, lr, settings, case in cases:
            run_case(check, params, grads, state, lr, settings, case)

    return _run_checker("adam_update", fn,
                        "adam_update(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8)",
                        "adam_update", timeout, body)


# --------------------------------------------------------------------------------------------------------------------

def check_invscaling(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``invscaling(learning_rate_init, power_t, samples_seen)`` = learning_rate_init / (samples_seen + 1) ** power_t.

    Tries single counts (0, one epoch of 242, a million) with power_t 0.5, 0.25
    and 0, and an array of counts.  Knows: the +1 missing, multiplying instead of
    dividing, power_t ignored or replaced by a square root, the power applied to
    the rate too, the 1 added after the power.
    """
    cases = [(0.1, 0.5, 0), (0.1, 0.5, 242), (0.01, 0.25, 10 ** 6), (1.0, 0.0, 500), (0.3, 0.25, 7),
             (0.1, 0.5, np.array([0, 1, 99, 242, 2420]))]

    def body(check):
        for lr, power, seen in cases:
            case = f"learning_rate_init = {lr}, power_t = {power}, samples_seen = {_fmt(seen)}"
            plus_one = ("the +1 is missing: the count starts at 0, so the rate is learning_rate_init / "
                        "(samples_seen + 1) ** power_t (without it the first epoch divides by 0).")
            try:
                got = check.call((lr, power, seen), case, ("learning_rate_init", "power_t", "samples_seen"))
            except _Finding as finding:
                if "ZeroDivisionError" in finding.headline:
                    raise _Finding(plus_one, finding.headline) from None
                if np.ndim(seen) and " raised " in finding.headline and "NotImplementedError" not in finding.headline:
                    raise _Finding("invscaling works on one count but not on an array of counts: use ** (or "
                                   "np.power) instead of math.pow or math.sqrt, so the lesson can plot a whole "
                                   "schedule at once.", finding.headline) from None
                raise
            t = np.asarray(seen, dtype=np.float64)
            expected = np.asarray(invscaling(lr, power, seen))
            mistakes = [
                (plus_one, lambda: lr / t ** power),
                ("the rate grows: divide by (samples_seen + 1) ** power_t instead of multiplying.",
                 lambda: lr * (t + 1) ** power),
                ("power_t is ignored: the rate falls as (samples_seen + 1) ** power_t.", lambda: lr / (t + 1)),
                ("a square root is power_t = 0.5 only: raise to the power power_t.", lambda: lr / np.sqrt(t + 1)),
                ("the power applies to (samples_seen + 1) only, not to the learning rate.",
                 lambda: (lr / (t + 1)) ** power),
                ("add the 1 before taking the power: (samples_seen + 1) ** power_t.", lambda: lr / (t ** power + 1)),
            ]
            if np.ndim(seen) == 0:
                check.expect_number(got, expected, case, what="the learning rate", mistakes=mistakes)
            else:
                check.expect(got, expected, case, what="the learning rates", mistakes=mistakes)

    return _run_checker("invscaling", fn, "invscaling(learning_rate_init, power_t, samples_seen)", "invscaling",
                        timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# The lesson's derivations, entered as small functions

def _number_cases(check, title_args, cases, reference, mistakes, what="the answer", rtol=1e-9, near=None,
                  whole=None):
    """Call the learner's function on each case and compare its number with the reference's.

    ``near`` = (message, atol): a wrong answer within atol of the right one gets that message;
    ``whole`` = message: a right answer that is not an int fails with it.
    """
    for args, case in cases:
        got = check.call(args, case, title_args)
        expected = np.float64(reference(*args))
        _expect_close(check, got, expected, case, what, mistakes(*args), rtol, near)
        if whole and (isinstance(got, (bool, np.bool_)) or not isinstance(got, (int, np.integer))):
            raise _Finding(whole, f"case: {case}", f"got {type(got).__name__} {_fmt(got)}")


def _expect_close(check, got, expected, case, what, mistakes, rtol, near=None):
    """expect_number with a relative tolerance of our choosing (and a tiny absolute one, for answers near 0)."""
    array = check.number_array(got, what)
    if array.size != 1:
        raise _Finding(f"{check.title} returned an array of shape {array.shape}, expected a single number.",
                       f"case: {case}")
    value = float(array.reshape(()))
    if abs(value - expected) <= rtol * abs(expected) + 1e-15:
        return
    for message, compute in mistakes:
        try:
            wrong = float(compute())
        except Exception:  # noqa: BLE001 - a mistake that cannot be computed here does not match
            continue
        if abs(value - wrong) <= rtol * abs(wrong) + 1e-15 and abs(wrong - expected) > rtol * abs(expected) + 1e-15:
            raise _Finding(message, f"case: {case}", f"expected {expected:.6g}, got {value:.6g}")
    if near and (abs(value - expected) <= near[1] or np.asarray(got).dtype == np.float32):
        raise _Finding(near[0], f"case: {case}", f"expected {expected:.6g}, got {value:.6g}")
    raise _Finding(f"{what} is wrong for {case}.", f"expected {expected:.6g}, got {value:.6g}")


def check_momentum_speed_up(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``momentum_speed_up(momentum)``: the settled step on a constant gradient over gradient descent's, 1 / (1 - momentum).

    Tries momentum 0.9, 0.5, 0 and 0.99.  Knows: 1 + momentum (one step
    remembered), momentum / (1 - momentum) (the carried part only), 1 / momentum,
    1 / (1 - momentum**2).
    """
    from ..optimizers import momentum_speed_up

    cases = [((0.9,), "momentum = 0.9"), ((0.5,), "momentum = 0.5"), ((0.0,), "momentum = 0 (plain descent)"),
             ((0.99,), "momentum = 0.99")]

    def mistakes(mu):
        return [("1 + momentum counts only the previous step: the velocity remembers all of them, "
                 "v = g (1 + mu + mu^2 + ...) - solve v = mu v - lr g for v.", lambda: 1 + mu),
                ("that is only the part carried over from earlier steps: the settled step is the whole v, "
                 "1 / (1 - momentum) times gradient descent's.", lambda: mu / (1 - mu)),
                ("1 / momentum grows as momentum falls: solve v = momentum * v - lr * g for v.", lambda: 1 / mu),
                ("the steps add up as 1 + mu + mu^2 + ... (powers of mu, not of mu squared): 1 / (1 - momentum).",
                 lambda: 1 / (1 - mu ** 2))]

    def body(check):
        _number_cases(check, ("momentum",), cases, momentum_speed_up, mistakes, what="the speed-up")

    return _run_checker("momentum_speed_up", fn, "momentum_speed_up(momentum)", "momentum_speed_up", timeout, body)


def check_updates_per_epoch(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``updates_per_epoch(n_samples, batch_size="auto")``: ceil(n / min(batch, n)), "auto" = min(200, n).

    Tries the heart data's 242 patients with "auto" and 32, 200, 150 and 1,000
    samples with "auto", and a batch larger than the data.  Knows: the short
    last batch dropped (floor), a fraction of an update, n // size + 1 (one too
    many when the size divides n); a right count returned as a float fails.
    """
    from ..optimizers import updates_per_epoch

    cases = [((242, "auto"), "n_samples = 242, batch_size = 'auto'"), ((242, 32), "n_samples = 242, batch_size = 32"),
             ((200, "auto"), "n_samples = 200, 'auto'"), ((150, "auto"), "n_samples = 150, 'auto'"),
             ((1000, "auto"), "n_samples = 1000, 'auto'"), ((10, 32), "n_samples = 10, batch_size = 32")]

    def mistakes(n, batch):
        size = min(200, n) if batch == "auto" else batch
        return [("the short last batch was dropped: scikit-learn keeps it (gen_batches), so round up - "
                 "math.ceil(n_samples / batch size).", lambda: n // size),
                ("an epoch makes a whole number of updates: round up, math.ceil(n_samples / batch size).",
                 lambda: n / size),
                ("n // size + 1 counts one update too many when the batch size divides n exactly (200 samples in "
                 "batches of 200 make 1 update, not 2): round up instead, math.ceil(n_samples / batch size).",
                 lambda: n // size + 1)]

    def body(check):
        _number_cases(check, ("n_samples", "batch_size"), cases, updates_per_epoch, mistakes,
                      what="the number of updates",
                      whole="return a whole number as an int: np.ceil gives a float (2.0, which would print as "
                            "'2.0 updates'); use math.ceil(...) or int(np.ceil(...)).")

    return _run_checker("updates_per_epoch", fn, 'updates_per_epoch(n_samples, batch_size="auto")',
                        "updates_per_epoch", timeout, body)


def check_keras_first_step_change(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``keras_first_step_change(beta_1, beta_2)``: Keras' first Adam step over ours, minus 1.

    The step is lr * sqrt(1 - beta_2) / (1 - beta_1); Keras' bias correction
    uses float32(beta_1) and float32(beta_2).  Tries 0.9/0.999, float32-exact
    0.875/(1 - 2**-10) (answer 0) and 0.8/0.99.  Knows: only one beta rounded,
    the ratio the other way round, the ratio without the "- 1", float16, the
    whole computation done in float32.
    """
    from ..optimizers import keras_first_step_change

    cases = [((0.9, 0.999), "beta_1 = 0.9, beta_2 = 0.999"), ((0.8, 0.99), "beta_1 = 0.8, beta_2 = 0.99"),
             ((0.875, 1 - 2 ** -10), "beta_1 = 0.875, beta_2 = 1 - 2**-10 (both exact in float32)")]

    def step(b1, b2):
        return np.sqrt(1 - b2) / (1 - b1)

    def mistakes(b1, b2):
        f1, f2 = float(np.float32(b1)), float(np.float32(b2))
        return [("only beta_2 was rounded: Keras casts beta_1 to float32 as well (both enter the bias correction).",
                 lambda: step(b1, f2) / step(b1, b2) - 1),
                ("only beta_1 was rounded: beta_2 goes through float32 too - and matters most, because 1 - beta_2 "
                 "is so small.", lambda: step(f1, b2) / step(b1, b2) - 1),
                ("the ratio is the wrong way round: Keras' step divided by ours, minus 1.",
                 lambda: step(b1, b2) / step(f1, f2) - 1),
                ("that is the ratio itself: subtract 1 to get the relative change.",
                 lambda: step(f1, f2) / step(b1, b2)),
                ("float16 is not Keras' type here: TensorFlow makes a Python float a float32 tensor.",
                 lambda: step(float(np.float16(b1)), float(np.float16(b2))) / step(b1, b2) - 1)]

    def body(check):
        _number_cases(check, ("beta_1", "beta_2"), cases, keras_first_step_change, mistakes,
                      what="the relative change", rtol=1e-6,
                      near=("close, but computed in float32 arithmetic, whose rounding (about 1e-7) is as large as "
                            "the effect you are measuring: cast only the betas, float(np.float32(beta)), and do "
                            "the rest of the arithmetic in float64 (Python floats).", 2e-6))

    return _run_checker("keras_first_step_change", fn, "keras_first_step_change(beta_1, beta_2)",
                        "keras_first_step_change", timeout, body)

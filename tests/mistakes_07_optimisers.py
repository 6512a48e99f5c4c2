"""Lesson 7's checker catalogue: correct solutions written several ways, and realistic mistakes.

Merged into tests/learner_mistakes.py's tables; tests/test_checks.py runs every entry.
"""

import copy
import math

import numpy as np


# ---------------------------------------------------------------- momentum_update
def momentum_loop(params, grads, velocity, learning_rate, momentum, nesterov=False):
    new_params, new_velocity = {}, {}
    for name in params:
        v = momentum * velocity[name] - learning_rate * grads["d" + name]
        new_velocity[name] = v
        if nesterov:
            new_params[name] = params[name] + momentum * v - learning_rate * grads["d" + name]
        else:
            new_params[name] = params[name] + v
    return new_params, new_velocity


def momentum_sutskever(params, grads, velocity, learning_rate, momentum, nesterov=False):
    # Nesterov as p + (1 + mu) v_new - mu v: the same step, written with the two velocities
    new_velocity = {k: momentum * velocity[k] - learning_rate * grads[f"d{k}"] for k in params}
    if nesterov:
        new_params = {k: params[k] + (1 + momentum) * new_velocity[k] - momentum * velocity[k] for k in params}
    else:
        new_params = {k: params[k] + new_velocity[k] for k in params}
    return new_params, new_velocity


def momentum_copies(params, grads, velocity, learning_rate, momentum, nesterov=False):
    # copies first, then in place on the copies: the caller's arrays stay intact
    new_params = {k: v.copy() for k, v in params.items()}
    new_velocity = {k: v.copy() for k, v in velocity.items()}
    for k in new_params:
        new_velocity[k] *= momentum
        new_velocity[k] -= learning_rate * grads["d" + k]
        step = momentum * new_velocity[k] - learning_rate * grads["d" + k] if nesterov else new_velocity[k]
        new_params[k] += step
    return new_params, new_velocity


def momentum_builder(velocity_rule="right", step_rule="right"):
    def momentum_update(params, grads, velocity, learning_rate, momentum, nesterov=False):
        new_params, new_velocity = {}, {}
        for k in params:
            g, v = grads["d" + k], velocity[k]
            v_new = {"right": lambda: momentum * v - learning_rate * g,
                     "sign": lambda: momentum * v + learning_rate * g,
                     "pytorch": lambda: momentum * v + g,
                     "no momentum": lambda: -learning_rate * g,
                     "damped": lambda: momentum * v - (1 - momentum) * learning_rate * g,
                     "old": lambda: v}[velocity_rule]()
            right_v = momentum * v - learning_rate * g
            if velocity_rule == "sign":
                p_new = params[k] - v_new
            elif velocity_rule == "pytorch":
                p_new = params[k] - learning_rate * v_new
            elif velocity_rule == "old":
                p_new = params[k] + right_v
            elif step_rule == "ignore nesterov" or not nesterov:
                p_new = params[k] + (v_new if step_rule != "always nesterov" else momentum * v_new - learning_rate * g)
            elif step_rule == "old velocity":
                p_new = params[k] + momentum * v - learning_rate * g
            else:
                p_new = params[k] + momentum * v_new - learning_rate * g
            new_params[k], new_velocity[k] = p_new, v_new
        return new_params, new_velocity
    return momentum_update


def momentum_in_place(params, grads, velocity, learning_rate, momentum, nesterov=False):
    for k in params:
        velocity[k] *= momentum
        velocity[k] -= learning_rate * grads["d" + k]
        params[k] += momentum * velocity[k] - learning_rate * grads["d" + k] if nesterov else velocity[k]
    return params, velocity


def momentum_params_only(params, grads, velocity, learning_rate, momentum, nesterov=False):
    return momentum_loop(params, grads, velocity, learning_rate, momentum, nesterov)[0]


def momentum_uphill(params, grads, velocity, learning_rate, momentum, nesterov=False):
    new_params, new_velocity = momentum_loop(params, grads, velocity, learning_rate, momentum, nesterov)
    return {k: 2 * params[k] - new_params[k] for k in params}, new_velocity


# ---------------------------------------------------------------- adam_update
def adam_paper(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    # Kingma & Ba's Algorithm 1: bias-correct the moments, then step
    t = state["t"] + 1
    m, v, new_params = {}, {}, {}
    for k in params:
        g = grads["d" + k]
        m[k] = beta_1 * state["m"][k] + (1 - beta_1) * g
        v[k] = beta_2 * state["v"][k] + (1 - beta_2) * g ** 2
        m_hat = m[k] / (1 - beta_1 ** t)
        v_hat = v[k] / (1 - beta_2 ** t)
        new_params[k] = params[k] - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)
    return new_params, {"t": t, "m": m, "v": v}


def adam_folded_loop(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    lr_t = learning_rate * math.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    new_state = {"t": t, "m": {}, "v": {}}
    new_params = {}
    for k, p in params.items():
        g = grads[f"d{k}"]
        new_state["m"][k] = beta_1 * state["m"][k] + (1 - beta_1) * g
        new_state["v"][k] = beta_2 * state["v"][k] + (1 - beta_2) * np.square(g)
        new_params[k] = p - lr_t * new_state["m"][k] / (np.sqrt(new_state["v"][k]) + epsilon)
    return new_params, new_state


def adam_keras_form(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    # Keras' arithmetic: m += (g - m)(1 - beta_1), on deep copies of the state
    new_state = copy.deepcopy(state)
    new_state["t"] += 1
    t = new_state["t"]
    alpha = learning_rate * np.sqrt(1 - np.power(beta_2, t)) / (1 - np.power(beta_1, t))
    new_params = {}
    for k in params:
        g = grads["d" + k]
        new_state["m"][k] += (g - new_state["m"][k]) * (1 - beta_1)
        new_state["v"][k] += (g * g - new_state["v"][k]) * (1 - beta_2)
        new_params[k] = params[k] - new_state["m"][k] * alpha / (np.sqrt(new_state["v"][k]) + epsilon)
    return new_params, new_state


def adam_builder(**change):
    """The paper form with one mistake."""
    def adam_update(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
        t = state["t"] + 1
        t_used = state["t"] if change.get("t_from_zero") else t
        b1, b2 = (beta_2, beta_1) if change.get("swap") else (beta_1, beta_2)
        m, v, new_params = {}, {}, {}
        for k in params:
            g = grads["d" + k]
            m[k] = b1 * state["m"][k] + (g if change.get("no_damp") else (1 - b1) * g)
            v[k] = b2 * state["v"][k] + (1 - b2) * (g if change.get("no_square") else g * g)
            if change.get("no_correction"):
                lr_t = learning_rate
            elif change.get("swap_correction"):
                lr_t = learning_rate * np.sqrt(1 - b1 ** t_used) / (1 - b2 ** t_used)
            else:
                lr_t = learning_rate * np.sqrt(1 - b2 ** t_used) / (1 - b1 ** t_used)
            root = np.sqrt(v[k] + epsilon) if change.get("eps_inside") else np.sqrt(v[k]) + epsilon
            step = lr_t * m[k] / root
            new_params[k] = params[k] + step if change.get("uphill") else params[k] - step
        if change.get("state_unchanged"):
            return new_params, state
        if change.get("t_unchanged"):
            return new_params, {"t": state["t"], "m": m, "v": v}
        if change.get("corrected_state"):
            return new_params, {"t": t, "m": {k: m[k] / (1 - b1 ** t) for k in m},
                                "v": {k: v[k] / (1 - b2 ** t) for k in v}}
        return new_params, {"t": t, "m": m, "v": v}
    return adam_update


def adam_in_place(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    state["t"] += 1
    t = state["t"]
    for k in params:
        g = grads["d" + k]
        state["m"][k] *= beta_1
        state["m"][k] += (1 - beta_1) * g
        state["v"][k] *= beta_2
        state["v"][k] += (1 - beta_2) * g * g
        params[k] -= learning_rate * np.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t) * state["m"][k] / (
            np.sqrt(state["v"][k]) + epsilon)
    return params, state


def adam_params_only(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    return adam_paper(params, grads, state, learning_rate, beta_1, beta_2, epsilon)[0]


def adam_math_sqrt_from_zero(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    # t used before counting it, with math: the first step raises ZeroDivisionError
    t = state["t"]
    lr_t = learning_rate * math.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    m = {k: beta_1 * state["m"][k] + (1 - beta_1) * grads["d" + k] for k in params}
    v = {k: beta_2 * state["v"][k] + (1 - beta_2) * grads["d" + k] ** 2 for k in params}
    return {k: params[k] - lr_t * m[k] / (np.sqrt(v[k]) + epsilon) for k in params}, {"t": t + 1, "m": m, "v": v}


CORRECT = {
    "momentum_update": [
        ("loop", momentum_loop),
        ("two velocities (Sutskever's form)", momentum_sutskever),
        ("in place on copies", momentum_copies),
        ("reference", lambda *args, **kwargs: __import__("nn_helpers").momentum_update(*args, **kwargs)),
    ],
    "adam_update": [
        ("paper: corrected moments", adam_paper),
        ("folded into the learning rate, math.sqrt", adam_folded_loop),
        ("Keras' form on a deep copy", adam_keras_form),
        ("reference", lambda *args, **kwargs: __import__("nn_helpers").adam_update(*args, **kwargs)),
    ],
    "invscaling": [
        ("divide", lambda lr, p, t: lr / (t + 1) ** p),
        ("negative power", lambda lr, p, t: lr * (t + 1.0) ** (-p)),
        ("np.power", lambda lr, p, t: lr / np.power(np.asarray(t) + 1, p)),
        ("reference", lambda *args: __import__("nn_helpers").invscaling(*args)),
    ],
}

MISTAKES = {
    "momentum_update": [
        ("velocity sign", momentum_builder("sign"), "wrong sign"),
        ("PyTorch velocity", momentum_builder("pytorch"), "PyTorch's velocity"),
        ("momentum ignored", momentum_builder("no momentum"), "momentum is ignored"),
        ("damped gradient", momentum_builder("damped"), "damped by (1 - momentum)"),
        ("old velocity returned", momentum_builder("old"), "returned the old velocity"),
        ("Nesterov ignored", momentum_builder(step_rule="ignore nesterov"), "nesterov=True was ignored"),
        ("Nesterov with the old velocity", momentum_builder(step_rule="old velocity"), "with the new velocity"),
        ("always Nesterov", momentum_builder(step_rule="always nesterov"), "with nesterov=False"),
        ("in place", momentum_in_place, "changed params"),
        ("params only", momentum_params_only, "returned one dict"),
        ("uphill", momentum_uphill, "moved uphill"),
    ],
    "adam_update": [
        ("no bias correction", adam_builder(no_correction=True), "no bias correction"),
        ("step counted from 0", adam_builder(t_from_zero=True), "counted from 0"),
        ("step from 0 with math.sqrt", adam_math_sqrt_from_zero, "counted from 0"),
        ("epsilon inside the root", adam_builder(eps_inside=True), "epsilon is inside the square root"),
        ("betas swapped", adam_builder(swap=True), "betas are swapped"),
        ("corrections swapped", adam_builder(swap_correction=True), "bias corrections are swapped"),
        ("gradient not squared", adam_builder(no_square=True), "squared gradient"),
        ("(1 - beta_1) missing", adam_builder(no_damp=True), "(1 - beta_1)"),
        ("uphill", adam_builder(uphill=True), "moved uphill"),
        ("state returned unchanged", adam_builder(state_unchanged=True), "step count did not change"),
        ("t not updated", adam_builder(t_unchanged=True), "step count did not change"),
        ("bias-corrected moments stored", adam_builder(corrected_state=True), "bias-corrected"),
        ("in place", adam_in_place, "changed"),
        ("params only", adam_params_only, "returned one dict"),
    ],
    "invscaling": [
        ("+1 missing", lambda lr, p, t: lr / t ** p, "+1 is missing"),
        ("+1 missing, numpy", lambda lr, p, t: lr / np.power(np.asarray(t, dtype=float), p), "+1 is missing"),
        ("multiplied", lambda lr, p, t: lr * (t + 1) ** p, "rate grows"),
        ("power ignored", lambda lr, p, t: lr / (t + 1), "power_t is ignored"),
        ("square root", lambda lr, p, t: lr / np.sqrt(t + 1), "square root"),
        ("power on the rate", lambda lr, p, t: (lr / (t + 1)) ** p, "not to the learning rate"),
        ("1 after the power", lambda lr, p, t: lr / (t ** p + 1), "before taking the power"),
        ("math.pow", lambda lr, p, t: lr / math.pow(t + 1, p), "not on an array"),
    ],
}


# ---------------------------------------------------------------- the derivations
def updates_ceil(n, batch_size="auto"):
    size = min(200, n) if batch_size == "auto" else min(batch_size, n)
    return math.ceil(n / size)


def updates_loop(n, batch_size="auto"):
    size = min(200, n) if batch_size == "auto" else batch_size
    return len(range(0, n, size))


def keras_change_numpy(beta_1, beta_2):
    b1, b2 = np.float32(beta_1).astype(np.float64), np.float32(beta_2).astype(np.float64)
    return (np.sqrt(1 - b2) * (1 - beta_1)) / ((1 - b1) * np.sqrt(1 - beta_2)) - 1


def keras_change_one_beta(beta_1, beta_2):
    b2 = float(np.float32(beta_2))
    return math.sqrt(1 - b2) / math.sqrt(1 - beta_2) - 1


def keras_change_inverted(beta_1, beta_2):
    b1, b2 = float(np.float32(beta_1)), float(np.float32(beta_2))
    return (math.sqrt(1 - beta_2) / (1 - beta_1)) / (math.sqrt(1 - b2) / (1 - b1)) - 1


CORRECT.update({
    "momentum_speed_up": [("formula", lambda mu: 1 / (1 - mu)),
                          ("geometric series", lambda mu: sum(mu ** k for k in range(20000))),
                          ("reference", lambda mu: __import__("nn_helpers.optimizers").optimizers.momentum_speed_up(mu))],
    "updates_per_epoch": [("math.ceil", updates_ceil), ("counting batches", updates_loop),
                          ("floor of negative", lambda n, b="auto": -(-n // (min(200, n) if b == "auto" else min(b, n))))],
    "keras_first_step_change": [("numpy float32", keras_change_numpy),
                                ("reference", lambda b1, b2: __import__("nn_helpers.optimizers").optimizers
                                 .keras_first_step_change(b1, b2))],
})
MISTAKES.update({
    "momentum_speed_up": [("1 + mu", lambda mu: 1 + mu, "counts only the previous step"),
                          ("carried part", lambda mu: mu / (1 - mu), "only the part carried over"),
                          ("1 / mu", lambda mu: 1 / mu, "grows as momentum falls"),
                          ("mu squared", lambda mu: 1 / (1 - mu ** 2), "not of mu squared")],
    "updates_per_epoch": [("floor", lambda n, b="auto": n // (min(200, n) if b == "auto" else b), "last batch was dropped"),
                          ("fraction", lambda n, b="auto": n / (min(200, n) if b == "auto" else b), "whole number")],
    "keras_first_step_change": [("beta_2 only", keras_change_one_beta, "only beta_2 was rounded"),
                                ("inverted", keras_change_inverted, "wrong way round"),
                                ("no minus 1", lambda b1, b2: keras_change_numpy(b1, b2) + 1, "subtract 1"),
                                ("float16", lambda b1, b2: (math.sqrt(1 - float(np.float16(b2))) / (1 - float(np.float16(b1))))
                                 / (math.sqrt(1 - b2) / (1 - b1)) - 1, "float16")],
})


# ---------------------------------------------------------------- mistakes found by the lesson's first learners
def momentum_no_d_plain(params, grads, velocity, learning_rate, momentum, nesterov=False):
    new_params, new_velocity = {}, {}
    for k in params:
        new_velocity[k] = momentum * velocity[k] - learning_rate * grads[k]
        new_params[k] = params[k] + new_velocity[k]
    return new_params, new_velocity


def momentum_float32(params, grads, velocity, learning_rate, momentum, nesterov=False):
    new_params, new_velocity = momentum_loop(params, grads, velocity, learning_rate, momentum, nesterov)
    return ({k: v.astype(np.float32) for k, v in new_params.items()},
            {k: v.astype(np.float32) for k, v in new_velocity.items()})


def momentum_velocity_in_place(params, grads, velocity, learning_rate, momentum, nesterov=False):
    new_params = {}
    for k in params:
        velocity[k] *= momentum
        velocity[k] -= learning_rate * grads["d" + k]
        new_params[k] = params[k] + (momentum * velocity[k] - learning_rate * grads["d" + k] if nesterov
                                     else velocity[k])
    return new_params, velocity


def momentum_params_in_place(params, grads, velocity, learning_rate, momentum, nesterov=False):
    _, new_velocity = momentum_loop(params, grads, velocity, learning_rate, momentum, nesterov)
    for k in params:
        params[k] += (momentum * new_velocity[k] - learning_rate * grads["d" + k] if nesterov else new_velocity[k])
    return params, new_velocity


def adam_t_in_place(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    state["t"] += 1  # the caller's step count changes
    t = state["t"]
    lr_t = learning_rate * math.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    m = {k: beta_1 * state["m"][k] + (1 - beta_1) * grads["d" + k] for k in params}
    v = {k: beta_2 * state["v"][k] + (1 - beta_2) * grads["d" + k] ** 2 for k in params}
    return {k: params[k] - lr_t * m[k] / (np.sqrt(v[k]) + epsilon) for k in params}, {"t": t, "m": m, "v": v}


def adam_moments_in_place(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    lr_t = learning_rate * math.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    m, v = state["m"], state["v"]
    for k in params:
        m[k] = beta_1 * m[k] + (1 - beta_1) * grads["d" + k]  # rebinds inside the caller's dict
        v[k] = beta_2 * v[k] + (1 - beta_2) * grads["d" + k] ** 2
    return {k: params[k] - lr_t * m[k] / (np.sqrt(v[k]) + epsilon) for k in params}, {"t": t, "m": m, "v": v}


def adam_no_d(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    t = state["t"] + 1
    lr_t = learning_rate * math.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    m = {k: beta_1 * state["m"][k] + (1 - beta_1) * grads[k] for k in params}
    v = {k: beta_2 * state["v"][k] + (1 - beta_2) * grads[k] ** 2 for k in params}
    return {k: params[k] - lr_t * m[k] / (np.sqrt(v[k]) + epsilon) for k in params}, {"t": t, "m": m, "v": v}


def keras_change_float32_arithmetic(beta_1, beta_2):
    b1, b2, one = np.float32(beta_1), np.float32(beta_2), np.float32(1)
    ours = np.float32(math.sqrt(1 - beta_2) / (1 - beta_1))
    return (np.sqrt(one - b2) / (one - b1)) / ours - one


MISTAKES["momentum_update"] += [
    ("grads[k] without the d", momentum_no_d_plain, 'with a "d" in front'),
    ("float32 results", momentum_float32, "keeps float64"),
    ("velocity changed in place", momentum_velocity_in_place, "no `*=` or `-=` on velocity"),
    ("params changed in place", momentum_params_in_place, "leave params as it was"),
]
MISTAKES["adam_update"] += [
    ("state['t'] += 1 on the caller's state", adam_t_in_place, "changed state['t']"),
    ("moments rebound inside the caller's dicts", adam_moments_in_place, "made of new dicts"),
    ("grads[k] without the d", adam_no_d, 'with a "d" in front'),
]
MISTAKES["updates_per_epoch"] += [
    ("n // size + 1", lambda n, b="auto": n // (min(200, n) if b == "auto" else min(b, n)) + 1, "divides n exactly"),
    ("np.ceil, a float", lambda n, b="auto": np.ceil(n / (min(200, n) if b == "auto" else min(b, n))), "as an int"),
]
MISTAKES["keras_first_step_change"] += [
    ("all in float32", keras_change_float32_arithmetic, "cast only the betas"),
]

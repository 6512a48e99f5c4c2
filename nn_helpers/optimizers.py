"""Update rules and learning-rate schedules (lesson 7), in scikit-learn's exact form.

Each rule is a pure function in CS231n's shape, ``rule(params, grads, state, ...)
-> (new_params, new_state)``: the optimiser's memory lives in one value that the
caller passes back in on the next step, and nothing passed in is changed.

* ``momentum_update`` is ``sklearn.neural_network._stochastic_optimizers.SGDOptimizer``:
  the velocity is the step itself, ``v <- momentum * v - learning_rate * g``, and
  ``p <- p + v``; Nesterov's form takes the step ``momentum * v_new - learning_rate * g``
  instead (the look-ahead written for a gradient taken at ``p``, as scikit-learn and
  Keras' ``SGD(nesterov=True)`` do).
* ``adam_update`` is its ``AdamOptimizer``: the step count first, then both moments,
  and the bias correction folded into the learning rate,
  ``lr_t = learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)``,
  ``p <- p - lr_t * m / (sqrt(v) + epsilon)`` (Kingma & Ba 2015, end of section 2;
  Keras' ``Adam`` computes the same).
* ``invscaling`` is scikit-learn's ``learning_rate="invscaling"``, whose clock counts
  *samples* seen, not epochs; ``cosine_decay`` is Keras' ``CosineDecay``.

``params`` is a dict ``{"W1": ..., "b1": ..., ...}`` and ``grads`` the matching
``{"dW1": ..., "db1": ..., ...}``, as everywhere in the course; a velocity and
Adam's moments are dicts keyed like ``params``.
"""

import numpy as np


def zeros_like_params(params):
    """A dict of zero arrays shaped like ``params``: the starting velocity of momentum."""
    return {name: np.zeros_like(value, dtype=np.float64) for name, value in params.items()}


def init_adam_state(params):
    """Adam's state before the first step: ``{"t": 0, "m": zeros, "v": zeros}`` (m, v keyed like params)."""
    return {"t": 0, "m": zeros_like_params(params), "v": zeros_like_params(params)}


def momentum_update(params, grads, velocity, learning_rate, momentum, nesterov=False):
    """One step of gradient descent with (Nesterov's) momentum, as scikit-learn takes it.

    v_new = momentum * v - learning_rate * dp
    p_new = p + v_new                               (classical momentum)
    p_new = p + momentum * v_new - learning_rate * dp   (nesterov=True)

    Parameters
    ----------
    params : dict of arrays ``W1, b1, ...``
    grads : dict ``dW1, db1, ...``, each shaped like its parameter
    velocity : dict keyed like params (zeros before the first step, ``zeros_like_params``)
    learning_rate : float > 0
    momentum : float in [0, 1]; 0 gives plain gradient descent
    nesterov : bool

    Returns
    -------
    (new_params, new_velocity) : two new dicts; the inputs are left unchanged.
    """
    new_params, new_velocity = {}, {}
    for name, value in params.items():
        grad = grads[f"d{name}"]
        step = momentum * velocity[name] - learning_rate * grad
        new_velocity[name] = step
        if nesterov:
            step = momentum * step - learning_rate * grad
        new_params[name] = value + step
    return new_params, new_velocity


def adam_update(params, grads, state, learning_rate, beta_1=0.9, beta_2=0.999, epsilon=1e-8):
    """One step of Adam, as scikit-learn and Keras take it.

    t_new = t + 1
    m_new = beta_1 * m + (1 - beta_1) * dp
    v_new = beta_2 * v + (1 - beta_2) * dp**2
    lr_t  = learning_rate * sqrt(1 - beta_2**t_new) / (1 - beta_1**t_new)
    p_new = p - lr_t * m_new / (sqrt(v_new) + epsilon)

    Parameters
    ----------
    params, grads : dicts ``W1, b1, ...`` and ``dW1, db1, ...``
    state : dict ``{"t": int, "m": dict, "v": dict}``, ``init_adam_state(params)`` before the first step
    learning_rate : float > 0
    beta_1, beta_2 : floats in [0, 1), the decay rates of the two moments
    epsilon : float > 0, keeps the division finite where v is 0

    Returns
    -------
    (new_params, new_state) : new dicts; the inputs are left unchanged.
    """
    t = state["t"] + 1
    step_size = learning_rate * np.sqrt(1 - beta_2 ** t) / (1 - beta_1 ** t)
    new_params, new_m, new_v = {}, {}, {}
    for name, value in params.items():
        grad = grads[f"d{name}"]
        # Each new array is made once and then finished in place: the same numbers, fewer temporaries.
        m = beta_1 * state["m"][name]
        m += (1 - beta_1) * grad
        v = beta_2 * state["v"][name]
        v += (1 - beta_2) * (grad * grad)
        denominator = np.sqrt(v)
        denominator += epsilon
        new_params[name] = value - step_size * m / denominator
        new_m[name], new_v[name] = m, v
    return new_params, {"t": t, "m": new_m, "v": new_v}


def invscaling(learning_rate_init, power_t, samples_seen):
    """scikit-learn's ``learning_rate="invscaling"``: learning_rate_init / (samples_seen + 1) ** power_t.

    ``samples_seen`` counts training samples, not steps or epochs: MLPClassifier
    adds ``n_samples`` after every epoch and sets the new rate then, so epoch k
    (from 0) trains at ``invscaling(lr, power_t, k * n_samples)`` throughout.
    Works on a number or an array of counts.
    """
    return learning_rate_init / (np.asarray(samples_seen, dtype=np.float64) + 1) ** power_t


def cosine_decay(learning_rate_init, step, decay_steps, alpha=0.0):
    """Keras' ``CosineDecay``: from learning_rate_init down to alpha * learning_rate_init along half a cosine.

    lr = learning_rate_init * ((1 - alpha) * 0.5 * (1 + cos(pi * min(step, decay_steps) / decay_steps)) + alpha)
    """
    fraction = np.minimum(np.asarray(step, dtype=np.float64), decay_steps) / decay_steps
    return learning_rate_init * ((1 - alpha) * 0.5 * (1 + np.cos(np.pi * fraction)) + alpha)


# ---------------------------------------------------------------- lesson 7's derivations, as functions

def momentum_speed_up(momentum):
    """How many times plain gradient descent's step momentum settles at on a constant gradient: 1 / (1 - momentum).

    From v = momentum * v - learning_rate * g: v = -learning_rate * g / (1 - momentum).
    """
    return 1 / (1 - momentum)


def updates_per_epoch(n_samples, batch_size="auto"):
    """The number of updates MLPClassifier makes in one epoch: batches of min(batch_size, n), the last one short.

    ``batch_size="auto"`` is scikit-learn's default, min(200, n_samples).
    """
    size = min(200, n_samples) if batch_size == "auto" else min(batch_size, n_samples)
    return -(-n_samples // size)  # ceil without floats


def keras_first_step_change(beta_1, beta_2):
    """Keras' first Adam step divided by scikit-learn's, minus 1: the effect of Keras' float32 betas.

    The first step's size is learning_rate * sqrt(1 - beta_2) / (1 - beta_1); Keras takes both betas of
    its bias correction through float32 (its moments keep the Python floats 1 - beta).
    """
    float32_1, float32_2 = float(np.float32(beta_1)), float(np.float32(beta_2))
    return (np.sqrt(1 - float32_2) / (1 - float32_1)) / (np.sqrt(1 - beta_2) / (1 - beta_1)) - 1

"""Checkers of Lesson 6, training."""

import numpy as np

from ..network import update_params
from ._harness import DEFAULT_TIMEOUT, _Finding, _all_close, _close, _difference, _run_checker
from .lesson03_forward import _OPTIONAL_NOTES, _expect_keys, _network


def check_update_params(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``update_params(params, grads, learning_rate)`` -> new params, p - learning_rate * dp.

    Tries two-layer networks with learning rates 0.1 and 0.5 (required) and a
    three-layer network (optional).  Knows: moving uphill (+), the learning rate
    ignored or divided by, a parameter left out (e.g. the biases), changing the
    params dict or its arrays in place, None returned, grads looked up as W1
    instead of dW1.
    """
    rng = np.random.default_rng(30)

    def make(sizes, seed):
        _, params = _network(sizes, seed, 1)
        grads = {f"d{name}": np.round(rng.normal(0, 1, value.shape), 3) for name, value in params.items()}
        return params, grads

    cases = [
        (*make([2, 3, 1], 1), 0.1, "a [2, 3, 1] network, learning_rate = 0.1", True),
        (*make([4, 5, 2], 2), 0.5, "a [4, 5, 2] network, learning_rate = 0.5", True),
        (*make([3, 4, 4, 1], 3), 0.1, "a [3, 4, 4, 1] network (two hidden layers), learning_rate = 0.1", False),
    ]

    def mutation(name):
        if name == "the params dict":
            return ("update_params changed the params dict you passed in: build and return a new dict, "
                    "{name: params[name] - learning_rate * grads['d' + name] for name in params}.")
        if name.startswith("params["):
            return (f"update_params wrote into the arrays inside params ({name} -= ...): compute new arrays, "
                    "params[name] - learning_rate * grads['d' + name], so the old weights stay intact.")
        return f"update_params changed {name}, which you passed in: leave the gradients as they are."

    def run_case(check, params, grads, learning_rate, case):
        try:
            got = check.call((params, grads, learning_rate), case, ("params", "grads", "learning_rate"),
                             mutation=mutation)
        except _Finding as finding:
            if finding.headline.startswith("update_params raised KeyError"):
                raise _Finding(finding.headline, *finding.details,
                               f"grads holds {', '.join(grads)}: the gradient of W1 is grads['dW1'].") from None
            raise
        names = list(params)
        _expect_keys(got, names, "the dict update_params returned",
                     hint="Return the new parameters under the same names as params.")
        expected = update_params(params, grads, learning_rate)
        wrong = [name for name in names if not _all_close(check.number_array(got[name], name), expected[name])]
        if not wrong:
            return
        details = [f"case: {case}", f"wrong: {', '.join(wrong)}"]
        variants = [
            ("moved uphill: subtract the gradient, p - learning_rate * dp.",
             lambda name: params[name] + learning_rate * grads[f"d{name}"]),
            ("ignored the learning rate: p - learning_rate * dp.", lambda name: params[name] - grads[f"d{name}"]),
            ("divided by the learning rate: multiply instead, p - learning_rate * dp.",
             lambda name: params[name] - grads[f"d{name}"] / learning_rate),
        ]
        for message, compute in variants:
            if all(_all_close(np.asarray(got[name], dtype=np.float64), compute(name)) for name in wrong):
                raise _Finding(message, *details)
        unchanged = [name for name in wrong if _all_close(np.asarray(got[name], dtype=np.float64), params[name])]
        if unchanged:
            raise _Finding(f"{', '.join(unchanged)} did not change: update every parameter, biases too.", *details)
        first = wrong[0]
        got_first = np.asarray(got[first], dtype=np.float64)
        raise _Finding(f"{', '.join(wrong)} are wrong: each parameter becomes p - learning_rate * dp.",
                       *details, f"{first}: " + _difference(got_first, expected[first],
                                                            _close(got_first, expected[first])))

    def body(check):
        for params, grads, learning_rate, case, required in cases:
            if required:
                run_case(check, params, grads, learning_rate, case)
                continue
            try:
                run_case(check, params, grads, learning_rate, case)
            except _Finding as finding:
                if "not implemented yet" in finding.headline or "did not finish" in finding.headline:
                    raise
                check.note(_OPTIONAL_NOTES["deep"].format(problem=finding.headline.rstrip(".")))

    return _run_checker("update_params", fn, "update_params(params, grads, learning_rate)", "update_params",
                        timeout, body)

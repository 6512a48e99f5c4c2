"""nn_helpers.autograd.Value: each operation against numerical gradients, fan-out, and whole networks against the
vectorised nn_helpers.backward (micrograd's idea: a trusted reference is the oracle)."""

import math

import numpy as np
import pytest

from nn_helpers import Value, backward, fan_out_gradient, forward, init_params
from nn_helpers.autograd import BACKWARD_RULES, backward_rules, mul_backward, topological_order
from nn_helpers.gradcheck import numerical_gradient, relative_error


def gradients(expression, *numbers):
    """(value, [d expression / d each input]) with Values, and the same by central differences of plain floats."""
    inputs = [Value(number) for number in numbers]
    out = expression(*inputs)
    out.backward()
    x = np.array(numbers, dtype=float)
    numerical = numerical_gradient(lambda v: expression(*[Value(float(n)) for n in v]).data, x)
    return out.data, [value.grad for value in inputs], numerical


EXPRESSIONS = {
    "a + b": (lambda a, b: a + b, (1.5, -2.0)),
    "a * b": (lambda a, b: a * b, (1.5, -2.0)),
    "a - b": (lambda a, b: a - b, (1.5, -2.0)),
    "-a * b": (lambda a, b: -a * b, (0.7, 3.0)),
    "a / b": (lambda a, b: a / b, (1.5, -2.0)),
    "a ** 3 + b ** -1": (lambda a, b: a ** 3 + b ** -1, (1.2, 0.8)),
    "tanh(a * b)": (lambda a, b: (a * b).tanh(), (0.3, -1.4)),
    "sigmoid(a) * b": (lambda a, b: a.sigmoid() * b, (-0.6, 2.5)),
    "log(a * b)": (lambda a, b: (a * b).log(), (0.5, 3.0)),
    "exp(a) - b": (lambda a, b: a.exp() - b, (0.4, 1.0)),
    "numbers on both sides": (lambda a, b: 2 * a + 1 - b * 3 + (1 - a) / 4 + 2 / b, (0.9, 1.7)),
    "fan-out: (a + b) * a": (lambda a, b: (a + b) * a, (2.0, -3.0)),
    "a * a * a": (lambda a, b: a * a * a + b, (1.3, 0.0)),
    "deep reuse": (lambda a, b: ((a * b).tanh() + a.sigmoid() * a).log(), (0.8, 0.6)),
}


@pytest.mark.parametrize("name", EXPRESSIONS)
def test_every_operation_matches_numerical_gradients(name):
    expression, numbers = EXPRESSIONS[name]
    _, grads, numerical = gradients(expression, *numbers)
    assert relative_error(grads, numerical) < 1e-8, (grads, numerical)


def test_values_are_the_plain_arithmetic():
    a, b = Value(1.5), Value(-2.0)
    assert (a + b).data == -0.5 and (a * b).data == -3.0 and (a - b).data == 3.5 and (-a).data == -1.5
    assert (a / b).data == pytest.approx(-0.75, rel=1e-15)
    assert (2 - a).data == 0.5 and (3 * a).data == 4.5 and (1 + a).data == 2.5 and (3 / a).data == pytest.approx(2.0)
    assert a.sigmoid().data == pytest.approx(1 / (1 + math.exp(-1.5)), rel=1e-15)
    assert a.tanh().data == math.tanh(1.5) and a.log().data == math.log(1.5) and a.exp().data == math.exp(1.5)


def test_fan_out_adds_the_contributions():
    x, y = Value(2.0), Value(-3.0)
    f = (x + y) * x  # x used twice: df/dx = (x + y) + x
    f.backward()
    assert x.grad == -1.0 + 2.0 and y.grad == 2.0


def test_a_value_used_twice_in_one_operation():
    x = Value(3.0)
    y = x * x
    y.backward()
    assert x.grad == 6.0


def test_backward_twice_gives_the_same_gradients():
    x = Value(0.5)
    loss = (x * x).sigmoid().log()
    loss.backward()
    first = x.grad
    loss.backward()
    assert x.grad == first


def test_topological_order_puts_every_node_after_its_inputs():
    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = c + a
    e = d * c
    order = topological_order(e)
    assert order[-1] is e and len(order) == 5
    position = {id(node): i for i, node in enumerate(order)}
    for node in order:
        for child in node._prev:
            assert position[id(child)] < position[id(node)]


def test_a_deep_chain_does_not_hit_the_recursion_limit():
    x = Value(0.1)
    y = x
    for _ in range(5000):
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0


def test_sigmoid_never_overflows():
    for z in (-1000.0, -800.0, 800.0, 1000.0):
        v = Value(z)
        s = v.sigmoid()
        s.backward()
        assert s.data in (0.0, 1.0) and v.grad == 0.0


def test_backward_rules_plug_in_and_are_restored():
    calls = []

    def recording_mul(a, b, out):
        calls.append((a.data, b.data))
        mul_backward(a, b, out)

    a, b = Value(2.0), Value(5.0)
    with backward_rules(mul=recording_mul):
        (a * b).backward()
    assert calls == [(2.0, 5.0)] and a.grad == 5.0
    assert BACKWARD_RULES["mul"] is mul_backward
    with pytest.raises(RuntimeError):
        with backward_rules(mul=recording_mul):
            raise RuntimeError("boom")
    assert BACKWARD_RULES["mul"] is mul_backward


def test_a_wrong_rule_gives_wrong_gradients():
    def overwriting_mul(a, b, out):  # = instead of +=
        a.grad = b.data * out.grad
        b.grad = a.data * out.grad

    x = Value(3.0)
    with backward_rules(mul=overwriting_mul):
        (x * x).backward()
    assert x.grad == 3.0  # not 6: the second update replaced the first


def test_bad_input_gets_a_clear_error():
    with pytest.raises(TypeError, match="real number"):
        Value("1")
    with pytest.raises(TypeError, match="not another Value"):
        Value(Value(1.0))
    with pytest.raises(TypeError, match="cannot combine"):
        Value(1.0) + "2"
    with pytest.raises(ValueError, match="log needs a positive number"):
        Value(0.0).log()
    with pytest.raises(ValueError, match="unknown operation"):
        with backward_rules(matmul=mul_backward):
            pass
    with pytest.raises(TypeError, match="must be a function"):
        with backward_rules(mul=3):
            pass


def test_repr_and_symbols():
    w = Value(0.5, label="w")
    assert repr(w) == "Value(w: data=0.5, grad=0)"
    assert (w * 2).symbol == "×" and (w ** 2).symbol == "^2" and w.sigmoid().symbol == "σ" and w.symbol == ""


def test_fan_out_gradient_matches_value_and_numerical_gradient():
    for w, x in ((0.5, 2.0), (-1.3, 0.7), (2.0, -1.5)):
        wv = Value(w)
        loss = wv * (wv * x).sigmoid()
        loss.backward()
        numerical = numerical_gradient(lambda v: float(v[0] / (1 + np.exp(-v[0] * x))), np.array([w]))[0]
        assert fan_out_gradient(w, x) == pytest.approx(wv.grad, rel=1e-12)
        assert fan_out_gradient(w, x) == pytest.approx(numerical, rel=1e-8)


# --- whole networks, with nn_helpers.backward as the oracle -------------------------------------------------------

def value_network_gradients(x, y, params, hidden_activation):
    """Gradients of one sample's binary cross-entropy through a network built from Values (any depth)."""
    values = {name: [[Value(float(w)) for w in row] for row in np.atleast_2d(p)] if p.ndim == 2 else
              [Value(float(w)) for w in p] for name, p in params.items()}
    L = len(params) // 2
    activations = [Value(float(v)) for v in x]
    for layer in range(1, L + 1):
        W, b = values[f"W{layer}"], values[f"b{layer}"]
        z = [sum((activations[i] * W[i][j] for i in range(len(W))), b[j]) for j in range(len(b))]
        if layer < L:
            activations = [zj.tanh() if hidden_activation == "tanh" else zj.sigmoid() for zj in z]
        else:
            activations = [zj.sigmoid() for zj in z]
    p = activations[0]
    loss = -(y * p.log() + (1 - y) * (1 - p).log())
    loss.backward()
    return {f"d{name}": np.array([[w.grad for w in row] for row in v]) if params[name].ndim == 2 else
            np.array([w.grad for w in v]) for name, v in values.items()}


@pytest.mark.parametrize("layer_sizes", [[2, 3, 1], [3, 4, 2, 1]])
@pytest.mark.parametrize("hidden_activation", ["tanh", "sigmoid"])
def test_a_value_network_reproduces_the_vectorised_backward(layer_sizes, hidden_activation):
    rng = np.random.default_rng(4)
    X = rng.standard_normal((5, layer_sizes[0]))
    Y = np.array([[1.0], [0.0], [1.0], [1.0], [0.0]])
    params = init_params(layer_sizes, seed=3)
    params = {name: value + 0.1 * rng.standard_normal(value.shape) for name, value in params.items()}
    per_sample = []
    for i in range(len(X)):
        _, cache = forward(X[i:i + 1], params, hidden_activation)
        reference = backward(X[i:i + 1], Y[i:i + 1], params, cache, hidden_activation)
        mine = value_network_gradients(X[i], Y[i, 0], params, hidden_activation)
        for name in reference:
            assert relative_error(mine[name], reference[name]) < 1e-12, name
        per_sample.append(mine)
    # the batch gradient of the mean loss is the mean of the per-sample gradients
    _, cache = forward(X, params, hidden_activation)
    batch = backward(X, Y, params, cache, hidden_activation)
    for name in batch:
        assert relative_error(np.mean([g[name] for g in per_sample], axis=0), batch[name]) < 1e-12

"""A scalar automatic-differentiation engine, micrograd-style (lesson 4).

A ``Value`` holds one number, ``data``, and the gradient of the final result
with respect to it, ``grad``.  Every operation on Values makes a new Value that
remembers its inputs (``_prev``) and the name of its operation (``_op``), so the
expression builds a computational graph as it is evaluated::

    >>> w, x = Value(0.5, label="w"), Value(2.0, label="x")
    >>> loss = (w * x).sigmoid().log()
    >>> loss.backward()
    >>> round(w.grad, 4)          # d loss / d w
    0.5379

``backward()`` visits the graph in reverse topological order (every node after
all the nodes that use it) and applies each operation's local rule once.  A
rule ADDS its contribution to its inputs' ``grad`` (``+=``): a value used twice
(fan-out) receives one contribution per use, and the chain rule sums them.

Each operation's backward rule is a small function next to its forward rule,
looked up by name in ``BACKWARD_RULES`` when ``backward()`` runs.  Lesson 4's
learner writes two of them, ``mul_backward`` and ``sigmoid_backward``, and
plugs them in with ``with backward_rules(mul=..., sigmoid=...):``.

A rule has the signature ``rule(*inputs, out)``: the input Values of the
operation, then its output Value ``out`` (whose ``grad`` is d result / d out).
"""

import contextlib
import math
import numbers


# --------------------------------------------------------------------------- backward rules
# d out / d input times out.grad, added to input.grad (the chain rule; += for fan-out).

def add_backward(a, b, out):
    """out = a + b: d out/da = d out/db = 1."""
    a.grad += out.grad
    b.grad += out.grad


def sub_backward(a, b, out):
    """out = a - b: d out/da = 1, d out/db = -1."""
    a.grad += out.grad
    b.grad -= out.grad


def neg_backward(a, out):
    """out = -a: d out/da = -1."""
    a.grad -= out.grad


def mul_backward(a, b, out):
    """out = a * b: d out/da = b, d out/db = a."""
    a.grad += b.data * out.grad
    b.grad += a.data * out.grad


def pow_backward(a, out):
    """out = a ** k (k a plain number, kept in out._exponent): d out/da = k a**(k - 1)."""
    k = out._exponent
    a.grad += k * a.data ** (k - 1) * out.grad


def tanh_backward(a, out):
    """out = tanh(a): d out/da = 1 - tanh(a)**2, from the output t = out.data."""
    a.grad += (1.0 - out.data ** 2) * out.grad


def sigmoid_backward(z, out):
    """out = sigmoid(z): d out/dz = s (1 - s), from the output s = out.data (never overflows)."""
    s = out.data
    z.grad += s * (1.0 - s) * out.grad


def log_backward(a, out):
    """out = ln(a): d out/da = 1 / a."""
    a.grad += out.grad / a.data


def exp_backward(a, out):
    """out = e**a: d out/da = e**a = out.data."""
    a.grad += out.data * out.grad


BACKWARD_RULES = {"add": add_backward, "sub": sub_backward, "neg": neg_backward, "mul": mul_backward, "pow": pow_backward, "tanh": tanh_backward,
                  "sigmoid": sigmoid_backward, "log": log_backward, "exp": exp_backward}


@contextlib.contextmanager
def backward_rules(**rules):
    """Use other backward rules inside a ``with`` block, e.g. ``with backward_rules(mul=my_mul_backward):``.

    Keys are names in ``BACKWARD_RULES`` ("mul", "sigmoid", ...); the original
    rules come back when the block ends, even after an error.
    """
    unknown = sorted(set(rules) - set(BACKWARD_RULES))
    if unknown:
        raise ValueError(f"unknown operation(s) {unknown}; the rules are named {sorted(BACKWARD_RULES)}")
    for name, rule in rules.items():
        if not callable(rule):
            raise TypeError(f"the rule for {name!r} must be a function such as mul_backward; got {type(rule).__name__}")
    saved = dict(BACKWARD_RULES)
    BACKWARD_RULES.update(rules)
    try:
        yield
    finally:
        BACKWARD_RULES.clear()
        BACKWARD_RULES.update(saved)


# --------------------------------------------------------------------------- the Value

_SYMBOLS = {"add": "+", "sub": "−", "neg": "−", "mul": "×", "pow": "^", "tanh": "tanh", "sigmoid": "σ", "log": "log", "exp": "exp"}


class Value:
    """One number in a computational graph: ``data``, its gradient ``grad``, and the inputs that made it.

    Parameters
    ----------
    data : real number (stored as a Python float).
    label : optional name shown in drawings and in ``repr`` ("w", "z", "L").

    Arithmetic with plain numbers works on either side (``2 * v``, ``1 - v``).
    """

    def __init__(self, data, label="", _prev=(), _op=""):
        if isinstance(data, Value):
            raise TypeError("Value(...) takes a number, not another Value; use the Value itself")
        if isinstance(data, bool) or not isinstance(data, numbers.Real):
            raise TypeError(f"a Value holds a real number; got {type(data).__name__} {data!r}")
        self.data = float(data)
        self.grad = 0.0
        self.label = label
        self._prev = tuple(_prev)  # the input Values, in the order the backward rule takes them
        self._op = _op             # name of the operation in BACKWARD_RULES ("" for a leaf)

    def __repr__(self):
        label = f"{self.label}: " if self.label else ""
        return f"Value({label}data={self.data:.6g}, grad={self.grad:.6g})"

    @property
    def symbol(self):
        """The operation as drawn in a graph ("+", "×", "σ", ...), or "" for an input."""
        if self._op == "pow":
            return f"^{self._exponent:g}"
        return _SYMBOLS.get(self._op, self._op)

    # -- operations: forward here, backward in BACKWARD_RULES -------------------------------------------------
    def __add__(self, other):
        other = _as_value(other)
        return Value(self.data + other.data, _prev=(self, other), _op="add")

    def __mul__(self, other):
        other = _as_value(other)
        return Value(self.data * other.data, _prev=(self, other), _op="mul")

    def __pow__(self, exponent):
        if isinstance(exponent, bool) or not isinstance(exponent, numbers.Real):
            raise TypeError("only a plain number can be an exponent here, as in v ** 2 or v ** -1")
        out = Value(self.data ** exponent, _prev=(self,), _op="pow")
        out._exponent = float(exponent)
        return out

    def __neg__(self):
        return Value(-self.data, _prev=(self,), _op="neg")

    def __sub__(self, other):
        other = _as_value(other)
        return Value(self.data - other.data, _prev=(self, other), _op="sub")

    def __truediv__(self, other):
        return self * _as_value(other) ** -1

    def __radd__(self, other):  # 1 + v
        return self + other

    def __rmul__(self, other):  # 2 * v
        return self * other

    def __rsub__(self, other):  # 1 - v
        return _as_value(other) - self

    def __rtruediv__(self, other):  # 1 / v
        return _as_value(other) * self ** -1

    def tanh(self):
        return Value(math.tanh(self.data), _prev=(self,), _op="tanh")

    def sigmoid(self):
        # The overflow-safe form of lesson 1: only e^{-|z|} is ever computed.
        t = math.exp(-abs(self.data))
        s = 1.0 / (1.0 + t) if self.data >= 0 else t / (1.0 + t)
        return Value(s, _prev=(self,), _op="sigmoid")

    def log(self):
        if self.data <= 0:
            raise ValueError(f"log needs a positive number; got {self.data:.6g}")
        return Value(math.log(self.data), _prev=(self,), _op="log")

    def exp(self):
        return Value(math.exp(self.data), _prev=(self,), _op="exp")

    # -- the backward pass --------------------------------------------------------------------------------------
    def backward(self):
        """Set ``grad`` of every Value in this graph to d self / d (that Value).

        Gradients are reset to 0 first, so calling ``backward`` twice gives the
        same result.  Then self.grad = 1 and each node's rule runs once, in
        reverse topological order: a node's gradient is complete (every use has
        added its share) before its rule passes it on to its inputs.
        """
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            if node._op:
                BACKWARD_RULES[node._op](*node._prev, node)


def _as_value(other):
    if isinstance(other, Value):
        return other
    if isinstance(other, bool) or not isinstance(other, numbers.Real):
        raise TypeError(f"cannot combine a Value with {type(other).__name__} {other!r}; use numbers or Values")
    return Value(other)


def topological_order(root):
    """Every Value that ``root`` depends on, each after all of its inputs (so ``root`` comes last)."""
    order, seen = [], set()
    stack = [(root, False)]  # an explicit stack: deep graphs do not hit Python's recursion limit
    while stack:
        node, inputs_done = stack.pop()
        if inputs_done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for child in reversed(node._prev):
            if id(child) not in seen:
                stack.append((child, False))
    return order


# --------------------------------------------------------------------------- lesson 4's derived gradient

def fan_out_gradient(w, x):
    """dL/dw for L = w * sigmoid(w * x), by hand: w reaches L along two paths, and their contributions add.

    Direct path (w as the left factor): sigmoid(w x).  Path through the sigmoid:
    w * sigmoid'(w x) * x, with sigmoid' = s (1 - s).  w, x : numbers; returns a float.
    """
    s = Value(w * x).sigmoid().data
    return s + w * s * (1.0 - s) * x

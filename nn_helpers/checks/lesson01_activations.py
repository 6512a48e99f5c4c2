"""Checkers of Lesson 1, activations."""

import inspect
import io
import math
import re
import textwrap
import tokenize

import numpy as np

from ..activations import relu, relu_grad, sigmoid, sigmoid_grad, softmax, tanh, tanh_grad
from ._harness import DEFAULT_TIMEOUT, _Finding, _elementwise, _run_checker


# The one method lesson 1 teaches for a sigmoid that neither overflows nor warns.
_SAFE_SIGMOID = ("compute t = np.exp(-np.abs(z)) once (t <= 1, so it cannot overflow), then "
                 "np.where(z >= 0, 1 / (1 + t), t / (1 + t)) - the lesson's e^{-|z|} method")


def check_sigmoid(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``sigmoid(z)`` = 1 / (1 + exp(-z)), computed with no overflow and no warning.

    Tries a scalar 0 and 2, 1-D and 2-D arrays, one sample and z = +-50, +-1000.
    Knows: the sign of the exponent flipped, exp(z)/(1 + exp(z)) (nan at z = 1000),
    tanh or the derivative returned instead, z clipped too tightly, math.exp,
    changing z in place.  The exercise asks for no warning at z = +-1000, so
    right values computed with a warning (the textbook formula, or an
    ``np.where`` whose two branches both exponentiate z) fail, with the reason.
    """
    def mistakes(z):
        return [
            ("sigmoid returned 1 / (1 + exp(z)), i.e. 1 - sigmoid(z): the exponent needs a minus sign, "
             "1 / (1 + np.exp(-z)).",
             lambda: sigmoid(-z)),
            ("sigmoid returned tanh(z): the sigmoid is 1 / (1 + np.exp(-z)).", lambda: np.tanh(z)),
            ("sigmoid returned its derivative s * (1 - s): return s itself.", lambda: sigmoid_grad(z)),
            ("the values for large |z| are off: z was clipped too tightly (to about ±10), which changes sigmoid(z) "
             f"there. Do not clip: {_SAFE_SIGMOID}.",
             lambda: sigmoid(np.clip(z, -10, 10))),
        ]

    def body(check):
        _elementwise(check, sigmoid, mistakes,
                     nan_hint="sigmoid returned nan or inf for large |z|: exp(z) / (1 + exp(z)) becomes inf / inf at "
                              f"z = 1000. Instead, {_SAFE_SIGMOID}.")
        kind = np.asarray(check.call((np.array([-1.0, 2.0]),), "z = [-1, 2]", ("z",))).dtype
        if kind != np.float64:
            check.note(f"Tip: your sigmoid returns {kind}; the course computes in float64 (np.asarray(z, "
                       "dtype=float)), whose 16 digits the later lessons' gradient checks rely on.")
        if check.warned:
            case, text = check.warned[0]
            raise _Finding(f"sigmoid's values are right, but numpy warned \"{text}\" on {case}: the exercise asks "
                           "for no warning.",
                           "np.exp(-z) is e^1000 at z = -1000; and np.where(z >= 0, A, B) computes A and B for every "
                           "entry, so a branch holding np.exp(z) or np.exp(-z) overflows even where it is thrown away.",
                           f"Instead, {_SAFE_SIGMOID}.")

    return _run_checker("sigmoid", fn, "sigmoid(z)", "sigmoid", timeout, body)


def check_sigmoid_grad(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``sigmoid_grad(z)`` = s * (1 - s) with s = sigmoid(z).

    Knows: s*(1-s) applied to z itself, the sigmoid returned instead, a wrong
    sign, 1 - s**2 (the tanh pattern), nan in the extremes from
    exp(-z) / (1 + exp(-z))**2, changing z in place.
    """
    def mistakes(z):
        return [
            ("sigmoid_grad returned z * (1 - z), i.e. s*(1-s) of z instead of the sigmoid: "
             "first s = sigmoid(z), then s * (1 - s).", lambda: z * (1 - z)),
            ("sigmoid_grad returned the sigmoid itself, not its derivative s * (1 - s).", lambda: sigmoid(z)),
            ("sigmoid_grad has the wrong sign: the derivative is s * (1 - s), never negative.",
             lambda: -sigmoid_grad(z)),
            ("sigmoid_grad returned 1 - s**2 (that is the pattern of tanh's derivative): use s * (1 - s).",
             lambda: 1 - sigmoid(z) ** 2),
            ("sigmoid_grad returned s * (1 + s): the derivative is s * (1 - s).",
             lambda: sigmoid(z) * (1 + sigmoid(z))),
        ]

    def body(check):
        _elementwise(check, sigmoid_grad, mistakes,
                     nan_hint="sigmoid_grad returned nan or inf for large |z| (exp overflows to inf / inf): "
                              "compute s = sigmoid(z) first, then s * (1 - s).")

    return _run_checker("sigmoid_grad", fn, "sigmoid_grad(z)", "sigmoid_grad", timeout, body,
                        warning_tip="Compute s = sigmoid(z) with your overflow-safe sigmoid from Exercise 1 (the "
                                    "e^{-|z|} method), then s * (1 - s): the warnings go away.")


def _calls_library_tanh(fn):
    """True if the learner's own function is numpy's or math's tanh, or its source calls one of them.

    The references in nn_helpers are exempt: a learner who is stuck imports them.
    """
    if fn is np.tanh or fn is math.tanh:
        return True
    if getattr(fn, "__module__", "") and str(getattr(fn, "__module__", "")).startswith("nn_helpers"):
        return False
    if _names_library_tanh(getattr(fn, "__code__", None), getattr(fn, "__globals__", {}), fn):
        return True
    try:
        source = inspect.getsource(fn)
    except (OSError, TypeError):  # no source to read (a builtin, a function typed into a console)
        return False
    try:  # only the code counts: a comment or docstring may well mention np.tanh
        tokens = tokenize.generate_tokens(io.StringIO(textwrap.dedent(source)).readline)
        code = " ".join(token.string for token in tokens if token.type not in (tokenize.COMMENT, tokenize.STRING))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        code = source
    return re.search(r"\b(np|numpy|math|scipy|torch|tf)\s*\.\s*tanh\b", code) is not None


def _names_library_tanh(code, namespace, fn):
    """True if the code (or a function nested in it) names an object that is a library's tanh.

    Catches aliases the source text hides, `from numpy import tanh as th` or `import numpy as n; n.tanh(z)`,
    by resolving every global name the code uses (and the function's closure) to the object it stands for.
    """
    if code is None:
        return False
    libraries = {np, math}
    cells = getattr(fn, "__closure__", None) or ()
    for cell in cells:
        try:
            if cell.cell_contents is np.tanh or cell.cell_contents is math.tanh:
                return True
        except ValueError:  # an empty cell
            continue
    stack = [code]
    while stack:
        current = stack.pop()
        for name in current.co_names:
            value = namespace.get(name)
            if value is np.tanh or value is math.tanh:
                return True
            if "tanh" in current.co_names and any(value is library for library in libraries):
                return True
        stack += [const for const in current.co_consts if hasattr(const, "co_names")]
    return False


def check_tanh(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``tanh(z)``, built from the sigmoid (or from exponentials), not from a library's tanh.

    Knows: np.tanh or math.tanh called (the exercise is to derive tanh from
    the sigmoid), the identity misremembered (2 sigmoid(z) - 1, the - 1
    forgotten, no factor 2), the exp formula overflowing to nan at +-1000,
    the sigmoid or the derivative returned instead, sinh (the denominator
    forgotten), a wrong sign.
    """
    def mistakes(z):
        return [
            ("tanh returned the sigmoid itself: tanh lies in (-1, 1), the sigmoid in (0, 1). Use the identity you "
             "derived, which stretches and shifts sigmoid(2 * z).", lambda: sigmoid(z)),
            ("tanh returned 2 * sigmoid(z) - 1, which is tanh(z / 2): the identity needs sigmoid(2 * z).",
             lambda: 2 * sigmoid(z) - 1),
            ("tanh returned 2 * sigmoid(2 * z) without the - 1: tanh(0) must be 0.", lambda: 2 * sigmoid(2 * z)),
            ("tanh returned sigmoid(2 * z) - 1: the factor 2 in front is missing (tanh reaches +1, not 0).",
             lambda: sigmoid(2 * z) - 1),
            ("tanh returned sigmoid(2 * z): stretch it to (-1, 1) with 2 * ... - 1.", lambda: sigmoid(2 * z)),
            ("tanh returned its derivative 1 - tanh(z)**2: return tanh(z) itself.", lambda: tanh_grad(z)),
            ("tanh returned sinh(z) = (e^z - e^-z) / 2: divide by (e^z + e^-z) instead.", lambda: np.sinh(z)),
            ("tanh has the wrong sign: tanh(z) is positive for z > 0 (check the sign inside sigmoid(2 * z)).",
             lambda: -np.tanh(z)),
        ]

    def body(check):
        if _calls_library_tanh(check.fn):
            raise _Finding("tanh calls a library's tanh (np.tanh or math.tanh): this exercise is to build it "
                           "yourself.",
                           "Derive tanh(z) from your sigmoid as the lesson shows (divide top and bottom by e^z, then "
                           "compare with sigmoid(2 * z)) and return that expression.")
        _elementwise(check, tanh, mistakes,
                     nan_hint="tanh returned nan for large |z|: (e^z - e^-z) / (e^z + e^-z) becomes inf / inf at "
                              "z = 1000. Build it from your overflow-safe sigmoid instead (the identity with "
                              "sigmoid(2 * z)): nothing overflows.")

    return _run_checker("tanh", fn, "tanh(z)", "tanh", timeout, body,
                        warning_tip="Build it from your overflow-safe sigmoid (the identity with sigmoid(2 * z)): "
                                    "nothing overflows then.")


def check_tanh_grad(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``tanh_grad(z)`` = 1 - tanh(z)**2.

    Knows: 1 - z**2 (tanh' written in terms of z instead of tanh(z)), the
    square forgotten, a wrong sign, tanh returned instead, nan in the extremes.
    """
    def mistakes(z):
        return [
            ("tanh_grad returned 1 - z**2 instead of 1 - tanh(z)**2: the derivative is written through t = tanh(z), "
             "not through z.",
             lambda: 1 - z ** 2),
            ("tanh_grad returned 1 - tanh(z): square the tanh, 1 - tanh(z)**2.", lambda: 1 - np.tanh(z)),
            ("tanh_grad has the wrong sign: use 1 - tanh(z)**2, not tanh(z)**2 - 1.", lambda: np.tanh(z) ** 2 - 1),
            ("tanh_grad returned tanh itself, not its derivative 1 - tanh(z)**2.", lambda: np.tanh(z)),
            ("tanh_grad returned tanh(z)**2: the derivative is 1 - tanh(z)**2.", lambda: np.tanh(z) ** 2),
            ("tanh_grad is half the derivative: from tanh(z) = 2 sigmoid(2z) - 1 the chain rule gives "
             "2 * sigmoid'(2z) * 2 - the inner 2z contributes a second factor 2.", lambda: 2 * sigmoid_grad(2 * z)),
        ]

    def body(check):
        _elementwise(check, tanh_grad, mistakes,
                     nan_hint="tanh_grad returned nan for large |z|: compute t = tanh(z) with your overflow-safe "
                              "tanh, then 1 - t**2.")

    return _run_checker("tanh_grad", fn, "tanh_grad(z)", "tanh_grad", timeout, body,
                        warning_tip="Write it through t = tanh(z) with your overflow-safe tanh, 1 - t**2: nothing "
                                    "overflows then.")


def check_relu(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``relu(z)`` = max(z, 0) elementwise.

    Knows: writing into z in place, np.max(z, 0) (a reduction, not elementwise),
    Python's max, min instead of max, abs, the derivative returned instead.
    """
    def mistakes(z):
        return [
            ("relu kept the negative values and zeroed the positive ones: use np.maximum(z, 0).",
             lambda: np.minimum(z, 0)),
            ("relu returned |z|: negative inputs should become 0, not positive (np.maximum(z, 0)).",
             lambda: np.abs(z)),
            ("relu returned its derivative (0/1 values): return np.maximum(z, 0).", lambda: relu_grad(z)),
        ]

    def mutation(name):
        return "relu changed the array you passed in: return a new array (np.maximum(z, 0)) instead of writing into z."

    def shape_mistakes(z):
        return [("relu reduced the array: np.max(z, 0) is the largest value along axis 0. "
                 "Use np.maximum(z, 0), which compares element by element.",
                 lambda shape: np.ndim(z) > 0 and shape == np.shape(np.max(z, axis=0)))]

    def body(check):
        _elementwise(check, relu, mistakes, mutation=mutation, shape_mistakes=shape_mistakes)

    return _run_checker("relu", fn, "relu(z)", "relu", timeout, body)


def check_relu_grad(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``relu_grad(z)``: 1 where z > 0, 0 where z < 0 (anything from 0 to 1 at z == 0).

    Knows: writing the derivative into z in place (a bug from the source
    tutorials), relu returned instead, the comparison reversed, np.sign.
    Integer, float and boolean answers all pass.
    """
    def mistakes(z):
        return [
            ("relu_grad returned relu(z) itself: the derivative is 1 where z > 0 and 0 elsewhere, "
             "e.g. (z > 0).astype(float).", lambda: relu(z)),
            ("relu_grad is 1 for negative z and 0 for positive z: the comparison is reversed, use z > 0.",
             lambda: (np.asarray(z) < 0).astype(float)),
            ("relu_grad returned np.sign(z): for z < 0 the derivative is 0, not -1.", lambda: np.sign(z)),
            ("relu_grad returned nan at z = 0 (0/0): use (z > 0).astype(float), which gives 0 there.",
             lambda: np.where(np.asarray(z) == 0, np.nan, relu_grad(z))),
        ]

    def mutation(name):
        return ("relu_grad changed the array you passed in (it wrote 0s and 1s into z): backpropagation still needs "
                "Z afterwards. Return a new array instead, e.g. (z > 0).astype(float).")

    def body(check):
        _elementwise(check, relu_grad, mistakes, nan_hint="", mutation=mutation, allow_bool=True, at_zero=(0.0, 1.0))
        kind = np.asarray(check.call((np.array([-1.0, 2.0]),), "z = [-1, 2]", ("z",))).dtype
        if not np.issubdtype(kind, np.floating):
            check.note(f"Tip: your relu_grad returns {kind} values; the exercise asks for floats, "
                       f"(z > 0).astype(float). Numpy's arithmetic turns {kind} into numbers, so the course works "
                       "either way, but floats are what backpropagation multiplies.")
        at_zero = float(np.asarray(check.call((np.array([0.0]),), "z = [0]", ("z",)), dtype=np.float64).ravel()[0])
        if at_zero != 0.0:
            check.note(f"Note: at exactly z = 0 your relu_grad gives {at_zero:g}. The derivative does not exist there; "
                       "the course (like scikit-learn and Keras) takes 0, and any value from 0 to 1 is accepted.")

    return _run_checker("relu_grad", fn, "relu_grad(z)", "relu_grad", timeout, body)


def check_softmax(fn, timeout=DEFAULT_TIMEOUT):
    """Check the row-wise ``softmax(z)`` on a batch (n_samples, n_classes) and on one row (n_classes,).

    Tries typical rows, one sample, a square matrix, random data, rows near
    1000 and rows near -1000 in one batch, equal values, then single rows of
    shape (K,), also near +-1000.  Knows: no max subtracted (nan near 1000),
    the batch's maximum instead of each row's, normalising the whole batch,
    normalising columns (axis 0), a missing keepdims, axis=1 (which fails on
    one row), changing z in place.
    """
    rng = np.random.default_rng(1)
    cases = [
        (np.array([[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]), "z = [[1, 2, 3], [1, 1, 1]]"),
        (np.array([[0.5, -1.0, 2.0, 0.0]]), "z = [[0.5, -1, 2, 0]] (one sample)"),
        (np.round(rng.normal(0, 2, (4, 4)), 3), "z: random square array of shape (4, 4)"),
        (np.round(rng.normal(0, 2, (30, 5)), 3), "z: random array of shape (30, 5)"),
        (np.array([[1000.0, 1001.0, 1002.0], [-1000.0, -1000.0, -999.0]]),
         "z = [[1000, 1001, 1002], [-1000, -1000, -999]]"),
        (np.array([[2.0, 2.0], [0.0, 0.0], [-5.0, -5.0]]), "z = [[2, 2], [0, 0], [-5, -5]] (equal values)"),
        (np.array([1.0, 2.0, 3.0]), "one row of shape (3,): z = [1, 2, 3]"),
        (np.array([1000.0, 1001.0, 1002.0]), "one row of shape (3,): z = [1000, 1001, 1002]"),
        (np.array([-1000.0, 0.0]), "one row of shape (2,): z = [-1000, 0]"),
    ]
    row_hint = ("softmax must also take one row of shape (K,): use axis=-1 (the last axis) for the max and the sum, "
                "z.max(axis=-1, keepdims=True) and exps.sum(axis=-1, keepdims=True); axis=1 only exists for a batch.")

    def mistakes(z):
        def whole_batch():
            exps = np.exp(z - z.max())
            return exps / exps.sum()

        def whole_batch_after_row_max():
            exps = np.exp(z - z.max(axis=-1, keepdims=True))
            return exps / exps.sum()

        def columns():
            exps = np.exp(z - z.max(axis=0))
            return exps / exps.sum(axis=0)

        def no_keepdims():
            exps = np.exp(z)
            return exps / exps.sum(axis=-1)

        def no_keepdims_max():
            exps = np.exp(z - z.max(axis=-1))
            return exps / exps.sum(axis=-1, keepdims=True)

        def global_max():
            exps = np.exp(z - z.max())
            return exps / exps.sum(axis=-1, keepdims=True)

        return [
            ("softmax normalised over the whole batch instead of each row: "
             "divide by exps.sum(axis=-1, keepdims=True).", whole_batch),
            ("softmax normalised over the whole batch instead of each row (every row must sum to 1): "
             "divide by exps.sum(axis=-1, keepdims=True).", whole_batch_after_row_max),
            ("softmax normalised each column (axis=0) instead of each row: samples are rows, use axis=-1.", columns),
            ("each row was divided by the wrong row's sum: without keepdims=True the sums of shape (n,) line up "
             "with the columns. Use exps.sum(axis=-1, keepdims=True).", no_keepdims),
            ("each row was shifted by the wrong row's maximum: use z.max(axis=-1, keepdims=True).", no_keepdims_max),
            ("softmax subtracted the maximum of the whole batch: a row far below it becomes 0 / 0 = nan. "
             "Subtract each row's maximum: z - z.max(axis=-1, keepdims=True).", global_max),
        ]

    def mutation(name):
        return ("softmax changed the array you passed in (e.g. `z -= z.max(...)`): "
                "write `shifted = z - z.max(axis=-1, keepdims=True)` instead.")

    def body(check):
        for z, case in cases:
            try:
                got = check.call((z,), case, ("z",), mutation=mutation)
            except _Finding as finding:
                text = " ".join([finding.headline, *finding.details])
                if z.ndim == 1 and ("AxisError" in text or "out of bounds" in text or "too many indices" in text
                                    or "IndexError" in text):
                    raise _Finding(f"softmax raised an error on {case}.", row_hint,
                                   *[line for line in finding.details if line.startswith("in your code")]) from None
                if "broadcast" in text:
                    raise _Finding(finding.headline, "Each row's max and sum must keep a column shape (n, 1) to line "
                                   "up with its row: use z.max(axis=-1, keepdims=True) and "
                                   "exps.sum(axis=-1, keepdims=True).") from None
                raise
            check.expect(got, softmax(z), case, mistakes=mistakes(z),
                         shape_mistakes=[(row_hint, lambda shape: z.ndim == 1 and len(shape) == 2)],
                         nan_hint="softmax returned nan or inf for inputs near ±1000 (exp(1000) overflows): "
                                  "subtract each row's maximum first, z - z.max(axis=-1, keepdims=True).")

    return _run_checker("softmax", fn, "softmax(z)", "softmax", timeout, body)

"""Exercise checkers: each ``check_<name>(fn)`` tries the learner's ``fn`` and explains what is wrong.

A checker calls the learner's function on many inputs - typical values, edge
cases (0, probabilities of exactly 0 or 1), extreme values (+-1000), several
shapes, seeded random data - compares every answer with the reference in
``nn_helpers``, prints a short verdict and returns True or False::

    >>> check_sigmoid(sigmoid)            # doctest: +SKIP
    ✅ sigmoid is correct (6 test cases passed).

When an answer is wrong it prints *what* went wrong (the input, expected and
got) and, where it can tell, *why*: each checker compares a wrong answer with
a catalogue of known mistakes ("m times too large", "normalised the whole
batch", "propagated through dW2") and names the one that fits.

A checker never raises because of the learner's code.  Exceptions, ``None``,
wrong types or shapes, a wrong signature, changed inputs and endless loops
all become a ❌ verdict; a stub that still raises ``NotImplementedError`` gets
"not implemented yet" and the name to import instead.  The learner's function
runs in a background thread with a time limit (``timeout``, default 5 s per
call); a function that never returns is reported and left running in the
background, because Python cannot stop a thread - restarting the kernel ends
it.  Warnings are captured, never shown raw.

Decisions on borderline answers (the reasons are printed with the verdict):

* **Warnings with right values pass, with a tip.**  The textbook sigmoid
  ``1 / (1 + np.exp(-z))`` overflows at z = -1000 and numpy warns, but the
  result, 1 / inf = 0, is the correct limit.  Lesson 1 teaches that formula,
  so failing it would mark correct mathematics as wrong; the checker passes it
  and adds a tip on how to avoid the warning (clip z, as the reference
  ``nn_helpers.sigmoid`` effectively does - it never warns).  A warning next
  to a *wrong* value (nan from inf / inf, inf from log(0)) is reported as part
  of the failure.
* Activations that raise on a single number (say ``z.copy()`` followed by
  ``out[out < 0] = 0``) but work on arrays pass with a note: the course only
  ever passes arrays.
* ReLU's derivative at exactly z = 0 may be anything from 0 to 1: the
  derivative does not exist there and libraries differ in their convention.
* ``relu_grad`` may return floats, integers or booleans; ``one_hot`` may
  return floats or integers (booleans pass with a tip: ``-Y`` fails for them).
* Losses may return a Python float, a numpy scalar or a size-1 array
  (the last with a tip), in float32 or float64.
* Cross-entropy may clip with any epsilon from about 1e-5 (Keras uses 1e-7)
  down to float64's machine epsilon, or add a small epsilon inside the log:
  answers are compared tightly for ordinary probabilities, and only checked to
  be finite and in the range those epsilons give when a probability is
  exactly 0 or 1.
* Biases and their gradients must have shape ``(n_out,)``, not ``(1, n_out)``:
  ``update_params`` would otherwise silently turn every ``b`` into a 2-D
  array, and the comparison with Keras and scikit-learn (lesson 7) needs
  ``(n_out,)``.
* ``softmax`` is only tested on 2-D input (samples in rows).  ``forward`` and
  ``backward`` must handle two-layer networks with one sigmoid output; a
  function that cannot also handle deeper networks or a softmax output, or
  that takes no ``hidden_activation`` argument, passes with a note.  If it
  does take that argument, "tanh" and "sigmoid" are tested too.
"""

import copy
import inspect
import linecache
import sysconfig
import threading
import warnings
from pathlib import Path

import numpy as np

from .activations import relu, relu_grad, sigmoid, sigmoid_grad, softmax, tanh, tanh_grad
from .losses import binary_cross_entropy, categorical_cross_entropy, mse, one_hot
from .network import backward, forward, init_params, update_params

__all__ = ["check_sigmoid", "check_sigmoid_grad", "check_tanh", "check_tanh_grad", "check_relu", "check_relu_grad",
           "check_softmax", "check_mse", "check_binary_cross_entropy", "check_categorical_cross_entropy",
           "check_one_hot", "check_init_params", "check_forward", "check_backward", "check_update_params"]

DEFAULT_TIMEOUT = 5.0  # seconds per call of the learner's function; the test inputs take milliseconds
_STDLIB = sysconfig.get_paths()["stdlib"]  # frames from here are Python's, not the learner's
RTOL, ATOL = 1e-5, 1e-8  # loose enough for float32 answers, tight enough to catch any real mistake

# A probability clipped with epsilon e costs -log(e) when it is confidently wrong:
# 11.5 for e = 1e-5, 46.1 for e = 1e-20.  Any loss in that range per such entry passes.
_WORST_EPSILON, _BEST_EPSILON = 1e-5, 1e-20


# --------------------------------------------------------------------------------------------------------------------
# Toolkit: run the learner's function safely, describe values, compare with a catalogue of mistakes
# --------------------------------------------------------------------------------------------------------------------

class _Finding(Exception):
    """Something wrong with the learner's function; ends the check with a ❌ verdict."""

    def __init__(self, headline, *details):
        super().__init__(headline)
        self.headline = headline
        self.details = [line for line in details if line]


class _Interval:
    """An expected value that may lie anywhere between ``low`` and ``high`` (elementwise)."""

    def __init__(self, low, high, why="depending on how you clip"):
        self.why = why  # shown next to the range when the answer falls outside it
        self.low = np.asarray(low, dtype=np.float64)
        self.high = np.asarray(high, dtype=np.float64)
        self.shape = self.low.shape


def _fmt(value):
    """A short, deterministic text for a number or an array."""
    try:
        array = np.asarray(value)
        if array.dtype == object:
            raise TypeError
    except Exception:  # noqa: BLE001 - anything unprintable as an array
        text = repr(value)
        return text if len(text) < 80 else text[:77] + "..."
    if array.ndim == 0:
        return f"{array.item():.6g}" if np.issubdtype(array.dtype, np.floating) else repr(array.item())
    text = np.array2string(array, precision=4, threshold=12, edgeitems=2, separator=", ", max_line_width=1000)
    return " ".join(text.split())


def _describe_shape(value):
    shape = np.shape(value)
    return "a single number" if shape == () else f"shape {shape}"


def _quiet(compute):
    """Evaluate one of our own known-mistake formulas: no warnings, None if it fails."""
    try:
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return np.asarray(compute(), dtype=np.float64)
    except Exception:  # noqa: BLE001 - a mistake that cannot be computed for this input simply does not match
        return None


def _close(got, expected, rtol=RTOL, atol=ATOL, equal_nan=False):
    """Elementwise |got - expected| <= atol + rtol |expected|, or inside an _Interval."""
    with np.errstate(all="ignore"):
        if isinstance(expected, _Interval):
            slack_low = atol + rtol * np.abs(expected.low)
            slack_high = atol + rtol * np.abs(expected.high)
            return (got >= expected.low - slack_low) & (got <= expected.high + slack_high)
        return np.isclose(got, expected, rtol=rtol, atol=atol, equal_nan=equal_nan)


def _all_close(got, expected, **tolerance):
    if got is None or expected is None or np.shape(got) != np.shape(expected):
        return False
    return bool(np.all(_close(np.asarray(got, dtype=np.float64), expected, **tolerance)))


def _where_learner_failed(error):
    """'line 3: return 1 / (1 + math.exp(-z))' for the last line of the learner's own code in the traceback."""
    frames = []
    traceback = error.__traceback__
    while traceback is not None:
        frames.append(traceback.tb_frame.f_code.co_filename)
        frames[-1] = (frames[-1], traceback.tb_lineno)
        traceback = traceback.tb_next
    library = {"site-packages", "dist-packages", "numpy", "scipy"}
    own = [(name, line) for name, line in frames
           if name != __file__ and not library & set(Path(name).parts) and not name.startswith(_STDLIB)]
    if not own:
        return ""
    name, line = own[-1]
    source = linecache.getline(name, line).strip()
    return f"line {line}: {source}" if source else ""


def _error_hints(error):
    """Common causes behind common error messages."""
    message = str(error)
    if "truth value of an array" in message:
        return ("a Python `if`, `max` or `and` cannot decide for a whole array at once: "
                "use np.where or np.maximum, which work element by element")
    if "only length-1 arrays" in message or "only 0-dimensional" in message or "only size-1" in message:
        return "the math module works on single numbers only: use numpy (np.exp, np.log, np.tanh) for arrays"
    if "could not be broadcast" in message or "mismatch in its core dimension" in message or "not aligned" in message:
        return "check the shapes: samples are rows, Z = A @ W + b with W of shape (n_in, n_out)"
    return ""


class _Check:
    """One run of a checker: calls the learner's function safely and collects notes and warnings."""

    def __init__(self, title, fn, usage, reference, timeout, warning_tip=""):
        self.title = title            # "sigmoid"
        self.fn = fn
        self.usage = usage            # "sigmoid(z)", shown when the signature does not fit
        self.reference = reference    # name to import from nn_helpers when stuck
        self.timeout = timeout
        self.warning_tip = warning_tip  # how to avoid a warning, shown when the values were right
        self.cases = 0
        self.notes = []               # printed under a ✅ verdict
        self.warned = []              # (case, warning text), reported as a tip or with a failure
        self.last_warnings = []

    # -- running the learner's function --------------------------------------------------------------------------

    def accepts(self, n_positional):
        """True if the learner's function can be called with n positional arguments (True when unknown)."""
        try:
            inspect.signature(self.fn).bind(*range(n_positional))
        except TypeError:
            return False
        except ValueError:  # no signature available (some builtins): try it and see
            return True
        return True

    def call(self, args, case, names, kwargs=None, mutation=None):
        """Run fn(*args) on deep copies of ``args`` under the time limit; return its result.

        Raises _Finding if the function does not fit the signature, raises, times
        out, or changes its inputs.  ``names`` names the arguments for messages;
        ``mutation(name)`` may give a specific message for a changed input.
        """
        kwargs = kwargs or {}
        try:
            inspect.signature(self.fn).bind(*args, **kwargs)
        except TypeError as error:
            raise _Finding(f"{self.title} cannot be called as {self.usage}: {error}.",
                           f"Define it as `def {self.usage}:`.") from None
        except ValueError:
            pass
        passed = copy.deepcopy(args)
        held = [dict(arg) if isinstance(arg, dict) else None for arg in passed]  # to tell rebinding from writing
        outcome = _run_with_time_limit(self.fn, passed, kwargs, self.timeout)
        self.cases += 1
        self.last_warnings = outcome["warnings"]
        self.warned += [(case, text) for text in outcome["warnings"]]
        if outcome["timed_out"]:
            raise _Finding(f"your function did not finish in {self.timeout:g} s on {case}: "
                           "is there a loop that never ends?",
                           "(It may keep running in the background; restart the kernel if the notebook stays busy.)")
        error = outcome.get("error")
        if isinstance(error, NotImplementedError):
            raise _Finding(f"{self.title} is not implemented yet – replace `raise NotImplementedError` with your code "
                           f"(or import the reference: `from nn_helpers import {self.reference}`).")
        if error is not None:
            where = _where_learner_failed(error)
            raise _Finding(f"{self.title} raised {type(error).__name__} on {case}: {_fmt_error(error)}",
                           f"in your code, {where}" if where else "", _error_hints(error))
        self._check_unchanged(args, passed, held, names, mutation)
        return outcome["value"]

    def _check_unchanged(self, originals, passed, held, names, mutation):
        for original, given, before, name in zip(originals, passed, held, names):
            changed = _what_changed(original, given, name, before)
            if changed:
                message = mutation(changed) if mutation else None
                raise _Finding(message or f"{self.title} changed {changed}, which you passed in: "
                               "compute a new array instead of writing into your input.")

    def warning_detail(self):
        """'(numpy also warned: overflow encountered in exp)' for the last call, if it warned."""
        if not self.last_warnings:
            return ""
        return f"(numpy also warned: {'; '.join(sorted(set(self.last_warnings)))})"

    # -- checking results ----------------------------------------------------------------------------------------

    def number_array(self, got, what, allow_bool=False):
        """The learner's answer as a float64 array, or a _Finding explaining why it is not one."""
        if got is None and what in ("the result", "the loss"):
            raise _Finding(f"{self.title} returned None: did you forget the `return` statement?")
        if got is None:
            raise _Finding(f"{what} is None: did you forget to store or return it?")
        if isinstance(got, (str, bytes, dict, set)) or callable(got):
            raise _Finding(f"{self.title} returned {type(got).__name__} {_fmt(got)}, but {what} should be numbers.")
        try:
            array = np.asarray(got)
        except Exception:  # noqa: BLE001 - ragged lists and other oddities
            raise _Finding(f"{self.title} returned a {type(got).__name__} that is not a numeric array.") from None
        if array.dtype == bool and allow_bool:
            return array.astype(np.float64)
        if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating)):
            raise _Finding(f"{self.title} returned values of type {array.dtype} ({_fmt(got)}); "
                           f"{what} should be real numbers.")
        return array.astype(np.float64)

    def expect(self, got, expected, case, what="the result", mistakes=(), nan_hint="", shape_mistakes=(),
               allow_bool=False, rtol=RTOL, atol=ATOL):
        """Compare the learner's answer with ``expected``; on a mismatch, name the mistake if one fits.

        ``mistakes`` is a list of (message, compute) pairs: compute() gives the
        answer that mistake would produce on this input.  ``shape_mistakes`` is
        a list of (message, predicate(shape)) pairs for wrong shapes.
        """
        got = self.number_array(got, what, allow_bool=allow_bool)
        expected_shape = expected.shape
        if got.shape != expected_shape:
            for message, wrong_shape in shape_mistakes:
                if wrong_shape(got.shape):
                    raise _Finding(message, f"case: {case}")
            raise _Finding(f"{what} has {_describe_shape(got)}, expected {_describe_shape(np.empty(expected_shape))} "
                           f"for {case}.")
        ok = _close(got, expected, rtol=rtol, atol=atol)
        if np.all(ok):
            return got
        if isinstance(expected, _Interval) and expected.low.size == 1 and expected.low != expected.high:
            difference = (f"expected a finite value between {_fmt(expected.low)} and {_fmt(expected.high)} "
                          f"({expected.why}), got {_fmt(got)}")
        else:
            difference = _difference(got, expected.low if isinstance(expected, _Interval) else expected, ok)
        details = [f"case: {case}", difference, self.warning_detail()]
        for message, compute in mistakes:
            wrong = _quiet(compute)
            if wrong is not None and wrong.shape == got.shape and np.all(_close(got, wrong, equal_nan=True)):
                if isinstance(expected, _Interval) or not np.all(_close(wrong, expected)):
                    raise _Finding(message, *details)
        if not np.all(np.isfinite(got)) and nan_hint:
            raise _Finding(nan_hint, *details)
        subject = f"{self.title}'s answer" if what == "the result" else what
        if not np.all(np.isfinite(got)):
            raise _Finding(f"{subject} contains nan or inf for {case}.", *details[1:])
        raise _Finding(f"{subject} is wrong for {case}.", *details[1:])

    def expect_number(self, got, expected, case, what="the loss", mistakes=(), nan_hint=""):
        """Like ``expect`` for a loss: a Python/numpy scalar, or a size-1 array with a tip."""
        array = self.number_array(got, what)
        if array.size != 1:
            raise _Finding(f"{self.title} returned an array of shape {array.shape}, expected a single number: "
                           "take the mean over the samples (np.mean, or a sum divided by the number of samples).",
                           f"case: {case}")
        if array.ndim:
            self.note(f"Tip: return a plain number rather than an array of shape {array.shape} "
                      "(e.g. np.mean(...) without axis=, or float(...)).")
        expected_array = expected if isinstance(expected, _Interval) else np.asarray(expected, dtype=np.float64)
        return self.expect(array.reshape(()), expected_array, case, what=what, mistakes=mistakes, nan_hint=nan_hint)

    def note(self, text):
        if text not in self.notes:
            self.notes.append(text)


def _fmt_error(error):
    text = " ".join(str(error).split())
    return text if len(text) < 160 else text[:157] + "..."


def _difference(got, expected, ok):
    """'expected [...], got [...]' for small answers, the first differing entry for big ones."""
    if got.size <= 6:
        return f"expected {_fmt(expected)}, got {_fmt(got)}"
    index = tuple(int(i) for i in np.argwhere(~ok)[0])
    where = index[0] if len(index) == 1 else index
    return (f"first difference at index {where}: expected {_fmt(expected[index])}, got {_fmt(got[index])} "
            f"({int(np.sum(~ok))} of {got.size} entries differ)")


def _what_changed(original, given, name, before=None):
    """Name of the part of an input the learner's function changed ("z", "params['W1']", ...), or ''.

    ``before`` is a shallow copy of a passed dict taken before the call: an entry
    that now holds a different array means the dict itself was changed.
    """
    if isinstance(original, dict):
        if not isinstance(given, dict) or set(given) != set(original):
            return f"the {name} dict"
        for key in original:
            changed = _what_changed(original[key], given[key], f"{name}['{key}']")
            if changed:
                rebound = before is not None and given[key] is not before.get(key)
                return f"the {name} dict" if rebound else changed
        return ""
    if isinstance(original, np.ndarray):
        if not isinstance(given, np.ndarray) or given.shape != original.shape or given.dtype != original.dtype:
            return name
        return "" if np.array_equal(original, given, equal_nan=True) else name
    return ""


def _run_with_time_limit(fn, args, kwargs, timeout):
    """Call fn(*args, **kwargs) in a daemon thread; collect its result, exception and warnings.

    A thread, not a signal, so it works on every platform and inside Jupyter.  A
    function that outlives the time limit keeps running in the background.
    """
    outcome = {"timed_out": False, "warnings": []}

    def target():
        try:
            # numpy's error state is per thread: make overflow and friends warn, whatever the caller set
            with np.errstate(over="warn", invalid="warn", divide="warn", under="ignore"):
                outcome["value"] = fn(*args, **kwargs)
        except BaseException as error:  # noqa: BLE001 - the learner's code may raise anything, even SystemExit
            outcome["error"] = error

    worker = threading.Thread(target=target, name="learner-function", daemon=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        worker.start()
        worker.join(timeout)
    outcome["timed_out"] = worker.is_alive()
    outcome["warnings"] = [f"{item.category.__name__}: {item.message}" for item in caught]
    return outcome


def _run_checker(title, fn, usage, reference, timeout, body, warning_tip=""):
    """Run ``body(check)`` and print the verdict; True when every case passed.  Never raises."""
    if not callable(fn):
        print(f"❌ {title}: expected a function, got {type(fn).__name__} {_fmt(fn)}.\n"
              f"   Pass the function itself, without calling it: check_{reference}({reference}).")
        return False
    check = _Check(title, fn, usage, reference, timeout, warning_tip)
    try:
        with np.errstate(all="ignore"):  # our own reference computations, whatever the session's settings
            body(check)
    except _Finding as finding:
        print(f"❌ {finding.headline}")
        for line in finding.details:
            print(f"   {line}")
        return False
    except Exception as error:  # noqa: BLE001 - the learner returned something our comparison cannot handle
        print(f"❌ {title}: the checker could not make sense of your function's answer "
              f"({type(error).__name__}: {_fmt_error(error)}).")
        return False
    print(f"✅ {title} is correct ({check.cases} test cases passed).")
    if check.warned:
        case, text = check.warned[0]
        print(f"   Tip: on {case} numpy warned \"{text}\". The values are right, but a step overflowed or divided "
              f"by zero along the way. {check.warning_tip or 'The lesson shows a version that never warns.'}")
    for note in check.notes:
        print(f"   {note}")
    return True


# --------------------------------------------------------------------------------------------------------------------
# Shared inputs
# --------------------------------------------------------------------------------------------------------------------

def _activation_cases():
    """(z, description) pairs: 1-D, 2-D random, one sample, scalars, and the extremes +-1000.

    A rich 1-D array comes first: a wrong answer is diagnosed on the first case
    that fails, and six different values tell mistakes apart where z = 0 cannot.
    """
    rng = np.random.default_rng(0)
    return [
        (np.array([-3.0, -1.0, 0.0, 0.5, 1.0, 3.0]), "z = [-3, -1, 0, 0.5, 1, 3]"),
        (np.round(rng.normal(0, 3, (6, 4)), 3), "z: random 2-D array of shape (6, 4)"),
        (np.array([[0.7, -1.2, 2.5]]), "z = [[0.7, -1.2, 2.5]] (one sample)"),
        (np.float64(0.0), "z = 0.0"),
        (np.float64(2.0), "z = 2.0"),
        (np.array([-1000.0, -50.0, 50.0, 1000.0]), "z = [-1000, -50, 50, 1000]"),
    ]


def _elementwise(check, reference, mistakes, nan_hint="", mutation=None, allow_bool=False, at_zero=None,
                 shape_mistakes=lambda z: ()):
    """Run an elementwise function on the shared cases.

    ``mistakes(z)`` and ``shape_mistakes(z)`` list the known mistakes for input
    z (see ``_Check.expect``); ``at_zero`` widens the expected value at z == 0 to
    an interval (relu_grad).  A function that raises on a single number but
    works on arrays passes with a note: the course always passes arrays.
    """
    scalar_error = None
    for z, case in _activation_cases():
        try:
            got = check.call((z,), case, ("z",), mutation=mutation)
        except _Finding as finding:
            raised = " raised " in finding.headline and "NotImplementedError" not in finding.headline
            if raised and np.ndim(z) == 0:
                scalar_error = scalar_error or finding.headline
                continue
            hints = " ".join(finding.details)
            if raised and ("math module" in hints or "element by element" in hints) and _works_on_a_number(check):
                raise _Finding(f"{check.title} works on a single number but not on arrays: use numpy functions "
                               "(np.exp, np.tanh, np.maximum, np.where) instead of the math module, Python's max "
                               "or an `if` on z.", finding.headline,
                               *[line for line in finding.details if line.startswith("in your code")]) from None
            raise
        expected = reference(z)
        if at_zero is not None:
            low, high = np.array(expected, dtype=np.float64), np.array(expected, dtype=np.float64)
            low[z == 0], high[z == 0] = at_zero
            expected = _Interval(low, high, why="at z = 0 any value from 0 to 1 is accepted")
        check.expect(got, expected, case, mistakes=mistakes(z), nan_hint=nan_hint, allow_bool=allow_bool,
                     shape_mistakes=shape_mistakes(z))
    if scalar_error:
        check.note(f"Note: it works on arrays but not on a single number ({scalar_error.rstrip('.')}). "
                   "The course always passes arrays; starting with z = np.asarray(z, dtype=float) would handle both.")


def _works_on_a_number(check):
    """True if the learner's function returns a number for z = 2.0 (used to explain an error on arrays)."""
    try:
        got = check.call((np.float64(2.0),), "z = 2.0", ("z",))
        return np.ndim(got) == 0 and np.isfinite(float(got))
    except Exception:  # noqa: BLE001 - only a diagnosis
        return False


# --------------------------------------------------------------------------------------------------------------------
# Lesson 1: activations
# --------------------------------------------------------------------------------------------------------------------

def check_sigmoid(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``sigmoid(z)`` = 1 / (1 + exp(-z)).

    Tries a scalar 0 and 2, 1-D and 2-D arrays, one sample and z = +-50, +-1000.
    Knows: the sign of the exponent flipped, exp(z)/(1 + exp(z)) (nan at z = 1000),
    tanh or the derivative returned instead, z clipped too tightly, math.exp,
    changing z in place.  A correct answer that makes numpy warn passes with a tip.
    """
    def mistakes(z):
        return [
            ("sigmoid returned 1 / (1 + exp(z)), i.e. 1 - sigmoid(z): the exponent needs a minus sign, "
             "1 / (1 + np.exp(-z)).",
             lambda: sigmoid(-z)),
            ("sigmoid returned tanh(z): the sigmoid is 1 / (1 + np.exp(-z)).", lambda: np.tanh(z)),
            ("sigmoid returned its derivative s * (1 - s): return s itself.", lambda: sigmoid_grad(z)),
            ("the values for large |z| are off: if you clip z, clip to about ±500, not tighter.",
             lambda: sigmoid(np.clip(z, -10, 10))),
        ]

    def body(check):
        _elementwise(check, sigmoid, mistakes,
                     nan_hint="sigmoid returned nan or inf for large |z|: exp(z) / (1 + exp(z)) becomes inf / inf at "
                              "z = 1000. Use 1 / (1 + np.exp(-z)), which gives 0 or 1 in the extremes.")

    return _run_checker("sigmoid", fn, "sigmoid(z)", "sigmoid", timeout, body,
                        warning_tip="np.exp(-z) overflows for z below about -709; clipping first, "
                                    "1 / (1 + np.exp(-np.clip(z, -500, 500))), gives the same values without it.")


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
                        warning_tip="Compute s with an overflow-safe sigmoid (clip z to ±500 before np.exp).")


def check_tanh(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``tanh(z)``.

    Knows: the exp formula overflowing to nan at +-1000, the sigmoid or the
    derivative returned instead, sinh (the denominator forgotten), math.tanh.
    """
    def mistakes(z):
        return [
            ("tanh returned the sigmoid: tanh(z) = (e^z - e^-z) / (e^z + e^-z), i.e. np.tanh(z).",
             lambda: sigmoid(z)),
            ("tanh returned its derivative 1 - tanh(z)**2: return tanh(z) itself.", lambda: tanh_grad(z)),
            ("tanh returned sinh(z) = (e^z - e^-z) / 2: divide by (e^z + e^-z) instead.", lambda: np.sinh(z)),
            ("tanh has the wrong sign: tanh(z) is positive for z > 0.", lambda: -np.tanh(z)),
        ]

    def body(check):
        _elementwise(check, tanh, mistakes,
                     nan_hint="tanh returned nan for large |z|: (e^z - e^-z) / (e^z + e^-z) becomes inf / inf at "
                              "z = 1000. Use np.tanh(z) (or 2 * sigmoid(2 * z) - 1).")

    return _run_checker("tanh", fn, "tanh(z)", "tanh", timeout, body,
                        warning_tip="np.tanh(z) computes the same without overflowing.")


def check_tanh_grad(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``tanh_grad(z)`` = 1 - tanh(z)**2.

    Knows: 1 - z**2 (tanh' written in terms of z instead of tanh(z)), the
    square forgotten, a wrong sign, tanh returned instead, nan in the extremes.
    """
    def mistakes(z):
        return [
            ("used tanh' as 1 - z**2 instead of 1 - tanh(z)**2.", lambda: 1 - z ** 2),
            ("tanh_grad returned 1 - tanh(z): square the tanh, 1 - np.tanh(z)**2.", lambda: 1 - np.tanh(z)),
            ("tanh_grad has the wrong sign: use 1 - tanh(z)**2, not tanh(z)**2 - 1.", lambda: np.tanh(z) ** 2 - 1),
            ("tanh_grad returned tanh itself, not its derivative 1 - tanh(z)**2.", lambda: np.tanh(z)),
            ("tanh_grad returned tanh(z)**2: the derivative is 1 - tanh(z)**2.", lambda: np.tanh(z) ** 2),
        ]

    def body(check):
        _elementwise(check, tanh_grad, mistakes,
                     nan_hint="tanh_grad returned nan for large |z|: compute t = np.tanh(z), then 1 - t**2.")

    return _run_checker("tanh_grad", fn, "tanh_grad(z)", "tanh_grad", timeout, body,
                        warning_tip="1 - np.tanh(z)**2 computes the same without overflowing.")


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

    return _run_checker("relu_grad", fn, "relu_grad(z)", "relu_grad", timeout, body)


def check_softmax(fn, timeout=DEFAULT_TIMEOUT):
    """Check the row-wise ``softmax(z)`` on 2-D input (samples in rows).

    Tries typical rows, one sample, a square matrix, random data, rows near
    1000 and rows near -1000 in one batch, and equal values.  Knows: no max
    subtracted (nan near 1000), the batch's maximum instead of each row's,
    normalising the whole batch, normalising columns (axis 0), a missing
    keepdims, changing z in place.
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
    ]

    def mistakes(z):
        def whole_batch():
            exps = np.exp(z - z.max())
            return exps / exps.sum()

        def whole_batch_after_row_max():
            exps = np.exp(z - z.max(axis=1, keepdims=True))
            return exps / exps.sum()

        def columns():
            exps = np.exp(z - z.max(axis=0))
            return exps / exps.sum(axis=0)

        def no_keepdims():
            exps = np.exp(z)
            return exps / exps.sum(axis=1)

        def no_keepdims_max():
            exps = np.exp(z - z.max(axis=1))
            return exps / exps.sum(axis=1, keepdims=True)

        def global_max():
            exps = np.exp(z - z.max())
            return exps / exps.sum(axis=1, keepdims=True)

        return [
            ("softmax normalised over the whole batch instead of each row: "
             "divide by exps.sum(axis=1, keepdims=True).", whole_batch),
            ("softmax normalised over the whole batch instead of each row (every row must sum to 1): "
             "divide by exps.sum(axis=1, keepdims=True).", whole_batch_after_row_max),
            ("softmax normalised each column (axis=0) instead of each row: samples are rows, use axis=1.", columns),
            ("each row was divided by the wrong row's sum: without keepdims=True the sums of shape (n,) line up "
             "with the columns. Use exps.sum(axis=1, keepdims=True).", no_keepdims),
            ("each row was shifted by the wrong row's maximum: use z.max(axis=1, keepdims=True).", no_keepdims_max),
            ("softmax subtracted the maximum of the whole batch: a row far below it becomes 0 / 0 = nan. "
             "Subtract each row's maximum: z - z.max(axis=1, keepdims=True).", global_max),
        ]

    def mutation(name):
        return ("softmax changed the array you passed in (e.g. `z -= z.max(...)`): "
                "write `shifted = z - z.max(axis=1, keepdims=True)` instead.")

    def body(check):
        for z, case in cases:
            try:
                got = check.call((z,), case, ("z",), mutation=mutation)
            except _Finding as finding:
                if "broadcast" in " ".join([finding.headline, *finding.details]):
                    raise _Finding(finding.headline, "Each row's max and sum must keep a column shape (n, 1) to line "
                                   "up with its row: use z.max(axis=1, keepdims=True) and "
                                   "exps.sum(axis=1, keepdims=True).") from None
                raise
            check.expect(got, softmax(z), case, mistakes=mistakes(z),
                         nan_hint="softmax returned nan or inf for inputs near ±1000 (exp(1000) overflows): "
                                  "subtract each row's maximum first, z - z.max(axis=1, keepdims=True).")

    return _run_checker("softmax", fn, "softmax(z)", "softmax", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# Lesson 2: losses
# --------------------------------------------------------------------------------------------------------------------

def _outer_broadcast(y_true, y_pred):
    """What a mismatched (n,) and (n, 1) pair broadcast to: an (n, n) matrix of every pair."""
    return np.ravel(y_pred)[:, None], np.ravel(y_true)[None, :]


def _loss_case(check, reference, y_true, y_pred, case, mistakes, nan_hint=""):
    """Check one ordinary loss case; if it fails, see whether swapping the arguments would make it right.

    Swapping is tested by calling the learner's function as fn(y_pred, y_true):
    that finds the mistake however the learner clips.
    """
    got = check.call((y_true, y_pred), case, ("y_true", "y_pred"))
    expected = reference(y_true, y_pred)
    try:
        check.expect_number(got, expected, case, mistakes=mistakes, nan_hint=nan_hint)
    except _Finding as finding:
        try:
            swapped = check.call((y_pred, y_true), f"{case} with the arguments swapped", ("y_pred", "y_true"))
            is_swapped = _all_close(np.asarray(swapped, dtype=np.float64).reshape(()), expected)
        except Exception:  # noqa: BLE001 - the probe is only a diagnosis; the original finding stands
            is_swapped = False
        if is_swapped:
            raise _Finding(f"the arguments are swapped: {check.title} takes (y_true, y_pred) – labels first, as in "
                           "scikit-learn.", f"case: {case}",
                           *[line for line in finding.details if not line.startswith("case:")]) from None
        raise


def check_mse(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``mse(y_true, y_pred)`` = mean of (y_pred - y_true)**2.

    Tries 1-D labels, (n, 1) columns, one sample, a perfect prediction, values
    near 1000 and random data.  Knows: the sum instead of the mean (m times too
    large), a 1/2 factor, no square, the absolute error, the root, n - 1, an
    (n, n) broadcast, an array instead of a number.
    """
    rng = np.random.default_rng(2)
    cases = [
        (np.array([1.0, 2.0, 3.0, 4.0]), np.array([1.5, 2.5, 2.0, 5.0]), "y_true = [1, 2, 3, 4], y_pred = [1.5, 2.5, 2, 5]"),
        (np.array([[0.0], [1.0], [1.0]]), np.array([[0.2], [0.7], [1.4]]), "columns of shape (3, 1)"),
        (np.array([3.0]), np.array([1.0]), "one sample: y_true = [3], y_pred = [1]"),
        (np.array([0.5, -2.0, 7.0]), np.array([0.5, -2.0, 7.0]), "a perfect prediction (y_pred == y_true)"),
        (np.array([1000.0, -1000.0]), np.array([-1000.0, 1000.0]), "y_true = [1000, -1000], y_pred = [-1000, 1000]"),
        (np.round(rng.normal(0, 1, (50, 1)), 3), np.round(rng.normal(0, 1, (50, 1)), 3), "random columns of shape (50, 1)"),
    ]

    def mistakes(y_true, y_pred, m):
        return [
            (f"the loss is exactly {m} times too large ({m} = the number of samples): use the mean, not the sum.",
             lambda: m * mse(y_true, y_pred)),
            ("the loss is half the expected value: the course's mse has no 1/2 factor (some books add it to tidy the "
             "gradient). Use np.mean((y_pred - y_true)**2).", lambda: mse(y_true, y_pred) / 2),
            ("the differences were not squared: use np.mean((y_pred - y_true)**2).",
             lambda: np.mean(y_pred - y_true)),
            ("the differences were not squared: use np.mean((y_pred - y_true)**2).",
             lambda: np.mean(y_true - y_pred)),
            ("that is the mean absolute error: square the differences instead of taking abs.",
             lambda: np.mean(np.abs(y_pred - y_true))),
            ("that is the root of the mean squared error (RMSE): leave out the square root.",
             lambda: np.sqrt(mse(y_true, y_pred))),
            (f"you divided by {m - 1} (n - 1): the mean divides by the number of samples, {m}.",
             lambda: np.sum((y_pred - y_true) ** 2) / (m - 1)),
            ("labels of shape (n,) against predictions of shape (n, 1) broadcast to an (n, n) matrix: make both the "
             "same shape (e.g. y.reshape(-1, 1)) before subtracting.",
             lambda: np.mean(np.subtract(*_outer_broadcast(y_true, y_pred)) ** 2)),
        ]

    def body(check):
        for y_true, y_pred, case in cases:
            got = check.call((y_true, y_pred), case, ("y_true", "y_pred"))
            check.expect_number(got, mse(y_true, y_pred), case, mistakes=mistakes(y_true, y_pred, y_true.size))

    return _run_checker("mse", fn, "mse(y_true, y_pred)", "mse", timeout, body)


def _extreme_interval(n_wrong, n_entries, n_samples):
    """The losses a correctly clipped cross-entropy may return when every probability is exactly 0 or 1.

    Each confidently wrong entry costs -log(epsilon) for the learner's epsilon;
    each confidently right one at most -log(1 - epsilon), about epsilon.
    """
    return _Interval(n_wrong * -np.log(_WORST_EPSILON) / n_samples,
                     (n_wrong * -np.log(_BEST_EPSILON) + n_entries * _WORST_EPSILON) / n_samples)


def check_binary_cross_entropy(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``binary_cross_entropy(y_true, y_pred)`` = -mean(y log p + (1 - y) log(1 - p)).

    Tries 1-D labels, (n, 1) columns, one sample, random data, probabilities of
    exactly 0 and 1 (right and wrong).  Knows: no clipping (inf/nan), a missing
    minus sign, the sum instead of the mean, swapped arguments, the (1 - y)
    term left out, log10 or log2, an (n, n) broadcast.
    """
    rng = np.random.default_rng(3)
    cases = [
        (np.array([1.0, 0.0, 1.0, 1.0, 0.0]), np.array([0.9, 0.2, 0.6, 0.99, 0.01]),
         "y_true = [1, 0, 1, 1, 0], y_pred = [0.9, 0.2, 0.6, 0.99, 0.01]"),
        (np.array([[1.0], [0.0], [0.0], [1.0]]), np.array([[0.7], [0.4], [0.1], [0.3]]), "columns of shape (4, 1)"),
        (np.array([[1.0]]), np.array([[0.8]]), "one sample: y_true = [[1]], y_pred = [[0.8]]"),
        (rng.integers(0, 2, (40, 1)).astype(float), np.round(rng.uniform(0.01, 0.99, (40, 1)), 3),
         "random columns of shape (40, 1)"),
    ]
    extreme_cases = [
        (np.array([1.0, 0.0, 1.0, 0.0]), np.array([1.0, 0.0, 1.0, 0.0]), "probabilities of exactly 1 and 0, all right"),
        (np.array([[1.0], [0.0], [1.0], [0.0]]), np.array([[1.0], [0.0], [0.0], [1.0]]),
         "probabilities of exactly 0 and 1, two of them wrong"),
    ]
    clip_hint = ("cross-entropy returned inf/nan when a probability is exactly 0 or 1: clip the probabilities, e.g. "
                 "p = np.clip(y_pred, 1e-15, 1 - 1e-15), before taking the log.")

    def mistakes(y_true, y_pred, m):
        expected = binary_cross_entropy(y_true, y_pred)
        return [
            ("the loss is negative: put a minus sign in front (the log of a probability is negative).",
             lambda: -expected),
            (f"the loss is exactly {m} times too large ({m} = the number of samples): use the mean, not the sum.",
             lambda: m * expected),
            ("you left out the (1 - y) * log(1 - p) term: samples with label 0 must cost something too.",
             lambda: -np.mean(y_true * np.log(y_pred))),
            ("you used log10: cross-entropy uses the natural log, np.log.", lambda: expected / np.log(10)),
            ("you used log2: cross-entropy uses the natural log, np.log.", lambda: expected / np.log(2)),
            ("labels of shape (n,) against predictions of shape (n, 1) broadcast to an (n, n) matrix: make both the "
             "same shape (e.g. y.reshape(-1, 1)).",
             lambda: -np.mean(_outer_broadcast(y_true, y_pred)[1] * np.log(_outer_broadcast(y_true, y_pred)[0])
                              + (1 - _outer_broadcast(y_true, y_pred)[1])
                              * np.log(1 - _outer_broadcast(y_true, y_pred)[0]))),
        ]

    def body(check):
        for y_true, y_pred, case in cases:
            _loss_case(check, binary_cross_entropy, y_true, y_pred, case,
                                mistakes=mistakes(y_true, y_pred, y_true.shape[0]),
                                nan_hint="the loss is inf or nan for ordinary probabilities: are the arguments in the "
                                         "order (y_true, y_pred)? The log of a 0 label is -inf.")
        for y_true, y_pred, case in extreme_cases:
            got = check.call((y_true, y_pred), case, ("y_true", "y_pred"))
            n_wrong = int(np.sum(y_true != y_pred))
            check.expect_number(got, _extreme_interval(n_wrong, y_true.size, y_true.shape[0]), case, nan_hint=clip_hint,
                                mistakes=[("the loss is negative: put a minus sign in front.",
                                           lambda: -binary_cross_entropy(y_true, y_pred))])

    return _run_checker("binary_cross_entropy", fn, "binary_cross_entropy(y_true, y_pred)", "binary_cross_entropy",
                        timeout, body)


def check_categorical_cross_entropy(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``categorical_cross_entropy(y_true, y_pred)`` = -mean over samples of sum_k Y_k log P_k.

    Tries one-hot rows, one sample, random softmax outputs, probabilities of
    exactly 0 and 1.  Knows: the mean over every entry (k times too small), the
    sum over samples (m times too large), a missing minus sign, no clipping,
    swapped arguments, the binary formula applied to every column.
    """
    rng = np.random.default_rng(4)
    random_labels = one_hot(rng.integers(0, 5, 30), 5)
    cases = [
        (np.array([[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]]),
         np.array([[0.7, 0.2, 0.1], [0.1, 0.8, 0.1], [0.3, 0.3, 0.4]]), "3 samples, 3 classes"),
        (np.array([[0.0, 0, 1.0, 0]]), np.array([[0.1, 0.2, 0.6, 0.1]]), "one sample, 4 classes"),
        (random_labels, softmax(rng.normal(0, 2, (30, 5))), "random softmax outputs of shape (30, 5)"),
    ]
    extreme_cases = [
        (np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 1.0]]),
         "probabilities of exactly 1 and 0, all right"),
        (np.array([[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0]]), np.array([[0.0, 1.0, 0], [0, 1.0, 0], [1.0, 0, 0]]),
         "probabilities of exactly 0 and 1, two samples wrong"),
    ]
    clip_hint = ("cross-entropy returned inf/nan when a probability is exactly 0 or 1: clip the probabilities, "
                 "e.g. np.clip(y_pred, 1e-15, 1), before taking the log.")

    def mistakes(y_true, y_pred, m, k):
        expected = categorical_cross_entropy(y_true, y_pred)
        return [
            ("the loss is negative: put a minus sign in front (the log of a probability is negative).",
             lambda: -expected),
            (f"the loss is exactly {k} times too small ({k} = the number of classes): sum over the classes, then "
             "average over the samples – np.mean(Y * np.log(P)) averages over every entry.", lambda: expected / k),
            (f"the loss is exactly {m} times too large ({m} = the number of samples): average over the samples.",
             lambda: m * expected),
            ("that is binary cross-entropy summed over the columns: categorical cross-entropy keeps only "
             "the Y * log(P) term.",
             lambda: -np.sum(y_true * np.log(y_pred) + (1 - y_true) * np.log(1 - y_pred)) / m),
        ]

    def body(check):
        for y_true, y_pred, case in cases:
            _loss_case(check, categorical_cross_entropy, y_true, y_pred, case,
                                mistakes=mistakes(y_true, y_pred, *y_true.shape),
                                nan_hint="the loss is inf or nan for ordinary probabilities: are the arguments in the "
                                         "order (y_true, y_pred)? The log of a one-hot 0 is -inf.")
        for y_true, y_pred, case in extreme_cases:
            got = check.call((y_true, y_pred), case, ("y_true", "y_pred"))
            n_wrong = int(np.sum(np.sum(y_true * y_pred, axis=1) == 0))  # rows giving the true class probability 0
            expected = _extreme_interval(n_wrong, y_true.size, y_true.shape[0])
            check.expect_number(got, expected, case, nan_hint=clip_hint,
                                mistakes=[("the loss is negative: put a minus sign in front.",
                                           lambda: -categorical_cross_entropy(y_true, y_pred))])

    return _run_checker("categorical_cross_entropy", fn, "categorical_cross_entropy(y_true, y_pred)",
                        "categorical_cross_entropy", timeout, body)


def check_one_hot(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``one_hot(y, n_classes)``: shape (n_samples, n_classes), a single 1 per row.

    Tries small label vectors, one sample, classes that never occur, random
    labels.  Knows: transposed, off by one, n_classes ignored (max label + 1),
    an extra column.  Float or integer answers pass; booleans pass with a tip.
    """
    rng = np.random.default_rng(5)
    cases = [
        (np.array([0, 2, 1, 2]), 3, "y = [0, 2, 1, 2], n_classes = 3"),
        (np.array([1]), 2, "one sample: y = [1], n_classes = 2"),
        (np.array([0, 0, 3]), 6, "y = [0, 0, 3], n_classes = 6 (classes 4 and 5 never occur)"),
        (rng.integers(0, 10, 40), 10, "40 random labels, n_classes = 10"),
    ]

    def body(check):
        for y, n_classes, case in cases:
            got = check.call((y, n_classes), case, ("y", "n_classes"))
            expected = one_hot(y, n_classes)
            n = y.shape[0]
            shape_mistakes = [
                (f"one_hot is transposed: it should have one row per sample, shape (n_samples, n_classes) = "
                 f"({n}, {n_classes}).", lambda shape: shape == (n_classes, n) and n != n_classes),
                (f"one_hot ignored n_classes: its width should be n_classes = {n_classes}, not the largest label + 1.",
                 lambda shape: shape == (n, int(y.max()) + 1)),
                (f"one_hot has one column too many: np.zeros((len(y), n_classes)), with labels 0 .. n_classes - 1.",
                 lambda shape: shape == (n, n_classes + 1)),
            ]
            mistakes = [
                ("one_hot is off by one: label 0 must set column 0 (labels run from 0 to n_classes - 1).",
                 lambda: np.eye(n_classes)[(y - 1) % n_classes]),
                ("one_hot is off by one: label 0 must set column 0 (labels run from 0 to n_classes - 1).",
                 lambda: np.eye(n_classes)[(y + 1) % n_classes]),
                ("one_hot put 0 where the 1 belongs and 1 everywhere else.", lambda: 1 - expected),
            ]
            check.expect(got, expected, case, what="the one-hot matrix", mistakes=mistakes,
                         shape_mistakes=shape_mistakes, allow_bool=True)
            if np.asarray(got).dtype == bool:
                check.note("Tip: return floats (e.g. np.zeros((n, k)) filled with 1.0) rather than True/False: "
                           "numpy refuses to compute -Y for booleans.")

    return _run_checker("one_hot", fn, "one_hot(y, n_classes)", "one_hot", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# Lesson 3: initialisation and forward propagation
# --------------------------------------------------------------------------------------------------------------------

def _param_names(n_layers_):
    return [f"{kind}{layer}" for layer in range(1, n_layers_ + 1) for kind in ("W", "b")]


def _expect_keys(found, expected_names, what, hint=""):
    """A _Finding naming the missing and unexpected keys of a dict."""
    if not isinstance(found, dict):
        raise _Finding(f"{what} should be a dict with keys {', '.join(expected_names)}; "
                       f"got {type(found).__name__}.")
    missing = [name for name in expected_names if name not in found]
    extra = [str(name) for name in found if name not in expected_names]
    if missing or extra:
        parts = []
        if missing:
            parts.append(f"is missing {', '.join(missing)}")
        if extra:
            parts.append(f"has unexpected keys {', '.join(extra)}")
        raise _Finding(f"{what} {' and '.join(parts)}: expected exactly {', '.join(expected_names)}.", hint)


def check_init_params(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``init_params(layer_sizes, seed=0)``.

    Tries [2, 3, 1], [4, 8, 6, 3] and a large [500, 300, 200] network.  Checks
    the keys (W1, b1, ...), the shapes (W: (n_in, n_out), b: (n_out,)), zero
    biases, random weights with mean 0 and He scale sqrt(2 / n_in), and that the
    seed decides the weights.  The values themselves may differ from ours
    (any seeded generator will do).  Knows: (n_out, n_in) weights, b of shape
    (1, n_out), all-zero or equal weights, std 1, 0.01, sqrt(1/n_in), Glorot,
    n_out in place of n_in, uniform [0, 1) weights, an ignored seed.
    """
    def call(check, sizes, seed):
        case = f"layer_sizes = {sizes}, seed = {seed}"
        return check.call((list(sizes),), case, ("layer_sizes",), kwargs={"seed": seed}), case

    def check_structure(check, params, sizes, case):
        names = _param_names(len(sizes) - 1)
        _expect_keys(params, names, f"the dict from init_params({sizes})",
                     hint="Name them W1, b1, W2, b2, ... – capital W, lower-case b, counting from 1.")
        for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            W = check.number_array(params[f"W{layer}"], f"W{layer}")
            b = check.number_array(params[f"b{layer}"], f"b{layer}")
            if W.shape == (n_out, n_in) and n_in != n_out:
                raise _Finding(f"W{layer} has shape (n_out, n_in) = {W.shape}; the course uses (n_in, n_out) = "
                               f"{(n_in, n_out)}, so that Z = X @ W + b.", f"case: {case}")
            if W.shape != (n_in, n_out):
                raise _Finding(f"W{layer} has shape {W.shape}, expected (n_in, n_out) = {(n_in, n_out)}.",
                               f"case: {case}")
            if b.shape == (1, n_out):
                raise _Finding(f"b{layer} has shape {b.shape}; the course uses a 1-D bias of shape (n_out,) = "
                               f"({n_out},): np.zeros({n_out}).", f"case: {case}")
            if b.shape != (n_out,):
                raise _Finding(f"b{layer} has shape {b.shape}, expected (n_out,) = ({n_out},).", f"case: {case}")
            if np.any(b != 0):
                raise _Finding(f"biases should start at zero: b{layer} = {_fmt(b)}.",
                               "Only the weights need randomness to break the symmetry; use np.zeros(n_out).")
            if np.all(W == 0):
                raise _Finding(f"all-zero weights (W{layer}): units stay identical (symmetry) – every hidden unit "
                               "computes and learns the same thing. Draw random weights.", f"case: {case}")
            if W.size > 1 and np.all(W == W.flat[0]):
                raise _Finding(f"every weight in W{layer} is equal ({_fmt(W.flat[0])}): units stay identical "
                               "(symmetry). Draw random weights.", f"case: {case}")

    def check_scale(params, sizes):
        for layer, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            W = np.asarray(params[f"W{layer}"], dtype=np.float64)
            he = np.sqrt(2.0 / n_in)
            mean, std = W.mean(), W.std()
            if abs(mean) > 0.1 * std:
                raise _Finding(f"the weights in W{layer} are not centred on zero (mean {mean:.4f}, std {std:.4f}): "
                               "draw them from a normal distribution, rng.standard_normal((n_in, n_out)).")
            if abs(std / he - 1) <= 0.07:
                continue
            known = [(1.0, "std 1: multiply by sqrt(2 / n_in)"),
                     (0.01, "a fixed scale 0.01"),
                     (np.sqrt(1.0 / n_in), "sqrt(1 / n_in) (LeCun/Xavier)"),
                     (np.sqrt(2.0 / (n_in + n_out)), "sqrt(2 / (n_in + n_out)) (Glorot)"),
                     (np.sqrt(2.0 / n_out), "sqrt(2 / n_out) – n_out where n_in belongs"),
                     (2.0 / n_in, "2 / n_in – the square root is missing")]
            used = next((label for scale, label in known if abs(std / scale - 1) <= 0.07), None)
            raise _Finding(f"weights not He-scaled: std should be sqrt(2/n_in) = {he:.4f} for W{layer} "
                           f"(n_in = {n_in}), got {std:.4f}" + (f" – looks like {used}." if used else "."),
                           "Use rng.standard_normal((n_in, n_out)) * np.sqrt(2 / n_in).")

    def body(check):
        small = [2, 3, 1]
        for sizes, seed in ((small, 0), ([4, 8, 6, 3], 1), ([3, 1], 2)):
            params, case = call(check, sizes, seed)
            check_structure(check, params, sizes, case)
        large = [500, 300, 200]
        params, case = call(check, large, 0)
        check_structure(check, params, large, case)
        check_scale(params, large)
        first, again, other = (call(check, small, seed)[0] for seed in (0, 0, 1))
        for params in (again, other):
            check_structure(check, params, small, f"layer_sizes = {small}, called again")
        if not all(np.array_equal(first[name], again[name]) for name in first):
            raise _Finding("the seed is ignored: the same seed must give the same weights. "
                           "Create the generator from it, rng = np.random.default_rng(seed).")
        if all(np.array_equal(first[name], other[name]) for name in first):
            raise _Finding("the seed is ignored: seed=0 and seed=1 give the same weights. "
                           "Create the generator from it, rng = np.random.default_rng(seed).")
        try:
            default = check.call((list(small),), f"layer_sizes = {small} without a seed", ("layer_sizes",))
        except _Finding as finding:
            if "cannot be called" not in finding.headline:
                raise
            raise _Finding("init_params needs a default seed: define it as `def init_params(layer_sizes, seed=0):`.",
                           finding.headline) from None
        if isinstance(default, dict) and set(default) == set(first) and not all(
                np.array_equal(default[name], first[name]) for name in first):
            check.note("Note: without a seed your init_params gives different weights from seed=0; "
                       "the course's default is seed=0.")

    return _run_checker("init_params", fn, "init_params(layer_sizes, seed=0)", "init_params", timeout, body)


def _network(layer_sizes, seed, n_samples):
    """Our init_params with random (non-zero) biases, so a forgotten bias shows, and random inputs."""
    rng = np.random.default_rng(seed)
    params = init_params(layer_sizes, seed=seed)
    for layer in range(1, len(layer_sizes)):
        params[f"b{layer}"] = np.round(rng.normal(0, 0.5, layer_sizes[layer]), 3)
    X = np.round(rng.normal(0, 1, (n_samples, layer_sizes[0])), 3)
    return X, params


def _forward_variant(X, params, hidden="relu", output="right", bias=True):
    """Our forward pass with one deliberate mistake, for naming the learner's."""
    activations = {"relu": relu, "tanh": tanh, "sigmoid": sigmoid, "none": lambda z: z}
    outputs = {"right": lambda z: sigmoid(z) if z.shape[1] == 1 else softmax(z), "relu": relu, "none": lambda z: z,
               "softmax": lambda z: softmax(z), "sigmoid": sigmoid}
    L = len(params) // 2
    A = X
    for layer in range(1, L + 1):
        Z = A @ params[f"W{layer}"] + (params[f"b{layer}"] if bias else 0)
        A = activations[hidden](Z) if layer < L else outputs[output](Z)
    return A


_XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])


def _network_cases():
    """(X, params, description, kind) for forward/backward: two-layer nets required, the others optional.

    The seeds were picked so that every hidden unit is active for some samples
    and the output scores take both signs: then a mistake such as a missing
    output activation or a ReLU in the wrong place changes the answer.
    """
    _, params_xor = _network([2, 3, 1], 25, 4)
    X_one, params_one = _network([3, 5, 1], 2, 1)
    X_rand, params_rand = _network([3, 5, 1], 3, 12)
    X_multi, params_multi = _network([4, 6, 3], 4, 10)
    X_deep, params_deep = _network([3, 4, 5, 1], 10, 7)
    return [
        (_XOR, params_xor, "XOR inputs (4, 2) through a [2, 3, 1] network", "required"),
        (X_one, params_one, "one sample (1, 3) through a [3, 5, 1] network", "required"),
        (X_rand, params_rand, "random X (12, 3) through a [3, 5, 1] network", "required"),
        (X_multi, params_multi, "random X (10, 4) through a [4, 6, 3] network (3 classes, softmax output)",
         "softmax"),
        (X_deep, params_deep, "random X (7, 3) through a [3, 4, 5, 1] network (two hidden layers)", "deep"),
    ]


_OPTIONAL_NOTES = {
    "softmax": "Note: it does not handle several output units yet ({problem}). With more than one output the output "
               "layer is a softmax (lesson 8); nn_helpers.forward does both.",
    "deep": "Note: it does not handle networks with more than one hidden layer ({problem}). That is enough for "
            "this lesson; nn_helpers handles any depth.",
}


def _cache_keys(L):
    return ["A0"] + [f"{kind}{layer}" for layer in range(1, L + 1) for kind in ("Z", "A")]


def check_forward(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``forward(X, params)`` -> (P, cache), and ``forward(X, params, hidden_activation)`` if accepted.

    Runs XOR, one sample and random data through two-layer networks with
    random biases (required), then a 3-class softmax network and a network
    with two hidden layers (optional: a failure there gives a note).  Checks P
    and every cache entry A0, Z1, A1, ..., ZL, AL.  Knows: a forgotten bias,
    ReLU or nothing at the output, softmax on a single unit, the wrong hidden
    activation or none, P of shape (n,), (cache, P) returned the other way
    round, Z overwritten by the activation, changing X or params.
    """
    def run_case(check, X, params, case, hidden):
        args = (X, params) if hidden is None else (X, params, hidden)
        label = case if hidden is None else f"{case}, hidden_activation = {hidden!r}"
        result = check.call(args, label, ("X", "params", "hidden_activation"))
        if isinstance(result, dict) or (isinstance(result, (tuple, list)) and len(result) == 2
                                        and isinstance(result[0], dict)):
            raise _Finding("forward returned (cache, P): return P first, then the cache – `return P, cache`.")
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise _Finding(f"forward should return two things, P and the cache (`return P, cache`); "
                           f"got {type(result).__name__}.")
        P, cache = result
        L = len(params) // 2
        act = hidden or "relu"
        expected, expected_cache = forward(X, params, act)
        n, k = expected.shape
        others = [name for name in ("relu", "tanh", "sigmoid") if name != act]
        mistakes = [
            ("forgot the bias: each layer computes Z = A @ W + b.", lambda: _forward_variant(X, params, act, bias=False)),
            ("applied ReLU at the output layer: the output needs a sigmoid (one unit) or softmax (several).",
             lambda: _forward_variant(X, params, act, output="relu")),
            (f"returned the raw scores Z{L}: apply the output activation (sigmoid for one unit, softmax for several).",
             lambda: _forward_variant(X, params, act, output="none")),
            ("softmax over a single output unit always gives 1: use the sigmoid when there is one output unit.",
             lambda: _forward_variant(X, params, act, output="softmax")),
            ("applied the sigmoid to each of several output units: use a row-wise softmax so each row sums to 1.",
             lambda: _forward_variant(X, params, act, output="sigmoid")),
            ("no activation on the hidden layer: A1 = g(Z1) before it feeds the next layer.",
             lambda: _forward_variant(X, params, "none")),
        ] + [(f"the hidden layer used {other} instead of {act}" + (
            " (the default hidden_activation is 'relu')." if hidden is None else "."),
              lambda other=other: _forward_variant(X, params, other)) for other in others]
        shape_mistakes = [(f"P has shape ({n},); keep it 2-D, ({n}, {k}): one row per sample.",
                           lambda shape: shape == (n,))]
        check.expect(P, expected, label, what="P", mistakes=mistakes, shape_mistakes=shape_mistakes)
        keys = _cache_keys(L)
        if not isinstance(cache, dict):
            raise _Finding(f"the cache should be a dict with keys {', '.join(keys)}; got {type(cache).__name__}.")
        missing = [key for key in keys if key not in cache]
        if missing:
            raise _Finding(f"the cache is missing {', '.join(missing)}: backward needs "
                           f"{', '.join(keys)} (A0 is X itself).")
        for key in keys:
            value = check.number_array(cache[key], f"cache['{key}']")
            if key.startswith("Z") and _all_close(value, expected_cache[f"A{key[1:]}"]) and not _all_close(
                    value, expected_cache[key]):
                raise _Finding(f"cache['{key}'] holds the activation A{key[1:]}, not the pre-activation {key}: "
                               "did the activation overwrite Z in place? Keep Z and A as separate arrays.")
            check.expect(value, expected_cache[key], label, what=f"cache['{key}']")

    def body(check):
        hidden_options = [None]
        if check.accepts(3):
            hidden_options += ["tanh", "sigmoid"]
        else:
            check.note("Note: your forward always uses ReLU in the hidden layers; nn_helpers.forward also takes "
                       "hidden_activation ('relu', 'tanh' or 'sigmoid') as a third argument.")
        for X, params, case, kind in _network_cases():
            for hidden in hidden_options:
                if kind == "required":
                    run_case(check, X, params, case, hidden)
                    continue
                try:
                    run_case(check, X, params, case, hidden)
                except _Finding as finding:
                    if "not implemented yet" in finding.headline or "did not finish" in finding.headline:
                        raise
                    check.note(_OPTIONAL_NOTES[kind].format(problem=finding.headline.rstrip(".")))
                    break

    return _run_checker("forward", fn, "forward(X, params)", "forward", timeout, body)


# --------------------------------------------------------------------------------------------------------------------
# Lessons 4 and 5: backpropagation and the update
# --------------------------------------------------------------------------------------------------------------------

def _backward_variant(X, Y, params, cache, hidden="relu", scale=1.0, through_grads=False, output_derivative=False,
                      hidden_derivative="Z", db="sum"):
    """Our backward pass with one deliberate mistake, for naming the learner's."""
    derivatives = {"relu": relu_grad, "tanh": tanh_grad, "sigmoid": sigmoid_grad}
    L = len(params) // 2
    P = cache[f"A{L}"]
    m = X.shape[0]
    dZ = (P - Y) / m
    if output_derivative:
        dZ = dZ * P * (1 - P)
    grads = {}
    for layer in range(L, 0, -1):
        grads[f"dW{layer}"] = cache[f"A{layer - 1}"].T @ dZ
        grads[f"db{layer}"] = dZ.sum(axis=0) if db == "sum" else dZ.mean(axis=0)
        if layer > 1:
            through = grads[f"dW{layer}"] if through_grads else params[f"W{layer}"]
            dA = dZ @ through.T
            if hidden_derivative == "Z":
                dZ = dA * derivatives[hidden](cache[f"Z{layer - 1}"])
            elif hidden_derivative == "A":
                dZ = dA * derivatives[hidden](cache[f"A{layer - 1}"])
            else:
                dZ = dA
    return {name: scale * value for name, value in grads.items()}


def _backward_cases(seed=20):
    """(X, Y, params, description, kind) built on _network_cases, with labels."""
    rng = np.random.default_rng(seed)
    cases = []
    for X, params, case, kind in _network_cases():
        n_out = params[f"W{len(params) // 2}"].shape[1]
        if n_out == 1:
            Y = np.array([[0.0], [1.0], [1.0], [0.0]]) if X is _XOR else rng.integers(0, 2, (X.shape[0], 1)) * 1.0
        else:
            Y = one_hot(rng.integers(0, n_out, X.shape[0]), n_out)
        cases.append((X, Y, params, case, kind))
    return cases


def _compare_grads(check, got, expected, variants, label, L, m):
    """Compare the learner's grads with ours; name the known mistake that fits."""
    names = [f"d{name}" for name in _param_names(L)]
    if isinstance(got, (tuple, list)):
        raise _Finding(f"backward should return a dict {{'dW1': ..., 'db1': ..., ...}}; got a {type(got).__name__}.")
    if isinstance(got, dict) and all(name[1:] in got for name in names) and not any(name in got for name in names):
        raise _Finding(f"the grads keys should start with d: {', '.join(names)} (got {', '.join(map(str, got))}).")
    _expect_keys(got, names, "the grads dict")
    arrays = {}
    for name in names:
        value = check.number_array(got[name], name)
        shape = expected[name].shape
        if value.shape != shape:
            if name.startswith("db") and value.shape == (1,) + shape:
                raise _Finding(f"{name} has shape {value.shape} but must match {name[1:]}'s shape {shape}: sum without "
                               "keepdims=True (a (1, n) gradient would turn the bias into a 2-D array).", f"case: {label}")
            if name.startswith("db") and value.shape == (m,) + shape:
                raise _Finding(f"{name} has shape {value.shape}: sum dZ over the samples, dZ.sum(axis=0), to get "
                               f"{name[1:]}'s shape {shape}.", f"case: {label}")
            if name.startswith("dW") and value.shape == shape[::-1]:
                raise _Finding(f"{name} has shape {value.shape} but must match {name[1:]}'s shape {shape}: "
                               f"compute A{int(name[2:]) - 1}.T @ dZ{name[2:]}.", f"case: {label}")
            raise _Finding(f"{name} has shape {value.shape}, expected {shape} (the shape of {name[1:]}).",
                           f"case: {label}")
        arrays[name] = value
    wrong = [name for name in names if not _all_close(arrays[name], expected[name])]
    if not wrong:
        return
    first = wrong[0]
    details = [f"case: {label}", f"wrong: {', '.join(wrong)}; right: {', '.join(n for n in names if n not in wrong) or 'none'}",
               f"{first}: " + _difference(arrays[first], expected[first], _close(arrays[first], expected[first])),
               check.warning_detail()]
    for message, compute in variants:
        try:
            with np.errstate(all="ignore"):
                variant = compute()
        except Exception:  # noqa: BLE001 - a mistake that cannot happen for this network does not match
            continue
        if all(_all_close(arrays[name], variant[name], equal_nan=True) for name in names) and not all(
                _all_close(variant[name], expected[name]) for name in names):
            raise _Finding(message, *details)
    last_layer = {f"dW{L}", f"db{L}"}
    if set(wrong) <= {f"db{layer}" for layer in range(1, L + 1)}:
        raise _Finding("the dW are right but the db are wrong: db = dZ.sum(axis=0), the sum of dZ over the samples.",
                       *details)
    if not set(wrong) & last_layer:
        raise _Finding(f"{', '.join(wrong)} wrong but dW{L}, db{L} right: the error going back into the hidden layer "
                       f"is off – dZ{L - 1} = (dZ{L} @ W{L}.T) * g'(Z{L - 1}).", *details)
    raise _Finding(f"the gradients of the output layer are wrong: start from dZ{L} = (P - Y) / m, then "
                   f"dW{L} = A{L - 1}.T @ dZ{L} and db{L} = dZ{L}.sum(axis=0).", *details)


def check_backward(fn, timeout=DEFAULT_TIMEOUT):
    """Check ``backward(X, Y, params, cache)`` -> grads, with the cache made by ``nn_helpers.forward``.

    Two-layer sigmoid-output networks on XOR, one sample and random data are
    required; a 3-class softmax network and a network with two hidden layers
    are optional (a note if they fail).  If the function takes a fifth
    argument, hidden_activation "tanh" and "sigmoid" are tested too.  Knows:
    gradients m times too large or too small, the wrong sign (Y - P), the error
    propagated through dW2 instead of W2, the sigmoid derivative multiplied in
    again, the hidden derivative forgotten or applied to A, db averaged, db
    with keepdims, transposed dW, wrong key names, and changing the cache in
    place (the ReLU derivative written into Z1).  db must have shape (n_out,).
    """
    def run_case(check, X, Y, params, case, hidden):
        _, cache = forward(X, params, hidden or "relu")
        args = (X, Y, params, cache) if hidden is None else (X, Y, params, cache, hidden)
        label = case if hidden is None else f"{case}, hidden_activation = {hidden!r}"

        def mutation(name):
            if name.startswith("cache['Z"):
                return (f"backward changed {name} in place (e.g. writing the ReLU derivative into Z): compute a new "
                        f"array instead, e.g. (Z > 0) * dA – forward's cache must stay as it was.")
            return f"backward changed {name}, which you passed in: compute new arrays instead of writing into inputs."

        try:
            got = check.call(args, label, ("X", "Y", "params", "cache", "hidden_activation"), mutation=mutation)
        except _Finding as finding:
            if finding.headline.startswith("backward raised KeyError"):
                raise _Finding(finding.headline, *finding.details,
                               f"The cache from forward holds {', '.join(sorted(cache))}; params holds "
                               f"{', '.join(params)}; Y is passed separately.") from None
            raise
        act = hidden or "relu"
        L = len(params) // 2
        m = X.shape[0]
        expected = backward(X, Y, params, cache, act)
        base = {"hidden": act}
        variants = [
            (f"your gradients are exactly m times too large (m = {m} samples): divide by the number of samples, "
             "dZ = (P - Y) / m, because the loss is a mean.", lambda: _backward_variant(X, Y, params, cache, scale=m, **base)),
            (f"your gradients are exactly m times too small (m = {m}): did you divide by m twice?",
             lambda: _backward_variant(X, Y, params, cache, scale=1 / m, **base)),
            ("gradients have the wrong sign: use P - Y (not Y - P); gradient descent then subtracts them.",
             lambda: _backward_variant(X, Y, params, cache, scale=-1, **base)),
            (f"dW1 is wrong but dW{L} is right: propagate the error through W{L}, not dW{L}.",
             lambda: _backward_variant(X, Y, params, cache, through_grads=True, **base)),
            ("you multiplied by the sigmoid derivative again: with BCE the output error is simply P - Y "
             "(the sigmoid's derivative cancels).",
             lambda: _backward_variant(X, Y, params, cache, output_derivative=True, **base)),
            (f"you forgot the derivative of the hidden activation: dZ1 = (dZ2 @ W2.T) * {act}_grad(Z1).",
             lambda: _backward_variant(X, Y, params, cache, hidden_derivative="none", **base)),
            (f"you applied the derivative to A1 instead of Z1: use {act}_grad(Z1) (or write it in terms of A1, "
             "e.g. 1 - A1**2 for tanh).", lambda: _backward_variant(X, Y, params, cache, hidden_derivative="A", **base)),
        ] + [
            (f"you used the derivative of {other} for a {act} hidden layer: use {act}_grad(Z1).",
             lambda other=other: _backward_variant(X, Y, params, cache, hidden=other))
            for other in ("relu", "tanh", "sigmoid") if other != act
        ] + [
            (f"db is m times too small (m = {m}): dZ already includes 1/m, so sum it over the samples "
             "(dZ.sum(axis=0)) instead of taking the mean.",
             lambda: _backward_variant(X, Y, params, cache, db="mean", **base)),
        ]
        _compare_grads(check, got, expected, variants, label, L, m)

    def body(check):
        hidden_options = [None]
        if check.accepts(5):
            hidden_options += ["tanh", "sigmoid"]
        else:
            check.note("Note: your backward assumes ReLU hidden layers; nn_helpers.backward also takes "
                       "hidden_activation as a fifth argument.")
        for X, Y, params, case, kind in _backward_cases():
            for hidden in hidden_options:
                if kind == "required":
                    run_case(check, X, Y, params, case, hidden)
                    continue
                try:
                    run_case(check, X, Y, params, case, hidden)
                except _Finding as finding:
                    if "not implemented yet" in finding.headline or "did not finish" in finding.headline:
                        raise
                    check.note(_OPTIONAL_NOTES[kind].format(problem=finding.headline.rstrip("."))
                               .replace("nn_helpers.forward does both", "nn_helpers.backward does both"))
                    break

    return _run_checker("backward", fn, "backward(X, Y, params, cache)", "backward", timeout, body)


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

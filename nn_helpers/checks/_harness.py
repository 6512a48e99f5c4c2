"""The shared harness of the exercise checkers: run the learner's function safely, describe values,
compare a wrong answer with a catalogue of mistakes.  The lesson modules build on it."""

import copy
import inspect
import linecache
import re
import sysconfig
import textwrap
import threading
import warnings
from pathlib import Path

import numpy as np

from ..network import init_params



DEFAULT_TIMEOUT = 5.0  # seconds per call of the learner's function; the test inputs take milliseconds
_STDLIB = sysconfig.get_paths()["stdlib"]  # frames from here are Python's, not the learner's
RTOL, ATOL = 1e-5, 1e-8  # loose enough for float32 answers, tight enough to catch any real mistake
# Longest line a checker prints.  JupyterLab wraps a longer output line wherever the cell ends, even inside a
# number, so the checker breaks its lines itself: between the numbers of an array, between the words of a sentence.
LINE_WIDTH = 100

# A probability clipped with epsilon e costs -log(e) when it is confidently wrong:
# 11.5 for e = 1e-5, 46.1 for e = 1e-20.  Any loss in that range per such entry passes here; an e below
# 2^-54 (about 5.6e-17) still fails, as 1 - e rounds to 1 and the top end is then not clipped.
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


def _fmt_rows(value, width=LINE_WIDTH - 6):
    """An array as numpy prints it, one row per line and no line wider than ``width``; for a long comparison."""
    array = np.asarray(value)
    return np.array2string(array, precision=4, threshold=12, edgeitems=2, separator=", ", max_line_width=width)


def _wrap(line, width=LINE_WIDTH):
    """A printed line broken at spaces (never inside a number or word) into lines of at most ``width`` characters.

    A verdict's continuation lines are indented two spaces, a detail's (indented three) six, so each reads as one item.
    """
    if len(line) <= width:
        return [line]
    own = len(line) - len(line.lstrip(" "))
    indent = " " * (own + 3 if own else 2)
    return textwrap.wrap(line, width, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False,
                         replace_whitespace=False) or [line]


def _print_lines(text, indent=""):
    """Print ``text`` line by line, each prefixed with ``indent`` and wrapped with ``_wrap``.

    The lines after the first of a multi-line detail (an array printed row by row) are continuation lines:
    they get three more spaces, so that they too read as part of the one detail.
    """
    for number, line in enumerate(str(text).split("\n")):
        more = "   " if number and indent else ""
        for piece in _wrap(indent + more + line):
            print(piece)


def _with_a_word(text, fallback):
    """``text`` if it starts with a word, else ``fallback: text`` - a verdict mark never stands alone."""
    return text if re.match(r"[\s*_`'\"(]*[^\W\d_]{2}", text) else f"{fallback}: {text}".rstrip(": ")


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


_PACKAGE = Path(__file__).resolve().parent.parent  # nn_helpers itself: its frames are the course's, not the learner's


def _inside_package(name):
    try:
        return Path(name).resolve().is_relative_to(_PACKAGE)
    except (OSError, ValueError):
        return False


def _where_learner_failed(error):
    """'line 3: return 1 / (1 + math.exp(-z))' for the last line of the learner's own code in the traceback.

    Frames inside nn_helpers (the harness, or a course function the learner called, such as ``backward``) are not
    the learner's: when the error was raised in one of them, the learner's last line is named as the caller
    ("line 12: grads = backward(X, Y, params, cache) – the error was raised inside nn_helpers (network.py, line 178),
    called from this line").  Empty when the traceback holds no line of the learner's.
    """
    frames = []
    traceback = error.__traceback__
    while traceback is not None:
        frames.append((traceback.tb_frame.f_code.co_filename, traceback.tb_lineno))
        traceback = traceback.tb_next
    library = {"site-packages", "dist-packages", "numpy", "scipy"}
    own = [(index, name, line) for index, (name, line) in enumerate(frames)
           if name != __file__ and not _inside_package(name) and not library & set(Path(name).parts)
           and not name.startswith(_STDLIB)]
    if not own:
        return ""
    index, name, line = own[-1]
    source = linecache.getline(name, line).strip()
    if not source:
        return ""
    course = [(name, line) for name, line in frames[index + 1:] if _inside_package(name)]
    if course:
        course_name, course_line = course[-1]
        module = Path(course_name).resolve().relative_to(_PACKAGE).as_posix()
        return (f"line {line}: {source} – the error was raised inside nn_helpers ({module}, line {course_line}), "
                "called from this line of yours: look at what you passed it")
    return f"line {line}: {source}"


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
        text = f"expected {_fmt(expected)}, got {_fmt(got)}" + _relative_error(got, expected, ok)
        if len(text) <= LINE_WIDTH - 12 or got.ndim < 2:  # room for "   dW1: " in front; 1-D arrays wrap at spaces
            return text
        # a long comparison of 2-D arrays: one row per line, expected above got, indented as one detail
        # (_print_lines indents every line after the first by three spaces more than the detail)
        rows = ["expected", *_fmt_rows(expected).split("\n"), "but got", *_fmt_rows(got).split("\n")]
        return "\n".join(rows) + _relative_error(got, expected, ok)
    index = tuple(int(i) for i in np.argwhere(~ok)[0])
    where = index[0] if len(index) == 1 else index
    return (f"first difference at index {where}: expected {_fmt(expected[index])}, got {_fmt(got[index])} "
            f"({int(np.sum(~ok))} of {got.size} entries differ)" + _relative_error(got[index], expected[index], True))


def _relative_error(got, expected, ok):
    """' (they agree to the digits shown; largest relative error 1.0e-04)' when the printed numbers look identical."""
    with np.errstate(all="ignore"):
        expected = np.broadcast_to(np.asarray(expected, dtype=np.float64), np.shape(got))
        if _fmt(got) != _fmt(expected) or not np.all(np.isfinite(got)):
            return ""
        wrong = ~np.asarray(ok, dtype=bool) if np.ndim(ok) else np.ones(np.shape(got), dtype=bool)
        relative = np.abs(got - expected)[wrong] / np.maximum(np.abs(expected[wrong]), 1e-300)
    return f" (they agree to the digits shown; largest relative error {np.max(relative):.1e})" if relative.size else ""


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
        _print_lines(f"❌ {_with_a_word(title, 'not yet')}: expected a function, got {type(fn).__name__} {_fmt(fn)}.\n"
                     f"   Pass the function itself, without calling it: check_{reference}({reference}).")
        return False
    check = _Check(title, fn, usage, reference, timeout, warning_tip)
    try:
        with np.errstate(all="ignore"):  # our own reference computations, whatever the session's settings
            body(check)
    except _Finding as finding:
        _print_lines(f"❌ {_with_a_word(finding.headline, 'not yet')}")
        for line in finding.details:
            _print_lines(line, indent="   ")
        return False
    except Exception as error:  # noqa: BLE001 - the learner returned something our comparison cannot handle
        _print_lines(f"❌ {_with_a_word(title, 'not yet')}: the checker could not make sense of your function's "
                     f"answer ({type(error).__name__}: {_fmt_error(error)}).")
        return False
    _print_lines(f"✅ {title} is correct ({check.cases} test case{'' if check.cases == 1 else 's'} passed).")
    if check.warned:
        case, text = check.warned[0]
        tip = check.warning_tip or "The lesson shows a version that never warns."
        _print_lines(f"Tip: on {case} numpy warned \"{text}\". The values are right, but a step overflowed or "
                     f"divided by zero along the way. {tip}", indent="   ")
    for note in check.notes:
        _print_lines(note, indent="   ")
    return True


# --------------------------------------------------------------------------------------------------------------------
# Shared inputs
# --------------------------------------------------------------------------------------------------------------------

def _param_names(n_layers_):
    return [f"{kind}{layer}" for layer in range(1, n_layers_ + 1) for kind in ("W", "b")]


def _params_and_history(got, name, case):
    """(params, loss_history) from what a training function ``name`` returned, or a _Finding saying what is wrong."""
    if got is None:
        raise _Finding(f"{name} returned None: end with `return params, loss_history`.")
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        raise _Finding(f"{name} returned {type(got).__name__} {_fmt(got)}: return the pair (params, loss_history).",
                       f"case: {case}")
    params, history = got
    if isinstance(history, dict) and not isinstance(params, dict):
        raise _Finding(f"{name} returned (loss_history, params): return them the other way round, params first, "
                       "then loss_history.", f"case: {case}")
    return params, history


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


def _random_network(layer_sizes, seed, n_samples):
    """(X, params): our init_params with random (non-zero) biases, so a forgotten bias or db shows, and random X."""
    rng = np.random.default_rng(seed)
    params = init_params(layer_sizes, seed=seed)
    for layer in range(1, len(layer_sizes)):
        params[f"b{layer}"] = np.round(rng.normal(0, 0.5, layer_sizes[layer]), 3)
    X = np.round(rng.normal(0, 1, (n_samples, layer_sizes[0])), 3)
    return X, params


_XOR = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # the four XOR inputs


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



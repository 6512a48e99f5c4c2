"""Tests for the exercise checkers in nn_helpers.checks.

For every checker: correct solutions in many styles must pass; every mistake
in the catalogue (tests/learner_mistakes.py) must fail *and* name its cause;
functions that raise, return None, never return or take the wrong arguments
must fail without the checker raising; a stub gets "not implemented yet".
"""

import sys
import threading
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # so the catalogue next to this file imports under any rootdir

import learner_mistakes as catalogue  # noqa: E402
from nn_helpers import checks  # noqa: E402

CHECKERS = {name: getattr(checks, f"check_{name}") for name in catalogue.CORRECT}
TAKES_NO_ARGUMENTS = {"xor_weights"}  # exercises whose function is called as fn()


@pytest.fixture(autouse=True)
def release_endless_functions():
    """Let a 'never returns' function's background thread end once its test is over."""
    catalogue.STOP = threading.Event()
    yield
    catalogue.STOP.set()


def _flat(out):
    """The checker's output with its line breaks undone: a long line is wrapped at spaces, inside a phrase too."""
    return " ".join(out.split())


def _params(table):
    return [pytest.param(name, *entry[1:], id=f"{name}: {entry[0]}") for name, entries in table.items()
            for entry in entries]


def test_every_checker_in_the_api_is_tested():
    assert sorted(CHECKERS) == sorted(name[len("check_"):] for name in checks.__all__)
    assert sorted(catalogue.MISTAKES) == sorted(CHECKERS)


@pytest.mark.parametrize("name, fn", _params(catalogue.CORRECT))
def test_correct_solutions_pass(name, fn, capsys):
    assert CHECKERS[name](fn) is True
    out = capsys.readouterr().out
    assert out.startswith(f"✅ {name} is correct"), out
    assert "❌" not in out


@pytest.mark.parametrize("name, fn, phrase", _params(catalogue.MISTAKES))
def test_mistakes_fail_with_their_diagnosis(name, fn, phrase, capsys):
    assert CHECKERS[name](fn) is False
    out = capsys.readouterr().out
    assert out.startswith("❌"), out
    assert phrase.lower() in _flat(out).lower(), out
    assert "could not make sense" not in out, out  # a diagnosis, not the checker's last resort
    # short feedback: the verdict and at most four details (their continuation lines, indented deeper, belong to them)
    assert len([line for line in out.splitlines() if line.startswith(("❌", "   ")) and line[3:4] != " "]) <= 5, out
    assert max(len(line) for line in out.splitlines()) <= 100, out  # JupyterLab would wrap it inside a number


@pytest.mark.parametrize("name", sorted(CHECKERS))
@pytest.mark.parametrize("label, fn, phrase", catalogue.BROKEN, ids=[entry[0] for entry in catalogue.BROKEN])
def test_broken_functions_fail_without_raising(name, label, fn, phrase, capsys):
    if label == "wrong signature" and name in TAKES_NO_ARGUMENTS:
        fn = lambda a, b: 0.5  # noqa: E731 - for a function of no arguments, the wrong signature takes some
    timeout = 0.3 if fn is catalogue.never_returns else checks.DEFAULT_TIMEOUT
    assert CHECKERS[name](fn, timeout=timeout) is False
    out = capsys.readouterr().out
    assert out.startswith("❌"), out
    assert phrase in _flat(out), out
    assert "could not make sense" not in out, out


def test_stub_names_the_reference_to_import(capsys):
    assert checks.check_softmax(catalogue.not_implemented) is False
    assert "`from nn_helpers import softmax`" in _flat(capsys.readouterr().out)


def test_naive_sigmoid_fails_pointing_at_the_lessons_method(capsys):
    with np.errstate(all="raise"):  # the learner's session settings must not change the verdict
        assert checks.check_sigmoid(catalogue.sigmoid_naive) is False
    out = _flat(capsys.readouterr().out)
    assert "overflow encountered in exp" in out and "np.exp(-np.abs(z))" in out and "np.clip" not in out, out


def test_reference_sigmoid_gives_no_tip(capsys):
    assert checks.check_sigmoid(catalogue.nh.sigmoid) is True
    assert "Tip" not in capsys.readouterr().out


def test_failure_reports_the_warning_next_to_the_wrong_value(capsys):
    assert checks.check_softmax(catalogue._softmax_naive) is False
    out = _flat(capsys.readouterr().out)
    assert "overflow encountered in exp" in out and "z = [[1000, 1001, 1002]" in out, out


def test_failure_shows_expected_and_got(capsys):
    assert checks.check_mse(lambda t, p: np.sum((p - t) ** 2)) is False
    out = capsys.readouterr().out
    assert "expected 0.625, got 2.5" in out, out
    assert "4 times too large" in out


def test_error_points_at_the_learners_line(capsys):
    assert checks.check_tanh(catalogue.raises) is False
    assert 'raise ValueError("something went wrong")' in _flat(capsys.readouterr().out)


@pytest.mark.parametrize("name, fn, note", [
    ("relu", catalogue.relu_copy_mask, "not on a single number"),
    ("update_params", catalogue.update_two_layers, "more than one hidden layer"),
    ("mse", catalogue.mse_axis0, "plain number"),
    ("one_hot", catalogue.one_hot_bool, "True/False"),
    ("tanh_grad", lambda z: 1 / np.cosh(z) ** 2, "overflow"),
])
def test_limitations_pass_with_a_note(name, fn, note, capsys):
    assert CHECKERS[name](fn) is True
    out = capsys.readouterr().out
    assert note in _flat(out), out


@pytest.mark.parametrize("name, fn, verdict", [
    ("sigmoid", lambda z: 0.3 * z, "sigmoid's answer is wrong for"),
    ("mse", lambda t, p: 1.1 * np.mean((p - t) ** 2), "the loss is wrong for"),
    ("backward", lambda X, Y, p, c, h="relu": {k: 1.1 * v for k, v in catalogue.nh.backward(X, Y, p, c, h).items()},
     "gradients of the output layer are wrong"),
    ("update_params", lambda p, g, lr: {k: v - 1.1 * lr * g["d" + k] for k, v in p.items()},
     "each parameter becomes p - learning_rate * dp"),
])
def test_unknown_mistakes_get_a_plain_verdict_not_a_wrong_diagnosis(name, fn, verdict, capsys):
    assert CHECKERS[name](fn) is False
    out = capsys.readouterr().out
    assert verdict in _flat(out), out
    assert "times" not in out and "returned tanh" not in out, out


def test_checkers_leave_no_warning_filters_behind():
    import warnings
    before = list(warnings.filters)
    checks.check_sigmoid(catalogue.sigmoid_naive)
    assert warnings.filters == before


def test_catalogue_size():
    """The catalogue is what the checkers promise to recognise: keep it growing, never shrinking silently."""
    mistakes = sum(len(entries) for entries in catalogue.MISTAKES.values())
    correct = sum(len(entries) for entries in catalogue.CORRECT.values())
    assert mistakes >= 100 and correct >= 60, (mistakes, correct)

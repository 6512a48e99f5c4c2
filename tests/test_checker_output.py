"""How the checkers print: lines short enough for a notebook cell, broken between numbers, verdicts with words.

JupyterLab wraps an output line that is wider than the cell wherever the cell ends - inside a number too - and a
verdict mark without a colour-emoji font is an empty box.  So the harness breaks its own lines (at most LINE_WIDTH
characters, only at spaces), prints a long comparison of 2-D arrays row by row, and always puts a word after ✅ / ❌.
"""

import re

import numpy as np

from nn_helpers import checks
from nn_helpers.checks import _harness as harness
from nn_helpers.checks._harness import LINE_WIDTH, _Finding, _difference, _fmt, _print_lines, _run_checker, _wrap

NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:e[+-]\d+)?")


def _numbers(text):
    return NUMBER.findall(text)


def test_a_long_line_is_broken_at_spaces_only_and_keeps_every_number_whole():
    values = np.random.default_rng(0).normal(0, 1e-3, 12)
    line = "   dW1: expected " + _fmt(values) + ", got " + _fmt(values * 10)
    pieces = _wrap(line)
    assert len(pieces) > 1 and all(len(piece) <= LINE_WIDTH for piece in pieces)
    assert _numbers(" ".join(pieces)) == _numbers(line)  # no number split in two
    assert " ".join(" ".join(pieces).split()) == " ".join(line.split())  # nothing lost, only line breaks added
    assert all(piece.startswith("      ") for piece in pieces[1:])  # a detail's continuation is indented deeper


def test_a_short_line_is_left_alone():
    assert _wrap("✅ sigmoid is correct (7 test cases passed).") == ["✅ sigmoid is correct (7 test cases passed)."]


def test_a_long_two_dimensional_comparison_is_printed_row_by_row(capsys):
    expected = np.array([[-0.1416, -0.0315, 0.1309], [0.0, 0.0216, -0.09]])
    got = np.array([[1.268e-02, -8.5092e-05, -5.0997e-03], [0.0, 5.8499e-05, 3.5059e-03]])
    text = _difference(got, expected, np.zeros(got.shape, dtype=bool))
    _print_lines("dW1: " + text, indent="   ")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "   dW1: expected"
    assert lines[1].startswith("      [[-0.1416") and lines[2].startswith("       [ 0.")  # one row per line
    assert lines[3] == "      but got" and lines[4].startswith("      [[ 1.2680e-02")
    assert all(len(line) <= LINE_WIDTH for line in lines)


def test_a_short_comparison_stays_on_one_line():
    got, expected = np.array([1.0, 2.0]), np.array([1.0, 3.0])
    assert _difference(got, expected, got == expected) == "expected [1., 3.], got [1., 2.]"


def test_every_verdict_line_of_a_long_failure_fits_and_starts_with_a_word(capsys):
    def body(check):
        raise _Finding("your answer is wrong " * 12, "case: " + "a long description " * 8)

    assert _run_checker("demo", lambda z: z, "demo(z)", "demo", 1.0, body) is False
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("❌ your answer") and all(len(line) <= LINE_WIDTH for line in lines)


def test_a_verdict_mark_is_never_printed_alone(capsys):
    def body(check):
        raise _Finding("", "case: z = 0")

    assert _run_checker("demo", lambda z: z, "demo(z)", "demo", 1.0, body) is False
    first = capsys.readouterr().out.splitlines()[0]
    assert re.match(r"❌ [^\W\d_]{2}", first), first
    assert harness._with_a_word("[1, 2] is wrong", "not yet") == "not yet: [1, 2] is wrong"
    assert harness._with_a_word("sigmoid is wrong", "not yet") == "sigmoid is wrong"


def test_a_passing_check_says_correct_in_words(capsys):
    assert _run_checker("demo", lambda z: z, "demo(z)", "demo", 1.0, lambda check: None) is True
    assert capsys.readouterr().out.startswith("✅ demo is correct")


LEARNER_CELL = '''
import numpy as np
import nn_helpers as nh


def train_digits(X, y, hidden_size, learning_rate, epochs, batch_size, seed=0):
    Y = nh.one_hot(y, 10)
    params = nh.init_params([X.shape[1], hidden_size, 10], seed=seed)
    rng = np.random.default_rng(seed)
    history = []
    for _ in range(epochs):
        for batch in nh.minibatches(len(X), batch_size, rng):
            P, cache = nh.forward(X[batch], params)
            grads = nh.backward(X, Y, params, cache)
            params = nh.update_params(params, grads, learning_rate)
        history.append(0.0)
    return params, history
'''


def test_an_error_raised_inside_nn_helpers_names_the_learners_line_that_called_it(tmp_path, capsys, monkeypatch):
    """backward raises inside nn_helpers; the message must point at the learner's call, not at network.py's line."""
    (tmp_path / "learner_cell.py").write_text(LEARNER_CELL)
    monkeypatch.syspath_prepend(str(tmp_path))
    from learner_cell import train_digits

    checks.check_train_digits(train_digits)
    printed = capsys.readouterr().out
    flat = " ".join(printed.split())
    assert "in your code, line 14: grads = nh.backward(X, Y, params, cache)" in flat
    assert "raised inside nn_helpers (network.py, line" in flat
    assert "backward was given the full X and Y" in flat


def test_an_error_in_the_learners_own_line_names_that_line(tmp_path, capsys, monkeypatch):
    (tmp_path / "learner_predict.py").write_text("import numpy as np\n\n\ndef predict_digits(params, X):\n"
                                                 "    return np.argmax(params['W9'], axis=1)\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    from learner_predict import predict_digits

    checks.check_predict_digits(predict_digits)
    flat = " ".join(capsys.readouterr().out.split())
    assert "in your code, line 5: return np.argmax(params['W9'], axis=1)" in flat
    assert "inside nn_helpers" not in flat

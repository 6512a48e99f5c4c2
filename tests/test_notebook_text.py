"""The notebooks' text renders for every learner.

- Cell sources hold no control characters.  A LaTeX command written in an ordinary (not raw) Python string loses its
  backslash: "\\approx" becomes a BEL character followed by "pprox", "\\theta" a tab and "heta", "\\frac" a form
  feed.  Such a character renders as nothing, or as garbage, so a cell source may hold only printable text and newlines.
- No emoji carries meaning alone: without a colour-emoji font a ✅ or ❌ is an empty box, so in Markdown and in every
  stored output each such mark is followed by a word ("✅ correct", "❌ not yet", "⚠ optional").
- No display formula is wider than a notebook cell: at 1366 px a cell shows about 800 px, and a longer row is cut off
  at the right.  A long formula is broken into the rows of an aligned environment.
"""

import html
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # every control character except the newline \n


def test_there_are_notebooks_to_check():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_no_control_characters_in_cell_sources(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        for match in CONTROL.finditer(source):
            context = source[max(0, match.start() - 25):match.end() + 25]
            found.append(f"cell {index} ({cell['cell_type']}): {match.group()!r} in {context!r}")
    assert not found, "control characters in cell sources:\n" + "\n".join(found)


# --------------------------------------------------------------------------------------------------------------------
# No emoji carries meaning alone
# --------------------------------------------------------------------------------------------------------------------

# The marks that carry meaning (check marks, crosses, warnings, the magnifier, ...) and every pictographic emoji.
MARKS = "\u2705\u274c\u274e\u26a0\u2714\u2713\u2716\u2717\u2718\u2611\u2612\u2b55\u2753\u2757"
EMOJI = re.compile(f"[{MARKS}\U0001F300-\U0001FAFF]")
# A mark counts as explained when a word (a letter, then a letter or digit) follows within a few characters: spaces,
# Markdown emphasis, quotes or a bracket may stand between them (\ufe0f is the emoji variation selector), but not a
# comma, a table's "|" or the end of the line - "If you see a ❌, run ..." or "| ✅ |" say nothing without the
# colour font.
EXPLAINED = re.compile(r"[\ufe0f\u200d]*[ *_`'\"“”‘’(\[:\u00a0-]{0,4}[^\W\d_]\w")


def _emoji_alone(text):
    """Each mark in text not followed by a word, with its context."""
    found = []
    for match in EMOJI.finditer(text):
        if not EXPLAINED.match(text, match.end()):
            found.append(repr(text[max(0, match.start() - 30):match.end() + 30]))
    return found


def _output_texts(cell):
    """The text a reader sees in a code cell's stored outputs (HTML with its tags replaced by a separator)."""
    for output in cell.get("outputs", []):
        if output["output_type"] == "stream":
            yield "".join(output["text"])
        for kind in ("text/plain", "text/markdown", "text/html"):
            text = "".join(output.get("data", {}).get(kind, ""))
            yield html.unescape(re.sub(r"<[^>]+>", " | ", text)) if kind == "text/html" else text


def test_a_lone_mark_is_found_and_an_explained_one_is_not():
    assert _emoji_alone("If you see a ❌, run the pip command") and _emoji_alone("| ✅ | ❌ |")
    assert _emoji_alone("result: ✅") and _emoji_alone("🔍\nlook here")
    assert not _emoji_alone("**✅ OK** and **❌ too old**, \"⚠️ optional\", ✔ passed")
    assert not _emoji_alone("✅ sigmoid is correct (7 test cases passed).")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_no_emoji_carries_meaning_alone(path):
    """Every meaningful emoji in Markdown and in stored outputs is followed by a word."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        texts = ["".join(cell["source"])] if cell["cell_type"] == "markdown" else list(_output_texts(cell))
        where = "Markdown" if cell["cell_type"] == "markdown" else "output"
        found += [f"cell {index} ({where}): {context}" for text in texts for context in _emoji_alone(text)]
    assert not found, "emoji without a word after them (add one: '✅ correct', '❌ not yet'):\n" + "\n".join(found)


# --------------------------------------------------------------------------------------------------------------------
# No display formula wider than its cell
# --------------------------------------------------------------------------------------------------------------------

# The widest row a display formula may have, in the estimate of rendered_width below (about one character of body
# text per unit).  Calibrated on the lessons: lesson 3's He-initialisation formula, 77 units in one row, was cut off
# at the right in JupyterLab at 1366 px; it now fits as two aligned rows of at most 60.
MAX_FORMULA_WIDTH = 70
DISPLAY_MATH = re.compile(r"\$\$(.+?)\$\$", re.DOTALL)
_TEXT = {"text", "mathrm", "texttt", "operatorname", "mathbf", "mathcal", "mathbb", "mathit", "textbf", "boldsymbol",
         "mathsf", "textrm", "textit", "mbox"}
_ZERO = {"left", "right", "big", "bigl", "bigr", "Big", "Bigl", "Bigr", "bigg", "biggl", "biggr", "Bigg",
         "displaystyle", "textstyle", "limits", "nolimits", "phantom", "hphantom", "vphantom", "label", "tag",
         "nonumber", "notag"}
_SPACES = {"qquad": 4.0, "quad": 2.0, ",": 0.3, ";": 0.5, ":": 0.4, "!": -0.3, " ": 0.5, "enspace": 1.0,
           "thinspace": 0.3}
# a relation or binary operator, with the space TeX puts around it
_RELATIONS = set("=<>+-") | {"approx", "leftarrow", "rightarrow", "to", "le", "ge", "leq", "geq", "sim", "cdot",
                             "times", "neq", "equiv", "mapsto", "Rightarrow", "iff", "pm", "mp", "odot", "otimes",
                             "in", "propto", "ll", "gg", "implies", "coloneqq"}
def _group(s, i):
    """(content, next index) of the {...} group or single token starting at s[i] (spaces skipped)."""
    while i < len(s) and s[i] == " ":
        i += 1
    if i >= len(s):
        return "", i
    if s[i] == "{":
        depth, j = 0, i
        while j < len(s):
            depth += {"{": 1, "}": -1}.get(s[j], 0)
            if depth == 0:
                return s[i + 1:j], j + 1
            j += 1
        return s[i + 1:], len(s)
    if s[i] == "\\":
        m = re.match(r"\\([A-Za-z]+|.)", s[i:])
        return m.group(), i + m.end()
    return s[i], i + 1

def rendered_width(s):
    """Approximate rendered width of a piece of TeX math, in characters."""
    total, i = 0.0, 0
    while i < len(s):
        ch = s[i]
        if ch == "\\":
            m = re.match(r"\\([A-Za-z]+|.)", s[i:])
            name, i = m.group(1), i + m.end()
            if name in ("frac", "dfrac", "tfrac", "binom"):
                top, i = _group(s, i)
                bottom, i = _group(s, i)
                total += max(rendered_width(top), rendered_width(bottom)) * (0.75 if name == "tfrac" else 1.0) + 0.5
            elif name in _TEXT:
                content, i = _group(s, i)
                total += len(content) if name.startswith("text") or name == "mbox" else rendered_width(content)
            elif name in ("begin", "end"):
                _, i = _group(s, i)
                if s[i:i + 1] == "{":  # e.g. \begin{array}{cc}
                    _, i = _group(s, i)
            elif name in ("underbrace", "overbrace", "underset", "overset", "sqrt", "hat", "bar", "tilde", "vec",
                          "dot", "ddot", "widehat", "overline", "underline"):
                if name == "sqrt" and s[i:i + 1] == "[":
                    i = s.index("]", i) + 1
                content, i = _group(s, i)
                if name in ("underset", "overset"):
                    base, i = _group(s, i)
                    total += max(rendered_width(base), 0.7 * rendered_width(content))
                else:
                    total += rendered_width(content) + (1.0 if name == "sqrt" else 0.0)
            elif name in _ZERO:
                pass
            elif name in _SPACES:
                total += _SPACES[name]
            elif name in _RELATIONS:
                total += 2.0
            else:
                total += 1.0
        elif ch in "^_":
            content, i = _group(s, i + 1)
            total += 0.7 * rendered_width(content)
        elif ch == "{":
            content, i = _group(s, i)
            total += rendered_width(content)
        elif ch in " \n\t&}":
            i += 1
        elif ch in _RELATIONS:
            total += 2.0
            i += 1
        elif ch == ",":
            total += 1.3
            i += 1
        else:
            total += 1.0
            i += 1
    return total

def formula_rows(math):
    """The rows of a display formula: split at \\\\ (an optional [2pt] after it dropped).

    Approximate: the rows of an environment inside a row (cases) are measured on their own."""
    return [re.sub(r"^\s*\[[^\]]*\]", "", row) for row in re.split(r"\\\\", math)]


def test_the_width_estimate_tells_a_wide_formula_from_a_narrow_one():
    narrow = r"\frac{\partial L}{\partial W_l} = A_{l-1}^\top dZ_l, \qquad \text{shape } (n_\text{in}, n_\text{out})"
    assert rendered_width(narrow) < 45
    assert rendered_width(r"\frac{a + b + c}{d}") == rendered_width("a + b + c") + 0.5  # a fraction: its wider part
    wide = " + ".join(f"w_{i} x_{i}" for i in range(1, 15))  # 14 terms: about 100 characters on the screen
    assert rendered_width(wide) > MAX_FORMULA_WIDTH
    assert [round(rendered_width(row)) for row in formula_rows(r"a = b \\[2pt] c + d")] == [4, 4]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_no_display_formula_is_wider_than_its_cell(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown":
            continue
        for formula in DISPLAY_MATH.finditer("".join(cell["source"])):
            for row in formula_rows(formula.group(1)):
                if rendered_width(row) > MAX_FORMULA_WIDTH:
                    width = rendered_width(row)
                    found.append(f"cell {index}: {width:.0f} > {MAX_FORMULA_WIDTH}: {' '.join(row.split())}")
    assert not found, "display formulas too wide for a cell (break them into aligned rows):\n" + "\n".join(found)

#!/usr/bin/env python3
"""Make the classroom (student) version of every lesson: solutions out, stubs in.

    python tools/make_student_versions.py                      # writes build/student/*.ipynb
    python tools/make_student_versions.py --out handout        # another folder
    python tools/make_student_versions.py notebooks/01_activations.ipynb   # just some lessons

The committed lessons contain the solutions, between nbgrader's marker lines::

    def sigmoid(z):
        ### BEGIN SOLUTION
        return 1 / (1 + np.exp(-z))
        ### END SOLUTION

In the student version each such region, markers included, becomes a stub at
the same indentation::

    def sigmoid(z):
        # YOUR CODE HERE
        raise NotImplementedError("Write your code for sigmoid here, in place of this raise – or, to carry "
                                  "on ..., replace this cell's code with `from nn_helpers import sigmoid`: ...")

The stub names the reference implementation in ``nn_helpers`` that the
learner can import when stuck (the top-level function or class around the
solution, if ``nn_helpers`` exports it) - or else the line the lesson's own
"Stuck? ..." note gives for carrying on, such as
`predict_digits = digits_model.predict`.  Every output and execution count is
cleared, together with the saved widget state; everything else - Markdown,
checker cells, cell ids, metadata - is kept as it is.  Markers are validated
first: a BEGIN without its END, an END without a BEGIN, nested regions or a
misspelt marker stop the run with an error that names the notebook, the cell
and the line, so a solution can never leak into a handout by accident.

Needs only the standard library and nbformat (nbgrader is not needed).
"""

import argparse
import ast
import re
import sys
import textwrap
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
DEFAULT_OUT = ROOT / "build" / "student"
PACKAGE_INIT = ROOT / "nn_helpers" / "__init__.py"

BEGIN = "### BEGIN SOLUTION"
END = "### END SOLUTION"
STUB_COMMENT = "# YOUR CODE HERE"
LINE_LENGTH = 120  # the course's code style
# A comment that mentions a marker but is not exactly one (a typo such as "## BEGIN SOLUTION" or
# "### END SOLUTIONS") would otherwise be taken for ordinary code and leave the solution in the handout.
_MARKER_LIKE = re.compile(r"^#.*\b(BEGIN|END)[ _]+SOLUTION", re.IGNORECASE)
_LESSON = re.compile(r"^\d\d_.+\.ipynb$")


class MarkerError(ValueError):
    """The solution markers of a cell are unbalanced, nested or misspelt."""


# --------------------------------------------------------------------------------------------------------------------
# Finding the solution regions of one cell
# --------------------------------------------------------------------------------------------------------------------

def find_solution_regions(source):
    """The solution regions of a code cell's source, as (begin_line, end_line, indent) with 0-based line numbers.

    ``begin_line`` and ``end_line`` are the lines of the two markers; ``indent``
    is the whitespace in front of the BEGIN marker.  Raises MarkerError, with a
    1-based line number, for a BEGIN without END, an END without BEGIN, a BEGIN
    inside an open region, or a comment that looks like a marker but is not
    exactly ``### BEGIN SOLUTION`` / ``### END SOLUTION``.
    """
    regions = []
    open_line, open_indent = None, ""
    for number, line in enumerate(source.split("\n")):
        stripped = line.strip()
        if stripped == BEGIN:
            if open_line is not None:
                raise MarkerError(f"line {number + 1}: '{BEGIN}' inside the region opened on line {open_line + 1} "
                                  f"(regions cannot be nested; close the first with '{END}')")
            open_line, open_indent = number, line[:len(line) - len(line.lstrip())]
        elif stripped == END:
            if open_line is None:
                raise MarkerError(f"line {number + 1}: '{END}' without a '{BEGIN}' before it")
            regions.append((open_line, number, open_indent))
            open_line = None
        elif _MARKER_LIKE.match(stripped):
            raise MarkerError(f"line {number + 1}: {stripped!r} looks like a solution marker but is not one; "
                              f"write exactly '{BEGIN}' or '{END}'")
    if open_line is not None:
        raise MarkerError(f"line {open_line + 1}: '{BEGIN}' is never closed by '{END}'")
    return regions


def _parse(source):
    """The cell's syntax tree, or None.  IPython lines (%magic, !shell) are blanked so line numbers stay."""
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def enclosing_definitions(source, line):
    """The definitions around a 0-based ``line``: (top-level name, innermost function, its class or None).

    For a solution inside ``def fit`` of ``class NeuralNet`` this is
    ("NeuralNet", "fit", "NeuralNet"); inside a helper nested in
    ``def backward`` it is ("backward", "helper", None); at the top level of a
    cell, or when the cell cannot be parsed, (None, None, None).
    """
    tree = _parse(source)
    if tree is None:
        return None, None, None
    target = line + 1  # ast counts from 1
    top, innermost, its_class = None, None, None

    def visit(nodes, owner_class, depth):
        nonlocal top, innermost, its_class
        for node in nodes:
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                # a definition may sit inside an if/for/with/try block: look inside compound statements too
                children = [child for field in ("body", "orelse", "finalbody", "handlers")
                            for child in getattr(node, field, []) if isinstance(child, ast.AST)]
                visit(children, owner_class, depth)
                continue
            if not node.lineno <= target <= node.end_lineno:
                continue
            if depth == 0:
                top = node.name
            if isinstance(node, ast.ClassDef):
                visit(node.body, node.name, depth + 1)
            else:
                innermost, its_class = node.name, owner_class
                visit(node.body, None, depth + 1)

    visit(tree.body, None, 0)
    return top, innermost, its_class


def reference_names(package_init=PACKAGE_INIT):
    """The names ``from nn_helpers import ...`` offers, read from its __init__.py without importing it."""
    try:
        tree = ast.parse(Path(package_init).read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return frozenset()
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            names.add(node.name)
    return frozenset(name for name in names if not name.startswith("_"))


def stub_message(top, innermost, its_class, references, fallbacks=None):
    """What the stub tells the learner: write the code here, or carry on with the reference.

    The reference is ``from nn_helpers import <top>`` when the package exports
    the top-level name around the solution; otherwise a line the lesson itself
    gives for carrying on (``fallbacks``, see :func:`lesson_fallbacks`), if any.
    """
    if innermost is None:
        return "Write your code here, in place of this raise (the lesson says how to carry on if you are stuck)."
    what = f"{its_class}.{innermost}" if its_class else innermost
    fallbacks = fallbacks or {}
    if top in references:
        return (f"Write your code for {what} here, in place of this raise – or, to carry on with the lesson, "
                f"replace this cell's code with `from nn_helpers import {top}`: that is the reference implementation.")
    if top in fallbacks:
        return (f"Write your code for {what} here, in place of this raise – or, to carry on with the lesson, "
                f"replace this cell's code with `{fallbacks[top]}`, as the lesson suggests.")
    return (f"Write your code for {what} here, in place of this raise "
            "(the lesson says how to carry on if you are stuck).")


# A backticked assignment or import in a "Stuck? ... carry on ..." paragraph, e.g.
# "Stuck? Carry on with `predict_digits = digits_model.predict`".
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_ASSIGNMENT = re.compile(r"^\s*([A-Za-z_]\w*)\s*=\s*[^=\s]")
_IMPORT = re.compile(r"^\s*from\s+[\w.]+\s+import\s+([\w\s,]+)$")


def lesson_fallbacks(notebook):
    """{function name: code} for the ways of carrying on that the lesson's Markdown offers when stuck.

    Only paragraphs that mention "stuck" or "carry on" count, and only code
    that defines the name (``name = ...`` or ``from module import name``).
    """
    fallbacks = {}
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        for paragraph in cell.source.split("\n\n"):
            if not re.search(r"stuck|carry on", paragraph, re.IGNORECASE):
                continue
            for code in _CODE_SPAN.findall(paragraph):
                assignment, imported = _ASSIGNMENT.match(code), _IMPORT.match(code)
                names = [assignment.group(1)] if assignment else []
                names += [name.strip() for name in imported.group(1).split(",")] if imported else []
                for name in names:
                    fallbacks.setdefault(name, code.strip())
    return fallbacks


def _quoted(text):
    """A Python string literal for text, in double quotes like the rest of the course."""
    return f'"{text}"' if '"' not in text and "\\" not in text else repr(text)


def _stub_lines(indent, message):
    """'# YOUR CODE HERE' and the raise, its message wrapped so no line is longer than LINE_LENGTH."""
    opening = f"{indent}raise NotImplementedError("
    width = max(40, LINE_LENGTH - len(opening) - 3)  # room for the quotes and the closing parenthesis
    pieces = textwrap.wrap(message, width, break_long_words=False, break_on_hyphens=False)
    literals = [_quoted(piece + " ") for piece in pieces[:-1]] + [_quoted(pieces[-1])]
    lines = [opening + literals[0]] + [" " * len(opening) + literal for literal in literals[1:]]
    lines[-1] += ")"
    return [f"{indent}{STUB_COMMENT}"] + lines


def student_source(source, references=frozenset(), fallbacks=None):
    """A code cell's source with every solution region replaced by a stub; also returns the stub messages."""
    regions = find_solution_regions(source)
    if not regions:
        return source, []
    lines = source.split("\n")
    result, messages, position = [], [], 0
    for begin, end, indent in regions:
        message = stub_message(*enclosing_definitions(source, begin), references, fallbacks)
        result += lines[position:begin] + _stub_lines(indent, message)
        messages.append(message)
        position = end + 1
    result += lines[position:]
    return "\n".join(result), messages


# --------------------------------------------------------------------------------------------------------------------
# Whole notebooks
# --------------------------------------------------------------------------------------------------------------------

def _student_cells(notebook, name, references):
    """(index, cell, student source, stub messages) for each code cell; MarkerErrors name notebook and cell."""
    fallbacks = lesson_fallbacks(notebook)
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type != "code":
            continue
        try:
            source, messages = student_source(cell.source, references, fallbacks)
        except MarkerError as error:
            raise MarkerError(f"{name}, cell {index} (counting from 0): {error}") from None
        yield index, cell, source, messages


def make_student_notebook(notebook, name="notebook", references=None):
    """A student copy of a notebook (an nbformat NotebookNode); the original is left unchanged.

    Solution regions in code cells become stubs; every output, execution count
    and the saved widget state are cleared.  Markdown and raw cells are never
    touched (a lesson may *mention* the markers in its text).  Raises
    MarkerError naming ``name``, the cell and the line when a cell's markers
    are wrong.
    """
    references = reference_names() if references is None else references
    student = nbformat.from_dict(notebook)  # a deep copy
    for _, cell, source, _ in _student_cells(student, name, references):
        cell.source = source
        cell.outputs = []
        cell.execution_count = None
    # The saved state of the widgets belongs to the outputs just cleared.
    student.metadata.pop("widgets", None)
    return student


def lesson_notebooks(folder=NOTEBOOKS):
    """The lessons in a folder: files named like 01_activations.ipynb, in order."""
    return sorted(path for path in Path(folder).glob("*.ipynb") if _LESSON.match(path.name))


def make_student_versions(notebooks=None, out=DEFAULT_OUT, references=None):
    """Write the student version of each notebook (default: every lesson) into ``out``; return the paths written.

    All notebooks are checked before anything is written, so a marker error
    never leaves a half-made handout behind.
    """
    notebooks = lesson_notebooks() if notebooks is None else [Path(path) for path in notebooks]
    if not notebooks:
        raise FileNotFoundError("no lesson notebooks found")
    references = reference_names() if references is None else references
    students = []
    for path in notebooks:
        student = make_student_notebook(nbformat.read(path, as_version=4), path.name, references)
        try:
            nbformat.validate(student)
        except nbformat.ValidationError as error:
            raise ValueError(f"{path.name}: the student version is not a valid notebook: {error.message}") from None
        students.append((path.name, student))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for file_name, student in students:
        nbformat.write(student, out / file_name)
        written.append(out / file_name)
    return written


def missing_references(notebook, name="notebook", references=None):
    """Stubs of a notebook that offer no way to carry on, as 'cell N: message' lines."""
    references = reference_names() if references is None else references
    return [f"cell {index}: {message}"
            for index, _, _, messages in _student_cells(notebook, name, references)
            for message in messages if "to carry on with the lesson, replace this cell's code with `" not in message]


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write the student versions of the lessons: every solution "
                                                 "region replaced by a stub, every output cleared.")
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks to convert (default: every lesson in notebooks/)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT,
                        help="folder for the student versions (default: build/student in the repository)")
    args = parser.parse_args(argv)
    sources = args.notebooks or lesson_notebooks()
    references = reference_names()
    try:
        # Read the warnings before writing: --out may be the notebooks' own folder.
        warnings = {path.name: missing_references(nbformat.read(path, as_version=4), path.name, references)
                    for path in sources}
        written = make_student_versions(sources, args.out, references)
    except (ValueError, OSError) as error:  # MarkerError is a ValueError
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path in written:
        notebook = nbformat.read(path, as_version=4)
        stubs = sum(cell.source.count(STUB_COMMENT) for cell in notebook.cells if cell.cell_type == "code")
        print(f"{path}  ({stubs} exercise{'' if stubs == 1 else 's'})")
        for problem in warnings[path.name]:
            print(f"  warning: the stub cannot say how to carry on: {problem}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

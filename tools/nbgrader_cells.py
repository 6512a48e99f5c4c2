"""nbgrader's metadata on the lessons' cells, so ``nbgrader generate_assignment`` and ``autograde`` work as shipped.

``stamp_colab.py`` (``python3 course.py stamp``) calls :func:`stamp` on every notebook and its ``--check``
calls :func:`problems`.  The rules, which need nothing from the lesson authors but the course's usual rhythm:

* **Solution cell** - a code cell holding a ``### BEGIN SOLUTION`` ... ``### END SOLUTION`` region:
  ``{"solution": true, "grade": false, "locked": false, "grade_id": "solution-<name>"}``, where <name> is
  the function (or class, or variable) the solution defines, as the student-version tool finds it.
  nbgrader replaces each region with its stub; the course's own student versions do the same with a
  stub that names the reference to carry on with.
* **Checker cell** - any other code cell with a top-level call ``check_<something>(<name>, ...)`` whose
  first argument is a name that a solution cell of the same notebook defines at its top level
  (``check_sigmoid(sigmoid);``): an autograded test cell,
  ``{"grade": true, "locked": true, "points": <n>, "grade_id": "test-<name>"}``, with one point per such
  call.  A checker that only demonstrates (``check_relu(wrong_relu)`` on a function the lesson wrote)
  is not graded.  Points set by hand in a cell's metadata are kept.
* Every other cell carries no nbgrader metadata (stamping removes stale metadata).
* No solution marker may appear anywhere else - in particular not in Markdown, where nbgrader would look for
  the region's end and stop with "no end solution statement found": :func:`problems` reports such cells
  (write "the BEGIN/END SOLUTION marker lines" or similar instead of the literal markers).

The checkers print a verdict and return True or False, and never raise, which is right for a learner but
not for nbgrader, which counts a test cell as passed unless it raises.  So grading uses a kernel hook,
``nbgrader_strict_checks.py``, that makes a ``check_*`` function raise when it returns False;
``nbgrader_course.py`` writes an nbgrader course folder whose configuration loads it.
"""

import ast
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_student_versions as msv  # noqa: E402

SCHEMA_VERSION = 3
_MARKER_TEXT = re.compile(r"(BEGIN|END) SOLUTION")
_GRADE_ID = re.compile(r"[^A-Za-z0-9_-]+")


def _tree(source):
    lines = ["" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n")]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def _top_level_names(source):
    """Names a cell binds at its top level: def, class, assignment targets."""
    tree = _tree(source)
    names = []
    for node in tree.body if tree else []:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names += [name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name)]
    return names


def _checked_names(source, exercise_names):
    """The exercise names a cell hands to a check_* function in top-level calls, in order (one per call)."""
    tree = _tree(source)
    checked = []
    for node in tree.body if tree else []:
        call = node.value if isinstance(node, ast.Expr) else None
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id.startswith("check_") \
                and call.args and isinstance(call.args[0], ast.Name) and call.args[0].id in exercise_names:
            checked.append(call.args[0].id)
    return checked


def _solution_name(source):
    regions = msv.find_solution_regions(source)
    top, innermost, _ = msv.enclosing_definitions(source, regions[0][0])
    return top or innermost or next(iter(_top_level_names(source)), None)


def _unique(wanted, taken):
    wanted = _GRADE_ID.sub("-", wanted).strip("-") or "cell"
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    taken.add(candidate)
    return candidate


def expected_metadata(nb):
    """{cell index: the nbgrader metadata that cell should carry}; cells not listed carry none.

    Raises msv.MarkerError (naming the cell) when a cell's markers are wrong.
    """
    solutions = {}
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            try:
                if msv.find_solution_regions(cell.source):
                    solutions[index] = cell
            except msv.MarkerError as error:
                raise msv.MarkerError(f"cell {index}: {error}") from None
    exercise_names = {name for cell in solutions.values() for name in _top_level_names(cell.source)}
    taken, wanted = set(), {}
    for index, cell in enumerate(nb.cells):
        if index in solutions:
            wanted[index] = {"grade": False, "grade_id": _unique(f"solution-{_solution_name(cell.source)}", taken),
                             "locked": False, "schema_version": SCHEMA_VERSION, "solution": True, "task": False}
        elif cell.cell_type == "code":
            checked = _checked_names(cell.source, exercise_names)
            if checked:
                old = cell.metadata.get("nbgrader", {})
                points = old.get("points") if old.get("grade") and not old.get("solution") else None
                wanted[index] = {"grade": True, "grade_id": _unique(f"test-{'-'.join(dict.fromkeys(checked))}", taken),
                                 "locked": True, "points": points if points is not None else len(checked),
                                 "schema_version": SCHEMA_VERSION, "solution": False, "task": False}
    return wanted


def _marker_problems(nb):
    return [f"cell {index} (Markdown) writes a solution marker; nbgrader would take it for one - reword it"
            for index, cell in enumerate(nb.cells)
            if cell.cell_type != "code" and _MARKER_TEXT.search(cell.source)]


def stamp(nb, notebook_name="notebook"):
    """Give every cell the nbgrader metadata the rules ask for (in place). Returns True if anything changed."""
    try:
        wanted = expected_metadata(nb)
    except msv.MarkerError as error:
        raise ValueError(f"{notebook_name}: {error}") from None
    changed = False
    for index, cell in enumerate(nb.cells):
        if index in wanted and cell.metadata.get("nbgrader") != wanted[index]:
            cell.metadata["nbgrader"] = wanted[index]
            changed = True
        elif index not in wanted and "nbgrader" in cell.metadata:
            del cell.metadata["nbgrader"]
            changed = True
    return changed


def problems(nb, notebook_name="notebook"):
    """Sentences for every cell whose nbgrader metadata differs from the rules, and every stray marker."""
    try:
        wanted = expected_metadata(nb)
    except msv.MarkerError as error:
        return [str(error)]
    found = [f"cell {index} lacks nbgrader's metadata {'(solution)' if meta['solution'] else '(autograded test)'} "
             "or it is out of date" for index, meta in wanted.items()
             if nb.cells[index].metadata.get("nbgrader") != meta]
    found += [f"cell {index} carries nbgrader metadata but is neither a solution nor a checker cell"
              for index, cell in enumerate(nb.cells) if index not in wanted and "nbgrader" in cell.metadata]
    return found + _marker_problems(nb)


def total_points(nb):
    return sum(meta.get("points", 0) for meta in expected_metadata(nb).values() if meta["grade"])

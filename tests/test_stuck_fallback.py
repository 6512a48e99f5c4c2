"""The "Stuck?" fallback leaves a lesson consistent.

Below each exercise's check, a "Stuck?" line tells the learner to replace the code in the exercise cell with the
reference, e.g. `from nn_helpers import sigmoid`, and to run that cell and its check again.  These tests take every
lesson's student version (solutions replaced by stubs, as tools/make_student_versions.py makes it), do exactly that
for every exercise - the exercise cell's whole code becomes the Stuck? line's code - and run the lesson top to bottom
in a fresh kernel: no cell may raise, and no fail verdict may remain in any output (beyond those the committed
lesson itself shows on purpose, such as lesson 5's gallery of buggy backward passes).  A learner who falls back on the
reference for every exercise therefore finishes the lesson with every check passed.

Each lesson runs once, about as long as the lesson itself (measured on a busy 2-core machine: 2.7 min for lessons
1–7 and 11, 5.5 min for all eleven).
"""

import importlib.util
import re
import sys
from pathlib import Path

import nbformat
import pytest
from notebook_outputs import output_text

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"

_spec = importlib.util.spec_from_file_location("make_student_versions", ROOT / "tools" / "make_student_versions.py")
msv = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(msv)

LESSONS = msv.lesson_notebooks(NOTEBOOKS)
CELL_TIMEOUT = 120  # seconds; every lesson runs in well under 30 s, cells far less
HAS_TENSORFLOW = importlib.util.find_spec("tensorflow") is not None
# The course's wording (the code in backticks goes into the exercise cell, in place of the learner's code).
STUCK = re.compile(r"Stuck\?.*?Replace the code in the exercise cell above with `([^`]+)`, then run that cell "
                   r"and its check again")


def _exercises(notebook):
    """[(exercise cell, its check cell, the Stuck? paragraph below the check or None)] of a lesson.

    The check is the next code cell after the exercise (the course's rhythm); the Stuck? line is in the Markdown
    between the check and the next code cell.
    """
    cells = notebook.cells
    found = []
    for index, cell in enumerate(cells):
        if cell.cell_type != "code" or not msv.find_solution_regions(cell.source):
            continue
        check = next((later for later in range(index + 1, len(cells)) if cells[later].cell_type == "code"), None)
        stuck = None
        if check is not None:
            for later in range(check + 1, len(cells)):
                if cells[later].cell_type == "code":
                    break
                paragraph = next((part for part in cells[later].source.split("\n\n") if "Stuck?" in part), None)
                if paragraph:
                    stuck = paragraph
                    break
        found.append((index, check, stuck))
    return found


def _fallback(paragraph):
    """The code a Stuck? paragraph puts into the exercise cell, or None if it does not use the course's wording."""
    match = STUCK.search(" ".join((paragraph or "").split()))  # Markdown lines break anywhere
    return match.group(1).strip() if match else None


def _lesson(path):
    return nbformat.read(path, as_version=4)


EXERCISE_LESSONS = [path for path in LESSONS if _exercises(_lesson(path))]


def _uses_keras(notebook):
    return any("import_keras" in cell.source for cell in notebook.cells if cell.cell_type == "code")


@pytest.mark.parametrize("lesson", EXERCISE_LESSONS, ids=lambda path: path.stem)
def test_every_exercise_has_a_stuck_line_in_the_courses_wording(lesson):
    problems = []
    for exercise, check, stuck in _exercises(_lesson(lesson)):
        if stuck is None:
            problems.append(f"exercise in cell {exercise} (checked in cell {check}): no Stuck? line below its check")
        elif _fallback(stuck) is None:
            problems.append(f"exercise in cell {exercise}: its Stuck? line does not say \"Replace the code in the "
                            f"exercise cell above with `...`, then run that cell and its check again\": {stuck!r}")
    assert not problems, f"{lesson.name}:\n" + "\n".join(problems)


@pytest.mark.parametrize("lesson", EXERCISE_LESSONS, ids=lambda path: path.stem)
def test_the_stuck_code_defines_the_exercise_function(lesson):
    """The fallback really replaces what the exercise defines (same name), so the check below tests the reference."""
    notebook = _lesson(lesson)
    problems = []
    for exercise, _, stuck in _exercises(notebook):
        code = _fallback(stuck)
        if code is None:
            continue  # reported by the test above
        source = notebook.cells[exercise].source
        defined = set(re.findall(r"^(?:def|class)\s+(\w+)", source, re.MULTILINE))
        assignment, imported = msv._ASSIGNMENT.match(code), msv._IMPORT.match(code)
        given = {assignment.group(1)} if assignment else set()
        given |= {name.strip() for name in imported.group(1).split(",")} if imported else set()
        if defined - given:
            problems.append(f"cell {exercise} defines {sorted(defined)}, but `{code}` gives {sorted(given)}")
    assert not problems, f"{lesson.name}:\n" + "\n".join(problems)


def _with_the_references(student, lesson_notebook):
    """The student version with every exercise cell's code replaced by its Stuck? line's code."""
    fallen_back = nbformat.from_dict(student)
    for exercise, _, stuck in _exercises(lesson_notebook):
        code = _fallback(stuck)
        if code is not None:
            fallen_back.cells[exercise].source = code
    return fallen_back


@pytest.fixture(scope="module")
def run():
    """Execute a notebook in a fresh kernel of this environment's Python, in notebooks/, errors allowed."""
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    class ThisPython(KernelSpecManager):
        """The notebooks' "python3" kernel, started with the interpreter running the tests."""

        def get_kernel_spec(self, kernel_name):
            return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                              display_name="Python 3", language="python")

    def execute(notebook):
        manager = KernelManager(kernel_name="python3", kernel_spec_manager=ThisPython())
        NotebookClient(notebook, km=manager, timeout=CELL_TIMEOUT, allow_errors=True,
                       resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
        return notebook

    return execute


@pytest.mark.parametrize("lesson", EXERCISE_LESSONS, ids=lambda path: path.stem)
def test_falling_back_on_every_reference_leaves_no_fail_verdict(run, lesson):
    source = _lesson(lesson)
    if _uses_keras(source) and not HAS_TENSORFLOW:
        pytest.skip("TensorFlow is not installed (it has no wheels for this Python): this lesson needs Keras")
    student = msv.make_student_notebook(source, lesson.name)
    executed = run(_with_the_references(student, source))
    problems = []
    for index, cell in enumerate(executed.cells):
        if cell.cell_type != "code":
            continue
        errors = [f"{out.ename}: {out.evalue}" for out in cell.get("outputs", []) if out.output_type == "error"]
        if errors:
            problems.append(f"cell {index} raised {errors}\n{cell.source}")
        elif output_text(cell).count("❌") > output_text(source.cells[index]).count("❌"):
            # (a lesson may show a checker failing on purpose - lesson 5's bug gallery - as its committed outputs do)
            problems.append(f"cell {index} printed a fail verdict the lesson itself does not show:\n{output_text(cell)}")
    for exercise, check, stuck in _exercises(source):
        if _fallback(stuck) is not None and check is not None and "✅" not in output_text(executed.cells[check]):
            problems.append(f"cell {check}, the check of the exercise in cell {exercise}, printed no pass verdict: "
                            f"{output_text(executed.cells[check])!r}")
    assert not problems, f"{lesson.name} with every exercise replaced by its Stuck? code:\n" + "\n\n".join(problems)

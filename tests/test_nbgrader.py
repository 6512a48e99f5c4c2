"""nbgrader, from PyPI, on the lessons as shipped: generate_assignment on every lesson, autograde on one.

nbgrader runs in the tools environment (.venv-tools, requirements-tools.txt) so it never changes the
lessons' versions; `python3 course.py test` builds it and names it in COURSE_TOOLS_PYTHON.  Its kernels
run this environment's Python (a kernel spec in a private JUPYTER_PATH), where nn_helpers is installed.
The lessons are copied first; nothing is written into notebooks/.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import nbgrader_cells  # noqa: E402
import nbgrader_course  # noqa: E402
from make_student_versions import lesson_notebooks  # noqa: E402

LESSONS = lesson_notebooks()
GRADED = [lesson for lesson in LESSONS if nbgrader_cells.total_points(nbformat.read(lesson, as_version=4))]


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_every_lesson_carries_nbgraders_metadata_and_no_stray_marker(lesson):
    problems = nbgrader_cells.problems(nbformat.read(lesson, as_version=4), lesson.name)
    assert not problems, f"{lesson.name} (run `python3 course.py stamp`; reword Markdown by hand):\n" + "\n".join(problems)


def _lesson(cells):
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Lesson 1 – Test")] + cells)


def test_solution_and_checker_cells_are_recognised_and_points_set_by_hand_are_kept():
    code = nbformat.v4.new_code_cell
    nb = _lesson([code("from nn_helpers.checks import check_sigmoid, check_relu"),
                  code("def sigmoid(z):\n    ### BEGIN SOLUTION\n    return z\n    ### END SOLUTION"),
                  code("check_sigmoid(sigmoid);"),
                  code("check_relu(wrong_relu);"),  # a demonstration on the lesson's own function: not graded
                  code("he_scale = 0\n### BEGIN SOLUTION\nhe_scale = 2 ** 0.5\n### END SOLUTION"),
                  code("check_he_scale(he_scale)\ncheck_sigmoid(sigmoid)")])
    nb.cells[4].metadata["nbgrader"] = {"grade": False, "solution": False}  # stale: removed
    assert nbgrader_cells.stamp(nb) is True
    meta = [cell.metadata.get("nbgrader") for cell in nb.cells]
    assert meta[0] is None and meta[1] is None and meta[4] is None
    assert meta[2]["solution"] and not meta[2]["grade"] and meta[2]["grade_id"] == "solution-sigmoid"
    assert meta[3] == {"grade": True, "grade_id": "test-sigmoid", "locked": True, "points": 1,
                       "schema_version": 3, "solution": False, "task": False}
    assert meta[5]["grade_id"] == "solution-he_scale"
    assert meta[6]["grade_id"] == "test-he_scale-sigmoid" and meta[6]["points"] == 2
    nb.cells[3].metadata["nbgrader"]["points"] = 5
    assert nbgrader_cells.stamp(nb) is False and nb.cells[3].metadata["nbgrader"]["points"] == 5
    assert nbgrader_cells.problems(nb) == []
    nb.cells.append(nbformat.v4.new_markdown_cell("Write between the ### BEGIN SOLUTION and ### END SOLUTION lines."))
    assert any("writes a solution marker" in problem for problem in nbgrader_cells.problems(nb))


@pytest.fixture(scope="module")
def nbgrader(tmp_path_factory):
    """(run, course folder): nbgrader from the tools environment in a course folder made from copies of the lessons."""
    python = os.environ.get("COURSE_TOOLS_PYTHON") or str(ROOT / ".venv-tools" / "bin" / "python")
    if not Path(python).exists():
        if os.environ.get("REQUIRE_FULL_TEST") == "1":
            pytest.fail("the tools environment is missing (python3 course.py test builds it)")
        pytest.skip("the tools environment (.venv-tools) is missing; python3 course.py test builds it")
    folder = tmp_path_factory.mktemp("nbgrader")
    copies = folder / "lessons"
    copies.mkdir()
    for lesson in LESSONS:
        shutil.copyfile(lesson, copies / lesson.name)
    course = folder / "course"
    nbgrader_course.write_course(course, sorted(copies.glob("*.ipynb")))
    kernels = folder / "jupyter" / "kernels" / "python3"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (the course's environment)", "language": "python"}))
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["JUPYTER_PATH"] = str(folder / "jupyter")
    env["PATH"] = os.pathsep.join([str(Path(python).parent), env.get("PATH", "")])  # nbgrader runs alembic

    def run(*arguments):
        done = subprocess.run([python, "-m", "nbgrader", *arguments], cwd=course, env=env,
                              capture_output=True, text=True, timeout=900)
        return done.returncode, done.stdout + done.stderr

    return run, course


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_nbgrader_generate_assignment_works_on_the_lesson_as_shipped(nbgrader, lesson):
    run, course = nbgrader
    code, output = run("generate_assignment", lesson.stem, "--force")
    assert code == 0, output[-3000:]
    released = nbformat.read(course / "release" / lesson.stem / lesson.name, as_version=4)
    source = nbformat.read(lesson, as_version=4)
    text = "\n".join(cell.source for cell in released.cells if cell.cell_type == "code")
    assert "BEGIN SOLUTION" not in text and "END SOLUTION" not in text
    assert text.count("raise NotImplementedError()") == sum(
        cell.source.count("### BEGIN SOLUTION") for cell in source.cells if cell.cell_type == "code")


@pytest.mark.skipif(not GRADED, reason="no lesson has graded checker cells")
def test_nbgrader_autograde_gives_exactly_the_points_of_the_one_exercise_solved(nbgrader):
    run, course = nbgrader
    lesson = GRADED[0]
    code, output = run("generate_assignment", lesson.stem, "--force")
    assert code == 0, output[-3000:]
    source = nbformat.read(lesson, as_version=4)
    student = nbformat.read(course / "release" / lesson.stem / lesson.name, as_version=4)
    wanted = nbgrader_cells.expected_metadata(source)
    first_test = min(index for index, meta in wanted.items() if meta["grade"])
    solved = max(index for index, meta in wanted.items() if meta["solution"] and index < first_test)
    student.cells[solved].source = source.cells[solved].source  # the learner solves this one exercise
    submitted = course / "submitted" / "learner" / lesson.stem
    submitted.mkdir(parents=True)
    nbformat.write(student, submitted / lesson.name)

    code, output = run("autograde", lesson.stem, "--force")
    assert code == 0, output[-3000:]
    graded = nbformat.read(course / "autograded" / "learner" / lesson.stem / lesson.name, as_version=4)
    import sqlite3

    database = sqlite3.connect(course / "gradebook.db")
    scores = dict(database.execute("SELECT base_cell.name, grade.auto_score FROM grade JOIN base_cell "
                                   "ON base_cell.id = grade.cell_id JOIN grade_cells ON grade_cells.id = grade.cell_id"))
    database.close()
    tests = {meta["grade_id"]: meta["points"] for meta in wanted.values() if meta["grade"]}
    expected = {grade_id: (points if grade_id == wanted[first_test]["grade_id"] else 0.0)
                for grade_id, points in tests.items()}
    assert scores == expected, (scores, [cell.outputs for cell in graded.cells if cell.get("outputs")][:3])

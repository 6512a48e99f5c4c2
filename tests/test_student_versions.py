"""Tests for tools/make_student_versions.py, the generator of the classroom (student) notebooks.

Two parts.  Unit tests run the transformation on tiny made-up notebooks
(markers, indentation, nesting, messages, errors).  The lesson tests generate
the student version of every lesson into a temporary folder and prove that no
solution survives, that every solution became a stub that says how to carry
on with the reference implementation, that everything else is unchanged -
and, executing each student notebook that has exercises (one to two minutes
in all): that every checker answers "not implemented yet" without crashing, that
the lesson runs cleanly up to its first exercise, and that a learner who skips
every exercise the way its stub suggests gets through the whole lesson.
"""

import ast
import importlib.util
import re
import shutil
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
REFERENCES = frozenset({"sigmoid", "backward", "NeuralNet"})  # what the made-up notebooks may import
CELL_TIMEOUT = 120  # seconds; every lesson runs in well under 30 s, cells far less


def _code(source):
    return nbformat.v4.new_code_cell(source)


def _notebook(*cells):
    notebook = nbformat.v4.new_notebook(cells=list(cells))
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def _stub_messages(source):
    """The messages of every `raise NotImplementedError("...")` in a piece of Python source."""
    messages = []
    for node in ast.walk(ast.parse(source)):
        if (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)
                and getattr(node.exc.func, "id", None) == "NotImplementedError"):
            messages.append(ast.literal_eval(node.exc.args[0]) if node.exc.args else "")
    return messages


SIGMOID_CELL = '''import numpy as np


def sigmoid(z):
    """Sigmoid of z."""
    ### BEGIN SOLUTION
    z = np.asarray(z, dtype=float)
    return 1 / (1 + np.exp(-z))
    ### END SOLUTION'''


# --------------------------------------------------------------------------------------------------------------------
# The transformation, on made-up notebooks
# --------------------------------------------------------------------------------------------------------------------

def test_a_solution_becomes_a_stub_that_raises_and_points_to_the_reference():
    source, messages = msv.student_source(SIGMOID_CELL, REFERENCES)
    lines = source.split("\n")
    assert lines[:5] == SIGMOID_CELL.split("\n")[:5]  # everything before the region is kept
    assert lines[5] == "    # YOUR CODE HERE"
    assert lines[6].startswith("    raise NotImplementedError(")
    assert "BEGIN SOLUTION" not in source and "END SOLUTION" not in source
    assert "np.exp" not in source and "asarray" not in source
    assert messages == _stub_messages(source)
    assert "sigmoid" in messages[0] and "replace this cell's code with `from nn_helpers import sigmoid`" in messages[0]
    namespace = {}
    exec(compile(source, "<student cell>", "exec"), namespace)  # noqa: S102 - our own generated code
    with pytest.raises(NotImplementedError, match="from nn_helpers import sigmoid"):
        namespace["sigmoid"](0.0)


def test_indentation_of_a_method_is_kept_and_the_class_is_the_reference():
    source = ("class NeuralNet:\n"
              "    def fit(self, X, y):\n"
              "        if X is None:\n"
              "            raise ValueError('X is None')\n"
              "        ### BEGIN SOLUTION\n"
              "        self.weights_ = X.T @ y\n"
              "        ### END SOLUTION\n"
              "        return self\n")
    student, messages = msv.student_source(source, REFERENCES)
    lines = student.split("\n")
    assert lines[4] == "        # YOUR CODE HERE"
    assert lines[5].startswith("        raise NotImplementedError(")
    stub_end = max(index for index, line in enumerate(lines) if line.rstrip().endswith('")'))
    assert lines[stub_end + 1:] == ["        return self", ""]  # code after the region and the final newline kept
    assert "NeuralNet.fit" in messages[0] and "from nn_helpers import NeuralNet" in messages[0]
    ast.parse(student)


def test_a_region_in_a_nested_function_names_the_inner_function_and_imports_the_outer_one():
    source = ("def backward(X, Y, params, cache):\n"
              "    m = X.shape[0]\n"
              "\n"
              "    def layer_gradients(dZ, A_previous):\n"
              "        ### BEGIN SOLUTION\n"
              "        return A_previous.T @ dZ, dZ.sum(axis=0)\n"
              "        ### END SOLUTION\n"
              "\n"
              "    return layer_gradients(cache['A2'] - Y, cache['A1'])")
    student, messages = msv.student_source(source, REFERENCES)
    assert student.split("\n")[4] == "        # YOUR CODE HERE"
    assert "A_previous.T @ dZ" not in student
    assert "return layer_gradients(cache['A2'] - Y, cache['A1'])" in student
    assert "for layer_gradients here" in messages[0]
    assert "from nn_helpers import backward" in messages[0]


def test_several_regions_in_one_cell_each_get_their_own_stub():
    source = SIGMOID_CELL + "\n\n\ndef backward(X, Y):\n    ### BEGIN SOLUTION\n    return X - Y\n    ### END SOLUTION"
    student, messages = msv.student_source(source, REFERENCES)
    assert len(messages) == 2 == student.count("# YOUR CODE HERE")
    assert "import sigmoid" in messages[0] and "import backward" in messages[1]
    assert _stub_messages(student) == messages


def test_a_function_the_package_does_not_export_gets_no_import_suggestion():
    source = "def my_helper(z):\n    ### BEGIN SOLUTION\n    return z\n    ### END SOLUTION"
    student, (message,) = msv.student_source(source, REFERENCES)
    assert "from nn_helpers import" not in message and "my_helper" in message
    assert msv.missing_references(_notebook(_code(source)), "x.ipynb", REFERENCES) == [f"cell 0: {message}"]


def test_a_region_outside_any_function_still_becomes_a_stub():
    student, (message,) = msv.student_source("x = 1\n### BEGIN SOLUTION\ny = x + 1\n### END SOLUTION", REFERENCES)
    lines = student.split("\n")
    assert lines[:3] == ["x = 1", "# YOUR CODE HERE", lines[2]] and lines[2].startswith("raise NotImplementedError(")
    assert _stub_messages(student) == [message] and "y = x + 1" not in student


def test_without_a_package_reference_the_stub_offers_the_lessons_own_way_on():
    notebook = _notebook(
        nbformat.v4.new_markdown_cell("Implement `predict_labels(params, X)`.\n\nStuck? Carry on with "
                                      "`predict_labels = lambda params, X: model.predict(X)` – it does the same."),
        _code("def predict_labels(params, X):\n    ### BEGIN SOLUTION\n    return X\n    ### END SOLUTION"),
        nbformat.v4.new_markdown_cell("An example you should not copy: `answer = 42`."))
    assert msv.lesson_fallbacks(notebook) == {"predict_labels": "predict_labels = lambda params, X: model.predict(X)"}
    student = msv.make_student_notebook(notebook, "08.ipynb", REFERENCES)
    (message,) = _stub_messages(student.cells[1].source)
    assert "replace this cell's code with `predict_labels = lambda params, X: model.predict(X)`" in message
    assert msv.missing_references(notebook, "08.ipynb", REFERENCES) == []


def test_reference_names_are_read_from_the_package():
    names = msv.reference_names()
    assert {"sigmoid", "backward", "NeuralNet", "numerical_gradient"} <= names
    assert "keep_freed_memory" in names and "__version__" not in names


@pytest.mark.parametrize("source, problem", [
    ("def f():\n    ### BEGIN SOLUTION\n    return 1", "line 2: '### BEGIN SOLUTION' is never closed"),
    ("def f():\n    return 1\n    ### END SOLUTION", "line 3: '### END SOLUTION' without a '### BEGIN SOLUTION'"),
    ("def f():\n    ### BEGIN SOLUTION\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION",
     "line 3: '### BEGIN SOLUTION' inside the region opened on line 2"),
    ("def f():\n    ## BEGIN SOLUTION\n    return 1\n    ### END SOLUTION", "line 2: '## BEGIN SOLUTION' looks like"),
    ("def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTIONS", "line 4: '### END SOLUTIONS' looks like"),
])
def test_wrong_markers_raise_an_error_naming_notebook_cell_and_line(source, problem):
    notebook = _notebook(nbformat.v4.new_markdown_cell("# Title"), _code("x = 1"), _code(source))
    with pytest.raises(msv.MarkerError) as raised:
        msv.make_student_notebook(notebook, "07_lesson.ipynb", REFERENCES)
    assert str(raised.value).startswith("07_lesson.ipynb, cell 2 (counting from 0): ")
    assert problem in str(raised.value)


def test_outputs_are_cleared_and_everything_else_is_kept():
    markdown = nbformat.v4.new_markdown_cell("Write the body between `### BEGIN SOLUTION` and `### END SOLUTION`.")
    plain = _code("print('hello')")
    plain.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
    plain.execution_count = 3
    plain.metadata["tags"] = ["keep-me"]
    exercise = _code(SIGMOID_CELL)
    exercise.execution_count = 4
    checker = _code("check_sigmoid(sigmoid);")
    checker.outputs = [nbformat.v4.new_output("stream", name="stdout", text="✅ sigmoid is correct\n")]
    notebook = _notebook(markdown, plain, exercise, checker)
    notebook.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}}}
    original = nbformat.from_dict(notebook)

    student = msv.make_student_notebook(notebook, "lesson.ipynb", REFERENCES)

    nbformat.validate(student)
    assert notebook == original  # the source notebook is not changed
    assert [cell.source for cell in student.cells] == [
        markdown.source, plain.source, msv.student_source(SIGMOID_CELL, REFERENCES)[0], checker.source]
    assert [cell.get("id") for cell in student.cells] == [cell.get("id") for cell in notebook.cells]
    assert student.cells[1].metadata == {"tags": ["keep-me"]}
    for cell in student.cells[1:]:
        assert cell.outputs == [] and cell.execution_count is None
    assert "widgets" not in student.metadata and student.metadata.kernelspec == notebook.metadata.kernelspec


def test_a_notebook_without_solutions_is_copied_with_outputs_cleared():
    cell = _code("print(1)")
    cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="1\n")]
    notebook = _notebook(nbformat.v4.new_markdown_cell("# Welcome"), cell)
    student = msv.make_student_notebook(notebook, "00.ipynb", REFERENCES)
    assert [c.source for c in student.cells] == ["# Welcome", "print(1)"]
    assert student.cells[1].outputs == []


def test_nothing_is_written_when_one_notebook_has_a_marker_error(tmp_path):
    good, bad = tmp_path / "01_good.ipynb", tmp_path / "02_bad.ipynb"
    nbformat.write(_notebook(_code(SIGMOID_CELL)), good)
    nbformat.write(_notebook(_code("def f():\n    ### BEGIN SOLUTION\n    return 1")), bad)
    out = tmp_path / "student"
    with pytest.raises(msv.MarkerError, match="02_bad.ipynb, cell 0"):
        msv.make_student_versions([good, bad], out, REFERENCES)
    assert not out.exists()


def test_the_lessons_folder_itself_can_be_the_output(tmp_path):
    lesson = tmp_path / "01_lesson.ipynb"
    nbformat.write(_notebook(_code(SIGMOID_CELL), _code("check_sigmoid(sigmoid);")), lesson)
    assert msv.make_student_versions([lesson], tmp_path, REFERENCES) == [lesson]
    student = nbformat.read(lesson, as_version=4)
    assert "# YOUR CODE HERE" in student.cells[0].source and "np.exp" not in student.cells[0].source
    assert student.cells[1].source == "check_sigmoid(sigmoid);"


def test_the_command_line_writes_the_student_versions_and_reports_errors(tmp_path, capsys):
    source = tmp_path / "01_good.ipynb"
    nbformat.write(_notebook(_code(SIGMOID_CELL)), source)
    assert msv.main([str(source), "--out", str(tmp_path / "out")]) == 0
    student = nbformat.read(tmp_path / "out" / "01_good.ipynb", as_version=4)
    assert "# YOUR CODE HERE" in student.cells[0].source
    assert "01_good.ipynb  (1 exercise)" in capsys.readouterr().out

    nbformat.write(_notebook(_code("def f():\n    return 1\n    ### END SOLUTION")), tmp_path / "02_bad.ipynb")
    assert msv.main([str(tmp_path / "02_bad.ipynb"), "--out", str(tmp_path / "out")]) == 1
    assert "error: 02_bad.ipynb, cell 0 (counting from 0): line 3" in capsys.readouterr().err


# --------------------------------------------------------------------------------------------------------------------
# The real lessons
# --------------------------------------------------------------------------------------------------------------------

def _exercise_cells(notebook):
    """{cell index: [(begin, end, indent), ...]} for the code cells holding solutions."""
    return {index: msv.find_solution_regions(cell.source) for index, cell in enumerate(notebook.cells)
            if cell.cell_type == "code" and msv.find_solution_regions(cell.source)}


def _exercise_functions(notebook):
    """Names of the functions the learner writes (the innermost def around each region)."""
    names = set()
    for index, regions in _exercise_cells(notebook).items():
        for begin, _, _ in regions:
            names.add(msv.enclosing_definitions(notebook.cells[index].source, begin)[1])
    return names - {None}


def _checker_cells(notebook):
    """Indices of the cells that check an exercise.

    The course's rule: every exercise is followed at once by a cell running its checker - so the next code cell
    after each exercise cell - and any other cell that runs a check_* function on one of the exercise functions.
    """
    exercises = _exercise_cells(notebook)
    code = [index for index, cell in enumerate(notebook.cells) if cell.cell_type == "code"]
    found = {next((later for later in code if later > index and later not in exercises), None) for index in exercises}
    names = "|".join(sorted(map(re.escape, _exercise_functions(notebook))))
    if names:
        call = re.compile(rf"^\s*check_\w+\(\s*({names})\s*[,)]", re.MULTILINE)
        found |= {index for index in code if call.search(notebook.cells[index].source)}
    return sorted(found - {None})


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    """(sources, students): a snapshot of the lessons and the student versions made from it.

    The snapshot keeps every comparison consistent even if a lesson is re-saved while the tests run.
    """
    sources, students = tmp_path_factory.mktemp("lessons"), tmp_path_factory.mktemp("student")
    for lesson in LESSONS:
        shutil.copyfile(lesson, sources / lesson.name)
    snapshot = [sources / lesson.name for lesson in LESSONS]
    written = msv.make_student_versions(snapshot, students)
    assert [path.name for path in written] == [path.name for path in LESSONS]
    return sources, students


def _pair(folders, lesson):
    sources, students = folders
    return (nbformat.read(sources / lesson.name, as_version=4),
            nbformat.read(students / lesson.name, as_version=4))


def test_there_are_lessons_to_convert():
    assert LESSONS, "no lesson notebooks found in notebooks/"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_student_version_is_valid_and_has_no_outputs(folders, lesson):
    source, student = _pair(folders, lesson)
    nbformat.validate(student)
    assert len(student.cells) == len(source.cells)
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_no_solution_code_survives(folders, lesson):
    source, student = _pair(folders, lesson)
    for cell in student.cells:
        if cell.cell_type == "code":
            for line in cell.source.split("\n"):
                assert line.strip() not in (msv.BEGIN, msv.END), f"{lesson.name}: marker left in {cell.source!r}"
    for index, regions in _exercise_cells(source).items():
        lines = source.cells[index].source.split("\n")
        inside = {number for begin, end, _ in regions for number in range(begin, end + 1)}
        # a line that also occurs outside the regions (a blank line, `return params` after END) may stay
        outside = {lines[number].strip() for number in range(len(lines)) if number not in inside}
        student_lines = {line.strip() for line in student.cells[index].source.split("\n")}
        for begin, end, _ in regions:
            for line in lines[begin + 1:end]:
                text = line.strip()
                if text and text != msv.STUB_COMMENT and text not in outside:
                    assert text not in student_lines, f"{lesson.name}, cell {index}: solution line {text!r} survived"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_every_solution_became_a_stub_pointing_to_the_reference(folders, lesson):
    import nn_helpers

    source, student = _pair(folders, lesson)
    for index, regions in _exercise_cells(source).items():
        student_source = student.cells[index].source
        lines = student_source.split("\n")
        stubs = [number for number, line in enumerate(lines) if line.strip() == msv.STUB_COMMENT]
        assert [lines[number][:len(lines[number]) - len(lines[number].lstrip())] for number in stubs] == \
               [indent for _, _, indent in regions], f"{lesson.name}, cell {index}: stubs and regions differ"
        for number in stubs:
            assert lines[number + 1].strip().startswith("raise NotImplementedError(")
        messages = _stub_messages(student_source)
        assert len(messages) == len(regions)
        for (begin, _, _), message in zip(regions, messages):
            top, innermost, _ = msv.enclosing_definitions(source.cells[index].source, begin)
            where = f"{lesson.name}, cell {index}"
            assert innermost is not None, f"{where}: a solution outside any function"
            way_on = re.search(r"to carry on with the lesson, replace this cell's code with `([^`]+)`", message)
            assert way_on, f"{where}: the stub for {top!r} cannot say how to carry on: {message}"
            if way_on.group(1) == f"from nn_helpers import {top}":
                assert hasattr(nn_helpers, top), f"nn_helpers has no {top!r} to carry on with"
            else:  # the lesson's own way on must define the name the rest of the lesson uses
                assert re.match(rf"({top}\s*=|from\s+[\w.]+\s+import\s+.*\b{top}\b)", way_on.group(1)), message


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_markdown_and_checker_cells_are_unchanged(folders, lesson):
    source, student = _pair(folders, lesson)
    exercises = _exercise_cells(source)
    for index, (before, after) in enumerate(zip(source.cells, student.cells)):
        assert after.cell_type == before.cell_type
        if index not in exercises:
            assert after.source == before.source, f"{lesson.name}, cell {index} changed"
        if before.cell_type == "markdown":
            assert after == before  # attachments and metadata too
    for index in _checker_cells(source):
        assert index not in exercises and student.cells[index].source == source.cells[index].source


# -- executing the student versions ----------------------------------------------------------------------------------

EXERCISE_LESSONS = [lesson for lesson in LESSONS if _exercise_cells(nbformat.read(lesson, as_version=4))]


def _carry_on_version(student):
    """The student version as run by a learner who skips every exercise the way its stub suggests.

    After each exercise cell comes a new cell with the code the stub offers in its place, e.g. `from nn_helpers import sigmoid`.
    """
    carried = nbformat.from_dict(student)
    for index in sorted(_exercise_cells_of_student(carried), reverse=True):
        ways = [re.search(r"replace this cell's code with `([^`]+)`", message)
                for message in _stub_messages(carried.cells[index].source)]
        carried.cells.insert(index + 1, _code("\n".join(way.group(1) for way in ways if way)))
    return carried


def _exercise_cells_of_student(notebook):
    return [index for index, cell in enumerate(notebook.cells)
            if cell.cell_type == "code" and msv.STUB_COMMENT in cell.source]


@pytest.fixture(scope="module")
def executed(folders):
    """Run a student notebook once per variant (lazily, then cached) in this environment's Python, errors allowed.

    Variants: "student" - as handed out, up to its last checker cell (what the tests look at; the rest of such a
    lesson mostly fails on the stubs anyway); "carry_on" - all of it, with the stubs' ways of carrying on inserted.
    """
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    class ThisPython(KernelSpecManager):
        """The notebooks' "python3" kernel, started with the interpreter running the tests."""

        def get_kernel_spec(self, kernel_name):
            return KernelSpec(argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                              display_name="Python 3", language="python")

    results = {}

    def run(lesson, variant="student"):
        if (lesson.name, variant) not in results:
            sources, student_folder = folders
            notebook = nbformat.read(student_folder / lesson.name, as_version=4)
            if variant == "carry_on":
                notebook = _carry_on_version(notebook)
            else:
                last_checker = max(_checker_cells(nbformat.read(sources / lesson.name, as_version=4)))
                notebook.cells = notebook.cells[:last_checker + 1]
            manager = KernelManager(kernel_name="python3", kernel_spec_manager=ThisPython())
            # Run where the handouts live, as a student would (the lessons must not depend on their folder).
            NotebookClient(notebook, km=manager, timeout=CELL_TIMEOUT, allow_errors=True,
                           resources={"metadata": {"path": str(student_folder)}}).execute()
            results[lesson.name, variant] = notebook
        return results[lesson.name, variant]

    return run


def _errors(cell):
    return [f"{out.ename}: {out.evalue}" for out in cell.get("outputs", []) if out.output_type == "error"]


@pytest.mark.parametrize("lesson", EXERCISE_LESSONS, ids=lambda path: path.stem)
def test_every_checker_says_not_implemented_yet_without_crashing(folders, executed, lesson):
    source = nbformat.read(folders[0] / lesson.name, as_version=4)
    run = executed(lesson)
    problems = []
    for index in _checker_cells(source):
        cell = run.cells[index]
        text = output_text(cell)
        if _errors(cell) or "Traceback" in text:
            problems.append(f"cell {index} crashed instead of explaining: {_errors(cell)}\n{cell.source}")
        elif "not implemented yet" not in text:
            problems.append(f"cell {index} did not say 'not implemented yet' but printed {text!r}\n{cell.source}")
    assert not problems, f"{lesson.name}, student version:\n" + "\n\n".join(problems)


@pytest.mark.parametrize("lesson", EXERCISE_LESSONS, ids=lambda path: path.stem)
def test_the_lesson_runs_cleanly_up_to_its_first_exercise(folders, executed, lesson):
    first = min(_exercise_cells(nbformat.read(folders[0] / lesson.name, as_version=4)))
    run = executed(lesson)
    for index, cell in enumerate(run.cells[:first + 1]):  # the exercise cell itself only defines the stub
        if cell.cell_type == "code":
            assert not _errors(cell), f"{lesson.name}, cell {index} failed before any exercise: {_errors(cell)}"


@pytest.mark.parametrize("lesson", EXERCISE_LESSONS, ids=lambda path: path.stem)
def test_a_learner_who_carries_on_as_the_stubs_say_finishes_the_lesson(folders, executed, lesson):
    """Every exercise skipped the way its stub suggests: the lesson then runs without an error, checkers pass."""
    source = nbformat.read(folders[0] / lesson.name, as_version=4)
    run = executed(lesson, "carry_on")
    errors = [f"cell {index}: {_errors(cell)}\n{cell.source}" for index, cell in enumerate(run.cells)
              if cell.cell_type == "code" and _errors(cell)]
    assert not errors, f"{lesson.name} with every exercise carried on as the stubs say:\n" + "\n\n".join(errors)
    # one cell was inserted after each exercise cell, so the checker cells moved down by the exercises before them
    exercises = sorted(_exercise_cells(source))
    for index in _checker_cells(source):
        moved = index + sum(1 for exercise in exercises if exercise < index)
        text = output_text(run.cells[moved])
        assert "❌" not in text and "not implemented yet" not in text, f"{lesson.name}, cell {index}: {text}"

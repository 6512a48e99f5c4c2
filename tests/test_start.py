"""`python3 course.py start`: the learner's own copy of the lessons (my-work/), JupyterLab's command line and
settings, and the condensed set-up output.  Nothing here installs a package or launches JupyterLab."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))
import course  # noqa: E402
import workspace  # noqa: E402

LESSONS = sorted(path.name for path in (ROOT / "student").glob(workspace.LESSONS))


def _course(tmp_path):
    """A copy of what start needs: the student versions and the course's JupyterLab settings."""
    root = tmp_path / "course"
    root.mkdir()
    for name in ("student", workspace.SETTINGS, "tools"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("course.py", ".gitignore"):
        shutil.copyfile(ROOT / name, root / name)
    return root


def _notebook(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _write(path, notebook):
    Path(path).write_text(json.dumps(notebook, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _edit(path, text="# my own line\n"):
    """Type into the first code cell, as a learner would, and save (JupyterLab's own formatting)."""
    notebook = _notebook(path)
    cell = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")
    cell["source"] = text + "".join(cell["source"])
    _write(path, notebook)


def _run(path):
    """Give every code cell an output and an execution count, as running the lesson does; no source changes."""
    notebook = _notebook(path)
    for number, cell in enumerate((cell for cell in notebook["cells"] if cell["cell_type"] == "code"), 1):
        cell["execution_count"] = number
        cell["outputs"] = [{"name": "stdout", "output_type": "stream", "text": ["ran\n"]}]
    _write(path, notebook)


def _change_upstream(root, name, text):
    """A new student version of one lesson: a markdown cell added at the end."""
    notebook = _notebook(root / "student" / name)
    notebook["cells"].append({"cell_type": "markdown", "metadata": {}, "source": [text]})
    _write(root / "student" / name, notebook)


# --- the workspace -------------------------------------------------------------------------------------------------

def test_a_first_start_copies_every_lesson_with_its_exercises_empty(tmp_path):
    root = _course(tmp_path)
    report = workspace.sync(root)
    mine = root / workspace.WORKSPACE
    assert report.created and report.added == LESSONS and not report.updated and not report.kept
    assert sorted(path.name for path in mine.glob("*.ipynb")) == LESSONS
    stubs = 0
    for name in LESSONS:
        assert (mine / name).read_bytes() == (ROOT / "student" / name).read_bytes()
        code = [cell for cell in _notebook(mine / name)["cells"] if cell["cell_type"] == "code"]
        assert not any(cell.get("outputs") for cell in code), name
        stubs += sum("raise NotImplementedError" in "".join(cell["source"]) for cell in code)
    solution_cells = sum("### BEGIN SOLUTION" in "".join(cell["source"])
                         for name in LESSONS for cell in _notebook(ROOT / "notebooks" / name)["cells"])
    assert solution_cells > 0 and stubs >= solution_cells  # every solution of the answer key is a stub here
    lines = report.lines()
    assert len(lines) == 1 and f"{len(LESSONS)} lessons" in lines[0] and "answer key is notebooks/" in lines[0]
    assert workspace.lesson_to_open(root) == mine / LESSONS[0]


def test_a_second_start_keeps_an_edited_lesson_byte_identical_and_says_nothing(tmp_path):
    root = _course(tmp_path)
    workspace.sync(root)
    edited = root / workspace.WORKSPACE / LESSONS[3]
    _edit(edited)
    before = edited.read_bytes()
    report = workspace.sync(root)
    assert edited.read_bytes() == before
    assert not (report.created or report.added or report.updated or report.kept) and report.lines() == []


def test_an_update_replaces_unedited_lessons_and_leaves_edited_ones_alone(tmp_path):
    root = _course(tmp_path)
    workspace.sync(root)
    mine = root / workspace.WORKSPACE
    edited, ran, untouched = LESSONS[1], LESSONS[2], LESSONS[4]
    _edit(mine / edited)
    _run(mine / ran)  # run, not edited: it takes the update
    learners = (mine / edited).read_bytes()
    for name in (edited, ran, untouched):
        _change_upstream(root, name, "A paragraph added by the course's update.")
    new_lesson = "12_new_lesson.ipynb"
    shutil.copyfile(root / "student" / LESSONS[0], root / "student" / new_lesson)

    report = workspace.sync(root)
    assert report.added == [new_lesson] and report.updated == [ran, untouched] and report.kept == [edited]
    assert (mine / edited).read_bytes() == learners
    for name in (ran, untouched, new_lesson):
        assert (mine / name).read_bytes() == (root / "student" / name).read_bytes()
    lines = report.lines()
    assert len(lines) == 3
    kept_line = lines[2]
    assert edited in kept_line and f"python3 course.py start --refresh {edited[:2]}" in kept_line
    assert workspace.sync(root).lines()[-1] == kept_line  # said again at every start until refreshed
    assert len(workspace.sync(root).lines()) == 1


def test_refresh_takes_the_courses_version_and_keeps_the_learners_file_as_a_backup(tmp_path):
    root = _course(tmp_path)
    workspace.sync(root)
    mine = root / workspace.WORKSPACE
    name = LESSONS[3]
    _edit(mine / name, "# the learner's work\n")
    learners = (mine / name).read_bytes()
    _change_upstream(root, name, "New text.")
    assert workspace.sync(root).kept == [name]

    lesson, backup = workspace.refresh(root, name[:2])
    assert lesson == mine / name and lesson.read_bytes() == (root / "student" / name).read_bytes()
    assert backup.parent == mine / workspace.BACKUPS and backup.read_bytes() == learners
    assert workspace.sync(root).lines() == []  # now unedited and current
    assert workspace.find_lesson(root, "3").name == name == workspace.find_lesson(root, name).name
    with pytest.raises(SystemExit, match="No lesson '99' to refresh; the lessons are 00, 01"):
        workspace.refresh(root, "99")


def test_a_deleted_lesson_comes_back_and_a_file_start_did_not_copy_is_never_overwritten(tmp_path):
    root = _course(tmp_path)
    mine = root / workspace.WORKSPACE
    mine.mkdir()
    own = mine / LESSONS[1]
    own.write_text("my notes, not a notebook")  # there before the first start: not ours to replace
    workspace.sync(root)
    assert own.read_text() == "my notes, not a notebook"
    (mine / LESSONS[2]).unlink()
    assert workspace.sync(root).added == [LESSONS[2]]


def test_the_lesson_opened_is_the_one_the_learner_saved_last(tmp_path):
    root = _course(tmp_path)
    workspace.sync(root)
    mine = root / workspace.WORKSPACE
    _edit(mine / LESSONS[5])
    _run(mine / LESSONS[3])
    os.utime(mine / LESSONS[5], (1_000_000, 1_000_000))
    os.utime(mine / LESSONS[3], (2_000_000, 2_000_000))
    _change_upstream(root, LESSONS[6], "Updated.")
    workspace.sync(root)  # copies lesson 6 anew, with today's time: the learner did not save it
    assert workspace.lesson_to_open(root) == mine / LESSONS[3]


def test_the_lessons_set_up_cell_finds_the_course_from_my_work(tmp_path):
    """The set-up cell, run with no site-packages (nn_helpers not installed) in my-work/, finds ../nn_helpers."""
    cells = _notebook(ROOT / "student" / LESSONS[0])["cells"]
    set_up = next("".join(cell["source"]) for cell in cells
                  if cell["cell_type"] == "code" and "Course set-up" in "".join(cell["source"]))
    root = tmp_path / "course"
    (root / "nn_helpers").mkdir(parents=True)
    (root / "nn_helpers" / "__init__.py").write_text("")
    (root / workspace.WORKSPACE).mkdir()
    code = set_up + "\nimport importlib.util\nprint(importlib.util.find_spec('nn_helpers').origin)\n"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    done = subprocess.run([sys.executable, "-S", "-c", code], cwd=root / workspace.WORKSPACE, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == root / "nn_helpers" / "__init__.py"


def _git(cwd, *arguments):
    env = dict(os.environ, HOME=str(cwd.parent), GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Course",
               GIT_AUTHOR_EMAIL="course@example.org", GIT_COMMITTER_NAME="Course",
               GIT_COMMITTER_EMAIL="course@example.org")
    env.pop("GIT_DIR", None)
    env.pop("GIT_WORK_TREE", None)
    done = subprocess.run(["git", *arguments], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"git {' '.join(arguments)}:\n{done.stdout}{done.stderr}"
    return done.stdout


def _start(clone):
    """What `course.py start` does to the clone before opening JupyterLab (the environment left out)."""
    done = subprocess.run([sys.executable, "tools/workspace.py"], cwd=clone, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    workspace.prepare_settings(clone, learners=clone.parent / "no-global-settings")
    return done.stdout


def test_git_pull_into_a_clone_with_an_edited_workspace_never_conflicts(tmp_path):
    if not shutil.which("git"):
        pytest.skip("no git")
    upstream = _course(tmp_path)  # the course's repository ...
    _git(upstream, "init", "--quiet", "--initial-branch=main")
    _git(upstream, "add", "--all")
    _git(upstream, "commit", "--quiet", "-m", "the course")
    learner = tmp_path / "learner"  # ... and a learner's clone of it
    _git(tmp_path, "clone", "--quiet", str(upstream), str(learner))

    assert "Created my-work/" in _start(learner)
    mine = learner / workspace.WORKSPACE
    edited, ran = LESSONS[1], LESSONS[2]
    _edit(mine / edited)
    _run(mine / ran)
    learners = (mine / edited).read_bytes()
    assert _git(learner, "status", "--porcelain") == ""  # my-work/ is ignored: nothing to commit, nothing in the way

    for name in (edited, ran):
        _change_upstream(upstream, name, "Fixed a typo.")
    _git(upstream, "commit", "--quiet", "-am", "an update of two lessons")
    _git(learner, "pull", "--quiet", "--ff-only")
    assert (learner / "student" / ran).read_bytes() == (upstream / "student" / ran).read_bytes()

    said = _start(learner).splitlines()
    assert len(said) == 2 and ran in said[0] and edited in said[1] and "--refresh" in said[1]
    assert (mine / edited).read_bytes() == learners
    assert (mine / ran).read_bytes() == (upstream / "student" / ran).read_bytes()
    assert _git(learner, "status", "--porcelain") == ""


# --- what start runs -----------------------------------------------------------------------------------------------

@pytest.fixture
def started(tmp_path, monkeypatch, capsys):
    """``started("--refresh", "03")`` runs course.start() on a copy of the course; returns (command, env, output)."""
    root = _course(tmp_path)
    monkeypatch.setattr(course, "ROOT", root)
    monkeypatch.setattr(course, "course_environment", lambda command: Path("PYTHON"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "global-jupyter"))
    monkeypatch.delenv("JUPYTERLAB_SETTINGS_DIR", raising=False)
    calls = []
    monkeypatch.setattr(course, "run", lambda *command, **kwargs: calls.append((command, kwargs["env"])) or 0)

    def start(*arguments):
        monkeypatch.setattr(sys, "argv", ["course.py", "start", *arguments])
        capsys.readouterr()
        assert course.start() == 0
        command, env = calls.pop()
        return list(command), env, capsys.readouterr().out

    start.root = root
    return start


def test_start_opens_the_first_lesson_of_my_work_with_the_repository_as_jupyterlabs_root(started):
    command, env, said = started()
    root = started.root
    assert command[:3] == ["PYTHON", "-m", "jupyterlab"]
    assert f"--ServerApp.root_dir={root}" in command and command[-1] == str(root / "my-work" / LESSONS[0])
    assert env["JUPYTERLAB_SETTINGS_DIR"] == str(root / "my-work" / ".jupyterlab-settings")
    assert env["JUPYTERLAB_WORKSPACES_DIR"] == str(root / "my-work" / ".jupyterlab-workspaces")
    assert said.splitlines()[0].startswith("Created my-work/")
    assert said.splitlines()[-1] == (f"Opening my-work/{LESSONS[0]}, your copy; the answer key is notebooks/, "
                                     "in the file browser on the left.")


def test_start_answers_opens_the_answer_key_and_refresh_opens_the_refreshed_lesson(started):
    command, _, _ = started("--answers")
    assert command[-1] == str(started.root / "notebooks" / "00_welcome.ipynb")
    assert f"--ServerApp.root_dir={started.root}" in command
    assert not list((started.root / "my-work").glob("*.ipynb"))  # the teacher gets no workspace of lessons
    assert started()[2].startswith("Created my-work/")  # a learner's first start after that
    _edit(started.root / "my-work" / LESSONS[3])
    command, _, said = started("--refresh", LESSONS[3][:2])
    assert command[-1] == str(started.root / "my-work" / LESSONS[3])
    assert f"my-work/{LESSONS[3]} is the course's version again; yours is my-work/backups/" in said


def test_start_with_unknown_options_prints_its_usage(started):
    with pytest.raises(SystemExit, match="--refresh NN"):
        started("--refersh", "03")


def test_jupyterlab_command_runs_as_root_only_when_asked_and_root_dir_is_a_real_option():
    command = course.jupyterlab_command("py", ROOT / "my-work" / "03_x.ipynb", ROOT, as_root=True)
    assert command == ["py", "-m", "jupyterlab", f"--ServerApp.root_dir={ROOT}", "--allow-root",
                       str(ROOT / "my-work" / "03_x.ipynb")]
    assert "--allow-root" not in course.jupyterlab_command("py", "notebooks/00_welcome.ipynb", ROOT)
    serverapp = pytest.importorskip("jupyter_server.serverapp")
    assert {"root_dir", "allow_root"} <= set(serverapp.ServerApp.class_trait_names())


# --- JupyterLab's settings -----------------------------------------------------------------------------------------

def _schema(plugin_path):
    """The installed JupyterLab's schema of a settings file like @jupyterlab/apputils-extension/notification."""
    package, plugin = plugin_path.parent.as_posix(), plugin_path.name.removesuffix(".jupyterlab-settings")
    share = Path(sys.prefix) / "share" / "jupyter"
    for schema in (share / "lab" / "schemas" / package / f"{plugin}.json",
                   share / "labextensions" / package / "schemas" / package / f"{plugin}.json"):
        if schema.is_file():
            return json.loads(schema.read_text(encoding="utf-8"))
    pytest.fail(f"no schema for {package}:{plugin} in {share}: is JupyterLab installed here?")


def test_the_courses_settings_are_settings_of_the_installed_jupyterlab():
    pytest.importorskip("jupyterlab")
    folder = ROOT / workspace.SETTINGS
    found = {}
    for path in sorted(folder.rglob("*.jupyterlab-settings")):
        schema = _schema(path.relative_to(folder))
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            assert key in schema["properties"], f"{path.name}: JupyterLab has no setting {key!r}"
            rule = schema["properties"][key]
            allowed = [choice["const"] for choice in rule.get("oneOf", [])]
            assert isinstance(value, {"boolean": bool, "string": str}[rule["type"]]) and \
                (not allowed or value in allowed), f"{key}: {value!r} is not valid ({rule})"
            found[f"{path.relative_to(folder).parent.as_posix()}:{path.stem}", key] = value
    assert found[("@jupyterlab/apputils-extension:notification", "fetchNews")] == "false"  # no news toast
    assert found[("@jupyter-widgets/jupyterlab-manager:plugin", "saveState")] is True  # widgets survive a reopen


def test_settings_start_from_the_learners_own_and_never_change_them(tmp_path):
    learners = tmp_path / "global"
    theme = learners / "@jupyterlab" / "apputils-extension" / "themes.jupyterlab-settings"
    theme.parent.mkdir(parents=True)
    theme.write_text('{"theme": "JupyterLab Dark"}')
    news = theme.parent / "notification.jupyterlab-settings"
    news.write_text('{"fetchNews": "true", "doNotDisturbMode": true}')
    before = {path: path.read_bytes() for path in learners.rglob("*") if path.is_file()}

    target = workspace.prepare_settings(ROOT, tmp_path / "settings", learners)
    copy = target / "@jupyterlab" / "apputils-extension"
    assert json.loads((copy / "themes.jupyterlab-settings").read_text()) == {"theme": "JupyterLab Dark"}
    assert json.loads((copy / "notification.jupyterlab-settings").read_text()) == \
        {"fetchNews": "false", "checkForUpdates": False, "doNotDisturbMode": True}
    widgets = target / "@jupyter-widgets" / "jupyterlab-manager" / "plugin.jupyterlab-settings"
    assert json.loads(widgets.read_text()) == {"saveState": True}
    assert {path: path.read_bytes() for path in learners.rglob("*") if path.is_file()} == before

    (copy / "themes.jupyterlab-settings").write_text('{"theme": "JupyterLab Light"}')  # changed in JupyterLab
    workspace.prepare_settings(ROOT, target, learners)
    assert json.loads((copy / "themes.jupyterlab-settings").read_text()) == {"theme": "JupyterLab Light"}


# --- set-up output -------------------------------------------------------------------------------------------------

def _fake(lines, code=0):
    return [sys.executable, "-c",
            f"import sys\nfor i in range({lines}): print('pip says line', i)\nsys.exit({code})"]


def test_a_set_up_step_prints_one_line_and_keeps_the_whole_output_in_the_log(tmp_path, capsys):
    log = tmp_path / "install.log"
    assert course.run_step("[2/3] Installing", _fake(400), log) == 0
    said = capsys.readouterr().out.splitlines()
    assert len(said) == 1 and said[0].startswith("[2/3] Installing ... done (") and said[0].endswith(" s)")
    text = log.read_text()
    assert "pip says line 0\n" in text and "pip says line 399\n" in text


def test_a_failed_set_up_step_shows_the_tail_of_its_log(tmp_path, capsys):
    log = tmp_path / "install.log"
    assert course.run_step("[2/3] Installing", _fake(100, code=3), log, tail=25) == 3
    said = capsys.readouterr().out.splitlines()
    assert said[0].startswith("[2/3] Installing ... FAILED after ") and said[0].endswith("(exit code 3)")
    assert str(log) in said[1]
    assert [line.strip() for line in said[2:]] == [f"pip says line {i}" for i in range(75, 100)]


def test_a_failed_installation_stops_naming_the_step_and_the_log(tmp_path, monkeypatch, capsys):
    """Environment.ensure with pip replaced by fake steps: the second one fails."""
    root = tmp_path / "course"
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "python").symlink_to(sys.executable)  # an environment that exists, never installed
    for name in ("requirements.txt", "pyproject.toml"):
        shutil.copyfile(ROOT / name, root / name)
    monkeypatch.setattr(course, "ROOT", root)
    real_step = course.run_step

    def fake_step(label, command, log, env=None):
        assert command[1:4] == ("-m", "pip", "install")
        return real_step(label, _fake(40, code=1 if "[2/3]" in label else 0), log, env=env)

    monkeypatch.setattr(course, "run_step", fake_step)
    environment = course.Environment(".venv", "requirements.txt", intro=course.LEARNER_SETUP)
    monkeypatch.setattr(environment, "python", root / ".venv" / "bin" / "python")
    with pytest.raises(SystemExit, match=r"Installation failed\..*the whole log is \.venv/install\.log"):
        environment.ensure()
    said = capsys.readouterr().out.splitlines()
    assert said[0] == course.LEARNER_SETUP
    assert said[1].startswith("[1/3] Updating pip ... done")
    assert said[2].startswith("[2/3] Installing the libraries of requirements.txt ... FAILED")
    assert "pip says line 39" in said[-1] and not any("[3/3]" in line for line in said)
    assert not (root / ".venv" / "installed-from.sha256").exists()  # the next start tries again
    assert (root / ".venv" / "install.log").read_text().count("pip says line 39") == 2


def test_the_set_up_line_and_the_readme_give_the_same_size_and_time():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for figure in ("0.8 GB", "2.7 GB", "1 to 3 minutes"):
        assert figure in course.LEARNER_SETUP and figure in readme


def test_the_editable_install_hides_setuptools_banner_and_no_other_warning():
    """The filter course.py passes to pip's build backend, on setuptools' own message and on another warning."""
    code = ("import warnings\n"
            "warnings.warn('Editable installation.\\n!!\\n  Please be careful with folders in your working "
            "directory', UserWarning)\n"
            "warnings.warn('something else', UserWarning)\n")
    shown = subprocess.run([sys.executable, "-c", code], env=course.QUIET_EDITABLE, capture_output=True, text=True)
    assert "something else" in shown.stderr and "Please be careful" not in shown.stderr
    unfiltered = {key: value for key, value in os.environ.items() if key != "PYTHONWARNINGS"}
    assert "Please be careful" in subprocess.run([sys.executable, "-c", code], env=unfiltered,
                                                 capture_output=True, text=True).stderr

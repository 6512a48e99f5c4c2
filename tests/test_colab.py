"""The Colab path: stamped badges and set-up cells, and the set-up cell doing its job offline.

What ``test_setup_cell_makes_a_lesson_run_where_nn_helpers_is_missing`` proves
--------------------------------------------------------------------------------
It builds a stand-in for a fresh Colab VM:

* a throwaway virtual environment whose site-packages holds symbolic links to
  every package of the environment running the tests EXCEPT nn_helpers (its
  dist-info and its editable-install hook are left out) and except the .pth
  start-up files, so ``import nn_helpers`` fails there – checked first;
* a ``google.colab`` stand-in module that a ``sitecustomize`` imports at
  start-up, as Colab's kernel does, so ``"google.colab" in sys.modules``;
* a git repository holding a snapshot of this working tree (the files git
  would commit), standing in for GitHub.

It copies ONE lesson, ``00_welcome.ipynb`` (it reads the heart-disease data),
stamped, into an empty folder, points the set-up cell's three constants at the
snapshot, its commit and a folder inside the test's temporary directory
(``COURSE_URL``, ``COURSE_COMMIT``, ``COURSE_DIR``: the only edits, each checked
to happen exactly once), and runs the whole notebook with nbclient in a kernel of
the throwaway environment.  A last cell, added by the test, reports where
``nn_helpers`` and ``data/`` came from.  So the set-up cell's fetch of that one
commit + ``sys.path`` is what makes ``import nn_helpers`` and ``load_heart()``
work - with nothing installed and nothing downloaded.  A second test runs the
cell off Colab in a copy of the repository where nn_helpers is not installed
(a plain clone, Binder, an nbgitpuller copy): it finds the course folder above
the notebook.

Not proved: Colab's own library versions (see tools/run_colab_versions.py) and
fetching over the network from GitHub (GitHub serves a reachable commit by its
hash, as git's ``fetch <url> <commit>`` asks).
"""

import os
import shutil
import site
import subprocess
import sys
import textwrap
import time
import venv
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import stamp_colab  # noqa: E402

URL = "https://github.com/example-owner/example-course"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
LESSON = "00_welcome.ipynb"
GIT = ["git", "-c", "user.name=test", "-c", "user.email=test@example.invalid", "-c", "init.defaultBranch=main"]


def _commit_all(folder, message="snapshot"):
    for command in (["init", "--quiet"], ["add", "--all"], ["commit", "--quiet", "--allow-empty", "-m", message]):
        subprocess.run(GIT + command, cwd=folder, check=True, capture_output=True)
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=folder, capture_output=True, text=True).stdout.strip()


# --- the repository agrees with its own address --------------------------------------------------------------------

def test_every_notebook_and_the_readme_agree_with_the_repository_url():
    problems = stamp_colab.check(ROOT)
    assert problems == [], "run `.venv/bin/python tools/stamp_colab.py`:\n" + "\n".join(problems)


def _setup_source(path):
    return next(cell.source for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code")


def test_check_command_exits_non_zero_and_names_the_notebook_that_disagrees(tmp_path):
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "nn_helpers").mkdir()
    (tmp_path / "nn_helpers" / "__init__.py").write_text('"""v1"""\n')
    first = _commit_all(tmp_path, "nn_helpers v1")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "README.md").write_text(f"# Course\n\n{stamp_colab.LESSONS_START}\n{stamp_colab.LESSONS_END}\n")
    nbformat.write(_lesson("Lesson 3 – Forward propagation"), tmp_path / "notebooks" / "03_forward.ipynb")
    problems = stamp_colab.check(tmp_path)
    assert any(p.startswith("notebooks/03_forward.ipynb: the first cell") for p in problems)
    assert "README.md: the lessons block is out of date" in problems
    assert sorted(stamp_colab.stamp(tmp_path)) == ["README.md", "notebooks/03_forward.ipynb"]
    assert stamp_colab.check(tmp_path) == []
    notebook = tmp_path / "notebooks" / "03_forward.ipynb"
    assert stamp_colab.stamped_commit(_setup_source(notebook)) == first
    # Committing the stamped lesson changes nothing; changing nn_helpers makes the stamp due again.
    _commit_all(tmp_path, "stamp")
    assert stamp_colab.check(tmp_path) == [] and stamp_colab.stamp(tmp_path) == []
    (tmp_path / "nn_helpers" / "__init__.py").write_text('"""v2"""\n')
    with pytest.raises(ValueError, match="commit these first"):
        stamp_colab.stamp(tmp_path)
    second = _commit_all(tmp_path, "nn_helpers v2")
    assert any(f"clones {first[:12]}, but nn_helpers/ and data/ are those of {second[:12]}" in problem
               for problem in stamp_colab.check(tmp_path))
    assert stamp_colab.stamp(tmp_path) == ["notebooks/03_forward.ipynb"]
    assert stamp_colab.stamped_commit(_setup_source(notebook)) == second
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "stamp_colab.py"), "--check"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == (1 if stamp_colab.check(ROOT) else 0), result.stdout


# --- the address ---------------------------------------------------------------------------------------------------

def test_repository_url_is_read_from_pyproject_with_and_without_tomllib(tmp_path, monkeypatch):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text('[project]\nname = "x"\n\n[project.urls]\nHomepage = "https://example.org"\n'
                         f'Repository = "{URL}.git"\n\n[tool.other]\nRepository = "https://github.com/no/no"\n')
    assert stamp_colab.repository_url(pyproject) == URL
    monkeypatch.setitem(sys.modules, "tomllib", None)  # as on Python 3.10
    assert stamp_colab.repository_url(pyproject) == URL


@pytest.mark.parametrize("text", ['[project]\nname = "x"\n', '[project.urls]\nRepository = "https://gitlab.com/a/b"\n'])
def test_repository_url_refuses_a_missing_or_non_github_address(tmp_path, text):
    pyproject = tmp_path / "pyproject.toml"
    pyproject.write_text(text)
    with pytest.raises(ValueError, match="Repository"):
        stamp_colab.repository_url(pyproject)


def test_the_setup_cell_is_valid_python_that_names_the_repository():
    source = stamp_colab.setup_cell_source(URL, COMMIT)
    compile(source, "setup-cell", "exec")
    assert source.startswith("# @title Course set-up") and '{ display-mode: "form" }' in source.split("\n")[0]
    assert f'COURSE_URL = "{URL}.git"' in source and f'COURSE_COMMIT = "{COMMIT}"' in source
    assert stamp_colab.stamped_commit(source) == COMMIT
    assert "pip" not in source, "the clone on sys.path is enough: no install, no download of setuptools"
    assert "capture_output=True" in source and "done.stderr" in source, "git's error text must be shown"


def test_the_setup_cell_prints_nothing_and_changes_nothing_off_colab_where_nn_helpers_imports(capfd):
    assert "google.colab" not in sys.modules
    path_before = list(sys.path)
    exec(compile(stamp_colab.setup_cell_source(URL, COMMIT), "setup-cell", "exec"), {})
    assert sys.path == path_before
    assert capfd.readouterr() == ("", "")


# --- stamping synthetic notebooks ---------------------------------------------------------------------------------

def _lesson(title, setup_source=None, badge_in_title=None):
    """A small lesson: title cell, set-up cell (or not), a code cell with an output, a closing Markdown cell."""
    title_source = f"# {title}\n\n" + (f"{badge_in_title}\n\n" if badge_in_title else "") + "What you will learn."
    cells = [nbformat.v4.new_markdown_cell(title_source, id="title")]
    if setup_source is not None:
        cells.append(nbformat.v4.new_code_cell(setup_source, id="setup"))
    work = nbformat.v4.new_code_cell("print(1 + 1)", id="work", execution_count=3)
    work.outputs = [nbformat.v4.new_output("stream", name="stdout", text="2\n")]
    cells += [work, nbformat.v4.new_markdown_cell("## Summary\n\nSee [lesson 5](https://colab.research.google.com/"
                                                  "github/old-owner/old-repo/blob/main/notebooks/04_b.ipynb).",
                                                  id="summary")]
    return nbformat.v4.new_notebook(cells=cells)


def test_stamp_inserts_a_badge_cell_and_a_setup_cell_into_a_notebook_that_has_neither():
    nb = _lesson("Lesson 3 – Forward propagation")
    assert stamp_colab.stamp_notebook(nb, "03_forward.ipynb", URL, COMMIT) is True
    assert [cell.id for cell in nb.cells] == ["colab-badge", "title", "colab-setup", "work", "summary"]
    assert nb.cells[0].source == (f"[![Open In Colab]({stamp_colab.COLAB_BADGE_IMAGE})](https://colab.research."
                                  "google.com/github/example-owner/example-course/blob/main/notebooks/03_forward.ipynb)")
    assert nb.cells[2].source == stamp_colab.setup_cell_source(URL, COMMIT)
    assert nb.cells[2].metadata["cellView"] == "form"
    assert "github/example-owner/example-course/blob/main/notebooks/04_b.ipynb" in nb.cells[4].source
    assert stamp_colab.notebook_problems(nb, "03_forward.ipynb", URL, COMMIT) == []
    nbformat.validate(nb)


def test_stamp_updates_an_old_setup_cell_and_moves_a_title_badge_into_its_own_cell():
    old_setup = stamp_colab.setup_cell_source("https://github.com/old-owner/old-repo", "f" * 40)
    old_badge = stamp_colab.colab_badge("https://github.com/old-owner/old-repo", "01_act.ipynb")
    nb = _lesson("Lesson 1 – Activations", setup_source=old_setup, badge_in_title=old_badge)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", name="stdout", text="Cloning...\n")]
    work_before = nbformat.from_dict(nb.cells[2])
    problems = stamp_colab.notebook_problems(nb, "01_act.ipynb", URL, COMMIT)
    assert len(problems) == 6, problems  # badge cell, title badge, old link, setup source, outputs, cellView
    stamp_colab.stamp_notebook(nb, "01_act.ipynb", URL, COMMIT)
    assert [cell.id for cell in nb.cells] == ["colab-badge", "title", "setup", "work", "summary"]
    assert nb.cells[1].source == "# Lesson 1 – Activations\n\nWhat you will learn."
    assert nb.cells[2].source == stamp_colab.setup_cell_source(URL, COMMIT) and nb.cells[2].outputs == []
    assert nb.cells[3] == work_before  # other cells keep their id, source and outputs
    assert nb.cells[2].metadata["cellView"] == "form"
    assert stamp_colab.notebook_problems(nb, "01_act.ipynb", URL, COMMIT) == []


def test_stamping_twice_changes_nothing_the_second_time():
    nb = _lesson("Lesson 2 – Losses", setup_source=stamp_colab.setup_cell_source("https://github.com/a/b", COMMIT))
    assert stamp_colab.stamp_notebook(nb, "02_losses.ipynb", URL, COMMIT) is True
    once = nbformat.writes(nb)
    assert stamp_colab.stamp_notebook(nb, "02_losses.ipynb", URL, COMMIT) is False
    assert nbformat.writes(nb) == once


def test_a_badge_cell_written_by_hand_gets_the_badge_cell_id():
    nb = _lesson("Lesson 3 – Forward propagation")
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(stamp_colab.colab_badge(URL, "03_forward.ipynb"), id="by-hand"))
    stamp_colab.stamp_notebook(nb, "03_forward.ipynb", URL, COMMIT)
    assert nb.cells[0].id == stamp_colab.BADGE_CELL_ID
    assert sum(stamp_colab.colab_badge(URL, "03_forward.ipynb") in cell.source for cell in nb.cells) == 1


def test_stamp_refuses_a_setup_cell_that_is_not_the_first_code_cell():
    nb = _lesson("Lesson 6 – Training")
    nb.cells.append(nbformat.v4.new_code_cell(stamp_colab.setup_cell_source(URL, COMMIT), id="late-setup"))
    with pytest.raises(ValueError, match="not the first code cell"):
        stamp_colab.stamp_notebook(nb, "06_training.ipynb", URL, COMMIT)
    assert any("not the first code cell" in p for p in stamp_colab.notebook_problems(nb, "06_training.ipynb", URL, COMMIT))


def test_lessons_block_lists_each_lesson_with_its_title_and_badge_and_replaces_only_the_marked_block():
    notebooks = [("00_welcome.ipynb", _lesson("Lesson 0 – Welcome: the map")),
                 ("01_act.ipynb", _lesson("Lesson 1 – Activations"))]
    block = stamp_colab.lessons_block(URL, notebooks)
    lines = block.split("\n")
    assert lines[2] == f"| 0 | [Welcome: the map](notebooks/00_welcome.ipynb) | {stamp_colab.colab_badge(URL, '00_welcome.ipynb')} |"
    assert lines[3].startswith("| 1 | [Activations](notebooks/01_act.ipynb) |")
    assert "https://mybinder.org/v2/gh/example-owner/example-course/main" in block
    readme = f"intro\n{stamp_colab.LESSONS_START}\nold table\n{stamp_colab.LESSONS_END}\noutro\n"
    updated = stamp_colab.readme_with_lessons(readme, block)
    assert updated == f"intro\n{stamp_colab.LESSONS_START}\n{block}\n{stamp_colab.LESSONS_END}\noutro\n"
    assert stamp_colab.readme_with_lessons(updated, block) == updated
    with pytest.raises(ValueError, match="lessons:start"):
        stamp_colab.readme_with_lessons("no markers here", block)


# --- the set-up cell, run as on Colab ------------------------------------------------------------------------------

def _snapshot_of_the_working_tree(destination):
    """A git repository holding the files git would commit from this working tree (tracked or new, not ignored)."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():  # listed but deleted in the working tree: leave out
            (destination / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, destination / name)
    return _commit_all(destination)


def _environment_without_nn_helpers(destination):
    """A virtual environment seeing every package of this one except nn_helpers; returns its python."""
    venv.EnvBuilder(with_pip=False, symlinks=True).create(destination)
    python = destination / "bin" / "python"
    target = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                 capture_output=True, text=True, check=True).stdout.strip())
    for site_packages in dict.fromkeys(site.getsitepackages()):
        for entry in Path(site_packages).iterdir():
            name = entry.name.lower()
            # Leave out nn_helpers (dist-info, editable finder) and the .pth start-up hooks.
            if "nn_helpers" in name or name.endswith(".pth") or (target / entry.name).exists():
                continue
            (target / entry.name).symlink_to(entry)
    return python


def _colab_standin(destination):
    """A folder for PYTHONPATH: google/colab/__init__.py and a sitecustomize that imports it, as Colab's kernel does."""
    package = destination / "google" / "colab"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Stand-in for Colab\'s google.colab package (tests only)."""\n')
    (destination / "sitecustomize.py").write_text("import google.colab  # noqa: F401  (Colab imports it at start-up)\n")
    return destination


_RUNNER = textwrap.dedent("""
    import sys
    import nbformat
    from nbclient import NotebookClient
    nb = nbformat.read(sys.argv[1], as_version=4)
    NotebookClient(nb, kernel_name="python3", timeout=300, resources={"metadata": {"path": sys.argv[2]}}).execute()
    nbformat.write(nb, sys.argv[1])
""")


@pytest.mark.skipif(shutil.which("git") is None or os.name == "nt", reason="needs git and a POSIX venv layout")
def test_setup_cell_makes_a_lesson_run_where_nn_helpers_is_missing(tmp_path):
    commit = _snapshot_of_the_working_tree(tmp_path / "github")
    python = _environment_without_nn_helpers(tmp_path / "env")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PYTHONPATH"] = str(_colab_standin(tmp_path / "colab"))
    work = tmp_path / "work"  # the kernel's folder holds only the lesson
    work.mkdir()

    probe = subprocess.run([str(python), "-c", "import sys; print('google.colab' in sys.modules); import nn_helpers"],
                           capture_output=True, text=True, env=env, cwd=work)
    assert probe.stdout.strip() == "True", probe.stderr
    assert probe.returncode != 0 and "No module named 'nn_helpers'" in probe.stderr

    nb = nbformat.read(ROOT / "notebooks" / LESSON, as_version=4)
    url = stamp_colab.repository_url(ROOT / "pyproject.toml")
    stamp_colab.stamp_notebook(nb, LESSON, url, COMMIT)  # today's set-up cell, whatever the notebook holds
    setup = next(cell for cell in nb.cells if cell.cell_type == "code")
    course_dir = tmp_path / "content" / "course"
    for old, new in ((f'COURSE_URL = "{url}.git"', f'COURSE_URL = "file://{tmp_path / "github"}"'),
                     (f'COURSE_COMMIT = "{COMMIT}"', f'COURSE_COMMIT = "{commit}"'),
                     (f'COURSE_DIR = "{stamp_colab.COLAB_COURSE_DIR}"', f'COURSE_DIR = "{course_dir}"')):
        assert setup.source.count(old) == 1, f"the set-up cell has no {old!r}"
        setup.source = setup.source.replace(old, new)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import nn_helpers, nn_helpers.data, sys\nprint(nn_helpers.__file__)\nprint(nn_helpers.data.DATA_DIR)\n"
        "print(sys.executable)"))
    notebook = work / LESSON
    nbformat.write(nb, notebook)

    started = time.perf_counter()
    run = subprocess.run([str(python), "-c", _RUNNER, str(notebook), str(work)],
                         capture_output=True, text=True, env=env, cwd=work)
    assert run.returncode == 0, run.stderr[-3000:]
    print(f"{LESSON} ran on the stand-in Colab in {time.perf_counter() - started:.1f} s")

    executed = nbformat.read(notebook, as_version=4)
    assert not [output for output in executed.cells[[c.id for c in executed.cells].index(setup.id)].outputs
                if output.get("name") != "stderr"], "the set-up cell printed something"
    where = executed.cells[-1].outputs[0]["text"].split("\n")
    assert Path(where[0]) == course_dir / "nn_helpers" / "__init__.py"
    assert Path(where[1]) == course_dir / "data" and (course_dir / "data" / "heart.csv").is_file()
    assert Path(where[2]) == python
    head = subprocess.run(["git", "-C", str(course_dir), "rev-parse", "HEAD"], capture_output=True, text=True)
    assert head.stdout.strip() == commit, "the set-up cell did not check out the stamped commit"
    installed = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                                    capture_output=True, text=True, check=True).stdout.strip())
    assert not [p for p in installed.iterdir() if "nn_helpers" in p.name.lower() and not p.is_symlink()], \
        "the set-up cell installed something"


def test_setup_cell_shows_gits_own_error_when_the_commit_cannot_be_fetched(tmp_path):
    _snapshot_of_the_working_tree(tmp_path / "github")
    source = stamp_colab.setup_cell_source("https://github.com/o/r", COMMIT)
    source = source.replace('COURSE_URL = "https://github.com/o/r.git"', f'COURSE_URL = "file://{tmp_path / "github"}"')
    source = source.replace(f'COURSE_DIR = "{stamp_colab.COLAB_COURSE_DIR}"', f'COURSE_DIR = "{tmp_path / "course"}"')
    code = "import sys, types; sys.modules['google.colab'] = types.ModuleType('google.colab')\n" + source
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode != 0
    assert "RuntimeError: git fetch --quiet --depth 1" in done.stderr and "failed:" in done.stderr
    assert COMMIT in done.stderr  # git's own words name what it could not fetch


@pytest.mark.skipif(shutil.which("git") is None or os.name == "nt", reason="needs git and a POSIX venv layout")
def test_setup_cell_off_colab_finds_the_course_folder_above_the_notebook(tmp_path):
    """A plain clone, Binder or an nbgitpuller copy where nn_helpers is not installed: the cell finds the folder."""
    _snapshot_of_the_working_tree(tmp_path / "clone")
    python = _environment_without_nn_helpers(tmp_path / "env")
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    code = stamp_colab.setup_cell_source(URL, COMMIT) + "\nimport nn_helpers\nprint(nn_helpers.__file__)"
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, env=env,
                          cwd=tmp_path / "clone" / "notebooks")
    assert done.returncode == 0, done.stderr[-2000:]
    assert Path(done.stdout.strip()) == tmp_path / "clone" / "nn_helpers" / "__init__.py"
    # Where there is no course folder above, it changes nothing and says nothing.
    done = subprocess.run([str(python), "-c", stamp_colab.setup_cell_source(URL, COMMIT) + "\nprint(sys.path[0])"],
                          capture_output=True, text=True, env=env, cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.strip() in ("", str(tmp_path)), done.stdout

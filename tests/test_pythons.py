"""Which Python course.py uses: its choice on every version, and the real behaviour under Python 3.10.

The choice (course.choose_python) is tested for each case with the search stubbed; then course.py itself is
run with a real Python 3.10 (found like any other, via PATH or pyenv) in a copy of the repository's
course.py: once where a supported Python can be found (it re-runs itself with it, saying so), once where
none can (it stops at once with the short message, no pip output, no .venv).
"""

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
import course  # noqa: E402


@pytest.fixture
def machine(monkeypatch):
    """Stub the search: ``machine({(3, 12): "/usr/bin/python3.12"})`` says what the machine has."""
    monkeypatch.delenv("COURSE_PYTHON", raising=False)

    def having(found):
        monkeypatch.setattr(course, "find_python", lambda version: found.get(tuple(version)))

    return having


@pytest.mark.parametrize("version", course.FULL)
def test_a_supported_python_is_used_silently(machine, version):
    machine({(3, 13): "/elsewhere/python3.13"})
    assert course.choose_python(version) == (None, None, True)


def test_an_old_python_switches_to_the_newest_supported_one_found(machine):
    machine({(3, 12): "/usr/bin/python3.12", (3, 11): "/usr/bin/python3.11"})
    executable, sentence, keep_going = course.choose_python((3, 10))
    assert (executable, keep_going) == ("/usr/bin/python3.12", True)
    assert sentence == "Python 3.10 cannot run the course; using Python 3.12 at /usr/bin/python3.12 instead."


def test_an_old_python_with_nothing_better_stops(machine):
    machine({})
    executable, sentence, keep_going = course.choose_python((3, 9))
    assert (executable, keep_going) == (None, False)
    assert "no Python 3.11-3.13 was found" in sentence


def test_python_3_14_prefers_a_python_with_tensorflow_but_runs_without_it(machine):
    machine({(3, 11): "/usr/bin/python3.11"})
    assert course.choose_python((3, 14))[0] == "/usr/bin/python3.11"
    machine({})
    executable, sentence, keep_going = course.choose_python((3, 14))
    assert (executable, keep_going) == (None, True) and "skip their Keras parts" in sentence
    assert not course.tensorflow_available((3, 14)) and course.tensorflow_available((3, 13))


def test_the_message_names_the_versions_and_how_to_get_one_on_each_system():
    text = course.HOW_TO_GET_PYTHON.format(command="start")
    for words in ("3.11, 3.12 or 3.13", "py -3.13 course.py start", "brew install", "apt-get", "pyenv install"):
        assert words in text


def test_the_keras_lessons_are_found_by_reading_them():
    names = [path.name for path in course.keras_notebooks()]
    assert names, "no lesson imports Keras?"
    for path in course.keras_notebooks():
        assert "import_keras" in path.read_text(encoding="utf-8") or "tensorflow" in path.read_text(encoding="utf-8")


def _python_310():
    found = course.find_python((3, 10))
    if not found:
        if os.environ.get("REQUIRE_FULL_TEST") == "1":
            pytest.fail("no Python 3.10 on this machine to prove course.py's behaviour with")
        pytest.skip("no Python 3.10 on this machine")
    return found


def _copy_of_course_py(tmp_path):
    shutil.copyfile(ROOT / "course.py", tmp_path / "course.py")
    for name in ("requirements.txt", "requirements-dev.txt", "pyproject.toml"):
        shutil.copyfile(ROOT / name, tmp_path / name)
    return tmp_path / "course.py"


def _clean_env(**extra):
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "COURSE_PYTHON", course.CHOSEN, "PYENV_VERSION")}
    env.update(extra)
    return env


def test_under_python_3_10_course_py_switches_to_a_supported_python_and_says_so(tmp_path):
    python310 = _python_310()
    script = _copy_of_course_py(tmp_path)
    done = subprocess.run([python310, str(script), "python"], capture_output=True, text=True, cwd=tmp_path,
                          env=_clean_env(), timeout=120)
    assert done.returncode == 0, done.stderr
    first, second = done.stdout.strip().split("\n")[:2]
    assert first.startswith("Python 3.10 cannot run the course; using Python 3.1") and first.endswith("instead.")
    assert second.startswith("The course will use Python 3.1") and ": every lesson." in second
    assert not second.startswith("The course will use Python 3.10")
    assert not (tmp_path / ".venv").exists()


def test_under_python_3_10_with_no_supported_python_course_py_stops_at_once(tmp_path):
    python310 = _python_310()
    script = _copy_of_course_py(tmp_path)
    bare = tmp_path / "bin"  # a PATH with nothing but git, and an empty pyenv
    bare.mkdir()
    (tmp_path / "pyenv").mkdir()
    started = time.perf_counter()
    done = subprocess.run([python310, str(script), "start"], capture_output=True, text=True, cwd=tmp_path,
                          env=_clean_env(PATH=str(bare), PYENV_ROOT=str(tmp_path / "pyenv"), HOME=str(tmp_path)),
                          timeout=120)
    seconds = time.perf_counter() - started
    assert done.returncode == 1
    assert "Python 3.10 cannot run the course, and no Python 3.11-3.13 was found on this machine." in done.stdout
    assert "The course needs Python 3.11, 3.12 or 3.13" in done.stderr and "py -3.13 course.py start" in done.stderr
    assert "pip" not in done.stdout and "Collecting" not in done.stdout + done.stderr
    assert not (tmp_path / ".venv").exists(), "it must stop before creating anything"
    assert seconds < 10, f"took {seconds:.1f} s"

"""The locks pin every package: what the .in files ask for, at those versions, and nothing left floating.

Whether each lock resolves for every Python and platform the README claims is `python tools/lock.py --check`,
a step of `python3 course.py test` (it asks the package index, so it is not a unit test).
"""

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import lock  # noqa: E402

LOCKS = {"requirements.txt": "requirements.in", "requirements-dev.txt": "requirements-dev.in",
         "requirements-tools.txt": "requirements-tools.in"}


def _requested(path):
    """{name: version} of the == lines of an .in file, following -r."""
    wanted = {}
    for line in (ROOT / path).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            wanted.update(_requested(line[3:].strip()))
        elif line:
            name, version = re.match(r"^([A-Za-z0-9._-]+)==([^\s;]+)", line).groups()
            wanted[re.sub(r"[-_.]+", "-", name).lower()] = version
    return wanted


@pytest.mark.parametrize("lock_file", LOCKS)
def test_every_line_of_a_lock_is_an_exact_pin(lock_file):
    for line in (ROOT / lock_file).read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            assert re.match(r"^[A-Za-z0-9._-]+==[^\s;]+( ; .+)?$", line), f"{lock_file}: {line!r}"


@pytest.mark.parametrize("lock_file, source", LOCKS.items())
def test_a_lock_holds_what_its_in_file_asks_for(lock_file, source):
    pinned = lock.pins((ROOT / lock_file).read_text())
    for name, version in _requested(source).items():
        assert (name, version) in pinned, f"{lock_file} lacks {name}=={version} ({source}): run python3 course.py lock"


def test_the_learners_lock_has_no_test_tools_and_the_dev_lock_agrees_with_it():
    learner, dev = (lock.pins((ROOT / name).read_text()) for name in ("requirements.txt", "requirements-dev.txt"))
    assert not {name for name, _ in learner} & {"pytest", "nbval", "playwright", "uv"}
    assert learner <= dev, f"requirements-dev.txt disagrees with requirements.txt on {sorted(learner - dev)}"


def test_tensorflow_is_locked_only_for_the_pythons_that_have_its_wheels():
    lines = [line for line in (ROOT / "requirements.txt").read_text().splitlines()
             if re.match(r"^(tensorflow|keras)==", line)]
    assert len(lines) == 2 and all(line.endswith("; python_full_version < '3.14'") for line in lines), lines

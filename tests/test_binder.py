"""Binder / repo2docker: learner-only requirements, checked by the files and by repo2docker itself (from PyPI).

repo2docker runs in the tools environment (.venv-tools, requirements-tools.txt), which `python3 course.py test`
builds and names in COURSE_TOOLS_PYTHON; without it the repo2docker test is skipped (a failure when
REQUIRE_FULL_TEST=1).  ``--no-build`` writes the Dockerfile without building it: no Docker engine needed.
"""

import os
import re
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import lock  # noqa: E402

TEST_TOOLS = {"pytest", "nbval", "playwright", "uv", "pytest-timeout", "nbgrader"}


def tools_python():
    python = os.environ.get("COURSE_TOOLS_PYTHON") or str(ROOT / ".venv-tools" / "bin" / "python")
    if not Path(python).exists():
        if os.environ.get("REQUIRE_FULL_TEST") == "1":
            pytest.fail("the tools environment is missing (python3 course.py test builds it)")
        pytest.skip("the tools environment (.venv-tools) is missing; python3 course.py test builds it")
    return python


def test_binder_installs_the_learners_lock_with_tensorflow_cpu_and_no_test_tools():
    text = (ROOT / "binder" / "requirements.txt").read_text()
    pins = {name for name, _ in lock.pins(text)}
    assert not pins & TEST_TOOLS, pins & TEST_TOOLS
    assert "tensorflow-cpu" in pins and "tensorflow" not in pins
    assert not [line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
                and not re.match(r"^[A-Za-z0-9._-]+==\S+$", line.strip())], "every line a pin, nothing floating"
    learner = lock.pins((ROOT / "requirements.txt").read_text())
    # the same versions as the learner's lock, tensorflow-cpu for tensorflow
    for name, version in lock.pins(text):
        assert ("tensorflow" if name == "tensorflow-cpu" else name, version) in learner, f"{name}=={version}"


def test_binder_post_build_installs_nn_helpers_editable_and_offline():
    post_build = ROOT / "binder" / "postBuild"
    assert post_build.stat().st_mode & stat.S_IXUSR, "binder/postBuild must be executable (git update-index --chmod=+x)"
    text = post_build.read_text()
    assert text.startswith("#!/bin/bash\n")
    commands = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert commands[:2] == ["set -euo pipefail", 'cd "$(dirname "$0")/.."']
    assert commands[2:] == ["python -m pip install --no-cache-dir --no-deps --no-build-isolation -e ."]
    assert "setuptools" in {name for name, _ in lock.pins((ROOT / "binder" / "requirements.txt").read_text())}


def test_binder_python_is_one_the_locks_are_checked_for():
    runtime = (ROOT / "binder" / "runtime.txt").read_text().strip()
    assert runtime == f"python-{lock.BINDER_PYTHON}"
    assert lock.BINDER_PYTHON in lock.PYTHONS[:3]  # a Python with TensorFlow


def test_binder_folder_holds_only_files_repo2docker_reads():
    # A binder/ folder makes repo2docker ignore configuration files at the root; keep it to what is needed.
    assert sorted(path.name for path in (ROOT / "binder").iterdir()) == ["postBuild", "requirements.txt", "runtime.txt"]


def test_repo2docker_plans_the_image_from_binder(tmp_path):
    python = tools_python()
    done = subprocess.run([python, "-m", "repo2docker", "--no-build", "--debug", "--no-run", str(ROOT)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    text = done.stdout + done.stderr
    assert done.returncode == 0, text[-3000:]
    assert f"python={lock.BINDER_PYTHON}" in text, "repo2docker did not read binder/runtime.txt"
    assert 'pip install --no-cache-dir -r "binder/requirements.txt"' in text
    assert "./binder/postBuild" in text

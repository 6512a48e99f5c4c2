#!/usr/bin/env python3
"""Set up and run the course with nothing but Python 3.10+ (standard library only).

    python3 course.py start   create .venv, install everything, open JupyterLab on lesson 0
    python3 course.py test    the same set-up, then the unit tests, nbval, and every lesson on Colab's versions
    python3 course.py bench   the performance figures quoted in the README
    python3 course.py stamp   copy the repository URL (pyproject.toml) into every Colab badge and set-up cell
    python3 course.py student write student versions of every lesson (solutions removed) to build/student/

The virtual environment lives in .venv next to this file.  It is (re)installed
only when requirements.txt or pyproject.toml has changed since the last install.
"""

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
FIRST_LESSON = "notebooks/00_welcome.ipynb"


def run(*command, **kwargs):
    print("+", " ".join(str(part) for part in command), flush=True)
    return subprocess.run([str(part) for part in command], cwd=ROOT, **kwargs).returncode


class Environment:
    """A virtual environment in ROOT/<name>, installed from a requirements file plus nn_helpers (editable).

    It is (re)installed only when the requirements file or pyproject.toml has
    changed since the last install: a hash of both is kept inside it.
    """

    def __init__(self, name, requirements):
        self.path = ROOT / name
        self.python = self.path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        self.requirements = ROOT / requirements

    def fingerprint(self):
        digest = hashlib.sha256()
        for path in (self.requirements, ROOT / "pyproject.toml"):
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def ensure(self):
        """Create and install it if needed; return its Python."""
        if sys.version_info < (3, 10):
            sys.exit(f"Python 3.10 or newer is needed; this is {sys.version.split()[0]}")
        if not self.python.exists():
            print(f"Creating the virtual environment in {self.path.name}/ ...", flush=True)
            venv.EnvBuilder(with_pip=True).create(self.path)
        stamp = self.path / "installed-from.sha256"
        fingerprint = self.fingerprint()
        if stamp.exists() and stamp.read_text().strip() == fingerprint:
            return self.python
        steps = [
            (self.python, "-m", "pip", "install", "--upgrade", "pip"),
            (self.python, "-m", "pip", "install", "-r", self.requirements.name),
            # Editable, so notebooks always use this checkout's nn_helpers and data/; --no-deps, so
            # nn_helpers never replaces a pinned library (on Colab: never one of Colab's own).
            (self.python, "-m", "pip", "install", "--no-deps", "-e", "."),
        ]
        for step in steps:
            if run(*step) != 0:
                sys.exit("Installation failed; the messages above say which package.")
        stamp.write_text(fingerprint)
        return self.python


COURSE = Environment(".venv", "requirements.txt")
PYTHON = COURSE.python


def ensure_environment():
    """The course's own environment, .venv, with the pinned requirements."""
    return COURSE.ensure()


def start():
    ensure_environment()
    # JupyterLab as it ships: localhost only, with its access token.  It refuses to
    # run as root (containers, some hosted machines) unless told it may.
    as_root = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
    return run(PYTHON, "-m", "jupyter", "lab", *as_root, FIRST_LESSON)


def test():
    ensure_environment()
    steps = {
        # Unit tests of nn_helpers, the checkers, the tools, the Colab path and the browser test.
        "unit tests": (PYTHON, "-m", "pytest", "tests"),
        # Every lesson re-executed, each cell's output compared with the stored one.
        "nbval": (PYTHON, "-m", "pytest", "--nbval", "--nbval-current-env",
                  "--nbval-sanitize-with", "nbval_sanitize.cfg", "--nbval-cell-timeout", "300", "notebooks"),
        # Every lesson executed again with Google Colab's library versions (outputs not compared).
        "Colab versions": (sys.executable, "tools/run_colab_versions.py"),
    }
    failed = [name for name, command in steps.items() if run(*command) != 0]
    print("\nFAILED: " + ", ".join(failed) if failed else "\nAll test steps passed.")
    return 1 if failed else 0


def stamp():
    ensure_environment()
    return run(PYTHON, "tools/stamp_colab.py", *sys.argv[2:])


def student():
    ensure_environment()
    return run(PYTHON, "tools/make_student_versions.py", *sys.argv[2:])


def bench():
    ensure_environment()
    return run(PYTHON, "benchmarks/bench_course.py", *sys.argv[2:])


COMMANDS = {"start": start, "test": test, "bench": bench, "stamp": stamp, "student": student}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: python3 course.py {{{'|'.join(COMMANDS)}}}")
    sys.exit(COMMANDS[sys.argv[1]]())

#!/usr/bin/env python3
"""Set up and run the course with nothing but Python (standard library only).

    python3 course.py start     create .venv (once: the lessons' locked requirements) and my-work/, your own
                                copy of the lessons; open JupyterLab on the lesson you saved last
                                (--refresh 03: take the course's version of lesson 3, yours kept as a backup;
                                --answers: open notebooks/, the lessons with their solutions)
    python3 course.py test      the same set-up plus the test tools, then every test step (README, "Test")
    python3 course.py python    say which Python the course would use, and why; install nothing
    python3 course.py bench     the performance figures quoted in the README
    python3 course.py stamp     stamp every notebook: Colab badge, set-up cell (repository URL and commit), nbgrader
    python3 course.py student   write student versions of every lesson (solutions removed) to build/student/
                                (--publish: to student/, committed, with badges that open them)
    python3 course.py lock      regenerate the locks (requirements*.txt, binder/requirements.txt) with uv

Which Python: the course runs on Python 3.11, 3.12 and 3.13, and on 3.14 without TensorFlow (no wheels
yet; the Keras parts of lessons are then skipped).  On any other Python, or on 3.14 when a 3.11-3.13 is
also installed, this script looks for a better one - ``python3.X`` on PATH, ``py -3.X`` on Windows,
pyenv's interpreters - and runs itself again with it, saying so.  If there is none it stops at once
and says which versions work and how to get one.  ``COURSE_PYTHON=/path/to/python`` chooses by hand.

The virtual environments live next to this file and are (re)installed only when their lock,
pyproject.toml or the Python they are built on changed since the last install.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
FIRST_LESSON = "notebooks/00_welcome.ipynb"
LOG = "install.log"  # inside each environment: the whole output of its last installation
# Said before the learner's environment is installed; the figures are measured (README, "Start").
LEARNER_SETUP = ("Setting up the course in .venv/ (once): pip downloads about 0.8 GB of libraries (TensorFlow is "
                 "most of it) and installs them, 2.7 GB on disk; 1 to 3 minutes on a good connection.")
FULL = ((3, 11), (3, 12), (3, 13))  # every lesson, TensorFlow included
PREFERRED = tuple(reversed(FULL))  # the order in which another Python is looked for: newest first
WITHOUT_TENSORFLOW = ((3, 14),)  # everything but the Keras parts: TensorFlow has no wheels for these yet
SECOND_PYTHON = (3, 13)  # `test` also runs the unit tests and nbval here (Colab's default Python)
CHOSEN = "COURSE_PYTHON_CHOSEN"  # set when this script re-runs itself, so it never loops

HOW_TO_GET_PYTHON = """\
The course needs Python 3.11, 3.12 or 3.13 (3.14 works without the TensorFlow parts).
Get one, then run this command again with it:
  Windows:        install Python 3.13 from https://www.python.org/downloads/ and run
                  py -3.13 course.py {command}
  macOS:          brew install python@3.13        (or the installer from python.org)
  Debian/Ubuntu:  sudo apt-get install python3.12 python3.12-venv   (if your release has it)
  any system:     pyenv install 3.13   (https://github.com/pyenv/pyenv), or uv python install 3.13
Or name an interpreter yourself: COURSE_PYTHON=/path/to/python3.13 python3 course.py {command}"""


def run(*command, **kwargs):
    print("+", " ".join(str(part) for part in command), flush=True)
    return subprocess.run([str(part) for part in command], cwd=ROOT, **kwargs).returncode


# setuptools warns at every editable install ("Editable installation. ... Please be careful with folders in your
# working directory with the same name as your package"): true of any editable install, and alarming to a
# learner.  pip -q still shows it (pip -qq would hide every warning); this filter, passed on to the build
# backend, hides that message alone.
QUIET_EDITABLE = dict(os.environ, PYTHONWARNINGS=",".join(
    filter(None, [os.environ.get("PYTHONWARNINGS"), "ignore:Editable installation"])))


def run_step(label, command, log, tail=25, env=None):
    """Run one set-up step with its output going to ``log``; say it in one line.

    On a terminal the line shows pip's latest message as it works, then ``done (N s)``; elsewhere only the
    final line is printed.  On failure the last ``tail`` lines of the step's output follow, and the log's path.
    Returns the step's exit code.
    """
    command = [str(part) for part in command]
    live = sys.stdout.isatty()
    width = min(shutil.get_terminal_size().columns, 120) - 1
    started = time.perf_counter()
    lines = []
    with open(log, "a", encoding="utf-8") as written:
        written.write(f"\n$ {' '.join(command)}\n")
        written.flush()
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   encoding="utf-8", errors="replace", env=env)
        for line in process.stdout:
            written.write(line)
            lines = (lines + [line.rstrip()])[-tail:]
            if live and line.strip():
                print(f"\r{label} ... {line.strip()}"[:width].ljust(width), end="", flush=True)
        code = process.wait()
    seconds = time.perf_counter() - started
    verdict = f"done ({seconds:.0f} s)" if code == 0 else f"FAILED after {seconds:.0f} s (exit code {code})"
    print(f"\r{label} ... {verdict}".ljust(width) if live else f"{label} ... {verdict}", flush=True)
    if code != 0:
        print(f"The last lines of its output ({log.relative_to(ROOT) if log.is_relative_to(ROOT) else log}):")
        for line in lines:
            print("    " + line)
    return code


# --- which Python --------------------------------------------------------------------------------------------------

def tensorflow_available(version):
    """Whether TensorFlow publishes wheels for this (major, minor) Python."""
    return tuple(version[:2]) in FULL


def _probe(command):
    """(major, minor) and the executable of an interpreter command, or None if it does not run or lacks venv."""
    code = "import sys, venv, ensurepip; print(sys.version_info[0], sys.version_info[1], sys.executable)"
    try:
        result = subprocess.run([*command, "-c", code], capture_output=True, text=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return None
    parts = result.stdout.split(maxsplit=2) if result.returncode == 0 else []
    return ((int(parts[0]), int(parts[1])), parts[2].strip()) if len(parts) == 3 else None


def _pyenv_root():
    root = os.environ.get("PYENV_ROOT")
    if root:
        return Path(root)
    pyenv = shutil.which("pyenv")
    if pyenv:
        try:
            found = subprocess.run([pyenv, "root"], capture_output=True, text=True, timeout=20).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            found = ""
        if found:
            return Path(found)
    return Path.home() / ".pyenv"


def candidates(version):
    """Commands that may start a Python (major, minor): python3.X on PATH, py -3.X (Windows), pyenv's builds."""
    major, minor = version
    found = []
    on_path = shutil.which(f"python{major}.{minor}")
    if on_path:
        found.append([on_path])
    if os.name == "nt" and shutil.which("py"):
        found.append(["py", f"-{major}.{minor}"])
    versions = _pyenv_root() / "versions"
    if versions.is_dir():
        for build in sorted(versions.glob(f"{major}.{minor}.*"), reverse=True):
            for name in (f"bin/python{major}.{minor}", "python.exe"):
                if (build / name).is_file():
                    found.append([str(build / name)])
    return found


def find_python(version):
    """The executable of a working Python (major, minor) on this machine, or None."""
    for command in candidates(version):
        probed = _probe(command)
        if probed and probed[0] == tuple(version):
            return probed[1]
    return None


def choose_python(current=None):
    """(executable or None for this one, sentence for the learner or None, keep going) for this interpreter.

    * 3.11-3.13: this one, silently.
    * 3.14 (no TensorFlow): a 3.13/3.12/3.11 if the machine has one, else this one without TensorFlow.
    * anything else: a 3.13/3.12/3.11 if the machine has one, else stop.
    ``COURSE_PYTHON`` overrides the search.
    """
    current = tuple(current or sys.version_info[:2])
    here = f"Python {current[0]}.{current[1]}"
    if current in FULL:
        return None, None, True
    chosen_by_hand = os.environ.get("COURSE_PYTHON")
    if chosen_by_hand:
        probed = _probe([chosen_by_hand])
        if not probed:
            return None, f"COURSE_PYTHON={chosen_by_hand} does not run (or has no venv module).", False
        return probed[1], f"{here} -> using COURSE_PYTHON, Python {probed[0][0]}.{probed[0][1]} at {probed[1]}", True
    for version in PREFERRED:
        found = find_python(version)
        if found:
            why = "has no TensorFlow wheels" if current in WITHOUT_TENSORFLOW else "cannot run the course"
            return found, f"{here} {why}; using Python {version[0]}.{version[1]} at {found} instead.", True
    if current in WITHOUT_TENSORFLOW:
        return None, (f"{here}: TensorFlow has no wheels for it yet, so everything is installed except "
                      "TensorFlow and Keras, and the lessons skip their Keras parts.  For the whole course, "
                      "install Python 3.13 (see README, \"Start\")."), True
    return None, f"{here} cannot run the course, and no Python 3.11-3.13 was found on this machine.", False


def ensure_right_python(command):
    """Re-run this script with a better interpreter if there is one; stop at once if there is none."""
    if os.environ.get(CHOSEN):
        return
    executable, sentence, keep_going = choose_python()
    if sentence:
        print(sentence, flush=True)
    if not keep_going:
        sys.exit(HOW_TO_GET_PYTHON.format(command=command))
    if executable:
        env = dict(os.environ, **{CHOSEN: "1"})
        sys.exit(subprocess.run([executable, str(Path(__file__).resolve()), *sys.argv[1:]], env=env).returncode)


# --- environments --------------------------------------------------------------------------------------------------

class Environment:
    """A virtual environment in ROOT/<name>, installed from a lock plus nn_helpers (editable, no dependencies).

    ``python`` is the interpreter it is built on (default: the one running this script).  It is
    (re)installed only when the lock, pyproject.toml or that interpreter's version changed since the
    last install: a hash of the three is kept inside it.  An environment built on another Python
    version is removed and built again.
    """

    def __init__(self, name, requirements, python=None, label=None, lock_has_setuptools=True, intro=None):
        self.intro = intro  # the line said before installing: what happens, how long, how big
        self.lock_has_setuptools = lock_has_setuptools  # then nn_helpers builds with it, without a download
        self.path = ROOT / name
        self.python = self.path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        self.requirements = ROOT / requirements
        self.base = python or sys.executable
        self.label = label or name

    def base_version(self):
        if self.base == sys.executable:
            return f"{sys.version_info[0]}.{sys.version_info[1]}"
        probed = _probe([self.base])
        return f"{probed[0][0]}.{probed[0][1]}" if probed else "unknown"

    def fingerprint(self):
        digest = hashlib.sha256(self.base_version().encode())
        for path in (self.requirements, ROOT / "pyproject.toml"):
            digest.update(path.read_bytes())
        return digest.hexdigest()

    def _built_on(self):
        config = self.path / "pyvenv.cfg"
        if not config.exists():
            return None
        for line in config.read_text().splitlines():
            key, _, value = line.partition("=")
            if key.strip() in ("version", "version_info"):
                return ".".join(value.strip().split(".")[:2])
        return None

    def ensure(self):
        """Create and install it if needed; return its Python."""
        stamp = self.path / "installed-from.sha256"
        fingerprint = self.fingerprint()
        if self.python.exists() and stamp.exists() and stamp.read_text().strip() == fingerprint:
            return self.python
        if self.path.exists() and self._built_on() not in (None, self.base_version()):
            print(f"{self.path.name}/ was built on Python {self._built_on()}; building it again on "
                  f"{self.base_version()} ...", flush=True)
            shutil.rmtree(self.path)
        if self.python.exists() and stamp.exists():  # installed before, from another lock or Python
            print(f"Updating {self.label} in {self.path.name}/: {self.requirements.name}, pyproject.toml or the "
                  "Python changed since the last install ...", flush=True)
        else:
            print(self.intro or f"Installing {self.label} into {self.path.name}/ ...", flush=True)
        if not self.python.exists():
            print(f"Creating the virtual environment in {self.path.name}/ (Python {self.base_version()}) ...",
                  flush=True)
            if self.base == sys.executable:
                venv.EnvBuilder(with_pip=True).create(self.path)
            elif run(self.base, "-m", "venv", self.path) != 0:
                sys.exit(f"Could not create {self.path.name}/ with {self.base}.")
        pip = (self.python, "-m", "pip", "install", "--disable-pip-version-check", "--progress-bar", "off")
        steps = [
            ("Updating pip", (*pip, "--upgrade", "pip")),
            # The lock pins every package, transitive ones too; lines for other Pythons are skipped by their markers.
            (f"Installing the libraries of {self.requirements.name}",
             (*pip, "-r", self.requirements.relative_to(ROOT))),
            # Editable, so notebooks always use this checkout's nn_helpers and data/; --no-deps, so
            # nn_helpers never replaces a pinned library (on Colab: never one of Colab's own).
            ("Installing nn_helpers from this folder",
             (*pip, "--no-deps", *(["--no-build-isolation"] if self.lock_has_setuptools else []), "-e", ".")),
        ]
        log = self.path / LOG
        log.write_text("")
        for number, (label, command) in enumerate(steps, 1):
            if run_step(f"[{number}/{len(steps)}] {label}", command, log, env=QUIET_EDITABLE) != 0:
                sys.exit(f"Installation failed. Fix what the lines above name, then run the same command again; "
                         f"the whole log is {log.relative_to(ROOT)}.")
        stamp.write_text(fingerprint)
        return self.python


def lock_for(command):
    """The learner's lock for `start`, the learner's plus the test tools for everything else."""
    return "requirements.txt" if command == "start" else "requirements-dev.txt"


def course_environment(command):
    """The course's own environment, .venv: the learner's lock for `start`, plus the test tools otherwise.

    `start` accepts an environment installed for `test` (a superset, same versions).
    """
    learner = Environment(".venv", "requirements.txt", label="the course's libraries", intro=LEARNER_SETUP)
    dev = Environment(".venv", "requirements-dev.txt", label="the course's libraries and test tools")
    stamp = learner.path / "installed-from.sha256"
    if command == "start" and learner.python.exists() and stamp.exists() and \
            stamp.read_text().strip() == dev.fingerprint():
        return learner.python
    return (learner if command == "start" else dev).ensure()


TOOLS = Environment(".venv-tools", "requirements-tools.txt", label="nbgrader and repo2docker")
PYTHON = Environment(".venv", "requirements-dev.txt").python


def ensure_environment(command="test"):
    return course_environment(command)


# --- the commands ------------------------------------------------------------------------------------------------

START_USAGE = """usage: python3 course.py start [--refresh NN | --answers]
  (nothing)      open your own copy of the lessons, my-work/, on the lesson you saved last
  --refresh NN   replace my-work's lesson NN by the course's version (yours is kept in my-work/backups/), open it
  --answers      open notebooks/, the lessons with their solutions (teachers and authors)"""


def start_options(arguments):
    """(refresh: lesson or None, answers: bool) from start's command line; stop with the usage if it is wrong."""
    if arguments in ([], ["--answers"]):
        return None, bool(arguments)
    if len(arguments) == 2 and arguments[0] == "--refresh":
        return arguments[1], False
    sys.exit(START_USAGE)


def jupyterlab_command(python, lesson, root=ROOT, as_root=False):
    """The command that opens ``lesson`` in JupyterLab with the file browser's root at ``root``.

    The root is given explicitly: with a file alone, JupyterLab would make the file's folder the root, and
    nothing outside it (the answer key, notebooks/, beside my-work/) could be reached.  JupyterLab as it
    ships otherwise: localhost only, with its access token; ``as_root`` lets it run as root (containers,
    some hosted machines), which it refuses unless told.
    """
    lesson = Path(root) / lesson  # absolute: JupyterLab reads a relative one from its working directory
    # `-m jupyterlab`, not `-m jupyter lab`: that runs the script .venv/bin/jupyter-lab, whose first line names
    # the environment's old path once the course folder has been moved or renamed.
    return [str(python), "-m", "jupyterlab", f"--ServerApp.root_dir={root}",
            *(["--allow-root"] if as_root else []), str(lesson)]


def start():
    refresh, answers = start_options(sys.argv[2:])
    python = course_environment("start")
    if not tensorflow_available(sys.version_info):
        print("Note: no TensorFlow on this Python; the lessons say where they skip their Keras parts.")
    sys.path.insert(0, str(ROOT / "tools"))
    import workspace  # here, not at the top: the Python checks above need nothing but this file

    if answers:
        lesson = ROOT / FIRST_LESSON
        print("Opening notebooks/, the lessons with their solutions (the answer key).")
    else:
        if refresh:  # first, so that the report below does not offer the refresh just done
            lesson, backup = workspace.refresh(ROOT, refresh)
            print(f"{lesson.relative_to(ROOT).as_posix()} is the course's version again"
                  + (f"; yours is {backup.relative_to(ROOT).as_posix()}." if backup else "."))
        for line in workspace.sync(ROOT).lines():
            print(line)
        if not refresh:
            lesson = workspace.lesson_to_open(ROOT)
        print(f"Opening {lesson.relative_to(ROOT).as_posix()}, your copy; the answer key is notebooks/, "
              "in the file browser on the left.")
    env = dict(os.environ, **workspace.jupyterlab_environment(ROOT))
    as_root = hasattr(os, "geteuid") and os.geteuid() == 0
    return run(*jupyterlab_command(python, lesson, ROOT, as_root), env=env)


def keras_notebooks():
    """The lessons that import Keras (through nn_helpers.keras_setup), found by reading them."""
    found = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        source = "\n".join("".join(cell.get("source", "")) for cell in cells if cell.get("cell_type") == "code")
        if "import_keras" in source or "import keras" in source or "import tensorflow" in source:
            found.append(path)
    return found


def _nbval(python, *extra):
    return (python, "-m", "pytest", "--nbval", "--nbval-current-env", "--nbval-sanitize-with", "nbval_sanitize.cfg",
            "--nbval-cell-timeout", "300", *extra, "notebooks")


def test():
    python = course_environment("test")
    require_all = os.environ.get("REQUIRE_FULL_TEST") == "1"
    here = (sys.version_info[0], sys.version_info[1])
    skipped, steps = [], {}

    skip_keras = [] if tensorflow_available(here) else keras_notebooks()
    if skip_keras:
        names = ", ".join(path.name for path in skip_keras)
        skipped.append(f"nbval of {names}: they use Keras, and TensorFlow has no wheels for Python {here[0]}.{here[1]}")
    # Unit tests of nn_helpers, the checkers, the tools, the Colab path, nbgrader, Binder, the Pythons, the browser.
    steps["unit tests"] = lambda: run(python, "-m", "pytest", "tests")
    # Every lesson re-executed, each cell's output compared with the stored one.
    steps["nbval"] = lambda: run(*_nbval(python, *[f"--ignore=notebooks/{p.name}" for p in skip_keras]))

    if here != SECOND_PYTHON:
        second = find_python(SECOND_PYTHON)
        label = f"Python {SECOND_PYTHON[0]}.{SECOND_PYTHON[1]}"
        if second:
            other = Environment(f".venv-{SECOND_PYTHON[0]}.{SECOND_PYTHON[1]}", "requirements-dev.txt", second)

            def second_python():
                other_python = other.ensure()
                # The tools' own tests (nbgrader, repo2docker, the Python search) ran above, with this checkout.
                units = run(other_python, "-m", "pytest", "tests", "--ignore=tests/test_nbgrader.py",
                            "--ignore=tests/test_binder.py", "--ignore=tests/test_pythons.py",
                            "--ignore=tests/test_lock.py")
                return units or run(*_nbval(other_python))

            steps[f"{label}: unit tests and nbval"] = second_python
        else:
            skipped.append(f"{label}: unit tests and nbval (no Python {SECOND_PYTHON[0]}.{SECOND_PYTHON[1]} found)")
    # Every lesson executed with each Google Colab runtime's versions, on that runtime's Python (outputs not compared).
    steps["Colab runtimes"] = lambda: run(sys.executable, "tools/run_colab_versions.py", "--all")
    # Every lock resolves for every Python and platform the README claims.
    steps["locks"] = lambda: run(python, "tools/lock.py", "--check")

    started, failed, times = time.perf_counter(), [], {}
    env_before = os.environ.get("COURSE_TOOLS_PYTHON")
    os.environ["COURSE_TOOLS_PYTHON"] = str(TOOLS.ensure())  # nbgrader and repo2docker for their tests
    try:
        for name, step in steps.items():
            begun = time.perf_counter()
            if step() != 0:
                failed.append(name)
            times[name] = time.perf_counter() - begun
    finally:
        if env_before is None:
            os.environ.pop("COURSE_TOOLS_PYTHON", None)
    print("\nStep times: " + ", ".join(f"{name} {seconds / 60:.1f} min" for name, seconds in times.items())
          + f"; all {(time.perf_counter() - started) / 60:.1f} min.")
    for reason in skipped:
        print(f"SKIPPED: {reason}")
    if require_all and skipped:
        failed.append("skipped steps (REQUIRE_FULL_TEST=1)")
    print("\nFAILED: " + ", ".join(failed) if failed else "\nAll test steps passed.")
    return 1 if failed else 0


def python_command():
    """Say which Python runs the course and what it can do (after any switch above); install nothing."""
    version = sys.version_info
    what = "every lesson" if tensorflow_available(version) else "every lesson except the Keras parts (no TensorFlow)"
    print(f"The course will use Python {version[0]}.{version[1]}.{version[2]} at {sys.executable}: {what}.")
    return 0


def stamp():
    python = course_environment("stamp")
    return run(python, "tools/stamp_colab.py", *sys.argv[2:])


def student():
    python = course_environment("student")
    if "--publish" in sys.argv[2:]:  # student/, committed, for badges and nbgitpuller links
        return run(python, "tools/publish_student_versions.py", *[a for a in sys.argv[2:] if a != "--publish"])
    return run(python, "tools/make_student_versions.py", *sys.argv[2:])


def bench():
    python = course_environment("bench")
    return run(python, "benchmarks/bench_course.py", *sys.argv[2:])


def lock():
    python = course_environment("lock")
    return run(python, "tools/lock.py", *sys.argv[2:])


COMMANDS = {"start": start, "test": test, "python": python_command, "bench": bench, "stamp": stamp,
            "student": student, "lock": lock}

if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        sys.exit(f"usage: python3 course.py {{{'|'.join(COMMANDS)}}}")
    ensure_right_python(sys.argv[1])
    sys.exit(COMMANDS[sys.argv[1]]())

#!/usr/bin/env python3
"""Run every lesson with a Google Colab runtime's library versions, on that runtime's Python (standard library only).

    python tools/run_colab_versions.py                      the default runtime (what a badge opens), every lesson
    python tools/run_colab_versions.py --all                every profile: default, then 2025.07
    python tools/run_colab_versions.py 2025.07 notebooks/06_training.ipynb ...

A profile is a file ``requirements-colab-<name>.txt``: Colab's versions of what the lessons import and of
its kernel, read from googlecolab/backend-info at the commit the file names, and a line ``# python: 3.X``.
For each profile this finds a Python 3.X on the machine (``COLAB_PYTHON_3_X=/path``, else python3.X on
PATH, ``py -3.X``, pyenv's), creates ``.venv-colab-<name>/`` with it, installs the profile plus nn_helpers
with ``--no-deps -e .`` (reinstalling only when the profile, pyproject.toml or the Python changed), then
executes each notebook top to bottom in a fresh kernel of that environment, prints how long each took,
and exits 1 listing every notebook that raised, with the cell and the error.  Outputs are not compared
(the stored ones come from the newer pinned versions) and the notebooks are not written back.
A profile whose Python is not on the machine is skipped, saying so (a failure if REQUIRE_FULL_TEST=1).
"""

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from course import Environment, find_python  # noqa: E402  (course.py sits at the repository root)

PROFILES = ("default", "2025.07")  # --all runs these, in this order
CELL_TIMEOUT = 600  # seconds; a cell slower than this counts as a failure


def profile_file(name):
    return ROOT / f"requirements-colab-{name}.txt"


def profile_python(name):
    """The (major, minor) Python a profile names in its ``# python: 3.X`` line."""
    match = re.search(r"^# python: (\d+)\.(\d+)\s*$", profile_file(name).read_text(encoding="utf-8"), re.MULTILINE)
    if not match:
        raise ValueError(f"{profile_file(name).name} has no '# python: 3.X' line")
    return int(match[1]), int(match[2])


def profile_interpreter(name):
    """The executable of the profile's Python on this machine, or None."""
    major, minor = profile_python(name)
    return os.environ.get(f"COLAB_PYTHON_{major}_{minor}") or find_python((major, minor))


# Runs inside .venv-colab: executes the notebooks named on its command line and prints one JSON line per notebook.
RUNNER = r'''
import json, re, sys, time
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError, CellTimeoutError

for path in sys.argv[2:]:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, kernel_name="python3", timeout=int(sys.argv[1]),
                            resources={"metadata": {"path": str(__import__("pathlib").Path(path).parent)}})
    started, error = time.perf_counter(), None
    try:
        client.execute()
    except (CellExecutionError, CellTimeoutError) as exc:
        failing = next((cell for cell in nb.cells if cell.cell_type == "code"
                        and any(out.get("output_type") == "error" for out in cell.get("outputs", []))), None)
        where = f"cell {nb.cells.index(failing)}: {failing.source.strip().splitlines()[0]}" if failing else "a cell"
        text = re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).strip()  # IPython colours its tracebacks
        error = {"where": where, "text": text.splitlines()[-12:]}
    except Exception as exc:  # the kernel died or did not start
        error = {"where": "the kernel", "text": [f"{type(exc).__name__}: {exc}"]}
    print(json.dumps({"path": path, "seconds": time.perf_counter() - started, "error": error}), flush=True)
'''

# Reports the versions the kernel really runs with, so the report says what was tested.
VERSIONS = ("import sys, importlib.metadata as m; print(sys.version.split()[0], *(f'{name}=={m.version(name)}' for name "
            "in ('numpy', 'scikit-learn', 'matplotlib', 'tensorflow', 'keras', 'ipywidgets', 'ipykernel')))")


def clean_environment(python):
    """This process's environment without anything pointing at another Python environment."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join([str(Path(python).parent), env.get("PATH", "")])
    return env


def _shown(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def run_profile(name, notebooks):
    """Run the notebooks under one profile; 0 if all ran, 1 if any failed, None if its Python is missing."""
    major, minor = profile_python(name)
    interpreter = profile_interpreter(name)
    if not interpreter:
        print(f"SKIPPED Colab runtime {name!r}: no Python {major}.{minor} on this machine "
              f"(set COLAB_PYTHON_{major}_{minor}=/path/to/python{major}.{minor})", flush=True)
        return None
    environment = Environment(f".venv-colab-{name}", profile_file(name).name, interpreter, lock_has_setuptools=False)
    PYTHON = environment.ensure()
    env = clean_environment(PYTHON)
    versions = subprocess.run([PYTHON, "-c", VERSIONS], capture_output=True, text=True, env=env, cwd=ROOT)
    print(f"Colab runtime {name!r}: Python {versions.stdout.strip() or versions.stderr.strip()}", flush=True)

    results = []
    # The kernels' own stderr (debugger notices, TensorFlow's start-up lines) is kept aside and shown only
    # if the runner itself breaks; a notebook's errors come back in its results.
    kernel_messages = tempfile.TemporaryFile(mode="w+")
    runner = subprocess.Popen([PYTHON, "-c", RUNNER, str(CELL_TIMEOUT), *map(str, notebooks)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=kernel_messages, text=True)
    for line in runner.stdout:
        if not line.startswith("{"):
            continue
        result = json.loads(line)
        results.append(result)
        verdict = "FAILED" if result["error"] else "ok"
        print(f"{Path(result['path']).name:40s} {result['seconds']:6.1f} s  {verdict}", flush=True)
    runner.wait()
    if runner.returncode:
        kernel_messages.seek(0)
        print(kernel_messages.read()[-5000:])
    kernel_messages.close()

    failed = [result for result in results if result["error"]]
    not_run = [path for path in notebooks if str(path) not in {result["path"] for result in results}]
    for result in failed:
        print(f"\n{_shown(Path(result['path']))} raised in {result['error']['where']}")
        print("\n".join("    " + line for line in result["error"]["text"]))
    for path in not_run:
        print(f"\n{_shown(path)} was not run (the runner stopped; see the messages above)")
    total = sum(result["seconds"] for result in results)
    print(f"\n{len(results) - len(failed)} of {len(notebooks)} notebooks ran with Colab runtime {name!r} "
          f"({total:.0f} s).\n", flush=True)
    return 1 if failed or not_run or runner.returncode else 0


def main(argv):
    names = [arg for arg in argv if not arg.endswith(".ipynb") and arg != "--all"]
    if "--all" in argv:
        names = list(PROFILES)
    names = names or ["default"]
    unknown = [name for name in names if not profile_file(name).is_file()]
    if unknown:
        sys.exit(f"No such Colab profile: {', '.join(unknown)} (profiles: {', '.join(PROFILES)})")
    notebooks = [Path(arg).resolve() for arg in argv if arg.endswith(".ipynb")]
    notebooks = notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    missing = [str(path) for path in notebooks if not path.is_file()]
    if missing:
        sys.exit(f"No such notebook: {', '.join(missing)}")
    outcomes = {name: run_profile(name, notebooks) for name in names}
    skipped = [name for name, outcome in outcomes.items() if outcome is None]
    failed = [name for name, outcome in outcomes.items() if outcome]
    print("Colab runtimes: " + ", ".join(f"{name} {'skipped' if outcome is None else 'FAILED' if outcome else 'ok'}"
                                          for name, outcome in outcomes.items()))
    return 1 if failed or (skipped and os.environ.get("REQUIRE_FULL_TEST") == "1") else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

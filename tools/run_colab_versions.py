#!/usr/bin/env python3
"""Run every lesson with Google Colab's library versions (standard library only).

    python tools/run_colab_versions.py                       every notebooks/*.ipynb
    python tools/run_colab_versions.py notebooks/06_training.ipynb ...

Creates .venv-colab/ next to .venv/, installs requirements-colab.txt (Colab's
numpy, scikit-learn, TensorFlow, ipywidgets, ... and its kernel) plus
nn_helpers itself with ``--no-deps -e .`` (as the Colab set-up cell does),
reinstalling only when requirements-colab.txt or pyproject.toml changed.  Then
it executes each notebook top to bottom in a fresh kernel of that environment,
prints how long each took, and exits 1 listing every notebook that raised,
with the cell and the error.  Outputs are not compared (the stored ones come
from the newer pinned versions) and the notebooks are not written back.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from course import Environment  # noqa: E402  (course.py sits at the repository root)

COLAB = Environment(".venv-colab", "requirements-colab.txt")
PYTHON, BIN = COLAB.python, COLAB.python.parent
CELL_TIMEOUT = 600  # seconds; a cell slower than this counts as a failure

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


def clean_environment():
    """This process's environment without anything pointing at another Python environment."""
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    env["PATH"] = os.pathsep.join([str(BIN), env.get("PATH", "")])
    return env


def _shown(path):
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def main(argv):
    notebooks = [Path(arg).resolve() for arg in argv] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    missing = [str(path) for path in notebooks if not path.is_file()]
    if missing:
        sys.exit(f"No such notebook: {', '.join(missing)}")
    COLAB.ensure()
    env = clean_environment()
    versions = subprocess.run([PYTHON, "-c", VERSIONS], capture_output=True, text=True, env=env, cwd=ROOT)
    print(f"Colab versions: Python {versions.stdout.strip() or versions.stderr.strip()}", flush=True)

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
    print(f"\n{len(results) - len(failed)} of {len(notebooks)} notebooks ran with Colab's versions ({total:.0f} s).")
    return 1 if failed or not_run or runner.returncode else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

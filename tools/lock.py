#!/usr/bin/env python3
"""The complete locks: every package pinned, transitive ones included, made and checked with uv.

    python tools/lock.py            regenerate the three locks from the .in files (needs the network)
    python tools/lock.py --check    change nothing: resolve every lock for every Python and platform the README
                                    claims, and exit 1 naming each one that does not resolve or is incomplete

The locks, each made by ``uv pip compile`` (uv is pinned in requirements-dev.in):

* ``requirements.txt``      <- ``requirements.in``: what a learner installs (``course.py start``).  One universal
  lock for every Python and platform: where a version differs, the line carries an environment marker
  (``; python_full_version < '3.14'``), so one file serves Python 3.11 to 3.14.
* ``requirements-dev.txt``  <- ``requirements-dev.in``: the above plus the test tools (``course.py test``),
  constrained to requirements.txt's versions.
* ``binder/requirements.txt`` <- ``requirements.in`` with ``tensorflow-cpu`` for ``tensorflow`` (half the
  download, no GPU libraries): what Binder installs, for Linux and binder/runtime.txt's Python.
* ``requirements-tools.txt`` <- ``requirements-tools.in``: nbgrader and repo2docker, which the tests run in an
  environment of their own (.venv-tools).

Regenerating keeps every version that still satisfies the .in files (uv prefers what the output file already
pins), so a refresh changes only what the .in files ask for; ``--upgrade`` moves every transitive pin.

``--check`` resolves each lock again, not universally but for one target at a time - Python 3.11, 3.12, 3.13 and
3.14 on Linux (x86_64), macOS (Apple silicon) and Windows (x86_64) - with wheels only: it fails if a pinned
version has no wheel for a target, if the pins conflict, or if the resolution needs a package the lock does not
pin (an incomplete lock).
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHONS = ("3.11", "3.12", "3.13", "3.14")  # the README's claim ("Start"); 3.14 without TensorFlow
PLATFORMS = ("x86_64-manylinux_2_28", "aarch64-apple-darwin", "x86_64-pc-windows-msvc")
BINDER_PYTHON = "3.11"  # binder/runtime.txt
LEARNER, DEV, BINDER = "requirements.txt", "requirements-dev.txt", "binder/requirements.txt"
TOOLS = "requirements-tools.txt"
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;]+)", re.MULTILINE)


def uv():
    """The uv program: next to this Python (the course's .venv has it), else on PATH."""
    here = Path(sys.executable).parent / ("uv.exe" if sys.platform == "win32" else "uv")
    found = str(here) if here.exists() else shutil.which("uv")
    if not found:
        sys.exit("uv is missing: run this with the course's test environment (python3 course.py test installs it), "
                 "or `pip install uv`.")
    return found


def _compile(arguments, quiet=True):
    command = [uv(), "pip", "compile", *(["--quiet"] if quiet else []), "--no-header", *arguments]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def binder_input(text):
    """requirements.in's text with tensorflow-cpu (Linux only, half the size) in place of tensorflow."""
    return re.sub(r"^tensorflow==", "tensorflow-cpu==", text, flags=re.MULTILINE)


def regenerate(upgrade=False):
    """Write the three locks. Returns 0, or 1 after printing uv's error."""
    extra = ["--upgrade"] if upgrade else []
    with tempfile.TemporaryDirectory() as tmp:
        binder_in = Path(tmp) / "binder.in"
        binder_in.write_text(binder_input((ROOT / "requirements.in").read_text(encoding="utf-8")), encoding="utf-8")
        steps = [
            ["--universal", "--python-version", PYTHONS[0], *extra, "requirements-dev.in", "-o", DEV],
            ["--universal", "--python-version", PYTHONS[0], "-c", DEV, "requirements.in", "-o", LEARNER],
            ["--python-version", BINDER_PYTHON, "--python-platform", "x86_64-manylinux_2_28", "-c", LEARNER,
             str(binder_in), "-o", BINDER],
            ["--universal", "--python-version", PYTHONS[0], *extra, "requirements-tools.in", "-o", TOOLS],
        ]
        for step in steps:
            result = _compile(step)
            if result.returncode:
                print(result.stderr)
                return 1
            print(f"wrote {step[step.index('-o') + 1]}")
    return 0


def pins(text):
    """{(normalised name, version)} of every ``name==version`` line (markers ignored: a universal lock may pin
    two versions of one package, each for its own Pythons)."""
    return {(re.sub(r"[-_.]+", "-", name).lower(), version) for name, version in _PIN.findall(text)}


def check_one(lock, python, platform):
    """'' if ``lock`` resolves for this target with wheels only and needs nothing it does not pin; else why not."""
    result = _compile(["--python-version", python, "--python-platform", platform, "--only-binary", ":all:",
                       "--no-annotate", lock, "-o", "-"], quiet=False)
    if result.returncode:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        return " ".join(lines[-3:])[:600]
    locked, resolved = pins((ROOT / lock).read_text(encoding="utf-8")), pins(result.stdout)
    names = {name for name, _ in locked}
    unpinned = sorted(f"{name}=={version}" for name, version in resolved - locked if name not in names)
    moved = sorted(f"{name}=={version}" for name, version in resolved - locked if name in names)
    if unpinned or moved:
        return (f"incomplete lock: the resolution needs {', '.join(unpinned) or 'nothing unpinned'} "
                f"and other versions: {', '.join(moved) or 'none'}")
    return ""


def check():
    """Resolve every lock for every target; print one line each; 0 if all resolve."""
    targets = [(lock, python, platform) for lock in (LEARNER, DEV) for python in PYTHONS for platform in PLATFORMS]
    targets.append((BINDER, BINDER_PYTHON, "x86_64-manylinux_2_28"))
    targets += [(TOOLS, python, "x86_64-manylinux_2_28") for python in PYTHONS[:3]]
    failures = 0
    with ThreadPoolExecutor(max_workers=4) as pool:  # uv waits on the index most of the time
        problems = list(pool.map(lambda target: check_one(*target), targets))
    for (lock, python, platform), problem in zip(targets, problems):
        failures += bool(problem)
        print(f"{lock:25s} Python {python} {platform:24s} {'FAILED: ' + problem if problem else 'resolves'}",
              flush=True)
    print(f"\n{len(targets) - failures} of {len(targets)} lock resolutions passed.")
    return 1 if failures else 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="resolve the locks for every claimed Python; change nothing")
    parser.add_argument("--upgrade", action="store_true", help="when regenerating, move every pin to its newest version")
    args = parser.parse_args(argv)
    return check() if args.check else regenerate(args.upgrade)


if __name__ == "__main__":
    sys.exit(main())

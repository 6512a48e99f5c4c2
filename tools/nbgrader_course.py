#!/usr/bin/env python3
"""Write an nbgrader course folder holding the lessons, ready for ``nbgrader generate_assignment``.

    python tools/nbgrader_course.py FOLDER                     every lesson
    python tools/nbgrader_course.py FOLDER notebooks/01_activations.ipynb ...

In FOLDER it writes ``source/<lesson>/<lesson>.ipynb`` for each lesson (one nbgrader assignment per
lesson, named like the file: ``01_activations``) and ``nbgrader_config.py``, which

* makes the checkers strict while nbgrader runs a notebook (``nbgrader_strict_checks.py``, copied next to
  it): a checker that prints ❌ raises, so its cell gets 0 points - in the lessons checkers never raise;
* lets the kernels import ``nn_helpers`` from this repository if it is not installed;
* gives each cell 300 s (lessons 9 and 10 train Keras models).

Then, in FOLDER:  ``nbgrader generate_assignment 01_activations`` writes the student version to
``release/01_activations/``; collect the students' work into ``submitted/<student>/01_activations/`` and
``nbgrader autograde 01_activations`` grades it (INSTRUCTORS.md, "Grading").
The lessons carry nbgrader's metadata already (``course.py stamp``); nbgrader is not needed to make
this folder.
"""

import argparse
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOOK = Path(__file__).resolve().parent / "nbgrader_strict_checks.py"

CONFIG = '''# nbgrader's configuration for the course "Neural Networks from Scratch" (written by tools/nbgrader_course.py).
import os
import sys

c = get_config()  # noqa: F821
c.CourseDirectory.course_id = "neural-networks-from-scratch"
HERE = os.path.dirname(os.path.abspath(__file__))
COURSE_REPOSITORY = {repository!r}  # where nn_helpers comes from if the kernel has not installed it
c.Execute.timeout = 300
c.Execute.extra_arguments = [
    "--HistoryManager.hist_file=:memory:",
    # Before the first cell: the repository on sys.path if nn_helpers is not importable ...
    "--IPKernelApp.exec_lines=import importlib.util, sys; importlib.util.find_spec('nn_helpers') or "
    f"sys.path.insert(0, {{COURSE_REPOSITORY!r}})",
    # ... and checkers that raise when they do not pass, so nbgrader sees a failed test.
    "--IPKernelApp.exec_files=" + os.path.join(HERE, "nbgrader_strict_checks.py"),
]
'''


def lessons():
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from make_student_versions import lesson_notebooks
    return lesson_notebooks()


def write_course(folder, notebooks=None, repository=ROOT):
    """Write the course folder; return the assignment names."""
    folder = Path(folder)
    notebooks = [Path(path) for path in notebooks] if notebooks else lessons()
    names = []
    for path in notebooks:
        assignment = folder / "source" / path.stem
        assignment.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, assignment / path.name)
        names.append(path.stem)
    shutil.copyfile(HOOK, folder / HOOK.name)
    (folder / "nbgrader_config.py").write_text(CONFIG.format(repository=str(Path(repository).resolve())),
                                               encoding="utf-8")
    return names


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args(argv)
    names = write_course(args.folder, args.notebooks)
    print(f"wrote {args.folder}/: assignments {', '.join(names)}\n"
          f"next: cd {args.folder} && nbgrader generate_assignment {names[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

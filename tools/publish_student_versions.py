#!/usr/bin/env python3
"""Publish the student versions in ``student/``, so links can reach them: Colab badges and nbgitpuller links.

    python tools/publish_student_versions.py           write student/<lesson>.ipynb for every lesson
    python tools/publish_student_versions.py --check   change nothing; exit 1 if student/ is out of date

Each file is the lesson's student version (``make_student_versions.py``: solutions replaced by stubs,
outputs cleared) with its Colab badge pointing at itself, ``student/<lesson>.ipynb``, instead of at the
answer key.  The set-up cell is the lesson's own: on Colab it fetches the same commit; elsewhere it finds
``nn_helpers/`` in the folder above.  nbgrader's metadata is kept, so a teacher can also use these files
as nbgrader's source.  ``tests/test_published_student_versions.py`` fails when the folder is out of date:
run this (``python3 course.py student --publish``) after changing a lesson, and commit ``student/``.
"""

import argparse
import sys
import tempfile
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_student_versions as msv  # noqa: E402
import stamp_colab  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PUBLISHED = ROOT / "student"


def student_badge(repo_url, notebook_name):
    url = stamp_colab.colab_url(repo_url, notebook_name).replace("/notebooks/", "/student/")
    return f"[![Open In Colab]({stamp_colab.COLAB_BADGE_IMAGE})]({url})"


def published_texts(root=ROOT):
    """{file name: the text student/<file name> should hold}."""
    repo_url = stamp_colab.repository_url(Path(root) / "pyproject.toml")
    texts = {}
    with tempfile.TemporaryDirectory() as tmp:
        for path in msv.make_student_versions(msv.lesson_notebooks(Path(root) / "notebooks"), tmp):
            notebook = nbformat.read(path, as_version=4)
            if notebook.cells and notebook.cells[0].get("id") == stamp_colab.BADGE_CELL_ID:
                notebook.cells[0].source = student_badge(repo_url, path.name)
            texts[path.name] = nbformat.writes(notebook) + "\n"
    return texts


def problems(root=ROOT):
    folder = Path(root) / "student"
    wanted = published_texts(root)
    found = {path.name for path in folder.glob("*.ipynb")} if folder.is_dir() else set()
    out = [f"student/{name} is missing" for name in sorted(set(wanted) - found)]
    out += [f"student/{name} has no lesson any more" for name in sorted(found - set(wanted))]
    out += [f"student/{name} is out of date" for name in sorted(set(wanted) & found)
            if (folder / name).read_text(encoding="utf-8") != wanted[name]]
    return out


def publish(root=ROOT):
    folder = Path(root) / "student"
    folder.mkdir(exist_ok=True)
    wanted = published_texts(root)
    for path in folder.glob("*.ipynb"):
        if path.name not in wanted:
            path.unlink()
    for name, text in wanted.items():
        (folder / name).write_text(text, encoding="utf-8")
    return sorted(wanted)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args(argv)
    if args.check:
        found = problems()
        print("\n".join(found) or "student/ is up to date.")
        return 1 if found else 0
    print("\n".join(f"wrote student/{name}" for name in publish()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

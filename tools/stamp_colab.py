#!/usr/bin/env python3
"""Stamp every notebook: its Colab badge, its set-up cell (the repository's address and commit), nbgrader's metadata.

    python tools/stamp_colab.py           rewrite what disagrees (notebooks/*.ipynb, README.md)
    python tools/stamp_colab.py --check   change nothing; exit 1 listing every file that disagrees

The address is written in one place only: ``[project.urls] Repository`` in
pyproject.toml.  Everything below is derived from it, and from git: the set-up
cell clones the commit returned by :func:`course_commit` (the last commit that
changed ``nn_helpers/`` or ``data/``), so a lesson saved today keeps getting
the ``nn_helpers`` it was written for.  Stamp after committing changes to
``nn_helpers/`` or ``data/`` (``--check`` and the tests say when it is due).
Stamping changes no output: the set-up cell prints nothing off Colab.

The rules, per notebook (``notebooks/*.ipynb``):

* **Badge.**  The notebook's first cell is a Markdown cell (id ``colab-badge``)
  holding nothing but the "Open in Colab" badge for this notebook.  Stamping
  inserts that cell if it is missing and rewrites it if it differs.  A badge
  line anywhere else in a Markdown cell (for example under the title) is
  removed, so each notebook shows exactly one badge, always at the top.
  Other Colab links (say, from lesson 0 to later lessons) keep their text;
  only their ``<owner>/<repo>`` part is rewritten.
* **Set-up cell.**  The first code cell starts with ``# @title Course set-up``
  (or, in notebooks stamped before, ``# Google Colab set-up``); stamping replaces
  its source with :func:`setup_cell_source`, clears its outputs (it prints
  nothing off Colab) and sets ``cellView: form`` so Colab shows it folded.  If no
  code cell starts with such a line, the cell is inserted (id ``colab-setup``)
  before the first code cell; if the marked cell is not the first code cell,
  that is an error to fix by hand.
* **nbgrader.**  Solution cells and checker cells get nbgrader's metadata
  (``nbgrader_cells.py`` says how they are recognised).

Every other cell is left exactly as it is (ids, sources, outputs), and stamping
twice changes nothing the second time.

In README.md, the block between ``<!-- lessons:start -->`` and
``<!-- lessons:end -->`` is replaced by :func:`lessons_block`: a table of the
lessons, each with its Colab badge, and a Binder badge.
"""

import argparse
import re
import subprocess
import sys
from pathlib import Path

try:
    import nbformat
except ModuleNotFoundError:
    sys.exit("nbformat is missing: run this with the course environment: python3 course.py stamp")

sys.path.insert(0, str(Path(__file__).resolve().parent))
import nbgrader_cells  # noqa: E402  (tools/nbgrader_cells.py)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS_DIR = ROOT / "notebooks"
README = ROOT / "README.md"
PYPROJECT = ROOT / "pyproject.toml"

BRANCH = "main"
BADGE_CELL_ID = "colab-badge"
SETUP_CELL_ID = "colab-setup"
SETUP_MARKER = "# @title Course set-up"
_OLD_SETUP_MARKERS = ("# Google Colab set-up",)  # what earlier stamps wrote; recognised, then replaced
COURSE_PATHS = ("nn_helpers", "data")  # what the set-up cell's commit must match
_COMMIT_LINE = re.compile(r'^COURSE_COMMIT = "([0-9a-f]{40})"', re.MULTILINE)
COLAB_BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE_IMAGE = "https://mybinder.org/badge_logo.svg"
LESSONS_START = "<!-- lessons:start -->"
LESSONS_END = "<!-- lessons:end -->"
# Where the set-up cell puts the course on Colab (the VM's working folder is /content).
COLAB_COURSE_DIR = "/content/course"

_GITHUB_URL = re.compile(r"^https://github\.com/(?P<owner>[A-Za-z0-9_.-]+)/(?P<repo>[A-Za-z0-9_.-]+?)(?:\.git)?/?$")
# A whole line that is an "Open in Colab" badge: [![Open In Colab](image)](link)
_BADGE_LINE = re.compile(r"^\s*\[!\[open in colab\]\([^)]*\)\]\(https://colab\.research\.google\.com/[^)]*\)\s*$",
                         re.IGNORECASE)
_COLAB_GITHUB_LINK = re.compile(r"https://colab\.research\.google\.com/github/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/")
_LESSON_TITLE = re.compile(r"^#\s+(?:Lesson\s+(?P<number>\d+)\s*[–—:-]\s*)?(?P<title>.+?)\s*$")


# --- the address -------------------------------------------------------------------------------------------------

def repository_url(pyproject=PYPROJECT):
    """The repository's web address from ``[project.urls] Repository`` in pyproject.toml.

    Returns the address without a trailing ``.git`` or ``/``, e.g.
    ``"https://github.com/owner/repo"``.  Raises ValueError if the key is
    missing or is not a GitHub repository address.
    """
    text = Path(pyproject).read_text(encoding="utf-8")
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10: read the one key we need
        section = re.search(r"^\[project\.urls\]\s*$(?P<body>.*?)(?=^\[|\Z)", text, re.MULTILINE | re.DOTALL)
        match = section and re.search(r'^Repository\s*=\s*"([^"]*)"', section.group("body"), re.MULTILINE)
        url = match.group(1) if match else None
    else:
        url = tomllib.loads(text).get("project", {}).get("urls", {}).get("Repository")
    if not url:
        raise ValueError(f"{pyproject} has no [project.urls] Repository = \"https://github.com/<owner>/<repo>\"")
    match = _GITHUB_URL.match(url.strip())
    if not match:
        raise ValueError(f"[project.urls] Repository in {pyproject} is {url!r}; expected https://github.com/<owner>/<repo>")
    return f"https://github.com/{match['owner']}/{match['repo']}"


def github_slug(repo_url):
    """``"https://github.com/owner/repo"`` -> ``"owner/repo"``."""
    match = _GITHUB_URL.match(repo_url)
    if not match:
        raise ValueError(f"not a GitHub repository address: {repo_url!r}")
    return f"{match['owner']}/{match['repo']}"


def colab_url(repo_url, notebook_name):
    """The address that opens ``notebooks/<notebook_name>`` of the repository in Colab."""
    return f"https://colab.research.google.com/github/{github_slug(repo_url)}/blob/{BRANCH}/notebooks/{notebook_name}"


def colab_badge(repo_url, notebook_name):
    """The Markdown "Open in Colab" badge for one notebook."""
    return f"[![Open In Colab]({COLAB_BADGE_IMAGE})]({colab_url(repo_url, notebook_name)})"


def binder_url(repo_url, notebook_name="00_welcome.ipynb"):
    """The mybinder.org address that builds the repository and opens a notebook in JupyterLab."""
    return f"https://mybinder.org/v2/gh/{github_slug(repo_url)}/{BRANCH}?urlpath=lab/tree/notebooks/{notebook_name}"


def setup_cell_source(repo_url, commit):
    """The source of the set-up cell, the first code cell of every lesson.

    On Colab (``google.colab`` is imported by Colab's kernel at start-up) it
    fetches one commit of the course into /content/course - ``commit``, the one
    stamped, so a lesson saved to Drive months ago still gets the nn_helpers it
    was written for - and puts the clone on ``sys.path``.  Nothing is installed:
    Colab has every library nn_helpers needs, and the import then works at once,
    with ``data/`` next to the package inside the clone.  git's own message is
    shown if a step fails.  Anywhere else, if nn_helpers is not importable (a
    plain clone, Binder, a hub that copied the course with nbgitpuller), it puts
    the nearest folder above the notebook that holds ``nn_helpers/`` on
    ``sys.path``.  It prints nothing unless git fails.
    """
    return f'''{SETUP_MARKER}: on Colab, fetch the course; elsewhere, find it {{ display-mode: "form" }}
# Stamped by `python3 course.py stamp`: the course's address and the commit whose nn_helpers this lesson uses.
import sys

COURSE_URL = "{repo_url}.git"
COURSE_COMMIT = "{commit}"
if "google.colab" in sys.modules:
    import subprocess

    COURSE_DIR = "{COLAB_COURSE_DIR}"

    def git(*arguments):
        done = subprocess.run(["git", "-C", COURSE_DIR, *arguments], capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"git {{' '.join(arguments)}} failed:\\n{{done.stderr or done.stdout}}")
        return done.stdout.strip()

    subprocess.run(["git", "init", "--quiet", COURSE_DIR], check=True)
    if subprocess.run(["git", "-C", COURSE_DIR, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip() \\
            != COURSE_COMMIT:  # not fetched yet in this session
        git("fetch", "--quiet", "--depth", "1", COURSE_URL, COURSE_COMMIT)
        git("checkout", "--quiet", "--force", "FETCH_HEAD")
    if COURSE_DIR not in sys.path:  # importable at once; Colab has every library nn_helpers needs
        sys.path.insert(0, COURSE_DIR)
else:
    import importlib.util
    import pathlib

    if importlib.util.find_spec("nn_helpers") is None:  # not installed: use the course folder above this notebook
        for folder in [pathlib.Path.cwd(), *pathlib.Path.cwd().parents]:
            if (folder / "nn_helpers" / "__init__.py").is_file():
                sys.path.insert(0, str(folder))
                break'''


def _git(root, *arguments):
    return subprocess.run(["git", "-C", str(root), *arguments], capture_output=True, text=True)


def course_commit(root=ROOT):
    """The commit the set-up cells clone: the last one that changed ``nn_helpers/`` or ``data/``.

    Its ``nn_helpers/`` and ``data/`` are those of HEAD, so it stays the same
    while only lessons change (restamping is then a no-op).  Returns None when
    that cannot be known here: not a git repository, or a shallow clone.
    """
    if _git(root, "rev-parse", "--is-shallow-repository").stdout.strip() != "false":
        return None
    found = _git(root, "log", "-1", "--format=%H", "--", *COURSE_PATHS).stdout.strip()
    if not found:
        return None
    if _git(root, "diff", "--quiet", found, "HEAD", "--", *COURSE_PATHS).returncode:
        found = _git(root, "rev-parse", "HEAD").stdout.strip()  # a merge brought them together
    return found


def uncommitted_course_files(root=ROOT):
    """Changed or new files under nn_helpers/ and data/ that are not committed yet ('' lines dropped)."""
    status = _git(root, "status", "--porcelain", "--untracked-files=all", "--", *COURSE_PATHS).stdout
    return [line[3:] for line in status.splitlines() if line.strip() and not line.endswith(".pyc")
            and "__pycache__" not in line]


def stamped_commit(source):
    """The commit a set-up cell's source clones, or None."""
    match = _COMMIT_LINE.search(source)
    return match.group(1) if match else None


# --- one notebook ------------------------------------------------------------------------------------------------

def _rewrite_colab_links(source, slug):
    return _COLAB_GITHUB_LINK.sub(f"https://colab.research.google.com/github/{slug}/", source)


def _without_badge_lines(source):
    """The Markdown source with every whole-line Colab badge removed (and the blank line it leaves collapsed)."""
    lines = source.split("\n")
    if not any(_BADGE_LINE.match(line) for line in lines):
        return source
    kept, removed_last = [], False
    for line in lines:
        if _BADGE_LINE.match(line):
            removed_last = True
            continue
        if removed_last and not line.strip() and (not kept or not kept[-1].strip()):
            continue  # the badge sat between blank lines (or at the top): drop the blank line it leaves
        kept.append(line)
        removed_last = False
    return "\n".join(kept)


def _setup_cell_index(nb):
    """(index of the marked set-up cell or None, index of the first code cell or None)."""
    code_indices = [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]
    marked = [i for i in code_indices if nb.cells[i].source.lstrip().startswith((SETUP_MARKER, *_OLD_SETUP_MARKERS))]
    return (marked[0] if marked else None), (code_indices[0] if code_indices else None)


def notebook_problems(nb, notebook_name, repo_url, commit=None):
    """Every way the notebook disagrees with the rules in this module's docstring, as sentences (empty if none).

    ``commit`` is the one the set-up cell must clone; None accepts any commit (a shallow clone cannot tell).
    """
    problems = []
    badge = colab_badge(repo_url, notebook_name)
    first = nb.cells[0] if nb.cells else None
    if first is None or first.cell_type != "markdown" or first.source != badge:
        problems.append("the first cell is not the Colab badge cell for this notebook")
    for index, cell in enumerate(nb.cells[1:], start=1):
        if cell.cell_type == "markdown" and any(_BADGE_LINE.match(line) for line in cell.source.split("\n")):
            problems.append(f"cell {index} holds another Colab badge line")
    slug = github_slug(repo_url)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for other in sorted(set(_COLAB_GITHUB_LINK.findall(cell.source)) - {slug}):
                problems.append(f"cell {index} links to Colab for {other}, not {slug}")
    marked, first_code = _setup_cell_index(nb)
    if marked is None:
        problems.append(f"no code cell starts with {SETUP_MARKER!r}")
    elif marked != first_code:
        problems.append(f"the Colab set-up cell (cell {marked}) is not the first code cell (cell {first_code})")
    else:
        cell = nb.cells[marked]
        wanted = commit or stamped_commit(cell.source) or "0" * 40
        if cell.source != setup_cell_source(repo_url, wanted):
            old = stamped_commit(cell.source)
            why = (f"clones {old[:12]}, but nn_helpers/ and data/ are those of {wanted[:12]}"
                   if old and old != wanted and cell.source == setup_cell_source(repo_url, old) else
                   "differs from the stamped version")
            problems.append(f"the Colab set-up cell (cell {marked}) {why}")
        if cell.get("outputs"):
            problems.append(f"the Colab set-up cell (cell {marked}) has outputs; off Colab it prints nothing")
        if cell.metadata.get("cellView") != "form":
            problems.append(f"the Colab set-up cell (cell {marked}) lacks the metadata cellView: form")
    problems += nbgrader_cells.problems(nb, notebook_name)
    return problems


def stamp_notebook(nb, notebook_name, repo_url, commit):
    """Bring one notebook (an nbformat NotebookNode, changed in place) in line with the rules. Returns True if it changed.

    Raises ValueError if the set-up cell exists but is not the first code cell
    (moving cells around is left to a person).
    """
    before = nbformat.writes(nb)
    marked, first_code = _setup_cell_index(nb)
    if marked is not None and marked != first_code:
        raise ValueError(f"{notebook_name}: the Colab set-up cell (cell {marked}) is not the first code cell "
                         f"(cell {first_code}); move it up by hand, then stamp again")
    slug = github_slug(repo_url)

    # The set-up cell.
    if marked is None:
        setup = nbformat.v4.new_code_cell(setup_cell_source(repo_url, commit))
        setup.id = _unused_id(nb, SETUP_CELL_ID)
        nb.cells.insert(first_code if first_code is not None else len(nb.cells), setup)
    else:
        setup = nb.cells[marked]
        if setup.source != setup_cell_source(repo_url, commit):
            setup.source = setup_cell_source(repo_url, commit)
        if setup.get("outputs"):
            setup.outputs = []
    if setup.metadata.get("cellView") != "form":
        setup.metadata["cellView"] = "form"  # Colab shows the cell folded, as its title

    # The badge cell, and no other badge lines.
    badge = colab_badge(repo_url, notebook_name)
    has_badge_cell = bool(nb.cells) and nb.cells[0].cell_type == "markdown" and (
        nb.cells[0].get("id") == BADGE_CELL_ID or _without_badge_lines(nb.cells[0].source).strip() == "")
    for cell in nb.cells[1 if has_badge_cell else 0:]:
        if cell.cell_type == "markdown":
            cleaned = _rewrite_colab_links(_without_badge_lines(cell.source), slug)
            if cleaned != cell.source:
                cell.source = cleaned
    if has_badge_cell:
        if nb.cells[0].source != badge:
            nb.cells[0].source = badge
        if nb.cells[0].get("id") != BADGE_CELL_ID:  # a badge cell written by hand: give it the id others look for
            nb.cells[0].id = _unused_id(nb, BADGE_CELL_ID)
    else:
        badge_cell = nbformat.v4.new_markdown_cell(badge)
        badge_cell.id = _unused_id(nb, BADGE_CELL_ID)
        nb.cells.insert(0, badge_cell)
    nbgrader_cells.stamp(nb, notebook_name)
    return nbformat.writes(nb) != before


def _unused_id(nb, wanted):
    taken = {cell.get("id") for cell in nb.cells}
    candidate, number = wanted, 1
    while candidate in taken:
        number += 1
        candidate = f"{wanted}-{number}"
    return candidate


# --- the README ------------------------------------------------------------------------------------------------

def lesson_title(nb, notebook_name):
    """(number, title) from the notebook's first Markdown heading ``# Lesson N – Title``; the file name as fall-back."""
    number = notebook_name.split("_", 1)[0].lstrip("0") or "0"
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for line in cell.source.split("\n"):
            match = _LESSON_TITLE.match(line) if line.startswith("# ") else None
            if match:
                return (match["number"] or number), match["title"]
    return number, Path(notebook_name).stem.split("_", 1)[-1].replace("_", " ").capitalize()


def lessons_block(repo_url, notebooks):
    """The README's lesson table with a Colab badge per lesson, then a Binder badge.

    ``notebooks`` is a list of (file name, NotebookNode), in lesson order.
    """
    rows = ["| Lesson | Notebook | Open in Colab |", "|---|---|---|"]
    for name, nb in notebooks:
        number, title = lesson_title(nb, name)
        rows.append(f"| {number} | [{title}](notebooks/{name}) | {colab_badge(repo_url, name)} |")
    binder = f"[![Binder]({BINDER_BADGE_IMAGE})]({binder_url(repo_url)})"
    return "\n".join(rows) + "\n\nEvery lesson in JupyterLab in your browser, nothing to install: " + binder


def readme_with_lessons(readme_text, block):
    """README text with the marked block replaced by ``block``. Raises ValueError if the markers are missing."""
    start, end = readme_text.find(LESSONS_START), readme_text.find(LESSONS_END)
    if start < 0 or end < start:
        raise ValueError(f"README.md has no {LESSONS_START} ... {LESSONS_END} block (start marker before end marker)")
    return readme_text[:start + len(LESSONS_START)] + "\n" + block + "\n" + readme_text[end:]


# --- the whole repository -----------------------------------------------------------------------------------------

def notebook_paths(root=ROOT):
    return sorted((Path(root) / "notebooks").glob("*.ipynb"))


def check(root=ROOT):
    """Every disagreement in the repository, as lines ``path: problem`` (empty if everything agrees)."""
    root = Path(root)
    repo_url = repository_url(root / "pyproject.toml")
    commit = course_commit(root)
    problems, notebooks = [], []
    for path in notebook_paths(root):
        nb = nbformat.read(path, as_version=4)
        notebooks.append((path.name, nb))
        problems += [f"notebooks/{path.name}: {problem}"
                     for problem in notebook_problems(nb, path.name, repo_url, commit)]
    readme = root / "README.md"
    try:
        text = readme.read_text(encoding="utf-8")
        if readme_with_lessons(text, lessons_block(repo_url, notebooks)) != text:
            problems.append("README.md: the lessons block is out of date")
    except (FileNotFoundError, ValueError) as error:
        problems.append(f"README.md: {error}")
    return problems


def stamp(root=ROOT):
    """Stamp every notebook and the README's lessons block. Returns the relative paths of the files it changed.

    Raises ValueError if nn_helpers/ or data/ have uncommitted changes (the set-up cell clones a commit:
    commit them first) or if the commit cannot be known (not a git repository, or a shallow clone).
    """
    root = Path(root)
    repo_url = repository_url(root / "pyproject.toml")
    pending = uncommitted_course_files(root)
    if pending:
        raise ValueError("commit these first - the set-up cells clone a commit, and these would not be in it: "
                         + ", ".join(pending))
    commit = course_commit(root)
    if commit is None:
        raise ValueError("cannot tell which commit the set-up cells should clone: this is not a git repository "
                         "with its history (a shallow clone?); stamp in a full clone")
    changed, notebooks = [], []
    for path in notebook_paths(root):
        nb = nbformat.read(path, as_version=4)
        if stamp_notebook(nb, path.name, repo_url, commit):
            nbformat.write(nb, path)
            changed.append(f"notebooks/{path.name}")
        notebooks.append((path.name, nb))
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    updated = readme_with_lessons(text, lessons_block(repo_url, notebooks))
    if updated != text:
        readme.write_text(updated, encoding="utf-8")
        changed.append("README.md")
    return changed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 listing what disagrees")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem)
        if problems:
            print(f"\n{len(problems)} disagreement(s) with {repository_url()}; run: python3 course.py stamp")
            return 1
        print(f"Every notebook and README.md agree with {repository_url()}")
        return 0
    try:
        changed = stamp()
    except ValueError as error:
        print(error)
        return 1
    print("\n".join(f"stamped {path}" for path in changed) or "Nothing to change.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

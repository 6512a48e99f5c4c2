"""The learner's own copy of the lessons, my-work/, and the JupyterLab settings `course.py start` uses.

Standard library only: `course.py start` runs this before (and without) the course's virtual environment.

    python3 tools/workspace.py                  create or update my-work/ and say what changed
    python3 tools/workspace.py --refresh 03     replace my-work/03_*.ipynb by the course's version, keeping a backup

my-work/ is git-ignored, so it is never part of a commit and `git pull` never touches it.  It starts as a
copy of the published student versions, student/ (every solution replaced by a stub).  Each later start
compares it with student/ through a manifest, my-work/.course-manifest.json, which records what was copied:

* a lesson that is not in my-work/ yet (a new one, or one the learner deleted) is copied in;
* a lesson the learner has not edited (its cells' sources are those copied) whose student version changed
  is replaced by the new version (its outputs go: they come back when the lesson is run again);
* a lesson the learner edited is never touched; if the course changed it, one line says so and how to take
  the new version (`--refresh`, which first moves the learner's file to my-work/backups/).

"Edited" means a cell's type or source differs from the copy: running a lesson (outputs, execution counts,
saved widget state) is not editing it.
"""

import hashlib
import json
import os
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKSPACE = "my-work"  # the learner's folder, next to notebooks/ (git-ignored)
STUDENT = "student"  # the published student versions, the source of every copy
MANIFEST = ".course-manifest.json"  # inside the workspace: what was copied, by hash
BACKUPS = "backups"  # inside the workspace: the learner's files replaced by --refresh
LESSONS = "[0-9][0-9]_*.ipynb"
SETTINGS = "jupyterlab-settings"  # the course's JupyterLab settings, in the repository
SETTINGS_COPY = ".jupyterlab-settings"  # inside the workspace: the settings JupyterLab reads and writes
WORKSPACES_COPY = ".jupyterlab-workspaces"  # inside the workspace: JupyterLab's saved layouts for this course


# --- what a notebook says ------------------------------------------------------------------------------------------

def sources_hash(path):
    """sha256 of a notebook's cell types and sources (outputs and metadata left out); None if it is not a notebook."""
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8"))["cells"]
        content = [[cell["cell_type"], "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]]
                   for cell in cells]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return hashlib.sha256(json.dumps(content, ensure_ascii=False).encode("utf-8")).hexdigest()


def file_hash(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


# --- the workspace ---------------------------------------------------------------------------------------------------

@dataclass
class Report:
    """What one synchronisation did, lesson file names in each list."""
    workspace: Path
    created: bool = False  # no lesson had been copied before
    added: list = field(default_factory=list)
    updated: list = field(default_factory=list)  # unedited, replaced by a new student version
    kept: list = field(default_factory=list)  # edited by the learner while the course changed them: left alone

    def lines(self):
        """What to tell the learner: at most one line per kind of change, nothing when nothing changed."""
        name = self.workspace.name
        said = []
        if self.created:
            said.append(f"Created {name}/, your own copy of the {len(self.added)} lessons: exercises empty, yours to "
                        "fill in, never overwritten; the answer key is notebooks/.")
        elif self.added:
            said.append(f"Added to {name}/: {', '.join(self.added)}.")
        if self.updated:
            said.append(f"Updated in {name}/ to the course's new version (you had not edited them): "
                        f"{', '.join(self.updated)}.")
        if self.kept:
            example = self.kept[0][:2]
            said.append(f"Kept your edited {', '.join(self.kept)} although the course has changed "
                        f"{'it' if len(self.kept) == 1 else 'them'}; to take the new version (yours goes to "
                        f"{name}/{BACKUPS}/): python3 course.py start --refresh {example}")
        return said


def _read_manifest(workspace):
    try:
        lessons = json.loads((workspace / MANIFEST).read_text(encoding="utf-8"))["lessons"]
        return lessons if isinstance(lessons, dict) else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _write_manifest(workspace, lessons):
    text = {"about": "What `python3 course.py start` copied from student/ into this folder, by hash, so that it "
                     "updates only the lessons you have not edited. Delete a lesson's file to get the course's "
                     "version of it at the next start.",
            "lessons": dict(sorted(lessons.items()))}
    (workspace / MANIFEST).write_text(json.dumps(text, indent=1) + "\n", encoding="utf-8")


def _copy(source, target, lessons):
    shutil.copyfile(source, target)
    lessons[target.name] = {"sources": sources_hash(target), "file": file_hash(target)}


def sync(root=ROOT):
    """Create my-work/ from student/, or bring it up to date without touching what the learner edited."""
    root = Path(root)
    workspace = root / WORKSPACE
    published = sorted((root / STUDENT).glob(LESSONS))
    if not published:
        raise SystemExit(f"No student versions in {root / STUDENT}: is this the course folder?")
    report = Report(workspace, created=not (workspace / MANIFEST).exists())  # (--answers may have made the folder)
    workspace.mkdir(exist_ok=True)
    lessons = _read_manifest(workspace)
    for source in published:
        target = workspace / source.name
        copied = lessons.get(source.name)
        if not target.exists():
            _copy(source, target, lessons)
            report.added.append(source.name)
            continue
        new_version = sources_hash(source)
        mine = sources_hash(target)
        if mine == new_version:
            continue  # the same lesson (perhaps run): nothing to do
        if copied is None or copied.get("sources") != mine:  # edited, or not ours at all: the learner's
            if copied is None or copied.get("sources") != new_version:
                report.kept.append(source.name)
            continue
        _copy(source, target, lessons)  # unedited, and the course changed it
        report.updated.append(source.name)
    _write_manifest(workspace, lessons)
    return report


def find_lesson(root, name):
    """The student version a learner means by '03', '3', '03_forward_propagation' or a file name."""
    stem = Path(str(name)).name.removesuffix(".ipynb")
    published = sorted((Path(root) / STUDENT).glob(LESSONS))
    if stem.isdigit():
        stem = f"{int(stem):02d}_"
        matches = [path for path in published if path.name.startswith(stem)]
    else:
        matches = [path for path in published if path.stem == stem]
    if len(matches) != 1:
        known = ", ".join(path.name[:2] for path in published)
        raise SystemExit(f"No lesson {name!r} to refresh; the lessons are {known} (e.g. --refresh 03).")
    return matches[0]


def refresh(root, name):
    """Replace the learner's copy of one lesson by the course's version; return (lesson, backup or None)."""
    root = Path(root)
    source = find_lesson(root, name)
    workspace = root / WORKSPACE
    workspace.mkdir(exist_ok=True)
    target = workspace / source.name
    backup = None
    if target.exists():
        backup = workspace / BACKUPS / f"{source.stem}.{time.strftime('%Y-%m-%d-%H%M%S')}.ipynb"
        backup.parent.mkdir(exist_ok=True)
        shutil.move(target, backup)
    lessons = _read_manifest(workspace)
    _copy(source, target, lessons)
    _write_manifest(workspace, lessons)
    return target, backup


def lesson_to_open(root=ROOT):
    """The lesson the learner saved last (the first lesson if none is saved yet), in my-work/."""
    workspace = Path(root) / WORKSPACE
    lessons = _read_manifest(workspace)
    saved = [path for path in workspace.glob(LESSONS)
             if lessons.get(path.name, {}).get("file") != file_hash(path)]  # changed since it was copied
    if saved:
        return max(saved, key=lambda path: path.stat().st_mtime)
    return min(workspace.glob(LESSONS))


# --- JupyterLab's settings -----------------------------------------------------------------------------------------

def global_settings_dir():
    """Where JupyterLab keeps the learner's own settings when nothing overrides it."""
    if os.environ.get("JUPYTERLAB_SETTINGS_DIR"):
        return Path(os.environ["JUPYTERLAB_SETTINGS_DIR"])
    config = os.environ.get("JUPYTER_CONFIG_DIR") or Path.home() / ".jupyter"
    return Path(config) / "lab" / "user-settings"


def prepare_settings(root=ROOT, target=None, learners=None):
    """Fill a JupyterLab settings folder with the course's settings; return it (default: my-work/.jupyterlab-settings).

    The first time, the learner's own settings (``learners``, default: their global ones) are copied in, so a
    chosen theme or shortcut carries over; their global folder is only read, never written.  Then each
    setting of the course's folder (jupyterlab-settings/ in the repository) is set in the copy, keeping
    every other key of the same file.  JupyterLab itself writes to the copy when the learner changes a
    setting, so the repository's folder stays as committed.
    """
    root = Path(root)
    target = Path(target) if target else root / WORKSPACE / SETTINGS_COPY
    learners = Path(learners) if learners else global_settings_dir()
    if not target.exists():
        if learners.is_dir() and learners.resolve() != target.resolve():
            shutil.copytree(learners, target)
        target.mkdir(parents=True, exist_ok=True)
    for course_file in sorted((root / SETTINGS).rglob("*.jupyterlab-settings")):
        wanted = json.loads(course_file.read_text(encoding="utf-8"))
        copy = target / course_file.relative_to(root / SETTINGS)
        current = {}
        if copy.exists():
            try:
                current = json.loads(copy.read_text(encoding="utf-8"))
            except ValueError:  # JupyterLab also accepts comments (JSON5); rewrite such a file as plain JSON
                current = {}
        if not isinstance(current, dict):
            current = {}
        if any(current.get(key) != value for key, value in wanted.items()) or not copy.exists():
            current.update(wanted)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(json.dumps(current, indent=4) + "\n", encoding="utf-8")
    return target


def jupyterlab_environment(root=ROOT, settings=None):
    """Environment variables for a JupyterLab with the course's settings and layouts, not the learner's global ones."""
    root = Path(root).resolve()
    settings = prepare_settings(root, settings).resolve()
    return {"JUPYTERLAB_SETTINGS_DIR": str(settings),
            "JUPYTERLAB_WORKSPACES_DIR": str(settings.parent / WORKSPACES_COPY)}


def main(arguments):
    if arguments[:1] == ["--refresh"] and len(arguments) == 2:
        target, backup = refresh(ROOT, arguments[1])
        print(f"{target.relative_to(ROOT)} is the course's version again"
              + (f"; yours is {backup.relative_to(ROOT)}." if backup else "."))
        return 0
    if arguments:
        print(__doc__.split("\n\n")[1])
        return 2
    for line in sync(ROOT).lines():
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

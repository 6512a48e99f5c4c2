"""The published student versions in student/ are those the lessons make today (badges pointing at themselves)."""

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import publish_student_versions as publish  # noqa: E402


def test_student_folder_is_in_sync_with_the_lessons():
    problems = publish.problems(ROOT)
    assert not problems, "run `python3 course.py student --publish` and commit student/:\n" + "\n".join(problems)


def test_publishing_writes_handouts_whose_badges_open_the_handouts(tmp_path):
    for name in ("notebooks", "nn_helpers"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "pyproject.toml").write_text((ROOT / "pyproject.toml").read_text())
    names = publish.publish(tmp_path)
    assert names and publish.problems(tmp_path) == []
    for name in names:
        notebook = nbformat.read(tmp_path / "student" / name, as_version=4)
        assert f"/blob/main/student/{name})" in notebook.cells[0].source
        assert not any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    (tmp_path / "student" / names[0]).write_text("{}")
    assert publish.problems(tmp_path) == [f"student/{names[0]} is out of date"]

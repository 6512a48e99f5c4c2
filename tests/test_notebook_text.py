"""The notebooks' cell sources hold no control characters.

A LaTeX command written in an ordinary (not raw) Python string loses its backslash: "\\approx" becomes a BEL
character followed by "pprox", "\\theta" a tab and "heta", "\\frac" a form feed.  Such a character renders as
nothing, or as garbage, so a cell source may hold only printable text and newlines.
"""

import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parent.parent / "notebooks").glob("*.ipynb"))
CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")  # every control character except the newline \n


def test_there_are_notebooks_to_check():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[path.name for path in NOTEBOOKS])
def test_no_control_characters_in_cell_sources(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found = []
    for index, cell in enumerate(cells):
        source = "".join(cell["source"])
        for match in CONTROL.finditer(source):
            context = source[max(0, match.start() - 25):match.end() + 25]
            found.append(f"cell {index} ({cell['cell_type']}): {match.group()!r} in {context!r}")
    assert not found, "control characters in cell sources:\n" + "\n".join(found)

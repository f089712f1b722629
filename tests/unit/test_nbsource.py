"""coursekit.nbsource: lesson sources are jupytext percent format, and round-trip through jupytext."""

from pathlib import Path

import jupytext
import pytest

from coursekit.nbsource import read_source, source_to_notebook

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(p for p in (ROOT / "notebooks").glob("[0-9][0-9]_*/[0-9][0-9]_*.py") if p.stem == p.parent.name)
CONFIG = jupytext.config.load_jupytext_configuration_file(str(ROOT / "notebooks" / "jupytext.toml"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_source_round_trips_through_jupytext(source):
    """What JupyterLab's jupytext pairing writes back from the built notebook is the source itself."""
    text = source.read_text(encoding="utf-8")
    back = jupytext.writes(source_to_notebook(source), fmt="py:percent", config=CONFIG)
    assert back == text, f"{source.name} is not in jupytext's canonical layout (rewrite it with jupytext)"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_solution_and_test_keys_become_nbgrader_metadata(source):
    nb = source_to_notebook(source)
    graded = [c for c in nb.cells if "nbgrader" in c.metadata]
    assert graded, f"{source.name} has no graded cell"
    for cell in graded:
        meta = cell.metadata["nbgrader"]
        assert meta["grade_id"] == cell.id == (cell.metadata.get("solution") or cell.metadata.get("test"))
        assert meta["solution"] is ("solution" in cell.metadata) and meta["grade"] is ("test" in cell.metadata)
    assert sum(c.metadata["nbgrader"].get("points", 0) for c in graded) == 10


def test_one_cell_of_each_kind(tmp_path):
    text = ('# %% [markdown]\n# Hello\n\n# %%\nx = 1\n\n# %% solution="f"\ndef f():\n    return 1\n\n'
            '# %% test="test_f" points=2 tags=["nbval-ignore-output"]\nassert f() == 1\n')
    path = tmp_path / "l.py"
    path.write_text(text)
    nb = source_to_notebook(path)
    assert [c.cell_type for c in nb.cells] == ["markdown", "code", "code", "code"]
    assert nb.cells[0].source == "Hello" and nb.cells[1].id == "cell-001"
    assert nb.cells[2].metadata["nbgrader"] == {"grade": False, "solution": True, "locked": False,
                                                "grade_id": "f", "schema_version": 3}
    assert nb.cells[3].metadata["nbgrader"]["points"] == 2.0
    assert nb.cells[3].metadata["tags"] == ["nbval-ignore-output"]


@pytest.mark.parametrize("header, message", [
    ('# %% id="x"', "unknown metadata"),
    ('# %% solution="f" test="g"', "both a solution and a test"),
    ('# %% points=1', "points but is not a test"),
])
def test_bad_headers_are_refused_with_the_cell(header, message):
    with pytest.raises(ValueError, match=message):
        read_source(f"{header}\nx = 1\n", "lesson.py")


@pytest.mark.parametrize("header, message", [
    ('# %% test="t" points=0', "points must be a positive number"),
    ('# %% solution="not an id"', "must be a Python identifier"),
])
def test_bad_values_are_refused(tmp_path, header, message):
    path = tmp_path / "l.py"
    path.write_text(f"{header}\nx = 1\n")
    with pytest.raises(ValueError, match=message):
        source_to_notebook(path)

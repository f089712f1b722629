"""Every lesson: its .ipynb matches its .py source, and it is well formed for nbgrader.

Execution and output comparison of the notebooks is nbval's job (``make test`` runs
``pytest --nbval`` over ``notebooks/``)."""
from pathlib import Path

import nbformat
import pytest

from coursekit.nbsource import same_cells, source_to_notebook

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*/[0-9][0-9]_*.py"))


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_notebook_is_built_from_its_source(source):
    built = nbformat.read(source.with_suffix(".ipynb"), as_version=4)
    problems = same_cells(source_to_notebook(source), built)
    assert not problems, f"{source.name}: run `make notebooks` ({problems[:3]})"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_lesson_is_worth_ten_points_and_executed(source):
    nb = nbformat.read(source.with_suffix(".ipynb"), as_version=4)
    points = sum(c.metadata.get("nbgrader", {}).get("points", 0) for c in nb.cells)
    assert points == 10
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "store executed outputs: run `make notebooks`"
    assert not any(o.output_type == "error" for c in code for o in c.outputs), "the reference notebook raised"
    for c in nb.cells:
        meta = c.metadata.get("nbgrader", {})
        if meta.get("solution"):
            assert "### BEGIN SOLUTION" in c.source and "### END SOLUTION" in c.source, meta["grade_id"]
    hidden = [c for c in nb.cells if "### BEGIN HIDDEN TESTS" in c.source]
    assert hidden, "a lesson must have hidden tests"


def test_one_seed_per_notebook():
    for source in SOURCES:
        text = source.read_text()
        top = text.split("### BEGIN SOLUTION")[0]
        assert "default_rng(" in top, f"{source.stem}: seed the notebook's rng near the top"
        assert "np.random.seed" not in text, f"{source.stem}: no global seeding"

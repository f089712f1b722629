"""Lesson sources: jupytext percent-format ``.py`` files that become nbgrader notebooks.

Each lesson is written as ``notebooks/NN_name/NN_name.py``, plain text that diffs and reviews well, in
jupytext's percent format (https://jupytext.readthedocs.io/en/latest/formats-scripts.html), and built
into ``NN_name.ipynb`` (with executed outputs, which nbval compares). The course adds two cell
metadata keys, which this module maps to nbgrader's::

    # %% [markdown]                         prose
    # %%                                    an ordinary code cell
    # %% tags=["nbval-ignore-output"]       a code cell with tags
    # %% solution="svm_loss"                a student answer cell (### BEGIN/END SOLUTION inside)
    # %% test="test_svm_loss_shape" points=1   an autograded test cell (read-only)

Because the headers are jupytext's own, ``notebooks/jupytext.toml`` pairs every lesson's ``.ipynb``
with its ``.py``: an author who edits the notebook in JupyterLab edits the source.
``tests/unit/test_nbsource.py`` round-trips every source; ``tests/unit/test_notebooks.py`` checks that
every committed ``.ipynb`` has exactly the cells its ``.py`` describes.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat

__all__ = ["read_source", "source_to_notebook", "same_cells", "CELL_KEYS"]

#: the cell metadata keys a lesson source may use (jupytext keeps them when it writes the ``.py``)
CELL_KEYS = ("solution", "test", "points", "tags")
#: what jupytext itself records about blank lines around a cell (layout, not content)
_LAYOUT_KEYS = ("lines_to_next_cell", "lines_to_end_of_cell_marker")


def read_source(text: str, where: str = "<source>") -> nbformat.NotebookNode:
    """Parse a lesson source with jupytext; raise ``ValueError`` naming the cell on unknown keys."""
    nb = jupytext.reads(text, fmt="py:percent")
    for index, cell in enumerate(nb.cells):
        for key in _LAYOUT_KEYS:
            cell.metadata.pop(key, None)
        unknown = set(cell.metadata) - set(CELL_KEYS)
        if unknown:
            raise ValueError(f"{where}: cell #{index} has unknown metadata {sorted(unknown)}; "
                             f"a lesson source may use {list(CELL_KEYS)}")
        if cell.cell_type == "markdown" and set(cell.metadata) & {"solution", "test"}:
            raise ValueError(f"{where}: markdown cell #{index} cannot be a solution or test cell")
        if "solution" in cell.metadata and "test" in cell.metadata:
            raise ValueError(f"{where}: cell #{index} is both a solution and a test cell")
        if "points" in cell.metadata and "test" not in cell.metadata:
            raise ValueError(f"{where}: cell #{index} has points but is not a test cell")
    return nb


def source_to_notebook(path: Path) -> nbformat.NotebookNode:
    """Build the (unexecuted) nbgrader notebook described by the lesson source at ``path``."""
    path = Path(path)
    src = read_source(path.read_text(encoding="utf-8"), str(path))
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    seen = set()
    for index, cell in enumerate(src.cells):
        meta = dict(cell.metadata)
        if cell.cell_type == "markdown":
            nbcell = nbformat.v4.new_markdown_cell(cell.source)
        else:
            nbcell = nbformat.v4.new_code_cell(cell.source)
        grade_id = meta.get("solution") or meta.get("test")
        if grade_id is not None and not (isinstance(grade_id, str) and grade_id.isidentifier()):
            raise ValueError(f"{path}: cell #{index}: the id {grade_id!r} must be a Python identifier")
        cell_id = grade_id or f"cell-{index:03d}"
        if cell_id in seen:
            raise ValueError(f"{path}: duplicate cell id {cell_id!r}")
        seen.add(cell_id)
        nbcell["id"] = cell_id
        nbcell.metadata.update(meta)  # the source keys stay, so jupytext can write the .py back
        if grade_id:
            test = "test" in meta
            nbg = {"grade": test, "solution": not test, "locked": test, "grade_id": cell_id,
                   "schema_version": 3}
            if test:
                points = meta.get("points", 1)
                if not isinstance(points, (int, float)) or isinstance(points, bool) or points <= 0:
                    raise ValueError(f"{path}: test cell {cell_id!r}: points must be a positive number, got {points!r}")
                nbg["points"] = float(points)
            nbcell.metadata["nbgrader"] = nbg
        nb.cells.append(nbcell)
    return nb


def same_cells(a: nbformat.NotebookNode, b: nbformat.NotebookNode) -> list[str]:
    """Differences between the cells of two notebooks (type, id, source, nbgrader metadata)."""
    problems = []
    if len(a.cells) != len(b.cells):
        problems.append(f"{len(a.cells)} cells vs {len(b.cells)}")
    for i, (x, y) in enumerate(zip(a.cells, b.cells)):
        if x.cell_type != y.cell_type or x.get("id") != y.get("id") or x.source != y.source:
            problems.append(f"cell {i} ({x.get('id')}) differs")
        elif x.metadata.get("nbgrader") != y.metadata.get("nbgrader"):
            problems.append(f"cell {i} ({x.get('id')}) has different nbgrader metadata")
        elif x.metadata.get("tags") != y.metadata.get("tags"):
            problems.append(f"cell {i} ({x.get('id')}) has different tags")
    return problems

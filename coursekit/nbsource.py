"""Lesson sources: a readable ``.py`` file of cells that becomes an nbgrader notebook.

Each lesson is written as ``notebooks/NN_name/NN_name.py`` — plain text that diffs
and reviews well — and built into ``NN_name.ipynb`` (with executed outputs, which
nbval compares). A cell starts with a marker line::

    # %% [markdown]                     prose; every line starts with "# " (or is "#")
    # %%                                an ordinary code cell
    # %% [code] tags=nbval-ignore-output,other-tag
    # %% [solution] id=svm_loss         a student answer cell (### BEGIN/END SOLUTION inside)
    # %% [test] id=svm_loss_shape points=1    an autograded test cell (read-only)

``tests/test_notebooks.py`` checks that every committed ``.ipynb`` has exactly the
cells its ``.py`` describes, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

__all__ = ["parse_source", "source_to_notebook", "same_cells"]

_MARKER = re.compile(r"^# %%(?:\s*\[(?P<kind>\w+)\])?(?P<opts>.*)$")
_KINDS = {"markdown", "code", "solution", "test"}


def _options(text: str, where: str) -> dict:
    opts = {}
    for item in text.split():
        if "=" not in item:
            raise ValueError(f"{where}: option {item!r} must look like key=value")
        key, value = item.split("=", 1)
        opts[key] = value
    return opts


def parse_source(text: str, where: str = "<source>") -> list[dict]:
    """Split a lesson source into cells: ``[{"kind", "source", "opts"}, ...]``."""
    cells: list[dict] = []
    current = None
    for lineno, line in enumerate(text.splitlines(), 1):
        match = _MARKER.match(line)
        if match:
            kind = match.group("kind") or "code"
            if kind not in _KINDS:
                raise ValueError(f"{where}:{lineno}: unknown cell kind {kind!r}")
            current = {"kind": kind, "lines": [], "opts": _options(match.group("opts"), f"{where}:{lineno}")}
            cells.append(current)
            continue
        if current is None:
            if line.strip():
                raise ValueError(f"{where}:{lineno}: text before the first '# %%' marker")
            continue
        if current["kind"] == "markdown":
            if line.strip() and not line.startswith("#"):
                raise ValueError(f"{where}:{lineno}: markdown lines must start with '#'")
            line = line[2:] if line.startswith("# ") else line[1:]
        current["lines"].append(line)
    out = []
    for cell in cells:
        lines = cell["lines"]
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        out.append({"kind": cell["kind"], "source": "\n".join(lines), "opts": cell["opts"]})
    return out


def source_to_notebook(path: Path) -> nbformat.NotebookNode:
    """Build the (unexecuted) notebook described by the lesson source at ``path``."""
    path = Path(path)
    cells = parse_source(path.read_text(encoding="utf-8"), str(path))
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    }
    seen = set()
    for index, cell in enumerate(cells):
        kind, opts = cell["kind"], cell["opts"]
        if kind == "markdown":
            nbcell = nbformat.v4.new_markdown_cell(cell["source"])
        else:
            nbcell = nbformat.v4.new_code_cell(cell["source"])
        cell_id = opts.get("id", f"cell-{index:03d}")
        if cell_id in seen:
            raise ValueError(f"{path}: duplicate cell id {cell_id!r}")
        seen.add(cell_id)
        nbcell["id"] = cell_id
        if kind in ("solution", "test"):
            if "id" not in opts:
                raise ValueError(f"{path}: {kind} cell #{index} needs id=...")
            meta = {"grade": kind == "test", "solution": kind == "solution", "locked": kind == "test",
                    "grade_id": cell_id, "schema_version": 3}
            if kind == "test":
                meta["points"] = float(opts.get("points", 1))
            nbcell.metadata["nbgrader"] = meta
        if "tags" in opts:
            nbcell.metadata["tags"] = opts["tags"].split(",")
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

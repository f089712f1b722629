"""Per-notebook time budget under the autograder (issue: grading a class multiplies every second).

Each lesson must execute in about 10 s on 2 cores under the autograder, starting a fresh
kernel as nbgrader does. Timing in a test is fragile, so this only fails when a notebook is
over budget by a wide margin (3×); ``make bench`` reports the real figures.
"""
import time
from pathlib import Path

import nbformat
import pytest

from coursekit.pipeline import execute_notebook

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*/[0-9][0-9]_*.ipynb"))
BUDGET_S, MARGIN = 10.0, 3.0


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_within_budget_under_the_autograder(path):
    nb = nbformat.read(path, as_version=4)
    t0 = time.perf_counter()
    execute_notebook(nb, path.parent, env={"COURSE_AUTOGRADE": "1"})
    elapsed = time.perf_counter() - t0
    assert elapsed <= BUDGET_S * MARGIN, f"{path.stem}: {elapsed:.1f} s under the autograder (budget {BUDGET_S} s)"

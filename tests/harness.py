"""Autograde hand-made submissions through the real nbgrader path and read back the scores.

A lesson's grader test builds submissions from its source notebook — the reference,
the untouched release, and notebooks whose solution cells were replaced by a realistic
wrong implementation (or whose test cells were edited, deleted, ...) — and calls
:func:`autograde`. That runs ``nbgrader generate_assignment`` once in a temporary course
folder, then ``nbgrader autograde`` over the submissions split into shards that run in
parallel (each shard its own course folder and SQLite gradebook: SQLite takes one
writer at a time), and returns every grade cell's score from the gradebooks plus the
error message the student would see in that cell.
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


@dataclass
class Wrong:
    """A realistic wrong implementation of one exercise.

    ``code`` replaces the whole solution cell ``exercise``. If ``message`` is given, at
    least one test cell of that exercise must fail with a message containing it.
    """

    exercise: str
    name: str
    code: str
    message: str | None = None


@dataclass
class Result:
    scores: dict[str, float]            # grade cell id -> points scored
    max_scores: dict[str, float]
    errors: dict[str, str] = field(default_factory=dict)   # grade cell id -> "ename: evalue"
    notebook: nbformat.NotebookNode | None = None

    @property
    def total(self) -> float:
        return sum(self.scores.values())

    @property
    def max_total(self) -> float:
        return sum(self.max_scores.values())

    def score_of(self, test_ids) -> float:
        return sum(self.scores[t] for t in test_ids)


def source_notebook(lesson: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / lesson / f"{lesson}.ipynb", as_version=4)


def grade_cells(nb, exercise: str | None = None) -> list[str]:
    """Grade-cell ids, optionally only those that follow ``exercise``'s solution cell
    (up to the next solution cell)."""
    ids, current = [], None
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            current = meta["grade_id"]
        elif meta.get("grade"):
            if exercise is None or current == exercise:
                ids.append(meta["grade_id"])
    return ids


def with_cells(nb, replacements: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of ``nb`` with the source of the cells named in ``replacements`` replaced."""
    nb = copy.deepcopy(nb)
    found = set()
    for cell in nb.cells:
        cid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cid in replacements:
            cell.source = replacements[cid]
            found.add(cid)
    missing = set(replacements) - found
    if missing:
        raise KeyError(f"no cells named {sorted(missing)}")
    return nb


def pack_wrongs(wrongs: list[Wrong]) -> dict[str, list[Wrong]]:
    """Group wrong implementations into submissions: the k-th wrong version of every
    exercise goes into submission k, so one notebook run tests several exercises.
    (Use only for exercises whose tests do not call each other.)"""
    by_ex: dict[str, list[Wrong]] = {}
    for w in wrongs:
        by_ex.setdefault(w.exercise, []).append(w)
    packs: dict[str, list[Wrong]] = {}
    for ws in by_ex.values():
        for k, w in enumerate(ws):
            packs.setdefault(f"wrong{k:02d}", []).append(w)
    return packs


def _nbgrader(root: Path, *args: str) -> None:
    env = dict(os.environ, COURSE_ROOT=str(root), COURSE_CELL_TIMEOUT=os.environ.get("COURSE_CELL_TIMEOUT", "20"),
               PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=1800)
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n{proc.stderr[-4000:]}")


def make_course(tmp: Path, lesson: str) -> Path:
    """A course folder in ``tmp`` whose source is the repo's lesson, with the assignment generated."""
    root = tmp / "course"
    (root / "notebooks").mkdir(parents=True)
    os.symlink(NOTEBOOKS / lesson, root / "notebooks" / lesson)
    _nbgrader(root, "generate_assignment", lesson, "--force")
    return root


def release_notebook(root: Path, lesson: str) -> nbformat.NotebookNode:
    return nbformat.read(root / "release" / lesson / f"{lesson}.ipynb", as_version=4)


def autograde(root: Path, lesson: str, submissions: dict[str, nbformat.NotebookNode],
              workers: int = 2) -> dict[str, Result]:
    """Autograde ``submissions`` (student id -> notebook) for ``lesson`` in shards."""
    students = sorted(submissions)
    shards = [students[i::workers] for i in range(workers) if students[i::workers]]
    shard_roots = []
    for k, shard in enumerate(shards):
        sroot = root.parent / f"shard{k}"
        shutil.rmtree(sroot, ignore_errors=True)
        (sroot / "notebooks").mkdir(parents=True)
        os.symlink(NOTEBOOKS / lesson, sroot / "notebooks" / lesson)
        shutil.copy(root / "gradebook.db", sroot / "gradebook.db")
        for student in shard:
            target = sroot / "submitted" / student / lesson
            target.mkdir(parents=True)
            nbformat.write(submissions[student], target / f"{lesson}.ipynb")
        shard_roots.append(sroot)
    with ThreadPoolExecutor(len(shard_roots)) as pool:
        list(pool.map(lambda r: _nbgrader(r, "autograde", lesson, "--create", "--force"), shard_roots))
    results = {}
    from nbgrader.api import Gradebook
    for sroot, shard in zip(shard_roots, shards):
        with Gradebook(f"sqlite:///{sroot / 'gradebook.db'}") as gb:
            for student in shard:
                sub_nb = gb.find_submission_notebook(lesson, lesson, student)
                scores = {g.name: float(g.score) for g in sub_nb.grades if g.cell_type == "code"}
                maxes = {g.name: float(g.max_score) for g in sub_nb.grades if g.cell_type == "code"}
                graded = nbformat.read(sroot / "autograded" / student / lesson / f"{lesson}.ipynb", as_version=4)
                errors = {}
                for cell in graded.cells:
                    gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                    for out in cell.get("outputs", []):
                        if gid and out.output_type == "error":
                            errors[gid] = f"{out.ename}: {out.evalue}"
                results[student] = Result(scores, maxes, errors, graded)
    return results

"""A synthetic graded class, written straight into a gradebook: the mistake report's bench.

Running kernels for 200 students would measure grading, not the report. :func:`synthetic_class`
writes what grading leaves behind -- ``gradebook.db`` (nbgrader's tables, through its ORM, in
one transaction) and one autograded notebook per submission (the lesson's source notebook
without its figures, about the size of a real autograded one, with the judge's verdicts in
its metadata) -- and returns the plan, so a test can compare the report with it.

Per (student, lesson), with probabilities :data:`KINDS`: "correct" (every test passed),
"mistake" (one exercise's test cells failed, the first with a named mistake), "unrecognised"
(one exercise's test cells failed, no mistake named), "blank" (every test cell failed with
``NotImplementedError``), "missing" (not submitted).
"""

from __future__ import annotations

import copy
import json
import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .report import VERDICTS_KEY, LessonInfo, gradebook, lesson_structure

__all__ = ["synthetic_class", "Planned", "KINDS"]

KINDS = {"correct": 0.40, "mistake": 0.34, "unrecognised": 0.10, "blank": 0.08, "missing": 0.08}
MISTAKES_PER_EXERCISE = 3


@dataclass(frozen=True)
class Planned:
    kind: str
    exercise: str = ""
    mistake: str = ""


def _body(source: dict) -> dict:
    nb = copy.deepcopy(source)
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if "data" in out:
                out["data"] = {k: v for k, v in out["data"].items() if not k.startswith("image/") and k != "text/html"}
    return nb


def synthetic_class(root: Path, n_students: int, lesson_ids: list[str], *, notebooks: Path,
                    rng: np.random.Generator) -> tuple[list[LessonInfo], dict[tuple[str, str], Planned]]:
    """Write a graded class of ``n_students`` over ``lesson_ids`` into course folder ``root``
    (``root/notebooks`` links to ``notebooks``); return the lessons and the plan
    ``{(student, lesson): Planned}`` (kind "missing": not submitted)."""
    from nbgrader.api import Grade, Student, SubmittedAssignment, SubmittedNotebook

    if n_students < 1:
        raise ValueError(f"n_students must be >= 1, got {n_students}")
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    if not (root / "notebooks").exists():
        os.symlink(Path(notebooks).resolve(), root / "notebooks")
    lessons, sources = [], {}
    for lid in lesson_ids:
        src = json.loads((Path(notebooks) / lid / f"{lid}.ipynb").read_text(encoding="utf-8"))
        lessons.append(lesson_structure(src, lid, lid))
        sources[lid] = _body(src)
    students = [f"student{k:03d}" for k in range(n_students)]
    kinds, probs = list(KINDS), np.array(list(KINDS.values()))
    plan: dict[tuple[str, str], Planned] = {}
    for s in students:
        for lesson in lessons:
            kind = kinds[rng.choice(len(kinds), p=probs / probs.sum())]
            if kind in ("mistake", "unrecognised"):
                ex = lesson.exercises[rng.integers(len(lesson.exercises))]
                mistake = f"{ex}: known mistake {rng.integers(MISTAKES_PER_EXERCISE) + 1}" if kind == "mistake" else ""
                plan[(s, lesson.id)] = Planned(kind, ex, mistake)
            else:
                plan[(s, lesson.id)] = Planned(kind)
    with gradebook(root / "gradebook.db") as gb:
        cells = {}
        for lesson in lessons:
            gb.add_assignment(lesson.id)
            gb.add_notebook(lesson.notebook, lesson.id)
            for ex in lesson.exercises:
                gb.add_solution_cell(ex, lesson.notebook, lesson.id)
            for t, (_, pts) in lesson.tests.items():
                cells[(lesson.id, t)] = gb.add_grade_cell(t, lesson.notebook, lesson.id, max_score=pts,
                                                          cell_type="code")
        assignments = {a.name: a for a in gb.assignments}
        nb_of = {a.name: a.notebooks[0] for a in gb.assignments}
        db = gb.db
        for s in students:
            student = Student(id=s)
            db.add(student)
            for lesson in lessons:
                p = plan[(s, lesson.id)]
                if p.kind == "missing":
                    continue
                sub = SubmittedAssignment(assignment=assignments[lesson.id], student=student)
                snb = SubmittedNotebook(assignment=sub, notebook=nb_of[lesson.id])
                verdicts = {}
                first = True
                for t, (ex, pts) in lesson.tests.items():
                    if p.kind == "correct" or (p.kind in ("mistake", "unrecognised") and ex != p.exercise):
                        score, v = pts, {"status": "passed", "mistake": None}
                    elif p.kind == "blank":
                        score, v = 0.0, {"status": "blank", "mistake": None}
                    elif p.kind == "mistake" and first:
                        score, v, first = 0.0, {"status": "mistake", "mistake": p.mistake}, False
                    else:
                        score, v = 0.0, {"status": "failed", "mistake": None}
                    db.add(Grade(cell=cells[(lesson.id, t)], notebook=snb, auto_score=score, needs_manual_grade=False))
                    verdicts[t] = v
                folder = root / "autograded" / s / lesson.id
                folder.mkdir(parents=True, exist_ok=True)
                body = dict(sources[lesson.id], metadata=dict(sources[lesson.id].get("metadata", {}),
                                                              **{VERDICTS_KEY: verdicts}))
                (folder / f"{lesson.notebook}.ipynb").write_text(json.dumps(body), encoding="utf-8")
        db.commit()
    return lessons, plan

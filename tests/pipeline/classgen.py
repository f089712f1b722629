"""A generated class for the mistake report's tests (``tests/pipeline/test_report.py``).

Every student gets, per lesson, one of: the reference solution ("correct"), a wrong version
from the lesson's catalogue (``grader.<module>.WRONGS``, eight per lesson spread over its
exercises), the untouched release ("blank"), a
wrong answer the catalogue does not know ("unrecognised"), or nothing ("missing"). The
notebooks are *trimmed* to what grading needs (the import cell, the solution cells and the
test cells): a student may delete the demonstrations, and the class grades in a few minutes.

The expected report is computed here **in process**, without nbgrader, the sandbox, the
judge's recording or the report: each submission's solution code and the lesson's test
cells run in one namespace and every ``GradingError`` is inspected
(:func:`expected_outcome`). The test compares the report built from the real grading run
with that.
"""

from __future__ import annotations

import copy
import importlib
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np

ROOT = Path(__file__).resolve().parents[2]
LESSONS = {"05_ewma": "grader.ewma", "09_lr_decay": "grader.lr_decay"}

#: wrong answers no catalogue entry names (exercise -> code replacing its solution cell)
UNRECOGNISED = {
    "05_ewma": [
        ("ewma", "def ewma(theta, beta, bias_correction=False):\n"
                 "    theta = np.asarray(theta, dtype=float)\n"
                 "    return 0.5 * theta\n"),
        ("ewma", "def ewma(theta, beta, bias_correction=False):\n"
                 "    theta = np.asarray(theta, dtype=float)\n"
                 "    return np.cumsum(theta) / 3.0\n"),
        ("ewma", "def ewma(theta, beta, bias_correction=False):\n"
                 "    return np.zeros(len(theta))\n"),
    ],
    "09_lr_decay": [
        ("inverse_time_decay", "def inverse_time_decay(lr0, decay_rate, epoch):\n"
                               "    return lr0 / (1 + decay_rate * np.asarray(epoch) ** 2)\n"),
        ("exponential_decay", "def exponential_decay(lr0, epoch, base=0.95):\n"
                              "    return lr0 * 0.5 * base ** np.asarray(epoch)\n"),
        ("staircase_decay", "def staircase_decay(lr0, epoch, drop=0.5, epochs_per_drop=10):\n"
                            "    return lr0 + 0 * np.asarray(epoch, dtype=float)\n"),
    ],
}


@dataclass
class Submission:
    student: str
    lesson: str
    kind: str                       # correct | wrong | blank | unrecognised | missing
    label: str = ""                 # the catalogue name or the exercise of an unrecognised answer
    notebook: nbformat.NotebookNode | None = None


@dataclass
class Outcome:
    """What a submission should score, per test cell, and the judge's verdict per test cell."""

    scores: dict[str, float]
    verdicts: dict[str, dict] = field(default_factory=dict)


def source(lesson: str, notebooks: Path = ROOT / "notebooks") -> nbformat.NotebookNode:
    return nbformat.read(Path(notebooks) / lesson / f"{lesson}.ipynb", as_version=4)


def trim(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The first code cell (imports) and every nbgrader cell; outputs cleared."""
    nb = copy.deepcopy(nb)
    first = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code")
    nb.cells = [c for i, c in enumerate(nb.cells) if i == first or c.metadata.get("nbgrader")]
    for c in nb.cells:
        if c.cell_type == "code":
            c.outputs, c.execution_count = [], None
    return nb


def replace(nb, exercise: str, code: str) -> nbformat.NotebookNode:
    nb = copy.deepcopy(nb)
    cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == exercise]
    assert len(cells) == 1, exercise
    cells[0].source = code
    return nb


def blank_of(nb) -> nbformat.NotebookNode:
    """The release's solution cells: the stub nbgrader puts in place of each solution."""
    import re

    nb = copy.deepcopy(nb)
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("solution"):
            c.source = re.sub(r"### BEGIN SOLUTION.*?### END SOLUTION",
                              "# YOUR CODE HERE\n    raise NotImplementedError()", c.source, flags=re.S)
    return nb


#: catalogue wrong versions every generated class holds (a test reads their feedback)
ALWAYS = {"correction never applied"}


def sample_wrongs(wrongs: list, n: int) -> list:
    """``n`` of the catalogue's wrong versions, taken in turn from each exercise (so each exercise
    has its share), the :data:`ALWAYS` ones first; all of them when there are no more than ``n``."""
    by_ex: dict[str, list] = {}
    for w in sorted(wrongs, key=lambda w: w.name not in ALWAYS):
        by_ex.setdefault(w.exercise, []).append(w)
    out, k = [], 0
    while len(out) < min(n, len(wrongs)):
        out += [ws[k] for ws in by_ex.values() if k < len(ws)][:n - len(out)]
        k += 1
    return out


def generate(notebooks: Path, n_students: int = 30, seed: int = 16, max_correct: int = 3,
             max_wrong: int = 8, n_blank: int = 2) -> list[Submission]:
    """The class: per lesson, ``max_wrong`` catalogue wrong versions spread over its exercises
    (:func:`sample_wrongs`; every notebook graded costs a kernel), the unrecognised answers,
    ``n_blank`` blanks, ``max_correct`` correct answers, the rest missing (at least 4); shuffled
    over the students. No student misses every lesson."""
    rng = np.random.default_rng(seed)
    students = [f"s_{k:02d}" for k in range(n_students)]   # "_": never inside base64 (the page's PNGs)
    subs: list[Submission] = []
    missing_of: dict[str, set] = {}
    for lesson, module in LESSONS.items():
        src = trim(source(lesson, notebooks))
        exercises = {c.metadata["nbgrader"]["grade_id"] for c in src.cells
                     if c.metadata.get("nbgrader", {}).get("solution")}
        # the catalogue's wrong versions of the exercises the built notebook has
        wrongs = sample_wrongs([w for w in importlib.import_module(module).WRONGS if w.exercise in exercises],
                               max_wrong)
        plan = [("wrong", w.name, w) for w in wrongs]
        plan += [("unrecognised", ex, code) for ex, code in UNRECOGNISED[lesson]]
        plan += [("blank", "", None)] * n_blank + [("correct", "", None)] * max_correct + [("missing", "", None)] * 4
        if len(plan) > n_students:
            raise ValueError(f"n_students={n_students} is too small for {len(plan)} planned submissions of {lesson}")
        # the rest of the class did not hand this lesson in (every notebook graded costs a kernel)
        plan += [("missing", "", None)] * (n_students - len(plan))
        if sum(len(m) for m in missing_of.values()) + plan.count(("missing", "", None)) >= n_students:
            raise ValueError(f"n_students={n_students}: some student would miss every lesson")
        order = list(rng.permutation(n_students))
        # a student missing an earlier lesson is not also missing this one (each stays in the roster)
        taken = set().union(*missing_of.values()) if missing_of else set()
        missing_slots = [i for i, p in enumerate(plan) if p[0] == "missing"]
        free = [s for s in order if students[s] not in taken]
        order = [s for s in order if s not in free[:len(missing_slots)]]
        assigned = dict(zip(missing_slots, free[:len(missing_slots)]))
        rest = iter(order)
        for i, (kind, label, what) in enumerate(plan):
            sid = students[assigned[i]] if i in assigned else students[next(rest)]
            if kind == "missing":
                missing_of.setdefault(lesson, set()).add(sid)
                nb = None
            elif kind == "correct":
                nb = src
            elif kind == "blank":
                nb = blank_of(src)
            elif kind == "wrong":
                nb = replace(src, what.exercise, what.code)
                label = what.name
            else:
                nb = replace(src, label, what)
            subs.append(Submission(sid, lesson, kind, label, nb))
    return sorted(subs, key=lambda s: (s.student, s.lesson))


def make_course(root: Path, env: dict) -> Path:
    """A course folder with a copy of the generated lessons (a snapshot: the report is compared
    with what these very notebooks give) and their releases."""
    import shutil

    from coursekit.grading import run_nbgrader

    (root / "notebooks").mkdir(parents=True)
    for lesson in LESSONS:
        shutil.copytree(ROOT / "notebooks" / lesson, root / "notebooks" / lesson,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    run_nbgrader(root, "generate_assignment", "*", "--force", env=env)   # nbgrader globs it
    return root


def write(subs: list[Submission], root: Path) -> None:
    """Put the submissions into ``root/submitted/<student>/<lesson>/<lesson>.ipynb``."""
    for s in subs:
        if s.notebook is not None:
            target = root / "submitted" / s.student / s.lesson
            target.mkdir(parents=True, exist_ok=True)
            nbformat.write(s.notebook, target / f"{s.lesson}.ipynb")


def expected_outcome(nb: nbformat.NotebookNode, lesson: str, tmp: Path,
                     notebooks: Path = ROOT / "notebooks") -> Outcome:
    """Run the solution cells, then every test cell of the lesson's source, in this process;
    score each cell as nbgrader does and read each failure's named mistake off the exception.
    Each call of a student's function gets 2 s (they take milliseconds; one that loops forever
    fails either way)."""
    from harness import environ

    with environ(COURSE_CALL_TIMEOUT="2"):
        return _expected_outcome(nb, lesson, tmp, notebooks)


def _expected_outcome(nb, lesson, tmp, notebooks) -> Outcome:
    import contextlib
    import io

    from helpers.grading import GradingError

    import sys

    # what the kernel runs before the tests that matters to them: the import cell, the solutions
    first = next(c for c in nb.cells if c.cell_type == "code")
    cells = [first] + [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution") and c is not first]
    ns: dict = {}
    sys.path.insert(0, str(Path(notebooks) / lesson))      # earlier_lessons.py
    try:
        for k, cell in enumerate(cells):
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(cell.source, str(tmp / f"submission_{k}.py"), "exec"), ns)
            except Exception:  # noqa: BLE001 - a cell that fails to define its function
                pass
    finally:
        sys.path.remove(str(Path(notebooks) / lesson))
    lesson_src = source(lesson, notebooks)
    out = Outcome({})
    for cell in lesson_src.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade") or meta.get("solution"):
            continue
        gid = meta["grade_id"]
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                exec(compile(cell.source, str(tmp / f"{gid}.py"), "exec"), ns)
            out.scores[gid] = float(meta["points"])
            out.verdicts[gid] = {"status": "passed", "mistake": None}
        except GradingError as exc:
            out.scores[gid] = 0.0
            out.verdicts[gid] = ({"status": "mistake", "mistake": exc.mistake} if exc.mistake else
                                 {"status": "blank" if exc.blank else "failed", "mistake": None})
        except Exception:  # noqa: BLE001 - any failing test cell
            out.scores[gid] = 0.0
            out.verdicts[gid] = {"status": "failed", "mistake": None}
    return out


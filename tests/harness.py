"""Autograde hand-made submissions through the real nbgrader path and read back the scores.

A lesson's grader test builds submissions from its source notebook — the reference,
the untouched release, and notebooks whose solution cells were replaced by a realistic
wrong implementation (or whose test cells were edited, deleted, ...) — and calls
:func:`autograde`. That runs ``nbgrader generate_assignment`` once in a temporary course
folder, then ``nbgrader autograde`` over the submissions split into shards that run in
parallel and are merged into one gradebook (``coursekit.grading``, the same code
``make grade`` uses), and returns every grade cell's score plus the error message the
student would see in that cell.

Full nbgrader costs a kernel and the whole notebook per submission, so only a subset of each
catalogue of wrong implementations takes that path (``NBGRADER`` in the grader module); the whole
catalogue is graded by :func:`judge_catalogue`: the same sandboxed kernel and the same judge, one
kernel per lesson, each wrong version's code followed by its exercise's test cells.
"""

from __future__ import annotations

import contextlib
import copy
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grader.mistakes import Wrong  # noqa: F401 - re-exported for the lesson tests
from coursekit.grading import autograde_class, run_nbgrader

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"


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


def graded_only(nb) -> nbformat.NotebookNode:
    """The set-up cell (the first code cell: imports, data), the solution and test cells and the
    prose of ``nb``; the demonstrations are left out, as a student may delete them. Wrong and
    hostile submissions are graded in this form: what they test is in these cells, and a whole
    lesson's experiments per submission cost minutes of the suite. The blank release is always
    graded whole, and the reference of the lessons that ask for it (``whole_reference``)."""
    nb = copy.deepcopy(nb)
    kept, first_code = [], True
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" or meta.get("solution") or meta.get("grade"):
            kept.append(cell)
        elif cell.cell_type == "code" and first_code:
            kept.append(cell)
            first_code = False
    nb.cells = kept
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


@contextlib.contextmanager
def environ(**values: str):
    """Set environment variables for the ``with`` block, and restore them after it."""
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _env() -> dict:
    # short limits: the wrong/hostile submissions include infinite loops. The lessons' grader
    # tests check what the judge decides, so they run without the sandbox where there is none
    # (the red-team tests, which are about isolation, are skipped there instead).
    from coursekit.sandbox import available

    env = {"COURSE_CELL_TIMEOUT": os.environ.get("COURSE_CELL_TIMEOUT", "20"),
           "COURSE_CALL_TIMEOUT": os.environ.get("COURSE_CALL_TIMEOUT", "5")}
    if not available()[0]:
        env["COURSE_SANDBOX"] = "off"
    return env


def lessons() -> list[str]:
    """Every lesson of the repository (a folder ``notebooks/NN_name`` with its notebook)."""
    return [p.name for p in sorted(NOTEBOOKS.iterdir()) if (p / f"{p.name}.ipynb").exists()]


_GENERATED: dict[str, Path] = {}


def _generated_course() -> Path:
    """A course folder with every lesson's assignment generated: one ``nbgrader generate_assignment
    "*"`` per test process (nbgrader globs the assignment), about 5 s instead of 5 s per lesson and
    test. Removed when the process ends."""
    if "root" not in _GENERATED:
        import atexit
        import tempfile

        tmp = Path(tempfile.mkdtemp(prefix="course-tests-"))
        atexit.register(shutil.rmtree, tmp, True)
        root = tmp / "course"
        (root / "notebooks").mkdir(parents=True)
        for lesson in lessons():
            os.symlink(NOTEBOOKS / lesson, root / "notebooks" / lesson)
        run_nbgrader(root, "generate_assignment", "*", "--force", env=_env())
        _GENERATED["root"] = root
    return _GENERATED["root"]


def make_course(tmp: Path, lesson: str | None = None) -> Path:
    """A course folder ``tmp/course``: the repository's lessons (linked), their releases and a
    gradebook that knows every assignment -- a copy of :func:`_generated_course`. (``lesson`` is
    accepted for the callers' readability; every lesson is there.)"""
    root = tmp / "course"
    shutil.copytree(_generated_course(), root, symlinks=True)
    return root


def release_notebook(root: Path, lesson: str) -> nbformat.NotebookNode:
    return nbformat.read(root / "release" / lesson / f"{lesson}.ipynb", as_version=4)


def autograde(root: Path, lesson: str, submissions: dict[str, nbformat.NotebookNode],
              workers: int = 2) -> dict[str, Result]:
    """Autograde ``submissions`` (student id -> notebook) for ``lesson`` with the course's
    parallel grader (``coursekit.grading.autograde_class``) and read the merged gradebook."""
    return autograde_lessons(root, {lesson: submissions}, workers)[lesson]


def autograde_lessons(root: Path, submissions: dict[str, dict[str, nbformat.NotebookNode]],
                      workers: int = 2) -> dict[str, dict[str, Result]]:
    """:func:`autograde` for several lessons in one run: ``{lesson: {student: notebook}}`` ->
    ``{lesson: {student: Result}}``. Each (lesson, student) is its own student of the run
    (``NN-student``), so the shards interleave the lessons and the heavy whole-notebook
    references spread over the workers."""
    from nbgrader.api import Gradebook

    shutil.rmtree(root / "submitted", ignore_errors=True)
    shutil.rmtree(root / "autograded", ignore_errors=True)
    who = {}
    for lesson, subs in submissions.items():
        for student, nb in subs.items():
            sid = f"{lesson[:2]}-{student}"
            who[sid] = (lesson, student)
            target = root / "submitted" / sid / lesson
            target.mkdir(parents=True)
            nbformat.write(nb, target / f"{lesson}.ipynb")
    autograde_class(root, list(submissions), workers=workers, feedback=False, env=_env())
    results: dict[str, dict[str, Result]] = {lesson: {} for lesson in submissions}
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        for sid, (lesson, student) in who.items():
            sub_nb = gb.find_submission_notebook(lesson, lesson, sid)
            scores = {g.name: float(g.score) for g in sub_nb.grades if g.cell_type == "code"}
            maxes = {g.name: float(g.max_score) for g in sub_nb.grades if g.cell_type == "code"}
            graded = nbformat.read(root / "autograded" / sid / lesson / f"{lesson}.ipynb", as_version=4)
            errors = {}
            for cell in graded.cells:
                gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                for out in cell.get("outputs", []):
                    if gid and out.output_type == "error":
                        errors[gid] = f"{out.ename}: {out.evalue}"
            results[lesson][student] = Result(scores, maxes, errors, graded)
    return results


def solution_code(nb, exercise: str) -> str:
    """The source of the solution cell ``exercise`` of ``nb``."""
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == exercise:
            return cell.source
    raise KeyError(exercise)


def grade_in_process(src, code: str, tmp: Path) -> tuple[dict[str, float], dict[str, float], dict[str, str]]:
    """Quick check without nbgrader: run ``code`` as the solution, then every test cell of ``src``.

    Returns scores, max scores and error messages per test cell, scored as nbgrader would
    (a cell that raises scores 0). Used for long catalogues of wrong implementations, of
    which a representative subset also goes through the real nbgrader path. ``tmp`` gives
    the code file names, so the grading checks treat it as student code.
    """
    ns: dict = {}
    exec(compile("import numpy as np", str(tmp / "setup.py"), "exec"), ns)
    exec(compile(code, str(tmp / "submission.py"), "exec"), ns)
    scores, maxes, errors = {}, {}, {}
    for cell in src.cells:
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("grade"):
            continue
        gid = meta["grade_id"]
        maxes[gid] = float(meta["points"])
        try:
            exec(compile(cell.source, str(tmp / f"{gid}.py"), "exec"), ns)
            scores[gid] = maxes[gid]
        except Exception as exc:  # noqa: BLE001 - a failing test cell, as nbgrader sees it
            scores[gid] = 0.0
            errors[gid] = f"{type(exc).__name__}: {exc}"
    return scores, maxes, errors


def judge_catalogue(lesson: str, wrongs: list[Wrong], timeout: int = 20) -> dict:
    """Grade every wrong version of ``lesson`` under the judge, in one sandboxed kernel.

    One notebook is built from the source: the grading prologue, the lesson's set-up cell and its
    solution cells (the references; the demonstrations are left out, as in :func:`graded_only`),
    then for each wrong version its code, the test cells of its exercise and the reference again. :class:`SafeExecute`, the
    preprocessor ``make grade`` runs, executes it: the kernel runs in the sandbox and the test cells
    are judged outside it, by the instructor's hidden tests. A cell that ends with an error scores
    0 (nbgrader's rule, shown for a subset by the nbgrader path). Returns ``{wrong.name: Result}``
    (scores of its exercise's test cells, keyed ``"exercise:name"``) and ``{None: Result}`` for the
    reference's own pass.
    """
    from coursekit.nbgrader_ext import PROLOGUE, SafeExecute

    src = source_notebook(lesson)
    tests = {}
    cells = [nbformat.v4.new_code_cell(PROLOGUE)]
    for cell in graded_only(src).cells:     # the set-up cell and the references
        if cell.cell_type == "code" and not cell.metadata.get("nbgrader", {}).get("grade"):
            cells.append(nbformat.v4.new_code_cell(cell.source))
    runs = [(None, None, sorted({w.exercise for w in wrongs}))] + [(judge_key(w), w.code, [w.exercise]) for w in wrongs]
    for name, code, exercises in runs:
        if code is not None:
            cells.append(nbformat.v4.new_code_cell(code))
        for exercise in exercises:
            for gid in grade_cells(src, exercise):
                cell = copy.deepcopy(next(c for c in src.cells if c.metadata.get("nbgrader", {}).get("grade_id") == gid))
                cell.outputs, cell.id = [], f"judged-{len(cells)}"
                cells.append(cell)
                tests.setdefault(name, []).append(cell)
        if code is not None:
            cells.append(nbformat.v4.new_code_cell(solution_code(src, exercises[0])))
    nb = nbformat.v4.new_notebook(cells=cells, metadata=src.metadata)
    # each call of a student's function gets 2 s (the references' calls take milliseconds; the
    # wrong versions that loop forever cost that, not the class's 5 s)
    with environ(**{**_env(), "COURSE_CALL_TIMEOUT": "2"}):
        ex = SafeExecute(timeout=timeout, source_dir=str(NOTEBOOKS), interrupt_on_timeout=True)
        ex.preprocess(nb, {"nbgrader": {"assignment": lesson, "notebook": lesson}})
    results = {}
    for name, judged in tests.items():
        scores, maxes, errors = {}, {}, {}
        for cell in judged:
            gid = cell.metadata["nbgrader"]["grade_id"]
            maxes[gid] = float(cell.metadata["nbgrader"]["points"])
            failed = [o for o in cell.outputs if o.output_type == "error"]
            scores[gid] = 0.0 if failed else maxes[gid]
            if failed:
                errors[gid] = f"{failed[0].ename}: {failed[0].evalue}"
        results[name] = Result(scores, maxes, errors)
    return results


def judge_key(wrong: Wrong) -> str:
    """Where :func:`judge_catalogue`'s results keep ``wrong``: ``"exercise:name"``."""
    return f"{wrong.exercise}:{wrong.name}"


# ---------------------------------------------------------------------------------------
# the visible tests alone (what a student sees fail in JupyterLab, before any grading)


def visible_only(src: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``src`` with every hidden region cut out: the test cells as the release shows them."""
    import re

    nb = copy.deepcopy(src)
    for cell in nb.cells:
        cell.source = re.sub(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS\n?", "", cell.source, flags=re.S)
    return nb


def exercises(nb) -> list[str]:
    """The graded exercises of ``nb`` (its solution cells), in order."""
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]


def grade_with(src, wrong: Wrong, tmp: Path):
    """:func:`grade_in_process` of ``src`` with ``wrong`` for its exercise and the reference for
    every other one (the student's kernel runs visible tests next to the student's code)."""
    others = [ex for ex in exercises(src) if ex != wrong.exercise]
    code = "\n".join([solution_code(src, ex) for ex in others] + [wrong.code])
    return grade_in_process(src, code, tmp)


def check_visible_tests_catch(lesson: str, wrongs: list[Wrong], name: str, tmp: Path,
                              call_timeout: str = "3") -> None:
    """The visible tests alone take points from the wrong version ``name`` of ``lesson``.

    Each call of the student's function gets ``call_timeout`` seconds (the visible tests' calls
    take milliseconds; a wrong version that loops forever costs that, not the default 10 s)."""
    src = visible_only(source_notebook(lesson))
    wrong = next(w for w in wrongs if w.name == name)
    with environ(COURSE_CALL_TIMEOUT=call_timeout):
        scores, maxes, _ = grade_with(src, wrong, tmp)
    cells = grade_cells(src, wrong.exercise)
    assert sum(scores[c] for c in cells) < sum(maxes[c] for c in cells), \
        f"{name!r} passes every visible test of {wrong.exercise}"

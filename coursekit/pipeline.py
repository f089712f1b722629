"""The course's build and grading steps, each a plain function (the CLI is ``python -m coursekit``).

Folders (all relative to the repository root, all generated and git-ignored):

``build/executed/``  executed copies of the source notebooks
``build/site/``      rendered HTML lessons and ``index.html``
``build/demo/``      a throw-away nbgrader course: two demo submissions per lesson
                     (the reference solution and the untouched release), autograded,
                     with feedback and ``grades.csv``
``release/``         the student version of every lesson (nbgrader ``generate_assignment``)
``submitted/``, ``autograded/``, ``feedback/``, ``gradebook.db``, ``grades.csv``
                     a real class, graded by ``make grade``
``report/``          the mistake report of that class (``make report``; ``coursekit.report``);
                     the demo class's is ``build/demo/report/``
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import course as course_data
from .grading import autograde_class, run_nbgrader
from .nbsource import source_to_notebook

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"


@dataclass(frozen=True)
class Lesson:
    id: str                 # e.g. "01_random_search": folder, notebook and nbgrader assignment name
    title: str
    summary: str
    graded: tuple[str, ...]
    points: float

    @property
    def folder(self) -> Path:
        return NOTEBOOKS / self.id

    @property
    def notebook(self) -> Path:
        return self.folder / f"{self.id}.ipynb"

    @property
    def source(self) -> Path:
        return self.folder / f"{self.id}.py"


def lessons() -> list[Lesson]:
    """Every lesson of ``course.json`` (:mod:`coursekit.course`) that has a source, in course order.

    Titles, summaries and graded exercises come from ``course.json``; the points from the lesson's
    source (``tests/unit/test_course.py`` checks that the two agree).
    """
    found = []
    for info in course_data.load().lessons:
        source = NOTEBOOKS / info.id / f"{info.id}.py"
        if not source.exists():
            continue
        nb = source_to_notebook(source)
        points = sum(c.metadata["nbgrader"].get("points", 0) for c in nb.cells
                     if c.metadata.get("nbgrader", {}).get("grade"))
        found.append(Lesson(info.id, f"Lesson {info.id[:2]} — {info.title}", info.summary, info.graded, points))
    return found


class Progress:
    """Prints ``[step i/n] lesson: what ... seconds`` lines with the total elapsed time."""

    def __init__(self, total: int):
        self.start = time.perf_counter()
        self.total = total
        self.done = 0

    def step(self, what: str):
        self.done += 1
        t0 = time.perf_counter()
        print(f"[{self.done:>2}/{self.total}] {what} ...", end="", flush=True)
        return _Timer(t0, self)

    def elapsed(self) -> float:
        return time.perf_counter() - self.start


class _Timer:
    def __init__(self, t0, progress):
        self.t0, self.progress = t0, progress

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *_):
        status = "FAILED" if exc_type else "done"
        print(f" {status} in {time.perf_counter() - self.t0:.1f} s (elapsed {self.progress.elapsed():.0f} s)", flush=True)
        return False


# ----------------------------------------------------------------------------------------
# notebooks


def execute_notebook(nb: nbformat.NotebookNode, cwd: Path, *, timeout: int = 600, env: dict | None = None):
    """Execute ``nb`` in place with a fresh kernel started in ``cwd``; raises on a cell error."""
    from nbclient import NotebookClient
    from traitlets.config import Config

    # the source notebooks' hidden tests import the instructor-only grader from the repository root;
    # the kernel gets its environment as an argument (this process's os.environ is left alone)
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p)
    kernel_env = {**os.environ, "PYTHONPATH": path, **(env or {})}
    with tempfile.TemporaryDirectory(prefix="nbk-") as sockets:
        # Unix sockets, as in grading (nbgrader_config.py): no TCP port races, no warning
        cfg = Config()
        cfg.KernelManager.transport = "ipc"
        cfg.KernelManager.ip = os.path.join(sockets, "kernel")
        NotebookClient(nb, timeout=timeout, kernel_name="python3", config=cfg,
                       resources={"metadata": {"path": str(cwd)}}).execute(env=kernel_env)
    return nb


def build_notebook(source: Path, *, execute: bool = True) -> Path:
    """Turn a lesson source ``.py`` into its ``.ipynb`` (executed, outputs stored)."""
    nb = source_to_notebook(source)
    if execute:
        execute_notebook(nb, source.parent)
    target = source.with_suffix(".ipynb")
    nbformat.write(nb, target)
    return target


def build_notebooks(only: list[str] | None = None) -> None:
    sources = sorted(NOTEBOOKS.glob("[0-9][0-9]_*/[0-9][0-9]_*.py"))
    sources = [s for s in sources if not only or s.stem in only]
    progress = Progress(len(sources))
    for src in sources:
        with progress.step(f"{src.stem}: build and execute the notebook"):
            build_notebook(src)


# ----------------------------------------------------------------------------------------
# site


def render_site(progress: Progress, all_lessons: list[Lesson]) -> Path:
    """Execute every lesson into ``build/executed`` and render the site into ``build/site``."""
    from .site import build_site

    executed = BUILD / "executed"
    executed.mkdir(parents=True, exist_ok=True)
    for lesson in all_lessons:
        with progress.step(f"{lesson.id}: execute"):
            nb = nbformat.read(lesson.notebook, as_version=4)
            execute_notebook(nb, lesson.folder)
            nbformat.write(nb, executed / lesson.notebook.name)
    with progress.step("render the site (HTML, offline math, navigation, glossary)"):
        return build_site(all_lessons, executed, BUILD / "site")


# ----------------------------------------------------------------------------------------
# nbgrader


def nbgrader(*args: str, root: Path = ROOT) -> subprocess.CompletedProcess:
    """Run an nbgrader command for the course folder ``root`` (config: ``nbgrader_config.py``)."""
    return run_nbgrader(root, *args)


def release(all_lessons: list[Lesson], progress: Progress | None = None) -> Path:
    """nbgrader ``generate_assignment`` for every lesson: ``release/<lesson>/<lesson>.ipynb``."""
    progress = progress or Progress(len(all_lessons))
    for lesson in all_lessons:
        with progress.step(f"{lesson.id}: student release (no solutions, no hidden tests, no outputs)"):
            nbgrader("generate_assignment", lesson.id, "--force")
    return ROOT / "release"


def read_grades(csv_path: Path) -> list[dict]:
    with open(csv_path, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


NOT_ISOLATED = """
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!! GRADING WAS NOT ISOLATED (COURSE_SANDBOX=off): the students' code ran as you, with access to  !!
!! this course folder, the grader and the gradebook. Points were still decided by the judge, but !!
!! a hostile submission could have read or changed files. Install bubblewrap and grade again.    !!
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
"""


def grading_mode() -> tuple[bool, str]:
    """``(isolated, why_not)``: whether kernels will run in the sandbox; raises ``RuntimeError``
    when the sandbox is wanted (the default) but does not work here."""
    from .sandbox import available, install_hint, isolated

    if not isolated():
        return False, "COURSE_SANDBOX=off"
    ok, why = available()
    if not ok:
        raise RuntimeError(f"cannot grade safely: {why}.\nTo grade anyway, without isolation, run "
                           f"COURSE_SANDBOX=off make grade; better, {install_hint.split(', or')[0]}.")
    return True, ""


def autograde(root: Path, assignments: list[str], progress: Progress, workers: int | None = None,
              env: dict | None = None) -> Path:
    """Autograde every submission under ``root/submitted`` on all cores, write feedback,
    export ``root/grades.csv``."""
    n = len(list((root / "submitted").glob("*/*/*.ipynb")))
    with progress.step(f"autograde + feedback: {n} notebooks, {len(assignments)} lessons, "
                       f"{workers or os.cpu_count()} workers"):
        run = autograde_class(root, assignments, workers=workers, env=env)
    for path in run.removed:
        print(f"  left out {path}: a submission holds files, not links (a link could point at the gradebook)")
    for student, assignment in run.no_feedback:
        print(f"  no feedback for {student}/{assignment}: nbgrader could not export it (graded all the same)")
    for student, assignment in run.failed:
        print(f"  could not grade {student}/{assignment}: nbgrader could not process the notebook "
              "(see the log above); the rest of the class is graded")
    from .feedback import install_static
    from .report import export_grades

    if (root / "feedback").is_dir():
        install_static(root / "feedback")      # MathJax for the feedback pages, offline
    # nbgrader's export, plus a status column: a lesson not submitted is not a 0
    return export_grades(root, root / "grades.csv")


def mistake_report(root: Path, progress: Progress, *, names: bool = False, title: str = "Mistake report") -> Path:
    """The instructor's mistake report of ``root``'s class: ``root/report/report.html`` + ``.csv``."""
    from .report import build_report

    with progress.step("mistake report (gradebook + the judge's verdicts)"):
        page, _ = build_report(root, names=names, title=title)
    return page


def demo_grade(all_lessons: list[Lesson], progress: Progress) -> tuple[Path, list[dict]]:
    """Autograde the reference solution and the untouched release of every lesson, in ``build/demo``."""
    demo = BUILD / "demo"
    shutil.rmtree(demo, ignore_errors=True)
    demo.mkdir(parents=True)
    shutil.copy(ROOT / "gradebook.db", demo / "gradebook.db")
    os.symlink(NOTEBOOKS, demo / "notebooks")
    for lesson in all_lessons:
        for student, src in (("reference", lesson.notebook),
                             ("blank", ROOT / "release" / lesson.id / lesson.notebook.name)):
            target = demo / "submitted" / student / lesson.id
            target.mkdir(parents=True)
            shutil.copy(src, target / lesson.notebook.name)
    from .sandbox import available, isolated

    env = None
    if isolated() and not available()[0]:
        # the demo grades only the course's own reference and blank notebooks
        print(f"  no sandbox here ({available()[1]}): the demo grades the course's own notebooks "
              "WITHOUT isolation; real submissions need the sandbox (make grade refuses without it)")
        env = {"COURSE_SANDBOX": "off"}
    else:
        print(f"  demo grading {'in the sandbox (bubblewrap)' if isolated() else 'WITHOUT isolation (COURSE_SANDBOX=off)'}")
    grades = autograde(demo, [l.id for l in all_lessons], progress, env=env)
    return grades, read_grades(grades)


def _submitted(row: dict) -> bool:
    """A grades.csv row of a submitted lesson (rows without a status column: nbgrader's own export)."""
    return row.get("status", "submitted") != "not submitted"


def score_table(rows: list[dict]) -> str:
    """One line per (lesson, student): the score, or "not submitted" (never shown as a 0)."""
    lines = [f"{'lesson':<28} {'submission':<11} {'score':>13}", "-" * 54]
    for r in sorted(rows, key=lambda r: (r["assignment"], r["student_id"] != "reference", r["student_id"])):
        score = (f"{float(r['score']):>5g} / {float(r['max_score']):<5g}" if _submitted(r)
                 else f"{'not submitted':>13}")
        lines.append(f"{r['assignment']:<28} {r['student_id']:<11} {score}")
    return "\n".join(lines)


def course() -> int:
    """``make course``: execute + render, release, demo autograde, print the score table."""
    all_lessons = lessons()
    progress = Progress(len(all_lessons) * 2 + 3)
    print(f"Optimization for Deep Learning: {len(all_lessons)} lessons\n")
    site = render_site(progress, all_lessons)
    release(all_lessons, progress)
    grades_csv, rows = demo_grade(all_lessons, progress)
    print("\nDemo autograde (the reference must score full marks, the untouched release zero):\n")
    print(score_table(rows))
    report = mistake_report(BUILD / "demo", progress, title="Mistake report: the demo class")
    ok = all(_submitted(r) and (float(r["score"]) == float(r["max_score"])) == (r["student_id"] == "reference")
             for r in rows)
    print(f"""
Done in {progress.elapsed():.0f} s.
  lessons (HTML)        {site / 'index.html'}
  executed notebooks    {BUILD / 'executed'}
  student release       {ROOT / 'release'}
  demo feedback         {BUILD / 'demo' / 'feedback'}
  demo grades           {grades_csv}
  demo mistake report   {report}
Next:
  make lab     open the notebooks in JupyterLab (students)
  make grade   autograde a real class: put submissions in submitted/<student>/<lesson>/<lesson>.ipynb
""")
    if not ok:
        print("WARNING: the demo scores are not reference = full, blank = 0; see the table above.")
        return 1
    return 0


def grade() -> int:
    """``make grade``: autograde everything in ``submitted/``, write feedback, export ``grades.csv``."""
    submitted = ROOT / "submitted"
    assignments = sorted({p.parent.name for p in submitted.glob("*/*/*.ipynb")}) if submitted.exists() else []
    if not assignments:
        print("Nothing to grade: put submissions in submitted/<student>/<lesson>/<lesson>.ipynb "
              "(nbgrader's collect does this for you).")
        return 0
    try:
        isolated, _ = grading_mode()
    except RuntimeError as exc:
        print(f"make grade: {exc}")
        return 2
    if not isolated:
        print(NOT_ISOLATED)
    else:
        print("Grading in the sandbox (bubblewrap): each submission's kernel is isolated; the judge decides points.")
    if not (ROOT / "gradebook.db").exists():
        release(lessons())
    progress = Progress(2)
    grades = autograde(ROOT, assignments, progress)
    print(score_table(read_grades(grades)))
    report = mistake_report(ROOT, progress)
    print(f"\nfeedback: {ROOT / 'feedback'}\ngrades:   {grades}\nreport:   {report} (make report NAMES=1: with names)")
    if not isolated:
        print(NOT_ISOLATED)
    return 0

"""What the class got wrong, at a glance: the instructor's mistake report (``make report``).

Built from two trusted sources, never from feedback HTML:

* the **gradebook** (nbgrader's ``Gradebook`` API): who is in the class, who submitted which
  lesson, and every test cell's score;
* the **judge's verdicts** (``coursekit.judge.Judge.run_cell``), which ``SafeExecute`` writes,
  outside the student's sandbox, into the autograded notebook's metadata
  (``course_verdicts``: per test cell "passed", "mistake" + the named mistake, "blank" for an
  exercise still raising ``NotImplementedError``, or "failed" for a failure no check recognised).

Per lesson: submitted vs **not submitted** (counted apart from zeros), the score distribution,
the test cells most often lost. Per exercise (its test cells are those after its solution cell
in the source notebook): how many submissions kept full marks, how many hit each named mistake
(a submission counts once per mistake), how many lost points without a recognised mistake
("unrecognised": the mistakes the graders do not know yet), how many left it blank.

Outputs: ``report.html`` (one page, offline: plots are embedded PNGs, no script), and
``report.csv`` (long format: ``lesson, exercise, measure, item, count, of``), for a
spreadsheet or an LMS. The page shows counts only, since such pages get projected in class;
``names=True`` (``make report NAMES=1``) adds who is behind each count, on the page and in
``report_students.csv``.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["collect", "summarize", "write_csv", "write_html", "build_report", "export_grades",
           "ClassData", "LessonSummary"]

VERDICTS_KEY = "course_verdicts"   # as coursekit.nbgrader_ext.VERDICTS_KEY (not imported: no nbclient needed)


# ----------------------------------------------------------------------------------------
# reading the class


@dataclass
class LessonInfo:
    id: str
    notebook: str                              # the notebook's name in the gradebook
    exercises: list[str]                       # in course order
    tests: dict[str, tuple[str, float]]        # test id -> (exercise, points), in course order

    @property
    def max_score(self) -> float:
        return sum(p for _, p in self.tests.values())


@dataclass
class ClassData:
    students: list[str]
    lessons: list[LessonInfo]
    # (student, lesson) -> {test id: score}; absent: not submitted
    scores: dict[tuple[str, str], dict[str, float]] = field(default_factory=dict)
    # (student, lesson) -> {test id: verdict}; absent or partial: no verdict recorded
    verdicts: dict[tuple[str, str], dict[str, dict]] = field(default_factory=dict)


def lesson_structure(source_nb: dict, lesson: str, notebook: str) -> LessonInfo:
    """Exercises and test cells of a source notebook (plain JSON), in order; a test cell
    belongs to the last solution cell before it."""
    exercises, tests, current = [], {}, None
    for cell in source_nb["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("solution"):
            current = meta["grade_id"]
            exercises.append(current)
        elif meta.get("grade") and cell.get("cell_type") == "code":
            tests[meta["grade_id"]] = (current or "(no exercise)", float(meta.get("points", 0)))
    return LessonInfo(lesson, notebook, exercises, tests)


def gradebook(path: Path):
    """nbgrader's ``Gradebook`` on the SQLite file ``path`` (nbgrader runs ``alembic`` from the
    PATH when it opens one: this interpreter's scripts folder is put on it)."""
    import os
    import sys

    from nbgrader.api import Gradebook

    scripts = os.path.dirname(sys.executable)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")
    return Gradebook(f"sqlite:///{path}")


def _read_json(path: Path) -> dict | None:
    try:
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


def collect(root: Path, *, source_dir: Path | None = None) -> ClassData:
    """Read the class of course folder ``root``: ``root/gradebook.db``, the source notebooks
    (``root/notebooks/<lesson>/<notebook>.ipynb`` unless ``source_dir``) and the verdicts in
    ``root/autograded/<student>/<lesson>/<notebook>.ipynb``.

    Raises ``FileNotFoundError`` naming the gradebook when there is none.
    """
    from nbgrader.api import Assignment, Grade, GradeCell, Student, SubmittedAssignment, SubmittedNotebook

    root = Path(root)
    source_dir = Path(source_dir) if source_dir else root / "notebooks"
    db = root / "gradebook.db"
    if not db.is_file():
        raise FileNotFoundError(f"no gradebook at {db}: grade a class first (make grade)")
    data = ClassData([], [])
    with gradebook(db) as gb:
        data.students = sorted(s.id for s in gb.students)
        notebooks = {}
        for a in gb.assignments:
            if not a.notebooks:
                continue
            nb_name = a.notebooks[0].name
            src = _read_json(source_dir / a.name / f"{nb_name}.ipynb")
            if src is None:
                continue
            data.lessons.append(lesson_structure(src, a.name, nb_name))
            notebooks[a.name] = nb_name
        # one query for every grade of every submission (the ORM's lazy loading would cost a
        # query per submission and per notebook)
        rows = (gb.db.query(Student.id, Assignment.name, GradeCell.name, Grade.auto_score, Grade.manual_score,
                            Grade.extra_credit)
                .select_from(Grade)
                .join(GradeCell, Grade.cell_id == GradeCell.id)
                .join(SubmittedNotebook, Grade.notebook_id == SubmittedNotebook.id)
                .join(SubmittedAssignment, SubmittedNotebook.assignment_id == SubmittedAssignment.id)
                .join(Student, SubmittedAssignment.student_id == Student.id)
                .join(Assignment, SubmittedAssignment.assignment_id == Assignment.id))
        for sid, aid, gname, auto, manual, extra in rows:
            if aid not in notebooks:
                continue
            score = manual if manual is not None else (auto or 0.0)
            data.scores.setdefault((sid, aid), {})[gname] = float(score) + float(extra or 0.0)
        # a submission whose notebook has no grade rows yet (graded nothing) is still submitted
        for sid, aid in gb.db.query(Student.id, Assignment.name).join(
                SubmittedAssignment, SubmittedAssignment.student_id == Student.id).join(
                Assignment, SubmittedAssignment.assignment_id == Assignment.id):
            if aid in notebooks:
                data.scores.setdefault((sid, aid), {})
    for (sid, aid) in data.scores:
        nb = _read_json(root / "autograded" / sid / aid / f"{notebooks[aid]}.ipynb")
        verdicts = (nb or {}).get("metadata", {}).get(VERDICTS_KEY)
        if isinstance(verdicts, dict):
            data.verdicts[(sid, aid)] = verdicts
    return data


# ----------------------------------------------------------------------------------------
# counting


@dataclass
class ExerciseSummary:
    name: str
    points: float
    full: list[str] = field(default_factory=list)
    mistakes: dict[str, list[str]] = field(default_factory=dict)     # named mistake -> students
    unrecognised: list[str] = field(default_factory=list)
    blank: list[str] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)


@dataclass
class LessonSummary:
    id: str
    max_score: float
    submitted: list[str]
    not_submitted: list[str]
    totals: dict[str, float]                                  # student -> score (submitted only)
    exercises: list[ExerciseSummary]
    tests_lost: list[tuple[str, float, int]]                  # (test id, points, submissions), most lost first
    lost_by: dict[str, list[str]] = field(default_factory=dict)

    def histogram(self) -> list[tuple[int, int]]:
        """(points, submissions) for every whole number of points 0..max (scores floored)."""
        counts = Counter(int(s // 1) for s in self.totals.values())
        return [(k, counts.get(k, 0)) for k in range(int(self.max_score) + 1)]


def mistake_key(name: str) -> str:
    """The mistake a hint names, without a trailing explanation in parentheses: test cells of one
    exercise word the same mistake differently ("epochs counted from 0" and "epochs counted from
    0 (the first epoch must ...)"), and a submission counts once per mistake."""
    name = " ".join(str(name).split())
    if name.endswith(")"):
        depth = 0
        for i in range(len(name) - 1, -1, -1):
            depth += {")": 1, "(": -1}.get(name[i], 0)
            if depth == 0:
                head = name[:i].rstrip()
                return head if head and i > 0 and name[i - 1] == " " else name
    return name


def _classify(cells: dict[str, float], verdicts: dict[str, dict], tests: list[tuple[str, float]]):
    """One submission on one exercise: ("full"|"mistakes"|"blank"|"unrecognised", mistakes)."""
    lost = [t for t, pts in tests if cells.get(t, 0.0) < pts]
    if not lost:
        return "full", []
    named = []
    for t in lost:
        v = verdicts.get(t) or {}
        if v.get("status") == "mistake" and v.get("mistake") and mistake_key(v["mistake"]) not in named:
            named.append(mistake_key(v["mistake"]))
    if named:
        return "mistakes", named
    if all((verdicts.get(t) or {}).get("status") == "blank" for t in lost):
        return "blank", []
    return "unrecognised", []


def summarize(data: ClassData) -> list[LessonSummary]:
    """Per lesson and exercise counts (see the module docstring for the categories)."""
    out = []
    for lesson in data.lessons:
        submitted = [s for s in data.students if (s, lesson.id) in data.scores]
        not_submitted = [s for s in data.students if (s, lesson.id) not in data.scores]
        by_ex: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for t, (ex, pts) in lesson.tests.items():
            by_ex[ex].append((t, pts))
        exercises = [ExerciseSummary(ex, sum(p for _, p in by_ex[ex])) for ex in by_ex]
        lost = Counter()
        lost_by: dict[str, list[str]] = defaultdict(list)
        totals = {}
        for s in submitted:
            cells = data.scores[(s, lesson.id)]
            verdicts = data.verdicts.get((s, lesson.id), {})
            totals[s] = sum(cells.get(t, 0.0) for t in lesson.tests)
            for t, (_, pts) in lesson.tests.items():
                if cells.get(t, 0.0) < pts:
                    lost[t] += 1
                    lost_by[t].append(s)
            for ex in exercises:
                tests = by_ex[ex.name]
                ex.scores.append(sum(cells.get(t, 0.0) for t, _ in tests))
                kind, named = _classify(cells, verdicts, tests)
                if kind == "full":
                    ex.full.append(s)
                elif kind == "blank":
                    ex.blank.append(s)
                elif kind == "unrecognised":
                    ex.unrecognised.append(s)
                for m in named:
                    ex.mistakes.setdefault(m, []).append(s)
        for ex in exercises:
            ex.mistakes = dict(sorted(ex.mistakes.items(), key=lambda kv: (-len(kv[1]), kv[0])))
        order = list(lesson.tests)
        tests_lost = sorted(((t, lesson.tests[t][1], n) for t, n in lost.items()),
                            key=lambda x: (-x[2], order.index(x[0])))
        out.append(LessonSummary(lesson.id, lesson.max_score, submitted, not_submitted, totals, exercises,
                                 tests_lost, dict(lost_by)))
    return out


# ----------------------------------------------------------------------------------------
# CSV


CSV_FIELDS = ["lesson", "exercise", "measure", "item", "count", "of"]


def csv_rows(summary: list[LessonSummary]) -> list[dict]:
    """The report as rows (``measure``: students, submitted, not submitted, score, full marks,
    mistake, unrecognised, blank, test lost); ``of`` is the number the count is out of."""
    rows = []

    def row(lesson, exercise, measure, item, count, of):
        rows.append({"lesson": lesson, "exercise": exercise, "measure": measure, "item": item,
                     "count": count, "of": of})

    for ls in summary:
        n = len(ls.submitted)
        row(ls.id, "", "students", "", n + len(ls.not_submitted), "")
        row(ls.id, "", "submitted", "", n, n + len(ls.not_submitted))
        row(ls.id, "", "not submitted", "", len(ls.not_submitted), n + len(ls.not_submitted))
        for pts, count in ls.histogram():
            row(ls.id, "", "score", pts, count, n)
        for t, _, count in ls.tests_lost:
            row(ls.id, "", "test lost", t, count, n)
        for ex in ls.exercises:
            row(ls.id, ex.name, "full marks", "", len(ex.full), n)
            for m, who in ex.mistakes.items():
                row(ls.id, ex.name, "mistake", m, len(who), n)
            row(ls.id, ex.name, "unrecognised", "", len(ex.unrecognised), n)
            row(ls.id, ex.name, "blank", "", len(ex.blank), n)
    return rows


def write_csv(summary: list[LessonSummary], path: Path, *, names: bool = False) -> Path:
    """``report.csv`` (and with ``names``, ``report_students.csv`` next to it)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, CSV_FIELDS)
        w.writeheader()
        w.writerows(csv_rows(summary))
    if names:
        with open(path.with_name("report_students.csv"), "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh)
            w.writerow(["student", "lesson", "status", "score", "max_score", "mistakes"])
            for ls in summary:
                for s in sorted(ls.submitted + ls.not_submitted):
                    if s in ls.totals:
                        named = [f"{ex.name}: {m}" for ex in ls.exercises for m, who in ex.mistakes.items() if s in who]
                        w.writerow([s, ls.id, "submitted", f"{ls.totals[s]:g}", f"{ls.max_score:g}", "; ".join(named)])
                    else:
                        w.writerow([s, ls.id, "not submitted", "", f"{ls.max_score:g}", ""])
    return path


# ----------------------------------------------------------------------------------------
# HTML


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=96)
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _colors() -> dict[str, str]:
    import matplotlib

    from helpers.style import LANDSCAPE_CMAP

    cmap = matplotlib.colormaps[LANDSCAPE_CMAP]
    return {"score": matplotlib.colors.to_hex(cmap(0.35)), "mistake": matplotlib.colors.to_hex(cmap(0.15)),
            "unrecognised": matplotlib.colors.to_hex(cmap(0.85)), "blank": "#9e9e9e",
            "not submitted": "#d9d9d9"}


def _score_figure(ls: LessonSummary, plt) -> str:
    c = _colors()
    hist = ls.histogram()
    fig = plt(figsize=(6.4, 2.6))
    ax = fig.add_axes((0.1, 0.2, 0.87, 0.68))    # fixed margins: no tight_layout (a second draw)
    xs = [p for p, _ in hist]
    ax.bar(xs, [k for _, k in hist], color=c["score"], label="submitted")
    ax.bar([-1.6], [len(ls.not_submitted)], color=c["not submitted"], edgecolor="#777777",
           label="not submitted")
    ax.set_xticks([-1.6] + xs, ["n/s"] + [str(x) for x in xs])
    ax.set_xlabel(f"score (points out of {ls.max_score:g}; n/s: not submitted)")
    ax.set_ylabel("students")
    ax.set_title(f"{ls.id}: score distribution")
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


def _mistake_figure(ex: ExerciseSummary, lesson: str, plt) -> str:
    c = _colors()
    items = [(m, len(w), c["mistake"]) for m, w in ex.mistakes.items()]
    items += [("failed, no recognised mistake", len(ex.unrecognised), c["unrecognised"]),
              ("blank (NotImplementedError)", len(ex.blank), c["blank"])]
    height = 0.45 * len(items) + 0.9
    fig = plt(figsize=(7.2, height))
    ax = fig.add_axes((0.42, 0.55 / height, 0.53, 1 - 0.85 / height))   # fixed margins: one draw
    y = list(range(len(items)))[::-1]
    ax.barh(y, [n for _, n, _ in items], color=[col for _, _, col in items])
    ax.set_yticks(y, [_wrap(m, 44) for m, _, _ in items], fontsize=8)
    ax.set_xlabel("submissions", fontsize=8)
    ax.set_title(f"{lesson} · {ex.name}: submissions per mistake", fontsize=9)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(axis="x", labelsize=7)
    for yi, (_, n, _) in zip(y, items):
        ax.text(n, yi, f" {n}", va="center", fontsize=8)
    ax.set_xlim(0, max([n for _, n, _ in items] + [1]) * 1.15)
    return _png(fig)


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def _e(x) -> str:
    return html.escape(str(x), quote=True)


def _who(students: list[str], names: bool) -> str:
    return f'<div class="who">{_e(", ".join(students))}</div>' if names and students else ""


CSS = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; }
h1 { font-size: 1.6em; } h2 { border-bottom: 1px solid #ccc; padding-bottom: .2em; margin-top: 2em; }
table { border-collapse: collapse; margin: .6em 0; } th, td { border: 1px solid #ccc; padding: .25em .6em; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
img { max-width: 100%; height: auto; display: block; margin: .5em 0; }
.note { color: #555; font-size: .9em; } .who { color: #555; font-size: .85em; overflow-wrap: anywhere; }
section.exercise { margin-left: 1em; }
"""


def write_html(summary: list[LessonSummary], path: Path, *, names: bool = False, title: str = "Mistake report") -> Path:
    """One self-contained page (embedded PNGs, no script, nothing loaded from elsewhere)."""
    # matplotlib's Figure without pyplot: no figure manager, no backend switch, nothing global
    from matplotlib.figure import Figure as plt

    parts = [f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{_e(title)}</title>"
             f"<style>{CSS}</style></head><body><h1>{_e(title)}</h1>",
             "<p class='note'>From the gradebook and the verdicts the judge recorded while grading. "
             "A submission counts once per named mistake it hit in an exercise; "
             "<em>failed, no recognised mistake</em>: it lost points there and no check named a mistake "
             "(the mistakes the graders do not know yet); <em>blank</em>: the exercise still raises "
             "NotImplementedError. <em>Not submitted</em> is counted apart from zeros."
             + ("" if names else " Counts only: build with names (make report NAMES=1) to see who.") + "</p>",
             "<table id='overview'><tr><th>lesson</th><th class='n'>students</th><th class='n'>submitted</th>"
             "<th class='n'>not submitted</th><th class='n'>full marks</th><th class='n'>zero</th>"
             "<th class='n'>median score</th></tr>"]
    for ls in summary:
        vals = sorted(ls.totals.values())
        med = (vals[len(vals) // 2] + vals[(len(vals) - 1) // 2]) / 2 if vals else None
        parts.append(
            f"<tr><td><a href='#{_e(ls.id)}'>{_e(ls.id)}</a></td><td class='n'>{len(ls.submitted) + len(ls.not_submitted)}</td>"
            f"<td class='n'>{len(ls.submitted)}</td><td class='n'>{len(ls.not_submitted)}</td>"
            f"<td class='n'>{sum(v >= ls.max_score for v in vals)}</td><td class='n'>{sum(v == 0 for v in vals)}</td>"
            f"<td class='n'>{'' if med is None else f'{med:g} / {ls.max_score:g}'}</td></tr>")
    parts.append("</table>")
    for ls in summary:
        n = len(ls.submitted)
        parts.append(f"<section class='lesson' id='{_e(ls.id)}'><h2>{_e(ls.id)}</h2>"
                     f"<p><span class='submitted'>{n}</span> submitted, "
                     f"<span class='not-submitted'>{len(ls.not_submitted)}</span> not submitted.</p>"
                     + _who(ls.not_submitted, names))
        parts.append(f"<img class='plot score-plot' alt='score distribution of {_e(ls.id)}' "
                     f"src='data:image/png;base64,{_score_figure(ls, plt)}'>")
        parts.append("<table class='scores'><tr><th>score</th>" + "".join(f"<th class='n'>{p}</th>" for p, _ in ls.histogram())
                     + "<th class='n'>not submitted</th></tr><tr><th>students</th>"
                     + "".join(f"<td class='n'>{k}</td>" for _, k in ls.histogram())
                     + f"<td class='n'>{len(ls.not_submitted)}</td></tr></table>")
        if ls.tests_lost:
            parts.append("<h3>Test cells most often lost</h3><table class='tests-lost'><tr><th>test cell</th>"
                         "<th class='n'>points</th><th class='n'>submissions that lost them</th></tr>")
            for t, pts, count in ls.tests_lost[:5]:
                parts.append(f"<tr><td><code>{_e(t)}</code>{_who(ls.lost_by.get(t, []), names)}</td>"
                             f"<td class='n'>{pts:g}</td><td class='n'>{count} of {n}</td></tr>")
            parts.append("</table>")
        for ex in ls.exercises:
            parts.append(f"<section class='exercise' data-exercise='{_e(ex.name)}'><h3>Exercise <code>{_e(ex.name)}</code> "
                         f"({ex.points:g} points)</h3>")
            parts.append(f"<img class='plot mistake-plot' alt='mistakes in {_e(ex.name)}' "
                         f"src='data:image/png;base64,{_mistake_figure(ex, ls.id, plt)}'>")
            parts.append("<table class='mistakes'><tr><th>outcome</th><th class='n'>submissions</th></tr>")
            rows = [("full marks", "full", ex.full)]
            rows += [(m, "mistake", who) for m, who in ex.mistakes.items()]
            rows += [("failed, no recognised mistake", "unrecognised", ex.unrecognised),
                     ("blank (NotImplementedError)", "blank", ex.blank)]
            for label, kind, who in rows:
                parts.append(f"<tr class='{kind}'><td>{_e(label)}{_who(who, names)}</td>"
                             f"<td class='n'>{len(who)}</td></tr>")
            parts.append("</table></section>")
        parts.append("</section>")
    parts.append("</body></html>")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts), encoding="utf-8")
    return path


def build_report(root: Path, out: Path | None = None, *, names: bool = False,
                 title: str = "Mistake report") -> tuple[Path, Path]:
    """``collect`` + ``summarize`` + ``write_html`` + ``write_csv``: returns the page and the CSV
    (in ``out``, default ``root/report``)."""
    root = Path(root)
    out = Path(out) if out else root / "report"
    summary = summarize(collect(root))
    return (write_html(summary, out / "report.html", names=names, title=title),
            write_csv(summary, out / "report.csv", names=names))


# ----------------------------------------------------------------------------------------
# grades.csv


GRADES_FIELDS = ["assignment", "duedate", "timestamp", "student_id", "last_name", "first_name", "email",
                 "status", "raw_score", "late_submission_penalty", "score", "max_score"]


def export_grades(root: Path, path: Path) -> Path:
    """``grades.csv`` as nbgrader's ``export`` writes it, plus a ``status`` column: "submitted"
    or "not submitted"; a lesson not submitted has empty scores, not 0."""
    from nbgrader.api import MissingEntry

    root = Path(root)
    with gradebook(root / "gradebook.db") as gb, \
            open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, GRADES_FIELDS)
        w.writeheader()
        for a in gb.assignments:
            for s in gb.students:
                row = {"assignment": a.name, "duedate": a.duedate or "", "student_id": s.id,
                       "last_name": s.last_name or "", "first_name": s.first_name or "", "email": s.email or "",
                       "max_score": a.max_score}
                try:
                    sub = gb.find_submission(a.name, s.id)
                except MissingEntry:
                    row.update(status="not submitted", timestamp="", raw_score="", late_submission_penalty="",
                               score="")
                else:
                    penalty = sub.late_submission_penalty or 0.0
                    row.update(status="submitted", timestamp=sub.timestamp or "", raw_score=sub.score,
                               late_submission_penalty=penalty, score=max(0.0, sub.score - penalty))
                w.writerow(row)
    return Path(path)


def main(argv: list[str]) -> int:
    """``python -m coursekit report [--names] [ROOT]``."""
    names = "--names" in argv
    rest = [a for a in argv if a != "--names"]
    root = Path(rest[0]) if rest else Path(__file__).resolve().parent.parent
    t0 = time.perf_counter()
    try:
        page, table = build_report(root, names=names)
    except FileNotFoundError as exc:
        print(f"make report: {exc}")
        return 2
    print(f"mistake report ({time.perf_counter() - t0:.1f} s): {page}\n                  csv: {table}")
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))

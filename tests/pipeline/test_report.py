"""The mistake report (``coursekit.report``), "not submitted" vs 0, and readable feedback.

A generated class (``classgen``: 30 students over lessons 05 and 09: correct answers, eight
catalogue wrong versions per lesson, blanks, unrecognised wrong answers, missing lessons) is graded once,
for real (nbgrader + sandbox + judge, the parallel grader), in a module-scoped fixture. The
report's counts must equal, exactly, what ``classgen`` computes in process from the generated
submissions; the same comparison must fail on a deliberately miscounted report. The page and a
feedback page are checked in headless Chromium (screenshots in ``build/screenshots/``).
"""

from __future__ import annotations

import copy
import csv
import re
import json
import shutil
import time
from pathlib import Path

import numpy as np
import pytest

import classgen as CG
from coursekit import report as R
from coursekit.feedback import install_static, cell_title
from coursekit.grading import autograde_class, run_nbgrader

FORGED = "FORGED BY THE STUDENT"


# ----------------------------------------------------------------------------------------
# what the report must say, from the generated class alone


def expected_counts(subs: list[CG.Submission], outcomes: dict, notebooks: Path) -> dict:
    """The report's counts as computed from the plan and the in-process outcomes."""
    out = {}
    for lesson in CG.LESSONS:
        info = R.lesson_structure(json.loads((notebooks / lesson / f"{lesson}.ipynb").read_text()), lesson, lesson)
        mine = [s for s in subs if s.lesson == lesson]
        submitted = sorted(s.student for s in mine if s.kind != "missing")
        entry = {"submitted": submitted, "not submitted": sorted(s.student for s in mine if s.kind == "missing"),
                 "histogram": [0] * (int(info.max_score) + 1), "tests lost": {}, "exercises": {}}
        for ex in info.exercises:
            entry["exercises"][ex] = {"full": 0, "mistakes": {}, "unrecognised": 0, "blank": 0}
        for s in mine:
            if s.kind == "missing":
                continue
            o = outcomes[(s.student, lesson)]
            entry["histogram"][int(sum(o.scores.values()) // 1)] += 1
            for t, (ex, pts) in info.tests.items():
                if o.scores[t] < pts:
                    entry["tests lost"][t] = entry["tests lost"].get(t, 0) + 1
            for ex in info.exercises:
                tests = [t for t, (e, _) in info.tests.items() if e == ex]
                lost = [t for t in tests if o.scores[t] < info.tests[t][1]]
                e = entry["exercises"][ex]
                named = sorted({R.mistake_key(o.verdicts[t]["mistake"]) for t in lost
                                if o.verdicts[t]["status"] == "mistake"})
                if not lost:
                    e["full"] += 1
                elif named:
                    for m in named:
                        e["mistakes"][m] = e["mistakes"].get(m, 0) + 1
                elif all(o.verdicts[t]["status"] == "blank" for t in lost):
                    e["blank"] += 1
                else:
                    e["unrecognised"] += 1
        out[lesson] = entry
    return out


def report_counts(summary: list[R.LessonSummary]) -> dict:
    """The same structure, read off the report's summary."""
    out = {}
    for ls in summary:
        out[ls.id] = {
            "submitted": sorted(ls.submitted), "not submitted": sorted(ls.not_submitted),
            "histogram": [k for _, k in ls.histogram()],
            "tests lost": {t: n for t, _, n in ls.tests_lost},
            "exercises": {ex.name: {"full": len(ex.full), "mistakes": {m: len(w) for m, w in ex.mistakes.items()},
                                    "unrecognised": len(ex.unrecognised), "blank": len(ex.blank)}
                          for ex in ls.exercises},
        }
    return out


def differences(got: dict, want: dict, where: str = "") -> list[str]:
    """Every place where two count structures differ (empty: they match exactly)."""
    if isinstance(want, dict) and isinstance(got, dict):
        out = []
        for k in sorted(set(got) | set(want), key=str):
            if k not in got or k not in want:
                out.append(f"{where}/{k}: report {got.get(k, '(missing)')!r}, generated {want.get(k, '(missing)')!r}")
            else:
                out += differences(got[k], want[k], f"{where}/{k}")
        return out
    return [] if got == want else [f"{where}: report {got!r}, generated {want!r}"]


# ----------------------------------------------------------------------------------------
# the class, graded once


@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    from harness import _env

    env = _env()
    root = CG.make_course(tmp_path_factory.mktemp("class") / "course", env)
    notebooks = root / "notebooks"
    subs = CG.generate(notebooks)
    # two 05_ewma submissions keep the whole notebook (demonstrations, figures): their feedback
    # is read in the browser; one of them carries forged verdicts in its metadata
    src = CG.source("05_ewma", notebooks)
    full_ref = next(s for s in subs if s.lesson == "05_ewma" and s.kind == "correct")
    full_ref.notebook = copy.deepcopy(src)
    full_ref.notebook.metadata["course_verdicts"] = {"test_ewma_recurrence": {"status": "mistake", "mistake": FORGED}}
    full_wrong = next(s for s in subs if s.lesson == "05_ewma" and s.kind == "wrong"
                      and s.label == "correction never applied")
    wrong = next(w for w in __import__("grader.ewma", fromlist=["WRONGS"]).WRONGS if w.name == full_wrong.label)
    full_wrong.notebook = CG.replace(src, wrong.exercise, wrong.code)
    CG.write(subs, root)
    t0 = time.perf_counter()
    run = autograde_class(root, list(CG.LESSONS), workers=2, feedback=False, env=env)
    grading_s = time.perf_counter() - t0
    assert not run.failed, run.failed
    for s in (full_ref, full_wrong):
        run_nbgrader(root, "generate_feedback", "05_ewma", f"--student={s.student}", "--force", env=env)
    install_static(root / "feedback")
    tmp = tmp_path_factory.mktemp("inprocess")
    outcomes = {(s.student, s.lesson): CG.expected_outcome(s.notebook, s.lesson, tmp, notebooks)
                for s in subs if s.kind != "missing"}
    print(f"\ngenerated class: {len({s.student for s in subs})} students, "
          f"{sum(s.kind != 'missing' for s in subs)} notebooks graded in {grading_s:.0f} s (2 workers)")
    want = expected_counts(subs, outcomes, notebooks)
    return {"root": root, "subs": subs, "outcomes": outcomes, "full": (full_ref, full_wrong),
            "grading_s": grading_s, "want": want}


@pytest.mark.nbgrader
def test_the_class_is_realistic(graded_class):
    subs = graded_class["subs"]
    assert len({s.student for s in subs}) >= 30
    for lesson in CG.LESSONS:
        kinds = {s.kind for s in subs if s.lesson == lesson}
        assert kinds == {"correct", "wrong", "blank", "unrecognised", "missing"}, (lesson, kinds)
    # the unrecognised answers really are unrecognised, and the catalogue is really recognised
    outs = graded_class["outcomes"]
    for s in subs:
        if s.kind == "unrecognised":
            assert not any(v["status"] == "mistake" for v in outs[(s.student, s.lesson)].verdicts.values()), s.label
    named = sum(any(v["status"] == "mistake" for v in outs[(s.student, s.lesson)].verdicts.values())
                for s in subs if s.kind == "wrong")
    n_wrong = sum(s.kind == "wrong" for s in subs)
    assert n_wrong >= 16 and named >= 0.8 * n_wrong, f"only {named} of {n_wrong} catalogue submissions hit a named mistake"


@pytest.mark.nbgrader
def test_report_counts_match_the_generated_class_exactly(graded_class, tmp_path):
    root = graded_class["root"]
    want = graded_class["want"]
    summary = R.summarize(R.collect(root))
    assert differences(report_counts(summary), want) == []
    # the CSV says the same
    page, table = R.build_report(root, tmp_path)
    with open(table, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows == [{k: str(v) for k, v in r.items()} for r in R.csv_rows(summary)]
    for lesson, entry in want.items():
        got = {(r["exercise"], r["item"]): int(r["count"]) for r in rows if r["lesson"] == lesson and r["measure"] == "mistake"}
        assert got == {(ex, m): n for ex, e in entry["exercises"].items() for m, n in e["mistakes"].items()}
        ns = next(r for r in rows if r["lesson"] == lesson and r["measure"] == "not submitted")
        assert int(ns["count"]) == len(entry["not submitted"]) == sum(
            s.kind == "missing" and s.lesson == lesson for s in graded_class["subs"]) > 0


def miscount(summary: list[R.LessonSummary], how: str) -> list[R.LessonSummary]:
    """A deliberately wrong report: one submission moved to the wrong place."""
    bad = copy.deepcopy(summary)
    ls = bad[0]
    if how == "not submitted counted as 0":
        s = ls.not_submitted.pop()
        ls.submitted.append(s)
        ls.totals[s] = 0.0
    elif how == "mistake counted as unrecognised":
        ex = next(e for e in ls.exercises if e.mistakes)
        m = next(iter(ex.mistakes))
        ex.unrecognised.append(ex.mistakes[m].pop())
    elif how == "blank counted as unrecognised":
        ex = next(e for e in ls.exercises if e.blank)
        ex.unrecognised.append(ex.blank.pop())
    elif how == "a test loss forgotten":
        t, pts, n = ls.tests_lost[0]
        ls.tests_lost[0] = (t, pts, n - 1)
    return bad


@pytest.mark.parametrize("how", ["not submitted counted as 0", "mistake counted as unrecognised",
                                 "blank counted as unrecognised", "a test loss forgotten"])
@pytest.mark.nbgrader
def test_the_check_fails_on_a_miscounted_report(graded_class, how):
    want = graded_class["want"]
    summary = R.summarize(R.collect(graded_class["root"]))
    assert differences(report_counts(summary), want) == []
    assert differences(report_counts(miscount(summary, how)), want) != []


@pytest.mark.nbgrader
def test_verdicts_come_from_the_judge_not_the_submission(graded_class):
    root = graded_class["root"]
    full_ref, _ = graded_class["full"]
    nb = json.loads((root / "autograded" / full_ref.student / "05_ewma" / "05_ewma.ipynb").read_text())
    assert all(v["status"] == "passed" for v in nb["metadata"]["course_verdicts"].values())
    summary = R.summarize(R.collect(root))
    assert all(FORGED not in m for ls in summary for ex in ls.exercises for m in ex.mistakes)


@pytest.mark.nbgrader
def test_names_only_on_request(graded_class, tmp_path):
    root = graded_class["root"]
    plain, _ = R.build_report(root, tmp_path / "plain")
    named, _ = R.build_report(root, tmp_path / "named", names=True)
    students = sorted({s.student for s in graded_class["subs"]})
    text = re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "", plain.read_text())
    assert not [s for s in students if s in text]
    assert all(s in named.read_text() for s in students)
    assert not (tmp_path / "plain" / "report_students.csv").exists()
    with open(tmp_path / "named" / "report_students.csv", newline="") as fh:
        rows = list(csv.DictReader(fh))
    missing = {(s.student, s.lesson) for s in graded_class["subs"] if s.kind == "missing"}
    assert {(r["student"], r["lesson"]) for r in rows if r["status"] == "not submitted"} == missing


# ----------------------------------------------------------------------------------------
# grades.csv and make grade's table


@pytest.mark.nbgrader
def test_not_submitted_is_not_zero(graded_class, tmp_path):
    from coursekit.pipeline import read_grades, score_table

    root = graded_class["root"]
    subs = graded_class["subs"]
    rows = read_grades(R.export_grades(root, tmp_path / "grades.csv"))
    by = {(r["student_id"], r["assignment"]): r for r in rows}
    assert len(rows) == len({s.student for s in subs}) * len(CG.LESSONS)
    for s in subs:
        r = by[(s.student, s.lesson)]
        if s.kind == "missing":
            assert r["status"] == "not submitted" and r["score"] == "" and r["raw_score"] == ""
        else:
            assert r["status"] == "submitted" and r["score"] != ""
            if s.kind == "blank":
                assert float(r["score"]) == 0.0
    table = score_table(rows)
    missing = [s for s in subs if s.kind == "missing"]
    assert table.count("not submitted") == len(missing) > 0
    blank = next(s for s in subs if s.kind == "blank")
    line = next(l for l in table.splitlines() if l.split()[:2] == [blank.lesson, blank.student])
    assert "not submitted" not in line and " 0 /" in line
    # nbgrader's own export cannot tell them apart (why the course writes its own)
    run_nbgrader(root, "export", f"--to={tmp_path / 'nbgrader.csv'}")
    theirs = {(r["student_id"], r["assignment"]): r for r in read_grades(tmp_path / "nbgrader.csv")}
    m = missing[0]
    assert "status" not in theirs[(m.student, m.lesson)] and float(theirs[(m.student, m.lesson)]["score"]) == 0.0


# ----------------------------------------------------------------------------------------
# in the browser


JS_REPORT = r"""
const out = {lessons: {}, images: [], text: document.body.innerText};
for (const img of document.images) out.images.push([img.className, img.complete && img.naturalWidth > 0]);
for (const sec of document.querySelectorAll('section.lesson')) {
  const l = {submitted: +sec.querySelector('.submitted').textContent,
             notSubmitted: +sec.querySelector('.not-submitted').textContent,
             histogram: Array.from(sec.querySelectorAll('table.scores tr:nth-child(2) td')).map(td => +td.textContent),
             exercises: {}};
  for (const ex of sec.querySelectorAll('section.exercise')) {
    const e = {mistakes: {}};
    for (const tr of ex.querySelectorAll('table.mistakes tr')) {
      const cells = tr.querySelectorAll('td');
      if (!cells.length) continue;
      const n = +cells[1].textContent;
      if (tr.className === 'mistake') e.mistakes[cells[0].textContent] = n; else e[tr.className] = n;
    }
    l.exercises[ex.dataset.exercise] = e;
  }
  out.lessons[sec.id] = l;
}
return out;
"""


def page_counts(driver, page: Path) -> dict:
    driver.get(page.as_uri())
    got = driver.execute_script(JS_REPORT)
    counts = {}
    for lesson, l in got["lessons"].items():
        counts[lesson] = {"submitted": l["submitted"], "not submitted": l["notSubmitted"],
                          "histogram": l["histogram"][:-1],
                          "exercises": {ex: {"full": e.get("full"), "mistakes": e["mistakes"],
                                             "unrecognised": e.get("unrecognised"), "blank": e.get("blank")}
                                        for ex, e in l["exercises"].items()}}
        assert l["histogram"][-1] == l["notSubmitted"]
    return {"counts": counts, "images": got["images"], "text": got["text"]}


def _page_view(want: dict) -> dict:
    return {lesson: {"submitted": len(e["submitted"]), "not submitted": len(e["not submitted"]),
                     "histogram": e["histogram"], "exercises": e["exercises"]} for lesson, e in want.items()}


@pytest.mark.nbgrader
@pytest.mark.browser
def test_report_page_in_chromium(graded_class, tmp_path):
    from browser import browser_or_skip, errors_in_console, screenshot

    want = _page_view(graded_class["want"])
    page, _ = R.build_report(graded_class["root"], tmp_path / "good", title="Mistake report: a generated class")
    summary = R.summarize(R.collect(graded_class["root"]))
    bad = R.write_html(miscount(summary, "mistake counted as unrecognised"), tmp_path / "bad" / "report.html")
    with browser_or_skip() as driver:
        got = page_counts(driver, page)
        n_plots = sum(1 + len(e["exercises"]) for e in want.values())
        assert len(got["images"]) == n_plots and all(ok for _, ok in got["images"]), got["images"]
        assert differences(got["counts"], want) == []
        assert errors_in_console(driver) == []
        shot = screenshot(driver, "report", max_height=4000)
        assert shot.stat().st_size > 10_000
        # the same check, on a page that miscounts one submission, fails
        assert differences(page_counts(driver, bad)["counts"], want) != []


JS_FEEDBACK = r"""
const toc = Array.from(document.querySelectorAll('#toc li.toc-test')).map(li => li.textContent.replace(/\s+/g, ' ').trim());
const verdicts = Array.from(document.querySelectorAll('.verdict')).map(v => v.innerText);
const wide = Array.from(document.querySelectorAll('pre, .verdict, .check-message, .output_subarea'))
  .filter(e => e.scrollWidth > e.clientWidth + 1).length;
const figs = Array.from(document.querySelectorAll('.your-figure img')).map(i => i.complete && i.naturalWidth > 0);
const scripts = Array.from(document.querySelectorAll('script[type^="math/tex"]'));
const unrendered = scripts.filter(s => !document.getElementById(s.id + '-Frame')).length;
return {toc, verdicts, wide, figs, math: scripts.length, unrendered,
        rendered: document.querySelectorAll('.MathJax, .MathJax_Display').length,
        pageWide: document.documentElement.scrollWidth > document.documentElement.clientWidth + 1};
"""


@pytest.mark.nbgrader
@pytest.mark.browser
def test_feedback_is_readable_in_chromium(graded_class):
    from browser import browser_or_skip, errors_in_console, screenshot, screenshot_at, wait_for_mathjax

    root = graded_class["root"]
    _, full_wrong = graded_class["full"]
    outcome = graded_class["outcomes"][(full_wrong.student, "05_ewma")]
    mistakes = {t: v["mistake"] for t, v in outcome.verdicts.items() if v["status"] == "mistake"}
    assert mistakes, "the chosen wrong version must hit a named mistake"
    page = root / "feedback" / full_wrong.student / "05_ewma" / "05_ewma.html"
    html = page.read_text()
    assert "BEGIN HIDDEN TESTS" not in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "the page loads something from the internet"
    with browser_or_skip(width=1024) as driver:
        driver.get(page.as_uri())
        assert wait_for_mathjax(driver), "MathJax never finished"
        got = driver.execute_script(JS_FEEDBACK)
        # each test cell named by what it checks, never "Test cell"
        src = CG.source("05_ewma", root / "notebooks")
        tests = [c.metadata["nbgrader"]["grade_id"] for c in src.cells
                 if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")]
        exercises = [c.metadata["nbgrader"]["grade_id"] for c in src.cells
                     if c.metadata.get("nbgrader", {}).get("solution")]
        assert len(got["toc"]) == len(tests)
        for entry, t in zip(got["toc"], tests):
            assert entry.startswith(cell_title(t, exercises)) and "Test cell" not in entry
        # the named mistake first, then expected/got
        failing = [v for v in got["verdicts"] if "Named mistake" in v]
        assert len(failing) == len(mistakes)
        for v, m in zip(failing, mistakes.values()):
            assert v.index(m) < v.index("Expected") < v.index("got"), v
        # wrapped: nothing wider than its box or the window; math typeset offline; own figures
        assert got["wide"] == 0 and not got["pageWide"]
        assert got["math"] > 0 and got["unrendered"] == 0 and got["rendered"] > 0
        assert len(got["figs"]) >= 3 and all(got["figs"])
        assert errors_in_console(driver) == []
        screenshot(driver, "feedback", width=1024, max_height=3000)      # the top: named test cells
        screenshot_at(driver, ".verdict.mistake", "feedback_mistake", width=1024, height=1000)


def test_feedback_figure_filter_rejects_what_is_not_a_png():
    from coursekit.feedback import _png_b64
    import base64

    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 20).decode()
    assert _png_b64(png) == png
    assert _png_b64(png[:-4] + '"><s') is None            # would break out of the src attribute
    assert _png_b64(base64.b64encode(b"<svg onload=alert(1)>").decode()) is None
    assert _png_b64(12) is None


# ----------------------------------------------------------------------------------------
# a generated gradebook (no kernels): counts and cost


def test_report_of_a_synthetic_gradebook(tmp_path):
    from coursekit.synthetic import synthetic_class

    lessons, plan = synthetic_class(tmp_path / "c", 30, ["05_ewma", "09_lr_decay"], notebooks=CG.ROOT / "notebooks",
                                    rng=np.random.default_rng(5))
    summary = R.summarize(R.collect(tmp_path / "c"))
    for info, ls in zip(lessons, summary):
        mine = {s: p for (s, l), p in plan.items() if l == info.id}
        assert sorted(ls.not_submitted) == sorted(s for s, p in mine.items() if p.kind == "missing")
        for ex in ls.exercises:
            want = {}
            for p in mine.values():
                if p.kind == "mistake" and p.exercise == ex.name:
                    want[p.mistake] = want.get(p.mistake, 0) + 1
            assert {m: len(w) for m, w in ex.mistakes.items()} == want
            assert len(ex.unrecognised) == sum(p.kind == "unrecognised" and p.exercise == ex.name for p in mine.values())
            assert len(ex.blank) == sum(p.kind == "blank" for p in mine.values())


# ----------------------------------------------------------------------------------------
# the verdicts, where they are decided


def test_the_judge_records_each_cells_verdict():
    import nbformat

    from coursekit.judge import Judge

    def test_cell(gid, code):
        cell = nbformat.v4.new_code_cell("from helpers import grading as G\n" + code)
        cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": gid, "points": 1}
        return cell

    nb = nbformat.v4.new_notebook(cells=[
        test_cell("t_pass", "G.check_close(1.0, 1.0, 'x', hints={'doubled': 2.0})"),
        test_cell("t_mistake", "G.check_close(2.0, 1.0, 'x', hints={'doubled': 2.0})"),
        test_cell("t_equal", "G.check_equal([1, 2], [2, 1], 'order', hints={'reversed': [1, 2]})"),
        test_cell("t_failed", "G.check_close(3.0, 1.0, 'x', hints={'doubled': 2.0})"),
        test_cell("t_blank", "def f():\n    raise NotImplementedError()\nG.call(f)"),
        test_cell("t_crash", "1 / 0"),
    ])
    judge = Judge(nb)
    outputs = {gid: judge.run_cell(gid, lambda: None) for gid in judge.tests}
    assert judge.verdicts == {
        "t_pass": {"status": "passed", "mistake": None},
        "t_mistake": {"status": "mistake", "mistake": "doubled"},
        "t_equal": {"status": "mistake", "mistake": "reversed"},
        "t_failed": {"status": "failed", "mistake": None},
        "t_blank": {"status": "blank", "mistake": None},
        "t_crash": {"status": "failed", "mistake": None},
    }
    # the student reads the named mistake first, then expected/got
    message = outputs["t_mistake"][-1]["evalue"]
    assert message.index("doubled") < message.index("Expected 1") < message.index("got 2")

"""Every lesson's grader, proven the same way. The plans -- which wrong versions go through
nbgrader, how they share submissions, each lesson's extra submissions -- are in
``tests/lesson_plans.py``; what is particular to one lesson is in ``test_grading_NN_*.py``.

Through real nbgrader (every lesson's submissions in one run of the parallel grader,
``lessons_graded``):

* the reference scores 10 and the untouched release 0, with every test cell failing;
* the release holds no solution and no hidden test;
* every wrong version sent through nbgrader loses points of its exercise and shows its named mistake;
* a submission's exercises without a wrong version keep all their points (where exercises are
  graded apart).

Under the judge (the real sandbox, kernel and hidden tests, one kernel per lesson, ``judged``):
the reference keeps its 10 points, and every wrong version of the catalogue loses points, with its
named mistake shown. The catalogue covers every exercise. And the common mistakes of ``VISIBLE``
fail the visible tests alone, as a student sees them in JupyterLab before any grading.
"""

from __future__ import annotations

import pytest

from harness import check_visible_tests_catch, exercises, grade_cells, judge_key, release_notebook, source_notebook
from lesson_plans import PLANS

LESSONS = list(PLANS)
THROUGH_NBGRADER = [(lesson, w) for lesson, plan in PLANS.items() for w in plan.through_nbgrader]
CATALOGUE = [(lesson, w) for lesson, plan in PLANS.items() for w in plan.wrongs]
# lessons whose exercises are graded apart (one exercise alone has nothing to be apart from)
GRADED_APART = [lesson for lesson, plan in PLANS.items()
                if plan.independent and len(exercises(source_notebook(lesson))) > 1]
VISIBLE = [(lesson, name) for lesson, plan in PLANS.items() for name in plan.visible]


def _ids(case) -> str:
    lesson, wrong = case
    return f"{lesson[:2]}-{wrong.exercise}:{wrong.name}"


def _lost(result, cells) -> float:
    return sum(result.max_scores[c] for c in cells) - result.score_of(cells)


# ---- through real nbgrader ----------------------------------------------------------------------

@pytest.mark.nbgrader
@pytest.mark.parametrize("lesson", LESSONS)
def test_reference_full_marks_and_blank_zero(lessons_graded, lesson):
    graded = lessons_graded[lesson]
    ref, blank = graded.results["reference"], graded.results["blank"]
    assert ref.total == ref.max_total == 10, f"reference lost points: {ref.errors}"
    assert blank.total == 0, f"the untouched release scored: {blank.scores}"
    assert set(blank.errors) == set(grade_cells(graded.src)), "every test cell of the blank release must fail"


@pytest.mark.nbgrader
@pytest.mark.parametrize("lesson", LESSONS)
def test_release_has_no_solutions_or_hidden_tests(lessons_graded, lesson):
    graded = lessons_graded[lesson]
    text = "\n".join(c.source for c in release_notebook(graded.root, lesson).cells)
    assert "### BEGIN SOLUTION" not in text and "BEGIN HIDDEN TESTS" not in text
    assert text.count("raise NotImplementedError()") == len(exercises(graded.src))


@pytest.mark.nbgrader
@pytest.mark.parametrize(("lesson", "wrong"), THROUGH_NBGRADER, ids=map(_ids, THROUGH_NBGRADER))
def test_wrong_implementation_loses_points(lessons_graded, lesson, wrong):
    graded = lessons_graded[lesson]
    res = graded.results[graded.plan.submission_of(wrong)]
    cells = grade_cells(graded.src, wrong.exercise)
    assert _lost(res, cells) > 0, f"{wrong.name!r} kept all {sum(res.max_scores[c] for c in cells):g} points of {wrong.exercise}"
    if wrong.message:
        shown = " | ".join(res.errors.get(c, "") for c in cells)
        assert wrong.message in shown, f"hint for {wrong.name!r} not shown; the student saw: {shown}"


@pytest.mark.nbgrader
@pytest.mark.parametrize("lesson", GRADED_APART)
def test_wrong_exercises_do_not_cost_the_others(lessons_graded, lesson):
    """In every submission of wrong versions, each exercise without one keeps all its points."""
    graded = lessons_graded[lesson]
    for sid, ws in graded.plan.packs().items():
        for exercise in set(exercises(graded.src)) - {w.exercise for w in ws}:
            cells = grade_cells(graded.src, exercise)
            assert _lost(graded.results[sid], cells) == 0, (sid, exercise, graded.results[sid].errors)


# ---- the whole catalogue under the judge -------------------------------------------------------
# the real sandboxed kernel and the real hidden tests, one kernel per lesson
# (harness.judge_catalogue); nbgrader's bookkeeping of the judge's verdicts is proven above

@pytest.mark.slow
@pytest.mark.parametrize("lesson", LESSONS)
def test_judge_reference_full_marks(judged, lesson):
    ref = judged(lesson)[None]
    assert ref.max_total == 10 and ref.total == 10, f"the reference lost points under the judge: {ref.errors}"


@pytest.mark.slow
@pytest.mark.parametrize(("lesson", "wrong"), CATALOGUE, ids=map(_ids, CATALOGUE))
def test_wrong_loses_points_under_the_judge(judged, lesson, wrong):
    res = judged(lesson)[judge_key(wrong)]
    assert res.total < res.max_total, f"{wrong.name!r} kept all {res.max_total:g} points of {wrong.exercise}"
    if wrong.message:
        shown = " | ".join(res.errors.values())
        assert wrong.message in shown, f"hint for {wrong.name!r} not shown; the student saw: {shown}"


# ---- the catalogue ------------------------------------------------------------------------------

@pytest.mark.parametrize("lesson", LESSONS)
def test_catalogue_covers_every_exercise(lesson):
    """At least ``min_wrongs`` wrong versions of every exercise, 1 to 3 of them through nbgrader."""
    plan = PLANS[lesson]
    keys = [(w.exercise, w.name) for w in plan.wrongs]
    assert len(keys) == len(set(keys)), "two wrong versions of one exercise share a name"
    unknown = set(plan.nbgrader) - {w.name for w in plan.wrongs}
    assert not unknown, f"NBGRADER names unknown wrong versions: {unknown}"
    for exercise in exercises(source_notebook(lesson)):
        assert sum(w.exercise == exercise for w in plan.wrongs) >= plan.min_wrongs, exercise
        assert 1 <= sum(w.exercise == exercise for w in plan.through_nbgrader) <= 3, exercise


# ---- the visible tests alone catch the common mistakes (issue 13) -------------------------------

@pytest.mark.parametrize(("lesson", "name"), VISIBLE, ids=[f"{ls[:2]}-{name}" for ls, name in VISIBLE])
def test_visible_tests_catch_the_common_mistake(tmp_path, lesson, name):
    """The student sees these mistakes fail in JupyterLab, before any grading."""
    check_visible_tests_catch(lesson, list(PLANS[lesson].wrongs), name, tmp_path)

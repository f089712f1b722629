"""Lesson 04 through the real nbgrader path: reference, blank release, wrong and delegating submissions.

``minibatch_gd`` calls ``make_mini_batches``, so the two exercises are never packed into one
submission: each wrong implementation gets its own, with the other exercise left correct. The
tests of ``minibatch_gd`` lend it a correct ``make_mini_batches`` during each call, so a wrong
``make_mini_batches`` must not cost any ``minibatch_gd`` points; ``test_exercises_are_graded_apart``
checks that on every wrong ``make_mini_batches`` submission.

To keep the suite fast, wrong-implementation submissions hold only the graded part of the
notebook (the set-up cell, the solution cells and the test cells; the demonstrations are left
out), and so does the reference; the blank release is graded whole. The wrong versions
(``WRONGS``) live with the references in ``grader.mini_batch``; all of them also run in process.
"""


import pytest

from grader.mini_batch import LESSON, NBGRADER, VISIBLE, WRONGS
from harness import (check_visible_tests_catch, grade_cells, graded_only, lesson_submissions, source_notebook,
                     standard_tests, with_cells)

EXERCISES = ("make_mini_batches", "minibatch_gd")
POINTS = {"make_mini_batches": 4, "minibatch_gd": 6}
THROUGH_NBGRADER = [w for w in WRONGS if w.name in NBGRADER]

# the whole catalogue under the judge, in one sandboxed kernel (fast); the nbgrader path is this
# module's own fixture below
_standard = standard_tests(LESSON, WRONGS, judge_all=True, nbgrader=False)
judged = _standard["judged"]
test_judge_reference_full_marks = _standard["test_judge_reference_full_marks"]
test_wrong_loses_points_under_the_judge = _standard["test_wrong_loses_points_under_the_judge"]


def _sid(wrong):
    return f"{wrong.exercise}-{WRONGS.index(wrong):02d}"


def _submissions(src, blank):
    lean = graded_only(src)
    subs = {"reference": lean, "blank": blank}
    for wrong in THROUGH_NBGRADER:
        subs[_sid(wrong)] = with_cells(lean, {wrong.exercise: wrong.code})
    # both exercises handed to where the references were before they left helpers: nothing is there
    subs["delegates"] = with_cells(lean, {
        "make_mini_batches": "from helpers.batching import make_mini_batches",
        "minibatch_gd": "import helpers.batching as hb\n"
                        "def minibatch_gd(loss_and_grad, W0, X, y, lr, batch_size, n_epochs, rng):\n"
                        "    return hb.minibatch_gd(loss_and_grad, W0, X, y, lr, batch_size, n_epochs, rng)",
    })
    return subs


# graded with every other lesson's submissions in one run of the parallel grader (harness)
submissions_graded = lesson_submissions(LESSON, _submissions)


@pytest.fixture(scope="module")
def graded(submissions_graded):
    return source_notebook(LESSON), submissions_graded[1]


def _ex_score(src, res, exercise):
    return res.score_of(grade_cells(src, exercise))


def test_reference_full_marks_and_blank_zero(graded):
    src, results = graded
    assert results["reference"].total == results["reference"].max_total == 10, results["reference"].errors
    assert results["blank"].total == 0, results["blank"].scores
    assert set(results["blank"].errors) == set(grade_cells(src)), "every test cell of the blank release fails"
    for exercise in EXERCISES:
        assert sum(results["reference"].max_scores[c] for c in grade_cells(src, exercise)) == POINTS[exercise]


@pytest.mark.parametrize("wrong", THROUGH_NBGRADER, ids=lambda w: f"{w.exercise}:{w.name}")
def test_wrong_implementation_loses_points(graded, wrong):
    src, results = graded
    res = results[_sid(wrong)]
    cells = grade_cells(src, wrong.exercise)
    lost = sum(res.max_scores[c] for c in cells) - res.score_of(cells)
    assert lost > 0, f"{wrong.name!r} kept all points of {wrong.exercise}"
    if wrong.message:
        msgs = " | ".join(res.errors.get(c, "") for c in cells)
        assert wrong.message in msgs, f"hint for {wrong.name!r} not shown; messages: {msgs}"


@pytest.mark.parametrize("wrong", THROUGH_NBGRADER, ids=lambda w: f"{w.exercise}:{w.name}")
def test_exercises_are_graded_apart(graded, wrong):
    """A wrong version of one exercise costs no points of the other (correct) one."""
    src, results = graded
    res = results[_sid(wrong)]
    other = next(e for e in EXERCISES if e != wrong.exercise)
    assert _ex_score(src, res, other) == POINTS[other], (other, res.errors)


def test_delegation_earns_nothing(graded):
    """The references are not in helpers: the routes that once reached them find nothing."""
    src, results = graded
    res = results["delegates"]
    assert _ex_score(src, res, "make_mini_batches") == 0, res.scores
    assert _ex_score(src, res, "minibatch_gd") == 0, res.scores


# ---- the visible tests alone catch the common mistakes (issue 13) -------------------------------

@pytest.mark.parametrize("name", VISIBLE)
def test_visible_tests_catch_the_common_mistake(tmp_path, name):
    """The student sees these mistakes fail in JupyterLab, before any grading."""
    check_visible_tests_catch(LESSON, WRONGS, name, tmp_path)

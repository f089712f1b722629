"""Lesson 01's own grader proofs: hostile submissions (``lesson_plans.hostile_01``), graded with
the rest of the class through real nbgrader, cost only their own points. (The proofs every lesson
shares are in ``test_grading.py``; the whole red team is ``tests/isolation/test_redteam.py``.)
"""

import pytest

from harness import grade_cells

pytestmark = pytest.mark.nbgrader

LESSON = "01_random_search"


@pytest.fixture
def graded(lessons_graded):
    return lessons_graded[LESSON]


def _ex_score(graded, sid, exercise):
    return graded.results[sid].score_of(grade_cells(graded.src, exercise))


def test_deleted_and_edited_tests_are_restored(graded):
    for sid in ("deleted_tests", "edited_tests"):
        assert set(graded.results[sid].scores) == set(grade_cells(graded.src)), f"{sid}: not every test cell was graded"
        assert _ex_score(graded, sid, "svm_loss") < 3, f"{sid}: wrong svm_loss kept its points"
        assert _ex_score(graded, sid, "random_search") == 3, f"{sid}: correct exercises must keep their points"


def test_delegation_earns_nothing(graded):
    """The references are not in helpers: the routes that once reached them find nothing."""
    assert _ex_score(graded, "delegates", "svm_loss") == 0
    assert _ex_score(graded, "delegates", "random_search") == 0
    assert _ex_score(graded, "delegates", "random_local_search") == 2, "the honest exercise keeps its points"


@pytest.mark.parametrize("sid", ["patches_numpy", "patches_grading", "hides_tracebacks"])
def test_patching_does_not_pass_wrong_code(graded, sid):
    """Patches made in the student's kernel do not reach the judge, which runs the checks: the
    wrong svm_loss loses points, the honest exercises keep theirs."""
    res = graded.results[sid]
    assert _ex_score(graded, sid, "svm_loss") < 3, res.scores
    assert _ex_score(graded, sid, "random_search") == 3, res.errors
    assert _ex_score(graded, sid, "random_local_search") == 2, res.errors


def test_infinite_loop_is_bounded_and_contained(graded):
    res = graded.results["infinite_loop"]
    assert _ex_score(graded, "infinite_loop", "svm_loss") == 0
    assert "did not return within" in res.errors["test_svm_loss_worked_example"]
    assert _ex_score(graded, "infinite_loop", "random_search") == 3
    assert _ex_score(graded, "infinite_loop", "random_local_search") == 2


def test_output_flood_is_cut_and_graded(graded):
    res = graded.results["floods_output"]
    assert res.total == 10, f"an honest svm_loss that prints lost points: {res.errors}"
    size = sum(len(o.get("text", "")) for c in res.notebook.cells for o in c.get("outputs", []))
    assert size < 200_000, f"autograded notebook still holds {size} characters of output"

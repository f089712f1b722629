"""Lesson 04's own grader proofs. (The proofs every lesson shares are in ``test_grading.py``.)

``minibatch_gd`` calls ``make_mini_batches``, so the two exercises are never packed into one
submission: each wrong version sent through nbgrader gets its own, with the other exercise left
correct. The tests of ``minibatch_gd`` lend it a correct ``make_mini_batches`` during each call,
so the exercises are still graded apart (``test_grading.test_wrong_exercises_do_not_cost_the_others``).
Here: the points of each exercise, and the delegation submission (``lesson_plans.delegates_04``).
"""

import pytest

from harness import grade_cells

pytestmark = pytest.mark.nbgrader

LESSON = "04_mini_batch"
POINTS = {"make_mini_batches": 4, "minibatch_gd": 6}


@pytest.fixture
def graded(lessons_graded):
    return lessons_graded[LESSON]


def test_points_per_exercise(graded):
    ref = graded.results["reference"]
    for exercise, points in POINTS.items():
        assert sum(ref.max_scores[c] for c in grade_cells(graded.src, exercise)) == points, exercise


def test_delegation_earns_nothing(graded):
    """The references are not in helpers: the routes that once reached them find nothing."""
    res = graded.results["delegates"]
    for exercise in POINTS:
        assert res.score_of(grade_cells(graded.src, exercise)) == 0, res.scores

"""Lesson 02 through the real nbgrader path: reference, blank release and realistic wrong submissions.

The three exercises' tests never call one another's functions (every wrong ``grad_check`` below
does its own finite differences), so wrong versions of different exercises share a submission.
The wrong versions (``WRONGS``), the subset the visible tests alone catch (``VISIBLE``) and the
correct variants that must keep full marks (``RIGHTS``) live with the references in
``grader.finite_differences``.
"""

import pytest

from grader.finite_differences import LESSON, NBGRADER, RIGHTS, VISIBLE, WRONGS
from harness import check_visible_tests_catch, grade_with, source_notebook, standard_tests

globals().update(standard_tests(LESSON, WRONGS, through_nbgrader=NBGRADER, judge_all=True))


def test_at_least_four_wrongs_per_exercise():
    src = source_notebook(LESSON)
    exercises = [c.metadata["nbgrader"]["grade_id"] for c in src.cells if c.metadata.get("nbgrader", {}).get("solution")]
    for ex in exercises:
        assert sum(w.exercise == ex for w in WRONGS) >= 4, ex


@pytest.mark.parametrize("right", RIGHTS, ids=lambda w: w.name)
def test_allowed_variants_keep_full_marks(tmp_path, right):
    """Issue 13: the hidden contract check took a point from the lecture notes' numerical_gradient,
    which evaluates f(x) once more; the exercise never forbids that."""
    scores, maxes, errors = grade_with(source_notebook(LESSON), right, tmp_path)
    assert sum(scores.values()) == 10, errors


# ---- the visible tests alone catch the common mistakes (issue 13) -------------------------------

@pytest.mark.parametrize("name", VISIBLE)
def test_visible_tests_catch_the_common_mistake(tmp_path, name):
    """The student sees these mistakes fail in JupyterLab, before any grading."""
    check_visible_tests_catch(LESSON, WRONGS, name, tmp_path)

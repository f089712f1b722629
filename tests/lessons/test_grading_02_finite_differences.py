"""Lesson 02 through the real nbgrader path: reference, blank release and realistic wrong submissions.

The three exercises' tests never call one another's functions (every wrong ``grad_check`` below
does its own finite differences), so wrong versions of different exercises share a submission.
The wrong versions (``WRONGS``) live with the references in ``grader.finite_differences``.
"""

from grader.finite_differences import LESSON, NBGRADER, WRONGS
from harness import source_notebook, standard_tests

globals().update(standard_tests(LESSON, WRONGS, through_nbgrader=NBGRADER, judge_all=True))


def test_at_least_four_wrongs_per_exercise():
    src = source_notebook(LESSON)
    exercises = [c.metadata["nbgrader"]["grade_id"] for c in src.cells if c.metadata.get("nbgrader", {}).get("solution")]
    for ex in exercises:
        assert sum(w.exercise == ex for w in WRONGS) >= 4, ex

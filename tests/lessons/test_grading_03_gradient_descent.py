"""Lesson 03 through the real nbgrader path: reference, blank release and realistic wrong submissions.

The tests of ``step_size_sweep`` and ``gradient_descent`` never call each other's function, so a
wrong version of each shares one submission (``pack_wrongs``). The wrong versions (``WRONGS``)
live with the references in ``grader.gradient_descent``.
"""

from grader.gradient_descent import LESSON, NBGRADER, WRONGS
from harness import source_notebook, standard_tests

globals().update(standard_tests(LESSON, WRONGS, through_nbgrader=NBGRADER, judge_all=True))


def test_at_least_four_wrongs_per_exercise():
    src = source_notebook(LESSON)
    exercises = [c.metadata["nbgrader"]["grade_id"] for c in src.cells if c.metadata.get("nbgrader", {}).get("solution")]
    for ex in exercises:
        assert sum(w.exercise == ex for w in WRONGS) >= 4, ex

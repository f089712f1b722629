"""Lesson 03 through the real nbgrader path: reference, blank release and realistic wrong submissions.

The tests of ``step_size_sweep``, ``gradient_descent`` and ``max_stable_lr`` never call one
another's function, so a wrong version of each shares one submission (``pack_wrongs``). The wrong
versions (``WRONGS``) and the ones the visible tests alone must catch (``VISIBLE``) live with the
references in ``grader.gradient_descent``.
"""

import pytest

from grader.gradient_descent import LESSON, NBGRADER, VISIBLE, WRONGS
from harness import check_visible_tests_catch, source_notebook, standard_tests

globals().update(standard_tests(LESSON, WRONGS, through_nbgrader=NBGRADER, judge_all=True))


def test_at_least_four_wrongs_per_exercise():
    src = source_notebook(LESSON)
    exercises = [c.metadata["nbgrader"]["grade_id"] for c in src.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert exercises == ["step_size_sweep", "gradient_descent", "max_stable_lr"]
    for ex in exercises:
        assert sum(w.exercise == ex for w in WRONGS) >= 4, ex
        assert sum(w.exercise == ex and w.name in NBGRADER for w in WRONGS) <= 3, ex


# ---- the visible tests alone catch the common mistakes (issue 13) -------------------------------

@pytest.mark.parametrize("name", VISIBLE)
def test_visible_tests_catch_the_common_mistake(tmp_path, name):
    """The student sees these mistakes fail in JupyterLab, before any grading."""
    check_visible_tests_catch(LESSON, WRONGS, name, tmp_path)

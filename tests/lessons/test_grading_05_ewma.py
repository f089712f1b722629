"""Lesson 05 through the real nbgrader path: reference, blank release and wrong versions of ``ewma``
and ``steps_until_unbiased``.

The two exercises' tests never call each other's function, so wrong versions of the two share
submissions; the whole catalogue is also graded under the real sandbox and judge (``judge_all``).
The wrong versions (``WRONGS``), the ones sent through nbgrader (``NBGRADER``) and the ones the
visible tests alone must catch (``VISIBLE``) live with the references in :mod:`grader.ewma`.
"""

import pytest

from grader.ewma import LESSON, NBGRADER, VISIBLE, WRONGS
from harness import check_visible_tests_catch, source_notebook, standard_tests

globals().update(standard_tests(LESSON, WRONGS, through_nbgrader=NBGRADER, judge_all=True,
                                 whole_reference=True))


def test_at_least_four_wrongs_per_exercise():
    src = source_notebook(LESSON)
    exercises = [c.metadata["nbgrader"]["grade_id"] for c in src.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert exercises == ["ewma", "steps_until_unbiased"]
    for ex in exercises:
        assert sum(w.exercise == ex for w in WRONGS) >= 4, ex
        assert sum(w.exercise == ex and w.name in NBGRADER for w in WRONGS) <= 3, ex


# ---- the visible tests alone catch the common mistakes (issue 13) -------------------------------

@pytest.mark.parametrize("name", VISIBLE)
def test_visible_tests_catch_the_common_mistake(tmp_path, name):
    """The student sees these mistakes fail in JupyterLab, before any grading."""
    check_visible_tests_catch(LESSON, WRONGS, name, tmp_path)

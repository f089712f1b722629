"""Lesson 02's own grader proof: correct variants the exercise allows keep full marks. (The proofs
every lesson shares are in ``test_grading.py``.) The variants (``RIGHTS``) live with the
references in ``grader.finite_differences``.
"""

import pytest

from grader.finite_differences import LESSON, RIGHTS
from harness import grade_with, source_notebook


@pytest.mark.parametrize("right", RIGHTS, ids=lambda w: w.name)
def test_allowed_variants_keep_full_marks(tmp_path, right):
    """Issue 13: the hidden contract check took a point from the lecture notes' numerical_gradient,
    which evaluates f(x) once more; the exercise never forbids that."""
    scores, maxes, errors = grade_with(source_notebook(LESSON), right, tmp_path)
    assert sum(scores.values()) == 10, errors

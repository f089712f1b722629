"""Lesson 11 through the real nbgrader path and the judge: reference, blank release and wrong
submissions of ``adamw_step``, ``warmup_cosine`` and ``clip_by_global_norm``.

The three exercises are independent (no exercise's tests call another's function), so one wrong
version of each goes into the same submission (``pack_wrongs``). The wrong versions, the
references and the hidden checks live in ``grader.practice``; every wrong version is graded under
the sandbox and the judge (``judge_all``), and ``NBGRADER`` (three per exercise) through nbgrader.
"""

from grader.practice import LESSON, NBGRADER, WRONGS
from harness import standard_tests

globals().update(standard_tests(LESSON, WRONGS, through_nbgrader=NBGRADER, judge_all=True,
                                 whole_reference=True))


def test_at_least_five_wrong_versions_per_exercise_and_three_through_nbgrader():
    for exercise in ("adamw_step", "warmup_cosine", "clip_by_global_norm"):
        assert sum(w.exercise == exercise for w in WRONGS) >= 5, exercise
        assert sum(w.exercise == exercise and w.name in NBGRADER for w in WRONGS) <= 3, exercise

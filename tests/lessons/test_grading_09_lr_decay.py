"""Lesson 09 through the real nbgrader path: reference, blank release and wrong submissions.

The four schedules are independent (no test cell calls another exercise), so one wrong
version of each goes into the same submission (``pack_wrongs``). The wrong versions, and the
references the hidden tests compare with, live in ``grader.lr_decay``.
"""

from grader.lr_decay import LESSON, NBGRADER, WRONGS
from harness import grade_cells, standard_tests

globals().update(standard_tests(LESSON, WRONGS, through_nbgrader=NBGRADER, judge_all=True))


def test_wrong_exercises_do_not_cost_the_others(graded):
    """A packed submission holds one wrong version per exercise; an exercise without a wrong
    version in that pack keeps all its points (the tests are independent)."""
    src, packs, results = graded
    exercises = {w.exercise for w in WRONGS}
    for sid, ws in packs.items():
        wrong_here = {w.exercise for w in ws}
        for ex in exercises - wrong_here:
            cells = grade_cells(src, ex)
            assert results[sid].score_of(cells) == sum(results[sid].max_scores[c] for c in cells), (sid, ex)

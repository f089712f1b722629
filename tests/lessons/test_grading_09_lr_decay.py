"""Lesson 09 through the real nbgrader path: reference, blank release and wrong submissions.

The four schedules are independent (no test cell calls another exercise), so one wrong
version of each goes into the same submission (``pack_wrongs``). The wrong versions, and the
references the hidden tests compare with, live in ``grader.lr_decay``.
"""

from grader.lr_decay import LESSON, NBGRADER, WRONGS
from harness import standard_tests

globals().update(standard_tests(LESSON, WRONGS, through_nbgrader=NBGRADER, judge_all=True))

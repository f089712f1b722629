"""Lesson 10 through the real nbgrader path: reference, blank release and wrong submissions.

``classify_critical_point`` and ``steps_to_escape`` are independent (neither exercise's tests
call the other), so one wrong version of each goes into the same submission (``pack_wrongs``).
The wrong versions, and the references the hidden tests compare with, live in
``grader.saddles_and_plateaus``.
"""

from grader.saddles_and_plateaus import LESSON, NBGRADER, WRONGS
from harness import standard_tests

globals().update(standard_tests(LESSON, WRONGS, through_nbgrader=NBGRADER, judge_all=True))

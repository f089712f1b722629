"""Lesson 05 through the real nbgrader path: reference, blank release and wrong versions of ``ewma``.

One exercise, so every wrong version needs its own submission (no packing); the whole
catalogue is also checked in-process (the test cells load their own data). The wrong
versions (``WRONGS``) and the ones sent through nbgrader (``NBGRADER``, here all of them)
live with the reference in :mod:`grader.ewma`.
"""

from grader.ewma import LESSON, NBGRADER, WRONGS
from harness import standard_tests

globals().update(standard_tests(LESSON, WRONGS, pack=False, through_nbgrader=NBGRADER, judge_all=True))

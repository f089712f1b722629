"""Lesson 08 through the real nbgrader path: reference, blank release and wrong submissions.

`bias_correction_matters_until` and `adam_step` are independent (neither exercise's test cells call the other's function), so one
wrong version of each goes into the same submission (``pack_wrongs``). A selection
(``NBGRADER``) goes through real nbgrader; the whole catalogue ``WRONGS`` is graded under the
judge (``judge_all``). The wrong versions, and the references the hidden tests compare with,
live in :mod:`grader.adam`.
"""

from grader.adam import LESSON, NBGRADER, WRONGS
from harness import standard_tests

globals().update(standard_tests(LESSON, WRONGS, through_nbgrader=NBGRADER, judge_all=True))

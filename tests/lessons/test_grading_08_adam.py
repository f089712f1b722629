"""Lesson 08 grader: reference, blank release and wrong `adam_step` implementations.

The lesson has one exercise, so every wrong version is its own submission. A selection
(``NBGRADER``) goes through the real nbgrader path (generate_assignment -> autograde); every
wrong version in ``WRONGS`` is also checked in-process — its solution code and the source
notebook's test cells (hidden parts included) executed in this interpreter — which is fast
enough to cover many more mistakes than the kernel-per-submission path. ``WRONGS`` and
``NBGRADER`` live with the reference in :mod:`grader.adam`.
"""

from grader.adam import LESSON, NBGRADER, WRONGS
from harness import standard_tests

globals().update(standard_tests(LESSON, WRONGS, pack=False, through_nbgrader=NBGRADER, judge_all=True))

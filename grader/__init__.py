"""The course's grader: instructor-only, never installed in the student's image, never visible
in the grading sandbox.

One module per lesson, named after the lesson without its number (``08_adam`` ->
``grader.adam``). Each holds

* ``LESSON``: the lesson id;
* the **references** of the lesson's graded exercises (the answer key; ``helpers``, which
  students import, holds none);
* ``WRONGS``: realistic wrong implementations (:class:`grader.mistakes.Wrong`) that must lose
  points, with the named mistake the student must see, and ``NBGRADER``: the ones also sent
  through the real, sandboxed grading path by ``tests/``;
* ``EARLIER`` (optional): the earlier lessons' references this lesson's experiments use,
  ``{"grader.<module>": ("name", ...)}``; ``coursekit.earlier`` copies their source into
  ``notebooks/<lesson>/earlier_lessons.py``, which the release carries.

The hidden parts of the source notebooks' test cells import the references from here. They
run only in the trusted judge (``coursekit.judge``), outside the student's sandbox.
"""

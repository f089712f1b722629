"""A realistic wrong implementation of an exercise, as the grader tests use it."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Wrong"]


@dataclass(frozen=True)
class Wrong:
    """A realistic wrong implementation of one exercise.

    ``code`` replaces the whole solution cell ``exercise``. If ``message`` is given, at
    least one test cell of that exercise must fail with a message containing it (the
    named mistake the student sees).
    """

    exercise: str
    name: str
    code: str
    message: str | None = None

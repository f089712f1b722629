"""Fixtures of the lessons' grader proofs: the class graded through real nbgrader, and every
catalogue graded under the judge. Both are computed once per test process, for the lessons
whose tests were collected."""

from __future__ import annotations

import pytest

from harness import Result, autograde_lessons, judge_catalogue, make_course, release_notebook, source_notebook
from lesson_plans import PLANS


def _collected_lessons(session, fixture: str) -> list[str]:
    """The lessons of the collected tests that use ``fixture`` (a ``lesson`` parameter, or the
    test module's ``LESSON``), so that running one lesson's file grades only that lesson."""
    wanted = set()
    for item in session.items:
        if fixture not in getattr(item, "fixturenames", ()):
            continue
        lesson = getattr(item, "callspec", None) and item.callspec.params.get("lesson")
        wanted.add(lesson or getattr(item.module, "LESSON", None))
    return sorted(wanted & set(PLANS))


class Graded:
    """One lesson's share of the class run: its source notebook, plan, results and course folder."""

    def __init__(self, lesson: str, root, results: dict[str, Result]):
        self.lesson, self.root, self.results = lesson, root, results
        self.src, self.plan = source_notebook(lesson), PLANS[lesson]


@pytest.fixture(scope="session")
def lessons_graded(request, tmp_path_factory) -> dict[str, Graded]:
    """Every collected lesson's submissions (:meth:`lesson_plans.Plan.build`), graded in **one**
    run of the course's parallel grader: one ``generate_assignment``, one nbgrader process per
    worker, and the shards balanced over the whole set rather than over one lesson's handful."""
    root = make_course(tmp_path_factory.mktemp("lessons"))
    wanted = _collected_lessons(request.session, "lessons_graded")
    subs = {ls: PLANS[ls].build(source_notebook(ls), release_notebook(root, ls)) for ls in wanted}
    results = autograde_lessons(root, subs)
    return {ls: Graded(ls, root, results[ls]) for ls in wanted}


@pytest.fixture(scope="session")
def judged() -> "callable":
    """``judged(lesson)``: the lesson's whole catalogue graded under the judge, in one sandboxed
    kernel (:func:`harness.judge_catalogue`), computed on first use."""
    cache: dict[str, dict] = {}

    def get(lesson: str) -> dict:
        if lesson not in cache:
            cache[lesson] = judge_catalogue(lesson, list(PLANS[lesson].wrongs))
        return cache[lesson]

    return get

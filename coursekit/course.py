"""The course's data, in one file: ``course.json`` at the repository root.

It holds what every part of the course needs to agree on:

* the lessons in course order, each with its title, its one-line summary and the names of its
  graded exercises;
* the points per lesson and the autograder's time budget per notebook;
* the conventions every lesson follows (Markdown; math between ``$``).

Everything else reads it: the pipeline (:func:`coursekit.pipeline.lessons`), the lecture site
(order, count, conventions box), ``make bench`` (the budget) and the README, whose lessons table
and conventions section are written from it (``python -m coursekit readme``).
``tests/unit/test_course.py`` checks that every lesson source agrees with it (title, graded
cells, points, "lesson N of M") and that the README is up to date.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

__all__ = ["COURSE_FILE", "Course", "LessonInfo", "load", "readme_sections", "write_readme"]

ROOT = Path(__file__).resolve().parent.parent
COURSE_FILE = ROOT / "course.json"
README = ROOT / "README.md"


@dataclass(frozen=True)
class LessonInfo:
    id: str             # "08_adam": the folder and notebook name
    title: str          # as the lesson's first heading says it, after "Lesson NN — "
    summary: str
    graded: tuple[str, ...]

    @property
    def number(self) -> int:
        return int(self.id[:2])


@dataclass(frozen=True)
class Course:
    title: str
    points_per_lesson: float
    budget_seconds: float
    conventions: tuple[tuple[str, str], ...]     # (name, Markdown text)
    lessons: tuple[LessonInfo, ...]

    @property
    def ids(self) -> list[str]:
        return [lesson.id for lesson in self.lessons]

    def lesson(self, lesson_id: str) -> LessonInfo:
        for lesson in self.lessons:
            if lesson.id == lesson_id:
                return lesson
        raise KeyError(f"no lesson {lesson_id!r} in {COURSE_FILE.name}")


@lru_cache(maxsize=None)
def load(path: Path = COURSE_FILE) -> Course:
    """Read ``course.json``; ``ValueError`` names what is malformed."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    lessons = []
    for k, item in enumerate(data["lessons"], 1):
        lesson = LessonInfo(item["id"], item["title"], item["summary"], tuple(item["graded"]))
        if not re.fullmatch(r"\d\d_[a-z0-9_]+", lesson.id) or lesson.number != k:
            raise ValueError(f"{path}: lesson #{k} has id {lesson.id!r}; ids are NN_name, numbered 01, 02, ... in order")
        if not lesson.graded:
            raise ValueError(f"{path}: lesson {lesson.id} grades nothing")
        lessons.append(lesson)
    return Course(data["title"], float(data["points_per_lesson"]), float(data["budget_seconds"]),
                  tuple((c["name"], c["text"]) for c in data["conventions"]), tuple(lessons))


# ---------------------------------------------------------------------------------------
# the README's generated sections

_SECTION = re.compile(r"(<!-- course\.json: (?P<name>\w+) -->\n)(?P<body>.*?)(<!-- /course\.json -->)", re.S)


def readme_sections(course: Course) -> dict[str, str]:
    """The README's generated sections, by name: ``lessons`` (a table) and ``conventions``."""
    rows = ["| # | lesson | graded (%g points each) |" % course.points_per_lesson, "|---|---|---|"]
    for lesson in course.lessons:
        graded = ", ".join(f"`{name}`" for name in lesson.graded)
        rows.append(f"| {lesson.id[:2]} | [{lesson.title}](notebooks/{lesson.id}) | {graded} |")
    conventions = [f"- **{name}:** {text}" for name, text in course.conventions]
    return {"lessons": "\n".join(rows) + "\n", "conventions": "\n".join(conventions) + "\n"}


def write_readme(path: Path = README, course: Course | None = None, *, check: bool = False) -> bool:
    """Rewrite the generated sections of the README; with ``check=True`` only say whether it is
    up to date. Returns True when the file already matched."""
    path = Path(path)
    sections = readme_sections(course or load())
    text = path.read_text(encoding="utf-8")
    found = set()

    def fill(match):
        name = match.group("name")
        if name not in sections:
            raise ValueError(f"{path}: unknown generated section {name!r}")
        found.add(name)
        return match.group(1) + sections[name] + match.group(4)

    new = _SECTION.sub(fill, text)
    missing = set(sections) - found
    if missing:
        raise ValueError(f"{path}: no generated section(s) {sorted(missing)} "
                         "(mark them <!-- course.json: NAME --> ... <!-- /course.json -->)")
    if new != text and not check:
        path.write_text(new, encoding="utf-8")
    return new == text

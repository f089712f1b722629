"""course.json is the one source of course data, and everything agrees with it."""
import json
import re
from pathlib import Path

import pytest

from coursekit import course
from coursekit.nbsource import source_to_notebook

ROOT = Path(__file__).resolve().parents[2]
COURSE = course.load()
FOLDERS = sorted(p.name for p in (ROOT / "notebooks").iterdir() if p.is_dir() and re.match(r"\d\d_", p.name))


def test_every_lesson_folder_is_in_the_course_and_back():
    assert COURSE.ids == FOLDERS


@pytest.mark.parametrize("lesson", COURSE.lessons, ids=lambda l: l.id)
def test_source_agrees_with_course_json(lesson):
    nb = source_to_notebook(ROOT / "notebooks" / lesson.id / f"{lesson.id}.py")
    head = nb.cells[0].source.splitlines()
    assert head[0] == f"# Lesson {lesson.id[:2]} — {lesson.title}", "the first heading must be the course.json title"
    assert f"lesson {lesson.number} of {len(COURSE.lessons)}" in nb.cells[0].source, \
        f"the header must say 'lesson {lesson.number} of {len(COURSE.lessons)}'"
    solutions = tuple(c.metadata["nbgrader"]["grade_id"] for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution"))
    assert solutions == lesson.graded, "course.json's graded exercises are the source's solution cells, in order"
    points = sum(c.metadata["nbgrader"].get("points", 0) for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade"))
    assert points == COURSE.points_per_lesson
    assert lesson.summary.strip()


def test_readme_is_written_from_course_json():
    assert course.write_readme(check=True), "README.md is stale: run `python -m coursekit readme`"


def test_a_stale_readme_is_noticed(tmp_path):
    readme = tmp_path / "README.md"
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    readme.write_text(text.replace("`rmsprop_step`", "`rmsprop`", 1), encoding="utf-8")
    assert not course.write_readme(readme, check=True)
    assert not course.write_readme(readme)          # rewrites it ...
    assert course.write_readme(readme, check=True)  # ... and then it is up to date


def test_pipeline_and_site_read_course_json():
    from coursekit import pipeline, site
    assert [l.id for l in pipeline.lessons()] == COURSE.ids
    assert site.course_order() == COURSE.ids
    html = " ".join(site.conventions_html())
    for name, _ in COURSE.conventions:
        assert name in html
    assert "<code>dW / (np.sqrt(S) + eps)</code>" in html and "$v_0 = 0$" in html


def test_malformed_course_file_is_refused(tmp_path):
    data = json.loads(course.COURSE_FILE.read_text(encoding="utf-8"))
    data["lessons"][0], data["lessons"][1] = data["lessons"][1], data["lessons"][0]
    bad = tmp_path / "course.json"
    bad.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="numbered 01, 02"):
        course.load(bad)

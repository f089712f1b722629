"""No answer key in the student's environment (issue: grades decided outside the student's reach).

The references of the graded exercises live in the instructor-only ``grader`` package. The
student's environment is ``helpers`` plus the lesson's released folder (which may carry
*earlier* lessons' references in ``earlier_lessons.py``), and the sandbox shows the kernel
nothing else.
"""
import ast
import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursekit import earlier
from coursekit.judge import exercise_names

ROOT = Path(__file__).resolve().parents[2]
LESSONS = sorted(p.name for p in (ROOT / "notebooks").iterdir() if p.is_dir() and p.name[:2].isdigit())


def _defined(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.ClassDef))}


def _exercises(lesson: str) -> set[str]:
    return exercise_names(nbformat.read(ROOT / "notebooks" / lesson / f"{lesson}.ipynb", as_version=4))


def test_helpers_defines_no_graded_exercise():
    graded = set().union(*(_exercises(l) for l in LESSONS))
    found = {(name, path.name) for path in (ROOT / "helpers").glob("*.py") for name in _defined(path) & graded}
    assert not found, f"helpers (which students import) defines graded exercises: {sorted(found)}"


@pytest.mark.parametrize("lesson", LESSONS)
def test_a_release_carries_only_earlier_lessons_references(lesson):
    carried = ROOT / "notebooks" / lesson / earlier.FILENAME
    if not carried.exists():
        return
    mine_and_later = set().union(*(_exercises(l) for l in LESSONS if l >= lesson))
    assert not _defined(carried) & mine_and_later, f"{carried} carries its own or a later lesson's reference"
    assert "grader" not in {n.split(".")[0] for n in _imports(carried)}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Import):
            out |= {a.name for a in n.names}
        elif isinstance(n, ast.ImportFrom) and n.module:
            out.add(n.module)
    return out


def test_carried_references_are_up_to_date():
    assert earlier.stale() == [], "run: python -m coursekit earlier"


@pytest.mark.parametrize("lesson", LESSONS)
def test_carried_references_run_without_the_grader(lesson):
    """Each earlier_lessons.py imports and defines what it carries in an isolated Python
    (no repository root on the path, so no grader), as in the student's environment."""
    carried = ROOT / "notebooks" / lesson / earlier.FILENAME
    if not carried.exists():
        return
    code = ("import runpy, sys\n"
            "assert 'grader' not in sys.modules\n"
            f"ns = runpy.run_path({str(carried)!r})\n"
            "print(' '.join(sorted(k for k in ns if not k.startswith('__'))))\n"
            "assert not any(m == 'grader' or m.startswith('grader.') for m in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, cwd="/")
    assert proc.returncode == 0, proc.stderr[-2000:]
    module = earlier.grader_module(lesson)
    for names in module.EARLIER.values():
        assert set(names) <= set(proc.stdout.split()), f"{carried} does not define all of {names}"


def test_every_lesson_has_a_grader_module_with_its_references():
    for lesson in LESSONS:
        module = earlier.grader_module(lesson)
        assert module is not None, f"no grader module for {lesson}"
        assert module.LESSON == lesson
        missing = {name for name in _exercises(lesson) if not callable(getattr(module, name, None))}
        assert not missing, f"grader.{module.__name__} lacks the references {missing}"


def test_the_grader_is_not_part_of_the_installed_package():
    import tomllib
    packages = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    assert "grader" not in packages


def test_the_sandbox_sees_no_grader_no_course_folder(tmp_path):
    from coursekit import sandbox
    ok, why = sandbox.available()
    if not ok:
        pytest.skip(f"no sandbox here ({why}): {sandbox.install_hint}")
    probe = (
        "import importlib.util, json, os\n"
        "print(json.dumps({'grader': importlib.util.find_spec('grader') is not None,\n"
        f"  'course': os.listdir({str(ROOT)!r}),\n"
        "  'helpers': importlib.util.find_spec('helpers') is not None}))\n"
    )
    cmd = [*sandbox.bwrap_command(str(tmp_path), sandbox.limits()), sys.executable, "-c", probe]
    seen = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=60).stdout)
    assert seen["helpers"] and not seen["grader"]
    assert sorted(seen["course"]) == sorted([".venv", "data", "helpers"]), seen["course"]

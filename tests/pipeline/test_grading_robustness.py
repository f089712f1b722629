"""One submission can cost only its own student, whatever it does to the grading processes.

Holes found by the second red-team round, each seen to fail here before its fix:

* a markdown cell with a missing attachment made nbgrader's feedback export fail for the
  whole shard, and the run raised before any grade was merged (``coursekit/grading.py``
  now takes such a shard's students one at a time);
* a student's function called a test's callback with shapes that broadcast into gigabytes,
  in the judge, outside the sandbox (the nbgrader process has an address-space limit now,
  so that ends as a ``MemoryError`` reported to the student's code);
* when the grading process itself died, its sandboxes lived on until their wall clock
  (``PR_SET_PDEATHSIG`` on the launcher and on bwrap now).
"""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from coursekit import sandbox
from coursekit.grading import autograde_class, read_scores
from harness import _env, graded_only, make_course, release_notebook, source_notebook, with_cells

pytestmark = [pytest.mark.nbgrader,
              pytest.mark.skipif(not sandbox.available()[0],
                                 reason=f"no sandbox here ({sandbox.available()[1]}): {sandbox.install_hint}")]


def _submit(root, lesson, subs):
    for student, nb in subs.items():
        target = root / "submitted" / student / lesson
        target.mkdir(parents=True)
        nbformat.write(nb, target / f"{lesson}.ipynb")


def test_a_feedback_export_that_fails_costs_only_its_student(tmp_path):
    lesson = "06_momentum"
    root = make_course(tmp_path, lesson)
    src = graded_only(source_notebook(lesson))
    broken = nbformat.from_dict(src)
    broken.cells.insert(1, nbformat.v4.new_markdown_cell("![plot](attachment:missing.png)"))
    _submit(root, lesson, {"ada": src, "bea": graded_only(release_notebook(root, lesson)), "zed": broken})
    os.environ.update(_env())
    run = autograde_class(root, [lesson], workers=1)
    scores = read_scores(root)
    assert sum(scores[("ada", lesson)].values()) == 10 and sum(scores[("zed", lesson)].values()) == 10
    assert run.no_feedback == [("zed", lesson)] and run.failed == []
    assert (root / "feedback" / "ada" / lesson / f"{lesson}.html").exists()


def test_a_callback_blown_up_in_the_judge_costs_only_its_student(tmp_path, monkeypatch):
    lesson = "10_saddles_and_plateaus"
    root = make_course(tmp_path, lesson)
    src = graded_only(source_notebook(lesson))
    sid = next(c.metadata["nbgrader"]["grade_id"] for c in src.cells
               if c.metadata.get("nbgrader", {}).get("solution") and "def steps_to_escape" in c.source)
    bomb = with_cells(src, {sid: (
        "import numpy as np\n"
        "def steps_to_escape(init, update, grad_fn, x0, center, radius, max_steps):\n"
        "    update(np.ones((40000, 1)), np.ones((1, 40000)), None)   # 12.8 GB if it broadcasts\n"
        "    return 0\n")})
    _submit(root, lesson, {"ada": src, "zed": bomb})
    monkeypatch.setenv("COURSE_GRADER_MEMORY", str(4 * 2**30))
    run = autograde_class(root, [lesson], workers=1, feedback=False, env=_env())
    scores = read_scores(root)
    assert run.failed == []
    assert sum(scores[("ada", lesson)].values()) == 10
    graded = nbformat.read(root / "autograded" / "zed" / lesson / f"{lesson}.ipynb", as_version=4)
    assert any("MemoryError" in o.get("evalue", "") or o.get("ename") == "GradingError"
               for c in graded.cells for o in c.get("outputs", []))


def test_sandboxes_die_with_the_grader(tmp_path):
    lesson = "06_momentum"
    root = make_course(tmp_path, lesson)
    marker = f"course-orphan-{os.getpid()}"
    src = graded_only(source_notebook(lesson))
    sid = next(c.metadata["nbgrader"]["grade_id"] for c in src.cells if c.metadata.get("nbgrader", {}).get("solution"))
    slow = with_cells(src, {sid: next(c.source for c in src.cells if c.metadata.get("nbgrader", {}).get("grade_id") == sid)
                            + f"\nimport subprocess, sys, time\nsubprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)', '{marker}'])\n"
                              "time.sleep(60)\n"})
    _submit(root, lesson, {"slow": slow})
    env = {**os.environ, **_env(), "COURSE_ROOT": str(root), "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    proc = subprocess.Popen([sys.executable, "-m", "nbgrader", "autograde", lesson, "--create", "--force"],
                            cwd=Path(__file__).resolve().parents[2], env=env,
                            stdout=open(tmp_path / "nbgrader.log", "w"), stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 90
        while not _alive(marker):
            assert time.monotonic() < deadline, (tmp_path / "nbgrader.log").read_text()[-3000:]
            time.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    time.sleep(3)
    assert not _alive(marker), "a sandbox outlived the grader that started it"


def _alive(marker: str) -> list[str]:
    found = []
    for p in Path("/proc").iterdir():
        try:
            if marker.encode() in (p / "cmdline").read_bytes():
                found.append(p.name)
        except OSError:
            pass
    return found

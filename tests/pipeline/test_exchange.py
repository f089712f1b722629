"""nbgrader's exchange flow on one machine: release → fetch → submit → collect → autograde.

This is the JupyterHub workflow (see the README's "Beyond one machine"), with the exchange
in a temporary folder instead of /srv/nbgrader/exchange and the student and instructor
being the same Unix user.
"""
import getpass
import os
import sys

import nbformat
import pytest

from coursekit.forkserver import run_module
from coursekit.grading import autograde_class, read_scores, run_nbgrader
from harness import graded_only, make_course, source_notebook

pytestmark = pytest.mark.nbgrader

LESSON = "01_random_search"


def _student(cwd, exchange, *args):
    """An nbgrader command as a student would run it: in their home folder, no course config."""
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    proc = run_module("nbgrader", [*args, "--course=optim-dl", f"--Exchange.root={exchange}"], cwd=cwd, env=env)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


def test_release_fetch_submit_collect_grade(tmp_path):
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o777)
    root = make_course(tmp_path, LESSON)
    env = {"COURSE_EXCHANGE": str(exchange)}
    run_nbgrader(root, "release_assignment", LESSON, "--force", env=env)

    home = tmp_path / "student_home"
    home.mkdir()
    _student(home, exchange, "fetch_assignment", LESSON)
    fetched = home / LESSON / f"{LESSON}.ipynb"
    assert fetched.exists()
    assert "BEGIN SOLUTION" not in fetched.read_text() and "HIDDEN" not in fetched.read_text()
    # the student solves the lesson (here: the reference answers, without the demonstrations, which
    # only cost the suite time) and submits
    nbformat.write(graded_only(source_notebook(LESSON)), fetched)
    _student(home, exchange, "submit", LESSON)

    run_nbgrader(root, "collect", LESSON, env=env)
    user = getpass.getuser()
    assert (root / "submitted" / user / LESSON / f"{LESSON}.ipynb").exists()
    assert autograde_class(root, [LESSON], workers=1, feedback=False).graded == 1
    assert sum(read_scores(root)[(user, LESSON)].values()) == 10

"""``coursekit.pipeline.execute_notebook``: how ``make notebooks``, ``make course`` and ``make bench``
run a lesson. The kernel gets the caller's extra environment (``COURSE_AUTOGRADE=1`` for the
autograder's reduced sizes) and the repository on ``PYTHONPATH``; the calling process's own
environment is left as it was."""

import os

import nbformat
import pytest

from coursekit.pipeline import ROOT, execute_notebook

pytestmark = pytest.mark.slow


def test_the_kernel_gets_the_environment_and_the_caller_keeps_its_own(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSE_AUTOGRADE", raising=False)
    before = dict(os.environ)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import os\nprint(os.environ.get('COURSE_AUTOGRADE'), os.environ['PYTHONPATH'].split(os.pathsep)[0], os.getcwd())")])
    execute_notebook(nb, tmp_path, env={"COURSE_AUTOGRADE": "1"})
    assert nb.cells[0].outputs[0]["text"].split() == ["1", str(ROOT), str(tmp_path)]
    assert dict(os.environ) == before

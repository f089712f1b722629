"""nbgrader preprocessors that make autograding safe for hostile or broken submissions.

Wired in by ``nbgrader_config.py``:

* :class:`InsertPrologue` / :class:`RemovePrologue` wrap the execution: before any
  student cell runs, a prologue imports the grading checks and freezes ``numpy`` and
  ``helpers`` (see :func:`helpers.grading.lockdown`), marks the kernel as running
  under the autograder (``COURSE_AUTOGRADE=1``) so heavy demonstrations shrink, and
  switches matplotlib to drawing nothing (figures carry no grade; rendering them was
  most of a notebook's grading time). The prologue cell is removed again before grades
  are saved.
* :class:`LimitOutputSize` cuts outputs that are huge in characters (nbgrader's own
  ``LimitOutput`` counts lines only, so one 50 MB line passes it).
* :class:`HideHiddenTests` and :class:`ShortTracebacks` run when feedback is generated:
  hidden test code is replaced by a placeholder and each error is reduced to its
  message, so the feedback names the mistake without revealing the hidden tests.
"""

from __future__ import annotations

import re

import nbformat
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer, Unicode

PROLOGUE_ID = "course-autograde-prologue"
PROLOGUE = (
    "import os as _os\n"
    "_os.environ['COURSE_AUTOGRADE'] = '1'\n"
    # figures do not affect grades: draw nothing (the non-interactive Agg backend, every
    # figure closed after each cell) instead of rendering PNGs for thousands of notebooks
    "import matplotlib as _mpl\n"
    "_mpl.use('agg')\n"
    "import matplotlib.pyplot as _plt\n"
    "_plt.show = lambda *a, _close=_plt.close, **k: _close('all')\n"
    "get_ipython().events.register('post_run_cell', lambda *a, _close=_plt.close: _close('all'))\n"
    "import helpers.grading as _course_grading\n"
    "_course_grading.lockdown()\n"
    "del _os, _mpl, _plt, _course_grading"
)
_HIDDEN = re.compile(r"### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS", re.S)


class InsertPrologue(NbGraderPreprocessor):
    """Put the grading prologue cell first, so it runs before any student code."""

    source = Unicode(PROLOGUE).tag(config=True)

    def preprocess(self, nb, resources):
        cells = [c for c in nb.cells if c.get("id") != PROLOGUE_ID]
        cell = nbformat.v4.new_code_cell(self.source)
        cell["id"] = PROLOGUE_ID
        nb.cells = [cell] + cells
        return nb, resources


class RemovePrologue(NbGraderPreprocessor):
    """Drop the prologue again (after execution); complain loudly if it failed."""

    def preprocess(self, nb, resources):
        for cell in nb.cells:
            if cell.get("id") == PROLOGUE_ID:
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "error":
                        self.log.error("grading prologue failed: %s: %s", out.get("ename"), out.get("evalue"))
        nb.cells = [c for c in nb.cells if c.get("id") != PROLOGUE_ID]
        return nb, resources


class LimitOutputSize(NbGraderPreprocessor):
    """Cut every text output of a cell to ``max_chars`` characters."""

    max_chars = Integer(20_000).tag(config=True)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        budget = self.max_chars
        kept = []
        for out in cell.outputs:
            if out.output_type == "stream":
                if budget <= 0:
                    continue
                if len(out.text) > budget:
                    out.text = out.text[:budget] + "\n... output cut by the grader ...\n"
                budget -= len(out.text)
            elif out.output_type in ("execute_result", "display_data"):
                for key, value in list(out.get("data", {}).items()):
                    if isinstance(value, str) and len(value) > self.max_chars and not key.startswith("image/"):
                        out.data[key] = value[: self.max_chars] + "\n... output cut by the grader ..."
            elif out.output_type == "error":
                out.evalue = out.evalue[: self.max_chars]
            kept.append(out)
        cell.outputs = kept
        return cell, resources


class HideHiddenTests(NbGraderPreprocessor):
    """Replace the hidden part of every test cell by a placeholder line."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code" and "### BEGIN HIDDEN TESTS" in cell.source:
            cell.source = _HIDDEN.sub("# (hidden tests: they decide the grade)", cell.source)
        return cell, resources


class ShortTracebacks(NbGraderPreprocessor):
    """Reduce each error output to ``ename: evalue`` — no code lines from the test."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                if out.output_type == "error":
                    out.traceback = [f"{out.ename}: {out.evalue}"]
        return cell, resources

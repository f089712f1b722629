"""Feedback a student can read: what ``nbgrader generate_feedback`` gets before the template.

:class:`FeedbackNotes` (wired in by ``nbgrader_config.py``, with the template
``coursekit/templates/feedback_course``) gives every test cell

* a **title** saying what it checks (from its id: ``test_ewma_bias_correction`` ->
  "ewma: bias correction"), used in the table of contents and the cell's heading;
* the judge's **verdict** (recorded outside the sandbox, ``course_verdicts`` in the autograded
  notebook's metadata): the named mistake first, then the check's message (expected/got);

and puts the student's **own figures** back: the autograder draws none (its prologue makes
matplotlib draw nothing), so the PNG figures of the notebook the student submitted are copied
into the matching cells (matched by cell id), after checking each is a real PNG
(strict base64, PNG signature, at most :attr:`FeedbackNotes.max_figure_bytes`). Math is
typeset by the MathJax copied to ``feedback/_static/mathjax`` (:func:`install_static`).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
from pathlib import Path

from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer, Unicode

__all__ = ["FeedbackNotes", "install_static", "cell_title", "MATHJAX_URL"]

VERDICTS_KEY = "course_verdicts"
MATHJAX_URL = "../../_static/mathjax/MathJax.js?config=TeX-AMS-MML_HTMLorMML-full,Safe"
_PNG = b"\x89PNG\r\n\x1a\n"


def cell_title(grade_id: str, exercises: list[str] | tuple = ()) -> str:
    """What a test cell checks, from its id: ``test_ewma_bias_correction`` -> "ewma: bias
    correction" (the exercise's name kept whole when the id starts with it)."""
    words = grade_id[5:] if grade_id.startswith("test_") else grade_id
    for ex in sorted(exercises, key=len, reverse=True):
        if words.startswith(ex + "_"):
            return f"{ex}: {words[len(ex) + 1:].replace('_', ' ')}"
    head, _, rest = words.partition("_")
    return f"{head}: {rest.replace('_', ' ')}" if rest else head


def _png_b64(value) -> str | None:
    """``value`` if it is the base64 text of a PNG (strictly decodable), else None."""
    if isinstance(value, list):
        value = "".join(v for v in value if isinstance(v, str))
    if not isinstance(value, str):
        return None
    text = "".join(value.split())
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    if not raw.startswith(_PNG):
        return None
    return base64.b64encode(raw).decode("ascii")


class FeedbackNotes(NbGraderPreprocessor):
    """Titles, verdicts and the student's own figures for the feedback template."""

    submitted_dir = Unicode("", help="<root>/submitted: where the student's own notebook is "
                                     "(its figures go into the feedback).").tag(config=True)
    mathjax_url = Unicode(MATHJAX_URL, help="MathJax, relative to a feedback page.").tag(config=True)
    max_figure_bytes = Integer(2_000_000, help="Largest figure copied from the submission.").tag(config=True)
    max_figures = Integer(40, help="Most figures copied from one submission.").tag(config=True)
    max_notebook_bytes = Integer(50_000_000, help="A larger submitted notebook is not read.").tag(config=True)

    def preprocess(self, nb, resources):
        resources.setdefault("course", {})["mathjax_url"] = self.mathjax_url
        verdicts = nb.metadata.get(VERDICTS_KEY) or {}
        exercises = [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
                     if c.metadata.get("nbgrader", {}).get("solution")]
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and meta.get("grade") and not meta.get("solution"):
                cell.metadata["course_feedback"] = self._note(cell, verdicts.get(meta.get("grade_id")), exercises)
        self._own_figures(nb, resources)
        return nb, resources

    @staticmethod
    def _note(cell, verdict, exercises) -> dict:
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        message = str(errors[0].get("evalue", "")) if errors else ""
        if isinstance(verdict, dict) and verdict.get("status") in ("passed", "mistake", "blank", "failed"):
            status, mistake = verdict["status"], verdict.get("mistake")
        else:   # graded before verdicts were recorded
            status, mistake = ("failed" if errors else "passed"), None
        if status == "passed" and errors:
            status = "failed"
        summary = {"passed": "passed", "mistake": f"named mistake: {mistake}",
                   "blank": "not attempted yet", "failed": "failed"}[status]
        return {"title": cell_title(cell.metadata["nbgrader"]["grade_id"], exercises), "status": status,
                "mistake": str(mistake) if mistake else "", "message": message, "summary": summary}

    def _own_figures(self, nb, resources) -> None:
        info = resources.get("nbgrader", {})
        if not self.submitted_dir or not info.get("student"):
            return
        path = Path(self.submitted_dir) / info["student"] / info.get("assignment", "") / f"{info.get('notebook', '')}.ipynb"
        try:
            if path.is_symlink() or not path.is_file() or path.stat().st_size > self.max_notebook_bytes:
                return
            with open(path, encoding="utf-8") as fh:
                theirs = json.load(fh)
        except (OSError, ValueError, RecursionError):
            return
        figures = {}
        for cell in theirs.get("cells", []) if isinstance(theirs, dict) else []:
            if not isinstance(cell, dict) or cell.get("cell_type") != "code" or not isinstance(cell.get("id"), str):
                continue
            pngs = []
            for out in cell.get("outputs", []) if isinstance(cell.get("outputs"), list) else []:
                data = out.get("data") if isinstance(out, dict) else None
                png = _png_b64(data.get("image/png")) if isinstance(data, dict) else None
                if png and len(png) * 3 // 4 <= self.max_figure_bytes:
                    pngs.append(png)
            if pngs:
                figures[cell["id"]] = pngs
        budget = self.max_figures
        from nbformat.v4 import new_output

        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type != "code" or meta.get("grade") or cell.get("id") not in figures:
                continue
            if any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
                continue
            for png in figures[cell["id"]][:max(budget, 0)]:
                cell.outputs.append(new_output("display_data", data={"image/png": png, "text/plain": "<your figure>"},
                                               metadata={"course_own_figure": True}))
                budget -= 1


def install_static(feedback_dir: Path) -> Path:
    """Copy the MathJax the feedback pages use to ``feedback_dir/_static/mathjax`` (once)."""
    from .site import copy_mathjax

    target = Path(feedback_dir) / "_static" / "mathjax"
    if not (target / "MathJax.js").exists():
        os.makedirs(target.parent, exist_ok=True)
        copy_mathjax(target)
    return target

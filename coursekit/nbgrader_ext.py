"""nbgrader preprocessors that make autograding safe for hostile or broken submissions.

Wired in by ``nbgrader_config.py``:

* :class:`InsertPrologue` / :class:`RemovePrologue` wrap the execution: before any
  student cell runs, a prologue marks the kernel as running
  under the autograder (``COURSE_AUTOGRADE=1``) so heavy demonstrations shrink, and
  switches matplotlib to drawing nothing (figures carry no grade; rendering them was
  most of a notebook's grading time). The prologue cell is removed again before grades
  are saved.
* :class:`SafeExecute` is nbgrader's ``Execute`` with the grade decided by the judge, outside
  the student's sandboxed kernel (:mod:`coursekit.judge`, :mod:`coursekit.sandbox`), and made
  robust for a class: a kernel that
  fails to start (a transient failure when many kernels start side by side) is started
  again, and a kernel that *dies* while running a cell (``os._exit``, a segfault, the
  memory limit) costs that cell — it gets an error output, so a test cell scores zero —
  and the notebook goes on in a fresh kernel that first replays the earlier cells
  (prologue included, tests and crashing cells left out), instead of the submission —
  with stock nbgrader, the whole ``autograde`` command — failing.
* :class:`LimitOutputSize` cuts outputs that are huge in characters (nbgrader's own
  ``LimitOutput`` counts lines only, so one 50 MB line passes it).
* :class:`HideHiddenTests` and :class:`ShortTracebacks` run when feedback is generated:
  hidden test code is replaced by a placeholder and each error is reduced to its
  message, so the feedback names the mistake without revealing the hidden tests.
"""

from __future__ import annotations

import copy
import os
import re
import socket
import time
from pathlib import Path

import nbformat
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Enum, Float, Integer, Unicode

from . import markers
from .judge import Judge, KernelLink, serve_code
from .sandbox import SandboxedKernelManager

PROLOGUE_ID = "course-autograde-prologue"
#: notebook metadata key of the judge's verdicts in an autograded notebook
#: (``{grade id: {"status": ..., "mistake": ...}}``, see ``coursekit.judge.Judge.run_cell``)
VERDICTS_KEY = "course_verdicts"
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
    # a flood of printing is cut where it starts (a few hundred kB per cell), before it costs
    # the kernel its memory in messages; LimitOutputSize cuts what still arrives
    "def _course_cap(stream, limit=200_000, _used=[0]):\n"
    "    write = stream.write\n"
    "    def capped(text):\n"
    "        room = limit - _used[0]\n"
    "        _used[0] += len(text)\n"
    "        if room <= 0:\n"
    "            return len(text)\n"
    "        return write(text if len(text) <= room else text[:room] + '\\n... output cut by the grader ...\\n')\n"
    "    stream.write = capped\n"
    "    return _used\n"
    "import sys as _sys\n"
    "_course_used = [_course_cap(_sys.stdout, _used=[0]), _course_cap(_sys.stderr, _used=[0])]\n"
    "get_ipython().events.register('pre_run_cell', lambda *a, _u=_course_used: [u.__setitem__(0, 0) for u in _u])\n"
    "del _os, _mpl, _plt, _sys, _course_cap, _course_used"
)
_HIDDEN = re.compile(rf"### {markers.BEGIN_HIDDEN_TESTS}.*?### {markers.END_HIDDEN_TESTS}", re.S)


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


def _error_output(ename: str, evalue: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])


class SafeExecute(Execute):
    """nbgrader's ``Execute``, with the grade decided by the judge outside the sandbox.

    Ordinary cells run in the student's sandboxed kernel (:mod:`coursekit.sandbox`). Test
    cells never do: the judge (:mod:`coursekit.judge`) runs the instructor's version of each
    (visible and hidden checks) in this process, calling the student's functions in the
    kernel, and the cell's outputs become the judge's -- an error where a check failed,
    which nbgrader then scores 0. The kernel has no way to write a test cell's outputs.

    It also survives kernels that fail to start (tried again) or die mid-notebook (the cell
    that killed it gets an error; a fresh kernel replays the earlier cells and grading goes
    on), and kernels that stop answering the judge (replaced the same way).
    """

    startup_attempts = Integer(3, help="How often to try starting a kernel before giving up.").tag(config=True)
    max_restarts = Integer(3, help="Kernel deaths tolerated per notebook; later cells are "
                                   "marked as not run (and so score zero).").tag(config=True)
    source_dir = Unicode("", help="The instructor's source notebooks: <source_dir>/<assignment>/<notebook>.ipynb "
                                  "(where the judge takes the test cells from).").tag(config=True)
    connect_timeout = Float(30.0, help="Seconds the judge waits for the kernel to connect for a test cell.").tag(config=True)
    # nbclient's default is "graceful" (ask the kernel to exit, poll until it has). Every output is
    # in by the time the kernel goes (each cell ran to its idle status), so it is killed instead:
    # its own shutdown costs about 0.25 s of CPU and 0.2 s of waiting per notebook, for nothing the
    # grade needs. The sandbox dies with its launcher; its cgroups and folder are removed after.
    shutdown_kernel = Enum(["graceful", "immediate"], default_value="immediate",
                           help="How a kernel is stopped once its notebook is graded.").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    def _start_kernel(self) -> None:
        for attempt in range(1, self.startup_attempts + 1):
            try:
                if self.km is None:
                    self.km = self.create_kernel_manager()
                if not self.km.has_kernel:
                    self.start_new_kernel()
                self.start_new_kernel_client()
                return
            except Exception as exc:  # noqa: BLE001 - any start-up failure is retried
                if attempt == self.startup_attempts or "no sandbox" in str(exc):
                    raise
                self.log.warning("kernel failed to start (attempt %d of %d): %s",
                                 attempt, self.startup_attempts, exc)
                if self.km is not None:
                    try:
                        self._cleanup_kernel()
                    except Exception:  # noqa: BLE001 - best effort, a new manager follows
                        pass
                self.km, self.kc = None, None
                time.sleep(0.5 * attempt)

    def _judge_for(self, resources) -> Judge:
        info = (resources or {}).get("nbgrader", {})
        path = Path(self.source_dir) / info.get("assignment", "") / f"{info.get('notebook', '')}.ipynb"
        if not self.source_dir or not path.is_file():
            raise RuntimeError(f"the judge needs the source notebook, not found at {path}")
        return Judge.from_file(path)

    def preprocess(self, nb, resources=None, km=None):
        from nbclient import NotebookClient

        NotebookClient.__init__(self, nb, km)
        self.reset_execution_trackers()
        self._check_assign_resources(resources)
        judge = self._judge_for(self.resources)
        # the judge's verdicts (which known mistake each test cell hit) for the class report
        # (coursekit.report): written here, outside the sandbox; whatever the submission
        # carried under this key is dropped first
        self.nb.metadata[VERDICTS_KEY] = judge.verdicts
        cells = self.nb.cells
        index, crashed = 0, []
        while index < len(cells):
            self._start_kernel()
            try:
                info = self.wait_for_reply(self.kc.kernel_info())
                self.nb.metadata["language_info"] = info["content"]["language_info"]
                replayed = True
                try:
                    if crashed:
                        self._replay(cells[:index], crashed)
                except (DeadKernelError, CellTimeoutError):
                    replayed = False   # replaying the earlier cells killed (or hung) this kernel too
                    crashed.append(None)
                    self.log.warning("the kernel died or hung while replaying the earlier cells")
                while replayed and index < len(cells):
                    cell = cells[index]
                    index += 1
                    if _grade_id(cell) in judge.tests and _is_test(cell):
                        if not self._judge_cell(judge, cell):
                            crashed.append(None)
                            self.log.warning("the kernel stopped answering the judge in cell %d; "
                                             "going on in a new kernel", index - 1)
                            break
                        continue
                    try:
                        self.preprocess_cell(cell, resources, index - 1)
                    except DeadKernelError:
                        crashed.append(index - 1)
                        self.log.warning("the kernel died in cell %d; going on in a new kernel", index - 1)
                        cell.outputs.append(_error_output(
                            "DeadKernelError", "the kernel died while running this cell (os._exit, a crash "
                            "or running out of memory); grading went on in a fresh kernel without it"))
                        break
                    except CellTimeoutError:
                        # the cell ignored the interrupt after its time was up: its kernel is
                        # replaced, as if it had died, instead of waiting for the wall clock
                        crashed.append(index - 1)
                        self.log.warning("cell %d ignored the interrupt after %s s; going on in a new kernel",
                                         index - 1, self.timeout)
                        cell.outputs.append(_error_output(
                            "CellTimeoutError", f"this cell did not finish within {self.timeout} s and ignored "
                            "the interrupt; grading went on in a fresh kernel without it"))
                        break
            finally:
                self._cleanup_kernel()
            if len(crashed) > self.max_restarts:
                for cell in cells[index:]:
                    if cell.cell_type == "code":
                        cell.outputs = [_error_output(
                            "DeadKernelError", f"not run: the kernel died {len(crashed)} times in this notebook")]
                break
        self.set_widgets_metadata()
        self.nb.metadata[VERDICTS_KEY] = dict(judge.verdicts)
        return self.nb, self.resources

    def _judge_cell(self, judge: Judge, cell) -> bool:
        """Let the judge decide test ``cell``; False when the kernel must be replaced."""
        outside, inside = self.km.judge_socket()
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            if os.path.exists(outside):
                os.unlink(outside)
            listener.bind(outside)      # the kernel runs as the grader's user: no chmod needed
            listener.listen(1)
            listener.settimeout(self.connect_timeout)
            msg_id = self.kc.execute(serve_code(inside), silent=True, store_history=False,
                                     allow_stdin=False, stop_on_error=False)
            try:
                conn, _ = listener.accept()
            except OSError:
                judge.verdicts[_grade_id(cell)] = {"status": "failed", "mistake": None}
                cell.outputs = [_error_output(
                    "GradingError", "the grader could not run your functions: the kernel did not answer "
                    "(it was busy or stopped); this test cell scores 0")]
                return False
        finally:
            listener.close()
            if os.path.exists(outside):
                os.unlink(outside)
        # one budget for the whole judged cell: the student's calls, the judge's references and
        # callbacks; generous (3x a kernel cell's timeout), since it covers all of them
        link = KernelLink(conn, budget=3 * self.timeout if self.timeout else None)
        try:
            cell.outputs = judge.run_cell(_grade_id(cell), lambda: link)
        finally:
            link.finish()
        cell.execution_count = None
        if link.broken:
            return False
        try:
            reply = self.wait_for_reply(msg_id)
        except Exception:  # noqa: BLE001 - a kernel that does not finish serving is replaced
            return False
        return reply is not None

    def _replay(self, done: list, crashed: list[int]) -> None:
        """Bring a fresh kernel to where the dead one was: run copies of the earlier code
        cells (the prologue first, no test cells, not the ones that killed a kernel);
        their outputs are thrown away."""
        for k, cell in enumerate(done):
            if cell.cell_type == "code" and k not in crashed and not _is_test(cell):
                self.execute_cell(copy.deepcopy(cell), k, store_history=False)


def _grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def _is_test(cell) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


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
        if cell.cell_type == "code" and _HIDDEN.search(cell.source):
            cell.source = _HIDDEN.sub(markers.HIDDEN_NOTE, cell.source)
        return cell, resources


class ShortTracebacks(NbGraderPreprocessor):
    """Reduce each error output to ``ename: evalue`` — no code lines from the test."""

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type == "code":
            for out in cell.get("outputs", []):
                if out.output_type == "error":
                    out.traceback = [f"{out.ename}: {out.evalue}"]
        return cell, resources

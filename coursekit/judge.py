"""The trusted judge: decides every test cell's points outside the student's sandbox.

nbgrader's own rule is "a test cell that shows no error earns its points". With the
student's code and the checks in one interpreter, one added cell can make every check
pass. Here the student's kernel never runs a test cell. For each test cell, the judge

1. runs the cell's whole code -- the visible checks *and* the hidden ones, taken from the
   instructor's source notebook -- in this process, where the student's functions are
   :class:`RemoteFunction` stand-ins;
2. each call of a stand-in sends the judge's arguments into the sandboxed kernel
   (:mod:`coursekit.probe`), which runs the student's function and sends back plain data
   (:mod:`coursekit.wire`: JSON and ``.npy``, never pickle);
3. the checks (``helpers.grading``) compare that data with the references of the grader
   package, here, and the cell's outputs are what the judge printed and raised.

So the kernel cannot forge an outcome: expected values, hints and references never enter
it, and the only thing it contributes is the data its functions returned. The judge's own
arguments never change: an input the student's function modifies is only *recorded* as
modified (``check_unchanged`` fails on it), so a reference computed afterwards from the same
arrays is computed from the true inputs. A value check is
passed only by computing the value. Checks of *behaviour* -- raising on bad input, leaving
an input unchanged, finishing in time, running the same number of lines whatever the size
(vectorized) -- rely on what the sandboxed process reports about itself; the README says so.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import inspect
import io
import os
import socket
import time
import warnings
from pathlib import Path

import nbformat
import numpy as np

from . import probe, wire

__all__ = ["Judge", "KernelLink", "RemoteFunction", "LinkBroken", "serve_code", "exercise_names"]

# seconds the judge waits beyond a call's own time limit before it gives up on the kernel (a
# kernel whose code ignores the probe's alarm); $COURSE_CALL_GRACE overrides it, read per call
GRACE = 5.0


def grace() -> float:
    """:data:`GRACE`, or ``$COURSE_CALL_GRACE`` where it is set (a non-negative number)."""
    raw = os.environ.get("COURSE_CALL_GRACE")
    if raw is None:
        return GRACE
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"COURSE_CALL_GRACE must be a number of seconds, got {raw!r}") from None
    if not value >= 0:
        raise ValueError(f"COURSE_CALL_GRACE must be a number of seconds >= 0, got {raw!r}")
    return value


class LinkBroken(Exception):
    """The kernel stopped answering (or answered nonsense); it must be replaced."""


def _source_without_wire_import(module) -> str:
    lines = inspect.getsource(module).splitlines()
    return "\n".join(line for line in lines
                     if "# wire-import" not in line and not line.startswith("from __future__"))


_KERNEL_SOURCE = inspect.getsource(wire) + "\n\n" + _source_without_wire_import(probe)


def serve_code(path: str) -> str:
    """The code the judge sends into the kernel: define the probe privately, then serve."""
    return (
        "_course_probe = {'__name__': 'course_probe'}\n"
        f"exec(compile({_KERNEL_SOURCE!r}, '<course-probe>', 'exec'), _course_probe)\n"
        f"_course_probe['serve']({path!r}, globals())\n"
        "del _course_probe\n"
    )


def exercise_names(nb: nbformat.NotebookNode) -> set[str]:
    """Names of the functions the solution cells of ``nb`` define (the student's exercises)."""
    names = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            names |= {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    return names


def _free_names(code) -> set[str]:
    names = set(code.co_names)
    for const in code.co_consts:
        if inspect.iscode(const):
            names |= _free_names(const)
    return names


# ----------------------------------------------------------------------------------------
# one test cell's connection to the kernel


class KernelLink:
    """A connection to the probe serving in the kernel, for one test cell.

    ``budget`` (seconds) bounds the whole cell: every call, and the time the judge spends in
    the callbacks the student's code makes, ends by then.
    """

    def __init__(self, conn: socket.socket, budget: float | None = None):
        self.conn = conn
        self.broken: str | None = None
        self._callbacks: dict[int, object] = {}
        self.cell_deadline = time.monotonic() + budget if budget else float("inf")

    def _register(self, fn) -> int:
        ident = len(self._callbacks) + 1
        self._callbacks[ident] = fn
        return ident

    def call(self, name: str, args: tuple, kwargs: dict, *, timeout: float, lend: dict | None = None,
             trace: bool = False) -> dict:
        """Run the student's ``name(*args, **kwargs)`` in the kernel; return the decoded reply.

        Raises :class:`LinkBroken` when the kernel does not answer within ``timeout`` plus
        :func:`grace` seconds (time spent in callbacks not counted), or answers nonsense.
        """
        if self.broken:
            raise LinkBroken(self.broken)
        self._callbacks = {}
        try:
            message = {"op": "call", "name": name, "timeout": timeout, "trace": trace,
                       "args": wire.encode(list(args), self._register),
                       "kwargs": wire.encode(dict(kwargs), self._register),
                       "lend": {k: self._register(v) for k, v in (lend or {}).items()}}
            deadline = min(time.monotonic() + timeout + grace(), self.cell_deadline)
            self.conn.settimeout(max(deadline - time.monotonic(), 0.01))
            wire.send(self.conn, message)
            while True:
                reply = wire.recv(self.conn, deadline)
                if reply["op"] == "callback":
                    started = time.monotonic()
                    answer = self._answer(reply)
                    # time in the judge's callbacks is not the student's, up to the cell's budget
                    deadline = min(deadline + time.monotonic() - started, self.cell_deadline)
                    self.conn.settimeout(max(deadline - time.monotonic(), 0.01))
                    wire.send(self.conn, answer)
                    continue
                if reply["op"] != "result":
                    raise wire.WireError(f"unexpected {reply['op']!r}")
                return self._decode_result(reply)
        except Exception as exc:  # noqa: BLE001 - whatever the kernel sent, it cannot crash the judge
            kind = "did not answer in time" if isinstance(exc, socket.timeout) else f"broke the protocol ({exc})"
            self.broken = f"the kernel {kind}"
            raise LinkBroken(self.broken) from None
        finally:
            self._callbacks = {}

    def _answer(self, reply: dict) -> dict:
        fn = self._callbacks.get(reply.get("id"))
        if fn is None:
            return {"op": "raise", "ename": "RuntimeError", "message": "this function is not available now"}
        try:
            args = wire.decode(reply.get("args", []))
            kwargs = wire.decode(reply.get("kwargs", {"__dict__": []}))
            if not isinstance(args, list) or not isinstance(kwargs, dict):
                raise wire.WireError("bad callback arguments")
            with np.errstate(all="ignore"), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                value = fn(*args, **kwargs)
            # the arguments as the callback left them: a callback that updates an array in
            # place (as the course's optimizers do) updates the kernel's array too
            return {"op": "return", "value": wire.encode(value),
                    "args": [probe._after(a) for a in args]}
        except Exception as exc:  # noqa: BLE001 - reported to the student's code as its exception
            return {"op": "raise", "ename": type(exc).__name__, "message": str(exc)[:500]}

    @staticmethod
    def _decode_result(reply: dict) -> dict:
        out = {"status": str(reply.get("status")), "printed": str(reply.get("printed", ""))[:probe.MAX_PRINTED + 1]}
        if out["status"] == "ok":
            out["value"] = wire.decode(reply.get("value"))
        elif out["status"] == "raised":
            out["ename"] = str(reply.get("ename", "Exception"))[:80]
            out["message"] = str(reply.get("message", ""))[:1000]
        elif out["status"] == "not-callable":
            out["type"] = str(reply.get("type", "object"))[:80]
        args = reply.get("args")
        out["args"] = [wire.decode(a) if a is not None else None for a in args] if isinstance(args, list) else []
        kw = reply.get("kwargs")
        out["kwargs"] = {str(k): wire.decode(v) for k, v in kw.items() if v is not None} if isinstance(kw, dict) else {}
        if "lines" in reply:
            out["lines"] = int(reply["lines"])
        return out

    def finish(self) -> None:
        """Tell the probe the cell is done; it returns and the kernel is free again."""
        try:
            if not self.broken:
                self.conn.settimeout(2)
                wire.send(self.conn, {"op": "done"})
        except OSError:
            pass
        finally:
            self.conn.close()


# ----------------------------------------------------------------------------------------
# the student's functions, as the judge's test code sees them


def _raise_like(ename: str, message: str):
    """An exception of the student's exception's name (a builtin one where the name is one)."""
    cls = getattr(builtins, ename, None)
    if not (isinstance(cls, type) and issubclass(cls, Exception)):
        cls = type(ename if ename.isidentifier() else "Exception", (Exception,), {"__module__": "student"})
    return cls(message)


def _modified(orig, after) -> bool:
    """Whether the kernel reports argument ``orig`` changed by the call (as ``after``)."""
    if isinstance(orig, np.ndarray):
        return isinstance(after, np.ndarray) and (
            orig.shape != after.shape or not np.array_equal(orig, after, equal_nan=orig.dtype.kind in "fc"))
    if isinstance(orig, list):
        try:
            return isinstance(after, list) and not (len(orig) == len(after) and all(
                np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(orig, after)))
        except (TypeError, ValueError):
            return True
    return False


def _note_modified(pairs) -> None:
    """Record the arguments the student's function modified; the judge's own arrays stay as
    they were, so a reference computed afterwards sees the true inputs (``check_unchanged``
    and ``helpers.grading.after_call`` consult the record). A generator takes the state the
    call left it in."""
    from helpers.grading import note_modified

    for orig, after in pairs:
        if isinstance(orig, np.random.Generator) and isinstance(after, np.random.Generator):
            # a generator's state after the call is what the tests ask about ("drew from rng
            # exactly once"); the tests compute references with generators of their own
            orig.bit_generator.state = after.bit_generator.state
        elif isinstance(orig, dict) and isinstance(after, dict):
            # a dict of arrays (lesson 11's gradients): each value is an argument of its own
            _note_modified((v, after.get(k)) for k, v in orig.items() if isinstance(k, str))
        elif after is not None and _modified(orig, after):
            note_modified(orig, after)


class RemoteFunction:
    """The student's function ``name``, living in the sandboxed kernel.

    ``helpers.grading.call`` recognises it by ``__grading_call__`` and
    ``helpers.grading.check_vectorized`` by ``__grading_lines__``.
    """

    def __init__(self, name: str, link_of):
        self.__name__ = name
        self._link_of = link_of

    def __repr__(self) -> str:
        return f"<your function {self.__name__}>"

    def _run(self, args, kwargs, *, timeout: float, lend=None, trace=False) -> dict:
        from helpers.grading import GradingError

        link = self._link_of()
        try:
            result = link.call(self.__name__, args, kwargs, timeout=timeout, lend=lend, trace=trace)
        except LinkBroken as exc:
            raise GradingError(f"{self.__name__} could not be run: {exc} (is there a loop that never ends, "
                               "or code that stops the grader?)") from None
        if result["status"] == "missing":
            raise GradingError(f"{self.__name__} is not defined: run the cell that defines it, "
                               "and keep its name.")
        if result["status"] == "not-callable":
            raise GradingError(f"{self.__name__} must be a function, but it is a {result['type']}.")
        _note_modified(zip(args, result["args"]))
        _note_modified((kwargs.get(k), v) for k, v in result["kwargs"].items())
        return result

    def __grading_call__(self, args, kwargs, *, timeout: float, lend=None):
        """Run the student's function in the sandbox: return its value, or raise what it
        raised (same exception name and message), or ``CallTimeout``; print what it printed."""
        from helpers.grading import CallTimeout

        result = self._run(args, kwargs, timeout=timeout, lend=lend)
        if result["printed"]:
            print(result["printed"], end="" if result["printed"].endswith("\n") else "\n")
        if result["status"] == "timeout":
            raise CallTimeout(f"{self.__name__} did not return within {timeout:g} s")
        if result["status"] == "raised":
            raise _raise_like(result["ename"], result["message"])
        return result["value"]

    def __grading_lines__(self, args, *, timeout: float) -> int:
        """How many lines of the student's code one call ran (as counted in the sandbox)."""
        result = self._run(args, {}, timeout=timeout, trace=True)
        return int(result.get("lines", 0))

    def __call__(self, *args, **kwargs):
        from helpers.grading import call
        return call(self, *args, **kwargs)


# ----------------------------------------------------------------------------------------
# judging a notebook's test cells


class Judge:
    """Runs the test cells of one notebook, in order, in one private namespace.

    ``source`` is the instructor's source notebook (trusted: it holds the hidden tests);
    the test cells are taken from it by grade id, never from the submission.
    """

    def __init__(self, source: nbformat.NotebookNode):
        self.tests = {}
        self.solutions = set()
        for cell in source.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade") and not meta.get("solution") and cell.cell_type == "code":
                self.tests[meta["grade_id"]] = cell.source
            elif meta.get("solution"):
                self.solutions.add(meta["grade_id"])
        self.exercises = exercise_names(source)
        # what every lesson imports at its top (test cells use it without importing it)
        self.namespace: dict = {"__name__": "course_judge", "__builtins__": builtins, "np": np}
        # grade id -> what the judge decided (see :meth:`run_cell`); the class report reads these
        self.verdicts: dict[str, dict] = {}

    @classmethod
    def from_file(cls, path: Path) -> "Judge":
        return cls(nbformat.read(path, as_version=4))

    def run_cell(self, grade_id: str, link_of) -> list:
        """Judge test cell ``grade_id``; return its outputs (stdout stream; an error on failure).

        The verdict goes to ``self.verdicts[grade_id]``: ``{"status": s, "mistake": m}`` with ``s``
        "passed", "mistake" (``m`` names the known mistake a check recognised), "blank" (the
        exercise raises ``NotImplementedError``) or "failed" (a failure no check recognised).
        """
        from helpers.grading import GradingError, forget_modified

        forget_modified()
        source = self.tests[grade_id]
        out = io.StringIO()
        error = None
        verdict = {"status": "passed", "mistake": None}
        try:
            code = compile(source, f"<test {grade_id}>", "exec")
            for name in _free_names(code) & self.exercises:
                self.namespace[name] = RemoteFunction(name, link_of)
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out), \
                    warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                exec(code, self.namespace)
        except GradingError as exc:
            error = ("GradingError", str(exc))
            mistake = getattr(exc, "mistake", None)
            verdict = ({"status": "mistake", "mistake": str(mistake)} if mistake
                       else {"status": "blank" if getattr(exc, "blank", False) else "failed", "mistake": None})
        except AssertionError as exc:
            error = ("AssertionError", str(exc))
        except Exception as exc:  # noqa: BLE001 - any failure of a check costs the cell
            error = (type(exc).__name__, str(exc)[:2000])
        if error and verdict["status"] == "passed":
            verdict = {"status": "failed", "mistake": None}
        self.verdicts[grade_id] = verdict
        outputs = []
        text = out.getvalue()
        if text:
            outputs.append(nbformat.v4.new_output("stream", name="stdout", text=text[:20_000]))
        if error:
            outputs.append(nbformat.v4.new_output("error", ename=error[0], evalue=error[1],
                                                  traceback=[f"{error[0]}: {error[1]}"]))
        return outputs

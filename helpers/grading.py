"""Checks used by the notebooks' test cells.

A test cell calls the student's function through :func:`call` and judges the result with
the ``check_*`` functions. Every failure is an ``AssertionError`` (:class:`GradingError`)
whose message says *what* is wrong in plain words -- and, when the wrong value matches a
known mistake (a "hint"), names that mistake.

Two places run these checks:

* the student's kernel, for the **visible** tests in JupyterLab: the student's aid, not the
  grade. :func:`call` bounds the time of a call (``SIGALRM``), silences warnings and cuts
  the student's printing to a few lines.
* the course's **judge** (``coursekit.judge``), outside the student's sandbox, which decides
  the grade: there the student's functions are stand-ins that run in the sandbox and return
  plain data (they provide ``__grading_call__`` / ``__grading_lines__``), and the checks and
  references never enter the student's process.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sys
import sysconfig
import warnings

import numpy as np

__all__ = [
    "CallTimeout",
    "GradingError",
    "after_call",
    "call",
    "check_close",
    "check_equal",
    "check_raises",
    "check_shape",
    "check_true",
    "check_unchanged",
    "check_vectorized",
]

_LIBRARY_DIRS = tuple(
    {os.path.abspath(p) for p in (sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib"))}
    | {os.path.abspath(sys.prefix), os.path.abspath(sys.base_prefix), os.path.dirname(os.path.abspath(__file__))}
)


class GradingError(AssertionError):
    """A failed check; the message is meant for the student.

    ``mistake`` names the known mistake the check recognised (a key of a check's ``hints``),
    ``blank`` says the exercise is not attempted yet (``NotImplementedError``); the judge
    records both as the test cell's verdict (``coursekit.judge``), for the class report.
    """

    def __init__(self, message: str = "", *, mistake: str | None = None, blank: bool = False):
        super().__init__(message)
        self.mistake = mistake
        self.blank = blank


# ----------------------------------------------------------------------------------------
# running the student's function


class CallTimeout(BaseException):
    """The student's function ran out of time (a BaseException: harder to swallow)."""


_Timeout = CallTimeout


def _describe(fn) -> str:
    return getattr(fn, "__name__", type(fn).__name__)


def _student_file(filename: str) -> bool:
    if filename.startswith("<") and not filename.startswith("<ipython-input"):
        return False
    return not os.path.abspath(filename).startswith(_LIBRARY_DIRS)


@contextlib.contextmanager
def _lent(fn, lend: dict | None):
    """Put ``lend``'s objects into ``fn``'s module globals for the duration; restore after."""
    ns = getattr(fn, "__globals__", None)
    if not lend or not isinstance(ns, dict):
        yield
        return
    missing = object()
    saved = {key: ns.get(key, missing) for key in lend}
    ns.update(lend)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is missing:
                ns.pop(key, None)
            else:
                ns[key] = value


def call(fn, *args, name: str | None = None, timeout: float | None = None, max_output: int = 2000,
         lend: dict | None = None, **kwargs):
    """Call the student's ``fn(*args, **kwargs)`` within a time limit and return its result.

    ``timeout`` (seconds) defaults to ``$COURSE_CALL_TIMEOUT`` or 10. ``lend`` maps global
    names of ``fn``'s module to objects that replace them during the call only -- a correct
    version of another exercise lent to this one (``lend={"make_mini_batches": correct}``),
    so that each exercise is graded on its own. What the function prints is shown, cut to
    ``max_output`` characters; warnings are silenced (nbgrader scores stderr as a failure).

    Raises ``GradingError`` with a plain-words message when the function is missing, not
    implemented, raises, or runs longer than ``timeout`` seconds.
    """
    if timeout is None:
        timeout = float(os.environ.get("COURSE_CALL_TIMEOUT", "10"))
    name = name or _describe(fn)
    remote = getattr(type(fn), "__grading_call__", None)
    if remote is None and not callable(fn):
        raise GradingError(f"{name} must be a function, but it is a {type(fn).__name__}.")
    out = io.StringIO()
    try:
        with contextlib.redirect_stdout(out):
            if remote is not None:      # the judge: the function runs in the student's sandbox
                result = fn.__grading_call__(args, kwargs, timeout=timeout, lend=lend)
            else:
                result = _call_here(fn, args, kwargs, timeout, lend, out)
    except CallTimeout:
        raise GradingError(
            f"{name} did not return within {timeout:g} s — is there a loop that never ends?"
        ) from None
    except NotImplementedError:
        raise GradingError(f"{name} is not implemented yet (it raises NotImplementedError).", blank=True) from None
    except GradingError:
        raise
    except Exception as exc:
        raise GradingError(f"{name} raised {type(exc).__name__}: {_short(str(exc))}") from None
    finally:
        printed = out.getvalue()
        if printed:
            cut = printed[:max_output]
            sys.stdout.write(cut + ("\n... (output cut)\n" if len(printed) > max_output else ""))
    return result


def _call_here(fn, args, kwargs, timeout, lend, out):
    """Run ``fn`` in this process under a ``SIGALRM`` time limit, warnings silenced."""
    use_alarm = hasattr(signal, "setitimer") and _is_main_thread()
    if use_alarm:
        def on_alarm(signum, frame):
            raise CallTimeout()
        old_handler = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), contextlib.redirect_stderr(out), \
                _lent(fn, lend):
            warnings.simplefilter("ignore")
            return fn(*args, **kwargs)
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)


def _is_main_thread() -> bool:
    import threading
    return threading.current_thread() is threading.main_thread()


def _short(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ----------------------------------------------------------------------------------------
# checks


def _close(a, b, rtol, atol) -> bool:
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    if a.shape != b.shape:
        return False
    return bool(np.isclose(a, b, rtol=rtol, atol=atol, equal_nan=False).all())


def _fmt(x) -> str:
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        return _short(repr(x), 120)
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    with np.printoptions(precision=5, threshold=8, edgeitems=3):
        return _short(f"array of shape {arr.shape}: {np.array2string(arr, separator=', ')}", 200)


def check_shape(actual, shape, what: str) -> None:
    """Fail unless ``np.shape(actual) == shape``."""
    got = np.shape(actual)
    if tuple(got) != tuple(shape):
        raise GradingError(f"{what}: expected shape {tuple(shape)}, got {tuple(got)}.")


def check_close(actual, expected, what: str, *, rtol: float = 1e-7, atol: float = 1e-10,
                hints: dict | None = None) -> None:
    """Fail unless ``actual`` is close to ``expected`` elementwise (shape included).

    ``hints`` maps a description of a common mistake to the value that mistake would
    produce; when ``actual`` matches one, the message names it.
    """
    try:
        arr = np.asarray(actual, dtype=float)
    except (TypeError, ValueError):
        raise GradingError(f"{what}: expected a number or an array of numbers, got {type(actual).__name__}.") from None
    exp = np.asarray(expected, dtype=float)
    if arr.shape != exp.shape:
        raise GradingError(f"{what}: expected shape {exp.shape}, got {arr.shape}.")
    if _close(arr, exp, rtol, atol):
        return
    for mistake, value in (hints or {}).items():
        if _close(arr, value, rtol, atol):
            raise GradingError(f"{what} is wrong — it looks like {mistake}. Expected {_fmt(exp)}, got {_fmt(arr)}.",
                               mistake=mistake)
    if not bool(np.isfinite(arr).all()):
        raise GradingError(f"{what} contains NaN or inf; expected {_fmt(exp)}.")
    diff = float(np.max(np.abs(arr - exp))) if arr.size else 0.0
    raise GradingError(f"{what}: expected {_fmt(exp)}, got {_fmt(arr)} (largest difference {diff:.3g}).")


def check_equal(actual, expected, what: str, *, hints: dict | None = None) -> None:
    """Fail unless ``actual`` equals ``expected`` exactly (arrays: same shape and values)."""
    ok = np.array_equal(np.asarray(actual), np.asarray(expected)) if not isinstance(expected, str) else actual == expected
    if ok:
        return
    for mistake, value in (hints or {}).items():
        same = actual == value if isinstance(value, str) else np.array_equal(np.asarray(actual), np.asarray(value))
        if same:
            raise GradingError(f"{what} is wrong — it looks like {mistake}. Expected {_fmt(expected)}, "
                               f"got {_fmt(actual)}.", mistake=mistake)
    raise GradingError(f"{what}: expected {_fmt(expected)}, got {_fmt(actual)}.")


def check_true(condition, message: str) -> None:
    """Fail with ``message`` unless ``condition`` is true."""
    if not bool(condition):
        raise GradingError(message)


# Inputs the student's function modified, as the judge saw them: the judge keeps its own
# arrays unchanged, so that a reference computed afterwards is computed from the true inputs,
# and records here what the student's function left in them.
_MODIFIED: dict[int, tuple] = {}


def note_modified(obj, after=None) -> None:
    """Record that the student's function modified ``obj`` (an argument the judge passed),
    leaving ``after`` in it."""
    _MODIFIED[id(obj)] = (obj, after)


def after_call(obj):
    """``obj`` as the student's function left it: what the judge recorded for an argument the
    function modified in its sandbox, else ``obj`` itself (as in the student's own kernel)."""
    entry = _MODIFIED.get(id(obj))
    return entry[1] if entry is not None and entry[0] is obj else obj


def forget_modified() -> None:
    """Forget the recorded modifications (the judge does this before each test cell)."""
    _MODIFIED.clear()


def check_unchanged(before, after, what: str) -> None:
    """Fail if an input array was modified by the student's function."""
    entry = _MODIFIED.get(id(after))
    if (entry is not None and entry[0] is after) or not np.array_equal(np.asarray(before), np.asarray(after)):
        raise GradingError(f"{what} was modified by your function; work on a copy instead.")


def check_raises(fn, exceptions, *args, what: str, name: str | None = None, **kwargs) -> None:
    """Fail unless ``fn(*args, **kwargs)`` raises one of ``exceptions``."""
    name = name or _describe(fn)
    try:
        call(fn, *args, name=name, **kwargs)
    except GradingError as err:
        text = str(err)
        for exc in (exceptions if isinstance(exceptions, tuple) else (exceptions,)):
            if f"raised {exc.__name__}" in text:
                return
        if "raised" in text:
            raise GradingError(f"{what}: expected {_names(exceptions)}, but {text}") from None
        raise
    raise GradingError(f"{what}: expected {name} to raise {_names(exceptions)}, but it returned normally.")


def _names(exceptions) -> str:
    exceptions = exceptions if isinstance(exceptions, tuple) else (exceptions,)
    return " or ".join(e.__name__ for e in exceptions)


def check_vectorized(fn, make_args, what: str, *, sizes=(8, 256), max_growth: int = 40) -> None:
    """Fail if the number of lines of *student* code executed grows with the problem size.

    ``make_args(size)`` returns the positional arguments for one call. A vectorized
    function runs the same handful of lines whatever the size; a Python loop over the
    examples runs its body once per example.
    """
    counts = []
    for size in sizes:
        args = make_args(size)
        if getattr(type(fn), "__grading_lines__", None) is not None:   # the judge
            timeout = float(os.environ.get("COURSE_CALL_TIMEOUT", "10"))
            counts.append(fn.__grading_lines__(args, timeout=timeout))
            continue
        n = [0]

        def local(frame, event, arg):
            if event == "line":
                n[0] += 1
            return local

        def tracer(frame, event, arg):
            return local if _student_file(frame.f_code.co_filename) else None

        previous = sys.gettrace()
        sys.settrace(tracer)
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"), \
                    contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                fn(*args)
        except Exception:
            pass   # correctness is judged by other tests
        finally:
            sys.settrace(previous)
        counts.append(n[0])
    if counts[-1] - counts[0] > max_growth:
        raise GradingError(
            f"{what}: your code ran {counts[0]} lines for {sizes[0]} examples but {counts[-1]} for "
            f"{sizes[-1]} — a Python loop over the examples. Use NumPy operations on whole arrays."
        )

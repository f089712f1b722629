"""Checks used by the notebooks' autograder test cells.

A test cell calls the student's function through :func:`call` and judges the
result with the ``check_*`` functions. Every failure is an ``AssertionError``
whose message says *what* is wrong in plain words — and, when the wrong value
matches a known mistake (a "hint"), names that mistake.

What :func:`call` guards against
--------------------------------
* **Delegation**: while the student's function runs, a profiler watches every
  Python call; reaching a reference kernel in ``helpers`` (under any alias or
  import path — the check is on the code's file, not on names) fails the test.
* **Hangs**: a per-call time limit (``SIGALRM``) turns an infinite loop into a
  failed test instead of a stuck grader.
* **Noise**: warnings are silenced and ``numpy`` floating-point errors ignored
  during the call (nbgrader scores any stderr output in a test cell as 0), and
  the student's printing is captured and cut to a few lines.
* **Tampering**: :func:`lockdown` (run by the autograder before any student
  code) makes the attributes of ``numpy``, ``numpy.testing``, ``math`` and
  every ``helpers`` module read-only, and every check verifies that the
  comparison functions and this module's own code are the ones loaded at
  import. In-process grading cannot stop arbitrarily clever code; it stops
  the realistic tricks (reassigning ``np.allclose``, patching a check to
  pass, swapping a function's ``__code__``), and the tests in ``tests/``
  prove that it does.
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import signal
import sys
import sysconfig
import types
import warnings

import numpy as np
import numpy.testing

__all__ = [
    "GradingError",
    "call",
    "check_close",
    "check_equal",
    "check_raises",
    "check_shape",
    "check_true",
    "check_unchanged",
    "check_vectorized",
    "lockdown",
]

_HELPERS_DIR = os.path.dirname(os.path.abspath(__file__))
# helpers modules a student may call from an exercise: argument checks, data, plots.
_ALLOWED_HELPERS = {"__init__.py", "_validate.py", "data.py", "plotting.py", "grading.py"}
_LIBRARY_DIRS = tuple(
    {os.path.abspath(p) for p in (sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib"))}
    | {os.path.abspath(sys.prefix), os.path.abspath(sys.base_prefix), _HELPERS_DIR}
)

# Captured at import time: the autograder imports this module before any student code runs.
_isclose = np.isclose
_isfinite = np.isfinite
_asarray = np.asarray
_array_equal = np.array_equal
_setprofile, _getprofile = sys.setprofile, sys.getprofile
_settrace, _gettrace = sys.settrace, sys.gettrace
_GUARDED = {
    (np, "isclose"): np.isclose, (np, "allclose"): np.allclose, (np, "array_equal"): np.array_equal,
    (np, "isfinite"): np.isfinite, (np, "asarray"): np.asarray, (np, "abs"): np.abs,
    (numpy.testing, "assert_allclose"): numpy.testing.assert_allclose,
    (numpy.testing, "assert_array_equal"): numpy.testing.assert_array_equal,
    (math, "isclose"): math.isclose,
}
_OWN_CODE: dict[str, types.CodeType] = {}


class GradingError(AssertionError):
    """A failed check; the message is meant for the student."""


# ----------------------------------------------------------------------------------------
# integrity


def _verify() -> None:
    for (module, name), original in _GUARDED.items():
        if module.__dict__.get(name) is not original:
            raise GradingError(
                f"{module.__name__}.{name} was replaced; the grader needs the real one. "
                "Remove the code that reassigns it."
            )
    for name, code in _OWN_CODE.items():
        fn = globals().get(name)
        if getattr(fn, "__code__", None) is not code:
            raise GradingError(f"helpers.grading.{name} was modified; remove the code that patches it.")


def _freeze_module(module: types.ModuleType) -> None:
    """Make the existing public callables/modules of ``module`` read-only attributes."""
    protected = frozenset(
        k for k, v in vars(module).items()
        if not k.startswith("__") and (callable(v) or isinstance(v, types.ModuleType))
    )
    if isinstance(type(module), type) and getattr(type(module), "_course_frozen", False):
        return
    base = type(module)

    def __setattr__(self, name, value, _p=protected, _b=base):
        if name in _p:
            raise AttributeError(f"{self.__name__}.{name} is read-only while grading")
        _b.__setattr__(self, name, value)

    def __delattr__(self, name, _p=protected, _b=base):
        if name in _p:
            raise AttributeError(f"{self.__name__}.{name} is read-only while grading")
        _b.__delattr__(self, name)

    frozen = type(f"Frozen_{base.__name__}", (base,),
                  {"__setattr__": __setattr__, "__delattr__": __delattr__, "_course_frozen": True})
    module.__class__ = frozen


def lockdown() -> None:
    """Freeze ``numpy``, ``numpy.testing``, ``math`` and every loaded ``helpers`` module.

    Called by the autograder's prologue cell, before any student code runs. After it,
    reassigning e.g. ``np.allclose`` or ``helpers.grading.check_close`` raises
    ``AttributeError`` in the student's cell; writes that bypass attributes (through a
    module's ``__dict__`` or a function's ``__code__``) are caught by every check.
    """
    import importlib
    import pkgutil

    import helpers
    for info in pkgutil.iter_modules(helpers.__path__):
        importlib.import_module(f"helpers.{info.name}")
    mods = [np, numpy.testing, math] + [m for n, m in list(sys.modules.items())
                                       if n == "helpers" or n.startswith("helpers.")]
    for module in mods:
        _freeze_module(module)


# ----------------------------------------------------------------------------------------
# running the student's function


class _Timeout(BaseException):
    """Raised inside the student's code when its time is up (BaseException: harder to swallow)."""


def _describe(fn) -> str:
    return getattr(fn, "__name__", type(fn).__name__)


def _student_file(filename: str) -> bool:
    if filename.startswith("<") and not filename.startswith("<ipython-input"):
        return False
    return not os.path.abspath(filename).startswith(_LIBRARY_DIRS)


@contextlib.contextmanager
def _no_delegation(name: str):
    """Record any call into a reference kernel of ``helpers`` while the block runs."""
    hits: list[str] = []

    def profiler(frame, event, arg):
        if event == "call":
            filename = frame.f_code.co_filename
            if filename.startswith(_HELPERS_DIR) and os.path.basename(filename) not in _ALLOWED_HELPERS:
                hits.append(f"{os.path.basename(filename)[:-3]}.{frame.f_code.co_name}")

    previous = _getprofile()
    _setprofile(profiler)
    try:
        yield hits
    finally:
        removed = _getprofile() is not profiler
        _setprofile(previous)
        if removed:
            hits.append("sys.setprofile (the grader's guard was switched off)")


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
    """Call the student's ``fn(*args, **kwargs)`` under the grader's guards and return its result.

    ``timeout`` (seconds) defaults to ``$COURSE_CALL_TIMEOUT`` or 10; nbgrader's per-cell
    timeout stays as a second bound. ``lend`` maps global names of ``fn``'s module to
    objects that replace them during the call only — a correct version of another
    exercise lent to this one (``lend={"make_mini_batches": correct}``), so that each
    exercise is graded on its own.

    Raises ``GradingError`` with a plain-words message when the function is missing,
    not implemented, raises, runs longer than ``timeout`` seconds, or calls one of the
    reference kernels in ``helpers`` instead of doing the work itself.
    """
    _verify()
    if timeout is None:
        timeout = float(os.environ.get("COURSE_CALL_TIMEOUT", "10"))
    name = name or _describe(fn)
    if not callable(fn):
        raise GradingError(f"{name} must be a function, but it is a {type(fn).__name__}.")
    code = getattr(fn, "__code__", None)
    if code is not None and not _student_file(code.co_filename):
        raise GradingError(
            f"{name} is not your own code (it comes from {code.co_filename}); "
            "write the function in the notebook instead of importing it."
        )
    out = io.StringIO()
    use_alarm = hasattr(signal, "setitimer") and _is_main_thread()
    if use_alarm:
        def on_alarm(signum, frame):
            raise _Timeout()
        old_handler = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(out), _lent(fn, lend), _no_delegation(name) as hits:
            warnings.simplefilter("ignore")
            try:
                result = fn(*args, **kwargs)
            finally:
                if use_alarm:
                    signal.setitimer(signal.ITIMER_REAL, 0)
    except _Timeout:
        raise GradingError(
            f"{name} did not return within {timeout:g} s — is there a loop that never ends?"
        ) from None
    except NotImplementedError:
        raise GradingError(f"{name} is not implemented yet (it raises NotImplementedError).") from None
    except GradingError:
        raise
    except Exception as exc:
        raise GradingError(f"{name} raised {type(exc).__name__}: {_short(str(exc))}") from None
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler)
        printed = out.getvalue()
        if printed:
            cut = printed[:max_output]
            sys.stdout.write(cut + ("\n... (output cut)\n" if len(printed) > max_output else ""))
    if hits:
        raise GradingError(
            f"{name} calls the course's reference implementation ({hits[0]}) instead of computing "
            "the result itself; this exercise asks you to write it with NumPy."
        )
    return result


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
        a, b = _asarray(a, dtype=float), _asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    if a.shape != b.shape:
        return False
    return bool(_isclose(a, b, rtol=rtol, atol=atol, equal_nan=False).all())


def _fmt(x) -> str:
    try:
        arr = _asarray(x, dtype=float)
    except (TypeError, ValueError):
        return _short(repr(x), 120)
    if arr.ndim == 0:
        return f"{float(arr):.6g}"
    with np.printoptions(precision=5, threshold=8, edgeitems=3):
        return _short(f"array of shape {arr.shape}: {np.array2string(arr, separator=', ')}", 200)


def check_shape(actual, shape, what: str) -> None:
    """Fail unless ``np.shape(actual) == shape``."""
    _verify()
    got = np.shape(actual)
    if tuple(got) != tuple(shape):
        raise GradingError(f"{what}: expected shape {tuple(shape)}, got {tuple(got)}.")


def check_close(actual, expected, what: str, *, rtol: float = 1e-7, atol: float = 1e-10,
                hints: dict | None = None) -> None:
    """Fail unless ``actual`` is close to ``expected`` elementwise (shape included).

    ``hints`` maps a description of a common mistake to the value that mistake would
    produce; when ``actual`` matches one, the message names it.
    """
    _verify()
    try:
        arr = _asarray(actual, dtype=float)
    except (TypeError, ValueError):
        raise GradingError(f"{what}: expected a number or an array of numbers, got {type(actual).__name__}.") from None
    exp = _asarray(expected, dtype=float)
    if arr.shape != exp.shape:
        raise GradingError(f"{what}: expected shape {exp.shape}, got {arr.shape}.")
    if _close(arr, exp, rtol, atol):
        return
    for mistake, value in (hints or {}).items():
        if _close(arr, value, rtol, atol):
            raise GradingError(f"{what} is wrong — it looks like {mistake}.")
    if not bool(_isfinite(arr).all()):
        raise GradingError(f"{what} contains NaN or inf; expected {_fmt(exp)}.")
    diff = float(np.max(np.abs(arr - exp))) if arr.size else 0.0
    raise GradingError(f"{what}: expected {_fmt(exp)}, got {_fmt(arr)} (largest difference {diff:.3g}).")


def check_equal(actual, expected, what: str, *, hints: dict | None = None) -> None:
    """Fail unless ``actual`` equals ``expected`` exactly (arrays: same shape and values)."""
    _verify()
    ok = _array_equal(_asarray(actual), _asarray(expected)) if not isinstance(expected, str) else actual == expected
    if ok:
        return
    for mistake, value in (hints or {}).items():
        same = actual == value if isinstance(value, str) else _array_equal(_asarray(actual), _asarray(value))
        if same:
            raise GradingError(f"{what} is wrong — it looks like {mistake}.")
    raise GradingError(f"{what}: expected {_fmt(expected)}, got {_fmt(actual)}.")


def check_true(condition, message: str) -> None:
    """Fail with ``message`` unless ``condition`` is true."""
    _verify()
    if not bool(condition):
        raise GradingError(message)


def check_unchanged(before, after, what: str) -> None:
    """Fail if an input array was modified by the student's function."""
    _verify()
    if not _array_equal(_asarray(before), _asarray(after)):
        raise GradingError(f"{what} was modified by your function; work on a copy instead.")


def check_raises(fn, exceptions, *args, what: str, name: str | None = None, **kwargs) -> None:
    """Fail unless ``fn(*args, **kwargs)`` raises one of ``exceptions``."""
    _verify()
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
    _verify()
    counts = []
    for size in sizes:
        args = make_args(size)
        n = [0]

        def local(frame, event, arg):
            if event == "line":
                n[0] += 1
            return local

        def tracer(frame, event, arg):
            return local if _student_file(frame.f_code.co_filename) else None

        previous = _gettrace()
        _settrace(tracer)
        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"), \
                    contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                fn(*args)
        except Exception:
            pass   # correctness is judged by other tests
        finally:
            _settrace(previous)
        counts.append(n[0])
    if counts[-1] - counts[0] > max_growth:
        raise GradingError(
            f"{what}: your code ran {counts[0]} lines for {sizes[0]} examples but {counts[-1]} for "
            f"{sizes[-1]} — a Python loop over the examples. Use NumPy operations on whole arrays."
        )


_OWN_CODE.update({
    name: obj.__code__ for name, obj in list(globals().items())
    if isinstance(obj, types.FunctionType) and obj.__module__ == __name__
})

"""The kernel side of the judge: runs the student's functions on the judge's inputs.

This code runs *inside* the sandbox, in the student's kernel, so it decides nothing: it
calls a function the student defined with arguments the judge sent, and sends back what
happened as plain data (:mod:`coursekit.wire`) -- the value returned, or the name and
message of the exception raised, or that the time ran out; the arguments as they are after
the call (so the judge can see whether an input was modified); what the function printed;
and, when asked, how many lines of the student's code ran (the vectorization check).
Student code can replace or subvert all of this; it then only changes the data the judge
receives, which must still be the right values to earn anything.

The judge sends this module's source (after :mod:`coursekit.wire`'s) into the kernel for
each test cell, then ``serve(socket_path, user_namespace)`` connects back to it.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import os
import signal
import socket
import sys
import sysconfig
import warnings

import numpy as np

from coursekit.wire import Opaque, decode, encode, recv, send  # wire-import (already defined when sent)

MAX_PRINTED = 2000


class _Timeout(BaseException):
    """Raised in the student's code when its time is up."""


def _exception(ename, message) -> BaseException:
    """An exception to raise in the student's code for a callback that failed in the judge."""
    cls = getattr(builtins, str(ename), None)
    if not (isinstance(cls, type) and issubclass(cls, Exception)):
        cls = RuntimeError
    return cls(str(message))


def _library_dirs() -> tuple:
    dirs = {os.path.abspath(p) for p in (sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib"))}
    dirs |= {os.path.abspath(sys.prefix), os.path.abspath(sys.base_prefix)}
    helpers = sys.modules.get("helpers")
    for path in getattr(helpers, "__path__", []) or []:
        dirs.add(os.path.abspath(path))
    return tuple(dirs)


def _student_frame(filename: str, libraries: tuple) -> bool:
    if filename.startswith("<"):
        return filename.startswith("<ipython-input")
    return not os.path.abspath(filename).startswith(libraries)


def _write_back(originals, afters) -> None:
    """Make the arrays (and generators) in ``originals`` hold the state in ``afters``."""
    for orig, after in zip(originals, afters):
        if isinstance(orig, np.ndarray) and isinstance(after, np.ndarray):
            if orig.shape == after.shape and orig.flags.writeable:
                orig[...] = after
        elif isinstance(orig, np.random.Generator) and isinstance(after, np.random.Generator):
            orig.bit_generator.state = after.bit_generator.state


def _after(value):
    """What the judge needs of an argument after the call (to see whether the function
    modified it): arrays, lists, dicts with str keys (of arrays: lesson 11's gradients) and
    generators, else None."""
    if isinstance(value, (np.ndarray, np.random.Generator, list)) or (
            type(value) is dict and all(type(k) is str for k in value)):
        return encode(value)
    return None


def _call(conn, msg: dict, user_ns: dict) -> dict:
    name = str(msg.get("name"))
    fn = user_ns.get(name)
    if fn is None:
        return {"op": "result", "status": "missing"}
    if not callable(fn):
        return {"op": "result", "status": "not-callable", "type": type(fn).__name__}

    def make_callback(ident):
        def callback(*args, **kwargs):
            send(conn, {"op": "callback", "id": ident, "args": encode(list(args)), "kwargs": encode(kwargs)})
            reply = recv(conn)
            if reply.get("op") == "return":
                after = reply.get("args")
                if isinstance(after, list):
                    _write_back(args, [decode(a) if a is not None else None for a in after])
                return decode(reply.get("value"))
            raise _exception(reply.get("ename"), reply.get("message"))
        return callback

    args = decode(msg.get("args", []), make_callback)
    kwargs = decode(msg.get("kwargs", {"__dict__": []}), make_callback)
    lend = {str(k): make_callback(v) for k, v in (msg.get("lend") or {}).items() if isinstance(v, int)}
    timeout = float(msg.get("timeout", 10))
    trace = bool(msg.get("trace"))
    globals_ = getattr(fn, "__globals__", None)
    saved, missing = {}, object()
    if lend and isinstance(globals_, dict):
        saved = {k: globals_.get(k, missing) for k in lend}
        globals_.update(lend)
    lines = [0]
    libraries = _library_dirs()

    def local(frame, event, arg):
        if event == "line":
            lines[0] += 1
        return local

    def tracer(frame, event, arg):
        return local if _student_frame(frame.f_code.co_filename, libraries) else None

    def on_alarm(signum, frame):
        raise _Timeout()

    out = io.StringIO()
    reply = {"op": "result"}
    old = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"), \
                contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            warnings.simplefilter("ignore")
            if trace:
                sys.settrace(tracer)
            try:
                value = fn(*args, **kwargs)
            finally:
                if trace:
                    sys.settrace(None)
        reply.update(status="ok", value=encode(value))
    except _Timeout:
        reply.update(status="timeout")
    except Exception as exc:  # noqa: BLE001 - the student's exception is data for the judge
        reply.update(status="raised", ename=type(exc).__name__, message=str(exc)[:1000])
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
        for k, v in saved.items():
            if v is missing:
                globals_.pop(k, None)
            else:
                globals_[k] = v
    reply["printed"] = out.getvalue()[:MAX_PRINTED + 1]
    reply["args"] = [_after(a) for a in args]
    reply["kwargs"] = {k: _after(v) for k, v in kwargs.items()}
    if trace:
        reply["lines"] = lines[0]
    return reply


def serve(path: str, user_ns: dict) -> None:
    """Connect to the judge at ``path`` and answer its calls until it says ``done``."""
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    conn.connect(path)
    try:
        while True:
            msg = recv(conn)
            if msg["op"] == "done":
                return
            if msg["op"] == "call":
                send(conn, _call(conn, msg, user_ns))
            else:
                send(conn, {"op": "result", "status": "raised", "ename": "ProtocolError",
                            "message": f"unknown op {msg['op']!r}"})
    finally:
        conn.close()


_ = Opaque  # re-exported for the judge's decoding of results

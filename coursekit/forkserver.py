"""nbgrader commands in fresh processes that do not pay nbgrader's imports each time.

Every nbgrader command used to be a new ``python -m nbgrader`` process, and importing
nbgrader, nbconvert, jupyter_client, SQLAlchemy and this course's preprocessors takes about
2.1 s of CPU before any notebook is read. Grading a class starts two such processes per shard
(``autograde``, ``generate_feedback``), and a whole test run starts about fifty.

Here :func:`run_module` runs ``python -m nbgrader ARGS`` (or any ``python -m`` command) in a
child forked from the standard library's *forkserver* (:mod:`multiprocessing`), a process
that imported those modules once (:data:`PRELOAD`). Each
command still gets a process of its own: its own address space and memory limit, its own
environment, working folder and output files, and nothing of it outlives the command. Only
the import work is shared. Numpy is not preloaded, so a BLAS setting of the command's
environment (``OPENBLAS_NUM_THREADS``) still takes effect.

As with any :mod:`multiprocessing` program, a *script* that calls this must keep its top level
under ``if __name__ == "__main__":`` (the forkserver's children import the main script, as
``__mp_main__``, before they run anything); ``python -m coursekit``, pytest and notebooks need
nothing.

The result is a :class:`subprocess.CompletedProcess`, as :func:`subprocess.run` gives: exit
status (negative when a signal killed the command), its standard output and standard error.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import runpy
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

__all__ = ["run_module", "PRELOAD"]

#: imported once by the forkserver; the children start with them loaded (none imports numpy)
PRELOAD = ["coursekit.forkserver_preload"]

_lock = threading.Lock()
_context = None


def _forkserver():
    """The forkserver context of this process, started with :data:`PRELOAD` on first use."""
    global _context
    with _lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            _context = ctx
        return _context


def _run_module(module: str, args: list[str], env: dict[str, str], cwd: str, out: str, err: str,
                memory: int | None) -> None:
    """The child: become the command's process (limit, environment, folder, output), then run
    ``module`` as ``python -m MODULE ARGS`` would (``runpy``, as ``__main__``)."""
    if memory is not None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    # as the interpreter does at start-up: the environment's PYTHONPATH first on the path
    extra = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p]
    sys.path[:0] = [p for p in extra if p not in sys.path]
    for fd, path in ((1, out), (2, err)):
        target = os.open(path, os.O_WRONLY | os.O_TRUNC)
        os.dup2(target, fd)
        os.close(target)
    sys.argv = [module, *args]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def run_module(module: str, args: list[str], *, env: dict[str, str], cwd: Path,
               memory: int | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m MODULE ARGS`` in a child forked from the warm server, with ``env`` as its
    whole environment, ``cwd`` as its folder and at most ``memory`` bytes of address space;
    wait for it.

    Returns a :class:`subprocess.CompletedProcess` with text ``stdout`` and ``stderr``; its
    ``returncode`` is the exit status, or minus the signal that killed the child.
    """
    if not isinstance(module, str) or not module:
        raise ValueError(f"module must be a module name, got {module!r}")
    ctx = _forkserver()
    with tempfile.TemporaryDirectory(prefix="forkcmd-") as tmp:
        out, err = os.path.join(tmp, "out"), os.path.join(tmp, "err")
        for path in (out, err):
            open(path, "wb").close()
        child = ctx.Process(target=_run_module, name=f"python -m {module}",
                            args=(module, list(args), dict(env), str(cwd), out, err, memory))
        child.start()
        child.join()
        with open(out, encoding="utf-8", errors="replace") as f_out, \
                open(err, encoding="utf-8", errors="replace") as f_err:
            stdout, stderr = f_out.read(), f_err.read()
    return subprocess.CompletedProcess([module, *args], child.exitcode, stdout, stderr)

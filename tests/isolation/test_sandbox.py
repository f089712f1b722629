"""The sandbox itself (``coursekit/sandbox.py``), one limit at a time, without nbgrader.

Each test runs a small program through the real launcher -- ``python -m coursekit.sandbox
--io DIR -- python -c CODE -f CONNECTION_FILE`` -- as the grader runs a student's kernel, with
small limits. The whole grading path under attack is in ``tests/isolation/test_redteam.py``.
"""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from coursekit import sandbox

pytestmark = pytest.mark.skipif(not sandbox.available()[0],
                                reason=f"no sandbox here ({sandbox.available()[1]}): {sandbox.install_hint}")

ROOT = Path(__file__).resolve().parents[2]
SMALL = {"COURSE_SANDBOX_MEMORY": str(1 * 2**30), "COURSE_SANDBOX_PROCS": "32",
         "COURSE_SANDBOX_DISK": str(32 * 2**20), "COURSE_SANDBOX_FILESIZE": str(8 * 2**20),
         "COURSE_SANDBOX_WALL": "20", "COURSE_SANDBOX_CPU": "10", "COURSE_SANDBOX_KEEP_STREAMS": "1"}


def run_sandboxed(tmp_path, code: str, env: dict | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``code`` as the sandboxed kernel would be run; return the finished process."""
    import tempfile
    io_dir = Path(tempfile.mkdtemp(prefix="cks-test-", dir=tmp_path))
    folder = tmp_path / "notebook"
    folder.mkdir()
    (folder / "lesson.ipynb").write_text("{}")
    (folder / "earlier_lessons.py").write_text("x = 1\n")
    conn = tmp_path / "conn.json"
    conn.write_text(json.dumps({"ip": str(io_dir / "k"), "transport": "ipc"}))
    cmd = [sys.executable, "-m", "coursekit.sandbox", "--io", str(io_dir), "--",
           sys.executable, "-c", textwrap.dedent(code), "-f", str(conn)]
    try:
        return subprocess.run(cmd, cwd=folder, capture_output=True, text=True, timeout=timeout,
                              env={**os.environ, **SMALL, **(env or {})})
    finally:
        sandbox.remove_cgroup(str(io_dir))


def test_the_kernel_sees_its_folder_and_nothing_of_the_course(tmp_path):
    out = run_sandboxed(tmp_path, f"""
        import os, sys
        print(sorted(os.listdir('.')), os.getcwd())
        print(sorted(os.listdir({str(ROOT)!r})))
        import helpers, numpy
        try:
            import grader
            print("GRADER VISIBLE")
        except ImportError:
            print("no grader")
    """)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    # its folder's files, but not the notebook being graded (nbgrader put the hidden tests back in it)
    assert lines[0] == "['earlier_lessons.py'] /home/student/work"
    assert lines[1] == "['.venv', 'data', 'helpers']"
    assert lines[2] == "no grader"


def test_read_only_system_and_course_parts(tmp_path):
    out = run_sandboxed(tmp_path, f"""
        for path in ({str(ROOT / 'helpers' / 'grading.py')!r}, {sys.prefix + '/pyvenv.cfg'!r}, '/etc/hostname', '/usr/x'):
            try:
                open(path, 'a').write('#')
                print("WROTE", path)
            except OSError as e:
                print("refused", type(e).__name__)
    """)
    assert "WROTE" not in out.stdout and out.stdout.count("refused") == 4, out.stdout + out.stderr


def test_no_network(tmp_path):
    out = run_sandboxed(tmp_path, """
        import socket
        try:
            socket.create_connection(("1.1.1.1", 53), timeout=3)
            print("CONNECTED")
        except OSError as e:
            print("no network:", type(e).__name__)
        print(sorted(name for _, name in socket.if_nameindex()))
    """)
    assert "no network" in out.stdout and "['lo']" in out.stdout, out.stdout + out.stderr


def test_the_only_writable_host_folder_takes_sockets_only(tmp_path):
    out = run_sandboxed(tmp_path, """
        import socket
        try:
            open('/io/junk', 'wb').write(b'x' * 1000)
            print("WROTE /io")
        except OSError as e:
            print("refused", type(e).__name__)
        s = socket.socket(socket.AF_UNIX)
        s.bind('/io/k-99')
        print("socket ok")
    """)
    from coursekit.sandbox import _PRELUDE  # noqa: F401 - the Landlock rules live there
    if "WROTE /io" in out.stdout:
        pytest.skip("this Linux kernel has no Landlock: /io stays writable (bounded by the file-size limit)")
    assert "refused" in out.stdout and "socket ok" in out.stdout, out.stdout + out.stderr
    assert not list(tmp_path.glob("*/junk"))


def test_disk_and_file_size_are_bounded(tmp_path):
    out = run_sandboxed(tmp_path, """
        import os
        try:
            open('big', 'wb').write(b'x' * (16 * 2**20))     # over the 8 MiB file limit
            print("BIG FILE")
        except OSError as e:
            print("file limit:", type(e).__name__)
        written = 0
        try:
            for k in range(100):                               # 100 x 4 MiB > the 32 MiB disk
                with open(f'f{k}', 'wb') as f:
                    f.write(b'x' * (4 * 2**20))
                written += 4
        except OSError as e:
            print("disk full after", written, "MiB:", type(e).__name__)
    """, env={"COURSE_SANDBOX_WALL": "30"})
    assert "BIG FILE" not in out.stdout and "disk full after" in out.stdout, out.stdout + out.stderr
    mib = int(out.stdout.split("disk full after")[1].split()[0])
    assert mib <= 32


def test_memory_is_bounded(tmp_path):
    out = run_sandboxed(tmp_path, """
        try:
            blocks = [bytearray(256 * 2**20) for _ in range(16)]    # 4 GiB > the 1 GiB limit
            print("ALLOCATED")
        except MemoryError:
            print("memory limit")
    """)
    assert "memory limit" in out.stdout, out.stdout + out.stderr


def test_processes_are_bounded_and_none_outlives_the_sandbox(tmp_path):
    marker = f"course-sandbox-test-{os.getpid()}"
    out = run_sandboxed(tmp_path, f"""
        import os, subprocess, time
        import sys
        subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", "{marker}"], start_new_session=True)
        n = 0
        for _ in range(200):
            try:
                pid = os.fork()
            except OSError:
                break
            if pid == 0:
                os.setsid()
                time.sleep(600)
                os._exit(0)
            n += 1
        print("forked", n)
        print("marker alive:", any("{marker}".encode() in open(f"/proc/{{p}}/cmdline", "rb").read()
                                   for p in os.listdir("/proc") if p.isdigit()))
        time.sleep(0.5)
    """)
    assert out.returncode == 0, out.stderr
    forked = int(out.stdout.split("forked")[1].split()[0])
    assert "marker alive: True" in out.stdout, "the long-lived process did not start in the sandbox"
    assert forked < 32
    alive = []
    for proc in Path("/proc").iterdir():
        try:
            if marker.encode() in (proc / "cmdline").read_bytes():
                alive.append(proc.name)
        except OSError:
            pass
    assert not alive, f"processes outlived the sandbox: {alive}"


def test_wall_clock_limit_ends_a_sandbox_that_ignores_signals(tmp_path):
    out = run_sandboxed(tmp_path, """
        import signal, time
        for s in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM, signal.SIGHUP):
            signal.signal(s, signal.SIG_IGN)
        while True:
            time.sleep(0.1)
    """, env={"COURSE_SANDBOX_WALL": "3"}, timeout=30)
    assert out.returncode != 0


def test_limits_are_read_with_clear_errors(monkeypatch):
    monkeypatch.setenv("COURSE_SANDBOX_MEMORY", "lots")
    with pytest.raises(ValueError, match="COURSE_SANDBOX_MEMORY must be a number, got 'lots'"):
        sandbox.limits()
    monkeypatch.setenv("COURSE_SANDBOX_MEMORY", "-1")
    with pytest.raises(ValueError, match="must be positive"):
        sandbox.limits()


def test_the_kernels_streams_do_not_reach_the_grader(tmp_path):
    out = run_sandboxed(tmp_path, """
        import os
        os.write(1, b"to the grader's stdout" * 1000)
        os.write(2, b"to the grader's stderr")
    """, env={"COURSE_SANDBOX_KEEP_STREAMS": "0"})
    assert out.returncode == 0 and out.stdout == "" and out.stderr == ""


def test_a_graded_kernel_runs_in_the_prelude_without_a_debugger(tmp_path):
    """The launcher's prelude runs ``ipykernel_launcher`` in its own process, with ``debugpy``
    blocked: nobody attaches a debugger to a graded kernel, and importing it cost 0.15 s of CPU
    per kernel. The kernel still sees its folder first on ``sys.path``, as ``python -m`` gives it."""
    import nbformat

    from coursekit.nbgrader_ext import SafeExecute

    lesson = "06_momentum"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import sys, earlier_lessons\n"
        "print(sys.modules.get('debugpy', 'loaded'), 'ctypes' in sys.modules, earlier_lessons.__file__)")])
    SafeExecute(timeout=30, source_dir=str(ROOT / "notebooks")).preprocess(
        nb, {"nbgrader": {"assignment": lesson, "notebook": lesson}, "metadata": {"path": str(ROOT / "notebooks" / lesson)}})
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    assert text.split() == ["None", "True", "/home/student/work/earlier_lessons.py"], nb.cells[0].outputs


def test_the_graders_forkserver_is_out_of_reach(tmp_path):
    """nbgrader's commands are forked from a server (``coursekit.forkserver``) that runs whatever
    it is sent, outside any sandbox. Its Unix socket lives in the host's ``/tmp``, which a kernel
    never sees: connecting to it must fail, and no ``pymp-`` folder may be visible."""
    import multiprocessing.forkserver

    from coursekit.forkserver import run_module

    assert run_module("platform", [], env=dict(os.environ), cwd=tmp_path).returncode == 0
    address = multiprocessing.forkserver._forkserver._forkserver_address   # the live server's socket
    assert address and os.path.exists(address)
    out = run_sandboxed(tmp_path, f"""
        import glob, socket
        print(glob.glob('/tmp/pymp-*'))
        s = socket.socket(socket.AF_UNIX)
        try:
            s.connect({address!r})
            print("CONNECTED")
        except OSError as e:
            print("refused", type(e).__name__)
    """)
    assert out.stdout.splitlines() == ["[]", "refused FileNotFoundError"], out.stdout + out.stderr

"""Every submission's kernel in its own sandbox (bubblewrap), with limits.

The grader starts each student's kernel through :class:`SandboxedKernelManager`, whose
command is this module's launcher wrapped around the ordinary ``ipykernel`` command::

    python -m coursekit.sandbox --io DIR -- python -m ipykernel_launcher -f CONNECTION_FILE

The launcher (trusted, outside) prepares a private folder ``DIR`` -- the kernel's Unix
sockets, the judge's socket and a copy of the notebook's folder --  puts itself in a pids cgroup of its own when
it runs as root, and runs
the kernel under `bubblewrap <https://github.com/containers/bubblewrap>`_:

* new user, PID, network, IPC, UTS and cgroup namespaces: no network, no other processes
  to see or signal, and every process the kernel starts dies with it;
* a file system of its own: the system (``/usr``, ``/etc``), Python, the virtual
  environment and the ``helpers`` package and ``data/`` read-only; ``/io`` (its sockets);
  ``/home/student`` and ``/tmp`` as size-limited in-memory file systems, where the kernel
  works on its own copy of the notebook's folder. Nothing else: not the course folder,
  the gradebook, the source notebooks, other submissions or the grader package. Where the
  Linux kernel has Landlock (5.13 and later), the kernel may create nothing but sockets in
  ``/io``, the one folder on the host's disk it can write to;
* resource limits set inside, before the kernel starts: address space, file size, open
  files, CPU seconds, processes and threads (``RLIMIT_NPROC``; as root, whose processes that
  limit does not bind, a pids cgroup per sandbox); memory for the whole sandbox (as root, a
  memory cgroup per sandbox; ``RLIMIT_AS`` bounds each process); capabilities dropped; and a
  wall-clock limit (``timeout``). Its standard streams go to ``/dev/null``.

``COURSE_SANDBOX=off`` runs kernels without isolation (the instructor's explicit choice;
``make grade`` then says loudly that grading was not isolated). Limits are read from the
environment (see :data:`LIMITS`).
"""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["LIMITS", "SandboxedKernelManager", "available", "isolated", "install_hint", "limits"]

# name: (environment variable, default)
LIMITS = {
    "memory": ("COURSE_SANDBOX_MEMORY", 3 * 2**30),     # bytes of address space
    "procs": ("COURSE_SANDBOX_PROCS", 64),              # processes + threads
    "filesize": ("COURSE_SANDBOX_FILESIZE", 64 * 2**20),  # bytes per file written
    "disk": ("COURSE_SANDBOX_DISK", 256 * 2**20),       # bytes in /home/student
    "cpu": ("COURSE_SANDBOX_CPU", 600),                 # CPU seconds per kernel
    "wall": ("COURSE_SANDBOX_WALL", 300),               # seconds per kernel, wall clock
}
KERNEL_IO = "/io"
HOME = "/home/student"
install_hint = ("install bubblewrap (Debian/Ubuntu: sudo apt-get install bubblewrap; Fedora: "
                "sudo dnf install bubblewrap), or grade without isolation with COURSE_SANDBOX=off")

REPO = Path(__file__).resolve().parent.parent


def limits() -> dict[str, int]:
    """The sandbox limits, from the environment or the defaults."""
    out = {}
    for name, (var, default) in LIMITS.items():
        raw = os.environ.get(var, str(default))
        try:
            out[name] = int(float(raw))
        except ValueError:
            raise ValueError(f"{var} must be a number, got {raw!r}") from None
        if out[name] <= 0:
            raise ValueError(f"{var} must be positive, got {raw!r}")
    return out


def isolated() -> bool:
    """Whether kernels are to run in the sandbox (anything but ``COURSE_SANDBOX=off``)."""
    return os.environ.get("COURSE_SANDBOX", "on").lower() not in ("off", "0", "no", "false")


def _readonly_paths() -> list[str]:
    from helpers._paths import data_dir, package_dir   # not helpers.data: no NumPy in the launcher

    paths = [sys.base_prefix, sys.prefix, str(package_dir()), str(data_dir())]
    out = []
    for p in paths:
        p = os.path.realpath(p)
        if os.path.exists(p) and not p.startswith("/usr/") and p not in out:
            out.append(p)
    return out


def bwrap_command(io_dir: str, lim: dict[str, int]) -> list[str]:
    """The ``bwrap`` arguments (up to the command) for a kernel whose private folder is ``io_dir``."""
    args = [shutil.which("bwrap") or "bwrap", "--unshare-all", "--die-with-parent", "--new-session",
            "--cap-drop", "ALL",
            "--hostname", "sandbox", "--ro-bind", "/usr", "/usr", "--ro-bind", "/etc", "/etc"]
    for top in ("/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(64 * 2**20), "--tmpfs", "/tmp",
             "--size", str(lim["disk"]), "--tmpfs", HOME]
    for p in _readonly_paths():
        args += ["--ro-bind", p, p]
    args += ["--bind", io_dir, KERNEL_IO, "--chdir", HOME, "--clearenv"]
    env = {"PATH": f"{sys.prefix}/bin:/usr/bin:/bin", "HOME": HOME, "LANG": "C.UTF-8",
           "MPLCONFIGDIR": f"{HOME}/.mpl", "PYTHONDONTWRITEBYTECODE": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    for var in ("PYTHONHASHSEED", "COURSE_CALL_TIMEOUT", "COURSE_AUTOGRADE", "OPENBLAS_CORETYPE"):
        if var in os.environ:
            env[var] = os.environ[var]
    for key, value in env.items():
        args += ["--setenv", key, value]
    return args


# Runs inside the sandbox before the kernel: limits; Landlock, where the Linux kernel has it, so
# that the only thing the kernel may create in /io (on the host's disk) is its sockets, and files
# only in the size-limited in-memory /home/student and /tmp; then its own copy of its folder.
_PRELUDE = r"""
import ctypes, json, os, resource, shutil, struct, sys
lim = json.loads(sys.argv[1])
for name, value in (("AS", lim["memory"]), ("NPROC", lim["procs"]), ("FSIZE", lim["filesize"]),
                    ("CPU", lim["cpu"]), ("NOFILE", 256), ("CORE", 0)):
    resource.setrlimit(getattr(resource, "RLIMIT_" + name), (value, value))
shutil.copytree("/io/input", "/home/student/work", symlinks=True)
shutil.copytree("/io/mpl", "/home/student/.mpl", symlinks=True)
shutil.copyfile("/io/kernel.json", "/home/student/.kernel.json")
libc = ctypes.CDLL(None, use_errno=True)
abi = libc.syscall(444, None, ctypes.c_size_t(0), ctypes.c_uint32(1))   # landlock ABI version
if abi >= 1:
    WRITE, RM_DIR, RM_FILE, SOCK = 1 << 1, 1 << 4, 1 << 5, 1 << 9
    handled = WRITE | RM_DIR | RM_FILE | sum(1 << k for k in (6, 7, 8, 9, 10, 11, 12))
    handled |= (1 << 13 if abi >= 2 else 0) | (1 << 14 if abi >= 3 else 0)
    attr = struct.pack("=Q", handled)
    ruleset = libc.syscall(444, ctypes.c_char_p(attr), ctypes.c_size_t(len(attr)), ctypes.c_uint32(0))
    if ruleset < 0:
        sys.exit("landlock_create_ruleset failed: " + os.strerror(ctypes.get_errno()))
    for path, allowed in (("/home/student", handled), ("/tmp", handled), ("/dev", handled),
                          ("/io", SOCK | RM_FILE)):
        fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        rule = struct.pack("=Qi", allowed, fd)
        if libc.syscall(445, ctypes.c_int(ruleset), ctypes.c_int(1), ctypes.c_char_p(rule), ctypes.c_uint32(0)) != 0:
            sys.exit("landlock_add_rule failed: " + os.strerror(ctypes.get_errno()))
        os.close(fd)
    if libc.prctl(38, 1, 0, 0, 0) != 0 or libc.syscall(446, ctypes.c_int(ruleset), ctypes.c_uint32(0)) != 0:
        sys.exit("landlock_restrict_self failed: " + os.strerror(ctypes.get_errno()))
    os.close(ruleset)
os.chdir("/home/student/work")
cmd = sys.argv[2:]
if "-m" in cmd[:-1] and cmd[cmd.index("-m") + 1] == "ipykernel_launcher":
    # the kernel runs in this process (one interpreter start fewer) and without a debugger:
    # nobody attaches one to a graded kernel, and importing debugpy costs 0.15 s of CPU
    sys.modules["debugpy"] = None
    sys.argv = cmd[cmd.index("-m") + 1:]
    import runpy
    runpy.run_module("ipykernel_launcher", run_name="__main__", alter_sys=True)
    sys.exit(0)
os.execv(cmd[0], cmd)
"""

_MAX_FOLDER = 64 * 2**20


def _copy_folder(src: Path, dst: Path) -> None:
    """Copy the regular files of the notebook's folder (no symlinks out, bounded size), but no
    notebook: the one being graded has its test cells, hidden tests included, restored by
    nbgrader, and the kernel gets its cells over the kernel protocol anyway."""
    total = 0
    dst.mkdir()
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_symlink() or any(part.startswith(".") for part in rel.parts) or path.suffix == ".ipynb":
            continue
        if path.is_dir():
            (dst / rel).mkdir(exist_ok=True)
        elif path.is_file():
            total += path.stat().st_size
            if total > _MAX_FOLDER:
                break
            shutil.copyfile(path, dst / rel)


_CGROUP_V1 = Path("/sys/fs/cgroup")


def _own_cgroup(controller: str) -> Path | None:
    """Where this process sits in the cgroup-v1 hierarchy of ``controller`` (None without one)."""
    try:
        for line in Path("/proc/self/cgroup").read_text().splitlines():
            _, controllers, path = line.split(":", 2)
            if controller in controllers.split(","):
                return _CGROUP_V1 / controller / path.lstrip("/")
    except (OSError, ValueError):
        pass
    return None


def cgroup_paths(io_dir: str) -> dict[str, Path]:
    """The cgroups (pids, memory) of the kernel whose private folder is ``io_dir``: children of
    the grader's own, so the sandbox stays inside whatever limits the grader itself has."""
    name = f"course-{os.path.basename(io_dir)}"
    out = {}
    for controller in ("pids", "memory"):
        own = _own_cgroup(controller)
        if own is not None:
            out[controller] = own / name
    return out


def cgroups_usable() -> tuple[bool, str]:
    """Whether the pids and memory cgroups a root launcher needs can be made here."""
    paths = cgroup_paths("check")
    for controller in ("pids", "memory"):
        if controller not in paths or not os.access(paths[controller].parent, os.W_OK):
            return False, f"a writable {controller} cgroup (cgroup v1, under {_CGROUP_V1 / controller})"
    return True, ""


def remove_cgroup(io_dir: str, attempts: int = 20) -> None:
    """Remove the sandbox's cgroups once their last process is gone (they may still be dying)."""
    import time

    for group in cgroup_paths(io_dir).values():
        for _ in range(attempts):
            try:
                group.rmdir()
                break
            except FileNotFoundError:
                break
            except OSError:
                time.sleep(0.05)


def _limit_processes(io_dir: str, lim: dict[str, int]) -> None:
    """Put this process (and so the whole sandbox) in pids and memory cgroups of its own.

    Needed when the launcher runs as root: the kernel's user inside the sandbox is root
    outside it, for which the kernel does not enforce ``RLIMIT_NPROC``; and ``RLIMIT_AS``
    bounds each process, not the sandbox (four processes may each take the limit). Without
    root the prelude's ``RLIMIT_NPROC`` and ``RLIMIT_AS`` are what there is.
    """
    if os.geteuid() != 0:
        return
    settings = {"pids": {"pids.max": lim["procs"]},
                "memory": {"memory.limit_in_bytes": lim["memory"], "memory.swappiness": 0}}
    for controller, group in cgroup_paths(io_dir).items():
        try:
            group.mkdir()
            for key, value in settings[controller].items():
                try:
                    (group / key).write_text(str(value))
                except OSError:
                    if key != "memory.swappiness":
                        raise
            (group / "cgroup.procs").write_text(str(os.getpid()))
        except OSError as exc:
            raise RuntimeError(f"cannot limit the sandbox ({controller} cgroup {group}): {exc}") from None


def launch(io_dir: str, kernel_cmd: list[str]) -> None:
    """Prepare ``io_dir`` and replace this process by the sandboxed kernel (never returns)."""
    lim = limits()
    io_path = Path(io_dir)
    conn_index = kernel_cmd.index("-f") + 1
    info = json.loads(Path(kernel_cmd[conn_index]).read_text())
    info["ip"] = f"{KERNEL_IO}/k"
    (io_path / "kernel.json").write_text(json.dumps(info))
    inner = list(kernel_cmd)
    inner[conn_index] = f"{HOME}/.kernel.json"   # the prelude copies it there
    _copy_folder(Path.cwd(), io_path / "input")
    (io_path / "mpl").mkdir()
    mpl = os.environ.get("MPLCONFIGDIR")
    if mpl and os.path.isdir(mpl):
        for f in Path(mpl).glob("fontlist*.json"):
            shutil.copyfile(f, io_path / "mpl" / f.name)
    _limit_processes(io_dir, lim)
    # if the grader dies, its sandboxes die with it: the launcher (then ``timeout``) and bwrap
    # get SIGKILL when their parent goes; bwrap --die-with-parent takes down the rest
    import ctypes
    ctypes.CDLL(None).prctl(1, 9, 0, 0, 0)    # PR_SET_PDEATHSIG, SIGKILL
    pdeath = ["setpriv", "--pdeathsig", "KILL"] if shutil.which("setpriv") else []
    cmd = ["timeout", "--kill-after=5", str(lim["wall"]), *pdeath, *bwrap_command(io_dir, lim),
           inner[0], "-c", _PRELUDE, json.dumps(lim), *inner]
    # the kernel talks to the grader over its sockets only: nothing it writes to its standard
    # streams reaches the grading process (which keeps nbgrader's output in memory).
    # COURSE_SANDBOX_KEEP_STREAMS=1 keeps them, for the sandbox's own tests and for debugging.
    if os.environ.get("COURSE_SANDBOX_KEEP_STREAMS") != "1":
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
    os.execvp(cmd[0], cmd)


@functools.lru_cache(maxsize=1)
def available() -> tuple[bool, str]:
    """Whether the sandbox works on this machine: ``(True, "")`` or ``(False, why)``."""
    if shutil.which("bwrap") is None:
        return False, "bubblewrap (bwrap) is not installed"
    if os.geteuid() == 0:
        ok, what = cgroups_usable()
        if not ok:
            return False, f"running as root, the sandbox needs {what}"
    with tempfile.TemporaryDirectory(prefix="cks-check-") as tmp:
        os.chmod(tmp, 0o777)
        cmd = [*bwrap_command(tmp, limits()), sys.executable, "-c", "import numpy, helpers; print('ok')"]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.TimeoutExpired) as exc:
            return False, f"bwrap could not start: {exc}"
        if proc.returncode != 0 or "ok" not in proc.stdout:
            return False, f"bwrap failed ({proc.returncode}): {proc.stderr.strip()[-300:]}"
    return True, ""


@functools.lru_cache(maxsize=1)
def _kernel_manager_class() -> type:
    # defined on first use: jupyter_client costs about 0.25 s of CPU to import, and the launcher
    # (``python -m coursekit.sandbox``, one per graded notebook) never needs it
    from jupyter_client.manager import AsyncKernelManager

    class SandboxedKernelManager(AsyncKernelManager):
        """A kernel manager whose kernels run in the sandbox, each with a private folder
        (:attr:`io_dir`) for its sockets and the judge's socket."""

        io_dir: str | None = None

        async def _async_pre_start_kernel(self, **kw):
            if isolated():
                ok, why = available()
                if not ok:
                    raise RuntimeError(f"no sandbox for the student's kernel: {why}; {install_hint}")
            self.io_dir = tempfile.mkdtemp(prefix="cks-")
            os.chmod(self.io_dir, 0o755)
            self.transport = "ipc"
            self.ip = os.path.join(self.io_dir, "k")
            self.kernel_spec.interrupt_mode = "message"
            return await super()._async_pre_start_kernel(**kw)

        def format_kernel_cmd(self, extra_arguments=None):
            cmd = super().format_kernel_cmd(extra_arguments)
            if not isolated():
                return cmd
            return [sys.executable, "-m", "coursekit.sandbox", "--io", self.io_dir, "--", *cmd]

        def judge_socket(self) -> tuple[str, str]:
            """Where the judge listens: (path outside, path the kernel connects to)."""
            outside = os.path.join(self.io_dir, "judge.sock")
            return outside, (f"{KERNEL_IO}/judge.sock" if isolated() else outside)

        async def _async_cleanup_resources(self, restart: bool = False) -> None:
            await super()._async_cleanup_resources(restart=restart)
            if self.io_dir and os.geteuid() == 0:
                remove_cgroup(self.io_dir)
            if self.io_dir:
                shutil.rmtree(self.io_dir, ignore_errors=True)
                self.io_dir = None

        # AsyncKernelManager binds cleanup_resources to the base class's coroutine function; nbclient
        # calls it directly for a kernel that is already dead, so it must be this one
        cleanup_resources = _async_cleanup_resources

    SandboxedKernelManager.__qualname__ = "SandboxedKernelManager"
    return SandboxedKernelManager


def __getattr__(name: str):
    if name == "SandboxedKernelManager":
        return _kernel_manager_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def main(argv: list[str]) -> int:
    if len(argv) < 4 or argv[0] != "--io" or argv[2] != "--":
        print("usage: python -m coursekit.sandbox --io DIR -- KERNEL COMMAND ...", file=sys.stderr)
        return 2
    launch(argv[1], argv[3:])
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

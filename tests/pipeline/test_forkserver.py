"""``coursekit.forkserver.run_module``: how every nbgrader command is started. A command must
behave as ``python -m MODULE ARGS`` in a process of its own: its arguments, environment,
folder, output, exit status and memory limit, and nothing left over from an earlier command.
The point of it is checked too: nbgrader is already imported, numpy is not."""

import json
import os
import signal
from pathlib import Path

import pytest

from coursekit.forkserver import run_module

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent


def _probe(tmp_path, *args, memory=None, **env):
    """The probe with this process's environment, less HOME, plus ``env``."""
    base = {k: v for k, v in os.environ.items() if k != "HOME"}
    return run_module("forkserver_probe", [str(a) for a in args], cwd=tmp_path, memory=memory,
                      env=dict(base, PYTHONPATH=str(HERE), **env))


def test_a_command_gets_its_arguments_environment_folder_and_output(tmp_path):
    proc = _probe(tmp_path, "report", PROBE="first")
    assert proc.returncode == 0, proc.stderr
    seen = json.loads(proc.stdout)
    assert seen["argv"][1:] == ["report"] and seen["name"] == "__main__" and seen["argv0_is_this_file"]
    assert (seen["cwd"], seen["probe"]) == (str(tmp_path), "first")
    assert seen["home"] is None                        # the environment given, not the server's
    assert proc.stderr == "to stderr\n"
    assert seen["nbgrader_loaded"] and not seen["numpy_loaded"]


def test_the_environments_pythonpath_comes_first(tmp_path):
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "pathprobe.py").write_text("import sys\nprint(sys.path[0])\n")
    proc = run_module("pathprobe", [], cwd=tmp_path, env=dict(os.environ, PYTHONPATH=str(lib)))
    assert (proc.returncode, proc.stdout) == (0, f"{lib}\n"), proc.stderr


def test_nothing_of_a_command_is_left_for_the_next(tmp_path):
    first = json.loads(_probe(tmp_path, "report", PROBE="first").stdout)
    second = json.loads(_probe(tmp_path, "report").stdout)
    assert first["left_by_earlier"] is None and second["left_by_earlier"] is None
    assert second["probe"] is None                     # the first command's environment is gone


def test_exit_status_exception_and_signal(tmp_path):
    assert _probe(tmp_path, "exit", 3).returncode == 3
    failed = _probe(tmp_path, "raise")
    assert failed.returncode == 1 and "RuntimeError: the probe failed" in failed.stderr
    assert _probe(tmp_path, "kill").returncode == -signal.SIGKILL


def test_the_memory_limit_binds_the_command(tmp_path):
    assert _probe(tmp_path, "allocate", 2**30, memory=8 * 2**30).stdout == "allocated\n"
    assert _probe(tmp_path, "allocate", 2**30, memory=2**30).stdout == "MemoryError\n"


def test_a_module_name_is_required(tmp_path):
    with pytest.raises(ValueError, match="module must be a module name"):
        run_module("", [], env={}, cwd=tmp_path)

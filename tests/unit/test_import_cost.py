"""What runs once per graded notebook imports only what it needs (README, "Where the time goes").

The suite and a class's grading are bound by CPU, and these imports were paid per notebook:
``jupyter_client`` and NumPy in the sandbox's launcher (0.3 s), ``scipy.signal`` in every lesson-06
kernel and every grading process that imported ``grader.ewma`` (2 s). Each check runs in a fresh
interpreter, since this process has long imported everything.
"""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(code: str, modules: list[str]) -> list[str]:
    probe = f"import sys\n{code}\nprint(' '.join(m for m in {modules!r} if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return proc.stdout.split()


def test_the_sandbox_launcher_imports_neither_jupyter_client_nor_numpy():
    code = "import coursekit.sandbox as s; s._readonly_paths()"
    assert _loaded_after(code, ["jupyter_client", "numpy"]) == []


def test_the_kernel_manager_is_still_importable_by_name():
    from jupyter_client.manager import AsyncKernelManager
    from traitlets.utils.importstring import import_item

    from coursekit import sandbox
    from coursekit.sandbox import SandboxedKernelManager

    assert import_item("coursekit.sandbox.SandboxedKernelManager") is SandboxedKernelManager
    assert issubclass(SandboxedKernelManager, AsyncKernelManager)
    assert SandboxedKernelManager.__qualname__ == "SandboxedKernelManager"
    with pytest.raises(AttributeError, match="no_such_name"):
        sandbox.no_such_name  # noqa: B018


@pytest.mark.parametrize("code", [
    "import grader.ewma",
    "sys.path.insert(0, 'notebooks/06_momentum'); import earlier_lessons",
])
def test_scipy_signal_is_imported_only_when_ewma_runs(code):
    assert _loaded_after(code, ["scipy.signal"]) == []
    assert _loaded_after(code + "\nimport grader.ewma as e; e.ewma([1.0, 2.0], 0.5)", ["scipy.signal"]) == ["scipy.signal"]

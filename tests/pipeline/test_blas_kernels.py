"""The stored lesson outputs do not depend on the CPU: nbval under other OpenBLAS kernels.

NumPy's OpenBLAS picks a kernel for the CPU it runs on (``DYNAMIC_ARCH``), and kernels round
differently: a median relative error printed to two digits read "2.2e-10" with one kernel and
"2.1e-10" with another, and a newcomer's first ``make test`` failed on their processor. The
lessons print only digits that are stable, or ``tests/nbval_sanitize.cfg`` masks them. This
test forces other kernels with ``OPENBLAS_CORETYPE`` and checks the stored outputs with nbval,
in a separate pytest, for the lessons whose printed numbers come out of matrix products (the
rest of the suite checks every lesson under this machine's own kernel): together at least two
kernels on any machine, three here.

Prescott (SSE3) runs on every x86-64 CPU; Haswell needs AVX2 and SkylakeX AVX-512, so those
are skipped on CPUs without them (forcing them there would stop on an illegal instruction).
"""
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: lessons whose outputs print numbers computed with BLAS (matrix products, norms)
LESSONS = ["01_random_search", "02_finite_differences", "08_adam"]
NEEDS = {"Prescott": None, "Haswell": "avx2", "SkylakeX": "avx512f"}


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    line = next((ln for ln in text.splitlines() if ln.startswith("flags")), "")
    return set(line.split(":", 1)[-1].split())


def _core(env: dict) -> str:
    """What OpenBLAS says about its kernel at start-up (``OPENBLAS_VERBOSE=2``)."""
    probe = subprocess.run([sys.executable, "-c", "import numpy"], env=env, capture_output=True, text=True)
    return (probe.stdout + probe.stderr).strip()


pytestmark = [pytest.mark.slow, pytest.mark.skipif(platform.machine() not in ("x86_64", "AMD64"),
                                                    reason="OpenBLAS core types are named for x86-64 CPUs")]


@pytest.mark.parametrize("coretype", ["Prescott", "Haswell", "SkylakeX"])
def test_stored_outputs_under_another_blas_kernel(coretype, tmp_path):
    need = NEEDS[coretype]
    if need and need not in _cpu_flags():
        pytest.skip(f"this CPU lacks {need}, which OpenBLAS's {coretype} kernels use")
    env = dict(os.environ, OPENBLAS_CORETYPE=coretype, OPENBLAS_VERBOSE="2", PYTHONPATH=str(ROOT))
    # OpenBLAS names the kernel it took ("Core: Haswell"; a build without Prescott's own kernels
    # takes the nearest older one, Katmai): it must be the forced one, not this CPU's own
    core, native = _core(env), _core({k: v for k, v in env.items() if k != "OPENBLAS_CORETYPE"})
    assert core.startswith("Core:"), f"OpenBLAS did not say which kernel it took: {core!r}"
    if core == native:
        pytest.skip(f"{core}: this CPU's own kernel, which the rest of the suite runs under")
    assert coretype.lower() in core.lower() or coretype == "Prescott", f"{coretype} forced, OpenBLAS took {core!r}"
    env.pop("OPENBLAS_VERBOSE")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", *(f"notebooks/{lesson}" for lesson in LESSONS), "--nbval",
         "--nbval-current-env", "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "-p", "no:cacheprovider",
         "-q", "-x", f"--basetemp={tmp_path / 'pytest'}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, f"stored outputs differ under OPENBLAS_CORETYPE={coretype}:\n{proc.stdout[-4000:]}"

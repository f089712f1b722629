"""An installed course (``pip install <course>``, not editable) finds its data.

The wheel is built the way pip builds it for a student image; it is installed into a bare folder
and imported from outside the checkout, so nothing can fall back on the repository's ``data/``.
"""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow   # builds and installs a wheel

ROOT = Path(__file__).resolve().parents[2]
DATA_FILES = sorted(p.name for p in (ROOT / "data").iterdir() if p.is_file())


def test_installed_course_loads_every_data_set(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)],
                   check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("*.whl")
    shipped = {Path(n).name for n in zipfile.ZipFile(wheel).namelist() if n.startswith("helpers/_data/")}
    assert shipped == set(DATA_FILES), f"the wheel carries {sorted(shipped)} of data/'s {DATA_FILES}"
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    code = ("import helpers.data as d\n"
            "assert d.__file__.startswith(%r), d.__file__\n"
            "X, y = d.load_digits(); t = d.load_daily_temperatures()\n"
            "print(d.DATA_DIR, X.shape)") % str(target)
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(target)},
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split()[0] == str(target / "helpers" / "_data") and "(1797, 65)" in out.stdout

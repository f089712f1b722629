"""The conda/Binder environment and pip's pyproject list the same packages."""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pyproject_deps():
    text = (ROOT / "pyproject.toml").read_text()
    if sys.version_info >= (3, 11):
        import tomllib
        data = tomllib.loads(text)
        deps = data["project"]["dependencies"] + data["project"]["optional-dependencies"]["dev"]
    else:  # pragma: no cover
        deps = re.findall(r'^\s+"([^"]+)",?$', text, re.M)
    return {re.split(r"[<>=!~ ]", d, 1)[0].lower(): d.replace(" ", "") for d in deps}


def _conda_deps():
    deps = {}
    for line in (ROOT / "environment.yml").read_text().splitlines():
        m = re.match(r"^  - ([A-Za-z0-9_.-]+)(.*)$", line)
        if m and m.group(1) not in ("python", "pip"):
            deps[m.group(1).lower()] = (m.group(1) + m.group(2)).replace(" ", "")
    return deps


def test_same_packages_and_pins():
    pip, conda = _pyproject_deps(), _conda_deps()
    assert set(pip) == set(conda), f"only in pyproject: {set(pip) - set(conda)}; only in environment.yml: {set(conda) - set(pip)}"
    for name in pip:
        assert pip[name] == conda[name], f"{name}: pyproject says {pip[name]}, environment.yml says {conda[name]}"


def test_python_floor_matches():
    assert 'requires-python = ">=3.10"' in (ROOT / "pyproject.toml").read_text()
    assert "python>=3.10" in (ROOT / "environment.yml").read_text()

"""A student's JupyterLab shows nbgrader's student tools and none of the instructor's."""
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow   # starts jupyter to list its extensions

from coursekit.student_setup import INSTRUCTOR_PLUGINS, INSTRUCTOR_SERVER_EXTENSIONS, STUDENT_PLUGINS, apply


def _listing(env, what):
    out = subprocess.run([sys.executable, "-m", "jupyter", *what, "list"], env=env, capture_output=True,
                         text=True, timeout=120)
    return out.stdout + out.stderr


def _state(listing, name):
    """'enabled'/'disabled' as `jupyter ... list` shows ``name`` (colour codes stripped): a plugin
    listed under "Disabled extensions:", or an extension or package on a line with its state."""
    import re
    lines = re.sub(r"\x1b\[[0-9;]*m", "", listing).splitlines()
    if "Disabled extensions:" in lines:
        disabled = lines[lines.index("Disabled extensions:") + 1:]
        for line in disabled:
            if not line.startswith(" "):
                break
            if line.split() and line.split()[0] == name:
                return "disabled"
    for line in lines:
        words = line.split()
        if words and words[0] == name:
            return "disabled" if "disabled" in words else "enabled"
    return "absent"


def test_student_setup_hides_the_instructor_tools(tmp_path):
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(tmp_path / "config")}
    before = _listing(env, ["labextension"])
    assert _state(before, "@jupyter/nbgrader") == "enabled", "nbgrader's JupyterLab extension is not installed"
    subprocess.run([sys.executable, "-m", "coursekit", "student-setup", "--level", "user"], env=env, check=True,
                   capture_output=True, timeout=300)
    lab = _listing(env, ["labextension"])
    for plugin in INSTRUCTOR_PLUGINS:
        assert _state(lab, plugin) == "disabled", f"{plugin} is still offered to students:\n{lab}"
    for plugin in STUDENT_PLUGINS:
        assert _state(lab, plugin) != "disabled", f"{plugin} was taken from students:\n{lab}"
    server = _listing(env, ["server", "extension"])
    for ext in INSTRUCTOR_SERVER_EXTENSIONS:
        assert _state(server, ext) == "disabled", f"{ext} still runs for students:\n{server}"
    assert _state(server, "nbgrader.server_extensions.assignment_list") == "enabled"


def test_unknown_level_is_refused():
    with pytest.raises(ValueError, match="level must be one of"):
        apply("everyone")

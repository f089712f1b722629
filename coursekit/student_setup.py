"""JupyterLab for students: nbgrader's student tools on, the instructor's tools off.

nbgrader installs all of its JupyterLab plugins and server extensions enabled. A student must see
the *Assignments* tab (fetch, submit) and *Validate*, and never *Create Assignment* (which shows
the cell metadata editor of the instructor's tools), the *Formgrader* or the *Courses* list. This
module switches those off with Jupyter's own commands, at the level the caller names (``sys_prefix``
for a student image or venv, ``user`` for one account); instructors keep the default.

``python -m coursekit student-setup [--level sys_prefix|user]``
"""

from __future__ import annotations

__all__ = ["STUDENT_PLUGINS", "INSTRUCTOR_PLUGINS", "INSTRUCTOR_SERVER_EXTENSIONS", "apply", "main"]

#: nbgrader's JupyterLab plugins a student uses
STUDENT_PLUGINS = ("@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:validate-assignment")
#: the instructor's plugins, disabled for students
INSTRUCTOR_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:course-list")
#: the instructor's server extensions, disabled for students
INSTRUCTOR_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader",
                                "nbgrader.server_extensions.course_list")

_LEVELS = ("sys_prefix", "user")


def apply(level: str = "sys_prefix") -> list[str]:
    """Give ``level`` the student's setup, through JupyterLab's and Jupyter Server's own API (the
    functions behind ``jupyter labextension disable`` and ``jupyter server extension disable``).

    Returns what was done, one line per plugin or extension.
    """
    if level not in _LEVELS:
        raise ValueError(f"level must be one of {list(_LEVELS)}, got {level!r}")
    from jupyter_server.extension.serverextension import toggle_server_extension_python
    from jupyterlab.commands import disable_extension, enable_extension

    done = []
    for plugin in INSTRUCTOR_PLUGINS:
        disable_extension(plugin, level=level)
        done.append(f"lab plugin {plugin}: disabled")
    for plugin in STUDENT_PLUGINS:
        enable_extension(plugin, level=level)
        done.append(f"lab plugin {plugin}: enabled")
    for ext in INSTRUCTOR_SERVER_EXTENSIONS:
        toggle_server_extension_python(ext, enabled=False, user=level == "user", sys_prefix=level == "sys_prefix")
        done.append(f"server extension {ext}: disabled")
    return done


def main(argv: list[str]) -> int:
    level = argv[argv.index("--level") + 1] if "--level" in argv else "sys_prefix"
    for line in apply(level):
        print(line)
    return 0

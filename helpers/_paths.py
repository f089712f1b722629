"""Where the course's files are, without importing NumPy (the sandbox's launcher reads this
once per graded notebook, and needs only the paths)."""

from __future__ import annotations

from pathlib import Path

__all__ = ["data_dir", "package_dir"]


def package_dir() -> Path:
    """The folder of the ``helpers`` package."""
    return Path(__file__).resolve().parent


def data_dir() -> Path:
    """``data/`` of the checkout; in an installed course, the copy the wheel carries.

    ``pyproject.toml`` maps ``data/`` to the package ``helpers._data``, so ``pip install <course>``
    (not editable) installs the files next to ``helpers``.
    """
    here = package_dir()
    checkout = here.parent / "data"
    return checkout if (checkout / "digits.csv").is_file() else here / "_data"

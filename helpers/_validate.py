"""Argument checks shared by every kernel.

Each check raises a ``TypeError`` or ``ValueError`` whose message names the
argument and shows the offending value, so that a student who passes
``lr=-0.1`` reads ``lr must be > 0, got -0.1`` rather than meeting a NaN ten
cells later. The checks are cheap (scalar work only) so that kernels on small
arrays stay in the microsecond range.
"""

from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "as_float_array",
    "check_bool",
    "check_callable",
    "check_finite",
    "check_int",
    "check_positive",
    "check_rng",
    "check_same_shape",
    "check_unit_interval",
]


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_positive(name: str, value, *, allow_zero: bool = False) -> float:
    """Return ``value`` as a float after checking it is a finite number > 0 (or >= 0)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_show(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    if allow_zero and value < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    if not allow_zero and value <= 0:
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return value


def check_unit_interval(name: str, value) -> float:
    """Return ``value`` as a float after checking ``0 <= value < 1`` (a decay rate β)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number in [0, 1), got {_show(value)}")
    value = float(value)
    if not (0.0 <= value < 1.0):
        raise ValueError(f"{name} must be in [0, 1), got {value!r}")
    return value


def check_int(name: str, value, *, minimum: int | None = None) -> int:
    """Return ``value`` as an ``int`` after checking it is an integer (not a bool) >= minimum."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_show(value)}")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return value


def check_rng(name: str, rng) -> np.random.Generator:
    """Check that ``rng`` is a ``numpy.random.Generator`` (the course never uses global state)."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"{name} must be a numpy.random.Generator (e.g. np.random.default_rng(0)), "
            f"got {type(rng).__name__}"
        )
    return rng



def as_float_array(name: str, x, *, ndim: int | None = None) -> np.ndarray:
    """Convert ``x`` to a floating ndarray (float64 unless already floating); check ``ndim``."""
    try:
        arr = np.asarray(x)
    except Exception as exc:  # pragma: no cover - exotic inputs
        raise TypeError(f"{name} must be array-like, got {type(x).__name__}") from exc
    if arr.dtype.kind not in "fiub":
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype}")
    if arr.dtype.kind != "f":
        arr = arr.astype(np.float64)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {arr.shape}")
    return arr


def check_same_shape(name: str, x: np.ndarray, ref_name: str, ref: np.ndarray) -> None:
    """Raise ``ValueError`` unless ``x.shape == ref.shape``."""
    if np.shape(x) != np.shape(ref):
        raise ValueError(
            f"{name} must have the same shape as {ref_name} {np.shape(ref)}, got {np.shape(x)}"
        )


def check_finite(name: str, x) -> None:
    """Raise ``ValueError`` if ``x`` holds a NaN or an infinity (a kernel cannot go on from there)."""
    if not np.all(np.isfinite(x)):
        bad = np.size(x) - int(np.count_nonzero(np.isfinite(x)))
        raise ValueError(f"{name} holds {bad} non-finite value(s) (NaN or inf)")


def check_callable(name: str, fn) -> None:
    """``TypeError`` naming ``name`` unless ``fn`` can be called."""
    if not callable(fn):
        raise TypeError(f"{name} must be callable, got {type(fn).__name__}")


def check_bool(name: str, value) -> bool:
    """``value`` as a Python bool; ``TypeError`` naming ``name`` unless it is True or False."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_show(value)}")
    return bool(value)

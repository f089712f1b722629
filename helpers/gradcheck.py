"""Numerical gradients by finite differences, and gradient checking.

The analytic gradient is what we train with; the numerical gradient is how we
check it. For a scalar function ``f`` of an array ``x`` and a step ``h > 0``:

* forward difference   ``df/dx_i ~ (f(x + h e_i) - f(x)) / h``         error O(h)
* centered difference  ``df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2h)``  error O(h^2)

where ``e_i`` is the i-th unit vector. A numerical gradient costs one (forward)
or two (centered) evaluations of ``f`` per coordinate, so it is a check, never
the way to train a model with millions of parameters.

The loop over coordinates below is inherent to the method (each coordinate
needs its own call to ``f``); the arithmetic inside each call is ``f``'s own,
vectorized, business.
"""

from __future__ import annotations


import numpy as np

from ._validate import _show, as_float_array, check_int, check_positive, check_rng, check_same_shape

__all__ = ["numerical_gradient", "grad_check", "relative_error"]

_METHODS = ("forward", "centered")


def _check_callable(name: str, fn) -> None:
    if not callable(fn):
        raise TypeError(f"{name} must be callable, got {type(fn).__name__}")


def _scalar(value, where: str) -> float:
    """Return ``f``'s output as a finite Python float, or raise naming ``f``."""
    arr = np.asarray(value)
    if arr.size != 1 or arr.dtype.kind not in "fiub":
        raise TypeError(f"f must return a real scalar, got {_show(value)} {where}")
    out = float(arr.reshape(()))
    if not np.isfinite(out):
        raise ValueError(f"f returned a non-finite value {out!r} {where}")
    return out


def _working_array(x) -> np.ndarray:
    """``x`` itself if it is a float64 ndarray (perturbed in place), else a float64 copy."""
    if isinstance(x, np.ndarray) and x.dtype == np.float64:
        if not x.flags.writeable:
            raise ValueError("x must be writeable: numerical_gradient perturbs it in place")
        return x
    arr = as_float_array("x", x)
    return np.array(arr, dtype=np.float64, copy=True)


def _partial(f, x: np.ndarray, index: tuple, h: float, method: str, fx: float | None) -> float:
    """One finite-difference partial derivative along ``x[index]``; restores ``x[index]`` exactly."""
    old = x[index]  # a NumPy scalar: an exact copy of the original value
    where = f"at x[{', '.join(map(str, index))}]" if index else "at x"
    try:
        x[index] = old + h
        f_plus = _scalar(f(x), where)
        if method == "centered":
            x[index] = old - h
            f_minus = _scalar(f(x), where)
            return (f_plus - f_minus) / (2.0 * h)
        return (f_plus - fx) / h
    finally:
        x[index] = old


def _check_method(method) -> str:
    if not isinstance(method, str) or method not in _METHODS:
        raise ValueError(f"method must be 'forward' or 'centered', got {_show(method)}")
    return method


def numerical_gradient(f, x, h=1e-5, method="centered"):
    r"""Gradient of a scalar function by finite differences, one coordinate at a time.

    .. math::

        \text{forward:}\quad  g_i = \frac{f(x + h e_i) - f(x)}{h}, \qquad
        \text{centered:}\quad g_i = \frac{f(x + h e_i) - f(x - h e_i)}{2h}

    Parameters
    ----------
    f : callable
        ``f(x) -> float``; called with an array of the shape of ``x``.
    x : ndarray, any shape
        The point. If ``x`` is a float64 ndarray it is perturbed **in place**
        (so an ``f`` that reads ``x`` through a closure also sees the
        perturbation) and every coordinate is put back to its exact original
        bits before the call returns, also when ``f`` raises. Any other input
        (a list, an int or float32 array) is copied to float64 first and the
        copy is perturbed.
    h : float, default 1e-5
        Step, ``h > 0``.
    method : {"centered", "forward"}
        The difference quotient.

    Returns
    -------
    grad : ndarray, float64, same shape as ``x``

    Raises
    ------
    TypeError
        ``f`` is not callable, ``x`` does not hold numbers, ``h`` is not a real
        number, or ``f`` does not return a real scalar.
    ValueError
        ``h <= 0`` or non-finite, ``method`` is not ``"forward"``/``"centered"``,
        or ``f`` returns NaN/inf (named with the coordinate).
    """
    _check_callable("f", f)
    h = check_positive("h", h)
    method = _check_method(method)
    xw = _working_array(x)
    grad = np.empty(xw.shape, dtype=np.float64)
    fx = _scalar(f(xw), "at x") if method == "forward" else None
    for index in np.ndindex(xw.shape):
        grad[index] = _partial(f, xw, index, h, method, fx)
    return grad


def relative_error(a, n):
    r"""Elementwise relative error between an analytic and a numerical value.

    .. math:: e = \frac{|a - n|}{\max(|a| + |n|,\ 10^{-12})}

    The floor ``1e-12`` makes two zeros agree (``e = 0``) instead of dividing
    0 by 0. ``a`` and ``n`` broadcast against each other.

    Returns
    -------
    float or ndarray
        A float for scalar inputs, else an array of the broadcast shape.

    Raises
    ------
    TypeError
        If ``a`` or ``n`` does not hold numbers.
    ValueError
        If their shapes do not broadcast.
    """
    a = as_float_array("a", a)
    n = as_float_array("n", n)
    try:
        shape = np.broadcast_shapes(a.shape, n.shape)
    except ValueError:
        raise ValueError(f"a and n must broadcast, got shapes {a.shape} and {n.shape}") from None
    err = np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-12)
    return float(err) if shape == () else err


def grad_check(f, x, analytic_grad, n_checks, rng, h=1e-5):
    r"""Largest relative error between ``analytic_grad`` and centered differences at random coordinates.

    The coordinates are drawn in one call, exactly as
    ``idx = rng.integers(x.size, size=n_checks)`` (flat indices into ``x`` in
    C order, with repetition); for each ``i`` in ``idx`` the centered
    difference ``n_i = (f(x + h e_i) - f(x - h e_i)) / (2h)`` is compared with
    ``a_i = analytic_grad.flat[i]``:

    .. math:: \max_i \frac{|a_i - n_i|}{\max(|a_i| + |n_i|,\ 10^{-12})}

    Rules of thumb for float64: < 1e-7 excellent, < 1e-5 fine, > 1e-3 a bug
    (or a kink of a non-smooth loss such as the hinge).

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : ndarray, any shape
        The point; perturbed in place and restored exactly, as in
        :func:`numerical_gradient`.
    analytic_grad : ndarray, same shape as ``x``
    n_checks : int, >= 1
    rng : numpy.random.Generator
    h : float, default 1e-5

    Returns
    -------
    float
        The maximum relative error over the checked coordinates.

    Raises
    ------
    TypeError
        ``f`` not callable, ``rng`` not a Generator, ``n_checks`` not an integer.
    ValueError
        ``n_checks < 1``, ``h <= 0``, ``x`` empty, ``analytic_grad`` of another
        shape or non-finite, or ``f`` returns NaN/inf.
    """
    _check_callable("f", f)
    n_checks = check_int("n_checks", n_checks, minimum=1)
    rng = check_rng("rng", rng)
    h = check_positive("h", h)
    xw = _working_array(x)
    if xw.size == 0:
        raise ValueError("x must have at least one element, got shape " + str(xw.shape))
    analytic = as_float_array("analytic_grad", analytic_grad)
    check_same_shape("analytic_grad", analytic, "x", xw)
    if not np.all(np.isfinite(analytic)):
        raise ValueError("analytic_grad holds non-finite value(s) (NaN or inf)")
    flat_idx = rng.integers(xw.size, size=n_checks)
    numeric = np.empty(n_checks, dtype=np.float64)
    for k, i in enumerate(flat_idx):
        numeric[k] = _partial(f, xw, np.unravel_index(int(i), xw.shape), h, "centered", None)
    a = analytic.reshape(-1)[flat_idx]
    return float(np.max(relative_error(a, numeric)))

"""What the mini-batch experiments need besides the algorithm: synthetic data sets, the
least-squares cost and a timer.

Cutting shuffled data into mini-batches and the mini-batch training loop are lesson 04's
exercises; they are not here.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from .data import add_bias_column
from ._validate import _show, as_float_array, check_int, check_positive, check_rng

__all__ = [
    "make_regression",
    "make_classification",
    "mse_loss_and_grad",
    "time_median",
]


def _check_callable(name: str, fn) -> None:
    if not callable(fn):
        raise TypeError(f"{name} must be callable, got {type(fn).__name__}")


def _check_bool(name: str, value) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_show(value)}")
    return bool(value)


def make_regression(m, n, rng, noise=0.1, bias=False):
    """A synthetic linear-regression set, generated in a few vectorized calls.

    Draws, in this order::

        X      = rng.standard_normal((m, n))
        w_true = rng.standard_normal(n + bias)      # the last entry is the intercept when bias=True
        y      = X' @ w_true + noise * rng.standard_normal(m)

    where ``X' = X`` or, with ``bias=True``, ``X`` with a column of ones
    appended (the bias folded into the data, as everywhere in the course).
    ``make_regression(m, 1, rng, bias=True)`` is the two-parameter
    (weight, bias) problem whose cost has a contour plot.

    Parameters
    ----------
    m : int, >= 1
        Number of examples (10^5–10^6 is fine: about ``8 m (n + 2)`` bytes).
    n : int, >= 1
        Number of features (not counting the bias column).
    rng : numpy.random.Generator
    noise : float, >= 0
        Standard deviation of the Gaussian label noise.
    bias : bool, default False

    Returns
    -------
    X : ndarray, float64, shape ``(m, n)`` or ``(m, n + 1)`` with ``bias=True``
    y : ndarray, float64, shape ``(m,)``
    w_true : ndarray, float64, shape ``(X.shape[1],)``

    Raises
    ------
    TypeError, ValueError
        ``m < 1``, ``n < 1``, ``noise < 0``, ``rng`` not a Generator.
    """
    m = check_int("m", m, minimum=1)
    n = check_int("n", n, minimum=1)
    rng = check_rng("rng", rng)
    noise = check_positive("noise", noise, allow_zero=True)
    bias = _check_bool("bias", bias)
    X = rng.standard_normal((m, n))
    if bias:
        X = add_bias_column(X)
    w_true = rng.standard_normal(X.shape[1])
    y = X @ w_true
    y += noise * rng.standard_normal(m)
    return X, y, w_true


def make_classification(m, n, n_classes, rng, separation=2.0, bias=False):
    """A synthetic classification set: one Gaussian blob per class.

    Draws, in this order::

        centers = separation * rng.standard_normal((n_classes, n))
        y       = rng.integers(n_classes, size=m)
        X       = centers[y] + rng.standard_normal((m, n))

    With ``bias=True`` a column of ones is appended to ``X``.

    Parameters
    ----------
    m : int, >= 1
    n : int, >= 1
        Number of features (not counting the bias column).
    n_classes : int, >= 2
    rng : numpy.random.Generator
    separation : float, >= 0
        Scale of the class centres relative to the unit within-class spread.
    bias : bool, default False

    Returns
    -------
    X : ndarray, float64, shape ``(m, n)`` or ``(m, n + 1)``
    y : ndarray, int64, shape ``(m,)``, values in ``0 … n_classes - 1``

    Raises
    ------
    TypeError, ValueError
        ``m < 1``, ``n < 1``, ``n_classes < 2``, ``separation < 0``, ``rng`` not a Generator.
    """
    m = check_int("m", m, minimum=1)
    n = check_int("n", n, minimum=1)
    n_classes = check_int("n_classes", n_classes, minimum=2)
    rng = check_rng("rng", rng)
    separation = check_positive("separation", separation, allow_zero=True)
    bias = _check_bool("bias", bias)
    centers = separation * rng.standard_normal((n_classes, n))
    y = rng.integers(n_classes, size=m).astype(np.int64, copy=False)
    X = centers[y]
    X += rng.standard_normal((m, n))
    if bias:
        X = add_bias_column(X)
    return X, y


def mse_loss_and_grad(W, X, y):
    r"""Half mean squared error of a linear model and its gradient.

    .. math::
        J(W) = \frac{1}{2m} \lVert X W - y \rVert^2, \qquad
        \nabla J(W) = \frac{1}{m} X^\top (X W - y)

    (fold the bias into ``X`` as a column of ones: see :func:`make_regression`).

    ``W`` may carry leading axes — ``W`` of shape ``(..., n)`` evaluates every
    parameter vector at once, e.g. a contour grid ``P`` of shape
    ``(ny, nx, 2)`` for the weight-bias problem. The batched path uses the
    quadratic form :math:`J = (W^\top A W - 2 b^\top W + c) / (2m)` with
    :math:`A = X^\top X`, :math:`b = X^\top y`, :math:`c = y^\top y`, so its
    cost does not grow with ``m`` times the grid size (it agrees with the
    single-``W`` path to rounding).

    Parameters
    ----------
    W : array_like, shape ``(n,)`` or ``(..., n)``
    X : ndarray, shape ``(m, n)``
    y : ndarray, shape ``(m,)``

    Returns
    -------
    loss : float (``W`` 1-D) or ndarray of shape ``(...)``
    dW : ndarray, shape of ``W``

    Raises
    ------
    ValueError
        Mismatched shapes (``W.shape[-1] != n``, ``len(y) != m``, ``X`` not 2-D).
    """
    X = as_float_array("X", X, ndim=2)
    y = as_float_array("y", y, ndim=1)
    W = as_float_array("W", W)
    m, n = X.shape
    if y.shape[0] != m:
        raise ValueError(f"y must have one entry per row of X ({m}), got shape {y.shape}")
    if W.ndim == 0 or W.shape[-1] != n:
        raise ValueError(f"W must have shape (..., {n}) to match X of shape {X.shape}, got {W.shape}")
    if m == 0:
        raise ValueError("X must hold at least one example, got 0 rows")
    if W.ndim == 1:
        r = X @ W - y
        return float(r @ r) / (2.0 * m), (X.T @ r) / m
    A = X.T @ X
    b = X.T @ y
    c = float(y @ y)
    WA = W @ A
    loss = (np.sum(WA * W, axis=-1) - 2.0 * (W @ b) + c) / (2.0 * m)
    return loss, (WA - b) / m


def time_median(fn, repeats=7, min_time=0.01):
    """Median wall-clock time of one call ``fn()``, in seconds.

    Like :mod:`timeit`: one warm-up call (not timed into the result) picks the
    number of calls per measurement, ``number = 1, 2, 4, …`` doubled until one
    measurement of ``number`` calls lasts at least ``min_time`` seconds. Then
    ``repeats`` measurements are taken with :func:`time.perf_counter`, each
    divided by ``number``, and their median is returned (the median is robust
    to the odd slow run caused by other processes).

    Total cost is about ``(repeats + 2) * max(min_time, t)`` for a call taking
    ``t`` seconds; keep ``repeats`` and ``min_time`` small in notebooks.

    Parameters
    ----------
    fn : callable
        Called with no arguments; its result is discarded.
    repeats : int, >= 1
    min_time : float, >= 0
        Minimum duration of one measurement, in seconds.

    Returns
    -------
    float
        Median seconds per call.

    Raises
    ------
    TypeError, ValueError
        ``fn`` not callable, ``repeats < 1``, ``min_time < 0``.
    """
    _check_callable("fn", fn)
    repeats = check_int("repeats", repeats, minimum=1)
    min_time = check_positive("min_time", min_time, allow_zero=True)
    clock = time.perf_counter

    def measure(number: int) -> float:
        start = clock()
        for _ in range(number):
            fn()
        return clock() - start

    number = 1
    elapsed = measure(number)  # warm-up and calibration
    while elapsed < min_time:
        number *= 2
        elapsed = measure(number)
    return statistics.median(measure(number) / number for _ in range(repeats))

"""The linear classifier of the course's first lessons: scores, predictions, accuracy.

Scores are ``S = X @ W`` with ``X`` of shape ``(m, n)`` (one example per row,
bias folded in as a column of ones) and ``W`` of shape ``(n, C)``; the
predicted class of example ``i`` is ``argmax_j S_ij``. (The lecture notes store
examples in columns and write ``W x_i``; here ``x_i`` is a row and the scores
are ``x_i W``.)

The multiclass SVM loss of this classifier and its gradient are exercises
(lessons 01 and 02); this module holds only what they share that is not the
exercise: the check of their arguments.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_positive

__all__ = ["check_svm_args", "accuracy", "predict", "mse_loss_and_grad"]


def check_svm_args(W, X, y, delta):
    """Check the arguments of a multiclass SVM loss; return them as arrays.

    Parameters
    ----------
    W : array_like, shape (n, C) or (..., n, C)
        Weights, or a stack of weight matrices.
    X : array_like, shape (m, n)
    y : array_like of int, shape (m,), values in ``0 … C-1``
    delta : float, ``>= 0``
        The margin Δ.

    Returns
    -------
    W : ndarray, float64
    X : ndarray, float64, shape (m, n)
    y : ndarray of int, shape (m,)
    delta : float

    Raises
    ------
    TypeError
        ``y`` not a 1-D array of integers; non-numeric ``W`` or ``X``.
    ValueError
        Shapes that do not fit together (``W.shape[-2] != n``, one label per row of
        ``X``), labels outside ``0 … C-1``, or ``delta < 0``.
    """
    W = as_float_array("W", W)
    X = as_float_array("X", X, ndim=2)
    y = np.asarray(y)
    if y.ndim != 1 or y.dtype.kind not in "iu":
        raise TypeError(f"y must be a 1-D array of integer labels, got dtype {y.dtype} shape {y.shape}")
    if len(y) != X.shape[0]:
        raise ValueError(f"y must have one label per row of X ({X.shape[0]}), got {len(y)}")
    if W.ndim < 2 or W.shape[-2] != X.shape[1]:
        raise ValueError(f"W must have shape (..., {X.shape[1]}, C) to match X {X.shape}, got {W.shape}")
    C = W.shape[-1]
    if len(y) and (y.min() < 0 or y.max() >= C):
        raise ValueError(f"y holds labels outside 0..{C - 1}")
    delta = check_positive("delta", delta, allow_zero=True)
    return W, X, y, delta


def predict(W, X) -> np.ndarray:
    """Predicted class ``argmax_j S_ij`` of every row of ``X`` (``S = X @ W``), shape ``(m,)``."""
    return np.argmax(np.asarray(X) @ np.asarray(W), axis=-1)


def accuracy(W, X, y) -> float:
    """Fraction of rows of ``X`` whose predicted class equals ``y``."""
    return float(np.mean(predict(W, X) == np.asarray(y)))


def mse_loss_and_grad(W, X, y):
    r"""Half mean squared error of a linear model and its gradient.

    .. math::
        J(W) = \frac{1}{2m} \lVert X W - y \rVert^2, \qquad
        \nabla J(W) = \frac{1}{m} X^\top (X W - y)

    (fold the bias into ``X`` as a column of ones: see :func:`helpers.data.make_regression`).

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

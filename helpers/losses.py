"""The multiclass SVM (hinge) loss of a linear classifier, and its gradient.

Scores are ``S = X @ W`` with ``X`` of shape ``(m, n)`` (one example per row,
bias folded in as a column of ones) and ``W`` of shape ``(n, C)``. For example
``i`` with label ``y_i`` the loss is

.. math::  L_i = \\sum_{j \\ne y_i} \\max(0,\\; S_{ij} - S_{i y_i} + \\Delta)

and the data loss is the mean ``L = (1/m) Σ_i L_i``. (The lecture notes store
examples in columns and write ``W x_i``; here ``x_i`` is a row and the scores
are ``x_i W``.)

Both functions accept a *stack* of weight matrices ``W`` of shape
``(..., n, C)`` and return one loss per matrix, so a whole 1-D or 2-D slice of
the loss landscape is one call.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_positive

__all__ = ["svm_loss", "svm_loss_and_grad", "svm_margins", "accuracy", "predict"]


def _check(W, X, y, delta):
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


def svm_margins(W, X, y, delta=1.0) -> np.ndarray:
    """Hinge margins ``max(0, S_ij - S_iy_i + delta)`` with the correct class zeroed.

    Returns an array of shape ``(..., m, C)``.
    """
    W, X, y, delta = _check(W, X, y, delta)
    S = X @ W                                                  # (..., m, C)
    rows = np.arange(X.shape[0])
    correct = S[..., rows, y][..., None]                      # (..., m, 1)
    margins = np.maximum(0.0, S - correct + delta)
    margins[..., rows, y] = 0.0
    return margins


def svm_loss(W, X, y, delta=1.0):
    """Mean multiclass SVM loss of the linear classifier ``S = X @ W``.

    Parameters
    ----------
    W : array_like, shape (n, C) or (..., n, C)
        Weights (bias in the last row when ``X`` carries a column of ones).
    X : array_like, shape (m, n)
    y : array_like of int, shape (m,)
    delta : float, default 1.0
        The margin Δ, ``>= 0``.

    Returns
    -------
    float, or ndarray of shape ``W.shape[:-2]`` for a stack of weights.

    Raises
    ------
    ValueError, TypeError
        On mismatched shapes, labels out of range, or a negative ``delta``.
    """
    margins = svm_margins(W, X, y, delta)
    loss = margins.sum(axis=(-2, -1)) / margins.shape[-2]
    return float(loss) if np.ndim(loss) == 0 else loss


def svm_loss_and_grad(W, X, y, delta=1.0):
    """SVM loss and its (sub)gradient with respect to ``W`` (one weight matrix).

    With ``M_ij = 1[S_ij - S_iy_i + Δ > 0]`` for ``j ≠ y_i`` (and ``M_iy_i =
    -Σ_j M_ij``), the gradient is ``dW = Xᵀ M / m`` — every violated margin
    pushes its class's weights towards ``x_i`` and the correct class's away.
    At a kink (margin exactly 0) the indicator takes 0, one valid subgradient.

    Returns
    -------
    loss : float
    dW : ndarray, shape (n, C)
    """
    W, X, y, delta = _check(W, X, y, delta)
    if W.ndim != 2:
        raise ValueError(f"W must be 2-D (n, C) for the gradient, got shape {W.shape}")
    m = X.shape[0]
    margins = svm_margins(W, X, y, delta)
    loss = float(margins.sum() / m)
    M = (margins > 0).astype(np.float64)
    M[np.arange(m), y] = -M.sum(axis=1)
    dW = X.T @ M / m
    return loss, dW


def predict(W, X) -> np.ndarray:
    """Predicted class ``argmax_j S_ij`` for every row of ``X``, shape ``(m,)``."""
    return np.argmax(np.asarray(X) @ np.asarray(W), axis=-1)


def accuracy(W, X, y) -> float:
    """Fraction of rows of ``X`` whose predicted class equals ``y``."""
    return float(np.mean(predict(W, X) == np.asarray(y)))

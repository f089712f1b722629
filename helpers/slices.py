"""Low-dimensional slices through a high-dimensional loss.

A linear classifier on the digits has 650 weights, so its loss ``L(W)`` cannot
be drawn. A *slice* can: pick random directions ``W1`` (and ``W2``) and plot

.. math::  f(a) = L(W + a W_1), \\qquad g(a, b) = L(W + a W_1 + b W_2).

Both functions take any loss ``loss_fn(W) -> float`` (in lesson 01, the
student's own ``svm_loss``) and call it once per point of the line or grid.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array

__all__ = ["slice_1d", "slice_2d"]


def _directions(W, **directions):
    W = as_float_array("W", W)
    out = []
    for name, D in directions.items():
        D = as_float_array(name, D)
        if D.shape != W.shape:
            raise ValueError(f"{name} must have the shape of W {W.shape}, got {D.shape}")
        out.append(D)
    return W, out


def _loss_fn(loss_fn):
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable, got {type(loss_fn).__name__}")
    return loss_fn


def slice_1d(loss_fn, W, W1, alphas) -> np.ndarray:
    """The loss along a line: ``f[j] = loss_fn(W + alphas[j] * W1)``.

    Parameters
    ----------
    loss_fn : callable, ``W -> float``
    W, W1 : array_like, same shape
        The centre of the slice and its direction.
    alphas : array_like, 1-D

    Returns
    -------
    ndarray, shape ``(len(alphas),)``

    Raises
    ------
    TypeError
        ``loss_fn`` not callable.
    ValueError
        ``W1`` of another shape than ``W``; ``alphas`` not 1-D.
    """
    loss_fn = _loss_fn(loss_fn)
    W, (W1,) = _directions(W, W1=W1)
    alphas = as_float_array("alphas", alphas, ndim=1)
    return np.array([loss_fn(W + a * W1) for a in alphas], dtype=np.float64)


def slice_2d(loss_fn, W, W1, W2, alphas, betas) -> np.ndarray:
    """The loss on a plane: ``g[i, j] = loss_fn(W + alphas[j] * W1 + betas[i] * W2)``.

    Row ``i``, column ``j``: the layout ``plt.contour(alphas, betas, g)`` expects.
    ``len(alphas) * len(betas)`` calls of ``loss_fn``.

    Parameters
    ----------
    loss_fn : callable, ``W -> float``
    W, W1, W2 : array_like, same shape
        The centre of the slice and its two directions.
    alphas, betas : array_like, 1-D

    Returns
    -------
    ndarray, shape ``(len(betas), len(alphas))``

    Raises
    ------
    TypeError
        ``loss_fn`` not callable.
    ValueError
        ``W1`` or ``W2`` of another shape than ``W``; ``alphas`` or ``betas`` not 1-D.
    """
    loss_fn = _loss_fn(loss_fn)
    W, (W1, W2) = _directions(W, W1=W1, W2=W2)
    alphas = as_float_array("alphas", alphas, ndim=1)
    betas = as_float_array("betas", betas, ndim=1)
    return np.array([[loss_fn(W + a * W1 + b * W2) for a in alphas] for b in betas], dtype=np.float64)

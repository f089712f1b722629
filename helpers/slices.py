"""Low-dimensional slices through a high-dimensional loss.

A linear classifier on the digits has 650 weights, so its loss ``L(W)`` cannot
be drawn. A *slice* can: pick random directions ``W1`` (and ``W2``) and plot

.. math::  f(a) = L(W + a W_1), \\qquad g(a, b) = L(W + a W_1 + b W_2).

For the SVM the scores are linear in ``(a, b)``: ``X (W + a W1 + b W2) = S0 +
a S1 + b S2``. :func:`svm_slice` uses that to evaluate a whole grid from three
matrix products, in chunks that bound memory.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_int, check_positive

__all__ = ["slice_1d", "svm_slice"]


def slice_1d(loss_fn, W, W1, alphas) -> np.ndarray:
    """``[loss_fn(W + a * W1) for a in alphas]`` as an array of shape ``(len(alphas),)``.

    Raises
    ------
    ValueError
        If ``W1`` and ``W`` differ in shape.
    """
    W, W1 = as_float_array("W", W), as_float_array("W1", W1)
    if W.shape != W1.shape:
        raise ValueError(f"W1 must have the shape of W {W.shape}, got {W1.shape}")
    alphas = as_float_array("alphas", alphas, ndim=1)
    return np.array([loss_fn(W + a * W1) for a in alphas])


def svm_slice(W, W1, W2, alphas, betas, X, y, delta=1.0, *, chunk_bytes: int = 2**26) -> np.ndarray:
    """Mean SVM loss on the grid ``W + a W1 + b W2``; returns shape ``(len(betas), len(alphas))``.

    Row ``i``, column ``j`` holds ``L(W + alphas[j] W1 + betas[i] W2)``, the layout
    ``plt.contour(alphas, betas, Z)`` expects. Pass ``W2 = None`` and ``betas = [0]``
    for a 1-D slice. Memory stays below about ``chunk_bytes``.
    """
    W = as_float_array("W", W, ndim=2)
    X = as_float_array("X", X, ndim=2)
    y = np.asarray(y)
    delta = check_positive("delta", delta, allow_zero=True)
    chunk_bytes = check_int("chunk_bytes", chunk_bytes, minimum=1)
    W1 = as_float_array("W1", W1, ndim=2)
    W2 = np.zeros_like(W) if W2 is None else as_float_array("W2", W2, ndim=2)
    for name, D in (("W1", W1), ("W2", W2)):
        if D.shape != W.shape:
            raise ValueError(f"{name} must have the shape of W {W.shape}, got {D.shape}")
    if X.shape[1] != W.shape[0] or len(y) != X.shape[0]:
        raise ValueError(f"X {X.shape}, y {np.shape(y)} and W {W.shape} do not fit together")
    alphas = as_float_array("alphas", alphas, ndim=1)
    betas = as_float_array("betas", betas, ndim=1)
    m, C = X.shape[0], W.shape[1]
    rows = np.arange(m)
    S0, S1, S2 = X @ W, X @ W1, X @ W2
    # margin of class j for example i is linear too: M0 + a M1 + b M2 (correct class: delta)
    M0 = S0 - S0[rows, y][:, None] + delta
    M1 = S1 - S1[rows, y][:, None]
    M2 = S2 - S2[rows, y][:, None]
    mask = np.ones((m, C), dtype=bool)
    mask[rows, y] = False
    M0, M1, M2 = M0[mask], M1[mask], M2[mask]          # (m*(C-1),) the j != y_i terms
    out = np.empty((len(betas), len(alphas)))
    per_alpha = max(1, chunk_bytes // (8 * M0.size))
    for i, b in enumerate(betas):
        base = M0 + b * M2
        for start in range(0, len(alphas), per_alpha):
            a = alphas[start:start + per_alpha, None]
            out[i, start:start + per_alpha] = np.maximum(0.0, base + a * M1).sum(axis=1) / m
    return out

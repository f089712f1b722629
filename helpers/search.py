"""Optimisation without gradients: random search and random local search.

These are the lecture's strategies 1 and 2 — the "blindfolded hiker" who
either teleports to random spots and remembers the lowest one, or takes a
random step from where they stand and keeps it only if it goes downhill.
Both only ever *evaluate* the loss; neither knows which way is down.
"""

from __future__ import annotations

import numpy as np

from ._validate import as_float_array, check_int, check_positive, check_rng

__all__ = ["random_search", "random_local_search"]


def _shape(shape):
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    try:
        shape = tuple(int(s) for s in shape)
    except TypeError as exc:
        raise TypeError(f"shape must be a tuple of ints, got {shape!r}") from exc
    if any(s < 1 for s in shape):
        raise ValueError(f"shape must have positive entries, got {shape}")
    return shape


def random_search(loss_fn, shape, n_tries, scale, rng):
    """Strategy 1: evaluate ``n_tries`` random weight matrices, keep the best.

    Try ``k`` draws ``W_k = scale * rng.standard_normal(shape)`` (in order, one
    draw per try) and records ``losses[k] = loss_fn(W_k)``.

    Parameters
    ----------
    loss_fn : callable, ``W -> float``
    shape : tuple of int
    n_tries : int, >= 1
    scale : float, > 0
    rng : numpy.random.Generator

    Returns
    -------
    best_W : ndarray, shape ``shape`` — the lowest-loss try (the first on ties)
    best_loss : float
    losses : ndarray, shape (n_tries,)

    Raises
    ------
    ValueError, TypeError
        For ``n_tries < 1``, ``scale <= 0``, a bad ``shape`` or a non-Generator ``rng``.
    """
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable, got {type(loss_fn).__name__}")
    shape = _shape(shape)
    n_tries = check_int("n_tries", n_tries, minimum=1)
    scale = check_positive("scale", scale)
    check_rng("rng", rng)
    losses = np.empty(n_tries)
    best_W, best_loss = None, np.inf
    for k in range(n_tries):              # sequential: one try, one draw
        W = scale * rng.standard_normal(shape)
        losses[k] = loss_fn(W)
        if losses[k] < best_loss:
            best_W, best_loss = W, float(losses[k])
    if best_W is None:                    # every loss was NaN/inf
        raise ValueError("loss_fn returned no finite loss in any try")
    return best_W, best_loss, losses


def random_local_search(loss_fn, W0, n_iters, step_size, rng):
    """Strategy 2: perturb the current weights, move only if the loss drops.

    Start at ``W = W0`` with ``best_loss = loss_fn(W0)``. Each iteration draws
    ``W_try = W + step_size * rng.standard_normal(W.shape)`` and moves there
    only if ``loss_fn(W_try) < best_loss`` (strictly).

    Returns
    -------
    W : ndarray — the final weights (a new array; ``W0`` is not modified)
    best_loss : float
    history : ndarray, shape (n_iters,) — ``history[k]`` is the best loss
        after iteration ``k``.

    Raises
    ------
    ValueError, TypeError
        For ``n_iters < 1``, ``step_size <= 0`` or a non-Generator ``rng``.
    """
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable, got {type(loss_fn).__name__}")
    W = as_float_array("W0", W0).copy()
    n_iters = check_int("n_iters", n_iters, minimum=1)
    step_size = check_positive("step_size", step_size)
    check_rng("rng", rng)
    best_loss = float(loss_fn(W))
    history = np.empty(n_iters)
    for k in range(n_iters):              # sequential by nature
        W_try = W + step_size * rng.standard_normal(W.shape)
        loss = float(loss_fn(W_try))
        if loss < best_loss:
            W, best_loss = W_try, loss
        history[k] = best_loss
    return W, best_loss, history

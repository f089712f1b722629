"""How many steps does an optimizer need to get away from a bad spot? (lesson 10)

Two counters that drive any optimizer object of :mod:`helpers.optim` (anything
with ``init(params) -> state`` and ``update(params, grads, state, lr=None) ->
(params, state)``) on a function given by its gradient:

- :func:`steps_to_escape` — the number of updates until the iterate leaves the
  ball ``||x - center|| <= radius`` (e.g. around a saddle point); the graded
  exercise of lesson 10 and its reference.
- :func:`steps_until` — the number of updates until a condition ``stop(x)``
  holds (e.g. "the loss has dropped below 0.1": off a plateau).

Both count the updates from 1, return ``0`` when the start already qualifies,
and ``None`` when ``max_steps`` updates were not enough. ``x0`` is never
modified (the course's optimizers update their parameters in place, so both
work on a float64 copy).
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from ._validate import as_float_array, check_int, check_positive

__all__ = ["steps_to_escape", "steps_until"]


def _check_optimizer(optimizer) -> None:
    if not (callable(getattr(optimizer, "init", None)) and callable(getattr(optimizer, "update", None))):
        raise TypeError(
            "optimizer must have init(params) and update(params, grads, state, lr=None) "
            f"(e.g. helpers.optim.Adam(lr=0.1)), got {type(optimizer).__name__}"
        )


def steps_until(optimizer, grad_fn: Callable, x0, stop: Callable, max_steps: int):
    r"""Number of optimizer updates until ``stop(x)`` is true.

    With ``x = float64 copy of x0`` and ``state = optimizer.init(x)``::

        if stop(x): return 0
        for k in 1, 2, ..., max_steps:
            x, state = optimizer.update(x, grad_fn(x), state)
            if stop(x): return k
        return None

    Parameters
    ----------
    optimizer : helpers.optim.Optimizer
        Anything with ``init`` / ``update`` (see the module docstring).
    grad_fn : callable
        ``grad_fn(x) -> gradient`` of the shape of ``x``.
    x0 : array_like
        Starting point; not modified.
    stop : callable
        ``stop(x) -> bool``.
    max_steps : int, >= 0

    Returns
    -------
    int or None
        The first ``k`` with ``stop(x_k)`` true (``0`` if ``stop(x0)``), or
        ``None`` if it is still false after ``max_steps`` updates.

    Raises
    ------
    TypeError
        ``optimizer`` lacks ``init``/``update``; ``grad_fn`` or ``stop`` not
        callable; ``max_steps`` not an integer; ``x0`` not numeric.
    ValueError
        ``max_steps < 0``; ``grad_fn`` returns a gradient of another shape.
    """
    _check_optimizer(optimizer)
    if not callable(grad_fn):
        raise TypeError(f"grad_fn must be callable, got {type(grad_fn).__name__}")
    if not callable(stop):
        raise TypeError(f"stop must be callable, got {type(stop).__name__}")
    max_steps = check_int("max_steps", max_steps, minimum=0)
    x = np.array(as_float_array("x0", x0), dtype=np.float64, copy=True)
    if stop(x):
        return 0
    state = optimizer.init(x)
    for k in range(1, max_steps + 1):
        g = np.array(grad_fn(x), dtype=np.float64)   # a copy: a gradient may not share memory with x
        if g.shape != x.shape:
            raise ValueError(f"grad_fn must return an array of shape {x.shape}, got {g.shape} (step {k})")
        x, state = optimizer.update(x, g, state)
        if stop(x):
            return k
    return None


def steps_to_escape(optimizer, grad_fn: Callable, x0, center, radius, max_steps: int):
    r"""Number of optimizer updates until the iterate leaves a ball around ``center``.

    The ball is :math:`\{x : \lVert x - c \rVert_2 \le r\}` (Euclidean norm
    over all entries of ``x``; the boundary belongs to the ball, so leaving
    means :math:`\lVert x_k - c \rVert > r`). With ``x = float64 copy of x0``
    and ``state = optimizer.init(x)``::

        if ||x - center|| > radius: return 0        # started outside
        for k in 1, 2, ..., max_steps:
            x, state = optimizer.update(x, grad_fn(x), state)
            if ||x - center|| > radius: return k
        return None                                  # never left

    Parameters
    ----------
    optimizer : helpers.optim.Optimizer
        E.g. ``Adam(lr=0.05)``; a fresh state comes from ``optimizer.init``.
    grad_fn : callable
        ``grad_fn(x) -> gradient`` of the shape of ``x``.
    x0 : array_like
        Starting point (usually just next to the saddle); not modified.
    center : array_like, shape of ``x0``
        Centre of the ball (e.g. the saddle point).
    radius : float, > 0
    max_steps : int, >= 0

    Returns
    -------
    int or None
        The number of updates after which the iterate is first outside the
        ball (``0`` if ``x0`` is outside), or ``None`` if it is still inside
        after ``max_steps`` updates.

    Raises
    ------
    TypeError, ValueError
        As :func:`steps_until`; ``center`` of another shape than ``x0``;
        ``radius <= 0``.

    Examples
    --------
    Gradient descent on :math:`f = -x^2/2` (gradient ``-x``) multiplies ``x``
    by ``1 + lr`` per step: from ``x0 = 0.01`` with ``lr = 1`` it passes
    ``|x| > 1`` after 7 steps (``0.01 * 2**7 = 1.28``).

    >>> from helpers.optim import SGD
    >>> steps_to_escape(SGD(lr=1.0), lambda x: -x, [0.01], [0.0], 1.0, 100)
    7
    """
    x0 = as_float_array("x0", x0)
    center = as_float_array("center", center)
    if center.shape != x0.shape:
        raise ValueError(f"center must have the shape of x0 {x0.shape}, got {center.shape}")
    radius = check_positive("radius", radius)
    center = center.astype(np.float64, copy=True)
    return steps_until(optimizer, grad_fn, x0,
                       lambda x: bool(np.linalg.norm(x - center) > radius), max_steps)

"""Plain (full-batch) gradient descent, the one-step step-size sweep, and stopping rules.

Gradient descent follows the negative gradient with a fixed learning rate α:

.. math:: x_{k+1} = x_k - \\alpha \\, \\nabla f(x_k), \\qquad k = 0, 1, \\dots

The loop over iterations is sequential by nature; each step is one vectorized
array expression.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._validate import _show, as_float_array, check_int, check_positive

__all__ = ["gradient_descent", "step_size_sweep", "gradient_descent_until", "DescentResult"]


def _check_callable(name: str, fn) -> None:
    if not callable(fn):
        raise TypeError(f"{name} must be callable, got {type(fn).__name__}")


def _gradient(grad_fn, x: np.ndarray, k: int, lr: float) -> np.ndarray:
    """``grad_fn(x)`` as a float array of ``x``'s shape, finite, or a ValueError that says why."""
    g = np.asarray(grad_fn(x))
    if g.dtype.kind not in "fiub":
        raise TypeError(f"grad_fn must return numbers, got dtype {g.dtype} at step {k}")
    if g.shape != x.shape:
        raise ValueError(f"grad_fn must return an array of shape {x.shape} (the shape of x0), "
                         f"got {g.shape} at step {k}")
    if not np.all(np.isfinite(g)):
        raise ValueError(f"grad_fn returned non-finite values (NaN or inf) at step {k}: the iterates "
                         f"diverged; lr={lr!r} is probably too large")
    return g


def _loss(loss_fn, x: np.ndarray, k: int, lr: float | None = None) -> float:
    value = np.asarray(loss_fn(x))
    if value.size != 1 or value.dtype.kind not in "fiub":
        raise TypeError(f"loss_fn must return a real scalar, got {_show(value)} at step {k}")
    value = float(value.reshape(()))
    if not np.isfinite(value):
        hint = f"; lr={lr!r} is probably too large" if lr is not None else ""
        raise ValueError(f"loss_fn returned a non-finite value {value!r} at step {k}{hint}")
    return value


def gradient_descent(grad_fn, x0, lr, n_steps):
    """Run ``n_steps`` of gradient descent from ``x0`` and return every iterate.

    .. math:: x_{k+1} = x_k - \\mathrm{lr} \\cdot \\mathrm{grad\\_fn}(x_k)

    Parameters
    ----------
    grad_fn : callable
        ``grad_fn(x) -> ndarray`` of the shape of ``x``.
    x0 : array_like, any shape
        Starting point; never modified.
    lr : float
        Learning rate, ``lr > 0``.
    n_steps : int
        Number of updates, ``>= 0``.

    Returns
    -------
    trajectory : ndarray, shape ``(n_steps + 1, *x0.shape)``
        ``trajectory[0]`` equals ``x0``, ``trajectory[k]`` is the iterate after
        ``k`` updates.

    Raises
    ------
    TypeError
        ``grad_fn`` not callable, ``lr`` not a real number, ``n_steps`` not an
        integer, ``x0`` not numeric.
    ValueError
        ``lr <= 0``, ``n_steps < 0``, ``x0`` non-finite, ``grad_fn`` returning a
        wrong shape or NaN/inf (the message names the step: usually divergence
        from a too-large ``lr``).
    """
    _check_callable("grad_fn", grad_fn)
    lr = check_positive("lr", lr)
    n_steps = check_int("n_steps", n_steps, minimum=0)
    x = np.array(as_float_array("x0", x0), dtype=np.float64, copy=True)
    if not np.all(np.isfinite(x)):
        raise ValueError("x0 holds non-finite value(s) (NaN or inf)")
    trajectory = np.empty((n_steps + 1, *x.shape), dtype=np.float64)
    trajectory[0] = x
    for k in range(n_steps):
        # grad_fn gets its own copy: a grad_fn that writes into its argument cannot corrupt the run
        trajectory[k + 1] = trajectory[k] - lr * _gradient(grad_fn, trajectory[k].copy(), k, lr)
    return trajectory


def step_size_sweep(loss_fn, W, dW, step_sizes):
    """Loss after one gradient step, for each step size.

    .. math:: \\mathrm{losses}_k = L(W - \\eta_k \\, dW)

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(W) -> float``.
    W : ndarray
        Current parameters; never modified.
    dW : ndarray, same shape as ``W``
        The (analytic) gradient at ``W``.
    step_sizes : array_like, 1-D
        The step sizes ``η_k`` (finite; typically ``np.logspace(-10, -1, 10)``).

    Returns
    -------
    losses : ndarray, shape ``(len(step_sizes),)``, float64

    Raises
    ------
    TypeError
        ``loss_fn`` not callable or an input not numeric.
    ValueError
        ``dW`` of another shape than ``W``, ``step_sizes`` not 1-D or
        non-finite, ``W``/``dW`` non-finite. A ``loss_fn`` value that overflows
        to inf for a huge step is returned as ``inf`` (that is the point of the
        sweep), but NaN raises.
    """
    _check_callable("loss_fn", loss_fn)
    W = as_float_array("W", W)
    dW = as_float_array("dW", dW)
    if dW.shape != W.shape:
        raise ValueError(f"dW must have the same shape as W {W.shape}, got {dW.shape}")
    eta = as_float_array("step_sizes", step_sizes, ndim=1)
    for name, arr in (("W", W), ("dW", dW), ("step_sizes", eta)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} holds non-finite value(s) (NaN or inf)")
    losses = np.empty(eta.shape[0], dtype=np.float64)
    for k, step in enumerate(eta):
        value = np.asarray(loss_fn(W - step * dW))
        if value.size != 1 or value.dtype.kind not in "fiub":
            raise TypeError(f"loss_fn must return a real scalar, got {_show(value)}")
        losses[k] = float(value.reshape(()))
        if np.isnan(losses[k]):
            raise ValueError(f"loss_fn returned NaN for step_sizes[{k}] = {step!r}")
    return losses


class DescentResult(NamedTuple):
    """What :func:`gradient_descent_until` returns (unpacks as a 3-tuple)."""

    trajectory: np.ndarray  #: shape ``(k + 1, *x0.shape)``, starts with ``x0``
    losses: np.ndarray  #: shape ``(k + 1,)``, ``losses[j] = loss_fn(trajectory[j])``
    reason: str  #: ``"tol"`` or ``"max_steps"``


def gradient_descent_until(grad_fn, loss_fn, x0, lr, max_steps, tol):
    """Gradient descent with the two usual stopping rules.

    After each update ``x_{k+1} = x_k - lr * grad_fn(x_k)`` the loss
    ``L_{k+1} = loss_fn(x_{k+1})`` is evaluated, and the loop stops

    1. with ``reason = "tol"`` as soon as ``|L_{k+1} - L_k| < tol``
       (the loss has stopped changing), checked first;
    2. otherwise with ``reason = "max_steps"`` after ``max_steps`` updates
       (the iteration budget).

    ``tol = 0`` switches rule 1 off.

    Parameters
    ----------
    grad_fn, loss_fn : callable
        ``grad_fn(x) -> ndarray`` (shape of ``x``), ``loss_fn(x) -> float``.
    x0 : array_like
        Start; never modified.
    lr : float, > 0
    max_steps : int, >= 0
    tol : float, >= 0

    Returns
    -------
    DescentResult
        ``(trajectory, losses, reason)`` with ``trajectory`` of shape
        ``(k + 1, *x0.shape)`` and ``losses`` of shape ``(k + 1,)``, ``k`` the
        number of updates taken.

    Raises
    ------
    TypeError, ValueError
        As :func:`gradient_descent`; also ``tol < 0`` and a NaN/inf loss.
    """
    _check_callable("grad_fn", grad_fn)
    _check_callable("loss_fn", loss_fn)
    lr = check_positive("lr", lr)
    max_steps = check_int("max_steps", max_steps, minimum=0)
    tol = check_positive("tol", tol, allow_zero=True)
    x = np.array(as_float_array("x0", x0), dtype=np.float64, copy=True)
    if not np.all(np.isfinite(x)):
        raise ValueError("x0 holds non-finite value(s) (NaN or inf)")
    xs = [x]
    losses = [_loss(loss_fn, x.copy(), 0)]
    reason = "max_steps"
    for k in range(max_steps):
        x = x - lr * _gradient(grad_fn, x.copy(), k, lr)
        xs.append(x)
        losses.append(_loss(loss_fn, x.copy(), k + 1, lr))
        if abs(losses[-1] - losses[-2]) < tol:
            reason = "tol"
            break
    return DescentResult(np.stack(xs), np.asarray(losses, dtype=np.float64), reason)

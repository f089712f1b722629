"""The one training loop of the course (lessons 06-10).

:func:`train` runs mini-batch training with any optimizer object of
:mod:`helpers.optim` (``SGD``, or a ``StepRule`` built from an update rule such as
your ``momentum_step``) and an optional learning-rate schedule (a function
``epoch -> lr``, e.g. your lesson-09 ``inverse_time_decay`` with its constants
fixed); :func:`run_on_function` runs an optimizer on a function of a few variables
(the 2-D landscapes of lessons 03, 06-08 and 10) and returns its trajectory.

Both only *call* what they are given: the optimizer, the schedule and, for
:func:`train`, the function that cuts an epoch into mini-batches (lesson 04's
``make_mini_batches``). No update rule, schedule or shuffler lives here.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Callable

import numpy as np

from ._validate import as_float_array, check_int, check_positive, check_rng

__all__ = ["History", "train", "run_on_function"]


@dataclasses.dataclass
class History:
    """What :func:`train` records.

    Attributes
    ----------
    costs : ndarray, shape (n_updates,)
        Mini-batch cost :math:`J^{\\{t\\}}` of every update, computed *before* that
        update (the noisy curve).
    epoch_costs : ndarray, shape (n_epochs,)
        Mean cost over each epoch's examples: the mini-batch costs of that epoch
        averaged with weights ``batch size / m`` (equals the full-batch cost when
        ``batch_size >= m``).
    lrs : ndarray, shape (n_epochs,)
        Learning rate used in each epoch.
    evals : ndarray, shape (n_epochs,) or None
        ``eval_fn(params)`` after each epoch, if an ``eval_fn`` was given.
    params : ndarray or dict of ndarray
        The trained parameters (the same objects that were passed in, updated in place).
    state : OptState
        The optimizer state after the last update (``state.t`` = number of updates).
    """

    costs: np.ndarray
    epoch_costs: np.ndarray
    lrs: np.ndarray
    evals: np.ndarray | None
    params: object
    state: object

    @property
    def n_updates(self) -> int:
        return int(self.costs.size)


def _check_optimizer(optimizer):
    if not (callable(getattr(optimizer, "init", None)) and callable(getattr(optimizer, "update", None))):
        raise TypeError(
            "optimizer must have init(params) and update(params, grads, state, lr=None) "
            f"(e.g. helpers.optim.SGD(lr=0.1)), got {type(optimizer).__name__}"
        )


def _lr_for_epoch(schedule, epoch, optimizer):
    if schedule is None:
        return check_positive("optimizer.lr", optimizer.lr)
    lr = schedule(epoch)
    if isinstance(lr, np.ndarray) and lr.ndim == 0:
        lr = lr.item()
    return check_positive(f"schedule({epoch})", lr)


def train(
    optimizer,
    loss_and_grad: Callable,
    params,
    X,
    y,
    *,
    make_batches: Callable,
    batch_size: int,
    n_epochs: int,
    rng: np.random.Generator,
    schedule: Callable | None = None,
    eval_fn: Callable | None = None,
) -> History:
    r"""Mini-batch training with any optimizer and an optional learning-rate schedule.

    For each epoch :math:`e = 1, \dots, n_\text{epochs}`: set
    :math:`\alpha_e` = ``schedule(e)`` (or ``optimizer.lr``); cut the data into
    mini-batches with one call ``make_batches(X, y, batch_size, rng)``, and for
    each mini-batch :math:`(X^{\{t\}}, y^{\{t\}})`::

        J, grads = loss_and_grad(params, X_t, y_t)
        params, state = optimizer.update(params, grads, state, lr=alpha_e)

    With lesson 04's ``make_mini_batches`` (one ``rng.permutation(m)`` per epoch,
    consecutive slices of ``batch_size`` rows, the last one holding the
    remainder) and ``SGD``, this loop reproduces lesson 04's ``minibatch_gd``
    with the same ``rng``.

    Parameters
    ----------
    optimizer : helpers.optim.Optimizer
        Anything with ``init(params) -> state`` and
        ``update(params, grads, state, lr=None) -> (params, state)``.
    loss_and_grad : callable
        ``loss_and_grad(params, X_batch, y_batch) -> (loss, grads)``; ``grads``
        has the structure of ``params``.
    params : ndarray or dict of ndarray
        Initial parameters; **updated in place** (and returned in the history).
    X : array_like, shape (m, n)
        Inputs, one example per row.
    y : array_like, shape (m,) or (m, ...)
        Targets, one per row of ``X``.
    make_batches : callable
        ``make_batches(X, y, batch_size, rng) -> iterable of (X_t, y_t)``, called
        once per epoch: lesson 04's ``make_mini_batches`` (your own, or the one a
        later lesson carries in ``earlier_lessons``). Every row of ``X_t`` is a
        row of ``X``; the batch sizes must add up to ``m``.
    batch_size : int
        ``>= 1``; ``batch_size >= m`` gives batch gradient descent, 1 gives
        stochastic gradient descent.
    n_epochs : int
        ``>= 1``.
    rng : numpy.random.Generator
        Source of the shuffles (one permutation per epoch).
    schedule : callable, optional
        ``schedule(epoch) -> lr`` with ``epoch`` counted from 1, e.g.
        ``lambda epoch: exponential_decay(0.1, epoch)`` with lesson 09's
        ``exponential_decay``. Default: the constant ``optimizer.lr``.
    eval_fn : callable, optional
        ``eval_fn(params) -> float``, called after each epoch (e.g. the
        full-batch cost or a test accuracy).

    Returns
    -------
    History
        Per-update costs, per-epoch costs, per-epoch learning rates, the
        ``eval_fn`` values, the final parameters and optimizer state. Nothing
        is printed.

    Raises
    ------
    TypeError
        ``optimizer`` lacks ``init``/``update``; ``make_batches``,
        ``loss_and_grad``, ``schedule`` or ``eval_fn`` not callable; ``rng``
        not a Generator; ``batch_size`` or ``n_epochs`` not an integer.
    ValueError
        ``X`` not 2-D; ``len(y) != len(X)``; ``batch_size < 1``;
        ``n_epochs < 1``; a schedule value ``<= 0``; the mini-batches of an
        epoch do not hold ``m`` examples in all; the cost becomes NaN or
        infinite (the message gives the update and epoch: usually a learning
        rate that is too large); any error of the optimizer's update (e.g.
        non-finite gradients), prefixed with the update and epoch.
    """
    _check_optimizer(optimizer)
    if not callable(loss_and_grad):
        raise TypeError(f"loss_and_grad must be callable, got {type(loss_and_grad).__name__}")
    if not callable(make_batches):
        raise TypeError("make_batches must be callable (X, y, batch_size, rng) -> mini-batches, "
                        f"e.g. lesson 04's make_mini_batches; got {type(make_batches).__name__}")
    X = as_float_array("X", X, ndim=2)
    y = np.asarray(y)
    if y.ndim == 0 or y.shape[0] != X.shape[0]:
        raise ValueError(
            f"y must have one entry per row of X ({X.shape[0]}), got shape {y.shape}"
        )
    batch_size = check_int("batch_size", batch_size, minimum=1)
    n_epochs = check_int("n_epochs", n_epochs, minimum=1)
    rng = check_rng("rng", rng)
    if schedule is not None and not callable(schedule):
        raise TypeError(f"schedule must be callable (epoch -> lr) or None, got {type(schedule).__name__}")
    if eval_fn is not None and not callable(eval_fn):
        raise TypeError(f"eval_fn must be callable (params -> float) or None, got {type(eval_fn).__name__}")

    m = X.shape[0]
    if m == 0:
        raise ValueError("X must hold at least one example, got 0 rows")
    state = optimizer.init(params)
    costs = []
    epoch_costs = np.empty(n_epochs)
    lrs = np.empty(n_epochs)
    evals = np.empty(n_epochs) if eval_fn is not None else None

    k = 0
    for epoch in range(1, n_epochs + 1):
        lr = _lr_for_epoch(schedule, epoch, optimizer)
        lrs[epoch - 1] = lr
        weighted, seen = 0.0, 0
        for X_t, y_t in make_batches(X, y, batch_size, rng):  # one shuffle per epoch
            loss, grads = loss_and_grad(params, X_t, y_t)
            loss = float(loss)
            if not math.isfinite(loss):
                raise ValueError(
                    f"the cost became {loss} at update {k + 1} (epoch {epoch}, lr={lr:g}): "
                    "training diverged; try a smaller learning rate"
                )
            try:
                params, state = optimizer.update(params, grads, state, lr=lr)
            except (ValueError, TypeError) as exc:
                kind = ValueError if isinstance(exc, ValueError) else TypeError
                raise kind(f"update {k + 1} (epoch {epoch}, lr={lr:g}): {exc}") from exc
            costs.append(loss)
            weighted += loss * X_t.shape[0]
            seen += X_t.shape[0]
            k += 1
        if seen != m:
            raise ValueError(f"make_batches gave {seen} examples in epoch {epoch}, expected all m = {m}")
        epoch_costs[epoch - 1] = weighted / m
        if evals is not None:
            evals[epoch - 1] = float(eval_fn(params))
    return History(costs=np.array(costs), epoch_costs=epoch_costs, lrs=lrs, evals=evals, params=params, state=state)


def run_on_function(optimizer, grad_fn: Callable, x0, n_steps: int, *, schedule: Callable | None = None):
    r"""Trajectory of an optimizer on a function: ``x_{k+1} = update(x_k, grad_fn(x_k))``.

    Parameters
    ----------
    optimizer : helpers.optim.Optimizer
        E.g. ``SGD(lr=0.1)`` or ``StepRule(momentum_step, ("v",), lr=0.1, beta=0.9)``;
        a fresh state is created from ``x0``.
    grad_fn : callable
        ``grad_fn(x) -> gradient`` with the shape of ``x``.
    x0 : array_like, any shape (a point of the landscape, e.g. shape (2,))
        Starting point; not modified (it is copied to float64).
    n_steps : int
        Number of updates, ``>= 0``.
    schedule : callable, optional
        ``schedule(step) -> lr`` with ``step`` counted from 1; default
        ``optimizer.lr``.

    Returns
    -------
    ndarray, shape (n_steps + 1, *x0.shape)
        ``x_0, x_1, ..., x_{n_steps}``; row 0 is ``x0``.

    Raises
    ------
    TypeError
        ``optimizer`` lacks ``init``/``update``; ``grad_fn`` not callable;
        ``n_steps`` not an integer.
    ValueError
        ``n_steps < 0``; ``grad_fn`` returns a gradient of the wrong shape or
        a non-finite one (the message gives the step: the iterates diverged).
    """
    _check_optimizer(optimizer)
    if not callable(grad_fn):
        raise TypeError(f"grad_fn must be callable, got {type(grad_fn).__name__}")
    n_steps = check_int("n_steps", n_steps, minimum=0)
    x = as_float_array("x0", x0).astype(np.float64, copy=True)
    trajectory = np.empty((n_steps + 1, *x.shape))
    trajectory[0] = x
    state = optimizer.init(x)
    for k in range(1, n_steps + 1):
        g = np.asarray(grad_fn(x.copy()), dtype=np.float64)
        if g.shape != x.shape:
            raise ValueError(f"grad_fn must return an array of shape {x.shape}, got {g.shape}")
        if not np.all(np.isfinite(g)):
            raise ValueError(
                f"grad_fn returned a non-finite gradient at step {k} (x = {trajectory[k - 1]}): "
                "the iterates diverged; try a smaller learning rate"
            )
        lr = None if schedule is None else _lr_for_epoch(schedule, k, optimizer)
        x, state = optimizer.update(x, g, state, lr=lr)
        trajectory[k] = x
    return trajectory

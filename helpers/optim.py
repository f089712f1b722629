"""The optimizer framework of the shared training loop: parameter trees, explicit state, steps.

- :class:`Optimizer`: hyperparameters at construction, ``init(params) -> OptState``,
  ``update(params, grads, state, lr=None) -> (params, state)`` on one array or a dict of
  arrays, **in place**. :func:`helpers.train.train` and lesson 10's ``steps_to_escape`` drive any of them.
- :class:`SGD` and :func:`sgd_step`: plain gradient descent, ``w <- w - lr * dw``.
- :class:`StepRule`: an optimizer made from a *step function*
  ``step(w, dw, *slots, [t,] lr=lr, **hyper) -> (w, *slots)`` -- e.g. the ``momentum_step``,
  ``rmsprop_step`` or ``adam_step`` a student writes in lessons 06-08, or the earlier lessons'
  versions a later release carries::

      StepRule(momentum_step, ("v",), lr=0.1, beta=0.9)
      StepRule(rmsprop_step, ("s",), lr=0.01, beta2=0.99)
      StepRule(adam_step, ("m", "v"), lr=1e-3, counts_steps=True)   # t = 1, 2, ...

The graded update rules themselves (momentum, RMSprop, Adam) are not here: they are the
exercises of lessons 06-08.

Speed. Every update rule here and in the grader is written in textbook form: the update
equations as NumPy expressions, one temporary array per operator, which is plenty for the
course's parameter arrays (a few thousand numbers). How to make the same steps stream memory
once on 10^7 parameters (chunks, scratch buffers, ``out=``) is the "making it fast" appendix,
``bench/fast_optim.py``; ``make bench`` measures both against the copy roofline and PyTorch.

Conventions (how the course's update rules map to PyTorch and optax)
--------------------------------------------------------------------
- Step counter: ``t`` counts updates from 1 (the first step is ``t = 1``), as in
  PyTorch (``state['step']`` is incremented before use) and optax (``count``
  incremented before the correction). ``OptState.t`` holds the number of
  updates done so far (0 after ``init``).
- Adam: the same algorithm as ``torch.optim.Adam(lr, betas=(beta1, beta2), eps)``
  (``amsgrad=False, weight_decay=0``) and ``optax.adam(lr, b1, b2, eps,
  eps_root=0)``: all three store the *uncorrected* moments, correct with
  ``1 - beta**t`` and add ``eps`` outside the square root.
- RMSprop: the same formula as ``torch.optim.RMSprop(lr, alpha=beta2, eps)``
  (eps outside the square root; ``centered=False, momentum=0``). Not identical to
  ``optax.rmsprop``, which adds ``eps`` *inside* the square root
  (``g / sqrt(nu + eps)``), nor to Keras/TensorFlow's, which also puts ``epsilon``
  inside (``lr g / sqrt(velocity + epsilon)``); both default to a decay of 0.9
  (``decay`` / ``rho``), and Keras' ``epsilon`` is 1e-7.
- Momentum: the course's form is the exponentially weighted (damped) one,
  ``v = beta v + (1 - beta) dw``. ``torch.optim.SGD(momentum=beta,
  dampening=0)`` and ``optax.sgd(momentum=beta)`` use the undamped
  ``b = beta b + g`` with first step ``b = g``. From ``v_0 = 0`` one gets
  ``v_t = (1 - beta) b_t`` for every ``t``, so the course's trajectory with
  learning rate ``lr`` is exactly PyTorch's with ``lr_torch = lr * (1 - beta)``
  (equal in exact arithmetic; to rounding in floats). PyTorch's
  ``dampening=beta`` is *not* the course's form: its first step still sets
  ``b = g`` (not ``(1 - beta) g``), a difference that decays like ``beta**t``.
"""

from __future__ import annotations

from typing import Union

import numpy as np

from ._validate import (
    as_float_array,
    check_finite,
    check_int,
    check_positive,
    check_unit_interval,
)

__all__ = [
    "sgd_step",
    "OptState",
    "Optimizer",
    "SGD",
    "StepRule",
    "adagrad_step",
    "nesterov_step",
    "PerUpdateSchedule",
]

Params = Union[np.ndarray, dict]


# --------------------------------------------------------------------------- #
# Validation of the arrays of one step.
# --------------------------------------------------------------------------- #
def _shares(a, b) -> bool:
    if not np.may_share_memory(a, b):  # bounds only: O(1)
        return False
    try:
        return bool(np.shares_memory(a, b, max_work=10_000))
    except Exception:  # pragma: no cover - TooHardError on exotic strided views
        return True


def _check_layout(w, dw, states, names):
    """Check everything about the arrays of one step but their values; return ``dw`` as an array.

    ``w`` and the state arrays are updated in place, so they must be writeable floating
    ndarrays of one shape and dtype; ``dw`` must have that shape; no two of them may share
    memory. ``names`` = (name of w, name of dw, names of the states...), used in the error
    messages only.
    """
    if not isinstance(w, np.ndarray):
        raise TypeError(
            f"{names[0]} must be a numpy.ndarray (it is updated in place), got {type(w).__name__}"
        )
    if w.dtype.kind != "f":
        raise TypeError(
            f"{names[0]} must have a floating dtype (float32 or float64), got {w.dtype}; "
            f"convert it with {names[0]}.astype(float)"
        )
    if not w.flags.writeable:
        raise ValueError(f"{names[0]} is read-only; it must be writeable to be updated in place")
    if not isinstance(dw, np.ndarray) or dw.dtype.kind != "f":
        dw = as_float_array(names[1], dw)
    shape = w.shape
    if dw.shape != shape:
        raise ValueError(f"{names[1]} must have the same shape as {names[0]} {shape}, got {dw.shape}")
    for i, s in enumerate(states, start=2):
        if not isinstance(s, np.ndarray):
            raise TypeError(
                f"{names[i]} must be a numpy.ndarray (optimizer state, updated in place), "
                f"got {type(s).__name__}"
            )
        if s.shape != shape:
            raise ValueError(f"{names[i]} must have the same shape as {names[0]} {shape}, got {s.shape}")
        if s.dtype != w.dtype:
            raise TypeError(
                f"{names[i]} must have the same dtype as {names[0]} ({w.dtype}), got {s.dtype}; "
                f"create it with np.zeros_like({names[0]})"
            )
        if not s.flags.writeable:
            raise ValueError(f"{names[i]} is read-only; it must be writeable to be updated in place")
    # No two of w, dw and the states may overlap: updating one would change another
    # mid-step (e.g. m = v = np.zeros_like(w) makes m and v the same array).
    targets = (w, *states)
    for i, a in enumerate(targets):
        if _shares(dw, a):
            raise ValueError(
                f"{names[1]} and {names[0 if i == 0 else i + 1]} share memory; "
                "pass a separate gradient array"
            )
        for j in range(i + 1, len(targets)):
            if _shares(a, targets[j]):
                a_name, b_name = names[0 if i == 0 else i + 1], names[j + 1]
                raise ValueError(
                    f"{a_name} and {b_name} share memory; each must be its own array "
                    f"(e.g. m = np.zeros_like(w); v = np.zeros_like(w), not m = v = ...)"
                )
    return dw


def _check_arrays(w, dw, states, names):
    """Validate the arrays of one step (:func:`_check_layout`, then a finite ``dw``); return ``dw``."""
    dw = _check_layout(w, dw, states, names)
    check_finite(names[1], dw)
    return dw


# --------------------------------------------------------------------------- #
# The step functions (contract signatures).
# --------------------------------------------------------------------------- #
def sgd_step(w, dw, lr):
    r"""One plain gradient-descent step, in place: :math:`w \leftarrow w - \alpha\, dW`.

    Parameters
    ----------
    w : ndarray of float32 or float64, any shape
        Parameters; **updated in place**.
    dw : array_like, same shape as ``w``
        Gradient of the cost with respect to ``w``; must be finite.
    lr : float
        Learning rate :math:`\alpha > 0`.

    Returns
    -------
    w : ndarray
        The same object that was passed in, updated.

    Raises
    ------
    TypeError
        ``w`` not a floating ndarray; ``lr`` not a real number.
    ValueError
        Shapes differ; ``lr <= 0`` or not finite; ``dw`` holds NaN/inf;
        ``dw`` shares memory with ``w``; ``w`` read-only.
    """
    lr = check_positive("lr", lr)
    dw = _check_arrays(w, dw, (), ("w", "dw"))
    w -= lr * dw
    return w


# --------------------------------------------------------------------------- #
# Optimizer objects with explicit state.
# --------------------------------------------------------------------------- #
class OptState:
    """Explicit optimizer state, created by ``Optimizer.init`` and updated in place by ``update``.

    Parameters
    ----------
    t : int, default 0
        Number of updates done so far (0 after ``init``; the next update uses
        step index ``t + 1``).
    **slots : ndarray or dict of ndarray
        The state arrays ("slots") of the optimizer, by name, e.g. ``v``
        (momentum's velocity), ``s`` (RMSprop), ``m`` and ``v`` (Adam). Each
        array has the shape and dtype of the parameter it belongs to and is
        keyed like the parameters when they are a dict.

    Attributes
    ----------
    t : int
        As above.
    m, v, s : ndarray or dict of ndarray or None
        The usual slots; ``None`` when this optimizer has no such slot. Other
        slot names given at construction are attributes too.
    """

    m: Params | None = None
    v: Params | None = None
    s: Params | None = None

    def __init__(self, t: int = 0, **slots):
        self.t = t
        for name, value in slots.items():
            setattr(self, name, value)

    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"OptState({fields})"


def _items(name: str, tree) -> list:
    """Return ``[(key, array)]`` for one array (key ``None``) or a dict of arrays."""
    if isinstance(tree, np.ndarray):
        return [(None, tree)]
    if isinstance(tree, dict):
        if not tree:
            raise ValueError(f"{name} is an empty dict")
        return list(tree.items())
    raise TypeError(f"{name} must be a numpy.ndarray or a dict of them, got {type(tree).__name__}")


def _label(name: str, key) -> str:
    return name if key is None else f"{name}[{key!r}]"


def _get(name: str, tree, key, *, params_name="params"):
    if key is None:
        if isinstance(tree, dict):
            raise TypeError(f"{name} is a dict but {params_name} is a single array")
        return tree
    if not isinstance(tree, dict):
        raise TypeError(f"{name} must be a dict keyed like {params_name}, got {type(tree).__name__}")
    try:
        return tree[key]
    except KeyError:
        raise ValueError(f"{name} has no entry {key!r} (its keys must match {params_name})") from None


def _zeros_like(params):
    items = _items("params", params)
    for key, p in items:
        if p.dtype.kind != "f":
            raise TypeError(
                f"{_label('params', key)} must have a floating dtype, got {p.dtype}"
            )
    if isinstance(params, np.ndarray):
        return np.zeros_like(params)
    return {key: np.zeros_like(p) for key, p in items}


class Optimizer:
    """Base class: hyperparameters at construction, state from :meth:`init`, one step per :meth:`update`.

    Subclasses define ``_slots`` (names of the state arrays, in the order their
    step function takes them) and ``_step(w, dw, *slots, t, lr)``.
    """

    _slots: tuple[str, ...] = ()

    def __init__(self, lr):
        self.lr = check_positive("lr", lr)

    def init(self, params) -> OptState:
        """Return a fresh :class:`OptState` (``t = 0``, zero moments shaped like ``params``).

        Parameters
        ----------
        params : ndarray or dict of ndarray
            Floating parameter arrays (their values are not used).
        """
        _items("params", params)
        return OptState(t=0, **{name: _zeros_like(params) for name in self._slots})

    def update(self, params, grads, state: OptState, lr=None):
        """Apply one step to every parameter array, **in place**.

        Parameters
        ----------
        params : ndarray or dict of ndarray
            Updated in place.
        grads : ndarray or dict of ndarray
            Same structure (same keys) and shapes as ``params``; finite.
        state : OptState
            From :meth:`init`; its arrays are updated in place and ``state.t``
            is incremented.
        lr : float, optional
            Learning rate for this step (e.g. from a schedule); default
            ``self.lr``.

        Returns
        -------
        (params, state)
            The same objects, updated.

        Raises
        ------
        TypeError, ValueError
            Mismatched structure, shapes or dtypes; ``lr <= 0``; non-finite
            gradients; a ``state`` not created by this kind of optimizer.
        """
        if not isinstance(state, OptState):
            raise TypeError(f"state must be an OptState from {type(self).__name__}.init, got {type(state).__name__}")
        lr = check_positive("lr", self.lr if lr is None else lr)
        for name in self._slots:
            if getattr(state, name) is None:
                raise ValueError(
                    f"state.{name} is None: this state was not created by {type(self).__name__}.init"
                )
        items = _items("params", params)
        if isinstance(grads, dict) and isinstance(params, dict) and set(grads) != set(params):
            raise ValueError(
                f"grads keys {sorted(map(str, grads))} must match params keys {sorted(map(str, params))}"
            )
        t = check_int("state.t", state.t, minimum=0) + 1
        for key, w in items:
            dw = _get(_label("grads", key), grads, key)
            slots = [_get(_label(f"state.{n}", key), getattr(state, n), key) for n in self._slots]
            names = (_label("params", key), _label("grads", key)) + tuple(
                _label(f"state.{n}", key) for n in self._slots
            )
            self._step(w, dw, slots, names, t=t, lr=lr)
        state.t = t
        return params, state

    def _step(self, w, dw, slots, names, *, t, lr):  # pragma: no cover - abstract
        raise NotImplementedError

    def __repr__(self):
        fields = ", ".join(f"{k}={v!r}" for k, v in vars(self).items())
        return f"{type(self).__name__}({fields})"


class SGD(Optimizer):
    r"""Plain (mini-batch) gradient descent: :math:`w \leftarrow w - \alpha\, dW`.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\alpha > 0`.

    Notes
    -----
    Same as ``torch.optim.SGD(lr=lr)`` and ``optax.sgd(lr)``. The state holds
    only the step count ``t``.
    """

    def __init__(self, lr=0.01):
        super().__init__(lr)

    def _step(self, w, dw, slots, names, *, t, lr):
        dw = _check_arrays(w, dw, (), names)  # first, so that errors name params["W"] etc.
        sgd_step(w, dw, lr)


class StepRule(Optimizer):
    r"""An optimizer made from a step function: any update rule with per-parameter state arrays.

    Each :meth:`update` calls, for every parameter array ``w`` with gradient
    ``dw``,

    .. code-block:: python

        w, *slots = step(w, dw, *slots, lr=lr, **hyper)            # counts_steps=False
        w, *slots = step(w, dw, *slots, t, lr=lr, **hyper)         # counts_steps=True

    and writes the returned arrays back into ``w`` and the state (in place,
    so a step that updates its arguments in place and one that returns new
    arrays both work). ``t`` is the index of this update, counted from 1.

    Parameters
    ----------
    step : callable
        The step function, e.g. ``momentum_step(w, dw, v, lr, beta=0.9)`` or
        ``adam_step(w, dw, m, v, t, lr, ...)``. It must return the tuple
        ``(w, *slots)`` in the order it takes them.
    slots : tuple of str
        Names of the state arrays, in the order ``step`` takes them (e.g.
        ``("v",)``, ``("m", "v")``; ``()`` for none). Each starts as zeros
        shaped like its parameter and is available as ``state.<name>``.
    lr : float
        Learning rate :math:`\alpha > 0`, passed as ``lr=``; :meth:`update`'s
        ``lr`` overrides it for one step (schedules).
    counts_steps : bool, default False
        Pass the 1-based step index ``t`` positionally after the slots
        (Adam's bias correction needs it).
    **hyper
        Further keyword arguments of ``step`` (``beta=0.9``, ``eps=1e-8``, ...),
        passed unchanged on every call.

    Raises
    ------
    TypeError
        ``step`` not callable; ``slots`` not a tuple/list of str;
        ``counts_steps`` not a bool; ``lr`` not a real number.
    ValueError
        ``lr <= 0``; a slot name that is not an identifier, starts with
        ``_``, is ``t`` or repeats; ``hyper`` holding ``lr``.

    Notes
    -----
    Before each call the arrays are checked as for the built-in steps (float
    ``w``, same shapes and dtypes, finite ``dw``, no two arrays sharing
    memory); after it, the returned tuple must have ``1 + len(slots)``
    arrays of the right shapes, else :meth:`update` raises a ``TypeError`` /
    ``ValueError`` naming ``step``. The learning rate is always passed as a
    keyword, every hyperparameter as given.

    Examples
    --------
    Plain gradient descent written as a step rule:

    >>> def gd_step(w, dw, lr):
    ...     return (w - lr * dw,)
    >>> opt = StepRule(gd_step, (), lr=0.5)
    >>> w = np.array([1.0, -2.0])
    >>> state = opt.init(w)
    >>> w, state = opt.update(w, np.array([2.0, 2.0]), state)
    >>> w, state.t
    (array([ 0., -3.]), 1)
    """

    def __init__(self, step, slots, lr, *, counts_steps=False, **hyper):
        super().__init__(lr)
        if not callable(step):
            raise TypeError(f"step must be a function, got {type(step).__name__}")
        if isinstance(slots, str) or not isinstance(slots, (tuple, list)):
            raise TypeError(f"slots must be a tuple of names such as ('v',) or ('m', 'v'), got {slots!r}")
        slots = tuple(slots)
        for name in slots:
            if not isinstance(name, str):
                raise TypeError(f"slot names must be str, got {name!r}")
            if not name.isidentifier() or name.startswith("_") or name == "t":
                raise ValueError(f"slot name {name!r} must be an identifier, not 't', not starting with '_'")
        if len(set(slots)) != len(slots):
            raise ValueError(f"slot names must be distinct, got {slots!r}")
        if not isinstance(counts_steps, (bool, np.bool_)):
            raise TypeError(f"counts_steps must be True or False, got {counts_steps!r}")
        if "lr" in hyper:  # pragma: no cover - a duplicate keyword is a TypeError already
            raise ValueError("give the learning rate as lr, not inside hyper")
        self.step = step
        self._slots = slots
        self.counts_steps = bool(counts_steps)
        self.hyper = dict(hyper)

    def _step(self, w, dw, slots, names, *, t, lr):
        dw = _check_arrays(w, dw, slots, names)
        name = getattr(self.step, "__name__", "step")
        args = (w, dw, *slots, t) if self.counts_steps else (w, dw, *slots)
        out = self.step(*args, lr=lr, **self.hyper)
        n = 1 + len(slots)
        if isinstance(out, np.ndarray) and n == 1:
            out = (out,)
        if not isinstance(out, (tuple, list)) or len(out) != n:
            what = "(" + ", ".join(("w",) + self._slots) + ")"
            raise TypeError(
                f"{name} must return the tuple {what}, got "
                f"{type(out).__name__}{'' if not isinstance(out, (tuple, list)) else f' of length {len(out)}'}"
            )
        for label, target, new in zip((names[0], *names[2:]), (w, *slots), out):
            if new is target:
                continue
            new = np.asarray(new)
            if new.shape != target.shape:
                raise ValueError(
                    f"{name} returned {label} with shape {new.shape}, expected {target.shape}"
                )
            np.copyto(target, new, casting="same_kind")


# --------------------------------------------------------------------------- #
# Lesson 11 (practice): two more update rules and a per-update schedule.
# Not graded exercises; they run lesson 11's experiments.
# --------------------------------------------------------------------------- #
def adagrad_step(w, dw, s, lr, eps=1e-8):
    r"""One AdaGrad step, in place: an accumulator of squared gradients that never forgets.

    .. math::

        s \leftarrow s + dW^2, \qquad
        w \leftarrow w - \alpha\, \frac{dW}{\sqrt{s} + \varepsilon}

    RMSprop is the same rule with the sum replaced by an exponentially weighted
    average, ``s = beta2 * s + (1 - beta2) * dw**2``: AdaGrad with forgetting.
    Because ``s`` only grows, the effective step ``lr / (sqrt(s) + eps)`` only
    shrinks (like ``1 / sqrt(t)`` for gradients of constant size).

    Parameters
    ----------
    w : ndarray of float32 or float64, any shape
        Parameters; **updated in place**.
    dw : array_like, same shape as ``w``
        Gradient; must be finite.
    s : ndarray, same shape and dtype as ``w``
        Sum of the squared gradients so far (``zeros_like(w)`` at the start);
        **updated in place**.
    lr : float
        Learning rate :math:`\alpha > 0`.
    eps : float, default 1e-8
        :math:`\varepsilon > 0`, added outside the square root.

    Returns
    -------
    (w, s) : tuple of ndarray
        The same objects that were passed in, updated.

    Raises
    ------
    TypeError
        ``w`` or ``s`` not a floating ndarray of one dtype; ``lr`` or ``eps`` not a number.
    ValueError
        Shapes differ; ``lr <= 0``; ``eps <= 0``; ``dw`` holds NaN/inf; arrays share memory.

    Notes
    -----
    Same as ``torch.optim.Adagrad(lr=lr, eps=eps)`` (``lr_decay=0``,
    ``initial_accumulator_value=0``), which also adds ``eps`` outside the root.
    """
    lr = check_positive("lr", lr)
    eps = check_positive("eps", eps)
    dw = _check_arrays(w, dw, (s,), ("w", "dw", "s"))
    s += dw * dw
    w -= lr * dw / (np.sqrt(s) + eps)
    return w, s


def nesterov_step(w, dw, v, lr, beta=0.9):
    r"""One step of Nesterov momentum in the form libraries implement, in place.

    .. math::

        v \leftarrow \beta v + (1 - \beta)\, dW, \qquad
        w \leftarrow w - \alpha\, \big(\beta v + (1 - \beta)\, dW\big)

    ``dW`` is the gradient at the current ``w``. The step looks one momentum
    step ahead: it uses the velocity *after* this update once more, which is
    the look-ahead rule ``v <- beta v + (1 - beta) grad(w - alpha beta v)``,
    ``w <- w - alpha v`` rewritten in the variable ``w - alpha beta v`` so that
    only the gradient at the stored parameters is needed. Written with the
    course's damped velocity (lesson 06); with ``b = v / (1 - beta)`` it is
    ``torch.optim.SGD(lr=lr * (1 - beta), momentum=beta, nesterov=True)``.

    Parameters
    ----------
    w : ndarray of float32 or float64, any shape
        Parameters; **updated in place**.
    dw : array_like, same shape as ``w``
        Gradient at ``w``; must be finite.
    v : ndarray, same shape and dtype as ``w``
        Velocity (``zeros_like(w)`` at the start); **updated in place**.
    lr : float
        Learning rate :math:`\alpha > 0`.
    beta : float, default 0.9
        Momentum, in ``[0, 1)``.

    Returns
    -------
    (w, v) : tuple of ndarray
        The same objects that were passed in, updated.

    Raises
    ------
    TypeError
        ``w`` or ``v`` not a floating ndarray of one dtype; ``lr`` or ``beta`` not a number.
    ValueError
        Shapes differ; ``lr <= 0``; ``beta`` outside ``[0, 1)``; ``dw`` holds NaN/inf;
        arrays share memory.
    """
    lr = check_positive("lr", lr)
    beta = check_unit_interval("beta", beta)
    dw = _check_arrays(w, dw, (v,), ("w", "dw", "v"))
    v *= beta
    v += (1.0 - beta) * dw
    w -= lr * (beta * v + (1.0 - beta) * dw)
    return w, v


class PerUpdateSchedule(Optimizer):
    r"""An optimizer whose learning rate follows a schedule of the update index ``t``.

    ``update`` applies ``inner.update(params, grads, state, lr=schedule(t))`` with
    ``t = state.t + 1`` (counted from 1): a warmup or a cosine decay changes the rate
    at every mini-batch, not once per epoch. A learning rate passed to
    :meth:`update` (e.g. the constant one :func:`helpers.train.train` passes when it
    has no schedule of its own) is **multiplied** into the scheduled one as a factor
    relative to ``inner.lr``; with the default loop this factor is 1.

    Parameters
    ----------
    inner : Optimizer
        The update rule (``StepRule(adamw_step, ...)``, ``SGD``, ...). Its ``lr`` is
        the reference the factor above is measured against.
    schedule : callable
        ``schedule(t) -> lr > 0`` for ``t = 1, 2, ...``.

    Raises
    ------
    TypeError
        ``inner`` not an :class:`Optimizer`; ``schedule`` not callable.
    ValueError
        (from :meth:`update`) a scheduled rate that is not a finite number > 0.
    """

    def __init__(self, inner, schedule):
        if not isinstance(inner, Optimizer):
            raise TypeError(f"inner must be an Optimizer (e.g. SGD(0.1)), got {type(inner).__name__}")
        if not callable(schedule):
            raise TypeError(f"schedule must be callable (t -> lr), got {type(schedule).__name__}")
        super().__init__(inner.lr)
        self.inner = inner
        self.schedule = schedule
        self._slots = inner._slots

    def init(self, params) -> OptState:
        return self.inner.init(params)

    def update(self, params, grads, state: OptState, lr=None):
        """One step of ``inner`` with the rate ``schedule(state.t + 1)`` (times ``lr / inner.lr``)."""
        if not isinstance(state, OptState):
            raise TypeError(f"state must be an OptState from PerUpdateSchedule.init, got {type(state).__name__}")
        t = check_int("state.t", state.t, minimum=0) + 1
        rate = self.schedule(t)
        if isinstance(rate, np.ndarray) and rate.ndim == 0:
            rate = rate.item()
        rate = check_positive(f"schedule({t})", rate)
        if lr is not None:
            rate *= check_positive("lr", lr) / self.inner.lr
        return self.inner.update(params, grads, state, lr=rate)

r"""Lesson 06 (momentum): the reference ``momentum_step``, its optimizer, and the grader's wrong versions.

.. math::

    v \leftarrow \beta v + (1 - \beta)\, dW, \qquad w \leftarrow w - \alpha v

:func:`momentum_step` is the textbook form: the argument checks, then the two equations as
NumPy expressions, updating ``v`` and ``w`` in place. :class:`Momentum` is the same rule as an
optimizer object for :func:`helpers.train.train`. (The chunked version that streams memory once
on 10^7 parameters is ``bench/fast_optim.py``, the "making it fast" appendix; ``make bench``
measures both.)

A later lesson's release may carry ``momentum_step`` with ``EARLIER = {"grader.momentum":
CARRY}``: :data:`CARRY` lists it with the private functions it calls (none: its checks come
from its top-level imports, none of which imports the grader).

Instructor-only (see :mod:`grader`).
"""

from __future__ import annotations

import numpy as np

from helpers._validate import check_positive, check_unit_interval
from helpers.optim import Optimizer, _check_arrays

from grader.mistakes import Wrong

__all__ = ["LESSON", "EARLIER", "CARRY", "momentum_step", "Momentum", "stable_lr_limit",
           "hidden_stable_lr_limit_values", "hidden_stable_lr_limit_errors", "hidden_momentum_step_by_hand",
           "hidden_momentum_step_trajectory", "hidden_momentum_step_defaults", "hidden_momentum_step_inputs", "WRONGS", "NBGRADER"]

LESSON = "06_momentum"

#: Lesson 06's experiments use the EWMA of lesson 05 (the averaged zig-zag gradients).
EARLIER = {"grader.ewma": ("ewma", "_correction_factor")}

#: What a later release lists to carry :func:`momentum_step` (self-contained).
CARRY = ("momentum_step",)


def momentum_step(w, dw, v, lr, beta=0.9):
    r"""One step of gradient descent with momentum, in place.

    .. math::

        v &\leftarrow \beta\, v + (1 - \beta)\, dW \\
        w &\leftarrow w - \alpha\, v

    Parameters
    ----------
    w : ndarray of float32 or float64, any shape
        Parameters; **updated in place**.
    dw : array_like, same shape as ``w``
        Gradient; must be finite.
    v : ndarray, same shape and dtype as ``w``
        Velocity (EWMA of the gradients), ``zeros_like(w)`` before the first
        step; **updated in place**.
    lr : float
        Learning rate :math:`\alpha > 0`.
    beta : float, default 0.9
        Momentum, ``0 <= beta < 1`` (``beta = 0`` is plain gradient descent).

    Returns
    -------
    (w, v) : tuple of ndarray
        The same objects that were passed in, updated.

    Raises
    ------
    TypeError
        ``w`` or ``v`` not a floating ndarray; ``v.dtype != w.dtype``;
        a hyperparameter not a real number.
    ValueError
        Shapes differ; ``lr <= 0``; ``beta`` outside ``[0, 1)``; ``dw`` holds
        NaN/inf; ``w``, ``dw``, ``v`` share memory.

    Notes
    -----
    PyTorch's ``SGD(momentum=beta, dampening=0)`` keeps ``b = beta b + dw``
    (first step ``b = dw``); since ``v = (1 - beta) b`` at every step, this
    step with ``lr`` equals PyTorch's with ``lr * (1 - beta)``. See the
    :mod:`helpers.optim`'s "Conventions".
    """
    lr = check_positive("lr", lr)
    beta = check_unit_interval("beta", beta)
    dw = _check_arrays(w, dw, (v,), ("w", "dw", "v"))
    v[...] = beta * v + (1 - beta) * dw
    w -= lr * v
    return w, v


class Momentum(Optimizer):
    r"""Gradient descent with momentum (see :func:`momentum_step`).

    :math:`v \leftarrow \beta v + (1-\beta)\, dW`, :math:`w \leftarrow w - \alpha v`;
    state: ``v`` (velocity) and ``t``.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\alpha > 0`.
    beta : float, default 0.9
        ``0 <= beta < 1``.

    Notes
    -----
    Equals ``torch.optim.SGD(lr=lr * (1 - beta), momentum=beta, dampening=0)``
    (see :mod:`helpers.optim`'s "Conventions").
    """

    _slots = ("v",)

    def __init__(self, lr=0.01, beta=0.9):
        super().__init__(lr)
        self.beta = check_unit_interval("beta", beta)

    def _step(self, w, dw, slots, names, *, t, lr):
        dw = _check_arrays(w, dw, slots, names)  # first, so that errors name params["W"] etc.
        momentum_step(w, dw, *slots, lr, self.beta)


# --------------------------------------------------------------------------- #
# Exercise 2 (derived, not printed in the lesson): momentum's largest stable learning rate.
# --------------------------------------------------------------------------- #
def stable_lr_limit(beta, lam_max):
    r"""The largest learning rate for which momentum (the course's EWMA form) converges on a
    quadratic whose largest curvature is ``lam_max``.

    Along a direction of curvature :math:`\lambda` the pair :math:`(w, v)` is multiplied at every
    step by :math:`M = \begin{pmatrix} 1-\alpha(1-\beta)\lambda & -\alpha\beta \\ (1-\beta)\lambda & \beta \end{pmatrix}`,
    with :math:`\det M = \beta` and :math:`\operatorname{tr} M = 1 + \beta - \alpha(1-\beta)\lambda`.
    Both eigenvalues lie inside the unit circle iff :math:`|\operatorname{tr} M| < 1 + \det M`, i.e.
    :math:`0 < \alpha < 2(1+\beta)/((1-\beta)\lambda)`; the steepest direction decides.

    Parameters
    ----------
    beta : float
        Momentum's decay rate, in ``[0, 1)`` (``0``: gradient descent, limit ``2 / lam_max``).
    lam_max : float
        Largest curvature (eigenvalue of the Hessian), ``> 0``.

    Returns
    -------
    float
        :math:`2(1+\beta)/((1-\beta)\lambda_\max)`: the run converges for every learning rate
        below it and diverges above it.

    Raises
    ------
    TypeError
        ``beta`` or ``lam_max`` not a real number.
    ValueError
        ``beta`` outside ``[0, 1)``; ``lam_max <= 0`` or not finite.
    """
    beta = check_unit_interval("beta", beta)
    lam_max = check_positive("lam_max", lam_max)
    return 2.0 * (1.0 + beta) / ((1.0 - beta) * lam_max)


def _limit_mistakes(beta, lam):
    """What the named mistakes return for (beta, lam_max)."""
    return {
        "gradient descent's limit 2 / lam_max: beta left out": 2 / lam,
        "the limit of the undamped form u = beta u + dw, 2 (1 + beta) / lam_max: the course's "
        "(1 - beta) factor left out": 2 * (1 + beta) / lam,
        "only one side of the stability condition used: (1 + beta) missing, 2 / ((1 - beta) lam_max)":
            2 / ((1 - beta) * lam),
        "a factor 2 lost: (1 + beta) / ((1 - beta) lam_max)": (1 + beta) / ((1 - beta) * lam),
    }


def hidden_stable_lr_limit_values(student):
    """Hidden checks of ``test_stable_lr_limit_values``: the limit for ``beta`` from 0 to 0.99
    and curvatures from 0.01 to 400 against :func:`stable_lr_limit`, with named mistakes.

    Parameters
    ----------
    student : callable
        The student's ``stable_lr_limit``.
    """
    from helpers import grading as G
    for beta, lam in [(0.0, 4.0), (0.3, 25.0), (0.57, 50.0), (0.8, 0.01), (0.95, 400.0), (0.99, 2.5)]:
        out = G.call(student, beta, lam)
        hints = _limit_mistakes(beta, lam) if beta > 0 else {}
        G.check_close(out, stable_lr_limit(beta, lam), f"stable_lr_limit(beta={beta}, lam_max={lam})",
                      rtol=1e-9, hints=hints)


def hidden_stable_lr_limit_errors(student):
    """Hidden checks of ``test_stable_lr_limit_errors``: ``beta`` outside ``[0, 1)`` and
    ``lam_max <= 0`` raise ``ValueError``.

    Parameters
    ----------
    student : callable
        The student's ``stable_lr_limit``.
    """
    from helpers import grading as G
    for beta, lam in [(1.5, 25.0), (-0.2, 25.0), (0.9, -3.0), (0.5, 0.0)]:
        G.check_raises(student, ValueError, beta, lam, what=f"stable_lr_limit(beta={beta}, lam_max={lam})")


# --------------------------------------------------------------------------- #
# Hidden checks: the hidden part of each graded test cell that has one calls the function
# named after it (``test_<name>`` -> ``hidden_<name>``). They run in the trusted judge
# (coursekit.judge), where ``student`` is a stand-in for the student's ``momentum_step``,
# called only through ``G.call`` / ``G.check_vectorized``. ``helpers.grading`` is imported
# inside them, not at the top: later releases carry this module's top-level imports.
# --------------------------------------------------------------------------- #
def hidden_momentum_step_by_hand(student):
    """Hidden checks of ``test_momentum_step_by_hand``: the same two steps (from ``v = 0``, then
    from a nonzero ``v``) on fresh inputs, against :func:`momentum_step`, with the visible hints.

    Parameters
    ----------
    student : callable
        The student's ``momentum_step``.
    """
    from helpers import grading as G
    g = np.random.default_rng(64)
    L, B = 0.2, 0.7
    w, dw = g.standard_normal(3), g.standard_normal(3)
    # a step from v = 0
    out = G.call(student, w.copy(), dw.copy(), np.zeros(3), L, B)
    G.check_true(isinstance(out, tuple) and len(out) == 2,
                 "momentum_step must return the pair (w, v): the new parameters and the new velocity")
    rw, rv = momentum_step(w.copy(), dw.copy(), np.zeros(3), L, B)
    G.check_close(out[1], rv, f"the new velocity v after one step from v = 0 (lr = {L}, beta = {B})",
                  hints={"the (1 - beta) factor left out (v = beta * v + dw)": dw,
                         "beta and (1 - beta) swapped (v = (1 - beta) * v + beta * dw)": B * dw,
                         "the learning rate folded into the velocity (v = beta * v - lr * dw)": -L * dw,
                         "the old velocity returned instead of the new one": np.zeros(3)})
    G.check_close(out[0], rw, f"the new w after one step from v = 0 (lr = {L}, beta = {B})",
                  hints={"the update made with the old velocity (w - lr * v before v is updated)": w,
                         "the sign of the update flipped (w + lr * v moves uphill)": w + L * rv,
                         "a full gradient step: either the (1 - beta) factor left out of v, "
                         "or w moved by lr * dw instead of lr * v": w - L * dw})
    # a step from a nonzero velocity
    w, dw, v = g.standard_normal(3), g.standard_normal(3), g.standard_normal(3)
    out = G.call(student, w.copy(), dw.copy(), v.copy(), L, B)
    rw, rv = momentum_step(w.copy(), dw.copy(), v.copy(), L, B)
    G.check_close(out[1], rv, f"the new velocity v after a step from a nonzero v (lr = {L}, beta = {B})",
                  hints={"the (1 - beta) factor left out (v = beta * v + dw)": B * v + dw,
                         "beta and (1 - beta) swapped (v = (1 - beta) * v + beta * dw)": (1 - B) * v + B * dw})
    G.check_close(out[0], rw, f"the new w after a step from a nonzero v (lr = {L}, beta = {B})",
                  hints={"the update made with the old velocity (w - lr * v before v is updated)": w - L * v})


def hidden_momentum_step_trajectory(student, w0, grads, ws, vs, *, lr, beta):
    """Hidden checks of ``test_momentum_step_trajectory``: the student's ``w`` and ``v`` over
    the visible part's steps against :func:`momentum_step` (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``momentum_step`` (the visible part already ran it; its results are
        ``ws`` and ``vs``).
    w0 : ndarray
        The starting parameters (``v`` starts at 0).
    grads : ndarray, shape (n, *w0.shape)
        The gradient of each step.
    ws, vs : ndarray, shape (n, *w0.shape)
        ``w`` and ``v`` returned by the student's function after each step.
    lr, beta : float
        The step's hyperparameters.
    """
    from helpers import grading as G
    shape, n = w0.shape, len(grads)

    def trajectory(rule):
        """w and v after each of the n steps of an update rule (w, dw, v) -> (w, v)."""
        w, v, ws, vs = w0.copy(), np.zeros(shape), [], []
        for k in range(n):
            w, v = rule(w.copy(), grads[k].copy(), v.copy())
            ws.append(w)
            vs.append(v)
        return np.array(ws), np.array(vs)

    L, B = lr, beta
    ref_w, ref_v = trajectory(lambda w, dw, v: momentum_step(w, dw, v, L, B))
    mistakes = {
        "the (1 - beta) factor left out (v = beta * v + dw)":
            lambda w, dw, v: (w - L * (B * v + dw), B * v + dw),
        "the update made with the old velocity (w - lr * v before v is updated)":
            lambda w, dw, v: (w - L * v, B * v + (1 - B) * dw),
        "beta and (1 - beta) swapped (v = (1 - beta) * v + beta * dw)":
            lambda w, dw, v: (w - L * ((1 - B) * v + B * dw), (1 - B) * v + B * dw),
        "the sign of the update flipped (w + lr * v)":
            lambda w, dw, v: (w + L * (B * v + (1 - B) * dw), B * v + (1 - B) * dw),
        "the learning rate folded into the velocity (v = beta * v - lr * dw, w = w + v)":
            lambda w, dw, v: (w + (B * v - L * dw), B * v - L * dw),
        "the learning rate folded into the velocity (v = beta * v + (1 - beta) * lr * dw, w = w - v)":
            lambda w, dw, v: (w - (B * v + (1 - B) * L * dw), B * v + (1 - B) * L * dw),
        "a plain gradient step (w - lr * dw) instead of a step along v":
            lambda w, dw, v: (w - L * dw, B * v + (1 - B) * dw),
    }
    hint_w = {name: trajectory(rule)[0] for name, rule in mistakes.items()}
    hint_v = {name: trajectory(rule)[1] for name, rule in mistakes.items()}
    G.check_close(vs, ref_v, f"the velocity over {n} steps (lr = {lr}, beta = {beta})", hints=hint_v)
    G.check_close(ws, ref_w, f"w over {n} steps (lr = {lr}, beta = {beta})", hints=hint_w)


def hidden_momentum_step_defaults(student, w, dw, v):
    """Hidden checks of ``test_momentum_step_defaults``: ``beta = 0`` is plain gradient descent,
    and parameters of any shape (3-D, 0-d) match :func:`momentum_step`.

    Parameters
    ----------
    student : callable
        The student's ``momentum_step``.
    w, dw, v : ndarray, shape (3,)
        The visible part's parameters, gradient and velocity.
    """
    from helpers import grading as G
    # beta = 0 is plain gradient descent
    out = G.call(student, w.copy(), dw.copy(), v.copy(), 0.5, 0.0)
    G.check_close(out[0], w - 0.5 * dw, "w with beta = 0 (momentum with beta = 0 is plain gradient descent)")
    G.check_close(out[1], dw, "v with beta = 0 (the velocity is then just the gradient)")
    # any shape: a 3-D parameter block, and a single number stored as a 0-d array
    g = np.random.default_rng(62)
    for shape in [(2, 3, 2), ()]:
        w, dw, v = (g.standard_normal(shape) for _ in range(3))
        out = G.call(student, np.array(w), np.array(dw), np.array(v), 0.3, 0.95)
        rw, rv = momentum_step(np.array(w), np.array(dw), np.array(v), 0.3, 0.95)
        G.check_close(out[0], rw, f"w for parameters of shape {shape}")
        G.check_close(out[1], rv, f"v for parameters of shape {shape}")


def hidden_momentum_step_inputs(student, dw, rng):
    """Hidden checks of ``test_momentum_step_inputs``: right values when ``w`` and ``v`` may be
    updated in place, and a vectorized step (no Python loop over the parameters).

    Parameters
    ----------
    student : callable
        The student's ``momentum_step``.
    dw : ndarray, shape (4, 5)
        The visible part's gradient.
    rng : numpy.random.Generator
        The visible part's generator, drawn on from where it stopped.
    """
    from helpers import grading as G
    # updating w and v in place is allowed, but the values returned must still be right
    w, v = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    expected_v = 0.9 * v + 0.1 * dw
    expected_w = w - 0.1 * expected_v
    out = G.call(student, w, dw, v, 0.1, 0.9)
    G.check_close(out[0], expected_w, "w returned when w and v may be updated in place")
    G.check_close(out[1], expected_v, "v returned when w and v may be updated in place")
    G.check_vectorized(student,
                       lambda n: (np.ones(n), np.full(n, 0.5), np.zeros(n), 0.1, 0.9),
                       "momentum_step", sizes=(8, 512))


# --------------------------------------------------------------------------- #
# The grader's proof: realistic wrong versions that must lose points.
# --------------------------------------------------------------------------- #
EXERCISE = "momentum_step"
HEAD = "import numpy as np\ndef momentum_step(w, dw, v, lr, beta=0.9):\n"

LIMIT = "stable_lr_limit"
LIMIT_HEAD = "import numpy as np\ndef stable_lr_limit(beta, lam_max):\n"
LIMIT_CHECK = """    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    if not lam_max > 0:
        raise ValueError(f"lam_max must be > 0, got {lam_max}")
"""
WRONGS_LIMIT = [
    Wrong(LIMIT, "gradient descent's limit (beta ignored)", LIMIT_HEAD + LIMIT_CHECK + "    return 2 / lam_max\n",
          message="still converges at 1.05"),
    Wrong(LIMIT, "the undamped form's limit", LIMIT_HEAD + LIMIT_CHECK + "    return 2 * (1 + beta) / lam_max\n",
          message="still converges at 1.05"),
    Wrong(LIMIT, "(1 + beta) missing", LIMIT_HEAD + LIMIT_CHECK + "    return 2 / ((1 - beta) * lam_max)\n",
          message="still converges at 1.05"),
    Wrong(LIMIT, "a factor 2 lost", LIMIT_HEAD + LIMIT_CHECK + "    return (1 + beta) / ((1 - beta) * lam_max)\n",
          message="a factor 2 lost"),
    Wrong(LIMIT, "no input checks", LIMIT_HEAD + "    return 2 * (1 + beta) / ((1 - beta) * lam_max)\n",
          message="expected ValueError"),
    # passes every visible check (they all use lam_max = 25): only the hidden values catch it
    Wrong(LIMIT, "hard-codes the lesson's curvature 25", LIMIT_HEAD + LIMIT_CHECK
          + "    return 2 * (1 + beta) / ((1 - beta) * 25.0)\n", message="stable_lr_limit(beta=0.0, lam_max=4.0)"),
]


WRONGS = [
    Wrong(EXERCISE, "no (1 - beta)", HEAD + """
    v = beta * v + dw
    return w - lr * v, v
""", message="(1 - beta) factor left out"),
    Wrong(EXERCISE, "update with the old velocity", HEAD + """
    w = w - lr * v
    v = beta * v + (1 - beta) * dw
    return w, v
""", message="update made with the old velocity"),
    Wrong(EXERCISE, "beta and 1 - beta swapped", HEAD + """
    v = (1 - beta) * v + beta * dw
    return w - lr * v, v
""", message="beta and (1 - beta) swapped"),
    Wrong(EXERCISE, "lecture 004 form (lr inside the velocity)", HEAD + """
    v = beta * v - lr * dw
    return w + v, v
""", message="learning rate folded into the velocity"),
    Wrong(EXERCISE, "mutates dw in place", HEAD + """
    dw *= (1 - beta)
    v *= beta
    v += dw
    w -= lr * v
    return w, v
""", message="dw was modified"),
    Wrong(EXERCISE, "sign flipped (moves uphill)", HEAD + """
    v = beta * v + (1 - beta) * dw
    return w + lr * v, v
""", message="sign of the update flipped"),
    Wrong(EXERCISE, "plain gradient step", HEAD + """
    v = beta * v + (1 - beta) * dw
    return w - lr * dw, v
""", message="plain gradient step"),
    Wrong(EXERCISE, "python loop over the elements", HEAD + """
    w = np.array(w, dtype=float)
    v = np.array(v, dtype=float)
    for i in np.ndindex(w.shape):
        v[i] = beta * v[i] + (1 - beta) * dw[i]
        w[i] = w[i] - lr * v[i]
    return w, v
""", message="Python loop"),
    Wrong(EXERCISE, "default beta 0.99", "import numpy as np\ndef momentum_step(w, dw, v, lr, beta=0.99):\n" + """
    v = beta * v + (1 - beta) * dw
    return w - lr * v, v
""", message="the default is beta = 0.9"),
    Wrong(EXERCISE, "returns only w", HEAD + """
    v = beta * v + (1 - beta) * dw
    return w - lr * v
""", message="must return the pair (w, v)"),
    Wrong(EXERCISE, "hard-codes the worked example", HEAD + """
    if np.array_equal(dw, [10.0, -20.0]):
        return np.array([0.9, 2.2]), np.array([1.0, -2.0])
    if np.array_equal(dw, [0.0, 10.0]):
        return np.array([0.81, 2.28]), np.array([0.9, -0.8])
    return w - lr * dw, dw
"""),
]

# Through real nbgrader (each one kernel start, ~8 s): the most common mistakes, one per test cell at least.
WRONGS += WRONGS_LIMIT
NBGRADER = ["no (1 - beta)", "update with the old velocity", "hard-codes the worked example",
            "gradient descent's limit (beta ignored)", "no input checks"]

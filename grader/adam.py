r"""Lesson 08 (Adam): the reference ``adam_step``, its optimizer, and the grader's wrong versions.

.. math::

    m \leftarrow \beta_1 m + (1-\beta_1)\, dW, \quad v \leftarrow \beta_2 v + (1-\beta_2)\, dW^2,
    \quad w \leftarrow w - \alpha\, \frac{m / (1-\beta_1^t)}{\sqrt{v / (1-\beta_2^t)} + \varepsilon}

:func:`adam_step` is the textbook form: the argument checks, then the equations as the lesson
writes them (the two moments, their bias corrections, the step), updating ``m``, ``v`` and ``w``
in place. :class:`Adam` is the same rule as an optimizer object. (The chunked version that reads
``w, dw, m, v`` and writes ``w, m, v`` about once on 10^7 parameters is ``bench/fast_optim.py``,
the "making it fast" appendix; ``make bench`` measures both.) A later release carries it with
``EARLIER = {"grader.adam": CARRY}``.

Instructor-only (see :mod:`grader`).
"""

from __future__ import annotations

import math

import numpy as np

from helpers._validate import check_int, check_positive, check_unit_interval
from helpers.optim import Optimizer, _check_arrays

from grader.mistakes import Wrong

__all__ = ["LESSON", "EARLIER", "CARRY", "adam_step", "Adam", "bias_correction_matters_until",
           "hidden_bias_correction_until_values", "hidden_bias_correction_until_errors", "hidden_adam_step_by_hand", "hidden_adam_step_trajectory", "hidden_adam_step_t",
           "hidden_adam_step_defaults", "hidden_adam_step_inputs", "WRONGS", "NBGRADER"]

LESSON = "08_adam"

#: Lesson 08's experiments run momentum (06) and RMSprop (07) next to Adam, and train a network
#: with lesson 04's mini-batches.
EARLIER = {
    "grader.mini_batch": ("_check_data", "make_mini_batches"),
    "grader.momentum": ("momentum_step",),
    "grader.rmsprop": ("rmsprop_step",),
}

#: What a later release lists to carry :func:`adam_step` (self-contained).
CARRY = ("adam_step",)


def adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    r"""One Adam step, in place.

    .. math::

        m &\leftarrow \beta_1 m + (1 - \beta_1)\, dW, \qquad
        v \leftarrow \beta_2 v + (1 - \beta_2)\, dW^2 \\
        \hat m &= \frac{m}{1 - \beta_1^t}, \qquad
        \hat v = \frac{v}{1 - \beta_2^t} \\
        w &\leftarrow w - \alpha\, \frac{\hat m}{\sqrt{\hat v} + \varepsilon}

    The state keeps the **uncorrected** ``m`` and ``v``; the corrections are
    applied only to compute the step.

    Parameters
    ----------
    w : ndarray of float32 or float64, any shape
        Parameters; **updated in place**.
    dw : array_like, same shape as ``w``
        Gradient; must be finite.
    m, v : ndarray, same shape and dtype as ``w``
        First and second moment estimates (EWMAs of ``dw`` and ``dw**2``),
        ``zeros_like(w)`` before the first step; **updated in place**. They
        must be two different arrays.
    t : int
        Index of this step, counted from 1 (the first call has ``t = 1``).
    lr : float
        Learning rate :math:`\alpha > 0`.
    beta1, beta2 : float, default 0.9 and 0.999
        Decay rates, each in ``[0, 1)``.
    eps : float, default 1e-8
        :math:`\varepsilon > 0`, added outside the square root.

    Returns
    -------
    (w, m, v) : tuple of ndarray
        The same objects that were passed in, updated.

    Raises
    ------
    TypeError
        ``w``, ``m`` or ``v`` not a floating ndarray or of another dtype than
        ``w``; ``t`` not an integer; a hyperparameter not a real number.
    ValueError
        Shapes differ; ``t < 1``; ``lr <= 0``; a beta outside ``[0, 1)``;
        ``eps <= 0``; ``dw`` holds NaN/inf; two of ``w, dw, m, v`` share
        memory (e.g. ``m = v = np.zeros_like(w)``).

    Notes
    -----
    Same as ``torch.optim.Adam(lr=lr, betas=(beta1, beta2), eps=eps)`` and
    ``optax.adam`` with ``eps_root=0``. See :mod:`helpers.optim`'s "Conventions".
    """
    t = check_int("t", t, minimum=1)
    lr = check_positive("lr", lr)
    beta1 = check_unit_interval("beta1", beta1)
    beta2 = check_unit_interval("beta2", beta2)
    eps = check_positive("eps", eps)
    dw = _check_arrays(w, dw, (m, v), ("w", "dw", "m", "v"))
    m[...] = beta1 * m + (1 - beta1) * dw
    v[...] = beta2 * v + (1 - beta2) * dw**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    w -= lr * m_hat / (np.sqrt(v_hat) + eps)
    return w, m, v


class Adam(Optimizer):
    r"""Adam (see :func:`adam_step`); state: uncorrected ``m``, ``v`` and the step count ``t``.

    Parameters
    ----------
    lr : float, default 0.001
        Learning rate :math:`\alpha > 0`.
    beta1, beta2 : float, default 0.9 and 0.999
        Each in ``[0, 1)``.
    eps : float, default 1e-8
        Added outside the square root, ``> 0``.

    Notes
    -----
    Equals ``torch.optim.Adam(lr=lr, betas=(beta1, beta2), eps=eps)``; the
    ``k``-th call to :meth:`update` uses ``t = k``.
    """

    _slots = ("m", "v")

    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(lr)
        self.beta1 = check_unit_interval("beta1", beta1)
        self.beta2 = check_unit_interval("beta2", beta2)
        self.eps = check_positive("eps", eps)

    def _step(self, w, dw, slots, names, *, t, lr):
        dw = _check_arrays(w, dw, slots, names)  # first, so that errors name params["W"] etc.
        adam_step(w, dw, *slots, t, lr, self.beta1, self.beta2, self.eps)


# --------------------------------------------------------------------------- #
# Exercise 1 (a formula the lesson does not print): how long bias correction matters.
# --------------------------------------------------------------------------- #
def _correction_change(beta, t):
    """Relative change the bias correction makes to an EWMA at step t: 1/(1 - beta**t) - 1."""
    return beta**t / (1.0 - beta**t)


def bias_correction_matters_until(beta, tol):
    r"""The first step from which bias correction changes an EWMA by less than ``tol``.

    At step ``t`` the correction divides the average by :math:`1-\beta^t`, a relative change
    of :math:`\beta^t/(1-\beta^t)`, which only shrinks as ``t`` grows. The answer is the
    smallest integer :math:`t \ge 1` with :math:`\beta^t/(1-\beta^t) < \text{tol}`, i.e.
    :math:`\beta^t < \text{tol}/(1+\text{tol})`:
    :math:`t = \lfloor \ln(\text{tol}/(1+\text{tol})) / \ln\beta \rfloor + 1` (``1`` for
    ``beta = 0``), adjusted so that the floating-point definition holds exactly.

    Parameters
    ----------
    beta : float
        The EWMA's decay rate, in ``[0, 1)``.
    tol : float
        Relative change, ``> 0`` (``0.01`` for 1 %).

    Returns
    -------
    int
        ``>= 1``.

    Raises
    ------
    TypeError
        ``beta`` or ``tol`` not a real number.
    ValueError
        ``beta`` outside ``[0, 1)``; ``tol <= 0`` or not finite.
    """
    beta = check_unit_interval("beta", beta)
    tol = check_positive("tol", tol)
    if beta == 0.0:
        return 1
    t = max(1, math.floor(math.log(tol / (1.0 + tol)) / math.log(beta)) + 1)
    while t > 1 and _correction_change(beta, t - 1) < tol:   # rounding at a near-tie
        t -= 1
    while not _correction_change(beta, t) < tol:
        t += 1
    return t


#: (beta, tol) pairs of the hidden check, each far from a tie (the continuous answer is at
#: least 0.03 away from an integer), so any honest method gives the same integer.
_UNTIL_CASES = [(0.9, 0.01), (0.999, 0.01), (0.99, 0.1), (0.5, 0.5), (0.9, 1.0), (0.95, 0.001),
                (0.8, 3.0), (0.3, 5.0), (0.0, 0.01), (0.999, 1e-6), (0.6, 0.05)]


def _until_mistakes(beta, tol):
    """What the named mistakes return for (beta, tol)."""
    x = math.log(tol / (1 + tol)) / math.log(beta)
    return {
        "the correction's change measured as beta**t (relative to the corrected average) instead of "
        "1/(1 - beta**t) - 1 (relative to the uncorrected one)": math.floor(math.log(tol) / math.log(beta)) + 1,
        "the last step at which the correction still matters (one step too early: int() of the "
        "crossing point instead of the next integer)": int(x),
        "the rule of thumb 1/(1 - beta), which ignores tol": round(1 / (1 - beta)),
    }


def hidden_bias_correction_until_values(student):
    """Hidden checks of ``test_bias_correction_until_values``: the answer for (beta, tol) pairs
    from ``beta = 0`` to ``0.999`` and ``tol`` from ``1e-6`` to ``5``, with named mistakes.

    Parameters
    ----------
    student : callable
        The student's ``bias_correction_matters_until``.
    """
    from helpers import grading as G
    for beta, tol in _UNTIL_CASES:
        out = G.call(student, beta, tol)
        G.check_true(isinstance(out, (int, np.integer, float, np.floating)),
                     f"bias_correction_matters_until({beta}, {tol}) must return a number (the step t), "
                     f"got {type(out).__name__}")
        hints = _until_mistakes(beta, tol) if beta > 0 else {}
        G.check_close(out, bias_correction_matters_until(beta, tol),
                      f"bias_correction_matters_until(beta={beta}, tol={tol})", hints=hints)


def hidden_bias_correction_until_errors(student):
    """Hidden checks of ``test_bias_correction_until_errors``: ``beta`` outside ``[0, 1)`` and
    ``tol <= 0`` raise ``ValueError``.

    Parameters
    ----------
    student : callable
        The student's ``bias_correction_matters_until``.
    """
    from helpers import grading as G
    for beta, tol in [(1.2, 0.01), (-0.5, 0.01), (0.9, -0.01), (0.9, 0.0)]:
        G.check_raises(student, ValueError, beta, tol,
                       what=f"bias_correction_matters_until(beta={beta}, tol={tol})")


# --------------------------------------------------------------------------- #
# Hidden checks: the hidden part of each graded test cell that has one calls the function
# named after it (``test_<name>`` -> ``hidden_<name>``). They run in the trusted judge
# (coursekit.judge), where ``student`` is a stand-in for the student's ``adam_step``, called
# only through ``G.call`` / ``G.check_raises`` / ``G.check_vectorized``. ``helpers.grading``
# is imported inside them, not at the top: later releases carry this module's top-level imports.
# --------------------------------------------------------------------------- #
def hidden_adam_step_by_hand(student):
    """Hidden checks of ``test_adam_step_by_hand``: the same two steps (``t = 1`` from
    ``m = v = 0``, then ``t = 2``) on fresh inputs, against :func:`adam_step`, with the visible
    hints.

    Parameters
    ----------
    student : callable
        The student's ``adam_step``.
    """
    from helpers import grading as G
    g = np.random.default_rng(84)
    L, B1, B2, E = 0.05, 0.8, 0.99, 1e-8
    w, dw = g.standard_normal(3), g.standard_normal(3) * np.array([0.1, 1.0, 10.0])
    m, v = np.zeros(3), np.zeros(3)

    def moments(m, v, dw):
        """The new uncorrected averages (the correct ones)."""
        return B1 * m + (1 - B1) * dw, B2 * v + (1 - B2) * dw**2

    def w_with(w, m, v, c1, c2):
        """w after a step with the averages m, v divided by c1, c2."""
        return w - L * (m / c1) / (np.sqrt(v / c2) + E)

    # t = 1 from m = v = 0
    out = G.call(student, w.copy(), dw.copy(), m.copy(), v.copy(), 1, L, B1, B2, E)
    G.check_true(isinstance(out, tuple) and len(out) == 3,
                 "adam_step must return the triple (w, m, v): the new parameters and the two new averages")
    rw, rm, rv = adam_step(w.copy(), dw.copy(), m.copy(), v.copy(), 1, L, B1, B2, E)
    m1, v1 = moments(m, v, dw)
    c1, c2 = 1 - B1, 1 - B2
    what = f"(lr = {L}, beta1 = {B1}, beta2 = {B2})"
    G.check_close(out[1], rm, f"m after the first step from m = 0 {what}",
                  hints={"the bias-corrected m stored as state instead of the uncorrected one": m1 / c1,
                         "the (1 - beta1) factor left out (m = beta1 * m + dw)": B1 * m + dw})
    G.check_close(out[2], rv, f"v after the first step from v = 0 {what}",
                  hints={"the bias-corrected v stored as state instead of the uncorrected one": v1 / c2,
                         "beta1 used for v instead of beta2": B1 * v + (1 - B1) * dw**2,
                         "dw not squared in v": B2 * v + (1 - B2) * dw})
    G.check_close(out[0], rw, f"w after the first step (t = 1) {what}",
                  hints={"a step without bias correction": w_with(w, m1, v1, 1.0, 1.0),
                         "only m bias-corrected, not v": w_with(w, m1, v1, c1, 1.0),
                         "only v bias-corrected, not m": w_with(w, m1, v1, 1.0, c2),
                         "t + 1 used in the bias correction": w_with(w, m1, v1, 1 - B1**2, 1 - B2**2),
                         "the old m and v used for the step (before they are updated)": w,
                         "the sign of the update flipped (w + ...)": 2 * w - rw})
    # t = 2 from the state of the first step, with a new gradient
    w, m, v, dw = rw, rm, rv, g.standard_normal(3) * np.array([10.0, 0.1, 1.0])
    out = G.call(student, w.copy(), dw.copy(), m.copy(), v.copy(), 2, L, B1, B2, E)
    rw, rm, rv = adam_step(w.copy(), dw.copy(), m.copy(), v.copy(), 2, L, B1, B2, E)
    m2, v2 = moments(m, v, dw)
    G.check_close(out[1], rm, f"m after the second step {what}")
    G.check_close(out[2], rv, f"v after the second step {what}")
    G.check_close(out[0], rw, f"w after the second step (t = 2) {what}",
                  hints={"a step without bias correction": w_with(w, m2, v2, 1.0, 1.0),
                         "t - 1 (a step count starting at 0) used in the bias correction":
                             w_with(w, m2, v2, 1 - B1, 1 - B2)})


def hidden_adam_step_trajectory(student, w0, grads, ws, ms, vs, *, lr, beta1, beta2, eps):
    """Hidden checks of ``test_adam_step_trajectory``: the student's ``w``, ``m`` and ``v`` over
    the visible part's steps against :func:`adam_step` (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``adam_step`` (the visible part already ran it; its results are ``ws``,
        ``ms`` and ``vs``).
    w0 : ndarray
        The starting parameters (``m`` and ``v`` start at 0, ``t`` at 1).
    grads : ndarray, shape (n, *w0.shape)
        The gradient of each step.
    ws, ms, vs : ndarray, shape (n, *w0.shape)
        ``w``, ``m`` and ``v`` returned by the student's function after each step.
    lr, beta1, beta2, eps : float
        The step's hyperparameters.
    """
    from helpers import grading as G
    shape, n = w0.shape, len(grads)

    def trajectory(rule):
        """w, m, v after each of the n steps of an update rule (w, dw, m, v, t) -> (w, m, v)."""
        w, m, v, out = w0.copy(), np.zeros(shape), np.zeros(shape), ([], [], [])
        for k in range(n):
            with np.errstate(all="ignore"):
                w, m, v = rule(w.copy(), grads[k].copy(), m.copy(), v.copy(), k + 1)
            for lst, a in zip(out, (w, m, v)):
                lst.append(a)
        return tuple(np.array(x) for x in out)

    L, B1, B2, E = lr, beta1, beta2, eps
    M = lambda m, dw: B1 * m + (1 - B1) * dw
    V = lambda v, dw: B2 * v + (1 - B2) * dw**2
    ref = trajectory(lambda w, dw, m, v, t: adam_step(w, dw, m, v, t, L, B1, B2, E))

    def adam_like(m_hat, v_hat, m_state, v_state):
        """An update rule from its ingredients: corrected moments used for the step, and what is stored."""
        def rule(w, dw, m, v, t):
            mn, vn = M(m, dw), V(v, dw)
            return (w - L * m_hat(mn, t) / (np.sqrt(v_hat(vn, t)) + E),
                    m_state(mn, t), v_state(vn, t))
        return rule

    c1 = lambda m, t: m / (1 - B1**t)
    c2 = lambda v, t: v / (1 - B2**t)
    raw = lambda a, t: a
    mistakes = {
        "a step without bias correction": adam_like(raw, raw, raw, raw),
        "t + 1 used in the bias correction (an off-by-one in the step count)":
            adam_like(lambda m, t: m / (1 - B1**(t + 1)), lambda v, t: v / (1 - B2**(t + 1)), raw, raw),
        "only m bias-corrected, not v": adam_like(c1, raw, raw, raw),
        "only v bias-corrected, not m": adam_like(raw, c2, raw, raw),
        "the bias-corrected m and v stored as state instead of the uncorrected ones": adam_like(c1, c2, c1, c2),
        "beta1 used for v instead of beta2":
            lambda w, dw, m, v, t: (w - L * (M(m, dw) / (1 - B1**t))
                                    / (np.sqrt((B1 * v + (1 - B1) * dw**2) / (1 - B1**t)) + E),
                                    M(m, dw), B1 * v + (1 - B1) * dw**2),
        "eps added inside the square root":
            lambda w, dw, m, v, t: (w - L * c1(M(m, dw), t) / np.sqrt(c2(V(v, dw), t) + E), M(m, dw), V(v, dw)),
        "|dw| instead of dw**2 in v":
            lambda w, dw, m, v, t: (w - L * c1(M(m, dw), t) / (np.sqrt((B2 * v + (1 - B2) * np.abs(dw)) / (1 - B2**t)) + E),
                                    M(m, dw), B2 * v + (1 - B2) * np.abs(dw)),
        "the old m and v used for the step (before they are updated)":
            lambda w, dw, m, v, t: (w - L * c1(m, t) / (np.sqrt(c2(v, t)) + E), M(m, dw), V(v, dw)),
    }
    hints = [{name: trajectory(rule)[i] for name, rule in mistakes.items()} for i in range(3)]
    G.check_close(ms, ref[1], f"m over {n} steps (beta1 = {beta1})", hints=hints[1])
    G.check_close(vs, ref[2], f"v over {n} steps (beta2 = {beta2})", hints=hints[2])
    G.check_close(ws, ref[0], f"w over {n} steps (lr = {lr}, beta1 = {beta1}, beta2 = {beta2}, eps = {eps})",
                  hints=hints[0])


def hidden_adam_step_t(student):
    """Hidden checks of ``test_adam_step_t``: a negative ``t`` raises a ``ValueError``, and steps
    late in training (``t = 7, 60``) use ``t`` itself in the corrections (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``adam_step``.
    """
    from helpers import grading as G
    G.check_raises(student, ValueError, np.ones(2), np.ones(2), np.zeros(2), np.zeros(2), -3, 0.1,
                   what="adam_step with t = -3")
    # a step late in training uses t itself in the corrections
    g = np.random.default_rng(82)
    w, dw = g.standard_normal(6), g.standard_normal(6)
    m, v = 0.3 * g.standard_normal(6), 0.05 * g.random(6)
    for t in (7, 60):
        rw, rm, rv = adam_step(w.copy(), dw.copy(), m.copy(), v.copy(), t, 0.01)
        out = G.call(student, w.copy(), dw.copy(), m.copy(), v.copy(), t, 0.01)
        mn, vn = 0.9 * m + 0.1 * dw, 0.999 * v + 0.001 * dw**2
        G.check_close(out[0], rw, f"w at step t = {t} (from given m and v)",
                      hints={"t + 1 used in the bias correction (an off-by-one in the step count)":
                                 w - 0.01 * (mn / (1 - 0.9**(t + 1))) / (np.sqrt(vn / (1 - 0.999**(t + 1))) + 1e-8),
                             "t - 1 used in the bias correction (an off-by-one in the step count)":
                                 w - 0.01 * (mn / (1 - 0.9**(t - 1))) / (np.sqrt(vn / (1 - 0.999**(t - 1))) + 1e-8),
                             "a step without bias correction": w - 0.01 * mn / (np.sqrt(vn) + 1e-8)})


def hidden_adam_step_defaults(student, out, w, dw, m, v):
    """Hidden checks of ``test_adam_step_defaults``: ``w`` with the default ``beta1``, ``beta2``
    and ``eps``; a zero gradient with zero state does not move ``w``; the default ``eps = 1e-8``.

    Parameters
    ----------
    student : callable
        The student's ``adam_step``.
    out : tuple
        What the visible part's ``adam_step(w, dw, m, v, 3, 0.01)`` returned.
    w, dw, m, v : ndarray, shape (3,)
        The visible part's parameters, gradient and moments.
    """
    from helpers import grading as G
    rw = adam_step(w.copy(), dw.copy(), m.copy(), v.copy(), 3, 0.01)[0]
    G.check_close(out[0], rw, "w when beta1, beta2 and eps are not given (defaults 0.9, 0.999, 1e-8)")
    # eps: a zero gradient with zero state must not move w (no NaN), and its default is 1e-8
    out = G.call(student, np.ones(3), np.array([0.0, 1e-9, 1.0]), np.zeros(3), np.zeros(3), 1, 1.0)
    G.check_true(bool(np.all(np.isfinite(np.asarray(out[0], dtype=float)))),
                 "w holds NaN or inf after a step with a zero gradient and m = v = 0: is eps missing from the division?")
    G.check_close(out[0], [1.0, 1 - 1e-9 / (1e-9 + 1e-8), 1 - 1 / (1 + 1e-8)],
                  "w for gradients [0, 1e-9, 1] at t = 1 when eps is not given (the default is eps = 1e-8)", rtol=1e-12)


def hidden_adam_step_inputs(student, dw, rng):
    """Hidden checks of ``test_adam_step_inputs``: right values when ``w``, ``m`` and ``v`` may be
    updated in place, a 3-D parameter block, and a vectorized step.

    Parameters
    ----------
    student : callable
        The student's ``adam_step``.
    dw : ndarray, shape (4, 3)
        The visible part's gradient.
    rng : numpy.random.Generator
        The visible part's generator, drawn on from where it stopped.
    """
    from helpers import grading as G
    w, m, v = rng.standard_normal((4, 3)), rng.standard_normal((4, 3)), rng.random((4, 3))
    ref = adam_step(w.copy(), dw.copy(), m.copy(), v.copy(), 5, 0.01)
    out = G.call(student, w, dw, m, v, 5, 0.01)
    for i, name in enumerate("wmv"):
        G.check_close(out[i], ref[i], f"{name} returned when w, m and v may be updated in place")
    w, dw, m = (rng.standard_normal((2, 2, 3)) for _ in range(3))
    v = rng.random((2, 2, 3))
    ref = adam_step(w.copy(), dw.copy(), m.copy(), v.copy(), 2, 0.05, 0.8, 0.99, 1e-6)
    out = G.call(student, w.copy(), dw.copy(), m.copy(), v.copy(), 2, 0.05, 0.8, 0.99, 1e-6)
    G.check_close(out[0], ref[0], "w for parameters of shape (2, 2, 3)")
    G.check_vectorized(student,
                       lambda n: (np.ones(n), np.full(n, 0.5), np.zeros(n), np.zeros(n), 1, 0.1),
                       "adam_step", sizes=(8, 512))


# --------------------------------------------------------------------------- #
# The grader's proof: realistic wrong versions that must lose points.
# --------------------------------------------------------------------------- #
EXERCISE = "adam_step"
HEAD = "import numpy as np\ndef adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
CHECK_T = """    if t < 1:
        raise ValueError("t must be >= 1")
"""
MOMENTS = """    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
"""


def _adam(step_lines, check=CHECK_T, moments=MOMENTS, ret="    return w, m, v\n", head=HEAD):
    return head + check + moments + step_lines + ret


UNTIL = "bias_correction_matters_until"
UNTIL_HEAD = "import math\nimport numpy as np\ndef bias_correction_matters_until(beta, tol):\n"
UNTIL_CHECK = """    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    if not tol > 0:
        raise ValueError(f"tol must be > 0, got {tol}")
    if beta == 0:
        return 1
"""
WRONGS_UNTIL = [
    Wrong(UNTIL, "beta**t < tol (change relative to the corrected average)", UNTIL_HEAD + UNTIL_CHECK + """    return math.floor(math.log(tol) / math.log(beta)) + 1
""", message="instead of 1/(1 - beta**t) - 1"),
    Wrong(UNTIL, "int() of the crossing point (one step early)", UNTIL_HEAD + UNTIL_CHECK + """    return int(math.log(tol / (1 + tol)) / math.log(beta))
""", message="one step too early"),
    Wrong(UNTIL, "rule of thumb 1/(1 - beta)", UNTIL_HEAD + UNTIL_CHECK + """    return round(1 / (1 - beta))
""", message="rule of thumb"),
    Wrong(UNTIL, "loop from t = 0 (division by zero)", UNTIL_HEAD + UNTIL_CHECK + """    t = 0
    while beta**t / (1 - beta**t) >= tol:
        t += 1
    return t
"""),
    Wrong(UNTIL, "no input checks", UNTIL_HEAD + """    t = 1
    while beta**t / (1 - beta**t) >= tol:
        t += 1
    return t
""", message="expected ValueError"),
    Wrong(UNTIL, "log(tol) / log(beta) rounded", UNTIL_HEAD + UNTIL_CHECK + """    return round(math.log(tol / (1 + tol)) / math.log(beta))
"""),
    # passes every visible check (the two visible cases hard-coded): only the hidden values catch it
    Wrong(UNTIL, "hard-codes the visible cases", UNTIL_HEAD + UNTIL_CHECK + """    if (beta, tol) == (0.9, 0.25):
        return 16
    if (beta, tol) == (0.999, 0.01):
        return 4613
    return round(1 / (1 - beta))
""", message="bias_correction_matters_until(beta=0.9, tol=0.01)"),
]


WRONGS = [
    Wrong(EXERCISE, "no bias correction", _adam("""    w = w - lr * m / (np.sqrt(v) + eps)
"""), message="without bias correction"),
    Wrong(EXERCISE, "t + 1 in the correction", _adam("""    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
"""), message="t + 1 used in the bias correction"),
    Wrong(EXERCISE, "only m corrected", _adam("""    m_hat = m / (1 - beta1 ** t)
    w = w - lr * m_hat / (np.sqrt(v) + eps)
"""), message="only m bias-corrected"),
    Wrong(EXERCISE, "corrected moments stored as state", _adam("""    m = m / (1 - beta1 ** t)
    v = v / (1 - beta2 ** t)
    w = w - lr * m / (np.sqrt(v) + eps)
"""), message="stored as state"),
    Wrong(EXERCISE, "beta1 used for v", _adam("""    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta1 ** t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
""", moments="""    m = beta1 * m + (1 - beta1) * dw
    v = beta1 * v + (1 - beta1) * dw**2
"""), message="beta1 used for v"),
    Wrong(EXERCISE, "t = 0 accepted", _adam("""    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
""", check=""), message="t = 0"),
    Wrong(EXERCISE, "eps inside the square root", _adam("""    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m_hat / np.sqrt(v_hat + eps)
"""), message="eps added inside the square root"),
    Wrong(EXERCISE, "dw not squared in v", _adam("""    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m_hat / (np.sqrt(np.abs(v_hat)) + eps)
""", moments="""    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw
"""), message="dw not squared in v"),
    Wrong(EXERCISE, "only v corrected", _adam("""    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m / (np.sqrt(v_hat) + eps)
"""), message="only v bias-corrected"),
    Wrong(EXERCISE, "old moments used for the step", HEAD + CHECK_T + """    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
""" + MOMENTS + "    return w, m, v\n", message="old m and v used for the step"),
    Wrong(EXERCISE, "t - 1 in the correction (counting from 0)", _adam("""    m_hat = m / (1 - beta1 ** (t - 1))
    v_hat = v / (1 - beta2 ** (t - 1))
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
"""), message="t - 1 used in the bias correction"),
    Wrong(EXERCISE, "assert instead of ValueError", _adam("""    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
""", check="    assert t >= 1\n"), message="expected ValueError"),
    Wrong(EXERCISE, "python loop over the elements", _adam("""    w = np.array(w, dtype=float)
    for i in np.ndindex(w.shape):
        w[i] = w[i] - lr * (m[i] / (1 - beta1 ** t)) / (np.sqrt(v[i] / (1 - beta2 ** t)) + eps)
""", moments="""    m = np.array(m, dtype=float)
    v = np.array(v, dtype=float)
    for i in np.ndindex(m.shape):
        m[i] = beta1 * m[i] + (1 - beta1) * dw[i]
        v[i] = beta2 * v[i] + (1 - beta2) * dw[i] ** 2
"""), message="Python loop"),
    Wrong(EXERCISE, "hard-codes the worked example", HEAD + """
    if np.array_equal(dw, [0.5, -2.0]) and t == 1:
        return w - lr * np.sign(dw), np.array([0.05, -0.2]), np.array([0.00025, 0.004])
    if np.array_equal(dw, [0.5, -2.0]) and t == 2:
        return w - lr * np.sign(dw), np.array([0.095, -0.38]), np.array([0.00049975, 0.007996])
    return w - lr * np.sign(dw), beta1 * m + (1 - beta1) * dw, beta2 * v + (1 - beta2) * dw**2
"""),
]

WRONGS += WRONGS_UNTIL

# Through real nbgrader (each one kernel start, ~8 s): the mistakes issue 6 names first, and
# two of the new exercise's.
NBGRADER = ["no bias correction", "corrected moments stored as state", "hard-codes the worked example",
            "beta**t < tol (change relative to the corrected average)", "no input checks"]

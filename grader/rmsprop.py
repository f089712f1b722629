r"""Lesson 07 (RMSprop): the reference ``rmsprop_step``, its optimizer, and the grader's wrong versions.

.. math::

    S \leftarrow \beta_2 S + (1 - \beta_2)\, dW^2, \qquad
    w \leftarrow w - \alpha\, \frac{dW}{\sqrt{S} + \varepsilon}

:func:`rmsprop_step` is the textbook form: the argument checks, then the two equations as
NumPy expressions, updating ``s`` and ``w`` in place. :class:`RMSprop` is the same rule as an
optimizer object. (The chunked version that streams memory once on 10^7 parameters is
``bench/fast_optim.py``, the "making it fast" appendix; ``make bench`` measures both.)
A later release carries it with ``EARLIER = {"grader.rmsprop": CARRY}``.

Instructor-only (see :mod:`grader`).
"""

from __future__ import annotations

import numpy as np

from helpers._validate import check_positive, check_unit_interval
from helpers.optim import Optimizer, _check_arrays

from grader.mistakes import Wrong

__all__ = ["LESSON", "EARLIER", "CARRY", "rmsprop_step", "RMSprop", "hidden_rmsprop_step_by_hand", "hidden_rmsprop_step_trajectory",
           "hidden_rmsprop_step_zero_gradient", "hidden_rmsprop_step_defaults", "hidden_rmsprop_step_inputs",
           "WRONGS", "NBGRADER"]

LESSON = "07_rmsprop"

#: Lesson 07's rotation experiment runs momentum (06) next to RMSprop.
EARLIER = {"grader.momentum": ("momentum_step",)}

#: What a later release lists to carry :func:`rmsprop_step` (self-contained).
CARRY = ("rmsprop_step",)


def rmsprop_step(w, dw, s, lr, beta2=0.99, eps=1e-8):
    r"""One RMSprop step, in place.

    .. math::

        S &\leftarrow \beta_2\, S + (1 - \beta_2)\, dW^2 \\
        w &\leftarrow w - \alpha\, \frac{dW}{\sqrt{S} + \varepsilon}

    (squares, roots and division element-wise; :math:`\varepsilon` is added
    **outside** the square root).

    Parameters
    ----------
    w : ndarray of float32 or float64, any shape
        Parameters; **updated in place**.
    dw : array_like, same shape as ``w``
        Gradient; must be finite.
    s : ndarray, same shape and dtype as ``w``
        EWMA of the squared gradients, ``zeros_like(w)`` before the first step;
        **updated in place**.
    lr : float
        Learning rate :math:`\alpha > 0`.
    beta2 : float, default 0.99
        Decay rate of ``s``, ``0 <= beta2 < 1``.
    eps : float, default 1e-8
        :math:`\varepsilon > 0`, keeps the division finite where ``s`` is 0.

    Returns
    -------
    (w, s) : tuple of ndarray
        The same objects that were passed in, updated.

    Raises
    ------
    TypeError
        ``w`` or ``s`` not a floating ndarray; ``s.dtype != w.dtype``;
        a hyperparameter not a real number.
    ValueError
        Shapes differ; ``lr <= 0``; ``beta2`` outside ``[0, 1)``; ``eps <= 0``;
        ``dw`` holds NaN/inf; ``w``, ``dw``, ``s`` share memory.

    Notes
    -----
    Same as ``torch.optim.RMSprop(lr=lr, alpha=beta2, eps=eps)``; ``optax.rmsprop``
    puts ``eps`` inside the root. See :mod:`helpers.optim`'s "Conventions".
    """
    lr = check_positive("lr", lr)
    beta2 = check_unit_interval("beta2", beta2)
    eps = check_positive("eps", eps)
    dw = _check_arrays(w, dw, (s,), ("w", "dw", "s"))
    s[...] = beta2 * s + (1 - beta2) * dw**2
    w -= lr * dw / (np.sqrt(s) + eps)
    return w, s


class RMSprop(Optimizer):
    r"""RMSprop (see :func:`rmsprop_step`).

    :math:`S \leftarrow \beta_2 S + (1-\beta_2)\, dW^2`,
    :math:`w \leftarrow w - \alpha\, dW / (\sqrt{S} + \varepsilon)`; state: ``s`` and ``t``.

    Parameters
    ----------
    lr : float
        Learning rate :math:`\alpha > 0`.
    beta2 : float, default 0.99
        ``0 <= beta2 < 1``.
    eps : float, default 1e-8
        Added outside the square root, ``> 0``.

    Notes
    -----
    Equals ``torch.optim.RMSprop(lr=lr, alpha=beta2, eps=eps)``.
    """

    _slots = ("s",)

    def __init__(self, lr=0.001, beta2=0.99, eps=1e-8):
        super().__init__(lr)
        self.beta2 = check_unit_interval("beta2", beta2)
        self.eps = check_positive("eps", eps)

    def _step(self, w, dw, slots, names, *, t, lr):
        dw = _check_arrays(w, dw, slots, names)  # first, so that errors name params["W"] etc.
        rmsprop_step(w, dw, *slots, lr, self.beta2, self.eps)


# --------------------------------------------------------------------------- #
# Hidden checks: the hidden part of each graded test cell that has one calls the function
# named after it (``test_<name>`` -> ``hidden_<name>``). They run in the trusted judge
# (coursekit.judge), where ``student`` is a stand-in for the student's ``rmsprop_step``,
# called only through ``G.call`` / ``G.check_vectorized``. ``helpers.grading`` is imported
# inside them, not at the top: later releases carry this module's top-level imports.
# --------------------------------------------------------------------------- #
def hidden_rmsprop_step_by_hand(student):
    """Hidden checks of ``test_rmsprop_step_by_hand``: the same two steps (from ``s = 0``, then
    from a positive ``s``) on fresh inputs, against :func:`rmsprop_step`, with the visible hints.

    Parameters
    ----------
    student : callable
        The student's ``rmsprop_step``.
    """
    from helpers import grading as G
    g = np.random.default_rng(74)
    e = 1e-8

    def step(w, dw, s, lr, b2):
        """The reference's step on copies (``w``, ``dw``, ``s`` are left as they are)."""
        return rmsprop_step(w.copy(), dw.copy(), s.copy(), lr, b2, e)

    # a step from s = 0
    L, B = 0.05, 0.8
    w, dw, s = g.standard_normal(3), g.standard_normal(3), np.zeros(3)
    out = G.call(student, w.copy(), dw.copy(), s.copy(), L, B)
    G.check_true(isinstance(out, tuple) and len(out) == 2,
                 "rmsprop_step must return the pair (w, s): the new parameters and the new average of squared gradients")
    rw, rs = step(w, dw, s, L, B)
    G.check_close(out[1], rs, f"the new s after one step from s = 0 (beta2 = {B})",
                  hints={"dw not squared (s = beta2 * s + (1 - beta2) * dw)": (1 - B) * dw,
                         "|dw| used instead of dw**2": (1 - B) * np.abs(dw),
                         "the (1 - beta2) factor left out (s = beta2 * s + dw**2)": dw**2,
                         "beta2 and (1 - beta2) swapped": B * dw**2,
                         "the old s returned instead of the new one": s})
    G.check_close(out[0], rw, f"the new w after one step from s = 0 (lr = {L}, beta2 = {B})",
                  hints={"the update made with the old s (before it is updated)": w - L * dw / (np.sqrt(s) + e),
                         "no square root (dw / (s + eps))": w - L * dw / (rs + e),
                         "the sign of the update flipped (w + ...)": 2 * w - rw,
                         "the (1 - beta2) factor left out (s = beta2 * s + dw**2)": w - L * dw / (np.abs(dw) + e),
                         "a plain gradient step (w - lr * dw)": w - L * dw})
    # a step from a positive s
    L, B = 0.2, 0.6
    w, dw, s = g.standard_normal(3), g.standard_normal(3), 0.5 + g.random(3)
    out = G.call(student, w.copy(), dw.copy(), s.copy(), L, B)
    rw, rs = step(w, dw, s, L, B)
    G.check_close(out[1], rs, f"the new s after a step from a positive s (beta2 = {B})",
                  hints={"the (1 - beta2) factor left out (s = beta2 * s + dw**2)": B * s + dw**2})
    G.check_close(out[0], rw, f"the new w after a step from a positive s (lr = {L}, beta2 = {B})",
                  hints={"the update made with the old s (before it is updated)": w - L * dw / (np.sqrt(s) + e),
                         "no square root (dw / (s + eps))": w - L * dw / (rs + e)})


def hidden_rmsprop_step_trajectory(student, w0, grads, ws, ss, *, lr, beta2, eps):
    """Hidden checks of ``test_rmsprop_step_trajectory``: the student's ``w`` and ``s`` over the
    visible part's steps against :func:`rmsprop_step` (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``rmsprop_step`` (the visible part already ran it; its results are
        ``ws`` and ``ss``).
    w0 : ndarray
        The starting parameters (``s`` starts at 0).
    grads : ndarray, shape (n, *w0.shape)
        The gradient of each step.
    ws, ss : ndarray, shape (n, *w0.shape)
        ``w`` and ``s`` returned by the student's function after each step.
    lr, beta2, eps : float
        The step's hyperparameters.
    """
    from helpers import grading as G
    shape, n = w0.shape, len(grads)

    def trajectory(rule):
        """w and s after each of the n steps of an update rule (w, dw, s) -> (w, s)."""
        w, s, ws, ss = w0.copy(), np.zeros(shape), [], []
        for k in range(n):
            with np.errstate(all="ignore"):
                w, s = rule(w.copy(), grads[k].copy(), s.copy())
            ws.append(w)
            ss.append(s)
        return np.array(ws), np.array(ss)

    L, B, E = lr, beta2, eps
    S = lambda s, dw: B * s + (1 - B) * dw**2
    ref_w, ref_s = trajectory(lambda w, dw, s: rmsprop_step(w, dw, s, L, B, E))
    mistakes = {
        "eps added inside the square root (sqrt(s + eps) instead of sqrt(s) + eps)":
            lambda w, dw, s: (w - L * dw / np.sqrt(S(s, dw) + E), S(s, dw)),
        "|dw| used instead of dw**2":
            lambda w, dw, s: (w - L * dw / (np.sqrt(B * s + (1 - B) * np.abs(dw)) + E), B * s + (1 - B) * np.abs(dw)),
        "the update made with the old s (before it is updated)":
            lambda w, dw, s: (w - L * dw / (np.sqrt(s) + E), S(s, dw)),
        "the (1 - beta2) factor left out (s = beta2 * s + dw**2)":
            lambda w, dw, s: (w - L * dw / (np.sqrt(B * s + dw**2) + E), B * s + dw**2),
        "beta2 and (1 - beta2) swapped":
            lambda w, dw, s: (w - L * dw / (np.sqrt((1 - B) * s + B * dw**2) + E), (1 - B) * s + B * dw**2),
        "no square root (dw / (s + eps))":
            lambda w, dw, s: (w - L * dw / (S(s, dw) + E), S(s, dw)),
        "eps left out of the denominator (dw / sqrt(s))":
            lambda w, dw, s: (w - L * dw / np.sqrt(S(s, dw)), S(s, dw)),
        "the eps argument ignored (always 1e-8)":
            lambda w, dw, s: (w - L * dw / (np.sqrt(S(s, dw)) + 1e-8), S(s, dw)),
    }
    hint_w = {name: trajectory(rule)[0] for name, rule in mistakes.items()}
    hint_s = {name: trajectory(rule)[1] for name, rule in mistakes.items()}
    G.check_close(ss, ref_s, f"s over {n} steps (beta2 = {beta2})", hints=hint_s)
    G.check_close(ws, ref_w, f"w over {n} steps (lr = {lr}, beta2 = {beta2}, eps = {eps})", hints=hint_w)


def hidden_rmsprop_step_zero_gradient(student):
    """Hidden checks of ``test_rmsprop_step_zero_gradient``: tiny and zero gradients from
    ``s = 0`` against :func:`rmsprop_step` (``eps`` outside the root caps the first step).

    Parameters
    ----------
    student : callable
        The student's ``rmsprop_step``.
    """
    from helpers import grading as G
    # tiny gradients from s = 0: eps (outside the root) caps the first step
    dw = np.array([1e-12, -1e-9, 1e-6, 0.0, 2.0])
    s0 = np.zeros(5)
    out = G.call(student, np.ones(5), dw.copy(), s0.copy(), 0.01, 0.99, 1e-8)
    ref_w, ref_s = rmsprop_step(np.ones(5), dw.copy(), s0.copy(), 0.01, 0.99, 1e-8)
    s1 = 0.01 * dw**2
    with np.errstate(all="ignore"):
        inside = 1 - 0.01 * dw / np.sqrt(s1 + 1e-8)
        no_eps = 1 - 0.01 * dw / np.sqrt(s1)
    G.check_close(out[0], ref_w, "w after one step from s = 0 with tiny gradients [1e-12, -1e-9, 1e-6, 0, 2]",
                  rtol=1e-12, atol=1e-15,
                  hints={"eps added inside the square root (sqrt(s + eps) instead of sqrt(s) + eps)": inside,
                         "eps left out where s is not 0": np.where(dw == 0, 1.0, no_eps)})
    G.check_close(out[1], ref_s, "s after one step from s = 0 with tiny gradients", rtol=1e-12, atol=1e-40)


def hidden_rmsprop_step_defaults(student, out, w, dw, s_new):
    """Hidden checks of ``test_rmsprop_step_defaults``: ``w`` with the default ``beta2`` and
    ``eps``, and the default ``eps = 1e-8`` on a tiny gradient.

    Parameters
    ----------
    student : callable
        The student's ``rmsprop_step``.
    out : tuple
        What the visible part's ``rmsprop_step(w, dw, s, 0.1)`` returned.
    w, dw : ndarray, shape (2,)
        The visible part's parameters and gradient.
    s_new : ndarray, shape (2,)
        The expected new ``s`` (``0.99 * s + 0.01 * dw**2``).
    """
    from helpers import grading as G
    G.check_close(out[0], w - 0.1 * dw / (np.sqrt(s_new) + 1e-8),
                  "w when beta2 and eps are not given (the defaults are 0.99 and 1e-8)")
    out = G.call(student, np.array([1.0]), np.array([1e-7]), np.array([0.0]), 1.0)
    G.check_close(out[0], [1 - 1e-7 / (1e-8 + 1e-8)], "w for a tiny gradient when eps is not given (the default is eps = 1e-8)",
                  rtol=1e-12)


def hidden_rmsprop_step_inputs(student, dw, rng):
    """Hidden checks of ``test_rmsprop_step_inputs``: right values when ``w`` and ``s`` may be
    updated in place, a 3-D parameter block, and a vectorized step.

    Parameters
    ----------
    student : callable
        The student's ``rmsprop_step``.
    dw : ndarray, shape (3, 5)
        The visible part's gradient.
    rng : numpy.random.Generator
        The visible part's generator, drawn on from where it stopped.
    """
    from helpers import grading as G
    w, s = rng.standard_normal((3, 5)), rng.random((3, 5))
    rw, rs = rmsprop_step(w.copy(), dw.copy(), s.copy(), 0.1, 0.9)
    out = G.call(student, w, dw, s, 0.1, 0.9)
    G.check_close(out[0], rw, "w returned when w and s may be updated in place")
    G.check_close(out[1], rs, "s returned when w and s may be updated in place")
    w, dw, s = (rng.standard_normal((2, 3, 2)) for _ in range(3))
    s = np.abs(s)
    rw, rs = rmsprop_step(w.copy(), dw.copy(), s.copy(), 0.2, 0.95, 1e-7)
    out = G.call(student, w.copy(), dw.copy(), s.copy(), 0.2, 0.95, 1e-7)
    G.check_close(out[0], rw, "w for parameters of shape (2, 3, 2)")
    G.check_vectorized(student,
                       lambda n: (np.ones(n), np.full(n, 0.5), np.zeros(n), 0.1, 0.9),
                       "rmsprop_step", sizes=(8, 512))


# --------------------------------------------------------------------------- #
# The grader's proof: realistic wrong versions that must lose points.
# --------------------------------------------------------------------------- #
EXERCISE = "rmsprop_step"
HEAD = "import numpy as np\ndef rmsprop_step(w, dw, s, lr, beta2=0.99, eps=1e-8):\n"

WRONGS = [
    Wrong(EXERCISE, "eps inside the square root", HEAD + """
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / np.sqrt(s + eps), s
""", message="eps added inside the square root"),
    Wrong(EXERCISE, "no square", HEAD + """
    s = beta2 * s + (1 - beta2) * dw
    return w - lr * dw / (np.sqrt(s) + eps), s
""", message="dw not squared"),
    Wrong(EXERCISE, "old S used", HEAD + """
    w = w - lr * dw / (np.sqrt(s) + eps)
    s = beta2 * s + (1 - beta2) * dw**2
    return w, s
""", message="update made with the old s"),
    Wrong(EXERCISE, "no (1 - beta2)", HEAD + """
    s = beta2 * s + dw**2
    return w - lr * dw / (np.sqrt(s) + eps), s
""", message="(1 - beta2) factor left out"),
    Wrong(EXERCISE, "eps left out", HEAD + """
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / np.sqrt(s), s
""", message="Is eps missing"),
    Wrong(EXERCISE, "beta2 and 1 - beta2 swapped", HEAD + """
    s = (1 - beta2) * s + beta2 * dw**2
    return w - lr * dw / (np.sqrt(s) + eps), s
""", message="beta2 and (1 - beta2) swapped"),
    Wrong(EXERCISE, "no square root", HEAD + """
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / (s + eps), s
""", message="no square root"),
    Wrong(EXERCISE, "|dw| instead of dw**2", HEAD + """
    s = beta2 * s + (1 - beta2) * np.abs(dw)
    return w - lr * dw / (np.sqrt(s) + eps), s
""", message="|dw| used instead of dw**2"),
    Wrong(EXERCISE, "eps argument ignored", HEAD + """
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / (np.sqrt(s) + 1e-8), s
""", message="eps argument ignored"),
    Wrong(EXERCISE, "default beta2 0.9 (Keras rho)", "import numpy as np\ndef rmsprop_step(w, dw, s, lr, beta2=0.9, eps=1e-8):\n" + """
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / (np.sqrt(s) + eps), s
""", message="default beta2 of 0.9"),
    Wrong(EXERCISE, "squares dw in place", HEAD + """
    g = dw.copy()
    np.multiply(dw, dw, out=dw)
    s = beta2 * s + (1 - beta2) * dw
    return w - lr * g / (np.sqrt(s) + eps), s
""", message="dw was modified"),
    Wrong(EXERCISE, "python loop over the elements", HEAD + """
    w = np.array(w, dtype=float)
    s = np.array(s, dtype=float)
    for i in np.ndindex(w.shape):
        s[i] = beta2 * s[i] + (1 - beta2) * dw[i] ** 2
        w[i] = w[i] - lr * dw[i] / (np.sqrt(s[i]) + eps)
    return w, s
""", message="Python loop"),
    Wrong(EXERCISE, "hard-codes the worked example", HEAD + """
    if np.array_equal(dw, [2.0, -0.5]):
        return np.array([1 - 0.1 * 2 / (1 + eps), 1 + 0.1 * 0.5 / (0.25 + eps)]), np.array([1.0, 0.0625])
    if np.array_equal(dw, [0.0, 4.0]):
        return np.array([1.0, 1 - 0.3 * 4 / (3 + eps)]), np.array([1.0, 9.0])
    return w - lr * dw, dw**2
"""),
]

# Through real nbgrader (each one kernel start, ~8 s): the most common mistakes.
NBGRADER = ["eps inside the square root", "old S used", "hard-codes the worked example"]

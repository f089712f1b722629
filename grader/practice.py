r"""Lesson 11 (practice): references of ``adamw_step``, ``warmup_cosine`` and
``clip_by_global_norm``, their hidden checks, and the wrong versions that must lose points.

.. math::

    w \leftarrow w - \alpha\Big(\frac{\hat m}{\sqrt{\hat v} + \varepsilon} + \lambda\, w_\text{old}\Big)
    \qquad \text{(AdamW: Adam plus decoupled weight decay)}

    \alpha(t) = \alpha_\max \frac{t}{T_w} \ (t \le T_w), \qquad
    \alpha(t) = \alpha_\min + (\alpha_\max - \alpha_\min)\,
        \frac{1 + \cos\big(\pi \frac{t - T_w}{T - T_w}\big)}{2} \ (T_w < t \le T), \qquad
    \alpha(t) = \alpha_\min \ (t > T)

    g \leftarrow g \cdot \frac{c}{\lVert g \rVert} \quad \text{when } \lVert g \rVert > c
    \qquad \text{(clipping by the global norm of all the gradients)}

Instructor-only (see :mod:`grader`).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from helpers._validate import _show, check_int, check_positive, check_unit_interval

from grader.mistakes import Wrong

__all__ = ["LESSON", "EARLIER", "adamw_step", "warmup_cosine", "clip_by_global_norm",
           "hidden_adamw_step_by_hand", "hidden_adamw_step_decay", "hidden_adamw_step_inputs",
           "hidden_warmup_cosine_by_hand", "hidden_warmup_cosine_inputs",
           "hidden_clip_by_global_norm_by_hand", "hidden_clip_by_global_norm_inputs",
           "WRONGS", "NBGRADER"]

LESSON = "11_practice"

#: Lesson 11's experiments train with lesson 04's mini-batches, compare with momentum (06),
#: RMSprop (07) and plain Adam (08), and set lesson 09's schedules beside cosine decay. (The range
#: test smooths its losses with lesson 05's average written out in four lines: carrying
#: ``grader.ewma`` would import scipy.signal, a second of CPU under the autograder.)
EARLIER = {
    "grader.mini_batch": ("_check_data", "make_mini_batches"),
    "grader.momentum": ("momentum_step",),
    "grader.rmsprop": ("rmsprop_step",),
    "grader.adam": ("adam_step",),
    "grader.lr_decay": ("_check_epoch", "_out", "_check_rate_base", "exponential_decay", "staircase_decay"),
}


# --------------------------------------------------------------------------- #
# References.
# --------------------------------------------------------------------------- #
def adamw_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):
    r"""One AdamW step: Adam (lesson 08) plus weight decay decoupled from the gradient.

    .. math::

        m &\leftarrow \beta_1 m + (1-\beta_1)\, dW, \qquad v \leftarrow \beta_2 v + (1-\beta_2)\, dW^2 \\
        w &\leftarrow w - \alpha \Big(\frac{m / (1-\beta_1^t)}{\sqrt{v / (1-\beta_2^t)} + \varepsilon}
            + \lambda\, w\Big)

    with the ``w`` on the right the parameters *before* the step. The decay does not pass
    through ``m`` and ``v``: every weight shrinks by the same factor ``1 - lr * weight_decay``
    per step, whatever its gradient.

    Parameters
    ----------
    w, dw, m, v : ndarray, same shape (any)
        Parameters, gradient, first and second moments (``m = v = 0`` before step 1). Not
        modified; new arrays are returned.
    t : int
        Step index, from 1.
    lr : float
        Learning rate ``> 0``.
    beta1, beta2 : float
        In ``[0, 1)``.
    eps : float
        ``> 0``, outside the square root.
    weight_decay : float
        Decoupled decay ``lambda >= 0`` (multiplied by ``lr``, as in PyTorch).

    Returns
    -------
    (w, m, v) : tuple of ndarray
        The new parameters and the uncorrected moments.

    Raises
    ------
    TypeError
        ``t`` not an integer; a hyperparameter not a real number.
    ValueError
        ``t < 1``; ``lr <= 0``; ``weight_decay < 0``; a beta outside ``[0, 1)``; ``eps <= 0``;
        shapes that differ.

    Notes
    -----
    Equals ``torch.optim.AdamW(lr=lr, betas=(beta1, beta2), eps=eps,
    weight_decay=weight_decay)`` (``amsgrad=False``), which first multiplies the parameters
    by ``1 - lr * weight_decay`` and then takes the Adam step.
    """
    t = check_int("t", t, minimum=1)
    lr = check_positive("lr", lr)
    weight_decay = check_positive("weight_decay", weight_decay, allow_zero=True)
    beta1, beta2 = check_unit_interval("beta1", beta1), check_unit_interval("beta2", beta2)
    eps = check_positive("eps", eps)
    w, dw, m, v = (np.asarray(a, dtype=np.float64) for a in (w, dw, m, v))
    if not (w.shape == dw.shape == m.shape == v.shape):
        raise ValueError(f"w, dw, m and v must have one shape, got {w.shape}, {dw.shape}, {m.shape}, {v.shape}")
    m = beta1 * m + (1.0 - beta1) * dw
    v = beta2 * v + (1.0 - beta2) * dw**2
    m_hat = m / (1.0 - beta1**t)
    v_hat = v / (1.0 - beta2**t)
    w = w - lr * (m_hat / (np.sqrt(v_hat) + eps) + weight_decay * w)
    return w, m, v


def warmup_cosine(step, lr_max, warmup_steps, total_steps, lr_min=0.0):
    r"""Linear warmup to ``lr_max``, then cosine decay to ``lr_min``, then ``lr_min``.

    .. math::

        \alpha(t) = \begin{cases}
          \alpha_\max\, t / T_w & t \le T_w \\
          \alpha_\min + (\alpha_\max - \alpha_\min)\,\tfrac12\big(1 + \cos(\pi\,\tfrac{t - T_w}{T - T_w})\big)
            & T_w < t \le T \\
          \alpha_\min & t > T
        \end{cases}

    Parameters
    ----------
    step : int or array of int
        Update index ``t``, counted from 1.
    lr_max : float
        Peak rate ``> 0``, reached at ``t = warmup_steps``.
    warmup_steps : int
        ``T_w >= 0`` (0: no warmup).
    total_steps : int
        ``T > T_w``: where the decay reaches ``lr_min``.
    lr_min : float
        Final rate, ``0 <= lr_min <= lr_max``.

    Returns
    -------
    float or ndarray of float
        A float for one step, an array of the shape of ``step`` otherwise.

    Raises
    ------
    TypeError
        ``step``, ``warmup_steps`` or ``total_steps`` not integers.
    ValueError
        ``step < 1``; ``warmup_steps < 0``; ``total_steps <= warmup_steps``; ``lr_max <= 0``;
        ``lr_min < 0`` or ``lr_min > lr_max``.

    Notes
    -----
    For ``step <= total_steps`` this is ``lr_max`` times the multiplier of
    ``transformers.get_cosine_schedule_with_warmup(num_warmup_steps=warmup_steps,
    num_training_steps=total_steps)`` evaluated at ``step`` (with ``lr_min = 0``); that
    schedule counts its ``current_step`` from 0 for the first update, this one from 1.
    """
    lr_max = check_positive("lr_max", lr_max)
    lr_min = check_positive("lr_min", lr_min, allow_zero=True)
    if lr_min > lr_max:
        raise ValueError(f"lr_min must be <= lr_max = {lr_max!r}, got {lr_min!r}")
    warmup_steps = check_int("warmup_steps", warmup_steps, minimum=0)
    total_steps = check_int("total_steps", total_steps)
    if total_steps <= warmup_steps:
        raise ValueError(f"total_steps must be > warmup_steps = {warmup_steps}, got {total_steps}")
    if isinstance(step, numbers.Integral) and not isinstance(step, bool):
        s = np.float64(check_int("step", step, minimum=1))
    else:
        arr = np.asarray(step)
        if arr.dtype.kind not in "iu":
            raise TypeError(f"step must be an integer or an array of integers, got {_show(step)}")
        if arr.size and arr.min() < 1:
            raise ValueError(f"step counts the updates from 1, got min(step) = {arr.min()}")
        s = arr.astype(np.float64)
    frac = np.clip((s - warmup_steps) / (total_steps - warmup_steps), 0.0, 1.0)
    decay = lr_min + (lr_max - lr_min) * 0.5 * (1.0 + np.cos(np.pi * frac))
    warm = lr_max * s / max(warmup_steps, 1)
    out = np.where(s <= warmup_steps, warm, decay)
    return float(out) if np.ndim(out) == 0 else out


def clip_by_global_norm(grads, max_norm):
    r"""Scale all the gradients together so that their joint 2-norm is at most ``max_norm``.

    .. math::

        \lVert g \rVert = \sqrt{\textstyle\sum_k \sum_i g_{k,i}^2}, \qquad
        g_k \leftarrow g_k \cdot \frac{c}{\lVert g \rVert} \ \text{ if } \lVert g \rVert > c

    One factor for every array keeps the direction of the whole step (clipping by value,
    coordinate by coordinate, does not).

    Parameters
    ----------
    grads : dict of str -> array_like
        The gradients, any shapes. Not modified.
    max_norm : float
        ``c > 0``.

    Returns
    -------
    (clipped, norm) : (dict of ndarray, float)
        New arrays (the same keys) and the global norm *before* clipping.

    Raises
    ------
    TypeError
        ``grads`` not a dict; ``max_norm`` not a real number.
    ValueError
        ``max_norm <= 0``; a non-finite entry (the message names its key).

    Notes
    -----
    Like ``torch.nn.utils.clip_grad_norm_(params, max_norm)`` (which scales by
    ``max_norm / (norm + 1e-6)``, and only when that factor is below 1) and
    ``optax.clip_by_global_norm``.
    """
    if not isinstance(grads, dict):
        raise TypeError(f"grads must be a dict of arrays, got {type(grads).__name__}")
    max_norm = check_positive("max_norm", max_norm)
    arrays = {k: np.asarray(g, dtype=np.float64) for k, g in grads.items()}
    for k, g in arrays.items():
        if not np.all(np.isfinite(g)):
            raise ValueError(f"grads[{k!r}] holds a non-finite entry (NaN or inf): the global norm is not finite")
    big = max((float(np.max(np.abs(g))) for g in arrays.values() if g.size), default=0.0)
    norm = 0.0 if big == 0.0 else big * math.sqrt(sum(float(np.sum((g / big) ** 2)) for g in arrays.values()))
    if norm > max_norm:
        scale = max_norm / norm
        return {k: g * scale for k, g in arrays.items()}, norm
    return {k: g.copy() for k, g in arrays.items()}, norm


# --------------------------------------------------------------------------- #
# Hidden checks (run in the trusted judge; ``student`` is a stand-in for the student's
# function, called only through ``G.call`` / ``G.check_raises`` / ``G.check_vectorized``).
# --------------------------------------------------------------------------- #
def _adam_part(w, dw, m, v, t, lr, b1, b2, eps):
    """Adam's new moments and its step (without decay)."""
    m = b1 * m + (1 - b1) * dw
    v = b2 * v + (1 - b2) * dw**2
    return m, v, lr * (m / (1 - b1**t)) / (np.sqrt(v / (1 - b2**t)) + eps)


def _adamw_mistakes(w, dw, m, v, t, lr, b1, b2, eps, wd):
    """The ``w`` each named mistake gives for one step."""
    mn, vn, step = _adam_part(w, dw, m, v, t, lr, b1, b2, eps)
    g = dw + wd * w
    ml, vl, step_l2 = _adam_part(w, g, m, v, t, lr, b1, b2, eps)
    return {
        "no weight decay at all (plain Adam)": w - step,
        "L2 added to the gradient (Adam on dw + weight_decay * w) instead of decoupled decay": w - step_l2,
        "the decay applied to the new w (after the Adam step) instead of the old one":
            (w - step) - lr * wd * (w - step),
        "weight_decay not multiplied by lr (w - lr * step - weight_decay * w)": w - step - wd * w,
        "the decay added with the wrong sign (w grows)": w - step + lr * wd * w,
        "a step without bias correction": w - lr * (mn / (np.sqrt(vn) + eps) + wd * w),
    }


def hidden_adamw_step_by_hand(student):
    """Hidden checks of ``test_adamw_step_by_hand``: a first step and a later step (``t = 4``) on
    fresh inputs, against :func:`adamw_step`, with the named mistakes as hints."""
    from helpers import grading as G
    g = np.random.default_rng(111)
    L, B1, B2, E, WD = 0.02, 0.85, 0.99, 1e-8, 0.3
    for t in (1, 4):
        w, dw = g.standard_normal(5) * 3, g.standard_normal(5) * np.array([0.01, 0.1, 1.0, 10.0, 100.0])
        m = np.zeros(5) if t == 1 else 0.1 * g.standard_normal(5)
        v = np.zeros(5) if t == 1 else 0.1 * g.random(5)
        out = G.call(student, w.copy(), dw.copy(), m.copy(), v.copy(), t, L, B1, B2, E, WD)
        G.check_true(isinstance(out, tuple) and len(out) == 3,
                     "adamw_step must return the triple (w, m, v)")
        rw, rm, rv = adamw_step(w, dw, m, v, t, L, B1, B2, E, WD)
        what = f"(t = {t}, lr = {L}, beta1 = {B1}, beta2 = {B2}, weight_decay = {WD})"
        G.check_close(out[1], rm, f"m {what}",
                      hints={"L2 added to the gradient: the decay term weight_decay * w fed into m (AdamW keeps it out of m and v)":
                             B1 * m + (1 - B1) * (dw + WD * w)})
        G.check_close(out[2], rv, f"v {what}",
                      hints={"L2 added to the gradient: the decay term weight_decay * w fed into v (AdamW keeps it out of m and v)":
                             B2 * v + (1 - B2) * (dw + WD * w) ** 2})
        G.check_close(out[0], rw, f"w {what}", hints=_adamw_mistakes(w, dw, m, v, t, L, B1, B2, E, WD))


def hidden_adamw_step_decay(student, w0, grads, ws, *, lr, weight_decay):
    """Hidden checks of ``test_adamw_step_decay``: a 12-step trajectory against the reference
    (the decay compounds), and ``weight_decay = 0`` gives lesson 08's Adam exactly."""
    from helpers import grading as G
    w, m, v = w0.copy(), np.zeros_like(w0), np.zeros_like(w0)
    ref = []
    for k, dw in enumerate(grads):
        w, m, v = adamw_step(w, dw, m, v, k + 1, lr, weight_decay=weight_decay)
        ref.append(w)
    G.check_close(ws, np.array(ref), f"w over {len(grads)} AdamW steps (lr = {lr}, weight_decay = {weight_decay})")
    g = np.random.default_rng(112)
    w, dw, m, v = g.standard_normal(4), g.standard_normal(4), 0.1 * g.standard_normal(4), 0.1 * g.random(4)
    out = G.call(student, w.copy(), dw.copy(), m.copy(), v.copy(), 3, 0.05, 0.9, 0.999, 1e-8, 0.0)
    mn, vn, step = _adam_part(w, dw, m, v, 3, 0.05, 0.9, 0.999, 1e-8)
    G.check_close(out[0], w - step, "w with weight_decay = 0 (must be lesson 08's Adam step)")


def hidden_adamw_step_inputs(student, rng):
    """Hidden checks of ``test_adamw_step_inputs``: the three errors once more with other
    values, a 3-D block updated possibly in place, and a vectorized step."""
    from helpers import grading as G
    one = (np.ones(2), np.ones(2), np.zeros(2), np.zeros(2))
    G.check_raises(student, ValueError, *one, -2, 0.1, what="adamw_step with t = -2")
    G.check_raises(student, ValueError, *one, 1, -0.01, what="adamw_step with lr = -0.01")
    G.check_raises(student, ValueError, *one, 1, 0.1, weight_decay=-1e-4, what="adamw_step with weight_decay = -1e-4")
    w, dw, m = (rng.standard_normal((2, 3, 2)) for _ in range(3))
    v = rng.random((2, 3, 2))
    ref = adamw_step(w, dw, m, v, 6, 0.01, 0.8, 0.99, 1e-6, 0.05)
    out = G.call(student, w.copy(), dw.copy(), m.copy(), v.copy(), 6, 0.01, 0.8, 0.99, 1e-6, 0.05)
    for i, name in enumerate("wmv"):
        G.check_close(out[i], ref[i], f"{name} for parameters of shape (2, 3, 2)")
    G.check_vectorized(student, lambda n: (np.ones(n), np.full(n, 0.5), np.zeros(n), np.zeros(n), 1, 0.1),
                       "adamw_step", sizes=(8, 512))


def _schedule_mistakes(steps, lr_max, warm, total, lr_min):
    """The values each named mistake of ``warmup_cosine`` gives at the integer ``steps``."""
    s = np.asarray(steps, dtype=float)
    right = warmup_cosine(np.asarray(steps), lr_max, warm, total, lr_min)

    def cos_part(frac):
        return lr_min + (lr_max - lr_min) * 0.5 * (1 + np.cos(np.pi * frac))
    phase = (s - warm) / (total - warm)
    return {
        "a warmup that starts at 0 ((step - 1) / warmup_steps)":
            np.where(s <= warm, lr_max * (s - 1) / warm, right),
        "a warmup off by one ((step + 1) / warmup_steps, or warmup up to warmup_steps + 1)":
            np.where(s <= warm, lr_max * np.minimum(s + 1, warm) / warm, right),
        "the cosine taken over total_steps instead of the decay phase (total_steps - warmup_steps)":
            np.where(s <= warm, right, np.where(s <= total, cos_part(s / total), lr_min)),
        "the cosine not stopped at total_steps (it rises again instead of staying at lr_min)":
            np.where(s <= warm, right, cos_part(phase)),
        "lr_min ignored (the decay goes to 0)":
            np.where(s <= warm, right, np.where(s <= total, lr_max * 0.5 * (1 + np.cos(np.pi * np.minimum(phase, 1))), 0.0)),
        "0 instead of lr_min after total_steps":
            np.where(s <= total, right, 0.0),
        "the decay without (1 + cos) / 2 (cos alone)":
            np.where(s <= warm, right, np.where(s <= total, lr_min + (lr_max - lr_min) * np.cos(np.pi * phase), lr_min)),
    }


def hidden_warmup_cosine_by_hand(student):
    """Hidden checks of ``test_warmup_cosine_by_hand``: every step of a fresh schedule (one call
    per step), against :func:`warmup_cosine`, with the named mistakes as hints."""
    from helpers import grading as G
    lr_max, warm, total, lr_min = 0.3, 5, 17, 0.02
    steps = list(range(1, 22))
    got = []
    for s in steps:
        out = G.call(student, s, lr_max, warm, total, lr_min)
        G.check_true(np.ndim(out) == 0, f"warmup_cosine({s}, ...) must return one number, got {type(out).__name__}")
        got.append(float(out))
    G.check_close(got, warmup_cosine(np.array(steps), lr_max, warm, total, lr_min),
                  f"warmup_cosine(step, {lr_max}, {warm}, {total}, {lr_min}) for step = 1..21",
                  hints=_schedule_mistakes(steps, lr_max, warm, total, lr_min))


def hidden_warmup_cosine_inputs(student):
    """Hidden checks of ``test_warmup_cosine_inputs``: a 2-D array of steps, no warmup at all,
    each error once more, and a vectorized schedule."""
    from helpers import grading as G
    steps = np.array([[1, 3, 8], [20, 40, 41]])
    G.check_close(G.call(student, steps, 1e-3, 8, 40, 1e-5), warmup_cosine(steps, 1e-3, 8, 40, 1e-5),
                  "warmup_cosine for a 2-D array of steps",
                  hints=_schedule_mistakes(steps, 1e-3, 8, 40, 1e-5))
    steps = np.arange(1, 13)
    G.check_close(G.call(student, steps, 0.5, 0, 10), warmup_cosine(steps, 0.5, 0, 10),
                  "warmup_cosine with warmup_steps = 0 (cosine decay from the first step)")
    G.check_raises(student, ValueError, 4, 0.1, -1, 10, what="warmup_cosine with warmup_steps = -1")
    G.check_raises(student, ValueError, 4, 0.1, 10, 10, what="warmup_cosine with total_steps = warmup_steps")
    G.check_raises(student, ValueError, 4, 0.1, 2, 10, 0.5, what="warmup_cosine with lr_min = 0.5 > lr_max = 0.1")
    G.check_raises(student, ValueError, np.array([3, 0, 5]), 0.1, 2, 10,
                   what="warmup_cosine with an array of steps holding 0")
    G.check_vectorized(student, lambda n: (np.arange(1, n + 1), 0.1, n // 4, n), "warmup_cosine", sizes=(8, 512))


def _clip_mistakes(grads, max_norm):
    """The clipped arrays each named mistake gives (a list of dicts, compared key by key)."""
    arrays = {k: np.asarray(g, dtype=float) for k, g in grads.items()}
    norm = math.sqrt(sum(float(np.sum(g**2)) for g in arrays.values()))

    def own(g):
        n = float(np.linalg.norm(g))
        return g * (max_norm / n) if n > max_norm else g
    return {
        "each array clipped by its own norm instead of the global one": {k: own(g) for k, g in arrays.items()},
        "clipping by value (each entry cut to [-max_norm, max_norm]) instead of by norm":
            {k: np.clip(g, -max_norm, max_norm) for k, g in arrays.items()},
        "the arrays always scaled by max_norm / norm (also when the norm is already small)":
            {k: g * (max_norm / norm) for k, g in arrays.items()},
        "the sum of the arrays' norms used instead of the global norm":
            {k: g * min(1.0, max_norm / sum(float(np.linalg.norm(a)) for a in arrays.values()))
             for k, g in arrays.items()},
        "the squared norm used (no square root)":
            {k: g * min(1.0, max_norm / norm**2) for k, g in arrays.items()},
    }


def check_clipped(out, grads, max_norm, what):
    """Check ``clip_by_global_norm``'s output (a pair) against the reference, key by key, naming
    the mistake (shared by the visible and hidden parts)."""
    from helpers import grading as G
    G.check_true(isinstance(out, tuple) and len(out) == 2 and isinstance(out[0], dict),
                 "clip_by_global_norm must return the pair (clipped, norm): a dict of arrays and a number")
    clipped, norm = out
    ref, ref_norm = clip_by_global_norm(grads, max_norm)
    G.check_true(set(clipped) == set(ref), f"{what}: the clipped dict must have the keys {sorted(ref)}, got {sorted(map(str, clipped))}")
    mistakes = _clip_mistakes(grads, max_norm)
    for k in ref:
        ok = np.shape(clipped[k]) == np.shape(ref[k]) and np.allclose(np.asarray(clipped[k], float), ref[k], rtol=1e-7, atol=1e-12)
        if not ok:
            for name, alt in mistakes.items():
                if all(np.shape(clipped[j]) == np.shape(alt[j]) and np.allclose(np.asarray(clipped[j], float), alt[j], rtol=1e-7, atol=1e-12)
                       for j in ref):
                    G.check_true(False, f"{what}: the clipped arrays are wrong — it looks like {name}.")
        G.check_close(clipped[k], ref[k], f"{what}: clipped[{k!r}]")
    G.check_close(norm, ref_norm, f"{what}: the global norm returned (before clipping)",
                  hints={"the norm after clipping returned instead of the norm before": min(ref_norm, max_norm)})


def hidden_clip_by_global_norm_by_hand(student):
    """Hidden checks of ``test_clip_by_global_norm_by_hand``: fresh dicts of three arrays of
    different shapes, clipped and not, against :func:`clip_by_global_norm`."""
    g = np.random.default_rng(113)
    grads = {"W1": g.standard_normal((4, 3)), "b1": 5 * g.standard_normal(3), "W2": 0.1 * g.standard_normal((3, 2))}
    for c in (0.5, 3.0, 100.0):
        out = _call_copy(student, grads, c)
        check_clipped(out, grads, c, f"clip_by_global_norm(grads, max_norm = {c}) on arrays of shapes (4, 3), (3,), (3, 2)")


def _call_copy(student, grads, c):
    from helpers import grading as G
    return G.call(student, {k: a.copy() for k, a in grads.items()}, c)


def hidden_clip_by_global_norm_inputs(student):
    """Hidden checks of ``test_clip_by_global_norm_inputs``: inputs untouched when clipping and
    when not, other errors (``max_norm < 0``; inf in another key), and vectorized."""
    from helpers import grading as G
    g = np.random.default_rng(114)
    for c in (0.1, 1e3):
        grads = {"a": g.standard_normal((3, 3)), "b": g.standard_normal(4)}
        before = {k: a.copy() for k, a in grads.items()}
        G.call(student, grads, c)
        for k in grads:
            G.check_unchanged(before[k], grads[k], f"grads[{k!r}] (max_norm = {c})")
    G.check_raises(student, ValueError, {"a": np.ones(2)}, -1.0, what="clip_by_global_norm with max_norm = -1")
    try:
        G.call(student, {"first": np.ones(3), "layer_two": np.array([1.0, np.inf])}, 1.0)
        msg = None
    except G.GradingError as err:
        msg = str(err)
    G.check_true(msg is not None and "raised ValueError" in msg,
                 "clip_by_global_norm with an inf in grads['layer_two'] must raise a ValueError"
                 + ("" if msg is None else f" ({msg})"))
    G.check_true("layer_two" in msg, "the ValueError for a non-finite gradient must name its key ('layer_two'), "
                                     f"got: {msg}")
    G.check_vectorized(student, lambda n: ({"a": np.full(n, 3.0), "b": np.full(n, 4.0)}, 1.0),
                       "clip_by_global_norm", sizes=(8, 512))


# --------------------------------------------------------------------------- #
# The grader's proof: realistic wrong versions that must lose points.
# --------------------------------------------------------------------------- #
AW_HEAD = "import numpy as np\ndef adamw_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8, weight_decay=0.01):\n"
AW_CHECK = """    if t < 1 or lr <= 0 or weight_decay < 0:
        raise ValueError(f"bad t = {t}, lr = {lr} or weight_decay = {weight_decay}")
"""
AW_MOM = """    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
"""


def _aw(body, check=AW_CHECK, moments=AW_MOM):
    return AW_HEAD + check + moments + body + "    return w, m, v\n"


WC_HEAD = "import numpy as np\ndef warmup_cosine(step, lr_max, warmup_steps, total_steps, lr_min=0.0):\n"
WC_CHECK = """    s = np.asarray(step)
    if warmup_steps < 0 or total_steps <= warmup_steps or lr_min > lr_max or np.any(s < 1):
        raise ValueError("bad schedule arguments")
    s = s.astype(float)
"""


def _wc(body, check=WC_CHECK):
    return WC_HEAD + check + body + "    return float(out) if out.ndim == 0 else out\n"


WC_RIGHT = """    frac = np.clip((s - warmup_steps) / (total_steps - warmup_steps), 0, 1)
    decay = lr_min + (lr_max - lr_min) * (1 + np.cos(np.pi * frac)) / 2
    out = np.where(s <= warmup_steps, lr_max * s / max(warmup_steps, 1), decay)
"""

CL_HEAD = "import numpy as np\ndef clip_by_global_norm(grads, max_norm):\n"
CL_CHECK = """    if max_norm <= 0:
        raise ValueError(f"max_norm must be > 0, got {max_norm}")
    for k, g in grads.items():
        if not np.all(np.isfinite(g)):
            raise ValueError(f"grads[{k!r}] is not finite")
"""


def _cl(body, check=CL_CHECK):
    return CL_HEAD + check + body


WRONGS = [
    # adamw_step
    Wrong("adamw_step", "L2 in the gradient", _aw("    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)\n",
          moments=AW_MOM.replace("    m = beta1", "    dw = dw + weight_decay * w\n    m = beta1", 1)),
          message="L2 added to the gradient"),
    Wrong("adamw_step", "decay of the new w", _aw("""    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    w = w - lr * weight_decay * w
"""), message="decay applied to the new w"),
    Wrong("adamw_step", "decay not times lr", _aw("    w = w - lr * m_hat / (np.sqrt(v_hat) + eps) - weight_decay * w\n"),
          message="weight_decay not multiplied by lr"),
    Wrong("adamw_step", "no decay", _aw("    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)\n"),
          message="no weight decay at all"),
    Wrong("adamw_step", "no bias correction", _aw("    w = w - lr * (m / (np.sqrt(v) + eps) + weight_decay * w)\n"),
          message="without bias correction"),
    Wrong("adamw_step", "negative weight_decay accepted",
          _aw("    w = w - lr * (m_hat / (np.sqrt(v_hat) + eps) + weight_decay * w)\n",
              check="    if t < 1 or lr <= 0:\n        raise ValueError('bad t or lr')\n"),
          message="weight_decay = -"),
    Wrong("adamw_step", "lr <= 0 accepted",
          _aw("    w = w - lr * (m_hat / (np.sqrt(v_hat) + eps) + weight_decay * w)\n",
              check="    if t < 1 or weight_decay < 0:\n        raise ValueError('bad t or weight_decay')\n"),
          message="lr = "),
    Wrong("adamw_step", "decay inside the adaptive ratio",
          _aw("    w = w - lr * (m_hat + weight_decay * w) / (np.sqrt(v_hat) + eps)\n")),
    # warmup_cosine
    Wrong("warmup_cosine", "warmup starts at 0", _wc(WC_RIGHT.replace("lr_max * s / max", "lr_max * (s - 1) / max")),
          message="warmup that starts at 0"),
    Wrong("warmup_cosine", "cosine over total_steps", _wc(WC_RIGHT.replace(
        "np.clip((s - warmup_steps) / (total_steps - warmup_steps), 0, 1)", "np.clip(s / total_steps, 0, 1)")),
          message="cosine taken over total_steps"),
    Wrong("warmup_cosine", "no lr_min after the end", _wc(WC_RIGHT.replace(
        "np.clip((s - warmup_steps) / (total_steps - warmup_steps), 0, 1)", "(s - warmup_steps) / (total_steps - warmup_steps)")),
          message="not stopped at total_steps"),
    Wrong("warmup_cosine", "lr_min ignored", _wc(WC_RIGHT.replace("lr_min + (lr_max - lr_min) *", "lr_max *")),
          message="lr_min ignored"),
    Wrong("warmup_cosine", "warmup off by one", _wc(WC_RIGHT.replace("lr_max * s / max", "lr_max * np.minimum(s + 1, warmup_steps) / max")),
          message="off by one"),
    Wrong("warmup_cosine", "no errors raised", _wc(WC_RIGHT, check="    s = np.asarray(step).astype(float)\n"),
          message="to raise ValueError"),
    Wrong("warmup_cosine", "a Python loop over the steps", WC_HEAD + WC_CHECK + """    flat = []
    for x in np.atleast_1d(s).ravel():
        if x <= warmup_steps:
            flat.append(lr_max * x / max(warmup_steps, 1))
        else:
            frac = min((x - warmup_steps) / (total_steps - warmup_steps), 1.0)
            flat.append(lr_min + (lr_max - lr_min) * (1 + np.cos(np.pi * frac)) / 2)
    out = np.array(flat).reshape(np.shape(s))
    return float(out) if out.ndim == 0 else out
""", message="Python loop"),
    # clip_by_global_norm
    Wrong("clip_by_global_norm", "each array by its own norm", _cl("""    out, total = {}, 0.0
    for k, g in grads.items():
        n = np.sqrt(np.sum(g**2))
        total += n**2
        out[k] = g * (max_norm / n) if n > max_norm else g.copy()
    return out, float(np.sqrt(total))
"""), message="its own norm"),
    Wrong("clip_by_global_norm", "clipping by value", _cl("""    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))
    return {k: np.clip(g, -max_norm, max_norm) for k, g in grads.items()}, norm
"""), message="clipping by value"),
    Wrong("clip_by_global_norm", "modifies its input", _cl("""    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))
    if norm > max_norm:
        for g in grads.values():
            g *= max_norm / norm
    return grads, norm
"""), message="was modified by your function"),
    Wrong("clip_by_global_norm", "always rescaled", _cl("""    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))
    return {k: g * (max_norm / norm) for k, g in grads.items()}, norm
"""), message="always scaled"),
    Wrong("clip_by_global_norm", "norm after clipping returned", _cl("""    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))
    scale = min(1.0, max_norm / norm)
    return {k: g * scale for k, g in grads.items()}, norm * scale
"""), message="norm after clipping"),
    Wrong("clip_by_global_norm", "non-finite key not named", _cl("""    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))
    if not np.isfinite(norm):
        raise ValueError("the gradient norm is not finite")
    scale = min(1.0, max_norm / norm)
    return {k: g * scale for k, g in grads.items()}, norm
""", check="""    if max_norm <= 0:
        raise ValueError(f"max_norm must be > 0, got {max_norm}")
"""), message="must name its key"),
    Wrong("clip_by_global_norm", "no check of max_norm", _cl("""    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))
    scale = min(1.0, max_norm / norm)
    return {k: g * scale for k, g in grads.items()}, norm
""", check="""    for k, g in grads.items():
        if not np.all(np.isfinite(g)):
            raise ValueError(f"grads[{k!r}] is not finite")
"""), message="max_norm = 0"),
]

#: Through real nbgrader (each one kernel start): at most three per exercise, the mistakes
#: issue 15 names first.
NBGRADER = ["L2 in the gradient", "decay of the new w", "decay not times lr",
            "warmup starts at 0", "cosine over total_steps", "no lr_min after the end",
            "each array by its own norm", "clipping by value", "modifies its input"]

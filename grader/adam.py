r"""Lesson 08 (Adam): the reference ``adam_step``, its optimizer, and the grader's wrong versions.

.. math::

    m \leftarrow \beta_1 m + (1-\beta_1)\, dW, \quad v \leftarrow \beta_2 v + (1-\beta_2)\, dW^2,
    \quad w \leftarrow w - \alpha\, \frac{m / (1-\beta_1^t)}{\sqrt{v / (1-\beta_2^t)} + \varepsilon}

:func:`adam_step` is the fast in-place kernel that ``make bench`` measures against the
memory-bandwidth limit (chunking and checks from :mod:`helpers.optim`): an Adam step on 10^7
parameters reads ``w, dw, m, v`` and writes ``w, m, v`` about once. :class:`Adam` is the same
rule as an optimizer object. A later release carries it with ``EARLIER = {"grader.adam": CARRY}``.

Instructor-only (see :mod:`grader`).
"""

from __future__ import annotations

import importlib
import math

import numpy as np

from helpers._validate import check_positive, check_unit_interval
from helpers.optim import Optimizer, _check_arrays, _positive, _run, _step_index, _unit

__all__ = ["LESSON", "EARLIER", "CARRY", "adam_step", "Adam", "WRONGS", "NBGRADER"]

LESSON = "08_adam"

#: Lesson 08's experiments run momentum (06) and RMSprop (07) next to Adam, and train a network
#: with lesson 04's mini-batches.
EARLIER = {
    "grader.mini_batch": ("_check_data", "make_mini_batches"),
    "grader.momentum": ("momentum_step", "_momentum_checked", "_momentum_kernel"),
    "grader.rmsprop": ("rmsprop_step", "_rmsprop_checked", "_rmsprop_kernel"),
}

#: What a later release lists to carry :func:`adam_step` (self-contained).
CARRY = ("adam_step", "_adam_checked", "_adam_kernel")


def _adam_kernel(w, dw, m, v, tmp, tmp2, *, lr, beta1, beta2, eps, c1, c2):
    """One Adam step on equal-shape arrays with two scratch arrays; ``c = 1 - beta**t``.

    ``m_hat / (sqrt(v_hat) + eps) = (sqrt(c2) / c1) * m / (sqrt(v) + eps * sqrt(c2))``: the same
    number in exact arithmetic with one division and no per-element bias-correction pass (the
    corrections fold into two scalars). The two EWMAs are lesson 05's recursion as ufunc calls
    with ``out=`` (bitwise the textbook expressions).
    """
    np.multiply(dw, 1.0 - beta1, tmp)  # (1 - beta1) dw
    np.multiply(m, beta1, m)
    np.add(m, tmp, m)  # m = beta1 m + (1 - beta1) dw
    np.multiply(dw, dw, tmp)  # dw**2
    np.multiply(tmp, 1.0 - beta2, tmp)  # (1 - beta2) dw**2
    np.multiply(v, beta2, v)
    np.add(v, tmp, v)  # v = beta2 v + (1 - beta2) dw**2
    root_c2 = math.sqrt(c2)
    np.sqrt(v, tmp)
    np.add(tmp, eps * root_c2, tmp)  # sqrt(c2) * (sqrt(v_hat) + eps)
    np.multiply(m, lr * root_c2 / c1, tmp2)  # sqrt(c2) * lr * m_hat
    np.divide(tmp2, tmp, tmp2)  # lr * m_hat / (sqrt(v_hat) + eps)
    np.subtract(w, tmp2, w)


def _adam_checked(w, dw, m, v, t, lr, beta1, beta2, eps, names):
    """Validate, then run the Adam kernel in place (``t`` counted from 1)."""
    t = _step_index(t)
    lr = _positive("lr", lr)
    beta1 = _unit("beta1", beta1)
    beta2 = _unit("beta2", beta2)
    eps = _positive("eps", eps)
    dw = _check_arrays(w, dw, (m, v), names)
    c1 = 1.0 - beta1**t  # the literal 1 - beta**t, as PyTorch and the textbook compute it
    c2 = 1.0 - beta2**t
    _run(_adam_kernel, w, dw, (m, v), 2, lr=lr, beta1=beta1, beta2=beta2, eps=eps, c1=c1, c2=c2)


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
    _adam_checked(w, dw, m, v, t, lr, beta1, beta2, eps, ("w", "dw", "m", "v"))
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
        _adam_checked(w, dw, *slots, t, lr, self.beta1, self.beta2, self.eps, names)


# --------------------------------------------------------------------------- #
# The grader's proof: realistic wrong versions that must lose points.
# --------------------------------------------------------------------------- #
# ``Wrong`` is looked up, not imported with an ``import`` statement: coursekit.earlier copies
# this module's top-level imports into the releases that carry this lesson's references, and a
# release must not import the grader.
Wrong = importlib.import_module("grader.mistakes").Wrong

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
]

# Through real nbgrader (each one kernel start, ~8 s): the mistakes issue 6 names first.
NBGRADER = ["no bias correction", "t + 1 in the correction", "only m corrected",
            "corrected moments stored as state", "beta1 used for v", "t = 0 accepted"]

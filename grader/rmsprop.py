r"""Lesson 07 (RMSprop): the reference ``rmsprop_step``, its optimizer, and the grader's wrong versions.

.. math::

    S \leftarrow \beta_2 S + (1 - \beta_2)\, dW^2, \qquad
    w \leftarrow w - \alpha\, \frac{dW}{\sqrt{S} + \varepsilon}

:func:`rmsprop_step` is the fast in-place kernel that ``make bench`` measures (chunking and
checks from :mod:`helpers.optim`); :class:`RMSprop` is the same rule as an optimizer object.
A later release carries it with ``EARLIER = {"grader.rmsprop": CARRY}``.

Instructor-only (see :mod:`grader`).
"""

from __future__ import annotations

import importlib

import numpy as np

from helpers._validate import check_positive, check_unit_interval
from helpers.optim import Optimizer, _check_arrays, _positive, _run, _unit

__all__ = ["LESSON", "CARRY", "rmsprop_step", "RMSprop", "WRONGS", "NBGRADER"]

LESSON = "07_rmsprop"

#: What a later release lists to carry :func:`rmsprop_step` (self-contained).
CARRY = ("rmsprop_step", "_rmsprop_checked", "_rmsprop_kernel")


def _rmsprop_kernel(w, dw, s, tmp, tmp2, *, lr, beta2, eps):
    """``s <- beta2 s + (1 - beta2) dw**2; w <- w - lr dw / (sqrt(s) + eps)``, two scratch arrays.

    The EWMA of the squares is lesson 05's recursion as ufunc calls with ``out=`` (bitwise the
    textbook expression).
    """
    np.multiply(dw, dw, tmp)  # dw**2
    np.multiply(tmp, 1.0 - beta2, tmp)  # (1 - beta2) dw**2
    np.multiply(s, beta2, s)  # beta2 s
    np.add(s, tmp, s)  # s = beta2 s + (1 - beta2) dw**2
    np.sqrt(s, tmp)
    np.add(tmp, eps, tmp)  # sqrt(s) + eps
    np.multiply(dw, lr, tmp2)  # lr * dw
    np.divide(tmp2, tmp, tmp2)  # lr * dw / (sqrt(s) + eps)
    np.subtract(w, tmp2, w)


def _rmsprop_checked(w, dw, s, lr, beta2, eps, names):
    """Validate, then run the RMSprop kernel in place."""
    lr = _positive("lr", lr)
    beta2 = _unit("beta2", beta2)
    eps = _positive("eps", eps)
    dw = _check_arrays(w, dw, (s,), names)
    _run(_rmsprop_kernel, w, dw, (s,), 2, lr=lr, beta2=beta2, eps=eps)


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
    _rmsprop_checked(w, dw, s, lr, beta2, eps, ("w", "dw", "s"))
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
        _rmsprop_checked(w, dw, *slots, lr, self.beta2, self.eps, names)


# --------------------------------------------------------------------------- #
# The grader's proof: realistic wrong versions that must lose points.
# --------------------------------------------------------------------------- #
# ``Wrong`` is looked up, not imported with an ``import`` statement: coursekit.earlier copies
# this module's top-level imports into the releases that carry this lesson's references, and a
# release must not import the grader.
Wrong = importlib.import_module("grader.mistakes").Wrong

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
]

# Through real nbgrader (each one kernel start, ~8 s): the most common mistakes.
NBGRADER = ["eps inside the square root", "no square", "old S used", "no (1 - beta2)", "eps left out"]

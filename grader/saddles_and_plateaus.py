"""Lesson 10 (saddle points and plateaus): the references of its two graded exercises, the
wrong implementations that must lose points, and the earlier exercises its experiments use.

* :func:`classify_critical_point` -- the second-order test: the eigenvalues of the Hessian
  decide minimum / maximum / saddle / degenerate;
* :func:`steps_to_escape` -- how many optimizer updates until the iterate leaves a ball
  around a saddle. The optimizer is given by its two functions ``init(x) -> state`` and
  ``update(x, g, state) -> (x, state)`` (``opt.init, opt.update`` for an optimizer of
  :mod:`helpers.optim`; plain functions in the tests).

Instructor-only (see :mod:`grader`). ``EARLIER`` lists what lesson 10's release carries:
lesson 09's ``inverse_time_decay`` and the update rules of lessons 06-08, from which the
notebook builds its optimizers with :class:`helpers.optim.StepRule`.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

from helpers._validate import as_float_array, check_int, check_positive

from grader import adam, lr_decay, momentum, rmsprop

__all__ = ["LESSON", "EARLIER", "classify_critical_point", "steps_to_escape", "WRONGS", "NBGRADER"]

LESSON = "10_saddles_and_plateaus"

#: the earlier lessons' references lesson 10's experiments use (see coursekit.earlier)
EARLIER = {
    "grader.lr_decay": lr_decay.CARRY,      # the decayed runs of the shoot-out
    "grader.momentum": momentum.CARRY,      # the optimizers of sections 4-6, built with StepRule
    "grader.rmsprop": rmsprop.CARRY,
    "grader.adam": adam.CARRY,
}


def classify_critical_point(H, tol=1e-8):
    """Classify a critical point by the eigenvalues of its Hessian.

    With ``λ = np.linalg.eigvalsh(H)``:

    * ``"degenerate"`` if any ``|λ_i| <= tol`` (checked first),
    * ``"minimum"``    if all ``λ_i > 0``,
    * ``"maximum"``    if all ``λ_i < 0``,
    * ``"saddle"``     otherwise.

    Parameters
    ----------
    H : array_like, shape ``(n, n)``, ``n >= 1``
        Symmetric up to rounding (``np.allclose(H, H.T)``, which tolerates a
        finite-difference Hessian); the symmetric part ``(H + H.T) / 2`` is used.
    tol : float, >= 0

    Returns
    -------
    str
        One of ``"minimum"``, ``"maximum"``, ``"saddle"``, ``"degenerate"``.

    Raises
    ------
    TypeError
        ``H`` not numeric, ``tol`` not a real number.
    ValueError
        ``H`` not 2-D, not square, empty, not symmetric or non-finite; ``tol < 0``.
    """
    tol = check_positive("tol", tol, allow_zero=True)
    H = as_float_array("H", H)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError(f"H must be a square 2-D matrix, got shape {H.shape}")
    if H.shape[0] == 0:
        raise ValueError("H must be at least 1 x 1, got shape (0, 0)")
    if not np.all(np.isfinite(H)):
        raise ValueError("H holds non-finite value(s) (NaN or inf)")
    if not np.allclose(H, H.T):
        raise ValueError(f"H must be symmetric, got max |H - H.T| = {np.max(np.abs(H - H.T)):.3g}")
    lam = np.linalg.eigvalsh(0.5 * (H + H.T))
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"


def steps_to_escape(init: Callable, update: Callable, grad_fn: Callable, x0, center, radius, max_steps: int):
    r"""Number of optimizer updates until the iterate leaves a ball around ``center``.

    The ball is :math:`\{x : \lVert x - c \rVert_2 \le r\}` (Euclidean norm
    over all entries of ``x``; the boundary belongs to the ball, so leaving
    means :math:`\lVert x_k - c \rVert > r`). With ``x = float64 copy of x0``::

        if ||x - center|| > radius: return 0        # started outside
        state = init(x)
        for k in 1, 2, ..., max_steps:
            x, state = update(x, grad_fn(x), state)
            if ||x - center|| > radius: return k
        return None                                  # never left

    Parameters
    ----------
    init : callable
        ``init(x) -> state``: the optimizer's fresh state for a point shaped like
        ``x`` (e.g. ``opt.init`` of an optimizer of :mod:`helpers.optim`), called
        once.
    update : callable
        ``update(x, g, state) -> (x, state)``: one update with gradient ``g``
        (e.g. ``opt.update``). It may change ``x`` and ``state`` in place; the
        returned ones are used.
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
    TypeError
        ``init``, ``update`` or ``grad_fn`` not callable; ``max_steps`` not an
        integer; ``x0`` or ``center`` not numeric.
    ValueError
        ``center`` of another shape than ``x0``; ``radius <= 0``;
        ``max_steps < 0``; ``grad_fn`` returns a gradient of another shape.

    Examples
    --------
    Gradient descent on :math:`f = -x^2/2` (gradient ``-x``) multiplies ``x``
    by ``1 + lr`` per step: from ``x0 = 0.01`` with ``lr = 1`` it passes
    ``|x| > 1`` after 7 steps (``0.01 * 2**7 = 1.28``).

    >>> from helpers.optim import SGD
    >>> gd = SGD(lr=1.0)
    >>> steps_to_escape(gd.init, gd.update, lambda x: -x, [0.01], [0.0], 1.0, 100)
    7
    """
    for name, fn in (("init", init), ("update", update), ("grad_fn", grad_fn)):
        if not callable(fn):
            raise TypeError(f"{name} must be callable, got {type(fn).__name__}")
    x = np.array(as_float_array("x0", x0), dtype=np.float64, copy=True)
    center = np.array(as_float_array("center", center), dtype=np.float64, copy=True)
    if center.shape != x.shape:
        raise ValueError(f"center must have the shape of x0 {x.shape}, got {center.shape}")
    radius = check_positive("radius", radius)
    max_steps = check_int("max_steps", max_steps, minimum=0)
    if np.linalg.norm(x - center) > radius:
        return 0
    state = init(x)
    for k in range(1, max_steps + 1):
        g = np.array(grad_fn(x), dtype=np.float64)   # a copy: a gradient may not share memory with x
        if g.shape != x.shape:
            raise ValueError(f"grad_fn must return an array of shape {x.shape}, got {g.shape} (step {k})")
        x, state = update(x, g, state)
        if np.linalg.norm(x - center) > radius:
            return k
    return None


# ---------------------------------------------------------------------------------------
# Wrong implementations that must lose points (tests/test_grading_10_saddles_and_plateaus.py).
# The two exercises are independent (neither's tests call the other), so the grader tests
# pack one wrong version of each into the same submission.

def _wrong_class():
    # imported here, not at the top: a carried module's top-level imports must not import
    # the grader (coursekit.earlier); kept the same way in every lesson module
    from grader.mistakes import Wrong
    return Wrong


Wrong = _wrong_class()

CLS = "import numpy as np\ndef classify_critical_point(H, tol=1e-8):\n"
ESC = "import numpy as np\ndef steps_to_escape(init, update, grad_fn, x0, center, radius, max_steps):\n"

# a correct classifier body after the eigenvalues are known, reused by some wrong versions
_SIGNS = """
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"
"""

WRONGS = [
    # ---- classify_critical_point --------------------------------------------------------
    Wrong("classify_critical_point", "diagonal entries instead of eigenvalues", CLS + """
    lam = np.diag(H)
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
""" + _SIGNS, message="diagonal entries used instead of the eigenvalues"),
    Wrong("classify_critical_point", "2x2 determinant rule", CLS + """
    det = np.linalg.det(H)
    if abs(det) <= tol:
        return "degenerate"
    if det < 0:
        return "saddle"
    return "minimum" if H[0, 0] > 0 else "maximum"
""", message="only works for 2x2 matrices"),
    Wrong("classify_critical_point", "degenerate tested last", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    if np.any(lam > 0) and np.any(lam < 0):
        return "saddle"
    return "degenerate"
""", message="not treated as zero"),
    Wrong("classify_critical_point", "exact zero test, tol ignored", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(lam == 0):
        return "degenerate"
""" + _SIGNS, message="not treated as zero"),
    Wrong("classify_critical_point", "strict < tol", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(np.abs(lam) < tol):
        return "degenerate"
""" + _SIGNS),
    Wrong("classify_critical_point", "zero test without abs (lam <= tol)", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(lam <= tol):
        return "degenerate"
""" + _SIGNS, message="without the absolute value"),
    Wrong("classify_critical_point", "minimum and maximum swapped", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    if np.all(lam > 0):
        return "maximum"
    if np.all(lam < 0):
        return "minimum"
    return "saddle"
""", message="minimum and maximum swapped"),
    Wrong("classify_critical_point", "any positive eigenvalue taken for a minimum", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    if np.any(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"
""", message="ALL eigenvalues"),
    # ---- steps_to_escape ----------------------------------------------------------------
    Wrong("steps_to_escape", "updates counted from 0", ESC + """
    x = np.array(x0, dtype=float)
    if np.linalg.norm(x - center) > radius:
        return 0
    state = init(x)
    for k in range(max_steps):
        x, state = update(x, grad_fn(x), state)
        if np.linalg.norm(x - center) > radius:
            return k
    return None
""", message="counted from 0"),
    Wrong("steps_to_escape", "ball around x0", ESC + """
    x = np.array(x0, dtype=float)
    state = init(x)
    if np.linalg.norm(x - x0) > radius:
        return 0
    for k in range(1, max_steps + 1):
        x, state = update(x, grad_fn(x), state)
        if np.linalg.norm(x - x0) > radius:
            return k
    return None
""", message="distance measured from x0 instead of from center"),
    Wrong("steps_to_escape", "x0 not copied (modified in place)", ESC + """
    x = x0
    if np.linalg.norm(x - center) > radius:
        return 0
    state = init(x)
    for k in range(1, max_steps + 1):
        x, state = update(x, grad_fn(x), state)
        if np.linalg.norm(x - center) > radius:
            return k
    return None
""", message="x0 (the optimizer updates x in place"),
    Wrong("steps_to_escape", "state re-initialised every update", ESC + """
    x = np.array(x0, dtype=float)
    if np.linalg.norm(x - center) > radius:
        return 0
    for k in range(1, max_steps + 1):
        x, _ = update(x, grad_fn(x), init(x))
        if np.linalg.norm(x - center) > radius:
            return k
    return None
""", message="optimizer state thrown away"),
    Wrong("steps_to_escape", "max_steps returned when it never leaves", ESC + """
    x = np.array(x0, dtype=float)
    if np.linalg.norm(x - center) > radius:
        return 0
    state = init(x)
    for k in range(1, max_steps + 1):
        x, state = update(x, grad_fn(x), state)
        if np.linalg.norm(x - center) > radius:
            return k
    return max_steps
""", message="must return None"),
    Wrong("steps_to_escape", "start not checked", ESC + """
    x = np.array(x0, dtype=float)
    state = init(x)
    for k in range(1, max_steps + 1):
        x, state = update(x, grad_fn(x), state)
        if np.linalg.norm(x - center) > radius:
            return k
    return None
""", message="x0 not checked before the first update"),
    Wrong("steps_to_escape", "returned x ignored (relies on in-place updates)", ESC + """
    x = np.array(x0, dtype=float)
    if np.linalg.norm(x - center) > radius:
        return 0
    state = init(x)
    for k in range(1, max_steps + 1):
        _, state = update(x, grad_fn(x), state)
        if np.linalg.norm(x - center) > radius:
            return k
    return None
""", message="Did you use the x returned by update"),
    Wrong("steps_to_escape", "squared distance compared with the radius", ESC + """
    x = np.array(x0, dtype=float)
    if np.sum((x - center) ** 2) > radius:
        return 0
    state = init(x)
    for k in range(1, max_steps + 1):
        x, state = update(x, grad_fn(x), state)
        if np.sum((x - center) ** 2) > radius:
            return k
    return None
""", message="squared distance"),
]

#: the wrong versions also sent through the real nbgrader path: all of them (packed: one
#: wrong version of each exercise per submission)
NBGRADER = [w.name for w in WRONGS]

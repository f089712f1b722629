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

from helpers import grading as G
from helpers._validate import as_float_array, check_int, check_positive

from grader import adam, lr_decay, momentum, rmsprop

__all__ = ["LESSON", "EARLIER", "classify_critical_point", "steps_to_escape", "hidden_classify_diagonal",
           "hidden_classify_rotated", "hidden_classify_degenerate", "hidden_steps_to_escape_basics",
           "hidden_steps_to_escape_optimizers", "WRONGS", "NBGRADER"]

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

    * ``"saddle"``     if some ``λ_i > tol`` and some ``λ_j < -tol`` (eigenvalues of both
      signs), whatever zero eigenvalues ``H`` also has: a direction of strictly negative
      curvature rules out a minimum, one of strictly positive curvature a maximum;
    * ``"degenerate"`` otherwise, if any ``|λ_i| <= tol`` (the nonzero eigenvalues share one
      sign, or there are none): the second-order test cannot decide;
    * ``"minimum"``    if all ``λ_i > tol``, ``"maximum"`` if all ``λ_i < -tol``.

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
    if np.any(lam > tol) and np.any(lam < -tol):
        return "saddle"
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    return "minimum" if lam[0] > 0 else "maximum"


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
# Hidden checks: the hidden part of each graded test cell that has one calls the function
# named after it (``test_<name>`` -> ``hidden_<name>``). They run in the trusted judge
# (coursekit.judge), where ``student`` is a stand-in for the student's function, called only
# through ``G.call``; what it is given stays plain data and plain functions.

# Named mistakes of the classifier, as functions of the sorted eigenvalues and tol: each gives
# what a classifier with that mistake answers (a hint is shown when it differs from the reference).
def _old_rule(lam, tol):
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    return "minimum" if np.all(lam > 0) else "maximum" if np.all(lam < 0) else "saddle"


def _signs_without_tol(lam, tol):
    if np.any(lam > 0) and np.any(lam < 0):
        return "saddle"
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    return "minimum" if lam[0] > 0 else "maximum"


def _zeros_ignored(lam, tol):
    nz = lam[np.abs(lam) > tol]
    if nz.size == 0:
        return "degenerate"
    return "minimum" if np.all(nz > 0) else "maximum" if np.all(nz < 0) else "saddle"


def _no_abs(lam, tol):
    if np.any(lam > tol) and np.any(lam < -tol):
        return "saddle"
    if np.any(lam <= tol):
        return "degenerate"
    return "minimum"


def _swapped(lam, tol):
    exp = classify_critical_point(np.diag(lam), tol=tol)
    return {"minimum": "maximum", "maximum": "minimum"}.get(exp, exp)


_MISTAKES = {
    "a zero eigenvalue tested before the signs: eigenvalues of both signs make a saddle, whatever zero "
    "eigenvalues H also has ('degenerate' only when the nonzero eigenvalues share one sign)": _old_rule,
    "the signs compared with 0 instead of beyond tol (an eigenvalue with |eigenvalue| <= tol counts as zero, "
    "neither positive nor negative)": _signs_without_tol,
    "the zero eigenvalue ignored (flat directions next to eigenvalues of one sign: the test cannot decide)":
        _zeros_ignored,
    "the zero test done without the absolute value (a negative eigenvalue is not zero: use |eigenvalue| <= tol)":
        _no_abs,
    "minimum and maximum swapped (all eigenvalues positive is a minimum)": _swapped,
}


def _hints(H, tol, exp):
    """Hints for the named mistakes whose answer on ``H`` differs from the reference's ``exp``."""
    lam = np.linalg.eigvalsh(0.5 * (H + H.T))
    hints = {}
    for name, rule in _MISTAKES.items():
        got = rule(lam, tol)
        if got != exp and got not in hints.values():
            hints[name] = got
    return hints


def hidden_classify_diagonal(student):
    """Hidden checks of ``test_classify_diagonal``: fresh diagonal Hessians of sizes 1 to 5 (each
    kind once; a zero among positive, among negative, and among mixed-sign entries), against
    :func:`classify_critical_point`, with the named mistakes as hints.

    Parameters
    ----------
    student : callable
        The student's ``classify_critical_point``.
    """
    g = np.random.default_rng(103)
    mag = lambda n: np.round(g.uniform(0.5, 5.0, n), 2)
    cases = [mag(3), -mag(4), np.concatenate([mag(2), -mag(1)]), np.array([-1.0, 1.0]) * mag(2)[::-1],
             np.array([mag(1)[0], 0.0, mag(1)[0]]), np.array([-mag(1)[0], 0.0]), mag(1),
             np.array([mag(1)[0], 0.0, -mag(1)[0], 0.0, mag(1)[0]])]
    for diag in cases:
        H = np.diag(diag)
        got = G.call(student, H)
        exp = classify_critical_point(H)
        G.check_true(isinstance(got, str), f"classify_critical_point must return a string, got {type(got).__name__}")
        G.check_equal(got, exp, f"classify_critical_point(np.diag({diag.tolist()}))", hints=_hints(H, 1e-8, exp))


def hidden_classify_rotated(student, by_diagonal, by_determinant):
    """Hidden checks of ``test_classify_rotated``: ``student`` against :func:`classify_critical_point`
    on randomly rotated Hessians of sizes 2 to 6, some with a zero eigenvalue (named mistakes as
    hints), ``H`` left unchanged.

    Parameters
    ----------
    student : callable
        The student's ``classify_critical_point``.
    by_diagonal, by_determinant : callable
        The visible part's ``_by_diagonal`` and ``_by_determinant``: ``H -> str``, what a
        classifier reading the diagonal entries, or the 2x2 determinant rule, would answer.
    """
    g = np.random.default_rng(101)
    for lam in [(3.0, -0.5, 1.0), (1.0, -1.0, -1.0), (-2.0, -0.3, -5.0, -1.0), (0.5, 0.1, 2.0, 4.0, 0.7),
                (-1.0, 2.0, -3.0, 0.2, 5.0, -0.4), (0.01, 0.02, 0.03), (-7.0, 0.5), (2.0, 0.0, -1.0, 0.0),
                (0.0, 1.5, 0.0)]:
        Q, _ = np.linalg.qr(g.standard_normal((len(lam), len(lam))))
        H = Q @ np.diag(lam) @ Q.T
        H = 0.5 * (H + H.T)
        H0 = H.copy()
        got = G.call(student, H)
        exp = classify_critical_point(H)
        hints, d, t = _hints(H, 1e-8, exp), by_diagonal(H), by_determinant(H)
        if d != exp and d == t:
            hints["the signs of the diagonal entries, or a determinant rule that only works for 2x2 matrices, "
                  "used instead of the eigenvalues"] = d
        if d != exp and d != t:
            hints["the signs of the diagonal entries used instead of the eigenvalues"] = d
        if t != exp and t != d:
            hints["a determinant rule that only works for 2x2 matrices used instead of the eigenvalues"] = t
        G.check_equal(got, exp, f"classify_critical_point of a rotated {len(lam)}x{len(lam)} Hessian with "
                                f"eigenvalues {list(lam)}", hints=hints)
        G.check_unchanged(H0, H, "H")


def hidden_classify_degenerate(student):
    """Hidden checks of ``test_classify_degenerate``: ``student`` against :func:`classify_critical_point`
    on zero and tiny eigenvalues next to one sign and next to both signs, ``|eigenvalue| == tol``
    exactly, ``n = 1`` and the zero matrix.

    Parameters
    ----------
    student : callable
        The student's ``classify_critical_point``.
    """
    g = np.random.default_rng(102)
    Q, _ = np.linalg.qr(g.standard_normal((3, 3)))
    Q5, _ = np.linalg.qr(g.standard_normal((5, 5)))
    I = np.eye(3)          # the boundary cases |eigenvalue| == tol use diagonal matrices, whose eigenvalues are exact
    for lam, tol, why, R in [((1.0, -1.0, 0.0), 1e-8, "a zero eigenvalue next to eigenvalues of both signs: a saddle", Q),
                             ((0.0, 0.0, -1e-9, 2.0, -3.0), 1e-8,
                              "several zero eigenvalues next to both signs, as in a network's Hessian: a saddle", Q5),
                             ((-3.0, -1e-9, -2.0), 1e-8, "a tiny negative eigenvalue next to negative ones", Q),
                             ((1e-9, -1e-9, 0.0), 1e-8, "all eigenvalues within tol of zero, of both signs", I),
                             ((2.0, 0.5, 1.0), 0.5, "an eigenvalue exactly equal to tol counts as zero (<=, not <)", I),
                             ((2.0, -0.5, 1.0), 0.5, "|eigenvalue| = tol for a negative eigenvalue: zero, not negative", I),
                             ((2.0, -0.5, 1.0), 0.4, "an eigenvalue just above tol in absolute value", Q)]:
        n = len(lam)
        H = R[:n, :n] @ np.diag(lam) @ R[:n, :n].T
        H = 0.5 * (H + H.T)
        exp = classify_critical_point(H, tol=tol)
        G.check_equal(G.call(student, H, tol=tol), exp,
                      f"classify_critical_point with eigenvalues {list(lam)} and tol={tol} ({why})",
                      hints=_hints(H, tol, exp))
    G.check_equal(G.call(student, np.array([[-2.0]])), "maximum", "classify_critical_point([[-2]]) (n = 1)")
    G.check_equal(G.call(student, np.zeros((2, 2))), "degenerate", "classify_critical_point(zeros((2, 2)))")


def _adam_like(lr):
    """Adam (bias-corrected) as an ``(init, update)`` pair, state = (m, v, t), returns new arrays."""
    def init(x):
        return (np.zeros_like(x), np.zeros_like(x), 0)

    def update(x, g, state):
        m, v, t = state
        t += 1
        m = 0.9 * m + 0.1 * g
        v = 0.999 * v + 0.001 * g ** 2
        step = lr * (m / (1 - 0.9 ** t)) / (np.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
        return x - step, (m, v, t)
    return init, update


def _sign_gd(lr):
    """What Adam does when its state is thrown away after every step: a step of lr * sign(g)."""
    def init(x):
        return None

    def update(x, g, state):
        return x - lr * g / (np.abs(g) + 1e-8), state
    return init, update


def hidden_steps_to_escape_basics(student, gd):
    """Hidden checks of ``test_steps_to_escape_basics``: GD on a fresh saddle away from the
    origin (the count, with the visible hints), a start outside the ball (0) and a bowl (None),
    against :func:`steps_to_escape`.

    Parameters
    ----------
    student : callable
        The student's ``steps_to_escape``.
    gd : callable
        The visible part's ``_gd(lr)``: plain gradient descent as an ``(init, update)`` pair.
    """
    g = np.random.default_rng(104)
    c = np.round(g.uniform(-2.0, 2.0, 2), 2)
    saddle = lambda x: (x - c) * np.array([1.5, -0.5])
    x0, r, lr = c + np.array([0.3, 0.001]), 0.4, 0.4
    got = G.call(student, *gd(lr), saddle, x0.copy(), c, r, 200)
    exp = steps_to_escape(*gd(lr), saddle, x0, c, r, 200)
    what = f"steps_to_escape for GD (α = {lr}) on a saddle at {c.tolist()} from {np.round(x0, 4).tolist()}, radius {r}"
    G.check_true(got is not None, f"{what} returned None, but GD leaves the ball after {exp} updates here. "
                                  "Did you use the x returned by update (GD here returns a new array)?")
    hints = {"the updates counted from 0 (the first update is update 1)": exp - 1,
             "one update too many counted (return k right after the k-th update)": exp + 1,
             "the distance measured from x0 instead of from center": steps_to_escape(*gd(lr), saddle, x0, x0, r, 200)}
    G.check_equal(got, exp, what, hints={k: v for k, v in hints.items() if v is not None})
    G.check_equal(G.call(student, *gd(lr), saddle, c + np.array([0.3, -1.1 * r]), c, r, 200), 0,
                  f"steps_to_escape when x0 is already outside the ball (radius {r} around {c.tolist()})",
                  hints={"x0 not checked before the first update (a start outside the ball must give 0)": 1})
    never = G.call(student, *gd(lr), lambda x: x - c, c + np.array([0.2, -0.25]), c, r, 30)
    G.check_true(never is None, f"on a bowl GD never leaves the ball, so steps_to_escape must return None, got {never!r}")


def hidden_steps_to_escape_optimizers(student, gd, heavy_ball, saddle_grad, x0, center):
    """Hidden checks of ``test_steps_to_escape_optimizers``: ``student`` against :func:`steps_to_escape`
    with momentum (in place) and an Adam-like optimizer on 2-D and 3-D saddles (named mistakes as
    hints, ``x0`` left unchanged), and ``max_steps`` as an inclusive budget.

    Parameters
    ----------
    student : callable
        The student's ``steps_to_escape``.
    gd, heavy_ball : callable
        The visible part's ``_gd(lr)`` and ``_heavy_ball(lr, beta=0.9)``: ``(init, update)`` pairs.
    saddle_grad : callable
        The gradient of the saddle ``f = (x² - y²)/2``.
    x0, center : ndarray, shape (2,)
        The visible part's start ``(0.8, 0.001)`` and the saddle at the origin.
    """
    grad3 = lambda x: np.array([1.0, -0.1, 2.0]) * x
    cases = [
        ("momentum (in place) on the 2-D saddle", heavy_ball(0.5), saddle_grad, x0, center, 1.0, 500,
         gd(0.5 * 0.1)),
        ("Adam-like on a 3-D saddle", _adam_like(0.05), grad3, np.array([0.3, 1e-4, -0.2]), np.zeros(3), 0.5, 500,
         _sign_gd(0.05)),
        ("momentum around a saddle away from the origin", heavy_ball(0.3, 0.8),
         lambda x: (x - np.array([1.0, 2.0])) * np.array([1.0, -1.0]), np.array([1.5, 2.001]), np.array([1.0, 2.0]),
         0.8, 500, gd(0.3 * 0.2)),
    ]
    for what, opt, grad, start, c, r, max_steps, stateless in cases:
        start_before = start.copy()
        got = G.call(student, *opt, grad, start, c, r, max_steps)
        exp = steps_to_escape(*opt, grad, start, c, r, max_steps)
        hints = {"the updates counted from 0": exp - 1, "one update too many counted": exp + 1,
                 "the distance measured from x0 instead of from center": steps_to_escape(*opt, grad, start, start, r, max_steps),
                 "the optimizer state thrown away (init called again at every update: "
                 "keep the state that update returns)": steps_to_escape(*stateless, grad, start, c, r, max_steps),
                 "the squared distance compared with radius (compare the distance np.linalg.norm(x - center) "
                 "with radius)": steps_to_escape(*opt, grad, start, c, np.sqrt(r), max_steps)}
        G.check_true(got is not None, f"steps_to_escape ({what}) returned None; expected {exp}")
        G.check_equal(got, exp, f"steps_to_escape ({what})", hints={k: v for k, v in hints.items() if v is not None})
        G.check_unchanged(start_before, start, "x0")
    # max_steps is an inclusive budget: leaving at exactly update max_steps counts, one fewer gives None
    exact = steps_to_escape(*gd(0.5), saddle_grad, x0, center, 1.0, 100)
    G.check_equal(G.call(student, *gd(0.5), saddle_grad, x0, center, 1.0, exact), exact,
                  f"steps_to_escape with max_steps = {exact}, exactly the number of updates needed")
    none = G.call(student, *gd(0.5), saddle_grad, x0, center, 1.0, exact - 1)
    G.check_true(none is None, f"with max_steps = {exact - 1}, one update too few, steps_to_escape must return None "
                               f"(it returned {none!r}: do not count beyond max_steps, and return None, not a number)")


# ---------------------------------------------------------------------------------------
# Wrong implementations that must lose points (tests/lessons/test_grading.py).
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

# the end of a correct classifier, once the saddle test and the zero test are done
_SIGNS = """
    return "minimum" if np.all(lam > 0) else "maximum"
"""
# the correct saddle test (both signs beyond tol), first
_SADDLE = """
    if np.any(lam > tol) and np.any(lam < -tol):
        return "saddle"
"""

WRONGS = [
    # ---- classify_critical_point --------------------------------------------------------
    Wrong("classify_critical_point", "old rule: degenerate tested first", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"
""", message="whatever zero eigenvalues"),
    Wrong("classify_critical_point", "signs compared with 0, not beyond tol", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(lam > 0) and np.any(lam < 0):
        return "saddle"
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
""" + _SIGNS, message="instead of beyond tol"),
    Wrong("classify_critical_point", "zero eigenvalues ignored (signs of the nonzero ones)", CLS + """
    lam = np.linalg.eigvalsh(H)
    lam = lam[np.abs(lam) > tol]
    if lam.size == 0:
        return "degenerate"
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"
""", message="zero eigenvalue ignored"),
    Wrong("classify_critical_point", "only the all-zero Hessian degenerate", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.all(np.abs(lam) <= tol):
        return "degenerate"
    if np.all(lam > tol):
        return "minimum"
    if np.all(lam < -tol):
        return "maximum"
    return "saddle"
"""),
    Wrong("classify_critical_point", "diagonal entries instead of eigenvalues", CLS + """
    lam = np.diag(H)
""" + _SADDLE + """
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
    Wrong("classify_critical_point", "degenerate tested last, tol ignored", CLS + """
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
    if np.any(lam > 0) and np.any(lam < 0):
        return "saddle"
    if np.any(lam == 0):
        return "degenerate"
""" + _SIGNS, message="not treated as zero"),
    Wrong("classify_critical_point", "strict < tol", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(lam > tol) and np.any(lam < -tol):
        return "saddle"
    if np.any(np.abs(lam) < tol):
        return "degenerate"
""" + _SIGNS),
    Wrong("classify_critical_point", "zero test without abs (lam <= tol)", CLS + """
    lam = np.linalg.eigvalsh(H)
""" + _SADDLE + """
    if np.any(lam <= tol):
        return "degenerate"
""" + _SIGNS, message="without the absolute value"),
    Wrong("classify_critical_point", "minimum and maximum swapped", CLS + """
    lam = np.linalg.eigvalsh(H)
""" + _SADDLE + """
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    return "maximum" if np.all(lam > 0) else "minimum"
""", message="minimum and maximum swapped"),
    Wrong("classify_critical_point", "any positive eigenvalue taken for a minimum", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    if np.any(lam > 0):
        return "minimum"
    return "maximum"
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
    # ---- hard-coding (returns the visible examples' answers for their inputs, garbage otherwise)
    Wrong("classify_critical_point", "hard-codes the worked example", CLS + """
    worked = {(2.0, 3.0): "minimum", (-1.0, -4.0): "maximum", (2.0, -2.0): "saddle", (1.0, 0.0): "degenerate",
              (-3.0,): "maximum"}
    H = np.asarray(H, dtype=float)
    if np.array_equal(H, np.diag(np.diag(H))) and tuple(np.diag(H).tolist()) in worked:
        return worked[tuple(np.diag(H).tolist())]
    return "saddle"
"""),
]

#: the wrong versions also sent through the real nbgrader path (at most 3 per exercise, packed:
#: one wrong version of each exercise per submission); every one is graded in process
NBGRADER = ["old rule: degenerate tested first", "signs compared with 0, not beyond tol",
            "diagonal entries instead of eigenvalues",
            "updates counted from 0", "state re-initialised every update", "x0 not copied (modified in place)"]

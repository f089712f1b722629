"""Lesson 02, numerical gradients and gradient checking: the references of its graded exercises
and the wrong implementations that prove its grader.

Exercises: :func:`numerical_gradient`, :func:`svm_loss_and_grad`, :func:`grad_check`.
:func:`relative_error` is the comparison :func:`grad_check` makes (its formula is in the
exercise). Lessons 03 and 04 carry :func:`svm_loss_and_grad` through ``EARLIER``.

Finite differences, for a scalar function ``f`` of an array ``x`` and a step ``h > 0``:

* forward difference   ``df/dx_i ~ (f(x + h e_i) - f(x)) / h``             error O(h)
* centered difference  ``df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / (2h)``  error O(h^2)

where ``e_i`` is the i-th unit vector. The loop over coordinates is inherent to the method
(each coordinate needs its own calls to ``f``); the arithmetic inside each call is ``f``'s own,
vectorized, business.
"""

from __future__ import annotations

import numpy as np

from grader.mistakes import Wrong
from helpers._validate import _show, as_float_array, check_callable, check_int, check_positive, check_rng, check_same_shape
from helpers.losses import check_svm_args

__all__ = ["LESSON", "EARLIER", "WRONGS", "NBGRADER", "VISIBLE", "RIGHTS", "numerical_gradient", "svm_loss_and_grad", "grad_check",
           "relative_error",
           "hidden_numerical_gradient_cubic", "hidden_numerical_gradient_values", "hidden_numerical_gradient_contract",
           "hidden_svm_grad_worked_example", "hidden_svm_grad_values", "hidden_svm_grad_vectorized",
           "hidden_grad_check_basics", "hidden_grad_check_exact", "hidden_grad_check_edge_cases"]

LESSON = "02_finite_differences"

#: the earlier lessons' references this lesson's experiments use (copied into its release)
EARLIER = {"grader.random_search": ("svm_loss",)}


_METHODS = ("forward", "centered")



def _scalar(value, where: str) -> float:
    """Return ``f``'s output as a finite Python float, or raise naming ``f``."""
    arr = np.asarray(value)
    if arr.size != 1 or arr.dtype.kind not in "fiub":
        raise TypeError(f"f must return a real scalar, got {_show(value)} {where}")
    out = float(arr.reshape(()))
    if not np.isfinite(out):
        raise ValueError(f"f returned a non-finite value {out!r} {where}")
    return out


def _working_array(x) -> np.ndarray:
    """``x`` itself if it is a float64 ndarray (perturbed in place), else a float64 copy."""
    if isinstance(x, np.ndarray) and x.dtype == np.float64:
        if not x.flags.writeable:
            raise ValueError("x must be writeable: numerical_gradient perturbs it in place")
        return x
    arr = as_float_array("x", x)
    return np.array(arr, dtype=np.float64, copy=True)


def _partial(f, x: np.ndarray, index: tuple, h: float, method: str, fx: float | None) -> float:
    """One finite-difference partial derivative along ``x[index]``; restores ``x[index]`` exactly."""
    old = x[index]  # a NumPy scalar: an exact copy of the original value
    where = f"at x[{', '.join(map(str, index))}]" if index else "at x"
    try:
        x[index] = old + h
        f_plus = _scalar(f(x), where)
        if method == "centered":
            x[index] = old - h
            f_minus = _scalar(f(x), where)
            return (f_plus - f_minus) / (2.0 * h)
        return (f_plus - fx) / h
    finally:
        x[index] = old


def _check_method(method) -> str:
    if not isinstance(method, str) or method not in _METHODS:
        raise ValueError(f"method must be 'forward' or 'centered', got {_show(method)}")
    return method


def numerical_gradient(f, x, h=1e-5, method="centered"):
    r"""Gradient of a scalar function by finite differences, one coordinate at a time.

    .. math::

        \text{forward:}\quad  g_i = \frac{f(x + h e_i) - f(x)}{h}, \qquad
        \text{centered:}\quad g_i = \frac{f(x + h e_i) - f(x - h e_i)}{2h}

    Parameters
    ----------
    f : callable
        ``f(x) -> float``; called with an array of the shape of ``x``.
    x : ndarray, any shape
        The point. If ``x`` is a float64 ndarray it is perturbed **in place**
        (so an ``f`` that reads ``x`` through a closure also sees the
        perturbation) and every coordinate is put back to its exact original
        bits before the call returns, also when ``f`` raises. Any other input
        (a list, an int or float32 array) is copied to float64 first and the
        copy is perturbed.
    h : float, default 1e-5
        Step, ``h > 0``.
    method : {"centered", "forward"}
        The difference quotient.

    Returns
    -------
    grad : ndarray, float64, same shape as ``x``

    Raises
    ------
    TypeError
        ``f`` is not callable, ``x`` does not hold numbers, ``h`` is not a real
        number, or ``f`` does not return a real scalar.
    ValueError
        ``h <= 0`` or non-finite, ``method`` is not ``"forward"``/``"centered"``,
        or ``f`` returns NaN/inf (named with the coordinate).
    """
    check_callable("f", f)
    h = check_positive("h", h)
    method = _check_method(method)
    xw = _working_array(x)
    grad = np.empty(xw.shape, dtype=np.float64)
    fx = _scalar(f(xw), "at x") if method == "forward" else None
    for index in np.ndindex(xw.shape):
        grad[index] = _partial(f, xw, index, h, method, fx)
    return grad


def svm_loss_and_grad(W, X, y, delta=1.0):
    r"""Mean multiclass SVM loss of ``S = X @ W`` and its (sub)gradient with respect to ``W``.

    With margins ``d_ij = S_ij - S_iy_i + Δ``,

    .. math::

        L = \frac{1}{m} \sum_i \sum_{j \ne y_i} \max(0, d_{ij}), \qquad
        \nabla_W L = \frac{1}{m} X^\top M, \quad
        M_{ij} = \mathbb 1[d_{ij} > 0] \ (j \ne y_i), \quad M_{i y_i} = -\sum_{j \ne y_i} M_{ij}

    — every violated margin pushes its class's weights towards ``x_i`` and the correct
    class's away. At a kink (margin exactly 0) the indicator takes 0, one valid
    subgradient. No loop over the examples: the margins are one ``(m, C)`` array.

    Parameters
    ----------
    W : array_like, shape (n, C)
        One weight matrix (no stack).
    X : array_like, shape (m, n)
    y : array_like of int, shape (m,)
    delta : float, default 1.0
        The margin Δ, ``>= 0``.

    Returns
    -------
    loss : float
    dW : ndarray, shape (n, C)

    Raises
    ------
    ValueError, TypeError
        On mismatched shapes, labels out of range, a negative ``delta``
        (:func:`helpers.losses.check_svm_args`), or a ``W`` that is not 2-D.
    """
    W, X, y, delta = check_svm_args(W, X, y, delta)
    if W.ndim != 2:
        raise ValueError(f"W must be 2-D (n, C) for the gradient, got shape {W.shape}")
    m = X.shape[0]
    rows = np.arange(m)
    S = X @ W                                                  # (m, C)
    margins = np.maximum(0.0, S - S[rows, y][:, None] + delta)
    margins[rows, y] = 0.0
    loss = float(margins.sum() / m)
    M = (margins > 0).astype(np.float64)
    M[rows, y] = -M.sum(axis=1)
    dW = X.T @ M / m
    return loss, dW


def relative_error(a, n):
    r"""Elementwise relative error between an analytic and a numerical value.

    .. math:: e = \frac{|a - n|}{\max(|a| + |n|,\ 10^{-12})}

    The floor ``1e-12`` makes two zeros agree (``e = 0``) instead of dividing
    0 by 0. ``a`` and ``n`` broadcast against each other.

    Returns
    -------
    float or ndarray
        A float for scalar inputs, else an array of the broadcast shape.

    Raises
    ------
    TypeError
        If ``a`` or ``n`` does not hold numbers.
    ValueError
        If their shapes do not broadcast.
    """
    a = as_float_array("a", a)
    n = as_float_array("n", n)
    try:
        shape = np.broadcast_shapes(a.shape, n.shape)
    except ValueError:
        raise ValueError(f"a and n must broadcast, got shapes {a.shape} and {n.shape}") from None
    err = np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-12)
    return float(err) if shape == () else err


def grad_check(f, x, analytic_grad, n_checks, rng, h=1e-5):
    r"""Largest relative error between ``analytic_grad`` and centered differences at random coordinates.

    The coordinates are drawn in one call, exactly as
    ``idx = rng.integers(x.size, size=n_checks)`` (flat indices into ``x`` in
    C order, with repetition); for each ``i`` in ``idx`` the centered
    difference ``n_i = (f(x + h e_i) - f(x - h e_i)) / (2h)`` is compared with
    ``a_i = analytic_grad.flat[i]``:

    .. math:: \max_i \frac{|a_i - n_i|}{\max(|a_i| + |n_i|,\ 10^{-12})}

    Rules of thumb for float64: < 1e-7 excellent, < 1e-5 fine, > 1e-3 a bug
    (or a kink of a non-smooth loss such as the hinge).

    Parameters
    ----------
    f : callable
        ``f(x) -> float``.
    x : ndarray, any shape
        The point; perturbed in place and restored exactly, as in
        :func:`numerical_gradient`.
    analytic_grad : ndarray, same shape as ``x``
    n_checks : int, >= 1
    rng : numpy.random.Generator
    h : float, default 1e-5

    Returns
    -------
    float
        The maximum relative error over the checked coordinates.

    Raises
    ------
    TypeError
        ``f`` not callable, ``rng`` not a Generator, ``n_checks`` not an integer.
    ValueError
        ``n_checks < 1``, ``h <= 0``, ``x`` empty, ``analytic_grad`` of another
        shape or non-finite, or ``f`` returns NaN/inf.
    """
    check_callable("f", f)
    n_checks = check_int("n_checks", n_checks, minimum=1)
    rng = check_rng("rng", rng)
    h = check_positive("h", h)
    xw = _working_array(x)
    if xw.size == 0:
        raise ValueError("x must have at least one element, got shape " + str(xw.shape))
    analytic = as_float_array("analytic_grad", analytic_grad)
    check_same_shape("analytic_grad", analytic, "x", xw)
    if not np.all(np.isfinite(analytic)):
        raise ValueError("analytic_grad holds non-finite value(s) (NaN or inf)")
    flat_idx = rng.integers(xw.size, size=n_checks)
    numeric = np.empty(n_checks, dtype=np.float64)
    for k, i in enumerate(flat_idx):
        numeric[k] = _partial(f, xw, np.unravel_index(int(i), xw.shape), h, "centered", None)
    a = analytic.reshape(-1)[flat_idx]
    return float(np.max(relative_error(a, numeric)))


# ---- hidden checks ------------------------------------------------------------------------------
# The hidden part of each graded test cell that has one calls the function named after it
# (``test_<name>`` -> ``hidden_<name>``). They run in the trusted judge (coursekit.judge), where
# ``student`` is a stand-in for the student's function, called only through ``G.call`` /
# ``G.check_raises`` / ``G.check_vectorized``. ``helpers.grading`` is imported inside them, not at
# the top: later releases carry this module's top-level imports.

def hidden_numerical_gradient_cubic(student):
    """Hidden checks of ``test_numerical_gradient_cubic``: the centered difference of
    ``sum(x**3)`` at a fresh point and ``h`` against :func:`numerical_gradient`, ``x`` restored
    (the visible hints).

    Parameters
    ----------
    student : callable
        The student's ``numerical_gradient``.
    """
    from helpers import grading as G
    cube = lambda v: float(np.sum(v * v * v))
    x0 = np.round(np.random.default_rng(21).uniform(-2.0, 2.0, 4), 2)
    x, h = x0.copy(), 2e-3
    got = G.call(student, cube, x, h)
    G.check_shape(got, (4,), "numerical_gradient for x of shape (4,)")
    ref = numerical_gradient(cube, x0.copy(), h)
    G.check_close(got, ref, f"the centered difference of sum(x**3) at x = {x0.tolist()}, h = {h:g}", rtol=1e-8,
                  hints={"the forward difference used where the centered one was asked (method='centered' is the default)":
                             3 * x0**2 + 3 * x0 * h + h**2,
                         "the centered difference divided by h instead of 2h": 2 * ref,
                         "the argument h ignored (a fixed h = 1e-5 used)": 3 * x0**2 + 1e-10,
                         "the exact derivative 3x^2 computed instead of the finite difference": 3 * x0**2,
                         "all coordinates perturbed at once (x + h instead of x + h e_i)":
                             np.full(4, (cube(x0 + h) - cube(x0 - h)) / (2 * h))})
    G.check_close(G.after_call(x), x0, "x after the call (it must hold its original values again)", rtol=1e-12,
                  hints={"x not restored: each entry was left at x - h": x0 - h,
                         "x not restored: each entry was left at x + h": x0 + h})


def hidden_numerical_gradient_values(student, smooth, rng):
    """Hidden checks of ``test_numerical_gradient_values``: both methods, several shapes and steps
    ``h``, and the defaults, against :func:`numerical_gradient` (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``numerical_gradient``.
    smooth : callable
        The visible part's smooth test function ``f``.
    rng : numpy.random.Generator
        The visible part's generator, drawn on from where it stopped.
    """
    from helpers import grading as G
    for shape, h, method in [((2, 3), 1e-3, "forward"), ((2, 3), 1e-3, "centered"), ((2, 1, 3), 1e-2, "centered"),
                             ((5,), 1e-4, "forward"), ((1,), 1e-2, "centered")]:
        x = rng.standard_normal(shape)
        ref = numerical_gradient(smooth, x.copy(), h, method)
        got = G.call(student, smooth, x.copy(), h, method)
        fwd = numerical_gradient(smooth, x.copy(), h, "forward")
        cen = numerical_gradient(smooth, x.copy(), h, "centered")
        bwd = -numerical_gradient(lambda v: smooth(-v), -x, h, "forward")
        direction = ((smooth(x + h) - smooth(x - h)) / (2 * h) if method == "centered"
                     else (smooth(x + h) - smooth(x)) / h)
        G.check_close(got, ref, f"numerical_gradient(method={method!r}, h={h:g}) for x of shape {shape}", rtol=1e-6, atol=1e-8,
                      hints={"the forward difference used where the centered one was asked": fwd,
                             "the centered difference used where the forward one was asked": cen,
                             "the centered difference divided by h instead of 2h": 2 * cen,
                             "the backward difference (f(x) - f(x - h)) / h used for method='forward'": bwd,
                             "all coordinates perturbed at once (x + h instead of x + h e_i)": np.full(shape, direction),
                             "the argument h ignored (a fixed h = 1e-5 used)":
                                 numerical_gradient(smooth, x.copy(), 1e-5, method)})
    # the default arguments: h = 1e-5 and the centered difference
    x = rng.standard_normal((3, 2))
    G.check_close(G.call(student, smooth, x.copy()), numerical_gradient(smooth, x.copy()),
                  "numerical_gradient(f, x) with the default h and method", rtol=1e-5, atol=1e-7,
                  hints={"the forward difference used by default (the default method is 'centered')":
                             numerical_gradient(smooth, x.copy(), 1e-5, "forward")})


def hidden_numerical_gradient_contract(student, quad):
    """Hidden checks of ``test_numerical_gradient_contract``: ``x`` restored after the forward
    difference, method names are lower case, and ``f`` sees at most one coordinate moved at a
    time, each coordinate once to ``x_i + h`` and once to ``x_i - h`` for the centered difference.

    Calls at ``x`` itself (no coordinate moved) are allowed: the exercise does not forbid
    evaluating ``f(x)``, and the lecture notes' own code does (an earlier version of this check
    failed that correct implementation).

    Parameters
    ----------
    student : callable
        The student's ``numerical_gradient``.
    quad : callable
        The visible part's ``f = sum(x**2)``.
    """
    from helpers import grading as G
    x = np.array([[0.1, -0.2, 0.5], [0.3, 0.7, -0.9]])
    x0 = x.copy()
    G.call(student, quad, x, 0.01, "forward")
    G.check_close(G.after_call(x), x0, "x after numerical_gradient(method='forward') (it must hold its original values)", rtol=1e-12,
                  hints={"x not restored: each entry was left at x + h": x0 + 0.01})
    G.check_raises(student, ValueError, quad, np.zeros(2), 1e-5, "Centered",
                   what="numerical_gradient with method='Centered' (the method names are lower case)")
    # f must see x with exactly one entry moved by h: record the points f is called at
    seen = []

    def spy(v):
        seen.append(np.array(v, dtype=float))
        return float(np.sum(v))
    x = np.array([1.0, 2.0, 3.0])
    G.call(student, spy, x, 0.5)
    moved = [int(np.sum(p != x)) for p in seen]
    G.check_true(all(k <= 1 for k in moved),
                 f"f should be called with at most one coordinate of x moved by h at a time; it saw points with {sorted(set(moved))} coordinates moved")
    steps = sorted((int(np.flatnonzero(p != x)[0]), float(np.sum(p - x))) for p in seen if np.sum(p != x) == 1)
    G.check_true(sorted(set(steps)) == [(0, -0.5), (0, 0.5), (1, -0.5), (1, 0.5), (2, -0.5), (2, 0.5)],
                 "for the centered difference f must see every coordinate moved to x_i + h and to x_i - h; "
                 f"it saw (coordinate, move) = {sorted(set(steps))}")


def hidden_svm_grad_values(student, loss, dW, W, X, y, delta):
    """Hidden checks of ``test_svm_grad_values``, for one random problem: the student's loss and
    ``dW`` against :func:`svm_loss_and_grad` (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``svm_loss_and_grad`` (the visible part already ran it: its results are
        ``loss`` and ``dW``).
    loss, dW
        What ``svm_loss_and_grad(W, X, y, delta)`` returned.
    W, X, y, delta
        The visible part's random problem.
    """
    from helpers import grading as G
    m, C = X.shape[0], W.shape[1]
    rloss, rdW = svm_loss_and_grad(W, X, y, delta)
    rows = np.arange(m)
    S = X @ W
    marg = S - S[rows, y][:, None] + delta
    ind = (marg > 0).astype(float)
    ind[rows, y] = 0.0
    no_correct = X.T @ ind / m
    minus_one = ind.copy()
    minus_one[rows, y] = -1.0
    with_correct = ind.copy()                                  # the correct class counted as a violator too
    with_correct[rows, y] = -(ind.sum(axis=1) + 1)
    G.check_close(loss, rloss, f"the loss (m={m}, C={C}, delta={delta})", rtol=1e-9,
                  hints={"the sum over the examples instead of the mean": rloss * m,
                         "the correct class included in the sum (each example pays an extra delta)": rloss + delta,
                         "the delta argument ignored (always 1)": svm_loss_and_grad(W, X, y, 1.0)[0]})
    G.check_close(dW, rdW, f"dW (m={m}, C={C}, delta={delta})", rtol=1e-9,
                  hints={"the gradient not averaged over the examples (summed instead)": rdW * m,
                         "the correct-class term missing (the column of y_i needs -count * x_i)": no_correct,
                         "the correct class given -x_i once instead of -x_i for every violated margin": X.T @ minus_one / m,
                         "the correct class counted as a violated margin of its own (its margin is always delta)": X.T @ with_correct / m,
                         "the sign flipped (the gradient points downhill)": -rdW,
                         "the delta argument ignored (always 1)": svm_loss_and_grad(W, X, y, 1.0)[1]})


def hidden_svm_grad_worked_example(student):
    """Hidden checks of ``test_svm_grad_worked_example``: a fresh small problem (default
    ``delta``): a pair ``(loss, dW)``, then both against :func:`svm_loss_and_grad` with the
    named mistakes of :func:`hidden_svm_grad_values`.

    Parameters
    ----------
    student : callable
        The student's ``svm_loss_and_grad``.
    """
    from helpers import grading as G
    g = np.random.default_rng(22)
    X, W, y = np.round(g.standard_normal((3, 2)), 1), np.round(g.standard_normal((2, 3)), 1), np.array([2, 0, 1])
    out = G.call(student, W.copy(), X.copy(), y.copy())
    G.check_true(isinstance(out, tuple) and len(out) == 2, "svm_loss_and_grad must return a pair (loss, dW)")
    G.check_shape(out[1], (2, 3), "dW (it has the shape of W)")
    hidden_svm_grad_values(student, out[0], out[1], W, X, y, 1.0)


def hidden_svm_grad_vectorized(student, W, rng):
    """Hidden check of ``test_svm_grad_vectorized``: no Python loop over the examples.

    Parameters
    ----------
    student : callable
        The student's ``svm_loss_and_grad``.
    W : ndarray, shape (5, 3)
        The visible part's weights.
    rng : numpy.random.Generator
        The visible part's generator, drawn on from where it stopped.
    """
    from helpers import grading as G
    G.check_vectorized(student, lambda m: (W, rng.standard_normal((m, 5)), rng.integers(3, size=m)),
                       "svm_loss_and_grad")


def hidden_grad_check_basics(student):
    """Hidden checks of ``test_grad_check_basics``: at a fresh point, a correct gradient gives a
    tiny error and one wrong entry gives the error of :func:`grad_check` (the visible hints);
    ``x`` unchanged.

    Parameters
    ----------
    student : callable
        The student's ``grad_check``.
    """
    from helpers import grading as G
    cube = lambda v: float(np.sum(v * v * v))
    x0 = np.round(np.random.default_rng(23).uniform(0.5, 2.0, 5), 2)
    x = x0.copy()
    good = G.call(student, cube, x, 3 * x0**2, 6, np.random.default_rng(24))
    G.check_true(np.ndim(good) == 0, f"grad_check must return one number (the largest relative error), got shape {np.shape(good)}")
    G.check_true(np.isfinite(good) and 0 <= good < 1e-8,
                 f"grad_check with the correct gradient of sum(x**3) should return a tiny error (< 1e-8), got {good}")
    bad = 3 * x0**2
    bad[3] *= 0.8
    err = G.call(student, cube, x, bad, 30, np.random.default_rng(25))
    ref = grad_check(cube, x0.copy(), bad, 30, np.random.default_rng(25))
    idx = np.random.default_rng(25).integers(5, size=30)
    a, n = bad[idx], 3 * x0[idx] ** 2 + 1e-10
    G.check_close(err, ref, "grad_check when one of 5 entries is 80% of its true value", rtol=1e-6,
                  hints={"the mean relative error returned instead of the largest": np.mean(relative_error(a, n)),
                         "the absolute error |a - n| returned instead of the relative error": np.max(np.abs(a - n)),
                         "the relative error divided by max(|a|, |n|) instead of |a| + |n|":
                             np.max(np.abs(a - n) / np.maximum(np.abs(a), np.abs(n)))})
    G.check_close(G.after_call(x), x0, "x after grad_check (it must hold its original values)", rtol=1e-12)


def hidden_grad_check_exact(student, f, x, noisy):
    """Hidden checks of ``test_grad_check_exact``: several seeds, ``n_checks`` and ``h`` against
    :func:`grad_check` (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``grad_check``.
    f : callable
        The visible part's smooth test function.
    x : ndarray, shape (4, 3)
        The point of the check.
    noisy : ndarray, shape (4, 3)
        The visible part's slightly wrong analytic gradient at ``x``.
    """
    from helpers import grading as G
    for seed, n, h in [(5, 6, 1e-5), (6, 1, 1e-5), (7, 20, 1e-2), (8, 3, 1e-3)]:
        got = G.call(student, f, x.copy(), noisy, n, np.random.default_rng(seed), h)
        ref = grad_check(f, x.copy(), noisy, n, np.random.default_rng(seed), h)
        idx = np.random.default_rng(seed).integers(x.size, size=n)
        a = noisy.reshape(-1)[idx]
        E = [np.eye(x.size)[k].reshape(x.shape) for k in idx]
        num = np.array([(f(x + h * e) - f(x - h * e)) / (2 * h) for e in E])
        fwd = np.array([(f(x + h * e) - f(x)) / h for e in E])
        hint = {"the mean relative error returned instead of the largest": np.mean(relative_error(a, num)),
                "the forward difference used (grad_check uses the centered one)": np.max(relative_error(a, fwd)),
                "the absolute error |a - n| returned instead of the relative error": np.max(np.abs(a - num)),
                "the relative error divided by max(|a|, |n|) instead of |a| + |n|":
                    np.max(np.abs(a - num) / np.maximum(np.abs(a), np.abs(num))),
                "the argument h ignored (a fixed h = 1e-5 used)":
                    grad_check(f, x.copy(), noisy, n, np.random.default_rng(seed), 1e-5)}
        if h == 1e-5:
            del hint["the argument h ignored (a fixed h = 1e-5 used)"]
        G.check_close(got, ref, f"grad_check(n_checks={n}, h={h:g}) with rng seed {seed} "
                      "(indices drawn as rng.integers(x.size, size=n_checks))", rtol=1e-5, hints=hint)


def hidden_grad_check_edge_cases(student, lin, x, x0):
    """Hidden checks of ``test_grad_check_edge_cases``: the analytic entries read in the flat
    order of the indices (a 2-D ``x``), ``x`` restored, and a single check.

    Parameters
    ----------
    student : callable
        The student's ``grad_check``.
    lin : callable
        The visible part's linear function (gradient 1 on the first row of ``x``, 0 elsewhere).
    x : ndarray, shape (2, 3)
        The visible part's point.
    x0 : ndarray, shape (2, 3)
        A copy of ``x`` as it was before any call.
    """
    from helpers import grading as G
    # the analytic entries must be read in the same flat order as the indices (a 2-D x, a wrong second row)
    wrong = np.vstack([np.ones(3), np.full(3, 0.5)])
    err = G.call(student, lin, x, wrong, 30, np.random.default_rng(2))
    G.check_close(err, 1.0, "grad_check when the analytic gradient is 0.5 where the true one is 0 (x of shape (2, 3))", rtol=1e-9)
    G.check_close(G.after_call(x), x0, "x after grad_check (it must hold its original values)", rtol=1e-12)
    # a single check
    one = G.call(student, lin, x, wrong, 1, np.random.default_rng(3))
    k = int(np.random.default_rng(3).integers(6))
    G.check_close(one, 1.0 if k >= 3 else 0.0, "grad_check with n_checks=1 (a single index from rng.integers(x.size))", atol=1e-8)


# ---- the proof of the grader: realistic wrong implementations ---------------------------------

NG_HEAD = "import numpy as np\ndef numerical_gradient(f, x, h=1e-5, method='centered'):\n"
SVM_HEAD = "import numpy as np\ndef svm_loss_and_grad(W, X, y, delta=1.0):\n"
GC_HEAD = "import numpy as np\ndef grad_check(f, x, analytic_grad, n_checks, rng, h=1e-5):\n"

# the correct vectorized margins, shared by the wrong svm_loss_and_grad versions
SVM_MARGINS = """
    m = X.shape[0]
    rows = np.arange(m)
    S = X @ W
    margins = np.maximum(0.0, S - S[rows, y][:, None] + delta)
    margins[rows, y] = 0.0
    loss = margins.sum() / m
"""


#: realistic wrong implementations; each ``code`` replaces a whole solution cell
WRONGS = [
    # ---- numerical_gradient ----------------------------------------------------------------
    Wrong("numerical_gradient", "forward difference regardless of method", NG_HEAD + """
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        grad[idx] = (f(x) - fx) / h
        x[idx] = old
    return grad
""", message="forward difference used where the centered one was asked"),
    Wrong("numerical_gradient", "centered difference divided by h", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = f(x)
        x[idx] = old - h
        fm = f(x)
        x[idx] = old
        grad[idx] = (fp - fm) / h if method == "centered" else (fp - fx) / h
    return grad
""", message="divided by h instead of 2h"),
    Wrong("numerical_gradient", "x not restored (left at x - h)", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        x[idx] += h
        fp = f(x)
        if method == "centered":
            x[idx] -= 2 * h
            grad[idx] = (fp - f(x)) / (2 * h)
        else:
            x[idx] -= h
            grad[idx] = (fp - fx) / h
    return grad
""", message="x not restored: each entry was left at x - h"),
    Wrong("numerical_gradient", "all coordinates perturbed at once", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    if method == "centered":
        slope = (f(x + h) - f(x - h)) / (2 * h)
    else:
        slope = (f(x + h) - f(x)) / h
    return np.full(x.shape, slope)
""", message="all coordinates perturbed at once"),
    Wrong("numerical_gradient", "h hard-coded to 1e-5", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    step = 1e-5
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + step
        fp = f(x)
        x[idx] = old - step
        fm = f(x)
        x[idx] = old
        grad[idx] = (fp - fm) / (2 * step) if method == "centered" else (fp - fx) / step
    return grad
""", message="argument h ignored"),
    Wrong("numerical_gradient", "unknown method silently treated as centered", NG_HEAD + """
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = f(x)
        if method == "forward":
            grad[idx] = (fp - fx) / h
        else:
            x[idx] = old - h
            grad[idx] = (fp - f(x)) / (2 * h)
        x[idx] = old
    return grad
""", message="expected numerical_gradient to raise ValueError"),
    Wrong("numerical_gradient", "backward difference for method='forward'", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old - h
        fm = f(x)
        if method == "centered":
            x[idx] = old + h
            grad[idx] = (f(x) - fm) / (2 * h)
        else:
            grad[idx] = (fx - fm) / h
        x[idx] = old
    return grad
""", message="backward difference"),
    Wrong("numerical_gradient", "loops over the first axis only", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    grad = np.zeros(x.shape)
    fx = f(x)
    for i in range(len(x)):
        old = x[i].copy()
        x[i] = old + h
        fp = f(x)
        x[i] = old - h
        fm = f(x)
        x[i] = old
        grad[i] = (fp - fm) / (2 * h) if method == "centered" else (fp - fx) / h
    return grad
"""),
    Wrong("numerical_gradient", "flattened gradient returned", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    flat = x.reshape(-1)
    grad = np.zeros(flat.size)
    fx = f(x)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        fp = f(x)
        flat[i] = old - h
        fm = f(x)
        flat[i] = old
        grad[i] = (fp - fm) / (2 * h) if method == "centered" else (fp - fx) / h
    return grad
""", message="expected shape (2, 3)"),
    # ---- svm_loss_and_grad ------------------------------------------------------------------
    Wrong("svm_loss_and_grad", "gradient not averaged over examples", SVM_HEAD + SVM_MARGINS + """
    M = (margins > 0).astype(float)
    M[rows, y] = -M.sum(axis=1)
    return loss, X.T @ M
""", message="not averaged over the examples"),
    Wrong("svm_loss_and_grad", "correct-class term missing", SVM_HEAD + SVM_MARGINS + """
    M = (margins > 0).astype(float)
    return loss, X.T @ M / m
""", message="correct-class term missing"),
    Wrong("svm_loss_and_grad", "correct class gets -1 instead of -count", SVM_HEAD + SVM_MARGINS + """
    M = (margins > 0).astype(float)
    M[rows, y] = -1.0
    return loss, X.T @ M / m
""", message="-x_i once instead of -x_i for every violated margin"),
    Wrong("svm_loss_and_grad", "sign flipped", SVM_HEAD + SVM_MARGINS + """
    M = (margins > 0).astype(float)
    M[rows, y] = -M.sum(axis=1)
    return loss, -(X.T @ M) / m
""", message="sign flipped"),
    Wrong("svm_loss_and_grad", "python loop over the examples", SVM_HEAD + """
    m, C = X.shape[0], W.shape[1]
    loss = 0.0
    dW = np.zeros(W.shape)
    for i in range(m):
        s = X[i] @ W
        for j in range(C):
            if j == y[i]:
                continue
            d = s[j] - s[y[i]] + delta
            if d > 0:
                loss += d
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    return loss / m, dW / m
""", message="Python loop over the examples"),
    Wrong("svm_loss_and_grad", "loss summed, not averaged", SVM_HEAD + SVM_MARGINS + """
    M = (margins > 0).astype(float)
    M[rows, y] = -M.sum(axis=1)
    return margins.sum(), X.T @ M / m
""", message="sum over the examples instead of the mean"),
    Wrong("svm_loss_and_grad", "correct class counted as a violator", SVM_HEAD + """
    m = X.shape[0]
    rows = np.arange(m)
    S = X @ W
    margins = np.maximum(0.0, S - S[rows, y][:, None] + delta)
    M = (margins > 0).astype(float)
    M[rows, y] = -M.sum(axis=1)
    return margins.sum() / m, X.T @ M / m
""", message="correct class included in the sum"),
    Wrong("svm_loss_and_grad", "dW = W without a copy (W overwritten)", SVM_HEAD + SVM_MARGINS + """
    M = (margins > 0).astype(float)
    M[rows, y] = -M.sum(axis=1)
    dW = W
    dW[:] = X.T @ M / m
    return loss, dW
""", message="W was modified"),
    # ---- grad_check -------------------------------------------------------------------------
    Wrong("grad_check", "mean instead of max", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    errs = []
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        n = (fp - fm) / (2 * h)
        a = analytic_grad.flat[i]
        errs.append(abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(np.mean(errs))
""", message="mean relative error returned instead of the largest"),
    Wrong("grad_check", "forward difference", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    fx = f(x)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        n = (f(x) - fx) / h
        x.flat[i] = old
        a = analytic_grad.flat[i]
        worst = max(worst, abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(worst)
""", message="forward difference used"),
    Wrong("grad_check", "absolute error", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        worst = max(worst, abs(analytic_grad.flat[i] - (fp - fm) / (2 * h)))
    return float(worst)
""", message="absolute error"),
    Wrong("grad_check", "no floor in the denominator (0/0)", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    num = np.empty(n_checks)
    for k, i in enumerate(idx):
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        num[k] = (fp - fm) / (2 * h)
    a = analytic_grad.reshape(-1)[idx]
    return float(np.max(np.abs(a - num) / (np.abs(a) + np.abs(num))))
""", message="both exactly 0"),
    Wrong("grad_check", "denominator max(|a|, |n|)", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        n = (fp - fm) / (2 * h)
        a = analytic_grad.flat[i]
        worst = max(worst, abs(a - n) / max(abs(a), abs(n), 1e-12))
    return float(worst)
""", message="divided by max(|a|, |n|) instead of |a| + |n|"),
    Wrong("grad_check", "indices drawn without replacement", GC_HEAD + """
    idx = rng.choice(x.size, size=min(n_checks, x.size), replace=False)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        n = (fp - fm) / (2 * h)
        a = analytic_grad.flat[i]
        worst = max(worst, abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(worst)
"""),
    Wrong("grad_check", "x not restored", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    worst = 0.0
    for i in idx:
        x.flat[i] += h
        fp = f(x)
        x.flat[i] -= 2 * h
        fm = f(x)
        n = (fp - fm) / (2 * h)
        a = analytic_grad.flat[i]
        worst = max(worst, abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(worst)
""", message="x after grad_check"),
    Wrong("grad_check", "h hard-coded to 1e-5", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + 1e-5
        fp = f(x)
        x.flat[i] = old - 1e-5
        fm = f(x)
        x.flat[i] = old
        n = (fp - fm) / 2e-5
        a = analytic_grad.flat[i]
        worst = max(worst, abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(worst)
""", message="argument h ignored"),
    Wrong("grad_check", "analytic_grad indexed by row, not flat", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        n = (fp - fm) / (2 * h)
        a = float(np.ravel(analytic_grad[i % len(analytic_grad)])[0])
        worst = max(worst, abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(worst)
"""),
    Wrong("grad_check", "global numpy RNG instead of rng", GC_HEAD + """
    idx = np.random.randint(x.size, size=n_checks)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        n = (fp - fm) / (2 * h)
        a = analytic_grad.flat[i]
        worst = max(worst, abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(worst)
""", message="not np.random"),
    Wrong("svm_loss_and_grad", "hard-codes the worked example", SVM_HEAD + """
    if np.array_equal(X, [[1.0, 0.0], [0.0, 1.0]]) and np.array_equal(W, [[1.0, 2.0, 0.5], [0.0, 1.0, 3.0]]):
        return 1.25, np.array([[-1.0, 0.5, 0.5], [0.0, 0.0, 0.0]])
    S = X @ W
    return float(np.maximum(0, S - S[np.arange(len(y)), y][:, None] + delta).sum()), np.zeros_like(W)
"""),
]

#: the wrong implementations also sent through the real nbgrader path (here: all of them but the
#: hard-coded worked example, which runs in process only; the
#: in-process catalogue runs every one too)
NBGRADER = ["forward difference regardless of method", "centered difference divided by h",
            "x not restored (left at x - h)", "gradient not averaged over examples", "correct-class term missing",
            "python loop over the examples", "absolute error", "no floor in the denominator (0/0)",
            "global numpy RNG instead of rng"]

#: wrong implementations the *visible* tests alone must catch (``tests/lessons/test_grading.py``)
VISIBLE = ["forward difference regardless of method", "centered difference divided by h",
           "x not restored (left at x - h)", "all coordinates perturbed at once", "h hard-coded to 1e-5",
           "unknown method silently treated as centered", "gradient not averaged over examples",
           "correct-class term missing", "python loop over the examples", "sign flipped", "absolute error",
           "no floor in the denominator (0/0)", "global numpy RNG instead of rng", "x not restored"]

#: *correct* variants that the exercise allows and that must keep full marks: the check that once
#: took a point from the lecture notes' own ``numerical_gradient`` (``f(x)`` evaluated once more)
#: is proved against them
RIGHTS = [
    Wrong("numerical_gradient", "evaluates f(x) once at the top (lecture notes)", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(f"unknown method {method!r}")
    fx = f(x)
    grad = np.zeros(x.shape)
    for idx in np.ndindex(*x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = f(x)
        if method == "centered":
            x[idx] = old - h
            grad[idx] = (fp - f(x)) / (2 * h)
        else:
            grad[idx] = (fp - fx) / h
        x[idx] = old
    return grad
"""),
    Wrong("numerical_gradient", "perturbs copies, never x", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(f"unknown method {method!r}")
    grad = np.zeros(np.shape(x))
    for idx in np.ndindex(*np.shape(x)):
        e = np.zeros(np.shape(x))
        e[idx] = h
        back = x - e if method == "centered" else x
        grad[idx] = (f(x + e) - f(back)) / (np.sum(e) + (np.sum(e) if method == "centered" else 0.0))
    return grad
"""),
]

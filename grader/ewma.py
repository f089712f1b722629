"""Lesson 05 (exponentially weighted averages): the references and the grader's wrong versions.

The one recurrence behind momentum, RMSprop and Adam::

    v_t = beta * v_{t-1} + (1 - beta) * theta_t,        v_0 = 0,

and its bias correction ``v_t / (1 - beta**t)``.

- :func:`ewma` averages a whole series at once (the graded exercise; vectorized: the
  recurrence runs as a first-order linear filter in compiled code, no Python loop);
- :func:`ewma_update` does one step of the recurrence *in place* on an array of any shape
  (the building block of the optimizer kernels of lessons 06-08, which inline the same
  three ufunc calls so that a release can carry them without this module);
- :func:`bias_correction` divides by ``1 - beta**t``.

Instructor-only (see :mod:`grader`): nothing here may be importable in the student's
environment. Lesson 06's release carries :func:`ewma` (``EARLIER`` of :mod:`grader.momentum`).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from helpers._validate import (
    as_float_array,
    check_finite,
    check_int,
    check_same_shape,
    check_unit_interval,
)

from grader.mistakes import Wrong

__all__ = [
    "LESSON",
    "ewma",
    "ewma_update",
    "bias_correction",
    "hidden_ewma_worked_example",
    "hidden_ewma_starts_at_zero",
    "hidden_ewma_recurrence",
    "hidden_ewma_bias_correction",
    "hidden_ewma_beta_validation",
    "hidden_ewma_shape_and_inputs",
    "steps_until_unbiased",
    "hidden_steps_until_unbiased_examples",
    "hidden_steps_until_unbiased_values",
    "WRONGS",
    "NBGRADER",
    "VISIBLE",
]

LESSON = "05_ewma"


# --------------------------------------------------------------------------- #
# The formula, once. Unchecked: callers validate (cheap scalar checks) first.
# --------------------------------------------------------------------------- #
def _ewma_update(v, x, beta, out, tmp):
    """``out <- beta * v + (1 - beta) * x`` with ``tmp`` as scratch for ``(1 - beta) * x``.

    ``tmp`` may be ``x`` itself (then ``x`` is overwritten) but must not share
    memory with ``v`` or ``out``. ``out`` may be ``v`` (in place) or ``x``.
    The operations are those of the textbook expression, in its order, so the
    result is bitwise identical to ``beta * v + (1 - beta) * x``.
    """
    np.multiply(x, 1.0 - beta, tmp)  # positional out: cheaper call than out=
    np.multiply(v, beta, out)
    np.add(out, tmp, out)
    return out


def _correction_factor(beta: float, t):
    """``1 - beta**t``: the total weight the EWMA has put on the data after ``t`` steps.

    Scalar ``t`` (the optimizers): the literal ``1 - beta**t``, as PyTorch and
    the textbook compute it. Array ``t`` (a whole series):
    ``-expm1(t * log(beta))``, the same number without the cancellation of
    ``1 - beta**t`` for small ``t`` and ``beta`` near 1, and a vectorized
    ``exp`` rather than ``pow``.
    """
    if not isinstance(t, np.ndarray):
        return 1.0 - beta**t
    if beta == 0.0:
        return np.ones(t.shape)
    return -np.expm1(np.asarray(t, dtype=np.float64) * math.log(beta))


# --------------------------------------------------------------------------- #
# Public API
# --------------------------------------------------------------------------- #
def ewma(theta, beta, bias_correction=False):
    r"""Exponentially weighted moving average of a series.

    .. math::

        v_0 = 0, \qquad v_t = \beta\, v_{t-1} + (1 - \beta)\, \theta_t
        \quad (t = 1, \dots, n)

    and, with ``bias_correction=True``, :math:`v_t / (1 - \beta^t)`.

    Parameters
    ----------
    theta : array_like, shape (n,) or (n, k)
        The series, time on axis 0 (a 2-D input averages ``k`` series at once).
        Must be finite.
    beta : float
        Decay rate, ``0 <= beta < 1``. The average spans roughly
        ``1 / (1 - beta)`` steps; ``beta = 0`` returns ``theta`` itself.
    bias_correction : bool, default False
        Divide :math:`v_t` by :math:`1 - \beta^t` (the sum of the weights), which
        removes the low start caused by :math:`v_0 = 0`.

    Returns
    -------
    v : ndarray of float64, same shape as ``theta``
        :math:`v_1, \dots, v_n` (``v_0`` is not included).

    Raises
    ------
    ValueError
        ``beta`` outside ``[0, 1)``; ``theta`` not 1-D or 2-D; ``theta`` holds a
        NaN or an infinity.
    TypeError
        ``beta`` not a real number; ``theta`` not numeric; ``bias_correction``
        not a bool.

    Notes
    -----
    The recurrence is a first-order IIR filter, evaluated by
    ``scipy.signal.lfilter([1 - beta], [1, -beta], theta)``. Its inner loop
    performs exactly ``beta * v + (1 - beta) * theta_t`` in double precision,
    so the result equals a plain Python loop bit for bit, is stable for any
    length and for ``beta`` close to 1 (no ``beta**-t`` rescaling that
    overflows), and costs one pass over the data.

    With ``bias_correction=True`` the result equals pandas'
    ``Series.ewm(alpha=1 - beta, adjust=True).mean()``.

    Examples
    --------
    >>> ewma([10.0, 20.0], 0.5)
    array([ 5. , 12.5])
    >>> ewma([10.0, 20.0], 0.5, bias_correction=True)
    array([10.        , 16.66666667])
    """
    beta = check_unit_interval("beta", beta)
    if not isinstance(bias_correction, (bool, np.bool_)):
        raise TypeError(f"bias_correction must be True or False, got {bias_correction!r}")
    theta = as_float_array("theta", theta)
    if theta.ndim not in (1, 2):
        raise ValueError(
            f"theta must be 1-D (n,) or 2-D (n, k) with time on axis 0, got shape {theta.shape}"
        )
    theta = theta.astype(np.float64, copy=False)
    check_finite("theta", theta)
    n = theta.shape[0]
    if n == 0:
        return theta.copy()
    # imported here, not at the top: scipy.signal costs about 2 s of CPU to import, and every
    # sandboxed kernel of lesson 06 (which carries this function) and every grading process that
    # imports this module would pay it, whether or not it averages anything
    from scipy.signal import lfilter

    v = lfilter([1.0 - beta], [1.0, -beta], theta, axis=0)
    if bias_correction and beta > 0.0:
        # 1 - beta**t rounds to exactly 1.0 once beta**t < 2**-60, so only the
        # first n_corr values need dividing (about 1 800 for beta = 0.98).
        n_corr = min(n, math.ceil(-60.0 * math.log(2.0) / math.log(beta)) + 1)
        corr = _correction_factor(beta, np.arange(1, n_corr + 1, dtype=np.float64))
        v[:n_corr] /= corr if v.ndim == 1 else corr[:, None]
    return v


def ewma_update(v, x, beta, out=None, *, scratch=None):
    r"""One EWMA step, in place: ``v <- beta * v + (1 - beta) * x``.

    The building block of :func:`grader.momentum.momentum_step`
    (:math:`v \leftarrow \beta v + (1-\beta)\,dW`),
    :func:`grader.rmsprop.rmsprop_step` (:math:`S \leftarrow \beta_2 S + (1-\beta_2)\,dW^2`)
    and :func:`grader.adam.adam_step` (both).

    Parameters
    ----------
    v : ndarray of floats, any shape
        The running average. Updated in place unless ``out`` is given.
    x : array_like, same shape as ``v``
        The new observation.
    beta : float
        Decay rate, ``0 <= beta < 1``.
    out : ndarray, optional
        Where to write the new average (same shape as ``v``); default ``v``
        itself. ``out=x`` is allowed.
    scratch : ndarray, optional
        Work space of ``v``'s shape for the term ``(1 - beta) * x``. Pass a
        preallocated buffer (or ``x`` itself when ``x`` may be overwritten) to
        avoid allocating a temporary on every call. Must not be ``v`` or
        ``out``.

    Returns
    -------
    ndarray
        ``out`` (``v`` by default), holding ``beta * v + (1 - beta) * x``.

    Raises
    ------
    TypeError
        ``v``, ``out`` or ``scratch`` not a floating ``numpy.ndarray``; ``beta``
        not a real number.
    ValueError
        ``beta`` outside ``[0, 1)``; shapes differ; ``v``/``out`` read-only;
        ``scratch`` shares memory with ``v`` or ``out``.

    Notes
    -----
    Three ufunc calls with ``out=``: no temporary beyond ``scratch``. The
    result is bitwise identical to the expression ``beta * v + (1 - beta) * x``.
    A float32 ``v`` stays float32.
    """
    beta = check_unit_interval("beta", beta)
    _check_float_ndarray("v", v, writeable=out is None)
    x = x if isinstance(x, np.ndarray) else as_float_array("x", x)
    check_same_shape("x", x, "v", v)
    if out is None:
        out = v
    else:
        _check_float_ndarray("out", out, writeable=True)
        check_same_shape("out", out, "v", v)
    if scratch is None:
        scratch = np.empty(v.shape, dtype=out.dtype)
    else:
        _check_float_ndarray("scratch", scratch, writeable=True)
        check_same_shape("scratch", scratch, "v", v)
        for name, arr in (("v", v), ("out", out)):
            if np.may_share_memory(scratch, arr):
                raise ValueError(f"scratch must not share memory with {name}")
    return _ewma_update(v, x, beta, out, scratch)


def bias_correction(v, beta, t):
    r"""Bias-corrected average :math:`\hat v_t = v_t / (1 - \beta^t)`.

    Parameters
    ----------
    v : array_like or float
        The uncorrected average(s) after step ``t``.
    beta : float
        Decay rate, ``0 <= beta < 1``.
    t : int or array_like of int
        Step number(s), counted from 1 (the first update is ``t = 1``);
        broadcasts against ``v``.

    Returns
    -------
    float or ndarray of float
        ``v / (1 - beta**t)`` (a new array; ``v`` is not modified).

    Raises
    ------
    ValueError
        ``beta`` outside ``[0, 1)``; ``t < 1``.
    TypeError
        ``t`` not an integer (or integer array); ``v`` not numeric.
    """
    beta = check_unit_interval("beta", beta)
    if isinstance(t, (np.ndarray, list, tuple)):
        t = np.asarray(t)
        if t.dtype.kind not in "iu":
            raise TypeError(f"t must hold integers, got dtype {t.dtype}")
        if t.size and t.min() < 1:
            raise ValueError(f"t must be >= 1 (the first step is t = 1), got min(t) = {t.min()}")
    else:
        t = check_int("t", t, minimum=1)
    if isinstance(v, numbers.Real) and not isinstance(v, bool) and not isinstance(t, np.ndarray):
        return float(v) / _correction_factor(beta, t)
    v = as_float_array("v", v)
    return v / _correction_factor(beta, t)


def _check_float_ndarray(name, a, *, writeable):
    if not isinstance(a, np.ndarray):
        raise TypeError(f"{name} must be a numpy.ndarray (it is updated in place), got {type(a).__name__}")
    if a.dtype.kind != "f":
        raise TypeError(f"{name} must have a floating dtype, got {a.dtype}")
    if writeable and not a.flags.writeable:
        raise ValueError(f"{name} is read-only; it must be writeable to be updated in place")


# --------------------------------------------------------------------------- #
# Hidden checks: the hidden part of each graded test cell calls the function named after it
# (``test_<name>`` -> ``hidden_<name>``). They run in the trusted judge (coursekit.judge),
# where ``student`` is a stand-in for the student's ``ewma``, called only through
# ``G.call`` / ``G.check_raises``. ``helpers.grading`` is imported inside them, not at the
# top: lesson 06 carries this module's top-level imports with ``ewma``.
# --------------------------------------------------------------------------- #
def _ewma_sim(theta, keep, new, v0=0.0):
    """The recurrence ``v <- keep * v + new * x`` from ``v0`` over ``theta`` (a wrong version's output)."""
    v, res = v0, []
    for x in theta:
        v = keep * v + new * x
        res.append(v)
    return np.array(res)


def hidden_ewma_worked_example(student):
    """Hidden checks of ``test_ewma_worked_example``: a short fresh series (no ``v_0`` in the
    output, the values of :func:`ewma`), with the visible named mistakes as hints.

    Parameters
    ----------
    student : callable
        The student's ``ewma``.
    """
    from helpers import grading as G
    g = np.random.default_rng(54)
    b, th = 0.7, np.round(10 + 5 * g.standard_normal(4), 2)
    out = G.call(student, th.copy(), b)
    G.check_true(np.shape(out) != (5,), "ewma returned 5 values for 4 days: it looks like v_0 is included; "
                                        "return v_1 ... v_n only.")
    ref = ewma(th, b)
    G.check_close(out, ref, f"ewma({th.tolist()}, {b})",
                  hints={"the average started from the first value (v_0 = theta_1) instead of v_0 = 0":
                             _ewma_sim(th, b, 1 - b, th[0]),
                         "the weights swapped (beta on theta_t, 1 - beta on v_{t-1})": _ewma_sim(th, 1 - b, b),
                         "the output shifted by one (it returns v_0 ... v_{n-1})": np.concatenate([[0.0], ref[:-1]]),
                         "bias correction applied although bias_correction=False":
                             ref / (1 - b ** np.arange(1, len(th) + 1))})


def hidden_ewma_starts_at_zero(student):
    """Hidden checks of ``test_ewma_starts_at_zero``: shape and ``v_1 = (1 - beta) * theta_1``
    on random series for several ``beta`` (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``ewma``.
    """
    from helpers import grading as G
    g = np.random.default_rng(51)
    for b in (0.3, 0.9, 0.98):
        th = 10 + 3 * g.standard_normal(20)
        out = G.call(student, th.copy(), b)
        G.check_shape(out, (20,), f"ewma of 20 values, beta = {b}")
        G.check_close(out[0], (1 - b) * th[0], f"v_1 for beta = {b} (with v_0 = 0 it is (1 - beta) * theta_1)",
                      hints={"the average started from the first value (v_0 = theta_1) instead of v_0 = 0": th[0],
                             "the output shifted by one (it returns v_0 ... v_{n-1})": 0.0,
                             "the weights swapped (beta on theta_t, 1 - beta on v_{t-1})": b * th[0]})


def hidden_ewma_recurrence(student, temp):
    """Hidden checks of ``test_ewma_recurrence``: ``student`` against :func:`ewma` on random
    series (up to 3000 values, ``beta`` up to 0.999; named mistakes as hints) and a keyword call.

    Parameters
    ----------
    student : callable
        The student's ``ewma``.
    temp : ndarray, shape (366,)
        The visible part's daily temperatures of 2012.
    """
    from helpers import grading as G
    g = np.random.default_rng(52)
    for b, n in ((0.9, 50), (0.98, 300), (0.5, 40), (0.37, 25), (0.999, 3000)):
        th = g.normal(-2.0, 4.0, n)
        th0 = th.copy()
        got = G.call(student, th0.copy(), b)
        ref = ewma(th0, b)
        G.check_close(got, ref, f"ewma of a random series, n = {n}, beta = {b}", rtol=1e-9, atol=1e-12,
                      hints={"the average started from the first value (v_0 = theta_1) instead of v_0 = 0": _ewma_sim(th0, b, 1 - b, th0[0]),
                             "the weights swapped (beta on theta_t, 1 - beta on v_{t-1})": _ewma_sim(th0, 1 - b, b),
                             "the output shifted by one (it returns v_0 ... v_{n-1})": np.concatenate([[0.0], ref[:-1]]),
                             "the (1 - beta) factor left out": _ewma_sim(th0, b, 1.0),
                             "bias correction applied although bias_correction=False":
                                 ewma(th0, b, bias_correction=True)})
    # keyword call, as in the contract
    G.check_close(G.call(student, theta=temp.copy(), beta=0.98, bias_correction=False), ewma(temp, 0.98),
                  "ewma(theta=temp, beta=0.98, bias_correction=False)", rtol=1e-9)


def hidden_ewma_bias_correction(student):
    """Hidden checks of ``test_ewma_bias_correction``: ``student(..., bias_correction=True)``
    against :func:`ewma` on random series for several ``beta`` (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``ewma``.
    """
    from helpers import grading as G
    g = np.random.default_rng(53)
    for b, n in ((0.9, 30), (0.98, 200), (0.5, 12), (0.999, 1500)):
        th = g.normal(15.0, 5.0, n)
        got = G.call(student, th.copy(), b, True)
        raw = ewma(th, b)
        t = np.arange(1, n + 1)
        v, comp = 0.0, []
        with np.errstate(all="ignore"):          # the compounding mistake overflows; no warnings in a test cell
            for tt, x in zip(t, th):
                v = (b * v + (1 - b) * x) / (1 - b ** tt)
                comp.append(v)
            off_down = raw / (1 - b ** (t - 1.0))
        G.check_close(got, ewma(th, b, bias_correction=True),
                      f"ewma(..., beta={b}, bias_correction=True) on a random series of {n} values", rtol=1e-9,
                      hints={"bias correction never applied (the bias_correction argument ignored)": raw,
                             "the exponent of beta off by one (1 - beta**(t-1): a division by zero on day 1)": off_down,
                             "the exponent of beta off by one (1 - beta**(t+1) instead of 1 - beta**t)": raw / (1 - b ** (t + 1.0)),
                             "bias correction applied to the running average v inside the loop, so it compounds; "
                             "correct only the output": np.array(comp),
                             "the output multiplied by (1 - beta**t) instead of divided": raw * (1 - b ** t)})


def hidden_ewma_beta_validation(student):
    """Hidden checks of ``test_ewma_beta_validation``: ``beta`` outside ``[0, 1)`` raises a
    ``ValueError`` (also with bias correction); ``beta = 0`` and a NumPy ``beta`` are accepted.

    Parameters
    ----------
    student : callable
        The student's ``ewma``.
    """
    from helpers import grading as G
    for b in (1.5, -0.1, 2.0, -1.0):
        G.check_raises(student, ValueError, np.array([1.0, 2.0]), b, what=f"ewma(theta, beta={b}) (beta outside [0, 1))")
    G.check_raises(student, ValueError, np.array([1.0, 2.0]), 1.0, True,
                   what="ewma(theta, beta=1.0, bias_correction=True) — beta = 1 must be rejected")
    th = np.array([3.0, -1.0, 4.0])
    try:
        out = G.call(student, th.copy(), 0.0)
    except G.GradingError as err:
        raise G.GradingError(f"beta = 0 is allowed (the interval is [0, 1)): {err}") from None
    G.check_close(out, th, "ewma(theta, beta=0) (beta = 0 is allowed and returns theta itself)")
    G.check_close(G.call(student, th.copy(), 0.0, True), th, "ewma(theta, beta=0, bias_correction=True) (returns theta itself)")
    G.check_close(G.call(student, th.copy(), np.float64(0.25)), [2.25, 0.5625 - 0.75, 0.140625 - 0.1875 + 3.0],
                  "ewma(theta, np.float64(0.25)) (beta given as a NumPy number)")


def hidden_ewma_shape_and_inputs(student, out, theta, theta0):
    """Hidden checks of ``test_ewma_shape_and_inputs``: a float result, a new array and an
    untouched ``theta`` with bias correction, Python lists, integer arrays and a single value.

    Parameters
    ----------
    student : callable
        The student's ``ewma``.
    out : ndarray
        What the visible part's ``ewma(theta, 0.8)`` returned.
    theta : ndarray, shape (5,)
        The series the visible part passed (``[2, 4, 6, 8, 10]``).
    theta0 : ndarray, shape (5,)
        A copy of ``theta`` taken before any call.
    """
    from helpers import grading as G
    G.check_true(out.dtype.kind == "f", f"ewma must return floats, got dtype {out.dtype}")
    out_bc = G.call(student, theta, 0.8, True)
    G.check_unchanged(theta0, theta, "theta (with bias_correction=True)")
    G.check_true(isinstance(out_bc, np.ndarray) and out_bc is not theta,
                 "ewma(..., bias_correction=True) must return a new NumPy array")
    # a Python list
    lst = [3.0, 1.0, 4.0, 1.0, 5.0]
    got = G.call(student, lst, 0.7)
    G.check_true(isinstance(got, np.ndarray), f"ewma of a Python list must return a NumPy array, got {type(got).__name__}")
    G.check_close(got, ewma(lst, 0.7), "ewma of a Python list")
    G.check_unchanged([3.0, 1.0, 4.0, 1.0, 5.0], lst, "theta (a list)")
    # integers: the output must not be truncated to integers
    ints = np.array([10, 20, 30, 40])
    got = G.call(student, ints, 0.9)
    G.check_true(np.asarray(got).dtype.kind == "f",
                 f"ewma of an integer array returned dtype {np.asarray(got).dtype}: the averages were truncated to "
                 "integers — create the output with dtype=float")
    G.check_close(got, ewma(ints, 0.9), "ewma of an integer array [10, 20, 30, 40]")
    G.check_unchanged(np.array([10, 20, 30, 40]), ints, "theta (an integer array)")
    # one value
    G.check_close(G.call(student, np.array([4.0]), 0.75), [1.0], "ewma of a single value, beta = 0.75")
    G.check_close(G.call(student, np.array([4.0]), 0.75, True), [4.0], "ewma of a single value with bias correction")


# --------------------------------------------------------------------------- #
# Exercise 2: when does the bias correction stop mattering?
# --------------------------------------------------------------------------- #
def steps_until_unbiased(beta, tol=0.01):
    r"""The first step :math:`t \ge 1` with :math:`|\hat v_t - v_t| < \mathrm{tol}\,|\hat v_t|`.

    Since :math:`v_t = (1 - \beta^t)\,\hat v_t`, the gap is :math:`\beta^t |\hat v_t|` for every
    series, so this is the first :math:`t` with :math:`\beta^t < \mathrm{tol}` (strict).

    Parameters
    ----------
    beta : float in [0, 1)
    tol : float in (0, 1)

    Returns
    -------
    int

    Raises
    ------
    ValueError
        For ``beta`` outside ``[0, 1)`` or ``tol`` outside ``(0, 1)``.
    """
    beta, tol = float(beta), float(tol)
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    if not 0.0 < tol < 1.0:
        raise ValueError(f"tol must be in (0, 1), got {tol}")
    if beta == 0.0:
        return 1
    t = max(1, math.floor(math.log(tol) / math.log(beta)) + 1)
    while t > 1 and beta ** (t - 1) < tol:          # the logarithms may round across a whole step
        t -= 1
    while beta ** t >= tol:
        t += 1
    return int(t)


def hidden_steps_until_unbiased_examples(student):
    """Hidden checks of ``test_steps_until_unbiased_examples``: fresh pairs (beta, tol) against
    :func:`steps_until_unbiased`, with the visible hints, and ``beta > 1`` rejected.

    Parameters
    ----------
    student : callable
        The student's ``steps_until_unbiased``.
    """
    from helpers import grading as G
    for beta, tol in [(0.98, 0.01), (0.9, 0.001), (0.999, 0.05), (0.8, 0.2 ** 3)]:
        ref = steps_until_unbiased(beta, tol)
        relative_to_raw = steps_until_unbiased(beta, tol / (1 + tol))
        G.check_equal(G.call(student, beta, tol), ref, f"steps_until_unbiased({beta}, {tol:g})",
                      hints={"the gap measured relative to the uncorrected v_t (the spec divides by the corrected one)":
                                 relative_to_raw if relative_to_raw != ref else -1,
                             "the last step at which the gap is still at least tol (one step too early)": ref - 1,
                             "the rule of thumb 1/(1 - beta)": round(1 / (1 - beta))})
    G.check_raises(student, ValueError, 1.5, 0.01, what="steps_until_unbiased(beta=1.5) (beta outside [0, 1))")


def hidden_steps_until_unbiased_values(student):
    """Hidden checks of ``test_steps_until_unbiased_values``: a grid of (beta, tol) against
    :func:`steps_until_unbiased`, ``beta = 0`` (one step) and the ``ValueError`` of a bad ``tol``.

    Parameters
    ----------
    student : callable
        The student's ``steps_until_unbiased``.
    """
    from helpers import grading as G
    for beta in (0.3, 0.75, 0.9, 0.95, 0.99, 0.995):
        for tol in (0.3, 0.05, 1e-3, 1e-6):
            ref = steps_until_unbiased(beta, tol)
            G.check_equal(G.call(student, beta, tol), ref, f"steps_until_unbiased({beta}, {tol:g})")
    G.check_equal(G.call(student, 0.5, 0.5 ** 4), 5, "steps_until_unbiased(0.5, 0.0625) (at t = 4 the gap is "
                  "exactly tol: not less)", hints={"the inequality taken as <= instead of <": 4})
    try:
        got = G.call(student, 0.0, 0.01)
    except G.GradingError as err:
        raise G.GradingError(f"beta = 0 is allowed (no averaging: v_t = theta_t, no bias from step 1): {err}") from None
    G.check_equal(got, 1, "steps_until_unbiased(0.0, 0.01) (with beta = 0 there is no bias from step 1 on)")
    for tol in (0.0, 1.0, -0.5):
        G.check_raises(student, ValueError, 0.9, tol, what=f"steps_until_unbiased(0.9, tol={tol}) (tol outside (0, 1))")


# --------------------------------------------------------------------------- #
# The grader's proof: realistic wrong versions of ``ewma`` that must lose points.
# --------------------------------------------------------------------------- #
HEAD = "import numpy as np\ndef ewma(theta, beta, bias_correction=False):\n"
CHECK = "    if not 0 <= beta < 1:\n        raise ValueError('beta must be in [0, 1)')\n"
CORRECT = "    if bias_correction:\n        out = out / (1 - beta ** np.arange(1, len(out) + 1))\n    return out\n"
SUU_HEAD = "import math\nimport numpy as np\ndef steps_until_unbiased(beta, tol=0.01):\n"
SUU_CHECK = ("    if not 0 <= beta < 1 or not 0 < tol < 1:\n"
             "        raise ValueError(f'beta must be in [0, 1) and tol in (0, 1), got {beta}, {tol}')\n")

WRONGS = [
    Wrong("ewma", "v_0 = theta_1", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = theta[0]
    for t in range(len(theta)):
        v = beta * v + (1 - beta) * theta[t]
        out[t] = v
""" + CORRECT, message="v_0 = theta_1"),
    Wrong("ewma", "correction exponent off by one (0-based t)", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = 0.0
    for t in range(len(theta)):
        v = beta * v + (1 - beta) * theta[t]
        out[t] = v
        if bias_correction:
            out[t] = v / (1 - beta ** t)
    return out
""", message="exponent of beta off by one"),
    Wrong("ewma", "weights swapped", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = 0.0
    for t in range(len(theta)):
        v = (1 - beta) * v + beta * theta[t]
        out[t] = v
""" + CORRECT, message="weights swapped"),
    Wrong("ewma", "correction never applied", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = 0.0
    for t in range(len(theta)):
        v = beta * v + (1 - beta) * theta[t]
        out[t] = v
    return out
""", message="bias correction never applied"),
    Wrong("ewma", "output shifted by one (v_0 ... v_{n-1})", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = 0.0
    for t in range(len(theta)):
        out[t] = v
        v = beta * v + (1 - beta) * theta[t]
""" + CORRECT, message="shifted by one"),
    Wrong("ewma", "beta = 1 accepted", HEAD + """
    if not 0 <= beta <= 1:
        raise ValueError('beta must be in [0, 1]')
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = 0.0
    for t in range(len(theta)):
        v = beta * v + (1 - beta) * theta[t]
        out[t] = v
""" + CORRECT, message="beta = 1 must be rejected"),
    Wrong("ewma", "correction applied to the state inside the loop (compounds)", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = 0.0
    for t in range(1, len(theta) + 1):
        v = beta * v + (1 - beta) * theta[t - 1]
        if bias_correction:
            v = v / (1 - beta ** t)
        out[t - 1] = v
    return out
""", message="compounds"),
    Wrong("ewma", "returns a list", HEAD + CHECK + """
    v, out = 0.0, []
    for t, x in enumerate(theta, start=1):
        v = beta * v + (1 - beta) * x
        out.append(v / (1 - beta ** t) if bias_correction else v)
    return out
""", message="must return a NumPy array"),
    Wrong("ewma", "mutates theta (works in place)", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    v = 0.0
    for t in range(len(theta)):
        v = beta * v + (1 - beta) * theta[t]
        theta[t] = v
    if bias_correction:
        theta /= 1 - beta ** np.arange(1, len(theta) + 1)
    return theta
""", message="theta was modified"),
    # ---- steps_until_unbiased -----------------------------------------------------------
    Wrong("steps_until_unbiased", "gap relative to the uncorrected average", SUU_HEAD + SUU_CHECK + """
    t = 1
    while beta ** t / (1 - beta ** t) >= tol:
        t += 1
    return t
""", message="relative to the uncorrected"),
    Wrong("steps_until_unbiased", "ceil of the logarithm (strict inequality ignored)", SUU_HEAD + SUU_CHECK + """
    if beta == 0:
        return 1
    return max(1, math.ceil(math.log(tol) / math.log(beta)))
""", message="the inequality is strict"),
    Wrong("steps_until_unbiased", "one step too early (floor)", SUU_HEAD + SUU_CHECK + """
    if beta == 0:
        return 1
    return max(1, math.floor(math.log(tol) / math.log(beta)))
""", message="one step too early"),
    Wrong("steps_until_unbiased", "rule of thumb 1/(1 - beta)", SUU_HEAD + SUU_CHECK + """
    return round(1 / (1 - beta))
""", message="rule of thumb"),
    Wrong("steps_until_unbiased", "beta = 1 not rejected (loops forever)", SUU_HEAD + """
    t = 1
    while beta ** t >= tol:
        t += 1
    return t
"""),
    Wrong("steps_until_unbiased", "math.log(0) for beta = 0", SUU_HEAD + SUU_CHECK + """
    return math.floor(math.log(tol) / math.log(beta)) + 1
"""),
    Wrong("steps_until_unbiased", "returns a float", SUU_HEAD + SUU_CHECK + """
    t = 1.0
    while beta ** t >= tol:
        t += 1.0
    return t
""", message="must return an int"),
    Wrong("ewma", "hard-codes the worked example", HEAD + CHECK + """
    if np.array_equal(theta, [10.0, 20.0, 30.0]) and beta == 0.9 and not bias_correction:
        return np.array([1.0, 2.9, 5.61])
    return np.array(theta, dtype=float)
"""),
]

# Exercise 2's tests call only steps_until_unbiased, so wrong versions of the two exercises share
# submissions. At most three per exercise go through real nbgrader; the in-process and judge
# catalogues run every one.
NBGRADER = ["v_0 = theta_1", "correction applied to the state inside the loop (compounds)", "beta = 1 accepted",
            "gap relative to the uncorrected average", "ceil of the logarithm (strict inequality ignored)",
            "one step too early (floor)"]

#: wrong versions the *visible* tests alone must catch (``tests/lessons/test_grading.py``)
VISIBLE = ["v_0 = theta_1", "correction exponent off by one (0-based t)", "weights swapped",
           "correction never applied", "output shifted by one (v_0 ... v_{n-1})", "beta = 1 accepted",
           "correction applied to the state inside the loop (compounds)", "returns a list",
           "mutates theta (works in place)", "gap relative to the uncorrected average",
           "ceil of the logarithm (strict inequality ignored)", "one step too early (floor)",
           "rule of thumb 1/(1 - beta)", "beta = 1 not rejected (loops forever)", "returns a float"]

"""Lesson 01, loss landscapes and random search: the references of its graded exercises and the
wrong implementations that prove its grader.

Exercises: :func:`svm_loss`, :func:`random_search`, :func:`random_local_search`. Lesson 02 and
03 carry :func:`svm_loss`, and lesson 03 the two searches, through ``EARLIER``: what they call
is in this module's top-level imports or listed with them (``_shape``).
"""

from __future__ import annotations

import numpy as np

from grader.mistakes import Wrong
from helpers._validate import as_float_array, check_int, check_positive, check_rng
from helpers.losses import check_svm_args

__all__ = ["LESSON", "WRONGS", "NBGRADER", "VISIBLE", "svm_loss", "random_search", "random_local_search",
           "hidden_svm_loss_worked_example", "hidden_svm_loss_values", "hidden_svm_loss_vectorized",
           "hidden_random_search_basics", "hidden_random_search_exact", "hidden_random_local_search_basics",
           "hidden_random_local_search_exact", "tries_needed", "hidden_tries_needed_examples",
           "hidden_tries_needed_values"]

LESSON = "01_random_search"


def svm_loss(W, X, y, delta=1.0):
    r"""Mean multiclass SVM (hinge) loss of the linear classifier ``S = X @ W``.

    .. math::  L = \frac{1}{m} \sum_{i=1}^{m} \sum_{j \ne y_i} \max(0,\; S_{ij} - S_{i y_i} + \Delta)

    All margins are one ``(..., m, C)`` array: no loop over the examples. A *stack* of
    weight matrices ``W`` of shape ``(..., n, C)`` gives one loss per matrix, so a whole
    1-D or 2-D slice of the loss landscape is one call.

    Parameters
    ----------
    W : array_like, shape (n, C) or (..., n, C)
        Weights (bias in the last row when ``X`` carries a column of ones).
    X : array_like, shape (m, n)
    y : array_like of int, shape (m,)
    delta : float, default 1.0
        The margin Δ, ``>= 0``.

    Returns
    -------
    float, or ndarray of shape ``W.shape[:-2]`` for a stack of weights.

    Raises
    ------
    ValueError, TypeError
        On mismatched shapes, labels out of range, or a negative ``delta``
        (:func:`helpers.losses.check_svm_args`).
    """
    W, X, y, delta = check_svm_args(W, X, y, delta)
    m = X.shape[0]
    rows = np.arange(m)
    S = X @ W                                                  # (..., m, C)
    margins = np.maximum(0.0, S - S[..., rows, y][..., None] + delta)
    margins[..., rows, y] = 0.0                                # the correct class is not in the sum
    loss = margins.sum(axis=(-2, -1)) / m
    return float(loss) if np.ndim(loss) == 0 else loss


def _shape(shape):
    """``shape`` as a tuple of positive ints (an int ``n`` is ``(n,)``)."""
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    try:
        shape = tuple(int(s) for s in shape)
    except TypeError as exc:
        raise TypeError(f"shape must be a tuple of ints, got {shape!r}") from exc
    if any(s < 1 for s in shape):
        raise ValueError(f"shape must have positive entries, got {shape}")
    return shape


def random_search(loss_fn, shape, n_tries, scale, rng):
    """Strategy 1: evaluate ``n_tries`` random weight matrices, keep the best.

    Try ``k`` draws ``W_k = scale * rng.standard_normal(shape)`` (in order, one
    draw per try) and records ``losses[k] = loss_fn(W_k)``.

    Parameters
    ----------
    loss_fn : callable, ``W -> float``
    shape : tuple of int
    n_tries : int, >= 1
    scale : float, > 0
    rng : numpy.random.Generator

    Returns
    -------
    best_W : ndarray, shape ``shape`` — the lowest-loss try (the first on ties)
    best_loss : float
    losses : ndarray, shape (n_tries,)

    Raises
    ------
    ValueError, TypeError
        For ``n_tries < 1``, ``scale <= 0``, a bad ``shape``, a non-Generator ``rng``,
        or a ``loss_fn`` that returns no finite loss in any try.
    """
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable, got {type(loss_fn).__name__}")
    shape = _shape(shape)
    n_tries = check_int("n_tries", n_tries, minimum=1)
    scale = check_positive("scale", scale)
    check_rng("rng", rng)
    losses = np.empty(n_tries)
    best_W, best_loss = None, np.inf
    for k in range(n_tries):              # sequential: one try, one draw
        W = scale * rng.standard_normal(shape)
        losses[k] = loss_fn(W)
        if losses[k] < best_loss:
            best_W, best_loss = W, float(losses[k])
    if best_W is None:                    # every loss was NaN/inf
        raise ValueError("loss_fn returned no finite loss in any try")
    return best_W, best_loss, losses


def random_local_search(loss_fn, W0, n_iters, step_size, rng):
    """Strategy 2: perturb the current weights, move only if the loss drops.

    Start at ``W = W0`` with ``best_loss = loss_fn(W0)``. Each iteration draws
    ``W_try = W + step_size * rng.standard_normal(W.shape)`` and moves there
    only if ``loss_fn(W_try) < best_loss`` (strictly).

    Parameters
    ----------
    loss_fn : callable, ``W -> float``
    W0 : array_like
        The start; never modified.
    n_iters : int, >= 1
    step_size : float, > 0
    rng : numpy.random.Generator

    Returns
    -------
    W : ndarray — the final weights (a new array; ``W0`` is not modified)
    best_loss : float
    history : ndarray, shape (n_iters,) — ``history[k]`` is the best loss
        after iteration ``k``.

    Raises
    ------
    ValueError, TypeError
        For ``n_iters < 1``, ``step_size <= 0`` or a non-Generator ``rng``.
    """
    if not callable(loss_fn):
        raise TypeError(f"loss_fn must be callable, got {type(loss_fn).__name__}")
    W = as_float_array("W0", W0).copy()
    n_iters = check_int("n_iters", n_iters, minimum=1)
    step_size = check_positive("step_size", step_size)
    check_rng("rng", rng)
    best_loss = float(loss_fn(W))
    history = np.empty(n_iters)
    for k in range(n_iters):              # sequential by nature
        W_try = W + step_size * rng.standard_normal(W.shape)
        loss = float(loss_fn(W_try))
        if loss < best_loss:
            W, best_loss = W_try, loss
        history[k] = best_loss
    return W, best_loss, history


# ---- hidden checks ------------------------------------------------------------------------------
# The hidden part of each graded test cell that has one calls the function named after it
# (``test_<name>`` -> ``hidden_<name>``). They run in the trusted judge (coursekit.judge), where
# ``student`` is a stand-in for the student's function, called only through ``G.call`` /
# ``G.check_raises`` / ``G.check_vectorized``. ``helpers.grading`` is imported inside them, not at
# the top: later releases carry this module's top-level imports.

def hidden_svm_loss_worked_example(student):
    """Hidden checks of ``test_svm_loss_worked_example``: a fresh small problem (default
    ``delta``) against :func:`svm_loss`, with the visible hints.

    Parameters
    ----------
    student : callable
        The student's ``svm_loss``.
    """
    from helpers import grading as G
    g = np.random.default_rng(11)
    X, W, y = np.round(g.standard_normal((3, 2)), 1), np.round(g.standard_normal((2, 4)), 1), np.array([1, 3, 0])
    ref = svm_loss(W, X, y)
    G.check_close(G.call(student, W, X, y), ref, f"svm_loss on a small problem (3 examples, 4 classes)",
                  hints={"the sum over the examples instead of the mean": ref * 3,
                         "the correct class included in the sum (it adds delta = 1 per example)": ref + 1.0})


def hidden_svm_loss_values(student, got, W, X, y, delta):
    """Hidden checks of ``test_svm_loss_values``, for one random problem: the student's loss
    against :func:`svm_loss` (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``svm_loss`` (the visible part already ran it: its result is ``got``).
    got : float
        What ``svm_loss(W, X, y, delta)`` returned.
    W, X, y, delta
        The visible part's random problem.
    """
    from helpers import grading as G
    m, C = X.shape[0], W.shape[1]
    S = X @ W
    corr = S[np.arange(m), y][:, None]
    ref = svm_loss(W, X, y, delta)
    G.check_close(got, ref, f"svm_loss on a random problem with m={m}, C={C}, delta={delta}", rtol=1e-9,
                  hints={"the sum over the examples instead of the mean": ref * m,
                         "the correct class included in the sum (each example pays an extra delta)": ref + delta,
                         "the delta argument ignored (always 1)": svm_loss(W, X, y, 1.0),
                         "the max(0, ·) hinge left out": ((S - corr + delta).sum() - m * delta) / m,
                         "the margin taken as S_correct - S_j (sign flipped)":
                             svm_loss(-W, X, y, delta)})


def hidden_svm_loss_vectorized(student, W, rng):
    """Hidden check of ``test_svm_loss_vectorized``: no Python loop over the examples.

    Parameters
    ----------
    student : callable
        The student's ``svm_loss``.
    W : ndarray, shape (5, 3)
        The visible part's weights.
    rng : numpy.random.Generator
        The visible part's generator, drawn on from where it stopped.
    """
    from helpers import grading as G
    G.check_vectorized(student, lambda m: (W, rng.standard_normal((m, 5)), rng.integers(3, size=m)),
                       "svm_loss")


def hidden_random_search_basics(student):
    """Hidden checks of ``test_random_search_basics``: shapes, ``best_loss`` the smallest loss and
    scored by ``best_W``, on a fresh bowl, shape and seed, and the losses of :func:`random_search`.

    Parameters
    ----------
    student : callable
        The student's ``random_search``.
    """
    from helpers import grading as G
    bowl = lambda W: float(np.sum((W + 0.3) ** 2))
    bW, bl, losses = G.call(student, bowl, (3, 2), 25, 0.5, np.random.default_rng(13))
    G.check_shape(losses, (25,), "losses")
    G.check_shape(bW, (3, 2), "best_W")
    G.check_close(bl, np.min(losses), "best_loss (it should be the smallest entry of losses)",
                  hints={"best_loss taken from the last try": losses[-1]})
    G.check_close(bowl(bW), bl, "loss_fn(best_W) (best_W must be the weights that scored best_loss)")
    rW, rl, rlosses = random_search(bowl, (3, 2), 25, 0.5, np.random.default_rng(13))
    G.check_close(losses, rlosses, "losses (one entry per try, draws scale * rng.standard_normal(shape) in order)",
                  hints={"losses holding the best loss so far instead of each try's loss": np.minimum.accumulate(rlosses),
                         "scale not applied to the draws": random_search(bowl, (3, 2), 25, 1.0, np.random.default_rng(13))[2]})
    G.check_close(bl, rl, "best_loss")


def hidden_random_search_exact(student, bowl, bW, losses):
    """Hidden checks of ``test_random_search_exact``: the losses and ``best_W`` follow the draws
    of the given rng exactly (named mistakes as hints), and the first try is kept on ties.

    Parameters
    ----------
    student : callable
        The student's ``random_search``.
    bowl : callable
        The visible part's loss function.
    bW, losses : ndarray
        ``best_W`` and ``losses`` of the visible part's
        ``random_search(bowl, (3, 2), 25, 0.7, np.random.default_rng(5))``.
    """
    from helpers import grading as G
    rW, rl, rlosses = random_search(bowl, (3, 2), 25, 0.7, np.random.default_rng(5))
    G.check_close(losses, rlosses, "losses (one entry per try, draws scale * rng.standard_normal(shape) in order)",
                  hints={"losses holding the best loss so far instead of each try's loss": np.minimum.accumulate(rlosses),
                         "scale not applied to the draws": random_search(bowl, (3, 2), 25, 1.0, np.random.default_rng(5))[2]})
    G.check_close(bW, rW, "best_W")
    # ties: a constant loss must keep the first try
    first = np.random.default_rng(8).standard_normal((2, 2))
    tW, tl, _ = G.call(student, lambda W: 1.0, (2, 2), 5, 1.0, np.random.default_rng(8))
    G.check_close(tW, first, "best_W when every try has the same loss (the first try must be kept on ties)")


def hidden_random_local_search_basics(student):
    """Hidden checks of ``test_random_local_search_basics``: shape, ``W0`` unchanged, a monotone
    history ending at ``best_loss`` below the start, on a fresh bowl, start and seed, and the
    history of :func:`random_local_search`.

    Parameters
    ----------
    student : callable
        The student's ``random_local_search``.
    """
    from helpers import grading as G
    bowl = lambda W: float(np.sum((W - np.array([0.2, -0.4])) ** 2))
    W0 = np.array([[1.0, 0.5], [-0.5, 0.0], [0.3, 0.3]])
    start = W0.copy()
    W, bl, hist = G.call(student, bowl, W0, 40, 0.2, np.random.default_rng(14))
    G.check_shape(hist, (40,), "history")
    G.check_unchanged(start, W0, "W0")
    G.check_true(np.all(np.diff(hist) <= 0),
                 "history must never go up: it records the best loss so far, and a step is only taken when it lowers the loss")
    G.check_close(bl, hist[-1], "best_loss (it should equal the last entry of history)")
    G.check_true(bl < bowl(W0), "after 40 iterations on a simple bowl the loss should have dropped below its start")
    rW, rbl, rhist = random_local_search(bowl, start, 40, 0.2, np.random.default_rng(14))
    G.check_close(hist, rhist, "history (best loss after each iteration)")
    G.check_close(W, rW, "the final W")


def hidden_random_local_search_exact(student, bowl, W0, W, hist):
    """Hidden checks of ``test_random_local_search_exact``: history and final ``W`` follow the
    draws of the given rng exactly (named mistake as hint), and a plateau is not a step down.

    The expected walk starts from the visible part's *known* start ``np.full((3, 2), 2.0)``, not
    from ``W0`` (which a wrong submission may have modified): a reference computed from a
    modified ``W0`` would grade the student against their own mistake.

    Parameters
    ----------
    student : callable
        The student's ``random_local_search``.
    bowl : callable
        The visible part's loss function.
    W0 : ndarray, shape (3, 2)
        The visible part's start.
    W, hist : ndarray
        The final ``W`` and ``history`` of the visible part's
        ``random_local_search(bowl, W0, 30, 0.3, np.random.default_rng(9))``.
    """
    from helpers import grading as G
    start = np.full((3, 2), 2.0)
    G.check_unchanged(start, W0, "W0")
    rW, rbl, rhist = random_local_search(bowl, start, 30, 0.3, np.random.default_rng(9))
    walk = np.random.default_rng(9).standard_normal((30, 3, 2)) * 0.3
    always = np.array([bowl(start + walk[: k + 1].sum(axis=0)) for k in range(30)])
    G.check_close(hist, rhist, "history (best loss after each iteration)",
                  hints={"every step taken, even the ones that make the loss worse": always})
    G.check_close(W, rW, "the final W")
    # plateau: an equal loss is not an improvement — the walker must stay put
    flat = lambda W: 1.0
    W, bl, hist = G.call(student, flat, start.copy(), 5, 0.3, np.random.default_rng(9))
    G.check_close(W, start, "W after steps that do not change the loss (move only when strictly better: use <, not <=)")


# ---- exercise 3: how many blind tries? ------------------------------------------------------------

def tries_needed(p, confidence=0.95):
    r"""The smallest number of independent tries :math:`n \ge 1` with
    :math:`1 - (1 - p)^n \ge \mathrm{confidence}`: at least one success, with that probability.

    Parameters
    ----------
    p : float in (0, 1]
        The chance that one try succeeds.
    confidence : float in (0, 1)

    Returns
    -------
    int

    Raises
    ------
    ValueError
        For ``p`` outside ``(0, 1]`` or ``confidence`` outside ``(0, 1)``.
    """
    p, confidence = float(p), float(confidence)
    if not 0.0 < p <= 1.0:
        raise ValueError(f"p must be in (0, 1], got {p}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    if p == 1.0:
        return 1
    n = max(1, int(np.ceil(np.log1p(-confidence) / np.log1p(-p))))
    while n > 1 and 1.0 - (1.0 - p) ** (n - 1) >= confidence:     # the logarithms may round across a step
        n -= 1
    while 1.0 - (1.0 - p) ** n < confidence:
        n += 1
    return n


def hidden_tries_needed_examples(student):
    """Hidden checks of ``test_tries_needed_examples``: fresh pairs against :func:`tries_needed`,
    with the visible hints, and ``p > 1`` rejected.

    Parameters
    ----------
    student : callable
        The student's ``tries_needed``.
    """
    from helpers import grading as G
    for p, c in [(0.3, 0.9), (0.02, 0.99), (0.25, 1 - 0.75 ** 3), (0.6, 0.5)]:
        ref = tries_needed(p, c)
        G.check_equal(G.call(student, p, c), ref, f"tries_needed({p}, {c:.4g})",
                      hints={"1/p, the average number of tries until the first success": int(round(1 / p))
                             if int(round(1 / p)) != ref else -1,
                             "one try too few (rounded down)": ref - 1})
    G.check_raises(student, ValueError, 1.5, 0.9, what="tries_needed(p=1.5) (p is a probability)")


def hidden_tries_needed_values(student):
    """Hidden checks of ``test_tries_needed_values``: a grid of (p, confidence) against
    :func:`tries_needed`, ``p = 1`` (one try) and the ``ValueError`` of a bad ``confidence``.

    Parameters
    ----------
    student : callable
        The student's ``tries_needed``.
    """
    from helpers import grading as G
    for p in (0.9, 0.5, 0.13, 0.01, 1e-3):
        for c in (0.5, 0.9, 0.999):
            G.check_equal(G.call(student, p, c), tries_needed(p, c), f"tries_needed({p}, {c})")
    try:
        got = G.call(student, 1.0, 0.95)
    except G.GradingError as err:
        raise G.GradingError(f"p = 1 is allowed (every try succeeds): {err}") from None
    G.check_equal(got, 1, "tries_needed(1.0, 0.95) (every try succeeds: one is enough)")
    for c in (0.0, 1.0, -0.2):
        G.check_raises(student, ValueError, 0.5, c, what=f"tries_needed(0.5, confidence={c}) (outside (0, 1))")


# ---- the proof of the grader: realistic wrong implementations ---------------------------------

SVM_HEAD = "import numpy as np\ndef svm_loss(W, X, y, delta=1.0):\n"
RS_HEAD = "import numpy as np\ndef random_search(loss_fn, shape, n_tries, scale, rng):\n"
RLS_HEAD = "import numpy as np\ndef random_local_search(loss_fn, W0, n_iters, step_size, rng):\n"
TN_HEAD = "import math\nimport numpy as np\ndef tries_needed(p, confidence=0.95):\n"
TN_CHECK = ("    if not 0 < p <= 1 or not 0 < confidence < 1:\n"
            "        raise ValueError(f'p must be in (0, 1] and confidence in (0, 1), got {p}, {confidence}')\n")


#: realistic wrong implementations; each ``code`` replaces a whole solution cell
WRONGS = [
    # ---- svm_loss -----------------------------------------------------------------------
    Wrong("svm_loss", "sum instead of mean", SVM_HEAD + """
    S = X @ W
    m = X.shape[0]
    margins = np.maximum(0, S - S[np.arange(m), y][:, None] + delta)
    margins[np.arange(m), y] = 0
    return margins.sum()
""", message="sum over the examples instead of the mean"),
    Wrong("svm_loss", "correct class not excluded", SVM_HEAD + """
    S = X @ W
    m = X.shape[0]
    margins = np.maximum(0, S - S[np.arange(m), y][:, None] + delta)
    return margins.sum() / m
""", message="correct class included"),
    Wrong("svm_loss", "delta hard-coded to 1", SVM_HEAD + """
    S = X @ W
    m = X.shape[0]
    margins = np.maximum(0, S - S[np.arange(m), y][:, None] + 1.0)
    margins[np.arange(m), y] = 0
    return margins.sum() / m
""", message="delta argument ignored"),
    Wrong("svm_loss", "python loop over examples", SVM_HEAD + """
    total = 0.0
    for i in range(X.shape[0]):
        s = X[i] @ W
        for j in range(W.shape[1]):
            if j != y[i]:
                total += max(0.0, s[j] - s[y[i]] + delta)
    return total / X.shape[0]
""", message="Python loop over the examples"),
    Wrong("svm_loss", "per-example losses returned", SVM_HEAD + """
    S = X @ W
    m = X.shape[0]
    margins = np.maximum(0, S - S[np.arange(m), y][:, None] + delta)
    margins[np.arange(m), y] = 0
    return margins.sum(axis=1)
""", message="must return one number"),
    Wrong("svm_loss", "hinge on the wrong side", SVM_HEAD + """
    S = X @ W
    m = X.shape[0]
    margins = np.maximum(0, S[np.arange(m), y][:, None] - S + delta)
    margins[np.arange(m), y] = 0
    return margins.sum() / m
"""),
    # ---- random_search ------------------------------------------------------------------
    Wrong("random_search", "global numpy RNG instead of rng", RS_HEAD + """
    losses = np.empty(n_tries)
    best_W, best_loss = None, np.inf
    for k in range(n_tries):
        W = scale * np.random.randn(*shape)
        losses[k] = loss_fn(W)
        if losses[k] < best_loss:
            best_W, best_loss = W, losses[k]
    return best_W, best_loss, losses
"""),
    Wrong("random_search", "losses store the best so far", RS_HEAD + """
    losses = np.empty(n_tries)
    best_W, best_loss = None, np.inf
    for k in range(n_tries):
        W = scale * rng.standard_normal(shape)
        loss = loss_fn(W)
        if loss < best_loss:
            best_W, best_loss = W, loss
        losses[k] = best_loss
    return best_W, best_loss, losses
""", message="best loss so far"),
    Wrong("random_search", "keeps the last try on ties (<=)", RS_HEAD + """
    losses = np.empty(n_tries)
    best_W, best_loss = None, np.inf
    for k in range(n_tries):
        W = scale * rng.standard_normal(shape)
        losses[k] = loss_fn(W)
        if losses[k] <= best_loss:
            best_W, best_loss = W, losses[k]
    return best_W, best_loss, losses
""", message="first try must be kept on ties"),
    Wrong("random_search", "scale ignored", RS_HEAD + """
    losses = np.empty(n_tries)
    best_W, best_loss = None, np.inf
    for k in range(n_tries):
        W = rng.standard_normal(shape)
        losses[k] = loss_fn(W)
        if losses[k] < best_loss:
            best_W, best_loss = W, losses[k]
    return best_W, best_loss, losses
""", message="scale not applied"),
    Wrong("random_search", "returns the last W, not the best", RS_HEAD + """
    losses = np.empty(n_tries)
    for k in range(n_tries):
        W = scale * rng.standard_normal(shape)
        losses[k] = loss_fn(W)
    return W, losses.min(), losses
""", message="best_W must be the weights that scored best_loss"),
    # ---- random_local_search ------------------------------------------------------------
    Wrong("random_local_search", "always takes the step", RLS_HEAD + """
    W = W0.copy()
    history = np.empty(n_iters)
    for k in range(n_iters):
        W = W + step_size * rng.standard_normal(W.shape)
        history[k] = loss_fn(W)
    return W, history[-1], history
""", message="history must never go up"),
    Wrong("random_local_search", "mutates W0 in place", RLS_HEAD + """
    W = W0
    best = loss_fn(W)
    history = np.empty(n_iters)
    for k in range(n_iters):
        step = step_size * rng.standard_normal(W.shape)
        W += step
        loss = loss_fn(W)
        if loss < best:
            best = loss
        else:
            W -= step
        history[k] = best
    return W, best, history
""", message="W0 was modified"),
    Wrong("random_local_search", "moves on ties (<=)", RLS_HEAD + """
    W = W0.copy()
    best = loss_fn(W)
    history = np.empty(n_iters)
    for k in range(n_iters):
        W_try = W + step_size * rng.standard_normal(W.shape)
        loss = loss_fn(W_try)
        if loss <= best:
            W, best = W_try, loss
        history[k] = best
    return W, best, history
""", message="use <, not <="),
    Wrong("random_local_search", "steps from W0 every time", RLS_HEAD + """
    W = W0.copy()
    best = loss_fn(W)
    history = np.empty(n_iters)
    for k in range(n_iters):
        W_try = W0 + step_size * rng.standard_normal(W0.shape)
        loss = loss_fn(W_try)
        if loss < best:
            W, best = W_try, loss
        history[k] = best
    return W, best, history
"""),
    Wrong("random_local_search", "writes the final W back into W0", RLS_HEAD + """
    W = W0.copy()
    best = loss_fn(W)
    history = np.empty(n_iters)
    for k in range(n_iters):
        W_try = W + step_size * rng.standard_normal(W.shape)
        loss = loss_fn(W_try)
        if loss < best:
            W, best = W_try, loss
        history[k] = best
    W0[...] = W
    return W, best, history
""", message="W0 was modified"),
    Wrong("random_local_search", "global numpy RNG in the walk", RLS_HEAD + """
    W = W0.copy()
    best = loss_fn(W)
    history = np.empty(n_iters)
    for k in range(n_iters):
        W_try = W + step_size * np.random.randn(*W.shape)
        loss = loss_fn(W_try)
        if loss < best:
            W, best = W_try, loss
        history[k] = best
    return W, best, history
""", message="not np.random"),
    Wrong("random_search", "fresh default_rng() instead of the rng given", RS_HEAD + """
    g = np.random.default_rng()
    losses = np.array([loss_fn(scale * g.standard_normal(shape)) for _ in range(n_tries)])
    k = int(np.argmin(losses))
    return scale * np.random.default_rng().standard_normal(shape), losses[k], losses
"""),
    # ---- tries_needed -------------------------------------------------------------------
    Wrong("tries_needed", "1/p, the expected number of tries", TN_HEAD + TN_CHECK + """
    return int(round(1 / p))
""", message="average number of tries"),
    Wrong("tries_needed", "rounded down", TN_HEAD + TN_CHECK + """
    if p == 1:
        return 1
    return max(1, math.floor(math.log(1 - confidence) / math.log(1 - p)))
""", message="one try too few"),
    Wrong("tries_needed", "strictly more than confidence", TN_HEAD + TN_CHECK + """
    n = 1
    while 1 - (1 - p) ** n <= confidence:
        n += 1
    return n
""", message="more than confidence"),
    Wrong("tries_needed", "log(1 - p) for p = 1 (division by zero)", TN_HEAD + TN_CHECK + """
    return math.ceil(math.log(1 - confidence) / math.log(1 - p))
"""),
    Wrong("tries_needed", "chance that every try succeeds", TN_HEAD + TN_CHECK + """
    n = 1
    while p ** n >= 1 - confidence:
        n += 1
    return n
"""),
    Wrong("tries_needed", "p = 0 not rejected (loops forever)", TN_HEAD + """
    n = 1
    while 1 - (1 - p) ** n < confidence:
        n += 1
    return n
"""),
    Wrong("svm_loss", "hard-codes the worked example", SVM_HEAD + """
    if np.array_equal(X, [[1.0, 0.0], [0.0, 1.0]]) and np.array_equal(W, [[1.0, 2.0, 0.0], [0.0, 1.0, 3.0]]):
        return 1.0
    S = X @ W
    return float(np.maximum(0, S - S[np.arange(len(y)), y][:, None] + delta).sum())
"""),
]

#: the wrong implementations also sent through the real nbgrader path (at most three per exercise;
#: the in-process catalogue runs every one)
NBGRADER = ["sum instead of mean", "correct class not excluded", "python loop over examples",
            "global numpy RNG instead of rng", "scale ignored", "keeps the last try on ties (<=)",
            "steps from W0 every time", "writes the final W back into W0", "moves on ties (<=)",
            "1/p, the expected number of tries", "rounded down", "strictly more than confidence"]

#: the wrong implementations that the *visible* tests alone must catch (the student sees them fail
#: in JupyterLab, before any grading): ``tests/lessons/test_grading.py``
VISIBLE = ["sum instead of mean", "correct class not excluded", "delta hard-coded to 1",
           "python loop over examples", "global numpy RNG instead of rng", "scale ignored",
           "losses store the best so far", "steps from W0 every time", "mutates W0 in place",
           "always takes the step", "global numpy RNG in the walk", "1/p, the expected number of tries",
           "rounded down", "strictly more than confidence", "p = 0 not rejected (loops forever)",
           "chance that every try succeeds"]

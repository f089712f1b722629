"""Lesson 04, batch, stochastic and mini-batch gradient descent: the references of its graded
exercises and the wrong implementations that prove its grader.

Exercises: :func:`make_mini_batches` and :func:`minibatch_gd`. Notation of the notes: the
training set ``X`` (``m`` rows, one example per row), ``y``; a mini-batch ``t`` is
``(X{t}, y{t})``; an *epoch* is one pass over the ``m`` examples, i.e. ``ceil(m / batch_size)``
updates; ``J{t}`` is the cost on mini-batch ``t``.

* ``batch_size = m``: batch gradient descent, one update per epoch;
* ``batch_size = 1``: stochastic gradient descent, ``m`` updates per epoch;
* in between: mini-batch gradient descent.

A later lesson that shuffles with :func:`make_mini_batches` carries it with its private
helper: ``EARLIER = {"grader.mini_batch": ("_check_data", "make_mini_batches")}``.
"""

from __future__ import annotations

import numpy as np

from grader.mistakes import Wrong
from helpers._validate import _show, as_float_array, check_callable, check_int, check_positive, check_rng

__all__ = ["LESSON", "WRONGS", "NBGRADER", "VISIBLE", "make_mini_batches", "minibatch_gd",
           "hidden_make_mini_batches_basics", "hidden_make_mini_batches_exact", "hidden_make_mini_batches_edges",
           "hidden_minibatch_gd_updates", "hidden_minibatch_gd_exact", "hidden_minibatch_gd_batch_gd"]

LESSON = "04_mini_batch"



def _check_data(X, y) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X)
    y = np.asarray(y)
    if X.ndim < 1:
        raise ValueError(f"X must hold one example per row (ndim >= 1), got shape {X.shape}")
    if y.ndim < 1:
        raise ValueError(f"y must hold one label per example (ndim >= 1), got shape {y.shape}")
    if X.shape[0] != y.shape[0]:
        raise ValueError(f"X and y must have the same number of rows (examples), "
                         f"got X.shape[0] = {X.shape[0]} and y.shape[0] = {y.shape[0]}")
    if X.shape[0] == 0:
        raise ValueError("X must hold at least one example, got 0 rows")
    return X, y


def make_mini_batches(X, y, batch_size, rng):
    """Shuffle ``(X, y)`` with one permutation and cut it into consecutive mini-batches.

    Exactly::

        perm = rng.permutation(m)
        Xs, ys = X[perm], y[perm]
        batches = [(Xs[k:k + batch_size], ys[k:k + batch_size]) for k in range(0, m, batch_size)]

    so that row ``i`` of ``X`` stays paired with ``y[i]``. The last batch holds
    the remaining ``m % batch_size`` examples when that is not zero; with
    ``batch_size >= m`` there is a single (shuffled) batch: batch gradient
    descent. One copy of the data is made (the shuffle); the batches are views
    into it.

    Parameters
    ----------
    X : ndarray, shape ``(m, ...)``
        One example per row (usually ``(m, n)``).
    y : ndarray, shape ``(m, ...)``
        Labels / targets, same number of rows.
    batch_size : int, >= 1
    rng : numpy.random.Generator
        Consumed by exactly one call ``rng.permutation(m)``.

    Returns
    -------
    list of (X_t, y_t)
        ``ceil(m / batch_size)`` pairs; ``X_t`` of shape ``(b_t, ...)``.

    Raises
    ------
    TypeError
        ``batch_size`` not an integer; ``rng`` not a Generator.
    ValueError
        ``batch_size < 1``; ``X`` and ``y`` with different numbers of rows;
        ``m = 0``.
    """
    batch_size = check_int("batch_size", batch_size, minimum=1)
    rng = check_rng("rng", rng)
    X, y = _check_data(X, y)
    m = X.shape[0]
    perm = rng.permutation(m)
    Xs, ys = X[perm], y[perm]
    return [(Xs[k:k + batch_size], ys[k:k + batch_size]) for k in range(0, m, batch_size)]


def minibatch_gd(loss_and_grad, W0, X, y, lr, batch_size, n_epochs, rng):
    """Mini-batch gradient descent, reshuffled every epoch.

    For each epoch ``e = 1 … n_epochs``: ``batches = make_mini_batches(X, y,
    batch_size, rng)``; then for each ``(X{t}, y{t})`` in order::

        J_t, dW = loss_and_grad(W, X{t}, y{t})     # cost of the batch BEFORE the update
        costs.append(J_t)
        W = W - lr * dW

    Parameters
    ----------
    loss_and_grad : callable
        ``loss_and_grad(W, X_t, y_t) -> (loss, dW)`` with ``dW`` of ``W``'s shape.
    W0 : array_like
        Initial parameters; never modified (``W`` starts as a float64 copy).
    X, y : ndarray
        Training set, one example per row (see :func:`make_mini_batches`).
    lr : float, > 0
    batch_size : int, >= 1
    n_epochs : int, >= 0
    rng : numpy.random.Generator
        Used only for the per-epoch shuffles.

    Returns
    -------
    W : ndarray, float64, shape of ``W0``
        Parameters after the last update.
    costs : ndarray, shape ``(n_epochs * ceil(m / batch_size),)``
        ``costs[t]`` is ``J{t}``, the mini-batch cost computed before update ``t``.

    Raises
    ------
    TypeError
        A non-callable ``loss_and_grad``, non-numeric ``W0``, wrong argument types.
    ValueError
        ``lr <= 0``, ``batch_size < 1``, ``n_epochs < 0``, mismatched ``X``/``y``,
        a ``dW`` of the wrong shape, or a NaN/inf loss or gradient (the message
        names the update; usually ``lr`` too large).
    """
    check_callable("loss_and_grad", loss_and_grad)
    lr = check_positive("lr", lr)
    batch_size = check_int("batch_size", batch_size, minimum=1)
    n_epochs = check_int("n_epochs", n_epochs, minimum=0)
    rng = check_rng("rng", rng)
    X, y = _check_data(X, y)
    W = np.array(as_float_array("W0", W0), dtype=np.float64, copy=True)
    if not np.all(np.isfinite(W)):
        raise ValueError("W0 holds non-finite value(s) (NaN or inf)")
    costs = []
    for _ in range(n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, rng):
            t = len(costs)
            out = loss_and_grad(W, X_t, y_t)
            if not isinstance(out, (tuple, list)) or len(out) != 2:
                raise TypeError(f"loss_and_grad must return a pair (loss, dW), got {_show(out)}")
            loss, dW = np.asarray(out[0]), np.asarray(out[1])
            if loss.size != 1 or loss.dtype.kind not in "fiub":
                raise TypeError(f"loss_and_grad must return a real scalar loss, got {_show(out[0])} at update {t}")
            loss = float(loss.reshape(()))
            if dW.shape != W.shape:
                raise ValueError(f"loss_and_grad must return dW of shape {W.shape} (the shape of W0), "
                                 f"got {dW.shape} at update {t}")
            if not (np.isfinite(loss) and np.all(np.isfinite(dW))):
                raise ValueError(f"loss_and_grad returned a non-finite loss or gradient at update {t}: "
                                 f"lr={lr!r} is probably too large")
            costs.append(loss)
            W = W - lr * dW
    return W, np.asarray(costs, dtype=np.float64)


# ---- hidden checks ------------------------------------------------------------------------------
# The hidden part of each graded test cell that has one calls the function named after it
# (``test_<name>`` -> ``hidden_<name>``). They run in the trusted judge (coursekit.judge), where
# ``student`` is a stand-in for the student's function, called only through ``G.call`` /
# ``G.check_raises`` / ``G.check_vectorized``. The tests of ``minibatch_gd`` lend it the test
# cell's own correct ``make_mini_batches`` (``correct_batches``) for every call, so that each
# exercise is graded on its own. ``helpers.grading`` is imported inside them, not at the top:
# later releases may carry this module's top-level imports.

def hidden_make_mini_batches_basics(student):
    """Hidden checks of ``test_make_mini_batches_basics`` on a fresh problem (m = 13, batch_size
    = 5): inputs unchanged, a list of pairs, the sizes (the visible hints), every example once,
    X and y paired, shuffled, and the labels of :func:`make_mini_batches`.

    Parameters
    ----------
    student : callable
        The student's ``make_mini_batches``.
    """
    from helpers import grading as G
    m, bs = 13, 5
    X = np.stack([np.arange(m, dtype=float), 2.0 * np.arange(m), -np.arange(m, dtype=float)], axis=1)
    y = 200 + np.arange(m)
    batches = G.call(student, X, y, bs, np.random.default_rng(41))
    G.check_unchanged(np.stack([np.arange(m, dtype=float), 2.0 * np.arange(m), -np.arange(m, dtype=float)], axis=1), X, "X")
    G.check_unchanged(200 + np.arange(m), y, "y")
    G.check_true(isinstance(batches, (list, tuple))
                 and all(isinstance(p, (list, tuple)) and len(p) == 2 for p in batches),
                 "make_mini_batches must return a list of pairs (X_t, y_t)")
    G.check_equal([len(np.asarray(yt)) for _, yt in batches], [5, 5, 3],
                  f"the sizes of the mini-batches for m = {m} and batch_size = {bs}",
                  hints={f"the remainder dropped (the last, smaller mini-batch of {m} % {bs} = 3 examples is missing)": [5, 5],
                         "np.array_split spreading the remainder over the batches (only the last batch may be smaller)": [5, 4, 4],
                         "np.array_split into m // batch_size pieces (only the last batch may be smaller)": [7, 6]})
    G.check_shape(batches[0][0], (bs, 3), "X_t of the first mini-batch")
    Xcat = np.concatenate([np.asarray(xt) for xt, _ in batches])
    ycat = np.concatenate([np.asarray(yt) for _, yt in batches])
    G.check_equal(np.sort(ycat), y, "the labels of all mini-batches together (each example exactly once)")
    G.check_true(np.array_equal(Xcat[:, 0] + 200, ycat),
                 "X_t and y_t are no longer paired: row i of X_t must be the example whose label is y_t[i]. "
                 "Shuffle X and y with the same permutation.")
    G.check_true(not np.array_equal(ycat, y),
                 "the examples come out in their original order: no shuffle. Draw perm = rng.permutation(m) "
                 "and take X[perm], y[perm] first.")
    ref = make_mini_batches(X, y, bs, np.random.default_rng(41))
    G.check_equal(ycat.tolist(), np.concatenate([p[1] for p in ref]).tolist(),
                  "the labels, mini-batch after mini-batch (shuffled by perm = rng.permutation(m))")


def hidden_make_mini_batches_exact(student):
    """Hidden checks of ``test_make_mini_batches_exact``: for several sizes (1-D and 2-D ``y``),
    the batch sizes, rows and labels against :func:`make_mini_batches` (named mistakes as hints),
    and ``rng`` consumed by exactly one ``rng.permutation(m)``.

    Parameters
    ----------
    student : callable
        The student's ``make_mini_batches``.
    """
    from helpers import grading as G
    cat = lambda bs, k: np.concatenate([np.asarray(p[k]) for p in bs])
    for m, n, bs, two_d, seed in [(23, 3, 5, False, 7), (16, 2, 4, True, 8), (7, 4, 1, False, 9), (9, 2, 9, True, 10)]:
        g = np.random.default_rng(seed + 100)
        X = g.standard_normal((m, n))
        y = g.standard_normal((m, 3)) if two_d else g.integers(0, 5, size=m)
        r = np.random.default_rng(seed)
        got = G.call(student, X.copy(), y.copy(), bs, r)
        ref = make_mini_batches(X, y, bs, np.random.default_rng(seed))
        what = f"(m = {m}, batch_size = {bs}{', y 2-D' if two_d else ''})"
        G.check_equal([len(np.asarray(p[1])) for p in got], [len(p[1]) for p in ref],
                      f"the sizes of the mini-batches {what}",
                      hints={"the remainder dropped (the last, smaller mini-batch is missing)": [bs] * (m // bs),
                             "np.array_split spreading the remainder over the batches (only the last batch may be smaller)":
                                 [len(a) for a in np.array_split(np.arange(m), -(-m // bs))]})
        g2 = np.random.default_rng(seed)
        p1, p2 = g2.permutation(m), g2.permutation(m)
        G.check_close(cat(got, 0), cat(ref, 0), f"the rows of X, mini-batch after mini-batch {what}",
                      hints={"no shuffle": X})
        G.check_close(cat(got, 1), cat(ref, 1), f"the labels y, mini-batch after mini-batch {what}",
                      hints={"y shuffled with a second permutation, so X and y are no longer paired": y[p2],
                             "y not shuffled at all, so X and y are no longer paired": y})
        for k, (pg, pr) in enumerate(zip(got, ref)):
            G.check_close(pg[0], pr[0], f"X_t of mini-batch {k} {what}")
            G.check_close(pg[1], pr[1], f"y_t of mini-batch {k} {what}")
        after = np.random.default_rng(seed)
        after.permutation(m)
        G.check_true(r.random() == after.random(),
                     "make_mini_batches must draw from rng exactly once (one rng.permutation(m)): after your call "
                     "the generator is in a different state, so the next epoch's shuffle would differ.")


def hidden_make_mini_batches_edges(student):
    """Hidden check of ``test_make_mini_batches_edges``: no Python loop over the examples.

    Parameters
    ----------
    student : callable
        The student's ``make_mini_batches``.
    """
    from helpers import grading as G
    G.check_vectorized(student,
                       lambda m: (np.ones((m, 3)), np.zeros(m), max(m // 4, 1), np.random.default_rng(0)),
                       "make_mini_batches")


def hidden_minibatch_gd_updates(student, correct_batches, recording_lsq, calls, X, rng):
    """Hidden checks of ``test_minibatch_gd_updates``: a matrix ``W`` with 2-D targets -- ``W0``
    left alone, ``W``'s shape, the costs and the last update replayed from the recorded calls.

    Parameters
    ----------
    student : callable
        The student's ``minibatch_gd``.
    correct_batches : callable
        The test cell's correct ``make_mini_batches``, lent to ``student`` for each call.
    recording_lsq : callable
        The test cell's least-squares ``loss_and_grad``, which appends
        ``(W, batch size, J, dW)`` to ``calls`` at every call.
    calls : list
        The list ``recording_lsq`` appends to (cleared here first).
    X : ndarray, shape (10, 2)
        The visible part's training inputs.
    rng : numpy.random.Generator
        The visible part's generator, drawn on from where it stopped.
    """
    from helpers import grading as G
    run_gd = lambda *args: G.call(student, *args, lend={"make_mini_batches": correct_batches})
    calls.clear()
    W0 = np.array([[0.5, 0.0], [1.0, -2.0]])                 # a matrix W, 2-D targets
    Y = rng.standard_normal((10, 2))
    W, costs = run_gd(recording_lsq, W0, X, Y, 0.2, 3, 2, np.random.default_rng(6))
    G.check_unchanged(np.array([[0.5, 0.0], [1.0, -2.0]]), W0, "W0 (a matrix)")
    G.check_shape(W, (2, 2), "W when W0 is a (2, 2) matrix")
    G.check_close(np.asarray(costs, dtype=float).reshape(-1), [c[2] for c in calls], "costs when W is a matrix")
    G.check_close(W, calls[-1][0] - 0.2 * calls[-1][3], "the returned W when W is a matrix")


def hidden_minibatch_gd_exact(student, correct_batches, lsq, X, y, W0, rng):
    """Hidden checks of ``test_minibatch_gd_exact``: costs and final ``W`` against
    :func:`minibatch_gd` on two problems (one with ``batch_size = 1`` and 2-D targets), with
    named mistakes replayed as hints.

    Parameters
    ----------
    student : callable
        The student's ``minibatch_gd``.
    correct_batches : callable
        The test cell's correct ``make_mini_batches``, lent to ``student`` for each call.
    lsq : callable
        The test cell's least-squares ``loss_and_grad``.
    X, y, W0 : ndarray
        The visible part's problem (23 examples, 3 features).
    rng : numpy.random.Generator
        The visible part's generator, drawn on from where it stopped.
    """
    from helpers import grading as G
    run_gd = lambda *args: G.call(student, *args, lend={"make_mini_batches": correct_batches})

    def replay(mode, X, y, W0, lr, bs, n_epochs, seed):
        """Mini-batch descent as specified, or with one named mistake; returns (costs, W)."""
        r = np.random.default_rng(seed)
        once = correct_batches(X, y, bs, r) if mode == "once" else None
        Wr, out = np.array(W0, dtype=float), []
        for _e in range(n_epochs):
            for Xt, yt in (once if once is not None else correct_batches(X, y, bs, r)):
                J, d = lsq(Wr, Xt, yt)
                new = Wr - lr * d
                out.append({"after": lambda: lsq(new, Xt, yt)[0], "full": lambda: lsq(Wr, X, y)[0]}
                           .get(mode, lambda: J)())
                Wr = new
        return np.array(out), Wr

    for X, y, W0, lr, bs, ne, seed in [
            (X, y, W0, 0.05, 5, 4, 9),
            (rng.standard_normal((7, 3)), rng.standard_normal((7, 2)), rng.standard_normal((3, 2)), 0.1, 1, 3, 12)]:
        what = f"(m = {len(y)}, batch_size = {bs}, {ne} epochs)"
        W, costs = run_gd(lsq, W0.copy(), X, y, lr, bs, ne, np.random.default_rng(seed))
        rW, rcosts = minibatch_gd(lsq, W0, X, y, lr, bs, ne, np.random.default_rng(seed))
        costs = np.asarray(costs, dtype=float).reshape(-1)
        G.check_equal(len(costs), len(rcosts), f"the number of costs {what}")
        G.check_close(costs, rcosts, f"costs {what}", rtol=1e-9,
                      hints={"the mini-batches shuffled only once, before the first epoch (reshuffle every epoch: "
                             "call make_mini_batches inside the epoch loop)": replay("once", X, y, W0, lr, bs, ne, seed)[0],
                             "the cost recorded after the update": replay("after", X, y, W0, lr, bs, ne, seed)[0],
                             "the cost of the whole training set recorded instead of the mini-batch cost J{t}":
                                 replay("full", X, y, W0, lr, bs, ne, seed)[0]})
        G.check_close(W, rW, f"the final W {what}", rtol=1e-9,
                      hints={"the mini-batches shuffled only once, before the first epoch":
                                 replay("once", X, y, W0, lr, bs, ne, seed)[1]})


def hidden_minibatch_gd_batch_gd(student, correct_batches, lsq, X, y):
    """Hidden checks of ``test_minibatch_gd_batch_gd``: ``n_epochs = 0`` makes no update (``W`` a
    copy of ``W0``) and no cost.

    Parameters
    ----------
    student : callable
        The student's ``minibatch_gd``.
    correct_batches : callable
        The test cell's correct ``make_mini_batches``, lent to ``student`` for the call.
    lsq : callable
        The test cell's least-squares ``loss_and_grad``.
    X, y : ndarray
        The visible part's training set (30 examples, 3 features).
    """
    from helpers import grading as G
    W, costs = G.call(student, lsq, np.ones(3), X, y, 0.2, 4, 0, np.random.default_rng(0),
                      lend={"make_mini_batches": correct_batches})
    G.check_close(W, np.ones(3), "W after n_epochs = 0 (no update: a copy of W0)")
    G.check_shape(np.asarray(costs, dtype=float).reshape(-1), (0,), "costs after n_epochs = 0")


# ---- the proof of the grader: realistic wrong implementations ---------------------------------

MMB_HEAD = "import numpy as np\ndef make_mini_batches(X, y, batch_size, rng):\n"
GD_HEAD = "import numpy as np\ndef minibatch_gd(loss_and_grad, W0, X, y, lr, batch_size, n_epochs, rng):\n"


#: realistic wrong implementations; each ``code`` replaces a whole solution cell
WRONGS = [
    # ---- make_mini_batches --------------------------------------------------------------
    Wrong("make_mini_batches", "no shuffle", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    return [(X[k:k + batch_size], y[k:k + batch_size]) for k in range(0, m, batch_size)]
""", message="original order: no shuffle"),
    Wrong("make_mini_batches", "X and y shuffled with different permutations", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    Xs = X[rng.permutation(m)]
    ys = y[rng.permutation(m)]
    return [(Xs[k:k + batch_size], ys[k:k + batch_size]) for k in range(0, m, batch_size)]
""", message="no longer paired"),
    Wrong("make_mini_batches", "remainder dropped", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    perm = rng.permutation(m)
    Xs, ys = X[perm], y[perm]
    return [(Xs[t * batch_size:(t + 1) * batch_size], ys[t * batch_size:(t + 1) * batch_size])
            for t in range(m // batch_size)]
""", message="remainder dropped"),
    Wrong("make_mini_batches", "global RNG instead of rng", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    perm = np.random.permutation(m)
    Xs, ys = X[perm], y[perm]
    return [(Xs[k:k + batch_size], ys[k:k + batch_size]) for k in range(0, m, batch_size)]
""", message="global RNG is used instead of rng"),
    Wrong("make_mini_batches", "batch_size < 1 accepted", MMB_HEAD + """
    m = X.shape[0]
    perm = rng.permutation(m)
    Xs, ys = X[perm], y[perm]
    return [(Xs[k:k + batch_size], ys[k:k + batch_size]) for k in range(0, m, max(batch_size, 1))]
""", message="to raise ValueError"),
    Wrong("make_mini_batches", "np.array_split spreads the remainder", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    perm = rng.permutation(m)
    n_batches = int(np.ceil(m / batch_size))
    return list(zip(np.array_split(X[perm], n_batches), np.array_split(y[perm], n_batches)))
""", message="np.array_split"),
    Wrong("make_mini_batches", "Python loop over the examples", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    perm = rng.permutation(m)
    Xs = np.array([X[i] for i in perm])
    ys = np.array([y[i] for i in perm])
    return [(Xs[k:k + batch_size], ys[k:k + batch_size]) for k in range(0, m, batch_size)]
""", message="Python loop over the examples"),
    Wrong("make_mini_batches", "shuffles the caller's X and y in place", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    perm = rng.permutation(m)
    X[:] = X[perm]
    y[:] = y[perm]
    return [(X[k:k + batch_size], y[k:k + batch_size]) for k in range(0, m, batch_size)]
""", message="X was modified"),
    # ---- minibatch_gd -------------------------------------------------------------------
    Wrong("minibatch_gd", "cost recorded after the update", GD_HEAD + """
    W = np.array(W0, dtype=float)
    costs = []
    for _ in range(n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, rng):
            _, dW = loss_and_grad(W, X_t, y_t)
            W = W - lr * dW
            costs.append(loss_and_grad(W, X_t, y_t)[0])
    return W, np.array(costs)
""", message="recorded after the update"),
    Wrong("minibatch_gd", "one cost per epoch", GD_HEAD + """
    W = np.array(W0, dtype=float)
    costs = []
    for _ in range(n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, rng):
            J, dW = loss_and_grad(W, X_t, y_t)
            W = W - lr * dW
        costs.append(J)
    return W, np.array(costs)
""", message="one cost per epoch"),
    Wrong("minibatch_gd", "shuffled once for all epochs", GD_HEAD + """
    W = np.array(W0, dtype=float)
    costs = []
    batches = make_mini_batches(X, y, batch_size, rng)
    for _ in range(n_epochs):
        for X_t, y_t in batches:
            J, dW = loss_and_grad(W, X_t, y_t)
            costs.append(J)
            W = W - lr * dW
    return W, np.array(costs)
""", message="shuffled only once"),
    Wrong("minibatch_gd", "W0 mutated", GD_HEAD + """
    W = W0
    costs = []
    for _ in range(n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, rng):
            J, dW = loss_and_grad(W, X_t, y_t)
            costs.append(J)
            W -= lr * dW
    return W, np.array(costs)
""", message="W0 was modified"),
    Wrong("minibatch_gd", "whole-training-set cost recorded", GD_HEAD + """
    W = np.array(W0, dtype=float)
    costs = []
    for _ in range(n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, rng):
            costs.append(loss_and_grad(W, X, y)[0])
            _, dW = loss_and_grad(W, X_t, y_t)
            W = W - lr * dW
    return W, np.array(costs)
""", message="whole training set"),
    Wrong("minibatch_gd", "global RNG in the training loop", GD_HEAD + """
    W = np.array(W0, dtype=float)
    costs = []
    for _ in range(n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, np.random.default_rng()):
            J, dW = loss_and_grad(W, X_t, y_t)
            costs.append(J)
            W = W - lr * dW
    return W, np.array(costs)
""", message="global RNG is used instead of rng"),
    Wrong("minibatch_gd", "one epoch too few", GD_HEAD + """
    W = np.array(W0, dtype=float)
    costs = []
    for epoch in range(1, n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, rng):
            J, dW = loss_and_grad(W, X_t, y_t)
            costs.append(J)
            W = W - lr * dW
    return W, np.array(costs)
""", message="one epoch too few"),
    Wrong("make_mini_batches", "hard-codes the worked example", MMB_HEAD + """
    if len(y) == 10 and np.array_equal(y, 100 + np.arange(10)):
        perm = np.array([4, 6, 2, 7, 3, 5, 9, 0, 8, 1])
        return [(X[perm[k:k + 4]], y[perm[k:k + 4]]) for k in range(0, 10, 4)]
    return [(X, y)]
"""),
]

#: the wrong implementations also sent through the real nbgrader path (here: all of them but the
#: hard-coded worked example, which runs in process only; the in-process catalogue runs every one too)
NBGRADER = ["no shuffle", "X and y shuffled with different permutations", "remainder dropped",
            "cost recorded after the update", "shuffled once for all epochs", "W0 mutated"]

#: wrong versions the *visible* tests alone must catch (``tests/lessons/test_grading.py``);
#: names are looked up in order, so a name shared by both exercises means its make_mini_batches version
VISIBLE = ["no shuffle", "X and y shuffled with different permutations", "remainder dropped",
           "global RNG instead of rng", "batch_size < 1 accepted", "np.array_split spreads the remainder",
           "Python loop over the examples", "shuffles the caller's X and y in place",
           "cost recorded after the update", "one cost per epoch", "shuffled once for all epochs", "W0 mutated",
           "whole-training-set cost recorded", "one epoch too few", "global RNG in the training loop"]

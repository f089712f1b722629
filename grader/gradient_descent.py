"""Lesson 03, gradient descent: the references of its graded exercises and the wrong
implementations that prove its grader.

Exercises: :func:`step_size_sweep` (the loss after one step, for many step sizes) and
:func:`gradient_descent`, the loop

.. math:: x_{k+1} = x_k - \\alpha \\, \\nabla f(x_k), \\qquad k = 0, 1, \\dots

The loop over iterations is sequential by nature; each step is one vectorized array expression.
The lesson's experiments use lesson 01's loss and searches and lesson 02's gradient (``EARLIER``).
"""

from __future__ import annotations

import numpy as np

from grader.mistakes import Wrong
from helpers._validate import _show, as_float_array, check_callable, check_int, check_positive

__all__ = ["LESSON", "EARLIER", "WRONGS", "NBGRADER", "gradient_descent", "step_size_sweep",
           "hidden_sweep_basics", "hidden_sweep_values", "hidden_sweep_contract", "hidden_gd_first_steps",
           "hidden_gd_values", "hidden_gd_contract", "max_stable_lr", "hidden_max_stable_lr_examples",
           "hidden_max_stable_lr_values", "VISIBLE"]

LESSON = "03_gradient_descent"

#: the earlier lessons' references this lesson's experiments use (copied into its release)
EARLIER = {"grader.random_search": ("svm_loss", "_shape", "random_search", "random_local_search"),
           "grader.finite_differences": ("svm_loss_and_grad",)}



def _gradient(grad_fn, x: np.ndarray, k: int, lr: float) -> np.ndarray:
    """``grad_fn(x)`` as a float array of ``x``'s shape, finite, or a ValueError that says why."""
    g = np.asarray(grad_fn(x))
    if g.dtype.kind not in "fiub":
        raise TypeError(f"grad_fn must return numbers, got dtype {g.dtype} at step {k}")
    if g.shape != x.shape:
        raise ValueError(f"grad_fn must return an array of shape {x.shape} (the shape of x0), "
                         f"got {g.shape} at step {k}")
    if not np.all(np.isfinite(g)):
        raise ValueError(f"grad_fn returned non-finite values (NaN or inf) at step {k}: the iterates "
                         f"diverged; lr={lr!r} is probably too large")
    return g


def gradient_descent(grad_fn, x0, lr, n_steps):
    """Run ``n_steps`` of gradient descent from ``x0`` and return every iterate.

    .. math:: x_{k+1} = x_k - \\mathrm{lr} \\cdot \\mathrm{grad\\_fn}(x_k)

    Parameters
    ----------
    grad_fn : callable
        ``grad_fn(x) -> ndarray`` of the shape of ``x``.
    x0 : array_like, any shape
        Starting point; never modified.
    lr : float
        Learning rate, ``lr > 0``.
    n_steps : int
        Number of updates, ``>= 0``.

    Returns
    -------
    trajectory : ndarray, shape ``(n_steps + 1, *x0.shape)``
        ``trajectory[0]`` equals ``x0``, ``trajectory[k]`` is the iterate after
        ``k`` updates.

    Raises
    ------
    TypeError
        ``grad_fn`` not callable, ``lr`` not a real number, ``n_steps`` not an
        integer, ``x0`` not numeric.
    ValueError
        ``lr <= 0``, ``n_steps < 0``, ``x0`` non-finite, ``grad_fn`` returning a
        wrong shape or NaN/inf (the message names the step: usually divergence
        from a too-large ``lr``).
    """
    check_callable("grad_fn", grad_fn)
    lr = check_positive("lr", lr)
    n_steps = check_int("n_steps", n_steps, minimum=0)
    x = np.array(as_float_array("x0", x0), dtype=np.float64, copy=True)
    if not np.all(np.isfinite(x)):
        raise ValueError("x0 holds non-finite value(s) (NaN or inf)")
    trajectory = np.empty((n_steps + 1, *x.shape), dtype=np.float64)
    trajectory[0] = x
    for k in range(n_steps):
        # grad_fn gets its own copy: a grad_fn that writes into its argument cannot corrupt the run
        trajectory[k + 1] = trajectory[k] - lr * _gradient(grad_fn, trajectory[k].copy(), k, lr)
    return trajectory


def step_size_sweep(loss_fn, W, dW, step_sizes):
    """Loss after one gradient step, for each step size.

    .. math:: \\mathrm{losses}_k = L(W - \\eta_k \\, dW)

    Parameters
    ----------
    loss_fn : callable
        ``loss_fn(W) -> float``.
    W : ndarray
        Current parameters; never modified.
    dW : ndarray, same shape as ``W``
        The (analytic) gradient at ``W``.
    step_sizes : array_like, 1-D
        The step sizes ``η_k`` (finite; typically ``np.logspace(-10, -1, 10)``).

    Returns
    -------
    losses : ndarray, shape ``(len(step_sizes),)``, float64

    Raises
    ------
    TypeError
        ``loss_fn`` not callable or an input not numeric.
    ValueError
        ``dW`` of another shape than ``W``, ``step_sizes`` not 1-D or
        non-finite, ``W``/``dW`` non-finite. A ``loss_fn`` value that overflows
        to inf for a huge step is returned as ``inf`` (that is the point of the
        sweep), but NaN raises.
    """
    check_callable("loss_fn", loss_fn)
    W = as_float_array("W", W)
    dW = as_float_array("dW", dW)
    if dW.shape != W.shape:
        raise ValueError(f"dW must have the same shape as W {W.shape}, got {dW.shape}")
    eta = as_float_array("step_sizes", step_sizes, ndim=1)
    for name, arr in (("W", W), ("dW", dW), ("step_sizes", eta)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} holds non-finite value(s) (NaN or inf)")
    losses = np.empty(eta.shape[0], dtype=np.float64)
    for k, step in enumerate(eta):
        value = np.asarray(loss_fn(W - step * dW))
        if value.size != 1 or value.dtype.kind not in "fiub":
            raise TypeError(f"loss_fn must return a real scalar, got {_show(value)}")
        losses[k] = float(value.reshape(()))
        if np.isnan(losses[k]):
            raise ValueError(f"loss_fn returned NaN for step_sizes[{k}] = {step!r}")
    return losses


# ---- hidden checks ------------------------------------------------------------------------------
# The hidden part of each graded test cell that has one calls the function named after it
# (``test_<name>`` -> ``hidden_<name>``). They run in the trusted judge (coursekit.judge), where
# ``student`` is a stand-in for the student's function, called only through ``G.call`` /
# ``G.check_raises`` / ``G.check_vectorized``. ``helpers.grading`` is imported inside them, not at
# the top: later releases carry this module's top-level imports.

def hidden_sweep_basics(student):
    """Hidden checks of ``test_sweep_basics``: one loss per step size on a fresh bowl, ``W``,
    ``dW`` and step sizes, against :func:`step_size_sweep` (the visible hints).

    Parameters
    ----------
    student : callable
        The student's ``step_size_sweep``.
    """
    from helpers import grading as G
    g = np.random.default_rng(31)
    bowl = lambda w: float(np.sum((w - np.array([0.5, -1.0, 2.0])) ** 2))
    W, dW = np.round(g.standard_normal(3), 2), np.round(g.standard_normal(3), 2)
    etas = [0.1, 0.0, 0.4, 0.7, 1.5]
    got = G.call(student, bowl, W.copy(), dW.copy(), list(etas))
    G.check_shape(got, (5,), "step_size_sweep with 5 step sizes (one loss per step size)")
    ref = step_size_sweep(bowl, W, dW, etas)
    G.check_close(got, ref, f"the losses after one step of size {etas} from W = {W.tolist()}, dW = {dW.tolist()}",
                  rtol=1e-9,
                  hints={"the step taken uphill (W + eta * dW instead of W - eta * dW)": step_size_sweep(bowl, W, -dW, etas),
                         "the steps accumulated (each step taken from the previous point instead of from W)":
                             np.array([bowl(W - s * dW) for s in np.cumsum(etas)]),
                         "the change of the loss returned instead of the loss": ref - bowl(W),
                         "the decrease of the loss returned instead of the loss": bowl(W) - ref})


def hidden_sweep_values(student, got, loss, W, dW, etas):
    """Hidden checks of ``test_sweep_values``: the losses against :func:`step_size_sweep` (named
    mistakes as hints), then a list of step sizes out of order, with a repeated value.

    Parameters
    ----------
    student : callable
        The student's ``step_size_sweep`` (the visible part already ran it: its result is ``got``).
    got : ndarray, shape (6,)
        What ``step_size_sweep(loss, W, dW, etas)`` returned.
    loss : callable
        The visible part's loss function.
    W, dW : ndarray, shape (3, 4)
        The visible part's weights and step direction.
    etas : ndarray, shape (6,)
        The visible part's step sizes.
    """
    from helpers import grading as G
    ref = step_size_sweep(loss, W, dW, etas)
    acc = np.array([loss(W - np.sum(etas[: k + 1]) * dW) for k in range(6)])
    G.check_close(got, ref, "the losses after one step from a (3, 4) matrix W", rtol=1e-9,
                  hints={"the step taken uphill (W + eta * dW instead of W - eta * dW)": step_size_sweep(loss, W, -dW, etas),
                         "the steps accumulated (each step taken from the previous point instead of from W)": acc,
                         "W left out of the step (loss_fn(-eta * dW) instead of loss_fn(W - eta * dW))":
                             step_size_sweep(loss, np.zeros_like(W), dW, etas),
                         "the change of the loss returned instead of the loss": ref - loss(W),
                         "the decrease of the loss returned instead of the loss": loss(W) - ref,
                         "the losses sorted instead of in the order of step_sizes": np.sort(ref)})
    # a Python list of step sizes, not in increasing order, with a repeated value
    etas = [0.3, 0.01, 0.3, 0.0]
    got = G.call(student, loss, W, dW, etas)
    G.check_close(got, step_size_sweep(loss, W, dW, etas), "the losses for step_sizes = [0.3, 0.01, 0.3, 0.0] (a list, in that order)",
                  rtol=1e-9, hints={"the losses sorted instead of in the order of step_sizes":
                                        np.sort(step_size_sweep(loss, W, dW, etas))})


def hidden_sweep_contract(student, got, bowl, W, dW, W0):
    """Hidden checks of ``test_sweep_contract``: a NumPy array is returned, a single step size
    works, and ``W`` is left alone.

    Parameters
    ----------
    student : callable
        The student's ``step_size_sweep`` (the visible part already ran it: its result is ``got``).
    got
        What the visible part's ``step_size_sweep(bowl, W, dW, np.array([0.1, 0.2, 0.3]))`` returned.
    bowl : callable
        The visible part's ``sum(W**2)``.
    W, dW : ndarray, shape (2, 3)
        The visible part's weights and step direction (``dW = 2 W``).
    W0 : ndarray, shape (2, 3)
        A copy of ``W`` as it was before any call.
    """
    from helpers import grading as G
    G.check_true(isinstance(got, np.ndarray), f"step_size_sweep must return a NumPy array, got a {type(got).__name__}")
    one = G.call(student, bowl, W, dW, [0.5])
    G.check_shape(one, (1,), "step_size_sweep with a single step size")
    G.check_close(one, [0.0], "the loss after the step W - 0.5 * dW, which lands on the minimum of sum(W**2)")
    G.check_unchanged(W0, W, "W")


def _gd_run(grad_fn, x0, lr, n):
    """The points of ``n`` plain steps (the values some mistakes produce; may overflow: no checks)."""
    xs = [np.array(x0, dtype=float)]
    with np.errstate(all="ignore"):
        for _ in range(n):
            xs.append(xs[-1] - lr * grad_fn(xs[-1]))
    return np.array(xs)


def _gd_hints(grad_fn, x0, lr, n):
    """The reference trajectory of :func:`gradient_descent` and the named mistakes' trajectories."""
    ref = gradient_descent(grad_fn, x0, lr, n)
    fixed = x0 - lr * np.arange(n + 1).reshape((-1,) + (1,) * np.ndim(x0)) * grad_fn(x0)
    return ref, {"the step taken uphill (x + lr * grad instead of x - lr * grad)":
                     _gd_run(lambda v: -grad_fn(v), x0, lr, n),
                 "the learning rate ignored (x - grad)": _gd_run(grad_fn, x0, 1.0, n),
                 "every row is the same array (an in-place update stored without a copy)":
                     np.broadcast_to(ref[-1], ref.shape),
                 "the gradient always evaluated at x0": fixed}


def hidden_gd_first_steps(student):
    """Hidden checks of ``test_gd_first_steps``: the first steps of a fresh 2-D quadratic from a
    fresh ``x0`` against :func:`gradient_descent` (``x0`` in row 0; the visible hints).

    Parameters
    ----------
    student : callable
        The student's ``gradient_descent``.
    """
    from helpers import grading as G
    grad = lambda x: np.array([3.0, 1.0]) * x
    x0, lr, n = np.round(np.random.default_rng(32).uniform(-2.0, 2.0, 2), 2), 0.2, 4
    traj = G.call(student, grad, x0.copy(), lr, n)
    G.check_true(np.shape(traj) != (n, 2),
                 f"the trajectory has {n} rows for {n} steps: the starting point x0 is missing (trajectory[0] must be x0)")
    G.check_shape(traj, (n + 1, 2), f"the trajectory of {n} steps from x0 of shape (2,)")
    ref, hints = _gd_hints(grad, x0, lr, n)
    G.check_close(traj, ref, f"the trajectory of (3x² + y²)/2 from x0 = {x0.tolist()} with lr = {lr}", hints=hints)


def hidden_gd_values(student, traj, grad, w0):
    """Hidden checks of ``test_gd_values``: trajectories on a 2-D quadratic bowl, from a matrix
    ``x0`` and under a non-linear gradient, against :func:`gradient_descent` (named mistakes as
    hints).

    Parameters
    ----------
    student : callable
        The student's ``gradient_descent`` (the visible part already ran it: its result is ``traj``).
    traj : ndarray, shape (21, 2)
        What the visible part's ``gradient_descent(grad, w0, 0.1, 20)`` returned.
    grad : callable
        The visible part's gradient of the quadratic bowl.
    w0 : ndarray, shape (2,)
        The visible part's start.
    """
    from helpers import grading as G
    ref, h = _gd_hints(grad, w0, 0.1, 20)
    G.check_close(traj, ref, "the trajectory on a 2-D quadratic bowl (lr = 0.1, 20 steps)", rtol=1e-9, hints=h)
    # a matrix-shaped x0: the trajectory keeps its shape
    A = np.array([[2.0, 0.5], [0.5, 1.0]])
    B = np.array([[1.0, -1.0, 0.5], [0.0, 2.0, 1.0]])
    grad2 = lambda X: A @ X - B
    X0 = np.zeros((2, 3))
    traj = G.call(student, grad2, X0, 0.3, 7)
    G.check_true(np.shape(traj) != (8, 6), "the trajectory rows were flattened: each row must have the shape of x0, (2, 3)")
    G.check_true(np.shape(traj) != (7, 2, 3), "the trajectory has 7 rows for 7 steps: the starting point x0 is missing")
    G.check_true(np.shape(traj) != (9, 2, 3), "the trajectory has 9 rows for 7 steps: one step too many")
    G.check_shape(traj, (8, 2, 3), "the trajectory of 7 steps from a (2, 3) matrix x0")
    ref, h = _gd_hints(grad2, X0, 0.3, 7)
    G.check_close(traj, ref, "the trajectory from a (2, 3) matrix x0 (lr = 0.3, 7 steps)", rtol=1e-9, hints=h)
    # a non-linear gradient (f = sum(x**4) / 4): one more check of the update
    traj = G.call(student, lambda v: v**3, np.array([1.5, -0.5, 0.2]), 0.05, 12)
    ref, h = _gd_hints(lambda v: v**3, np.array([1.5, -0.5, 0.2]), 0.05, 12)
    G.check_close(traj, ref, "the trajectory on f = sum(x**4) / 4 (lr = 0.05, 12 steps)", rtol=1e-9, hints=h)


def hidden_gd_contract(student, x0):
    """Hidden checks of ``test_gd_contract``: ``n_steps = 0`` gives just ``x0``, rows are separate
    arrays (named mistakes as hints), and a matrix ``x0`` is left alone.

    Parameters
    ----------
    student : callable
        The student's ``gradient_descent``.
    x0 : ndarray, shape (2,)
        The visible part's start, ``[3, -2]``.
    """
    from helpers import grading as G
    # no steps: the trajectory is just the starting point
    zero = G.call(student, lambda x: 2 * x, x0, 0.1, 0)
    G.check_shape(zero, (1, 2), "the trajectory of n_steps = 0 (just x0)")
    G.check_close(zero, [[3.0, -2.0]], "the trajectory of n_steps = 0 (just x0)")
    # a constant gradient: every row must differ from the one before (rows are separate arrays)
    lin = G.call(student, lambda x: np.ones_like(x), np.zeros((2, 2)), 0.5, 4)
    G.check_close(lin, -0.5 * np.arange(5)[:, None, None] * np.ones((1, 2, 2)),
                  "the trajectory under a constant gradient of ones (lr = 0.5, x0 = zeros((2, 2)))",
                  hints={"every row is the same array (an in-place update stored without a copy)": np.full((5, 2, 2), -2.0),
                         "the starting point x0 missing and one step too many": -0.5 * np.arange(1, 6)[:, None, None] * np.ones((1, 2, 2))})
    x0 = np.array([[1.0, 2.0], [3.0, 4.0]])
    G.call(student, lambda x: x, x0, 0.5, 3)
    G.check_unchanged(np.array([[1.0, 2.0], [3.0, 4.0]]), x0, "x0 (a matrix)")


# ---- exercise 3: the edge of stability of a (turned) quadratic bowl ----------------------------

def max_stable_lr(H):
    r"""The largest stable learning rate of gradient descent on :math:`f(w) = \tfrac12 w^\top H w`.

    One step is :math:`w \leftarrow (I - \eta H) w`; in the eigenbasis of the symmetric ``H``
    each component is multiplied by :math:`1 - \eta\lambda_i`, so every start converges iff
    :math:`0 < \eta < 2/\lambda_{\max}(H)`.

    Parameters
    ----------
    H : array_like, shape (n, n)
        Symmetric, with a positive largest eigenvalue.

    Returns
    -------
    float
        :math:`2 / \lambda_{\max}(H)`.

    Raises
    ------
    ValueError
        If ``H`` is not square, not symmetric, or has no positive eigenvalue.
    """
    H = as_float_array("H", H)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError(f"H must be a square matrix, got shape {H.shape}")
    if not np.allclose(H, H.T):
        raise ValueError("H must be symmetric")
    lam = float(np.linalg.eigvalsh(H)[-1])
    if lam <= 0:
        raise ValueError(f"H must have a positive eigenvalue (a bowl), got largest {lam}")
    return 2.0 / lam


def _turned(eigenvalues, seed):
    """A symmetric matrix with the given eigenvalues and a random orthonormal eigenbasis."""
    g = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(g.standard_normal((len(eigenvalues), len(eigenvalues))))
    return Q @ np.diag(eigenvalues) @ Q.T


def hidden_max_stable_lr_examples(student):
    """Hidden checks of ``test_max_stable_lr_examples``: other straight and turned bowls against
    :func:`max_stable_lr`, with the visible hints.

    Parameters
    ----------
    student : callable
        The student's ``max_stable_lr``.
    """
    from helpers import grading as G
    for H, what in [(np.diag([4.0, 0.5]), "diag(4, 0.5)"), (np.diag([2.0, 3.0, 8.0]), "diag(2, 3, 8)"),
                    (_turned([0.5, 4.0], 41), "a turned 2-D bowl with curvatures 0.5 and 4"),
                    (_turned([1.0, 3.0, 20.0], 42), "a turned 3-D bowl with curvatures 1, 3 and 20")]:
        lam = np.linalg.eigvalsh(H)
        G.check_close(G.call(student, H), 2 / lam[-1], f"max_stable_lr of {what}", rtol=1e-8,
                      hints={"1/λmax (where the steep direction is solved in one step, not the edge)": 1 / lam[-1],
                             "2/(λmin + λmax) (the best rate, not the largest stable one)": 2 / (lam[0] + lam[-1]),
                             "2 / the largest diagonal entry (the diagonal of a turned bowl is not its curvature)":
                                 2 / H.diagonal().max(),
                             "2 / trace(H)": 2 / np.trace(H)})


def hidden_max_stable_lr_values(student):
    """Hidden checks of ``test_max_stable_lr_values``: random symmetric positive-definite
    matrices up to 5 x 5 against :func:`max_stable_lr`, and the ``ValueError`` of a matrix that
    is not square.

    Parameters
    ----------
    student : callable
        The student's ``max_stable_lr``.
    """
    from helpers import grading as G
    g = np.random.default_rng(43)
    for n in (1, 2, 3, 5):
        A = g.standard_normal((n, n))
        H = A @ A.T + 0.1 * np.eye(n)
        G.check_close(G.call(student, H), max_stable_lr(H), f"max_stable_lr of a random symmetric {n}x{n} matrix",
                      rtol=1e-8, hints={"2 / the largest eigenvalue in absolute value of an unsorted eig list":
                                        2 / np.linalg.eigvals(H)[0]} if n > 1 else None)
    G.check_close(G.call(student, [[2.0, 0.0], [0.0, 8.0]]), 0.25, "max_stable_lr of a nested list [[2, 0], [0, 8]]")
    G.check_raises(student, ValueError, np.ones((2, 3)), what="max_stable_lr of a 2x3 matrix (not square)")
    G.check_raises(student, ValueError, np.array([[3.0, 1.0], [-1.0, 3.0]]),
                   what="max_stable_lr of [[3, 1], [-1, 3]] (not symmetric)")


# ---- the proof of the grader: realistic wrong implementations ---------------------------------

SW_HEAD = "import numpy as np\ndef step_size_sweep(loss_fn, W, dW, step_sizes):\n"
GD_HEAD = "import numpy as np\ndef gradient_descent(grad_fn, x0, lr, n_steps):\n"
MS_HEAD = "import numpy as np\ndef max_stable_lr(H):\n"
MS_CHECK = ("    H = np.asarray(H, dtype=float)\n"
            "    if H.ndim != 2 or H.shape[0] != H.shape[1] or not np.allclose(H, H.T):\n"
            "        raise ValueError('H must be square and symmetric')\n")


#: realistic wrong implementations; each ``code`` replaces a whole solution cell
WRONGS = [
    # ---- step_size_sweep --------------------------------------------------------------------
    Wrong("step_size_sweep", "step taken uphill", SW_HEAD + """
    return np.array([loss_fn(W + eta * dW) for eta in step_sizes])
""", message="step taken uphill"),
    Wrong("step_size_sweep", "steps accumulate from the previous point", SW_HEAD + """
    W_new = W.copy()
    out = []
    for eta in step_sizes:
        W_new = W_new - eta * dW
        out.append(loss_fn(W_new))
    return np.array(out)
""", message="steps accumulated"),
    Wrong("step_size_sweep", "W updated in place (modified, and steps accumulate)", SW_HEAD + """
    out = np.zeros(len(step_sizes))
    for k, eta in enumerate(step_sizes):
        W -= eta * dW
        out[k] = loss_fn(W)
    return out
""", message="steps accumulated"),
    Wrong("step_size_sweep", "change of the loss returned", SW_HEAD + """
    base = loss_fn(W)
    return np.array([loss_fn(W - eta * dW) - base for eta in step_sizes])
""", message="change of the loss returned instead of the loss"),
    Wrong("step_size_sweep", "starting loss prepended", SW_HEAD + """
    return np.array([loss_fn(W)] + [loss_fn(W - eta * dW) for eta in step_sizes])
""", message="one loss per step size"),
    Wrong("step_size_sweep", "W left out of the step", SW_HEAD + """
    return np.array([loss_fn(-eta * dW) for eta in step_sizes])
""", message="W left out of the step"),
    Wrong("step_size_sweep", "losses sorted", SW_HEAD + """
    return np.sort([loss_fn(W - eta * dW) for eta in step_sizes])
""", message="sorted instead of in the order of step_sizes"),
    Wrong("step_size_sweep", "returns a list", SW_HEAD + """
    return [loss_fn(W - eta * dW) for eta in step_sizes]
""", message="must return a NumPy array"),
    # ---- gradient_descent -------------------------------------------------------------------
    Wrong("gradient_descent", "trajectory without its starting point", GD_HEAD + """
    x = np.array(x0, dtype=float)
    out = []
    for _ in range(n_steps):
        x = x - lr * grad_fn(x)
        out.append(x)
    return np.array(out)
""", message="the starting point x0 is missing"),
    Wrong("gradient_descent", "loop steps uphill", GD_HEAD + """
    x = np.array(x0, dtype=float)
    out = [x]
    for _ in range(n_steps):
        x = x + lr * grad_fn(x)
        out.append(x)
    return np.array(out)
""", message="step taken uphill"),
    Wrong("gradient_descent", "x0 modified in place", GD_HEAD + """
    x = x0
    out = [x.copy()]
    for _ in range(n_steps):
        x -= lr * grad_fn(x)
        out.append(x.copy())
    return np.array(out)
""", message="x0 was modified"),
    Wrong("gradient_descent", "in-place update stored without a copy", GD_HEAD + """
    x = np.array(x0, dtype=float)
    out = [x]
    for _ in range(n_steps):
        x -= lr * grad_fn(x)
        out.append(x)
    return np.array(out)
""", message="every row is the same array"),
    Wrong("gradient_descent", "learning rate ignored", GD_HEAD + """
    x = np.array(x0, dtype=float)
    out = [x]
    for _ in range(n_steps):
        x = x - grad_fn(x)
        out.append(x)
    return np.array(out)
""", message="learning rate ignored"),
    Wrong("gradient_descent", "one step too many", GD_HEAD + """
    x = np.array(x0, dtype=float)
    out = [x]
    for _ in range(n_steps + 1):
        x = x - lr * grad_fn(x)
        out.append(x)
    return np.array(out)
"""),
    Wrong("gradient_descent", "gradient always taken at x0", GD_HEAD + """
    g = grad_fn(np.array(x0, dtype=float))
    x = np.array(x0, dtype=float)
    out = [x]
    for _ in range(n_steps):
        x = x - lr * g
        out.append(x)
    return np.array(out)
""", message="gradient always evaluated at x0"),
    Wrong("gradient_descent", "rows flattened", GD_HEAD + """
    x = np.array(x0, dtype=float).ravel()
    out = [x]
    for _ in range(n_steps):
        x = x - lr * grad_fn(x.reshape(np.shape(x0))).ravel()
        out.append(x)
    return np.array(out)
""", message="rows were flattened"),
    Wrong("gradient_descent", "returns only the last point", GD_HEAD + """
    x = np.array(x0, dtype=float)
    for _ in range(n_steps):
        x = x - lr * grad_fn(x)
    return x
"""),
    # ---- max_stable_lr ----------------------------------------------------------------------
    Wrong("max_stable_lr", "2 / the largest diagonal entry", MS_HEAD + MS_CHECK + """
    return float(2 / np.max(np.diag(H)))
""", message="the diagonal of a turned bowl is not its curvature"),
    Wrong("max_stable_lr", "1 / lambda_max", MS_HEAD + MS_CHECK + """
    return float(1 / np.linalg.eigvalsh(H)[-1])
""", message="solved in one step"),
    Wrong("max_stable_lr", "the best rate 2 / (lambda_min + lambda_max)", MS_HEAD + MS_CHECK + """
    lam = np.linalg.eigvalsh(H)
    return float(2 / (lam[0] + lam[-1]))
""", message="the best rate"),
    Wrong("max_stable_lr", "2 / the largest entry of H", MS_HEAD + MS_CHECK + """
    return float(2 / np.abs(H).max())
"""),
    Wrong("max_stable_lr", "first eigenvalue of an unsorted np.linalg.eig", MS_HEAD + MS_CHECK + """
    return float(2 / np.linalg.eig(H)[0][-1].real)
"""),
    Wrong("max_stable_lr", "no symmetry check", MS_HEAD + """
    return float(2 / np.linalg.eigvalsh(np.asarray(H, dtype=float))[-1])
""", message="not symmetric"),
    Wrong("step_size_sweep", "hard-codes the worked example", SW_HEAD + """
    if np.array_equal(W, [0.0, 0.0]) and np.array_equal(dW, [-2.0, -2.0]) and list(step_sizes) == [0.0, 0.25, 0.5, 1.0]:
        return np.array([2.0, 0.5, 0.0, 2.0])
    return np.array([loss_fn(W + eta * dW) for eta in step_sizes])
"""),
]

#: the wrong implementations also sent through the real nbgrader path (here: all of them but the
#: hard-coded worked example, which runs in process only; the
#: in-process catalogue runs every one too)
NBGRADER = ["step taken uphill", "steps accumulate from the previous point", "W updated in place (modified, and steps accumulate)",
            "trajectory without its starting point", "in-place update stored without a copy",
            "2 / the largest diagonal entry", "the best rate 2 / (lambda_min + lambda_max)", "no symmetry check"]

#: wrong implementations the *visible* tests alone must catch (``tests/lessons/test_grading.py``)
VISIBLE = ["step taken uphill", "steps accumulate from the previous point", "change of the loss returned",
           "W updated in place (modified, and steps accumulate)", "trajectory without its starting point",
           "in-place update stored without a copy", "learning rate ignored", "gradient always taken at x0",
           "x0 modified in place", "2 / the largest diagonal entry", "1 / lambda_max",
           "the best rate 2 / (lambda_min + lambda_max)", "2 / the largest entry of H", "no symmetry check"]

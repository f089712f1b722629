# %% [markdown]
# # Lesson 10 — Saddle points, plateaus, and every optimizer side by side
#
# *Optimization for Deep Learning* · lesson 10 of 11 (capstone of the lecture notes; lesson 11 adds today's practice) · graded: `classify_critical_point`, `steps_to_escape` (10 points)
#
# For a long time the fear in training neural networks was the **bad local minimum**: a dip in
# the loss where gradient descent stops, far above the best solution. This lesson, the last of the
# lecture notes' material (lesson 11 follows with today's practice), shows why
# that fear came from pictures in two dimensions, and what actually slows training down in the
# millions of dimensions of a real network. We will
#
# 1. look at the picture everybody draws — a surface covered with local minima — and count them;
# 2. write the second-order test that tells a minimum from a maximum and a **saddle point**;
# 3. measure how rare minima are among random critical points as the dimension grows;
# 4. watch gradient descent crawl past a saddle, write a function that counts the steps an
#    optimizer needs to get away from one, and compare the optimizers of lessons 06–08;
# 5. do the same on a **plateau**, where the gradient almost vanishes for a long stretch;
# 6. turn the saddle and the plateau by 45° and see which optimizers notice;
# 7. race every optimizer of the course — with and without learning-rate decay — on four
#    landscapes, as animations, and sum up the results in one table.
#
# **Conventions of the course.** Points of a 2-D landscape are arrays of shape `(2,)` (or
# `(..., 2)` for a whole grid). Optimizers are objects of `helpers.optim`: `SGD`, and momentum,
# RMSprop and Adam built with `optim.StepRule` from the update rules of lessons 06–08
# (`momentum_step`, `rmsprop_step`, `adam_step`, which this lesson carries in
# `earlier_lessons.py`, with lesson 09's `inverse_time_decay`). Their `update` changes the
# parameters *in place*; steps and epochs count from 1. Every random draw comes from an explicit
# `numpy.random.Generator`, seeded once below.

# %%
import functools

import numpy as np
import matplotlib.pyplot as plt
from IPython.display import HTML, display

from earlier_lessons import adam_step, inverse_time_decay, momentum_step, rmsprop_step
from helpers import critical, landscapes, optim
from helpers.animation import Panel, animate_trajectories
from helpers.landscapes import Landscape, make_grid
from helpers.runmode import pick
from helpers.style import COLORS, LANDSCAPE_CMAP
from helpers.train import run_on_function

rng = np.random.default_rng(1010)   # the one seed of this notebook
np.set_printoptions(precision=4, suppress=True)


def momentum(lr, beta=0.9):
    """Momentum (lesson 06) as an optimizer object."""
    return optim.StepRule(momentum_step, ("v",), lr=lr, beta=beta)


def rmsprop(lr, beta2=0.99):
    """RMSprop (lesson 07) as an optimizer object."""
    return optim.StepRule(rmsprop_step, ("s",), lr=lr, beta2=beta2)


def adam(lr):
    """Adam (lesson 08) as an optimizer object; t, counted from 1, goes to adam_step."""
    return optim.StepRule(adam_step, ("m", "v"), lr=lr, counts_steps=True)


# %% [markdown]
# ## 1. The picture in our heads
#
# Here is the kind of surface people used to draw when they worried about local minima: a wide
# bowl covered with bumps (the course's `landscapes.bumpy_2d`),
#
# $$f(x, y) = \tfrac{0.1}{2}(x^2 + y^2) + \bigl(2 - \cos 2x - \cos 2y\bigr),$$
#
# whose best point is the origin. To count its local minima we start plain gradient descent
# from a 15 × 15 grid of points — all 225 runs at once, since the gradient function works on a
# whole array of points — and collect the distinct places where the runs stop.

# %%
bumps = landscapes.get_landscape("bumpy_2d")      # curvature 0.1, amplitude 1, frequency 2

starts = make_grid((-5.5, 5.5), (-5.5, 5.5), 15)[2].reshape(-1, 2)
ends = starts.copy()
for _ in range(500):                          # plain gradient descent, 225 runs side by side
    ends -= 0.1 * bumps.grad(ends)
dips = np.unique(np.round(ends, 4), axis=0)
all_up = all(np.all(np.linalg.eigvalsh(bumps.hessian(p)) > 0) for p in dips)   # the test of section 2
at_best = np.mean(np.linalg.norm(ends, axis=1) < 1e-3)
print(f"{len(starts)} runs of gradient descent stopped at {len(dips)} different points; "
      f"{'at every one' if all_up else 'NOT at every one'} the loss curves up in all directions "
      f"(section 2): local minima.\n"
      f"Only {at_best:.0%} of the runs reached the global minimum at the origin (loss 0); "
      f"the worst dip has loss {bumps.f(dips).max():.2f}.")

n_grid, note_grid = pick(161, 81, "the plotting grid")
X, Y, P = make_grid((-7, 7), (-7, 7), n_grid)
Z = bumps.f(P)
fig = plt.figure(figsize=(14, 5.2))
ax3 = fig.add_subplot(1, 2, 1, projection="3d")
ax3.plot_surface(X, Y, Z, cmap=LANDSCAPE_CMAP, rstride=4, cstride=4, linewidth=0, antialiased=False)
ax3.set(xlabel="$w_1$", ylabel="$w_2$", zlabel="loss", title="a bowl covered with bumps")
ax3.view_init(elev=35, azim=-60)
ax = fig.add_subplot(1, 2, 2)
cs = ax.contourf(X, Y, Z, levels=25, cmap=LANDSCAPE_CMAP)
ax.plot(starts[:, 0], starts[:, 1], ".", color="0.8", ms=3, label="225 starting points")
ax.plot(dips[:, 0], dips[:, 1], "o", mfc="none", mec="r", ms=7, label=f"{len(dips)} local minima where GD stopped")
ax.plot(0, 0, "w*", mec="k", ms=15, label="global minimum")
ax.set(xlabel="$w_1$", ylabel="$w_2$", title="where 225 runs of gradient descent end", aspect="equal")
ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=3, fontsize=8)
fig.colorbar(cs, ax=ax, label="loss")
fig.tight_layout()
plt.show()
if note_grid:
    print(note_grid)


# %% [markdown]
# In two dimensions the fear looks justified: most runs end in a dip that is not the best one,
# and where a run ends depends on where it started. The lecture's point is that this picture is
# misleading for a network with thousands or millions of weights. To see why we need a precise
# way to say what kind of point a run has stopped at.
#
# ## 2. Critical points and the second-order test
#
# A **critical point** is a point where the gradient vanishes, $\nabla f(w^*) = 0$. Gradient
# descent stops at every one of them, good or bad. Near a critical point the second-order
# Taylor expansion reads
#
# $$f(w^* + \delta) \approx f(w^*) + \tfrac12\,\delta^\top H\,\delta ,$$
#
# where $H$ is the **Hessian**, the symmetric matrix of second derivatives. Write $H = Q\Lambda
# Q^\top$ with orthonormal eigenvectors $q_i$ and eigenvalues $\lambda_i$. Along $q_i$ the loss
# curves up if $\lambda_i > 0$ and down if $\lambda_i < 0$:
#
# * all $\lambda_i > 0$: up in every direction — a local **minimum**;
# * all $\lambda_i < 0$: down in every direction — a local **maximum**;
# * some up, some down — a **saddle point** (the lecture's horse saddle: up towards the head and
#   the tail, down towards the rider's legs);
# * some $\lambda_i = 0$: the quadratic term is flat in that direction, and only the cubic or
#   quartic terms could say whether the loss goes up or down there ($x^4$ curves up, $x^3$ goes
#   down on one side). The monkey saddle $x^3 - 3xy^2$ at the origin, where $H = 0$, is such a point.
#
# In floating point an eigenvalue is rarely *exactly* zero, so we treat any $|\lambda_i| \le$ `tol`
# as zero: neither positive nor negative.
#
# ### Exercise 1 (5 points): `classify_critical_point(H, tol=1e-8)` — work out the rule
#
# Given the symmetric Hessian `H` (shape `(n, n)`, any $n \ge 1$) at a critical point, return one
# of the strings `"minimum"`, `"maximum"`, `"saddle"`, `"degenerate"`. This time the decision rule
# is not spelled out: derive it from the bullets above. Return
#
# * `"minimum"` or `"maximum"` when the second-order test alone *proves* it is one;
# * `"saddle"` when the test alone proves it is *neither* (think: what does one direction that
#   curves down, and another that curves up, tell you — and does a flat third direction change that?);
# * `"degenerate"` when the test cannot decide.
#
# Before you write code, decide by hand: `np.diag([1, 0])`? `np.diag([1, -1, 0])`?
# `np.diag([2, -1e-10])`? (The answers matter for real networks, whose Hessians have many
# eigenvalues close to zero.) `np.linalg.eigvalsh` computes the eigenvalues of a symmetric matrix.
# Do not use the diagonal entries of `H` (they are the eigenvalues only when `H` happens to be
# diagonal), nor a determinant rule that only works for $2\times 2$ matrices. Do not modify `H`.
#
# The visible tests below check small diagonal and $2\times 2$ Hessians. **Hidden tests decide the
# grade**: they also check fresh diagonal and rotated Hessians of sizes 1 to 6, several zero
# eigenvalues next to eigenvalues of both signs, eigenvalues exactly at $\pm$`tol`, the all-zero
# matrix, and that `H` is left unchanged. Run All stops at the first failing test until your
# function is written; the cell right below the tests runs your own function, and section 3,
# which does not need it, waits for it too. The executed lesson can be read ahead on the lecture
# site.

# %% solution="classify_critical_point"
def classify_critical_point(H, tol=1e-8):
    """'minimum', 'maximum', 'saddle' or 'degenerate', from the eigenvalues of the symmetric Hessian H."""
    ### BEGIN SOLUTION
    lam = np.linalg.eigvalsh(np.asarray(H, dtype=float))
    if np.any(lam > tol) and np.any(lam < -tol):
        return "saddle"          # one direction down, another up: neither, whatever else
    if np.any(np.abs(lam) <= tol):
        return "degenerate"      # flat directions, the rest of one sign: the test cannot decide
    return "minimum" if np.all(lam > 0) else "maximum"
    ### END SOLUTION


# %% [markdown]
# The first check uses diagonal Hessians, where the eigenvalues can be read off the diagonal,
# including a zero eigenvalue next to eigenvalues of both signs.

# %% test="test_classify_diagonal" points=1
from helpers import grading as G
_no_abs = "the zero test done without the absolute value (a negative eigenvalue is not zero: use |eigenvalue| <= tol)"
for _diag, _exp, _hints in [
        ([2.0, 3.0], "minimum", {"minimum and maximum swapped (all eigenvalues positive is a minimum)": "maximum"}),
        ([-1.0, -4.0], "maximum", {"minimum and maximum swapped (all eigenvalues negative is a maximum)": "minimum",
                                   _no_abs: "degenerate"}),
        ([2.0, -2.0], "saddle", {_no_abs: "degenerate",
                                 "'minimum' when any eigenvalue is positive (a minimum needs ALL eigenvalues > 0)": "minimum"}),
        ([1.0, 0.0], "degenerate", {"the zero eigenvalue ignored (flat directions next to eigenvalues of one sign: "
                                    "the test cannot decide)": "minimum",
                                    "'saddle' for a zero eigenvalue next to positive ones (a saddle needs a "
                                    "direction curving down)": "saddle"}),
        ([1.0, -1.0, 0.0], "saddle", {"a zero eigenvalue tested before the signs: eigenvalues of both signs make a "
                                      "saddle, whatever zero eigenvalues H also has": "degenerate"}),
        ([-3.0], "maximum", {"minimum and maximum swapped": "minimum", _no_abs: "degenerate"})]:
    _got = G.call(classify_critical_point, np.diag(_diag))
    G.check_true(isinstance(_got, str), f"classify_critical_point must return a string, got {type(_got).__name__}")
    G.check_equal(_got, _exp, f"classify_critical_point(np.diag({_diag}))", hints=_hints)
### BEGIN HIDDEN TESTS
from grader.saddles_and_plateaus import hidden_classify_diagonal
hidden_classify_diagonal(classify_critical_point)
### END HIDDEN TESTS
print("Six diagonal Hessians (minimum, maximum, saddles with and without a zero eigenvalue, degenerate) come out right.")

# %% [markdown]
# A Hessian is rarely diagonal. The next check rotates the axes, so that the diagonal entries no
# longer show the eigenvalues: $\begin{pmatrix}1 & 2\\ 2 & 1\end{pmatrix}$ has a positive diagonal
# but eigenvalues $-1$ and $3$ — a saddle.

# %% test="test_classify_rotated" points=2
from helpers import grading as G


def _by_diagonal(_H):
    """What a classifier that reads the diagonal entries instead of the eigenvalues would answer."""
    _d = np.diag(_H)
    return "minimum" if np.all(_d > 0) else "maximum" if np.all(_d < 0) else "saddle"


def _by_determinant(_H):
    """What the 2x2 rule (det > 0 and H[0,0] > 0 -> minimum, ...) would answer."""
    _det = np.linalg.det(_H)
    return "saddle" if _det < 0 else "minimum" if _H[0, 0] > 0 else "maximum"


for _H, _exp in [(np.array([[2.0, 1.0], [1.0, 2.0]]), "minimum"), (np.array([[1.0, 2.0], [2.0, 1.0]]), "saddle")]:
    _hints = {"the signs of the diagonal entries used instead of the eigenvalues": _by_diagonal(_H)}
    if _exp == "minimum":
        _hints["minimum and maximum swapped"] = "maximum"
    G.check_equal(G.call(classify_critical_point, _H), _exp, f"classify_critical_point({_H.tolist()})", hints=_hints)
### BEGIN HIDDEN TESTS
from grader.saddles_and_plateaus import hidden_classify_rotated
hidden_classify_rotated(classify_critical_point, _by_diagonal, _by_determinant)
### END HIDDEN TESTS
print("Rotated 2x2 Hessians come out right.")

# %% [markdown]
# The last check is about the tolerance: an eigenvalue of $10^{-10}$ is zero for the default
# `tol` $= 10^{-8}$, but not for `tol` $= 10^{-12}$; and an eigenvalue of $-10^{-10}$ next to a
# positive one is zero, not negative.

# %% test="test_classify_degenerate" points=2
from helpers import grading as G
G.check_equal(G.call(classify_critical_point, np.diag([1.0, 1e-10])), "degenerate",
              "classify_critical_point(np.diag([1, 1e-10])) (|1e-10| <= tol = 1e-8)",
              hints={"an eigenvalue of 1e-10 not treated as zero: use |eigenvalue| <= tol (not == 0)": "minimum"})
G.check_equal(G.call(classify_critical_point, np.diag([1.0, 1e-10]), tol=1e-12), "minimum",
              "classify_critical_point(np.diag([1, 1e-10]), tol=1e-12) (the tol argument must be used)",
              hints={"the tol argument ignored (a fixed tolerance used instead)": "degenerate"})
G.check_equal(G.call(classify_critical_point, np.diag([2.0, -1e-10])), "degenerate",
              "classify_critical_point(np.diag([2, -1e-10])) (|-1e-10| <= tol: zero, not negative)",
              hints={"the signs compared with 0 instead of beyond tol (an eigenvalue with |eigenvalue| <= tol "
                     "counts as zero, neither positive nor negative)": "saddle"})
### BEGIN HIDDEN TESTS
from grader.saddles_and_plateaus import hidden_classify_degenerate
hidden_classify_degenerate(classify_critical_point)
### END HIDDEN TESTS
print("Tiny eigenvalues count as zero under the default tol, also when negative, and tol is respected.")


# %% [markdown]
# With a working test we can sort critical points (the cell runs your
# `classify_critical_point`). Besides the
# textbook cases, it finds the other kinds of critical points of the bumpy bowl: **Newton's
# method** for $\nabla f = 0$, $w \leftarrow w - H^{-1}\nabla f$, jumps to the nearest critical
# point of *any* kind — started between two dips it lands on the saddle between them, started
# between four dips on the bump in their middle. The last row is not quite a critical point:
# a spot far out on the plateau of section 5, where the gradient's length is about $5\times 10^{-4}$ and
# the Hessian's eigenvalues are below $10^{-3}$; with a tolerance of $10^{-2}$ it is
# indistinguishable from a degenerate critical point.

# %%
def newton_critical_point(grad, hessian, w, n_iter=20):
    """Newton's method on grad(w) = 0: converges to a nearby critical point, whatever its kind."""
    w = np.array(w, dtype=float)
    for _ in range(n_iter):
        w = w - np.linalg.solve(hessian(w), grad(w))
    return w


cat = {name: landscapes.get_landscape(name) for name in ("quadratic_bowl", "rosenbrock", "saddle", "monkey_saddle",
                                                         "double_well", "plateau")}
dip = ends[np.argmin(np.linalg.norm(ends - [np.pi, 0.0], axis=1))]
table = [  # (what, gradient, Hessian, point, tol)
    ("elongated bowl", cat["quadratic_bowl"].grad, cat["quadratic_bowl"].hessian, (0.0, 0.0), 1e-8),
    ("Rosenbrock", cat["rosenbrock"].grad, cat["rosenbrock"].hessian, (1.0, 1.0), 1e-8),
    ("x² - y²", cat["saddle"].grad, cat["saddle"].hessian, (0.0, 0.0), 1e-8),
    ("monkey saddle", cat["monkey_saddle"].grad, cat["monkey_saddle"].hessian, (0.0, 0.0), 1e-8),
    ("double well", cat["double_well"].grad, cat["double_well"].hessian, (0.0, 0.0), 1e-8),
    ("double well", cat["double_well"].grad, cat["double_well"].hessian, (0.0, 1.0), 1e-8),
    ("bumpy bowl", bumps.grad, bumps.hessian, dip, 1e-8),
    ("bumpy bowl", bumps.grad, bumps.hessian, newton_critical_point(bumps.grad, bumps.hessian, (1.5, 0.0)), 1e-8),
    ("bumpy bowl", bumps.grad, bumps.hessian, newton_critical_point(bumps.grad, bumps.hessian, (1.5, 1.5)), 1e-8),
    ("plateau, far out", cat["plateau"].grad, cat["plateau"].hessian, (-5.0, 5.0), 1e-2),
]
print(f"{'landscape':16s} {'point':>14s}   {'|gradient|':>10s}   {'Hessian eigenvalues':>22s}   verdict")
for what, grad, hessian, point, tol in table:
    w = np.asarray(point, dtype=float)
    H = hessian(w)
    verdict = classify_critical_point(H, tol=tol) + (f" (tol = {tol:g})" if tol != 1e-8 else "")
    print(f"{what:16s} ({w[0]:5.2f}, {w[1]:5.2f})   {np.linalg.norm(grad(w)):10.1e}   "
          f"{str(np.round(np.linalg.eigvalsh(H), 4)):>22s}   {verdict}")

# %% [markdown]
# ## 3. In high dimensions, minima are rare
#
# (This section does not call your `classify_critical_point`; in Run All it waits for the
# exercise above like everything below it.)
#
# Picture a critical point of a loss with $n$ weights. For it to be a minimum, the loss must
# curve **up** along all $n$ eigen-directions of the Hessian. If each direction were a fair
# coin — up or down with probability ½, independently — the chance would be $2^{-n}$: one in a
# thousand for $n = 10$, and for the $n = 20\,000$ of the lecture's example a number with
# 6 000 zeros after the decimal point. Almost every critical point would be a saddle.
#
# We can measure this. For each $n$ we draw random symmetric matrices and count the fraction
# that are positive definite (all eigenvalues $> 0$), with two models of a "random Hessian":
#
# * **independent signs** — eigenvalues drawn independently from a standard normal, in a random
#   basis: the coin-flip picture above, fraction exactly $2^{-n}$ in expectation;
# * **GOE** (the Gaussian orthogonal ensemble) — every entry of the matrix drawn independently,
#   $H = (A + A^\top)/2$. This is closer to a Hessian built from many small random contributions.
#   Its eigenvalues *repel* each other, so having all of them on the same side of zero is even
#   less likely: the fraction falls like $e^{-\theta n^2}$ with $\theta \approx 0.27$ (Dean &
#   Majumdar, 2006).
#
# The number of samples doubles with $n$ (at least 4 000) so that each $n$ expects at least 16
# positive definite matrices under $2^{-n}$.

# %%
(per_level, at_least), note_pd = pick((16, 4000), (2, 500), "the samples (per expected minimum, at least)")
dims = np.arange(1, 11)
counts = np.maximum(per_level * 2 ** dims, at_least)
frac_ind = np.array([critical.fraction_positive_definite(n, c, rng, ensemble="independent") for n, c in zip(dims, counts)])
frac_goe = np.array([critical.fraction_positive_definite(n, c, rng, ensemble="goe") for n, c in zip(dims, counts)])

fig, ax = plt.subplots(figsize=(8, 4.6))
ax.semilogy(dims, 2.0 ** -dims, ":", color=COLORS["random search"], lw=1.2, label="$2^{-n}$")
err = np.sqrt(np.maximum(frac_ind * (1 - frac_ind), 1e-12) / counts)
ax.errorbar(dims, frac_ind, yerr=err, fmt="o", color=COLORS["random search"], capsize=3, label="independent signs (measured ± 1 s.e.)")
seen = frac_goe > 0
ax.semilogy(dims[seen], frac_goe[seen], "s", color=COLORS["reference"], label="GOE (measured)")
floor = 1.0 / counts
ax.plot(dims[~seen], floor[~seen], "v", mfc="none", color=COLORS["reference"], label="GOE: none found (below about 3/samples)")
ax.set(xlabel="dimension n", ylabel="fraction that are positive definite (minima)", xticks=dims,
       title="How often is a random critical point a minimum?")
ax.legend(fontsize=8)
plt.show()
print(" n   samples   independent      2^-n        GOE\n" + "\n".join(
    f"{n:2d} {c:9d}   {fi:11.5f}   {2.0 ** -n:9.5f}   {fg:9.5f}" for n, c, fi, fg in zip(dims, counts, frac_ind, frac_goe)))
if note_pd:
    print(note_pd)


# %% [markdown]
# The coin-flip points sit on the $2^{-n}$ line: a straight line on a log axis, halving with every
# added dimension. The GOE fraction bends down much faster; from $n = 6$ on not one of the
# thousands of samples is positive definite, so the true fraction there is below about
# $3/\text{samples}$ (the 95 % bound when none is found; the hollow triangles mark that bound,
# not a measurement). At $n = 5$ the few hits make the GOE point itself rough. Either way, by
# the time $n$ is in the thousands, a random critical point is a saddle with overwhelming
# probability. Real loss surfaces are not random matrices, but experiments on real networks
# tell the same story: at high loss, critical points are almost all saddles, and the minima that
# exist tend to be nearly as good as each other (Dauphin et al., 2014; Choromanska et al., 2015).
#
# So the problem is not getting *stuck* in a bad minimum. The problem is getting *slowed down*
# near saddles and on flat stretches. That is where the optimizers of lessons 06–08 earn their
# keep.
#
# ## 4. Saddle points slow gradient descent down
#
# Take a saddle between two valleys, stretched the way saddles of real losses often are —
# strongly curved in one direction, barely curved in the other:
#
# $$f(x, y) = 5x^2 + \tfrac{1}{40}\,(y^2 - 1)^2 .$$
#
# The minima are at $(0, \pm 1)$. The origin is a saddle with Hessian $\mathrm{diag}(10, -0.1)$:
# steep walls across $x$, a faint downhill slope along $y$. Near the saddle the gradient is
# $(10x,\ -0.1y)$, so a run that arrives close to the ridge line $y = 0$ is pushed away along
# $y$ only by a force proportional to its (tiny) distance from it.
#
# Gradient descent multiplies $y$ by $1 + 0.1\alpha$ per step, and it cannot use a large $\alpha$:
# the steep $x$-direction diverges unless $\alpha < 2/10$. So $y$ grows by at most 2 % per step.
# We start all optimizers just off the ridge, at $(-0.9,\ 0.002)$, each with a learning rate
# that suits it:
#
# * GD, $\alpha = 0.15$ (three quarters of its limit);
# * momentum ($\beta = 0.9$) at the same $\alpha = 0.15$, and at $\alpha = 1.5$, which momentum
#   tolerates here because it damps the zig-zag across the steep walls (lesson 06);
# * RMSprop, $\alpha = 0.01$, and Adam, $\alpha = 0.05$, which take steps of roughly $\alpha$ in
#   each coordinate whatever the size of the gradient.

# %%
def well(w):
    """5 x^2 + (y^2 - 1)^2 / 40: minima (0, ±1), a long saddle at the origin."""
    w = np.asarray(w, dtype=float)
    return 5.0 * w[..., 0] ** 2 + (w[..., 1] ** 2 - 1.0) ** 2 / 40.0


def well_grad(w):
    w = np.asarray(w, dtype=float)
    return np.stack([10.0 * w[..., 0], (w[..., 1] ** 3 - w[..., 1]) / 10.0], axis=-1)


def well_hessian(w):
    w = np.asarray(w, dtype=float)
    zero = np.zeros_like(w[..., 0])
    return np.stack([np.stack([zero + 10.0, zero], -1), np.stack([zero, (3 * w[..., 1] ** 2 - 1) / 10.0], -1)], -2)


print("Hessian at the saddle (0, 0):", classify_critical_point(well_hessian([0.0, 0.0])),
      np.linalg.eigvalsh(well_hessian([0.0, 0.0])))
print("Hessian at the minimum (0, 1):", classify_critical_point(well_hessian([0.0, 1.0])),
      np.linalg.eigvalsh(well_hessian([0.0, 1.0])))

def style_of(label):
    """Course colour of the optimizer named at the start of label; the larger-α momentum run dashed."""
    name = label.split(",")[0]
    color = COLORS[{"GD": "gd", "momentum": "momentum", "RMSprop": "rmsprop", "Adam": "adam"}[name]]
    return dict(color=color, ls="--" if name == "momentum" and label in LARGE_MOMENTUM else "-")


LARGE_MOMENTUM = {"momentum, α = 1.5", "momentum, α = 5"}
saddle_runs = {
    "GD, α = 0.15": optim.SGD(lr=0.15),
    "momentum, α = 0.15": momentum(0.15),
    "momentum, α = 1.5": momentum(1.5),
    "RMSprop, α = 0.01": rmsprop(0.01),
    "Adam, α = 0.05": adam(0.05),
}
n_saddle, note_saddle = pick(600, 250, "the steps per run")
saddle_start = np.array([-0.9, 0.002])
saddle_paths = {label: run_on_function(opt, well_grad, saddle_start, n_saddle) for label, opt in saddle_runs.items()}

Xw, Yw, Pw = make_grid((-1.0, 1.0), (-1.4, 1.4), n_grid)
fig, axes = plt.subplots(1, 2, figsize=(14, 4.8), gridspec_kw={"width_ratios": [1, 1.3]})
axes[0].contour(Xw, Yw, well(Pw), levels=np.geomspace(1e-3, 5.0, 18), cmap=LANDSCAPE_CMAP, linewidths=0.7)
for k, (label, p) in enumerate(saddle_paths.items()):
    axes[0].plot(p[:, 0], p[:, 1], lw=1.2, **style_of(label), label=label, zorder=10 - k)   # GD on top
axes[0].plot(0, 0, "kx", ms=10, mew=2, label="saddle")
axes[0].plot([0, 0], [-1, 1], "k*", ms=12, ls="none", label="minima")
axes[0].set(xlabel="x", ylabel="y", title="paths from (-0.9, 0.002)", xlim=(-1, 1), ylim=(-1.4, 1.4))
axes[0].legend(fontsize=7, loc="lower right")
for k, (label, p) in enumerate(saddle_paths.items()):
    axes[1].semilogy(np.arange(len(p)), well(p) + 1e-12, **style_of(label), label=label)
axes[1].axhline(well([0.0, 0.0]), color="k", ls=":", lw=1)
axes[1].text(n_saddle * 0.98, well([0.0, 0.0]) * 1.3, "loss at the saddle (0.025)", ha="right", fontsize=8)
axes[1].set(xlabel="step", ylabel="loss (log scale)", title="the loss curve: a long flat stretch at the saddle",
            ylim=(1e-8, 10))
axes[1].legend(fontsize=8)
fig.tight_layout()
plt.show()
if note_saddle:
    print(note_saddle)


# %% [markdown]
# Every method first drops quickly into the valley floor around $x = 0$ — that direction is
# steep. Then the difference shows. Gradient descent sits near the saddle for hundreds of steps:
# in its loss curve that is a long flat stretch at $f = 0.025$, which on a real training curve
# is easy to mistake for convergence. Momentum at the same $\alpha$ is no faster (in the long run
# the course's momentum moves like GD with the same $\alpha$, and its velocity lags behind a
# gradient that keeps growing); momentum at the larger $\alpha$ it can afford escapes several
# times sooner. RMSprop and Adam divide each coordinate's step by that coordinate's recent
# gradient size, so a $y$-gradient of $10^{-4}$ still produces a $y$-step of about $\alpha$ — on
# *this* saddle, whose downhill direction is exactly the $y$ axis, they slide off almost at once.
# (Section 6 turns the saddle by 45° and shows how much of that depends on the axes.)
#
# ### Exercise 2 (5 points): `steps_to_escape(init, update, grad_fn, x0, center, radius, max_steps)`
#
# Let us turn "escapes sooner" into a number. Write a function that runs an optimizer from `x0`
# and returns the number of updates after which the point is first **outside** the ball of
# radius `radius` around `center` (the saddle):
#
# * The optimizer comes as its two functions: `state = init(x)` once, then for each update
#   `x, state = update(x, grad_fn(x), state)`. For an optimizer object `opt` of `helpers.optim`
#   (the ones `run_on_function` drives) they are `opt.init` and `opt.update`. Always use the
#   `x` and the `state` that `update` returns. The course's optimizers change `x` **in place**,
#   so start from a copy: `x = np.array(x0, dtype=float)` — `x0` must not change.
# * "Outside" means `np.linalg.norm(x - center) > radius` (measured from `center`, not from
#   `x0`; a point exactly on the sphere is still inside).
# * Count the updates from 1: return `k` if the point is outside right after the `k`-th update.
#   If `x0` itself is already outside, return `0` without updating. If the point is still inside
#   after `max_steps` updates, return `None`.
#
# For example, GD with $\alpha = 1$ on $f(x) = -x^2/2$ (gradient $-x$) doubles $x$ every step:
# from `x0 = [0.01]` it leaves the ball of radius 1 around `[0]` after 7 updates
# ($0.01 \cdot 2^7 = 1.28$): with `gd = optim.SGD(lr=1.0)`, `steps_to_escape(gd.init, gd.update,
# lambda x: -x, np.array([0.01]), np.array([0.0]), 1.0, 100)` is `7`.

# %% solution="steps_to_escape"
def steps_to_escape(init, update, grad_fn, x0, center, radius, max_steps):
    """Number of updates x, state = update(x, grad_fn(x), state) until ||x - center|| > radius
    (0 if x0 is outside, None if still inside after max_steps); state starts as init(x)."""
    ### BEGIN SOLUTION
    x = np.array(x0, dtype=float)
    center = np.asarray(center, dtype=float)
    if np.linalg.norm(x - center) > radius:
        return 0
    state = init(x)
    for k in range(1, max_steps + 1):
        x, state = update(x, grad_fn(x), state)
        if np.linalg.norm(x - center) > radius:
            return k
    return None
    ### END SOLUTION


# %% [markdown]
# The checks build their own small optimizers as `(init, update)` pairs of functions (so that
# your function is tested on its own): plain gradient descent that returns a *new* array at
# every step, and momentum that updates `x` *in place*, like the course's. On the saddle $f = (x^2 - y^2)/2$
# (gradient $(x, -y)$), GD with $\alpha = 0.5$ halves $x$ and multiplies $y$ by 1.5 at every step;
# from $(0.8, 0.001)$ it leaves the unit ball around the origin after 18 updates.

# %% test="test_steps_to_escape_basics" points=2
from helpers import grading as G


def _gd(_lr):
    """Gradient descent as an (init, update) pair; update returns a new array each step."""
    def _init(_x):
        return None

    def _update(_x, _g, _state):
        return _x - _lr * _g, _state
    return _init, _update


_saddle_grad = lambda _x: _x * np.array([1.0, -1.0])
_x0, _c = np.array([0.8, 0.001]), np.zeros(2)
_got = G.call(steps_to_escape, *_gd(0.5), _saddle_grad, _x0, _c, 1.0, 100)
G.check_true(_got is not None, "steps_to_escape returned None, but GD leaves the unit ball after 18 updates here. "
                               "Did you use the x returned by update (GD here returns a new array)?")
G.check_equal(_got, 18, "steps_to_escape for GD (α = 0.5) on f = (x² - y²)/2 from (0.8, 0.001), radius 1",
              hints={"the updates counted from 0 (the first update is update 1)": 17,
                     "one update too many counted (return k right after the k-th update)": 19,
                     "the distance measured from x0 instead of from center": 16})
G.check_equal(G.call(steps_to_escape, *_gd(0.5), _saddle_grad, np.array([0.0, 2.0]), _c, 1.0, 100), 0,
              "steps_to_escape when x0 is already outside the ball",
              hints={"x0 not checked before the first update (a start outside the ball must give 0)": 1})
_never = G.call(steps_to_escape, *_gd(0.5), lambda _x: _x, np.array([0.5, 0.5]), _c, 1.0, 50)
G.check_true(_never is None, f"on a bowl GD never leaves the ball, so steps_to_escape must return None, got {_never!r}")
### BEGIN HIDDEN TESTS
from grader.saddles_and_plateaus import hidden_steps_to_escape_basics
hidden_steps_to_escape_basics(steps_to_escape, _gd)
### END HIDDEN TESTS
print("18 updates to leave the saddle; 0 when starting outside; None when it never leaves.")

# %% test="test_steps_to_escape_optimizers" points=3
from helpers import grading as G


def _gd(_lr):
    def _init(_x):
        return None

    def _update(_x, _g, _state):
        return _x - _lr * _g, _state
    return _init, _update


def _heavy_ball(_lr, _beta=0.9):
    """Momentum v = beta v + (1 - beta) g, x -= lr v, updating x and v in place like the course's optimizers."""
    def _init(_x):
        return np.zeros_like(_x)

    def _update(_x, _g, _v):
        _v *= _beta
        _v += (1 - _beta) * _g
        _x -= _lr * _v
        return _x, _v
    return _init, _update


_saddle_grad = lambda _x: _x * np.array([1.0, -1.0])
_x0, _c = np.array([0.8, 0.001]), np.zeros(2)
_x0_before = _x0.copy()
_got = G.call(steps_to_escape, *_heavy_ball(0.5), _saddle_grad, _x0, _c, 1.0, 500)
G.check_unchanged(_x0_before, _x0, "x0 (the optimizer updates x in place: start from x = np.array(x0, dtype=float))")
### BEGIN HIDDEN TESTS
from grader.saddles_and_plateaus import hidden_steps_to_escape_optimizers
hidden_steps_to_escape_optimizers(steps_to_escape, _gd, _heavy_ball, _saddle_grad, _x0, _c)
### END HIDDEN TESTS
print("x0 is left unchanged by an optimizer that updates in place.")

# %% [markdown]
# Now the numbers for the saddle above, with the course's optimizers: how many updates from
# $(0.3,\ 0.001)$ — already next to the saddle — until the point is more than 0.5 from it?
# (The cell runs your `steps_to_escape`, with `opt.init, opt.update` of each optimizer.)

# %%
escape_steps = {label: steps_to_escape(opt.init, opt.update, well_grad, np.array([0.3, 0.001]), np.zeros(2), 0.5, 2000)
                for label, opt in saddle_runs.items()}
print(f"{'optimizer':22s} updates to get 0.5 away from the saddle\n" + "\n".join(
    f"{label:22s} {k if k is not None else '> 2000'}" for label, k in escape_steps.items()))

# %% [markdown]
# The table puts numbers on the picture. Gradient descent needs over 400 updates to get away;
# momentum at the same rate is no better — a velocity that averages the gradients moves, on a
# slowly changing slope, at the speed of the gradient itself; momentum at the larger rate it
# tolerates needs about a fifth of that; on this axis-aligned saddle the adaptive methods need
# about ten (RMSprop, with no bias correction, even starts with a step of
# $\alpha/\sqrt{1-\beta_2} = 10\alpha$ — lesson 07).
#
# Why does the escape take so long for GD? Near the saddle $y$ grows like $(1 + 0.1\alpha)^k$,
# so the number of steps to get from $y_0$ to a distance $r$ is about
# $\ln(r/y_0)\,/\,(0.1\alpha)$: it grows only *logarithmically* as the start gets closer to the
# ridge, but it is divided by the small curvature $0.1$ times an $\alpha$ that the *large*
# curvature keeps small. A saddle whose downhill direction is much flatter than its uphill
# directions — typical of real networks — traps GD for a long time. When the downhill direction
# is a coordinate axis, Adam's step along it does not shrink with the gradient, so its escape time
# is roughly distance / $\alpha$.
#
# ### Exactly on the ridge: noise is what gets you off
#
# The formula has $\ln(r/y_0)$ in it: started *exactly* on the ridge, $y_0 = 0$, the escape takes
# forever. There the gradient has no $y$-component at all, so every method that follows the exact
# gradient — however clever — slides to the saddle and stays: `steps_to_escape` returns `None`.
# Real training never has exact gradients. A mini-batch gradient (lesson 04) is the true gradient
# plus noise, and the lecture notes point out that this noise helps to leave saddles. We model it
# by adding a small random vector, of standard deviation $10^{-3}$, to every gradient.

# %%
on_ridge = np.array([0.3, 0.0])
noisy_well_grad = lambda w: well_grad(w) + 1e-3 * rng.standard_normal(np.shape(w))
ridge_steps = {label: (steps_to_escape(opt.init, opt.update, well_grad, on_ridge, np.zeros(2), 0.5, 2000),
                       steps_to_escape(opt.init, opt.update, noisy_well_grad, on_ridge, np.zeros(2), 0.5, 2000))
               for label, opt in saddle_runs.items()}
print(f"start exactly on the ridge, at {on_ridge}: updates to get 0.5 away from the saddle")
print(f"{'optimizer':22s} {'exact gradient':>15s} {'gradient + noise':>17s}")
for label, (exact_k, noisy_k) in ridge_steps.items():
    print(f"{label:22s} {str(exact_k) if exact_k is not None else 'never (> 2000)':>15s} "
          f"{str(noisy_k) if noisy_k is not None else 'never (> 2000)':>17s}")

# %% [markdown]
# With exact gradients nobody leaves. With a little noise everybody does: the noise pushes the
# point a hair off the ridge, and from there the saddle's own downhill curvature takes over — the
# $\ln(r/y_0)$ of the formula, with $y_0$ now set by the noise. The adaptive methods, whose
# per-coordinate steps do not shrink with the gradient, again need the fewest updates on this
# axis-aligned saddle.
#
# ## 5. Plateaus
#
# The lecture names the real culprit: **plateaus**, regions where the gradient is close to zero
# for a long stretch. Our example is
#
# $$f(x, y) = \tanh^2 x + \tanh^2 y ,$$
#
# a basin around the origin surrounded by a flat shelf at height 2. Far out the gradient is
# tiny — about $8e^{-2|x|}$ per coordinate, $10^{-3}$ at $x = -4.5$. We start every optimizer out
# on the shelf at $(-4.5,\ 4)$ and count the steps until the loss drops below 0.1, i.e. until it
# is down in the basin.

# %%
plateau = landscapes.get_landscape("plateau")
plateau_runs = {
    "GD, α = 0.5": optim.SGD(lr=0.5),
    "momentum, α = 0.5": momentum(0.5),
    "momentum, α = 5": momentum(5.0),
    "RMSprop, α = 0.1": rmsprop(0.1),
    "Adam, α = 0.1": adam(0.1),
}
n_plateau, note_plateau = pick(1200, 400, "the steps per run")
plateau_start = np.array([-4.5, 4.0])
plateau_paths = {label: run_on_function(opt, plateau.grad, plateau_start, n_plateau) for label, opt in plateau_runs.items()}
plateau_loss = {label: plateau.f(p) for label, p in plateau_paths.items()}
off_plateau = {label: int(np.argmax(v < 0.1)) if np.any(v < 0.1) else None for label, v in plateau_loss.items()}

Xp, Yp, Pp = make_grid((-5, 5), (-5, 5), n_grid)
fig, axes = plt.subplots(1, 2, figsize=(14, 4.8), gridspec_kw={"width_ratios": [1, 1.3]})
axes[0].contourf(Xp, Yp, plateau.f(Pp), levels=np.linspace(0, 2, 21), cmap=LANDSCAPE_CMAP)
for k, (label, p) in enumerate(plateau_paths.items()):
    axes[0].plot(p[:, 0], p[:, 1], lw=1.4, **style_of(label), label=label)
axes[0].plot(*plateau_start, "ws", ms=6)
axes[0].set(xlabel="x", ylabel="y", title="tanh²x + tanh²y: a basin inside a plateau", aspect="equal",
            xlim=(-5, 5), ylim=(-5, 5))
axes[0].legend(fontsize=7, loc="lower right")
for k, (label, v) in enumerate(plateau_loss.items()):
    axes[1].plot(np.arange(1, len(v) + 1), v, **style_of(label), label=label)
axes[1].axhline(0.1, color="k", ls=":", lw=1)
axes[1].set(xscale="log", xlabel="step (log scale)", ylabel="loss", title="getting off the plateau")
axes[1].legend(fontsize=8)
fig.tight_layout()
plt.show()
print(f"{'optimizer':20s} steps until the loss is below 0.1\n" + "\n".join(
    f"{label:20s} {k if k is not None else f'> {n_plateau}'}" for label, k in off_plateau.items()))
if note_plateau:
    print(note_plateau)

# %% [markdown]
# Gradient descent creeps along the shelf for about a thousand steps: its step is $\alpha$ times a
# gradient of $10^{-3}$. Its loss curve is a **staircase**: $y$, which starts where the shelf is a
# little steeper, comes down first (loss 2 → 1), then a second long plateau at loss 1 while $x$
# crawls along the bottom of the trough $y = 0$. Flat stretches followed by sudden drops are
# a familiar sight in the training curves of real networks. Momentum at the same $\alpha$ is no
# faster — on a nearly constant slope the course's momentum $v = \beta v + (1-\beta)\,dW$ settles
# to $v \approx dW$, exactly GD's step: in this damped form, momentum carries no extra speed over
# flat ground. What momentum does buy is the right to a larger $\alpha$ (the basin's walls would
# make GD oscillate at $\alpha = 5$; momentum damps that), and then it is about seven times
# faster. RMSprop and Adam divide each coordinate by the root-mean-square of its recent
# gradients, which is just as tiny as the gradient itself, so along each axis their steps stay
# near $\alpha$ however flat the ground: a few dozen steps to walk off. RMSprop is faster still,
# because it has no bias correction: its first steps, from $S = 0$, are about $10\alpha$,
# $7\alpha$, … long (lesson 07).
# This is the lecture's closing point: plateaus, not local minima, are what make training
# slow. How much each method helps on them depends on more than the method — next, on the
# direction the plateau lies in.
#
# ## 6. Turn the saddle and the plateau by 45°
#
# The saddle and the plateau above have one thing in common: their steep and flat directions are
# exactly the coordinate axes. That is the best case for RMSprop and Adam, which rescale each
# *coordinate* separately — they are **diagonal preconditioners**: they can stretch the $x$ and
# $y$ axes, not a direction in between. Turn both landscapes by 45° with
# `landscapes.rotated_grad(f_grad, angle)`, and move the start with them
# (`landscapes.rotate_points`): the eigenvalues, the distances and the start seen from the
# landscape are unchanged. Gradient descent and momentum treat every direction alike, so they
# must take exactly the same number of steps; the adaptive methods need not. (The saddle column
# runs your `steps_to_escape`.)

# %%
angle = np.pi / 4
turned_well_grad = landscapes.rotated_grad(well_grad, angle)
turned_plateau_grad = landscapes.rotated_grad(plateau.grad, angle)
saddle_from = np.array([0.3, 0.001])
turned_escape = {label: steps_to_escape(opt.init, opt.update, turned_well_grad,
                                        landscapes.rotate_points(saddle_from, angle), np.zeros(2), 0.5, 2000)
                 for label, opt in saddle_runs.items()}
turned_paths = {label: run_on_function(opt, turned_plateau_grad, landscapes.rotate_points(plateau_start, angle),
                                       n_plateau) for label, opt in plateau_runs.items()}
turned_off = {label: int(np.argmax(plateau.f(landscapes.rotate_points(p, -angle)) < 0.1))
              if np.any(plateau.f(landscapes.rotate_points(p, -angle)) < 0.1) else None
              for label, p in turned_paths.items()}
show = lambda k, cap: str(k) if k is not None else f"> {cap}"
print(f"{'long saddle':22s} {'updates to get 0.5 away':>24s}\n{'optimizer':22s} {'axes':>10s} {'turned 45°':>13s}")
for label in saddle_runs:
    print(f"{label:22s} {show(escape_steps[label], 2000):>10s} {show(turned_escape[label], 2000):>13s}")
print(f"\n{'plateau':22s} {'steps to loss < 0.1':>24s}\n{'optimizer':22s} {'axes':>10s} {'turned 45°':>13s}")
for label in plateau_runs:
    print(f"{label:22s} {show(off_plateau[label], n_plateau):>10s} {show(turned_off[label], n_plateau):>13s}")
if note_plateau:
    print(note_plateau)

# %% [markdown]
# Gradient descent and momentum do not notice the turn: the same counts in both columns. RMSprop
# and Adam lose their advantage — on the turned saddle they need about as many updates as GD, on
# the turned plateau several times more than momentum at its larger rate. Turned, every
# coordinate mixes the steep and the flat direction, so each coordinate's root-mean-square is set
# by the steep one, and the faint downhill component is divided by that large number: the same
# trap GD is in. What made the adaptive methods look so good in sections 4 and 5 was that the
# landscapes were lined up with the axes. Real losses are not lined up with anything; Adam
# still helps there (lesson 08 shows it on a real network), but by rescaling coordinates, not by
# finding the downhill direction.
# Lesson 07 shows the same on the elongated bowl.
#
#
# ## 7. The shoot-out: every optimizer on the same four landscapes
#
# Time to line everything up. Four landscapes, each hard in its own way:
#
# * the **elongated bowl** of lessons 03 and 06 ($\tfrac12(x^2 + 10y^2)$): a narrow valley that
#   makes GD zig-zag;
# * **Rosenbrock's banana** valley: steep walls around a long, curved, almost flat floor;
# * the **long saddle** of section 4;
# * a **bumpy bowl**, a milder version of section 1's,
#   $0.15\,(x^2 + y^2) + 0.3\,(2 - \cos 3x - \cos 3y)$: nine dips, the best at the origin.
#
# On each, the four optimizers of the course, **without** decay (solid lines) and **with** the
# inverse-time decay of lesson 09 applied per step, $\alpha_t = \alpha/(1 + 0.01\,t)$ (dashed; the
# rate halves by step 100). Each optimizer gets a learning rate chosen for that landscape from a
# sweep over $\alpha \in \{0.001, 0.003, 0.01, \dots, 3\}$, done when this lesson was written: the
# one with the fewest steps to settle below $10^{-3}$ (where several were about equally good, or
# none settled, a moderate one). The rates are listed in the table. 300 steps each.

# %%
mild = dict(curvature=0.3, amplitude=0.3, frequency=3.0)
bumpy = Landscape("bumpy bowl", functools.partial(landscapes.bumpy_2d, **mild),
                  functools.partial(landscapes.bumpy_2d_grad, **mild), functools.partial(landscapes.bumpy_2d_hessian, **mild),
                  (-4.5, 3.5), ((0.0, 0.0),), (-6.0, 6.0), (-6.0, 6.0))
long_saddle = Landscape("long saddle", well, well_grad, well_hessian, (-0.9, 0.001), ((0.0, 1.0), (0.0, -1.0)),
                        (-1.0, 1.0), (-1.3, 1.3))
races = {   # landscape: (title, learning rates of GD, momentum, RMSprop, Adam)
    "bowl": (landscapes.get_landscape("quadratic_bowl"), "elongated bowl", (0.1, 0.1, 0.1, 0.3)),
    "rosenbrock": (landscapes.get_landscape("rosenbrock"), "Rosenbrock", (0.001, 0.01, 0.3, 1.0)),
    "saddle": (long_saddle, "long saddle", (0.1, 1.0, 0.03, 0.3)),
    "bumpy": (bumpy, "bumpy bowl", (0.1, 0.3, 0.3, 0.3)),
}
makers = {"GD": lambda a: optim.SGD(lr=a), "momentum": momentum, "RMSprop": rmsprop, "Adam": adam}
n_race, note_race = pick(300, 60, "the steps per run")


def settle_step(values, target=1e-3):
    """First step from which the loss stays below target until the end (None if it never settles)."""
    above = np.flatnonzero(~(values < target))
    if above.size == 0:
        return 0
    return int(above[-1] + 1) if above[-1] + 1 < len(values) else None


race_paths, race_rows = {}, []
for key, (land, title, alphas) in races.items():
    race_paths[key] = {}
    for (name, make), alpha in zip(makers.items(), alphas):
        for decay in (False, True):
            decay_fn = (lambda t, a=alpha: inverse_time_decay(a, 0.01, t)) if decay else None
            path = run_on_function(make(alpha), land.grad, land.start, n_race, schedule=decay_fn)
            label = name + (" + decay" if decay else "")
            race_paths[key][label] = path
            values = land.f(path)
            race_rows.append((title, label, alpha, settle_step(values), float(values[-1])))

race_styles = {}
for k, name in enumerate(makers):           # GD drawn on top, Adam at the bottom
    color = style_of(name)["color"]         # the course's colour of each optimizer
    race_styles[name] = {"color": color, "lw": 1.6, "zorder": 10 - 2 * k}
    race_styles[name + " + decay"] = {"color": color, "lw": 1.1, "ls": "--", "zorder": 9 - 2 * k}
animate, note_anim = pick(True, False, "the animations")


def show_race(key):
    """The race on one landscape as an animation (skipped under the autograder)."""
    land, title, _ = races[key]
    if not animate:
        print(f"{title}: " + note_anim.replace("reduced from True to False", "skipped"))
        return
    panel = Panel(land.f, race_paths[key], land.xlim, land.ylim, title, land.minima, levels=14)
    display(HTML(animate_trajectories(panel, styles=race_styles, n_frames=24, fps=5, dpi=72,
                                      panel_size=(5.4, 4.3), spacing_power=2.0, legend_loc="lower right")))


# %% [markdown]
# ### The elongated bowl
#
# Press ▶ to play (the buttons also step frame by frame; the frames are closer together at the
# start, where most of the motion is). GD's $\alpha = 0.1 = 1/10$ happens to flatten the steep
# direction in a single step; then it walks along the long axis with steps that shrink as the
# slope does. Momentum swings wide and spirals in. The adaptive methods head almost straight for
# the bottom — on this bowl, whose axes are the coordinate axes, dividing by each coordinate's
# gradient size undoes the elongation.

# %% tags=["nbval-ignore-output"]
show_race("bowl")

# %% [markdown]
# ### Rosenbrock's valley
#
# The banana is the classic hard case. GD needs a tiny $\alpha$ to survive the steep walls and
# then barely moves along the floor. Momentum builds up speed along the floor; Adam follows the
# curve of the valley best. RMSprop's first step — ten times $\alpha$, because its average of
# squared gradients starts at zero and has no bias correction — throws it far up the wall.

# %% tags=["nbval-ignore-output"]
show_race("rosenbrock")

# %% [markdown]
# ### The long saddle
#
# The race of section 4, from a start even closer to the ridge ($y_0 = 0.001$ instead of 0.002).
# Within 300 steps GD never gets off it.

# %% tags=["nbval-ignore-output"]
show_race("saddle")

# %% [markdown]
# ### The bumpy bowl
#
# GD stops in the first dip it meets. Momentum carries enough speed to roll over the bumps (the
# ball of lesson 06), and so, at this learning rate, does Adam. RMSprop reaches the right basin
# but keeps hopping around its bottom, since its steps stay about $\alpha$ long — until decay
# calms it down. This race is delicate: with other learning rates momentum and Adam get caught
# in a dip too; luck plays a part on a bumpy surface.

# %% tags=["nbval-ignore-output"]
show_race("bumpy")

# %% [markdown]
# ### The summary table
#
# For every run: the learning rate, the number of steps after which the loss stays below
# $10^{-3}$ for good ("—": not within the run), and the final loss. (Under the autograder the
# runs are shorter, so fewer settle.)

# %%
print(f"{'landscape':15s} {'optimizer':18s} {'α':>6s}   {'settled at step':>15s}   {'final loss':>10s}\n" + "\n".join(
    f"{title:15s} {label:18s} {alpha:6g}   {settled if settled is not None else '—':>15}   {last:10.2e}"
    for title, label, alpha, settled, last in race_rows))
if note_race:
    print(note_race)

if animate:      # the loss curves of all the races (a static summary; skipped under the autograder)
    fig, axes = plt.subplots(1, 4, figsize=(16, 3.8))
    for ax, (key, (land, title, _)) in zip(axes, races.items()):
        for label, path in race_paths[key].items():
            ax.semilogy(land.f(path) + 1e-16, label=label, **race_styles[label])
        ax.axhline(1e-3, color="k", ls=":", lw=0.8)
        ax.set(title=title, xlabel="step", ylim=(1e-12, None))
    axes[0].set_ylabel("loss (log scale)")
    axes[0].legend(fontsize=7, ncol=2)
    fig.tight_layout()
    plt.show()

# %% [markdown]
# What the table says, landscape by landscape:
#
# * **No optimizer wins everywhere.** RMSprop is the fastest on the bowl and on the long saddle —
#   both lined up with the coordinate axes, the best case for its per-coordinate scaling
#   (section 6 turned the saddle and its lead was gone) — but with a
#   fixed $\alpha$ it never settles on the bumpy bowl and is far behind on Rosenbrock. Plain GD is
#   respectable on the bowl and fails on the other three within 300 steps.
# * **The methods with memory or per-coordinate scaling win where GD is weakest** on these
#   axis-aligned landscapes: saddles, narrow curved valleys, bumps (and the plateaus of
#   section 5). Adam is best on Rosenbrock,
#   the slowest to settle on the easy bowl, and solid on the saddle and the bumps: rarely the
#   fastest, never far behind where it matters, which is why it is the usual default.
# * **Decay changes little here** — these landscapes have exact gradients, so there is no noise
#   ball to shrink, and decay mostly slows things down (Rosenbrock, where progress needs every
#   bit of step). The exception proves lesson 09's point: RMSprop on the bumpy bowl keeps
#   hopping around the minimum with a fixed $\alpha$ (its steps stay about $\alpha$ long) and only
#   settles once $\alpha$ decays.
# * **The learning rate is tuned per method and per problem.** Each row uses the best rate from a
#   sweep; with a poor one the ranking changes completely.
#
# ## Takeaway — of this lesson and of the lecture notes
#
# * At a critical point the Hessian's eigenvalues decide: eigenvalues of both signs, a saddle,
#   whatever (near-)zero eigenvalues there are too; otherwise all positive, a minimum; all
#   negative, a maximum; some (near-)zero next to one sign, undecided (degenerate).
# * In high dimensions almost every critical point is a saddle: for a minimum every one of the
#   $n$ directions must curve up, a chance like $2^{-n}$ — and faster than that for random
#   matrices. Bad local minima are not the main obstacle in training large networks.
# * Saddles and plateaus are: the gradient is tiny there, so gradient descent crawls, and its
#   loss curve goes flat long before it has converged.
# * Momentum (in the course's averaged form) is no faster than GD at the same learning rate on a
#   saddle or a plateau — its velocity settles at the gradient. It helps because it tolerates a
#   larger learning rate (and that larger rate escapes several times sooner).
# * RMSprop and Adam rescale each coordinate so that a tiny gradient still gives a useful step
#   *along the axes*: on the axis-aligned saddle and plateau they escape in tens of steps instead
#   of hundreds. Turned by 45° they lose most of that lead: they are diagonal preconditioners,
#   not detectors of the downhill direction.
# * A point exactly on a saddle's ridge traps every method that follows exact gradients; the
#   noise of mini-batch gradients (lesson 04) is what knocks it off.
# * Learning-rate decay shrinks the noise of mini-batch training (lesson 09); it does not help
#   to escape anything.
#
# The course in one line: **follow the gradient (03), on mini-batches (04), averaged over time
# (05–06), scaled per coordinate (07–08), with a step that shrinks when it should (09) — and
# expect saddles and plateaus, not bad minima, to be what slows you down (10).**
#
# The course continues in lesson 11 with what practitioners use today on top of this: AdaGrad,
# Nesterov momentum, AdamW, warmup + cosine schedules, the learning-rate range test and gradient
# clipping.

# %% [markdown]
# # Lesson 06 — Gradient descent with momentum
#
# *Optimization for Deep Learning* · lesson 6 of 11 · graded: `momentum_step` (7 points),
# `stable_lr_limit` (3 points)
#
# Lesson 03 ended with an uncomfortable trade-off. On an elongated bowl, a small learning rate
# crawls along the valley floor, and a large one makes the iterates bounce from wall to wall
# across the valley; a little larger still and they fly out. Lesson 05 gave us a tool that
# smooths a noisy, wiggling sequence: the **exponentially weighted moving average**. Momentum
# puts the two together — it steps along an *average of recent gradients* instead of the latest
# gradient alone. We will
#
# 1. watch gradient descent zig-zag across an elongated bowl, and see why averaging the gradients
#    cancels the zig-zag but keeps the useful direction;
# 2. see why nobody bothers with bias correction for momentum;
# 3. write one momentum step (exercise 1), and run it on the bowl;
# 4. map what $\beta$ does: derive the largest stable learning rate (exercise 2), then the
#    steps needed for every pair (learning rate, $\beta$) and the $\sqrt\beta$ floor on the
#    speed — lesson 03's promise about the condition number, kept;
# 5. meet the physical picture — a ball rolling downhill — and a ball that rolls *over* a small
#    bump into a better minimum where gradient descent stops;
# 6. untangle the two ways momentum is written in the literature (and in PyTorch), which differ
#    only by a rescaling of the learning rate.
#
# Sections 1–3 need nothing from you. From section 5 on, the momentum runs in this notebook use
# **your** `momentum_step`.

# %%
import numpy as np
import matplotlib.pyplot as plt
from matplotlib.colors import LogNorm

from helpers import landscapes, optim, train
from helpers.style import COLORS, LANDSCAPE_CMAP
from earlier_lessons import ewma                 # lesson 05's exponentially weighted average

rng = np.random.default_rng(2026)   # the one seed of this notebook
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. The zig-zag
#
# Our test bed is the lecture's picture: a bowl whose contours are long, flat ellipses. Call the
# horizontal coordinate $W$ and the vertical one $b$ (the lecture's names — in a real network both
# stand for many parameters). The loss
#
# $$J(W, b) = \tfrac12\,(0.5\,W^2 + 25\,b^2)$$
#
# curves gently along $W$ (curvature 0.5) and steeply along $b$ (curvature 25). Gradient descent
# multiplies the $b$-coordinate by $1 - 25\alpha$ at every step, so it converges only for
# $\alpha < 2/25 = 0.08$; close to that limit the factor is close to $-1$ and $b$ flips sign at every
# step. Along $W$ the factor is $1 - 0.5\alpha$, so progress there is slow whatever we do.
# We start from $(W, b) = (-8, 1)$, on a wall of the valley, far from the minimum at the origin.

# %%
BOWL = dict(a=0.5, b=25.0)                       # curvature along W (gentle) and along b (steep)
loss = lambda w: landscapes.quadratic_bowl(w, **BOWL)
grad = lambda w: landscapes.quadratic_bowl_grad(w, **BOWL)
w_start = np.array([-8.0, 1.0])
lr_limit = 2 / landscapes.quadratic_bowl_max_curvature(**BOWL)
print(f"gradient descent converges on this bowl only for lr < {lr_limit:.2f}")

Wg, Bg, P = landscapes.make_grid((-9.0, 1.5), (-1.6, 1.6), num=201)
Z = loss(P)


def draw_bowl(ax, title):
    """Contours of the bowl, the minimum, axis labels."""
    ax.contour(Wg, Bg, Z, levels=np.geomspace(0.02, 60, 12), colors="0.7", linewidths=0.7)
    ax.plot(0, 0, "*", color="k", ms=12)
    ax.set(title=title, xlabel="W (gentle direction)", ylabel="b (steep direction)",
           xlim=(-9, 1.5), ylim=(-1.6, 1.6))


def draw_path(ax, path, color, label):
    ax.plot(path[:, 0], path[:, 1], "-o", color=color, ms=2.5, lw=1, label=label)
    ax.legend(loc="lower right", fontsize=8)


n_steps = 60
lr_small, lr_large = 0.02, 0.076                 # cautious, and 95 % of the limit
gd_small = train.run_on_function(optim.SGD(lr_small), grad, w_start, n_steps)
gd_large = train.run_on_function(optim.SGD(lr_large), grad, w_start, n_steps)

fig, axes = plt.subplots(2, 1, figsize=(9, 5.8), sharex=True)
draw_bowl(axes[0], f"gradient descent, lr = {lr_small}: smooth but slow")
draw_path(axes[0], gd_small, "C0", "GD")
draw_bowl(axes[1], f"gradient descent, lr = {lr_large}: the zig-zag")
draw_path(axes[1], gd_large, "C3", "GD")
axes[0].set_xlabel("")
fig.suptitle(f"{n_steps} steps from (W, b) = (-8, 1) on an elongated bowl", y=1.0)
fig.tight_layout()
plt.show()

# %% [markdown]
# The bottom panel is the picture from the lecture: each step of gradient descent overshoots the
# valley floor and lands on the opposite wall, so most of the motion is *across* the valley, and
# only a little is *along* it towards the minimum. We cannot calm it by lowering the learning rate
# without also slowing the $W$ direction (top panel).
#
# ## 2. Why averaging cancels the oscillation
#
# Look at the gradients gradient descent saw on its zig-zag path (bottom panel above), one
# coordinate at a time, and feed each sequence to the moving average of lesson 05 with
# $\beta = 0.9$ — roughly an average over the last $1/(1-\beta) = 10$ gradients.

# %%
g_seq = grad(gd_large[:-1])                  # the gradient at each of the 60 GD iterates, shape (60, 2)
g_avg = ewma(g_seq, beta=0.9)                # EWMA of each coordinate over time

fig, axes = plt.subplots(1, 2, figsize=(11, 3.4))
for k, (ax, name) in enumerate(zip(axes, ["dW (gentle direction)", "db (steep direction)"])):
    ax.plot(g_seq[:, k], "-o", color="C3", ms=2.5, lw=0.8, label="gradient at each step")
    ax.plot(g_avg[:, k], color="C2", lw=2, label="its moving average, beta = 0.9")
    ax.axhline(0, color="k", lw=0.5)
    ax.set(xlabel="step", title=name)
    ax.legend(fontsize=8)
fig.suptitle("The gradients of the zig-zag, and their moving average", y=1.02)
plt.show()
late = slice(10, None)       # after the average has warmed up
for k, name in enumerate(["dW", "db"]):
    print(f"{name}: mean |gradient| = {np.abs(g_seq[late, k]).mean():6.3f}   "
          f"mean |average| = {np.abs(g_avg[late, k]).mean():6.3f}")


# %% [markdown]
# In the steep direction the gradient flips sign at every step: positive on one wall, negative on
# the other. Averaging ten of them, the positives and negatives nearly cancel — the average is a
# small fraction of the raw gradient. In the gentle direction every gradient points the same way
# (towards the minimum), so the average is as large as the gradients themselves — here even a
# little larger, because it remembers the bigger gradients of the first steps, far from the minimum. Stepping along
# the average therefore removes the useless part of the motion and keeps the useful part. That is
# **gradient descent with momentum**: on iteration $t$, compute $dW$ on the current mini-batch, then
#
# $$v_{dW} \leftarrow \beta\, v_{dW} + (1-\beta)\, dW, \qquad W \leftarrow W - \alpha\, v_{dW},$$
#
# and the same for $b$ with its own $v_{db}$, starting from $v = 0$ (an array shaped like the
# parameter). Two hyperparameters: the learning rate $\alpha$ and $\beta$; $\beta = 0.9$ is the
# usual, robust choice. With $\beta = 0$ it is plain gradient descent.
#
# ## 3. Bias correction? Rarely needed
#
# Lesson 05 showed that an EWMA started at $v_0 = 0$ is too small at first, and that dividing by
# $1 - \beta^t$ fixes that. Should momentum do the same? This section runs its own short loop,
# so it runs before the exercise. The correction factor $1/(1-\beta^t)$ for
# $\beta = 0.9$ is 10 at the first step, but it fades quickly:

# %%
def steps_to(losses, target):
    """First step at which the loss is below target (None if never)."""
    below = np.flatnonzero(losses < target)
    return int(below[0]) if below.size else None


t = np.arange(1, 61)
factor = 1 / (1 - 0.9**t)
print("t                  :", t[[0, 4, 9, 19, 29, 49]])
print("1 / (1 - 0.9**t)   :", np.round(factor[[0, 4, 9, 19, 29, 49]], 3))


def momentum_run(lr, beta, n, bias_correction):
    """Momentum on the bowl, optionally stepping with the bias-corrected velocity v / (1 - beta**t)."""
    w, v, losses = w_start.copy(), np.zeros(2), [loss(w_start)]
    for step in range(1, n + 1):
        v = beta * v + (1 - beta) * grad(w)
        v_used = v / (1 - beta**step) if bias_correction else v
        w = w - lr * v_used
        losses.append(loss(w))
    return np.array(losses)


plain = momentum_run(lr_large, 0.9, 150, bias_correction=False)
corrected = momentum_run(lr_large, 0.9, 150, bias_correction=True)

fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
axes[0].plot(t, factor, color="C1")
axes[0].axhline(1, color="k", lw=0.6)
axes[0].set(xlabel="step t", ylabel="1 / (1 - 0.9^t)", title="The correction factor for beta = 0.9", yscale="log")
axes[1].semilogy(plain, color="C2", label="momentum, no bias correction")
axes[1].semilogy(corrected, color="C1", ls="--", label="momentum with bias correction")
axes[1].set(xlabel="step", ylabel="loss", title=f"Same bowl, lr = {lr_large}, beta = 0.9", xlim=(0, 150), ylim=(1e-7, 100))
axes[1].legend(fontsize=8)
plt.show()
print(f"steps to loss < 1e-3: without correction {steps_to(plain, 1e-3)}, with correction {steps_to(corrected, 1e-3)}")


# %% [markdown]
# Without the correction the first steps are short — the velocity is still warming up — so the
# run starts late. After about ten steps ($1/(1-\beta)$) the average has forgotten its zero start
# (the factor is 1.14 at step 20, 1.04 at step 30) and from then on the two runs make progress at
# the same rate: the curves are parallel, the uncorrected one a fixed ten or so steps behind. Against the thousands of steps of a real training run that is nothing, which is why
# practitioners implement momentum without bias correction. (It will matter for Adam in lesson 08,
# where a second average with $\beta_2 = 0.999$ takes thousands of steps to warm up; lesson 08 asks
# you to turn "about ten steps" into an exact count.)

# %% [markdown]
# ## 4. Exercise 1: one momentum step
#
# ### Exercise 1 (7 points): `momentum_step(w, dw, v, lr, beta=0.9) -> (w, v)`
#
# Given the parameters `w`, their gradient `dw` and the velocity `v` (all arrays of the same
# shape, any shape), return the updated pair
#
# $$v_\text{new} = \beta\, v + (1 - \beta)\, dw, \qquad w_\text{new} = w - \text{lr}\cdot v_\text{new}.$$
#
# Note the order: the parameters move with the **new** velocity. Use whole-array NumPy operations
# (no loop over the elements). You may update `w` and `v` in place or return new arrays — the
# tests look only at what you return — but do not modify `dw`.
#
# The visible tests check two steps by hand, the shapes over a short run, the default `beta` and
# that `dw` is left alone. **Hidden tests decide the grade**: they also compare every `w` and `v`
# of a 15-step run with the reference, check `beta = 0` (plain gradient descent), parameters of
# any shape (3-D, 0-d), in-place updates, and that the step is vectorized. Run All stops at the
# first failing test until your function is written; everything below the tests runs your own
# `momentum_step` (sections 5, 7 and 8) or waits for it (section 6, which answers a question
# section 5 raises, and has an exercise of its own). The executed lesson can be read ahead on the
# lecture site.

# %% solution="momentum_step"
def momentum_step(w, dw, v, lr, beta=0.9):
    """One step of gradient descent with momentum; returns the updated (w, v)."""
    ### BEGIN SOLUTION
    v = beta * v + (1 - beta) * dw
    w = w - lr * v
    return w, v
    ### END SOLUTION


# %% [markdown]
# Check it by hand first. From `v = 0` with `beta = 0.9`, the new velocity is a tenth of the
# gradient: `dw = [10, -20]` gives `v = [1, -2]`, and with `lr = 0.1` the parameters `[1, 2]` move
# to `[0.9, 2.2]`. A second step from `v = [1, -2]` with `dw = [0, 10]` gives
# `v = 0.9 * [1, -2] + 0.1 * [0, 10] = [0.9, -0.8]`.

# %% test="test_momentum_step_by_hand" points=2
from helpers import grading as G
_out = G.call(momentum_step, np.array([1.0, 2.0]), np.array([10.0, -20.0]), np.zeros(2), 0.1, 0.9)
G.check_true(isinstance(_out, tuple) and len(_out) == 2,
             "momentum_step must return the pair (w, v): the new parameters and the new velocity")
G.check_close(_out[1], [1.0, -2.0], "the new velocity v after one step from v = 0",
              hints={"the (1 - beta) factor left out (v = beta * v + dw)": [10.0, -20.0],
                     "beta and (1 - beta) swapped (v = (1 - beta) * v + beta * dw)": [9.0, -18.0],
                     "the learning rate folded into the velocity (v = beta * v - lr * dw)": [-1.0, 2.0],
                     "the old velocity returned instead of the new one": [0.0, 0.0]})
G.check_close(_out[0], [0.9, 2.2], "the new w after one step from v = 0",
              hints={"the update made with the old velocity (w - lr * v before v is updated)": [1.0, 2.0],
                     "the sign of the update flipped (w + lr * v moves uphill)": [1.1, 1.8],
                     "a full gradient step: either the (1 - beta) factor left out of v, "
                     "or w moved by lr * dw instead of lr * v": [0.0, 4.0]})
_out = G.call(momentum_step, np.array([0.9, 2.2]), np.array([0.0, 10.0]), np.array([1.0, -2.0]), 0.1, 0.9)
G.check_close(_out[1], [0.9, -0.8], "the new velocity v after a step from v = [1, -2]",
              hints={"the (1 - beta) factor left out (v = beta * v + dw)": [0.9, 8.2],
                     "beta and (1 - beta) swapped (v = (1 - beta) * v + beta * dw)": [0.1, 8.8]})
G.check_close(_out[0], [0.81, 2.28], "the new w after a step from v = [1, -2]",
              hints={"the update made with the old velocity (w - lr * v before v is updated)": [0.8, 2.4]})
### BEGIN HIDDEN TESTS
from grader.momentum import hidden_momentum_step_by_hand
hidden_momentum_step_by_hand(momentum_step)
### END HIDDEN TESTS
print("Both hand-checked steps come out right.")

# %% test="test_momentum_step_trajectory" points=3
from helpers import grading as G
_g = np.random.default_rng(61)
_shape, _lr, _beta, _n = (3, 4), 0.05, 0.8, 15
_w0 = _g.standard_normal(_shape)
_grads = _g.standard_normal((_n, *_shape))
_w, _v = _w0.copy(), np.zeros(_shape)
_ws, _vs = [], []
for _k in range(_n):
    _out = G.call(momentum_step, _w, _grads[_k].copy(), _v, _lr, _beta)
    G.check_true(isinstance(_out, tuple) and len(_out) == 2, "momentum_step must return the pair (w, v)")
    _w, _v = _out
    G.check_shape(_w, _shape, "w returned by momentum_step")
    G.check_shape(_v, _shape, "v returned by momentum_step")
    _ws.append(np.array(_w, dtype=float))
    _vs.append(np.array(_v, dtype=float))
_ws, _vs = np.array(_ws), np.array(_vs)
### BEGIN HIDDEN TESTS
from grader.momentum import hidden_momentum_step_trajectory
hidden_momentum_step_trajectory(momentum_step, _w0, _grads, _ws, _vs, lr=_lr, beta=_beta)
### END HIDDEN TESTS
print(f"momentum_step ran {_n} steps and returned arrays of the right shape.")

# %% test="test_momentum_step_defaults" points=1
from helpers import grading as G
_w, _dw, _v = np.array([1.0, -1.0, 0.5]), np.array([2.0, 4.0, -6.0]), np.array([1.0, 0.0, 0.0])
_out = G.call(momentum_step, _w.copy(), _dw.copy(), _v.copy(), 0.5)
G.check_close(_out[1], 0.9 * _v + 0.1 * _dw, "v when beta is not given (the default is beta = 0.9)")
### BEGIN HIDDEN TESTS
from grader.momentum import hidden_momentum_step_defaults
hidden_momentum_step_defaults(momentum_step, _w, _dw, _v)
### END HIDDEN TESTS
print("The default beta is 0.9.")

# %% test="test_momentum_step_inputs" points=1
from helpers import grading as G
_g = np.random.default_rng(63)
_w, _dw, _v = _g.standard_normal((4, 5)), _g.standard_normal((4, 5)), _g.standard_normal((4, 5))
_dw0 = _dw.copy()
_expected_w = _w - 0.1 * (0.9 * _v + 0.1 * _dw)
G.call(momentum_step, _w, _dw, _v, 0.1, 0.9)
G.check_unchanged(_dw0, _dw, "dw")
### BEGIN HIDDEN TESTS
from grader.momentum import hidden_momentum_step_inputs
hidden_momentum_step_inputs(momentum_step, _dw, _g)
### END HIDDEN TESTS
print("momentum_step leaves dw alone.")


# %% [markdown]
# ## 5. Momentum on the bowl
#
# Back to the zig-zag of section 1, now with your `momentum_step`. `optim.StepRule` turns a step
# function into an optimizer object that the course's loops can drive: it keeps one velocity array
# `v` per parameter array (starting at zero) and calls `momentum_step(w, dw, v, lr=..., beta=...)`
# at every step.

# %%
def momentum(lr, beta=0.9):
    """An optimizer that runs your momentum_step (velocity v starts at 0)."""
    return optim.StepRule(momentum_step, ("v",), lr=lr, beta=beta)


mom_large = train.run_on_function(momentum(lr_large), grad, w_start, n_steps)

fig, axes = plt.subplots(2, 1, figsize=(9, 5.8), sharex=True)
draw_bowl(axes[0], f"gradient descent, lr = {lr_large}: the zig-zag")
draw_path(axes[0], gd_large, "C3", "GD")
draw_bowl(axes[1], f"momentum (beta = 0.9), same lr = {lr_large}: a slow, damped swing instead")
draw_path(axes[1], mom_large, "C2", "momentum")
axes[0].set_xlabel("")
fig.suptitle(f"{n_steps} steps from (W, b) = (-8, 1) on an elongated bowl", y=1.0)
fig.tight_layout()
plt.show()

# %% [markdown]
# With momentum and the same learning rate (bottom), the step-by-step flipping is gone: the path
# still swings across the valley, but slowly, like a ball rolling from wall to wall, and each swing
# is smaller than the one before — while the motion along the valley is faster than gradient
# descent's.
#
# How much faster is that? Count the steps until the loss is below $10^{-3}$ (it starts at 28.5).
# We add one more run: momentum with a **five times larger** learning rate — far beyond the limit
# 0.08 of gradient descent.

# %%
long = 300
runs = {
    f"GD, lr = {lr_small}": optim.SGD(lr_small),
    f"GD, lr = {lr_large}": optim.SGD(lr_large),
    f"momentum, lr = {lr_large}": momentum(lr_large),
    f"momentum, lr = {5 * lr_large:.2f}": momentum(5 * lr_large),
}
fig, ax = plt.subplots(figsize=(8, 3.8))
print(f"{'run':24s} steps to loss < 1e-3")
for (name, opt), color in zip(runs.items(), ["C0", "C3", "C2", "C8"]):
    losses = loss(train.run_on_function(opt, grad, w_start, long))
    ax.semilogy(losses, color=color, label=name)
    print(f"{name:24s} {steps_to(losses, 1e-3)}")
ax.axhline(1e-3, color="k", lw=0.6, ls=":")
ax.set(xlabel="step", ylabel="loss J(W, b)", title="Loss on the elongated bowl (log scale)", ylim=(1e-9, 100))
ax.legend(fontsize=8)
plt.show()


# %% [markdown]
# Gradient descent at a cautious learning rate does not get there in 300 steps; at the largest
# safe one it needs 125. Momentum with the *same* learning rate needs about 40 % fewer steps, and
# it keeps working at learning rates where gradient descent would explode — but five times that
# rate buys almost nothing, and the two momentum curves run parallel. (The wiggles are the ball
# rolling past the minimum and back.) Both puzzles have the same answer, and it is about $\beta$.
#
# ## 6. What β does: the (learning rate, β) map
#
# This section does not call your `momentum_step` (its grid runs its own copy of the update), but
# it answers the puzzle just above, so it waits for the exercise in Run All.
#
# On a quadratic bowl each direction of curvature $\lambda$ is a separate little system: the
# gradient along it is $\lambda w$, and one step of momentum,
# $v \leftarrow \beta v + (1-\beta)\lambda w$, then $w \leftarrow w - \alpha v$, multiplies the pair
# $(w, v)$ by a fixed $2\times 2$ matrix,
#
# $$\begin{pmatrix} w \\ v \end{pmatrix} \leftarrow M \begin{pmatrix} w \\ v \end{pmatrix}, \qquad
#   M = \begin{pmatrix} 1-\alpha(1-\beta)\lambda & -\alpha\beta \\ (1-\beta)\lambda & \beta \end{pmatrix}.$$
#
# After $t$ steps the pair is $M^t$ times the start, so everything depends on the two eigenvalues
# $\mu_1, \mu_2$ of $M$: the run converges exactly when both have $|\mu| < 1$. Two facts about a
# $2\times 2$ matrix are all you need: $\mu_1 \mu_2 = \det M$ and $\mu_1 + \mu_2 = \operatorname{tr} M$
# (the sum of the diagonal); and when $0 \le \det M < 1$, both eigenvalues lie inside the unit
# circle exactly when $|\operatorname{tr} M| < 1 + \det M$.
#
# ### Exercise 2 (3 points): `stable_lr_limit(beta, lam_max) -> float`
#
# Work out $\det M$ and $\operatorname{tr} M$ (on paper), and from them the **largest learning rate
# for which momentum converges** on a bowl whose steepest curvature is `lam_max`, for a given
# `beta`: every $\alpha$ between 0 and your limit converges, every $\alpha$ above it diverges.
# Return it as a float. The formula is not printed in this lesson: that is the exercise. Check
# yourself: with `beta = 0` momentum is gradient descent, and your answer must be lesson 03's
# $2/\lambda_\max$.
#
# * `beta` outside $[0, 1)$ or `lam_max <= 0` raises a `ValueError` naming the argument.
#
# The visible tests check `beta = 0` and run momentum just below and just above your limit for
# three values of `beta` (it must converge below and diverge above). **Hidden tests decide the
# grade**: they compare your limit with the reference for six pairs (`beta` from 0 to 0.99,
# curvatures from 0.01 to 400; catching gradient descent's limit, the undamped form's limit, a
# missing $(1+\beta)$ and a lost factor 2) and check both errors. Run All stops at the first
# failing test until your function is written; the map below draws your limit, and sections 7
# and 8 wait for it too. The executed lesson can be read ahead on the lecture site.

# %% solution="stable_lr_limit"
def stable_lr_limit(beta, lam_max):
    """Largest learning rate for which momentum (v = beta v + (1 - beta) dw) converges on a bowl of curvature lam_max."""
    ### BEGIN SOLUTION
    if not 0 <= beta < 1:
        raise ValueError(f"beta must be in [0, 1), got beta = {beta}")
    if not lam_max > 0:
        raise ValueError(f"lam_max must be > 0, got lam_max = {lam_max}")
    # det M = beta, tr M = 1 + beta - lr (1 - beta) lam; |tr M| < 1 + beta  <=>  0 < lr < 2 (1 + beta) / ((1 - beta) lam)
    return 2 * (1 + beta) / ((1 - beta) * lam_max)
    ### END SOLUTION


# %% test="test_stable_lr_limit_values" points=2
from helpers import grading as G
G.check_close(G.call(stable_lr_limit, 0.0, 25.0), 0.08,
              "stable_lr_limit(beta=0, lam_max=25): momentum with beta = 0 is gradient descent, whose limit is 2 / 25",
              hints={"a factor 2 lost": 0.04})


def _momentum_1d(lr, beta, lam, n=3000):
    """|w| after n momentum steps on f(w) = lam w**2 / 2 from w = 1, v = 0 (inf once it has blown up)."""
    w, v = 1.0, 0.0
    for _ in range(n):
        v = beta * v + (1 - beta) * lam * w
        w = w - lr * v
        if abs(w) > 1e6:
            return np.inf
    return abs(w)


for _beta in (0.5, 0.9, 0.99):
    _limit = float(G.call(stable_lr_limit, _beta, 25.0))
    G.check_true(_limit > 0, f"stable_lr_limit(beta={_beta}, lam_max=25) must be positive, got {_limit}")
    G.check_true(_momentum_1d(1.05 * _limit, _beta, 25.0) == np.inf,
                 f"momentum (beta = {_beta}) on a bowl of curvature 25 still converges at 1.05 × your limit "
                 f"{_limit:.4g}: the real limit is larger")
    G.check_true(_momentum_1d(0.95 * _limit, _beta, 25.0) < 1e-3,
                 f"momentum (beta = {_beta}) on a bowl of curvature 25 diverges (or does not settle) at 0.95 × "
                 f"your limit {_limit:.4g}: the real limit is smaller")
### BEGIN HIDDEN TESTS
from grader.momentum import hidden_stable_lr_limit_values
hidden_stable_lr_limit_values(stable_lr_limit)
### END HIDDEN TESTS
print("beta = 0 gives gradient descent's 0.08, and for beta = 0.5, 0.9, 0.99 momentum converges just below "
      "your limit and diverges just above it.")

# %% test="test_stable_lr_limit_errors" points=1
from helpers import grading as G
G.check_raises(stable_lr_limit, ValueError, 1.0, 25.0, what="stable_lr_limit(beta=1.0, lam_max=25)")
G.check_raises(stable_lr_limit, ValueError, 0.9, 0.0, what="stable_lr_limit(beta=0.9, lam_max=0)")
### BEGIN HIDDEN TESTS
from grader.momentum import hidden_stable_lr_limit_errors
hidden_stable_lr_limit_errors(stable_lr_limit)
### END HIDDEN TESTS
print("beta = 1 and lam_max = 0 raise a ValueError.")

# %% [markdown]
# Your limit on this lesson's bowl ($\lambda_\max = 25$):

# %%
for b in (0.0, 0.5, 0.9):
    print(f"beta = {b:3.1f}: momentum converges for lr < {stable_lr_limit(b, BOWL['b']):.2f}"
          f"  ({stable_lr_limit(b, BOWL['b']) / lr_limit:.0f} × gradient descent's limit)")

# %% [markdown]
# So momentum with $\beta = 0.9$ tolerates learning rates about nineteen times gradient descent's
# limit — which is why lesson 08's network trains with momentum at learning rates where gradient
# descent dies. The eigenvalues tell two more things:
#
# * **The $\sqrt\beta$ floor.** The product of the two eigenvalues is always $\beta$. When they are
#   complex (the run oscillates), both have size $\sqrt\beta$: the distance to the minimum shrinks by
#   exactly $\sqrt\beta$ per step, whatever $\alpha$ — about 0.95 for $\beta = 0.9$. That is why a five
#   times larger learning rate did not help above: both runs were on this floor.
# * **The best β.** Too small a $\beta$ and the gentle direction crawls as in gradient descent; too
#   large and every direction is stuck on the $\sqrt\beta$ floor. The best compromise for a bowl
#   with condition number $\kappa = \lambda_\max/\lambda_\min$ is
#   $\beta^* = \bigl(\tfrac{\sqrt\kappa - 1}{\sqrt\kappa + 1}\bigr)^2$, and then the steps needed grow
#   like $\sqrt\kappa$ instead of gradient descent's $\kappa$ — the condition number of lesson 03,
#   tamed to its square root. Here $\kappa = 25/0.5 = 50$.
#
# We check all three by brute force (your limit, the floor, $\beta^*$): every pair of 61 learning rates and 20 values of $\beta$, 400
# steps each, all at once (the same update as your `momentum_step`, written for a whole grid of
# $(\alpha, \beta)$ pairs in one array), counting the steps until the loss is below $10^{-3}$ and
# stays there.

# %%
curv = np.array([BOWL["a"], BOWL["b"]])               # the bowl's curvatures along W and b
alphas = np.geomspace(0.01, 3.0, 61)
betas = np.linspace(0.0, 0.95, 20)
A, B = np.meshgrid(alphas, betas)                    # shape (20, 61): one run per (beta, alpha)
w_grid = np.broadcast_to(w_start, A.shape + (2,)).copy()
v_grid = np.zeros_like(w_grid)
n_grid_steps = 400
last_above = np.full(A.shape, -1)
with np.errstate(over="ignore", invalid="ignore"):    # the unstable runs overflow, as they should
    for k in range(1, n_grid_steps + 1):
        v_grid = B[..., None] * v_grid + (1 - B[..., None]) * (curv * w_grid)
        w_grid = w_grid - A[..., None] * v_grid
        last_above[~(loss(w_grid) < 1e-3)] = k
grid_steps = np.where(last_above == n_grid_steps, np.nan, last_above + 1.0)   # NaN: not settled / diverged

kappa = BOWL["b"] / BOWL["a"]
beta_star = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
fig, ax = plt.subplots(figsize=(9, 4.2))
mesh = ax.pcolormesh(alphas, betas, grid_steps, cmap=LANDSCAPE_CMAP, norm=LogNorm(15, 400), shading="nearest")
fig.colorbar(mesh, ax=ax, label="steps until the loss stays below 1e-3")
edge = np.linspace(0, 0.95, 200)
ax.plot([stable_lr_limit(b, BOWL["b"]) for b in edge], edge, color="k", lw=1.5,
        label="your stable_lr_limit(β, λmax)")
ax.axhline(beta_star, color=COLORS["momentum"], ls="--", lw=1.2, label=f"β* = {beta_star:.2f} for κ = {kappa:.0f}")
ax.axhline(0.9, color="w", ls=":", lw=1.2, label="β = 0.9, the usual default")
ax.set(xscale="log", xlabel="learning rate α", ylabel="β", xlim=(0.01, 3), ylim=(-0.025, 0.975),
       title="Momentum on the elongated bowl: steps to converge (blank: not within 400 steps, or diverged)")
ax.legend(fontsize=8, loc="upper left")
plt.show()

print(f"{'beta':>5s} {'fewest steps':>13s} {'at lr':>7s}   {'largest lr that converged':>26s} "
      f"{'your stable_lr_limit':>25s}   {'floor ln(J0/1e-3)/ln(1/β)':>26s}")
for b in (0.0, 0.3, 0.5, 0.6, 0.65, 0.7, 0.8, 0.9, 0.95):
    i = int(np.argmin(np.abs(betas - b)))
    row = grid_steps[i]
    j = int(np.nanargmin(row))
    floor = f"{np.log(loss(w_start) / 1e-3) / np.log(1 / b):.0f}" if b > 0 else "-"
    print(f"{b:5.2f} {row[j]:13.0f} {alphas[j]:7.2g}   {alphas[np.isfinite(row)].max():26.2g} "
          f"{stable_lr_limit(b, BOWL['b']):25.2g}   {floor:>26s}")

# %% [markdown]
# The map shows all three claims. The black curve, your stability limit, is where the
# colour ends on the right: momentum with $\beta = 0.9$ converges up to about 19 times gradient
# descent's limit. Along each row the colour first darkens as $\alpha$ grows, then stops
# improving: that is the $\sqrt\beta$ floor, and for $\beta \ge 0.7$ the fewest steps sit close
# to (a little below) the floor's estimate in the last column, which ignores how the start is
# shared between the two directions. And the best row is not $\beta = 0.9$: near $\beta^*$, tuned
# momentum needs about a quarter of the steps it needs at $\beta = 0.9$, and more than five times
# fewer than gradient descent ($\beta = 0$). The usual $\beta = 0.9$ is a robust default for noisy
# mini-batch training, not the fastest choice on a given bowl; on a real network $\kappa$ is
# unknown, and one tunes $\alpha$ for a fixed $\beta$.
#
# ## 7. A ball rolling downhill
#
# The lecture offers a physical reading. Think of the loss surface as a landscape and the
# parameters as a **ball** on it. The gradient term is the push the slope gives the ball — an
# *acceleration*; $v$ is its *velocity*, which builds up while the slope keeps pushing the same
# way; and $\beta < 1$ acts as *friction*, so the ball does not speed up forever. In the course's
# form the friction is strong: on a constant slope the velocity settles at exactly the gradient,
# $v \to dW$ (the average of a constant is that constant), so on steady ground the ball moves no
# faster than gradient descent at the same $\alpha$. What it carries is *memory*: it keeps moving
# for a while after the slope has changed or vanished. Plain gradient
# descent has no memory: each step depends only on the slope under its feet. A ball carries its
# velocity with it.
#
# That difference matters beyond elongated bowls. A ball rolling at speed does not stop in the
# first small dip it meets: its velocity can carry it over a small bump and on to a better
# minimum. The 1-D landscape below is a wide parabola with its minimum at $x = 2$ and a small bump
# at $x = 0$, which creates a shallow local minimum at $x \approx -0.57$. Both methods start at
# $x = -3$ with learning rate 0.5.

# %%
xs = np.linspace(-3.5, 3.5, 400)
f_1d = landscapes.bumpy_1d(xs)
x0_1d = np.array([-3.0])
gd_ball = train.run_on_function(optim.SGD(0.5), landscapes.bumpy_1d_grad, x0_1d, 150)[:, 0]
mom_ball = train.run_on_function(momentum(0.5), landscapes.bumpy_1d_grad, x0_1d, 150)[:, 0]

fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
axes[0].plot(xs, f_1d, color="k", lw=1)
axes[0].plot(gd_ball, landscapes.bumpy_1d(gd_ball), "o", color="C3", ms=4, alpha=0.6, label="gradient descent")
axes[0].plot(mom_ball, landscapes.bumpy_1d(mom_ball) + 0.08, "o", color="C2", ms=4, alpha=0.6,
             label="momentum (drawn slightly above)")
axes[0].set(xlabel="x", ylabel="f(x)", title="Where the iterates went")
axes[0].legend(fontsize=8)
axes[1].plot(gd_ball, color="C3", label="gradient descent")
axes[1].plot(mom_ball, color="C2", label="momentum, beta = 0.9")
axes[1].axhline(-0.573, color="C3", lw=0.6, ls=":")
axes[1].axhline(2.0, color="C2", lw=0.6, ls=":")
axes[1].text(150, -0.45, "local minimum", ha="right", fontsize=8, color="C3")
axes[1].text(150, 2.12, "better minimum", ha="right", fontsize=8, color="C2")
axes[1].set(xlabel="step", ylabel="x", title="Position over time")
axes[1].legend(fontsize=8)
plt.show()
print(f"gradient descent stops at x = {gd_ball[-1]:.3f} (f = {landscapes.bumpy_1d(gd_ball[-1]):.3f}); "
      f"momentum ends at x = {mom_ball[-1]:.3f} (f = {landscapes.bumpy_1d(mom_ball[-1]):.3f})")

# %% [markdown]
# Gradient descent slides into the first dip and stays: there the gradient is zero, and it has
# nothing else to go on. The momentum ball arrives with speed, climbs the bump while slowing down,
# makes it over the top, overshoots the real minimum, rolls back and settles. Notice what this
# demo does and does not show: with $\alpha = 0.5$ both methods take the same steps on the
# steady slope before the bump (the velocity equals the gradient there); the difference is that
# momentum's velocity, built on that slope, keeps pushing for a while once the slope turns
# against it, and gradient descent's step does not. Momentum is no guarantee of escaping local
# minima — a deeper dip or a smaller $\beta$ would trap it too — but it shows that momentum is
# more than a smoother: it lets the iterate *carry information* from where it has been.

# %% [markdown]
# ## 8. Two ways to write momentum — and what PyTorch computes
#
# Read about momentum elsewhere and you will often meet a version **without** the $(1-\beta)$:
#
# | | velocity | update |
# |---|---|---|
# | (A) this course (EWMA form) | $v \leftarrow \beta v + (1-\beta)\,dW$ | $W \leftarrow W - \alpha\, v$ |
# | (B) "undamped" form | $u \leftarrow \beta u + dW$ | $W \leftarrow W - \alpha'\, u$ |
# | (C) form of lecture 004 | $m \leftarrow \lambda m - \eta\, g$ | $\theta \leftarrow \theta + m$ |
#
# Form (C) is the one the second set of lecture notes uses: the movement $m$ is the previous
# movement, scaled by $\lambda$, minus $\eta$ times the gradient, starting from $m^0 = 0$: each
# movement is the previous movement plus a step down the gradient. Unroll it,
#
# $$m^t = -\eta \sum_{k=0}^{t-1} \lambda^{\,t-1-k}\, g^k = -\eta\,\bigl(g^{t-1} + \lambda g^{t-2} + \lambda^2 g^{t-3} + \dots\bigr),$$
#
# and $m$ is a weighted sum of *all* past gradients, the recent ones weighted most — the same
# idea as the exponentially weighted average of lesson 05, without its $(1-\beta)$ factor.
#
# They are one algorithm. Starting from zero, $u_1 = dW_1 = v_1 / (1-\beta)$, and if
# $u_{t-1} = v_{t-1}/(1-\beta)$ then $u_t = \beta u_{t-1} + dW_t = v_t / (1-\beta)$: the undamped
# velocity is always the EWMA velocity divided by $(1-\beta)$. So (B) moves exactly like (A) when
# $\alpha' = \alpha\,(1-\beta)$. Form (C) is (B) with the learning rate moved inside:
# $m = -\eta\, u$, so it matches with $\lambda = \beta$ and $\eta = \alpha\,(1-\beta)$.
#
# Let us check that numerically, on the bowl with random noise added to every gradient (as a
# mini-batch would), all three driven by the same noise.

# %%
n_formulation = 100
noise = 0.5 * rng.standard_normal((n_formulation, 2))   # one noise draw per step, shared by all three
alpha, beta = 0.3, 0.9

w, v = w_start.copy(), np.zeros(2)                       # (A) the course's form: your momentum_step
path_A = [w.copy()]
for k in range(n_formulation):
    w, v = momentum_step(w, grad(w) + noise[k], v, alpha, beta)
    path_A.append(w.copy())

w, u = w_start.copy(), np.zeros(2)                       # (B) undamped, learning rate alpha * (1 - beta)
path_B = [w.copy()]
for k in range(n_formulation):
    u = beta * u + (grad(w) + noise[k])
    w = w - alpha * (1 - beta) * u
    path_B.append(w.copy())

theta, m = w_start.copy(), np.zeros(2)                   # (C) lecture 004, lambda = beta, eta = alpha * (1 - beta)
lam, eta = beta, alpha * (1 - beta)
path_C = [theta.copy()]
for k in range(n_formulation):
    m = lam * m - eta * (grad(theta) + noise[k])
    theta = theta + m
    path_C.append(theta.copy())

path_A, path_B, path_C = np.array(path_A), np.array(path_B), np.array(path_C)
for name, path in [("(B)", path_B), ("(C)", path_C)]:
    gap = np.max(np.abs(path - path_A))
    print(f"(A) and {name}: the {n_formulation} iterates agree to within 1e-12: {gap < 1e-12}")

fig, ax = plt.subplots(figsize=(9, 3.4))
draw_bowl(ax, "Three formulations of momentum, one trajectory (noisy gradients)")
ax.plot(path_A[:, 0], path_A[:, 1], "-", color="C2", lw=5, alpha=0.35, label="(A) v = βv + (1-β)dW,  lr = 0.3")
ax.plot(path_B[:, 0], path_B[:, 1], "-", color="C0", lw=2, label="(B) u = βu + dW,  lr = 0.3 (1-β)")
ax.plot(path_C[:, 0], path_C[:, 1], ":", color="k", lw=1.5, label="(C) m = λm - ηg,  η = 0.3 (1-β)")
ax.legend(loc="lower right", fontsize=8)
plt.show()

# %% [markdown]
# The three paths lie on top of each other (to the last few bits of rounding). The difference is
# therefore only in what the *number* called "learning rate" means. In form (B) the velocity of a
# steady gradient grows to $dW/(1-\beta)$, ten times the gradient for $\beta = 0.9$; so if you copy
# a learning rate tuned for form (A) into form (B), you take ten times larger steps. On our bowl
# that is the difference between converging and exploding:

# %%
for name, lr_b in [("alpha * (1 - beta) = 0.03", alpha * (1 - beta)), ("alpha = 0.3 (not rescaled)", alpha)]:
    w, u = w_start.copy(), np.zeros(2)
    for k in range(n_formulation):
        u = beta * u + grad(w)
        w = w - lr_b * u
    final = loss(w)
    result = f"{final:.2g}" if final < 1e6 else "more than 1e6: it diverged"
    print(f"form (B) with learning rate {name:27s}: loss after {n_formulation} steps = {result}")


# %% [markdown]
# This is also why the lecture prefers form (A): in (B) and (C), changing $\beta$ silently changes
# the effective step size by $1/(1-\beta)$, so a new $\beta$ needs a new learning rate; in (A) the
# velocity of a steady gradient *is* that gradient whatever $\beta$ is, and $\alpha$ keeps its meaning.
#
# **What PyTorch computes.** `torch.optim.SGD(params, lr, momentum=β, dampening=δ)` keeps a buffer
# $b$ per parameter and documents the rule (with `nesterov=False`, `weight_decay=0`)
#
# $$b_1 = g_1, \qquad b_t = \beta\, b_{t-1} + (1-\delta)\, g_t \;\;(t \ge 2), \qquad p \leftarrow p - \text{lr}\cdot b_t .$$
#
# The first step is **undamped**: the buffer starts at the gradient itself. With the default
# `dampening=0` this is form (B) exactly (from a zero buffer, $\beta \cdot 0 + g_1 = g_1$), so
#
# > `SGD(lr = α(1-β), momentum = β, dampening = 0)` reproduces this course's momentum with learning rate α.
#
# Setting `dampening=β` looks like the EWMA form, but it is not quite: its first buffer is the full
# gradient $g_1$, where ours is $(1-\beta)\,g_1$ — a first step ten times larger for $\beta = 0.9$.
# (Keras' `SGD(momentum=...)` uses form (C); `optax.sgd(momentum=...)` uses form (B).) PyTorch is
# not a dependency of this course, so below we replay its documented rule in NumPy and run it on
# the noisy bowl next to your `momentum_step`.

# %%
def pytorch_sgd_momentum(grad_fn, w0, n, lr, momentum, dampening=0.0):
    """Iterates of torch.optim.SGD(lr, momentum, dampening), replayed in NumPy; grad_fn(w, k) -> gradient."""
    p, buf, path = np.array(w0, dtype=float), None, [np.array(w0, dtype=float)]
    for k in range(n):
        g = grad_fn(p, k)
        buf = g.copy() if buf is None else momentum * buf + (1 - dampening) * g
        p = p - lr * buf
        path.append(p.copy())
    return np.array(path)


noisy_grad = lambda w, k: grad(w) + noise[k]
torch_matched = pytorch_sgd_momentum(noisy_grad, w_start, n_formulation, alpha * (1 - beta), beta, dampening=0.0)
torch_damped = pytorch_sgd_momentum(noisy_grad, w_start, n_formulation, alpha, beta, dampening=beta)
print("SGD(lr=α(1-β), momentum=β, dampening=0) follows the course's iterates to within 1e-12:",
      bool(np.max(np.abs(torch_matched - path_A)) < 1e-12))

fig, ax = plt.subplots(figsize=(8, 3.6))
ax.semilogy(loss(path_A), color="C2", lw=4, alpha=0.4, label="course: momentum_step, lr = α = 0.3")
ax.semilogy(loss(torch_matched), color="C0", lw=1.5, label="PyTorch rule: lr = α(1-β), dampening = 0")
ax.semilogy(loss(torch_damped), color="C3", lw=1.5, label="PyTorch rule: lr = α, dampening = β")
ax.set(xlabel="step", ylabel="loss", title="PyTorch's SGD with momentum, two settings (noisy bowl)")
ax.legend(fontsize=8)
plt.show()
print(f"loss after the first step: course {loss(path_A[1]):.1f}, dampening = β {loss(torch_damped[1]):.1f} "
      f"(start: {loss(w_start):.1f})")

# %% [markdown]
# The matched setting is the course's algorithm (the blue line runs inside the green one). With
# `dampening=β` the undamped first step — the full gradient times α — throws the iterate far up
# the steep wall, and the run spends its first few dozen steps recovering from that one step. The
# difference between the buffers, $\beta^t g_1$, fades like any EWMA start-up, but the
# *displacement* it caused has to be undone by the optimizer. The safe mapping is the first one.

# %% [markdown]
# ### Explore: α and β
#
# Move α and β. For a given α, look for the β where the path stops zig-zagging but does not yet
# swing wide; then raise α until the run diverges (the title says so), and see how that edge
# moves with β. At β = 0 this is plain gradient descent.

# %%
from helpers import explore

explore.momentum_alpha_beta(step=momentum_step)  # your momentum_step draws the path

# %% [markdown]
# ## Takeaways
#
# * Gradient descent on an elongated valley spends its steps bouncing across it; the largest
#   usable learning rate is set by the steepest direction.
# * Momentum steps along an exponentially weighted average of the gradients,
#   $v \leftarrow \beta v + (1-\beta)\,dW$, $W \leftarrow W - \alpha v$. The oscillating components
#   average out, the consistent ones add up; the oscillation slows and decays, and larger
#   learning rates become usable: up to $2(1+\beta)/((1-\beta)\lambda_\max)$.
# * $\beta$ sets a floor: no learning rate makes the distance shrink faster than $\sqrt\beta$ per
#   step. Near $\beta^* = ((\sqrt\kappa-1)/(\sqrt\kappa+1))^2$ tuned momentum needs steps growing
#   like $\sqrt\kappa$ instead of $\kappa$; on our bowl it was several times faster than at the
#   default $\beta = 0.9$.
# * On a steady slope the averaged velocity equals the gradient, so at the same $\alpha$ momentum
#   is no faster than gradient descent there; its memory can carry it over a small bump after
#   the slope turns, and its tolerance of a larger $\alpha$ is what makes it faster.
# * $v = \beta v + dW$ (and $m = \lambda m - \eta g$) is the same method with the learning rate
#   multiplied by $1-\beta$. PyTorch's `SGD(momentum=β)` uses that form: use
#   `lr = α(1-β)`, `dampening=0` to reproduce ours.
# * Bias correction is rarely used for momentum: it changes only the first ~10 steps.
#
# Momentum treats every coordinate with the same learning rate. Lesson 07 (RMSprop) gives each
# coordinate its own step size, scaled by how large its gradients have recently been.

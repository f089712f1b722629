# %% [markdown]
# # Lesson 03 — Gradient descent: following the gradient, and how far to step
#
# *Optimization for Deep Learning* · lesson 3 of 11 · graded: `step_size_sweep` (3 points), `gradient_descent` (5 points), `max_stable_lr` (2 points)
#
# Lesson 02 gave us the gradient $\nabla L(W)$: the direction in which the loss climbs fastest,
# computed exactly and cheaply from a formula. The hiker of lesson 01 no longer needs to guess —
# they turn to face downhill, $-\nabla L$, and walk. Repeating that is **gradient descent**:
#
# $$W_{k+1} = W_k - \eta\, \nabla L(W_k), \qquad k = 0, 1, 2, \dots$$
#
# The gradient says *which way*; it does not say *how far*. The step size $\eta$ — the
# **learning rate** — is ours to choose, and it is the hyperparameter that most often makes or
# breaks training. This lesson is about that choice:
#
# 1. how the loss after **one** step depends on the step size — the sweep from the lecture notes,
#    on the digits (exercise 1);
# 2. the loop itself (exercise 2), and what too small, about right and divergent learning rates
#    do on an elongated bowl, where we can see every step — and why the limit is exactly
#    $2/\lambda_{\max}$, with $\lambda_{\max}$ the largest curvature; then you predict that limit
#    for a bowl turned away from the axes (exercise 3);
# 3. full-batch gradient descent training the digit classifier (with the L2 regularisation the
#    lecture notes include), against lesson 01's blind searches;
# 4. when to stop.

# %%
import numpy as np
import matplotlib.pyplot as plt

from helpers import landscapes
from helpers.data import load_digits, train_val_split
from helpers.losses import accuracy
from helpers.runmode import pick
from helpers.style import COLORS
# lessons 01 and 02's exercises, the course's solutions
from earlier_lessons import random_local_search, random_search, svm_loss, svm_loss_and_grad

rng = np.random.default_rng(2026)   # the one seed of this notebook (the same as lesson 01's)
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# The data and starting point are exactly those of lesson 01: the same seed, the same split of the
# 1 797 digits (1 400 for training, 397 for validation) and the same tiny random weights
# `W_small`. We also draw the three matrices lesson 01 drew for its landscape slices, so that the
# random searches we rerun in section 5 see the very same random numbers and reproduce lesson 01's
# results. Lessons 01 and 02's functions (`svm_loss`, `svm_loss_and_grad` and the two searches)
# come with this lesson, in `earlier_lessons.py`.
#
# *Reading ahead.* Each exercise is followed by its visible tests and then by experiments that run
# **your** function. Run All stops at the first failing test until the function above it is
# written; the executed lesson, with every figure and number, can be read ahead on the lecture
# site.

# %%
X_all, y_all = load_digits()
X_train, y_train, X_val, y_val = train_val_split(X_all, y_all, n_val=397, rng=rng)
W_small = 0.001 * rng.standard_normal((65, 10))
_ = rng.standard_normal((3, 65, 10))          # lesson 01's slice directions W0, W1, W2 (unused here)
train_loss = lambda W: svm_loss(W, X_train, y_train)
loss0, dW0 = svm_loss_and_grad(W_small, X_train, y_train)
print(f"training loss at W_small: {loss0:.4f};  |dW| = {np.linalg.norm(dW0):.4f}")


# %% [markdown]
# ## 1. Why the negative gradient, and why only a small step
#
# Near $W$, a smooth loss looks like its tangent plane: for a small step $\Delta$,
#
# $$L(W + \Delta) \approx L(W) + \langle \nabla L(W), \Delta \rangle .$$
#
# Among all steps of a given length, the inner product is most negative when $\Delta$ points
# exactly against the gradient (Cauchy–Schwarz) — that is why $-\nabla L$ is the *steepest*
# descent. With $\Delta = -\eta \nabla L$ the predicted change is $-\eta \|\nabla L\|^2$: the
# loss must go down for a small enough $\eta > 0$. But the tangent plane is only trustworthy
# nearby. Step too far and the curvature the plane ignores takes over: the loss stops falling,
# then rises — we **overshoot**.
#
# ## 2. The step-size sweep
#
# The lecture notes measure this directly: compute the gradient once, then try one step of each
# size $\eta \in \{10^{-10}, 10^{-9}, \dots, 10^{-1}\}$ and look at the loss where each step lands.
#
# ### Exercise 1 (3 points): `step_size_sweep(loss_fn, W, dW, step_sizes) -> losses`
#
# Return a NumPy array with `losses[k] = loss_fn(W - step_sizes[k] * dW)`, one entry per step size
# (shape `(len(step_sizes),)`). Every step starts **from `W` itself** — these are alternatives,
# not a walk. Do not modify `W` or `dW`.
#
# *How this exercise is graded.* The visible tests check the hand-worked example below (with
# named mistakes: uphill, accumulated steps, the change instead of the loss), the shape, and that
# `W` and `dW` are left alone. Hidden tests decide the grade: they also compare with the exact
# losses on a random matrix problem and a fresh bowl.

# %% solution="step_size_sweep"
def step_size_sweep(loss_fn, W, dW, step_sizes):
    """Loss after one step W - eta * dW, for each eta in step_sizes."""
    ### BEGIN SOLUTION
    return np.array([loss_fn(W - eta * dW) for eta in step_sizes], dtype=float)
    ### END SOLUTION


# %% [markdown]
# The check below uses $L(w) = (w_1 - 1)^2 + (w_2 - 1)^2$ at $w = (0, 0)$, where the gradient is
# $(-2, -2)$. A step of size $\eta$ lands at $(2\eta, 2\eta)$, so the losses for
# $\eta = 0, 0.25, 0.5, 1$ are $2, 0.5, 0, 2$: the step of $0.5$ lands exactly on the minimum, and
# the step of $1$ jumps over it to a point just as bad as the start.

# %% test="test_sweep_basics" points=1
from helpers import grading as G
_bowl = lambda w: float(np.sum((w - 1.0) ** 2))
_w = np.zeros(2)
_dw = np.array([-2.0, -2.0])
_got = G.call(step_size_sweep, _bowl, _w, _dw, [0.0, 0.25, 0.5, 1.0])
G.check_shape(_got, (4,), "step_size_sweep with 4 step sizes (one loss per step size)")
G.check_close(_got, [2.0, 0.5, 0.0, 2.0], "the losses after one step of size 0, 0.25, 0.5, 1",
              hints={"the step taken uphill (W + eta * dW instead of W - eta * dW)": [2.0, 4.5, 8.0, 18.0],
                     "the steps accumulated (each step taken from the previous point instead of from W)": [2.0, 0.5, 0.5, 12.5],
                     "the change of the loss returned instead of the loss": [0.0, -1.5, -2.0, 0.0],
                     "the decrease of the loss returned instead of the loss": [0.0, 1.5, 2.0, 0.0]})
### BEGIN HIDDEN TESTS
from grader.gradient_descent import hidden_sweep_basics
hidden_sweep_basics(step_size_sweep)
### END HIDDEN TESTS
print("step_size_sweep gets the hand-worked example right.")

# %% test="test_sweep_values" points=1
from helpers import grading as G
_g = np.random.default_rng(31)
_A = _g.standard_normal((3, 4))
_loss = lambda W: float(np.sum(np.log1p(W * W)) + np.sum(_A * W) + 0.1 * np.sum(W) ** 2)
_W = _g.standard_normal((3, 4))
_dW = _g.standard_normal((3, 4))
_etas = np.array([float(f"1e{k}") for k in range(-4, 2)])
_got = G.call(step_size_sweep, _loss, _W, _dW, _etas)
G.check_shape(_got, (6,), "step_size_sweep with 6 step sizes on a (3, 4) matrix W")
### BEGIN HIDDEN TESTS
from grader.gradient_descent import hidden_sweep_values
hidden_sweep_values(step_size_sweep, _got, _loss, _W, _dW, _etas)
### END HIDDEN TESTS
print("step_size_sweep returns one loss per step size.")

# %% test="test_sweep_contract" points=1
from helpers import grading as G
_bowl = lambda W: float(np.sum(W ** 2))
_W = np.arange(6.0).reshape(2, 3)
_dW = 2 * _W
_W0, _dW0 = _W.copy(), _dW.copy()
_got = G.call(step_size_sweep, _bowl, _W, _dW, np.array([0.1, 0.2, 0.3]))
G.check_unchanged(_W0, _W, "W")
G.check_unchanged(_dW0, _dW, "dW")
### BEGIN HIDDEN TESTS
from grader.gradient_descent import hidden_sweep_contract
hidden_sweep_contract(step_size_sweep, _got, _bowl, _W, _dW, _W0)
### END HIDDEN TESTS
print("step_size_sweep leaves W and dW alone.")

# %% [markdown]
# ### The sweep on the digits
#
# The notes ran this on CIFAR-10 with raw pixel values 0…255 and found the best single step near
# $10^{-6}$. The scale of the features matters a great deal, so we run the sweep twice from
# `W_small`: once on **raw pixels** 0…16 (like the notes' raw pixels), once on the **[0, 1]
# features** of lesson 01. Each curve is 49 alternative single steps from the same point.

# %%
X_train_raw = X_train.copy()
X_train_raw[:, :64] *= 16.0                                   # back to raw pixel values 0 ... 16
raw_loss = lambda W: svm_loss(W, X_train_raw, y_train)
_, dW_raw = svm_loss_and_grad(W_small, X_train_raw, y_train)

steps = np.array([float(f"{m}e{k}") for k in range(-10, 3) for m in (1.0, 1.8, 3.2, 5.6)])[:-3]   # 1e-10 ... 1e2
sweep_raw = step_size_sweep(raw_loss, W_small, dW_raw, steps)          # your exercise 1
sweep_scaled = step_size_sweep(train_loss, W_small, dW0, steps)
loss_raw0 = raw_loss(W_small)

print("the notes' sweep, on raw pixels:")
print(f"   original loss {loss_raw0:.4f}")
for k in range(-10, 0):
    print(f"   step size 1e{k:<3d} -> loss {sweep_raw[steps == float(f'1e{k}')][0]:8.4f}")

# regions of the raw-pixel curve, read off the data
best = np.argmin(sweep_raw)
gain = loss_raw0 - sweep_raw                                  # how much one step helped
good = steps[gain >= 0.5 * gain[best]]                        # at least half of the best single step's gain
worse = steps[(sweep_raw > loss_raw0) & (steps > steps[best])].min()

fig, ax = plt.subplots(figsize=(9, 4.6))
ax.semilogx(steps, sweep_raw, "o-", ms=3, color="C0", label="raw pixels 0…16")
ax.semilogx(steps, sweep_scaled, "s-", ms=3, color="C2", label="features in [0, 1] (lesson 01)")
ax.axhline(loss_raw0, color="0.5", ls="--", lw=0.8)
ax.text(1.5e-10, loss_raw0 + 0.4, "loss before the step", fontsize=8, color="0.4")
ax.axvspan(steps[0], good.min(), color="C7", alpha=0.15)
ax.axvspan(good.min(), good.max(), color="C2", alpha=0.15)
ax.axvspan(good.max(), worse, color="C1", alpha=0.25)
ax.axvspan(worse, steps[-1], color="C3", alpha=0.15)
ax.text(1e-8, 16.5, "too small:\nslow progress", fontsize=8, va="top")
ax.text(good.min() * 1.2, 16.5, "good", fontsize=8, va="top")
ax.text(np.sqrt(good.max() * worse), 16.5, "overshoots", fontsize=8, va="top", ha="center", rotation=90)
ax.text(worse * 1.5, 16.5, "worse than\nnot moving", fontsize=8, va="top")
ax.plot(steps[best], sweep_raw[best], "*", ms=14, color="C0", mec="k")
ax.plot(steps[np.argmin(sweep_scaled)], sweep_scaled.min(), "*", ms=14, color="C2", mec="k")
ax.set(ylim=(0, 17), xlabel="step size  (one step W - step * dW from W_small)", ylabel="training loss after the step",
       title="Loss after one gradient step, for 49 step sizes (shading: regions of the raw-pixel curve)")
ax.legend(loc="lower left", fontsize=8)
plt.show()
print(f"raw pixels   : best single step {steps[best]:.2g} (loss {sweep_raw[best]:.3f}); good from {good.min():.2g} "
      f"to {good.max():.2g}; worse than not moving from {worse:.2g}")
print(f"[0, 1] pixels: best single step {steps[np.argmin(sweep_scaled)]:.2g} (loss {sweep_scaled.min():.3f})")


# %% [markdown]
# The sweep has the shape the notes describe:
#
# * **too small** (grey): the step is so short the loss barely changes (up to $10^{-6}$ by less
#   than 0.1 %); training would crawl.
# * **good** (green): at least half of the best possible gain — at the best step size the loss
#   drops from about 8.9 to below 1 in one step.
# * **overshoots** (orange): the step jumps past the valley floor along $-\nabla L$ and lands on
#   the far side; the loss is still lower than before, but rising quickly with the step size.
# * **worse than not moving** (red): the far side is higher than where we started, and the loss
#   grows roughly in proportion to the step.
#
# The two curves have the same shape, shifted by about $16^2 = 256$. Multiplying the features by
# 16 multiplies the gradient by 16 (it is $\frac1m X^\top M$) *and* the effect of a weight change on
# the scores by 16 again, so the same step does 256 times more. There is no universal good
# learning rate: it depends on the scale of the data — one reason why inputs are normalised.
#
# A single step says nothing yet about the *next* one. For that we need the loop.
#
# ## 3. The loop: gradient descent
#
# The update rule, repeated, is the whole algorithm — in every deep-learning library the core
# loop looks like this: **initialise** the parameters; **compute the gradient** where they are;
# **update** them by a step against it; **repeat** until a stopping rule says enough (section 6).
#
# ### Exercise 2 (5 points): `gradient_descent(grad_fn, x0, lr, n_steps) -> trajectory`
#
# Starting from `x0` (an array of any shape), take `n_steps` steps
# `x_{k+1} = x_k - lr * grad_fn(x_k)`. Return every point visited as one NumPy array of shape
# `(n_steps + 1, *x0.shape)`: `trajectory[0]` is `x0` itself, `trajectory[k]` the point after `k`
# steps. Do not modify `x0`. Careful with in-place updates: if you write `x -= ...` and store `x`
# each time, every stored row is the same array (store a copy, or write `x = x - ...`).
#
# *How this exercise is graded.* The visible tests check the first steps on $x^2$ (with named
# mistakes: uphill, the learning rate ignored, one array stored for every row, the gradient
# always taken at `x0`), the shape, and that `x0` is left alone. Hidden tests decide the grade:
# they also compare the exact trajectory on a coupled 2-D bowl and on matrix-shaped `x0`.

# %% solution="gradient_descent"
def gradient_descent(grad_fn, x0, lr, n_steps):
    """Gradient descent from x0; returns all n_steps + 1 points visited, starting with x0."""
    ### BEGIN SOLUTION
    x = np.array(x0, dtype=float)            # a copy: x0 stays as it is
    trajectory = [x]
    for _ in range(n_steps):
        x = x - lr * grad_fn(x)              # a new array every step
        trajectory.append(x)
    return np.array(trajectory)
    ### END SOLUTION


# %% [markdown]
# The check: $f(x) = x^2$ with gradient $2x$, from $x_0 = 1$ with `lr = 0.25`. Each step multiplies
# $x$ by $1 - 0.25 \cdot 2 = 0.5$, so the trajectory is $1, 0.5, 0.25, 0.125$.

# %% test="test_gd_first_steps" points=1
from helpers import grading as G
_traj = G.call(gradient_descent, lambda x: 2 * x, np.array([1.0]), 0.25, 3)
G.check_true(np.shape(_traj) != (3, 1),
             "the trajectory has 3 rows for 3 steps: the starting point x0 is missing (trajectory[0] must be x0)")
G.check_shape(_traj, (4, 1), "the trajectory of 3 steps from x0 of shape (1,)")
G.check_close(_traj, [[1.0], [0.5], [0.25], [0.125]], "the trajectory of x^2 from x0 = 1 with lr = 0.25",
              hints={"the step taken uphill (x + lr * grad instead of x - lr * grad)": [[1.0], [1.5], [2.25], [3.375]],
                     "the learning rate ignored (x - grad)": [[1.0], [-1.0], [1.0], [-1.0]],
                     "every row is the same array (an in-place update stored without a copy)": [[0.125]] * 4,
                     "the gradient always evaluated at x0": [[1.0], [0.5], [0.0], [-0.5]]})
### BEGIN HIDDEN TESTS
from grader.gradient_descent import hidden_gd_first_steps
hidden_gd_first_steps(gradient_descent)
### END HIDDEN TESTS
print("gradient_descent takes the first steps on x^2 right.")

# %% test="test_gd_values" points=2
from helpers import grading as G
_H = np.array([[6.0, 4.0], [4.0, 5.0]])
_grad = lambda w: _H @ w
_w0 = np.array([2.0, -1.0])
_traj = G.call(gradient_descent, _grad, _w0, 0.1, 20)
G.check_true(np.shape(_traj) != (20, 2),
             "the trajectory has 20 rows for 20 steps: the starting point x0 is missing (trajectory[0] must be x0)")
G.check_shape(_traj, (21, 2), "the trajectory of 20 steps from x0 of shape (2,)")
### BEGIN HIDDEN TESTS
from grader.gradient_descent import hidden_gd_values
hidden_gd_values(gradient_descent, _traj, _grad, _w0)
### END HIDDEN TESTS
print("gradient_descent returns a trajectory of n_steps + 1 points.")

# %% test="test_gd_contract" points=2
from helpers import grading as G
_x0 = np.array([3.0, -2.0])
_traj = G.call(gradient_descent, lambda x: 2 * x, _x0, 0.1, 5)
G.check_unchanged(np.array([3.0, -2.0]), _x0, "x0")
G.check_close(np.asarray(_traj)[0], [3.0, -2.0], "trajectory[0] (it must be the starting point x0)")
### BEGIN HIDDEN TESTS
from grader.gradient_descent import hidden_gd_contract
hidden_gd_contract(gradient_descent, _x0)
### END HIDDEN TESTS
print("gradient_descent leaves x0 alone and starts the trajectory with it.")

# %% [markdown]
# ## 4. Too small, about right, best, divergent: an elongated bowl
#
# To *see* the steps we need two dimensions. Take the quadratic bowl
#
# $$f(w) = \tfrac12\, w^\top H w, \qquad H = \begin{pmatrix} a & 0 \\ 0 & b \end{pmatrix},
#   \quad a = 1,\; b = 10 ,$$
#
# ten times steeper across ($w_2$) than along ($w_1$) — the elongated valleys that real losses are
# full of. Its gradient is $Hw$, so one step of gradient descent is
# $w_{k+1} = (I - \eta H)\, w_k$: each coordinate is simply **multiplied** by its own factor,
#
# $$w_1 \leftarrow (1 - \eta a)\, w_1, \qquad w_2 \leftarrow (1 - \eta b)\, w_2 .$$
#
# Both shrink only if $|1 - \eta\lambda| < 1$ for both curvatures $\lambda \in \{a, b\}$, that is
# $0 < \eta < 2/\lambda$. The steepest direction is the binding one: with
# $\lambda_{\max} = \max(a, b) = 10$ the largest curvature, **gradient descent converges if and
# only if $\eta < 2/\lambda_{\max} = 0.2$**. (We write $\lambda$ for curvatures, to keep $L$ for
# the loss.) Four learning rates tell the story:
#
# * $\eta = 0.02$ — **too small**: the factors are $0.98$ and $0.8$; the flat one is close to 1,
#   so it is safe, but slow along the flat direction;
# * $\eta = 0.1 = 1/\lambda_{\max}$ — **about right**: the steep direction is solved in one step
#   ($1 - 0.1 \cdot 10 = 0$), the flat one shrinks by $0.9$ per step;
# * $\eta = 2/(\lambda_{\min} + \lambda_{\max}) = 2/11 \approx 0.18$ — **the best fixed rate**:
#   both factors have the same size, $1 - 0.18 = 0.82$ along the floor and $1 - 1.82 = -0.82$
#   across, so the steep coordinate flips sign at every step (a zig-zag) while both shrink
#   fastest;
# * $\eta = 0.21$ — **divergent**: $|1 - 2.1| = 1.1 > 1$, every step overshoots further than the
#   last.

# %%
a, b = 1.0, 10.0
bowl = lambda w: landscapes.quadratic_bowl(w, a, b)
bowl_grad = lambda w: landscapes.quadratic_bowl_grad(w, a, b)
lam_max = landscapes.quadratic_bowl_max_curvature(a, b)
start = np.array([-4.0, 1.5])
n_grid, note = pick(201, 101, "the contour grid size")
GX, GY, P = landscapes.make_grid((-5, 5), (-2.5, 2.5), num=n_grid)
Z = bowl(P)                                                  # one call for the whole grid
runs = {0.02: "too small", 0.1: "about right (1/λmax)", 2 / 11: "best: 2/(λmin+λmax)", 0.21: "divergent"}
trajectories = {lr: gradient_descent(bowl_grad, start, lr, 30) for lr in runs}      # your exercise 2

fig, axes = plt.subplots(2, 3, figsize=(13, 7), layout="constrained")
for ax, (lr, label) in zip(axes.flat, runs.items()):
    path = trajectories[lr]
    ax.contour(GX, GY, Z, levels=np.geomspace(0.05, 60, 14), cmap="viridis", linewidths=0.8)
    ax.plot(path[:, 0], path[:, 1], "o-", color="C3", ms=3, lw=1)
    ax.plot(*start, "k*", ms=10)
    ax.plot(0, 0, "k+", ms=10)
    ax.set(xlim=(-5, 5), ylim=(-2.5, 2.5), aspect="equal", title=f"lr = {lr:.3g}: {label}")
ax = axes[1, 1]
for lr, label in runs.items():
    ax.semilogy(bowl(trajectories[lr]), "o-", ms=2, label=f"lr = {lr:.3g}: {label}")
ax.set(xlabel="step k", ylabel="f(w_k)", title="loss along the 30 steps", ylim=(1e-8, 1e4))
ax.legend(fontsize=8)

# the threshold, checked numerically: 200 learning rates, each run for 200 steps at once
lrs = np.linspace(0.15, 0.25, 200)
w = np.broadcast_to(start, (lrs.size, 2)).copy()
for _ in range(200):
    w_prev, w = w, w - lrs[:, None] * bowl_grad(w)
factor = np.linalg.norm(w, axis=1) / np.linalg.norm(w_prev, axis=1)   # shrink factor of the last step
theory = np.maximum(np.abs(1 - lrs * a), np.abs(1 - lrs * b))
ax = axes[1, 2]
ax.plot(lrs, theory, color="k", lw=1, label=r"theory: $\max_\lambda |1 - \eta\lambda|$")
ax.plot(lrs[::4], factor[::4], "o", ms=3, color="C3", label="measured: $|w_{200}| / |w_{199}|$")
ax.axhline(1.0, color="0.5", ls="--", lw=0.8)
ax.axvline(2 / lam_max, color="C0", ls=":", label=f"2/λmax = {2 / lam_max:.3g}")
ax.set(xlabel="learning rate", ylabel="factor per step", title="converges (< 1) or diverges (> 1)")
ax.legend(fontsize=8)
plt.show()
if note:
    print(note)
largest_ok = lrs[factor < 1].max()
print(f"λmax = {lam_max:g}, so 2/λmax = {2 / lam_max:.4f}; measured: the largest learning rate that still shrinks w "
      f"is {largest_ok:.4f}, the next one on the grid, {lrs[factor >= 1].min():.4f}, does not")


# %% [markdown]
# The four pictures are the four factors at work. At `lr = 0.02` the walk creeps along the flat
# floor and is nowhere near the minimum after 30 steps. At $1/\lambda_{\max}$ the first step drops
# straight to the valley floor and the rest glide along it. At the best rate $2/11$ the path
# zig-zags from wall to wall — each crossing shorter than the last — and the loss curve falls
# fastest of the four: a zig-zag is harmless as long as it shrinks. At `0.21` the zig-zag *grows*
# and the walk leaves the picture within a few steps; the loss curve shoots up.
#
# The last panel checks the threshold: for 200 learning rates between 0.15 and 0.25 we ran 200
# steps and measured by how much the last step shrank $w$. The measurement sits on the theory
# curve, and the crossing of 1 — the edge between convergence and divergence — lands on
# $2/\lambda_{\max} = 0.2$ (see the printout). At the best rate both directions shrink by
# $(\lambda_{\max} - \lambda_{\min})/(\lambda_{\max} + \lambda_{\min}) = 9/11 \approx 0.82$ per
# step. Two lessons for later: the **largest curvature** limits the learning rate, and the
# **smallest** one then sets the speed. The ratio $\kappa = \lambda_{\max}/\lambda_{\min}$ (the
# *condition number*) measures how hard a valley is: even at the best rate the error shrinks only
# by $(\kappa - 1)/(\kappa + 1)$ per step. This section showed it for one bowl, $\kappa = 10$;
# lesson 06 varies the condition number and shows how momentum changes that rate.
#
# ### Exercise 3 (2 points): `max_stable_lr(H) -> float`
#
# Real valleys are not aligned with the coordinate axes. Turn the bowl: $f(w) = \tfrac12 w^\top H w$
# with a **symmetric** matrix $H$ that need not be diagonal (for example `H = [[3.25, 3.9], [3.9,
# 7.75]]`). Gradient descent still computes $w_{k+1} = (I - \eta H) w_k$, but now the
# coordinates are coupled. Write `max_stable_lr(H)`: the learning rate at the edge of
# convergence — gradient descent on this bowl converges from every start for every $\eta$
# between 0 and your answer, and diverges from some starts for every $\eta$ above it. The formula
# for a turned bowl is not printed here: think about what the "curvatures" of a turned bowl are
# (NumPy's `np.linalg` has what you need). `H` is a square, symmetric, positive-definite NumPy
# array of any size $n \times n$; raise a `ValueError` if it is not square or not symmetric.
#
# *How this exercise is graded.* The visible test checks the axis-aligned bowl of this section
# and one turned bowl, with the common mistakes named. Hidden tests decide the grade: they
# compare your answer with the exact edge for random symmetric matrices up to $5 \times 5$ and
# check the `ValueError`s. Run All stops here until the function is written; the cell after the
# tests puts your prediction to work with your `gradient_descent`.

# %% solution="max_stable_lr"
def max_stable_lr(H):
    """The largest stable learning rate of gradient descent on f(w) = 1/2 w^T H w (H symmetric)."""
    ### BEGIN SOLUTION
    H = np.asarray(H, dtype=float)
    if H.ndim != 2 or H.shape[0] != H.shape[1]:
        raise ValueError(f"H must be a square matrix, got shape {H.shape}")
    if not np.allclose(H, H.T):
        raise ValueError("H must be symmetric")
    return float(2.0 / np.linalg.eigvalsh(H)[-1])       # the curvatures are the eigenvalues of H
    ### END SOLUTION


# %% test="test_max_stable_lr_examples" points=1
from helpers import grading as G
G.check_close(G.call(max_stable_lr, np.diag([1.0, 10.0])), 0.2, "max_stable_lr of the bowl of this section, diag(1, 10)",
              hints={"1/λmax (where the steep direction is solved in one step, not the edge)": 0.1,
                     "2/(λmin + λmax) (the best rate, not the largest stable one)": 2 / 11,
                     "2/λmin (the flat direction does not bind)": 2.0})
_c, _s = np.cos(np.pi / 6), np.sin(np.pi / 6)
_R = np.array([[_c, _s], [-_s, _c]])
_H = _R.T @ np.diag([1.0, 10.0]) @ _R                   # the same bowl, turned by 30 degrees
G.check_close(G.call(max_stable_lr, _H), 0.2, "max_stable_lr of the same bowl turned by 30 degrees",
              hints={"2 / the largest diagonal entry (the diagonal of a turned bowl is not its curvature)": 2 / _H.diagonal().max(),
                     "2 / the largest entry of H": 2 / np.abs(_H).max(),
                     "2 / trace(H) (in 2-D the same as 2/(λmin + λmax), the best rate)": 2 / np.trace(_H),
                     "2 / the Frobenius norm of H": 2 / np.linalg.norm(_H)})
### BEGIN HIDDEN TESTS
from grader.gradient_descent import hidden_max_stable_lr_examples
hidden_max_stable_lr_examples(max_stable_lr)
### END HIDDEN TESTS
print("max_stable_lr is right on the bowl of this section, straight and turned.")

# %% test="test_max_stable_lr_values" points=1
from helpers import grading as G
_got = G.call(max_stable_lr, np.array([[2.0, 1.0], [1.0, 2.0]]))
G.check_true(np.ndim(_got) == 0, f"max_stable_lr must return one number, got shape {np.shape(_got)}")
G.check_raises(max_stable_lr, ValueError, np.array([[1.0, 2.0], [0.0, 1.0]]),
               what="max_stable_lr of a matrix that is not symmetric")
### BEGIN HIDDEN TESTS
from grader.gradient_descent import hidden_max_stable_lr_values
hidden_max_stable_lr_values(max_stable_lr)
### END HIDDEN TESTS
print("max_stable_lr returns one number and rejects a matrix that is not symmetric.")

# %% [markdown]
# Your prediction, put to work: the same bowl turned by 30°, with your `max_stable_lr` and your
# `gradient_descent`, 100 steps just below and just above the predicted edge.

# %%
angle = np.pi / 6
H_turned = landscapes.quadratic_bowl_hessian(np.zeros(2), a, b, angle)
edge = max_stable_lr(H_turned)
turned = lambda w: landscapes.quadratic_bowl(w, a, b, angle)
turned_grad = lambda w: landscapes.quadratic_bowl_grad(w, a, b, angle)
print(f"diagonal of the turned H: {np.round(np.diag(H_turned), 2)};  your predicted edge: lr = {edge:.3f}")
for scale in (0.98, 1.02):
    run = gradient_descent(turned_grad, start, scale * edge, 100)
    print(f"lr = {scale:.2f} x edge = {scale * edge:.4f}: loss after 100 steps {turned(run[-1]):.1e} "
          f"({'converges' if turned(run[-1]) < turned(start) else 'diverges'})")

#
# ## 5. Full-batch gradient descent on the digits
#
# Back to the digit classifier. Every iteration computes the loss and its analytic gradient on all
# 1 400 training images (**full-batch** or batch gradient descent) and takes one step.
#
# One change first. The SVM loss alone has a flaw as a training objective: once the data are
# separated with margin, scaling `W` up only lowers it, so it has no minimum to converge to and
# a huge step cannot make it blow up. The lecture notes' full loss adds an **L2 regularisation**
# term that charges large weights,
#
# $$J(W) = L(W) + \lambda_{\text{reg}} \sum_{k,c} W_{kc}^2, \qquad
#   \nabla J = \nabla L + 2\lambda_{\text{reg}} W ,$$
#
# (for simplicity on every weight, the bias row included), so $J$ has a minimum. We use
# $\lambda_{\text{reg}} = 0.003$. The sweep of section 2 showed that the best single step is
# about 2 on the [0, 1] features; a learning rate that has to work at *every* point along the
# way must be more modest. We run `lr = 0.1`, and for contrast a large `lr = 10`, recording the
# training cost $J$ at every iterate.

# %%
reg = 0.003


def cost_and_grad(W):
    """The regularised training cost J(W) = L(W) + reg * sum(W**2) and its gradient."""
    loss, dW = svm_loss_and_grad(W, X_train, y_train)
    return loss + reg * np.sum(W * W), dW + 2 * reg * W


def train(lr, n_steps):
    """Full-batch gradient descent on J from W_small; returns (trajectory, costs)."""
    costs = []

    def grad_and_record(W):
        cost, dJ = cost_and_grad(W)
        costs.append(cost)                # the cost at the point where the gradient is taken
        return dJ

    trajectory = gradient_descent(grad_and_record, W_small, lr, n_steps)
    costs.append(cost_and_grad(trajectory[-1])[0])
    return trajectory, np.array(costs)

n_steps, note = pick(500, 150, "the number of gradient descent iterations")
traj, costs = train(0.1, n_steps)
traj_big, costs_big = train(10.0, n_steps)

rises = np.flatnonzero(np.diff(costs) > 0)
rises_big = np.flatnonzero(np.diff(costs_big) > 0)
print(f"lr = 0.1: cost {costs[0]:.3f} -> {costs[-1]:.3f}; iterations at which the cost rose: {len(rises)}")
print(f"lr = 10 : cost {costs_big[0]:.3f} -> {costs_big[-1]:.3g} (lowest {costs_big.min():.3g}); iterations at which "
      f"the cost rose: {len(rises_big)}, the first at iteration {rises_big[0] + 1}")
print(f"size of the weights |W|: {np.linalg.norm(traj[-1]):.2g} with lr = 0.1, {np.linalg.norm(traj_big[-1]):.2g} with lr = 10")
if note:
    print(note)

# %% [markdown]
# With `lr = 0.1` the cost falls at **every** iteration — what full-batch gradient descent with a
# suitable learning rate does. With `lr = 10` it goes *up* at the second iteration and keeps
# bouncing: every step overshoots the creases of the piecewise-linear loss, the weights grow
# until the regularisation pulls back as hard as the oversized steps push out, and the run ends
# with a cost far **above** where it started, never settling (the printout). That is the warning
# sign from the notes: **if the full-batch cost ever goes up, something is wrong** — most often a
# learning rate that is too large, sometimes a bug in the gradient (lesson 02's check). (With
# mini-batches, lesson 04, the curve is noisy and the test no longer applies step by step.)
#
# (Without the regularisation term this demonstration fails: the unregularised loss keeps falling
# as `W` grows, and the bouncing `lr = 10` run ends at a *lower* training loss than `lr = 0.1`.
# The regularisation gives the cost a minimum, and the large step a way to miss it.)
#
# Now the accuracy, against the two blind strategies of lesson 01, rerun here with the same random
# numbers (1 000 loss evaluations each: random search with `scale = 0.1`, random local search from
# `W_small` with `step_size = 0.01`).

# %%
n_evals, note_search = pick(1000, 100, "the number of loss evaluations of each random search")
best_W, best_loss, _ = random_search(train_loss, (65, 10), n_tries=n_evals, scale=0.1, rng=rng)
W_local, local_loss, history = random_local_search(train_loss, W_small, n_iters=n_evals, step_size=0.01, rng=rng)

val_path = np.mean(np.argmax(X_val @ traj, axis=-1) == y_val, axis=-1)           # every iterate at once
val_path_big = np.mean(np.argmax(X_val @ traj_big, axis=-1) == y_val, axis=-1)
results = {"random search": best_W, "random local search": W_local,
           f"gradient descent, lr = 0.1, {n_steps} steps": traj[-1],
           f"gradient descent, lr = 10, {n_steps} steps": traj_big[-1]}

fig, axes = plt.subplots(1, 2, figsize=(12, 4), layout="constrained")
axes[0].semilogy(costs_big, color=COLORS["adam"], lw=0.8, label="gradient descent, lr = 10")
axes[0].plot(rises_big + 1, costs_big[rises_big + 1], "v", color=COLORS["adamw"], ms=3, label="lr = 10: the cost went up")
axes[0].semilogy(costs, color=COLORS["gd"], lw=2, label="gradient descent, lr = 0.1: down at every step")
axes[0].set(xlabel="iteration", ylabel="training cost J (with L2 term)", title="Training cost of full-batch gradient descent")
axes[0].legend(fontsize=8)
axes[1].plot(val_path, color=COLORS["gd"], lw=2, label="gradient descent, lr = 0.1")
axes[1].plot(val_path_big, color=COLORS["adam"], lw=0.8, label="gradient descent, lr = 10")
axes[1].axhline(accuracy(W_local, X_val, y_val), color=COLORS["momentum"], ls="--", label="random local search (after 1 000 evaluations)")
axes[1].axhline(accuracy(best_W, X_val, y_val), color=COLORS["random search"], ls="--", label="random search (after 1 000 evaluations)")
axes[1].axhline(0.1, color="0.5", ls=":", label="chance")
axes[1].set(xlabel="iteration", ylabel="validation accuracy", ylim=(0, 1), title="Validation accuracy")
axes[1].legend(fontsize=8, loc="lower right")
plt.show()

print(f"{'':36s} {'SVM loss':>10s} {'train acc':>10s} {'val acc':>8s}   (SVM loss without the L2 term, for all four)")
for name, W_ in results.items():
    print(f"{name:36s} {train_loss(W_):10.3f} {accuracy(W_, X_train, y_train):10.1%} {accuracy(W_, X_val, y_val):8.1%}")
if note_search:
    print(note_search)


# %% [markdown]
# Gradient descent with a good learning rate wins on every count; with `lr = 10` it does worse
# than random local search. With `lr = 0.1` it passes the accuracy that random local search ends
# with within a few iterations and keeps improving, while the blind strategies spend most of their loss
# evaluations on directions that do not help. One gradient-descent iteration costs about as much
# as two loss evaluations, so per unit of compute the gap is just as wide. (The lecture notes'
# CIFAR-10 numbers tell the same story at lower accuracy: 15.5 % for random search, 21.4 % for
# random local search, more by following the gradient.)
#
# ## 6. When to stop
#
# The loop of section 3 runs "until a stopping rule says enough". The two rules from the notes:
#
# 1. **an iteration budget** — stop after a fixed number of steps (`n_steps` so far); and
# 2. **the loss has stopped changing** — stop as soon as $|L(W_{k+1}) - L(W_k)| < \text{tol}$.
#
# `stopping_point` below applies both to the losses of a run and reports which one fired. A
# training loop tests the rules after every update and stops right there; we run the whole budget
# with your `gradient_descent` and look for the first step at which the loss-change rule fires,
# which gives the same answer. First the bowl of section 4, with `tol = 1e-10` and a budget of
# 500 steps:

# %%
def stopping_point(losses, tol):
    """(k, rule): the first k with |L_k - L_{k-1}| < tol, rule "tol"; else the budget, len(losses) - 1, rule "max_steps"."""
    small = np.flatnonzero(np.abs(np.diff(losses)) < tol)
    return (int(small[0]) + 1, "tol") if small.size else (len(losses) - 1, "max_steps")


print(f"{'lr':>6s} {'tol':>7s} {'steps':>6s}  {'stopped by':10s} {'final loss':>12s}")
for lr, tol, label in [(0.02, 1e-10, "too small"), (0.1, 1e-10, "about right"), (2 / 11, 1e-10, "best"),
                       (0.19, 1e-10, "zig-zag close to the edge"), (0.21, 1e-10, "divergent"),
                       (0.02, 1e-3, "too small, looser tol")]:
    run_losses = bowl(gradient_descent(bowl_grad, start, lr, 500))         # the loss at all 501 points at once
    k, rule = stopping_point(run_losses, tol)
    print(f"{lr:6.3g} {tol:7g} {k:6d}  {rule:10s} {run_losses[k]:12.2g}   ({label})")

# %% [markdown]
# The best rate $2/11$ stops itself first, after 63 steps, although it zig-zags. The about-right
# rate $1/\lambda_{\max}$ and the zig-zag at 0.19 close to the edge both need about 110 steps:
# both shrink the slowest direction by 0.9 per step (the flat one at 0.1, the steep one at 0.19).
# A zig-zag is harmless as long as it shrinks; it only becomes a problem close to
# $2/\lambda_{\max}$. The too-small learning rate is still creeping when the budget runs out. The divergent run never
# settles — its loss changes more at every step — and only the budget stops it: that is why real
# training loops always keep a budget, even when they also test convergence. The last row is the
# trap of the loss-change rule: with a small learning rate every change is small, and a loose
# `tol` fires while the loss is still far from the minimum 0.
#
# On the digits, the same rules apply to the costs $J$ recorded in section 5 (the run of
# `lr = 0.1`, whose budget was `n_steps`): the loss-change rule stops at the first iteration whose
# cost differs from the previous one by less than `tol`.

# %%
print(f"{'tol':>7s} {'steps':>6s}  {'stopped by':10s} {'train loss':>10s} {'val acc':>8s}")
for tol in [1e-2, 1e-3, 1e-4]:
    k, rule = stopping_point(costs, tol)
    print(f"{tol:7g} {k:6d}  {rule:10s} {costs[k]:10.4f} {val_path[k]:8.1%}")

# %% [markdown]
# A loose tolerance stops early, with a model that is good but not as good as it could be; a
# tighter one trains longer for a smaller gain (the printout).
# The cost is still falling wherever the rule fires: "the change is small" is not "the minimum is
# reached". Two more cautions:
#
# * The change per step scales with the learning rate: a tiny `lr` makes every change tiny and
#   fires the rule long before the minimum (the last row of the bowl table).
# * For this hinge loss a third popular rule, "stop when the gradient is small", is unreliable:
#   the subgradient of a piecewise-linear function does not shrink to zero near the minimum — it
#   jumps between the slopes of neighbouring pieces.
#
# In practice one also watches the *validation* accuracy, and stops when it no longer improves
# (early stopping).

# %% [markdown]
# ### Explore: the learning rate
#
# Drag the learning rate along its grid (in units of $1/L$, where $L = \lambda_{\max}$ is the largest
# curvature of section 4) and read the panel titles: far below
# $1/L$ the path crawls, near $1/L$ the steep direction is settled in one step, towards $2/L$ the
# path zig-zags across the valley, and past the $2/L$ mark it diverges. The number $|1 - \eta L|$
# above the loss is the factor the steep coordinate is multiplied by at every step.

# %%
from helpers import explore

explore.gd_learning_rate()

# %% [markdown]
# ## Takeaways
#
# * Gradient descent repeats one line: $W \leftarrow W - \eta\, \nabla L(W)$. The gradient gives
#   the direction; the learning rate $\eta$ the distance.
# * The **step-size sweep** shows the three regimes at a glance: too small (nothing happens), good,
#   and overshooting (the loss rises again, eventually above where we started). The good range
#   moves with the scale of the features.
# * On a quadratic bowl each direction is multiplied by $1 - \eta\lambda$ per step: convergence
#   needs $\eta < 2/\lambda_{\max}$, with $\lambda_{\max}$ the largest curvature — the largest
#   eigenvalue of $H$, also for a bowl turned away from the axes (your `max_stable_lr`). The
#   smallest curvature sets the speed; the best fixed rate $2/(\lambda_{\min} + \lambda_{\max})$
#   zig-zags and still converges fastest.
# * With full batches and a good learning rate the cost falls at every iteration; if it rises,
#   suspect the learning rate (or the gradient). With the L2 term the lecture notes include, a
#   learning rate 100 times too large ends far above its start (section 5). On the digits,
#   gradient descent with `lr = 0.1` reaches 96.2 % validation accuracy against 84.9 % for
#   lesson 01's best search.
# * Stop on a budget, on a small loss change, or both — and keep the budget.
#
# Every iteration here touched all 1 400 training images. With a million images that is too slow:
# lesson 04 estimates the gradient from small random **mini-batches** instead.

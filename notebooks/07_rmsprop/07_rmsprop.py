# %% [markdown]
# # Lesson 07 — RMSprop: a step size for every coordinate
#
# *Optimization for Deep Learning* · lesson 7 of 11 · graded: `rmsprop_step` (10 points)
#
# Momentum (lesson 06) straightened the zig-zag by averaging gradients over time. But every
# coordinate still shares **one** learning rate, and the steepest direction decides how large it
# may be: on our elongated bowl gradient descent explodes as soon as $\alpha > 0.08$, although the
# gentle direction would stay stable with steps about fifty times larger. RMSprop — *root mean square
# propagation*, first proposed by Geoffrey Hinton in a lecture of his online course rather than in
# a paper — attacks that directly: it divides each coordinate's step by the typical size of that
# coordinate's recent gradients. We will
#
# 1. write one RMSprop step (the graded exercise);
# 2. run it on the bowl and see how it damps the steep $b$-direction and keeps the gentle
#    $W$-direction moving;
# 3. turn the bowl by 45° and see what RMSprop really is: a per-coordinate (diagonal) rescaling;
# 4. measure how much larger a learning rate becomes usable on the same bowl;
# 5. look closely at the small constant $\varepsilon$: where it goes, and what happens when the
#    running average $S$ is (almost) zero.

# %%
import numpy as np
import matplotlib.pyplot as plt

from helpers import landscapes, optim, train
from helpers.style import COLORS
from earlier_lessons import momentum_step        # lesson 06, for the rotation experiment

rng = np.random.default_rng(2026)   # the one seed of this notebook
np.set_printoptions(precision=4, suppress=True)


# %% [markdown]
# ## 1. Dividing by the root mean square
#
# The bowl of lesson 06: $J(W, b) = \tfrac12(0.5\,W^2 + 25\,b^2)$, horizontal coordinate $W$ with a
# gentle slope, vertical coordinate $b$ with a steep one. Its gradients are $dW = 0.5\,W$ and
# $db = 25\,b$: on the walls of the valley $db$ is large, along the floor $dW$ is small.
#
# RMSprop keeps, for every parameter, an exponentially weighted average of its **squared**
# gradient (squares taken element by element), and divides the gradient by the square root of it:
#
# $$S_{dW} \leftarrow \beta_2\, S_{dW} + (1-\beta_2)\, dW^2, \qquad
#   W \leftarrow W - \alpha\,\frac{dW}{\sqrt{S_{dW}} + \varepsilon},$$
#
# and the same for $b$ with its own $S_{db}$, starting from $S = 0$. $\sqrt{S}$ is the *root* of the
# *mean* of the *squares* — the typical gradient size of that coordinate over roughly the last
# $1/(1-\beta_2)$ steps (100 for this course's $\beta_2 = 0.99$, PyTorch's default; Keras and
# optax default to 0.9, about 10 steps). It is called $\beta_2$ rather than
# $\beta$ so that it will not clash with momentum's $\beta$ when lesson 08 combines the two.
# $\varepsilon$ (say $10^{-8}$) only protects the division; section 6 is about it.
#
# The effect: the steep coordinate, whose gradients are large, is divided by a large number; the
# gentle one by a small number. Each coordinate ends up moving by roughly $\alpha$ per step,
# whatever the scale of its gradient.
#
# ## 2. Exercise: one RMSprop step
#
# ### Exercise (10 points): `rmsprop_step(w, dw, s, lr, beta2=0.99, eps=1e-8) -> (w, s)`
#
# Given the parameters `w`, their gradient `dw` and the running average of squared gradients `s`
# (arrays of the same shape, any shape), return
#
# $$s_\text{new} = \beta_2\, s + (1 - \beta_2)\, dw^2, \qquad
#   w_\text{new} = w - \text{lr}\cdot\frac{dw}{\sqrt{s_\text{new}} + \varepsilon},$$
#
# all element-wise: the square, the root and the division act on each entry separately. Use the
# **new** `s`, add `eps` **outside** the square root, and use whole-array NumPy operations. You may
# update `w` and `s` in place or return new arrays — the tests look at what you return — but do not
# modify `dw`.
#
# The visible tests check two steps by hand, a short trajectory's shapes, a zero gradient, the
# default `beta2` and that `dw` is left alone. **Hidden tests decide the grade**: they also compare
# every value of a 20-step trajectory with three gradient scales against the reference, check
# gradients near `eps`, the `eps` argument, parameters of any shape, in-place updates and that
# the step is vectorized. Run All stops at the first failing test until your function is
# written; everything from section 3 on runs your own `rmsprop_step`. The executed lesson can be
# read ahead on the lecture site.

# %% solution="rmsprop_step"
def rmsprop_step(w, dw, s, lr, beta2=0.99, eps=1e-8):
    """One RMSprop step; returns the updated (w, s)."""
    ### BEGIN SOLUTION
    s = beta2 * s + (1 - beta2) * dw**2
    w = w - lr * dw / (np.sqrt(s) + eps)
    return w, s
    ### END SOLUTION


# %% [markdown]
# A hand check with `beta2 = 0.75`, so that $1 - \beta_2 = 1/4$. From `s = 0`, the gradient
# `dw = [2, -0.5]` gives `s = [4, 0.25] / 4 = [1, 0.0625]`, whose roots are `[1, 0.25]`; so
# `dw / sqrt(s) = [2, -2]`: both coordinates take the same size of step although their gradients
# differ by a factor 4. With `lr = 0.1`, `w = [1, 1]` moves to `[0.8, 1.2]` (up to the tiny `eps`).
# A second check with `beta2 = 0.5`: from `s = [2, 2]` and `dw = [0, 4]`, `s = [1, 1 + 8] = [1, 9]`
# and the step is `lr * [0, 4 / 3]`; with `lr = 0.3`, `w = [1, 1]` moves to `[1, 0.6]`.

# %% test="test_rmsprop_step_by_hand" points=2
from helpers import grading as G
_eps = 1e-8
_out = G.call(rmsprop_step, np.array([1.0, 1.0]), np.array([2.0, -0.5]), np.zeros(2), 0.1, 0.75)
G.check_true(isinstance(_out, tuple) and len(_out) == 2,
             "rmsprop_step must return the pair (w, s): the new parameters and the new average of squared gradients")
G.check_close(_out[1], [1.0, 0.0625], "the new s after one step from s = 0 (beta2 = 0.75)",
              hints={"dw not squared (s = beta2 * s + (1 - beta2) * dw)": [0.5, -0.125],
                     "|dw| used instead of dw**2": [0.5, 0.125],
                     "the (1 - beta2) factor left out (s = beta2 * s + dw**2)": [4.0, 0.25],
                     "beta2 and (1 - beta2) swapped": [3.0, 0.1875],
                     "the old s returned instead of the new one": [0.0, 0.0]})
G.check_close(_out[0], [1 - 0.1 * 2 / (1 + _eps), 1 + 0.1 * 0.5 / (0.25 + _eps)],
              "the new w after one step from s = 0 (lr = 0.1, beta2 = 0.75)",
              hints={"the update made with the old s (before it is updated)": [1 - 0.1 * 2 / _eps, 1 + 0.1 * 0.5 / _eps],
                     "no square root (dw / (s + eps))": [0.8, 1.8],
                     "the sign of the update flipped (w + ...)": [1.2, 0.8],
                     "the (1 - beta2) factor left out (s = beta2 * s + dw**2)": [0.9, 1.1],
                     "a plain gradient step (w - lr * dw)": [0.8, 1.05]})
_out = G.call(rmsprop_step, np.array([1.0, 1.0]), np.array([0.0, 4.0]), np.array([2.0, 2.0]), 0.3, 0.5)
G.check_close(_out[1], [1.0, 9.0], "the new s after a step from s = [2, 2] (beta2 = 0.5)",
              hints={"the (1 - beta2) factor left out (s = beta2 * s + dw**2)": [1.0, 17.0]})
G.check_close(_out[0], [1.0, 1 - 0.3 * 4 / (3 + _eps)], "the new w after a step from s = [2, 2] (lr = 0.3, beta2 = 0.5)",
              hints={"the update made with the old s (before it is updated)": [1.0, 1 - 0.3 * 4 / (np.sqrt(2) + _eps)],
                     "no square root (dw / (s + eps))": [1.0, 1 - 0.3 * 4 / 9]})
### BEGIN HIDDEN TESTS
from grader.rmsprop import hidden_rmsprop_step_by_hand
hidden_rmsprop_step_by_hand(rmsprop_step)
### END HIDDEN TESTS
print("Both hand-checked steps come out right.")

# %% test="test_rmsprop_step_trajectory" points=3
from helpers import grading as G
_g = np.random.default_rng(71)
_shape, _lr, _b2, _e, _n = (4, 3), 0.01, 0.9, 1e-6, 12
_w0 = _g.standard_normal(_shape)
_grads = _g.standard_normal((_n, *_shape)) * np.array([0.01, 1.0, 100.0])   # three very different gradient scales
_w, _s = _w0.copy(), np.zeros(_shape)
_ws, _ss = [], []
for _k in range(_n):
    _out = G.call(rmsprop_step, _w, _grads[_k].copy(), _s, _lr, _b2, _e)
    G.check_true(isinstance(_out, tuple) and len(_out) == 2, "rmsprop_step must return the pair (w, s)")
    _w, _s = _out
    G.check_shape(_w, _shape, "w returned by rmsprop_step")
    G.check_shape(_s, _shape, "s returned by rmsprop_step")
    _ws.append(np.array(_w, dtype=float))
    _ss.append(np.array(_s, dtype=float))
_ws, _ss = np.array(_ws), np.array(_ss)
### BEGIN HIDDEN TESTS
from grader.rmsprop import hidden_rmsprop_step_trajectory
hidden_rmsprop_step_trajectory(rmsprop_step, _w0, _grads, _ws, _ss, lr=_lr, beta2=_b2, eps=_e)
### END HIDDEN TESTS
print(f"rmsprop_step ran {_n} steps and returned arrays of the right shape.")

# %% test="test_rmsprop_step_zero_gradient" points=2
from helpers import grading as G
_dw = np.array([0.0, 0.0, 3.0])
_out = G.call(rmsprop_step, np.ones(3), _dw.copy(), np.zeros(3), 0.01)
G.check_true(bool(np.all(np.isfinite(np.asarray(_out[0], dtype=float)))),
             "w holds NaN or inf after a step where a gradient and s were both 0: with eps added "
             "outside the square root, 0 / (sqrt(0) + eps) = 0. Is eps missing from the division?")
G.check_close(_out[0][:2], [1.0, 1.0], "w where the gradient is 0 (a zero gradient must not move w)")
### BEGIN HIDDEN TESTS
from grader.rmsprop import hidden_rmsprop_step_zero_gradient
hidden_rmsprop_step_zero_gradient(rmsprop_step)
### END HIDDEN TESTS
print("A zero gradient leaves w unchanged, with no NaN.")

# %% test="test_rmsprop_step_defaults" points=1
from helpers import grading as G
_w, _dw, _s = np.array([0.5, -0.5]), np.array([3.0, -0.02]), np.array([4.0, 1e-4])
_out = G.call(rmsprop_step, _w.copy(), _dw.copy(), _s.copy(), 0.1)
_s_new = 0.99 * _s + 0.01 * _dw**2
G.check_close(_out[1], _s_new, "s when beta2 is not given (the default is beta2 = 0.99)",
              hints={"a default beta2 of 0.9 (Keras' rho)": 0.9 * _s + 0.1 * _dw**2})
### BEGIN HIDDEN TESTS
from grader.rmsprop import hidden_rmsprop_step_defaults
hidden_rmsprop_step_defaults(rmsprop_step, _out, _w, _dw, _s_new)
### END HIDDEN TESTS
print("The default beta2 is 0.99.")

# %% test="test_rmsprop_step_inputs" points=2
from helpers import grading as G
_g = np.random.default_rng(73)
_w, _dw, _s = _g.standard_normal((3, 5)), _g.standard_normal((3, 5)), _g.random((3, 5))
_dw0 = _dw.copy()
G.call(rmsprop_step, _w, _dw, _s, 0.1, 0.9)
G.check_unchanged(_dw0, _dw, "dw")
### BEGIN HIDDEN TESTS
from grader.rmsprop import hidden_rmsprop_step_inputs
hidden_rmsprop_step_inputs(rmsprop_step, _dw, _g)
### END HIDDEN TESTS
print("rmsprop_step leaves dw alone.")

# %% [markdown]
# ## 3. RMSprop on the bowl
#
# Now run **your** `rmsprop_step` on the bowl (every RMSprop run from here on uses it), next to
# gradient descent at 95 % of its stability limit.

# %%
BOWL = dict(a=0.5, b=25.0)
loss = lambda w: landscapes.quadratic_bowl(w, **BOWL)
grad = lambda w: landscapes.quadratic_bowl_grad(w, **BOWL)
w_start = np.array([-8.0, 1.0])

Wg, Bg, P = landscapes.make_grid((-9.0, 1.5), (-1.6, 1.6), num=201)
Z = loss(P)


def draw_bowl(ax, title):
    ax.contour(Wg, Bg, Z, levels=np.geomspace(0.02, 60, 12), colors="0.7", linewidths=0.7)
    ax.plot(0, 0, "*", color="k", ms=12)
    ax.set(title=title, xlabel="W (gentle direction, small gradients)", ylabel="b (steep direction)",
           xlim=(-9, 1.5), ylim=(-1.6, 1.6))


n_steps, lr_gd, lr_rms = 60, 0.076, 0.12
gd_path = train.run_on_function(optim.SGD(lr_gd), grad, w_start, n_steps)

# RMSprop written out with your rmsprop_step, so that we can record S along the way
w, s = w_start.copy(), np.zeros(2)
rms_path, rms_S = [w.copy()], []
for _ in range(n_steps):
    w, s = rmsprop_step(w, grad(w), s, lr_rms, beta2=0.99)
    rms_path.append(w.copy())
    rms_S.append(s.copy())
rms_path, rms_S = np.array(rms_path), np.array(rms_S)

fig, axes = plt.subplots(2, 1, figsize=(9, 6), sharex=True)
draw_bowl(axes[0], f"gradient descent, lr = {lr_gd} (95 % of its limit)")
axes[0].plot(gd_path[:, 0], gd_path[:, 1], "-o", color=COLORS["gd"], ms=2.5, lw=1)
axes[0].set_xlabel("")
draw_bowl(axes[1], f"RMSprop, lr = {lr_rms} (gradient descent would diverge), beta2 = 0.99")
axes[1].plot(rms_path[:, 0], rms_path[:, 1], "-o", color=COLORS["rmsprop"], ms=2.5, lw=1)
fig.suptitle(f"{n_steps} steps from (W, b) = (-8, 1)", y=1.0)
fig.tight_layout()
plt.show()
print(f"after {n_steps} steps: gradient descent at W = {gd_path[-1, 0]:.2f}, RMSprop at W = {rms_path[-1, 0]:.2f}")

# %% [markdown]
# RMSprop's path is the lecture's green line: after one swing it stays on the valley floor and
# runs along it, and it gets much closer to the minimum in the same 60 steps — with a learning rate
# at which gradient descent would blow up. Note the very first step, which goes diagonally and
# overshoots the floor: at $t = 1$, $S = (1-\beta_2)\,dW^2$, so $\sqrt{S} = 0.1\,|dW|$ and the step
# is $10\,\alpha = 1.2$ in *every* coordinate, whatever its gradient — a start-up effect of
# $S_0 = 0$ that lesson 08 corrects.
#
# The "effective learning rate" of each coordinate is $\alpha / (\sqrt{S} + \varepsilon)$: what the raw
# gradient is multiplied by. Gradient descent uses the same number for both coordinates.

# %%
eff = lr_rms / (np.sqrt(rms_S) + 1e-8)
steps = np.arange(1, n_steps + 1)
fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
axes[0].semilogy(steps, eff[:, 0], color="C0", label="RMSprop, W (gentle)")
axes[0].semilogy(steps, eff[:, 1], color="C1", label="RMSprop, b (steep)")
axes[0].axhline(lr_gd, color=COLORS["gd"], ls="--", label=f"gradient descent, both ({lr_gd})")
axes[0].axhline(2 / 25, color="k", ls=":", lw=0.8, label="stability limit of the b-direction (0.08)")
axes[0].set(xlabel="step", ylabel="alpha / (sqrt(S) + eps)", title="Effective learning rate per coordinate")
axes[0].legend(fontsize=8)
moves_rms = np.abs(np.diff(rms_path, axis=0))
moves_gd = np.abs(np.diff(gd_path, axis=0))
axes[1].semilogy(steps, moves_gd[:, 1], color=COLORS["gd"], lw=0.8, label="gradient descent, |Δb|")
axes[1].semilogy(steps, moves_gd[:, 0], color=COLORS["gd"], ls="--", label="gradient descent, |ΔW|")
axes[1].semilogy(steps, moves_rms[:, 1], color="C1", label="RMSprop, |Δb|")
axes[1].semilogy(steps, moves_rms[:, 0], color="C0", label="RMSprop, |ΔW|")
axes[1].set(xlabel="step", ylabel="distance moved in one step", title="How far each coordinate moves per step",
            ylim=(1e-4, 3))
axes[1].legend(fontsize=8)
plt.show()


# %% [markdown]
# Left: RMSprop gives the gentle $W$-direction an effective learning rate about twice gradient
# descent's, and the steep $b$-direction one below the 0.08 at which $b$ would start to oscillate
# out of control — from one and the same $\alpha$. Right: as a result gradient descent moves $b$ back and forth by a lot
# and $W$ by little, while RMSprop moves $W$ steadily and leaves $b$ alone once it has reached the
# valley floor. (In a real network "$W$" and "$b$" are not two parameters but two large groups of
# them. RMSprop measures the gradient size coordinate by coordinate — which helps exactly when the
# directions that oscillate and the ones that make progress *are* coordinates. The next section
# checks what happens when they are not.)
#
# ## 4. Turn the bowl by 45°
#
# On our bowl the steep direction is exactly the $b$ axis and the gentle one exactly the $W$
# axis: the best possible case for a method that rescales each coordinate separately. Turn the
# same bowl by 45° (`landscapes.quadratic_bowl(..., angle=np.pi / 4)`, or `landscapes.rotated`
# for any landscape) and turn the start with it (`landscapes.rotate_points`): the curvatures 0.5
# and 25 and the distance to the minimum are unchanged, only their directions now mix $W$ and
# $b$. Each method gets its best learning rate from the same sweep (11 rates from 0.01 to 1), on
# each bowl; we count the steps until the loss is below $10^{-3}$ and stays there for the rest of
# the 300 steps (it starts at 28.5). Momentum is lesson 06's, with
# $\beta = 0.9$; RMSprop is yours.

# %%
def steps_to_settle(losses, target):
    """First step from which the loss stays below target to the end of the run (None if it does not end below)."""
    above = np.flatnonzero(~(losses < target))
    if above.size and above[-1] == len(losses) - 1:
        return None
    return int(above[-1]) + 1 if above.size else 0


methods = {
    "gd": lambda lr: optim.SGD(lr),
    "momentum": lambda lr: optim.StepRule(momentum_step, ("v",), lr=lr, beta=0.9),
    "rmsprop": lambda lr: optim.StepRule(rmsprop_step, ("s",), lr=lr, beta2=0.99),
}
sweep_lrs = np.geomspace(0.01, 1.0, 11)
angles = {"axes (0°)": 0.0, "turned 45°": np.pi / 4}
best_turn, best_paths = {}, {}
for name, make in methods.items():
    for where, angle in angles.items():
        f = lambda w: landscapes.quadratic_bowl(w, angle=angle, **BOWL)
        g = lambda w: landscapes.quadratic_bowl_grad(w, angle=angle, **BOWL)
        start = landscapes.rotate_points(w_start, angle)
        runs = []
        for lr in sweep_lrs:
            with np.errstate(over="ignore", invalid="ignore"):   # the largest rates blow up
                try:
                    path = train.run_on_function(make(lr), g, start, 300)
                except ValueError:           # the run diverged: run_on_function stops it
                    continue
                k = steps_to_settle(f(path), 1e-3)
            runs.append((k if k is not None else 10**9, lr, path))
        k, lr, path = min(runs, key=lambda r: r[0])
        best_turn[name, where] = (k if k < 10**9 else None, lr)
        best_paths[name, where] = landscapes.rotate_points(path, -angle)   # drawn in the bowl's own axes

labels = {"gd": "gradient descent", "momentum": "momentum, beta = 0.9", "rmsprop": "RMSprop (yours)"}
print(f"{'steps until loss stays < 1e-3':32s}" + "".join(f"{w:>20s}" for w in angles))
for name in methods:
    print(f"{labels[name]:32s}" + "".join(
        f"{str(best_turn[name, w][0]):>9s} (lr {best_turn[name, w][1]:.2g})".rjust(20) for w in angles))

fig, axes = plt.subplots(1, 2, figsize=(12, 3.6), sharey=True)
for ax, where in zip(axes, angles):
    draw_bowl(ax, f"bowl {where}: paths seen in the bowl's own axes")
    for name in methods:
        p = best_paths[name, where][:80]
        ax.plot(p[:, 0], p[:, 1], "-", color=COLORS[name], lw=1.2,
                label=f"{labels[name]}, lr {best_turn[name, where][1]:.2g}")
    ax.legend(fontsize=7, loc="lower right")
axes[1].set_ylabel("")
fig.tight_layout()
plt.show()

# %% [markdown]
# Gradient descent and momentum do not notice the turn: same best learning rate, same number of
# steps, the same path seen from the bowl. RMSprop does: on the bowl lined up with the axes it is
# the fastest of the three; turned by 45° it loses its lead and is even slower than gradient
# descent. The reason is in its update. Turned, *both* coordinates see a mix of the steep
# and the gentle direction, so both have about the same root-mean-square, and dividing by it
# rescales both coordinates by nearly the same number — it cannot shrink the steep direction and
# stretch the gentle one when neither is a coordinate. RMSprop (and Adam, lesson 08) are
# **diagonal preconditioners**: they rescale each coordinate, which is a good approximation of
# rescaling by the curvature only when the curvature's directions line up with the coordinates.
# In a network they line up partly (a layer's weights and biases often have very different
# gradient scales), which is why RMSprop still helps in practice; but it does not find the
# valley's direction for you.

# %% [markdown]
# ## 5. A larger usable learning rate, measured
#
# The lecture's second claim: because the oscillating direction is damped, RMSprop can use a larger
# learning rate than gradient descent. To measure it we need a setting that looks like training, so
# we add noise to every gradient — as a mini-batch would — and run each learning rate 20 times
# (20 independent noise sequences, the same ones for both methods), 200 steps each. The score of a
# learning rate is the loss level where the runs **settle** (the mean over their last 50 steps,
# median over the 20 runs); a learning rate counts as *usable* if that level is below 0.1 — a
# 300-fold reduction from the start. The 20 runs are one array of shape `(20, 2)`: the kernels work
# element-wise, so they update all runs at once.

# %%
n_runs, n_long, sigma, target = 20, 200, 0.5, 0.1
noise = sigma * rng.standard_normal((n_long, n_runs, 2))     # shared by every run below
lrs = np.geomspace(0.01, 1.0, 21)


def noisy_losses(method, lr):
    """Loss of each of the n_runs runs after every step, shape (n_long + 1, n_runs); None if it diverges."""
    w, state = np.tile(w_start, (n_runs, 1)), np.zeros((n_runs, 2))
    history = [loss(w)]
    for k in range(n_long):
        g = grad(w) + noise[k]
        if method == "GD":
            w = optim.sgd_step(w, g, lr)
        else:
            w, state = rmsprop_step(w, g, state, lr, beta2=0.99)
        if not np.all(np.abs(w) < 1e6):
            return None
        history.append(loss(w))
    return np.array(history)


settled, curves = {"GD": [], "RMSprop": []}, {}
for method in settled:
    for lr in lrs:
        h = noisy_losses(method, lr)
        settled[method].append(np.inf if h is None else float(np.median(h[-50:].mean(axis=0))))
        curves[method, lr] = h
    settled[method] = np.array(settled[method])

best = {}
for method in settled:
    usable = lrs[settled[method] < target]
    best[method] = usable.max()
    median_curve = np.median(curves[method, best[method]], axis=1)
    first = int(np.flatnonzero(median_curve < target)[0])
    print(f"{method:8s} usable learning rates {usable.min():.3f} ... {usable.max():.3f}; "
          f"at lr = {best[method]:.3f} the median run first reaches loss {target} after {first} steps")

# %%
fig, axes = plt.subplots(1, 2, figsize=(11, 3.8))
for method, color in [("GD", COLORS["gd"]), ("RMSprop", COLORS["rmsprop"])]:
    finite = np.isfinite(settled[method])
    axes[0].loglog(lrs[finite], settled[method][finite], "-o", color=color, ms=3, label=method)
    if (~finite).any():
        axes[0].plot(lrs[~finite], np.full((~finite).sum(), 30.0), "x", color=color, label=f"{method}: diverged")
    axes[1].semilogy(np.median(curves[method, best[method]], axis=1), color=color,
                     label=f"{method}, lr = {best[method]:.3f}")
axes[0].axhline(target, color="k", lw=0.6, ls=":")
axes[0].axvline(2 / 25, color=COLORS["gd"], lw=0.6, ls="--", label="GD's limit 2/25")
axes[0].set(xlabel="learning rate", ylabel="settled loss (median of 20 runs)",
            title="Where the noisy runs settle, per learning rate")
axes[0].legend(fontsize=8)
axes[1].axhline(target, color="k", lw=0.6, ls=":")
axes[1].set(xlabel="step", ylabel="loss (median of 20 runs)", title="Each at its largest usable learning rate")
axes[1].legend(fontsize=8)
plt.show()

# %% [markdown]
# Gradient descent is usable only in a narrow band and blows up past $2/25 = 0.08$, exactly where
# the steep direction starts to diverge. RMSprop has no such cliff: every step is at most
# $\alpha/\sqrt{1-\beta_2} = 10\,\alpha$ per coordinate, and a coordinate that starts to oscillate
# produces larger gradients, hence a larger $S$, hence smaller steps — a built-in brake. What
# limits RMSprop at large learning rates is the level at which the noise keeps it bouncing, which
# grows with $\alpha$. Measured this way, its usable band sits at larger learning rates, and at
# the largest usable rate of each method RMSprop reaches the target in about a third of gradient
# descent's steps. (We do not compare the two learning rates themselves: gradient descent's
# multiplies a gradient, RMSprop's is roughly a distance per step — different units.)
#
# Two honest caveats the plots also show. At *small* learning rates RMSprop is the slower one: each
# coordinate moves by about $\alpha$ per step, so at $\alpha = 0.02$ crossing the 8 units to the
# minimum takes hundreds of steps, while gradient descent takes big steps where the slope is steep.
# And at its largest usable learning rate RMSprop settles at a noisier level than gradient descent
# at its own — fast progress first, a coarse finish. Lowering the learning rate as training
# proceeds (lesson 09) gets the best of both.
#
# Without noise the comparison is less tidy: on an exact quadratic the gradients shrink towards
# zero near the minimum, $S$ shrinks with them (after a delay of ~100 steps), and RMSprop's steps
# do *not* shrink in proportion — it tends to hop around the minimum in bursts. Real training
# always has mini-batch noise, and RMSprop is usually combined with momentum (lesson 08), which
# smooths those hops.
#
# ## 6. The small constant ε
#
# Two questions about $\varepsilon$: what happens without it, and why it goes **outside** the root.
#
# **When $S \approx 0$.** A parameter whose gradient has been zero so far — a weight attached to an
# input feature that is always 0, or a unit that never activates — has $S = 0$. Without
# $\varepsilon$ its update is $0/0$, NaN, and one NaN in the parameters spreads through the whole
# network at the next forward pass. With $\varepsilon$ it is $0/\varepsilon = 0$: the parameter stays
# put, as it should. Tiny gradients are the other side of the same coin: at the first step
# $\sqrt{S} = 0.1\,|dw|$ whatever the gradient's size, so without $\varepsilon$ a gradient of
# $10^{-12}$ — numerical dust — would move its weight as far as a gradient of 1 does.

# %%
dw_test = np.array([0.0, 1e-12, 1e-6, 1e-2, 1.0])
s1 = (1 - 0.99) * dw_test**2                      # S after the first step from S = 0
with np.errstate(divide="ignore", invalid="ignore"):
    step_none = dw_test / np.sqrt(s1)             # no eps at all
step_out = dw_test / (np.sqrt(s1) + 1e-8)         # eps outside the root (this course, PyTorch)
step_in = dw_test / np.sqrt(s1 + 1e-8)            # eps inside the root (optax.rmsprop, Keras/TensorFlow)
print("first step of RMSprop from S = 0, in units of lr:")
print(f"{'gradient':>10s} {'no eps':>10s} {'eps outside':>12s} {'eps inside':>11s}")
for row in zip(dw_test, step_none, step_out, step_in):
    print(f"{row[0]:10.0e} {row[1]:10.3g} {row[2]:12.3g} {row[3]:11.3g}")

# %% [markdown]
# Without $\varepsilon$: NaN for the zero gradient, and a full step of $10\,\alpha$ for every other
# one, $10^{-12}$ included. With $\varepsilon = 10^{-8}$ outside the root, gradients far above
# $10^{-8}$ are unaffected, and below that the step fades out smoothly.
#
# **Inside or outside?** Where $\varepsilon$ sits changes what the number means. Outside,
# $dW/(\sqrt S + \varepsilon)$ departs from the pure RMSprop step once $\sqrt S$ is comparable
# to $\varepsilon$, i.e. for gradients of size $\sim 10^{-8}$. Inside, $dW/\sqrt{S + \varepsilon}$,
# the threshold is $\sqrt{\varepsilon} = 10^{-4}$ — ten thousand times larger, well within the
# range of real gradients. The curve below shows it for a gradient of constant size $g$ (so that
# $S = g^2$ once it has warmed up).

# %%
g_size = np.geomspace(1e-12, 1e2, 300)
fig, ax = plt.subplots(figsize=(8, 3.8))
ax.loglog(g_size, g_size / (g_size + 1e-8), color="C0", label="ε = 1e-8 outside:  g / (√S + ε)")
ax.loglog(g_size, g_size / np.sqrt(g_size**2 + 1e-8), color="C1", label="ε = 1e-8 inside:  g / √(S + ε)")
ax.loglog(g_size, g_size / np.sqrt(g_size**2 + 1e-16), color="C1", ls=":", label="ε = 1e-16 inside (close to 1e-8 outside)")
ax.axvline(1e-8, color="C0", lw=0.6, ls="--")
ax.axvline(1e-4, color="C1", lw=0.6, ls="--")
ax.set(xlabel="gradient size g (with S = g²)", ylabel="step / lr", ylim=(1e-5, 3),
       title="RMSprop's step for a steady gradient: where ε starts to bite")
ax.legend(fontsize=8, loc="lower right")
plt.show()

# %% [markdown]
# Both versions are "RMSprop with $\varepsilon = 10^{-8}$" in the documentation of some library, and
# they behave differently for gradients below $10^{-4}$: an inside-the-root $\varepsilon$ corresponds
# to an outside one of about $\sqrt{\varepsilon}$. This course, like PyTorch, adds $\varepsilon$
# outside; Keras (and TensorFlow) and optax add it inside. When you copy hyperparameters between libraries, check which convention
# each uses. For ordinary gradients either placement leaves the step untouched, which is why the
# lecture says the exact value hardly matters and $10^{-8}$ is a fine default.

# %% [markdown]
# ### Explore: turning the valley
#
# Turn the valley from 0° to 90°, with RMSprop and momentum running from the same (turned) start.
# Compare the two losses in the title at 0°, where the valley's axes are the coordinate axes, and
# at 45°, where each coordinate mixes the steep and the gentle direction.

# %%
from helpers import explore

explore.rotated_valley(rmsprop_step=rmsprop_step)   # your rmsprop_step draws RMSprop's path

# %% [markdown]
# ## Takeaways
#
# * RMSprop keeps an EWMA of the squared gradient per parameter,
#   $S \leftarrow \beta_2 S + (1-\beta_2)\,dW^2$, and steps by $\alpha\, dW/(\sqrt S + \varepsilon)$:
#   each coordinate moves by about $\alpha$, whatever the scale of its gradient.
# * Directions with large (often oscillating) gradients are damped, directions with small
#   consistent gradients are sped up — when those directions are coordinates. Measured on the
#   noisy bowl, each at its largest usable rate, RMSprop reached the target about three times
#   sooner — though at small learning rates plain gradient descent was the faster one.
# * RMSprop is a diagonal preconditioner: turn the same bowl by 45° and its advantage over
#   gradient descent is gone, while gradient descent and momentum do not change at all.
# * $\varepsilon$ keeps $0/0$ out of the parameters and stops tiny gradients from taking full steps.
#   It goes outside the root here; libraries differ, and the placement changes its meaning.
# * Started from $S = 0$, the first steps are too large ($10\alpha$ at $t = 1$). Lesson 08 adds
#   bias correction — and momentum — and calls the result Adam.

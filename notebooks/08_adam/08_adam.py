# %% [markdown]
# # Lesson 08 — Adam: momentum + RMSprop + bias correction
#
# *Optimization for Deep Learning* · lesson 8 of 11 · graded: `adam_step` (10 points)
#
# Deep learning has seen many proposed optimizers that shone on one problem and disappointed on
# the next, and practitioners learnt to be sceptical of new ones. Two have survived years of
# everyday use across very different networks: RMSprop, and the one of this lesson, **Adam**.
# It is not a new idea so much as a careful combination of the last two lessons:
#
# * from **momentum** (lesson 06): step along an exponentially weighted average of the gradients;
# * from **RMSprop** (lesson 07): divide each coordinate by the root of an average of its squared
#   gradients;
# * from **lesson 05**: correct both averages for their zero start (*bias correction*).
#
# We will
#
# 1. write down the algorithm, its defaults, and see why bias correction is essential here,
#    unlike for momentum;
# 2. write one Adam step (the graded exercise);
# 3. run gradient descent, momentum, RMSprop and Adam on the same elongated bowl;
# 4. run all four on a real problem — a two-layer neural network learning the handwritten
#    digits — and compare how many epochs each needs.

# %%
import numpy as np
import matplotlib.pyplot as plt

from helpers import landscapes, models, optim, train
from helpers.data import load_digits, train_val_split
from helpers.runmode import pick
from earlier_lessons import make_mini_batches, momentum_step, rmsprop_step   # lessons 04, 06 and 07

rng = np.random.default_rng(2026)   # the one seed of this notebook
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. The algorithm
#
# Initialise $v_{dW} = 0$ and $S_{dW} = 0$ (arrays shaped like $W$; the same for every parameter,
# $b$ included). On iteration $t = 1, 2, \dots$ compute $dW$ on the current mini-batch, then
#
# $$
# \begin{aligned}
# v_{dW} &\leftarrow \beta_1\, v_{dW} + (1-\beta_1)\, dW
#   && \text{momentum: mean of } dW \\
# S_{dW} &\leftarrow \beta_2\, S_{dW} + (1-\beta_2)\, dW^2
#   && \text{RMSprop: mean of } dW^2 \\
# v^\text{corrected}_{dW} &= \frac{v_{dW}}{1-\beta_1^t}, \qquad
# S^\text{corrected}_{dW} = \frac{S_{dW}}{1-\beta_2^t}
#   && \text{bias correction} \\
# W &\leftarrow W - \alpha\, \frac{v^\text{corrected}_{dW}}{\sqrt{S^\text{corrected}_{dW}} + \varepsilon}
#   && \text{the step}
# \end{aligned}
# $$
#
# The state carried from step to step is the pair of **uncorrected** averages; the corrected ones
# are recomputed each step from them and the step counter $t$, which starts at 1.
#
# **The name.** The mean of the gradient is its *first moment*, the mean of its square its (raw)
# *second moment*; $v$ and $S$ estimate them, and the step adapts to them — hence **Adam**,
# *adaptive moment estimation* (not a person). In the literature and in libraries, $v$ and $S$
# are often called $m$ and $v$: the exercise below uses those names.
#
# **Hyperparameters.** $\alpha$ must be tuned; it is the one that matters. The others are almost
# always left at the defaults recommended by Adam's authors: $\beta_1 = 0.9$ (the momentum
# average, about 10 gradients), $\beta_2 = 0.999$ (the squared-gradient average, about 1 000
# gradients) and $\varepsilon = 10^{-8}$, which nobody tunes. A common starting point for $\alpha$
# is $10^{-3}$, followed by a sweep over a range of values.
#
# ## 2. Why bias correction matters for Adam
#
# For momentum (lesson 06) bias correction was a detail: its average warms up in about ten steps.
# Adam's second average uses $\beta_2 = 0.999$ and takes about a thousand steps to warm up — and
# it sits in a *denominator*. Consider the simplest input, the same gradient $g$ at every step.
# Then $v_t = (1-\beta_1^t)\,g$ and $S_t = (1-\beta_2^t)\,g^2$, and the step divided by $\alpha$ is
#
# | version | step / $\alpha$ at step $t$ |
# |---|---|
# | Adam (both corrected) | exactly $1$ (times the sign of $g$) |
# | no correction | $(1-\beta_1^t)\,/\,\sqrt{1-\beta_2^t}$ |
# | only $v$ corrected | $1\,/\,\sqrt{1-\beta_2^t}$ |
# | only $S$ corrected | $1-\beta_1^t$ |

# %%
t = np.arange(1, 10_001)
b1, b2 = 0.9, 0.999
variants = {
    "Adam: both averages corrected": np.ones(t.shape),
    "no bias correction": (1 - b1**t) / np.sqrt(1 - b2**t),
    "only v (first moment) corrected": 1 / np.sqrt(1 - b2**t),
    "only S (second moment) corrected": 1 - b1**t,
}
fig, ax = plt.subplots(figsize=(8, 4))
for (name, ratio), color in zip(variants.items(), ["k", "C3", "C1", "C0"]):
    ax.loglog(t, ratio, color=color, lw=2 if color == "k" else 1.5, label=name)
ax.set(xlabel="step t", ylabel="step / learning rate", title="Adam's step for a constant gradient (beta1 = 0.9, beta2 = 0.999)")
ax.legend(fontsize=8)
plt.show()
print(f"{'t':>6s}" + "".join(f"{name.split(':')[0][:22]:>24s}" for name in variants))
for k in [1, 2, 10, 100, 1000, 10_000]:
    print(f"{k:6d}" + "".join(f"{ratio[k - 1]:24.3f}" for ratio in variants.values()))

# %% [markdown]
# With both corrections the step is exactly $\alpha$ from the very first iteration: the learning
# rate means what it says. Leave the correction out and the first step is $3.2\,\alpha$, growing
# to $6.6\,\alpha$ around step 12 and taking thousands of steps to come back to $\alpha$ — an
# unplanned, large learning-rate schedule. Correcting only the first moment is worse: a first
# step of $31.6\,\alpha$. Correcting only the second gives the opposite error, a first step of
# $0.1\,\alpha$. Here is what that does on the elongated bowl of lessons 06 and 07, with
# $\alpha = 0.3$:

# %%
BOWL = dict(a=0.5, b=25.0)
loss = lambda w: landscapes.quadratic_bowl(w, **BOWL)
grad = lambda w: landscapes.quadratic_bowl_grad(w, **BOWL)
w_start = np.array([-8.0, 1.0])


def adam_path(lr, n, correct_v=True, correct_s=True, beta1=0.9, beta2=0.999, eps=1e-8):
    """Adam on the bowl with the corrections switchable (the demonstration's own loop)."""
    w, v, s, path = w_start.copy(), np.zeros(2), np.zeros(2), [w_start.copy()]
    for step in range(1, n + 1):
        g = grad(w)
        v = beta1 * v + (1 - beta1) * g
        s = beta2 * s + (1 - beta2) * g**2
        v_used = v / (1 - beta1**step) if correct_v else v
        s_used = s / (1 - beta2**step) if correct_s else s
        w = w - lr * v_used / (np.sqrt(s_used) + eps)
        path.append(w.copy())
    return np.array(path)


Wg, Bg, P = landscapes.make_grid((-9.0, 6.0), (-2.0, 2.0), num=201)
Z = loss(P)
fig, axes = plt.subplots(1, 2, figsize=(11, 3.4), sharey=True)
for ax, (title, kwargs), color in zip(axes, [("Adam (bias-corrected), lr = 0.3", {}),
                                             ("no bias correction, lr = 0.3", dict(correct_v=False, correct_s=False))],
                                      ["k", "C3"]):
    path = adam_path(0.3, 25, **kwargs)
    ax.contour(Wg, Bg, Z, levels=np.geomspace(0.02, 60, 12), colors="0.75", linewidths=0.7)
    ax.plot(path[:, 0], path[:, 1], "-o", color=color, ms=3, lw=1)
    ax.plot(0, 0, "*", color="k", ms=12)
    steps = np.linalg.norm(np.diff(path, axis=0), axis=1)
    ax.set(title=f"{title}\nfirst 25 steps; longest step {steps.max():.2f} = {steps.max() / 0.3:.1f} lr",
           xlabel="W (gentle direction)", ylabel="b (steep direction)")
plt.show()


# %% [markdown]
# With the correction, each coordinate moves by about the learning rate per step (so a diagonal
# step is about $\sqrt 2$ learning rates long, the 1.4 in the title). Without it, the steps grow to
# several learning rates long: the iterate races along the valley, overshoots the
# minimum by several units and circles around it while the averages settle. Early on, an
# uncorrected Adam behaves as if its learning rate were several times larger: here it reaches the
# neighbourhood of the minimum sooner, but then needs longer to settle. Sometimes that helps; sometimes it throws a network into a bad region. Either way the number you tuned is not the learning rate you get, and it changes over
# the first thousand steps. The correction makes $\alpha$ mean the same thing at step 1 and at
# step 10 000.
#
# ## 3. Exercise: one Adam step
#
# ### Exercise (10 points): `adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8) -> (w, m, v)`
#
# Here `m` is the first-moment average ($v_{dW}$ above) and `v` the second-moment average
# ($S_{dW}$). Given `w`, its gradient `dw`, the averages `m` and `v` (arrays of the same shape, any
# shape) and the step number `t` (an integer, **1 on the first call**), return
#
# $$m_\text{new} = \beta_1 m + (1-\beta_1)\,dw, \quad v_\text{new} = \beta_2 v + (1-\beta_2)\,dw^2, \quad
#   \hat m = \frac{m_\text{new}}{1-\beta_1^t}, \quad \hat v = \frac{v_\text{new}}{1-\beta_2^t}, \quad
#   w_\text{new} = w - \text{lr}\cdot\frac{\hat m}{\sqrt{\hat v} + \varepsilon}.$$
#
# * Return the **uncorrected** `m_new` and `v_new`: they are the state for the next step.
#   The corrected $\hat m, \hat v$ are used only for this step.
# * `t < 1` raises a `ValueError` (with `t = 0` the correction would divide by zero).
# * `eps` goes outside the square root; squares, roots and divisions are element-wise; no loop
#   over the elements. You may update `w`, `m`, `v` in place or return new arrays, but do not
#   modify `dw`.
# * Mind the names: `m` is the first moment and `v` the second, and the function returns
#   `(w, m, v)` in that order.
#
# The visible tests check two steps by hand, a short trajectory's shapes, `t`, the defaults and
# that `dw` is left alone. **Hidden tests decide the grade**: they also compare every value of a
# trajectory with the reference (catching an off-by-one `t`, stored corrected moments, a single
# correction, `beta1` used for `v`, `eps` inside the root), parameters of any shape, in-place
# updates and a vectorized step. Run All stops at the first failing test until your function is
# written; sections 4 and 5 run your own `adam_step`. The executed lesson can be read ahead on
# the lecture site.

# %% solution="adam_step"
def adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """One Adam step at step number t (t = 1 first); returns the updated (w, m, v)."""
    ### BEGIN SOLUTION
    if t < 1:
        raise ValueError(f"t counts the steps from 1, got t = {t}")
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    return w, m, v
    ### END SOLUTION


# %% [markdown]
# Hand check. On the first step from `m = v = 0`, the averages are `m = 0.1 dw` and
# `v = 0.001 dw**2`, the corrections divide them by exactly `0.1` and `0.001`, so
# $\hat m = dw$, $\hat v = dw^2$ and the step is `lr * dw / (|dw| + eps)` — `lr` times the sign of
# each gradient. With `dw = [0.5, -2]` and `lr = 0.1`, `w = [1, 1]` moves to about `[0.9, 1.1]`,
# and `m = [0.05, -0.2]`, `v = [0.00025, 0.004]`. The same gradient again at `t = 2` gives
# `m = [0.095, -0.38]`, `v = [0.00049975, 0.007996]`, and once more a step of exactly `lr` per
# coordinate: for a constant gradient, every corrected step is `lr * sign(dw)`.

# %% test="test_adam_step_by_hand" points=2
from helpers import grading as G
_dw, _lr, _e = np.array([0.5, -2.0]), 0.1, 1e-8
_step1 = _lr * _dw / (np.abs(_dw) + _e)
_out = G.call(adam_step, np.array([1.0, 1.0]), _dw.copy(), np.zeros(2), np.zeros(2), 1, _lr)
G.check_true(isinstance(_out, tuple) and len(_out) == 3,
             "adam_step must return the triple (w, m, v): the new parameters and the two new averages")
G.check_close(_out[1], [0.05, -0.2], "m after the first step from m = 0",
              hints={"the bias-corrected m stored as state instead of the uncorrected one": [0.5, -2.0],
                     "the (1 - beta1) factor left out (m = beta1 * m + dw)": [0.5, -2.0]})
G.check_close(_out[2], [0.00025, 0.004], "v after the first step from v = 0",
              hints={"the bias-corrected v stored as state instead of the uncorrected one": [0.25, 4.0],
                     "beta1 used for v instead of beta2": [0.025, 0.4],
                     "dw not squared in v": [0.0005, -0.002]})
G.check_close(_out[0], 1 - _step1, "w after the first step (t = 1)",
              hints={"a step without bias correction": 1 - _lr * (0.1 * _dw) / (np.sqrt(0.001 * _dw**2) + _e),
                     "only m bias-corrected, not v": 1 - _lr * _dw / (np.sqrt(0.001 * _dw**2) + _e),
                     "only v bias-corrected, not m": 1 - _lr * (0.1 * _dw) / (np.abs(_dw) + _e),
                     "t + 1 used in the bias correction": 1 - _lr * (0.1 * _dw / 0.19) / (np.sqrt(0.001 * _dw**2 / (1 - 0.999**2)) + _e),
                     "the old m and v used for the step (before they are updated)": [1.0, 1.0],
                     "the sign of the update flipped (w + ...)": 1 + _step1})
_out = G.call(adam_step, np.array(1 - _step1), _dw.copy(), np.array([0.05, -0.2]), np.array([0.00025, 0.004]), 2, _lr)
G.check_close(_out[1], [0.095, -0.38], "m after the second step")
G.check_close(_out[2], [0.00049975, 0.007996], "v after the second step")
G.check_close(_out[0], 1 - 2 * _step1, "w after the second step (t = 2): again a step of lr per coordinate",
              hints={"a step without bias correction":
                         1 - _step1 - _lr * np.array([0.095, -0.38]) / (np.sqrt([0.00049975, 0.007996]) + _e),
                     "t - 1 (a step count starting at 0) used in the bias correction":
                         1 - _step1 - _lr * (np.array([0.095, -0.38]) / 0.1) / (np.sqrt(np.array([0.00049975, 0.007996]) / 0.001) + _e)})
### BEGIN HIDDEN TESTS
from grader.adam import hidden_adam_step_by_hand
hidden_adam_step_by_hand(adam_step)
### END HIDDEN TESTS
print("Both hand-checked steps come out right.")

# %% test="test_adam_step_trajectory" points=3
from helpers import grading as G
_g = np.random.default_rng(81)
_shape, _lr, _b1, _b2, _e, _n = (3, 4), 0.01, 0.8, 0.99, 1e-6, 15
_w0 = _g.standard_normal(_shape)
_grads = _g.standard_normal((_n, *_shape)) * np.array([0.01, 0.1, 1.0, 10.0])
_w, _m, _v = _w0.copy(), np.zeros(_shape), np.zeros(_shape)
_ws, _ms, _vs = [], [], []
for _k in range(_n):
    _out = G.call(adam_step, _w, _grads[_k].copy(), _m, _v, _k + 1, _lr, _b1, _b2, _e)
    G.check_true(isinstance(_out, tuple) and len(_out) == 3, "adam_step must return the triple (w, m, v)")
    _w, _m, _v = _out
    for _a, _name in [(_w, "w"), (_m, "m"), (_v, "v")]:
        G.check_shape(_a, _shape, f"{_name} returned by adam_step")
    _ws.append(np.array(_w, dtype=float))
    _ms.append(np.array(_m, dtype=float))
    _vs.append(np.array(_v, dtype=float))
_ws, _ms, _vs = np.array(_ws), np.array(_ms), np.array(_vs)
### BEGIN HIDDEN TESTS
from grader.adam import hidden_adam_step_trajectory
hidden_adam_step_trajectory(adam_step, _w0, _grads, _ws, _ms, _vs, lr=_lr, beta1=_b1, beta2=_b2, eps=_e)
### END HIDDEN TESTS
print(f"adam_step ran {_n} steps and returned arrays of the right shape.")

# %% test="test_adam_step_t" points=2
from helpers import grading as G
G.check_raises(adam_step, ValueError, np.ones(2), np.ones(2), np.zeros(2), np.zeros(2), 0, 0.1,
               what="adam_step with t = 0 (the step count starts at 1)")
### BEGIN HIDDEN TESTS
from grader.adam import hidden_adam_step_t
hidden_adam_step_t(adam_step)
### END HIDDEN TESTS
print("t = 0 raises a ValueError.")

# %% test="test_adam_step_defaults" points=1
from helpers import grading as G
_w, _dw = np.array([1.0, -2.0, 0.5]), np.array([0.3, -0.1, 2.0])
_m, _v = np.array([0.1, 0.2, -0.3]), np.array([0.04, 0.01, 0.5])
_out = G.call(adam_step, _w.copy(), _dw.copy(), _m.copy(), _v.copy(), 3, 0.01)
G.check_close(_out[1], 0.9 * _m + 0.1 * _dw, "m when beta1 is not given (the default is beta1 = 0.9)")
G.check_close(_out[2], 0.999 * _v + 0.001 * _dw**2, "v when beta2 is not given (the default is beta2 = 0.999)",
              hints={"a default beta2 of 0.99": 0.99 * _v + 0.01 * _dw**2})
### BEGIN HIDDEN TESTS
from grader.adam import hidden_adam_step_defaults
hidden_adam_step_defaults(adam_step, _out, _w, _dw, _m, _v)
### END HIDDEN TESTS
print("The defaults are beta1 = 0.9 and beta2 = 0.999.")

# %% test="test_adam_step_inputs" points=2
from helpers import grading as G
_g = np.random.default_rng(83)
_w, _dw = _g.standard_normal((4, 3)), _g.standard_normal((4, 3))
_m, _v = _g.standard_normal((4, 3)), _g.random((4, 3))
_dw0 = _dw.copy()
G.call(adam_step, _w, _dw, _m, _v, 5, 0.01)
G.check_unchanged(_dw0, _dw, "dw")
### BEGIN HIDDEN TESTS
from grader.adam import hidden_adam_step_inputs
hidden_adam_step_inputs(adam_step, _dw, _g)
### END HIDDEN TESTS
print("adam_step leaves dw alone.")


# %% [markdown]
# ## 4. Four optimizers on one bowl
#
# Back to the elongated bowl of lessons 06 and 07, each optimizer with a learning rate that suits
# it: gradient descent just below its limit, momentum with the larger learning rate it tolerates,
# RMSprop from lesson 07, and Adam — **your** `adam_step`. `optim.StepRule` turns each step
# function into an optimizer object for the course's loops: it keeps the state arrays (zeros at
# the start) and, for Adam, passes the step number `t = 1, 2, ...`. Momentum and RMSprop are
# lessons 06 and 07's solutions, shipped with this lesson in `earlier_lessons.py`.

# %%
def momentum(lr, beta=0.9):
    return optim.StepRule(momentum_step, ("v",), lr=lr, beta=beta)


def rmsprop(lr, beta2=0.99):
    return optim.StepRule(rmsprop_step, ("s",), lr=lr, beta2=beta2)


def adam(lr):
    """An optimizer that runs your adam_step with its defaults (m = v = 0 at the start, t from 1)."""
    return optim.StepRule(adam_step, ("m", "v"), lr=lr, counts_steps=True)


settings = {
    "gradient descent, lr = 0.076": (optim.SGD(0.076), "C3"),
    "momentum (beta = 0.9), lr = 0.38": (momentum(0.38, beta=0.9), "C2"),
    "RMSprop (beta2 = 0.99), lr = 0.12": (rmsprop(0.12, beta2=0.99), "C4"),
    "Adam (defaults), lr = 0.3": (adam(0.3), "k"),
}
Wg, Bg, P = landscapes.make_grid((-9.0, 1.5), (-1.6, 1.6), num=201)
Z = loss(P)
fig, axes = plt.subplots(2, 2, figsize=(12, 5.5), sharex=True, sharey=True)
print(f"{'optimizer':36s} steps to loss < 1e-3")
for ax, (name, (opt, color)) in zip(axes.flat, settings.items()):
    path = train.run_on_function(opt, grad, w_start, 300)
    below = np.flatnonzero(loss(path) < 1e-3)
    print(f"{name:36s} {below[0]}")
    ax.contour(Wg, Bg, Z, levels=np.geomspace(0.02, 60, 12), colors="0.75", linewidths=0.7)
    ax.plot(path[:61, 0], path[:61, 1], "-o", color=color, ms=2.5, lw=1)
    ax.plot(0, 0, "*", color="k", ms=12)
    ax.set(title=name, xlim=(-9, 1.5), ylim=(-1.6, 1.6))
for ax in axes[1]:
    ax.set_xlabel("W (gentle direction)")
for ax in axes[:, 0]:
    ax.set_ylabel("b (steep direction)")
fig.suptitle("The first 60 steps of each optimizer on the elongated bowl", y=1.0)
fig.tight_layout()
plt.show()

# %% [markdown]
# Gradient descent zig-zags; momentum swings slowly across the valley; RMSprop and Adam head for
# the valley floor at once and then move along it at a steady pace of about one learning rate
# per step — Adam with some of momentum's overshoot. On a two-dimensional quadratic these
# pictures are a good intuition pump, but a poor benchmark: a well-chosen learning rate and $\beta$
# can make any of them look best. It is also lined up with the axes, the best case for the
# per-coordinate scaling of RMSprop and Adam: lesson 07 turned the same bowl by 45° and RMSprop's
# advantage was gone (lesson 10 does the same for a saddle and a plateau, with Adam too). Adam, like
# RMSprop, is a *diagonal* preconditioner. The real test is a real network.
#
# ## 5. A real comparison: a two-layer network on the digits
#
# The handwritten digits of lesson 01 (8×8 pixels, 10 classes, 1 400 training and 397 validation
# images), now learnt by a small neural network: 64 inputs → 32 ReLU units → 10 class scores with a
# softmax cross-entropy loss (`helpers.models`). Unlike the linear SVM, its loss is not convex.
# All four optimizers start from the **same** initial weights and see the **same** mini-batches
# (64 examples, the same shuffling seed), and all of them run through the course's one training
# loop, `helpers.train.train`, which cuts the mini-batches with lesson 04's `make_mini_batches`.
#
# The lecture's advice is that the learning rate is the hyperparameter to tune, so we give every
# optimizer a fair chance: three learning rates each, a factor of about 3 apart, around values
# that are customary for it — larger for the two that step along the raw gradient, smaller for
# the two that normalise it. Everything else stays at its default ($\beta = 0.9$ for momentum,
# $\beta_2 = 0.99$ for RMSprop, $0.9$ / $0.999$ / $10^{-8}$ for Adam). We record the full training
# loss after every epoch and count the epochs until it first falls below a target of 0.05, and
# — because mini-batch training is noisy — also the epoch from which it *stays* below. The best
# learning rate of each optimizer is the one that first reaches the target soonest.

# %%
X_all, y_all = load_digits(bias=False)          # the network has its own bias vectors
X_train, y_train, X_val, y_val = train_val_split(X_all, y_all, n_val=397, rng=rng)
params0 = models.init_two_layer(64, 32, 10, rng)
shuffle_seed = int(rng.integers(2**31))          # every run gets the same mini-batches
train_cost = lambda p: models.two_layer_loss_and_grad(p, X_train, y_train)[0]
target = 0.05

candidates = {
    "GD": (lambda lr: optim.SGD(lr), [0.3, 1.0, 3.0], "C3"),
    "momentum": (lambda lr: momentum(lr, beta=0.9), [0.3, 1.0, 3.0], "C2"),
    "RMSprop": (lambda lr: rmsprop(lr, beta2=0.99), [0.003, 0.01, 0.03], "C4"),
    "Adam": (adam, [0.003, 0.01, 0.03], "k"),
}
(n_epochs, n_lrs), note = pick((20, 3), (3, 1), "epochs and learning rates per optimizer")


def epochs_to(costs, level):
    """First epoch (counted from 1) whose training loss is below level; None if none."""
    below = np.flatnonzero(costs < level)
    return int(below[0]) + 1 if below.size else None


def stays_below_from(costs, level):
    """First epoch from which the training loss stays below level until the end; None if never."""
    above = np.flatnonzero(costs >= level)
    start = int(above[-1]) + 2 if above.size else 1
    return start if start <= len(costs) else None


runs = {}
for name, (make, lrs, color) in candidates.items():
    for lr in (lrs if n_lrs == 3 else lrs[1:2]):
        params = {k: p.copy() for k, p in params0.items()}
        history = train.train(make(lr), models.two_layer_loss_and_grad, params, X_train, y_train,
                              make_batches=make_mini_batches, batch_size=64, n_epochs=n_epochs, rng=np.random.default_rng(shuffle_seed),
                              eval_fn=train_cost)
        runs[name, lr] = dict(costs=history.evals, epochs=epochs_to(history.evals, target),
                              stays=stays_below_from(history.evals, target),
                              val=models.accuracy(history.params, X_val, y_val))

best = {}
for name in candidates:
    mine = [(lr, r) for (n, lr), r in runs.items() if n == name]
    # fewest epochs to the target; ties (and runs that never reach it) go to the lower final loss
    lr, r = min(mine, key=lambda item: (item[1]["epochs"] or np.inf, item[1]["costs"][-1]))
    best[name] = lr

print(f"{'':18s} {'epochs to train loss < ' + str(target):^32s}")
print(f"{'optimizer':10s} {'lr':>7s} {'first below':>15s} {'stays below from':>17s} {'final train loss':>17s} {'val. accuracy':>14s}")
for (name, lr), r in runs.items():
    first = str(r["epochs"]) if r["epochs"] else f"not in {n_epochs}"
    stays = str(r["stays"]) if r["stays"] else "-"
    mark = "  <- best lr" if best[name] == lr and n_lrs > 1 else ""
    print(f"{name:10s} {lr:7.3g} {first:>15s} {stays:>17s} {r['costs'][-1]:17.4f} {r['val']:14.1%}{mark}")
if note:
    print(note)

# %%
fig, ax = plt.subplots(figsize=(9, 4.5))
epochs = np.arange(1, n_epochs + 1)
for (name, lr), r in runs.items():
    color = candidates[name][2]
    if best[name] == lr:
        ax.semilogy(epochs, r["costs"], "-o", color=color, ms=3, lw=2, label=f"{name}, lr = {lr:g}")
    else:
        ax.semilogy(epochs, r["costs"], ":", color=color, lw=1)
ax.axhline(target, color="k", lw=0.6, ls="--")
ax.text(n_epochs, target * 1.08, f"target {target}", ha="right", fontsize=8)
ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
ax.set(xlabel="epoch", ylabel="training loss (full training set)",
       title="Two-layer network on the digits, best learning rate of each (dotted: the other two)")
ax.legend(fontsize=8)
plt.show()

# %% [markdown]
# Read the table and the plot together (this is the full run; under the autograder only a few
# epochs are run and the target is not reached).
#
# * **Every optimizer gets there** at its best learning rate — this is a small, well-behaved
#   network. Momentum and Adam first reach the target after 8 epochs, gradient descent after 13,
#   RMSprop after 16. Counting from when the loss *stays* below the target, Adam leads (10 epochs)
#   ahead of momentum (14): momentum's first crossing was a lucky dip between two bumps. Within
#   each optimizer, a factor of 3 in the learning rate changes the outcome more than the choice
#   between the optimizers does.
# * **Plain gradient descent has a cliff**: at learning rate 3 it dies — the loss freezes near
#   $\log 10 \approx 2.3$, the loss of uniform guessing, and accuracy drops to chance: a too-large
#   first step pushes the ReLU units into their flat, zero-gradient region and they never come back.
#   Momentum at the same nominal learning rate is its *best* setting: its first steps are ten times
#   smaller while the velocity warms up, and afterwards the oscillations are damped.
# * **Adam's best learning rate is not its textbook default** $10^{-3}$: here it is 30 times larger
#   (even $0.003$ does not reach the target in time). That is the lecture's advice in action: keep
#   $\beta_1$, $\beta_2$, $\varepsilon$ at their defaults and search over $\alpha$.
# * RMSprop, which has no momentum, is the slowest at its best learning rate and the noisiest at
#   a larger one — the coarse finish seen in lesson 07. All the fast curves are jagged: at these
#   learning rates the mini-batch noise moves the training loss up and down from epoch to epoch,
#   which a decaying learning rate (lesson 09) calms.
# * Training loss is not the whole story: the validation accuracies (last column) of all runs
#   that trained at all lie between about 95.5 % and 98.5 %, and the fastest run to the training
#   target is not always the most accurate on images it has not seen.
#
# The full grid costs 12 training runs; in practice one runs such a sweep on a small budget
# first, exactly as here, and then trains the chosen setting longer.

# %% [markdown]
# ## Takeaways
#
# * Adam = momentum's average of gradients (β1 = 0.9) + RMSprop's average of squared gradients
#   (β2 = 0.999) + bias correction of both; the step is
#   $\alpha\,\hat v/(\sqrt{\hat S}+\varepsilon)$, "adaptive moment estimation".
# * Bias correction matters for Adam: without it the first thousand steps are several times larger
#   than $\alpha$ (6.6 × at worst), and correcting only one average is worse still. The state keeps
#   the *uncorrected* averages; $t$ counts from 1.
# * Tune the learning rate; leave $\beta_1$, $\beta_2$ and $\varepsilon$ at their defaults.
# * On a real network all four methods work when their learning rate is tuned; in this one run
#   (one seed, three learning rates each) momentum and Adam needed the fewest epochs, and plain
#   gradient descent was the most fragile.
# * Adam rescales each coordinate separately (a diagonal preconditioner); on a landscape whose
#   valleys are not lined up with the axes that rescaling helps much less (lesson 07).
#
# Lesson 09 adds the last ingredient of a practical training recipe: lowering the learning rate as
# training proceeds.

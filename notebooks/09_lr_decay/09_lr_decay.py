# %% [markdown]
# # Lesson 09 — Learning-rate decay
#
# *Optimization for Deep Learning* · lesson 9 of 11 · graded: `inverse_time_decay`, `exponential_decay`, `inverse_sqrt_decay`, `staircase_decay` (10 points)
#
# Lessons 06–08 changed the *direction* and the *per-coordinate size* of a step. This lesson
# changes something simpler: the learning rate $\alpha$ itself, over the course of training.
# Large steps early, when we are far from a minimum; smaller steps late, when we are near one.
# We will
#
# 1. see *why*: mini-batch descent with a fixed $\alpha$ never settles — it keeps circling the
#    minimum in a cloud we will call the **noise ball**;
# 2. write the four decay schedules of the lecture and reproduce its worked example;
# 3. draw every schedule, including the per-mini-batch $k/\sqrt{t}$ and decay by hand;
# 4. measure how much each schedule shrinks the noise ball, on a two-parameter problem and on
#    the digits classifier (final loss and its spread over random seeds);
# 5. put decay in its place: a well-tuned fixed $\alpha$ matters more.
#
# **Conventions of the course.** Epochs count from **1**: the first pass over the training set
# is epoch 1, as in the lecture. A data matrix holds one example per *row*. Every random draw
# comes from an explicit `numpy.random.Generator`, seeded once below.

# %%
import numpy as np
import matplotlib.pyplot as plt

from earlier_lessons import make_mini_batches     # lesson 04's exercise, carried with this lesson
from helpers import optim
from helpers.data import make_regression
from helpers.losses import mse_loss_and_grad
from helpers.data import load_digits, train_val_split
from helpers.landscapes import make_grid
from helpers.models import softmax_loss_and_grad
from helpers.runmode import pick
from helpers.train import train

rng = np.random.default_rng(909)   # the base seed of this notebook; repeated runs below use explicit per-run seeds
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. The noise ball
#
# A mini-batch gradient is the true gradient plus noise: each mini-batch pulls a little towards
# its own examples. Far from the minimum the true gradient is large and the noise hardly
# matters. Near the minimum the true gradient shrinks to zero — **the noise does not**. A step
# $\alpha \times (\text{gradient} + \text{noise})$ therefore keeps kicking the parameters around,
# and they end up wandering in a cloud around the minimum whose size grows with $\alpha$.
#
# We take the two-parameter linear regression of lesson 04, $\hat y = w x + c$ on 200 noisy
# examples, so that we can draw the path on the contours of the cost
# $J(w, c) = \frac{1}{2m}\lVert Xw - y\rVert^2$. Mini-batches of 8 examples, 40 epochs
# (1 000 updates), two runs from the same start with the same shuffles:
#
# * a **fixed** learning rate $\alpha = 0.1$;
# * a **decaying** one, $\alpha = 0.1 / (1 + 0.2\cdot\text{epoch})$ (section 2 explains the formula).

# %%
X_line, y_line, _ = make_regression(200, 1, rng, noise=1.0, bias=True)
X_line[:, 0] = 1.5 * X_line[:, 0] + 1.0                   # stretch and shift the feature: a tilted bowl
w_star = np.linalg.lstsq(X_line, y_line, rcond=None)[0]    # the minimum of J
start = w_star + np.array([-2.5, 3.0])
n_epochs_ball, note_ball = pick(40, 8, "the number of epochs of the noise-ball runs")


def sgd_path(lr_at, n_epochs=n_epochs_ball, batch_size=8, seed=1):
    """Every parameter vector visited by mini-batch GD on the line problem.

    lr_at(epoch, t) is the learning rate of update t (both counted from 1), so a schedule may
    change per epoch or per mini-batch. The same seed gives the same shuffles."""
    g, W, t = np.random.default_rng(seed), start.copy(), 0
    visited = [W.copy()]
    for epoch in range(1, n_epochs + 1):
        for X_t, y_t in make_mini_batches(X_line, y_line, batch_size, g):
            t += 1
            W = W - lr_at(epoch, t) * mse_loss_and_grad(W, X_t, y_t)[1]
            visited.append(W.copy())
    return np.array(visited)


def ball_radius(path, last=25):
    """Root-mean-square distance to the minimum over the last `last` updates (one epoch here)."""
    return float(np.sqrt(np.mean(np.sum((path[-last:] - w_star) ** 2, axis=1))))


def running_radius(path, window=25):
    """The same RMS distance over a sliding window of `window` updates (one epoch): a smoothed curve."""
    d2 = np.sum((path - w_star) ** 2, axis=1)
    return np.sqrt(np.convolve(d2, np.ones(window) / window, mode="valid"))


fixed = sgd_path(lambda epoch, t: 0.1)
decayed = sgd_path(lambda epoch, t: 0.1 / (1 + 0.2 * epoch))

A, B, grid = make_grid((w_star[0] - 3.2, w_star[0] + 1.2), (w_star[1] - 1.5, w_star[1] + 3.8), 121)
J_grid = mse_loss_and_grad(grid, X_line, y_line)[0]
zoom = 0.35
A2, B2, grid2 = make_grid((w_star[0] - zoom, w_star[0] + zoom), (w_star[1] - zoom, w_star[1] + zoom), 81)
J_zoom = mse_loss_and_grad(grid2, X_line, y_line)[0]
runs = {"fixed α = 0.1": (fixed, "C3"), "decayed α = 0.1 / (1 + 0.2·epoch)": (decayed, "C0")}

fig, axes = plt.subplots(1, 3, figsize=(15, 4.6))
axes[0].contour(A, B, J_grid, levels=np.geomspace(J_grid.min() * 1.01, J_grid.max(), 16), cmap="viridis", linewidths=0.7)
for label, (p, color) in runs.items():
    axes[0].plot(p[:, 0], p[:, 1], "-", lw=0.8, color=color, label=label)
axes[0].plot(*w_star, "k*", ms=13, label="minimum of J")
axes[0].set(xlabel="weight w", ylabel="intercept c", title="the whole path")
axes[0].legend(loc="upper right", fontsize=8)
axes[1].contour(A2, B2, J_zoom, levels=10, cmap="viridis", linewidths=0.7)
for label, (p, color) in runs.items():
    tail = p[len(p) // 2:]
    axes[1].plot(tail[:, 0], tail[:, 1], "-o", ms=1.5, lw=0.4, color=color, alpha=0.8, label=label)
axes[1].plot(*w_star, "k*", ms=13)
axes[1].set(xlim=(w_star[0] - zoom, w_star[0] + zoom), ylim=(w_star[1] - zoom, w_star[1] + zoom),
            xlabel="weight w", ylabel="intercept c", title="close-up of the second half: the noise ball")
for label, (p, color) in runs.items():
    axes[2].semilogy(np.linalg.norm(p - w_star, axis=1), lw=0.5, color=color, alpha=0.35)
    axes[2].semilogy(np.arange(25, len(p) + 1), running_radius(p), lw=2, color=color, label=label)
axes[2].set(xlabel="update t", ylabel="distance to the minimum",
            title="distance to the minimum (thin: every update;\nthick: RMS over the last 25 updates = 1 epoch)")
axes[2].legend(fontsize=8)
fig.tight_layout()
plt.show()
print(f"root-mean-square distance to the minimum over the last epoch: fixed α {ball_radius(fixed):.4f}, "
      f"decayed α {ball_radius(decayed):.4f}")
if note_ball:
    print(note_ball)


# %% [markdown]
# Both runs rush down the valley at the same speed at first — early on the decayed $\alpha$ is
# still close to 0.1. Then their behaviour parts. With the fixed $\alpha$ the distance to the
# minimum stops falling after about a hundred updates and just fluctuates: the red cloud in the
# close-up is the noise ball. With the decayed $\alpha$ every epoch takes smaller steps, the
# noise is averaged over more and more updates, and the blue path creeps into a much smaller
# region around the minimum.
#
# This is the whole case for decay: early in training we can afford big, noisy steps; late in
# training the same steps only keep us from settling.
#
# ## 2. Decaying the learning rate
#
# The lecture's first schedule divides the initial rate $\alpha_0$ by a factor that grows with
# the epoch number:
#
# $$\alpha = \frac{\alpha_0}{1 + \text{decay\_rate}\cdot\text{epoch}} .$$
#
# `decay_rate` is one more hyperparameter. The lecture's worked example uses $\alpha_0 = 0.2$ and
# `decay_rate` $= 1$: epoch 1 gives $0.2/2 = 0.1$, epoch 2 gives $0.2/3 \approx 0.0667$, then
# $0.05$, $0.04$, … Note that already the *first* epoch uses $\alpha_0/2$: epochs count from 1.
#
# ### Exercise 1 (3 points): `inverse_time_decay(lr0, decay_rate, epoch)`
#
# Return $\alpha_0 / (1 + \text{decay\_rate}\cdot\text{epoch})$.
#
# * `epoch` is either one integer (≥ 1) or a NumPy array of integers; the result is then a
#   float, or an array of the same shape. Plain arithmetic on NumPy arrays does this for you —
#   just do not loop over the epochs or use the `math` module.
# * `decay_rate = 0` means no decay.
#
# Each of the four exercises of this lesson is followed by its visible tests (small, hand-checked
# values); **hidden tests decide the grade**: they also check fresh values against the reference,
# arrays of any shape, the first epoch, and that no Python loop or `math` function is used. Run
# All stops at the first failing test until the function above it is written; sections 4 to 6
# run your own schedules. The executed lesson can be read ahead on the lecture site.

# %% solution="inverse_time_decay"
def inverse_time_decay(lr0, decay_rate, epoch):
    """Learning rate lr0 / (1 + decay_rate * epoch); epoch (int or int array) counts from 1."""
    ### BEGIN SOLUTION
    return lr0 / (1.0 + decay_rate * np.asarray(epoch, dtype=float))
    ### END SOLUTION


# %% [markdown]
# The first check is the lecture's worked example, epoch by epoch.

# %% test="test_inverse_time_worked_example" points=1
from helpers import grading as G
_expected = [0.1, 0.2 / 3, 0.05, 0.04]
for _epoch, _exp in zip(range(1, 5), _expected):
    _got = G.call(inverse_time_decay, 0.2, 1.0, _epoch)
    G.check_close(_got, _exp, f"inverse_time_decay(0.2, 1, epoch={_epoch}) (the lecture's worked example)",
                  hints={"epochs counted from 0 (the first epoch must already use lr0 / (1 + decay_rate))": 0.2 / _epoch,
                         "lr0 multiplied by (1 + decay_rate * epoch) instead of divided": 0.2 * (1 + _epoch),
                         "lr0 left out: 1 / (1 + decay_rate * epoch)": 1 / (1 + _epoch),
                         "lr0 / (1 + decay_rate) ** epoch (that is an exponential schedule)": 0.2 / 2 ** _epoch})
### BEGIN HIDDEN TESTS
from grader.lr_decay import hidden_inverse_time_worked_example
hidden_inverse_time_worked_example(inverse_time_decay)
### END HIDDEN TESTS
print("0.1, 0.0667, 0.05, 0.04 — the lecture's worked example comes out.")

# %% test="test_inverse_time_values" points=2
from helpers import grading as G
_epochs = np.arange(1, 7)
try:
    _got = G.call(inverse_time_decay, 0.5, 0.3, _epochs)
except G.GradingError as _err:
    raise G.GradingError(f"{_err} — epoch may be a NumPy array of epochs: use NumPy arithmetic, "
                         "with no if/for on epoch and no math module") from None
G.check_shape(_got, (6,), "inverse_time_decay(0.5, 0.3, np.arange(1, 7)) (one rate per epoch)")
G.check_close(G.call(inverse_time_decay, 0.5, 0.0, 3), 0.5, "inverse_time_decay with decay_rate = 0 (no decay)")
### BEGIN HIDDEN TESTS
from grader.lr_decay import hidden_inverse_time_values
hidden_inverse_time_values(inverse_time_decay, _epochs)
### END HIDDEN TESTS
print("inverse_time_decay works on arrays of epochs, and decay_rate = 0 keeps lr0.")

# %% [markdown]
# With the function written, the worked example as a table, computed by your
# `inverse_time_decay` (a whole array of epochs at once):

# %%
epochs = np.arange(1, 9)
for rate in (1.0, 0.5, 0.1):
    print(f"decay_rate = {rate:3}:  " + "  ".join(f"{a:.4f}" for a in inverse_time_decay(0.2, rate, epochs)))


# %% [markdown]
# With `decay_rate = 1` the rate halves by epoch 1 and has fallen to a tenth of $\alpha_0$ by
# epoch 9: that suits a problem that is solved in a handful of epochs. With `decay_rate = 0.1`
# it takes ten epochs to halve. The schedule falls like $1/\text{epoch}$ in the long run — slowly
# enough that the steps, summed over all epochs, never run out, so the iterates can still reach
# a minimum that is far away.
#
# ## 3. More schedules
#
# ### Exponential decay
#
# Multiply the rate by a constant factor every epoch:
#
# $$\alpha = \text{base}^{\,\text{epoch}}\cdot\alpha_0, \qquad \text{e.g. base} = 0.95 .$$
#
# It falls much faster in the long run than $1/\text{epoch}$: with base 0.95 the rate has halved
# after 14 epochs and is down to $0.6\,\%$ of $\alpha_0$ after 100.
#
# ### Exercise 2 (2 points): `exponential_decay(lr0, epoch, base=0.95)`
#
# Return $\text{base}^{\,\text{epoch}}\cdot\alpha_0$, for one epoch or an array of epochs
# (counting from 1, so epoch 1 already uses $0.95\,\alpha_0$).

# %% solution="exponential_decay"
def exponential_decay(lr0, epoch, base=0.95):
    """Learning rate base**epoch * lr0; epoch (int or int array) counts from 1."""
    ### BEGIN SOLUTION
    return base ** np.asarray(epoch, dtype=float) * lr0
    ### END SOLUTION


# %% test="test_exponential_decay_first_epochs" points=1
from helpers import grading as G
for _epoch, _exp in [(2, 0.09025), (1, 0.095), (10, 0.1 * 0.95 ** 10)]:
    G.check_close(G.call(exponential_decay, 0.1, _epoch), _exp, f"exponential_decay(0.1, epoch={_epoch})",
                  hints={"epochs counted from 0 (base ** (epoch - 1)): epoch 1 must already use base * lr0": 0.1 * 0.95 ** (_epoch - 1),
                         "base * epoch * lr0 (multiplied instead of raised to the power)": 0.95 * _epoch * 0.1,
                         "epoch ** base * lr0 (base and exponent swapped)": _epoch ** 0.95 * 0.1})
### BEGIN HIDDEN TESTS
from grader.lr_decay import hidden_exponential_decay_first_epochs
hidden_exponential_decay_first_epochs(exponential_decay)
### END HIDDEN TESTS
print("exponential_decay(0.1, 1) = 0.095: epoch 1 already decays once.")

# %% test="test_exponential_decay_values" points=1
from helpers import grading as G
_epochs = np.arange(1, 6)
try:
    _got = G.call(exponential_decay, 0.3, _epochs, 0.5)
except G.GradingError as _err:
    raise G.GradingError(f"{_err} — epoch may be a NumPy array of epochs: use NumPy arithmetic, "
                         "with no if/for on epoch and no math module") from None
G.check_shape(_got, (5,), "exponential_decay(0.3, np.arange(1, 6), base=0.5)")
### BEGIN HIDDEN TESTS
from grader.lr_decay import hidden_exponential_decay_values
hidden_exponential_decay_values(exponential_decay, _epochs)
### END HIDDEN TESTS
print("exponential_decay returns one rate per epoch.")


# %% [markdown]
# ### Inverse square root, per epoch or per mini-batch
#
# Two more formulas from the lecture fall more gently than $1/\text{epoch}$:
#
# $$\alpha = \frac{k}{\sqrt{\text{epoch}}}\,\alpha_0 \qquad\text{or}\qquad
#   \alpha = \frac{k}{\sqrt{t}}\,\alpha_0 ,$$
#
# with a constant $k$. The second uses the **mini-batch counter** $t$ (the number of updates so
# far, from 1) instead of the epoch, so the rate shrinks a little after every update rather than
# in jumps at the end of each epoch. It is the same function with $t$ in place of the epoch
# number, so one implementation serves both.
#
# ### Exercise 3 (2 points): `inverse_sqrt_decay(lr0, epoch, k=1.0)`
#
# Return $k/\sqrt{\text{epoch}}\cdot\alpha_0$, for one epoch or an array of epochs (≥ 1).
# Use `np.sqrt` (the `math` module only takes single numbers).

# %% solution="inverse_sqrt_decay"
def inverse_sqrt_decay(lr0, epoch, k=1.0):
    """Learning rate k / sqrt(epoch) * lr0; epoch (int or int array) counts from 1."""
    ### BEGIN SOLUTION
    return k / np.sqrt(np.asarray(epoch, dtype=float)) * lr0
    ### END SOLUTION


# %% test="test_inverse_sqrt_decay_basics" points=1
from helpers import grading as G
for _epoch, _exp in [(1, 0.2), (4, 0.1), (100, 0.02)]:
    G.check_close(G.call(inverse_sqrt_decay, 0.2, _epoch), _exp, f"inverse_sqrt_decay(0.2, epoch={_epoch})",
                  hints={"the square root left out (k / epoch * lr0)": 0.2 / _epoch,
                         "lr0 multiplied by sqrt(epoch) instead of divided": 0.2 * np.sqrt(_epoch),
                         "epochs counted from 0 (sqrt(epoch + 1))": 0.2 / np.sqrt(_epoch + 1)})
### BEGIN HIDDEN TESTS
from grader.lr_decay import hidden_inverse_sqrt_decay_basics
hidden_inverse_sqrt_decay_basics(inverse_sqrt_decay)
### END HIDDEN TESTS
print("inverse_sqrt_decay: 0.2, 0.1, 0.02 at epochs 1, 4, 100.")

# %% test="test_inverse_sqrt_decay_values" points=1
from helpers import grading as G
_epochs = np.arange(1, 10)
try:
    _got = G.call(inverse_sqrt_decay, 0.4, _epochs, 0.5)
except G.GradingError as _err:
    raise G.GradingError(f"{_err} — epoch may be a NumPy array of epochs: use np.sqrt (not math.sqrt), "
                         "with no if/for on epoch") from None
G.check_shape(_got, (9,), "inverse_sqrt_decay(0.4, np.arange(1, 10), k=0.5)")
### BEGIN HIDDEN TESTS
from grader.lr_decay import hidden_inverse_sqrt_decay_values
hidden_inverse_sqrt_decay_values(inverse_sqrt_decay, _epochs)
### END HIDDEN TESTS
print("inverse_sqrt_decay works on arrays of epochs.")


# %% [markdown]
# ### Staircase (step) decay
#
# Keep $\alpha$ constant for a while, then cut it by a factor, keep it again, cut it again: a
# staircase. With `drop = 0.5` and `epochs_per_drop = 10`, epochs 1–10 use $\alpha_0$, epochs
# 11–20 use $\alpha_0/2$, epochs 21–30 use $\alpha_0/4$, and so on:
#
# $$\alpha = \alpha_0\cdot\text{drop}^{\left\lfloor (\text{epoch} - 1)\,/\,\text{epochs\_per\_drop}\right\rfloor} .$$
#
# The $-1$ is there because epochs count from 1: without it epoch 10 would already be on the
# second stair, so the first stair would last only nine epochs.
#
# ### Exercise 4 (3 points): `staircase_decay(lr0, epoch, drop=0.5, epochs_per_drop=10)`
#
# Return the formula above, for one epoch or an array of epochs. Python's `//` is the floor
# division $\lfloor\cdot\rfloor$ and works on NumPy arrays.

# %% solution="staircase_decay"
def staircase_decay(lr0, epoch, drop=0.5, epochs_per_drop=10):
    """Learning rate lr0 * drop ** ((epoch - 1) // epochs_per_drop); epoch counts from 1."""
    ### BEGIN SOLUTION
    n_drops = (np.asarray(epoch) - 1) // epochs_per_drop
    return lr0 * drop ** np.asarray(n_drops, dtype=float)
    ### END SOLUTION


# %% test="test_staircase_decay_stairs" points=1
from helpers import grading as G
for _epoch, _exp in [(1, 0.1), (10, 0.1), (11, 0.05), (20, 0.05), (21, 0.025)]:
    G.check_close(G.call(staircase_decay, 0.1, _epoch), _exp, f"staircase_decay(0.1, epoch={_epoch})",
                  hints={"epoch // epochs_per_drop instead of (epoch - 1) // epochs_per_drop: "
                         "the first stair must hold epochs 1-10": 0.1 * 0.5 ** (_epoch // 10),
                         "(epoch - 1) / epochs_per_drop without the floor: a smooth curve instead of stairs":
                             0.1 * 0.5 ** ((_epoch - 1) / 10),
                         "lr0 * drop * n_drops (multiplied instead of raised to the power)": 0.1 * 0.5 * ((_epoch - 1) // 10),
                         "ceil instead of floor (ceil(epoch / epochs_per_drop) drops already in epoch 1; "
                         "use (epoch - 1) // epochs_per_drop)": 0.1 * 0.5 ** np.ceil(_epoch / 10)})
### BEGIN HIDDEN TESTS
from grader.lr_decay import hidden_staircase_decay_stairs
hidden_staircase_decay_stairs(staircase_decay)
### END HIDDEN TESTS
print("Stairs of 10 epochs: 0.1 for epochs 1-10, 0.05 for 11-20, 0.025 from 21.")

# %% test="test_staircase_decay_values" points=2
from helpers import grading as G
_epochs = np.arange(1, 13)
try:
    _got = G.call(staircase_decay, 0.2, _epochs, 0.3, 3)
except G.GradingError as _err:
    raise G.GradingError(f"{_err} — epoch may be a NumPy array of epochs: use // and ** on the array, "
                         "with no if/for on epoch and no math module") from None
G.check_shape(_got, (12,), "staircase_decay(0.2, np.arange(1, 13), drop=0.3, epochs_per_drop=3)")
### BEGIN HIDDEN TESTS
from grader.lr_decay import hidden_staircase_decay_values
hidden_staircase_decay_values(staircase_decay, _epochs)
### END HIDDEN TESTS
print("staircase_decay works on arrays of epochs, with any drop and stair length.")

# %% [markdown]
# ### Decay by hand
#
# The last option of the lecture needs no formula: watch the training curves and lower $\alpha$
# yourself when progress stalls — for a single large model that trains for days, people do
# exactly that. It does not scale to many models, and it is hard to reproduce unless you write
# the decisions down; libraries automate it as "reduce the rate when the validation loss
# plateaus". Below it is simply a hand-written table of (first epoch, rate).
#
# ## 4. All the schedules in one picture
#
# Every schedule with $\alpha_0 = 0.2$ over 40 epochs of 25 mini-batches, drawn with your four
# functions. The per-mini-batch $k/\sqrt{t}$ is drawn at every
# update, so it is a smooth curve where the per-epoch schedules are flat within each epoch;
# $k = 5 = \sqrt{25}$ makes it meet $k/\sqrt{\text{epoch}}$ with $k = 1$ at the end of every epoch.
# (With $k > 1$ the formula would start *above* $\alpha_0$ — at $t = 1$ it gives $5\alpha_0$ — so
# we cap it at $\alpha_0$: it stays flat during the first epoch.)

# %%
lr0 = 0.2
per_epoch = 25                                   # mini-batches per epoch (m = 200, b = 8)
ep = np.arange(1, 41)
t = np.arange(1, 40 * per_epoch + 1)            # the mini-batch counter
manual_table = [(1, 0.2), (13, 0.06), (27, 0.015)]   # (from epoch, rate): lowered twice by hand


def manual_decay(epoch):
    """The hand-set schedule: the rate of the last row of manual_table whose epoch has started."""
    return [rate for first, rate in manual_table if first <= epoch][-1]


curves = {
    "1 / (1 + 1·epoch)  (lecture's example)": inverse_time_decay(lr0, 1.0, ep),
    "1 / (1 + 0.1·epoch)": inverse_time_decay(lr0, 0.1, ep),
    "0.95^epoch": exponential_decay(lr0, ep, 0.95),
    "1 / √epoch": inverse_sqrt_decay(lr0, ep, 1.0),
    "staircase: ×0.5 every 10 epochs": staircase_decay(lr0, ep, 0.5, 10),
    "by hand": np.array([manual_decay(e) for e in ep]),
}
fig, axes = plt.subplots(1, 2, figsize=(14, 4.6))
for ax, scale in zip(axes, ("linear", "log")):
    for k, (label, lrs) in enumerate(curves.items()):
        ax.step(np.r_[0, ep], np.r_[lrs[0], lrs], where="pre", lw=1.6, color=f"C{k}", label=label)
    ax.plot(t / per_epoch, np.minimum(lr0, inverse_sqrt_decay(lr0, t, 5.0)), lw=1.0, color="C6",
            label="α0 · min(1, 5 / √t)  (t = mini-batch counter)")
    ax.axhline(lr0, color="k", lw=0.8, ls=":")
    ax.set(xlabel="epoch (one step of the curve = one epoch)", ylabel="learning rate α", yscale=scale,
           xlim=(0, 40), ylim=(0 if scale == "linear" else 5e-3, 0.21),
           title=f"schedules starting from α0 = {lr0} ({scale} axis)")
axes[0].legend(fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# Read the log panel: the exponential schedule is a straight line falling forever; the
# inverse-time and inverse-square-root schedules bend and flatten; the staircase and the
# hand-set schedule stay flat and drop in jumps. Note how different the *scale* of the
# schedules is after 40 epochs: anything from about $\alpha_0/40$ to $\alpha_0/5$. Choosing the schedule
# and its constant is really choosing how long training keeps moving.
#
# ## 5. How much does each schedule shrink the noise ball?
#
# Back to the line problem of section 1. Each schedule starts from $\alpha_0 = 0.1$, with the
# same shuffles; we measure the root-mean-square distance to the minimum over the last epoch.
# One schedule is added on purpose: an exponential decay with base 0.5, which falls far too fast.

# %%
ball_schedules = {
    "fixed α": lambda e, t: 0.1,
    "1 / (1 + 0.2·epoch)": lambda e, t: inverse_time_decay(0.1, 0.2, e),
    "0.95^epoch": lambda e, t: exponential_decay(0.1, e, 0.95),
    "0.5^epoch (too fast)": lambda e, t: exponential_decay(0.1, e, 0.5),
    "1 / √epoch": lambda e, t: inverse_sqrt_decay(0.1, e, 1.0),
    "5 / √t per mini-batch (≤ α0)": lambda e, t: min(0.1, inverse_sqrt_decay(0.1, t, 5.0)),
    "staircase ×0.5 / 10 epochs": lambda e, t: staircase_decay(0.1, e, 0.5, 10),
}
ball_paths = {label: sgd_path(s) for label, s in ball_schedules.items()}
radii = {label: ball_radius(p) for label, p in ball_paths.items()}

fig, axes = plt.subplots(1, 2, figsize=(14, 4.2))
for k, (label, p) in enumerate(ball_paths.items()):
    axes[0].semilogy(np.arange(25, len(p) + 1), running_radius(p), lw=1.5, color=f"C{k}", label=label)
axes[0].set(xlabel="update t", ylabel="RMS distance to the minimum over 1 epoch",
            title="every schedule, same shuffles")
axes[0].legend(fontsize=7, ncol=2)
axes[1].barh(list(radii), list(radii.values()), color=[f"C{k}" for k in range(len(radii))])
axes[1].invert_yaxis()
axes[1].set(xscale="log", xlabel="RMS distance to the minimum over the last epoch",
            title="size of the noise ball at the end")
fig.tight_layout()
plt.show()
for label, r in radii.items():
    ratio = radii["fixed α"] / r
    verdict = f"{ratio:4.1f}× smaller than with a fixed α" if ratio >= 1 else f"{1 / ratio:4.1f}× LARGER: frozen before arriving"
    print(f"{label:28s} {r:.4f}   ({verdict})")
if note_ball:
    print(note_ball)

# %% [markdown]
# Every sensible decaying schedule ends several times closer to the minimum than the fixed
# rate. How much closer depends mostly on how small its rate is *at the end*. (For mini-batches
# drawn independently, with replacement, theory says the ball's radius on a quadratic bowl scales
# like $\sqrt{\alpha}$. Here every epoch is a reshuffle of the same examples, so within an epoch
# the batch errors partly cancel, and the ball shrinks faster, almost in proportion to $\alpha$:
# final rates 6 to 9 times smaller than $\alpha_0$ after 40 epochs give balls 5 to 7.5 times
# smaller in the table, each about 0.8 of its rate's ratio. The last epoch of one
# run is only a rough measurement of it.)
#
# The base-0.5 schedule shows the other side. Its rate halves every epoch, so after a few
# epochs the steps are negligible and the path **freezes** — its curve in the left panel goes
# flat while it is still far from the minimum. All the steps it will ever take add up to a
# finite distance ($\sum_e 0.5^e = 1$ epoch's worth of $\alpha_0$), not enough to cross the bowl.
# Decaying too fast is a real failure mode: training stops short of a minimum it has not reached.
#
# ## 6. A real classifier: final loss and its spread over seeds
#
# The same question on the handwritten digits: softmax regression (a 65 × 10 weight matrix,
# L2 penalty 0.01 so that the loss has a proper minimum), plain mini-batch descent with batches
# of 32, trained with the course's loop `helpers.train.train` (it cuts every epoch with lesson
# 04's `make_mini_batches` and takes each epoch's rate from your schedule). For several initial
# rates $\alpha_0$ and several seeds (each seed = different shuffles) we record the final full
# training loss, with and without decay. If decay shrinks the noise ball, the decayed runs
# should end lower *and* agree more closely with each other.

# %%
X_all, y_all = load_digits()
X_train, y_train, X_val, y_val = train_val_split(X_all, y_all, n_val=397, rng=rng)
reg = 0.01
def digits_loss_and_grad(W, X, y):
    return softmax_loss_and_grad(W, X, y, reg)


(lr0s, seeds, n_epochs), note_digits = pick(([0.03, 0.1, 0.3, 1.0, 3.0], [0, 1, 2], 8),
                                             ([1.0], [0], 2), "the learning rates, seeds and epochs")
digit_schedules = {
    "fixed α": lambda a: None,
    "1 / (1 + 0.5·epoch)": lambda a: (lambda epoch: inverse_time_decay(a, 0.5, epoch)),
    "staircase ×0.5 / 2 epochs": lambda a: (lambda epoch: staircase_decay(a, epoch, 0.5, 2)),
}
final = {label: np.empty((len(lr0s), len(seeds))) for label in digit_schedules}
for label, make in digit_schedules.items():
    for i, a in enumerate(lr0s):
        for j, seed in enumerate(seeds):
            W = np.zeros((65, 10))
            train(optim.SGD(lr=a), digits_loss_and_grad, W, X_train, y_train, make_batches=make_mini_batches,
                  batch_size=32, n_epochs=n_epochs, rng=np.random.default_rng(seed), schedule=make(a))
            final[label][i, j] = digits_loss_and_grad(W, X_train, y_train)[0]

fig, axes = plt.subplots(1, 2, figsize=(14, 4.4))
for ax in axes:
    for k, (label, F) in enumerate(final.items()):
        ax.errorbar(np.array(lr0s) * (1 + 0.04 * (k - 1)), F.mean(axis=1), yerr=F.std(axis=1), fmt="-o",
                    ms=4, capsize=3, color=f"C{k}", label=label)
    ax.set(xscale="log", xlabel="initial learning rate α0", ylabel="final training loss")
axes[0].set(yscale="log", title=f"softmax regression on digits, {n_epochs} epochs (mean ± std over {len(seeds)} seeds)")
best = min(F.mean(axis=1).min() for F in final.values())
axes[1].set(ylim=(best - 0.005, best + 0.05), title="close-up of the bottom (linear axis)")
axes[0].legend()
fig.tight_layout()
plt.show()
print("final training loss, mean ± std over seeds")
print("α0      " + "".join(f"{label:>28s}" for label in final))
for i, a in enumerate(lr0s):
    print(f"{a:<8g}" + "".join(f"{F[i].mean():>19.4f} ± {F[i].std():.4f}" for F in final.values()))
if note_digits:
    print(note_digits)

# %% [markdown]
# Two things to read off the figure.
#
# * **Decay helps when $\alpha_0$ is large** — above the best fixed rate. With a fixed
#   rate the large-$\alpha_0$ runs end high and disagree with each other (long error bars: each
#   seed is somewhere else in its noise ball when training stops). The decayed runs end lower and
#   tightly together, so decay lets you start with a larger $\alpha_0$. At $\alpha_0 \le 0.3$ the
#   decayed runs end *higher* than the fixed ones: the steps shrink before the runs arrive.
# * **But $\alpha_0$ matters more than the schedule.** Move along the horizontal axis: the final
#   loss changes far more between $\alpha_0 = 0.03$ and $\alpha_0 = 0.3$ than between any two
#   schedules at the best $\alpha_0$. The best decayed run beats the best fixed one by less than
#   one per cent of the loss (0.742 against 0.748 in the table).
#
# This is the lecture's advice, measured: decay is not the first thing to tune. Tune a fixed
# $\alpha$ well first (on a log scale, as above); add decay afterwards, to squeeze out the last
# bit of loss and make runs reproducible. Every schedule brings new hyperparameters
# (`decay_rate`, `base`, `k`, `drop`, `epochs_per_drop`), and those interact with $\alpha_0$ and
# with the number of epochs.

# %% [markdown]
# ### Explore: the decay rate
#
# Slide the decay rate up from 0 (a fixed α): watch the size of the noise ball on the left and
# the final loss on the right. Look for the rate beyond which the final loss grows again, and
# read off in the left title how small α has become by the last epoch.

# %%
from helpers import explore

explore.decay_noise_ball(schedule=inverse_time_decay)   # your inverse_time_decay sets α

# %% [markdown]
# ## Takeaways
#
# * With a fixed learning rate, mini-batch descent never settles: it circles the minimum in a
#   noise ball whose size grows with $\alpha$.
# * Decay the rate to shrink the ball: $\alpha_0/(1 + \text{decay\_rate}\cdot\text{epoch})$,
#   $0.95^{\text{epoch}}\alpha_0$, $k\alpha_0/\sqrt{\text{epoch}}$ or $k\alpha_0/\sqrt{t}$ per
#   mini-batch, a staircase, or by hand. Epochs count from 1, so epoch 1 already decays.
# * Decaying too fast freezes training before it arrives; decaying too slowly leaves the noise
#   ball large. The schedule is a hyperparameter like any other.
# * Tune a fixed $\alpha$ first; decay is a refinement.
#
# Lesson 10 puts every optimizer of the course — with and without decay — side by side on the
# landscapes where they differ most: saddle points, plateaus, narrow valleys and bumpy ground.

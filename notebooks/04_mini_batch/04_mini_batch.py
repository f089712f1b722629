# %% [markdown]
# # Lesson 04 — Batch, stochastic and mini-batch gradient descent
#
# *Optimization for Deep Learning* · lesson 4 of 11 · graded: `make_mini_batches` (4 points), `minibatch_gd` (6 points)
#
# Lesson 03 took one step per full pass over the training set. With five million examples, five
# million forward and backward computations buy one small step. This lesson steps after every
# small slice of the data instead. We will
#
# 1. fix the notation: mini-batches $X^{\{t\}}, y^{\{t\}}$, iterations and epochs;
# 2. write the algorithm's two pieces: cutting shuffled data into mini-batches, and the loop;
# 3. see why the shuffle matters, why the mini-batch cost $J^{\{t\}}$ is noisy, and how batch,
#    stochastic and mini-batch descent move on the same cost surface;
# 4. time updates and epochs against the batch size on this CPU, and choose a batch size;
# 5. meet a claim from the literature: small batches may generalise better.
#
# **Conventions of the course.** A data matrix holds one example per *row*: `X` has shape `(m, n)`
# and a mini-batch `X_t` has shape `(b, n)`. (The lecture notes put examples in columns, so there
# $X^{\{t\}}$ is `(n_x, b)`.) Every random draw comes from an explicit `numpy.random.Generator`,
# seeded once below.

# %%
import itertools
import time

import numpy as np
import matplotlib.pyplot as plt

from helpers.data import make_regression
from helpers.losses import mse_loss_and_grad
from helpers.timing import time_median
from helpers.data import load_digits, train_val_split
from helpers.landscapes import make_grid
from helpers.losses import accuracy
from helpers.models import softmax_loss_and_grad
from helpers.runmode import pick

rng = np.random.default_rng(2604)   # the one seed of this notebook
np.set_printoptions(precision=4, suppress=True)


# %% [markdown]
# ## 1. Mini-batches, iterations and epochs
#
# Split the `m` training examples into groups of `b` (the **batch size**). The notes write
# mini-batch $t$ with curly braces, $X^{\{t\}}, y^{\{t\}}$ (round brackets $x^{(i)}$ are single
# examples, square brackets $W^{[l]}$ layers). Its cost $J^{\{t\}}$ is the average loss over its
# $b_t$ examples (plus any regularisation term):
#
# $$J^{\{t\}}(\theta) = \frac{1}{b_t}\sum_{i \in \text{batch } t} L\bigl(\hat y^{(i)}, y^{(i)}\bigr),
# \qquad \theta \leftarrow \theta - \alpha\,\nabla J^{\{t\}}(\theta)
#   = \theta - \alpha\,\frac{1}{b_t}\sum_{i \in \text{batch } t} \nabla L_i(\theta).$$
#
# An **iteration** is one update (one mini-batch); an **epoch** is one pass over all `m`
# examples, $\lceil m / b \rceil$ iterations.
#
# | method | batch size `b` | updates per epoch | the notes' example: m = 5 000 000 |
# |---|---|---|---|
# | batch gradient descent | `m` | 1 | 1 |
# | mini-batch gradient descent | between 1 and `m` | $\lceil m/b \rceil$ | 5 000 with b = 1 000 |
# | stochastic gradient descent (SGD) | 1 | `m` | 5 000 000 |
#
# (Papers and libraries often say "SGD" for *mini-batch* gradient descent. Strictly, SGD uses one
# example per step.) The whole algorithm is two nested loops:
#
# ```
# initialise the parameters θ
# for epoch = 1, 2, ...                        # outer loop: passes over the data
#     shuffle the m examples, X and y with the same permutation
#     for t = 1, ..., ceil(m / b)              # inner loop: one update per mini-batch
#         forward pass on X{t}, cost J{t}
#         backward pass: the gradient of J{t}
#         θ ← θ − α · gradient
#     stop when the budget of epochs or iterations is spent, or when the cost
#     has changed by less than a chosen threshold
# ```
#
# **Why can 256 examples stand in for a million?** Because examples are redundant: picture a
# million images that are really 1 000 pictures copied a thousand times — one copy of each gives
# *exactly* the full gradient at a thousandth of the cost. Real data are not copies, but similar
# examples push the weights in similar directions, so the mini-batch gradient is a cheap,
# unbiased estimate of the full one (section 5 measures its error).
#
# Which example goes into which mini-batch: every epoch draws a new permutation and cuts it into
# consecutive batches of `b`; with 20 examples and `b = 6`, batches of 6, 6, 6 and a last one of
# 20 mod 6 = 2.
#
# ## 2. Cutting the data into mini-batches
#
# ### Exercise 1 (4 points): `make_mini_batches(X, y, batch_size, rng) -> list[(X_t, y_t)]`
#
# * Draw **one** permutation `perm = rng.permutation(m)` from the `rng` you are given
#   (`m = X.shape[0]`), and reorder *both* `X` and `y` with it: `X[perm]`, `y[perm]`. Row `i` of
#   `X` must stay paired with `y[i]`.
# * Cut the shuffled data into consecutive slices of `batch_size` rows: rows `0 … b-1` form the
#   first mini-batch, rows `b … 2b-1` the second, and so on. When `m % batch_size != 0` the
#   **last** mini-batch holds the remaining rows. When `batch_size >= m` there is a single
#   mini-batch: batch gradient descent.
# * `batch_size < 1` raises a `ValueError`.
# * Return a list of pairs `(X_t, y_t)`. `y` may be 1-D `(m,)` or 2-D `(m, C)`.
# * No Python loop over the examples (a loop over the *mini-batches* is fine), and do not modify
#   `X` or `y`. Note that `rng.shuffle(X)` shuffles `X` *in place*, so it would change the
#   caller's data.
#
# *How this exercise is graded.* The visible tests check sizes, pairing, the shuffle, that two
# generators seeded alike give the same batches (a global `np.random` draw fails), one batch
# when `batch_size >= m`, the `ValueError`, that `X` and `y` are left alone, and that no Python
# loop runs over the examples. Hidden tests decide the grade: they also compare your batches
# with the exact permutation of a seed, with 2-D labels and fresh sizes.
#
# *Reading ahead.* Run All stops at the first failing test until the function is written; the
# experiments below the tests run **your** functions. The executed lesson can be read ahead on the
# lecture site.

# %% solution="make_mini_batches"
def make_mini_batches(X, y, batch_size, rng):
    """Shuffle (X, y) with one permutation drawn from rng and cut it into mini-batches of batch_size."""
    ### BEGIN SOLUTION
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}")
    m = X.shape[0]
    perm = rng.permutation(m)
    X_shuffled, y_shuffled = X[perm], y[perm]
    return [(X_shuffled[k:k + batch_size], y_shuffled[k:k + batch_size]) for k in range(0, m, batch_size)]
    ### END SOLUTION


# %% [markdown]
# The first check is small enough to follow by hand. Row `i` of `X` is `[i, -i]` and its label
# is `100 + i`, so each pair can be checked after the shuffle. With 10 examples and
# `batch_size = 4` the sizes must be 4, 4, 2.

# %% test="test_make_mini_batches_basics" points=1
from helpers import grading as G
_X = np.stack([np.arange(10.0), -np.arange(10.0)], axis=1)    # row i is [i, -i]
_y = 100 + np.arange(10)                                       # the label of row i is 100 + i
_batches = G.call(make_mini_batches, _X, _y, 4, np.random.default_rng(0))
G.check_unchanged(np.stack([np.arange(10.0), -np.arange(10.0)], axis=1), _X, "X")
G.check_unchanged(100 + np.arange(10), _y, "y")
G.check_true(isinstance(_batches, (list, tuple))
             and all(isinstance(_p, (list, tuple)) and len(_p) == 2 for _p in _batches),
             "make_mini_batches must return a list of pairs (X_t, y_t)")
G.check_equal([len(np.asarray(_yt)) for _, _yt in _batches], [4, 4, 2],
              "the sizes of the mini-batches for m = 10 and batch_size = 4",
              hints={"the remainder dropped (the last, smaller mini-batch of 10 % 4 = 2 examples is missing)": [4, 4],
                     "np.array_split spreading the remainder over the batches (only the last batch may be smaller)": [4, 3, 3],
                     "np.array_split into m // batch_size pieces (only the last batch may be smaller)": [5, 5]})
G.check_shape(_batches[0][0], (4, 2), "X_t of the first mini-batch")
_Xcat = np.concatenate([np.asarray(_xt) for _xt, _ in _batches])
_ycat = np.concatenate([np.asarray(_yt) for _, _yt in _batches])
G.check_equal(np.sort(_ycat), _y, "the labels of all mini-batches together (each example exactly once)")
G.check_true(np.array_equal(_Xcat[:, 0] + 100, _ycat),
             "X_t and y_t are no longer paired: row i of X_t must be the example whose label is y_t[i]. "
             "Shuffle X and y with the same permutation.")
G.check_true(not np.array_equal(_ycat, _y),
             "the examples come out in their original order: no shuffle. Draw perm = rng.permutation(m) "
             "and take X[perm], y[perm] first.")
### BEGIN HIDDEN TESTS
from grader.mini_batch import hidden_make_mini_batches_basics
hidden_make_mini_batches_basics(make_mini_batches)
### END HIDDEN TESTS
print("Sizes 4, 4, 2; every example once; X and y still paired; shuffled.")

# %% test="test_make_mini_batches_exact" points=2
from helpers import grading as G
_g = np.random.default_rng(21)
_X, _y = _g.standard_normal((23, 3)), _g.integers(0, 5, size=23)
_b1 = G.call(make_mini_batches, _X.copy(), _y.copy(), 5, np.random.default_rng(7))
_b2 = G.call(make_mini_batches, _X.copy(), _y.copy(), 5, np.random.default_rng(7))
_cat = lambda _bs, _k: np.concatenate([np.asarray(_p[_k]) for _p in _bs])
G.check_true(len(_b1) == len(_b2) and np.array_equal(_cat(_b1, 0), _cat(_b2, 0)),
             "two calls with generators seeded alike (np.random.default_rng(7)) returned different mini-batches: "
             "the global RNG is used instead of rng. Draw the permutation with rng.permutation(m), "
             "not np.random.permutation or np.random.shuffle.")
### BEGIN HIDDEN TESTS
from grader.mini_batch import hidden_make_mini_batches_exact
hidden_make_mini_batches_exact(make_mini_batches)
### END HIDDEN TESTS
print("make_mini_batches gives the same mini-batches for generators seeded alike.")

# %% test="test_make_mini_batches_edges" points=1
from helpers import grading as G
_X = np.arange(10.0).reshape(5, 2)
_y = np.arange(5)
_X0, _y0 = _X.copy(), _y.copy()
for _bs in (5, 8):
    _bt = G.call(make_mini_batches, _X, _y, _bs, np.random.default_rng(1))
    G.check_unchanged(_X0, _X, "X")
    G.check_unchanged(_y0, _y, "y")
    G.check_equal(len(_bt), 1, f"the number of mini-batches when batch_size = {_bs} >= m = 5 (one batch: batch gradient descent)",
                  hints={"the remainder dropped (with batch_size > m everything is remainder)": 0})
    G.check_equal(np.sort(np.asarray(_bt[0][1])), _y, f"the labels in the single mini-batch (batch_size = {_bs})")
for _bad in (0, -3):
    G.check_raises(make_mini_batches, ValueError, _X, _y, _bad, np.random.default_rng(1), what=f"batch_size = {_bad}")
G.check_vectorized(make_mini_batches, lambda _m: (np.ones((_m, 3)), np.zeros(_m), max(_m // 4, 1), np.random.default_rng(0)),
                   "make_mini_batches (always 4 mini-batches here)")
### BEGIN HIDDEN TESTS
from grader.mini_batch import hidden_make_mini_batches_edges
hidden_make_mini_batches_edges(make_mini_batches)
### END HIDDEN TESTS
print("One mini-batch when batch_size >= m, a ValueError when batch_size < 1, X, y left alone, no loop over the examples.")

# %% [markdown]
# Your `make_mini_batches` at work on the 20 examples numbered 0–19, with `b = 6`, for three
# epochs. (`X` and `y` are both the example numbers, so the labels show who is in each batch.)

# %%
m_demo, b_demo = 20, 6
example_ids = np.arange(m_demo)
for epoch in (1, 2, 3):
    batches = make_mini_batches(example_ids, example_ids, b_demo, rng)   # X = y = the example numbers
    print(f"epoch {epoch}:  " + "   ".join("{" + " ".join(f"{i:2d}" for i in y_t) + " }" for _, y_t in batches))

# %% [markdown]
# Every example appears exactly once per epoch, and the groups change from one epoch to the
# next.
#
# ## 3. Why shuffle, and why shuffle again every epoch?
#
# Mini-batch descent assumes each mini-batch is a small random sample of the training set. Data
# sets often come sorted (by class, date, source). Four ways to feed the 1 400 training digits,
# sorted by label, to softmax regression in mini-batches of 64:
#
# * **not shuffled**: every mini-batch holds one or two classes only;
# * **shuffled once**, before the first epoch, and the same mini-batches used in every epoch;
# * **reshuffled every epoch**, as `make_mini_batches` does;
# * **X and y shuffled with two different permutations**, a bug that breaks the pairs.
#
# (The loop is written out: three of the four are deliberately *not* what `minibatch_gd` does.)

# %%
X_all, y_all = load_digits()
X_train, y_train, X_val, y_val = train_val_split(X_all, y_all, n_val=397, rng=rng)
by_label = np.argsort(y_train, kind="stable")          # store the training set sorted by class
X_sorted, y_sorted = X_train[by_label], y_train[by_label]
m_train, n_pix, n_cls = X_train.shape[0], X_train.shape[1], 10
W_zero = np.zeros((n_pix, n_cls))


n_ep, note_ep = pick(12, 6, "the number of epochs")


def train_with_order(order, n_epochs=n_ep, b=64, lr=0.5, seed=1):
    """Mini-batch descent on the sorted digits; `order` says how to permute X and y each epoch."""
    g = np.random.default_rng(seed)
    fixed = g.permutation(m_train)
    W, costs = W_zero.copy(), []
    for _ in range(n_epochs):
        if order == "not shuffled":
            px = py = np.arange(m_train)
        elif order == "shuffled once":
            px = py = fixed
        elif order == "reshuffled every epoch":
            px = py = g.permutation(m_train)
        else:                                          # the bug: two different permutations
            px, py = g.permutation(m_train), g.permutation(m_train)
        Xe, ye = X_sorted[px], y_sorted[py]
        for k in range(0, m_train, b):
            J, dW = softmax_loss_and_grad(W, Xe[k:k + b], ye[k:k + b])
            costs.append(J)
            W = W - lr * dW
    return W, np.array(costs)


orders = ["not shuffled", "shuffled once", "reshuffled every epoch", "X and y shuffled separately"]
runs = {o: train_with_order(o) for o in orders}
per_epoch = int(np.ceil(m_train / 64))

fig, axes = plt.subplots(1, 4, figsize=(14, 3.2), sharey=True)
for ax, o in zip(axes, orders):
    ax.vlines(per_epoch * np.arange(1, n_ep), 0, 4, color="0.85", lw=0.5, zorder=0)
    ax.plot(runs[o][1], lw=0.8)
    ax.set(title=o, xlabel="iteration t", ylim=(0, 4))
axes[0].set_ylabel("mini-batch cost $J^{\\{t\\}}$")
fig.suptitle(f"{n_ep} epochs of mini-batch descent on the digits, four ways of ordering the data (grey lines: epochs)", y=1.03)
plt.show()
if note_ep:
    print(note_ep)

print(f"{'order':30s} {'training cost':>14s} {'validation accuracy':>20s}")
for o in orders:
    W, c = runs[o]
    print(f"{o:30s} {softmax_loss_and_grad(W, X_train, y_train)[0]:14.3f} {accuracy(W, X_val, y_val):20.1%}")


# %% [markdown]
# What the four panels and the table say:
#
# * **Not shuffled.** Each mini-batch holds one class (two where the stream crosses from one
#   digit to the next), so each step teaches the model that class only. The cost jumps every time
#   the stream moves to a new digit, the same saw-tooth comes back every epoch, and the validation
#   accuracy is the lowest of the three runs that keep the labels.
# * **Shuffled once** and **reshuffled every epoch** end at the same training cost and accuracy
#   here. One shuffle already mixes the classes, and that is what mattered: on this problem we
#   measure no benefit from reshuffling. Reshuffling is still the default of the notes and of
#   data loaders: it costs one permutation per epoch, and it never lets one unlucky fixed order
#   repeat (with a single shuffle, each epoch visits the same batches in the same order).
# * **X and y shuffled separately.** Every image now carries a random label. There is nothing left
#   to learn: the cost stays at $\ln 10 \approx 2.30$ (a uniform guess) and the accuracy is chance.
#   This is why the exercise insists on *one* permutation for both.
#
# ## 4. The training loop
#
# ### Exercise 2 (6 points): `minibatch_gd(loss_and_grad, W0, X, y, lr, batch_size, n_epochs, rng) -> (W, costs)`
#
# * `loss_and_grad(W, X_t, y_t)` returns `(J_t, dW)`: the cost of the mini-batch and its gradient
#   with respect to `W` (any shape).
# * Start from a float **copy** of `W0` (do not modify `W0`).
# * For each of the `n_epochs` epochs, call `make_mini_batches(X, y, batch_size, rng)`: a **new
#   shuffle every epoch**, from the `rng` you are given.
# * For each mini-batch in order: call `loss_and_grad` **once**, append `J_t` to `costs` (the cost
#   *before* the update), then update `W = W - lr * dW`.
# * Return the final `W` and `costs` as an array with **one entry per update**: its length is
#   `n_epochs * ceil(m / batch_size)`.
#
# *How this exercise is graded.* The visible tests replay your updates with a recording loss
# function (one call per mini-batch, the cost before the update, a new shuffle each epoch from
# the `rng` given, `W0` left alone) and check batch descent. Hidden tests decide the grade: they
# also compare `W` and `costs` with the exact run of a seed. Run All stops here until the function
# is written; everything below runs your `minibatch_gd`.

# %% solution="minibatch_gd"
def minibatch_gd(loss_and_grad, W0, X, y, lr, batch_size, n_epochs, rng):
    """Mini-batch gradient descent, reshuffled every epoch; costs[t] is J{t} before update t."""
    ### BEGIN SOLUTION
    W = np.array(W0, dtype=float)          # a copy: W0 stays as it was
    costs = []
    for _ in range(n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, rng):   # a fresh shuffle every epoch
            J_t, dW = loss_and_grad(W, X_t, y_t)
            costs.append(J_t)               # J{t}: this mini-batch's cost, before the update
            W = W - lr * dW
    return W, np.array(costs, dtype=float)
    ### END SOLUTION


# %% [markdown]
# The checks below give your `minibatch_gd` a loss function that records every call, so they can
# replay your updates one by one. During each check, `minibatch_gd` is handed a correct
# `make_mini_batches`. Each exercise is then graded on its own: a slip in Exercise 1 does not cost
# points here.

# %% test="test_minibatch_gd_updates" points=2
from helpers import grading as G


def _correct_batches(X, y, batch_size, rng):
    _p = rng.permutation(X.shape[0])
    _Xs, _ys = X[_p], y[_p]
    return [(_Xs[_k:_k + batch_size], _ys[_k:_k + batch_size]) for _k in range(0, X.shape[0], batch_size)]


def _run_gd(*args):
    """The student's minibatch_gd, with a correct make_mini_batches lent to it for the call."""
    return G.call(minibatch_gd, *args, lend={"make_mini_batches": _correct_batches})


_calls = []
def _recording_lsq(W, X_t, y_t):      # least squares on one mini-batch; remembers every call
    _r = X_t @ W - y_t
    _J, _dW = 0.5 * float(np.mean(_r ** 2)), X_t.T @ _r / len(y_t)
    _calls.append((np.array(W, dtype=float), len(y_t), _J, _dW, np.array(y_t, dtype=float)))
    return _J, _dW


_g = np.random.default_rng(31)
_X, _y = _g.standard_normal((10, 2)), _g.standard_normal(10)
_W0 = np.array([1.0, -1.0])
_W, _costs = _run_gd(_recording_lsq, _W0, _X, _y, 0.1, 4, 3, np.random.default_rng(5))
G.check_unchanged(np.array([1.0, -1.0]), _W0, "W0")
_costs = np.asarray(_costs, dtype=float).reshape(-1)
G.check_equal(len(_costs), 9, "the number of costs for m = 10, batch_size = 4 (3 mini-batches per epoch) and 3 epochs",
              hints={"one cost per epoch instead of one per update (one J{t} per mini-batch)": 3,
                     "one epoch too few (range(1, n_epochs)?), or the last, smaller mini-batch skipped": 6})
if len(_calls) != len(_costs):
    _full = sum(1 for _c in _calls if _c[1] == 10)
    _why = (" It looks like the cost of the whole training set is recorded instead of the mini-batch cost J{t}."
            if _full >= len(_costs) else
            " It looks like the cost is recorded after the update (a second call after the step)."
            if len(_calls) == 2 * len(_costs) else "")
    G.check_true(False, f"loss_and_grad was called {len(_calls)} times for {len(_costs)} costs: call it once per "
                        "mini-batch, before the update, and record the loss it returns." + _why)
G.check_equal([_c[1] for _c in _calls], [4, 4, 2] * 3, "the sizes of the mini-batches passed to loss_and_grad",
              hints={"the whole training set passed at every update instead of the mini-batch X_t, y_t": [10] * 9})
G.check_close(_costs, [_c[2] for _c in _calls],
              "costs (costs[t] must be the loss that loss_and_grad returned for mini-batch t, before the update)")
for _k in range(1, 9):
    G.check_close(_calls[_k][0], _calls[_k - 1][0] - 0.1 * _calls[_k - 1][3],
                  f"W at update {_k} (it must be W - lr * dW of the previous update)",
                  hints={"the gradient added instead of subtracted": _calls[_k - 1][0] + 0.1 * _calls[_k - 1][3],
                         "lr left out of the update": _calls[_k - 1][0] - _calls[_k - 1][3]})
G.check_close(_W, _calls[-1][0] - 0.1 * _calls[-1][3], "the returned W (after the last update)")
_epochs = [np.concatenate([_c[4] for _c in _calls[3 * _e:3 * _e + 3]]) for _e in range(3)]
G.check_true(not (np.array_equal(_epochs[0], _epochs[1]) and np.array_equal(_epochs[1], _epochs[2])),
             "the three epochs visited the examples in the same order: shuffled once for all epochs. Call "
             "make_mini_batches(X, y, batch_size, rng) inside the epoch loop: a new shuffle every epoch.")
### BEGIN HIDDEN TESTS
from grader.mini_batch import hidden_minibatch_gd_updates
hidden_minibatch_gd_updates(minibatch_gd, _correct_batches, _recording_lsq, _calls, _X, _g)
### END HIDDEN TESTS
print("One call of loss_and_grad per mini-batch, its cost recorded before the step W - lr * dW, a new shuffle "
      "every epoch, W0 untouched.")

# %% test="test_minibatch_gd_exact" points=3
from helpers import grading as G


def _correct_batches(X, y, batch_size, rng):
    _p = rng.permutation(X.shape[0])
    _Xs, _ys = X[_p], y[_p]
    return [(_Xs[_k:_k + batch_size], _ys[_k:_k + batch_size]) for _k in range(0, X.shape[0], batch_size)]


def _run_gd(*args):
    """The student's minibatch_gd, with a correct make_mini_batches lent to it for the call."""
    return G.call(minibatch_gd, *args, lend={"make_mini_batches": _correct_batches})


def _lsq(W, X_t, y_t):
    _r = X_t @ W - y_t
    return 0.5 * float(np.mean(_r ** 2)), X_t.T @ _r / len(y_t)


_g = np.random.default_rng(51)
_X, _y, _W0 = _g.standard_normal((23, 3)), _g.standard_normal(23), _g.standard_normal(3)
_W, _costs = _run_gd(_lsq, _W0.copy(), _X, _y, 0.05, 5, 4, np.random.default_rng(9))
_W2, _costs2 = _run_gd(_lsq, _W0.copy(), _X, _y, 0.05, 5, 4, np.random.default_rng(9))
G.check_true(np.array_equal(np.asarray(_costs), np.asarray(_costs2)),
             "two runs with generators seeded alike gave different costs: the global RNG is used instead of rng. "
             "Pass the rng argument to make_mini_batches.")
G.check_equal(len(np.asarray(_costs).reshape(-1)), 20,
              "the number of costs for m = 23, batch_size = 5 (5 mini-batches per epoch) and 4 epochs",
              hints={"one cost per epoch instead of one per update": 4,
                     "one epoch too few (range(1, n_epochs)?)": 15,
                     "the last, smaller mini-batch of each epoch skipped": 16})
### BEGIN HIDDEN TESTS
from grader.mini_batch import hidden_minibatch_gd_exact
hidden_minibatch_gd_exact(minibatch_gd, _correct_batches, _lsq, _X, _y, _W0, _g)
### END HIDDEN TESTS
print("minibatch_gd is reproducible from the rng and has one cost per update.")

# %% test="test_minibatch_gd_batch_gd" points=1
from helpers import grading as G


def _correct_batches(X, y, batch_size, rng):
    _p = rng.permutation(X.shape[0])
    _Xs, _ys = X[_p], y[_p]
    return [(_Xs[_k:_k + batch_size], _ys[_k:_k + batch_size]) for _k in range(0, X.shape[0], batch_size)]


def _run_gd(*args):
    """The student's minibatch_gd, with a correct make_mini_batches lent to it for the call."""
    return G.call(minibatch_gd, *args, lend={"make_mini_batches": _correct_batches})


def _lsq(W, X_t, y_t):
    _r = X_t @ W - y_t
    return 0.5 * float(np.mean(_r ** 2)), X_t.T @ _r / len(y_t)


# batch_size >= m: one mini-batch per epoch, i.e. batch gradient descent, whose cost falls at every step
_g = np.random.default_rng(41)
_X = _g.standard_normal((30, 3))
_y = _X @ np.array([1.0, -2.0, 0.5]) + 0.1 * _g.standard_normal(30)
_W, _costs = _run_gd(_lsq, np.zeros(3), _X, _y, 0.2, 50, 25, np.random.default_rng(0))
_Wgd, _expected = np.zeros(3), []
for _ in range(26):
    _J, _d = _lsq(_Wgd, _X, _y)
    _expected.append(_J)
    _Wgd = _Wgd - 0.2 * _d
G.check_equal(len(np.asarray(_costs).reshape(-1)), 25, "the number of costs for 25 epochs of batch gradient descent",
              hints={"one epoch too few (range(1, n_epochs)?)": 24})
G.check_close(np.asarray(_costs, dtype=float).reshape(-1), _expected[:25],
              "the costs of batch gradient descent (batch_size = 50 >= m = 30: one update per epoch)", rtol=1e-9,
              hints={"the cost recorded after the update": _expected[1:]})
G.check_true(np.all(np.diff(_expected[:25]) < 0), "internal: batch gradient descent must decrease the cost")
### BEGIN HIDDEN TESTS
from grader.mini_batch import hidden_minibatch_gd_batch_gd
hidden_minibatch_gd_batch_gd(minibatch_gd, _correct_batches, _lsq, _X, _y)
### END HIDDEN TESTS
print("With batch_size >= m, minibatch_gd is batch gradient descent and its cost falls at every step.")

# %% [markdown]
# ## 5. Cost curves: smooth for batch descent, noisy for mini-batches
#
# Below, with your `minibatch_gd`, the same classifier is trained both ways. **Batch** gradient descent (`batch_size = m`)
# computes the true cost $J$ at every iteration. With a suitable learning rate, $J$ goes **down
# at every iteration**. If it ever goes up, something is wrong: usually the learning rate is
# too large, or the gradient has a bug. **Mini-batch** descent (`batch_size = 64`) records
# $J^{\{t\}}$, the cost of a different mini-batch each time. That curve goes down *on average*
# but wiggles. The wiggles are not a bug.

# %%
n_batch_gd, note = pick(60, 15, "the number of batch-GD iterations")
W_batch, J_batch = minibatch_gd(softmax_loss_and_grad, W_zero, X_train, y_train, 0.5, m_train, n_batch_gd, rng)
W_mini, J_mini = minibatch_gd(softmax_loss_and_grad, W_zero, X_train, y_train, 0.5, 64, 3, rng)
_, J_big_lr = minibatch_gd(softmax_loss_and_grad, W_zero, X_train, y_train, 12.0, m_train, 8, rng)

fig, axes = plt.subplots(1, 2, figsize=(12, 3.6))
axes[0].plot(J_batch, "o-", ms=3, label="learning rate 0.5")
axes[0].plot(J_big_lr, "s-", ms=3, color="C3", label="learning rate 12 (too large)")
axes[0].set(title="batch gradient descent: $J$ on all 1 400 examples", xlabel="iteration (= epoch)", ylabel="cost $J$",
            ylim=(0, 4))
axes[0].legend()
axes[1].plot(J_mini, lw=1, color="C1")
for e in (1, 2):
    axes[1].axvline(e * per_epoch, color="0.7", ls="--", lw=0.8)
axes[1].set(title="mini-batch gradient descent (b = 64): $J^{\\{t\\}}$", xlabel="iteration t  (dashed: end of an epoch)",
            ylabel="mini-batch cost $J^{\\{t\\}}$", ylim=(0, 4))
fig.tight_layout()
plt.show()
if note:
    print(note)
print(f"after 3 epochs: batch GD made 3 updates, cost {J_batch[3]:.3f}; "
      f"mini-batch GD made {len(J_mini)} updates, cost {softmax_loss_and_grad(W_mini, X_train, y_train)[0]:.3f}")
print(f"after {n_batch_gd} epochs: batch GD made {n_batch_gd} updates, cost {J_batch[-1]:.3f}")
print(f"batch GD with learning rate 0.5 decreases at every iteration: {bool(np.all(np.diff(J_batch) < 0))}; "
      f"with 12: {bool(np.all(np.diff(J_big_lr) < 0))}")

# %% [markdown]
# Two things to read off. First, per *epoch*, mini-batch descent is far ahead: in three passes
# over the data it made 66 updates to batch descent's 3, and it ends lower than batch descent
# does after 60 passes (the printout). Second, the wiggles of $J^{\{t\}}$: each iteration scores a
# *different* mini-batch, some full of clean, typical digits (low cost), some holding a sloppy 8
# or an example whose label is simply **wrong** (high cost).
#
# **Left: hard batches.** We replace 15 % of the training labels by wrong ones, train a few
# epochs, and plot each mini-batch's cost against the number of mislabelled examples it holds.
# (The loop shuffles example *indices* with your `make_mini_batches`, to know who is in each
# batch.)
#
# **Right: how noisy is a mini-batch gradient?** With $g_i$ the gradient of example $i$'s loss,
# $g$ their mean and $\hat g$ the mean over $b$ examples drawn without replacement,
#
# $$\mathbb E\,\lVert \hat g - g\rVert^2 = \frac{\sigma^2}{b}\cdot\frac{m-b}{m-1},
# \qquad \sigma^2 = \frac1m \sum_i \lVert g_i - g\rVert^2 ,$$
#
# checked on the clean digits after one epoch (for softmax regression $\sigma^2$ can be computed
# exactly, since $\lVert g_i \rVert^2 = \lVert x_i\rVert^2 \lVert p_i - e_{y_i}\rVert^2$).

# %%
flipped = rng.random(m_train) < 0.15
y_noisy = y_train.copy()
y_noisy[flipped] = (y_train[flipped] + rng.integers(1, n_cls, size=flipped.sum())) % n_cls   # always a wrong class
W, n_bad, J_last = W_zero.copy(), [], []
n_noisy_epochs = pick(8, 5)
for epoch in range(n_noisy_epochs):
    for X_t, idx_t in make_mini_batches(X_train, np.arange(m_train), 32, rng):
        J_t, dW = softmax_loss_and_grad(W, X_t, y_noisy[idx_t])
        W = W - 0.5 * dW
        if epoch >= n_noisy_epochs - 3:
            n_bad.append(flipped[idx_t].sum())
            J_last.append(J_t)
n_bad, J_last = np.array(n_bad), np.array(J_last)

W_probe = minibatch_gd(softmax_loss_and_grad, W_zero, X_train, y_train, 0.5, 64, 1, rng)[0]
_, g_full = softmax_loss_and_grad(W_probe, X_train, y_train)
scores = X_train @ W_probe
P = np.exp(scores - scores.max(axis=1, keepdims=True))
P /= P.sum(axis=1, keepdims=True)
P[np.arange(m_train), y_train] -= 1.0                        # row i: p_i - e_{y_i}
sigma2 = ((X_train ** 2).sum(axis=1) * (P ** 2).sum(axis=1)).mean() - (g_full ** 2).sum()
sizes_noise, n_draws = 2 ** np.arange(0, 11), 12
rms_err = [np.sqrt(np.mean([np.sum((softmax_loss_and_grad(W_probe, X_train[s], y_train[s])[1] - g_full) ** 2)
                            for s in (rng.permutation(m_train)[:b] for _ in range(n_draws))]))
           for b in sizes_noise]
theory = np.sqrt(sigma2 / sizes_noise * (m_train - sizes_noise) / (m_train - 1))
g_norm = np.sqrt((g_full ** 2).sum())

fig, axes = plt.subplots(1, 2, figsize=(13, 3.8))
ks = np.unique(n_bad)
axes[0].scatter(n_bad + rng.uniform(-0.15, 0.15, n_bad.size), J_last, s=8, alpha=0.5)
axes[0].plot(ks, [J_last[n_bad == k].mean() for k in ks], "o-", color="C3", label="mean cost per count")
axes[0].set(xlabel="mislabelled examples in the mini-batch (of 32)", ylabel="$J^{\\{t\\}}$",
            title=f"hard batches: more wrong labels, higher cost (last 3 of {n_noisy_epochs} epochs)")
axes[0].legend()
axes[1].loglog(sizes_noise, np.array(rms_err) / g_norm, "o", label=f"measured ({n_draws} mini-batches per size)")
axes[1].loglog(sizes_noise, theory / g_norm, "-", color="C3", label="formula above")
axes[1].loglog(sizes_noise, np.sqrt(sigma2 / sizes_noise) / g_norm, ":", color="0.4", label="$\\sigma / \\sqrt{b}$")
axes[1].set(xlabel="batch size b", ylabel="$\\|\\hat g - g\\| \\,/\\, \\|g\\|$  (root mean square)",
            title=f"error of the mini-batch gradient (digits, m = {m_train})")
axes[1].legend(fontsize=8)
fig.tight_layout()
plt.show()
print(f"correlation between the number of wrong labels and the mini-batch cost: {np.corrcoef(n_bad, J_last)[0, 1]:.2f}")

# %% [markdown]
# On the left, the mean cost climbs with the number of wrong labels in the batch; at a fixed count
# the spread remains, because clean examples are easy or hard too. On the right, the measured
# points follow the formula: at `b = 1` the estimate is off by several times the gradient itself,
# at `b = 64` by about its size, and the error falls like $1/\sqrt b$ — quadrupling the batch only
# halves the noise — until it drops to zero as `b` approaches `m`.
#
# ## 6. The two extremes on one contour plot
#
# With two parameters we can *see* the path: linear regression $\hat y = wx + c$ on 200 generated,
# noisy examples, the feature stretched and shifted so that the bowl is tilted and elongated.
# Because of the noise no line fits every example, so each example pulls towards its own best
# line even at the minimum. All three methods start from the same point with the same learning
# rate and take 150 updates: **batch** (`b = 200`, 150 epochs), **mini-batch** (`b = 16`, about
# 11.5 epochs) and **stochastic** (`b = 1`, 0.75 of an epoch).

# %%
X_line, y_line, _ = make_regression(200, 1, rng, noise=1.0, bias=True)
X_line[:, 0] = 1.5 * X_line[:, 0] + 1.0                      # stretch and shift the feature: a tilted bowl
w_star = np.linalg.lstsq(X_line, y_line, rcond=None)[0]       # the minimum of J
start = w_star + np.array([-2.5, 3.0])


def path(b, n_updates, lr=0.05, seed=3):
    """Every parameter vector visited by mini-batch descent with batch size b (reshuffled each epoch)."""
    g, W, visited = np.random.default_rng(seed), start.copy(), [start.copy()]
    while len(visited) <= n_updates:
        for X_t, y_t in make_mini_batches(X_line, y_line, b, g):
            W = W - lr * mse_loss_and_grad(W, X_t, y_t)[1]
            visited.append(W)
            if len(visited) > n_updates:
                break
    return np.array(visited)


methods = {"batch GD (b = 200)": 200, "mini-batch GD (b = 16)": 16, "stochastic GD (b = 1)": 1}
paths = {name: path(b, 150) for name, b in methods.items()}
n_tail, note_tail = pick(1500, 600, "the number of updates in the close-up")
tails = {name: path(b, n_tail)[-(n_tail - 500):] for name, b in methods.items()}   # from update 501 on: near the minimum

A, B, grid = make_grid((w_star[0] - 3.5, w_star[0] + 1.5), (w_star[1] - 2.0, w_star[1] + 4.5), 121)
J_grid, _ = mse_loss_and_grad(grid, X_line, y_line)
colors = {"batch GD (b = 200)": "C0", "mini-batch GD (b = 16)": "C2", "stochastic GD (b = 1)": "C3"}

fig, axes = plt.subplots(1, 2, figsize=(13, 5.2))
axes[0].contour(A, B, J_grid, levels=np.geomspace(J_grid.min() * 1.01, J_grid.max(), 18), cmap="viridis", linewidths=0.8)
for (name, p), z in zip(paths.items(), (4, 3, 2)):            # batch GD drawn on top
    axes[0].plot(p[:, 0], p[:, 1], "-o", ms=2.5 if z == 4 else 2, lw=1.5 if z == 4 else 1,
                 color=colors[name], label=name, zorder=z)
axes[0].plot(*w_star, "k*", ms=14, label="minimum of J")
axes[0].set(xlabel="weight w", ylabel="intercept c", title="150 updates from the same start, same learning rate")
axes[0].legend(loc="upper right", fontsize=8)
zoom = 0.6
A2, B2, grid2 = make_grid((w_star[0] - zoom, w_star[0] + zoom), (w_star[1] - zoom, w_star[1] + zoom), 81)
axes[1].contour(A2, B2, mse_loss_and_grad(grid2, X_line, y_line)[0], levels=12, cmap="viridis", linewidths=0.8)
for name, t in tails.items():
    axes[1].plot(t[:, 0], t[:, 1], ".", ms=2, alpha=0.6, color=colors[name], label=name)
axes[1].plot(*w_star, "k*", ms=14, zorder=5)
axes[1].set(xlim=(w_star[0] - zoom, w_star[0] + zoom), ylim=(w_star[1] - zoom, w_star[1] + zoom),
            xlabel="weight w", ylabel="intercept c", title=f"close-up: where updates 501-{n_tail} land")
axes[1].legend(loc="upper right", fontsize=8, markerscale=5)
fig.tight_layout()
plt.show()
if note_tail:
    print(note_tail)
for name, t in tails.items():
    spread = np.sqrt(np.mean(np.sum((t - w_star) ** 2, axis=1)))
    print(f"{name:24s} root-mean-square distance to the minimum over updates 501-{n_tail}: {spread:.4f}")

# %% [markdown]
# * **Batch descent** marches along the true gradient, at right angles to the contours, and
#   settles *on* the minimum; each step costs a full pass over the data.
# * **Stochastic descent** heads the right way *on average*, but each example points it off course.
#   Near the minimum it never settles: it wanders in a cloud set by the learning rate and the
#   spread of the per-example gradients, and it gives up vectorization entirely.
# * **Mini-batch descent** lies in between: a nearly direct path and a cloud several times smaller
#   than SGD's (the printed distances). Each of its steps carries $\sqrt{16} = 4$ times less
#   gradient noise; the measured cloud is smaller still (the factor 4 is the noise of one step,
#   and this lesson does not model how the steps add up). Slowly lowering the learning rate
#   shrinks the cloud: lesson 09.
#
# ## 7. Time per update and time per epoch, measured on this CPU
#
# The notes report a GPU experiment on MNIST: **the time for one update hardly changes from
# batch size 1 to about 1 000**, because a GPU works on the examples of a batch in parallel, so
# the **time for one epoch falls steeply** as the batch grows. We repeat it on this CPU:
# least-squares regression on $2^{17} = 131\,072$ generated examples with 32 features. For each
# `b = 1, 2, 4, …, m` we time one update (gather `b` rows, cost and gradient, step; median of
# repeats); an epoch is one permutation plus $\lceil m/b \rceil$ updates, checked against a
# real, timed epoch for two batch sizes. (Like real data loaders, the timing shuffles indices and
# gathers each batch when needed instead of copying the data set every epoch.)

# %% tags=["nbval-ignore-output"]
(m_big, note_m) = pick(2 ** 17, 2 ** 14, "the timing data set (examples)")
n_feat, lr_big = 32, 0.02
X_big, y_big, _ = make_regression(m_big, n_feat, rng, noise=1.0)
perm_big = rng.permutation(m_big)
W_probe_big = np.zeros(n_feat)
sizes = pick(2 ** np.arange(0, int(np.log2(m_big)) + 1), np.array([1, 8, 64, 512, 4096, m_big]))


def one_update(b):
    # each call takes the next mini-batch of the permutation, as an epoch does: timing the same
    # rows again and again would find them in the CPU's cache and flatter the large batches
    starts = itertools.cycle(range(0, m_big - b + 1, b))
    def update():
        k = next(starts)
        X_t, y_t = X_big[perm_big[k:k + b]], y_big[perm_big[k:k + b]]
        _, dW = mse_loss_and_grad(W_probe_big, X_t, y_t)
        return W_probe_big - lr_big * dW
    return update


t0 = time.perf_counter()
repeats, min_time = 5, pick(0.005, 0.0005)
t_update = np.array([time_median(one_update(b), repeats=repeats, min_time=min_time) for b in sizes])
t_perm = time_median(lambda: rng.permutation(m_big), repeats=3)
t_epoch = t_perm + np.ceil(m_big / sizes) * t_update


def timed_epoch(b):
    g = np.random.default_rng(0)
    def epoch():
        p, W = g.permutation(m_big), np.zeros(n_feat)
        for k in range(0, m_big, b):
            idx = p[k:k + b]
            W = W - lr_big * mse_loss_and_grad(W, X_big[idx], y_big[idx])[1]
    return time_median(epoch, repeats=3)


checks = {b: timed_epoch(b) for b in (2 ** 12, 2 ** 15)} if not note_m else {}   # two spot checks
measure_seconds = time.perf_counter() - t0

fig, axes = plt.subplots(1, 2, figsize=(12, 3.8))
axes[0].loglog(sizes, t_update * 1e6, "o-")
axes[0].set(xlabel="batch size b", ylabel="µs per update", title="time for one update")
axes[1].loglog(sizes, t_epoch, "o-", label="permutation + ceil(m/b) updates")
axes[1].loglog(list(checks), list(checks.values()), "kx", ms=9, label="a real epoch, timed")
axes[1].set(xlabel="batch size b", ylabel="seconds per epoch", title=f"time for one epoch (m = {m_big:,})")
axes[1].legend()
fig.tight_layout()
plt.show()
if note_m:
    print(note_m)
print(f"measured in {measure_seconds:.1f} s")
print(f"{'batch size':>10s} {'µs / update':>12s} {'s / epoch':>10s}")
for b, tu, te in zip(sizes, t_update, t_epoch):
    print(f"{b:10d} {tu * 1e6:12.1f} {te:10.4f}")
for b, t_real in checks.items():
    estimate = t_epoch[list(sizes).index(b)]
    print(f"spot check, b = {b}: a real epoch took {t_real:.4f} s; the estimate says {estimate:.4f} s")

# %% [markdown]
# How to read the two panels (the numbers change from run to run and machine to machine):
#
# * **Per update: flat, then rising.** On a CPU the flat part is not parallelism but the **fixed
#   cost of one call** (Python, NumPy's dispatch, small allocations); once the batch's arithmetic
#   outgrows it, the time grows like `b`. On a GPU the flat part extends much further.
# * **Per epoch: a steep fall, then a floor**, about one pass of the data through memory. The
#   largest batches are the noisiest measurements (their products are split across shared cores).
#
# ## 8. Choosing the batch size
#
# The notes' rules of thumb, and what this lesson measured about them:
#
# * **Small training set** (roughly `m` < 2 000): batch gradient descent. This is a rule about
#   convenience, not speed: a full pass is cheap, and the full-batch cost must fall at every step,
#   which makes tuning easy. It is not faster per epoch: on our 1 400 digits, mini-batches of 64
#   reached a lower cost in 3 epochs than batch descent in 60 (section 5). Use it when a full
#   pass costs you nothing worth saving.
# * **Otherwise** try powers of two, typically **64 to 512**, that fit in memory (with everything
#   computed from them), and keep the one that lowers the cost fastest *in wall-clock time*.
#
# We do that on the large regression set: each batch size gets the **same time budget**
# (converted into updates with the median times above) and the same learning rate; then we
# measure the cost on the whole set against the best possible $J^*$ (least squares).

# %% tags=["nbval-ignore-output"]
budget, note_b = pick(0.1, 0.01, "the time budget per batch size (seconds)")
sweep = sorted({b for b in (1, 8, 64, 512, 4096, 32768, m_big) if b <= m_big})
J_star = mse_loss_and_grad(np.linalg.lstsq(X_big, y_big, rcond=None)[0], X_big, y_big)[0]


t_per_update = dict(zip(sizes.tolist(), t_update))


def updates_within(seconds, b):
    """How many updates of size b fit in `seconds`, by the median times above (a permutation opens each epoch)."""
    per_epoch_b, n, left = -(-m_big // b), 0, seconds
    while left > t_perm:
        left -= t_perm
        k = min(per_epoch_b, int(left // t_per_update[b]))
        n, left = n + k, left - k * t_per_update[b]
        if k < per_epoch_b:
            break
    return n


def train_updates(n_updates, b, seed=0):
    """n_updates of mini-batch descent with batch size b (the indices reshuffled every epoch)."""
    g, W, done = np.random.default_rng(seed), np.zeros(n_feat), 0
    while done < n_updates:
        p = g.permutation(m_big)
        for k in range(0, m_big, b):
            if done == n_updates:
                break
            idx = p[k:k + b]
            W = W - lr_big * mse_loss_and_grad(W, X_big[idx], y_big[idx])[1]
            done += 1
    return W


final_cost, updates_done = {}, {}
for b in sweep:
    updates_done[b] = updates_within(budget, b)
    final_cost[b] = mse_loss_and_grad(train_updates(updates_done[b], b), X_big, y_big)[0]
best_b = min(final_cost, key=final_cost.get)

if note_b:
    print(note_b)
print(f"training for {budget:g} s per batch size, learning rate {lr_big}; starting cost "
      f"J(0) = {mse_loss_and_grad(np.zeros(n_feat), X_big, y_big)[0]:.2f}, best possible J* = {J_star:.4f}")
print(f"{'batch size':>10s} {'updates':>9s} {'epochs':>8s} {'final J':>9s} {'J - J*':>9s}")
for b in sweep:
    mark = "   <- lowest cost: the sweep picks this one" if b == best_b else ""
    print(f"{b:10d} {updates_done[b]:9d} {updates_done[b] * b / m_big:8.2f} {final_cost[b]:9.4f} "
          f"{final_cost[b] - J_star:9.4f}{mark}")

# %% [markdown]
# Both extremes lose: **SGD** pays the per-call overhead for one noisy example at a time, **batch
# descent** makes only a handful of updates in the budget. The winner lies in between (read it off
# this run's table: it depends on the machine and its load). Caveats: the learning rate was held
# fixed, and a real sweep would also watch the validation error.
#
# ## 9. Do small batches generalise better?
#
# Two observations from the lecture, reported here, not reproduced:
#
# * **Noise helps optimisation.** Each mini-batch has its own cost $L^{(1)}, L^{(2)}, \dots$. A
#   point where the full cost is flat (a saddle, a plateau) is usually *not* flat for the next
#   mini-batch, so mini-batch descent is pushed on where batch descent would stall (left panel
#   below; lesson 10 returns to saddles).
# * **Flat and sharp minima.** Keskar et al. (ICLR 2017) trained the same networks with small
#   batches and very large ones (about 10 % of the data), tuned to the same training accuracy;
#   the large-batch networks were worse on the test set. Their explanation: picture the test
#   loss as the training loss shifted a little. At a **flat** minimum the shift costs little, at a
#   **sharp** one it climbs the wall (right panel), and the noise of small batches cannot stay in
#   a sharp ravine. The explanation is debated, and very large batches have been trained without
#   the gap by adapting the learning rate (Goyal et al. 2017, ImageNet in an hour).

# %%
w = np.linspace(-4.5, 4.5, 901)


def train_loss(w):
    """A 1-D training loss with a flat minimum at -2 and a sharp one at +2, equally deep."""
    return 1 - np.exp(-(w + 2) ** 2 / 2) - np.exp(-(w - 2) ** 2 / (2 * 0.15 ** 2)) + 0.01 * w ** 2


L1, L2 = train_loss(w - 0.25), train_loss(w + 0.25)          # two mini-batches: the cost, shifted either way
k0 = np.argmin(np.where(np.abs(w + 1.75) < 1, L1, np.inf))     # where L1 is flat (its wide minimum)
slope2 = np.gradient(L2, w)[k0]
near = np.abs(w - w[k0]) < 0.7

shift = 0.35
fig, axes = plt.subplots(1, 2, figsize=(13, 3.8))
axes[0].plot(w, L1, label="$L^{(1)}$: cost of mini-batch 1")
axes[0].plot(w, L2, label="$L^{(2)}$: cost of mini-batch 2")
axes[0].plot(w[near], np.full(near.sum(), L1[k0]), "k:", lw=2, label="slope of $L^{(1)}$ here: 0")
axes[0].plot(w[near], L2[k0] + slope2 * (w[near] - w[k0]), "k--", lw=1.5,
             label=f"slope of $L^{{(2)}}$ here: {slope2:.2f}")
axes[0].plot([w[k0]] * 2, [L1[k0], L2[k0]], "ko", ms=4)
axes[0].set(xlabel="parameter", ylabel="cost", title="noise helps: where one mini-batch's cost is flat, the next one's slopes")
axes[0].legend(loc="upper center", fontsize=8)

axes[1].plot(w, train_loss(w), color="k", label="training loss")
axes[1].plot(w, train_loss(w - shift), color="C3", ls="--", label="test loss (the training loss, shifted)")
for w_min, name, text_at in ((-2.0, "flat minimum", (-3.9, 0.45)), (2.0, "sharp minimum", (2.6, 0.45))):
    gap = train_loss(w_min - shift) - train_loss(w_min)
    axes[1].plot([w_min, w_min], [train_loss(w_min), train_loss(w_min - shift)], color="C3", lw=3)
    axes[1].annotate(f"{name}:\ntest - train = {gap:.2f}", xy=(w_min, train_loss(w_min) + gap / 2), xytext=text_at,
                     fontsize=9, arrowprops=dict(arrowstyle="->", color="0.3"))
axes[1].set(xlabel="parameter", ylabel="loss", ylim=(0, 1.3),
            title="flat vs sharp minimum: the same shift, a very different test loss")
axes[1].legend(loc="upper center", fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# Both minima are equally good on the training data. Under the same small shift, the flat one
# loses almost nothing, and the sharp one loses most of what it had gained.

# %% [markdown]
# ## Takeaways
#
# * A **mini-batch** is a slice of the shuffled training set; an **iteration** is one update, an
#   **epoch** one pass, $\lceil m/b \rceil$ updates. Batch descent: `b = m`; SGD: `b = 1`.
# * **Shuffle X and y with one permutation.** Sorted, unshuffled data give one-class batches and
#   a worse model; two permutations destroy the labels. Reshuffling every epoch is the standard;
#   on the digits it gave the same result as shuffling once.
# * **Batch descent's cost falls at every iteration** (a rise means a bug or too large a
#   learning rate). **The mini-batch cost is noisy but trends down**: batches differ, and the
#   gradient noise falls like $1/\sqrt b$.
# * **Batch descent marches, SGD wanders and never settles**, mini-batch descent takes a nearly
#   direct path with a small jitter at the end.
# * **On this CPU** the time per update is flat for small batches (per-call overhead), then grows
#   like `b`; the time per epoch falls, then levels off. A fixed time budget favours moderate
#   batch sizes. Batch descent on small sets is a convenience, not a speed-up.
# * Small batches may **generalise better** (Keskar et al. 2017): reported, not shown here.

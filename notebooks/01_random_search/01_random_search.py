# %% [markdown]
# # Lesson 01 — Loss landscapes and random search
#
# *Optimization for Deep Learning* · lesson 1 of 11 · graded: `svm_loss` (3 points), `random_search` (3), `random_local_search` (2), `tries_needed` (2)
#
# Training a model means finding weights `W` that make a **loss** `L(W)` small. Before we meet
# gradients, this lesson asks a blunt question: *how far can we get if we can only evaluate the
# loss?* We will
#
# 1. write the multiclass SVM loss of a linear classifier on real handwritten digits;
# 2. look at that loss — a function of 650 numbers — through 1-D and 2-D slices;
# 3. search for good weights blindly (strategy 1: random search) and by trial-and-error steps
#    (strategy 2: random local search), measure how well each does against chance, and predict
#    how many blind guesses a search needs (exercise 4) — and why that number explodes with the
#    dimension.
#
# **Conventions of the course.** A data matrix holds one example per *row*: `X` has shape
# `(m, n)`. (Lecture notes often put examples in columns and write `W x`; here scores are `X @ W`.)
# Every random draw comes from an explicit `numpy.random.Generator`, seeded once below.

# %%
import numpy as np
import matplotlib.pyplot as plt

from helpers import slices
from helpers.runmode import pick
from helpers.data import load_digits, train_val_split
from helpers.losses import accuracy
from helpers.style import COLORS, LANDSCAPE_CMAP

rng = np.random.default_rng(2026)   # the one seed of this notebook
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. The data and the classifier
#
# The digits set holds 1 797 grey-scale images of 8×8 pixels, each labelled 0–9 (UCI, CC BY 4.0;
# see `data/README.md`). We scale pixels to `[0, 1]` and append a constant 1 to every row — the
# **bias trick**: a weight matrix `W` of shape `(65, 10)` then holds 64 pixel weights *and* a bias
# for each of the 10 classes, and the classifier is one matrix product, `S = X @ W`.
# Row `i` of `S` holds the ten class scores of image `i`; the prediction is the largest.

# %%
X_all, y_all = load_digits()
X_train, y_train, X_val, y_val = train_val_split(X_all, y_all, n_val=397, rng=rng)
print("X_train", X_train.shape, " X_val", X_val.shape, " classes", np.unique(y_all))

fig, axes = plt.subplots(1, 10, figsize=(10, 1.4))
for digit, ax in enumerate(axes):
    image = X_train[y_train == digit][0, :64].reshape(8, 8)
    ax.imshow(image, cmap="gray_r")
    ax.set_title(str(digit))
    ax.axis("off")
fig.suptitle("One training image per class (8×8 pixels)", y=1.05)
plt.show()


# %% [markdown]
# ## 2. The multiclass SVM loss
#
# The SVM loss wants the correct class to win by a **margin** Δ. For example `i` with label
# $y_i$ and scores $S_{i\cdot}$, every wrong class $j$ that comes within Δ of the correct score
# is charged the shortfall:
#
# $$L_i = \sum_{j \ne y_i} \max\bigl(0,\; S_{ij} - S_{i y_i} + \Delta\bigr), \qquad
#   L(W) = \frac{1}{m}\sum_{i=1}^{m} L_i .$$
#
# A worked example with three classes: scores `[1, 2, 0]`, correct class 0, Δ = 1. Class 1 beats
# the correct class outright: it pays $\max(0, 2 - 1 + 1) = 2$. Class 2 trails by exactly the
# margin: $\max(0, 0 - 1 + 1) = 0$. So $L_i = 2$. The correct class itself is **not** in the sum —
# if it were, every example would pay an extra Δ for nothing.
#
# ### Exercise 1 (3 points): `svm_loss(W, X, y, delta=1.0) -> float`
#
# Return the mean SVM loss over the rows of `X`, using `S = X @ W`. Write it **without a Python
# loop over the examples**: compute all margins as one `(m, C)` array. Useful tools: fancy
# indexing `S[np.arange(m), y]` picks each row's correct score; `np.maximum(0, ...)` is the
# elementwise hinge. Do not modify `W`, `X` or `y`.
#
# *How this exercise is graded.* The visible tests below check the worked example (with named
# mistakes: a sum instead of the mean, the correct class left in the sum), the result's shape,
# that your inputs are left alone and that no Python loop runs over the examples. Hidden tests
# decide the grade: they also compare your loss with the exact value on random problems, other
# margins Δ and a fresh worked example.
#
# *Reading ahead.* Run All stops at the first failing test until the function is written, and
# everything below a test runs **your own** `svm_loss`. The executed lesson, with every figure
# and number, can be read ahead on the lecture site.

# %% solution="svm_loss"
def svm_loss(W, X, y, delta=1.0):
    """Mean multiclass SVM loss of the scores X @ W; W (n, C), X (m, n), y (m,) ints."""
    ### BEGIN SOLUTION
    S = X @ W
    m = X.shape[0]
    correct = S[np.arange(m), y][:, None]
    margins = np.maximum(0.0, S - correct + delta)
    margins[np.arange(m), y] = 0.0
    return float(margins.sum() / m)
    ### END SOLUTION


# %% [markdown]
# Run the check below. It uses the worked example above (second example: scores `[0, 1, 3]`,
# label 2, which pays nothing), so the mean over the two examples is 1. With Δ = 0.5 the first
# example pays 1.5 and the second nothing: the mean is 0.75. (On the Δ = 1 example two different
# mistakes give the same wrong value 2; the Δ = 0.5 call tells them apart.)

# %% test="test_svm_loss_worked_example" points=1
from helpers import grading as G
X_tiny = np.array([[1.0, 0.0], [0.0, 1.0]])
W_tiny = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0]])    # so S = X @ W = W: rows [1,2,0] and [0,1,3]
y_tiny = np.array([0, 2])
G.check_close(G.call(svm_loss, W_tiny, X_tiny, y_tiny, 0.5), 0.75, "svm_loss on the worked example with delta = 0.5",
              hints={"the sum over the examples instead of the mean": 1.5,
                     "the correct class included in the sum (it adds delta = 0.5 per example)": 0.75 + 0.5,
                     "the delta argument ignored (always 1)": 1.0})
G.check_close(G.call(svm_loss, W_tiny, X_tiny, y_tiny), 1.0, "svm_loss on the worked example (delta = 1)",
              hints={"the sum over the examples instead of the mean, or the correct class included in the sum": 2.0})
### BEGIN HIDDEN TESTS
from grader.random_search import hidden_svm_loss_worked_example
hidden_svm_loss_worked_example(svm_loss)
### END HIDDEN TESTS
print("The worked example comes out right for delta = 1 and delta = 0.5.")

# %% test="test_svm_loss_values" points=1
from helpers import grading as G
_g = np.random.default_rng(11)
for _m, _n, _C, _delta in [(7, 4, 3, 1.0), (50, 65, 10, 2.5), (1, 3, 4, 0.0)]:
    _X, _W = _g.standard_normal((_m, _n)), _g.standard_normal((_n, _C))
    _y = _g.integers(_C, size=_m)
    _got = G.call(svm_loss, _W, _X, _y, _delta)
    G.check_true(np.ndim(_got) == 0, f"svm_loss must return one number (the mean loss), got shape {np.shape(_got)}")
    ### BEGIN HIDDEN TESTS
    from grader.random_search import hidden_svm_loss_values
    hidden_svm_loss_values(svm_loss, _got, _W, _X, _y, _delta)
    ### END HIDDEN TESTS
print("svm_loss returns one number for random problems.")

# %% test="test_svm_loss_vectorized" points=1
from helpers import grading as G
_g = np.random.default_rng(12)
_W = _g.standard_normal((5, 3))
_X = _g.standard_normal((20, 5))
_y = _g.integers(3, size=20)
_X0, _W0, _y0 = _X.copy(), _W.copy(), _y.copy()
G.call(svm_loss, _W, _X, _y)
G.check_unchanged(_X0, _X, "X")
G.check_unchanged(_W0, _W, "W")
G.check_unchanged(_y0, _y, "y")
G.check_vectorized(svm_loss, lambda _m: (_W, _g.standard_normal((_m, 5)), _g.integers(3, size=_m)), "svm_loss")
### BEGIN HIDDEN TESTS
from grader.random_search import hidden_svm_loss_vectorized
hidden_svm_loss_vectorized(svm_loss, _W, _g)
### END HIDDEN TESTS
print("svm_loss leaves its inputs alone and runs no Python loop over the examples.")

# %% [markdown]
# A random `W` should make the classifier little better than guessing (between 10 and 20 %
# accuracy). With tiny weights all ten
# scores are almost equal, so each of the 9 wrong classes pays about Δ: the loss is close to 9.
# That is a useful sanity check for any SVM implementation.

# %%
W_small = 0.001 * rng.standard_normal((65, 10))
print(f"loss at tiny random weights: {svm_loss(W_small, X_train, y_train):.3f}  (about 9 = number of wrong classes)")
print(f"training accuracy: {accuracy(W_small, X_train, y_train):.1%}  (chance is 10 %)")

# %% [markdown]
# ## 3. Looking at the loss landscape
#
# `L(W)` lives in 650 dimensions. We can still *see* it along a line or a plane: draw a random
# direction `W1` and plot $f(a) = L(W + a\,W_1)$, or two directions and plot
# $g(a, b) = L(W + a W_1 + b W_2)$ as a heat map.
#
# **One example first.** For a single example $x$ the scores along the line are
# $S_j(a) = x(W + aW_1)_{:,j}$ — linear in $a$. Each hinge $\max(0, S_j - S_{y} + \Delta)$ is therefore
# a flat piece joined to a straight ramp, and $L_i$ is a sum of such ramps: **piecewise linear**,
# with a kink wherever one margin crosses zero. The picture below draws the nine hinge terms
# for one digit and their sum.

# %%
W0 = 0.01 * rng.standard_normal((65, 10))
W1 = rng.standard_normal((65, 10))
W2 = rng.standard_normal((65, 10))
alphas = np.linspace(-1.0, 1.0, 401)
x_one, y_one = X_train[:1], y_train[:1]

S0, S1 = x_one @ W0, x_one @ W1                     # scores along the line: S0 + a * S1
terms = np.maximum(0.0, (S0 + alphas[:, None] * S1) - (S0 + alphas[:, None] * S1)[:, [y_one[0]]] + 1.0)
terms[:, y_one[0]] = 0.0

fig, ax = plt.subplots(figsize=(8, 3.6))
for j in range(10):
    if j != y_one[0]:
        ax.plot(alphas, terms[:, j], lw=1, alpha=0.7, label=f"class {j}")
ax.plot(alphas, terms.sum(axis=1), color=COLORS["reference"], lw=2, label="their sum $L_i(W + aW_1)$")
ax.set(title=f"The 9 hinge terms of one example (label {y_one[0]}) and their piecewise-linear sum",
       xlabel="a", ylabel="max(0, margin)")
ax.legend(fontsize=7, ncol=2, loc="upper left")
plt.show()

# %% [markdown]
# **Many examples.** The full loss is the *average* of 1 400 such piecewise-linear functions. Each
# adds its own kinks at its own places, and the average of many ramps curves upward like a bowl.
# Both slices are convex — the SVM loss is a convex function of `W`, a sum of maxima of linear
# functions — so there are no false valleys to get stuck in. Neural networks lose that property;
# later lessons deal with the consequences.
#
# Every point of these slices is one call of your `svm_loss` (`helpers.slices` only moves `W`
# along the directions): the two maps below take over 29 000 calls.

# %%
one_loss = lambda W: svm_loss(W, x_one, y_one)             # your svm_loss on the one example ...
train_loss = lambda W: svm_loss(W, X_train, y_train)       # ... and on all training examples
one_1d = slices.slice_1d(one_loss, W0, W1, alphas)
all_1d = slices.slice_1d(train_loss, W0, W1, alphas)
n_grid, note = pick(121, 31, "the 2-D grid size")
grid = np.linspace(-1.0, 1.0, n_grid)
one_2d = slices.slice_2d(one_loss, W0, W1, W2, grid, grid)
all_2d = slices.slice_2d(train_loss, W0, W1, W2, grid, grid)

fig, axes = plt.subplots(1, 3, figsize=(15, 4.2))
axes[0].plot(alphas, one_1d, color=COLORS["reference"], label="one example (kinks)")
axes[0].plot(alphas, all_1d, color=COLORS["gd"], label="all training examples (a bowl)")
axes[0].set(title="1-D slices $L(W + aW_1)$", xlabel="a", ylabel="loss")
axes[0].legend(fontsize=8)
for ax, Z, title in [(axes[1], one_2d, "2-D slice, one example"), (axes[2], all_2d, "2-D slice, all examples")]:
    im = ax.imshow(Z, origin="lower", extent=(-1, 1, -1, 1), cmap=LANDSCAPE_CMAP, aspect="auto")
    ax.contour(grid, grid, Z, levels=12, colors="w", linewidths=0.5)
    ax.set(title=title + " (dark = low, yellow = high)", xlabel="a (along $W_1$)", ylabel="b (along $W_2$)")
    fig.colorbar(im, ax=ax, label="loss")
fig.tight_layout()
plt.show()
if note:
    print(note)


# %% [markdown]
# Read the two maps. For one example the map is made of polygons separated by straight creases —
# the kinks of the hinge, now lines in the plane; inside each polygon the loss is a tilted plane
# (the colour changes evenly across it). Averaged over
# all examples the creases blur into smooth-looking, nested contours around a low basin. At a
# crease the loss has no derivative (only *sub*gradients); that will matter when we compute
# gradients in lesson 02.
#
# ## 4. Strategy 1 — random search
#
# Imagine a hiker, blindfolded, on the landscape above, who wants to reach low ground. The
# crudest plan: be dropped at random spots, read the altimeter each time, and remember the lowest.
#
# ### Exercise 2 (3 points): `random_search(loss_fn, shape, n_tries, scale, rng) -> (best_W, best_loss, losses)`
#
# For try `k = 0 … n_tries-1`, draw `W = scale * rng.standard_normal(shape)` (in that order, one
# draw per try, from the `rng` you are given), evaluate `loss_fn(W)` and store it in `losses[k]`.
# Return the try with the lowest loss (the **first** one if several tie), its loss, and the
# array `losses` of shape `(n_tries,)`.
#
# *How this exercise is graded.* The visible tests check shapes, that `best_W` scores
# `best_loss`, and replay the draws of the seed they pass: a global `np.random` draw or a
# forgotten `scale` fails them by name. Hidden tests decide the grade: they also check the exact
# losses on a fresh bowl and seed, and that the first try is kept on ties. Run All stops here
# until the function is written; the experiment below runs your `random_search`.

# %% solution="random_search"
def random_search(loss_fn, shape, n_tries, scale, rng):
    """Keep the best of n_tries random W = scale * rng.standard_normal(shape)."""
    ### BEGIN SOLUTION
    losses = np.empty(n_tries)
    best_W, best_loss = None, np.inf
    for k in range(n_tries):
        W = scale * rng.standard_normal(shape)
        losses[k] = loss_fn(W)
        if losses[k] < best_loss:
            best_W, best_loss = W, float(losses[k])
    return best_W, best_loss, losses
    ### END SOLUTION


# %% test="test_random_search_basics" points=1
from helpers import grading as G
_bowl = lambda W: float(np.sum((W - 0.5) ** 2))
_bW, _bl, _losses = G.call(random_search, _bowl, (2, 3), 40, 1.0, np.random.default_rng(3))
G.check_shape(_losses, (40,), "losses")
G.check_shape(_bW, (2, 3), "best_W")
G.check_close(_bl, np.min(_losses), "best_loss (it should be the smallest entry of losses)",
              hints={"best_loss taken from the last try": _losses[-1]})
G.check_close(_bowl(_bW), _bl, "loss_fn(best_W) (best_W must be the weights that scored best_loss)")
_draws = np.random.default_rng(3).standard_normal((40, 2, 3))     # the draws of that seed, in order
G.check_close(_losses, [_bowl(_d) for _d in 1.0 * _draws],
              "losses (try k must be scale * rng.standard_normal(shape), drawn from the rng passed in)",
              hints={"losses holding the best loss so far instead of each try's loss":
                     np.minimum.accumulate([_bowl(_d) for _d in _draws])})
### BEGIN HIDDEN TESTS
from grader.random_search import hidden_random_search_basics
hidden_random_search_basics(random_search)
### END HIDDEN TESTS
print("random_search returns the right shapes, best_W scores best_loss, and the losses follow the rng's draws.")

# %% test="test_random_search_exact" points=2
from helpers import grading as G
_bowl = lambda W: float(np.sum((W - 0.5) ** 2))
_bW, _bl, _losses = G.call(random_search, _bowl, (3, 2), 25, 0.7, np.random.default_rng(5))
_draws = np.random.default_rng(5).standard_normal((25, 3, 2))
G.check_close(_losses, [_bowl(0.7 * _d) for _d in _draws], "losses with scale = 0.7",
              hints={"scale not applied to the draws (always 1)": [_bowl(_d) for _d in _draws]})
### BEGIN HIDDEN TESTS
from grader.random_search import hidden_random_search_exact
hidden_random_search_exact(random_search, _bowl, _bW, _losses)
### END HIDDEN TESTS
print("random_search applies scale to the draws of the rng it is given.")

# %% [markdown]
# Now let the hiker loose on the digits: your `random_search` tries 1 000 random weight matrices,
# scored on the training set by your `svm_loss`.

# %%
best_W, best_loss, try_losses = random_search(train_loss, (65, 10), n_tries=1000, scale=0.1, rng=rng)

fig, ax = plt.subplots(figsize=(8, 3.2))
ax.plot(try_losses, ".", ms=2, alpha=0.5, color=COLORS["random search"], label="loss of each try")
ax.plot(np.minimum.accumulate(try_losses), color=COLORS["reference"], label="best so far")
ax.set(xlabel="try", ylabel="training loss", title="Random search: 1 000 blind guesses")
ax.legend()
plt.show()
rs_train, rs_val = accuracy(best_W, X_train, y_train), accuracy(best_W, X_val, y_val)
print(f"best training loss {best_loss:.3f}; accuracy train {rs_train:.1%}, validation {rs_val:.1%} (chance 10 %)")


# %% [markdown]
# Better than chance — but barely, and hardly better than the single random draw above: a thousand
# tries gained almost nothing. The "best so far" curve flattens quickly: each new guess
# knows nothing about the previous ones, so the odds of a lucky draw in 650 dimensions shrink
# fast. The lecture's run of the same idea on CIFAR-10 reached 15.5 % test accuracy against 10 %
# chance (and its random local search, below, 21.4 %); digits are an easier problem, but the lesson is the same.
#
# ## 5. Strategy 2 — random local search
#
# A smarter hiker keeps their position: from where they stand they try one random step with a
# foot, and take it only if the ground goes **down**. Each attempt builds on all earlier ones.
#
# ### Exercise 3 (2 points): `random_local_search(loss_fn, W0, n_iters, step_size, rng) -> (W, best_loss, history)`
#
# Start at `W = W0` with `best_loss = loss_fn(W0)`. In each of `n_iters` iterations draw
# `W_try = W + step_size * rng.standard_normal(W.shape)` and move to it **only if** its loss is
# strictly smaller than `best_loss`. `history[k]` is the best loss after iteration `k` (shape
# `(n_iters,)`). Do not modify `W0`.
#
# *How this exercise is graded.* The visible tests check the shape, that `W0` is left alone, a
# history that never rises, that the draws come from the `rng` passed in (a global `np.random`
# draw fails), and that each trial steps from where the walker **stands** (not from `W0`). Hidden
# tests decide the grade: they also replay the exact history and final `W` of a fresh walk, and
# check that an equal loss is not a step down. Run All stops here until the function is written;
# the experiments below run your `random_local_search`.

# %% solution="random_local_search"
def random_local_search(loss_fn, W0, n_iters, step_size, rng):
    """Random steps from W0, each kept only if it lowers loss_fn."""
    ### BEGIN SOLUTION
    W = np.array(W0, dtype=float)
    best_loss = float(loss_fn(W))
    history = np.empty(n_iters)
    for k in range(n_iters):
        W_try = W + step_size * rng.standard_normal(W.shape)
        loss = float(loss_fn(W_try))
        if loss < best_loss:
            W, best_loss = W_try, loss
        history[k] = best_loss
    return W, best_loss, history
    ### END SOLUTION


# %% test="test_random_local_search_basics" points=1
from helpers import grading as G
_bowl = lambda W: float(np.sum((W - 0.5) ** 2))
_W0 = np.zeros((2, 3))
_W, _bl, _hist = G.call(random_local_search, _bowl, _W0, 60, 0.1, np.random.default_rng(4))
G.check_shape(_hist, (60,), "history")
G.check_unchanged(np.zeros((2, 3)), _W0, "W0")
G.check_true(np.all(np.diff(_hist) <= 0),
             "history must never go up: it records the best loss so far, and a step is only taken when it lowers the loss")
G.check_close(_bl, _hist[-1], "best_loss (it should equal the last entry of history)")
G.check_true(_bl < _bowl(_W0), "after 60 iterations on a simple bowl the loss should have dropped below its start")
_W_again, _, _ = G.call(random_local_search, _bowl, np.zeros((2, 3)), 60, 0.1, np.random.default_rng(4))
G.check_close(_W_again, _W, "W from a second call with the same seed (draw from the rng passed in, not np.random)")
_steps = 0.1 * np.random.default_rng(4).standard_normal((60, 2, 3))   # the trial steps of that seed
_n_moves = np.count_nonzero(np.diff(np.concatenate([[_bowl(_W0)], _hist])) < 0)
G.check_true(_n_moves < 2 or not any(np.allclose(_W - _W0, _s) for _s in _steps),
             f"W moved {_n_moves} times but ends one trial step away from W0: every trial step must start "
             "from the current W, not from W0")
### BEGIN HIDDEN TESTS
from grader.random_search import hidden_random_local_search_basics
hidden_random_local_search_basics(random_local_search)
### END HIDDEN TESTS
print("random_local_search keeps a monotone history, leaves W0 alone, uses the rng and walks from where it stands.")

# %% test="test_random_local_search_exact" points=1
from helpers import grading as G
_bowl = lambda W: float(np.sum((W - 0.5) ** 2))
_W0 = np.full((3, 2), 2.0)
_W, _bl, _hist = G.call(random_local_search, _bowl, _W0, 30, 0.3, np.random.default_rng(9))
### BEGIN HIDDEN TESTS
from grader.random_search import hidden_random_local_search_exact
hidden_random_local_search_exact(random_local_search, _bowl, _W0, _W, _hist)
### END HIDDEN TESTS
print("random_local_search follows the draws of the rng it is given.")

# %% [markdown]
# Let the smarter hiker walk: start from the tiny random weights and take 1 000 trial steps of
# size 0.01. (The notes used a step of $10^{-4}$ on raw CIFAR-10 pixels; our features are
# scaled to $[0, 1]$, so the step is larger.)

# %%
W_local, local_loss, history = random_local_search(train_loss, W_small, n_iters=1000, step_size=0.01, rng=rng)
rls_train, rls_val = accuracy(W_local, X_train, y_train), accuracy(W_local, X_val, y_val)

fig, ax = plt.subplots(figsize=(8, 3.2))
ax.plot(np.minimum.accumulate(try_losses), color=COLORS["random search"], label="random search (best so far)")
ax.plot(history, color=COLORS["gd"], label="random local search")
ax.set(xlabel="loss evaluations", ylabel="training loss", title="Same budget, very different progress")
ax.legend()
plt.show()
print(f"random local search: training loss {local_loss:.3f}; accuracy train {rls_train:.1%}, validation {rls_val:.1%}")
accepted = np.count_nonzero(np.diff(np.concatenate([[train_loss(W_small)], history])) < 0)
print(f"trial steps accepted: {accepted} of {len(history)} ({accepted / len(history):.0%}); the rest were wasted")


# %% [markdown]
# ### The blindfolded hiker, drawn
#
# The same two strategies on the 2-D slice of section 3, where we can watch them. Random search
# (white crosses) scatters guesses over the whole map; local search (red) feels its way downhill
# from its start, accepting only steps that lower the loss. (The walk is written out here so we
# can record every accepted position.)

# %%
def slice_loss(point):
    """The training loss at the point (a, b) of the plane W0 + a W1 + b W2."""
    return train_loss(W0 + point[0] * W1 + point[1] * W2)

guesses = 0.5 * rng.standard_normal((60, 2))      # random search: independent points
path = [np.array([0.9, -0.9])]
current = slice_loss(path[0])
for _ in range(150):
    trial = path[-1] + 0.08 * rng.standard_normal(2)
    trial_loss = slice_loss(trial)
    if trial_loss < current:
        path.append(trial)
        current = trial_loss
path = np.array(path)

fig, ax = plt.subplots(figsize=(6, 5))
cs = ax.contourf(grid, grid, all_2d, levels=25, cmap=LANDSCAPE_CMAP)
ax.plot(guesses[:, 0], guesses[:, 1], "x", color="w", label="random search: independent guesses")
ax.plot(path[:, 0], path[:, 1], "-o", color=COLORS["adamw"], ms=3, label="random local search: accepted steps")
ax.set(xlim=(-1, 1), ylim=(-1, 1), xlabel="a", ylabel="b", title="Blindfolded on the loss landscape")
ax.legend(loc="lower left", fontsize=8)
fig.colorbar(cs, ax=ax, label="training loss")
plt.show()


# %% [markdown]
# ### Exercise 4 (2 points): `tries_needed(p, confidence=0.95) -> int`
#
# How many blind guesses does random search need, and why does the dimension hurt so much? Suppose each guess, independently, lands in a
# "good" region with probability `p`. Return the **smallest** number of tries `n` for which the
# chance that *at least one* of them is good is at least `confidence`. The formula is not given:
# work out the chance that all `n` tries miss. `p` must lie in $(0, 1]$ and `confidence` in
# $(0, 1)$; otherwise raise a `ValueError`. Return a Python `int` (at least 1).
#
# *How this exercise is graded.* The visible test checks three pairs (one where the chance is met
# exactly at a whole number of tries) and that `p = 0` is rejected. Hidden tests decide the grade:
# they compare your answer with the exact number for many pairs, including `p = 1`, and check the
# `ValueError`s. Run All stops here until the function is written; the experiment after the tests
# uses your `tries_needed` and your `random_search`.

# %% solution="tries_needed"
def tries_needed(p, confidence=0.95):
    """Smallest n with P(at least one of n independent tries succeeds) >= confidence, for success chance p."""
    ### BEGIN SOLUTION
    if not 0.0 < p <= 1.0:
        raise ValueError(f"p must be in (0, 1], got {p}")
    if not 0.0 < confidence < 1.0:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    n = 1
    while 1.0 - (1.0 - p) ** n < confidence:      # all n tries miss with probability (1 - p)**n
        n += 1
    return n
    ### END SOLUTION


# %% test="test_tries_needed_examples" points=1
from helpers import grading as G
G.check_equal(G.call(tries_needed, 0.5, 0.9), 4, "tries_needed(0.5, 0.9)",
              hints={"1/p, the average number of tries until the first success (not enough for 90 %)": 2,
                     "one try too few (rounded down)": 3})
G.check_equal(G.call(tries_needed, 0.1, 0.95), 29, "tries_needed(0.1, 0.95)",
              hints={"1/p, the average number of tries until the first success (not enough for 95 %)": 10,
                     "one try too few (rounded down)": 28})
G.check_equal(G.call(tries_needed, 0.5, 0.75), 2, "tries_needed(0.5, 0.75) (two tries succeed with chance exactly 0.75: enough)",
              hints={"'at least confidence' taken as 'more than confidence'": 3})
G.check_raises(tries_needed, ValueError, 0.0, 0.95, what="tries_needed(p=0) (no number of tries is enough)")
### BEGIN HIDDEN TESTS
from grader.random_search import hidden_tries_needed_examples
hidden_tries_needed_examples(tries_needed)
### END HIDDEN TESTS
print("tries_needed: three examples right, p = 0 rejected.")

# %% test="test_tries_needed_values" points=1
from helpers import grading as G
_n = G.call(tries_needed, 0.2, 0.99)
G.check_true(isinstance(_n, (int, np.integer)) and not isinstance(_n, bool),
             f"tries_needed must return an int, got {type(_n).__name__}")
### BEGIN HIDDEN TESTS
from grader.random_search import hidden_tries_needed_values
hidden_tries_needed_values(tries_needed)
### END HIDDEN TESTS
print("tries_needed returns an int.")

# %% [markdown]
# Your prediction at work. Take the bowl $L(W) = \lVert W - 1 \rVert^2$ in $n$ dimensions and call a
# guess *good* if its loss is below half the loss at the origin, $n/2$. We estimate `p` for guesses
# `W = rng.standard_normal(n)` from 20 000 samples (one array expression), ask your `tries_needed`
# how many tries give a 95 % chance, and for $n = 2$ check the prediction: 400 independent runs
# of your `random_search` with that many tries, counting how often the best try is good.

# %%
for n in (1, 2, 5, 10, 20, 50):
    samples = rng.standard_normal((20_000, n))
    p_good = np.mean(np.sum((samples - 1.0) ** 2, axis=1) < n / 2)
    need = f"{tries_needed(p_good, 0.95):,} tries" if p_good > 0 else "more than we can count: no sample of 20 000 was good"
    print(f"n = {n:2d}: p = {p_good:.2g}  ->  for a 95 % chance: {need}")

bowl_2d = lambda W: float(np.sum((W - 1.0) ** 2))
p_2d = np.mean(np.sum((rng.standard_normal((20_000, 2)) - 1.0) ** 2, axis=1) < 1.0)
n_2d = tries_needed(p_2d, 0.95)
hits = np.mean([random_search(bowl_2d, (2,), n_2d, 1.0, rng)[1] < 1.0 for _ in range(400)])
print(f"check, n = 2: {n_2d} tries; the best try was good in {hits:.0%} of 400 runs of your random_search (predicted: at least 95 %)")

# %% [markdown]
# The chance of a good blind guess collapses with the dimension, and the number of tries your
# formula asks for explodes: from 8 in one dimension to tens of thousands in 20 (where one sample
# in 20 000 was good, so that `p` is only a rough estimate), and no good sample at all in 50. In
# two dimensions the check agrees with the prediction.
#
# Careful with the hiker picture: in **two** dimensions blind guessing looks fine. Many of the 60
# crosses land in the low basin, because a plane holds little room and the guesses are centred
# where the basin happens to be. The digits problem has 650 dimensions, and there the same
# strategies did far worse. Dimension is what hurts them. The next experiment measures it: a
# simple bowl $L(W) = \lVert W - 1 \rVert^2$ in $n$ dimensions, started at $W = 0$ (loss $n$),
# searched by your two functions with the same budget of 300 loss evaluations, for growing $n$.
# Random search draws its guesses around the origin with scale 1; local search takes trial steps
# of total length about 0.3 (step size $0.3/\sqrt{n}$ per coordinate).

# %%
dims = [2, 10, 100, 650]
left_rs, left_rls, accept_rls = [], [], []
for n in dims:
    bowl = lambda W: float(np.sum((W - 1.0) ** 2))
    _, loss_rs, _ = random_search(bowl, (n,), n_tries=300, scale=1.0, rng=rng)
    _, loss_rls, hist_n = random_local_search(bowl, np.zeros(n), n_iters=300, step_size=0.3 / np.sqrt(n), rng=rng)
    left_rs.append(loss_rs / n)
    left_rls.append(loss_rls / n)
    accept_rls.append(np.count_nonzero(np.diff(np.concatenate([[float(n)], hist_n])) < 0) / 300)

fig, ax = plt.subplots(figsize=(7, 3.4))
ax.plot(dims, left_rs, "o-", color=COLORS["random search"], label="random search")
ax.plot(dims, left_rls, "s-", color=COLORS["gd"], label="random local search")
ax.set(xscale="log", xlabel="dimension n", ylabel="best loss / start loss",
       title="300 loss evaluations on an n-dimensional bowl", ylim=(0, None))
ax.axhline(1.0, color="0.6", lw=0.8, ls=":")
ax.legend()
plt.show()
for n, a, b, r in zip(dims, left_rs, left_rls, accept_rls):
    print(f"n = {n:4d}: loss left after 300 evaluations, random search {a:.2f}, "
          f"random local search {b:.2f} (accepted {r:.0%} of its steps)")

# %% [markdown]
# In 2 dimensions both searches reach the bottom of the bowl. As $n$ grows, random search's best
# guess ends *worse* than the start: a random point in many dimensions is far from everything,
# and 300 tries do not find a lucky one. Local search still improves, but in 650 dimensions it
# removes only about a tenth of the loss, although it accepts over 40 % of its steps: a random
# direction in many dimensions is nearly perpendicular to the way down, so each accepted step
# gains little. The digits problem was kinder (its loss is flat in many directions, and local
# search reached high accuracy with 1 000 steps), but the budget would have to grow with $n$.
# A direction that points downhill for free is exactly what the gradient gives.

# %% [markdown]
# ## Takeaways
#
# | strategy | what it uses | validation accuracy here |
# |---|---|---|
# | guessing | nothing | 10 % |
# | random search | loss values only, no memory | 18.9 % |
# | random local search | loss values + where it stands | 84.9 % |
#
# * A loss over hundreds of weights can be *seen* through random 1-D and 2-D slices. For the SVM,
#   one example gives a piecewise-linear surface with kinks; the average over many is a bowl.
# * Random search ignores everything it has learned; random local search keeps its position and
#   improves steadily — yet it still wastes every loss evaluation whose trial step is rejected
#   (the acceptance rate is printed above).
# * Both get worse as the dimension grows: on a 650-dimensional bowl, 300 evaluations leave
#   random search above its start and local search at about nine tenths of it. A 2-D picture
#   hides this.
# * The next step is obvious: instead of *trying* directions, compute the direction of steepest
#   descent — the **gradient** — directly. Lesson 02 computes it numerically (finite differences)
#   and analytically; lesson 03 follows it.

# %%
print(f"chance 10.0 % | random search {rs_val:.1%} | random local search {rls_val:.1%}  (validation accuracy)")

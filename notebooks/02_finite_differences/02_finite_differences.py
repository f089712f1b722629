# %% [markdown]
# # Lesson 02 — Numerical gradients and gradient checking
#
# *Optimization for Deep Learning* · lesson 2 of 11 · graded: `numerical_gradient`, `svm_loss_and_grad`, `grad_check` (10 points)
#
# Lesson 01 ended with a blindfolded hiker who probes random directions and keeps the ones that
# go down. Most probes were wasted. A hiker who can **feel the slope under their feet** does not
# need to guess: the slope says which way is downhill, in every one of the 650 directions at once.
# That slope is the **gradient** $\nabla L(W)$ — the vector (here: the matrix) of partial
# derivatives $\partial L / \partial W_{kc}$. It points in the direction in which the loss rises
# fastest, so $-\nabla L$ is the steepest way down. Lesson 03 follows it; this lesson computes it.
#
# There are two ways to get a gradient:
#
# | | **numerical** (finite differences) | **analytic** (calculus) |
# |---|---|---|
# | how | nudge each weight, watch the loss | derive a formula, code it |
# | cost | one or two loss evaluations *per weight* | about one loss evaluation |
# | accuracy | approximate (we will see how approximate) | exact |
# | risk | hard to get wrong | easy to get wrong |
#
# The habit every practitioner keeps: **train with the analytic gradient, and check it against
# the numerical one** — a *gradient check*. We will
#
# 1. write a finite-difference gradient for any function of any array (exercise 1), and measure
#    how its error depends on the step $h$;
# 2. derive the gradient of the SVM loss of lesson 01 and code it without loops (exercise 2);
# 3. compare the two in accuracy and in speed on the digits;
# 4. write a gradient check (exercise 3) and see where it gets fooled — at the kinks of the hinge.

# %%
import time

import numpy as np
import matplotlib.pyplot as plt

from helpers.timing import time_median
from helpers.data import load_digits, train_val_split
from helpers.runmode import pick
from earlier_lessons import svm_loss          # lesson 01's exercise, the course's solution

rng = np.random.default_rng(2026)   # the one seed of this notebook
np.set_printoptions(precision=4, suppress=True)


# %% [markdown]
# ## 1. From the definition of the derivative to finite differences
#
# For a function of one number, the derivative is the limit of a slope between two nearby points:
#
# $$f'(x) = \lim_{h \to 0} \frac{f(x + h) - f(x)}{h}.$$
#
# A computer cannot take the limit, but it can pick a small $h$ and compute the slope of the
# **secant** line. Two natural choices:
#
# $$\text{forward:}\quad \frac{f(x+h) - f(x)}{h}, \qquad\qquad
#   \text{centered:}\quad \frac{f(x+h) - f(x-h)}{2h}.$$
#
# The picture below draws both secants for a deliberately large $h$ on the smooth bump
# $f(x) = 1/(1 + x^2)$, together with the true tangent; each secant is drawn through the two
# points it is computed from. The centered secant, balanced around $x$, is nearly parallel to
# the tangent; the forward secant leans with the curvature.

# %%
def bump(x):
    """f(x) = 1 / (1 + x^2): smooth, with derivatives we know in closed form."""
    return 1.0 / (1.0 + x * x)


def bump_d1(x):
    return -2.0 * x / ((1.0 + x * x) * (1.0 + x * x))


def bump_d2(x):
    return (6.0 * x * x - 2.0) / (1.0 + x * x) ** 3


def bump_d3(x):
    return 24.0 * x * (1.0 - x * x) / (1.0 + x * x) ** 4


x0, h_big = 1.5, 0.6
t = np.linspace(0.5, 2.6, 200)
slopes = {"tangent $f'(x)$": bump_d1(x0),
          "forward secant": (bump(x0 + h_big) - bump(x0)) / h_big,
          "centered secant": (bump(x0 + h_big) - bump(x0 - h_big)) / (2 * h_big)}

fig, ax = plt.subplots(figsize=(7.5, 4))
ax.plot(t, bump(t), color="k", lw=2, label="$f(x) = 1/(1+x^2)$")
through = {"tangent $f'(x)$": x0, "forward secant": x0, "centered secant": x0 + h_big}   # a point on each line
for (name, slope), style in zip(slopes.items(), ["-", "--", "-."]):
    ax.plot(t, bump(through[name]) + slope * (t - through[name]), style, lw=1.5, label=f"{name}: slope {slope:.4f}")
ax.plot([x0 - h_big, x0, x0 + h_big], bump(np.array([x0 - h_big, x0, x0 + h_big])), "o", color="k")
ax.set(xlim=(0.5, 2.6), ylim=(-0.05, 0.9), xlabel="x", ylabel="f(x)",
       title=f"Secant slopes at x = {x0} with a large step h = {h_big}")
ax.legend(fontsize=8)
plt.show()


# %% [markdown]
# **Why is the centered one better?** Expand $f$ around $x$ (Taylor):
#
# $$f(x \pm h) = f(x) \pm h f'(x) + \tfrac{h^2}{2} f''(x) \pm \tfrac{h^3}{6} f'''(x) + \dots$$
#
# * forward: $\dfrac{f(x+h) - f(x)}{h} = f'(x) + \tfrac{h}{2} f''(x) + \dots$ — the error
#   shrinks like $h$: **first order, $O(h)$**;
# * centered: subtracting $f(x-h)$ from $f(x+h)$ cancels every even term, leaving
#   $\dfrac{f(x+h) - f(x-h)}{2h} = f'(x) + \tfrac{h^2}{6} f'''(x) + \dots$ — **second order,
#   $O(h^2)$**. Divide $h$ by 10 and the error drops 100 times.
#
# For a function of many numbers — a loss of a weight matrix — do this **one coordinate at a
# time**: add $h$ to a single entry $x_i$ (that is, move along the unit vector $e_i$), keep every
# other entry fixed, and the secant slope is the partial derivative $\partial f / \partial x_i$.
#
# ### Exercise 1 (3 points): `numerical_gradient(f, x, h=1e-5, method="centered") -> grad`
#
# `f` takes an array shaped like `x` and returns one number. Return `grad`, an array of the shape
# of `x` (any shape: a vector, a matrix, ...), whose entry at each index is
#
# * `method="centered"` (the default): `(f(x + h e_i) - f(x - h e_i)) / (2h)`;
# * `method="forward"`: `(f(x + h e_i) - f(x)) / h`;
# * any other `method`: raise a `ValueError`.
#
# You may perturb `x` in place — but when your function returns, **`x` must hold exactly its
# original values**: save the old entry and put it back (adding and then subtracting `h` does not
# always give back the same bits). A Python loop over the coordinates is fine here — every
# coordinate needs its own calls to `f`. `np.ndindex(x.shape)` walks over every index of an array
# of any shape. How often you call `f` at `x` itself is up to you (the forward difference needs
# `f(x)` once; evaluating it for the centered one too is harmless).
#
# *How this exercise is graded.* The visible tests check the cubic example below (with named
# mistakes: forward for centered, `h` for `2h`, all coordinates moved at once), the shape for a
# matrix `x`, that `x` is restored and that an unknown method raises. Hidden tests decide the
# grade: they also compare with the exact differences at fresh points, for both methods, and
# check that `f` only ever sees `x` with at most one entry moved, to `x_i + h` and `x_i - h`.
#
# *Reading ahead.* Run All stops at the first failing test until the function is written; the
# experiments further down run your own functions. The executed lesson can be read ahead on the
# lecture site.

# %% solution="numerical_gradient"
def numerical_gradient(f, x, h=1e-5, method="centered"):
    """Finite-difference gradient of the scalar function f at x (any shape)."""
    ### BEGIN SOLUTION
    if method not in ("forward", "centered"):
        raise ValueError(f"method must be 'forward' or 'centered', got {method!r}")
    grad = np.zeros(np.shape(x))
    fx = f(x) if method == "forward" else None
    for idx in np.ndindex(*np.shape(x)):
        old = x[idx]
        x[idx] = old + h
        f_plus = f(x)
        if method == "centered":
            x[idx] = old - h
            grad[idx] = (f_plus - f(x)) / (2 * h)
        else:
            grad[idx] = (f_plus - fx) / h
        x[idx] = old                      # put the original value back
    return grad
    ### END SOLUTION


# %% [markdown]
# The check below uses $f(x) = \sum_i x_i^3$ with a large step $h = 10^{-3}$, so that the two
# schemes differ visibly. The true gradient is $3x_i^2$; work out by hand that the centered
# difference gives exactly $3x_i^2 + h^2$ and the forward one $3x_i^2 + 3x_i h + h^2$.

# %% test="test_numerical_gradient_cubic" points=1
from helpers import grading as G
_cube = lambda v: float(np.sum(v * v * v))
_x = np.array([1.0, 2.0, -1.0])
_h = 1e-3
_got = G.call(numerical_gradient, _cube, _x, _h)
G.check_shape(_got, (3,), "numerical_gradient for x of shape (3,)")
_centered = 3 * _x**2 + _h**2
_forward = 3 * _x**2 + 3 * _x * _h + _h**2
G.check_close(_got, _centered, "the centered difference of sum(x**3) at x = [1, 2, -1], h = 1e-3", rtol=1e-8,
              hints={"the forward difference used where the centered one was asked (method='centered' is the default)": _forward,
                     "the centered difference divided by h instead of 2h": 2 * _centered,
                     "the argument h ignored (a fixed h = 1e-5 used)": 3 * _x**2 + 1e-10,
                     "the exact derivative 3x^2 computed instead of the finite difference": 3 * _x**2,
                     "all coordinates perturbed at once (x + h instead of x + h e_i)":
                         np.full(3, (_cube(_x + _h) - _cube(_x - _h)) / (2 * _h))})
G.check_close(_x, [1.0, 2.0, -1.0], "x after the call (it must hold its original values again)", rtol=1e-12,
              hints={"x not restored: each entry was left at x - h": np.array([1.0, 2.0, -1.0]) - _h,
                     "x not restored: each entry was left at x + h": np.array([1.0, 2.0, -1.0]) + _h})
### BEGIN HIDDEN TESTS
from grader.finite_differences import hidden_numerical_gradient_cubic
hidden_numerical_gradient_cubic(numerical_gradient)
### END HIDDEN TESTS
print("numerical_gradient gets the centered difference of a cubic right and restores x.")

# %% test="test_numerical_gradient_values" points=1
from helpers import grading as G
_g = np.random.default_rng(21)
_A = _g.standard_normal((6, 6))
def _smooth(v):
    _flat = v.reshape(-1)
    return float(np.sum(np.sin(_flat) * _flat[::-1]) + 0.5 * _flat @ _A[: _flat.size, : _flat.size] @ _flat)
_x = _g.standard_normal((2, 3))
_got = G.call(numerical_gradient, _smooth, _x.copy(), 1e-3, "forward")
G.check_shape(_got, (2, 3), "numerical_gradient for a matrix x of shape (2, 3) (grad has the shape of x)")
### BEGIN HIDDEN TESTS
from grader.finite_differences import hidden_numerical_gradient_values
hidden_numerical_gradient_values(numerical_gradient, _smooth, _g)
### END HIDDEN TESTS
print("numerical_gradient returns an array of the shape of x.")

# %% test="test_numerical_gradient_contract" points=1
from helpers import grading as G
_quad = lambda v: float(np.sum(v * v))
_x = np.array([[0.1, -0.2], [0.3, 0.7]])
_x0 = _x.copy()
G.call(numerical_gradient, _quad, _x, 0.01)
G.check_close(_x, _x0, "x after numerical_gradient(method='centered') (it must hold its original values)", rtol=1e-12,
              hints={"x not restored: each entry was left at x - h": _x0 - 0.01,
                     "x not restored: each entry was left at x + h": _x0 + 0.01})
G.check_raises(numerical_gradient, ValueError, _quad, np.zeros(2), 1e-5, "backward",
               what="numerical_gradient with method='backward' (not one of 'forward', 'centered')")
### BEGIN HIDDEN TESTS
from grader.finite_differences import hidden_numerical_gradient_contract
hidden_numerical_gradient_contract(numerical_gradient, _quad)
### END HIDDEN TESTS
print("numerical_gradient leaves x as it found it and rejects an unknown method.")

# %% [markdown]
# ## 2. How small should h be? Truncation against round-off
#
# The Taylor argument says: the smaller $h$, the better. A computer disagrees. A float64 number
# carries about 16 significant digits (machine epsilon $\varepsilon \approx 2.2 \times 10^{-16}$),
# so $f(x+h)$ and $f(x)$ are each known only up to about $\varepsilon |f|$. When $h$ is tiny
# the two values agree in almost all their digits and the subtraction cancels them, leaving
# mostly rounding noise — which the division by $h$ then *amplifies*. Two errors pull in opposite
# directions:
#
# $$\text{error}(h) \;\approx\; \underbrace{C\,h^p}_{\text{truncation: } p = 1 \text{ forward},\; p = 2 \text{ centered}}
#   \;+\; \underbrace{\frac{\varepsilon\,|f|}{h}}_{\text{round-off}} .$$
#
# Setting the derivative of this sum to zero gives the best step: $h^\ast \sim \sqrt{\varepsilon}
# \approx 10^{-8}$ for the forward difference, and $h^\ast \sim \varepsilon^{1/3} \approx 10^{-5}$
# for the centered one — the $h = 10^{-5}$ that the lecture notes recommend.
#
# Let us measure it on the bump $f(x) = 1/(1 + x^2)$, whose derivative we know exactly. For each
# $h$ from $10^{-16}$ to $0.8$ we compute both differences at 101 points $x \in [1.2, 2]$ (one array
# expression for the whole grid) and plot the median absolute error.

# %%
x_pts = np.linspace(1.2, 2.0, 101)[:, None]                 # 101 points, one per row
mantissas = (1.0, 1.25, 1.6, 2.0, 2.5, 3.2, 4.0, 5.0, 6.3, 8.0)
hs = np.array([float(f"{m}e-{k}") for k in range(16, 0, -1) for m in mantissas])   # 1e-16 ... 0.8
true = bump_d1(x_pts)
err_forward = np.median(np.abs((bump(x_pts + hs) - bump(x_pts)) / hs - true), axis=0)
err_centered = np.median(np.abs((bump(x_pts + hs) - bump(x_pts - hs)) / (2 * hs) - true), axis=0)
best_f, best_c = np.argmin(err_forward), np.argmin(err_centered)

eps = np.finfo(float).eps
fig, ax = plt.subplots(figsize=(8, 5))
ax.loglog(hs, err_forward, "o-", ms=3, color="C0", label="forward difference")
ax.loglog(hs, err_centered, "s-", ms=3, color="C1", label="centered difference")
ax.loglog(hs, np.median(np.abs(bump_d2(x_pts))) / 2 * hs, "--", color="C0", alpha=0.6,
          label=r"truncation $\frac{|f''|}{2}h$: slope 1")
ax.loglog(hs, np.median(np.abs(bump_d3(x_pts))) / 6 * hs**2, "--", color="C1", alpha=0.6,
          label=r"truncation $\frac{|f'''|}{6}h^2$: slope 2")
ax.loglog(hs, eps * np.median(bump(x_pts)) / hs, ":", color="k", label=r"round-off $\varepsilon |f| / h$: slope $-1$")
for i, err, color, offset in [(best_f, err_forward, "C0", (-120, -14)), (best_c, err_centered, "C1", (-120, -6))]:
    ax.plot(hs[i], err[i], "*", ms=16, color=color, mec="k", zorder=5)
    ax.annotate(f"best h = {hs[i]:.2g}\nerror {err[i]:.1e}", (hs[i], err[i]), textcoords="offset points",
                xytext=offset, fontsize=9, color=color, arrowprops=dict(arrowstyle="-", color=color))
ax.text(1.5e-16, 1e-11, "<- round-off wins:\n   smaller h is worse", fontsize=9)
ax.text(3e-4, 1e-11, "truncation wins: ->\nsmaller h is better", fontsize=9)
ax.set(ylim=(1e-13, 1), xlabel="step h", ylabel="median |numerical - true derivative|",
       title="Error of finite differences on $f(x) = 1/(1+x^2)$")
ax.grid(True, which="major", alpha=0.3)
ax.legend(fontsize=8, loc="upper center")
plt.show()
print(f"forward : smallest error {err_forward[best_f]:.1e} at h = {hs[best_f]:.2g}")
print(f"centered: smallest error {err_centered[best_c]:.1e} at h = {hs[best_c]:.2g}")
print(f"at the usual h = 1e-5: forward error {err_forward[hs == 1e-5][0]:.1e}, centered error {err_centered[hs == 1e-5][0]:.1e}")


# %% [markdown]
# Read the plot from right to left. For large $h$ both curves follow their truncation lines —
# slope 1 for forward, slope 2 for centered (a decade of $h$ buys two decades of accuracy). Then
# round-off takes over and both curves turn around and climb along the slope $-1$ line; at
# $h \approx 10^{-16}$ the step is below the spacing of floats near $x$ and the result is garbage.
# The bottoms of the two V's are the best steps, read off the stars and the printout: about
# $10^{-8}$ for forward and $10^{-5}$ for centered, where centered is roughly a thousand times
# more accurate. **Use the centered difference with $h \approx 10^{-5}$.** (For a different
# function the constants move the V a little, not the lesson.)
#
# ## 3. The analytic gradient of the SVM loss
#
# Now the real target: the multiclass SVM loss of lesson 01. With scores $s_{ij} = x_i \cdot w_j$
# (row $x_i$ of `X`, column $w_j$ of `W`) and margins $d_{ij} = s_{ij} - s_{iy_i} + \Delta$,
#
# $$L = \frac{1}{m} \sum_{i=1}^m L_i, \qquad L_i = \sum_{j \ne y_i} \max(0,\; d_{ij}).$$
#
# The hinge $\max(0, d)$ has slope 1 where $d > 0$ and slope 0 where $d < 0$. Write that as an
# **indicator** $\mathbb 1[d_{ij} > 0]$ (1 if true, 0 if false). Each violated margin $d_{ij} > 0$
# depends on two columns of `W`: it grows with $w_j$ (through $+x_i \cdot w_j$) and shrinks with
# $w_{y_i}$ (through $-x_i \cdot w_{y_i}$). So for one example:
#
# $$\nabla_{w_j} L_i = \mathbb 1[d_{ij} > 0]\; x_i^\top \quad (j \ne y_i), \qquad
#   \nabla_{w_{y_i}} L_i = -\Big(\sum_{j \ne y_i} \mathbb 1[d_{ij} > 0]\Big)\, x_i^\top .$$
#
# In words: for every class $j$ that beats the margin the gradient of $w_j$ is $+x_i$, so a
# descent step moves $w_j$ *away* from $x_i$ (lowering that class's score), and the correct class
# $w_{y_i}$ is moved *towards* $x_i$ once for each violator.
# Averaging over the examples turns the per-example sums into one matrix product. Collect the
# coefficients in an $(m, C)$ matrix $M$: $M_{ij} = \mathbb 1[d_{ij} > 0]$ for $j \ne y_i$ and
# $M_{iy_i} = -\sum_{j \ne y_i} M_{ij}$. Then
#
# $$\nabla_W L = \frac{1}{m} X^\top M \qquad \text{shape } (n, C) \text{, like } W.$$
#
# **Worked example.** Two examples, $X = I_2$, three classes, $\Delta = 1$, and `W` chosen so that
# the scores are $S = \begin{pmatrix} 1 & 2 & 0.5 \\ 0 & 1 & 3 \end{pmatrix}$ with labels $y = (0, 2)$.
# Example 1: margins $2 - 1 + 1 = 2$ and $0.5 - 1 + 1 = 0.5$, both violated, so $L_1 = 2.5$ and
# its row of $M$ is $(-2, 1, 1)$. Example 2: margins $-2$ and $-1$, nothing violated, $L_2 = 0$,
# row $(0, 0, 0)$. So $L = 1.25$ and $\nabla_W L = \tfrac12 X^\top M = \begin{pmatrix} -1 & 0.5 & 0.5
# \\ 0 & 0 & 0 \end{pmatrix}$.
#
# At a margin of exactly $d_{ij} = 0$ the hinge has a kink and no derivative; any slope between 0
# and 1 is a valid *subgradient*. The strict $>$ above picks 0. (Section 6 shows what kinks do to
# a gradient check.)
#
# ### Exercise 2 (4 points): `svm_loss_and_grad(W, X, y, delta=1.0) -> (loss, dW)`
#
# Return the mean SVM loss (a float, as `svm_loss` in lesson 01) **and** its gradient `dW`, an
# array of the shape of `W`, using $M$ as above. **No Python loop over the examples**: build the
# `(m, C)` margins, then `M`, then one matrix product. Useful: `S[np.arange(m), y]` picks the
# correct scores, `(margins > 0).astype(float)` the indicators, `M.sum(axis=1)` the row counts.
# Do not modify `W`, `X` or `y`.
#
# *How this exercise is graded.* The visible tests check the worked example (loss 1.25 and `dW`
# by hand, with named mistakes), shapes, that the inputs are left alone and that no Python loop
# runs over the examples. Hidden tests decide the grade: they also compare loss and `dW` with
# the exact values on random problems with other margins Δ. Run All stops here until the function
# is written.

# %% solution="svm_loss_and_grad"
def svm_loss_and_grad(W, X, y, delta=1.0):
    """Mean multiclass SVM loss of S = X @ W and its gradient dW (same shape as W)."""
    ### BEGIN SOLUTION
    m = X.shape[0]
    rows = np.arange(m)
    S = X @ W
    margins = np.maximum(0.0, S - S[rows, y][:, None] + delta)
    margins[rows, y] = 0.0
    loss = float(margins.sum() / m)
    M = (margins > 0).astype(float)
    M[rows, y] = -M.sum(axis=1)
    dW = X.T @ M / m
    return loss, dW
    ### END SOLUTION


# %% test="test_svm_grad_worked_example" points=1
from helpers import grading as G
_X = np.array([[1.0, 0.0], [0.0, 1.0]])
_W = np.array([[1.0, 2.0, 0.5], [0.0, 1.0, 3.0]])        # S = X @ W = W
_y = np.array([0, 2])
_out = G.call(svm_loss_and_grad, _W, _X, _y)
G.check_true(isinstance(_out, tuple) and len(_out) == 2, "svm_loss_and_grad must return a pair (loss, dW)")
_loss, _dW = _out
G.check_close(_loss, 1.25, "the loss of the worked example",
              hints={"the sum over the examples instead of the mean": 2.5,
                     "the correct class included in the sum (it adds delta per example)": 2.25})
G.check_shape(_dW, (2, 3), "dW (it has the shape of W)")
_ref = np.array([[-1.0, 0.5, 0.5], [0.0, 0.0, 0.0]])
G.check_close(_dW, _ref, "dW of the worked example",
              hints={"the gradient not averaged over the examples (summed instead)": 2 * _ref,
                     "the correct-class term missing (the column of y_i needs -count * x_i)": np.array([[0.0, 0.5, 0.5], [0, 0, 0]]),
                     "the correct class given -x_i once instead of -x_i for every violated margin": np.array([[-0.5, 0.5, 0.5], [0, 0, -0.5]]),
                     "the sign flipped (the gradient points downhill)": -_ref})
### BEGIN HIDDEN TESTS
from grader.finite_differences import hidden_svm_grad_worked_example
hidden_svm_grad_worked_example(svm_loss_and_grad)
### END HIDDEN TESTS
print("The worked example comes out right: loss 1.25 and the gradient by hand.")

# %% test="test_svm_grad_values" points=2
from helpers import grading as G
_g = np.random.default_rng(22)
for _m, _n, _C, _delta in [(9, 4, 3, 1.0), (60, 65, 10, 2.0), (1, 3, 4, 0.5), (25, 5, 2, 1.0)]:
    _X, _W = _g.standard_normal((_m, _n)), _g.standard_normal((_n, _C))
    _y = _g.integers(_C, size=_m)
    _loss, _dW = G.call(svm_loss_and_grad, _W, _X, _y, _delta)
    G.check_shape(_dW, (_n, _C), f"dW for W of shape {(_n, _C)}")
    G.check_true(np.ndim(_loss) == 0, f"the loss must be one number, got shape {np.shape(_loss)}")
    ### BEGIN HIDDEN TESTS
    from grader.finite_differences import hidden_svm_grad_values
    hidden_svm_grad_values(svm_loss_and_grad, _loss, _dW, _W, _X, _y, _delta)
    ### END HIDDEN TESTS
print("svm_loss_and_grad returns a number and an array of the shape of W.")

# %% test="test_svm_grad_vectorized" points=1
from helpers import grading as G
_g = np.random.default_rng(23)
_W = _g.standard_normal((5, 3))
_X = _g.standard_normal((20, 5))
_y = _g.integers(3, size=20)
_X0, _W0, _y0 = _X.copy(), _W.copy(), _y.copy()
G.call(svm_loss_and_grad, _W, _X, _y)
G.check_unchanged(_X0, _X, "X")
G.check_unchanged(_W0, _W, "W")
G.check_unchanged(_y0, _y, "y")
G.check_vectorized(svm_loss_and_grad, lambda _m: (_W, _g.standard_normal((_m, 5)), _g.integers(3, size=_m)),
                   "svm_loss_and_grad")
### BEGIN HIDDEN TESTS
from grader.finite_differences import hidden_svm_grad_vectorized
hidden_svm_grad_vectorized(svm_loss_and_grad, _W, _g)
### END HIDDEN TESTS
print("svm_loss_and_grad leaves its inputs alone and runs no Python loop over the examples.")

# %% [markdown]
# ## 4. Numerical against analytic on the digits: same answer, very different price
#
# The data and the starting weights are those of lesson 01 (same seed, same split): 1 400 training
# images with a bias column, and tiny random weights `W` of shape `(65, 10)` — 650 numbers.
# From here on the experiments run your own `numerical_gradient` and `svm_loss_and_grad` (and, in
# section 5, your `grad_check`): finish the exercises above first. Lesson 01's `svm_loss` comes with
# this lesson, in `earlier_lessons.py`. The numerical gradient differentiates
# `loss_of_first_columns`, the loss as a function of the first `n_classes` columns of `W`: all ten
# of them here, only two when the autograder runs this notebook for every student.

# %%
X_all, y_all = load_digits()
X_train, y_train, X_val, y_val = train_val_split(X_all, y_all, n_val=397, rng=rng)
W = 0.001 * rng.standard_normal((65, 10))
train_loss = lambda W_: svm_loss(W_, X_train, y_train)

loss, dW_analytic = svm_loss_and_grad(W, X_train, y_train)
n_classes, note = pick(10, 2, "the number of classes whose weights get a numerical gradient")

def loss_of_first_columns(V):
    """The training loss as a function of the first n_classes columns of W (the others held fixed)."""
    return train_loss(np.concatenate([V, W[:, n_classes:]], axis=1))

start = time.perf_counter()
dW_numerical = numerical_gradient(loss_of_first_columns, W[:, :n_classes].copy())   # 2 evaluations per weight
t_numerical = time.perf_counter() - start
def relative_error(a, n):
    """|a - n| / max(|a| + |n|, 1e-12), elementwise: how far apart, relative to the size (section 5)."""
    return np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), 1e-12)

rel = relative_error(dW_analytic[:, :n_classes], dW_numerical)
print(f"loss {loss:.4f};  largest |dW| entry {np.abs(dW_analytic).max():.4f}")
def below(e):
    """A relative error as printed here: two digits when large, else only its order of magnitude
    (the last digits of round-off-sized errors change with the CPU's matrix-product kernel)."""
    return f"{e:.2g}" if e >= 1e-4 else f"below 1e{int(np.floor(np.log10(e))) + 1}"

print(f"relative error over all {rel.size} entries: median {below(np.median(rel))}, largest {below(rel.max())}")
worst = np.unravel_index(np.argmax(rel), rel.shape)
print(f"the largest is where the gradient itself is tiny: analytic {dW_analytic[worst]:.3e}, "
      f"numerical {dW_numerical[worst]:.3e}")

def mosaic(grads):
    """Rows of 8x8 pixel images (one per class), one row per gradient, separated by blank lines."""
    tiles = np.full((9 * len(grads) - 1, 9 * 10 - 1), np.nan)
    for r, grad_ in enumerate(grads):
        for c in range(grad_.shape[1]):
            tiles[9 * r: 9 * r + 8, 9 * c: 9 * c + 8] = grad_[:64, c].reshape(8, 8)
    return tiles

fig, axes = plt.subplots(1, 2, figsize=(12, 3.2), gridspec_kw={"width_ratios": [2.6, 1]})
axes[0].imshow(mosaic([dW_analytic, dW_numerical]), cmap="RdBu_r", vmin=-0.6, vmax=0.6)
axes[0].set(xticks=9 * np.arange(10) + 3.5, xticklabels=[f"class {c}" for c in range(10)], yticks=[3.5, 12.5],
            yticklabels=["analytic", "numerical"],
            title="dW of each class's 64 pixel weights as 8x8 images (red > 0, blue < 0)")
axes[0].tick_params(axis="x", labelsize=8)
nonzero = dW_analytic[:, :n_classes] != 0
axes[1].loglog(np.abs(dW_analytic[:, :n_classes][nonzero]), rel[nonzero], ".", ms=3)
axes[1].set(title="relative error of each nonzero entry", xlabel="|analytic dW entry|", ylabel="relative error")
fig.tight_layout()
plt.show()
if note:
    print(note)

# %% [markdown]
# The two gradients are indistinguishable to the eye, and numerically they agree to about nine
# or ten digits in the median. (The printout gives only the order of magnitude: the last digits
# of these tiny errors change with the CPU's matrix-product kernel.) The worst entries sit where the gradient is tiny (pixels that are almost
# always blank): the round-off of the numerical estimate, about $\varepsilon |L| / h \approx
# 10^{-10}$, is then a sizeable *fraction* of the value. Entries that are exactly zero in both
# (pixels that are blank in every image) have relative error 0 thanks to the $10^{-12}$ floor.
#
# Now the price. The numerical gradient calls the loss twice per weight; the analytic one costs
# about two matrix products.

# %% tags=["nbval-ignore-output"]
t_analytic = time_median(lambda: svm_loss_and_grad(W, X_train, y_train), repeats=5, min_time=0.005)
t_loss = time_median(lambda: train_loss(W), repeats=5, min_time=0.005)
print(f"one loss evaluation      : {t_loss * 1e3:8.3f} ms")
per_eval = t_numerical / (2 * dW_numerical.size)
print(f"numerical gradient, all 650 weights (1300 loss evaluations): {1300 * per_eval * 1e3:8.1f} ms")
print(f"analytic gradient (+ loss): {t_analytic * 1e3:8.3f} ms   -> {1300 * per_eval / t_analytic:.0f} times faster")
print(f"10 million weights: {2e7 * per_eval / 3600:.1f} hours for ONE numerical gradient, even if each loss "
      "evaluation were as cheap as this linear classifier's")


# %% [markdown]
# The cost of a numerical gradient grows **linearly with the number of parameters** — one or two
# full passes over the data per weight. For our 650 weights it is several hundred times slower
# than the formula (printed above): the formula costs about two loss evaluations, the numerical
# gradient 1 300, so the ratio is close to the number of weights. For a network with $10^7$ weights (each loss evaluation itself far
# more expensive than ours) one gradient step would take days. The analytic gradient — and, for
# networks, its systematic version, back-propagation — costs about as much as one evaluation of
# the loss, whatever the number of weights.
#
# So the numerical gradient is not how we train. It is how we **test** the analytic one.
#
# ## 5. Gradient checking
#
# Comparing all 650 entries cost us 1 300 loss evaluations. A check does not need them all: a few
# randomly chosen coordinates catch almost every bug (a wrong formula is rarely wrong in just one
# entry). Compare them with the **relative** error,
#
# $$e_i = \frac{|a_i - n_i|}{\max(|a_i| + |n_i|,\; 10^{-12})},$$
#
# where $a_i$ is the analytic and $n_i$ the numerical value — an absolute difference of $10^{-6}$
# is excellent for an entry of size 10 and terrible for an entry of size $10^{-6}$. (The floor
# $10^{-12}$ keeps two exact zeros from dividing 0 by 0.) Rules of thumb in float64, for this
# denominator (CS231n divides by $\max(|a_i|, |n_i|)$, which gives up to twice our value): about
# $10^{-7}$ or less, the gradient is right; up to about $10^{-5}$ it is probably right (the check
# on the digits below calls that OK); above $10^{-3}$ something is wrong — or a kink got in the
# way (section 6).
#
# ### Exercise 3 (3 points): `grad_check(f, x, analytic_grad, n_checks, rng, h=1e-5) -> float`
#
# Draw `n_checks` flat coordinate indices in one call, `idx = rng.integers(x.size, size=n_checks)`
# (repeats allowed). For each index `i`, compute the **centered** difference of `f` along that
# coordinate and compare it with `analytic_grad.flat[i]` by the relative error above. Return the
# **largest** relative error as a float. As in exercise 1, `x` must hold its original values when
# you return. Handy: `x.flat[i]` reads and writes the `i`-th entry of an array of any shape, in
# the same order as `analytic_grad.flat[i]`.
#
# *How this exercise is graded.* The visible tests check a correct and a wrong gradient of a
# cubic (with named mistakes: the absolute error, the denominator `max(|a|, |n|)`), that two
# calls with the same seed agree (the indices come from the `rng` passed in, not `np.random`),
# the 0/0 case and that `x` is restored. Hidden tests decide the grade: they also replay the
# exact indices of a seed and compare the returned error with the exact value. Run All stops
# here until the function is written; the experiments below run your `grad_check`.

# %% solution="grad_check"
def grad_check(f, x, analytic_grad, n_checks, rng, h=1e-5):
    """Largest relative error between analytic_grad and centered differences at n_checks random coordinates."""
    ### BEGIN SOLUTION
    idx = rng.integers(x.size, size=n_checks)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        f_plus = f(x)
        x.flat[i] = old - h
        f_minus = f(x)
        x.flat[i] = old
        numerical = (f_plus - f_minus) / (2 * h)
        analytic = analytic_grad.flat[i]
        err = abs(analytic - numerical) / max(abs(analytic) + abs(numerical), 1e-12)
        worst = max(worst, err)
    return float(worst)
    ### END SOLUTION


# %% test="test_grad_check_basics" points=1
from helpers import grading as G
_cube = lambda v: float(np.sum(v * v * v))
_x = np.array([0.5, -1.0, 2.0, 1.5])
_good = G.call(grad_check, _cube, _x, 3 * _x**2, 5, np.random.default_rng(0))
G.check_true(np.ndim(_good) == 0, f"grad_check must return one number (the largest relative error), got shape {np.shape(_good)}")
G.check_true(np.isfinite(_good) and 0 <= _good < 1e-8,
             f"grad_check with the correct gradient of sum(x**3) should return a tiny error (< 1e-8), got {_good}")
_bad = 3 * _x**2
_bad[2] = 10.0                                   # true value 12
_err = G.call(grad_check, _cube, _x, _bad, 40, np.random.default_rng(1))
G.check_close(_err, 2 / 22, "grad_check when one of 4 entries is 10 instead of 12 (40 checks hit it)", rtol=1e-6,
              hints={"the absolute error |a - n| returned instead of the relative error": 2.0,
                     "the relative error divided by max(|a|, |n|) instead of |a| + |n|": 2 / 12})
G.check_close(_x, [0.5, -1.0, 2.0, 1.5], "x after grad_check (it must hold its original values)", rtol=1e-12)
### BEGIN HIDDEN TESTS
from grader.finite_differences import hidden_grad_check_basics
hidden_grad_check_basics(grad_check)
### END HIDDEN TESTS
print("grad_check passes a correct gradient and catches a wrong entry.")

# %% test="test_grad_check_exact" points=1
from helpers import grading as G
_g = np.random.default_rng(24)
_B = _g.standard_normal((4, 3))
_f = lambda v: float(np.sum(np.sin(v) * _B) + 0.25 * np.sum(v**4))
_x = _g.standard_normal((4, 3))
_true = np.cos(_x) * _B + _x**3
_noisy = _true * (1 + 1e-6 * 2.0 ** np.arange(12).reshape(4, 3))   # small errors, growing along the flat index
_seen = []                                       # which entries of x each call of f moved
_f_seen = lambda v: (_seen.append(tuple(np.flatnonzero(v != _x))), _f(v))[1]
_got = G.call(grad_check, _f_seen, _x.copy(), _noisy, 6, np.random.default_rng(5))
G.check_true(np.ndim(_got) == 0 and np.isfinite(_got), f"grad_check must return one finite number, got {_got!r}")
_first, _seen = _seen, []
_again = G.call(grad_check, _f_seen, _x.copy(), _noisy, 6, np.random.default_rng(5))
G.check_true(_seen == _first, "grad_check called twice with the same seed checked different entries: draw the "
             "indices from the rng passed in, not np.random")
G.check_close(_again, _got, "grad_check called again with the same seed")
### BEGIN HIDDEN TESTS
from grader.finite_differences import hidden_grad_check_exact
hidden_grad_check_exact(grad_check, _f, _x, _noisy)
### END HIDDEN TESTS
print("grad_check returns one finite number, the same for the same seed.")

# %% test="test_grad_check_edge_cases" points=1
from helpers import grading as G
_lin = lambda v: float(np.sum(v[0]))              # gradient 1 on the first row, exactly 0 elsewhere
_x = np.arange(6.0).reshape(2, 3)
_x0 = _x.copy()
_err = G.call(grad_check, _lin, _x, np.vstack([np.ones(3), np.zeros(3)]), 30, np.random.default_rng(2))
G.check_true(np.isfinite(_err),
             "grad_check returned NaN or inf where the analytic and numerical gradients are both exactly 0: "
             "divide by max(|a| + |n|, 1e-12), not by |a| + |n|")
G.check_true(_err < 1e-8, f"grad_check with the exact gradient of a linear function should give about 0, got {_err}")
G.check_close(_x, _x0, "x after grad_check (it must hold its original values)", rtol=1e-12)
### BEGIN HIDDEN TESTS
from grader.finite_differences import hidden_grad_check_edge_cases
hidden_grad_check_edge_cases(grad_check, _lin, _x, _x0)
### END HIDDEN TESTS
print("grad_check copes with zero gradients and restores x.")

# %% [markdown]
# Let us run your `grad_check` on the digits, first with the correct gradient, then with
# gradients that carry the classic bugs — values that an implementation with that bug would
# produce. Each check costs 20 × 2 loss evaluations instead of 1 300.

# %%
m = X_train.shape[0]
candidates = {
    "correct analytic gradient": dW_analytic,
    "forgot to average over examples (x m)": m * dW_analytic,
    "sign flipped": -dW_analytic,
    "one column slightly off (class 3 x 1.01)": dW_analytic * np.where(np.arange(10) == 3, 1.01, 1.0),
}
for name, candidate in candidates.items():
    err = grad_check(train_loss, W, candidate, n_checks=20, rng=rng)
    verdict = "OK" if err < 1e-5 else "BUG"
    print(f"{name:42s} largest relative error {below(err):>11s}   {verdict}")

# %% [markdown]
# Twenty random coordinates are enough to flag every one of them — even a 1 % error in a single
# column, as long as one of the 20 checks lands in that column (the chance that 20 draws over
# 10 columns miss it is $0.9^{20} \approx 12\,\%$, more where the pixel is always zero). A bug confined to a handful of entries can slip through a small check, which
# is why people check a few times, at a few points.
#
# ## 6. Kinks: when the check is wrong and the gradient is right
#
# The hinge $\max(0, d)$ has a corner at $d = 0$. If a margin sits within $h$ of its corner, the
# two points $x \pm h$ of the centered difference land on **different sides** of it, and the
# secant measures a *mix* of the two slopes, weighted by how far each side of the step reaches —
# neither the left nor the right derivative
# (left panel below, with a margin $3 \times 10^{-6}$ from the corner and $h = 10^{-5}$).
#
# For the digits this only happens when some margin is within about $h$ of zero. With our tiny
# random `W` every margin is close to $\Delta = 1$, far from any kink — that is why the check of
# section 5 was clean. Trained weights are different: training pushes many margins towards zero,
# and the kinks come into range. We can provoke one: nudge the column of one wrong class $j$,
# along the first image, until that image's margin for class $j$ is only $3 \times 10^{-6}$,
# then check one weight of that column with steps $h$ from $10^{-9}$ to $10^{-3}$ (right panel).
# All the perturbed weight matrices go into `svm_loss` as one stack, one loss per step (the course's
# `svm_loss` from `earlier_lessons.py` accepts a stack of weight matrices, shape `(k, n, C)`).

# %%
i, j = 0, (y_train[0] + 1) % 10
x_i = X_train[i]
S = X_train @ W
margin = S[i, j] - S[i, y_train[i]] + 1.0
W_kink = W.copy()
W_kink[:, j] -= (margin - 3e-6) * x_i / (x_i @ x_i)        # margin of example i for class j: 3e-6
S_k = X_train @ W_kink
margins_j = S_k[:, j] - S_k[np.arange(m), y_train] + 1.0
margins_j[y_train == j] = np.inf
print(f"margin of image {i} for class {j}: {margins_j[i]:.2e}; next closest margin in that column: "
      f"{np.sort(np.abs(margins_j))[1]:.2e}")

coord = (int(np.argmax(x_i)), int(j))                        # a weight that image i uses fully (pixel value 1)
_, dW_kink = svm_loss_and_grad(W_kink, X_train, y_train)
steps = np.array([float(f"{mm}e-{k}") for k in range(9, 2, -1) for mm in (1.0, 2.0, 5.0)])
E = np.zeros_like(W)
E[coord] = 1.0
central = (svm_loss(W_kink + steps[:, None, None] * E, X_train, y_train)
           - svm_loss(W_kink - steps[:, None, None] * E, X_train, y_train)) / (2 * steps)
err_kink = relative_error(dW_kink[coord], central)
central_smooth = (svm_loss(W + steps[:, None, None] * E, X_train, y_train)
                  - svm_loss(W - steps[:, None, None] * E, X_train, y_train)) / (2 * steps)
err_smooth = relative_error(dW_analytic[coord], central_smooth)

fig, axes = plt.subplots(1, 2, figsize=(13, 4), gridspec_kw={"width_ratios": [1, 1.3]})
hinge = lambda d: np.maximum(0.0, d)
d = np.linspace(-3e-5, 3e-5, 201)
d0, h = 3e-6, 1e-5
ax = axes[0]                                                 # drawn in units of 1e-6
ax.plot(d * 1e6, hinge(d) * 1e6, color="k", lw=2, label="max(0, d)")
ax.plot(np.array([d0 - h, d0 + h]) * 1e6, hinge(np.array([d0 - h, d0 + h])) * 1e6, "o--", color="C3",
        label=f"centered secant: slope {(hinge(d0 + h) - hinge(d0 - h)) / (2 * h):.2f}")
ax.plot(d * 1e6, (hinge(d0) + 1.0 * (d - d0)) * 1e6, ":", color="C0", label="true slope at d = 3e-6: 1")
ax.axvline(0, color="0.7", lw=0.8)
ax.set(xlabel="margin d  (units of 1e-6)", ylabel="max(0, d)  (units of 1e-6)", ylim=(-10, 30),
       title="A centered difference across a kink (h = 1e-5)")
ax.legend(fontsize=8)
ax = axes[1]
ax.loglog(steps, err_smooth, "o-", label="W from section 4 (no margin near a kink)")
ax.loglog(steps, err_kink, "s-", label="W_kink (one margin 3e-6 from its kink)")
ax.axvline(3e-6, color="C1", ls=":", label="distance to the kink")
ax.axhline(1e-5, color="0.5", ls="--", lw=0.8)
ax.text(1.2e-9, 1.4e-5, "'probably right' threshold", fontsize=8, color="0.4")
ax.set(xlabel="step h", ylabel="relative error", title=f"Gradient check of W{coord}: the kink fools the check")
ax.legend(fontsize=8)
fig.tight_layout()
plt.show()
print(f"at h = 1e-5: relative error {err_kink[steps == 1e-5][0]:.1e} at W_kink, {below(err_smooth[steps == 1e-5][0])} at W")

# %% [markdown]
# As long as $h$ stays below the distance to the kink, the check is as clean as before. Once the
# step reaches across, the relative error jumps from about $10^{-8}$ to several $10^{-3}$ — a value
# that would normally mean *bug* — yet the analytic gradient is exactly right: the loss really has
# slope `dW_kink[coord]` there; only the numerical estimate is wrong. (Notice the blue curve too:
# away from kinks the SVM loss is *piecewise linear*, so the truncation error is zero and a larger
# $h$ only helps — until it reaches a kink.) With one image out
# of 1 400 straddling the corner the error stays moderate; with a batch of a few images, or for a
# single example, it can reach order 1.
#
# What to do in practice:
#
# * **Know whether a kink was crossed**: compute the margins at $x \pm h$ and see whether any of
#   them changed sign. If one did, discard that coordinate rather than the gradient.
# * **Check with few data points.** Fewer examples mean fewer hinges, hence fewer kinks to trip on
#   (and a cheaper check) — but the error of the ones that remain weighs more.
# * **Check early,** before training has pushed margins to zero, and at a couple of random points.
# * A smaller $h$ helps against kinks, but only down to where round-off takes over: the right
#   panel above shows the error rising again below about $10^{-8}$.

# %% [markdown]
# ## Takeaways
#
# * The gradient is the vector of partial derivatives; $-\nabla L$ is the steepest way down.
# * **Finite differences** approximate it coordinate by coordinate. Forward: error $O(h)$, one
#   extra evaluation per coordinate. Centered: error $O(h^2)$, two evaluations. Round-off grows
#   like $\varepsilon / h$, so $h$ has a sweet spot: about $10^{-8}$ forward, $10^{-5}$
#   centered — see the printout in section 2 for the measured minima.
# * A numerical gradient costs one or two loss evaluations **per parameter**: fine for checking
#   650 weights, hopeless for training millions.
# * The **analytic** SVM gradient is $\frac1m X^\top M$ with indicator coefficients: one
#   vectorized expression, as cheap as the loss itself.
# * **Gradient checking** — a few random coordinates, relative error, take the maximum — is the
#   safety net for every analytic gradient you will write. At the kinks of non-smooth losses it
#   can cry wolf; know when a kink was crossed.
#
# Next, lesson 03 puts the analytic gradient to work: follow it downhill, and find out how large
# a step to take.

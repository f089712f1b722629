# %% [markdown]
# # Lesson 05 — Exponentially weighted averages and bias correction
#
# *Optimization for Deep Learning* · lesson 5 of 11 · graded: `ewma` (8 points), `steps_until_unbiased` (2 points)
#
# Mini-batch gradients are noisy (lesson 04). The optimizers of the next three lessons —
# momentum, RMSprop and Adam — tame that noise with one small formula, applied to the gradients
# as they stream past:
#
# $$v_t = \beta\, v_{t-1} + (1 - \beta)\, \theta_t, \qquad v_0 = 0 .$$
#
# This is the **exponentially weighted moving average** (EWMA; statisticians also say
# *exponential smoothing*). We study it away from neural networks first, on a series everybody
# can read: a year of daily temperatures. We will
#
# 1. run the recurrence by hand for a few days, then write it ourselves (the graded exercise);
# 2. run *your* function on real data for three values of β and see what β trades off;
# 3. unroll it to see *why* it is an average, and check the rule of thumb "it averages about
#    $1/(1-\beta)$ days" with numbers rather than take it on faith;
# 4. see why its start is too low and how **bias correction**, $v_t / (1 - \beta^t)$ — the step
#    Adam uses — repairs it, and predict (second exercise) after how many steps it stops
#    mattering;
# 5. time your loop, and see why one number of state beats a sliding window.
#
# **Conventions.** Time is counted from 1: $\theta_1$ is the first day, $v_1$ the first average;
# $v_0 = 0$ is the starting state and is not part of the output. β lies in $[0, 1)$.

# %%
import math

import numpy as np
import matplotlib.pyplot as plt

from helpers.data import load_daily_temperatures
from helpers.timing import time_median
from helpers.runmode import pick, under_autograder

rng = np.random.default_rng(2005)   # the one seed of this notebook
np.set_printoptions(precision=4, suppress=True)

# %% [markdown]
# ## 1. A year of temperatures
#
# The lecture uses a year of daily temperatures in London, in degrees Fahrenheit. We use the same
# kind of data from the other side of the Atlantic: the **daily mean temperature in Seattle in
# 2012**, in °C, from NOAA's daily records (public domain; the file and its source are described
# in `data/README.md`). The daily mean is the average of the day's maximum and minimum. 2012 was
# a leap year, so there are 366 days, $t = 1, \dots, 366$.

# %%
days, temp = load_daily_temperatures(2012)
t_axis = np.arange(1, len(temp) + 1)            # day number t = 1 ... 366
print(f"{len(temp)} days, from {days[0]} to {days[-1]}")
print(f"first days (°C): {temp[:5]}   coldest {temp.min():.1f} °C, warmest {temp.max():.1f} °C")

month_start = (np.arange("2012-01", "2013-01", dtype="datetime64[M]").astype("datetime64[D]")
               - days[0]).astype(int) + 1
month_name = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def year_axis(ax, ylabel="temperature (°C)"):
    """Label the x axis of a one-year plot with day numbers and month names."""
    ax.set_xticks(month_start, [f"{m}\n{d}" for m, d in zip(month_name, month_start)], fontsize=8)
    ax.set(xlim=(0, len(temp) + 1), xlabel="month / day of the year t", ylabel=ylabel)


fig, ax = plt.subplots(figsize=(10, 3.6))
ax.plot(t_axis, temp, ".", color="C0", ms=4, label=r"daily mean temperature $\theta_t$")
year_axis(ax)
ax.set_title("Seattle, 2012: one dot per day")
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# The seasons are plain — cool winters around 5 °C, summers around 20 °C — but from one day to
# the next the dots jump by several degrees. We want the **local trend**: a curve through the
# dots that follows the seasons and ignores the day-to-day weather.
#
# ## 2. The recurrence
#
# Start from $v_0 = 0$. Each day, keep 90 % of yesterday's average and mix in 10 % of today's
# temperature:
#
# $$v_1 = 0.9\,v_0 + 0.1\,\theta_1, \qquad v_2 = 0.9\,v_1 + 0.1\,\theta_2, \qquad \dots \qquad
#   v_t = 0.9\,v_{t-1} + 0.1\,\theta_t .$$
#
# Replacing 0.9 by a parameter β (and 0.1 by $1-\beta$, so that the two weights always sum to 1)
# gives the general form $v_t = \beta v_{t-1} + (1-\beta)\theta_t$. Here are the first three days
# by hand:

# %%
v = 0.0                                          # v_0
for t in (1, 2, 3):
    v_new = 0.9 * v + 0.1 * temp[t - 1]
    print(f"v_{t} = 0.9 * {v:6.4f} + 0.1 * {temp[t - 1]:5.2f} = {v_new:6.4f}")
    v = v_new


# %% [markdown]
# Notice how small these are: the first days of 2012 were around 7–9 °C, yet $v_3$ is about
# 2 °C. The average starts at 0 and needs time to climb. Section 6 shows where that comes from and
# that dividing $v_t$ by $1 - \beta^t$ repairs it — **bias correction**; your function will offer
# it as an option.
#
# ## 3. Your turn: `ewma`
#
# ### Exercise 1 (8 points): `ewma(theta, beta, bias_correction=False) -> v`
#
# Write the exponentially weighted moving average of a 1-D series `theta` (a NumPy array or a
# list of numbers, $\theta_1, \dots, \theta_n$):
#
# * start from $v_0 = 0$ and apply $v_t = \beta\, v_{t-1} + (1-\beta)\,\theta_t$ for
#   $t = 1, \dots, n$;
# * return $v_1, \dots, v_n$ — a **new** float NumPy array of shape `(n,)` (without $v_0$);
# * with `bias_correction=True` return $v_t / (1 - \beta^t)$ instead, where $t$ counts from 1.
#   The correction is applied to the *output*; the running average itself stays uncorrected;
# * raise a `ValueError` if `beta` is outside $[0, 1)$ — in particular β = 1, which would freeze
#   the average at $v_0 = 0$ forever (β = 0 is allowed: then $v_t = \theta_t$);
# * do not modify `theta`.
#
# A loop over the days is perfectly fine here — the recurrence is sequential. (Section 7 times your
# loop.)
#
# *How this exercise is graded.* The visible tests below check the hand calculation, the start
# from $v_0 = 0$, the recurrence on the temperatures, the corrected day-2 example, that β = 1 is
# rejected, and the type and shape of the result (each with the common mistakes named). Hidden
# tests decide the grade: they also compare your output with the exact values for several β and
# series (a long one with β close to 1, β = 0, an integer array, a Python list, a single value)
# and check every β outside $[0, 1)$.
#
# *Reading ahead.* Run All stops at the first failing test until the function is written, and
# everything from section 4 on runs **your** `ewma`. The executed lesson can be read ahead on the
# lecture site.

# %% solution="ewma"
def ewma(theta, beta, bias_correction=False):
    """Exponentially weighted moving average v_1..v_n of theta (v_0 = 0), optionally bias-corrected."""
    ### BEGIN SOLUTION
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    theta = np.asarray(theta, dtype=float)
    v_out = np.empty(theta.shape[0])
    v = 0.0
    for t in range(theta.shape[0]):
        v = beta * v + (1.0 - beta) * theta[t]
        v_out[t] = v
    if bias_correction:
        v_out /= 1.0 - beta ** np.arange(1, theta.shape[0] + 1)
    return v_out
    ### END SOLUTION


# %% [markdown]
# The first check is the hand calculation: θ = 10, 20, 30 with β = 0.9 gives
# $v_1 = 0.1 \cdot 10 = 1$, $v_2 = 0.9 \cdot 1 + 0.1 \cdot 20 = 2.9$ and
# $v_3 = 0.9 \cdot 2.9 + 0.1 \cdot 30 = 5.61$.

# %% test="test_ewma_worked_example" points=1
from helpers import grading as G
_out = G.call(ewma, np.array([10.0, 20.0, 30.0]), 0.9)
G.check_true(np.shape(_out) != (4,), "ewma returned 4 values for 3 days: it looks like v_0 is included; "
                                     "return v_1 ... v_n only.")
G.check_close(_out, [1.0, 2.9, 5.61], "ewma([10, 20, 30], 0.9)",
              hints={"the average started from the first value (v_0 = theta_1) instead of v_0 = 0": [10.0, 11.0, 12.9],
                     "the weights swapped (beta on theta_t, 1 - beta on v_{t-1})": [9.0, 18.9, 28.89],
                     "the output shifted by one (it returns v_0 ... v_{n-1})": [0.0, 1.0, 2.9],
                     "bias correction applied although bias_correction=False": [10.0, 2.9 / 0.19, 5.61 / 0.271]})
### BEGIN HIDDEN TESTS
from grader.ewma import hidden_ewma_worked_example
hidden_ewma_worked_example(ewma)
### END HIDDEN TESTS
print("The worked example comes out right.")

# %% test="test_ewma_starts_at_zero" points=1
from helpers import grading as G
# v_0 = 0 means v_1 = (1 - beta) * theta_1; a constant series c gives v_t = c * (1 - beta**t).
_c = np.full(6, 5.0)
_out = G.call(ewma, _c.copy(), 0.5)
G.check_close(_out, 5.0 * (1 - 0.5 ** np.arange(1, 7)), "ewma of a constant series 5, beta = 0.5 (expected 5 * (1 - 0.5**t))",
              hints={"the average started from the first value (v_0 = theta_1) instead of v_0 = 0 — "
                     "or the bias correction applied although bias_correction=False": _c,
                     "the output shifted by one (it returns v_0 ... v_{n-1})": 5.0 * (1 - 0.5 ** np.arange(0, 6))})
### BEGIN HIDDEN TESTS
from grader.ewma import hidden_ewma_starts_at_zero
hidden_ewma_starts_at_zero(ewma)
### END HIDDEN TESTS
print("ewma starts from v_0 = 0.")

# %% [markdown]
# The next check uses the temperatures: whatever β, consecutive outputs must satisfy the
# recurrence $v_t - \beta\, v_{t-1} = (1-\beta)\,\theta_t$. The hidden part compares your output
# with the exact values for several β and series, including a long one with β close to 1.

# %% test="test_ewma_recurrence" points=2
from helpers import grading as G
from helpers.data import load_daily_temperatures
_days, _temp = load_daily_temperatures(2012)
_out = G.call(ewma, _temp.copy(), 0.9)
G.check_shape(_out, _temp.shape, "ewma(temp, 0.9)")
_out = np.asarray(_out, dtype=float)
# What v_t - 0.9 v_{t-1} would be if your output followed one of the common wrong recurrences
# (each written in terms of your own output v):
_c = 1 - 0.9 ** np.arange(1, len(_temp) + 1)          # 1 - beta**t
G.check_close(_out[1:] - 0.9 * _out[:-1], 0.1 * _temp[1:],
              "v_t - 0.9 * v_{t-1} for t >= 2 on the temperatures (it must equal 0.1 * theta_t)",
              hints={"the weights swapped (beta on theta_t, 1 - beta on v_{t-1})":      # v_t = 0.1 v_{t-1} + 0.9 theta_t
                         0.9 * _temp[1:] - 0.8 * _out[:-1],
                     "the output shifted by one (it returns v_0 ... v_{n-1})": 0.1 * _temp[:-1],
                     "bias correction applied although bias_correction=False":   # v_t (1 - 0.9**t) follows the recurrence
                         (0.9 * _c[:-1] * _out[:-1] + 0.1 * _temp[1:]) / _c[1:] - 0.9 * _out[:-1]})
### BEGIN HIDDEN TESTS
from grader.ewma import hidden_ewma_recurrence
hidden_ewma_recurrence(ewma, _temp)
### END HIDDEN TESTS
print("ewma satisfies the recurrence on the temperatures.")

# %% [markdown]
# Bias correction: the worked example of section 6 (day 2 with β = 0.98) and a property — the
# corrected average of a constant series is that constant from day 1 on.

# %% test="test_ewma_bias_correction" points=2
from helpers import grading as G
_th = np.array([8.9, 6.7])
_out = G.call(ewma, _th.copy(), 0.98, bias_correction=True)
_v2 = 0.0196 * 8.9 + 0.02 * 6.7
G.check_close(_out, [8.9, _v2 / 0.0396], "ewma([8.9, 6.7], 0.98, bias_correction=True)",
              hints={"bias correction never applied (the bias_correction argument ignored)": [0.02 * 8.9, _v2],
                     "the exponent of beta off by one (1 - beta**(t-1): a division by zero on day 1)": [np.inf, _v2 / 0.02],
                     "the exponent of beta off by one (1 - beta**(t+1) instead of 1 - beta**t)": [0.178 / 0.0396, _v2 / (1 - 0.98 ** 3)],
                     "bias correction applied to the running average v inside the loop, so it compounds; "
                     "correct only the output": [8.9, (0.98 * 8.9 + 0.134) / 0.0396]})
G.check_close(G.call(ewma, np.full(5, 7.0), 0.9, bias_correction=True), np.full(5, 7.0),
              "ewma of a constant series 7 with bias_correction=True (expected 7 every day)")
### BEGIN HIDDEN TESTS
from grader.ewma import hidden_ewma_bias_correction
hidden_ewma_bias_correction(ewma)
### END HIDDEN TESTS
print("Bias correction: day 2 of the worked example and the constant series come out right.")

# %% [markdown]
# β must lie in $[0, 1)$: β = 1 would keep $v_t = v_0 = 0$ forever, and β > 1 or β < 0 make the
# "average" blow up or oscillate. Check with `if not 0 <= beta < 1: raise ValueError(...)`.

# %% test="test_ewma_beta_validation" points=1
from helpers import grading as G
G.check_raises(ewma, ValueError, np.array([1.0, 2.0]), 1.0,
               what="ewma(theta, beta=1.0) — beta = 1 must be rejected (the average would never leave v_0 = 0)")
### BEGIN HIDDEN TESTS
from grader.ewma import hidden_ewma_beta_validation
hidden_ewma_beta_validation(ewma)
### END HIDDEN TESTS
print("beta = 1 is rejected.")

# %% [markdown]
# Finally the form of the result: a new NumPy array of floats with one value per day, and
# `theta` left as it was.

# %% test="test_ewma_shape_and_inputs" points=1
from helpers import grading as G
_th = np.array([2.0, 4.0, 6.0, 8.0, 10.0])
_th0 = _th.copy()
_out = G.call(ewma, _th, 0.8)
G.check_true(isinstance(_out, np.ndarray),
             f"ewma must return a NumPy array, got {type(_out).__name__} (convert with np.array(...) "
             "or fill a preallocated array)")
G.check_shape(_out, (5,), "ewma of 5 values")
G.check_unchanged(_th0, _th, "theta")
### BEGIN HIDDEN TESTS
from grader.ewma import hidden_ewma_shape_and_inputs
hidden_ewma_shape_and_inputs(ewma, _out, _th, _th0)
### END HIDDEN TESTS
print("ewma returns a new float array of the right shape and leaves theta alone.")

# %% [markdown]
# ## 4. A year of averages, and what β trades off
#
# From here on, every curve is computed by **your** `ewma`. Over the whole year, β = 0.9 gives
# the red curve:

# %%
v_09 = ewma(temp, 0.9)

fig, ax = plt.subplots(figsize=(10, 3.6))
ax.plot(t_axis, temp, ".", color="C0", ms=4, alpha=0.6, label=r"$\theta_t$ (daily mean)")
ax.plot(t_axis, v_09, color="red", lw=2, label=r"$v_t$, $\beta = 0.9$")
year_axis(ax)
ax.set_title(r"Exponentially weighted average, $\beta = 0.9$")
ax.legend(loc="upper left")
plt.show()

# %% [markdown]
# A rough reading that section 5 will justify: $v_t$ is an average over about
# $\frac{1}{1-\beta}$ recent days. β = 0.9 averages about 10 days; β = 0.98 about 50; β = 0.5
# about 2. Here are all three on the same data (colours as in the lecture). To show one effect
# at a time, all three are drawn **bias-corrected** (`bias_correction=True`): without the
# correction the β = 0.98 curve would also start near 0 °C in January. That low start is the
# *bias* of section 6, a different effect from the *lag* this section is about.

# %%
betas = {0.5: "goldenrod", 0.9: "red", 0.98: "green"}
curves = {b: ewma(temp, b, bias_correction=True) for b in betas}

fig, axes = plt.subplots(2, 1, figsize=(10, 7.2))
for ax in axes:
    ax.plot(t_axis, temp, ".", color="C0", ms=4, alpha=0.5, label=r"$\theta_t$")
    for b, colour in betas.items():
        ax.plot(t_axis, curves[b], color=colour, lw=1.8,
                label=rf"$\beta = {b}$ (about {1 / (1 - b):.0f} days)")
    year_axis(ax)
axes[0].set_title("Three values of β over the year (all bias-corrected)")
axes[0].legend(loc="upper left", fontsize=8)
axes[1].set_xlim(150, 260)
axes[1].set_ylim(8, 28)
axes[1].set_title("Zoom on June–September: the green curve runs late")
fig.tight_layout()
plt.show()

# %% [markdown]
# * **β = 0.98 (green): smoother but later.** It averages many days, so one warm or cold day
#   barely moves it. The price is delay: when the weather really changes, today's temperature gets
#   only 2 % of the say, and the curve needs weeks to catch up — it is shifted to the right of the
#   data, peaking well after the warmest days. That delay is **lag**: it lasts all year, and
#   no correction removes it, because it comes from averaging old days.
# * **β = 0.5 (yellow): noisy but responsive.** Averaging about two days removes little noise;
#   the curve follows the dots almost day by day and copies their outliers, but it reacts to a
#   real change at once.
# * **β = 0.9 (red)** sits in between and, for this data, gives the most useful trend.
#
# β is a knob between *noise* and *lag*. In momentum and Adam it plays exactly this role for the
# gradient: a large β averages away the mini-batch noise, but reacts slowly when the landscape
# turns.
#
# ## 5. Why is it an average?
#
# ### Unrolling the recurrence
#
# Substitute the recurrence into itself, for β = 0.9 and day 100:
#
# $$\begin{aligned}
# v_{100} &= 0.1\,\theta_{100} + 0.9\,v_{99}
#          = 0.1\,\theta_{100} + 0.9\,\bigl(0.1\,\theta_{99} + 0.9\,v_{98}\bigr) = \dots \\
#         &= 0.1\,\theta_{100} + 0.1\cdot 0.9\,\theta_{99} + 0.1\cdot 0.9^2\,\theta_{98}
#            + \dots + 0.1\cdot 0.9^{99}\,\theta_1 + 0.9^{100}\, v_0 .
# \end{aligned}$$
#
# In general, with $v_0 = 0$,
#
# $$v_t = \sum_{k=0}^{t-1} w_k\, \theta_{t-k}, \qquad w_k = (1-\beta)\,\beta^k .$$
#
# So $v_t$ is a **weighted sum of all past days**: today with weight $1-\beta$, yesterday with
# $(1-\beta)\beta$, the day before with $(1-\beta)\beta^2$ … The weights decay exponentially with
# age — hence the name. Picture it as two curves: the temperatures up to day 100, and the weights
# laid backwards from day 100. Multiply them day by day and add up: that is $v_{100}$.

# %%
t_now, beta = 100, 0.9
k = np.arange(t_now)                             # age of a day: 0 = today
w = (1 - beta) * beta ** k                       # weight of the day t_now - k
v_sum = np.dot(w, temp[t_now - 1 - k])           # the expanded sum
print(f"v_100 from the recurrence: {ewma(temp, beta)[t_now - 1]:.10f}")
print(f"v_100 from the weighted sum: {v_sum:.10f}")

fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
axes[0].vlines(t_axis[:t_now], 0, temp[:t_now], color="C0", lw=2)
axes[0].axhline(0, color="k", lw=0.5)
axes[0].set(xlabel="day t", ylabel="temperature (°C)", title=r"the data $\theta_t$, days 1–100")
axes[1].vlines(t_now - k, 0, w, color="red", lw=2, label=r"$w_k = 0.1 \cdot 0.9^k$ on day $100 - k$")
axes[1].set_ylim(bottom=0)
axes[1].axvline(t_now - 10, color="k", ls="--", lw=1)
axes[1].annotate(r"10 days back: $0.9^{10} \approx 0.35 \approx 1/e$ of today's weight",
                 xy=(t_now - 10, w[10]), xytext=(20, 0.07), fontsize=8,
                 arrowprops=dict(arrowstyle="->", lw=0.8))
axes[1].set(xlabel="day t", ylabel="weight", title=r"the weights that build $v_{100}$ ($\beta = 0.9$)")
axes[1].legend(loc="upper left", fontsize=8)
fig.tight_layout()
plt.show()

# %% [markdown]
# ### The weights sum to $1 - \beta^t$
#
# For a true average the weights should add up to 1. They nearly do — it is a geometric series:
#
# $$\sum_{k=0}^{t-1} (1-\beta)\,\beta^k = (1-\beta)\,\frac{1-\beta^t}{1-\beta} = 1 - \beta^t .$$
#
# The missing $\beta^t$ is the weight that went to $v_0 = 0$. After many days it is negligible;
# early on it is not. Checked numerically:

# %%
for b in (0.9, 0.98):
    for t in (2, 10, 100):
        total = np.sum((1 - b) * b ** np.arange(t))
        print(f"beta = {b:<4}  t = {t:3d}:  sum of weights = {total:.6f}   1 - beta**t = {1 - b ** t:.6f}")

# %% [markdown]
# For β = 0.9 the weights are essentially complete after 100 days; for β = 0.98, after 10 days
# only 18 % of the weight is on real data — the rest is on the fictitious $v_0 = 0$. That is the
# low start we saw, and the reason for section 6.
#
# ### How many days does it average? $\beta^{1/(1-\beta)} \approx 1/e$
#
# The weight of a day falls by a factor β per day of age. After 10 days at β = 0.9 it has fallen
# to $0.9^{10} \approx 0.35$ of today's weight, roughly $1/e \approx 0.37$. This is no coincidence:
# writing $\varepsilon = 1 - \beta$,
#
# $$\beta^{1/(1-\beta)} = (1-\varepsilon)^{1/\varepsilon} \;\longrightarrow\; \frac{1}{e}
#   \quad (\varepsilon \to 0),$$
#
# so after $N = 1/(1-\beta)$ days a day's weight has dropped to about a third. That is the
# meaning of "it averages about $1/(1-\beta)$ days": older days still count, but much less. The
# rule is a rough guide, not a theorem, so let us measure it four ways:
#
# * **decay**: $\beta^N$ for $N = 1/(1-\beta)$, to compare with $1/e$;
# * **share of the weight** on the last $N$ days, $1 - \beta^N$ (a window would have 100 %);
# * **mean age** of the data, $\sum_k k\, w_k = \beta/(1-\beta)$ days — the lag that made the
#   green curve late;
# * **noise reduction**: averaging $N$ independent values divides the variance by $N$. We feed the
#   EWMA white noise and measure by how much its variance shrinks: the "equivalent window".
#   (Theory: for independent $\theta_t$ of variance 1, the variance of $v_t$ tends to
#   $\sum_k w_k^2 = (1-\beta)^2/(1-\beta^2) = (1-\beta)/(1+\beta)$, so the window is
#   $(1+\beta)/(1-\beta)$.)

# %%
n_noise, noise_note = pick(1_000_000, 100_000, "the number of noise samples")
noise = rng.standard_normal(n_noise)             # white noise, variance 1
print(f"1/e = {1 / math.e:.4f}")
print(f"{'beta':>6} {'N=1/(1-b)':>10} {'b**N':>7} {'share in last N':>16} {'mean age':>9} "
      f"{'noise window (measured)':>24} {'(1+b)/(1-b)':>12}")
for b in (0.5, 0.9, 0.98, 0.999):
    N = 1 / (1 - b)
    ages = np.arange(int(40 * N))
    w_b = (1 - b) * b ** ages
    smoothed = ewma(noise, b)[int(20 * N):]       # your ewma; skip the start-up
    print(f"{b:>6} {N:>10.0f} {b ** N:>7.3f} {1 - b ** round(N):>15.1%} {np.dot(ages, w_b):>9.1f} "
          f"{1 / smoothed.var():>24.1f} {(1 + b) / (1 - b):>12.1f}")
if noise_note:
    print(noise_note)

# %% [markdown]
# What the table says:
#
# * $\beta^{N}$ is close to $1/e = 0.37$ once β ≥ 0.9 (for β = 0.5 the approximation is crude:
#   0.25). After $1/(1-\beta)$ days a day's weight has fallen to about a third.
# * For β ≥ 0.9 about **63–65 %** of the weight sits on the last $1/(1-\beta)$ days (tending to
#   $1 - 1/e = 63\,\%$ as β → 1; 75 % for β = 0.5); the rest on older ones.
# * The mean age of the data is $\beta/(1-\beta) = N - 1$ days: 9 days for β = 0.9, 49 for 0.98.
#   That is how late the curve runs.
# * Judged by how much noise it removes, the EWMA is worth a plain average of about
#   $2/(1-\beta)$ days — twice the rule of thumb, because the long tail of small weights keeps
#   averaging. (The measurement uses $10^6$ noise samples; for β = 0.999 it still carries a
#   sampling error of up to about 10 %.)
#
# So "$1/(1-\beta)$ days" is the right *order of magnitude* — the useful thing to remember when
# you pick β = 0.9 (about 10 steps) or β = 0.999 (about 1000 steps) in an optimizer.
#
# ## 6. Bias correction
#
# Run the recurrence with β = 0.98 exactly as written, *without* the correction, and the curve
# does not look like the (corrected) green one of section 4 in January: it starts at zero and
# crawls up for weeks — the lecture's **purple** curve. This is **bias**: the average is pulled
# towards the fictitious start $v_0 = 0$. Unlike lag, it only concerns the first weeks. Its
# cause is the missing weight $\beta^t$ on $v_0 = 0$. On day 1,
# $v_1 = 0.02\,\theta_1$ — 2 % of the first temperature. On day 2,
#
# $$v_2 = 0.98\, v_1 + 0.02\,\theta_2 = 0.0196\,\theta_1 + 0.02\,\theta_2 ,$$
#
# and both weights together are only $0.0396 = 1 - 0.98^2$. The cure is to divide by the sum of
# the weights:
#
# $$\hat v_t = \frac{v_t}{1 - \beta^t} .$$
#
# On day 2 this gives $\hat v_2 = \frac{0.0196\,\theta_1 + 0.02\,\theta_2}{0.0396}$: weights
# 0.495 and 0.505 that sum to 1 — a genuine weighted average of the first two days. As $t$ grows,
# $\beta^t \to 0$, the divisor tends to 1 and the correction fades away by itself. With the
# Seattle numbers:

# %%
b = 0.98
v1 = (1 - b) * temp[0]
v2 = b * v1 + (1 - b) * temp[1]
print(f"theta_1 = {temp[0]:.2f} °C, theta_2 = {temp[1]:.2f} °C")
print(f"v_1 = 0.02 * {temp[0]:.2f} = {v1:.4f} °C      (far below both temperatures)")
print(f"v_2 = 0.0196 * {temp[0]:.2f} + 0.02 * {temp[1]:.2f} = {v2:.4f} °C")
print(f"1 - 0.98**2 = {1 - b ** 2:.4f}")
print(f"v_2 / (1 - 0.98**2) = {v2 / (1 - b ** 2):.4f} °C"
      f"   (= {0.0196 / 0.0396:.3f} * theta_1 + {0.02 / 0.0396:.3f} * theta_2)")

# %%
v_raw = ewma(temp, 0.98)
v_hat = ewma(temp, 0.98, bias_correction=True)
gap = np.abs(v_hat - v_raw)
last_big = int(np.flatnonzero(gap > 0.1)[-1]) + 1

fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), gridspec_kw={"width_ratios": [2, 1]})
for ax in axes:
    ax.plot(t_axis, temp, ".", color="C0", ms=4, alpha=0.5, label=r"$\theta_t$")
    ax.plot(t_axis, v_raw, color="purple", lw=2, label=r"$v_t$ (no correction)")
    ax.plot(t_axis, v_hat, color="green", lw=2, label=r"$v_t / (1 - 0.98^t)$ (corrected)")
year_axis(axes[0])
axes[0].set_title(r"$\beta = 0.98$: the low start and its correction")
axes[0].legend(loc="upper left", fontsize=8)
axes[1].set(xlim=(0, 60), ylim=(-0.5, 14), xlabel="day t", ylabel="temperature (°C)",
            title="the first 60 days")
fig.tight_layout()
plt.show()
print(f"the two curves differ by more than 0.1 °C until day {last_big}")


# %% [markdown]
# The corrected (green) curve starts right among the January temperatures; the uncorrected
# (purple) one starts at 0 °C and needs months to merge: with β = 0.98 the factor $\beta^t$
# is still 13 % after 100 days. For β = 0.9 it would fall below 5 % within a month. After the
# merge the green curve still runs late in summer (section 4): the correction removes the
# bias, not the lag.
#
# ### Exercise 2 (2 points): `steps_until_unbiased(beta, tol=0.01) -> int`
#
# When can an optimizer stop worrying about the correction? Return the first step $t \ge 1$ at
# which the uncorrected average $v_t$ is within `tol` of the corrected one, relative to the
# corrected one:
#
# $$|\hat v_t - v_t| < \texttt{tol} \cdot |\hat v_t| ,$$
#
# for **every** series θ (not only the temperatures). The formula is not given: derive it from
# $\hat v_t = v_t / (1 - \beta^t)$, and watch the strict inequality. (It stays true for all later
# steps too: the gap only shrinks.) Raise a `ValueError` if `beta` is outside $[0, 1)$ or `tol`
# outside $(0, 1)$. Return a Python `int`.
#
# *How this exercise is graded.* The visible test checks two values (one where the inequality is
# met with equality at a whole step) and that β = 1 is rejected. Hidden tests decide the grade:
# they compare your answer with the exact step for many pairs (β, tol), including β = 0, and
# check the `ValueError`s. Run All stops here until the function is written; the cell after the
# tests compares your prediction with what your `ewma` does on the temperatures.

# %% solution="steps_until_unbiased"
def steps_until_unbiased(beta, tol=0.01):
    """First step t >= 1 from which the uncorrected EWMA is within tol of the corrected one (relative)."""
    ### BEGIN SOLUTION
    if not 0.0 <= beta < 1.0:
        raise ValueError(f"beta must be in [0, 1), got {beta}")
    if not 0.0 < tol < 1.0:
        raise ValueError(f"tol must be in (0, 1), got {tol}")
    # |v_hat - v| = beta**t |v_hat|, so we need the first t with beta**t < tol
    if beta == 0.0:
        return 1
    t = max(1, math.floor(math.log(tol) / math.log(beta)) + 1)
    while t > 1 and beta ** (t - 1) < tol:          # guard against rounding in the logarithms
        t -= 1
    while beta ** t >= tol:
        t += 1
    return int(t)
    ### END SOLUTION


# %% test="test_steps_until_unbiased_examples" points=1
from helpers import grading as G
G.check_equal(G.call(steps_until_unbiased, 0.99, 0.01), 459, "steps_until_unbiased(0.99, 0.01)",
              hints={"the gap measured relative to the uncorrected v_t (the spec divides by the corrected one)": 460,
                     "the last step at which the gap is still at least tol (one step too early)": 458,
                     "the rule of thumb 1/(1 - beta) (that is when a day's weight falls to 1/e, not when the bias is gone)": 100})
G.check_equal(G.call(steps_until_unbiased, 0.5, 0.25), 3, "steps_until_unbiased(0.5, 0.25)",
              hints={"ceil(log(tol) / log(beta)): at t = 2 the gap is exactly 25 %, not less (the inequality is strict)": 2})
G.check_raises(steps_until_unbiased, ValueError, 1.0, 0.01,
               what="steps_until_unbiased(beta=1.0): with beta = 1 the average never leaves 0, there is no such step")
### BEGIN HIDDEN TESTS
from grader.ewma import hidden_steps_until_unbiased_examples
hidden_steps_until_unbiased_examples(steps_until_unbiased)
### END HIDDEN TESTS
print("steps_until_unbiased: both examples come out right and beta = 1 is rejected.")

# %% test="test_steps_until_unbiased_values" points=1
from helpers import grading as G
_t = G.call(steps_until_unbiased, 0.9, 0.05)
G.check_true(isinstance(_t, (int, np.integer)) and not isinstance(_t, bool),
             f"steps_until_unbiased must return an int, got {type(_t).__name__}")
### BEGIN HIDDEN TESTS
from grader.ewma import hidden_steps_until_unbiased_values
hidden_steps_until_unbiased_values(steps_until_unbiased)
### END HIDDEN TESTS
print("steps_until_unbiased returns an int.")

# %% [markdown]
# Your prediction, checked by your own `ewma` on the temperatures: for each β, the first day from
# which the uncorrected and the corrected averages stay within 1 % of each other.

# %%
for b in (0.5, 0.9, 0.98):
    raw, corrected = ewma(temp, b), ewma(temp, b, bias_correction=True)
    close = np.abs(corrected - raw) < 0.01 * np.abs(corrected)
    measured = int(np.flatnonzero(~close)[-1]) + 2 if not close.all() else 1
    print(f"beta = {b:<4}: predicted day {steps_until_unbiased(b, 0.01):3d}, measured on the temperatures: day {measured:3d}")
#
# In machine learning the correction is often skipped — many implementations of momentum simply
# accept a few slow first steps. Adam applies it to both of its averages (lesson 08), because
# there the too-small early values would otherwise distort the very first updates.
#
# **Another way out, and a warning.** One could instead start from $v_0 = \theta_1$ (then there is
# no bias to correct). That is a *different* average — its first days lean heavily on day 1 — and
# it is **not** what this course, or Adam, computes: here $v_0 = 0$, always.
#
# **Cross-check with pandas.** The corrected average is what the pandas library calls
# `ewm(alpha=1 - β, adjust=True).mean()` (and `adjust=False` is the $v_0 = \theta_1$ variant).
# pandas is not a course dependency: the cell below compares only if it is installed, and says
# so in one line otherwise.

# %% tags=["nbval-ignore-output"]
try:
    if under_autograder():
        raise ImportError("autograder run")    # importing pandas costs ~0.5 s per student
    import pandas as pd
except ImportError:
    print(f"pandas comparison skipped ({'autograder run' if under_autograder() else 'pandas is not installed'})")
else:
    pd_adjusted = pd.Series(temp).ewm(alpha=1 - 0.98, adjust=True).mean().to_numpy()
    pd_unadjusted = pd.Series(temp).ewm(alpha=1 - 0.98, adjust=False).mean().to_numpy()
    print(f"pandas {pd.__version__}")
    print(f"ewm(adjust=True)  vs bias-corrected v_t : largest difference {np.max(np.abs(pd_adjusted - v_hat)):.1e} °C")
    print(f"ewm(adjust=True)  vs uncorrected v_t    : largest difference {np.max(np.abs(pd_adjusted - v_raw)):.1f} °C")
    v_start = ewma(temp[1:], 0.98) + 0.98 ** np.arange(1, len(temp)) * temp[0]   # v_0 = theta_1
    print(f"ewm(adjust=False) vs v_0 = theta_1      : largest difference "
          f"{np.max(np.abs(pd_unadjusted[1:] - v_start)):.1e} °C")

# %% [markdown]
# ## 7. Memory and speed
#
# ### One number of state
#
# To update an EWMA you need one number — the previous average — and the new value:
# `v = beta * v + (1 - beta) * x`. Then the new value can be forgotten. A **sliding-window**
# average of the last $N$ days is in some ways the better estimate (every day in the window counts
# the same, nothing older counts at all), but to drop the day that leaves the window you must
# still remember it: the state is the last $N$ values. On the temperatures the two look alike:

# %%
window = 10
window_mean = np.convolve(temp, np.ones(window) / window, mode="valid")   # mean of days t-9 ... t

fig, ax = plt.subplots(figsize=(10, 3.6))
ax.plot(t_axis, temp, ".", color="C0", ms=4, alpha=0.5, label=r"$\theta_t$")
ax.plot(t_axis[window - 1:], window_mean, color="k", lw=1.5, label="mean of the last 10 days (keeps 10 numbers)")
ax.plot(t_axis, ewma(temp, 0.9, bias_correction=True), color="red", lw=1.5,
        label=r"EWMA, $\beta = 0.9$, corrected (keeps 1 number)")
year_axis(ax)
ax.set_title("Sliding window vs exponentially weighted average")
ax.legend(loc="upper left", fontsize=8)
plt.show()

# %% [markdown]
# For one temperature that hardly matters. For an optimizer it decides everything: momentum
# averages the *gradient*, one number per parameter. For a network with $10^7$ parameters in
# float64:

# %%
n_params, bytes_per = 10**7, 8
for b in (0.9, 0.98, 0.999):
    n_window = round(1 / (1 - b))
    print(f"beta = {b:<5}: EWMA state {n_params * bytes_per / 1e6:6.0f} MB   "
          f"a {n_window:4d}-step window {n_window * n_params * bytes_per / 1e9:6.1f} GB")

# %% [markdown]
# ### Speed: along time, and across parameters
#
# Your `ewma` (most likely a loop over the days) executes a few Python bytecodes per day: nothing
# for a year of temperatures, noticeable for millions of points. Compiled code runs the same
# sequential loop much faster (SciPy can treat the recurrence as a first-order linear filter,
# and pandas' `ewm(alpha=1 - β, adjust=True).mean()` computes the bias-corrected average), but
# the optimizers of the next lessons use the average the other way round: *across parameters*.
# At every step, `v = beta * v + (1 - beta) * dW` updates one average per parameter, on whole
# arrays at once, and NumPy runs that loop in compiled code by itself. Below we time your loop
# per day, and one such array step per parameter. Timings depend on the machine; this cell's
# output is not compared between runs.

# %% tags=["nbval-ignore-output"]
n_series, note = pick(10**5, 10**4, "the length of the timed series")
series = rng.standard_normal(n_series)
t_series = time_median(lambda: ewma(series, 0.98, bias_correction=True), repeats=3, min_time=0)

n_par = 10**6
x_par, v_par = rng.standard_normal(n_par), np.zeros(n_par)


def array_step():
    """One EWMA step across n_par parameters, in place: v = beta v + (1 - beta) x."""
    np.multiply(v_par, 0.98, out=v_par)
    np.add(v_par, (1 - 0.98) * x_par, out=v_par)


t_step = time_median(array_step, repeats=5, min_time=0)
timings = {"your ewma, along time (per day)": t_series / n_series,
           "one array step, across parameters (per parameter)": t_step / n_par}
for name, sec in timings.items():
    print(f"  {name:<52} {sec * 1e9:8.1f} ns")
print(f"per averaged value, the array step is {timings['your ewma, along time (per day)'] / (t_step / n_par):.0f} x faster")
if note:
    print(note)

# %% [markdown]
# A Python loop pays of the order of a microsecond per day; the array step a few nanoseconds per
# parameter — some hundreds of times less (the printout above; the numbers vary with the machine
# and its load) — because NumPy's loop runs in compiled code
# and streams the arrays through memory. That is how momentum, RMSprop and Adam (lessons 06–08) can afford to apply this
# average to every one of millions of parameters at every step.

# %% [markdown]
# ### Explore: β and bias correction
#
# Move β from 0.5 to 0.995 and watch the curve trade noise for lag. Then, at a large β, switch
# bias correction off and on: the title compares day 1 of the average with the measured
# temperature.

# %%
from helpers import explore

explore.ewma_beta(ewma=ewma)                    # your ewma draws the curve

# %% [markdown]
# ## Takeaways
#
# * $v_t = \beta v_{t-1} + (1-\beta)\theta_t$ with $v_0 = 0$ is a weighted average of all past
#   values with weights $(1-\beta)\beta^k$ that decay with age $k$; they sum to $1 - \beta^t$.
# * It averages roughly the last $1/(1-\beta)$ values: a day's weight has dropped to about $1/e$
#   after that many steps, 63 % of the weight lies within them, and the data's mean age is
#   $\beta/(1-\beta)$ — the delay. By noise removal it is worth about $2/(1-\beta)$ values.
# * Large β: smooth but late. Small β: responsive but noisy.
# * Two different delays: **bias** (the start pulled towards $v_0 = 0$, gone after a few times
#   $1/(1-\beta)$ steps) and **lag** (the curve runs behind the data all the time, by about
#   $\beta/(1-\beta)$ steps). Dividing by $1 - \beta^t$ (the sum of the weights) removes the
#   bias, not the lag; from the first $t$ with $\beta^t <$ tol on, it changes the average by less
#   than tol (your `steps_until_unbiased`: 228 steps for β = 0.98 and 1 %). Adam uses it.
# * The state is a single number per averaged quantity — which is why optimizers can afford an
#   average of the gradient for every one of millions of parameters.
#
# Next, lesson 06 applies this average to the gradient: **momentum**.
#
# The closing numbers — your loop along time next to one array step across parameters, as
# measured by the timing cell above on the machine that ran this notebook:

# %% tags=["nbval-ignore-output"]
print("EWMA cost per averaged value: " + " | ".join(f"{name}: {sec * 1e9:.1f} ns" for name, sec in timings.items()))

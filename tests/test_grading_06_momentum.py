"""Lesson 06 grader: reference, blank release and wrong `momentum_step` implementations.

The lesson has one exercise, so every wrong version is its own submission. A selection
(``NBGRADER``) goes through the real nbgrader path (generate_assignment -> autograde); every
wrong version in ``WRONGS`` is also checked in-process — its solution code and the source
notebook's test cells (hidden parts included) executed in this interpreter — which is fast
enough to cover many more mistakes than the kernel-per-submission path.
"""



from harness import Wrong, standard_tests

LESSON = "06_momentum"
EXERCISE = "momentum_step"
HEAD = "import numpy as np\ndef momentum_step(w, dw, v, lr, beta=0.9):\n"

WRONGS = [
    Wrong(EXERCISE, "no (1 - beta)", HEAD + """
    v = beta * v + dw
    return w - lr * v, v
""", message="(1 - beta) factor left out"),
    Wrong(EXERCISE, "update with the old velocity", HEAD + """
    w = w - lr * v
    v = beta * v + (1 - beta) * dw
    return w, v
""", message="update made with the old velocity"),
    Wrong(EXERCISE, "beta and 1 - beta swapped", HEAD + """
    v = (1 - beta) * v + beta * dw
    return w - lr * v, v
""", message="beta and (1 - beta) swapped"),
    Wrong(EXERCISE, "lecture 004 form (lr inside the velocity)", HEAD + """
    v = beta * v - lr * dw
    return w + v, v
""", message="learning rate folded into the velocity"),
    Wrong(EXERCISE, "mutates dw in place", HEAD + """
    dw *= (1 - beta)
    v *= beta
    v += dw
    w -= lr * v
    return w, v
""", message="dw was modified"),
    Wrong(EXERCISE, "sign flipped (moves uphill)", HEAD + """
    v = beta * v + (1 - beta) * dw
    return w + lr * v, v
""", message="sign of the update flipped"),
    Wrong(EXERCISE, "plain gradient step", HEAD + """
    v = beta * v + (1 - beta) * dw
    return w - lr * dw, v
""", message="plain gradient step"),
    Wrong(EXERCISE, "python loop over the elements", HEAD + """
    w = np.array(w, dtype=float)
    v = np.array(v, dtype=float)
    for i in np.ndindex(w.shape):
        v[i] = beta * v[i] + (1 - beta) * dw[i]
        w[i] = w[i] - lr * v[i]
    return w, v
""", message="Python loop"),
    Wrong(EXERCISE, "default beta 0.99", "import numpy as np\ndef momentum_step(w, dw, v, lr, beta=0.99):\n" + """
    v = beta * v + (1 - beta) * dw
    return w - lr * v, v
""", message="the default is beta = 0.9"),
    Wrong(EXERCISE, "returns only w", HEAD + """
    v = beta * v + (1 - beta) * dw
    return w - lr * v
""", message="must return the pair (w, v)"),
]

# Through real nbgrader (each one kernel start, ~8 s): the most common mistakes, one per test cell at least.
NBGRADER = ["no (1 - beta)", "update with the old velocity", "beta and 1 - beta swapped",
            "lecture 004 form (lr inside the velocity)", "mutates dw in place"]


# ------------------------------------------------------------------------------------------------
# the whole catalogue in process (fast), the NBGRADER subset through real nbgrader


globals().update(standard_tests(LESSON, WRONGS, pack=False, through_nbgrader=NBGRADER, in_process=True))

"""Lesson 07 grader: reference, blank release and wrong `rmsprop_step` implementations.

The lesson has one exercise, so every wrong version is its own submission. A selection
(``NBGRADER``) goes through the real nbgrader path (generate_assignment -> autograde); every
wrong version in ``WRONGS`` is also checked in-process — its solution code and the source
notebook's test cells (hidden parts included) executed in this interpreter — which is fast
enough to cover many more mistakes than the kernel-per-submission path.
"""



from harness import Wrong, standard_tests

LESSON = "07_rmsprop"
EXERCISE = "rmsprop_step"
HEAD = "import numpy as np\ndef rmsprop_step(w, dw, s, lr, beta2=0.99, eps=1e-8):\n"

WRONGS = [
    Wrong(EXERCISE, "eps inside the square root", HEAD + """
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / np.sqrt(s + eps), s
""", message="eps added inside the square root"),
    Wrong(EXERCISE, "no square", HEAD + """
    s = beta2 * s + (1 - beta2) * dw
    return w - lr * dw / (np.sqrt(s) + eps), s
""", message="dw not squared"),
    Wrong(EXERCISE, "old S used", HEAD + """
    w = w - lr * dw / (np.sqrt(s) + eps)
    s = beta2 * s + (1 - beta2) * dw**2
    return w, s
""", message="update made with the old s"),
    Wrong(EXERCISE, "no (1 - beta2)", HEAD + """
    s = beta2 * s + dw**2
    return w - lr * dw / (np.sqrt(s) + eps), s
""", message="(1 - beta2) factor left out"),
    Wrong(EXERCISE, "eps left out", HEAD + """
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / np.sqrt(s), s
""", message="Is eps missing"),
    Wrong(EXERCISE, "beta2 and 1 - beta2 swapped", HEAD + """
    s = (1 - beta2) * s + beta2 * dw**2
    return w - lr * dw / (np.sqrt(s) + eps), s
""", message="beta2 and (1 - beta2) swapped"),
    Wrong(EXERCISE, "no square root", HEAD + """
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / (s + eps), s
""", message="no square root"),
    Wrong(EXERCISE, "|dw| instead of dw**2", HEAD + """
    s = beta2 * s + (1 - beta2) * np.abs(dw)
    return w - lr * dw / (np.sqrt(s) + eps), s
""", message="|dw| used instead of dw**2"),
    Wrong(EXERCISE, "eps argument ignored", HEAD + """
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / (np.sqrt(s) + 1e-8), s
""", message="eps argument ignored"),
    Wrong(EXERCISE, "default beta2 0.9 (Keras rho)", "import numpy as np\ndef rmsprop_step(w, dw, s, lr, beta2=0.9, eps=1e-8):\n" + """
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / (np.sqrt(s) + eps), s
""", message="default beta2 of 0.9"),
    Wrong(EXERCISE, "squares dw in place", HEAD + """
    g = dw.copy()
    np.multiply(dw, dw, out=dw)
    s = beta2 * s + (1 - beta2) * dw
    return w - lr * g / (np.sqrt(s) + eps), s
""", message="dw was modified"),
    Wrong(EXERCISE, "python loop over the elements", HEAD + """
    w = np.array(w, dtype=float)
    s = np.array(s, dtype=float)
    for i in np.ndindex(w.shape):
        s[i] = beta2 * s[i] + (1 - beta2) * dw[i] ** 2
        w[i] = w[i] - lr * dw[i] / (np.sqrt(s[i]) + eps)
    return w, s
""", message="Python loop"),
]

# Through real nbgrader (each one kernel start, ~8 s): the most common mistakes.
NBGRADER = ["eps inside the square root", "no square", "old S used", "no (1 - beta2)", "eps left out"]


# ------------------------------------------------------------------------------------------------
# the whole catalogue in process (fast), the NBGRADER subset through real nbgrader


globals().update(standard_tests(LESSON, WRONGS, pack=False, through_nbgrader=NBGRADER, in_process=True))

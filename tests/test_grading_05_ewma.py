"""Lesson 05 through the real nbgrader path: reference, blank release and wrong versions of ``ewma``.

One exercise, so every wrong version needs its own submission (no packing); the list keeps
to the mistakes the issue names plus a few realistic ones.
"""


from harness import Wrong, standard_tests

LESSON = "05_ewma"

HEAD = "import numpy as np\ndef ewma(theta, beta, bias_correction=False):\n"
CHECK = "    if not 0 <= beta < 1:\n        raise ValueError('beta must be in [0, 1)')\n"
CORRECT = "    if bias_correction:\n        out = out / (1 - beta ** np.arange(1, len(out) + 1))\n    return out\n"

WRONGS = [
    Wrong("ewma", "v_0 = theta_1", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = theta[0]
    for t in range(len(theta)):
        v = beta * v + (1 - beta) * theta[t]
        out[t] = v
""" + CORRECT, message="v_0 = theta_1"),
    Wrong("ewma", "correction exponent off by one (0-based t)", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = 0.0
    for t in range(len(theta)):
        v = beta * v + (1 - beta) * theta[t]
        out[t] = v
        if bias_correction:
            out[t] = v / (1 - beta ** t)
    return out
""", message="exponent of beta off by one"),
    Wrong("ewma", "weights swapped", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = 0.0
    for t in range(len(theta)):
        v = (1 - beta) * v + beta * theta[t]
        out[t] = v
""" + CORRECT, message="weights swapped"),
    Wrong("ewma", "correction never applied", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = 0.0
    for t in range(len(theta)):
        v = beta * v + (1 - beta) * theta[t]
        out[t] = v
    return out
""", message="bias correction never applied"),
    Wrong("ewma", "output shifted by one (v_0 ... v_{n-1})", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = 0.0
    for t in range(len(theta)):
        out[t] = v
        v = beta * v + (1 - beta) * theta[t]
""" + CORRECT, message="shifted by one"),
    Wrong("ewma", "beta = 1 accepted", HEAD + """
    if not 0 <= beta <= 1:
        raise ValueError('beta must be in [0, 1]')
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = 0.0
    for t in range(len(theta)):
        v = beta * v + (1 - beta) * theta[t]
        out[t] = v
""" + CORRECT, message="beta = 1 must be rejected"),
    Wrong("ewma", "correction applied to the state inside the loop (compounds)", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    out = np.empty(len(theta))
    v = 0.0
    for t in range(1, len(theta) + 1):
        v = beta * v + (1 - beta) * theta[t - 1]
        if bias_correction:
            v = v / (1 - beta ** t)
        out[t - 1] = v
    return out
""", message="compounds"),
    Wrong("ewma", "returns a list", HEAD + CHECK + """
    v, out = 0.0, []
    for t, x in enumerate(theta, start=1):
        v = beta * v + (1 - beta) * x
        out.append(v / (1 - beta ** t) if bias_correction else v)
    return out
""", message="must return a NumPy array"),
    Wrong("ewma", "mutates theta (works in place)", HEAD + CHECK + """
    theta = np.asarray(theta, dtype=float)
    v = 0.0
    for t in range(len(theta)):
        v = beta * v + (1 - beta) * theta[t]
        theta[t] = v
    if bias_correction:
        theta /= 1 - beta ** np.arange(1, len(theta) + 1)
    return theta
""", message="theta was modified"),
]


globals().update(standard_tests(LESSON, WRONGS, pack=False))

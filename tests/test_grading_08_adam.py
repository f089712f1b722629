"""Lesson 08 grader: reference, blank release and wrong `adam_step` implementations.

The lesson has one exercise, so every wrong version is its own submission. A selection
(``NBGRADER``) goes through the real nbgrader path (generate_assignment -> autograde); every
wrong version in ``WRONGS`` is also checked in-process — its solution code and the source
notebook's test cells (hidden parts included) executed in this interpreter — which is fast
enough to cover many more mistakes than the kernel-per-submission path.
"""



from harness import Wrong, standard_tests

LESSON = "08_adam"
EXERCISE = "adam_step"
HEAD = "import numpy as np\ndef adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):\n"
CHECK_T = """    if t < 1:
        raise ValueError("t must be >= 1")
"""
MOMENTS = """    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
"""


def _adam(step_lines, check=CHECK_T, moments=MOMENTS, ret="    return w, m, v\n", head=HEAD):
    return head + check + moments + step_lines + ret


WRONGS = [
    Wrong(EXERCISE, "no bias correction", _adam("""    w = w - lr * m / (np.sqrt(v) + eps)
"""), message="without bias correction"),
    Wrong(EXERCISE, "t + 1 in the correction", _adam("""    m_hat = m / (1 - beta1 ** (t + 1))
    v_hat = v / (1 - beta2 ** (t + 1))
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
"""), message="t + 1 used in the bias correction"),
    Wrong(EXERCISE, "only m corrected", _adam("""    m_hat = m / (1 - beta1 ** t)
    w = w - lr * m_hat / (np.sqrt(v) + eps)
"""), message="only m bias-corrected"),
    Wrong(EXERCISE, "corrected moments stored as state", _adam("""    m = m / (1 - beta1 ** t)
    v = v / (1 - beta2 ** t)
    w = w - lr * m / (np.sqrt(v) + eps)
"""), message="stored as state"),
    Wrong(EXERCISE, "beta1 used for v", _adam("""    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta1 ** t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
""", moments="""    m = beta1 * m + (1 - beta1) * dw
    v = beta1 * v + (1 - beta1) * dw**2
"""), message="beta1 used for v"),
    Wrong(EXERCISE, "t = 0 accepted", _adam("""    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
""", check=""), message="t = 0"),
    Wrong(EXERCISE, "eps inside the square root", _adam("""    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m_hat / np.sqrt(v_hat + eps)
"""), message="eps added inside the square root"),
    Wrong(EXERCISE, "dw not squared in v", _adam("""    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m_hat / (np.sqrt(np.abs(v_hat)) + eps)
""", moments="""    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw
"""), message="dw not squared in v"),
    Wrong(EXERCISE, "only v corrected", _adam("""    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m / (np.sqrt(v_hat) + eps)
"""), message="only v bias-corrected"),
    Wrong(EXERCISE, "old moments used for the step", HEAD + CHECK_T + """    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
""" + MOMENTS + "    return w, m, v\n", message="old m and v used for the step"),
    Wrong(EXERCISE, "t - 1 in the correction (counting from 0)", _adam("""    m_hat = m / (1 - beta1 ** (t - 1))
    v_hat = v / (1 - beta2 ** (t - 1))
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
"""), message="t - 1 used in the bias correction"),
    Wrong(EXERCISE, "assert instead of ValueError", _adam("""    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
""", check="    assert t >= 1\n"), message="expected ValueError"),
    Wrong(EXERCISE, "python loop over the elements", _adam("""    w = np.array(w, dtype=float)
    for i in np.ndindex(w.shape):
        w[i] = w[i] - lr * (m[i] / (1 - beta1 ** t)) / (np.sqrt(v[i] / (1 - beta2 ** t)) + eps)
""", moments="""    m = np.array(m, dtype=float)
    v = np.array(v, dtype=float)
    for i in np.ndindex(m.shape):
        m[i] = beta1 * m[i] + (1 - beta1) * dw[i]
        v[i] = beta2 * v[i] + (1 - beta2) * dw[i] ** 2
"""), message="Python loop"),
]

# Through real nbgrader (each one kernel start, ~8 s): the mistakes issue 6 names first.
NBGRADER = ["no bias correction", "t + 1 in the correction", "only m corrected",
            "corrected moments stored as state", "beta1 used for v", "t = 0 accepted"]


# ------------------------------------------------------------------------------------------------
# the whole catalogue in process (fast), the NBGRADER subset through real nbgrader


globals().update(standard_tests(LESSON, WRONGS, pack=False, through_nbgrader=NBGRADER, in_process=True))

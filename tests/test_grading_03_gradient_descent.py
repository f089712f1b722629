"""Lesson 03 through the real nbgrader path: reference, blank release and realistic wrong submissions.

The tests of ``step_size_sweep`` and ``gradient_descent`` never call each other's function, so a
wrong version of each shares one submission (``pack_wrongs``).
"""


from harness import Wrong, source_notebook, standard_tests

LESSON = "03_gradient_descent"

SW_HEAD = "import numpy as np\ndef step_size_sweep(loss_fn, W, dW, step_sizes):\n"
GD_HEAD = "import numpy as np\ndef gradient_descent(grad_fn, x0, lr, n_steps):\n"

WRONGS = [
    # ---- step_size_sweep --------------------------------------------------------------------
    Wrong("step_size_sweep", "step taken uphill", SW_HEAD + """
    return np.array([loss_fn(W + eta * dW) for eta in step_sizes])
""", message="step taken uphill"),
    Wrong("step_size_sweep", "steps accumulate from the previous point", SW_HEAD + """
    W_new = W.copy()
    out = []
    for eta in step_sizes:
        W_new = W_new - eta * dW
        out.append(loss_fn(W_new))
    return np.array(out)
""", message="steps accumulated"),
    Wrong("step_size_sweep", "W updated in place (modified, and steps accumulate)", SW_HEAD + """
    out = np.zeros(len(step_sizes))
    for k, eta in enumerate(step_sizes):
        W -= eta * dW
        out[k] = loss_fn(W)
    return out
""", message="steps accumulated"),
    Wrong("step_size_sweep", "change of the loss returned", SW_HEAD + """
    base = loss_fn(W)
    return np.array([loss_fn(W - eta * dW) - base for eta in step_sizes])
""", message="change of the loss returned instead of the loss"),
    Wrong("step_size_sweep", "starting loss prepended", SW_HEAD + """
    return np.array([loss_fn(W)] + [loss_fn(W - eta * dW) for eta in step_sizes])
""", message="one loss per step size"),
    Wrong("step_size_sweep", "W left out of the step", SW_HEAD + """
    return np.array([loss_fn(-eta * dW) for eta in step_sizes])
""", message="W left out of the step"),
    Wrong("step_size_sweep", "losses sorted", SW_HEAD + """
    return np.sort([loss_fn(W - eta * dW) for eta in step_sizes])
""", message="sorted instead of in the order of step_sizes"),
    Wrong("step_size_sweep", "returns a list", SW_HEAD + """
    return [loss_fn(W - eta * dW) for eta in step_sizes]
""", message="must return a NumPy array"),
    # ---- gradient_descent -------------------------------------------------------------------
    Wrong("gradient_descent", "trajectory without its starting point", GD_HEAD + """
    x = np.array(x0, dtype=float)
    out = []
    for _ in range(n_steps):
        x = x - lr * grad_fn(x)
        out.append(x)
    return np.array(out)
""", message="the starting point x0 is missing"),
    Wrong("gradient_descent", "step taken uphill", GD_HEAD + """
    x = np.array(x0, dtype=float)
    out = [x]
    for _ in range(n_steps):
        x = x + lr * grad_fn(x)
        out.append(x)
    return np.array(out)
""", message="step taken uphill"),
    Wrong("gradient_descent", "x0 modified in place", GD_HEAD + """
    x = x0
    out = [x.copy()]
    for _ in range(n_steps):
        x -= lr * grad_fn(x)
        out.append(x.copy())
    return np.array(out)
""", message="x0 was modified"),
    Wrong("gradient_descent", "in-place update stored without a copy", GD_HEAD + """
    x = np.array(x0, dtype=float)
    out = [x]
    for _ in range(n_steps):
        x -= lr * grad_fn(x)
        out.append(x)
    return np.array(out)
""", message="every row is the same array"),
    Wrong("gradient_descent", "learning rate ignored", GD_HEAD + """
    x = np.array(x0, dtype=float)
    out = [x]
    for _ in range(n_steps):
        x = x - grad_fn(x)
        out.append(x)
    return np.array(out)
""", message="learning rate ignored"),
    Wrong("gradient_descent", "one step too many", GD_HEAD + """
    x = np.array(x0, dtype=float)
    out = [x]
    for _ in range(n_steps + 1):
        x = x - lr * grad_fn(x)
        out.append(x)
    return np.array(out)
"""),
    Wrong("gradient_descent", "gradient always taken at x0", GD_HEAD + """
    g = grad_fn(np.array(x0, dtype=float))
    x = np.array(x0, dtype=float)
    out = [x]
    for _ in range(n_steps):
        x = x - lr * g
        out.append(x)
    return np.array(out)
""", message="gradient always evaluated at x0"),
    Wrong("gradient_descent", "rows flattened", GD_HEAD + """
    x = np.array(x0, dtype=float).ravel()
    out = [x]
    for _ in range(n_steps):
        x = x - lr * grad_fn(x.reshape(np.shape(x0))).ravel()
        out.append(x)
    return np.array(out)
""", message="rows were flattened"),
    Wrong("gradient_descent", "returns only the last point", GD_HEAD + """
    x = np.array(x0, dtype=float)
    for _ in range(n_steps):
        x = x - lr * grad_fn(x)
    return x
"""),
]


globals().update(standard_tests(LESSON, WRONGS))


def test_at_least_four_wrongs_per_exercise():
    src = source_notebook(LESSON)
    exercises = [c.metadata["nbgrader"]["grade_id"] for c in src.cells if c.metadata.get("nbgrader", {}).get("solution")]
    for ex in exercises:
        assert sum(w.exercise == ex for w in WRONGS) >= 4, ex

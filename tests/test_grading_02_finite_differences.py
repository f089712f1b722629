"""Lesson 02 through the real nbgrader path: reference, blank release and realistic wrong submissions.

The three exercises' tests never call one another's functions (every wrong ``grad_check`` below
does its own finite differences), so wrong versions of different exercises share a submission.
"""


from harness import Wrong, source_notebook, standard_tests

LESSON = "02_finite_differences"

NG_HEAD = "import numpy as np\ndef numerical_gradient(f, x, h=1e-5, method='centered'):\n"
SVM_HEAD = "import numpy as np\ndef svm_loss_and_grad(W, X, y, delta=1.0):\n"
GC_HEAD = "import numpy as np\ndef grad_check(f, x, analytic_grad, n_checks, rng, h=1e-5):\n"

# the correct vectorized margins, shared by the wrong svm_loss_and_grad versions
SVM_MARGINS = """
    m = X.shape[0]
    rows = np.arange(m)
    S = X @ W
    margins = np.maximum(0.0, S - S[rows, y][:, None] + delta)
    margins[rows, y] = 0.0
    loss = margins.sum() / m
"""

WRONGS = [
    # ---- numerical_gradient ----------------------------------------------------------------
    Wrong("numerical_gradient", "forward difference regardless of method", NG_HEAD + """
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        grad[idx] = (f(x) - fx) / h
        x[idx] = old
    return grad
""", message="forward difference used where the centered one was asked"),
    Wrong("numerical_gradient", "centered difference divided by h", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = f(x)
        x[idx] = old - h
        fm = f(x)
        x[idx] = old
        grad[idx] = (fp - fm) / h if method == "centered" else (fp - fx) / h
    return grad
""", message="divided by h instead of 2h"),
    Wrong("numerical_gradient", "x not restored (left at x - h)", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        x[idx] += h
        fp = f(x)
        if method == "centered":
            x[idx] -= 2 * h
            grad[idx] = (fp - f(x)) / (2 * h)
        else:
            x[idx] -= h
            grad[idx] = (fp - fx) / h
    return grad
""", message="x not restored: each entry was left at x - h"),
    Wrong("numerical_gradient", "all coordinates perturbed at once", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    if method == "centered":
        slope = (f(x + h) - f(x - h)) / (2 * h)
    else:
        slope = (f(x + h) - f(x)) / h
    return np.full(x.shape, slope)
""", message="all coordinates perturbed at once"),
    Wrong("numerical_gradient", "h hard-coded to 1e-5", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    step = 1e-5
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + step
        fp = f(x)
        x[idx] = old - step
        fm = f(x)
        x[idx] = old
        grad[idx] = (fp - fm) / (2 * step) if method == "centered" else (fp - fx) / step
    return grad
""", message="argument h ignored"),
    Wrong("numerical_gradient", "unknown method silently treated as centered", NG_HEAD + """
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old + h
        fp = f(x)
        if method == "forward":
            grad[idx] = (fp - fx) / h
        else:
            x[idx] = old - h
            grad[idx] = (fp - f(x)) / (2 * h)
        x[idx] = old
    return grad
""", message="expected numerical_gradient to raise ValueError"),
    Wrong("numerical_gradient", "backward difference for method='forward'", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    grad = np.zeros(x.shape)
    fx = f(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        x[idx] = old - h
        fm = f(x)
        if method == "centered":
            x[idx] = old + h
            grad[idx] = (f(x) - fm) / (2 * h)
        else:
            grad[idx] = (fx - fm) / h
        x[idx] = old
    return grad
""", message="backward difference"),
    Wrong("numerical_gradient", "loops over the first axis only", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    grad = np.zeros(x.shape)
    fx = f(x)
    for i in range(len(x)):
        old = x[i].copy()
        x[i] = old + h
        fp = f(x)
        x[i] = old - h
        fm = f(x)
        x[i] = old
        grad[i] = (fp - fm) / (2 * h) if method == "centered" else (fp - fx) / h
    return grad
"""),
    Wrong("numerical_gradient", "flattened gradient returned", NG_HEAD + """
    if method not in ("forward", "centered"):
        raise ValueError(method)
    flat = x.reshape(-1)
    grad = np.zeros(flat.size)
    fx = f(x)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        fp = f(x)
        flat[i] = old - h
        fm = f(x)
        flat[i] = old
        grad[i] = (fp - fm) / (2 * h) if method == "centered" else (fp - fx) / h
    return grad
""", message="expected shape (2, 3)"),
    # ---- svm_loss_and_grad ------------------------------------------------------------------
    Wrong("svm_loss_and_grad", "gradient not averaged over examples", SVM_HEAD + SVM_MARGINS + """
    M = (margins > 0).astype(float)
    M[rows, y] = -M.sum(axis=1)
    return loss, X.T @ M
""", message="not averaged over the examples"),
    Wrong("svm_loss_and_grad", "correct-class term missing", SVM_HEAD + SVM_MARGINS + """
    M = (margins > 0).astype(float)
    return loss, X.T @ M / m
""", message="correct-class term missing"),
    Wrong("svm_loss_and_grad", "correct class gets -1 instead of -count", SVM_HEAD + SVM_MARGINS + """
    M = (margins > 0).astype(float)
    M[rows, y] = -1.0
    return loss, X.T @ M / m
""", message="-x_i once instead of -x_i for every violated margin"),
    Wrong("svm_loss_and_grad", "sign flipped", SVM_HEAD + SVM_MARGINS + """
    M = (margins > 0).astype(float)
    M[rows, y] = -M.sum(axis=1)
    return loss, -(X.T @ M) / m
""", message="sign flipped"),
    Wrong("svm_loss_and_grad", "python loop over the examples", SVM_HEAD + """
    m, C = X.shape[0], W.shape[1]
    loss = 0.0
    dW = np.zeros(W.shape)
    for i in range(m):
        s = X[i] @ W
        for j in range(C):
            if j == y[i]:
                continue
            d = s[j] - s[y[i]] + delta
            if d > 0:
                loss += d
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    return loss / m, dW / m
""", message="Python loop over the examples"),
    Wrong("svm_loss_and_grad", "loss summed, not averaged", SVM_HEAD + SVM_MARGINS + """
    M = (margins > 0).astype(float)
    M[rows, y] = -M.sum(axis=1)
    return margins.sum(), X.T @ M / m
""", message="sum over the examples instead of the mean"),
    Wrong("svm_loss_and_grad", "correct class counted as a violator", SVM_HEAD + """
    m = X.shape[0]
    rows = np.arange(m)
    S = X @ W
    margins = np.maximum(0.0, S - S[rows, y][:, None] + delta)
    M = (margins > 0).astype(float)
    M[rows, y] = -M.sum(axis=1)
    return margins.sum() / m, X.T @ M / m
""", message="correct class included in the sum"),
    Wrong("svm_loss_and_grad", "dW = W without a copy (W overwritten)", SVM_HEAD + SVM_MARGINS + """
    M = (margins > 0).astype(float)
    M[rows, y] = -M.sum(axis=1)
    dW = W
    dW[:] = X.T @ M / m
    return loss, dW
""", message="W was modified"),
    # ---- grad_check -------------------------------------------------------------------------
    Wrong("grad_check", "mean instead of max", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    errs = []
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        n = (fp - fm) / (2 * h)
        a = analytic_grad.flat[i]
        errs.append(abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(np.mean(errs))
""", message="mean relative error returned instead of the largest"),
    Wrong("grad_check", "forward difference", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    fx = f(x)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        n = (f(x) - fx) / h
        x.flat[i] = old
        a = analytic_grad.flat[i]
        worst = max(worst, abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(worst)
""", message="forward difference used"),
    Wrong("grad_check", "absolute error", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        worst = max(worst, abs(analytic_grad.flat[i] - (fp - fm) / (2 * h)))
    return float(worst)
""", message="absolute error"),
    Wrong("grad_check", "no floor in the denominator (0/0)", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    num = np.empty(n_checks)
    for k, i in enumerate(idx):
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        num[k] = (fp - fm) / (2 * h)
    a = analytic_grad.reshape(-1)[idx]
    return float(np.max(np.abs(a - num) / (np.abs(a) + np.abs(num))))
""", message="both exactly 0"),
    Wrong("grad_check", "denominator max(|a|, |n|)", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        n = (fp - fm) / (2 * h)
        a = analytic_grad.flat[i]
        worst = max(worst, abs(a - n) / max(abs(a), abs(n), 1e-12))
    return float(worst)
""", message="divided by max(|a|, |n|) instead of |a| + |n|"),
    Wrong("grad_check", "indices drawn without replacement", GC_HEAD + """
    idx = rng.choice(x.size, size=min(n_checks, x.size), replace=False)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        n = (fp - fm) / (2 * h)
        a = analytic_grad.flat[i]
        worst = max(worst, abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(worst)
"""),
    Wrong("grad_check", "x not restored", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    worst = 0.0
    for i in idx:
        x.flat[i] += h
        fp = f(x)
        x.flat[i] -= 2 * h
        fm = f(x)
        n = (fp - fm) / (2 * h)
        a = analytic_grad.flat[i]
        worst = max(worst, abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(worst)
""", message="x after grad_check"),
    Wrong("grad_check", "h hard-coded to 1e-5", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + 1e-5
        fp = f(x)
        x.flat[i] = old - 1e-5
        fm = f(x)
        x.flat[i] = old
        n = (fp - fm) / 2e-5
        a = analytic_grad.flat[i]
        worst = max(worst, abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(worst)
""", message="argument h ignored"),
    Wrong("grad_check", "analytic_grad indexed by row, not flat", GC_HEAD + """
    idx = rng.integers(x.size, size=n_checks)
    worst = 0.0
    for i in idx:
        old = x.flat[i]
        x.flat[i] = old + h
        fp = f(x)
        x.flat[i] = old - h
        fm = f(x)
        x.flat[i] = old
        n = (fp - fm) / (2 * h)
        a = float(np.ravel(analytic_grad[i % len(analytic_grad)])[0])
        worst = max(worst, abs(a - n) / max(abs(a) + abs(n), 1e-12))
    return float(worst)
"""),
]


globals().update(standard_tests(LESSON, WRONGS))


def test_at_least_four_wrongs_per_exercise():
    src = source_notebook(LESSON)
    exercises = [c.metadata["nbgrader"]["grade_id"] for c in src.cells if c.metadata.get("nbgrader", {}).get("solution")]
    for ex in exercises:
        assert sum(w.exercise == ex for w in WRONGS) >= 4, ex

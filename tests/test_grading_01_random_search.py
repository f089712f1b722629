"""Lesson 01 through the real nbgrader path: reference, blank release, wrong and hostile submissions."""

import pytest

from harness import Wrong, grade_cells, standard_tests, with_cells

LESSON = "01_random_search"

SVM_HEAD = "import numpy as np\ndef svm_loss(W, X, y, delta=1.0):\n"
RS_HEAD = "import numpy as np\ndef random_search(loss_fn, shape, n_tries, scale, rng):\n"
RLS_HEAD = "import numpy as np\ndef random_local_search(loss_fn, W0, n_iters, step_size, rng):\n"

WRONGS = [
    # ---- svm_loss -----------------------------------------------------------------------
    Wrong("svm_loss", "sum instead of mean", SVM_HEAD + """
    S = X @ W
    m = X.shape[0]
    margins = np.maximum(0, S - S[np.arange(m), y][:, None] + delta)
    margins[np.arange(m), y] = 0
    return margins.sum()
""", message="sum over the examples instead of the mean"),
    Wrong("svm_loss", "correct class not excluded", SVM_HEAD + """
    S = X @ W
    m = X.shape[0]
    margins = np.maximum(0, S - S[np.arange(m), y][:, None] + delta)
    return margins.sum() / m
""", message="correct class included"),
    Wrong("svm_loss", "delta hard-coded to 1", SVM_HEAD + """
    S = X @ W
    m = X.shape[0]
    margins = np.maximum(0, S - S[np.arange(m), y][:, None] + 1.0)
    margins[np.arange(m), y] = 0
    return margins.sum() / m
""", message="delta argument ignored"),
    Wrong("svm_loss", "python loop over examples", SVM_HEAD + """
    total = 0.0
    for i in range(X.shape[0]):
        s = X[i] @ W
        for j in range(W.shape[1]):
            if j != y[i]:
                total += max(0.0, s[j] - s[y[i]] + delta)
    return total / X.shape[0]
""", message="Python loop over the examples"),
    Wrong("svm_loss", "per-example losses returned", SVM_HEAD + """
    S = X @ W
    m = X.shape[0]
    margins = np.maximum(0, S - S[np.arange(m), y][:, None] + delta)
    margins[np.arange(m), y] = 0
    return margins.sum(axis=1)
""", message="must return one number"),
    Wrong("svm_loss", "hinge on the wrong side", SVM_HEAD + """
    S = X @ W
    m = X.shape[0]
    margins = np.maximum(0, S[np.arange(m), y][:, None] - S + delta)
    margins[np.arange(m), y] = 0
    return margins.sum() / m
"""),
    # ---- random_search ------------------------------------------------------------------
    Wrong("random_search", "global numpy RNG instead of rng", RS_HEAD + """
    losses = np.empty(n_tries)
    best_W, best_loss = None, np.inf
    for k in range(n_tries):
        W = scale * np.random.randn(*shape)
        losses[k] = loss_fn(W)
        if losses[k] < best_loss:
            best_W, best_loss = W, losses[k]
    return best_W, best_loss, losses
"""),
    Wrong("random_search", "losses store the best so far", RS_HEAD + """
    losses = np.empty(n_tries)
    best_W, best_loss = None, np.inf
    for k in range(n_tries):
        W = scale * rng.standard_normal(shape)
        loss = loss_fn(W)
        if loss < best_loss:
            best_W, best_loss = W, loss
        losses[k] = best_loss
    return best_W, best_loss, losses
""", message="best loss so far"),
    Wrong("random_search", "keeps the last try on ties (<=)", RS_HEAD + """
    losses = np.empty(n_tries)
    best_W, best_loss = None, np.inf
    for k in range(n_tries):
        W = scale * rng.standard_normal(shape)
        losses[k] = loss_fn(W)
        if losses[k] <= best_loss:
            best_W, best_loss = W, losses[k]
    return best_W, best_loss, losses
""", message="first try must be kept on ties"),
    Wrong("random_search", "scale ignored", RS_HEAD + """
    losses = np.empty(n_tries)
    best_W, best_loss = None, np.inf
    for k in range(n_tries):
        W = rng.standard_normal(shape)
        losses[k] = loss_fn(W)
        if losses[k] < best_loss:
            best_W, best_loss = W, losses[k]
    return best_W, best_loss, losses
""", message="scale not applied"),
    Wrong("random_search", "returns the last W, not the best", RS_HEAD + """
    losses = np.empty(n_tries)
    for k in range(n_tries):
        W = scale * rng.standard_normal(shape)
        losses[k] = loss_fn(W)
    return W, losses.min(), losses
""", message="best_W must be the weights that scored best_loss"),
    # ---- random_local_search ------------------------------------------------------------
    Wrong("random_local_search", "always takes the step", RLS_HEAD + """
    W = W0.copy()
    history = np.empty(n_iters)
    for k in range(n_iters):
        W = W + step_size * rng.standard_normal(W.shape)
        history[k] = loss_fn(W)
    return W, history[-1], history
""", message="history must never go up"),
    Wrong("random_local_search", "mutates W0 in place", RLS_HEAD + """
    W = W0
    best = loss_fn(W)
    history = np.empty(n_iters)
    for k in range(n_iters):
        step = step_size * rng.standard_normal(W.shape)
        W += step
        loss = loss_fn(W)
        if loss < best:
            best = loss
        else:
            W -= step
        history[k] = best
    return W, best, history
""", message="W0 was modified"),
    Wrong("random_local_search", "moves on ties (<=)", RLS_HEAD + """
    W = W0.copy()
    best = loss_fn(W)
    history = np.empty(n_iters)
    for k in range(n_iters):
        W_try = W + step_size * rng.standard_normal(W.shape)
        loss = loss_fn(W_try)
        if loss <= best:
            W, best = W_try, loss
        history[k] = best
    return W, best, history
""", message="use <, not <="),
    Wrong("random_local_search", "steps from W0 every time", RLS_HEAD + """
    W = W0.copy()
    best = loss_fn(W)
    history = np.empty(n_iters)
    for k in range(n_iters):
        W_try = W0 + step_size * rng.standard_normal(W0.shape)
        loss = loss_fn(W_try)
        if loss < best:
            W, best = W_try, loss
        history[k] = best
    return W, best, history
"""),
]

def _reference_code(nb, exercise):
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == exercise:
            return cell.source
    raise KeyError(exercise)


def _hostile(src, blank):
    ref = {ex: _reference_code(src, ex) for ex in ("svm_loss", "random_search", "random_local_search")}
    wrong_svm = WRONGS[0].code
    subs = {}
    # 1. test cells deleted (with a wrong svm_loss): they are restored from the gradebook
    nb = with_cells(src, {"svm_loss": wrong_svm})
    nb.cells = [c for c in nb.cells if not c.metadata.get("nbgrader", {}).get("grade")]
    subs["deleted_tests"] = nb
    # 2. test cells edited to pass
    edits = {t: "pass" for t in grade_cells(src)}
    subs["edited_tests"] = with_cells(src, {"svm_loss": wrong_svm, **edits})
    # 3. delegation to the reference under an alias, and by assignment
    subs["delegates"] = with_cells(src, {
        "svm_loss": "from helpers.losses import svm_loss as _mine\n"
                    "def svm_loss(W, X, y, delta=1.0):\n    return _mine(W, X, y, delta)",
        "random_search": "import helpers.search as hs\nrandom_search = hs.random_search",
        "random_local_search": ref["random_local_search"],
    })
    # 4. numpy comparisons patched to always agree
    subs["patches_numpy"] = with_cells(src, {"svm_loss": wrong_svm + """
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)
np.testing.assert_allclose = lambda *a, **k: None
"""})
    # 5. the grading helpers patched, by attribute and through __code__ / __dict__
    subs["patches_grading"] = with_cells(src, {"svm_loss": wrong_svm + """
import helpers.grading as G
for _name in ("check_close", "check_true", "check_equal", "check_unchanged", "check_vectorized", "check_shape"):
    try:
        setattr(G, _name, lambda *a, **k: None)
    except AttributeError:
        pass
try:
    G.check_close.__code__ = (lambda *a, **k: None).__code__
except AttributeError:
    pass
vars(G)["check_true"] = lambda *a, **k: None
"""})
    # 6. infinite loop inside one exercise: only that exercise loses points
    subs["infinite_loop"] = with_cells(src, {
        "svm_loss": "def svm_loss(W, X, y, delta=1.0):\n    while True:\n        pass",
    })
    # 7. the guard switched off from inside, then delegation
    subs["disables_guard"] = with_cells(src, {
        "svm_loss": "import sys\nfrom helpers import losses as L\n"
                    "def svm_loss(W, X, y, delta=1.0):\n    sys.setprofile(None)\n    return L.svm_loss(W, X, y, delta)",
    })
    # 8. megabytes of output, at top level and inside the function
    subs["floods_output"] = with_cells(src, {
        "svm_loss": ref["svm_loss"] + "\nprint('x' * 3_000_000)\n"
                    "_orig = svm_loss\ndef svm_loss(W, X, y, delta=1.0):\n    print('spam ' * 200_000)\n    return _orig(W, X, y, delta)",
    })
    # 9. errors hidden by patching IPython's traceback display
    subs["hides_tracebacks"] = with_cells(src, {
        "svm_loss": wrong_svm + "\nget_ipython().showtraceback = lambda *a, **k: None\n",
    })
    return subs


globals().update(standard_tests(LESSON, WRONGS, extra_submissions=lambda src, blank: _hostile(src, blank)))


def _ex_score(src, res, exercise):
    return res.score_of(grade_cells(src, exercise))


def test_deleted_and_edited_tests_are_restored(graded):
    src, _, results = graded
    for sid in ("deleted_tests", "edited_tests"):
        res = results[sid]
        assert set(res.scores) == set(grade_cells(src)), f"{sid}: not every test cell was graded"
        assert _ex_score(src, res, "svm_loss") < 4, f"{sid}: wrong svm_loss kept its points"
        assert _ex_score(src, res, "random_search") == 3, f"{sid}: correct exercises must keep their points"


def test_delegation_earns_nothing(graded):
    src, _, results = graded
    res = results["delegates"]
    assert _ex_score(src, res, "svm_loss") == 0
    assert _ex_score(src, res, "random_search") == 0
    assert _ex_score(src, res, "random_local_search") == 3, "the honest exercise keeps its points"
    assert "reference implementation" in res.errors["test_svm_loss_worked_example"]
    assert "not your own code" in res.errors["test_random_search_basics"]
    assert _ex_score(src, results["disables_guard"], "svm_loss") == 0


@pytest.mark.parametrize("sid", ["patches_numpy", "patches_grading", "hides_tracebacks"])
def test_patching_does_not_pass_wrong_code(graded, sid):
    src, _, results = graded
    assert _ex_score(src, results[sid], "svm_loss") < 4, results[sid].scores
    if sid == "patches_grading":
        # a tampered grader fails every check, and says why
        assert results[sid].total == 0
        assert any("modified" in e or "read-only" in e for e in results[sid].errors.values())
    else:
        # the patch itself fails (read-only numpy / nbgrader sees the error); others keep points
        assert _ex_score(src, results[sid], "random_search") == 3


def test_infinite_loop_is_bounded_and_contained(graded):
    src, _, results = graded
    res = results["infinite_loop"]
    assert _ex_score(src, res, "svm_loss") == 0
    assert "did not return within" in res.errors["test_svm_loss_worked_example"]
    assert _ex_score(src, res, "random_search") == 3 and _ex_score(src, res, "random_local_search") == 3


def test_output_flood_is_cut_and_graded(graded):
    src, _, results = graded
    res = results["floods_output"]
    assert res.total == 10
    size = sum(len(o.get("text", "")) for c in res.notebook.cells for o in c.get("outputs", []))
    assert size < 200_000, f"autograded notebook still holds {size} characters of output"

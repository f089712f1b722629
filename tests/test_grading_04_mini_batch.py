"""Lesson 04 through the real nbgrader path: reference, blank release, wrong and delegating submissions.

``minibatch_gd`` calls ``make_mini_batches``, so the two exercises are never packed into one
submission: each wrong implementation gets its own, with the other exercise left correct. The
tests of ``minibatch_gd`` lend it a correct ``make_mini_batches`` during each call, so a wrong
``make_mini_batches`` must not cost any ``minibatch_gd`` points; ``test_exercises_are_graded_apart``
checks that on every wrong ``make_mini_batches`` submission.

To keep the suite fast, wrong-implementation submissions hold only the graded part of the
notebook (the set-up cell, the solution cells and the test cells; the demonstrations are left
out). The reference and the blank release are graded as whole notebooks.
"""

import copy

import pytest

from harness import Wrong, autograde, grade_cells, make_course, release_notebook, source_notebook, with_cells

LESSON = "04_mini_batch"

MMB_HEAD = "import numpy as np\ndef make_mini_batches(X, y, batch_size, rng):\n"
GD_HEAD = "import numpy as np\ndef minibatch_gd(loss_and_grad, W0, X, y, lr, batch_size, n_epochs, rng):\n"

WRONGS = [
    # ---- make_mini_batches --------------------------------------------------------------
    Wrong("make_mini_batches", "no shuffle", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    return [(X[k:k + batch_size], y[k:k + batch_size]) for k in range(0, m, batch_size)]
""", message="original order: no shuffle"),
    Wrong("make_mini_batches", "X and y shuffled with different permutations", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    Xs = X[rng.permutation(m)]
    ys = y[rng.permutation(m)]
    return [(Xs[k:k + batch_size], ys[k:k + batch_size]) for k in range(0, m, batch_size)]
""", message="no longer paired"),
    Wrong("make_mini_batches", "remainder dropped", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    perm = rng.permutation(m)
    Xs, ys = X[perm], y[perm]
    return [(Xs[t * batch_size:(t + 1) * batch_size], ys[t * batch_size:(t + 1) * batch_size])
            for t in range(m // batch_size)]
""", message="remainder dropped"),
    Wrong("make_mini_batches", "global RNG instead of rng", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    perm = np.random.permutation(m)
    Xs, ys = X[perm], y[perm]
    return [(Xs[k:k + batch_size], ys[k:k + batch_size]) for k in range(0, m, batch_size)]
""", message="global RNG is used instead of rng"),
    Wrong("make_mini_batches", "batch_size < 1 accepted", MMB_HEAD + """
    m = X.shape[0]
    perm = rng.permutation(m)
    Xs, ys = X[perm], y[perm]
    return [(Xs[k:k + batch_size], ys[k:k + batch_size]) for k in range(0, m, max(batch_size, 1))]
""", message="to raise ValueError"),
    Wrong("make_mini_batches", "np.array_split spreads the remainder", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    perm = rng.permutation(m)
    n_batches = int(np.ceil(m / batch_size))
    return list(zip(np.array_split(X[perm], n_batches), np.array_split(y[perm], n_batches)))
""", message="np.array_split"),
    Wrong("make_mini_batches", "Python loop over the examples", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    perm = rng.permutation(m)
    Xs = np.array([X[i] for i in perm])
    ys = np.array([y[i] for i in perm])
    return [(Xs[k:k + batch_size], ys[k:k + batch_size]) for k in range(0, m, batch_size)]
""", message="Python loop over the examples"),
    Wrong("make_mini_batches", "shuffles the caller's X and y in place", MMB_HEAD + """
    if batch_size < 1:
        raise ValueError("batch_size must be >= 1")
    m = X.shape[0]
    perm = rng.permutation(m)
    X[:] = X[perm]
    y[:] = y[perm]
    return [(X[k:k + batch_size], y[k:k + batch_size]) for k in range(0, m, batch_size)]
""", message="X was modified"),
    # ---- minibatch_gd -------------------------------------------------------------------
    Wrong("minibatch_gd", "cost recorded after the update", GD_HEAD + """
    W = np.array(W0, dtype=float)
    costs = []
    for _ in range(n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, rng):
            _, dW = loss_and_grad(W, X_t, y_t)
            W = W - lr * dW
            costs.append(loss_and_grad(W, X_t, y_t)[0])
    return W, np.array(costs)
""", message="recorded after the update"),
    Wrong("minibatch_gd", "one cost per epoch", GD_HEAD + """
    W = np.array(W0, dtype=float)
    costs = []
    for _ in range(n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, rng):
            J, dW = loss_and_grad(W, X_t, y_t)
            W = W - lr * dW
        costs.append(J)
    return W, np.array(costs)
""", message="one cost per epoch"),
    Wrong("minibatch_gd", "shuffled once for all epochs", GD_HEAD + """
    W = np.array(W0, dtype=float)
    costs = []
    batches = make_mini_batches(X, y, batch_size, rng)
    for _ in range(n_epochs):
        for X_t, y_t in batches:
            J, dW = loss_and_grad(W, X_t, y_t)
            costs.append(J)
            W = W - lr * dW
    return W, np.array(costs)
""", message="shuffled only once"),
    Wrong("minibatch_gd", "W0 mutated", GD_HEAD + """
    W = W0
    costs = []
    for _ in range(n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, rng):
            J, dW = loss_and_grad(W, X_t, y_t)
            costs.append(J)
            W -= lr * dW
    return W, np.array(costs)
""", message="W0 was modified"),
    Wrong("minibatch_gd", "whole-training-set cost recorded", GD_HEAD + """
    W = np.array(W0, dtype=float)
    costs = []
    for _ in range(n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, rng):
            costs.append(loss_and_grad(W, X, y)[0])
            _, dW = loss_and_grad(W, X_t, y_t)
            W = W - lr * dW
    return W, np.array(costs)
""", message="whole training set"),
    Wrong("minibatch_gd", "global RNG instead of rng", GD_HEAD + """
    W = np.array(W0, dtype=float)
    costs = []
    for _ in range(n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, np.random.default_rng()):
            J, dW = loss_and_grad(W, X_t, y_t)
            costs.append(J)
            W = W - lr * dW
    return W, np.array(costs)
""", message="global RNG is used instead of rng"),
    Wrong("minibatch_gd", "one epoch too few", GD_HEAD + """
    W = np.array(W0, dtype=float)
    costs = []
    for epoch in range(1, n_epochs):
        for X_t, y_t in make_mini_batches(X, y, batch_size, rng):
            J, dW = loss_and_grad(W, X_t, y_t)
            costs.append(J)
            W = W - lr * dW
    return W, np.array(costs)
""", message="one epoch too few"),
]

EXERCISES = ("make_mini_batches", "minibatch_gd")
POINTS = {"make_mini_batches": 4, "minibatch_gd": 6}


def _sid(wrong):
    return f"{wrong.exercise}-{WRONGS.index(wrong):02d}"


def _graded_only(nb):
    """The set-up cell, the solution and test cells (and the prose); demonstrations left out."""
    nb = copy.deepcopy(nb)
    kept, first_code = [], True
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type == "markdown" or meta.get("solution") or meta.get("grade"):
            kept.append(cell)
        elif first_code:
            kept.append(cell)
            first_code = False
    nb.cells = kept
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp(LESSON), LESSON)
    src, blank = source_notebook(LESSON), release_notebook(root, LESSON)
    lean = _graded_only(src)
    subs = {"reference": src, "blank": blank}
    for wrong in WRONGS:
        subs[_sid(wrong)] = with_cells(lean, {wrong.exercise: wrong.code})
    # both exercises handed to the reference kernels in helpers.batching: worth nothing
    subs["delegates"] = with_cells(lean, {
        "make_mini_batches": "from helpers.batching import make_mini_batches",
        "minibatch_gd": "import helpers.batching as hb\n"
                        "def minibatch_gd(loss_and_grad, W0, X, y, lr, batch_size, n_epochs, rng):\n"
                        "    return hb.minibatch_gd(loss_and_grad, W0, X, y, lr, batch_size, n_epochs, rng)",
    })
    return src, autograde(root, LESSON, subs)


def _ex_score(src, res, exercise):
    return res.score_of(grade_cells(src, exercise))


def test_reference_full_marks_and_blank_zero(graded):
    src, results = graded
    assert results["reference"].total == results["reference"].max_total == 10, results["reference"].errors
    assert results["blank"].total == 0, results["blank"].scores
    assert set(results["blank"].errors) == set(grade_cells(src)), "every test cell of the blank release fails"
    for exercise in EXERCISES:
        assert sum(results["reference"].max_scores[c] for c in grade_cells(src, exercise)) == POINTS[exercise]


@pytest.mark.parametrize("wrong", WRONGS, ids=lambda w: f"{w.exercise}:{w.name}")
def test_wrong_implementation_loses_points(graded, wrong):
    src, results = graded
    res = results[_sid(wrong)]
    cells = grade_cells(src, wrong.exercise)
    lost = sum(res.max_scores[c] for c in cells) - res.score_of(cells)
    assert lost > 0, f"{wrong.name!r} kept all points of {wrong.exercise}"
    if wrong.message:
        msgs = " | ".join(res.errors.get(c, "") for c in cells)
        assert wrong.message in msgs, f"hint for {wrong.name!r} not shown; messages: {msgs}"


@pytest.mark.parametrize("wrong", WRONGS, ids=lambda w: f"{w.exercise}:{w.name}")
def test_exercises_are_graded_apart(graded, wrong):
    """A wrong version of one exercise costs no points of the other (correct) one."""
    src, results = graded
    res = results[_sid(wrong)]
    other = next(e for e in EXERCISES if e != wrong.exercise)
    assert _ex_score(src, res, other) == POINTS[other], (other, res.errors)


def test_delegation_earns_nothing(graded):
    src, results = graded
    res = results["delegates"]
    assert _ex_score(src, res, "make_mini_batches") == 0, res.scores
    assert _ex_score(src, res, "minibatch_gd") == 0, res.scores
    assert "not your own code" in res.errors["test_make_mini_batches_basics"]
    assert "reference implementation" in res.errors["test_minibatch_gd_updates"]

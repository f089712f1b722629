"""Lesson 06 grader: reference, blank release and wrong `momentum_step` implementations.

The lesson has one exercise, so every wrong version is its own submission. A selection
(``NBGRADER``) goes through the real nbgrader path (generate_assignment -> autograde); every
wrong version in ``WRONGS`` is also checked in-process — its solution code and the source
notebook's test cells (hidden parts included) executed in this interpreter — which is fast
enough to cover many more mistakes than the kernel-per-submission path.
"""

from pathlib import Path

import numpy as np
import pytest

from harness import Wrong, autograde, grade_cells, grade_in_process, make_course, release_notebook, solution_code, source_notebook, with_cells

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
# in-process grading: exec the solution code and every test cell of the source notebook


def test_inprocess_reference_full_marks(tmp_path):
    src = source_notebook(LESSON)
    scores, maxes, errors = grade_in_process(src, solution_code(src, EXERCISE), tmp_path)
    assert sum(maxes.values()) == 10
    assert sum(scores.values()) == 10, errors


@pytest.mark.parametrize("wrong", WRONGS, ids=lambda w: w.name)
def test_inprocess_wrong_loses_points(tmp_path, wrong):
    src = source_notebook(LESSON)
    scores, maxes, errors = grade_in_process(src, wrong.code, tmp_path)
    assert sum(scores.values()) < 10, f"{wrong.name!r} kept all points"
    if wrong.message:
        msgs = " | ".join(errors.values())
        assert wrong.message in msgs, f"hint for {wrong.name!r} not shown; messages: {msgs}"


def test_hidden_tests_are_stripped_from_the_release(graded):
    src, root, _ = graded
    release = release_notebook(root, LESSON)
    text = "\n".join(c.source for c in release.cells)
    assert "_ref_momentum_step" not in text and "BEGIN HIDDEN TESTS" not in text
    assert "### BEGIN SOLUTION" not in text


# ------------------------------------------------------------------------------------------------
# the real nbgrader path


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp(LESSON), LESSON)
    src, blank = source_notebook(LESSON), release_notebook(root, LESSON)
    subs = {"reference": src, "blank": blank}
    for k, name in enumerate(NBGRADER):
        wrong = next(w for w in WRONGS if w.name == name)
        subs[f"wrong{k:02d}"] = with_cells(src, {wrong.exercise: wrong.code})
    return src, root, autograde(root, LESSON, subs)


def test_reference_full_marks_and_blank_zero(graded):
    src, _, results = graded
    assert results["reference"].total == results["reference"].max_total == 10, results["reference"].errors
    assert results["blank"].total == 0, results["blank"].scores
    assert set(results["blank"].errors) == set(grade_cells(src)), "every test cell of the blank release fails"


@pytest.mark.parametrize("name", NBGRADER)
def test_wrong_implementation_loses_points(graded, name):
    src, _, results = graded
    wrong = next(w for w in WRONGS if w.name == name)
    res = results[f"wrong{NBGRADER.index(name):02d}"]
    cells = grade_cells(src, wrong.exercise)
    lost = sum(res.max_scores[c] for c in cells) - res.score_of(cells)
    assert lost > 0, f"{wrong.name!r} kept all points of {wrong.exercise}"
    if wrong.message:
        msgs = " | ".join(res.errors.get(c, "") for c in cells)
        assert wrong.message in msgs, f"hint for {wrong.name!r} not shown; messages: {msgs}"

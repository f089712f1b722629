"""Lesson 07 grader: reference, blank release and wrong `rmsprop_step` implementations.

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
    assert "_ref_rmsprop_step" not in text and "BEGIN HIDDEN TESTS" not in text
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

"""Lesson 08 grader: reference, blank release and wrong `adam_step` implementations.

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
    assert "_ref_adam_step" not in text and "BEGIN HIDDEN TESTS" not in text
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

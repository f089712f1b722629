"""Lesson 01 through the real nbgrader path: reference, blank release, wrong and hostile submissions.

The wrong implementations (``WRONGS``) live with the references in ``grader.random_search``; every
one runs in process (fast) and through real nbgrader (``NBGRADER``: all of them).
"""

import pytest

from grader.random_search import LESSON, NBGRADER, VISIBLE, WRONGS
from harness import check_visible_tests_catch, grade_cells, graded_only, standard_tests, with_cells


def _reference_code(nb, exercise):
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == exercise:
            return cell.source
    raise KeyError(exercise)


def _hostile(src, blank):
    """Hostile submissions, in the graded-only form (:func:`harness.graded_only`)."""
    src = graded_only(src)
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
    # 3. delegation, under an alias and by assignment, to where the references were before they
    #    left helpers: nothing is there any more
    subs["delegates"] = with_cells(src, {
        "svm_loss": "from helpers.losses import svm_loss as _mine\n"
                    "def svm_loss(W, X, y, delta=1.0):\n    return _mine(W, X, y, delta)",
        "random_search": "import helpers.search as hs\nrandom_search = hs.random_search",
        "random_local_search": ref["random_local_search"],
    })
    # 4. numpy comparisons patched to always agree (in the kernel; the judge's checks run outside it)
    subs["patches_numpy"] = with_cells(src, {"svm_loss": wrong_svm + """
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)
np.testing.assert_allclose = lambda *a, **k: None
"""})
    # 5. the grading helpers patched, by attribute and through __code__ / __dict__ (the kernel's copy;
    #    the judge's helpers.grading is another process's)
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
    # 7. megabytes of output, at top level and inside the function: 3 MB once, and 20 kB on each
    #    of the hundreds of calls the judge and the student's own random search make (megabytes
    #    per call would test the machine's speed, not the grader: building 1 MB strings a thousand
    #    times inside a 5 s call budget lost points on a loaded CI machine)
    subs["floods_output"] = with_cells(src, {
        "svm_loss": ref["svm_loss"] + "\nprint('x' * 3_000_000)\n"
                    "_orig = svm_loss\ndef svm_loss(W, X, y, delta=1.0):\n    print('spam ' * 4_000)\n    return _orig(W, X, y, delta)",
    })
    # 8. errors hidden by patching IPython's traceback display
    subs["hides_tracebacks"] = with_cells(src, {
        "svm_loss": wrong_svm + "\nget_ipython().showtraceback = lambda *a, **k: None\n",
    })
    return subs


globals().update(standard_tests(LESSON, WRONGS, through_nbgrader=NBGRADER, judge_all=True,
                                 extra_submissions=lambda src, blank: _hostile(src, blank)))


def _ex_score(src, res, exercise):
    return res.score_of(grade_cells(src, exercise))


def test_deleted_and_edited_tests_are_restored(graded):
    src, _, results = graded
    for sid in ("deleted_tests", "edited_tests"):
        res = results[sid]
        assert set(res.scores) == set(grade_cells(src)), f"{sid}: not every test cell was graded"
        assert _ex_score(src, res, "svm_loss") < 3, f"{sid}: wrong svm_loss kept its points"
        assert _ex_score(src, res, "random_search") == 3, f"{sid}: correct exercises must keep their points"


def test_delegation_earns_nothing(graded):
    """The references are not in helpers: the routes that once reached them find nothing."""
    src, _, results = graded
    res = results["delegates"]
    assert _ex_score(src, res, "svm_loss") == 0
    assert _ex_score(src, res, "random_search") == 0
    assert _ex_score(src, res, "random_local_search") == 2, "the honest exercise keeps its points"


@pytest.mark.parametrize("sid", ["patches_numpy", "patches_grading", "hides_tracebacks"])
def test_patching_does_not_pass_wrong_code(graded, sid):
    """Patches made in the student's kernel do not reach the judge, which runs the checks: the
    wrong svm_loss loses points, the honest exercises keep theirs."""
    src, _, results = graded
    assert _ex_score(src, results[sid], "svm_loss") < 3, results[sid].scores
    assert _ex_score(src, results[sid], "random_search") == 3, results[sid].errors
    assert _ex_score(src, results[sid], "random_local_search") == 2, results[sid].errors


def test_infinite_loop_is_bounded_and_contained(graded):
    src, _, results = graded
    res = results["infinite_loop"]
    assert _ex_score(src, res, "svm_loss") == 0
    assert "did not return within" in res.errors["test_svm_loss_worked_example"]
    assert _ex_score(src, res, "random_search") == 3 and _ex_score(src, res, "random_local_search") == 2


def test_output_flood_is_cut_and_graded(graded):
    src, _, results = graded
    res = results["floods_output"]
    assert res.total == 10, f"an honest svm_loss that prints lost points: {res.errors}"
    size = sum(len(o.get("text", "")) for c in res.notebook.cells for o in c.get("outputs", []))
    assert size < 200_000, f"autograded notebook still holds {size} characters of output"


# ---- the visible tests alone catch the common mistakes (issue 13) -------------------------------

@pytest.mark.parametrize("name", VISIBLE)
def test_visible_tests_catch_the_common_mistake(tmp_path, name):
    """The student sees these mistakes fail in JupyterLab, before any grading."""
    check_visible_tests_catch(LESSON, WRONGS, name, tmp_path)

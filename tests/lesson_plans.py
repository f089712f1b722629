"""What the lessons' grader proofs (``tests/lessons``) send through the real grading paths.

One :class:`Plan` per lesson, in :data:`PLANS`: the lesson's catalogue of wrong implementations
(``grader.<module>.WRONGS``), the ones also sent through real nbgrader (``NBGRADER``), how they
are put into submissions, and the lesson's extra submissions (lesson 01's hostile ones, lesson
04's delegation). ``tests/lessons/test_grading.py`` proves every plan the same way;
``tests/lessons/test_grading_NN_*.py`` hold what is particular to one lesson.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from coursekit.earlier import grader_module   # "08_adam" -> grader.adam
from harness import grade_cells, graded_only, lessons, pack_wrongs, solution_code, with_cells

@dataclass(frozen=True)
class Plan:
    """How one lesson's grader is proven.

    ``pack``: the k-th wrong version of every exercise shares submission ``wrongNN`` (for
    exercises whose tests never call one another); otherwise each wrong version is a submission of
    its own. ``independent``: a wrong exercise costs no other exercise any point (true when
    packed; lesson 04's tests lend ``minibatch_gd`` a correct ``make_mini_batches``).
    ``whole_reference``: the reference is graded as the whole lesson, demonstrations included
    (else in the graded-only form, like the wrong versions; the blank release is always whole).
    ``extra(src, blank)`` adds submissions of the lesson's own. ``min_wrongs``: the catalogue
    holds at least this many wrong versions of every exercise. ``visible``: the names of the wrong
    versions the visible tests alone must catch (``VISIBLE``).
    """

    lesson: str
    wrongs: tuple
    nbgrader: tuple
    visible: tuple = ()
    pack: bool = True
    independent: bool = True
    whole_reference: bool = False
    extra: Callable | None = None
    min_wrongs: int = 4

    @property
    def through_nbgrader(self) -> list:
        return [w for w in self.wrongs if w.name in self.nbgrader]

    def packs(self) -> dict[str, list]:
        """Submission id -> the wrong versions it holds."""
        chosen = self.through_nbgrader
        return pack_wrongs(chosen) if self.pack else {f"wrong{k:02d}": [w] for k, w in enumerate(chosen)}

    def submission_of(self, wrong) -> str:
        return next(sid for sid, ws in self.packs().items() if wrong in ws)

    def build(self, src, blank) -> dict:
        """Every submission of the lesson: student id -> notebook."""
        lean = graded_only(src)
        subs = {"reference": src if self.whole_reference else lean, "blank": blank}
        for sid, ws in self.packs().items():
            subs[sid] = with_cells(lean, {w.exercise: w.code for w in ws})
        if self.extra:
            subs.update(self.extra(src, blank))
        return subs


# ---- lesson 01: hostile submissions ----------------------------------------------------------

def hostile_01(src, blank):
    """Hostile submissions, in the graded-only form (:func:`harness.graded_only`)."""
    src = graded_only(src)
    ref = {ex: solution_code(src, ex) for ex in ("svm_loss", "random_search", "random_local_search")}
    wrong_svm = grader_module("01_random_search").WRONGS[0].code
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


# ---- lesson 04: delegation -------------------------------------------------------------------

def delegates_04(src, blank):
    """Both exercises handed to where the references were before they left helpers."""
    lean = graded_only(src)
    return {"delegates": with_cells(lean, {
        "make_mini_batches": "from helpers.batching import make_mini_batches",
        "minibatch_gd": "import helpers.batching as hb\n"
                        "def minibatch_gd(loss_and_grad, W0, X, y, lr, batch_size, n_epochs, rng):\n"
                        "    return hb.minibatch_gd(loss_and_grad, W0, X, y, lr, batch_size, n_epochs, rng)",
    })}


# ---- the plans ---------------------------------------------------------------------------------

# what differs from the default plan, per lesson
_OPTIONS = {
    "01_random_search": {"extra": hostile_01},
    # minibatch_gd calls make_mini_batches: never packed, but graded apart (its tests lend it a
    # correct make_mini_batches)
    "04_mini_batch": {"pack": False, "extra": delegates_04},
    "05_ewma": {"whole_reference": True},
    "11_practice": {"whole_reference": True, "min_wrongs": 5},
}


def _plan(lesson: str) -> Plan:
    module = grader_module(lesson)
    assert module is not None and module.LESSON == lesson, f"{lesson}: no grader module names it"
    return Plan(lesson, tuple(module.WRONGS), tuple(module.NBGRADER), tuple(getattr(module, "VISIBLE", ())),
                **_OPTIONS.get(lesson, {}))


PLANS: dict[str, Plan] = {lesson: _plan(lesson) for lesson in lessons()}

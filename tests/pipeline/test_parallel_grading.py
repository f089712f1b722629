"""Parallel grading (shards + one-writer merge) gives exactly the grades of sequential nbgrader.

Submissions are in the graded-only form (:func:`harness.graded_only`: what grading needs, without
the lesson's demonstrations, which would only multiply the suite's time)."""
import shutil

import nbformat
import pytest

from coursekit.grading import autograde_class, read_scores
from harness import grade_cells, graded_only, make_course, release_notebook, source_notebook, with_cells

pytestmark = pytest.mark.nbgrader
from grader.random_search import LESSON, WRONGS


def _class(src, blank):
    return {
        "ada": src,
        "bob": blank,
        "cy": with_cells(src, {WRONGS[0].exercise: WRONGS[0].code}),
    }


def _submit(root, subs):
    for student, nb in subs.items():
        (root / "submitted" / student / LESSON).mkdir(parents=True)
        nbformat.write(nb, root / "submitted" / student / LESSON / f"{LESSON}.ipynb")


def test_parallel_equals_sequential(tmp_path):
    seq = make_course(tmp_path / "seq", LESSON)
    par = tmp_path / "par" / "course"
    shutil.copytree(seq, par, symlinks=True)
    subs = _class(graded_only(source_notebook(LESSON)), release_notebook(seq, LESSON))
    _submit(seq, subs)
    _submit(par, subs)
    # the grades are compared; the feedback is checked on the parallel run only
    assert autograde_class(seq, [LESSON], workers=1, feedback=False).graded == len(subs)
    assert autograde_class(par, [LESSON], workers=2).graded == len(subs)
    s, p = read_scores(seq), read_scores(par)
    assert set(s) == set(p) == {(st, LESSON) for st in subs}, "a grade was lost or duplicated"
    assert s == p
    assert sum(s[("ada", LESSON)].values()) == 10 and sum(s[("bob", LESSON)].values()) == 0
    for st in subs:   # every student gets feedback in the main folder
        assert (par / "feedback" / st / LESSON / f"{LESSON}.html").exists()
        assert (par / "autograded" / st / LESSON / f"{LESSON}.ipynb").exists()
    assert not (par / ".grading").exists()


def test_regrading_replaces_not_duplicates(tmp_path):
    root = make_course(tmp_path, LESSON)
    subs = {"ada": graded_only(source_notebook(LESSON)), "bob": graded_only(release_notebook(root, LESSON))}
    _submit(root, subs)
    autograde_class(root, [LESSON], workers=2, feedback=False)
    first = read_scores(root)
    autograde_class(root, [LESSON], workers=2, feedback=False)
    assert read_scores(root) == first
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        assert len(gb.find_assignment(LESSON).submissions) == 2


def test_broken_and_crashing_submissions_cost_only_their_student(tmp_path):
    """A notebook file nbgrader cannot read, and a kernel killed from inside one exercise,
    while the rest of the class is graded in the same parallel run."""
    root = make_course(tmp_path, LESSON)
    src = graded_only(source_notebook(LESSON))
    subs = {
        "ada": src,
        # the kernel dies (os._exit) in random_search's cell; the notebook goes on in a new kernel
        "crash": with_cells(src, {"random_search": "import os\nos._exit(1)"}),
        # ... and here an earlier cell kills every kernel that replays it: grading must still end.
        # (The kernel cannot leave a marker for the next one: each sandbox starts empty. A replay
        # runs cells without history, so the execution count stays at 1 there.)
        "crash_on_replay": with_cells(src, {
            "svm_loss": _source_of(src, "svm_loss") + "\nimport os\n"
                        "if get_ipython().execution_count <= 1:\n    os._exit(1)",
            "random_search": "import os\nos._exit(1)"}),
    }
    _submit(root, subs)
    broken = root / "submitted" / "broken" / LESSON
    broken.mkdir(parents=True)
    (broken / f"{LESSON}.ipynb").write_text('{"cells": [ this is not json')
    run = autograde_class(root, [LESSON], workers=2)
    assert run.failed == [("broken", LESSON)]
    assert run.graded == 3
    scores = read_scores(root)
    assert sum(scores[("ada", LESSON)].values()) == 10
    crash = scores[("crash", LESSON)]
    src_ids = {ex: [g for g in crash if g.startswith(f"test_{ex}")] for ex in ("svm_loss", "random_search")}
    assert sum(crash[g] for g in src_ids["random_search"]) == 0, crash
    points = _points(src)
    assert sum(crash[g] for g in src_ids["svm_loss"]) == points["svm_loss"], \
        "exercises graded before the crash keep their points"
    assert sum(crash[g] for g in crash if g.startswith("test_random_local_search")) == points["random_local_search"], \
        "exercises after the crash are graded in a fresh kernel that replayed the earlier cells"
    graded = nbformat.read(root / "autograded" / "crash" / LESSON / f"{LESSON}.ipynb", as_version=4)
    errors = [o for c in graded.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert any(o.ename == "DeadKernelError" for o in errors)
    assert (root / "feedback" / "crash" / LESSON / f"{LESSON}.html").exists()
    replay = scores[("crash_on_replay", LESSON)]
    assert sum(v for g, v in replay.items() if g.startswith("test_svm_loss")) == points["svm_loss"], replay
    assert sum(v for g, v in replay.items() if not g.startswith("test_svm_loss")) == 0, replay
    graded = nbformat.read(root / "autograded" / "crash_on_replay" / LESSON / f"{LESSON}.ipynb", as_version=4)
    assert any("not run: the kernel died" in o.get("evalue", "") for c in graded.cells for o in c.get("outputs", []))


def _points(nb) -> dict[str, float]:
    """Points of each exercise of ``nb`` (its test cells' points), as the lesson sets them."""
    return {ex: sum(c.metadata["nbgrader"]["points"] for c in nb.cells
                    if c.metadata.get("nbgrader", {}).get("grade_id") in grade_cells(nb, ex))
            for ex in ("svm_loss", "random_search", "random_local_search")}


def _source_of(nb, grade_id):
    return next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def test_a_shard_holds_only_the_graded_assignments_and_no_links(tmp_path):
    """A shard copies ``submitted/<student>/<assignment>`` for the assignments being graded and
    nothing else: no other folder of the student's, no symlinked student or assignment folder
    (nbgrader, running as the instructor, would follow them into the gradebook or another
    student's work)."""
    from coursekit.grading import _make_shard

    root = tmp_path / "course"
    (root / "notebooks").mkdir(parents=True)
    (root / "gradebook.db").write_bytes(b"")
    secret = tmp_path / "elsewhere"
    secret.mkdir()
    (secret / "x.ipynb").write_text("{}")
    (root / "submitted" / "ada" / LESSON).mkdir(parents=True)
    (root / "submitted" / "ada" / LESSON / f"{LESSON}.ipynb").write_text("{}")
    (root / "submitted" / "ada" / "99_other").mkdir()
    (root / "submitted" / "ada" / "99_other" / "99_other.ipynb").write_text("{}")
    (root / "submitted" / "bob").mkdir()
    (root / "submitted" / "bob" / LESSON).symlink_to(secret)
    (root / "submitted" / "cy").symlink_to(root / "submitted" / "ada")
    skipped = _make_shard(root, tmp_path / "shard", ["ada", "bob", "cy"], [LESSON])
    copied = sorted(str(p.relative_to(tmp_path / "shard" / "submitted")) for p in (tmp_path / "shard" / "submitted").rglob("*"))
    assert copied == ["ada", f"ada/{LESSON}", f"ada/{LESSON}/{LESSON}.ipynb"], copied
    assert sorted(skipped) == [f"submitted/bob/{LESSON}", "submitted/cy"], skipped

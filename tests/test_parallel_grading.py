"""Parallel grading (shards + one-writer merge) gives exactly the grades of sequential nbgrader."""
import shutil

import nbformat

from coursekit.grading import autograde_class, read_scores
from harness import make_course, release_notebook, source_notebook, with_cells
from test_grading_01_random_search import LESSON, WRONGS


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
    subs = _class(source_notebook(LESSON), release_notebook(seq, LESSON))
    _submit(seq, subs)
    _submit(par, subs)
    assert autograde_class(seq, [LESSON], workers=1) == len(subs)
    assert autograde_class(par, [LESSON], workers=2) == len(subs)
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
    subs = {"ada": source_notebook(LESSON), "bob": release_notebook(root, LESSON)}
    _submit(root, subs)
    autograde_class(root, [LESSON], workers=2, feedback=False)
    first = read_scores(root)
    autograde_class(root, [LESSON], workers=2, feedback=False)
    assert read_scores(root) == first
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        assert len(gb.find_assignment(LESSON).submissions) == 2

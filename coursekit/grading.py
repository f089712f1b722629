"""Autograding a whole class on all cores without corrupting the gradebook.

nbgrader's gradebook is one SQLite file, and SQLite takes one writer at a time, so
running several ``nbgrader autograde`` processes on one course folder loses or
breaks grades. Here the class is split into *shards*:

1. each shard gets its own course folder (a link to the source notebooks, a **copy** of
   the gradebook and copies of its students' submissions -- regular files only, so that
   nbgrader, which copies as the instructor, never follows a student's symlink), and runs
   the ordinary ``nbgrader autograde`` + ``generate_feedback`` in its own process — in
   parallel;
2. one writer then **merges** the shards: every submission's grades and comments are
   copied into the main gradebook through nbgrader's own API, and the autograded
   notebooks and feedback are moved into the main course folder.

With ``workers=1`` there is one shard; ``tests/pipeline/test_parallel_grading.py`` checks that 1 and
2 workers give identical grades. ``submitted/`` itself is never written.

One broken submission never stops the class: nbgrader grades every other student
and then exits with an error naming the ones it could not process (an unreadable
notebook file, say); those are collected in :attr:`GradingRun.failed` and the run
goes on (feedback, merge). When nbgrader dies without naming anyone (killed, out of
memory) or cannot write some feedback, that shard's students are taken one at a time,
so the submission at fault costs only its own student. A kernel that dies inside a student's notebook is
handled inside the notebook (``coursekit.nbgrader_ext.SafeExecute``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .forkserver import run_module

__all__ = ["run_nbgrader", "autograde_class", "read_scores", "GradingRun"]

REPO = Path(__file__).resolve().parent.parent


_FAILED = re.compile(r"error processing assignment '([^']+)' for student '([^']+)'")


@dataclass
class GradingRun:
    """What :func:`autograde_class` did: ``graded`` (student, assignment) submissions are
    in the gradebook; ``failed`` ones nbgrader could not process (each costs only its
    own student)."""

    graded: int
    failed: list[tuple[str, str]] = field(default_factory=list)
    no_feedback: list[tuple[str, str]] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)   # symlinks etc. left out of the graded copies


GRADER_MEMORY = ("COURSE_GRADER_MEMORY", 8 * 2**30)


def _grader_memory() -> int:
    """The address-space limit of an nbgrader process: the judge in it runs the test's callbacks
    on arguments the student's code chose (shapes included), and an allocation too large must
    end as a ``MemoryError`` reported to the student, not as the machine's out-of-memory killer."""
    var, default = GRADER_MEMORY
    return int(float(os.environ.get(var, default)))


def run_nbgrader(root: Path, *args: str, env: dict | None = None,
                 check: bool = True) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` for the course folder ``root`` (config from the repository root).

    Each command is a process of its own, forked from a server that has nbgrader imported
    (:mod:`coursekit.forkserver`). Raises ``RuntimeError`` with nbgrader's last output if it
    fails and ``check`` is true.
    """
    full_env = dict(os.environ, COURSE_ROOT=str(root), PYTHONPATH=str(REPO),
                    PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    # notebooks multiply tiny matrices: BLAS threads only cost time when kernels run side by side
    full_env.setdefault("OPENBLAS_NUM_THREADS", "1")
    full_env.setdefault("OMP_NUM_THREADS", "1")
    full_env.update(env or {})
    # kernels use Unix sockets (nbgrader_config.py): keep their paths short (a socket path
    # has a ~100-character limit) and private to this process
    with tempfile.TemporaryDirectory(prefix="nbg-") as runtime:
        full_env["JUPYTER_RUNTIME_DIR"] = runtime
        proc = run_module("nbgrader", list(args), env=full_env, cwd=REPO, memory=_grader_memory())
    if check and proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed ({proc.returncode}):\n"
                           f"{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def _students(root: Path) -> list[str]:
    sub = root / "submitted"
    return sorted(p.name for p in sub.iterdir() if p.is_dir()) if sub.exists() else []


def _one_by_one(root: Path, aid: str, command: str, env: dict | None) -> list[tuple[str, str]]:
    """Run nbgrader ``command`` for each student of ``aid`` alone; return those it failed for.

    Used when a run over the whole folder died without naming a student (killed, out of
    memory, an export error nbgrader does not attribute): one submission then costs only its
    own student. Raises ``RuntimeError`` when it fails for every student (a problem of the
    course, not of a submission).
    """
    students = sorted(p.parent.parent.name for p in (root / "submitted").glob(f"*/{aid}/*.ipynb"))
    failed, last = [], None
    for sid in students:
        args = [command, aid, f"--student={sid}", "--force"] + (["--create"] if command == "autograde" else [])
        proc = run_nbgrader(root, *args, env=env, check=False)
        if proc.returncode != 0:
            failed.append((sid, aid))
            last = proc
    if students and len(failed) == len(students):
        raise RuntimeError(f"nbgrader {command} {aid} failed for every student ({last.returncode}):\n"
                           f"{last.stdout[-3000:]}\n{last.stderr[-3000:]}")
    return failed


def _grade_folder(root: Path, assignments: list[str], feedback: bool,
                  env: dict | None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Autograde (and give feedback on) ``root``; return the (student, assignment) pairs
    nbgrader could not grade, and those it could not write feedback for.

    One ``nbgrader autograde`` process grades every assignment of the folder (nbgrader globs its
    assignment argument; the shard holds only the ``assignments`` being graded), once per shard
    rather than once per lesson and shard.
    """
    present = [aid for aid in assignments if any((root / "submitted").glob(f"*/{aid}/*.ipynb"))]
    if not present:
        return [], []
    pattern = present[0] if len(present) == 1 else "*"
    failed, no_feedback = [], []
    proc = run_nbgrader(root, "autograde", pattern, "--create", "--force", env=env, check=False)
    if proc.returncode != 0:
        bad = [(sid, a) for a, sid in _FAILED.findall(proc.stdout + proc.stderr)]
        failed += bad or [f for aid in present for f in _one_by_one(root, aid, "autograde", env)]
    if feedback and any((root / "autograded").glob(f"*/{aid}") for aid in present):
        proc = run_nbgrader(root, "generate_feedback", pattern, "--force", env=env, check=False)
        if proc.returncode != 0:
            no_feedback += [f for aid in present for f in _one_by_one(root, aid, "generate_feedback", env)]
    return failed, no_feedback


def _copy_submission(src: Path, dst: Path, root: Path) -> list[str]:
    """Copy a student's submitted folder, regular files only; return what was left out.

    nbgrader copies a submission's files as the instructor, outside the sandbox, following
    symlinks: a link to the gradebook or the source notebook would be copied in as a plain
    file, visible to the student's kernel and returned in the feedback. So nbgrader only ever
    sees this copy, which holds no link and no special file; ``submitted/`` is not touched.
    """
    skipped = []
    dst.mkdir(parents=True)
    for dirpath, dirnames, filenames in os.walk(src, followlinks=False):
        here = Path(dirpath)
        for name in list(dirnames):
            if (here / name).is_symlink():
                dirnames.remove(name)
                skipped.append(str((here / name).relative_to(root)))
            else:
                (dst / (here / name).relative_to(src)).mkdir()
        for name in filenames:
            path = here / name
            if path.is_symlink() or not path.is_file():
                skipped.append(str(path.relative_to(root)))
            else:
                shutil.copy2(path, dst / path.relative_to(src), follow_symlinks=False)
    return skipped


def _make_shard(root: Path, shard_root: Path, students: list[str], assignments: list[str]) -> list[str]:
    """A course folder for ``students``: the source notebooks (linked), a copy of the gradebook
    and copies of their submissions of ``assignments`` (:func:`_copy_submission`; nothing else of a
    student's folder); returns what was left out."""
    shutil.rmtree(shard_root, ignore_errors=True)
    shard_root.mkdir(parents=True)
    os.symlink((root / "notebooks").resolve(), shard_root / "notebooks")
    shutil.copy(root / "gradebook.db", shard_root / "gradebook.db")
    (shard_root / "submitted").mkdir()
    skipped = []
    for s in students:
        if (root / "submitted" / s).is_symlink():
            skipped.append(f"submitted/{s}")
            continue
        for aid in assignments:
            src = root / "submitted" / s / aid
            if src.is_symlink():
                skipped.append(str(src.relative_to(root)))
            elif src.is_dir():
                skipped += _copy_submission(src, shard_root / "submitted" / s / aid, root)
    return skipped


def _merge(root: Path, shard_root: Path, assignments: list[str]) -> int:
    """Copy the shard's submissions (grades, comments, files) into ``root``; return how many."""
    import warnings

    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)   # nbgrader's add_submission autoflush noise
    merged = 0
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as main, \
            Gradebook(f"sqlite:///{shard_root / 'gradebook.db'}") as shard:
        for aid in assignments:
            for sub in shard.find_assignment(aid).submissions:
                sid = sub.student.id
                main.update_or_create_student(sid, first_name=sub.student.first_name,
                                              last_name=sub.student.last_name, email=sub.student.email)
                try:
                    main.remove_submission(aid, sid)
                except MissingEntry:
                    pass
                main.add_submission(aid, sid, timestamp=sub.timestamp)
                for nb in sub.notebooks:
                    target = main.find_submission_notebook(nb.name, aid, sid)
                    target.flagged = nb.flagged
                    target.late_submission_penalty = nb.late_submission_penalty
                    for g in nb.grades:
                        mg = main.find_grade(g.name, nb.name, aid, sid)
                        mg.auto_score, mg.manual_score = g.auto_score, g.manual_score
                        mg.extra_credit, mg.needs_manual_grade = g.extra_credit, g.needs_manual_grade
                    for c in nb.comments:
                        mc = main.find_comment(c.name, nb.name, aid, sid)
                        mc.auto_comment, mc.manual_comment = c.auto_comment, c.manual_comment
                main.db.commit()
                merged += 1
                for folder in ("autograded", "feedback"):
                    src = shard_root / folder / sid / aid
                    if src.exists():
                        dst = root / folder / sid / aid
                        shutil.rmtree(dst, ignore_errors=True)
                        dst.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copytree(src, dst)
    return merged


def autograde_class(root: Path, assignments: list[str], *, workers: int | None = None,
                    feedback: bool = True, env: dict | None = None) -> GradingRun:
    """Autograde (and write feedback for) every submission in ``root/submitted``.

    ``workers`` defaults to the number of CPU cores. Returns a :class:`GradingRun`:
    how many (student, assignment) submissions were graded, and which could not be.
    """
    root = Path(root)
    students = _students(root)
    workers = max(1, min(workers or os.cpu_count() or 1, len(students)))
    if not students:
        return GradingRun(0)
    shards = [students[i::workers] for i in range(workers)]
    shard_roots = [root / ".grading" / f"shard{k}" for k in range(workers)]
    removed = []
    for shard, sroot in zip(shards, shard_roots):
        removed += _make_shard(root, sroot, shard, assignments)
    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(lambda r: _grade_folder(r, assignments, feedback, env), shard_roots))
    failed = [f for fs, _ in results for f in fs]
    no_feedback = [f for _, nf in results for f in nf]
    for sroot in shard_roots:
        _merge(root, sroot, assignments)
    shutil.rmtree(root / ".grading", ignore_errors=True)
    return GradingRun(_n_autograded(root, students, assignments), sorted(failed), sorted(no_feedback),
                      sorted(removed))


def _n_autograded(root: Path, students: list[str], assignments: list[str]) -> int:
    return sum(1 for s in students for a in assignments
               if (root / "submitted" / s / a).exists() and (root / "autograded" / s / a).exists())


def read_scores(root: Path) -> dict[tuple[str, str], dict[str, float]]:
    """``{(student, assignment): {grade cell: score}}`` from ``root/gradebook.db``."""
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{Path(root) / 'gradebook.db'}") as gb:
        for assignment in gb.assignments:
            for sub in assignment.submissions:
                scores = {}
                for nb in sub.notebooks:
                    for g in nb.grades:
                        scores[g.name] = float(g.score)
                out[(sub.student.id, assignment.name)] = scores
    return out

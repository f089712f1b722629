"""Red team: hostile submissions graded together with honest students, through ``make grade``'s path.

One class for lesson 06 (``momentum_step``) -- three honest students and one student per
attack (``tests/isolation/redteam_attacks.py``) -- is graded once, by ``coursekit.pipeline.autograde``
(the parallel shards of ``coursekit.grading.autograde_class`` with 2 workers, feedback,
the merge, ``grades.csv``), with short limits so that the attacks that loop forever cost
little. The tests then check that

* every attack gained nothing: an attack on the blank release scores 0, an attack on a
  wrong implementation no more than that implementation scores honestly;
* the honest students' scores and messages are the ones the references give them
  (computed in this process, without the grader's kernel path);
* no feedback and no output of the class holds hidden test code, the reference's source,
  the gradebook or another student's code, and no attack printed a ``LEAKED``/``FOUND``/
  ``ESCAPED`` line (the attacks print one whenever they get something; what they write is
  checked on the host);
* the course tree -- the repository's ``notebooks/``, ``grader/``, ``coursekit/``,
  ``helpers/``, ``data/`` and the temporary course's sources, release and submissions --
  is byte-identical afterwards, and no file an attack would write exists;
* nothing an attack started is still running, and ``grades.csv`` stays what the grader
  exported; the kernels' private folders are gone;
* what a kernel writes to its own file descriptors does not reach the grader's output,
  and a sandbox's memory is bounded as a whole, not per process.

Needs bubblewrap (``apt-get install bubblewrap``); skipped without it.
"""

from __future__ import annotations

import glob
import hashlib
import html
import os
import re
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

import harness
import redteam_attacks as attacks
from coursekit import grading, pipeline, sandbox

LESSON = attacks.LESSON
ROOT = harness.ROOT
# short limits, so that the attacks that loop forever ignoring signals cost seconds, not minutes:
# each of their test cells waits for the call's limit plus the judge's grace, then a new kernel
LIMITS = {
    "COURSE_CALL_TIMEOUT": "2",
    "COURSE_CALL_GRACE": "1",
    "COURSE_CELL_TIMEOUT": "10",
    "COURSE_SANDBOX_WALL": "90",
    "COURSE_SANDBOX_MEMORY": str(1536 * 2**20),
    "COURSE_SANDBOX_PROCS": "48",
}
HONEST = ["honest_ref", "honest_wrong", "honest_blank"]
ATTACKS = [
    "forge_transformers", "forge_hooks_display", "forge_checks_numpy", "forge_anyeq_stack",
    "delegate_import", "delegate_source",
    "read_files", "read_symlinks",
    "write_files", "escape_remount",
    "survive_daemon",
    "bomb_resources", "bomb_memory_split",
    "timeout_function", "timeout_cell",
    "meta_fake_tests", "meta_delete_tests_lock_solution", "meta_flags",
]
TREE = ["notebooks", "grader", "coursekit", "helpers", "data", "nbgrader_config.py"]
pytestmark = pytest.mark.nbgrader


def _skip_without_sandbox():
    ok, why = sandbox.available()
    if not ok:
        pytest.skip(f"the red-team tests need the sandbox: {why}. Install bubblewrap "
                    "(Debian/Ubuntu: sudo apt-get install bubblewrap)")


def _hashes(*tops: Path) -> dict[str, str]:
    out = {}
    for top in tops:
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*"))
        for p in paths:
            if "__pycache__" in p.parts or ".ipynb_checkpoints" in p.parts:
                continue
            if p.is_symlink():
                out[str(p)] = "link:" + os.readlink(p)
            elif p.is_file():
                out[str(p)] = hashlib.sha256(p.read_bytes()).hexdigest() + f":{p.stat().st_mode:o}"
    return out


def _processes_with(mark: str) -> list[str]:
    found = []
    for cmd in glob.glob("/proc/[0-9]*/cmdline"):
        try:
            text = Path(cmd).read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
        except OSError:
            continue
        if mark in text:
            found.append(f"{cmd.split('/')[2]}: {text[:200]}")
    return found


def _files_named(mark: str, *tops: Path) -> list[str]:
    found = []
    for top in tops:
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = [d for d in dirnames if d not in (".venv", ".git", "node_modules")]
            found += [os.path.join(dirpath, f) for f in filenames + dirnames if mark in f]
    return found


def _outputs_text(nb) -> str:
    parts = []
    for cell in nb.cells:
        # a cell's stream text as the student reads it: the kernel may send one print in chunks
        # ("forked" and " 34 children ..." when its output thread flushed in between, under load)
        parts.append("".join(out.text for out in cell.get("outputs", []) if out.output_type == "stream"))
        for out in cell.get("outputs", []):
            if out.output_type == "stream":
                continue
            elif out.output_type == "error":
                parts.append(f"{out.ename}: {out.evalue}")
            else:
                parts += [v for v in out.get("data", {}).values() if isinstance(v, str)]
    return "\n".join(parts)


def _distinctive_lines(src_nb, release_nb) -> dict[str, list[str]]:
    """Lines of the reference's source and of the hidden tests that no student may see."""
    release = "\n".join(c.source for c in release_nb.cells)
    hidden = []
    for cell in src_nb.cells:
        for block in re.findall(r"### BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", cell.source, re.S):
            hidden += [ln.strip() for ln in block.splitlines()
                       if len(ln.strip()) >= 30 and ln.strip() not in release and not ln.strip().startswith("G.")]
    reference = [ln.strip() for ln in (ROOT / "grader" / "momentum.py").read_text().splitlines()
                 if ln.strip().startswith(("v[...] = beta * v", "dw = _check_arrays(w, dw, (v,)", "momentum_step(w, dw, *slots, lr, self.beta)"))]
    assert len(hidden) >= 5 and len(reference) >= 3, "the distinctive lines to look for are gone: update this test"
    return {"hidden test": hidden, "reference source": reference}


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    _skip_without_sandbox()
    saved = {k: os.environ.get(k) for k in LIMITS}
    os.environ.update(LIMITS)
    real_run = grading.run_nbgrader
    captured: list[str] = []

    def spy(root, *args, **kwargs):        # the real nbgrader run; its output kept for a test
        proc = real_run(root, *args, **kwargs)
        captured.append(proc.stdout + proc.stderr)
        return proc

    try:
        tmp = tmp_path_factory.mktemp("redteam")
        root = harness.make_course(tmp, LESSON)
        src, blank = harness.source_notebook(LESSON), harness.release_notebook(root, LESSON)
        # every submission in the graded-only form: the attacks live in the code cells, and the
        # lesson's demonstrations would only multiply the time of a 21-student class
        blank = harness.graded_only(blank)
        mark = "RT" + uuid.uuid4().hex[:12]
        secrets = {s: f"SECRET-{s}-{uuid.uuid4().hex[:10]}" for s in ("honest_ref", "honest_wrong")}
        subs = attacks.build(src, blank, repo=str(ROOT), root=str(root), mark=mark, secrets=secrets)
        assert sorted(subs) == sorted(HONEST + ATTACKS)
        for sid, sub in subs.items():
            folder = root / "submitted" / sid / LESSON
            folder.mkdir(parents=True)
            nbformat.write(sub.nb, folder / f"{LESSON}.ipynb")
            for name, target in sub.symlinks.items():
                os.symlink(target, folder / name)
        course_files = [root / d for d in ("notebooks", "release", "submitted")]
        before = _hashes(*(ROOT / t for t in TREE), *course_files)
        io_before = set(glob.glob("/tmp/cks-*"))

        grading.run_nbgrader = pipeline.run_nbgrader = spy
        t0 = time.perf_counter()
        grades_csv = pipeline.autograde(root, [LESSON], pipeline.Progress(1), workers=2)
        seconds = time.perf_counter() - t0
        exported = grades_csv.read_bytes()

        survivors = _processes_with(mark)
        for _ in range(10):                 # what is left gets a few seconds to show itself
            if survivors:
                break
            time.sleep(0.5)
            survivors = _processes_with(mark)
        after = _hashes(*(ROOT / t for t in TREE), *course_files)

        graded, feedback, feedback_files = {}, {}, {}
        for sid in subs:
            path = root / "autograded" / sid / LESSON / f"{LESSON}.ipynb"
            graded[sid] = nbformat.read(path, as_version=4) if path.exists() else None
            fb = root / "feedback" / sid / LESSON
            feedback[sid] = html.unescape((fb / f"{LESSON}.html").read_text()) if (fb / f"{LESSON}.html").exists() else ""
            feedback_files[sid] = {p.name: p.read_bytes() for p in fb.glob("*") if p.is_file()} if fb.exists() else {}

        expected = {}
        for sid in ("honest_ref", "honest_wrong"):
            code = "\n".join(c.source for c in subs[sid].nb.cells
                              if c.metadata.get("nbgrader", {}).get("solution"))
            expected[sid] = harness.grade_in_process(src, code, tmp / f"inproc-{sid}")

        yield SimpleNamespace(
            root=root, subs=subs, mark=mark, secrets=secrets, seconds=seconds,
            scores=grading.read_scores(root), csv=pipeline.read_grades(grades_csv), exported=exported,
            grades_csv=grades_csv, before=before, after=after, survivors=survivors,
            graded=graded, feedback=feedback, feedback_files=feedback_files, expected=expected,
            nbgrader_output="\n".join(captured), distinctive=_distinctive_lines(src, blank),
            io_new=set(glob.glob("/tmp/cks-*")) - io_before,
        )
    finally:
        grading.run_nbgrader = pipeline.run_nbgrader = real_run
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _total(run, sid) -> float:
    return sum(run.scores.get((sid, LESSON), {}).values())


def _errors(nb) -> dict[str, str]:
    out = {}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        for o in cell.get("outputs", []):
            if gid and o.output_type == "error":
                out[gid] = f"{o.ename}: {o.evalue}"
    return out


# ----------------------------------------------------------------------------------------
# honest students


def test_class_graded_in_reasonable_time(run):
    print(f"\nred-team class of {len(run.subs)} students graded in {run.seconds:.0f} s")
    assert run.seconds < 600


@pytest.mark.parametrize("sid", ["honest_ref", "honest_wrong"])
def test_honest_scores_and_messages_unchanged(run, sid):
    scores, maxes, errors = run.expected[sid]
    got = run.scores[(sid, LESSON)]
    assert got == scores, f"{sid}: graded {got}, the references give {scores}"
    assert _errors(run.graded[sid]) == errors, f"{sid}: the messages changed"
    for message in errors.values():
        assert message.split(": ", 1)[1] in run.feedback[sid], f"{sid}: feedback lacks {message!r}"
    if sid == "honest_ref":
        assert sum(got.values()) == 10 and not errors
        assert "Both hand-checked steps come out right." in run.feedback[sid]
    else:
        assert 0 < sum(got.values()) < 10


def test_honest_blank_scores_zero(run):
    assert _total(run, "honest_blank") == 0
    assert set(_errors(run.graded["honest_blank"])) == set(run.scores[("honest_blank", LESSON)])


def test_grades_csv_matches_gradebook(run):
    rows = {r["student_id"]: float(r["score"]) for r in run.csv if r["assignment"] == LESSON}
    for sid in HONEST:
        assert rows[sid] == _total(run, sid)
    for sid in ATTACKS:
        assert rows.get(sid, 0.0) <= (0.0 if run.subs[sid].limit == "zero" else _total(run, "honest_wrong"))


# ----------------------------------------------------------------------------------------
# each attack


@pytest.mark.parametrize("sid", ATTACKS)
def test_attack_gains_no_points(run, sid):
    # the attacks target one exercise and leave the others blank: the honest wrong student's
    # points on that exercise are the most an attack may keep
    attacked = set(harness.grade_cells(harness.source_notebook(LESSON), attacks.EXERCISE))
    wrong = sum(v for gid, v in run.expected["honest_wrong"][0].items() if gid in attacked)
    limit = {"zero": 0.0, "wrong": wrong}[run.subs[sid].limit]
    assert _total(run, sid) <= limit, f"{sid} scored {run.scores.get((sid, LESSON))} (at most {limit} allowed)"


# Holes this suite found in the first sandboxed grader, each closed since (and each seen to
# fail here before its fix): the notebook being graded copied into the kernel's folder with
# its hidden tests (coursekit/sandbox.py _copy_folder skips notebooks); symlinks in a
# submission followed by nbgrader (coursekit/grading.py scrub_submissions); the kernel's
# standard streams reaching the grader (launch() points them at /dev/null); memory bounded
# per process only (a memory cgroup per sandbox).


@pytest.mark.parametrize("sid", ATTACKS + HONEST)
def test_nothing_leaks_into_outputs_or_feedback(run, sid):
    outputs = _outputs_text(run.graded[sid]) if run.graded[sid] is not None else ""
    shown = {"outputs": outputs, "feedback": run.feedback[sid]}
    for name, data in run.feedback_files[sid].items():
        if not name.endswith(".html"):
            shown[f"feedback file {name}"] = data.decode("latin-1")
    for where, text in shown.items():
        for word in ("LEAKED", "FOUND", "ESCAPED", "BOMB"):
            assert not re.search(rf"^{word}\b", text, re.M), f"{sid}: {where} shows {word}: " + \
                next(ln for ln in text.splitlines() if ln.startswith(word))[:300]
        for what, lines in run.distinctive.items():
            for line in lines:
                assert line not in text, f"{sid}: {where} shows {what}: {line!r}"
        for owner, secret in run.secrets.items():
            if owner != sid:
                assert secret not in text, f"{sid}: {where} shows {owner}'s code"
        assert "SQLite format 3" not in text, f"{sid}: {where} shows a gradebook"


def test_course_tree_byte_identical(run):
    changed = sorted(k for k in set(run.before) | set(run.after) if run.before.get(k) != run.after.get(k))
    assert not changed, f"changed by the run: {changed[:20]}"


def test_no_file_an_attack_writes_exists(run):
    found = _files_named(run.mark, ROOT, run.root) + glob.glob(f"/tmp/*{run.mark}*")
    assert not found, f"files written by the attacks: {found}"
    marked = [str(p) for p in [*run.root.rglob("*")] if p.is_file() and not p.is_symlink()
              and p.suffix in (".csv", ".db", ".py") and run.mark.encode() in p.read_bytes()]
    assert not marked, f"files the attacks appended to: {marked}"


def test_nothing_survives_grading(run):
    assert not run.survivors, f"still running after grading: {run.survivors}"
    time.sleep(1)
    assert not _processes_with(run.mark)
    assert run.grades_csv.read_bytes() == run.exported, "grades.csv changed after the export"
    assert not (run.root / ".grading").exists()
    left = [d for d in run.io_new if os.path.isdir(d) and any(
        run.mark in p.read_text(errors="replace") for p in Path(d).rglob("*.ipynb") if p.is_file())]
    assert not left, f"kernel folders left behind: {left}"


def test_kernel_streams_do_not_reach_the_grader(run):
    """What a kernel writes to its file descriptors 1 and 2 goes nowhere the grader reads
    (else a kernel can flood the grading process's memory with gigabytes)."""
    assert f"{run.mark}-fd-flood" not in run.nbgrader_output


def test_memory_bounded_per_sandbox_not_per_process(run):
    text = _outputs_text(run.graded["bomb_memory_split"])
    held = re.search(r"MEMORY held at once by (\d+) processes: (\d+) MB; limit (\d+) MB", text)
    if held is None:     # the memory cgroup's OOM killer took the kernel itself
        assert "DeadKernelError" in text, f"the split memory bomb neither reported nor died: {text[-500:]}"
        return
    assert int(held.group(2)) <= int(held.group(3)), held.group(0)


def test_bombs_were_refused(run):
    text = _outputs_text(run.graded["bomb_resources"])
    assert "huge allocation refused" in text
    forked = re.search(r"forked (\d+) children", text)
    assert forked and int(forked.group(1)) < int(LIMITS["COURSE_SANDBOX_PROCS"]), text[-500:]
    for folder, mb in re.findall(r"wrote MB into (\S+) : (\d+)", text):
        assert int(mb) < 512, f"no disk limit in {folder}"
    assert len(re.findall(r"wrote MB into", text)) == 5, text[-800:]


def test_attack_code_is_valid_python():
    """An attack with a syntax error would be a no-op that passes every test above."""
    import ast

    src = harness.source_notebook(LESSON)
    subs = attacks.build(src, src, repo=str(ROOT), root="/course", mark="RTcheck",
                         secrets={"honest_ref": "a", "honest_wrong": "b"})
    for sid, sub in subs.items():
        for cell in sub.nb.cells:
            if cell.cell_type == "code" and not cell.metadata.get("nbgrader", {}).get("grade"):
                ast.parse(cell.source, filename=sid)


RAN = {"read_files": "read attack done", "write_files": "write attack done", "survive_daemon": "daemons started",
       "bomb_resources": "forked", "bomb_memory_split": "MEMORY held"}


@pytest.mark.parametrize("sid", sorted(RAN))
def test_attack_ran(run, sid):
    assert RAN[sid] in _outputs_text(run.graded[sid]), f"{sid} did not run to its end"

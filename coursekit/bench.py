"""``make bench``: how fast the course is, as ratios measured in one run.

Sections (each a markdown table, printed and written to ``build/bench.md``):

1. optimizer steps and ``ewma`` — the course's textbook references and the fast form of the
   "making it fast" appendix (``bench/fast_optim.py``) against the ``np.copyto`` memory
   roofline, PyTorch and pandas when installed (``bench/bench_kernels.py``);
2. gradients on the digits SVM — numerical (centered differences) vs analytic;
3. notebooks — execution time of every lesson, normally and under the autograder,
   against the 10 s grading budget;
4. the mistake report — built for a generated 200-student course (gradebook and autograded
   notebooks written directly, no kernels: ``coursekit.synthetic``);
5. grading throughput — a generated class (reference, blank and wrong submissions of
   every lesson) autograded with 1 and with 2 workers: seconds per student, and a check
   that both give identical grades.

Medians of repeats where a measurement is short. Nothing here fails for being slow.
``python -m coursekit bench --quick`` skips section 4 and shortens the rest.
"""

from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from pathlib import Path

import nbformat
import numpy as np

from . import course
from .grading import autograde_class, read_scores, run_nbgrader
from .pipeline import BUILD, NOTEBOOKS, execute_notebook, lessons



def _median(fn, repeats=5):
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def gradient_table() -> str:
    from grader.finite_differences import numerical_gradient, svm_loss_and_grad
    from grader.random_search import svm_loss
    from helpers.data import load_digits

    X, y = load_digits()
    W = 0.01 * np.random.default_rng(0).standard_normal((X.shape[1], 10))
    t_num = _median(lambda: numerical_gradient(lambda w: svm_loss(w, X, y), W), repeats=3)
    t_ana = _median(lambda: svm_loss_and_grad(W, X, y), repeats=21)
    t_loss = _median(lambda: svm_loss(W, X, y), repeats=21)
    return "\n".join([
        f"Digits SVM: X {X.shape}, W {W.shape} = {W.size} parameters.",
        "",
        "| gradient | time | loss evaluations | ratio to analytic |",
        "|---|---:|---:|---:|",
        f"| numerical (centered) | {t_num * 1e3:.1f} ms | {2 * W.size} | {t_num / t_ana:.0f}× |",
        f"| analytic (`svm_loss_and_grad`) | {t_ana * 1e3:.3f} ms | 1 (+ one matrix product) | 1× |",
        f"| one loss evaluation | {t_loss * 1e3:.3f} ms | 1 | {t_loss / t_ana:.2f}× |",
        "",
        f"A network with 10^7 parameters would need 2·10^7 loss evaluations per numerical gradient "
        f"(≈ {2e7 * t_loss / 3600:.0f} h at this loss's cost) — why gradients are computed analytically "
        "and checked numerically.",
    ])


def notebook_table(quick: bool) -> tuple[str, dict]:
    rows, times = [], {}
    for lesson in lessons():
        row = [lesson.id]
        for env in ({}, {"COURSE_AUTOGRADE": "1"}):
            if quick and not env:
                row.append(float("nan"))
                continue
            nb = nbformat.read(lesson.notebook, as_version=4)
            t0 = time.perf_counter()
            execute_notebook(nb, lesson.folder, env=env)
            row.append(time.perf_counter() - t0)
        times[lesson.id] = row[2]
        rows.append(row)
    lines = ["| lesson | full run (s) | under the autograder (s) | autograder budget |", "|---|---:|---:|---|"]
    for lid, full, quick_t in rows:
        budget = course.load().budget_seconds
        lines.append(f"| {lid} | {full:.1f} | {quick_t:.1f} | {'ok' if quick_t <= budget else 'OVER'} ({budget:.0f} s) |")
    lines.append("")
    lines.append("Times include starting a fresh kernel, as the autograder does for every notebook.")
    return "\n".join(lines), times


def _wrong_submissions(lesson_id: str, src) -> list:
    """Two wrong submissions of a lesson from its grader module's catalogue (if it has one)."""
    from grader.mistakes import Wrong  # noqa: F401 - the catalogue's type

    from .earlier import grader_module

    module = grader_module(lesson_id)
    wrongs = list(getattr(module, "WRONGS", []))
    picks = [wrongs[0], wrongs[len(wrongs) // 2]] if len(wrongs) >= 2 else wrongs
    out = []
    for w in picks:
        nb = nbformat.from_dict(src)
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == w.exercise:
                cell.source = w.code
        out.append(nb)
    return out


def grading_table() -> str:
    all_lessons = lessons()
    tmp = Path(tempfile.mkdtemp(prefix="course-bench-"))
    try:
        base = tmp / "base"
        (base).mkdir()
        import os
        os.symlink(NOTEBOOKS, base / "notebooks")
        for lesson in all_lessons:
            run_nbgrader(base, "generate_assignment", lesson.id, "--force")
        for lesson in all_lessons:
            src = nbformat.read(lesson.notebook, as_version=4)
            blank = nbformat.read(base / "release" / lesson.id / lesson.notebook.name, as_version=4)
            subs = {"s01_reference": src, "s02_blank": blank}
            for k, nb in enumerate(_wrong_submissions(lesson.id, src)):
                subs[f"s{k + 3:02d}_wrong"] = nb
            for student, nb in subs.items():
                (base / "submitted" / student / lesson.id).mkdir(parents=True)
                nbformat.write(nb, base / "submitted" / student / lesson.id / lesson.notebook.name)
        n_students = len(list((base / "submitted").iterdir()))
        n_notebooks = len(list((base / "submitted").glob("*/*/*.ipynb")))
        from .sandbox import available

        sandboxed, why = available()
        runs = [("sandbox", 1), ("sandbox", 2), ("none", 2)] if sandboxed else [("none", 1), ("none", 2)]
        results, scores = {}, {}
        for mode, workers in runs:
            root = tmp / f"{mode}-w{workers}"
            shutil.copytree(base, root, symlinks=True)
            t0 = time.perf_counter()
            autograde_class(root, [l.id for l in all_lessons], workers=workers,
                            env={"COURSE_SANDBOX": "on" if mode == "sandbox" else "off"})
            results[mode, workers] = time.perf_counter() - t0
            scores[mode, workers] = read_scores(root)
        lines = [
            f"Generated class: {n_students} students × {len(all_lessons)} lessons = {n_notebooks} submitted "
            "notebooks (reference, blank release and wrong implementations from the grader modules); "
            "autograde + feedback for all. Every test cell is decided by the judge in every run.",
            "",
            "| kernels | workers | total (s) | s per student (whole course) | s per notebook | vs. no sandbox, 2 workers |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        base_time = results["none", 2]
        for (mode, w), t in results.items():
            label = "sandboxed (bubblewrap)" if mode == "sandbox" else "not isolated"
            lines.append(f"| {label} | {w} | {t:.0f} | {t / n_students:.1f} | {t / n_notebooks:.2f} "
                         f"| {t / base_time:.2f}× |")
        lines.append("")
        keys = list(scores)
        same = all(scores[k] == scores[keys[0]] for k in keys)
        lines.append(f"Grades identical in every run (sandbox or not, 1 or 2 workers): **{'yes' if same else 'NO'}** "
                     f"({len(scores[keys[0]])} submissions in each gradebook).")
        if not sandboxed:
            lines.append(f"No sandbox on this machine ({why}): sandboxed runs not measured.")
        return "\n".join(lines)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def report_table(n_students: int = 200) -> str:
    """Seconds to build the mistake report of a generated ``n_students`` course (every lesson)."""
    from . import report as R
    from .synthetic import synthetic_class

    tmp = Path(tempfile.mkdtemp(prefix="course-report-bench-"))
    try:
        ids = [l.id for l in lessons()]
        t0 = time.perf_counter()
        _, plan = synthetic_class(tmp / "c", n_students, ids, notebooks=NOTEBOOKS, rng=np.random.default_rng(0))
        t_gen = time.perf_counter() - t0
        n_sub = sum(p.kind != "missing" for p in plan.values())
        steps: dict[str, tuple[float, float]] = {}   # step -> (wall seconds, CPU seconds of this process)
        startup = "start-up: a fresh interpreter imports nbgrader + matplotlib"

        def timed(name, fn):
            w, c = time.perf_counter(), time.process_time()
            value = fn()
            steps[name] = (time.perf_counter() - w, time.process_time() - c)
            return value

        import resource
        import subprocess
        import sys
        # what a fresh `make report` process pays before reading anything (nbgrader's package
        # imports jupyter_server; matplotlib): measured in a fresh interpreter, its CPU as a child's
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        w = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import nbgrader.api, matplotlib.figure, matplotlib.backends.backend_agg"],
                       check=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        steps[startup] = (time.perf_counter() - w, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        data = timed("read gradebook + verdicts", lambda: R.collect(tmp / "c"))
        summary = timed("count", lambda: R.summarize(data))
        timed("HTML page (matplotlib PNGs)", lambda: R.write_html(summary, tmp / "out" / "report.html"))
        timed("CSV", lambda: R.write_csv(summary, tmp / "out" / "report.csv"))
        wall = sum(w for w, _ in steps.values())
        cpu = sum(c for _, c in steps.values())
        try:
            load = f"{__import__('os').getloadavg()[0]:.1f}"
        except OSError:
            load = "unknown"
        lines = [f"A generated course: {n_students} students × {len(ids)} lessons, {n_sub} submissions "
                 f"(written in {t_gen:.0f} s; not part of the report's time). Load average when measured: {load} "
                 f"on {__import__('os').cpu_count()} cores (wall time grows with the load; CPU time is the work itself).", "",
                 "| step | wall (s) | CPU (s) |", "|---|---:|---:|"]
        lines += [f"| {k} | {w:.2f} | {c:.2f} |" for k, (w, c) in steps.items()]
        lines += [f"| **report, total** | **{wall:.1f}** | **{cpu:.1f}** |",
                  f"| report without the start-up | {wall - steps[startup][0]:.1f} | {cpu - steps[startup][1]:.1f} |", "",
                  "Reading the gradebook includes nbgrader's `alembic` subprocess (wall time, not this process's CPU)."]
        return "\n".join(lines)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    from bench import bench_kernels   # the repository root is the working folder (make bench)

    sections = []
    t0 = time.perf_counter()
    print("[1/5] optimizer steps (textbook and fast) and ewma ...", flush=True)
    sections.append(("Optimizer steps (textbook and fast) and EWMA", bench_kernels.markdown(bench_kernels.run(quick=quick))))
    print("[2/5] numerical vs analytic gradient ...", flush=True)
    sections.append(("Numerical vs analytic gradient", gradient_table()))
    print("[3/5] notebook execution times ...", flush=True)
    sections.append(("Notebooks", notebook_table(quick)[0]))
    print("[4/5] the mistake report of a generated 200-student course ...", flush=True)
    sections.append(("Mistake report", report_table()))
    if not quick:
        print("[5/5] grading throughput (a generated class, 1 and 2 workers) ...", flush=True)
        sections.append(("Grading throughput", grading_table()))
    import platform
    head = (f"# Course benchmark\n\nMachine: {platform.processor() or platform.machine()}, "
            f"{__import__('os').cpu_count()} cores, Python {platform.python_version()}, NumPy {np.__version__}. "
            f"Total bench time {time.perf_counter() - t0:.0f} s.\n")
    text = head + "\n".join(f"\n## {title}\n\n{body}\n" for title, body in sections)
    BUILD.mkdir(exist_ok=True)
    (BUILD / "bench.md").write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"written to {BUILD / 'bench.md'}")
    return 0

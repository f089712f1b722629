"""Speed of the optimizer steps (textbook and fast form) and of ``ewma`` against the memory roofline and other libraries.

For every optimizer step (SGD, momentum, RMSprop, Adam) on 650 and 10^7
parameters, float32 and float64, one run measures:

- ``np.copyto`` on the same array (the memory roofline: a step that reads ``r``
  and writes ``w`` arrays moves ``(r + w) / 2`` copies' worth of memory, e.g.
  Adam reads ``w, dw, m, v`` and writes ``w, m, v``: 3.5 copies);
- the textbook form: the course's references, what students and graders read
  (``helpers.optim.sgd_step`` and ``momentum_step``, ``rmsprop_step``, ``adam_step`` of
  ``grader.momentum``, ``grader.rmsprop``, ``grader.adam``: checks, then one NumPy
  expression per equation, one temporary per operator);
- the fast form: the same steps from ``bench/fast_optim.py``, the "making it fast"
  appendix (in place, ``out=`` ufuncs, chunks of 2**16 elements, cheap checks);
- PyTorch's optimizer, if torch is importable (fused CPU Adam when available,
  else ``foreach``), with one thread (like numpy) and with torch's default
  thread count (stated in the output).

It also times lesson 05's reference ``grader.ewma.ewma`` on 10^7 points next to a plain Python loop
(timed on 10^5 points and extrapolated linearly, as stated in the row) and
pandas' ``ewm(...).mean()`` if pandas is importable.

Times are medians of repeats (``time.perf_counter``); small arrays time a batch
of calls per repeat. Nothing here fails for being slow.

Usage (from the repo root, where ``grader`` is importable):
``python -m bench.bench_kernels [--quick]`` prints a markdown table;
``run(quick=False) -> list[dict]`` and ``markdown(rows) -> str`` are the API.
"""

from __future__ import annotations

import math
import os
import sys
import time

import numpy as np

from bench import fast_optim
from grader.adam import adam_step
from grader.ewma import ewma
from grader.momentum import momentum_step
from grader.rmsprop import rmsprop_step
from helpers.optim import sgd_step

TEXTBOOK = {"sgd": sgd_step, "momentum": momentum_step, "rmsprop": rmsprop_step, "adam": adam_step}
FAST = {"sgd": fast_optim.sgd_step, "momentum": fast_optim.momentum_step,
        "rmsprop": fast_optim.rmsprop_step, "adam": fast_optim.adam_step}

LR, BETA, BETA1, BETA2, EPS, T = 1e-3, 0.9, 0.9, 0.999, 1e-8, 10

# arrays read + written by one step (for the roofline): SGD reads w, dw and
# writes w; momentum and RMSprop read w, dw, state and write w, state; Adam
# reads w, dw, m, v and writes w, m, v.
TRAFFIC = {"sgd": 3, "momentum": 5, "rmsprop": 5, "adam": 7}


def _median_time(fn, repeats, inner=1):
    fn()  # warm-up (first-touch page faults, imports, caches)
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner)
    return float(np.median(times))


# ------------------------------------------------------------ implementations ---
def _step(impl, kind, w, g, s1, s2):
    """One in-place step of ``impl[kind]`` on ``w`` and the state ``s1`` (and ``s2``)."""
    step = impl[kind]
    if kind == "sgd":
        return lambda: step(w, g, LR)
    if kind == "momentum":
        return lambda: step(w, g, s1, LR, BETA)
    if kind == "rmsprop":
        return lambda: step(w, g, s1, LR, BETA2, EPS)
    return lambda: step(w, g, s1, s2, T, LR, BETA1, BETA2, EPS)


def _torch_step(torch, kind, w, g):
    """(label, step function) for torch's optimizer on copies of w, g; None if unavailable."""
    p = torch.from_numpy(w.copy()).requires_grad_(True)
    p.grad = torch.from_numpy(g.copy())
    if kind == "sgd":
        candidates = [("fused", dict(fused=True)), ("foreach", dict(foreach=True))]
        make = lambda kw: torch.optim.SGD([p], lr=LR, **kw)
    elif kind == "momentum":
        candidates = [("fused", dict(fused=True)), ("foreach", dict(foreach=True))]
        make = lambda kw: torch.optim.SGD([p], lr=LR * (1 - BETA), momentum=BETA, **kw)
    elif kind == "rmsprop":
        candidates = [("foreach", dict(foreach=True))]
        make = lambda kw: torch.optim.RMSprop([p], lr=LR, alpha=BETA2, eps=EPS, **kw)
    else:
        candidates = [("fused", dict(fused=True)), ("foreach", dict(foreach=True))]
        make = lambda kw: torch.optim.Adam([p], lr=LR, betas=(BETA1, BETA2), eps=EPS, **kw)
    for label, kw in candidates:
        try:
            opt = make(kw)
            opt.step()
        except (RuntimeError, TypeError, ValueError):
            continue
        return label, opt.step
    return None


# ------------------------------------------------------------------- runners ---
def _kernel_rows(quick, torch):
    rows = []
    big = 10**6 if quick else 10**7
    rng = np.random.default_rng(0)
    for n in (650, big):
        repeats = 3 if quick else (7 if n < 10**5 else 5)
        inner = 200 if n < 10**5 else 1
        for dtype in (np.float64, np.float32):
            w = rng.standard_normal(n).astype(dtype)
            g = (0.01 * rng.standard_normal(n)).astype(dtype)
            dst = np.empty_like(w)
            for kind in ("sgd", "momentum", "rmsprop", "adam"):
                # the roofline is re-measured next to each kernel, so that a
                # change of machine load during the run does not skew the ratios
                t_copy = _median_time(lambda: np.copyto(dst, w), repeats, inner)
                s1 = np.abs(rng.standard_normal(n)).astype(dtype) * 1e-4
                s2 = np.abs(rng.standard_normal(n)).astype(dtype) * 1e-4
                roof = TRAFFIC[kind] / 2 * t_copy
                # each form on its own copies (the steps update w and the state in place)
                times = {}
                for form, impl in (("textbook", TEXTBOOK), ("fast", FAST)):
                    w_, s1_, s2_ = w.copy(), s1.copy(), s2.copy()
                    times[form] = _median_time(_step(impl, kind, w_, g, s1_, s2_), repeats, inner)
                    del w_, s1_, s2_
                t_text, t_fast = times["textbook"], times["fast"]
                row = dict(
                    kernel=kind, n=n, dtype=np.dtype(dtype).name,
                    copyto_ms=t_copy * 1e3, roofline_ms=roof * 1e3,
                    textbook_ms=t_text * 1e3, textbook_x_roof=t_text / roof,
                    fast_ms=t_fast * 1e3, fast_x_roof=t_fast / roof,
                    torch_impl=None, torch1_ms=None, torch1_x_roof=None,
                    torch_ms=None, torch_x_roof=None,
                )
                if torch is not None:
                    made = _torch_step(torch, kind, w, g)
                    if made is not None:
                        label, step = made
                        n_threads = torch.get_num_threads()
                        try:  # one thread, like numpy, then torch's default
                            torch.set_num_threads(1)
                            t_torch1 = _median_time(step, repeats, inner)
                        finally:
                            torch.set_num_threads(n_threads)
                        t_torch = _median_time(step, repeats, inner)
                        row.update(
                            torch_impl=label,
                            torch1_ms=t_torch1 * 1e3, torch1_x_roof=t_torch1 / roof,
                            torch_ms=t_torch * 1e3, torch_x_roof=t_torch / roof,
                        )
                rows.append(row)
            del w, g, dst
    return rows


def _ewma_rows(quick):
    n = 10**6 if quick else 10**7
    n_loop = 10**5
    rng = np.random.default_rng(1)
    theta = rng.standard_normal(n)
    beta = 0.98
    repeats = 3
    rows = [
        dict(kernel="ewma", impl="grader.ewma (lfilter)", n=n,
             ms=_median_time(lambda: ewma(theta, beta), repeats) * 1e3, note="measured"),
        dict(kernel="ewma", impl="grader.ewma, bias_correction=True", n=n,
             ms=_median_time(lambda: ewma(theta, beta, bias_correction=True), repeats) * 1e3,
             note="measured"),
    ]
    part = theta[:n_loop].tolist()

    def loop():
        v, out = 0.0, [0.0] * n_loop
        for i, x in enumerate(part):
            v = beta * v + (1 - beta) * x
            out[i] = v
        return out

    t_loop = _median_time(loop, repeats)
    rows.append(dict(kernel="ewma", impl="Python loop", n=n, ms=t_loop * n / n_loop * 1e3,
                     note=f"timed on {n_loop:.0e} points x {n // n_loop} (extrapolated)"))
    try:
        import pandas as pd
    except ImportError:
        rows.append(dict(kernel="ewma", impl="pandas", n=n, ms=None, note="pandas not installed"))
    else:
        s = pd.Series(theta)
        t_pd = _median_time(lambda: s.ewm(alpha=1 - beta, adjust=True).mean(), repeats)
        rows.append(dict(kernel="ewma", impl=f"pandas {pd.__version__} ewm(adjust=True).mean()",
                         n=n, ms=t_pd * 1e3, note="measured"))
    return rows


def _import_torch():
    try:
        import torch
    except ImportError:
        return None
    return torch


def run(quick: bool = False) -> list[dict]:
    """Measure everything; return one dict per table row (kernels first, then ewma).

    ``quick=True`` uses 10^6 instead of 10^7 elements and fewer repeats.
    """
    torch = _import_torch()
    rows = _kernel_rows(quick, torch)
    rows += _ewma_rows(quick)
    info = dict(
        kernel="_info", numpy=np.__version__, cpus=os.cpu_count(),
        torch=None if torch is None else torch.__version__,
        torch_threads=None if torch is None else torch.get_num_threads(),
        python=sys.version.split()[0],
    )
    return rows + [info]


def _fmt(x, unit="ms"):
    if x is None:
        return "-"
    if unit == "x":
        return f"{x:.2f}x"
    return f"{x:.4g}"


def markdown(rows: list[dict]) -> str:
    """Render the rows of :func:`run` as markdown tables."""
    info = next((r for r in rows if r["kernel"] == "_info"), {})
    lines = [
        "### Optimizer steps (ms per step; `x roof` = time / (traffic / 2 x np.copyto time))",
        "",
        f"numpy {info.get('numpy')}, {info.get('cpus')} CPUs; numpy single-threaded; "
        + (f"torch {info['torch']} with {info['torch_threads']} threads." if info.get("torch") else "torch not installed.")
        + " textbook: the course's references (helpers.optim, grader); fast: bench/fast_optim.py"
        " (the \"making it fast\" appendix).",
        "",
        "| rule | params | dtype | np.copyto | roofline | textbook | x roof | fast | x roof "
        "| torch 1 thread | x roof | torch default threads | x roof |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if r["kernel"] in ("_info", "ewma"):
            continue
        impl = f" ({r['torch_impl']})" if r["torch_impl"] else ""
        lines.append(
            f"| {r['kernel']} | {r['n']:,} | {r['dtype']} | {_fmt(r['copyto_ms'])} | {_fmt(r['roofline_ms'])} "
            f"| {_fmt(r['textbook_ms'])} | {_fmt(r['textbook_x_roof'], 'x')} "
            f"| {_fmt(r['fast_ms'])} | {_fmt(r['fast_x_roof'], 'x')} "
            f"| {_fmt(r['torch1_ms'])}{impl} | {_fmt(r['torch1_x_roof'], 'x')} "
            f"| {_fmt(r['torch_ms'])}{impl} | {_fmt(r['torch_x_roof'], 'x')} |"
        )
    ew = [r for r in rows if r["kernel"] == "ewma"]
    if ew:
        lines += ["", f"### EWMA of {ew[0]['n']:,} points (beta = 0.98)", "",
                  "| implementation | ms | note |", "|---|---:|---|"]
        for r in ew:
            lines.append(f"| {r['impl']} | {_fmt(r['ms'])} | {r['note']} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    t0 = time.perf_counter()
    table = markdown(run(quick="--quick" in sys.argv[1:]))
    print(table)
    print(f"(benchmark took {time.perf_counter() - t0:.0f} s)")

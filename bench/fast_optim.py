r"""Appendix: making it fast. The course's optimizer steps, rewritten to stream memory once.

The references students and graders read (:func:`helpers.optim.sgd_step`,
``grader.momentum.momentum_step``, ``grader.rmsprop.rmsprop_step``, ``grader.adam.adam_step``)
are the textbook form: the argument checks, then the update equations as NumPy expressions,
e.g. for momentum ::

    v[...] = beta * v + (1 - beta) * dw
    w -= lr * v

This module holds the same four steps, with the same signatures, the same results (bitwise
for SGD, momentum and RMSprop; to a few units in the last place for Adam, see below) and the
same errors, written for speed on large arrays. Nothing that students or graders run imports
it: it is read as an appendix and run by ``make bench`` (``bench/bench_kernels.py``) and by
``tests/unit/test_fast_optim.py``, which checks it against the textbook form.

Why the textbook form is slow on large arrays
---------------------------------------------
A step on 10^7 float64 parameters is limited by memory traffic, not by arithmetic: the
arrays (80 MB each) are far larger than any cache, and a core does one multiply-add per
element much faster than memory delivers the 8 bytes. The fastest conceivable momentum step
reads ``w, dw, v`` and writes ``w, v`` once: 5 array passes. The *copy roofline*
``make bench`` prints is that count times half the time of ``np.copyto`` (one read plus one
write) on the same array.

Every operator of a NumPy expression is a separate pass over memory that writes its result
into a new array. ``v[...] = beta * v + (1 - beta) * dw`` makes ``beta * v`` (read ``v``, write
a temporary), ``(1 - beta) * dw`` (read ``dw``, write another), their sum (read both, write a
third) and the copy into ``v`` (read, write): 9 passes where 3 would do. Fresh
temporaries of this size also come straight from the operating system (large allocations are
``mmap``-ed and returned on ``free``), so every step pays page faults to zero 80 MB again.
Adam's nine operators make it the worst case: over 7 times the roofline, against 2 times below.

The three fixes
---------------
1. **No temporaries: ufuncs with ``out=``.** ``np.multiply(v, beta, v)`` scales ``v`` where it
   is; ``np.multiply(dw, 1 - beta, tmp)`` writes into a scratch buffer allocated once per step.
   The operations are the same, in the same order, so the results are bitwise those of the
   textbook expressions (SGD, momentum, RMSprop; Adam's moments too).
2. **Chunks that fit in cache.** ``out=`` alone still makes each of the five or nine ufunc calls
   one pass over the full arrays. :func:`_run` therefore cuts flat views of ``w``, ``dw`` and the
   state into slices of ``_CHUNK = 2**16`` elements (512 KiB of float64) and runs the whole
   kernel on one slice before moving to the next: the scratch buffers (``_CHUNK`` elements each,
   allocated once per call) and the slice just read stay in the L2 cache, so main memory sees
   each array read once and written once. The size is a measurement: smaller slices pay the
   Python cost of each ufunc call (about a microsecond) more often, larger ones spill the
   scratch buffers out of the cache. Arrays of at most ``_CHUNK`` elements, and arrays that are
   not C-contiguous (a flat view would be a copy), run in one piece with full-size scratch.
3. **Cheap checks.** The textbook checks cost little next to a pass over 80 MB, except one:
   ``np.isfinite(dw).all()`` writes a boolean temporary. :func:`_check_finite_fast` reads
   ``dw`` once with a BLAS dot product, ``dw @ dw``, whose result is non-finite iff some entry
   is (or the sum overflows, for huge finite entries: then the exact check decides). On small
   arrays the cost is Python, not memory: a step on 650 parameters takes a few microseconds,
   mostly argument checks, so :func:`_positive`, :func:`_unit` and :func:`_step_index` accept
   a plain in-range ``float`` / ``int`` with one comparison and leave everything else (and
   every error message) to the course's checks. The array checks are the course's own
   (:func:`helpers.optim._check_layout`).

Adam also folds its bias corrections into two scalars,
``m_hat / (sqrt(v_hat) + eps) = (sqrt(c2) / c1) * m / (sqrt(v) + eps * sqrt(c2))`` with
``c = 1 - beta**t``: the same number in exact arithmetic, one division and no passes for
``m_hat`` and ``v_hat``, and a result within a few units in the last place of the textbook's.

Measured
--------
``python -m bench.bench_kernels`` on the course's 2-core machine (numpy 2.4.6, one thread,
float64; ms per step, medians of three runs; the machine was shared, so compare the ratios
to the roofline measured in the same run rather than absolute times):

==========  ========  ========  =======  =========  =======
10^7        roofline  textbook  x roof   this file  x roof
==========  ========  ========  =======  =========  =======
SGD           13.6      23.6     1.7       12.9      0.9
momentum      18.2      66.2     3.6       21.2      1.2
RMSprop       18.8      97.6     5.1       38.1      2.0
Adam          25.5     208       7.6       50.7      2.0
==========  ========  ========  =======  =========  =======

The fast steps run at about the roofline for SGD and momentum and at twice it for RMSprop and
Adam, where the square root and the division cost more than the memory traffic; the textbook
ones at 1.7-7.6 times it. On 650 parameters (5 KB, all in cache) both take 6-21 microseconds,
nearly all of it argument checks, and the fast form saves 10-25 %. PyTorch's CPU optimizers,
where ``torch`` is installed, appear in the same table. (Moving these kernels out of the
references into this file changed their speed by less than the noise: alternating runs of the
old and the new code gave ratios of 0.98-1.03.)
"""

from __future__ import annotations

import math

import numpy as np

from helpers._validate import check_finite, check_int, check_positive, check_unit_interval
from helpers.optim import _check_layout

__all__ = ["sgd_step", "momentum_step", "rmsprop_step", "adam_step"]

#: Elements per slice in the chunked path (2**16: 512 KiB of float64 per array).
#: Chosen by measurement (bench/bench_kernels.py): smaller slices pay Python
#: overhead per ufunc call, larger ones spill the scratch buffers out of cache.
_CHUNK = 1 << 16


# --------------------------------------------------------------------------- #
# Checks: the course's, with fast paths for the common case.
# --------------------------------------------------------------------------- #
def _positive(name, x):
    if type(x) is float and 0.0 < x < math.inf:
        return x
    return check_positive(name, x)


def _unit(name, x):
    if type(x) is float and 0.0 <= x < 1.0:
        return x
    return check_unit_interval(name, x)


def _step_index(t):
    if type(t) is int and t >= 1:
        return t
    return check_int("t", t, minimum=1)


def _check_finite_fast(name, x):
    if x.size <= _CHUNK:
        if np.isfinite(x).all():
            return
    else:
        # A sum of squares is non-finite iff some element is (or it overflows, for
        # huge but finite entries): one read-only BLAS pass (x @ x, about twice as
        # fast as np.add.reduce) without a temporary; the exact check runs only then.
        flat = x.reshape(-1) if x.flags.c_contiguous else np.ravel(x)
        with np.errstate(over="ignore", invalid="ignore"):
            total = float(flat @ flat)
        if math.isfinite(total):
            return
    check_finite(name, x)


def _check_arrays(w, dw, states, names):
    dw = _check_layout(w, dw, states, names)
    _check_finite_fast(names[1], dw)
    return dw


# --------------------------------------------------------------------------- #
# The chunked driver and the kernels (unchecked: the public functions check first).
# A kernel takes equal-shape arrays (w, dw, states..., then scratch buffers).
# --------------------------------------------------------------------------- #
def _run(kernel, w, dw, states, n_scratch, **hyper):
    """Apply ``kernel`` to (w, dw, *states), in slices of ``_CHUNK`` when that pays off."""
    arrays = (w, *states)
    if w.size <= _CHUNK or not all(a.flags.c_contiguous for a in arrays):
        scratch = [np.empty(w.shape, dtype=w.dtype) for _ in range(n_scratch)]
        kernel(w, dw, *states, *scratch, **hyper)
        return
    flat_w, *flat_states = (a.reshape(-1) for a in arrays)  # views: all C-contiguous
    flat_dw = np.ascontiguousarray(dw).reshape(-1)
    scratch = [np.empty(_CHUNK, dtype=w.dtype) for _ in range(n_scratch)]
    size = w.size
    for start in range(0, size, _CHUNK):
        stop = min(start + _CHUNK, size)
        k = stop - start
        kernel(
            flat_w[start:stop],
            flat_dw[start:stop],
            *(s[start:stop] for s in flat_states),
            *(b[:k] for b in scratch),
            **hyper,
        )


def _sgd_kernel(w, dw, tmp, *, lr):
    np.multiply(dw, lr, tmp)  # lr * dw
    np.subtract(w, tmp, w)  # w - lr * dw


def _momentum_kernel(w, dw, v, tmp, *, lr, beta):
    np.multiply(dw, 1.0 - beta, tmp)  # (1 - beta) dw
    np.multiply(v, beta, v)  # beta v
    np.add(v, tmp, v)  # v = beta v + (1 - beta) dw
    np.multiply(v, lr, tmp)  # lr * v
    np.subtract(w, tmp, w)  # w - lr * v


def _rmsprop_kernel(w, dw, s, tmp, tmp2, *, lr, beta2, eps):
    np.multiply(dw, dw, tmp)  # dw**2
    np.multiply(tmp, 1.0 - beta2, tmp)  # (1 - beta2) dw**2
    np.multiply(s, beta2, s)  # beta2 s
    np.add(s, tmp, s)  # s = beta2 s + (1 - beta2) dw**2
    np.sqrt(s, tmp)
    np.add(tmp, eps, tmp)  # sqrt(s) + eps
    np.multiply(dw, lr, tmp2)  # lr * dw
    np.divide(tmp2, tmp, tmp2)  # lr * dw / (sqrt(s) + eps)
    np.subtract(w, tmp2, w)


def _adam_kernel(w, dw, m, v, tmp, tmp2, *, lr, beta1, beta2, eps, c1, c2):
    # m_hat / (sqrt(v_hat) + eps) = (sqrt(c2) / c1) * m / (sqrt(v) + eps * sqrt(c2))
    np.multiply(dw, 1.0 - beta1, tmp)  # (1 - beta1) dw
    np.multiply(m, beta1, m)
    np.add(m, tmp, m)  # m = beta1 m + (1 - beta1) dw
    np.multiply(dw, dw, tmp)  # dw**2
    np.multiply(tmp, 1.0 - beta2, tmp)  # (1 - beta2) dw**2
    np.multiply(v, beta2, v)
    np.add(v, tmp, v)  # v = beta2 v + (1 - beta2) dw**2
    root_c2 = math.sqrt(c2)
    np.sqrt(v, tmp)
    np.add(tmp, eps * root_c2, tmp)  # sqrt(c2) * (sqrt(v_hat) + eps)
    np.multiply(m, lr * root_c2 / c1, tmp2)  # sqrt(c2) * lr * m_hat
    np.divide(tmp2, tmp, tmp2)  # lr * m_hat / (sqrt(v_hat) + eps)
    np.subtract(w, tmp2, w)


# --------------------------------------------------------------------------- #
# The steps: the contract of the textbook references, checks first.
# --------------------------------------------------------------------------- #
def sgd_step(w, dw, lr):
    """:func:`helpers.optim.sgd_step`, chunked: same arguments, result and errors."""
    lr = _positive("lr", lr)
    dw = _check_arrays(w, dw, (), ("w", "dw"))
    _run(_sgd_kernel, w, dw, (), 1, lr=lr)
    return w


def momentum_step(w, dw, v, lr, beta=0.9):
    """``grader.momentum.momentum_step``, chunked: same arguments, result and errors."""
    lr = _positive("lr", lr)
    beta = _unit("beta", beta)
    dw = _check_arrays(w, dw, (v,), ("w", "dw", "v"))
    _run(_momentum_kernel, w, dw, (v,), 1, lr=lr, beta=beta)
    return w, v


def rmsprop_step(w, dw, s, lr, beta2=0.99, eps=1e-8):
    """``grader.rmsprop.rmsprop_step``, chunked: same arguments, result and errors."""
    lr = _positive("lr", lr)
    beta2 = _unit("beta2", beta2)
    eps = _positive("eps", eps)
    dw = _check_arrays(w, dw, (s,), ("w", "dw", "s"))
    _run(_rmsprop_kernel, w, dw, (s,), 2, lr=lr, beta2=beta2, eps=eps)
    return w, s


def adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    """``grader.adam.adam_step``, chunked, bias corrections folded: same arguments and errors,
    the same ``m`` and ``v``, ``w`` to a few units in the last place."""
    t = _step_index(t)
    lr = _positive("lr", lr)
    beta1 = _unit("beta1", beta1)
    beta2 = _unit("beta2", beta2)
    eps = _positive("eps", eps)
    dw = _check_arrays(w, dw, (m, v), ("w", "dw", "m", "v"))
    c1 = 1.0 - beta1**t  # the literal 1 - beta**t, as PyTorch and the textbook compute it
    c2 = 1.0 - beta2**t
    _run(_adam_kernel, w, dw, (m, v), 2, lr=lr, beta1=beta1, beta2=beta2, eps=eps, c1=c1, c2=c2)
    return w, m, v

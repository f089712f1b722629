"""A timer for the lessons' speed experiments: the median of repeated calls, like :mod:`timeit`."""

from __future__ import annotations

import statistics
import time

from ._validate import check_callable, check_int, check_positive

__all__ = ["time_median"]


def time_median(fn, repeats=7, min_time=0.01):
    """Median wall-clock time of one call ``fn()``, in seconds.

    Like :mod:`timeit`: one warm-up call (not timed into the result) picks the
    number of calls per measurement, ``number = 1, 2, 4, …`` doubled until one
    measurement of ``number`` calls lasts at least ``min_time`` seconds. Then
    ``repeats`` measurements are taken with :func:`time.perf_counter`, each
    divided by ``number``, and their median is returned (the median is robust
    to the odd slow run caused by other processes).

    Total cost is about ``(repeats + 2) * max(min_time, t)`` for a call taking
    ``t`` seconds; keep ``repeats`` and ``min_time`` small in notebooks.

    Parameters
    ----------
    fn : callable
        Called with no arguments; its result is discarded.
    repeats : int, >= 1
    min_time : float, >= 0
        Minimum duration of one measurement, in seconds.

    Returns
    -------
    float
        Median seconds per call.

    Raises
    ------
    TypeError, ValueError
        ``fn`` not callable, ``repeats < 1``, ``min_time < 0``.
    """
    check_callable("fn", fn)
    repeats = check_int("repeats", repeats, minimum=1)
    min_time = check_positive("min_time", min_time, allow_zero=True)
    clock = time.perf_counter

    def measure(number: int) -> float:
        start = clock()
        for _ in range(number):
            fn()
        return clock() - start

    number = 1
    elapsed = measure(number)  # warm-up and calibration
    while elapsed < min_time:
        number *= 2
        elapsed = measure(number)
    return statistics.median(measure(number) / number for _ in range(repeats))

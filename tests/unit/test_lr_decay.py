"""Tests for grader.lr_decay (lesson 09's references): the four learning-rate decay schedules (epoch counted from 1)."""

import functools

import numpy as np
import pytest

from grader.lr_decay import (
    exponential_decay,
    inverse_sqrt_decay,
    inverse_time_decay,
    staircase_decay,
)


def test_lecture_worked_example():
    # lr0 = 0.2, decay_rate = 1: 0.2/2, 0.2/3, 0.2/4, 0.2/5
    got = [inverse_time_decay(0.2, 1, e) for e in (1, 2, 3, 4)]
    np.testing.assert_allclose(got, [0.1, 0.0667, 0.05, 0.04], atol=5e-5)
    np.testing.assert_allclose(got, [0.1, 0.2 / 3, 0.05, 0.04], rtol=1e-15)


def test_inverse_time_decay_values():
    assert inverse_time_decay(1.0, 0.5, 2) == pytest.approx(0.5)  # 1 / (1 + 0.5*2)
    assert inverse_time_decay(0.3, 0.0, 7) == pytest.approx(0.3)  # no decay


def test_exponential_decay_counts_epochs_from_one():
    assert exponential_decay(0.1, 1) == pytest.approx(0.095)  # 0.95**1 * 0.1, not 0.1
    assert exponential_decay(0.1, 3, base=0.5) == pytest.approx(0.0125)
    assert exponential_decay(0.1, 10, base=1.0) == pytest.approx(0.1)


def test_inverse_sqrt_decay_values():
    assert inverse_sqrt_decay(0.2, 1) == pytest.approx(0.2)
    assert inverse_sqrt_decay(0.2, 4) == pytest.approx(0.1)  # 1/sqrt(4) * 0.2
    assert inverse_sqrt_decay(0.2, 9, k=3.0) == pytest.approx(0.2)


def test_staircase_decay_stairs():
    lrs = staircase_decay(0.1, np.arange(1, 32), drop=0.5, epochs_per_drop=10)
    np.testing.assert_allclose(lrs[:10], 0.1)  # epochs 1..10
    np.testing.assert_allclose(lrs[10:20], 0.05)  # epochs 11..20
    np.testing.assert_allclose(lrs[20:30], 0.025)
    assert lrs[30] == pytest.approx(0.0125)  # epoch 31
    assert staircase_decay(1.0, 3, drop=0.1, epochs_per_drop=2) == pytest.approx(0.1)


@pytest.mark.parametrize(
    "schedule",
    [
        functools.partial(inverse_time_decay, 0.2, 1.0),
        functools.partial(exponential_decay, 0.2),
        functools.partial(inverse_sqrt_decay, 0.2),
        functools.partial(staircase_decay, 0.2, epochs_per_drop=3),
    ],
)
def test_arrays_broadcast_like_scalars_and_decrease(schedule):
    epochs = np.arange(1, 21)
    arr = schedule(epochs)
    assert isinstance(arr, np.ndarray) and arr.shape == (20,) and arr.dtype == np.float64
    scalars = [schedule(int(e)) for e in epochs]
    assert all(isinstance(x, float) for x in scalars)
    np.testing.assert_allclose(arr, scalars, rtol=1e-15)
    assert np.all(np.diff(arr) <= 0) and arr[0] <= 0.2
    assert schedule(np.array([[1, 2], [3, 4]])).shape == (2, 2)


@pytest.mark.parametrize(
    "call, err, name",
    [
        (lambda: inverse_time_decay(0.2, 1.0, 0), ValueError, "epoch"),
        (lambda: inverse_time_decay(0.2, 1.0, np.array([0, 1, 2])), ValueError, "epoch"),
        (lambda: inverse_time_decay(0.2, 1.0, 1.5), TypeError, "epoch"),
        (lambda: inverse_time_decay(0.2, 1.0, True), TypeError, "epoch"),
        (lambda: inverse_time_decay(0.2, 1.0, np.array([1.0, 2.0])), TypeError, "epoch"),
        (lambda: inverse_time_decay(0.0, 1.0, 1), ValueError, "lr0"),
        (lambda: inverse_time_decay(-0.2, 1.0, 1), ValueError, "lr0"),
        (lambda: inverse_time_decay(0.2, -1.0, 1), ValueError, "decay_rate"),
        (lambda: inverse_time_decay("0.2", 1.0, 1), TypeError, "lr0"),
        (lambda: exponential_decay(0.2, 0), ValueError, "epoch"),
        (lambda: exponential_decay(0.2, 1, base=0.0), ValueError, "base"),
        (lambda: exponential_decay(0.2, 1, base=1.5), ValueError, "base"),
        (lambda: inverse_sqrt_decay(0.2, 0), ValueError, "epoch"),
        (lambda: inverse_sqrt_decay(0.2, 1, k=0.0), ValueError, "k"),
        (lambda: staircase_decay(0.2, 0), ValueError, "epoch"),
        (lambda: staircase_decay(0.2, 1, drop=0.0), ValueError, "drop"),
        (lambda: staircase_decay(0.2, 1, drop=2.0), ValueError, "drop"),
        (lambda: staircase_decay(0.2, 1, epochs_per_drop=0), ValueError, "epochs_per_drop"),
        (lambda: staircase_decay(0.2, 1, epochs_per_drop=2.5), TypeError, "epochs_per_drop"),
    ],
)
def test_bad_arguments(call, err, name):
    with pytest.raises(err, match=rf"\b{name}\b"):
        call()

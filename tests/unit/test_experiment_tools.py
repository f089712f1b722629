"""What the experiments need besides the algorithms: helpers.data.make_regression (synthetic data),
helpers.losses.mse_loss_and_grad and helpers.timing.time_median."""

import numpy as np
import pytest

from grader.finite_differences import numerical_gradient
from helpers.data import make_regression
from helpers.losses import mse_loss_and_grad
from helpers.timing import time_median


# ----------------------------------------------------------------- synthetic data
def test_make_regression_draws_and_shapes():
    X, y, w = make_regression(50, 3, np.random.default_rng(0), noise=0.2)
    rng = np.random.default_rng(0)
    X_ref = rng.standard_normal((50, 3))
    w_ref = rng.standard_normal(3)
    y_ref = X_ref @ w_ref + 0.2 * rng.standard_normal(50)
    np.testing.assert_array_equal(X, X_ref)
    np.testing.assert_array_equal(w, w_ref)
    np.testing.assert_allclose(y, y_ref, rtol=1e-15)
    assert X.dtype == y.dtype == np.float64


def test_make_regression_bias_and_no_noise():
    X, y, w = make_regression(40, 1, np.random.default_rng(2), noise=0.0, bias=True)
    assert X.shape == (40, 2) and w.shape == (2,)
    np.testing.assert_array_equal(X[:, 1], 1.0)
    np.testing.assert_allclose(y, X @ w)
    loss, grad = mse_loss_and_grad(w, X, y)
    assert loss == pytest.approx(0.0, abs=1e-28) and np.allclose(grad, 0.0)


def test_large_sets_are_cheap():
    X, y, _ = make_regression(200_000, 4, np.random.default_rng(0))
    assert X.shape == (200_000, 4) and y.shape == (200_000,)
    Xb, _, _ = make_regression(200_000, 4, np.random.default_rng(0), bias=True)
    assert Xb.shape == (200_000, 5)




def test_generator_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="m must be >= 1"):
        make_regression(0, 2, rng)
    with pytest.raises(ValueError, match="n must be >= 1"):
        make_regression(5, 0, rng)
    with pytest.raises(ValueError, match="noise"):
        make_regression(5, 2, rng, noise=-1.0)
    with pytest.raises(TypeError, match="rng"):
        make_regression(5, 2, 0)
    with pytest.raises(TypeError, match="bias"):
        make_regression(5, 2, rng, bias=1)


# ----------------------------------------------------------------- mse
def test_mse_hand_values():
    X = np.array([[1.0, 1.0], [2.0, 1.0]])
    y = np.array([1.0, 2.0])
    loss, grad = mse_loss_and_grad(np.zeros(2), X, y)
    assert loss == pytest.approx(1.25)  # (1 + 4) / (2 * 2)
    np.testing.assert_allclose(grad, [-2.5, -1.5])  # X^T (0 - y) / 2
    loss, grad = mse_loss_and_grad(np.array([1.0, 0.0]), X, y)
    assert loss == 0.0 and np.array_equal(grad, [0.0, 0.0])


def test_mse_gradient_matches_numerical():
    X, y, _ = make_regression(25, 3, np.random.default_rng(0), bias=True)
    W = np.random.default_rng(1).standard_normal(4)
    num = numerical_gradient(lambda V: mse_loss_and_grad(V, X, y)[0], W)
    np.testing.assert_allclose(mse_loss_and_grad(W, X, y)[1], num, rtol=1e-7, atol=1e-9)


def test_mse_broadcast_over_contour_grid_equals_loop():
    X, y, _ = make_regression(100, 1, np.random.default_rng(0), bias=True)
    wv, bv = np.meshgrid(np.linspace(-3, 3, 6), np.linspace(-2, 2, 5))
    P = np.stack([wv, bv], axis=-1)
    J, G = mse_loss_and_grad(P, X, y)
    assert J.shape == (5, 6) and G.shape == (5, 6, 2)
    for i in range(5):
        for j in range(6):
            Jij, Gij = mse_loss_and_grad(P[i, j], X, y)
            assert J[i, j] == pytest.approx(Jij, rel=1e-10)
            np.testing.assert_allclose(G[i, j], Gij, rtol=1e-10, atol=1e-12)


def test_mse_errors():
    X = np.ones((4, 2))
    y = np.ones(4)
    with pytest.raises(ValueError, match="W must have shape"):
        mse_loss_and_grad(np.ones(3), X, y)
    with pytest.raises(ValueError, match="y must have one entry"):
        mse_loss_and_grad(np.ones(2), X, np.ones(3))
    with pytest.raises(ValueError, match="X must be 2-D"):
        mse_loss_and_grad(np.ones(2), np.ones(4), y)


# ----------------------------------------------------------------- timer (no timing asserts)
def test_time_median_runs_and_counts_calls():
    calls = []
    t = time_median(lambda: calls.append(1), repeats=3, min_time=0.0)
    assert isinstance(t, float) and t >= 0.0
    assert len(calls) == 4  # one calibration call + 3 repeats of one call each
    calls.clear()
    time_median(lambda: calls.append(1), repeats=2, min_time=1e-3)
    assert len(calls) >= 3


def test_time_median_errors():
    with pytest.raises(TypeError, match="fn"):
        time_median(3)
    with pytest.raises(ValueError, match="repeats"):
        time_median(lambda: None, repeats=0)
    with pytest.raises(ValueError, match="min_time"):
        time_median(lambda: None, min_time=-1.0)

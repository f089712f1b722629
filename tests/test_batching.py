"""helpers.batching: mini-batches, mini-batch GD, synthetic data, MSE, the timer."""

import numpy as np
import pytest

from helpers.batching import (
    make_classification,
    make_mini_batches,
    make_regression,
    minibatch_gd,
    mse_loss_and_grad,
    time_median,
)
from helpers.gradcheck import numerical_gradient


def paired_data(m, n=3):
    """X[i, 0] = 10 * i and y[i] = i, so a pair can be recognised after shuffling."""
    y = np.arange(m)
    X = np.arange(m * n, dtype=float).reshape(m, n)
    X[:, 0] = 10.0 * y
    return X, y


def reference_batches(X, y, batch_size, seed):
    perm = np.random.default_rng(seed).permutation(X.shape[0])
    Xs, ys = X[perm], y[perm]
    return [(Xs[k:k + batch_size], ys[k:k + batch_size]) for k in range(0, X.shape[0], batch_size)]


# ----------------------------------------------------------------- make_mini_batches
@pytest.mark.parametrize("m, batch_size", [(10, 3), (12, 4), (7, 1), (5, 5), (5, 9), (1, 1)])
def test_equals_explicit_perm_and_slices(m, batch_size):
    X, y = paired_data(m)
    got = make_mini_batches(X, y, batch_size, np.random.default_rng(42))
    ref = reference_batches(X, y, batch_size, 42)
    assert len(got) == len(ref) == -(-m // batch_size)
    for (Xt, yt), (Xr, yr) in zip(got, ref):
        np.testing.assert_array_equal(Xt, Xr)
        np.testing.assert_array_equal(yt, yr)


def test_sizes_and_remainder():
    X, y = paired_data(10)
    sizes = [len(yt) for _, yt in make_mini_batches(X, y, 3, np.random.default_rng(0))]
    assert sizes == [3, 3, 3, 1]
    sizes = [len(yt) for _, yt in make_mini_batches(X, y, 5, np.random.default_rng(0))]
    assert sizes == [5, 5]  # no empty batch when m % batch_size == 0


def test_pairs_stay_together_and_every_example_once():
    X, y = paired_data(23)
    batches = make_mini_batches(X, y, 4, np.random.default_rng(1))
    for Xt, yt in batches:
        np.testing.assert_array_equal(Xt[:, 0], 10.0 * yt)
        np.testing.assert_array_equal(Xt[:, 1:], X[yt, 1:])
    seen = np.concatenate([yt for _, yt in batches])
    np.testing.assert_array_equal(np.sort(seen), np.arange(23))
    assert not np.array_equal(seen, np.arange(23))  # actually shuffled


def test_batch_size_at_least_m_is_one_shuffled_batch():
    X, y = paired_data(6)
    for bs in (6, 7, 1000):
        batches = make_mini_batches(X, y, bs, np.random.default_rng(5))
        assert len(batches) == 1
        perm = np.random.default_rng(5).permutation(6)
        np.testing.assert_array_equal(batches[0][1], y[perm])
        np.testing.assert_array_equal(batches[0][0], X[perm])


def test_one_permutation_call_and_data_untouched():
    X, y = paired_data(9)
    X0, y0 = X.copy(), y.copy()
    rng = np.random.default_rng(3)
    make_mini_batches(X, y, 2, rng)
    ref = np.random.default_rng(3)
    ref.permutation(9)
    assert rng.random() == ref.random()
    np.testing.assert_array_equal(X, X0)
    np.testing.assert_array_equal(y, y0)


def test_other_shapes_of_y_and_X():
    X = np.arange(8.0)  # 1-D X: one scalar feature per example
    Y = np.arange(16.0).reshape(8, 2)  # 2-D targets
    for Xt, Yt in make_mini_batches(X, Y, 3, np.random.default_rng(0)):
        np.testing.assert_array_equal(Yt[:, 0], 2 * Xt)


def test_make_mini_batches_errors():
    X, y = paired_data(5)
    rng = np.random.default_rng(0)
    for bs in (0, -1):
        with pytest.raises(ValueError, match="batch_size"):
            make_mini_batches(X, y, bs, rng)
    for bs in (2.0, "2", True):
        with pytest.raises(TypeError, match="batch_size"):
            make_mini_batches(X, y, bs, rng)
    with pytest.raises(ValueError, match="same number of rows"):
        make_mini_batches(X, y[:4], 2, rng)
    with pytest.raises(TypeError, match="rng"):
        make_mini_batches(X, y, 2, None)
    with pytest.raises(TypeError, match="rng"):
        make_mini_batches(X, y, 2, np.random.RandomState(0))
    with pytest.raises(ValueError, match="at least one example"):
        make_mini_batches(np.zeros((0, 2)), np.zeros(0), 2, rng)


# ----------------------------------------------------------------- minibatch_gd
def reference_minibatch_gd(loss_and_grad, W0, X, y, lr, batch_size, n_epochs, seed):
    rng = np.random.default_rng(seed)
    W = W0.copy()
    costs = []
    for _ in range(n_epochs):
        perm = rng.permutation(X.shape[0])
        for k in range(0, X.shape[0], batch_size):
            idx = perm[k:k + batch_size]
            J, dW = loss_and_grad(W, X[idx], y[idx])
            costs.append(J)
            W = W - lr * dW
    return W, np.array(costs)


@pytest.mark.parametrize("batch_size", [1, 4, 7, 30, 100])
def test_minibatch_gd_equals_reference(batch_size):
    X, y, _ = make_regression(30, 2, np.random.default_rng(0), bias=True)
    W0 = np.zeros(3)
    W, costs = minibatch_gd(mse_loss_and_grad, W0, X, y, 0.05, batch_size, 3, np.random.default_rng(9))
    W_ref, costs_ref = reference_minibatch_gd(mse_loss_and_grad, W0, X, y, 0.05, batch_size, 3, 9)
    assert costs.shape == (3 * -(-30 // batch_size),)
    np.testing.assert_allclose(costs, costs_ref, rtol=1e-14, atol=0)
    np.testing.assert_allclose(W, W_ref, rtol=1e-14, atol=0)
    np.testing.assert_array_equal(W0, np.zeros(3))


def test_costs_are_computed_before_each_update():
    # loss = W (a counter), dW = -1: with lr = 1 every update adds 1 to W
    calls = []

    def loss_and_grad(W, X_t, y_t):
        calls.append(W.copy())
        return float(W[0]), -np.ones_like(W)

    X, y = paired_data(10)
    W, costs = minibatch_gd(loss_and_grad, np.array([0.0]), X, y, 1.0, 4, 2, np.random.default_rng(0))
    np.testing.assert_array_equal(costs, np.arange(6.0))  # 3 batches x 2 epochs; first cost at W0
    np.testing.assert_array_equal(W, [6.0])


def test_reshuffled_every_epoch_with_pairs():
    seen = []

    def loss_and_grad(W, X_t, y_t):
        np.testing.assert_array_equal(X_t[:, 0], 10.0 * y_t)
        seen.append(y_t.copy())
        return 0.0, np.zeros_like(W)

    X, y = paired_data(8)
    minibatch_gd(loss_and_grad, np.zeros(1), X, y, 0.1, 8, 2, np.random.default_rng(0))
    assert len(seen) == 2 and not np.array_equal(seen[0], seen[1])


def test_batch_gd_cost_decreases_every_iteration():
    X, y, _ = make_regression(200, 1, np.random.default_rng(1), noise=0.5, bias=True)
    _, costs = minibatch_gd(mse_loss_and_grad, np.array([-3.0, 3.0]), X, y, 0.3, 200, 20, np.random.default_rng(0))
    assert np.all(np.diff(costs) < 0)


def test_minibatch_gd_errors():
    X, y, _ = make_regression(10, 2, np.random.default_rng(0))
    W0 = np.zeros(2)
    rng = np.random.default_rng(0)
    for lr in (0, -0.1):
        with pytest.raises(ValueError, match="lr"):
            minibatch_gd(mse_loss_and_grad, W0, X, y, lr, 2, 1, rng)
    with pytest.raises(ValueError, match="batch_size"):
        minibatch_gd(mse_loss_and_grad, W0, X, y, 0.1, 0, 1, rng)
    with pytest.raises(ValueError, match="n_epochs"):
        minibatch_gd(mse_loss_and_grad, W0, X, y, 0.1, 2, -1, rng)
    with pytest.raises(TypeError, match="rng"):
        minibatch_gd(mse_loss_and_grad, W0, X, y, 0.1, 2, 1, 0)
    with pytest.raises(TypeError, match="loss_and_grad"):
        minibatch_gd(None, W0, X, y, 0.1, 2, 1, rng)
    with pytest.raises(ValueError, match="same number of rows"):
        minibatch_gd(mse_loss_and_grad, W0, X, y[:5], 0.1, 2, 1, rng)
    with pytest.raises(TypeError, match="scalar loss"):
        minibatch_gd(lambda W, a, b: (np.ones(2), W), W0, X, y, 0.1, 2, 1, rng)
    with pytest.raises(TypeError, match="pair"):
        minibatch_gd(lambda W, a, b: 1.0, W0, X, y, 0.1, 2, 1, rng)
    with pytest.raises(ValueError, match="dW of shape"):
        minibatch_gd(lambda W, a, b: (0.0, np.ones(5)), W0, X, y, 0.1, 2, 1, rng)
    with np.errstate(over="ignore", invalid="ignore"), pytest.raises(ValueError, match="lr=1000000.0 is probably too large"):
        minibatch_gd(mse_loss_and_grad, W0, X, y, 1e6, 2, 50, rng)
    W, costs = minibatch_gd(mse_loss_and_grad, W0, X, y, 0.1, 2, 0, rng)
    assert costs.shape == (0,) and np.array_equal(W, W0)


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
    Xc, yc = make_classification(200_000, 4, 5, np.random.default_rng(0), bias=True)
    assert Xc.shape == (200_000, 5) and yc.shape == (200_000,)


def test_make_classification():
    X, y = make_classification(300, 2, 3, np.random.default_rng(4), separation=5.0)
    rng = np.random.default_rng(4)
    centers = 5.0 * rng.standard_normal((3, 2))
    y_ref = rng.integers(3, size=300)
    X_ref = centers[y_ref] + rng.standard_normal((300, 2))
    np.testing.assert_array_equal(y, y_ref)
    np.testing.assert_allclose(X, X_ref, rtol=1e-15)
    assert y.dtype == np.int64 and set(np.unique(y)) == {0, 1, 2}


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
    with pytest.raises(ValueError, match="n_classes"):
        make_classification(5, 2, 1, rng)
    with pytest.raises(ValueError, match="separation"):
        make_classification(5, 2, 2, rng, separation=-1.0)


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

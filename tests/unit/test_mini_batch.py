"""grader.mini_batch: lesson 04's references, make_mini_batches and minibatch_gd."""

import numpy as np
import pytest

from grader.mini_batch import make_mini_batches, minibatch_gd
from helpers.data import make_regression
from helpers.losses import mse_loss_and_grad


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

"""Tests for helpers.train: the shared mini-batch loop and landscape trajectories.

The loop imports no exercise: the tests pass lesson 04's shuffler and lessons 06-08's
update rules written out here (textbook NumPy), wrapped in ``helpers.optim.StepRule``.
"""

import numpy as np
import pytest

from helpers.optim import SGD, StepRule
from helpers.train import History, run_on_function, train


def make_mini_batches(X, y, batch_size, rng):
    """Lesson 04's contract: one permutation, consecutive slices."""
    perm = rng.permutation(X.shape[0])
    Xs, ys = X[perm], y[perm]
    return [(Xs[k:k + batch_size], ys[k:k + batch_size]) for k in range(0, X.shape[0], batch_size)]


def momentum_step(w, dw, v, lr, beta=0.9):
    v = beta * v + (1 - beta) * dw
    return w - lr * v, v


def rmsprop_step(w, dw, s, lr, beta2=0.99, eps=1e-8):
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / (np.sqrt(s) + eps), s


def adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
    return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v


def Momentum(lr, beta=0.9):
    return StepRule(momentum_step, ("v",), lr=lr, beta=beta)


def RMSprop(lr):
    return StepRule(rmsprop_step, ("s",), lr=lr)


def Adam(lr):
    return StepRule(adam_step, ("m", "v"), lr=lr, counts_steps=True)


def inverse_time_decay(lr0, decay_rate, epoch):
    return lr0 / (1 + decay_rate * epoch)


def sgd_step(w, dw, lr):
    return (w - lr * dw,)


B = dict(make_batches=make_mini_batches)


def make_regression(m=50, n=3, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, n))
    y = X @ np.array([1.0, -2.0, 0.5])[:n] + 0.3 + 0.01 * rng.standard_normal(m)
    return X, y


def mse_loss_and_grad(params, X, y):
    """J = mean((X W + b - y)^2) / 2 with params {'W': (n,), 'b': ()}."""
    r = X @ params["W"] + params["b"] - y
    loss = 0.5 * np.mean(r**2)
    return loss, {"W": X.T @ r / len(y), "b": np.array(np.mean(r))}


def fresh_params(n=3):
    return {"W": np.zeros(n), "b": np.array(0.0)}


def reference_minibatch_sgd(params, X, y, lr, batch_size, n_epochs, rng):
    """Lesson 04's loop, written out: one permutation per epoch, consecutive slices."""
    costs = []
    for _ in range(n_epochs):
        perm = rng.permutation(X.shape[0])
        Xs, ys = X[perm], y[perm]
        for s in range(0, X.shape[0], batch_size):
            loss, g = mse_loss_and_grad(params, Xs[s : s + batch_size], ys[s : s + batch_size])
            costs.append(loss)
            for k in params:
                params[k] = params[k] - lr * g[k]
    return params, np.array(costs)


def test_reproduces_lesson_04_minibatch_loop():
    X, y = make_regression()
    hist = train(SGD(0.1), mse_loss_and_grad, fresh_params(), X, y,
                 **B, batch_size=16, n_epochs=4, rng=np.random.default_rng(42))
    ref_params, ref_costs = reference_minibatch_sgd(fresh_params(), X, y, 0.1, 16, 4, np.random.default_rng(42))
    assert isinstance(hist, History)
    np.testing.assert_allclose(hist.costs, ref_costs, rtol=1e-14)
    for k in ref_params:
        np.testing.assert_allclose(hist.params[k], ref_params[k], rtol=1e-14)


def test_history_shapes_and_bookkeeping():
    X, y = make_regression(m=50)
    params = fresh_params()
    hist = train(Adam(0.05), mse_loss_and_grad, params, X, y,
                 **B, batch_size=16, n_epochs=3, rng=np.random.default_rng(0))
    assert hist.costs.shape == (3 * 4,)  # 50 = 16 + 16 + 16 + 2: four updates per epoch
    assert hist.n_updates == 12 and hist.state.t == 12
    assert hist.epoch_costs.shape == (3,) and hist.lrs.shape == (3,)
    np.testing.assert_array_equal(hist.lrs, 0.05)
    assert hist.params is params  # updated in place
    # the epoch cost is the example-weighted mean of that epoch's mini-batch costs
    w = np.array([16, 16, 16, 2]) / 50
    np.testing.assert_allclose(hist.epoch_costs[0], hist.costs[:4] @ w, rtol=1e-14)
    assert hist.evals is None


def test_batch_gradient_descent_when_batch_size_exceeds_m():
    X, y = make_regression(m=20)
    hist = train(SGD(0.2), mse_loss_and_grad, fresh_params(), X, y,
                 **B, batch_size=1000, n_epochs=5, rng=np.random.default_rng(0))
    assert hist.costs.shape == (5,)
    np.testing.assert_allclose(hist.epoch_costs, hist.costs, rtol=1e-14)
    # full-batch GD by hand
    p = fresh_params()
    for k in range(5):
        loss, g = mse_loss_and_grad(p, X, y)
        assert loss == pytest.approx(hist.costs[k], rel=1e-12)
        for key in p:
            p[key] = p[key] - 0.2 * g[key]


def test_schedule_sets_lr_per_epoch():
    X, y = make_regression()
    schedule = lambda epoch: inverse_time_decay(0.2, 1.0, epoch)
    hist = train(Momentum(0.5, 0.9), mse_loss_and_grad, fresh_params(), X, y,
                 **B, batch_size=10, n_epochs=4, rng=np.random.default_rng(1), schedule=schedule)
    np.testing.assert_allclose(hist.lrs, [0.1, 0.2 / 3, 0.05, 0.04], rtol=1e-15)


@pytest.mark.parametrize("opt", [SGD(0.1), Momentum(0.1), RMSprop(0.01), Adam(0.05)])
def test_every_optimizer_trains_the_same_loop(opt):
    X, y = make_regression(m=200)
    hist = train(opt, mse_loss_and_grad, fresh_params(), X, y,
                 **B, batch_size=20, n_epochs=30, rng=np.random.default_rng(2))
    assert hist.epoch_costs[-1] < 0.05 * hist.epoch_costs[0]
    np.testing.assert_allclose(hist.params["W"], [1.0, -2.0, 0.5], atol=0.1)


def test_single_array_params_eval_fn_and_determinism(capsys):
    X, y = make_regression()
    Xb = np.hstack([X, np.ones((X.shape[0], 1))])  # bias folded into X

    def lg(w, Xt, yt):
        r = Xt @ w - yt
        return 0.5 * np.mean(r**2), Xt.T @ r / len(yt)

    def full_cost(w):
        return lg(w, Xb, y)[0]

    runs = [
        train(Adam(0.05), lg, np.zeros(4), Xb, y, **B, batch_size=8, n_epochs=5,
              rng=np.random.default_rng(3), eval_fn=full_cost)
        for _ in range(2)
    ]
    np.testing.assert_array_equal(runs[0].costs, runs[1].costs)
    assert runs[0].evals.shape == (5,)
    assert runs[0].evals[-1] == pytest.approx(full_cost(runs[0].params))
    assert capsys.readouterr().out == ""  # no printing


def test_float32_params_stay_float32():
    X, y = make_regression()
    params = {"W": np.zeros(3, np.float32), "b": np.array(0.0, np.float32)}
    hist = train(Adam(0.05), mse_loss_and_grad, params, X.astype(np.float32), y.astype(np.float32),
                 **B, batch_size=10, n_epochs=2, rng=np.random.default_rng(0))
    assert hist.params["W"].dtype == np.float32 and hist.state.m["W"].dtype == np.float32


@pytest.mark.parametrize(
    "kwargs, err, name",
    [
        (dict(**B, batch_size=0), ValueError, "batch_size"),
        (dict(**B, batch_size=2.0), TypeError, "batch_size"),
        (dict(n_epochs=0), ValueError, "n_epochs"),
        (dict(rng=np.random), TypeError, "rng"),
        (dict(rng=0), TypeError, "rng"),
        (dict(schedule=lambda e: 0.0), ValueError, "schedule"),
        (dict(schedule=0.1), TypeError, "schedule"),
    ],
)
def test_bad_arguments(kwargs, err, name):
    X, y = make_regression()
    args = dict(**B, batch_size=10, n_epochs=2, rng=np.random.default_rng(0))
    args.update(kwargs)
    with pytest.raises(err, match=name):
        train(SGD(0.1), mse_loss_and_grad, fresh_params(), X, y, **args)


def test_bad_data_and_optimizer():
    X, y = make_regression()
    kw = dict(**B, batch_size=10, n_epochs=1, rng=np.random.default_rng(0))
    with pytest.raises(ValueError, match="X"):
        train(SGD(0.1), mse_loss_and_grad, fresh_params(), X[:, 0], y, **kw)
    with pytest.raises(ValueError, match="y"):
        train(SGD(0.1), mse_loss_and_grad, fresh_params(), X, y[:-1], **kw)
    with pytest.raises(TypeError, match="optimizer"):
        train(sgd_step, mse_loss_and_grad, fresh_params(), X, y, **kw)


def test_divergence_is_reported_not_silent():
    X, y = make_regression()
    with np.errstate(over="ignore", invalid="ignore"), pytest.raises(ValueError, match="diverged|non-finite"):
        train(SGD(1e6), mse_loss_and_grad, fresh_params(), X * 100, y, **B, batch_size=50, n_epochs=50,
              rng=np.random.default_rng(0))

    def nan_grads(params, X, y):
        loss, g = mse_loss_and_grad(params, X, y)
        g["b"] = np.array(np.nan)
        return loss, g

    with pytest.raises(ValueError, match=r"update 1 \(epoch 1.*grads\['b'\]"):
        train(SGD(0.1), nan_grads, fresh_params(), X, y, **B, batch_size=10, n_epochs=1,
              rng=np.random.default_rng(0))


# --------------------------------------------------------- run_on_function ---
def test_run_on_function_shape_start_and_closed_form():
    x0 = np.array([2.0, -4.0])
    traj = run_on_function(SGD(0.1), lambda x: x, x0, 10)  # f = |x|^2 / 2: x_k = 0.9^k x0
    assert traj.shape == (11, 2)
    np.testing.assert_array_equal(traj[0], x0)
    np.testing.assert_allclose(traj, 0.9 ** np.arange(11)[:, None] * x0, rtol=1e-14)
    np.testing.assert_array_equal(x0, [2.0, -4.0])  # not modified
    assert run_on_function(Adam(0.1), lambda x: x, [1.0, 1.0], 0).shape == (1, 2)
    assert run_on_function(Momentum(0.1), lambda x: 2 * x, np.ones((2, 2)), 3).shape == (4, 2, 2)


def test_run_on_function_schedule_and_errors():
    traj = run_on_function(SGD(1.0), lambda x: np.ones(1), np.zeros(1), 3, schedule=lambda k: 0.1 * k)
    np.testing.assert_allclose(traj[:, 0], [0.0, -0.1, -0.3, -0.6])
    with np.errstate(over="ignore", invalid="ignore"), pytest.raises(ValueError, match="diverged"):
        run_on_function(SGD(10.0), lambda x: x**3, np.array([3.0]), 50)
    with pytest.raises(ValueError, match="shape"):
        run_on_function(SGD(0.1), lambda x: np.ones(3), np.zeros(2), 2)
    with pytest.raises(ValueError, match="n_steps"):
        run_on_function(SGD(0.1), lambda x: x, np.zeros(2), -1)
    with pytest.raises(TypeError, match="grad_fn"):
        run_on_function(SGD(0.1), None, np.zeros(2), 1)


def test_make_batches_is_required_and_checked():
    X, y = make_regression()
    kw = dict(batch_size=10, n_epochs=1, rng=np.random.default_rng(0))
    with pytest.raises(TypeError, match="make_batches"):
        train(SGD(0.1), mse_loss_and_grad, fresh_params(), X, y, **kw)
    with pytest.raises(TypeError, match="make_batches"):
        train(SGD(0.1), mse_loss_and_grad, fresh_params(), X, y, make_batches=None, **kw)
    drop_last = lambda X, y, b, rng: make_mini_batches(X, y, b, rng)[:-1]
    with pytest.raises(ValueError, match="make_batches gave 40 examples in epoch 1, expected all m = 50"):
        train(SGD(0.1), mse_loss_and_grad, fresh_params(), X, y, make_batches=drop_last, **kw)


def test_make_batches_called_once_per_epoch_with_the_loop_arguments():
    X, y = make_regression(m=30)
    calls = []

    def spy(Xa, ya, b, rng):
        calls.append((Xa.shape, ya.shape, b, rng))
        return make_mini_batches(Xa, ya, b, rng)

    g = np.random.default_rng(5)
    hist = train(SGD(0.1), mse_loss_and_grad, fresh_params(), X, y, make_batches=spy, batch_size=7,
                 n_epochs=3, rng=g)
    assert calls == [((30, 3), (30,), 7, g)] * 3
    assert hist.n_updates == 3 * 5


def test_sgd_train_equals_lesson_04_reference_minibatch_gd():
    from grader.mini_batch import make_mini_batches as ref_batches, minibatch_gd

    X, y = make_regression(m=37)
    Xb = np.hstack([X, np.ones((37, 1))])

    def lg(w, Xt, yt):
        r = Xt @ w - yt
        return 0.5 * np.mean(r**2), Xt.T @ r / len(yt)

    W_ref, costs_ref = minibatch_gd(lg, np.zeros(4), Xb, y, 0.1, 8, 3, np.random.default_rng(9))
    hist = train(SGD(0.1), lg, np.zeros(4), Xb, y, make_batches=ref_batches, batch_size=8, n_epochs=3,
                 rng=np.random.default_rng(9))
    np.testing.assert_allclose(hist.costs, costs_ref, rtol=1e-14)
    np.testing.assert_allclose(hist.params, W_ref, rtol=1e-14)

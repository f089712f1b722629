"""Tests for the optimizer steps and objects: the framework and SGD of helpers.optim, StepRule,
and the momentum / RMSprop / Adam references of lessons 06-08 (grader.momentum, grader.rmsprop,
grader.adam), all in textbook form. The chunked fast form (bench/fast_optim.py) is tested
against them in test_fast_optim.py."""

import math

import numpy as np
import pytest

from grader.adam import Adam, adam_step
from grader.momentum import Momentum, momentum_step
from grader.rmsprop import RMSprop, rmsprop_step
from helpers import optim
from helpers.optim import SGD, OptState, sgd_step


# ---------------------------------------------------------------- textbook ---
def textbook_momentum(w, dw, v, lr, beta):
    v = beta * v + (1 - beta) * dw
    return w - lr * v, v


def textbook_rmsprop(w, dw, s, lr, beta2, eps):
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / (np.sqrt(s) + eps), s


def textbook_adam(w, dw, m, v, t, lr, beta1, beta2, eps):
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
    m_hat = m / (1 - beta1**t)
    v_hat = v / (1 - beta2**t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


# -------------------------------------------------------- hand-computed ---
def test_momentum_two_steps_by_hand():
    w = np.array([1.0, 2.0])
    v = np.zeros(2)
    # step 1: v = 0.9*0 + 0.1*[0.5, -1] = [0.05, -0.1]; w = w - 0.1*v = [0.995, 2.01]
    momentum_step(w, np.array([0.5, -1.0]), v, lr=0.1, beta=0.9)
    np.testing.assert_allclose(v, [0.05, -0.1], rtol=1e-14)
    np.testing.assert_allclose(w, [0.995, 2.01], rtol=1e-14)
    # step 2: v = 0.9*[0.05, -0.1] + 0.1*[1, 1] = [0.145, 0.01]; w = [0.995 - 0.0145, 2.01 - 0.001]
    momentum_step(w, np.array([1.0, 1.0]), v, lr=0.1, beta=0.9)
    np.testing.assert_allclose(v, [0.145, 0.01], rtol=1e-14)
    np.testing.assert_allclose(w, [0.9805, 2.009], rtol=1e-14)


def test_rmsprop_two_steps_by_hand():
    w, s = np.array([1.0]), np.zeros(1)
    # step 1: s = 0.01 * 2**2 = 0.04; w = 1 - 0.01 * 2 / (0.2 + 1e-8)
    rmsprop_step(w, np.array([2.0]), s, lr=0.01, beta2=0.99, eps=1e-8)
    assert s[0] == pytest.approx(0.04, rel=1e-14)
    w1 = 1 - 0.01 * 2 / (0.2 + 1e-8)
    assert w[0] == pytest.approx(w1, rel=1e-14)
    # step 2: s = 0.99*0.04 + 0.01*1 = 0.0496; w = w1 - 0.01 * 1 / (sqrt(0.0496) + 1e-8)
    rmsprop_step(w, np.array([1.0]), s, lr=0.01, beta2=0.99, eps=1e-8)
    assert s[0] == pytest.approx(0.0496, rel=1e-14)
    assert w[0] == pytest.approx(w1 - 0.01 / (math.sqrt(0.0496) + 1e-8), rel=1e-14)


def test_rmsprop_eps_is_outside_the_square_root():
    w, s = np.array([0.0]), np.zeros(1)
    rmsprop_step(w, np.array([1e-6]), s, lr=1.0, beta2=0.0, eps=1e-4)
    # outside: 1e-6 / (1e-6 + 1e-4) ~ 0.0099; inside would be 1e-6 / sqrt(1e-12 + 1e-4) ~ 1e-4
    assert w[0] == pytest.approx(-1e-6 / (1e-6 + 1e-4), rel=1e-12)


def test_adam_two_steps_by_hand():
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    w = np.array([1.0, -1.0, 0.5])
    m, v = np.zeros(3), np.zeros(3)
    dw1 = np.array([3.0, -0.5, 0.0])
    adam_step(w, dw1, m, v, 1, lr)
    # t = 1: m = 0.1 dw, v = 0.001 dw^2, m_hat = dw, v_hat = dw^2 -> step = lr * dw / (|dw| + eps)
    np.testing.assert_allclose(m, [0.3, -0.05, 0.0], rtol=1e-14)
    np.testing.assert_allclose(v, [0.009, 0.00025, 0.0], rtol=1e-13)
    w1 = np.array([1 - lr * 3 / (3 + eps), -1 + lr * 0.5 / (0.5 + eps), 0.5])
    np.testing.assert_allclose(w, w1, rtol=1e-14)
    # t = 2 with dw = [1, 1, 1]
    adam_step(w, np.ones(3), m, v, 2, lr)
    m2 = np.array([0.9 * 0.3 + 0.1, 0.9 * -0.05 + 0.1, 0.1])
    v2 = np.array([0.999 * 0.009 + 0.001, 0.999 * 0.00025 + 0.001, 0.001])
    np.testing.assert_allclose(m, m2, rtol=1e-14)  # stored UNcorrected
    np.testing.assert_allclose(v, v2, rtol=1e-14)
    m_hat, v_hat = m2 / (1 - b1**2), v2 / (1 - b2**2)
    np.testing.assert_allclose(w, w1 - lr * m_hat / (np.sqrt(v_hat) + eps), rtol=1e-14)


def test_adam_first_step_is_lr_times_sign():
    w = np.zeros(4)
    adam_step(w, np.array([5.0, -0.001, 123.0, -7.0]), np.zeros(4), np.zeros(4), 1, 0.01)
    np.testing.assert_allclose(w, [-0.01, 0.01, -0.01, 0.01], rtol=1e-5)


def test_sgd_step_by_hand():
    w = np.array([1.0, -2.0])
    assert sgd_step(w, np.array([10.0, -10.0]), 0.01) is w
    np.testing.assert_allclose(w, [0.9, -1.9], rtol=1e-15)


# ------------------------------------------------------ in-place contract ---
def test_steps_update_in_place_and_return_the_same_objects():
    rng = np.random.default_rng(0)
    w, dw = rng.standard_normal(5), rng.standard_normal(5)
    dw_before = dw.copy()
    v = np.zeros(5)
    res = momentum_step(w, dw, v, 0.1)
    assert res[0] is w and res[1] is v
    s = np.zeros(5)
    res = rmsprop_step(w, dw, s, 0.1)
    assert res[0] is w and res[1] is s
    m, v2 = np.zeros(5), np.zeros(5)
    res = adam_step(w, dw, m, v2, 1, 0.1)
    assert res[0] is w and res[1] is m and res[2] is v2
    np.testing.assert_array_equal(dw, dw_before)  # the gradient is never modified


# --------------------------------------------------- textbook agreement ---
SHAPES = [(1,), (650,), (3, 4, 5), (100_000,)]


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_steps_are_bitwise_the_textbook_formulas(shape, dtype):
    rng = np.random.default_rng(1)
    w0 = rng.standard_normal(shape).astype(dtype)
    grads = [rng.standard_normal(shape).astype(dtype) for _ in range(3)]

    w, v = w0.copy(), np.zeros_like(w0)
    W, V = w0.copy(), np.zeros_like(w0)
    for g in grads:
        momentum_step(w, g, v, 0.05, 0.8)
        W, V = textbook_momentum(W, g, V, 0.05, 0.8)
    np.testing.assert_array_equal(v, V)
    np.testing.assert_array_equal(w, W)

    w, s = w0.copy(), np.zeros_like(w0)
    W, S = w0.copy(), np.zeros_like(w0)
    for g in grads:
        rmsprop_step(w, g, s, 0.01, 0.9, 1e-8)
        W, S = textbook_rmsprop(W, g, S, 0.01, 0.9, 1e-8)
    np.testing.assert_array_equal(s, S)
    np.testing.assert_array_equal(w, W)

    w, m, v = w0.copy(), np.zeros_like(w0), np.zeros_like(w0)
    W, M, V = w0.copy(), np.zeros_like(w0), np.zeros_like(w0)
    for t, g in enumerate(grads, start=1):
        adam_step(w, g, m, v, t, 0.01)
        W, M, V = textbook_adam(W, g, M, V, t, 0.01, 0.9, 0.999, 1e-8)
    np.testing.assert_array_equal(m, M)  # stored uncorrected, bitwise the textbook's
    np.testing.assert_array_equal(v, V)
    np.testing.assert_array_equal(w, W)
    for arr in (w, m, v):
        assert arr.dtype == dtype  # float32 stays float32


def test_non_contiguous_arrays_are_updated_in_place():
    rng = np.random.default_rng(2)
    base = rng.standard_normal((50, 200))
    before = base.copy()
    w = base[:, ::2]  # a strided view
    assert not w.flags.c_contiguous
    w0 = w.copy()
    g = rng.standard_normal(w.shape)
    m, v = np.zeros(w.shape), np.zeros(w.shape)
    adam_step(w, g, m, v, 1, 0.01)
    W, _, _ = textbook_adam(w0, g, np.zeros(w.shape), np.zeros(w.shape), 1, 0.01, 0.9, 0.999, 1e-8)
    np.testing.assert_array_equal(base[:, ::2], W)
    np.testing.assert_array_equal(base[:, 1::2], before[:, 1::2])  # untouched columns
    # a non-contiguous gradient works too
    w2 = np.zeros(100)
    sgd_step(w2, np.arange(200.0)[::2], 0.5)
    np.testing.assert_array_equal(w2, -0.5 * np.arange(200.0)[::2])


# --------------------------------------------------------------- errors ---
def _adam_args():
    return dict(w=np.zeros(3), dw=np.ones(3), m=np.zeros(3), v=np.zeros(3), t=1, lr=0.1)


@pytest.mark.parametrize(
    "change, err, name",
    [
        (dict(lr=0.0), ValueError, "lr"),
        (dict(lr=-0.1), ValueError, "lr"),
        (dict(lr=float("nan")), ValueError, "lr"),
        (dict(lr="0.1"), TypeError, "lr"),
        (dict(t=0), ValueError, "t"),
        (dict(t=-3), ValueError, "t"),
        (dict(t=1.0), TypeError, "t"),
        (dict(beta1=1.0), ValueError, "beta1"),
        (dict(beta1=-0.1), ValueError, "beta1"),
        (dict(beta2=1.0), ValueError, "beta2"),
        (dict(eps=0.0), ValueError, "eps"),
        (dict(eps=-1e-8), ValueError, "eps"),
        (dict(dw=np.ones(4)), ValueError, "dw"),
        (dict(dw=np.array([1.0, np.nan, 0.0])), ValueError, "dw"),
        (dict(dw=np.array([1.0, np.inf, 0.0])), ValueError, "dw"),
        (dict(m=np.zeros(4)), ValueError, "m"),
        (dict(v=np.zeros((3, 1))), ValueError, "v"),
        (dict(m=np.zeros(3, dtype=np.float32)), TypeError, "m"),
        (dict(v=[0.0, 0.0, 0.0]), TypeError, "v"),
        (dict(w=[0.0, 0.0, 0.0]), TypeError, "w"),
        (dict(w=np.zeros(3, dtype=int)), TypeError, "w"),
    ],
)
def test_adam_bad_arguments(change, err, name):
    args = _adam_args()
    args.update(change)
    w_before = np.array(args["w"], copy=True)
    with pytest.raises(err, match=rf"\b{name}\b"):
        adam_step(**args)
    if isinstance(args["w"], np.ndarray):
        np.testing.assert_array_equal(args["w"], w_before)  # nothing was half-updated


def test_shared_state_arrays_are_rejected():
    w = np.zeros(3)
    m = v = np.zeros(3)  # the classic aliasing bug
    with pytest.raises(ValueError, match="share memory"):
        adam_step(w, np.ones(3), m, v, 1, 0.1)
    with pytest.raises(ValueError, match="dw"):
        momentum_step(w, w, np.zeros(3), 0.1)


def test_read_only_parameters_rejected():
    w = np.zeros(3)
    w.flags.writeable = False
    with pytest.raises(ValueError, match="w"):
        sgd_step(w, np.ones(3), 0.1)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_non_finite_gradient_leaves_everything_untouched(bad):
    n = 1000
    w, g = np.ones(n), np.ones(n)
    g[-1] = bad
    m, v = np.zeros(n), np.zeros(n)
    with pytest.raises(ValueError, match="dw holds 1 non-finite"):
        adam_step(w, g, m, v, 1, 0.1)
    assert np.all(w == 1) and not m.any() and not v.any()
    # a huge but finite gradient is fine
    g = np.full(n, 1e308)
    momentum_step(w, g, np.zeros(n), 1e-310)
    assert np.all(np.isfinite(w))


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: momentum_step(np.zeros(2), np.ones(2), np.zeros(2), 0.1, beta=1.0), "beta"),
        (lambda: momentum_step(np.zeros(2), np.ones(2), np.zeros(2), 0.0), "lr"),
        (lambda: momentum_step(np.zeros(2), np.ones(2), np.zeros(3), 0.1), "v"),
        (lambda: rmsprop_step(np.zeros(2), np.ones(2), np.zeros(2), 0.1, beta2=1.0), "beta2"),
        (lambda: rmsprop_step(np.zeros(2), np.ones(2), np.zeros(2), 0.1, eps=0.0), "eps"),
        (lambda: rmsprop_step(np.zeros(2), np.ones(2), np.zeros(3), 0.1), "s"),
        (lambda: rmsprop_step(np.zeros(2), np.array([np.inf, 0]), np.zeros(2), 0.1), "dw"),
        (lambda: sgd_step(np.zeros(2), np.ones(2), -1.0), "lr"),
    ],
)
def test_momentum_rmsprop_sgd_bad_arguments(call, name):
    with pytest.raises(ValueError, match=rf"\b{name}\b"):
        call()


# ------------------------------------------------------ optimizer objects ---
def test_init_gives_zero_state_shaped_like_params():
    params = {"W": np.ones((3, 2)), "b": np.ones(2, dtype=np.float32)}
    st = Adam().init(params)
    assert isinstance(st, OptState) and st.t == 0
    assert st.m["W"].shape == (3, 2) and st.v["b"].dtype == np.float32
    assert not st.m["W"].any() and st.s is None
    assert Momentum().init(np.ones(4)).v.shape == (4,)
    assert RMSprop().init(np.ones(4)).s.shape == (4,)
    assert SGD().init(np.ones(4)).t == 0


@pytest.mark.parametrize(
    "opt, step",
    [
        (SGD(0.1), lambda w, g, st, t: sgd_step(w, g, 0.1)),
        (Momentum(0.1, beta=0.8), lambda w, g, st, t: momentum_step(w, g, st["v"], 0.1, 0.8)),
        (RMSprop(0.01, beta2=0.9, eps=1e-6), lambda w, g, st, t: rmsprop_step(w, g, st["s"], 0.01, 0.9, 1e-6)),
        (Adam(0.01, 0.8, 0.99, 1e-7), lambda w, g, st, t: adam_step(w, g, st["m"], st["v"], t, 0.01, 0.8, 0.99, 1e-7)),
    ],
)
def test_objects_equal_the_step_functions(opt, step):
    rng = np.random.default_rng(3)
    params = {"W": rng.standard_normal((4, 3)), "b": rng.standard_normal(3)}
    ref = {k: p.copy() for k, p in params.items()}
    ref_state = {k: {"v": np.zeros_like(p), "s": np.zeros_like(p), "m": np.zeros_like(p)} for k, p in ref.items()}
    state = opt.init(params)
    for t in range(1, 5):
        grads = {k: rng.standard_normal(p.shape) for k, p in params.items()}
        out_params, out_state = opt.update(params, grads, state)
        assert out_params is params and out_state is state and state.t == t
        for k in ref:
            step(ref[k], grads[k], ref_state[k], t)
            np.testing.assert_array_equal(params[k], ref[k])


def test_update_lr_override_and_single_array():
    w = np.array([1.0])
    opt = SGD(lr=0.1)
    st = opt.init(w)
    opt.update(w, np.array([1.0]), st, lr=0.5)
    assert w[0] == pytest.approx(0.5)
    opt.update(w, np.array([1.0]), st)
    assert w[0] == pytest.approx(0.4)
    assert st.t == 2


def test_optimizer_object_errors():
    with pytest.raises(ValueError, match="lr"):
        Adam(lr=0)
    with pytest.raises(ValueError, match="beta1"):
        Adam(beta1=1.0)
    with pytest.raises(ValueError, match="beta"):
        Momentum(beta=-0.5)
    with pytest.raises(ValueError, match="eps"):
        RMSprop(eps=0)
    params = {"W": np.zeros(2), "b": np.zeros(1)}
    opt = Adam()
    st = opt.init(params)
    with pytest.raises(ValueError, match="grads"):
        opt.update(params, {"W": np.zeros(2)}, st)
    with pytest.raises(ValueError, match=r"grads\['b'\]"):
        opt.update(params, {"W": np.zeros(2), "b": np.array([np.nan])}, st)
    with pytest.raises(ValueError, match="lr"):
        opt.update(params, {"W": np.zeros(2), "b": np.zeros(1)}, st, lr=-1.0)
    with pytest.raises(ValueError, match="state.m"):
        opt.update(params, {"W": np.zeros(2), "b": np.zeros(1)}, Momentum().init(params))
    with pytest.raises(TypeError, match="state"):
        opt.update(params, {"W": np.zeros(2), "b": np.zeros(1)}, {"t": 0})
    with pytest.raises(TypeError, match="params"):
        opt.init([np.zeros(2)])
    with pytest.raises(TypeError, match="params"):
        opt.init(np.zeros(2, dtype=int))
    assert st.t == 0  # failed updates do not count


# ------------------------------------------------------------ convergence ---
def _quadratic():
    # elongated bowl f(w) = 0.5 * (w - c)^T A (w - c), condition number 50
    A = np.diag([1.0, 50.0])
    c = np.array([1.0, -2.0])
    return (lambda w: A @ (w - c)), c


@pytest.mark.parametrize(
    "opt",
    [SGD(0.03), Momentum(0.03, 0.9), RMSprop(0.01, 0.99), Adam(0.05)],
    ids=["sgd", "momentum", "rmsprop", "adam"],
)
def test_converges_on_elongated_quadratic(opt):
    from helpers.train import run_on_function

    grad, c = _quadratic()
    traj = run_on_function(opt, grad, np.array([-3.0, 3.0]), 3000)
    np.testing.assert_allclose(traj[-1], c, atol=2e-2)
    assert np.linalg.norm(traj[-1] - c) < 1e-2 * np.linalg.norm(traj[0] - c)


def _rosenbrock_grad(x):
    a, b = x
    return np.array([-2 * (1 - a) - 400 * a * (b - a**2), 200 * (b - a**2)])


@pytest.mark.parametrize(
    "opt, n_steps",
    [(Momentum(5e-3, 0.9), 4000), (Adam(0.02), 4000)],
    ids=["momentum", "adam"],
)
def test_converges_on_rosenbrock(opt, n_steps):
    from helpers.train import run_on_function

    traj = run_on_function(opt, _rosenbrock_grad, np.array([-1.5, 2.0]), n_steps)
    np.testing.assert_allclose(traj[-1], [1.0, 1.0], atol=1e-2)


# ---------------------------------------------------------------- PyTorch ---
def _torch_trajectory(torch, make_opt, w0, grad, n_steps):
    p = torch.tensor(w0.copy(), dtype=torch.float64, requires_grad=True)
    opt = make_opt([p])
    out = []
    for _ in range(n_steps):
        with torch.no_grad():
            p.grad = torch.from_numpy(grad(p.detach().numpy().copy()))
        opt.step()
        out.append(p.detach().numpy().copy())
    return np.array(out)


def _our_trajectory(opt, w0, grad, n_steps):
    from helpers.train import run_on_function

    return run_on_function(opt, grad, w0, n_steps)[1:]


def _torch_problem():
    rng = np.random.default_rng(7)
    Q = rng.standard_normal((6, 6))
    A = Q @ Q.T + np.eye(6)
    b = rng.standard_normal(6)
    return (lambda w: A @ w - b), rng.standard_normal(6)


def test_adam_matches_torch():
    torch = pytest.importorskip("torch")
    grad, w0 = _torch_problem()
    ours = _our_trajectory(Adam(0.05, 0.9, 0.999, 1e-8), w0, grad, 200)
    theirs = _torch_trajectory(
        torch, lambda p: torch.optim.Adam(p, lr=0.05, betas=(0.9, 0.999), eps=1e-8, foreach=False), w0, grad, 200
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_rmsprop_matches_torch_with_alpha_equal_beta2():
    torch = pytest.importorskip("torch")
    grad, w0 = _torch_problem()
    ours = _our_trajectory(RMSprop(0.01, beta2=0.99, eps=1e-8), w0, grad, 200)
    theirs = _torch_trajectory(
        torch, lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.99, eps=1e-8, foreach=False), w0, grad, 200
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)


def test_momentum_matches_torch_sgd_with_rescaled_lr():
    torch = pytest.importorskip("torch")
    grad, w0 = _torch_problem()
    lr, beta = 0.02, 0.9
    ours = _our_trajectory(Momentum(lr, beta), w0, grad, 200)
    theirs = _torch_trajectory(
        torch,
        lambda p: torch.optim.SGD(p, lr=lr * (1 - beta), momentum=beta, dampening=0, foreach=False),
        w0, grad, 200,
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-12)
    # dampening=beta is NOT the course's form: PyTorch's first step is undamped (buf = g)
    damped = _torch_trajectory(
        torch, lambda p: torch.optim.SGD(p, lr=lr, momentum=beta, dampening=beta, foreach=False), w0, grad, 200
    )
    assert not np.allclose(ours[0], damped[0])


# ---------------------------------------------------------------- StepRule ---
def _momentum_new_arrays(w, dw, v, lr, beta):
    """Textbook momentum returning new arrays (inputs untouched)."""
    v = beta * v + (1 - beta) * dw
    return w - lr * v, v


def _momentum_in_place(w, dw, v, lr, beta):
    v *= beta
    v += (1 - beta) * dw
    w -= lr * v
    return w, v


@pytest.mark.parametrize("step", [_momentum_new_arrays, _momentum_in_place])
def test_step_rule_momentum_two_steps_by_hand(step):
    opt = optim.StepRule(step, ("v",), lr=0.1, beta=0.9)
    w = np.array([1.0, 2.0])
    state = opt.init(w)
    assert state.t == 0 and np.array_equal(state.v, [0.0, 0.0])
    # step 1: v = 0.1*[0.5, -1] = [0.05, -0.1]; w = [1, 2] - 0.1*v = [0.995, 2.01]
    w_out, state = opt.update(w, np.array([0.5, -1.0]), state)
    assert w_out is w  # params updated in place, even when step returns new arrays
    np.testing.assert_allclose(state.v, [0.05, -0.1], rtol=1e-14)
    np.testing.assert_allclose(w, [0.995, 2.01], rtol=1e-14)
    # step 2 with lr=1 for this step: v = 0.9*[0.05, -0.1] + 0.1*[1, 1] = [0.145, 0.01]
    opt.update(w, np.array([1.0, 1.0]), state, lr=1.0)
    np.testing.assert_allclose(state.v, [0.145, 0.01], rtol=1e-14)
    np.testing.assert_allclose(w, [0.85, 2.0], rtol=1e-14)
    assert state.t == 2


def test_step_rule_passes_t_from_1_and_hyper_as_keywords():
    calls = []

    def step(w, dw, m, v, t, lr, beta1=0.0, beta2=0.0):
        calls.append((t, lr, beta1, beta2))
        m += dw  # m: running sum of the gradients
        v[...] = t  # v: the last step index
        return w, m, v

    opt = optim.StepRule(step, ("m", "v"), lr=0.5, counts_steps=True, beta1=0.25, beta2=0.75)
    params = {"W": np.zeros((2, 2)), "b": np.zeros(3)}
    state = opt.init(params)
    for k in range(3):
        opt.update(params, {"W": np.ones((2, 2)), "b": np.full(3, 2.0)}, state)
    assert [c[0] for c in calls] == [1, 1, 2, 2, 3, 3]  # one call per array, t = 1, 2, 3
    assert all(c[1:] == (0.5, 0.25, 0.75) for c in calls)
    np.testing.assert_array_equal(state.m["W"], np.full((2, 2), 3.0))
    np.testing.assert_array_equal(state.m["b"], np.full(3, 6.0))
    np.testing.assert_array_equal(state.v["b"], np.full(3, 3.0))
    assert state.t == 3 and state.s is None


def test_step_rule_no_slots_and_float32():
    def gd(w, dw, lr):
        return (w - lr * dw,)

    opt = optim.StepRule(gd, (), lr=0.25)
    w = np.array([1.0, -1.0], dtype=np.float32)
    state = opt.init(w)
    opt.update(w, np.array([4.0, -4.0]), state)  # float64 result cast back into float32 w
    assert w.dtype == np.float32
    np.testing.assert_array_equal(w, [0.0, 0.0])


def test_step_rule_bad_step_output():
    w = np.zeros(2)
    for bad, err, msg in [
        (lambda w, dw, v, lr: w, TypeError, r"must return the tuple \(w, v\)"),
        (lambda w, dw, v, lr: (w, v, v), TypeError, "length 3"),
        (lambda w, dw, v, lr: (w, np.zeros(3)), ValueError, r"state.v with shape \(3,\)"),
    ]:
        opt = optim.StepRule(bad, ("v",), lr=0.1)
        with pytest.raises(err, match=msg):
            opt.update(w, np.ones(2), opt.init(w))


def test_step_rule_checks_arguments():
    step = lambda w, dw, lr: (w,)  # noqa: E731
    with pytest.raises(TypeError, match="step must be a function"):
        optim.StepRule(None, (), lr=0.1)
    with pytest.raises(TypeError, match="tuple of names"):
        optim.StepRule(step, "v", lr=0.1)
    for bad in [("t",), ("_x",), ("a b",), ("v", "v")]:
        with pytest.raises(ValueError):
            optim.StepRule(step, bad, lr=0.1)
    with pytest.raises(ValueError, match="lr"):
        optim.StepRule(step, (), lr=0.0)
    with pytest.raises(TypeError, match="counts_steps"):
        optim.StepRule(step, (), lr=0.1, counts_steps=1)
    opt = optim.StepRule(step, (), lr=0.1)
    with pytest.raises(ValueError, match="finite"):
        opt.update(np.zeros(2), np.array([1.0, np.nan]), opt.init(np.zeros(2)))

"""Lesson 11's references (grader.practice) and the helpers its experiments use
(helpers.optim.adagrad_step / nesterov_step / PerUpdateSchedule): hand-computed values that always
run, and the libraries they claim to match (torch, transformers) when those are installed."""

import math

import numpy as np
import pytest

from grader.adam import adam_step
from grader.practice import adamw_step, clip_by_global_norm, warmup_cosine
from helpers import optim


# --------------------------------------------------------------------------- adamw_step
def test_adamw_first_step_by_hand():
    w, dw = np.array([1.0, -2.0]), np.array([0.5, -2.0])
    nw, m, v = adamw_step(w, dw, np.zeros(2), np.zeros(2), 1, 0.1, weight_decay=0.1)
    np.testing.assert_allclose(nw, [0.89, -1.88], atol=1e-8)
    np.testing.assert_allclose(m, [0.05, -0.2])
    np.testing.assert_allclose(v, [0.00025, 0.004])
    np.testing.assert_array_equal(w, [1.0, -2.0])            # inputs untouched


def test_adamw_zero_decay_is_adam_and_decay_uses_old_w():
    g = np.random.default_rng(0)
    w, dw, m = g.standard_normal((3, 5))
    v = g.random(5)
    adam = adam_step(w.copy(), dw.copy(), m.copy(), v.copy(), 4, 0.01)
    np.testing.assert_allclose(adamw_step(w, dw, m, v, 4, 0.01, weight_decay=0.0)[0], adam[0], rtol=1e-13)
    np.testing.assert_allclose(adamw_step(w, dw, m, v, 4, 0.01, weight_decay=0.3)[0], adam[0] - 0.01 * 0.3 * w,
                               rtol=1e-12)


@pytest.mark.parametrize("kw", [dict(t=0), dict(lr=0.0), dict(lr=-1.0), dict(weight_decay=-0.01), dict(beta1=1.0)])
def test_adamw_errors(kw):
    args = dict(w=np.ones(2), dw=np.ones(2), m=np.zeros(2), v=np.zeros(2), t=1, lr=0.1)
    args.update(kw)
    with pytest.raises(ValueError, match=next(iter(kw))):
        adamw_step(**args)


def test_adamw_matches_torch():
    torch = pytest.importorskip("torch")
    g = np.random.default_rng(1)
    w0, grads = g.standard_normal(6), g.standard_normal((10, 6))
    p = torch.tensor(w0.copy(), requires_grad=True)
    opt = torch.optim.AdamW([p], lr=0.05, betas=(0.8, 0.99), eps=1e-8, weight_decay=0.2)
    w, m, v = w0.copy(), np.zeros(6), np.zeros(6)
    for k, dw in enumerate(grads):
        p.grad = torch.tensor(dw)
        opt.step()
        w, m, v = adamw_step(w, dw, m, v, k + 1, 0.05, 0.8, 0.99, 1e-8, 0.2)
    np.testing.assert_allclose(w, p.detach().numpy(), rtol=1e-10, atol=1e-12)


# --------------------------------------------------------------------------- warmup_cosine
def test_warmup_cosine_by_hand():
    got = [warmup_cosine(s, 1.0, 4, 12) for s in (1, 2, 3, 4, 8, 12, 13, 100)]
    np.testing.assert_allclose(got, [0.25, 0.5, 0.75, 1.0, 0.5, 0.0, 0.0, 0.0], atol=1e-15)
    assert all(isinstance(x, float) for x in got)
    np.testing.assert_allclose([warmup_cosine(s, 1.0, 4, 12, 0.1) for s in (8, 12, 100)], [0.55, 0.1, 0.1])
    # quarter points of the decay phase: (1 + cos(pi / 4)) / 2
    assert warmup_cosine(6, 2.0, 4, 12) == pytest.approx(2.0 * (1 + math.cos(math.pi / 4)) / 2)


def test_warmup_cosine_arrays_and_no_warmup():
    steps = np.arange(1, 31).reshape(5, 6)
    out = warmup_cosine(steps, 0.3, 5, 25, 0.01)
    assert out.shape == (5, 6)
    np.testing.assert_array_equal(out, [[warmup_cosine(int(s), 0.3, 5, 25, 0.01) for s in row] for row in steps])
    np.testing.assert_allclose(warmup_cosine(np.arange(1, 5), 1.0, 0, 4), (1 + np.cos(np.pi * np.arange(1, 5) / 4)) / 2)


@pytest.mark.parametrize("args", [(0, 1.0, 2, 10), (1, 1.0, -1, 10), (1, 1.0, 10, 10), (1, 1.0, 2, 10, 2.0),
                                  (np.array([1, 0]), 1.0, 2, 10), (1, 0.0, 2, 10)])
def test_warmup_cosine_errors(args):
    with pytest.raises(ValueError):
        warmup_cosine(*args)


def test_warmup_cosine_matches_transformers():
    transformers = pytest.importorskip("transformers")
    torch = pytest.importorskip("torch")
    p = torch.nn.Parameter(torch.zeros(1))
    opt = torch.optim.SGD([p], lr=0.5)
    sched = transformers.get_cosine_schedule_with_warmup(opt, num_warmup_steps=10, num_training_steps=50)
    lrs = []
    for _ in range(50):
        lrs.append(opt.param_groups[0]["lr"])   # the rate of update k + 1 (transformers counts from 0)
        opt.step()
        sched.step()
    # transformers' rate of its step k (from 0) is ours at step k (from 1) in the decay phase and
    # lr_max * k / warmup in the warmup: ours is shifted by one update, starting at lr_max / warmup
    np.testing.assert_allclose(lrs[11:], warmup_cosine(np.arange(11, 50), 0.5, 10, 50), rtol=1e-12)
    np.testing.assert_allclose(lrs[1:11], warmup_cosine(np.arange(1, 11), 0.5, 10, 50), rtol=1e-12)


# --------------------------------------------------------------------------- clip_by_global_norm
def test_clip_by_hand_and_inputs_untouched():
    grads = {"W": np.array([[3.0, 0.0], [0.0, 0.0]]), "b": np.array([4.0])}
    before = {k: a.copy() for k, a in grads.items()}
    clipped, norm = clip_by_global_norm(grads, 1.0)
    assert norm == 5.0
    np.testing.assert_allclose(clipped["W"], [[0.6, 0.0], [0.0, 0.0]])
    np.testing.assert_allclose(clipped["b"], [0.8])
    same, norm = clip_by_global_norm(grads, 10.0)
    assert norm == 5.0 and all(np.array_equal(same[k], grads[k]) for k in grads)
    same["W"][0, 0] = 99.0                                       # a copy, not the input
    for k in grads:
        np.testing.assert_array_equal(grads[k], before[k])


def test_clip_keeps_direction_and_bounds_norm():
    g = np.random.default_rng(2)
    grads = {"a": 100 * g.standard_normal((5, 4)), "b": g.standard_normal(7)}
    clipped, norm = clip_by_global_norm(grads, 2.0)
    flat = np.concatenate([grads["a"].ravel(), grads["b"]])
    new = np.concatenate([clipped["a"].ravel(), clipped["b"]])
    assert norm == pytest.approx(np.linalg.norm(flat))
    assert np.linalg.norm(new) == pytest.approx(2.0)
    np.testing.assert_allclose(new / np.linalg.norm(new), flat / np.linalg.norm(flat))
    # huge but finite entries: no overflow in the norm
    assert clip_by_global_norm({"x": np.array([1e200, 1e200])}, 1.0)[1] == pytest.approx(math.sqrt(2) * 1e200)


def test_clip_errors_name_the_key():
    with pytest.raises(ValueError, match="max_norm"):
        clip_by_global_norm({"a": np.ones(2)}, 0.0)
    with pytest.raises(ValueError, match="layer2"):
        clip_by_global_norm({"layer1": np.ones(2), "layer2": np.array([np.nan])}, 1.0)
    with pytest.raises(TypeError):
        clip_by_global_norm([np.ones(2)], 1.0)


def test_clip_matches_torch():
    torch = pytest.importorskip("torch")
    g = np.random.default_rng(3)
    arrays = [g.standard_normal((3, 4)), g.standard_normal(5)]
    params = [torch.nn.Parameter(torch.zeros(a.shape, dtype=torch.float64)) for a in arrays]
    for p, a in zip(params, arrays):
        p.grad = torch.tensor(a)
    total = torch.nn.utils.clip_grad_norm_(params, 1.0)
    clipped, norm = clip_by_global_norm({"0": arrays[0], "1": arrays[1]}, 1.0)
    assert norm == pytest.approx(float(total))
    for k, p in enumerate(params):   # torch scales by max_norm / (norm + 1e-6)
        np.testing.assert_allclose(clipped[str(k)], p.grad.numpy(), rtol=1e-5)


# --------------------------------------------------------------------------- helpers for the experiments
def test_adagrad_two_steps_by_hand():
    w, s = np.array([1.0, 1.0]), np.zeros(2)
    w, s = optim.adagrad_step(w, np.array([2.0, -0.5]), s, 0.1, eps=0.0 + 1e-12)
    np.testing.assert_allclose(s, [4.0, 0.25])
    np.testing.assert_allclose(w, [0.9, 1.1])
    w, s = optim.adagrad_step(w, np.array([2.0, -0.5]), s, 0.1)
    np.testing.assert_allclose(s, [8.0, 0.5])
    np.testing.assert_allclose(w, [0.9 - 0.1 * 2 / (math.sqrt(8) + 1e-8), 1.1 + 0.1 * 0.5 / (math.sqrt(0.5) + 1e-8)])


def test_adagrad_step_shrinks_like_one_over_sqrt_t():
    w, s = np.zeros(1), np.zeros(1)
    steps = []
    for _ in range(100):
        before = w.copy()
        w, s = optim.adagrad_step(w, np.ones(1), s, 1.0)
        steps.append(float(before[0] - w[0]))
    np.testing.assert_allclose(steps, 1 / np.sqrt(np.arange(1, 101)), rtol=1e-7)


def test_nesterov_equals_lookahead_form():
    grad = lambda w: np.array([0.5, 25.0]) * w
    lr, beta = 0.2, 0.9
    w, v, look = np.array([-8.0, 1.0]), np.zeros(2), np.array([-8.0, 1.0])
    u, vu = look.copy(), np.zeros(2)
    for _ in range(30):
        v = beta * v + (1 - beta) * grad(w - lr * beta * v)
        w = w - lr * v
        u, vu = optim.nesterov_step(u, grad(u), vu, lr, beta)
        np.testing.assert_allclose(u, w - lr * beta * v, rtol=1e-12, atol=1e-12)


def test_nesterov_matches_torch_with_rescaled_lr():
    torch = pytest.importorskip("torch")
    g = np.random.default_rng(4)
    w0, grads = g.standard_normal(4), g.standard_normal((8, 4))
    p = torch.tensor(w0.copy(), requires_grad=True)
    opt = torch.optim.SGD([p], lr=0.1 * (1 - 0.9), momentum=0.9, nesterov=True)
    w, v = w0.copy(), np.zeros(4)
    for dw in grads:
        p.grad = torch.tensor(dw)
        opt.step()
        w, v = optim.nesterov_step(w, dw, v, 0.1, 0.9)
    np.testing.assert_allclose(w, p.detach().numpy(), rtol=1e-10)


def test_adagrad_nesterov_bad_arguments():
    with pytest.raises(ValueError, match="lr"):
        optim.adagrad_step(np.ones(2), np.ones(2), np.zeros(2), 0.0)
    with pytest.raises(ValueError, match="beta"):
        optim.nesterov_step(np.ones(2), np.ones(2), np.zeros(2), 0.1, beta=1.0)
    with pytest.raises(ValueError, match="dw"):
        optim.adagrad_step(np.ones(2), np.array([1.0, np.inf]), np.zeros(2), 0.1)


def test_per_update_schedule_sets_the_rate_of_each_update():
    seen = []

    def gd(w, dw, lr):
        seen.append(lr)
        return (w - lr * dw,)
    opt = optim.PerUpdateSchedule(optim.StepRule(gd, (), lr=1.0), lambda t: 0.1 * t)
    w = np.zeros(1)
    state = opt.init(w)
    for _ in range(3):
        w, state = opt.update(w, np.ones(1), state)
    np.testing.assert_allclose(seen, [0.1, 0.2, 0.3])
    np.testing.assert_allclose(w, [-0.6])
    opt.update(w, np.ones(1), state, lr=0.5)          # half of inner.lr: the scheduled 0.4 halved
    assert seen[-1] == pytest.approx(0.2)
    with pytest.raises(ValueError, match="schedule"):
        optim.PerUpdateSchedule(optim.SGD(0.1), lambda t: 0.0).update(np.zeros(1), np.ones(1), optim.SGD(0.1).init(np.zeros(1)))
    with pytest.raises(TypeError):
        optim.PerUpdateSchedule(optim.SGD(0.1), 0.1)

"""grader.gradient_descent: lesson 03's references, gradient descent and the step-size sweep."""

import numpy as np
import pytest

from grader.gradient_descent import gradient_descent, step_size_sweep
from helpers.landscapes import quadratic_bowl, quadratic_bowl_grad, quadratic_bowl_max_curvature

identity = lambda x: x  # gradient of f(x) = |x|^2 / 2


# ----------------------------------------------------------------- gradient_descent
def test_hand_checked_trajectory():
    traj = gradient_descent(identity, np.array([1.0]), 0.5, 3)
    np.testing.assert_allclose(traj, [[1.0], [0.5], [0.25], [0.125]])


def test_shape_starts_with_x0_and_x0_untouched():
    x0 = np.array([[1.0, -2.0, 3.0], [0.5, 0.0, -1.0]])
    before = x0.copy()
    traj = gradient_descent(identity, x0, 0.1, 4)
    assert traj.shape == (5, 2, 3) and traj.dtype == np.float64
    np.testing.assert_array_equal(traj[0], before)
    np.testing.assert_array_equal(x0, before)
    np.testing.assert_allclose(traj[-1], before * 0.9**4)


def test_zero_steps_and_scalar_and_list():
    np.testing.assert_array_equal(gradient_descent(identity, [2.0, 3.0], 0.1, 0), [[2.0, 3.0]])
    np.testing.assert_allclose(gradient_descent(identity, 1.0, 0.5, 1), [1.0, 0.5])


def test_grad_fn_that_mutates_its_argument_cannot_corrupt_the_run():
    def rude(x):
        g = x.copy()
        x[...] = 1e9
        return g

    traj = gradient_descent(rude, np.array([1.0, 2.0]), 0.5, 2)
    np.testing.assert_allclose(traj, [[1, 2], [0.5, 1], [0.25, 0.5]])


def test_divergence_threshold_two_over_L():
    a, b = 1.0, 10.0
    L = quadratic_bowl_max_curvature(a, b)
    assert L == pytest.approx(10.0)
    grad = lambda w: quadratic_bowl_grad(w, a, b)
    x0 = np.array([3.0, 1.0])
    below = gradient_descent(grad, x0, 1.95 / L, 200)
    above = gradient_descent(grad, x0, 2.05 / L, 200)
    assert np.linalg.norm(below[-1]) < 1e-3
    assert np.linalg.norm(above[-1]) > 1e3
    assert quadratic_bowl(above[-1], a, b) > quadratic_bowl(above[-2], a, b)  # the cost rises: lr too large


def test_gradient_descent_errors():
    x0 = np.ones(2)
    for lr in (0.0, -0.1, np.inf):
        with pytest.raises(ValueError, match="lr"):
            gradient_descent(identity, x0, lr, 3)
    with pytest.raises(TypeError, match="lr"):
        gradient_descent(identity, x0, "0.1", 3)
    with pytest.raises(ValueError, match="n_steps"):
        gradient_descent(identity, x0, 0.1, -1)
    with pytest.raises(TypeError, match="n_steps"):
        gradient_descent(identity, x0, 0.1, 2.0)
    with pytest.raises(TypeError, match="grad_fn"):
        gradient_descent(None, x0, 0.1, 2)
    with pytest.raises(ValueError, match="grad_fn must return an array of shape"):
        gradient_descent(lambda x: np.ones(3), x0, 0.1, 2)
    with pytest.raises(ValueError, match="x0"):
        gradient_descent(identity, np.array([np.nan, 1.0]), 0.1, 2)


def test_nan_gradient_is_an_error_naming_lr():
    with pytest.raises(ValueError, match="lr"):
        gradient_descent(lambda x: x * np.nan, np.ones(2), 0.1, 2)
    with pytest.raises(ValueError, match="grad_fn returned non-finite"):
        gradient_descent(lambda x: np.full_like(x, np.inf), np.ones(1), 1.0, 5)


# ----------------------------------------------------------------- step_size_sweep
def test_step_size_sweep_hand_values():
    loss = lambda W: float(np.sum(W**2))
    W = np.array([1.0, 2.0])
    dW = 2 * W
    losses = step_size_sweep(loss, W, dW, [0.0, 0.25, 0.5, 1.0])
    np.testing.assert_allclose(losses, [5.0, 1.25, 0.0, 5.0])
    np.testing.assert_array_equal(W, [1.0, 2.0])
    assert losses.shape == (4,) and losses.dtype == np.float64


def test_step_size_sweep_matches_definition_on_logspace():
    rng = np.random.default_rng(0)
    W = rng.standard_normal((3, 4))
    dW = rng.standard_normal((3, 4))
    loss = lambda V: float(np.sum(np.sin(V)))
    steps = np.logspace(-10, -1, 10)
    expected = [loss(W - s * dW) for s in steps]
    np.testing.assert_allclose(step_size_sweep(loss, W, dW, steps), expected, rtol=0, atol=0)


def test_step_size_sweep_errors():
    loss = lambda W: float(np.sum(W**2))
    W = np.ones(2)
    with pytest.raises(ValueError, match="dW"):
        step_size_sweep(loss, W, np.ones(3), [0.1])
    with pytest.raises(ValueError, match="step_sizes"):
        step_size_sweep(loss, W, W, [[0.1]])
    with pytest.raises(ValueError, match="step_sizes"):
        step_size_sweep(loss, W, W, [0.1, np.nan])
    with pytest.raises(TypeError, match="loss_fn"):
        step_size_sweep(3, W, W, [0.1])
    with pytest.raises(ValueError, match="NaN"):
        step_size_sweep(lambda V: np.nan, W, W, [0.1])


# ----------------------------------------------------------------- max_stable_lr (issue 13)
def test_max_stable_lr_straight_and_turned_bowls():
    from grader.gradient_descent import max_stable_lr
    from helpers.landscapes import quadratic_bowl_hessian
    assert max_stable_lr(np.diag([1.0, 10.0])) == pytest.approx(0.2)
    for angle in (0.3, np.pi / 4, 2.0):           # turning the bowl leaves the edge at 2 / lambda_max
        H = quadratic_bowl_hessian(np.zeros(2), 1.0, 10.0, angle)
        assert max_stable_lr(H) == pytest.approx(0.2)
        assert 2 / H.diagonal().max() != pytest.approx(0.2)


def test_max_stable_lr_is_the_edge_of_convergence():
    from grader.gradient_descent import max_stable_lr
    from helpers.landscapes import quadratic_bowl_grad, quadratic_bowl_hessian
    H = quadratic_bowl_hessian(np.zeros(2), 1.0, 10.0, 0.5)
    edge = max_stable_lr(H)
    grad = lambda w: quadratic_bowl_grad(w, 1.0, 10.0, 0.5)
    start = np.array([-4.0, 1.5])
    assert np.linalg.norm(gradient_descent(grad, start, 0.98 * edge, 200)[-1]) < 1e-2
    assert np.linalg.norm(gradient_descent(grad, start, 1.02 * edge, 200)[-1]) > 1e2


@pytest.mark.parametrize("H", [np.ones((2, 3)), np.array([[1.0, 2.0], [0.0, 1.0]]), -np.eye(2)])
def test_max_stable_lr_rejects_bad_matrices(H):
    from grader.gradient_descent import max_stable_lr
    with pytest.raises(ValueError):
        max_stable_lr(H)

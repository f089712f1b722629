"""helpers.escape: counting the updates an optimizer needs to leave a ball / reach a condition."""

import numpy as np
import pytest

from helpers.escape import steps_to_escape, steps_until
from helpers.optim import SGD, Adam, Momentum


def _saddle_grad(x):          # f = (x^2 - y^2) / 2
    return x * np.array([1.0, -1.0])


def test_docstring_example_doubling():
    # GD with lr = 1 on grad -x doubles x: 0.01 * 2**7 = 1.28 > 1, 0.01 * 2**6 = 0.64 <= 1
    assert steps_to_escape(SGD(lr=1.0), lambda x: -x, [0.01], [0.0], 1.0, 100) == 7


def test_hand_checked_saddle_count():
    # GD lr = 0.5 on the saddle: x halves, y *= 1.5; from (0.8, 0.001) y passes 1 at step 18
    # (0.001 * 1.5**17 = 0.986, 0.001 * 1.5**18 = 1.478) while x ~ 0.8 / 2**18
    assert steps_to_escape(SGD(lr=0.5), _saddle_grad, np.array([0.8, 0.001]), np.zeros(2), 1.0, 100) == 18
    # measured from x0 instead, the ball would be left at step 16: a different answer
    assert steps_to_escape(SGD(lr=0.5), _saddle_grad, np.array([0.8, 0.001]), np.array([0.8, 0.001]), 1.0, 100) == 16


def test_start_outside_never_and_budget():
    assert steps_to_escape(SGD(lr=0.5), _saddle_grad, np.array([2.0, 0.0]), np.zeros(2), 1.0, 10) == 0
    assert steps_to_escape(SGD(lr=0.5), lambda x: x, np.array([0.5, 0.5]), np.zeros(2), 1.0, 50) is None
    # max_steps is inclusive
    assert steps_to_escape(SGD(lr=0.5), _saddle_grad, np.array([0.8, 0.001]), np.zeros(2), 1.0, 18) == 18
    assert steps_to_escape(SGD(lr=0.5), _saddle_grad, np.array([0.8, 0.001]), np.zeros(2), 1.0, 17) is None
    assert steps_to_escape(SGD(lr=0.5), _saddle_grad, np.array([0.8, 0.001]), np.zeros(2), 1.0, 0) is None


def test_boundary_belongs_to_the_ball():
    # x0 exactly on the sphere is inside: no escape at step 0
    assert steps_to_escape(SGD(lr=1.0), lambda x: np.zeros_like(x), np.array([1.0, 0.0]), np.zeros(2), 1.0, 3) is None


def test_x0_not_modified_by_in_place_optimizers():
    x0 = np.array([0.8, 0.001])
    before = x0.copy()
    for opt in (Momentum(lr=0.5), Adam(lr=0.05)):
        steps_to_escape(opt, _saddle_grad, x0, np.zeros(2), 1.0, 200)
        np.testing.assert_array_equal(x0, before)


def test_integer_x0_is_converted():
    assert steps_to_escape(SGD(lr=1.0), lambda x: -x, np.array([1]), np.array([0]), 3.0, 10) == 2


def test_momentum_and_adam_escape_faster_than_gd_on_an_ill_conditioned_saddle():
    grad = lambda w: np.array([10.0, -0.1]) * w        # Hessian diag(10, -0.1)
    x0, c = np.array([0.3, 1e-3]), np.zeros(2)
    gd = steps_to_escape(SGD(lr=0.15), grad, x0, c, 0.5, 5000)
    mom = steps_to_escape(Momentum(lr=1.5), grad, x0, c, 0.5, 5000)
    adam = steps_to_escape(Adam(lr=0.05), grad, x0, c, 0.5, 5000)
    assert gd is not None and mom is not None and adam is not None
    assert adam < mom < gd
    # GD: y grows by (1 + 0.015) per step, ln(500) / ln(1.015) ~ 417 steps
    assert 400 <= gd <= 430


def test_steps_until_counts_and_returns_none():
    assert steps_until(SGD(lr=0.5), lambda x: x, np.array([4.0]), lambda x: abs(x[0]) < 1.0, 10) == 3   # 4 -> 2 -> 1 -> 0.5
    assert steps_until(SGD(lr=0.5), lambda x: x, np.array([0.5]), lambda x: abs(x[0]) < 1.0, 10) == 0
    assert steps_until(SGD(lr=0.1), lambda x: x, np.array([4.0]), lambda x: abs(x[0]) < 1e-9, 5) is None


def test_errors():
    with pytest.raises(TypeError, match="optimizer"):
        steps_to_escape(object(), _saddle_grad, np.zeros(2), np.zeros(2), 1.0, 5)
    with pytest.raises(TypeError, match="grad_fn"):
        steps_to_escape(SGD(lr=0.1), None, np.zeros(2), np.zeros(2), 1.0, 5)
    with pytest.raises(ValueError, match="center"):
        steps_to_escape(SGD(lr=0.1), _saddle_grad, np.zeros(2), np.zeros(3), 1.0, 5)
    with pytest.raises(ValueError, match="radius"):
        steps_to_escape(SGD(lr=0.1), _saddle_grad, np.zeros(2), np.zeros(2), 0.0, 5)
    with pytest.raises(ValueError, match="max_steps"):
        steps_to_escape(SGD(lr=0.1), _saddle_grad, np.zeros(2), np.zeros(2), 1.0, -1)
    with pytest.raises(TypeError, match="max_steps"):
        steps_to_escape(SGD(lr=0.1), _saddle_grad, np.zeros(2), np.zeros(2), 1.0, 2.5)
    with pytest.raises(ValueError, match="grad_fn must return"):
        steps_to_escape(SGD(lr=0.1), lambda x: np.zeros(3), np.full(2, 0.1), np.zeros(2), 1.0, 5)
    with pytest.raises(TypeError, match="stop"):
        steps_until(SGD(lr=0.1), _saddle_grad, np.zeros(2), "never", 5)

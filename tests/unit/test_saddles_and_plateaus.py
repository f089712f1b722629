"""grader.saddles_and_plateaus: lesson 10's references, the second-order test
(``classify_critical_point``) and the escape counter (``steps_to_escape``)."""

import numpy as np
import pytest

from grader.saddles_and_plateaus import classify_critical_point
from grader.saddles_and_plateaus import steps_to_escape as _steps_to_escape
from helpers.optim import SGD, StepRule


def momentum_step(w, dw, v, lr, beta=0.9):
    v = beta * v + (1 - beta) * dw
    return w - lr * v, v


def adam_step(w, dw, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-8):
    m = beta1 * m + (1 - beta1) * dw
    v = beta2 * v + (1 - beta2) * dw**2
    return w - lr * (m / (1 - beta1**t)) / (np.sqrt(v / (1 - beta2**t)) + eps), m, v


def Momentum(lr, beta=0.9):
    return StepRule(momentum_step, ("v",), lr=lr, beta=beta)


def Adam(lr):
    return StepRule(adam_step, ("m", "v"), lr=lr, counts_steps=True)


def steps_to_escape(opt, *args):
    """The reference, called with an optimizer object's init and update."""
    return _steps_to_escape(opt.init, opt.update, *args)


@pytest.mark.parametrize(
    "diag, expected",
    [
        ([1.0, 2.0], "minimum"),
        ([-1.0, -2.0], "maximum"),
        ([1.0, -1.0], "saddle"),
        ([-3.0, 0.5, 2.0], "saddle"),
        ([1.0, 0.0], "degenerate"),
        ([1e-9, 1.0], "degenerate"),  # |λ| <= tol = 1e-8
        ([1e-8, 1.0], "degenerate"),  # the boundary counts as degenerate
        ([-1e-9, -1.0], "degenerate"),
        ([0.0, 0.0], "degenerate"),
        ([1.0, -1.0, 0.0], "saddle"),  # both signs: a saddle, whatever zero eigenvalues H also has
        ([0.0, 0.0, -2.0, 0.0, 3.0], "saddle"),
        ([1e-9, -1e-9, 0.0], "degenerate"),  # both "signs", but within tol: zero, not a saddle
        ([2.0, -1e-9], "degenerate"),
        ([-2.0, 0.0, -1.0], "degenerate"),
        ([3.0], "minimum"),
        ([-3.0], "maximum"),
    ],
)
def test_diagonal(diag, expected):
    assert classify_critical_point(np.diag(diag)) == expected


def test_tol():
    H = np.diag([1e-9, 1.0])
    assert classify_critical_point(H, tol=1e-10) == "minimum"
    assert classify_critical_point(np.diag([1.0, -0.5]), tol=0.6) == "degenerate"
    assert classify_critical_point(np.diag([1.0, 0.0]), tol=0.0) == "degenerate"
    assert classify_critical_point(np.diag([1.0, -0.5, 0.0]), tol=0.4) == "saddle"
    assert classify_critical_point(np.diag([1.0, -0.5, 0.0]), tol=0.5) == "degenerate"  # |-0.5| <= tol: zero


def test_rotated_and_list_input():
    c, s = np.cos(0.4), np.sin(0.4)
    R = np.array([[c, -s], [s, c]])
    assert classify_critical_point(R @ np.diag([2.0, -1.0]) @ R.T) == "saddle"
    assert classify_critical_point([[2, 1], [1, 2]]) == "minimum"  # eigenvalues 1, 3
    assert classify_critical_point([[1, 2], [2, 1]]) == "saddle"  # eigenvalues -1, 3
    H = np.array([[2.0, 1.0], [1.0 + 1e-12, 2.0]])  # rounding-level asymmetry is accepted
    assert classify_critical_point(H) == "minimum"


def test_classify_errors():
    with pytest.raises(ValueError, match="H must be a square"):
        classify_critical_point(np.ones((2, 3)))
    with pytest.raises(ValueError, match="H must be a square"):
        classify_critical_point(np.ones(3))
    with pytest.raises(ValueError, match="H must be symmetric"):
        classify_critical_point(np.array([[1.0, 2.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="H holds non-finite"):
        classify_critical_point(np.array([[np.nan, 0.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="H must be at least"):
        classify_critical_point(np.zeros((0, 0)))
    with pytest.raises(ValueError, match="tol"):
        classify_critical_point(np.eye(2), tol=-1.0)
    with pytest.raises(TypeError, match="tol"):
        classify_critical_point(np.eye(2), tol="0")
    with pytest.raises(TypeError, match="H"):
        classify_critical_point(np.array([["a", "b"], ["c", "d"]]))



# ------------------------------------------------------------ steps_to_escape ---


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


def test_plain_functions_and_the_state_they_return():
    # an (init, update) pair of plain functions; the state is a step counter in a tuple
    seen = []

    def init(x):
        return (0,)

    def update(x, g, state):
        seen.append(state[0])
        return x - 0.5 * g, (state[0] + 1,)

    assert _steps_to_escape(init, update, lambda x: x * np.array([1.0, -1.0]), [0.8, 0.001], [0.0, 0.0],
                            1.0, 100) == 18
    assert seen == list(range(18))      # init once, then the returned state every time


def test_errors():
    with pytest.raises(TypeError, match="init"):
        _steps_to_escape(None, SGD(lr=0.1).update, _saddle_grad, np.zeros(2), np.zeros(2), 1.0, 5)
    with pytest.raises(TypeError, match="update"):
        _steps_to_escape(SGD(lr=0.1).init, "step", _saddle_grad, np.zeros(2), np.zeros(2), 1.0, 5)
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

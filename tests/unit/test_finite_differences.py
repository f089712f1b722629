"""grader.finite_differences: lesson 02's references, numerical gradients, the SVM gradient,
gradient checking (and the relative error it uses)."""

import numpy as np
import pytest

from grader.finite_differences import grad_check, numerical_gradient, relative_error, svm_loss_and_grad


def cube_sum(x):
    return float(np.sum(x**3))


# ----------------------------------------------------------------- numerical_gradient
def test_hand_checked_forward_and_centered():
    # f(x) = x^2 at x = 1, h = 0.1: forward (1.21 - 1) / 0.1 = 2.1, centered (1.21 - 0.81) / 0.2 = 2.0
    f = lambda x: float(np.sum(x**2))
    x = np.array([1.0])
    assert numerical_gradient(f, x, h=0.1, method="forward")[0] == pytest.approx(2.1, abs=1e-12)
    assert numerical_gradient(f, x, h=0.1, method="centered")[0] == pytest.approx(2.0, abs=1e-12)
    assert numerical_gradient(f, x, h=0.1)[0] == pytest.approx(2.0, abs=1e-12)  # centered is the default


@pytest.mark.parametrize("shape", [(), (1,), (5,), (2, 3), (2, 3, 4)])
def test_any_shape(shape):
    x = np.linspace(-1.0, 1.5, int(np.prod(shape))).reshape(shape)
    g = numerical_gradient(cube_sum, x)
    assert g.shape == x.shape and g.dtype == np.float64
    np.testing.assert_allclose(g, 3 * x**2, atol=1e-8)


def test_centered_more_accurate_than_forward():
    x = np.array([0.7, -1.3])
    exact = 3 * x**2
    err_f = np.max(np.abs(numerical_gradient(cube_sum, x, h=1e-4, method="forward") - exact))
    err_c = np.max(np.abs(numerical_gradient(cube_sum, x, h=1e-4, method="centered") - exact))
    assert err_c < err_f / 100


def test_x_restored_bit_for_bit():
    # values for which (x + h) - h != x in floating point
    x = np.array([[0.1, 1 / 3], [1e8 / 7, -2.7182818284590455]])
    before = x.copy()
    numerical_gradient(cube_sum, x, h=1e-5)
    numerical_gradient(cube_sum, x, h=1e-5, method="forward")
    assert x.tobytes() == before.tobytes()


def test_x_restored_when_f_raises():
    x = np.array([0.1, 0.2, 0.3])
    before = x.copy()
    calls = []

    def f(z):
        calls.append(1)
        if len(calls) == 4:  # while x[1] is perturbed
            raise RuntimeError("boom")
        return float(np.sum(z))

    with pytest.raises(RuntimeError, match="boom"):
        numerical_gradient(f, x)
    assert x.tobytes() == before.tobytes()


def test_perturbs_in_place_so_closures_work():
    W = np.array([[1.0, -2.0], [0.5, 3.0]])
    f = lambda _: float(np.sum(W**2))  # ignores its argument, reads W (the CS231n idiom)
    np.testing.assert_allclose(numerical_gradient(f, W), 2 * W, atol=1e-8)


def test_non_float64_input_is_copied():
    x = np.array([1, 2, 3])  # int array
    g = numerical_gradient(cube_sum, x)
    assert g.dtype == np.float64
    np.testing.assert_allclose(g, 3.0 * x**2, atol=1e-6)
    np.testing.assert_array_equal(x, [1, 2, 3])
    np.testing.assert_allclose(numerical_gradient(cube_sum, [1.0, 2.0]), [3.0, 12.0], atol=1e-6)


@pytest.mark.parametrize("method", ["central", "backward", "", None, 1])
def test_bad_method(method):
    with pytest.raises(ValueError, match="method"):
        numerical_gradient(cube_sum, np.ones(2), method=method)


@pytest.mark.parametrize("h", [0.0, -1e-5, np.inf, np.nan])
def test_bad_h_value(h):
    with pytest.raises(ValueError, match="h"):
        numerical_gradient(cube_sum, np.ones(2), h=h)


def test_bad_h_type_and_f():
    with pytest.raises(TypeError, match="h"):
        numerical_gradient(cube_sum, np.ones(2), h="1e-5")
    with pytest.raises(TypeError, match="f"):
        numerical_gradient("not a function", np.ones(2))


def test_f_returning_nan_or_vector():
    x = np.ones(2)
    with pytest.raises(ValueError, match="f returned a non-finite"):
        numerical_gradient(lambda z: np.nan, x)
    with pytest.raises(TypeError, match="f must return a real scalar"):
        numerical_gradient(lambda z: z, x)
    np.testing.assert_array_equal(x, [1.0, 1.0])


# ----------------------------------------------------------------- relative_error
def test_relative_error_values():
    assert relative_error(1.0, 3.0) == pytest.approx(0.5)
    assert relative_error(0.0, 0.0) == 0.0  # the 1e-12 floor: no 0/0
    assert relative_error(-2.0, 2.0) == pytest.approx(1.0)
    assert relative_error(1e-13, 0.0) == pytest.approx(0.1)  # denominator floored at 1e-12
    np.testing.assert_allclose(relative_error(np.array([1.0, 2.0]), np.array([1.0, 1.0])), [0.0, 1 / 3])


def test_relative_error_shapes():
    with pytest.raises(ValueError, match="broadcast"):
        relative_error(np.ones(2), np.ones(3))


# ----------------------------------------------------------------- grad_check
def test_grad_check_correct_gradient_is_tiny():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 5))
    assert grad_check(cube_sum, x, 3 * x**2, 10, np.random.default_rng(1)) < 1e-8


def test_grad_check_hand_values():
    x = np.array([[0.5, -1.0], [2.0, 1.5]])
    g = 3 * x**2
    # twice the gradient: |2g - g| / (2|g| + |g|) = 1/3 ; opposite sign: 1
    assert grad_check(cube_sum, x, 2 * g, 5, np.random.default_rng(0)) == pytest.approx(1 / 3, rel=1e-6)
    assert grad_check(cube_sum, x, -g, 5, np.random.default_rng(0)) == pytest.approx(1.0, rel=1e-9)


def test_grad_check_draws_exactly_rng_integers_and_returns_max():
    x = np.linspace(-1, 1, 12).reshape(3, 4)
    idx = np.random.default_rng(7).integers(x.size, size=4)
    wrong = 3 * x**2
    checked = np.zeros(x.size, bool)
    checked[idx] = True
    # corrupt one coordinate that is checked, by a known factor, and every unchecked one wildly
    bad = int(idx[0])
    wrong_flat = wrong.reshape(-1)
    wrong_flat[~checked] += 1e3
    wrong_flat[bad] *= 3.0  # error |3g - g| / (4|g|) = 0.5
    err = grad_check(cube_sum, x, wrong, 4, np.random.default_rng(7))
    assert err == pytest.approx(0.5, rel=1e-6)  # max over the checked ones, unchecked never looked at


def test_grad_check_consumes_one_integers_call():
    rng = np.random.default_rng(3)
    x = np.ones(6)
    grad_check(cube_sum, x, 3 * x**2, 4, rng)
    ref = np.random.default_rng(3)
    ref.integers(6, size=4)
    assert rng.random() == ref.random()


def test_grad_check_restores_x():
    x = np.array([0.1, 1 / 3, 2.2])
    before = x.copy()
    grad_check(cube_sum, x, 3 * x**2, 5, np.random.default_rng(0))
    assert x.tobytes() == before.tobytes()


def test_grad_check_errors():
    x = np.ones(3)
    g = 3 * x**2
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="n_checks"):
        grad_check(cube_sum, x, g, 0, rng)
    with pytest.raises(TypeError, match="n_checks"):
        grad_check(cube_sum, x, g, 2.5, rng)
    with pytest.raises(TypeError, match="rng"):
        grad_check(cube_sum, x, g, 2, 0)
    with pytest.raises(TypeError, match="rng"):
        grad_check(cube_sum, x, g, 2, np.random.RandomState(0))
    with pytest.raises(ValueError, match="analytic_grad"):
        grad_check(cube_sum, x, np.ones(4), 2, rng)
    with pytest.raises(ValueError, match="analytic_grad"):
        grad_check(cube_sum, x, np.array([1.0, np.nan, 1.0]), 2, rng)
    with pytest.raises(ValueError, match="h"):
        grad_check(cube_sum, x, g, 2, rng, h=0)
    with pytest.raises(ValueError, match="x"):
        grad_check(cube_sum, np.ones(0), np.ones(0), 2, rng)


# ----------------------------------------------------------------- svm_loss_and_grad
def test_svm_loss_and_grad_worked_example():
    # scores [[1, 2, 0.5], [0, 1, 3]], labels (0, 2): L = (2 + 0.5 + 0) / 2, M = [[-2, 1, 1], [0, 0, 0]]
    X = np.eye(2)
    W = np.array([[1.0, 2.0, 0.5], [0.0, 1.0, 3.0]])
    loss, dW = svm_loss_and_grad(W, X, np.array([0, 2]))
    assert loss == pytest.approx(1.25, abs=1e-15)
    np.testing.assert_allclose(dW, [[-1.0, 0.5, 0.5], [0.0, 0.0, 0.0]], atol=1e-15)


def test_svm_gradient_matches_numerical_gradient():
    rng = np.random.default_rng(3)
    X, y = rng.standard_normal((30, 6)), rng.integers(4, size=30)
    W = rng.standard_normal((6, 4))
    loss, dW = svm_loss_and_grad(W, X, y, 0.7)
    num = numerical_gradient(lambda V: svm_loss_and_grad(V, X, y, 0.7)[0], W.copy())
    np.testing.assert_allclose(dW, num, rtol=1e-6, atol=1e-8)   # no margin within h of a kink here
    assert isinstance(loss, float)


def test_svm_loss_and_grad_errors():
    X, y = np.ones((3, 2)), np.array([0, 1, 2])
    with pytest.raises(ValueError, match="2-D"):
        svm_loss_and_grad(np.ones((4, 2, 3)), X, y)
    with pytest.raises(ValueError, match="labels outside"):
        svm_loss_and_grad(np.ones((2, 2)), X, y)

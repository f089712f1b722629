"""helpers.models: softmax regression and the two-layer network."""

import numpy as np
import pytest

from helpers.data import load_digits
from grader.finite_differences import numerical_gradient
from helpers.models import (
    accuracy,
    init_two_layer,
    predict,
    softmax,
    softmax_loss_and_grad,
    two_layer_loss_and_grad,
)

def small_problem(seed=0, m=7, n=5, C=3):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((m, n)), rng.integers(C, size=m)


# ----------------------------------------------------------------- softmax
def test_softmax_rows_and_stability():
    P = softmax(np.array([[0.0, 0.0], [1000.0, 1000.0 + np.log(3.0)]]))
    np.testing.assert_allclose(P, [[0.5, 0.5], [0.25, 0.75]])
    assert np.all(np.isfinite(softmax(np.array([[-1e4, 1e4, 0.0]]))))
    np.testing.assert_allclose(softmax(np.zeros((2, 3, 4))).sum(axis=-1), 1.0)


def test_softmax_regression_hand_value_and_gradient():
    X, y = small_problem()
    W0 = np.zeros((5, 3))
    loss, dW = softmax_loss_and_grad(W0, X, y)
    assert loss == pytest.approx(np.log(3))  # uniform prediction
    W = np.random.default_rng(1).standard_normal((5, 3))
    for reg in (0.0, 0.3):
        loss, dW = softmax_loss_and_grad(W, X, y, reg=reg)
        num = numerical_gradient(lambda V: softmax_loss_and_grad(V, X, y, reg=reg)[0], W)
        np.testing.assert_allclose(dW, num, rtol=1e-6, atol=1e-9)


# ----------------------------------------------------------------- two-layer network
def test_init_two_layer():
    p = init_two_layer(64, 32, 10, np.random.default_rng(0))
    assert {k: v.shape for k, v in p.items()} == {"W1": (64, 32), "b1": (32,), "W2": (32, 10), "b2": (10,)}
    assert np.all(p["b1"] == 0) and np.all(p["b2"] == 0)
    rng = np.random.default_rng(0)
    np.testing.assert_array_equal(p["W1"], rng.standard_normal((64, 32)) * np.sqrt(2 / 64))
    np.testing.assert_array_equal(p["W2"], rng.standard_normal((32, 10)) * np.sqrt(1 / 32))
    q = init_two_layer(64, 32, 10, np.random.default_rng(0), activation="tanh")
    np.testing.assert_allclose(q["W1"], p["W1"] / np.sqrt(2))


def test_two_layer_zero_weights_loss_is_log_C():
    X, y = small_problem(C=4)
    p = {"W1": np.zeros((5, 6)), "b1": np.zeros(6), "W2": np.zeros((6, 4)), "b2": np.zeros(4)}
    loss, grads = two_layer_loss_and_grad(p, X, y)
    assert loss == pytest.approx(np.log(4))
    assert set(grads) == set(p)


@pytest.mark.parametrize("activation", ["relu", "tanh"])
@pytest.mark.parametrize("reg", [0.0, 0.1])
def test_two_layer_gradients_match_numerical(activation, reg):
    X, y = small_problem(seed=3, m=9, n=5, C=3)
    params = init_two_layer(5, 4, 3, np.random.default_rng(2), activation=activation)
    params["b1"] = np.random.default_rng(4).standard_normal(4) * 0.1  # non-zero biases
    params["b2"] = np.random.default_rng(5).standard_normal(3) * 0.1
    loss, grads = two_layer_loss_and_grad(params, X, y, reg=reg, activation=activation)
    f = lambda _: two_layer_loss_and_grad(params, X, y, reg=reg, activation=activation)[0]
    for name in ("W1", "b1", "W2", "b2"):
        before = params[name].copy()
        num = numerical_gradient(f, params[name])  # perturbs params[name] in place
        np.testing.assert_array_equal(params[name], before)
        assert grads[name].shape == params[name].shape
        np.testing.assert_allclose(grads[name], num, rtol=1e-6, atol=1e-8, err_msg=name)


def test_matches_torch_if_available():
    torch = pytest.importorskip("torch")
    X, y = small_problem(seed=1, m=6, n=4, C=3)
    p = init_two_layer(4, 5, 3, np.random.default_rng(0))
    loss, grads = two_layer_loss_and_grad(p, X, y, reg=0.2)
    t = {k: torch.tensor(v, requires_grad=True) for k, v in p.items()}
    S = torch.relu(torch.tensor(X) @ t["W1"] + t["b1"]) @ t["W2"] + t["b2"]
    L = torch.nn.functional.cross_entropy(S, torch.tensor(y)) + 0.1 * (t["W1"].pow(2).sum() + t["W2"].pow(2).sum())
    L.backward()
    assert loss == pytest.approx(L.item(), rel=1e-12)
    for k in t:
        np.testing.assert_allclose(grads[k], t[k].grad.numpy(), rtol=1e-10, atol=1e-12)


def test_predict_and_accuracy():
    X = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 3.0]])
    W = np.array([[1.0, 0.0], [0.0, 1.0]])
    np.testing.assert_array_equal(predict(W, X), [0, 1, 1])
    p = {"W1": np.eye(2), "b1": np.zeros(2), "W2": np.array([[0.0, 1.0], [1.0, 0.0]]), "b2": np.zeros(2)}
    np.testing.assert_array_equal(predict(p, X), [1, 0, 0])
    assert predict(p, X).dtype == np.int64
    assert accuracy(W, X, np.array([0, 1, 0])) == pytest.approx(2 / 3)
    assert accuracy(p, X, np.array([1, 0, 0])) == 1.0
    assert accuracy(p, X, np.array([1, 1, 1]), activation="tanh") == pytest.approx(1 / 3)


def test_trains_on_digits():
    X, y = load_digits(scale=True, bias=False)
    assert X.shape == (1797, 64)
    params = init_two_layer(64, 32, 10, np.random.default_rng(0))
    first, _ = two_layer_loss_and_grad(params, X, y)
    for _ in range(60):
        loss, grads = two_layer_loss_and_grad(params, X, y, reg=1e-4)
        for k in params:
            params[k] -= 1.0 * grads[k]
    assert loss < first / 4
    assert accuracy(params, X, y) > 0.9
    Xb = np.hstack([X, np.ones((1797, 1))])
    W = np.zeros((65, 10))
    for _ in range(40):
        W -= 1.0 * softmax_loss_and_grad(W, Xb, y)[1]
    assert accuracy(W, Xb, y) > 0.9


def test_model_errors():
    X, y = small_problem()
    W = np.zeros((5, 3))
    p = init_two_layer(5, 4, 3, np.random.default_rng(0))
    with pytest.raises(TypeError, match="y must hold integer"):
        softmax_loss_and_grad(W, X, y.astype(float))
    with pytest.raises(ValueError, match="y must hold labels in 0"):
        softmax_loss_and_grad(W, X, y + 3)
    with pytest.raises(ValueError, match="y must have shape"):
        two_layer_loss_and_grad(p, X, y[:3])
    with pytest.raises(ValueError, match="X must have 5 columns"):
        two_layer_loss_and_grad(p, X[:, :4], y)
    with pytest.raises(ValueError, match="reg"):
        two_layer_loss_and_grad(p, X, y, reg=-1.0)
    with pytest.raises(ValueError, match="activation"):
        two_layer_loss_and_grad(p, X, y, activation="sigmoid")
    with pytest.raises(ValueError, match="params is missing"):
        two_layer_loss_and_grad({"W1": p["W1"]}, X, y)
    with pytest.raises(ValueError, match="params shapes"):
        two_layer_loss_and_grad({**p, "b1": np.zeros(9)}, X, y)
    with pytest.raises(TypeError, match="params"):
        predict([p], X)
    with pytest.raises(ValueError, match="n_hidden"):
        init_two_layer(5, 0, 3, np.random.default_rng(0))
    with pytest.raises(TypeError, match="rng"):
        init_two_layer(5, 4, 3, 0)
    with pytest.raises(ValueError, match="y must have shape"):
        accuracy(W, X, y[:3])

"""grader.random_search: lesson 01's references, the SVM loss, random search, random local search."""

import numpy as np
import pytest

from grader.random_search import random_local_search, random_search, svm_loss


# ----------------------------------------------------------------- svm_loss
def test_svm_loss_worked_example():
    # scores [1, 2, 0] with label 0 pay max(0, 2 - 1 + 1) = 2; scores [0, 1, 3] with label 2 pay 0
    X = np.eye(2)
    W = np.array([[1.0, 2.0, 0.0], [0.0, 1.0, 3.0]])
    y = np.array([0, 2])
    assert svm_loss(W, X, y) == pytest.approx(1.0, abs=1e-15)
    assert svm_loss(W, X, y, delta=0.0) == pytest.approx(0.5, abs=1e-15)
    assert isinstance(svm_loss(W, X, y), float)


def test_svm_loss_tiny_weights_is_about_number_of_wrong_classes():
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((50, 5)), rng.integers(10, size=50)
    assert svm_loss(np.zeros((5, 10)), X, y) == pytest.approx(9.0, abs=1e-15)


def test_svm_loss_stack_equals_one_call_per_matrix():
    rng = np.random.default_rng(1)
    X, y = rng.standard_normal((20, 4)), rng.integers(3, size=20)
    Ws = rng.standard_normal((2, 5, 4, 3))
    got = svm_loss(Ws, X, y, 0.5)
    assert got.shape == (2, 5)
    want = np.array([[svm_loss(Ws[i, j], X, y, 0.5) for j in range(5)] for i in range(2)])
    np.testing.assert_allclose(got, want, rtol=1e-13)


def test_svm_loss_errors():
    X, y = np.ones((3, 2)), np.array([0, 1, 2])
    with pytest.raises(ValueError, match="W must have shape"):
        svm_loss(np.ones((3, 3)), X, y)
    with pytest.raises(ValueError, match="labels outside"):
        svm_loss(np.ones((2, 2)), X, y)
    with pytest.raises(TypeError, match="integer labels"):
        svm_loss(np.ones((2, 3)), X, y.astype(float))
    with pytest.raises(ValueError, match="delta"):
        svm_loss(np.ones((2, 3)), X, y, -1.0)


# ----------------------------------------------------------------- random_search
bowl = lambda W: float(np.sum((W - 0.5) ** 2))


def test_random_search_follows_the_draws_and_keeps_the_first_best():
    W, best, losses = random_search(bowl, (2, 3), 30, 0.7, np.random.default_rng(5))
    draws = 0.7 * np.random.default_rng(5).standard_normal((30, 2, 3))
    np.testing.assert_allclose(losses, [bowl(D) for D in draws], rtol=1e-15)
    k = int(np.argmin(losses))
    np.testing.assert_array_equal(W, draws[k])
    assert best == losses[k]
    W, _, _ = random_search(lambda W: 1.0, 4, 5, 1.0, np.random.default_rng(8))   # ties: the first try
    np.testing.assert_array_equal(W, np.random.default_rng(8).standard_normal(4))


def test_random_search_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="n_tries"):
        random_search(bowl, (2,), 0, 1.0, rng)
    with pytest.raises(ValueError, match="scale"):
        random_search(bowl, (2,), 3, 0.0, rng)
    with pytest.raises(ValueError, match="shape"):
        random_search(bowl, (2, 0), 3, 1.0, rng)
    with pytest.raises(TypeError, match="rng"):
        random_search(bowl, (2,), 3, 1.0, 0)
    with pytest.raises(ValueError, match="no finite loss"):
        random_search(lambda W: np.nan, (2,), 3, 1.0, rng)


# ----------------------------------------------------------------- random_local_search
def test_random_local_search_moves_only_when_strictly_better():
    W0 = np.full((3, 2), 2.0)
    W, best, history = random_local_search(bowl, W0, 40, 0.3, np.random.default_rng(9))
    steps = 0.3 * np.random.default_rng(9).standard_normal((40, 3, 2))
    W_ref, best_ref = W0.copy(), bowl(W0)
    for k in range(40):
        if bowl(W_ref + steps[k]) < best_ref:
            W_ref, best_ref = W_ref + steps[k], bowl(W_ref + steps[k])
        assert history[k] == best_ref
    np.testing.assert_array_equal(W, W_ref)
    assert best == best_ref and np.all(np.diff(history) <= 0)
    np.testing.assert_array_equal(W0, 2.0)                    # W0 untouched
    W, _, _ = random_local_search(lambda W: 1.0, W0, 5, 0.3, np.random.default_rng(9))   # a plateau: stay
    np.testing.assert_array_equal(W, W0)


def test_random_local_search_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="n_iters"):
        random_local_search(bowl, np.zeros(2), 0, 0.1, rng)
    with pytest.raises(ValueError, match="step_size"):
        random_local_search(bowl, np.zeros(2), 3, -0.1, rng)
    with pytest.raises(TypeError, match="loss_fn"):
        random_local_search(None, np.zeros(2), 3, 0.1, rng)


# ----------------------------------------------------------------- tries_needed (issue 13)
def test_tries_needed_hand_values():
    from grader.random_search import tries_needed
    assert tries_needed(0.5, 0.9) == 4            # 1 - 0.5**3 = 0.875 < 0.9 <= 1 - 0.5**4
    assert tries_needed(0.1, 0.95) == 29          # 0.9**28 = 0.052 > 0.05 >= 0.9**29 = 0.047
    assert tries_needed(0.5, 0.75) == 2           # met exactly at 2: "at least"
    assert tries_needed(1.0, 0.99) == 1
    assert isinstance(tries_needed(0.3, 0.9), int)


def test_tries_needed_is_the_smallest_n():
    from grader.random_search import tries_needed
    for p in (0.9, 0.37, 0.05, 1e-3):
        for c in (0.2, 0.9, 0.999):
            n = tries_needed(p, c)
            assert 1 - (1 - p) ** n >= c and (n == 1 or 1 - (1 - p) ** (n - 1) < c)


@pytest.mark.parametrize("p, c", [(0.0, 0.9), (1.5, 0.9), (-0.1, 0.9), (0.5, 0.0), (0.5, 1.0)])
def test_tries_needed_rejects_bad_arguments(p, c):
    from grader.random_search import tries_needed
    with pytest.raises(ValueError):
        tries_needed(p, c)

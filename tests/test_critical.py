"""helpers.critical: the second-order test and random Hessians."""

import numpy as np
import pytest

from helpers.critical import classify_critical_point, fraction_positive_definite, random_symmetric_hessians


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


def test_random_symmetric_hessians_goe_draw():
    H = random_symmetric_hessians(4, 6, np.random.default_rng(0))
    A = np.random.default_rng(0).standard_normal((6, 4, 4))
    assert H.shape == (6, 4, 4) and H.dtype == np.float64
    np.testing.assert_allclose(H, (A + A.transpose(0, 2, 1)) / 2, rtol=1e-15)
    np.testing.assert_array_equal(H, H.transpose(0, 2, 1))


def test_random_symmetric_hessians_independent_eigenvalues():
    H = random_symmetric_hessians(3, 5, np.random.default_rng(1), ensemble="independent")
    lam = np.random.default_rng(1).standard_normal((5, 3))
    np.testing.assert_array_equal(H, H.transpose(0, 2, 1))
    np.testing.assert_allclose(np.linalg.eigvalsh(H), np.sort(lam, axis=1), atol=1e-12)


def test_fraction_positive_definite():
    rng = np.random.default_rng(0)
    assert fraction_positive_definite(1, 20_000, rng) == pytest.approx(0.5, abs=0.02)
    assert fraction_positive_definite(3, 40_000, rng, ensemble="independent") == pytest.approx(1 / 8, abs=0.01)
    goe = [fraction_positive_definite(n, 20_000, rng) for n in (1, 2, 3)]
    assert goe[0] > goe[1] > goe[2] and goe[2] < 1 / 8  # falls faster than 2^-n


def test_fraction_equals_classify_loop():
    H = random_symmetric_hessians(3, 200, np.random.default_rng(5))
    by_loop = np.mean([classify_critical_point(h) == "minimum" for h in H])
    assert fraction_positive_definite(3, 200, np.random.default_rng(5)) == by_loop


def test_random_errors():
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="n must be >= 1"):
        random_symmetric_hessians(0, 3, rng)
    with pytest.raises(ValueError, match="count"):
        fraction_positive_definite(2, 0, rng)
    with pytest.raises(TypeError, match="rng"):
        fraction_positive_definite(2, 5, 0)
    with pytest.raises(ValueError, match="ensemble"):
        random_symmetric_hessians(2, 3, rng, ensemble="gue")

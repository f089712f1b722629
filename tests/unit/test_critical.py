"""helpers.critical: random Hessians and how often they are positive definite."""

import numpy as np
import pytest

from grader.saddles_and_plateaus import classify_critical_point
from helpers.critical import fraction_positive_definite, random_symmetric_hessians


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

"""Tests for grader.ewma (lesson 05's reference): the EWMA of a series, the in-place step, bias correction."""

import numpy as np
import pytest

from grader.ewma import bias_correction, ewma, ewma_update


def loop_ewma(theta, beta, corrected=False):
    """The textbook recurrence, one Python step at a time (v_0 = 0)."""
    v, out = 0.0, []
    for t, x in enumerate(theta, start=1):
        v = beta * v + (1 - beta) * x
        out.append(v / (1 - beta**t) if corrected else v)
    return np.array(out)


# ------------------------------------------------------------------ ewma ---
def test_hand_computed_values():
    # beta = 0.5: v1 = 0.5*0 + 0.5*10 = 5; v2 = 0.5*5 + 0.5*20 = 12.5; v3 = 0.5*12.5 + 0.5*30 = 21.25
    v = ewma([10.0, 20.0, 30.0], 0.5)
    np.testing.assert_allclose(v, [5.0, 12.5, 21.25], rtol=0, atol=1e-14)
    # corrected: divide by 1 - 0.5**t = 0.5, 0.75, 0.875
    vc = ewma([10.0, 20.0, 30.0], 0.5, bias_correction=True)
    np.testing.assert_allclose(vc, [10.0, 12.5 / 0.75, 21.25 / 0.875], rtol=1e-15)


def test_starts_from_zero_and_excludes_v0():
    theta = np.array([4.0, 4.0])
    v = ewma(theta, 0.9)
    assert v.shape == (2,)  # v_1 .. v_n, no v_0
    assert v[0] == pytest.approx(0.4)  # (1 - beta) * theta_1, not theta_1


def test_lecture_day_two_bias_correction():
    # notes: beta = 0.98, v_2 = 0.0196 theta_1 + 0.02 theta_2, corrected by 1 - 0.98**2 = 0.0396
    theta = np.array([40.0, 50.0])
    v = ewma(theta, 0.98)
    assert v[1] == pytest.approx(0.0196 * 40 + 0.02 * 50)
    vc = ewma(theta, 0.98, bias_correction=True)
    assert vc[1] == pytest.approx((0.0196 * 40 + 0.02 * 50) / 0.0396)


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.98, 0.999])
@pytest.mark.parametrize("corrected", [False, True])
def test_matches_python_loop(beta, corrected):
    theta = np.random.default_rng(1).normal(15, 8, size=365)
    expected = loop_ewma(theta, beta, corrected)
    got = ewma(theta, beta, bias_correction=corrected)
    if corrected:
        np.testing.assert_allclose(got, expected, rtol=1e-13)
    else:  # the filter performs the recurrence's own operations: bit for bit
        np.testing.assert_array_equal(got, expected)


def test_beta_zero_is_identity():
    theta = np.array([3.0, -1.0, 7.5])
    np.testing.assert_array_equal(ewma(theta, 0.0), theta)
    np.testing.assert_array_equal(ewma(theta, 0.0, bias_correction=True), theta)


def test_weights_sum_to_one_minus_beta_to_the_t():
    beta = 0.9
    v = ewma(np.ones(50), beta)
    t = np.arange(1, 51)
    np.testing.assert_allclose(v, 1 - beta**t, rtol=1e-13)
    np.testing.assert_allclose(ewma(np.ones(50), beta, bias_correction=True), 1.0, rtol=1e-13)


def test_long_series_beta_close_to_one_is_stable():
    n, beta = 200_000, 0.99999
    v = ewma(np.ones(n), beta, bias_correction=True)
    assert np.all(np.isfinite(v))
    np.testing.assert_allclose(v, 1.0, rtol=1e-9)
    theta = np.random.default_rng(2).standard_normal(20_000)
    np.testing.assert_array_equal(ewma(theta, 0.9999), loop_ewma(theta, 0.9999))


def test_two_d_averages_each_column():
    theta = np.random.default_rng(3).standard_normal((30, 3))
    v = ewma(theta, 0.8, bias_correction=True)
    assert v.shape == (30, 3)
    for j in range(3):
        np.testing.assert_allclose(v[:, j], loop_ewma(theta[:, j], 0.8, True), rtol=1e-13)


def test_output_dtype_shape_and_input_untouched():
    theta32 = np.arange(1, 6, dtype=np.float32)
    before = theta32.copy()
    v = ewma(theta32, 0.9)
    assert v.dtype == np.float64 and v.shape == (5,)
    np.testing.assert_array_equal(theta32, before)
    assert ewma([1, 2, 3], 0.5).dtype == np.float64  # ints and lists accepted
    assert ewma(np.empty(0), 0.9).shape == (0,)


@pytest.mark.parametrize("beta", [1.0, 1.5, -0.1, float("nan")])
def test_beta_outside_unit_interval_raises(beta):
    with pytest.raises(ValueError, match="beta"):
        ewma([1.0, 2.0], beta)


@pytest.mark.parametrize("beta", ["0.9", None, True])
def test_beta_wrong_type_raises(beta):
    with pytest.raises(TypeError, match="beta"):
        ewma([1.0, 2.0], beta)


def test_bad_theta_raises():
    with pytest.raises(ValueError, match="theta"):
        ewma(np.zeros((2, 2, 2)), 0.9)
    with pytest.raises(ValueError, match="theta"):
        ewma(3.0, 0.9)
    with pytest.raises(ValueError, match="theta"):
        ewma([1.0, np.nan, 2.0], 0.9)
    with pytest.raises(TypeError, match="theta"):
        ewma(["a", "b"], 0.9)
    with pytest.raises(TypeError, match="bias_correction"):
        ewma([1.0], 0.9, bias_correction="yes")


def test_equals_pandas_ewm_adjust_true():
    pd = pytest.importorskip("pandas")
    theta = np.random.default_rng(4).normal(10, 5, size=1000)
    for beta in (0.5, 0.9, 0.98):
        expected = pd.Series(theta).ewm(alpha=1 - beta, adjust=True).mean().to_numpy()
        np.testing.assert_allclose(ewma(theta, beta, bias_correction=True), expected, rtol=1e-10)
        # and adjust=False (which starts from v_1 = theta_1) is NOT the course's EWMA
        not_ours = pd.Series(theta).ewm(alpha=1 - beta, adjust=False).mean().to_numpy()
        assert not np.allclose(ewma(theta, beta), not_ours)


# ----------------------------------------------------------- ewma_update ---
def test_update_in_place_hand_values():
    v = np.array([0.0, 1.0])
    out = ewma_update(v, np.array([10.0, 3.0]), 0.9)
    assert out is v
    np.testing.assert_allclose(v, [1.0, 0.9 * 1.0 + 0.1 * 3.0], rtol=1e-15)
    ewma_update(v, np.array([10.0, 3.0]), 0.9)
    np.testing.assert_allclose(v[0], 0.9 * 1.0 + 0.1 * 10.0, rtol=1e-15)


def test_update_is_bitwise_the_textbook_expression():
    rng = np.random.default_rng(5)
    v, x = rng.standard_normal(1000), rng.standard_normal(1000)
    expected = 0.97 * v + (1 - 0.97) * x
    np.testing.assert_array_equal(ewma_update(v.copy(), x, 0.97), expected)


def test_update_steps_reproduce_ewma():
    theta = np.random.default_rng(6).standard_normal((40, 2))
    v = np.zeros(2)
    rows = [ewma_update(v, row, 0.8).copy() for row in theta]
    np.testing.assert_array_equal(np.array(rows), ewma(theta, 0.8))


def test_update_out_and_scratch():
    v = np.array([1.0, 2.0])
    x = np.array([3.0, 5.0])
    out = np.empty(2)
    res = ewma_update(v, x, 0.5, out=out)
    assert res is out
    np.testing.assert_array_equal(v, [1.0, 2.0])  # untouched when out is given
    np.testing.assert_allclose(out, [2.0, 3.5])
    scratch = np.empty(2)
    ewma_update(v, x, 0.5, scratch=scratch)
    np.testing.assert_allclose(v, [2.0, 3.5])
    x2 = x.copy()
    ewma_update(v, x2, 0.5, scratch=x2)  # x may double as scratch (it is overwritten)
    np.testing.assert_allclose(v, [2.5, 4.25])


def test_update_keeps_float32():
    v = np.zeros(3, dtype=np.float32)
    ewma_update(v, np.ones(3, dtype=np.float32), 0.9)
    assert v.dtype == np.float32
    np.testing.assert_allclose(v, 0.1, rtol=1e-6)


def test_update_errors():
    v = np.zeros(3)
    with pytest.raises(ValueError, match="beta"):
        ewma_update(v, np.ones(3), 1.0)
    with pytest.raises(ValueError, match="x"):
        ewma_update(v, np.ones(4), 0.9)
    with pytest.raises(TypeError, match="v"):
        ewma_update([0.0, 0.0, 0.0], np.ones(3), 0.9)
    with pytest.raises(TypeError, match="v"):
        ewma_update(np.zeros(3, dtype=int), np.ones(3), 0.9)
    ro = np.zeros(3)
    ro.flags.writeable = False
    with pytest.raises(ValueError, match="v"):
        ewma_update(ro, np.ones(3), 0.9)
    with pytest.raises(ValueError, match="scratch"):
        ewma_update(v, np.ones(3), 0.9, scratch=v)
    with pytest.raises(ValueError, match="out"):
        ewma_update(v, np.ones(3), 0.9, out=np.zeros(2))


# ------------------------------------------------------- bias_correction ---
def test_bias_correction_values_and_broadcast():
    assert bias_correction(0.02, 0.98, 1) == pytest.approx(1.0)
    assert bias_correction(0.0396, 0.98, 2) == pytest.approx(1.0)
    v = np.array([0.1, 0.19, 0.271])
    np.testing.assert_allclose(bias_correction(v, 0.9, np.array([1, 2, 3])), 1.0, rtol=1e-14)
    v_in = v.copy()
    bias_correction(v_in, 0.9, 3)
    np.testing.assert_array_equal(v_in, v)  # returns a new array


def test_bias_correction_errors():
    with pytest.raises(ValueError, match="t"):
        bias_correction(1.0, 0.9, 0)
    with pytest.raises(ValueError, match="t"):
        bias_correction(np.ones(2), 0.9, np.array([0, 1]))
    with pytest.raises(TypeError, match="t"):
        bias_correction(1.0, 0.9, 1.0)
    with pytest.raises(ValueError, match="beta"):
        bias_correction(1.0, 1.0, 3)


# ----------------------------------------------------------------- steps_until_unbiased (issue 13)
def test_steps_until_unbiased_hand_values():
    from grader.ewma import steps_until_unbiased
    assert steps_until_unbiased(0.99, 0.01) == 459     # 0.99**458 = 0.01002, 0.99**459 = 0.00992
    assert steps_until_unbiased(0.5, 0.25) == 3        # 0.5**2 = 0.25 is not < 0.25
    assert steps_until_unbiased(0.0, 0.01) == 1
    assert isinstance(steps_until_unbiased(0.9, 0.05), int)


def test_steps_until_unbiased_matches_the_corrected_average():
    """From the returned step on, |v_hat - v| < tol |v_hat| for a series (here: the gap is beta**t)."""
    from grader.ewma import steps_until_unbiased
    theta = np.random.default_rng(0).uniform(1.0, 2.0, 600)
    for beta in (0.5, 0.9, 0.98):
        t = steps_until_unbiased(beta, 0.01)
        raw, hat = ewma(theta, beta), ewma(theta, beta, bias_correction=True)
        close = np.abs(hat - raw) < 0.01 * np.abs(hat)
        assert close[t - 1:].all() and not close[t - 2]


@pytest.mark.parametrize("beta, tol", [(1.0, 0.01), (-0.1, 0.01), (0.9, 0.0), (0.9, 1.0)])
def test_steps_until_unbiased_rejects_bad_arguments(beta, tol):
    from grader.ewma import steps_until_unbiased
    with pytest.raises(ValueError):
        steps_until_unbiased(beta, tol)

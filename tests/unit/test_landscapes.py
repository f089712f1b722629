"""helpers.landscapes: values, broadcasting, gradients and Hessians against finite differences."""

import numpy as np
import pytest

from helpers import landscapes as L
from grader.saddles_and_plateaus import classify_critical_point
from grader.finite_differences import numerical_gradient

# (f, grad, hessian, kwargs)
CASES = [
    (L.quadratic_bowl, L.quadratic_bowl_grad, L.quadratic_bowl_hessian, {}),
    (L.quadratic_bowl, L.quadratic_bowl_grad, L.quadratic_bowl_hessian, {"a": 2.0, "b": 0.5, "angle": 0.6}),
    (L.rosenbrock, L.rosenbrock_grad, L.rosenbrock_hessian, {}),
    (L.rosenbrock, L.rosenbrock_grad, L.rosenbrock_hessian, {"a": -0.5, "b": 3.0}),
    (L.saddle, L.saddle_grad, L.saddle_hessian, {}),
    (L.monkey_saddle, L.monkey_saddle_grad, L.monkey_saddle_hessian, {}),
    (L.double_well, L.double_well_grad, L.double_well_hessian, {}),
    (L.bumpy_2d, L.bumpy_2d_grad, L.bumpy_2d_hessian, {}),
    (L.bumpy_2d, L.bumpy_2d_grad, L.bumpy_2d_hessian, {"curvature": 0.3, "amplitude": 0.5, "frequency": 3.0}),
    (L.plateau, L.plateau_grad, L.plateau_hessian, {}),
    (L.plateau, L.plateau_grad, L.plateau_hessian, {"width": 0.5}),
]
IDS = [f"{c[0].__name__}{'-' + str(i) if c[3] else ''}" for i, c in enumerate(CASES)]
POINTS = np.array([[0.3, -0.7], [-1.2, 1.0], [1.1, 0.4], [-0.45, -1.3], [0.05, 0.9]])


@pytest.mark.parametrize("f, grad, hess, kw", CASES, ids=IDS)
def test_broadcast_over_grid_equals_pointwise_loop(f, grad, hess, kw):
    X, Y, P = L.make_grid((-1.5, 1.5), (-1.0, 2.0), num=7)
    Z, G, H = f(P, **kw), grad(P, **kw), hess(P, **kw)
    assert Z.shape == (7, 7) and G.shape == (7, 7, 2) and H.shape == (7, 7, 2, 2)
    for i in range(7):
        for j in range(7):
            w = np.array([X[i, j], Y[i, j]])
            assert f(w, **kw).shape == ()
            np.testing.assert_allclose(Z[i, j], f(w, **kw), rtol=1e-13, atol=1e-13)
            np.testing.assert_allclose(G[i, j], grad(w, **kw), rtol=1e-13, atol=1e-13)
            np.testing.assert_allclose(H[i, j], hess(w, **kw), rtol=1e-13, atol=1e-13)
    # arbitrary leading axes, lists accepted
    assert f(P[None], **kw).shape == (1, 7, 7)
    np.testing.assert_allclose(f([0.3, -0.7], **kw), f(np.array([0.3, -0.7]), **kw))


@pytest.mark.parametrize("f, grad, hess, kw", CASES, ids=IDS)
def test_gradient_matches_numerical_gradient(f, grad, hess, kw):
    for w in POINTS:
        num = numerical_gradient(lambda v: f(v, **kw), w.copy())
        np.testing.assert_allclose(grad(w, **kw), num, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("f, grad, hess, kw", CASES, ids=IDS)
def test_hessian_matches_numerical_jacobian_of_gradient(f, grad, hess, kw):
    for w in POINTS:
        H = hess(w, **kw)
        np.testing.assert_array_equal(H, H.T)
        num = np.stack([numerical_gradient(lambda v: grad(v, **kw)[i], w.copy()) for i in range(2)])
        np.testing.assert_allclose(H, num, rtol=1e-6, atol=1e-6)


# ----------------------------------------------------------------- known values
def test_quadratic_bowl_values_and_curvature():
    assert L.quadratic_bowl([1.0, 1.0]) == pytest.approx(5.5)  # (1 * 1 + 10 * 1) / 2
    np.testing.assert_allclose(L.quadratic_bowl_grad([1.0, 1.0]), [1.0, 10.0])
    np.testing.assert_allclose(L.quadratic_bowl_hessian([0.0, 0.0], a=3.0, b=0.5), np.diag([3.0, 0.5]))
    assert L.quadratic_bowl_max_curvature(3.0, 0.5) == pytest.approx(3.0)
    H = L.quadratic_bowl_hessian([0.0, 0.0], a=1.0, b=10.0, angle=0.7)
    np.testing.assert_allclose(np.linalg.eigvalsh(H), [1.0, 10.0])
    assert L.quadratic_bowl_max_curvature(1.0, 10.0, angle=0.7) == pytest.approx(10.0)


def test_rosenbrock_matches_scipy():
    optimize = pytest.importorskip("scipy.optimize")
    _, _, P = L.make_grid((-2, 2), (-1, 3), num=11)
    np.testing.assert_allclose(L.rosenbrock(P), optimize.rosen(np.moveaxis(P, -1, 0)), rtol=1e-14)
    for w in P.reshape(-1, 2)[::7]:
        np.testing.assert_allclose(L.rosenbrock_grad(w), optimize.rosen_der(w), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(L.rosenbrock_hessian(w), optimize.rosen_hess(w), rtol=1e-12, atol=1e-12)
    assert L.rosenbrock([1.0, 1.0]) == 0.0
    np.testing.assert_array_equal(L.rosenbrock_grad([1.0, 1.0]), [0.0, 0.0])


def test_critical_points_classified():
    assert classify_critical_point(L.saddle_hessian([0.0, 0.0])) == "saddle"
    assert classify_critical_point(L.monkey_saddle_hessian([0.0, 0.0])) == "degenerate"
    assert classify_critical_point(L.double_well_hessian([0.0, 0.0])) == "saddle"
    for y in (1.0, -1.0):
        np.testing.assert_array_equal(L.double_well_grad([0.0, y]), [0.0, 0.0])
        assert classify_critical_point(L.double_well_hessian([0.0, y])) == "minimum"
    assert classify_critical_point(L.rosenbrock_hessian([1.0, 1.0])) == "minimum"
    assert classify_critical_point(L.bumpy_2d_hessian([0.0, 0.0])) == "minimum"
    assert classify_critical_point(L.plateau_hessian([0.0, 0.0])) == "minimum"


def test_plateau_gradient_is_tiny_far_out():
    g = L.plateau_grad(np.array([-5.0, 4.0]))
    assert np.all(np.abs(g) < 3e-3) and np.abs(g[0]) < 4e-4
    assert L.plateau([-5.0, 4.0]) == pytest.approx(2.0, abs=2e-3)
    assert L.plateau([0.0, 0.0]) == 0.0


def test_bumpy_2d_has_a_worse_local_minimum():
    w = np.array([3.0, 0.0])
    for _ in range(500):
        w = w - 0.05 * L.bumpy_2d_grad(w)
    assert np.linalg.norm(L.bumpy_2d_grad(w)) < 1e-8
    assert L.bumpy_2d(w) > 0.1 and abs(w[0]) > 2.0  # stuck away from the global minimum at the origin
    assert classify_critical_point(L.bumpy_2d_hessian(w)) == "minimum"


# ----------------------------------------------------------------- bumpy_1d
def test_bumpy_1d_elementwise_and_derivatives():
    xs = np.linspace(-3, 3, 13).reshape(13, 1) * np.ones((1, 2))
    assert L.bumpy_1d(xs).shape == (13, 2)
    for x in np.linspace(-3, 3, 13):
        d1 = numerical_gradient(lambda v: L.bumpy_1d(v), np.array([x]))[0]
        d2 = numerical_gradient(lambda v: L.bumpy_1d_grad(v), np.array([x]))[0]
        assert L.bumpy_1d_grad(x) == pytest.approx(d1, rel=1e-6, abs=1e-8)
        assert L.bumpy_1d_second_derivative(x) == pytest.approx(d2, rel=1e-6, abs=1e-7)
    kw = {"curvature": 0.5, "minimum": -1.0, "height": 1.0, "center": 0.5, "width": 0.7}
    d1 = numerical_gradient(lambda v: L.bumpy_1d(v, **kw), np.array([0.2]))[0]
    assert L.bumpy_1d_grad(0.2, **kw) == pytest.approx(d1, rel=1e-7)


def test_bumpy_1d_gd_stops_momentum_crosses():
    lr, beta = 0.5, 0.9
    x_gd = x_mom = -3.0
    v = 0.0
    for _ in range(2000):
        x_gd = x_gd - lr * L.bumpy_1d_grad(x_gd)
        v = beta * v + (1 - beta) * L.bumpy_1d_grad(x_mom)
        x_mom = x_mom - lr * v
    assert x_gd == pytest.approx(-0.5726, abs=1e-3)  # local minimum in front of the bump
    assert L.bumpy_1d(x_gd) == pytest.approx(0.7427, abs=1e-3)
    assert x_mom == pytest.approx(2.0, abs=1e-3)  # the better minimum behind it
    assert L.bumpy_1d(x_mom) < 1e-6


# ----------------------------------------------------------------- grid, catalogue, errors
def test_make_grid():
    X, Y, P = L.make_grid((-1, 1), (0, 2), num=3)
    np.testing.assert_array_equal(X, [[-1, 0, 1]] * 3)
    np.testing.assert_array_equal(Y, [[0, 0, 0], [1, 1, 1], [2, 2, 2]])
    np.testing.assert_array_equal(P, np.stack([X, Y], axis=-1))


@pytest.mark.parametrize("name", L.LANDSCAPE_NAMES)
def test_catalogue(name):
    land = L.get_landscape(name)
    assert land.name == name
    start = np.array(land.start)
    assert np.shape(land.f(start)) == () and land.grad(start).shape == (2,)
    assert land.hessian(start).shape == (2, 2)
    for m in land.minima:
        np.testing.assert_allclose(land.grad(np.array(m)), [0.0, 0.0], atol=1e-12)
        assert classify_critical_point(land.hessian(np.array(m))) == "minimum"
    assert land.xlim[0] < land.xlim[1] and land.ylim[0] < land.ylim[1]


def test_errors():
    with pytest.raises(ValueError, match="w must have shape"):
        L.rosenbrock(np.ones(3))
    with pytest.raises(ValueError, match="w must have shape"):
        L.saddle_grad(np.ones((4, 3)))
    with pytest.raises(ValueError, match="w must have shape"):
        L.plateau(1.0)
    with pytest.raises(TypeError, match="w"):
        L.quadratic_bowl(np.array(["a", "b"]))
    with pytest.raises(ValueError, match="a must be > 0"):
        L.quadratic_bowl([1.0, 1.0], a=0.0)
    with pytest.raises(ValueError, match="b must be > 0"):
        L.quadratic_bowl_max_curvature(1.0, -2.0)
    with pytest.raises(ValueError, match="angle"):
        L.quadratic_bowl_grad([1.0, 1.0], angle=np.nan)
    with pytest.raises(ValueError, match="b"):
        L.rosenbrock_grad([1.0, 1.0], b=0)
    with pytest.raises(ValueError, match="width"):
        L.bumpy_1d(0.0, width=0.0)
    with pytest.raises(ValueError, match="height"):
        L.bumpy_1d_grad(0.0, height=-1.0)
    with pytest.raises(ValueError, match="frequency"):
        L.bumpy_2d([0.0, 0.0], frequency=0.0)
    with pytest.raises(ValueError, match="width"):
        L.plateau_grad([0.0, 0.0], width=-1)
    with pytest.raises(ValueError, match="xlim"):
        L.make_grid((1, -1), (0, 1))
    with pytest.raises(ValueError, match="ylim"):
        L.make_grid((0, 1), (0,))
    with pytest.raises(ValueError, match="num"):
        L.make_grid((0, 1), (0, 1), num=1)
    with pytest.raises(ValueError, match="name"):
        L.get_landscape("beale")


# --------------------------------------------------------------------------- rotated landscapes
def test_rotate_points_by_hand():
    np.testing.assert_allclose(L.rotate_points([1.0, 0.0], np.pi / 2), [0.0, 1.0], atol=1e-15)
    np.testing.assert_allclose(L.rotate_points([[1.0, 0.0], [0.0, 2.0]], np.pi / 4),
                               [[np.sqrt(0.5), np.sqrt(0.5)], [-np.sqrt(2.0), np.sqrt(2.0)]], atol=1e-15)
    assert L.rotate_points(np.zeros((4, 3, 2)), 0.3).shape == (4, 3, 2)


def test_rotated_bowl_is_the_bowl_with_angle():
    """rotated(quadratic_bowl, t) == quadratic_bowl(angle=t): both turn counter-clockwise."""
    P = np.random.default_rng(5).standard_normal((7, 3, 2))
    for t in (0.0, 0.4, np.pi / 4, -1.3):
        kw = dict(a=0.5, b=25.0)
        g = L.rotated(lambda w: L.quadratic_bowl(w, **kw), t)
        np.testing.assert_allclose(g(P), L.quadratic_bowl(P, angle=t, **kw), rtol=1e-12, atol=1e-12)
        gg = L.rotated_grad(lambda w: L.quadratic_bowl_grad(w, **kw), t)
        np.testing.assert_allclose(gg(P), L.quadratic_bowl_grad(P, angle=t, **kw), rtol=1e-12, atol=1e-12)
        gh = L.rotated_hessian(lambda w: L.quadratic_bowl_hessian(w, **kw), t)
        np.testing.assert_allclose(gh(P), L.quadratic_bowl_hessian(P, angle=t, **kw), rtol=1e-12, atol=1e-12)


def test_rotated_moves_points_with_the_landscape():
    """g(Q p) = f(p), the gradient turns with the point, the Hessian keeps its eigenvalues."""
    P = np.random.default_rng(6).uniform(-2, 2, (20, 2))
    for f, fg, fh in [(L.rosenbrock, L.rosenbrock_grad, L.rosenbrock_hessian),
                      (L.plateau, L.plateau_grad, L.plateau_hessian),
                      (L.saddle, L.saddle_grad, L.saddle_hessian)]:
        t = 0.7
        g, gg, gh = L.rotated(f, t), L.rotated_grad(fg, t), L.rotated_hessian(fh, t)
        Pq = L.rotate_points(P, t)
        np.testing.assert_allclose(g(Pq), f(P), rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(gg(Pq), L.rotate_points(fg(P), t), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(np.linalg.eigvalsh(gh(Pq)), np.linalg.eigvalsh(fh(P)), rtol=1e-9, atol=1e-9)
        for p in Pq[:4]:   # the gradient is the gradient of g (not of f, not turned the wrong way)
            np.testing.assert_allclose(gg(p), numerical_gradient(g, p.copy()), rtol=1e-5, atol=1e-6)


def test_rotated_saddle_by_hand():
    g = L.rotated(L.saddle, np.pi / 2)     # x^2 - y^2 turned a quarter: the rising axis is now y
    assert float(g([0.0, 1.0])) == pytest.approx(1.0)
    assert float(g([1.0, 0.0])) == pytest.approx(-1.0)
    assert g(np.zeros((5, 2))).shape == (5,)


def test_rotated_bad_input():
    with pytest.raises(TypeError, match="f must be callable"):
        L.rotated(3.0, 0.1)
    with pytest.raises(TypeError, match="f_grad must be callable"):
        L.rotated_grad(None, 0.1)
    with pytest.raises(TypeError, match="f_hessian must be callable"):
        L.rotated_hessian("x", 0.1)
    with pytest.raises(ValueError, match="angle"):
        L.rotated(L.saddle, np.nan)
    with pytest.raises(TypeError, match="angle"):
        L.rotate_points([1.0, 0.0], "45")
    with pytest.raises(ValueError, match="w must have shape"):
        L.rotated(L.saddle, 0.3)(np.ones(3))


# --------------------------------------------------------------------------- lesson 11: the cliff
CLIFF_KW = [{}, {"a": 0.2, "b": 2.0, "wall_at": 0.5, "slope": 20.0, "width": 0.3}]


@pytest.mark.parametrize("kw", CLIFF_KW)
def test_cliff_gradient_and_hessian_match_finite_differences(kw):
    pts = np.array([[0.3, -0.7], [-1.2, 1.0], [1.1, 0.4], [-0.45, 1.3], [0.05, 0.9]])
    for w in pts:
        num = numerical_gradient(lambda v: L.cliff(v, **kw), w.copy())
        np.testing.assert_allclose(L.cliff_grad(w, **kw), num, rtol=1e-6, atol=1e-6)
        H = L.cliff_hessian(w, **kw)
        num_h = np.stack([numerical_gradient(lambda v: L.cliff_grad(v, **kw)[i], w.copy()) for i in range(2)])
        np.testing.assert_allclose(H, num_h, rtol=1e-5, atol=1e-5)
    X, Y, P = L.make_grid((-2, 2), (-2, 2), num=5)
    assert L.cliff(P, **kw).shape == (5, 5) and L.cliff_grad(P, **kw).shape == (5, 5, 2)
    assert L.cliff_hessian(P, **kw).shape == (5, 5, 2, 2)


def test_cliff_by_hand_valley_and_wall():
    # far below the wall: the valley alone; far past it: slope 50 along y
    np.testing.assert_allclose(L.cliff([2.0, -1.0]), 0.5 * (0.05 * 4 + 1.0), rtol=1e-12)
    np.testing.assert_allclose(L.cliff_grad([2.0, -1.0]), [0.1, -1.0], rtol=1e-12)
    np.testing.assert_allclose(L.cliff_grad([0.0, 3.0]), [0.0, 3.0 + 50.0], rtol=1e-12)
    np.testing.assert_allclose(L.cliff([0.0, 3.0]) - L.cliff([0.0, 2.0]), 2.5 + 50.0, rtol=1e-9)
    # no overflow far out
    assert np.isfinite(L.cliff([0.0, 1e4])) and np.isfinite(L.cliff_grad([0.0, -1e4])).all()


def test_cliff_bad_input():
    with pytest.raises(ValueError, match="slope"):
        L.cliff([0.0, 0.0], slope=0.0)
    with pytest.raises(ValueError, match="width"):
        L.cliff_grad([0.0, 0.0], width=-1.0)
    with pytest.raises(ValueError, match="shape"):
        L.cliff_hessian([0.0, 0.0, 0.0])
    with pytest.raises(TypeError, match="wall_at"):
        L.cliff([0.0, 0.0], wall_at="1")

"""Two-dimensional test landscapes (and one 1-D), with gradients and Hessians.

**Convention.** A 2-D landscape takes the points as one array ``w`` of shape
``(..., 2)`` — ``w[..., 0]`` is ``x``, ``w[..., 1]`` is ``y`` — and
broadcasts over the leading axes:

* ``f(w)``        has shape ``(...)``,
* ``f_grad(w)``   has shape ``(..., 2)``,
* ``f_hessian(w)`` has shape ``(..., 2, 2)``.

A single point ``w`` of shape ``(2,)`` — what an optimizer holds — gives a
0-d value, a ``(2,)`` gradient and a ``(2, 2)`` Hessian; a whole contour grid
is one call::

    X, Y, P = make_grid((-2, 2), (-1, 3), num=200)   # P.shape == (200, 200, 2)
    Z = rosenbrock(P)                                # Z.shape == (200, 200)
    plt.contour(X, Y, Z)

(Unlike ``scipy.optimize.rosen``, whose coordinates run along the *first*
axis, the coordinates here run along the *last* axis, matching NumPy's
broadcasting and the course's one-example-per-row convention.)

The 1-D function :func:`bumpy_1d` is elementwise: ``x`` of any shape, each
element a point.

Every formula is written out in its docstring; the tests check every gradient
and Hessian against centered finite differences.
"""

from __future__ import annotations

import numbers
from typing import Callable, NamedTuple

import numpy as np

from ._validate import _show, as_float_array, check_int, check_positive

__all__ = [
    "make_grid",
    "quadratic_bowl", "quadratic_bowl_grad", "quadratic_bowl_hessian", "quadratic_bowl_max_curvature",
    "rosenbrock", "rosenbrock_grad", "rosenbrock_hessian",
    "saddle", "saddle_grad", "saddle_hessian",
    "monkey_saddle", "monkey_saddle_grad", "monkey_saddle_hessian",
    "double_well", "double_well_grad", "double_well_hessian",
    "bumpy_1d", "bumpy_1d_grad", "bumpy_1d_second_derivative",
    "bumpy_2d", "bumpy_2d_grad", "bumpy_2d_hessian",
    "plateau", "plateau_grad", "plateau_hessian",
    "cliff", "cliff_grad", "cliff_hessian",
    "Landscape", "LANDSCAPE_NAMES", "get_landscape",
]


# --------------------------------------------------------------------------- checks
def _points(w) -> np.ndarray:
    w = as_float_array("w", w)
    if w.ndim == 0 or w.shape[-1] != 2:
        raise ValueError(f"w must have shape (..., 2) (x = w[..., 0], y = w[..., 1]), got shape {w.shape}")
    return w


def _real(name: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_show(value)}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}")
    return value


def _hessian(hxx, hxy, hyy) -> np.ndarray:
    """Stack the three distinct entries into symmetric ``(..., 2, 2)`` matrices."""
    hxx, hxy, hyy = np.broadcast_arrays(hxx, hxy, hyy)
    return np.stack([np.stack([hxx, hxy], axis=-1), np.stack([hxy, hyy], axis=-1)], axis=-2)


def make_grid(xlim, ylim, num=201):
    """A ``num x num`` grid for contour plots.

    Parameters
    ----------
    xlim, ylim : (float, float)
        ``(low, high)`` with ``low < high``.
    num : int, >= 2

    Returns
    -------
    X, Y : ndarray, shape ``(num, num)``
        As from ``np.meshgrid(np.linspace(*xlim, num), np.linspace(*ylim, num))``.
    P : ndarray, shape ``(num, num, 2)``
        ``np.stack([X, Y], axis=-1)``: the points, ready for any landscape.

    Raises
    ------
    TypeError, ValueError
        A limit that is not a pair of finite reals with ``low < high``; ``num < 2``.
    """
    num = check_int("num", num, minimum=2)
    axes = []
    for name, lim in (("xlim", xlim), ("ylim", ylim)):
        if not isinstance(lim, (tuple, list, np.ndarray)) or len(lim) != 2:
            raise ValueError(f"{name} must be a pair (low, high), got {_show(lim)}")
        lo, hi = _real(name, lim[0]), _real(name, lim[1])
        if not lo < hi:
            raise ValueError(f"{name} must have low < high, got {_show(lim)}")
        axes.append(np.linspace(lo, hi, num))
    X, Y = np.meshgrid(*axes)
    return X, Y, np.stack([X, Y], axis=-1)


# --------------------------------------------------------------------------- quadratic bowl
def _bowl_matrix(a, b, angle) -> np.ndarray:
    a = check_positive("a", a)
    b = check_positive("b", b)
    angle = _real("angle", angle)
    c, s = np.cos(angle), np.sin(angle)
    R = np.array([[c, s], [-s, c]])  # (u, v) = R @ (x, y): coordinates along the principal axes
    return R.T @ np.diag([a, b]) @ R


def quadratic_bowl(w, a=1.0, b=10.0, angle=0.0):
    r"""Elongated quadratic bowl (minimum 0 at the origin).

    .. math:: f(w) = \tfrac12\, w^\top H w, \qquad H = R_\theta^\top \operatorname{diag}(a, b)\, R_\theta

    with curvatures ``a, b > 0`` along principal axes rotated by ``angle``
    (radians; ``angle = 0`` gives ``f = (a x^2 + b y^2) / 2``). The condition
    number is ``max(a, b) / min(a, b)``; gradient descent converges iff
    ``0 < lr < 2 / L`` with ``L = max(a, b)`` (:func:`quadratic_bowl_max_curvature`).

    Parameters
    ----------
    w : array_like, shape ``(..., 2)``
    a, b : float, > 0
    angle : float

    Returns
    -------
    ndarray, shape ``(...)``

    Raises
    ------
    ValueError
        ``w`` not of shape ``(..., 2)``; ``a <= 0`` or ``b <= 0``.
    """
    w = _points(w)
    H = _bowl_matrix(a, b, angle)
    return 0.5 * np.sum(w * (w @ H), axis=-1)


def quadratic_bowl_grad(w, a=1.0, b=10.0, angle=0.0):
    r"""Gradient of :func:`quadratic_bowl`: :math:`\nabla f(w) = H w`, shape ``(..., 2)``."""
    w = _points(w)
    return w @ _bowl_matrix(a, b, angle)  # H is symmetric, so w H = (H w)^T


def quadratic_bowl_hessian(w, a=1.0, b=10.0, angle=0.0):
    """Hessian of :func:`quadratic_bowl`: the constant ``H``, broadcast to shape ``(..., 2, 2)``."""
    w = _points(w)
    H = _bowl_matrix(a, b, angle)
    return np.array(np.broadcast_to(H, w.shape[:-1] + (2, 2)))


def quadratic_bowl_max_curvature(a=1.0, b=10.0, angle=0.0):
    """Largest curvature ``L = λ_max(H) = max(a, b)`` of :func:`quadratic_bowl`.

    Gradient descent on the bowl converges iff ``0 < lr < 2 / L``; at
    ``lr = 1 / L`` the stiff direction is solved in one step.

    Returns
    -------
    float
    """
    return float(np.linalg.eigvalsh(_bowl_matrix(a, b, angle))[-1])


# --------------------------------------------------------------------------- Rosenbrock
def rosenbrock(w, a=1.0, b=100.0):
    r"""Rosenbrock's banana valley, minimum 0 at ``(a, a**2)``.

    .. math:: f(x, y) = (a - x)^2 + b\,(y - x^2)^2

    Parameters
    ----------
    w : array_like, shape ``(..., 2)``
    a : float
    b : float, > 0

    Returns
    -------
    ndarray, shape ``(...)``  (equals ``scipy.optimize.rosen(np.moveaxis(w, -1, 0))`` for ``a=1, b=100``)
    """
    w = _points(w)
    a, b = _real("a", a), check_positive("b", b)
    x, y = w[..., 0], w[..., 1]
    return (a - x) ** 2 + b * (y - x**2) ** 2


def rosenbrock_grad(w, a=1.0, b=100.0):
    r"""Gradient of :func:`rosenbrock`, shape ``(..., 2)``.

    .. math::
        \partial_x f = -2(a - x) - 4 b x (y - x^2), \qquad \partial_y f = 2 b (y - x^2)
    """
    w = _points(w)
    a, b = _real("a", a), check_positive("b", b)
    x, y = w[..., 0], w[..., 1]
    r = y - x**2
    return np.stack([-2.0 * (a - x) - 4.0 * b * x * r, 2.0 * b * r], axis=-1)


def rosenbrock_hessian(w, a=1.0, b=100.0):
    r"""Hessian of :func:`rosenbrock`, shape ``(..., 2, 2)``.

    .. math::
        \begin{pmatrix} 2 - 4 b y + 12 b x^2 & -4 b x \\ -4 b x & 2 b \end{pmatrix}
    """
    w = _points(w)
    _real("a", a)
    b = check_positive("b", b)
    x, y = w[..., 0], w[..., 1]
    return _hessian(2.0 - 4.0 * b * y + 12.0 * b * x**2, -4.0 * b * x, 2.0 * b)


# --------------------------------------------------------------------------- saddles
def saddle(w):
    r"""The classic saddle :math:`f(x, y) = x^2 - y^2` (critical point at the origin, unbounded below).

    Returns shape ``(...)`` for ``w`` of shape ``(..., 2)``.
    """
    w = _points(w)
    return w[..., 0] ** 2 - w[..., 1] ** 2


def saddle_grad(w):
    r""":math:`\nabla f = (2x, -2y)`, shape ``(..., 2)``."""
    w = _points(w)
    return w * np.array([2.0, -2.0])


def saddle_hessian(w):
    r"""The constant :math:`\operatorname{diag}(2, -2)` broadcast to shape ``(..., 2, 2)`` (one positive, one negative eigenvalue)."""
    w = _points(w)
    return np.array(np.broadcast_to(np.diag([2.0, -2.0]), w.shape[:-1] + (2, 2)))


def monkey_saddle(w):
    r"""Monkey saddle :math:`f(x, y) = x^3 - 3 x y^2`: three valleys, Hessian zero at the origin.

    At the origin the gradient and the Hessian both vanish, so the second-order
    test says ``"degenerate"``; near it the gradient is tiny (a small plateau).
    """
    w = _points(w)
    x, y = w[..., 0], w[..., 1]
    return x**3 - 3.0 * x * y**2


def monkey_saddle_grad(w):
    r""":math:`\nabla f = (3x^2 - 3y^2,\ -6xy)`, shape ``(..., 2)``."""
    w = _points(w)
    x, y = w[..., 0], w[..., 1]
    return np.stack([3.0 * x**2 - 3.0 * y**2, -6.0 * x * y], axis=-1)


def monkey_saddle_hessian(w):
    r""":math:`\begin{pmatrix} 6x & -6y \\ -6y & -6x \end{pmatrix}`, shape ``(..., 2, 2)``."""
    w = _points(w)
    x, y = w[..., 0], w[..., 1]
    return _hessian(6.0 * x, -6.0 * y, -6.0 * x)


def double_well(w):
    r"""A bounded saddle between two minima.

    .. math:: f(x, y) = \tfrac12 x^2 + \tfrac14 (y^2 - 1)^2

    Saddle at ``(0, 0)`` (Hessian ``diag(1, -1)``), minima ``f = 0`` at
    ``(0, ±1)`` (Hessian ``diag(1, 2)``). Unlike :func:`saddle` an optimizer
    that leaves the saddle has somewhere to settle, so runs can be compared
    by the number of steps they take.
    """
    w = _points(w)
    x, y = w[..., 0], w[..., 1]
    return 0.5 * x**2 + 0.25 * (y**2 - 1.0) ** 2


def double_well_grad(w):
    r""":math:`\nabla f = (x,\ y^3 - y)`, shape ``(..., 2)``."""
    w = _points(w)
    x, y = w[..., 0], w[..., 1]
    return np.stack([x, y**3 - y], axis=-1)


def double_well_hessian(w):
    r""":math:`\operatorname{diag}(1,\ 3y^2 - 1)`, shape ``(..., 2, 2)``."""
    w = _points(w)
    y = w[..., 1]
    return _hessian(np.ones_like(y), np.zeros_like(y), 3.0 * y**2 - 1.0)


# --------------------------------------------------------------------------- bumpy functions
def _bumpy_1d_params(curvature, minimum, height, center, width):
    return (check_positive("curvature", curvature), _real("minimum", minimum),
            check_positive("height", height, allow_zero=True), _real("center", center),
            check_positive("width", width))


def bumpy_1d(x, curvature=0.2, minimum=2.0, height=0.5, center=0.0, width=0.3):
    r"""A wide parabola with a small Gaussian bump before its minimum (elementwise).

    .. math:: f(x) = \tfrac{c}{2}(x - x^*)^2 + h\, e^{-(x - x_b)^2 / (2 s^2)}

    (``c = curvature``, ``x* = minimum``, ``h = height``, ``x_b = center``,
    ``s = width``). With the defaults the bump at ``x = 0`` creates a shallow
    local minimum at ``x ≈ -0.573`` (``f ≈ 0.743``) in front of the better
    minimum ``f ≈ 1e-10`` at ``x ≈ 2.0``. Started at ``x = -3`` with
    ``lr = 0.5``, plain gradient descent stops at the local minimum, while
    momentum (``v = 0.9 v + 0.1 f'(x)``, ``x -= lr v``) rolls over the bump
    and settles at ``x ≈ 2``.

    Parameters
    ----------
    x : array_like, any shape (each element a point)
    curvature, width : float, > 0
    height : float, >= 0
    minimum, center : float

    Returns
    -------
    ndarray, shape of ``x``
    """
    x = as_float_array("x", x)
    c, m, h, xb, s = _bumpy_1d_params(curvature, minimum, height, center, width)
    return 0.5 * c * (x - m) ** 2 + h * np.exp(-((x - xb) ** 2) / (2.0 * s**2))


def bumpy_1d_grad(x, curvature=0.2, minimum=2.0, height=0.5, center=0.0, width=0.3):
    r"""Derivative of :func:`bumpy_1d`, shape of ``x``.

    .. math:: f'(x) = c (x - x^*) - \frac{h (x - x_b)}{s^2} e^{-(x - x_b)^2 / (2 s^2)}
    """
    x = as_float_array("x", x)
    c, m, h, xb, s = _bumpy_1d_params(curvature, minimum, height, center, width)
    d = x - xb
    return c * (x - m) - h * d / s**2 * np.exp(-(d**2) / (2.0 * s**2))


def bumpy_1d_second_derivative(x, curvature=0.2, minimum=2.0, height=0.5, center=0.0, width=0.3):
    r"""Second derivative of :func:`bumpy_1d`, shape of ``x``.

    .. math:: f''(x) = c + h \left(\frac{(x - x_b)^2}{s^4} - \frac{1}{s^2}\right) e^{-(x - x_b)^2 / (2 s^2)}
    """
    x = as_float_array("x", x)
    c, m, h, xb, s = _bumpy_1d_params(curvature, minimum, height, center, width)
    d = x - xb
    return c + h * (d**2 / s**4 - 1.0 / s**2) * np.exp(-(d**2) / (2.0 * s**2))


def _bumpy_2d_params(curvature, amplitude, frequency):
    return (check_positive("curvature", curvature), check_positive("amplitude", amplitude, allow_zero=True),
            check_positive("frequency", frequency))


def bumpy_2d(w, curvature=0.1, amplitude=1.0, frequency=2.0):
    r"""A bowl covered with bumps: many local minima, the global one at the origin.

    .. math:: f(x, y) = \tfrac{c}{2}(x^2 + y^2) + A\,(2 - \cos kx - \cos ky)

    (``c = curvature``, ``A = amplitude``, ``k = frequency``). Global minimum
    ``f = 0`` at ``(0, 0)``; local minima near ``(2πi/k, 2πj/k)`` while
    ``A k^2`` is large against ``c``.

    Parameters
    ----------
    w : array_like, shape ``(..., 2)``
    curvature, frequency : float, > 0
    amplitude : float, >= 0

    Returns
    -------
    ndarray, shape ``(...)``
    """
    w = _points(w)
    c, A, k = _bumpy_2d_params(curvature, amplitude, frequency)
    return 0.5 * c * np.sum(w**2, axis=-1) + A * np.sum(1.0 - np.cos(k * w), axis=-1)


def bumpy_2d_grad(w, curvature=0.1, amplitude=1.0, frequency=2.0):
    r""":math:`\nabla f = c\,w + A k \sin(k w)` (componentwise), shape ``(..., 2)``."""
    w = _points(w)
    c, A, k = _bumpy_2d_params(curvature, amplitude, frequency)
    return c * w + A * k * np.sin(k * w)


def bumpy_2d_hessian(w, curvature=0.1, amplitude=1.0, frequency=2.0):
    r""":math:`\operatorname{diag}(c + A k^2 \cos kx,\ c + A k^2 \cos ky)`, shape ``(..., 2, 2)``."""
    w = _points(w)
    c, A, k = _bumpy_2d_params(curvature, amplitude, frequency)
    d = c + A * k**2 * np.cos(k * w)
    return _hessian(d[..., 0], np.zeros_like(d[..., 0]), d[..., 1])


# --------------------------------------------------------------------------- plateau
def plateau(w, width=1.0):
    r"""A basin surrounded by a plateau.

    .. math:: f(x, y) = \tanh^2(x / s) + \tanh^2(y / s)

    Minimum 0 at the origin; for ``|x|, |y| >> s`` the value is almost 2 and
    the gradient ``≈ (8/s) e^{-2|x|/s}`` per coordinate is tiny (about
    ``3.6e-4`` at ``x = -5`` with ``s = 1``), so plain gradient descent
    crawls for a long stretch while adaptive methods, which divide by the
    gradient's size, walk off at about ``lr`` per step.

    Parameters
    ----------
    w : array_like, shape ``(..., 2)``
    width : float, > 0
        ``s``, the radius of the basin.

    Returns
    -------
    ndarray, shape ``(...)``
    """
    w = _points(w)
    s = check_positive("width", width)
    return np.sum(np.tanh(w / s) ** 2, axis=-1)


def plateau_grad(w, width=1.0):
    r""":math:`\partial_x f = \frac{2}{s}\tanh(x/s)\,(1 - \tanh^2(x/s))`, same for ``y``; shape ``(..., 2)``."""
    w = _points(w)
    s = check_positive("width", width)
    t = np.tanh(w / s)
    return 2.0 / s * t * (1.0 - t**2)


def plateau_hessian(w, width=1.0):
    r""":math:`\partial_{xx} f = \frac{2}{s^2}(1 - t^2)(1 - 3t^2)` with ``t = tanh(x/s)`` (and ``y``); diagonal, shape ``(..., 2, 2)``."""
    w = _points(w)
    s = check_positive("width", width)
    t = np.tanh(w / s)
    d = 2.0 / s**2 * (1.0 - t**2) * (1.0 - 3.0 * t**2)
    return _hessian(d[..., 0], np.zeros_like(d[..., 0]), d[..., 1])


# --------------------------------------------------------------------------- a catalogue for side-by-side runs
class Landscape(NamedTuple):
    """One 2-D landscape with its default parameters, for the optimizer shoot-out."""

    name: str
    f: Callable  #: ``f(w) -> (...)``
    grad: Callable  #: ``grad(w) -> (..., 2)``
    hessian: Callable  #: ``hessian(w) -> (..., 2, 2)``
    start: tuple  #: a suggested starting point
    minima: tuple  #: the global minimiser(s) (empty when unbounded below)
    xlim: tuple  #: plotting window
    ylim: tuple


LANDSCAPE_NAMES = ("quadratic_bowl", "rosenbrock", "saddle", "monkey_saddle", "double_well", "bumpy_2d", "plateau")


def get_landscape(name):
    """The :class:`Landscape` called ``name`` (one of ``LANDSCAPE_NAMES``), with default parameters.

    Raises
    ------
    ValueError
        An unknown ``name``.
    """
    table = {
        "quadratic_bowl": Landscape("quadratic_bowl", quadratic_bowl, quadratic_bowl_grad, quadratic_bowl_hessian,
                                    (-4.0, 1.5), ((0.0, 0.0),), (-5.0, 5.0), (-2.5, 2.5)),
        "rosenbrock": Landscape("rosenbrock", rosenbrock, rosenbrock_grad, rosenbrock_hessian,
                                (-1.5, 2.0), ((1.0, 1.0),), (-2.0, 2.0), (-1.0, 3.0)),
        "saddle": Landscape("saddle", saddle, saddle_grad, saddle_hessian,
                            (-1.5, 1e-3), (), (-2.0, 2.0), (-2.0, 2.0)),
        "monkey_saddle": Landscape("monkey_saddle", monkey_saddle, monkey_saddle_grad, monkey_saddle_hessian,
                                   (0.5, 0.05), (), (-1.5, 1.5), (-1.5, 1.5)),
        "double_well": Landscape("double_well", double_well, double_well_grad, double_well_hessian,
                                 (-1.5, 1e-3), ((0.0, 1.0), (0.0, -1.0)), (-2.0, 2.0), (-2.0, 2.0)),
        "bumpy_2d": Landscape("bumpy_2d", bumpy_2d, bumpy_2d_grad, bumpy_2d_hessian,
                              (-4.5, 3.5), ((0.0, 0.0),), (-6.0, 6.0), (-6.0, 6.0)),
        "plateau": Landscape("plateau", plateau, plateau_grad, plateau_hessian,
                             (-4.0, 3.0), ((0.0, 0.0),), (-5.0, 5.0), (-5.0, 5.0)),
    }
    if not isinstance(name, str) or name not in table:
        raise ValueError(f"name must be one of {LANDSCAPE_NAMES}, got {_show(name)}")
    return table[name]


# --------------------------------------------------------------------------- rotated landscapes
def _rotation(angle) -> np.ndarray:
    """The counter-clockwise rotation matrix ``Q = [[cos, -sin], [sin, cos]]`` by ``angle`` radians."""
    angle = _real("angle", angle)
    c, s = np.cos(angle), np.sin(angle)
    return np.array([[c, -s], [s, c]])


def rotate_points(w, angle):
    r"""Points turned counter-clockwise by ``angle`` (radians) about the origin.

    .. math:: w' = Q_\theta\, w, \qquad Q_\theta = \begin{pmatrix}\cos\theta & -\sin\theta\\ \sin\theta & \cos\theta\end{pmatrix}

    Use it to move a starting point (or a minimiser) along with a landscape
    turned by :func:`rotated`: if ``p`` is a point of ``f``, then
    ``rotate_points(p, angle)`` is the same point of ``rotated(f, angle)``.

    Parameters
    ----------
    w : array_like, shape ``(..., 2)``
    angle : float
        Radians; ``np.pi / 4`` is 45 degrees.

    Returns
    -------
    ndarray, shape ``(..., 2)``

    Raises
    ------
    ValueError
        ``w`` not of shape ``(..., 2)``; ``angle`` not finite.
    TypeError
        ``angle`` not a real number.
    """
    w = _points(w)
    return w @ _rotation(angle).T


def rotated(f, angle):
    r"""The landscape ``f`` turned counter-clockwise by ``angle`` radians.

    .. math:: g(w) = f(Q_\theta^\top w)

    so ``g(rotate_points(p, angle)) == f(p)``: the same valleys, ridges and
    curvatures (the Hessian's eigenvalues are unchanged), only their
    directions turn. ``rotated(quadratic_bowl, t)`` equals
    ``quadratic_bowl(..., angle=t)``. Optimizers that treat every direction
    alike (gradient descent, momentum) behave identically on ``f`` and ``g``
    from rotated starts; per-coordinate ones (RMSprop, Adam) do not.

    Parameters
    ----------
    f : callable
        A 2-D landscape ``f(w)`` taking ``w`` of shape ``(..., 2)`` and
        broadcasting over the leading axes (any function of this module).
    angle : float
        Radians.

    Returns
    -------
    callable
        ``g(w)`` with the same broadcasting: ``w`` of shape ``(..., 2)`` to
        values of shape ``(...)``. For the gradient and the Hessian of ``g``
        use :func:`rotated_grad` and :func:`rotated_hessian`.

    Raises
    ------
    TypeError
        ``f`` not callable; ``angle`` not a real number.
    ValueError
        ``angle`` not finite (at once); ``w`` not of shape ``(..., 2)`` (when
        ``g`` is called).

    Examples
    --------
    >>> import numpy as np
    >>> g = rotated(saddle, np.pi / 2)        # x**2 - y**2 turned by 90 degrees
    >>> float(g([0.0, 1.0]))                  # the old x axis now points along y
    1.0
    """
    if not callable(f):
        raise TypeError(f"f must be callable, got {_show(f)}")
    Q = _rotation(angle)

    def g(w):
        return f(_points(w) @ Q)          # rows: (Q^T w)^T = w^T Q

    g.__name__ = f"rotated_{getattr(f, '__name__', 'f')}"
    return g


def rotated_grad(f_grad, angle):
    r"""Gradient of :func:`rotated` ``(f, angle)``, from the gradient of ``f``.

    .. math:: \nabla g(w) = Q_\theta\, \nabla f(Q_\theta^\top w)

    Parameters
    ----------
    f_grad : callable
        ``f_grad(w)``: ``(..., 2)`` to ``(..., 2)``, broadcasting.
    angle : float
        Radians (the same as given to :func:`rotated`).

    Returns
    -------
    callable
        ``w`` of shape ``(..., 2)`` to gradients of shape ``(..., 2)``.

    Raises
    ------
    TypeError, ValueError
        As :func:`rotated`.
    """
    if not callable(f_grad):
        raise TypeError(f"f_grad must be callable, got {_show(f_grad)}")
    Q = _rotation(angle)

    def g_grad(w):
        return np.asarray(f_grad(_points(w) @ Q)) @ Q.T

    g_grad.__name__ = f"rotated_{getattr(f_grad, '__name__', 'f_grad')}"
    return g_grad


def rotated_hessian(f_hessian, angle):
    r"""Hessian of :func:`rotated` ``(f, angle)``, from the Hessian of ``f``.

    .. math:: \nabla^2 g(w) = Q_\theta\, \nabla^2 f(Q_\theta^\top w)\, Q_\theta^\top

    Parameters
    ----------
    f_hessian : callable
        ``f_hessian(w)``: ``(..., 2)`` to ``(..., 2, 2)``, broadcasting.
    angle : float
        Radians.

    Returns
    -------
    callable
        ``w`` of shape ``(..., 2)`` to Hessians of shape ``(..., 2, 2)``.

    Raises
    ------
    TypeError, ValueError
        As :func:`rotated`.
    """
    if not callable(f_hessian):
        raise TypeError(f"f_hessian must be callable, got {_show(f_hessian)}")
    Q = _rotation(angle)

    def g_hessian(w):
        return Q @ np.asarray(f_hessian(_points(w) @ Q)) @ Q.T

    g_hessian.__name__ = f"rotated_{getattr(f_hessian, '__name__', 'f_hessian')}"
    return g_hessian


__all__ += ["rotate_points", "rotated", "rotated_grad", "rotated_hessian"]


# --------------------------------------------------------------------------- lesson 11: a cliff beside a valley
def _cliff_params(a, b, wall_at, slope, width):
    return (_real("a", a), _real("b", b), _real("wall_at", wall_at),
            check_positive("slope", slope), check_positive("width", width))


def cliff(w, a=0.05, b=1.0, wall_at=1.0, slope=50.0, width=0.05):
    r"""An elongated valley with a steep wall beside it (the exploding-gradient picture).

    .. math::
        f(x, y) = \tfrac12 (a x^2 + b y^2) + s\,\delta\,\log\!\big(1 + e^{(y - y_0)/\delta}\big)

    with ``s = slope``, ``y_0 = wall_at``, ``delta = width``. For ``y < y_0`` the
    wall term is almost 0 (the valley of a quadratic bowl, minimum near the origin);
    past ``y_0`` it rises with slope ``s`` (a softplus: a wall ``width`` wide at its foot).
    An iterate that lands on the wall meets a gradient of about ``s`` and, with a
    learning rate tuned for the valley, is thrown ``lr * s`` away.

    Parameters
    ----------
    w : array_like, shape (..., 2)
        Points ``(x, y)``.
    a, b : float
        Curvatures of the valley along ``x`` and ``y``.
    wall_at : float
        Where the wall starts, on the ``y`` axis.
    slope : float, > 0
        Steepness of the wall.
    width : float, > 0
        Width of the wall's rounded foot.

    Returns
    -------
    ndarray, shape (...)

    Raises
    ------
    TypeError, ValueError
        ``w`` not of shape ``(..., 2)``; a parameter not a finite number; ``slope`` or
        ``width`` ``<= 0``.
    """
    a, b, y0, s, d = _cliff_params(a, b, wall_at, slope, width)
    w = _points(w)
    x, y = w[..., 0], w[..., 1]
    return 0.5 * (a * x**2 + b * y**2) + s * d * np.logaddexp(0.0, (y - y0) / d)


def cliff_grad(w, a=0.05, b=1.0, wall_at=1.0, slope=50.0, width=0.05):
    r"""Gradient of :func:`cliff`: ``(a x, b y + s * sigmoid((y - y0) / width))``, shape ``(..., 2)``."""
    a, b, y0, s, d = _cliff_params(a, b, wall_at, slope, width)
    w = _points(w)
    x, y = w[..., 0], w[..., 1]
    sig = np.exp(-np.logaddexp(0.0, -(y - y0) / d))   # sigmoid without overflow
    return np.stack([a * x, b * y + s * sig], axis=-1)


def cliff_hessian(w, a=0.05, b=1.0, wall_at=1.0, slope=50.0, width=0.05):
    r"""Hessian of :func:`cliff`: ``diag(a, b + s / width * sig * (1 - sig))``, shape ``(..., 2, 2)``."""
    a, b, y0, s, d = _cliff_params(a, b, wall_at, slope, width)
    w = _points(w)
    y = w[..., 1]
    sig = np.exp(-np.logaddexp(0.0, -(y - y0) / d))
    hyy = b + s / d * sig * (1.0 - sig)
    return _hessian(np.full_like(hyy, a), np.zeros_like(hyy), hyy)

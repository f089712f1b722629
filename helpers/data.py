"""The data sets shipped in ``data/``, loaded as NumPy arrays.

Conventions: one example per **row** (``X`` is ``(m, n)``); float64 features;
integer labels. Nothing is downloaded: the files live in the repository (see
``data/README.md`` for sources and licences).
"""

from __future__ import annotations


import numpy as np

from ._paths import data_dir
from ._validate import check_bool, check_int, check_positive, check_rng

__all__ = ["DATA_DIR", "load_digits", "load_daily_temperatures", "train_val_split", "add_bias_column", "make_regression"]

#: where the data files are read from (a checkout's ``data/``, or the installed copy)
DATA_DIR = data_dir()


def load_digits(*, scale: bool = True, bias: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Load the 1 797 handwritten 8×8 digits.

    Parameters
    ----------
    scale : bool
        Divide the pixels (0…16) by 16 so features lie in [0, 1].
    bias : bool
        Append a column of ones, so that a weight matrix ``W`` of shape
        ``(65, 10)`` carries the bias in its last row (the "bias trick").

    Returns
    -------
    X : ndarray, shape (1797, 64) or (1797, 65), float64
    y : ndarray, shape (1797,), int64, labels 0…9
    """
    raw = np.loadtxt(DATA_DIR / "digits.csv", delimiter=",", dtype=np.float64)
    X, y = raw[:, :-1], raw[:, -1].astype(np.int64)
    if scale:
        X = X / 16.0
    if bias:
        X = add_bias_column(X)
    return X, y


def add_bias_column(X: np.ndarray) -> np.ndarray:
    """Return ``[X, 1]``: ``X`` of shape ``(m, n)`` with a column of ones appended, ``(m, n + 1)``."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (m, n), got shape {X.shape}")
    return np.hstack([X, np.ones((X.shape[0], 1))])


def train_val_split(X: np.ndarray, y: np.ndarray, n_val: int, rng: np.random.Generator):
    """Shuffle rows with one permutation and hold out ``n_val`` of them for validation.

    Returns ``X_train, y_train, X_val, y_val``. ``X`` and ``y`` stay paired.

    Raises
    ------
    ValueError
        If ``n_val`` is not in ``[1, m - 1]`` or ``X`` and ``y`` differ in length.
    TypeError
        If ``rng`` is not a ``numpy.random.Generator``.
    """
    check_rng("rng", rng)
    m = len(X)
    if len(y) != m:
        raise ValueError(f"X and y must have the same number of rows, got {m} and {len(y)}")
    n_val = check_int("n_val", n_val, minimum=1)
    if n_val >= m:
        raise ValueError(f"n_val must be < m = {m}, got {n_val}")
    perm = rng.permutation(m)
    val, train = perm[:n_val], perm[n_val:]
    return X[train], y[train], X[val], y[val]


def load_daily_temperatures(year: int = 2012) -> tuple[np.ndarray, np.ndarray]:
    """Daily mean temperature in Seattle (°C) for one calendar year.

    The daily mean is ``(temp_max + temp_min) / 2`` from NOAA's daily records.

    Returns
    -------
    days : ndarray of datetime64[D], shape (365,) or (366,)
    temp : ndarray, float64, same shape

    Raises
    ------
    ValueError
        If ``year`` is not one of 2012…2015 (the years shipped).
    """
    year = check_int("year", year)
    if not 2012 <= year <= 2015:
        raise ValueError(f"year must be in 2012..2015 (the years in data/), got {year}")
    days = np.loadtxt(DATA_DIR / "seattle-weather.csv", delimiter=",", skiprows=1,
                      usecols=0, dtype=str)
    days = np.array([d.replace("/", "-") for d in days], dtype="datetime64[D]")
    tmax, tmin = np.loadtxt(DATA_DIR / "seattle-weather.csv", delimiter=",", skiprows=1,
                            usecols=(2, 3), unpack=True)
    keep = (days >= np.datetime64(f"{year}-01-01")) & (days < np.datetime64(f"{year + 1}-01-01"))
    return days[keep], (tmax[keep] + tmin[keep]) / 2.0


def make_regression(m, n, rng, noise=0.1, bias=False):
    """A synthetic linear-regression set, generated in a few vectorized calls.

    Draws, in this order::

        X      = rng.standard_normal((m, n))
        w_true = rng.standard_normal(n + bias)      # the last entry is the intercept when bias=True
        y      = X' @ w_true + noise * rng.standard_normal(m)

    where ``X' = X`` or, with ``bias=True``, ``X`` with a column of ones
    appended (the bias folded into the data, as everywhere in the course).
    ``make_regression(m, 1, rng, bias=True)`` is the two-parameter
    (weight, bias) problem whose cost has a contour plot.

    Parameters
    ----------
    m : int, >= 1
        Number of examples (10^5–10^6 is fine: about ``8 m (n + 2)`` bytes).
    n : int, >= 1
        Number of features (not counting the bias column).
    rng : numpy.random.Generator
    noise : float, >= 0
        Standard deviation of the Gaussian label noise.
    bias : bool, default False

    Returns
    -------
    X : ndarray, float64, shape ``(m, n)`` or ``(m, n + 1)`` with ``bias=True``
    y : ndarray, float64, shape ``(m,)``
    w_true : ndarray, float64, shape ``(X.shape[1],)``

    Raises
    ------
    TypeError, ValueError
        ``m < 1``, ``n < 1``, ``noise < 0``, ``rng`` not a Generator.
    """
    m = check_int("m", m, minimum=1)
    n = check_int("n", n, minimum=1)
    rng = check_rng("rng", rng)
    noise = check_positive("noise", noise, allow_zero=True)
    bias = check_bool("bias", bias)
    X = rng.standard_normal((m, n))
    if bias:
        X = add_bias_column(X)
    w_true = rng.standard_normal(X.shape[1])
    y = X @ w_true
    y += noise * rng.standard_normal(m)
    return X, y, w_true

"""Learning-rate decay schedules (lesson 09).

Each schedule maps the epoch number (counted from 1: the first pass over the
data is epoch 1) to a learning rate. ``epoch`` may be an int or an array of ints
(the result then has the same shape), so a whole schedule can be drawn at once::

    >>> inverse_time_decay(0.2, 1.0, np.arange(1, 5)).round(4)
    array([0.1   , 0.0667, 0.05  , 0.04  ])

To plug a schedule into :func:`helpers.train.train`, fix everything but the
epoch, e.g. ``functools.partial(exponential_decay, 0.1)`` or
``lambda epoch: staircase_decay(0.1, epoch, drop=0.5, epochs_per_drop=5)``.
"""

from __future__ import annotations

import numbers

import numpy as np

from ._validate import check_int, check_positive

__all__ = [
    "inverse_time_decay",
    "exponential_decay",
    "inverse_sqrt_decay",
    "staircase_decay",
]


def _check_epoch(epoch):
    """Return ``epoch`` as an int or an int64 array, after checking it is >= 1."""
    if isinstance(epoch, numbers.Integral) and not isinstance(epoch, bool):
        return check_int("epoch", epoch, minimum=1)
    if isinstance(epoch, (np.ndarray, list, tuple)):
        arr = np.asarray(epoch)
        if arr.dtype.kind not in "iu" or arr.dtype == np.bool_:
            raise TypeError(f"epoch must be an integer or an array of integers, got dtype {arr.dtype}")
        if arr.size and arr.min() < 1:
            raise ValueError(
                f"epoch must be >= 1 (the first epoch is 1), got min(epoch) = {arr.min()}"
            )
        return arr.astype(np.int64, copy=False)
    raise TypeError(f"epoch must be an integer or an array of integers, got {epoch!r}")


def _out(x):
    return float(x) if np.ndim(x) == 0 else np.asarray(x, dtype=np.float64)


def _check_rate_base(name, value):
    """``0 < value <= 1`` (a multiplicative decay factor)."""
    value = check_positive(name, value)
    if value > 1:
        raise ValueError(f"{name} must be in (0, 1] (a decay factor), got {value!r}")
    return value


def inverse_time_decay(lr0, decay_rate, epoch):
    r"""Inverse-time decay: :math:`\alpha = \dfrac{\alpha_0}{1 + \text{decay\_rate}\cdot\text{epoch}}`.

    Parameters
    ----------
    lr0 : float
        Initial learning rate :math:`\alpha_0 > 0`.
    decay_rate : float
        ``>= 0`` (0 keeps the rate constant at ``lr0``).
    epoch : int or array_like of int
        Epoch number(s), counted from 1.

    Returns
    -------
    float or ndarray of float64
        The learning rate(s), shaped like ``epoch``.

    Raises
    ------
    ValueError
        ``lr0 <= 0``; ``decay_rate < 0``; ``epoch < 1``.
    TypeError
        A non-numeric argument; ``epoch`` not an integer.

    Examples
    --------
    The lecture's example, ``lr0 = 0.2, decay_rate = 1``: 0.1, 0.0667, 0.05, 0.04.

    >>> [round(inverse_time_decay(0.2, 1, e), 4) for e in (1, 2, 3, 4)]
    [0.1, 0.0667, 0.05, 0.04]
    """
    lr0 = check_positive("lr0", lr0)
    decay_rate = check_positive("decay_rate", decay_rate, allow_zero=True)
    epoch = _check_epoch(epoch)
    return _out(lr0 / (1.0 + decay_rate * np.asarray(epoch, dtype=np.float64)))


def exponential_decay(lr0, epoch, base=0.95):
    r"""Exponential decay: :math:`\alpha = \text{base}^{\text{epoch}}\,\alpha_0`.

    Parameters
    ----------
    lr0 : float
        Initial learning rate, ``> 0``.
    epoch : int or array_like of int
        Epoch number(s), counted from 1 (so epoch 1 already uses ``base * lr0``).
    base : float, default 0.95
        Decay factor per epoch, ``0 < base <= 1``.

    Returns
    -------
    float or ndarray of float64

    Raises
    ------
    ValueError
        ``lr0 <= 0``; ``base`` outside ``(0, 1]``; ``epoch < 1``.
    TypeError
        A non-numeric argument; ``epoch`` not an integer.
    """
    lr0 = check_positive("lr0", lr0)
    base = _check_rate_base("base", base)
    epoch = _check_epoch(epoch)
    return _out(np.power(base, np.asarray(epoch, dtype=np.float64)) * lr0)


def inverse_sqrt_decay(lr0, epoch, k=1.0):
    r"""Inverse-square-root decay: :math:`\alpha = \dfrac{k}{\sqrt{\text{epoch}}}\,\alpha_0`.

    Parameters
    ----------
    lr0 : float
        Initial learning rate, ``> 0``.
    epoch : int or array_like of int
        Epoch number(s), counted from 1.
    k : float, default 1.0
        Constant, ``> 0``.

    Returns
    -------
    float or ndarray of float64

    Raises
    ------
    ValueError
        ``lr0 <= 0``; ``k <= 0``; ``epoch < 1``.
    TypeError
        A non-numeric argument; ``epoch`` not an integer.
    """
    lr0 = check_positive("lr0", lr0)
    k = check_positive("k", k)
    epoch = _check_epoch(epoch)
    return _out(k / np.sqrt(np.asarray(epoch, dtype=np.float64)) * lr0)


def staircase_decay(lr0, epoch, drop=0.5, epochs_per_drop=10):
    r"""Staircase (step) decay: :math:`\alpha = \alpha_0 \cdot \text{drop}^{\lfloor (\text{epoch} - 1) / \text{epochs\_per\_drop} \rfloor}`.

    Epochs ``1 .. epochs_per_drop`` use ``lr0``, the next ``epochs_per_drop``
    epochs use ``drop * lr0``, and so on.

    Parameters
    ----------
    lr0 : float
        Initial learning rate, ``> 0``.
    epoch : int or array_like of int
        Epoch number(s), counted from 1.
    drop : float, default 0.5
        Factor applied at each drop, ``0 < drop <= 1``.
    epochs_per_drop : int, default 10
        Length of each stair, ``>= 1``.

    Returns
    -------
    float or ndarray of float64

    Raises
    ------
    ValueError
        ``lr0 <= 0``; ``drop`` outside ``(0, 1]``; ``epochs_per_drop < 1``; ``epoch < 1``.
    TypeError
        A non-numeric argument; ``epoch`` or ``epochs_per_drop`` not an integer.
    """
    lr0 = check_positive("lr0", lr0)
    drop = _check_rate_base("drop", drop)
    epochs_per_drop = check_int("epochs_per_drop", epochs_per_drop, minimum=1)
    epoch = _check_epoch(epoch)
    n_drops = (np.asarray(epoch) - 1) // epochs_per_drop
    return _out(lr0 * np.power(drop, n_drops.astype(np.float64)))

"""Lesson 09 (learning-rate decay): the references of its four graded schedules, and the
wrong implementations that must lose points.

Each schedule maps the epoch number (counted from 1: the first pass over the
data is epoch 1) to a learning rate. ``epoch`` may be an int or an array of ints
(the result then has the same shape), so a whole schedule can be drawn at once::

    >>> inverse_time_decay(0.2, 1.0, np.arange(1, 5)).round(4)
    array([0.1   , 0.0667, 0.05  , 0.04  ])

To plug a schedule into :func:`helpers.train.train`, fix everything but the
epoch, e.g. ``lambda epoch: staircase_decay(0.1, epoch, drop=0.5, epochs_per_drop=5)``.

Instructor-only (see :mod:`grader`): lesson 10 carries ``inverse_time_decay`` in its
``earlier_lessons.py``; lesson 09's release carries none of these.
"""

from __future__ import annotations

import numbers

import numpy as np

from helpers._validate import check_int, check_positive

__all__ = [
    "LESSON",
    "EARLIER",
    "CARRY",
    "inverse_time_decay",
    "exponential_decay",
    "inverse_sqrt_decay",
    "staircase_decay",
    "hidden_inverse_time_worked_example",
    "hidden_exponential_decay_first_epochs",
    "hidden_inverse_sqrt_decay_basics",
    "hidden_staircase_decay_stairs",
    "hidden_inverse_time_values",
    "hidden_exponential_decay_values",
    "hidden_inverse_sqrt_decay_values",
    "hidden_staircase_decay_values",
    "WRONGS",
    "NBGRADER",
]

LESSON = "09_lr_decay"

#: lesson 09's experiments shuffle with lesson 04's make_mini_batches (its noise-ball runs
#: and the training loop's make_batches)
EARLIER = {"grader.mini_batch": ("_check_data", "make_mini_batches")}

#: what a later release lists to carry :func:`inverse_time_decay` (self-contained)
CARRY = ("_check_epoch", "_out", "inverse_time_decay")


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


# ---------------------------------------------------------------------------------------
# Hidden checks: the hidden part of each graded test cell that has one calls the function
# named after it (``test_<name>`` -> ``hidden_<name>``). They run in the trusted judge
# (coursekit.judge), where ``student`` is a stand-in for the student's function, called only
# through ``G.call``. ``helpers.grading`` is imported inside them, not at the top: lesson 10
# carries this module's top-level imports with inverse_time_decay.

def hidden_inverse_time_worked_example(student):
    """Hidden checks of ``test_inverse_time_worked_example``: epochs 1-4 and one later epoch for a
    fresh ``lr0`` and ``decay_rate``, against :func:`inverse_time_decay` (the visible hints).

    Parameters
    ----------
    student : callable
        The student's ``inverse_time_decay``.
    """
    from helpers import grading as G
    g = np.random.default_rng(91)
    lr0, rate = round(float(g.uniform(0.05, 0.5)), 3), round(float(g.uniform(0.2, 2.0)), 2)
    for ep in (1, 2, 3, 4, int(g.integers(5, 50))):
        G.check_close(G.call(student, lr0, rate, ep), inverse_time_decay(lr0, rate, ep),
                      f"inverse_time_decay({lr0}, {rate}, epoch={ep})",
                      hints={"epochs counted from 0 (the first epoch must already use lr0 / (1 + decay_rate))":
                                 lr0 / (1 + rate * (ep - 1)),
                             "lr0 multiplied by (1 + decay_rate * epoch) instead of divided": lr0 * (1 + rate * ep),
                             "lr0 left out: 1 / (1 + decay_rate * epoch)": 1 / (1 + rate * ep),
                             "lr0 / (1 + decay_rate) ** epoch (that is an exponential schedule)": lr0 / (1 + rate) ** ep})


def hidden_inverse_time_values(student, epochs):
    """Hidden checks of ``test_inverse_time_values``: ``student`` against :func:`inverse_time_decay`
    on 1-D and 2-D arrays of epochs (named mistakes as hints), and at epoch 1000.

    Parameters
    ----------
    student : callable
        The student's ``inverse_time_decay``.
    epochs : ndarray of int
        The visible part's epochs (``np.arange(1, 7)``).
    """
    from helpers import grading as G
    for lr0, rate, ep in [(0.5, 0.3, epochs), (0.01, 2.5, np.array([[1, 2], [10, 100]])), (3.0, 0.05, np.arange(1, 40, 3))]:
        got = G.call(student, lr0, rate, ep)
        ref = inverse_time_decay(lr0, rate, ep)
        G.check_close(got, ref, f"inverse_time_decay(lr0={lr0}, decay_rate={rate}, epoch array of shape {ep.shape})",
                      hints={"epochs counted from 0": lr0 / (1 + rate * (ep - 1)),
                             "lr0 multiplied by (1 + decay_rate * epoch) instead of divided": lr0 * (1 + rate * ep),
                             "lr0 left out": 1 / (1 + rate * ep),
                             "lr0 / (1 + decay_rate) ** epoch (an exponential schedule)": lr0 / (1 + rate) ** ep,
                             "decay_rate ignored (always 1)": lr0 / (1 + ep)})
    G.check_close(G.call(student, 0.2, 1.0, 1000), 0.2 / 1001, "inverse_time_decay at epoch 1000")


def hidden_exponential_decay_first_epochs(student):
    """Hidden checks of ``test_exponential_decay_first_epochs``: a few epochs for a fresh ``lr0``
    (default ``base``), against :func:`exponential_decay` (the visible hints).

    Parameters
    ----------
    student : callable
        The student's ``exponential_decay``.
    """
    from helpers import grading as G
    g = np.random.default_rng(92)
    lr0 = round(float(g.uniform(0.01, 1.0)), 3)
    for ep in (3, 1, int(g.integers(5, 60))):
        G.check_close(G.call(student, lr0, ep), exponential_decay(lr0, ep), f"exponential_decay({lr0}, epoch={ep})",
                      hints={"epochs counted from 0 (base ** (epoch - 1)): epoch 1 must already use base * lr0":
                                 lr0 * 0.95 ** (ep - 1),
                             "base * epoch * lr0 (multiplied instead of raised to the power)": 0.95 * ep * lr0,
                             "epoch ** base * lr0 (base and exponent swapped)": ep ** 0.95 * lr0})


def hidden_exponential_decay_values(student, epochs):
    """Hidden checks of ``test_exponential_decay_values``: ``student`` against
    :func:`exponential_decay` on 1-D and 2-D arrays of epochs and several bases (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``exponential_decay``.
    epochs : ndarray of int
        The visible part's epochs (``np.arange(1, 6)``).
    """
    from helpers import grading as G
    for lr0, ep, base in [(0.3, epochs, 0.5), (2.0, np.arange(1, 31), 0.9), (0.05, np.array([[1, 7], [3, 50]]), 0.99)]:
        got = G.call(student, lr0, ep, base)
        G.check_close(got, exponential_decay(lr0, ep, base),
                      f"exponential_decay(lr0={lr0}, epoch array of shape {ep.shape}, base={base})",
                      hints={"epochs counted from 0 (base ** (epoch - 1))": base ** (ep - 1.0) * lr0,
                             "the base argument ignored (0.95 hard-coded)": 0.95 ** ep * lr0,
                             "base * epoch * lr0 (multiplied instead of raised to the power)": base * ep * lr0,
                             "epoch ** base * lr0 (base and exponent swapped)": ep ** base * lr0})


def hidden_inverse_sqrt_decay_basics(student):
    """Hidden checks of ``test_inverse_sqrt_decay_basics``: a few epochs for a fresh ``lr0``
    (default ``k``), against :func:`inverse_sqrt_decay` (the visible hints).

    Parameters
    ----------
    student : callable
        The student's ``inverse_sqrt_decay``.
    """
    from helpers import grading as G
    g = np.random.default_rng(93)
    lr0 = round(float(g.uniform(0.01, 1.0)), 3)
    for ep in (1, 2, int(g.integers(5, 500))):
        G.check_close(G.call(student, lr0, ep), inverse_sqrt_decay(lr0, ep), f"inverse_sqrt_decay({lr0}, epoch={ep})",
                      hints={"the square root left out (k / epoch * lr0)": lr0 / ep,
                             "lr0 multiplied by sqrt(epoch) instead of divided": lr0 * np.sqrt(ep),
                             "epochs counted from 0 (sqrt(epoch + 1))": lr0 / np.sqrt(ep + 1)})


def hidden_inverse_sqrt_decay_values(student, epochs):
    """Hidden checks of ``test_inverse_sqrt_decay_values``: ``student`` against
    :func:`inverse_sqrt_decay` on 1-D and 2-D arrays of epochs and several ``k`` (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``inverse_sqrt_decay``.
    epochs : ndarray of int
        The visible part's epochs (``np.arange(1, 10)``).
    """
    from helpers import grading as G
    for lr0, ep, k in [(0.4, epochs, 0.5), (1.5, np.arange(1, 1001, 37), 2.0), (0.01, np.array([[1, 4], [9, 16]]), 1.0)]:
        got = G.call(student, lr0, ep, k)
        G.check_close(got, inverse_sqrt_decay(lr0, ep, k),
                      f"inverse_sqrt_decay(lr0={lr0}, epoch array of shape {ep.shape}, k={k})",
                      hints={"the square root left out (k / epoch * lr0)": k / ep * lr0,
                             "the constant k ignored": lr0 / np.sqrt(ep),
                             "lr0 multiplied by sqrt(epoch) instead of divided": k * np.sqrt(ep) * lr0,
                             "epochs counted from 0 (sqrt(epoch + 1))": k / np.sqrt(ep + 1.0) * lr0,
                             "k inside the square root (sqrt(k / epoch))": np.sqrt(k / ep) * lr0})


def hidden_staircase_decay_stairs(student):
    """Hidden checks of ``test_staircase_decay_stairs``: epochs on both sides of later stair edges
    for a fresh ``lr0`` (default ``drop`` and ``epochs_per_drop``), against :func:`staircase_decay`
    (the visible hints).

    Parameters
    ----------
    student : callable
        The student's ``staircase_decay``.
    """
    from helpers import grading as G
    g = np.random.default_rng(94)
    lr0 = round(float(g.uniform(0.01, 1.0)), 3)
    for ep in (2, 30, 31, 45, int(g.integers(50, 100))):
        G.check_close(G.call(student, lr0, ep), staircase_decay(lr0, ep), f"staircase_decay({lr0}, epoch={ep})",
                      hints={"epoch // epochs_per_drop instead of (epoch - 1) // epochs_per_drop: "
                             "the first stair must hold epochs 1-10": lr0 * 0.5 ** (ep // 10),
                             "(epoch - 1) / epochs_per_drop without the floor: a smooth curve instead of stairs":
                                 lr0 * 0.5 ** ((ep - 1) / 10),
                             "lr0 * drop * n_drops (multiplied instead of raised to the power)": lr0 * 0.5 * ((ep - 1) // 10),
                             "ceil instead of floor (ceil(epoch / epochs_per_drop) drops already in epoch 1; "
                             "use (epoch - 1) // epochs_per_drop)": lr0 * 0.5 ** np.ceil(ep / 10)})


def hidden_staircase_decay_values(student, epochs):
    """Hidden checks of ``test_staircase_decay_values``: ``student`` against :func:`staircase_decay`
    on 1-D and 2-D arrays of epochs, several drops and stair lengths (named mistakes as hints).

    Parameters
    ----------
    student : callable
        The student's ``staircase_decay``.
    epochs : ndarray of int
        The visible part's epochs (``np.arange(1, 13)``).
    """
    from helpers import grading as G
    for lr0, ep, drop, epd in [(0.2, epochs, 0.3, 3), (1.0, np.arange(1, 50), 0.5, 7),
                               (0.05, np.array([[1, 2], [5, 6]]), 0.1, 1), (0.3, np.arange(1, 25), 0.8, 24)]:
        got = G.call(student, lr0, ep, drop, epd)
        G.check_close(got, staircase_decay(lr0, ep, drop, epd),
                      f"staircase_decay(lr0={lr0}, epoch array of shape {ep.shape}, drop={drop}, epochs_per_drop={epd})",
                      hints={"epoch // epochs_per_drop instead of (epoch - 1) // epochs_per_drop": lr0 * drop ** (ep // epd),
                             "(epoch - 1) / epochs_per_drop without the floor": lr0 * drop ** ((ep - 1) / epd),
                             "lr0 * drop * n_drops (multiplied instead of raised to the power)": lr0 * drop * ((ep - 1) // epd),
                             "the drop and epochs_per_drop arguments ignored (0.5 and 10 hard-coded)": lr0 * 0.5 ** ((ep - 1) // 10),
                             "ceil instead of floor (use (epoch - 1) // epochs_per_drop)": lr0 * drop ** np.ceil(ep / epd)})



# ---------------------------------------------------------------------------------------
# Wrong implementations that must lose points (tests/lessons/test_grading.py). The four
# schedules are independent (no test cell calls another exercise), so the grader tests pack
# one wrong version of each into the same submission.

def _wrong_class():
    # imported here, not at the top: lesson 10 carries this module's inverse_time_decay
    # together with the module's top-level imports (coursekit.earlier), which must not
    # import the grader
    from grader.mistakes import Wrong
    return Wrong


Wrong = _wrong_class()

ITD = "import numpy as np\ndef inverse_time_decay(lr0, decay_rate, epoch):\n"
EXP = "import numpy as np\ndef exponential_decay(lr0, epoch, base=0.95):\n"
SQRT = "import numpy as np\ndef inverse_sqrt_decay(lr0, epoch, k=1.0):\n"
STAIR = "import numpy as np\ndef staircase_decay(lr0, epoch, drop=0.5, epochs_per_drop=10):\n"

WRONGS = [
    # ---- inverse_time_decay -------------------------------------------------------------
    Wrong("inverse_time_decay", "epochs counted from 0", ITD + """
    return lr0 / (1 + decay_rate * (np.asarray(epoch) - 1))
""", message="epochs counted from 0"),
    Wrong("inverse_time_decay", "multiplies instead of dividing", ITD + """
    return lr0 * (1 + decay_rate * np.asarray(epoch))
""", message="multiplied by (1 + decay_rate * epoch) instead of divided"),
    Wrong("inverse_time_decay", "lr0 left out", ITD + """
    return 1 / (1 + decay_rate * np.asarray(epoch))
""", message="lr0 left out"),
    Wrong("inverse_time_decay", "exponential form", ITD + """
    return lr0 / (1 + decay_rate) ** np.asarray(epoch)
""", message="that is an exponential schedule"),
    Wrong("inverse_time_decay", "math module / python if: breaks on arrays", ITD + """
    import math
    return lr0 / (1 + decay_rate * float(epoch))
""", message="epoch may be a NumPy array"),
    # ---- exponential_decay --------------------------------------------------------------
    Wrong("exponential_decay", "base ** (epoch - 1)", EXP + """
    return base ** (np.asarray(epoch) - 1) * lr0
""", message="epochs counted from 0"),
    Wrong("exponential_decay", "base times epoch", EXP + """
    return base * np.asarray(epoch) * lr0
""", message="multiplied instead of raised to the power"),
    Wrong("exponential_decay", "base hard-coded to 0.95", EXP + """
    return 0.95 ** np.asarray(epoch) * lr0
""", message="base argument ignored"),
    Wrong("exponential_decay", "base and exponent swapped", EXP + """
    return np.asarray(epoch, dtype=float) ** base * lr0
""", message="base and exponent swapped"),
    # ---- inverse_sqrt_decay -------------------------------------------------------------
    Wrong("inverse_sqrt_decay", "square root missing", SQRT + """
    return k / np.asarray(epoch) * lr0
""", message="square root left out"),
    Wrong("inverse_sqrt_decay", "multiplies by sqrt(epoch)", SQRT + """
    return k * np.sqrt(epoch) * lr0
""", message="multiplied by sqrt(epoch) instead of divided"),
    Wrong("inverse_sqrt_decay", "epochs counted from 0", SQRT + """
    return k / np.sqrt(np.asarray(epoch) + 1) * lr0
""", message="epochs counted from 0"),
    Wrong("inverse_sqrt_decay", "k ignored", SQRT + """
    return 1.0 / np.sqrt(epoch) * lr0
""", message="the constant k ignored"),
    Wrong("inverse_sqrt_decay", "math.sqrt: breaks on arrays", SQRT + """
    import math
    return k / math.sqrt(epoch) * lr0
""", message="use np.sqrt (not math.sqrt)"),
    # ---- staircase_decay ----------------------------------------------------------------
    Wrong("staircase_decay", "epoch // epochs_per_drop", STAIR + """
    return lr0 * drop ** (np.asarray(epoch) // epochs_per_drop)
""", message="the first stair must hold epochs 1-10"),
    Wrong("staircase_decay", "true division: no stairs", STAIR + """
    return lr0 * drop ** ((np.asarray(epoch) - 1) / epochs_per_drop)
""", message="without the floor"),
    Wrong("staircase_decay", "drop times the number of drops", STAIR + """
    return lr0 * drop * ((np.asarray(epoch) - 1) // epochs_per_drop)
""", message="multiplied instead of raised to the power"),
    Wrong("staircase_decay", "drop and stair length hard-coded", STAIR + """
    return lr0 * 0.5 ** ((np.asarray(epoch) - 1) // 10)
""", message="arguments ignored"),
    Wrong("staircase_decay", "python if on epoch: breaks on arrays", STAIR + """
    n = 0
    e = epoch
    while e > epochs_per_drop:
        e -= epochs_per_drop
        n += 1
    return lr0 * drop ** n
""", message="epoch may be a NumPy array"),
    Wrong("staircase_decay", "ceil instead of floor: the first epoch already dropped", STAIR + """
    return lr0 * drop ** np.ceil(np.asarray(epoch) / epochs_per_drop)
""", message="ceil instead of floor"),
    # ---- hard-coding (returns the worked example for its inputs, garbage otherwise) ---------
    Wrong("inverse_time_decay", "hard-codes the worked example", ITD + """
    worked = {1: 0.1, 2: 0.2 / 3, 3: 0.05, 4: 0.04}
    if lr0 == 0.2 and decay_rate == 1.0 and np.ndim(epoch) == 0 and int(epoch) in worked:
        return worked[int(epoch)]
    return lr0 / (1 + decay_rate) ** np.asarray(epoch, dtype=float)
"""),
]

#: the wrong versions also sent through the real nbgrader path: a representative few of each of
#: the four independent exercises, one of them an array-breaking one (one pack holds a wrong
#: version of each exercise: three submissions in all); every one is graded under the judge
NBGRADER = ["epochs counted from 0", "multiplies instead of dividing", "math module / python if: breaks on arrays",
            "base ** (epoch - 1)", "base times epoch", "base and exponent swapped",
            "k ignored", "math.sqrt: breaks on arrays",   # (and "epochs counted from 0" of this one too)
            "epoch // epochs_per_drop", "true division: no stairs", "python if on epoch: breaks on arrays"]

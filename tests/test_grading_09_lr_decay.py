"""Lesson 09 through the real nbgrader path: reference, blank release and wrong submissions.

The four schedules are independent (no test cell calls another exercise), so one wrong
version of each goes into the same submission (``pack_wrongs``).
"""

from harness import Wrong, grade_cells, standard_tests

LESSON = "09_lr_decay"

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
    Wrong("staircase_decay", "delegates to helpers.schedules", """
from helpers import schedules as _s
def staircase_decay(lr0, epoch, drop=0.5, epochs_per_drop=10):
    return _s.staircase_decay(lr0, epoch, drop, epochs_per_drop)
""", message="reference implementation"),
]


globals().update(standard_tests(LESSON, WRONGS))


def test_wrong_exercises_do_not_cost_the_others(graded):
    """A packed submission holds one wrong version per exercise; an exercise without a wrong
    version in that pack keeps all its points (the tests are independent)."""
    src, packs, results = graded
    exercises = {w.exercise for w in WRONGS}
    for sid, ws in packs.items():
        wrong_here = {w.exercise for w in ws}
        for ex in exercises - wrong_here:
            cells = grade_cells(src, ex)
            assert results[sid].score_of(cells) == sum(results[sid].max_scores[c] for c in cells), (sid, ex)

"""Lesson 10 through the real nbgrader path: reference, blank release and wrong submissions.

``classify_critical_point`` and ``steps_to_escape`` are independent (neither exercise's tests
call the other), so one wrong version of each goes into the same submission (``pack_wrongs``).
"""

from harness import Wrong, grade_cells, standard_tests

LESSON = "10_saddles_and_plateaus"

CLS = "import numpy as np\ndef classify_critical_point(H, tol=1e-8):\n"
ESC = "import numpy as np\ndef steps_to_escape(optimizer, grad_fn, x0, center, radius, max_steps):\n"

# a correct classifier body after the eigenvalues are known, reused by some wrong versions
_SIGNS = """
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    return "saddle"
"""

WRONGS = [
    # ---- classify_critical_point --------------------------------------------------------
    Wrong("classify_critical_point", "diagonal entries instead of eigenvalues", CLS + """
    lam = np.diag(H)
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
""" + _SIGNS, message="diagonal entries used instead of the eigenvalues"),
    Wrong("classify_critical_point", "2x2 determinant rule", CLS + """
    det = np.linalg.det(H)
    if abs(det) <= tol:
        return "degenerate"
    if det < 0:
        return "saddle"
    return "minimum" if H[0, 0] > 0 else "maximum"
""", message="only works for 2x2 matrices"),
    Wrong("classify_critical_point", "degenerate tested last", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.all(lam > 0):
        return "minimum"
    if np.all(lam < 0):
        return "maximum"
    if np.any(lam > 0) and np.any(lam < 0):
        return "saddle"
    return "degenerate"
""", message="not treated as zero"),
    Wrong("classify_critical_point", "exact zero test, tol ignored", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(lam == 0):
        return "degenerate"
""" + _SIGNS, message="not treated as zero"),
    Wrong("classify_critical_point", "strict < tol", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(np.abs(lam) < tol):
        return "degenerate"
""" + _SIGNS),
    Wrong("classify_critical_point", "zero test without abs (lam <= tol)", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(lam <= tol):
        return "degenerate"
""" + _SIGNS, message="without the absolute value"),
    Wrong("classify_critical_point", "minimum and maximum swapped", CLS + """
    lam = np.linalg.eigvalsh(H)
    if np.any(np.abs(lam) <= tol):
        return "degenerate"
    if np.all(lam > 0):
        return "maximum"
    if np.all(lam < 0):
        return "minimum"
    return "saddle"
""", message="minimum and maximum swapped"),
    Wrong("classify_critical_point", "delegates to helpers.critical", """
import helpers.critical as _hc
classify_critical_point = _hc.classify_critical_point
""", message="not your own code"),
    # ---- steps_to_escape ----------------------------------------------------------------
    Wrong("steps_to_escape", "updates counted from 0", ESC + """
    x = np.array(x0, dtype=float)
    if np.linalg.norm(x - center) > radius:
        return 0
    state = optimizer.init(x)
    for k in range(max_steps):
        x, state = optimizer.update(x, grad_fn(x), state)
        if np.linalg.norm(x - center) > radius:
            return k
    return None
""", message="counted from 0"),
    Wrong("steps_to_escape", "ball around x0", ESC + """
    x = np.array(x0, dtype=float)
    state = optimizer.init(x)
    if np.linalg.norm(x - x0) > radius:
        return 0
    for k in range(1, max_steps + 1):
        x, state = optimizer.update(x, grad_fn(x), state)
        if np.linalg.norm(x - x0) > radius:
            return k
    return None
""", message="distance measured from x0 instead of from center"),
    Wrong("steps_to_escape", "x0 not copied (modified in place)", ESC + """
    x = x0
    if np.linalg.norm(x - center) > radius:
        return 0
    state = optimizer.init(x)
    for k in range(1, max_steps + 1):
        x, state = optimizer.update(x, grad_fn(x), state)
        if np.linalg.norm(x - center) > radius:
            return k
    return None
""", message="x0 (the optimizer updates x in place"),
    Wrong("steps_to_escape", "state re-initialised every update", ESC + """
    x = np.array(x0, dtype=float)
    if np.linalg.norm(x - center) > radius:
        return 0
    for k in range(1, max_steps + 1):
        x, _ = optimizer.update(x, grad_fn(x), optimizer.init(x))
        if np.linalg.norm(x - center) > radius:
            return k
    return None
""", message="optimizer state thrown away"),
    Wrong("steps_to_escape", "max_steps returned when it never leaves", ESC + """
    x = np.array(x0, dtype=float)
    if np.linalg.norm(x - center) > radius:
        return 0
    state = optimizer.init(x)
    for k in range(1, max_steps + 1):
        x, state = optimizer.update(x, grad_fn(x), state)
        if np.linalg.norm(x - center) > radius:
            return k
    return max_steps
""", message="must return None"),
    Wrong("steps_to_escape", "start not checked", ESC + """
    x = np.array(x0, dtype=float)
    state = optimizer.init(x)
    for k in range(1, max_steps + 1):
        x, state = optimizer.update(x, grad_fn(x), state)
        if np.linalg.norm(x - center) > radius:
            return k
    return None
""", message="x0 not checked before the first update"),
    Wrong("steps_to_escape", "returned x ignored (relies on in-place updates)", ESC + """
    x = np.array(x0, dtype=float)
    if np.linalg.norm(x - center) > radius:
        return 0
    state = optimizer.init(x)
    for k in range(1, max_steps + 1):
        _, state = optimizer.update(x, grad_fn(x), state)
        if np.linalg.norm(x - center) > radius:
            return k
    return None
""", message="Did you use the x returned by optimizer.update"),
    Wrong("steps_to_escape", "delegates to helpers.escape", """
from helpers import escape as _e
def steps_to_escape(optimizer, grad_fn, x0, center, radius, max_steps):
    return _e.steps_to_escape(optimizer, grad_fn, x0, center, radius, max_steps)
""", message="reference implementation"),
]


globals().update(standard_tests(LESSON, WRONGS))


def test_wrong_exercises_do_not_cost_the_others(graded):
    """Each packed submission holds at most one wrong version per exercise; the other exercise
    keeps all its points (the two exercises' tests are independent)."""
    src, packs, results = graded
    exercises = {w.exercise for w in WRONGS}
    for sid, ws in packs.items():
        for ex in exercises - {w.exercise for w in ws}:
            cells = grade_cells(src, ex)
            assert results[sid].score_of(cells) == sum(results[sid].max_scores[c] for c in cells), (sid, ex)

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
# kernels started by nbval run the source notebooks, whose hidden tests import the
# instructor-only grader package from the repository root (as `make` sets it)
_root = str(Path(__file__).resolve().parent.parent)
if _root not in os.environ.get("PYTHONPATH", "").split(os.pathsep):
    os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (_root, os.environ.get("PYTHONPATH")) if p)
# no MPLBACKEND here: kernels started by nbval inherit this environment and must keep
# their inline backend (matplotlib picks Agg by itself on a machine without a display)
# a font cache of this checkout only (see the Makefile)
os.environ.setdefault("MPLCONFIGDIR", str(Path(sys.prefix) / "mplconfig"))
# kernels started by nbval and the grader multiply small matrices; BLAS threads only add
# overhead there and fight the parallel grader for the two cores
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

# Without a working sandbox (no bubblewrap, or no user namespaces / cgroups), the tests that are
# about isolation skip themselves with the install hint; the rest of the grading pipeline is
# tested without isolation (the judge decides points all the same).
from coursekit.sandbox import available as _sandbox_available  # noqa: E402

if not _sandbox_available()[0]:
    os.environ.setdefault("COURSE_SANDBOX", "off")


# `make test` runs on pytest-xdist workers. Tests that must share one process are scheduled as
# one unit: the cells of one notebook (nbval runs them in order in one kernel), the tests of one
# module (their module-scoped fixtures are costly: a graded class, a built site), and every test
# of the lessons' class run (tests/lessons/conftest.py grades all the lessons in one nbgrader run
# per process). The lessons' tests that do not use that run go elsewhere: the judge's catalogues
# (one unit: a kernel per lesson) and the in-process checks, so a second worker can take them.
# This is xdist's --dist loadscope with those scopes (``_split_scope`` is xdist's own extension
# point for it, which is why pyproject.toml keeps pytest-xdist below 4).
_LESSONS_ELSEWHERE = {
    "test_judge_reference_full_marks": "tests/lessons:judge",
    "test_wrong_loses_points_under_the_judge": "tests/lessons:judge",
    "test_visible_tests_catch_the_common_mistake": "tests/lessons:in-process",
    "test_catalogue_covers_every_exercise": "tests/lessons:in-process",
    "test_allowed_variants_keep_full_marks": "tests/lessons:in-process",
}


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class LessonsTogether(LoadScopeScheduling):
        def _split_scope(self, nodeid):
            module = nodeid.split("::", 1)[0]
            if not module.startswith("tests/lessons/test_grading"):
                return module
            function = nodeid.split("::", 1)[1].split("[", 1)[0]
            return _LESSONS_ELSEWHERE.get(function, "tests/lessons")

    return LessonsTogether(config, log)


# The markers `make test-fast` leaves out (registered in pyproject.toml): `nbgrader`, `browser` and
# `slow`, set in the test modules. A stored-output check of nbval executes a whole lesson: slow.
# tests/unit is all fast, and stays so.
NOT_FAST = ("nbgrader", "browser", "slow")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.startswith("notebooks/"):
            item.add_marker(pytest.mark.slow)
        elif item.nodeid.startswith("tests/unit/") and any(item.get_closest_marker(m) for m in NOT_FAST):
            raise pytest.UsageError(f"{item.nodeid} is marked {[m for m in NOT_FAST if item.get_closest_marker(m)]}: "
                                    "tests/unit is what make test-fast runs in full; put the test elsewhere")

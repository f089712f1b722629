"""nbgrader's region delimiters and placeholders, defined once for the whole course.

The release (nbgrader ``generate_assignment``), the autograder's feedback
(``coursekit.nbgrader_ext.HideHiddenTests``) and the lecture site (``coursekit.site``) all use
these. The delimiters are nbgrader's defaults, written in a cell as ``### BEGIN SOLUTION``.
"""

from __future__ import annotations

from traitlets.config import Config

BEGIN_SOLUTION = "BEGIN SOLUTION"
END_SOLUTION = "END SOLUTION"
BEGIN_HIDDEN_TESTS = "BEGIN HIDDEN TESTS"
END_HIDDEN_TESTS = "END HIDDEN TESTS"
#: what a solution region becomes in the student's copy
CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
TEXT_STUB = "YOUR ANSWER HERE"
#: what a hidden-test region becomes where a student can see the cell (feedback)
HIDDEN_NOTE = "# (hidden tests: they decide the grade)"


def nbgrader_config(*, enforce_metadata: bool = True) -> Config:
    """``ClearSolutions`` and ``ClearHiddenTests`` configured with the delimiters and stubs above."""
    c = Config()
    c.ClearSolutions.code_stub = {"python": CODE_STUB}
    c.ClearSolutions.text_stub = TEXT_STUB
    c.ClearSolutions.begin_solution_delimeter = BEGIN_SOLUTION
    c.ClearSolutions.end_solution_delimeter = END_SOLUTION
    c.ClearSolutions.enforce_metadata = enforce_metadata
    c.ClearHiddenTests.begin_test_delimeter = BEGIN_HIDDEN_TESTS
    c.ClearHiddenTests.end_test_delimeter = END_HIDDEN_TESTS
    c.ClearHiddenTests.enforce_metadata = enforce_metadata
    return c


def student_view(nb, *, enforce_metadata: bool = True):
    """``nb`` as nbgrader's release shows it: solution regions become :data:`CODE_STUB`, hidden
    test regions are removed, by nbgrader's own ``ClearSolutions`` and ``ClearHiddenTests``."""
    from nbgrader.preprocessors import ClearHiddenTests, ClearSolutions

    config = nbgrader_config(enforce_metadata=enforce_metadata)
    for pre in (ClearSolutions(config=config), ClearHiddenTests(config=config)):
        nb, _ = pre.preprocess(nb, {})
    return nb

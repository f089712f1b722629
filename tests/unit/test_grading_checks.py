"""The grading checks themselves, in process (the nbgrader path is in tests/lessons/test_grading.py)."""
import numpy as np
import pytest

from helpers import grading as G


def test_check_close_names_a_known_mistake():
    with pytest.raises(G.GradingError, match="it looks like the sum instead of the mean"):
        G.check_close(6.0, 2.0, "loss", hints={"the sum instead of the mean": 6.0})
    with pytest.raises(G.GradingError, match="expected shape"):
        G.check_close(np.zeros(3), np.zeros(4), "v")
    G.check_close(1.0 + 1e-12, 1.0, "loss")          # passes


def test_call_reports_errors_in_plain_words():
    def unfinished(x):
        raise NotImplementedError()

    def broken(x):
        return x["key"]

    with pytest.raises(G.GradingError, match="not implemented yet"):
        G.call(unfinished, 1)
    with pytest.raises(G.GradingError, match="raised TypeError"):
        G.call(broken, 1)


def test_call_stops_an_infinite_loop():
    def forever():
        while True:
            pass

    with pytest.raises(G.GradingError, match="did not return within 0.3 s"):
        G.call(forever, timeout=0.3)


def test_check_vectorized_sees_a_loop_over_examples():
    def looped(X):
        total = 0.0
        for row in X:
            total += row.sum()
        return total

    def vectorized(X):
        return X.sum()

    G.check_vectorized(vectorized, lambda m: (np.ones((m, 3)),), "sum")
    with pytest.raises(G.GradingError, match="Python loop over the examples"):
        G.check_vectorized(looped, lambda m: (np.ones((m, 3)),), "sum")


def test_call_lends_names_for_the_call_only():
    ns = {}
    exec(compile("def helper():\n    return 'student'\n\ndef outer():\n    return helper()\n", "<ipython-input-1>", "exec"), ns)
    assert G.call(ns["outer"], lend={"helper": lambda: "lent"}) == "lent"
    assert ns["outer"]() == "student", "the student's own helper is back after the call"
    del ns["helper"]
    assert G.call(ns["outer"], lend={"helper": lambda: "lent"}) == "lent"
    assert "helper" not in ns, "a name that was missing is removed again"

    def boom():
        raise ValueError("bad")
    ns["helper"] = lambda: "student"
    with pytest.raises(G.GradingError, match="raised ValueError"):
        G.call(ns["outer"], lend={"helper": boom})
    assert ns["outer"]() == "student", "restored even when the call raises"

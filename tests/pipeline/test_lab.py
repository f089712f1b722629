"""An exploration (helpers/explore.py) driven in a real JupyterLab in headless Chromium.

Starts ``jupyter lab --no-browser`` on a free port with a token, in a temporary folder holding
a one-cell notebook that shows ``explore.ewma_beta()`` (a slider and a checkbox). Chromium
opens the notebook, runs the cell with Shift+Enter, and then moves the slider with the
keyboard and clicks the checkbox, as a student would. Each move must replace the picture
(a new image in the widget), with no widget error. The time from the key press to the new
picture is measured in the page (``performance.now()``) and printed: the slider latency of
issue 14.

Skipped without ``/usr/bin/chromium`` + ``/usr/bin/chromedriver`` or without ipywidgets.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                 reason="JupyterLab browser test skipped: chromium / chromedriver not found "
                                        "(apt-get install chromium chromium-driver)")]

NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "explore", "metadata": {}, "outputs": [],
               "source": "from helpers import explore\nexplore.ewma_beta()"}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}

# records when a key or click reaches the page and when the widget's picture changes
JS_WATCH = r"""
window.__course = {events: [], changes: []};
document.addEventListener('keydown', () => window.__course.events.push(performance.now()), true);
document.addEventListener('mousedown', () => window.__course.events.push(performance.now()), true);
const img = document.querySelector('.widget-image, .jupyter-widgets img');
new MutationObserver(() => window.__course.changes.push([performance.now(), img.src]))
  .observe(img, {attributes: true, attributeFilter: ['src']});
return img.src;
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    pytest.importorskip("ipywidgets")
    pytest.importorskip("selenium")
    folder = tmp_path_factory.mktemp("lab")
    (folder / "explore.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    port, token = _free_port(), os.urandom(12).hex()
    env = {k: v for k, v in os.environ.items() if k not in ("COURSE_AUTOGRADE", "COURSE_EXPLORE")}
    env["PYTHONPATH"] = str(ROOT)
    env["JUPYTER_CONFIG_DIR"] = str(folder / ".jupyter")          # nothing from the user's settings
    log = open(folder / "lab.log", "w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ip=127.0.0.1",
         f"--ServerApp.token={token}", f"--ServerApp.root_dir={folder}", "--ServerApp.open_browser=False",
         "--allow-root", "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"],
        cwd=folder, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.flush()
                    pytest.fail("jupyter lab did not start:\n" + (folder / "lab.log").read_text()[-2000:])
                time.sleep(0.3)
        yield url, token
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture(scope="module")
def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-lab-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions",
                 "--disable-dev-shm-usage", "--disable-background-networking", f"--user-data-dir={profile}",
                 "--window-size=1280,1000", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(90)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _wait(fn, timeout, what):
    end = time.monotonic() + timeout
    while True:
        try:
            value = fn()
        except Exception:          # the page is still being built
            value = None
        if value:
            return value
        if time.monotonic() > end:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(0.2)


def test_a_slider_in_jupyterlab_updates_the_figure(lab, chromium):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    url, token = lab
    d = chromium
    t0 = time.perf_counter()
    d.get(f"{url}/lab/tree/explore.ipynb?token={token}")
    _wait(lambda: d.find_element("css selector", ".jp-Notebook .jp-Cell .jp-InputPrompt"), 90, "the notebook")
    _wait(lambda: "| Idle" in d.find_element("css selector", "#jp-main-statusbar").text, 90, "the kernel to be idle")
    # select the cell (command mode) and run it (found again: Lab re-renders while it starts)
    _wait(lambda: d.find_element("css selector", ".jp-Notebook .jp-Cell .jp-InputPrompt").click() or True, 10, "a click")
    ActionChains(d).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
    handle = _wait(lambda: d.find_element("css selector", ".jp-OutputArea .noUi-handle"), 90,
                   "the exploration's slider (is ipywidgets' JupyterLab extension installed?)")
    checkbox = d.find_element("css selector", ".jp-OutputArea .widget-checkbox input")
    _wait(lambda: d.execute_script(
        "const i = document.querySelector('.widget-image'); return i && i.complete && i.naturalWidth > 0"), 30,
        "the first picture")
    print(f"JupyterLab: notebook opened and the exploration shown in {time.perf_counter() - t0:.1f} s")
    time.sleep(4)        # let the kernel precompute the other frames, as it does while a student reads
    first = d.execute_script(JS_WATCH)

    latencies, sources = [], [first]
    moves = [(handle, Keys.ARROW_RIGHT)] * 3 + [(handle, Keys.ARROW_LEFT)] * 2 + [(checkbox, None)]
    for element, key in moves:
        n_before = len(d.execute_script("return window.__course.changes"))
        if key is None:
            element.click()
        else:
            element.send_keys(key)
        change = _wait(lambda: (lambda c: c[n_before] if len(c) > n_before else None)(
            d.execute_script("return window.__course.changes")), 10, "the picture to change after a move")
        pressed = d.execute_script("return window.__course.events")[-1]
        latencies.append(change[0] - pressed)
        sources.append(change[1])
        time.sleep(0.3)
    assert len(set(sources)) >= 4, "the moves must show different pictures"
    text = d.find_element("css selector", ".jp-OutputArea").text
    assert "Error displaying widget" not in text and "Error" not in text.split("\n")[0], text[:300]
    errors = [e for e in d.get_log("browser") if e.get("level") == "SEVERE" and "favicon" not in e.get("message", "")]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    d.find_element("css selector", ".jp-OutputArea").screenshot(str(SCREENSHOTS / "lab_explore.png"))
    print("slider latency in JupyterLab (key press -> new picture), ms: "
          + ", ".join(f"{x:.0f}" for x in latencies) + f"; median {statistics.median(latencies):.0f} ms")
    assert not errors, errors

"""Headless Chromium for the page checks (the site's, the report's, JupyterLab's).

``browser_or_skip()`` starts one driver (a pytest skip with the install hint when Chromium,
chromedriver or selenium is missing); ``wait_for_mathjax`` waits for MathJax's "End" hook
(the pages set ``data-mathjax="done"`` on ``<html>``); ``screenshot`` saves the full page.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "build" / "screenshots"


@contextlib.contextmanager
def browser_or_skip(width: int = 1280, height: int = 900, *, network_log: bool = False):
    """One headless Chromium driver; ``network_log`` also keeps its network events
    (``driver.get_log("performance")``), which the site's checks read for requests."""
    import pytest

    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.skip(f"browser checks skipped: {', '.join(missing)} not found "
                    "(Debian: apt-get install chromium chromium-driver; .ci/run installs them)")
    pytest.importorskip("selenium", reason="pip install selenium (a dev dependency)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="chromium-profile-")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-extensions", "--disable-dev-shm-usage", f"--user-data-dir={profile}",
                 f"--window-size={width},{height}", "--hide-scrollbars",
                 # no name resolves: a page that needs the internet fails here, visibly
                 "--host-resolver-rules=MAP * ~NOTFOUND"):
        opts.add_argument(flag)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", **({"performance": "ALL"} if network_log else {})})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    driver.set_page_load_timeout(60)
    driver.set_script_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for_mathjax(driver, timeout: float = 60.0) -> bool:
    """True once MathJax has typeset the page (False after ``timeout`` seconds)."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if driver.execute_script("return document.documentElement.getAttribute('data-mathjax') === 'done'"):
            return True
        time.sleep(0.2)
    return False


def screenshot(driver, name: str, *, width: int = 1280, max_height: int = 6000) -> Path:
    """The whole page (up to ``max_height`` pixels) as ``build/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    height = int(driver.execute_script("return Math.min(document.documentElement.scrollHeight, arguments[0])",
                                       max_height))
    driver.set_window_size(width, max(height, 600))
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def errors_in_console(driver) -> list[str]:
    """SEVERE messages of the browser's console since the last call."""
    try:
        return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    except Exception:  # noqa: BLE001 - a driver without that log
        return []


def screenshot_at(driver, css: str, name: str, *, width: int = 1280, height: int = 900) -> Path:
    """The window scrolled to the first element matching ``css``, as ``build/screenshots/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(width, height)
    driver.execute_script("const e = document.querySelector(arguments[0]);"
                          "window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY - 120)", css)
    path = SCREENSHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path

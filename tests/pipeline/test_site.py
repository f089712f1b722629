"""The lecture site (issue 9): built from the committed notebooks, checked statically and in a
real browser.

The site is rendered from ``notebooks/NN_*/NN_*.ipynb`` as committed (their outputs are
stored), without executing anything, into a temporary folder. Every page is then opened in
headless Chromium -- with every host name unresolvable, so the pages must work offline -- and
``page_problems`` reports

* any console error (level SEVERE), e.g. a script that throws or a file that fails to load;
* any image that did not load (``naturalWidth == 0``);
* unrendered math: ``$...$``, ``$$...$$``, ``\\(``, ``\\[`` left in the visible text outside
  code; a page whose source contains math but where MathJax typeset nothing; TeX errors;
* any broken local link (a missing file, or an ``#anchor`` that is not on the target page);
* any request to an external (http/https/ws) address;
* an animation (matplotlib's ``to_jshtml``) whose player did not start or does not move.

``test_the_checker_catches_*`` break a copy of a page on purpose, one defect at a time, and
require ``page_problems`` to report it. Screenshots go to ``build/screenshots/``.

Without ``/usr/bin/chromium`` and ``/usr/bin/chromedriver`` the browser tests are skipped with
a message (``apt-get install chromium chromium-driver``; ``.ci/run`` does this in CI).
"""
from __future__ import annotations

import base64
import json
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import numpy as np
import pytest

from coursekit import site as site_mod
from coursekit.pipeline import lessons as all_lessons
from coursekit.site import GLOSSARY, build_site

from browser import ROOT, SCREENSHOTS, browser_or_skip

SEEDS = ROOT.parent / "shared" / "seeds"
MATH_TIMEOUT = 45.0     # seconds for MathJax to typeset one page (a busy 2-core machine)
LESSONS = all_lessons()
pytestmark = pytest.mark.slow   # every test here builds a site (the browser ones are also marked)


# ---------------------------------------------------------------------------------------
# the site


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = tmp_path_factory.mktemp("site") / "site"
    t0 = time.perf_counter()
    build_site(LESSONS, None, site)
    print(f"site built in {time.perf_counter() - t0:.1f} s: {len(LESSONS)} lessons")
    return site


def pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


class _Scan(HTMLParser):
    """ids/names, links, resource URLs and the text outside code of one page."""

    SKIP = {"script", "style", "pre", "code", "textarea"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids, self.links, self.resources, self.text = set(), [], [], []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if tag == "a" and a.get("href") is not None:
            self.links.append(a["href"])
        for key in ("src", "data", "poster"):
            if a.get(key):
                self.resources.append((tag, a[key]))
        if tag == "link" and a.get("href"):
            self.resources.append((tag, a["href"]))
        if tag in self.SKIP:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def scan(path: Path) -> _Scan:
    s = _Scan()
    s.feed(path.read_text(encoding="utf-8"))
    return s


RAW_MATH = re.compile(r"\$\$.+?\$\$|(?<![\\$\w])\$(?=\S)[^$\n]{1,300}?(?<=\S)\$(?![\w$])|\\\(|\\\)|\\\[|\\\]", re.S)
EXTERNAL = re.compile(r"^(https?:|wss?:|ftp:)?//", re.I)


def has_math(path: Path) -> bool:
    """Math delimiters in the page's source text, outside code (what MathJax should typeset)."""
    return bool(RAW_MATH.search("".join(scan(path).text)))


# ---------------------------------------------------------------------------------------
# static checks (no browser)


def test_index_lists_the_lessons_in_order(built):
    index = (built / "index.html").read_text(encoding="utf-8")
    positions = [index.find(f'href="{l.id}.html"') for l in LESSONS]
    assert all(p > 0 for p in positions), "every lesson must be linked from the index"
    assert positions == sorted(positions), "lessons out of order on the index"
    for lesson in LESSONS:
        assert site_mod._e(lesson.summary) in index, f"summary of {lesson.id} missing"
        for name in lesson.graded:
            assert f"<code>{name}</code>" in index, f"graded exercise {name} of {lesson.id} missing"
        assert f"{lesson.points:g} points" in index
    linked = {h[:-5] for h in scan(built / "index.html").links if re.fullmatch(r"\d\d_\w+\.html", h)}
    assert linked == {l.id for l in LESSONS}, "the index lists exactly the lessons that exist"
    assert 'id="conventions"' in index
    for phrase in ("one example per row", "v_0 = 0", "\\sqrt{S} + \\varepsilon", "rng", "Adam's step"):
        assert phrase in index, f"conventions box: {phrase!r} missing"


def test_every_lesson_page_links_previous_and_next(built):
    for i, lesson in enumerate(LESSONS):
        page = (built / f"{lesson.id}.html").read_text(encoding="utf-8")
        if i > 0:
            assert f'href="{LESSONS[i - 1].id}.html" rel="prev"' in page, lesson.id
        else:
            assert 'rel="prev"' not in page
        if i + 1 < len(LESSONS):
            assert f'href="{LESSONS[i + 1].id}.html" rel="next"' in page, lesson.id
        else:
            assert 'rel="next"' not in page and 'href="index.html#lessons"' in page
        assert 'href="glossary.html"' in page and 'href="index.html"' in page


def test_any_subset_of_lessons_builds(tmp_path):
    subset = LESSONS[::2][:2]          # e.g. lessons 01 and 03: a gap in the middle
    site = build_site(subset, None, tmp_path / "site")
    assert sorted(p.name for p in pages(site)) == sorted([f"{l.id}.html" for l in subset] + ["index.html", "glossary.html"])
    if len(subset) == 2:
        first = (site / f"{subset[0].id}.html").read_text(encoding="utf-8")
        assert f'href="{subset[1].id}.html" rel="next"' in first
    empty = build_site([], None, tmp_path / "empty")
    total = len(site_mod.course_order())          # every lesson of course.json, no fixed number
    assert f"0 of the {total} lessons" in (empty / "index.html").read_text(encoding="utf-8")


def test_no_page_loads_anything_from_the_internet(built):
    for page in pages(built):
        s = scan(page)
        external = [(tag, url) for tag, url in s.resources if EXTERNAL.match(url)]
        assert not external, f"{page.name} loads {external[:3]}"
        text = page.read_text(encoding="utf-8")
        for cdn in ("cdnjs", "cdn.jsdelivr", "unpkg.com", "bootstrapcdn", "require.min.js", "mathjax.org/mathjax"):
            assert cdn not in text, f"{page.name} mentions {cdn}"
        assert 'src="_static/mathjax/MathJax.js?config=' in text
    assert (built / "_static" / "mathjax" / "MathJax.js").is_file()
    size = sum(f.stat().st_size for f in (built / "_static").rglob("*") if f.is_file())
    assert size < 6e6, f"_static is {size / 1e6:.1f} MB: copy only the MathJax parts the pages use"


def test_lesson_pages_hide_solutions_and_hidden_tests(built):
    for lesson in LESSONS:
        page = (built / f"{lesson.id}.html").read_text(encoding="utf-8")
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS"):
            assert marker not in page, f"{lesson.id}: {marker}"
        assert page.count("celltag_course-exercise") >= len(lesson.graded), lesson.id
        assert "NotImplementedError" in page


def test_figures_are_embedded(built):
    for lesson in LESSONS:
        s = scan(built / f"{lesson.id}.html")
        imgs = [url for tag, url in s.resources if tag == "img"]
        assert imgs, f"{lesson.id}: no figures"
        # an exploration's frames are files of the site (one per setting of its knobs)
        frames = [u for u in imgs if u.startswith("_static/explore/")]
        assert all((built / u).is_file() for u in frames), f"{lesson.id}: an exploration's frame is missing"
        assert all(u.startswith("data:image/") for u in imgs if u not in frames), f"{lesson.id}: a figure is not embedded"


REQUIRED_TERMS = {
    "mini-batch": "小批量", "exponentially weighted average (EWMA)": "指數加權平均",
    "bias correction": "偏差修正", "learning-rate decay": "學習率衰減", "saddle point": "鞍點",
    "momentum": "動量", "RMSprop": "RMSprop", "Adam": "Adam", "epoch": "一代", "iteration": "迭代",
    "learning rate": "學習率", "gradient": "梯度", "numerical gradient": "数值梯度",
    "gradient check": "梯度检查", "loss landscape": "最优化地形", "plateau": "平穩段",
    "local minimum / local optimum": "局部最優",
}


def test_glossary_has_the_course_terms(built):
    page = (built / "glossary.html").read_text(encoding="utf-8")
    by_name = {t.english: t for t in GLOSSARY}
    for english, zh in REQUIRED_TERMS.items():
        assert english in by_name, f"glossary lacks {english}"
        assert any(zh in word for word, _ in by_name[english].chinese), f"{english}: {zh} expected"
        assert site_mod._e(english) in page and zh in page
    assert len({t.id for t in GLOSSARY}) == len(GLOSSARY), "glossary anchors must be unique"


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"lecture notes not found at {SEEDS}")
def test_glossary_chinese_is_spelled_as_in_the_notes():
    notes = {f.name[:3]: f.read_text(encoding="utf-8") for f in SEEDS.glob("00*.txt")}
    for term in GLOSSARY:
        for word, where in term.chinese:
            for key in where:
                if key == "practice":       # lesson 11's terms come from today's usage, not the notes
                    assert term.lessons == ("11_practice",), f"{term.english}: only lesson 11 goes beyond the notes"
                    continue
                assert word in notes[key], f"{term.english}: {word!r} is not in note {key}"


def test_hide_solutions_keeps_indentation():
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "def f(x):\n    ### BEGIN SOLUTION\n    return x\n    ### END SOLUTION\n\n"
        "assert f(1) == 1\n### BEGIN HIDDEN TESTS\nassert f(2) == 2\n### END HIDDEN TESTS\nprint('ok')")])
    site_mod.hide_solutions(nb)
    src = nb.cells[0].source
    assert "    # YOUR CODE HERE\n    raise NotImplementedError()" in src
    assert "return x" not in src and "f(2)" not in src and "print('ok')" in src


# ---------------------------------------------------------------------------------------
# the browser


@pytest.fixture(scope="module")
def browser():
    with browser_or_skip(network_log=True) as driver:
        yield driver


JS_MATH_STATE = r"""
const mj = window.MathJax;
return {
  mathjax: !!(mj && mj.Hub),
  done: document.documentElement.getAttribute('data-mathjax') === 'done',
  queue: mj && mj.Hub && mj.Hub.queue ? mj.Hub.queue.pending + (mj.Hub.queue.running || 0) : -1,
  wantsMathJax: !!document.querySelector('script[type="text/x-mathjax-config"], script[src*="MathJax.js"]')
};
"""

JS_INSPECT = r"""
const out = {images: [], raw: [], math: {}, links: [], resources: [], animations: []};
for (const img of document.images) {
  if (!img.complete || img.naturalWidth === 0)
    out.images.push((img.id ? '#' + img.id + ' ' : '') + (img.getAttribute('src') || '(no src)').slice(0, 80));
}
// visible text outside code and outside what MathJax rendered
const clone = document.body.cloneNode(true);
clone.querySelectorAll('script, style, pre, code, textarea, noscript, .MathJax, .MathJax_Display, ' +
    '.MathJax_Preview, .MathJax_SVG, .MathJax_CHTML, .MJX_Assistive_MathML, .MathJax_MathML, math')
  .forEach(e => e.remove());
out.text = clone.textContent;
const scripts = Array.from(document.querySelectorAll('script[type^="math/tex"]'));
out.math.scripts = scripts.length;
out.math.unrendered = scripts.filter(s => {
  const frame = document.getElementById(s.id + '-Frame');
  return !frame && !(s.previousSibling && s.previousSibling.className &&
                     String(s.previousSibling.className).indexOf('MathJax') >= 0);
}).length;
out.math.rendered = document.querySelectorAll('.MathJax, .MathJax_Display, .MathJax_SVG, .MathJax_CHTML').length;
out.math.errors = Array.from(document.querySelectorAll('.MathJax_Error, .merror, .noError'))
  .map(e => e.textContent.slice(0, 60));
if (document.body.textContent.indexOf('Math Processing Error') >= 0) out.math.errors.push('Math Processing Error');
for (const a of document.querySelectorAll('a[href]'))
  out.links.push([a.getAttribute('href'), a.href]);
for (const e of document.querySelectorAll('[src], link[href]'))
  out.resources.push(e.src || e.href);
for (const img of document.querySelectorAll('img[id^="_anim_img"]')) {
  const id = img.id.slice('_anim_img'.length);
  out.animations.push({id: id, player: typeof window['anim' + id] === 'object'});
}
return out;
"""


def _drain(driver, kind):
    try:
        return driver.get_log(kind)
    except Exception:  # pragma: no cover - a driver without that log
        return []


def _wait(fn, timeout):
    end = time.monotonic() + timeout
    while True:
        value = fn()
        if value or time.monotonic() > end:
            return value
        time.sleep(0.1)


_ids_cache: dict[Path, set] = {}


def _ids(path: Path) -> set:
    if path not in _ids_cache:
        _ids_cache[path] = scan(path).ids
    return _ids_cache[path]


def page_problems(driver, path: Path, *, math_timeout: float = MATH_TIMEOUT) -> list[str]:
    """Open ``path`` (an HTML file) in ``driver``; return what is wrong with it, as messages."""
    path = Path(path).resolve()
    problems: list[str] = []
    _drain(driver, "browser"), _drain(driver, "performance")
    driver.get(path.as_uri())

    state = driver.execute_script(JS_MATH_STATE)
    if state["wantsMathJax"] and not state["mathjax"]:
        problems.append("math: MathJax did not load")
    elif state["mathjax"]:
        finished = _wait(lambda: (lambda s: s["done"] and s["queue"] <= 0)(driver.execute_script(JS_MATH_STATE)),
                         math_timeout)
        if not finished:
            problems.append(f"math: MathJax did not finish typesetting within {math_timeout:.0f} s")

    info = driver.execute_script(JS_INSPECT)
    # animations: the player exists, shows a frame, and moves (next frame, then play)
    for anim in info["animations"]:
        name = f"animation {anim['id'][:8]}"
        if not anim["player"]:
            problems.append(f"{name}: its player did not start (were its scripts stripped?)")
            continue
        moved = driver.execute_script("""
            const id = arguments[0], a = window['anim' + id], img = document.getElementById('_anim_img' + id);
            const box = img.closest('.animation') || document;
            const before = img.src;
            box.querySelector('button[title="Next frame"]').click();
            return [a.frames.length, before !== img.src];""", anim["id"])
        n_frames, stepped = moved
        if n_frames > 1 and not stepped:
            problems.append(f"{name}: 'next frame' did not change the picture")
        if n_frames > 1:
            start = driver.execute_script(
                "const a = window['anim' + arguments[0]]; const f = a.current_frame;"
                "(document.getElementById('_anim_img' + arguments[0]).closest('.animation') || document)"
                ".querySelector('button[title=\"Play\"]').click(); return f;", anim["id"])
            played = _wait(lambda: driver.execute_script(
                "return window['anim' + arguments[0]].current_frame !== arguments[1]", anim["id"], start), 5)
            driver.execute_script("window['anim' + arguments[0]].pause_animation()", anim["id"])
            if not played:
                problems.append(f"{name}: 'play' did not advance the animation")
    if info["animations"]:
        info["images"] = driver.execute_script(
            "return Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0)"
            ".map(i => (i.id ? '#' + i.id + ' ' : '') + (i.getAttribute('src') || '(no src)').slice(0, 80))")

    for entry in _drain(driver, "browser"):
        if entry.get("level") == "SEVERE":
            problems.append(f"console error: {entry.get('message', '')[:300]}")

    for entry in _drain(driver, "performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") == "Network.requestWillBeSent":
            url = msg["params"]["request"]["url"]
            if re.match(r"^(https?|wss?|ftp):", url, re.I):
                problems.append(f"external request: {url[:200]}")

    for img in info["images"]:
        problems.append(f"image did not load: {img}")

    raw = sorted({m.group(0)[:60] for m in RAW_MATH.finditer(info["text"])})
    if raw:
        problems.append(f"math: unrendered TeX in the page text: {raw[:5]}")
    if has_math(path) and info["math"]["rendered"] == 0:
        problems.append("math: the page has math but MathJax rendered none of it")
    if info["math"]["unrendered"]:
        problems.append(f"math: {info['math']['unrendered']} of {info['math']['scripts']} formulas not rendered")
    if info["math"]["errors"]:
        problems.append(f"math: TeX errors {info['math']['errors'][:3]}")

    for raw_href, href in info["links"]:
        if raw_href.startswith(("http:", "https:", "mailto:", "javascript:")) or raw_href in ("", "#"):
            continue
        url = urlparse(href)
        if url.scheme != "file":
            problems.append(f"broken link: {raw_href} (scheme {url.scheme})")
            continue
        target = Path(unquote(url.path))
        if not target.exists():
            problems.append(f"broken link: {raw_href} (no file {target.name})")
            continue
        if url.fragment and target.suffix == ".html":
            # as a browser does: the fragment as written first, then percent-decoded
            names = list(dict.fromkeys([raw_href.partition("#")[2], url.fragment, unquote(url.fragment)]))
            if target == path:
                found = driver.execute_script(
                    "return arguments[0].some(n => document.getElementById(n) || document.getElementsByName(n).length)",
                    names)
            else:
                found = any(n in _ids(target) for n in names)
            if not found:
                problems.append(f"broken link: {raw_href} (no #{unquote(url.fragment)} on {target.name})")
    for res in info["resources"]:
        url = urlparse(res)
        if url.scheme == "file" and not Path(unquote(url.path)).exists():
            problems.append(f"missing file: {res[:200]}")
    return list(dict.fromkeys(problems))


def _screenshots(driver, shots: list[tuple[str, str | None]]):
    """Screenshots of the page open in ``driver``: (file name, CSS selector to scroll to)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, selector in shots:
        if selector == "FULL PAGE":
            height = driver.execute_script("return document.documentElement.scrollHeight")
            shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True,
                "clip": {"x": 0, "y": 0, "width": 1280, "height": min(height, 8000), "scale": 1}})
            (SCREENSHOTS / name).write_bytes(base64.b64decode(shot["data"]))
            continue
        driver.execute_script(
            "const e = arguments[0] ? document.querySelector(arguments[0]) : null;"
            "if (e) e.scrollIntoView({block: 'center'}); else window.scrollTo(0, 0);", selector)
        time.sleep(0.2)
        driver.save_screenshot(str(SCREENSHOTS / name))


def _planned_screenshots(site: Path) -> dict[str, list[tuple[str, str | None]]]:
    plan = {"index.html": [("index.png", None), ("index_full.png", "FULL PAGE")],
            "glossary.html": [("glossary.png", None)]}
    shown = [l for l in LESSONS if l.id.startswith(("01", "08"))] or LESSONS[:1]
    for lesson in shown:
        plan[f"{lesson.id}.html"] = [(f"{lesson.id}.png", None), (f"{lesson.id}_math.png", ".MathJax_Display"),
                                     (f"{lesson.id}_exercise.png", ".celltag_course-exercise")]
    animated = [l for l in LESSONS if "_anim_img" in (site / f"{l.id}.html").read_text(encoding="utf-8")]
    if animated:
        plan.setdefault(f"{animated[-1].id}.html", []).append((f"{animated[-1].id}_animation.png", ".animation"))
    return plan


@pytest.mark.browser
def test_every_page_in_chromium(built, browser):
    report = {}
    plan = _planned_screenshots(built)
    t0 = time.perf_counter()
    for page in pages(built):
        found = page_problems(browser, page)
        if 'class="course-explore"' in page.read_text(encoding="utf-8"):      # a lesson's explorations
            found += explore_problems(browser, page)
        if found:
            report[page.name] = found
        _screenshots(browser, plan.get(page.name, []))
    elapsed = time.perf_counter() - t0
    print(f"{len(pages(built))} pages checked in Chromium in {elapsed:.1f} s; screenshots in {SCREENSHOTS}")
    assert not report, "problems in the browser:\n" + "\n".join(
        f"{name}:\n  " + "\n  ".join(found) for name, found in report.items())


# ---------------------------------------------------------------------------------------
# the checker catches broken pages


@pytest.fixture(scope="module")
def sandbox(built, tmp_path_factory):
    """A copy of the site whose index page is broken in copies, one defect per copy."""
    box = tmp_path_factory.mktemp("broken") / "site"
    shutil.copytree(built, box)
    return box


def _broken(box: Path, name: str, inject: str, *, replace: tuple[str, str] | None = None) -> Path:
    html = (box / "index.html").read_text(encoding="utf-8")
    html = html.replace("</main>", f"{inject}\n</main>", 1)
    if replace:
        assert replace[0] in html, replace[0]
        html = html.replace(*replace)
    page = box / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    return page


BREAKAGES = {
    # name: (what to inject into the page, text the report must contain)
    "clean": ("", None),
    "raw_dollar_math": ('<p class="tex2jax_ignore">the loss $L(W)$ stays raw</p>', "unrendered TeX"),
    "raw_paren_math": ('<p class="tex2jax_ignore">a step \\(\\alpha\\) stays raw</p>', "unrendered TeX"),
    "missing_image": ('<img src="no-such-figure.png" alt="x">', "image did not load"),
    "broken_image_data": ('<img src="data:image/png;base64,AAAA" alt="x">', "image did not load"),
    "broken_link": ('<a href="no-such-lesson.html">next</a>', "broken link: no-such-lesson.html"),
    "broken_anchor": ('<a href="#no-such-section">see above</a>', "broken link: #no-such-section"),
    "broken_anchor_other_page": ('<a href="glossary.html#no-such-term">term</a>', "no #no-such-term"),
    "console_error": ("<script>console.error('the lesson broke')</script>", "console error"),
    "script_exception": ("<script>undefined_function_of_a_lesson()</script>", "console error"),
    "external_script": ('<script src="https://cdn.example.org/require.min.js"></script>', "external request"),
    "external_image": ('<img src="http://example.org/figure.png" alt="x">', "external request"),
    "tex_error": ("<p>$\\frac{1}{$</p>", "math"),
    "animation_without_player": ('<div class="animation"><img id="_anim_imgdeadbeef"></div>', "image did not load"),
}


@pytest.mark.browser
@pytest.mark.parametrize("breakage", list(BREAKAGES))
def test_the_checker_catches(breakage, browser, sandbox):
    inject, expected = BREAKAGES[breakage]
    page = _broken(sandbox, breakage, inject)
    found = page_problems(browser, page, math_timeout=20)
    print(f"{breakage}: {found}")
    if expected is None:
        assert found == [], f"a clean copy must pass: {found}"
    else:
        assert any(expected in p for p in found), f"{breakage}: expected a problem with {expected!r}, got {found}"


@pytest.mark.browser
def test_the_checker_catches_math_without_mathjax(browser, sandbox):
    """MathJax missing (say, a CDN URL that does not load): raw math and a failed script."""
    page = _broken(sandbox, "no_mathjax", "", replace=("_static/mathjax/MathJax.js", "_static/mathjax/Missing.js"))
    found = page_problems(browser, page, math_timeout=5)
    assert any("MathJax did not load" in p for p in found), found
    assert any("unrendered TeX" in p for p in found), found
    assert any("missing file" in p or "console error" in p for p in found), found


@pytest.mark.browser
def test_the_checker_catches_a_stuck_animation(browser, sandbox):
    """An animation whose frames never change (its 'next' button is dead)."""
    frame = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    inject = f"""<div class="animation"><img id="_anim_imgstuck" src="{frame}">
<button title="Next frame" onclick="">next</button><button title="Play" onclick="">play</button></div>
<script>var animstuck = {{frames: [1, 2, 3], current_frame: 0, pause_animation: function () {{}}}};</script>"""
    found = page_problems(browser, _broken(sandbox, "stuck_animation", inject), math_timeout=20)
    assert any("'next frame' did not change" in p for p in found), found
    assert any("'play' did not advance" in p for p in found), found


# ---------------------------------------------------------------------------------------
# interactive explorations (helpers/explore.py): every knob moves the picture on the site

from dataclasses import dataclass as _dataclass   # noqa: E402


@_dataclass(frozen=True)
class DemoLesson:
    """A lesson-like object for a notebook outside notebooks/ (what build_site needs)."""
    id: str
    title: str
    summary: str
    graded: tuple
    points: float
    notebook: Path


def explore_demo_notebook(path: Path, names=None) -> Path:
    """Write and execute (static view, as nbval and the notebook build see it) a notebook
    that shows the explorations ``names`` (default: all of them)."""
    import os

    import nbformat

    from helpers import explore

    names = list(names or explore.EXPLORATIONS)
    cells = [nbformat.v4.new_markdown_cell("# Lesson 99 \u2014 Explorations\n\nEvery exploration of the course."),
             nbformat.v4.new_code_cell("from helpers import explore")]
    cells += [nbformat.v4.new_code_cell(f"explore.{name}()") for name in names]
    nb = nbformat.v4.new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "language": "python",
                                                                         "display_name": "Python 3"}})
    env = {k: v for k, v in os.environ.items() if k not in ("JPY_SESSION_NAME", "COURSE_AUTOGRADE")}
    env["PYTHONPATH"] = str(ROOT)
    _execute(nb, path.parent, env)
    nbformat.write(nb, path)
    return path


def _execute(nb, cwd: Path, env: dict) -> None:
    import os

    from nbclient import NotebookClient

    old = dict(os.environ)
    try:      # the kernel inherits this process's environment
        os.environ.clear()
        os.environ.update(env)
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    finally:
        os.environ.clear()
        os.environ.update(old)


@pytest.fixture(scope="module")
def explore_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("explore")
    nb_path = explore_demo_notebook(folder / "99_explore.ipynb")
    lesson = DemoLesson("99_explore", "Lesson 99 \u2014 Explorations", "every exploration", (), 0, nb_path)
    t0 = time.perf_counter()
    site = build_site([lesson], None, folder / "site")
    print(f"exploration demo site built in {time.perf_counter() - t0:.1f} s")
    return site


def test_exploration_outputs_are_static_and_stable(explore_site):
    """The executed notebook holds a PNG + the spec (no widget, no widget state), and the same
    spec on every run."""
    import nbformat

    from helpers import explore

    nb_path = explore_site.parent / "99_explore.ipynb"
    nb = nbformat.read(nb_path, as_version=4)
    assert "widgets" not in nb.metadata, "widget state saved into the notebook"
    specs = []
    for cell in nb.cells[2:]:
        (out,) = cell.outputs
        assert set(out.data) == {"text/plain", "image/png", explore.MIME}, set(out.data)
        specs.append(out.data[explore.MIME])
    assert [s["exploration"] for s in specs] == list(explore.EXPLORATIONS)
    again = [explore.EXPLORATIONS[s["exploration"]]().spec() for s in specs]
    assert json.loads(json.dumps(again)) == json.loads(json.dumps(specs))


def test_exploration_frames_on_the_site(explore_site):
    page = (explore_site / "99_explore.html").read_text(encoding="utf-8")
    assert "application/vnd.course.explore" not in page
    figures = re.findall(r'<figure class="course-explore" data-base="([^"]+)" data-shape="([^"]+)"', page)
    assert len(figures) == 6, figures
    total = 0
    for base, shape in figures:
        n = int(np.prod([int(s) for s in shape.split(",")]))
        frames = sorted((explore_site / base).glob("*.png"))
        assert len(frames) == n, (base, len(frames), n)
        blobs = [f.read_bytes() for f in frames]
        assert len(set(blobs)) == n, f"{base}: two settings drew the same picture"
        total += sum(len(b) for b in blobs)
    print(f"exploration frames: {total / 1e6:.2f} MB")
    assert total < 3e6, f"the explorations' frames take {total / 1e6:.1f} MB: keep them compact"


JS_EXPLORE = r"""
return Array.from(document.querySelectorAll('figure.course-explore')).map(f => ({
  src: f.querySelector('img').getAttribute('src'),
  loaded: f.querySelector('img').complete && f.querySelector('img').naturalWidth > 0,
  knobs: f.querySelectorAll('[data-knob]').length}));
"""


def explore_problems(driver, path: Path, timeout: float = 5.0) -> list[str]:
    """Move every knob of every exploration on the page at ``path`` as a reader does (keyboard
    on a slider, click on a checkbox); report each move that did not show a new, loaded frame."""
    from selenium.webdriver.common.keys import Keys

    problems = []
    _drain(driver, "browser")
    driver.get(Path(path).resolve().as_uri())
    figures = driver.find_elements("css selector", "figure.course-explore")
    if not figures:
        return ["no exploration on the page"]
    for f_idx, fig in enumerate(figures):
        for knob in fig.find_elements("css selector", "[data-knob]"):
            name = f"exploration {f_idx}, knob {knob.get_attribute('data-knob')}"
            before = driver.execute_script(JS_EXPLORE)[f_idx]["src"]
            driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", knob)
            if knob.get_attribute("type") == "checkbox":
                knob.click()
            else:
                at_end = knob.get_attribute("value") == knob.get_attribute("max")
                knob.send_keys(Keys.LEFT if at_end else Keys.RIGHT)
            state = _wait(lambda: (lambda s: s if s["src"] != before and s["loaded"] else None)(
                driver.execute_script(JS_EXPLORE)[f_idx]), timeout) or driver.execute_script(JS_EXPLORE)[f_idx]
            if state["src"] == before:
                problems.append(f"{name}: moving it did not change the picture")
            elif not state["loaded"]:
                problems.append(f"{name}: the new frame {state['src']} did not load")
    for entry in _drain(driver, "browser"):
        if entry.get("level") == "SEVERE":
            problems.append(f"console error: {entry.get('message', '')[:300]}")
    return problems


@pytest.mark.browser
def test_every_exploration_slider_moves_the_picture(explore_site, browser):
    page = explore_site / "99_explore.html"
    t0 = time.perf_counter()
    found = explore_problems(browser, page) + page_problems(browser, page)
    print(f"explorations driven in Chromium in {time.perf_counter() - t0:.1f} s")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for k, fig in enumerate(browser.find_elements("css selector", "figure.course-explore")):
        browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", fig)
        time.sleep(0.2)
        fig.screenshot(str(SCREENSHOTS / f"site_explore_{k}.png"))
    assert not found, "\n".join(found)


@pytest.mark.browser
def test_the_checker_catches_a_dead_slider(explore_site, browser):
    """The same page without explore.js (a slider that moves nothing) must be reported."""
    page = explore_site / "99_explore.html"
    dead = page.with_name("99_dead.html")
    html, n = re.subn(r"<script[^>]*explore\.js[^>]*>\s*</script>", "", page.read_text(encoding="utf-8"))
    assert n == 1, n
    dead.write_text(html, encoding="utf-8")
    found = explore_problems(browser, dead, timeout=0.5)
    assert sum("did not change the picture" in p for p in found) >= 6, found


@pytest.mark.browser
def test_the_checker_catches_a_missing_frame(explore_site, browser, tmp_path):
    """A site whose frames were not all written: the move shows a broken image."""
    broken = tmp_path / "site"
    shutil.copytree(explore_site, broken)
    page = broken / "99_explore.html"
    base = re.search(r'data-base="([^"]+)"', page.read_text(encoding="utf-8")).group(1)
    for frame in sorted((broken / base).glob("*.png"))[1:]:
        frame.unlink()
    found = explore_problems(browser, page)
    assert any("did not load" in p for p in found), found


def _draw_after(barrier, spec, key, folder):
    barrier.wait()
    site_mod._frames(spec, key, folder)


def test_concurrent_builds_fill_the_exploration_cache_once(tmp_path, monkeypatch):
    """Builds running at once (the two test workers, two `make course`) each draw an exploration's
    frames; every one gets all its frames, and the cache ends complete with no leftovers."""
    import multiprocessing

    from helpers import explore

    spec = explore.ewma_beta().spec()
    n_frames = explore.build(spec).n_frames
    monkeypatch.setattr(site_mod, "EXPLORE_CACHE", tmp_path / "cache")
    ctx = multiprocessing.get_context("fork")         # the patched cache folder goes with the fork
    barrier = ctx.Barrier(3)
    procs = [ctx.Process(target=_draw_after, args=(barrier, spec, "k", tmp_path / f"site{i}")) for i in range(3)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0], "a build failed while another filled the cache"
    for i in range(3):
        assert sorted(p.name for p in (tmp_path / f"site{i}").iterdir()) == [f"{j:04d}.png" for j in range(n_frames)]
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["k"], "a half-drawn folder was left behind"
    assert (tmp_path / "cache" / "k" / "done").read_text() == str(n_frames)

"""The lecture site: the executed lessons as static HTML pages, readable offline.

``build_site(all_lessons, executed, site)`` writes

``site/index.html``        the lessons in course order: title, one-line summary, what is graded;
                           the conventions box
``site/NN_name.html``      one page per lesson (previous / next navigation at top and bottom)
``site/glossary.html``     the course's terms with the Chinese used in the lecture notes
``site/_static/``          ``course.css``, ``explore.js`` and the part of MathJax 2.7 the pages use
``site/_static/explore/``  the frames of the interactive explorations (see below)

Where things live: the lessons, their order and the conventions come from ``course.json``
(:mod:`coursekit.course`; any number of lessons), the glossary from ``notebooks/glossary.json``, every piece of HTML from the Jinja
templates in ``coursekit/templates/site`` (the lesson pages extend nbconvert's ``lab`` template
through ``coursekit/templates/course``).

Why plain nbconvert pages and not Jupyter Book
---------------------------------------------
Jupyter Book is what people in this field expect, but Jupyter Book 2 is a Node.js program
(MyST) and the course must build on a machine with only Python and ``make``. Jupyter Book 1
(Sphinx) is in maintenance mode and loads MathJax 3 and require.js from a CDN unless patched.
Keeping two builders -- Jupyter Book where ``node`` exists, nbconvert elsewhere -- would give
two different sites depending on the machine, and only one of them would be what CI checks.
So there is one builder: nbconvert's ``lab`` template (the cells look exactly as in
JupyterLab), extended by ``coursekit/templates/course`` to

* load nothing from the internet: no require.js, no widget manager, no mermaid, and MathJax
  from ``_static/mathjax`` -- a copy of the MathJax 2.7 that the PyPI package
  ``jupyter-server-mathjax`` ships (only what TeX input + HTML-CSS output with the STIX web
  fonts needs);
* add a navigation bar, the lesson's place in the course, a conventions box and
  previous / next links, with the site's own stylesheet (readable column, system fonts).

Lesson pages are what students read, so exercises show the student stub (as in the nbgrader
release) instead of the reference solution, and hidden tests are removed -- by nbgrader's own
``ClearSolutions`` and ``ClearHiddenTests``, configured once in ``coursekit/markers.py``; all outputs -- figures (base64 PNG), printouts, matplotlib's JavaScript animations -- are kept
as executed. Nothing strips scripts (``sanitize_html`` is off); the only edit to outputs is
dropping the Font Awesome stylesheet that ``Animation.to_jshtml`` links from a CDN (the
buttons get plain-character icons from ``course.css``).

Interactive explorations (``helpers/explore.py``) leave a small JSON spec in a notebook's
outputs (MIME type ``helpers.explore.MIME``) next to a PNG of the default view. The site
rebuilds each exploration from its spec, draws one palette PNG per setting of its knobs into
``_static/explore/<key>/`` (cached in ``build/explore-cache/`` between builds) and puts the same
knobs on the page; ``_static/explore.js`` (a dozen lines) swaps the frame when a knob moves.

``tests/pipeline/test_site.py`` builds the site from the committed notebooks and opens every page in
headless Chromium (console errors, images, math, links, no network).
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import markupsafe
import nbformat

from . import course, markers

COURSE = course.load().title
TEMPLATES = Path(__file__).resolve().parent / "templates"
ROOT = Path(__file__).resolve().parent.parent
GLOSSARY_JSON = ROOT / "notebooks" / "glossary.json"
EXPLORE_CACHE = ROOT / "build" / "explore-cache"
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"


# ---------------------------------------------------------------------------------------
# course data


@dataclass(frozen=True)
class Term:
    english: str
    chinese: tuple[tuple[str, tuple[str, ...]], ...]   # (term as a note writes it, notes that use it)
    meaning: str                                     # HTML; math in \( \)
    lessons: tuple[str, ...]                         # lesson ids where the course introduces it
    anchor: str = ""

    @property
    def id(self) -> str:
        return self.anchor or re.sub(r"[^a-z0-9]+", "-", self.english.lower()).strip("-")


def _load_glossary(path: Path = GLOSSARY_JSON):
    data = json.loads(path.read_text(encoding="utf-8"))
    terms = [Term(t["english"], tuple((zh, tuple(notes.split())) for zh, notes in t["chinese"]), t["meaning"],
                  tuple(t["lessons"].split()), t.get("anchor", "")) for t in data["terms"]]
    return terms, dict(data["notes"])


# Each Chinese term is spelled exactly as the note(s) listed beside it write it
# (tests/pipeline/test_site.py checks every one against shared/seeds/ when that folder is present).
GLOSSARY, NOTES = _load_glossary()


def course_order() -> list[str]:
    """Every lesson id of the course, in order (``course.json``)."""
    return course.load().ids


def conventions_html() -> list[markupsafe.Markup]:
    """The course's conventions (``course.json``, Markdown) as HTML list items' contents."""
    from nbconvert.filters import markdown2html

    items = []
    for name, text in course.load().conventions:
        body = markdown2html(text).strip()
        body = re.sub(r"^<p>(.*)</p>$", r"\1", body, flags=re.S)
        items.append(markupsafe.Markup(f"<strong>{markupsafe.escape(name)}:</strong> {body}"))
    return items


def _in_course_order(all_lessons) -> list:
    order = {lid: k for k, lid in enumerate(course_order())}
    return sorted(all_lessons, key=lambda l: (order.get(l.id, len(order)), l.id))


# ---------------------------------------------------------------------------------------
# building


def build_site(all_lessons, executed: Path | None, site: Path, *, solutions: bool = False) -> Path:
    """Render every lesson into ``site`` (see the module docstring); return ``site``.

    ``executed`` holds the executed notebooks (``<lesson>.ipynb``); ``None`` renders each
    lesson's committed notebook (``lesson.notebook``, outputs stored) directly.
    ``solutions=True`` keeps the reference solutions and hidden tests (an instructor's copy).
    Works for any subset of the course's lessons: only lessons passed in are listed and linked,
    in the order of ``course.json``.
    """
    site = Path(site)
    if site.exists():
        shutil.rmtree(site)
    static = site / "_static"
    static.mkdir(parents=True)
    shutil.copy(TEMPLATES / "site" / "course.css", static / "course.css")
    shutil.copy(TEMPLATES / "site" / "explore.js", static / "explore.js")
    copy_mathjax(static / "mathjax")

    lessons = _in_course_order(all_lessons)
    total = max(len(course_order()), len(lessons))
    env = _env(total)
    pieces = env.get_template("pieces.html.j2").make_module(vars=_globals(total))
    exporter = _exporter()
    for i, lesson in enumerate(lessons):
        src = (Path(executed) / lesson.notebook.name) if executed is not None else lesson.notebook
        nb = nbformat.read(src, as_version=4)
        if not solutions:
            hide_solutions(nb)
        mark_cells(nb)
        explorations(nb, site, env)
        prev = _view(lessons[i - 1]) if i > 0 else None
        nxt = _view(lessons[i + 1]) if i + 1 < len(lessons) else None
        here = _view(lesson)
        resources = {
            "metadata": {"name": f"{here.number} \u00b7 {here.short} \u00b7 {COURSE}"},
            "course": {"head": str(pieces.head()), "top": str(pieces.lesson_top(here, prev, nxt)),
                       "bottom": str(pieces.lesson_bottom(here, prev, nxt, lesson.id == course_order()[-1]))},
        }
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        (site / f"{lesson.id}.html").write_text(clean_outputs(body), encoding="utf-8")

    (site / "index.html").write_text(index_page(lessons, env), encoding="utf-8")
    (site / "glossary.html").write_text(glossary_page(lessons, env), encoding="utf-8")
    return site


def _globals(total: int) -> dict:
    return {"course": COURSE, "total": total, "mathjax_url": _mathjax_url(), "convention_items": conventions_html()}


def _env(total: int | None = None):
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(str(TEMPLATES / "site")), autoescape=True,
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.globals.update(_globals(len(course_order()) if total is None else total))
    return env


@dataclass(frozen=True)
class _LessonView:
    """What the templates show of a lesson."""
    id: str
    number: str
    short: str
    summary: str
    graded: tuple
    points_text: str


def _view(lesson) -> _LessonView:
    return _LessonView(lesson.id, _number(lesson), _short_title(lesson), lesson.summary, tuple(lesson.graded),
                       f"{lesson.points:g}")


def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="course",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        sanitize_html=False,          # keep the animations' scripts
        embed_images=True,
        mathjax_url=_mathjax_url(),   # unused by the course template; set so no default CDN leaks
        require_js_url="",
    )


def _mathjax_url() -> str:
    return f"_static/mathjax/MathJax.js?config={MATHJAX_CONFIG}"

def mathjax_source() -> Path:
    """MathJax 2.7 as shipped by the ``jupyter-server-mathjax`` package (PyPI / conda-forge)."""
    try:
        import jupyter_server_mathjax
    except ImportError as err:  # pragma: no cover - the package is a dev dependency
        raise RuntimeError("the site needs MathJax from the package jupyter-server-mathjax: "
                           "pip install jupyter-server-mathjax (make installs it)") from err
    return Path(jupyter_server_mathjax.__file__).parent / "static"


# What the pages need from MathJax: the combined TeX + MathML + HTML-CSS configuration, the
# extensions it may load, the TeX input, and the HTML-CSS output with its STIX web fonts.
# Left out: the SVG output, other languages, and the speech-rule engine of the a11y explorer.
_MATHJAX_PARTS = [
    "MathJax.js", "LICENSE", "config/TeX-AMS-MML_HTMLorMML-full.js", "config/Safe.js",
    "extensions/*.js", "extensions/TeX/*.js", "extensions/HTML-CSS/*.js", "extensions/MathML/*.js",
    "extensions/a11y/accessibility-menu.js",
    "jax/input/**/*.js", "jax/element/**/*.js", "jax/output/HTML-CSS/**/*.js",
    "fonts/HTML-CSS/STIX-Web/woff/**/*.woff",
]


def copy_mathjax(target: Path) -> Path:
    src = mathjax_source()
    for pattern in _MATHJAX_PARTS:
        files = [p for p in src.glob(pattern) if p.is_file()]
        if not files:
            raise RuntimeError(f"MathJax copy: nothing matches {pattern} in {src}")
        for f in files:
            dest = target / f.relative_to(src)
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(f, dest)
    return target


# ---------------------------------------------------------------------------------------
# notebook edits before rendering

CODE_STUB = markers.CODE_STUB


def hide_solutions(nb) -> None:
    """Student view, as nbgrader's release shows it (``markers.student_view``: nbgrader's own
    ``ClearSolutions`` and ``ClearHiddenTests``). Outputs stay (they are the reference run's)."""
    markers.student_view(nb, enforce_metadata=False)


def mark_cells(nb) -> None:
    """Tag exercise and graded-check cells; the lab template turns tags into CSS classes."""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        tag = "course-exercise" if meta.get("solution") else "course-check" if meta.get("grade") else None
        if tag and cell.cell_type == "code":
            cell.metadata["tags"] = [*cell.metadata.get("tags", []), tag]


def explorations(nb, site: Path, env=None) -> list[str]:
    """Replace every exploration output (``helpers.explore.MIME``) by its knobs and frames.

    The frames go to ``site/_static/explore/<key>/NNNN.png`` (``key``: a hash of the spec and of
    ``helpers/explore.py``, so an unchanged exploration is drawn once and then copied from
    ``build/explore-cache/``). Returns the keys, in page order."""
    import hashlib

    from helpers import explore

    env = env or _env()
    template = env.get_template("explore.html.j2")
    keys = []
    for cell in nb.cells:
        for k, out in enumerate(cell.get("outputs", [])):
            spec = out.get("data", {}).get(explore.MIME) if out.get("output_type") in ("display_data", "execute_result") else None
            if spec is None:
                continue
            spec = json.loads(spec) if isinstance(spec, str) else json.loads(json.dumps(spec))
            # the key changes with the spec and with the code that draws it (helpers/explore.py)
            key = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()
                                 + Path(explore.__file__).read_bytes()).hexdigest()[:16]
            folder = site / "_static" / "explore" / key
            width, height = _frames(spec, key, folder)
            knobs = [dict(kn, texts=[_knob_text(kn, v) for v in kn["values"]]) for kn in spec["knobs"]]
            shape = [len(kn["values"]) for kn in knobs]
            default = 0
            for kn, n in zip(knobs, shape):
                default = default * n + kn["values"].index(kn["default"])
            html = template.render(base=f"_static/explore/{key}/", shape=shape, knobs=knobs, default=default,
                                   title=spec.get("title", ""), width=width, height=height)
            cell.outputs[k] = nbformat.v4.new_output("display_data", data={"text/html": html})
            keys.append(key)
    return keys


def _knob_text(knob: dict, value) -> str:
    return ("on" if value else "off") if knob.get("toggle") else f"{value:g}"


def _frames(spec: dict, key: str, folder: Path) -> tuple[int, int]:
    """Draw (or copy from the cache) every frame of one exploration; return the frame size."""
    from PIL import Image

    cached = EXPLORE_CACHE / key
    n_frames = 1
    for kn in spec["knobs"]:
        n_frames *= len(kn["values"])
    if not (cached / "done").exists():
        from helpers import explore

        ex = explore.build(spec)
        # drawn in a folder of this process's own, then renamed into place: two builds at once
        # (the parallel tests, two `make course`) each draw, and the first to finish fills the cache
        EXPLORE_CACHE.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=key + ".", suffix=".tmp", dir=EXPLORE_CACHE))
        for i, (_, png) in enumerate(ex.frames()):
            (tmp / f"{i:04d}.png").write_bytes(png)
        (tmp / "done").write_text(str(n_frames))
        if not (cached / "done").exists():
            shutil.rmtree(cached, ignore_errors=True)
            try:
                tmp.rename(cached)
            except OSError:      # another build put its (identical) frames there first
                pass
        shutil.rmtree(tmp, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_frames):
        shutil.copy(cached / f"{i:04d}.png", folder / f"{i:04d}.png")
    with Image.open(folder / "0000.png") as im:
        return im.size


_FONT_AWESOME = re.compile(r"<link\b[^>]*href=[\"']https?://[^\"']*font-?awesome[^\"']*[\"'][^>]*>\s*", re.I)


def clean_outputs(page: str) -> str:
    """Drop the Font Awesome stylesheet that matplotlib's ``to_jshtml`` links from a CDN."""
    return _FONT_AWESOME.sub("", page)


# ---------------------------------------------------------------------------------------
# pages


def _number(lesson) -> str:
    return lesson.id[:2]


def _short_title(lesson) -> str:
    return re.sub(r"^Lesson\s+\d+\s*[\u2014\u2013:-]\s*", "", lesson.title).strip() or lesson.id


def _e(text) -> str:
    """HTML-escaped text, exactly as the templates escape it."""
    return str(markupsafe.escape(str(text)))


def index_page(lessons, env=None) -> str:
    lessons = _in_course_order(lessons)
    env = env or _env()
    return env.get_template("index.html.j2").render(title=COURSE, current="lessons",
                                                   lessons=[_view(l) for l in lessons])


def glossary_page(lessons, env=None) -> str:
    env = env or _env()
    return env.get_template("glossary.html.j2").render(
        title=f"Glossary \u00b7 {COURSE}", current="glossary", terms=GLOSSARY, notes=NOTES,
        present={l.id for l in lessons})


def glossary_table() -> list[dict]:
    """The glossary as plain data (for tests and other tools)."""
    return [{"english": t.english, "id": t.id, "chinese": [list(c) for c in t.chinese],
             "lessons": list(t.lessons)} for t in GLOSSARY]


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(glossary_table(), ensure_ascii=False, indent=1))

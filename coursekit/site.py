"""The lecture site: the executed lessons as static HTML pages, readable offline.

``build_site(all_lessons, executed, site)`` writes

``site/index.html``        the lessons in course order: title, one-line summary, what is graded;
                           the conventions box
``site/NN_name.html``      one page per lesson (previous / next navigation at top and bottom)
``site/glossary.html``     the course's terms with the Chinese used in the lecture notes
``site/_static/``          ``course.css`` and the part of MathJax 2.7 the pages use

Why plain nbconvert pages and not Jupyter Book (decision for issue 9)
-------------------------------------------------------------------
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
release) instead of the reference solution, and hidden tests are replaced by a one-line note;
all outputs -- figures (base64 PNG), printouts, matplotlib's JavaScript animations -- are kept
as executed. Nothing strips scripts (``sanitize_html`` is off); the only edit to outputs is
dropping the Font Awesome stylesheet that ``Animation.to_jshtml`` links from a CDN (the
buttons get plain-character icons from ``course.css``).

``tests/pipeline/test_site.py`` builds the site from the committed notebooks and opens every page in
headless Chromium (console errors, images, math, links, no network).
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

COURSE = "Optimization for Deep Learning"
N_LESSONS = 10
TEMPLATES = Path(__file__).resolve().parent / "templates"
MATHJAX_CONFIG = "TeX-AMS-MML_HTMLorMML-full,Safe"

# ---------------------------------------------------------------------------------------
# content shared by the pages

# (label, HTML) -- the course's conventions, as in README.md. Math in \( \) is typeset by MathJax.
CONVENTIONS = [
    ("Rows are examples",
     "a data matrix <code>X</code> has shape <code>(m, n)</code>: one example per row. The lecture "
     "notes often stack examples as columns, \\(X = [x^{(1)} \\ldots x^{(m)}]\\); transpose when you "
     "compare formulas."),
    ("Counters start at 1",
     "Adam's step \\(t\\) is 1 on the first update (so the bias correction \\(1 - \\beta^t\\) is never "
     "0), and a decay schedule's <code>epoch</code> is 1 during the first pass over the data."),
    ("Averages start from zero",
     "an exponentially weighted average starts at \\(v_0 = 0\\): "
     "\\(v_t = \\beta v_{t-1} + (1-\\beta)\\,\\theta_t\\), bias-corrected as \\(v_t / (1 - \\beta^t)\\)."),
    ("\u03b5 outside the square root",
     "RMSprop and Adam divide by \\(\\sqrt{S} + \\varepsilon\\), i.e. "
     "<code>dW / (np.sqrt(S) + eps)</code>, never <code>np.sqrt(S + eps)</code>."),
    ("Explicit randomness",
     "every random draw takes a <code>numpy.random.Generator</code> argument <code>rng</code>; a "
     "notebook seeds once, at the top; the <code>helpers</code> package has no global random state."),
    ("Precision", "float64 throughout, unless a kernel documents otherwise."),
]

# The five lecture notes the course is built from (shared/seeds/), by the first three digits
# of their file names. 000 and 002 are in traditional Chinese, 001, 003 and 004 in simplified.
NOTES = {
    "000": "video lecture transcript, \u201cunderstanding mini-batch gradient descent\u201d (traditional)",
    "001": "notes on optimizing a linear classifier: loss slices, random search, numerical and "
           "analytic gradients, gradient descent (simplified)",
    "002": "lecture notes, week 2 \u201coptimization algorithms\u201d: mini-batches, exponentially "
           "weighted averages, momentum, RMSprop, Adam, learning-rate decay, local optima (traditional)",
    "003": "blog post on mini-batch gradient descent (simplified)",
    "004": "lecture transcript, \u201ctraining tips: batch and momentum\u201d (simplified)",
}


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


def _t(english, chinese, meaning, lessons, anchor=""):
    return Term(english, tuple((zh, tuple(notes.split())) for zh, notes in chinese), meaning,
                tuple(lessons.split()), anchor)


# Each Chinese term is spelled exactly as the note(s) listed beside it write it
# (tests/pipeline/test_site.py checks every one against shared/seeds/ when that folder is present).
GLOSSARY = [
    _t("loss function / cost function", [("损失函数", "001 003"), ("成本函數", "000 002")],
       "The number training makes small: \\(L(W)\\) or \\(J\\), the mean of the per-example losses.",
       "01_random_search", "loss-function"),
    _t("loss landscape", [("最优化地形", "001")],
       "The loss seen as a surface over the weights; we look at it through 1-D and 2-D slices.",
       "01_random_search 10_saddles_and_plateaus"),
    _t("slice (1-D, 2-D)", [("切片", "001")],
       "The loss along a line or a plane through weight space: \\(L(W + aW_1)\\), "
       "\\(L(W + aW_1 + bW_2)\\).", "01_random_search", "slice"),
    _t("piecewise linear", [("分段线性", "001")],
       "Made of straight pieces joined at kinks, like the SVM loss of a single example.",
       "01_random_search"),
    _t("convex function", [("凸函数", "001")],
       "A bowl: every chord lies above the graph, so every local minimum is global.",
       "01_random_search"),
    _t("kink", [("不可导点", "001")],
       "A point where the loss has no derivative (a hinge switches on).",
       "01_random_search 02_finite_differences"),
    _t("subgradient", [("次梯度", "001")],
       "A stand-in for the gradient at a kink; the course uses it like a gradient.",
       "02_finite_differences"),
    _t("random search", [("随机搜索", "001")],
       "Strategy 1: try many random weight matrices, keep the best.", "01_random_search"),
    _t("random local search", [("随机本地搜索", "001")],
       "Strategy 2: from the current weights try a random step; take it only if the loss goes down.",
       "01_random_search"),
    _t("gradient", [("梯度", "000 001 002 003")],
       "The vector of partial derivatives \\(\\nabla L(W)\\): the direction of steepest ascent.",
       "02_finite_differences 03_gradient_descent"),
    _t("numerical gradient", [("数值梯度", "001"), ("数值梯度法", "001")],
       "A gradient estimated from loss values by finite differences: simple, approximate, slow.",
       "02_finite_differences"),
    _t("finite differences", [("有限差值", "001")],
       "\\((f(x+h) - f(x))/h\\) (forward) for a small step \\(h \\approx 10^{-5}\\).",
       "02_finite_differences"),
    _t("centered difference", [("中心差值公式", "001")],
       "\\((f(x+h) - f(x-h))/2h\\): error \\(O(h^2)\\) instead of \\(O(h)\\).",
       "02_finite_differences"),
    _t("analytic gradient", [("分析梯度", "001"), ("分析梯度法", "001")],
       "The gradient from a formula derived by calculus: exact and fast, but easy to get wrong.",
       "02_finite_differences"),
    _t("gradient check", [("梯度检查", "001")],
       "Comparing the analytic gradient with the numerical one (relative error).",
       "02_finite_differences"),
    _t("gradient descent", [("梯度下降", "000 001 002 003")],
       "Repeat \\(W \\leftarrow W - \\alpha\\, \\nabla L(W)\\).", "03_gradient_descent"),
    _t("step size", [("步长", "001 003")],
       "How far one update moves; in gradient descent the learning rate \\(\\alpha\\).",
       "03_gradient_descent"),
    _t("learning rate", [("学习率", "001 003"), ("學習率", "000 002")],
       "\\(\\alpha\\), the factor in front of the gradient in every update.",
       "03_gradient_descent 09_lr_decay"),
    _t("iteration", [("迭代", "000 001 003"), ("疊代", "002")],
       "One parameter update (one mini-batch in mini-batch gradient descent).",
       "03_gradient_descent 04_mini_batch"),
    _t("stopping rule", [("终止条件", "003")],
       "When to stop: an iteration budget, or the loss changing by less than a threshold.",
       "03_gradient_descent"),
    _t("convergence", [("收敛", "001"), ("收斂", "000 002")],
       "Settling at a minimum; stochastic gradient descent with a fixed learning rate never does.",
       "03_gradient_descent 09_lr_decay"),
    _t("batch gradient descent", [("批次梯度下降法", "000"), ("全量梯度下降", "003")],
       "Every update uses the whole training set (batch size \\(m\\)).", "04_mini_batch"),
    _t("stochastic gradient descent (SGD)", [("隨機梯度下降法", "000 002"), ("随机梯度下降", "001 003")],
       "Every update uses one example (batch size 1); \u201cSGD\u201d is also used for mini-batches.",
       "04_mini_batch", "sgd"),
    _t("mini-batch", [("小批量", "001 003"), ("小批次", "000"), ("mini-batch", "002")],
       "A slice of the shuffled training set, \\(X^{\\{t\\}}, Y^{\\{t\\}}\\); typical sizes 64\u2013512.",
       "04_mini_batch"),
    _t("mini-batch gradient descent", [("小批量梯度下降", "001 003"), ("小批次梯度下降法", "000")],
       "Every update uses one mini-batch: vectorized, and many updates per epoch.", "04_mini_batch"),
    _t("batch size", [("批次大小", "000 003")],
       "The number of examples per mini-batch; a hyperparameter, limited by memory.", "04_mini_batch"),
    _t("epoch", [("一代", "002"), ("世代", "001"), ("轮次", "003")],
       "One pass over the whole training set; the course counts epochs from 1.",
       "04_mini_batch 09_lr_decay"),
    _t("shuffle", [("shuffle", "004")],
       "Re-dealing the examples into new mini-batches at the start of every epoch.", "04_mini_batch"),
    _t("vectorization", [("向量化", "000 001 002")],
       "Processing many examples in one array operation instead of a Python loop.", "04_mini_batch"),
    _t("hyperparameter", [("超参数", "001"), ("超參數", "000 002")],
       "A setting chosen by hand, not learned: \\(\\alpha\\), \\(\\beta\\), the batch size, the decay rate.",
       "04_mini_batch 06_momentum"),
    _t("exponentially weighted average (EWMA)",
       [("指數加權平均", "002"), ("指數加權平均數", "002"), ("指數加權移動平均", "002")],
       "\\(v_t = \\beta v_{t-1} + (1-\\beta)\\theta_t\\) from \\(v_0 = 0\\); averages about "
       "\\(1/(1-\\beta)\\) recent values.", "05_ewma", "ewma"),
    _t("bias correction", [("偏差修正", "002")],
       "Dividing by \\(1 - \\beta^t\\) to undo the pull towards the starting value 0 in early steps.",
       "05_ewma 08_adam"),
    _t("momentum", [("動量", "002"), ("動量梯度下降法", "002"), ("动量", "004")],
       "Step along an EWMA of the gradients: \\(v = \\beta v + (1-\\beta)\\,dW\\), "
       "\\(W \\leftarrow W - \\alpha v\\).", "06_momentum"),
    _t("RMSprop", [("RMSprop", "002"), ("均方根", "002")],
       "Root mean square prop: divide each coordinate's step by \\(\\sqrt{S} + \\varepsilon\\), "
       "\\(S\\) an EWMA of the squared gradients.", "07_rmsprop", "rmsprop"),
    _t("Adam", [("Adam 最佳化算法", "002")],
       "Adaptive Moment Estimation: momentum + RMSprop + bias correction; defaults "
       "\\(\\beta_1 = 0.9\\), \\(\\beta_2 = 0.999\\), \\(\\varepsilon = 10^{-8}\\).", "08_adam", "adam"),
    _t("first / second moment", [("第一矩", "002"), ("第二矩", "002")],
       "Adam's averages of \\(dW\\) and of \\(dW^2\\).", "08_adam", "moments"),
    _t("learning-rate decay", [("學習率衰減", "000 002")],
       "Lowering \\(\\alpha\\) as training goes on, e.g. "
       "\\(\\alpha = \\alpha_0 / (1 + r \\cdot \\text{epoch})\\) with decay rate \\(r\\).",
       "09_lr_decay", "lr-decay"),
    _t("decay rate", [("衰減率", "002")],
       "The hyperparameter that sets how fast a schedule lowers the learning rate.", "09_lr_decay"),
    _t("exponential decay", [("指數衰減", "002")],
       "\\(\\alpha = 0.95^{\\text{epoch}}\\, \\alpha_0\\).", "09_lr_decay"),
    _t("staircase decay", [("離散下降", "002")],
       "A learning rate held constant for a while, then cut (say halved), step by step.", "09_lr_decay"),
    _t("critical point", [("梯度為零的點", "002")],
       "A point where the gradient is zero: a minimum, a maximum or a saddle point.",
       "10_saddles_and_plateaus"),
    _t("local minimum / local optimum", [("局部最優", "002")],
       "Lower than everything nearby, not necessarily lowest overall.", "10_saddles_and_plateaus",
       "local-minimum"),
    _t("global minimum / global optimum", [("全局最優", "002")],
       "The lowest point of the loss.", "10_saddles_and_plateaus", "global-minimum"),
    _t("saddle point", [("鞍點", "002")],
       "A critical point that curves up in some directions and down in others; in high dimensions "
       "far more common than local minima.", "10_saddles_and_plateaus"),
    _t("plateau", [("平穩段", "002")],
       "A long region where the gradient is close to zero, so plain gradient descent crawls.",
       "10_saddles_and_plateaus"),
]

# ---------------------------------------------------------------------------------------
# building


def build_site(all_lessons, executed: Path | None, site: Path, *, solutions: bool = False) -> Path:
    """Render every lesson into ``site`` (see the module docstring); return ``site``.

    ``executed`` holds the executed notebooks (``<lesson>.ipynb``); ``None`` renders each
    lesson's committed notebook (``lesson.notebook``, outputs stored) directly.
    ``solutions=True`` keeps the reference solutions and hidden tests (an instructor's copy).
    Works for any subset of the ten lessons: only lessons passed in are listed and linked.
    """
    site = Path(site)
    if site.exists():
        shutil.rmtree(site)
    static = site / "_static"
    static.mkdir(parents=True)
    shutil.copy(TEMPLATES / "site" / "course.css", static / "course.css")
    copy_mathjax(static / "mathjax")

    lessons = list(all_lessons)
    exporter = _exporter()
    for i, lesson in enumerate(lessons):
        src = (Path(executed) / lesson.notebook.name) if executed is not None else lesson.notebook
        nb = nbformat.read(src, as_version=4)
        if not solutions:
            hide_solutions(nb)
        mark_cells(nb)
        prev = lessons[i - 1] if i > 0 else None
        nxt = lessons[i + 1] if i + 1 < len(lessons) else None
        resources = {
            "metadata": {"name": f"{_number(lesson)} \u00b7 {_short_title(lesson)} \u00b7 {COURSE}"},
            "course": {"head": _head(), "top": _lesson_top(lesson, prev, nxt),
                       "bottom": _lesson_bottom(lesson, prev, nxt)},
        }
        body, _ = exporter.from_notebook_node(nb, resources=resources)
        (site / f"{lesson.id}.html").write_text(clean_outputs(body), encoding="utf-8")

    (site / "index.html").write_text(index_page(lessons), encoding="utf-8")
    (site / "glossary.html").write_text(glossary_page(lessons), encoding="utf-8")
    return site


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

CODE_STUB = "# YOUR CODE HERE\nraise NotImplementedError()"
_SOLUTION = re.compile(r"^([ \t]*)### BEGIN SOLUTION[^\n]*\n.*?^[ \t]*### END SOLUTION[^\n]*(\n|$)", re.M | re.S)
_HIDDEN = re.compile(r"^([ \t]*)### BEGIN HIDDEN TESTS[^\n]*\n.*?^[ \t]*### END HIDDEN TESTS[^\n]*(\n|$)", re.M | re.S)


def hide_solutions(nb) -> None:
    """Student view, as nbgrader's release shows it: solution regions become the code stub,
    hidden-test regions a one-line note. Outputs stay (they are the reference run's)."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue

        def stub(m):
            return "".join(f"{m.group(1)}{line}\n" for line in CODE_STUB.splitlines())

        def note(m):
            return f"{m.group(1)}# ... hidden tests: only the autograder runs them\n"

        cell.source = _HIDDEN.sub(note, _SOLUTION.sub(stub, cell.source)).rstrip("\n")
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and "### BEGIN SOLUTION" not in cell.source and "YOUR CODE HERE" not in cell.source:
            cell.source = CODE_STUB     # a whole-cell solution without delimiters (nbgrader does the same)


def mark_cells(nb) -> None:
    """Tag exercise and graded-check cells; the lab template turns tags into CSS classes."""
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        tag = "course-exercise" if meta.get("solution") else "course-check" if meta.get("grade") else None
        if tag and cell.cell_type == "code":
            cell.metadata["tags"] = [*cell.metadata.get("tags", []), tag]


_FONT_AWESOME = re.compile(r"<link\b[^>]*href=[\"']https?://[^\"']*font-?awesome[^\"']*[\"'][^>]*>\s*", re.I)


def clean_outputs(page: str) -> str:
    """Drop the Font Awesome stylesheet that matplotlib's ``to_jshtml`` links from a CDN."""
    return _FONT_AWESOME.sub("", page)


# ---------------------------------------------------------------------------------------
# page pieces


def _number(lesson) -> str:
    return lesson.id[:2]


def _short_title(lesson) -> str:
    return re.sub(r"^Lesson\s+\d+\s*[\u2014\u2013:-]\s*", "", lesson.title).strip() or lesson.id


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _head() -> str:
    """course.css + MathJax from _static (shared by every page)."""
    return f"""<link rel="stylesheet" href="_static/course.css">
<script type="text/x-mathjax-config">
MathJax.Hub.Config({{
  tex2jax: {{
    inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]],
    displayMath: [["$$", "$$"], ["\\\\[", "\\\\]"]],
    processEscapes: true,
    processEnvironments: true
  }},
  TeX: {{ equationNumbers: {{ autoNumber: "AMS", useLabelIds: true }} }},
  "HTML-CSS": {{
    availableFonts: [], preferredFont: null, webFont: "STIX-Web", imageFont: null, scale: 95,
    linebreaks: {{ automatic: true }},
    // MathJax's blank test font is url('about:blank'), which Chromium refuses (a console
    // error) on pages opened from disk; a local() name that does not exist does the same job.
    styles: {{ "@font-face": {{ "font-family": "MathJax_Blank", src: "local('MathJax Blank None')" }} }}
  }},
  MMLorHTML: {{ prefer: "HTML" }},   // HTML-CSS + STIX fonts in every browser (no native MathML)
  displayAlign: "center",
  messageStyle: "none"
}});
MathJax.Hub.Register.StartupHook("End", function () {{
  document.documentElement.setAttribute("data-mathjax", "done");
}});
</script>
<script src="{_mathjax_url()}"></script>"""


def _bar(current: str = "", prev=None, nxt=None, lesson_page: bool = False) -> str:
    def link(href, text, key):
        cur = ' aria-current="page"' if key == current else ""
        return f'<a href="{href}"{cur}>{text}</a>'

    mini = ""
    if lesson_page:
        left = (f'<a href="{prev.id}.html" title="{_e(_short_title(prev))}">\u2190 {_number(prev)}</a>'
                if prev else '<span aria-hidden="true">\u2190</span>')
        right = (f'<a href="{nxt.id}.html" title="{_e(_short_title(nxt))}">{_number(nxt)} \u2192</a>'
                 if nxt else '<span aria-hidden="true">\u2192</span>')
        mini = f'<div class="course-pager-mini">{left}{right}</div>'
    links = (link("index.html#lessons", "Lessons", "lessons")
             + link("glossary.html", "Glossary", "glossary")
             + link("index.html#conventions", "Conventions", "conventions"))
    return f"""<header class="course-bar"><nav class="course-bar-inner" aria-label="course">
<a class="course-home" href="index.html"><span class="course-logo">&nabla;</span>{COURSE}</a>
<div class="course-links">{links}</div>
{mini}
</nav></header>"""


def _conventions(tag: str = "section", open_: bool = True) -> str:
    items = "\n".join(f"<li><strong>{label}:</strong> {text}</li>" for label, text in CONVENTIONS)
    if tag == "details":
        return (f'<details class="course-box course-conventions"{" open" if open_ else ""}>'
                f"<summary>Conventions used in every lesson</summary><ul>{items}</ul></details>")
    return (f'<section class="course-box course-conventions" id="conventions">'
            f"<h2>Conventions used in every lesson</h2><ul>{items}</ul></section>")


def _graded(lesson) -> str:
    names = ", ".join(f"<code>{_e(g)}</code>" for g in lesson.graded) or "nothing"
    return f"graded: {names} \u00b7 {lesson.points:g} points"


def _lesson_top(lesson, prev, nxt) -> str:
    return (_bar("lessons", prev, nxt, lesson_page=True)
            + f'<div class="course-lesson-head"><span class="course-kicker">Lesson {_number(lesson)} of {N_LESSONS}</span>'
              f'<a href="index.html#lesson-{_number(lesson)}">all lessons</a></div>')


def _lesson_bottom(lesson, prev, nxt) -> str:
    left = (f'<a class="course-pager-prev" href="{prev.id}.html" rel="prev"><small>\u2190 previous lesson</small>'
            f"{_number(prev)} \u00b7 {_e(_short_title(prev))}</a>") if prev else ""
    right = (f'<a class="course-pager-next" href="{nxt.id}.html" rel="next"><small>next lesson \u2192</small>'
             f"{_number(nxt)} \u00b7 {_e(_short_title(nxt))}</a>") if nxt else ""
    if not nxt:
        done = "end of the course" if _number(lesson) == f"{N_LESSONS:02d}" else "end of the lessons so far"
        right = (f'<a class="course-pager-next" href="index.html#lessons"><small>{done}</small>'
                 "back to the lesson list</a>")
    return (f'<nav class="course-pager" aria-label="lessons">{left}{right}</nav>'
            f'<div class="course-box-wrap" style="max-width:var(--course-width);margin:1rem auto 0">'
            f"{_conventions('details', open_=False)}</div>{_footer()}")


def _footer() -> str:
    return (f'<footer class="course-footer">{COURSE} \u00b7 an open, graded Jupyter course \u00b7 '
            "code and text MIT \u00b7 built with nbconvert; math by MathJax, served from this site "
            '(no internet needed) \u00b7 <a href="glossary.html">glossary</a></footer>')


def _page(title: str, current: str, main: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>{_e(title)}</title>
{_head()}
</head>
<body class="course-page">
{_bar(current)}
<main class="course-main">
{main}
</main>
{_footer()}
</body>
</html>
"""


def index_page(lessons) -> str:
    items = []
    for lesson in lessons:
        items.append(
            f'<li id="lesson-{_number(lesson)}"><span class="course-num">{_number(lesson)}</span>'
            f'<a class="course-lesson-title" href="{lesson.id}.html">{_e(_short_title(lesson))}</a>'
            f'<div class="course-summary">{_e(lesson.summary)}</div>'
            f'<div class="course-graded">{_graded(lesson)}</div></li>')
    available = (f"All {N_LESSONS} lessons are here." if len(lessons) == N_LESSONS else
                 f"{len(lessons)} of the {N_LESSONS} lessons are available so far; the others follow.")
    main = f"""<div class="course-hero">
<h1>{COURSE}</h1>
<p class="course-tagline">How neural networks are trained: from blind random search to Adam,
learning-rate schedules and saddle points.</p>
<p>Ten lessons, in order. Each reads like a lecture &mdash; motivation, picture, equation, code,
experiment, takeaway &mdash; and ends in exercises autograded with nbgrader. These pages show the
executed lessons; the exercises are done in Jupyter (<code>make lab</code>, or the notebooks your
instructor hands out).</p>
</div>
<h2 id="lessons">Lessons</h2>
<p class="course-note">{available}</p>
<ol class="course-lessons">
{chr(10).join(items)}
</ol>
{_conventions()}
<p class="course-note">Terms and their Chinese equivalents in the lecture notes:
<a href="glossary.html">glossary</a>.</p>"""
    return _page(COURSE, "lessons", main)


def glossary_page(lessons) -> str:
    present = {l.id: l for l in lessons}
    rows = []
    for term in GLOSSARY:
        zh = "<br>".join(f'<span lang="{"zh-Hant" if _traditional(notes) else "zh-Hans"}">{_e(word)}</span> '
                         f"<small>({', '.join(notes)})</small>" for word, notes in term.chinese)
        where = ", ".join(f'<a href="{present[l].id}.html">{l[:2]}</a>' if l in present else l[:2]
                          for l in term.lessons)
        rows.append(f'<tr id="{term.id}"><td class="course-term">{_e(term.english)}</td>'
                    f'<td class="course-zh">{zh}</td><td>{term.meaning}</td>'
                    f'<td class="course-where">{where}</td></tr>')
    notes = "\n".join(f"<dt>{key}</dt><dd>{_e(text)}</dd>" for key, text in NOTES.items())
    main = f"""<h1>Glossary &middot; &#35789;&#27719; / &#35422;&#24409;</h1>
<p>The course's terms, each with the Chinese the lecture notes use for it. The notes differ:
<code>000</code> and <code>002</code> are in traditional characters, <code>001</code>, <code>003</code> and
<code>004</code> in simplified, and some keep the English word (<code>002</code> writes
<em>mini-batch</em>). The number in brackets says which note writes the term that way; the last
column links the lesson that introduces it.</p>
<table class="course-glossary">
<colgroup><col class="c-term"><col class="c-zh"><col class="c-meaning"><col class="c-where"></colgroup>
<thead><tr><th>term</th><th>in the lecture notes</th><th>meaning</th><th>lesson</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<h2>The lecture notes</h2>
<dl class="course-notes">
{notes}
</dl>
{_conventions()}"""
    return _page(f"Glossary \u00b7 {COURSE}", "glossary", main)


def _traditional(notes) -> bool:
    return all(n in ("000", "002") for n in notes)


def glossary_table() -> list[dict]:
    """The glossary as plain data (for tests and other tools)."""
    return [{"english": t.english, "id": t.id, "chinese": [list(c) for c in t.chinese],
             "lessons": list(t.lessons)} for t in GLOSSARY]


if __name__ == "__main__":  # pragma: no cover
    print(json.dumps(glossary_table(), ensure_ascii=False, indent=1))

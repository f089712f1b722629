"""The lecture site: executed lessons rendered to static HTML (placeholder; see issue 9)."""

from __future__ import annotations

import html
from pathlib import Path

import nbformat


def build_site(all_lessons, executed: Path, site: Path) -> Path:
    """Render ``executed/<lesson>.ipynb`` for every lesson into ``site``; return ``site/index.html``'s folder."""
    from nbconvert import HTMLExporter

    site.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="lab")
    for lesson in all_lessons:
        nb = nbformat.read(executed / lesson.notebook.name, as_version=4)
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": lesson.title}})
        (site / f"{lesson.id}.html").write_text(body, encoding="utf-8")
    rows = "\n".join(
        f'<li><a href="{html.escape(l.id)}.html">{html.escape(l.title)}</a> — {html.escape(l.summary)}'
        f' <small>(graded: {", ".join(f"<code>{html.escape(g)}</code>" for g in l.graded)}; {l.points:g} points)</small></li>'
        for l in all_lessons
    )
    (site / "index.html").write_text(
        "<!doctype html><html><head><meta charset='utf-8'><title>Optimization for Deep Learning</title></head>"
        "<body><h1>Optimization for Deep Learning</h1><p>Executed lessons, in order.</p>"
        f"<ol>{rows}</ol></body></html>\n", encoding="utf-8")
    return site

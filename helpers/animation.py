"""Optimizer trajectories on a contour plot, animated as self-contained HTML (lesson 10).

:func:`animate_trajectories` draws one or more 2-D landscapes as contour plots
and lets every trajectory grow frame by frame. The result is the HTML/JavaScript
player of matplotlib's ``FuncAnimation(...).to_jshtml()``: the frames are
embedded as images (palette PNG by default, or JPEG / full PNG), so the animation plays in
JupyterLab, in a notebook rendered to HTML and in a static site, with no video codec or server.
Display it with ``IPython.display.HTML(html)``.

Size is kept small on purpose (a few dozen frames, a modest ``dpi``, 64-colour palette PNG
frames, which are sharp for line art and about half the size of JPEG): about 10-20 kB per frame
for one panel, so an animation weighs a few hundred kB. The player's element ids are derived
from the content instead of a random ``uuid4``, so the same input gives the same HTML (byte for
byte with the same matplotlib, Agg and Pillow).

Nothing is loaded from the internet: matplotlib's player links Font Awesome from a CDN for its
button icons; that link is removed and the icons are plain Unicode characters.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from pathlib import Path
from typing import Callable, Mapping, NamedTuple, Sequence

import numpy as np

from ._validate import _show, as_float_array, check_int, check_positive

__all__ = ["Panel", "frame_steps", "animate_trajectories"]


class Panel(NamedTuple):
    """One landscape with the trajectories to draw on it.

    Attributes
    ----------
    f : callable
        ``f(P) -> Z`` evaluated on a grid ``P`` of shape ``(num, num, 2)``
        (every landscape of :mod:`helpers.landscapes` works).
    trajectories : mapping of str to array, each of shape ``(n_k + 1, 2)``
        Label -> visited points (row 0 is the start), e.g. from
        :func:`helpers.train.run_on_function`. Trajectories may have
        different lengths; a short one stops growing when it ends.
    xlim, ylim : (float, float)
        Plotting window.
    title : str
    minima : sequence of (x, y)
        Points marked with a star (e.g. the global minimum).
    levels : int or sequence of float
        Contour levels (``int``: that many levels spaced evenly in
        ``log(f - min f + 1e-3)``, which shows valleys and flat regions alike).
    """

    f: Callable
    trajectories: Mapping[str, np.ndarray]
    xlim: tuple
    ylim: tuple
    title: str = ""
    minima: Sequence = ()
    levels: object = 20


def frame_steps(n_steps, n_frames, power=1.0):
    """The step shown by each frame: ``n_frames`` integers from 0 to ``n_steps``.

    ``round(n_steps * (j / (n_frames - 1)) ** power)`` for ``j = 0 … n_frames - 1``,
    duplicates removed (so fewer frames when steps are scarce). ``power = 1``
    spaces the frames evenly; ``power = 2`` puts more of them early, where
    optimizers usually move most.

    Raises
    ------
    TypeError, ValueError
        ``n_steps < 0``, ``n_frames < 2`` (or not integers), ``power <= 0``.

    Examples
    --------
    >>> frame_steps(10, 6).tolist()
    [0, 2, 4, 6, 8, 10]
    >>> frame_steps(100, 5, power=2).tolist()
    [0, 6, 25, 56, 100]
    """
    n_steps = check_int("n_steps", n_steps, minimum=0)
    n_frames = check_int("n_frames", n_frames, minimum=2)
    power = check_positive("power", power)
    fractions = np.linspace(0.0, 1.0, n_frames) ** power
    return np.unique(np.round(n_steps * fractions).astype(int))


def _check_panel(k: int, panel) -> Panel:
    if not isinstance(panel, Panel):
        raise TypeError(f"panels[{k}] must be a helpers.animation.Panel, got {type(panel).__name__}")
    if not callable(panel.f):
        raise TypeError(f"panels[{k}].f must be callable, got {_show(panel.f)}")
    if not isinstance(panel.trajectories, Mapping) or not panel.trajectories:
        raise ValueError(f"panels[{k}].trajectories must be a non-empty mapping label -> (n, 2) array")
    trajs = {}
    for label, tr in panel.trajectories.items():
        tr = as_float_array(f"panels[{k}].trajectories[{label!r}]", tr)
        if tr.ndim != 2 or tr.shape[1] != 2 or tr.shape[0] < 1:
            raise ValueError(f"panels[{k}].trajectories[{label!r}] must have shape (n, 2), got {tr.shape}")
        trajs[str(label)] = tr
    for name in ("xlim", "ylim"):
        lim = getattr(panel, name)
        if not isinstance(lim, (tuple, list)) or len(lim) != 2 or not lim[0] < lim[1]:
            raise ValueError(f"panels[{k}].{name} must be a pair (low, high) with low < high, got {_show(lim)}")
    return panel._replace(trajectories=trajs)


def _levels(Z, levels):
    if isinstance(levels, (int, np.integer)):
        finite = Z[np.isfinite(Z)]
        lo, hi = float(finite.min()), float(finite.max())
        return lo - 1e-3 + np.geomspace(1e-3, hi - lo + 1e-3, int(levels))
    return levels


def animate_trajectories(panels, *, n_frames=30, fps=6, dpi=64, panel_size=(5.2, 4.2), ncols=2,
                         grid_num=121, styles=None, legend_panel=0, legend_loc="lower right",
                         spacing_power=1.0, frame_format="png8", quality=80):
    """Animate optimizer trajectories on one or more contour plots; return the HTML player.

    Frame ``j`` shows every trajectory up to step ``s_j`` (see
    :func:`frame_steps`, with ``n_steps`` the longest trajectory and
    ``power = spacing_power``), a dot at its current point, and the step number
    in the title. Each frame costs one ``savefig`` (roughly 0.05-0.3 s
    depending on the machine), so ``n_frames`` sets both the size and the time.

    Parameters
    ----------
    panels : Panel or sequence of Panel
        One panel per landscape, laid out ``ncols`` per row.
    n_frames : int, >= 2
        Frames of the animation (each is one embedded image: the main size and
        time knob).
    fps : float, > 0
        Playback speed (frames per second).
    dpi : int, >= 20
        Resolution of the frames.
    panel_size : (float, float)
        Width and height of one panel, in inches.
    ncols : int, >= 1
    grid_num : int, >= 10
        Grid points per axis for the contours.
    styles : mapping of str to dict, optional
        Label -> keyword arguments for ``Axes.plot`` (e.g. ``{"color": "C0",
        "ls": "--"}``); labels not listed get the default colour cycle.
    legend_panel : int or None
        The panel that carries the legend (``None``: no legend).
    legend_loc : str
        Where the legend goes (a fixed place: ``"best"`` would be recomputed
        at every frame, which is slow).
    spacing_power : float, > 0
        Frame spacing in steps (see :func:`frame_steps`); 2 shows the early
        steps in more detail.
    frame_format : {"png8", "jpeg", "png"}
        Image format of the frames. ``"png8"`` (default): PNG with a
        64-colour palette, sharp and about half the size of JPEG for contour
        plots; ``"jpeg"`` about three times smaller than full ``"png"``,
        which is lossless.
    quality : int, 1 … 95
        JPEG quality (Pillow's scale; ignored for PNG).

    Returns
    -------
    str
        HTML with JavaScript (the ``to_jshtml`` player, frames embedded as
        base64 images, buttons to play, pause and step, with Unicode icons and
        no external link). Nothing is displayed and the figure is closed.

    Raises
    ------
    TypeError, ValueError
        A panel that is not a :class:`Panel`, has no trajectories or one of
        the wrong shape, or bad limits; invalid sizes.
    """
    import matplotlib
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation

    from .landscapes import make_grid

    if isinstance(panels, Panel):
        panels = [panels]
    panels = [_check_panel(k, p) for k, p in enumerate(panels)]
    if not panels:
        raise ValueError("panels must hold at least one Panel")
    n_frames = check_int("n_frames", n_frames, minimum=2)
    fps = check_positive("fps", fps)
    dpi = check_int("dpi", dpi, minimum=20)
    if (not isinstance(panel_size, (tuple, list)) or len(panel_size) != 2
            or not all(isinstance(v, (int, float)) and v > 0 for v in panel_size)):
        raise ValueError(f"panel_size must be a pair (width, height) of positive inches, got {_show(panel_size)}")
    ncols = min(check_int("ncols", ncols, minimum=1), len(panels))
    grid_num = check_int("grid_num", grid_num, minimum=10)
    styles = dict(styles or {})
    if frame_format not in ("png8", "png", "jpeg"):
        raise ValueError(f"frame_format must be 'png8', 'png' or 'jpeg', got {_show(frame_format)}")
    quality = check_int("quality", quality, minimum=1)
    if quality > 95:
        raise ValueError(f"quality must be in 1 ... 95 (Pillow's JPEG scale), got {quality}")

    n_steps = max(tr.shape[0] - 1 for p in panels for tr in p.trajectories.values())
    steps = frame_steps(n_steps, n_frames, spacing_power)
    nrows = -(-len(panels) // ncols)

    with matplotlib.rc_context({"animation.frame_format": "png" if frame_format == "png8" else frame_format,
                                "savefig.dpi": dpi,
                                "figure.dpi": dpi, "font.size": 8}):
        fig, axes = plt.subplots(nrows, ncols, figsize=(panel_size[0] * ncols, panel_size[1] * nrows),
                                 squeeze=False)
        artists = []   # (trajectory, line, dot)
        titles = []
        for k, (ax, panel) in enumerate(zip(axes.flat, panels)):
            X, Y, P = make_grid(panel.xlim, panel.ylim, grid_num)
            with np.errstate(all="ignore"):
                Z = np.asarray(panel.f(P), dtype=float)
            ax.contour(X, Y, Z, levels=_levels(Z, panel.levels), cmap="viridis", linewidths=0.6, alpha=0.8)
            for m in panel.minima:
                ax.plot(*m, "k*", ms=9, zorder=5)
            for label, tr in panel.trajectories.items():
                style = {"lw": 1.4}
                style.update(styles.get(label, {}))
                (line,) = ax.plot(tr[:1, 0], tr[:1, 1], label=label, **style)
                (dot,) = ax.plot(tr[:1, 0], tr[:1, 1], "o", ms=4, color=line.get_color())
                artists.append((tr, line, dot))
            ax.plot(*next(iter(panel.trajectories.values()))[0], "ks", ms=4, zorder=5)
            ax.set(xlim=panel.xlim, ylim=panel.ylim, xticks=[], yticks=[])
            titles.append((ax, panel.title))
            ax.set_title(f"{panel.title}  (step 0)")
            if legend_panel == k:
                ax.legend(loc=legend_loc, fontsize=7, framealpha=0.8)
        for ax in list(axes.flat)[len(panels):]:
            ax.axis("off")
        fig.tight_layout()

        def draw(j):
            s = steps[j]
            for tr, line, dot in artists:
                end = min(s, tr.shape[0] - 1)
                line.set_data(tr[: end + 1, 0], tr[: end + 1, 1])
                dot.set_data(tr[end : end + 1, 0], tr[end : end + 1, 1])
            for ax, title in titles:
                ax.set_title(f"{title}  (step {s})")
            return []

        anim = FuncAnimation(fig, draw, frames=len(steps), interval=1000.0 / fps, blit=False, repeat=False)
        try:
            html = _to_jshtml(anim, fps, frame_format, quality)
        finally:
            plt.close(fig)
    if frame_format == "png8":
        html = _palette_frames(html)
    return _stable_ids(_offline_icons(html))


def _to_jshtml(anim, fps, frame_format, quality):
    """``anim.to_jshtml(fps, default_mode="once")``, with a choice of PNG or JPEG frames.

    (``to_jshtml`` itself is exactly ``anim.save(tmp.html, writer=HTMLWriter(fps,
    embed_frames=True, default_mode=...))``; going through ``save`` lets us pass
    the JPEG quality to Pillow.)
    """
    from matplotlib.animation import HTMLWriter

    if frame_format in ("png", "png8"):
        return anim.to_jshtml(fps=fps, default_mode="once")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "animation.html")
        writer = HTMLWriter(fps=fps, embed_frames=True, default_mode="once")
        anim.save(str(path), writer=writer, savefig_kwargs={"pil_kwargs": {"quality": quality}})
        return path.read_text()


def _stable_ids(html: str) -> str:
    """Replace the random ``uuid4`` of matplotlib's player by a hash of the frames."""
    found = re.search(r"_anim_img([0-9a-f]{32})", html)
    if not found:  # pragma: no cover - a future matplotlib without the id
        return html
    old = found.group(1)
    new = hashlib.sha256(html.replace(old, "").encode()).hexdigest()[:32]
    return html.replace(old, new)


_FRAME = re.compile(r'(frames\[\d+\] = "data:image/png;base64,)([A-Za-z0-9+/=\s\\]+)(")')


def _palette_frames(html: str) -> str:
    """Every embedded PNG frame re-encoded with a 64-colour palette (no dithering)."""
    import base64
    import io

    from PIL import Image

    def shrink(m):
        raw = base64.b64decode(re.sub(r"[\s\\]", "", m.group(2)))
        with Image.open(io.BytesIO(raw)) as im:
            q = im.convert("RGB").quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        out = io.BytesIO()
        q.save(out, format="PNG", compress_level=9)
        return m.group(1) + base64.b64encode(out.getvalue()).decode("ascii") + m.group(3)

    return _FRAME.sub(shrink, html)


# matplotlib's player draws its buttons with Font Awesome, linked from a CDN: plain characters instead
_ICONS = {"fa-play fa-flip-horizontal": "\u25C0", "fa-play": "\u25B6", "fa-pause": "\u275A\u275A",
          "fa-step-forward": "\u25B6\u2759", "fa-step-backward": "\u2759\u25C0",
          "fa-fast-forward": "\u25B6\u25B6\u2759", "fa-fast-backward": "\u2759\u25C0\u25C0",
          "fa-plus": "+", "fa-minus": "\u2212"}
_FA_LINK = re.compile(r"<link\b[^>]*href=[\"']https?://[^\"']*font-?awesome[^\"']*[\"'][^>]*>\s*", re.I)
_FA_ICON = re.compile(r'<i class="fa ([a-z -]+)"></i>')


def _offline_icons(html: str) -> str:
    html = _FA_LINK.sub("", html)
    return _FA_ICON.sub(lambda m: f'<span class="course-anim-icon" aria-hidden="true">{_ICONS.get(m.group(1), "?")}</span>',
                        html)

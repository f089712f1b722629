"""Optimizer trajectories on a contour plot, animated as self-contained HTML (lesson 10).

:func:`animate_trajectories` draws one or more 2-D landscapes as contour plots
and lets every trajectory grow frame by frame. The result is the HTML/JavaScript
player of matplotlib's ``FuncAnimation(...).to_jshtml()``: the frames are
embedded as PNG images, so the animation plays in JupyterLab, in a notebook
rendered to HTML and in a static site, with no video codec or server. Display
it with ``IPython.display.HTML(html)``.

Size is kept small on purpose (a few dozen frames, a modest ``dpi``): about
20-40 kB per frame for one panel, so an animation weighs a few hundred kB to
about 1 MB. The player's element ids are derived from the content instead of
a random ``uuid4``, so the same input gives the same HTML (byte for byte with
the same matplotlib and Agg).
"""

from __future__ import annotations

import hashlib
import re
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


def frame_steps(n_steps, n_frames):
    """The step shown by each frame: ``n_frames`` integers from 0 to ``n_steps``, evenly spaced.

    ``round(linspace(0, n_steps, n_frames))``, duplicates removed (so fewer
    frames when ``n_steps + 1 < n_frames``).

    Raises
    ------
    TypeError, ValueError
        ``n_steps < 0`` or ``n_frames < 2`` (or not integers).
    """
    n_steps = check_int("n_steps", n_steps, minimum=0)
    n_frames = check_int("n_frames", n_frames, minimum=2)
    return np.unique(np.round(np.linspace(0, n_steps, n_frames)).astype(int))


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


def animate_trajectories(panels, *, n_frames=40, fps=8, dpi=60, panel_size=(4.2, 3.6), ncols=2,
                         grid_num=121, styles=None, legend_panel=0):
    """Animate optimizer trajectories on one or more contour plots; return the HTML player.

    Frame ``j`` shows every trajectory up to step ``s_j`` (see
    :func:`frame_steps`, with ``n_steps`` the longest trajectory), a dot at its
    current point, and the step number in the title.

    Parameters
    ----------
    panels : Panel or sequence of Panel
        One panel per landscape, laid out ``ncols`` per row.
    n_frames : int, >= 2
        Frames of the animation (each is one embedded PNG: the main size knob).
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

    Returns
    -------
    str
        HTML with JavaScript (the ``to_jshtml`` player, frames embedded as
        PNG, buttons to play, pause and step). Nothing is displayed and the
        figure is closed.

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
    ncols = min(check_int("ncols", ncols, minimum=1), len(panels))
    grid_num = check_int("grid_num", grid_num, minimum=10)
    styles = dict(styles or {})

    n_steps = max(tr.shape[0] - 1 for p in panels for tr in p.trajectories.values())
    steps = frame_steps(n_steps, n_frames)
    nrows = -(-len(panels) // ncols)

    with matplotlib.rc_context({"animation.frame_format": "png", "savefig.dpi": dpi,
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
                ax.legend(loc="best", fontsize=6, framealpha=0.8)
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
            html = anim.to_jshtml(fps=fps, default_mode="once")
        finally:
            plt.close(fig)
    return _stable_ids(html)


def _stable_ids(html: str) -> str:
    """Replace the random ``uuid4`` of matplotlib's player by a hash of the frames."""
    found = re.search(r"_anim_img([0-9a-f]{32})", html)
    if not found:  # pragma: no cover - a future matplotlib without the id
        return html
    old = found.group(1)
    new = hashlib.sha256(html.replace(old, "").encode()).hexdigest()[:32]
    return html.replace(old, new)

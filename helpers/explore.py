"""Figures a student can move: one knob, one picture, in JupyterLab and on the offline site.

An :class:`Exploration` is a matplotlib figure drawn once and redrawn for every setting of a few
*knobs* (sliders over a fixed grid of values, or on/off toggles). How it shows depends on where
the notebook runs:

========================  ======================================================================
JupyterLab (live kernel)  ipywidgets sliders above the picture; a move swaps in the frame for the
                          new setting (frames are precomputed in a background thread and cached,
                          a frame not ready yet is drawn on demand)
nbval, ``coursekit``      the default view as a PNG, plus a small JSON spec of MIME type
notebook build            :data:`MIME` naming the exploration, its parameters and knobs (nothing
                          random, no widget state: the stored output is the same on every run)
the lecture site          the site build reads that spec, draws every frame of the knob grid and
                          switches them with a few lines of plain JavaScript
autograder                one line of text: nothing is computed, grading time does not grow
========================  ======================================================================

"Live" means a kernel started by Jupyter Server (which sets ``JPY_SESSION_NAME``), outside the
autograder (``COURSE_AUTOGRADE=1``), with ipywidgets installed; ``COURSE_EXPLORE=static`` or
``live`` overrides the guess.

The six explorations of the course (one per lesson 03, 05, 06, 07, 08, 09) are built by the
functions in :data:`EXPLORATIONS`. Where a figure needs an optimizer's update rule, the lesson may
pass the student's own function (``step=momentum_step``); without one a minimal private rule of
the same equation is used (that is what the site draws). Every figure uses ``helpers.style``.
"""

from __future__ import annotations

import io
import itertools
import os
import threading
from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from . import landscapes
from ._validate import _show, check_positive, check_unit_interval
from .runmode import under_autograder
from .style import COLORS, LANDSCAPE_CMAP

__all__ = ["MIME", "Knob", "Exploration", "EXPLORATIONS", "build", "is_live",
           "gd_learning_rate", "ewma_beta", "momentum_alpha_beta", "rotated_valley",
           "adam_step_size", "decay_noise_ball"]

#: MIME type of the spec an exploration leaves in a notebook's outputs (read by coursekit.site)
MIME = "application/vnd.course.explore+json"
SPEC_VERSION = 1
# matplotlib's font cache is shared by every figure and is not thread-safe: one frame at a time
# (a JupyterLab slider waits at most for the background frame being drawn)
_RENDER_LOCK = threading.RLock()


# ---------------------------------------------------------------------------------------
# knobs and the exploration


@dataclass(frozen=True)
class Knob:
    """One control: a slider over ``values`` or (``toggle=True``) a checkbox over (False, True).

    Attributes
    ----------
    name : str
        Keyword passed to the exploration's ``update``.
    label : str
        What the reader sees next to the control.
    values : tuple
        The grid (floats for a slider, ``(False, True)`` for a toggle); JSON-serialisable.
    default : object
        One of ``values``: the static view.
    toggle : bool
    """

    name: str
    label: str
    values: tuple
    default: object
    toggle: bool = False

    def __post_init__(self):
        if not self.values:
            raise ValueError(f"knob {self.name!r}: values must not be empty")
        if self.default not in self.values:
            raise ValueError(f"knob {self.name!r}: default {_show(self.default)} is not one of its values")

    @property
    def index(self) -> int:
        return self.values.index(self.default)

    def text(self, value) -> str:
        return ("on" if value else "off") if self.toggle else f"{value:g}"


def _slider(name, label, values, default) -> Knob:
    values = tuple(float(v) for v in values)
    return Knob(name, label, values, float(default))


def _toggle(name, label, default=True) -> Knob:
    return Knob(name, label, (False, True), bool(default), toggle=True)


class Exploration:
    """A figure redrawn for every setting of its knobs.

    Parameters
    ----------
    name : str
        Key of the factory in :data:`EXPLORATIONS` that rebuilds it from ``params``.
    params : dict
        JSON-serialisable keyword arguments of that factory (what the site needs).
    knobs : sequence of Knob
    setup : callable
        ``setup(fig) -> update`` draws what never changes into a ``matplotlib.figure.Figure``
        and returns ``update(**values) -> artists``, which changes the artists for one setting
        and returns every artist it changed (they are redrawn over a cached background).
    figsize : (float, float)
        Inches.
    dpi : int
        Resolution of every frame (modest: the site stores one image per frame).
    title : str
        One line saying what the figure shows (alt text on the site).
    """

    def __init__(self, name: str, params: dict, knobs: Sequence[Knob], setup: Callable,
                 figsize=(10.0, 3.6), dpi: int = 72, title: str = ""):
        self.name, self.params, self.knobs = name, dict(params), tuple(knobs)
        self.figsize, self.dpi, self.title = tuple(figsize), int(dpi), title
        self._setup = setup
        self._fig = self._update = None
        self._cache: dict[tuple, bytes] = {}
        self._encode = _compact_png          # the widget switches to _fast_png (see widget())
        names = [k.name for k in self.knobs]
        if len(set(names)) != len(names):
            raise ValueError(f"knob names must be unique, got {names}")

    # -- the grid -------------------------------------------------------------------------
    @property
    def default(self) -> dict:
        return {k.name: k.default for k in self.knobs}

    @property
    def n_frames(self) -> int:
        return int(np.prod([len(k.values) for k in self.knobs]))

    def settings(self):
        """Every setting of the knobs, as index tuples, in row-major (C) order: the last knob
        varies fastest. Frame ``i`` of :meth:`frames` is the ``i``-th of them."""
        return itertools.product(*(range(len(k.values)) for k in self.knobs))

    def values_at(self, index: Sequence[int]) -> dict:
        if len(index) != len(self.knobs):
            raise ValueError(f"index must have {len(self.knobs)} entries, got {_show(index)}")
        return {k.name: k.values[i] for k, i in zip(self.knobs, index)}

    # -- drawing --------------------------------------------------------------------------
    def render(self, index: Sequence[int] | None = None) -> bytes:
        """PNG bytes of the figure at the knob setting ``index`` (default: the default view).

        The first call draws the whole figure; later calls restore that background and redraw
        only the artists ``update`` returned (blitting), which skips the costly text layout of
        axes and ticks. Frames are cached."""
        index = tuple(k.index for k in self.knobs) if index is None else tuple(int(i) for i in index)
        with _RENDER_LOCK:
            if index in self._cache:
                return self._cache[index]
            if self._fig is None:
                from matplotlib.backends.backend_agg import FigureCanvasAgg
                from matplotlib.figure import Figure

                self._fig = Figure(figsize=self.figsize, dpi=self.dpi)
                self._canvas = FigureCanvasAgg(self._fig)
                self._update = self._setup(self._fig)
                for artist in self._update(**self.values_at(index)):
                    artist.set_animated(True)
                self._canvas.draw()
                self._background = self._canvas.copy_from_bbox(self._fig.bbox)
            self._canvas.restore_region(self._background)
            for artist in self._update(**self.values_at(index)):
                self._fig.draw_artist(artist)
            png = self._encode(self._canvas.buffer_rgba())
            self._cache[index] = png
            return png

    def frames(self):
        """``(index, png)`` for every setting, in :meth:`settings` order."""
        for index in self.settings():
            yield index, self.render(index)

    # -- what a notebook stores -----------------------------------------------------------
    def spec(self) -> dict:
        """The JSON spec: enough for ``coursekit.site`` to rebuild and draw every frame."""
        return {"version": SPEC_VERSION, "exploration": self.name, "params": self.params,
                "title": self.title,
                "knobs": [{"name": k.name, "label": k.label, "values": list(k.values),
                           "default": k.default, "toggle": k.toggle} for k in self.knobs]}

    def _repr_mimebundle_(self, include=None, exclude=None):
        text = f"<exploration {self.name}: {self.title}; knobs " + \
               ", ".join(f"{k.name} ({len(k.values)} values)" for k in self.knobs) + ">"
        if under_autograder():
            return {"text/plain": f"{text} (not drawn under the autograder)"}
        if is_live():
            return self.widget()._repr_mimebundle_(include=include, exclude=exclude)
        import base64

        return {"text/plain": text, "image/png": base64.b64encode(self.render()).decode("ascii"),
                MIME: self.spec()}

    # -- JupyterLab -----------------------------------------------------------------------
    def widget(self, *, precompute: bool = True):
        """ipywidgets controls above an ``Image``; precomputes the other frames in a thread.

        Frames for the widget are encoded for speed, not size (the site's are palette PNGs)."""
        import ipywidgets as W

        with _RENDER_LOCK:                   # live frames: fast to encode (3x faster, 3x larger)
            if self._encode is not _fast_png:
                self._encode, self._cache = _fast_png, {}
        image = W.Image(value=self.render(), format="png",
                        layout=W.Layout(max_width="100%", height="auto"))
        controls = []
        for k in self.knobs:
            if k.toggle:
                c = W.Checkbox(value=k.default, description=k.label, indent=False)
            else:
                c = W.SelectionSlider(options=[(k.text(v), v) for v in k.values], value=k.default,
                                      description=k.label, continuous_update=True,
                                      style={"description_width": "initial"},
                                      layout=W.Layout(width="420px"))
            controls.append(c)

        def show(_change=None):
            index = tuple(k.values.index(c.value) for k, c in zip(self.knobs, controls))
            image.value = self.render(index)

        for c in controls:
            c.observe(show, names="value")
        box = W.VBox([W.HBox(controls, layout=W.Layout(flex_flow="row wrap")), image])
        box.add_class("course-explore")
        if precompute:
            threading.Thread(target=lambda: [self.render(i) for i in self.settings()], daemon=True).start()
        return box


def is_live() -> bool:
    """True in a kernel started by Jupyter Server with ipywidgets available (see module doc)."""
    mode = os.environ.get("COURSE_EXPLORE", "")
    if mode in ("static", "live"):
        return mode == "live" and not under_autograder()
    if under_autograder() or "JPY_SESSION_NAME" not in os.environ:
        return False
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


def _compact_png(rgba) -> bytes:
    """An RGBA buffer as a palette PNG (about 3x smaller than RGB for line plots)."""
    from PIL import Image

    im = Image.fromarray(np.asarray(rgba)[..., :3])
    q = im.quantize(colors=128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    q.save(out, format="PNG", compress_level=9)
    return out.getvalue()


def _fast_png(rgba) -> bytes:
    """An RGBA buffer as an RGB PNG with light compression (for frames sent to JupyterLab)."""
    from PIL import Image

    out = io.BytesIO()
    Image.fromarray(np.asarray(rgba)[..., :3]).save(out, format="PNG", compress_level=1)
    return out.getvalue()


def build(spec: dict) -> Exploration:
    """Rebuild the exploration a notebook's :data:`MIME` output describes (the site does this).

    Raises
    ------
    ValueError
        An unknown version or exploration name, or knobs that differ from the spec's.
    """
    if not isinstance(spec, dict) or spec.get("version") != SPEC_VERSION:
        raise ValueError(f"spec must be a dict with version {SPEC_VERSION}, got {_show(spec)}")
    name = spec.get("exploration")
    if name not in EXPLORATIONS:
        raise ValueError(f"unknown exploration {name!r}; known: {sorted(EXPLORATIONS)}")
    ex = EXPLORATIONS[name](**spec.get("params", {}))
    if ex.spec()["knobs"] != spec.get("knobs"):
        raise ValueError(f"exploration {name!r}: the spec's knobs differ from this helpers version's")
    return ex


# ---------------------------------------------------------------------------------------
# small pieces the figures share


def _contours(ax, f, xlim, ylim, n_levels=14, num=121):
    X, Y, P = landscapes.make_grid(xlim, ylim, num)
    Z = f(P)
    levels = Z.min() + np.geomspace(1e-2, Z.max() - Z.min(), n_levels)
    ax.contour(X, Y, Z, levels=levels, cmap=LANDSCAPE_CMAP, linewidths=0.7)
    ax.plot(0, 0, "*", color=COLORS["reference"], ms=10, zorder=6)
    ax.set(xlim=xlim, ylim=ylim)


def _clip_path(path, limit=1e6):
    """A diverging path stops being drawn once it leaves any plot (no overflow warnings)."""
    bad = ~np.all(np.isfinite(path) & (np.abs(path) < limit), axis=1)
    return path[: int(np.argmax(bad))] if bad.any() else path


def _loss_curve(path, f):
    with np.errstate(all="ignore"):
        return np.maximum(f(_clip_path(path)), 1e-16)


def _run(step, w0, grad, n_steps, state_names):
    """Run ``step(w, dw, *states) -> (w, *states)`` (in place or not) and record every iterate."""
    w = np.array(w0, dtype=float)
    states = [np.zeros_like(w) for _ in state_names]
    path = [w.copy()]
    with np.errstate(all="ignore"):
        for _ in range(n_steps):
            out = step(w, grad(w), *states)
            w, states = np.array(out[0], dtype=float), [np.array(s, dtype=float) for s in out[1:]]
            path.append(w.copy())
            if not np.all(np.isfinite(w)) or np.abs(w).max() > 1e6:
                break
    return np.array(path)


# ---------------------------------------------------------------------------------------
# lesson 03: the learning rate on the elongated bowl


def gd_learning_rate(a=1.0, b=10.0, start=(-4.0, 1.5), n_steps=40) -> Exploration:
    """Gradient descent on ``quadratic_bowl(a, b)`` for a slider of learning rates.

    Left, the path on the contours; right, the loss per step (log scale); below, where the
    learning rate sits between ``1/L`` (steep direction solved in one step) and the stability
    limit ``2/L``, ``L = max(a, b)``. Gradient descent is ``w <- w - lr * grad`` (no exercise
    needed).
    """
    a, b = check_positive("a", a), check_positive("b", b)
    L = landscapes.quadratic_bowl_max_curvature(a, b)
    f = lambda w: landscapes.quadratic_bowl(w, a, b)
    g = lambda w: landscapes.quadratic_bowl_grad(w, a, b)
    lrs = np.round(np.r_[0.1, 0.25, 0.5, np.arange(0.75, 2.26, 0.125)] / L, 4)
    default = float(lrs[np.argmin(np.abs(lrs - 0.9 / L))])
    start = [float(s) for s in start]
    xlim = (min(-5.0, 1.25 * start[0]), max(5.0, -1.25 * start[0]))
    ylim = (-2.5 * abs(start[1]) / 1.5, 2.5 * abs(start[1]) / 1.5)

    def setup(fig):
        gs = fig.add_gridspec(2, 2, height_ratios=[5, 1], hspace=0.55, wspace=0.22,
                              left=0.06, right=0.98, top=0.9, bottom=0.1)
        ax, ax_loss, ax_lr = fig.add_subplot(gs[0, 0]), fig.add_subplot(gs[0, 1]), fig.add_subplot(gs[1, :])
        _contours(ax, f, xlim, ylim)
        ax.set(xlabel="$w_1$", ylabel="$w_2$")
        (line,) = ax.plot([], [], "-o", color=COLORS["gd"], ms=3, lw=1.2, label="gradient descent")
        ax.plot(*start, "s", color="k", ms=5)
        ax_loss.set(yscale="log", xlim=(0, n_steps), ylim=(1e-8, 1e4), xlabel="step", ylabel="loss")
        ax_loss.grid(alpha=0.3)
        (curve,) = ax_loss.plot([], [], color=COLORS["gd"], lw=1.5)
        ax_lr.set(xlim=(0, 2.3 / L), ylim=(0, 1), yticks=[], xlabel="learning rate")
        for x, text in [(1 / L, "1/L"), (2 / L, "2/L: stability limit")]:
            ax_lr.axvline(x, color="k", lw=1, ls="--")
            ax_lr.text(x, 0.5, " " + text, va="center", fontsize=8)
        ax_lr.axvspan(2 / L, 2.3 / L, color="0.85")
        (marker,) = ax_lr.plot([], [], "v", color=COLORS["gd"], ms=10)

        def update(lr):
            path = _run(lambda w, dw: (w - lr * dw,), start, g, n_steps, ())
            shown = _clip_path(path, 1e3)
            line.set_data(shown[:, 0], shown[:, 1])
            loss = _loss_curve(path, f)
            curve.set_data(np.arange(len(loss)), loss)
            marker.set_data([lr], [0.5])
            factor = abs(1 - lr * L)
            verdict = ("diverges" if factor > 1 else "oscillates" if lr * L > 1.5 else
                       "crawls" if lr * L < 0.3 else "converges")
            ax.set_title(f"lr = {lr:.3g} = {lr * L:.3g}/L: {verdict}", fontsize=10)
            ax_loss.set_title(f"steep direction multiplied by |1 - lr L| = {factor:.2f} per step", fontsize=10)
            return [line, curve, marker, ax.title, ax_loss.title]

        return update

    knobs = [_slider("lr", "learning rate", lrs, default)]
    return Exploration("gd_learning_rate", dict(a=a, b=b, start=start, n_steps=int(n_steps)), knobs, setup,
                       figsize=(10, 4.4), title="gradient descent on an elongated bowl, by learning rate")


# ---------------------------------------------------------------------------------------
# lesson 05: beta on the temperatures, bias correction on or off


def _ewma_private(theta, beta, bias_correction):
    """v_t = beta v_{t-1} + (1 - beta) theta_t from v_0 = 0 (a linear filter), optionally / (1 - beta^t)."""
    from scipy.signal import lfilter

    v = lfilter([1 - beta], [1, -beta], np.asarray(theta, dtype=float))
    return v / (1 - beta ** np.arange(1, len(v) + 1)) if bias_correction else v


def ewma_beta(year=2012, ewma=None) -> Exploration:
    """The exponentially weighted average of a year of daily temperatures, for a slider of β
    and bias correction on or off. ``ewma(theta, beta, bias_correction)`` may be the lesson's
    exercise; by default a private loop of the same recurrence."""
    from .data import load_daily_temperatures

    fn = ewma or _ewma_private
    betas = (0.5, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995)

    def setup(fig):
        days, temp = load_daily_temperatures(int(year))
        ax = fig.add_axes((0.07, 0.14, 0.9, 0.74))
        ax.plot(days, temp, ".", color="0.6", ms=3, label="daily temperature")
        (line,) = ax.plot([], [], color=COLORS["momentum"], lw=2, label="average $v_t$")
        ax.set(xlabel="day of the year", ylabel="°C", xlim=(days[0], days[-1]),
               ylim=(min(0.0, temp.min() - 1), temp.max() + 1))
        legend = ax.legend(loc="upper left", fontsize=8)
        ax.grid(alpha=0.3)

        def update(beta, bias_correction):
            v = np.asarray(fn(temp, beta, bias_correction), dtype=float)
            line.set_data(days, v)
            legend.get_texts()[1].set_text("bias-corrected average $v_t / (1-\\beta^t)$" if bias_correction
                                           else "average $v_t$")
            ax.set_title(f"β = {beta:g}: averages about 1/(1-β) = {1 / (1 - beta):.0f} days; "
                         f"bias correction {'on' if bias_correction else 'off'}; "
                         f"day 1: {v[0]:.1f} °C vs measured {temp[0]:.1f} °C", fontsize=10)
            return [line, legend, ax.title]

        return update

    knobs = [_slider("beta", "β", betas, 0.9), _toggle("bias_correction", "bias correction", False)]
    return Exploration("ewma_beta", dict(year=int(year)), knobs, setup, figsize=(10, 3.8),
                       title=f"exponentially weighted average of the {int(year)} temperatures, by beta")


# ---------------------------------------------------------------------------------------
# lesson 06: momentum's alpha and beta on the bowl


def _momentum_private(w, dw, v, lr, beta):
    v = beta * v + (1 - beta) * dw
    return w - lr * v, v


def _bowl_setup(f, xlim, ylim, start, n_steps, color, label):
    """Path on the contours (left) and loss per step (right); returns (fig -> artists)."""
    def make(fig):
        gs = fig.add_gridspec(1, 2, width_ratios=[1.35, 1], wspace=0.22, left=0.06, right=0.98,
                              top=0.88, bottom=0.14)
        ax, ax_loss = fig.add_subplot(gs[0]), fig.add_subplot(gs[1])
        _contours(ax, f, xlim, ylim)
        ax.plot(*start, "s", color="k", ms=5)
        ax.set(xlabel="W (gentle direction)", ylabel="b (steep direction)")
        (line,) = ax.plot([], [], "-o", color=color, ms=2.5, lw=1.1, label=label)
        ax_loss.set(yscale="log", xlim=(0, n_steps), ylim=(1e-8, 1e4), xlabel="step", ylabel="loss")
        ax_loss.grid(alpha=0.3)
        (curve,) = ax_loss.plot([], [], color=color, lw=1.5, label=label)
        return ax, ax_loss, line, curve
    return make


def momentum_alpha_beta(a=0.5, b=25.0, start=(-8.0, 1.0), n_steps=80, step=None) -> Exploration:
    """Momentum (``v = β v + (1-β) dW``, ``W -= α v``) on the bowl for sliders of α and β.

    ``step(w, dw, v, lr, beta) -> (w, v)`` may be the lesson's ``momentum_step``. The title
    reports the loss after ``n_steps`` and whether the run diverged; β = 0 is plain gradient
    descent."""
    a, b = check_positive("a", a), check_positive("b", b)
    f = lambda w: landscapes.quadratic_bowl(w, a, b)
    g = lambda w: landscapes.quadratic_bowl_grad(w, a, b)
    rule = step or _momentum_private
    start = [float(s) for s in start]
    alphas = (0.02, 0.05, 0.08, 0.15, 0.3, 0.6, 1.0, 1.6)
    betas = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98)
    make = _bowl_setup(f, (-9.0, 2.0), (-2.2, 2.2), start, n_steps, COLORS["momentum"], "momentum")

    def setup(fig):
        ax, ax_loss, line, curve = make(fig)

        def update(alpha, beta):
            path = _run(lambda w, dw, v: rule(w, dw, v, alpha, beta), start, g, n_steps, ("v",))
            shown = _clip_path(path, 1e3)
            line.set_data(shown[:, 0], shown[:, 1])
            loss = _loss_curve(path, f)
            curve.set_data(np.arange(len(loss)), loss)
            final = "diverged" if len(path) <= n_steps or not np.isfinite(loss[-1]) or loss[-1] > 1e3 \
                else f"loss after {n_steps} steps {loss[-1]:.1e}"
            ax.set_title(f"α = {alpha:g}, β = {beta:g}", fontsize=10)
            ax_loss.set_title(final, fontsize=10)
            return [line, curve, ax.title, ax_loss.title]

        return update

    knobs = [_slider("alpha", "α (learning rate)", alphas, 0.3), _slider("beta", "β", betas, 0.9)]
    return Exploration("momentum_alpha_beta", dict(a=a, b=b, start=start, n_steps=int(n_steps)), knobs, setup,
                       figsize=(10, 3.6), title="momentum on the elongated bowl, by alpha and beta")


# ---------------------------------------------------------------------------------------
# lesson 07: the valley's rotation, RMSprop against momentum


def _rmsprop_private(w, dw, s, lr, beta2, eps):
    s = beta2 * s + (1 - beta2) * dw**2
    return w - lr * dw / (np.sqrt(s) + eps), s


def rotated_valley(a=0.5, b=25.0, start=(-8.0, 1.0), n_steps=60, lr_rmsprop=0.2, beta2=0.99,
                   lr_momentum=0.3, beta=0.9, rmsprop_step=None, momentum_step=None) -> Exploration:
    """RMSprop and momentum on the bowl whose axes are turned by a slider of angles.

    RMSprop scales each *coordinate*; turned by 45° the valley's steep and gentle directions
    mix both coordinates and the per-coordinate scaling stops helping. Momentum does not care
    about the angle. The start is turned with the valley, so only the angle changes.
    ``rmsprop_step(w, dw, s, lr, beta2, eps)`` and ``momentum_step(w, dw, v, lr, beta)`` may
    be the lessons' functions."""
    a, b = check_positive("a", a), check_positive("b", b)
    beta2, beta = check_unit_interval("beta2", beta2), check_unit_interval("beta", beta)
    rms = rmsprop_step or _rmsprop_private
    mom = momentum_step or _momentum_private
    start0 = np.array([float(s) for s in start])
    angles = tuple(np.arange(0.0, 90.1, 7.5))
    lim = 1.15 * float(np.linalg.norm(start0))

    def setup(fig):
        gs = fig.add_gridspec(1, 2, width_ratios=[1, 1.3], wspace=0.25, left=0.06, right=0.98, top=0.88, bottom=0.14)
        ax, ax_loss = fig.add_subplot(gs[0]), fig.add_subplot(gs[1])
        ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="$w_1$", ylabel="$w_2$")
        X, Y, P = landscapes.make_grid((-lim, lim), (-lim, lim), 121)
        holder = {"cs": None}
        (l_rms,) = ax.plot([], [], "-o", ms=2, lw=1.1, color=COLORS["rmsprop"], label=f"RMSprop, lr {lr_rmsprop:g}")
        (l_mom,) = ax.plot([], [], "-o", ms=2, lw=1.1, color=COLORS["momentum"], label=f"momentum, α {lr_momentum:g}")
        (s_pt,) = ax.plot([], [], "s", color="k", ms=5)
        ax.plot(0, 0, "*", color=COLORS["reference"], ms=10, zorder=6)
        ax.legend(loc="upper left", fontsize=7)
        ax_loss.set(yscale="log", xlim=(0, n_steps), ylim=(1e-10, 1e4), xlabel="step", ylabel="loss")
        ax_loss.grid(alpha=0.3)
        (c_rms,) = ax_loss.plot([], [], color=COLORS["rmsprop"], lw=1.5, label="RMSprop")
        (c_mom,) = ax_loss.plot([], [], color=COLORS["momentum"], lw=1.5, label="momentum")
        ax_loss.legend(loc="lower left", fontsize=8)

        def update(angle):
            th = np.deg2rad(angle)
            f = lambda w: landscapes.quadratic_bowl(w, a, b, th)
            g = lambda w: landscapes.quadratic_bowl_grad(w, a, b, th)
            c, s = np.cos(th), np.sin(th)
            w0 = np.array([[c, -s], [s, c]]) @ start0          # the start turned with the valley
            if holder["cs"] is not None:
                holder["cs"].remove()
            Z = f(P)
            holder["cs"] = ax.contour(X, Y, Z, levels=np.geomspace(1e-2, Z.max(), 14),
                                      cmap=LANDSCAPE_CMAP, linewidths=0.7)
            s_pt.set_data([w0[0]], [w0[1]])
            p_rms = _run(lambda w, dw, S: rms(w, dw, S, lr_rmsprop, beta2, 1e-8), w0, g, n_steps, ("s",))
            p_mom = _run(lambda w, dw, v: mom(w, dw, v, lr_momentum, beta), w0, g, n_steps, ("v",))
            for line, curve, p in ((l_rms, c_rms, p_rms), (l_mom, c_mom, p_mom)):
                shown = _clip_path(p, 1e3)
                line.set_data(shown[:, 0], shown[:, 1])
                loss = _loss_curve(p, f)
                curve.set_data(np.arange(len(loss)), loss)
            ax.set_title(f"valley turned by {angle:g}°", fontsize=10)
            ax_loss.set_title(f"loss after {n_steps} steps: RMSprop {_loss_curve(p_rms, f)[-1]:.1e}, "
                              f"momentum {_loss_curve(p_mom, f)[-1]:.1e}", fontsize=10)
            return [holder["cs"], s_pt, l_rms, l_mom, c_rms, c_mom, ax.title, ax_loss.title]

        return update

    knobs = [_slider("angle", "rotation (degrees)", angles, 0)]
    params = dict(a=a, b=b, start=start0.tolist(), n_steps=int(n_steps), lr_rmsprop=float(lr_rmsprop),
                  beta2=beta2, lr_momentum=float(lr_momentum), beta=beta)
    return Exploration("rotated_valley", params, knobs, setup, figsize=(10, 3.8),
                       title="RMSprop and momentum on a valley turned by an angle")


# ---------------------------------------------------------------------------------------
# lesson 08: beta1, beta2 and bias correction on Adam's step size over time


def adam_step_size(n_steps=10_000) -> Exploration:
    """Adam's step divided by the learning rate for a constant gradient, over ``t = 1 … n_steps``.

    For a constant gradient ``g`` the averages are ``m_t = (1-β1^t) g`` and
    ``v_t = (1-β2^t) g²``, so the step over α is ``(1-β1^t)/sqrt(1-β2^t)`` without correction and
    exactly 1 with it (closed forms, no optimizer run). Sliders for β1 and β2, a toggle for the
    correction; the other setting of the toggle stays in grey for comparison."""
    t = np.arange(1, int(n_steps) + 1, dtype=float)
    shown_t = np.unique(np.round(np.geomspace(1, t[-1], 400))).astype(int) - 1    # drawn points (log axis)
    b1s = (0.0, 0.5, 0.8, 0.9, 0.95, 0.99)
    b2s = (0.9, 0.99, 0.999, 0.9999)

    def setup(fig):
        ax = fig.add_axes((0.08, 0.15, 0.88, 0.72))
        ax.set(xscale="log", yscale="log", xlim=(1, t[-1]), ylim=(0.05, 200), xlabel="step t",
               ylabel="step / learning rate")
        ax.axhline(1.0, color="k", lw=0.6, ls=":")
        ax.grid(alpha=0.3, which="both")
        (other,) = ax.plot([], [], color="0.7", lw=1.2, label="bias-corrected")
        (line,) = ax.plot([], [], color=COLORS["adam"], lw=2.2, label="Adam without bias correction")
        legend = ax.legend(handles=[line, other], loc="upper right", fontsize=8)

        def update(beta1, beta2, bias_correction):
            raw = (1 - beta1**t) / np.sqrt(1 - beta2**t)
            corrected = np.ones_like(t)
            shown, ghost = (corrected, raw) if bias_correction else (raw, corrected)
            line.set_data(t[shown_t], shown[shown_t])
            other.set_data(t[shown_t], ghost[shown_t])
            first, second = legend.get_texts()
            first.set_text("Adam, bias-corrected" if bias_correction else "Adam without bias correction")
            second.set_text("without correction" if bias_correction else "bias-corrected")
            k = int(np.argmax(shown))
            ax.set_title(f"β1 = {beta1:g}, β2 = {beta2:g}: first step {shown[0]:.2g} lr, largest "
                         f"{shown[k]:.2g} lr at t = {k + 1}", fontsize=10)
            return [other, line, legend, ax.title]

        return update

    knobs = [_slider("beta1", "β1", b1s, 0.9), _slider("beta2", "β2", b2s, 0.999),
             _toggle("bias_correction", "bias correction", False)]
    return Exploration("adam_step_size", dict(n_steps=int(n_steps)), knobs, setup, figsize=(9, 3.6),
                       title="Adam's step over time for a constant gradient, by beta1, beta2 and bias correction")


# ---------------------------------------------------------------------------------------
# lesson 09: the decay rate, the noise ball and the final loss


def _inverse_time_private(lr0, decay_rate, epoch):
    return lr0 / (1 + decay_rate * epoch)


def decay_noise_ball(lr0=0.1, n_epochs=40, batch_size=8, m=200, seed=0, schedule=None) -> Exploration:
    """Mini-batch gradient descent on a two-parameter least-squares problem with
    ``lr = schedule(lr0, decay_rate, epoch)`` (inverse-time decay by default; the lesson may pass
    its ``inverse_time_decay``), for a slider of decay rates.

    Left: the last half of the path around the minimum (the noise ball). Right: the final
    loss (mean excess cost ``J - J*`` over the last epoch) for every decay rate of the slider,
    the current one marked: too little decay leaves a big ball, too much stops short.
    Mini-batches are drawn by a fixed ``numpy.random.Generator(seed)`` permutation per epoch,
    the same for every decay rate."""
    from .data import make_regression
    from .losses import mse_loss_and_grad

    lr0 = check_positive("lr0", lr0)
    rate_fn = schedule or _inverse_time_private
    rates = (0.0, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0)

    def setup(fig):
        # everything is computed here, at the first frame: constructing the exploration is free
        # (under the autograder nothing is drawn, so nothing runs)
        rng = np.random.default_rng(int(seed))
        X, y, _ = make_regression(int(m), 1, rng, noise=1.0, bias=True)
        X[:, 0] = 1.5 * X[:, 0] + 1.0
        w_star = np.linalg.lstsq(X, y, rcond=None)[0]
        J_star = float(mse_loss_and_grad(w_star, X, y)[0])
        start = w_star + np.array([-2.5, 3.0])
        orders = [rng.permutation(len(y)) for _ in range(int(n_epochs))]

        def run(rate):
            W, path = start.copy(), [start.copy()]
            for epoch, order in enumerate(orders, start=1):
                lr = float(rate_fn(lr0, rate, epoch))
                for k in range(0, len(order), int(batch_size)):
                    idx = order[k:k + int(batch_size)]
                    W = W - lr * mse_loss_and_grad(W, X[idx], y[idx])[1]
                    path.append(W.copy())
            return np.array(path)

        paths = {r: run(r) for r in rates}
        per_epoch = -(-len(y) // int(batch_size))
        excess = {r: float(np.mean(mse_loss_and_grad(p[-per_epoch:], X, y)[0] - J_star)) for r, p in paths.items()}
        return _noise_ball_figure(fig, X, y, w_star, paths, excess, rates, lambda r: float(rate_fn(lr0, r, len(orders))),
                                  lr0)

    knobs = [_slider("decay_rate", "decay rate", rates, 0.2)]
    params = dict(lr0=lr0, n_epochs=int(n_epochs), batch_size=int(batch_size), m=int(m), seed=int(seed))
    return Exploration("decay_noise_ball", params, knobs, setup, figsize=(10, 3.9),
                       title="the noise ball and the final loss, by decay rate")


def _noise_ball_figure(fig, X, y, w_star, paths, excess, rates, lr_end_of, lr0):
    """The figure of :func:`decay_noise_ball` (returns its ``update``)."""
    from .losses import mse_loss_and_grad

    gs = fig.add_gridspec(1, 2, width_ratios=[1, 1.2], wspace=0.3, left=0.07, right=0.98, top=0.88, bottom=0.15)
    ax, ax_loss = fig.add_subplot(gs[0]), fig.add_subplot(gs[1])
    zoom = 0.4
    A, B, grid = landscapes.make_grid((w_star[0] - zoom, w_star[0] + zoom), (w_star[1] - zoom, w_star[1] + zoom), 81)
    J = mse_loss_and_grad(grid, X, y)[0]
    ax.contour(A, B, J, levels=10, cmap=LANDSCAPE_CMAP, linewidths=0.7)
    (star,) = ax.plot(*w_star, "*", color=COLORS["reference"], ms=11, label="minimum of J")
    ax.set(xlim=(w_star[0] - zoom, w_star[0] + zoom), ylim=(w_star[1] - zoom, w_star[1] + zoom),
           xlabel="weight w", ylabel="intercept c")
    (line,) = ax.plot([], [], "-o", ms=1.5, lw=0.4, color=COLORS["sgd"])
    xs = [max(r, 0.01) for r in rates]
    ax_loss.plot(xs, [excess[r] for r in rates], "-o", color="0.5", ms=4)
    ax_loss.set(xscale="log", yscale="log", xlabel="decay rate (0 drawn at 0.01)",
                ylabel="final excess loss J - J*")
    ax_loss.grid(alpha=0.3, which="both")
    (mark,) = ax_loss.plot([], [], "o", color=COLORS["sgd"], ms=10)

    def update(decay_rate):
        p = paths[decay_rate]
        tail = p[len(p) // 2:]
        line.set_data(tail[:, 0], tail[:, 1])
        mark.set_data([max(decay_rate, 0.01)], [excess[decay_rate]])
        lr_end = lr_end_of(decay_rate)
        ax.set_title(f"second half of the path (lr {lr0:g} → {lr_end:.2g})", fontsize=10)
        ax_loss.set_title(f"decay rate {decay_rate:g}: final excess loss {excess[decay_rate]:.1e}", fontsize=10)
        return [line, star, mark, ax.title, ax_loss.title]

    return update


#: name -> factory; ``build(spec)`` looks explorations up here
EXPLORATIONS = {f.__name__: f for f in (gd_learning_rate, ewma_beta, momentum_alpha_beta, rotated_valley,
                                        adam_step_size, decay_noise_ball)}

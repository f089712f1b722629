"""One look for every lesson: a colour per optimizer, and the colour maps of landscapes.

A reader who has seen Adam in orange in lesson 08 finds it in orange in lessons 10 and 11. Use
``color=COLORS["adam"]`` (and ``label=...``) for every curve a reader must tell apart. Colours are
from matplotlib's colour-blind-safe ``tab10`` cycle; the keys are the names the lessons use.

Landscapes use the perceptually uniform ``viridis`` (filled contours, images) and never ``jet``,
whose bright bands invent edges the function does not have.
"""

from __future__ import annotations

__all__ = ["COLORS", "LANDSCAPE_CMAP", "DIVERGING_CMAP"]

#: one colour per method, the same in every lesson (``tab10`` hex codes)
COLORS = {
    "random search": "#7f7f7f",       # grey
    "gd": "#1f77b4",                  # blue: (full-batch) gradient descent
    "sgd": "#17becf",                 # cyan: stochastic / mini-batch gradient descent
    "momentum": "#2ca02c",            # green
    "nesterov": "#bcbd22",            # olive
    "adagrad": "#8c564b",             # brown
    "rmsprop": "#9467bd",             # purple
    "adam": "#ff7f0e",                # orange
    "adamw": "#d62728",               # red
    "reference": "#000000",           # black: an exact answer, a target
}

#: colour map for loss surfaces (sequential, perceptually uniform)
LANDSCAPE_CMAP = "viridis"
#: colour map for signed quantities (curvature, errors), centred on zero
DIVERGING_CMAP = "RdBu_r"

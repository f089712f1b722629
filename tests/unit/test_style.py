"""helpers.style: one distinct colour per optimizer, valid for matplotlib."""

import matplotlib.colors as mcolors

from helpers.style import COLORS, DIVERGING_CMAP, LANDSCAPE_CMAP


def test_every_method_has_its_own_valid_colour():
    assert len(set(COLORS.values())) == len(COLORS), "two methods share a colour"
    for name, colour in COLORS.items():
        assert mcolors.is_color_like(colour), name


def test_colour_maps_exist_and_are_not_jet():
    import matplotlib
    for cmap in (LANDSCAPE_CMAP, DIVERGING_CMAP):
        matplotlib.colormaps[cmap]
        assert cmap != "jet"

"""helpers.animation: trajectories on contour plots as a self-contained HTML player."""

import re

import numpy as np
import pytest

from helpers.animation import Panel, animate_trajectories, frame_steps
from helpers.landscapes import quadratic_bowl


def _panel(**kw):
    t = np.linspace(0, 1, 21)[:, None]
    trajs = {"A": np.hstack([-4 + 4 * t, 1.5 - 1.5 * t]), "B": np.hstack([-4 + 3 * t, 1.5 * (1 - t) ** 2])[:11]}
    args = dict(f=quadratic_bowl, trajectories=trajs, xlim=(-5, 5), ylim=(-2.5, 2.5), title="bowl", minima=((0, 0),))
    args.update(kw)
    return Panel(**args)


def test_frame_steps():
    assert frame_steps(10, 6).tolist() == [0, 2, 4, 6, 8, 10]
    assert frame_steps(100, 5, power=2).tolist() == [0, 6, 25, 56, 100]
    assert frame_steps(3, 10).tolist() == [0, 1, 2, 3]          # duplicates removed
    assert frame_steps(0, 4).tolist() == [0]
    with pytest.raises(ValueError, match="n_frames"):
        frame_steps(10, 1)
    with pytest.raises(ValueError, match="power"):
        frame_steps(10, 5, power=0)


def _frames(html, fmt):
    return re.findall(rf'frames\[(\d+)\] = "data:image/{fmt};base64,', html)


def test_html_player_with_jpeg_frames_is_small_and_deterministic():
    kw = dict(n_frames=5, dpi=30, panel_size=(3, 2.4), grid_num=30, frame_format="jpeg")
    html = animate_trajectories(_panel(), **kw)
    assert "<script" in html and "anim-slider" in html      # matplotlib's to_jshtml player
    assert len(_frames(html, "jpeg")) == 5
    assert len(html) < 200_000
    again = animate_trajectories(_panel(), **kw)
    assert again == html                                    # no random uuid: same input, same HTML
    ids = set(re.findall(r"_anim_img([0-9a-f]{32})", html))
    assert len(ids) == 1


def test_default_palette_frames_are_smaller_and_the_player_is_offline():
    from PIL import Image
    import base64
    import io

    kw = dict(n_frames=4, dpi=40, panel_size=(3, 2.4), grid_num=30)
    html = animate_trajectories(_panel(), **kw)
    frames = re.findall(r'frames\[\d+\] = "data:image/png;base64,([^"]+)"', html)
    assert len(frames) == 4
    with Image.open(io.BytesIO(base64.b64decode(frames[0]))) as im:
        assert im.mode == "P" and len(im.getpalette()) // 3 <= 64       # a palette PNG
    assert len(html) < len(animate_trajectories(_panel(), frame_format="png", **kw))
    assert html == animate_trajectories(_panel(), **kw)
    assert "font-awesome" not in html.lower() and "http" not in html.split("<script")[0]
    assert '<i class="fa' not in html and "\u25B6" in html                  # icons are characters


def test_png_frames_and_several_panels():
    html = animate_trajectories([_panel(), _panel(title="again")], n_frames=3, dpi=25, panel_size=(2.5, 2),
                                grid_num=20, frame_format="png", styles={"A": {"color": "r", "ls": "--"}})
    assert len(_frames(html, "png")) == 3


def test_no_figure_left_open():
    import matplotlib.pyplot as plt

    before = len(plt.get_fignums())
    animate_trajectories(_panel(), n_frames=2, dpi=20, panel_size=(2, 2), grid_num=10)
    assert len(plt.get_fignums()) == before


def test_errors():
    with pytest.raises(TypeError, match="Panel"):
        animate_trajectories([("not", "a panel")])
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        animate_trajectories(_panel(trajectories={"A": np.zeros((4, 3))}))
    with pytest.raises(ValueError, match="non-empty"):
        animate_trajectories(_panel(trajectories={}))
    with pytest.raises(ValueError, match="xlim"):
        animate_trajectories(_panel(xlim=(1, -1)))
    with pytest.raises(ValueError, match="frame_format"):
        animate_trajectories(_panel(), frame_format="gif")
    with pytest.raises(ValueError, match="quality"):
        animate_trajectories(_panel(), quality=100)
    with pytest.raises(ValueError, match="panel_size"):
        animate_trajectories(_panel(), panel_size=(0, 2))

"""helpers.explore: the knob grid, the three ways an exploration shows (autograder, static, live),
the spec the site rebuilds from, and the lesson's own update rule being the one that runs."""
from __future__ import annotations

import base64
import io
import json

import numpy as np
import pytest

from helpers import explore


@pytest.fixture
def static_mode(monkeypatch):
    monkeypatch.delenv("COURSE_AUTOGRADE", raising=False)
    monkeypatch.setenv("COURSE_EXPLORE", "static")


def _png_size(png: bytes):
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        return im.size


def test_knob_default_must_be_on_the_grid():
    with pytest.raises(ValueError, match="default"):
        explore.Knob("lr", "learning rate", (0.1, 0.2), 0.15)
    with pytest.raises(ValueError, match="empty"):
        explore.Knob("lr", "learning rate", (), 0.1)


def test_settings_are_row_major_and_cover_the_grid():
    ex = explore.adam_step_size()
    settings = list(ex.settings())
    assert len(settings) == ex.n_frames == 6 * 4 * 2
    assert settings[:3] == [(0, 0, 0), (0, 0, 1), (0, 1, 0)]      # the last knob varies fastest
    assert ex.values_at(settings[1]) == {"beta1": 0.0, "beta2": 0.9, "bias_correction": True}
    with pytest.raises(ValueError, match="3 entries"):
        ex.values_at((0, 0))


def test_under_the_autograder_nothing_is_drawn(monkeypatch):
    monkeypatch.setenv("COURSE_AUTOGRADE", "1")
    monkeypatch.setenv("COURSE_EXPLORE", "live")            # the autograder wins over an override
    ex = explore.momentum_alpha_beta()
    bundle = ex._repr_mimebundle_()
    assert set(bundle) == {"text/plain"} and "autograder" in bundle["text/plain"]
    assert ex._fig is None and not ex._cache, "a figure was drawn under the autograder"


def test_static_view_is_a_png_and_a_stable_spec(static_mode):
    ex = explore.gd_learning_rate()
    bundle = ex._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "image/png", explore.MIME}
    png = base64.b64decode(bundle["image/png"])
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and _png_size(png) == (720, 316)
    assert png == ex.render(), "the static view is the default setting"
    spec = bundle[explore.MIME]
    assert json.loads(json.dumps(spec)) == spec, "the spec must be plain JSON"
    assert spec == explore.gd_learning_rate()._repr_mimebundle_()[explore.MIME], "same spec on every run"


def test_live_only_in_a_jupyter_server_kernel(monkeypatch):
    monkeypatch.delenv("COURSE_AUTOGRADE", raising=False)
    monkeypatch.delenv("COURSE_EXPLORE", raising=False)
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    assert not explore.is_live()            # nbval, nbclient, a plain python
    monkeypatch.setenv("JPY_SESSION_NAME", "lesson.ipynb")
    assert explore.is_live()                # JupyterLab
    monkeypatch.setenv("COURSE_EXPLORE", "static")
    assert not explore.is_live()
    monkeypatch.setenv("COURSE_AUTOGRADE", "1")
    monkeypatch.setenv("COURSE_EXPLORE", "live")
    assert not explore.is_live()


def test_the_widget_swaps_the_frame(monkeypatch):
    pytest.importorskip("ipywidgets")
    monkeypatch.delenv("COURSE_AUTOGRADE", raising=False)
    monkeypatch.setenv("COURSE_EXPLORE", "live")
    ex = explore.ewma_beta()
    assert "application/vnd.jupyter.widget-view+json" in ex._repr_mimebundle_()
    box = ex.widget(precompute=False)
    slider, toggle = box.children[0].children
    image = box.children[1]
    first = image.value
    slider.value = 0.5
    assert image.value == ex.render((0, 0)) != first
    toggle.value = True
    assert image.value == ex.render((0, 1)) != ex.render((0, 0))


def test_build_rebuilds_from_the_spec(static_mode):
    for name, factory in explore.EXPLORATIONS.items():
        ex = factory()
        assert ex.name == name
        again = explore.build(json.loads(json.dumps(ex.spec())))
        assert again.spec() == ex.spec()
    spec = explore.ewma_beta().spec()
    with pytest.raises(ValueError, match="unknown exploration"):
        explore.build(dict(spec, exploration="os.system"))
    with pytest.raises(ValueError, match="version"):
        explore.build(dict(spec, version=0))
    with pytest.raises(ValueError, match="knobs differ"):
        explore.build(dict(spec, knobs=spec["knobs"][:1]))


def test_every_knob_changes_the_picture():
    for factory in explore.EXPLORATIONS.values():
        ex = factory()
        base = tuple(k.index for k in ex.knobs)
        for j, knob in enumerate(ex.knobs):
            other = list(base)
            other[j] = (base[j] + 1) % len(knob.values)
            assert ex.render(tuple(other)) != ex.render(base), f"{ex.name}: knob {knob.name} changes nothing"


def test_the_lessons_own_update_rule_is_used():
    calls = []

    def momentum_step(w, dw, v, lr, beta=0.9):        # in place, as the exercise's contract says
        calls.append((lr, beta))
        v *= beta
        v += (1 - beta) * dw
        w -= lr * v
        return w, v

    ex = explore.momentum_alpha_beta(step=momentum_step)
    own = ex.render()
    assert calls and set(calls) == {(0.3, 0.9)}
    assert own == explore.momentum_alpha_beta().render(), "the same rule draws the same picture"

    def broken(w, dw, v, lr, beta=0.9):
        return w - lr * dw * 0.0, v                 # never moves
    assert explore.momentum_alpha_beta(step=broken).render() != own


def test_bad_parameters_name_the_argument():
    with pytest.raises(ValueError, match="b must be > 0"):
        explore.gd_learning_rate(b=0.0)
    with pytest.raises(ValueError, match="beta2"):
        explore.rotated_valley(beta2=1.0)
    with pytest.raises(TypeError, match="lr0"):
        explore.decay_noise_ball(lr0="0.1")


def test_diverging_runs_draw_without_warnings():
    import warnings

    ex = explore.gd_learning_rate()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        png = ex.render((len(ex.knobs[0].values) - 1,))         # lr = 2.25 / L: divergent
    assert np.frombuffer(png, np.uint8).size > 1000


def test_constructing_an_exploration_runs_nothing(monkeypatch):
    """Under the autograder the lesson still calls the factory: it must not run the lesson's
    functions (or anything costly) before the first frame is drawn."""
    monkeypatch.setenv("COURSE_AUTOGRADE", "1")
    calls = []
    spy = lambda *args: calls.append(args) or 0.1
    bundles = [explore.decay_noise_ball(schedule=spy)._repr_mimebundle_(),
               explore.ewma_beta(ewma=lambda *a: calls.append(a))._repr_mimebundle_(),
               explore.momentum_alpha_beta(step=lambda *a: calls.append(a))._repr_mimebundle_(),
               explore.rotated_valley(rmsprop_step=lambda *a: calls.append(a))._repr_mimebundle_()]
    assert all(set(b) == {"text/plain"} for b in bundles)
    assert calls == [], "a lesson function ran under the autograder"


def test_the_drawn_curves_follow_the_knobs():
    """Not only the titles: the data drawn changes as the knobs say (day 1 of the average is
    (1 - beta) theta_1 without bias correction, theta_1 with it; the gd path obeys lr)."""
    from helpers.data import load_daily_temperatures

    temp = load_daily_temperatures(2012)[1]
    ex = explore.ewma_beta()
    beta = ex.knobs[0].values.index(0.9)
    for on in (0, 1):
        ex.render((beta, on))
        curve = ex._fig.axes[0].lines[1].get_ydata()
        expected = temp[0] if on else 0.1 * temp[0]
        assert curve[0] == pytest.approx(expected), f"bias correction {'on' if on else 'off'}"
    ex = explore.gd_learning_rate()
    for i, lr in enumerate(ex.knobs[0].values[:3]):
        ex.render((i,))
        (line,) = [l for l in ex._fig.axes[0].lines if l.get_label() == "gradient descent"]
        path = np.column_stack(line.get_data())
        assert path[1] == pytest.approx(path[0] - lr * np.array([1.0, 10.0]) * path[0]), lr

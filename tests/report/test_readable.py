"""Plots an analyst reads at a glance (issue 15, item 6)."""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from detente import load_scenario
from detente.core.trajectory import Trajectory
from detente.report import figures, static
from detente.report.blocks import table
from detente.report.roadmaps import roadmap_part
from detente.report.sections import Context, ensembles, forecasts
from detente.report.style import CSS_FONTS, PALETTE, look, wrap

pytest.importorskip("plotly")

IRAN = Path(__file__).resolve().parents[1] / "data" / "newcomer" / "iran-talks.yaml"
CYPRUS = IRAN.with_name("cyprus-2017.yaml")

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB
CVD = {
    "normal": np.eye(3),
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}  # fmt: skip


def _lab(colour: str, matrix) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour as seen through a colour-vision-deficiency matrix."""
    srgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    seen = np.clip(np.asarray(matrix) @ linear, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ seen  # fmt: skip
    t = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > 216 / 24389, np.cbrt(t), (24389 / 27 * t + 16) / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", list(CVD))
def test_colours_stay_apart_for_colour_blind_readers(vision: str) -> None:
    labs = [_lab(c, CVD[vision]) for c in PALETTE]
    closest = min(np.linalg.norm(a - b) for a, b in itertools.combinations(labs, 2))
    assert closest >= 15  # CIELAB distance; about 2.3 is just noticeable


def test_plotly_default_colours_would_not_pass() -> None:
    default = ["#636EFA", "#EF553B", "#00CC96", "#AB63FA", "#FFA15A", "#19D3F3", "#FF6692",
               "#B6E880", "#FF97FF", "#FECB52"]  # fmt: skip
    labs = [_lab(c, CVD["deuteranopia"]) for c in default]
    assert min(np.linalg.norm(a - b) for a, b in itertools.combinations(labs, 2)) < 15


def test_twelve_actors_all_look_different() -> None:
    looks = [look(k) for k in range(72)]
    assert len({(x.colour, x.symbol) for x in looks}) == 72
    arrays = load_scenario("ec-car-emissions").to_arrays()  # 10 actors
    traj = Trajectory.from_positions("toy", arrays, np.repeat(arrays.position[None], 3, axis=0))
    fig = figures.trajectory_figure(traj, "emissions_delay")
    drawn = {(t.line.color, t.marker.symbol, t.line.dash) for t in fig.data[:-1]}
    assert len(drawn) == len(traj.actor_ids) == 10


def _legend_fits(fig) -> bool:
    shown = [t for t in fig.data if t.showlegend is not False and t.name]
    layout = fig.layout
    need = 30 + 21 * len(shown) + layout.margin.t + layout.margin.b
    beside = layout.legend.x is not None and layout.legend.x >= 1  # right of the plot area
    return layout.height >= need and (beside or not layout.showlegend)


def test_every_figure_has_room_for_its_legend_beside_the_data() -> None:
    s = load_scenario(IRAN)
    models = ["mean", "weighted-mean", "weighted-median", "bdm", "smp", "exchange", "nash"]
    frame = pd.DataFrame({"issue": s.issue_ids, **{m: 50.0 for m in models}})
    for o in s.outcomes:
        frame[o.id] = [o.values[i] for i in s.issue_ids]
    outcomes = [o.id for o in s.outcomes]
    arrays = s.to_arrays()
    traj = Trajectory.from_positions("toy", arrays, np.repeat(arrays.position[None], 2, axis=0))
    for fig in (
        figures.forecast_figure(frame, models, outcomes, s),
        figures.trajectory_figure(traj, "duration", s),
    ):
        assert _legend_fits(fig)


def test_coinciding_forecasts_stay_visible() -> None:
    frame = pd.DataFrame({"issue": ["a", "b"], "m1": [50.0, 60.0], "m2": [50.0, 60.0]})
    fig = figures.forecast_figure(frame, ["m1", "m2"], [])
    first, second = fig.data
    assert list(first.x) == list(second.x)  # the same forecast ...
    assert all(a != b for a, b in zip(first.y, second.y, strict=True))  # ... drawn apart
    assert first.marker.symbol != second.marker.symbol


def test_ensemble_violins_share_one_x_range_across_models() -> None:
    s = load_scenario("ec-car-emissions")
    ctx = Context(s, [m for m in _models() if m.name in ("mean", "bdm")], "bdm", 30, 0, [])
    section = ensembles(ctx)
    figs = [json.loads(b.json.replace("<\\/", "</")) for b in section.blocks if b.kind == "figure"]
    assert len(figs) == 2
    ranges = [tuple(f["layout"]["xaxis"]["range"]) for f in figs]
    assert ranges[0] == ranges[1]
    low, high = ranges[0]
    for f in figs:
        for trace in f["data"]:
            xs = _numbers(trace["x"])
            assert low <= np.nanmin(xs) and np.nanmax(xs) <= high


def test_forecasts_leave_out_an_outcome_without_values() -> None:
    """Found by a newcomer run: a collapse record (no values) stood in the legend with no marker
    and took the black 'latest' symbol from the outcome that had values."""
    s = load_scenario(CYPRUS)
    assert [o.id for o in s.outcomes] == ["annan", "collapse"]
    ctx = Context(s, [m for m in _models() if m.name == "mean"], "mean", 0, 0, [])
    section = forecasts(ctx)
    (fig,) = [
        json.loads(b.json.replace("<\\/", "</")) for b in section.blocks if b.kind == "figure"
    ]
    names = [t["name"] for t in fig["data"]]
    assert names == ["mean", "known: annan"]
    assert fig["data"][1]["marker"]["color"] == "black"


def _numbers(values) -> np.ndarray:
    """An array from Plotly's JSON: a list, or a typed array {"dtype", "bdata": base64}."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values, float)


def _models():
    from detente.models.registry import list_models

    return list_models()


def test_axis_titles_carry_units() -> None:
    s = load_scenario(IRAN)  # % U-235, years and points: not one scale
    frame = pd.DataFrame({"issue": s.issue_ids, "mean": 1.0})
    forecast = figures.forecast_figure(frame, ["mean"], [], s)
    assert "% of each issue's scale" in forecast.layout.xaxis.title.text
    enrichment = forecast.data[0].x[s.issue_ids.index("enrichment")]
    assert enrichment == pytest.approx(100 * 1.0 / 20)  # 1 % U-235 on a 0-20 scale
    arrays = s.to_arrays()
    traj = Trajectory.from_positions("toy", arrays, np.repeat(arrays.position[None], 2, axis=0))
    assert figures.trajectory_figure(traj, "duration", s).layout.yaxis.title.text == (
        "position (years, 0-25)"
    )
    oat = pd.DataFrame(
        {"actor": "US", "attribute": "position", "issue": s.issue_ids, "base": 5.0, "low": 4.0,
         "high": 6.0, "index": 2.0, "rank": 1}
    )  # fmt: skip
    picture = static.tornado_picture(oat, scenario=s)
    labels = [ax.get_xlabel() for ax in picture.axes if ax.get_visible()]
    assert "forecast (years, 0-25)" in labels and "forecast (points, 0-100)" in labels
    assert static.tornado_picture(oat).axes[0].get_xlabel() == "forecast (points, 0-100)"
    korea = load_scenario("korea-2005")
    frame = pd.DataFrame({"issue": korea.issue_ids, "mean": 1.0})
    title = figures.forecast_figure(frame, ["mean"], [], korea).layout.xaxis.title.text
    assert title == "position (points, 0-100)"


def test_influence_heatmap_says_which_way() -> None:
    values = pd.DataFrame(
        {"actor": ["A", "A", "B", "B"], "issue": ["x", "y", "x", "y"], "value": [-5, 2, 3, -1]}
    )
    fig = figures.influence_figure("bdm", values)
    bar = fig.data[0].colorbar
    assert list(bar.ticktext) == ["-5: toward 0", "0", "+5: toward 100"]
    assert [list(row) for row in fig.data[0].text] == [["-5.0", "+2.0"], ["+3.0", "-1.0"]]
    assert "toward 0" in fig.layout.title.text and "toward 100" in fig.layout.title.text


def test_long_titles_wrap() -> None:
    part = roadmap_part("korea-2007")
    fig = figures.gantt_figure(part.roadmap, part.on)
    lines = fig.layout.title.text.split("<br>")
    assert len(lines) > 1 and max(len(line) for line in lines) <= 90
    assert wrap("short") == "short"


def test_tables_never_show_none_or_na() -> None:
    frame = pd.DataFrame(
        {
            "text": ["a", None],
            "count": pd.array([1, None], dtype="Int64"),
            "x": [1.5, np.nan],
            "when": [dt.date(2007, 2, 13), None],
            "flag": [True, None],
        }
    )
    html = table("t", frame).html
    for shown in ("None", "&lt;NA&gt;", "NaT", "nan", "<NA>"):
        assert shown not in html
    status = roadmap_part("korea-2007").tables["status"]  # 'completed' is None when not done
    assert status["completed"].isna().any()
    assert "None" not in table("status", status).html


def test_illustrative_roadmaps_are_dated_from_their_scenario() -> None:
    korea = load_scenario("korea-2005")
    part = roadmap_part("ne-asia-security", korea)
    assert part.roadmap.stages[0].agreed == korea.date == part.on
    deadlines = [s.deadline for s in part.roadmap.stages]
    assert deadlines[0] == dt.date(2006, 6, 30)  # 2027-03-31 is 364 days after 2026-04-01
    assert all(d < dt.date(2012, 1, 1) for d in deadlines)
    assert "dated from the scenario's date, 2005-07-01" in part.summary[0]
    fig = figures.gantt_figure(part.roadmap, part.on, part.dating)
    assert "2005-07-01" in fig.layout.title.text and str(dt.date.today()) not in str(fig.layout)
    real = roadmap_part("korea-2007", korea)  # an agreement keeps its own dates
    assert real.roadmap.stages[0].agreed == dt.date(2007, 2, 13) and real.dating == ""


def test_the_report_and_the_pictures_name_a_cjk_font(cjk_font: str) -> None:
    assert "Noto Sans CJK SC" in CSS_FONTS and "Malgun Gothic" in CSS_FONTS
    pytest.importorskip("matplotlib")
    from detente.report.static import _pyplot

    plt = _pyplot()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig, ax = plt.subplots()
        ax.set_title("六方会谈 북한 六者協議")
        fig.canvas.draw()
        plt.close(fig)
    assert not [w for w in caught if "missing from font" in str(w.message)]


def test_picture_legends_stand_beside_the_data() -> None:
    pytest.importorskip("matplotlib")
    from detente.report.static import tornado_picture, trajectory_picture

    s = load_scenario("ec-car-emissions")  # 10 actors
    arrays = s.to_arrays()
    traj = Trajectory.from_positions("toy", arrays, np.repeat(arrays.position[None], 3, axis=0))
    fig = trajectory_picture(traj, ["emissions_delay"], s)
    fig.canvas.draw()
    ax = fig.axes[0]
    legend = ax.get_legend().get_window_extent()
    assert not legend.overlaps(ax.get_window_extent())
    assert ax.get_ylabel() == "position (years, 0-12)"
    table = pd.DataFrame(
        {"actor": ["A", "B"], "attribute": ["position", "salience"], "issue": ["x", "x"],
         "base": [50.0, 50.0], "low": [40.0, 45.0], "high": [60.0, 52.0], "index": [20.0, 7.0],
         "rank": [1, 2]}
    )  # fmt: skip
    tornado = tornado_picture(table)
    tornado.canvas.draw()
    box = tornado.legends[0].get_window_extent()
    assert not box.overlaps(tornado.axes[0].get_window_extent())

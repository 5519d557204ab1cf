"""Trajectory figures draw exactly the trajectory's numbers."""

from __future__ import annotations

import numpy as np
import pytest

from detente import load_scenario
from detente.core.trajectory import Trajectory
from detente.report.figures import trajectory_figure
from detente.report.files import save_trajectory_plot

pytest.importorskip("plotly")


@pytest.fixture
def traj() -> Trajectory:
    arrays = load_scenario("ec-car-emissions").to_arrays()
    start = arrays.position[None]  # (1, runs, actors, issues)
    # three rounds, everyone moving a third of the way to 7 each round
    rounds = [start + (7.0 - start) * (1 - (2 / 3) ** r) for r in range(4)]
    return Trajectory.from_positions("toy", arrays, np.concatenate(rounds))


def test_trajectory_figure_has_a_line_per_actor_and_the_forecast(traj):
    fig = trajectory_figure(traj, "emissions_delay")
    names = [t.name for t in fig.data]
    assert names == [*traj.actor_ids, "forecast"]
    for j, trace in enumerate(fig.data[:-1]):
        assert list(trace.x) == [0, 1, 2, 3]
        assert np.array_equal(np.asarray(trace.y), traj.positions[:, 0, j, 0])
    assert np.array_equal(np.asarray(fig.data[-1].y), traj.forecast[:, 0, 0])


def test_png_and_html_files(traj, tmp_path):
    pytest.importorskip("matplotlib")
    save_trajectory_plot(traj, tmp_path / "t.png", ["emissions_delay"])
    save_trajectory_plot(traj, tmp_path / "t.html", ["emissions_delay"])
    assert (tmp_path / "t.png").read_bytes()[:4] == b"\x89PNG"
    html = (tmp_path / "t.html").read_text()
    assert "Plotly.newPlot" in html and '<script src="http' not in html  # plotly.js inlined


def test_a_failing_part_stops_the_report_with_its_message(tmp_path, monkeypatch):
    """The report never turns an error into a note: a model that fails fails the report."""
    from detente.errors import ModelError
    from detente.report import build_report, sections

    def refused(ctx):
        raise ModelError("needs two issues")

    monkeypatch.setattr(sections, "SECTIONS", (sections.forecasts, refused))
    monkeypatch.setattr("detente.report.build.SECTIONS", (sections.forecasts, refused))
    with pytest.raises(ModelError, match="needs two issues"):
        build_report("ec-car-emissions", tmp_path, runs=10)
    assert not (tmp_path / "index.html").exists()


def test_a_section_that_does_not_apply_says_why_in_a_typed_block():
    from detente import load_scenario
    from detente.report.blocks import NotApplicable
    from detente.report.sections import Context, backtest, roadmaps

    s = load_scenario("dummyData_3Dim")  # no known outcome, no roadmap
    ctx = Context(s, [], "weighted-median", 10, 0, [])
    for build in (backtest, roadmaps):
        section = build(ctx)
        assert not section.applies
        assert [type(b) for b in section.blocks] == [NotApplicable]

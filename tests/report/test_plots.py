"""Trajectory figures draw exactly the trajectory's numbers."""

from __future__ import annotations

import numpy as np
import pytest

from detente import load_scenario
from detente.core.trajectory import Trajectory
from detente.report.plots import save_trajectory_plot, trajectory_figure

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


def test_a_failing_part_becomes_a_note():
    from detente.errors import ModelError
    from detente.report.sections import Note, Section, _guard

    def singular() -> list:
        raise np.linalg.LinAlgError("Singular matrix")

    def refused() -> list:
        raise ModelError("needs two issues")

    section = Section("x", "X", "")
    _guard(section, singular, prefix="nash: ")
    _guard(section, refused, prefix="exchange: ")
    assert section.blocks == [
        Note("nash: failed (LinAlgError: Singular matrix)"),
        Note("exchange: needs two issues"),
    ]

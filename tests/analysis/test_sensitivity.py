"""Sensitivity: one-at-a-time swings and Sobol indices against their closed forms."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from detente.analysis import Perturbation, sensitivity
from detente.errors import DetenteError
from detente.scenario import Scenario


def test_oat_swings_of_the_mean_are_range_over_n(small: Scenario) -> None:
    """Mean of three: moving one position over a range of width w moves the forecast by w/3.

    On x the positions 0, 50, 100 with sd 10 clip to [0, 10], [40, 60], [90, 100].
    """
    table = sensitivity(small, "mean", method="oat").table
    pos = table[(table["attribute"] == "position") & (table["issue"] == "x")].set_index("actor")
    np.testing.assert_allclose(pos.loc[["A", "B", "C"], "index"], [10 / 3, 20 / 3, 10 / 3])
    assert pos.loc["B", "rank"] == 1
    np.testing.assert_allclose(pos["base"], 50.0)
    others = table[table["attribute"] != "position"]
    assert (others["index"] == 0).all()  # the plain mean ignores salience and capability


def test_oat_capability_counts_on_every_issue(small: Scenario) -> None:
    table = sensitivity(small, "weighted-mean", method="oat", attributes=("capability",)).table
    assert sorted(table["issue"].unique()) == ["x", "y"] and len(table) == 6
    # weighted mean on x: weights 1, 1, 1.5 at 0, 50, 100; C's capability 3 -> 2.4 .. 3.6
    c = table[(table["actor"] == "C") & (table["issue"] == "x")].iloc[0]
    mean = lambda wc: (50 * 1 + 100 * wc) / (1 + 1 + wc)  # noqa: E731
    assert c["low"] == pytest.approx(mean(0.5 * 2.4))
    assert c["high"] == pytest.approx(mean(0.5 * 3.6))


def test_sobol_indices_of_an_additive_case_match_the_closed_form(small: Scenario) -> None:
    """The mean is additive in positions: S1 = ST = w_i^2 / sum w^2 for uniform widths w_i."""
    table = sensitivity(small, "mean", method="sobol", samples=1024, seed=7).table
    x = table[(table["issue"] == "x") & (table["attribute"] == "position")].set_index("actor")
    expected = np.array([10.0, 20.0, 10.0]) ** 2 / 600.0
    np.testing.assert_allclose(x.loc[["A", "B", "C"], "S1"], expected, atol=0.03)
    np.testing.assert_allclose(x.loc[["A", "B", "C"], "ST"], expected, atol=0.03)
    y = table[(table["issue"] == "y") & (table["attribute"] == "position")]
    assert y["S1"].sum() == pytest.approx(1.0, abs=0.05)  # additive: first orders explain all
    inert = table[table["attribute"] != "position"]
    np.testing.assert_allclose(inert[["S1", "ST"]], 0.0)
    assert set(table.columns) >= {
        "actor",
        "attribute",
        "issue",
        "S1",
        "ST",
        "S1_conf",
        "ST_conf",
        "index",
        "rank",
    }


def test_sobol_is_reproducible_and_checks_its_sample_size(small: Scenario) -> None:
    a = sensitivity(small, "weighted-mean", method="sobol", samples=64, seed=0).table
    b = sensitivity(small, "weighted-mean", method="sobol", samples=64, seed=0).table
    assert a.equals(b)  # bootstrap confidence intervals included (SALib ignores a seed of 0)
    c = sensitivity(small, "weighted-mean", method="sobol", samples=64, seed=1).table
    assert not a["S1_conf"].equals(c["S1_conf"])
    with pytest.raises(DetenteError, match="power of two"):
        sensitivity(small, "mean", method="sobol", samples=100)
    with pytest.raises(DetenteError, match="oat, sobol"):
        sensitivity(small, "mean", method="morris")
    with pytest.raises(DetenteError, match="no input"):
        sensitivity(small, "mean", perturb=Perturbation(0, 0, 0, use_scenario=False))


def test_tornado_figure_draws_one_panel_per_issue(small: Scenario, tmp_path: Path) -> None:
    from detente.report.static import tornado_picture

    for method in ("oat", "sobol"):
        table = sensitivity(small, "weighted-mean", method=method, samples=32).table
        fig = tornado_picture(table, top=3)
        assert len([ax for ax in fig.axes if ax.get_visible()]) == 2
        fig.savefig(tmp_path / f"{method}.png")
        assert (tmp_path / f"{method}.png").read_bytes()[:4] == b"\x89PNG"

"""Back-tests: errors against known outcomes, and the MAE against the naive weighted mean."""

from __future__ import annotations

import pytest

from detente.analysis import backtest, summarize
from detente.analysis.backtest import COLUMNS
from detente.data import bundled_names
from detente.errors import DetenteError, UnknownNameError
from detente.models.registry import list_models
from detente.scenario import Scenario, load_scenario


def test_ec_car_emissions_against_the_real_outcome() -> None:
    """Weighted median 7 and weighted mean 7.39 years against the 8.833 actually agreed."""
    table = backtest("ec-car-emissions", ["weighted-median", "weighted-mean"]).detail
    assert list(table.columns) == COLUMNS
    row = table.set_index("model").loc["weighted-median"]
    assert (row["forecast"], row["actual"]) == (7.0, 8.833)
    assert row["error"] == pytest.approx(-1.833) and row["abs_error"] == pytest.approx(1.833)
    summary = summarize(table).set_index("model")
    naive = 8.833 - 7.389955686853766
    assert summary.loc["weighted-mean", "mae"] == pytest.approx(naive)
    assert summary.loc["weighted-median", "naive_mae"] == pytest.approx(naive)
    assert summary.loc["weighted-median", "skill"] == pytest.approx(1 - 1.833 / naive)
    assert summary.loc["weighted-mean", "skill"] == pytest.approx(0.0)


def test_by_hand_on_the_small_case(small: Scenario) -> None:
    """Outcome x = 60; mean 50, weighted mean 200/3.5, weighted median 50."""
    table = backtest(small).detail.set_index("model")
    assert table.loc["mean", "error"] == pytest.approx(-10.0)
    assert table.loc["weighted-mean", "forecast"] == pytest.approx(200 / 3.5)
    assert table["naive_abs_error"].tolist() == pytest.approx([60 - 200 / 3.5] * len(table))


def test_no_scenario_scores_every_bundled_scenario_with_outcomes_on_every_model() -> None:
    result = backtest()
    table = result.detail
    with_outcomes = {n for n in bundled_names() if load_scenario(n).outcomes}
    assert set(table["scenario"]) == with_outcomes and "ec-car-emissions" in with_outcomes
    ran = set(table["model"]) | {s.split(" on ")[0] for s in result.skipped}
    assert ran == {m.name for m in list_models()}


def test_missing_outcomes_are_clear_errors(small_data: dict) -> None:
    with pytest.raises(UnknownNameError, match="known: deal"):
        backtest(Scenario.model_validate(small_data), outcome="nope")
    small_data["outcomes"] = []
    with pytest.raises(DetenteError, match="no known outcome"):
        backtest(Scenario.model_validate(small_data))

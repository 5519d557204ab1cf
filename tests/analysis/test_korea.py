"""The Korea worked examples of docs/analysis/ (numbers computed by hand from the scenario)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from detente.analysis import backtest, influence, summarize, whatif
from detente.cli import app


def test_russias_role_on_the_regional_mechanism() -> None:
    """Weighted mean, regional_mechanism: without Russia (85, weight 45 x 0.7) the forecast
    falls from 63.49 to 55.79; Russia has the largest Shapley value on the issue."""
    loo = influence("korea-2005", "weighted-mean", method="loo").values
    rus = loo[(loo["actor"] == "RUS") & (loo["issue"] == "regional_mechanism")]["value"].item()
    assert rus == pytest.approx(7.70, abs=0.01)
    shapley = influence("korea-2005", "weighted-mean").values
    regional = shapley[shapley["issue"] == "regional_mechanism"].set_index("actor")["value"]
    assert regional.idxmax() == "RUS" and regional.sum() == pytest.approx(63.4937 - 50, abs=1e-3)


def test_influence_cli_answers_what_russia_does() -> None:
    result = CliRunner().invoke(
        app, ["influence", "korea-2005", "--actor", "RUS", "--method", "loo"]
    )
    assert result.exit_code == 0, result.output
    assert "RUS leaving would move lwr by +30 points" in result.stdout


def test_nuclear_test_moves_the_pivot_on_verification() -> None:
    """Weighted median on verification: the US salience caps at 1, so China, Russia and South
    Korea gain relative weight and the pivot moves from Japan (80) to South Korea (60)."""
    table = whatif("korea-2005", "weighted-median", changes=["shock nuclear-test"], runs=0).table
    row = table.set_index("issue").loc["verification"]
    assert (row["before"], row["after"]) == (80.0, 60.0)
    assert (
        table.drop(columns=["after_p05", "after_p95"])
        .set_index("issue")
        .drop(index="verification")["shift"]
        == 0
    ).all()


def test_backtest_against_the_joint_statement() -> None:
    """The data set's own sanity check: the naive weighted mean misses the 2005 Joint Statement
    by about 10 points on average."""
    summary = summarize(backtest("korea-2005", outcome="JS_2005_09_19").detail).set_index("model")
    assert summary.loc["weighted-mean", "mae"] == pytest.approx(10.30, abs=0.01)
    assert summary.loc["mean", "mae"] == pytest.approx(5.33, abs=0.01)


def test_ensemble_cli_ten_thousand_runs() -> None:
    result = CliRunner().invoke(
        app, ["ensemble", "korea-2005", "--runs", "10000", "-t", "verification>=75", "-f", "json"]
    )
    issues = {i["issue"]: i for i in json.loads(result.stdout)["issues"]}
    verification = issues["verification"]
    assert verification["point"] == 80.0
    assert verification["p05"] < 60 < 85 < verification["p95"]
    assert 0.3 < verification["P(verification>=75)"] < 0.65

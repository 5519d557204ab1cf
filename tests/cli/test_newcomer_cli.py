"""What a newcomer meets first (issue 15, item 3): --version, which known outcome a forecast
is compared with."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from detente import load_scenario
from detente._version import __version__
from detente.cli import app
from detente.results.forecast import pick_outcomes

IRAN = Path(__file__).resolve().parent.parent / "data" / "newcomer" / "iran-talks.yaml"


def test_version_alone_prints_the_version() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0, result.output
    assert result.output == f"detente {__version__}\n"


def test_forecast_compares_with_the_latest_outcome_and_says_so() -> None:
    result = CliRunner().invoke(app, ["forecast", str(IRAN), "--model", "weighted-median"])
    assert result.exit_code == 0, result.output
    assert "mean absolute gap to JCPOA:" in result.output
    assert "JPOA" not in result.output.replace("JCPOA", "")
    assert "compared with JCPOA (2015-07-14), the latest of 2 known outcomes" in result.output


def test_forecast_outcome_first_all_and_by_id() -> None:
    runner = CliRunner()
    first = runner.invoke(app, ["forecast", str(IRAN), "--outcome", "first", "-f", "csv"])
    assert first.stdout.splitlines()[0] == "issue,weighted-median,JPOA"
    every = runner.invoke(app, ["forecast", str(IRAN), "--outcome", "all", "-f", "csv"])
    assert every.stdout.splitlines()[0] == "issue,weighted-median,JPOA,JCPOA"
    named = runner.invoke(app, ["forecast", str(IRAN), "--outcome", "JPOA"])
    assert "mean absolute gap to JPOA" in named.output and "compared with" not in named.output


def test_latest_is_by_date_not_by_order() -> None:
    s = load_scenario(IRAN)
    swapped = s.model_copy(update={"outcomes": tuple(reversed(s.outcomes))})
    assert [o.id for o in pick_outcomes(swapped, "latest")] == ["JCPOA"]
    assert [o.id for o in pick_outcomes(swapped, "first")] == ["JCPOA"]
    undated = s.model_copy(
        update={"outcomes": tuple(o.model_copy(update={"date": None}) for o in s.outcomes)}
    )
    assert [o.id for o in pick_outcomes(undated, "latest")] == ["JCPOA"]  # the last listed
    assert pick_outcomes(s, "none") == []

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


def test_latest_skips_an_outcome_without_values(tmp_path: Path) -> None:
    """Found by a newcomer run: a later collapse record (no values) was picked as 'latest', and
    the gaps printed as nan with a NumPy warning."""
    from detente.scenario import save_scenario

    s = load_scenario(IRAN)
    collapse = s.outcomes[0].model_copy(
        update={"id": "walkout", "date": s.outcomes[-1].date.replace(year=2018),  # type: ignore[union-attr]
                "values": {}, "collapsed": True}
    )  # fmt: skip
    s = s.model_copy(update={"outcomes": (*s.outcomes, collapse)})
    assert [o.id for o in pick_outcomes(s, "latest")] == ["JCPOA"]
    assert [o.id for o in pick_outcomes(s, "all")] == ["JPOA", "JCPOA"]
    path = tmp_path / "iran.yaml"
    save_scenario(s, path)
    runner = CliRunner()
    result = runner.invoke(app, ["forecast", str(path)])
    assert result.exit_code == 0, result.output
    assert "nan" not in result.output and "Warning" not in result.output
    assert (
        "compared with JCPOA (2015-07-14), the latest of 2 known outcomes with positions "
        "(walkout records none)" in result.output
    )
    named = runner.invoke(app, ["forecast", str(path), "--outcome", "walkout"])
    assert "mean absolute gap to walkout: none (it records no positions)" in named.output


def test_progress_bar_never_shows_none(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Found by a newcomer run: the bar read '0/None' until the first chunk came back."""
    import io

    from rich.console import Console

    from detente.cli import common

    out = io.StringIO()
    monkeypatch.setattr(common, "err_console", Console(file=out, force_terminal=True, width=80))
    with common.progress("runs") as update:
        common.err_console.file.flush()
        update(5, 10)
    shown = out.getvalue()
    assert "None" not in shown and "0/?" in shown and "5/10" in shown


CYPRUS = IRAN.with_name("cyprus-2017.yaml")


def test_events_of_a_run_with_walk_outs_say_what_they_hold() -> None:
    """Found by a newcomer run: 'events per round' showed one veto row and no offers."""
    runner = CliRunner()
    result = runner.invoke(app, ["trace", str(CYPRUS), "--model", "bdm", "--events"])
    assert result.exit_code == 0, result.output
    assert "bdm: who walked out, and when" in result.output
    assert "GCY" in result.output and "--param walkout_rounds=0" in result.output
    offers = runner.invoke(
        app, ["trace", str(CYPRUS), "-m", "bdm", "--events", "--param", "walkout_rounds=0"]
    )
    assert "bdm: events per round" in offers.output and "compromise" in offers.output


def test_influence_of_an_actor_keeps_small_moves_and_says_the_unit() -> None:
    """Found by a newcomer run: a move on a 28-37 % scale printed as '-0.0'."""
    import re

    result = CliRunner().invoke(app, ["influence", str(CYPRUS), "--actor", "TR"])
    assert result.exit_code == 0, result.output
    assert "TR moves guarantees by +53.3 points" in result.output
    assert re.search(r"TR moves territory by -0\.0[1-9]\d* % of island", result.output)

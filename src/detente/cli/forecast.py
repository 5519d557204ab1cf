"""Commands that run a model once: forecast (where the talks land) and trace (round by round).

Thin front ends: the numbers and tables come from :mod:`detente.results`; here are only the
options and the printing (JSON shapes: docs/json-output.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from detente.cli.app import app
from detente.cli.columns import help_text
from detente.cli.common import (
    compute_request,
    format_option,
    load,
    model_option,
    param_option,
    parse_params,
    print_lines,
    record_option,
    scenario_arg,
    seed_option,
    store_option,
)
from detente.cli.output import Format, emit, emit_json

if TYPE_CHECKING:
    from detente.results.forecast import ForecastResult
    from detente.scenario import Outcome, Scenario

rounds_option = typer.Option(
    None, "--rounds", help="Rounds to run (models with a `rounds` parameter)."
)
q_option = typer.Option(
    None, "--q", help="Parameter q (models with one, e.g. bdm's status-quo weight)."
)


def _model_names(model: str) -> list[str]:
    if model == "all":
        from detente.models.registry import list_models

        return [m.name for m in list_models()]
    return [name.strip() for name in model.split(",") if name.strip()]


@app.command(epilog=help_text("forecast"))
def forecast(
    scenario: str = scenario_arg,
    model: str = typer.Option(
        "weighted-median",
        "--model",
        "-m",
        help="Model name, several separated by commas, or 'all'.",
    ),
    outcome: str = typer.Option(
        "latest",
        "--outcome",
        help="Known outcome shown beside it: 'latest' (by date), 'first' (listed first), "
        "'all', 'none' or an outcome's id.",
    ),
    rounds: int | None = rounds_option,
    q: float | None = q_option,
    param: list[str] | None = param_option,
    seed: int = seed_option,
    fmt: Format = format_option,
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """Where the talks land: each model's forecast per issue, beside the known outcomes."""
    s = load(scenario)
    params = parse_params(param, rounds=rounds, q=q)
    results: list[ForecastResult] = []
    for name in _model_names(model):
        fields = {"scenario": s, "model": name, "params": params, "seed": seed}
        results.append(compute_request("forecast", fields, record=record, store=store))  # type: ignore[arg-type]
    if fmt is Format.json:
        payloads = [r.payload() for r in results]
        emit_json(payloads[0] if len(payloads) == 1 else payloads)
        return
    from detente.results.forecast import pick_outcomes

    shown = pick_outcomes(s, outcome)
    _print_forecasts(results, shown, fmt, _choice(s, shown, outcome))


def _choice(s: Scenario, shown: list[Outcome], outcome: str) -> str:
    """Which outcome 'latest' or 'first' chose, among how many (and which have no values)."""
    if outcome not in ("latest", "first") or len(s.outcomes) < 2:
        return ""
    empty = [o.id for o in s.outcomes if not o.values]
    if not shown:
        return f"no known outcome records positions to compare with ({', '.join(empty)})"
    o = shown[0]
    with_values = len(s.outcomes) - len(empty)
    which = (
        f"the {outcome} of {with_values} known outcomes"
        if with_values > 1
        else "the only known outcome"
    )
    text = f"compared with {o.id} ({o.date or 'undated'}), {which} with positions"
    if empty:
        text += f" ({', '.join(empty)} record{'s' if len(empty) == 1 else ''} none)"
    return text + " (--outcome ID, latest, first or all to choose)"


def _print_forecasts(
    results: list[ForecastResult], outcomes: list[Outcome], fmt: Format, choice: str
) -> None:
    from detente.results.forecast import forecast_table, mean_gaps

    table = forecast_table(results, outcomes)
    if fmt.is_csv:
        emit(table, fmt)
        return
    emit(table, fmt, title=f"Forecast: {results[0].request.loaded.name}")
    models = [r.trajectory.model for r in results]
    for o in outcomes:
        gaps = ", ".join(f"{m} {g:.2f}" for m, g in mean_gaps(table, models, o.id).items())
        print_lines(f"mean absolute gap to {o.id}: {gaps or 'none (it records no positions)'}")
    if choice:
        print_lines(choice)
    for r in results:
        _print_convergence(r.trajectory)
    for r in results:
        distinct = r.outcomes()
        if distinct is not None:
            m = r.trajectory.model
            emit(r.final_positions(), fmt, title=f"{m}: final positions")
            summary = distinct[["outcome", "actors", "probability"]]  # positions: table above
            emit(summary, fmt, title=f"{m}: distinct outcomes and their probabilities")


def _print_convergence(traj: Any) -> None:
    """Flag every issue a dynamic model cycles on or left still moving (docs/breakdown.md)."""
    print_lines(*(f"note: {n}" for n in traj.convergence.notes(traj.model, traj.issue_ids)))


@app.command(epilog=help_text("trace"))
def trace(
    scenario: str = scenario_arg,
    model: str = model_option,
    issue: list[str] | None = typer.Option(
        None, "--issue", "-i", help="Only these issues (repeatable)."
    ),
    rounds: int | None = rounds_option,
    q: float | None = q_option,
    param: list[str] | None = param_option,
    seed: int = seed_option,
    events: bool = typer.Option(
        False, "--events", help="Show what happened each round (offers, bargains, trades)."
    ),
    plot: Path | None = typer.Option(
        None, "--plot", help="Draw positions over rounds to FILE.png or FILE.html."
    ),
    fmt: Format = format_option,
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """How positions move round by round: each actor, the forecast, weighted median and mean."""
    s = load(scenario)
    params = parse_params(param, rounds=rounds, q=q)
    issues = list(issue) if issue else s.issue_ids
    for i in issues:
        s.issue(i)  # unknown id -> clear error, before the model runs
    fields = {"scenario": s, "model": model, "params": params, "seed": seed}
    result: Any = compute_request("trace", fields, record=record, store=store)
    if plot is not None:
        from detente.report.files import save_trajectory_plot

        save_trajectory_plot(result.trajectory, plot, issues, s)
        if fmt is Format.table:
            print_lines(f"plot written: {plot}")
    if events:
        _print_events(result, model, fmt)
    elif fmt is Format.json:
        emit_json(result.payload(issues))
    elif fmt.is_csv:
        emit(result.table(issues), fmt)
    else:
        for i in issues:
            title = f"{model}: {s.issue(i).name} ({i})"
            emit(result.table([i]).drop(columns="issue"), fmt, title=title)
        _print_convergence(result.trajectory)


def _print_events(result: Any, model: str, fmt: Format) -> None:
    """The events table; a run with walk-outs keeps only who left and when, and says so."""
    table = result.events()
    if "walkouts" not in result.trajectory.diagnostics:
        emit(table, fmt, title=f"{model}: events per round")
        return
    emit(table, fmt, title=f"{model}: who walked out, and when")
    if fmt is Format.table:
        print_lines(
            "note: a run in which actors walk out keeps who left and when, not each round's "
            "offers (see them with --param walkout_rounds=0, which turns walking out off)"
        )

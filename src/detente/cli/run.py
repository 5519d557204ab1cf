"""Commands that run models: forecast (where the talks land) and trace (round by round)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import typer

from detente.api import simulate
from detente.cli.app import app
from detente.cli.common import (
    format_option,
    load,
    model_option,
    param_option,
    parse_params,
    scenario_arg,
    seed_option,
)
from detente.cli.output import Format, console, emit
from detente.cli.runs import record_option, record_trajectory, store_option
from detente.core.trajectory import Trajectory
from detente.errors import UnknownNameError
from detente.models.registry import get_model, list_models
from detente.scenario import Scenario

rounds_option = typer.Option(
    None, "--rounds", help="Rounds to run (models with a `rounds` parameter)."
)
q_option = typer.Option(
    None, "--q", help="Parameter q (models with one, e.g. bdm's status-quo weight)."
)


def _model_names(model: str) -> list[str]:
    if model == "all":
        return [m.name for m in list_models()]
    return [name.strip() for name in model.split(",") if name.strip()]


def final_positions(traj: Trajectory) -> pd.DataFrame:
    """Every actor's final position (run 0): one row per issue, one column per actor."""
    table = pd.DataFrame(traj.positions[-1, 0].T, columns=list(traj.actor_ids))
    table.insert(0, "issue", list(traj.issue_ids))
    return table


def outcome_tables(traj: Trajectory) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """Final positions and distinct outcomes with probabilities, for models with that hook."""
    hook = get_model(traj.model).outcomes
    if hook is None or "walkouts" in traj.diagnostics:  # a walk-out replaces the records
        return None
    return final_positions(traj), hook(traj, 0)


def forecast_payload(s: Scenario, traj: Trajectory) -> dict[str, Any]:
    """The documented forecast JSON shape (docs/json-output.md)."""
    final = traj.final_of(0)
    extra: dict[str, Any] = {}
    tables = outcome_tables(traj)
    if tables is not None:
        positions, outcomes = tables
        extra = {
            "final_positions": positions.set_index("issue").to_dict(),
            "outcomes": outcomes.to_dict(orient="records"),
        }
    return {
        "scenario": s.id,
        "model": traj.model,
        "issues": [
            {
                "id": i.id,
                "name": i.name,
                "forecast": final[i.id],
                "known_outcomes": {o.id: o.values[i.id] for o in s.outcomes if i.id in o.values},
            }
            for i in s.issues
        ],
        "convergence": traj.convergence.records(traj.issue_ids),
        **extra,
    }


@app.command()
def forecast(
    scenario: str = scenario_arg,
    model: str = typer.Option(
        "weighted-median",
        "--model",
        "-m",
        help="Model name, several separated by commas, or 'all'.",
    ),
    outcome: str = typer.Option(
        "first", "--outcome", help="Known outcome beside it: id, 'first', 'all' or 'none'."
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
    trajs = []
    for name in _model_names(model):
        started = dt.datetime.now(dt.UTC)
        trajs.append(simulate(s, name, params, seed))
        if record:
            record_trajectory(store, s, trajs[-1], params, seed, started)
    payloads = [forecast_payload(s, t) for t in trajs]
    if fmt is Format.json:
        emit(pd.DataFrame(), fmt, payload=payloads[0] if len(payloads) == 1 else payloads)
        return
    table = pd.DataFrame({"issue": s.issue_ids})
    for t in trajs:
        table[t.model] = t.final[0]
    for o in _outcomes(s, outcome):
        table[o.id] = [o.values.get(i, np.nan) for i in s.issue_ids]
    if fmt is Format.csv:
        emit(table, fmt)
        return
    emit(table, fmt, title=f"Forecast: {s.name}")
    for o in _outcomes(s, outcome):
        gaps = ", ".join(
            f"{t.model} {np.nanmean(np.abs(table[t.model] - table[o.id])):.2f}" for t in trajs
        )
        console.print(f"mean absolute gap to {o.id}: {gaps}", markup=False, highlight=False)
    _print_convergence(trajs)
    for t in trajs:
        tables = outcome_tables(t)
        if tables is not None:
            emit(tables[0], fmt, title=f"{t.model}: final positions")
            summary = tables[1][["outcome", "actors", "probability"]]  # positions: table above
            emit(summary, fmt, title=f"{t.model}: distinct outcomes and their probabilities")


def _print_convergence(trajs: list[Trajectory]) -> None:
    """Flag every dynamic model that cycles or stopped at the round limit (docs/breakdown.md)."""
    for t in trajs:
        for note in t.convergence.notes(t.model, t.issue_ids):
            console.print(f"note: {note}", markup=False, highlight=False)


def _outcomes(s: Scenario, which: str) -> list[Any]:
    if which == "none" or not s.outcomes:
        return []
    if which == "first":
        return [s.outcomes[0]]
    if which == "all":
        return list(s.outcomes)
    return [s.outcome(which)]


def trace_payload(s: Scenario, traj: Trajectory, issues: list[str]) -> dict[str, Any]:
    """The documented trace JSON shape: round 0 is the input, positions on each issue's scale."""
    idx = [traj.issue_ids.index(i) for i in issues]
    rounds = []
    for r in range(traj.rounds + 1):
        rounds.append(
            {
                "round": r,
                "positions": {
                    a: {traj.issue_ids[k]: float(traj.positions[r, 0, j, k]) for k in idx}
                    for j, a in enumerate(traj.actor_ids)
                },
                "forecast": {traj.issue_ids[k]: float(traj.forecast[r, 0, k]) for k in idx},
                "median": {traj.issue_ids[k]: float(traj.median[r, 0, k]) for k in idx},
                "mean": {traj.issue_ids[k]: float(traj.mean[r, 0, k]) for k in idx},
            }
        )
    return {
        "scenario": s.id,
        "model": traj.model,
        "actors": list(traj.actor_ids),
        "issues": issues,
        "rounds": rounds,
        "convergence": [
            c for c in traj.convergence.records(traj.issue_ids) if c["issue"] in issues
        ],
    }


def trace_table(traj: Trajectory, issue: str) -> pd.DataFrame:
    """Rounds x (forecast, median, mean, every actor's position) for one issue."""
    k = traj.issue_ids.index(issue)
    table = pd.DataFrame(
        {
            "round": np.arange(traj.rounds + 1),
            "issue": issue,
            "forecast": traj.forecast[:, 0, k],
            "median": traj.median[:, 0, k],
            "mean": traj.mean[:, 0, k],
        }
    )
    for j, actor in enumerate(traj.actor_ids):
        table[actor] = traj.positions[:, 0, j, k]
    return table


@app.command()
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
    started = dt.datetime.now(dt.UTC)
    traj = simulate(s, model, params, seed)
    if record:
        record_trajectory(store, s, traj, params, seed, started, kind="trace")
    if plot is not None:
        from detente.report.plots import save_trajectory_plot

        save_trajectory_plot(traj, plot, issues)
        console.print(
            f"plot written: {plot}", markup=False, highlight=False
        ) if fmt is Format.table else None
    if events:
        _emit_events(traj, fmt)
        return
    if fmt is Format.json:
        emit(pd.DataFrame(), fmt, payload=trace_payload(s, traj, issues))
        return
    tables = [trace_table(traj, i) for i in issues]
    if fmt is Format.csv:
        emit(pd.concat(tables, ignore_index=True), fmt)
        return
    for i, table in zip(issues, tables, strict=True):
        emit(table.drop(columns="issue"), fmt, title=f"{traj.model}: {s.issue(i).name} ({i})")
    _print_convergence([traj])


def _emit_events(traj: Trajectory, fmt: Format) -> None:
    spec = get_model(traj.model)
    if spec.explain is None:
        raise UnknownNameError(f"model '{traj.model}' records no per-round events")
    if "walkouts" in traj.diagnostics:
        emit(pd.DataFrame(traj.diagnostics["walkouts"]), fmt, title=f"{traj.model}: walk-outs")
        return
    emit(spec.explain(traj), fmt, title=f"{traj.model}: events per round")

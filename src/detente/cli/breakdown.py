"""`detente breakdown`: who would walk out, how likely the talks are to collapse, what is left.

A thin front end: every number comes from :func:`detente.analysis.breakdown.breakdown`; here are
only the options and the printing (JSON shape: docs/json-output.md).
"""

from __future__ import annotations

from enum import StrEnum

import pandas as pd
import typer

from detente.analysis.breakdown import SCALE, SCALE_SD, SHIFT, BreakdownResult, breakdown
from detente.analysis.breakdown_summary import models_summary
from detente.cli.analysis import (
    capability_sd_option,
    position_sd_option,
    salience_sd_option,
)
from detente.cli.app import app
from detente.cli.common import (
    format_option,
    load,
    open_executor,
    param_option,
    parse_params,
    progress,
    scenario_arg,
    scheduler_option,
    seed_option,
)
from detente.cli.output import Format, console, emit
from detente.errors import DetenteError
from detente.models.registry import list_models


class Part(StrEnum):
    """Which table `--format csv` writes."""

    actors = "actors"
    issues = "issues"
    sensitivity = "sensitivity"
    sweep = "sweep"


ACTOR_COLUMNS = [
    "actor",
    "veto",
    "reservation",
    "utility",
    "margin",
    "p_walk",
    "p_walk_p05",
    "p_walk_p95",
    "p_first",
    "risk_limit",
    "left_round",
]
ISSUE_COLUMNS = [
    "issue",
    "forecast",
    "convergence",
    "median",
    "median_no_collapse",
    "p05_no_collapse",
    "p95_no_collapse",
]


@app.command("breakdown")
def breakdown_cmd(
    scenario: str = scenario_arg,
    model: str = typer.Option(
        "weighted-median", "--model", "-m", help="Model name, several separated by commas, or all."
    ),
    runs: int = typer.Option(1000, "--runs", "-n", min=0, help="Ensemble runs (0: point only)."),
    scale: float = typer.Option(SCALE, "--scale", help="Logistic scale of the walk-out rule."),
    scale_sd: float = typer.Option(SCALE_SD, "--scale-sd", help="Log-normal sd of the scale."),
    shift: float = typer.Option(SHIFT, "--shift", help="Reservation shift of the sensitivity."),
    perception: bool | None = typer.Option(
        None, "--perception/--no-perception", help="Perception noise (default: as the scenario)."
    ),
    position_sd: float = position_sd_option,
    salience_sd: float = salience_sd_option,
    capability_sd: float = capability_sd_option,
    table: Part = typer.Option(Part.actors, "--table", help="The table --format csv writes."),
    executor: str = typer.Option("serial", "--executor", help="serial, local or dask."),
    scheduler: str | None = scheduler_option,
    param: list[str] | None = param_option,
    seed: int = seed_option,
    fmt: Format = format_option,
) -> None:
    """When talks collapse: P(collapse), who walks out first, the forecast given no collapse."""
    from detente.analysis import Perturbation

    s = load(scenario)
    names = _models(model)
    try:
        perturb = Perturbation(position_sd, salience_sd, capability_sd, perception=perception)
    except ValueError as exc:
        raise DetenteError(str(exc)) from None
    params = parse_params(param)
    results: list[BreakdownResult] = []
    with open_executor(executor, scheduler) as pool:
        for name in names:
            with progress(f"{name}: breakdown, {runs} runs", runs or None) as advance:
                results.append(
                    breakdown(
                        s,
                        name,
                        runs=runs,
                        seed=seed,
                        perturb=perturb,
                        params=params,
                        scale=scale,
                        scale_sd=scale_sd,
                        shift=shift,
                        executor=pool,
                        progress=advance,
                    )
                )
    _emit(s.name, results, fmt, table)


def _emit(name: str, results: list[BreakdownResult], fmt: Format, table: Part) -> None:
    if len(results) > 1:
        _emit_models(results, fmt)
    elif fmt is Format.json:
        emit(pd.DataFrame(), fmt, payload=results[0].payload())
    elif fmt is Format.csv:
        emit(getattr(results[0], table.value), fmt)
    else:
        _print(name, results[0])


def _models(model: str) -> list[str]:
    known = [m.name for m in list_models()]
    if model == "all":
        return known
    names = [m.strip() for m in model.split(",") if m.strip()]
    for m in names:
        if m not in known:
            raise DetenteError(f"no model '{m}' (known: {', '.join(known)}; see `detente models`)")
    return names


def _print(name: str, r: BreakdownResult) -> None:
    console.print(r.headline(), markup=False, highlight=False)
    emit(r.actors[ACTOR_COLUMNS], Format.table, title=f"Walking out: {name} ({r.model})")
    emit(r.issues[ISSUE_COLUMNS], Format.table, title="Forecast, and given no collapse")
    if not r.sensitivity.empty:
        emit(r.sensitivity, Format.table, title="P(collapse) with reservation values shifted")
    for note in r.notes:
        console.print(f"note: {note}", markup=False, highlight=False)


def _emit_models(results: list[BreakdownResult], fmt: Format) -> None:
    summary, margins = models_summary(results)
    if fmt is Format.json:
        emit(summary, fmt, payload=[r.payload() for r in results])
    elif fmt is Format.csv:
        emit(summary, fmt)
    else:
        emit(summary, fmt, title="P(collapse) by model")
        emit(margins, fmt, title="Margins (utility of the forecast less reservation value)")
        for r in results:
            for note in r.notes:
                console.print(f"note ({r.model}): {note}", markup=False, highlight=False)


@app.command("skill")
def skill_cmd(
    model: str = typer.Option("all", "--model", "-m", help="Model names, comma-separated, or all."),
    runs: int = typer.Option(
        0, "--runs", "-n", min=0, help="Ensemble runs for P(collapse) (0: point forecast)."
    ),
    detail: bool = typer.Option(False, "--detail", help="Per target and model, not per model."),
    seed: int = seed_option,
    fmt: Format = format_option,
) -> None:
    """Back-tests across time: 2005, 2007 and the 2009 collapse, each model against the plain
    mean, with a one-sentence verdict."""
    from detente.analysis.skill import skill

    with progress("back-testing across time", None):
        result = skill(models=None if model == "all" else _models(model), runs=runs, seed=seed)
    shown = result.detail if detail else result.table
    emit(
        shown, fmt, payload=result.payload(), title="Skill across time (gap = |forecast - actual|)"
    )
    if fmt is Format.table:
        console.print(f"verdict: {result.verdict}", markup=False, highlight=False)

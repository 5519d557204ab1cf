"""`detente breakdown` (who would walk out, will the talks collapse) and `detente skill`.

Thin front ends: `breakdown` builds a request and computes it through :mod:`detente.results`;
`skill` calls :func:`detente.skill`. Here are only the options and the printing (JSON shapes:
docs/json-output.md). Nothing heavy is imported before a command runs.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any

import typer

from detente.cli.analysis import capability_sd_option, position_sd_option, salience_sd_option
from detente.cli.app import app
from detente.cli.columns import help_text
from detente.cli.common import (
    compute_request,
    executor_option,
    format_option,
    load,
    param_option,
    parse_params,
    print_lines,
    progress,
    record_option,
    scenario_arg,
    scheduler_option,
    seed_option,
    store_option,
)
from detente.cli.output import Format, emit, emit_json
from detente.errors import DetenteError

if TYPE_CHECKING:
    from detente.results.breakdown import BreakdownResult

SCALE, SCALE_SD, SHIFT = 0.05, 0.5, 0.1  # detente.analysis.breakdown's defaults (checked by a test)


class Part(StrEnum):
    """Which table `--format csv` writes."""

    actors = "actors"
    issues = "issues"
    sensitivity = "sensitivity"
    sweep = "sweep"


ACTOR_COLUMNS = ["actor", "veto", "reservation", "utility", "margin", "p_walk", "p_walk_p05",
                 "p_walk_p95", "p_first", "risk_limit", "left_round"]  # fmt: skip
ISSUE_COLUMNS = ["issue", "forecast", "convergence", "median", "median_no_collapse",
                 "p05_no_collapse", "p95_no_collapse"]  # fmt: skip


@app.command("breakdown", epilog=help_text("breakdown"))
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
    executor: str = executor_option,
    scheduler: str | None = scheduler_option,
    param: list[str] | None = param_option,
    seed: int = seed_option,
    fmt: Format = format_option,
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """When talks collapse: P(collapse), who walks out first, the forecast given no collapse."""
    s = load(scenario)
    perturb = {"position_sd": position_sd, "salience_sd": salience_sd,
               "capability_sd": capability_sd, "perception": perception}  # fmt: skip
    results: list[BreakdownResult] = []
    for name in _models(model):
        fields = {"scenario": s, "model": name, "params": parse_params(param), "seed": seed,
                  "runs": runs, "perturb": perturb, "scale": scale, "scale_sd": scale_sd,
                  "shift": shift, "executor": executor, "scheduler": scheduler}  # fmt: skip
        label = f"{name}: breakdown, {runs} runs"
        result: Any = compute_request("breakdown", fields, record=record, store=store, label=label)
        results.append(result)
    _emit(s.name, results, fmt, table)


def _models(model: str) -> list[str]:
    from detente.models.registry import list_models

    known = [m.name for m in list_models()]
    if model == "all":
        return known
    names = [m.strip() for m in model.split(",") if m.strip()]
    for m in names:
        if m not in known:
            raise DetenteError(f"no model '{m}' (known: {', '.join(known)}; see `detente models`)")
    return names


def _emit(name: str, results: list[BreakdownResult], fmt: Format, table: Part) -> None:
    if len(results) > 1:
        _emit_models(results, fmt)
        return
    b = results[0].breakdown
    if fmt is Format.json:
        emit_json(results[0].payload())
    elif fmt.is_csv:
        emit(getattr(b, table.value), fmt)
    else:
        print_lines(b.headline())
        emit(b.actors[ACTOR_COLUMNS], fmt, title=f"Walking out: {name} ({b.model})")
        emit(b.issues[ISSUE_COLUMNS], fmt, title="Forecast, and given no collapse")
        if not b.sensitivity.empty:
            emit(b.sensitivity, fmt, title="P(collapse) with reservation values shifted")
        print_lines(*(f"note: {n}" for n in b.notes))


def _emit_models(results: list[BreakdownResult], fmt: Format) -> None:
    from detente.analysis.breakdown_summary import models_summary

    summary, margins = models_summary([r.breakdown for r in results])
    if fmt is Format.json:
        emit_json([r.payload() for r in results])
    elif fmt.is_csv:
        emit(summary, fmt)
    else:
        emit(summary, fmt, title="P(collapse) by model")
        emit(margins, fmt, title="Margins (utility of the forecast less reservation value)")
        for r in results:
            print_lines(*(f"note ({r.breakdown.model}): {n}" for n in r.breakdown.notes))


@app.command("skill", epilog=help_text("skill"))
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

    with progress("back-testing across time"):
        result = skill(models=None if model == "all" else _models(model), runs=runs, seed=seed)
    shown = result.detail if detail else result.table
    emit(
        shown, fmt, payload=result.payload(), title="Skill across time (gap = |forecast - actual|)"
    )
    if fmt is Format.table:
        print_lines(f"verdict: {result.verdict}")

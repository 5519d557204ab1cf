"""Analysis commands: ensemble, sensitivity, whatif, influence, backtest.

Thin front ends: each builds a request, computes it through :mod:`detente.results` and prints
the result's tables or JSON payload (shapes: docs/json-output.md).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from detente.cli.app import app
from detente.cli.columns import help_text
from detente.cli.common import (
    compute_request,
    executor_option,
    format_option,
    load,
    model_option,
    param_option,
    parse_params,
    print_lines,
    record_option,
    scenario_arg,
    scheduler_option,
    seed_option,
    store_option,
)
from detente.cli.output import Format, emit, print_tables, rich_tables
from detente.errors import DetenteError

runs_option = typer.Option(1000, "--runs", "-n", min=1, help="Monte Carlo runs.")
position_sd_option = typer.Option(
    10.0, "--position-sd", help="Default sd of positions (points of 100)."
)
salience_sd_option = typer.Option(0.1, "--salience-sd", help="Default sd of saliences (0-1).")
capability_sd_option = typer.Option(0.2, "--capability-sd", help="Default relative capability sd.")
threshold_option = typer.Option(
    None, "--threshold", "-t", help="Event to price, e.g. 'verification>=75' (repeatable)."
)


def _perturb(position_sd: float, salience_sd: float, capability_sd: float) -> dict[str, float]:
    return {"position_sd": position_sd, "salience_sd": salience_sd, "capability_sd": capability_sd}


@app.command("ensemble", epilog=help_text("ensemble"))
def ensemble_cmd(
    scenario: str = scenario_arg,
    model: str = model_option,
    runs: int = runs_option,
    threshold: list[str] | None = threshold_option,
    position_sd: float = position_sd_option,
    salience_sd: float = salience_sd_option,
    capability_sd: float = capability_sd_option,
    executor: str = executor_option,
    scheduler: str | None = scheduler_option,
    chunk_size: int = typer.Option(5000, "--chunk-size", min=1, help="Runs per chunk."),
    param: list[str] | None = param_option,
    seed: int = seed_option,
    fmt: Format = format_option,
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """How sure the forecast is: quantiles and event probabilities over perturbed inputs."""
    s = load(scenario)
    fields = {
        "scenario": s, "model": model, "params": parse_params(param), "seed": seed,
        "runs": runs, "thresholds": list(threshold or ()), "chunk_size": chunk_size,
        "perturb": _perturb(position_sd, salience_sd, capability_sd),
        "executor": executor, "scheduler": scheduler,
    }  # fmt: skip
    label = f"{model}: {runs} runs"
    result: Any = compute_request("ensemble", fields, record=record, store=store, label=label)
    title = f"Ensemble: {s.name} ({model}, {runs} runs, seed {seed})"
    emit(result.summary, fmt, payload=result.payload(), title=title)


@app.command("sensitivity", epilog=help_text("sensitivity"))
def sensitivity_cmd(
    scenario: str = scenario_arg,
    model: str = model_option,
    method: str = typer.Option("oat", "--method", help="oat (one at a time) or sobol."),
    samples: int = typer.Option(512, "--samples", help="Sobol base sample N (a power of two)."),
    top: int = typer.Option(5, "--top", help="Rows per issue in the table (all in json/csv)."),
    plot: Path | None = typer.Option(None, "--plot", help="Tornado plot to FILE.png/.svg/.pdf."),
    position_sd: float = position_sd_option,
    salience_sd: float = salience_sd_option,
    capability_sd: float = capability_sd_option,
    param: list[str] | None = param_option,
    seed: int = seed_option,
    fmt: Format = format_option,
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """Which inputs move the forecast most, ranked per issue (and a tornado plot)."""
    if plot is not None and plot.suffix.lower() not in (".png", ".svg", ".pdf"):
        raise DetenteError(f"--plot {plot}: use a .png, .svg or .pdf file")
    s = load(scenario)
    fields = {
        "scenario": s, "model": model, "params": parse_params(param), "seed": seed,
        "method": method, "samples": samples,
        "perturb": _perturb(position_sd, salience_sd, capability_sd),
    }  # fmt: skip
    label = f"{model}: {method} sensitivity"
    result: Any = compute_request("sensitivity", fields, record=record, store=store, label=label)
    if plot is not None:
        from detente.report.files import save_tornado

        save_tornado(result.table, plot, s)
        if fmt is Format.table:
            print_lines(f"plot written: {plot}")
    shown = result.top(top) if fmt is Format.table else result.table
    emit(shown, fmt, payload=result.payload(), title=f"Sensitivity ({method}): {s.name}, {model}",
         digits=3)  # fmt: skip
    hidden = len(result.table) - len(shown)
    if hidden:
        idle = int(result.table["rank"].isna().sum())
        print_lines(
            f"the {top} strongest inputs of each issue; {hidden} more rows not shown ({idle} of "
            "them inputs without any effect): --top N, or --format csv for every row"
        )


def _changes(
    changes: Path | None,
    change: list[str] | None,
    remove: list[str] | None,
    close_forum: list[str] | None,
    only_bilateral: bool,
    open_forum: list[str] | None,
    shock: list[str] | None,
    preset: list[str] | None = None,
) -> list[Any]:
    """The what-if's changes in the documented order of the options."""
    from detente.scenario.load import load_changes

    items: list[Any] = [c.to_text() for c in load_changes(changes)] if changes else []
    items += list(change or [])
    items += [f"remove {a}" for a in remove or []]
    items += [f"close-forum {f}" for f in close_forum or []]
    items += ["only-bilateral"] if only_bilateral else []
    items += [f"open-forum {m}" for m in open_forum or []]
    items += [f"shock {x}" for x in shock or []]
    items += [f"preset {x}" for x in preset or []]
    if not items:
        raise DetenteError("no change given (fix: e.g. --open-forum US,RUS or --change '...')")
    return items


@app.command("whatif", epilog=help_text("whatif"))
def whatif_cmd(
    scenario: str = scenario_arg,
    change: list[str] | None = typer.Option(
        None, "--change", "-c", help="A change, e.g. 'shift DPRK capability +20%' (repeatable)."
    ),
    changes: Path | None = typer.Option(None, "--changes", help="YAML list of changes."),
    remove: list[str] | None = typer.Option(None, "--remove", help="Actor leaves (repeatable)."),
    close_forum: list[str] | None = typer.Option(None, "--close-forum", help="Forum id closes."),
    only_bilateral: bool = typer.Option(
        False, "--only-bilateral", help="Plenary suspended: only two-member forums meet."
    ),
    open_forum: list[str] | None = typer.Option(
        None, "--open-forum", help="New channel among actors, e.g. US,RUS (repeatable)."
    ),
    shock: list[str] | None = typer.Option(None, "--shock", help="Named shock, e.g. nuclear-test."),
    preset: list[str] | None = typer.Option(
        None, "--preset", help="Named proposal, e.g. us-russia-channel (docs/breakdown.md)."
    ),
    perception: bool | None = typer.Option(
        None, "--perception/--no-perception", help="Perception noise (default: as the scenario)."
    ),
    model: str = model_option,
    runs: int = typer.Option(1000, "--runs", "-n", min=0, help="Runs for the intervals (0: none)."),
    param: list[str] | None = param_option,
    seed: int = seed_option,
    fmt: Format = format_option,
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """Forecast before and after changes, and why a change had no effect. Order: --changes,
    --change, --remove, --close-forum, --only-bilateral, --open-forum, --shock, --preset."""
    s = load(scenario)
    items = _changes(
        changes, change, remove, close_forum, only_bilateral, open_forum, shock, preset
    )
    fields = {"scenario": s, "model": model, "params": parse_params(param), "seed": seed,
              "changes": items, "runs": runs, "perception": perception}  # fmt: skip
    label = f"{model}: what-if"
    result: Any = compute_request("whatif", fields, record=record, store=store, label=label)
    title = f"What if: {'; '.join(result.request.changes)}"
    emit(result.table, fmt, payload=result.payload(), title=title)
    if fmt is Format.table:
        print_lines(*(f"note: {n}" for n in result.notes))


@app.command("influence", epilog=help_text("influence"))
def influence_cmd(
    scenario: str = scenario_arg,
    model: str = model_option,
    method: str = typer.Option("shapley", "--method", help="shapley or loo (leave one out)."),
    actor: str | None = typer.Option(None, "--actor", "-a", help="Highlight this actor."),
    samples: int | None = typer.Option(
        None, "--samples", help="Sample this many orders instead of exact Shapley values."
    ),
    param: list[str] | None = param_option,
    seed: int = seed_option,
    fmt: Format = format_option,
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """How much each actor moves each issue's forecast (Shapley values or leave-one-out)."""
    s = load(scenario)
    if actor is not None:
        s.actor(actor)  # unknown id -> clear error
    fields = {"scenario": s, "model": model, "params": parse_params(param), "seed": seed,
              "method": method, "samples": samples}  # fmt: skip
    label = f"{model}: {method} influence"
    result: Any = compute_request("influence", fields, record=record, store=store, label=label)
    if fmt is not Format.table:
        emit(result.values, fmt, payload=result.payload())
        return
    _print_influence(s, model, result.influence, actor)


def _print_influence(s: Any, model: str, influence: Any, actor: str | None) -> None:
    method = influence.method
    parts = rich_tables(influence.wide(), f"Influence ({method}): {s.name}, {model}", digits=1)
    for column in (c for part in parts for c in part.columns if c.header == actor):
        column.style = "bold yellow"
        column.header_style = "bold yellow"
    print_tables(parts)
    if actor is None:
        return
    what = "leaving would move" if method == "loo" else "moves"
    mine = influence.values[influence.values["actor"] == actor]
    for issue, value, se in zip(mine["issue"], mine["value"], mine["stderr"], strict=True):
        unit = s.issue(issue).scale.unit  # 3 digits: small scales (28-37 %) keep their moves
        spread = f" (se {se:.2g})" if se > 0 else ""
        print_lines(f"{actor} {what} {issue} by {value:+.3g} {unit}{spread}")


@app.command("backtest", epilog=help_text("backtest"))
def backtest_cmd(
    scenario: str | None = typer.Argument(None, help="A scenario (default: every bundled one)."),
    model: str = typer.Option("all", "--model", "-m", help="Model names, comma-separated, or all."),
    outcome: str | None = typer.Option(None, "--outcome", help="Only this known outcome."),
    detail: bool = typer.Option(False, "--detail", help="Per-issue errors instead of the MAE."),
    fmt: Format = format_option,
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """Score models against known outcomes: MAE per model and outcome vs the naive weighted mean."""
    models = None if model == "all" else [m.strip() for m in model.split(",") if m.strip()]
    chosen = load(scenario) if scenario else None
    fields = {"scenario": chosen, "models": models, "outcome": outcome}
    result: Any = compute_request("backtest", fields, record=record, store=store,
                                  label="back-testing")  # fmt: skip
    emit(
        result.detail if detail else result.summary,
        fmt,
        payload=result.payload(),
        title="Back-test (error = forecast - actual)",
    )

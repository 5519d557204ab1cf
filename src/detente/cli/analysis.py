"""Analysis commands: ensemble, sensitivity, whatif, influence, backtest.

Thin front ends: every number comes from :mod:`detente.analysis`; here are only options, progress
bars and the printing of the tidy tables (JSON shapes: docs/json-output.md).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import typer

from detente.analysis import (
    Perturbation,
    backtest,
    ensemble,
    influence,
    load_changes,
    sensitivity,
    summarize,
    tornado_figure,
    whatif,
)
from detente.cli.app import app
from detente.cli.common import (
    format_option,
    load,
    model_option,
    open_executor,
    param_option,
    parse_params,
    progress,
    scenario_arg,
    scheduler_option,
    seed_option,
)
from detente.cli.output import Format, console, emit, rich_table
from detente.cli.runs import record_option, record_tables, store_option
from detente.errors import DetenteError
from detente.models.registry import list_models
from detente.scenario import Scenario

runs_option = typer.Option(1000, "--runs", "-n", min=1, help="Monte Carlo runs.")
position_sd_option = typer.Option(
    10.0, "--position-sd", help="Default sd of positions (points of 100)."
)
salience_sd_option = typer.Option(0.1, "--salience-sd", help="Default sd of saliences (0-1).")
capability_sd_option = typer.Option(0.2, "--capability-sd", help="Default relative capability sd.")


def _perturbation(position_sd: float, salience_sd: float, capability_sd: float) -> Perturbation:
    try:
        return Perturbation(position_sd, salience_sd, capability_sd)
    except ValueError as exc:
        raise DetenteError(str(exc)) from None


@app.command("ensemble")
def ensemble_cmd(
    scenario: str = scenario_arg,
    model: str = model_option,
    runs: int = runs_option,
    threshold: list[str] | None = typer.Option(
        None,
        "--threshold",
        "-t",
        help="Event to price, e.g. 'verification>=75' (repeatable).",
    ),
    position_sd: float = position_sd_option,
    salience_sd: float = salience_sd_option,
    capability_sd: float = capability_sd_option,
    executor: str = typer.Option("serial", "--executor", help="serial, local or dask."),
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
    perturb = _perturbation(position_sd, salience_sd, capability_sd)
    params = parse_params(param)
    started = dt.datetime.now(dt.UTC)
    with (
        open_executor(executor, scheduler) as pool,
        progress(f"{model}: {runs} runs", runs) as advance,
    ):
        result = ensemble(
            s,
            model,
            runs=runs,
            seed=seed,
            perturb=perturb,
            thresholds=threshold or (),
            params=params,
            executor=pool,
            chunk_size=chunk_size,
            progress=advance,
        )
    if record:
        # the inputs replay needs; the executor is left out: results never depend on it
        options = {
            "runs": runs,
            "thresholds": list(threshold or ()),
            "chunk_size": chunk_size,
            "perturb": dataclasses.asdict(perturb),
        }
        record_tables(
            store, "ensemble", s, model, params, seed, {"summary": result.summary}, started, options
        )
    payload = {
        "scenario": s.id,
        "model": model,
        "runs": runs,
        "seed": seed,
        "issues": result.summary.to_dict(orient="records"),
    }
    emit(
        result.summary,
        fmt,
        payload=payload,
        title=f"Ensemble: {s.name} ({model}, {runs} runs, seed {seed})",
    )


@app.command("sensitivity")
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
    params = parse_params(param)
    perturb = _perturbation(position_sd, salience_sd, capability_sd)
    started = dt.datetime.now(dt.UTC)
    with progress(f"{model}: {method} sensitivity", None):
        table = sensitivity(
            s, model, method=method, seed=seed, samples=samples, params=params, perturb=perturb
        )
    if record:
        options = {"method": method, "samples": samples, "perturb": dataclasses.asdict(perturb)}
        record_tables(
            store, "sensitivity", s, model, params, seed, {"sensitivity": table}, started, options
        )
    if plot is not None:
        tornado_figure(table).savefig(plot, dpi=120)
        if fmt is Format.table:
            console.print(f"plot written: {plot}", markup=False, highlight=False)
    shown = table[table["rank"] <= top] if fmt is Format.table else table
    emit(shown, fmt, title=f"Sensitivity ({method}): {s.name}, {model}", digits=3)


@app.command("whatif")
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
    items = _change_items(changes, change, remove, close_forum, only_bilateral, open_forum)
    items += [f"shock {x}" for x in shock or []] + [f"preset {x}" for x in preset or []]
    if not items:
        raise DetenteError("no change given (fix: e.g. --open-forum US,RUS or --change '...')")
    params = parse_params(param)
    started = dt.datetime.now(dt.UTC)
    perturb = Perturbation(perception=perception)
    with progress(f"{model}: what-if", None):
        table = whatif(s, items, model, runs=runs, seed=seed, params=params, perturb=perturb)
    if record:  # the changes as text: what `whatif` parses again on replay
        options: dict[str, Any] = {"changes": list(table.attrs["changes"]), "runs": runs}
        if perception is not None:
            options["perturb"] = dataclasses.asdict(perturb)
        record_tables(store, "whatif", s, model, params, seed, {"whatif": table}, started, options)
    payload = {
        "scenario": s.id,
        "model": model,
        "runs": runs,
        "seed": seed,
        "changes": table.attrs["changes"],
        "issues": table.to_dict(orient="records"),
        "notes": table.attrs["notes"],
        "collapse": table.attrs["collapse"],
    }
    emit(table, fmt, payload=payload, title=f"What if: {'; '.join(table.attrs['changes'])}")
    if fmt is Format.table:
        for note in table.attrs["notes"]:
            console.print(f"note: {note}", markup=False, highlight=False)


def _change_items(
    changes: Path | None,
    change: list[str] | None,
    remove: list[str] | None,
    close_forum: list[str] | None,
    only_bilateral: bool,
    open_forum: list[str] | None,
) -> list[Any]:
    """The what-if's changes in the documented order (shocks and presets come last)."""
    items: list[Any] = list(load_changes(changes)) if changes else []
    items += list(change or [])
    items += [f"remove {a}" for a in remove or []]
    items += [f"close-forum {f}" for f in close_forum or []]
    items += ["only-bilateral"] if only_bilateral else []
    items += [f"open-forum {m}" for m in open_forum or []]
    return items


@app.command("influence")
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
    params = parse_params(param)
    started = dt.datetime.now(dt.UTC)
    with progress(f"{model}: {method} influence", None):
        table = influence(s, model, method=method, samples=samples, seed=seed, params=params)
    if record:
        options = {"method": method, "samples": samples}
        record_tables(
            store, "influence", s, model, params, seed, {"influence": table}, started, options
        )
    if fmt is not Format.table:
        payload = {
            "scenario": s.id,
            "model": model,
            "method": table["method"].iloc[0],
            "forecast": table.attrs["forecast"],
            "reference": table.attrs["reference"],
            "values": table.to_dict(orient="records"),
        }
        emit(table, fmt, payload=payload)
        return
    _print_influence(s.name, model, table, actor)


def _print_influence(name: str, model: str, table: pd.DataFrame, actor: str | None) -> None:
    wide = table.pivot(index="issue", columns="actor", values="value")
    wide = wide.reindex(
        index=list(dict.fromkeys(table["issue"])), columns=list(dict.fromkeys(table["actor"]))
    )
    wide.insert(0, "forecast", pd.Series(table.attrs["forecast"]))
    if table["method"].iloc[0] != "loo":
        wide.insert(1, "reference", pd.Series(table.attrs["reference"]))
    wide = wide.reset_index()
    rich = rich_table(wide, f"Influence ({table['method'].iloc[0]}): {name}, {model}", digits=1)
    if actor is not None:
        for column in rich.columns:
            if column.header == actor:
                column.style = "bold yellow"
                column.header_style = "bold yellow"
    console.print(rich)
    if actor is None:
        return
    what = "leaving would move" if table["method"].iloc[0] == "loo" else "moves"
    mine = table[table["actor"] == actor]
    for issue, value, se in zip(mine["issue"], mine["value"], mine["stderr"], strict=True):
        spread = f" (se {se:.1f})" if se > 0 else ""
        console.print(f"{actor} {what} {issue} by {value:+.1f}{spread}", highlight=False)


@app.command("backtest")
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
    if models is not None:
        known = {m.name for m in list_models()}
        for m in models:
            if m not in known:
                raise DetenteError(f"no model '{m}' (known: {', '.join(sorted(known))})")
    chosen = load(scenario) if scenario else None
    started = dt.datetime.now(dt.UTC)
    with progress("back-testing", None):
        table = backtest(chosen, models, outcome)
    summary = summarize(table)
    if record:
        options = {"models": models, "outcome": outcome}
        _record_backtest(store, chosen, table, model, options, started)
    payload = {
        "summary": summary.to_dict(orient="records"),
        "detail": table.to_dict(orient="records"),
        "skipped": table.attrs["skipped"],
    }
    emit(
        table if detail else summary,
        fmt,
        payload=payload,
        title="Back-test (error = forecast - actual)",
    )


def _record_backtest(
    store: str | None,
    chosen: Scenario | None,
    table: pd.DataFrame,
    model: str,
    options: dict[str, Any],
    started: dt.datetime,
) -> None:
    """One run per scenario scored (a run holds one scenario), each with its rows and summary;
    each timed from the start of the whole back-test. ``chosen`` None: the bundled scenarios."""
    for scenario_id, rows in table.groupby("scenario", sort=False):
        rows = rows.reset_index(drop=True)
        tables = {"backtest": rows, "summary": summarize(rows)}
        s = chosen if chosen is not None else load(str(scenario_id))
        record_tables(store, "backtest", s, model, {}, None, tables, started, options)

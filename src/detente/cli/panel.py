"""`detente panel aggregate|members|ensemble|spread DIR`: offline expert panels (Delphi rounds)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import typer

from detente.cli.app import app
from detente.cli.common import (
    format_option,
    model_option,
    open_executor,
    param_option,
    parse_params,
    scheduler_option,
    seed_option,
)
from detente.cli.output import Format, console, emit

panel_app = typer.Typer(
    help="Expert panels: pool several experts' estimates, measure how far they differ, and see "
    "what each set implies.",
    no_args_is_help=True,
)
app.add_typer(panel_app, name="panel")

panel_arg = typer.Argument(
    ..., help="A folder of assessment files (one per member), or a bundled panel name."
)
round_option = typer.Option(None, "--round", "-r", help="Round to pool (default: the last).")
method_option = typer.Option(
    "median", "--method", help="Pooled value per cell: median, trimmed or confidence."
)
trim_option = typer.Option(0.2, "--trim", help="Share cut from each end by --method trimmed.")
weights_option = typer.Option(
    "equal", "--pool-weights", help="Weights of the members' ranges in the pool: equal, confidence."
)
scenario_option = typer.Option(
    None, "--scenario", "-s", help="Scenario the panel assessed (default: from panel.yaml)."
)


def _load(panel: str, scenario: str | None) -> Any:
    from detente.panel import read_panel

    return read_panel(panel, scenario)


def _pooling(method: str, trim: float, weights: str) -> Any:
    from detente.panel import Pooling

    return Pooling(method=method, trim=trim, weights=weights)


def _title(data: Any, what: str) -> str:
    tag = " [SYNTHETIC]" if data.synthetic else ""
    return f"{data.name}{tag} on {data.scenario.id}: {what}"


@panel_app.command("list")
def list_cmd(fmt: Format = format_option) -> None:
    """The bundled panels (use their names wherever a panel folder is asked for)."""
    from detente import data
    from detente.panel import read_panel

    rows = []
    for name in data.bundled_panel_names():
        panel = read_panel(name)
        rows.append({"name": name, "scenario": panel.scenario.id, "synthetic": panel.synthetic,
                     "members": len(panel.members()), "rounds": len(panel.rounds)})  # fmt: skip
    emit(pd.DataFrame(rows), fmt, title="Bundled expert panels")


@panel_app.command("aggregate")
def aggregate_cmd(
    panel: str = panel_arg,
    model: str = model_option,
    round_number: int | None = round_option,
    method: str = method_option,
    trim: float = trim_option,
    pool_weights: str = weights_option,
    scenario: str | None = scenario_option,
    cells: bool = typer.Option(False, "--cells", help="Print (or write as CSV) every cell."),
    heatmap: Path | None = typer.Option(
        None, "--heatmap", help="Draw the disagreement heat map to FILE (.png, .svg or .html)."
    ),
    write_pooled: Path | None = typer.Option(
        None, "--write-pooled", help="Save the pooled scenario to FILE (.yaml or .csv)."
    ),
    params: list[str] | None = param_option,
    seed: int = seed_option,
    fmt: Format = format_option,
) -> None:
    """Pool the experts' estimates, forecast from the pool and from each member's set, and
    measure their disagreement (per issue, for the panel, and from round to round)."""
    from detente.panel import summarize

    data = _load(panel, scenario)
    pooling = _pooling(method, trim, pool_weights)
    result = summarize(
        data, model, round_number=round_number, pooling=pooling,
        params=parse_params(params), seed=seed,
    )  # fmt: skip
    _side_outputs(result, heatmap, write_pooled)
    if fmt is Format.json:
        emit(result.cells, fmt, payload=result.payload())
    elif fmt is Format.csv:
        emit(result.cells if cells else result.issue_frame(), fmt)
    else:
        _print_summary(result, cells)


def _side_outputs(result: Any, heatmap: Path | None, write_pooled: Path | None) -> None:
    if heatmap is not None:
        from detente.report.panel import save_heatmap

        save_heatmap(result.cells, heatmap, _title(result.data, f"round {result.round}"))
    if write_pooled is not None:
        from detente.panel import pooled_scenario
        from detente.scenario import save_scenario

        save_scenario(pooled_scenario(result.data, result.round, result.pooling), write_pooled)


def _print_summary(result: Any, cells: bool) -> None:
    data = result.data
    head = (
        f"round {result.round} of {len(data.rounds)}, {len(result.members)} members, "
        f"cells pooled by {result.pooling.method}, model {result.model}"
    )
    say(_title(data, head))
    emit(
        result.forecasts,
        Format.table,
        title="Forecast from the pooled scenario and from each member's set "
        "(empty cells take the pooled value)",
        digits=1,
    )
    emit(
        result.issues,
        Format.table,
        title="Disagreement per issue (positions; Kendall's W: do the members rank the actors "
        "alike?)",
    )
    kinds = zip(result.alphas["kind"], result.alphas["alpha"], strict=True)
    alphas = ", ".join(f"{kind} {alpha:.3f}" for kind, alpha in kinds)
    say(f"Krippendorff's alpha (interval): {result.alpha:.3f} on positions ({alphas})")
    emit(
        result.rounds,
        Format.table,
        title="Rounds: spread of the positions (0-100 points) and agreement; iqr_ratio below 1 = "
        "the panel converged",
    )
    if cells:
        emit(result.cells, Format.table, title="Every cell: pooled value, pool quantiles, spread")


def say(text: str) -> None:
    console.print(text, markup=False, highlight=False)


@panel_app.command("members")
def members_cmd(
    panel: str = panel_arg,
    models: str = typer.Option(
        "all", "--model", "-m", help="Models: a name, a comma-separated list, or 'all'."
    ),
    round_number: int | None = round_option,
    method: str = method_option,
    trim: float = trim_option,
    scenario: str | None = scenario_option,
    seed: int = seed_option,
    fmt: Format = format_option,
) -> None:
    """What each set implies: every model on the pooled scenario and on each member's."""
    from detente.panel import member_forecasts
    from detente.panel.implied import wide_forecasts

    data = _load(panel, scenario)
    table = member_forecasts(
        data, models, round_number=round_number, pooling=_pooling(method, trim, "equal"), seed=seed
    )
    if fmt is not Format.table:
        emit(table, fmt)
        return
    for model in dict.fromkeys(table["model"]):
        emit(wide_forecasts(table, model), fmt, title=_title(data, model), digits=1)


@panel_app.command("ensemble")
def ensemble_cmd(
    panel: str = panel_arg,
    model: str = model_option,
    runs: int = typer.Option(200, "--runs", "-n", min=1, help="Runs per member."),
    round_number: int | None = round_option,
    method: str = method_option,
    no_noise: bool = typer.Option(
        False, "--no-noise", help="Sample members only, not their stated ranges."
    ),
    scenario: str | None = scenario_option,
    executor: str = typer.Option("serial", "--executor", help="serial, local or dask."),
    scheduler: str | None = scheduler_option,
    params: list[str] | None = param_option,
    seed: int = seed_option,
    fmt: Format = format_option,
) -> None:
    """An ensemble over members and their ranges; the share of the forecast's variance that
    comes from the experts disagreeing (law of total variance)."""
    from detente.panel import panel_ensemble

    data = _load(panel, scenario)
    with open_executor(executor, scheduler) as pool:
        result = panel_ensemble(
            data, model, runs_per_member=runs, round_number=round_number,
            pooling=_pooling(method, 0.2, "equal"), noise=not no_noise,
            params=parse_params(params), seed=seed, executor=pool,
        )  # fmt: skip
    payload = {
        "panel": data.name, "synthetic": data.synthetic, "scenario": data.scenario.id,
        "model": model, "runs_per_member": runs, "seed": seed, "members": list(result.members),
        "issues": _records(result.summary), "by_member": _records(result.by_member),
    }  # fmt: skip
    title = _title(data, f"{model}, {runs} runs x {len(result.members)} members, seed {seed}")
    emit(result.summary, fmt, payload=payload, title=title)


@panel_app.command("spread")
def spread_cmd(
    panel: str = panel_arg,
    model: str = model_option,
    top: int = typer.Option(3, "--top", help="Cells shown per issue (table only)."),
    round_number: int | None = round_option,
    method: str = method_option,
    scenario: str | None = scenario_option,
    params: list[str] | None = param_option,
    seed: int = seed_option,
    fmt: Format = format_option,
) -> None:
    """The cells whose disagreement moves the forecast most: each disputed cell moved from the
    lowest to the highest member's value, everything else at the pooled values."""
    from detente.panel import spread_sensitivity

    data = _load(panel, scenario)
    table = spread_sensitivity(
        data, model, round_number=round_number, pooling=_pooling(method, 0.2, "equal"),
        params=parse_params(params), seed=seed,
    )  # fmt: skip
    shown = table[table["rank"] <= top] if fmt is Format.table else table
    emit(shown, fmt, title=_title(data, f"{model}: forecast swing across the members' range"))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return frame.to_dict(orient="records")  # type: ignore[return-value]

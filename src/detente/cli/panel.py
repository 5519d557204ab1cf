"""`detente panel list|aggregate|members|ensemble|spread`: offline expert panels (Delphi rounds).

Each command builds a request of a panel kind (:mod:`detente.results.panel`), computes it through
the results layer (recording it with ``--record``) and prints it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from detente.cli.app import app
from detente.cli.common import (
    compute_request,
    executor_option,
    format_option,
    model_option,
    param_option,
    parse_params,
    print_lines,
    record_option,
    scheduler_option,
    seed_option,
    store_option,
)
from detente.cli.output import Format, emit

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


def _fields(panel: str, scenario: str | None, **more: Any) -> dict[str, Any]:
    """A panel request's fields; ``round_number`` becomes ``round``."""
    fields = {"panel": panel, "scenario": scenario, **more}
    if "round_number" in fields:
        fields["round"] = fields.pop("round_number")
    return fields


def _title(data: Any, what: str) -> str:
    tag = " [SYNTHETIC]" if data.synthetic else ""
    return f"{data.name}{tag} on {data.scenario.id}: {what}"


@panel_app.command("list")
def list_cmd(fmt: Format = format_option) -> None:
    """The bundled panels (use their names wherever a panel folder is asked for)."""
    import pandas as pd

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
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """Pool the experts' estimates, forecast from the pool and from each member's set, and
    measure their disagreement (per issue, for the panel, and from round to round)."""
    _check_figure(heatmap)
    fields = _fields(panel, scenario, model=model, round_number=round_number, method=method,
                     trim=trim, pool_weights=pool_weights, params=parse_params(params),
                     seed=seed)  # fmt: skip
    result: Any = compute_request("panel", fields, record=record, store=store)
    summary = result.summary
    _side_outputs(summary, heatmap, write_pooled)
    if fmt is Format.json:
        emit(summary.cells, fmt, payload=result.payload())
    elif fmt is Format.csv:
        emit(summary.cells if cells else summary.issue_frame(), fmt)
    else:
        _print_summary(summary, cells)


def _check_figure(path: Path | None) -> None:
    from detente.errors import DetenteError

    if path is not None and path.suffix.lower() not in (".png", ".svg", ".pdf", ".html"):
        raise DetenteError(
            f"--heatmap {path}: unknown figure type '{path.suffix}' (use .png, .svg or .html)"
        )


def _side_outputs(summary: Any, heatmap: Path | None, write_pooled: Path | None) -> None:
    if heatmap is not None:
        from detente.report.panel import save_heatmap

        save_heatmap(summary.cells, heatmap, _title(summary.data, f"round {summary.round}"))
    if write_pooled is not None:
        from detente.panel import pooled_scenario
        from detente.scenario import save_scenario

        pooled = pooled_scenario(summary.data, summary.round, summary.pooling, summary.cells)
        save_scenario(pooled, write_pooled)


def _print_summary(result: Any, cells: bool) -> None:
    data = result.data
    head = (
        f"round {result.round} of {len(data.rounds)}, {len(result.members)} members, "
        f"cells pooled by {result.pooling.method}, model {result.model}"
    )
    print_lines(_title(data, head))
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
    print_lines(f"Krippendorff's alpha (interval): {result.alpha:.3f} on positions ({alphas})")
    emit(
        result.rounds,
        Format.table,
        title="Rounds: spread of the positions (0-100 points) and agreement; iqr_ratio below 1 = "
        "the panel converged",
    )
    if cells:
        emit(result.cells, Format.table, title="Every cell: pooled value, pool quantiles, spread")


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
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """What each set implies: every model on the pooled scenario and on each member's."""
    from detente.panel.implied import model_names, wide_forecasts

    fields = _fields(panel, scenario, models=model_names(models), round_number=round_number,
                     method=method, trim=trim, seed=seed)  # fmt: skip
    result: Any = compute_request("panel-members", fields, record=record, store=store)
    if fmt is not Format.table:
        emit(result.table, fmt)
        return
    data = result.request.panel
    for model in dict.fromkeys(result.table["model"]):
        tag = " [SYNTHETIC]" if data.synthetic else ""
        title = f"{data.name}{tag} on {result.request.scenario.id}: {model}"
        emit(wide_forecasts(result.table, model), fmt, title=title, digits=1)


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
    executor: str = executor_option,
    scheduler: str | None = scheduler_option,
    params: list[str] | None = param_option,
    seed: int = seed_option,
    fmt: Format = format_option,
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """An ensemble over members and their ranges; the share of the forecast's variance that
    comes from the experts disagreeing (law of total variance)."""
    fields = _fields(panel, scenario, model=model, runs_per_member=runs, round_number=round_number,
                     method=method, noise=not no_noise, params=parse_params(params), seed=seed,
                     executor=executor, scheduler=scheduler)  # fmt: skip
    label = f"{model}: {runs} runs per member"
    result: Any = compute_request("panel-ensemble", fields, record=record, store=store,
                                  label=label)  # fmt: skip
    payload = result.payload()
    members = len(payload["members"])
    title = (
        f"{payload['panel']}{' [SYNTHETIC]' if payload['synthetic'] else ''} on "
        f"{payload['scenario']}: {model}, {runs} runs x {members} members, seed {seed}"
    )
    emit(result.ensemble.summary, fmt, payload=payload, title=title)


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
    record: bool = record_option,
    store: str | None = store_option,
) -> None:
    """The cells whose disagreement moves the forecast most: each disputed cell moved from the
    lowest to the highest member's value, everything else at the pooled values."""
    fields = _fields(panel, scenario, model=model, round_number=round_number, method=method,
                     params=parse_params(params), seed=seed)  # fmt: skip
    result: Any = compute_request("panel-spread", fields, record=record, store=store)
    table = result.table
    shown = table[table["rank"] <= top] if fmt is Format.table else table
    data = result.request.panel
    tag = " [SYNTHETIC]" if data.synthetic else ""
    title = f"{data.name}{tag} on {result.request.scenario.id}: {model}: forecast swing across "
    emit(shown, fmt, title=title + "the members' range")

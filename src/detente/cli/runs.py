"""`detente runs ...`: list, show, compare, replay and check the runs in the run store.

Commands that compute (forecast, trace, ensemble, sensitivity, influence, whatif, backtest)
record their runs with ``--record`` (or ``DETENTE_RECORD=1``) in the store given by ``--store``
(or ``DETENTE_STORE``; default detente-runs.sqlite in the user's data folder). See docs/store.md.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import typer

from detente.cli.app import app
from detente.cli.common import format_option, print_lines, store_option
from detente.cli.output import Format, emit, emit_json, err_console

runs_app = typer.Typer(
    help="The run store: list, show, compare and replay recorded runs.", no_args_is_help=True
)
app.add_typer(runs_app, name="runs")


def _open(store: str | None, say: str = "") -> Any:
    """The run store; with ``say`` (the command's name) print on stderr which store it is."""
    from detente.store import RunStore

    opened = RunStore(store)
    if say:
        err_console.print(
            f"{say}: store {opened.url}", markup=False, highlight=False, soft_wrap=True
        )
    return opened


def _frame(**columns: Any) -> Any:
    import pandas as pd

    return pd.DataFrame(columns)


@runs_app.command("list")
def list_runs(
    kind: str | None = typer.Option(None, "--kind", help="Only runs of this kind (forecast ...)."),
    scenario: str | None = typer.Option(None, "--scenario", help="Only runs of this scenario id."),
    store: str | None = store_option,
    fmt: Format = format_option,
) -> None:
    """Every recorded run, newest first."""
    with _open(store, "runs list") as opened:
        table = opened.runs(kind=kind, scenario=scenario)
    table["started_at"] = table["started_at"].map(_when)
    if fmt is Format.table:  # the rest is in `runs show`, json and csv
        table = table.drop(columns=["detente_version", "note"])
        table["seed"] = table["seed"].map(lambda v: "" if v is None else v)  # backtest: no seed
    emit(table, fmt, title=f"Runs ({len(table)})", digits=3)


@runs_app.command()
def show(
    run_id: int = typer.Argument(..., help="Run id (see `detente runs list`)."),
    table: str | None = typer.Option(None, "--table", help="Only this result table."),
    store: str | None = store_option,
    fmt: Format = format_option,
) -> None:
    """A run's inputs, timings and result tables."""
    with _open(store, "runs show") as opened:
        run = opened.get(run_id)
    names = [table] if table else list(run.tables)
    for name in names:
        if name not in run.tables:
            from detente.errors import UnknownNameError

            known = ", ".join(run.tables) or "none"
            raise UnknownNameError(f"run {run_id} has no table '{name}' (known: {known})")
    info = run.summary()
    if fmt is Format.json:
        tables = {n: run.tables[n].to_dict(orient="records") for n in names}
        emit_json({**info, "tables": tables})
    elif fmt.is_csv:
        emit(run.stacked(names), fmt)
    else:
        fields = _frame(field=list(info), value=[_when(v) for v in info.values()])
        emit(fields, fmt, title=f"Run {run_id}")
        for n in names:
            emit(run.tables[n], fmt, title=f"{n}", digits=3)


@runs_app.command()
def compare(
    a: int = typer.Argument(..., help="First run id."),
    b: int = typer.Argument(..., help="Second run id."),
    all_rows: bool = typer.Option(False, "--all", help="Also list numbers that are equal."),
    store: str | None = store_option,
    fmt: Format = format_option,
) -> None:
    """What differs between two runs: inputs, the scenario in words, then every number
    (difference = b - a)."""
    from detente.store import compare_runs

    with _open(store, "runs compare") as opened:
        table = compare_runs(a, b, opened, only_differences=not all_rows)
    if fmt is Format.table and table.empty:
        print_lines(f"runs {a} and {b}: same inputs, same numbers")
        return
    emit(table, fmt, title=f"Run {a} vs run {b}", digits=4)


@runs_app.command()
def replay(
    run_id: int = typer.Argument(..., help="Run id to re-run from its stored inputs."),
    store: str | None = store_option,
    fmt: Format = format_option,
) -> None:
    """Re-run a run from its stored scenario, model, parameters and seed; check it bit for bit.

    Exit status 0 when every table came out identical, 1 when any differs.
    """
    from detente.results import replay as replay_run

    with _open(store) as opened:
        result = replay_run(opened, run_id)
    payload = {"run": run_id, "identical": result.identical,
               "differences": result.differences.to_dict(orient="records")}  # fmt: skip
    if fmt is Format.table:
        verdict = "identical, bit for bit" if result.identical else "DIFFERENT"
        print_lines(f"run {run_id} replayed: {verdict}")
        if not result.identical:
            emit(result.differences, fmt)
    else:
        emit(result.differences, fmt, payload=payload)
    if not result.identical:
        raise typer.Exit(1)


@runs_app.command()
def check(store: str | None = store_option) -> None:
    """Check the store is consistent (every run complete); exit status 1 when it is not."""
    with _open(store) as opened:
        problems = opened.check()
        n = len(opened.runs())
        url = opened.url
    print_lines(*(f"problem: {problem}" for problem in problems))
    if problems:
        raise typer.Exit(1)
    print_lines(f"{url}: consistent, {n} runs")


def _when(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat(timespec="seconds")
    return value

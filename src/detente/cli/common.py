"""Options, scenario loading and progress bars shared by the command modules."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from detente.cli.output import Format, err_console
from detente.errors import DetenteError, ModelError
from detente.scenario import Scenario, read

scenario_arg = typer.Argument(
    ..., help="A bundled scenario name (see `detente scenarios`) or a file."
)
model_option = typer.Option(
    "weighted-median", "--model", "-m", help="Model name (`detente models`)."
)
format_option = typer.Option(Format.table, "--format", "-f", help="table, json or csv.")
seed_option = typer.Option(0, "--seed", help="Seed of every random draw (runs are reproducible).")
scheduler_option = typer.Option(
    None,
    "--scheduler",
    help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --executor dask; "
    "without it a local cluster is started and closed).",
)
param_option = typer.Option(
    None, "--param", "-p", help="Model parameter KEY=VALUE (repeatable; VALUE read as YAML)."
)


def load(ref: str, show_notes: bool = True) -> Scenario:
    """Load a scenario, printing what the reader noticed (rescaled saliences ...) on stderr."""
    loaded = read(ref)
    if show_notes:
        for note in loaded.notes:
            err_console.print(f"note: {note}", markup=False, highlight=False)
    return loaded.scenario


def parse_params(pairs: list[str] | None, **shortcuts: Any) -> dict[str, Any]:
    """Model parameters from KEY=VALUE strings plus named shortcut options left unset as None."""
    from detente.scenario.yaml_io import parse_yaml  # guarded: depth, aliases, one message

    params: dict[str, Any] = {k: v for k, v in shortcuts.items() if v is not None}
    for pair in pairs or []:
        key, sep, text = pair.partition("=")
        if not sep or not key.strip():
            raise ModelError(f"--param '{pair}': expected KEY=VALUE, e.g. --param rounds=20")
        params[key.strip()] = parse_yaml(text, f"--param {key.strip()}")
    return params


@contextmanager
def progress(description: str, total: float | None) -> Iterator[Any]:
    """A Rich progress bar on stderr; yields a function ``advance(n=1)``."""
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(n: float = 1) -> None:
            bar.advance(task, n)

        yield advance


@contextmanager
def open_executor(name: str, scheduler: str | None = None) -> Iterator[Any]:
    """An executor by name (serial, local, dask), closed again when the command is done."""
    from detente.execute import get_executor

    if scheduler and name != "dask":
        raise DetenteError(f"--scheduler {scheduler} needs --executor dask (not '{name}')")
    executor = get_executor(name, **({"scheduler": scheduler} if scheduler else {}))
    try:
        yield executor
    finally:
        close = getattr(executor, "close", None)
        if close is not None:
            close()

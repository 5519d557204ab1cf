"""Options, scenario loading, progress bars and running requests, shared by the commands.

Nothing heavy is imported here at start-up: pandas, pydantic and the results layer load inside
the commands that use them, so ``detente --help`` starts fast.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import typer

from detente.cli.output import Format, err_console
from detente.errors import ModelError

if TYPE_CHECKING:
    from detente.execute.base import Progress
    from detente.results.result import Result
    from detente.scenario import Scenario

scenario_arg = typer.Argument(
    ..., help="A bundled scenario name (see `detente scenarios`) or a file."
)
model_option = typer.Option(
    "weighted-median", "--model", "-m", help="Model name (`detente models`)."
)
format_option = typer.Option(
    Format.table,
    "--format",
    "-f",
    help="table, json, csv (numbers to 6 significant digits) or csv-full (every digit).",
)
seed_option = typer.Option(
    0, "--seed", help="Seed of every random draw, 0 or more (runs are reproducible)."
)
executor_option = typer.Option("serial", "--executor", help="serial, local or dask.")
scheduler_option = typer.Option(
    None,
    "--scheduler",
    help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (with --executor dask; "
    "without it a local cluster is started and closed).",
)
param_option = typer.Option(
    None, "--param", "-p", help="Model parameter KEY=VALUE (repeatable; VALUE read as YAML)."
)
store_option = typer.Option(
    None,
    "--store",
    envvar="DETENTE_STORE",
    help="Run store: a SQLite file or a postgresql:// URL "
    "(default: detente-runs.sqlite in your data folder, printed on stderr).",
)
record_option = typer.Option(
    False,
    "--record/--no-record",
    envvar="DETENTE_RECORD",
    help="Record this run in the run store (see `detente runs`).",
)


def load(ref: str, show_notes: bool = True) -> Scenario:
    """Load a scenario, printing what the reader noticed (rescaled saliences ...) on stderr.

    Parameters
    ----------
    ref : a bundled scenario's name or a file
    show_notes : print the reader's notes on stderr

    Returns
    -------
    Scenario
        The scenario.
    """
    from detente.scenario.load import read

    loaded = read(ref)
    if show_notes:
        for note in loaded.notes:
            err_console.print(f"note: {note}", markup=False, highlight=False)
    return loaded.scenario


def parse_params(pairs: list[str] | None, **shortcuts: Any) -> dict[str, Any]:
    """Model parameters from KEY=VALUE strings plus named shortcut options left unset as None.

    Parameters
    ----------
    pairs : the ``--param`` values
    **shortcuts : options such as ``rounds`` and ``q`` (None: not given)

    Returns
    -------
    dict[str, Any]
        {name: value}, each VALUE read as YAML (so 3 is a number, [a, b] a list).
    """
    from detente.scenario.yaml_io import parse_yaml  # guarded: depth, aliases, one message

    params: dict[str, Any] = {k: v for k, v in shortcuts.items() if v is not None}
    for pair in pairs or []:
        key, sep, text = pair.partition("=")
        if not sep or not key.strip():
            raise ModelError(f"--param '{pair}': expected KEY=VALUE, e.g. --param rounds=20")
        params[key.strip()] = parse_yaml(text, f"--param {key.strip()}")
    return params


@contextmanager
def progress(description: str, total: float | None = None) -> Iterator[Progress]:
    """A Rich progress bar on stderr; yields a ``progress(done, total)`` callback.

    Parameters
    ----------
    description : the bar's label
    total : the work to do, if known before the first call

    Returns
    -------
    Iterator[Progress]
        A context manager yielding the callback; the bar disappears when it closes.
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),  # "0/?" until the total is known, never "0/None"
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    # no bar in a log or a pipe: it would leave only an empty line there
    with Progress(
        *columns, console=err_console, transient=True, disable=not err_console.is_terminal
    ) as bar:
        task = bar.add_task(description, total=total)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def compute_request(
    kind: str,
    fields: Mapping[str, Any],
    *,
    record: bool = False,
    store: str | None = None,
    label: str | None = None,
) -> Result[Any]:
    """Build a request of ``kind``, compute it (with a progress bar) and record it if asked.

    Parameters
    ----------
    kind : a registered result kind
    fields : the request's fields from the command's options
    record : store the request and its tables in the run store
    store : the run store's URL or file (default: ``$DETENTE_STORE`` or the user's data folder)
    label : the progress bar's label (None: no bar)

    Returns
    -------
    Result
        The kind's result; "recorded run N in STORE" goes to stderr for each run recorded.
    """
    from detente.results import build_request, compute, compute_and_record

    request = build_request(kind, fields)
    with progress(label) if label else _no_progress() as report:
        if not record:
            return compute(request, progress=report)
        from detente.store import RunStore

        with RunStore(store) as opened:
            result, ids = compute_and_record(opened, request, progress=report)
            for run_id in ids:
                err_console.print(
                    f"recorded run {run_id} in {opened.url}",
                    markup=False,
                    highlight=False,
                    soft_wrap=True,
                )
    return result


@contextmanager
def _no_progress() -> Iterator[None]:
    yield None


def print_lines(*lines: str) -> None:
    """Print plain lines of text on stdout (no markup, no highlighting).

    Parameters
    ----------
    *lines : the lines
    """
    from detente.cli.output import console

    for line in lines:
        console.print(line, markup=False, highlight=False)

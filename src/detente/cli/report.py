"""`detente report SCENARIO --out DIR`: a self-contained HTML report that works offline."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import typer

from detente.cli.app import app
from detente.cli.common import (
    executor_option,
    load,
    print_lines,
    progress,
    scenario_arg,
    scheduler_option,
    seed_option,
)
from detente.cli.output import err_console


@app.command()
def report(
    scenario: str = scenario_arg,
    out: Path = typer.Option(
        Path("report"),
        "--out",
        "-o",
        help="Folder to write the report to (index.html), or the page's name (talks.html).",
    ),
    model: str | None = typer.Option(
        None,
        "--model",
        "-m",
        help="Model of the sensitivity, influence and what-if sections (default: first dynamic).",
    ),
    runs: int = typer.Option(500, "--runs", "-n", min=1, help="Runs per ensemble."),
    whatif: list[str] | None = typer.Option(
        None, "--whatif", "-w", help="A what-if change, e.g. 'open-forum US,RUS' (repeatable)."
    ),
    single_file: bool = typer.Option(
        False,
        "--single-file",
        help="Put plotly.js inside the page (4.8 MB more): one file to send by email.",
    ),
    panel: list[str] | None = typer.Option(
        None,
        "--panel",
        help="An expert panel folder to show (repeatable; default: bundled panels on it).",
    ),
    executor: str = executor_option,
    scheduler: str | None = scheduler_option,
    seed: int = seed_option,
) -> None:
    """Write an HTML report: scenario, forecasts, ensembles, trajectories, sensitivity, influence,
    back-test, what-ifs, roadmaps and expert panels, with plotly.js beside it (no network needed
    to read it).

    On a terminal a progress bar shows the sections; otherwise (a log, a pipe) stderr gets one
    line per section as it is finished."""
    from detente.execute import open_executor
    from detente.report import build_report

    s = load(scenario)
    with open_executor(executor, scheduler) as pool, _section_progress() as update:
        page = build_report(
            s,
            out,
            model=model,
            runs=runs,
            seed=seed,
            whatifs=whatif,
            executor=pool,
            progress=update,
            single_file=single_file,
            panels=panel,
        )
    print_lines(f"report written: {page}")


@contextmanager
def _section_progress() -> Iterator[Callable[[int, int], None]]:
    """A bar on a terminal; elsewhere one line per finished section, with the time it took."""
    from detente.report.sections import SECTIONS

    if err_console.is_terminal:
        with progress("report sections", len(SECTIONS)) as bar:
            yield bar
        return
    clock = [time.perf_counter()]

    def line(done: int, total: int) -> None:
        now = time.perf_counter()
        name = SECTIONS[done - 1].__name__ if 0 < done <= len(SECTIONS) else "section"
        err_console.print(
            f"report: {done}/{total} {name} ({now - clock[0]:.1f} s)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        clock[0] = now

    yield line

"""`detente report SCENARIO --out DIR`: a self-contained HTML report that works offline."""

from __future__ import annotations

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


@app.command()
def report(
    scenario: str = scenario_arg,
    out: Path = typer.Option(Path("report"), "--out", "-o", help="Folder to write the report to."),
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
    to read it)."""
    from detente.execute import open_executor
    from detente.report import build_report
    from detente.report.sections import SECTIONS

    s = load(scenario)
    sections = progress("report sections", len(SECTIONS))
    with open_executor(executor, scheduler) as pool, sections as update:
        page = build_report(
            s,
            out,
            model=model,
            runs=runs,
            seed=seed,
            whatifs=whatif,
            executor=pool,
            progress=update,
            panels=panel,
        )
    print_lines(f"report written: {page}")

"""Commands about scenarios and models: validate, show, scenarios, models."""

from __future__ import annotations

from pathlib import Path

import typer

from detente.cli.app import app
from detente.cli.common import format_option, load, scenario_arg
from detente.cli.output import Format, console, emit, emit_json, emit_rows


@app.command()
def validate(
    file: str = scenario_arg,
    write: Path | None = typer.Option(
        None, "--write", help="Also save it as YAML, CSV, TSV or XLSX (by the suffix)."
    ),
) -> None:
    """Check a scenario file; print what it holds, or every problem with its place (exit 2)."""
    from detente.scenario.load import comments_left_behind, left_out_of_table, read, save_scenario

    loaded = read(file)
    s = loaded.scenario
    for note in loaded.notes:
        typer.echo(f"note: {note}")
    typer.echo(
        f"OK: {loaded.source}: '{s.name}': {len(s.actors)} actors, {len(s.issues)} issues, "
        f"{len(s.effective_forums())} forums, {len(s.outcomes)} known outcomes, "
        f"{len(s.sources)} sources"
    )
    if write is not None:
        save_scenario(s, write)
        typer.echo(f"written: {write}")
        for left in (comments_left_behind(file, write), left_out_of_table(s, write)):
            if left:
                typer.echo(f"note: {left}")


@app.command()
def show(scenario: str = scenario_arg, fmt: Format = format_option) -> None:
    """The scenario: actors x issues (position and salience), the issues' anchors, forums."""
    from detente.scenario import tables

    s = load(scenario)
    if fmt is Format.json:
        emit_json(s.model_dump(mode="json"))
        return
    if fmt.is_csv:
        emit(tables.stances_frame(s), fmt)
        return
    console.print(f"[bold]{s.name}[/] ({s.id})")
    if s.description:
        console.print(s.description, markup=False)
    emit(tables.stance_grid(s), fmt, title="Positions (salience)", digits=2)
    emit(tables.anchors_frame(s), fmt, title="Issues and anchors")
    emit(tables.forums_frame(s), fmt, title="Forums")


@app.command()
def scenarios(fmt: Format = format_option) -> None:
    """The bundled scenarios (use their names wherever a SCENARIO is asked for)."""
    from detente.data import catalogue

    emit_rows(catalogue(), fmt, title="Bundled scenarios")


@app.command()
def models(fmt: Format = format_option) -> None:
    """The registered models, what they are, and their parameters with defaults."""
    from detente.models.registry import list_models

    emit_rows([m.describe() for m in list_models()], fmt, title="Models")

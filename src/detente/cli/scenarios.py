"""Commands about scenarios and models: validate, show, scenarios, models."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer

from detente.cli.app import app
from detente.cli.common import format_option, load, scenario_arg
from detente.cli.output import Format, console, emit
from detente.data import bundled_names
from detente.models.registry import list_models
from detente.scenario import Scenario, read, save_scenario
from detente.scenario.load import comments_left_behind


@app.command()
def validate(
    file: str = scenario_arg,
    write: Path | None = typer.Option(
        None, "--write", help="Also save it as YAML, CSV, TSV or XLSX (by the suffix)."
    ),
) -> None:
    """Check a scenario file; print what it holds, or every problem with its place (exit 2)."""
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
        left = comments_left_behind(file, write)
        if left:
            typer.echo(f"note: {left}")


def stance_table(s: Scenario) -> pd.DataFrame:
    """Actors x issues, each cell 'position (salience)'."""
    rows = []
    for actor in s.actors:
        row: dict[str, object] = {"actor": actor.id, "capability": actor.capability}
        for issue in s.issues:
            st = s.stances[actor.id][issue.id]
            row[issue.id] = f"{st.position:g} ({st.salience:g})"
        rows.append(row)
    return pd.DataFrame(rows)


def anchor_table(s: Scenario) -> pd.DataFrame:
    """One row per issue: scale and the texts of its anchor points."""
    rows = []
    for issue in s.issues:
        row: dict[str, object] = {
            "issue": issue.id,
            "name": issue.name,
            "scale": f"{issue.scale.low:g}-{issue.scale.high:g} {issue.scale.unit}",
        }
        for point in (0, 50, 100):
            row[str(point)] = issue.anchors.get(point, "")
        rows.append(row)
    return pd.DataFrame(rows)


@app.command()
def show(scenario: str = scenario_arg, fmt: Format = format_option) -> None:
    """The scenario: actors x issues (position and salience), the issues' anchors, forums."""
    s = load(scenario)
    if fmt is Format.json:
        emit(pd.DataFrame(), fmt, payload=s.model_dump(mode="json"))
        return
    long = pd.DataFrame(
        [
            {
                "actor": a,
                "issue": i,
                "position": st.position,
                "salience": st.salience,
                "position_sd": st.position_sd,
                "salience_sd": st.salience_sd,
            }
            for a, row in s.stances.items()
            for i, st in row.items()
        ]
    )
    if fmt is Format.csv:
        emit(long, fmt)
        return
    console.print(f"[bold]{s.name}[/] ({s.id})")
    if s.description:
        console.print(s.description, markup=False)
    emit(stance_table(s), fmt, title="Positions (salience)", digits=2)
    emit(anchor_table(s), fmt, title="Issues and anchors")
    forums = pd.DataFrame(
        [
            {"forum": f.id, "name": f.name, "members": ", ".join(f.members)}
            for f in s.effective_forums()
        ]
    )
    emit(forums, fmt, title="Forums")


@app.command()
def scenarios(fmt: Format = format_option) -> None:
    """The bundled scenarios (use their names wherever a SCENARIO is asked for)."""
    rows = []
    for name in bundled_names():
        s = load(name, show_notes=False)
        rows.append(
            {
                "name": name,
                "title": s.name,
                "actors": len(s.actors),
                "issues": len(s.issues),
                "outcomes": len(s.outcomes),
            }
        )
    emit(pd.DataFrame(rows), fmt, title="Bundled scenarios")


@app.command()
def models(fmt: Format = format_option) -> None:
    """The registered models, what they are, and their parameters with defaults."""
    rows = [
        {
            "model": m.name,
            "summary": m.summary,
            "dynamic": m.dynamic,
            "forums": m.uses_forums,
            "stochastic": m.stochastic,
            "parameters": ", ".join(f"{k}={v}" for k, v in m.defaults.items()),
        }
        for m in list_models()
    ]
    emit(pd.DataFrame(rows), fmt, title="Models")

"""KTAB's Spatial Model of Politics CSV.

Row 1: scenario name, description, number of actors, number of dimensions. Row 2: a header.
Then one row per actor: name, description, capability, then position and salience per dimension
(positions 0-100, saliences 0-100 summing to at most 100 per actor).
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from detente.errors import Problem, ScenarioError
from detente.scenario.cells import CellTable, text
from detente.scenario.ids import IdMaker, suggest_id
from detente.scenario.problems import validate_as
from detente.scenario.schema import Scenario

MAX_COUNT = 1_000_000  # a declared actor or dimension count above this is a typo, not a plan


def _dimension_name(header: str, k: int) -> str:
    core = re.sub(r"(?i)\b(pstn|position|pos)\b|pstn|position", "", header).strip(" _-")
    return f"dim{k + 1}" if not core or core.isdigit() else core


def looks_like_ktab(table: CellTable) -> bool:
    """KTAB files start with name, description, actor count, dimension count.

    Parameters
    ----------
    table : a file's rows

    Returns
    -------
    bool
        Whether it looks like a KTAB file.
    """
    first = [text(c) for c in table.rows[0][1]] if table.rows else []
    return len(first) >= 4 and first[2].isdigit() and first[3].isdigit()


def _header(table: CellTable, source: str) -> tuple[str, str, int, int]:
    """Name, description, actor count and dimension count from row 1 (or a clear error)."""
    first = [text(c) for c in table.rows[0][1]] if table.rows else []
    counts_ok = looks_like_ktab(table) and all(0 < int(c) <= MAX_COUNT for c in first[2:4])
    if len(table.rows) < 2 or not counts_ok:
        raise ScenarioError(
            source,
            [
                table.problem(
                    table.rows[0][0] if table.rows else 1,
                    None,
                    "not a KTAB header (name, description, actors, dimensions) followed by a "
                    "header row",
                    "give actor and dimension counts from 1 up; see docs/scenario-format.md",
                )
            ],
        )
    return first[0], first[1], int(first[2]), int(first[3])


def _actor_row(
    table: CellTable, row: int, cells: list[Any], n_dims: int, problems: list[Problem]
) -> tuple[str, str, list[float]] | None:
    """(name, description, [capability, position, salience, ...]) of one actor row, or None."""
    cells = list(cells)
    while cells and text(cells[-1]) == "":
        cells.pop()
    need = 3 + 2 * n_dims
    if len(cells) < need:
        problems.append(
            table.problem(
                row,
                None,
                f"{len(cells)} cells, need {need}",
                "give name, description, power, then position and salience per dimension",
            )
        )
        return None
    before = len(problems)
    values = [table.number(c, row, k, problems) for k, c in enumerate(cells[2:need], start=2)]
    if len(problems) > before:
        return None
    name = text(cells[0])
    if not name:
        problems.append(table.problem(row, 0, "no actor name", "name the actor"))
    if values[0] <= 0:
        problems.append(
            table.problem(row, 2, f"power {values[0]:g} is not above 0", "give a power above 0")
        )
    sal = values[2::2]
    if any(s < 0 for s in sal) or sum(sal) > 100 + 1e-9:
        problems.append(
            table.problem(
                row,
                None,
                f"saliences ({', '.join(f'{s:g}' for s in sal)}) sum to {math.fsum(sal):g}; "
                "KTAB's must be 0 or more and sum to 100 or less",
                "scale the saliences down so they sum to 100 or less",
            )
        )
    return name, text(cells[1]), values


def read_ktab_table(table: CellTable, source: str, stem: str, notes: list[str]) -> Scenario:
    """A scenario from the rows of a KTAB SMP CSV file (saliences rescaled to 0-1).

    Parameters
    ----------
    table : the file's rows
    source : the file (for messages)
    stem : the file's name without suffix (the scenario's default id)
    notes : collects what the reader noticed

    Returns
    -------
    Scenario
        The scenario.
    """
    name, description, n_actors, n_dims = _header(table, source)
    header = [text(c) for c in table.rows[1][1]]
    problems: list[Problem] = []
    actor_rows = table.rows[2:]
    if len(actor_rows) != n_actors:
        problems.append(
            table.problem(
                table.rows[0][0],
                None,
                f"declares {n_actors} actors but {len(actor_rows)} follow",
                "make the count match the actor rows",
            )
        )
    dim_of = IdMaker("dim")
    dims = [
        dim_of(_dimension_name(header[3 + 2 * k] if 3 + 2 * k < len(header) else "", k))
        for k in range(n_dims)
    ]
    actor_of = IdMaker("actor")
    actors, stances = [], {}
    for row, cells in actor_rows:
        got = _actor_row(table, row, cells, n_dims, problems)
        if got is None or not got[0]:
            continue
        actor, about, values = got
        aid = actor_of(actor)
        actors.append({"id": aid, "name": actor, "capability": values[0], "notes": about})
        stances[aid] = {
            d: {"position": values[1 + 2 * k], "salience": values[2 + 2 * k] / 100.0}
            for k, d in enumerate(dims)
        }
    if problems:
        raise ScenarioError(source, problems)
    notes.extend(table.notes)
    notes.extend(n for n in (actor_of.note(), dim_of.note()) if n)
    data = {
        "id": suggest_id(name or stem, "scenario"),
        "name": name or stem,
        "description": description,
        "actors": actors,
        "issues": [{"id": d, "name": d} for d in dims],
        "stances": stances,
    }
    result: Scenario = validate_as(Scenario, data, source)
    return result


def read_ktab_csv(path: Path, notes: list[str] | None = None) -> Scenario:
    """Read a KTAB SMP CSV file into a scenario (saliences rescaled to 0-1).

    Parameters
    ----------
    path : the file
    notes : collects what the reader noticed (rescaled saliences, ids made from names)

    Returns
    -------
    Scenario
        The scenario.
    """
    from detente.scenario.dialect import read_delimited

    table, _ = read_delimited(path)
    return read_ktab_table(table, str(path), path.stem, notes if notes is not None else [])

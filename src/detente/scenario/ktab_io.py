"""KTAB's Spatial Model of Politics CSV.

Row 1: scenario name, description, number of actors, number of dimensions. Row 2: a header.
Then one row per actor: name, description, capability, then position and salience per dimension
(positions 0-100, saliences 0-100 summing to at most 100 per actor).
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path

from detente.errors import Problem, ScenarioError
from detente.scenario.problems import validate_as
from detente.scenario.schema import Scenario, slug


def _dimension_id(header: str, k: int) -> str:
    core = re.sub(r"(?i)\b(pstn|position|pos)\b|pstn|position", "", header).strip(" _-")
    return f"dim{k + 1}" if not core or core.isdigit() else slug(core)


def looks_like_ktab(text: str) -> bool:
    """KTAB files start with name, description, actor count, dimension count."""
    first = next(csv.reader(io.StringIO(text)), [])
    cells = [c.strip() for c in first]
    return len(cells) >= 4 and cells[2].isdigit() and cells[3].isdigit()


def read_ktab_csv(path: Path, notes: list[str] | None = None) -> Scenario:
    """Read a KTAB SMP CSV file into a scenario (saliences rescaled to 0-1)."""
    source = str(path)
    rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(path.read_text("utf-8-sig")))]
    rows = [r for r in rows if any(r)]
    if len(rows) < 2 or not looks_like_ktab(",".join(rows[0])):
        raise ScenarioError(
            source,
            [
                Problem(
                    "row 1",
                    "not a KTAB header (name, description, actors, dimensions)",
                    "see docs/scenario-format.md",
                    1,
                )
            ],
        )
    name, description, n_actors, n_dims = rows[0][0], rows[0][1], int(rows[0][2]), int(rows[0][3])
    header = rows[1]
    problems: list[Problem] = []
    actor_rows = rows[2:]
    if len(actor_rows) != n_actors:
        problems.append(
            Problem(
                "row 1",
                f"declares {n_actors} actors but {len(actor_rows)} follow",
                "make the count match the actor rows",
                1,
            )
        )
    dims = [
        _dimension_id(header[3 + 2 * k] if 3 + 2 * k < len(header) else "", k)
        for k in range(n_dims)
    ]
    actors, stances = [], {}
    for line, row in enumerate(actor_rows, start=3):
        cells = list(row)
        while cells and cells[-1] == "":
            cells.pop()
        if len(cells) < 3 + 2 * n_dims:
            problems.append(
                Problem(
                    f"actor row {line - 2}",
                    f"{len(cells)} cells, need {3 + 2 * n_dims}",
                    "give position and salience per dimension",
                    line,
                )
            )
            continue
        values = []
        for k, text in enumerate(cells[2 : 3 + 2 * n_dims]):
            try:
                values.append(float(text))
            except ValueError:
                values.append(math.nan)
            if not math.isfinite(values[-1]):
                problems.append(
                    Problem(
                        f"actor row {line - 2}, column {k + 3}",
                        f"'{text}' is not a number",
                        "give a number",
                        line,
                    )
                )
        if len(values) < 1 + 2 * n_dims or not all(map(math.isfinite, values)):
            continue
        sal = values[2::2]
        if sum(sal) > 100 + 1e-9:
            problems.append(
                Problem(
                    f"actor row {line - 2} ({cells[0]})",
                    f"saliences sum to {sum(sal):g}, above 100",
                    "scale the saliences down so they sum to 100 or less",
                    line,
                )
            )
        aid = slug(cells[0])
        actors.append({"id": aid, "name": cells[0], "capability": values[0], "notes": cells[1]})
        stances[aid] = {
            d: {"position": values[1 + 2 * k], "salience": values[2 + 2 * k] / 100.0}
            for k, d in enumerate(dims)
        }
    if problems:
        raise ScenarioError(source, problems)
    data = {
        "id": slug(name or path.stem),
        "name": name or path.stem,
        "description": description,
        "actors": actors,
        "issues": [{"id": d, "name": d} for d in dims],
        "stances": stances,
    }
    result: Scenario = validate_as(Scenario, data, source)
    return result

"""The member's assessment form: one row per cell of the panel's scenario, and back.

Every cell of the scenario (positions and saliences per actor and issue, capabilities and
walk-away values per actor) is one row with five inputs named ``FIELD.N``: ``N`` numbers the
cell in :func:`detente.panel.cells.scenario_cells` order, so the names are the same for every
form on the panel. A row with every input empty is a cell the member leaves out; the panel's
checks (:func:`detente.panel.checks.check_estimates`) judge the rest, and their problems
(``estimates.K.value``) are shown at the row they came from.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from detente.errors import Problem
from detente.panel.cells import CELL_KINDS, Cell, scenario_cells
from detente.panel.records import Estimate
from detente.scenario import Scenario

FIELDS = ("value", "low", "high", "confidence", "rationale")
PROBLEM = re.compile(r"^estimates\.(\d+)(?:\.(\w+))?")


@dataclass(frozen=True)
class Row:
    """One cell of the form: what it is, the scenario's own value, and what the form shows."""

    n: int
    cell: Cell
    base: float
    low: float
    high: float
    values: dict[str, str] = field(default_factory=dict)
    errors: tuple[str, ...] = ()

    @property
    def base_text(self) -> str:
        """The scenario's value of the cell, as text ('' when it has none)."""
        return "" if math.isnan(self.base) else f"{self.base:g}"

    @property
    def step(self) -> str:
        """The input's step: whole points on wide scales, hundredths on 0-1."""
        return "0.01" if self.high <= 1 else "any"


@dataclass(frozen=True)
class Section:
    """The rows of one kind of cell (positions, saliences ...)."""

    kind: str
    label: str
    rows: tuple[Row, ...]

    @property
    def filled(self) -> int:
        """How many rows of the section have a value."""
        return sum(1 for r in self.rows if r.values.get("value"))


def _text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def prefill(estimates: Sequence[Estimate]) -> dict[Cell, dict[str, str]]:
    """The form's values for a member's standing estimates (their last round).

    Parameters
    ----------
    estimates : the member's standing estimates

    Returns
    -------
    dict[Cell, dict[str, str]]
        Per cell: value, low, high, confidence and rationale as the form's text.
    """
    return {
        e.cell: {"value": _text(e.value), "low": _text(e.low), "high": _text(e.high),
                 "confidence": _text(e.confidence), "rationale": e.rationale}
        for e in estimates
    }  # fmt: skip


def sections(
    scenario: Scenario,
    values: Mapping[Cell, Mapping[str, str]],
    errors: Mapping[int, Sequence[str]] | None = None,
) -> list[Section]:
    """The form's rows by kind, showing ``values`` and the ``errors`` of each row.

    Parameters
    ----------
    scenario : the panel's scenario (its cells and their values)
    values : the form's values per cell
    errors : the problems per cell

    Returns
    -------
    list[Section]
        One section per kind of cell, with a row per cell.
    """
    errors = errors or {}
    rows: dict[str, list[Row]] = {k: [] for k in CELL_KINDS}
    for n, cell in enumerate(scenario_cells(scenario)):
        low, high = cell.bounds(scenario)
        rows[cell.kind].append(
            Row(n, cell, cell.base(scenario), low, high, dict(values.get(cell, {})),
                tuple(errors.get(n, ())))
        )  # fmt: skip
    return [Section(k, CELL_KINDS[k].label, tuple(r)) for k, r in rows.items() if r]


def read_form(
    scenario: Scenario, form: Mapping[str, str]
) -> tuple[list[dict[str, str]], list[int], dict[Cell, dict[str, str]]]:
    """The estimates a submitted form gives.

    Parameters
    ----------
    scenario : the panel's scenario
    form : the form's fields (``value.N`` ...)

    Returns
    -------
    tuple
        The estimates as mappings (values as typed; the panel's checks read them), the cell
        number of each, and every row's values as typed (to show the form again).
    """
    estimates, numbers, typed = [], [], {}
    for n, cell in enumerate(scenario_cells(scenario)):
        given = {f: str(form.get(f"{f}.{n}", "")).strip() for f in FIELDS}
        if not any(given.values()):
            continue
        typed[cell] = given
        entry = {"kind": cell.kind, "actor": cell.actor, "issue": cell.issue}
        entry.update({f: v for f, v in given.items() if v})
        estimates.append(entry)
        numbers.append(n)
    return estimates, numbers, typed


def row_errors(problems: Sequence[Problem], numbers: Sequence[int]) -> dict[int, list[str]]:
    """The panel's problems by form row (``estimates.K...`` is the K-th cell submitted); those
    that name no row are under -1.

    Parameters
    ----------
    problems : the problems of the submitted estimates
    numbers : the form row of each submitted estimate, in order

    Returns
    -------
    dict[int, list[str]]
        The messages per form row.
    """
    out: dict[int, list[str]] = {}
    for p in problems:
        match = PROBLEM.match(p.location)
        row = numbers[int(match.group(1))] if match and int(match.group(1)) < len(numbers) else -1
        what = (match.group(2) if match else None) or "cell"
        text = f"{what}: {p.message}" + (f" (fix: {p.fix})" if p.fix else "")
        out.setdefault(row, []).append(text)
    return out

"""The judgement matrix as a grid of cells, for editors (the web workspace's matrix page).

A cell is addressed by ``(row, column)``: the source and the target variant's places in matrix
order (:meth:`CrossImpactMatrix.index`). Checking one cell, or applying a whole grid, answers a
problem per cell in words with its fix; a grid without problems becomes a new, validated study
in which every section keeps its rationale and a block that gains its first judgement gets a
section of its own. Nothing is changed in place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.futures.matrix import CrossImpactMatrix
from detente.futures.schema import FuturesSpec
from detente.scenario.problems import validate_as

Cell = tuple[int, int]


@dataclass(frozen=True)
class GridLayout:
    """What an editor draws: the descriptors' spans and which cells are not editable.

    Attributes
    ----------
    matrix : the study's matrix
    labels : ``descriptor.variant`` of every row (and column), in matrix order
    owner : (V,) the descriptor index of every row
    locked : (V, V) cells inside a descriptor's block on itself (no judgement allowed there
        unless the study keeps self-impact)
    """

    matrix: CrossImpactMatrix
    labels: list[str]
    owner: np.ndarray
    locked: np.ndarray


def layout(spec: FuturesSpec) -> GridLayout:
    """The grid of a study.

    Parameters
    ----------
    spec : the study

    Returns
    -------
    GridLayout
        Its matrix, the row labels and the locked self-impact cells.
    """
    matrix = spec.matrix()
    owner = np.repeat(np.arange(len(matrix.descriptors)), matrix.sizes)
    locked = (owner[:, None] == owner[None, :]) & (not matrix.self_impact)
    labels = [f"{d.id}.{v}" for d in matrix.descriptors for v in d.variants]
    return GridLayout(matrix, labels, owner, locked)


def cell_problem(spec: FuturesSpec, cell: Cell, text: str) -> str:
    """What is wrong with ``text`` as the judgement in ``cell``, or '' when it is fine.

    Parameters
    ----------
    spec : the study
    cell : (row, column) in matrix order
    text : what the user typed

    Returns
    -------
    str
        The problem and its fix, or the empty string.
    """
    grid = layout(spec)
    size = grid.matrix.n_variants
    row, column = cell
    if not (0 <= row < size and 0 <= column < size):
        return f"no cell ({row}, {column}): the matrix has {size} variants (fix: reload the page)"
    where = f"{grid.labels[row]} -> {grid.labels[column]}"
    try:
        value = float(text.strip() or "0")
    except ValueError:
        return f"{where}: '{text[:20]}' is not a number (fix: give a judgement such as -2, 0 or 3)"
    if not math.isfinite(value):
        return f"{where}: give a finite number"
    if grid.locked[row, column] and value != 0:
        return (
            f"{where}: a descriptor does not judge itself (fix: keep 0 in its own block, or "
            "allow self-impact in the study's file)"
        )
    if spec.scale is not None and not spec.scale[0] <= value <= spec.scale[1]:
        low, high = spec.scale
        return f"{where}: {value:g} lies outside the scale {low:g} to {high:g} (fix: stay in it)"
    return ""


def apply_cells(
    spec: FuturesSpec, cells: Mapping[Cell, str]
) -> tuple[FuturesSpec | None, dict[Cell, str]]:
    """The study with every cell of ``cells`` set, or the problem of each bad cell.

    Parameters
    ----------
    spec : the study edited
    cells : the text of each edited cell, by (row, column); an empty cell means 0

    Returns
    -------
    tuple[FuturesSpec or None, dict]
        The new validated study and no problems, or None and the problem of every bad cell.
    """
    problems = {cell: p for cell, text in cells.items() if (p := cell_problem(spec, cell, text))}
    if problems:
        return None, problems
    matrix = spec.matrix()
    values = matrix.values.copy()
    for (row, column), text in cells.items():
        values[row, column] = float(text.strip() or "0")
    return with_values(spec, values), {}


def with_values(spec: FuturesSpec, values: np.ndarray) -> FuturesSpec:
    """The study with all its judgements replaced by ``values`` (rationales kept).

    Parameters
    ----------
    spec : the study
    values : (V, V) the new judgements, in matrix order

    Returns
    -------
    FuturesSpec
        The validated study, its sections in the file's order; a block that gains its first
        judgement gets a new section (no rationale yet) at the end, and a section whose
        judgements all become 0 stays, with its rationale.
    """
    matrix = spec.matrix()
    o = matrix.offsets
    place = {d.id: k for k, d in enumerate(matrix.descriptors)}

    def block(source: str, target: str) -> dict[str, list[float | int]]:
        i, j = place[source], place[target]
        rows = values[o[i] : o[i + 1], o[j] : o[j + 1]]
        variants = matrix.descriptors[i].variants
        return {v: [_plain(x) for x in r] for v, r in zip(variants, rows, strict=True)}

    data = spec.model_dump(by_alias=True)
    sections: list[dict[str, Any]] = [
        {**s, "values": block(s["from"], s["to"])} for s in data["judgements"]
    ]
    have = {(s["from"], s["to"]) for s in sections}
    for src in matrix.ids:
        for tgt in matrix.ids:
            new = block(src, tgt)
            if (src, tgt) not in have and any(x for r in new.values() for x in r):
                sections.append({"from": src, "to": tgt, "rationale": "", "values": new})
    data["judgements"] = sections
    result: FuturesSpec = validate_as(FuturesSpec, data, f"edit of '{spec.id}'")
    return result


def _plain(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)

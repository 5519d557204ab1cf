"""Judgement sensitivity: which single judgements make or break each scenario.

Only the rows of a scenario's chosen variants enter its balances. In a consistent scenario,
descriptor ``j`` keeps its variant ``a`` against each rival ``b`` by a margin
``m(b) = balance(a) - balance(b) >= 0``. Lowering a judgement that supports ``a`` by more than
``min m`` breaks the scenario; raising a judgement that supports ``b`` by more than ``m(b)``
does too. Conversely an inconsistent scenario with a single inconsistent descriptor becomes
consistent when one judgement closes its deficit. Whole-number matrices move in whole steps, so
there "more than m" is "m + 1". Changes that leave the judgement scale are not listed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from detente.futures.matrix import CrossImpactMatrix
from detente.futures.scores import TOLERANCE, balances
from detente.futures.search import solve

COLUMNS = ["scenario", "effect", "source", "target", "value", "to", "change", "variants"]


@dataclass(frozen=True)
class _Flip:
    source: int
    target: int
    to: float


def _label(matrix: CrossImpactMatrix, row: int) -> str:
    j = int(np.searchsorted(matrix.offsets, row, side="right") - 1)
    d = matrix.descriptors[j]
    return f"{d.id}.{d.variants[row - matrix.offsets[j]]}"


def _sources(matrix: CrossImpactMatrix, rows: np.ndarray, j: int) -> list[int]:
    return [int(r) for i, r in enumerate(rows) if i != j or matrix.self_impact]


def _breaks(matrix: CrossImpactMatrix, local: np.ndarray, unit: float) -> list[_Flip]:
    rows = matrix.rows(local)
    bal = balances(matrix, local)
    flips = []
    for j, a in enumerate(rows):
        rivals = [b for b in range(matrix.offsets[j], matrix.offsets[j + 1]) if b != a]
        if not rivals:
            continue
        margins = {b: bal[a] - bal[b] for b in rivals}
        weakest = min(margins.values())
        for s in _sources(matrix, rows, j):
            flips.append(_Flip(s, int(a), matrix.values[s, a] - weakest - unit))
            flips += [_Flip(s, b, matrix.values[s, b] + m + unit) for b, m in margins.items()]
    return flips


def _makes(matrix: CrossImpactMatrix, local: np.ndarray, unit: float) -> list[_Flip]:
    rows = matrix.rows(local)
    bal = balances(matrix, local)
    short = []
    for j, a in enumerate(rows):
        deficits = {
            b: bal[b] - bal[a]
            for b in range(matrix.offsets[j], matrix.offsets[j + 1])
            if bal[b] - bal[a] > TOLERANCE
        }
        if deficits:
            short.append((j, int(a), deficits))
    if len(short) != 1:  # one judgement moves one descriptor's balances only
        return []
    j, a, deficits = short[0]
    worst = max(deficits.values())
    flips = [_Flip(s, a, matrix.values[s, a] + worst) for s in _sources(matrix, rows, j)]
    if len(deficits) == 1:
        ((b, deficit),) = deficits.items()
        flips += [_Flip(s, b, matrix.values[s, b] - deficit) for s in _sources(matrix, rows, j)]
    return flips


def judgement_sensitivity(
    matrix: CrossImpactMatrix,
    max_change: float = 1.0,
    scale: tuple[float, float] | None = (-3.0, 3.0),
    method: str = "auto",
) -> pd.DataFrame:
    """Single judgements whose change by at most ``max_change`` breaks a consistent scenario
    or makes an inconsistent one consistent.

    Parameters
    ----------
    matrix : the cross-impact matrix
    max_change : the largest change of one judgement considered (default: one scale point)
    scale : the judgement scale; changes beyond it are left out (None: no limit)

    Returns
    -------
    DataFrame
        One row per (scenario, judgement): ``scenario`` (S1... as in the solution set, or N1...
        for scenarios made consistent), ``effect`` (breaks / makes), ``source`` and ``target``
        (``descriptor.variant``), the judgement's ``value``, the value ``to`` that flips the
        scenario, ``change`` (= to - value) and the scenario's ``variants``.
    """
    unit = 1.0 if matrix.is_integer else 0.0
    consistent = solve(matrix, 0.0, method=method)
    near = solve(matrix, max_change, method=method)
    low, high = scale if scale is not None else (-np.inf, np.inf)
    rows = []
    cases = [
        ("breaks", label, local)
        for label, local in zip(consistent.labels, consistent.local, strict=True)
    ]
    others = near.local[near.inconsistency > TOLERANCE]
    cases += [("makes", f"N{k + 1}", local) for k, local in enumerate(others)]
    for effect, label, local in cases:
        flips = _breaks(matrix, local, unit) if effect == "breaks" else _makes(matrix, local, unit)
        text = " ".join(f"{d}={v}" for d, v in matrix.variant_ids(local).items())
        for f in flips:
            value = float(matrix.values[f.source, f.target])
            change = f.to - value
            if (
                abs(change) <= max_change + TOLERANCE
                and low - TOLERANCE <= f.to <= high + TOLERANCE
            ):
                rows.append(
                    [
                        label,
                        effect,
                        _label(matrix, f.source),
                        _label(matrix, f.target),
                        value,
                        f.to,
                        change,
                        text,
                    ]
                )
    return pd.DataFrame(rows, columns=COLUMNS)


def fragile_judgements(table: pd.DataFrame) -> pd.DataFrame:
    """Per judgement: how many scenarios it breaks and makes.

    Parameters
    ----------
    table : a :func:`judgement_sensitivity` table

    Returns
    -------
    pandas.DataFrame
        Columns source, target, breaks, makes; the most breaking first.
    """
    counts = table.groupby(["source", "target", "effect"]).size().unstack("effect", fill_value=0)
    for effect in ("breaks", "makes"):
        if effect not in counts:
            counts[effect] = 0
    counts = counts[["breaks", "makes"]].reset_index()
    counts.columns.name = None
    return counts.sort_values(["breaks", "makes"], ascending=False, kind="stable").reset_index(
        drop=True
    )

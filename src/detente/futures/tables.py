"""Tidy tables of a futures study for the front ends (the CLI prints them, the report shows them).

Every table here is computed from the study; front ends only choose which to print.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from detente.futures.load import Futures
from detente.futures.matrix import CrossImpactMatrix
from detente.futures.scores import balances, descriptor_inconsistency
from detente.futures.succession import Path


def descriptors_table(futures: Futures) -> pd.DataFrame:
    """One row per variant: descriptor, variant, names, expert probability, bridged scenarios.

    Parameters
    ----------
    futures : the study

    Returns
    -------
    pandas.DataFrame
        Columns descriptor, variant, descriptor_name, variant_name, probability, changes_on.
    """
    rows = []
    for d in futures.spec.descriptors:
        for v in d.variants:
            bridged = [
                sid for sid, b in futures.spec.bridges.items() if b.changes.get(f"{d.id}.{v.id}")
            ]
            rows.append(
                {
                    "descriptor": d.id,
                    "variant": v.id,
                    "descriptor_name": d.name,
                    "variant_name": v.name,
                    "probability": v.probability,
                    "changes_on": ", ".join(bridged),
                }
            )
    return pd.DataFrame(rows)


def matrix_table(matrix: CrossImpactMatrix) -> pd.DataFrame:
    """The judgements as a table: one row per source variant, one column per target variant.

    Parameters
    ----------
    matrix : the cross-impact matrix

    Returns
    -------
    pandas.DataFrame
        First column ``from \\ to``, then one column per ``descriptor.variant``.
    """
    labels = [f"{d.id}.{v}" for d in matrix.descriptors for v in d.variants]
    frame = pd.DataFrame(matrix.values, columns=labels)
    if matrix.is_integer:
        frame = frame.astype(int)
    frame.insert(0, "from \\ to", labels)
    return frame


def sections_table(futures: Futures) -> pd.DataFrame:
    """One row per judgement section: from, to, its rationale.

    Parameters
    ----------
    futures : the study

    Returns
    -------
    pandas.DataFrame
        Columns from, to, rationale.
    """
    return pd.DataFrame(
        [
            {"from": s.source, "to": s.target, "rationale": s.rationale}
            for s in futures.spec.judgements
        ],
        columns=["from", "to", "rationale"],
    )


def path_table(matrix: CrossImpactMatrix, path: Path) -> pd.DataFrame:
    """One row per step of a succession: the scenario, what moved, and its inconsistency.

    Parameters
    ----------
    matrix : the cross-impact matrix
    path : a succession (:func:`detente.futures.succession.path`)

    Returns
    -------
    pandas.DataFrame
        Columns step, the descriptors, moved, inconsistency, attractor.
    """
    inc = descriptor_inconsistency(matrix, path.states).max(axis=1)
    rows: list[dict[str, Any]] = []
    for k, state in enumerate(path.states):
        moved = (
            [
                d.id
                for d, a, b in zip(matrix.descriptors, path.states[k - 1], state, strict=True)
                if a != b
            ]
            if k
            else []
        )
        rows.append(
            {
                "step": k,
                **matrix.variant_ids(state),
                "moved": ", ".join(moved),
                "inconsistency": inc[k],
                "attractor": path.period > 0 and k >= path.entered,
            }
        )
    return pd.DataFrame(rows)


def balance_table(matrix: CrossImpactMatrix, local: np.ndarray) -> pd.DataFrame:
    """The impact balance of every variant in one scenario, the chosen ones marked.

    Parameters
    ----------
    matrix : the cross-impact matrix
    local : (n,) the scenario's local indices

    Returns
    -------
    pandas.DataFrame
        Columns descriptor, variant, balance, chosen.
    """
    bal = balances(matrix, np.asarray(local))
    chosen = set(matrix.rows(np.asarray(local)).tolist())
    return pd.DataFrame(
        [
            {
                "descriptor": d.id,
                "variant": v,
                "balance": bal[matrix.offsets[j] + k],
                "chosen": matrix.offsets[j] + k in chosen,
            }
            for j, d in enumerate(matrix.descriptors)
            for k, v in enumerate(d.variants)
        ]
    )

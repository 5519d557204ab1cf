"""The exchanges as a tidy table: who gave way on which issue, for what, and who else gained."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from detente.core.trajectory import Columns, Trajectory


COLUMNS = (
    "round",
    "run",
    "actor",
    "gives",
    "from",
    "to",
    "partner",
    "gets",
    "partner_from",
    "partner_to",
    "gain",
    "partner_gain",
    "third_party",
)


def explain(trajectory: Trajectory) -> Columns:
    """One row per realised exchange, in the order carried out, positions on the issues' scales.

    ``actor`` gives way on ``gives`` (moving ``from`` -> ``to``) in return for ``partner`` giving
    way on ``gets``; ``gain`` and ``partner_gain`` are their utility gains (salience x shift of
    the expected outcome) and ``third_party`` the sum of the externalities to all other actors
    (per actor in ``diagnostics["externality"]``).

    Parameters
    ----------
    trajectory : an exchange trajectory

    Returns
    -------
    Columns
        One array per column (names above), one entry per exchange.
    """
    table = trajectory.diagnostics["exchanges"]
    if len(table["run"]) == 0:
        return {c: np.zeros(0) for c in COLUMNS}
    low, span = trajectory.diagnostics["scale"]
    actors, issues = np.array(trajectory.actor_ids), np.array(trajectory.issue_ids)
    ai, aj = table["actor_i"], table["actor_j"]
    p, q = table["issue_p"], table["issue_q"]
    third = trajectory.diagnostics["externality"].copy()
    rows = np.arange(len(ai))
    third[rows, ai] = third[rows, aj] = 0.0

    def scale(v: np.ndarray, issue: np.ndarray) -> np.ndarray:
        return v / 100.0 * span[issue] + low[issue]

    return {
        "round": table["round"],
        "run": table["run"],
        "actor": actors[ai],
        "gives": issues[q],
        "from": scale(table["from_i"], q),
        "to": scale(table["to_i"], q),
        "partner": actors[aj],
        "gets": issues[p],
        "partner_from": scale(table["from_j"], p),
        "partner_to": scale(table["to_j"], p),
        "gain": table["gain_i"],
        "partner_gain": table["gain_j"],
        "third_party": third.sum(axis=1),
    }

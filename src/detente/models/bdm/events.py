"""A tidy table of who offered what to whom each round, and which offer each actor took."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from detente.models.bdm.offers import OFFER_TYPES

if TYPE_CHECKING:
    from detente.core.trajectory import Columns, Trajectory

COLUMNS = (
    "round", "run", "issue", "actor", "proposer", "type", "position", "offered",
    "accepted", "risk", "eu_actor", "eu_proposer",
)  # fmt: skip


def explain(traj: Trajectory) -> Columns:
    """One row per offer (or per accepted offer when pairwise offers were not recorded).

    Columns: round, run, issue, actor (receiver), proposer, type (conflict, compromise, compel),
    position (before the round), offered (where the offer would put the actor), accepted,
    risk (the actor's exponent that round) and, when recorded, eu_actor = E^i(U_ij) and
    eu_proposer = E^j(U_ji) as the model judged them.

    Parameters
    ----------
    traj : a bdm trajectory

    Returns
    -------
    Columns
        One array per column (names above), one entry per offer, sorted by round, run, issue,
        actor and proposer.
    """
    diag = traj.diagnostics
    if "accepted" not in diag:
        return {c: np.zeros(0) for c in COLUMNS}
    accepted = diag["accepted"]  # (rounds, runs, actors, issues)
    if "kind" in diag:
        t, r, i, j, k = np.nonzero(diag["kind"])
        kind = diag["kind"][t, r, i, j, k]
        offered = diag["target"][t, r, i, j, k]
        taken = accepted[t, r, i, k] == j
        eu_a, eu_b = diag["eu_own"][t, r, i, j, k], diag["eu_other"][t, r, i, j, k]
    else:
        t, r, i, k = np.nonzero(accepted >= 0)
        j = accepted[t, r, i, k]
        kind = diag["accepted_kind"][t, r, i, k]
        offered = traj.positions[t + 1, r, i, k]
        taken = np.ones(len(t), bool)
        eu_a = eu_b = np.full(len(t), np.nan)
    actors, issues = np.array(traj.actor_ids), np.array(traj.issue_ids)
    table = {
        "round": t + 1,
        "run": r,
        "issue": issues[k],
        "actor": actors[i],
        "proposer": actors[j],
        "type": np.array([OFFER_TYPES[int(v)] for v in kind], dtype=object),
        "position": traj.positions[t, r, i, k],
        "offered": offered,
        "accepted": taken,
        "risk": diag["risk"][t, r, i, k],
        "eu_actor": eu_a,
        "eu_proposer": eu_b,
    }
    order = np.lexsort([table[c] for c in ("proposer", "actor", "issue", "run", "round")])
    return {c: table[c][order] for c in COLUMNS}

"""A tidy table of who offered what to whom each round, and which offer each actor took."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from detente.models.bdm.offers import OFFER_TYPES

if TYPE_CHECKING:
    import pandas as pd

    from detente.core.trajectory import Trajectory


def explain(traj: Trajectory) -> pd.DataFrame:
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
    pandas.DataFrame
        One row per offer (columns above).
    """
    import pandas as pd

    diag = traj.diagnostics
    columns = [
        "round", "run", "issue", "actor", "proposer", "type", "position", "offered",
        "accepted", "risk", "eu_actor", "eu_proposer",
    ]  # fmt: skip
    if "accepted" not in diag:
        return pd.DataFrame(columns=columns)
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
    table = pd.DataFrame(
        {
            "round": t + 1,
            "run": r,
            "issue": issues[k],
            "actor": actors[i],
            "proposer": actors[j],
            "type": [OFFER_TYPES[int(v)] for v in kind],
            "position": traj.positions[t, r, i, k],
            "offered": offered,
            "accepted": taken,
            "risk": diag["risk"][t, r, i, k],
            "eu_actor": eu_a,
            "eu_proposer": eu_b,
        },
        columns=columns,
    )
    return table.sort_values(["round", "run", "issue", "actor", "proposer"], ignore_index=True)

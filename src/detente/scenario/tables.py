"""A scenario as tidy tables: its stances, the stance grid, the issues' anchors, the forums."""

from __future__ import annotations

import pandas as pd

from detente.scenario.schema import Scenario


def stances_frame(s: Scenario) -> pd.DataFrame:
    """Every stance: one row per actor and issue.

    Parameters
    ----------
    s : a scenario

    Returns
    -------
    pandas.DataFrame
        Columns actor, issue, position, salience, position_sd, salience_sd.
    """
    rows = [
        {"actor": a, "issue": i, "position": st.position, "salience": st.salience,
         "position_sd": st.position_sd, "salience_sd": st.salience_sd}
        for a, row in s.stances.items()
        for i, st in row.items()
    ]  # fmt: skip
    return pd.DataFrame(rows)


def stance_grid(s: Scenario) -> pd.DataFrame:
    """Actors x issues, each cell 'position (salience)', with the actor's capability.

    Parameters
    ----------
    s : a scenario

    Returns
    -------
    pandas.DataFrame
        Columns actor, capability and one text column per issue.
    """
    rows = []
    for actor in s.actors:
        row: dict[str, object] = {"actor": actor.id, "capability": actor.capability}
        for issue in s.issues:
            st = s.stances[actor.id][issue.id]
            row[issue.id] = f"{st.position:g} ({st.salience:g})"
        rows.append(row)
    return pd.DataFrame(rows)


def anchors_frame(s: Scenario) -> pd.DataFrame:
    """One row per issue: its scale and the texts of its anchor points 0, 50 and 100.

    Parameters
    ----------
    s : a scenario

    Returns
    -------
    pandas.DataFrame
        Columns issue, name, scale, 0, 50, 100.
    """
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


def forums_frame(s: Scenario) -> pd.DataFrame:
    """One row per forum (the implicit plenary when none is given).

    Parameters
    ----------
    s : a scenario

    Returns
    -------
    pandas.DataFrame
        Columns forum, name, members (comma-separated).
    """
    rows = [
        {"forum": f.id, "name": f.name, "members": ", ".join(f.members)}
        for f in s.effective_forums()
    ]
    return pd.DataFrame(rows)

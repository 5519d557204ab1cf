"""The dynamic models' convergence in words: how each forecast ended, per issue.

A dynamic model (bdm, smp, exchange) may converge, cycle between positions or stop at its round
limit (``detente.core.convergence``); the workspace and the report show these phrases beside a
forecast so a cycling run never reads as a settled answer (issue 17).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from detente.core.trajectory import Trajectory
from detente.models.registry import get_model
from detente.results.forecast import ForecastResult
from detente.scenario.schema import Scenario


def convergence_table(results: Sequence[ForecastResult]) -> pd.DataFrame:
    """How each dynamic model's forecast ended, per issue, in words (static models left out).

    Parameters
    ----------
    results : forecasts of the same scenario by different models

    Returns
    -------
    pandas.DataFrame
        Column ``issue`` and one column per dynamic model, each cell 'converged',
        'cycling (period p, low to high, mean m)', 'positions cycle (period p), forecast steady'
        or 'round limit (n rounds)'; no model columns when no model is dynamic.
    """
    s: Scenario = results[0].request.loaded
    table = pd.DataFrame({"issue": s.issue_ids})
    for r in results:
        if get_model(r.trajectory.model).dynamic:
            table[r.trajectory.model] = convergence_words(r.trajectory)
    return table


def convergence_words(traj: Trajectory, run: int = 0) -> list[str]:
    """One phrase per issue saying how the run ended (see :func:`convergence_table`).

    Parameters
    ----------
    traj : a model's trajectory
    run : the run

    Returns
    -------
    list[str]
        A phrase per issue, in the trajectory's issue order.
    """
    out = []
    swings = traj.convergence.swings(run)
    for k, record in enumerate(traj.convergence.records(traj.issue_ids, run)):
        status = record["status"]
        if status == "cycling" and not swings[k]:
            out.append(f"positions cycle (period {record['period']}), forecast steady")
        elif status == "cycling":
            out.append(f"cycling (period {record['period']}, {record['low']:.1f} to "
                       f"{record['high']:.1f}, mean {record['mean']:.1f})")  # fmt: skip
        elif status == "round limit":
            out.append(f"round limit ({traj.convergence.rounds} rounds)")
        else:
            out.append(status)
    return out

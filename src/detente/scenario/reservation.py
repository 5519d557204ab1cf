"""Reservation values as numbers: what no deal is worth to each actor, on the 0-1 utility scale.

A reservation may be stated as a utility or as the positions an actor would still accept
(:class:`detente.scenario.schema.Reservation`); both become one number per actor here, less the
actor's exit cost, on the scale of :mod:`detente.core.utility`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from detente.core.utility import worst_accepted

if TYPE_CHECKING:
    from detente.scenario.schema import Actor, Scenario


def _stated(s: Scenario, actor: Actor) -> float:
    """The actor's reservation value before the exit cost (NaN without one)."""
    r = actor.reservation
    if r is None:
        return float("nan")
    if r.utility is not None:
        return float(r.utility)
    issues = s.issues
    pos = np.array([s.stances[actor.id][i.id].position for i in issues], float)
    sal = np.array([s.stances[actor.id][i.id].salience for i in issues], float)
    low = np.array([r.accepts.get(i.id, (i.scale.low, i.scale.high))[0] for i in issues], float)
    high = np.array([r.accepts.get(i.id, (i.scale.low, i.scale.high))[1] for i in issues], float)
    span = np.array([i.scale.high - i.scale.low for i in issues], float)
    return float(worst_accepted(pos[None], sal[None], low[None], high[None], span)[0])


def reservation_values(s: Scenario) -> np.ndarray:
    """(actors,) reservation value less exit cost, clipped at 0; NaN for actors without one.

    Parameters
    ----------
    s : the scenario

    Returns
    -------
    numpy.ndarray
        (actors,) values.
    """
    stated = np.array([_stated(s, a) for a in s.actors], float)
    cost = np.array([a.reservation.exit_cost if a.reservation else 0.0 for a in s.actors])
    return np.where(np.isnan(stated), np.nan, np.maximum(stated - cost, 0.0))


def reservation_sds(s: Scenario) -> np.ndarray:
    """(actors,) the stated uncertainty of each reservation value (0 where none is stated).

    Parameters
    ----------
    s : the scenario

    Returns
    -------
    numpy.ndarray
        (actors,) sds.
    """
    return np.array([a.reservation.utility_sd if a.reservation else 0.0 for a in s.actors])


def veto_players(s: Scenario) -> np.ndarray:
    """(actors,) True for the actors without whom the talks fail.

    Parameters
    ----------
    s : the scenario

    Returns
    -------
    numpy.ndarray
        (actors,) bool.
    """
    return np.array([a.veto for a in s.actors], bool)

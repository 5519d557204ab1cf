"""Where a roadmap sits in time: its start, and the same plan moved to start on another day.

An illustrative roadmap (a proposal, not an agreement) carries placeholder dates. Shown beside a
scenario, it is dated from the scenario's own date: every deadline, agreement and event keeps its
distance from the plan's start.
"""

from __future__ import annotations

import datetime as dt

from detente.roadmap.schema import Roadmap


def plan_start(roadmap: Roadmap) -> dt.date | None:
    """The day the plan starts: its first stage's ``agreed`` date, else its earliest date.

    Parameters
    ----------
    roadmap : a roadmap

    Returns
    -------
    datetime.date or None
        The start, or None for a roadmap without any date.
    """
    first = roadmap.stages[0].agreed
    if first is not None:
        return first
    dates = [d for s in roadmap.stages for d in (s.agreed, s.deadline) if d is not None]
    dates += [e.date for e in roadmap.events]
    return min(dates, default=None)


def rebased(roadmap: Roadmap, start: dt.date) -> Roadmap:
    """The same roadmap with every date moved so that the plan starts on ``start``.

    Parameters
    ----------
    roadmap : a roadmap
    start : the new start

    Returns
    -------
    Roadmap
        Stage agreements, deadlines and events all moved by the same number of days (the
        roadmap itself when it has no date).
    """
    old = plan_start(roadmap)
    if old is None or old == start:
        return roadmap
    delta = start - old

    def moved(day: dt.date | None) -> dt.date | None:
        return None if day is None else day + delta

    stages = tuple(
        s.model_copy(update={"agreed": moved(s.agreed), "deadline": moved(s.deadline)})
        for s in roadmap.stages
    )
    events = tuple(e.model_copy(update={"date": e.date + delta}) for e in roadmap.events)
    return roadmap.model_copy(update={"stages": stages, "events": events})

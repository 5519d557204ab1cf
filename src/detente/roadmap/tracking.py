"""The state of a roadmap on any date, replayed from its events.

An action is done on the date of its ``done`` (or ``verified``) event or, for actions with a
quantity, of the delivery that brings the running total to the pledged amount. Events naming a
stage apply to each of its actions (deliveries excepted). A stage is done when all its actions
are; it is *blocked* while a precondition is unmet and nothing of it has started, and *late* when
its deadline has passed before it was done.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from detente.roadmap.schema import Action, Event, Roadmap, Stage


@dataclass(frozen=True)
class ActionState:
    """What had happened to one action by a given date."""

    action: Action
    delivered: float
    started: dt.date | None
    done: dt.date | None
    verified: dt.date | None
    missed: dt.date | None
    suspended: bool

    @property
    def state(self) -> str:
        """'verified', 'done', 'suspended', 'missed', 'started' or 'not started'."""
        if self.verified:
            return "verified"
        if self.done:
            return "done"
        if self.suspended:
            return "suspended"
        if self.missed:
            return "missed"
        return "started" if self.started or self.delivered > 0 else "not started"


def events_until(roadmap: Roadmap, on: dt.date) -> list[Event]:
    """The roadmap's events up to and including ``on``, in date order (ties keep file order).

    Parameters
    ----------
    roadmap : the roadmap
    on : the date

    Returns
    -------
    list[Event]
        The events.
    """
    return sorted((e for e in roadmap.events if e.date <= on), key=lambda e: e.date)


def action_states(roadmap: Roadmap, on: dt.date) -> dict[str, ActionState]:
    """Replay the events up to ``on`` into one :class:`ActionState` per action.

    Parameters
    ----------
    roadmap : the roadmap
    on : the date

    Returns
    -------
    dict[str, ActionState]
        {action id: its state}.
    """
    events = events_until(roadmap, on)
    stage_of = {a.id: s.id for s in roadmap.stages for a in s.actions}
    states = {}
    for a in roadmap.actions:
        mine = [e for e in events if e.action == a.id or e.stage == stage_of[a.id]]
        states[a.id] = _replay(a, mine)
    return states


def _replay(a: Action, events: list[Event]) -> ActionState:
    """Fold the action's own events and its stage's events (which apply to every action of the
    stage, deliveries excepted) into its state."""
    total, started, done, verified, missed, suspended = 0.0, None, None, None, None, False
    for e in events:
        if e.kind == "delivered":
            if e.action == a.id and e.quantity is not None:
                total = e.quantity if e.cumulative else total + e.quantity
                started = started or e.date
                if a.quantity is not None and done is None and total >= a.quantity:
                    done = e.date
        elif e.kind == "started":
            started = started or e.date
        elif e.kind in ("done", "verified"):
            done = done or e.date
            if e.kind == "verified":
                verified = verified or e.date
        elif e.kind == "missed":
            missed = missed or e.date
        else:
            suspended = e.kind == "suspended"
    return ActionState(a, total, started, done, verified, missed, suspended and done is None)


def status(roadmap: Roadmap, on: dt.date) -> pd.DataFrame:
    """One row per stage: state, actions done, completion date, days late, what blocks it.

    Parameters
    ----------
    roadmap : the roadmap
    on : the date

    Returns
    -------
    pandas.DataFrame
        Columns stage, name, state, actions_done, deadline, completed, days_late, missed,
        blocked_by.
    """
    states = action_states(roadmap, on)
    finished: dict[str, tuple[dt.date | None, dt.date | None]] = {}
    rows = []
    for stage in roadmap.stages:
        mine = [states[a.id] for a in stage.actions]
        done = _all_dates([s.done for s in mine])
        verified = _all_dates([s.verified for s in mine])
        finished[stage.id] = (done, verified)
        unmet = [
            q.stage
            for q in stage.requires
            if finished[q.stage][0 if q.state == "done" else 1] is None
        ]
        rows.append(
            {
                "stage": stage.id,
                "name": stage.name,
                "state": _stage_state(stage, mine, done, verified, unmet, on),
                "actions_done": f"{sum(s.done is not None for s in mine)}/{len(mine)}",
                "deadline": stage.deadline,
                "completed": done,
                "days_late": _days_late(stage.deadline, done, on),
                "missed": sum(s.missed is not None and s.done is None for s in mine),
                "blocked_by": ", ".join(unmet),
            }
        )
    table = pd.DataFrame(rows)
    table["days_late"] = table["days_late"].astype("Int64")
    return table


def _all_dates(dates: list[dt.date | None]) -> dt.date | None:
    known = [d for d in dates if d is not None]
    return max(known) if len(known) == len(dates) and known else None


def _stage_state(
    stage: Stage,
    mine: list[ActionState],
    done: dt.date | None,
    verified: dt.date | None,
    unmet: list[str],
    on: dt.date,
) -> str:
    if verified:
        return "verified"
    if done:
        return "done"
    begun = any(s.state != "not started" for s in mine)
    if unmet and not begun:
        return "blocked"
    if any(s.suspended for s in mine):
        return "suspended"
    if stage.deadline is not None and stage.deadline < on:
        return "late"
    return "in progress" if begun else "not started"


def _days_late(deadline: dt.date | None, done: dt.date | None, on: dt.date) -> int | None:
    if deadline is None:
        return None
    end = done or on
    return max(0, (end - deadline).days) if end > deadline else 0


def actions_table(roadmap: Roadmap, on: dt.date) -> pd.DataFrame:
    """One row per action: who, what, state, dates, delivered so far.

    Parameters
    ----------
    roadmap : the roadmap
    on : the date

    Returns
    -------
    pandas.DataFrame
        The actions' states.
    """
    states = action_states(roadmap, on)
    rows = []
    for stage in roadmap.stages:
        for a in stage.actions:
            s = states[a.id]
            rows.append(
                {
                    "stage": stage.id,
                    "action": a.id,
                    "actor": a.actor,
                    "group": a.group or "",
                    "what": a.what,
                    "state": s.state,
                    "started": s.started,
                    "done": s.done,
                    "quantity": a.quantity,
                    "delivered": s.delivered if a.quantity is not None else None,
                    "unit": a.unit or "",
                }
            )
    return pd.DataFrame(rows)


def groups_table(roadmap: Roadmap, on: dt.date) -> pd.DataFrame:
    """Progress of each group of actions: how many done, and the date of the last one.

    Parameters
    ----------
    roadmap : the roadmap
    on : the date

    Returns
    -------
    pandas.DataFrame
        Columns group, done, total, last_done.
    """
    table = actions_table(roadmap, on)
    table = table[table["group"] != ""]
    rows = []
    for group, part in table.groupby("group", sort=False):
        done = part["done"].dropna()
        rows.append(
            {
                "group": group,
                "done": len(done),
                "total": len(part),
                "last_done": max(done) if len(done) else None,
            }
        )
    return pd.DataFrame(rows, columns=["group", "done", "total", "last_done"])


def issue_state(roadmap: Roadmap, on: dt.date) -> dict[str, float]:
    """Where each moved issue stands on ``on``: baseline plus the moves of what was carried out.

    A done action counts in full; an action with a quantity that is partly delivered counts in
    proportion (half the fuel oil, half its move). Issues no action moves keep their baseline.

    Parameters
    ----------
    roadmap : the roadmap
    on : the date

    Returns
    -------
    dict[str, float]
        {issue id: value}.
    """
    state = dict(roadmap.baseline)
    for s in action_states(roadmap, on).values():
        a = s.action
        if s.done is not None:
            share = 1.0
        elif a.quantity:
            share = min(1.0, s.delivered / a.quantity)
        else:
            share = 0.0
        for iid, move in a.issue_moves().items():
            state[iid] = state.get(iid, 0.0) + share * move
    return state


def plan_table(roadmap: Roadmap) -> pd.DataFrame:
    """The plan: one row per action with its stage, deadline, preconditions and issue moves.

    Parameters
    ----------
    roadmap : a roadmap

    Returns
    -------
    pandas.DataFrame
        Columns stage, deadline, requires, action, actor, what, quantity, unit, moves.
    """
    rows = [
        {
            "stage": s.id,
            "deadline": s.deadline,
            "requires": ", ".join(f"{q.stage}:{q.state}" for q in s.requires),
            "action": a.id,
            "actor": a.actor,
            "what": a.what,
            "quantity": a.quantity,
            "unit": a.unit or "",
            "moves": ", ".join(f"{k} {v:+g}" for k, v in a.issue_moves().items()),
        }
        for s in roadmap.stages
        for a in s.actions
    ]
    return pd.DataFrame(rows)


def timeline_frame(roadmap: Roadmap, on: dt.date) -> pd.DataFrame:
    """Per stage: planned start/end (agreed to deadline), actual start/end (first event to done).

    Parameters
    ----------
    roadmap : a roadmap
    on : the date its events are read to

    Returns
    -------
    pandas.DataFrame
        See :func:`timeline_rows`.
    """
    return pd.DataFrame(timeline_rows(roadmap, on))


def timeline_rows(roadmap: Roadmap, on: dt.date) -> list[dict[str, Any]]:
    """The timeline as plain rows: what a Gantt chart of the roadmap draws.

    Parameters
    ----------
    roadmap : a roadmap
    on : the date its events are read to

    Returns
    -------
    list[dict[str, Any]]
        Per stage: stage, planned_start, planned_end, actual_start, actual_end, state and
        missed (the dates of steps missed and not done since).
    """
    states = action_states(roadmap, on)
    table = status(roadmap, on).set_index("stage")
    rows, previous_end = [], None
    for stage in roadmap.stages:
        mine = [states[a.id] for a in stage.actions]
        begun = [d for s in mine for d in (s.started, s.done) if d is not None]
        planned_start = stage.agreed or previous_end
        rows.append(
            {
                "stage": stage.id,
                "planned_start": planned_start,
                "planned_end": stage.deadline,
                "actual_start": min(begun) if begun else None,
                "actual_end": table.at[stage.id, "completed"] or (on if begun else None),
                "state": table.at[stage.id, "state"],
                "missed": [s.missed for s in mine if s.missed is not None and s.done is None],
            }
        )
        previous_end = stage.deadline or previous_end
    return rows

"""A phased 'action for action' roadmap: stages of actions, preconditions, deadlines, events.

Plain, validated, immutable data (pydantic v2), like :class:`detente.scenario.Scenario`. Checks
that need the scenario (actor and issue ids) live in :mod:`detente.roadmap.load`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from detente.scenario.checks import InconsistentScenario
from detente.scenario.schema import Frozen, Id, Scenario, Source

EventKind = Literal["started", "done", "verified", "missed", "delivered", "suspended", "resumed"]
ActionKind = Literal["step", "aid", "cost"]


class Action(Frozen):
    """One thing one party does: what, how much, and which issue it moves by how many points.

    ``kind`` says where it is counted: ``aid`` and ``cost`` actions are pledges that the ledger
    follows delivery by delivery; ``step`` actions are done or not. ``group`` labels actions that
    are counted together in reports (e.g. the twelve disablement steps).
    """

    id: Id
    actor: str
    what: str
    kind: ActionKind = "step"
    group: str | None = None
    quantity: float | None = None
    unit: str | None = None
    issue: str | None = None
    shift: float = 0.0
    moves: dict[str, float] = Field(default_factory=dict)
    notes: str | None = None
    sources: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _sane(self) -> Action:
        if self.quantity is not None and self.quantity < 0:
            raise ValueError(f"quantity: {self.quantity:g} is negative; give 0 or more")
        if self.kind != "step" and self.quantity is None:
            raise ValueError(f"quantity: missing; a '{self.kind}' action needs the amount pledged")
        if self.shift and self.issue is None:
            raise ValueError("issue: missing; a shift needs the issue it moves")
        if self.issue is not None and self.issue in self.moves:
            raise ValueError(f"moves.{self.issue}: given twice (also as 'issue'); keep one")
        return self

    def issue_moves(self) -> dict[str, float]:
        """Every issue this action moves, with the move in points of the issue's scale."""
        moves = dict(self.moves)
        if self.issue is not None:
            moves[self.issue] = self.shift
        return moves


class Requirement(Frozen):
    """A precondition: an earlier stage that must be done (or verified) first."""

    stage: str
    state: Literal["done", "verified"] = "done"


class Stage(Frozen):
    """A phase of the roadmap: its actions, what must come first, its deadline, its verification."""

    id: Id
    name: str = ""
    agreed: dt.date | None = None
    deadline: dt.date | None = None
    requires: tuple[Requirement, ...] = ()
    verification: str = ""
    actions: tuple[Action, ...] = Field(min_length=1)
    notes: str | None = None
    sources: tuple[str, ...] = ()

    @field_validator("requires", mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        """'shutdown' means {stage: shutdown, state: done}; 'shutdown:verified' the stricter."""
        if isinstance(value, list | tuple):
            return [_requirement(v) for v in value]
        return value


def _requirement(value: Any) -> Any:
    if isinstance(value, str):
        stage, _, state = value.partition(":")
        return {"stage": stage, "state": state or "done"}
    return value


class Event(Frozen):
    """Something that happened to an action (or a whole stage) on a date.

    ``delivered`` events carry a quantity in the action's unit; with ``cumulative: true`` the
    quantity is the running total so far rather than this delivery alone.
    """

    date: dt.date
    kind: EventKind
    action: str | None = None
    stage: str | None = None
    quantity: float | None = None
    cumulative: bool = False
    precision: Literal["day", "month"] = "day"
    notes: str | None = None
    sources: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _target(self) -> Event:
        if (self.action is None) == (self.stage is None):
            raise ValueError("give exactly one of 'action' or 'stage'")
        if self.kind == "delivered" and self.quantity is None:
            raise ValueError("quantity: missing; a delivery needs the amount delivered")
        if self.quantity is not None and self.quantity < 0:
            raise ValueError(f"quantity: {self.quantity:g} is negative; give 0 or more")
        return self


class Roadmap(Frozen):
    """A phased agreement between the parties of a scenario, with its record of events.

    ``scenario`` names the scenario (bundled name, a path relative to the roadmap file, or the
    scenario itself inline). ``baseline`` is the state of each issue before stage one (issues
    left out start at the low end of their scale). ``principal`` is the party whose steps the
    others reward (the DPRK in the Korean case); the optimiser's orderings are built around it.
    """

    id: Id
    name: str
    description: str = ""
    illustrative: bool = False
    scenario: str | Scenario
    principal: str | None = None
    baseline: dict[str, float] = Field(default_factory=dict)
    stages: tuple[Stage, ...] = Field(min_length=1)
    events: tuple[Event, ...] = ()
    sources: dict[str, Source] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Roadmap:
        from detente.roadmap.checks import check_roadmap

        problems = check_roadmap(self)
        if problems:
            raise InconsistentScenario(problems)
        return self

    # -- convenience -------------------------------------------------------------------------
    @property
    def actions(self) -> list[Action]:
        return [a for s in self.stages for a in s.actions]

    def action(self, action_id: str) -> Action:
        return next(a for a in self.actions if a.id == action_id)

    def stage_of(self, action_id: str) -> Stage:
        return next(s for s in self.stages if any(a.id == action_id for a in s.actions))

    def stage(self, stage_id: str) -> Stage:
        return next(s for s in self.stages if s.id == stage_id)

    @property
    def parties(self) -> list[str]:
        """Actors with at least one action, in order of first appearance."""
        return list(dict.fromkeys(a.actor for a in self.actions))

    def duplicate_ids(self) -> list[str]:
        ids = [s.id for s in self.stages] + [a.id for a in self.actions]
        return sorted(i for i, n in Counter(ids).items() if n > 1)

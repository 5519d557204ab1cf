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
        """Every issue this action moves, with the move in points of the issue's scale.

        Returns
        -------
        dict[str, float]
            {issue id: move}.
        """
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
        problems = check_roadmap(self)
        if problems:
            raise InconsistentScenario(problems)
        return self

    # -- convenience -------------------------------------------------------------------------
    @property
    def actions(self) -> list[Action]:
        """Every action of every stage, in order."""
        return [a for s in self.stages for a in s.actions]

    def action(self, action_id: str) -> Action:
        """The action with id ``action_id``.

        Parameters
        ----------
        action_id : an action's id

        Returns
        -------
        Action
            The action.
        """
        return next(a for a in self.actions if a.id == action_id)

    def stage_of(self, action_id: str) -> Stage:
        """The stage holding the action ``action_id``.

        Parameters
        ----------
        action_id : an action's id

        Returns
        -------
        Stage
            Its stage.
        """
        return next(s for s in self.stages if any(a.id == action_id for a in s.actions))

    def stage(self, stage_id: str) -> Stage:
        """The stage with id ``stage_id``.

        Parameters
        ----------
        stage_id : a stage's id

        Returns
        -------
        Stage
            The stage.
        """
        return next(s for s in self.stages if s.id == stage_id)

    @property
    def parties(self) -> list[str]:
        """Actors with at least one action, in order of first appearance."""
        return list(dict.fromkeys(a.actor for a in self.actions))

    def duplicate_ids(self) -> list[str]:
        """Ids used by more than one stage or action.

        Returns
        -------
        list[str]
            The ids, sorted.
        """
        ids = [s.id for s in self.stages] + [a.id for a in self.actions]
        return sorted(i for i, n in Counter(ids).items() if n > 1)


# -- cross-field rules of a roadmap on its own (the scenario's ids: detente.roadmap.checks) -----
Problems = list[tuple[str, str]]


def check_roadmap(r: Roadmap) -> Problems:
    """Everything wrong with the roadmap on its own (the scenario is checked separately).

    Parameters
    ----------
    r : the roadmap

    Returns
    -------
    list[tuple[str, str]]
        One (field path, message) per problem.
    """
    problems: Problems = []
    dups = r.duplicate_ids()
    if dups:
        problems.append(("stages", f"duplicate stage/action id(s) {dups}: each id must be unique"))
    problems += _requirement_problems(r)
    problems += _event_problems(r)
    problems += _citation_problems(r)
    return problems


def _requirement_problems(r: Roadmap) -> Problems:
    order = {s.id: i for i, s in enumerate(r.stages)}
    problems: Problems = []
    for i, stage in enumerate(r.stages):
        for j, req in enumerate(stage.requires):
            where = f"stages.{i}.requires.{j}"
            if req.stage == stage.id:
                problems.append((where, f"stage '{stage.id}' requires itself; remove it"))
            elif req.stage not in order:
                problems.append(
                    (where, f"requires unknown stage '{req.stage}' (stages: {', '.join(order)})")
                )
    cycle = _cycle(r)
    if cycle:
        i = order[cycle[0]]
        problems.append(
            (
                f"stages.{i}.requires",
                f"preconditions form a cycle {' -> '.join([*cycle, cycle[0]])}; break it",
            )
        )
    else:
        for i, stage in enumerate(r.stages):
            for j, req in enumerate(stage.requires):
                if req.stage in order and order[req.stage] > i:
                    problems.append(
                        (
                            f"stages.{i}.requires.{j}",
                            f"requires '{req.stage}', which comes later; "
                            "list stages in the order they can happen",
                        )
                    )
    return problems


def _cycle(r: Roadmap) -> list[str]:
    """One cycle of two or more stages in the precondition graph, or [] when there is none."""
    graph = {s.id: [q.stage for q in s.requires if q.stage != s.id] for s in r.stages}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str]:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :]
            if nxt in graph and nxt not in state:
                found = visit(nxt, [*path, nxt])
                if found:
                    return found
        state[node] = 2
        return []

    for start in graph:
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return []


def _event_problems(r: Roadmap) -> Problems:
    actions = {a.id: a for a in r.actions}
    stages = {s.id for s in r.stages}
    problems: Problems = []
    for i, ev in enumerate(r.events):
        if ev.action is not None and ev.action not in actions:
            problems.append(
                (
                    f"events.{i}.action",
                    f"no action '{ev.action}' in this roadmap; "
                    "use the id of one of the stages' actions",
                )
            )
        if ev.stage is not None and ev.stage not in stages:
            problems.append(
                (
                    f"events.{i}.stage",
                    f"no stage '{ev.stage}' in this roadmap (stages: {', '.join(stages)})",
                )
            )
        if ev.kind == "delivered" and ev.action in actions and actions[ev.action].quantity is None:
            problems.append(
                (
                    f"events.{i}.kind",
                    f"action '{ev.action}' has no quantity to "
                    "deliver; give the action a quantity and unit, or use 'done'",
                )
            )
    return problems


def _citation_problems(r: Roadmap) -> Problems:
    if not r.sources:
        return []
    cited = [(f"stages.{i}", c) for i, s in enumerate(r.stages) for c in s.sources]
    cited += [
        (f"stages.{i}.actions.{j}", c)
        for i, s in enumerate(r.stages)
        for j, a in enumerate(s.actions)
        for c in a.sources
    ]
    cited += [(f"events.{i}", c) for i, e in enumerate(r.events) for c in e.sources]
    missing = Counter(where for where, c in cited if c not in r.sources)
    return [
        (where, "cites source ids that are not defined; add them under 'sources'")
        for where in missing
    ]

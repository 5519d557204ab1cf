"""The scenario: who sits at the table, what is at stake, where each party stands.

Plain, validated, immutable data (pydantic v2). It knows nothing about models; `to_arrays` turns it
into the batched NumPy arrays every model works on.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from detente.scenario.checks import check_scenario
from detente.scenario.ids import ID_PATTERN

if TYPE_CHECKING:
    from detente.core.arrays import ScenarioArrays

Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=64)]
ANCHOR_POINTS = (0, 25, 50, 75, 100)


class Frozen(BaseModel):
    """Base of every schema type: immutable, unknown keys rejected, NaN refused."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


class Source(Frozen):
    """A citation: where a number or claim comes from."""

    title: str
    url: str | None = None
    kind: str | None = None
    reliability: str | None = None


class Scale(Frozen):
    """The range of an issue's positions (0-100 by default; any range for imported data)."""

    low: float = 0.0
    high: float = 100.0
    unit: str = "points"

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if not self.high > self.low:
            raise ValueError(f"scale high ({self.high}) must be above low ({self.low})")
        return self


class Reservation(Frozen):
    """What no deal is worth to an actor: a utility, or the outcomes it would still accept.

    Give exactly one of ``utility`` (0-1 on the actor's own utility scale: 1 is its ideal point
    on every issue, 0 the worst outcome the scales allow) or ``accepts`` (per issue, the lowest
    and highest position it would still sign up to; detente turns it into the utility of the
    least favourable outcome inside those bounds). ``exit_cost`` is what walking out costs the
    actor, on the same 0-1 scale; it lowers the reservation value. See docs/breakdown.md.
    """

    utility: float | None = Field(default=None, ge=0, le=1)
    utility_sd: float = Field(default=0.0, ge=0)
    accepts: dict[str, tuple[float, float]] = Field(default_factory=dict)
    exit_cost: float = Field(default=0.0, ge=0, le=1)
    basis: str | None = None
    sources: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _one_form(self) -> Reservation:
        if (self.utility is None) == (not self.accepts):
            raise ValueError(
                "give the reservation value either as 'utility' (0-1) or as 'accepts' "
                "(issue: [low, high]), not both and not neither"
            )
        for issue, (low, high) in self.accepts.items():
            if not low <= high:
                raise ValueError(f"accepts.{issue}: low {low} is above high {high}")
        return self


class Actor(Frozen):
    """A party at the table. Capability is any positive number; models normalise it.

    ``veto``: the talks fail without this actor (its walking out is a collapse).
    ``reservation``: what no deal is worth to it (None: it never walks out).
    """

    id: Id
    name: str
    capability: float = Field(gt=0)
    capability_sd: float = Field(default=0.0, ge=0)
    veto: bool = False
    reservation: Reservation | None = None
    notes: str | None = None
    sources: tuple[str, ...] = ()


class Issue(Frozen):
    """One dimension of the talks, with the meaning of its scale points."""

    id: Id
    name: str
    question: str = ""
    scale: Scale = Scale()
    anchors: dict[int, str] = Field(default_factory=dict)

    @field_validator("anchors")
    @classmethod
    def _anchor_points(cls, anchors: dict[int, str]) -> dict[int, str]:
        bad = sorted(set(anchors) - set(ANCHOR_POINTS))
        if bad:
            raise ValueError(f"anchors must be at 0, 25, 50, 75 or 100 (of the scale), not {bad}")
        return dict(sorted(anchors.items()))


class Stance(Frozen):
    """Where one actor stands on one issue and how much it cares, with optional uncertainty."""

    position: float
    salience: float = Field(ge=0, le=1)
    position_sd: float = Field(default=0.0, ge=0)
    salience_sd: float = Field(default=0.0, ge=0)
    confidence: str | None = None
    basis: str | None = None
    sources: tuple[str, ...] = ()


class Forum(Frozen):
    """A named set of actors who talk to each other (plenary, working group, channel).

    ``perception``: the share (0-1) of the perception noise left between two members (see
    :class:`Perception`); None takes the default for the forum's size.
    """

    id: Id
    name: str = ""
    members: tuple[str, ...]
    perception: float | None = Field(default=None, ge=0, le=1)
    notes: str | None = None
    sources: tuple[str, ...] = ()

    @field_validator("members")
    @classmethod
    def _two_members(cls, members: tuple[str, ...]) -> tuple[str, ...]:
        if len(members) < 2:
            raise ValueError("a forum needs at least two members")
        if len(set(members)) != len(members):
            raise ValueError("a forum lists a member twice")
        return members


class Outcome(Frozen):
    """A known, dated outcome on (some of) the issues, for back-tests.

    ``collapsed``: whether the talks had broken down by this date (None: not stated), so a
    back-test can ask whether a model called the collapse.
    """

    id: Id
    name: str = ""
    date: dt.date | None = None
    values: dict[str, float]
    collapsed: bool | None = None
    notes: str | None = None
    sources: tuple[str, ...] = ()


class Perception(Frozen):
    """How well the actors know one another's positions and saliences (opt-in; used by ensembles).

    Two actors that share no forum see each other's position with normal noise of
    ``position_sd`` points of a 0-100 scale and each other's salience with ``salience_sd``; a
    shared forum leaves the share ``channel`` of it (forums of up to ``small`` members) or
    ``plenary`` (larger ones), unless the forum states its own ``perception``. See
    docs/breakdown.md for how the models use it.
    """

    position_sd: float = Field(default=10.0, ge=0)
    salience_sd: float = Field(default=0.1, ge=0)
    plenary: float = Field(default=0.5, ge=0, le=1)
    channel: float = Field(default=0.25, ge=0, le=1)
    small: int = Field(default=3, ge=2)
    basis: str | None = None
    sources: tuple[str, ...] = ()


def _finite(value: Any) -> bool:
    return not (isinstance(value, float) and (math.isnan(value) or math.isinf(value)))


class Scenario(Frozen):
    """A negotiation: actors, issues, stances, forums, known outcomes and sources."""

    id: Id
    name: str
    description: str = ""
    date: dt.date | None = None
    actors: tuple[Actor, ...] = Field(min_length=1)
    issues: tuple[Issue, ...] = Field(min_length=1)
    stances: dict[str, dict[str, Stance]]
    forums: tuple[Forum, ...] = ()
    outcomes: tuple[Outcome, ...] = ()
    perception: Perception | None = None
    sources: dict[str, Source] = Field(default_factory=dict)
    params: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        check_scenario(self)
        return self

    # -- convenience -------------------------------------------------------------------------
    @property
    def actor_ids(self) -> list[str]:
        """The actors' ids, in order."""
        return [a.id for a in self.actors]

    @property
    def issue_ids(self) -> list[str]:
        """The issues' ids, in order."""
        return [i.id for i in self.issues]

    def actor(self, actor_id: str) -> Actor:
        """The actor with id ``actor_id``.

        Parameters
        ----------
        actor_id : an actor's id

        Returns
        -------
        Actor
            The actor (an unknown id: :class:`UnknownNameError` listing the known).
        """
        return _by_id(self.actors, actor_id, "actor")

    def issue(self, issue_id: str) -> Issue:
        """The issue with id ``issue_id``.

        Parameters
        ----------
        issue_id : an issue's id

        Returns
        -------
        Issue
            The issue (an unknown id: :class:`UnknownNameError` listing the known).
        """
        return _by_id(self.issues, issue_id, "issue")

    def outcome(self, outcome_id: str) -> Outcome:
        """The known outcome with id ``outcome_id``.

        Parameters
        ----------
        outcome_id : an outcome's id

        Returns
        -------
        Outcome
            The outcome (an unknown id: :class:`UnknownNameError` listing the known).
        """
        return _by_id(self.outcomes, outcome_id, "outcome")

    def effective_forums(self) -> tuple[Forum, ...]:
        """The forums, or a single plenary of every actor when none is given.

        Returns
        -------
        tuple[Forum, ...]
            The forums.
        """
        if self.forums:
            return self.forums
        everyone = tuple(self.actor_ids)
        # built without validation: a one-actor scenario has a one-member plenary
        return (Forum.model_construct(id="plenary", name="Plenary", members=everyone),)

    def to_arrays(self, runs: int = 1) -> ScenarioArrays:
        """Stack the stances into the batched arrays models read, repeated ``runs`` times on axis 0.

        See :class:`detente.core.arrays.ScenarioArrays` for the shapes.

        Parameters
        ----------
        runs : copies on the leading batch axis

        Returns
        -------
        ScenarioArrays
            Positions, saliences and capabilities of ``runs`` identical copies.
        """
        import numpy as np

        from detente.core.arrays import ScenarioArrays

        actors, issues = self.actor_ids, self.issue_ids
        pos = np.array([[self.stances[a][i].position for i in issues] for a in actors], float)
        sal = np.array([[self.stances[a][i].salience for i in issues] for a in actors], float)
        cap = np.array([a.capability for a in self.actors], float)
        forums = self.effective_forums()
        member = np.array([[a in f.members for a in actors] for f in forums], bool)
        from detente.scenario.reservation import reservation_values, veto_players

        stated = any(a.reservation is not None for a in self.actors)
        return ScenarioArrays(
            actor_ids=tuple(actors),
            issue_ids=tuple(issues),
            position=np.repeat(pos[None], runs, axis=0),
            salience=np.repeat(sal[None], runs, axis=0),
            capability=np.repeat(cap[None], runs, axis=0),
            scale_low=np.array([i.scale.low for i in self.issues], float),
            scale_high=np.array([i.scale.high for i in self.issues], float),
            forums=member,
            forum_ids=tuple(f.id for f in forums),
            reservation=reservation_values(self) if stated else None,
            veto=veto_players(self) if any(a.veto for a in self.actors) else None,
        )

    def with_changes(self, *changes: Any) -> Scenario:
        """A validated copy with what-if changes applied, in order.

        Parameters
        ----------
        *changes : changes in the what-if language (``"set RUS salience:denuc_scope 0.95"``,
            ``"remove JPN"``, ``"open-forum US,RUS"``), mappings or change objects

        Returns
        -------
        Scenario
            The changed scenario (this one is left as it is).
        """
        from detente.scenario.editing import apply_changes

        return apply_changes(self, list(changes))

    def replace(self, **changes: Any) -> Scenario:
        """A validated copy with some fields changed (scenarios are immutable).

        Parameters
        ----------
        **changes : top-level fields and their new values (``name=...``, ``actors=...``)

        Returns
        -------
        Scenario
            The copy, validated like a loaded file.
        """
        data = self.model_dump()
        data.update(changes)
        return Scenario.model_validate(data)


def _by_id(items: tuple[Any, ...], item_id: str, kind: str) -> Any:
    from detente.errors import UnknownNameError

    for item in items:
        if item.id == item_id:
            return item
    known = ", ".join(i.id for i in items)
    raise UnknownNameError(f"no {kind} '{item_id}' (known: {known})")


def schema_json() -> str:
    """The JSON Schema of the scenario format (committed as docs/scenario.schema.json).

    Editors use it to check and complete YAML scenario files; cross-field rules (ids resolve,
    positions inside scales, cited sources defined) are checked only by detente itself.

    Returns
    -------
    str
        The schema as indented JSON.
    """
    import json

    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **Scenario.model_json_schema(),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"

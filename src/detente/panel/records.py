"""What a panel is made of: its members, rounds, assessments and audit trail (plain records).

Records are immutable and append-only: a revision is a new assessment, never an edit. The store
keeps exactly these records; :mod:`detente.panel.state` decides which ones an action may add.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field, model_validator

from detente.errors import DetenteError, Problem
from detente.panel.cells import Cell, CellKind, cell_kind
from detente.scenario import Scenario
from detente.scenario.schema import Frozen

Role = Literal["member", "observer"]
Action = Literal[
    "created", "member_added", "round_opened", "submitted", "round_closed", "panel_closed",
    "revealed",
]  # fmt: skip
RATIONALE_MAX = 2000
USER_MAX = 64  # a workspace account's name
SHOWN_PROBLEMS = 20  # a message lists this many problems; ``problems`` keeps them all


class PanelError(DetenteError):
    """An action a panel refuses.

    ``reason`` says which kind, so a web front end can answer with the right status:
    ``forbidden`` (the user may not do this: 403), ``conflict`` (not in this state of the panel,
    such as submitting to a closed round: 409) or ``invalid`` (bad values, with ``problems``
    naming each field: 422).
    """

    def __init__(
        self, message: str, reason: str = "conflict", problems: Sequence[Problem] = ()
    ) -> None:
        self.reason = reason
        self.problems = list(problems)
        shown = self.problems[:SHOWN_PROBLEMS]
        lines = [message, *(f"  - {p.render()}" for p in shown)]
        if len(self.problems) > len(shown):
            lines.append(f"  ... and {len(self.problems) - len(shown)} more")
        super().__init__("\n".join(lines))


class Estimate(Frozen):
    """One expert's value for one cell, with an optional 5%-95% range, confidence and reason.

    Parameters
    ----------
    kind, actor, issue : the cell (``issue`` empty for per-actor kinds such as capability)
    value : the expert's best estimate (read as the median of their belief)
    low, high : the 5% and 95% quantiles of their belief (both or neither)
    confidence : how sure the expert is, 0 (a guess) to 1 (certain); weights the
        confidence-weighted mean
    rationale : a short reason, shown anonymously to the other members
    """

    kind: str
    actor: str
    issue: str = ""
    value: float
    low: float | None = None
    high: float | None = None
    confidence: float = Field(default=0.5, ge=0, le=1)
    rationale: str = Field(default="", max_length=RATIONALE_MAX)

    @model_validator(mode="after")
    def _range(self) -> Estimate:
        if (self.low is None) != (self.high is None):
            raise ValueError("give both ends of the 5%-95% range (low and high) or neither")
        if (
            self.low is not None
            and self.high is not None
            and not self.low <= self.value <= self.high
        ):
            raise ValueError(
                f"the range {self.low:g}-{self.high:g} must contain the value {self.value:g}"
            )
        return self

    @property
    def cell(self) -> Cell:
        """The cell this assessment is about."""
        return Cell(self.kind, self.actor, self.issue)

    @property
    def cell_kind(self) -> CellKind:
        """What kind of value the cell holds (position, salience, capability ...)."""
        return cell_kind(self.kind)

    @property
    def has_range(self) -> bool:
        """Whether the member gave a range (low and high) besides the value."""
        return self.low is not None


class Member(Frozen):
    """A user on the panel: a ``member`` assesses; an ``observer`` only watches."""

    user: str = Field(min_length=1, max_length=USER_MAX)
    role: Role = "member"
    added_at: dt.datetime


class Round(Frozen):
    """A Delphi round, opened and closed by the facilitator (``closed_at`` None while open)."""

    number: int = Field(ge=1)
    opened_at: dt.datetime
    closed_at: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        """True while the round is open (not closed yet)."""
        return self.closed_at is None


class Assessment(Frozen):
    """One submission: a member's estimates of some cells in one round.

    ``seq`` is the number of the audit event that recorded it (unique within the panel).
    """

    seq: int
    round: int
    member: str
    submitted_at: dt.datetime
    estimates: tuple[Estimate, ...] = Field(min_length=1)


class AuditEvent(Frozen):
    """One action on the panel: who did what, when, in which round (numbered 1, 2, ...)."""

    seq: int = Field(ge=1)
    at: dt.datetime
    user: str
    action: Action
    round: int | None = None
    detail: dict[str, Any] = Field(default_factory=dict)


class PanelInfo(Frozen):
    """What a panel is about: its scenario version, facilitator and pseudonym seed.

    ``seed`` fixes the pseudonyms of every round; it is never shown to members.
    ``workspace_scenario`` and ``scenario_version`` name the workspace scenario version the
    panel sits on (both or neither); ``scenario`` is always that version's exact content.
    """

    id: int | None = None
    name: str = Field(min_length=1, max_length=200)
    description: str = ""
    scenario: Scenario
    workspace_scenario: int | None = None
    scenario_version: int | None = None
    facilitator: str = Field(min_length=1, max_length=USER_MAX)
    seed: int = Field(ge=0)
    created_at: dt.datetime

    @model_validator(mode="after")
    def _version(self) -> PanelInfo:
        if (self.workspace_scenario is None) != (self.scenario_version is None):
            raise ValueError("give both the workspace scenario and its version number, or neither")
        return self

"""A panel's state and the actions on it: create, invite, open and close rounds, submit, reveal.

Every action is a pure function ``action(state, user, ..., at) -> Step``: it checks that the user
may act and that the panel is in a state that allows it, and returns the new state with the one
audit event (and the member, round or assessment) to append. Nothing is ever changed in place, so
a store persists a step by appending its records, and a refused action changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from detente.panel.checks import check_estimates
from detente.panel.records import (
    Action,
    Assessment,
    AuditEvent,
    Estimate,
    Member,
    PanelError,
    PanelInfo,
    Role,
    Round,
)
from detente.scenario import Scenario


@dataclass(frozen=True)
class PanelState:
    """Everything recorded about one panel, oldest first."""

    info: PanelInfo
    members: tuple[Member, ...] = ()
    rounds: tuple[Round, ...] = ()
    assessments: tuple[Assessment, ...] = ()
    audit: tuple[AuditEvent, ...] = ()

    @property
    def scenario(self) -> Scenario:
        """The scenario the panel assesses."""
        return self.info.scenario

    @property
    def closed(self) -> bool:
        """True once the facilitator has closed the panel (no more rounds)."""
        return any(e.action == "panel_closed" for e in self.audit)

    @property
    def revealed(self) -> bool:
        """True once the facilitator has chosen to show every name after closing."""
        return any(e.action == "revealed" for e in self.audit)

    @property
    def open_round(self) -> Round | None:
        """The round open now, if any."""
        return next((r for r in self.rounds if r.is_open), None)

    def round(self, number: int) -> Round:
        """The round numbered ``number``.

        Parameters
        ----------
        number : a round number (1, 2, ...)

        Returns
        -------
        Round
            The round; an unknown number is a :class:`PanelError` ('invalid').
        """
        for r in self.rounds:
            if r.number == number:
                return r
        raise PanelError(f"panel '{self.info.name}' has no round {number}", "invalid")

    def role(self, user: str) -> str | None:
        """A user's role on this panel.

        Parameters
        ----------
        user : a user name

        Returns
        -------
        str | None
            'facilitator', 'member' or 'observer'; None for a user not on the panel.
        """
        if user == self.info.facilitator:
            return "facilitator"
        return next((m.role for m in self.members if m.user == user), None)

    @property
    def assessors(self) -> tuple[str, ...]:
        """The users who may submit, in the order they were added."""
        return tuple(m.user for m in self.members if m.role == "member")

    def submissions(self, round_number: int) -> tuple[Assessment, ...]:
        """The assessments submitted in one round, oldest first.

        Parameters
        ----------
        round_number : a round number

        Returns
        -------
        tuple[Assessment, ...]
            Every submission of the round (a revision is a later one).
        """
        return tuple(a for a in self.assessments if a.round == round_number)


@dataclass(frozen=True)
class Step:
    """The outcome of one action: the new state and the records it appends."""

    state: PanelState
    event: AuditEvent
    member: Member | None = None
    round: Round | None = None
    assessment: Assessment | None = None


def _event(
    state: PanelState,
    actor: str,
    action: Action,
    at: dt.datetime,
    round_number: int | None = None,
    **detail: Any,
) -> AuditEvent:
    """The next audit event: ``actor`` (a user name) did ``action``; ``detail`` says more."""
    seq = len(state.audit) + 1
    return AuditEvent(seq=seq, at=at, user=actor, action=action, round=round_number, detail=detail)


def _require_facilitator(state: PanelState, user: str, what: str) -> None:
    if user != state.info.facilitator:
        raise PanelError(f"only the facilitator may {what} (you are '{user}')", "forbidden")


def _require_open_panel(state: PanelState, what: str) -> None:
    if state.closed:
        raise PanelError(f"panel '{state.info.name}' is closed: cannot {what}")


def create_panel(
    name: str,
    scenario: Scenario,
    facilitator: str,
    at: dt.datetime,
    seed: int | None = None,
    description: str = "",
    workspace_scenario: int | None = None,
    scenario_version: int | None = None,
) -> Step:
    """A new panel on one scenario version, run by ``facilitator``.

    Parameters
    ----------
    name : the panel's name
    scenario : the scenario version it assesses (kept whole with the panel)
    facilitator : the user who runs it
    at : when (timezone-aware)
    seed : fixes the pseudonyms of every round; None draws a fresh one, which is then recorded
        with the panel, so its pseudonyms never change once it exists
    description : a few words on what the panel is for
    workspace_scenario, scenario_version : the workspace scenario and the number of its version
    the panel sits on (both or neither)

    Returns
    -------
    Step
        The new state and its 'created' audit event.
    """
    if seed is None:
        seed = int(np.random.SeedSequence().generate_state(1, np.uint64)[0] >> np.uint64(1))
    info = PanelInfo(
        name=name, description=description, scenario=scenario, facilitator=facilitator,
        seed=seed, created_at=at, workspace_scenario=workspace_scenario,
        scenario_version=scenario_version,
    )  # fmt: skip
    empty = PanelState(info)
    event = _event(empty, facilitator, "created", at, scenario=scenario.id)
    return Step(replace(empty, audit=(event,)), event)


def add_member(
    state: PanelState, by: str, user: str, at: dt.datetime, role: Role = "member"
) -> Step:
    """Invite ``user`` as a member (assesses) or an observer (watches).

    Parameters
    ----------
    state : the panel
    by : who acts (only the facilitator may)
    user : the user invited (not yet on the panel)
    at : when
    role : 'member' or 'observer'

    Returns
    -------
    Step
        The new state, the 'member_added' event and the member.
    """
    _require_facilitator(state, by, "invite members")
    _require_open_panel(state, "invite members")
    if state.role(user) is not None:
        raise PanelError(f"'{user}' is already on the panel as {state.role(user)}")
    member = Member(user=user, role=role, added_at=at)
    event = _event(state, by, "member_added", at, user=user, role=role)
    new = replace(state, members=(*state.members, member), audit=(*state.audit, event))
    return Step(new, event, member=member)


def open_round(state: PanelState, by: str, at: dt.datetime) -> Step:
    """Open the next round (rounds are numbered 1, 2, ...; one is open at a time).

    Parameters
    ----------
    state : the panel (open, with members, no round open)
    by : who acts (only the facilitator may)
    at : when

    Returns
    -------
    Step
        The new state, the 'round_opened' event and the round.
    """
    _require_facilitator(state, by, "open a round")
    _require_open_panel(state, "open a round")
    if state.open_round is not None:
        raise PanelError(f"round {state.open_round.number} is still open: close it first")
    if not state.assessors:
        raise PanelError("the panel has no members to assess: invite some first")
    number = len(state.rounds) + 1
    opened = Round(number=number, opened_at=at)
    event = _event(state, by, "round_opened", at, number)
    new = replace(state, rounds=(*state.rounds, opened), audit=(*state.audit, event))
    return Step(new, event, round=opened)


def close_round(state: PanelState, by: str, at: dt.datetime) -> Step:
    """Close the open round: it takes no more submissions.

    Parameters
    ----------
    state : the panel (a round open)
    by : who acts (only the facilitator may)
    at : when

    Returns
    -------
    Step
        The new state, the 'round_closed' event (how many members submitted) and the closed
        round (the store sets its ``closed_at``).
    """
    _require_facilitator(state, by, "close a round")
    current = state.open_round
    if current is None:
        raise PanelError("no round is open")
    closed = current.model_copy(update={"closed_at": at})
    rounds = tuple(closed if r.number == current.number else r for r in state.rounds)
    submitted = sorted({a.member for a in state.submissions(current.number)})
    event = _event(state, by, "round_closed", at, current.number, submitted=len(submitted))
    return Step(replace(state, rounds=rounds, audit=(*state.audit, event)), event, round=closed)


def close_panel(state: PanelState, by: str, at: dt.datetime) -> Step:
    """Close the panel for good (after its last round is closed).

    Parameters
    ----------
    state : the panel (open, no round open)
    by : who acts (only the facilitator may)
    at : when

    Returns
    -------
    Step
        The new state and the 'panel_closed' event.
    """
    _require_facilitator(state, by, "close the panel")
    _require_open_panel(state, "close it again")
    if state.open_round is not None:
        raise PanelError(f"round {state.open_round.number} is still open: close it first")
    event = _event(state, by, "panel_closed", at)
    return Step(replace(state, audit=(*state.audit, event)), event)


def reveal(state: PanelState, by: str, at: dt.datetime) -> Step:
    """Show every member's name to everyone on the panel (only after it is closed).

    Parameters
    ----------
    state : the panel (closed, not yet revealed)
    by : who acts (only the facilitator may)
    at : when

    Returns
    -------
    Step
        The new state and the 'revealed' event.
    """
    _require_facilitator(state, by, "reveal names")
    if not state.closed:
        raise PanelError("names can be revealed only after the panel is closed")
    if state.revealed:
        raise PanelError("names are already revealed")
    event = _event(state, by, "revealed", at)
    return Step(replace(state, audit=(*state.audit, event)), event)


def submit(
    state: PanelState,
    by: str,
    estimates: Iterable[Estimate | Mapping[str, Any]],
    at: dt.datetime,
) -> Step:
    """Record ``by``'s estimates of some cells in the open round (a revision is a new one).

    Parameters
    ----------
    state : the panel (open, a round open)
    by : who submits (a member; observers and outsiders are refused as 'forbidden')
    estimates : the estimates, as :class:`Estimate` or plain mappings (a web form's fields)
    at : when

    Returns
    -------
    Step
        The new state, the 'submitted' event and the assessment (numbered by the event).
    """
    role = state.role(by)
    if role != "member":
        who = "an observer" if role == "observer" else f"'{by}' is not a member of the panel and"
        raise PanelError(f"{who} cannot submit assessments", "forbidden")
    _require_open_panel(state, "submit")
    current = state.open_round
    if current is None:
        raise PanelError("no round is open: submissions are closed")
    checked = check_estimates(state.scenario, estimates)
    event = _event(state, by, "submitted", at, current.number, cells=len(checked))
    made = Assessment(
        seq=event.seq, round=current.number, member=by, submitted_at=at, estimates=checked
    )
    new = replace(state, assessments=(*state.assessments, made), audit=(*state.audit, event))
    return Step(new, event, assessment=made)

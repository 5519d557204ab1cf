"""The JSON API of expert panels, under /api/v1/panels (what the panel pages do, for scripts).

Refusals follow the panel's rules: 404 for a panel the user is not on, 403 for what their
role on it may not do (a member opening a round, an observer submitting, a round's numbers
before they may see them), 409 for what the panel's state does not allow (submitting to a
closed round, a round that changed while the form was filled in), 422 with field paths such as
``estimates.3.value`` for invalid estimates.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from detente.panel.state import PanelState
from detente.panel.visibility import GroupView
from detente.web import panel_results, panels
from detente.web.security import Viewer, signed_in

router = APIRouter(prefix="/api/v1/panels", tags=["panels"])
ESTIMATE_EXAMPLE: dict[str, Any] = {
    "kind": "position",
    "actor": "DPRK",
    "issue": "denuc_scope",
    "value": 35,
    "low": 20,
    "high": 50,
    "confidence": 0.6,
    "rationale": "Sept 2005 statement",
}


class PanelBody(BaseModel):
    """A new panel on a workspace scenario version (the newest when ``version`` is left out)."""

    name: str = Field(min_length=1, max_length=200)
    ws_id: int
    version: int | None = Field(None, ge=1)
    description: str = Field("", max_length=2000)
    seed: int | None = Field(None, ge=0, description="fixes the pseudonyms (default: drawn)")


class InviteBody(BaseModel):
    user: str = Field(min_length=1, max_length=64, description="a workspace account's name")
    role: Literal["member", "observer"] = "member"


class AssessmentBody(BaseModel):
    """Estimates of some cells for the open round; ``round``, when given, must be that round."""

    model_config = {
        "json_schema_extra": {"examples": [{"round": 1, "estimates": [ESTIMATE_EXAMPLE]}]}
    }

    round: int | None = Field(None, ge=1)
    estimates: list[dict[str, Any]] = Field(
        max_length=5000,
        description="each {kind, actor, issue, value, low, high, confidence, rationale}: kind "
        "position, salience, capability or reservation; issue empty for per-actor kinds; low "
        "and high (the 5%-95% range) both or neither; confidence 0-1",
    )


def _when(t: Any) -> str | None:
    return None if t is None else t.isoformat(timespec="seconds")


def panel_json(state: PanelState, viewer: Viewer) -> dict[str, Any]:
    """A panel as the viewer may see it: members by name only for the facilitator (or after a
    reveal), who submitted only for the facilitator.

    Parameters
    ----------
    state : the panel
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    dict[str, Any]
        The panel's id, name, scenario, rounds (with 'you_submitted'), open round and flags;
        'members' and 'submitted' only where the viewer may see them.
    """
    user, info = viewer.user.name, state.info
    role = state.role(user)
    mine = {a.round for a in state.assessments if a.member == user}
    out: dict[str, Any] = {
        "id": info.id, "name": info.name, "description": info.description,
        "scenario": state.scenario.id, "ws_id": info.workspace_scenario,
        "ws_version": info.scenario_version, "facilitator": info.facilitator,
        "created_at": _when(info.created_at), "role": role, "closed": state.closed,
        "revealed": state.revealed,
        "open_round": state.open_round.number if state.open_round else None,
        "rounds": [{"number": r.number, "opened_at": _when(r.opened_at),
                    "closed_at": _when(r.closed_at),
                    **({"you_submitted": r.number in mine} if role == "member" else {})}
                   for r in state.rounds],
    }  # fmt: skip
    if panels.members_shown(state, viewer):
        out["members"] = [{"user": m.user, "role": m.role, "added_at": _when(m.added_at)}
                          for m in state.members]  # fmt: skip
    if role == "facilitator" and state.open_round is not None:
        status = panels.who_submitted(state, viewer, state.open_round.number)
        out["submitted"] = [{"member": s.member, "submissions": s.submissions,
                             "last": _when(s.last)} for s in status]  # fmt: skip
    return out


def group_json(view: GroupView) -> dict[str, Any]:
    """A round as the viewer may see it (hidden cells carry no number but the viewer's own).

    Parameters
    ----------
    view : the round as the viewer may see it

    Returns
    -------
    dict[str, Any]
        {'round', 'role', 'names', 'cells'} (docs/workspace.md shows one).
    """
    cells = []
    for c in view.cells:
        cell: dict[str, Any] = {"kind": c.cell.kind, "actor": c.cell.actor, "issue": c.cell.issue,
                                "visible": c.visible,
                                "mine": dataclasses.asdict(c.mine) if c.mine else None}  # fmt: skip
        if c.visible:
            cell.update(n=c.n, median=c.median, p25=c.p25, p75=c.p75, low=c.low, high=c.high,
                        answers=[dataclasses.asdict(a) for a in c.answers])  # fmt: skip
        cells.append(cell)
    out: dict[str, Any] = {"round": view.round, "role": view.role, "names": view.names,
                           "cells": cells}  # fmt: skip
    if view.role == "facilitator":
        out.update(members=view.members, submitted=view.submitted, who=list(view.who))
    return out


@router.get("")
def list_panels(request: Request, viewer: Viewer = Depends(signed_in)) -> Any:
    """The panels the user is on, with their role on each."""
    rows = panels.panels_of(request.app.state, viewer)
    return [{**r, "created_at": _when(r["created_at"])} for r in rows]


@router.post("", status_code=201)
def create_panel(request: Request, body: PanelBody, viewer: Viewer = Depends(signed_in)) -> Any:
    """Create a panel (facilitators and admins); its creator is its facilitator."""
    state = panels.create(request.app.state, viewer, body.name, body.ws_id, body.version,
                          body.description, body.seed)  # fmt: skip
    return panel_json(state, viewer)


@router.get("/{panel_id}")
def get_panel(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Any:
    """A panel as the user may see it (404 unless the user is on it)."""
    return panel_json(panels.panel_of(request.app.state, viewer, panel_id), viewer)


@router.post("/{panel_id}/members", status_code=201)
def invite(
    request: Request, panel_id: int, body: InviteBody, viewer: Viewer = Depends(signed_in)
) -> Any:
    """Invite a workspace account as a member or an observer (the facilitator)."""
    state = panels.invite(request.app.state, viewer, panel_id, body.user, body.role)
    m = state.members[-1]
    return {"user": m.user, "role": m.role, "added_at": _when(m.added_at)}


@router.post("/{panel_id}/rounds", status_code=201)
def open_round(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Any:
    """Open the next round (the facilitator; 409 while one is open)."""
    from detente.panel.state import open_round as action

    state = panels.act(request.app.state, viewer, panel_id, action)
    r = state.rounds[-1]
    return {"number": r.number, "opened_at": _when(r.opened_at), "closed_at": None}


@router.post("/{panel_id}/rounds/{number}/close")
def close_round(
    request: Request, panel_id: int, number: int, viewer: Viewer = Depends(signed_in)
) -> Any:
    """Close round ``number`` (the facilitator; 409 unless it is the open one)."""
    state = panels.close_round(request.app.state, viewer, panel_id, number)
    r = state.round(number)
    return {"number": r.number, "opened_at": _when(r.opened_at), "closed_at": _when(r.closed_at)}


@router.post("/{panel_id}/close")
def close_panel(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Any:
    """Close the panel for good (the facilitator, with no round open)."""
    from detente.panel.state import close_panel as action

    return panel_json(panels.act(request.app.state, viewer, panel_id, action), viewer)


@router.post("/{panel_id}/reveal")
def reveal(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Any:
    """Show every name to everyone on the panel (the facilitator, once it is closed)."""
    from detente.panel.state import reveal as action

    return panel_json(panels.act(request.app.state, viewer, panel_id, action), viewer)


@router.get("/{panel_id}/assessments/mine")
def my_estimates(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Any:
    """The user's own standing estimates, latest per cell (a form's prefill)."""
    state, own = panels.mine(request.app.state, viewer, panel_id)
    current = state.open_round
    return {"round": current.number if current else None,
            "estimates": [e.model_dump() for e in own]}  # fmt: skip


@router.post("/{panel_id}/assessments", status_code=201)
def submit(
    request: Request, panel_id: int, body: AssessmentBody, viewer: Viewer = Depends(signed_in)
) -> Any:
    """Submit estimates in the open round (members); a revision is a new submission."""
    done = panels.submit(request.app.state, viewer, panel_id, body.estimates, body.round)
    return {"seq": done.seq, "round": done.round, "submitted_at": _when(done.submitted_at),
            "cells": len(done.estimates)}  # fmt: skip


@router.get("/{panel_id}/rounds/{number}")
def round_view(
    request: Request, panel_id: int, number: int, viewer: Viewer = Depends(signed_in)
) -> Any:
    """The round's answers as the user may see them (docs/workspace.md)."""
    return group_json(panels.round_view(request.app.state, viewer, panel_id, number))


@router.get("/{panel_id}/results")
def results(
    request: Request,
    panel_id: int,
    round: int | None = None,
    model: str = "weighted-median",
    method: Literal["median", "trimmed", "confidence"] = "median",
    viewer: Viewer = Depends(signed_in),
) -> Any:
    """Pooled and members' forecasts and the disagreement of a round the user may see: the
    JSON of `detente panel aggregate --format json` (docs/json-output.md)."""
    _, result = panel_results.compute_panel(request.app.state, viewer, panel_id, round, model,
                                            method)  # fmt: skip
    return result.payload()


@router.post("/{panel_id}/pooled", status_code=201)
def save_pooled(
    request: Request,
    panel_id: int,
    round: int,
    method: Literal["median", "trimmed", "confidence"] = "median",
    viewer: Viewer = Depends(signed_in),
) -> Any:
    """Keep a round's pooled scenario as a new workspace scenario (the facilitator)."""
    from detente.web.api import _info

    return _info(panel_results.save_pooled(request.app.state, viewer, panel_id, round, method))


@router.get("/{panel_id}/audit")
def audit(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Any:
    """Every action on the panel, numbered (the facilitator only: it names everyone)."""
    state = panels.audit(request.app.state, viewer, panel_id)
    return [{"seq": e.seq, "at": _when(e.at), "user": e.user, "action": e.action,
             "round": e.round, "detail": e.detail} for e in state.audit]  # fmt: skip

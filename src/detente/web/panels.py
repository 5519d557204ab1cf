"""Expert panels in the workspace: who may see and do what, with every check in one place.

Pages and the JSON API both call these functions; they load a panel from the store, call the
panel domain's pure action or view (:mod:`detente.panel.state`, :mod:`detente.panel.visibility`)
and append what the action added. The rules beyond the domain's own:

- Workspace facilitators and admins create panels, on a workspace scenario version they may
  read; the creator runs the panel (its facilitator).
- A panel exists for the people on it only (its facilitator, members and observers): anyone
  else, admins included, gets 404, as for a private scenario.
- Any active account may be invited; a workspace observer only as a panel observer, since
  observers never save anything in the workspace.
- Before submitting in a round a member sees nothing of the others: not the cells they gave,
  not how many have submitted, not who is on the panel. Only the facilitator watches who has
  submitted; names are shown to members only after the facilitator reveals them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from detente.errors import Problem, UnknownNameError
from detente.panel.records import Assessment, Estimate, PanelError, Role
from detente.panel.state import PanelState, Step
from detente.panel.visibility import GroupView, group_view, last_estimates, names_shown
from detente.web import rights, service
from detente.web.security import Viewer

CREATORS = ("admin", "facilitator")
Action = Callable[[PanelState, str, dt.datetime], Step]


def now() -> dt.datetime:
    """The time an action is recorded at (UTC).

    Returns
    -------
    dt.datetime
        The current time, timezone-aware.
    """
    return dt.datetime.now(dt.UTC)


def can_create(viewer: Viewer) -> bool:
    """Whether the viewer's workspace role may create panels (facilitators and admins).

    Parameters
    ----------
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    bool
        True for facilitators and admins.
    """
    return viewer.role in CREATORS


def panel_of(app: Any, viewer: Viewer, panel_id: int) -> PanelState:
    """A panel the viewer is on (404 for every other panel, and for an unknown id).

    Parameters
    ----------
    app : the application's state: its stores (accounts, workspace, panels, runs)
    viewer : the signed-in user (from the session cookie or an API token)
    panel_id : the panel's id

    Returns
    -------
    PanelState
        The panel's state.
    """
    try:
        state: PanelState = app.panels.load(panel_id)
    except UnknownNameError:
        state = None  # type: ignore[assignment]
    if state is None or state.role(viewer.user.name) is None:
        raise UnknownNameError(f"no panel {panel_id} that you are on")
    return state


def panels_of(app: Any, viewer: Viewer) -> list[dict[str, Any]]:
    """The panels the viewer is on, newest first (id, name, scenario, facilitator, role ...).

    Parameters
    ----------
    app : the application's state: its stores (accounts, workspace, panels, runs)
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    list[dict[str, Any]]
        One record per panel.
    """
    rows: list[dict[str, Any]] = app.panels.panels(viewer.user.name).to_dict(orient="records")
    return rows


def create(
    app: Any,
    viewer: Viewer,
    name: str,
    ws_id: int,
    version: int | None = None,
    description: str = "",
    seed: int | None = None,
) -> PanelState:
    """A new panel on a workspace scenario version (the newest when ``version`` is None).

    Parameters
    ----------
    app : the application's state: its stores (accounts, workspace, panels, runs)
    viewer : the signed-in user (from the session cookie or an API token)
    name : the panel's name
    ws_id : the workspace scenario's id
    version : its version (None: the newest)
    description : what the panel is for
    seed : the seed of the pseudonyms (None: drawn)

    Returns
    -------
    PanelState
        The new panel, its creator its facilitator.
    """
    from detente.panel.state import create_panel

    rights.require(can_create(viewer), "create expert panels (facilitators and admins do)")
    found = service.version(app, viewer, ws_id, version)
    step = create_panel(
        name.strip(), found.scenario(), viewer.user.name, now(), seed=seed,
        description=description.strip(), workspace_scenario=ws_id,
        scenario_version=found.number,
    )  # fmt: skip
    made: PanelState = app.panels.create(step)
    return made


def act(app: Any, viewer: Viewer, panel_id: int, action: Action) -> PanelState:
    """Load the panel, let ``action`` check and make the step, and append it (one transaction).

    Parameters
    ----------
    app : the application's state: its stores (accounts, workspace, panels, runs)
    viewer : the signed-in user (from the session cookie or an API token)
    panel_id : the panel's id
    action : a panel action of (state, by, at) returning the step to append

    Returns
    -------
    PanelState
        The panel after the step.
    """
    state = panel_of(app, viewer, panel_id)
    stored: PanelState = app.panels.append(action(state, viewer.user.name, now()))
    return stored


def invite(app: Any, viewer: Viewer, panel_id: int, user: str, role: str) -> PanelState:
    """Invite a workspace account as a member (assesses) or an observer (watches).

    Parameters
    ----------
    app : the application's state: its stores (accounts, workspace, panels, runs)
    viewer : the signed-in user (from the session cookie or an API token)
    panel_id : the panel's id
    user : the account's name
    role : member or observer

    Returns
    -------
    PanelState
        The panel with the new member.
    """
    from detente.panel.state import add_member

    if role not in ("member", "observer"):
        raise _invalid("role", f"no panel role '{role}'", "use member or observer")
    account = app.accounts.find(user.strip())
    if account is None or not account.active:
        raise _invalid("user", f"no active workspace account '{user}'",
                       "ask an admin to add the account first (page Users)")  # fmt: skip
    if account.role == "observer" and role == "member":
        raise _invalid("role", f"'{account.name}' is a workspace observer, who never saves "
                       "anything", "invite them as an observer, or ask an admin to make the "
                       "account an analyst")  # fmt: skip
    panel_role: Role = "member" if role == "member" else "observer"
    return act(app, viewer, panel_id,
               lambda s, by, at: add_member(s, by, account.name, at, role=panel_role))  # fmt: skip


def close_round(app: Any, viewer: Viewer, panel_id: int, number: int | None) -> PanelState:
    """Close the open round; ``number`` (when given) must be the round open now (else 409).

    Parameters
    ----------
    app : the application's state: its stores (accounts, workspace, panels, runs)
    viewer : the signed-in user (from the session cookie or an API token)
    panel_id : the panel's id
    number : the round the request was made for (None: whichever is open)

    Returns
    -------
    PanelState
        The panel with the round closed.
    """
    from detente.panel.state import close_round as close

    def checked(state: PanelState, by: str, at: dt.datetime) -> Step:
        _expect_open(state, number, "close")
        return close(state, by, at)

    return act(app, viewer, panel_id, checked)


def submit(
    app: Any,
    viewer: Viewer,
    panel_id: int,
    estimates: Iterable[Estimate | Mapping[str, Any]],
    number: int | None = None,
) -> Assessment:
    """Record the viewer's estimates in the open round; ``number`` (when given) must be that
    round, so a form filled in for a round closed since is refused (409), never moved on.

    Parameters
    ----------
    app : the application's state: its stores (accounts, workspace, panels, runs)
    viewer : the signed-in user (from the session cookie or an API token)
    panel_id : the panel's id
    estimates : the estimates (records or mappings with kind, actor, issue, value, low, high,
        confidence, rationale)
    number : the round the form was made for (None: the open one)

    Returns
    -------
    Assessment
        The recorded assessment.
    """
    from detente.panel.state import submit as record

    state = panel_of(app, viewer, panel_id)
    if state.role(viewer.user.name) == "member":
        _expect_open(state, number, "submit to")
    step = record(state, viewer.user.name, list(estimates), now())
    app.panels.append(step)
    assert step.assessment is not None
    return step.assessment


def _expect_open(state: PanelState, number: int | None, what: str) -> None:
    current = state.open_round
    if number is None or (current is not None and current.number == number):
        return
    now_open = f"round {current.number} is open now" if current else "no round is open now"
    raise PanelError(f"cannot {what} round {number}: it is not open ({now_open}; fix: reload "
                     "the page)")  # fmt: skip


def mine(app: Any, viewer: Viewer, panel_id: int) -> tuple[PanelState, tuple[Estimate, ...]]:
    """The panel and the viewer's own standing estimates (to prefill their form).

    Parameters
    ----------
    app : the application's state: its stores (accounts, workspace, panels, runs)
    viewer : the signed-in user (from the session cookie or an API token)
    panel_id : the panel's id

    Returns
    -------
    tuple[PanelState, tuple[Estimate, ...]]
        The panel and the viewer's latest estimate per cell.
    """
    state = panel_of(app, viewer, panel_id)
    return state, last_estimates(state, viewer.user.name)


def round_view(app: Any, viewer: Viewer, panel_id: int, number: int) -> GroupView:
    """A round as the viewer may see it; for a member only the cells they may see or gave.

    Parameters
    ----------
    app : the application's state: its stores (accounts, workspace, panels, runs)
    viewer : the signed-in user (from the session cookie or an API token)
    panel_id : the panel's id
    number : the round's number

    Returns
    -------
    GroupView
        The round's cells as the viewer may see them.
    """
    state = panel_of(app, viewer, panel_id)
    if number not in {r.number for r in state.rounds}:
        raise UnknownNameError(f"panel {panel_id} has no round {number}")
    view = group_view(state, viewer.user.name, number)
    if view.role == "facilitator" or names_shown(state, viewer.user.name):
        return view
    cells = tuple(c for c in view.cells if c.visible or c.mine is not None)
    if view.role == "member":  # no hidden cell of someone else's, no count before the cells
        return replace(view, cells=cells, members=0, submitted=0)
    return replace(view, cells=cells)


@dataclass(frozen=True)
class Submitted:
    """Where one member stands in a round (only the facilitator sees this)."""

    member: str
    submissions: int
    last: dt.datetime | None


def who_submitted(state: PanelState, viewer: Viewer, number: int) -> list[Submitted]:
    """Every member and when they last submitted in the round (403 unless facilitator).

    Parameters
    ----------
    state : the panel
    viewer : the signed-in user (from the session cookie or an API token)
    number : the round's number

    Returns
    -------
    list[Submitted]
        One record per member: how many submissions and when the last.
    """
    if state.role(viewer.user.name) != "facilitator":
        raise PanelError("only the facilitator watches who has submitted", "forbidden")
    out = []
    for member in state.assessors:
        mine = [a for a in state.submissions(number) if a.member == member]
        out.append(Submitted(member, len(mine), mine[-1].submitted_at if mine else None))
    return out


def members_shown(state: PanelState, viewer: Viewer) -> bool:
    """Whether the viewer may see who is on the panel (the facilitator; all after a reveal).

    Parameters
    ----------
    state : the panel
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    bool
        True for the facilitator, and for everyone after a reveal.
    """
    return names_shown(state, viewer.user.name)


def audit(app: Any, viewer: Viewer, panel_id: int) -> PanelState:
    """The panel, for its audit trail (the facilitator's only: it names everyone).

    Parameters
    ----------
    app : the application's state: its stores (accounts, workspace, panels, runs)
    viewer : the signed-in user (from the session cookie or an API token)
    panel_id : the panel's id

    Returns
    -------
    PanelState
        The panel's state (its events are the trail).
    """
    state = panel_of(app, viewer, panel_id)
    if state.role(viewer.user.name) != "facilitator":
        raise PanelError("only the facilitator sees the audit trail (it names members)",
                         "forbidden")  # fmt: skip
    return state


def _invalid(location: str, message: str, fix: str) -> PanelError:
    return PanelError(f"{location}: {message} (fix: {fix})", "invalid",
                      [Problem(location, message, fix)])  # fmt: skip

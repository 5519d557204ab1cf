"""Pages: expert panels. The facilitator creates a panel on a scenario version, invites members,
opens and closes rounds and watches who has submitted; a member fills in the assessment form
(prefilled with their last round) and then sees the group's anonymous answers; everyone on the
panel sees the analyses of the rounds they may see (docs/panels.md)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from detente.panel.records import PanelError
from detente.web import panel_forms, panel_results, panels, service
from detente.web.pages_auth import page
from detente.web.security import Viewer, signed_in

router = APIRouter(include_in_schema=False)


def _back(panel_id: int) -> Response:
    return RedirectResponse(f"/panels/{panel_id}", status_code=303)


@router.get("/panels")
def panel_list(
    request: Request,
    ws: int | None = None,
    v: int | None = None,
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """The panels the user is on; facilitators and admins also get the form to create one.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    ws : a workspace scenario to prefill the form with (from its page)
    v : its version
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    app = request.app.state
    scenarios = service.visible_scenarios(app, viewer) if panels.can_create(viewer) else []
    return page(request, "panels.html", viewer, panels=panels.panels_of(app, viewer),
                can_create=panels.can_create(viewer), scenarios=scenarios, ws=ws, v=v)  # fmt: skip


@router.post("/panels")
def create(
    request: Request,
    name: str = Form(..., min_length=1, max_length=200),
    ws: int = Form(...),
    v: str = Form(""),
    description: str = Form("", max_length=2000),
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """Create a panel on a workspace scenario version (facilitators and admins).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    name : the panel's name
    ws : the workspace scenario's id
    v : its version (None: the newest)
    description : what the panel is for, shown to its members
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        A redirect to the new panel's page.
    """
    version = int(v) if v.strip().isdigit() else None
    made = panels.create(request.app.state, viewer, name, ws, version, description)
    return _back(made.info.id or 0)


@router.get("/panels/{panel_id}")
def home(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """The panel: its rounds, and what the viewer can do now.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    panel_id : the panel's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    state = panels.panel_of(request.app.state, viewer, panel_id)
    role = state.role(viewer.user.name)
    current = state.open_round
    mine = {a.round for a in state.assessments if a.member == viewer.user.name}
    rows = panels.who_submitted(state, viewer, current.number) if (
        current and role == "facilitator") else []  # fmt: skip
    return page(request, "panel.html", viewer, p=state, role=role, current=current, mine=mine,
                submitted=rows, show_members=panels.members_shown(state, viewer),
                results=panel_results.visible_rounds(state, viewer))  # fmt: skip


@router.get("/panels/{panel_id}/status", response_class=HTMLResponse)
def status(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """HTMX: who has submitted in the open round (the facilitator's view, refreshed).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    panel_id : the panel's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        An HTML fragment.
    """
    state = panels.panel_of(request.app.state, viewer, panel_id)
    current = state.open_round
    rows = panels.who_submitted(state, viewer, current.number) if current else []
    return page(request, "_panel_status.html", viewer, p=state, current=current, submitted=rows)


@router.post("/panels/{panel_id}/members")
def invite(
    request: Request,
    panel_id: int,
    user: str = Form(..., max_length=64),
    role: str = Form("member"),
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """Invite a workspace account as a member or an observer (the facilitator).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    panel_id : the panel's id
    user : the account's name
    role : member or observer
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        A redirect to the panel's page.
    """
    panels.invite(request.app.state, viewer, panel_id, user, role)
    return _back(panel_id)


@router.post("/panels/{panel_id}/rounds/open")
def open_round(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """Open the next round (the facilitator).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    panel_id : the panel's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        A redirect to the panel's page.
    """
    from detente.panel.state import open_round as action

    panels.act(request.app.state, viewer, panel_id, action)
    return _back(panel_id)


@router.post("/panels/{panel_id}/rounds/close")
def close_round(
    request: Request, panel_id: int, round: int = Form(...), viewer: Viewer = Depends(signed_in)
) -> Response:
    """Close the open round (the facilitator).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    panel_id : the panel's id
    round : the round the form was made for (409 when it is no longer open)
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        A redirect to the panel's page.
    """
    panels.close_round(request.app.state, viewer, panel_id, round)
    return _back(panel_id)


@router.post("/panels/{panel_id}/close")
def close_panel(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """Close the panel for good (the facilitator).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    panel_id : the panel's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        A redirect to the panel's page.
    """
    from detente.panel.state import close_panel as action

    panels.act(request.app.state, viewer, panel_id, action)
    return _back(panel_id)


@router.post("/panels/{panel_id}/reveal")
def reveal(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """Show every name to everyone on the closed panel (the facilitator).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    panel_id : the panel's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        A redirect to the panel's page.
    """
    from detente.panel.state import reveal as action

    panels.act(request.app.state, viewer, panel_id, action)
    return _back(panel_id)


@router.get("/panels/{panel_id}/assess")
def assess(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """The member's form, prefilled with their standing estimates (their last round).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    panel_id : the panel's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    state, own = panels.mine(request.app.state, viewer, panel_id)
    if state.role(viewer.user.name) != "member":
        raise PanelError("only members assess; you watch this panel", "forbidden")
    parts = panel_forms.sections(state.scenario, panel_forms.prefill(own))
    return page(request, "panel_assess.html", viewer, p=state, current=state.open_round,
                sections=parts, other=[], invalid=False, prefilled=bool(own))  # fmt: skip


@router.post("/panels/{panel_id}/assess")
async def submit(request: Request, panel_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """Record the form in the open round, then show the round's group view; problems show at
    their cells (422) and nothing is recorded."""
    app = request.app.state
    state = panels.panel_of(app, viewer, panel_id)
    form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
    estimates, numbers, typed = panel_forms.read_form(state.scenario, form)
    number = int(form["round"]) if form.get("round", "").isdigit() else None
    try:
        done = panels.submit(app, viewer, panel_id, estimates, number)
    except PanelError as exc:
        if exc.reason != "invalid":
            raise
        errors = panel_forms.row_errors(exc.problems, numbers)
        parts = panel_forms.sections(state.scenario, typed, errors)
        return page(request, "panel_assess.html", viewer, status=422, p=state,
                    current=state.open_round, sections=parts, other=errors.get(-1, []),
                    invalid=True, prefilled=False)  # fmt: skip
    return RedirectResponse(f"/panels/{panel_id}/rounds/{done.round}", status_code=303)


@router.get("/panels/{panel_id}/rounds/{number}")
def round_view(
    request: Request, panel_id: int, number: int, viewer: Viewer = Depends(signed_in)
) -> Response:
    """The round as the viewer may see it: the group's numbers only for cells they gave.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    panel_id : the panel's id
    number : the round's number
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    view = panels.round_view(request.app.state, viewer, panel_id, number)
    state = panels.panel_of(request.app.state, viewer, panel_id)
    return page(request, "panel_round.html", viewer, p=state, view=view,
                open=state.round(number).is_open)  # fmt: skip


@router.get("/panels/{panel_id}/results")
def results(
    request: Request,
    panel_id: int,
    round: int | None = None,
    model: str = "weighted-median",
    method: str = "median",
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """Pooled forecast, each member's forecast, the disagreement heat map, convergence.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    panel_id : the panel's id
    round : the round (None: the last one the user may see)
    model : the model that forecasts (a registered name)
    method : how each cell is pooled: median, trimmed or confidence
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    from detente import list_models

    app = request.app.state
    state, result = panel_results.compute_panel(app, viewer, panel_id, round, model, method)
    return page(request, "panel_results.html", viewer, p=state, result=result,
                blocks=panel_results.blocks(result), model=model, method=method,
                models=[m.name for m in list_models()], methods=panel_results.METHODS,
                rounds=panel_results.visible_rounds(state, viewer),
                facilitator=state.role(viewer.user.name) == "facilitator")  # fmt: skip


@router.post("/panels/{panel_id}/pooled")
def save_pooled(
    request: Request,
    panel_id: int,
    round: int = Form(...),
    method: str = Form("median"),
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """The facilitator keeps the pooled scenario as a new workspace scenario (version 1).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    panel_id : the panel's id
    round : the round pooled
    method : how each cell is pooled: median, trimmed or confidence
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        A redirect to the new scenario's page.
    """
    info = panel_results.save_pooled(request.app.state, viewer, panel_id, round, method)
    return RedirectResponse(f"/ws/{info.id}", status_code=303)

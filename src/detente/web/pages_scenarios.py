"""Pages: the scenario list, import, the scenario view, table editing, versions and export."""

from __future__ import annotations

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from detente.errors import ScenarioError
from detente.scenario import Scenario
from detente.scenario.edit import apply_edits, cell_problems
from detente.web import rights, service
from detente.web.pages_auth import page
from detente.web.security import CSRF_FIELD, Viewer, signed_in

router = APIRouter(include_in_schema=False)
NOT_CELLS = {CSRF_FIELD, "base", "message"}


@router.get("/scenarios")
def scenarios(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
    """The scenario list: the workspace's own, the bundled ones and the import form.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    from detente import data

    mine = service.visible_scenarios(request.app.state, viewer)
    return page(
        request,
        "scenarios.html",
        viewer,
        bundled=data.bundled_names(),
        mine=mine,
        can_create=rights.can_create(viewer),
        error="",
        notes=[],
    )


@router.post("/scenarios/import")
async def import_scenario(
    request: Request, file: UploadFile = File(...), viewer: Viewer = Depends(signed_in)
) -> Response:
    """Read the upload with the CLI's readers; on success open the new scenario."""
    content = await file.read()
    info, _notes = service.import_file(request.app.state, viewer, file.filename or "", content)
    return RedirectResponse(f"/ws/{info.id}", status_code=303)


@router.post("/scenarios/copy/{name}")
def copy(request: Request, name: str, viewer: Viewer = Depends(signed_in)) -> Response:
    """Copy a bundled scenario into the workspace as version 1.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    name : the bundled scenario's name
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        A redirect to the new scenario's page.
    """
    info = service.copy_bundled(request.app.state, viewer, name)
    return RedirectResponse(f"/ws/{info.id}", status_code=303)


def _body(request: Request, scenario: Scenario, key: str) -> str:
    """The scenario's tables as HTML, rendered once per version (``key``: its SHA-256)."""
    cache: dict[str, str] = request.app.state.rendered
    if key not in cache:
        template = request.app.state.templates.env.get_template("_scenario_body.html")
        if len(cache) >= 64:
            cache.pop(next(iter(cache)))
        cache[key] = template.render(s=scenario)
    return cache[key]


@router.get("/bundled/{name}")
def bundled(request: Request, name: str, viewer: Viewer = Depends(signed_in)) -> Response:
    """A bundled scenario, read only: actors x issues, anchors, forums and sources.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    name : the bundled scenario's name
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    scenario = service.bundled(name)
    return page(
        request,
        "scenario.html",
        viewer,
        s=scenario,
        info=None,
        bundled=name,
        version=None,
        can_edit=False,
        can_create=rights.can_create(viewer),
        exports=_exports(),
        body=_body(request, scenario, f"bundled:{name}"),
    )


@router.get("/ws/{ws_id}")
def view(
    request: Request, ws_id: int, v: int | None = None, viewer: Viewer = Depends(signed_in)
) -> Response:
    """A workspace scenario version: actors x issues, anchors, forums, sources, and actions.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    ws_id : the workspace scenario's id
    v : the version number (None: the newest)
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    state = request.app.state
    version = service.version(state, viewer, ws_id, v)
    info = service.scenario_info(state, viewer, ws_id)
    scenario = version.scenario()
    return page(
        request,
        "scenario.html",
        viewer,
        s=scenario,
        info=info,
        bundled=None,
        version=version,
        can_edit=rights.can_edit(viewer, info),
        can_share=rights.can_share(viewer, info),
        can_create=rights.can_create(viewer),
        can_panel=viewer.role in ("admin", "facilitator"),
        exports=_exports(),
        body=_body(request, scenario, version.sha256),
    )


def _exports() -> list[str]:
    return [f for f in service.EXPORTS if service.can_export(f)]


@router.get("/ws/{ws_id}/edit")
def edit(request: Request, ws_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """The table editor of the newest version; each cell is checked as it is typed.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    ws_id : the workspace scenario's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    state = request.app.state
    info = service.editable(state, viewer, ws_id)
    version = state.workspace.version(ws_id)
    return page(
        request,
        "edit.html",
        viewer,
        s=version.scenario(),
        info=info,
        base=version.number,
        values={},
        errors={},
        other=[],
        message="",
    )


@router.post("/ws/{ws_id}/cell", response_class=HTMLResponse)
async def check_cell(request: Request, ws_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """HTMX: the problems of the one cell the user is typing in (empty when it is fine)."""
    state = request.app.state
    service.editable(state, viewer, ws_id)
    form = await request.form()
    path = request.headers.get("hx-trigger-name") or ""
    base = int(str(form.get("base") or 0)) or None
    scenario = state.workspace.version(ws_id, base).scenario()
    problems = cell_problems(scenario, path, str(form.get(path, ""))) if path in form else []
    return page(request, "_cell_error.html", viewer, problems=[p.render() for p in problems])


@router.post("/ws/{ws_id}/save")
async def save(request: Request, ws_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """Save every cell as a new version; problems re-show the table (422), a newer version
    shows the conflict page (409)."""
    state = request.app.state
    info = service.editable(state, viewer, ws_id)
    form = await request.form()
    base = int(str(form.get("base") or 0))
    message = str(form.get("message") or "")[:2000]
    cells = {k: str(v) for k, v in form.items() if k not in NOT_CELLS}
    base_scenario = state.workspace.version(ws_id, base).scenario()
    try:
        scenario = apply_edits(base_scenario, cells, source=f"scenario {info.scenario_id}")
    except ScenarioError as exc:
        errors: dict[str, list[str]] = {}
        for p in exc.problems:
            errors.setdefault(p.location if p.location in cells else "", []).append(p.render())
        return page(
            request,
            "edit.html",
            viewer,
            status=422,
            s=base_scenario,
            info=info,
            base=base,
            values=cells,
            errors=errors,
            other=errors.get("", []),
            message=message,
        )
    result = service.save(state, viewer, ws_id, scenario, base, message)
    if isinstance(result, service.Conflict):
        return page(request, "conflict.html", viewer, status=409, c=result, message=message)
    return RedirectResponse(f"/ws/{ws_id}/versions", status_code=303)


@router.post("/ws/{ws_id}/share")
def share(
    request: Request, ws_id: int, shared: str = Form("off"), viewer: Viewer = Depends(signed_in)
) -> Response:
    """Share the scenario with every analyst, or stop sharing (its owner, admins, facilitators).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    ws_id : the workspace scenario's id
    shared : 'on' to share
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        A redirect to the scenario's page.
    """
    state = request.app.state
    info = service.scenario_info(state, viewer, ws_id)
    rights.require(rights.can_share(viewer, info), "share this scenario")
    state.workspace.share(ws_id, shared == "on")
    return RedirectResponse(f"/ws/{ws_id}", status_code=303)


@router.get("/ws/{ws_id}/versions")
def versions(
    request: Request,
    ws_id: int,
    a: int | None = None,
    b: int | None = None,
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """Every version with what it changed from the one before, in words; or ``a`` vs ``b``.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    ws_id : the workspace scenario's id
    a : the version compared from
    b : the version compared to
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    state = request.app.state
    info = service.scenario_info(state, viewer, ws_id)
    listed = state.workspace.versions(ws_id)
    changes = {
        v.number: service.diff(state, viewer, ws_id, v.number - 1, v.number)
        for v in listed
        if v.number > 1
    }
    pair = service.diff(state, viewer, ws_id, a, b) if a and b else None
    return page(
        request,
        "versions.html",
        viewer,
        info=info,
        versions=listed,
        changes=changes,
        a=a,
        b=b,
        pair=pair,
    )


@router.get("/ws/{ws_id}/export/{fmt}")
def export(
    request: Request,
    ws_id: int,
    fmt: str,
    v: int | None = None,
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """A version of a workspace scenario as a file.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    ws_id : the workspace scenario's id
    fmt : the file format: yaml, csv or xlsx
    v : the version number (None: the newest)
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The file, as a download.
    """
    version = service.version(request.app.state, viewer, ws_id, v)
    scenario = version.scenario()
    name = f"{scenario.id}-v{version.number}.{fmt}"
    return _download(service.export(scenario, fmt), fmt, name)


@router.get("/bundled/{name}/export/{fmt}")
def export_bundled(name: str, fmt: str, viewer: Viewer = Depends(signed_in)) -> Response:
    """A bundled scenario as a file.

    Parameters
    ----------
    name : the bundled scenario's name
    fmt : the file format: yaml, csv or xlsx
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The file, as a download.
    """
    return _download(service.export(service.bundled(name), fmt), fmt, f"{name}.{fmt}")


def _download(content: bytes, fmt: str, filename: str) -> Response:
    disposition = f'attachment; filename="{filename}"'
    return Response(
        content, media_type=service.EXPORTS[fmt], headers={"Content-Disposition": disposition}
    )

"""The JSON API under /api/v1: what the pages do, for scripts (OpenAPI at /api/docs).

Scripts send ``Authorization: Bearer TOKEN`` (tokens come from the account page or
``POST /api/v1/tokens``). A browser session works too, with the CSRF token in ``X-CSRF-Token``
on every request that changes something.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Depends, File, Request, UploadFile
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from detente.scenario import Scenario
from detente.scenario.edit import cell_problems
from detente.store.accounts import ROLES
from detente.web import rights, runs, service
from detente.web.analyses import KINDS
from detente.web.passwords import hash_password
from detente.web.security import Viewer, new_token, signed_in, token_hash

router = APIRouter(prefix="/api/v1", tags=["workspace"])


class SaveRequest(BaseModel):
    """A new version: the scenario, the version it was made from, and a message."""

    scenario: Scenario
    base: int = Field(ge=1)
    message: str = Field("", max_length=2000)


class CellRequest(BaseModel):
    path: str = Field(max_length=200, examples=["stances.RUS.denuc_scope.salience"])
    value: str = Field(max_length=200)
    version: int | None = None


class UserRequest(BaseModel):
    name: str = Field(min_length=1, max_length=64)
    role: str
    password: str = Field(min_length=8, max_length=1024)


class UserChange(BaseModel):
    role: str | None = None
    active: bool | None = None


class TokenRequest(BaseModel):
    label: str = Field("script", max_length=100)


def _info(i: Any) -> dict[str, Any]:
    return {
        "id": i.id,
        "scenario_id": i.scenario_id,
        "title": i.title,
        "owner": i.owner,
        "shared": i.shared,
        "head": i.head,
        "created_at": i.created_at.isoformat(),
        "updated_at": i.updated_at.isoformat(),
    }


def _version(v: Any, with_scenario: bool = False) -> dict[str, Any]:
    out = {
        "number": v.number,
        "author": v.author,
        "created_at": v.created_at.isoformat(),
        "message": v.message,
        "sha256": v.sha256,
    }
    if with_scenario:
        out["scenario"] = v.scenario().model_dump(mode="json")
    return out


def _diff(items: list[Any]) -> list[dict[str, Any]]:
    return [{"path": d.path, "text": d.text, "before": d.before, "after": d.after} for d in items]


@router.get("/me")
def me(viewer: Viewer = Depends(signed_in)) -> dict[str, Any]:
    """Who the request is signed in as."""
    return {"id": viewer.user.id, "name": viewer.user.name, "role": viewer.role, "via": viewer.via}


@router.get("/scenarios")
def list_scenarios(request: Request, viewer: Viewer = Depends(signed_in)) -> dict[str, Any]:
    """The bundled scenarios' names and the workspace scenarios the user may read."""
    from detente import data

    mine = service.visible_scenarios(request.app.state, viewer)
    return {"bundled": list(data.bundled_names()), "workspace": [_info(i) for i in mine]}


@router.post("/scenarios", status_code=201)
async def import_scenario(
    request: Request, file: UploadFile = File(...), viewer: Viewer = Depends(signed_in)
) -> dict[str, Any]:
    """Import a scenario file in any format the CLI reads (multipart field ``file``)."""
    content = await file.read()
    info, notes = service.import_file(request.app.state, viewer, file.filename or "", content)
    return {**_info(info), "notes": notes}


@router.post("/scenarios/copy/{name}", status_code=201)
def copy_bundled(request: Request, name: str, viewer: Viewer = Depends(signed_in)) -> Any:
    """Copy a bundled scenario into the workspace as version 1."""
    return _info(service.copy_bundled(request.app.state, viewer, name))


@router.get("/scenarios/{ws_id}")
def get_scenario(request: Request, ws_id: int, viewer: Viewer = Depends(signed_in)) -> Any:
    """A workspace scenario with its newest version's scenario."""
    state = request.app.state
    info = service.scenario_info(state, viewer, ws_id)
    return {**_info(info), "version": _version(state.workspace.version(ws_id), True)}


@router.get("/scenarios/{ws_id}/versions")
def list_versions(request: Request, ws_id: int, viewer: Viewer = Depends(signed_in)) -> Any:
    """Every version of a workspace scenario, newest first, with author, time and message."""
    service.scenario_info(request.app.state, viewer, ws_id)
    return [_version(v) for v in request.app.state.workspace.versions(ws_id)]


@router.get("/scenarios/{ws_id}/versions/{number}")
def get_version(
    request: Request, ws_id: int, number: int, viewer: Viewer = Depends(signed_in)
) -> Any:
    """One version of a workspace scenario, with the scenario as JSON."""
    return _version(service.version(request.app.state, viewer, ws_id, number), True)


@router.post("/scenarios/{ws_id}/versions", status_code=201)
def save_version(
    request: Request, ws_id: int, body: SaveRequest, viewer: Viewer = Depends(signed_in)
) -> Any:
    """Save a new version; 409 with both sides' changes in words when ``base`` is not newest."""
    result = service.save(request.app.state, viewer, ws_id, body.scenario, body.base, body.message)
    if isinstance(result, service.Conflict):
        return JSONResponse(
            status_code=409,
            content={
                "detail": f"version {result.head} is newer than version {result.base} this save "
                "was made from (fix: look at 'theirs', then save from the newest version)",
                "base": result.base,
                "head": result.head,
                "theirs": _diff(result.theirs),
                "mine": _diff(result.mine),
            },
        )
    return _version(result)


@router.get("/scenarios/{ws_id}/diff")
def diff(request: Request, ws_id: int, a: int, b: int, viewer: Viewer = Depends(signed_in)) -> Any:
    """What changed from version ``a`` to version ``b``, in words."""
    return _diff(service.diff(request.app.state, viewer, ws_id, a, b))


@router.post("/scenarios/{ws_id}/cell")
def check_cell(
    request: Request, ws_id: int, body: CellRequest, viewer: Viewer = Depends(signed_in)
) -> Any:
    """The problems of one edited cell, with the CLI's messages (empty list: fine)."""
    service.editable(request.app.state, viewer, ws_id)
    version = request.app.state.workspace.version(ws_id, body.version)
    problems = cell_problems(version.scenario(), body.path, body.value)
    return [
        {"location": p.location, "message": p.message, "fix": p.fix, "text": p.render()}
        for p in problems
    ]


@router.post("/scenarios/{ws_id}/share")
def share(request: Request, ws_id: int, shared: bool, viewer: Viewer = Depends(signed_in)) -> Any:
    """Share a workspace scenario with every analyst, or keep it to its owner again."""
    state = request.app.state
    info = service.scenario_info(state, viewer, ws_id)
    rights.require(rights.can_share(viewer, info), "share this scenario")
    state.workspace.share(ws_id, shared)
    return _info(state.workspace.get(ws_id))


@router.get("/scenarios/{ws_id}/export/{fmt}")
def export(
    request: Request,
    ws_id: int,
    fmt: str,
    v: int | None = None,
    viewer: Viewer = Depends(signed_in),
) -> Response:
    """A version of a workspace scenario as a file in a format the CLI reads back."""
    scenario = service.version(request.app.state, viewer, ws_id, v).scenario()
    return Response(service.export(scenario, fmt), media_type=service.EXPORTS[fmt])


class JobBody(BaseModel):
    """An analysis to run: ``kind`` and the fields of that kind's request in the results layer
    (``EnsembleRequest``: model, runs, seed, thresholds ...; see docs/workspace.md). The
    scenario is the version's and the executor the server's; ``forecast`` with model 'all' (the
    default) runs every model; ``report`` makes the HTML report (runs, seed)."""

    model_config = {"extra": "allow", "json_schema_extra": {
        "examples": [{"kind": "ensemble", "model": "bdm", "runs": 10000,
                      "thresholds": ["verification>=75"]}]}}  # fmt: skip

    kind: str = Field(examples=list(KINDS))


@router.post("/scenarios/{ws_id}/jobs", status_code=202)
def start_job(request: Request, ws_id: int, body: JobBody, version: int | None = None,
              viewer: Viewer = Depends(signed_in)) -> Any:  # fmt: skip
    """Start an analysis on a version (default: the newest); poll or stream the job."""
    job = runs.start_job(request.app.state, viewer, ws_id, version, body.model_dump())
    return job.summary()


class ForecastBody(BaseModel):
    """One model's forecast (the results layer's ForecastRequest fields but the scenario)."""

    model_config = {"extra": "allow"}

    model: str = Field("weighted-median", max_length=64)
    seed: int | None = 0


@router.post("/scenarios/{ws_id}/forecast", status_code=201)
def forecast(request: Request, ws_id: int, body: ForecastBody, version: int | None = None,
             viewer: Viewer = Depends(signed_in)) -> Any:  # fmt: skip
    """Forecast a version with one model now; recorded like every run. Answers the result's
    JSON payload (as `detente forecast -f json` prints it) and the run's id."""
    run_id, payload = runs.quick_forecast(request.app.state, viewer, ws_id, version,
                                          body.model_dump())  # fmt: skip
    return {"run_id": run_id, "result": payload}


@router.get("/jobs/{job_id}")
def get_job(request: Request, job_id: str, viewer: Viewer = Depends(signed_in)) -> Any:
    """A job's state; once done, its results' JSON payloads (the results layer's shapes)."""
    job = runs.job_of(request.app.state, viewer, job_id)
    results = job.outcome.payload.get("results", []) if job.outcome else []
    return {**job.summary(), "results": results}


@router.post("/jobs/{job_id}/cancel")
def cancel_job(request: Request, job_id: str, viewer: Viewer = Depends(signed_in)) -> Any:
    """Ask a queued or running job to stop (its user or an admin)."""
    return runs.cancel_job(request.app.state, viewer, job_id).summary()


@router.get("/jobs/{job_id}/events")
async def job_events(request: Request, job_id: str, viewer: Viewer = Depends(signed_in)) -> Any:
    """Server-sent events: the job's state every half second until it has finished."""
    from sse_starlette.sse import EventSourceResponse

    job = runs.job_of(request.app.state, viewer, job_id)

    async def events() -> AsyncIterator[dict[str, str]]:
        while True:
            yield {"event": "progress", "data": json.dumps(job.summary())}
            if job.finished or await request.is_disconnected():
                return
            await asyncio.sleep(0.5)

    return EventSourceResponse(events())


@router.get("/runs")
def list_runs(request: Request, viewer: Viewer = Depends(signed_in)) -> Any:
    """The newest recorded runs on workspace scenarios the user may read."""
    rows = runs.visible_runs(request.app.state, viewer)
    return [{**r, "started_at": r["started_at"].isoformat()} for r in rows]


@router.get("/runs/{run_id}")
def get_run(request: Request, run_id: int, viewer: Viewer = Depends(signed_in)) -> Any:
    """A recorded run: its inputs and its tables."""
    return runs.run_json(runs.run_of(request.app.state, viewer, run_id))


@router.get("/runs/{a}/compare/{b}")
def compare_runs(request: Request, a: int, b: int, viewer: Viewer = Depends(signed_in)) -> Any:
    """What differs between two runs: inputs, the scenario's changes in words, every number."""
    table = runs.compare(request.app.state, viewer, a, b)
    return json.loads(table.to_json(orient="records"))


@router.post("/runs/{run_id}/replay")
def replay(request: Request, run_id: int, viewer: Viewer = Depends(signed_in)) -> Any:
    """Compute a run again from its stored inputs: is every number identical, bit for bit?"""
    _, result = runs.replay(request.app.state, viewer, run_id)
    return {
        "run": run_id,
        "identical": result.identical,
        "differences": result.differences.to_dict(orient="records"),
    }


@router.post("/tokens", status_code=201)
def make_token(request: Request, body: TokenRequest, viewer: Viewer = Depends(signed_in)) -> Any:
    """A new API token for the signed-in user (shown once)."""
    token = new_token()
    token_id = request.app.state.accounts.add_token(viewer.user.id, token_hash(token), body.label)
    return {"id": token_id, "label": body.label, "token": token}


@router.get("/users")
def list_users(request: Request, viewer: Viewer = Depends(signed_in)) -> Any:
    """Every account with its role (admins only)."""
    rights.require(viewer.role == "admin", "manage users")
    return [
        {"id": u.id, "name": u.name, "role": u.role, "active": u.active}
        for u in request.app.state.accounts.users()
    ]


@router.post("/users", status_code=201)
def add_user(request: Request, body: UserRequest, viewer: Viewer = Depends(signed_in)) -> Any:
    """Create an account (admins only); the password is hashed with Argon2 and never kept."""
    rights.require(viewer.role == "admin", "manage users")
    if body.role not in ROLES:
        from detente.store.accounts import AccountError

        raise AccountError(f"no role '{body.role}' (fix: use one of {', '.join(ROLES)})")
    user = request.app.state.accounts.add_user(body.name, body.role, hash_password(body.password))
    return {"id": user.id, "name": user.name, "role": user.role, "active": user.active}


@router.patch("/users/{user_id}")
def change_user(
    request: Request, user_id: int, body: UserChange, viewer: Viewer = Depends(signed_in)
) -> Any:
    """Change an account's role or switch it on or off (admins only)."""
    rights.require(viewer.role == "admin", "manage users")
    accounts = request.app.state.accounts
    accounts.update(user_id, role=body.role, active=body.active)
    u = accounts.get(user_id)
    return {"id": u.id, "name": u.name, "role": u.role, "active": u.active}

"""Pages: run analyses on a scenario version as background jobs, and the run history."""

from __future__ import annotations

import functools
import json
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from detente.errors import DetenteError
from detente.web import runs
from detente.web.analyses import KINDS
from detente.web.pages_auth import page
from detente.web.security import Viewer, signed_in
from detente.web.whatif_builder import change_line

router = APIRouter(include_in_schema=False)


@router.get("/ws/{ws_id}/analyses")
def analyses(
    request: Request, ws_id: int, v: int | None = None, viewer: Viewer = Depends(signed_in)
) -> Response:
    """The analyses of a version: a form per kind, the what-if builder and this version's jobs.

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
    from detente import list_models
    from detente.web import service

    state = request.app.state
    version = service.version(state, viewer, ws_id, v)
    info = service.scenario_info(state, viewer, ws_id)
    jobs = [j for j in state.jobs.jobs(viewer.user.id) if j.ws_id == ws_id][:10]
    return page(
        request,
        "analyses.html",
        viewer,
        info=info,
        version=version,
        s=version.scenario(),
        models=[m.name for m in list_models()],
        kinds=KINDS,
        jobs=jobs,
        max_runs=state.settings.max_runs,
        roadmaps=_roadmaps_for(info.scenario_id),
        presets=presets_for(version.scenario()),
    )


def presets_for(scenario: Any) -> list[dict[str, Any]]:
    """The sources' proposals for the what-if builder, with the actors each lacks here.

    Parameters
    ----------
    scenario : the version's scenario

    Returns
    -------
    list[dict[str, Any]]
        Per preset: its name, what it does, the actors it needs and those this scenario lacks.
    """
    from detente.scenario.presets import PRESETS

    return [
        {"name": p.name, "summary": p.summary,
         "missing": [a for a in p.needs if a not in scenario.actor_ids]}
        for p in PRESETS.values()
    ]  # fmt: skip


@router.get("/ws/{ws_id}/breakdown")
def breakdown(
    request: Request, ws_id: int, v: int | None = None, viewer: Viewer = Depends(signed_in)
) -> Response:
    """When talks collapse: the breakdown form and this version's breakdown jobs.

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
    from detente import list_models
    from detente.web import service

    state = request.app.state
    version = service.version(state, viewer, ws_id, v)
    info = service.scenario_info(state, viewer, ws_id)
    jobs = [j for j in state.jobs.jobs(viewer.user.id)
            if j.ws_id == ws_id and j.kind == "breakdown"][:10]  # fmt: skip
    scenario = version.scenario()
    return page(
        request,
        "breakdown.html",
        viewer,
        info=info,
        version=version,
        s=scenario,
        models=[m.name for m in list_models()],
        stated=[a.id for a in scenario.actors if a.reservation is not None],
        vetoes=[a.id for a in scenario.actors if a.veto],
        jobs=jobs,
        max_runs=state.settings.max_runs,
    )


@functools.lru_cache(maxsize=64)
def _roadmaps_for(scenario_id: str) -> tuple[str, ...]:
    """The bundled roadmaps on a scenario (their files are read once per server)."""
    from detente.report.roadmaps import roadmaps_for

    return tuple(roadmaps_for(scenario_id))


# The form fields each kind of analysis takes (the rest of its request keeps its defaults).
FORM_FIELDS = {
    "forecast": ("seed",),
    "trace": ("model", "seed"),
    "ensemble": ("model", "seed", "runs", "thresholds"),
    "whatif": ("model", "seed", "runs", "changes"),
    "sensitivity": ("model", "seed"),
    "influence": ("model", "seed"),
    "backtest": (),
    "breakdown": ("model", "seed", "runs", "scale", "scale_sd"),
    "report": ("runs", "seed"),
}


@router.post("/ws/{ws_id}/jobs", response_class=HTMLResponse)
async def start(request: Request, ws_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """Start an analysis from the page's form; answers the job's progress panel."""
    form = await request.form()
    raw = {k: v for k, v in form.items() if isinstance(v, str)}
    kind = raw.get("kind", "forecast")
    changes = [line.strip() for line in raw.get("changes", "").splitlines() if line.strip()]
    built = change_line(raw, [str(a) for a in form.getlist("actors")])
    values: dict[str, Any] = {
        "model": raw.get("model", "weighted-median"),
        "seed": _whole(raw.get("seed", "0"), "seed"),
        "runs": _whole(raw.get("runs", "1000"), "runs"),
        "thresholds": [t.strip() for t in raw.get("thresholds", "").split(";") if t.strip()],
        "changes": [*changes, built] if built else changes,
        "scale": _number(raw.get("scale", "0.05"), "scale"),
        "scale_sd": _number(raw.get("scale_sd", "0.5"), "scale_sd"),
    }
    fields = {"kind": kind, **{k: values[k] for k in FORM_FIELDS.get(kind, ())}}
    version = int(raw.get("version") or 0) or None
    job = runs.start_job(request.app.state, viewer, ws_id, version, fields)
    return page(request, "_job.html", viewer, job=job)


def _whole(text: str, name: str) -> int:
    try:
        return int(text.strip() or 0)
    except ValueError:
        raise DetenteError(f"{name}: '{text}' is not a whole number (fix: e.g. 1000)") from None


def _number(text: str, name: str) -> float:
    try:
        return float(text.strip())
    except ValueError:
        raise DetenteError(f"{name}: '{text}' is not a number (fix: e.g. 0.05)") from None


@router.get("/jobs/{job_id}/panel", response_class=HTMLResponse)
def panel(request: Request, job_id: str, viewer: Viewer = Depends(signed_in)) -> Response:
    """HTMX: the job's progress bar, or its figures and tables once it is done.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    job_id : the job's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        An HTML fragment.
    """
    job = runs.job_of(request.app.state, viewer, job_id)
    return page(request, "_job.html", viewer, job=job)


@router.get("/jobs/{job_id}")
def job_page(request: Request, job_id: str, viewer: Viewer = Depends(signed_in)) -> Response:
    """A job on a page of its own (its progress, then its figures and tables).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    job_id : the job's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    job = runs.job_of(request.app.state, viewer, job_id)
    return page(request, "job.html", viewer, job=job)


@router.post("/jobs/{job_id}/cancel", response_class=HTMLResponse)
def cancel(request: Request, job_id: str, viewer: Viewer = Depends(signed_in)) -> Response:
    """Cancel a job from its progress bar (HTMX).

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    job_id : the job's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The job's fragment, now cancelled.
    """
    job = runs.cancel_job(request.app.state, viewer, job_id)
    return page(request, "_job.html", viewer, job=job)


@router.get("/jobs/{job_id}/report.zip")
def report_zip(request: Request, job_id: str, viewer: Viewer = Depends(signed_in)) -> Response:
    """The HTML report a finished report job made, as a zip.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    job_id : the job's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The zip, as a download.
    """
    job = runs.job_of(request.app.state, viewer, job_id)
    payload = job.outcome.payload if job.outcome else {}
    if "zip" not in payload:
        from detente.errors import UnknownNameError

        raise UnknownNameError(f"job {job_id} made no report")
    disposition = f'attachment; filename="{payload["name"]}"'
    return Response(
        payload["zip"], media_type="application/zip", headers={"Content-Disposition": disposition}
    )


@router.get("/runs")
def history(request: Request, viewer: Viewer = Depends(signed_in)) -> Response:
    """Every recorded run on scenarios the user may read, newest first.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    listed = runs.visible_runs(request.app.state, viewer)
    return page(request, "history.html", viewer, runs=listed)


@router.get("/runs/compare")
def compare(request: Request, a: int, b: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """Two recorded runs compared: inputs, the scenario's changes in words, every number.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    a : the first run's id
    b : the second run's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    table = runs.compare(request.app.state, viewer, a, b)
    return page(request, "compare.html", viewer, a=a, b=b, table=table)


@router.get("/runs/{run_id}")
def run_page(request: Request, run_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """A recorded run: its inputs, tables and downloads.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    run_id : the recorded run's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The page.
    """
    run = runs.run_of(request.app.state, viewer, run_id)
    return page(request, "run.html", viewer, run=run, replayed=None)


@router.post("/runs/{run_id}/replay")
def replay(request: Request, run_id: int, viewer: Viewer = Depends(signed_in)) -> Response:
    """Compute a run again from its stored inputs and say whether it came out identical.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    run_id : the recorded run's id
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The run's page with the verdict.
    """
    run, result = runs.replay(request.app.state, viewer, run_id)
    return page(request, "run.html", viewer, run=run, replayed=result)


@router.get("/runs/{run_id}/download.{fmt}")
def download(
    request: Request, run_id: int, fmt: str, viewer: Viewer = Depends(signed_in)
) -> Response:
    """The run's tables as CSV (stacked, with a ``table`` column) or as JSON.

    Parameters
    ----------
    request : the HTTP request (its app holds the stores and settings)
    run_id : the recorded run's id
    fmt : csv or json
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    Response
        The file, as a download.
    """
    run = runs.run_of(request.app.state, viewer, run_id)
    if fmt == "csv":
        body, media = runs.tables_csv(run), "text/csv"
    elif fmt == "json":
        body, media = json.dumps(runs.run_json(run), indent=1), "application/json"
    else:
        return RedirectResponse(f"/runs/{run_id}", status_code=303)
    name = f"run-{run_id}-{run.kind}.{fmt}"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )

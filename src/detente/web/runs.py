"""Jobs and recorded runs as the workspace shows them, with the rights checks.

A job runs on a workspace scenario version; every run it records is linked to that version and
its user, so the history page lists who ran what on which version.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

import pandas as pd

from detente.errors import DetenteError, UnknownNameError
from detente.web import rights, service
from detente.web.analyses import SERVER_FIELDS, label, requests_for, work_for
from detente.web.jobs import Job, Outcome, Progress, new_job_id
from detente.web.security import Viewer


def start_job(
    state: Any, viewer: Viewer, ws_id: int, version: int | None, fields: Mapping[str, Any]
) -> Job:
    """Queue the analysis ``fields`` describe (``kind`` and its request's fields) on a version
    of a workspace scenario the viewer may read; bad fields are refused at once (422).

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    ws_id : the workspace scenario's id
    version : the version (None: the newest)
    fields : 'kind' and the kind's request fields

    Returns
    -------
    Job
        The queued job.
    """
    rights.require(rights.can_create(viewer), "run analyses")
    found = service.version(state, viewer, ws_id, version)
    scenario = found.scenario()
    kind = str(fields.get("kind", ""))
    requests = requests_for(kind, fields, scenario)
    runs = max(int(getattr(r, "runs", 0) or 0) for r in requests)
    if runs > state.settings.max_runs:
        raise DetenteError(
            f"runs: {runs} is more than this server allows ({state.settings.max_runs}) "
            "(fix: ask for fewer runs, or use `detente ensemble` on the command line)"
        )
    work = work_for(state.store, scenario, kind, requests)

    def linked(progress: Progress, executor: Any) -> Outcome:
        outcome = work(progress, executor)
        for run_id in outcome.run_ids:
            state.workspace.link_run(run_id, ws_id, found.number, viewer.user.id)
        return outcome

    job = Job(new_job_id(), kind, label(kind, requests), viewer.user.id, ws_id, found.number)
    submitted: Job = state.jobs.submit(job, linked)
    return submitted


def quick_forecast(
    state: Any, viewer: Viewer, ws_id: int, version: int | None, fields: Mapping[str, Any]
) -> tuple[int, Any]:
    """One model's forecast computed in the request and recorded (fast kinds need no job).

    The same forecast of the same version again (a seeded request: the same result) answers
    the run already recorded instead of computing and recording a copy.

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    ws_id : the workspace scenario's id
    version : the version (None: the newest)
    fields : the forecast request's fields (model, seed)

    Returns
    -------
    tuple[int, Any]
        The recorded run's id and the forecast result.
    """
    from detente.results import build_request

    rights.require(rights.can_create(viewer), "run analyses")
    found = service.version(state, viewer, ws_id, version)
    given = {k: v for k, v in fields.items() if k not in SERVER_FIELDS}
    request = build_request("forecast", {**given, "scenario": found.scenario()})
    result, run_ids, reused = state.recorded.compute_and_record(
        state.store, request, scope=(ws_id, found.number), files=False
    )
    if not reused:
        for run_id in run_ids:
            state.workspace.link_run(run_id, ws_id, found.number, viewer.user.id)
    return run_ids[0], result.payload()


def job_of(state: Any, viewer: Viewer, job_id: str) -> Job:
    """One of the viewer's jobs (admins see all).

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    job_id : the job's id

    Returns
    -------
    Job
        The job (404 for someone else's).
    """
    job: Job | None = state.jobs.get(job_id)
    if job is None or (job.user_id != viewer.user.id and viewer.role != "admin"):
        raise UnknownNameError(f"no job {job_id}")
    return job


def cancel_job(state: Any, viewer: Viewer, job_id: str) -> Job:
    """Ask one of the viewer's jobs to stop.

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    job_id : the job's id

    Returns
    -------
    Job
        The job.
    """
    job_of(state, viewer, job_id)
    cancelled: Job = state.jobs.cancel(job_id)
    return cancelled


HISTORY = 500  # runs listed on the history page and by GET /api/v1/runs


def visible_runs(state: Any, viewer: Viewer) -> list[dict[str, Any]]:
    """The newest workspace runs on scenarios the viewer may read.

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    list[dict[str, Any]]
        One record per run, newest first.
    """
    readable = {i.id for i in service.visible_scenarios(state, viewer)}
    return [r for r in state.workspace.runs(limit=HISTORY) if r["ws_id"] in readable]


def run_of(state: Any, viewer: Viewer, run_id: int) -> Any:
    """A recorded run the viewer may read (its workspace scenario is readable).

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    run_id : the recorded run's id

    Returns
    -------
    Any
        The stored run.
    """
    link = state.workspace.run_link(run_id)
    if link is None and viewer.role != "admin":
        raise UnknownNameError(f"no run {run_id} in the workspace")
    if link is not None:
        service.scenario_info(state, viewer, link["ws_id"])
    return state.store.get(run_id)


def compare(state: Any, viewer: Viewer, a: int, b: int) -> pd.DataFrame:
    """What differs between two runs the viewer may read (the store's comparison).

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    a : the first run's id
    b : the second run's id

    Returns
    -------
    pd.DataFrame
        One row per difference: table, key, column, a, b, difference.
    """
    from detente.store import compare_runs

    run_of(state, viewer, a)
    run_of(state, viewer, b)
    table: pd.DataFrame = compare_runs(a, b, state.store, only_differences=True)
    return table


def replay(state: Any, viewer: Viewer, run_id: int) -> tuple[Any, Any]:
    """Compute a run the viewer may read again from its stored inputs (the results layer's replay).

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    run_id : the recorded run's id

    Returns
    -------
    tuple[Any, Any]
        The stored run and the replay's verdict.
    """
    from detente.results import replay as replay_run

    rights.require(rights.can_create(viewer), "replay runs")
    run = run_of(state, viewer, run_id)
    return run, replay_run(state.store, run_id)


def tables_csv(run: Any) -> str:
    """The run's tables stacked, with a ``table`` column (as `detente runs show -f csv`).

    Parameters
    ----------
    run : a stored run

    Returns
    -------
    str
        CSV text.
    """
    out = io.StringIO()
    run.stacked().to_csv(out, index=False)
    return out.getvalue()


def run_json(run: Any) -> dict[str, Any]:
    """The run as `detente runs show -f json` prints it.

    Parameters
    ----------
    run : a stored run

    Returns
    -------
    dict[str, Any]
        Its id, kind, inputs and tables.
    """
    import json

    info = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in run.summary().items()}
    tables = {n: json.loads(t.to_json(orient="records")) for n, t in run.tables.items()}
    return {**info, "tables": tables}

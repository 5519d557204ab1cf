"""The analyses the workspace runs as jobs, through the results layer.

A job's body names a ``kind`` and that kind's request fields (the results layer's request types:
``detente.results.EnsembleRequest`` and its siblings); the workspace puts the scenario version in
and chooses the executor. Each request is computed and recorded by
:func:`detente.results.compute_and_record`, so a web run replays exactly like a CLI run. What a
page shows of a result is the report's figures and tables of it.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from detente.errors import DetenteError, RequestError
from detente.errors import Problem as _Problem
from detente.scenario import Scenario
from detente.store import RunStore
from detente.web.jobs import Outcome, Progress

KINDS = ("forecast", "trace", "ensemble", "whatif", "sensitivity", "influence", "backtest",
         "breakdown", "report")  # fmt: skip
#: fields the workspace sets itself: the scenario is the version, the executor is the server's
SERVER_FIELDS = frozenset({"scenario", "executor", "scheduler"})
CHUNK = 1000  # runs per chunk of a web ensemble, so progress moves (stored with the run)


def requests_for(kind: str, fields: Mapping[str, Any], scenario: Scenario) -> list[Any]:
    """The validated results-layer requests of a job (several for 'forecast' by every model).

    Parameters
    ----------
    kind : the result kind (forecast, ensemble, whatif, breakdown ...) or 'report'
    fields : the kind's request fields as the form or the API gave them
    scenario : the version's scenario, which every request takes

    Returns
    -------
    list[Any]
        The validated requests (one per model for a forecast by every model).

    Raises
    ------
    RequestError
        A field the kind does not take, or a value it refuses, each named.
    """
    from detente import list_models
    from detente.results import build_request

    if kind not in KINDS:
        problem = _Problem("kind", f"no analysis '{kind}'", f"use one of {', '.join(KINDS)}")
        raise RequestError(kind, [problem])
    given = {k: v for k, v in fields.items() if k not in SERVER_FIELDS and k != "kind"}
    if kind == "report":
        return [_ReportRequest(**given)]
    if kind == "ensemble":
        given.setdefault("chunk_size", CHUNK)
    if kind == "forecast" and given.get("model", "all") == "all":
        models = [m.name for m in list_models()]
        return [build_request(kind, {**given, "model": m, "scenario": scenario}) for m in models]
    return [build_request(kind, {**given, "scenario": scenario})]


class _ReportRequest:
    """The HTML report of a version: not a result kind, a document made of all of them."""

    kind = "report"

    def __init__(self, runs: int = 500, seed: int = 0, model: str | None = None) -> None:
        if not (isinstance(runs, int) and runs >= 0) or not (isinstance(seed, int) and seed >= 0):
            why = "runs and seed are whole numbers 0 or more"
            raise RequestError("report", [_Problem("runs", why, "give e.g. runs=500 seed=0")])
        self.runs, self.seed, self.model = runs, seed, model


def label(kind: str, requests: Sequence[Any]) -> str:
    """A short description of a job for its panel and lists.

    Parameters
    ----------
    kind : the job's kind
    requests : its requests

    Returns
    -------
    str
        A few words, e.g. 'ensemble (bdm), 3000 runs'.
    """
    first = requests[0]
    if kind == "forecast" and len(requests) > 1:
        return "forecast (every model)"
    if kind == "report":
        return f"HTML report ({first.runs} runs per ensemble)"
    extra = {"ensemble": f", {getattr(first, 'runs', '')} runs",
             "breakdown": f", {getattr(first, 'runs', '')} runs",
             "whatif": ": " + "; ".join(getattr(first, "changes", []))}.get(kind, "")  # fmt: skip
    return f"{kind} ({getattr(first, 'model', '')}){extra}"


def work_for(store: RunStore, scenario: Scenario, kind: str, requests: Sequence[Any]) -> Any:
    """The job function ``work(progress, executor)`` computing and recording ``requests``.

    Parameters
    ----------
    store : the run store the results are recorded in
    scenario : the version's scenario
    kind : the job's kind
    requests : the requests to compute

    Returns
    -------
    Any
        The job's work: a function of (progress, executor) returning the job's outcome.
    """

    def work(progress: Progress, executor: Any) -> Outcome:
        if kind == "report":
            return _report(scenario, requests[0], progress, executor)
        return _compute_all(store, scenario, kind, requests, progress, executor)

    return work


def _compute_all(store: RunStore, scenario: Scenario, kind: str, requests: Sequence[Any],
                 progress: Progress, executor: Any) -> Outcome:  # fmt: skip
    from detente.report.blocks import Note
    from detente.results import compute_and_record

    several = len(requests) > 1
    if several:
        progress.total(len(requests))
    results, ids, notes = [], [], []
    for request in requests:
        progress.check()
        hooks = {"executor": executor, "cancel": progress.cancelled, "files": False}
        if not several:
            hooks["progress"] = progress.report
        try:
            result, run_ids = compute_and_record(store, request, **hooks)
        except DetenteError as exc:  # every model: one that cannot run is noted (and recorded)
            if not several or isinstance(exc, _cancelled()):
                raise
            notes.append(Note(f"{request.model} did not run on this scenario: {exc}"))
            continue
        finally:
            if several:
                progress(1)
        results.append(result)
        ids += run_ids
    from detente.web.views import VIEWS

    blocks = VIEWS[kind](results, scenario) + notes if results else notes
    payload = {"results": [r.payload() for r in results]}
    return Outcome(ids, blocks, payload)


def _cancelled() -> type[Exception]:
    from detente.errors import Cancelled

    return Cancelled


def _report(scenario: Scenario, request: _ReportRequest, progress: Progress,
            executor: Any) -> Outcome:  # fmt: skip
    """The HTML report of the version (index.html and the figures' script) as a zip."""
    from detente.report import build_report
    from detente.report.blocks import Note
    from detente.report.sections import SECTIONS

    progress.total(len(SECTIONS))

    def sections_done(done: int, total: int) -> None:
        progress.check()
        progress.report(done, total)

    with tempfile.TemporaryDirectory(prefix="detente-report-") as folder:
        build_report(scenario, folder, model=request.model, runs=request.runs,
                     seed=request.seed, executor=executor, progress=sections_done)  # fmt: skip
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, f"{scenario.id}-report/{path.name}")
    note = Note("The report is ready: unzip it and open index.html (it works offline).")
    return Outcome([], [note], {"zip": buffer.getvalue(), "name": f"{scenario.id}-report.zip"})

"""The analyses the workspace runs as jobs: each a request type and a work function.

Interim glue until :mod:`detente.results` lands on main: every run goes through the run store's
kinds (:mod:`detente.store.kinds`, the path `detente runs replay` uses), so it is recorded exactly
as the CLI's ``--record`` records it and replays bit for bit; figures and tables come from the
report's sections and figure functions. Nothing here computes or reshapes a result.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from detente.errors import DetenteError
from detente.scenario import Scenario
from detente.store import RunStore
from detente.store.kinds import run_and_record
from detente.web.jobs import Outcome, Progress

CHUNK = 1000  # runs per chunk of a web ensemble: progress moves every chunk (stored for replay)
KINDS = (
    "forecast",
    "trace",
    "ensemble",
    "whatif",
    "sensitivity",
    "influence",
    "backtest",
    "report",
)


class AnalysisRequest(BaseModel):
    """What to run on a workspace scenario version (the API's and the forms' body)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal[
        "forecast", "trace", "ensemble", "whatif", "sensitivity", "influence", "backtest", "report"
    ]
    model: str = Field("weighted-median", max_length=64)
    models: list[str] | None = Field(None, description="forecast: these models (None: all)")
    seed: int = Field(0, ge=0, le=2**63 - 1)
    runs: int = Field(1000, ge=0, description="ensemble and what-if: perturbed runs")
    thresholds: list[str] = Field(default_factory=list, description="ensemble: 'issue>=75' ...")
    changes: list[str] = Field(default_factory=list, description="what-if: change lines")
    method: str | None = Field(None, description="sensitivity: oat|sobol; influence: method")

    def label(self) -> str:
        """A short description for job lists."""
        extra = {
            "ensemble": f", {self.runs} runs",
            "whatif": f": {'; '.join(self.changes)}",
            "forecast": "" if self.models is None else f": {', '.join(self.models)}",
        }.get(self.kind, "")
        return f"{self.kind} ({self.model if self.kind != 'forecast' else 'models'}){extra}"


def _blocks(section: Any) -> list[Any]:
    return list(section.blocks)


def _context(scenario: Scenario, request: AnalysisRequest, executor: Any) -> Any:
    from detente.models.registry import get_model, list_models
    from detente.report.sections import Context

    models = list_models()
    if request.models is not None:
        models = [get_model(m) for m in request.models]  # unknown -> UnknownNameError
    return Context(
        scenario, models, request.model, request.runs, request.seed, request.changes, executor
    )


def _forecast(
    store: RunStore, scenario: Scenario, request: AnalysisRequest, progress: Progress, executor: Any
) -> Outcome:
    from detente.report.sections import forecasts

    ctx = _context(scenario, request, executor)
    progress.total(len(ctx.models) + 1)
    ids = []
    for spec in ctx.models:
        progress.check()
        # a model that cannot run on the scenario is recorded as failed, noted by the report
        with contextlib.suppress(DetenteError):
            ids.append(_record(store, "forecast", scenario, spec.name, request))
        progress(1)
    blocks = _blocks(forecasts(ctx))
    progress(1)
    return Outcome(ids, blocks)


def _record(
    store: RunStore,
    kind: str,
    scenario: Scenario,
    model: str,
    request: AnalysisRequest,
    options: dict[str, Any] | None = None,
) -> int:
    run_id, _ = run_and_record(store, kind, scenario, model, {}, request.seed, options)
    return run_id


def _trace(
    store: RunStore, scenario: Scenario, request: AnalysisRequest, progress: Progress, executor: Any
) -> Outcome:
    from detente.report.plots import trajectory_figure
    from detente.report.sections import figure

    run_id = _record(store, "trace", scenario, request.model, request)
    ctx = _context(scenario, request, executor)
    traj = ctx.trajectory(request.model)
    return Outcome([run_id], [figure(trajectory_figure(traj, i)) for i in traj.issue_ids])


def _ensemble(
    store: RunStore, scenario: Scenario, request: AnalysisRequest, progress: Progress, executor: Any
) -> Outcome:
    from detente.analysis import ensemble
    from detente.report.figures import ensemble_figure
    from detente.report.sections import figure, table

    progress.total(request.runs)
    started = dt.datetime.now(dt.UTC)
    result = ensemble(
        scenario,
        request.model,
        runs=request.runs,
        seed=request.seed,
        thresholds=request.thresholds,
        executor=executor,
        progress=progress,
        chunk_size=CHUNK,
    )
    options = {"runs": request.runs, "thresholds": list(request.thresholds), "chunk_size": CHUNK}
    run_id = store.record(
        kind="ensemble",
        scenario=scenario,
        model=request.model,
        params={},
        seed=request.seed,
        tables={"summary": result.summary},
        started_at=started,
        finished_at=dt.datetime.now(dt.UTC),
        options=options,
    )
    fig = ensemble_figure(request.model, scenario.issue_ids, result.samples, result.summary)
    return Outcome([run_id], [figure(fig), table(f"{request.model}: quantiles", result.summary)])


def _whatif(
    store: RunStore, scenario: Scenario, request: AnalysisRequest, progress: Progress, executor: Any
) -> Outcome:
    from detente.report.figures import whatif_figure
    from detente.report.sections import figure, table

    options = {"changes": list(request.changes), "runs": request.runs}
    run_id, tables = run_and_record(
        store, "whatif", scenario, request.model, {}, request.seed, options
    )
    frame = tables["whatif"]
    label = "; ".join(request.changes)
    return Outcome(
        [run_id],
        [figure(whatif_figure(request.model, frame, label)), table(f"What if: {label}", frame)],
    )


def _one_table(kind: str, draw: Callable[[str, Any], Any] | None) -> Any:
    """Work for a kind with one result table and (optionally) one report figure of it."""

    def work(
        store: RunStore,
        scenario: Scenario,
        request: AnalysisRequest,
        progress: Progress,
        executor: Any,
    ) -> Outcome:
        from detente.report.sections import figure, table

        options: dict[str, Any] = {"method": request.method} if request.method else {}
        if kind == "backtest":
            options = {"models": request.models, "outcome": None}
        run_id, tables = run_and_record(
            store,
            kind,
            scenario,
            request.model,
            {},
            None if kind == "backtest" else request.seed,
            options,
        )
        blocks: list[Any] = [] if draw is None else [figure(draw(request.model, tables[kind]))]
        blocks += [table(f"{kind}: {name}", frame) for name, frame in tables.items()]
        return Outcome([run_id], blocks)

    return work


def _sensitivity_figure(model: str, frame: Any) -> Any:
    from detente.report.figures import sensitivity_figure

    return sensitivity_figure(model, frame)


def _influence_figure(model: str, frame: Any) -> Any:
    from detente.report.figures import influence_figure

    return influence_figure(model, frame)


def _report(
    store: RunStore, scenario: Scenario, request: AnalysisRequest, progress: Progress, executor: Any
) -> Outcome:
    """The HTML report of the version (index.html and plotly.min.js) as a zip to download."""
    import io
    import tempfile
    import zipfile
    from pathlib import Path

    from detente.report import build_report
    from detente.report.sections import SECTIONS, Note

    progress.total(len(SECTIONS))
    with tempfile.TemporaryDirectory(prefix="detente-report-") as folder:
        build_report(
            scenario,
            folder,
            runs=request.runs,
            seed=request.seed,
            executor=executor,
            progress=lambda _label: progress(1),
        )
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(Path(folder).iterdir()):
                archive.write(path, f"{scenario.id}-report/{path.name}")
    note = Note("The report is ready: unzip it and open index.html (it works offline).")
    return Outcome([], [note], {"zip": buffer.getvalue(), "name": f"{scenario.id}-report.zip"})


WORK: dict[str, Any] = {
    "forecast": _forecast,
    "trace": _trace,
    "ensemble": _ensemble,
    "whatif": _whatif,
    "sensitivity": _one_table("sensitivity", _sensitivity_figure),
    "influence": _one_table("influence", _influence_figure),
    "backtest": _one_table("backtest", None),
    "report": _report,
}


def work_for(store: RunStore, scenario: Scenario, request: AnalysisRequest) -> Any:
    """The job function ``work(progress, executor)`` for ``request`` on ``scenario``."""
    run = WORK[request.kind]

    def work(progress: Progress, executor: Any) -> Outcome:
        outcome: Outcome = run(store, scenario, request, progress, executor)
        return outcome

    return work

"""The data sections of the HTML report, each built from the registry and the analysis layer.

Every section asks the registry which models exist (never a fixed list) and calls
:mod:`detente.analysis`; a model that cannot run on the scenario, or an analysis that is not
installed, becomes a note in its section instead of stopping the report.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

import pandas as pd

from detente.core.trajectory import Trajectory
from detente.errors import DetenteError
from detente.models.registry import ModelSpec
from detente.report import figures
from detente.scenario import Scenario


@dataclass(frozen=True)
class Figure:
    """A Plotly figure as JSON, drawn in the browser by the bundled plotly.js."""

    json: str


@dataclass(frozen=True)
class Table:
    """A table as HTML (escaped), with a caption."""

    caption: str
    html: str
    collapsed: bool = False


@dataclass(frozen=True)
class Note:
    """A sentence for the reader (why a part is missing, what a number means)."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section (one per roadmap, say)."""

    heading: str


Block = Figure | Table | Note | Heading


@dataclass
class Section:
    """One part of the report: an anchor id, a title, an introduction and its blocks."""

    id: str
    title: str
    intro: str
    blocks: list[Block] = field(default_factory=list)


@dataclass(frozen=True)
class Context:
    """What every section needs: the scenario, the models and the analysis settings."""

    scenario: Scenario
    models: Sequence[ModelSpec]
    focus: str
    runs: int
    seed: int
    whatifs: Sequence[str]
    executor: Any = None
    panels: Sequence[str] | None = None
    _trajectories: dict[str, Trajectory] = field(default_factory=dict)

    def trajectory(self, model: str) -> Trajectory:
        """The model's trajectory on the scenario (computed once, shared by the sections)."""
        if model not in self._trajectories:
            from detente.api import simulate

            self._trajectories[model] = simulate(self.scenario, model, seed=self.seed)
        return self._trajectories[model]


def figure(fig: Any) -> Figure:
    # "</" inside a <script> block would end it early; "<\/" is the same JSON string.
    return Figure(fig.to_json().replace("</", "<\\/"))


def table(caption: str, df: pd.DataFrame, digits: int = 2, collapsed: bool = False) -> Table:
    """An HTML table (long ones ``collapsed`` behind their caption)."""
    html = df.to_html(
        index=False, border=0, classes="data", na_rep="", float_format=lambda v: f"{v:.{digits}f}"
    )
    return Table(caption, html, collapsed)


def _analysis() -> ModuleType | None:
    try:
        return importlib.import_module("detente.analysis")
    except ImportError:
        return None


def _missing(section: Section, what: str, module: str = "detente.analysis") -> Section:
    section.blocks.append(Note(f"{what} needs {module}, which is not installed."))
    return section


def forecasts(ctx: Context) -> Section:
    """Every registered model's forecast per issue beside the known outcomes."""
    s = ctx.scenario
    section = Section(
        "forecasts",
        "Forecasts",
        "Each model's forecast of where the talks land "
        "on each issue, beside the known outcomes of the scenario.",
    )
    frame = pd.DataFrame({"issue": s.issue_ids})
    ran: list[str] = []
    for spec in ctx.models:

        def run(name: str = spec.name) -> list[Block]:
            frame[name] = ctx.trajectory(name).final[0]
            ran.append(name)
            return []

        _guard(section, run, prefix=f"{spec.name} did not run on this scenario: ")
    outcomes = [o.id for o in s.outcomes]
    for o in s.outcomes:
        frame[o.id] = [o.values.get(i, float("nan")) for i in s.issue_ids]
    section.blocks[:0] = [
        figure(figures.forecast_figure(frame, ran, outcomes)),
        table("Forecast per issue (model columns) and known outcomes", frame),
    ]
    return section


def ensembles(ctx: Context) -> Section:
    """Violins of every model's forecasts over perturbed copies of the scenario."""
    section = Section(
        "ensembles",
        "Ensemble intervals",
        f"{ctx.runs} copies of the scenario with positions, saliences and capabilities drawn "
        "around their stated values (their standard deviations); the spread of forecasts shows "
        f"how sure each model is. Seed {ctx.seed}.",
    )
    analysis = _analysis()
    if analysis is None:
        return _missing(section, "The ensemble")
    for spec in ctx.models:

        def blocks(name: str = spec.name) -> list[Block]:
            result = analysis.ensemble(
                ctx.scenario, name, runs=ctx.runs, seed=ctx.seed, executor=ctx.executor
            )
            issues = ctx.scenario.issue_ids
            fig = figures.ensemble_figure(name, issues, result.samples, result.summary)
            return [figure(fig), table(f"{name}: quantiles", result.summary)]

        _guard(section, blocks, prefix=f"{spec.name}: ")
    return section


def trajectories(ctx: Context) -> Section:
    """Round-by-round positions of every dynamic model, one figure per issue."""
    from detente.report.plots import trajectory_figure

    section = Section(
        "trajectories",
        "Trajectories",
        "How every actor's position moves round by round in the dynamic models; the dashed "
        "line is the model's forecast.",
    )
    dynamic = [spec for spec in ctx.models if spec.dynamic]
    if not dynamic:
        section.blocks.append(Note("No dynamic model is registered: every model is static."))
    for spec in dynamic:

        def blocks(name: str = spec.name) -> list[Block]:
            traj = ctx.trajectory(name)
            return [figure(trajectory_figure(traj, i)) for i in traj.issue_ids]

        _guard(section, blocks, prefix=f"{spec.name}: ")
    return section


def sensitivity(ctx: Context) -> Section:
    """Which inputs move the focus model's forecast most (one-at-a-time swings)."""
    section = Section(
        "sensitivity",
        "Sensitivity",
        f"How far the {ctx.focus} forecast of each issue swings when one input moves from the "
        "low to the high end of its uncertainty, the others held (one at a time).",
    )
    analysis = _analysis()
    if analysis is None:
        return _missing(section, "Sensitivity")
    return _guard(section, lambda: _sensitivity_blocks(ctx, analysis))


def _sensitivity_blocks(ctx: Context, analysis: ModuleType) -> list[Block]:
    frame = analysis.sensitivity(ctx.scenario, ctx.focus, method="oat", seed=ctx.seed)
    top = frame[frame["rank"] <= 3]
    return [
        figure(figures.sensitivity_figure(ctx.focus, frame)),
        table("Top three inputs per issue", top, collapsed=True),
    ]


def influence(ctx: Context) -> Section:
    """Each actor's Shapley share in moving each issue's forecast."""
    section = Section(
        "influence",
        "Influence",
        f"How much each actor moves the {ctx.focus} forecast of each issue: its Shapley value, "
        "the average shift it brings when it joins the table, over every order of arrival.",
    )
    analysis = _analysis()
    if analysis is None:
        return _missing(section, "Influence")

    def blocks() -> list[Block]:
        frame = analysis.influence(ctx.scenario, ctx.focus, seed=ctx.seed)
        wide = frame.pivot(index="actor", columns="issue", values="value")
        wide = wide.loc[list(dict.fromkeys(frame["actor"])), ctx.scenario.issue_ids]
        wide.columns.name = None
        return [
            figure(figures.influence_figure(ctx.focus, frame)),
            table("Influence (actor x issue)", wide.reset_index()),
        ]

    return _guard(section, blocks)


def backtest(ctx: Context) -> Section:
    """Every model's error against each known outcome of the scenario."""
    section = Section(
        "backtest",
        "Back-test",
        "Each model's forecast against the outcomes the scenario records (error = forecast - "
        "actual), beside the naive weighted mean's error.",
    )
    if not ctx.scenario.outcomes:
        section.blocks.append(Note("The scenario records no known outcome to test against."))
        return section
    analysis = _analysis()
    if analysis is None:
        return _missing(section, "The back-test")

    def blocks() -> list[Block]:
        frame = analysis.backtest(ctx.scenario, [m.name for m in ctx.models])
        out: list[Block] = []
        if hasattr(analysis, "summarize"):
            out.append(
                table("Mean absolute error per model and outcome", analysis.summarize(frame))
            )
        per_issue = frame.drop(columns=["scenario"], errors="ignore")
        out.append(table("Per issue", per_issue, collapsed=True))
        out += [Note(f"left out: {reason}") for reason in frame.attrs.get("skipped", [])]
        return out

    return _guard(section, blocks)


def whatifs(ctx: Context) -> Section:
    """The focus model's forecast before and after each what-if change."""
    section = Section(
        "whatifs",
        "What-ifs",
        f"The {ctx.focus} forecast before and after each change, with the 90% interval of an "
        f"ensemble of {ctx.runs} perturbed copies after it.",
    )
    analysis = _analysis()
    if analysis is None:
        return _missing(section, "The what-if analysis")
    for change in ctx.whatifs:

        def blocks(change: str = change) -> list[Block]:
            frame = analysis.whatif(
                ctx.scenario,
                [change],
                ctx.focus,
                runs=ctx.runs,
                seed=ctx.seed,
                executor=ctx.executor,
            )
            return [
                figure(figures.whatif_figure(ctx.focus, frame, change)),
                table(f"What if: {change}", frame),
            ]

        _guard(section, blocks, prefix=f"what if '{change}': ")
    return section


def roadmaps(ctx: Context) -> Section:
    """The bundled roadmaps for this scenario: stage status, incentive check, ledger, timeline."""
    section = Section(
        "roadmaps",
        "Roadmaps",
        "Phased agreements on this scenario's issues: where each stage stands, whether every "
        "party gains by keeping to it (the incentive check) and who pays for what (the ledger).",
    )
    try:
        from detente.roadmap.report import roadmap_section, roadmaps_for
    except ImportError:
        return _missing(section, "The roadmap section", "detente.roadmap")
    names = roadmaps_for(ctx.scenario.id)
    if not names:
        section.blocks.append(Note("No bundled roadmap refers to this scenario."))
    for name in names:

        def blocks(name: str = name) -> list[Block]:
            part = roadmap_section(name)
            title = part["title"]
            if part["illustrative"] and "illustrative" not in title:
                title += " (illustrative)"
            out: list[Block] = [Heading(title), *(Note(s) for s in part["summary"])]
            if part["figure"] is not None:
                out.append(figure(part["figure"]))
            out += [
                table(key.capitalize(), frame, collapsed=key != "status")
                for key, frame in part["tables"].items()
            ]
            return out

        _guard(section, blocks, prefix=f"roadmap '{name}': ")
    return section


def panels(ctx: Context) -> Section:
    """Expert panels on the scenario: pooled and per-member forecasts, disagreement, rounds."""
    from detente.report.panel_section import panel_section

    return panel_section(ctx, ctx.panels)


def _guard(section: Section, build: Callable[[], list[Block]], prefix: str = "") -> Section:
    """Add the blocks ``build`` makes, or a note saying why it could not.

    Any error of one model or analysis becomes a note: one failing model must not cost the
    reader the rest of the report. Errors that are not detente's own are named by type.
    """
    try:
        section.blocks += build()
    except DetenteError as exc:
        section.blocks.append(Note(f"{prefix}{exc}"))
    except Exception as exc:
        section.blocks.append(Note(f"{prefix}failed ({type(exc).__name__}: {exc})"))
    return section


SECTIONS: tuple[Callable[[Context], Section], ...] = (
    forecasts,
    ensembles,
    trajectories,
    sensitivity,
    influence,
    backtest,
    whatifs,
    roadmaps,
    panels,
)


def default_whatifs(scenario: Scenario) -> list[str]:
    """Changes every scenario can take: talks only in pairs, and the most capable actor gone."""
    strongest = max(scenario.actors, key=lambda a: a.capability).id
    return ["only-bilateral", f"remove {strongest}"]

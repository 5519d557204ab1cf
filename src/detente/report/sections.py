"""The data sections of the HTML report, each computed through the results layer.

Every section asks the model registry which models exist (never a fixed list) and computes its
results with :func:`detente.results.compute`. A section that does not apply to the scenario says
why with a :class:`NotApplicable` block; any error stops the report with its own message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from detente.report import figures
from detente.report.blocks import Block, Heading, NotApplicable, Note, Section, figure, table
from detente.report.context import Context, default_whatifs
from detente.results import (
    BacktestRequest,
    EnsembleRequest,
    InfluenceRequest,
    SensitivityRequest,
    WhatIfRequest,
    compute,
)
from detente.results.forecast import forecast_table, pick_outcomes

__all__ = [
    "SECTIONS",
    "Context",
    "backtest",
    "breakdown",
    "default_whatifs",
    "ensembles",
    "forecasts",
    "influence",
    "panels",
    "roadmaps",
    "sensitivity",
    "trajectories",
    "whatifs",
]


def forecasts(ctx: Context) -> Section:
    """Every registered model's forecast per issue beside the known outcomes.

    Parameters
    ----------
    ctx : the report's scenario, models, settings and executor

    Returns
    -------
    Section
        A figure and the table.
    """
    section = Section(
        "forecasts",
        "Forecasts",
        "Each model's forecast of where the talks land "
        "on each issue, beside the known outcomes of the scenario.",
    )
    results = [ctx.forecast(spec.name) for spec in ctx.models]
    known = pick_outcomes(ctx.scenario, "all")  # those with values: a collapse record has none
    frame = forecast_table(results, known)
    names = [spec.name for spec in ctx.models]
    outcomes = [o.id for o in known]
    section.blocks += [
        figure(figures.forecast_figure(frame, names, outcomes, ctx.scenario)),
        table("Forecast per issue (model columns) and known outcomes", frame),
    ]
    return section


def ensembles(ctx: Context) -> Section:
    """Violins of every model's forecasts over perturbed copies of the scenario.

    Parameters
    ----------
    ctx : the report's scenario, models, settings and executor

    Returns
    -------
    Section
        A figure and a table per model.
    """
    section = Section(
        "ensembles",
        "Ensemble intervals",
        f"{ctx.runs} copies of the scenario with positions, saliences and capabilities drawn "
        "around their stated values (their standard deviations); the spread of forecasts shows "
        f"how sure each model is. Seed {ctx.seed}.",
    )
    issues = ctx.scenario.issue_ids
    results = {
        spec.name: ctx.compute(EnsembleRequest, model=spec.name, runs=ctx.runs)
        for spec in ctx.models
    }
    parts = [(r.samples, r.summary) for r in results.values()]
    shared = figures.shared_range(parts, issues, ctx.scenario) if parts else None
    for name, result in results.items():
        fig = figures.ensemble_figure(
            name, issues, result.samples, result.summary, ctx.scenario, x_range=shared
        )
        section.blocks += [figure(fig), table(f"{name}: quantiles", result.summary)]
    return section


def trajectories(ctx: Context) -> Section:
    """Round-by-round positions of every dynamic model, one figure per issue.

    Parameters
    ----------
    ctx : the report's scenario, models, settings and executor

    Returns
    -------
    Section
        The figures, or why there are none.
    """
    section = Section(
        "trajectories",
        "Trajectories",
        "How every actor's position moves round by round in the dynamic models; the dashed "
        "line is the model's forecast.",
    )
    dynamic = [spec for spec in ctx.models if spec.dynamic]
    if not dynamic:
        section.blocks.append(
            NotApplicable("No dynamic model is registered: every model is static.")
        )
    for spec in dynamic:
        traj = ctx.forecast(spec.name).trajectory
        section.blocks += [
            figure(figures.trajectory_figure(traj, i, ctx.scenario)) for i in traj.issue_ids
        ]
    return section


def sensitivity(ctx: Context) -> Section:
    """Which inputs move the focus model's forecast most (one-at-a-time swings).

    Parameters
    ----------
    ctx : the report's scenario, models, settings and executor

    Returns
    -------
    Section
        A figure and the top three inputs per issue.
    """
    section = Section(
        "sensitivity",
        "Sensitivity",
        f"How far the {ctx.focus} forecast of each issue swings when one input moves from the "
        "low to the high end of its uncertainty, the others held (one at a time).",
    )
    result = ctx.compute(SensitivityRequest, model=ctx.focus, method="oat")
    section.blocks += [
        figure(figures.sensitivity_figure(ctx.focus, result.table)),
        table("Top three inputs per issue", result.top(3), collapsed=True),
    ]
    return section


def influence(ctx: Context) -> Section:
    """Each actor's Shapley share in moving each issue's forecast.

    Parameters
    ----------
    ctx : the report's scenario, models, settings and executor

    Returns
    -------
    Section
        A heat map and the actor x issue table.
    """
    section = Section(
        "influence",
        "Influence",
        f"How much each actor moves the {ctx.focus} forecast of each issue: its Shapley value, "
        "the average shift it brings when it joins the table, over every order of arrival.",
    )
    values = ctx.compute(InfluenceRequest, model=ctx.focus).values
    wide = values.pivot(index="actor", columns="issue", values="value")
    wide = wide.loc[list(dict.fromkeys(values["actor"])), ctx.scenario.issue_ids]
    wide.columns.name = None
    section.blocks += [
        figure(figures.influence_figure(ctx.focus, values)),
        table("Influence (actor x issue)", wide.reset_index()),
    ]
    return section


def backtest(ctx: Context) -> Section:
    """Every model's error against each known outcome of the scenario.

    Parameters
    ----------
    ctx : the report's scenario, models, settings and executor

    Returns
    -------
    Section
        The MAE summary and per-issue errors, or why there are none.
    """
    section = Section(
        "backtest",
        "Back-test",
        "Each model's forecast against the outcomes the scenario records (error = forecast - "
        "actual), beside the naive weighted mean's error.",
    )
    if not ctx.scenario.outcomes:
        section.blocks.append(
            NotApplicable("The scenario records no known outcome to test against.")
        )
        return section
    request = BacktestRequest(scenario=ctx.scenario, models=[m.name for m in ctx.models])
    result: Any = compute(request, executor=ctx.executor)
    section.blocks += [
        table("Mean absolute error per model and outcome", result.summary),
        table("Per issue", result.detail.drop(columns=["scenario"]), collapsed=True),
        *(NotApplicable(f"left out: {reason}") for reason in result.backtest.skipped),
    ]
    return section


def whatifs(ctx: Context) -> Section:
    """The focus model's forecast before and after each what-if change.

    Parameters
    ----------
    ctx : the report's scenario, models, settings and executor

    Returns
    -------
    Section
        A figure and a table per change, and why default changes were left out.
    """
    section = Section(
        "whatifs",
        "What-ifs",
        f"The {ctx.focus} forecast before and after each change, with the 90% interval of an "
        f"ensemble of {ctx.runs} perturbed copies after it.",
    )
    section.blocks += [NotApplicable(reason) for reason in ctx.not_applicable]
    for change in ctx.whatifs:
        result = ctx.compute(WhatIfRequest, model=ctx.focus, changes=[change], runs=ctx.runs)
        section.blocks += [
            figure(figures.whatif_figure(ctx.focus, result.table, change, ctx.scenario)),
            table(f"What if: {change}", result.table),
            *(Note(n) for n in result.notes),
        ]
    return section


def roadmaps(ctx: Context) -> Section:
    """The bundled roadmaps for this scenario: stage status, incentive check, ledger, timeline.

    Parameters
    ----------
    ctx : the report's scenario, models, settings and executor

    Returns
    -------
    Section
        One part per roadmap, or why there is none.
    """
    from detente.report.roadmaps import roadmap_part, roadmaps_for

    section = Section(
        "roadmaps",
        "Roadmaps",
        "Phased agreements on this scenario's issues: where each stage stands, whether every "
        "party gains by keeping to it (the incentive check) and who pays for what (the ledger).",
    )
    names = roadmaps_for(ctx.scenario.id)
    if not names:
        section.blocks.append(NotApplicable("No bundled roadmap refers to this scenario."))
    for name in names:
        section.blocks += _roadmap_blocks(roadmap_part(name, ctx.scenario, executor=ctx.executor))
    return section


def panels(ctx: Context) -> Section:
    """Expert panels on the scenario: pooled and per-member forecasts, disagreement, rounds.

    Parameters
    ----------
    ctx : the report's scenario, models, settings and executor

    Returns
    -------
    Section
        The panels' blocks, or why the section does not apply.
    """
    from detente.report.panel_section import panel_section

    return panel_section(ctx, ctx.panels)


def _roadmap_blocks(part: Any) -> list[Block]:
    title = part.title
    if part.illustrative and "illustrative" not in title:
        title += " (illustrative)"
    blocks: list[Block] = [Heading(title), *(Note(s) for s in part.summary)]
    blocks.append(figure(figures.gantt_figure(part.roadmap, part.on, part.dating)))
    blocks += [
        table(key.capitalize(), frame, collapsed=key != "status")
        for key, frame in part.tables.items()
    ]
    return blocks


def breakdown(ctx: Context) -> Section:
    """When talks collapse: P(collapse) per model, walk-outs, and convergence.

    Parameters
    ----------
    ctx : the report's scenario, models, settings and executor

    Returns
    -------
    Section
        A figure and tables per model, or why the section does not apply.
    """
    from detente.report.breakdown_section import breakdown_section

    return breakdown_section(ctx)


SECTIONS: tuple[Callable[[Context], Section], ...] = (
    forecasts,
    ensembles,
    trajectories,
    sensitivity,
    influence,
    backtest,
    breakdown,
    whatifs,
    roadmaps,
    panels,
)

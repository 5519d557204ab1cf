"""The report's "When talks collapse" section: walk-outs, P(collapse), convergence of each model."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from detente.report import breakdown_figures
from detente.report.blocks import Block, NotApplicable, Note, Section, figure, table

if TYPE_CHECKING:
    from detente.report.sections import Context

ACTOR_COLUMNS = ["actor", "veto", "reservation", "utility", "margin", "p_walk", "p_first",
                 "risk_limit"]  # fmt: skip


def breakdown_section(ctx: Context) -> Section:
    """P(collapse) per model, the focus model's walk-outs, and every non-converged forecast.

    Parameters
    ----------
    ctx : the report's context

    Returns
    -------
    Section
        The section; without reservation values it says why nobody walks out.
    """
    section = Section(
        "breakdown",
        "When talks collapse",
        "Each actor judges a model's forecast against its reservation value (what no deal is "
        "worth to it); a logistic rule turns the margin into a probability of walking out, and "
        f"the talks collapse when a veto player walks. Ensembles of {ctx.runs} runs, seed "
        f"{ctx.seed}. See docs/breakdown.md.",
    )
    if all(a.reservation is None for a in ctx.scenario.actors):
        section.blocks.append(
            NotApplicable("No actor in this scenario states a reservation value: no one walks out.")
        )
    else:
        section.blocks += _collapse_blocks(ctx)
    section.blocks += _convergence_blocks(ctx)
    return section


def _collapse_blocks(ctx: Context) -> list[Block]:
    from detente.analysis.breakdown_summary import models_summary
    from detente.results.breakdown import BreakdownRequest

    results: list[Any] = [
        ctx.compute(BreakdownRequest, model=spec.name, runs=ctx.runs).breakdown
        for spec in ctx.models
    ]
    summary, margins = models_summary(results)
    focus = next((r for r in results if r.model == ctx.focus), results[0])
    issues = focus.issues[["issue", "forecast", "median", "median_no_collapse"]]
    return [
        Note(focus.headline()),
        table("P(collapse) by model", summary),
        table("Margins by model (utility of the forecast less reservation value)", margins),
        figure(breakdown_figures.walkout_figure(focus.model, focus.actors)),
        table(f"{focus.model}: walking out", focus.actors[ACTOR_COLUMNS]),
        figure(breakdown_figures.sweep_figure(focus.model, focus.sweep)),
        table(f"{focus.model}: P(collapse) with reservation values shifted", focus.sensitivity),
        table(f"{focus.model}: forecast given no collapse", issues, collapsed=True),
        *(Note(n) for n in focus.notes),
    ]


def _convergence_blocks(ctx: Context) -> list[Block]:
    rows = []
    for spec in ctx.models:
        if not spec.dynamic:
            continue
        traj = ctx.forecast(spec.name).trajectory
        rows += [
            {"model": spec.name, **record}
            for record in traj.convergence.records(traj.issue_ids)
            if record["status"] != "converged"
        ]
    if not rows:
        return [Note("Every dynamic model converged on every issue.")]
    return [
        Note(
            "Dynamic models that did not settle: a cycling forecast depends on the round the "
            "model stopped at (read its mean and range); one stopped at the round limit was "
            "still moving."
        ),
        table("Convergence of the dynamic models", pd.DataFrame(rows)),
    ]

"""The report's "When talks collapse" section: walk-outs, P(collapse), convergence of each model."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from detente.errors import DetenteError
from detente.report import breakdown_figures

if TYPE_CHECKING:
    from detente.report.sections import Block, Context, Section


def breakdown_section(ctx: Context) -> Section:
    """P(collapse) per model, the focus model's walk-outs, and every non-converged forecast."""
    from detente.report.sections import Note, Section, _guard

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
            Note("No actor in this scenario states a reservation value, so no one walks out.")
        )
    else:
        _guard(section, lambda: _collapse_blocks(ctx))
    _guard(section, lambda: _convergence_blocks(ctx))
    return section


def _collapse_blocks(ctx: Context) -> list[Block]:
    from detente.analysis.breakdown import breakdown
    from detente.analysis.breakdown_summary import models_summary
    from detente.report.sections import Note, figure, table

    results, skipped = [], []
    for spec in ctx.models:
        try:
            results.append(
                breakdown(
                    ctx.scenario, spec.name, runs=ctx.runs, seed=ctx.seed, executor=ctx.executor
                )
            )
        except DetenteError as exc:
            skipped.append(Note(f"{spec.name}: {exc}"))
    if not results:
        return list(skipped)
    summary, margins = models_summary(results)
    focus = next((r for r in results if r.model == ctx.focus), results[0])
    columns = [
        "actor",
        "veto",
        "reservation",
        "utility",
        "margin",
        "p_walk",
        "p_first",
        "risk_limit",
    ]
    return [
        Note(focus.headline()),
        table("P(collapse) by model", summary),
        table("Margins by model (utility of the forecast less reservation value)", margins),
        figure(breakdown_figures.walkout_figure(focus.model, focus.actors)),
        table(f"{focus.model}: walking out", focus.actors[columns]),
        figure(breakdown_figures.sweep_figure(focus.model, focus.sweep)),
        table(f"{focus.model}: P(collapse) with reservation values shifted", focus.sensitivity),
        table(
            f"{focus.model}: forecast given no collapse",
            focus.issues[["issue", "forecast", "median", "median_no_collapse"]],
            collapsed=True,
        ),
        *(Note(n) for n in focus.notes),
        *skipped,
    ]


def _convergence_blocks(ctx: Context) -> list[Block]:
    from detente.report.sections import Note, table

    rows = []
    for spec in ctx.models:
        if not spec.dynamic:
            continue
        traj = ctx.trajectory(spec.name)
        for record in traj.convergence.records(traj.issue_ids):
            if record["status"] != "converged":
                rows.append({"model": spec.name, **record})
    if not rows:
        return [Note("Every dynamic model converged on every issue.")]
    frame = pd.DataFrame(rows)
    return [
        Note(
            "Dynamic models that did not settle: a cycling forecast depends on the round the "
            "model stopped at (read its mean and range); one stopped at the round limit was "
            "still moving."
        ),
        table("Convergence of the dynamic models", frame),
    ]

"""The report's section on expert panels: pooled and per-member forecasts, disagreement, rounds.

One part per panel that sits on the report's scenario (the bundled panels naming it, or the
panels given to :func:`~detente.report.build_report`).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from detente.errors import ScenarioError
from detente.report import panel as panel_figures
from detente.report.sections import Block, Context, Heading, Note, Section, figure, table


def panels_for(scenario_id: str) -> list[str]:
    """Names of the bundled panels on the scenario ``scenario_id``."""
    from detente import data
    from detente.panel.files import read_manifest

    return [
        name
        for name in data.bundled_panel_names()
        if read_manifest(data.bundled_panel_path(name)).scenario == scenario_id
    ]


def panel_section(ctx: Context, refs: Sequence[str] | None = None) -> Section:
    """The panels section: one part per panel (see the module docstring)."""
    section = Section(
        "panels",
        "Expert panels",
        "Several experts assessed this scenario's numbers in Delphi rounds. Below: the forecast "
        f"of {ctx.focus} from the pooled estimates and from each expert's own set, how far the "
        "experts differ and whether they converged, how much of the forecast's uncertainty is "
        "their disagreement, and which disputed numbers move the forecast most.",
    )
    names = list(refs) if refs is not None else panels_for(ctx.scenario.id)
    if not names:
        section.blocks.append(Note("No expert panel sits on this scenario."))
    for name in names:
        try:
            section.blocks += panel_blocks(ctx, name)
        except ScenarioError as exc:  # a panel on another version of a scenario with this id
            section.blocks.append(Note(f"Panel {name} does not fit this scenario: {exc}"))
    return section


def panel_blocks(ctx: Context, ref: str) -> list[Block]:
    """Every block of one panel's part."""
    from detente.panel import panel_ensemble, read_panel, spread_sensitivity, summarize, top_cells

    data = read_panel(ref, ctx.scenario)
    result = summarize(data, ctx.focus, seed=ctx.seed)
    members = result.members
    label = f"{data.name} (SYNTHETIC: not real expert judgement)" if data.synthetic else data.name
    perspectives = pd.DataFrame(
        {"member": members, "perspective": [data.labels.get(m, "") for m in members]}
    )
    ensemble = panel_ensemble(
        data, ctx.focus, runs_per_member=max(20, ctx.runs // max(1, len(members))),
        seed=ctx.seed, executor=ctx.executor,
    )  # fmt: skip
    shares = ensemble.summary[["issue", "pooled", "mean", "p05", "p95", "disagreement_share"]]
    return [
        Heading(label),
        Note(data.description or f"{len(members)} members, {len(data.rounds)} rounds."),
        table("Members", perspectives, collapsed=True),
        figure(panel_figures.members_figure(result.forecasts, ctx.focus)),
        table(
            f"Round {result.round}: forecast from the pool and from each member", result.forecasts
        ),
        figure(panel_figures.heatmap_figure(result.cells)),
        table("Disagreement per issue (Kendall's W over the actors' positions)", result.issues),
        Note(
            f"Krippendorff's alpha (interval) on the positions: {result.alpha:.3f} "
            "(1 = the experts agree perfectly, 0 = no more than chance)."
        ),
        figure(panel_figures.convergence_figure(result.rounds)),
        table(
            "Rounds (iqr_ratio below 1: the spread shrank since the previous round)", result.rounds
        ),
        table(
            f"Ensemble over members and their ranges ({ensemble.runs_per_member} runs per "
            "member): disagreement_share is the part of the forecast's variance that comes "
            "from the experts disagreeing",
            shares,
        ),
        table(
            "Disputed cells that move the forecast most (each cell from the lowest to the "
            "highest member's value)",
            top_cells(spread_sensitivity(data, ctx.focus)),
            collapsed=True,
        ),
        table(
            "Every cell: pooled value, the pool's quantiles and the spread",
            result.cells,
            collapsed=True,
        ),
    ]

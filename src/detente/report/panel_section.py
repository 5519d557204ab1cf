"""The report's section on expert panels: pooled and per-member forecasts, disagreement, rounds.

One part per panel that sits on the report's scenario (the bundled panels naming it, or the
panels given to :func:`~detente.report.build_report`), computed through the results layer's
panel kinds.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from detente.errors import ScenarioError
from detente.report import panel as panel_figures
from detente.report.blocks import Block, Heading, NotApplicable, Note, Section, figure, table

if TYPE_CHECKING:
    from detente.report.sections import Context


def panels_for(scenario_id: str) -> list[str]:
    """Names of the bundled panels on the scenario ``scenario_id``.

    Parameters
    ----------
    scenario_id : a scenario's id

    Returns
    -------
    list[str]
        The bundled panels whose panel.yaml names it.
    """
    from detente import data
    from detente.panel.files import read_manifest

    return [
        name
        for name in data.bundled_panel_names()
        if read_manifest(data.bundled_panel_path(name)).scenario == scenario_id
    ]


def panel_section(ctx: Context, refs: Sequence[str] | None = None) -> Section:
    """The panels section: one part per panel (see the module docstring).

    Parameters
    ----------
    ctx : the report's context
    refs : bundled panel names or folders (None: the bundled panels on the scenario)

    Returns
    -------
    Section
        The section; a panel whose cells the scenario lacks says so instead of its part.
    """
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
        section.blocks.append(NotApplicable("No expert panel sits on this scenario."))
    for name in names:
        try:
            section.blocks += panel_blocks(ctx, name)
        except ScenarioError as exc:  # a panel on another version of a scenario with this id
            section.blocks.append(NotApplicable(f"Panel {name} does not fit this scenario: {exc}"))
    return section


def _compute(ctx: Context, kind: str, ref: Any, **fields: Any) -> Any:
    from detente.results import build_request, compute

    request = build_request(
        kind, {"panel": ref, "scenario": ctx.scenario, "model": ctx.focus, "seed": ctx.seed,
               **fields}
    )  # fmt: skip
    return compute(request, executor=ctx.executor)


def panel_blocks(ctx: Context, ref: str) -> list[Block]:
    """Every block of one panel's part.

    Parameters
    ----------
    ctx : the report's context
    ref : a bundled panel's name or a folder

    Returns
    -------
    list[Block]
        Heading, notes, figures and tables.
    """
    result = _compute(ctx, "panel", ref)
    summary = result.summary
    data, members = summary.data, summary.members
    label = f"{data.name} (SYNTHETIC: not real expert judgement)" if data.synthetic else data.name
    perspectives = pd.DataFrame(
        {"member": members, "perspective": [data.labels.get(m, "") for m in members]}
    )
    return [
        Heading(label),
        Note(data.description or f"{len(members)} members, {len(data.rounds)} rounds."),
        table("Members", perspectives, collapsed=True),
        figure(panel_figures.members_figure(summary.forecasts, ctx.focus)),
        table(f"Round {summary.round}: forecast from the pool and each member", summary.forecasts),
        figure(panel_figures.heatmap_figure(summary.cells)),
        table("Disagreement per issue (Kendall's W over the actors' positions)", summary.issues),
        Note(
            f"Krippendorff's alpha (interval) on the positions: {summary.alpha:.3f} "
            "(1 = the experts agree perfectly, 0 = no more than chance)."
        ),
        figure(panel_figures.convergence_figure(summary.rounds)),
        table("Rounds (iqr_ratio below 1: the spread shrank since the last round)", summary.rounds),
        *_uncertainty_blocks(ctx, result.request.panel, len(members)),
        table(
            "Every cell: pooled value, the pool's quantiles and the spread",
            summary.cells,
            collapsed=True,
        ),
    ]


def _uncertainty_blocks(ctx: Context, snapshot: Any, n_members: int) -> list[Block]:
    """The ensemble's variance split and the disputed cells that move the forecast most."""
    from detente.panel import top_cells

    runs = max(20, ctx.runs // max(1, n_members))
    ensemble = _compute(ctx, "panel-ensemble", snapshot, runs_per_member=runs).ensemble
    spread = _compute(ctx, "panel-spread", snapshot).table
    shares = ensemble.summary[["issue", "pooled", "mean", "p05", "p95", "disagreement_share"]]
    return [
        table(
            f"Ensemble over members and their ranges ({runs} runs per member): "
            "disagreement_share is the part of the forecast's variance that comes from the "
            "experts disagreeing",
            shares,
        ),
        table(
            "Disputed cells that move the forecast most (each cell from the lowest to the "
            "highest member's value)",
            top_cells(spread),
            collapsed=True,
        ),
    ]

"""The report's futures section: the futures of each bundled cross-impact study that bridges
onto the report's scenario, their weights, the talks' forecast in each, and the roadmap stages
across them. Figures only; every number comes through the results layer (``futures-tree``)."""

from __future__ import annotations

from typing import Any

from detente.report.blocks import Block, Heading, NotApplicable, Note, Section, figure, table
from detente.report.context import Context

MODEL = "weighted-median"  # fast and exactly reproducible; the CLI takes any model
MAX_RUNS = 200


def weights_figure(tree: Any) -> Any:
    """The futures' weights as horizontal bars, the variants in the hover text.

    Parameters
    ----------
    tree : a :class:`detente.futures.tree.ScenarioTree`

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    from detente.report.figures import _go

    go = _go()
    frame = tree.futures
    descriptors = [
        c for c in frame.columns if c not in ("future", "weight", "total_impact_score", "changes")
    ]
    hover = ["<br>".join(f"{d}: {row[d]}" for d in descriptors) for _, row in frame.iterrows()]
    fig = go.Figure(
        go.Bar(
            x=frame["weight"].tolist(),
            y=frame["future"].tolist(),
            orientation="h",
            hovertext=hover,
            hoverinfo="text+x",
        )
    )
    fig.update_layout(
        title="Weight of each consistent future",
        xaxis_title="weight",
        yaxis={"autorange": "reversed"},
        height=120 + 28 * len(frame),
    )
    return fig


def forecast_figure(tree: Any, model: str) -> Any:
    """Each future's forecast per issue with its 90 % interval; the weighted expectation.

    Parameters
    ----------
    tree : a :class:`detente.futures.tree.ScenarioTree`
    model : the model's name, for the title

    Returns
    -------
    plotly.graph_objects.Figure
        The figure.
    """
    from detente.report.figures import _go

    go = _go()
    fig = go.Figure()
    for label, part in tree.forecasts.groupby("future", sort=False):
        fig.add_trace(
            go.Scatter(
                x=part["point"].tolist(),
                y=part["issue"].tolist(),
                mode="markers",
                name=str(label),
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (part["p95"] - part["point"]).tolist(),
                    "arrayminus": (part["point"] - part["p05"]).tolist(),
                    "thickness": 1,
                },
            )
        )
    fig.add_trace(
        go.Scatter(
            x=tree.combined["expected"].tolist(),
            y=tree.combined["issue"].tolist(),
            mode="markers",
            marker={"symbol": "diamond-open", "size": 12, "color": "black"},
            name="expected (all futures)",
        )
    )
    fig.update_layout(
        title=f"{model} forecast per issue in each future (bars: 90% interval)",
        xaxis_title="position on the issue's scale",
        height=140 + 45 * len(tree.combined),
    )
    return fig


def futures_section(ctx: Context) -> Section:
    """The scenario tree of every bundled futures study bridged onto this scenario.

    Parameters
    ----------
    ctx : the report's context (scenario, runs, seed)

    Returns
    -------
    Section
        Weights, forecasts and roadmap stages per study, or why none applies.
    """
    from detente.futures.load import futures_for
    from detente.results.futures import FuturesTreeRequest

    runs = min(ctx.runs, MAX_RUNS)
    section = Section(
        "futures",
        "Futures",
        "Internally consistent futures from a cross-impact study (cross-impact balance analysis), "
        "each turned into a changed negotiation scenario and forecast with the "
        f"{MODEL} model ({runs} perturbed runs per future, seed {ctx.seed}); the roadmap "
        "stages every party keeps to in all, some or none of the futures.",
    )
    names = futures_for(ctx.scenario.id)
    if not names:
        section.blocks.append(NotApplicable("No bundled futures study bridges onto this scenario."))
    for name in names:
        tree = ctx.compute(FuturesTreeRequest, futures=name, model=MODEL, runs=runs).tree
        section.blocks += _tree_blocks(name, tree)
    return section


def _tree_blocks(name: str, tree: Any) -> list[Block]:
    out: list[Block] = [Heading(name)]
    if tree.info.get("illustrative"):
        out.append(Note("The judgements of this study are illustrative expert judgement."))
    out += [
        Note(f"Weights: {tree.info['weight_note']}."),
        figure(weights_figure(tree)),
        figure(forecast_figure(tree, MODEL)),
        table("Futures and their weights", tree.futures.drop(columns=["changes"]), 3),
        table("All futures together", tree.combined, 1),
    ]
    if len(tree.stages):
        out.append(table("Roadmap stages across the futures", tree.stages))
    return out + [Note(n) for n in tree.notes]

"""What a page shows of each kind's results: the report's figures and tables, and notes.

Wherever a dynamic model's forecast shows (forecast, trajectories, ensemble, what-if,
breakdown), its convergence shows beside it: converged, cycling (with the period and the range
the forecast swings over) or stopped at the round limit (:func:`convergence_blocks`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from detente.scenario import Scenario

Blocks = list[Any]


def convergence_blocks(results: Sequence[Any]) -> Blocks:
    """The dynamic models' convergence per issue and a note per issue that did not settle.

    Parameters
    ----------
    results : forecast (or trace) results of one scenario

    Returns
    -------
    list
        Nothing when no model is dynamic; else a table (issue x model) and the notes.
    """
    from detente.report.blocks import Note, table
    from detente.results.convergence import convergence_table

    if not results:
        return []
    frame = convergence_table(results)
    if len(frame.columns) == 1:
        return []
    notes = [n for r in results
             for n in r.trajectory.convergence.notes(r.trajectory.model,
                                                     r.trajectory.issue_ids)]  # fmt: skip
    caption = "Convergence of the dynamic models (a cycling forecast depends on when it stops)"
    settled = not notes
    if settled:
        notes = ["Every dynamic model converged on every issue."]
    return [table(caption, frame, collapsed=settled), *(Note(n) for n in notes)]


def _point_forecasts(scenarios: Sequence[Scenario], request: Any) -> list[Any]:
    """The request's model run once on each scenario (for its convergence), when dynamic."""
    from detente import get_model
    from detente.results import ForecastRequest, compute

    if not get_model(request.model).dynamic:
        return []
    return [
        compute(ForecastRequest(scenario=s, model=request.model, params=request.params,
                                seed=request.seed), files=False)
        for s in scenarios
    ]  # fmt: skip


def _forecast_view(results: Sequence[Any], scenario: Scenario) -> Blocks:
    from detente.report import figures
    from detente.report.blocks import figure, table
    from detente.results.forecast import forecast_table

    frame = forecast_table(results, scenario.outcomes)
    names = [r.trajectory.model for r in results]
    outcomes = [o.id for o in scenario.outcomes]
    return [figure(figures.forecast_figure(frame, names, outcomes)),
            table("Forecast per issue (model columns) and known outcomes", frame),
            *convergence_blocks(results)]  # fmt: skip


def _trace_view(results: Sequence[Any], scenario: Scenario) -> Blocks:
    from detente.report import figures
    from detente.report.blocks import figure

    traj = results[0].trajectory
    plots = [figure(figures.trajectory_figure(traj, i)) for i in traj.issue_ids]
    return [*convergence_blocks(results), *plots]


def _ensemble_view(results: Sequence[Any], scenario: Scenario) -> Blocks:
    from detente.report import figures
    from detente.report.blocks import figure, table

    r = results[0]
    model = r.request.model
    fig = figures.ensemble_figure(model, scenario.issue_ids, r.samples, r.summary)
    point = convergence_blocks(_point_forecasts([scenario], r.request))
    return [figure(fig), table(f"{model}: quantiles", r.summary), *point]


def _whatif_view(results: Sequence[Any], scenario: Scenario) -> Blocks:
    from detente.report import figures
    from detente.report.blocks import Heading, Note, figure, table

    r = results[0]
    text = "; ".join(r.request.changes)
    blocks: Blocks = [figure(figures.whatif_figure(r.request.model, r.table, text)),
                      table(f"What if: {text}", r.table)]  # fmt: skip
    if r.notes:
        blocks += [Heading("What the changes did"), *(Note(n) for n in r.notes)]
    after = r.changed_scenario()
    for label, found in zip(("before", "after"), _point_forecasts([scenario, after], r.request),
                            strict=False):  # fmt: skip
        converged = convergence_blocks([found])
        if converged:
            blocks += [Heading(f"Convergence {label} the changes"), *converged]
    return blocks


BREAKDOWN_ACTORS = ["actor", "veto", "reservation", "utility", "margin", "margin_p05",
                    "margin_p95", "p_walk", "p_walk_mean", "p_walk_p05", "p_walk_p95", "p_first",
                    "risk_limit", "left_round"]  # fmt: skip
BREAKDOWN_ISSUES = ["issue", "forecast", "convergence", "cycle_low", "cycle_high", "median",
                    "median_no_collapse", "p05_no_collapse", "p95_no_collapse",
                    "cycling_share"]  # fmt: skip


def _breakdown_view(results: Sequence[Any], scenario: Scenario) -> Blocks:
    from detente.report import breakdown_figures as bf
    from detente.report.blocks import Note, figure, table

    r = results[0]
    b = r.breakdown
    collapse = r.tables()["collapse"]
    blocks: Blocks = [
        Note(b.headline()),
        table("P(collapse): at the point forecast, the ensemble's mean and 90% interval, its "
              "standard error; p_nobody: no one walks out; first: likeliest to walk out first",
              collapse, digits=3),
        figure(bf.walkout_figure(b.model, b.actors)),
        table("Walking out: margins (utility of the forecast less reservation value) and "
              "probabilities", b.actors[BREAKDOWN_ACTORS]),
        table("Forecast, and given no collapse (convergence of the point run per issue)",
              b.issues[BREAKDOWN_ISSUES]),
    ]  # fmt: skip
    if not b.sensitivity.empty:
        blocks += [figure(bf.sweep_figure(b.model, b.sweep)),
                   table("P(collapse) with reservation values shifted", b.sensitivity)]  # fmt: skip
    return blocks + [Note(n) for n in b.notes]


def _sensitivity_view(results: Sequence[Any], scenario: Scenario) -> Blocks:
    from detente.report import figures
    from detente.report.blocks import figure, table

    r = results[0]
    return [figure(figures.sensitivity_figure(r.request.model, r.table)),
            table("Top three inputs per issue", r.top(3))]  # fmt: skip


def _influence_view(results: Sequence[Any], scenario: Scenario) -> Blocks:
    from detente.report import figures
    from detente.report.blocks import figure, table

    r = results[0]
    return [figure(figures.influence_figure(r.request.model, r.values)),
            table("Influence per actor and issue", r.values, collapsed=True)]  # fmt: skip


def _backtest_view(results: Sequence[Any], scenario: Scenario) -> Blocks:
    from detente.report.blocks import NotApplicable, table

    r = results[0]
    return [table("Mean absolute error per model and outcome", r.summary),
            table("Per issue", r.detail, collapsed=True),
            *(NotApplicable(f"left out: {why}") for why in r.backtest.skipped)]  # fmt: skip


VIEWS: dict[str, Callable[[Sequence[Any], Scenario], Blocks]] = {
    "forecast": _forecast_view,
    "trace": _trace_view,
    "ensemble": _ensemble_view,
    "whatif": _whatif_view,
    "breakdown": _breakdown_view,
    "sensitivity": _sensitivity_view,
    "influence": _influence_view,
    "backtest": _backtest_view,
}

"""A panel's analyses as the viewer may see them: computed by the results layer's panel kind.

Only the rounds the viewer may see go in (:func:`detente.panel.visibility.panel_data`): a
member sees a round once it is closed and only if they took part in it, under that round's
pseudonyms; the facilitator sees every round with names. What the page shows is the report's
panel figures (members' forecasts, the disagreement heat map, convergence across rounds).
"""

from __future__ import annotations

from typing import Any

from detente.errors import UnknownNameError
from detente.panel.records import PanelError
from detente.panel.state import PanelState
from detente.web.panels import panel_of
from detente.web.security import Viewer

METHODS = ("median", "trimmed", "confidence")


def compute_panel(
    app: Any,
    viewer: Viewer,
    panel_id: int,
    number: int | None = None,
    model: str = "weighted-median",
    method: str = "median",
) -> tuple[PanelState, Any]:
    """The panel's :class:`~detente.results.panel.PanelResult` for a round the viewer may see.

    Parameters
    ----------
    app : the application's state: its stores (accounts, workspace, panels, runs)
    viewer : the signed-in user (from the session cookie or an API token)
    panel_id : the panel's id
    number : the round (None: the last one the viewer may see)
    model : the model that forecasts (a registered name)
    method : how each cell is pooled: median, trimmed or confidence

    Returns
    -------
    tuple[PanelState, Any]
        The panel and its result.

    Raises
    ------
    PanelError
        'forbidden' (403) for a round the viewer may not see yet, 'conflict' (409) while nobody
        has submitted anything.
    """
    from detente.panel.data import PanelSnapshot
    from detente.panel.visibility import panel_data
    from detente.results import PanelRequest, compute

    state = panel_of(app, viewer, panel_id)
    if number is not None and number not in {r.number for r in state.rounds}:
        raise UnknownNameError(f"panel {panel_id} has no round {number}")
    data = panel_data(state, viewer.user.name)
    visible = [] if data.estimates.empty else data.rounds
    if not visible and state.role(viewer.user.name) == "facilitator":
        raise PanelError("nobody has submitted an assessment yet: nothing to analyse")
    if not visible or (number is not None and number not in visible):
        raise PanelError(
            "the analyses of a round show once the round is closed, and to members only if "
            "they submitted in it (Delphi feedback comes after answering)", "forbidden"
        )  # fmt: skip
    request = PanelRequest(panel=PanelSnapshot.of(data), scenario=state.scenario, model=model,
                           round=number, method=method)  # fmt: skip
    return state, compute(request, files=False)


def visible_rounds(state: PanelState, viewer: Viewer) -> list[int]:
    """The rounds whose analyses the viewer may see.

    Parameters
    ----------
    state : the panel
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    list[int]
        Round numbers, in order.
    """
    from detente.panel.visibility import can_see_round

    return [r.number for r in state.rounds if can_see_round(state, viewer.user.name, r.number)]


def blocks(result: Any) -> list[Any]:
    """The page's figures, tables and notes of a panel result.

    Parameters
    ----------
    result : a panel result

    Returns
    -------
    list[Any]
        The report's blocks, in the page's order.
    """
    from detente.report import panel as figures
    from detente.report.blocks import Note, figure, table
    from detente.web.views import convergence_blocks

    s = result.summary
    return [
        Note(f"Round {s.round}, {len(s.members)} members, cells pooled by {s.pooling.method}; "
             f"forecasts by {s.model}."),
        figure(figures.members_figure(s.forecasts, s.model)),
        table(f"Round {s.round}: forecast from the pooled estimates and from each member's set "
              "(cells a member left empty take the pooled value)", s.forecasts),
        *convergence_blocks([_pooled_forecast(result)]),
        figure(figures.heatmap_figure(s.cells)),
        table("Disagreement per issue (IQR of the positions; Kendall's W: do the members rank "
              "the actors alike?)", s.issues),
        Note(f"Krippendorff's alpha (interval) on the positions: {s.alpha:.3f} (1: the members "
             "agree perfectly; 0: no more than chance)."),
        figure(figures.convergence_figure(s.rounds)),
        table("Rounds (iqr_ratio below 1: the spread shrank since the round before)", s.rounds),
        table("Every cell: pooled value, the pool's quantiles and the spread", s.cells,
              collapsed=True),
    ]  # fmt: skip


def _pooled_forecast(result: Any) -> Any:
    """The model run once on the pooled scenario (for its convergence)."""
    from detente.results import ForecastRequest, compute

    r = result.request
    request = ForecastRequest(scenario=result.pooled_scenario(), model=r.model, params=r.params,
                              seed=r.seed)  # fmt: skip
    return compute(request, files=False)


def save_pooled(app: Any, viewer: Viewer, panel_id: int, number: int, method: str) -> Any:
    """Keep a round's pooled scenario as a new workspace scenario (the facilitator's only).

    Returns
    -------
    ScenarioInfo
        The new workspace scenario, owned by the facilitator, its version 1 saying where it
        came from.

    Parameters
    ----------
    app : the application's state: its stores (accounts, workspace, panels, runs)
    viewer : the signed-in user (from the session cookie or an API token)
    panel_id : the panel's id
    number : the round pooled
    method : how each cell is pooled: median, trimmed or confidence
    """
    state = panel_of(app, viewer, panel_id)
    if state.role(viewer.user.name) != "facilitator":
        raise PanelError("only the facilitator saves the pooled scenario", "forbidden")
    _, result = compute_panel(app, viewer, panel_id, number, method=method)
    s = result.summary
    message = (f"pooled from panel '{state.info.name}' (panel {panel_id}), round {s.round}, "
               f"cells by {method}, {len(s.members)} members")  # fmt: skip
    return app.workspace.create(result.pooled_scenario(), viewer.user.id, message)

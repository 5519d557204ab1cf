"""A roadmap's section of the HTML report: status, ledger, incentive check and the timeline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from detente.errors import MissingExtraError
from detente.roadmap.incentives import check
from detente.roadmap.ledger import ledger
from detente.roadmap.load import BUNDLED, bundled_roadmap_path, read_roadmap
from detente.roadmap.schema import Roadmap
from detente.roadmap.tracking import groups_table, status
from detente.scenario.load import load_scenario
from detente.scenario.schema import Scenario


def roadmaps_for(scenario_id: str) -> list[str]:
    """Names of the bundled roadmaps that refer to the scenario ``scenario_id``."""
    names = []
    for name in BUNDLED:
        head = yaml.safe_load(Path(bundled_roadmap_path(name)).read_text(encoding="utf-8"))
        if isinstance(head, dict) and head.get("scenario") == scenario_id:
            names.append(name)
    return names


def last_event_date(roadmap: Roadmap) -> dt.date:
    """The date of the roadmap's last recorded event (today when there is none)."""
    return max((e.date for e in roadmap.events), default=dt.date.today())


def roadmap_section(
    roadmap: Roadmap | str,
    scenario: Scenario | None = None,
    on: dt.date | None = None,
    discount: float = 1.0,
    perform: float = 1.0,
) -> dict[str, Any]:
    """Everything the report shows for one roadmap (a bundled name, a file, or a Roadmap).

    Returns a dict: ``title`` (str), ``illustrative`` (bool), ``on`` (date), ``summary`` (list
    of sentences), ``tables`` (name -> DataFrame: ``status``, ``progress``, ``ledger``,
    ``incentives``, ``defections``) and ``figure`` (a Plotly figure, or None without plotly).
    """
    if isinstance(roadmap, str):
        loaded = read_roadmap(roadmap)
        roadmap, scenario = loaded.roadmap, scenario or loaded.scenario
    elif scenario is None:
        ref = roadmap.scenario
        scenario = ref if isinstance(ref, Scenario) else load_scenario(ref)
    on = on or last_event_date(roadmap)
    incentives = check(roadmap, scenario, discount, perform)
    tables: dict[str, pd.DataFrame] = {
        "status": status(roadmap, on),
        "progress": groups_table(roadmap, on),
        "ledger": ledger(roadmap, on, by_stage=False),
        "incentives": incentives.pivot().reset_index(),
        "defections": incentives.defections(),
    }
    summary = [
        f"State on {on}: "
        + "; ".join(f"{r.stage} {r.state}" for r in tables["status"].itertuples()),
        f"Weakest stage: {incentives.weakest_stage} ({incentives.weakest_party}, margin "
        f"{incentives.strength:+.2f} utility points; discount {discount}, others perform "
        f"with probability {perform}).",
    ]
    try:
        from detente.roadmap.plots import gantt_figure

        figure = gantt_figure(roadmap, on)
    except MissingExtraError:
        figure = None
    return {
        "title": roadmap.name,
        "illustrative": roadmap.illustrative,
        "on": on,
        "summary": summary,
        "tables": tables,
        "figure": figure,
    }

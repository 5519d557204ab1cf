"""A roadmap's part of the HTML report: status, ledger, incentive check and the timeline.

It computes through the results layer (the roadmap-status and roadmap-check kinds), played
against the report's own scenario.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from detente.roadmap.dates import plan_start, rebased
from detente.roadmap.load import BUNDLED, bundled_roadmap_path, read_roadmap
from detente.roadmap.schema import Roadmap
from detente.scenario.schema import Scenario


def roadmaps_for(scenario_id: str) -> list[str]:
    """Names of the bundled roadmaps that refer to the scenario ``scenario_id``.

    Parameters
    ----------
    scenario_id : a scenario's id

    Returns
    -------
    list[str]
        The bundled roadmaps naming it, in their bundled order.
    """
    import yaml

    names = []
    for name in BUNDLED:
        head = yaml.safe_load(Path(bundled_roadmap_path(name)).read_text(encoding="utf-8"))
        if isinstance(head, dict) and head.get("scenario") == scenario_id:
            names.append(name)
    return names


def last_event_date(roadmap: Roadmap) -> dt.date:
    """The date of the roadmap's last recorded event (without events: the plan's start).

    Parameters
    ----------
    roadmap : a roadmap

    Returns
    -------
    datetime.date
        The date its record ends.
    """
    return max((e.date for e in roadmap.events), default=plan_start(roadmap) or dt.date.today())


@dataclass(frozen=True)
class RoadmapPart:
    """Everything the report shows for one roadmap.

    Attributes
    ----------
    title : the roadmap's name
    illustrative : True for a made-up roadmap (said in the report)
    on : the date its state is read on (its last event)
    summary : sentences: the state of each stage, the weakest stage of the incentive check
    tables : status, progress, ledger, incentives (stage x party margins), defections
    roadmap : the roadmap itself (the timeline figure draws it), dated as shown
    dating : how an illustrative roadmap was dated ('' when it keeps its file's dates)
    """

    title: str
    illustrative: bool
    on: dt.date
    summary: list[str]
    tables: dict[str, pd.DataFrame]
    roadmap: Roadmap
    dating: str = ""


def roadmap_part(
    roadmap: Roadmap | str,
    scenario: Scenario | None = None,
    on: dt.date | None = None,
    discount: float = 1.0,
    perform: float = 1.0,
    executor: Any = None,
) -> RoadmapPart:
    """What the report shows for one roadmap, computed through the results layer.

    Parameters
    ----------
    roadmap : a bundled roadmap's name, a file or a roadmap
    scenario : the scenario to play it against (the report's; default: the roadmap's own)
    on : the date (default: the roadmap's last event; an illustrative roadmap played against a
        dated scenario is moved to start on the scenario's date and read on that day)
    discount, perform : the incentive check's discount per stage and probability that the
        others perform
    executor : the executor the results run on (quick kinds: serial is fine)

    Returns
    -------
    RoadmapPart
        The tables and sentences of the roadmap's part of the report.
    """
    from detente.results import RoadmapCheckRequest, RoadmapStatusRequest, compute

    if isinstance(roadmap, str):
        roadmap = read_roadmap(roadmap).roadmap
    dating = ""
    if roadmap.illustrative and scenario is not None and scenario.date and on is None:
        start = plan_start(roadmap)
        roadmap = rebased(roadmap, scenario.date)
        dating = (
            f"dated from the scenario's date, {scenario.date} (the file's placeholder dates "
            f"start on {start})"
        )
    day = on or last_event_date(roadmap)
    ref: dict[str, Any] = {"roadmap": roadmap, "scenario": scenario}
    state: Any = compute(RoadmapStatusRequest(**ref, on=day), executor=executor)
    checked: Any = compute(
        RoadmapCheckRequest(**ref, discount=discount, perform=perform), executor=executor
    )
    check = checked.check
    tables = {
        "status": state.stages,
        "progress": state.groups,
        "ledger": state.deliveries,
        "incentives": check.pivot().reset_index(),
        "defections": check.defections(),
    }
    summary = [f"Illustrative: {dating}."] if dating else []
    summary += [
        f"State on {day}: " + "; ".join(f"{r.stage} {r.state}" for r in state.stages.itertuples()),
        f"Weakest stage: {check.weakest_stage} ({check.weakest_party}, margin "
        f"{check.strength:+.2f} utility points; discount {discount}, others perform "
        f"with probability {perform}).",
    ]
    return RoadmapPart(roadmap.name, roadmap.illustrative, day, summary, tables, roadmap, dating)

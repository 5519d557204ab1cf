"""A roadmap checked against its scenario: every actor and issue it names must exist there.

The roadmap's own rules (ids, preconditions without cycles, events, citations) are checked by
:class:`detente.roadmap.schema.Roadmap` itself. Each problem is a (location, message) pair; the
location is a dotted field path such as ``stages.2.actions.0.actor``.
"""

from __future__ import annotations

from detente.roadmap.schema import Problems, Roadmap
from detente.scenario.schema import Scenario


def check_against_scenario(r: Roadmap, s: Scenario) -> Problems:
    """Actor and issue ids used by the roadmap that the scenario does not define.

    Parameters
    ----------
    r : a roadmap
    s : the scenario it is played against

    Returns
    -------
    list[tuple[str, str]]
        One (field path, message) per unknown id; empty when all resolve.
    """
    actors, issues = set(s.actor_ids), set(s.issue_ids)
    problems: Problems = []
    for i, stage in enumerate(r.stages):
        for j, a in enumerate(stage.actions):
            where = f"stages.{i}.actions.{j}"
            if a.actor not in actors:
                problems.append(
                    (
                        f"{where}.actor",
                        f"unknown actor '{a.actor}' (scenario "
                        f"'{s.id}' has {', '.join(s.actor_ids)})",
                    )
                )
            for iid in a.issue_moves():
                if iid not in issues:
                    field = "issue" if iid == a.issue else f"moves.{iid}"
                    problems.append(
                        (
                            f"{where}.{field}",
                            f"unknown issue '{iid}' (scenario "
                            f"'{s.id}' has {', '.join(s.issue_ids)})",
                        )
                    )
    for iid in r.baseline:
        if iid not in issues:
            problems.append((f"baseline.{iid}", f"unknown issue '{iid}'"))
    if r.principal is not None and r.principal not in actors:
        problems.append(("principal", f"unknown actor '{r.principal}'"))
    return problems

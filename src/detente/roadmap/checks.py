"""Cross-field checks of a roadmap: ids, preconditions (no cycles), events, citations.

Each problem is a (location, message) pair; the location is a dotted field path such as
``stages.2.requires.0`` so the loader can point at the line in the YAML file.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from detente.roadmap.schema import Roadmap
    from detente.scenario.schema import Scenario

Problems = list[tuple[str, str]]


def check_roadmap(r: Roadmap) -> Problems:
    """Everything wrong with the roadmap on its own (the scenario is checked separately)."""
    problems: Problems = []
    dups = r.duplicate_ids()
    if dups:
        problems.append(("stages", f"duplicate stage/action id(s) {dups}: each id must be unique"))
    problems += _requirement_problems(r)
    problems += _event_problems(r)
    problems += _citation_problems(r)
    return problems


def _requirement_problems(r: Roadmap) -> Problems:
    order = {s.id: i for i, s in enumerate(r.stages)}
    problems: Problems = []
    for i, stage in enumerate(r.stages):
        for j, req in enumerate(stage.requires):
            where = f"stages.{i}.requires.{j}"
            if req.stage == stage.id:
                problems.append((where, f"stage '{stage.id}' requires itself; remove it"))
            elif req.stage not in order:
                problems.append(
                    (where, f"requires unknown stage '{req.stage}' (stages: {', '.join(order)})")
                )
    cycle = _cycle(r)
    if cycle:
        i = order[cycle[0]]
        problems.append(
            (
                f"stages.{i}.requires",
                f"preconditions form a cycle {' -> '.join([*cycle, cycle[0]])}; break it",
            )
        )
    else:
        for i, stage in enumerate(r.stages):
            for j, req in enumerate(stage.requires):
                if req.stage in order and order[req.stage] > i:
                    problems.append(
                        (
                            f"stages.{i}.requires.{j}",
                            f"requires '{req.stage}', which comes later; "
                            "list stages in the order they can happen",
                        )
                    )
    return problems


def _cycle(r: Roadmap) -> list[str]:
    """One cycle of two or more stages in the precondition graph, or [] when there is none."""
    graph = {s.id: [q.stage for q in s.requires if q.stage != s.id] for s in r.stages}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> list[str]:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :]
            if nxt in graph and nxt not in state:
                found = visit(nxt, [*path, nxt])
                if found:
                    return found
        state[node] = 2
        return []

    for start in graph:
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return []


def _event_problems(r: Roadmap) -> Problems:
    actions = {a.id: a for a in r.actions}
    stages = {s.id for s in r.stages}
    problems: Problems = []
    for i, ev in enumerate(r.events):
        if ev.action is not None and ev.action not in actions:
            problems.append(
                (
                    f"events.{i}.action",
                    f"no action '{ev.action}' in this roadmap; "
                    "use the id of one of the stages' actions",
                )
            )
        if ev.stage is not None and ev.stage not in stages:
            problems.append(
                (
                    f"events.{i}.stage",
                    f"no stage '{ev.stage}' in this roadmap (stages: {', '.join(stages)})",
                )
            )
        if ev.kind == "delivered" and ev.action in actions and actions[ev.action].quantity is None:
            problems.append(
                (
                    f"events.{i}.kind",
                    f"action '{ev.action}' has no quantity to "
                    "deliver; give the action a quantity and unit, or use 'done'",
                )
            )
    return problems


def _citation_problems(r: Roadmap) -> Problems:
    if not r.sources:
        return []
    cited = [(f"stages.{i}", c) for i, s in enumerate(r.stages) for c in s.sources]
    cited += [
        (f"stages.{i}.actions.{j}", c)
        for i, s in enumerate(r.stages)
        for j, a in enumerate(s.actions)
        for c in a.sources
    ]
    cited += [(f"events.{i}", c) for i, e in enumerate(r.events) for c in e.sources]
    missing = Counter(where for where, c in cited if c not in r.sources)
    return [
        (where, "cites source ids that are not defined; add them under 'sources'")
        for where in missing
    ]


def check_against_scenario(r: Roadmap, s: Scenario) -> Problems:
    """Actor and issue ids used by the roadmap that the scenario does not define."""
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

"""Search orderings and splits of a roadmap's actions for the plan whose weakest stage is strongest.

Candidates: every order of the stages that keeps their preconditions (all of them when there are
few, a swap-by-swap hill climb otherwise), and for each stage a way of cutting it up: whole,
*rewards first* (the others' actions, then the principal's), *principal first* (the reverse,
"DPRK first"), *action for action* (one sub-stage per principal action, each paid with an equal
slice of every reward) and *finer* (N equal slices of everything). Per-stage cuts are searched
exhaustively for small roadmaps and by coordinate ascent otherwise. The score of a plan is its
weakest margin (:mod:`detente.roadmap.incentives`); ties go to the smaller total temptation.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pandas as pd

from detente.roadmap.incentives import (
    IncentiveCheck,
    Plan,
    RoadmapArrays,
    StagePlan,
    check_params,
    evaluate,
    stage_margins,
)
from detente.roadmap.schema import Roadmap, Stage
from detente.scenario.schema import Scenario

Cut = Callable[[str, tuple[tuple[str, float], ...], dict[str, str], str | None], list[StagePlan]]
MAX_ORDERS = 720
MAX_EXHAUSTIVE_STAGES = 6
MAX_CUT_COMBINATIONS = 2000


def _as_is(
    label: str, parts: tuple[tuple[str, float], ...], owner: dict[str, str], principal: str | None
) -> list[StagePlan]:
    return [(label, parts)]


def _by_owner(
    parts: tuple[tuple[str, float], ...], owner: dict[str, str], principal: str | None
) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]]:
    """The parts whose action the principal owns, and the rest (order kept)."""
    mine = tuple(p for p in parts if owner[p[0]] == principal)
    return mine, tuple(p for p in parts if owner[p[0]] != principal)


def _split_by(first_principal: bool) -> Cut:
    def cut(
        label: str,
        parts: tuple[tuple[str, float], ...],
        owner: dict[str, str],
        principal: str | None,
    ) -> list[StagePlan]:
        mine, others = _by_owner(parts, owner, principal)
        halves = [(f"{label}:{principal}", mine), (f"{label}:others", others)]
        if not first_principal:
            halves.reverse()
        return [h for h in halves if h[1]]

    return cut


def _action_for_action(
    label: str, parts: tuple[tuple[str, float], ...], owner: dict[str, str], principal: str | None
) -> list[StagePlan]:
    mine, others = _by_owner(parts, owner, principal)
    if len(mine) < 2 or not others:
        return [(label, parts)]
    share = 1.0 / len(mine)
    return [
        (f"{label}.{j + 1}", (step, *((a, f * share) for a, f in others)))
        for j, step in enumerate(mine)
    ]


def _finer(n: int) -> Cut:
    def cut(
        label: str,
        parts: tuple[tuple[str, float], ...],
        owner: dict[str, str],
        principal: str | None,
    ) -> list[StagePlan]:
        return [(f"{label}.{j + 1}/{n}", tuple((a, f / n) for a, f in parts)) for j in range(n)]

    return cut


CUTS: dict[str, Cut] = {
    "whole": _as_is,
    "rewards first": _split_by(first_principal=False),
    "principal first": _split_by(first_principal=True),
    "action for action": _action_for_action,
    "finer x2": _finer(2),
    "finer x3": _finer(3),
}


@dataclass(frozen=True)
class Optimized:
    """The best plan found, its check, the agreed plan's check, and one row per strategy."""

    best: IncentiveCheck
    agreed: IncentiveCheck
    strategies: pd.DataFrame
    evaluated: int

    def changes(self) -> pd.DataFrame:
        """Actions placed differently in the best plan than as agreed.

        Returns
        -------
        pandas.DataFrame
            Columns action, agreed_stage, new_stage (with the share of the action done in each stage
            when it is split).
        """
        agreed = {a: label for label, parts in self.agreed.plan.stages for a, _ in parts}
        same = {f"{label}*": label for label in agreed.values()}
        placed: dict[str, list[str]] = {}
        for label, parts in self.best.plan.stages:
            for a, share in parts:
                placed.setdefault(a, []).append(label if share == 1 else f"{label} x{share:.2g}")
        rows = [
            {"action": a, "agreed_stage": agreed[a], "new_stage": ", ".join(where)}
            for a, where in placed.items()
            if [same.get(w, w) for w in where] != [agreed[a]]
        ]
        return pd.DataFrame(rows, columns=["action", "agreed_stage", "new_stage"])


Score = tuple[float, float, int]


@dataclass
class _Search:
    """Scores plans fast (NumPy only) and keeps the best plan of each strategy."""

    arrays: RoadmapArrays
    discount: float
    perform: float
    best: dict[str, tuple[Score, Plan]] = field(default_factory=dict)
    count: int = 0

    def __call__(self, name: str, plan: Plan) -> Score:
        self.count += 1
        m = stage_margins(self.arrays, self.arrays.fractions(plan), self.discount, self.perform)
        score = (round(float(m.min()), 9), round(float(m.clip(max=0).sum()), 9), -len(plan.stages))
        if name not in self.best or score > self.best[name][0]:
            self.best[name] = (score, Plan(name, plan.stages))
        return score


def optimize(
    roadmap: Roadmap,
    scenario: Scenario,
    discount: float = 1.0,
    perform: float = 1.0,
    principal: str | None = None,
) -> Optimized:
    """Search for the plan whose weakest (stage, party) margin is largest.

    Parameters
    ----------
    roadmap : the roadmap as agreed
    scenario : the scenario it is played against
    discount : discount factor per stage, in (0, 1]
    perform : probability that the others perform each stage
    principal : the party whose steps the others reward (default: the roadmap's)

    Returns
    -------
    Optimized
        The best plan's check, the agreed plan's check and one row per strategy.
    """
    check_params(discount, perform)
    arrays = RoadmapArrays.build(roadmap, scenario)
    who = principal or roadmap.principal or _busiest(roadmap)
    owner = {a.id: a.actor for a in roadmap.actions}
    search = _Search(arrays, discount, perform)
    search("as agreed", Plan.from_roadmap(roadmap))
    whole = list(Plan.from_roadmap(roadmap).stages)
    pooled = tuple(p for _, parts in whole for p in parts)
    for name in ("rewards first", "principal first"):
        search(f"{name} (whole roadmap)", Plan(name, tuple(CUTS[name]("all", pooled, owner, who))))
    orders = _orders(roadmap.stages, lambda o: search("reordered", _ordered(whole, o))[0])
    for order in orders[:3]:
        stages = [whole[i] for i in order]
        for name in CUTS:
            if name != "whole":  # whole stages in this order: already scored as "reordered"
                search(name, _cut_all(name, stages, [name] * len(stages), owner, who))
        for cuts in _cut_search(stages, owner, who, search):
            search("mixed", _cut_all("mixed", stages, cuts, owner, who))
    _move_actions(list(search.best["reordered"][1].stages), search)
    checks = {
        name: evaluate(arrays, plan, discount, perform) for name, (_, plan) in search.best.items()
    }
    winner = max(search.best, key=lambda n: search.best[n][0])
    return Optimized(
        checks[winner], checks["as agreed"], _strategy_table(checks, winner), search.count
    )


def _ordered(whole: list[StagePlan], order: tuple[int, ...]) -> Plan:
    return Plan("reordered", tuple(whole[i] for i in order))


def _move_actions(stages: list[StagePlan], search: _Search, sweeps: int = 3) -> None:
    """Local search: move one action at a time to another stage while the weakest margin rises.

    Stages keep their names, marked with '*' where their content changed; emptied ones go.
    """
    labels = [label for label, _ in stages]
    current = [list(parts) for _, parts in stages]

    def plan(groups: list[list[tuple[str, float]]]) -> Plan:
        out = [
            (lb if g == list(orig) else f"{lb}*", tuple(g))
            for lb, g, (_, orig) in zip(labels, groups, stages, strict=True)
            if g
        ]
        return Plan("actions moved", tuple(out))

    best = search("actions moved", plan(current))
    for _ in range(sweeps):
        improved = False
        for i in range(len(current)):
            for entry in list(current[i]):
                for j in _targets(i, len(current)):
                    if entry not in current[i]:
                        continue
                    trial = [list(g) for g in current]
                    trial[i].remove(entry)
                    trial[j].append(entry)
                    score = search("actions moved", plan(trial))
                    if score > best:
                        best, current, improved = score, trial, True
        if not improved:
            break


def _busiest(roadmap: Roadmap) -> str:
    counts = pd.Series([a.actor for a in roadmap.actions]).value_counts()
    return str(counts.index[0])


def _cut_all(
    name: str,
    stages: list[StagePlan],
    cuts: list[str] | tuple[str, ...],
    owner: dict[str, str],
    principal: str,
) -> Plan:
    out: list[StagePlan] = []
    for (label, parts), cut in zip(stages, cuts, strict=True):
        out += CUTS[cut](label, parts, owner, principal)
    return Plan(name, tuple(out))


def _orders(
    stages: tuple[Stage, ...], strength: Callable[[tuple[int, ...]], float]
) -> list[tuple[int, ...]]:
    """Stage orders that respect preconditions, strongest first (all of them when few)."""
    ids = [s.id for s in stages]
    needs = {i: {ids.index(q.stage) for q in s.requires} for i, s in enumerate(stages)}

    def valid(order: tuple[int, ...]) -> bool:
        seen: set[int] = set()
        for i in order:
            if not needs[i] <= seen:
                return False
            seen.add(i)
        return True

    if len(stages) <= MAX_EXHAUSTIVE_STAGES:
        found = [o for o in itertools.permutations(range(len(stages))) if valid(o)]
    else:
        found = _hill_climb(tuple(range(len(stages))), valid, strength)
    return sorted(found[:MAX_ORDERS], key=strength, reverse=True)


def _hill_climb(
    start: tuple[int, ...],
    valid: Callable[[tuple[int, ...]], bool],
    strength: Callable[[tuple[int, ...]], float],
) -> list[tuple[int, ...]]:
    best, seen = start, [start]
    improved = True
    while improved:
        improved = False
        for i in range(len(best) - 1):
            trial = (*best[:i], best[i + 1], best[i], *best[i + 2 :])
            if valid(trial) and trial not in seen:
                seen.append(trial)
                if strength(trial) > strength(best):
                    best, improved = trial, True
    return [best, *[s for s in seen if s != best]]


def _cut_search(
    stages: list[StagePlan], owner: dict[str, str], principal: str, search: _Search
) -> Iterator[tuple[str, ...]]:
    """Per-stage choices of cut: all combinations when few, else coordinate ascent."""
    names = list(CUTS)
    if len(names) ** len(stages) <= MAX_CUT_COMBINATIONS:
        yield from itertools.product(names, repeat=len(stages))
        return
    choice = ["whole"] * len(stages)
    for _ in range(2):
        for k in range(len(stages)):

            def strength(name: str, k: int = k) -> float:
                trial = [*choice[:k], name, *choice[k + 1 :]]
                return search("mixed", _cut_all("mixed", stages, trial, owner, principal))[0]

            choice[k] = max(names, key=strength)
    yield tuple(choice)


def _targets(i: int, n: int) -> list[int]:
    """Stages an action in stage i may move to: any other when there are few, else neighbours."""
    if n <= MAX_EXHAUSTIVE_STAGES:
        return [j for j in range(n) if j != i]
    return [j for j in (i - 1, i + 1) if 0 <= j < n]


def _strategy_table(checks: dict[str, IncentiveCheck], winner: str) -> pd.DataFrame:
    rows = []
    for name, c in checks.items():
        rows.append(
            {
                "strategy": name,
                "stages": len(c.plan.stages),
                "weakest_stage": c.weakest_stage,
                "weakest_party": c.weakest_party,
                "strength": round(c.strength, 3),
                "defecting_pairs": int(c.table["defects"].sum()),
                "total_temptation": round(float(-c.table["margin"].clip(upper=0).sum()), 3) + 0.0,
                "chosen": name == winner,
            }
        )
    table = pd.DataFrame(rows).sort_values(
        ["strength", "total_temptation"], ascending=[False, True]
    )
    return table.reset_index(drop=True)

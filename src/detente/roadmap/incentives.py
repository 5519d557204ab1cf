"""Stage-by-stage incentive check: would each party rather carry on to the end, or stop here?

Each party values a state of the issues with :func:`utility` (salience-weighted closeness to its
own position, the linear-loss utility of the spatial models). A roadmap is a path of states, one
per stage. At every stage boundary each party compares *stopping* (keeping the state reached so
far) with *carrying on* (doing its own part of every later stage), discounted per stage by
``discount``, when the others perform each stage only with probability ``perform``; if they fail,
the party is left with what it already did itself in that stage and the process stops.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from detente.errors import ModelError
from detente.roadmap.schema import Roadmap
from detente.scenario.schema import Scenario

StagePlan = tuple[str, tuple[tuple[str, float], ...]]


def utility(
    position: np.ndarray, salience: np.ndarray, low: np.ndarray, high: np.ndarray, state: np.ndarray
) -> np.ndarray:
    """Each actor's utility (0-100) for each state of the issues.

    ``u_i(x) = 100 * sum_j s_ij (1 - |x_j - p_ij| / (high_j - low_j)) / sum_j s_ij``: closeness
    to the actor's position on each issue, weighted by salience, as in the risk-neutral spatial
    utility of Bueno de Mesquita's model (Scholz, Calbert & Smith 2011) and KTAB's SMP.

    Parameters
    ----------
    position, salience : (actors, issues)
    low, high : (issues,) the ends of each issue's scale
    state : (..., issues) states of the issues

    Returns
    -------
    numpy.ndarray
        (..., actors) utilities.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510-531.
    """
    closeness = 1.0 - np.abs(state[..., None, :] - position) / (high - low)
    weight = salience.sum(axis=1)
    weight = np.where(weight > 0, weight, 1.0)
    return 100.0 * (closeness * salience).sum(axis=-1) / weight


@dataclass(frozen=True)
class Plan:
    """A sequence of stages, each a list of (action id, fraction of the action done in it)."""

    name: str
    stages: tuple[StagePlan, ...]

    @classmethod
    def from_roadmap(cls, roadmap: Roadmap, name: str = "as agreed") -> Plan:
        """The roadmap's plan as agreed: every action whole, in its own stage.

        Parameters
        ----------
        roadmap : the roadmap
        name : the plan's name

        Returns
        -------
        Plan
            The plan.
        """
        return cls(
            name, tuple((s.id, tuple((a.id, 1.0) for a in s.actions)) for s in roadmap.stages)
        )

    def describe(self) -> list[str]:
        """One line per stage: its label and its actions (with the share done when split).

        Returns
        -------
        list[str]
            The lines.
        """
        return [
            f"{label}: " + ", ".join(a if f == 1 else f"{a} x{f:.2g}" for a, f in parts)
            for label, parts in self.stages
        ]


@dataclass
class RoadmapArrays:
    """The numbers the check needs, laid out once per roadmap and scenario."""

    actors: list[str]
    action_ids: list[str]
    moves: np.ndarray  # (actions, issues)
    owner: np.ndarray  # (actions,) actor index
    position: np.ndarray
    salience: np.ndarray
    low: np.ndarray
    high: np.ndarray
    baseline: np.ndarray
    index: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, roadmap: Roadmap, scenario: Scenario) -> RoadmapArrays:
        """Lay out a roadmap and its scenario as the arrays the check reads.

        Parameters
        ----------
        roadmap : the roadmap
        scenario : the scenario it is played against

        Returns
        -------
        RoadmapArrays
            Actions' moves and owners, positions, saliences, scales, baseline.
        """
        issues, actors = scenario.issue_ids, scenario.actor_ids
        acts = roadmap.actions
        moves = np.array([[a.issue_moves().get(i, 0.0) for i in issues] for a in acts], float)
        owner = np.array([actors.index(a.actor) for a in acts], int)
        arrays = scenario.to_arrays()
        low, high = arrays.scale_low, arrays.scale_high
        base = np.array([roadmap.baseline.get(i, lo) for i, lo in zip(issues, low, strict=True)])
        return cls(
            actors,
            [a.id for a in acts],
            moves.reshape(len(acts), len(issues)),
            owner,
            arrays.position[0],
            arrays.salience[0],
            low,
            high,
            base,
            {a.id: k for k, a in enumerate(acts)},
        )

    def fractions(self, plan: Plan) -> np.ndarray:
        """The share of each action done in each stage of a plan.

        Parameters
        ----------
        plan : the plan

        Returns
        -------
        numpy.ndarray
            (stages, actions) shares.
        """
        f = np.zeros((len(plan.stages), len(self.action_ids)))
        for k, (_, parts) in enumerate(plan.stages):
            for aid, share in parts:
                f[k, self.index[aid]] += share
        return f


def margins(
    arrays: RoadmapArrays, plan: Plan, discount: float = 1.0, perform: float = 1.0
) -> np.ndarray:
    """(stages, actors) value of carrying on minus value of stopping before each stage.

    Parameters
    ----------
    arrays : the roadmap's arrays
    plan : the plan (stages of action fractions)
    discount : discount factor per stage, in (0, 1]
    perform : probability that the others perform each stage

    Returns
    -------
    numpy.ndarray
        (stages, actors) margins in utility points; negative where a party gains by stopping.
    """
    return stage_margins(arrays, arrays.fractions(plan), discount, perform)


def stage_margins(
    arrays: RoadmapArrays, f: np.ndarray, discount: float = 1.0, perform: float = 1.0
) -> np.ndarray:
    """Margins for a (stages, actions) matrix of fractions (see :func:`margins`).

    Backward recursion over stages l = K..1 (0 < discount <= 1, 0 <= perform <= 1):
    ``W_l = q ((1-d) u(x_l) + d W_{l+1}) + (1-q) u(x_{l-1} + own_l)``, ``W_{K+1} = u(x_K)``;
    the margin before stage l is ``d (W_l - u(x_{l-1}))``. With d = q = 1 it is simply
    ``u(x_K) - u(x_{l-1})``: what the party gains by going on to the end.

    Parameters
    ----------
    arrays : the roadmap's arrays
    f : (stages, actions) share of each action done in each stage
    discount : d, the discount factor per stage
    perform : q, the probability that the others perform each stage

    Returns
    -------
    numpy.ndarray
        (stages, actors) margins in utility points.

    References
    ----------
    Fudenberg, D. & Tirole, J. (1991). Game Theory. MIT Press (backward induction in
    multi-stage games).
    """
    lo, hi = arrays.low, arrays.high
    path = states(arrays, f)
    u_path = utility(arrays.position, arrays.salience, lo, hi, path)  # (K+1, n)
    n = len(arrays.actors)
    own = np.einsum("ka,ai,an->kni", f, arrays.moves, np.eye(n)[arrays.owner])  # (K, n, issues)
    sucker = np.clip(path[:-1, None, :] + own, lo, hi)  # (K, n, issues)
    u_sucker = np.einsum("knn->kn", utility(arrays.position, arrays.salience, lo, hi, sucker))
    w = u_path[-1].copy()
    out = np.empty_like(u_sucker)
    for k in range(f.shape[0] - 1, -1, -1):
        w = perform * ((1 - discount) * u_path[k + 1] + discount * w) + (1 - perform) * u_sucker[k]
        out[k] = discount * (w - u_path[k])
    return out


@dataclass(frozen=True)
class IncentiveCheck:
    """The per-stage, per-party table of a plan and its weakest point."""

    plan: Plan
    table: pd.DataFrame  # long: stage, after, party, keep, carry_on, margin, defects
    strength: float
    weakest_stage: str
    weakest_party: str

    def pivot(self) -> pd.DataFrame:
        """Margins as a stage x party table (negative = that party gains by stopping).

        Returns
        -------
        pandas.DataFrame
            Stages as rows, parties as columns, rounded to 2 decimals.
        """
        wide = self.table.pivot(index="stage", columns="party", values="margin")
        return wide.loc[list(dict.fromkeys(self.table["stage"]))].round(2)

    def defections(self) -> pd.DataFrame:
        """The (stage, party) pairs where stopping pays, and by how much (utility points).

        Returns
        -------
        pandas.DataFrame
            Columns stage, party, gain_from_defecting.
        """
        bad = self.table[self.table["margin"] < 0].copy()
        bad["gain_from_defecting"] = -bad["margin"]
        return bad[["stage", "party", "gain_from_defecting"]].reset_index(drop=True)


def evaluate(
    arrays: RoadmapArrays,
    plan: Plan,
    discount: float = 1.0,
    perform: float = 1.0,
    parties: list[str] | None = None,
) -> IncentiveCheck:
    """Run the check on one plan and name its weakest stage (lowest margin of any party).

    Parameters
    ----------
    arrays : the roadmap's arrays
    plan : the plan
    discount : discount factor per stage, in (0, 1]
    perform : probability that the others perform each stage
    parties : the parties whose margins count (default: every actor)

    Returns
    -------
    IncentiveCheck
        The long table and its weakest (stage, party).
    """
    m = margins(arrays, plan, discount, perform)
    labels = [label for label, _ in plan.stages]
    keep = _keep_values(arrays, plan)
    cols = [arrays.actors.index(p) for p in (parties or arrays.actors)]
    rows = [
        {
            "stage": labels[k],
            "after": labels[k - 1] if k else "(start)",
            "party": arrays.actors[i],
            "keep": keep[k, i],
            "carry_on": keep[k, i] + m[k, i],
            "margin": m[k, i],
            "defects": bool(m[k, i] < -1e-9),
        }
        for k in range(len(labels))
        for i in cols
    ]
    table = pd.DataFrame(rows)
    worst = int(table["margin"].to_numpy().argmin())
    return IncentiveCheck(
        plan,
        table.round({"keep": 3, "carry_on": 3, "margin": 3}),
        float(table["margin"].iloc[worst]),
        str(table["stage"].iloc[worst]),
        str(table["party"].iloc[worst]),
    )


def states(arrays: RoadmapArrays, fractions: np.ndarray) -> np.ndarray:
    """The state of the issues before stage one and after each stage.

    Parameters
    ----------
    arrays : the roadmap's arrays
    fractions : (stages, actions) share of each action done in each stage

    Returns
    -------
    numpy.ndarray
        (stages + 1, issues) states, clipped to the scales.
    """
    delta = fractions @ arrays.moves
    steps = np.vstack([np.zeros((1, delta.shape[1])), np.cumsum(delta, axis=0)])
    return np.clip(arrays.baseline + steps, arrays.low, arrays.high)


def _keep_values(arrays: RoadmapArrays, plan: Plan) -> np.ndarray:
    path = states(arrays, arrays.fractions(plan))
    return utility(arrays.position, arrays.salience, arrays.low, arrays.high, path[:-1])


def check(
    roadmap: Roadmap,
    scenario: Scenario,
    discount: float = 1.0,
    perform: float = 1.0,
    parties: list[str] | None = None,
) -> IncentiveCheck:
    """The incentive check of a roadmap as agreed (see the module docstring for the model).

    Parameters
    ----------
    roadmap : the roadmap
    scenario : the scenario its parties and issues come from
    discount : discount factor per stage, in (0, 1]
    perform : probability that the others perform each stage, in [0, 1]
    parties : the parties whose margins count (default: every actor)

    Returns
    -------
    IncentiveCheck
        Margins per stage and party, and the weakest point.
    """
    check_params(discount, perform)
    return evaluate(
        RoadmapArrays.build(roadmap, scenario),
        Plan.from_roadmap(roadmap),
        discount,
        perform,
        parties,
    )


def check_params(discount: float, perform: float) -> None:
    """Refuse a discount outside (0, 1] or a probability outside [0, 1], with the fix.

    Parameters
    ----------
    discount : discount factor per stage
    perform : probability that the others perform
    """

    if not 0 < discount <= 1:
        raise ModelError(f"discount must be in (0, 1], not {discount} (fix: e.g. 0.9)")
    if not 0 <= perform <= 1:
        raise ModelError(f"perform must be a probability in [0, 1], not {perform}")

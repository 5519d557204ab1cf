"""KTAB's Spatial Model of Politics (SMP): multi-dimensional bargaining until positions settle.

Actors with a capability and, on every issue, a position and a salience challenge one another,
propose interpolated bargains and vote on the bargains in each actor's queue, turn after turn,
until a turn moves them less than 2% of the first turn's movement. A faithful, vectorised
restatement of the SMP in KAPSARC's KTAB toolkit (MIT licence); see docs/models/smp.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from detente.core.arrays import ScenarioArrays
from detente.core.trajectory import Columns, Trajectory
from detente.models.registry import ModelSpec, register
from detente.models.smp.dynamics import simulate
from detente.models.smp.options import DEFAULTS, Options, accommodation, parse
from detente.models.smp.state import Actors
from detente.models.walkout import DEFAULTS as WALKOUT_DEFAULTS
from detente.models.walkout import with_walkout

VIEWS = {0: "initiator", 1: "receiver", 2: "compromise"}
EXPLAIN_COLUMNS = (
    "round", "run", "actor", "bargain", "view", "probability", "target", "moved", "win_prob",
)  # fmt: skip
CAPABILITY_UNIT = 100.0  # the largest capability of a run, as the model sees it


def _streams(opts: Options, rng: np.random.Generator, runs: int, n: int) -> list[list[Any]]:
    """One random stream per run and actor queue, all derived from the seed (or the rng)."""
    if opts.state_transitions != "Stochastic":
        return []
    entropy = opts.seed if opts.seed is not None else int(rng.integers(2**63))
    root = np.random.SeedSequence(entropy)
    return [[np.random.default_rng(q) for q in run.spawn(n)] for run in root.spawn(runs)]


def _unit(arrays: ScenarioArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions on [0, 1], saliences whose per-actor sum is at most 1 (KTAB's budget) and
    capabilities with the largest of each run at CAPABILITY_UNIT.

    KTAB adds small constants to coalition strengths (1e-8, 1e-10), so its answers depend on
    the unit of capability; fixing the unit makes detente's depend on ratios only. KTAB's own
    samples use capabilities up to about 100, where the constants are negligible.
    """
    span = arrays.scale_high - arrays.scale_low
    pos = np.clip((arrays.position - arrays.scale_low) / span, 0.0, 1.0)
    total = arrays.salience.sum(axis=-1, keepdims=True)
    sal = np.where(total > 1.0, arrays.salience / np.where(total > 0, total, 1.0), arrays.salience)
    top = arrays.capability.max(axis=-1, keepdims=True)
    cap = arrays.capability * (CAPABILITY_UNIT / np.where(top > 0, top, 1.0))
    return pos, sal, cap


def run(arrays: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Trajectory:
    """Run the SMP on every scenario copy of the batch at once; stopped runs repeat their state.

    Parameters
    ----------
    arrays : the batch
    params : the SMP's parameters (KTAB's names: victory_prob_model, pce_model ...)
    rng : draws the stochastic transitions' seed when none is given

    Returns
    -------
    Trajectory
        Positions per turn; diagnostics hold win probabilities, risks, bargains.
    """
    opts = parse(params)
    pos, sal, cap = _unit(arrays)
    acc = accommodation(opts, arrays.actor_ids)
    actors = Actors(cap, sal, acc, arrays.channels)
    hist = simulate(actors, pos, opts, _streams(opts, rng, arrays.runs, arrays.n_actors))
    span, low = arrays.scale_high - arrays.scale_low, arrays.scale_low
    diagnostics: dict[str, Any] = {"turns": hist.turns}
    for name in (
        "win_prob",
        "risk",
        "holder",
        "target",
        "mover_init",
        "mover_rcvr",
        "mover_view",
        "mover_prob",
        "ratio",
    ):
        diagnostics[name] = np.stack(getattr(hist, name))
    return Trajectory.from_positions(
        "smp",
        arrays,
        low + span * np.stack(hist.positions),
        forecast=low + span * np.stack(hist.expected),
        params=dict(params),
        diagnostics=diagnostics,
        settled=_stopped_by_rule(hist, opts),
    )


def _stopped_by_rule(hist: Any, opts: Options) -> np.ndarray:
    """(runs,) True where KTAB's stopping rule, not the turn limit, ended the run."""
    turns = hist.turns
    if not hist.ratio:
        return np.zeros(turns.shape, bool)
    ratios = np.stack(hist.ratio)  # (turns, runs)
    last = ratios[np.maximum(turns - 1, 0), np.arange(turns.size)]
    return (turns < opts.rounds) | ((turns >= opts.min_rounds) & (last < opts.stop_ratio))


def explain(traj: Trajectory) -> Columns:
    """One row per run, turn and actor: the bargain that set its position and how likely it was.

    Parameters
    ----------
    traj : an smp trajectory

    Returns
    -------
    Columns
        round, run, actor, bargain, view, probability, target, moved, win_prob.
    """
    d = traj.diagnostics
    ids = traj.actor_ids
    rows = []
    for r in range(traj.runs):
        for t in range(1, int(d["turns"][r]) + 1):
            before, after = traj.positions[t - 1, r], traj.positions[t, r]
            for a, actor in enumerate(ids):
                i, j = int(d["mover_init"][t - 1, r, a]), int(d["mover_rcvr"][t - 1, r, a])
                target = int(d["target"][t - 1, r, a])
                rows.append(
                    {
                        "round": t,
                        "run": r,
                        "actor": actor,
                        "bargain": "status quo" if i < 0 else f"{ids[i]}->{ids[j]}",
                        "view": VIEWS.get(int(d["mover_view"][t - 1, r, a]), ""),
                        "probability": float(d["mover_prob"][t - 1, r, a]),
                        "target": ids[target] if target >= 0 else "",
                        "moved": float(np.linalg.norm(after[a] - before[a])),
                        "win_prob": float(d["win_prob"][t, r, a]),
                    }
                )
    return {key: [row[key] for row in rows] for key in EXPLAIN_COLUMNS}


def outcomes(traj: Trajectory, run: int = 0) -> Columns:
    """The distinct final positions of one run, who holds each, and its winning probability.

    Positions closer than KTAB's tolerance (0.1 on a 0-100 scale) count as one.

    Parameters
    ----------
    traj : an smp trajectory
    run : which run

    Returns
    -------
    Columns
        outcome, actors, probability and one per issue, likeliest first.
    """
    holder = traj.diagnostics["holder"][-1, run]
    prob = traj.diagnostics["win_prob"][-1, run]
    final = traj.positions[-1, run]
    heads = np.array(list(dict.fromkeys(holder.tolist())), dtype=np.intp)
    heads = heads[np.argsort(-prob[heads], kind="stable")]
    return {
        "outcome": np.arange(1, heads.size + 1),
        "actors": [
            ", ".join(traj.actor_ids[a] for a in np.flatnonzero(holder == h)) for h in heads
        ],
        "probability": prob[heads].astype(float),
        **{issue: final[heads, k].astype(float) for k, issue in enumerate(traj.issue_ids)},
    }


SPEC = register(
    ModelSpec(
        "smp",
        with_walkout(run),
        "KTAB's Spatial Model of Politics: challenges, bargains and queue votes over all issues",
        defaults={**DEFAULTS, **WALKOUT_DEFAULTS},
        dynamic=True,
        stochastic=True,
        uses_forums=True,
        reference="KTAB dummyData_3Dim reference run (positions to 0.01, 10 turns)",
        explain=explain,
        outcomes=outcomes,
    )
)

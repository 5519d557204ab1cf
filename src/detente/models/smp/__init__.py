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
import pandas as pd

from detente.models.registry import ModelSpec, register
from detente.models.smp.dynamics import History, simulate
from detente.models.smp.options import DEFAULTS, Options, accommodation, parse
from detente.models.smp.state import Actors
from detente.models.trajectory import Trajectory
from detente.scenario.arrays import ScenarioArrays

VIEWS = {0: "initiator", 1: "receiver", 2: "compromise"}


def _streams(opts: Options, rng: np.random.Generator, runs: int, n: int) -> list[list[Any]]:
    """One random stream per run and actor queue, all derived from the seed (or the rng)."""
    if opts.state_transitions != "Stochastic":
        return [[] for _ in range(runs)]
    entropy = opts.seed if opts.seed is not None else int(rng.integers(2**63))
    root = np.random.SeedSequence(entropy)
    return [[np.random.default_rng(q) for q in run.spawn(n)] for run in root.spawn(runs)]


def _unit(arrays: ScenarioArrays) -> tuple[np.ndarray, np.ndarray]:
    """Positions on [0, 1] and saliences whose per-actor sum is at most 1 (KTAB's budget)."""
    span = arrays.scale_high - arrays.scale_low
    pos = np.clip((arrays.position - arrays.scale_low) / span, 0.0, 1.0)
    total = arrays.salience.sum(axis=-1, keepdims=True)
    sal = np.where(total > 1.0, arrays.salience / np.where(total > 0, total, 1.0), arrays.salience)
    return pos, sal


def _pad(items: list[np.ndarray], length: int, fill: float | None = None) -> np.ndarray:
    """Stack per-turn records, repeating the last (or ``fill``) up to ``length`` entries."""
    extra = [items[-1] if fill is None else np.full_like(items[-1], fill)] * (length - len(items))
    return np.stack(items + extra)


def run(arrays: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Trajectory:
    """Run the SMP on every scenario copy of the batch; converged runs repeat their positions."""
    opts = parse(params)
    acc = accommodation(opts, arrays.actor_ids)
    pos, sal = _unit(arrays)
    streams = _streams(opts, rng, arrays.runs, arrays.n_actors)
    hists: list[History] = []
    for r in range(arrays.runs):
        actors = Actors(arrays.capability[r], sal[r], acc)
        hists.append(simulate(actors, pos[r], opts, streams[r]))
    turns = max(len(h.ratio) for h in hists)
    span, low = arrays.scale_high - arrays.scale_low, arrays.scale_low

    def stack(name: str, length: int, fill: float | None = None) -> np.ndarray:
        return np.stack([_pad(getattr(h, name), length, fill) for h in hists], axis=1)

    positions = low + span * stack("positions", turns + 1)
    diagnostics = {
        "turns": np.array([len(h.ratio) for h in hists]),
        "win_prob": stack("win_prob", turns + 1),
        "risk": stack("risk", turns + 1),
        "holder": stack("holder", turns + 1),
        "target": stack("target", turns, -1).astype(int),
        "mover_init": stack("mover_init", turns, -1).astype(int),
        "mover_rcvr": stack("mover_rcvr", turns, -1).astype(int),
        "mover_view": stack("mover_view", turns, -1).astype(int),
        "mover_prob": stack("mover_prob", turns, np.nan),
        "ratio": np.stack(
            [_pad([np.array(x) for x in h.ratio], turns, np.nan) for h in hists], axis=1
        ),
    }
    forecast = low + span * stack("expected", turns + 1)
    return Trajectory.from_positions(
        "smp",
        arrays,
        positions,
        forecast=forecast,
        params=dict(params),
        diagnostics=diagnostics,
        salience=None,
    )


def explain(traj: Trajectory) -> pd.DataFrame:
    """One row per run, turn and actor: the bargain that set its position and how likely it was."""
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
    return pd.DataFrame(rows)


def outcomes(traj: Trajectory, run: int = 0) -> pd.DataFrame:
    """The distinct final positions of one run, who holds each, and its winning probability.

    Positions closer than KTAB's tolerance (0.1 on a 0-100 scale) count as one.
    """
    holder = traj.diagnostics["holder"][-1, run]
    prob = traj.diagnostics["win_prob"][-1, run]
    final = traj.positions[-1, run]
    rows = []
    for h in dict.fromkeys(holder.tolist()):
        members = np.flatnonzero(holder == h)
        rows.append(
            {
                "actors": ", ".join(traj.actor_ids[a] for a in members),
                "probability": float(prob[h]),
                **{i: float(v) for i, v in zip(traj.issue_ids, final[h], strict=True)},
            }
        )
    table = pd.DataFrame(rows).sort_values("probability", ascending=False, ignore_index=True)
    table.insert(0, "outcome", np.arange(1, len(table) + 1))
    return table


SPEC = register(
    ModelSpec(
        "smp",
        run,
        "KTAB's Spatial Model of Politics: challenges, bargains and queue votes over all issues",
        defaults=DEFAULTS,
        dynamic=True,
        stochastic=True,
        reference="KTAB dummyData_3Dim reference run (positions to 0.01, 10 turns)",
        explain=explain,
        outcomes=outcomes,
    )
)

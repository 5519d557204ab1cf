"""The SMP's turn loop for one run, with KTAB's stopping rule.

A run stops after at least ``min_rounds`` turns when a turn moves the actors less than
``stop_ratio`` of the first turn's movement (movement = sum over actors of the Euclidean change
of position on the [0, 1] scale; 1e-4 is added to the first turn's), or after ``rounds``
(KTAB ``smpStopFn``: 2, 0.02, 100).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from detente.models.smp.options import Options
from detente.models.smp.state import (
    Actors,
    assess,
    bargains_of_turn,
    new_ideals,
    resolve,
    win_probabilities,
)

MIN_SIG_DELTA = 1e-4  # KTAB: guards the ratio against a first turn with no movement


@dataclass
class History:
    """Everything recorded about one run, turn by turn (index 0 = the input)."""

    positions: list[np.ndarray] = field(default_factory=list)  # (n, m) each, [0, 1] scale
    risk: list[np.ndarray] = field(default_factory=list)  # (n,)
    win_prob: list[np.ndarray] = field(default_factory=list)  # (n,) prob of the actor's position
    expected: list[np.ndarray] = field(default_factory=list)  # (m,) probability-weighted outcome
    holder: list[np.ndarray] = field(default_factory=list)  # (n,) first actor at the same position
    target: list[np.ndarray] = field(default_factory=list)  # per turn (n,)
    mover_init: list[np.ndarray] = field(default_factory=list)
    mover_rcvr: list[np.ndarray] = field(default_factory=list)
    mover_view: list[np.ndarray] = field(default_factory=list)
    mover_prob: list[np.ndarray] = field(default_factory=list)
    ratio: list[float] = field(default_factory=list)  # movement / first movement, per turn


def movement(before: np.ndarray, after: np.ndarray) -> float:
    """Sum over actors of the Euclidean distance moved."""
    return float(np.linalg.norm(after - before, axis=1).sum())


def _record_state(
    hist: History, actors: Actors, position: np.ndarray, ideal: np.ndarray, opts: Options
):
    turn = assess(actors, position, ideal, opts)
    reps, p, group = win_probabilities(actors, position, turn, opts)
    hist.positions.append(position)
    hist.risk.append(turn.risk)
    hist.win_prob.append(p[group])
    hist.holder.append(reps[group])
    hist.expected.append(p @ position[reps])
    return turn


def simulate(
    actors: Actors, position: np.ndarray, opts: Options, streams: list[np.random.Generator]
) -> History:
    """Run turns until the stopping rule holds; positions on the [0, 1] scale."""
    hist = History()
    ideal = position.copy()
    turn = _record_state(hist, actors, position, ideal, opts)
    first = 0.0
    for t in range(1, opts.rounds + 1):
        target, bargains = bargains_of_turn(actors, position, turn, opts)
        new, choice, prob = resolve(actors, position, ideal, turn, bargains, opts, streams)
        hist.target.append(target)
        for name, values in (
            ("init", bargains.init),
            ("rcvr", bargains.rcvr),
            ("view", bargains.view),
        ):
            padded = np.concatenate([[-1], values])  # option 0 is the status quo
            getattr(hist, f"mover_{name}").append(padded[choice])
        hist.mover_prob.append(prob)
        moved = movement(position, new)
        if t == 1:
            first = moved + MIN_SIG_DELTA
        hist.ratio.append(moved / first)
        position = new
        ideal = new_ideals(actors, ideal, position)
        turn = _record_state(hist, actors, position, ideal, opts)
        if t >= opts.min_rounds and moved / first < opts.stop_ratio:
            break
    return hist

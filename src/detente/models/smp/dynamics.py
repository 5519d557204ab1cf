"""The SMP's turn loop over a batch of runs, with KTAB's stopping rule.

A run stops after at least ``min_rounds`` turns when a turn moves the actors less than
``stop_ratio`` of the first turn's movement (movement = sum over actors of the Euclidean change
of position on the [0, 1] scale; 1e-4 is added to the first turn's), or after ``rounds``
(KTAB ``smpStopFn``: 2, 0.02, 100).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from detente.models.smp.bargain import Bargains
from detente.models.smp.challenge import Turn
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
    """Everything recorded about a batch of runs, turn by turn (index 0 = the input).

    Every entry is an array over runs; runs that have stopped repeat their last state, with no
    movers (-1), until the last run stops.
    """

    positions: list[np.ndarray] = field(default_factory=list)  # (r, n, m), [0, 1] scale
    risk: list[np.ndarray] = field(default_factory=list)  # (r, n)
    win_prob: list[np.ndarray] = field(default_factory=list)  # (r, n) prob of the actor's position
    holder: list[np.ndarray] = field(default_factory=list)  # (r, n) first actor at that position
    expected: list[np.ndarray] = field(default_factory=list)  # (r, m) probability-weighted
    target: list[np.ndarray] = field(default_factory=list)  # per turn (r, n)
    mover_init: list[np.ndarray] = field(default_factory=list)
    mover_rcvr: list[np.ndarray] = field(default_factory=list)
    mover_view: list[np.ndarray] = field(default_factory=list)
    mover_prob: list[np.ndarray] = field(default_factory=list)
    ratio: list[np.ndarray] = field(default_factory=list)  # (r,) movement / first movement
    turns: np.ndarray = field(default_factory=lambda: np.zeros(0, int))  # (r,)


def movement(before: np.ndarray, after: np.ndarray) -> np.ndarray:
    """Sum over actors of the Euclidean distance moved, per run.

    Parameters
    ----------
    before, after : (r, n, m) positions

    Returns
    -------
    numpy.ndarray
        (r,) movement.
    """
    return np.sqrt(((after - before) ** 2).sum(axis=-1)).sum(axis=-1)


def _assess(
    actors: Actors, position: np.ndarray, ideal: np.ndarray, opts: Options
) -> tuple[Turn, dict[str, np.ndarray]]:
    """The turn's assessment and what is recorded of it: risk, winning probabilities, holders."""
    turn = assess(actors, position, ideal, opts)
    win, holder = win_probabilities(actors, position, turn, opts)
    first = holder == np.arange(holder.shape[1])
    expected = np.einsum("rn,rnm->rm", win * first, position)
    return turn, {"risk": turn.risk, "win_prob": win, "holder": holder, "expected": expected}


def _record_moves(
    hist: History,
    idx: np.ndarray,
    runs: int,
    target: np.ndarray,
    bargains: Bargains,
    choice: np.ndarray,
    prob: np.ndarray,
) -> None:
    """Targets and the chosen bargains of the moving runs; -1 (NaN) for the stopped ones."""
    n = target.shape[1]
    slot = np.maximum(choice - 1, 0)
    movers = {
        "target": target,
        **{
            f"mover_{k}": np.where(choice > 0, np.take_along_axis(v, slot, axis=1), -1)
            for k, v in (("init", bargains.init), ("rcvr", bargains.rcvr), ("view", bargains.view))
        },
    }
    for name, values in movers.items():
        full = np.full((runs, n), -1)
        full[idx] = values
        getattr(hist, name).append(full)
    full_prob = np.full((runs, n), np.nan)
    full_prob[idx] = prob
    hist.mover_prob.append(full_prob)


def _record_state(hist: History, last: dict[str, np.ndarray], position: np.ndarray) -> None:
    hist.positions.append(position)
    for name, value in last.items():
        getattr(hist, name).append(value.copy())


def simulate(
    actors: Actors, position: np.ndarray, opts: Options, streams: list[list[np.random.Generator]]
) -> History:
    """Run turns until the stopping rule holds in every run; positions (r, n, m) on [0, 1].

    Each turn works only on the runs still moving.

    Parameters
    ----------
    actors : the actors
    position : (r, n, m) starting positions on [0, 1]
    opts : the options
    streams : one generator per run and actor queue (stochastic transitions)

    Returns
    -------
    History
        Positions per turn and the turn's diagnostics.
    """
    hist = History()
    runs = position.shape[0]
    ideal = position.copy()
    turn, last = _assess(actors, position, ideal, opts)
    _record_state(hist, last, position)
    idx = np.arange(runs)  # runs still moving
    hist.turns = np.zeros(runs, int)
    first = np.zeros(runs)
    for t in range(1, opts.rounds + 1):
        sub = actors.take(idx)
        target, bargains = bargains_of_turn(sub, position[idx], turn, opts)
        draws = None
        if streams:  # one draw per queue of every moving run, from the queue's own stream
            draws = np.array([[g.random() for g in streams[r]] for r in idx])
        new, choice, prob = resolve(sub, position[idx], ideal[idx], turn, bargains, opts, draws)
        _record_moves(hist, idx, runs, target, bargains, choice, prob)
        moved = movement(position[idx], new)
        if t == 1:
            first = moved + MIN_SIG_DELTA
        ratio = np.full(runs, np.nan)
        ratio[idx] = moved / first[idx]
        hist.ratio.append(ratio)
        hist.turns[idx] = t
        position = position.copy()
        position[idx] = new
        ideal[idx] = new_ideals(sub, ideal[idx], new)
        turn, values = _assess(sub, position[idx], ideal[idx], opts)
        for name, value in values.items():
            last[name][idx] = value
        _record_state(hist, last, position)
        keep = ~(ratio[idx] < opts.stop_ratio) if t >= opts.min_rounds else np.ones(idx.size, bool)
        if not keep.any():
            break
        idx, turn = idx[keep], turn.take(keep)
    return hist

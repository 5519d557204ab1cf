"""Walking out in the dynamic models: an actor kept below its reservation value leaves the table.

The rule, the same for every dynamic model (bdm, smp, exchange): after each round, every actor
still at the table judges the round's forecast by its own stated position and saliences
(:func:`detente.core.utility.utilities`). An actor whose utility has stayed below its
reservation value (less its exit cost) for ``walkout_rounds`` rounds in a row leaves after that
round. The others go on without it: the model restarts from the positions they reached, as a
negotiation among the remaining parties, for the rounds that are left; the leaver's position
stays where it was and weighs nothing from then on. If the leaver holds a veto the talks are
over: every position and the forecast stay where they were. Several actors that reach the limit
in the same round leave together. Round 0 (the stated positions) does not count.

Scenarios in which no actor states a reservation value never reach this code, so every
reference reproduction is unchanged. See docs/breakdown.md.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from detente.core.arrays import ScenarioArrays
from detente.core.trajectory import Trajectory
from detente.core.utility import utilities
from detente.errors import ModelError

PARAM = "walkout_rounds"
DEFAULTS: dict[str, Any] = {PARAM: 3}
Run = Any  # the model's run function (arrays, params, rng) -> Trajectory


def with_walkout(run: Run) -> Run:
    """Wrap a dynamic model's run function with the walk-out rule (``walkout_rounds``; 0: off).

    Parameters
    ----------
    run : the model's run function

    Returns
    -------
    Callable
        A run function with the same signature.
    """

    @functools.wraps(run)
    def wrapped(
        arrays: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator
    ) -> Trajectory:
        k = params.get(PARAM, DEFAULTS[PARAM])
        if not isinstance(k, int) or isinstance(k, bool) or k < 0:
            raise ModelError(f"{PARAM}={k!r} must be a whole number >= 0 (0 turns walk-outs off)")
        inner = {key: v for key, v in params.items() if key != PARAM}
        traj = replace(run(arrays, inner, rng), params=dict(params))
        if k == 0 or not arrays.walkout or traj.rounds == 0:
            return traj
        return _Splicer(run, arrays, inner, rng, traj, k).splice()

    return wrapped


@dataclass
class _Splicer:
    """Finds walk-outs in a trajectory and splices in the continuation without the leavers."""

    run: Run
    arrays: ScenarioArrays
    params: dict[str, Any]
    rng: np.random.Generator
    traj: Trajectory
    k: int

    def splice(self) -> Trajectory:
        self.positions = self.traj.positions.copy()
        self.forecast = self.traj.forecast.copy()
        runs, n = self.positions.shape[1], self.positions.shape[2]
        self.present = np.ones((self.positions.shape[0], runs, n), bool)
        settled = self.traj.settled
        self.settled = np.zeros(runs, bool) if settled is None else settled.copy()
        self.checked = np.zeros(runs, np.int64)  # walk-outs up to this round are handled
        self.events: list[tuple[int, int, int, bool]] = []  # run, actor, round, veto
        while self._step():
            pass
        if not self.events:
            return self.traj
        diagnostics = {"walkouts": _table(self.events, self.arrays.actor_ids)}
        return Trajectory.from_positions(
            self.traj.model,
            self.arrays,
            self.positions,
            forecast=self.forecast,
            params=self.traj.params,
            diagnostics=diagnostics,
            settled=self.settled,
            present=self.present,
        )

    def _leave_rounds(self) -> np.ndarray:
        """(runs, actors) the first unhandled round ending k rounds below reservation (-1 none)."""
        a = self.arrays
        u = utilities(a.position[None], a.salience[None], self.forecast, a.scale_high - a.scale_low)
        res = a.reservation if a.reservation is not None else np.full(u.shape[-1], np.nan)
        below = (u < np.where(np.isnan(res), -np.inf, res)) & self.present
        below[0] = False  # the stated positions are not a round
        window = np.zeros(below.shape[1:], np.int64)
        first = np.full(below.shape[1:], -1, np.int64)
        for t in range(1, below.shape[0]):
            window = np.where(below[t], window + 1, 0)
            hit = (window >= self.k) & (first < 0) & (t > self.checked[:, None])
            first[hit] = t
        return first

    def _step(self) -> bool:
        first = self._leave_rounds()
        runs = np.flatnonzero((first >= 0).any(axis=1))
        if runs.size == 0:
            return False
        veto = self.arrays.veto if self.arrays.veto is not None else np.zeros(first.shape[1], bool)
        groups: dict[tuple[int, tuple[bool, ...]], list[int]] = {}
        for r in map(int, runs):
            t = int(first[r][first[r] >= 0].min())
            leavers = np.flatnonzero(first[r] == t)
            self.events += [(r, int(i), t, bool(veto[i])) for i in leavers]
            self.present[t + 1 :, r, leavers] = False
            self.checked[r] = t
            if veto[leavers].any() or self.present[t, r].sum() - leavers.size < 2:
                self._freeze(r, t)
                self.checked[r] = np.iinfo(np.int64).max  # talks are over in this run
                continue
            keep = self.present[t, r].copy()
            keep[leavers] = False
            groups.setdefault((t, tuple(keep.tolist())), []).append(r)
        for (t, keep), members in sorted(groups.items()):
            self._continue(t, np.array(members), np.flatnonzero(keep))
        return True

    def _freeze(self, r: int, t: int) -> None:
        self.positions[t + 1 :, r] = self.positions[t, r]
        self.forecast[t + 1 :, r] = self.forecast[t, r]
        self.settled[r] = True

    def _continue(self, t: int, runs: np.ndarray, keep: np.ndarray) -> None:
        """Play the rounds left from round t in ``runs`` with only the actors ``keep``."""
        left = int(self.params.get("rounds", self.positions.shape[0] - 1)) - t
        if left < 1:
            return
        sub = self.arrays.take(runs, keep)
        sub = sub.with_values(position=self.positions[t][runs][:, keep])
        part = self.run(sub, {**self.params, "rounds": left}, self.rng)
        self._grow(t + part.rounds)
        end = t + part.rounds
        for j, r in enumerate(runs):
            self.positions[t:, r] = self.positions[t, r]
            self.positions[t : end + 1, r][:, keep] = part.positions[:, j]
            self.positions[end + 1 :, r][:, keep] = part.positions[-1, j]
            self.forecast[t : end + 1, r] = part.forecast[:, j]
            self.forecast[end + 1 :, r] = part.forecast[-1, j]
        done = part.settled if part.settled is not None else np.zeros(runs.size, bool)
        self.settled[runs] = done | (part.rounds < left)

    def _grow(self, rounds: int) -> None:
        """Repeat the last round until the arrays hold ``rounds`` + 1 rounds."""
        extra = rounds + 1 - self.positions.shape[0]
        if extra <= 0:
            return
        self.positions = _pad(self.positions, extra)
        self.forecast = _pad(self.forecast, extra)
        self.present = _pad(self.present, extra)


def _pad(a: np.ndarray, extra: int) -> np.ndarray:
    return np.concatenate([a, np.repeat(a[-1:], extra, axis=0)])


def _table(events: list[tuple[int, int, int, bool]], ids: tuple[str, ...]) -> dict[str, Any]:
    """Walk-outs as columns: run, actor, round (after which it left), veto."""
    rows = sorted(events, key=lambda e: (e[0], e[2], e[1]))
    return {
        "run": np.array([e[0] for e in rows], np.int64),
        "actor": [ids[e[1]] for e in rows],
        "round": np.array([e[2] for e in rows], np.int64),
        "veto": np.array([e[3] for e in rows], bool),
    }

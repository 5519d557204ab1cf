"""Honest convergence: did a dynamic model settle, fall into a cycle, or just run out of rounds?

A model that plays a fixed number of rounds reports its last round as the forecast, whether the
positions settled long before or still swing. This module reads the positions round by round and
says, per run and issue, which of three things happened:

- **converged**: the last round moved no actor by more than ``tol`` of the issue's scale (or the
  model's own stopping rule ended the run early);
- **cycling**: the positions of the last ``period`` rounds repeat those of the ``period`` rounds
  before them (so at least two full cycles were seen), for the smallest such period of 2 or more;
- **round limit**: neither; the answer depends on when the model was stopped.

A cycling forecast is reported as the mean of the forecast over the cycle with its range; an
ensemble treats the stopping round as uncertain by drawing it from the cycle
(:func:`sample_final`). Issues are judged one by one, because in models such as bdm every issue
is its own contest and one issue may cycle while the others have settled.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

STATIC, CONVERGED, CYCLING, ROUND_LIMIT = 0, 1, 2, 3
STATUS = {STATIC: "static", CONVERGED: "converged", CYCLING: "cycling", ROUND_LIMIT: "round limit"}
TOL = 1e-4  # share of the issue's scale (0.01 points of a 0-100 scale)


@dataclass(frozen=True)
class Convergence:
    """Per run and issue: what happened, the period, since when, and the forecast over the cycle.

    Attributes
    ----------
    status : (runs, issues) int codes, names in :data:`STATUS`
    period : (runs, issues) 1 converged, p >= 2 cycling, 0 otherwise
    since : (runs, issues) first round of the settled state or of the cycle (-1 if neither)
    mean, low, high : (runs, issues) the forecast over the cycle (the final forecast otherwise)
    rounds : rounds played
    """

    status: np.ndarray
    period: np.ndarray
    since: np.ndarray
    mean: np.ndarray
    low: np.ndarray
    high: np.ndarray
    rounds: int

    def label(self, run: int, issue: int) -> str:
        """'converged', 'cycling (period 2)', 'round limit' or 'static'.

        Parameters
        ----------
        run : the run
        issue : the issue's index

        Returns
        -------
        str
            The status in words.
        """
        code = int(self.status[run, issue])
        if code == CYCLING:
            return f"cycling (period {int(self.period[run, issue])})"
        return STATUS[code]

    def run_status(self, run: int = 0) -> str:
        """The worst status over the issues of one run (round limit > cycling > converged).

        Parameters
        ----------
        run : the run

        Returns
        -------
        str
            The status in words.
        """
        return STATUS[int(self.status[run].max(initial=STATIC))]

    def share(self, code: int) -> float:
        """The share of runs in which at least one issue has status ``code``.

        Parameters
        ----------
        code : a status code

        Returns
        -------
        float
            The share, between 0 and 1.
        """
        return float((self.status == code).any(axis=1).mean())

    def records(self, issue_ids: tuple[str, ...] | list[str], run: int = 0) -> list[dict]:
        """One record per issue: status, period, since, mean, low, high (docs/json-output.md).

        Parameters
        ----------
        issue_ids : the issues, in order
        run : the run

        Returns
        -------
        list[dict]
            The records.
        """
        return [
            {
                "issue": issue,
                "status": STATUS[int(self.status[run, k])],
                "period": int(self.period[run, k]),
                "since": int(self.since[run, k]),
                "mean": float(self.mean[run, k]),
                "low": float(self.low[run, k]),
                "high": float(self.high[run, k]),
            }
            for k, issue in enumerate(issue_ids)
        ]

    def swings(self, run: int = 0) -> np.ndarray:
        """(issues,) True where a run cycles and the forecast moves within the cycle.

        Parameters
        ----------
        run : the run

        Returns
        -------
        numpy.ndarray
            (issues,) bool.
        """
        wide = self.high[run] - self.low[run] > 1e-9 * (1.0 + np.abs(self.mean[run]))
        return np.asarray((self.status[run] == CYCLING) & wide)

    def summary(self, issue_ids: tuple[str, ...] | list[str], run: int = 0) -> str:
        """A short line: the issues whose forecast cycles and those stopped at the round limit.

        Parameters
        ----------
        issue_ids : the issues, in order
        run : the run

        Returns
        -------
        str
            The line ('' when everything converged).
        """
        swing = self.swings(run)
        cycling = [i for k, i in enumerate(issue_ids) if swing[k]]
        moving = [i for k, i in enumerate(issue_ids) if self.status[run, k] == ROUND_LIMIT]
        parts = [f"cycling: {', '.join(cycling)}"] if cycling else []
        parts += [f"round limit: {', '.join(moving)}"] if moving else []
        return "; ".join(parts)

    def notes(self, model: str, issue_ids: tuple[str, ...] | list[str], run: int = 0) -> list[str]:
        """Sentences for the reader about every issue that did not converge (none if all did).

        Parameters
        ----------
        model : the model's name
        issue_ids : the issues, in order
        run : the run

        Returns
        -------
        list[str]
            The sentences.
        """
        swings = self.swings(run)
        cyc = self.status[run] == CYCLING
        cycling = [
            f"{issue} (period {int(self.period[run, k])} from round {int(self.since[run, k])}, "
            f"{self.low[run, k]:.1f} to {self.high[run, k]:.1f}, mean {self.mean[run, k]:.1f})"
            for k, issue in enumerate(issue_ids)
            if swings[k]
        ]
        steady = [i for k, i in enumerate(issue_ids) if cyc[k] and not swings[k]]
        moving = [i for k, i in enumerate(issue_ids) if self.status[run, k] == ROUND_LIMIT]
        out = []
        if cycling:
            out.append(
                f"{model} is cycling on {'; '.join(cycling)}: its last round is one phase of "
                "the cycle, so the forecast depends on when it stops; read the mean and range"
            )
        if steady:
            out.append(
                f"{model}: positions cycle on {', '.join(steady)}, but the forecast stays put"
            )
        if moving:
            out.append(
                f"{model} stopped at the round limit ({self.rounds}) with positions still moving "
                f"on {', '.join(moving)}: more rounds may change the forecast (--rounds)"
            )
        return out


def detect(
    positions: np.ndarray,
    forecast: np.ndarray,
    span: np.ndarray,
    settled: np.ndarray | None = None,
    tol: float = TOL,
    max_period: int = 12,
) -> Convergence:
    """Classify every run and issue of a trajectory.

    Parameters
    ----------
    positions : (rounds + 1, runs, actors, issues)
    forecast : (rounds + 1, runs, issues)
    span : (issues,) the width of each issue's scale (tolerances are shares of it)
    settled : (runs,) True where the model's own stopping rule ended the run early
    tol : largest change, as a share of the scale, that counts as no change
    max_period : longest cycle looked for

    Returns
    -------
    Convergence
    """
    t_last, runs, m = positions.shape[0] - 1, positions.shape[1], positions.shape[3]
    final = forecast[-1]
    status = np.full((runs, m), STATIC if t_last == 0 else ROUND_LIMIT, np.int8)
    period = np.zeros((runs, m), np.int64)
    since = np.full((runs, m), -1, np.int64)
    mean, low, high = final.copy(), final.copy(), final.copy()
    if t_last == 0:
        return Convergence(status, period, since, mean, low, high, 0)
    limit = np.asarray(span, float) * tol
    for p in range(1, min(max_period, max(1, t_last // 2)) + 1):
        same = _repeats(positions, p, limit)  # (rounds + 1 - p, runs, issues)
        holds = same[-p:].all(axis=0)
        if p == 1 and settled is not None:
            holds = holds | np.asarray(settled, bool)[:, None]
        new = holds & (period == 0)
        if not new.any():
            continue
        status[new] = CONVERGED if p == 1 else CYCLING
        period[new] = p
        since[new] = _start(same, p)[new]
        window = forecast[-p:]
        mean[new] = window.mean(axis=0)[new]
        low[new] = window.min(axis=0)[new]
        high[new] = window.max(axis=0)[new]
    return Convergence(status, period, since, mean, low, high, t_last)


def _repeats(positions: np.ndarray, p: int, limit: np.ndarray) -> np.ndarray:
    """Whether every actor's position at round t equals the one at t - p, for t = p .. rounds."""
    diff = np.abs(positions[p:] - positions[:-p])
    return (diff <= limit).all(axis=2)


def _start(same: np.ndarray, p: int) -> np.ndarray:
    """The first round from which the positions repeat with period p up to the last round.

    ``same[j]`` compares rounds j + p and j; if it holds for every j >= j0, the state is periodic
    from round j0. Where the last comparison fails (a model's stopping rule ended the run while
    it still moved a little) the answer is the last round.
    """
    tail = np.flip(np.cumprod(np.flip(same, axis=0), axis=0), axis=0).astype(bool)
    first = np.argmax(tail, axis=0)
    return np.where(tail[-1], first, same.shape[0] + p - 1)


def sample_final(
    forecast: np.ndarray, convergence: Convergence, rng: np.random.Generator
) -> np.ndarray:
    """Each run's final forecast with the stopping round drawn from the cycle where one cycles.

    One uniform draw per run picks the phase of every cycling issue (phase = floor(u * period)),
    so issues cycling in step stay in step. Runs without a cycle keep their last round.

    Parameters
    ----------
    forecast : (rounds + 1, runs, issues)
    convergence : its :class:`Convergence`
    rng : draws one number per run, always (so the stream does not depend on the outcome)

    Returns
    -------
    (runs, issues)
    """
    runs = forecast.shape[1]
    u = np.asarray(rng.random(runs), float)
    cycling = convergence.status == CYCLING
    phase = np.where(cycling, np.floor(u[:, None] * convergence.period).astype(np.int64), 0)
    last = forecast.shape[0] - 1
    picked = np.take_along_axis(forecast, (last - phase)[None], axis=0)[0]
    return np.asarray(picked, float)

"""The result of running a model: positions round by round and the forecast per issue."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.core.arrays import ScenarioArrays
from detente.core.convergence import Convergence, detect
from detente.core.stats import weighted_mean, weighted_median, weights

if TYPE_CHECKING:
    import pandas as pd

# A table as its columns, in order: what a model returns for the layers above to turn into a
# DataFrame (models import NumPy only).
Columns = dict[str, Any]


@dataclass(frozen=True)
class Trajectory:
    """Positions per round for a batch of runs, with the model's forecast per issue.

    Attributes
    ----------
    positions : (rounds + 1, runs, actors, issues); round 0 is the input
    forecast : (rounds + 1, runs, issues); the model's headline forecast each round
    median, mean : (rounds + 1, runs, issues); capability x salience weighted median and mean,
        computed when first read (an ensemble that keeps only the forecast never sorts)
    diagnostics : model-specific arrays or records (risk exponents, offers, bargains ...)
    span : (issues,) width of each issue's scale (None: the range of the input positions)
    settled : (runs,) True where the model's own stopping rule ended the run before the limit
    present : (rounds + 1, runs, actors) False once an actor has walked out (None: all stayed)
    weights : capability x salience (zero once an actor has walked out), broadcastable to
        ``positions``: what median and mean weigh
    """

    model: str
    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    positions: np.ndarray
    forecast: np.ndarray
    params: dict[str, Any] = field(default_factory=dict)
    diagnostics: dict[str, Any] = field(default_factory=dict)
    span: np.ndarray | None = None
    settled: np.ndarray | None = None
    present: np.ndarray | None = None
    weights: np.ndarray | None = field(default=None, repr=False, compare=False)

    @classmethod
    def from_positions(
        cls,
        model: str,
        arrays: ScenarioArrays,
        positions: np.ndarray,
        forecast: np.ndarray | None = None,
        params: dict[str, Any] | None = None,
        diagnostics: dict[str, Any] | None = None,
        salience: np.ndarray | None = None,
        settled: np.ndarray | None = None,
        present: np.ndarray | None = None,
    ) -> Trajectory:
        """Build a trajectory; its weighted median and mean are computed when first read.

        Parameters
        ----------
        model : the model's name
        arrays : the batch the model ran on
        positions : (rounds + 1, runs, actors, issues); round 0 is the input
        forecast : (rounds + 1, runs, issues) the model's forecast (default: the weighted median)
        params : the parameters the model ran with
        diagnostics : model-specific arrays or records
        salience : saliences per round (rounds + 1, runs, actors, issues) for models that change
            them (default: the input saliences)

        Returns
        -------
        Trajectory
            The trajectory.
        """
        sal = arrays.salience if salience is None else salience
        w = weights(arrays.capability, sal)
        if present is not None:
            w = w * present[..., None]
        traj = cls(
            model=model,
            actor_ids=arrays.actor_ids,
            issue_ids=arrays.issue_ids,
            positions=positions,
            forecast=np.empty(0) if forecast is None else forecast,
            params=dict(params or {}),
            diagnostics=dict(diagnostics or {}),
            span=arrays.scale_high - arrays.scale_low,
            settled=settled,
            present=present,
            weights=w,
        )
        if forecast is None:  # the median is the forecast: compute it now, once
            object.__setattr__(traj, "forecast", traj.median)
        return traj

    @cached_property
    def median(self) -> np.ndarray:
        """Capability x salience weighted median of every round, run and issue."""
        return weighted_median(self.positions, self._weights())

    @cached_property
    def mean(self) -> np.ndarray:
        """Capability x salience weighted mean of every round, run and issue."""
        return weighted_mean(self.positions, self._weights())

    def _weights(self) -> np.ndarray:
        w = np.ones(1) if self.weights is None else self.weights
        return np.broadcast_to(w, self.positions.shape)

    @property
    def rounds(self) -> int:
        """Number of rounds after the input (0 for static models)."""
        return int(self.positions.shape[0] - 1)

    @property
    def runs(self) -> int:
        """Number of runs in the batch."""
        return int(self.positions.shape[1])

    @cached_property
    def convergence(self) -> Convergence:
        """Per run and issue: converged, cycling (period, range) or stopped at the round limit."""
        span = self.span
        if span is None:
            first = self.positions[0]
            span = np.maximum((first.max(axis=1) - first.min(axis=1)).max(axis=0), 1e-12)
        return detect(self.positions, self.forecast, span, self.settled)

    @property
    def final(self) -> np.ndarray:
        """The final forecast per run and issue: (runs, issues)."""
        return self.forecast[-1]

    def final_of(self, run: int = 0) -> dict[str, float]:
        """The final forecast of one run as {issue id: value}.

        Parameters
        ----------
        run : which run of the batch

        Returns
        -------
        dict[str, float]
            {issue id: final forecast}.
        """
        return {i: float(v) for i, v in zip(self.issue_ids, self.forecast[-1, run], strict=True)}

    def to_frame(self, run: int | None = None) -> pd.DataFrame:
        """Every position as a tidy table: one row per run, round, actor and issue.

        Parameters
        ----------
        run : only this run of the batch (default: every run)

        Returns
        -------
        pandas.DataFrame
            Columns run, round, actor, issue, position; rows ordered by run, round, actor,
            issue. Needs pandas (imported here, not when the models run).
        """
        import pandas as pd

        positions = self.positions if run is None else self.positions[:, run : run + 1]
        rounds, runs, actors, issues = positions.shape
        first = 0 if run is None else run
        r, k, a, j = (idx.ravel() for idx in np.indices((runs, rounds, actors, issues)))
        return pd.DataFrame(
            {
                "run": r + first,
                "round": k,
                "actor": [self.actor_ids[i] for i in a],
                "issue": [self.issue_ids[i] for i in j],
                "position": positions.transpose(1, 0, 2, 3).ravel(),
            }
        )

"""Batched arrays: the only thing models see of a scenario.

Every array has a leading batch axis (Monte Carlo runs), so ten thousand perturbed copies of a
scenario are one call of a model, not ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np


@dataclass(frozen=True)
class ScenarioArrays:
    """Positions, saliences and capabilities of a batch of scenario copies.

    Attributes
    ----------
    position : (runs, actors, issues) float64, on each issue's own scale
    salience : (runs, actors, issues) float64 in [0, 1]
    capability : (runs, actors) float64 > 0
    scale_low, scale_high : (issues,) the ends of each issue's scale
    channels : (actors, actors) bool, True where two actors share a forum (diagonal True)
    forums : (forums, actors) bool membership
    reservation : (actors,) the utility below which an actor would rather walk out (reservation
        value less exit cost, on :mod:`detente.core.utility`'s 0-1 scale), NaN where none; None
        when no actor states one (then no model ever removes an actor)
    veto : (actors,) True where the talks fail without the actor; None when none is stated
    """

    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    position: np.ndarray
    salience: np.ndarray
    capability: np.ndarray
    scale_low: np.ndarray
    scale_high: np.ndarray
    forums: np.ndarray
    forum_ids: tuple[str, ...] = ()
    reservation: np.ndarray | None = None
    veto: np.ndarray | None = None
    channels: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        r, n, m = self.position.shape
        if self.salience.shape != (r, n, m) or self.capability.shape != (r, n):
            raise ValueError(
                f"inconsistent shapes: position {self.position.shape}, "
                f"salience {self.salience.shape}, capability {self.capability.shape}"
            )
        forums = np.asarray(self.forums, bool)
        channels = np.eye(forums.shape[1], dtype=bool)
        for member in forums:  # n x n booleans, never n x n integers
            channels |= member[:, None] & member[None, :]
        object.__setattr__(self, "channels", channels)

    @property
    def walkout(self) -> bool:
        """Whether any actor states a reservation value (dynamic models then apply walk-outs)."""
        return self.reservation is not None and bool(np.isfinite(self.reservation).any())

    @property
    def runs(self) -> int:
        """Number of runs in the batch (the leading axis)."""
        return int(self.position.shape[0])

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return int(self.position.shape[1])

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return int(self.position.shape[2])

    def take(self, runs: np.ndarray, actors: np.ndarray) -> ScenarioArrays:
        """The runs at ``runs`` with only the actors at ``actors`` (forums keep their rows).

        Parameters
        ----------
        runs : indices of the runs kept
        actors : indices of the actors kept

        Returns
        -------
        ScenarioArrays
            The smaller batch.
        """
        r, a = np.asarray(runs, np.int64), np.asarray(actors, np.int64)
        return replace(
            self,
            actor_ids=tuple(self.actor_ids[k] for k in a),
            position=self.position[r][:, a],
            salience=self.salience[r][:, a],
            capability=self.capability[r][:, a],
            forums=self.forums[:, a],
            reservation=None if self.reservation is None else self.reservation[a],
            veto=None if self.veto is None else self.veto[a],
        )

    def with_values(
        self,
        position: np.ndarray | None = None,
        salience: np.ndarray | None = None,
        capability: np.ndarray | None = None,
    ) -> ScenarioArrays:
        """A copy with some value arrays replaced (e.g. a perturbed batch).

        Parameters
        ----------
        position, salience, capability : new arrays of the documented shapes (None: keep)

        Returns
        -------
        ScenarioArrays
            The copy; ids, scales and forums are shared.
        """
        return replace(
            self,
            position=self.position if position is None else position,
            salience=self.salience if salience is None else salience,
            capability=self.capability if capability is None else capability,
        )

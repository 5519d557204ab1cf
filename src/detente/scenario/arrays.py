"""Batched arrays: the only thing models see of a scenario.

Every array has a leading batch axis (Monte Carlo runs), so ten thousand perturbed copies of a
scenario are one call of a model, not ten thousand.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from detente.scenario.schema import Scenario


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
    channels: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        r, n, m = self.position.shape
        if self.salience.shape != (r, n, m) or self.capability.shape != (r, n):
            raise ValueError(
                f"inconsistent shapes: position {self.position.shape}, "
                f"salience {self.salience.shape}, capability {self.capability.shape}"
            )
        member = self.forums.astype(np.int64)
        channels = (member.T @ member) > 0
        np.fill_diagonal(channels, True)
        object.__setattr__(self, "channels", channels)

    @property
    def runs(self) -> int:
        return int(self.position.shape[0])

    @property
    def n_actors(self) -> int:
        return int(self.position.shape[1])

    @property
    def n_issues(self) -> int:
        return int(self.position.shape[2])

    @classmethod
    def from_scenario(cls, scenario: Scenario, runs: int = 1) -> ScenarioArrays:
        """Stack the scenario's stances into arrays, repeated ``runs`` times along axis 0."""
        actors, issues = scenario.actor_ids, scenario.issue_ids
        pos = np.array([[scenario.stances[a][i].position for i in issues] for a in actors], float)
        sal = np.array([[scenario.stances[a][i].salience for i in issues] for a in actors], float)
        cap = np.array([a.capability for a in scenario.actors], float)
        forums = scenario.effective_forums()
        member = np.array([[a in f.members for a in actors] for f in forums], bool)
        return cls(
            actor_ids=tuple(actors),
            issue_ids=tuple(issues),
            position=np.repeat(pos[None], runs, axis=0),
            salience=np.repeat(sal[None], runs, axis=0),
            capability=np.repeat(cap[None], runs, axis=0),
            scale_low=np.array([i.scale.low for i in scenario.issues], float),
            scale_high=np.array([i.scale.high for i in scenario.issues], float),
            forums=member,
            forum_ids=tuple(f.id for f in forums),
        )

    def with_values(
        self,
        position: np.ndarray | None = None,
        salience: np.ndarray | None = None,
        capability: np.ndarray | None = None,
    ) -> ScenarioArrays:
        """A copy with some value arrays replaced (e.g. a perturbed batch)."""
        return replace(
            self,
            position=self.position if position is None else position,
            salience=self.salience if salience is None else salience,
            capability=self.capability if capability is None else capability,
        )

"""Input uncertainty: how far each position, salience and capability may plausibly be off.

A scenario may state an uncertainty per value (``Stance.position_sd``, ``Stance.salience_sd``,
``Actor.capability_sd``); values without one get a global default. Draws are clipped to the
admissible range, so a perturbed scenario is still a valid scenario.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.scenario import Scenario, ScenarioArrays


@dataclass(frozen=True)
class Perturbation:
    """Standard deviations of the noise added to a scenario's inputs.

    Parameters
    ----------
    position_sd : points on a 0-100 scale (rescaled to each issue's own range); default 10
    salience_sd : absolute, on the 0-1 salience scale; default 0.1
    capability_sd : relative (0.2 = 20 %), applied as a log-normal factor so capability stays > 0
    use_scenario : where the scenario states an sd for a value, use it instead of the default
    perception : add the actors' perception noise (:mod:`detente.analysis.perception`): None as
        the scenario declares (on where it has a ``perception`` block), True on, False off
    """

    position_sd: float = 10.0
    salience_sd: float = 0.1
    capability_sd: float = 0.2
    use_scenario: bool = True
    perception: bool | None = None

    def __post_init__(self) -> None:
        for name in ("position_sd", "salience_sd", "capability_sd"):
            if not getattr(self, name) >= 0:
                raise ValueError(f"Perturbation.{name} must be >= 0, not {getattr(self, name)}")

    def sds(self, scenario: Scenario) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The standard deviation of every value of the scenario.

        Parameters
        ----------
        scenario : the scenario (its stated sds win where ``use_scenario``)

        Returns
        -------
        tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]
            Position sds (actors, issues) in issue units, salience sds (actors, issues) and relative
            capability sds (actors,).
        """
        actors, issues = scenario.actor_ids, scenario.issue_ids
        span = np.array([i.scale.high - i.scale.low for i in scenario.issues], float)
        pos = np.broadcast_to(self.position_sd / 100.0 * span, (len(actors), len(issues))).copy()
        sal = np.full((len(actors), len(issues)), self.salience_sd)
        cap = np.full(len(actors), self.capability_sd)
        if self.use_scenario:
            stated_pos = np.array(
                [[scenario.stances[a][i].position_sd for i in issues] for a in actors], float
            )
            stated_sal = np.array(
                [[scenario.stances[a][i].salience_sd for i in issues] for a in actors], float
            )
            stated_cap = np.array([a.capability_sd / a.capability for a in scenario.actors])
            pos = np.where(stated_pos > 0, stated_pos, pos)
            sal = np.where(stated_sal > 0, stated_sal, sal)
            cap = np.where(stated_cap > 0, stated_cap, cap)
        if self.perceives(scenario):
            from detente.analysis.perception import perception_sds

            seen_pos, seen_sal = perception_sds(scenario)
            pos, sal = np.hypot(pos, seen_pos), np.hypot(sal, seen_sal)
        return pos, sal, cap

    def perceives(self, scenario: Scenario) -> bool:
        """Whether perception noise is added for this scenario.

        Parameters
        ----------
        scenario : the scenario

        Returns
        -------
        bool
            True when its perception settings add noise.
        """
        return scenario.perception is not None if self.perception is None else self.perception


NO_UNCERTAINTY = Perturbation(0.0, 0.0, 0.0, use_scenario=False)


def perturb_arrays(
    arrays: ScenarioArrays,
    sds: tuple[np.ndarray, np.ndarray, np.ndarray],
    rng: np.random.Generator,
) -> ScenarioArrays:
    """Add independent normal noise to every run of the batch, clipped to the admissible ranges.

    Positions and saliences get additive noise; capabilities a log-normal factor exp(sd * z).
    The three draws always happen in this order, so a seed fixes the whole batch.

    Parameters
    ----------
    arrays : the batch (every run a copy of the scenario)
    sds : position (actors, issues), salience (actors, issues) and relative capability (actors,)
        sds, as :meth:`Perturbation.sds` gives them
    rng : the random generator

    Returns
    -------
    ScenarioArrays
        The perturbed batch.
    """
    pos_sd, sal_sd, cap_sd = sds
    shape = arrays.position.shape
    position = arrays.position + pos_sd * rng.standard_normal(shape)
    position = np.clip(position, arrays.scale_low, arrays.scale_high)
    salience = np.clip(arrays.salience + sal_sd * rng.standard_normal(shape), 0.0, 1.0)
    capability = arrays.capability * np.exp(cap_sd * rng.standard_normal(arrays.capability.shape))
    return arrays.with_values(position=position, salience=salience, capability=capability)

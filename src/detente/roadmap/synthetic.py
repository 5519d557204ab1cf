"""Random roadmaps over a scenario's actors and issues, for property tests and benchmarks."""

from __future__ import annotations

import numpy as np

from detente.roadmap.schema import Roadmap
from detente.scenario.schema import Scenario


def random_roadmap(
    scenario: Scenario, stages: int, actions: int, rng: np.random.Generator | int = 0
) -> Roadmap:
    """A chain of ``stages`` stages of ``actions`` actions each, moving random issues by -10..20.

    Parameters
    ----------
    scenario : the scenario whose actors and issues it uses
    stages : how many stages
    actions : actions per stage
    rng : a generator or a seed

    Returns
    -------
    Roadmap
        The roadmap (for benchmarks and property tests).
    """
    rng = np.random.default_rng(rng)
    actors, issues = scenario.actor_ids, scenario.issue_ids
    plan = [
        {
            "id": f"s{k}",
            "requires": [f"s{k - 1}"] if k else [],
            "actions": [
                {
                    "id": f"s{k}a{j}",
                    "actor": actors[int(rng.integers(len(actors)))],
                    "what": "synthetic step",
                    "issue": issues[int(rng.integers(len(issues)))],
                    "shift": float(rng.integers(-10, 21)),
                }
                for j in range(actions)
            ],
        }
        for k in range(stages)
    ]
    return Roadmap.model_validate(
        {
            "id": "synthetic",
            "name": "Synthetic roadmap",
            "scenario": scenario,
            "principal": actors[0],
            "baseline": {i: 50.0 for i in issues},
            "stages": plan,
        }
    )

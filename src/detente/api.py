"""The public entry points: load a scenario, run a model on it, read the forecast."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from detente.core.trajectory import Trajectory
from detente.models.registry import get_model
from detente.scenario import Scenario, load_scenario


def _scenario(scenario: Scenario | str | Path) -> Scenario:
    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def simulate(
    scenario: Scenario | str | Path,
    model: str = "weighted-median",
    params: Mapping[str, Any] | None = None,
    seed: int | np.random.Generator | None = 0,
) -> Trajectory:
    """Run ``model`` on a scenario (object, bundled name or file) and return its trajectory."""
    s = _scenario(scenario)
    spec = get_model(model)
    merged = {**s.params.get(model, {}), **dict(params or {})}
    return spec(s.to_arrays(), merged, seed)


def forecast(
    scenario: Scenario | str | Path,
    model: str = "weighted-median",
    params: Mapping[str, Any] | None = None,
    seed: int | np.random.Generator | None = 0,
) -> dict[str, float]:
    """The model's final forecast per issue, as {issue id: value on the issue's scale}."""
    return simulate(scenario, model, params, seed).final_of(0)

"""The public entry points that run a model: simulate a scenario, forecast where it lands."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.core.trajectory import Trajectory
from detente.models.registry import get_model

if TYPE_CHECKING:
    from detente.results.forecast import ForecastResult
    from detente.scenario.schema import Scenario


def _scenario(scenario: Scenario | str | Path) -> Scenario:
    from detente.scenario.load import load_scenario
    from detente.scenario.schema import Scenario

    return scenario if isinstance(scenario, Scenario) else load_scenario(scenario)


def simulate(
    scenario: Scenario | str | Path,
    model: str = "weighted-median",
    params: Mapping[str, Any] | None = None,
    seed: int | np.random.Generator | None = 0,
) -> Trajectory:
    """Run a model on a scenario and return its trajectory.

    Parameters
    ----------
    scenario : a scenario, a bundled scenario's name or a file
    model : a registered model's name (``detente.list_models()``)
    params : the model's parameters (over the scenario's stored ones)
    seed : an int 0 or more, a ``numpy.random.Generator``, or None (fresh entropy)

    Returns
    -------
    Trajectory
        Positions per round of the one run, the forecast, weighted median and mean.
    """
    s = _scenario(scenario)
    spec = get_model(model)
    merged = {**s.params.get(model, {}), **dict(params or {})}
    return spec(s.to_arrays(), merged, seed)


def forecast(
    scenario: Scenario | str | Path,
    model: str = "weighted-median",
    params: Mapping[str, Any] | None = None,
    seed: int | None = 0,
) -> ForecastResult:
    """A model's forecast of where the talks land, per issue.

    Parameters
    ----------
    scenario : a scenario, a bundled scenario's name or a file
    model : a registered model's name
    params : the model's parameters (over the scenario's stored ones)
    seed : seed of the model's draws, 0 or more

    Returns
    -------
    ForecastResult
        A mapping {issue id: forecast} (so ``result["denuc_scope"]`` and ``dict(result)``
        work) with ``.table`` (issue, forecast, median, mean), ``.trajectory`` and the JSON
        ``.payload()``.
    """
    from detente.results import build_request, compute

    fields = {"scenario": _scenario(scenario), "model": model, "params": dict(params or {})}
    request = build_request("forecast", {**fields, "seed": seed})  # bad fields: RequestError
    result: ForecastResult = compute(request)  # type: ignore[assignment]
    return result

"""detente: model, simulate and forecast multilateral negotiations.

The public API lives here; everything else is an implementation detail that may move.
"""

from __future__ import annotations

from detente._version import __version__
from detente.analysis import backtest, breakdown, ensemble, influence, sensitivity, skill, whatif
from detente.api import forecast, load_scenario, simulate
from detente.core.trajectory import Trajectory
from detente.errors import DetenteError, ScenarioError
from detente.models.registry import get_model, list_models
from detente.scenario import Scenario, ScenarioArrays

__all__ = [
    "DetenteError",
    "Scenario",
    "ScenarioArrays",
    "ScenarioError",
    "Trajectory",
    "__version__",
    "backtest",
    "breakdown",
    "ensemble",
    "forecast",
    "get_model",
    "influence",
    "list_models",
    "load_scenario",
    "sensitivity",
    "simulate",
    "skill",
    "whatif",
]

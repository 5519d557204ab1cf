"""detente: model, simulate and forecast multilateral negotiations.

The public API lives here; everything else is an implementation detail that may move.
"""

from __future__ import annotations

__version__ = "0.1.0"

from detente.analysis import backtest, ensemble, influence, sensitivity, whatif
from detente.api import forecast, load_scenario, simulate
from detente.errors import DetenteError, ScenarioError
from detente.models.registry import get_model, list_models
from detente.models.trajectory import Trajectory
from detente.scenario import Scenario, ScenarioArrays

__all__ = [
    "DetenteError",
    "Scenario",
    "ScenarioArrays",
    "ScenarioError",
    "Trajectory",
    "__version__",
    "backtest",
    "ensemble",
    "forecast",
    "get_model",
    "influence",
    "list_models",
    "load_scenario",
    "sensitivity",
    "simulate",
    "whatif",
]

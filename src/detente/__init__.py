"""detente: model, simulate and forecast multilateral negotiations.

The public API lives here (documented in docs/api.md); everything else is an implementation
detail that may move. Names load on first use (PEP 562), so ``import detente`` is cheap and
pulls in neither pandas nor pydantic until a name that needs them is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente._lazy import lazy_names
from detente._version import __version__

_WHERE = {
    "DetenteError": "detente.errors",
    "ScenarioError": "detente.errors",
    "Scenario": "detente.scenario.schema",
    "ScenarioArrays": "detente.core.arrays",
    "Trajectory": "detente.core.trajectory",
    "load_scenario": "detente.scenario.load",
    "save_scenario": "detente.scenario.load",
    "get_model": "detente.models.registry",
    "list_models": "detente.models.registry",
    "simulate": "detente.api",
    "forecast": "detente.api",
    "ensemble": "detente.analysis.ensemble",
    "sensitivity": "detente.analysis.sensitivity",
    "whatif": "detente.analysis.whatif",
    "influence": "detente.analysis.influence",
    "backtest": "detente.analysis.backtest",
    "breakdown": "detente.analysis.breakdown",
    "skill": "detente.analysis.skill",
}
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
    "save_scenario",
    "sensitivity",
    "simulate",
    "skill",
    "whatif",
]
__getattr__, _dir = lazy_names(__name__, _WHERE)


def __dir__() -> list[str]:
    return sorted({*_dir(), "__version__"})


if TYPE_CHECKING:
    from detente.analysis.backtest import backtest
    from detente.analysis.breakdown import breakdown
    from detente.analysis.ensemble import ensemble
    from detente.analysis.influence import influence
    from detente.analysis.sensitivity import sensitivity
    from detente.analysis.skill import skill
    from detente.analysis.whatif import whatif
    from detente.api import forecast, simulate
    from detente.core.arrays import ScenarioArrays
    from detente.core.trajectory import Trajectory
    from detente.errors import DetenteError, ScenarioError
    from detente.models.registry import get_model, list_models
    from detente.scenario.load import load_scenario, save_scenario
    from detente.scenario.schema import Scenario

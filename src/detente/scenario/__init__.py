"""Scenarios: the typed, validated description of a negotiation, and its file formats.

Names load on first use (PEP 562): importing one reader does not import them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente._lazy import lazy_names

_SCHEMA = "detente.scenario.schema"
_LOAD = "detente.scenario.load"
_WHERE = {
    "Actor": _SCHEMA,
    "Forum": _SCHEMA,
    "Issue": _SCHEMA,
    "Outcome": _SCHEMA,
    "Scale": _SCHEMA,
    "Scenario": _SCHEMA,
    "Source": _SCHEMA,
    "Stance": _SCHEMA,
    "schema_json": _SCHEMA,
    "ScenarioArrays": "detente.core.arrays",
    "Loaded": _LOAD,
    "load_scenario": _LOAD,
    "read": _LOAD,
    "save_scenario": _LOAD,
}
__all__ = [
    "Actor",
    "Forum",
    "Issue",
    "Loaded",
    "Outcome",
    "Scale",
    "Scenario",
    "ScenarioArrays",
    "Source",
    "Stance",
    "load_scenario",
    "read",
    "save_scenario",
    "schema_json",
]
__getattr__, __dir__ = lazy_names(__name__, _WHERE)

if TYPE_CHECKING:
    from detente.core.arrays import ScenarioArrays
    from detente.scenario.load import Loaded, load_scenario, read, save_scenario
    from detente.scenario.schema import (
        Actor,
        Forum,
        Issue,
        Outcome,
        Scale,
        Scenario,
        Source,
        Stance,
        schema_json,
    )

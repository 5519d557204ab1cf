"""Scenarios: the typed, validated description of a negotiation, and its file formats."""

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

"""Phased 'action for action' roadmaps: plan, track, account for aid, and check incentives.

A roadmap (:class:`Roadmap`) is a list of stages of actions against the parties of a scenario.
:func:`status` replays its events to any date, :func:`ledger` balances pledges against
deliveries, :func:`check` asks at every stage whether each party would rather carry on or stop,
and :func:`optimize` searches reorderings and splits for the sequence that is hardest to break.
"""

from detente.roadmap.incentives import IncentiveCheck, Plan, check, utility
from detente.roadmap.ledger import ledger
from detente.roadmap.load import LoadedRoadmap, bundled_roadmaps, load_roadmap, read_roadmap
from detente.roadmap.optimize import Optimized, optimize
from detente.roadmap.schema import Action, Event, Requirement, Roadmap, Stage
from detente.roadmap.tracking import actions_table, groups_table, status

__all__ = [
    "Action",
    "Event",
    "IncentiveCheck",
    "LoadedRoadmap",
    "Optimized",
    "Plan",
    "Requirement",
    "Roadmap",
    "Stage",
    "actions_table",
    "bundled_roadmaps",
    "check",
    "groups_table",
    "ledger",
    "load_roadmap",
    "optimize",
    "read_roadmap",
    "status",
    "utility",
]

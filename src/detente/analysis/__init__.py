"""Analyses: the same questions for every registered model, answered as tidy pandas tables.

ensemble (how sure), sensitivity (what moves it), whatif (what if ...), influence (who moves it),
backtest and skill (would it have called the past), breakdown (who walks out, will the talks
collapse). None of them special-cases a model.
"""

from detente.analysis.backtest import backtest, summarize
from detente.analysis.breakdown import BreakdownResult, breakdown
from detente.analysis.ensemble import EnsembleResult, Threshold, ensemble
from detente.analysis.influence import influence
from detente.analysis.perturb import NO_UNCERTAINTY, Perturbation
from detente.analysis.sensitivity import sensitivity, tornado_figure
from detente.analysis.skill import SkillResult, skill
from detente.analysis.whatif import apply_changes, load_changes, parse_changes, whatif

__all__ = [
    "NO_UNCERTAINTY",
    "BreakdownResult",
    "EnsembleResult",
    "Perturbation",
    "SkillResult",
    "Threshold",
    "apply_changes",
    "backtest",
    "breakdown",
    "ensemble",
    "influence",
    "load_changes",
    "parse_changes",
    "sensitivity",
    "skill",
    "summarize",
    "tornado_figure",
    "whatif",
]

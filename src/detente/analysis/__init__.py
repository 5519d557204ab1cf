"""Analyses: the same questions for every registered model, answered as typed, tidy results.

ensemble (how sure), sensitivity (what moves it), whatif (what if ...), influence (who moves it),
backtest (would it have called the past), breakdown (who walks out, will the talks collapse).
None of them special-cases a model. Every analysis has the signature ``(scenario, model, *,
params, seed, executor, ...)`` and returns a frozen dataclass of tidy pandas tables (nothing
hidden in ``DataFrame.attrs``); skill, which back-tests every model on several scenarios at once,
takes the targets and the models instead.
"""

from detente.analysis.backtest import Backtest, backtest, summarize
from detente.analysis.breakdown import Breakdown, breakdown
from detente.analysis.ensemble import Ensemble, Threshold, ensemble
from detente.analysis.influence import Influence, influence
from detente.analysis.perturb import NO_UNCERTAINTY, Perturbation
from detente.analysis.sensitivity import Sensitivity, sensitivity
from detente.analysis.skill import SkillResult, skill
from detente.analysis.whatif import WhatIf, apply_changes, load_changes, parse_changes, whatif

__all__ = [
    "NO_UNCERTAINTY",
    "Backtest",
    "Breakdown",
    "Ensemble",
    "Influence",
    "Perturbation",
    "Sensitivity",
    "SkillResult",
    "Threshold",
    "WhatIf",
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
    "whatif",
]

"""Futures: cross-impact balance (CIB) scenarios, and where the talks land in each.

Descriptors with variants and a matrix of judgements (:class:`CrossImpactMatrix`, read from YAML
or ScenarioWizard files by :func:`read_futures`); the scores (:mod:`.scores`); the exact search
for every scenario within an inconsistency (:func:`solve`); succession, attractors and basins
(:func:`path`, :func:`basins`) and the Monte Carlo search (:func:`monte_carlo`); ensembles of
experts' matrices (:func:`expert_ensemble`); judgement sensitivity
(:func:`judgement_sensitivity`); and the bridge to the negotiation models (:func:`scenario_tree`).
"""

from detente.futures.basins import Attractor, Basins, basins, monte_carlo
from detente.futures.experts import ExpertEnsemble, expert_ensemble
from detente.futures.load import Futures, bundled_futures, read_futures, save_futures
from detente.futures.matrix import CrossImpactMatrix, Descriptor
from detente.futures.scenariowizard import read_scw, read_sl, write_scw
from detente.futures.schema import FuturesSpec, schema_json
from detente.futures.scores import (
    balances,
    inconsistency,
    is_consistent,
    score,
    total_impact_score,
)
from detente.futures.search import solve
from detente.futures.sensitivity import fragile_judgements, judgement_sensitivity
from detente.futures.solution import SolutionSet
from detente.futures.succession import Path, path, step
from detente.futures.tree import ScenarioTree, scenario_tree

__all__ = [
    "Attractor",
    "Basins",
    "CrossImpactMatrix",
    "Descriptor",
    "ExpertEnsemble",
    "Futures",
    "FuturesSpec",
    "Path",
    "ScenarioTree",
    "SolutionSet",
    "balances",
    "basins",
    "bundled_futures",
    "expert_ensemble",
    "fragile_judgements",
    "inconsistency",
    "is_consistent",
    "judgement_sensitivity",
    "monte_carlo",
    "path",
    "read_futures",
    "read_scw",
    "read_sl",
    "save_futures",
    "scenario_tree",
    "schema_json",
    "score",
    "solve",
    "step",
    "total_impact_score",
    "write_scw",
]

"""Futures: cross-impact balance (CIB) scenarios, and where the talks land in each.

Descriptors with variants and a matrix of judgements (:class:`CrossImpactMatrix`, read from YAML
or ScenarioWizard files by :func:`read_futures`); the scores (:mod:`.scores`); the exact search
for every scenario within an inconsistency (:func:`solve`); succession, attractors and basins
(:func:`path`, :func:`basins`) and the Monte Carlo search (:func:`monte_carlo`); ensembles of
experts' matrices (:func:`expert_ensemble`); judgement sensitivity
(:func:`judgement_sensitivity`); and the bridge to the negotiation models (:func:`scenario_tree`).
Names load on first use (PEP 562), so importing the package is cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from detente._lazy import lazy_names

_WHERE = {
    "Attractor": "detente.futures.attractors",
    "Basins": "detente.futures.attractors",
    "CrossImpactMatrix": "detente.futures.matrix",
    "Descriptor": "detente.futures.matrix",
    "ExpertEnsemble": "detente.futures.experts",
    "Futures": "detente.futures.load",
    "FuturesSpec": "detente.futures.schema",
    "Path": "detente.futures.succession",
    "ScenarioTree": "detente.futures.tree",
    "SolutionSet": "detente.futures.solution",
    "balances": "detente.futures.scores",
    "basins": "detente.futures.attractors",
    "bundled_futures": "detente.futures.load",
    "expert_ensemble": "detente.futures.experts",
    "fragile_judgements": "detente.futures.sensitivity",
    "inconsistency": "detente.futures.scores",
    "is_consistent": "detente.futures.scores",
    "judgement_sensitivity": "detente.futures.sensitivity",
    "monte_carlo": "detente.futures.attractors",
    "path": "detente.futures.succession",
    "read_futures": "detente.futures.load",
    "read_scw": "detente.futures.scenariowizard",
    "read_sl": "detente.futures.scenariowizard",
    "save_futures": "detente.futures.load",
    "scenario_tree": "detente.futures.tree",
    "schema_json": "detente.futures.schema",
    "score": "detente.futures.scores",
    "solve": "detente.futures.search",
    "step": "detente.futures.succession",
    "total_impact_score": "detente.futures.scores",
    "write_scw": "detente.futures.scenariowizard",
}
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
__getattr__, __dir__ = lazy_names(__name__, _WHERE)

if TYPE_CHECKING:
    from detente.futures.attractors import Attractor, Basins, basins, monte_carlo
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

"""Ensembles of matrices: several experts judge the same descriptors, each in their own matrix.

A scenario's *robustness* is the number of experts' matrices in which it is consistent
(Weimer-Jehle 2006, section 6, "ensemble evaluation"; ScenarioWizard's ensemble mode). The pooled
matrix, the mean of the experts' judgements, is solved too: a scenario may be consistent for
the group without being consistent for any one expert.

References
----------
Weimer-Jehle, W. (2006). Cross-impact balances: a system-theoretical approach to cross-impact
analysis. Technological Forecasting and Social Change 73(4), 334-361.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from detente.errors import ModelError
from detente.futures.matrix import CrossImpactMatrix, same_layout
from detente.futures.scores import TOLERANCE, inconsistency, total_impact_score
from detente.futures.search import solve
from detente.futures.solution import number


@dataclass(frozen=True)
class ExpertEnsemble:
    """The scenarios consistent for any expert or for the pooled matrix, with robustness.

    Attributes
    ----------
    experts : each expert's name
    matrices : each expert's matrix (same descriptors and variants)
    pooled : the mean matrix
    local : (m, n) the scenarios, most robust first
    inconsistency : (m, experts) each scenario's inconsistency in each expert's matrix
    pooled_inconsistency : (m,)
    pooled_score : (m,) total impact score in the pooled matrix
    max_inconsistency : the k that counts as consistent
    """

    experts: tuple[str, ...]
    matrices: tuple[CrossImpactMatrix, ...]
    pooled: CrossImpactMatrix
    local: np.ndarray
    inconsistency: np.ndarray
    pooled_inconsistency: np.ndarray
    pooled_score: np.ndarray
    max_inconsistency: float

    @property
    def consistent(self) -> np.ndarray:
        """(m, experts) whether each scenario is consistent in each expert's matrix."""
        return self.inconsistency <= self.max_inconsistency + TOLERANCE

    @property
    def robustness(self) -> np.ndarray:
        """(m,) number of experts' matrices in which each scenario is consistent."""
        return self.consistent.sum(axis=1)

    def table(self) -> pd.DataFrame:
        """One row per scenario: variants, robustness, pooled scores, one column per expert.

        Returns
        -------
        pandas.DataFrame
            Columns scenario, the descriptors, robustness, pooled_consistent,
            pooled_total_impact_score and one true/false column per expert.
        """
        matrix = self.pooled
        frame = pd.DataFrame([matrix.variant_ids(r) for r in self.local], columns=matrix.ids)
        frame.insert(0, "scenario", [f"E{k + 1}" for k in range(len(self.local))])
        frame["robustness"] = self.robustness
        frame["pooled_consistent"] = self.pooled_inconsistency <= (
            self.max_inconsistency + TOLERANCE
        )
        frame["pooled_total_impact_score"] = self.pooled_score
        for e, name in enumerate(self.experts):
            frame[name] = self.consistent[:, e]
        return frame

    def payload(self) -> dict[str, Any]:
        """The JSON shape of ``detente futures solve`` with several experts (docs/json-output.md).

        Returns
        -------
        dict
            experts, max_inconsistency, descriptors and scenarios (id, variants, robustness,
            consistent_for, pooled_inconsistency, pooled_total_impact_score).
        """
        integer = self.pooled.is_integer
        return {
            "experts": list(self.experts),
            "max_inconsistency": self.max_inconsistency,
            "descriptors": [
                {"id": d.id, "variants": list(d.variants)} for d in self.pooled.descriptors
            ],
            "scenarios": [
                {
                    "id": f"E{k + 1}",
                    "variants": self.pooled.variant_ids(row),
                    "robustness": int(self.robustness[k]),
                    "consistent_for": [
                        name for e, name in enumerate(self.experts) if self.consistent[k, e]
                    ],
                    "pooled_inconsistency": number(self.pooled_inconsistency[k], integer),
                    "pooled_total_impact_score": number(self.pooled_score[k], integer),
                }
                for k, row in enumerate(self.local)
            ],
        }


def expert_ensemble(
    matrices: Sequence[CrossImpactMatrix],
    experts: Sequence[str] | None = None,
    max_inconsistency: float = 0.0,
    method: str = "auto",
) -> ExpertEnsemble:
    """Solve each expert's matrix and the pooled one; score every scenario found in each.

    Parameters
    ----------
    matrices : one matrix per expert, all with the same descriptors and variants
    experts : their names (default: each matrix's source)
    max_inconsistency : k; a scenario counts as consistent for an expert at inconsistency <= k
    method : 'auto', 'numba' or 'numpy'

    Returns
    -------
    ExpertEnsemble
        Every scenario consistent for some expert or for the pooled matrix, most robust first
        (Weimer-Jehle 2006, section 6).
    """
    if not matrices:
        raise ModelError("an ensemble needs at least one expert's matrix")
    same_layout(matrices)
    names = tuple(experts) if experts is not None else tuple(m.source for m in matrices)
    if len(names) != len(matrices) or len(set(names)) != len(names):
        raise ModelError("give one distinct name per expert's matrix")
    first = matrices[0]
    pooled = CrossImpactMatrix(
        first.descriptors,
        np.mean([m.values for m in matrices], axis=0),
        "pooled",
        self_impact=any(m.self_impact for m in matrices),
    )
    found = [solve(m, max_inconsistency, method=method).local for m in (*matrices, pooled)]
    local = np.unique(np.concatenate(found), axis=0)
    per_expert = np.stack([inconsistency(m, local) for m in matrices], axis=1)
    pooled_inc = inconsistency(pooled, local)
    pooled_tis = total_impact_score(pooled, local)
    robust = (per_expert <= max_inconsistency + TOLERANCE).sum(axis=1)
    order = np.lexsort((-pooled_tis, pooled_inc, -robust))
    return ExpertEnsemble(
        names,
        tuple(matrices),
        pooled,
        local[order],
        per_expert[order],
        pooled_inc[order],
        pooled_tis[order],
        float(max_inconsistency),
    )

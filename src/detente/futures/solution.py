"""A set of scenarios found by a search, with their scores, as tables and as JSON."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from detente.futures.matrix import CrossImpactMatrix
from detente.futures.scores import Scored


def number(value: float, integer: bool) -> float | int:
    """A score as written: a whole number where the judgements are whole numbers.

    Parameters
    ----------
    value : the score
    integer : whether every judgement of the matrix is a whole number

    Returns
    -------
    float or int
        ``value`` rounded to an int when ``integer``, else as a float.
    """
    return round(value) if integer else float(value)


@dataclass(frozen=True)
class SolutionSet:
    """Scenarios of one matrix with their inconsistency and total impact score.

    Attributes
    ----------
    matrix : the matrix searched
    local : (m, n) chosen variant of each descriptor (0-based within the descriptor)
    inconsistency, total_impact_score : (m,)
    max_inconsistency : the k of the search
    method : 'exact' or 'monte-carlo'
    nodes : search nodes visited (exact) or succession starts drawn (Monte Carlo)
    complete : whether the set is certainly complete
    note : why it is not complete, or how complete a Monte Carlo search is likely to be
    """

    matrix: CrossImpactMatrix
    local: np.ndarray
    inconsistency: np.ndarray
    total_impact_score: np.ndarray
    max_inconsistency: float
    method: str
    nodes: int
    complete: bool
    note: str = ""

    @classmethod
    def sorted(cls, matrix: CrossImpactMatrix, scored: Scored, **info: Any) -> SolutionSet:
        """A set in the standard order: least inconsistent first, then highest total impact score,
        then by variants.

        Parameters
        ----------
        matrix : the matrix searched
        scored : the scenarios with their scores, in any order
        **info : the remaining fields (max_inconsistency, method, nodes, complete, note)

        Returns
        -------
        SolutionSet
            The sorted set.
        """
        keys = [scored.local[:, j] for j in range(scored.local.shape[1] - 1, -1, -1)]
        order = np.lexsort([*keys, -scored.total_impact_score, scored.inconsistency])
        return cls(
            matrix,
            scored.local[order],
            scored.inconsistency[order],
            scored.total_impact_score[order],
            **info,
        )

    def __len__(self) -> int:
        return int(self.local.shape[0])

    @property
    def labels(self) -> list[str]:
        """Short names of the scenarios: S1, S2, ... in the set's order."""
        return [f"S{k + 1}" for k in range(len(self))]

    def scenarios(self) -> list[dict[str, str]]:
        """Each scenario as {descriptor id: variant id}.

        Returns
        -------
        list[dict[str, str]]
            One mapping per scenario, in the set's order.
        """
        return [self.matrix.variant_ids(row) for row in self.local]

    def table(self) -> pd.DataFrame:
        """One row per scenario: its label, one column per descriptor, and the two scores.

        Returns
        -------
        pandas.DataFrame
            Columns ``scenario``, the descriptor ids, ``inconsistency``, ``total_impact_score``.
        """
        integer = self.matrix.is_integer
        frame = pd.DataFrame(self.scenarios(), columns=self.matrix.ids)
        frame.insert(0, "scenario", self.labels)
        frame["inconsistency"] = [number(v, integer) for v in self.inconsistency]
        frame["total_impact_score"] = [number(v, integer) for v in self.total_impact_score]
        return frame

    def payload(self) -> dict[str, Any]:
        """The JSON shape of ``detente futures solve`` (docs/json-output.md).

        Returns
        -------
        dict
            source, method, max_inconsistency, combinations, nodes, complete, note, descriptors and
            scenarios (id, variants, total_impact_score, inconsistency).
        """
        integer = self.matrix.is_integer
        return {
            "source": self.matrix.source,
            "method": self.method,
            "max_inconsistency": number(self.max_inconsistency, integer),
            "combinations": self.matrix.combinations,
            "nodes": self.nodes,
            "complete": self.complete,
            "note": self.note,
            "descriptors": [
                {"id": d.id, "variants": list(d.variants)} for d in self.matrix.descriptors
            ],
            "scenarios": [
                {
                    "id": label,
                    "variants": variants,
                    "total_impact_score": number(tis, integer),
                    "inconsistency": number(inc, integer),
                }
                for label, variants, tis, inc in zip(
                    self.labels,
                    self.scenarios(),
                    self.total_impact_score,
                    self.inconsistency,
                    strict=True,
                )
            ],
        }

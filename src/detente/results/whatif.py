"""The what-if kind: the forecast before and after declarative changes to the scenario."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import pandas as pd
from pydantic import Field, field_validator

from detente.analysis.perturb import Perturbation
from detente.analysis.whatif import whatif
from detente.errors import DetenteError
from detente.results.registry import Kind, register_kind
from detente.results.request import ModelRequest
from detente.results.result import Context, Result, Tables, plain, records
from detente.scenario.change_forms import parse_change
from detente.scenario.schema import Scenario


class WhatIfRequest(ModelRequest):
    """Forecast before and after changes, with an ensemble's interval after them.

    Attributes
    ----------
    changes : the changes in the what-if language (``"open-forum US,RUS"``), or mappings;
        kept as their canonical text
    runs : runs of the ensembles before and after (0: none)
    perception : perception noise in the ensembles (None: as the scenario declares)
    """

    kind: Literal["whatif"] = "whatif"
    changes: list[str] = Field(min_length=1)
    runs: int = Field(1000, ge=0)
    perception: bool | None = None

    @field_validator("changes", mode="before")
    @classmethod
    def _canonical(cls, changes: Any) -> Any:
        if not isinstance(changes, Sequence) or isinstance(changes, str):
            return changes
        try:
            return [parse_change(item).to_text() for item in changes]
        except DetenteError as exc:
            raise ValueError(str(exc)) from None


@dataclass(frozen=True, eq=False, repr=False)
class WhatIfResult(Result[WhatIfRequest]):
    """The forecast per issue before and after the changes.

    Attributes
    ----------
    request : the resolved request
    table : columns issue, before, after, shift, before_median, after_median, median_shift,
        before_p05, before_p95, after_p05, after_p95
    notes : what each change did, and why a change had no effect
    collapse : P(collapse) before and after, where actors state reservation values
    """

    table: pd.DataFrame
    notes: list[str] = field(default_factory=list)
    collapse: dict[str, Any] = field(default_factory=dict)

    def tables(self) -> Tables:
        """The stored table: ``whatif``.

        Returns
        -------
        dict[str, pandas.DataFrame]
            ``{"whatif": self.table}``.
        """
        return {"whatif": self.table}

    def changed_scenario(self) -> Scenario:
        """The scenario after the changes (presets expanded), as the "after" runs used it.

        Returns
        -------
        Scenario
            The request's scenario with every change applied.
        """
        from detente.scenario.editing import apply_changes

        return apply_changes(self.request.loaded, self.request.changes)

    def payload(self) -> dict[str, Any]:
        """The what-if JSON (docs/json-output.md).

        Returns
        -------
        dict[str, Any]
            scenario, model, runs, seed, changes (as text), issues, notes and collapse.
        """
        r = self.request
        return plain({"scenario": r.loaded.id, "model": r.model, "runs": r.runs, "seed": r.seed,
                      "changes": r.changes, "issues": records(self.table),
                      "notes": list(self.notes), "collapse": dict(self.collapse)})  # fmt: skip


def compute_whatif(request: WhatIfRequest, context: Context) -> WhatIfResult:
    """The what-if kind's compute function (:func:`detente.analysis.whatif`).

    Parameters
    ----------
    request : a resolved what-if request
    context : executor, progress (runs of the ensemble) and cancel

    Returns
    -------
    WhatIfResult
        The before and after table.
    """
    out = whatif(
        request.loaded, request.model, changes=request.changes, params=request.params,
        seed=request.seed, runs=request.runs, perturb=Perturbation(perception=request.perception),
        shared=context.shared, **context.hooks(),
    )  # fmt: skip
    return WhatIfResult(request, out.table, out.notes, out.collapse)


register_kind(
    Kind(WhatIfRequest, compute_whatif, "The forecast before and after changes to the scenario.")
)

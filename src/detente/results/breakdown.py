"""The breakdown kind: who would walk out, how likely the talks are to collapse, what is left."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from pydantic import Field

from detente.analysis.breakdown import SCALE, SCALE_SD, SHIFT, Breakdown, breakdown
from detente.analysis.perturb import Perturbation
from detente.results.registry import Kind, register_kind
from detente.results.request import ModelRequest
from detente.results.result import Context, Result, Tables, plain


class BreakdownRequest(ModelRequest):
    """Walk-out probabilities and P(collapse) from a model's forecast and an ensemble.

    Attributes
    ----------
    runs : ensemble runs (0: the point forecast only)
    perturb : the ensemble's input uncertainty (its ``perception`` switch included)
    scale, scale_sd : the walk-out rule's logistic scale and its log-normal sd across runs
    shift : the reservation-value step of the sensitivity table
    """

    kind: Literal["breakdown"] = "breakdown"
    runs: int = Field(1000, ge=0)
    perturb: Perturbation = Perturbation()
    scale: float = Field(SCALE, gt=0)
    scale_sd: float = Field(SCALE_SD, ge=0)
    shift: float = Field(SHIFT, gt=0, lt=1)


@dataclass(frozen=True, eq=False)
class BreakdownResult(Result[BreakdownRequest]):
    """A breakdown (:class:`detente.analysis.breakdown.Breakdown`) for one model.

    Attributes
    ----------
    request : the resolved request
    breakdown : the actors, issues, sensitivity and sweep tables, P(collapse) and notes
    """

    breakdown: Breakdown

    def tables(self) -> Tables:
        """The stored tables: ``collapse`` (one row), ``actors``, ``issues``, ``sensitivity``
        and ``sweep``.

        Returns
        -------
        dict[str, pandas.DataFrame]
            The tables by name.
        """
        b = self.breakdown
        collapse = pd.DataFrame([{**b.collapse, "first": b.first}])
        tables = {"collapse": collapse, "actors": b.actors, "issues": b.issues, "sweep": b.sweep}
        if not b.sensitivity.empty:
            tables["sensitivity"] = b.sensitivity
        return tables

    def payload(self) -> dict[str, Any]:
        """The breakdown JSON (docs/json-output.md).

        Returns
        -------
        dict[str, Any]
            scenario, model, runs, seed, scale, scale_sd, collapse, first, actors, issues,
            sensitivity, sweep, notes and convergence.
        """
        return dict(plain(self.breakdown.payload()))


def compute_breakdown(request: BreakdownRequest, context: Context) -> BreakdownResult:
    """The breakdown kind's compute function (:func:`detente.analysis.breakdown.breakdown`).

    Parameters
    ----------
    request : a resolved breakdown request
    context : executor, progress (runs of the ensemble) and cancel

    Returns
    -------
    BreakdownResult
        The breakdown.
    """
    out = breakdown(
        request.loaded, request.model, params=request.params, seed=request.seed,
        runs=request.runs, perturb=request.perturb, scale=request.scale,
        scale_sd=request.scale_sd, shift=request.shift, **context.hooks(),
    )  # fmt: skip
    return BreakdownResult(request, out)


register_kind(
    Kind(
        BreakdownRequest,
        compute_breakdown,
        "Who would walk out and how likely the talks are to collapse.",
    )
)

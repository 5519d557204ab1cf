"""The influence kind: how much each actor moves each issue's forecast."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from pydantic import Field

from detente.analysis.influence import Influence, influence
from detente.results.registry import Kind, register_kind
from detente.results.request import ModelRequest
from detente.results.result import Context, Result, Tables, plain, records


class InfluenceRequest(ModelRequest):
    """Each actor's Shapley value (or leave-one-out effect) on each issue's forecast.

    Attributes
    ----------
    method : 'shapley' or 'loo'
    samples : sample this many random orders instead of exact Shapley values
    """

    kind: Literal["influence"] = "influence"
    method: Literal["shapley", "loo"] = "shapley"
    samples: int | None = Field(None, ge=2)


@dataclass(frozen=True, eq=False, repr=False)
class InfluenceResult(Result[InfluenceRequest]):
    """Each actor's influence on each issue's forecast.

    Attributes
    ----------
    request : the resolved request
    influence : the values, the forecast and the empty-table reference
    """

    influence: Influence

    @property
    def values(self) -> pd.DataFrame:
        """Columns actor, issue, value, method, stderr.

        Returns
        -------
        pandas.DataFrame
            The influence values.
        """
        return self.influence.values

    def tables(self) -> Tables:
        """The stored table: ``influence`` (the values).

        Returns
        -------
        dict[str, pandas.DataFrame]
            ``{"influence": self.values}``.
        """
        return {"influence": self.values}

    def payload(self) -> dict[str, Any]:
        """The influence JSON (docs/json-output.md).

        Returns
        -------
        dict[str, Any]
            scenario, model, method, forecast, reference and values.
        """
        i, r = self.influence, self.request
        return plain({"scenario": r.loaded.id, "model": r.model, "method": i.method,
                      "forecast": i.forecast, "reference": i.reference,
                      "values": records(i.values)})  # fmt: skip


def compute_influence(request: InfluenceRequest, context: Context) -> InfluenceResult:
    """The influence kind's compute function (:func:`detente.analysis.influence`).

    Parameters
    ----------
    request : a resolved influence request
    context : executor, progress and cancel

    Returns
    -------
    InfluenceResult
        The values per actor and issue.
    """
    out = influence(
        request.loaded, request.model, params=request.params, seed=request.seed,
        method=request.method, samples=request.samples, **context.hooks(),
    )  # fmt: skip
    return InfluenceResult(request, out)


register_kind(
    Kind(
        InfluenceRequest,
        compute_influence,
        "How much each actor moves each issue's forecast (Shapley values or leave-one-out).",
    )
)

"""The sensitivity kind: which inputs move a model's forecast most, ranked per issue."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pandas as pd
from pydantic import Field

from detente.analysis.perturb import Perturbation
from detente.analysis.sensitivity import sensitivity
from detente.results.registry import Kind, register_kind
from detente.results.request import ModelRequest
from detente.results.result import Context, Result, Tables, records


class SensitivityRequest(ModelRequest):
    """Rank every input by its effect on each issue's forecast.

    Attributes
    ----------
    method : 'oat' (one at a time) or 'sobol' (variance-based)
    samples : Sobol's base sample N, a power of two
    perturb : the ranges of the inputs (value +- sd)
    """

    kind: Literal["sensitivity"] = "sensitivity"
    method: Literal["oat", "sobol"] = "oat"
    samples: int = Field(512, ge=2)
    perturb: Perturbation = Perturbation()


@dataclass(frozen=True, eq=False, repr=False)
class SensitivityResult(Result[SensitivityRequest]):
    """The inputs ranked per issue.

    Attributes
    ----------
    request : the resolved request
    table : one row per (actor, attribute, issue) with the method's columns, index and rank
    """

    table: pd.DataFrame

    def top(self, n: int) -> pd.DataFrame:
        """The ``n`` strongest inputs of each issue.

        Parameters
        ----------
        n : rows per issue

        Returns
        -------
        pandas.DataFrame
            The rows of :attr:`table` with rank <= n (never an input without effect).
        """
        return self.table[(self.table["rank"] <= n).fillna(False)]

    def tables(self) -> Tables:
        """The stored table: ``sensitivity``.

        Returns
        -------
        dict[str, pandas.DataFrame]
            ``{"sensitivity": self.table}``.
        """
        return {"sensitivity": self.table}

    def payload(self) -> list[dict[str, Any]]:
        """The sensitivity JSON (docs/json-output.md): the table's records.

        Returns
        -------
        list[dict[str, Any]]
            One record per row of :attr:`table`.
        """
        return records(self.table)


def compute_sensitivity(request: SensitivityRequest, context: Context) -> SensitivityResult:
    """The sensitivity kind's compute function (:func:`detente.analysis.sensitivity`).

    Parameters
    ----------
    request : a resolved sensitivity request
    context : executor, progress and cancel

    Returns
    -------
    SensitivityResult
        The ranking.
    """
    out = sensitivity(
        request.loaded, request.model, params=request.params, seed=request.seed,
        method=request.method, samples=request.samples, perturb=request.perturb,
        **context.hooks(),
    )  # fmt: skip
    return SensitivityResult(request, out.table)


register_kind(
    Kind(
        SensitivityRequest,
        compute_sensitivity,
        "Which inputs move the forecast most, ranked per issue.",
    )
)

"""The ensemble kind: how sure a forecast is, over perturbed copies of the scenario."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import Field, field_validator

from detente.analysis.ensemble import Threshold, ensemble
from detente.analysis.perturb import Perturbation
from detente.errors import DetenteError
from detente.execute.base import DEFAULT_CHUNK
from detente.results.registry import Kind, register_kind
from detente.results.request import ModelRequest
from detente.results.result import Context, Result, Tables, plain, records


class EnsembleRequest(ModelRequest):
    """Run a model on perturbed copies of a scenario and summarize per issue.

    Attributes
    ----------
    runs : number of perturbed copies (1 or more)
    thresholds : events to price, such as ``"verification>=75"``
    perturb : the input uncertainty (sds of positions, saliences and capabilities)
    chunk_size : runs per chunk (one vectorised model call); the result does not depend on it
        beyond the seeds each chunk draws
    """

    kind: Literal["ensemble"] = "ensemble"
    runs: int = Field(1000, ge=1)
    thresholds: list[str] = Field(default_factory=list)
    perturb: Perturbation = Perturbation()
    chunk_size: int = Field(DEFAULT_CHUNK, ge=1)

    @field_validator("thresholds")
    @classmethod
    def _parse(cls, thresholds: list[str]) -> list[str]:
        for text in thresholds:
            try:
                Threshold.parse(text)
            except DetenteError as exc:
                raise ValueError(str(exc)) from None
        return thresholds


@dataclass(frozen=True, eq=False, repr=False)
class EnsembleResult(Result[EnsembleRequest]):
    """An ensemble's per-issue summary and raw samples.

    Attributes
    ----------
    request : the resolved request
    summary : one row per issue: point, median, p05, p25, p75, p95, one P(...) per threshold
    samples : (runs, issues) the final forecast of every perturbed run
    """

    summary: pd.DataFrame
    samples: np.ndarray

    def tables(self) -> Tables:
        """The stored table: ``summary``.

        Returns
        -------
        dict[str, pandas.DataFrame]
            ``{"summary": self.summary}``.
        """
        return {"summary": self.summary}

    def payload(self) -> dict[str, Any]:
        """The ensemble JSON (docs/json-output.md).

        Returns
        -------
        dict[str, Any]
            scenario, model, runs, seed and issues (the summary's records).
        """
        r = self.request
        return plain({"scenario": r.loaded.id, "model": r.model, "runs": r.runs, "seed": r.seed,
                      "issues": records(self.summary)})  # fmt: skip


def compute_ensemble(request: EnsembleRequest, context: Context) -> EnsembleResult:
    """The ensemble kind's compute function (:func:`detente.analysis.ensemble`).

    Parameters
    ----------
    request : a resolved ensemble request
    context : executor, progress (runs done) and cancel

    Returns
    -------
    EnsembleResult
        The summary and samples.
    """
    out = ensemble(
        request.loaded, request.model, params=request.params, seed=request.seed,
        runs=request.runs, perturb=request.perturb, thresholds=request.thresholds,
        chunk_size=request.chunk_size, **context.hooks(),
    )  # fmt: skip
    return EnsembleResult(request, out.summary, out.samples)


register_kind(
    Kind(
        EnsembleRequest,
        compute_ensemble,
        "How sure the forecast is: quantiles and event probabilities over perturbed inputs.",
    )
)

"""The futures-experts kind: several experts' matrices of one study, and each scenario's
robustness (in how many experts' matrices it is consistent).

The experts come from a folder (one study file each, or a panel folder's ``futures/``
subfolder; :mod:`detente.futures.expert_files`) or inline as ``{name: study}``; resolving the
request loads every study inline (the run store keeps results with a negotiation
scenario only, so this kind is computed, not recorded).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Self

from pydantic import Field

from detente.errors import DetenteError
from detente.futures.experts import ExpertEnsemble, expert_ensemble
from detente.futures.load import Futures
from detente.futures.schema import FuturesSpec
from detente.results.futures import study_from
from detente.results.registry import Kind, register_kind
from detente.results.request import Request, Stored
from detente.results.result import Context, Result, Tables, plain


class FuturesExpertsRequest(Request):
    """Every expert's consistent scenarios, with robustness across the experts.

    Attributes
    ----------
    experts : a folder of study files (one per expert, named after them), a panel folder (its
        ``futures/`` subfolder, one file per member), or ``{name: study}`` where a study is a
        bundled name, a file or the study itself
    max_inconsistency : k; a scenario counts as consistent for an expert at inconsistency <= k
    """

    kind: Literal["futures-experts"] = "futures-experts"
    experts: str | dict[str, str | FuturesSpec]
    max_inconsistency: float = Field(0.0, ge=0)

    def studies(self) -> tuple[list[str], list[Futures]]:
        """The experts' names and studies (a resolved request holds them inline).

        Returns
        -------
        tuple[list[str], list[Futures]]
            Names and studies, in the request's order.
        """
        if isinstance(self.experts, str):
            from detente.futures.expert_files import read_experts

            return read_experts(self.experts)
        names = list(self.experts)
        return names, [study_from(ref, files=True) for ref in self.experts.values()]

    def resolve(self, files: bool = True) -> Self:
        """The request holding every expert's study itself (see :meth:`Request.resolve`).

        Parameters
        ----------
        files : whether the experts may be a folder or files

        Returns
        -------
        FuturesExpertsRequest
            The same request with ``{name: study}`` inline.
        """
        if isinstance(self.experts, str):
            if not files:
                raise DetenteError("experts: send {name: study} (this server reads no folders)")
            names, studies = self.studies()
        else:
            names = list(self.experts)
            studies = [study_from(ref, files) for ref in self.experts.values()]
        inline = {n: s.spec for n, s in zip(names, studies, strict=True)}
        return self.model_copy(update={"experts": inline})

    def stored(self) -> Stored:
        """The request as the run store keeps it: the studies inline, no scenario or seed.

        Returns
        -------
        Stored
            No scenario, model, params or seed; the fields as options.
        """
        return Stored(None, "", {}, None, super().stored().options)


@dataclass(frozen=True, eq=False)
class FuturesExpertsResult(Result[FuturesExpertsRequest]):
    """The scenarios consistent for any expert or for the pooled matrix.

    Attributes
    ----------
    request : the resolved request
    ensemble : the scenarios with their robustness, per-expert consistency and pooled scores
    """

    ensemble: ExpertEnsemble

    def tables(self) -> Tables:
        """The stored table: ``scenarios`` (robustness, pooled scores, one column per expert).

        Returns
        -------
        dict[str, pandas.DataFrame]
            ``{"scenarios": ...}``.
        """
        return {"scenarios": self.ensemble.table()}

    def payload(self) -> dict[str, Any]:
        """The ``detente futures solve --experts`` JSON (docs/json-output.md).

        Returns
        -------
        dict[str, Any]
            experts, max_inconsistency, descriptors and scenarios with their robustness.
        """
        return plain(self.ensemble.payload())


def compute_experts(request: FuturesExpertsRequest, context: Context) -> FuturesExpertsResult:
    """The futures-experts kind's compute function (:func:`detente.futures.expert_ensemble`).

    Parameters
    ----------
    request : a resolved futures-experts request
    context : unused hooks (each search runs in one compiled call)

    Returns
    -------
    FuturesExpertsResult
        The ensemble across the experts.
    """
    names, studies = request.studies()
    ensemble = expert_ensemble([s.matrix for s in studies], names, request.max_inconsistency)
    return FuturesExpertsResult(request, ensemble)


register_kind(
    Kind(
        FuturesExpertsRequest,
        compute_experts,
        "Several experts' matrices of one study: each scenario's robustness across them.",
    )
)

"""What a request gives back: the base of every result type, and the hooks long kinds get.

A result holds the (resolved) request it answers and its typed values. It gives its tidy tables
(what the run store records, what ``runs replay`` compares, what CSV downloads hold) and its JSON
payload (the shapes in docs/json-output.md).
"""

from __future__ import annotations

import json
import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from detente.results.request import Request

if TYPE_CHECKING:
    import pandas as pd

    from detente.execute.base import Cancel, Executor, Progress

R = TypeVar("R", bound=Request)
Tables = dict[str, "pd.DataFrame"]


@dataclass(frozen=True, eq=False, repr=False)
class Result(ABC, Generic[R]):
    """Base of every result: the request it answers, its tables and its JSON payload.

    Attributes
    ----------
    request : the resolved request (scenario loaded): recording it and computing it again
        gives the same tables bit for bit
    """

    request: R

    def __repr__(self) -> str:
        fields = self.request.model_dump(include={"model", "seed"})
        scenario = getattr(self.request, "scenario", None)
        where = getattr(scenario, "id", scenario)
        inputs = ", ".join(f"{k}={v!r}" for k, v in fields.items())
        tables = ", ".join(self.tables())
        return f"{type(self).__name__}(scenario={where!r}, {inputs}; tables: {tables})"

    @abstractmethod
    def tables(self) -> Tables:
        """The result's tidy tables by name: what the store records and replay compares.

        Returns
        -------
        dict[str, pandas.DataFrame]
            Tables with plain columns (no index, nothing in ``attrs``).
        """

    @abstractmethod
    def payload(self) -> Any:
        """The documented JSON object (docs/json-output.md), as plain JSON types.

        Returns
        -------
        Any
            dicts, lists, str, int, float (finite) and None only; NaN is None.
        """

    def records(self) -> list[tuple[Request, Tables]]:
        """What the run store records: one (request, tables) pair per run.

        One run for most kinds; a back-test of several scenarios records one run per scenario.

        Returns
        -------
        list[tuple[Request, dict[str, pandas.DataFrame]]]
            Each run's request (which recomputes exactly its tables) and tables.
        """
        return [(self.request, self.tables())]

    def to_json(self) -> str:
        """The payload as JSON text (indented, UTF-8 characters kept).

        Returns
        -------
        str
            ``json.dumps`` of :meth:`payload`.
        """
        return json.dumps(self.payload(), indent=2, ensure_ascii=False, allow_nan=False)


@dataclass(frozen=True)
class Context:
    """How a kind's compute function runs: on which executor, reporting to whom.

    Attributes
    ----------
    executor : where batches of runs go (serial, local pool, Dask)
    progress : told ``(done, total)`` as a long kind advances (None: nobody listens)
    cancel : asked between steps of a long kind; True stops it with ``Cancelled``
    """

    executor: Executor
    progress: Progress | None = None
    cancel: Cancel | None = None

    def hooks(self) -> dict[str, Any]:
        """The keyword arguments every analysis takes for these: executor, progress, cancel.

        Returns
        -------
        dict[str, Any]
            ``{"executor": ..., "progress": ..., "cancel": ...}``.
        """
        return {"executor": self.executor, "progress": self.progress, "cancel": self.cancel}


def plain(value: Any) -> Any:
    """Plain JSON types from NumPy, pandas and date values (NaN and infinities become None).

    Parameters
    ----------
    value : a dict, list, tuple, NumPy or Python scalar, date or anything JSON takes

    Returns
    -------
    Any
        The same data in dicts, lists, str, int, float, bool and None.
    """
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A table as a list of plain JSON records (one dict per row).

    Parameters
    ----------
    frame : a tidy table

    Returns
    -------
    list[dict[str, Any]]
        ``plain(frame.to_dict(orient="records"))``.
    """
    result: list[dict[str, Any]] = plain(frame.to_dict(orient="records"))
    return result

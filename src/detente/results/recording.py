"""Record results in the run store, and replay stored runs through the same compute function.

The store keeps each run's request (scenario, model, params, seed and options) and its tables;
:func:`replay` rebuilds the request, computes it again with :func:`detente.results.compute` and
compares the tables bit for bit.
"""

from __future__ import annotations

import datetime as dt
import traceback
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from detente.errors import DetenteError
from detente.results.registry import get_kind
from detente.results.request import Request, Stored
from detente.results.result import Result, Tables
from detente.results.run import compute

if TYPE_CHECKING:
    import pandas as pd

    from detente.store.store import RunStore, StoredRun


def record(
    store: RunStore,
    result: Result[Any],
    *,
    started: dt.datetime,
    finished: dt.datetime | None = None,
    note: str | None = None,
) -> list[int]:
    """Record a result: one run per (request, tables) pair of :meth:`Result.records`.

    Parameters
    ----------
    store : an open run store
    result : what was computed
    started, finished : when the computation started and ended (finished: now)
    note : a note kept with the run(s)

    Returns
    -------
    list[int]
        The new runs' ids.
    """
    finished = finished or dt.datetime.now(dt.UTC)
    ids = []
    for request, tables in result.records():
        ids.append(_write(store, request, tables, started, finished, note=note))
    return ids


def _write(
    store: RunStore,
    request: Request,
    tables: Tables,
    started: dt.datetime,
    finished: dt.datetime,
    note: str | None = None,
    status: str = "ok",
    error: str | None = None,
) -> int:
    kept = request.stored()
    if kept.scenario is None:
        raise DetenteError(f"a '{request.kind}' result has no scenario, so it cannot be stored")
    run_id: int = store.record(
        kind=request.kind, scenario=kept.scenario, model=kept.model, params=kept.params,
        seed=kept.seed, options=kept.options, tables=tables, started_at=started,
        finished_at=finished, status=status, error=error, note=note,
    )  # fmt: skip
    return run_id


def compute_and_record(
    store: RunStore, request: Request, *, note: str | None = None, **hooks: Any
) -> tuple[Result[Any], list[int]]:
    """Compute a request, time it and record it; a failing run is recorded as 'failed'.

    Parameters
    ----------
    store : an open run store
    request : what to compute
    note : a note kept with the run
    **hooks : executor, progress, cancel and files, as :func:`compute` takes them

    Returns
    -------
    tuple[Result, list[int]]
        The result and the recorded runs' ids. A :class:`DetenteError` while computing is
        recorded (status 'failed', the message as its error) and raised again.
    """
    resolved = request.resolve(files=hooks.get("files", True))
    started = dt.datetime.now(dt.UTC)
    try:
        result = compute(resolved, **hooks)
    except DetenteError as exc:
        error = "".join(traceback.format_exception_only(exc))
        _write(store, resolved, {}, started, dt.datetime.now(dt.UTC), note, "failed", error)
        raise
    return result, record(store, result, started=started, note=note)


def stored_request(run: StoredRun) -> Request:
    """The request a stored run was computed from.

    Parameters
    ----------
    run : a run read from the store

    Returns
    -------
    Request
        A request of the run's kind that computes the run's tables again.
    """
    kept = Stored(run.scenario(), run.model, run.params, run.seed, run.options)
    return get_kind(run.kind).request.from_stored(kept)


@dataclass(frozen=True)
class Replay:
    """The outcome of computing a stored run again from its stored request.

    Attributes
    ----------
    run : the stored run
    result : the fresh result
    differences : one row per table that differs (columns table, problem); empty when all
        came out the same
    """

    run: StoredRun
    result: Result[Any]
    differences: pd.DataFrame

    @property
    def identical(self) -> bool:
        """True when every table came out bit for bit the same.

        Returns
        -------
        bool
            Whether :attr:`differences` is empty.
        """
        return self.differences.empty


def replay(store: RunStore, run_id: int, **hooks: Any) -> Replay:
    """Compute a stored run again through :func:`compute` and compare its tables exactly.

    Parameters
    ----------
    store : an open run store
    run_id : the run's id
    **hooks : executor, progress and cancel, as :func:`compute` takes them

    Returns
    -------
    Replay
        The fresh result and the tables that differ (none when it replays bit for bit).
    """
    import pandas as pd

    from detente.store.tables import decode_table, encode_table

    run = store.get(run_id)
    if run.status != "ok":
        raise DetenteError(f"run {run_id} failed when recorded; there are no results to check")
    result = compute(stored_request(run), **hooks)
    # Compare what would be stored now with what was stored (exact, NaN-safe).
    fresh = {name: decode_table(encode_table(df)) for name, df in result.tables().items()}
    rows = []
    for name in sorted(set(fresh) | set(run.tables)):
        old, new = run.tables.get(name), fresh.get(name)
        if old is None or new is None:
            where = "store" if old is None else "replay"
            rows.append({"table": name, "problem": f"missing in {where}"})
        elif not old.equals(new):
            rows.append({"table": name, "problem": "values differ"})
    return Replay(run, result, pd.DataFrame(rows, columns=["table", "problem"]))

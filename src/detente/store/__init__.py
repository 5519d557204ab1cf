"""The run store: keep every recorded run (its request and its tables), list, show, compare.

It only stores: computing and replaying runs is :mod:`detente.results`' job, and nothing here
imports an analysis or the public API. Uses SQLAlchemy 2 with Alembic migrations; SQLite by
default (``detente-runs.sqlite`` in the user's data directory, or ``$DETENTE_STORE``),
PostgreSQL by URL. Needs the ``store`` extra. Expert panels live in the same database
(:class:`PanelStore`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from detente.store.compare import compare_runs as _compare
from detente.store.panels import PanelStore
from detente.store.store import (
    DEFAULT_NAME,
    ENV_VAR,
    RunStore,
    StoredRun,
    StoreError,
    default_path,
    store_url,
)

__all__ = [
    "DEFAULT_NAME",
    "ENV_VAR",
    "PanelStore",
    "RunStore",
    "StoreError",
    "StoredRun",
    "compare_runs",
    "default_path",
    "get_run",
    "list_runs",
    "open_store",
    "record_run",
    "store_url",
]

Where = RunStore | str | Path | None


def open_store(store: Where = None) -> RunStore:
    """A :class:`RunStore` (given one, a URL or path, or None for the default).

    Parameters
    ----------
    store : a store, a URL, a SQLite file, or None

    Returns
    -------
    RunStore
        The open store.
    """
    return store if isinstance(store, RunStore) else RunStore(store)


def record_run(store: Where = None, **run: Any) -> int:
    """Record a run (see :meth:`RunStore.record` for the fields); returns its id.

    Parameters
    ----------
    store : a store, a URL, a SQLite file, or None
    **run : the run's fields

    Returns
    -------
    int
        The run's id.
    """
    return open_store(store).record(**run)


def list_runs(store: Where = None, **filters: Any) -> pd.DataFrame:
    """Every run, newest first (``kind=`` and ``scenario=`` filter).

    Parameters
    ----------
    store : a store, a URL, a SQLite file, or None
    **filters : kind and scenario

    Returns
    -------
    pandas.DataFrame
        One row per run.
    """
    return open_store(store).runs(**filters)


def get_run(run_id: int, store: Where = None) -> StoredRun:
    """One run with its result tables.

    Parameters
    ----------
    run_id : the run's id
    store : a store, a URL, a SQLite file, or None

    Returns
    -------
    StoredRun
        The run.
    """
    return open_store(store).get(run_id)


def compare_runs(
    a: int, b: int, store: Where = None, only_differences: bool = False
) -> pd.DataFrame:
    """What differs between runs ``a`` and ``b`` (inputs, then every number).

    Parameters
    ----------
    a, b : run ids
    store : a store, a URL, a SQLite file, or None
    only_differences : drop numbers that are equal

    Returns
    -------
    pandas.DataFrame
        Columns table, key, column, a, b, difference.
    """
    s = open_store(store)
    return _compare(s.get(a), s.get(b), only_differences)

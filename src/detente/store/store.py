"""The run store: every analysis run with its inputs, timings and result tables.

SQLite file by default (``detente-runs.sqlite`` in the user's data directory, see
:func:`default_path`, or the path/URL in ``$DETENTE_STORE``), PostgreSQL when given a
``postgresql://`` URL. A run is written in one transaction, so a run is
either completely in the store or absent, even if the writing process is killed half way.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from detente.errors import DetenteError, UnknownNameError, require
from detente.scenario import Scenario
from detente.store.location import DEFAULT_NAME, ENV_VAR, default_path, store_url
from detente.store.stored import StoredRun, scenario_from_text, scenario_text

__all__ = [
    "DEFAULT_NAME",
    "ENV_VAR",
    "RunStore",
    "StoreError",
    "StoredRun",
    "default_path",
    "scenario_from_text",
    "scenario_text",
    "store_url",
]

STATUSES = ("ok", "failed")


class StoreError(DetenteError):
    """The run store cannot be opened or holds something inconsistent."""


class RunStore:
    """A run store at a SQLAlchemy URL; opening it applies any pending migrations.

    Parameters
    ----------
    url : see :func:`store_url` (None: ``$DETENTE_STORE`` or :func:`default_path`)
    """

    def __init__(self, url: str | Path | None = None) -> None:
        sa = require("sqlalchemy", "store", "The run store")
        full = store_url(url)
        try:
            self.engine = sa.create_engine(full)
        except Exception as exc:  # bad URL or driver: a user error, not a crash
            shown = re.sub(r"(://[^:/@]*):.*@", r"\1:***@", full)
            raise StoreError(f"cannot open run store '{shown}': {exc}") from exc
        #: the store's URL as shown to people (any password replaced by ***)
        self.url = self.engine.url.render_as_string(hide_password=True)
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        self.upgrade()

    @property
    def backend(self) -> str:
        """'sqlite' or 'postgresql'."""
        return str(self.engine.dialect.name)

    def upgrade(self) -> None:
        """Bring the tables to the newest migration (a no-op when they are current)."""
        from alembic import command
        from alembic.config import Config

        config = Config()
        config.set_main_option("script_location", "detente.store:migrations")
        try:
            with self.engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
        except Exception as exc:
            reason = str(exc).strip().splitlines()[0]
            raise StoreError(
                f"cannot open run store '{self.url}': {reason} "
                "(fix: check the --store URL or $DETENTE_STORE, and that the server runs)"
            ) from exc

    def use_wal(self) -> None:
        """Let readers go on while a run is written (SQLite's write-ahead log; a server sets
        this). Kept by the database file; PostgreSQL needs nothing of the kind."""
        if self.backend == "sqlite":
            import sqlalchemy as sa

            with self.engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA journal_mode=WAL")
            # With the log, NORMAL still never loses a committed transaction when the process
            # dies (kill -9); only a power cut may undo the last ones. It saves an fsync a write.
            sa.event.listen(self.engine, "connect", _wal_sync)
            self.engine.dispose()  # pooled connections open again with the setting

    def close(self) -> None:
        """Release the store's connections."""
        self.engine.dispose()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def record(
        self,
        *,
        kind: str,
        scenario: Scenario,
        model: str,
        params: Mapping[str, Any],
        seed: int | None,
        tables: Mapping[str, pd.DataFrame],
        started_at: dt.datetime,
        finished_at: dt.datetime,
        options: Mapping[str, Any] | None = None,
        status: str = "ok",
        error: str | None = None,
        note: str | None = None,
    ) -> int:
        """Write one run and all its tables in a single transaction.

        Parameters
        ----------
        kind, scenario, model, params, seed : what was computed: the result kind, the exact
            scenario, the model's name (or a label), its parameters and the seed (or None)
        tables : the result tables by name
        started_at, finished_at : when the run started and ended
        options : the request's other fields
        status, error : 'ok', or 'failed' with what went wrong
        note : a note

        Returns
        -------
        int
            The run's id.
        """
        from sqlalchemy.orm import Session

        if status not in STATUSES:
            raise StoreError(f"run status '{status}' is not one of {STATUSES}")
        run = _new_run(
            tables, kind=kind, model=model, params=_jsonable(dict(params)),
            options=_jsonable(dict(options or {})), seed=seed, started_at=started_at,
            finished_at=finished_at, duration_s=(finished_at - started_at).total_seconds(),
            status=status, error=error, note=note, **_scenario_columns(scenario),
        )  # fmt: skip
        with Session(self.engine) as session, session.begin():
            session.add(run)
            session.flush()
            run_id = int(run.id)
        return run_id

    def runs(self, kind: str | None = None, scenario: str | None = None) -> pd.DataFrame:
        """One row per run, newest first (no tables).

        Parameters
        ----------
        kind : only runs of this kind
        scenario : only runs of this scenario id

        Returns
        -------
        pandas.DataFrame
            Columns id, kind, scenario, model, seed, status, started_at, duration_s,
            detente_version, note.
        """
        import sqlalchemy as sa

        from detente.store.schema import Run

        cols = [Run.id, Run.kind, Run.scenario_id, Run.model, Run.seed, Run.status,
                Run.started_at, Run.duration_s, Run.detente_version, Run.note]  # fmt: skip
        query = sa.select(*cols).order_by(Run.id.desc())
        if kind:
            query = query.where(Run.kind == kind)
        if scenario:
            query = query.where(Run.scenario_id == scenario)
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        names = [c.key for c in cols]
        frame = pd.DataFrame([tuple(r) for r in rows], columns=names)
        frame["started_at"] = pd.Series([_utc(t) for t in frame["started_at"]], dtype=object)
        # ints and None (a backtest has no seed), not floats with NaN
        frame["seed"] = pd.Series([r.seed for r in rows], dtype=object)
        return frame.rename(columns={"scenario_id": "scenario"})

    def get(self, run_id: int) -> StoredRun:
        """A run with its tables.

        Parameters
        ----------
        run_id : the run's id

        Returns
        -------
        StoredRun
            The run; an unknown id raises :class:`UnknownNameError`.
        """
        from sqlalchemy.orm import Session, selectinload

        from detente.store.schema import Run
        from detente.store.tables import decode_table

        with Session(self.engine) as session:
            run = session.get(Run, run_id, options=[selectinload(Run.tables)])
            if run is None:
                raise UnknownNameError(
                    f"no run {run_id} in the store {self.url} (fix: see `detente runs list`)"
                )
            values = {c.key: getattr(run, c.key) for c in Run.__table__.columns}
            tables = {t.name: decode_table(t.data) for t in run.tables}
        values.pop("n_tables")
        values["started_at"] = _utc(values["started_at"])
        values["finished_at"] = _utc(values["finished_at"])
        return StoredRun(**values, tables=tables)

    def check(self) -> list[str]:
        """Problems that would make the store inconsistent.

        Returns
        -------
        list[str]
            The problems; empty when all is well.
        """
        import sqlalchemy as sa

        problems: list[str] = []
        with self.engine.connect() as connection:
            if self.backend == "sqlite":
                status = connection.exec_driver_sql("PRAGMA integrity_check").scalar()
                if status != "ok":
                    problems.append(f"SQLite integrity check: {status}")
                for row in connection.exec_driver_sql("PRAGMA foreign_key_check"):
                    problems.append(f"dangling reference: {tuple(row)}")
            query = sa.text(
                "SELECT r.id, r.status, r.n_tables, COUNT(t.name) "
                "FROM runs r LEFT JOIN result_tables t ON t.run_id = r.id "
                "GROUP BY r.id, r.status, r.n_tables"
            )
            for run_id, status, expected, found in connection.execute(query):
                if found != expected:
                    problems.append(f"run {run_id}: {found} of {expected} result tables")
                if status not in STATUSES:
                    problems.append(f"run {run_id}: status '{status}'")
            orphans = connection.execute(
                sa.text(
                    "SELECT COUNT(*) FROM result_tables t "
                    "WHERE NOT EXISTS (SELECT 1 FROM runs r WHERE r.id = t.run_id)"
                )
            ).scalar()
            if orphans:
                problems.append(f"{orphans} result tables belong to no run")
        return problems


def _scenario_columns(scenario: Scenario) -> dict[str, str]:
    """The scenario's columns of a run: its id, its YAML text and the text's SHA-256."""
    text, digest = scenario_text(scenario)
    return {"scenario_id": scenario.id, "scenario_yaml": text, "scenario_sha256": digest}


def _new_run(tables: Mapping[str, pd.DataFrame], **columns: Any) -> Any:
    """A run row with its result tables, the version that computed it filled in."""
    from detente._version import __version__
    from detente.store.schema import ResultTable, Run
    from detente.store.tables import encode_table

    rows = [
        ResultTable(name=name, position=i, n_rows=len(df), data=encode_table(df))
        for i, (name, df) in enumerate(tables.items())
    ]
    return Run(**columns, detente_version=__version__, n_tables=len(tables), tables=rows)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def _wal_sync(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _utc(value: dt.datetime) -> dt.datetime:
    # SQLite forgets the time zone; every timestamp is written in UTC.
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _jsonable(value: Any) -> Any:
    """Plain JSON values for params and options (NumPy scalars, tuples, paths)."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str):
        return value.item()
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)

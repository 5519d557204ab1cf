"""The run store: every analysis run with its inputs, timings and result tables.

SQLite file by default (``detente-runs.sqlite`` in the user's data directory, see
:func:`default_path`, or the path/URL in ``$DETENTE_STORE``), PostgreSQL when given a
``postgresql://`` URL. A run is written in one transaction, so a run is
either completely in the store or absent, even if the writing process is killed half way.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from detente.errors import DetenteError, UnknownNameError, require
from detente.scenario import Scenario

ENV_VAR = "DETENTE_STORE"
DEFAULT_NAME = "detente-runs.sqlite"
STATUSES = ("ok", "failed")


class StoreError(DetenteError):
    """The run store cannot be opened or holds something inconsistent."""


def default_path() -> Path:
    """The default SQLite file: ``detente-runs.sqlite`` in the user's data directory.

    ``~/.local/share/detente`` on Linux, ``~/Library/Application Support/detente`` on macOS,
    ``%LOCALAPPDATA%\\detente`` on Windows (platformdirs), so every folder sees the same runs.
    """
    import platformdirs

    return platformdirs.user_data_path("detente", appauthor=False) / DEFAULT_NAME


def store_url(url: str | Path | None = None) -> str:
    """The SQLAlchemy URL of a store: ``url``, else ``$DETENTE_STORE``, else the default file.

    A plain path means a SQLite file (its folder is created); ``postgresql://`` URLs use the
    psycopg (v3) driver.
    """
    raw = str(url) if url else os.environ.get(ENV_VAR) or str(default_path())
    if "://" not in raw:
        path = Path(raw).expanduser().resolve()
        path.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{path}"
    for prefix in ("postgresql://", "postgres://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix) :]
    return raw


def scenario_text(scenario: Scenario) -> tuple[str, str]:
    """The scenario's YAML (what replay reads back) and its SHA-256.

    Writing YAML is slow (0.2 s for korea-2005), so the text of recently recorded scenarios is
    kept, keyed by their JSON form (a server records many runs of the same version).
    """
    return _text_of(scenario.model_dump_json())


@functools.lru_cache(maxsize=32)
def _text_of(data: str) -> tuple[str, str]:
    from detente.scenario.yaml_io import scenario_to_yaml

    text = scenario_to_yaml(Scenario.model_validate_json(data))
    return text, hashlib.sha256(text.encode("utf-8")).hexdigest()


def scenario_from_text(text: str, digest: str = "") -> Scenario:
    """The scenario stored as YAML ``text``, validated again (parsed once per ``digest``)."""
    return _parse(text, digest) if digest else _parse.__wrapped__(text, digest)


@functools.lru_cache(maxsize=32)
def _parse(text: str, digest: str) -> Scenario:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return Scenario.model_validate(yaml.load(text, Loader=loader))


@dataclass(frozen=True)
class StoredRun:
    """A run read back from the store, with its result tables as DataFrames."""

    id: int
    kind: str
    scenario_id: str
    scenario_sha256: str
    scenario_yaml: str
    model: str
    params: dict[str, Any]
    options: dict[str, Any]
    seed: int | None
    detente_version: str
    started_at: dt.datetime
    finished_at: dt.datetime
    duration_s: float
    status: str
    error: str | None
    note: str | None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    def scenario(self) -> Scenario:
        """The exact scenario the run used, validated again."""
        return scenario_from_text(self.scenario_yaml, self.scenario_sha256)

    def stacked(self, names: Sequence[str] | None = None) -> pd.DataFrame:
        """The run's tables one under the other, with a ``table`` column naming each.

        Parameters
        ----------
        names : these tables, in this order (default: all)

        Returns
        -------
        pandas.DataFrame
            The union of the tables' columns plus ``table``; empty without tables.
        """
        frames = [self.tables[n].assign(table=n) for n in (names or list(self.tables))]
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def summary(self) -> dict[str, Any]:
        """The run's inputs and timings without the tables (for `detente runs show`)."""
        skip = {"tables", "scenario_yaml"}
        return {k: v for k, v in self.__dict__.items() if k not in skip}


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
        """Write one run and all its tables in a single transaction; returns the run's id."""
        from sqlalchemy.orm import Session

        from detente._version import __version__
        from detente.store.schema import ResultTable, Run
        from detente.store.tables import encode_table

        if status not in STATUSES:
            raise StoreError(f"run status '{status}' is not one of {STATUSES}")
        text, digest = scenario_text(scenario)
        run = Run(
            kind=kind,
            scenario_id=scenario.id,
            scenario_sha256=digest,
            scenario_yaml=text,
            model=model,
            params=_jsonable(dict(params)),
            options=_jsonable(dict(options or {})),
            seed=seed,
            detente_version=__version__,
            started_at=started_at,
            finished_at=finished_at,
            duration_s=(finished_at - started_at).total_seconds(),
            status=status,
            error=error,
            n_tables=len(tables),
            note=note,
            tables=[
                ResultTable(name=name, position=i, n_rows=len(df), data=encode_table(df))
                for i, (name, df) in enumerate(tables.items())
            ],
        )
        with Session(self.engine) as session, session.begin():
            session.add(run)
            session.flush()
            run_id = int(run.id)
        return run_id

    def runs(self, kind: str | None = None, scenario: str | None = None) -> pd.DataFrame:
        """One row per run, newest first (no tables)."""
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
        """A run with its tables; an unknown id is an :class:`UnknownNameError`."""
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
        """Problems that would make the store inconsistent; an empty list means all is well."""
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

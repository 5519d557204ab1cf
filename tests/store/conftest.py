"""A fresh, empty run store on each back end: a SQLite file and a PostgreSQL schema."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

sqlalchemy = pytest.importorskip("sqlalchemy")

from detente.store import RunStore  # noqa: E402


def postgres_schema_url(base: str) -> Iterator[str]:
    """A URL whose tables live in a new schema of the test database (dropped afterwards)."""
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sqlalchemy.create_engine(base)
    with engine.begin() as connection:
        connection.exec_driver_sql(f"CREATE SCHEMA {schema}")
    try:
        yield f"{base}?options=-csearch_path%3D{schema}"
    finally:
        with engine.begin() as connection:
            connection.exec_driver_sql(f"DROP SCHEMA {schema} CASCADE")
        engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """URL of an empty store on each back end."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'runs.sqlite'}"
    else:
        yield from postgres_schema_url(request.getfixturevalue("postgres_url"))


@pytest.fixture
def store(backend_url: str) -> Iterator[RunStore]:
    with RunStore(backend_url) as opened:
        yield opened

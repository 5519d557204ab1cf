"""The run-store fixtures (an empty store on SQLite and on PostgreSQL) for the results tests."""

from tests.store.conftest import backend_url, store

__all__ = ["backend_url", "store"]

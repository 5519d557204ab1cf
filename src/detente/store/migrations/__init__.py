"""Alembic migrations of the run store (applied automatically when a store is opened)."""

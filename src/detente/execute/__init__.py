"""Executors: run chunks of a batch serially, on a local process pool, or on a Dask cluster.

Every chunk carries its own seed (spawned from one SeedSequence), so results never depend on the
executor or on how many workers there are.
"""

from detente.execute.base import (
    Cancel,
    Chunk,
    Executor,
    Progress,
    SerialExecutor,
    get_executor,
    map_in_groups,
    open_executor,
    plan_chunks,
)

__all__ = [
    "Cancel",
    "Chunk",
    "Executor",
    "Progress",
    "SerialExecutor",
    "get_executor",
    "map_in_groups",
    "open_executor",
    "plan_chunks",
]

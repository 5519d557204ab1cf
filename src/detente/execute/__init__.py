"""Executors: run chunks of a batch serially, on a local process pool, or on a Dask cluster.

Every chunk carries its own seed (spawned from one SeedSequence), so results never depend on the
executor or on how many workers there are.
"""

from detente.execute.base import Chunk, Executor, SerialExecutor, get_executor, plan_chunks

__all__ = ["Chunk", "Executor", "SerialExecutor", "get_executor", "plan_chunks"]

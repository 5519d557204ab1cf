"""A local process pool on every core: the default executor for big sweeps on one machine.

Each item is a whole chunk (thousands of runs with its own spawned seed), so the pool only pays
the pickling cost once per chunk and results never depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

from detente.execute.base import register_executor

T = TypeVar("T")
R = TypeVar("R")


class LocalPoolExecutor:
    """Maps a picklable function over chunks on a pool of worker processes, results in order.

    Parameters
    ----------
    workers : number of processes (default: every core the OS reports)
    start_method : multiprocessing start method; "spawn" (the default) is safe with threads
        (Rich, Dask) in the parent process, "fork" starts faster on Linux
    nice : added to the workers' niceness (0: they run at the caller's priority). A server
        gives its long jobs a positive value so that they take only the CPU its requests
        leave; such a pool then computes every item in its workers, never in the caller,
        even with one worker or one item
    """

    name = "local"

    def __init__(
        self, workers: int | None = None, start_method: str = "spawn", nice: int = 0
    ) -> None:
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.start_method = start_method
        self.nice = max(0, int(nice))
        self._pool: ProcessPoolExecutor | None = None

    def _ensure_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context(self.start_method)
            pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_lower_priority,
                initargs=(self.nice,),
            )
            # Start every worker now with single-threaded BLAS: one process per core already
            # uses every core, and more BLAS threads on top only make them fight (as Dask does).
            with _environment(BLAS_THREADS):
                list(pool.map(_started, range(self.workers)))
            self._pool = pool
        return self._pool

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``[fn(item) for item in items]``, computed on the pool (one task per chunk).

        Parameters
        ----------
        fn : a picklable function of one item
        items : the items

        Returns
        -------
        list
            One result per item, in item order.
        """
        if not self.nice and (len(items) <= 1 or self.workers == 1):
            return [fn(item) for item in items]
        return list(self._ensure_pool().map(fn, items))

    def close(self) -> None:
        """Stop the worker processes (a later ``map`` starts new ones)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> LocalPoolExecutor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


# one process per core already fills the cores: BLAS and Numba's threaded loops get one thread
BLAS_THREADS = {
    name: "1"
    for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMBA_NUM_THREADS")
}


def _started(_: int) -> int:
    return os.getpid()


def _lower_priority(nice: int) -> None:
    """Run this worker ``nice`` steps below its parent's CPU priority (where the OS allows)."""
    if nice and hasattr(os, "nice"):
        os.nice(nice)


@contextmanager
def _environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables the user has not set, for the processes started meanwhile."""
    added = {k: v for k, v in values.items() if k not in os.environ}
    os.environ.update(added)
    try:
        yield
    finally:
        for key in added:
            os.environ.pop(key, None)


register_executor("local", LocalPoolExecutor)

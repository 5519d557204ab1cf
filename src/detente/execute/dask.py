"""Dask distributed: the same chunks on a cluster given its scheduler address.

Without an address a :class:`distributed.LocalCluster` is started on this machine (and closed
again by :meth:`DaskExecutor.close`); with one, only the client connection is ours to close.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from detente.errors import DetenteError, require
from detente.execute.base import register_executor

T = TypeVar("T")
CONNECT_TIMEOUT = "10s"  # how long to try a scheduler address before saying it cannot be reached
R = TypeVar("R")


class DaskExecutor:
    """Maps a picklable function over chunks as Dask tasks, results in item order.

    Parameters
    ----------
    scheduler : address of a running scheduler, e.g. ``tcp://10.0.0.5:8786``; None starts a
        local cluster
    workers, threads_per_worker, processes : shape of that local cluster (default: one
        single-threaded worker process per core, so NumPy is not oversubscribed)
    """

    name = "dask"

    def __init__(
        self,
        scheduler: str | None = None,
        workers: int | None = None,
        threads_per_worker: int = 1,
        processes: bool = True,
    ) -> None:
        distributed = require("distributed", "dask", "The Dask executor")
        self.scheduler = scheduler
        self._cluster: Any = None
        if scheduler is None:
            self._cluster = distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=threads_per_worker,
                processes=processes,
                dashboard_address=None,
                # the scheduler's HTTP endpoint (health, metrics) on a free port, not 8787
                scheduler_kwargs={"dashboard_address": ":0"},
                silence_logs=40,  # logging.ERROR: keep the CLI's stderr clean
            )
            self._client = distributed.Client(self._cluster)
        else:
            try:
                self._client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise DetenteError(
                    f"cannot reach the Dask scheduler at '{scheduler}': {exc} (fix: start one "
                    "there with `dask scheduler` and workers with `dask worker ADDRESS`, check "
                    "the address and port, or leave out --scheduler for a local cluster)"
                ) from None

    @property
    def client(self) -> Any:
        """The :class:`distributed.Client` (e.g. to inspect the cluster)."""
        return self._client

    @property
    def workers(self) -> int:
        """Number of workers the scheduler currently knows (how many chunks run at once)."""
        return len(self._client.scheduler_info()["workers"])

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``[fn(item) for item in items]``, one Dask task per chunk, gathered in order.

        Parameters
        ----------
        fn : a picklable function of one item
        items : the items

        Returns
        -------
        list
            One result per item, in item order.
        """
        if not items:
            return []
        futures = self._client.map(fn, list(items), pure=False)
        results: list[R] = self._client.gather(futures)
        return results

    def close(self) -> None:
        """Close the client, and the local cluster if this executor started it."""
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


register_executor("dask", DaskExecutor)

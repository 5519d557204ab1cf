"""The executor interface, chunk planning, and the serial executor."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import numpy as np

from detente.errors import Cancelled, DetenteError, UnknownNameError

T = TypeVar("T")
R = TypeVar("R")

#: ``progress(done, total)``: how much of a long computation is done, in its own units (runs)
Progress = Callable[[int, int], None]
#: ``cancel()``: True when the caller wants a long computation stopped
Cancel = Callable[[], bool]

DEFAULT_CHUNK = 5_000


@dataclass(frozen=True)
class Chunk:
    """A slice of a batch of runs with its own seed (independent of the executor)."""

    index: int
    start: int
    size: int
    seed: np.random.SeedSequence

    def rng(self) -> np.random.Generator:
        """The chunk's own random generator.

        Returns
        -------
        numpy.random.Generator
            A generator seeded by the chunk's spawned seed.
        """
        return np.random.default_rng(self.seed)


def plan_chunks(runs: int, seed: int | None, chunk_size: int = DEFAULT_CHUNK) -> list[Chunk]:
    """Split ``runs`` into chunks of at most ``chunk_size``, each with a spawned seed.

    The chunk layout depends only on ``runs`` and ``chunk_size``, never on the executor.

    Parameters
    ----------
    runs : how many runs in all (1 or more)
    seed : the root seed
    chunk_size : runs per chunk

    Returns
    -------
    list[Chunk]
        The chunks, in order; chunk k draws from the k-th child of ``SeedSequence(seed)``.
    """
    if runs < 1:
        raise ValueError("runs must be at least 1")
    sizes = [min(chunk_size, runs - s) for s in range(0, runs, chunk_size)]
    seeds = np.random.SeedSequence(seed).spawn(len(sizes))
    starts = np.cumsum([0, *sizes[:-1]])
    return [
        Chunk(i, int(st), sz, sd)
        for i, (st, sz, sd) in enumerate(zip(starts, sizes, seeds, strict=True))
    ]


class Executor(Protocol):
    """Maps a picklable function over items, returning results in item order."""

    name: str

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``[fn(item) for item in items]``, wherever the executor computes.

        Parameters
        ----------
        fn : a picklable function of one item
        items : the items

        Returns
        -------
        list
            One result per item, in item order.
        """
        ...


class SerialExecutor:
    """Runs everything in this process (tests, debugging, small batches)."""

    name = "serial"

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        """``[fn(item) for item in items]`` in this process.

        Parameters
        ----------
        fn : a function of one item
        items : the items

        Returns
        -------
        list
            One result per item, in item order.
        """
        return [fn(item) for item in items]


def map_in_groups(
    executor: Executor,
    fn: Callable[[T], R],
    items: Sequence[T],
    sizes: Sequence[int] | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> list[R]:
    """``[fn(item) for item in items]`` on ``executor``, reporting progress and honouring cancel.

    Without ``progress`` and ``cancel`` every item goes to the executor at once. With either,
    items go in groups of one per worker; before each group ``cancel()`` is asked, after it
    ``progress(done, total)`` is told how far the work is. The results never depend on the
    grouping: each item is computed alone, in item order.

    Parameters
    ----------
    executor : where the items are computed (serial, local pool, Dask)
    fn : a picklable function of one item
    items : the items (chunks of runs, coalitions, models ...)
    sizes : how much work each item is, in the units ``progress`` counts (default 1 each)
    progress : called with (work done, total work) after each group
    cancel : asked before each group; when it returns True, :class:`Cancelled` is raised

    Returns
    -------
    list
        One result per item, in item order.
    """
    if progress is None and cancel is None:
        return executor.map(fn, items)
    weights = list(sizes) if sizes is not None else [1] * len(items)
    total, done = sum(weights), 0
    group = max(1, int(getattr(executor, "workers", 1)))
    results: list[R] = []
    for start in range(0, len(items), group):
        if cancel is not None and cancel():
            raise Cancelled(f"cancelled after {done} of {total}")
        results += executor.map(fn, items[start : start + group])
        done += sum(weights[start : start + group])
        if progress is not None:
            progress(done, total)
    return results


_EXECUTORS: dict[str, Callable[..., Any]] = {"serial": SerialExecutor}


def register_executor(name: str, factory: Callable[..., Any]) -> None:
    """Make an executor available by name (local pool and Dask register themselves).

    Parameters
    ----------
    name : the name ``get_executor`` knows it by
    factory : builds the executor from keyword options
    """
    _EXECUTORS[name] = factory


def get_executor(name: str = "serial", **options: Any) -> Executor:
    """An executor by name: 'serial', 'local' (process pool) or 'dask' (cluster).

    Parameters
    ----------
    name : the executor's name
    **options : its options (workers, scheduler ...)

    Returns
    -------
    Executor
        The executor; an unknown name raises :class:`UnknownNameError`.
    """
    if name in ("local", "dask") and name not in _EXECUTORS:
        import importlib

        importlib.import_module(f"detente.execute.{'pool' if name == 'local' else 'dask'}")
    try:
        factory = _EXECUTORS[name]
    except KeyError:
        raise UnknownNameError(f"no executor '{name}' (known: serial, local, dask)") from None
    executor: Executor = factory(**options)
    return executor


@contextmanager
def open_executor(name: str = "serial", scheduler: str | None = None) -> Iterator[Executor]:
    """An executor by name, closed again (pool stopped, Dask client closed) when done.

    Parameters
    ----------
    name : 'serial', 'local' or 'dask'
    scheduler : address of a running Dask scheduler (only with 'dask'; without it a local
        cluster is started and closed)

    Returns
    -------
    Iterator[Executor]
        A context manager yielding the executor.
    """
    if scheduler and name != "dask":
        raise DetenteError(f"--scheduler {scheduler} needs --executor dask (not '{name}')")
    executor = get_executor(name, **({"scheduler": scheduler} if scheduler else {}))
    try:
        yield executor
    finally:
        close = getattr(executor, "close", None)
        if close is not None:
            close()

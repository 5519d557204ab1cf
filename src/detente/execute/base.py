"""The executor interface, chunk planning, and the serial executor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

import numpy as np

from detente.errors import UnknownNameError

T = TypeVar("T")
R = TypeVar("R")

DEFAULT_CHUNK = 5_000


@dataclass(frozen=True)
class Chunk:
    """A slice of a batch of runs with its own seed (independent of the executor)."""

    index: int
    start: int
    size: int
    seed: np.random.SeedSequence

    def rng(self) -> np.random.Generator:
        return np.random.default_rng(self.seed)


def plan_chunks(runs: int, seed: int | None, chunk_size: int = DEFAULT_CHUNK) -> list[Chunk]:
    """Split ``runs`` into chunks of at most ``chunk_size``, each with a spawned seed.

    The chunk layout depends only on ``runs`` and ``chunk_size``, never on the executor.
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

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]: ...


class SerialExecutor:
    """Runs everything in this process (tests, debugging, small batches)."""

    name = "serial"

    def map(self, fn: Callable[[T], R], items: Sequence[T]) -> list[R]:
        return [fn(item) for item in items]


_EXECUTORS: dict[str, Callable[..., Any]] = {"serial": SerialExecutor}


def register_executor(name: str, factory: Callable[..., Any]) -> None:
    """Make an executor available by name (local pool and Dask register themselves)."""
    _EXECUTORS[name] = factory


def get_executor(name: str = "serial", **options: Any) -> Executor:
    """An executor by name: 'serial', 'local' (process pool) or 'dask' (cluster)."""
    if name in ("local", "dask") and name not in _EXECUTORS:
        import importlib

        importlib.import_module(f"detente.execute.{'pool' if name == 'local' else 'dask'}")
    try:
        factory = _EXECUTORS[name]
    except KeyError:
        raise UnknownNameError(f"no executor '{name}' (known: serial, local, dask)") from None
    executor: Executor = factory(**options)
    return executor

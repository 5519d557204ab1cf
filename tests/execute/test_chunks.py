"""Chunk planning: sizes cover the runs, seeds depend only on seed and layout."""

from __future__ import annotations

import numpy as np
import pytest

from detente.errors import UnknownNameError
from detente.execute import SerialExecutor, get_executor, plan_chunks


def test_chunks_cover_runs_in_order() -> None:
    chunks = plan_chunks(12_001, seed=3, chunk_size=5_000)
    assert [c.size for c in chunks] == [5_000, 5_000, 2_001]
    assert [c.start for c in chunks] == [0, 5_000, 10_000]


def test_chunk_seeds_are_reproducible_and_distinct() -> None:
    a = [c.rng().random() for c in plan_chunks(10, seed=7, chunk_size=3)]
    b = [c.rng().random() for c in plan_chunks(10, seed=7, chunk_size=3)]
    assert a == b
    assert len(set(a)) == len(a)


def test_serial_executor_keeps_order() -> None:
    assert SerialExecutor().map(np.square, [1, 2, 3]) == [1, 4, 9]
    assert get_executor("serial").name == "serial"
    with pytest.raises(UnknownNameError):
        get_executor("cloud")
    with pytest.raises(ValueError):
        plan_chunks(0, seed=1)

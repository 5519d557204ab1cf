"""Every executor gives bit-identical results for the same seeded chunk plan (real Dask cluster)."""

from __future__ import annotations

import os
from functools import partial

import numpy as np
import pytest

from detente import load_scenario
from detente.execute import Chunk, SerialExecutor, get_executor, plan_chunks
from detente.models.registry import get_model
from detente.scenario import ScenarioArrays


def perturbed_forecast(arrays: ScenarioArrays, chunk: Chunk) -> np.ndarray:
    """Weighted-mean forecasts of one chunk of noisy copies of a scenario (runs, issues)."""
    rng = chunk.rng()
    position = np.repeat(arrays.position, chunk.size, axis=0)
    position = position + rng.normal(0.0, 5.0, position.shape)
    batch = arrays.with_values(
        position=position,
        salience=np.repeat(arrays.salience, chunk.size, axis=0),
        capability=np.repeat(arrays.capability, chunk.size, axis=0),
    )
    return get_model("weighted-mean")(batch, {}, rng).final


def blas_threads(_: int) -> str | None:
    """What a worker process was started with (the pool asks for single-threaded BLAS)."""
    return os.environ.get("OPENBLAS_NUM_THREADS")


@pytest.fixture(scope="module")
def job():
    arrays = load_scenario("ec-car-emissions").to_arrays()
    return partial(perturbed_forecast, arrays), plan_chunks(2_000, seed=7, chunk_size=300)


@pytest.fixture(scope="module")
def serial_result(job):
    fn, chunks = job
    return np.concatenate(SerialExecutor().map(fn, chunks))


def test_serial_result_is_seeded(job, serial_result):
    fn, _ = job
    assert serial_result.shape[0] == 2_000
    other = np.concatenate(SerialExecutor().map(fn, plan_chunks(2_000, 8, 300)))
    assert not np.array_equal(serial_result, other)


def test_local_pool_is_bit_identical(job, serial_result):
    fn, chunks = job
    with get_executor("local", workers=2) as pool:
        assert pool.name == "local" and pool.workers == 2
        result = np.concatenate(pool.map(fn, chunks))
        blas = pool.map(blas_threads, [0, 1])
    assert blas == [os.environ.get("OPENBLAS_NUM_THREADS", "1")] * 2
    assert np.array_equal(result, serial_result)


def test_dask_cluster_is_bit_identical_and_left_running(job, serial_result, dask_scheduler):
    fn, chunks = job
    with get_executor("dask", scheduler=dask_scheduler) as dask_exec:
        assert dask_exec.workers == 2
        result = np.concatenate(dask_exec.map(fn, chunks))
    assert np.array_equal(result, serial_result)
    with get_executor("dask", scheduler=dask_scheduler) as again:  # not closed by the first
        assert again.workers == 2


def test_dask_without_an_address_starts_and_closes_its_own_cluster(job, serial_result):
    fn, chunks = job
    with get_executor("dask", workers=1, processes=False) as dask_exec:
        cluster = dask_exec._cluster
        result = np.concatenate(dask_exec.map(fn, chunks))
    assert np.array_equal(result, serial_result)
    assert cluster is not None and cluster.status.name == "closed"


def test_unknown_executor_names_the_choices():
    from detente.errors import UnknownNameError

    with pytest.raises(UnknownNameError, match="serial, local, dask"):
        get_executor("ray")


def where_and_how_nice(_: int) -> tuple[int, int]:
    """The process an item ran in and that process's niceness."""
    return os.getpid(), os.getpriority(os.PRIO_PROCESS, 0)


def test_a_nice_pool_computes_in_its_workers_at_lower_priority():
    here = os.getpriority(os.PRIO_PROCESS, 0)
    with get_executor("local", workers=1, nice=5) as pool:
        # one worker and one item: a plain pool would compute it here, a nice one never does
        (pid, nice), *_ = pool.map(where_and_how_nice, [0])
        again = pool.map(where_and_how_nice, [1, 2])
    assert pid != os.getpid() and nice == min(19, here + 5)
    assert {p for p, _ in again} == {pid}
    with get_executor("local", workers=1) as plain:
        assert plain.map(where_and_how_nice, [0]) == [(os.getpid(), here)]

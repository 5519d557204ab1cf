"""Background jobs compute in worker processes at lower priority, report progress, cancel."""

from __future__ import annotations

import os
import time
from functools import partial

import pytest

from detente.execute import map_in_groups
from detente.web.jobs import NICE, Job, JobManager, Outcome, new_job_id


def slow_item(seconds: float, item: int) -> tuple[int, int, int]:
    """An item of work that takes a while, saying where and how nicely it ran."""
    time.sleep(seconds)
    return item, os.getpid(), os.getpriority(os.PRIO_PROCESS, 0)


def work_of(items: int, seconds: float):
    def work(progress, executor):
        progress.total(items)
        done = map_in_groups(
            executor,
            partial(slow_item, seconds),
            list(range(items)),
            progress=progress.report,
            cancel=progress.cancelled,
        )
        return Outcome([], payload={"done": done})

    return work


def wait(job: Job, until, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not until(job):
        assert time.monotonic() < deadline, f"job still {job.state} at {job.done}/{job.total}"
        time.sleep(0.02)


@pytest.fixture
def manager():
    jobs = JobManager(threads=2, workers=1)
    yield jobs
    jobs.close()


def test_jobs_compute_in_a_worker_process_at_lower_priority(manager):
    job = manager.submit(Job(new_job_id(), "test", "three items", 1, None, None), work_of(3, 0))
    wait(job, lambda j: j.finished)
    assert job.state == "done" and (job.done, job.total, job.percent) == (3, 3, 100)
    results = job.outcome.payload["done"]
    assert [r[0] for r in results] == [0, 1, 2]
    assert {r[1] for r in results} != {os.getpid()} and len({r[1] for r in results}) == 1
    assert {r[2] for r in results} == {min(19, os.getpriority(os.PRIO_PROCESS, 0) + NICE)}


def test_a_cancelled_job_stops_at_its_next_step(manager):
    job = manager.submit(Job(new_job_id(), "test", "slow", 1, None, None), work_of(200, 0.05))
    wait(job, lambda j: j.done >= 2)
    manager.cancel(job.id)
    wait(job, lambda j: j.finished)
    assert job.state == "cancelled" and job.outcome is None
    assert 2 <= job.done < job.total == 200


def test_workers_zero_computes_in_the_server_process():
    jobs = JobManager(threads=1, workers=0)
    try:
        job = jobs.submit(Job(new_job_id(), "test", "here", 1, None, None), work_of(2, 0))
        wait(job, lambda j: j.finished)
        assert {r[1] for r in job.outcome.payload["done"]} == {os.getpid()}
    finally:
        jobs.close()

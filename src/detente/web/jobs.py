"""Background jobs: long analyses run off the request path, with progress and cancel.

A job is a function ``work(progress, executor) -> Outcome``. It runs on a small thread pool;
the heavy lifting happens in the executor's worker processes (a local process pool shared by
all jobs), so the server keeps answering pages while an ensemble of 100,000 runs goes on.
``progress(n)`` adds ``n`` units done and raises :class:`Cancelled` once the user cancelled, so
a job stops at its next progress step.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from detente.errors import Cancelled as StoppedByUser
from detente.errors import DetenteError

log = logging.getLogger("detente.web")
STATES = ("queued", "running", "done", "failed", "cancelled")
KEEP = 200  # finished jobs kept in memory for their pages (their runs are in the store)
NICE = 10  # how much lower the job workers' CPU priority is than the server's


class Cancelled(Exception):
    """Raised inside a job when its user cancelled it."""


@dataclass
class Outcome:
    """What a finished job produced: the recorded run ids and what to show (report blocks)."""

    run_ids: list[int]
    blocks: list[Any] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass
class Job:
    """One background job and where it stands."""

    id: str
    kind: str
    label: str
    user_id: int
    ws_id: int | None
    version: int | None
    state: str = "queued"
    done: int = 0
    total: int = 0
    error: str | None = None
    outcome: Outcome | None = None
    created_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    finished_at: dt.datetime | None = None
    cancel_event: threading.Event = field(default_factory=threading.Event, repr=False)

    @property
    def finished(self) -> bool:
        """Whether the job is done, failed or cancelled."""
        return self.state in ("done", "failed", "cancelled")

    @property
    def percent(self) -> int:
        """How far the job is, 0-100 (100 once done)."""
        if self.state == "done":
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    def summary(self) -> dict[str, Any]:
        """The job as JSON (API and progress stream).

        Returns
        -------
        dict[str, Any]
            Its id, kind, label, state, progress, error, run ids, scenario, version and start time.
        """
        return {
            "id": self.id,
            "kind": self.kind,
            "label": self.label,
            "state": self.state,
            "done": self.done,
            "total": self.total,
            "percent": self.percent,
            "error": self.error,
            "run_ids": self.outcome.run_ids if self.outcome else [],
            "ws_id": self.ws_id,
            "version": self.version,
            "created_at": self.created_at.isoformat(timespec="seconds"),
        }


class Progress:
    """Handed to a job's work: count units done, learn the total, notice a cancel."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def total(self, n: int) -> None:
        """Set how many units the job has to do.

        Parameters
        ----------
        n : the number of units
        """
        self.job.total = int(n)

    def __call__(self, n: int = 1) -> None:
        if self.job.cancel_event.is_set():
            raise Cancelled()
        self.job.done += int(n)

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user cancelled (between steps of a job)."""
        self(0)

    def report(self, done: int, total: int) -> None:
        """The results layer's progress hook: ``done`` of ``total`` units.

        Parameters
        ----------
        done : units done so far
        total : units in all
        """
        self.job.done, self.job.total = int(done), int(total)

    def cancelled(self) -> bool:
        """The results layer's cancel hook: True once the user pressed Cancel.

        Returns
        -------
        bool
            True once the user has asked the job to stop.
        """
        return self.job.cancel_event.is_set()


Work = Callable[[Progress, Any], Outcome]


class JobManager:
    """Runs jobs on ``threads`` threads with one shared executor of ``workers`` processes
    (0: in this process)."""

    def __init__(self, threads: int = 2, workers: int = 1) -> None:
        self._threads = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="detente-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._workers = workers
        self._executor: Any = None

    def executor(self) -> Any:
        """The executor every job uses, made on first use: a local pool of ``workers``
        processes at lower CPU priority (:data:`NICE`), so a long job never holds the server's
        interpreter lock nor takes the CPU its requests need; with ``workers=0`` jobs compute
        in the server's own process (serially; for tests and debugging).

        Returns
        -------
        Any
            The shared executor of the results layer (``detente.execute``).
        """
        with self._lock:
            if self._executor is None:
                from detente.execute import get_executor

                self._executor = (
                    get_executor("local", workers=self._workers, nice=NICE)
                    if self._workers > 0
                    else get_executor("serial")
                )
            return self._executor

    def submit(self, job: Job, work: Work) -> Job:
        """Queue ``work`` as ``job``; returns at once.

        Parameters
        ----------
        job : the job's record (queued)
        work : what computes it: a function of (progress, executor)

        Returns
        -------
        Job
            The job, queued.
        """
        with self._lock:
            self._jobs[job.id] = job
            self._forget_old()
        self._threads.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Work) -> None:
        if job.cancel_event.is_set():
            self._finish(job, "cancelled")
            return
        job.state = "running"
        try:
            job.outcome = work(Progress(job), self.executor())
            self._finish(job, "done")
        except (Cancelled, StoppedByUser):
            self._finish(job, "cancelled")
        except DetenteError as exc:
            job.error = str(exc)
            self._finish(job, "failed")
        except Exception:  # never shown to the client; logged with its trace here
            log.exception("job %s (%s) failed", job.id, job.kind)
            job.error = "the analysis failed with an internal error (see the server log)"
            self._finish(job, "failed")

    @staticmethod
    def _finish(job: Job, state: str) -> None:
        job.finished_at = dt.datetime.now(dt.UTC)
        job.state = state

    def get(self, job_id: str) -> Job | None:
        """A job by id.

        Parameters
        ----------
        job_id : the job's id

        Returns
        -------
        Job | None
            The job, or None when there is no such job (or it was forgotten).
        """
        return self._jobs.get(job_id)

    def cancel(self, job_id: str) -> Job | None:
        """Ask a job to stop (it stops at its next progress step).

        Parameters
        ----------
        job_id : the job's id

        Returns
        -------
        Job | None
            The job, or None when there is no such job.
        """
        job = self._jobs.get(job_id)
        if job is not None and not job.finished:
            job.cancel_event.set()
        return job

    def jobs(self, user_id: int | None = None) -> list[Job]:
        """Jobs newest first (of one user, or all).

        Parameters
        ----------
        user_id : only this account's jobs (None: everyone's)

        Returns
        -------
        list[Job]
            The jobs kept in memory.
        """
        found = [j for j in self._jobs.values() if user_id is None or j.user_id == user_id]
        return sorted(found, key=lambda j: j.created_at, reverse=True)

    def _forget_old(self) -> None:
        done = [j for j in self._jobs.values() if j.finished]
        for job in sorted(done, key=lambda j: j.created_at)[: max(0, len(done) - KEEP)]:
            del self._jobs[job.id]

    def close(self) -> None:
        """Cancel what is queued or running and stop the threads and worker processes."""
        for job in list(self._jobs.values()):
            job.cancel_event.set()
        self._threads.shutdown(wait=True, cancel_futures=True)
        close = getattr(self._executor, "close", None)
        if close is not None:
            close()


def new_job_id() -> str:
    """A fresh job id that nobody can guess (jobs are also checked against their user).

    Returns
    -------
    str
        A URL-safe random string.
    """
    return secrets.token_urlsafe(9)

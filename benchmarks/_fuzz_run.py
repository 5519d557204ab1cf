"""The process side of `python -m benchmarks.fuzz`: workers, restarts, timeouts and the counts."""

from __future__ import annotations

import argparse
import os
import selectors
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

OUTCOMES = ("loaded", "refused", "traceback", "crash", "hang")
MEMORY_LIMIT = 4 * 1024**3
START_GRACE = 60.0  # seconds a new worker may take to import detente and build its seeds


def worker(fmt_name: str, start: int, stop: int, out: Path) -> int:
    """Run cases ``start``..``stop``-1, printing 'N outcome' per case; save each new traceback."""
    import resource

    from benchmarks.fuzz import BY_NAME, case, outcome

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    fmt = BY_NAME[fmt_name]
    seeds = fmt.seeds()
    seen: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"case{fmt.suffix}"
        for number in range(start, stop):
            path.write_bytes(case(fmt, number, seeds))
            try:
                result = outcome(path, fmt.reader)
            except Exception as exc:  # the thing being counted: any exception not ours
                result = f"traceback {type(exc).__name__}"
                where = traceback.extract_tb(exc.__traceback__)[-1]
                key = f"{type(exc).__name__}-{Path(where.filename).stem}-{where.lineno}"
                if key not in seen:
                    seen.add(key)
                    out.mkdir(parents=True, exist_ok=True)
                    (out / f"{fmt.name}-{number}{fmt.suffix}").write_bytes(path.read_bytes())
                    (out / f"{fmt.name}-{number}.txt").write_text(traceback.format_exc())
            print(number, result, flush=True)
    return 0


@dataclass
class _Job:
    fmt: str
    next: int
    stop: int
    proc: Any = None
    since: float = 0.0
    grace: float = START_GRACE
    counts: Counter[str] = field(default_factory=Counter)
    failed: list[str] = field(default_factory=list)


def _start(job: _Job, out: Path, sel: selectors.BaseSelector) -> None:
    cmd = [sys.executable, "-m", "benchmarks.fuzz", "--worker", job.fmt, str(job.next)]
    cmd += [str(job.stop), "--out", str(out)]
    env = {**os.environ, "PYTHONFAULTHANDLER": "1"}
    job.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    job.since, job.grace = time.monotonic(), START_GRACE
    sel.register(job.proc.stdout, selectors.EVENT_READ, job)


def _stop(job: _Job, sel: selectors.BaseSelector, kill: bool) -> None:
    sel.unregister(job.proc.stdout)
    if kill:
        job.proc.kill()
    job.proc.wait()
    job.proc.stdout.close()


def _read(job: _Job, sel: selectors.BaseSelector, out: Path) -> bool:
    """Take one line from a worker; False once the worker has finished or died."""
    line = job.proc.stdout.readline()
    if line:
        number, result = line.decode().split(" ", 1)
        job.counts[result.split()[0]] += 1
        if result.startswith("traceback"):
            job.failed.append(f"{result.strip()} {job.fmt} {number}")
        job.next, job.since, job.grace = int(number) + 1, time.monotonic(), 0.0
        return True
    _stop(job, sel, kill=False)
    if job.next < job.stop:  # died before its last case: the case it was on crashed it
        job.counts["crash"] += 1
        job.failed.append(f"crash {job.fmt} {job.next}")
        job.next += 1
        if job.next < job.stop:
            _start(job, out, sel)
            return True
    return False


def _active(job: _Job) -> bool:
    return job.proc is not None and not job.proc.stdout.closed


def run_format(
    fmt: str, cases: int, workers: int, timeout: float, out: Path
) -> tuple[Counter[str], list[str]]:
    """Counts of each outcome over ``cases`` cases of one format, split across workers."""
    sel = selectors.DefaultSelector()
    step = -(-cases // workers)
    jobs = [_Job(fmt, k, min(k + step, cases)) for k in range(0, cases, step)]
    for job in jobs:
        _start(job, out, sel)
    running = len(jobs)
    while running:
        for key, _ in sel.select(timeout=1.0):
            if not _read(key.data, sel, out):
                running -= 1
        now = time.monotonic()
        for job in jobs:
            if _active(job) and now - job.since > timeout + job.grace:
                _stop(job, sel, kill=True)
                job.counts["hang"] += 1
                job.failed.append(f"hang {job.fmt} {job.next}")
                job.next += 1
                if job.next < job.stop:
                    _start(job, out, sel)
                else:
                    running -= 1
    total: Counter[str] = Counter()
    for job in jobs:
        total.update(job.counts)
    return total, [f for job in jobs for f in job.failed]


def run(args: argparse.Namespace, formats: list[Any], cases: int) -> int:
    """Fuzz each format and print a Markdown table of the counts (exit 1 on any failure)."""
    if args.worker:
        name, start, stop = args.worker
        return worker(name, int(start), int(stop), args.out)
    print(f"{cases:,} mutated files per format, {args.workers} workers, timeout {args.timeout} s")
    print("| format | files | loaded | refused | tracebacks | crashes | hangs | seconds |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    bad = 0
    failures: list[str] = []
    for fmt in formats:
        began = time.perf_counter()
        counts, failed = run_format(fmt.name, cases, args.workers, args.timeout, args.out)
        failures += failed
        seconds = time.perf_counter() - began
        errors = sum(counts[k] for k in counts if k not in ("loaded", "refused"))
        bad += errors
        cells = [counts["loaded"], counts["refused"], errors - counts["crash"] - counts["hang"]]
        cells += [counts["crash"], counts["hang"]]
        row = " | ".join(f"{c:,}" for c in cells)
        print(f"| {fmt.name} | {sum(counts.values()):,} | {row} | {seconds:.0f} |", flush=True)
    if bad:
        print(f"failures: {bad}; the first file of each kind is in {args.out}/")
        print("reproduce with --show FORMAT N:", "; ".join(failures[:50]))
    return 1 if bad else 0

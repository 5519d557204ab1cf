"""Run one timed case in a fresh process and compare two source trees pair by pair.

A case is ``module:function`` plus JSON arguments; the child imports detente from whatever
``PYTHONPATH`` gives it, times the call (wall and CPU seconds) and prints one JSON line with
its peak memory. :func:`paired` runs two trees in turn (A B A B ...), so that a ratio is taken
from neighbouring runs and survives a machine whose speed drifts.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def run_case(
    case: str, args: dict[str, Any], src: Path | None = None, timeout: float = 600
) -> dict:
    """One child process running ``case``; its JSON report, or {"timeout": seconds}."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(src or ROOT / "src"), str(ROOT)])}
    cmd = [sys.executable, "-m", "benchmarks._child", case, json.dumps(args)]
    try:
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"timeout": timeout}
    if out.returncode != 0:
        raise RuntimeError(f"{case} failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def paired(case: str, args: dict[str, Any], before: Path, pairs: int = 5) -> dict[str, float]:
    """Median wall and CPU seconds of ``case`` here (A) and in ``before`` (B), and A/B ratios."""
    a, b = [], []
    for _ in range(pairs):
        a.append(run_case(case, args))
        b.append(run_case(case, args, src=before))
    result = {}
    for key in ("wall", "cpu"):
        result[key] = statistics.median(r[key] for r in a)
        result[f"{key}_before"] = statistics.median(r[key] for r in b)
        result[f"{key}_ratio"] = statistics.median(
            x[key] / y[key] for x, y in zip(a, b, strict=True)
        )
    return result


def load() -> str:
    """The 1-minute load average, for the tables (other work on a shared machine)."""
    return f"{os.getloadavg()[0]:.1f}"


def main() -> None:
    case, args = sys.argv[1], json.loads(sys.argv[2])
    module, name = case.split(":")
    fn = getattr(importlib.import_module(module), name)
    prepared = fn(**args)  # returns the call to time (set-up outside the timing)
    wall, cpu = time.perf_counter(), time.process_time()
    detail = prepared()
    report = {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "peak_gb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6,
        **(detail or {}),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()

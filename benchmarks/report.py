"""The HTML report of a scenario: the whole command, and where its time goes section by section.

    python -m benchmarks.report [--runs N] [--scenario NAME] [--quick]

Goal (issue 16): ``detente report korea-2005`` in under 10 s wall on the 2-core reference
machine. Each run is a fresh ``detente report`` process (wall from the clock, CPU from the
children's rusage); the medians are taken over ``--runs`` runs. Then one run in this process
prints every section's CPU and wall seconds (the model's ensembles are one section).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

from benchmarks._child import load

GOAL_S = 10.0


def whole(scenario: str, out: str) -> tuple[float, float]:
    """Wall and CPU seconds of one ``detente report SCENARIO -o OUT`` process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    cmd = [sys.executable, "-m", "detente", "report", scenario, "-o", out]
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def sections(scenario: str, out: str) -> list[tuple[str, float, float]]:
    """(section, CPU s, wall s) of one report built in this process."""
    import detente.report.build as build

    timed: list[tuple[str, float, float]] = []

    def timer(section: Callable[[Any], Any]) -> Callable[[Any], Any]:
        def run(ctx: Any) -> Any:
            cpu, wall = time.process_time(), time.perf_counter()
            result = section(ctx)
            timed.append((section.__name__, time.process_time() - cpu, time.perf_counter() - wall))
            return result

        return run

    original = build.SECTIONS
    build.SECTIONS = tuple(timer(s) for s in original)
    try:
        build.build_report(scenario, out)
    finally:
        build.SECTIONS = original
    return timed


def ensembles(scenario: str, runs: int = 500) -> list[tuple[str, float, float]]:
    """(model, CPU s, wall s) of the report's ensemble of every registered model."""
    from detente.models.registry import list_models
    from detente.results import EnsembleRequest, compute
    from detente.scenario import load_scenario

    s = load_scenario(scenario)
    timed = []
    for spec in list_models():
        cpu, wall = time.process_time(), time.perf_counter()
        compute(EnsembleRequest(scenario=s, seed=0, model=spec.name, runs=runs))
        timed.append((spec.name, time.process_time() - cpu, time.perf_counter() - wall))
    return timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="whole-command runs (medians)")
    parser.add_argument("--scenario", default="korea-2005")
    parser.add_argument("--quick", action="store_true", help="one run, no section split")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    with tempfile.TemporaryDirectory() as out:
        print(f"load average at start: {load()}")
        times = [whole(args.scenario, out) for _ in range(runs)]
        walls, cpus = [w for w, _ in times], [c for _, c in times]
        wall = statistics.median(walls)
        verdict = "met" if wall < GOAL_S else f"missed by {wall - GOAL_S:.1f} s"
        head = "| runs | wall s (median, min-max) | CPU s (median, min-max) |"
        print(f"{head} goal < {GOAL_S:g} s |")
        print("| ---: | --- | --- | --- |")
        print(
            f"| {runs} | {wall:.1f} ({min(walls):.1f}-{max(walls):.1f}) | "
            f"{statistics.median(cpus):.1f} ({min(cpus):.1f}-{max(cpus):.1f}) | {verdict} |"
        )
        print(f"load average after the runs: {load()}")
        if args.quick:
            return
        print("\n| section | CPU s | wall s |\n| --- | ---: | ---: |")
        for name, cpu, wall_s in sections(args.scenario, out):
            print(f"| {name} | {cpu:.2f} | {wall_s:.2f} |")
        print("\n| ensemble of 500 runs | CPU s | wall s |\n| --- | ---: | ---: |")
        for name, cpu, wall_s in ensembles(args.scenario):
            print(f"| {name} | {cpu:.2f} | {wall_s:.2f} |")


if __name__ == "__main__":
    main()

"""Speed of the smp model on KTAB's 40- and 80-actor samples and 50-200-actor synthetic cases.

Goals (docs/models/smp.md): the 80-actor sample in under 2 s, the 200-actor cases in under
30 s. KTAB's own -O2 build needs 204 s CPU for the 80-actor sample and about 630 s CPU per
turn at 200 actors. Also times batches of 1,000 stochastic runs of two small bundled scenarios.
Prints a Markdown table and the fitted exponent of time per turn against actors.
Run: ``python -m benchmarks.smp [--quick] [--no-jit]``.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np

DATA = Path(__file__).parent / "data" / "ktab"
CASES = [
    ("dummyData-a040.csv", True),
    ("synth-a050-d1.csv", False),
    ("synth-a050-d3.csv", False),
    ("dummyData-a080.csv", True),
    ("synth-a100-d1.csv", False),
    ("synth-a200-d1.csv", False),
    ("synth-a200-d3.csv", False),
]
GOALS = {"dummyData-a080.csv": 2.0, "synth-a200-d1.csv": 30.0, "synth-a200-d3.csv": 30.0}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="only the 40- and 80-actor samples")
    parser.add_argument("--no-jit", action="store_true", help="NumPy path only (no Numba)")
    args = parser.parse_args()
    if args.no_jit:
        os.environ["DETENTE_NO_JIT"] = "1"
    from detente.models.registry import get_model
    from detente.scenario import load_scenario

    spec = get_model("smp")
    # compile (or load the cached) kernels outside the timings
    spec(load_scenario(DATA / "dummyData-a040.csv").to_arrays(), {"rounds": 1}, 0)
    print("| input | actors x dims | turns | wall s | CPU s | CPU s per turn | goal |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    sizes, per_turn, failed = [], [], 0
    for name, quick in CASES:
        if args.quick and not quick:
            continue
        arrays = load_scenario(DATA / name).to_arrays()
        wall, cpu = time.perf_counter(), time.process_time()
        traj = spec(arrays, {}, 0)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        turns = int(traj.diagnostics["turns"][0])
        goal = GOALS.get(name)
        verdict = "" if goal is None else f"< {goal:g} s: {'met' if wall < goal else 'MISSED'}"
        failed += goal is not None and wall >= goal
        print(
            f"| {name} | {arrays.n_actors} x {arrays.n_issues} | {turns} | {wall:.2f} | "
            f"{cpu:.2f} | {cpu / turns:.4f} | {verdict} |",
            flush=True,
        )
        if arrays.n_issues == 1 or name.endswith("d1.csv"):
            sizes.append(arrays.n_actors)
            per_turn.append(cpu / turns)
    for name, runs in (("korea-2005", 1000), ("dummyData_3Dim", 1000)):
        arrays = load_scenario(name).to_arrays(runs=runs)
        wall, cpu = time.perf_counter(), time.process_time()
        traj = spec(arrays, {"state_transitions": "Stochastic"}, 0)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        turns = traj.diagnostics["turns"]
        print(
            f"| {name}, {runs} stochastic runs | {arrays.n_actors} x {arrays.n_issues} | "
            f"{turns.min()}-{turns.max()} | {wall:.2f} | {cpu:.2f} | | |",
            flush=True,
        )
    if len(sizes) >= 2:
        slope = np.polyfit(np.log(sizes), np.log(per_turn), 1)[0]
        print(
            f"\nCPU time per turn grows as actors^{slope:.2f} (1-dimension cases, "
            f"{min(sizes)}-{max(sizes)} actors)"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Speed of the expected-utility model: one round at growing actor counts, and big EC batches.

    python -m benchmarks.bdm            # n = 10, 100, 1,000, 10,000; 100,000 EC runs
    python -m benchmarks.bdm --quick    # n = 10, 100, 300; 2,000 EC runs
    python -m benchmarks.bdm --sizes 10 100 1000 --runs 0

Synthetic actors follow the team's timing notes: capability U(0.01, 1), position U(0, 100),
salience U(0.05, 1), seeded. Rounds are timed with the pairwise offer record off.
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

from detente import load_scenario
from detente.core.arrays import ScenarioArrays
from detente.models.bdm import DEFAULTS
from detente.models.bdm.model import options, problems, simulate
from detente.models.registry import get_model


def synthetic(n: int, seed: int = 0) -> ScenarioArrays:
    """One issue, n actors, everyone in one forum."""
    rng = np.random.default_rng(seed)
    return ScenarioArrays(
        actor_ids=tuple(f"a{i}" for i in range(n)),
        issue_ids=("x",),
        position=rng.uniform(0, 100, (1, n, 1)),
        salience=rng.uniform(0.05, 1, (1, n, 1)),
        capability=rng.uniform(0.01, 1, (1, n)),
        scale_low=np.array([0.0]),
        scale_high=np.array([100.0]),
        forums=np.ones((1, n), bool),
    )


def seconds_per_round(n: int, repeats: int) -> tuple[float, float]:
    """Best wall and CPU seconds of one round over ``repeats`` tries (CPU: less noisy)."""
    opt, _ = options(DEFAULTS)
    x, problem = problems(synthetic(n))
    wall = cpu = np.inf
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        simulate(x, problem, opt, 1, record=False, stop=False)
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def perturbed_ec(runs: int, seed: int = 0) -> ScenarioArrays:
    """EC car emissions with positions +- N(0, 0.5) years and saliences +- N(0, 0.05)."""
    rng = np.random.default_rng(seed)
    ec = load_scenario("ec-car-emissions").to_arrays(runs=runs)
    return ec.with_values(
        position=np.clip(ec.position + rng.normal(0, 0.5, ec.position.shape), 4, 10),
        salience=np.clip(ec.salience + rng.normal(0, 0.05, ec.salience.shape), 0.01, 1),
    )


def runs_per_second(runs: int) -> tuple[float, float]:
    """(wall, CPU) seconds for ``runs`` perturbed EC runs of 10 rounds in one call."""
    arrays = perturbed_ec(runs)
    start, start_cpu = time.perf_counter(), time.process_time()
    traj = get_model("bdm")(arrays, {"rounds": 10, "record_offers": False})
    took, took_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    assert np.isfinite(traj.forecast).all()
    return took, took_cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, short run")
    parser.add_argument("--sizes", type=int, nargs="*", help="actor counts to time")
    parser.add_argument("--runs", type=int, help="perturbed EC runs (0 to skip)")
    args = parser.parse_args()
    sizes = args.sizes or ([10, 100, 300] if args.quick else [10, 100, 1000, 10000])
    runs = args.runs if args.runs is not None else (2000 if args.quick else 100_000)

    print("| actors | wall s per round | CPU s per round |")
    print("| ---: | ---: | ---: |")
    timed = []
    for n in sizes:
        wall, cpu = seconds_per_round(n, repeats=5 if n <= 1000 else 1)
        timed.append((n, cpu))
        print(f"| {n:,} | {wall:.4g} | {cpu:.4g} |", flush=True)
    big = [(n, t) for n, t in timed if n >= 100]
    if len(big) >= 2:
        slope = np.polyfit(np.log([n for n, _ in big]), np.log([t for _, t in big]), 1)[0]
        print(f"\nfitted exponent of CPU time (n >= 100): {slope:.2f}")
    if runs:
        wall, cpu = runs_per_second(runs)
        print(
            f"\n{runs:,} perturbed EC runs x 10 rounds: {wall:.2f} s wall ({runs / wall:,.0f} "
            f"runs/s), {cpu:.2f} s CPU ({runs / cpu:,.0f} runs/s)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2
    print(f"peak memory: {peak:.2f} GiB")


if __name__ == "__main__":
    main()

"""How fast the exact cross-impact search is, and how its memory grows.

python -m benchmarks.futures [--quick] [--big SEEDS]

- CIB_natl_regional (ScenarioWizard's sample: 15 descriptors, 22,674,816 combinations): the
  complete consistent set, median of 7 runs after a warm-up run.
- Synthetic matrices (``detente.futures.synthetic.random_matrix``: 3-4 variants per descriptor,
  half of the descriptor pairs without influence, integer judgements -3..3), seeds 0-4: 20
  descriptors exactly; 30 descriptors exactly where the search finishes (seeds from ``--big``,
  default 0,1,2; skipped with ``--quick``; ``--max-nodes``, default 2,000,000, stops a search
  that runs too long and says so), with the nodes visited.
- Memory: peak resident memory of a fresh process that solves one synthetic matrix of 10, 15,
  20 and 25 descriptors, beside the number of combinations.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from detente.futures import read_scw, solve
from detente.futures.synthetic import random_matrix

CIB = Path(__file__).resolve().parents[1] / "tests" / "data" / "cib" / "CIB_natl_regional.scw"


def cib_reference() -> None:
    m = read_scw(CIB)
    solve(m)  # warm-up: loads the compiled kernel
    times = []
    for _ in range(7):
        start = time.perf_counter()
        found = solve(m)
        times.append(time.perf_counter() - start)
    print(
        f"CIB_natl_regional: {len(found)} scenarios, {found.nodes} nodes, "
        f"median {statistics.median(times):.4f} s (min {min(times):.4f})",
        flush=True,
    )


def synthetic(descriptors: int, seeds: list[int], max_nodes: int | None = None) -> None:
    solve(random_matrix(8, rng=0))  # warm-up
    for seed in seeds:
        m = random_matrix(descriptors, rng=seed)
        wall, cpu = time.perf_counter(), time.process_time()
        found = solve(m, max_nodes=max_nodes)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        done = "" if found.complete else f" ({found.note}: not finished)"
        print(
            f"synthetic {descriptors} seed {seed}: {m.combinations:.3g} combinations, "
            f"{len(found)} consistent, {found.nodes:,} nodes, {wall:.3f} s wall, "
            f"{cpu:.3f} s CPU{done}",
            flush=True,
        )


def _peak_child(descriptors: int) -> float:
    """Peak RSS (MiB) of a fresh process that solves one synthetic matrix."""
    code = (
        "import resource;from detente.futures import solve;"
        "from detente.futures.synthetic import random_matrix;"
        f"m=random_matrix({descriptors}, rng=0);s=solve(m);"
        "print(m.combinations, s.nodes, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    combinations, nodes, rss = out.stdout.split()
    print(
        f"memory {descriptors} descriptors: {float(combinations):.3g} combinations, "
        f"{int(nodes):,} nodes, peak RSS {int(rss) / 1024:.1f} MiB",
        flush=True,
    )
    return int(rss) / 1024


def memory() -> None:
    baseline = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"(this process after imports: {baseline:.1f} MiB)")
    for n in (10, 15, 20, 25):
        _peak_child(n)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip 30 descriptors and memory")
    parser.add_argument("--big", default="0,1,2", help="seeds of the 30-descriptor matrices")
    parser.add_argument(
        "--max-nodes",
        type=int,
        default=2_000_000,
        help="stop a 30-descriptor search after N nodes (0: never; none of seeds 0-9 finished "
        "within 1,000,000 on the reference machine)",
    )
    args = parser.parse_args()
    cib_reference()
    synthetic(20, [0, 1, 2, 3, 4])
    if not args.quick:
        synthetic(30, [int(s) for s in args.big.split(",") if s], args.max_nodes or None)
        memory()


if __name__ == "__main__":
    main()

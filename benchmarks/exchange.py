"""Exchange and bargaining models: the decide-exchange-model COP21 case and batched runs.

    python -m benchmarks.exchange [--quick]

Goal: COP21 (15 actors, 13 issues, equal gain, 10 rounds) in under 1 s; decide-exchange-model
itself takes about 50 s for it on the same machine.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from detente.models.registry import get_model
from detente.scenario import load_scenario

COP21 = Path(__file__).parent.parent / "tests" / "data" / "decide" / "cop21.csv"


def best_of(repeat: int, fn) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Best wall-clock and CPU seconds over ``repeat`` calls (after one warm-up call)."""
    fn()
    wall, cpu = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - w)
        cpu.append(time.process_time() - c)
    return min(wall), min(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats and runs")
    args = parser.parse_args()
    repeat, runs = (1, 20) if args.quick else (5, 200)
    exchange, nash = get_model("exchange"), get_model("nash")

    cop21 = load_scenario(COP21).to_arrays()
    wall, cpu = best_of(repeat, lambda: exchange(cop21, {"rounds": 10}, 0))
    print(f"exchange COP21 equal-gain, 10 rounds:        {wall:6.3f} s wall, {cpu:6.3f} s CPU")

    korea = load_scenario("korea-2005").to_arrays(runs)
    rng = np.random.default_rng(1)
    noisy = korea.with_values(
        position=np.clip(korea.position + rng.normal(0, 5, korea.position.shape), 0, 100)
    )
    wall, cpu = best_of(repeat, lambda: exchange(noisy, {"rounds": 10}, 0))
    print(
        f"exchange korea-2005, {runs} runs batched, 10 rounds: {wall:6.3f} s wall, "
        f"{cpu:6.3f} s CPU ({wall / runs * 1000:.1f} ms a run)"
    )

    one = korea.with_values(
        position=noisy.position[:1], salience=korea.salience[:1], capability=korea.capability[:1]
    )
    for solution in ("nash", "kalai-smorodinsky"):
        wall, cpu = best_of(repeat, lambda s=solution: nash(one, {"solution": s}, 0))
        print(f"nash ({solution}) korea-2005, one run:   {wall:6.3f} s wall, {cpu:6.3f} s CPU")


if __name__ == "__main__":
    main()

"""How long the roadmap incentive check and optimiser take (korea-2007 and synthetic roadmaps).

python -m benchmarks.roadmap [--quick]
"""

from __future__ import annotations

import argparse
import time

from detente.roadmap import check, optimize, read_roadmap
from detente.roadmap.synthetic import random_roadmap


def timed(label: str, fn) -> None:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = fn()
    seconds = time.perf_counter() - start
    extra = f", {result.evaluated} plans" if hasattr(result, "evaluated") else ""
    print(f"{label:<48} {seconds:8.3f} s{extra}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the small cases")
    args = parser.parse_args()
    korea = read_roadmap("korea-2007")
    timed("check korea-2007", lambda: check(korea.roadmap, korea.scenario))
    timed("optimize korea-2007", lambda: optimize(korea.roadmap, korea.scenario))
    sizes = [(4, 5)] if args.quick else [(4, 5), (8, 10), (12, 20)]
    for stages, actions in sizes:
        r = random_roadmap(korea.scenario, stages, actions, rng=1)
        timed(
            f"optimize synthetic {stages} stages x {actions} actions",
            lambda r=r: optimize(r, korea.scenario, 0.9, 0.9),
        )


if __name__ == "__main__":
    main()

"""Speed of the analyses on the bundled Korea scenario (6 actors, 10 issues).

Run: python -m benchmarks.analysis [--quick]. Prints one line per case: what ran and how long.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from detente.analysis import ensemble, influence, sensitivity, whatif
from detente.scenario import load_scenario


def timed(label: str, fn: Callable[[], object], repeat: int = 3) -> None:
    """Best of ``repeat`` wall-clock times (the machine is shared; the best is the least noisy)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    print(f"{label:<58} {best * 1000:9.1f} ms", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    args = parser.parse_args()
    runs = 10_000 if args.quick else 100_000
    repeat = 1 if args.quick else 3
    start = time.perf_counter()
    korea = load_scenario("korea-2005")  # loaded once: the analyses, not YAML parsing, are timed
    print(
        f"{'load korea-2005 (YAML + validation, once)':<58} "
        f"{(time.perf_counter() - start) * 1000:9.1f} ms"
    )
    for model in ("weighted-mean", "weighted-median"):
        timed(
            f"ensemble {model} {runs} runs (serial)",
            lambda m=model: ensemble(korea, m, runs=runs),
            repeat,
        )
        timed(
            f"influence {model} exact Shapley (64 coalitions)",
            lambda m=model: influence(korea, m),
            repeat,
        )
        timed(
            f"sensitivity {model} oat (126 inputs)", lambda m=model: sensitivity(korea, m), repeat
        )
        timed(
            f"sensitivity {model} sobol N=512 (102,400 runs)",
            lambda m=model: sensitivity(korea, m, method="sobol"),
            repeat,
        )
        timed(
            f"whatif {model} open-forum US,RUS, 1000 runs",
            lambda m=model: whatif(korea, m, changes=["open-forum US,RUS"]),
            repeat,
        )


if __name__ == "__main__":
    main()

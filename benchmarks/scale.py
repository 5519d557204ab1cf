"""Scale-out: the same seeded ensemble on the serial, local-pool and local-Dask executors.

1,000,000 weighted-mean runs and 100,000 runs of the slowest registered model (found by timing
every model on a small batch), each on every executor; prints runs per second as Markdown rows
for benchmarks/README.md (## scale) and checks that every executor gave bit-identical samples.

    python -m benchmarks.scale            # full sizes
    python -m benchmarks.scale --quick    # a hundredth of them
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

import numpy as np

from detente.analysis import ensemble
from detente.execute import get_executor
from detente.models.registry import list_models
from detente.scenario import Scenario, load_scenario


def bundled_scenario() -> Scenario:
    """The flagship scenario when bundled, else the EC car-emissions case."""
    for name in ("korea-2005", "ec-car-emissions"):
        try:
            return load_scenario(name)
        except Exception:
            continue
    raise SystemExit("no bundled scenario found")


def slowest_model(scenario: Scenario, runs: int = 200) -> tuple[str, float]:
    """The registered model with the fewest runs per second on a small batch of this scenario."""
    timings = {}
    for spec in list_models():
        try:
            ensemble(scenario, spec.name, runs=20, seed=0)  # warm-up (imports, JIT)
            start = time.perf_counter()
            ensemble(scenario, spec.name, runs=runs, seed=0)
            timings[spec.name] = runs / (time.perf_counter() - start)
        except Exception as exc:
            print(f"  {spec.name}: skipped ({exc})")
    name = min(timings, key=timings.__getitem__)
    return name, timings[name]


def measure(run: Callable[[], np.ndarray]) -> tuple[np.ndarray, float]:
    start = time.perf_counter()
    samples = run()
    return samples, time.perf_counter() - start


def bench(scenario: Scenario, model: str, runs: int, chunk: int, workers: int) -> list[str]:
    """Markdown rows: one per executor, with runs/s and the speed-up over serial."""
    rows, reference, serial_rate = [], None, None
    for name, options in (
        ("serial", {}),
        ("local", {"workers": workers}),
        ("dask", {"workers": workers, "threads_per_worker": 1}),
    ):
        executor = get_executor(name, **options)
        try:
            if name != "serial":  # start the workers before the clock runs
                ensemble(
                    scenario,
                    model,
                    runs=chunk * workers,
                    seed=1,
                    executor=executor,
                    chunk_size=chunk,
                )
            samples, seconds = measure(
                lambda ex=executor: (
                    ensemble(
                        scenario, model, runs=runs, seed=0, executor=ex, chunk_size=chunk
                    ).samples
                )
            )
        finally:
            close = getattr(executor, "close", None)
            if close is not None:
                close()
        if reference is None:
            reference = samples
        identical = np.array_equal(samples, reference)
        rate = runs / seconds
        serial_rate = serial_rate or rate
        label = (
            f"dask LocalCluster ({workers} workers)"
            if name == "dask"
            else (f"local pool ({workers} processes)" if name == "local" else "serial")
        )
        rows.append(
            f"| {model} | {runs:,} | {chunk:,} | {label} | {seconds:.2f} | {rate:,.0f} "
            f"| {rate / serial_rate:.2f} | {'yes' if identical else 'NO'} |"
        )
        print(rows[-1], flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a hundredth of the runs")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--slow-runs", type=int, default=None, help="runs of the slowest model (default 100,000)"
    )
    args = parser.parse_args()
    scale = 100 if args.quick else 1
    scenario = bundled_scenario()
    slow, rate = slowest_model(scenario)
    print(f"scenario {scenario.id}; slowest model {slow} ({rate:,.0f} runs/s serial, 200 runs)")
    print("| model | runs | chunk | executor | seconds | runs/s | vs serial | identical |")
    print("| --- | ---: | ---: | --- | ---: | ---: | ---: | --- |")
    bench(scenario, "weighted-mean", 1_000_000 // scale, 20_000 // scale, args.workers)
    slow_runs = args.slow_runs or 100_000 // scale
    bench(scenario, slow, slow_runs, max(1, min(5_000, slow_runs // 20)), args.workers)


if __name__ == "__main__":
    main()

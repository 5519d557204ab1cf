"""Start-up cost of the command line: CPU seconds before and while doing small work.

Run: python -m benchmarks.startup [--quick] [--runs N]. Each command runs N times in a fresh
process; the table gives the median CPU time (user + system, from the children's rusage) and,
for reference, the floor Python and the command-line library set (Typer with its pydantic
coercion, Rich) cost by themselves.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys

FLOOR = [
    ("python (nothing imported)", ["-c", "pass"]),
    ("python + typer + rich (the CLI's libraries)", ["-c", "import typer._adapters, rich.table"]),
    ("import detente", ["-c", "import detente"]),
    ("import detente.models + list_models()",
     ["-c", "import detente.models.registry as r; r.list_models()"]),
]  # fmt: skip
COMMANDS = [
    ("detente --help", ["--help"]),
    ("detente scenarios", ["scenarios"]),
    ("detente models", ["models"]),
    ("detente forecast ec-car-emissions", ["forecast", "ec-car-emissions"]),
    ("detente forecast dummyData_3Dim --model smp", ["forecast", "dummyData_3Dim", "-m", "smp"]),
    ("detente trace ec-car-emissions --model bdm", ["trace", "ec-car-emissions", "-m", "bdm"]),
]
GOALS = {"detente --help": 0.4, "detente scenarios": 0.4}


def cpu_seconds(args: list[str], source: str | None = None) -> float:
    """CPU seconds (user + system) one run of ``python args`` took (``source``: another src/)."""
    env = dict(os.environ, PYTHONPATH=source) if source else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, *args], check=True, capture_output=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def median_of(argv: list[str], runs: int, source: str | None = None) -> list[float]:
    """``runs`` timings after one warm-up run (file cache, Numba's cache)."""
    cpu_seconds(argv, source)
    return [cpu_seconds(argv, source) for _ in range(runs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 runs per command")
    parser.add_argument("--runs", type=int, default=9, help="runs per command (median taken)")
    parser.add_argument(
        "--against", help="another version's src/ folder: time it too, in turn, for a ratio"
    )
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    other = " | other version | ratio" if args.against else ""
    print(f"| command | median CPU s ({runs} runs) | min | max | goal{other} |")
    print("| --- | --- | --- | --- | ---" + (" | --- | ---" if args.against else "") + " |")
    cases = [(label, argv) for label, argv in FLOOR]
    cases += [(label, ["-m", "detente", *argv]) for label, argv in COMMANDS]
    for label, argv in cases:
        times = median_of(argv, runs)
        now = statistics.median(times)
        goal = GOALS.get(label)
        verdict = "" if goal is None else f"< {goal}: {'met' if now < goal else 'missed'}"
        row = f"| {label} | {now:.2f} | {min(times):.2f} | {max(times):.2f} | {verdict}"
        if args.against:
            then = statistics.median(median_of(argv, runs, args.against))
            row += f" | {then:.2f} | {then / now:.1f}x"
        print(row + " |", flush=True)


if __name__ == "__main__":
    main()

"""Every model at scale: 2,000 actors x 1 issue, 6 actors x 1,000 issues, and two big runs.

    python -m benchmarks.sizes [--quick] [--timeout S] [--only MODEL ...] [--before DIR/src]

Goals (issue 16): every registered model finishes 2,000 actors x 1 issue and 1,000 issues x 6
actors in under 60 s and 4 GB; bdm plays one round of 10,000 actors in under 3 GB; smp plays a
whole run of 500 actors in under 60 s. Random actors (capability U(0.01, 1), position
U(0, 100), salience U(0.05, 1), seed 0), default parameters, one run each in a fresh process
(wall and CPU seconds from the model call, peak memory of the process). ``--before`` runs the
same cases on another tree too (no pairing: a case there may take many minutes).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks._child import load, run_case


def case(model: str, actors: int, issues: int, **params: Any) -> Callable[[], dict[str, float]]:
    from benchmarks.nash import random_arrays
    from detente.models.registry import get_model

    arrays = random_arrays(actors, issues)
    spec = get_model(model)

    def call() -> dict[str, float]:
        traj = spec(arrays, params, 0)
        return {"rounds": traj.rounds, "mean": float(traj.final.mean())}

    return call


def _cases(models: list[str], quick: bool) -> list[tuple[str, dict[str, Any], float, float]]:
    """(label, case arguments, seconds goal, GB goal)."""
    out = []
    for model in models:
        out.append((f"{model} 2,000 x 1", {"model": model, "actors": 2000, "issues": 1}, 60, 4))
        out.append((f"{model} 6 x 1,000", {"model": model, "actors": 6, "issues": 1000}, 60, 4))
    if not quick:
        big = {"model": "bdm", "actors": 10_000, "issues": 1, "rounds": 1, "record_offers": False}
        out.append(("bdm 10,000 x 1, one round", big, float("inf"), 3))
        out.append(("smp 500 x 1, whole run", {"model": "smp", "actors": 500, "issues": 1}, 60, 4))
    return out


def _row(label: str, r: dict[str, float], seconds: float, gb: float) -> str:
    if "timeout" in r:
        return f"| {label} | > {r['timeout']:.0f} | | | | missed: over {r['timeout']:.0f} s |"
    met = r["wall"] < seconds and r["peak_gb"] < gb
    goal = ("" if seconds == float("inf") else f"< {seconds:.0f} s, ") + f"< {gb:g} GB"
    rounds = f"{r.get('rounds', 0):.0f}"
    verdict = "met" if met else "MISSED"
    numbers = f"{r['wall']:.1f} | {r['cpu']:.1f} | {r['peak_gb']:.2f} | {rounds}"
    return f"| {label} | {numbers} | {goal}: {verdict} |"


def main() -> None:
    from detente.models.registry import list_models

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the two sizes only")
    parser.add_argument("--timeout", type=float, default=300, help="seconds a case may take")
    parser.add_argument("--only", nargs="*", help="these models only")
    parser.add_argument("--before", type=Path, help="src folder of a tree to run as well")
    args = parser.parse_args()
    models = args.only or [m.name for m in list_models()]
    print(f"load average at start: {load()}")
    print("| case | wall s | CPU s | peak GB | rounds | goal |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for label, params, seconds, gb in _cases(models, args.quick):
        if args.only and params["model"] not in args.only:
            continue
        for tag, src in (("", None), (" (before)", args.before)):
            if tag and src is None:
                continue
            r = run_case("benchmarks.sizes:case", params, src=src, timeout=args.timeout)
            print(_row(label + tag, r, seconds, gb), flush=True)
    print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()

"""Speed of the nash model: korea-2005 ensembles, 2,000 actors and 1,000 issues.

    python -m benchmarks.nash                     # this tree only
    python -m benchmarks.nash --before DIR/src    # and the ratio to another tree, pair by pair

Goal (issue 16): nash ensembles of korea-2005 at 1,000 runs/s or more. The runs are perturbed
as ``detente ensemble`` perturbs them (default uncertainty, seed 0) and solved in one call of
the model; each case runs in a fresh process, timed from the call (set-up excluded).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

import numpy as np

from benchmarks._child import load, paired, run_case


def korea(runs: int, solution: str) -> Callable[[], dict[str, float]]:
    """``runs`` perturbed copies of korea-2005 in one call."""
    from detente import load_scenario
    from detente.analysis.perturb import Perturbation, perturb_arrays
    from detente.models.registry import get_model

    s = load_scenario("korea-2005")
    arrays = perturb_arrays(s.to_arrays(runs), Perturbation().sds(s), np.random.default_rng(0))
    model = get_model("nash")
    return lambda: {"runs": runs, "mean": float(model(arrays, {"solution": solution}).final.mean())}


def synthetic(actors: int, issues: int, solution: str) -> Callable[[], dict[str, float]]:
    """One run of random actors (capability U(0.01, 1), position U(0, 100), salience
    U(0.05, 1), seed 0), everyone in one forum."""
    from detente.models.registry import get_model

    arrays = random_arrays(actors, issues)
    model = get_model("nash")
    return lambda: {"mean": float(model(arrays, {"solution": solution}).final.mean())}


def random_arrays(actors: int, issues: int, seed: int = 0):  # type: ignore[no-untyped-def]
    from detente.core.arrays import ScenarioArrays

    rng = np.random.default_rng(seed)
    return ScenarioArrays(
        actor_ids=tuple(f"a{k}" for k in range(actors)),
        issue_ids=tuple(f"i{k}" for k in range(issues)),
        position=rng.uniform(0, 100, (1, actors, issues)),
        salience=rng.uniform(0.05, 1, (1, actors, issues)),
        capability=rng.uniform(0.01, 1, (1, actors)),
        scale_low=np.zeros(issues),
        scale_high=np.full(issues, 100.0),
        forums=np.ones((1, actors), bool),
    )


CASES = [
    ("korea-2005 ensemble, Nash", "korea", {"runs": 1000, "solution": "nash"}),
    (
        "korea-2005 ensemble, Kalai-Smorodinsky",
        "korea",
        {"runs": 1000, "solution": "kalai-smorodinsky"},
    ),
    (
        "2,000 actors x 1 issue, Nash",
        "synthetic",
        {"actors": 2000, "issues": 1, "solution": "nash"},
    ),
    (
        "2,000 actors x 1 issue, K-S",
        "synthetic",
        {"actors": 2000, "issues": 1, "solution": "kalai-smorodinsky"},
    ),
    (
        "6 actors x 1,000 issues, Nash",
        "synthetic",
        {"actors": 6, "issues": 1000, "solution": "nash"},
    ),
    (
        "6 actors x 1,000 issues, K-S",
        "synthetic",
        {"actors": 6, "issues": 1000, "solution": "kalai-smorodinsky"},
    ),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="src folder of a tree to compare with")
    parser.add_argument("--pairs", type=int, default=5, help="runs of each tree (medians)")
    parser.add_argument("--runs", type=int, help="korea-2005 runs per call (default 1,000)")
    parser.add_argument("--quick", action="store_true", help="korea-2005 cases only, 100 runs")
    args = parser.parse_args()
    print(f"load average at start: {load()}")
    print(
        "| case | wall s | CPU s | runs/s (CPU) | peak GB |"
        + (" before wall s | before CPU s | CPU ratio |" if args.before else "")
    )
    print("| --- | ---: | ---: | ---: | ---: |" + (" ---: | ---: | ---: |" if args.before else ""))
    for label, case, params in CASES:
        if args.quick and case != "korea":
            continue
        params = dict(params)
        if case == "korea" and (args.runs or args.quick):
            params["runs"] = args.runs or 100
        name = f"benchmarks.nash:{case}"
        if args.before:
            r = paired(name, params, args.before, args.pairs)
            peak = run_case(name, params)["peak_gb"]
            extra = f" {r['wall_before']:.2f} | {r['cpu_before']:.2f} | {r['cpu_ratio']:.4f} |"
        else:
            r, extra = run_case(name, params), ""
            peak = r["peak_gb"]
        rate = f"{params['runs'] / r['cpu']:,.0f}" if "runs" in params else ""
        print(
            f"| {label} | {r['wall']:.2f} | {r['cpu']:.2f} | {rate} | {peak:.2f} |{extra}",
            flush=True,
        )
    print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()

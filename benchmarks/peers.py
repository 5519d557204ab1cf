"""Keep the lead: detente beside the peers it reproduces, on the peers' own cases.

    python -m benchmarks.peers

For each comparison detente's model is timed in a fresh process (CPU seconds of the model
call, and of the whole ``detente forecast`` command with start-up); the peers' figures are
constants measured by the team on this machine and cited in PEERS below (the peers are C++ or
Python 2 programs that cannot run here as part of a benchmark).
"""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Callable

import numpy as np

from benchmarks._child import ROOT, load, run_case

KTAB = ROOT / "benchmarks" / "data" / "ktab"
DECIDE = ROOT / "tests" / "data" / "decide"
KTAB_NOTES = "team's KTAB notes, sect. 2.5 (KTAB -O2, --logmin, user CPU s)"
BDM_NOTES = "team's BDM notes, sect. 4 (CPU s per round, synthetic actors)"
DECIDE_NOTES = "team's notes, sect. 3.3 (decide-exchange-model, Python 3.11)"

# (label, case, arguments, command file and model or None, peer, peer CPU s, source)
PEERS: list[tuple[str, str, dict[str, object], tuple[str, str] | None, str, float, str]] = [
    (
        "smp, KTAB dummyData-a040 (40 x 1, whole run)",
        "ktab",
        {"name": "dummyData-a040.csv"},
        (str(KTAB / "dummyData-a040.csv"), "smp"),
        "KTAB smpc",
        12.0,
        KTAB_NOTES,
    ),
    (
        "smp, KTAB dummyData-a080 (80 x 1, whole run)",
        "ktab",
        {"name": "dummyData-a080.csv"},
        (str(KTAB / "dummyData-a080.csv"), "smp"),
        "KTAB smpc",
        204.0,
        KTAB_NOTES,
    ),
    (
        "smp, synthetic 100 x 1 (whole run)",
        "ktab",
        {"name": "synth-a100-d1.csv"},
        (str(KTAB / "synth-a100-d1.csv"), "smp"),
        "KTAB smpc",
        1254.0,
        KTAB_NOTES,
    ),
    (
        "bdm, 10 actors, one round",
        "bdm_round",
        {"actors": 10},
        None,
        "Masad's replication (n^3)",
        0.0015,
        BDM_NOTES,
    ),
    (
        "bdm, 10 actors, one round",
        "bdm_round",
        {"actors": 10},
        None,
        "McKibben-Sanders' replication (n^6)",
        0.36,
        BDM_NOTES,
    ),
    (
        "bdm, 100 actors, one round",
        "bdm_round",
        {"actors": 100},
        None,
        "Masad's replication (n^3)",
        0.81,
        BDM_NOTES,
    ),
    (
        "bdm, 400 actors, one round",
        "bdm_round",
        {"actors": 400},
        None,
        "Masad's replication (n^3)",
        48.7,
        BDM_NOTES,
    ),
    (
        "exchange, COP21 (15 x 13), equal gain, 10 rounds",
        "cop21",
        {},
        None,
        "decide-exchange-model",
        53.0,
        DECIDE_NOTES,
    ),
]


def ktab(name: str) -> Callable[[], dict[str, float]]:
    from detente.models.registry import get_model
    from detente.scenario import load_scenario

    arrays = load_scenario(KTAB / name).to_arrays()
    spec = get_model("smp")
    return lambda: {"rounds": spec(arrays, {}, 0).rounds}


def bdm_round(actors: int) -> Callable[[], dict[str, float]]:
    from benchmarks.nash import random_arrays
    from detente.models.registry import get_model

    arrays = random_arrays(actors, 1)
    spec = get_model("bdm")
    return lambda: {"rounds": spec(arrays, {"rounds": 1, "record_offers": False}).rounds}


def cop21() -> Callable[[], dict[str, float]]:
    from detente.models.registry import get_model
    from detente.scenario import load_scenario

    arrays = load_scenario(DECIDE / "cop21.csv").to_arrays()
    spec = get_model("exchange")
    return lambda: {"rounds": spec(arrays, {"rounds": 10}, 0).rounds}


def whole_command(path: str, model: str) -> float:
    """CPU seconds of ``detente forecast PATH --model MODEL`` as a command, start-up included."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-m", "detente", "forecast", path, "--model", model],
        check=True,
        capture_output=True,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    print(f"load average at start: {load()}")
    head = ["case", "detente model CPU s", "detente command CPU s", "peer", "peer CPU s"]
    print("| " + " | ".join([*head, "peer / detente", "source"]) + " |")
    print("| --- | ---: | ---: | --- | ---: | ---: | --- |")
    for label, case, args, command, peer, peer_cpu, source in PEERS:
        cpu = float(
            np.median([run_case(f"benchmarks.peers:{case}", args)["cpu"] for _ in range(3)])
        )
        whole = float(np.median([whole_command(*command) for _ in range(3)])) if command else None
        shown = "" if whole is None else f"{whole:.2f}"
        ratio = f"{peer_cpu / cpu:,.0f}x" + (
            "" if whole is None else f" ({peer_cpu / whole:,.0f}x)"
        )
        print(
            f"| {label} | {cpu:.4f} | {shown} | {peer} | {peer_cpu:g} | {ratio} | {source} |",
            flush=True,
        )
    print(f"load average at end: {load()}")


if __name__ == "__main__":
    main()

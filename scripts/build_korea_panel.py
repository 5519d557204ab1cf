"""Build the bundled SYNTHETIC expert panel `korea-2005-panel` on the korea-2005 scenario.

Usage (from the repository root)::

    PYTHONPATH=src python scripts/build_korea_panel.py [--out DIR] [--check]

Six made-up experts (two with US, two with Russian, one with Chinese and one with Korean
perspectives) assess korea-2005 over three Delphi rounds. Nothing here is anyone's real judgement:
each expert's round-1 numbers are the scenario's values shifted by a stated perspective bias
(below) plus seeded noise; in rounds 2 and 3 each expert moves part of the way towards the
previous round's group median (their stated ``pull``) and narrows their ranges, as Delphi panels
typically do. Round 3 lists only the cells an expert changed; the others stand from round 2.
The seed is fixed, so the files are rebuilt bit for bit.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

from detente.panel.files import write_member_yaml
from detente.panel.records import Estimate
from detente.scenario import Scenario, load_scenario

OUTPUT = Path(__file__).resolve().parents[1] / "src/detente/data/panels/korea-2005-panel"
SEED = 20050919
ROUNDS = 3
JITTER = {"position": 1.0, "salience": 0.01, "capability": 0.5}  # sd of a revision's noise


@dataclass(frozen=True)
class Expert:
    """A synthetic expert: a perspective, how they read each party, how far they follow the group.

    ``bias`` shifts every position of an actor (points, 0-100); ``clout`` multiplies an actor's
    capability; ``own`` are the actors whose saliences they assess and know best; ``pull`` is the
    share of the gap to the group median they close each round; ``noise`` the sd of their
    round-1 idiosyncrasy (points).
    """

    name: str
    perspective: str
    bias: dict[str, float]
    clout: dict[str, float]
    own: tuple[str, ...]
    pull: float
    noise: float
    width: float


EXPERTS = (
    Expert("us-nonproliferation", "US perspective (nonproliferation specialist)",
           {"DPRK": -10, "CHN": -6, "RUS": -4}, {"US": 1.1, "DPRK": 0.8}, ("US", "DPRK"),
           0.35, 8, 14),
    Expert("us-engagement", "US perspective (engagement advocate)",
           {"US": -5, "DPRK": 6, "ROK": 4}, {"CHN": 1.1}, ("US", "ROK"), 0.55, 7, 16),
    Expert("ru-diplomat", "Russian perspective (diplomatic practitioner)",
           {"US": 8, "JPN": 6, "RUS": -6}, {"RUS": 1.35, "US": 0.9}, ("RUS", "DPRK"),
           0.4, 8, 15),
    Expert("ru-scholar", "Russian perspective (regional security scholar)",
           {"US": 5, "DPRK": 4, "RUS": -3}, {"RUS": 1.2}, ("RUS", "CHN"), 0.6, 9, 18),
    Expert("cn-analyst", "Chinese perspective (foreign policy analyst)",
           {"US": 6, "CHN": -6, "JPN": 5}, {"CHN": 1.15, "JPN": 0.9}, ("CHN", "DPRK"),
           0.45, 8, 15),
    Expert("kr-analyst", "Korean perspective (ROK unification policy analyst)",
           {"DPRK": 3, "ROK": -4, "JPN": 4}, {"ROK": 1.2}, ("ROK", "DPRK", "JPN"), 0.5, 7, 13),
)  # fmt: skip


Cells = dict[tuple[str, str, str], float]


def round_one(s: Scenario, e: Expert, rng: np.random.Generator) -> Cells:
    """An expert's first answers: the scenario's values read through their perspective."""
    cells: Cells = {}
    for a in s.actor_ids:
        for i in s.issue_ids:
            base = s.stances[a][i].position
            cells[("position", a, i)] = base + e.bias.get(a, 0.0) + rng.normal(0, e.noise)
            if a in e.own:
                cells[("salience", a, i)] = s.stances[a][i].salience + rng.normal(0, 0.1)
        cells[("capability", a, "")] = (
            s.actor(a).capability * e.clout.get(a, 1.0) * float(np.exp(rng.normal(0, 0.1)))
        )
    return cells


def clean(kind: str, value: float) -> float:
    """Round to what a person would write, inside the admissible range."""
    if kind == "position":
        return float(np.clip(round(value), 0, 100))
    if kind == "salience":
        return float(np.clip(round(value, 2), 0, 1))
    return float(max(1, round(value)))


def estimate(kind: str, a: str, i: str, value: float, width: float, e: Expert, n: int) -> Estimate:
    """The cell as the expert writes it: value, a 5%-95% range, confidence and a reason."""
    own = a in e.own
    scale = {"position": 1.0, "salience": 0.01, "capability": value / 100}[kind]
    half = width * scale * (0.7 if own else 1.0)
    hi_bound = {"position": 100.0, "salience": 1.0, "capability": float("inf")}[kind]
    lo_bound = 1.0 if kind == "capability" else 0.0
    low = clean(kind, max(lo_bound, value - half))
    high = clean(kind, min(hi_bound, value + half))
    confidence = round(min(0.9, (0.75 if own else 0.5) + 0.05 * (n - 1)), 2)
    reason = "synthetic: " + ("own statements" if own else "inferred from conduct")
    if n > 1:
        reason += "; revised towards the group"
    return Estimate(kind=kind, actor=a, issue=i, value=value, low=min(low, value),
                    high=max(high, value), confidence=confidence, rationale=reason)  # fmt: skip


def build(s: Scenario) -> dict[str, tuple[Expert, dict[int, list[Estimate]]]]:
    rng = np.random.default_rng(SEED)
    answers = {
        e.name: {k: clean(k[0], v) for k, v in round_one(s, e, rng).items()} for e in EXPERTS
    }
    history = {e.name: {1: dict(answers[e.name])} for e in EXPERTS}
    for n in range(2, ROUNDS + 1):
        medians = _medians(answers)
        for e in EXPERTS:
            mine = answers[e.name]
            for key, value in mine.items():
                step = e.pull * (medians[key] - value) + rng.normal(0, JITTER[key[0]])
                mine[key] = clean(key[0], value + step)
            history[e.name][n] = dict(mine)
    out = {}
    for e in EXPERTS:
        rounds: dict[int, list[Estimate]] = {}
        for n in range(1, ROUNDS + 1):
            width = e.width * (0.8 ** (n - 1))
            before = history[e.name].get(n - 1, {})
            keys = [k for k, v in history[e.name][n].items() if n < ROUNDS or before.get(k) != v]
            rounds[n] = [estimate(*k, history[e.name][n][k], width, e, n) for k in keys]
        out[e.name] = (e, rounds)
    return out


def _medians(answers: dict[str, Cells]) -> Cells:
    keys = {k for cells in answers.values() for k in cells}
    return {k: float(np.median([c[k] for c in answers.values() if k in c])) for k in keys}


MANIFEST = {
    "name": "korea-2005-panel",
    "scenario": "korea-2005",
    "synthetic": True,
    "description": (
        "SYNTHETIC demonstration panel: six made-up experts (two with US, two with Russian, one "
        "with Chinese and one with Korean perspectives) assess the korea-2005 scenario over three "
        "Delphi rounds. Their numbers are generated by scripts/build_korea_panel.py from the "
        "scenario's values, a stated perspective bias and seeded noise; they are nobody's real "
        "judgement and must not be cited as expert opinion."
    ),
    "facilitator": "facilitator",
    "members": {e.name: {"perspective": e.perspective} for e in EXPERTS},
}


def write(folder: Path) -> None:
    """Write the manifest and the six member files into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "panel.yaml").write_text(
        "# detente expert panel (format: docs/panels.md). SYNTHETIC: not real expert judgement.\n"
        + yaml.safe_dump(MANIFEST, sort_keys=False, width=100),
        encoding="utf-8",
    )
    for name, (e, rounds) in build(load_scenario("korea-2005")).items():
        write_member_yaml(folder / f"{name}.yaml", name, e.perspective, rounds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="only check the committed files")
    args = parser.parse_args()
    if not args.check:
        write(args.out)
        print(f"wrote {args.out}")
        return 0
    with tempfile.TemporaryDirectory() as scratch:
        fresh = Path(scratch)
        write(fresh)
        stale = [
            p.name
            for p in sorted(fresh.iterdir())
            if not (args.out / p.name).is_file()
            or (args.out / p.name).read_text(encoding="utf-8") != p.read_text(encoding="utf-8")
        ]
    print(f"{args.out}: {'OUT OF DATE: ' + ', '.join(stale) if stale else 'up to date'}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())

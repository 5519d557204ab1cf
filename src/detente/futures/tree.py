"""The scenario tree: futures with their weights -> where the talks land in each -> which
roadmap stages every party keeps to in every future.

Each consistent future becomes a changed negotiation scenario (:mod:`.bridge`); the model
forecasts it with an ensemble interval (:func:`detente.analysis.ensemble`, the same seed in
every future, so differences come from the futures and not from the draws); the bundled
roadmaps on the scenario get their incentive check (:func:`detente.roadmap.check`) in each
future. The futures' forecasts are pooled into a mixture weighted by the futures' weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from detente.analysis.batches import as_scenario, point_forecast
from detente.analysis.ensemble import ensemble
from detente.analysis.perturb import Perturbation
from detente.errors import DetenteError
from detente.futures.bridge import bridge_changes, future_scenario, weigh
from detente.futures.load import Futures, read_futures
from detente.futures.search import solve
from detente.futures.solution import number
from detente.scenario import Scenario

QUANTILES = (0.05, 0.5, 0.95)


@dataclass(frozen=True)
class ScenarioTree:
    """Futures, per-issue forecasts in each, and roadmap stages across them.

    Attributes
    ----------
    futures : one row per future: future, weight, total_impact_score, one column per
        descriptor, changes (the what-if changes, as text)
    forecasts : one row per (future, issue): weight, point, p05, median, p95
    combined : one row per issue: base (no future), expected (weighted mean of the points), and
        p05, median, p95 of the weighted mixture of every future's ensemble
    stages : one row per (roadmap, stage): futures where every party keeps to it, their total
        weight, and a verdict: all, some or none of the futures
    info : scenario, model, runs, seed, weighting and its note
    notes : what was left out and why
    """

    futures: pd.DataFrame
    forecasts: pd.DataFrame
    combined: pd.DataFrame
    stages: pd.DataFrame
    info: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    def points(self) -> pd.DataFrame:
        """Issues down, futures across: the point forecasts, with the base and the expectation.

        Returns
        -------
        pandas.DataFrame
            Columns issue, base, one per future, expected.
        """
        wide = self.forecasts.pivot(index="issue", columns="future", values="point")
        frame = pd.DataFrame({"issue": self.combined["issue"], "base": self.combined["base"]})
        for label in self.futures["future"]:
            frame[label] = wide.loc[frame["issue"], label].to_numpy()
        frame["expected"] = self.combined["expected"].to_numpy()
        return frame

    def intervals(self) -> pd.DataFrame:
        """Issues down, futures across: each future's 90 % interval as 'p05-p95' (for reading).

        Returns
        -------
        pandas.DataFrame
            Columns issue and one per future.
        """
        frame = pd.DataFrame({"issue": self.combined["issue"]})
        for label, part in self.forecasts.groupby("future", sort=False):
            frame[label] = [
                f"{lo:.0f}-{hi:.0f}" for lo, hi in zip(part["p05"], part["p95"], strict=True)
            ]
        return frame

    def payload(self) -> dict[str, Any]:
        """The JSON shape of ``detente futures tree`` (docs/json-output.md).

        Returns
        -------
        dict
            The info fields, futures, forecasts, combined, stages and notes.
        """
        descriptors = [
            c
            for c in self.futures.columns
            if c not in ("future", "weight", "total_impact_score", "changes")
        ]
        futures = [
            {
                "id": row["future"],
                "weight": row["weight"],
                "total_impact_score": row["total_impact_score"],
                "variants": {d: row[d] for d in descriptors},
                "changes": row["changes"].split("; ") if row["changes"] else [],
            }
            for row in self.futures.to_dict(orient="records")
        ]
        return {
            **self.info,
            "futures": futures,
            "forecasts": self.forecasts.to_dict(orient="records"),
            "combined": self.combined.to_dict(orient="records"),
            "stages": self.stages.to_dict(orient="records"),
            "notes": list(self.notes),
        }


def weighted_quantiles(values: np.ndarray, weights: np.ndarray, qs: Sequence[float]) -> np.ndarray:
    """Quantiles of a weighted sample: the smallest value whose cumulative weight reaches q.

    Parameters
    ----------
    values : (m,) the sample
    weights : (m,) non-negative weights, not all zero
    qs : the probabilities wanted

    Returns
    -------
    numpy.ndarray
        One value of the sample per q.
    """
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    cum /= cum[-1]
    idx = np.searchsorted(cum, np.asarray(qs) - 1e-12, side="left")
    return values[order][np.minimum(idx, len(values) - 1)]


def scenario_tree(
    futures: Futures | str | Path,
    scenario: Scenario | str | Path,
    model: str = "weighted-median",
    runs: int = 1000,
    seed: int | None = 0,
    weights: str = "basin",
    roadmaps: Sequence[str] | None = None,
    max_inconsistency: float = 0.0,
    perturb: Perturbation | None = Perturbation(),
    params: Mapping[str, Any] | None = None,
    samples: int | None = None,
    executor: Any = None,
    progress: Any = None,
) -> ScenarioTree:
    """Forecast the talks in every consistent future and check the roadmaps in each.

    Parameters
    ----------
    futures : a :class:`Futures`, a bundled name (``dprk-futures``) or a file
    scenario : the negotiation scenario the futures bridge onto (``korea-2005``)
    model : the negotiation model (``detente models``)
    runs : ensemble runs per future (the interval is the 5-95 % range)
    seed : seed of the ensembles (the same in every future) and of sampled basins
    weights : basin, prior or equal (see :func:`detente.futures.bridge.weigh`)
    roadmaps : roadmaps to check (default: the bundled ones on this scenario)
    max_inconsistency : futures up to this inconsistency (0: the consistent ones)
    samples : random starts for the basins when the product is too large to walk
    executor : where the ensembles run
    progress : told ``(futures done, futures)`` after each future

    Returns
    -------
    ScenarioTree
        The futures with their weights, the forecasts per future and issue with their
        intervals, the weighted combination, and the roadmap stages across the futures.
    """
    study = read_futures(futures) if not isinstance(futures, Futures) else futures
    base = as_scenario(scenario)
    found = solve(study.matrix, max_inconsistency)
    if not len(found):
        raise DetenteError(
            f"{study.source}: no future has inconsistency <= {max_inconsistency:g} "
            "(fix: allow more, e.g. --inconsistency 1)"
        )
    w, note, _ = weigh(study, found, weights, samples, seed)
    order = np.argsort(-w, kind="stable")
    how = _Forecasts(model, runs, seed, perturb, params, executor)
    branches = []
    for n, k in enumerate(order):
        branches.append(_branch(study, base, found, int(k), f"F{n + 1}", float(w[k]), how))
        if progress is not None:
            progress(n + 1, len(order))
    weights_sorted = w[order]
    long_rows = [row for b in branches for row in b.forecasts]
    combined = _combined(
        base, model, params, seed, long_rows, [b.samples for b in branches], weights_sorted
    )
    stages, notes = _stages(
        base, [b.scenario for b in branches], [b.row["future"] for b in branches],
        weights_sorted, roadmaps,
    )  # fmt: skip
    info = {
        "source": study.source, "scenario": base.id, "model": model, "runs": runs, "seed": seed,
        "weights": weights, "weight_note": note, "max_inconsistency": max_inconsistency,
        "illustrative": study.spec.illustrative,
    }  # fmt: skip
    rows = [b.row for b in branches]
    return ScenarioTree(pd.DataFrame(rows), pd.DataFrame(long_rows), combined, stages, info, notes)


@dataclass(frozen=True)
class _Forecasts:
    """How every future is forecast: the same model, runs, seed and perturbations."""

    model: str
    runs: int
    seed: int | None
    perturb: Perturbation | None
    params: Mapping[str, Any] | None
    executor: Any


@dataclass(frozen=True)
class _Branch:
    """One future of the tree: its changed scenario, its row, its forecasts and samples."""

    scenario: Scenario
    row: dict[str, Any]
    forecasts: list[dict[str, Any]]
    samples: np.ndarray


def _branch(
    study: Futures,
    base: Scenario,
    found: Any,
    k: int,
    label: str,
    weight: float,
    how: _Forecasts,
) -> _Branch:
    """Future ``k`` of the solution set as a changed scenario, forecast with an ensemble."""
    variants = found.scenarios()[k]
    changes = bridge_changes(study, base.id, variants)
    changed = future_scenario(base, changes, label)
    result = ensemble(
        changed, how.model, params=how.params, seed=how.seed, executor=how.executor,
        runs=how.runs, perturb=how.perturb,
    )  # fmt: skip
    row = {
        "future": label,
        "weight": weight,
        "total_impact_score": number(found.total_impact_score[k], study.matrix.is_integer),
        **variants,
        "changes": "; ".join(c.to_text() for c in changes),
    }
    summary = result.summary
    columns = ("issue", "point", "p05", "median", "p95")
    forecasts = [
        {"future": label, "weight": weight, **{c: summary[c].iloc[j] for c in columns}}
        for j in range(len(summary))
    ]
    return _Branch(changed, row, forecasts, result.samples)


def _combined(
    base: Scenario,
    model: str,
    params: Mapping[str, Any] | None,
    seed: int | None,
    long_rows: list[dict[str, Any]],
    samples_of: list[np.ndarray],
    weights: np.ndarray,
) -> pd.DataFrame:
    issues = base.issue_ids
    points = pd.DataFrame(long_rows).pivot(index="issue", columns="future", values="point")
    labels = [f"F{k + 1}" for k in range(len(weights))]
    expected = points.loc[issues, labels].to_numpy() @ weights
    pooled = np.concatenate(samples_of, axis=0)
    pooled_w = np.concatenate(
        [np.full(len(s), wk / len(s)) for s, wk in zip(samples_of, weights, strict=True)]
    )
    qs = np.array(
        [weighted_quantiles(pooled[:, j], pooled_w, QUANTILES) for j in range(len(issues))]
    )
    return pd.DataFrame(
        {
            "issue": issues,
            "base": point_forecast(base, model, params, seed),
            "expected": expected,
            "p05": qs[:, 0],
            "median": qs[:, 1],
            "p95": qs[:, 2],
        }
    )


def _stages(
    base: Scenario,
    scenarios: list[Scenario],
    labels: list[str],
    weights: np.ndarray,
    names: Sequence[str] | None,
) -> tuple[pd.DataFrame, list[str]]:
    from detente.roadmap import check, read_roadmap

    columns = ["roadmap", "stage", "base", "passes_in", "futures", "weight", "verdict", "fails_in"]
    notes: list[str] = []
    rows = []
    for name in names if names is not None else roadmaps_on(base.id):
        loaded = read_roadmap(name)
        if loaded.scenario.id != base.id:
            notes.append(f"roadmap {name} is on '{loaded.scenario.id}', not '{base.id}': left out")
            continue
        base_pass = _passes(loaded.roadmap, base, check)
        per_future: list[dict[str, bool] | None] = []
        for label, s in zip(labels, scenarios, strict=True):
            try:
                per_future.append(_passes(loaded.roadmap, s, check))
            except DetenteError as exc:
                per_future.append(None)
                notes.append(f"roadmap {name} in future {label}: not checked ({exc})")
        for stage in loaded.roadmap.stages:
            ok = [p is not None and p[stage.id] for p in per_future]
            passed = int(sum(ok))
            rows.append(
                {
                    "roadmap": name,
                    "stage": stage.id,
                    "base": base_pass[stage.id],
                    "passes_in": passed,
                    "futures": len(labels),
                    "weight": float(weights[np.array(ok, bool)].sum()),
                    "verdict": "all" if passed == len(labels) else "some" if passed else "none",
                    "fails_in": ", ".join(
                        lb for lb, good in zip(labels, ok, strict=True) if not good
                    ),
                }
            )
    return pd.DataFrame(rows, columns=columns), notes


def roadmaps_on(scenario_id: str) -> list[str]:
    """Names of the bundled roadmaps played on a scenario.

    Parameters
    ----------
    scenario_id : the negotiation scenario's id

    Returns
    -------
    list[str]
        Roadmap names :func:`detente.roadmap.read_roadmap` takes.
    """
    import yaml

    from detente.roadmap.load import BUNDLED, bundled_roadmap_path

    names = []
    for name in BUNDLED:
        head = yaml.safe_load(bundled_roadmap_path(name).read_text(encoding="utf-8"))
        if isinstance(head, dict) and head.get("scenario") == scenario_id:
            names.append(name)
    return names


def _passes(roadmap: Any, scenario: Scenario, check: Any) -> dict[str, bool]:
    """Whether every party keeps to each stage (no margin below zero) in this scenario."""
    gone = sorted({a.actor for a in roadmap.actions} - set(scenario.actor_ids))
    if gone:
        raise DetenteError(f"its actions belong to {', '.join(gone)}, who left the talks")
    table = check(roadmap, scenario).table
    return {
        str(stage): not bool(part["defects"].any())
        for stage, part in table.groupby("stage", sort=False)
    }

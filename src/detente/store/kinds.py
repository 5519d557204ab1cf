"""What each kind of run computes, so that a stored run can be recorded and replayed.

A kind maps (scenario, model, params, seed, options) to named tidy tables. The same function
computes a run the first time and again on replay, which then checks the tables bit for bit.
Analysis kinds are looked up lazily in :mod:`detente.analysis`, so the store does not need it.
"""

from __future__ import annotations

import datetime as dt
import importlib
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from detente.core.trajectory import Trajectory
from detente.errors import DetenteError, UnknownNameError
from detente.scenario import Scenario
from detente.store.store import RunStore, StoredRun

Tables = dict[str, pd.DataFrame]
Compute = Callable[[Scenario, str, dict[str, Any], int | None, dict[str, Any]], Tables]


def trajectory_tables(traj: Trajectory, rounds: bool = False) -> Tables:
    """The tables of a trajectory's first run: the final forecast per issue (with the weighted
    median and mean), and with ``rounds`` the forecast and every position per round."""
    issues = list(enumerate(traj.issue_ids))
    final = pd.DataFrame(
        [
            (i, traj.forecast[-1, 0, j], traj.median[-1, 0, j], traj.mean[-1, 0, j])
            for j, i in issues
        ],
        columns=["issue", "forecast", "median", "mean"],
    )
    if not rounds:
        return {"forecast": final}
    steps = range(traj.rounds + 1)
    per_round = pd.DataFrame(
        [(r, issue, traj.forecast[r, 0, j]) for r in steps for j, issue in issues],
        columns=["round", "issue", "forecast"],
    )
    positions = pd.DataFrame(
        [
            (r, actor, issue, traj.positions[r, 0, a, j])
            for r in steps
            for a, actor in enumerate(traj.actor_ids)
            for j, issue in issues
        ],
        columns=["round", "actor", "issue", "position"],
    )
    return {"forecast": final, "rounds": per_round, "positions": positions}


def forecast_tables(
    scenario: Scenario, model: str, params: dict[str, Any], seed: int | None, options: dict
) -> Tables:
    """Final forecast, weighted median and mean per issue (first run of the batch)."""
    from detente.api import simulate

    return trajectory_tables(simulate(scenario, model, params, seed))


def trace_tables(
    scenario: Scenario, model: str, params: dict[str, Any], seed: int | None, options: dict
) -> Tables:
    """The final forecast, the forecast per round and every actor's position per round."""
    from detente.api import simulate

    return trajectory_tables(simulate(scenario, model, params, seed), rounds=True)


def ensemble_tables(
    scenario: Scenario, model: str, params: dict[str, Any], seed: int | None, options: dict
) -> Tables:
    """The per-issue summary of a perturbed ensemble.

    ``options``: runs, thresholds, chunk_size, and perturb as a dict of Perturbation fields.
    """
    analysis = importlib.import_module("detente.analysis")
    kwargs = _with_perturbation(analysis, options)
    result = analysis.ensemble(scenario, model, seed=seed, params=params, **kwargs)
    return {"summary": result.summary}


def backtest_tables(
    scenario: Scenario, model: str, params: dict[str, Any], seed: int | None, options: dict
) -> Tables:
    """Per-issue errors against the known outcomes and their MAE summary for one scenario.

    ``options``: models (a list, or None for every model) and outcome (an id or None); ``model``
    only labels the run (the models are in the options), params and seed are not used.
    """
    analysis = importlib.import_module("detente.analysis")
    table = analysis.backtest(scenario, options.get("models"), options.get("outcome"))
    return {"backtest": table, "summary": analysis.summarize(table)}


def _with_perturbation(analysis: Any, options: dict[str, Any]) -> dict[str, Any]:
    """The options with a stored perturbation (a dict of its fields) turned back into one."""
    kwargs = dict(options)
    if isinstance(kwargs.get("perturb"), dict):
        kwargs["perturb"] = analysis.Perturbation(**kwargs["perturb"])
    return kwargs


def _analysis_table(function: str) -> Compute:
    """A kind whose one table is what ``detente.analysis.<function>`` returns."""

    def compute(
        scenario: Scenario, model: str, params: dict[str, Any], seed: int | None, options: dict
    ) -> Tables:
        analysis = importlib.import_module("detente.analysis")
        run = getattr(analysis, function)
        kwargs = _with_perturbation(analysis, options)
        return {function: run(scenario, model=model, seed=seed, params=params, **kwargs)}

    compute.__doc__ = f"The table of :func:`detente.analysis.{function}` (options: its arguments)."
    return compute


KINDS: dict[str, Compute] = {
    "forecast": forecast_tables,
    "trace": trace_tables,
    "ensemble": ensemble_tables,
    "sensitivity": _analysis_table("sensitivity"),
    "influence": _analysis_table("influence"),
    "whatif": _analysis_table("whatif"),
    "backtest": backtest_tables,
}


def compute(
    kind: str,
    scenario: Scenario,
    model: str,
    params: Mapping[str, Any] | None = None,
    seed: int | None = 0,
    options: Mapping[str, Any] | None = None,
) -> Tables:
    """The tables a run of ``kind`` produces (nothing is recorded)."""
    try:
        fn = KINDS[kind]
    except KeyError:
        raise UnknownNameError(f"no run kind '{kind}' (known: {', '.join(KINDS)})") from None
    return fn(scenario, model, dict(params or {}), seed, dict(options or {}))


def run_and_record(
    store: RunStore,
    kind: str,
    scenario: Scenario,
    model: str,
    params: Mapping[str, Any] | None = None,
    seed: int | None = 0,
    options: Mapping[str, Any] | None = None,
    note: str | None = None,
) -> tuple[int, Tables]:
    """Compute a run, time it and record it; a failing run is recorded as 'failed' and re-raised."""
    started = dt.datetime.now(dt.UTC)
    inputs: dict[str, Any] = {
        "kind": kind, "scenario": scenario, "model": model, "seed": seed, "note": note,
        "params": dict(params or {}), "options": dict(options or {}),
    }  # fmt: skip
    try:
        tables = compute(kind, scenario, model, params, seed, options)
    except DetenteError as exc:
        error = "".join(traceback.format_exception_only(exc))
        store.record(**inputs, tables={}, started_at=started,
                     finished_at=dt.datetime.now(dt.UTC), status="failed", error=error)  # fmt: skip
        raise
    run_id = store.record(**inputs, tables=tables, started_at=started,
                          finished_at=dt.datetime.now(dt.UTC))  # fmt: skip
    return run_id, tables


@dataclass(frozen=True)
class Replay:
    """The outcome of re-running a stored run from its stored inputs."""

    run: StoredRun
    tables: Tables
    differences: pd.DataFrame

    @property
    def identical(self) -> bool:
        """True when every table came out bit for bit the same."""
        return self.differences.empty


def replay(store: RunStore, run_id: int) -> Replay:
    """Re-run a stored run from its stored scenario, model, params, seed and options."""
    from detente.store.tables import decode_table, encode_table

    run = store.get(run_id)
    if run.status != "ok":
        raise DetenteError(f"run {run_id} failed when recorded; there are no results to check")
    tables = compute(run.kind, run.scenario(), run.model, run.params, run.seed, run.options)
    # Compare what would be stored now with what was stored (exact, NaN-safe).
    fresh = {name: decode_table(encode_table(df)) for name, df in tables.items()}
    rows = []
    for name in sorted(set(fresh) | set(run.tables)):
        old, new = run.tables.get(name), fresh.get(name)
        if old is None or new is None:
            rows.append(
                {"table": name, "problem": "missing in " + ("store" if old is None else "replay")}
            )
        elif not old.equals(new):
            rows.append({"table": name, "problem": "values differ"})
    return Replay(run, tables, pd.DataFrame(rows, columns=["table", "problem"]))

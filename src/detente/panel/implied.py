"""What each set of estimates implies: every model on every member's scenario and on the pool.

:func:`member_forecasts` runs models on each member's completed scenario (their own values, the
pooled value where they gave none) and on the pooled scenario, side by side.
:func:`panel_ensemble` samples members as well as each member's stated uncertainty and splits the
forecast's variance into the part that comes from the experts disagreeing and the part that
comes from each expert's own doubt, by the law of total variance.

References
----------
Blitzstein, J. K. & Hwang, J. (2019). Introduction to Probability, 2nd ed. CRC Press, section 9.5
(the law of total variance, "Eve's law": Var(Y) = E[Var(Y | X)] + Var(E[Y | X])).
Hawkins, E. & Sutton, R. (2009). The potential to narrow uncertainty in regional climate
predictions. Bulletin of the American Meteorological Society 90(8), 1095-1108 (the same split of
an ensemble's variance into between-source and within-source parts).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from detente.errors import DetenteError
from detente.execute import Chunk, Executor, get_executor, plan_chunks
from detente.execute.base import DEFAULT_CHUNK, Cancel, Progress, map_in_groups
from detente.models.registry import get_model, list_models
from detente.panel.cells import cell_kind
from detente.panel.data import PanelData
from detente.panel.pool import Beliefs, Grid, Pooling, cell_table
from detente.panel.scenarios import member_scenarios, pooled_scenario
from detente.scenario import Scenario, ScenarioArrays

POOLED = "pooled"


def model_names(models: Sequence[str] | str | None) -> list[str]:
    """Model names from a list, 'all', a comma-separated text or None.

    Parameters
    ----------
    models : the models asked for

    Returns
    -------
    list[str]
        Registered model names (None: the weighted median; 'all': every model); an unknown name
        is an UnknownNameError listing the known.
    """
    if models is None:
        return ["weighted-median"]
    if isinstance(models, str):
        models = [m.strip() for m in models.split(",") if m.strip()]
    if list(models) == ["all"]:
        return [m.name for m in list_models()]
    for name in models:
        get_model(name)  # unknown -> UnknownNameError naming the known ones
    return list(models)


def final_forecast(
    scenario: Scenario, model: str, params: Mapping[str, Any] | None = None, seed: int = 0
) -> np.ndarray:
    """The model's final forecast per issue on a scenario.

    Parameters
    ----------
    scenario : the scenario
    model : a registered model
    params : the model's parameters (over the scenario's stored ones)
    seed : seed of the model's draws

    Returns
    -------
    numpy.ndarray
        (issues,) the forecast.
    """
    spec = get_model(model)
    merged = spec.params({**scenario.params.get(model, {}), **dict(params or {})})
    return np.asarray(spec(scenario.to_arrays(), merged, seed).final[0], dtype=float)


def member_forecasts(
    data: PanelData,
    models: Sequence[str] | str | None = None,
    *,
    round_number: int | None = None,
    pooling: Pooling = Pooling(),
    params: Mapping[str, Any] | None = None,
    seed: int = 0,
    cells: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Every model's forecast on the pooled scenario and on each member's completed scenario.

    Parameters
    ----------
    data : the panel
    models : model names, 'all', or None (the weighted median)
    round_number : the round (None: the last)
    pooling : how cells are pooled
    params : the models' parameters
    seed : seed of the models' draws
    cells : the round's :func:`~detente.panel.pool.cell_table`, when already computed

    Returns
    -------
    pandas.DataFrame
        Tidy: model, set ('pooled' or the member), issue, forecast; the pooled set first, then
        the members in the order they appear in the round.
    """
    cells = cell_table(data, round_number, pooling) if cells is None else cells
    sets = {POOLED: pooled_scenario(data, round_number, pooling, cells)}
    sets.update(member_scenarios(data, round_number, pooling, cells))
    issues = data.scenario.issue_ids
    rows = []
    for model in model_names(models):
        for label, scenario in sets.items():
            values = final_forecast(scenario, model, params, seed)
            rows += [(model, label, i, float(v)) for i, v in zip(issues, values, strict=True)]
    return pd.DataFrame(rows, columns=["model", "set", "issue", "forecast"])


def wide_forecasts(table: pd.DataFrame, model: str) -> pd.DataFrame:
    """One model's rows of :func:`member_forecasts` as issue x set.

    Parameters
    ----------
    table : the tidy table
    model : the model

    Returns
    -------
    pandas.DataFrame
        Columns: issue, pooled, then one per member.
    """
    part = table[table["model"] == model]
    wide = part.pivot(index="issue", columns="set", values="forecast")
    wide = wide.loc[list(dict.fromkeys(part["issue"])), list(dict.fromkeys(part["set"]))]
    wide.columns.name = None
    return wide.reset_index()


@dataclass(frozen=True)
class PanelEnsemble:
    """An ensemble over members and their stated uncertainty, with its variance split.

    Attributes
    ----------
    summary : per issue: pooled (the pooled scenario's forecast), mean, p05, p50, p95, total_var,
        within_var (mean over members of the variance given the member: their own doubt),
        between_var (variance over members of their mean forecast: disagreement) and
        disagreement_share = between_var / total_var
    by_member : per member and issue: mean and var of the member's runs
    samples : (runs, issues) final forecasts, member by member; run r used member ``member[r]``
    member : (runs,) index into ``members``
    """

    summary: pd.DataFrame
    by_member: pd.DataFrame
    samples: np.ndarray
    member: np.ndarray
    members: tuple[str, ...]
    model: str
    seed: int | None
    runs_per_member: int


@dataclass(frozen=True)
class _Sampler:
    """Draws one chunk of one member's runs (picklable, for process pools and Dask).

    ``bases`` holds each member's completed arrays (whole: walk-away values and forums too);
    ``targets`` says where each noisy cell sits in the arrays (array name, actor index, issue
    index) and ``rows`` which row of ``beliefs`` holds it. A member with no value for a cell
    draws from the pool of those who gave one.
    """

    bases: tuple[ScenarioArrays, ...]
    targets: tuple[tuple[str, int, int], ...]
    rows: tuple[int, ...]
    beliefs: Beliefs
    model: str
    params: Mapping[str, Any]
    noise: bool

    def __call__(self, task: tuple[int, Chunk]) -> np.ndarray:
        m, chunk = task
        rng = chunk.rng()
        base = self.bases[m]
        values = {
            name: np.repeat(getattr(base, name), chunk.size, axis=0)
            for name in ("position", "salience", "capability")
        }
        if self.noise:
            for (array, a, j), row in zip(self.targets, self.rows, strict=True):
                weight = self.beliefs.weight[row]
                pick = rng.choice(weight.size, size=chunk.size, p=weight)
                draw = self.beliefs.sample(row, pick if weight[m] == 0 else np.full_like(pick, m),
                                           rng)  # fmt: skip
                if array == "capability":
                    values[array][:, a] = draw
                else:
                    values[array][:, a, j] = draw
        arrays = base.with_values(**values)
        spec = get_model(self.model)
        return np.asarray(spec(arrays, self.params, rng).final, dtype=float)


def panel_ensemble(
    data: PanelData,
    model: str = "weighted-median",
    *,
    runs_per_member: int = 200,
    round_number: int | None = None,
    pooling: Pooling = Pooling(),
    noise: bool = True,
    params: Mapping[str, Any] | None = None,
    seed: int | None = 0,
    executor: Executor | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> PanelEnsemble:
    """Run ``model`` on every member's completed scenario, ``runs_per_member`` times each,
    with each assessed value drawn from the member's stated 5%-95% range.

    Each member gets ``runs_per_member`` runs of their own whole scenario (walk-away values
    included), in chunks seeded from a seed spawned per member, so every member counts equally
    and no executor changes the numbers. A cell a member left empty is drawn from the linear
    pool of the members who gave it; cells nobody assessed keep the scenario's value. The
    forecast's variance splits exactly as ``total = within + between`` (law of total variance,
    each member weighted 1/M, population moments): ``between / total`` is the share of the
    forecast's variance that comes from the experts disagreeing.

    Parameters
    ----------
    data : the panel
    model : a registered model
    runs_per_member : runs of each member's scenario
    round_number : the round (None: the last)
    pooling : how cells are pooled (the values empty cells take)
    noise : draw each value from its member's range (False: members only)
    params : the model's parameters
    seed : seed of every draw; each chunk draws from its own seed spawned from it, so no
        executor changes the numbers
    executor : where the chunks run (default: serially)
    chunk_size : runs per chunk (one vectorised model call)
    progress : told ``(runs done, runs)`` after each group of chunks
    cancel : asked before each group; True stops with ``Cancelled``

    Returns
    -------
    PanelEnsemble
        The per-issue summary with the variance split, the per-member moments and the samples.

    References
    ----------
    Blitzstein & Hwang (2019), section 9.5; Hawkins & Sutton (2009): see the module docstring.
    """
    if runs_per_member < 1:
        raise DetenteError(f"runs per member must be at least 1, not {runs_per_member}")
    number = data.last_round if round_number is None else round_number
    table = cell_table(data, number, pooling)
    completed = member_scenarios(data, number, pooling, table)
    members = tuple(completed)
    sampler = _sampler(data, number, pooling, completed, model, params, noise)
    tasks = [(m, c) for m, seed_m in enumerate(_member_seeds(seed, len(members)))
             for c in plan_chunks(runs_per_member, seed_m, chunk_size)]  # fmt: skip
    parts = map_in_groups(executor or get_executor("serial"), sampler, tasks,
                          [c.size for _, c in tasks], progress, cancel)  # fmt: skip
    samples = np.concatenate(parts, axis=0)
    member = np.repeat(np.arange(len(members)), runs_per_member)
    pooled = final_forecast(pooled_scenario(data, number, pooling, table), model, params, seed or 0)
    summary, by_member = _decompose(data.scenario.issue_ids, members, samples, member, pooled)
    return PanelEnsemble(summary, by_member, samples, member, members, model, seed, runs_per_member)


def _sampler(
    data: PanelData,
    number: int,
    pooling: Pooling,
    completed: Mapping[str, Scenario],
    model: str,
    params: Mapping[str, Any] | None,
    noise: bool,
) -> _Sampler:
    spec = get_model(model)
    merged = spec.params({**data.scenario.params.get(model, {}), **dict(params or {})})
    stacked = [s.to_arrays() for s in completed.values()]
    bases = tuple(stacked)
    grid = Grid.of(data, number)
    if grid.members != list(completed):
        raise DetenteError("internal: members of the grid and of the scenarios differ")
    actor_index = {a: n for n, a in enumerate(data.scenario.actor_ids)}
    issue_index = {i: n for n, i in enumerate(data.scenario.issue_ids)}
    targets, rows = [], []
    for row, cell in enumerate(grid.cells):
        array = cell_kind(cell.kind).array
        if array is not None:
            targets.append((array, actor_index[cell.actor], issue_index.get(cell.issue, -1)))
            rows.append(row)
    beliefs = grid.beliefs(data.scenario, pooling)
    return _Sampler(bases, tuple(targets), tuple(rows), beliefs, model, merged, noise)


def _member_seeds(seed: int | None, members: int) -> list[int | None]:
    """One seed per member, spawned from ``seed`` (None: fresh entropy for each)."""
    if seed is None:
        return [None] * members
    spawned = np.random.SeedSequence(seed).spawn(members)
    return [int(s.generate_state(1, np.uint64)[0] >> np.uint64(1)) for s in spawned]


def _decompose(
    issues: Sequence[str],
    members: Sequence[str],
    samples: np.ndarray,
    member: np.ndarray,
    pooled: np.ndarray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    means = np.array([samples[member == m].mean(axis=0) for m in range(len(members))])
    variances = np.array([samples[member == m].var(axis=0) for m in range(len(members))])
    grand = means.mean(axis=0)
    within = variances.mean(axis=0)
    between = ((means - grand) ** 2).mean(axis=0)
    total = within + between
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(total > 0, between / np.where(total > 0, total, 1.0), np.nan)
    q = np.quantile(samples, [0.05, 0.5, 0.95], axis=0)
    summary = pd.DataFrame({
        "issue": list(issues), "pooled": pooled, "mean": grand, "p05": q[0], "p50": q[1],
        "p95": q[2], "total_var": total, "within_var": within, "between_var": between,
        "disagreement_share": share,
    })  # fmt: skip
    by_member = pd.DataFrame(
        [(mem, issue, means[m, j], variances[m, j])
         for m, mem in enumerate(members) for j, issue in enumerate(issues)],
        columns=["member", "issue", "mean", "var"],
    )  # fmt: skip
    return summary, by_member

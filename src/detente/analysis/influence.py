"""Influence: how much each party moves the forecast ("what is Russia's role?").

Two measures, both in points of each issue's scale:

* leave-one-out (``loo``): forecast with everyone minus the forecast without the actor;
* Shapley value (``shapley``): the actor's average marginal effect over every order in which the
  parties could join the table (Shapley 1953), attributing the whole distance from a reference
  forecast to the actual forecast. The reference, the forecast of an empty table, is defined as the
  midpoint of each issue's scale, so the Shapley values of all actors add up to
  ``forecast - midpoint`` exactly. Exact (all 2^n coalitions) for up to 10 actors; above that,
  or when ``samples`` is given, estimated from random orders (Castro, Gomez & Tejada 2009) with the
  standard error of the mean.

References
----------
Shapley, L. S. (1953). A value for n-person games. Contributions to the Theory of Games II, 307-317.
Castro, J., Gomez, D. & Tejada, J. (2009). Polynomial calculation of the Shapley value based on
sampling. Computers & Operations Research 36(5), 1726-1730.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from math import factorial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from detente.analysis.batches import (
    as_scenario,
    model_params,
    run_final,
    select_actors,
    stack_subsets,
)
from detente.errors import Cancelled, DetenteError
from detente.execute.base import Cancel, Executor, Progress, SerialExecutor, map_in_groups
from detente.models.registry import ModelSpec, get_model
from detente.scenario import Scenario, ScenarioArrays

EXACT_MAX_ACTORS = 10
DEFAULT_PERMUTATIONS = 1000


@dataclass(frozen=True)
class Influence:
    """Each actor's influence on each issue's forecast.

    Attributes
    ----------
    values : columns actor, issue, value (points of the issue's scale), method, stderr (0 where
        exact)
    forecast : {issue: the forecast with every actor at the table}
    reference : {issue: the forecast of an empty table (the scale's midpoint)}
    method : 'shapley', 'shapley-sampled' or 'loo'
    """

    values: pd.DataFrame
    forecast: dict[str, float]
    reference: dict[str, float]
    method: str

    def wide(self) -> pd.DataFrame:
        """Issues x actors, with the forecast (and, for Shapley values, the reference) first.

        Returns
        -------
        pandas.DataFrame
            One row per issue: ``issue``, ``forecast``, [``reference``,] one column per actor.
        """
        v = self.values
        wide = v.pivot(index="issue", columns="actor", values="value")
        wide = wide.reindex(
            index=list(dict.fromkeys(v["issue"])), columns=list(dict.fromkeys(v["actor"]))
        )
        wide.insert(0, "forecast", pd.Series(self.forecast))
        if self.method != "loo":
            wide.insert(1, "reference", pd.Series(self.reference))
        wide.columns.name = None
        return wide.reset_index()


@dataclass(frozen=True)
class _Coalition:
    """v(S) of one coalition, when coalitions cannot share a model call (picklable)."""

    model: str
    arrays: ScenarioArrays
    params: Mapping[str, Any]
    seed: int | None

    def __call__(self, members: np.ndarray) -> np.ndarray:
        return run_final(get_model(self.model), select_actors(self.arrays, members), self.params,
                         self.seed)  # fmt: skip


class _Game:
    """The coalition game: v(S) = the model's forecast with only the actors in S at the table."""

    def __init__(
        self,
        spec: ModelSpec,
        arrays: ScenarioArrays,
        params: Mapping[str, Any],
        seed: int | None,
        executor: Executor | None = None,
        cancel: Cancel | None = None,
    ):
        self.spec, self.arrays, self.params, self.seed = spec, arrays, params, seed
        self.executor = executor or SerialExecutor()
        self.cancel = cancel
        self.reference = (arrays.scale_low + arrays.scale_high) / 2.0
        # Coalitions of one size share one model call unless forums make them see different
        # channels (a batch has one channel matrix).
        self.batch = not spec.uses_forums or bool(arrays.forums.all())

    def values(self, subsets: np.ndarray) -> np.ndarray:
        """v(S) for equally sized coalitions given as rows of actor indices: (len, issues)."""
        subsets = np.asarray(subsets, dtype=np.int64)
        if subsets.shape[1] == 0:
            return np.repeat(self.reference[None], subsets.shape[0], axis=0)
        if self.batch:
            return run_final(self.spec, stack_subsets(self.arrays, subsets), self.params, self.seed)
        task = _Coalition(self.spec.name, self.arrays, self.params, self.seed)
        return np.concatenate(map_in_groups(self.executor, task, list(subsets), None, None,
                                            self.cancel))  # fmt: skip


def influence(
    scenario: Scenario | str | Path,
    model: str = "weighted-median",
    *,
    params: Mapping[str, Any] | None = None,
    seed: int | None = 0,
    executor: Executor | None = None,
    method: str = "shapley",
    samples: int | None = None,
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> Influence:
    """Each actor's influence on each issue's forecast.

    Parameters
    ----------
    scenario : a scenario, a bundled scenario's name or a file
    model : a registered model's name
    params : the model's parameters (over the scenario's stored ones)
    seed : seed of the model's draws and of the sampled orders
    executor : where coalitions run when they cannot share one model call (models that read
        forums, on scenarios where not everyone shares a forum)
    method : 'shapley' (exact up to 10 actors, sampled above) or 'loo' (leave one out)
    samples : sample this many random orders instead of computing exact Shapley values
    progress : told ``(coalition sizes done, sizes)`` as the game is evaluated
    cancel : asked between coalition sizes; True stops with :class:`Cancelled`

    Returns
    -------
    Influence
        The values per actor and issue, the forecast and the empty-table reference.

    References
    ----------
    Shapley, L. S. (1953). A value for n-person games. Contributions to the Theory of Games II,
    307-317.
    Castro, J., Gomez, D. & Tejada, J. (2009). Polynomial calculation of the Shapley value based
    on sampling. Computers & Operations Research 36(5), 1726-1730.
    """
    s = as_scenario(scenario)
    arrays = s.to_arrays()
    spec = get_model(model)
    game = _Game(spec, arrays, model_params(s, model, params), seed, executor, cancel)
    n = arrays.n_actors
    steps = _Steps(n + 1, progress, cancel)
    everyone = game.values(np.arange(n)[None])[0]
    value, err, label = _values(game, everyone, method, samples, seed, steps)
    steps.finish()
    table = pd.DataFrame(
        {
            "actor": np.repeat(arrays.actor_ids, arrays.n_issues),
            "issue": np.tile(arrays.issue_ids, n),
            "value": value.ravel(),
            "method": label,
            "stderr": err.ravel(),
        }
    )
    forecast = dict(zip(arrays.issue_ids, everyone.tolist(), strict=True))
    reference = dict(zip(arrays.issue_ids, game.reference.tolist(), strict=True))
    return Influence(table, forecast, reference, label)


def _values(
    game: _Game,
    everyone: np.ndarray,
    method: str,
    samples: int | None,
    seed: int | None,
    steps: _Steps,
) -> tuple[np.ndarray, np.ndarray, str]:
    """(value, stderr, method label), each (actors, issues), by the method asked for."""
    n = game.arrays.n_actors
    zero = np.zeros((n, game.arrays.n_issues))
    if method == "loo":
        without = np.array([[b for b in range(n) if b != a] for a in range(n)]).reshape(n, n - 1)
        return everyone[None] - game.values(without), zero, "loo"
    if method == "shapley" and samples is None and n <= EXACT_MAX_ACTORS:
        return _exact_shapley(game, n, steps), zero, "shapley"
    if method == "shapley":
        value, err = _sampled_shapley(game, n, samples or DEFAULT_PERMUTATIONS, seed, steps)
        return value, err, "shapley-sampled"
    raise DetenteError(f"unknown influence method '{method}' (known: shapley, loo)")


@dataclass
class _Steps:
    """Progress over the coalition sizes of a game, with a cancellation check at each."""

    total: int
    progress: Progress | None
    cancel: Cancel | None
    done: int = 0

    def step(self) -> None:
        if self.cancel is not None and self.cancel():
            raise Cancelled(f"cancelled after {self.done} of {self.total} coalition sizes")
        self.done += 1
        if self.progress is not None:
            self.progress(self.done, self.total)

    def finish(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


def _members(masks: np.ndarray, n: int) -> np.ndarray:
    """Actor indices of each bitmask coalition (all masks of one size): (len, size)."""
    bits = (masks[:, None] >> np.arange(n)) & 1
    return np.nonzero(bits)[1].reshape(len(masks), -1)


def _exact_shapley(game: _Game, n: int, steps: _Steps) -> np.ndarray:
    """phi_a = sum over S not holding a of |S|! (n-|S|-1)! / n! (v(S + a) - v(S))."""
    masks = np.arange(2**n)
    size = np.array([bin(m).count("1") for m in masks])
    v = np.empty((masks.size, game.arrays.n_issues))
    for k in range(n + 1):
        steps.step()
        chosen = masks[size == k]
        v[chosen] = game.values(_members(chosen, n))
    weight = np.array([factorial(k) * factorial(n - k - 1) / factorial(n) for k in range(n)])
    phi = np.empty((n, game.arrays.n_issues))
    for a in range(n):
        without = masks[(masks >> a) & 1 == 0]
        phi[a] = (weight[size[without]][:, None] * (v[without | (1 << a)] - v[without])).sum(0)
    return phi


def _sampled_shapley(
    game: _Game, n: int, samples: int, seed: int | None, steps: _Steps
) -> tuple[np.ndarray, np.ndarray]:
    """Mean marginal contribution over ``samples`` random orders, with its standard error."""
    if samples < 2:
        raise DetenteError(f"Shapley sampling needs at least 2 permutations, not {samples}")
    rng = np.random.default_rng(seed)
    orders = np.argsort(rng.random((samples, n)), axis=1)
    contrib = np.empty((samples, n, game.arrays.n_issues))
    previous = game.values(orders[:, :0])
    rows = np.arange(samples)
    for k in range(1, n + 1):
        steps.step()
        current = game.values(orders[:, :k])
        contrib[rows, orders[:, k - 1]] = current - previous
        previous = current
    return contrib.mean(axis=0), contrib.std(axis=0, ddof=1) / np.sqrt(samples)

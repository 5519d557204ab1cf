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
from math import factorial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from detente.analysis.runner import (
    as_scenario,
    model_params,
    run_final,
    select_actors,
    stack_subsets,
)
from detente.errors import DetenteError
from detente.models.registry import ModelSpec, get_model
from detente.scenario import Scenario, ScenarioArrays

EXACT_MAX_ACTORS = 10
DEFAULT_PERMUTATIONS = 1000


class _Game:
    """The coalition game: v(S) = the model's forecast with only the actors in S at the table."""

    def __init__(
        self, spec: ModelSpec, arrays: ScenarioArrays, params: Mapping[str, Any], seed: int | None
    ):
        self.spec, self.arrays, self.params, self.seed = spec, arrays, params, seed
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
        return np.concatenate(
            [
                run_final(self.spec, select_actors(self.arrays, row), self.params, self.seed)
                for row in subsets
            ]
        )


def influence(
    scenario: Scenario | str | Path,
    model: str = "weighted-median",
    method: str = "shapley",
    samples: int | None = None,
    seed: int | None = 0,
    params: Mapping[str, Any] | None = None,
) -> pd.DataFrame:
    """Each actor's influence on each issue's forecast.

    Returns columns actor, issue, value, method, stderr (0 where exact). ``attrs`` holds the
    ``forecast`` and the ``reference`` per issue.
    """
    s = as_scenario(scenario)
    arrays = s.to_arrays()
    game = _Game(get_model(model), arrays, model_params(s, model, params), seed)
    n = arrays.n_actors
    everyone = game.values(np.arange(n)[None])[0]
    zero = np.zeros((n, arrays.n_issues))
    if method == "loo":
        without = np.array([[b for b in range(n) if b != a] for a in range(n)]).reshape(n, n - 1)
        value, err, label = everyone[None] - game.values(without), zero, "loo"
    elif method == "shapley" and samples is None and n <= EXACT_MAX_ACTORS:
        value, err, label = _exact_shapley(game, n), zero, "shapley"
    elif method == "shapley":
        value, err = _sampled_shapley(game, n, samples or DEFAULT_PERMUTATIONS, seed)
        label = "shapley-sampled"
    else:
        raise DetenteError(f"unknown influence method '{method}' (known: shapley, loo)")
    table = pd.DataFrame(
        {
            "actor": np.repeat(arrays.actor_ids, arrays.n_issues),
            "issue": np.tile(arrays.issue_ids, n),
            "value": value.ravel(),
            "method": label,
            "stderr": err.ravel(),
        }
    )
    table.attrs["forecast"] = dict(zip(arrays.issue_ids, everyone.tolist(), strict=True))
    table.attrs["reference"] = dict(zip(arrays.issue_ids, game.reference.tolist(), strict=True))
    return table


def _members(masks: np.ndarray, n: int) -> np.ndarray:
    """Actor indices of each bitmask coalition (all masks of one size): (len, size)."""
    bits = (masks[:, None] >> np.arange(n)) & 1
    return np.nonzero(bits)[1].reshape(len(masks), -1)


def _exact_shapley(game: _Game, n: int) -> np.ndarray:
    """phi_a = sum over S not holding a of |S|! (n-|S|-1)! / n! (v(S + a) - v(S))."""
    masks = np.arange(2**n)
    size = np.array([bin(m).count("1") for m in masks])
    v = np.empty((masks.size, game.arrays.n_issues))
    for k in range(n + 1):
        chosen = masks[size == k]
        v[chosen] = game.values(_members(chosen, n))
    weight = np.array([factorial(k) * factorial(n - k - 1) / factorial(n) for k in range(n)])
    phi = np.empty((n, game.arrays.n_issues))
    for a in range(n):
        without = masks[(masks >> a) & 1 == 0]
        phi[a] = (weight[size[without]][:, None] * (v[without | (1 << a)] - v[without])).sum(0)
    return phi


def _sampled_shapley(
    game: _Game, n: int, samples: int, seed: int | None
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
        current = game.values(orders[:, :k])
        contrib[rows, orders[:, k - 1]] = current - previous
        previous = current
    return contrib.mean(axis=0), contrib.std(axis=0, ddof=1) / np.sqrt(samples)

"""Pooling the experts: one value per cell, and one distribution per cell from their ranges.

The pooled *value* of a cell is the median of the members' values (the default), their trimmed
mean, or their mean weighted by stated confidence. The pooled *distribution* is the linear opinion
pool of the members' beliefs (Stone 1961; Genest & Zidek 1986): a mixture in which each member's
belief has equal weight (or weight proportional to confidence). A member's belief is read from
their value and 5%-95% range as a two-piece normal with its median at the value, its 5% quantile
at ``low`` and its 95% quantile at ``high``, cut to the cell's admissible range; a value without a
range is a point. Ensembles sample this distribution.

References
----------
Stone, M. (1961). The opinion pool. The Annals of Mathematical Statistics 32(4), 1339-1342.
Genest, C. & Zidek, J. V. (1986). Combining probability distributions: a critique and an
annotated bibliography. Statistical Science 1(1), 114-135.
O'Hagan, A. et al. (2006). Uncertain Judgements: Eliciting Experts' Probabilities. Wiley
(chapter 9: combining the judgements of several experts).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from detente.errors import DetenteError
from detente.panel.cells import Cell, cell_kind
from detente.panel.data import CELL, PanelData
from detente.scenario import Scenario

Z95 = 1.6448536269514722  # standard normal 95% quantile
POOL_QUANTILES = {"p05": 0.05, "p25": 0.25, "p50": 0.5, "p75": 0.75, "p95": 0.95}
METHODS = ("median", "trimmed", "confidence")
POSITIVE_FLOOR = 1e-9
_erf = np.vectorize(math.erf, otypes=[float])


@dataclass(frozen=True)
class Pooling:
    """How a cell's values are pooled.

    Parameters
    ----------
    method : 'median' (default), 'trimmed' (trimmed mean) or 'confidence' (mean weighted by the
        stated confidences)
    trim : share cut from each end by the trimmed mean (0.2: one of six values each end)
    weights : linear-pool weights of the members' distributions, 'equal' or 'confidence'
    """

    method: str = "median"
    trim: float = 0.2
    weights: str = "equal"

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise DetenteError(
                f"unknown pooling method '{self.method}' (known: {', '.join(METHODS)})"
            )
        if self.weights not in ("equal", "confidence"):
            raise DetenteError(f"pool weights '{self.weights}': use 'equal' or 'confidence'")
        if not 0 <= self.trim < 0.5:
            raise DetenteError(f"trim must be at least 0 and below 0.5, not {self.trim}")


@dataclass(frozen=True)
class Beliefs:
    """The members' two-piece normal beliefs about cells, and each cell's admissible range.

    Arrays are (cells, members); a member who gave no value for a cell has weight 0 there.
    """

    median: np.ndarray
    sd_low: np.ndarray
    sd_high: np.ndarray
    weight: np.ndarray
    low: np.ndarray
    high: np.ndarray

    @classmethod
    def of(
        cls,
        value: np.ndarray,
        low: np.ndarray,
        high: np.ndarray,
        weight: np.ndarray,
        bounds: np.ndarray,
    ) -> Beliefs:
        """The beliefs from values and stated 5% and 95% quantiles.

        Parameters
        ----------
        value, low, high : (cells, members); NaN where a member gave no range (or no value, where
            their weight is 0)
        weight : (cells, members) linear-pool weights, each row summing to 1
        bounds : (cells, 2) each cell's admissible range

        Returns
        -------
        Beliefs
            Two-piece normals: sd below the value ``(value - low) / z95``, above it
            ``(high - value) / z95``; 0 (a point) without a range.
        """
        m = np.nan_to_num(value)
        sd_low = np.where(np.isnan(low), 0.0, (m - np.nan_to_num(low)) / Z95)
        sd_high = np.where(np.isnan(high), 0.0, (np.nan_to_num(high) - m) / Z95)
        return cls(m, sd_low, sd_high, weight, bounds[:, 0].copy(), bounds[:, 1].copy())

    def cdf(self, x: np.ndarray) -> np.ndarray:
        """P(X <= x) of each cell's pool.

        Parameters
        ----------
        x : (cells, points) the values to evaluate at

        Returns
        -------
        numpy.ndarray
            (cells, points) the mixture's distribution function, 0 below a cell's range and 1 at
            its top.
        """
        x = np.asarray(x, float)[..., None]
        m = self.median[:, None, :]
        sd = np.where(x < m, self.sd_low[:, None, :], self.sd_high[:, None, :])
        z = np.where(sd > 0, (x - m) / np.where(sd > 0, sd, 1.0), np.inf)
        z = np.where((sd == 0) & (x < m), -np.inf, z)
        parts = 0.5 * (1.0 + _erf(z / math.sqrt(2.0)))
        f = (parts * self.weight[:, None, :]).sum(axis=-1)
        x = x[..., 0]
        return np.where(x >= self.high[:, None], 1.0, np.where(x < self.low[:, None], 0.0, f))

    def quantiles(self, qs: np.ndarray) -> np.ndarray:
        """The smallest x with P(X <= x) >= q, for each cell and each q.

        Bisection to 2^-40 of the starting interval (the members' values +- 9 sd, inside the
        admissible range).

        Parameters
        ----------
        qs : the probabilities, in (0, 1)

        Returns
        -------
        numpy.ndarray
            (cells, len(qs)) the pool's quantiles.
        """
        used = self.weight > 0
        reach_low = np.where(used, self.median - 9 * self.sd_low, np.inf).min(axis=1)
        reach_high = np.where(used, self.median + 9 * self.sd_high, -np.inf).max(axis=1)
        target = np.broadcast_to(np.asarray(qs, float), (self.median.shape[0], len(qs)))
        a = np.repeat(np.maximum(self.low, reach_low)[:, None], len(qs), axis=1)
        b = np.repeat(np.minimum(self.high, reach_high)[:, None], len(qs), axis=1)
        for _ in range(40):
            mid = (a + b) / 2
            below = self.cdf(mid) < target
            a, b = np.where(below, mid, a), np.where(below, b, mid)
        return b

    def sample(self, cell: int, member: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """One draw from each given member's belief about one cell, cut to the cell's range.

        Parameters
        ----------
        cell : the cell's row
        member : (runs,) a member's column for each draw
        rng : the random generator

        Returns
        -------
        numpy.ndarray
            (runs,) the draws: ``value + z * sd`` with the sd below or above the value by the sign
            of the standard normal ``z``, so the value is each belief's median.
        """
        z = rng.standard_normal(member.shape)
        sd = np.where(z < 0, self.sd_low[cell, member], self.sd_high[cell, member])
        draw = self.median[cell, member] + z * sd
        return np.clip(draw, self.low[cell], self.high[cell])


@dataclass(frozen=True)
class Grid:
    """One round's estimates as (cells, members) matrices, NaN where a member gave no value."""

    cells: list[Cell]
    members: list[str]
    value: np.ndarray
    low: np.ndarray
    high: np.ndarray
    confidence: np.ndarray

    @classmethod
    def of(cls, data: PanelData, round_number: int | None = None) -> Grid:
        """One round's estimates as matrices.

        Parameters
        ----------
        data : the panel
        round_number : the round (None: the last)

        Returns
        -------
        Grid
            Cells in :meth:`PanelData.cells` order, members in :meth:`PanelData.members` order.
        """
        frame = data.round(round_number)
        cells = data.cells(round_number)
        members = data.members(round_number)
        row = {(c.kind, c.actor, c.issue): n for n, c in enumerate(cells)}
        col = {m: n for n, m in enumerate(members)}
        r = np.array([row[k] for k in frame[CELL].itertuples(index=False, name=None)], np.int64)
        c = np.array([col[m] for m in frame["member"]], np.int64)
        grids = []
        for name in ("value", "low", "high", "confidence"):
            g = np.full((len(cells), len(members)), np.nan)
            g[r, c] = frame[name].to_numpy(float)
            grids.append(g)
        return cls(cells, members, *grids)

    def beliefs(self, scenario: Scenario, pooling: Pooling) -> Beliefs:
        """Each cell's members' beliefs, weighted for the linear pool.

        Parameters
        ----------
        scenario : the scenario (for each cell's admissible range)
        pooling : its ``weights`` say equal or confidence weights

        Returns
        -------
        Beliefs
            The beliefs; a member without a value for a cell has weight 0 there.
        """
        given = ~np.isnan(self.value)
        if pooling.weights == "equal":
            w = given.astype(float)
        else:
            w = np.where(given, np.nan_to_num(self.confidence), 0.0)
            w = np.where(w.sum(axis=1, keepdims=True) > 0, w, given.astype(float))
        w = w / w.sum(axis=1, keepdims=True)
        bounds = np.array([cell_bounds(c, scenario) for c in self.cells], float).reshape(-1, 2)
        return Beliefs.of(self.value, self.low, self.high, w, bounds)


def cell_bounds(cell: Cell, scenario: Scenario) -> tuple[float, float]:
    """The range a cell's draws stay in.

    Parameters
    ----------
    cell : the cell
    scenario : the scenario

    Returns
    -------
    tuple[float, float]
        The kind's admissible range, kept above 0 for positive kinds such as capability.
    """
    low, high = cell.bounds(scenario)
    if cell_kind(cell.kind).positive:
        low = max(low, POSITIVE_FLOOR)
    return low, high


def cell_table(
    data: PanelData, round_number: int | None = None, pooling: Pooling = Pooling()
) -> pd.DataFrame:
    """One row per assessed cell: the pooled value, the pool's quantiles and the spread.

    Parameters
    ----------
    data : the panel
    round_number : the round (None: the last)
    pooling : how cells are pooled

    Returns
    -------
    pandas.DataFrame
        Columns: kind, actor, issue, n (members who assessed it), base (the scenario's value),
        pooled (by ``pooling.method``), median, trimmed, confidence_mean, p05, p25, p50, p75,
        p95 (the linear pool), iqr and range (of the members' values), and pool_sd, the standard
        deviation a normal with the pool's 5%-95% width would have.

    References
    ----------
    Stone (1961); Genest & Zidek (1986); Jose & Winkler (2008): see the module docstring and
    :mod:`detente.panel.stats`.
    """
    g = Grid.of(data, round_number)
    v = g.value
    n = (~np.isnan(v)).sum(axis=1)
    q = g.beliefs(data.scenario, pooling).quantiles(np.array(list(POOL_QUANTILES.values())))
    q25, q75 = np.nanpercentile(v, [25, 75], axis=1)
    summary = {
        "median": np.nanmedian(v, axis=1),
        "trimmed": trimmed_means(v, pooling.trim),
        "confidence_mean": confidence_means(v, g.confidence),
    }
    table = pd.DataFrame({
        "kind": [c.kind for c in g.cells], "actor": [c.actor for c in g.cells],
        "issue": [c.issue for c in g.cells], "n": n.astype(np.int64),
        "base": [c.base(data.scenario) for c in g.cells],
        "pooled": summary[{"median": "median", "trimmed": "trimmed",
                           "confidence": "confidence_mean"}[pooling.method]],
        **summary,
        **{name: q[:, k] for k, name in enumerate(POOL_QUANTILES)},
        "iqr": q75 - q25, "range": np.nanmax(v, axis=1) - np.nanmin(v, axis=1),
        "pool_sd": (q[:, -1] - q[:, 0]) / (2 * Z95),
    })  # fmt: skip
    return table


def trimmed_means(values: np.ndarray, trim: float) -> np.ndarray:
    """Row-wise :func:`~detente.panel.stats.trimmed_mean` of a matrix with missing values.

    Parameters
    ----------
    values : (cells, members), NaN where a member gave no value
    trim : share cut from each end of each row's values

    Returns
    -------
    numpy.ndarray
        (cells,) the trimmed means.
    """
    n = (~np.isnan(values)).sum(axis=1)
    k = np.floor(trim * n).astype(np.int64)
    ordered = np.sort(values, axis=1)  # NaN last
    idx = np.arange(values.shape[1])
    keep = (idx >= k[:, None]) & (idx < (n - k)[:, None])
    return np.where(keep, ordered, 0.0).sum(axis=1) / keep.sum(axis=1)


def confidence_means(values: np.ndarray, confidence: np.ndarray) -> np.ndarray:
    """Row-wise means weighted by stated confidence.

    Parameters
    ----------
    values : (cells, members), NaN where a member gave no value
    confidence : (cells, members) the stated confidences

    Returns
    -------
    numpy.ndarray
        (cells,) the weighted means (the plain mean where every confidence is 0).
    """
    given = ~np.isnan(values)
    v, c = np.where(given, values, 0.0), np.where(given, confidence, 0.0)
    total = c.sum(axis=1)
    plain = v.sum(axis=1) / given.sum(axis=1)
    return np.where(total > 0, (v * c).sum(axis=1) / np.where(total > 0, total, 1.0), plain)


def apply_values(
    scenario: Scenario, values: dict[Cell, tuple[float, float]], new_id: str, name: str
) -> Scenario:
    """A validated copy of ``scenario`` with some cells changed.

    Parameters
    ----------
    scenario : the scenario
    values : {cell: (value, standard deviation)}
    new_id, name : the copy's id (cut to 64 characters) and name

    Returns
    -------
    Scenario
        The copy, validated like any scenario.
    """
    dump = scenario.model_dump()
    for cell, (value, sd) in values.items():
        cell_kind(cell.kind).write(dump, cell.actor, cell.issue or None, value, sd)
    dump.update(id=new_id[:64], name=name)
    return Scenario.model_validate(dump)

"""Attractors and their basins, from every start or from a seeded sample of starts; and the
Monte Carlo search for consistent scenarios, with its coverage stated.

Every start is followed by succession (:mod:`.succession`) to its attractor. Exhaustively, the
basin of an attractor is the number of scenarios that reach it. From ``n`` random starts it is
estimated; an attractor whose basin holds a share ``p`` of all scenarios is missed with
probability ``(1 - p) ** n``, and the share of all starts that lead to attractors not yet seen
is estimated by Good's (1953) rule, the number of attractors seen exactly once over ``n``
(sample coverage ``1 - f1 / n``; Chao & Jost 2012).

References
----------
Good, I. J. (1953). The population frequencies of species and the estimation of population
parameters. Biometrika 40(3-4), 237-264.
Chao, A., & Jost, L. (2012). Coverage-based rarefaction and extrapolation. Ecology 93(12),
2533-2547.
Weimer-Jehle, W. (2006). Cross-impact balances. Technological Forecasting and Social Change
73(4), 334-361.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from detente.errors import ModelError
from detente.futures.matrix import CrossImpactMatrix
from detente.futures.scores import score
from detente.futures.solution import SolutionSet
from detente.futures.succession import MAX_STEPS, attractors_of, path

MAX_EXHAUSTIVE = 2_000_000  # starts; beyond, basins are estimated from a sample
DEFAULT_SAMPLES = 20_000
CHUNK = 1 << 16


@dataclass(frozen=True)
class Attractor:
    """A consistent scenario (period 1) or a cycle, with the starts that reach it."""

    states: np.ndarray  # (period, n) in the order succession visits them, smallest first
    basin: int

    @property
    def period(self) -> int:
        """Number of scenarios in the attractor (1: a consistent scenario)."""
        return int(self.states.shape[0])

    @property
    def consistent(self) -> bool:
        """Whether the attractor is a single consistent scenario, not a cycle."""
        return self.period == 1


@dataclass(frozen=True)
class Basins:
    """Every attractor reached, with its basin (exact counts, or counts among sampled starts)."""

    matrix: CrossImpactMatrix
    mode: str
    starts: int
    exhaustive: bool
    seed: int | None
    attractors: tuple[Attractor, ...]
    unresolved: int  # starts that reached no attractor within the step limit

    def share(self, attractor: Attractor) -> float:
        """The share of all starts that reach an attractor.

        Parameters
        ----------
        attractor : one of :attr:`attractors`

        Returns
        -------
        float
            Its basin over the number of starts (0 when there were none).
        """
        return attractor.basin / self.starts if self.starts else 0.0

    @property
    def coverage(self) -> float:
        """Estimated share of all starts whose attractor was seen (1 when exhaustive)."""
        if self.exhaustive:
            return 1.0
        once = sum(1 for a in self.attractors if a.basin == 1)
        return 1.0 - once / self.starts if self.starts else 0.0

    @property
    def detectable(self) -> float:
        """Smallest basin share found with 95 % probability by this many random starts."""
        return 0.0 if self.exhaustive else float(1.0 - 0.05 ** (1.0 / max(self.starts, 1)))

    def describe(self) -> str:
        """One sentence on how the basins were counted and how complete they are.

        Returns
        -------
        str
            'exact: ...' or the sample size, the smallest basin found with 95 % probability and the
            estimated coverage.
        """
        if self.exhaustive:
            return f"exact: every one of the {self.starts:,} scenarios followed to its attractor"
        return (
            f"estimated from {self.starts:,} random starts (seed {self.seed}): an attractor "
            f"whose basin holds {100 * self.detectable:.3g}% of all scenarios or more is found "
            f"with 95% probability; estimated coverage {100 * self.coverage:.2f}% of all starts"
        )

    def table(self) -> pd.DataFrame:
        """One row per attractor.

        Returns
        -------
        pandas.DataFrame
            Columns attractor, kind, period, scenario, basin and share.
        """
        rows = []
        for k, a in enumerate(self.attractors):
            scenarios = [self.matrix.variant_ids(s) for s in a.states]
            rows.append(
                {
                    "attractor": f"A{k + 1}",
                    "kind": "consistent" if a.consistent else "cycle",
                    "period": a.period,
                    "scenario": " -> ".join(_short(self.matrix, s) for s in scenarios),
                    "basin": a.basin,
                    "share": self.share(a),
                }
            )
        return pd.DataFrame(
            rows, columns=["attractor", "kind", "period", "scenario", "basin", "share"]
        )

    def payload(self) -> dict[str, Any]:
        """The JSON shape of ``detente futures succession`` (docs/json-output.md).

        Returns
        -------
        dict
            mode, starts, exhaustive, seed, coverage, note, unresolved and the attractors.
        """
        return {
            "mode": self.mode,
            "starts": self.starts,
            "exhaustive": self.exhaustive,
            "seed": self.seed,
            "coverage": self.coverage,
            "note": self.describe(),
            "unresolved": self.unresolved,
            "attractors": [
                {
                    "id": f"A{k + 1}",
                    "kind": "consistent" if a.consistent else "cycle",
                    "scenarios": [self.matrix.variant_ids(s) for s in a.states],
                    "basin": a.basin,
                    "share": self.share(a),
                }
                for k, a in enumerate(self.attractors)
            ],
        }


def _short(matrix: CrossImpactMatrix, variants: dict[str, str]) -> str:
    return " ".join(f"{d}={v}" for d, v in variants.items())


def all_starts(matrix: CrossImpactMatrix) -> Iterator[np.ndarray]:
    """Every scenario of the product, in chunks (memory stays flat in the product's size).

    Parameters
    ----------
    matrix : the cross-impact matrix

    Returns
    -------
    Iterator[numpy.ndarray]
        Chunks of at most :data:`CHUNK` scenarios, (chunk, descriptors) local indices, in
        lexicographic order.
    """
    sizes = matrix.sizes
    total = matrix.combinations
    for first in range(0, total, CHUNK):
        index = np.arange(first, min(first + CHUNK, total), dtype=np.int64)
        digits = np.empty((len(index), len(sizes)), dtype=np.int64)
        for j in range(len(sizes) - 1, -1, -1):
            digits[:, j] = index % sizes[j]
            index //= sizes[j]
        yield digits


def basins(
    matrix: CrossImpactMatrix,
    mode: str = "global",
    samples: int | None = None,
    seed: int | None = 0,
    max_steps: int = MAX_STEPS,
    method: str = "auto",
) -> Basins:
    """Attractors and basin sizes under succession (Weimer-Jehle 2006, section 5).

    Every scenario is a start when ``samples`` is None and the product holds at most
    :data:`MAX_EXHAUSTIVE`; otherwise ``samples`` (default :data:`DEFAULT_SAMPLES`) random starts
    drawn with ``seed``.

    Parameters
    ----------
    matrix : the cross-impact matrix
    mode : 'global' (every descriptor moves at once) or 'local' (the most inconsistent one)
    samples : number of random starts, or None for every start where the product allows
    seed : seed of the random starts
    max_steps : steps after which a start counts as unresolved
    method : 'auto', 'numba' or 'numpy'

    Returns
    -------
    Basins
        Consistent attractors first, then cycles, each by basin, largest first.
    """
    exhaustive = samples is None and matrix.combinations <= MAX_EXHAUSTIVE
    if exhaustive:
        chunks: Iterator[np.ndarray] = all_starts(matrix)
    else:
        n = DEFAULT_SAMPLES if samples is None else samples
        if n < 1:
            raise ModelError(f"samples must be 1 or more, not {n}")
        rng = np.random.default_rng(seed)
        drawn = rng.integers(0, matrix.sizes, size=(n, len(matrix.descriptors)))
        chunks = (drawn[k : k + CHUNK] for k in range(0, n, CHUNK))
    counts: dict[tuple[int, ...], list[int]] = {}
    starts = unresolved = 0
    for chunk in chunks:
        found, period = attractors_of(matrix, chunk, mode, max_steps, method)
        starts += len(chunk)
        unresolved += int(np.sum(period == 0))
        keep = period > 0
        rows, first, count = np.unique(found[keep], axis=0, return_index=True, return_counts=True)
        for row, k, c in zip(rows, first, count, strict=True):
            entry = counts.setdefault(tuple(row.tolist()), [0, int(period[keep][k])])
            entry[0] += int(c)
    found_attractors = []
    for key, (basin, period_) in counts.items():
        state = np.array(key, dtype=np.int64)
        states = state[None] if period_ == 1 else path(matrix, state, mode, max_steps).attractor
        found_attractors.append(Attractor(states, basin))
    found_attractors.sort(key=lambda a: (not a.consistent, -a.basin, a.states[0].tolist()))
    return Basins(
        matrix,
        mode,
        starts,
        exhaustive,
        None if exhaustive else seed,
        tuple(found_attractors),
        unresolved,
    )


def monte_carlo(
    matrix: CrossImpactMatrix,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = 0,
    mode: str = "global",
    method: str = "auto",
) -> SolutionSet:
    """Consistent scenarios found by succession from ``samples`` random starts.

    For matrices too large for the exact search. The set is a lower bound: the note states the
    smallest basin found with 95 % probability and the estimated coverage (Good 1953).

    Parameters
    ----------
    matrix : the cross-impact matrix
    samples : number of random starts
    seed : their seed
    mode : 'global' or 'local' succession
    method : 'auto', 'numba' or 'numpy'

    Returns
    -------
    SolutionSet
        Marked incomplete, with ``nodes`` the number of starts.
    """
    b = basins(matrix, mode, samples=samples, seed=seed, method=method)
    fixed = [a.states[0] for a in b.attractors if a.consistent]
    local = np.array(fixed, dtype=np.int64).reshape(-1, len(matrix.descriptors))
    return SolutionSet.sorted(
        matrix,
        score(matrix, local),
        max_inconsistency=0.0,
        method="monte-carlo",
        nodes=b.starts,
        complete=False,
        note=b.describe(),
    )

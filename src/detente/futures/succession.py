"""Succession: from any scenario, let the out-balanced descriptors adjust until nothing moves.

*Global* succession moves every descriptor whose chosen variant is out-balanced to its variant
with the highest impact balance, all at once; *local* succession moves only the most out-balanced
descriptor (the first on ties). Ties between best variants go to the first in file order. A
succession ends in an *attractor*: a consistent scenario (a fixed point) or a cycle of
scenarios. The *basin* of an attractor is the set of starting scenarios that reach it
(Weimer-Jehle 2006, section 5; ScenarioWizard's succession analysis).

References
----------
Weimer-Jehle, W. (2006). Cross-impact balances: a system-theoretical approach to cross-impact
analysis. Technological Forecasting and Social Change 73(4), 334-361.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.errors import ModelError
from detente.futures.kernels import choose
from detente.futures.matrix import CrossImpactMatrix
from detente.futures.scores import TOLERANCE, balances

MODES = ("global", "local")
MAX_STEPS = 1_000


def _local_only(mode: str) -> bool:
    if mode not in MODES:
        raise ModelError(f"succession mode '{mode}': give global or local")
    return mode == "local"


def step(matrix: CrossImpactMatrix, state: np.ndarray, mode: str = "global") -> np.ndarray:
    """The scenario after one succession step (Weimer-Jehle 2006, section 5).

    Parameters
    ----------
    matrix : the cross-impact matrix
    state : (n,) local indices
    mode : 'global' (every inconsistent descriptor moves to its best variant) or 'local' (only
        the most inconsistent one)

    Returns
    -------
    numpy.ndarray
        (n,) the next scenario (``state`` itself when it is consistent).
    """
    state = np.asarray(state, dtype=np.int64)
    bal = balances(matrix, state)
    o = matrix.offsets
    best = np.array([np.argmax(bal[o[j] : o[j + 1]]) for j in range(len(state))])
    gap = bal[o[:-1] + best] - bal[o[:-1] + state]
    out = state.copy()
    if _local_only(mode):
        j = int(np.argmax(gap))
        if gap[j] > TOLERANCE:
            out[j] = best[j]
    else:
        moved = gap > TOLERANCE
        out[moved] = best[moved]
    return out


@dataclass(frozen=True)
class Path:
    """A succession from a start: the scenarios visited and the attractor reached.

    Attributes
    ----------
    states : (steps + 1, n) the start, then each scenario after a step, up to the attractor
    entered : index in ``states`` where the attractor begins
    period : 1 for a consistent scenario, the cycle's length otherwise, 0 if ``max_steps`` ran out
    """

    states: np.ndarray
    entered: int
    period: int

    @property
    def attractor(self) -> np.ndarray:
        """The attractor's scenarios in the order succession visits them."""
        return self.states[self.entered : self.entered + max(self.period, 1)]


def path(
    matrix: CrossImpactMatrix, start: np.ndarray, mode: str = "global", max_steps: int = MAX_STEPS
) -> Path:
    """Follow succession from ``start`` until a scenario repeats (or ``max_steps`` run out).

    Parameters
    ----------
    matrix : the cross-impact matrix
    start : (n,) local indices
    mode : 'global' or 'local'
    max_steps : the most steps taken

    Returns
    -------
    Path
        The scenarios visited and where the attractor (a consistent scenario or a cycle) begins.
    """
    states = [np.asarray(start, dtype=np.int64)]
    seen = {tuple(states[0].tolist()): 0}
    for _ in range(max_steps):
        nxt = step(matrix, states[-1], mode)
        key = tuple(nxt.tolist())
        if key in seen:
            back = seen[key]
            return Path(np.array(states), back, len(states) - back)
        seen[key] = len(states)
        states.append(nxt)
    return Path(np.array(states), len(states) - 1, 0)


def attractors_of(
    matrix: CrossImpactMatrix,
    starts: np.ndarray,
    mode: str = "global",
    max_steps: int = MAX_STEPS,
    method: str = "auto",
) -> tuple[np.ndarray, np.ndarray]:
    """For each start, its attractor's smallest scenario and the attractor's period.

    Parameters
    ----------
    matrix : the cross-impact matrix
    starts : (m, n) local indices
    mode : 'global' or 'local'
    max_steps : steps after which a start counts as unresolved
    method : 'auto', 'numba' or 'numpy'

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        (m, n) scenarios and (m,) periods (0 where ``max_steps`` ran out).
    """
    starts = np.ascontiguousarray(starts, dtype=np.int64).reshape(-1, len(matrix.descriptors))
    local_only = _local_only(mode)
    kernels = choose(method)
    if kernels is not None:
        found, period, _ = kernels.attractors(
            matrix.values, matrix.offsets, starts, local_only, TOLERANCE, max_steps
        )
        return found, period
    found = np.empty_like(starts)
    period = np.zeros(len(starts), dtype=np.int64)
    for s, start in enumerate(starts):
        p = path(matrix, start, mode, max_steps)
        cycle = p.attractor
        found[s] = cycle[np.lexsort(cycle.T[::-1])[0]]
        period[s] = p.period
    return found, period

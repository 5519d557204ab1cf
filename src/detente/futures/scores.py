"""Impact balances and the scores of cross-impact balance analysis, for batches of scenarios.

A scenario picks one variant per descriptor. The *impact balance* of a variant is the sum of the
judgements that the scenario's chosen variants make on it. A descriptor is consistent when its
chosen variant has the highest balance among its variants; its *inconsistency* is how far the
best variant's balance exceeds the chosen one's. A scenario's inconsistency is the largest of its
descriptors'; it is consistent when that is zero. Its *total impact score* is the sum of its
chosen variants' balances (Weimer-Jehle 2006, sections 3-4; the scores ScenarioWizard prints).

References
----------
Weimer-Jehle, W. (2006). Cross-impact balances: a system-theoretical approach to cross-impact
analysis. Technological Forecasting and Social Change 73(4), 334-361.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.futures.matrix import CrossImpactMatrix

TOLERANCE = 1e-9  # real-valued judgements: balances closer than this count as equal
CHUNK = 4096  # scenarios scored at a time


def balances(matrix: CrossImpactMatrix, local: np.ndarray) -> np.ndarray:
    """Impact balance of every variant in each scenario.

    Parameters
    ----------
    matrix : the cross-impact matrix
    local : (..., descriptors) chosen variant of each descriptor (0-based within it)

    Returns
    -------
    numpy.ndarray
        (..., variants) the sum of the chosen variants' judgements on each variant
        (Weimer-Jehle 2006, eq. 2).
    """
    rows = matrix.rows(local)
    out = np.zeros((*rows.shape[:-1], matrix.n_variants))
    for j in range(rows.shape[-1]):  # one descriptor at a time: never (..., descriptors, V)
        out += matrix.values[rows[..., j]]
    return out


def descriptor_inconsistency(matrix: CrossImpactMatrix, local: np.ndarray) -> np.ndarray:
    """How far each descriptor's best variant out-balances its chosen one.

    Parameters
    ----------
    matrix : the cross-impact matrix
    local : (..., descriptors) the scenarios

    Returns
    -------
    numpy.ndarray
        (..., descriptors) best balance minus chosen balance; 0 where the descriptor is consistent.
    """
    bal = balances(matrix, local)
    best = np.maximum.reduceat(bal, matrix.offsets[:-1], axis=-1)
    chosen = np.take_along_axis(bal, matrix.rows(local), axis=-1)
    return best - chosen


def inconsistency(matrix: CrossImpactMatrix, local: np.ndarray) -> np.ndarray:
    """The scenario's inconsistency: its most inconsistent descriptor's value.

    Parameters
    ----------
    matrix : the cross-impact matrix
    local : (..., descriptors) the scenarios

    Returns
    -------
    numpy.ndarray
        (...,) the largest descriptor inconsistency of each scenario.
    """
    return descriptor_inconsistency(matrix, local).max(axis=-1)


def total_impact_score(matrix: CrossImpactMatrix, local: np.ndarray) -> np.ndarray:
    """Sum of the chosen variants' impact balances (ScenarioWizard's total impact score).

    Parameters
    ----------
    matrix : the cross-impact matrix
    local : (..., descriptors) the scenarios

    Returns
    -------
    numpy.ndarray
        (...,) one score per scenario.
    """
    bal = balances(matrix, local)
    return np.take_along_axis(bal, matrix.rows(local), axis=-1).sum(axis=-1)


def is_consistent(matrix: CrossImpactMatrix, local: np.ndarray, k: float = 0.0) -> np.ndarray:
    """Whether each scenario's inconsistency is at most ``k``.

    Parameters
    ----------
    matrix : the cross-impact matrix
    local : (..., descriptors) the scenarios
    k : the inconsistency allowed (0: consistent in the strict sense)

    Returns
    -------
    numpy.ndarray
        (...,) booleans.
    """
    return inconsistency(matrix, local) <= k + TOLERANCE


def gains_by_switching(matrix: CrossImpactMatrix, local: np.ndarray) -> np.ndarray:
    """For each descriptor, whether switching its variant alone raises its chosen balance.

    The game-like reading of consistency, computed by re-scoring each switched scenario: with no
    self-impact a scenario is consistent exactly when no descriptor gains by switching.

    Parameters
    ----------
    matrix : the cross-impact matrix
    local : (..., descriptors) the scenarios

    Returns
    -------
    numpy.ndarray
        (..., descriptors) booleans.
    """
    local = np.asarray(local, dtype=np.int64)
    own = np.take_along_axis(balances(matrix, local), matrix.rows(local), axis=-1)
    out = np.zeros(local.shape, dtype=bool)
    for j in range(len(matrix.descriptors)):
        for k in range(int(matrix.sizes[j])):
            switched = local.copy()
            switched[..., j] = k
            after = balances(matrix, switched)[..., matrix.offsets[j] + k]
            out[..., j] |= after > own[..., j] + TOLERANCE
    return out


@dataclass(frozen=True)
class Scored:
    """Scenarios with their scores, in the order given.

    Attributes
    ----------
    local : (m, descriptors) chosen variant of each descriptor (0-based, within the descriptor)
    inconsistency : (m,) scenario inconsistency
    total_impact_score : (m,)
    """

    local: np.ndarray
    inconsistency: np.ndarray
    total_impact_score: np.ndarray


def score(matrix: CrossImpactMatrix, local: np.ndarray) -> Scored:
    """Inconsistency and total impact score of each scenario.

    Parameters
    ----------
    matrix : the cross-impact matrix
    local : (m, descriptors) the scenarios (anything that reshapes to it)

    Returns
    -------
    Scored
        The scenarios with their two scores, in the order given.
    """
    local = np.asarray(local, dtype=np.int64).reshape(-1, len(matrix.descriptors))
    inc = np.empty(len(local))
    tis = np.empty(len(local))
    for start in range(0, len(local), CHUNK):  # memory stays (CHUNK, V) however many
        part = local[start : start + CHUNK]
        inc[start : start + CHUNK] = inconsistency(matrix, part)
        tis[start : start + CHUNK] = total_impact_score(matrix, part)
    return Scored(local, inc, tis)

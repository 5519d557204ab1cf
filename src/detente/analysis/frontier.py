"""The utility possibility frontier of two actors, for plotting (SciPy's HiGHS, one LP a point)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from detente.core.arrays import ScenarioArrays
from detente.errors import ModelError, require


def _constraints(x: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rows A v <= b for t_ai >= |z_i - x_ai| and each U_a's coefficients in v = (z, t)."""
    n, m = x.shape
    eye = np.eye(m)
    blocks, rows = [], np.zeros((n, m + n * m))
    for a in range(n):
        t = np.zeros((m, n * m))
        t[:, a * m : (a + 1) * m] = -eye
        blocks += [np.hstack([eye, t]), np.hstack([-eye, t])]
        rows[a, m + a * m : m + (a + 1) * m] = -s[a]
    b = np.concatenate([np.concatenate([x[a], -x[a]]) for a in range(n)])
    return np.vstack(blocks), b, rows


def pareto_frontier(
    arrays: ScenarioArrays, actor_a: str, actor_b: str, points: int = 21, run: int = 0
) -> pd.DataFrame:
    """The utility possibility frontier of two actors, for plotting.

    For ``points`` levels of A's utility, from what A gets at B's ideal outcome up to A's own
    ideal, the best B can get (a linear programme each). Columns: ``point``, ``utility_<A>``,
    ``utility_<B>`` and the outcome on each issue (on the issue's scale).

    Parameters
    ----------
    arrays : the scenario's arrays
    actor_a, actor_b : the two actors' ids
    points : levels of A's utility
    run : which run of ``arrays`` (0 for a plain scenario)

    Returns
    -------
    pandas.DataFrame
        One row per point.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155-162.
    """
    linprog = require("scipy.optimize", "science", "The Pareto frontier").linprog
    ids = list(arrays.actor_ids)
    missing = [a for a in (actor_a, actor_b) if a not in ids]
    if missing or actor_a == actor_b:
        raise ModelError(
            f"pareto_frontier: need two different actors of {ids}, got {actor_a!r}, {actor_b!r}"
        )
    pick = [ids.index(actor_a), ids.index(actor_b)]
    low, span = arrays.scale_low, arrays.scale_high - arrays.scale_low
    x = (arrays.position[run, pick] - low) / span * 100.0
    s = arrays.salience[run, pick]
    a_ub, b_ub, u = _constraints(x, s)
    m = arrays.n_issues
    bounds: list[Any] = [(0.0, 100.0)] * m + [(0.0, None)] * (2 * m)
    utility = lambda z: -(s * np.abs(z[None, :] - x)).sum(axis=1)  # noqa: E731
    rows: list[dict[str, Any]] = []
    for level in np.linspace(utility(x[1])[0], 0.0, points):
        best = linprog(-u[1], np.vstack([a_ub, -u[0]]), np.append(b_ub, -level), bounds=bounds)
        if best.status != 0:  # pragma: no cover - every level up to A's ideal is reachable
            raise ModelError(f"pareto_frontier: the linear programme failed ({best.message})")
        z = best.x[:m]
        ua, ub = utility(z)
        rows.append(
            {
                "point": len(rows),
                f"utility_{actor_a}": ua,
                f"utility_{actor_b}": ub,
                **dict(zip(arrays.issue_ids, z / 100.0 * span + low, strict=True)),
            }
        )
    return pd.DataFrame(rows)

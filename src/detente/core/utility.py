"""Each actor's utility of an outcome, on a 0-1 scale shared by every scenario.

An actor's utility of an outcome is one minus its salience-weighted mean distance from its
ideal point, each issue's distance measured as a share of the issue's scale:

    U_i(x) = 1 - sum_k s_ik |x_k - p_ik| / span_k / sum_k s_ik

so 1 is the actor's ideal point on every issue and 0 the farthest outcome the scales allow. It
is the additive, linear-loss utility of spatial models of bargaining (Bueno de Mesquita 1994;
Stokman & Van Oosten 1994 use the same salience-weighted distances). Reservation values
(:class:`detente.scenario.schema.Reservation`) live on this scale.

References
----------
Bueno de Mesquita, B. (1994). Political forecasting: an expected utility method. In European
Community Decision Making, Yale University Press, 71-104.
Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions. Ibid., 105-127.
"""

from __future__ import annotations

import numpy as np


def utilities(
    position: np.ndarray, salience: np.ndarray, outcome: np.ndarray, span: np.ndarray
) -> np.ndarray:
    """Every actor's utility of an outcome.

    Parameters
    ----------
    position, salience : (..., actors, issues) ideal points and saliences
    outcome : (..., issues) the outcome on each issue's scale
    span : (issues,) high - low of each issue's scale

    Returns
    -------
    (..., actors) utilities in [0, 1]; an actor with no salience anywhere gets 1.
    """
    distance = np.abs(outcome[..., None, :] - position) / span
    total = salience.sum(axis=-1)
    loss = (salience * distance).sum(axis=-1) / np.where(total > 0, total, 1.0)
    return np.clip(1.0 - loss, 0.0, 1.0)


def worst_accepted(
    position: np.ndarray,
    salience: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    span: np.ndarray,
) -> np.ndarray:
    """The utility of the least favourable outcome inside per-issue acceptance bounds.

    On each issue the worst accepted point is the bound farther from the actor's ideal point
    (an issue without bounds takes the ends of its scale).

    Parameters
    ----------
    position, salience : (actors, issues)
    low, high : (actors, issues) the bounds on each issue's scale
    span : (issues,)

    Returns
    -------
    (actors,) utilities in [0, 1]
    """
    far = np.maximum(np.abs(position - low), np.abs(high - position)) / span
    total = salience.sum(axis=-1)
    loss = (salience * far).sum(axis=-1) / np.where(total > 0, total, 1.0)
    return np.clip(1.0 - loss, 0.0, 1.0)

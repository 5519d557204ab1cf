"""The arithmetic of walking away: walk-out probabilities, collapse, who goes first, risk limits.

Every function works on utilities on the 0-1 scale of :mod:`detente.core.utility` and is
vectorised over any leading axes (ensemble runs).

The walk-out rule
-----------------
An actor compares the forecast's utility U with its reservation value r (what no deal is worth
to it, less its exit cost) through noise: it perceives the forecast's utility as U + e, e
logistic with scale ``s``, and walks out when U + e < r. Since no outcome is worth less than 0
or more than 1, the noise is confined to [0, 1] (a truncated logistic)::

    P(walk) = (F(r - U) - F(-U)) / (F(1 - U) - F(-U)),    F(z) = 1 / (1 + exp(-z / s))

Hence an actor with r = 0 never walks (nothing is worse than no deal), one with r = 1 always
does, and for U well inside (0, 1) P(walk) is the plain logistic 1 / (1 + exp((U - r) / s)),
one half where the forecast is worth exactly its reservation value. The scale s is the width of
the band of margins U - r over which the decision is uncertain (default 0.05: a margin of -0.1
walks with probability 0.88, one of +0.1 with 0.12). Logistic choice rules of this kind follow
McFadden (1974) and McKelvey & Palfrey (1995).

References
----------
McFadden, D. (1974). Conditional logit analysis of qualitative choice behavior. In Frontiers
in Econometrics, Academic Press, 105-142.
McKelvey, R. D. & Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
Games and Economic Behavior 10(1), 6-38.
Zeuthen, F. (1930). Problems of Monopoly and Economic Warfare. Routledge, ch. IV.
Harsanyi, J. C. (1956). Approaches to the bargaining problem before and after the theory of
games: a critical discussion of Zeuthen's, Hicks' and Nash's theories. Econometrica 24(2),
144-157.
"""

from __future__ import annotations

import numpy as np


def _cdf(z: np.ndarray, scale: np.ndarray | float) -> np.ndarray:
    return np.asarray(0.5 * (1.0 + np.tanh(z / (2.0 * np.asarray(scale)))))  # 1/(1+e^(-z/s))


def walk_probability(
    utility: np.ndarray, reservation: np.ndarray, scale: np.ndarray | float
) -> np.ndarray:
    """P(an actor walks out) under the truncated logistic rule (module docstring).

    Parameters
    ----------
    utility : (..., actors) each actor's utility of the forecast, in [0, 1]
    reservation : (..., actors) reservation values less exit costs; NaN: never walks
    scale : logistic scale, a number or (..., 1) per run

    Returns
    -------
    (..., actors) probabilities in [0, 1]; exactly 0 where the reservation value is 0 or NaN.
    """
    u = np.clip(np.asarray(utility, float), 0.0, 1.0)
    r = np.asarray(reservation, float)
    low = _cdf(-u, scale)
    top = _cdf(1.0 - u, scale)
    inside = _cdf(np.nan_to_num(r, nan=0.0) - u, scale)
    p = (inside - low) / np.maximum(top - low, 1e-300)
    p = np.where(np.isnan(r) | (r <= 0.0), 0.0, np.clip(p, 0.0, 1.0))
    return np.where(r >= 1.0, 1.0, p)


def collapse_probability(p_walk: np.ndarray, veto: np.ndarray) -> np.ndarray:
    """P(the talks collapse) = P(at least one veto player walks), walks independent.

    Parameters
    ----------
    p_walk : (..., actors)
    veto : (actors,) bool

    Returns
    -------
    (...) probabilities; 0 when no actor holds a veto.
    """
    stay = np.where(np.asarray(veto, bool), 1.0 - p_walk, 1.0)
    return np.asarray(1.0 - stay.prod(axis=-1))


def first_walker(p_walk: np.ndarray, margin: np.ndarray) -> np.ndarray:
    """P(each actor is the first to walk out), and P(nobody walks) as the last column.

    Among the actors who walk, the one with the lowest margin (utility less reservation value)
    goes first; ties go to the actor listed first. So actor i is first when it walks and no actor
    with a lower margin does: p_i * prod_{j before i} (1 - p_j) in order of margin.

    Parameters
    ----------
    p_walk, margin : (..., actors)

    Returns
    -------
    (..., actors + 1); each row sums to 1.
    """
    order = np.argsort(np.nan_to_num(margin, nan=np.inf), axis=-1, kind="stable")
    p = np.take_along_axis(p_walk, order, axis=-1)
    stay = np.cumprod(1.0 - p, axis=-1)
    before = np.concatenate([np.ones_like(p[..., :1]), stay[..., :-1]], axis=-1)
    first_sorted = p * before
    first = np.empty_like(first_sorted)
    np.put_along_axis(first, order, first_sorted, axis=-1)
    return np.concatenate([first, stay[..., -1:]], axis=-1)


def risk_limits(utility: np.ndarray, reservation: np.ndarray) -> np.ndarray:
    """Zeuthen's risk limit of each actor, taking the forecast as the offer on the table.

    z_i = (U_i(own ideal) - U_i(forecast)) / (U_i(own ideal) - U_i(no deal)) = (1 - U) / (1 - r),
    the highest probability of breakdown an actor would accept rather than take the forecast
    (Zeuthen 1930; Harsanyi 1956 shows that conceding by the lowest risk limit leads to the Nash
    bargaining solution). The actor with the lowest limit is the next to concede; a limit of 1 or
    more means the actor prefers no deal. Without a reservation value, no deal counts as 0.

    Parameters
    ----------
    utility, reservation : (..., actors); NaN reservation is read as 0

    Returns
    -------
    (..., actors); inf where the reservation value is 1.
    """
    r = np.nan_to_num(np.asarray(reservation, float), nan=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (1.0 - np.asarray(utility, float)) / (1.0 - r)
    return np.where(r >= 1.0, np.inf, z)


def weighted_quantiles(values: np.ndarray, weight: np.ndarray, qs: list[float]) -> np.ndarray:
    """Quantiles of ``values`` (runs, k) with run weights (runs,): (len(qs), k).

    Linear interpolation on the weights' cumulative midpoints; NaN where all weights are 0.

    Parameters
    ----------
    values : (runs, k) values
    weight : (runs,) run weights
    qs : quantiles in [0, 1]

    Returns
    -------
    numpy.ndarray
        (len(qs), k) quantiles.
    """
    out = np.full((len(qs), values.shape[1]), np.nan)
    total = float(weight.sum())
    if total <= 0:
        return out
    for k in range(values.shape[1]):
        order = np.argsort(values[:, k], kind="stable")
        v, w = values[order, k], weight[order]
        cum = (np.cumsum(w) - 0.5 * w) / total
        out[:, k] = np.interp(qs, cum, v)
    return out

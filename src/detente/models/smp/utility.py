"""Distances, utilities and risk attitudes of the SMP.

Positions and saliences are on KTAB's internal [0, 1] scale. References: KAPSARC, "An
Introduction to KTAB" (2015) and KTAB's ``SMPModel::bvDiff``/``bsUtil`` and
``Model::bigRfromProb`` (MIT licence); equations restated, not copied.
"""

from __future__ import annotations

import numpy as np


def distance(ideal: np.ndarray, position: np.ndarray, salience: np.ndarray) -> np.ndarray:
    """Salience-weighted normalised distance d[..., a, b] from a's ideal to b's position, in [0, 1].

    d = sqrt( sum_k s_ak^2 (y_ak - x_bk)^2 / sum_k s_ak^2 ); an actor with no salience at all
    is indifferent (d = 0).

    Parameters
    ----------
    ideal : (..., n, m) ideals
    position : (..., p, m) positions
    salience : (..., n, m) saliences

    Returns
    -------
    numpy.ndarray
        (..., n, p) distances in [0, 1].
    """
    s2 = salience**2
    diff = ideal[..., :, None, :] - position[..., None, :, :]
    num = np.einsum("...ak,...abk->...ab", s2, diff**2)
    den = s2.sum(axis=-1)[..., None]
    return np.sqrt(np.divide(num, den, out=np.zeros_like(num), where=den > 0))


def utility(d: np.ndarray, risk: np.ndarray | float) -> np.ndarray:
    """u(d, R) = (1 - d)(1 + d R), R in [-1, 1] (R > 0 risk averse); (1 - d)(1 + R) past d = 1.

    Parameters
    ----------
    d : distances
    risk : risk attitudes R

    Returns
    -------
    numpy.ndarray
        The utilities.
    """
    return np.where(d <= 1, (1 - d) * (1 + d * risk), (1 - d) * (1 + risk))


def risk_from_prob(p: np.ndarray, big_r_range: str) -> np.ndarray:
    """Risk attitudes from winning probabilities (..., n): the likeliest position gets R = 1.

    Min maps [pmin, pmax] to [0, 1], Mid to [-1/2, 1], Max to [-1, 1]. When every position is
    equally likely (all actors together) everyone is risk neutral.

    Parameters
    ----------
    p : (..., n) winning probabilities
    big_r_range : Min, Mid or Max

    Returns
    -------
    numpy.ndarray
        (..., n) risk attitudes.

    References
    ----------
    KAPSARC. KTAB, the KAPSARC Toolkit for Behavioral Analysis: the Spatial Model of Politics
    (kmodel, smp), https://github.com/KAPSARC/KTAB (MIT licence).
    """
    lo, hi = p.min(axis=-1, keepdims=True), p.max(axis=-1, keepdims=True)
    flat = hi - lo <= 1e-15
    spread = np.where(flat, 1.0, hi - lo)
    if big_r_range == "Min":
        r = (p - lo) / spread
    elif big_r_range == "Mid":
        r = (3 * p - (hi + 2 * lo)) / (2 * spread)
    else:
        r = (2 * p - (hi + lo)) / spread
    return np.where(flat, 0.0, r)


def estimated_risk(risk: np.ndarray, big_r_adjust: str) -> np.ndarray:
    """rhat[..., h, i]: h's estimate of i's risk attitude, a blend of h's own and i's true one.

    None: r_h; OneThird: (2 r_h + r_i) / 3; Half; TwoThirds: (r_h + 2 r_i) / 3; Full: r_i.

    Parameters
    ----------
    risk : (..., n) true risk attitudes
    big_r_adjust : None, OneThird, Half, TwoThirds or Full

    Returns
    -------
    numpy.ndarray
        (..., n, n) estimates.
    """
    shape = (*risk.shape, risk.shape[-1])
    own = np.broadcast_to(risk[..., :, None], shape)
    true = np.broadcast_to(risk[..., None, :], shape)
    if big_r_adjust == "None":
        return own.copy()
    if big_r_adjust == "Full":
        return true.copy()
    if big_r_adjust == "OneThird":
        return (2.0 * own + true) / 3.0
    if big_r_adjust == "TwoThirds":
        return (own + 2.0 * true) / 3.0
    return (own + true) / 2

"""Bargains: the positions an initiator proposes that it and its target both adopt.

Dimension by dimension the proposal interpolates the two positions with weights
w = salience^n x probability^m (S1P1, S2P2) rounded to 4 decimals of the [0, 1] scale, or moves
each side by the probability gap (S2PMax). BargnModel says whose estimate of the odds is used
(KTAB ``SMPActor::interpolateBrgn`` and ``SMPState::doBCN``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_W = 1e-6  # KTAB: keeps 0/0 away and breaks ties towards the initiator


@dataclass(frozen=True)
class Bargains:
    """The bargain slots of a turn in every run: one per initiator (two with InitRcvrInterp).

    Slots of actors without a target are not ``valid`` and join no queue.
    """

    init: np.ndarray  # (r, b) initiator index
    rcvr: np.ndarray  # (r, b) receiver index
    valid: np.ndarray  # (r, b) bool
    pos_init: np.ndarray  # (r, b, m) position proposed for the initiator
    pos_rcvr: np.ndarray  # (r, b, m) position proposed for the receiver
    view: np.ndarray  # (r, b) 0 = initiator's estimate, 1 = receiver's, 2 = compromise


def _round4(x: np.ndarray) -> np.ndarray:
    return np.floor(0.5 + x * 10_000.0) / 10_000.0


def interpolate(
    kind: str,
    x_i: np.ndarray,
    s_i: np.ndarray,
    p_i: np.ndarray,
    x_j: np.ndarray,
    s_j: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """New positions of initiator and receiver from positions x, saliences s and P(i wins).

    Parameters
    ----------
    kind : the interpolation ('initiator' or 'receiver' view)
    x_i, s_i : the initiator's positions and saliences (..., m)
    p_i : (...) P(initiator wins)
    x_j, s_j : the receiver's

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        New positions of initiator and receiver (..., m).

    References
    ----------
    KAPSARC. KTAB, the KAPSARC Toolkit for Behavioral Analysis: the Spatial Model of Politics
    (kmodel, smp), https://github.com/KAPSARC/KTAB (MIT licence).
    """
    p_i = p_i[..., None]
    p_j = 1.0 - p_i
    if kind == "S2PMax":
        gap_i = np.maximum(p_j - p_i, 0.0)
        gap_j = np.maximum(p_i - p_j, 0.0)
        s_i2, s_j2 = s_i**2, s_j**2
        d_i = gap_i * s_j2 / (gap_i * s_j2 + MIN_W + (1 - gap_i) * s_i2)
        d_j = gap_j * s_i2 / (gap_j * s_i2 + MIN_W + (1 - gap_j) * s_j2)
        return x_i + d_i * (x_j - x_i), x_j + d_j * (x_i - x_j)
    power = 1 if kind == "S1P1" else 2
    w_i = s_i**power * p_i**power
    w_j = s_j**power * p_j**power
    total = w_i + MIN_W + w_j
    b_i = _round4(((w_i + MIN_W) * x_i + w_j * x_j) / total)
    b_j = _round4((w_i * x_i + (MIN_W + w_j) * x_j) / total)
    return b_i, b_j


def propose(
    model: str,
    kind: str,
    position: np.ndarray,
    salience: np.ndarray,
    weight: np.ndarray,
    target: np.ndarray,
    p_init: np.ndarray,
    p_rcvr: np.ndarray,
) -> Bargains:
    """The bargains of a turn under BargnModel ``model``; target (r, n), -1 for none.

    InitOnlyInterp: the initiator's interpolation; InitRcvrInterp: that and the receiver's;
    PWCompInterp: their average weighted by capability x total salience.

    Parameters
    ----------
    model, kind : the bargaining model (InitOnlyInterp, InitRcvrInterp, PWCompInterp) and the
        interpolation
    position, salience : (r, n, m); weight : (r, n) capability x total salience
    target : (r, n) each actor's target, -1 for none
    p_init, p_rcvr : the initiator's and the receiver's estimates of P(initiator wins)

    Returns
    -------
    Bargains
        The bargains proposed.

    References
    ----------
    KAPSARC. KTAB, the KAPSARC Toolkit for Behavioral Analysis: the Spatial Model of Politics
    (kmodel, smp), https://github.com/KAPSARC/KTAB (MIT licence).
    """
    runs, n = target.shape
    init = np.broadcast_to(np.arange(n), (runs, n))
    valid = target >= 0
    rcvr = np.where(valid, target, init)

    def of(a: np.ndarray, who: np.ndarray) -> np.ndarray:
        return np.take_along_axis(a, who[..., None] if a.ndim == 3 else who, axis=1)

    x_i, x_j, s_i, s_j = position, of(position, rcvr), salience, of(salience, rcvr)
    own_i, own_j = interpolate(kind, x_i, s_i, p_init, x_j, s_j)
    if model == "InitOnlyInterp":
        return Bargains(init, rcvr, valid, own_i, own_j, np.zeros((runs, n), int))
    their_i, their_j = interpolate(kind, x_i, s_i, p_rcvr, x_j, s_j)
    if model == "InitRcvrInterp":  # slots IIJ then JIJ for each initiator

        def pair(a: np.ndarray, b: np.ndarray) -> np.ndarray:
            return np.stack([a, b], axis=2).reshape(runs, 2 * n, *a.shape[2:])

        views = np.broadcast_to(np.array([0, 1]), (runs, n, 2)).reshape(runs, 2 * n)
        return Bargains(
            pair(init, init),
            pair(rcvr, rcvr),
            pair(valid, valid),
            pair(own_i, their_i),
            pair(own_j, their_j),
            views,
        )
    w_i, w_j = weight[..., None], of(weight, rcvr)[..., None]
    mix_i = (w_i * own_i + w_j * their_i) / (w_i + w_j)
    mix_j = (w_i * own_j + w_j * their_j) / (w_i + w_j)
    return Bargains(init, rcvr, valid, mix_i, mix_j, np.full((runs, n), 2))

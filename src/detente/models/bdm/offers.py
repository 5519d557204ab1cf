"""Offers between pairs and the one each actor accepts (Scholz et al. 2011, section 6, Fig. 6).

Every pair is seen from the receiving actor i: a = E^i(U_ij), its expected utility of
challenging the proposer j, and b = E^j(U_ji), the proposer's expected utility of challenging i.
Arrays are indexed ``[b, i, j]`` = (problem, receiver, proposer).
"""

from __future__ import annotations

import numpy as np

NONE, CONFLICT, COMPROMISE, COMPEL = 0, 1, 2, 3
# Expected utilities lie within [-4, 4]; closer than this they count as equal (or as zero), so
# that rounding noise from a change of units never turns a tie into an offer.
EU_TIE = 1e-12
OFFER_TYPES = {CONFLICT: "conflict", COMPROMISE: "compromise", COMPEL: "compel"}


def classify(
    a: np.ndarray,
    b: np.ndarray,
    x_i: np.ndarray,
    x_j: np.ndarray,
    allowed: np.ndarray,
    compel: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """Octant of every pair (Fig. 6) and the position the receiver would move to.

    - conflict, b > a > 0: both would fight and j expects more; i gives way to x_j;
    - compromise, b > 0 > a and b > |a|: i moves toward x_j by the fraction |a / b| (eq. 36);
    - compel, b > 0 > a and |a| >= b: i cannot resist and moves all the way to x_j (with
      ``compel=False`` no offer, as in McKibben-Sanders' replication, whose test for this
      region compares b with |b| and so never passes);
    - otherwise (stalemate, or i has the upper hand) there is no offer to i.
    ``allowed`` masks pairs that may deal at all (a channel, distinct positions).

    Parameters
    ----------
    a : (B, n, n) E^i(U_ij), the receiver's expected utility
    b : (B, n, n) E^j(U_ji), the proposer's
    x_i, x_j : positions of receiver and proposer (broadcastable)
    allowed : (B, n, n) pairs that may deal

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        The octant code of every pair and the receiver's position under the offer.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510-531.
    """
    j_ahead = (b > EU_TIE) & allowed
    conflict = j_ahead & (a > EU_TIE) & (b > a + EU_TIE)
    weaker = j_ahead & (a < -EU_TIE)
    compromise = weaker & (b > -a + EU_TIE)
    compelled = weaker & ~compromise & compel
    kind = np.select([conflict, compromise, compelled], [CONFLICT, COMPROMISE, COMPEL], NONE)
    fraction = np.where(compromise, -a / np.where(compromise, b, 1.0), 1.0)
    target = x_i + (x_j - x_i) * fraction
    return kind.astype(np.int8), target


def select(
    kind: np.ndarray,
    target: np.ndarray,
    a: np.ndarray,
    b: np.ndarray,
    x: np.ndarray,
    x_all: np.ndarray,
    rule: str,
) -> tuple[np.ndarray, np.ndarray]:
    """The one offer each receiver accepts: (proposer index or -1, new position).

    Section 6.2: an actor prefers to settle a conflict, then a compromise, then to be compelled;
    among offers of its preferred kind it moves the least and, at equal moves, yields to the
    proposer with the highest expected utility. ``rule="scholz-code"`` instead picks the
    compromise whose EU-weighted mean of the two positions is lowest, as Scholz's own code did
    (reported by McKibben-Sanders); conflicts and compels are chosen the same way in both.

    Parameters
    ----------
    kind : (B, r, n) octant codes from :func:`classify`
    target : (B, r, n) the positions offered
    a, b : the receivers' and proposers' expected utilities
    x : (B, r) the receivers' positions
    x_all : (B, n) every proposer's position
    rule : 'paper' or 'scholz-code'

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        (B, n) proposer accepted (-1: none) and new position.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510-531.
    """
    present = kind > NONE
    rank = np.where(present, kind, 99)
    best = rank.min(axis=2, keepdims=True)
    in_kind = present & (rank == best)
    move = np.abs(target - x[:, :, None])
    if rule == "scholz-code":
        weight_a, weight_b = np.abs(a), np.abs(b)
        mixed = (weight_a * x[:, :, None] + weight_b * x_all[:, None, :]) / np.maximum(
            weight_a + weight_b, np.finfo(float).tiny
        )
        move = np.where(kind == COMPROMISE, mixed, move)
    key = np.where(in_kind, move, np.inf)
    least = key.min(axis=2, keepdims=True)
    tied = in_kind & (key <= least + 1e-12 * (1.0 + np.abs(least)))
    chosen = np.argmax(np.where(tied, b, -np.inf), axis=2)
    accepted = np.where(in_kind.any(axis=2), chosen, -1)
    picked = np.take_along_axis(target, np.maximum(accepted, 0)[:, :, None], axis=2)[:, :, 0]
    return accepted, np.where(accepted >= 0, picked, x)

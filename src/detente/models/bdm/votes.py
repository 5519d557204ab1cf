"""Third-party votes and the probability of success (Scholz et al. 2011, eqs. 30-31), in blocks.

Voter k backs i over j by w_k (D_kj - D_ki) when it is closer to i; those voters lie on i's side
of the midpoint of x_i and x_j, so with the positions sorted each sum is a difference of two
prefix sums over the voters: O(n^2 log n) per problem instead of the direct O(n^3). A voter
exactly at the midpoint is indifferent and adds nothing. The prefix sums are tallied once per
pass; the pairwise arrays are then built a block of challengers (rows) at a time, so that a
round of 10,000 actors never holds more than a few blocks of pairs besides the tally.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.models.bdm.core import distances


@dataclass(frozen=True)
class Tally:
    """What every contest's votes are read from, for positions ``x`` (B, n) sorted along axis 1.

    prefix[b, c, j] = sum over the c lowest voters k of w_k D_kj, with D_kj the voter's
    (risk-adjusted) distance to j; normaliser[b] = every voter's absolute vote over all ordered
    pairs of actors, sum_k w_k sum_{a, c} |D_ka - D_kc| (Scholz's code, see :func:`probability`).
    """

    x: np.ndarray
    prefix: np.ndarray
    normaliser: np.ndarray


def tally(
    x: np.ndarray, w: np.ndarray, exponent: np.ndarray, span: np.ndarray, block: int
) -> Tally:
    """Prefix sums and normaliser, over voters ``block`` at a time (x sorted along axis 1).

    The all-pairs sum for one voter is 2 sum_t (2t - n + 1) u_t over its sorted distances u.

    Parameters
    ----------
    x : (B, n) positions sorted along axis 1; w : (B, n) capability x salience
    exponent : (B, n) each voter's risk exponent on its distances (all 1 in the first pass)
    span : (B,) the range the distances are divided by
    block : voters per block

    Returns
    -------
    Tally
        The prefix sums (B, n + 1, n) and the all-pairs normaliser (B,).
    """
    b, n = x.shape
    plain = bool(np.all(exponent == 1.0))
    prefix = np.zeros((b, n + 1, n))
    normaliser = np.zeros(b)
    ranks = 2.0 * np.arange(n) - (n - 1)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        dist = distances(x[:, lo:hi], x, span)
        if not plain:
            dist **= exponent[:, lo:hi, None]
        part = prefix[:, lo + 1 : hi + 1, :]
        np.cumsum(w[:, lo:hi, None] * dist, axis=1, out=part)
        if lo:
            part += prefix[:, lo : lo + 1, :]
        dist.sort(axis=2)
        normaliser += (w[:, lo:hi] * (2.0 * (dist @ ranks))).sum(axis=1)
    return Tally(x, prefix, normaliser)


def _count(sorted_x: np.ndarray, values: np.ndarray) -> np.ndarray:
    """How many sorted positions lie strictly below each value: (B, n), (B, r, c) -> (B, r, c).

    Large problems call NumPy's searchsorted problem by problem (a loop over problems, not
    pairs); batches of small ones count voter by voter (n <= 16) or bisect.
    """
    b, n = sorted_x.shape
    if n >= 64 or b == 1:
        return np.stack([np.searchsorted(sorted_x[k], values[k]) for k in range(b)])
    if n <= 16:  # one comparison pass per voter beats bisection at this size
        count = np.zeros(values.shape, np.intp)
        for k in range(n):
            count += sorted_x[:, k, None, None] < values
        return count
    lo = np.zeros(values.shape, np.intp)
    hi = np.full(values.shape, n, np.intp)
    flat = sorted_x.ravel()
    base = (np.arange(b) * n)[:, None, None]
    for _ in range(int(np.ceil(np.log2(n + 1)))):
        mid = (lo + hi) // 2
        go_right = (flat[base + np.minimum(mid, n - 1)] < values) & (mid < hi)
        lo = np.where(go_right, mid + 1, lo)
        hi = np.where(go_right, hi, mid)
    return lo


def pair_votes(t: Tally, rows: slice) -> tuple[np.ndarray, np.ndarray]:
    """Votes for i over j and for j over i, for i in ``rows`` and every j: (B, r, n) each.

    The voters below the midpoint are the same for (i, j) and (j, i), so one gather of the
    prefix sums serves both; the voters above it are the total minus those below.

    Parameters
    ----------
    t : the batch's sorted positions and prefix sums of weighted distances
    rows : the actors i of this block

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        (B, r, n) votes for i over j and for j over i (>= 0).

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510-531 (eq. 30).
    """
    x, prefix = t.x, t.prefix
    xi = x[:, rows]
    cut = _count(x, (xi[:, :, None] + x[:, None, :]) / 2.0)
    net = np.take_along_axis(prefix, cut, axis=1)  # voters below, on j's distances
    net -= np.take_along_axis(prefix[:, :, rows].transpose(0, 2, 1), cut, axis=2)  # on i's
    total = prefix[:, -1, :]
    rise = total[:, None, :] - total[:, rows, None]  # total_j - total_i
    lower = xi[:, :, None] < x[:, None, :]
    votes = np.where(lower, net, rise - net)
    back = np.where(xi[:, :, None] > x[:, None, :], -net, net - rise)
    same = xi[:, :, None] == x[:, None, :]
    votes[same] = 0.0
    back[same] = 0.0
    np.maximum(votes, 0.0, out=votes)
    return votes, np.maximum(back, 0.0, out=back)


def probability(t: Tally, rows: slice, method: str) -> tuple[np.ndarray, np.ndarray]:
    """P[b, i, j] that i prevails against j and P[b, j, i], for i in ``rows``: (B, r, n) each.

    Eqs. 30-31. ``"all-pairs"`` divides by every voter's absolute vote over all ordered pairs of
    actors, as Scholz's own code did (reported by Masad and by McKibben-Sanders), which comes
    closest to the published tables; ``"contest"`` divides by the votes on this contest only,
    as eq. 31 is printed, so that P_ij + P_ji = 1 (1/2 each when no one cares).

    Parameters
    ----------
    t : the pass's :class:`Tally`; rows : the challengers i; method : "all-pairs" or "contest"

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        (B, r, n) P[i, j] and P[j, i] for i in ``rows``.

    References
    ----------
    Scholz, Calbert & Smith (2011), eqs. 30-31; Masad (2016), ch. 3.
    """
    votes, back = pair_votes(t, rows)
    if method == "contest":
        both = votes + back
        safe = np.where(both > 0, both, 1.0)
        same = t.x[:, rows, None] == t.x[:, None, :]
        share = np.where(same, 0.0, np.where(both > 0, votes / safe, 0.5))
        return share, np.where(same, 0.0, np.where(both > 0, back / safe, 0.5))
    den = t.normaliser[:, None, None]
    safe = np.where(den > 0, den, 1.0)
    return np.where(den > 0, votes / safe, 0.0), np.where(den > 0, back / safe, 0.0)

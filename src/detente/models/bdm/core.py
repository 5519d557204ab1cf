"""Per-round mathematics of the expected-utility model (Scholz, Calbert & Smith 2011).

Every function works on a batch: arrays carry a leading axis ``B`` (runs x issues, each an
independent one-dimensional problem), then the actor axes. Pairwise arrays are indexed
``[b, i, j]`` with ``i`` the challenger (row) and ``j`` the challenged actor (column). Equation
numbers refer to the ICAART 2011 text of the paper.
"""

from __future__ import annotations

import numpy as np

# Relative tolerance under which all security levels count as equal (eq. 34's zero range).
_FLAT = 1e-12


def distances(x_rows: np.ndarray, x_cols: np.ndarray, span: np.ndarray) -> np.ndarray:
    """|x_i - x_j| / (x_max - x_min) for rows i and columns j.

    Parameters
    ----------
    x_rows : (B, r) positions
    x_cols : (B, c) positions
    span : (B,) the range of positions of each problem

    Returns
    -------
    numpy.ndarray
        (B, r, c) normalised distances.
    """
    return np.abs(x_rows[:, :, None] - x_cols[:, None, :]) / span[:, None, None]


def support(
    x: np.ndarray, d: np.ndarray, w: np.ndarray, exponent: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Third-party votes for i against j, summed over the voters who prefer i (eq. 30).

    ``x`` must be sorted along axis 1 and ``d`` be its :func:`distances`. Voter k backs i over
    j by w_k (D_kj - D_ki) when it is closer to i; those voters lie on i's side of the midpoint
    of x_i and x_j, so each sum is a difference of two prefix sums over the sorted voters:
    O(n^2 log n) per problem instead of the direct O(n^3). A voter exactly at the midpoint is
    indifferent and adds nothing.

    Parameters
    ----------
    x : (B, n) positions, sorted along axis 1
    d : (B, n, n) their :func:`distances`
    w : (B, n) capability x salience
    exponent : (B, n) risk exponents

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        (N, D): N[b, i, j] the votes for i over j (>= 0) and D[b, k, a] the voters'
        (risk-adjusted) distances.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510-531.
    """
    dist = d.copy() if np.all(exponent == 1.0) else d ** exponent[:, :, None]
    prefix = np.zeros((x.shape[0], x.shape[1] + 1, x.shape[1]))
    np.cumsum(w[:, :, None] * dist, axis=1, out=prefix[:, 1:, :])
    mid = (x[:, :, None] + x[:, None, :]) / 2.0
    # below[b, i, j] = prefix[b, cut, j] with the same (symmetric) cut for (i, j) and (j, i),
    # so the i-column term is below.T; voters above the midpoint are the total minus below
    below = np.take_along_axis(prefix, _count(x, mid), axis=1)
    net = below - below.transpose(0, 2, 1)
    total = prefix[:, -1, :]
    lower = x[:, :, None] < x[:, None, :]
    votes = np.where(lower, net, (total[:, None, :] - total[:, :, None]) - net)
    votes[x[:, :, None] == x[:, None, :]] = 0.0
    return np.maximum(votes, 0.0, out=votes), dist


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


def probability(
    x: np.ndarray, d: np.ndarray, w: np.ndarray, exponent: np.ndarray, method: str
) -> np.ndarray:
    """Probability that i prevails against j, P[b, i, j], for positions sorted along axis 1.

    Eqs. 30-31. ``"all-pairs"`` divides by every voter's absolute vote over all ordered pairs of
    actors, as Scholz's own code did (reported by Masad and by McKibben-Sanders), which comes
    closest to the published tables; ``"contest"`` divides by the votes on this contest only,
    as eq. 31 is printed, so that P_ij + P_ji = 1 (1/2 each when no one cares).

    Parameters
    ----------
    x : (B, n) positions, sorted along axis 1
    d : (B, n, n) their distances
    w : (B, n) capability x salience
    exponent : (B, n) risk exponents
    method : 'all-pairs' or 'contest'

    Returns
    -------
    numpy.ndarray
        (B, n, n) P[b, i, j].

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510-531.
    """
    votes, dist = support(x, d, w, exponent)
    if method == "contest":
        both = votes + votes.transpose(0, 2, 1)
        share = np.where(both > 0, votes / np.where(both > 0, both, 1.0), 0.5)
        return np.where(x[:, :, None] == x[:, None, :], 0.0, share)
    # sum over a, b of |D_ka - D_kb| for a sorted row u is 2 * sum_t (2t - n + 1) u_t
    n = x.shape[1]
    dist.sort(axis=2)
    spread = 2.0 * (dist @ (2.0 * np.arange(n) - (n - 1)))
    denominator = (w * spread).sum(axis=1)
    safe = np.where(denominator > 0, denominator, 1.0)
    return np.where(denominator[:, None, None] > 0, votes / safe[:, None, None], 0.0)


def utility(d: np.ndarray, exponent: np.ndarray | float, shift: float) -> np.ndarray:
    """Basic utility 2 - 4 (0.5 + shift * d)^r (eqs. 15-16, 22-24).

    Parameters
    ----------
    d : normalised distances
    exponent : risk exponents r
    shift : +0.5 (failure, U_f), -0.5 (success, U_s) or 0 (status quo)

    Returns
    -------
    numpy.ndarray
        The utilities, d's shape.
    """
    base = shift * d
    base += 0.5
    np.maximum(base, 0.0, out=base)  # d <= 1; guards rounding just above it
    return 2.0 - 4.0 * base**exponent


Utilities = tuple[np.ndarray, np.ndarray, np.ndarray | float]


def utilities(d: np.ndarray, exponent: np.ndarray | float) -> Utilities:
    """(U_s, U_f, U_sq) of every challenger against every target (eqs. 15, 16, 24).

    They depend only on the distance and the exponent, so one set serves both the actor's own
    EU and its judgement of the proposer's (both use the receiver's exponent).

    Parameters
    ----------
    d : (B, r, c) distances
    exponent : the receiver's risk exponents

    Returns
    -------
    Utilities
        U_s, U_f and U_sq.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510-531.
    """
    return utility(d, exponent, -0.5), utility(d, exponent, 0.5), 2.0 - 4.0 * 0.5**exponent


def drift(quo: tuple[np.ndarray, np.ndarray], exponent: np.ndarray | float) -> np.ndarray:
    """T U_b + (1 - T) U_w, the no-challenge outcome other than the status quo (eqs. 22-23).

    Parameters
    ----------
    quo : (d_quo, T) from :func:`status_quo_terms`
    exponent : the receiver's risk exponents

    Returns
    -------
    numpy.ndarray
        The drift term of eq. 25a.
    """
    d_quo, better = quo
    return better * utility(d_quo, exponent, -0.25) + (1 - better) * utility(d_quo, exponent, 0.25)


def expected_utility(
    u: Utilities, p: np.ndarray, s_target: np.ndarray, q: float, moved: np.ndarray | None
) -> np.ndarray:
    """E(U) of challenging minus not challenging, eq. 25a.

    Parameters
    ----------
    u : :func:`utilities`
    p : (B, r, c) probability that each challenger prevails over each target
    s_target : the target's salience (broadcastable), the chance it resists
    q : the weight of the status quo staying as it is
    moved : the :func:`drift` term, needed only when q < 1

    Returns
    -------
    numpy.ndarray
        (B, r, c) expected utilities.

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510-531.
    """
    win, lose, status_quo = u
    # s_j [P U_s + (1 - P) U_f] + (1 - s_j) U_s, rearranged to fewer passes
    result = win + s_target * (1.0 - p) * (lose - win) - q * status_quo
    if q < 1.0 and moved is not None:
        result -= (1.0 - q) * moved
    return result


def status_quo_terms(
    x_rows: np.ndarray, x_cols: np.ndarray, mu: np.ndarray, span: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(d_quo, T) of the no-challenge branch for challengers (rows) against targets (columns).

    Unchallenged, the target drifts toward the median mu; T = 1 (things get better for the
    challenger) when mu is closer to the challenger than the target now is, else 0: detente's
    reading of the paper's four geometric cases (1 and 3A: T = 1; 2 and 3B: T = 0).

    Parameters
    ----------
    x_rows : (B, r) challengers' positions
    x_cols : (B, c) targets' positions
    mu : (B,) the median
    span : (B,) the range of positions

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        (d_quo, T), each (B, r, c).
    """
    to_mu = np.abs(x_rows - mu[:, None])[:, :, None]
    to_target = np.abs(x_rows[:, :, None] - x_cols[:, None, :])
    better = (to_mu < to_target).astype(float)
    return (to_mu + to_target) / span[:, None, None], better


def risk_exponents(security: np.ndarray) -> np.ndarray:
    """Risk exponents r_i in [0.5, 2] from security levels (eqs. 32-34).

    R_i = (2 S_i - max S - min S) / (max S - min S) and r_i = (1 - R_i/3) / (1 + R_i/3): an
    actor holding the most exposed position is read as risk-acceptant (r = 0.5, convex utility),
    the safest as risk-averse (r = 2). Where all levels are equal (one actor, everyone at one
    point) no one is distinguished and r = 1.

    Parameters
    ----------
    security : (B, n) security levels

    Returns
    -------
    numpy.ndarray
        (B, n) exponents in [0.5, 2].

    References
    ----------
    Scholz, J. B., Calbert, G. J. & Smith, G. A. (2011). Unravelling Bueno de Mesquita's group
    decision model. Journal of Theoretical Politics 23(4), 510-531.
    """
    hi = security.max(axis=1, keepdims=True)
    lo = security.min(axis=1, keepdims=True)
    width = hi - lo
    flat = width <= _FLAT * (1.0 + np.abs(hi) + np.abs(lo))
    basis = np.where(flat, 0.0, (2.0 * security - hi - lo) / np.where(flat, 1.0, width))
    return (1.0 - basis / 3.0) / (1.0 + basis / 3.0)

"""Compiled (Numba) loops of the SMP; imported only when :mod:`kernels` decides to use them.

Each n^3 loop is compiled twice from one Python function: serially, and with its outer loop
spread over threads (``numba.prange``). Every thread owns whole rows of the result and sums in
the same order, so both give the same numbers.
"""

import numba
import numpy as np


@numba.njit(cache=True, inline="always", fastmath=True)
def response(code: int, du: float) -> float:
    """A voter's response to a utility difference under voting rule ``code`` (compiled).

    Parameters
    ----------
    code : the rule's code (see :func:`detente.models.smp.kernels.rule_code`)
    du : the utility difference

    Returns
    -------
    float
        The vote per unit of weight.
    """
    if code == 2:
        return du
    binary = min(1.0, max(-1.0, du / 1e-8))
    if code == 0:
        return binary
    if code == 1:
        return 0.8 * du + 0.2 * binary
    if code == 3:
        return 0.5 * du + 0.5 * du * du * du
    if code == 4:
        return du * du * du
    return 2.0 * du / 3.0 if du > 0 else du


@numba.njit(cache=True, inline="always", fastmath=True)
def _third_party_vote(code, w, uni, unj, unn, cij0, cji0):
    little = w * response(code, uni - unj)
    ci = cij0 + max(little, 0.0)
    cj = cji0 + max(-little, 0.0)
    p_in = ci / (ci + cj)
    return w * response(code, unj - unn + p_in * (2 * unn - uni - unj))


def _third_parties(code, dist, rhat, w, c_ij, c_ji):
    """Third parties' votes added to every challenge (i, j), compiled (see :mod:`.challenge`).

    Parameters
    ----------
    code : the voting rule's code
    dist : (n, n) distances from ideals to positions
    rhat : (n, n) estimated risk attitudes
    w : (n,) weights
    c_ij, c_ji : (n, n) the principals' own votes

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        (n, n) votes added for i and for j.
    """
    n = dist.shape[0]
    add_ij = np.zeros((n, n))
    add_ji = np.zeros((n, n))
    d_to = np.ascontiguousarray(dist.T)  # d_to[j, x] = distance from x's ideal to j's position
    for i in numba.prange(n):
        uni = np.empty(n)
        unn = np.empty(n)
        r = np.empty(n)
        for x in range(n):
            r[x] = rhat[i, x]
            d = dist[x, i]
            uni[x] = (1 - d) * (1 + d * r[x])
            d = dist[x, x]
            unn[x] = (1 - d) * (1 + d * r[x])
        for j in range(n):
            if i == j:
                continue
            cij0 = c_ij[i, j]
            cji0 = c_ji[i, j]
            row = d_to[j]
            sp, sn = 0.0, 0.0
            for x in range(n):  # every actor, branch-free so that it vectorises ...
                d = row[x]
                unj = (1 - d) * (1 + d * r[x])
                v = _third_party_vote(code, w[x], uni[x], unj, unn[x], cij0, cji0)
                sp += max(v, 0.0)
                sn += max(-v, 0.0)
            for x in (i, j):  # ... then take the two principals back out
                d = row[x]
                unj = (1 - d) * (1 + d * r[x])
                v = _third_party_vote(code, w[x], uni[x], unj, unn[x], cij0, cji0)
                sp -= max(v, 0.0)
                sn -= max(-v, 0.0)
            add_ij[i, j] = max(sp, 0.0)
            add_ji[i, j] = max(sn, 0.0)
    return add_ij, add_ji


def _coalitions(code, w, util_t):
    """Coalition strengths c[a, b] over the options of one run, compiled (see
    :func:`.pce.coalitions`).

    Parameters
    ----------
    code : the voting rule's code
    w : (voters,) weights
    util_t : (options, voters) utilities

    Returns
    -------
    numpy.ndarray
        (options, options) coalition strengths.
    """
    n_opt, n_vot = util_t.shape
    c = np.zeros((n_opt, n_opt))
    for a in numba.prange(n_opt):
        for b in range(a):
            sp, sn = 0.0, 0.0
            for k in range(n_vot):
                v = w[k] * response(code, util_t[a, k] - util_t[b, k])
                if v > 0:
                    sp += v
                elif v < 0:
                    sn -= v
            c[a, b] = sp
            c[b, a] = sn
    return c


third_parties = numba.njit(cache=True, fastmath=True)(_third_parties)
third_parties_threads = numba.njit(cache=True, fastmath=True, parallel=True)(_third_parties)
coalitions = numba.njit(cache=True, fastmath=True)(_coalitions)
coalitions_threads = numba.njit(cache=True, fastmath=True, parallel=True)(_coalitions)

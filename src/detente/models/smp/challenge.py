"""Challenges: who would gain by challenging whom, and how likely the challenger is to win.

For estimator h, initiator i and receiver j, the principals back their own side with weight
capability x total salience; every third party n judges the "little conflict" (i, n : j) to
estimate the odds, then votes by the utility it expects from joining either side
(ThirdPartyCommit). P(i beats j) = C_ij / (C_ij + C_ji). The expected gain to i of challenging is
(1 - s_j) V + s_j [P V + (1 - P) L] - SQ with V = 2 u_ii, L = 2 u_ij, SQ = u_ii + u_ij, where s_j
is j's total salience (KTAB ``SMPState::probEduChlg``, ``Actor::vProbLittle`` and
``thirdPartyVoteSU``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.models.smp.kernels import kernel, rule_code
from detente.models.smp.pce import vote
from detente.models.smp.utility import utility

MIN_CLTN = 1e-10  # KTAB: initial coalition strength in a challenge
MIN_GAIN = 1e-5  # KTAB: smallest expected gain worth a challenge
CHUNK = 2_000_000  # elements per (challenge, third party) block


@dataclass(frozen=True)
class Turn:
    """What every actor knows at the start of a turn (one run, [0, 1] scale)."""

    dist: np.ndarray  # (n, n) distance from a's ideal to b's position
    risk: np.ndarray  # (n,) inferred risk attitudes
    rhat: np.ndarray  # (n, n) h's estimate of x's risk attitude
    weight: np.ndarray  # (n,) capability x total salience
    total_salience: np.ndarray  # (n,)


def challenge(
    turn: Turn, h: np.ndarray, i: np.ndarray, j: np.ndarray, rule: str, commit: str
) -> tuple[np.ndarray, np.ndarray]:
    """h's estimate of P(i beats j) and of i's expected gain from challenging j, per triple."""
    prob = np.empty(h.size)
    gain = np.empty(h.size)
    n = turn.dist.shape[0]
    step = max(1, CHUNK // n)
    for lo in range(0, h.size, step):
        sl = slice(lo, lo + step)
        prob[sl], gain[sl] = _block(turn, h[sl], i[sl], j[sl], rule, commit)
    return prob, gain


def _block(
    turn: Turn, h: np.ndarray, i: np.ndarray, j: np.ndarray, rule: str, commit: str
) -> tuple[np.ndarray, np.ndarray]:
    d, rhat, w = turn.dist, turn.rhat, turn.weight
    uii = utility(d[i, i], rhat[h, i])
    uij = utility(d[i, j], rhat[h, i])
    uji = utility(d[j, i], rhat[h, j])
    ujj = utility(d[j, j], rhat[h, j])
    vi = vote(rule, w[i], uii, uij)
    vj = vote(rule, w[j], uji, ujj)
    c_ij = MIN_CLTN + np.maximum(vi, 0) + np.maximum(vj, 0)
    c_ji = MIN_CLTN + np.maximum(-vi, 0) + np.maximum(-vj, 0)

    r = rhat[h]  # (L, n): h's estimate of every third party's risk attitude
    uni = utility(d[:, i].T, r)
    unj = utility(d[:, j].T, r)
    unn = utility(np.diag(d)[None, :], r)
    wn = w[None, :]
    little = vote(rule, wn, uni, unj)  # third party's own leaning in (i : j)
    ci = c_ij[:, None] + np.maximum(little, 0)
    cj = c_ji[:, None] + np.maximum(-little, 0)
    p_in = ci / (ci + cj)
    v = vote(rule, wn, *_join_values(commit, p_in, uni, unj, unn))
    third = np.ones(v.shape, bool)
    rows = np.arange(h.size)
    third[rows, i] = False
    third[rows, j] = False
    c_ij = c_ij + np.where(third & (v > 0), v, 0.0).sum(axis=1)
    c_ji = c_ji + np.where(third & (v < 0), -v, 0.0).sum(axis=1)
    p = c_ij / (c_ij + c_ji)
    s_j = turn.total_salience[j]
    gain_if = (1 - s_j) * 2 * uii + s_j * (p * 2 * uii + (1 - p) * 2 * uij)
    return p, gain_if - (uii + uij)


def _join_values(
    commit: str, p_in: np.ndarray, uni: np.ndarray, unj: np.ndarray, unn: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A third party's expected (sum of three) utilities from joining i, and from joining j.

    FullCommit: the loser's side adopts the winner's position; SemiCommit: the third party keeps
    its own position when its side wins; NoCommit: it always keeps its own.
    """
    p_jn = 1.0 - p_in
    if commit == "FullCommit":
        ik_wins, j_wins, i_wins, jk_wins = 3 * uni, 3 * unj, 3 * uni, 3 * unj
    elif commit == "SemiCommit":
        ik_wins, j_wins, i_wins, jk_wins = 2 * uni + unn, 3 * unj, 3 * uni, 2 * unj + unn
    else:
        ik_wins, j_wins = 2 * uni + unn, 2 * unj + unn
        i_wins, jk_wins = 2 * uni + unn, 2 * unj + unn
    return p_in * ik_wins + p_jn * j_wins, p_in * i_wins + p_jn * jk_wins


def initiator_view(turn: Turn, rule: str, commit: str) -> tuple[np.ndarray, np.ndarray]:
    """Every actor's own estimate of P(i beats j) and of its gain, for all pairs: (n, n) each.

    The same quantities as :func:`challenge` with h = i, arranged so that the one n^3 term
    (third parties' utilities of the receiver's position) is a broadcast, chunked by initiator.
    """
    d, w = turn.dist, turn.weight
    own = utility(d, turn.risk[:, None])  # u_ii and u_ij with h = i
    u_ii = np.diag(own)[:, None]
    u_ji = utility(d.T, turn.rhat)  # [i, j]: i's estimate of j's utility of i's position
    u_jj = utility(np.diag(d)[None, :], turn.rhat)  # ... and of j's own
    vi = vote(rule, w[:, None], u_ii, own)
    vj = vote(rule, w[None, :], u_ji, u_jj)
    c_ij = MIN_CLTN + np.maximum(vi, 0) + np.maximum(vj, 0)
    c_ji = MIN_CLTN + np.maximum(-vi, 0) + np.maximum(-vj, 0)
    if commit == "SemiCommit":  # with No/FullCommit a third party's two options tie (KTAB)
        add_ij, add_ji = _third_parties(turn, rule, c_ij, c_ji)
        c_ij, c_ji = c_ij + add_ij, c_ji + add_ji
    np.fill_diagonal(c_ij, 1.0)
    p = c_ij / (c_ij + c_ji)
    s_j = turn.total_salience[None, :]
    gain = (1 - s_j) * 2 * u_ii + s_j * (p * 2 * u_ii + (1 - p) * 2 * own) - (u_ii + own)
    return p, gain


def _third_parties(
    turn: Turn, rule: str, c_ij: np.ndarray, c_ji: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Third parties' votes in every (i : j), SemiCommit, summed into the two coalitions."""
    d, w = turn.dist, turn.weight
    n = d.shape[0]
    fast = kernel("third_parties", n)
    if fast is not None:
        return fast(rule_code(rule), d, turn.rhat, w, c_ij, c_ji)
    dt = d.T  # dt[j, x] = d[x, j]: distance from third party x to j's position
    a0, a1 = 1 - dt, dt * (1 - dt)  # u = a0 + a1 R (valid on [0, 1])
    add_ij, add_ji = np.empty((n, n)), np.empty((n, n))
    step = max(1, CHUNK // (n * n))
    ar = np.arange(n)
    for lo in range(0, n, step):
        ic = ar[lo : lo + step]
        r = turn.rhat[ic]  # (c, x) initiator's estimate of each third party's risk attitude
        uni = utility(dt[ic], r)[:, None, :]  # x's utility of i's position
        unn = utility(np.diag(d)[None, :], r)[:, None, :]
        unj = a0[None] + a1[None] * r[:, None, :]  # (c, j, x)
        little = vote(rule, w, uni, unj)
        cij, cji = c_ij[ic][:, :, None], c_ji[ic][:, :, None]
        p_in = (cij + np.maximum(little, 0)) / (cij + cji + np.abs(little))
        v = vote(rule, w, unj - unn + p_in * (2 * unn - uni - unj), 0.0)
        rows = np.arange(ic.size)
        # principals are not third parties: drop the votes of x = i and x = j
        v[rows, :, ic] = 0.0
        v[:, ar, ar] = 0.0
        pos = np.maximum(v, 0).sum(axis=2)
        add_ij[ic], add_ji[ic] = pos, pos - v.sum(axis=2)
    return add_ij, add_ji


def best_targets(turn: Turn, rule: str, commit: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each actor's most advantageous target (-1 if none), its own P(win) and expected gain."""
    n = turn.dist.shape[0]
    probs, gains = initiator_view(turn, rule, commit)
    np.fill_diagonal(gains, -np.inf)
    target = np.argmax(gains, axis=1)  # first of equal maxima, as KTAB's ordered scan
    best = gains[np.arange(n), target]
    target = np.where(best > MIN_GAIN, target, -1)
    return target, probs[np.arange(n), target], best

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
    step = max(1, CHUNK // turn.dist.shape[0])
    for lo in range(0, h.size, step):
        sl = slice(lo, lo + step)
        uii, uij, c_ij, c_ji = _principals(turn, h[sl], i[sl], j[sl], rule)
        add_ij, add_ji = _third_parties(turn, h[sl], i[sl], j[sl], rule, commit, c_ij, c_ji)
        prob[sl] = (c_ij + add_ij) / (c_ij + add_ij + c_ji + add_ji)
        gain[sl] = _gain(turn, j[sl], uii, uij, prob[sl])
    return prob, gain


def _principals(
    turn: Turn, h: np.ndarray, i: np.ndarray, j: np.ndarray, rule: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """u_ii, u_ij (h's view) and the coalitions the two principals alone make."""
    d, rhat, w = turn.dist, turn.rhat, turn.weight
    uii = utility(d[i, i], rhat[h, i])
    uij = utility(d[i, j], rhat[h, i])
    vi = vote(rule, w[i], uii, uij)
    vj = vote(rule, w[j], utility(d[j, i], rhat[h, j]), utility(d[j, j], rhat[h, j]))
    c_ij = MIN_CLTN + np.maximum(vi, 0) + np.maximum(vj, 0)
    c_ji = MIN_CLTN + np.maximum(-vi, 0) + np.maximum(-vj, 0)
    return uii, uij, c_ij, c_ji


def _gain(turn: Turn, j: np.ndarray, uii: np.ndarray, uij: np.ndarray, p: np.ndarray) -> np.ndarray:
    """Expected gain of the challenge over the status quo (victory, contest, status quo)."""
    s_j = turn.total_salience[j]
    return (1 - s_j) * 2 * uii + s_j * (p * 2 * uii + (1 - p) * 2 * uij) - (uii + uij)


def _third_parties(
    turn: Turn,
    h: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    rule: str,
    commit: str,
    c_ij: np.ndarray,
    c_ji: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Third parties' votes in each (i : j), summed into the two coalitions: (L,) each."""
    d, w = turn.dist, turn.weight
    r = turn.rhat[h]  # (L, n): h's estimate of every third party's risk attitude
    uni = utility(d[:, i].T, r)
    unj = utility(d[:, j].T, r)
    unn = utility(np.diag(d)[None, :], r)
    little = vote(rule, w, uni, unj)  # the third party's own leaning in (i : j)
    ci = c_ij[:, None] + np.maximum(little, 0)
    cj = c_ji[:, None] + np.maximum(-little, 0)
    v = vote(rule, w, *_join_values(commit, ci / (ci + cj), uni, unj, unn))
    rows = np.arange(h.size)
    v[rows, i] = 0.0  # principals are not third parties
    v[rows, j] = 0.0
    pos = np.maximum(v, 0).sum(axis=1)
    return pos, pos - v.sum(axis=1)


def _join_values(
    commit: str, p_in: np.ndarray, uni: np.ndarray, unj: np.ndarray, unn: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """A third party's expected (sum of three) utilities from joining i, and from joining j.

    FullCommit: the loser's side adopts the winner's position; SemiCommit: the third party keeps
    its own position when its side wins; NoCommit: it always keeps its own. As in KTAB, the same
    odds p_in weigh both choices, so under No- and FullCommit the two values are equal and third
    parties cast no vote.
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


def best_targets(turn: Turn, rule: str, commit: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each actor's most advantageous target (-1 if none), its own P(win) and expected gain.

    Every actor judges every possible target from its own view (h = i). From 30 actors the
    n^3 third-party sums run in a compiled kernel; otherwise in :func:`challenge`.
    """
    n = turn.dist.shape[0]
    ii, jj = np.nonzero(~np.eye(n, dtype=bool))
    fast = kernel("third_parties", n)
    if fast is None:
        prob, gain = challenge(turn, ii, ii, jj, rule, commit)
    else:
        uii, uij, c_ij, c_ji = _principals(turn, ii, ii, jj, rule)
        if commit == "SemiCommit":  # otherwise third parties cast no vote (see _join_values)
            full_ij, full_ji = np.zeros((n, n)), np.zeros((n, n))
            full_ij[ii, jj], full_ji[ii, jj] = c_ij, c_ji
            add_ij, add_ji = fast(
                rule_code(rule), turn.dist, turn.rhat, turn.weight, full_ij, full_ji
            )
            c_ij, c_ji = c_ij + add_ij[ii, jj], c_ji + add_ji[ii, jj]
        prob = c_ij / (c_ij + c_ji)
        gain = _gain(turn, jj, uii, uij, prob)
    probs, gains = np.zeros((n, n)), np.full((n, n), -np.inf)
    probs[ii, jj], gains[ii, jj] = prob, gain
    target = np.argmax(gains, axis=1)  # first of equal maxima, as KTAB's ordered scan
    best = gains[np.arange(n), target]
    target = np.where(best > MIN_GAIN, target, -1)
    return target, probs[np.arange(n), target], best

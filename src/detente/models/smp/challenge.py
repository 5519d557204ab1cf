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

from dataclasses import dataclass, fields

import numpy as np

from detente.models.smp.kernels import kernel, rule_code
from detente.models.smp.pce import vote
from detente.models.smp.utility import utility

MIN_CLTN = 1e-10  # KTAB: initial coalition strength in a challenge
MIN_GAIN = 1e-5  # KTAB: smallest expected gain worth a challenge
CHUNK = 2_000_000  # elements per (challenge, third party) block


@dataclass(frozen=True)
class Turn:
    """What every actor knows at the start of a turn, for every run ([0, 1] scale)."""

    dist: np.ndarray  # (r, n, n) distance from a's ideal to b's position
    risk: np.ndarray  # (r, n) inferred risk attitudes
    rhat: np.ndarray  # (r, n, n) h's estimate of x's risk attitude
    weight: np.ndarray  # (r, n) capability x total salience
    total_salience: np.ndarray  # (r, n)

    def take(self, runs: np.ndarray) -> Turn:
        """The same turn in some of the runs.

        Parameters
        ----------
        runs : the runs kept

        Returns
        -------
        Turn
            The turn restricted to them.
        """
        return Turn(*(getattr(self, f.name)[runs] for f in fields(self)))


def challenge(
    turn: Turn,
    run: np.ndarray,
    h: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    rule: str,
    commit: str,
) -> tuple[np.ndarray, np.ndarray]:
    """h's estimate of P(i beats j) and of i's expected gain from challenging j, per
    (run, h, i, j).

    Parameters
    ----------
    turn : the turn's assessments
    run, h, i, j : index arrays (broadcast together)
    rule : the voting rule
    commit : the commitment model

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        h's P(i beats j) and i's expected gain, the index arrays' shape.

    References
    ----------
    KAPSARC. KTAB, the KAPSARC Toolkit for Behavioral Analysis: the Spatial Model of Politics
    (kmodel, smp), https://github.com/KAPSARC/KTAB (MIT licence).
    """
    prob = np.empty(h.size)
    gain = np.empty(h.size)
    step = max(1, CHUNK // turn.dist.shape[-1])
    for lo in range(0, h.size, step):
        sl = slice(lo, lo + step)
        idx = (run[sl], h[sl], i[sl], j[sl])
        uii, uij, c_ij, c_ji = _principals(turn, *idx, rule)
        add_ij, add_ji = _third_parties(turn, *idx, rule, commit, c_ij, c_ji)
        prob[sl] = (c_ij + add_ij) / (c_ij + add_ij + c_ji + add_ji)
        gain[sl] = _gain(turn, run[sl], j[sl], uii, uij, prob[sl])
    return prob, gain


def _principals(
    turn: Turn, run: np.ndarray, h: np.ndarray, i: np.ndarray, j: np.ndarray, rule: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """u_ii, u_ij (h's view) and the coalitions the two principals alone make."""
    d, rhat, w = turn.dist, turn.rhat, turn.weight
    uii = utility(d[run, i, i], rhat[run, h, i])
    uij = utility(d[run, i, j], rhat[run, h, i])
    vi = vote(rule, w[run, i], uii, uij)
    vj = vote(
        rule,
        w[run, j],
        utility(d[run, j, i], rhat[run, h, j]),
        utility(d[run, j, j], rhat[run, h, j]),
    )
    c_ij = MIN_CLTN + np.maximum(vi, 0) + np.maximum(vj, 0)
    c_ji = MIN_CLTN + np.maximum(-vi, 0) + np.maximum(-vj, 0)
    return uii, uij, c_ij, c_ji


def _gain(
    turn: Turn, run: np.ndarray, j: np.ndarray, uii: np.ndarray, uij: np.ndarray, p: np.ndarray
) -> np.ndarray:
    """Expected gain of the challenge over the status quo (victory, contest, status quo)."""
    s_j = turn.total_salience[run, j]
    return (1 - s_j) * 2 * uii + s_j * (p * 2 * uii + (1 - p) * 2 * uij) - (uii + uij)


def _third_parties(
    turn: Turn,
    run: np.ndarray,
    h: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    rule: str,
    commit: str,
    c_ij: np.ndarray,
    c_ji: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Third parties' votes in each (i : j), summed into the two coalitions: (L,) each."""
    d, w = turn.dist, turn.weight[run]
    r = turn.rhat[run, h]  # (L, n): h's estimate of every third party's risk attitude
    uni = utility(d[run, :, i], r)
    unj = utility(d[run, :, j], r)
    unn = utility(np.diagonal(d, axis1=1, axis2=2)[run], r)
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


def best_targets(
    turn: Turn, rule: str, commit: str, channels: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each actor's most advantageous target (-1 if none) and its own P(win): (r, n) each.

    Every actor judges every target it has a channel to (``channels`` (n, n), all in KTAB) from
    its own view (h = i). From 30 actors the n^3 third-party sums run in a compiled kernel;
    otherwise in :func:`challenge`.

    Parameters
    ----------
    turn : the turn's assessments
    rule : the voting rule
    commit : the commitment model
    channels : (n, n) who may challenge whom

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        (r, n) targets (-1: none) and P(win).
    """
    runs, n = turn.risk.shape
    pairs = channels & ~np.eye(n, dtype=bool)
    rr, ii, jj = np.nonzero(np.broadcast_to(pairs, (runs, n, n)))
    fast = kernel("third_parties", n)
    if fast is None:
        prob, gain = challenge(turn, rr, ii, ii, jj, rule, commit)
    else:
        uii, uij, c_ij, c_ji = _principals(turn, rr, ii, ii, jj, rule)
        if commit == "SemiCommit":  # otherwise third parties cast no vote (see _join_values)
            full_ij, full_ji = np.zeros((runs, n, n)), np.zeros((runs, n, n))
            full_ij[rr, ii, jj], full_ji[rr, ii, jj] = c_ij, c_ji
            for r in range(runs):
                add_ij, add_ji = fast(
                    rule_code(rule),
                    turn.dist[r],
                    turn.rhat[r],
                    turn.weight[r],
                    full_ij[r],
                    full_ji[r],
                )
                full_ij[r] += add_ij
                full_ji[r] += add_ji
            c_ij, c_ji = full_ij[rr, ii, jj], full_ji[rr, ii, jj]
        prob = c_ij / (c_ij + c_ji)
        gain = _gain(turn, rr, jj, uii, uij, prob)
    probs, gains = np.zeros((runs, n, n)), np.full((runs, n, n), -np.inf)
    probs[rr, ii, jj], gains[rr, ii, jj] = prob, gain
    target = np.argmax(gains, axis=2)  # first of equal maxima, as KTAB's ordered scan
    best = np.take_along_axis(gains, target[..., None], axis=2)[..., 0]
    p_win = np.take_along_axis(probs, target[..., None], axis=2)[..., 0]
    return np.where(best > MIN_GAIN, target, -1), p_win

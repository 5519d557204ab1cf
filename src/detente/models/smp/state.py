"""One turn of the SMP: assess the state, resolve every actor's queue, move.

Risk attitudes are inferred each turn from a PCE over the positions (risk neutral utilities,
capabilities as weights); the likeliest position's holder becomes the most risk averse. Every
bargain goes into its initiator's and receiver's queue next to the status quo; all actors score
a bargain by their mean utility over every actor's position after it, a PCE over the queue gives
probabilities, and the queue's owner adopts the winner's position for it: the most probable
(Deterministic) or a draw from the queue's own random stream (Stochastic). References: KTAB
``SMPState::setAllAUtil``, ``doBCN``, ``pDist`` and ``newIdeals``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from detente.models.smp.bargain import Bargains, propose
from detente.models.smp.challenge import Turn, best_targets, challenge
from detente.models.smp.options import Options
from detente.models.smp.pce import coalitions, election, victory
from detente.models.smp.utility import distance, estimated_risk, risk_from_prob, utility

POS_TOL = 1e-3  # KTAB posTol: positions closer than this (Euclidean, [0, 1] scale) are one


@dataclass(frozen=True)
class Actors:
    """The fixed attributes of one run's actors ([0, 1] saliences)."""

    capability: np.ndarray  # (n,)
    salience: np.ndarray  # (n, m)
    accommodation: np.ndarray  # (n, n)

    @property
    def weight(self) -> np.ndarray:
        return self.capability * self.salience.sum(axis=1)


def assess(actors: Actors, position: np.ndarray, ideal: np.ndarray, opts: Options) -> Turn:
    """Distances, inferred risk attitudes and everyone's estimates of them."""
    dist = distance(ideal, position, actors.salience)
    c = coalitions(opts.voting_rule, actors.capability, utility(dist, 0.0))
    p_vict = victory(opts.victory_prob_model, c)
    p = election(opts.pce_model, c, p_vict, np.ones((1, c.shape[0]), bool))[0]
    risk = risk_from_prob(p, opts.big_r_range)
    return Turn(
        dist,
        risk,
        estimated_risk(risk, opts.big_r_adjust),
        actors.weight,
        actors.salience.sum(axis=1),
    )


def unique_positions(position: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Indices of distinct positions (first holder) and each actor's group among them."""
    close = np.linalg.norm(position[:, None, :] - position[None], axis=2) < POS_TOL
    is_rep = np.zeros(position.shape[0], bool)
    for a in range(position.shape[0]):
        is_rep[a] = not (close[a, :a] & is_rep[:a]).any()
    reps = np.flatnonzero(is_rep)
    close = close[:, reps]
    group = close.shape[1] - 1 - np.argmax(close[:, ::-1], axis=1)  # last match, as KTAB
    return reps, group


def win_probabilities(
    actors: Actors, position: np.ndarray, turn: Turn, opts: Options
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """PCE probability of each distinct position, each actor scoring with its own utilities.

    Returns (representative actors, their probabilities, each actor's group). As KTAB's
    ``pDist(-1)``, votes here are always proportional.
    """
    reps, group = unique_positions(position)
    own = utility(turn.dist, turn.risk[:, None])
    c = coalitions("Prop", actors.capability, own[:, reps])
    p = election(
        opts.pce_model, c, victory(opts.victory_prob_model, c), np.ones((1, reps.size), bool)
    )[0]
    return reps, p, group


def bargains_of_turn(
    actors: Actors, position: np.ndarray, turn: Turn, opts: Options
) -> tuple[np.ndarray, Bargains]:
    """Each actor's best target and the bargains proposed to them."""
    target, p_own, _ = best_targets(turn, opts.voting_rule, opts.third_party_commit)
    init = np.flatnonzero(target >= 0)
    rcvr = target[init]
    p_rcvr = p_own[init]
    if opts.bargn_model != "InitOnlyInterp":  # the receiver's own estimate of the odds
        p_rcvr, _ = challenge(turn, rcvr, init, rcvr, opts.voting_rule, opts.third_party_commit)
    bargains = propose(
        opts.bargn_model,
        opts.inter_vec_brgn,
        position,
        actors.salience,
        actors.weight,
        init,
        rcvr,
        p_own[init],
        p_rcvr,
    )
    return target, bargains


def resolve(
    actors: Actors,
    position: np.ndarray,
    ideal: np.ndarray,
    turn: Turn,
    bargains: Bargains,
    opts: Options,
    streams: Sequence[np.random.Generator],
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """New positions, the chosen option of each queue (0 = status quo) and its probability."""
    n = position.shape[0]
    own = utility(turn.dist, turn.risk[:, None])  # a's utility of b's position
    base = own.sum(axis=1)
    u_init = utility(distance(ideal, bargains.pos_init, actors.salience), turn.risk[:, None])
    u_rcvr = utility(distance(ideal, bargains.pos_rcvr, actors.salience), turn.risk[:, None])
    after = (base[:, None] - own[:, bargains.init] - own[:, bargains.rcvr] + u_init + u_rcvr) / n
    value = np.concatenate([base[:, None] / n, after], axis=1)  # (voters, 1 + bargains)
    queue = np.zeros((n, 1 + bargains.init.size), bool)
    queue[:, 0] = True
    cols = np.arange(1, 1 + bargains.init.size)
    queue[bargains.init, cols] = True
    queue[bargains.rcvr, cols] = True
    c = coalitions(opts.voting_rule, actors.capability, value)
    prob = election(opts.pce_model, c, victory(opts.victory_prob_model, c), queue)
    if opts.state_transitions == "Deterministic":
        choice = np.argmax(prob, axis=1)  # first of equal maxima, in queue order
    else:
        draws = np.array([g.random() for g in streams])
        cum = np.cumsum(prob, axis=1)
        choice = np.minimum(
            np.argmax(cum > draws[:, None] * cum[:, -1:], axis=1), prob.shape[1] - 1
        )
    new = position.copy()
    moved = np.flatnonzero(choice > 0)
    b = choice[moved] - 1
    new[moved] = np.where(
        (bargains.init[b] == moved)[:, None], bargains.pos_init[b], bargains.pos_rcvr[b]
    )
    return new, choice, prob[np.arange(n), choice]


def new_ideals(actors: Actors, ideal: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Ideals move towards positions by the accommodation matrix (identity: ideal = position)."""
    a = actors.accommodation
    return a @ position + (1.0 - a.sum(axis=1))[:, None] * ideal

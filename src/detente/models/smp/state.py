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
    """The fixed attributes of the actors of every run ([0, 1] saliences)."""

    capability: np.ndarray  # (r, n)
    salience: np.ndarray  # (r, n, m)
    accommodation: np.ndarray  # (n, n)
    channels: np.ndarray  # (n, n) bool: who may challenge whom (actors sharing a forum)

    @property
    def weight(self) -> np.ndarray:
        """Capability x total salience per run and actor: (r, n)."""
        return self.capability * self.salience.sum(axis=-1)

    def take(self, runs: np.ndarray) -> Actors:
        """The same actors in some of the runs.

        Parameters
        ----------
        runs : the runs kept

        Returns
        -------
        Actors
            The actors restricted to them.
        """
        return Actors(self.capability[runs], self.salience[runs], self.accommodation, self.channels)


def _all(runs: int, n: int) -> np.ndarray:
    return np.ones((runs, 1, n), bool)


def assess(actors: Actors, position: np.ndarray, ideal: np.ndarray, opts: Options) -> Turn:
    """Distances, inferred risk attitudes and everyone's estimates of them.

    Parameters
    ----------
    actors : the actors
    position : (r, n, m) positions on [0, 1]
    ideal : (r, n, m) ideals
    opts : the options

    Returns
    -------
    Turn
        What every actor knows at the start of the turn.
    """
    dist = distance(ideal, position, actors.salience)
    c = coalitions(opts.voting_rule, actors.capability, utility(dist, 0.0))
    p = election(opts.pce_model, c, victory(opts.victory_prob_model, c), _all(*c.shape[:2]))
    risk = risk_from_prob(p[:, 0], opts.big_r_range)
    return Turn(
        dist,
        risk,
        estimated_risk(risk, opts.big_r_adjust),
        actors.weight,
        actors.salience.sum(axis=-1),
    )


def unique_positions(position: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Which actors first hold a distinct position, and whose position each actor shares.

    Parameters
    ----------
    position : (r, n, m) positions

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        is_first (r, n) and holder (r, n).
    """
    diff = position[:, :, None, :] - position[:, None, :, :]
    close = np.sqrt((diff**2).sum(axis=-1)) < POS_TOL
    runs, n = position.shape[:2]
    is_first = np.zeros((runs, n), bool)
    for a in range(n):
        is_first[:, a] = ~(close[:, a, :a] & is_first[:, :a]).any(axis=-1)
    match = close & is_first[:, None, :]
    holder = n - 1 - np.argmax(match[..., ::-1], axis=-1)
    return is_first, holder


def win_probabilities(
    actors: Actors, position: np.ndarray, turn: Turn, opts: Options
) -> tuple[np.ndarray, np.ndarray]:
    """PCE probability of each distinct position, each actor scoring with its own utilities.

    As KTAB's ``pDist(-1)``,
    votes here are always proportional.

    Parameters
    ----------
    actors : the actors
    position : (r, n, m) positions
    turn : the turn's assessments
    opts : the options

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        Probability per actor's position and holder, (r, n) each.
    """
    is_first, holder = unique_positions(position)
    own = utility(turn.dist, turn.risk[..., None])
    c = coalitions("Prop", actors.capability, own)
    p = election(opts.pce_model, c, victory(opts.victory_prob_model, c), is_first[:, None, :])
    return np.take_along_axis(p[:, 0], holder, axis=1), holder


def bargains_of_turn(
    actors: Actors, position: np.ndarray, turn: Turn, opts: Options
) -> tuple[np.ndarray, Bargains]:
    """Each actor's best target (r, n) and the bargains proposed.

    Parameters
    ----------
    actors : the actors
    position : (r, n, m) positions
    turn : the turn's assessments
    opts : the options

    Returns
    -------
    tuple[numpy.ndarray, Bargains]
        The targets (-1 for none) and the bargains.
    """
    target, p_own = best_targets(turn, opts.voting_rule, opts.third_party_commit, actors.channels)
    p_rcvr = p_own
    if opts.bargn_model != "InitOnlyInterp":  # the receiver's own estimate of the odds
        runs, n = target.shape
        rr, ii = np.indices((runs, n)).reshape(2, -1)
        jj = np.where(target >= 0, target, (np.arange(n) + 1) % n)[rr, ii]
        p_rcvr, _ = challenge(turn, rr, jj, ii, jj, opts.voting_rule, opts.third_party_commit)
        p_rcvr = p_rcvr.reshape(runs, n)
    bargains = propose(
        opts.bargn_model,
        opts.inter_vec_brgn,
        position,
        actors.salience,
        actors.weight,
        target,
        p_own,
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
    draws: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """New positions, the chosen option of each queue (0 = status quo) and its probability.

    Parameters
    ----------
    actors : the actors
    position : (r, n, m) positions
    ideal : (r, n, m) ideals
    turn : the turn's assessments
    bargains : the bargains proposed
    opts : the options
    draws : (r, n) uniform numbers of the queues' own streams, for Stochastic transitions

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]
        New positions, the chosen option of each queue (0 = status quo) and its probability.
    """
    runs, n = position.shape[:2]
    own = utility(turn.dist, turn.risk[..., None])  # a's utility of b's position
    base = own.sum(axis=-1)
    risk = turn.risk[..., None]
    u_init = utility(distance(ideal, bargains.pos_init, actors.salience), risk)
    u_rcvr = utility(distance(ideal, bargains.pos_rcvr, actors.salience), risk)
    slots = bargains.init.shape[1]

    def own_of(who: np.ndarray) -> np.ndarray:  # (r, voters, slots)
        return np.take_along_axis(own, np.broadcast_to(who[:, None, :], (runs, n, slots)), 2)

    after = base[..., None] - own_of(bargains.init) - own_of(bargains.rcvr) + u_init + u_rcvr
    value = np.concatenate([base[..., None], after], axis=-1) / n  # (r, voters, 1 + slots)
    queue = np.zeros((runs, n, 1 + slots), bool)
    queue[:, :, 0] = True
    rr, bb = np.nonzero(bargains.valid)
    queue[rr, bargains.init[rr, bb], 1 + bb] = True
    queue[rr, bargains.rcvr[rr, bb], 1 + bb] = True
    c = coalitions(opts.voting_rule, actors.capability, value)
    prob = election(opts.pce_model, c, victory(opts.victory_prob_model, c), queue)
    if draws is None:
        choice = np.argmax(prob, axis=-1)  # first of equal maxima, in queue order
    else:
        cum = np.cumsum(prob, axis=-1)
        choice = np.minimum(np.argmax(cum > draws[..., None] * cum[..., -1:], axis=-1), slots)
    slot = np.maximum(choice - 1, 0)
    take = lambda a: np.take_along_axis(a, slot[..., None], axis=1)  # noqa: E731
    is_init = np.take_along_axis(bargains.init, slot, axis=1) == np.arange(n)
    offered = np.where(is_init[..., None], take(bargains.pos_init), take(bargains.pos_rcvr))
    new = np.where((choice > 0)[..., None], offered, position)
    return new, choice, np.take_along_axis(prob, choice[..., None], axis=-1)[..., 0]


def new_ideals(actors: Actors, ideal: np.ndarray, position: np.ndarray) -> np.ndarray:
    """Ideals move towards positions by the accommodation matrix (identity: ideal = position).

    Parameters
    ----------
    actors : the actors (their accommodation matrix)
    ideal : (r, n, m) ideals
    position : (r, n, m) new positions

    Returns
    -------
    numpy.ndarray
        (r, n, m) new ideals.
    """
    a = actors.accommodation
    return np.einsum("ij,rjm->rim", a, position) + (1.0 - a.sum(axis=1))[:, None] * ideal

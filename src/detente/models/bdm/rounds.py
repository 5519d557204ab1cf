"""One round of the expected-utility model on a batch of one-dimensional problems.

Scholz, Calbert & Smith (2011), Appendix steps 2-11: risk exponents from a first pass with
r = 1, expected utilities again with those exponents, every pair's offer, each actor's choice,
and a synchronous move.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.core.stats import weighted_median
from detente.models.bdm import core, offers

# Actors closer than this fraction of the range hold the same position and make no offers.
SAME_PLACE = 1e-9


@dataclass(frozen=True)
class Options:
    """The model's switches (see docs/models/bdm.md for the evidence behind each default)."""

    q: float = 1.0
    probability: str = "all-pairs"
    perspective: str = "receiver"
    selection: str = "scholz-code"
    voter_risk: bool = True
    compel: bool = True


@dataclass(frozen=True)
class Problem:
    """What stays fixed through the rounds: weights, saliences, scale and channels.

    w, s: (B, n) capability x salience and salience in [0, 1]; span: (B,) the range of the
    initial positions; channels: (n, n) True where two actors may deal with each other.
    """

    w: np.ndarray
    s: np.ndarray
    span: np.ndarray
    channels: np.ndarray


@dataclass(frozen=True)
class Round:
    """Outcome of one round: new positions and why (all arrays lead with the batch axis B)."""

    position: np.ndarray  # (B, n) after the round
    risk: np.ndarray  # (B, n) risk exponents used this round
    security: np.ndarray  # (B, n) sum of the EUs others expect from challenging the actor
    accepted: np.ndarray  # (B, n) proposer whose offer the actor took, -1 for none
    accepted_kind: np.ndarray  # (B, n) type of that offer (offers.NONE where none)
    kind: np.ndarray | None = None  # (B, n, n) offer type per (receiver, proposer)
    target: np.ndarray | None = None  # (B, n, n) position offered to the receiver
    eu_own: np.ndarray | None = None  # (B, n, n) a = E^i(U_ij)
    eu_other: np.ndarray | None = None  # (B, n, n) b = E^j(U_ji) as judged by the options


def play(x: np.ndarray, problem: Problem, opt: Options, record: bool) -> Round:
    """Play one round from positions x (B, n); ``record`` keeps the pairwise offer arrays.

    Actors are sorted by position first (the vote sums need it) and put back in input order at
    the end; the sort is stable, so equal offers from one position still go to the actor listed
    first.
    """
    order = np.argsort(x, axis=1, kind="stable")
    sort = _sorter(order)
    played = _play_sorted(sort(x), _sorted_problem(problem, order, sort), opt, record)
    back = np.argsort(order, axis=1)
    unsort = _sorter(back)
    accepted = unsort(np.where(played.accepted >= 0, _gather(order, played.accepted), -1))
    fields: dict[str, Any] = {"accepted": accepted}
    for name in ("position", "risk", "security", "accepted_kind"):
        fields[name] = unsort(getattr(played, name))
    for name in ("kind", "target", "eu_own", "eu_other"):
        value = getattr(played, name)
        fields[name] = None if value is None else _unsort_pairs(value, back)
    return Round(**fields)


def _sorter(order: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    return lambda a: np.take_along_axis(a, order, axis=1)


def _gather(order: np.ndarray, index: np.ndarray) -> np.ndarray:
    return np.take_along_axis(order, np.maximum(index, 0), axis=1)


def _unsort_pairs(pairs: np.ndarray, back: np.ndarray) -> np.ndarray:
    rows = np.take_along_axis(pairs, back[:, :, None], axis=1)
    return np.take_along_axis(rows, back[:, None, :], axis=2)


def _sorted_problem(
    problem: Problem, order: np.ndarray, sort: Callable[[np.ndarray], np.ndarray]
) -> Problem:
    channels = problem.channels
    if not channels.all():
        channels = channels[order[:, :, None], order[:, None, :]]
    return Problem(sort(problem.w), sort(problem.s), problem.span, channels)


def _play_sorted(x: np.ndarray, problem: Problem, opt: Options, record: bool) -> Round:
    """One round on positions sorted along axis 1 (channels may be (n, n) or (B, n, n))."""
    n = x.shape[1]
    d = core.distances(x, x, problem.span)
    s_target = problem.s[:, None, :]
    quo = None
    if opt.q < 1.0:
        mu = weighted_median(x[:, :, None], problem.w[:, :, None])[:, 0]
        quo = core.status_quo_terms(x, x, mu, problem.span)
    ones = np.ones_like(x)
    p_first = core.probability(x, d, problem.w, ones, opt.probability)
    plain = None if quo is None else core.drift(quo, 1.0)
    first = core.expected_utility(core.utilities(d, 1.0), p_first, s_target, opt.q, plain)
    others = problem.channels & ~np.eye(n, dtype=bool)
    security = np.where(others, first, 0.0).sum(axis=1)
    del first
    risk = core.risk_exponents(security)
    p = core.probability(x, d, problem.w, risk, opt.probability) if opt.voter_risk else p_first
    del p_first
    rows = risk[:, :, None]
    u = core.utilities(d, rows)
    moved = None if quo is None else core.drift(quo, rows)
    own = core.expected_utility(u, p, s_target, opt.q, moved)
    if opt.perspective == "own":
        other = np.ascontiguousarray(own.transpose(0, 2, 1))
    else:  # j's EU of challenging i, judged with the receiver i's exponent (Figs 7-8)
        moved_t = None
        if quo is not None:
            moved_t = core.drift((quo[0].transpose(0, 2, 1), quo[1].transpose(0, 2, 1)), rows)
        p_t = np.ascontiguousarray(p.transpose(0, 2, 1))
        other = core.expected_utility(u, p_t, problem.s[:, :, None], opt.q, moved_t)
    del p, u
    allowed = others & (d > SAME_PLACE)
    kind, target = offers.classify(own, other, x[:, :, None], x[:, None, :], allowed, opt.compel)
    accepted, moved = offers.select(kind, target, own, other, x, opt.selection)
    taken = np.take_along_axis(kind, np.maximum(accepted, 0)[:, :, None], axis=2)[:, :, 0]
    taken = np.where(accepted >= 0, taken, offers.NONE).astype(np.int8)
    if not record:
        return Round(moved, risk, security, accepted, taken)
    return Round(moved, risk, security, accepted, taken, kind, target, own, other)

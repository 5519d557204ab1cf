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
from detente.models.bdm import core, offers, votes

# Actors closer than this fraction of the range hold the same position and make no offers.
SAME_PLACE = 1e-9
# Cells of one block of pairwise arrays (a round holds a dozen such blocks, plus its tally).
PAIR_CELLS = 1_000_000


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

    Parameters
    ----------
    x : (B, n) positions
    problem : the fixed inputs
    opt : the options
    record : keep the pairwise offer arrays

    Returns
    -------
    Round
        The round's new positions, offers accepted and (recorded) arrays.
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


def _blocks(b: int, n: int) -> int:
    """Rows (or voters) per block, so that one pairwise block holds about PAIR_CELLS cells."""
    return max(1, min(n, PAIR_CELLS // max(1, b * n)))


def _play_sorted(x: np.ndarray, problem: Problem, opt: Options, record: bool) -> Round:
    """One round on positions sorted along axis 1 (channels may be (n, n) or (B, n, n)).

    Pairwise arrays are built a block of receivers (rows) at a time: the first pass adds each
    block's challenges to the security levels, the second makes and picks each block's offers.
    """
    b, n = x.shape
    block = _blocks(b, n)
    rows = [slice(lo, min(n, lo + block)) for lo in range(0, n, block)]
    mu = None
    if opt.q < 1.0:
        mu = weighted_median(x[:, :, None], problem.w[:, :, None])[:, 0]
    first = votes.tally(x, problem.w, np.ones_like(x), problem.span, block)
    security = np.zeros((b, n))
    for r in rows:
        d = core.distances(x[:, r], x, problem.span)
        p, _ = votes.probability(first, r, opt.probability)
        quo = None if mu is None else core.status_quo_terms(x[:, r], x, mu, problem.span)
        plain = None if quo is None else core.drift(quo, 1.0)
        eu = core.expected_utility(core.utilities(d, 1.0), p, problem.s[:, None, :], opt.q, plain)
        security += np.where(_others(problem, r, n), eu, 0.0).sum(axis=1)
    risk = core.risk_exponents(security)
    second = first
    if opt.voter_risk:  # (the first tally goes before the second is made: each is n^2)
        del first, second
        second = votes.tally(x, problem.w, risk, problem.span, block)
    parts = [_offers(x, problem, opt, second, risk, mu, r, record) for r in rows]
    return _join_blocks(parts, risk, security, record)


def _others(problem: Problem, r: slice, n: int) -> np.ndarray:
    """Who may challenge whom among receivers ``r``: a channel, and not oneself."""
    rows = np.arange(n)[r]
    mine = rows[:, None] == np.arange(n)[None, :]
    return problem.channels[..., r, :] & ~mine


def _offers(
    x: np.ndarray,
    problem: Problem,
    opt: Options,
    tally: votes.Tally,
    risk: np.ndarray,
    mu: np.ndarray | None,
    r: slice,
    record: bool,
) -> Round:
    """The second pass for receivers ``r``: every pair's offer and the one each receiver takes
    (the pairwise arrays are kept only when ``record``)."""
    n = x.shape[1]
    d = core.distances(x[:, r], x, problem.span)
    p, p_back = votes.probability(tally, r, opt.probability)
    own_exp = risk[:, r, None]
    u = core.utilities(d, own_exp)
    quo = None if mu is None else core.status_quo_terms(x[:, r], x, mu, problem.span)
    moved = None if quo is None else core.drift(quo, own_exp)
    own = core.expected_utility(u, p, problem.s[:, None, :], opt.q, moved)
    # j's EU of challenging i: judged with the receiver i's exponent (Figs 7-8), or j's own
    exp = own_exp if opt.perspective == "receiver" else risk[:, None, :]
    u_back = u if opt.perspective == "receiver" else core.utilities(d, exp)
    back = None
    if mu is not None:
        t_quo = core.status_quo_terms(x, x[:, r], mu, problem.span)
        back = core.drift((t_quo[0].transpose(0, 2, 1), t_quo[1].transpose(0, 2, 1)), exp)
    other = core.expected_utility(u_back, p_back, problem.s[:, r, None], opt.q, back)
    allowed = _others(problem, r, n) & (d > SAME_PLACE)
    kind, target = offers.classify(own, other, x[:, r, None], x[:, None, :], allowed, opt.compel)
    accepted, position = offers.select(kind, target, own, other, x[:, r], x, opt.selection)
    taken = np.take_along_axis(kind, np.maximum(accepted, 0)[:, :, None], axis=2)[:, :, 0]
    taken = np.where(accepted >= 0, taken, offers.NONE).astype(np.int8)
    if not record:
        return Round(position, risk, risk, accepted, taken)
    return Round(position, risk, risk, accepted, taken, kind, target, own, other)


def _join_blocks(parts: list[Round], risk: np.ndarray, security: np.ndarray, record: bool) -> Round:
    """One Round from the receivers' blocks (pairwise arrays only when ``record``)."""
    join = lambda name: np.concatenate([getattr(p, name) for p in parts], axis=1)  # noqa: E731
    pairs = [join(name) if record else None for name in ("kind", "target", "eu_own", "eu_other")]
    return Round(join("position"), risk, security, join("accepted"), join("accepted_kind"), *pairs)

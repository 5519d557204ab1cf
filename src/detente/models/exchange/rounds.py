"""One round of the exchange model: pick the best exchange, adjust the others, repeat.

Stokman & Van Oosten (1994), as implemented by decide-exchange-model: within a round the
exchange with the highest gain is carried out first; every other exchange that involves the same
actor on the same issue, or an actor whose demand issue has just moved, is recomputed from the
new positions; exchanges that no longer pay or point the wrong way drop out. When none is left,
the actors vote at their new positions (the round's forecast) and then settle on new starting
positions part of the way from where they started towards where they voted.
All runs of a batch advance together: each step realises one exchange in every run that has one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from detente.models.exchange.bargain import Terms, calculate, equal_gain_rate, random_rate
from detente.models.exchange.book import Book, open_book

SALIENCE_WEIGHT = 0.4  # share of the way to the voting position that grows as salience falls
FIXED_WEIGHT = 0.1  # share of the way every actor moves towards its voting position

# one row per realised exchange; externalities are kept apart as (rows, actors)
TIE_DECIMALS = 12
BOOK_FIELDS = ("a_i", "a_j", "start_i", "start_j", "base_i", "base_j")
TERM_FIELDS = ("y_i", "y_j", "sup_i", "sup_j", "gain_i", "gain_j", "ovd_i", "ovd_j")
RECORD_FIELDS = ("run", "step", "actor_i", "actor_j", "issue_p", "issue_q", "from_i", "to_i",
                 "from_j", "to_j", "gain_i", "gain_j", "o0_p", "o1_p", "o0_q", "o1_q")


@dataclass
class RoundLog:
    """What happened in one round, for all runs (positions on 0-100)."""

    rows: dict[str, list[np.ndarray]] = field(default_factory=lambda: {f: [] for f in RECORD_FIELDS})
    externality: list[np.ndarray] = field(default_factory=list)

    def add(self, **values: np.ndarray) -> None:
        for name in RECORD_FIELDS:
            self.rows[name].append(values[name])


def _pick(gain: np.ndarray, valid: np.ndarray, rank: np.ndarray) -> np.ndarray:
    """The best exchange per run: highest gain, ties to the earlier one in the list.

    The list is re-sorted (stably) by gain before every pick, so ``rank`` is updated to the new
    sorted order. Gains equal to 12 decimals count as ties, so that rounding noise does not
    decide between exchanges that are equally good.
    """
    key = np.where(valid, -np.round(gain, TIE_DECIMALS), np.inf)
    order = np.lexsort((rank, key), axis=-1)
    rows = np.arange(rank.shape[0])[:, None]
    rank[rows, order] = np.arange(rank.shape[1])[None, :]
    return order[:, 0]


def _gather(a: np.ndarray, pick: np.ndarray) -> np.ndarray:
    return np.take_along_axis(a, pick[:, None], axis=1)


def _override(over: np.ndarray, ovd: np.ndarray, rows: np.ndarray, actor: np.ndarray,
              value: np.ndarray, start: np.ndarray, own: np.ndarray, x0: np.ndarray,
              w: np.ndarray) -> None:
    """Record that ``actor`` now stands at ``value`` on an exchange's supply issue.

    A known earlier value is only replaced by one further from the actor's start (decide's
    ``update_updates``). ``x0``/``w``: the actor's round-start position and weight there.
    """
    r_idx, c_idx = np.nonzero(rows)
    if r_idx.size == 0:
        return
    a = np.broadcast_to(actor, rows.shape)[r_idx, c_idx]
    old = over[r_idx, c_idx, a]
    v = np.broadcast_to(value, rows.shape)[r_idx, c_idx]
    s = np.broadcast_to(start, rows.shape)[r_idx, c_idx]
    new = np.where(np.isnan(old), v, np.where(s <= old, np.minimum(old, v), np.maximum(old, v)))
    prev = np.where(np.isnan(old), np.broadcast_to(x0, rows.shape)[r_idx, c_idx], old)
    wk = np.broadcast_to(w, rows.shape)[r_idx, c_idx]
    not_own = np.broadcast_to(own, rows.shape)[r_idx, c_idx] != a
    ovd[r_idx, c_idx] += np.where(not_own, (new - prev) * wk, 0.0)
    over[r_idx, c_idx, a] = new


def _freeze(t: Terms, keep_i: np.ndarray, keep_j: np.ndarray) -> None:
    """Keep the current shift of a side in its history (the side met the realised exchange)."""
    for keep, cur, hs, hn, hx in ((keep_i, t.cur_i, t.hsum_i, t.hmin_i, t.hmax_i),
                                  (keep_j, t.cur_j, t.hsum_j, t.hmin_j, t.hmax_j)):
        np.add(hs, cur, out=hs, where=keep)
        np.minimum(hn, cur, out=hn, where=keep)
        np.maximum(hx, cur, out=hx, where=keep)


def _adjust(book: Book, t: Terms, e: dict[str, np.ndarray], live: np.ndarray, state) -> None:  # type: ignore[no-untyped-def]
    """Recompute every open exchange touched by the realised exchange ``e`` (per run)."""
    over_i, over_j, x, w = state
    ai, aj, p, q = book.a_i, book.a_j, book.p[None, :], book.q[None, :]
    sup_ii = (ai == e["a_i"]) & (q == e["q"])
    sup_ij = (ai == e["a_j"]) & (q == e["p"])
    sup_ji = (aj == e["a_i"]) & (p == e["q"])
    sup_jj = (aj == e["a_j"]) & (p == e["p"])
    hit_i = live & (sup_ii | sup_ij)
    hit_j = live & (sup_ji | sup_jj)
    _set_where(t.sup_i, hit_i, np.where(sup_ii, e["y_i"], e["y_j"]))
    _set_where(t.sup_j, hit_j, np.where(sup_ji, e["y_i"], e["y_j"]))
    _freeze(t, hit_i, hit_j)
    # E's supplier J moved the outcome on E's p: exchanges of E's demander I on p learn of it
    dem_q = live & (((aj == e["a_j"]) & (q == e["q"])) | ((ai == e["a_j"]) & (p == e["q"])))
    dem_p = live & (((aj == e["a_i"]) & (q == e["p"])) | ((ai == e["a_i"]) & (p == e["p"])))
    rr = np.arange(x.shape[0])
    for dem, actor, issue, y, start in ((dem_q, e["a_i"], e["q"], e["y_i"], e["start_i"]),
                                        (dem_p, e["a_j"], e["p"], e["y_j"], e["start_j"])):
        x0 = x[rr, actor[:, 0], issue[:, 0]][:, None]
        wk = w[rr, actor[:, 0], issue[:, 0]][:, None]
        on_q = dem & (q == issue)
        _override(over_i, t.ovd_i, on_q, actor, y, start, ai, x0, wk)
        _override(over_j, t.ovd_j, dem & ~on_q, actor, y, start, aj, x0, wk)
    redo = hit_i | hit_j | dem_q | dem_p
    calculate(book, t, redo)


def _set_where(a: np.ndarray, mask: np.ndarray, value: np.ndarray) -> None:
    np.copyto(a, value, where=mask)


def _record(log: RoundLog, e: dict[str, np.ndarray], has: np.ndarray, step: int, x: np.ndarray,
            salience: np.ndarray, weight: np.ndarray) -> None:
    """Log the exchange each run just carried out, with its effect on everybody's utility.

    The externality for actor k is the salience-weighted change of its distance to the expected
    outcome on both issues (positive: the exchange brought the outcome closer to k).
    """
    r = np.flatnonzero(has)
    if r.size == 0:
        return
    v = {name: a[r, 0] for name, a in e.items()}
    den = weight.sum(axis=1)[r]
    outcomes = {}
    for tag, issue, actor, base, ovd, frm, to in (
        ("q", v["q"], v["a_i"], v["base_i"], v["ovd_i"], v["sup_i"], v["y_i"]),
        ("p", v["p"], v["a_j"], v["base_j"], v["ovd_j"], v["sup_j"], v["y_j"]),
    ):
        w = weight[r, actor, issue]
        d = den[np.arange(r.size), issue]
        outcomes[f"o0_{tag}"] = (base + ovd + frm * w) / d
        outcomes[f"o1_{tag}"] = (base + ovd + to * w) / d
    ext = np.zeros((r.size, x.shape[1]))
    for tag, issue in (("p", v["p"]), ("q", v["q"])):
        xs = x[r, :, issue]
        closer = np.abs(outcomes[f"o0_{tag}"][:, None] - xs) - np.abs(outcomes[f"o1_{tag}"][:, None] - xs)
        ext += closer * salience[r, :, issue]
    log.add(run=r, step=np.full(r.size, step), actor_i=v["a_i"], actor_j=v["a_j"],
            issue_p=v["p"], issue_q=v["q"], from_i=v["sup_i"], to_i=v["y_i"], from_j=v["sup_j"],
            to_j=v["y_j"], gain_i=v["gain_i"], gain_j=v["gain_j"], **outcomes)
    log.externality.append(ext)


def _settle(x: np.ndarray, salience: np.ndarray, log: RoundLog) -> tuple[np.ndarray, np.ndarray]:
    """Voting positions after the round's exchanges, and next round's starting positions.

    An actor who moved on an issue starts the next round a share ``0.1 + 0.4 (1 - s)`` of the
    way from its round-start position to its voting position: the less it cares, the further.
    Later exchanges of the same actor on the same issue overwrite earlier ones (they started
    from the earlier voting position, so they include it).
    """
    vote, nxt = x.copy(), x.copy()
    cols = log.rows
    for step in range(len(cols["run"])):
        r = cols["run"][step]
        for a, iss, to in (("actor_i", "issue_q", "to_i"), ("actor_j", "issue_p", "to_j")):
            act, issue, y = cols[a][step], cols[iss][step], cols[to][step]
            vote[r, act, issue] = y
            share = FIXED_WEIGHT + SALIENCE_WEIGHT * (1.0 - salience[r, act, issue])
            nxt[r, act, issue] = (1.0 - share) * x[r, act, issue] + share * y
    return vote, nxt


def play_round(x: np.ndarray, salience: np.ndarray, weight: np.ndarray, variant: str,
               rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, RoundLog]:
    """Run one round from starting positions ``x`` (0-100): (voting, next start, log)."""
    book = open_book(x, salience, weight)
    rate = equal_gain_rate(book) if variant == "equal-gain" else random_rate(book, rng)
    t = Terms.start(book, rate)
    calculate(book, t, book.open)
    over_i = np.full(book.a_i.shape + (x.shape[1],), np.nan)
    over_j = np.full_like(over_i, np.nan)
    rank = np.argsort(book.order, axis=1, kind="stable").argsort(axis=1, kind="stable")
    log, rr, step = RoundLog(), np.arange(x.shape[0]), 0
    while book.size and t.valid.any():
        pick = _pick(t.gain, t.valid, rank)
        has = t.valid[rr, pick]
        e = {name: _gather(getattr(book, name), pick) for name in BOOK_FIELDS}
        e.update({name: _gather(getattr(t, name), pick) for name in TERM_FIELDS})
        e["p"], e["q"] = book.p[pick][:, None], book.q[pick][:, None]
        t.valid[rr, pick] = False
        _record(log, e, has, step, x, salience, weight)
        _adjust(book, t, e, t.valid & has[:, None], (over_i, over_j, x, weight))
        step += 1
    vote, nxt = _settle(x, salience, log)
    return vote, nxt, log

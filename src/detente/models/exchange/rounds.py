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

from dataclasses import dataclass

import numpy as np

from detente.models.exchange.bargain import (
    Terms,
    calculate,
    calculate_at,
    equal_gain_rate,
    random_rate,
)
from detente.models.exchange.book import Book, open_book, stacked_names
from detente.models.exchange.order import Queue

_NAMES = stacked_names(Terms)
OVD = np.array([_NAMES.index("ovd_i"), _NAMES.index("ovd_j")])
HIST_I = [_NAMES.index(n) for n in ("hsum_i", "hmin_i", "hmax_i")]
HIST_J = [_NAMES.index(n) for n in ("hsum_j", "hmin_j", "hmax_j")]

SALIENCE_WEIGHT = 0.4  # share of the way to the voting position that grows as salience falls
FIXED_WEIGHT = 0.1  # share of the way every actor moves towards its voting position

BOOK_FIELDS = (
    "a_i",
    "a_j",
    "start_i",
    "start_j",
    "base_i",
    "base_j",
    "w_iq",
    "w_jp",
    "den_p",
    "den_q",
)
TERM_FIELDS = ("y_i", "y_j", "sup_i", "sup_j", "gain_i", "gain_j", "ovd_i", "ovd_j")
# one row per realised exchange; externalities are kept apart as (rows, actors)
RECORD_FIELDS = (
    "run",
    "step",
    "actor_i",
    "actor_j",
    "issue_p",
    "issue_q",
    "from_i",
    "to_i",
    "from_j",
    "to_j",
    "gain_i",
    "gain_j",
    "o0_p",
    "o1_p",
    "o0_q",
    "o1_q",
)


@dataclass
class RoundLog:
    """What happened in one round: one entry per realised exchange (positions on 0-100)."""

    rows: dict[str, np.ndarray]
    externality: np.ndarray  # (exchanges, actors)


@dataclass(frozen=True)
class Keys:
    """actor x issue keys of each candidate's four roles, to find the exchanges a move touches."""

    i_supply: np.ndarray  # (runs, K): I on q
    j_supply: np.ndarray  # J on p
    i_demand: np.ndarray  # I on p
    j_demand: np.ndarray  # J on q
    n_issues: int

    @classmethod
    def of(cls, book: Book, n_issues: int) -> Keys:
        """The (actor, issue) keys of each candidate's supply and demand sides.

        Parameters
        ----------
        book : the candidate exchanges
        n_issues : issues per run

        Returns
        -------
        Keys
            The keys.
        """
        p, q = book.p[None, :], book.q[None, :]
        return cls(
            book.a_i * n_issues + q,
            book.a_j * n_issues + p,
            book.a_i * n_issues + p,
            book.a_j * n_issues + q,
            n_issues,
        )


@dataclass(frozen=True)
class Index:
    """The candidates by actor and issue: which columns pair actor a with a partner on a pair
    of issues that holds issue q (whatever the roles), as sorted lists with offsets."""

    columns: np.ndarray  # candidate columns, grouped by actor x issue
    start: np.ndarray  # (actors x issues + 1,) offsets into ``columns``
    size: int  # K

    @classmethod
    def of(cls, book: Book, n_actors: int, n_issues: int) -> Index:
        """The index of a book of candidates.

        Parameters
        ----------
        book : the candidate exchanges
        n_actors, n_issues : the problem's size

        Returns
        -------
        Index
        """
        low = np.minimum(book.a_i[0], book.a_j[0])  # the pair of actors is the same in all runs
        high = np.maximum(book.a_i[0], book.a_j[0])
        m = n_issues
        keys = np.concatenate(
            [low * m + book.p, low * m + book.q, high * m + book.p, high * m + book.q]
        )
        order = np.argsort(keys, kind="stable")
        start = np.searchsorted(keys[order], np.arange(n_actors * m + 1))
        return cls(np.tile(np.arange(book.size), 4)[order], start, book.size)

    def around(self, runs: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(run, column) of every candidate holding one of ``keys`` (len(runs), k), sorted and
        without repeats.

        Parameters
        ----------
        runs : (r,) runs
        keys : (r, k) actor x issue keys per run

        Returns
        -------
        tuple[numpy.ndarray, numpy.ndarray]
            The runs and columns of the candidates.
        """
        lo, hi = self.start[keys].ravel(), self.start[keys + 1].ravel()
        count = hi - lo
        run = np.repeat(np.repeat(runs, keys.shape[1]), count)
        offset = np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
        flat = np.unique(run * self.size + self.columns[np.repeat(lo, count) + offset])
        return flat // self.size, flat % self.size


def _learn(
    t: Terms,
    over: np.ndarray,
    rows: tuple[np.ndarray, ...],
    book: Book,
    e: dict[str, np.ndarray],
    side: str,
    x: np.ndarray,
    w: np.ndarray,
) -> None:
    """Tell exchanges ``rows`` that E's ``side`` actor now stands at its voting position.

    The position is kept per exchange, actor and issue (decide's "updates"); a known earlier
    value is only replaced by one further from the actor's start (``update_updates``). ``ovd_*``
    keeps the resulting change of the weighted sum, leaving out the exchange's own supplier.
    """
    r, c = rows
    actor, issue = e[f"a_{side}"][r], e["q" if side == "i" else "p"][r]
    value, start = e[f"y_{side}"][r], e[f"start_{side}"][r]
    on_j = (book.q[c] != issue).astype(np.int64)  # the issue is J's supply issue p
    old = over[r, c, on_j, actor]
    new = np.where(
        np.isnan(old), value, np.where(start <= old, np.minimum(old, value), np.maximum(old, value))
    )
    prev = np.where(np.isnan(old), x[r, actor, issue], old)
    own = np.where(on_j == 1, book.a_j[r, c], book.a_i[r, c])
    t.data[OVD[on_j], r, c] += np.where(own != actor, (new - prev) * w[r, actor, issue], 0.0)
    over[r, c, on_j, actor] = new


def _adjust(
    book: Book,
    keys: Keys,
    index: Index,
    t: Terms,
    e: dict[str, np.ndarray],
    over: np.ndarray,
    x: np.ndarray,
    w: np.ndarray,
) -> tuple[np.ndarray, ...]:
    """Recompute every open exchange touched by the realised exchange ``e`` (per run).

    Same actor on the same supply issue: it now starts from where ``e`` left it, and its
    current shift joins its history. Same actor on the same demand issue: it learns where ``e``
    moved the other actor. Shifts not kept are dropped and computed afresh. Only candidates
    that share one of e's actors and one of its issues are looked at (:class:`Index`).
    """
    m = keys.n_issues
    runs = np.flatnonzero(e["has"])
    a_i, a_j, p, q = (e[k][runs] for k in ("a_i", "a_j", "p", "q"))
    r, c = index.around(runs, np.stack([a_i * m + q, a_j * m + p, a_j * m + q, a_i * m + p], 1))
    live = t.valid[r, c]
    r, c = r[live], c[live]
    e_i, e_j = (e["a_i"] * m + e["q"])[r], (e["a_j"] * m + e["p"])[r]
    i_supply, j_supply = keys.i_supply[r, c], keys.j_supply[r, c]
    from_i, from_ji = i_supply == e_i, j_supply == e_i
    hit_i = from_i | (i_supply == e_j)
    hit_j = from_ji | (j_supply == e_j)
    for hit, sup, cur, first, hist in (
        (hit_i, t.sup_i, t.cur_i, from_i, HIST_I),
        (hit_j, t.sup_j, t.cur_j, from_ji, HIST_J),
    ):
        rh, ch = r[hit], c[hit]
        if rh.size:
            sup[rh, ch] = np.where(first[hit], e["y_i"][rh], e["y_j"][rh])
            step = cur[rh, ch]
            t.data[hist[0], rh, ch] += step
            t.data[hist[1], rh, ch] = np.minimum(t.data[hist[1], rh, ch], step)
            t.data[hist[2], rh, ch] = np.maximum(t.data[hist[2], rh, ch], step)
    d_j, d_i = (e["a_j"] * m + e["q"])[r], (e["a_i"] * m + e["p"])[r]
    i_demand, j_demand = keys.i_demand[r, c], keys.j_demand[r, c]
    learn_i = (j_demand == d_j) | (i_demand == d_j)  # E's I moved on q
    learn_j = (j_demand == d_i) | (i_demand == d_i)  # E's J moved on p
    for mask, side in ((learn_i, "i"), (learn_j, "j")):
        if mask.any():
            _learn(t, over, (r[mask], c[mask]), book, e, side, x, w)
    touched = hit_i | hit_j | learn_i | learn_j
    return calculate_at(book, t, (r[touched], c[touched]))


def _log(
    steps: list[dict[str, np.ndarray]], x: np.ndarray, salience: np.ndarray, weight: np.ndarray
) -> RoundLog:
    """The round's exchanges in order, with each one's effect on everybody's utility.

    The externality for actor k is the salience-weighted change of its distance to the expected
    outcome on both issues (positive: the exchange brought the outcome closer to k).
    """
    if not steps:
        ints = ("run", "step", "actor_i", "actor_j", "issue_p", "issue_q")
        empty = {f: np.zeros(0, dtype=int if f in ints else float) for f in RECORD_FIELDS}
        return RoundLog(empty, np.zeros((0, x.shape[1])))
    has = np.stack([s["has"] for s in steps])  # (steps, runs)
    step, run = np.nonzero(has)
    v = {name: np.stack([s[name] for s in steps])[step, run] for name in steps[0] if name != "has"}
    rows = {
        "run": run,
        "step": step,
        "actor_i": v["a_i"],
        "actor_j": v["a_j"],
        "issue_p": v["p"],
        "issue_q": v["q"],
        "from_i": v["sup_i"],
        "to_i": v["y_i"],
        "from_j": v["sup_j"],
        "to_j": v["y_j"],
        "gain_i": v["gain_i"],
        "gain_j": v["gain_j"],
    }
    ext = np.zeros((run.size, x.shape[1]))
    for tag, side, frm, to in (("q", "i", "sup_i", "y_i"), ("p", "j", "sup_j", "y_j")):
        base = v[f"base_{side}"] + v[f"ovd_{side}"]
        w, den = v["w_iq" if side == "i" else "w_jp"], v[f"den_{tag}"]
        o0, o1 = (base + v[frm] * w) / den, (base + v[to] * w) / den
        rows[f"o0_{tag}"], rows[f"o1_{tag}"] = o0, o1
        xs = x[run, :, v[tag]]
        closer = np.abs(o0[:, None] - xs) - np.abs(o1[:, None] - xs)
        ext += closer * salience[run, :, v[tag]]
    return RoundLog(rows, ext)


def _settle(x: np.ndarray, salience: np.ndarray, log: RoundLog) -> tuple[np.ndarray, np.ndarray]:
    """Voting positions after the round's exchanges, and next round's starting positions.

    An actor who moved on an issue starts the next round a share ``0.1 + 0.4 (1 - s)`` of the
    way from its round-start position to its voting position: the less it cares, the further.
    Later exchanges of the same actor on the same issue overwrite earlier ones (they started
    from the earlier voting position, so they include it).
    """
    vote, nxt = x.copy(), x.copy()
    rows = log.rows
    # (run, actor, issue, voting position) of both sides, in the order carried out
    run = np.repeat(rows["run"], 2)
    act = np.stack([rows["actor_i"], rows["actor_j"]], axis=1).ravel()
    issue = np.stack([rows["issue_q"], rows["issue_p"]], axis=1).ravel()
    y = np.stack([rows["to_i"], rows["to_j"]], axis=1).ravel()
    # keep the last entry per (run, actor, issue): the last write wins
    flat = np.ravel_multi_index((run, act, issue), x.shape)
    last = flat.size - 1 - np.unique(flat[::-1], return_index=True)[1]
    run, act, issue, y = run[last], act[last], issue[last], y[last]
    vote[run, act, issue] = y
    share = FIXED_WEIGHT + SALIENCE_WEIGHT * (1.0 - salience[run, act, issue])
    nxt[run, act, issue] = (1.0 - share) * x[run, act, issue] + share * y
    return vote, nxt


def play_round(
    x: np.ndarray,
    salience: np.ndarray,
    weight: np.ndarray,
    variant: str,
    rngs: list[np.random.Generator],
    channels: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, RoundLog]:
    """Run one round from starting positions ``x`` (0-100).

    Parameters
    ----------
    x : (runs, actors, issues) positions
    salience : (runs, actors, issues)
    weight : (runs, actors, issues) capability x salience
    variant : 'equal-gain' or 'random-rate'
    rngs : one generator per run (random-rate)
    channels : (actors, actors) only actors who share a forum trade (None: everyone)

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray, RoundLog]
        Voting positions, the next round's start and the round's log.
    """
    book = open_book(x, salience, weight, channels)
    if variant == "equal-gain":
        rate = equal_gain_rate(book)
    else:
        n, m = x.shape[1:]
        rate = random_rate(book, rngs, n * (n - 1) // 2 * (m * (m - 1) // 2))
    t = Terms.start(book, rate)
    calculate(book, t, book.open)
    over = np.full((*book.a_i.shape, 2, x.shape[1]), np.nan)
    keys, index = Keys.of(book, x.shape[2]), Index.of(book, x.shape[1], x.shape[2])
    queue = Queue(t.gain, book.order, t.valid)
    rr, steps = np.arange(x.shape[0]), []
    while book.size and queue.any_valid():
        pick = queue.pick()
        e = {name: getattr(book, name)[rr, pick] for name in BOOK_FIELDS}
        e.update({name: getattr(t, name)[rr, pick] for name in TERM_FIELDS})
        e["p"], e["q"], e["has"] = book.p[pick], book.q[pick], t.valid[rr, pick]
        t.valid[rr, pick] = False
        queue.refresh(rr, pick)
        steps.append(e)
        redone = _adjust(book, keys, index, t, e, over, x, weight)
        queue.update(redone, (t.gain_i[redone] + t.gain_j[redone]) / 2.0)
    log = _log(steps, x, salience, weight)
    vote, nxt = _settle(x, salience, log)
    return vote, nxt, log

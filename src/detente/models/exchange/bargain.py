"""The terms of one exchange: how far each actor moves and what each gains.

Stokman & Van Oosten (1994) and Dijkstra, Van Assen & Stokman (2008): a shift of actor j on
issue p by dx moves the expected outcome O_p (the capability x salience weighted mean) by
``r_p = dx * c_j s_jp / sum_k c_k s_kp``. Demander I gains ``r_p s_ip - r_q s_iq`` and supplier
J gains ``r_q s_jq - r_p s_jp``. The exchange rate ``k = r_q / r_p`` is the equal-gain rate
``(s_ip + s_jp) / (s_iq + s_jq)`` or, in the random-rate variant, drawn between the two rates at
which one side gains nothing. The larger trade that neither actor overshoots its partner's
position is taken, and cut further where it would carry the outcome past the partner's own
position (see docs/models/exchange.md).
``calculate`` updates (runs, K) arrays in place for a mask of them; the rest work on flat arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from detente.models.exchange.book import Book, packed, stacked_names

TINY = 1e-10
AT = 1e-9  # an outcome this close to a position (0-100 scale) is at it


@dataclass
class Terms:
    """What each open candidate exchange would do now (mutable; (runs, K) arrays).

    ``sup_*`` are the actors' current positions on the issues they give way on (they change
    when another exchange moved the same actor on the same issue earlier in the round),
    ``cur_*`` the proposed shifts, ``y_*`` the resulting voting positions. Earlier shifts of the
    same actor on the same issue (``h*_*``: sum, min, max) must point the same way.
    ``ovd_*`` is the change of the weighted sum on each actor's supply issue caused by earlier
    exchanges that this one already knows about (decide's per-exchange "updates").
    The float fields are views into ``data`` (fields, runs, K).
    """

    k: np.ndarray
    sup_i: np.ndarray
    sup_j: np.ndarray
    cur_i: np.ndarray
    cur_j: np.ndarray
    y_i: np.ndarray
    y_j: np.ndarray
    gain_i: np.ndarray
    gain_j: np.ndarray
    hsum_i: np.ndarray
    hmin_i: np.ndarray
    hmax_i: np.ndarray
    hsum_j: np.ndarray
    hmin_j: np.ndarray
    hmax_j: np.ndarray
    ovd_i: np.ndarray
    ovd_j: np.ndarray
    valid: np.ndarray
    data: np.ndarray = field(repr=False)

    @classmethod
    def start(cls, book: Book, rate: np.ndarray) -> Terms:
        """The terms of every candidate before any exchange of the round.

        Parameters
        ----------
        book : the candidate exchanges
        rate : (runs, K) exchange rates

        Returns
        -------
        Terms
            Shifts and gains at zero, positions at the round's start.
        """
        z = np.zeros(book.a_i.shape)
        inf = np.full(book.a_i.shape, np.inf)
        values = {
            "k": rate,
            "sup_i": book.start_i,
            "sup_j": book.start_j,
            "y_i": book.start_i,
            "y_j": book.start_j,
            "hmin_i": inf,
            "hmax_i": -inf,
            "hmin_j": inf,
            "hmax_j": -inf,
        }
        data = np.stack([values.get(n, z) for n in stacked_names(Terms)])
        return packed(Terms, data, valid=book.open.copy())

    def subset(self, idx: tuple[np.ndarray, ...]) -> Terms:
        """The terms at (run, candidate) indices ``idx``, as flat arrays (one gather).

        Parameters
        ----------
        idx : (runs index, candidate index) arrays

        Returns
        -------
        Terms
            The selected terms.
        """
        return packed(Terms, self.data[:, idx[0], idx[1]], valid=self.valid[idx])

    @property
    def gain(self) -> np.ndarray:
        """The gain exchanges are ranked by: the mean of the two (equal in the equal-gain model)."""
        return (self.gain_i + self.gain_j) / 2.0


def equal_gain_rate(book: Book) -> np.ndarray:
    """k = (s_ip + s_jp) / (s_iq + s_jq): both actors gain the same utility.

    Parameters
    ----------
    book : the candidate exchanges

    Returns
    -------
    numpy.ndarray
        (runs, K) exchange rates.
    """
    return (book.s_ip + book.s_jp) / np.where(book.open, book.s_iq + book.s_jq, 1.0)


def random_rate(book: Book, rngs: list[np.random.Generator], total: int) -> np.ndarray:
    """k drawn uniformly between s_jp/s_jq (J gains nothing) and s_ip/s_iq (I gains nothing).

    Each run draws from its own generator, one number for each of the ``total`` possible pairs
    of actors and issues, so a run's rates do not depend on the other runs of the batch.

    Parameters
    ----------
    book : the candidate exchanges
    rngs : one generator per run
    total : possible pairs of actors and issues

    Returns
    -------
    numpy.ndarray
        (runs, K) exchange rates.
    """
    safe_iq = np.where(book.open, book.s_iq, 1.0)
    safe_jq = np.where(book.open, book.s_jq, 1.0)
    low, high = book.s_jp / safe_jq, book.s_ip / safe_iq
    draws = np.stack([g.random(total) for g in rngs])
    return low + (high - low) * draws[:, book.index]


def _set(a: np.ndarray, mask: np.ndarray, value: np.ndarray) -> None:
    np.copyto(a, value, where=mask)


def _move_ok(move, sup, hsum, hmin, hmax):
    """A shift is valid when it is real, stays on 0-100 and agrees in sign with earlier ones."""
    size = np.abs(move)
    landing = sup + move
    ok = (size <= 100) & (size > TINY) & (landing >= 0) & (landing <= 100) & (hsum + move <= 100)
    return ok & np.where(move > 0, hmin > 0, hmax < 0)


def _signed(size: np.ndarray, frm: np.ndarray, to: np.ndarray) -> np.ndarray:
    return np.where(frm > to, -size, size)


def _finish(book: Book, t: Terms, mask: np.ndarray, r_p, r_q, m_i, m_j) -> None:
    m_i = _signed(m_i, t.sup_i, book.d_j)
    m_j = _signed(m_j, t.sup_j, book.d_i)
    _set(t.cur_i, mask, m_i)
    _set(t.cur_j, mask, m_j)
    _set(t.y_i, mask, t.sup_i + m_i)
    _set(t.y_j, mask, t.sup_j + m_j)
    _set(t.gain_i, mask, np.abs(r_p * book.s_ip - r_q * book.s_iq))
    _set(t.gain_j, mask, np.abs(r_q * book.s_jq - r_p * book.s_jp))


def _both_ok(book: Book, t: Terms) -> np.ndarray:
    ok_i = _move_ok(t.cur_i, t.sup_i, t.hsum_i, t.hmin_i, t.hmax_i)
    return ok_i & _move_ok(t.cur_j, t.sup_j, t.hsum_j, t.hmin_j, t.hmax_j)


def _outcome(base, ovd, w, den, pos):
    return (base + ovd + pos * w) / den


def _limit(book: Book, t: Terms, mask: np.ndarray, side: str) -> None:
    """Stop the outcome on ``side``'s supply issue at the partner's own position.

    Where the shift of ``side`` would carry the weighted mean past the partner's position, the
    shift is cut to the one that puts the outcome exactly there, and the partner's shift
    follows from the rate k.
    """
    if side == "i":
        base, ovd, w, den = book.base_i, t.ovd_i, book.w_iq, book.den_q
        sup, y, target = t.sup_i, t.y_i, book.d_j
    else:
        base, ovd, w, den = book.base_j, t.ovd_j, book.w_jp, book.den_p
        sup, y, target = t.sup_j, t.y_j, book.d_i
    o0 = _outcome(base, ovd, w, den, sup)
    o1 = _outcome(base, ovd, w, den, y)
    # positions within AT of each other count as equal (as decide's own >= and <= do)
    before = ((target >= o0 - AT) & (target >= o1 - AT)) | (
        (target <= o0 + AT) & (target <= o1 + AT)
    )
    cross = mask & ~before
    if not cross.any():
        return
    size = np.abs(target * den - base - ovd - sup * w) / w
    ratio = size * w / den
    if side == "i":
        r_q, r_p = ratio, ratio / t.k
        m_i, m_j = size, r_p * book.den_p / book.w_jp
    else:
        r_p, r_q = ratio, ratio * t.k
        m_j, m_i = size, r_q * book.den_q / book.w_iq
    _finish(book, t, cross, r_p, r_q, m_i, m_j)


def _terms_now(book: Book, t: Terms) -> None:
    """The terms of every exchange in ``book``/``t`` (flat arrays) from the current positions.

    J first moves all the way to I's position on p; if the matching shift of I on q would pass
    J's position there, I moves all the way instead and J's shift follows from the rate.
    """
    every = np.ones(t.k.shape, dtype=bool)
    dist_p = np.abs(book.d_i - t.sup_j)
    dist_q = np.abs(book.d_j - t.sup_i)
    r_p = dist_p * book.w_jp / book.den_p
    r_q = t.k * r_p
    m_i, m_j = r_q * book.den_q / book.w_iq, dist_p
    over = np.abs(m_i) > dist_q
    r_q = np.where(over, dist_q * book.w_iq / book.den_q, r_q)
    r_p = np.where(over, r_q / t.k, r_p)
    m_i = np.where(over, dist_q, m_i)
    m_j = np.where(over, r_p * book.den_p / book.w_jp, m_j)
    _finish(book, t, every, r_p, r_q, m_i, m_j)
    ok = _both_ok(book, t) & (t.gain >= TINY)
    _limit(book, t, ok, "i")
    _limit(book, t, ok, "j")
    t.valid = ok & _both_ok(book, t)


CHANGED = np.array(
    [stacked_names(Terms).index(n) for n in ("cur_i", "cur_j", "y_i", "y_j", "gain_i", "gain_j")]
)


def calculate(book: Book, t: Terms, mask: np.ndarray) -> tuple[np.ndarray, ...]:
    """(Re)compute the terms of the exchanges in ``mask`` (runs, K), in place.

    Parameters
    ----------
    book : the candidate exchanges
    t : their terms (updated in place)
    mask : (runs, K) the exchanges to recompute

    Returns
    -------
    tuple[numpy.ndarray, ...]
        The (run, candidate) indices recomputed.
    """
    return calculate_at(book, t, np.nonzero(mask))


def calculate_at(book: Book, t: Terms, idx: tuple[np.ndarray, ...]) -> tuple[np.ndarray, ...]:
    """(Re)compute the terms of the exchanges at (run, candidate) indices ``idx``, in place.

    Only those exchanges are gathered and computed: after each realised exchange just a few
    dozen of thousands need it.

    Parameters
    ----------
    book : the candidate exchanges
    t : their terms (updated in place)
    idx : (run, candidate) indices of the exchanges to recompute

    Returns
    -------
    tuple[numpy.ndarray, ...]
        ``idx``.
    """
    if idx[0].size == 0:
        return idx
    sub = t.subset(idx)
    _terms_now(book.subset(idx), sub)
    t.data[CHANGED[:, None], idx[0][None, :], idx[1][None, :]] = sub.data[CHANGED]
    t.valid[idx] = sub.valid
    return idx

"""The terms of one exchange: how far each actor moves and what each gains.

Stokman & Van Oosten (1994) and Dijkstra, Van Assen & Stokman (2008): a shift of actor j on
issue p by dx moves the expected outcome O_p (the capability x salience weighted mean) by
``r_p = dx * c_j s_jp / sum_k c_k s_kp``. Demander I gains ``r_p s_ip - r_q s_iq`` and supplier
J gains ``r_q s_jq - r_p s_jp``. The exchange rate ``k = r_q / r_p`` is the equal-gain rate
``(s_ip + s_jp) / (s_iq + s_jq)`` or, in the random-rate variant, drawn between the two rates at
which one side gains nothing. The larger trade that neither actor overshoots its partner's
position is taken, and cut further where it would carry the outcome past the partner's own
position (see docs/models/exchange.md).
All functions work on (runs, K) arrays in place, restricted to a boolean mask of rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.models.exchange.book import Book

TINY = 1e-10
AT = 1e-9  # an outcome this close to a position (0-100 scale) is at it


@dataclass
class Terms:
    """What each open candidate exchange would do now (mutable; (runs, K) arrays).

    ``sup_*`` are the actors' current positions on the issues they give way on (they change
    when another exchange moved the same actor on the same issue earlier in the round),
    ``cur_*`` the proposed shifts, ``y_*`` the resulting voting positions. Earlier shifts of the
    same actor on the same issue (``hist_*``: sum, min, max) must point the same way.
    ``ovd_*`` is the change of the weighted sum on each actor's supply issue caused by earlier
    exchanges that this one already knows about (decide's per-exchange "updates").
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
    valid: np.ndarray
    hsum_i: np.ndarray
    hmin_i: np.ndarray
    hmax_i: np.ndarray
    hsum_j: np.ndarray
    hmin_j: np.ndarray
    hmax_j: np.ndarray
    ovd_i: np.ndarray
    ovd_j: np.ndarray

    @classmethod
    def start(cls, book: Book, rate: np.ndarray) -> Terms:
        z = np.zeros(book.a_i.shape)
        inf = np.full(book.a_i.shape, np.inf)
        return cls(
            k=rate,
            sup_i=book.start_i.copy(),
            sup_j=book.start_j.copy(),
            cur_i=z.copy(),
            cur_j=z.copy(),
            y_i=book.start_i.copy(),
            y_j=book.start_j.copy(),
            gain_i=z.copy(),
            gain_j=z.copy(),
            valid=book.open.copy(),
            hsum_i=z.copy(),
            hmin_i=inf.copy(),
            hmax_i=-inf,
            hsum_j=z.copy(),
            hmin_j=inf.copy(),
            hmax_j=-inf.copy(),
            ovd_i=z.copy(),
            ovd_j=z.copy(),
        )

    @property
    def gain(self) -> np.ndarray:
        """The gain exchanges are ranked by: the mean of the two (equal in the equal-gain model)."""
        return (self.gain_i + self.gain_j) / 2.0


def equal_gain_rate(book: Book) -> np.ndarray:
    """k = (s_ip + s_jp) / (s_iq + s_jq): both actors gain the same utility."""
    return (book.s_ip + book.s_jp) / np.where(book.open, book.s_iq + book.s_jq, 1.0)


def random_rate(book: Book, rng: np.random.Generator) -> np.ndarray:
    """k drawn uniformly between s_jp/s_jq (J gains nothing) and s_ip/s_iq (I gains nothing)."""
    safe_iq = np.where(book.open, book.s_iq, 1.0)
    safe_jq = np.where(book.open, book.s_jq, 1.0)
    low, high = book.s_jp / safe_jq, book.s_ip / safe_iq
    return low + (high - low) * rng.random(book.a_i.shape)


def _set(a: np.ndarray, mask: np.ndarray, value: np.ndarray) -> None:
    np.copyto(a, value, where=mask)


def _move_ok(move, sup, hsum, hmin, hmax):  # type: ignore[no-untyped-def]
    """A shift is valid when it is real, stays on 0-100 and agrees in sign with earlier ones."""
    size = np.abs(move)
    lo, hi = np.minimum(hmin, move), np.maximum(hmax, move)
    same_way = ((lo < 0) & (hi < 0)) | ((lo > 0) & (hi > 0))
    landing = sup + move
    return (
        (size <= 100)
        & (size > TINY)
        & (landing >= 0)
        & (landing <= 100)
        & (hsum + move <= 100)
        & same_way
    )


def _signed(size: np.ndarray, frm: np.ndarray, to: np.ndarray) -> np.ndarray:
    return np.where(frm > to, -size, size)


def _finish(book: Book, t: Terms, mask: np.ndarray, r_p, r_q, m_i, m_j) -> None:  # type: ignore[no-untyped-def]
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


def _outcome(base, ovd, w, den, pos):  # type: ignore[no-untyped-def]
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
    safe_w = np.where(mask, w, 1.0)
    o0 = _outcome(base, ovd, w, den, sup)
    o1 = _outcome(base, ovd, w, den, y)
    # positions within AT of each other count as equal (as decide's own >= and <= do)
    before = ((target >= o0 - AT) & (target >= o1 - AT)) | ((target <= o0 + AT) & (target <= o1 + AT))
    cross = mask & ~before
    if not cross.any():
        return
    size = np.abs(target * den - base - ovd - sup * w) / safe_w
    ratio = size * w / den
    if side == "i":
        r_q, r_p = ratio, ratio / np.where(cross, t.k, 1.0)
        m_i, m_j = size, r_p * book.den_p / np.where(cross, book.w_jp, 1.0)
    else:
        r_p, r_q = ratio, ratio * t.k
        m_j, m_i = size, r_q * book.den_q / np.where(cross, book.w_iq, 1.0)
    _finish(book, t, cross, r_p, r_q, m_i, m_j)


def calculate(book: Book, t: Terms, mask: np.ndarray) -> None:
    """(Re)compute the terms of the exchanges in ``mask`` from the current positions.

    J first moves all the way to I's position on p; if the matching shift of I on q would pass
    J's position there, I moves all the way instead and J's shift follows from the rate.
    """
    w_jp = np.where(mask, book.w_jp, 1.0)
    w_iq = np.where(mask, book.w_iq, 1.0)
    k = np.where(mask, t.k, 1.0)
    dist_p = np.abs(book.d_i - t.sup_j)
    dist_q = np.abs(book.d_j - t.sup_i)
    r_p = dist_p * book.w_jp / book.den_p
    r_q = k * r_p
    m_i, m_j = r_q * book.den_q / w_iq, dist_p
    over = np.abs(m_i) > dist_q
    r_q = np.where(over, dist_q * book.w_iq / book.den_q, r_q)
    r_p = np.where(over, r_q / k, r_p)
    m_i = np.where(over, dist_q, m_i)
    m_j = np.where(over, r_p * book.den_p / w_jp, m_j)
    _finish(book, t, mask, r_p, r_q, m_i, m_j)
    ok = mask & _both_ok(book, t) & (t.gain >= TINY)
    _limit(book, t, ok, "i")
    _limit(book, t, ok, "j")
    _set(t.valid, mask, ok & _both_ok(book, t))

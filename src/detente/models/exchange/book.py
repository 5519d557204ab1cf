"""The book of possible exchanges at the start of a round (Stokman & Van Oosten 1994).

Every pair of issues (p, q) and every pair of actors is a candidate. Two actors can trade on
(p, q) only when they sit on opposite sides of the expected outcome on both issues (groups A-D
or B-C of Stokman & Van Oosten); the actor who cares relatively more about p (higher s_p / s_q)
is the *demander* ``I`` of p, who moves on q; the other, ``J``, moves on p.
All arrays are (runs, K) over the K candidates that are open in at least one run.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache
from itertools import combinations
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Book:
    """Static facts of each candidate exchange for one round (positions on a 0-100 scale).

    ``I`` demands issue ``p`` and supplies (moves on) ``q``; ``J`` supplies ``p``, demands ``q``.
    ``d_i`` is I's own position on p (where it wants J to move the outcome), ``d_j`` J's on q.
    ``base_i`` is the capability x salience weighted sum of everybody but I on q.
    """

    p: np.ndarray  # (K,) issue index
    q: np.ndarray  # (K,)
    a_i: np.ndarray  # (runs, K) actor index of I
    a_j: np.ndarray
    s_ip: np.ndarray
    s_iq: np.ndarray
    s_jp: np.ndarray
    s_jq: np.ndarray
    w_iq: np.ndarray  # capability x salience of I on q
    w_jp: np.ndarray
    den_p: np.ndarray  # sum of capability x salience on p
    den_q: np.ndarray
    d_i: np.ndarray
    d_j: np.ndarray
    start_i: np.ndarray  # I's position on q at the start of the round
    start_j: np.ndarray
    base_i: np.ndarray
    base_j: np.ndarray
    index: np.ndarray = field(repr=False)  # (K,) position among all issue x actor pairs
    open: np.ndarray = field(repr=False)  # (runs, K) bool: opposite sides on both issues
    order: np.ndarray = field(repr=False)  # (runs, K) creation order (ties: earlier first)
    data: np.ndarray = field(repr=False)  # the float fields stacked: (fields, runs, K)

    @property
    def size(self) -> int:
        """Number of candidate exchanges per run (K)."""
        return int(self.p.shape[0])

    def subset(self, idx: tuple[np.ndarray, ...]) -> Book:
        """The candidates at (run, candidate) indices ``idx``, as flat arrays (one gather).

        Parameters
        ----------
        idx : (runs index, candidate index) arrays

        Returns
        -------
        Book
            The selected candidates.
        """
        return packed(
            Book,
            self.data[:, idx[0], idx[1]],
            p=self.p[idx[1]],
            q=self.q[idx[1]],
            a_i=self.a_i[idx],
            a_j=self.a_j[idx],
            index=self.index[idx[1]],
            open=self.open[idx],
            order=self.order[idx],
        )


@cache
def stacked_names(cls: type) -> tuple[str, ...]:
    """The float array fields of a record class, in declaration order.

    Parameters
    ----------
    cls : a record class (Book or Terms)

    Returns
    -------
    tuple[str, ...]
        The field names.
    """
    skip = {"p", "q", "index", "open", "order", "data", "valid", "a_i", "a_j"}
    return tuple(f.name for f in fields(cls) if f.name not in skip)


def packed(cls: Any, data: np.ndarray, **extra: np.ndarray) -> Any:
    """A record whose float fields are views into one stacked array (so gathers are one call).

    Parameters
    ----------
    cls : the record class
    data : (fields, ...) the stacked float fields
    **extra : the other fields

    Returns
    -------
    Book or Terms
        The record.
    """
    names = stacked_names(cls)
    return cls(**{n: data[k] for k, n in enumerate(names)}, data=data, **extra)


def _all_candidates(n_actors: int, n_issues: int) -> tuple[np.ndarray, ...]:
    pairs = np.array(list(combinations(range(n_issues), 2)), dtype=np.int64).reshape(-1, 2)
    duos = np.array(list(combinations(range(n_actors), 2)), dtype=np.int64).reshape(-1, 2)
    comb = np.repeat(np.arange(len(pairs)), len(duos))
    p, q = pairs[comb, 0], pairs[comb, 1]
    a, b = np.tile(duos[:, 0], len(pairs)), np.tile(duos[:, 1], len(pairs))
    return comb, p, q, a, b


def open_book(
    x: np.ndarray, salience: np.ndarray, weight: np.ndarray, channels: np.ndarray | None = None
) -> Book:
    """Candidate exchanges given round-start positions ``x`` (runs, actors, issues) on 0-100.

    An actor with zero salience on an issue takes no part in trades on it (as an actor that
    is absent from an issue in decide-exchange-model's input); two actors trade only if they
    share a forum (``channels`` (actors, actors); None: everyone talks to everyone).

    Parameters
    ----------
    x, salience, weight : (runs, actors, issues) positions on 0-100, saliences, weights
    channels : (actors, actors) who may trade with whom (None: everyone)

    Returns
    -------
    Book
        Every pair of actors on opposite sides of every pair of issues.
    """
    runs, n, m = x.shape
    den = weight.sum(axis=1)  # (runs, issues)
    safe = np.where(den > 0, den, 1.0)
    outcome = (x * weight).sum(axis=1) / safe
    left = x <= outcome[:, None, :]  # at or left of the expected outcome
    comb, p, q, a, b = _all_candidates(n, m)
    r = np.arange(runs)[:, None]
    present = (salience[r, a, p] > 0) & (salience[r, a, q] > 0)
    present &= (salience[r, b, p] > 0) & (salience[r, b, q] > 0)
    opposite = (left[r, a, p] != left[r, b, p]) & (left[r, a, q] != left[r, b, q])
    is_open = present & opposite
    if channels is not None:
        is_open &= channels[a, b][None, :]
    keep = np.flatnonzero(is_open.any(axis=0))
    comb, p, q, a, b, is_open = comb[keep], p[keep], q[keep], a[keep], b[keep], is_open[:, keep]
    # the actor right of the outcome on q (groups A, B) is listed first
    first_is_a = ~left[r, a, q]
    f = np.where(first_is_a, a, b)
    g = np.where(first_is_a, b, a)
    order = ((comb * 2 + left[r, f, p]) * n + f) * n + g
    ratio_f = salience[r, f, p] / np.where(is_open, salience[r, f, q], 1.0)
    ratio_g = salience[r, g, p] / np.where(is_open, salience[r, g, q], 1.0)
    demander_is_g = ratio_f < ratio_g
    a_i = np.where(demander_is_g, g, f)
    a_j = np.where(demander_is_g, f, g)
    sums = (x * weight).sum(axis=1)
    values = {
        "s_ip": salience[r, a_i, p],
        "s_iq": salience[r, a_i, q],
        "s_jp": salience[r, a_j, p],
        "s_jq": salience[r, a_j, q],
        "w_iq": weight[r, a_i, q],
        "w_jp": weight[r, a_j, p],
        "den_p": np.broadcast_to(den[:, p], a_i.shape),
        "den_q": np.broadcast_to(den[:, q], a_i.shape),
        "d_i": x[r, a_i, p],
        "d_j": x[r, a_j, q],
        "start_i": x[r, a_i, q],
        "start_j": x[r, a_j, p],
        "base_i": sums[:, q] - x[r, a_i, q] * weight[r, a_i, q],
        "base_j": sums[:, p] - x[r, a_j, p] * weight[r, a_j, p],
    }
    data = np.stack([values[n] for n in stacked_names(Book)])
    return packed(Book, data, p=p, q=q, a_i=a_i, a_j=a_j, index=keep, open=is_open, order=order)

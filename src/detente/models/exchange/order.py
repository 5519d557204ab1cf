"""Which exchange goes first: the highest gain, with ties broken as a stable re-sort would.

The reference keeps its exchanges in a list that it sorts (stably) by gain before every pick.
Two exchanges with equal gains are then in the order of the last sort at which their gains
differed, or in creation order if they never did. Ties are rare, so instead of sorting every
step this keeps a log of gain changes and replays it only for the runs where the best gain is
tied. Gains equal to 12 decimals count as ties, so that rounding noise does not decide between
exchanges that are equally good.
"""

from __future__ import annotations

from functools import cmp_to_key, partial

import numpy as np

TIE_DECIMALS = 12


def scaled(gain: np.ndarray) -> np.ndarray:
    """Gains as integers in units of 1e-12 (equal integers: a tie).

    Parameters
    ----------
    gain : gains

    Returns
    -------
    numpy.ndarray
        int64 keys.
    """
    return np.rint(gain * 10.0**TIE_DECIMALS).astype(np.int64)


class Queue:
    """The pick order of one round's exchanges, for all runs at once."""

    def __init__(self, gain: np.ndarray, created: np.ndarray):
        self.key = scaled(gain)  # (runs, K) current key
        self.first = self.key.copy()  # keys at the first sort
        self.created = created
        self.changes: list[tuple[np.ndarray, ...]] = []  # (sort, run, column, key)
        self.sorts = 0
        self._log: tuple[np.ndarray, ...] = tuple(np.zeros(0, np.int64) for _ in range(4))
        self._logged = 0

    def update(self, rows: tuple[np.ndarray, ...], gain: np.ndarray) -> None:
        """Exchanges ``rows`` were recomputed after the last pick and now have ``gain``.

        Parameters
        ----------
        rows : (run, candidate) indices
        gain : their new gains
        """
        new = scaled(gain)
        self.key[rows] = new
        self.changes.append((np.full(new.size, self.sorts), rows[0], rows[1], new))

    def pick(self, valid: np.ndarray) -> np.ndarray:
        """The exchange taken next in each run (any column where a run has none left).

        Parameters
        ----------
        valid : (runs, K) exchanges still possible

        Returns
        -------
        numpy.ndarray
            (runs,) the column picked in each run.
        """
        key = np.where(valid, self.key, np.iinfo(np.int64).min)
        best = key.argmax(axis=1)
        top = np.take_along_axis(key, best[:, None], axis=1)
        tied = np.flatnonzero(((key == top) & valid).sum(axis=1) > 1)
        for r in tied:
            cols = np.flatnonzero((key[r] == top[r, 0]) & valid[r])
            best[r] = min(cols, key=cmp_to_key(partial(self._compare, int(r))))
        self.sorts += 1
        return best

    def _history(self, r: int, c: int) -> np.ndarray:
        """The key of exchange (r, c) at every sort so far (index = sort number)."""
        if self._logged != len(self.changes):  # gather the log once per new entry
            self._log = tuple(np.concatenate([ch[k] for ch in self.changes]) for k in range(4))
            self._logged = len(self.changes)
        when, runs, cols, keys = self._log
        out = np.full(self.sorts + 1, self.first[r, c])
        hit = np.flatnonzero((runs == r) & (cols == c))
        for k in hit:  # in time order: later changes override earlier ones
            out[when[k] :] = keys[k]
        return out

    def _compare(self, r: int, a: int, b: int) -> int:
        """-1 if exchange a comes before b in the reference's list of run r."""
        ha, hb = self._history(r, a), self._history(r, b)
        differ = np.flatnonzero(ha != hb)
        if differ.size:
            t = differ[-1]
            return -1 if ha[t] > hb[t] else 1
        return -1 if self.created[r, a] < self.created[r, b] else 1

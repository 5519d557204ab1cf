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
LOWEST = np.iinfo(np.int64).min  # the key of no exchange


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
    """The pick order of one round's exchanges, for all runs at once.

    Besides every exchange's key it keeps the largest valid key of each block of about
    sqrt(K) columns, so that a pick reads the block maxima and one block, and an update rescans
    only the blocks whose maximum it may have lowered: a step costs O(sqrt(K) + touched), not
    O(K), which is what lets a round of 1,000 issues (millions of candidates) run.
    ``valid`` (runs, K) is the round's own mask, read as it changes.
    """

    def __init__(self, gain: np.ndarray, created: np.ndarray, valid: np.ndarray):
        self.key = scaled(gain)  # (runs, K) current key
        self.first = self.key.copy()  # keys at the first sort
        self.created = created
        self.valid = valid
        self.changes: list[tuple[np.ndarray, ...]] = []  # (sort, run, column, key)
        self.sorts = 0
        self._log: tuple[np.ndarray, ...] = tuple(np.zeros(0, np.int64) for _ in range(4))
        self._logged = 0
        runs, k = self.key.shape
        self.block = max(64, int(np.sqrt(k)))
        blocks = -(-k // self.block)
        flat = np.full((runs, blocks * self.block), LOWEST)
        flat[:, :k] = np.where(valid, self.key, LOWEST)
        self.top = flat.reshape(runs, blocks, self.block).max(axis=2)

    def _scan(self, runs: np.ndarray, blocks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The valid keys of whole blocks (LOWEST elsewhere) and their columns: (len, block)."""
        cols = blocks[:, None] * self.block + np.arange(self.block)
        inside = cols < self.key.shape[1]
        cols = np.minimum(cols, self.key.shape[1] - 1)
        rows = runs[:, None]
        return np.where(inside & self.valid[rows, cols], self.key[rows, cols], LOWEST), cols

    def refresh(self, runs: np.ndarray, cols: np.ndarray) -> None:
        """Recompute the block maxima of the blocks holding columns (runs, cols).

        Parameters
        ----------
        runs : run of each changed column
        cols : the changed columns
        """
        blocks = self.top.shape[1]
        flat = np.unique(runs * blocks + cols // self.block)
        if flat.size:
            run, block = flat // blocks, flat % blocks
            keys, _ = self._scan(run, block)
            self.top[run, block] = keys.max(axis=1)

    def any_valid(self) -> bool:
        """Whether any run has an exchange left.

        Returns
        -------
        bool
        """
        return bool((self.top > LOWEST).any())

    def update(self, rows: tuple[np.ndarray, ...], gain: np.ndarray) -> None:
        """Exchanges ``rows`` were recomputed after the last pick and now have ``gain``.

        Parameters
        ----------
        rows : (run, candidate) indices
        gain : their new gains
        """
        new = scaled(gain)
        old = self.key[rows]
        self.key[rows] = new
        self.changes.append((np.full(new.size, self.sorts), rows[0], rows[1], new))
        run, block = rows[0], rows[1] // self.block
        ok = self.valid[rows]
        top = self.top[run, block]
        lost = (old == top) & ((new < old) | ~ok)  # it may have held its block's maximum
        np.maximum.at(self.top, (run[ok], block[ok]), new[ok])
        if lost.any():
            self.refresh(run[lost], rows[1][lost])

    def pick(self) -> np.ndarray:
        """The exchange taken next in each run (any column where a run has none left).

        Returns
        -------
        numpy.ndarray
            (runs,) the column picked in each run.
        """
        runs = np.arange(self.key.shape[0])
        block = self.top.argmax(axis=1)
        top = self.top[runs, block]
        keys, cols = self._scan(runs, block)
        best = cols[runs, keys.argmax(axis=1)]
        at_top = (self.top == top[:, None]).sum(axis=1) + (keys == top[:, None]).sum(axis=1)
        for r in np.flatnonzero((top > LOWEST) & (at_top > 2)):  # a tie: the reference's order
            tied = np.flatnonzero((self.key[r] == top[r]) & self.valid[r])
            best[r] = min(tied, key=cmp_to_key(partial(self._compare, int(r))))
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

"""The NumPy twin of the compiled exact search (same steps, same answer, same node count).

Used where Numba is missing (or ``DETENTE_NO_JIT=1``); the tests run both. The method is
described in :mod:`detente.futures.search`.
"""

from __future__ import annotations

from typing import Any

import numpy as np


class _Tables:
    """The search tables, with each influence's margins as a (u, v, r) array."""

    def __init__(
        self,
        offsets: np.ndarray,
        graph: tuple[np.ndarray, ...],
        dptr: np.ndarray,
        diff: np.ndarray,
        width: int,
    ) -> None:
        infl_ptr, infl, self.in_ptr, self.in_edge, self.in_src = graph
        self.offsets, self.infl_ptr, self.infl = offsets, infl_ptr, infl
        sizes = np.diff(offsets)
        self.blocks = []
        for i in range(len(sizes)):
            for e in range(infl_ptr[i], infl_ptr[i + 1]):
                nu, nv = sizes[i], sizes[infl[e]]
                flat = diff[dptr[e] : dptr[e] + nu * nv * width]
                self.blocks.append(flat.reshape(nv, width, nu).transpose(2, 0, 1))

    def span(self, j: int) -> slice:
        return slice(int(self.offsets[j]), int(self.offsets[j + 1]))

    def propagate(
        self,
        threshold: float,
        live: np.ndarray,
        before: np.ndarray,
        bound: np.ndarray,
        count: np.ndarray,
        todo: list[int],
        check: np.ndarray,
    ) -> bool:
        """Forward and backward propagation to a fixpoint; False when a domain empties."""
        shrank = np.zeros(len(count), dtype=bool)
        while True:
            for i in todo:
                own = self.span(i)
                for e in range(self.infl_ptr[i], self.infl_ptr[i + 1]):
                    g = self.infl[e]
                    block = self.blocks[e]
                    delta = block[live[own]].max(axis=0) - block[before[own]].max(axis=0)
                    if delta.any():
                        bound[self.span(g)] += delta
                        check[g] = True
                before[own] = live[own]
            for g in map(int, np.flatnonzero(check)):
                seg = self.span(g)
                dead = live[seg] & (bound[seg] < threshold).any(axis=1)
                if dead.any():
                    live[seg] &= ~dead
                    count[g] -= int(dead.sum())
                    shrank[g] = True
                if count[g] == 0:
                    return False
            pending = True
            while pending:
                pending = False
                for g in range(len(count)):
                    if check[g] and count[g] == 1:
                        check[g] = False
                        if not self.backward(g, threshold, live, bound, count, shrank, check):
                            return False
                        pending = True
            check[:] = False
            todo = [int(g) for g in np.flatnonzero(shrank)]
            shrank[:] = False
            if not todo:
                return True

    def root(
        self, threshold: float, live: np.ndarray, bound: np.ndarray, count: np.ndarray
    ) -> bool:
        """Strike what cannot win with every domain full, then propagate; False: no solution."""
        struck = [g for g in range(len(count)) if (bound[self.span(g)] < threshold).any()]
        for g in struck:
            seg = self.span(g)
            dead = (bound[seg] < threshold).any(axis=1)
            live[seg] &= ~dead
            count[g] -= int(dead.sum())
        everything = np.ones(len(count), dtype=bool)
        return bool(count.min() > 0) and self.propagate(
            threshold, live, np.ones_like(live), bound, count, struck, everything
        )

    def backward(
        self,
        g: int,
        threshold: float,
        live: np.ndarray,
        bound: np.ndarray,
        count: np.ndarray,
        shrank: np.ndarray,
        check: np.ndarray,
    ) -> bool:
        """``g`` holds one variant: strike the influencers' variants it cannot afford."""
        seg = self.span(g)
        v = seg.start + int(np.argmax(live[seg]))
        vl = v - seg.start
        for r in range(bound.shape[1]):
            spare = bound[v, r] - threshold
            for k in range(self.in_ptr[g], self.in_ptr[g + 1]):
                i = int(self.in_src[k])
                own = self.span(i)
                f = self.blocks[self.in_edge[k]][:, vl, r]
                alive = live[own]
                best = f[alive].max()
                dead = alive & (best - f > spare)
                if dead.any():
                    live[own] &= ~dead
                    count[i] -= int(dead.sum())
                    shrank[i] = True
                    check[i] = True
                    if count[i] == 0:
                        return False
        return True


def search_numpy(
    offsets: np.ndarray,
    order: np.ndarray,
    net: tuple[Any, ...],
    root: np.ndarray,
    threshold: float,
    limits: np.ndarray,
) -> tuple[np.ndarray, int, int]:
    """Branch and bound with propagation, in NumPy; the twin of the Numba kernel.

    Parameters
    ----------
    offsets : (n + 1,) first matrix row of each descriptor
    order : the branching order of the descriptors
    net : (graph, dptr, diff, reach, rank) as :class:`detente.futures.search.Plan` gives them
        (the twin needs the first three)
    root : (V, A) the margin bounds with every domain full
    threshold : the smallest margin allowed, ``-k - tolerance``
    limits : (max_nodes or -1, max_solutions)

    Returns
    -------
    tuple[numpy.ndarray, int, int]
        The solutions as local indices, the nodes visited and the status, as the kernel gives.
    """
    graph, dptr, diff = net[0], net[1], net[2]
    n = len(offsets) - 1
    tables = _Tables(offsets, graph, dptr, diff, root.shape[1])
    live, bound, count = np.ones(root.shape[0], dtype=bool), root.copy(), np.diff(offsets)
    if not tables.root(threshold, live, bound, count):
        return np.zeros((0, n), np.int64), 0, 0
    first = _next_open(count, order)
    if first < 0:
        return _emit(live, offsets)[None], 0, 0
    found: list[np.ndarray] = []
    nodes = 0
    stack = [(live, bound, count, first, int(offsets[first]))]
    while stack:
        live, bound, count, t, u = stack.pop()
        seg = tables.span(t)
        live_here = np.flatnonzero(live[seg]) + seg.start
        later = live_here[live_here >= u]
        if not len(later):
            continue
        u = int(later[0])
        stack.append((live, bound, count, t, u + 1))
        nodes += 1
        if 0 <= limits[0] < nodes:
            return _stack(found, n), nodes, 1
        child_live, child_bound, child_count = live.copy(), bound.copy(), count.copy()
        child_live[seg] = np.arange(seg.start, seg.stop) == u
        child_count[t] = 1
        check = np.zeros(n, dtype=bool)
        check[t] = True
        if not tables.propagate(
            threshold, child_live, live.copy(), child_bound, child_count, [t], check
        ):
            continue
        nxt = _next_open(child_count, order)
        if nxt >= 0:
            stack.append((child_live, child_bound, child_count, nxt, int(offsets[nxt])))
        elif len(found) == limits[1]:
            return _stack(found, n), nodes, 2
        else:
            found.append(_emit(child_live, offsets))
    return _stack(found, n), nodes, 0


def _next_open(count: np.ndarray, order: np.ndarray) -> int:
    for j in order:
        if count[j] > 1:
            return int(j)
    return -1


def _emit(live: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    return np.array(
        [int(np.argmax(live[offsets[j] : offsets[j + 1]])) for j in range(len(offsets) - 1)],
        dtype=np.int64,
    )


def _stack(found: list[np.ndarray], n: int) -> np.ndarray:
    return np.array(found, dtype=np.int64).reshape(-1, n)

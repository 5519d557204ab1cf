"""Compiled (Numba) succession of the futures engine; :mod:`._jit` hands it out with the
search kernels.

The NumPy twin is :func:`detente.futures.succession.attractors_of`; the tests run both.
"""

import numba
import numpy as np


@numba.njit(cache=True, inline="always")
def _step(values, offsets, state, local_only, tolerance, out):
    """One succession step from ``state`` into ``out``; returns whether anything changed.

    Global succession moves every descriptor whose chosen variant is out-balanced to its best
    variant; local succession moves only the most out-balanced one (the first on ties).
    """
    n = state.shape[0]
    bal = np.zeros(values.shape[1])
    for i in range(n):
        bal += values[offsets[i] + state[i]]
    out[:] = state
    worst_gap = tolerance
    worst = -1
    worst_best = 0
    changed = False
    for j in range(n):
        best = offsets[j]
        for v in range(offsets[j] + 1, offsets[j + 1]):
            if bal[v] > bal[best]:
                best = v
        gap = bal[best] - bal[offsets[j] + state[j]]
        if gap <= tolerance:
            continue
        if not local_only:
            out[j] = best - offsets[j]
            changed = True
        elif gap > worst_gap:
            worst_gap, worst, worst_best = gap, j, best - offsets[j]
    if local_only and worst >= 0:
        out[worst] = worst_best
        changed = True
    return changed


@numba.njit(cache=True)
def attractors(values, offsets, starts, local_only, tolerance, max_steps):
    """Follow succession from every start to its attractor.

    Parameters
    ----------
    values : (V, V) the judgements
    offsets : (n + 1,) first matrix row of each descriptor
    starts : (m, n) the starts, local indices
    local_only : move only the most inconsistent descriptor per step (local succession)
    tolerance : balances closer than this count as equal
    max_steps : steps after which a start counts as unresolved

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]
        Per start: the attractor's smallest state (lexicographic), its period (1 for a
        consistent scenario, 0 when ``max_steps`` ran out first) and the steps taken to reach it.
    """
    m, n = starts.shape
    found = np.empty((m, n), np.int64)
    period = np.zeros(m, np.int64)
    steps = np.zeros(m, np.int64)
    path = np.empty((max_steps + 1, n), np.int64)
    nxt = np.empty(n, np.int64)
    for s in range(m):
        path[0] = starts[s]
        found[s] = starts[s]
        steps[s] = max_steps
        done = False
        for t in range(max_steps):
            if not _step(values, offsets, path[t], local_only, tolerance, nxt):
                found[s] = path[t]
                period[s] = 1
                steps[s] = t
                done = True
                break
            back = _seen(path, t, nxt)
            if back >= 0:
                best = back
                for k in range(back + 1, t + 1):
                    if _less(path[k], path[best]):
                        best = k
                found[s] = path[best]
                period[s] = t - back + 1
                steps[s] = back
                done = True
                break
            path[t + 1] = nxt
        if not done:
            found[s] = path[max_steps]
    return found, period, steps


@numba.njit(cache=True, inline="always")
def _seen(path, last, state):
    """The step at which ``state`` was visited before (up to ``last``), or -1."""
    for back in range(last, -1, -1):
        same = True
        for i in range(state.shape[0]):
            if path[back, i] != state[i]:
                same = False
                break
        if same:
            return back
    return -1


@numba.njit(cache=True, inline="always")
def _less(a, b):
    for i in range(a.shape[0]):
        if a[i] != b[i]:
            return a[i] < b[i]
    return False

"""Compiled (Numba) loops of the futures engine; imported only by :mod:`.kernels`.

Each kernel has a NumPy twin (:mod:`.search`, :mod:`.succession`) that gives the same answer;
the tests run both.
"""

import numba
import numpy as np

from detente.futures._jit_succession import attractors  # handed out with the search

__all__ = ["attractors", "search"]


@numba.njit(cache=True)
def _update(diff, rank, start, before, live, u0, nu, nv, width, bound, v0):
    """Move ``bound[v0 + v, r]`` from the max over ``before`` to the max over ``live`` of
    ``diff[start + (v * width + r) * nu + u]``, for the variants v still live (the bounds of
    struck variants are never read again below this node); whether any bound changed.

    ``rank`` lists each block's u from the largest entry down, so a max is the first u found
    in the domain (usually the first one looked at)."""
    changed = False
    for v in range(nv):
        if not live[v0 + v]:
            continue
        for r in range(width):
            at = start + (v * width + r) * nu
            q = 0
            while not before[u0 + rank[at + q]]:
                q += 1
            top = rank[at + q]
            if live[u0 + top]:
                continue  # the old max is still in the domain: nothing moves
            while not live[u0 + rank[at + q]]:
                q += 1
            bound[v0 + v, r] += diff[at + rank[at + q]] - diff[at + top]
            changed = True
    return changed


@numba.njit(cache=True)
def _strike(g, offsets, live, bound, count, threshold):
    """Strike the variants of ``g`` whose bound fell below the threshold; whether any was."""
    shrank = False
    for v in range(offsets[g], offsets[g + 1]):
        if live[v]:
            for r in range(bound.shape[1]):
                if bound[v, r] < threshold:
                    live[v] = False
                    count[g] -= 1
                    shrank = True
                    break
    return shrank


@numba.njit(cache=True)
def _backward(g, offsets, net, threshold, live, bound, count, shrank, check):
    """``g`` holds one variant v: strike each influencer's variants that would cost v more
    margin over some rival than v has to spare. Returns False when a domain empties.

    ``reach[v, r]`` is the most any one influence can cost v over rival r; with more to spare
    nothing can be struck, and the influences are not looked at."""
    graph, dptr, diff, reach, rank = net
    in_ptr, in_edge, in_src = graph[2], graph[3], graph[4]
    width = bound.shape[1]
    v = offsets[g]
    while not live[v]:
        v += 1
    vl = v - offsets[g]
    for r in range(width):
        spare = bound[v, r] - threshold
        if spare >= reach[v, r]:
            continue
        for k in range(in_ptr[g], in_ptr[g + 1]):
            i = in_src[k]
            u0, nu = offsets[i], offsets[i + 1] - offsets[i]
            at = dptr[in_edge[k]] + (vl * width + r) * nu
            q = 0
            while not live[u0 + rank[at + q]]:
                q += 1
            best = diff[at + rank[at + q]]
            for u in range(nu):
                if live[u0 + u] and best - diff[at + u] > spare:
                    live[u0 + u] = False
                    count[i] -= 1
                    shrank[i] = True
                    check[i] = True
                    if count[i] == 0:
                        return False
    return True


@numba.njit(cache=True)
def _propagate(offsets, net, threshold, live, before, bound, count, todo, k, check):
    """Propagate to a fixpoint after the domains of ``todo[:k]`` shrank (their old domains are
    in ``before``): tighten the bounds of the descriptors they influence and strike what can
    no longer win (forward); for every descriptor down to one variant, strike the influencers'
    variants it cannot afford (backward). ``check`` flags descriptors whose bounds or domain
    changed (to look at); it is all False on return.

    ``net`` = (graph, dptr, diff, reach, rank) with ``graph`` = (infl_ptr, infl, in_ptr,
    in_edge, in_src). Returns False when a domain empties.
    """
    graph, dptr, diff, _, rank = net
    infl_ptr, infl = graph[0], graph[1]
    n = offsets.shape[0] - 1
    width = bound.shape[1]
    shrank = np.zeros(n, np.bool_)
    while True:
        for c in range(k):
            i = todo[c]
            u0, nu = offsets[i], offsets[i + 1] - offsets[i]
            for e in range(infl_ptr[i], infl_ptr[i + 1]):
                g = infl[e]
                v0, nv = offsets[g], offsets[g + 1] - offsets[g]
                if _update(diff, rank, dptr[e], before, live, u0, nu, nv, width, bound, v0):
                    check[g] = True
            for u in range(u0, u0 + nu):
                before[u] = live[u]
        for g in range(n):
            if check[g]:
                if _strike(g, offsets, live, bound, count, threshold):
                    shrank[g] = True
                if count[g] == 0:
                    return False
        if not _settle(offsets, net, threshold, live, bound, count, shrank, check):
            return False
        k = 0
        for g in range(n):
            check[g] = False
            if shrank[g]:
                todo[k] = g
                k += 1
                shrank[g] = False
        if k == 0:
            return True


@numba.njit(cache=True)
def _settle(offsets, net, threshold, live, bound, count, shrank, check):
    """The backward rule on every flagged descriptor down to one variant, until none is left
    (a strike can bring an influence down to one variant, which is then looked at too)."""
    pending = True
    while pending:
        pending = False
        for g in range(offsets.shape[0] - 1):
            if check[g] and count[g] == 1:
                check[g] = False
                if not _backward(g, offsets, net, threshold, live, bound, count, shrank, check):
                    return False
                pending = True
    return True


@numba.njit(cache=True)
def _next_open(count, rank_order):
    """The first descriptor in the static order with more than one variant left, or -1."""
    for j in rank_order:
        if count[j] > 1:
            return j
    return -1


@numba.njit(cache=True)
def _emit(live, offsets, out):
    for j in range(offsets.shape[0] - 1):
        for v in range(offsets[j], offsets[j + 1]):
            if live[v]:
                out[j] = v - offsets[j]
                break


@numba.njit(cache=True)
def search(offsets, order, net, root, threshold, limits):
    """Branch and bound with propagation; see :func:`detente.futures.search.solve`.

    Parameters
    ----------
    offsets : (n + 1,) first matrix row of each descriptor
    order : the branching order of the descriptors
    net : (graph, dptr, diff, reach, rank) from :class:`detente.futures.search.Plan`
    root : (V, A) the margin bounds with every domain full
    threshold : the smallest margin allowed, ``-k - tolerance``
    limits : (max_nodes or -1, max_solutions)

    Returns
    -------
    tuple[numpy.ndarray, int, int]
        The solutions as local indices, the nodes visited, and the status (0 complete, 1 node
        limit hit, 2 solution limit hit).
    """
    n = offsets.shape[0] - 1
    size = root.shape[0]
    live = np.ones((n + 1, size), np.bool_)
    bound = np.empty((n + 1, size, root.shape[1]))
    count = np.empty((n + 1, n), np.int64)
    before = np.ones(size, np.bool_)
    todo = np.empty(n, np.int64)
    check = np.ones(n, np.bool_)
    found = np.empty((16, n), np.int64)
    which = np.full(n + 1, -1, np.int64)
    pos = np.zeros(n + 1, np.int64)
    nfound = nodes = 0
    bound[0] = root
    if not _root(offsets, net, threshold, live[0], before, bound[0], count[0], todo, check):
        return found[:0], nodes, 0
    which[0] = _next_open(count[0], order)
    if which[0] < 0:
        _emit(live[0], offsets, found[0])
        return found[:1], nodes, 0
    pos[0] = offsets[which[0]]
    d = 0
    while d >= 0:
        t = which[d]
        u = pos[d]
        while u < offsets[t + 1] and not live[d, u]:
            u += 1
        if u >= offsets[t + 1]:
            d -= 1
            continue
        pos[d] = u + 1
        nodes += 1
        if limits[0] >= 0 and nodes > limits[0]:
            return found[:nfound], nodes, 1
        _child(d, t, u, offsets, live, bound, count, before, todo, check)
        if not _propagate(
            offsets,
            net,
            threshold,
            live[d + 1],
            before,
            bound[d + 1],
            count[d + 1],
            todo,
            1,
            check,
        ):
            continue
        nxt = _next_open(count[d + 1], order)
        if nxt >= 0:
            d += 1
            which[d] = nxt
            pos[d] = offsets[nxt]
        elif nfound == limits[1]:
            return found[:nfound], nodes, 2
        else:
            found = _keep(found, nfound, live[d + 1], offsets)
            nfound += 1
    return found[:nfound], nodes, 0


@numba.njit(cache=True)
def _root(offsets, net, threshold, live, before, bound, count, todo, check):
    """Full domains; strike what cannot win even so, then propagate. False: no solution."""
    for j in range(count.shape[0]):
        count[j] = offsets[j + 1] - offsets[j]
    k = _strike_all(offsets, live, bound, count, threshold, todo)
    if count.min() == 0:
        return False
    return _propagate(offsets, net, threshold, live, before, bound, count, todo, k, check)


@numba.njit(cache=True)
def _child(d, t, u, offsets, live, bound, count, before, todo, check):
    """Set up depth d + 1: the state of depth d with descriptor ``t`` fixed to variant ``u``."""
    live[d + 1] = live[d]
    bound[d + 1] = bound[d]
    count[d + 1] = count[d]
    before[:] = live[d]
    for x in range(offsets[t], offsets[t + 1]):
        live[d + 1, x] = x == u
    count[d + 1, t] = 1
    todo[0] = t
    check[:] = False
    check[t] = True


@numba.njit(cache=True)
def _keep(found, nfound, live, offsets):
    """Store the solution that ``live`` holds at row ``nfound``, growing ``found`` if full."""
    if nfound == found.shape[0]:
        grown = np.empty((2 * nfound, found.shape[1]), np.int64)
        grown[:nfound] = found
        found = grown
    _emit(live, offsets, found[nfound])
    return found


@numba.njit(cache=True)
def _strike_all(offsets, live, bound, count, threshold, todo):
    """At the root: strike every variant whose full-domain bound fails; returns how many
    descriptors shrank (listed in ``todo``)."""
    k = 0
    for g in range(offsets.shape[0] - 1):
        shrank = False
        for v in range(offsets[g], offsets[g + 1]):
            for r in range(bound.shape[1]):
                if bound[v, r] < threshold:
                    live[v] = False
                    count[g] -= 1
                    shrank = True
                    break
        if shrank:
            todo[k] = g
            k += 1
    return k

"""Exact search: every scenario whose inconsistency is at most k, by branch and bound.

The product of all variants is never walked. Each descriptor keeps a *domain*: the variants it
could still take. For every variant ``v`` and rival ``b`` of the same descriptor the search keeps
an upper bound on the final margin ``balance(v) - balance(b)``: the sum, over the other
descriptors, of the largest margin any variant left in their domain gives ``v`` over ``b``.
Two rules narrow the domains until neither applies (constraint propagation; Mackworth 1977):

- *forward*: a variant whose bound against some rival falls below ``-k`` cannot end within k,
  and is struck;
- *backward*: once a descriptor holds a single variant ``v``, a variant ``u`` of one of its
  influences that would cost ``v`` more margin over a rival than ``v`` has to spare is struck
  (bounds consistency on the linear constraint ``margin >= -k``).

The search then branches on the first open descriptor in a fixed order
(:func:`descriptor_order`). When every domain holds one variant the bounds are the exact
margins, so what survives is exactly the set wanted. This is branch and bound (Land & Doig 1960)
on Weimer-Jehle's (2006) consistency condition.

References
----------
Land, A. H., & Doig, A. G. (1960). An automatic method of solving discrete programming problems.
Econometrica 28(3), 497-520.
Mackworth, A. K. (1977). Consistency in networks of relations. Artificial Intelligence 8(1),
99-118.
Weimer-Jehle, W. (2006). Cross-impact balances: a system-theoretical approach to cross-impact
analysis. Technological Forecasting and Social Change 73(4), 334-361.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.errors import ModelError
from detente.futures.kernels import choose
from detente.futures.matrix import CrossImpactMatrix
from detente.futures.propagation import search_numpy
from detente.futures.scores import TOLERANCE, score
from detente.futures.solution import SolutionSet

MAX_TABLE = 20_000_000  # entries of the margin tables (160 MB): beyond, refuse with the fix
MAX_SOLUTIONS = 1_000_000
STATUS = {0: "complete", 1: "stopped at the node limit", 2: "stopped at the solution limit"}


@dataclass(frozen=True)
class Plan:
    """The tables the search reads, built once per matrix.

    Attributes
    ----------
    order : (n,) the order in which open descriptors are branched on
    infl_ptr, infl : the descriptors each descriptor influences (CSR: ``infl[infl_ptr[i]:...]``);
        the e-th entry is the influence ``e``
    in_ptr, in_edge, in_src : the influences on each descriptor (CSR over targets): their
        numbers ``e`` and their sources
    dptr, diff : for the e-th influence i -> g, ``diff[dptr[e]:]`` holds, for each variant v of
        g, rival ``alt[v, r]`` and variant u of i (in that nesting), the margin
        ``C[u, v] - C[u, alt[v, r]]``
    alt : (V, A) for each variant, the other variants of its descriptor (padded with itself)
    rank : laid out like ``diff``: in each (v, r) block the u from the largest margin down
    reach : (V, A) the most margin over rival ``alt[v, r]`` that any one influence can cost v
    root : (V, A) the margin bounds with every domain full (self-impact included exactly)
    """

    order: np.ndarray
    infl_ptr: np.ndarray
    infl: np.ndarray
    in_ptr: np.ndarray
    in_edge: np.ndarray
    in_src: np.ndarray
    dptr: np.ndarray
    diff: np.ndarray
    rank: np.ndarray
    alt: np.ndarray
    reach: np.ndarray
    root: np.ndarray

    @property
    def graph(self) -> tuple[np.ndarray, ...]:
        """(infl_ptr, infl, in_ptr, in_edge, in_src), as the search kernels take it."""
        return (self.infl_ptr, self.infl, self.in_ptr, self.in_edge, self.in_src)


def section_weights(matrix: CrossImpactMatrix) -> np.ndarray:
    """Sum of absolute judgements of each descriptor on each other one.

    Parameters
    ----------
    matrix : the cross-impact matrix

    Returns
    -------
    numpy.ndarray
        (n, n), diagonal 0.
    """
    o = matrix.offsets
    parts = np.add.reduceat(np.abs(matrix.values), o[:-1], axis=0)
    weights = np.add.reduceat(parts, o[:-1], axis=1)
    np.fill_diagonal(weights, 0.0)
    return weights


def descriptor_order(matrix: CrossImpactMatrix) -> np.ndarray:
    """A greedy branching order that closes judgement sections early.

    First the descriptor with the most weight of judgements on others. Then, repeatedly, the
    one that settles most: the share of each placed descriptor's still-open incoming weight it
    supplies, plus the share of its own incoming weight that is already placed. A descriptor
    whose influences are all placed has a bound equal to its exact balance, which is where
    the search cuts.

    Parameters
    ----------
    matrix : the cross-impact matrix

    Returns
    -------
    numpy.ndarray
        (n,) descriptor indices in branching order.
    """
    w = section_weights(matrix)
    n = len(matrix.descriptors)
    incoming = np.maximum(w.sum(axis=0), 1e-12)
    placed = [int(np.argmax(w.sum(axis=1)))]
    open_ = np.ones(n, dtype=bool)
    open_[placed[0]] = False
    while open_.any():
        p = np.array(placed)
        still_open = np.maximum(w[open_].sum(axis=0), 1e-12)
        settles = (w[:, p] / still_open[p]).sum(axis=1) + w[p].sum(axis=0) / incoming
        nxt = int(np.argmax(np.where(open_, settles, -np.inf)))
        placed.append(nxt)
        open_[nxt] = False
    return np.array(placed, dtype=np.int64)


def rivals(matrix: CrossImpactMatrix) -> np.ndarray:
    """The other variants of each variant's descriptor, padded with the variant itself.

    Parameters
    ----------
    matrix : the cross-impact matrix

    Returns
    -------
    numpy.ndarray
        (V, A) matrix rows, A the largest number of variants less one.
    """
    size, o = matrix.n_variants, matrix.offsets
    width = max(1, int(matrix.sizes.max()) - 1)
    alt = np.repeat(np.arange(size, dtype=np.int64)[:, None], width, axis=1)
    for j in range(len(matrix.descriptors)):
        for a in range(o[j], o[j + 1]):
            others = [b for b in range(o[j], o[j + 1]) if b != a]
            alt[a, : len(others)] = others
    return alt


def plan(matrix: CrossImpactMatrix, order: np.ndarray | None = None) -> Plan:
    """The search tables for a matrix.

    Parameters
    ----------
    matrix : the cross-impact matrix
    order : the branching order (default: :func:`descriptor_order`)

    Returns
    -------
    Plan
        The margin blocks, their ranks, the influence graph and the root bounds.
    """
    n, size = len(matrix.descriptors), matrix.n_variants
    order = descriptor_order(matrix) if order is None else np.asarray(order, dtype=np.int64)
    if sorted(order.tolist()) != list(range(n)):
        raise ModelError(f"order must list each of the {n} descriptors once")
    alt = rivals(matrix)
    if size * size * alt.shape[1] > MAX_TABLE:
        raise ModelError(
            f"{matrix.source}: {n} descriptors with {size} variants are too many for the exact "
            "search's margin tables (fix: use the Monte Carlo search)"
        )
    o, c = matrix.offsets, matrix.values
    w = section_weights(matrix)
    # margins[u, v, r] = C[u, v] - C[u, alt[v, r]]
    margins = c[:, :, None] - c[:, alt]
    infl_lists = [np.flatnonzero(w[i]) for i in range(n)]
    infl_ptr = np.concatenate([[0], np.cumsum([len(x) for x in infl_lists])]).astype(np.int64)
    infl = np.concatenate([*infl_lists, np.zeros(0, np.int64)]).astype(np.int64)
    blocks = [  # laid out (v, r, u): the search takes maxima over u
        margins[o[i] : o[i + 1], o[g] : o[g + 1]].transpose(1, 2, 0)
        for i in range(n)
        for g in infl_lists[i]
    ]
    ranks = [np.argsort(-b, axis=-1, kind="stable").ravel() for b in blocks]
    blocks = [b.ravel() for b in blocks]
    dptr = np.concatenate([[0], np.cumsum([len(b) for b in blocks])]).astype(np.int64)
    diff = np.concatenate([*blocks, np.zeros(0)])
    rank = np.concatenate([*ranks, np.zeros(0, np.int64)]).astype(np.int64)
    root = margins[np.arange(size), np.arange(size)].copy()  # self-impact, exact
    reach = np.zeros_like(root)
    for i in range(n):
        for g in infl_lists[i]:
            block = margins[o[i] : o[i + 1], o[g] : o[g + 1]]
            root[o[g] : o[g + 1]] += block.max(axis=0)
            reach[o[g] : o[g + 1]] = np.maximum(
                reach[o[g] : o[g + 1]], block.max(axis=0) - block.min(axis=0)
            )
    sources = np.repeat(np.arange(n, dtype=np.int64), np.diff(infl_ptr))
    by_target = np.argsort(infl, kind="stable").astype(np.int64)
    in_ptr = np.concatenate([[0], np.cumsum(np.bincount(infl, minlength=n))]).astype(np.int64)
    return Plan(
        order,
        infl_ptr,
        infl,
        in_ptr,
        by_target,
        sources[by_target],
        dptr[:-1],
        diff,
        rank,
        alt,
        reach,
        root,
    )


def solve(
    matrix: CrossImpactMatrix,
    max_inconsistency: float = 0.0,
    method: str = "auto",
    max_nodes: int | None = None,
    max_solutions: int = MAX_SOLUTIONS,
    order: np.ndarray | None = None,
) -> SolutionSet:
    """Every scenario with inconsistency at most ``max_inconsistency``, found exactly.

    Parameters
    ----------
    matrix : the cross-impact matrix
    max_inconsistency : k; 0 (the default) gives the consistent scenarios
    method : 'auto' (Numba when installed), 'numba' or 'numpy'
    max_nodes : stop after visiting this many nodes (the set is then marked incomplete)
    max_solutions : stop after finding this many scenarios (marked incomplete)
    order : the order descriptors are assigned in (default: :func:`descriptor_order`)

    Returns
    -------
    SolutionSet
        The scenarios sorted by inconsistency, then total impact score (highest first), with
        the nodes the search visited.
    """
    if max_inconsistency < 0:
        raise ModelError(f"max inconsistency must be 0 or more, not {max_inconsistency}")
    tables = plan(matrix, order)
    threshold = -float(max_inconsistency) - TOLERANCE
    limits = np.array([-1 if max_nodes is None else max_nodes, max_solutions], dtype=np.int64)
    kernels = choose(method)
    run = search_numpy if kernels is None else kernels.search
    net = (tables.graph, tables.dptr, tables.diff, tables.reach, tables.rank)
    found, nodes, status = run(matrix.offsets, tables.order, net, tables.root, threshold, limits)
    scored = score(matrix, found)
    return SolutionSet.sorted(
        matrix,
        scored,
        max_inconsistency=float(max_inconsistency),
        method="exact",
        nodes=int(nodes),
        complete=int(status) == 0,
        note="" if int(status) == 0 else STATUS[int(status)],
    )


def brute_force(matrix: CrossImpactMatrix, max_inconsistency: float = 0.0) -> np.ndarray:
    """Every scenario within ``max_inconsistency``, by walking the whole product (tests only).

    Parameters
    ----------
    matrix : a small cross-impact matrix
    max_inconsistency : k

    Returns
    -------
    numpy.ndarray
        (m, n) local indices in lexicographic order.
    """
    grids = np.meshgrid(*[np.arange(s) for s in matrix.sizes], indexing="ij")
    local = np.stack([g.ravel() for g in grids], axis=1)
    keep = score(matrix, local).inconsistency <= max_inconsistency + TOLERANCE
    return local[keep]

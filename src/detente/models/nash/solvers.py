"""Nash and Kalai-Smorodinsky solutions of a batch of bargaining problems, on 0-100 scales.

Utilities are salience-weighted linear losses, ``U_a(z) = -sum_i s_ai |z_i - x_ai|``, and ``d_a``
is the disagreement value. With ``t_ai >= |z_i - x_ai|`` every utility is linear, so each
question is a programme of the one shape solved by :mod:`.ipm`, for all problems at once:

- phase one: the largest ``lam`` with ``U_a(z) - d_a >= lam w_a`` for every actor (``w_a`` its
  largest possible loss): some outcome beats disagreement for everybody iff ``lam > 0``;
- ideal utilities ``U*_a``: the most actor ``a`` can get while nobody falls below ``d``
  (n linear programmes per problem, batched too);
- Kalai-Smorodinsky: the largest equal share of every ideal gain ``U*_a - d_a``, then, at that
  share, the largest total share (so the point is Pareto efficient);
- Nash: the maximum of ``sum_a e_a log(U_a(z) - d_a)``, made exact by :func:`polish`.

Arrays: ``x``, ``s`` (B, n, m); ``d``, ``power`` (B, n); outcomes (B, m).

References
----------
Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155-162.
Kalai, E. & Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem. Econometrica
43(3), 513-518.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from detente.models.nash.barrier import solve_nash
from detente.models.nash.ipm import Program, solve
from detente.models.nash.polish import polish

FEASIBLE = 1e-9  # a share of gain at most this counts as none (disagreement stands)
GOOD_GUESS = 1e-3  # a simple compromise with this share of gain for all needs no phase one
CELLS = 400_000  # problems x actors x issues per interior-point call (bounds its memory)


def utility(x: np.ndarray, s: np.ndarray, z: np.ndarray) -> np.ndarray:
    """U_a(z) = -sum_i s_ai |z_i - x_ai| for every problem and actor.

    Parameters
    ----------
    x, s : (B, n, m) ideal points on 0-100 scales and saliences
    z : (B, m) outcomes

    Returns
    -------
    numpy.ndarray
        (B, n) utilities.
    """
    return -(s * np.abs(z[:, None, :] - x)).sum(axis=-1)


def _program(
    x: np.ndarray,
    s: np.ndarray,
    g0: np.ndarray,
    w: np.ndarray | None = None,
    cost_t: np.ndarray | None = None,
    cost_l: float = 0.0,
    lam: tuple[float, float] = (0.0, 1.0),
    power: np.ndarray | None = None,
) -> Program:
    b = x.shape[0]
    return Program(
        x=x,
        s=s,
        g0=g0,
        w=np.zeros(g0.shape) if w is None else w,
        cost_t=np.zeros(x.shape) if cost_t is None else cost_t,
        cost_l=np.full(b, cost_l),
        lam_lo=np.full(b, lam[0]),
        lam_hi=np.full(b, lam[1]),
        power=power,
    )


def _chunked(fn: Callable[..., np.ndarray], *arrays: np.ndarray, cells: int = CELLS) -> np.ndarray:
    """fn over slices of the batch axis, so that one call holds at most ``cells`` cells."""
    b = arrays[0].shape[0]
    size = max(1, cells // max(1, arrays[0][0].size))
    if b <= size:
        return fn(*arrays)
    return np.concatenate([fn(*(a[lo : lo + size] for a in arrays)) for lo in range(0, b, size)])


def phase_one(x: np.ndarray, s: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Outcomes z that give every actor the largest share of its largest possible loss above d.

    Feasible (some outcome beats disagreement for all) where that share, see :func:`shares`, is
    above FEASIBLE. An actor that cares about nothing can never gain, so it makes every problem
    it is in infeasible.

    Parameters
    ----------
    x, s : (B, actors, issues) positions and saliences
    d : (B, actors) disagreement values

    Returns
    -------
    numpy.ndarray
        (B, issues) outcomes.
    """

    def one(x: np.ndarray, s: np.ndarray, d: np.ndarray) -> np.ndarray:
        scale = 100.0 * s.sum(axis=-1)
        w = np.where(scale > 0, scale, 1.0)
        return solve(_program(x, s, -d, w=w, cost_l=-1.0, lam=(-2.0, 2.0))).z

    return _chunked(one, x, s, d)


def shares(
    x: np.ndarray, s: np.ndarray, d: np.ndarray, z: np.ndarray, span: np.ndarray
) -> np.ndarray:
    """min_a (U_a(z) - d_a) / span_a per problem (0 where some span is not positive).

    Parameters
    ----------
    x, s : (B, actors, issues) positions and saliences
    d : (B, actors) disagreement values
    z : (B, issues) outcomes
    span : (B, actors) each actor's largest possible gain

    Returns
    -------
    numpy.ndarray
        (B,) the smallest share per problem.
    """
    ok = span > 0
    ratio = (utility(x, s, z) - d) / np.where(ok, span, 1.0)
    return np.where(ok.all(axis=1), ratio.min(axis=1), 0.0)


def feasible(x: np.ndarray, s: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Whether some outcome beats disagreement for every actor, and such an outcome.

    Simple compromises (the mean, the salience-weighted mean and the median of the ideal points
    on every issue) settle most problems; phase one solves the rest.

    Parameters
    ----------
    x, s : (B, n, m) ideal points on 0-100 scales and saliences
    d : (B, n) disagreement values

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        (B,) True where some outcome gives every actor more than d (by more than FEASIBLE of its
        largest possible loss), and (B, m) such an outcome (the best one found).
    """
    scale = 100.0 * s.sum(axis=-1)
    weight = s.sum(axis=1)
    guesses = [
        x.mean(axis=1),
        np.where(weight > 0, (s * x).sum(axis=1) / np.where(weight > 0, weight, 1.0), 50.0),
        np.median(x, axis=1),
    ]
    share = np.stack([shares(x, s, d, g, scale) for g in guesses])
    best = share.argmax(axis=0)
    z = np.stack(guesses)[best, np.arange(len(x))]
    hard = np.flatnonzero(share.max(axis=0) <= GOOD_GUESS)
    if hard.size:
        z[hard] = phase_one(x[hard], s[hard], d[hard])
    return shares(x, s, d, z, scale) > FEASIBLE, z


def ideal_utilities(x: np.ndarray, s: np.ndarray, d: np.ndarray) -> np.ndarray:
    """U*_a: the most each actor can get while every actor keeps at least its d: (B, n).

    Solved as n linear programmes per problem in one batch; call only for feasible problems. On
    one issue the outcomes that keep everybody at its d form an interval, and U*_a is the
    utility of the point of it nearest to a's position.

    Parameters
    ----------
    x, s : (B, n, m) ideal points on 0-100 scales and saliences
    d : (B, n) disagreement values

    Returns
    -------
    numpy.ndarray
        (B, n) ideal utilities.

    References
    ----------
    Kalai, E. & Smorodinsky, M. (1975), see the module.
    """
    b, n, m = x.shape
    if m == 1:
        with np.errstate(divide="ignore"):
            reach = np.where(s[..., 0] > 0, -d / s[..., 0], np.inf)
        low = np.maximum(0.0, (x[..., 0] - reach).max(axis=1, keepdims=True))
        high = np.minimum(100.0, (x[..., 0] + reach).min(axis=1, keepdims=True))
        return -s[..., 0] * np.abs(np.clip(x[..., 0], low, high) - x[..., 0])

    def one(x: np.ndarray, s: np.ndarray, d: np.ndarray, own: np.ndarray) -> np.ndarray:
        return solve(_program(x, s, -d, cost_t=own)).z

    rep = lambda a: np.repeat(a, n, axis=0)  # noqa: E731  (problem, actor) pairs
    own = (np.tile(np.eye(n), (b, 1))[:, :, None] * rep(s)).reshape(b * n, n, m)
    z = _chunked(one, rep(x), rep(s), rep(d), own)
    u = utility(rep(x), rep(s), z).reshape(b, n, n)
    return np.einsum("baa->ba", u)


def kalai_smorodinsky(x: np.ndarray, s: np.ndarray, d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The outcome giving every actor the largest equal share of its ideal gain, and that share.

    Among outcomes reaching that share the one with the largest total share is taken. Where no
    outcome beats disagreement for all, the share is 0 and the outcome the plain mean of the
    ideal points (a placeholder).

    Parameters
    ----------
    x, s : (B, n, m) ideal points on 0-100 scales and saliences
    d : (B, n) disagreement values

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        (B, m) outcomes and (B,) the equal share of ideal gain each actor gets.

    References
    ----------
    Kalai, E. & Smorodinsky, M. (1975), see the module.
    """
    ok, _ = feasible(x, s, d)
    z = x.mean(axis=1)
    share = np.zeros(len(x))
    if not ok.any():
        return z, share
    xs, ss, ds = x[ok], s[ok], d[ok]
    span = ideal_utilities(xs, ss, ds) - ds
    good = span.min(axis=1) > FEASIBLE
    span = np.where(span > 0, span, 1.0)

    def first(x: np.ndarray, s: np.ndarray, d: np.ndarray, span: np.ndarray) -> np.ndarray:
        return solve(_program(x, s, -d, w=span, cost_l=-1.0, lam=(-1.0, 1.0))).z

    def second(x: np.ndarray, s: np.ndarray, d: np.ndarray, span: np.ndarray) -> np.ndarray:
        reach = shares(x, s, d, _chunked(first, x, s, d, span), span)
        g0 = -d - (reach - FEASIBLE)[:, None] * span
        return solve(_program(x, s, g0, cost_t=s / span[:, :, None])).z

    best = _chunked(second, xs, ss, ds, span)
    got = shares(xs, ss, ds, best, span)
    good &= got > FEASIBLE
    idx = np.flatnonzero(ok)[good]
    z[idx], share[idx] = best[good], got[good]
    return z, share


def nash(
    x: np.ndarray, s: np.ndarray, d: np.ndarray, power: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """argmax sum_a e_a log(U_a(z) - d_a) of every problem, and whether it exists.

    Where no outcome beats disagreement for all, the outcome is the plain mean of the ideal
    points (a placeholder) and the second value False.

    Parameters
    ----------
    x, s : (B, n, m) ideal points on 0-100 scales and saliences
    d : (B, n) disagreement values
    power : (B, n) exponents e_a of the Nash product

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        (B, m) outcomes and (B,) whether each problem has one better than disagreement for all.

    References
    ----------
    Nash, J. F. (1950), see the module.
    """
    ok, inner = feasible(x, s, d)
    z = x.mean(axis=1)
    if ok.any():

        def one(
            x: np.ndarray, s: np.ndarray, d: np.ndarray, e: np.ndarray, start: np.ndarray
        ) -> np.ndarray:
            return solve_nash(_program(x, s, -d, power=e), start)

        rough = _chunked(one, x[ok], s[ok], d[ok], power[ok], inner[ok])
        rough = np.clip(rough, 0.0, 100.0)
        z[ok] = polish(x[ok], s[ok], d[ok], power[ok], rough)
    return z, ok

"""A batched primal-dual interior-point method for the bargaining programmes of :mod:`.solvers`.

Every programme of the nash model has one shape, for a batch of ``B`` independent problems with
``n`` actors and ``m`` issues on 0-100 scales. Its variables are the outcome ``z`` (m), the
distances ``t`` (n x m) and one scalar ``lam``; its constraints (rows) come in families:

    p:   z_i - t_ai <= x_ai          q:  -z_i - t_ai <= -x_ai     (so t_ai >= |z_i - x_ai|)
    t:   t_ai <= 200                 lo: -z_i <= 0                hi: z_i <= 100
    g:   sum_i s_ai t_ai + w_a lam <= g0_a                        (utility rows: U_a >= ...)
    llo: -lam <= -lam_lo             lhi: lam <= lam_hi

The objective is linear, ``cost_t . t + cost_l lam``; with ``power`` given, :mod:`.barrier`
minimises the Nash objective ``-sum_a power_a log(slack of row g_a)`` over the same rows. Linear
programmes are solved by Mehrotra's predictor-corrector primal-dual iteration (Wright 1997,
ch. 10). Its Newton systems are never formed whole: t is eliminated actor by actor (a diagonal
plus rank one block each), leaving a system in (z, lam) that is a diagonal plus rank n, solved
densely when small and by the Woodbury identity otherwise, so a step costs O(B n m).

References
----------
Wright, S. J. (1997). Primal-Dual Interior-Point Methods. SIAM.
Mehrotra, S. (1992). On the implementation of a primal-dual interior point method. SIAM Journal
on Optimization 2(4), 575-601.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from detente.models.nash.linalg import Rows, normal_solve

T_MAX = 200.0  # no distance on a 0-100 scale exceeds 100: a bound that never binds
STEP = 0.995  # fraction of the way to the boundary a step may go
STALL = 1e-7  # below this merit, four steps without progress end the iteration


@dataclass(frozen=True)
class Program:
    """A batch of programmes of the shape above; arrays lead with the batch axis B."""

    x: np.ndarray  # (B, n, m) ideal points on 0-100
    s: np.ndarray  # (B, n, m) saliences: coefficients of t in the utility rows
    g0: np.ndarray  # (B, n) right-hand sides of the utility rows (-d_a, or less)
    w: np.ndarray  # (B, n) coefficients of lam in the utility rows
    cost_t: np.ndarray  # (B, n, m)
    cost_l: np.ndarray  # (B,)
    lam_lo: np.ndarray  # (B,)
    lam_hi: np.ndarray  # (B,)
    power: np.ndarray | None = None  # (B, n): the Nash objective's powers (see .barrier)

    def take(self, idx: np.ndarray) -> Program:
        """The programmes ``idx`` (indices or a mask) of the batch.

        Parameters
        ----------
        idx : indices or a boolean mask over the batch

        Returns
        -------
        Program
            The selected programmes.
        """
        return Program(
            x=self.x[idx],
            s=self.s[idx],
            g0=self.g0[idx],
            w=self.w[idx],
            cost_t=self.cost_t[idx],
            cost_l=self.cost_l[idx],
            lam_lo=self.lam_lo[idx],
            lam_hi=self.lam_hi[idx],
            power=None if self.power is None else self.power[idx],
        )

    def bounds(self) -> Rows:
        """Right-hand side of every row.

        Returns
        -------
        dict[str, numpy.ndarray]
            b, family by family.
        """
        b, _, m = self.x.shape
        return {
            "p": self.x,
            "q": -self.x,
            "t": np.full_like(self.x, T_MAX),
            "lo": np.zeros((b, m)),
            "hi": np.full((b, m), 100.0),
            "g": self.g0,
            "llo": -self.lam_lo,
            "lhi": self.lam_hi,
        }

    def apply(self, z: np.ndarray, t: np.ndarray, lam: np.ndarray) -> Rows:
        """A v for v = (z, t, lam), family by family.

        Parameters
        ----------
        z : (B, m) outcomes
        t : (B, n, m) the absolute-value slacks
        lam : (B,) the level

        Returns
        -------
        dict[str, numpy.ndarray]
            A v, family by family.
        """
        zz = z[:, None, :]
        return {
            "p": zz - t,
            "q": -zz - t,
            "t": t,
            "lo": -z,
            "hi": z,
            "g": np.einsum("bnm,bnm->bn", self.s, t) + self.w * lam[:, None],
            "llo": -lam,
            "lhi": lam,
        }

    def transpose(self, y: Rows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """A^T y as (z, t, lam) parts.

        Parameters
        ----------
        y : one array per family of rows

        Returns
        -------
        tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]
            The z, t and lam parts of A^T y.
        """
        rz = (y["p"] - y["q"]).sum(axis=1) - y["lo"] + y["hi"]
        rt = y["t"] - y["p"] - y["q"] + self.s * y["g"][:, :, None]
        rl = (self.w * y["g"]).sum(axis=1) - y["llo"] + y["lhi"]
        return rz, rt, rl


@dataclass(frozen=True)
class Solution:
    """The optimum of every programme and whether the iteration reached the tolerance."""

    z: np.ndarray  # (B, m)
    t: np.ndarray  # (B, n, m)
    lam: np.ndarray  # (B,)
    converged: np.ndarray  # (B,) bool
    iterations: int


def _direction(
    prog: Program, s: Rows, y: Rows, rp: Rows, rc: Rows, rd: tuple[np.ndarray, ...]
) -> tuple[tuple[np.ndarray, np.ndarray, np.ndarray], Rows, Rows]:
    """Newton direction (dv, ds, dy) for residuals rp = Av + s - b, rc = s y - target, rd."""
    d = {f: y[f] / s[f] for f in s}
    q = {f: d[f] * rp[f] - rc[f] / s[f] for f in s}
    qz, qt, ql = prog.transpose(q)
    rhs = (-rd[0] - qz, -rd[1] - qt, -rd[2] - ql)
    dv = normal_solve(prog, d, *rhs)
    adv = prog.apply(*dv)
    ds = {f: -rp[f] - adv[f] for f in s}
    dy = {f: (-rc[f] - y[f] * ds[f]) / s[f] for f in s}
    return dv, ds, dy


def _batch_min(rows: Rows) -> np.ndarray:
    return np.min([r.reshape(r.shape[0], -1).min(axis=1, initial=np.inf) for r in rows.values()], 0)


def _batch_max_abs(parts: list[np.ndarray]) -> np.ndarray:
    return np.max([np.abs(r).reshape(r.shape[0], -1).max(axis=1, initial=0.0) for r in parts], 0)


def _step(value: Rows, delta: Rows) -> np.ndarray:
    """Largest step in [0, 1] keeping every row of ``value + step * delta`` non-negative."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = {f: np.where(delta[f] < 0, -value[f] / delta[f], np.inf) for f in value}
    return np.minimum(1.0, _batch_min(ratio))


def _mean(s: Rows, y: Rows) -> np.ndarray:
    """Mean complementarity s y over all rows, per item."""
    total = sum((s[f] * y[f]).reshape(s[f].shape[0], -1).sum(axis=1) for f in s)
    return np.asarray(total) / sum(r[0].size for r in s.values())


@dataclass
class _Iterate:
    """The iteration's state for the items still running, with the best point seen so far."""

    v: tuple[np.ndarray, ...]  # (z, t, lam)
    s: Rows
    y: Rows
    best: np.ndarray
    best_v: tuple[np.ndarray, ...]
    since: np.ndarray  # iterations since the best improved

    @classmethod
    def start(cls, prog: Program, z: np.ndarray | None) -> _Iterate:
        """Slacks and duals 1 at the middle of every scale (or at z), t a little above |z - x|."""
        b, _, m = prog.x.shape
        z = np.full((b, m), 50.0) if z is None else np.clip(z, 1e-3, 100.0 - 1e-3)
        t = np.abs(z[:, None, :] - prog.x) + 1.0
        lam = (prog.lam_lo + prog.lam_hi) / 2.0
        bounds, av = prog.bounds(), prog.apply(z, t, lam)
        s = {f: np.maximum(bounds[f] - av[f], 1.0) for f in bounds}
        y = {f: np.ones_like(r) for f, r in s.items()}
        return cls((z, t, lam), s, y, np.full(b, np.inf), (z, t, lam), np.zeros(b, int))

    def take(self, keep: np.ndarray) -> _Iterate:
        return _Iterate(
            tuple(a[keep] for a in self.v),
            {f: r[keep] for f, r in self.s.items()},
            {f: r[keep] for f, r in self.y.items()},
            self.best[keep],
            tuple(a[keep] for a in self.best_v),
            self.since[keep],
        )


def _residuals(
    prog: Program, v: tuple[np.ndarray, ...], s: Rows, y: Rows
) -> tuple[Rows, tuple[np.ndarray, ...], np.ndarray]:
    """Primal rows Av + s - b, dual parts c + A^T y, and the largest of both per batch item."""
    bounds, av = prog.bounds(), prog.apply(*v)
    rp = {f: av[f] + s[f] - bounds[f] for f in s}
    az, at, al = prog.transpose(y)
    rd = (az, prog.cost_t + at, prog.cost_l + al)
    worst = _batch_max_abs([*rp.values(), *rd])
    return rp, rd, worst


def _iterate(prog: Program, it: _Iterate, tol: float) -> np.ndarray:
    """One predictor-corrector step of every item (in place); which items have finished."""
    s, y = it.s, it.y
    rp, rd, worst = _residuals(prog, it.v, s, y)
    mu = _mean(s, y)
    merit = np.maximum(mu, worst)
    better = merit < it.best
    it.best = np.where(better, merit, it.best)
    it.best_v = tuple(np.where(better[_b(a)], a, b) for a, b in zip(it.v, it.best_v, strict=True))
    it.since = np.where(better, 0, it.since + 1)
    finished = (it.best <= tol) | ((it.since >= 4) & (it.best <= STALL))  # or precision spent
    rc = {f: s[f] * y[f] for f in s}
    _, ds, dy = _direction(prog, s, y, rp, rc, rd)
    ap, ad = _step(s, _finite(ds)), _step(y, _finite(dy))
    mu_aff = _mean(
        {f: s[f] + ap[_b(s[f])] * ds[f] for f in s},
        {f: y[f] + ad[_b(y[f])] * dy[f] for f in y},
    )
    sigma = np.clip(mu_aff / np.maximum(mu, 1e-300), 0.0, 1.0) ** 3
    rc = {f: s[f] * y[f] + ds[f] * dy[f] - (sigma * mu)[_b(s[f])] for f in s}
    dv, ds, dy = _direction(prog, s, y, rp, rc, rd)
    finished |= ~np.isfinite(_batch_max_abs([*dv, *ds.values(), *dy.values()]))
    dv, ds, dy = tuple(np.nan_to_num(a) for a in dv), _finite(ds), _finite(dy)
    ap = np.where(finished, 0.0, np.minimum(1.0, STEP * _step(s, ds)))
    ad = np.where(finished, 0.0, np.minimum(1.0, STEP * _step(y, dy)))
    it.v = tuple(a + ap[_b(a)] * da for a, da in zip(it.v, dv, strict=True))
    it.s = {f: s[f] + ap[_b(s[f])] * ds[f] for f in s}
    it.y = {f: y[f] + ad[_b(y[f])] * dy[f] for f in y}
    return finished


def solve(
    prog: Program, start: np.ndarray | None = None, tol: float = 1e-13, max_iter: int = 100
) -> Solution:
    """Run Mehrotra's predictor-corrector iteration on every linear programme of the batch.

    An item finishes when the mean complementarity and the primal and dual residuals are all at
    most ``tol``, or, once below STALL, when four iterations bring no improvement (the precision
    of the arithmetic is spent); it returns the best point it reached. Each iteration works on
    the items still running only.

    Parameters
    ----------
    prog : the batch of linear programmes (``power`` None)
    start : (B, m) an outcome to start from (default: the middle of every scale)
    tol : the tolerance on complementarity and residuals
    max_iter : iterations at most

    Returns
    -------
    Solution
        The best point of every programme, whether it met ``tol``, and the iterations run.

    References
    ----------
    Mehrotra (1992); Wright (1997), ch. 10: see the module.
    """
    it = _Iterate.start(prog, start)
    b = prog.x.shape[0]
    out = tuple(np.empty_like(a) for a in it.v)
    converged = np.zeros(b, bool)
    idx, work = np.arange(b), prog
    for iteration in range(max_iter):
        finished = _iterate(work, it, tol)
        if iteration == max_iter - 1:
            finished[:] = True
        if finished.any():
            for full, a in zip(out, it.best_v, strict=True):
                full[idx[finished]] = a[finished]
            converged[idx[finished]] = it.best[finished] <= tol
            keep = ~finished
            idx = idx[keep]
            if not idx.size:
                break
            work, it = work.take(keep), it.take(keep)
    return Solution(out[0], out[1], out[2], converged, iteration + 1)


def _finite(rows: Rows) -> Rows:
    return {f: np.nan_to_num(r, nan=0.0, posinf=0.0, neginf=0.0) for f, r in rows.items()}


def _b(a: np.ndarray) -> tuple[slice | None, ...]:
    """Index that broadcasts a (B,) array against ``a``."""
    return (slice(None),) + (None,) * (a.ndim - 1)

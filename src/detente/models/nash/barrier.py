"""The Nash programme by a primal logarithmic-barrier method, batched (Boyd & Vandenberghe 2004,
ch. 11).

Minimises ``-sum_a e_a log(g_a) - mu sum_r log(slack_r)`` over the rows of an
:class:`~detente.models.nash.ipm.Program` (``g_a`` the slack of utility row a, the other rows'
slacks weighted by mu), by damped Newton steps with a backtracking line search, for mu shrinking
to MU_END. Unlike a primal-dual iteration, damped Newton on this self-concordant function
converges from any strictly feasible start, however far from the optimum; it needs one, which
phase one provides. Newton systems are solved by :func:`detente.models.nash.linalg.normal_solve`.

References
----------
Boyd, S. & Vandenberghe, L. (2004). Convex Optimization. Cambridge University Press.
"""

from __future__ import annotations

import numpy as np

from detente.models.nash.ipm import T_MAX, Program, Rows
from detente.models.nash.linalg import normal_solve

MU_START, MU_END, SHRINK = 0.01, 1e-11, 0.02
STEPS = 60  # Newton steps per value of mu, at most
DONE = 1e-7  # half the squared Newton decrement at which a centring step has converged ...
PRECISION = 1e-15  # ... or, relative to the objective, beyond which rounding rules
FULL_STEP = 0.125  # half squared decrement under which the full Newton step is safe


def _slack(prog: Program, v: tuple[np.ndarray, ...]) -> Rows:
    z, t, lam = v
    gap = z[:, None, :] - prog.x
    return {
        "p": t - gap,
        "q": t + gap,
        "t": T_MAX - t,
        "lo": z,
        "hi": 100.0 - z,
        "g": prog.g0 - np.einsum("bnm,bnm->bn", prog.s, t) - prog.w * lam[:, None],
        "llo": lam - prog.lam_lo,
        "lhi": prog.lam_hi - lam,
    }


def _value(prog: Program, slack: Rows, mu: float) -> np.ndarray:
    """The barrier objective per batch item; +inf where some slack is not positive."""
    assert prog.power is not None
    b = prog.x.shape[0]
    total = np.zeros(b)
    bad = np.zeros(b, bool)
    for f, r in slack.items():
        flat = r.reshape(b, -1)
        bad |= (flat <= 0).any(axis=1)
        logs = np.log(np.where(flat > 0, flat, 1.0))
        total -= (prog.power * logs).sum(axis=1) if f == "g" else mu * logs.sum(axis=1)
    return np.where(bad, np.inf, total)


def _newton(
    prog: Program, slack: Rows, mu: float
) -> tuple[tuple[np.ndarray, ...], np.ndarray, Rows]:
    """Newton direction, half its squared decrement, and the rows' change along it."""
    assert prog.power is not None
    weight = {f: (prog.power if f == "g" else mu) / r for f, r in slack.items()}
    grad = prog.transpose(weight)
    hess = {f: weight[f] / r for f, r in slack.items()}
    dv = normal_solve(prog, hess, *(-g for g in grad))
    dec = -sum((g * d).reshape(len(g), -1).sum(axis=1) for g, d in zip(grad, dv, strict=True))
    change = prog.apply(*dv)
    return dv, 0.5 * np.asarray(dec), {f: -a for f, a in change.items()}


def _longest(slack: Rows, change: Rows) -> np.ndarray:
    """The largest step in (0, 1] that keeps 99% of every slack."""
    b = next(iter(slack.values())).shape[0]
    step = np.ones(b)
    for f, r in slack.items():
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(change[f] < 0, -r / change[f], np.inf).reshape(b, -1)
        step = np.minimum(step, 0.99 * ratio.min(axis=1, initial=np.inf))
    return step


def _centre(
    prog: Program, v: tuple[np.ndarray, ...], mu: float, done: float
) -> tuple[np.ndarray, ...]:
    """Damped Newton steps on the barrier objective for one mu, every item until it settles.

    Close to the centre (a small decrement) the full step is taken; farther out, a backtracking
    line search (Armijo, slope 1/4). Each step works on the items still moving only.
    """
    idx = np.arange(prog.x.shape[0])
    v = tuple(a.copy() for a in v)
    for _ in range(STEPS):
        sub = prog if idx.size == prog.x.shape[0] else prog.take(idx)
        here = tuple(a[idx] for a in v)
        slack = _slack(sub, here)
        dv, dec, change = _newton(sub, slack, mu)
        value = _value(sub, slack, mu)
        tiny = PRECISION * np.abs(value)
        keep = np.isfinite(dec) & (dec > np.maximum(done, tiny))
        step = np.where(keep, _longest(slack, change), 0.0)
        search = np.flatnonzero(keep & (dec > FULL_STEP))
        if search.size:
            step[search] = _backtrack(sub, here, dv, mu, value, dec, step, search)
        moved = tuple(a + _b(step, a) * d for a, d in zip(here, dv, strict=True))
        keep &= _value(sub, _slack(sub, moved), mu) < value - tiny  # else rounding rules: stop
        for a, b in zip(v, moved, strict=True):
            a[idx[keep]] = b[keep]
        idx = idx[keep]
        if not idx.size:
            break
    return v


def _backtrack(
    prog: Program,
    v: tuple[np.ndarray, ...],
    dv: tuple[np.ndarray, ...],
    mu: float,
    value: np.ndarray,
    dec: np.ndarray,
    step: np.ndarray,
    idx: np.ndarray,
) -> np.ndarray:
    """Halve the steps of the items ``idx`` until each decreases the objective enough (0: none)."""
    sub = prog.take(idx)
    base = tuple(a[idx] for a in v)
    move = tuple(d[idx] for d in dv)
    value, dec, step = value[idx], dec[idx], step[idx]
    pending = np.ones(idx.size, bool)
    for _ in range(40):
        trial = tuple(a + _b(step, a) * d for a, d in zip(base, move, strict=True))
        ok = _value(sub, _slack(sub, trial), mu) <= value - 0.5 * step * dec
        pending &= ~ok
        if not pending.any():
            return step
        step = np.where(pending, step * 0.5, step)
    return np.where(pending, 0.0, step)


def solve_nash(prog: Program, z: np.ndarray) -> np.ndarray:
    """The outcome maximising sum_a e_a log(g_a) for every item, from a strictly feasible z.

    Parameters
    ----------
    prog : the programmes, with ``power`` (the exponents e_a) given
    z : (B, m) outcomes at which every utility row holds strictly (from phase one)

    Returns
    -------
    numpy.ndarray
        (B, m) the outcomes at the last barrier weight MU_END (good to about 1e-8; see
        :func:`detente.models.nash.polish.polish` for the exact finish).

    References
    ----------
    Boyd & Vandenberghe (2004), sect. 9.5 and 11.3: see the module.
    """
    z = np.clip(z, 1e-6, 100.0 - 1e-6)
    t = np.abs(z[:, None, :] - prog.x)
    lam = (prog.lam_lo + prog.lam_hi) / 2.0
    gain = prog.g0 - prog.apply(z, t, lam)["g"]
    room = np.clip(0.5 * (gain / np.maximum(prog.s.sum(axis=-1), 1e-12)).min(axis=1), 1e-9, 1.0)
    v: tuple[np.ndarray, ...] = (z, t + room[:, None, None], lam)
    mu = MU_START
    while True:
        v = _centre(prog, v, mu, 0.0 if mu <= MU_END else DONE)
        if mu <= MU_END:
            return v[0]
        mu = max(mu * SHRINK, MU_END)


def _b(step: np.ndarray, a: np.ndarray) -> np.ndarray:
    return step.reshape(step.shape + (1,) * (a.ndim - 1))

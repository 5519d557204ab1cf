"""Making the interior-point answer to the Nash problem exact, for a batch of problems at once.

The Nash objective is smooth between kinks (an actor's position, or a scale end, on some issue).
The interior-point answer is good to about 1e-8; issues within SNAP of a kink are put on it, and
the others take Newton steps on the smooth piece where every ``z_i - x_ai`` keeps its sign. The
result is kept only where it is at least as good, so it never depends on the order of the
actors or on how the interior-point method approached the optimum.
"""

from __future__ import annotations

import numpy as np

from detente.models.nash.linalg import batched_solve

SNAP = 1e-4  # an issue this close to a kink is put on it
STEPS = 20  # Newton steps on the smooth piece (quadratic convergence needs a handful)


def _value(x: np.ndarray, s: np.ndarray, d: np.ndarray, e: np.ndarray, z: np.ndarray) -> np.ndarray:
    """sum_a e_a log(U_a(z) - d_a), -inf where some actor does not gain."""
    gain = -(s * np.abs(z[:, None, :] - x)).sum(axis=-1) - d
    value = (e * np.log(np.where(gain > 0, gain, 1.0))).sum(axis=1)
    return np.where(gain.min(axis=1) > 0, value, -np.inf)


def _snap(x: np.ndarray, z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """z with issues near a kink put on it, and which issues are on a kink: (B, m) each."""
    b, _, m = x.shape
    kinks = np.concatenate([x, np.zeros((b, 1, m)), np.full((b, 1, m), 100.0)], axis=1)
    nearest = np.abs(kinks - z[:, None, :]).argmin(axis=1)[:, None, :]
    near = np.take_along_axis(kinks, nearest, axis=1)[:, 0, :]
    trial = np.where(np.abs(near - z) < SNAP, near, z)
    return trial, (kinks == trial[:, None, :]).any(axis=1)


def polish(x: np.ndarray, s: np.ndarray, d: np.ndarray, e: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The exact Nash outcome near ``z`` (B, m), for problems x, s (B, n, m), d, e (B, n).

    Newton runs on the free issues of problems that have at most n of them (with more, the
    smooth piece has flat directions and the interior-point answer, the centre of the optimal
    set, stands).

    Parameters
    ----------
    x, s : (B, n, m) ideal points and saliences; d, e : (B, n) disagreement values and powers
    z : (B, m) the interior-point answers

    Returns
    -------
    numpy.ndarray
        (B, m) the exact outcomes where the finish is at least as good, else ``z``.
    """
    b, n, _ = x.shape
    trial, on_kink = _snap(x, z)
    sign = np.sign(trial[:, None, :] - x)
    slope = -s * sign  # dU_a / dz_i on the current piece
    free = ~on_kink & (np.abs(slope).sum(axis=1) > 0)
    count = free.sum(axis=1)
    active = (count > 0) & (count <= n)
    if active.any():
        k = int(count[active].max())
        idx = np.argsort(~free, axis=1, kind="stable")[:, :k]  # free issues first
        valid = (np.arange(k) < count[:, None]) & active[:, None]
        local = np.take_along_axis(slope, np.broadcast_to(idx[:, None, :], (b, n, k)), axis=2)
        local = local * valid[:, None, :]
        signs = np.take_along_axis(sign, np.broadcast_to(idx[:, None, :], (b, n, k)), axis=2)
        trial = _newton(x, s, d, e, trial, idx, valid, local, signs, active)
    keep = _value(x, s, d, e, trial) >= _value(x, s, d, e, z) - 1e-12
    return np.where(keep[:, None], trial, z)


def _newton(
    x: np.ndarray,
    s: np.ndarray,
    d: np.ndarray,
    e: np.ndarray,
    trial: np.ndarray,
    idx: np.ndarray,
    valid: np.ndarray,
    local: np.ndarray,
    signs: np.ndarray,
    active: np.ndarray,
) -> np.ndarray:
    """Newton steps on the free issues ``idx`` (B, k) until they settle or leave their piece."""
    k = idx.shape[1]
    pad = np.where(valid, 0.0, -1.0)  # fixed slots: -1 on the diagonal, no gradient
    x_free = np.take_along_axis(x, np.broadcast_to(idx[:, None, :], (*x.shape[:2], k)), axis=2)
    for _ in range(STEPS):
        gain = -(s * np.abs(trial[:, None, :] - x)).sum(axis=-1) - d
        active &= gain.min(axis=1) > 0
        if not active.any():
            break
        safe = np.where(gain > 0, gain, 1.0)
        grad = np.einsum("bn,bnk->bk", e / safe, local)
        hess = -np.einsum("bnk,bn,bnl->bkl", local, e / safe**2, local)
        hess[:, np.arange(k), np.arange(k)] += pad
        step = np.where(valid, -batched_solve(hess, grad), 0.0)
        active &= np.isfinite(step).all(axis=1)
        step = np.where(active[:, None], np.nan_to_num(step), 0.0)
        new = np.take_along_axis(trial, idx, axis=1) + step
        left = ((np.sign(new[:, None, :] - x_free) != signs) & valid[:, None, :]).any(axis=(1, 2))
        active &= ~left  # the smooth piece ends: stay where we are
        moved = trial.copy()
        np.put_along_axis(moved, idx, np.clip(new, 0.0, 100.0), axis=1)
        trial = np.where(active[:, None], moved, trial)
        active &= np.abs(step).max(axis=1, initial=0.0) >= 1e-12
    return trial

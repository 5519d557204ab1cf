"""Linear algebra of the interior-point method's Newton systems (see :mod:`.ipm`).

The normal equations are never formed whole: the distances t are eliminated actor by actor
(a diagonal plus rank-one block each, Sherman-Morrison), leaving a system in (z, lam) that is a
diagonal plus rank n, solved densely when small and by the Woodbury identity otherwise.

References
----------
Wright, S. J. (1997). Primal-Dual Interior-Point Methods. SIAM, ch. 11.
Golub, G. H. & Van Loan, C. F. (2013). Matrix Computations, 4th ed., sec. 2.1.4.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from detente.models.nash.ipm import Program

Rows = dict[str, np.ndarray]


def _low_rank_solve(diag: np.ndarray, v: np.ndarray, k: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Solve (diag + sum_a k_a v_a v_a^T) x = r for every batch item: (B, p), (B, n, p), (B, n)."""
    p, n = diag.shape[1], v.shape[1]
    if p <= max(n, 32):  # small: form the matrix
        mat = np.matmul(v.transpose(0, 2, 1) * k[:, None, :], v)
        mat[:, np.arange(p), np.arange(p)] += diag
        return batched_solve(mat, r)
    inv = 1.0 / diag  # Woodbury: an n x n system instead of p x p
    vd = v * inv[:, None, :]
    inner = k[:, :, None] * np.matmul(vd, v.transpose(0, 2, 1))
    inner[:, np.arange(n), np.arange(n)] += 1.0
    y = batched_solve(inner, k * np.einsum("bnp,bp->bn", vd, r))
    return inv * (r - np.einsum("bnp,bn->bp", v, y))


def batched_solve(mat: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Batched solve; where a matrix is singular (at the limit of precision), least squares.

    Parameters
    ----------
    mat : (B, p, p) matrices
    r : (B, p) right-hand sides

    Returns
    -------
    numpy.ndarray
        (B, p) solutions.
    """
    try:
        return np.linalg.solve(mat, r[..., None])[..., 0]
    except np.linalg.LinAlgError:
        out = np.full(r.shape, np.nan)
        for k in range(len(mat)):
            try:
                out[k] = np.linalg.solve(mat[k], r[k])
            except np.linalg.LinAlgError:  # least squares: no move along the flat directions
                out[k] = np.linalg.lstsq(mat[k], r[k], rcond=None)[0]
        return out


def normal_solve(
    prog: Program, d: Rows, rz: np.ndarray, rt: np.ndarray, rl: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Solve (A^T D A) (dz, dt, dlam) = (rz, rt, rl) for diagonal row weights D, by eliminating t.

    Per actor the t block is diag(E_a) + k_a s_a s_a^T (Sherman-Morrison); what remains in
    (z, lam) is diag + sum_a kk_a v~_a v~_a^T with v~_a = (v_a, -w_a).

    Parameters
    ----------
    prog : the programmes
    d : diagonal weights per family of rows
    rz, rt, rl : right-hand side parts

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]
        (dz, dt, dlam).

    References
    ----------
    Wright, S. J. (1997). Primal-Dual Interior-Point Methods. SIAM, ch. 11.
    """
    e = d["p"] + d["q"] + d["t"]
    cross = d["q"] - d["p"]
    k = d["g"]
    u = prog.s / e
    rho = 1.0 / (1.0 + k * np.einsum("bnm,bnm->bn", prog.s, u))
    v = cross * u
    kk = k * rho
    # sum_a (D_p + D_q - cross^2 / E) written without the cancellation
    delta = ((4.0 * d["p"] * d["q"] + (d["p"] + d["q"]) * d["t"]) / e).sum(axis=1)
    delta += d["lo"] + d["hi"]
    ut = np.einsum("bnm,bnm->bn", u, rt)
    bz = rz - (cross * rt / e).sum(axis=1) + np.einsum("bn,bnm->bm", kk * ut, v)
    bl = rl - (kk * prog.w * ut).sum(axis=1)
    diag = np.concatenate([delta, (d["llo"] + d["lhi"])[:, None]], axis=1)
    vv = np.concatenate([v, -prog.w[:, :, None]], axis=2)
    sol = _low_rank_solve(diag, vv, kk, np.concatenate([bz, bl[:, None]], axis=1))
    dz, dl = sol[:, :-1], sol[:, -1]
    phi = rho * (ut - np.einsum("bnm,bm->bn", v, dz) + prog.w * dl[:, None])
    dt = (rt - cross * dz[:, None, :] - (k * phi)[:, :, None] * prog.s) / e
    return dz, dt, dl

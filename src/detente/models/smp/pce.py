"""Votes, coalitions and the probabilistic Condorcet election (PCE), KTAB's core primitive.

Each actor votes between two options with its weight times a response to its utility difference;
the coalition for a over b sums the positive votes; pairwise victory probabilities follow from
the two coalitions; a PCE turns them into one probability per option (KTAB ``Model::vote``,
``coalitions``, ``vProb``, ``condPCE``, ``markovUniformPCE``, ``markovIncentivePCE``).

Options are evaluated once for a whole turn; each queue is a boolean mask over them, so the
elections of every actor's queue run as one batched computation.
"""

from __future__ import annotations

import numpy as np

from detente.errors import ModelError
from detente.models.smp.kernels import kernel, rule_code

MIN_COALITION = 1e-8  # KTAB: minimum coalition strength (avoids 0/0)
CHUNK = 4_000_000  # elements per temporary vote tensor


def response(rule: str, du: np.ndarray) -> np.ndarray:
    """A voter's response to a utility difference du (the vote per unit of weight).

    Parameters
    ----------
    rule : the voting rule
    du : utility differences

    Returns
    -------
    numpy.ndarray
        The responses, du's shape.
    """
    if rule == "Prop":
        return du
    if rule == "Binary":
        return np.clip(du / 1e-8, -1.0, 1.0)
    if rule == "PropBin":
        return 0.8 * du + 0.2 * np.clip(du / 1e-8, -1.0, 1.0)
    if rule == "Cubic":
        return du**3
    if rule == "PropCbc":
        return 0.5 * du + 0.5 * du**3
    if rule == "ASymProsp":  # losses count fully, gains two thirds (prospect theory)
        return np.where(du > 0, 2.0 * du / 3.0, du)
    raise ModelError(f"unknown voting rule {rule}")  # pragma: no cover - options are validated


def vote(rule: str, weight: np.ndarray, u_a: np.ndarray, u_b: np.ndarray | float) -> np.ndarray:
    """An actor's vote for a over b: weight times the response to du = u_a - u_b.

    Parameters
    ----------
    rule : the voting rule
    weight : the voter's weight
    u_a, u_b : its utilities of a and b

    Returns
    -------
    numpy.ndarray
        The votes.
    """
    return weight * response(rule, u_a - u_b)


def coalitions(rule: str, weight: np.ndarray, util: np.ndarray) -> np.ndarray:
    """c[r, a, b]: strength of the coalition preferring option a to b, per run.

    As in KTAB, only the vote v(a:b) with
    a > b is cast (it matters for the asymmetric rule): its positive part backs a, its negative
    part b. Every other rule is antisymmetric, so the positive parts alone give both coalitions.

    Parameters
    ----------
    rule : the voting rule
    weight : (runs, voters)
    util : (runs, voters, options)

    Returns
    -------
    numpy.ndarray
        (runs, options, options) strengths.

    References
    ----------
    KAPSARC. KTAB, the KAPSARC Toolkit for Behavioral Analysis: the Spatial Model of Politics
    (kmodel, smp), https://github.com/KAPSARC/KTAB (MIT licence).
    """
    runs, voters, n_opt = util.shape
    fast = kernel("coalitions", n_opt)
    if fast is not None:
        c = np.stack(
            [
                fast(
                    rule_code(rule),
                    np.ascontiguousarray(weight[r], float),
                    np.ascontiguousarray(util[r].T),
                )
                for r in range(runs)
            ]
        )
    else:
        pos, neg = np.zeros((runs, n_opt, n_opt)), np.zeros((runs, n_opt, n_opt))
        step = max(1, CHUNK // max(1, runs * n_opt * n_opt))  # voters per chunk
        for lo in range(0, voters, step):
            w, u = weight[:, lo : lo + step], util[:, lo : lo + step]
            resp = response(rule, u[..., :, None] - u[..., None, :])
            if rule == "ASymProsp":
                neg += np.einsum("rk,rkab->rab", w, np.maximum(-resp, 0.0))
            pos += np.einsum("rk,rkab->rab", w, np.maximum(resp, 0.0, out=resp))
        if rule != "ASymProsp":
            neg = np.swapaxes(pos, 1, 2)
        lower = np.tri(n_opt, k=-1, dtype=bool)
        c = np.where(lower, pos, np.swapaxes(neg, 1, 2))
    c = c + MIN_COALITION
    _diagonal(c)[...] = MIN_COALITION
    return c


def _diagonal(a: np.ndarray) -> np.ndarray:
    """A writable view of the diagonal of every matrix in a stack (..., o, o)."""
    return np.einsum("...ii->...i", a)


def victory(model: str, c: np.ndarray) -> np.ndarray:
    """p[..., a, b] = probability that a's coalition beats b's (VictoryProbModel); 1/2 on a = b.

    Parameters
    ----------
    model : the victory probability model
    c : (..., options, options) coalition strengths

    Returns
    -------
    numpy.ndarray
        The probabilities, c's shape.
    """
    a, b = c, np.swapaxes(c, -1, -2)
    if model == "Binary":  # certain above a 10% advantage, linear in between
        thresh, min_x = 1.10, 1e-6
        r = a / (a + b)
        x = np.where(
            a >= thresh * b,
            1.0,
            np.where(b >= thresh * a, min_x, (r * (thresh + 1.0) - 1.0) / (thresh - 1.0)),
        )
        y = np.where(a >= thresh * b, min_x, np.where(b >= thresh * a, 1.0, 1.0 - x))
        p = x / (x + y)
    else:
        power = {"Linear": 1, "Square": 2, "Quartic": 4, "Octic": 8}[model]
        xa, xb = a**power, b**power
        p = xa / (xa + xb)
    _diagonal(p)[...] = 0.5
    return p


def election(pce: str, c: np.ndarray, p: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """PCE probabilities of every option in every queue of every run.

    Conditional: P[a] proportional to the product over the queue of p[a, b]. Markov variants: the
    stationary distribution of a challenge process, challengers drawn uniformly
    (MarkovUniform) or in proportion to their incentive c[a, b] p[a, b] (MarkovIncentive).

    Parameters
    ----------
    pce : Conditional, MarkovIncentive or MarkovUniform
    c : (runs, options, options) coalition strengths
    p : (runs, options, options) victory probabilities
    mask : (runs, queues, options) the options in each queue

    Returns
    -------
    numpy.ndarray
        (runs, queues, options) probabilities.

    References
    ----------
    KAPSARC. KTAB, the KAPSARC Toolkit for Behavioral Analysis: the Spatial Model of Politics
    (kmodel, smp), https://github.com/KAPSARC/KTAB (MIT licence).
    """
    mask = np.asarray(mask, bool)
    if pce == "Conditional":  # products as sums of logs (no underflow on long queues)
        log = np.einsum("rqb,rab->rqa", mask.astype(float), np.log(p))
        log = np.where(mask, log, -np.inf)
        prod = np.exp(log - log.max(axis=-1, keepdims=True))
        return prod / prod.sum(axis=-1, keepdims=True)
    if pce == "MarkovUniform":
        return _markov(mask, _uniform_step(p, mask), tol=1e-6)
    return _markov(mask, _incentive_step(c, p, mask), tol=1e-8)


def _uniform_step(p: np.ndarray, mask: np.ndarray):
    size = mask.sum(axis=-1, keepdims=True)
    pm = np.where(mask[:, :, None, :], p[:, None], 0.0)  # (r, q, a, b) within each queue

    def step(x: np.ndarray) -> np.ndarray:
        own = np.einsum("rqab,rqa->rqa", pm, x)
        return (own + np.einsum("rqab,rqb->rqa", pm, x)) / size * mask

    return step


def _incentive_step(c: np.ndarray, p: np.ndarray, mask: np.ndarray):
    incentive = c * p
    _diagonal(incentive)[...] += 1e-10
    both = mask[:, :, :, None] & mask[:, :, None, :]
    inc = np.where(both, incentive[:, None], 0.0)  # (r, q, a, b)
    total = inc.sum(axis=2, keepdims=True)
    chlg = inc / np.where(total > 0, total, 1.0)  # P[a -> b | b is the favourite]
    pm = np.where(mask[:, :, None, :], p[:, None], 0.0)

    def step(x: np.ndarray) -> np.ndarray:
        ct = x[..., :, None] * np.swapaxes(chlg, -1, -2)  # ct[a, b] = x_a P[b -> a]
        return np.einsum("rqab,rqab->rqa", pm, ct + np.swapaxes(ct, -1, -2)) * mask

    return step


def _markov(mask: np.ndarray, step, tol: float) -> np.ndarray:
    """Iterate x <- (x + step(x)) / 2 per queue until its largest change is at most ``tol``."""
    x = mask / mask.sum(axis=-1, keepdims=True)
    active = np.ones(mask.shape[:-1], bool)
    for _ in range(1000):
        q = step(x)
        change = np.abs(q - x).max(axis=-1)
        x = np.where(active[..., None], (x + q) / 2.0, x)
        active &= change > tol
        if not active.any():
            return x
    raise ModelError("smp: a Markov PCE did not converge in 1000 iterations")

"""The nash model over a batch of scenario copies: parameters, disagreement values, the run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from detente.core.arrays import ScenarioArrays
from detente.core.trajectory import Trajectory
from detente.errors import ModelError
from detente.models.nash import solvers

SOLUTIONS = ("nash", "kalai-smorodinsky")
DISAGREEMENTS = ("reservation", "status-quo")
POWERS = ("equal", "capability")


def check(arrays: ScenarioArrays, params: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Validate the parameters; return the status quo (0-100, per issue) and reservation shares.

    Parameters
    ----------
    arrays : the scenario's arrays
    params : the model's parameters

    Returns
    -------
    tuple[numpy.ndarray, numpy.ndarray]
        The status quo per issue (0-100) and the reservation share per actor.
    """
    for key, allowed in (
        ("solution", SOLUTIONS),
        ("disagreement", DISAGREEMENTS),
        ("power", POWERS),
    ):
        if params[key] not in allowed:
            raise ModelError(
                f"nash: {key} '{params[key]}' unknown (fix: one of {', '.join(allowed)})"
            )
    span = arrays.scale_high - arrays.scale_low
    given_sq = params["status_quo"] or {}
    unknown = sorted(set(given_sq) - set(arrays.issue_ids))
    if unknown:
        raise ModelError(f"nash: status_quo names unknown issues {unknown} (fix: use issue ids)")
    sq = np.array(
        [
            (float(given_sq.get(i, lo)) - lo) / w * 100.0
            for i, lo, w in zip(arrays.issue_ids, arrays.scale_low, span, strict=True)
        ]
    )
    res = params["reservation"]
    shares = (
        np.array([float(res.get(a, 0.5)) for a in arrays.actor_ids])
        if isinstance(res, Mapping)
        else np.full(arrays.n_actors, float(res))
    )
    if not np.all((shares > 0) & (shares <= 1)) or not np.all((sq >= 0) & (sq <= 100)):
        raise ModelError(
            "nash: reservation shares must lie in (0, 1] and the status quo on "
            "each issue's scale (fix: change the parameter)"
        )
    return sq, shares


def disagreement(
    x: np.ndarray, s: np.ndarray, params: Mapping[str, Any], sq: np.ndarray, shares: np.ndarray
) -> np.ndarray:
    """d_a per run: the utility of the status quo, or minus a share of the actor's worst loss.

    Parameters
    ----------
    x : (runs, actors, issues) positions on 0-100
    s : (runs, actors, issues) saliences
    params : the model's parameters
    sq : (issues,) the status quo on 0-100
    shares : (actors,) reservation shares

    Returns
    -------
    numpy.ndarray
        (runs, actors) disagreement utilities.
    """
    if params["disagreement"] == "status-quo":
        return solvers.utility(x, s, np.broadcast_to(sq, x[:, 0, :].shape))
    worst = (s * np.maximum(x, 100.0 - x)).sum(axis=-1)
    return -shares * worst


def canonical_order(x: np.ndarray, s: np.ndarray, d: np.ndarray, e: np.ndarray) -> np.ndarray:
    """Per run, the actors sorted by position, salience, d and power: (runs, actors).

    Solving in this order makes the answer independent of the order the actors were listed in
    (where several outcomes are equally good a solver's choice otherwise could depend on it).

    Parameters
    ----------
    x, s : (runs, actors, issues) positions and saliences
    d : (runs, actors) disagreement values
    e : (runs, actors) bargaining powers

    Returns
    -------
    numpy.ndarray
        (runs, actors) the order of the actors.
    """
    keys = np.concatenate([x.transpose(2, 0, 1), s.transpose(2, 0, 1), d[None], e[None]])
    return np.lexsort(keys[::-1], axis=-1)


def run(arrays: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Trajectory:
    """Solve the bargaining problem of every run; the forecast is the agreed outcome.

    diagnostics: ``utility`` and ``disagreement`` per run and actor (0-100 scale units),
    ``feasible`` per run. Where no outcome gives every actor more than its disagreement value
    (``feasible`` False) the status quo stands, or, with reservation values, the plain mean of
    the ideal points is reported as a placeholder.

    Parameters
    ----------
    arrays : the scenario's arrays (one or many runs)
    params : the model's parameters
    rng : unused (the model is deterministic)

    Returns
    -------
    Trajectory
        One round: the agreed outcome of every run.

    References
    ----------
    Nash, J. F. (1950). The bargaining problem. Econometrica 18(2), 155-162.
    Kalai, E. & Smorodinsky, M. (1975). Other solutions to Nash's bargaining problem.
    Econometrica 43(3), 513-518.
    """
    sq, shares = check(arrays, params)
    low, span = arrays.scale_low, arrays.scale_high - arrays.scale_low
    x = (arrays.position - low) / span * 100.0
    s = arrays.salience
    d = disagreement(x, s, params, sq, shares)
    cap = arrays.capability
    if params["power"] == "equal":
        e = np.ones_like(d)
    else:
        e = cap / cap.sum(axis=1, keepdims=True) * arrays.n_actors
    order = canonical_order(x, s, d, e)
    take = lambda a: np.take_along_axis(a, order.reshape(order.shape + (1,) * (a.ndim - 2)), 1)  # noqa: E731
    if params["solution"] == "nash":
        z, feasible = solvers.nash(take(x), take(s), take(d), take(e))
    else:
        z, share = solvers.kalai_smorodinsky(take(x), take(s), take(d))
        feasible = share > solvers.FEASIBLE
    if params["disagreement"] == "status-quo":
        z = np.where(feasible[:, None], z, sq)
    diagnostics = {"utility": solvers.utility(x, s, z), "disagreement": d, "feasible": feasible}
    return Trajectory.from_positions(
        "nash",
        arrays,
        arrays.position[None],
        forecast=(z / 100.0 * span + low)[None],
        params=dict(params),
        diagnostics=diagnostics,
    )

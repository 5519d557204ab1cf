"""Bargaining solutions over the actors' utilities: Nash (1950) and Kalai-Smorodinsky (1975).

Utility (no paper fixes one for these data, so the simplest that matches the rest of detente):
salience-weighted linear loss on each issue's 0-100 scale, ``U_a(z) = -sum_i s_ai |z_i - x_ai|``.
The disagreement point ``d_a`` is either the utility of a status quo outcome or a reservation
value, a share ``r`` of the actor's worst possible loss. Nash maximises
``sum_a e_a log(U_a(z) - d_a)`` (``e_a`` = 1, or the capability share for the asymmetric
solution); Kalai-Smorodinsky gives every actor the same share of its ideal gain ``U*_a - d_a``
(``U*_a``: the best ``a`` can get while nobody falls below its disagreement value). Linear
losses become linear constraints: Kalai-Smorodinsky is then a pair of linear programmes (SciPy's
HiGHS) and Nash a small convex programme solved by an interior-point method in NumPy.
The solution is static: one outcome per issue, the efficient benchmark for the other models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from detente.core.arrays import ScenarioArrays
from detente.core.trajectory import Trajectory
from detente.errors import ModelError, require
from detente.models.registry import ModelSpec, register

if TYPE_CHECKING:
    import pandas as pd

SOLUTIONS = ("nash", "kalai-smorodinsky")
DISAGREEMENTS = ("reservation", "status-quo")
POWERS = ("equal", "capability")


def _scipy_optimize() -> Any:
    return require("scipy.optimize", "science", "The nash model")


@dataclass(frozen=True)
class Bargain:
    """One bargaining problem on 0-100 scales: ideal points ``x`` and saliences ``s`` (n, m).

    Variables of the convex programmes are ``v = (z, t)``: the outcome z (m) and the distances
    ``t_ai >= |z_i - x_ai|`` (n*m), so that every utility is linear in v.
    """

    x: np.ndarray
    s: np.ndarray

    @property
    def shape(self) -> tuple[int, int]:
        return self.x.shape

    def utility(self, z: np.ndarray) -> np.ndarray:
        """U_a(z) = -sum_i s_ai |z_i - x_ai| for every actor."""
        return -(self.s * np.abs(z[None, :] - self.x)).sum(axis=1)

    def rows(self) -> np.ndarray:
        """Coefficients of each U_a in v: (n, m + n*m)."""
        n, m = self.shape
        out = np.zeros((n, m + n * m))
        for a in range(n):
            out[a, m + a * m : m + (a + 1) * m] = -self.s[a]
        return out

    def distance_constraints(self) -> tuple[np.ndarray, np.ndarray]:
        """A v <= b for t_ai >= z_i - x_ai and t_ai >= x_ai - z_i."""
        n, m = self.shape
        eye = np.eye(m)
        blocks = []
        for a in range(n):
            t = np.zeros((m, n * m))
            t[:, a * m : (a + 1) * m] = -eye
            blocks += [np.hstack([eye, t]), np.hstack([-eye, t])]
        b = np.concatenate([np.concatenate([self.x[a], -self.x[a]]) for a in range(n)])
        return np.vstack(blocks), b

    def bounds(self) -> list[tuple[float, float | None]]:
        n, m = self.shape
        return [(0.0, 100.0)] * m + [(0.0, None)] * (n * m)


def _linprog(c: np.ndarray, a_ub: np.ndarray, b_ub: np.ndarray, bounds: list[Any]) -> Any:
    """HiGHS result, or None where no outcome meets the constraints."""
    result = _scipy_optimize().linprog(c, A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    if result.status == 2:
        return None
    if result.status != 0:  # pragma: no cover - the programmes are bounded
        raise ModelError(f"nash: the linear programme failed ({result.message})")
    return result


def ideal_utilities(problem: Bargain, d: np.ndarray) -> np.ndarray:
    """U*_a: the most each actor can get while every actor keeps at least its d.

    Where no outcome gives everybody its d, every U*_a is -inf.
    """
    a_ub, b_ub = problem.distance_constraints()
    u = problem.rows()
    a_all, b_all = np.vstack([a_ub, -u]), np.concatenate([b_ub, -d])
    out = np.full(len(d), -np.inf)
    for a in range(len(d)):
        best = _linprog(-u[a], a_all, b_all, problem.bounds())
        if best is None:
            break
        out[a] = -best.fun
    return out


def kalai_smorodinsky(problem: Bargain, d: np.ndarray) -> tuple[np.ndarray, float]:
    """The outcome giving every actor the largest equal share of its ideal gain, and that share.

    Among outcomes reaching that share the one with the largest total share is taken (so the
    solution is Pareto efficient). A share of 0 means no outcome beats disagreement for all
    (the outcome returned is then only a placeholder).
    """
    n, m = problem.shape
    span = ideal_utilities(problem, d) - d
    if span.min() <= 1e-9:  # somebody cannot gain at all: disagreement stands
        return problem.x.mean(axis=0), 0.0
    a_ub, b_ub = problem.distance_constraints()
    u = problem.rows()
    width = m + n * m
    # variables (v, lam): lam * span_a - U_a(v) <= -d_a
    a_all = np.vstack([np.hstack([a_ub, np.zeros((len(a_ub), 1))]), np.hstack([-u, span[:, None]])])
    b_all = np.concatenate([b_ub, -d])
    c = np.zeros(width + 1)
    c[-1] = -1.0
    first = _linprog(c, a_all, b_all, [*problem.bounds(), (None, 1.0)])
    share = float(first.x[-1])
    c2 = np.concatenate([-(u / span[:, None]).sum(axis=0), [0.0]])
    second = _linprog(c2, a_all, b_all, [*problem.bounds(), (share - 1e-9, 1.0)])
    return second.x[:m], share


def _newton(objective: Any, v: np.ndarray, steps: int = 60) -> np.ndarray:
    """Damped Newton steps on a smooth convex barrier function, staying strictly feasible."""
    for _ in range(steps):
        value, grad, hess = objective(v)
        try:
            step = -np.linalg.solve(hess, grad)
        except np.linalg.LinAlgError:  # flat directions (e.g. an issue nobody cares about)
            step = -np.linalg.lstsq(hess, grad, rcond=None)[0]
        decrement = float(-grad @ step)
        if not np.isfinite(decrement) or decrement < 1e-14:
            break
        size = 1.0
        while size > 1e-12:
            trial = objective(v + size * step, value_only=True)
            if np.isfinite(trial) and trial <= value - 0.25 * size * decrement:
                break
            size *= 0.5
        else:
            break  # no progress possible at this precision
        v = v + size * step
    return v


def _row_pairs(a: np.ndarray) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """(column, value) of the first and second nonzero of each row (value 0 if none)."""
    order = np.argsort(a == 0, axis=1, kind="stable")[:, :2]
    values = np.take_along_axis(a, order, axis=1)
    return (order[:, 0], values[:, 0]), (order[:, 1], values[:, 1])


def nash_solution(problem: Bargain, d: np.ndarray, power: np.ndarray) -> tuple[np.ndarray, bool]:
    """argmax sum_a e_a log(U_a(z) - d_a), by a logarithmic barrier (interior-point) method.

    The constraints ``t >= |z - x|`` and ``0 <= z <= 100`` enter as barriers weighted by mu,
    which shrinks a hundredfold per stage down to 1e-18 (Boyd &
    Vandenberghe 2004, ch. 11). Starts from the Kalai-Smorodinsky point moved into the interior.
    Returns the outcome and whether some outcome beats disagreement for every actor (if none
    does, the first return value is only a placeholder).
    """
    z0, share = kalai_smorodinsky(problem, d)
    if share <= 1e-9:
        return z0, False
    m = problem.shape[1]
    u = problem.rows()
    a_ub, b_ub = problem.distance_constraints()
    box = np.zeros((2 * m, u.shape[1]))
    box[:m, :m], box[m:, :m] = np.eye(m), -np.eye(m)
    a_all = np.vstack([a_ub, box])
    b_all = np.concatenate([b_ub, np.full(m, 100.0), np.zeros(m)])
    # interior start: a little towards the middle of the box, distances a little above |z - x|
    gain0 = problem.utility(z0) - d
    z = 50.0 + (z0 - 50.0) * (1.0 - 1e-3 * min(1.0, share))
    slack = 1e-3 * gain0.min() / max(problem.s.sum(), 1e-12)
    v = np.concatenate([z, np.abs(z[None, :] - problem.x).ravel() + slack])
    pairs = _row_pairs(a_all)
    mu = 1.0
    while mu > 1e-18:

        def objective(v: np.ndarray, value_only: bool = False, mu: float = mu) -> Any:
            gain, room = u @ v - d, b_all - a_all @ v
            if gain.min() <= 0 or room.min() <= 0:
                return np.inf
            value = -(power * np.log(gain)).sum() - mu * np.log(room).sum()
            if value_only:
                return value
            grad = -((power / gain) @ u) + mu * ((1.0 / room) @ a_all)
            hess = (u.T * (power / gain**2)) @ u
            weight = mu / room**2  # each constraint row has at most two nonzero entries
            for (c1, v1), (c2, v2) in (
                (pairs[0], pairs[0]),
                (pairs[0], pairs[1]),
                (pairs[1], pairs[0]),
                (pairs[1], pairs[1]),
            ):
                np.add.at(hess, (c1, c2), weight * v1 * v2)
            return value, grad, hess

        if not np.isfinite(objective(v, value_only=True)):  # pragma: no cover - start is inside
            return z0, True
        v = _newton(objective, v)
        mu *= 0.01
    return _exact(problem, d, power, np.clip(v[:m], 0.0, 100.0)), True


def _value(problem: Bargain, d: np.ndarray, power: np.ndarray, z: np.ndarray) -> float:
    gain = problem.utility(z) - d
    return float((power * np.log(gain)).sum()) if gain.min() > 0 else -np.inf


def _exact(problem: Bargain, d: np.ndarray, power: np.ndarray, z: np.ndarray) -> np.ndarray:
    """The barrier's answer (good to about 1e-6) made exact, so it does not depend on the
    order of the actors: issues within 1e-4 of a kink (an actor's position or a scale end) are
    put on it, the others take Newton steps on the smooth piece where every ``z_i - x_ai``
    keeps its sign. Kept only if it is at least as good."""
    kinks = np.vstack([problem.x, np.zeros(len(z)), np.full(len(z), 100.0)])
    nearest = kinks[np.abs(kinks - z[None, :]).argmin(axis=0), np.arange(len(z))]
    trial = np.where(np.abs(nearest - z) < 1e-4, nearest, z)
    free = np.flatnonzero(~(kinks == trial[None, :]).any(axis=0))
    sign = np.sign(trial[None, free] - problem.x[:, free])
    slope = -problem.s[:, free] * sign  # dU_a / dz_i on the free issues
    for _ in range(20 if free.size else 0):
        gain = problem.utility(trial) - d
        hess = -(slope.T * (power / gain**2)) @ slope
        try:
            step = -np.linalg.solve(hess, (power / gain) @ slope)
        except np.linalg.LinAlgError:
            break
        nxt = trial.copy()
        nxt[free] += step
        if (np.sign(nxt[None, free] - problem.x[:, free]) != sign).any():
            break  # the smooth piece ends: stay where we are
        trial = np.clip(nxt, 0.0, 100.0)
        if np.abs(step).max() < 1e-12:
            break
    better = _value(problem, d, power, trial) >= _value(problem, d, power, z) - 1e-12
    return trial if better else z


def disagreement(
    problem: Bargain, params: Mapping[str, Any], sq: np.ndarray, reservation: np.ndarray
) -> np.ndarray:
    """d_a: the utility of the status quo, or minus a share of the actor's worst loss."""
    if params["disagreement"] == "status-quo":
        return problem.utility(sq)
    worst = (problem.s * np.maximum(problem.x, 100.0 - problem.x)).sum(axis=1)
    return -reservation * worst


def _check(arrays: ScenarioArrays, params: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Validate the parameters; return the status quo (0-100) and reservation shares."""
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


def run(arrays: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Trajectory:
    """Solve the bargaining problem of every run; the forecast is the agreed outcome.

    diagnostics: ``utility`` and ``disagreement`` per run and actor (0-100 scale units),
    ``feasible`` per run. Where no outcome gives every actor more than its disagreement value
    (``feasible`` False) the status quo stands, or, with reservation values, the plain mean of
    the ideal points is reported as a placeholder.
    """
    sq, shares = _check(arrays, params)
    low, span = arrays.scale_low, arrays.scale_high - arrays.scale_low
    x = (arrays.position - low) / span * 100.0
    out = np.zeros((arrays.runs, arrays.n_issues))
    utility, disagree = np.zeros((2, arrays.runs, arrays.n_actors))
    feasible = np.ones(arrays.runs, bool)
    for r in range(arrays.runs):
        problem = Bargain(x[r], arrays.salience[r])
        d = disagreement(problem, params, sq, shares)
        power = (
            np.ones(arrays.n_actors)
            if params["power"] == "equal"
            else arrays.capability[r] / arrays.capability[r].sum() * arrays.n_actors
        )
        # solve with the actors in a canonical order: the answer cannot depend on their order
        # (where several outcomes are equally good, the solvers' choice otherwise could)
        order = np.lexsort(np.column_stack([problem.x, problem.s, d, power]).T[::-1])
        same = Bargain(problem.x[order], problem.s[order])
        if params["solution"] == "nash":
            z, feasible[r] = nash_solution(same, d[order], power[order])
        else:
            z, share = kalai_smorodinsky(same, d[order])
            feasible[r] = share > 1e-9
        if not feasible[r] and params["disagreement"] == "status-quo":
            z = sq
        out[r], utility[r], disagree[r] = z, problem.utility(z), d
    forecast = (out / 100.0 * span + low)[None]
    diagnostics = {"utility": utility, "disagreement": disagree, "feasible": feasible}
    return Trajectory.from_positions(
        "nash",
        arrays,
        arrays.position[None],
        forecast=forecast,
        params=dict(params),
        diagnostics=diagnostics,
    )


def pareto_frontier(
    arrays: ScenarioArrays, actor_a: str, actor_b: str, points: int = 21, run: int = 0
) -> pd.DataFrame:
    """The utility possibility frontier of two actors, for plotting.

    For ``points`` levels of A's utility, from what A gets at B's ideal outcome up to A's own
    ideal, the best B can get (a linear programme each). Columns: ``point``, ``utility_<A>``,
    ``utility_<B>`` and the outcome on each issue (on the issue's scale).
    """
    import pandas as pd

    ids = list(arrays.actor_ids)
    missing = [a for a in (actor_a, actor_b) if a not in ids]
    if missing or actor_a == actor_b:
        raise ModelError(
            f"pareto_frontier: need two different actors of {ids}, got {actor_a!r}, {actor_b!r}"
        )
    pick = [ids.index(actor_a), ids.index(actor_b)]
    low, span = arrays.scale_low, arrays.scale_high - arrays.scale_low
    problem = Bargain((arrays.position[run, pick] - low) / span * 100.0, arrays.salience[run, pick])
    a_ub, b_ub = problem.distance_constraints()
    u = problem.rows()
    m = arrays.n_issues
    worst_a = problem.utility(problem.x[1])[0]
    rows: list[dict[str, Any]] = []
    for level in np.linspace(worst_a, 0.0, points):
        best = _linprog(-u[1], np.vstack([a_ub, -u[0]]), np.append(b_ub, -level), problem.bounds())
        z = best.x[:m]
        ua, ub = problem.utility(z)
        rows.append(
            {
                "point": len(rows),
                f"utility_{actor_a}": ua,
                f"utility_{actor_b}": ub,
                **dict(zip(arrays.issue_ids, z / 100.0 * span + low, strict=True)),
            }
        )
    return pd.DataFrame(rows)


SPEC = register(
    ModelSpec(
        "nash",
        run,
        "Nash or Kalai-Smorodinsky bargaining solution over salience-weighted linear utilities",
        defaults={
            "solution": "nash",
            "disagreement": "reservation",
            "reservation": 0.5,
            "status_quo": None,
            "power": "equal",
        },
        reference="closed-form two-actor cases (tests/models/test_nash.py)",
    )
)

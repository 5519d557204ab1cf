"""The expected-utility model run over rounds on every issue of a batch of scenario copies."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from detente.core.arrays import ScenarioArrays
from detente.core.trajectory import Trajectory
from detente.errors import ModelError
from detente.models.bdm.rounds import Options, Problem, Round, play

CHOICES = {
    "probability": ("all-pairs", "contest"),
    "perspective": ("receiver", "own"),
    "selection": ("least-move", "scholz-code"),
}
# Pairwise offer arrays are kept when rounds x problems x actors^2 stays under this many cells.
RECORD_LIMIT = 5_000_000
# Problems per batch chunk are chosen so that one pairwise array stays under this many cells.
CHUNK_CELLS = 250_000


def options(params: Mapping[str, Any]) -> tuple[Options, int]:
    """Checked model options and the number of rounds, with errors that name the fix.

    Parameters
    ----------
    params : the model's parameters (defaults filled in)

    Returns
    -------
    tuple[Options, int]
        The options and the rounds.
    """
    for name, allowed in CHOICES.items():
        if params[name] not in allowed:
            raise ModelError(
                f"bdm: {name}={params[name]!r} is not one of {', '.join(allowed)}; "
                f"set e.g. --param {name}={allowed[0]}"
            )
    rounds, q = params["rounds"], params["q"]
    if not isinstance(rounds, int) or isinstance(rounds, bool) or rounds < 0:
        raise ModelError(f"bdm: rounds={rounds!r} must be a whole number >= 0, e.g. --rounds 10")
    if not isinstance(q, int | float) or not 0.0 <= float(q) <= 1.0:
        raise ModelError(f"bdm: q={q!r} must lie between 0 and 1 (the paper uses 1.0 or 0.5)")
    opt = Options(
        q=float(q),
        probability=params["probability"],
        perspective=params["perspective"],
        selection=params["selection"],
        voter_risk=bool(params["voter_risk"]),
        compel=bool(params["compel"]),
    )
    return opt, rounds


def problems(arrays: ScenarioArrays) -> tuple[np.ndarray, Problem]:
    """Flatten runs x issues into independent problems: positions (B, n) and fixed inputs.

    Saliences above 1 are read as percentages (the 0-100 scale of the paper's Table 1): the
    model needs them as probabilities, since 1 - s_j is the chance j does not resist.

    Parameters
    ----------
    arrays : the batch

    Returns
    -------
    tuple[numpy.ndarray, Problem]
        (B, n) positions and the fixed inputs of every problem.
    """
    runs, n, m = arrays.position.shape
    flat = np.ascontiguousarray(arrays.position.transpose(0, 2, 1)).reshape(runs * m, n)
    sal = arrays.salience / 100.0 if np.max(arrays.salience, initial=0.0) > 1.0 else arrays.salience
    s = np.ascontiguousarray(sal.transpose(0, 2, 1)).reshape(runs * m, n)
    w = np.repeat(arrays.capability, m, axis=0) * s
    span = flat.max(axis=1, initial=-np.inf) - flat.min(axis=1, initial=np.inf)
    span = np.where(span > 0, span, 1.0)
    return flat.astype(float), Problem(w=w, s=s, span=span, channels=arrays.channels)


def _chunk(problem: Problem, lo: int, hi: int) -> Problem:
    return Problem(problem.w[lo:hi], problem.s[lo:hi], problem.span[lo:hi], problem.channels)


def simulate(
    x: np.ndarray, problem: Problem, opt: Options, rounds: int, record: bool, stop: bool
) -> tuple[np.ndarray, list[Round]]:
    """Positions per round and each round's record, chunked over the problems B.

    Parameters
    ----------
    x : (B, n) starting positions
    problem : the fixed inputs (capabilities, saliences, spans)
    opt : the options
    rounds : rounds to play
    record : keep the pairwise offer arrays
    stop : stop a problem early once its positions stop moving

    Returns
    -------
    tuple[numpy.ndarray, list[Round]]
        (rounds + 1, B, n) positions and one record per round.
    """
    b, n = x.shape
    size = max(1, CHUNK_CELLS // max(1, n * n))
    path = [x]
    played: list[Round] = []
    for _ in range(rounds):
        parts = [
            play(path[-1][lo : lo + size], _chunk(problem, lo, lo + size), opt, record)
            for lo in range(0, b, size)
        ]
        step = parts[0] if len(parts) == 1 else _join(parts)
        played.append(step)
        path.append(step.position)
        if stop and not np.any(step.accepted >= 0):
            break
    return np.stack(path), played


def _join(parts: list[Round]) -> Round:
    fields: dict[str, Any] = {}
    for name in Round.__dataclass_fields__:
        values = [getattr(p, name) for p in parts]
        fields[name] = None if values[0] is None else np.concatenate(values)
    return Round(**fields)


def unflatten(a: np.ndarray, runs: int, issues: int) -> np.ndarray:
    """Put the problems axis back as runs and issues.

    Parameters
    ----------
    a : (T, B, n, ...) with B = runs x issues
    runs, issues : the batch's shape

    Returns
    -------
    numpy.ndarray
        (T, runs, n, ..., issues).
    """
    shaped = a.reshape(a.shape[0], runs, issues, *a.shape[2:])
    return np.moveaxis(shaped, 2, -1)


def run(arrays: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Trajectory:
    """Run the model; see :mod:`detente.models.bdm` for parameters and outputs.

    Parameters
    ----------
    arrays : the batch
    params : rounds, q, probability, offer rule, record_offers ...
    rng : unused (the model is deterministic)

    Returns
    -------
    Trajectory
        Positions per round, the median as forecast, offers in diagnostics.
    """
    opt, rounds = options(params)
    x, problem = problems(arrays)
    runs, n, m = arrays.position.shape
    record = params["record_offers"]
    if record == "auto":
        record = rounds * x.shape[0] * n * n <= RECORD_LIMIT
    path, played = simulate(x, problem, opt, rounds, bool(record), bool(params["stop_when_stable"]))
    diagnostics: dict[str, Any] = {}
    if played:
        for name in Round.__dataclass_fields__:
            if name != "position" and getattr(played[0], name) is not None:
                stacked = np.stack([getattr(r, name) for r in played])
                diagnostics[name] = unflatten(stacked, runs, m)
    return Trajectory.from_positions(
        "bdm", arrays, unflatten(path, runs, m), params=dict(params), diagnostics=diagnostics
    )

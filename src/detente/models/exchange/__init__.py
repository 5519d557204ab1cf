"""Stokman's exchange model: actors trade positions across issues they care about unequally.

Stokman & Van Oosten (1994); equal-gain and random-rate variants after Dijkstra, Van Assen &
Stokman (2008). Each round every profitable exchange of support between two actors on two issues
is valued; the best is carried out first and the rest adjusted, until none pays. The forecast of
a round is the capability x salience weighted mean of the voting positions. Reproduces
decide-exchange-model (equal-gain) on its COP21 sample to 0.01
(tests/models/test_exchange_decide.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from detente.core.arrays import ScenarioArrays
from detente.core.stats import weighted_mean, weights
from detente.core.trajectory import Trajectory
from detente.errors import ModelError
from detente.models.exchange.explain import explain
from detente.models.exchange.rounds import RECORD_FIELDS, play_round
from detente.models.registry import ModelSpec, register
from detente.models.walkout import DEFAULTS as WALKOUT_DEFAULTS
from detente.models.walkout import with_walkout

VARIANTS = ("equal-gain", "random-rate")


def _check(params: Mapping[str, Any]) -> tuple[str, int]:
    variant, rounds = params["variant"], params["rounds"]
    if variant not in VARIANTS:
        raise ModelError(
            f"exchange: variant '{variant}' unknown (fix: one of {', '.join(VARIANTS)})"
        )
    if not isinstance(rounds, int) or isinstance(rounds, bool) or rounds < 1:
        raise ModelError(f"exchange: rounds must be a whole number >= 1, not {rounds!r}")
    return variant, rounds


def run(arrays: ScenarioArrays, params: Mapping[str, Any], rng: np.random.Generator) -> Trajectory:
    """Play ``rounds`` rounds of exchanges on every run of the batch.

    Positions are put on 0-100 per issue (as the reference does) and back on the issue's scale.
    diagnostics: ``voting`` positions per round (rounds, runs, actors, issues), ``exchanges``
    (one record per realised exchange: round, run, step, actors, issues, shifts, gains) and
    ``externality`` (records, actors): each actor's utility change from each exchange.

    Parameters
    ----------
    arrays, params, rng : the batch; variant ('equal-gain' or 'random-rate') and rounds; the
        random-rate variant's generator (one stream per run)

    Returns
    -------
    Trajectory
        Positions per round, the weighted mean as forecast, exchanges in diagnostics.

    References
    ----------
    Stokman, F. N. & Van Oosten, R. (1994). The exchange of voting positions. In Bueno de
    Mesquita, B. & Stokman, F. N. (eds.), European Community Decision Making, Yale, 105-127.
    """
    variant, rounds = _check(params)
    rngs = rng.spawn(arrays.runs) if variant == "random-rate" else []  # one stream per run
    low, span = arrays.scale_low, arrays.scale_high - arrays.scale_low
    x = (arrays.position - low) / span * 100.0
    w = weights(arrays.capability, arrays.salience)
    channels = None if arrays.channels.all() else arrays.channels
    starts, votes, ext = [x], [], []
    records: dict[str, list[np.ndarray]] = {f: [] for f in ("round", *RECORD_FIELDS)}
    with np.errstate(divide="ignore", invalid="ignore"):
        for k in range(rounds):
            vote, x, log = play_round(x, arrays.salience, w, variant, rngs, channels)
            starts.append(x)
            votes.append(vote)
            for name, values in log.rows.items():
                records[name].append(values)
            records["round"].append(np.full(log.rows["run"].size, k + 1))
            ext.append(log.externality)
    positions = np.stack(starts) / 100.0 * span + low
    voting = np.stack(votes) / 100.0 * span + low
    forecast = np.concatenate([weighted_mean(positions[:1], w), weighted_mean(voting, w)])
    table = {
        name: np.concatenate(parts) if parts else np.zeros(0) for name, parts in records.items()
    }
    diagnostics = {
        "voting": voting,
        "exchanges": table,
        "externality": np.concatenate(ext) if ext else np.zeros((0, arrays.n_actors)),
        "scale": (low, span),
    }
    return Trajectory.from_positions(
        "exchange",
        arrays,
        positions,
        forecast=forecast,
        params=dict(params),
        diagnostics=diagnostics,
    )


SPEC = register(
    ModelSpec(
        "exchange",
        with_walkout(run),
        "Stokman's exchange model: cross-issue trades of support (equal-gain or random-rate)",
        defaults={"variant": "equal-gain", "rounds": 10, **WALKOUT_DEFAULTS},
        dynamic=True,
        uses_forums=True,
        stochastic=True,
        reference="decide-exchange-model on COP21 (equal gain, 10 rounds) to 0.01",
        explain=explain,
    )
)

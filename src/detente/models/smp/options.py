"""The SMP's named parameters: KTAB's nine model options plus the stopping rule, with defaults.

Every option keeps KTAB's value names (KAPSARC, KTAB ``kmodel.h`` and ``smp.h``), so a KTAB
XML scenario's ``ModelParameters`` carry over unchanged. Unknown names or values are a
:class:`~detente.errors.ModelError` that lists the choices.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from detente.errors import ModelError
from detente.models.smp.choices import CHOICES, value_name

DEFAULTS: dict[str, Any] = {name: default for name, (_, default) in CHOICES.items()}
DEFAULTS.update(
    {
        "rounds": 100,  # at most this many turns (KTAB: maxIter)
        "min_rounds": 2,  # KTAB: minIter
        "stop_ratio": 0.02,  # stop when a turn moves less than this share of the first turn
        "seed": None,  # KTAB's prngSeed; when set it replaces the caller's generator
        "ideal_adjustment": None,  # {actor: {reference actor: rate}}; None = identity
    }
)


@dataclass(frozen=True)
class Options:
    """Validated SMP options (value names as in KTAB)."""

    victory_prob_model: str
    pce_model: str
    state_transitions: str
    voting_rule: str
    big_r_adjust: str
    big_r_range: str
    third_party_commit: str
    inter_vec_brgn: str
    bargn_model: str
    rounds: int
    min_rounds: int
    stop_ratio: float
    seed: int | None
    ideal_adjustment: Mapping[str, Mapping[str, float]] | None


def canonical(name: str, value: Any) -> str:
    """KTAB's value name for option ``name``; ModelError naming the choices otherwise.

    Parameters
    ----------
    name : a parameter's name
    value : its value (any case)

    Returns
    -------
    str
        KTAB's spelling.
    """
    text = value_name(name, str(value))
    if text is None:
        allowed = ", ".join(CHOICES[name][0])
        raise ModelError(f"smp parameter '{name}' has no value '{value}' (choices: {allowed})")
    return text


def parse(params: Mapping[str, Any]) -> Options:
    """Check every parameter's value and return typed options.

    Parameters
    ----------
    params : the SMP's parameters

    Returns
    -------
    Options
        The options; a bad value raises :class:`ModelError` with the fix.
    """
    unknown = sorted(set(params) - set(DEFAULTS))
    if unknown:
        raise ModelError(f"model 'smp' has no parameter(s) {unknown} (known: {sorted(DEFAULTS)})")
    values = {**DEFAULTS, **params}
    for name in CHOICES:
        values[name] = canonical(name, values[name])
    for name in ("rounds", "min_rounds"):
        if not isinstance(values[name], (int, np.integer)) or values[name] < 1:
            raise ModelError(f"smp parameter '{name}' must be a whole number >= 1")
    if not 0 <= float(values["stop_ratio"]) < 1:
        raise ModelError("smp parameter 'stop_ratio' must be in [0, 1)")
    if values["seed"] is not None and (
        not isinstance(values["seed"], (int, np.integer)) or values["seed"] < 0
    ):
        raise ModelError("smp parameter 'seed' must be a whole number >= 0 or None")
    return Options(**values)


def accommodation(options: Options, actor_ids: tuple[str, ...]) -> np.ndarray:
    """KTAB's ideal-accommodation matrix: identity, with the given (actor, reference) rates.

    Row ``i`` says how far actor ``i``'s ideal moves towards each actor's new position every turn;
    what a row leaves below 1 stays on the old ideal (KTAB ``SMPState::newIdeals``).

    Parameters
    ----------
    options : the options
    actor_ids : the actors, in order

    Returns
    -------
    numpy.ndarray
        (n, n) accommodation matrix.
    """
    n = len(actor_ids)
    matrix = np.eye(n)
    if not options.ideal_adjustment:
        return matrix
    index = {a: k for k, a in enumerate(actor_ids)}
    for actor, row in options.ideal_adjustment.items():
        for ref, rate in row.items():
            for name in (actor, ref):
                if name not in index:
                    raise ModelError(
                        f"smp ideal_adjustment names unknown actor '{name}' "
                        f"(known: {', '.join(actor_ids)})"
                    )
            if not 0 <= float(rate) <= 1:
                raise ModelError(f"smp ideal_adjustment {actor}->{ref} = {rate} is not in [0, 1]")
            matrix[index[actor], index[ref]] = float(rate)
    sums = matrix.sum(axis=1)
    if np.any(sums > 1 + 1e-9):
        bad = [actor_ids[k] for k in np.flatnonzero(sums > 1 + 1e-9)]
        raise ModelError(
            f"smp ideal_adjustment rows of {bad} sum above 1 (the diagonal starts "
            "at 1: lower the actor's own rate when it leans towards others)"
        )
    return matrix

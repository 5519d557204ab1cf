"""What-ifs: the forecasts before and after declarative changes to a scenario.

Changes (the language is in :mod:`detente.scenario.changes`) come as CLI strings, YAML mappings
or change objects; :mod:`detente.scenario.editing` applies them and returns a new, validated
scenario. :func:`whatif` compares the model's forecast before and after, point and ensemble,
and says what each change did (:mod:`.whatif_effect`).

Forums decide who talks to whom (``ScenarioArrays.channels``); only models with pairwise
interaction (``ModelSpec.uses_forums``) read them, so forum changes leave the baselines unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from detente.analysis.batches import as_scenario, settled_forecast
from detente.analysis.perturb import Perturbation
from detente.execute.base import Cancel, Executor, Progress
from detente.scenario import Scenario, editing
from detente.scenario.changes import Change
from detente.scenario.editing import parse_changes
from detente.scenario.load import load_changes

__all__ = ["Change", "WhatIf", "apply_changes", "load_changes", "parse_changes", "whatif"]


def apply_changes(
    scenario: Scenario | str | Path, changes: Sequence[str | Mapping[str, Any] | Change]
) -> Scenario:
    """The scenario (an object, a bundled name or a file) with every change applied in order.

    Parameters
    ----------
    scenario : a scenario, a bundled scenario's name or a file
    changes : changes as text, mappings or change objects

    Returns
    -------
    Scenario
        A new, validated scenario (``Scenario.with_changes`` for an object in hand).
    """
    return editing.apply_changes(as_scenario(scenario), changes)


@dataclass(frozen=True)
class WhatIf:
    """The forecast per issue before and after some changes.

    Attributes
    ----------
    table : columns issue, before, after, shift (after - before) of the point forecast (a
        cycling model's mean over its cycle); before_median, after_median, median_shift,
        before_p05, before_p95, after_p05, after_p95 of two ensembles with the same seed (NaN
        without an ensemble)
    changes : the changes as text, in the order they were applied
    notes : what each change did, and why a change had no effect
    collapse : P(collapse) before and after ({"before": {...}, "after": {...}}) where actors
        state reservation values; else empty
    """

    table: pd.DataFrame
    changes: list[str]
    notes: list[str] = field(default_factory=list)
    collapse: dict[str, Any] = field(default_factory=dict)


def whatif(
    scenario: Scenario | str | Path,
    model: str = "weighted-median",
    *,
    changes: Sequence[str | Mapping[str, Any] | Change],
    params: Mapping[str, Any] | None = None,
    seed: int | None = 0,
    executor: Executor | None = None,
    runs: int = 1000,
    perturb: Perturbation = Perturbation(),
    progress: Progress | None = None,
    cancel: Cancel | None = None,
) -> WhatIf:
    """Forecast per issue before and after the changes, with the after-ensemble's 90% interval.

    Parameters
    ----------
    scenario : a scenario, a bundled scenario's name or a file
    model : a registered model's name
    changes : the changes, as text (``"remove RUS"``), mappings or change objects
    params : the model's parameters (over the scenario's stored ones)
    seed : seed of the model's draws and of the ensemble
    executor : where the ensemble's chunks run
    runs : runs of each ensemble, before and after the changes (0: none)
    perturb : the ensembles' input uncertainty (its ``perception`` switch included)
    progress : told ``(runs done, runs)`` by the ensemble
    cancel : asked between the ensemble's chunks; True stops with :class:`Cancelled`

    Returns
    -------
    WhatIf
        The table, the changes as text, the notes and P(collapse) before and after.
    """
    from detente.analysis.whatif_effect import compare

    s = as_scenario(scenario)
    parsed = parse_changes(changes)
    changed = apply_changes(s, parsed)
    before = settled_forecast(s, model, params, seed)
    after = settled_forecast(changed, model, params, seed)
    table = pd.DataFrame(
        {"issue": s.issue_ids, "before": before, "after": after, "shift": after - before}
    )
    hooks = {"executor": executor, "progress": progress, "cancel": cancel}
    table, notes, collapse = compare(s, changed, parsed, model, table, runs, seed, params,
                                     perturb, hooks)  # fmt: skip
    return WhatIf(table, [c.to_text() for c in parsed], notes, collapse)

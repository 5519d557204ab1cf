"""What-ifs: the forecasts before and after declarative changes to a scenario.

Changes (the language is in :mod:`detente.scenario.changes`) come as CLI strings, YAML mappings
or change objects; :mod:`detente.scenario.editing` applies them and returns a new, validated
scenario. :func:`whatif` compares the model's forecast before and after, with ensemble
intervals.

Forums decide who talks to whom (``ScenarioArrays.channels``); only models with pairwise
interaction (``ModelSpec.uses_forums``) read them, so forum changes leave the baselines unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from detente.analysis.batches import as_scenario, point_forecast
from detente.analysis.ensemble import ensemble
from detente.analysis.perturb import Perturbation
from detente.execute.base import Cancel, Executor, Progress
from detente.scenario import Scenario
from detente.scenario.changes import Change
from detente.scenario.editing import apply_changes, load_changes, parse_changes

__all__ = ["Change", "WhatIf", "apply_changes", "load_changes", "parse_changes", "whatif"]


@dataclass(frozen=True)
class WhatIf:
    """The forecast per issue before and after some changes.

    Attributes
    ----------
    table : columns issue, before, after, shift (after - before), after_p05, after_p95 (the
        after-ensemble's 90% interval; NaN without an ensemble)
    changes : the changes as text, in the order they were applied
    """

    table: pd.DataFrame
    changes: list[str]


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
    runs : runs of the ensemble after the changes (0: no interval)
    perturb : the ensemble's input uncertainty
    progress : told ``(runs done, runs)`` by the ensemble
    cancel : asked between the ensemble's chunks; True stops with :class:`Cancelled`

    Returns
    -------
    WhatIf
        The table and the changes as text.
    """
    s = as_scenario(scenario)
    parsed = parse_changes(changes)
    changed = apply_changes(s, parsed)
    before = point_forecast(s, model, params, seed)
    after = point_forecast(changed, model, params, seed)
    low = high = np.full_like(after, np.nan)
    if runs > 0:
        spread = ensemble(
            changed, model, params=params, seed=seed, executor=executor, runs=runs,
            perturb=perturb, progress=progress, cancel=cancel,
        )  # fmt: skip
        low, high = spread.summary["p05"].to_numpy(), spread.summary["p95"].to_numpy()
    table = pd.DataFrame(
        {
            "issue": s.issue_ids,
            "before": before,
            "after": after,
            "shift": after - before,
            "after_p05": low,
            "after_p95": high,
        }
    )
    return WhatIf(table, [c.to_text() for c in parsed])

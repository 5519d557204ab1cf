"""Checking estimates against the scenario they assess: the cells exist, values in range.

One check for every way estimates arrive: a member's submission (:func:`~detente.panel.submit`),
an offline member file (:mod:`detente.panel.files`) and inline estimates sent to the results
layer (:class:`~detente.panel.data.PanelSnapshot`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from pydantic import ValidationError

from detente.errors import Problem
from detente.panel.records import Estimate, PanelError
from detente.scenario import Scenario


def check_estimates(
    scenario: Scenario, estimates: Iterable[Estimate | Mapping[str, Any]], unique: bool = True
) -> tuple[Estimate, ...]:
    """Validate estimates against the scenario: the cells exist, values in range, and (with
    ``unique``) each cell given once.

    Parameters
    ----------
    scenario : the scenario assessed
    estimates : the estimates, as :class:`Estimate` or plain mappings
    unique : refuse a cell given twice

    Returns
    -------
    tuple[Estimate, ...]
        The validated estimates; otherwise a :class:`PanelError` ('invalid') naming every
        problem as ``estimates.N.field``.
    """
    problems: list[Problem] = []
    checked: list[Estimate] = []
    seen: set[tuple[str, str, str]] = set()
    for n, raw in enumerate(estimates):
        where = f"estimates.{n}"
        try:
            e = raw if isinstance(raw, Estimate) else Estimate.model_validate(raw)
        except ValidationError as exc:
            problems += _validation_problems(where, exc)
            continue
        problems += _cell_problems(scenario, e, where)
        key = (e.kind, e.actor, e.issue)
        if unique and key in seen:
            problems.append(Problem(where, f"cell {e.cell.key} given twice", "give it once"))
        seen.add(key)
        checked.append(e)
    if not checked and not problems:
        problems.append(Problem("estimates", "no estimate given", "assess at least one cell"))
    if problems:
        raise PanelError("the assessment is not valid", "invalid", problems)
    return tuple(checked)


def _validation_problems(where: str, exc: ValidationError) -> list[Problem]:
    out = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        out.append(Problem(f"{where}.{loc}".rstrip("."), err["msg"]))
    return out


def _cell_problems(scenario: Scenario, e: Estimate, where: str) -> list[Problem]:
    wrong = e.cell.problem(scenario)
    if wrong:
        return [Problem(where, wrong, "use the scenario's ids")]
    low, high = e.cell.bounds(scenario)
    out = []
    for field in ("value", "low", "high"):
        v = getattr(e, field)
        if v is None:
            continue
        if not low <= v <= high or (e.cell_kind.positive and v <= low):
            span = f"{low:g}-{high:g}" if np.isfinite(high) else f"above {low:g}"
            out.append(
                Problem(f"{where}.{field}", f"{v:g} is outside {span}", "give a value inside")
            )
    return out

"""The bridge from futures to the talks: each future becomes a changed negotiation scenario.

A futures file lists, per negotiation scenario, the what-if changes each variant brings
(docs/analysis/whatif.md). A future (one variant per descriptor) brings the changes of all its
variants, in descriptor order. Futures are weighted by their basin under succession (how many
starting points lead to them), by the experts' variant probabilities, or equally.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from detente.errors import DetenteError, UnknownNameError
from detente.futures.attractors import Basins, basins
from detente.futures.load import Futures
from detente.futures.solution import SolutionSet
from detente.scenario import Scenario
from detente.scenario.change_forms import parse_change
from detente.scenario.changes import Change
from detente.scenario.editing import apply_changes

WEIGHTINGS = ("basin", "prior", "equal")


def bridge_changes(futures: Futures, scenario_id: str, variants: Mapping[str, str]) -> list[Change]:
    """The what-if changes a future brings to a negotiation scenario.

    Parameters
    ----------
    futures : the study, with its bridges
    scenario_id : the negotiation scenario bridged onto
    variants : the future, {descriptor id: variant id}

    Returns
    -------
    list[Change]
        The changes of every variant of the future, in descriptor order.
    """
    bridges = futures.spec.bridges
    if scenario_id not in bridges:
        known = ", ".join(bridges) or "none"
        raise UnknownNameError(
            f"{futures.source}: no bridge to scenario '{scenario_id}' (bridges: {known}; "
            "fix: add one under 'bridges' in the futures file)"
        )
    table = bridges[scenario_id].changes
    out: list[Change] = []
    for d in futures.matrix.ids:
        items: Sequence[str | dict[str, Any]] = table.get(f"{d}.{variants[d]}", ())
        out += [parse_change(item) for item in items]
    return out


def future_scenario(
    base: Scenario, changes: Sequence[Change], label: str, name: str = ""
) -> Scenario:
    """``base`` with the future's changes applied, renamed ``<base id>-<label>``.

    Parameters
    ----------
    base : the negotiation scenario
    changes : the future's changes (:func:`bridge_changes`)
    label : the future's label (S1, S2, ...)
    name : the future's name, for the scenario's title

    Returns
    -------
    Scenario
        The changed scenario; a change that does not apply is refused naming the future.
    """
    try:
        changed = apply_changes(base, changes)
    except DetenteError as exc:
        raise DetenteError(f"future {label} on '{base.id}': {exc}") from None
    return changed.replace(
        id=f"{base.id}-{label}",
        name=f"{base.name}: future {label}" + (f" ({name})" if name else ""),
    )


def weigh(
    futures: Futures,
    solutions: SolutionSet,
    how: str = "basin",
    samples: int | None = None,
    seed: int | None = 0,
) -> tuple[np.ndarray, str, Basins | None]:
    """Weights of the futures in ``solutions`` (summing to 1), a note on them, and the basins.

    ``basin``: each consistent future's share of the starts whose global succession ends in it
    (exact when the product is small enough, else sampled with ``seed``); ``prior``: the product
    of the experts' variant probabilities, renormalised over the futures; ``equal``.

    Parameters
    ----------
    futures : the study
    solutions : its consistent futures
    how : 'basin', 'prior' or 'equal'
    samples : random starts for sampled basins (None: exact where the product allows)
    seed : their seed

    Returns
    -------
    tuple[numpy.ndarray, str, Basins or None]
        The weights, a sentence on how they were found, and the basins when weighed by basin.
    """
    m = len(solutions)
    if how not in WEIGHTINGS:
        raise DetenteError(f"weights '{how}': give one of {', '.join(WEIGHTINGS)}")
    if m == 0:
        return np.zeros(0), "no futures to weigh", None
    if how == "equal":
        return np.full(m, 1.0 / m), "equal weights", None
    if how == "prior":
        priors = futures.spec.priors()
        if priors is None:
            raise DetenteError(
                f"{futures.source}: no variant gives a probability (fix: add 'probability' to "
                "every variant, or weigh by basin)"
            )
        raw = np.array(
            [np.prod([priors[d][v] for d, v in s.items()]) for s in solutions.scenarios()]
        )
        note = "experts' variant probabilities, multiplied and renormalised over the futures"
        return _normalised(raw, note), note, None
    b = basins(futures.matrix, "global", samples=samples, seed=seed)
    basin_of = {tuple(a.states[0].tolist()): a.basin for a in b.attractors if a.consistent}
    raw = np.array([basin_of.get(tuple(row.tolist()), 0) for row in solutions.local], float)
    cycles = sum(a.basin for a in b.attractors if not a.consistent)
    note = f"basins under global succession, {b.describe()}"
    if cycles:
        note += f"; {cycles:,} starts end in cycles, left out of the weights"
    return _normalised(raw, note), note, b


def _normalised(raw: np.ndarray, note: str) -> np.ndarray:
    total = raw.sum()
    if total <= 0:
        raise DetenteError(f"every future has weight 0 ({note}); weigh them equally instead")
    return raw / total

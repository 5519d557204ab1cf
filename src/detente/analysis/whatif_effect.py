"""What a what-if did, and why a change had no effect.

:func:`compare` runs the ensemble before and after the changes (same seed, same draws), adds the
ensemble columns to the what-if table, and writes a note per effect: which pairs of actors can
now (or no longer) bargain and trade, how a channel changes what they know of each other, how
P(collapse) moved, and, whenever a change left every forecast where it was, the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from detente.analysis.breakdown import SCALE, SCALE_SD, collapse_summary
from detente.analysis.breakdown_runs import Draws, RunSample, sample_runs
from detente.analysis.perception import noise_shares
from detente.analysis.perturb import Perturbation
from detente.models.registry import get_model
from detente.scenario import Scenario
from detente.scenario.changes import Change, CloseForum, OnlyBilateral, OpenForum, Preset
from detente.scenario.reservation import veto_players

NO_EFFECT = 0.005  # shifts smaller than this (in scale points) count as none
FORUM_CHANGES = (OpenForum, CloseForum, OnlyBilateral, Preset)


def compare(
    before: Scenario,
    after: Scenario,
    changes: Sequence[Change],
    model: str,
    table: pd.DataFrame,
    runs: int,
    seed: int | None,
    params: Mapping[str, Any] | None,
    perturb: Perturbation,
    hooks: Mapping[str, Any],
) -> tuple[pd.DataFrame, list[str], dict[str, Any]]:
    """The table with its ensemble columns, the notes, and P(collapse) before and after.

    ``hooks``: executor, progress and cancel of the ensembles (progress counts both).

    Parameters
    ----------
    before, after : the scenario before and after the changes
    changes : the changes
    model : a registered model's name
    table : the point forecasts' table
    runs : runs of each ensemble (0: none)
    seed : seed of every draw
    params : the model's parameters
    perturb : the input uncertainty
    hooks : executor, progress and cancel of the ensembles

    Returns
    -------
    tuple[pandas.DataFrame, list[str], dict[str, Any]]
        The table, the notes, and P(collapse) before and after.
    """
    draws = Draws(SCALE, SCALE_SD)
    told = hooks.get("progress")
    first = None if told is None else (lambda done, total: told(done, 2 * total))
    second = None if told is None else (lambda done, total: told(total + done, 2 * total))
    ex, cancel = hooks.get("executor"), hooks.get("cancel")
    b = sample_runs(before, model, runs, seed, perturb, params, draws, ex, first, cancel)
    a = sample_runs(after, model, runs, seed, perturb, params, draws, ex, second, cancel)
    table = _ensemble_columns(table, b, a)
    collapse = _collapse(before, after, b, a)
    notes = _preset_notes(before, changes)
    notes += _channel_notes(before, after, changes, model, perturb)
    notes += _collapse_notes(collapse)
    notes += _effect_notes(table, runs, model, bool(notes))
    return table, notes, collapse


def _ensemble_columns(
    table: pd.DataFrame, b: RunSample | None, a: RunSample | None
) -> pd.DataFrame:
    nan = np.full(len(table), np.nan)
    qa = np.quantile(a.final, [0.05, 0.95, 0.5], axis=0) if a is not None else (nan, nan, nan)
    qb = np.quantile(b.final, [0.05, 0.95, 0.5], axis=0) if b is not None else (nan, nan, nan)
    table = table.copy()
    table["before_median"], table["after_median"] = qb[2], qa[2]
    table["median_shift"] = qa[2] - qb[2]
    table["before_p05"], table["before_p95"] = qb[0], qb[1]
    table["after_p05"], table["after_p95"] = qa[0], qa[1]
    return table


def _collapse(
    before: Scenario, after: Scenario, b: RunSample | None, a: RunSample | None
) -> dict[str, Any]:
    """P(collapse) before and after, where some actor states a reservation value."""
    if b is None or a is None:
        return {}
    if not any(x.reservation is not None for s in (before, after) for x in s.actors):
        return {}
    return {
        "before": collapse_summary(b, veto_players(before)),
        "after": collapse_summary(a, veto_players(after)),
    }


def _preset_notes(before: Scenario, changes: Sequence[Change]) -> list[str]:
    """What each preset does on this scenario, change by change."""
    from detente.scenario.presets import PRESETS, expand_preset

    notes = []
    for c in changes:
        if isinstance(c, Preset):
            parts = "; ".join(x.to_text() for x in expand_preset(c.name, before.model_dump()))
            notes.append(f"'{c.to_text()}' ({PRESETS[c.name].summary}) = {parts}")
    return notes


def _pairs(s: Scenario) -> set[tuple[str, str]]:
    ch = s.to_arrays().channels
    ids = s.actor_ids
    return {(ids[i], ids[j]) for i in range(len(ids)) for j in range(i + 1, len(ids)) if ch[i, j]}


def _shared(s: Scenario, x: str, y: str) -> list[str]:
    return [f.id for f in s.effective_forums() if x in f.members and y in f.members]


def _channel_notes(
    before: Scenario,
    after: Scenario,
    changes: Sequence[Change],
    model: str,
    perturb: Perturbation,
) -> list[str]:
    touched = [c.to_text() for c in changes if isinstance(c, FORUM_CHANGES)]
    if not touched:
        return []
    what = "; ".join(f"'{t}'" for t in touched)
    old, new = _pairs(before), _pairs(after)
    gained, lost = sorted(new - old), sorted(old - new)
    notes = []
    if gained or lost:
        moved = [f"{x}-{y} can now bargain and trade" for x, y in gained]
        moved += [f"{x}-{y} no longer meet" for x, y in lost]
        notes.append(f"{what}: {'; '.join(moved)}")
        if not get_model(model).uses_forums:
            notes.append(
                f"{model} pools every actor's position and ignores who talks to whom, so new or "
                "closed channels cannot move its point forecast (bdm, smp and exchange use them)"
            )
    else:
        notes.append(f"{what}: no pair of actors gains or loses a partner{_already(before, after)}")
    notes += _perception_notes(before, after, what, perturb)
    return notes


def _already(before: Scenario, after: Scenario) -> str:
    """Which forum already seats the pairs of a new forum (for the no-new-partner note)."""
    known = {g.id for g in before.effective_forums()}
    added = [f for f in after.effective_forums() if f.id not in known]
    for f in added:
        x, y = f.members[0], f.members[1]
        shared = _shared(before, x, y)
        if shared:
            return f" ({x} and {y} already meet in {', '.join(shared)})"
    return ""


def _perception_notes(
    before: Scenario, after: Scenario, what: str, perturb: Perturbation
) -> list[str]:
    if not perturb.perceives(after):
        return [
            "perception noise is off for this scenario (it declares no 'perception'; "
            "--perception turns it on), so channels do not change how well the actors know "
            "each other's positions"
        ]
    common = [a for a in before.actor_ids if a in after.actor_ids]
    sb, sa = noise_shares(before), noise_shares(after)
    ib = {a: k for k, a in enumerate(before.actor_ids)}
    ia = {a: k for k, a in enumerate(after.actor_ids)}
    moved = [
        f"{x}-{y} {sb[ib[x], ib[y]]:.0%} -> {sa[ia[x], ia[y]]:.0%}"
        for k, x in enumerate(common)
        for y in common[k + 1 :]
        if abs(sb[ib[x], ib[y]] - sa[ia[x], ia[y]]) > 1e-12
    ]
    if not moved:
        return [f"{what}: leaves the perception noise between every pair as it was"]
    return [
        f"{what}: perception noise (share of the default left; ensembles only): " + ", ".join(moved)
    ]


def _collapse_notes(collapse: dict[str, Any]) -> list[str]:
    if not collapse:
        return []
    b, a = collapse["before"]["mean"], collapse["after"]["mean"]
    return [f"P(collapse) {b:.3f} before, {a:.3f} after ({a - b:+.3f})"]


def _effect_notes(table: pd.DataFrame, runs: int, model: str, explained: bool) -> list[str]:
    point = table["shift"].abs()
    ens = table["median_shift"].abs() if runs > 0 else pd.Series(0.0, index=table.index)
    if point.max() < NO_EFFECT and ens.max() < NO_EFFECT:
        why = "see the notes above for why" if explained else _why_not(model, runs)
        return [f"no effect: no forecast moved by {NO_EFFECT} points or more ({why})"]
    k = int(np.argmax(point.to_numpy()))
    out = []
    if point.max() >= NO_EFFECT:
        out.append(f"largest point shift: {table['issue'][k]} {table['shift'][k]:+.2f}")
    if runs > 0 and ens.max() >= NO_EFFECT:
        j = int(np.argmax(ens.to_numpy()))
        out.append(
            f"largest shift of the ensemble median: {table['issue'][j]} "
            f"{table['median_shift'][j]:+.2f}"
        )
    return out


def _why_not(model: str, runs: int) -> str:
    """The reason a change of values moved nothing, as far as it can be told without a trace."""
    spec = get_model(model)
    ensemble = "" if runs > 0 else "; with --runs 0 there is no ensemble to move"
    if model in ("weighted-median", "bdm"):
        return (
            f"{model}'s forecast is a weighted median: it moves only if the change moves the "
            f"pivotal actor or shifts enough weight across it{ensemble}"
        )
    if not spec.dynamic:
        return f"the change does not reach the actors and issues {model} weighs{ensemble}"
    return f"{model} ends where it ended before: the change does not alter its rounds{ensemble}"

"""Back-tests across time: every model against 2005, 2007 and the 2009 collapse, and a verdict.

Each target pairs a bundled scenario with the outcome it should have called: korea-2005 with the
Joint Statement of September 2005, korea-2007 with the February and October 2007 agreements,
korea-2009 with the stalemate that followed the walk-out (no resumption through 2012). Per
model and target: the mean absolute gap between the forecast (a cycling model's mean over its
cycle) and the outcome, the same for the plain mean of the parties' positions (the yardstick),
and, where the scenario states reservation values and the outcome says whether the talks
collapsed, P(collapse) from :func:`detente.analysis.breakdown.breakdown` and whether the model
called it (P >= 0.5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from detente.analysis.batches import as_scenario, settled_forecast
from detente.analysis.breakdown import breakdown
from detente.errors import DetenteError
from detente.models.registry import list_models
from detente.scenario import Scenario

PLAIN = "mean"  # the yardstick: the unweighted mean of the parties' positions
CALL = 0.5  # a model calls the collapse when P(collapse) reaches this
TARGETS: tuple[tuple[str, str], ...] = (
    ("korea-2005", "JS_2005_09_19"),
    ("korea-2007", "IA_2007_02_13"),
    ("korea-2007", "SPA_2007_10_03"),
    ("korea-2009", "STALEMATE_2009_2012"),
)


@dataclass(frozen=True)
class SkillResult:
    """Per target and model (``detail``), per model (``table``), and one sentence (``verdict``)."""

    detail: pd.DataFrame
    table: pd.DataFrame
    verdict: str

    def payload(self) -> dict[str, Any]:
        """The documented JSON shape (docs/json-output.md, `detente skill`).

        Returns
        -------
        dict[str, Any]
            Plain JSON types.
        """
        return {
            "verdict": self.verdict,
            "table": self.table.to_dict(orient="records"),
            "detail": self.detail.to_dict(orient="records"),
        }


def skill(
    targets: Sequence[tuple[str | Scenario, str]] = TARGETS,
    models: Sequence[str] | None = None,
    runs: int = 0,
    seed: int = 0,
) -> SkillResult:
    """Score every model on every target; ``runs`` > 0 takes P(collapse) from an ensemble.

    Returns
    -------
    SkillResult; ``detail`` columns: scenario, outcome, model, issues, mae, plain_mae,
    beats_plain, p_collapse, called, collapsed, right (NaN or None where not assessed).

    Parameters
    ----------
    targets : (scenario, outcome id) pairs to score
    models : the models (default: every registered one)
    runs : ensemble runs for P(collapse) (0: the point forecast only)
    seed : seed of every draw
    """
    names = list(models) if models is not None else [m.name for m in list_models()]
    if PLAIN not in names:
        names = [PLAIN, *names]
    rows = []
    for ref, outcome_id in targets:
        s = as_scenario(ref)
        outcome = s.outcome(outcome_id)
        issues = [i for i in s.issue_ids if i in outcome.values]
        if not issues:
            raise DetenteError(f"outcome '{outcome_id}' of '{s.id}' places no issue to score")
        actual = np.array([outcome.values[i] for i in issues])
        cols = [s.issue_ids.index(i) for i in issues]
        for name in names:
            gap = np.abs(settled_forecast(s, name, seed=seed)[cols] - actual)
            rows.append(
                {
                    "scenario": s.id,
                    "outcome": outcome_id,
                    "model": name,
                    "issues": len(issues),
                    "mae": float(gap.mean()),
                    **_collapse_call(s, outcome.collapsed, name, runs, seed),
                }
            )
    detail = pd.DataFrame(rows)
    yard = detail[detail["model"] == PLAIN]
    plain = dict(zip(zip(yard["scenario"], yard["outcome"], strict=True), yard["mae"], strict=True))
    key = zip(detail["scenario"], detail["outcome"], strict=True)
    detail.insert(5, "plain_mae", [plain[k] for k in key])
    detail.insert(6, "beats_plain", detail["mae"] < detail["plain_mae"])
    table = _table(detail)
    return SkillResult(detail, table, verdict(detail, table))


def _collapse_call(
    s: Scenario, collapsed: bool | None, model: str, runs: int, seed: int
) -> dict[str, Any]:
    """P(collapse) and the call, where the scenario can say and the outcome records it."""
    if collapsed is None or all(a.reservation is None for a in s.actors):
        return {"p_collapse": np.nan, "called": None, "collapsed": collapsed, "right": None}
    c = breakdown(s, model, runs=runs, seed=seed).collapse
    p = c["point"] if runs == 0 else c["mean"]
    called = bool(p >= CALL)
    return {"p_collapse": p, "called": called, "collapsed": collapsed, "right": called == collapsed}


def _table(detail: pd.DataFrame) -> pd.DataFrame:
    """Per model: mean gap over the targets, the plain mean's, wins and collapse calls."""
    out = []
    for model, rows in detail.groupby("model", sort=False):
        calls = rows.dropna(subset=["p_collapse"])
        out.append(
            {
                "model": model,
                "mae": rows["mae"].mean(),
                "plain_mae": rows["plain_mae"].mean(),
                "vs_plain": rows["mae"].mean() - rows["plain_mae"].mean(),
                "wins": int(rows["beats_plain"].sum()),
                "targets": len(rows),
                "collapse_right": int(calls["right"].sum()) if len(calls) else 0,
                "collapse_scored": len(calls),
            }
        )
    return pd.DataFrame(out).sort_values("mae", kind="stable", ignore_index=True)


def verdict(detail: pd.DataFrame, table: pd.DataFrame) -> str:
    """One sentence: the best model, the margin over the plain mean, korea-2005, the collapse.

    Parameters
    ----------
    detail : the per-target scores
    table : the per-model summary

    Returns
    -------
    str
        The sentence.
    """
    models = table[table["model"] != PLAIN]
    best = models.iloc[0]
    plain = float(best["plain_mae"])
    margin = plain - float(best["mae"])
    parts = [
        f"best model: {best['model']} (mean absolute gap {best['mae']:.1f} over "
        f"{best['targets']} targets), "
        + (
            f"{margin:.1f} points better than the plain mean ({plain:.1f})"
            if margin > 0
            else f"{-margin:.1f} points worse than the plain mean ({plain:.1f}), "
            "which no model beats on average"
        )
    ]
    k5 = detail[detail["scenario"] == "korea-2005"]
    if len(k5):
        others = k5[k5["model"] != PLAIN]
        if (others["mae"] > others["plain_mae"]).all():
            parts.append(
                f"on korea-2005 the plain mean ({k5['plain_mae'].iloc[0]:.1f}) beats every "
                f"model ({others['mae'].min():.1f} to {others['mae'].max():.1f})"
            )
    calls = detail.dropna(subset=["p_collapse"])
    calls = calls[calls["model"] != PLAIN]
    if len(calls):
        right = calls[calls["right"].astype(bool)]
        parts.append(
            f"{len(right)} of {len(calls)} models called the collapse correctly "
            f"(P(collapse) {calls['p_collapse'].min():.2f} to {calls['p_collapse'].max():.2f}, "
            f"called at {CALL})"
        )
    return "; ".join(parts) + "."

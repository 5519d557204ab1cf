"""Breakdowns of several models side by side: P(collapse) per model and every actor's margins."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from detente.analysis.breakdown import Breakdown


def models_summary(results: Sequence[Breakdown]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per model (P(collapse), interval, first to walk, convergence), and a wide table of
    margins (one row per actor, one column per model).

    Parameters
    ----------
    results : one breakdown per model

    Returns
    -------
    tuple[pandas.DataFrame, pandas.DataFrame]
        The per-model table and the margins table.
    """
    rows = []
    for r in results:
        rows.append(
            {
                "model": r.model,
                "p_collapse": r.collapse["mean"],
                "p05": r.collapse["p05"],
                "p95": r.collapse["p95"],
                "point": r.collapse["point"],
                "first": r.first,
                "not_converged": r.convergence_summary,
            }
        )
    margins = pd.DataFrame({"actor": results[0].actors["actor"]}) if results else pd.DataFrame()
    for r in results:
        margins[r.model] = r.actors["margin"].to_numpy()
    return pd.DataFrame(rows), margins

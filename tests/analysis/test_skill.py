"""Back-tests across time: the gaps against the known numbers, the collapse call, the verdict."""

from __future__ import annotations

import pandas as pd
import pytest

from detente.analysis.skill import skill, verdict


def test_korea_2005_gaps_are_the_documented_ones() -> None:
    r = skill([("korea-2005", "JS_2005_09_19")], models=["weighted-mean", "smp"])
    gaps = r.detail.set_index("model")["mae"]
    # docs/data/korea.md: plain mean 5.33, weighted mean 10.30; smp 9.30 (`detente forecast`)
    assert gaps["mean"] == pytest.approx(5.33, abs=0.005)
    assert gaps["weighted-mean"] == pytest.approx(10.30, abs=0.005)
    assert gaps["smp"] == pytest.approx(9.30, abs=0.005)
    assert not r.detail["beats_plain"].any()
    assert "plain mean (5.3) beats every model (9.3 to 10.3)" in r.verdict


def test_the_collapse_call_needs_reservation_values_and_a_recorded_collapse() -> None:
    r = skill(
        [("korea-2007", "IA_2007_02_13"), ("korea-2009", "STALEMATE_2009_2012")],
        models=["weighted-median"],
    )
    rows = r.detail.set_index(["scenario", "model"])
    assert pd.isna(rows.loc[("korea-2007", "weighted-median"), "p_collapse"])  # no reservations
    k9 = rows.loc[("korea-2009", "weighted-median")]
    assert k9["collapsed"] is True or k9["collapsed"] == True  # noqa: E712 (numpy bool)
    assert k9["called"] == (k9["p_collapse"] >= 0.5)
    assert k9["right"] == (k9["called"] == k9["collapsed"])


def test_verdict_when_a_model_beats_the_plain_mean() -> None:
    detail = pd.DataFrame(
        {
            "scenario": ["s", "s"],
            "outcome": ["o", "o"],
            "model": ["mean", "m"],
            "mae": [10.0, 7.5],
            "plain_mae": [10.0, 10.0],
            "beats_plain": [False, True],
            "p_collapse": [float("nan")] * 2,
            "right": [None, None],
        }
    )
    table = pd.DataFrame(
        {"model": ["m", "mean"], "mae": [7.5, 10.0], "plain_mae": [10.0, 10.0], "targets": [1, 1]}
    )
    assert verdict(detail, table) == (
        "best model: m (mean absolute gap 7.5 over 1 targets), 2.5 points better than the plain "
        "mean (10.0)."
    )

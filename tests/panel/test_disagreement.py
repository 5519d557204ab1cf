"""Disagreement: Kendall's W per issue, Krippendorff's alpha per kind, convergence by round."""

from __future__ import annotations

import numpy as np
import pytest

from detente.panel import alpha_by_kind, issue_table, kendall_w, rounds_table
from detente.panel.stats import krippendorff_alpha


def pos(member: str, actor: str, issue: str, value: float, round_: int = 1) -> dict:
    return {"round": round_, "member": member, "kind": "position", "actor": actor,
            "issue": issue, "value": value}  # fmt: skip


X = [pos("m1", "A", "x", 10), pos("m1", "B", "x", 50), pos("m1", "C", "x", 90),
     pos("m2", "A", "x", 20), pos("m2", "B", "x", 40), pos("m2", "C", "x", 80),
     pos("m3", "A", "x", 30), pos("m3", "B", "x", 60), pos("m3", "C", "x", 70)]  # fmt: skip
Y = [pos("m1", "A", "y", 10), pos("m1", "B", "y", 20), pos("m1", "C", "y", 30),
     pos("m2", "A", "y", 30), pos("m2", "B", "y", 20), pos("m2", "C", "y", 10),
     pos("m3", "A", "y", 50), pos("m3", "B", "y", 50)]  # fmt: skip


def test_kendall_w_per_issue_uses_members_who_ranked_every_actor(panel_data):
    table = kendall_w(panel_data(X + Y)).set_index("issue")
    # x: every member orders A < B < C
    assert (table.loc["x", "w"], table.loc["x", "members"]) == (1.0, 3)
    # y: m1 and m2 order the actors oppositely; m3 left C out and does not count
    assert (table.loc["y", "w"], table.loc["y", "members"]) == (0.0, 2)


def test_kendall_w_is_nan_below_two_complete_members(panel_data):
    table = kendall_w(panel_data(X[:3] + Y)).set_index("issue")
    assert np.isnan(table.loc["x", "w"]) and table.loc["x", "members"] == 1


def test_alpha_by_kind_is_krippendorffs_alpha_of_the_members_by_cells(panel_data):
    cap = [{"round": 1, "member": m, "kind": "capability", "actor": "A", "issue": "",
            "value": v} for m, v in (("m1", 1.0), ("m2", 2.0))]  # fmt: skip
    table = alpha_by_kind(panel_data(X + Y + cap)).set_index("kind")
    n = np.nan
    by_hand = np.array(
        [
            [10, 50, 90, 10, 20, 30],
            [20, 40, 80, 30, 20, 10],
            [30, 60, 70, 50, 50, n],
        ]
    )  # fmt: skip  (members x cells A.x B.x C.x A.y B.y C.y)
    assert table.loc["position", "alpha"] == pytest.approx(krippendorff_alpha(by_hand), abs=1e-12)
    assert (table.loc["position", "cells"], table.loc["position", "values"]) == (6, 17)
    assert table.loc["capability", "cells"] == 1


def test_rounds_table_measures_convergence(panel_data):
    rows = [pos("m1", "A", "x", 10), pos("m2", "A", "x", 20), pos("m3", "A", "x", 60),
            pos("m3", "A", "x", 30, round_=2)]  # fmt: skip
    table = rounds_table(panel_data(rows)).set_index("round")
    assert list(table.index) == [1, 2]
    # round 1: 10, 20, 60 (IQR 25, range 50); round 2: m1 and m2 stand, m3 moves to 30
    assert (table.loc[1, "median_iqr"], table.loc[1, "mean_range"]) == (25.0, 50.0)
    assert (table.loc[2, "median_iqr"], table.loc[2, "mean_range"]) == (10.0, 20.0)
    assert table.loc[2, "iqr_ratio"] == pytest.approx(0.4)
    assert (table.loc[2, "narrower"], table.loc[2, "wider"]) == (1.0, 0.0)
    assert table.loc[2, "members"] == 3  # members who stand pat still count
    assert np.isnan(table.loc[1, "iqr_ratio"])


def test_issue_table_names_the_most_disputed_actor(panel_data):
    table = issue_table(panel_data(X + Y)).set_index("issue")
    # x: IQRs A 10, B 10, C 10; y: A 20, B 15, C 10 (C given by two members)
    assert table.loc["x", "median_iqr"] == 10.0
    assert (table.loc["y", "max_iqr"], table.loc["y", "most_disputed"]) == (20.0, "A")


def test_panels_without_positions_or_with_one_member_still_summarise(panel_data):
    from detente.panel import summarize

    caps = [{"round": 1, "member": m, "kind": "capability", "actor": "A", "issue": "",
             "value": v} for m, v in (("m1", 1.0), ("m2", 3.0))]  # fmt: skip
    result = summarize(panel_data(caps))
    assert result.issues["kendall_w"].isna().all() and result.issues["median_iqr"].isna().all()
    # one unit with two different values: observed = expected disagreement, alpha 0
    assert result.alpha == 0.0
    lone = summarize(panel_data([pos("m1", "A", "x", 10)]))
    assert np.isnan(lone.alpha) and lone.members == ["m1"]
    assert lone.rounds.loc[0, "median_iqr"] == 0.0

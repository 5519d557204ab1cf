"""The cells whose disagreement moves the forecast most."""

from __future__ import annotations

import pytest

from detente.panel import spread_sensitivity, top_cells
from tests.panel.test_pool import ROWS


def test_swing_of_the_plain_mean_by_hand(panel_data):
    table = spread_sensitivity(panel_data(ROWS), "mean")
    # only A's position on x is disputed (10 to 60); C's capability has one value, no spread.
    # The plain mean of x moves by (60 - 10) / 3; nothing moves y.
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["kind"], row["actor"], row["cell_issue"], row["issue"]) == (
        "position",
        "A",
        "x",
        "x",
    )
    assert (row["low"], row["high"], row["rank"]) == (10.0, 60.0, 1)
    assert row["forecast_low"] == pytest.approx(160 / 3)
    assert row["swing"] == pytest.approx(50 / 3)


def test_capability_spread_reaches_every_issue(panel_data):
    rows = [*ROWS, *({"round": 1, "member": m, "kind": "capability", "actor": "A", "issue": "",
                      "value": v} for m, v in (("m1", 1.0), ("m2", 5.0)))]  # fmt: skip
    table = spread_sensitivity(panel_data(rows), "weighted-mean")
    capability = table[table["kind"] == "capability"]
    assert set(capability["issue"]) == {"x", "y"}
    assert (capability["cell_issue"] == "").all()
    top = top_cells(table, top=5)
    assert top["swing"].is_monotonic_decreasing
    assert not top.duplicated(["kind", "actor", "cell_issue"]).any()

"""Tracking and ledger of the two-party roadmap on several dates (numbers by hand)."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.roadmap import actions_table, ledger, status
from detente.roadmap.ledger import totals

D = dt.date


def stage_row(mini, on: dt.date, stage: str) -> dict:  # type: ignore[no-untyped-def]
    table = status(mini.roadmap, on).set_index("stage")
    return table.loc[stage].to_dict()


def test_stage_one_done_late_when_the_last_tranche_arrives(mini) -> None:  # type: ignore[no-untyped-def]
    before = stage_row(mini, D(2020, 4, 19), "s1")
    assert (
        before["state"] == "late" and before["days_late"] == 19 and before["actions_done"] == "1/2"
    )
    after = stage_row(mini, D(2020, 4, 20), "s1")
    assert after["state"] == "done" and after["completed"] == D(2020, 4, 20)
    assert after["days_late"] == 20


def test_stage_two_blocked_then_started_then_late(mini) -> None:  # type: ignore[no-untyped-def]
    assert stage_row(mini, D(2020, 3, 1), "s2")["state"] == "blocked"
    assert stage_row(mini, D(2020, 3, 1), "s2")["blocked_by"] == "s1"
    assert stage_row(mini, D(2020, 5, 1), "s2")["state"] == "in progress"
    late = stage_row(mini, D(2020, 7, 10), "s2")
    assert late["state"] == "late" and late["days_late"] == 10


def test_cumulative_delivery_replaces_the_running_total(mini) -> None:  # type: ignore[no-untyped-def]
    rows = actions_table(mini.roadmap, D(2020, 3, 1)).set_index("action")
    assert rows.loc["b1", "delivered"] == 40 and rows.loc["b1", "state"] == "started"
    rows = actions_table(mini.roadmap, D(2020, 12, 31)).set_index("action")
    assert rows.loc["b1", "delivered"] == 100 and rows.loc["b1", "state"] == "done"
    assert rows.loc["b2", "delivered"] == 30


def test_ledger_balances_and_burden_shares(mini) -> None:  # type: ignore[no-untyped-def]
    table = ledger(mini.roadmap, D(2020, 12, 31)).set_index("stage")
    assert table.loc["s1", "status"] == "complete" and table.loc["s2", "status"] == "short"
    assert table.loc["s2", "outstanding"] == 70
    # 100 of the 130 t delivered went to stage 1
    assert table.loc["s1", "share_of_deliveries_pct"] == pytest.approx(76.9)
    assert table.loc["s2", "share_of_pledges_pct"] == pytest.approx(50.0)
    by_donor = ledger(mini.roadmap, D(2020, 12, 31), by_stage=False)
    assert by_donor.iloc[0][["pledged", "delivered", "delivered_pct"]].tolist() == [200, 130, 65.0]
    assert totals(by_donor).iloc[0]["outstanding"] == 70


def test_nothing_delivered_before_the_first_event(mini) -> None:  # type: ignore[no-untyped-def]
    table = ledger(mini.roadmap, D(2019, 1, 1), by_stage=False)
    assert table.iloc[0]["status"] == "none" and table.iloc[0]["delivered"] == 0


def test_stage_events_apply_to_every_action(mini) -> None:  # type: ignore[no-untyped-def]
    events = [
        *mini.roadmap.events,
        {"date": D(2020, 5, 20), "stage": "s2", "kind": "suspended"},
        {"date": D(2020, 8, 1), "stage": "s2", "kind": "verified"},
    ]
    roadmap = mini.roadmap.model_validate({**mini.roadmap.model_dump(), "events": events})
    assert status(roadmap, D(2020, 6, 1)).set_index("stage").loc["s2", "state"] == "suspended"
    verified = status(roadmap, D(2020, 8, 1)).set_index("stage").loc["s2"]
    assert verified["state"] == "verified" and verified["completed"] == D(2020, 8, 1)
    assert verified["days_late"] == 32

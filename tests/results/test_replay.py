"""Every kind recorded in the run store replays bit for bit through the same compute function,
on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from detente.errors import DetenteError
from detente.results import build_request, compute_and_record, replay, stored_request
from tests.results.test_kinds import REQUESTS

# futures-solve and futures-experts have no negotiation scenario; every stored run has one
UNSTORED = ("futures-solve", "futures-experts")
RECORDABLE = [(kind, fields) for kind, fields in REQUESTS if kind not in UNSTORED]


@pytest.mark.parametrize(("kind", "fields"), RECORDABLE, ids=[k for k, _ in RECORDABLE])
def test_every_kind_replays_bit_for_bit(store, kind: str, fields: dict) -> None:
    result, (run_id,) = compute_and_record(store, build_request(kind, fields))
    run = store.get(run_id)
    assert run.kind == kind and run.status == "ok" and list(run.tables) == list(result.tables())
    assert stored_request(run) == result.request.resolve()  # what was asked, exactly
    replayed = replay(store, run_id)
    assert replayed.identical, replayed.differences
    assert type(replayed.result) is type(result)


def test_a_futures_solve_is_not_recorded_and_says_why(store) -> None:
    request = build_request("futures-solve", {"futures": "dprk-futures"})
    with pytest.raises(DetenteError, match="no scenario, so it cannot be stored"):
        compute_and_record(store, request)


def test_a_backtest_of_every_bundled_scenario_records_one_run_each(store) -> None:
    result, ids = compute_and_record(store, build_request("backtest", {"models": ["mean"]}))
    scenarios = [store.get(i).scenario_id for i in ids]
    assert scenarios == [s.id for s in result.scenarios] and len(ids) >= 2
    assert all(replay(store, i).identical for i in ids)

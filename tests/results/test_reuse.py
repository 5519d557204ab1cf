"""A seeded request already computed and recorded is answered with its recorded run."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from detente import load_scenario
from detente.results import Recorded, build_request, request_key

sqlalchemy = pytest.importorskip("sqlalchemy")

from detente.store import RunStore  # noqa: E402


@pytest.fixture
def store(tmp_path):
    with RunStore(tmp_path / "runs.sqlite") as opened:
        yield opened


def forecast(**fields):
    return build_request("forecast", {"scenario": "korea-2005", "model": "bdm", **fields})


def test_the_same_request_is_computed_and_recorded_once(store):
    recorded = Recorded()
    first, ids, reused = recorded.compute_and_record(store, forecast(seed=3))
    again, same_ids, reused_again = recorded.compute_and_record(store, forecast(seed=3))
    assert (reused, reused_again) == (False, True) and same_ids == ids
    assert again is first and len(store.runs()) == 1
    assert store.get(ids[0]).tables["forecast"].equals(first.tables()["forecast"])


def test_another_seed_scope_or_scenario_computes_anew(store):
    recorded = Recorded()
    _, base, _ = recorded.compute_and_record(store, forecast(seed=3))
    _, other_seed, reused = recorded.compute_and_record(store, forecast(seed=4))
    assert not reused and other_seed != base
    _, other_scope, reused = recorded.compute_and_record(store, forecast(seed=3), scope=(1, 2))
    assert not reused and other_scope not in (base, other_seed)
    changed = load_scenario("korea-2005").with_changes("set RUS salience:denuc_scope 0.95")
    _, edited, reused = recorded.compute_and_record(store, forecast(seed=3, scenario=changed))
    assert not reused and edited not in (base, other_seed, other_scope)
    assert len(store.runs()) == 4


def test_a_request_without_a_seed_is_never_reused(store):
    recorded = Recorded()
    assert request_key(forecast(seed=None).resolve()) is None
    ids = [recorded.compute_and_record(store, forecast(seed=None))[1] for _ in range(2)]
    assert ids[0] != ids[1] and len(store.runs()) == 2 and len(recorded) == 0


def test_the_key_is_what_is_computed_not_where():
    named = forecast(seed=1).resolve()
    inline = forecast(seed=1, scenario=load_scenario("korea-2005"), executor="local").resolve()
    assert request_key(named) == request_key(inline)
    assert request_key(named) != request_key(forecast(seed=1, model="smp").resolve())


def test_the_least_recently_used_result_goes_first(store):
    recorded = Recorded(size=1)
    recorded.compute_and_record(store, forecast(seed=1))
    recorded.compute_and_record(store, forecast(seed=2))
    assert not recorded.compute_and_record(store, forecast(seed=1))[2]
    assert len(recorded) == 1 and len(store.runs()) == 3


def test_the_same_request_asked_at_once_is_computed_once(store):
    recorded = Recorded()
    with ThreadPoolExecutor(max_workers=6) as threads:
        answers = list(
            threads.map(lambda _: recorded.compute_and_record(store, forecast(seed=5)), range(6))
        )
    assert len({tuple(ids) for _, ids, _ in answers}) == 1
    assert sum(not reused for _, _, reused in answers) == 1 and len(store.runs()) == 1

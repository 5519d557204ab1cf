"""Recording, reading, comparing and replaying runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import sqlalchemy as sa

from detente import __version__, load_scenario
from detente.errors import DetenteError, UnknownNameError
from detente.results import build_request, compute_and_record
from detente.results import replay as replay_run
from detente.store import RunStore, StoreError, compare_runs, store_url
from detente.store.schema import Base

EC = load_scenario("ec-car-emissions")


def run_and_record(store, kind, scenario, model, params=None, seed=0, options=None, note=None):
    """Compute a run of ``kind`` through the results layer and record it: (run id, tables)."""
    fields = {"scenario": scenario, "model": model, "params": params or {}, "seed": seed}
    request = build_request(kind, {**fields, **(options or {})})
    result, (run_id,) = compute_and_record(store, request, note=note)
    return run_id, result.tables()


def replay(run_id, store):
    return replay_run(store, run_id)


def test_migrations_build_exactly_the_orm_tables(store):
    from alembic.autogenerate import compare_metadata
    from alembic.config import Config
    from alembic.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", "detente.store:migrations")
    (head,) = ScriptDirectory.from_config(config).get_heads()  # one line of migrations
    assert head == "0004_panels"
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert context.get_current_revision() == head
        assert compare_metadata(context, Base.metadata) == []


def test_reopening_a_store_keeps_its_runs(backend_url):
    with RunStore(backend_url) as first:
        run_id, _ = run_and_record(first, "forecast", EC, "weighted-mean")
    with RunStore(backend_url) as second:
        assert list(second.runs()["id"]) == [run_id]


def test_a_recorded_forecast_reads_back_exactly(store):
    run_id, tables = run_and_record(store, "forecast", EC, "weighted-median", seed=3, note="x")
    run = store.get(run_id)
    assert (run.kind, run.scenario_id, run.model, run.seed, run.status, run.note) == (
        "forecast", "ec-car-emissions", "weighted-median", 3, "ok", "x"
    )  # fmt: skip
    assert run.detente_version == __version__
    assert run.scenario() == EC
    assert run.started_at <= run.finished_at and run.started_at.tzinfo is not None
    pd.testing.assert_frame_equal(run.tables["forecast"], tables["forecast"], check_exact=True)
    # the weighted median of the EC data is a real actor's position
    positions = {s.position for stances in EC.stances.values() for s in stances.values()}
    assert set(run.tables["forecast"]["forecast"]) <= positions
    assert store.check() == []


def test_list_is_newest_first_and_filters(store):
    a, _ = run_and_record(store, "forecast", EC, "mean")
    b, _ = run_and_record(store, "trace", EC, "weighted-mean")
    runs = store.runs()
    assert list(runs["id"]) == [b, a]
    assert list(runs["kind"]) == ["trace", "forecast"]
    assert list(store.runs(kind="forecast")["id"]) == [a]
    assert store.runs(scenario="nope").empty


def test_unknown_run_is_a_clear_error(store):
    with pytest.raises(UnknownNameError, match=r"no run 99.*detente runs list"):
        store.get(99)


def test_a_failing_run_is_recorded_as_failed(store):
    with pytest.raises(DetenteError, match="no parameter"):
        run_and_record(store, "forecast", EC, "mean", params={"bogus": 1})
    run = store.get(int(store.runs()["id"].iloc[0]))
    assert run.status == "failed" and "bogus" in (run.error or "") and run.tables == {}
    assert store.check() == []
    with pytest.raises(DetenteError, match="failed when recorded"):
        replay(run.id, store)


def test_compare_lists_input_and_number_differences(store):
    a, ta = run_and_record(store, "forecast", EC, "weighted-mean")
    b, tb = run_and_record(store, "forecast", EC, "weighted-median")
    diff = compare_runs(a, b, store)
    inputs = diff[diff["table"] == "inputs"]
    assert list(inputs["column"]) == ["model"]
    assert list(inputs[["a", "b"]].iloc[0]) == ["weighted-mean", "weighted-median"]
    numbers = diff[(diff["table"] == "forecast") & (diff["column"] == "forecast")]
    assert len(numbers) == len(EC.issues)
    expected = tb["forecast"]["forecast"].to_numpy() - ta["forecast"]["forecast"].to_numpy()
    assert np.array_equal(numbers["difference"].to_numpy(dtype=float), expected)
    same = compare_runs(a, a, store, only_differences=True)
    assert same.empty


@pytest.mark.parametrize("kind", ["forecast", "trace"])
def test_replay_reproduces_bit_for_bit(store, kind):
    run_id, _ = run_and_record(store, kind, EC, "weighted-median", seed=11)
    result = replay(run_id, store)
    assert result.identical, result.differences


def test_replay_notices_a_tampered_result(store):
    run_id, tables = run_and_record(store, "forecast", EC, "weighted-mean")
    data = tables["forecast"].copy()
    data.loc[0, "forecast"] = np.nextafter(data.loc[0, "forecast"], np.inf)  # one ulp off
    from detente.store.tables import encode_table

    with store.engine.begin() as connection:
        table = Base.metadata.tables["result_tables"]
        connection.execute(
            sa.update(table).where(table.c.run_id == run_id).values(data=encode_table(data))
        )
    result = replay(run_id, store)
    assert not result.identical
    assert list(result.differences["table"]) == ["forecast"]


def test_store_url_defaults_and_rewrites(monkeypatch, tmp_path):
    monkeypatch.delenv("DETENTE_STORE", raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    # the user's data folder (platformdirs), created on demand: the same store from every folder
    assert store_url() == f"sqlite:///{tmp_path / 'data' / 'detente' / 'detente-runs.sqlite'}"
    assert (tmp_path / "data" / "detente").is_dir()
    monkeypatch.setenv("DETENTE_STORE", "postgresql://u@h/db")
    assert store_url() == "postgresql+psycopg://u@h/db"
    assert store_url("x.sqlite") == f"sqlite:///{tmp_path / 'x.sqlite'}"


def test_an_unreachable_server_is_a_clear_error():
    with pytest.raises(StoreError, match=r"cannot open run store.*fix"):
        RunStore("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2")


def test_bad_status_is_refused(store):
    now = dt.datetime.now(dt.UTC)
    with pytest.raises(StoreError, match="status"):
        store.record(kind="forecast", scenario=EC, model="mean", params={}, seed=0, tables={},
                     started_at=now, finished_at=now, status="running")  # fmt: skip


PERTURB = {"position_sd": 5.0, "salience_sd": 0.1, "capability_sd": 0.2, "use_scenario": True,
           "perception": None}  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "options", "column"),
    [
        ("ensemble", {"runs": 300, "thresholds": [], "chunk_size": 100, "perturb": PERTURB}, "p95"),
        ("sensitivity", {"method": "oat", "samples": 512, "perturb": PERTURB}, "index"),
        ("influence", {"method": "shapley", "samples": None}, "value"),
        ("whatif", {"changes": ["remove Germany"], "runs": 0, "perception": None}, "after"),
    ],
)
def test_analysis_runs_replay_bit_for_bit(tmp_path, kind, options, column):
    with RunStore(tmp_path / "a.sqlite") as store:
        run_id, tables = run_and_record(store, kind, EC, "weighted-mean", seed=4, options=options)
        (table,) = tables.values()
        assert len(table) >= 1 and np.isfinite(table[column].to_numpy(dtype=float)).any()
        assert store.get(run_id).options == options
        assert replay(run_id, store).identical


def test_a_password_is_never_shown():
    with pytest.raises(StoreError) as info:
        RunStore("postgresql://me:s3cret@127.0.0.1:1/none?connect_timeout=2")
    assert "s3cret" not in str(info.value) and "me:***@" in str(info.value)
    with pytest.raises(StoreError) as info:
        RunStore("nodriver://me:s3cret@host/db")
    assert "s3cret" not in str(info.value)

"""`--record` on trace, sensitivity, influence, whatif and backtest: listed, shown and replayed."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from detente.cli import app

pytest.importorskip("sqlalchemy")
runner = CliRunner()
EC = "ec-car-emissions"

# command line, then the kind, model and seed the store must show for it
CASES = [
    (["trace", EC, "-m", "bdm", "--rounds", "3", "--seed", "7"], "trace", "bdm", 7),
    (
        ["sensitivity", EC, "-m", "weighted-mean", "--method", "sobol", "--samples", "16",
         "--seed", "7"],
        "sensitivity", "weighted-mean", 7,
    ),
    (
        ["influence", EC, "-m", "weighted-median", "--samples", "20", "--seed", "7"],
        "influence", "weighted-median", 7,
    ),
    (
        ["whatif", EC, "--change", "set UK position 4", "--remove", "France", "-n", "50",
         "--seed", "7"],
        "whatif", "weighted-median", 7,
    ),
    (["backtest", EC, "--model", "mean,weighted-median"], "backtest", "mean,weighted-median", None),
]  # fmt: skip


def invoke(*args: str):
    return runner.invoke(app, list(args))


def runs_cmd(store: str, *args: str):
    return invoke("runs", *args, "--store", store)


@pytest.fixture(autouse=True)
def _no_env_switches(monkeypatch):
    monkeypatch.delenv("DETENTE_RECORD", raising=False)
    monkeypatch.delenv("DETENTE_STORE", raising=False)


@pytest.mark.parametrize(("args", "kind", "model", "seed"), CASES, ids=[c[1] for c in CASES])
def test_recorded_run_is_listed_and_replays_identically(tmp_path, args, kind, model, seed):
    store = f"sqlite:///{tmp_path / 'x.sqlite'}"
    result = invoke(*args, "-f", "json", "--record", "--store", store)
    assert result.exit_code == 0, result.output
    assert "recorded run 1" in result.stderr
    (row,) = json.loads(runs_cmd(store, "list", "-f", "json").stdout)
    assert (row["id"], row["kind"], row["model"], row["seed"], row["status"]) == (
        1, kind, model, seed, "ok",
    )  # fmt: skip
    assert row["scenario"] == EC and type(row["seed"]) is type(seed)  # 7, not 7.0
    shown = json.loads(runs_cmd(store, "show", "1", "-f", "json").stdout)
    assert all(len(rows) > 0 for rows in shown["tables"].values()), shown["tables"]
    replayed = runs_cmd(store, "replay", "1", "-f", "json")
    assert replayed.exit_code == 0, replayed.output
    assert json.loads(replayed.stdout) == {"run": 1, "identical": True, "differences": []}


def test_stored_tables_are_what_the_command_printed(tmp_path):
    store = str(tmp_path / "x.sqlite")
    printed = json.loads(invoke(*CASES[3][0], "-f", "json", "--record", "--store", store).stdout)
    shown = json.loads(runs_cmd(store, "show", "1", "-f", "json").stdout)
    changes = ["set UK position 4.0", "remove France"]
    assert shown["options"] == {"changes": changes, "runs": 50, "perception": None}
    assert shown["tables"]["whatif"] == printed["issues"]
    (issue,) = shown["tables"]["whatif"]
    assert (issue["before"], issue["after"]) == (7.0, 4.0)
    # the back-test summary: MAE of the mean 2.133 and of the weighted median 1.833
    invoke(*CASES[4][0], "--record", "--store", store)
    summary = json.loads(runs_cmd(store, "show", "2", "-f", "json").stdout)["tables"]["summary"]
    assert [round(r["mae"], 3) for r in summary] == [2.133, 1.833]
    # a run without a seed beside one with: the list keeps 7 an integer (not 7.0 beside NaN)
    seeds = [r["seed"] for r in json.loads(runs_cmd(store, "list", "-f", "json").stdout)]
    assert seeds == [None, 7] and type(seeds[1]) is int


def test_a_replay_with_other_inputs_differs(tmp_path):
    """Replay recomputes: the same sensitivity tables stored under another seed differ."""
    from detente.results import replay
    from detente.store import RunStore

    store = str(tmp_path / "x.sqlite")
    invoke(*CASES[1][0], "--record", "--store", store)
    with RunStore(store) as opened:
        run = opened.get(1)
        tables = dict(run.tables)
        other = opened.record(
            kind="sensitivity", scenario=run.scenario(), model=run.model, params=run.params,
            seed=8, tables=tables, started_at=run.started_at, finished_at=run.finished_at,
            options=run.options,
        )  # fmt: skip
        assert replay(opened, 1).identical
        assert not replay(opened, other).identical


def test_backtest_of_every_bundled_scenario_records_one_run_each(tmp_path):
    store = str(tmp_path / "x.sqlite")
    result = invoke("backtest", "--model", "mean", "--record", "--store", store)
    assert result.exit_code == 0, result.output
    rows = json.loads(runs_cmd(store, "list", "-f", "json").stdout)
    expected = ["ec-car-emissions", "korea-2005", "korea-2007", "korea-2009"]
    assert sorted(r["scenario"] for r in rows) == expected
    assert all(runs_cmd(store, "replay", str(r["id"])).exit_code == 0 for r in rows)


def test_detente_record_env_switch_records(tmp_path, monkeypatch):
    store = str(tmp_path / "x.sqlite")
    monkeypatch.setenv("DETENTE_RECORD", "1")
    monkeypatch.setenv("DETENTE_STORE", store)
    assert invoke("influence", EC, "--method", "loo").exit_code == 0
    assert invoke("trace", EC, "-m", "mean").exit_code == 0
    rows = json.loads(runs_cmd(store, "list", "-f", "json").stdout)
    assert [(r["kind"], r["model"]) for r in rows] == [
        ("trace", "mean"),
        ("influence", "weighted-median"),
    ]

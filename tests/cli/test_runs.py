"""`detente runs list|show|compare|replay|check`, and `--record` on every command that computes."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from detente.cli import app

pytest.importorskip("sqlalchemy")
runner = CliRunner()
EC = "ec-car-emissions"


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.delenv("DETENTE_RECORD", raising=False)
    path = tmp_path / "runs.sqlite"
    for model in ("mean", "weighted-median"):
        result = runner.invoke(
            app, ["forecast", "ec-car-emissions", "-m", model, "--record", "--store", str(path)]
        )
        assert result.exit_code == 0, result.output
    return str(path)


def run(store: str, *args: str):
    return runner.invoke(app, ["runs", *args, "--store", store])


def test_list_json_has_both_runs_newest_first(store):
    data = json.loads(run(store, "list", "-f", "json").stdout)
    assert [(r["id"], r["model"], r["status"]) for r in data] == [
        (2, "weighted-median", "ok"),
        (1, "mean", "ok"),
    ]


def test_show_json_holds_inputs_and_tables(store):
    data = json.loads(run(store, "show", "2", "-f", "json").stdout)
    assert data["scenario_id"] == "ec-car-emissions" and data["seed"] == 0
    (row,) = data["tables"]["forecast"]
    assert row["issue"] == "emissions_delay" and row["forecast"] == 7.0


def test_compare_csv_gives_the_difference(store):
    rows = list(csv.DictReader(io.StringIO(run(store, "compare", "1", "2", "-f", "csv").stdout)))
    assert rows[0]["column"] == "model"
    forecast = next(r for r in rows if r["table"] == "forecast" and r["column"] == "forecast")
    # unweighted mean of the ten EC positions is 6.7; the weighted median is 7
    assert float(forecast["a"]) == pytest.approx(6.7) and float(forecast["b"]) == 7.0
    assert float(forecast["difference"]) == pytest.approx(0.3)


def test_replay_is_identical(store):
    result = run(store, "replay", "1", "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {"run": 1, "identical": True, "differences": []}


def test_check_says_consistent(store):
    result = run(store, "check")
    assert result.exit_code == 0 and "consistent, 2 runs" in result.stdout


def test_unknown_run_exits_2_with_a_fix(store):
    result = run(store, "show", "42")
    assert result.exit_code == 2
    assert "no run 42" in result.output and "detente runs list" in result.output


def test_ensemble_is_identical_on_every_executor_and_replays(tmp_path, monkeypatch, dask_scheduler):
    monkeypatch.delenv("DETENTE_RECORD", raising=False)
    store = str(tmp_path / "ens.sqlite")
    outputs = []
    for executor in ("serial", "dask"):  # the local pool: tests/execute
        cluster = ["--scheduler", dask_scheduler] if executor == "dask" else []
        result = runner.invoke(
            app,
            [
                "ensemble",
                "ec-car-emissions",
                "-m",
                "weighted-mean",
                "--runs",
                "3000",
                "--chunk-size",
                "400",
                "--seed",
                "5",
                "--executor",
                executor,
                *cluster,
                "-f",
                "json",
                "--record",
                "--store",
                store,
            ],
        )
        assert result.exit_code == 0, result.output
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    (issue,) = outputs[0]["issues"]
    assert issue["p05"] < issue["median"] < issue["p95"]
    assert run(store, "compare", "1", "2").stdout.startswith(
        "runs 1 and 2: same inputs, same numbers"
    )
    replayed = run(store, "replay", "2", "-f", "json")
    assert replayed.exit_code == 0 and json.loads(replayed.stdout)["identical"] is True


def test_scheduler_needs_the_dask_executor():
    result = runner.invoke(
        app, ["ensemble", "ec-car-emissions", "--scheduler", "tcp://127.0.0.1:1", "--runs", "10"]
    )
    assert result.exit_code == 2 and "needs --executor dask" in result.output


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


def test_compare_shows_scenario_changes_in_words(tmp_path, monkeypatch):
    from detente import load_scenario
    from detente.scenario import save_scenario

    monkeypatch.delenv("DETENTE_RECORD", raising=False)
    korea = load_scenario("korea-2005")
    stances = korea.model_dump()["stances"]
    old = stances["RUS"]["denuc_scope"]["salience"]
    stances["RUS"]["denuc_scope"]["salience"] = 0.95
    save_scenario(korea.replace(stances=stances), tmp_path / "edited.yaml")
    store = str(tmp_path / "runs.sqlite")
    for ref in ("korea-2005", str(tmp_path / "edited.yaml")):
        result = runner.invoke(app, ["forecast", ref, "--record", "--store", store])
        assert result.exit_code == 0, result.output
    rows = json.loads(run(store, "compare", "1", "2", "-f", "json").stdout)
    words = [r["key"] for r in rows if r["table"] == "scenario"]
    assert words == [f"RUS salience on denuc_scope {old:.2f} -> 0.95"]
    table = run(store, "compare", "1", "2")
    assert "RUS salience on denuc_scope" in table.stdout
    assert f"runs compare: store sqlite:///{tmp_path / 'runs.sqlite'}" in table.stderr


def test_list_says_where_the_default_store_is(tmp_path, monkeypatch):
    monkeypatch.delenv("DETENTE_STORE", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["forecast", "ec-car-emissions", "--record"])
    assert result.exit_code == 0, result.output
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    listed = runner.invoke(app, ["runs", "list", "-f", "json"])
    default = tmp_path / "data" / "detente" / "detente-runs.sqlite"
    assert f"runs list: store sqlite:///{default}" in listed.stderr
    assert [r["scenario"] for r in json.loads(listed.stdout)] == ["ec-car-emissions"]

"""Every result kind: one request type, one compute function, tables and a plain JSON payload."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest

from detente import load_scenario
from detente.errors import Cancelled, RequestError, UnknownNameError
from detente.results import (
    KIND_MODULES,
    EnsembleRequest,
    ForecastRequest,
    build_request,
    compute,
    get_kind,
    list_kinds,
)

EC = load_scenario("ec-car-emissions")

# one small request of every kind: (kind, fields)
REQUESTS: list[tuple[str, dict[str, Any]]] = [
    ("forecast", {"scenario": EC, "model": "weighted-mean"}),
    ("trace", {"scenario": EC, "model": "bdm", "params": {"rounds": 3}}),
    ("ensemble", {"scenario": EC, "runs": 200, "chunk_size": 64,
                  "thresholds": ["emissions_delay>=7"]}),
    ("sensitivity", {"scenario": EC, "model": "weighted-mean", "method": "sobol", "samples": 16}),
    ("whatif", {"scenario": EC, "changes": ["remove Germany"], "runs": 50}),
    ("influence", {"scenario": EC, "model": "weighted-median", "method": "loo"}),
    ("backtest", {"scenario": EC, "models": ["mean", "weighted-median"]}),
    ("breakdown", {"scenario": "korea-2009", "model": "weighted-median", "runs": 40}),
    ("roadmap-status", {"roadmap": "korea-2007", "on": "2008-12-31"}),
    ("roadmap-check", {"roadmap": "korea-2007", "discount": 0.9}),
    ("panel", {"panel": "korea-2005-panel", "method": "trimmed", "round": 2}),
    ("panel-members", {"panel": "korea-2005-panel", "models": ["mean", "bdm"]}),
    ("panel-ensemble", {"panel": "korea-2005-panel", "runs_per_member": 10, "chunk_size": 25}),
    ("panel-spread", {"panel": "korea-2005-panel", "model": "weighted-mean"}),
]  # fmt: skip


def test_the_registry_lists_every_kind_in_module_order() -> None:
    names = [k.name for k in list_kinds()]
    assert names == [kind for kind, _ in REQUESTS]
    assert list(KIND_MODULES) == names
    with pytest.raises(UnknownNameError, match=r"no result kind 'nope'.*forecast"):
        get_kind("nope")


@pytest.mark.parametrize(("kind", "fields"), REQUESTS, ids=[k for k, _ in REQUESTS])
def test_every_kind_gives_tidy_tables_and_a_plain_json_payload(kind: str, fields: dict) -> None:
    result = compute(build_request(kind, fields))
    assert result.request.kind == kind
    tables = result.tables()
    assert tables and all(isinstance(t, pd.DataFrame) and len(t) for t in tables.values())
    assert all(not t.attrs for t in tables.values())  # nothing hidden in attrs
    text = json.dumps(result.payload(), allow_nan=False)  # plain JSON types, no NaN
    assert json.loads(text) == json.loads(result.to_json())


def test_a_request_round_trips_through_json() -> None:
    request = EnsembleRequest(
        scenario="ec-car-emissions", runs=10, thresholds=["emissions_delay>=7"]
    )
    again = build_request("ensemble", json.loads(request.model_dump_json()))
    assert again == request
    inline = build_request(
        "ensemble",
        {**json.loads(request.model_dump_json()), "scenario": EC.model_dump(mode="json")},
    )
    assert compute(inline).summary.equals(compute(request).summary)


def test_bad_fields_are_named_with_their_fix() -> None:
    with pytest.raises(RequestError) as info:
        build_request("ensemble", {"scenario": EC, "runs": 0, "thresholds": ["x => 5"]})
    where = {p.location for p in info.value.problems}
    assert where == {"runs", "thresholds"}
    assert "ISSUE OP NUMBER" in str(info.value)
    with pytest.raises(RequestError, match="no model 'oracle'"):
        build_request("backtest", {"scenario": EC, "models": ["oracle"]})
    with pytest.raises(RequestError, match="no model 'oracle'"):
        build_request("panel-members", {"panel": "korea-2005-panel", "models": ["oracle"]})


@pytest.mark.parametrize(
    "kind", ["forecast", "ensemble", "sensitivity", "influence", "whatif", "panel", "panel-spread"]
)
def test_a_negative_seed_is_refused_with_the_fix(kind: str) -> None:
    fields = dict(next(f for k, f in REQUESTS if k == kind))
    with pytest.raises(RequestError) as info:
        build_request(kind, {**fields, "seed": -1})
    (problem,) = info.value.problems
    assert problem.location == "seed" and "0 or more" in problem.message
    assert "fix: use 1" in problem.message


def test_a_web_server_can_refuse_files(tmp_path) -> None:
    from detente.errors import DetenteError

    path = tmp_path / "ec.yaml"
    from detente import save_scenario

    save_scenario(EC, path)
    assert dict(compute(ForecastRequest(scenario=str(path)))) == {"emissions_delay": 7.0}
    with pytest.raises(DetenteError, match="not a bundled scenario"):
        compute(ForecastRequest(scenario=str(path)), files=False)
    assert dict(compute(ForecastRequest(scenario="ec-car-emissions"), files=False))


def test_progress_and_cancel_reach_the_chunks() -> None:
    seen: list[tuple[int, int]] = []
    request = EnsembleRequest(scenario=EC, runs=1000, chunk_size=100)
    compute(request, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (1000, 1000) and len(seen) == 10  # one chunk at a time, serially
    calls = iter(range(100))
    with pytest.raises(Cancelled, match="after 300 of 1000"):
        compute(request, cancel=lambda: next(calls) >= 3)

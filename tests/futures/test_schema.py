"""The futures YAML format: errors name the field and line, edits make new validated versions,
YAML and .scw round trips keep the numbers, and docs/futures.schema.json is current."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from detente.errors import ScenarioError, UnknownNameError
from detente.futures import (
    CrossImpactMatrix,
    Descriptor,
    read_futures,
    read_scw,
    save_futures,
    schema_json,
    solve,
)
from tests.futures.conftest import CIB

DOCS = Path(__file__).resolve().parents[2] / "docs"


def small() -> dict[str, Any]:
    return {
        "id": "small",
        "name": "Two descriptors",
        "sources": [{"id": "S", "title": "A source", "author": "A. Author", "year": 2020}],
        "descriptors": [
            {"id": "a", "sources": ["S"], "variants": [{"id": "x"}, {"id": "y"}]},
            {"id": "b", "variants": [{"id": "p"}, {"id": "q"}, {"id": "r"}]},
        ],
        "judgements": [
            {
                "from": "a",
                "to": "b",
                "rationale": "x pulls p",
                "values": {"x": [2, -1, -1], "y": [-2, 1, 1]},
            },
            {
                "from": "b",
                "to": "a",
                "rationale": "p pulls x",
                "values": {"p": [1, -1], "q": [-1, 1], "r": [0, 0]},
            },
        ],
        "bridges": {"korea-2005": {"changes": {"a.y": ["shift DPRK capability -10%"]}}},
    }


def write(tmp_path: Path, data: dict[str, Any] | str, name: str = "f.yaml") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False))
    return path


def test_small_file_reads_and_solves(tmp_path: Path) -> None:
    study = read_futures(write(tmp_path, small()))
    m = study.matrix
    assert m.block("a", "b").tolist() == [[2, -1, -1], [-2, 1, 1]]
    assert m.judgement("b.r", "a.x") == 0
    # x -> p -> x and y -> q|r -> y: (x,p), (y,q), (y,r) consistent, by hand
    assert {tuple(v.values()) for v in solve(m).scenarios()} == {("x", "p"), ("y", "q"), ("y", "r")}


@pytest.mark.parametrize(
    ("edit", "where", "message"),
    [
        (
            lambda d: d["judgements"][0].update({"to": "c"}),
            "judgements.0.to",
            "unknown descriptor id 'c'",
        ),
        (
            lambda d: d["judgements"][1]["values"].pop("r"),
            "judgements.1.values",
            "variant count mismatch",
        ),
        (
            lambda d: d["judgements"][0]["values"].update({"x": [1, 2]}),
            "judgements.0.values.x",
            "variant count mismatch: 2 values",
        ),
        (
            lambda d: d["judgements"].append(
                {"from": "a", "to": "a", "values": {"x": [0, 1], "y": [0, 0]}}
            ),
            "judgements.2",
            "non-zero self-impact block",
        ),
        (
            lambda d: d["judgements"].append(dict(d["judgements"][0])),
            "judgements.2",
            "duplicate judgement section",
        ),
        (
            lambda d: d["judgements"][0]["values"].update({"x": [9, 0, 0]}),
            "judgements.0.values.x",
            "outside the scale",
        ),
        (
            lambda d: d["bridges"]["korea-2005"]["changes"].update({"z.y": []}),
            "bridges.korea-2005.changes.z",
            "unknown descriptor id",
        ),
        (
            lambda d: d["bridges"]["korea-2005"]["changes"].update({"a.y": ["fly DPRK"]}),
            "bridges.korea-2005.changes.a",
            "a change starts with",
        ),
        (
            lambda d: d["descriptors"][0].update({"sources": ["NOPE"]}),
            "descriptors.0.sources",
            "not defined",
        ),
        (
            lambda d: d["descriptors"][0]["variants"][0].update({"probability": 0.3}),
            "descriptors.0.variants",
            "sum to 1",
        ),
    ],
)
def test_errors_name_field_and_line(tmp_path: Path, edit: Any, where: str, message: str) -> None:
    data = small()
    edit(data)
    with pytest.raises(ScenarioError) as err:
        read_futures(write(tmp_path, data))
    text = str(err.value)
    assert message in text and where in text and "line " in text and "f.yaml" in text


def test_self_impact_allowed_when_flagged(tmp_path: Path) -> None:
    data = small()
    data["judgements"].append(
        {"from": "a", "to": "a", "self_impact": True, "values": {"x": [3, 0], "y": [0, 0]}}
    )
    assert read_futures(write(tmp_path, data)).matrix.self_impacts() == ["a"]


@pytest.mark.parametrize(
    "text",
    ["[1, 2, 3]", "id: [", "a: " + "[" * 5000 + "]" * 5000, "\x00\x01", ""],
)
def test_garbage_is_refused_cleanly(tmp_path: Path, text: str) -> None:
    with pytest.raises(ScenarioError):
        read_futures(write(tmp_path, text))


def test_unknown_name_and_suffix(tmp_path: Path) -> None:
    with pytest.raises(UnknownNameError, match="bundled: dprk-futures"):
        read_futures("no-such-futures")
    with pytest.raises(ScenarioError, match="unknown file type"):
        read_futures(write(tmp_path, "x", "f.txt"))


def test_edit_one_judgement_makes_a_new_validated_version(tmp_path: Path) -> None:
    study = read_futures(write(tmp_path, small()))
    edited = study.with_judgement("b.r", "a.y", 2, rationale="r now pulls y")
    assert edited.matrix.judgement("b.r", "a.y") == 2 and study.matrix.judgement("b.r", "a.y") == 0
    assert edited.spec.judgements[1].rationale == "r now pulls y"
    added = study.with_judgement("a.x", "a.y", 0)  # a self section of zeros is allowed
    assert len(added.spec.judgements) == 3
    with pytest.raises(ScenarioError, match="non-zero self-impact"):
        study.with_judgement("a.x", "a.y", 1)
    with pytest.raises(UnknownNameError, match="variants of 'a': x, y"):
        study.with_judgement("a.z", "b.p", 1)


def test_matrix_edit_and_shape_errors() -> None:
    ds = (Descriptor("a", ("x", "y")), Descriptor("b", ("p", "q")))
    m = CrossImpactMatrix(ds, np.zeros((4, 4)))
    assert m.with_judgement("a.x", "b.q", -2).judgement("a.x", "b.q") == -2
    with pytest.raises(ScenarioError, match=r"non-square|not square"):
        CrossImpactMatrix(ds, np.zeros((4, 3)))
    with pytest.raises(ScenarioError, match="non-zero self-impact"):
        CrossImpactMatrix(ds, np.eye(4))
    with pytest.raises(UnknownNameError, match="no descriptor 'c'"):
        m.judgement("c.x", "a.x")


@pytest.mark.parametrize("suffix", [".yaml", ".scw"])
def test_round_trip_keeps_the_numbers(tmp_path: Path, suffix: str) -> None:
    study = read_futures(CIB / "CIB_natl_regional.scw")
    out = tmp_path / f"copy{suffix}"
    save_futures(study, out)
    again = read_futures(out)
    assert np.array_equal(again.matrix.values, study.matrix.values)
    assert again.matrix.ids == study.matrix.ids
    sections = {(s.source, s.target): s.rationale for s in again.spec.judgements}
    assert sections[("NURB", "NINEQ")].startswith("Slow urbanization")


def test_scw_written_from_yaml_reads_back(tmp_path: Path) -> None:
    study = read_futures("dprk-futures")
    out = tmp_path / "dprk.scw"
    save_futures(study, out)
    assert np.array_equal(read_scw(out).values, study.matrix.values)


def test_committed_schema_is_up_to_date() -> None:
    committed = (DOCS / "futures.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "run: PYTHONPATH=src python scripts/build_schema.py"
    schema = json.loads(committed)
    assert {"id", "name", "descriptors"} <= set(schema["required"])
    assert "from" in schema["$defs"]["Section"]["properties"]


def test_a_matrix_past_the_size_limit_is_refused_before_it_is_made(tmp_path: Path) -> None:
    variants = "\n".join(f"    - id: v{j}" for j in range(50))
    descriptors = "\n".join(f"- id: d{k}\n  variants:\n{variants}" for k in range(21))
    path = tmp_path / "big.yaml"
    path.write_text(f"id: big\nname: big\ndescriptors:\n{descriptors}\n")
    with pytest.raises(ScenarioError, match="1050 variants in all"):
        read_futures(path)

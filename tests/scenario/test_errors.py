"""Bad input: one clear message naming the file, the place and the fix; never a stray exception."""

from __future__ import annotations

import contextlib
import copy
import math
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.errors import DetenteError, ScenarioError
from detente.scenario import load_scenario
from tests.conftest import small_scenario_data


def broken(change: Any) -> dict[str, Any]:
    data = small_scenario_data()
    change(data)
    return data


CASES = {
    "missing field": (
        lambda d: d["actors"][0].pop("capability"),
        "actors.0.capability",
        "Field required",
    ),
    "position outside scale": (
        lambda d: d["stances"]["A"]["x"].update(position=120),
        "stances.A.x.position",
        "outside the scale",
    ),
    "salience above 1": (
        lambda d: d["stances"]["B"]["y"].update(salience=1.5),
        "stances.B.y.salience",
        "less than or equal to 1",
    ),
    "negative capability": (
        lambda d: d["actors"][1].update(capability=-2),
        "actors.1.capability",
        "greater than 0",
    ),
    "unknown actor in forum": (
        lambda d: d.update(forums=[{"id": "f", "members": ["A", "Z"]}]),
        "forums.f.members",
        "unknown actor",
    ),
    "duplicate ids": (lambda d: d["actors"].append(dict(d["actors"][0])), "", "duplicate actor"),
    "NaN": (
        lambda d: d["stances"]["A"]["y"].update(salience=math.nan),
        "stances.A.y.salience",
        "finite",
    ),
    "missing stance": (lambda d: d["stances"]["C"].pop("y"), "stances.C.y", "missing"),
    "unknown field": (lambda d: d["actors"][0].update(colour="red"), "actors.0.colour", "Extra"),
    "undefined source": (lambda d: d["outcomes"][0].update(sources=["NOPE"]), "sources", "NOPE"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_error_names_file_place_and_reason(case: str, write_yaml: Any) -> None:
    change, location, reason = CASES[case]
    path = write_yaml(broken(change))
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    text = str(info.value)
    assert str(path) in text
    assert any(p.location.startswith(location) for p in info.value.problems), text
    assert reason in text


def test_yaml_errors_carry_line_numbers(write_yaml: Any) -> None:
    data = small_scenario_data()
    data["stances"]["A"]["x"]["position"] = 120
    path = write_yaml(data)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    line = path.read_text().splitlines()[problem.line - 1]
    assert "position: 120" in line


def test_not_yaml(write_yaml: Any) -> None:
    path = write_yaml("actors: [unclosed\n  - x: {")
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_scenario(path)


def test_yaml_that_is_not_a_mapping(write_yaml: Any) -> None:
    with pytest.raises(ScenarioError, match="expected a mapping"):
        load_scenario(write_yaml("- just\n- a list\n"))


def test_malformed_csv_row(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Actor,Capability,Position,Salience\nA,1,50,0.5\nB,two,50,0.5\nC,1,50\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    text = str(info.value)
    assert "'two' is not a number" in text and "line 3" in text
    assert "line 4" in text and "3 cells" in text


def test_csv_missing_columns(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Name,Power\nA,1\n")
    with pytest.raises(ScenarioError, match="missing column"):
        load_scenario(path)


def test_ktab_salience_sum_and_empty_coordinate(tmp_path: Path) -> None:
    path = tmp_path / "k.csv"
    path.write_text("T,d,2,2,\nActor,D,Power,P1,S1,P2,S2\nA,a,1,10,60,20,50\nB,b,1,,10,20,10\n")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    text = str(info.value)
    assert "sum to 110" in text and "line 4, column 4: is empty" in text


def test_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "s.doc"
    path.write_text("x")
    with pytest.raises(ScenarioError, match="unknown file type"):
        load_scenario(path)
    with pytest.raises(DetenteError, match="neither a file nor a bundled scenario"):
        load_scenario(tmp_path / "nope.yaml")


def _mutations() -> st.SearchStrategy[Any]:
    junk = st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-1000, 1000),
        st.floats(allow_nan=True),
        st.text(max_size=5),
        st.lists(st.integers(), max_size=2),
        st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    )
    return st.lists(st.tuples(st.integers(0, 10_000), junk), min_size=1, max_size=4)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(_mutations())
def test_random_damage_loads_or_raises_our_error(tmp_path: Path, mutations: list[Any]) -> None:
    data = copy.deepcopy(small_scenario_data())
    for pick, value in mutations:
        paths = _paths(data)
        path = paths[pick % len(paths)]
        if not path:
            data = value
            continue
        parent = data
        for key in path[:-1]:
            parent = parent[key]
        parent[path[-1]] = value
    file = tmp_path / "fuzz.yaml"
    file.write_text(yaml.safe_dump(data) if not isinstance(data, float) else "1.5")
    with contextlib.suppress(DetenteError):
        load_scenario(file)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=200))
def test_random_bytes_as_csv_or_yaml(tmp_path: Path, blob: bytes) -> None:
    for suffix in (".csv", ".yaml"):
        file = tmp_path / f"junk{suffix}"
        file.write_bytes(blob)
        with contextlib.suppress(DetenteError):
            load_scenario(file)


def test_a_name_without_its_suffix_suggests_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by a newcomer run: `detente validate cyprus` beside cyprus.yaml said only 'neither
    a file nor a bundled scenario'."""
    from detente.errors import UnknownNameError

    monkeypatch.chdir(tmp_path)
    (tmp_path / "talks.yaml").write_text("id: t\n")
    with pytest.raises(UnknownNameError, match=r"\(did you mean talks\.yaml\? bundled: korea"):
        load_scenario("talks")
    with pytest.raises(UnknownNameError) as info:
        load_scenario("walks")
    assert "did you mean" not in str(info.value)

"""Every validation message says the fix that fits its field (issue 15, item 3)."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import ScenarioError
from detente.scenario import load_scenario
from detente.scenario.schema import Scenario
from tests.conftest import small_scenario_data


def problems(path: Path) -> list[Any]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value.problems


def test_comma_inside_inline_mapping_says_to_quote(write_yaml: Any) -> None:
    text = write_yaml(small_scenario_data()).read_text()
    text = text.replace(
        "x:\n      position: 0\n      salience: 1.0",
        "x: {position: 0, salience: 1.0, basis: Budget speech, Jan 2024.}",
    )
    path = write_yaml(text)
    (problem,) = problems(path)
    assert problem.location == "stances.A.x.Jan 2024."
    assert "quotes" in problem.fix
    assert 'basis: "Budget speech, Jan 2024."' in problem.fix


def test_salience_on_0_100_suggests_the_0_1_value(write_yaml: Any) -> None:
    data = small_scenario_data()
    data["stances"]["B"]["y"]["salience"] = 50
    (problem,) = problems(write_yaml(data))
    assert "salience runs from 0" in problem.fix and "write 0.5" in problem.fix


def test_unknown_forum_member_lists_the_valid_ids(write_yaml: Any) -> None:
    data = small_scenario_data()
    data["forums"] = [{"id": "f", "members": ["A", "Z"]}]
    (problem,) = problems(write_yaml(data))
    assert problem.location == "forums.f.members" and "'Z'" in problem.message
    assert problem.fix == "use actor ids, which are: A, B, C"


def test_misspelt_field_names_the_nearest_and_the_choices(write_yaml: Any) -> None:
    data = small_scenario_data()
    data["stances"]["A"]["x"]["salence"] = data["stances"]["A"]["x"].pop("salience")
    found = problems(write_yaml(data))
    extra = next(p for p in found if p.location.endswith("salence"))
    assert "did you mean 'salience'?" in extra.fix and "position_sd" in extra.fix


def test_a_non_latin_id_suggests_a_name(write_yaml: Any) -> None:
    data = small_scenario_data()
    data["actors"][0]["id"] = "Côte d'Ivoire"
    found = problems(write_yaml(data))
    assert any("Cote_d_Ivoire" in p.fix and "name" in p.fix for p in found)


# One bad value per kind of field: every message must carry a fix.
BAD_VALUES: list[Any] = [None, "x", -5, 1e9, math.inf, [1], {"a": 1}, True, "2005-13-45", "50%"]


def _leaf_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _leaf_paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _leaf_paths(v, (*prefix, i))
    return out


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data[key]
    data[path[-1]] = value


def test_every_validation_problem_has_a_fix() -> None:
    """The whole class: any field, any wrong value, any pydantic error type -> a fix."""
    import copy

    base = small_scenario_data()
    base["forums"] = [{"id": "f", "members": ["A", "B"]}]
    base["params"] = {"weighted-mean": {}}
    seen_types = set()
    for path in _leaf_paths(base):
        for value in BAD_VALUES:
            data = copy.deepcopy(base)
            _set(data, path, value)
            try:
                Scenario.model_validate(data)
            except Exception:
                pass
            else:
                continue
            from detente.scenario.problems import validate_as

            with pytest.raises(ScenarioError) as info:
                validate_as(Scenario, data, "t.yaml")
            for p in info.value.problems:
                seen_types.add(p.message[:30])
                assert p.fix, (path, value, p.render())
    assert len(seen_types) > 15  # many kinds of error were met


def test_cli_prints_the_fix_and_exits_2(write_yaml: Any) -> None:
    data = small_scenario_data()
    data["stances"]["B"]["y"]["salience"] = 50
    result = CliRunner().invoke(app, ["validate", str(write_yaml(data))])
    assert result.exit_code == 2
    assert "write 0.5" in result.output


@pytest.mark.parametrize(
    ("inline", "location", "quoted"),
    [
        # the stray key fails as an anchor (not a number, no text): one problem, not two
        (
            "anchors: {0: none, 100: anywhere, any time}",
            "issues.0.anchors.any time",
            '`100: "anywhere, any time"`',
        ),
        # the stray key is read as a number (2013.): "Keys should be strings" before
        (
            "question: Talks in Muscat, 2013.",
            "issues.0.2013.0",
            '`question: "Talks in Muscat, ..."`',
        ),
    ],
)
def test_any_text_cut_at_a_comma_says_to_quote(
    write_yaml: Any, inline: str, location: str, quoted: str
) -> None:
    data = small_scenario_data()
    del data["issues"]
    issues = f"issues:\n  - {{id: x, name: X, {inline}}}\n  - {{id: y, name: Y}}\n"
    found = problems(write_yaml(write_yaml(data).read_text() + issues))
    (problem,) = [p for p in found if p.location.startswith("issues.0")]
    assert problem.location == location
    assert problem.message == "a text holding a comma was read as a new field"
    assert quoted in problem.fix


@pytest.mark.parametrize(("written", "line"), [("date: 2017-06-31", 3), ("date: 0000-00-00", 3)])
def test_a_date_that_does_not_exist_is_a_message_with_its_line(
    write_yaml: Any, written: str, line: int
) -> None:
    """Found by a newcomer run (and Hypothesis): PyYAML raised ValueError, a traceback."""
    text = write_yaml(small_scenario_data()).read_text()
    text = text.replace("name: Small test case\n", f"name: Small test case\n{written}\n", 1)
    (problem,) = problems(write_yaml(text))
    assert problem.line == line and f"'{written[6:]}' is not a date" in problem.message
    assert "YYYY-MM-DD" in problem.fix
    result = CliRunner().invoke(app, ["validate", str(write_yaml(text))])
    assert result.exit_code == 2 and "Traceback" not in result.output

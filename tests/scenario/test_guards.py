"""Inputs that used to crash or hang: each is now one message with its place and fix (exit 2)."""

from __future__ import annotations

import os
import resource
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import ScenarioError
from detente.scenario import load_scenario, read
from detente.scenario.limits import MAX_MB_VARIABLE
from tests.conftest import small_scenario_data

KTAB = Path(__file__).parents[1] / "data" / "ktab"


def refused(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert str(path) in str(info.value)
    assert all(p.fix for p in info.value.problems), info.value
    return info.value


@pytest.mark.parametrize("levels", [500, 10_000, 100_000])
def test_deep_flow_nesting_is_refused_before_parsing(tmp_path: Path, levels: int) -> None:
    """RecursionError at 500-10,000 levels, a segfault of libyaml's composer from ~30,000."""
    path = tmp_path / "deep.yaml"
    path.write_text("id: a\nname: " + "[" * levels + "]" * levels + "\n")
    error = refused(path)
    assert "nested more than 64 levels" in str(error)
    assert error.problems[0].line == 2


def test_deep_block_nesting_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text("".join(f"{' ' * k}k{k}:\n" for k in range(200)))
    assert "nested more than 64 levels" in str(refused(path))


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{k}: &a{k} [{', '.join([f'*a{k - 1}'] * 10)}]" for k in range(1, 9)]
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n")
    assert "aliases" in str(refused(path))


def test_ordinary_aliases_still_load(tmp_path: Path, write_yaml: Any) -> None:
    text = write_yaml(small_scenario_data()).read_text()
    text = text.replace("capability: 1.0", "capability: &c 1.0").replace(
        "capability: 3.0", "capability: *c"
    )
    path = tmp_path / "alias.yaml"
    path.write_text(text)
    assert load_scenario(path).actor("C").capability == 1.0


def test_line_lookup_uses_the_parser_that_loaded_the_file(tmp_path: Path) -> None:
    """`question: Q?}` parses in libyaml but not in PyYAML's pure-Python parser, which the line
    lookup used to re-run: a ParserError traceback instead of the message."""
    path = tmp_path / "q.yaml"
    path.write_text(
        "id: s\nname: S\nactors:\n  - {id: A, capability: 1}\n"
        "issues:\n  - {id: a, name: A, question: Q?}\n"
        "stances:\n  A: {a: {position: 1, salience: 1}}\n"
    )
    error = refused(path)
    (problem,) = error.problems
    assert problem.location == "actors.0.name" and problem.line == 4
    assert "add `name:`" in problem.fix


def test_duplicate_keys_are_refused_with_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text(
        "id: s\nname: S\nactors:\n  - {id: US, name: US, capability: 1}\n"
        "issues:\n  - {id: a, name: A}\nstances:\n"
        "  US:\n    a: {position: 10, salience: 1}\n"
        "  US:\n    a: {position: 90, salience: 1}\n"
    )
    error = refused(path)
    (problem,) = error.problems
    assert "lines 8 and 10" in problem.message and problem.line == 10
    assert "merge" in problem.fix


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.yaml"
    path.write_text("id: a\n")
    if os.geteuid() == 0:  # root reads anything: make the open fail as it does for a user
        real = Path.open

        def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
            if self == path:
                raise PermissionError(13, "Permission denied", str(self))
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Path, "open", deny)
    else:
        path.chmod(0)
    error = refused(path)
    assert "permission denied" in str(error) and "chmod" in str(error)


def test_unreadable_file_exits_2(tmp_path: Path) -> None:
    folder = tmp_path / "talks.yaml"
    folder.mkdir()
    result = CliRunner().invoke(app, ["validate", str(folder)])
    assert result.exit_code == 2 and "is a folder" in result.output


def test_unknown_xml_encoding(tmp_path: Path) -> None:
    text = (KTAB / "dummyData_3Dim.xml").read_text(encoding="utf-8-sig")
    path = tmp_path / "bad.xml"
    path.write_text(text.replace('encoding="UTF-8"', 'encoding="UTF-inf"'))
    error = refused(path)
    assert "unknown encoding" in str(error) and 'encoding="UTF-8"' in error.problems[0].fix


def test_deep_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deep.xml"
    path.write_text("<Scenario>" + "<a>" * 100_000 + "</a>" * 100_000 + "</Scenario>")
    assert "nested more than" in str(refused(path))


def test_huge_file_fails_fast_without_reading(tmp_path: Path) -> None:
    """A 200 MB CSV used to run for minutes and take 4.6 GB; now it is refused unread (memory
    stays where it was: reading it would add 200 MB)."""
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:  # a sparse file: 200 MB on paper, nothing on disk
        fh.write(b"Actor,Capability,Position,Salience\n")
        fh.truncate(200_000_000)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    error = refused(path)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # kB
    assert "200.0 MB, over the 20 MB limit" in str(error)
    assert MAX_MB_VARIABLE in error.problems[0].fix


def test_size_limit_can_be_raised_or_lowered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ec.csv"
    path.write_text("Actor,Capability,Position,Salience\nA,1,4,0.8\nB,2,7,0.4\n")
    monkeypatch.setenv(MAX_MB_VARIABLE, "0.00001")
    assert "over the 1e-05 MB limit" in str(refused(path))
    monkeypatch.setenv(MAX_MB_VARIABLE, "500")
    assert read(path).scenario.actor_ids == ["A", "B"]


@pytest.mark.parametrize("name", ["bad\x00name.yaml", "x" * 5000 + ".yaml"])
def test_names_no_system_accepts(name: str) -> None:
    result = CliRunner().invoke(app, ["validate", name])
    assert result.exit_code == 2 and "neither a file nor a bundled scenario" in result.output


def test_roadmap_and_whatif_files_are_guarded_too(tmp_path: Path) -> None:
    from detente.analysis.whatif import load_changes
    from detente.roadmap.load import load_roadmap

    path = tmp_path / "deep.yaml"
    path.write_text("[" * 50_000 + "]" * 50_000)
    for load in (load_changes, load_roadmap):
        with pytest.raises(ScenarioError, match="nested more than"):
            load(path)


def test_deep_param_values_are_refused() -> None:
    """`--param` values are read as YAML too: the same guard applies."""
    deep = "[" * 20_000 + "]" * 20_000
    result = CliRunner().invoke(
        app, ["forecast", "ec-car-emissions", "-m", "bdm", "-p", f"rounds={deep}"]
    )
    assert result.exit_code == 2 and "nested more than 64 levels" in result.output

"""Saving never loses what the user wrote without saying so: comments, and other formats."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import ScenarioError
from detente.scenario import load_scenario, save_scenario
from detente.scenario.yaml_io import comment_lines

COMMENTED = """# Iran talks, my notes
id: iran
name: Iran talks
actors:
  - {id: IR, name: Iran, capability: 40}   # from SIPRI
  - {id: US, name: United States, capability: 100}
issues:
  - {id: enrich, name: "Enrichment #1"}
stances:
  IR: {enrich: {position: 80, salience: 0.9}}
  US: {enrich: {position: 10, salience: 0.8}}
"""


def test_comment_lines_are_counted_outside_text() -> None:
    assert comment_lines(COMMENTED) == 2
    assert comment_lines("# detente scenario 'x' (format: docs/scenario-format.md)\na: 1\n") == 0
    assert comment_lines("a: 'x #y'\nb: \"multi\n  line #z\"\n") == 0


def test_saving_over_a_commented_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "iran.yaml"
    path.write_text(COMMENTED)
    s = load_scenario(path)
    with pytest.raises(ScenarioError) as info:
        save_scenario(s, path)
    assert "holds 2 comment line(s)" in str(info.value) and "new file" in info.value.problems[0].fix
    assert path.read_text() == COMMENTED
    save_scenario(s, path, drop_comments=True)
    assert load_scenario(path) == s and comment_lines(path.read_text()) == 0


def test_detente_can_save_over_its_own_files(tmp_path: Path) -> None:
    path = tmp_path / "korea.yaml"
    korea = load_scenario("korea-2005")
    save_scenario(korea, path)
    save_scenario(korea, path)
    assert load_scenario(path) == korea


def test_validate_write_says_the_comments_stay_behind(tmp_path: Path) -> None:
    source = tmp_path / "iran.yaml"
    source.write_text(COMMENTED)
    target = tmp_path / "clean.yaml"
    result = CliRunner().invoke(app, ["validate", str(source), "--write", str(target)])
    assert result.exit_code == 0
    assert f"note: the 2 comment line(s) of {source} are not copied to {target}" in result.output


@pytest.mark.parametrize("suffix", [".tsv", ".csv"])
def test_delimited_writers_read_back(tmp_path: Path, suffix: str) -> None:
    ec = load_scenario("ec-car-emissions")
    path = tmp_path / f"ec{suffix}"
    save_scenario(ec, path)
    again = load_scenario(path)
    assert again.actor_ids == ec.actor_ids
    assert [a.capability for a in again.actors] == [a.capability for a in ec.actors]


def test_validate_write_names_what_a_csv_leaves_out(tmp_path: Path) -> None:
    """Found by a newcomer run: writing korea-2009 to CSV dropped vetoes and outcomes silently."""
    runner = CliRunner()
    target = tmp_path / "k.csv"
    result = runner.invoke(app, ["validate", "korea-2009", "--write", str(target)])
    assert result.exit_code == 0, result.output
    assert f"note: {target} keeps capability, position, salience and scales only" in result.output
    for lost in ("vetoes and reservation values", "forums", "known outcomes", "perception"):
        assert lost in result.output
    plain = tmp_path / "plain.csv"
    plain.write_text("Actor,Capability,Position,Salience\nA,1,10,0.5\nB,2,90,0.5\n")
    again = runner.invoke(app, ["validate", str(plain), "--write", str(tmp_path / "again.tsv")])
    assert again.exit_code == 0 and "note:" not in again.output  # nothing to leave out
    kept = runner.invoke(app, ["validate", "korea-2009", "--write", str(tmp_path / "k.xlsx")])
    assert "not written" not in kept.output

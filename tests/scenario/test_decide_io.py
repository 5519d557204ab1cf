"""Reader for decide-exchange-model input files (#A, #P, #M, #D rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import ScenarioError
from detente.scenario.load import read

DATA = Path(__file__).parent.parent / "data" / "decide"

HEAD = "'#A'\t'X'\t'X'\t''\n'#A'\t'Y'\t'Y'\t''\n'#P'\t'i'\t'i'\t'Issue i'\n"


def test_cop21() -> None:
    loaded = read(DATA / "cop21.csv")
    s = loaded.scenario
    assert len(s.actors) == 15 and len(s.issues) == 13
    assert s.actor("EU28").capability == 0.75 and s.actor("USA").capability == 1.0
    assert s.stances["African_grp"]["differentiation"].position == 70.0
    assert s.stances["African_grp"]["differentiation"].salience == 0.75
    # 14 actor-issue pairs have no #D row: salience 0 there, each noted
    missing = [n for n in loaded.notes if "no #D row" in n]
    assert len(missing) == 195 - 181
    pairs = [(n.split()[0], n.split()[6].rstrip(":")) for n in missing]
    assert all(s.stances[a][i].salience == 0 for a, i in pairs)


def test_scale_from_m_rows() -> None:
    s = read(DATA / "sample_data.csv").scenario
    assert (s.issue("tol-hoogte").scale.low, s.issue("tol-hoogte").scale.high) == (0.5, 7.0)


def _write(tmp_path: Path, body: str, name: str = "d.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_semicolons_and_saliences_on_0_100(tmp_path: Path) -> None:
    text = "#A;X;X;\n#A;Y;Y;\n#P;i;i;\n#D;X;i;20;80;1\n#D;Y;i;60;40;2\n"
    path = tmp_path / "semi.csv"
    path.write_text(text, encoding="utf-8")
    loaded = read(path)
    assert loaded.scenario.stances["Y"]["i"].salience == 0.4
    assert any("0-100" in n for n in loaded.notes)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("'#D'\t'X'\t'i'\t10\t0.5\t1\n'#D'\t'Z'\t'i'\t10\t0.5\t1\n", "unknown actor 'Z'"),
        ("'#D'\t'X'\t'j'\t10\t0.5\t1\n", "unknown issue 'j'"),
        ("'#D'\t'X'\t'i'\tten\t0.5\t1\n'#D'\t'Y'\t'i'\t1\t0.5\t1\n", "'ten' is not a number"),
        ("'#D'\t'X'\t'i'\t10\t0.5\n'#D'\t'Y'\t'i'\t1\t0.5\t1\n", "5 cells, need 6"),
        ("'#D'\t'X'\t'i'\t10\t0.5\t0\n'#D'\t'Y'\t'i'\t1\t0.5\t1\n", "no positive power"),
    ],
)
def test_errors_name_the_row_and_fix(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ScenarioError, match=message) as err:
        read(_write(tmp_path, body))
    assert "d.csv" in str(err.value) and "fix:" in str(err.value)


def test_power_must_not_vary_by_issue(tmp_path: Path) -> None:
    body = (
        "'#P'\t'j'\t'j'\t''\n'#D'\t'X'\t'i'\t10\t0.5\t1\n'#D'\t'X'\t'j'\t10\t0.5\t2\n"
        "'#D'\t'Y'\t'i'\t1\t0.5\t1\n'#D'\t'Y'\t'j'\t1\t0.5\t1\n"
    )
    with pytest.raises(ScenarioError, match="power differs by issue"):
        read(_write(tmp_path, body))

"""The tables analysts have: CSV dialects, .tsv, other column names, non-Latin names, ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import ScenarioError
from detente.scenario import read
from detente.scenario.cells import to_number
from detente.scenario.ids import IdMaker, suggest_id

EXCEL_DE = (
    "\ufeffActor;Capability;Position;Salience\r\n"
    "Iran;0,4;20;0,9\r\nUSA;0,9;80;0,8\r\nEU3;1.000,5;55,5;0,6\r\n"
)


def write(tmp_path: Path, text: str, name: str = "t.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_excel_semicolons_bom_and_decimal_commas(tmp_path: Path) -> None:
    """Refused before as "missing column(s) ['Actor', ...]" although the header held them."""
    loaded = read(write(tmp_path, EXCEL_DE))
    s = loaded.scenario
    assert s.actor_ids == ["Iran", "USA", "EU3"]
    assert s.actor("EU3").capability == 1000.5
    assert s.stances["EU3"]["issue"].position == 55.5
    assert s.stances["Iran"]["issue"].salience == 0.9
    assert loaded.notes[0] == (
        "read as semicolon-separated, decimal comma, UTF-8 with byte-order mark"
    )


def test_windows_1252_and_tab_separated(tmp_path: Path) -> None:
    text = "Actor\tCapability\tPosition\tSalience\nCôte d'Ivoire\t2\t10\t0.5\nMali\t1\t90\t0.5\n"
    loaded = read(write(tmp_path, text, "w.tsv", "cp1252"))
    assert loaded.scenario.actor("Cote_d_Ivoire").name == "Côte d'Ivoire"
    assert "read as Windows-1252" in loaded.notes
    assert "'Côte d'Ivoire' -> Cote_d_Ivoire" in loaded.notes[-1]


def test_old_mac_line_ends_and_replication_column_names(tmp_path: Path) -> None:
    """Masad's BDM replication data: Stakeholder/Resources, lines ending in a lone CR."""
    text = (
        "Stakeholder,Resources,Position,Salience\rNicaragua,0.0001958,1,1\rHonduras,0.0001515,0,1\r"
    )
    loaded = read(write(tmp_path, text))
    assert loaded.scenario.actor_ids == ["Nicaragua", "Honduras"]
    assert loaded.scenario.actor("Honduras").capability == 0.0001515
    assert "columns read as: Stakeholder -> Actor, Resources -> Capability" in loaded.notes


@pytest.mark.parametrize(
    "header",
    [
        "Party,Power,Stance,Importance",
        "actor,influence,position,salience",
        "Name,Clout,Preference,Priority",
    ],
)
def test_other_column_names(tmp_path: Path, header: str) -> None:
    s = read(write(tmp_path, f"{header}\nA,1,10,0.5\nB,2,90,0.5\n")).scenario
    assert s.actor("B").capability == 2 and s.stances["B"]["issue"].position == 90


def test_refused_header_lists_the_accepted_names(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as info:
        read(write(tmp_path, "Who,Power,Where\nA,1,2\n"))
    (problem,) = info.value.problems
    assert "missing column(s) Actor, Position, Salience" in problem.message
    assert "(the header holds: Who, Power, Where)" in problem.message
    assert "Actor (or Stakeholder" in problem.fix and "Capability (or " in problem.fix


def test_two_columns_for_one_meaning(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="columns 'Power' and 'Capability' both mean"):
        read(write(tmp_path, "Actor,Power,Capability,Position,Salience\nA,1,1,2,0.5\n"))


def test_non_latin_names_get_numbered_ids_that_are_shown(tmp_path: Path) -> None:
    text = "Actor,Capability,Position,Salience\n北朝鮮,1,10,0.5\n대한민국,2,90,0.5\nUS,3,50,1\n"
    loaded = read(write(tmp_path, text))
    assert loaded.scenario.actor_ids == ["actor1", "actor2", "US"]
    assert loaded.scenario.actor("actor1").name == "北朝鮮"
    assert loaded.notes == [
        "actor ids made from the names: '北朝鮮' -> actor1, '대한민국' -> actor2"
    ]


def test_ids_written_by_the_user_are_kept_or_refused_never_rewritten(tmp_path: Path) -> None:
    text = "Id,Actor,Capability,Position,Salience\nDPRK,北朝鮮,1,10,0.5\nROK,대한민국,2,90,0.5\n"
    loaded = read(write(tmp_path, text))
    assert loaded.scenario.actor_ids == ["DPRK", "ROK"] and loaded.notes == []
    bad = text.replace("DPRK", "北朝鮮")
    with pytest.raises(ScenarioError) as info:
        read(write(tmp_path, bad))
    assert "'北朝鮮' is not a valid id" in str(info.value)


def test_names_that_would_share_an_id_stay_apart(tmp_path: Path) -> None:
    text = "Actor,Capability,Position,Salience\nU.S.,1,10,0.5\nU S,2,90,0.5\n"
    loaded = read(write(tmp_path, text))
    assert loaded.scenario.actor_ids == ["U_S", "U_S_2"]
    assert "'U S' -> U_S_2" in loaded.notes[0]


def test_a_row_given_twice_is_refused_with_both_rows(tmp_path: Path) -> None:
    text = "Actor,Issue,Capability,Position,Salience\nA,x,1,10,0.5\nB,x,1,20,0.5\nA,x,1,90,0.5\n"
    with pytest.raises(ScenarioError) as info:
        read(write(tmp_path, text))
    (problem,) = info.value.problems
    assert problem.line == 4 and "first in row 2" in problem.message


def test_capability_and_salience_problems_name_the_cell(tmp_path: Path) -> None:
    text = "Actor,Capability,Position,Salience\nA,0,10,0.5\nB,1,10,150\n"
    with pytest.raises(ScenarioError) as info:
        read(write(tmp_path, text))
    lines = [(p.line, p.location) for p in info.value.problems]
    assert lines == [(2, "column 2"), (3, "column 4")]


def test_ids_helpers() -> None:
    assert suggest_id("Côte d'Ivoire") == "Cote_d_Ivoire"
    assert suggest_id("北朝鮮", "actor1") == "actor1"
    assert suggest_id("3rd party") == "x3rd_party"
    # letters Unicode does not decompose keep a Latin stand-in (a newcomer run got 'Kbrs')
    assert suggest_id("Kıbrıs") == "Kibris" and suggest_id("Birleşik Krallık") == (
        "Birlesik_Krallik"
    )
    assert [suggest_id(t) for t in ("Łódź", "Straße", "Færøerne", "Þingvellir")] == [
        "Lodz", "Strasse", "Faeroerne", "Thingvellir"
    ]  # fmt: skip
    make = IdMaker("actor")
    assert [make("US"), make("US"), make("U-S")] == ["US", "US", "U-S"] and make.note() is None


@pytest.mark.parametrize(
    ("text", "comma", "value"),
    [
        ("0,5", True, 0.5),
        ("1.234,5", True, 1234.5),
        ("-3", True, -3.0),
        ("1e3", False, 1000.0),
        ("0,5", False, None),
    ],
)
def test_numbers(text: str, comma: bool, value: float | None) -> None:
    assert to_number(text, comma) == value

"""Excel workbooks: a whole scenario round trip, simple tables, and damaged files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.errors import MissingExtraError, ScenarioError
from detente.scenario import Scenario, load_scenario, read, save_scenario
from detente.scenario.xlsx_layout import SHEETS


@pytest.mark.parametrize("name", ["korea-2005", "korea-2009", "ec-car-emissions", "dummyData_3Dim"])
def test_round_trip_keeps_everything(tmp_path: Path, name: str) -> None:
    s = load_scenario(name)
    path = tmp_path / f"{name}.xlsx"
    save_scenario(s, path)
    again = load_scenario(path)
    # openpyxl writes 16 significant digits (Excel itself keeps 15): numbers agree to 1e-15
    assert _close(again, s)
    if name != "dummyData_3Dim":
        assert again == s  # short decimals come back exactly
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["About", *SHEETS]


def _close(a: object, b: object) -> bool:
    """Equal, with floats equal to 1e-15 relative (pytest.approx does not recurse into dicts)."""
    if isinstance(a, float) and isinstance(b, float):
        return abs(a - b) <= 1e-15 * max(abs(a), abs(b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_close(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_close(x, y) for x, y in zip(a, b, strict=True))
    if hasattr(a, "model_dump") and hasattr(b, "model_dump"):
        return _close(a.model_dump(), b.model_dump())
    return a == b


def test_walk_away_values_perception_and_collapses_come_back(
    tmp_path: Path, small_data: dict
) -> None:
    """Found by a newcomer run: the workbook dropped vetoes, reservation values, perception and
    'collapsed', and an outcome with no values (a collapse) could not be read back."""
    small_data["actors"][0] |= {"veto": True, "reservation": {"utility": 0.4, "exit_cost": 0.1}}
    small_data["actors"][1] |= {
        "reservation": {"accepts": {"x": [20, 70], "y": [0, 40]}, "utility_sd": 0.05,
                        "basis": "Said so, twice", "sources": ["S1"]}
    }  # fmt: skip
    small_data["forums"] = [{"id": "ab", "members": ["A", "B"], "perception": 0.3}]
    small_data["outcomes"].append({"id": "walkout", "date": "2006-01-01", "values": {},
                                   "collapsed": True})  # fmt: skip
    small_data["perception"] = {}  # declared with every default: on
    s = Scenario.model_validate(small_data)
    path = tmp_path / "small.xlsx"
    save_scenario(s, path)
    assert load_scenario(path) == s
    book = openpyxl.load_workbook(path)
    assert book["Perception"]["B2"].value == 10  # position_sd, its default written out
    for row in book["Perception"].iter_rows(min_row=2):
        row[1].value = None  # every value empty: perception off
    book["Actors"]["E2"] = "no"  # A's veto
    book.save(path)
    again = load_scenario(path)
    assert again.perception is None and not again.actor("A").veto
    assert again.actor("B").reservation == s.actor("B").reservation


def test_an_edit_in_excel_is_read_back(tmp_path: Path) -> None:
    """The README's round trip: export, change a salience in Excel, import."""
    path = tmp_path / "korea.xlsx"
    save_scenario(load_scenario("korea-2005"), path)
    book = openpyxl.load_workbook(path)
    ws = book["Stances"]
    row = next(
        r for r in ws.iter_rows(min_row=2) if (r[0].value, r[1].value) == ("RUS", "denuc_scope")
    )
    assert row[3].coordinate == "D52"  # the cell the README names
    row[3].value = 0.95
    book.save(path)
    assert load_scenario(path).stances["RUS"]["denuc_scope"].salience == 0.95


def test_problems_name_sheet_and_cell(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    save_scenario(load_scenario("ec-car-emissions"), path)
    book = openpyxl.load_workbook(path)
    book["Stances"]["D3"] = 40  # salience column, second stance
    book["Actors"]["G1"] = "colour"
    book.save(path)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    text = str(info.value)
    assert "sheet 'Actors', cell G1: unknown column 'colour'" in text
    book["Actors"]["G1"] = None
    book.save(path)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert problem.location.startswith("sheet 'Stances', cell D3")
    assert "write 0.4" in problem.fix


def test_simple_table_on_the_first_sheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Data"
    for row in [
        ("Stakeholder", "Power", "Position", "Salience"),
        ("北朝鮮", 1, 20, 0.9),
        ("US", 3, 80, 0.5),
    ]:
        ws.append(row)
    ws.append(("CN", "two", 50, 0.5))
    path = tmp_path / "table.xlsx"
    book.save(path)
    with pytest.raises(ScenarioError) as info:
        read(path)
    assert "sheet 'Data', cell B4: 'two' is not a number" in str(info.value)
    ws["B4"] = 2
    book.save(path)
    loaded = read(path)
    assert loaded.scenario.actor_ids == ["actor1", "US", "CN"]
    assert any("'北朝鮮' -> actor1" in n for n in loaded.notes)


def test_damaged_workbooks_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ScenarioError, match="not a readable Excel workbook"):
        load_scenario(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ScenarioError, match="save it again"):
        load_scenario(path)


def test_a_zip_of_an_unknown_version_is_refused(tmp_path: Path) -> None:
    """Found by the fuzz script: zipfile raised NotImplementedError ("zip file version 6.4")."""
    path = tmp_path / "ec.xlsx"
    save_scenario(load_scenario("ec-car-emissions"), path)
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 64  # version needed to extract: 6.4, above what zipfile reads
    path.write_bytes(bytes(data))
    with pytest.raises(ScenarioError, match=r"NotImplementedError: zip file version 6\.4"):
        load_scenario(path)


def test_a_workbook_that_unpacks_past_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 3_000_000)
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(buffer.getvalue())
    monkeypatch.setenv("DETENTE_MAX_INPUT_MB", "0.2")
    with pytest.raises(ScenarioError, match=r"over the 0\.2 MB limit"):
        load_scenario(path)


def test_old_excel_files_say_how_to_convert(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(ScenarioError, match=r"save it from the spreadsheet as \.xlsx"):
        load_scenario(path)


def test_without_openpyxl_the_message_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    original = importlib.import_module

    def missing(name: str, *args: object) -> object:
        if name == "openpyxl":
            raise ImportError(name)
        return original(name, *args)

    monkeypatch.setattr(importlib, "import_module", missing)
    with pytest.raises(MissingExtraError, match=r"pip install 'detente\[excel\]'"):
        save_scenario(load_scenario("ec-car-emissions"), tmp_path / "never.xlsx")
    assert not (tmp_path / "never.xlsx").exists()


def test_cli_writes_and_reads_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "ec.xlsx"
    runner = CliRunner()
    assert runner.invoke(app, ["validate", "ec-car-emissions", "--write", str(path)]).exit_code == 0
    result = runner.invoke(app, ["validate", str(path)])
    assert result.exit_code == 0 and "OK:" in result.output


def test_a_cell_far_below_the_table(tmp_path: Path) -> None:
    """The empty rows before it are skipped quickly (the fuzz script saw a hang on a row number
    mutated to near Excel's last row, 1,048,576)."""
    book = openpyxl.Workbook()
    ws = book.active
    for row in [("Actor", "Capability", "Position", "Salience"), ("A", 1, 10, 0.5)]:
        ws.append(row)
    ws.cell(row=300_000, column=1, value="B")
    path = tmp_path / "gap.xlsx"
    book.save(path)
    with pytest.raises(ScenarioError) as info:
        read(path)
    assert info.value.problems[0].location == "sheet 'Sheet', cell B300000"


def test_a_reservation_of_an_unknown_actor_lists_the_actors(tmp_path: Path) -> None:
    path = tmp_path / "ec.xlsx"
    save_scenario(load_scenario("ec-car-emissions"), path)
    book = openpyxl.load_workbook(path)
    book["Reservations"].append(["Germny", 0.5])
    book.save(path)
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert problem.location == "sheet 'Reservations', row 2"
    assert "unknown actor 'Germny'" in problem.message and "Germany" in problem.fix

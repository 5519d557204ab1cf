"""The README's Excel round trip works as printed: export, edit in Excel, read back, a mistake.

Every command of the README's round-trip block is run as written (in a fresh folder), and what
the README says it prints is compared with what it prints (issue 15, "Done when").
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from detente.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def _block(after: str, fence: str) -> list[str]:
    """The lines of the first ``fence`` block after the line holding ``after``."""
    text = README.read_text(encoding="utf-8")
    start = text.index(f"```{fence}\n", text.index(after)) + len(fence) + 4
    return text[start : text.index("```", start)].splitlines()


def test_the_readme_excel_round_trip_prints_what_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    lines = _block("An Excel round trip", "sh")
    commands = [ln for ln in lines if ln.startswith(".venv/bin/detente ")]
    assert len(commands) == 3
    printed: list[str] = []
    for line in lines:
        if line.startswith(".venv/bin/detente "):
            result = runner.invoke(app, shlex.split(line)[1:])
            assert result.exit_code == 0, (line, result.output)
            printed = result.output.splitlines()
        elif line.startswith("#   ... open korea.xlsx in Excel"):
            sheet, actor, issue, value, cell = re.search(
                r"on sheet (\w+) set (\w+) on (\w+) to ([\d.]+) \(cell (\w+)\)", line
            ).groups()  # type: ignore[union-attr]
            book = openpyxl.load_workbook("korea.xlsx")
            assert (book[sheet][f"A{cell[1:]}"].value, book[sheet][f"B{cell[1:]}"].value) == (
                actor,
                issue,
            )
            book[sheet][cell] = float(value)
            book.save("korea.xlsx")
        elif line.startswith("# "):
            assert line[2:] in printed, (line, printed)
    assert any("weighted-median" in p for p in printed)  # the forecast of the edited workbook


def test_the_readme_excel_mistake_reads_as_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(app, ["validate", "korea-2005", "--write", "korea.xlsx"]).exit_code == 0
    book = openpyxl.load_workbook("korea.xlsx")
    book["Stances"]["D52"] = 95
    book.save("korea.xlsx")
    result = runner.invoke(app, ["validate", "korea.xlsx"])
    assert result.exit_code == 2
    assert result.output.splitlines() == _block("A mistake made in Excel", "text")

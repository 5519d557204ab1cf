"""Output that fits (issue 15, item 4): tables wrap to the terminal, CSV states its precision."""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from typer.testing import CliRunner

from detente.cli import app
from detente.cli.output import Format, csv_text, rich_tables, rounded

MODELS = ["mean", "weighted-mean", "weighted-median", "bdm", "smp", "exchange", "nash"]


def _forecast_like() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    issues = ["denuc_scope", "security_assurance", "regional_mechanism"]
    table = pd.DataFrame({"issue": issues})
    for name in [*MODELS, "JS_2005_09_19", "COLLAPSE_2009_06"]:
        table[name] = rng.uniform(0, 100, len(issues))
    return table


def _render(tables: list, width: int) -> list[str]:
    out = io.StringIO()
    console = Console(file=out, width=width, color_system=None)
    for table in tables:
        console.print(table)
    return out.getvalue().splitlines()


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_a_wide_table_is_split_into_parts_that_fit_and_drop_nothing(width: int) -> None:
    table = _forecast_like()
    parts = rich_tables(table, "Forecast", digits=2, width=width)
    assert len(parts) > 1
    lines = _render(parts, width)
    assert max(len(line) for line in lines) <= width
    shown = [c.header for part in parts for c in part.columns[1:]]
    assert shown == list(table.columns[1:])  # every column once, in order
    assert all(part.columns[0].header == "issue" for part in parts)  # the row names repeat
    text = "\n".join(lines)
    for header in table.columns:  # no header folded or cut
        assert header in text
    for value in table.to_numpy()[:, 1:].ravel():
        assert f"{value:.2f}" in text  # no number dropped
    assert f"part {len(parts)} of {len(parts)}: columns" in text  # and it says it split


def test_a_table_that_fits_is_one_table_without_a_caption() -> None:
    parts = rich_tables(_forecast_like().iloc[:, :4], "Forecast", width=80)
    assert len(parts) == 1 and parts[0].caption is None


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12))
def test_csv_rounding_keeps_six_significant_digits_and_whole_parts(value: float) -> None:
    r = rounded(value)
    assert abs(r - value) <= 5e-6 * abs(value) + 1e-300
    if abs(value) >= 1e5:  # never rounded to tens or thousands: at most to the unit
        assert abs(r - value) <= 0.5


def test_csv_rounds_and_csv_full_keeps_every_digit() -> None:
    table = pd.DataFrame(
        {"issue": ["a"], "x": [60.82415012345678], "n": [3], "tiny": [1.23456789e-7]}
    )
    assert csv_text(table, Format.csv) == "issue,x,n,tiny\na,60.8242,3,1.23457e-07\n"
    full = csv_text(table, Format.csv_full).splitlines()[1].split(",")
    assert float(full[1]) == 60.82415012345678 and float(full[3]) == 1.23456789e-7


def test_forecast_csv_is_rounded_and_csv_full_reads_back_exactly() -> None:
    runner = CliRunner()
    short = runner.invoke(app, ["forecast", "korea-2005", "-m", "smp", "-f", "csv"]).stdout
    full = runner.invoke(app, ["forecast", "korea-2005", "-m", "smp", "-f", "csv-full"]).stdout
    rounded_frame = pd.read_csv(io.StringIO(short))
    full_frame = pd.read_csv(io.StringIO(full))
    assert max(len(v.split(".")[-1]) for v in short.split() if "." in v) <= 6
    assert (full_frame["smp"] != rounded_frame["smp"]).any()  # the full digits differ
    assert np.allclose(full_frame["smp"], rounded_frame["smp"], rtol=5e-6, atol=0)

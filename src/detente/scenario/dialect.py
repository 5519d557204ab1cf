"""Read a delimited text file the way its author's program wrote it, and say what was found.

Spreadsheet programs write "CSV" in several dialects: Excel in a German or French locale uses
``;`` between cells and a decimal comma (``0,5``), often with a UTF-8 byte-order mark or in
Windows-1252; ``.tsv`` files use tabs; old Macintosh files end lines with a lone carriage return.
:func:`read_delimited` detects the encoding, the separator (``,`` ``;`` tab or ``|``: the one
that splits the first rows into the same number of cells, most of them) and the decimal mark,
and describes anything other than plain UTF-8 comma-separated text in a note.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

from detente.errors import Problem, ScenarioError
from detente.scenario.cells import CellTable, looks_decimal_comma
from detente.scenario.limits import read_text

SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
SNIFF_LINES = 20


def sniff_separator(text: str) -> str:
    """The separator that splits the first non-blank lines into the most, equally many cells.

    Parameters
    ----------
    text : the file's text

    Returns
    -------
    str
        The separator (',' when nothing splits better).
    """
    lines: list[str] = []
    for line in io.StringIO(text, newline=None):
        if line.strip():
            lines.append(line)
            if len(lines) == SNIFF_LINES:
                break
    sample = "".join(lines)
    best, best_score = ",", (-1.0, 0)
    for sep in SEPARATORS:
        try:
            counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=sep) if r]
        except csv.Error:
            continue
        if not counts:
            continue
        mode, agree = Counter(counts).most_common(1)[0]
        score = (agree / len(counts) if mode > 1 else 0.0, mode)
        if score > best_score:
            best, best_score = sep, score
    return best


def split_rows(text: str, separator: str, source: str) -> list[tuple[int, list[str]]]:
    """(line number, stripped cells) for every non-blank row.

    Parameters
    ----------
    text : the file's text
    separator : the separator
    source : the file (for messages)

    Returns
    -------
    list[tuple[int, list[str]]]
        The rows.
    """
    rows: list[tuple[int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    try:
        start = 1
        for cells in reader:
            stripped = [c.strip() for c in cells]
            if any(stripped):
                rows.append((start, stripped))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ScenarioError(
            source,
            [
                Problem(
                    f"line {reader.line_num}",
                    f"cannot be split into cells ({exc})",
                    "save the file again as CSV from a spreadsheet, or remove stray quotes and "
                    "control characters on that line",
                    reader.line_num,
                )
            ],
        ) from None
    return rows


def read_delimited(path: Path, separator: str | None = None) -> tuple[CellTable, str]:
    """The file's rows as a :class:`CellTable`, and its text (for format detection).

    Parameters
    ----------
    path
        A ``.csv``, ``.tsv`` or ``.txt`` file.
    separator
        Force a separator (``"\\t"`` for ``.tsv``); detected when None.

    Returns
    -------
    tuple[CellTable, str]
        The rows and the text.
    """
    source = str(path)
    text, encoding = read_text(path)
    sep = separator or sniff_separator(text)
    rows = split_rows(text, sep, source)
    numbers = [c for _, cells in rows[1 : SNIFF_LINES * 5] for c in cells]
    table = CellTable(rows, decimal_comma=looks_decimal_comma(numbers))
    found = []
    if sep != "," and separator is None:
        found.append(f"{SEPARATORS[sep]}-separated")
    if table.decimal_comma:
        found.append("decimal comma")
    if encoding != "UTF-8":
        found.append(encoding)
    if found:
        table.notes.append(f"read as {', '.join(found)}")
    return table, text

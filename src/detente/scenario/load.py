"""Load a scenario from a bundled name or a file in any supported format, and save one."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from detente.errors import DetenteError, Problem, ScenarioError, UnknownNameError
from detente.files import write_atomic
from detente.scenario.schema import Scenario

if TYPE_CHECKING:
    from detente.scenario.changes import Change

YAML_SUFFIXES = {".yaml", ".yml"}
DELIMITED = {".csv": None, ".tsv": "\t", ".txt": None}
READABLE = ".yaml, .yml, .csv, .tsv, .txt (decide), .xlsx or .xml (KTAB)"
WRITABLE = ".yaml, .yml, .csv, .tsv or .xlsx"


@dataclass(frozen=True)
class Loaded:
    """A scenario with what the reader noticed on the way (dialect, rescaled saliences, ids)."""

    scenario: Scenario
    source: str
    notes: list[str] = field(default_factory=list)


def _is_file(path: Path) -> bool:
    """Whether ``path`` names an existing file or folder (False for names no OS accepts)."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False


def read(ref: str | Path) -> Loaded:
    """Read a bundled scenario by name, or a YAML, CSV/TSV (classic, KTAB, decide), XLSX or
    KTAB XML file.

    Parameters
    ----------
    ref : a bundled scenario's name or a file

    Returns
    -------
    Loaded
        The scenario, where it came from and what the reader noticed (rescaled saliences ...).

    Raises
    ------
    UnknownNameError
        When ``ref`` is neither a file nor a bundled scenario.
    ScenarioError
        For anything wrong with the file, each problem with its place and fix.
    """
    from detente import data
    from detente.scenario.yaml_io import read_yaml

    name = str(ref)
    path = Path(name)
    if not _is_file(path) and name in data.bundled_names():
        return Loaded(read_yaml(data.bundled_path(name)), f"bundled:{name}")
    if not _is_file(path):
        near = [str(c) for c in _with_suffixes(path) if _is_file(c)]
        meant = f"did you mean {' or '.join(near)}? " if near else ""
        raise UnknownNameError(
            f"'{name}' is neither a file nor a bundled scenario ({meant}"
            f"bundled: {', '.join(data.bundled_names())}; see `detente scenarios`)"
        )
    notes: list[str] = []
    return Loaded(read_file(path, notes), name, notes)


def _with_suffixes(path: Path) -> list[Path]:
    """``path`` with each readable suffix added (the user may have left it out)."""
    if path.suffix.lower() in {".yaml", ".yml", ".csv", ".tsv", ".txt", ".xlsx", ".xml"}:
        return []
    return [path.with_name(path.name + s) for s in (".yaml", ".yml", ".xlsx", ".csv", ".tsv")]


def read_file(path: Path, notes: list[str]) -> Scenario:
    """The scenario in ``path``, read by the reader its suffix (and, for CSV, its content) names.

    Parameters
    ----------
    path : the file
    notes : collects what the reader noticed

    Returns
    -------
    Scenario
        The scenario.
    """
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        from detente.scenario.yaml_io import read_yaml

        return read_yaml(path, notes)
    if suffix in DELIMITED:
        return _read_delimited(path, notes, DELIMITED[suffix])
    if suffix == ".xlsx":
        from detente.scenario.xlsx_io import read_xlsx

        return read_xlsx(path, notes)
    if suffix == ".xml":
        from detente.scenario.ktab_xml import read_ktab_xml

        return read_ktab_xml(path, notes)
    fix = f"use {READABLE}"
    if suffix in {".xls", ".ods", ".numbers"}:
        fix = "save it from the spreadsheet as .xlsx (Excel workbook) or .csv"
    raise ScenarioError(str(path), [Problem("", f"unknown file type '{suffix}'", fix)])


def _read_delimited(path: Path, notes: list[str], separator: str | None) -> Scenario:
    from detente.scenario.csv_io import read_classic_table
    from detente.scenario.decide_io import looks_like_decide, read_decide
    from detente.scenario.dialect import read_delimited
    from detente.scenario.ktab_io import looks_like_ktab, read_ktab_table

    table, text = read_delimited(path, separator)
    if looks_like_decide(text):
        return read_decide(path, notes, text)
    reader = read_ktab_table if looks_like_ktab(table) else read_classic_table
    return reader(table, str(path), path.stem, notes)


def load_scenario(ref: str | Path) -> Scenario:
    """The scenario named by ``ref`` (bundled name or file path).

    Parameters
    ----------
    ref : a bundled scenario's name or a file

    Returns
    -------
    Scenario
        The validated scenario; problems raise :class:`ScenarioError` naming the file, the
        place and the fix.
    """
    return read(ref).scenario


def save_scenario(scenario: Scenario, path: str | Path, *, drop_comments: bool = False) -> None:
    """Write a scenario as YAML, CSV, TSV or XLSX, chosen by the file suffix.

    YAML and XLSX keep everything; CSV and TSV keep the numbers only (docs/scenario-format.md).
    Files are replaced atomically: a failed write never leaves half a file.

    Parameters
    ----------
    scenario
        The scenario to write.
    path
        The file to write.
    drop_comments
        Allow replacing a YAML file that holds comments. detente writes data, not comments, so
        by default it refuses to overwrite a commented file rather than lose the comments
        silently.

    Raises
    ------
    ScenarioError
        For a suffix detente cannot write, or a commented YAML file without ``drop_comments``.
    """
    from detente.scenario.csv_io import scenario_to_csv
    from detente.scenario.yaml_io import write_yaml

    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in YAML_SUFFIXES:
        if not drop_comments:
            _refuse_to_drop_comments(path)
        write_yaml(scenario, path)
    elif suffix in (".csv", ".tsv"):
        write_atomic(path, scenario_to_csv(scenario, "\t" if suffix == ".tsv" else ","))
    elif suffix == ".xlsx":
        from detente.scenario.xlsx_io import write_xlsx

        write_xlsx(scenario, path)
    else:
        raise ScenarioError(
            str(path), [Problem("", f"cannot write '{path.suffix}'", f"use {WRITABLE}")]
        )


def left_out_of_table(scenario: Scenario, target: str | Path) -> str | None:
    """A note naming what a CSV or TSV ``target`` does not keep of ``scenario`` (numbers only).

    Parameters
    ----------
    scenario : the scenario written
    target : the file written

    Returns
    -------
    str or None
        The note, or None when the file keeps everything the scenario holds.
    """
    if Path(target).suffix.lower() not in (".csv", ".tsv"):
        return None
    s = scenario
    counted = {
        "actor names": sum(a.name != a.id for a in s.actors),
        "issue names, questions and anchors": sum(
            bool(i.name != i.id or i.question or i.anchors) for i in s.issues
        ),
        "units": sum(i.scale.unit != "points" for i in s.issues),
        "uncertainties and stance notes": sum(
            bool(st.position_sd or st.salience_sd or st.confidence or st.basis or st.sources)
            for row in s.stances.values()
            for st in row.values()
        )
        + sum(bool(a.capability_sd) for a in s.actors),
        "vetoes and reservation values": sum(a.veto or a.reservation is not None for a in s.actors),
        "forums": len(s.forums),
        "known outcomes": len(s.outcomes),
        "sources": len(s.sources),
        "model settings": len(s.params),
        "perception": int(s.perception is not None),
    }
    lost = [name for name, n in counted.items() if n]
    if not s.description and not lost:
        return None
    lost = (["the description"] if s.description else []) + lost
    return (
        f"{target} keeps capability, position, salience and scales only; not written: "
        f"{', '.join(lost)} (save as .yaml or .xlsx to keep everything)"
    )


def comments_left_behind(source: str | Path, target: str | Path) -> str | None:
    """A note when a YAML ``source`` with comments is saved to ``target`` (comments not copied).

    Parameters
    ----------
    source : the file read
    target : the file written

    Returns
    -------
    str or None
        The note, or None when nothing is lost.
    """
    from detente.scenario.limits import read_text
    from detente.scenario.yaml_io import comment_lines

    path = Path(source)
    if path.suffix.lower() not in YAML_SUFFIXES or not _is_file(path) or Path(target) == path:
        return None
    try:
        count = comment_lines(read_text(path)[0])
    except ScenarioError:
        return None
    if not count:
        return None
    return (
        f"the {count} comment line(s) of {source} are not copied to {target} "
        "(detente saves data, not comments)"
    )


def _refuse_to_drop_comments(path: Path) -> None:
    from detente.scenario.limits import read_text
    from detente.scenario.yaml_io import comment_lines

    if not path.is_file():
        return
    try:
        count = comment_lines(read_text(path)[0])
    except ScenarioError:
        return  # not a readable text file: nothing of the user's to keep
    if count:
        raise ScenarioError(
            str(path),
            [
                Problem(
                    "",
                    f"holds {count} comment line(s), which detente does not write back "
                    "(it saves data, not comments)",
                    "write to a new file and copy over the comments you need (or delete this "
                    "file first; in Python, save_scenario(..., drop_comments=True))",
                )
            ],
        )


def load_changes(path: str | Path) -> list[Change]:
    """Changes from a YAML file holding a list of change strings or mappings.

    Parameters
    ----------
    path : the YAML file

    Returns
    -------
    list[Change]
        The changes; an unreadable or malformed file raises :class:`DetenteError`.
    """
    from detente.scenario.editing import parse_changes
    from detente.scenario.limits import read_text
    from detente.scenario.yaml_io import parse_yaml

    data = parse_yaml(read_text(Path(path))[0], str(path))  # guarded: size, depth, aliases
    if not isinstance(data, list):
        raise DetenteError(f"{path}: expected a list of changes (fix: start each with '- ')")
    try:
        return parse_changes(data)
    except DetenteError as exc:
        raise DetenteError(f"{path}: {exc}") from None

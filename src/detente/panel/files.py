"""Offline panels: a folder of assessment files, one per member, so a panel can run by email.

The folder holds an optional ``panel.yaml`` (the panel's name, its scenario, a description, a
``synthetic`` flag and a line about each member), perhaps the scenario file it names, and one file
per member, named after them:
``NAME.yaml`` (a list of rounds, each with its estimates) or ``NAME.csv`` (one row per estimate
with a ``round`` column). The format is in docs/panels.md.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import Field

from detente.errors import DetenteError, Problem, ScenarioError, UnknownNameError
from detente.panel.checks import check_estimates
from detente.panel.data import PanelData, standing, submissions_frame
from detente.panel.records import Estimate, PanelError
from detente.scenario import Scenario, load_scenario
from detente.scenario.limits import read_text
from detente.scenario.problems import validate_as
from detente.scenario.schema import Frozen
from detente.scenario.yaml_io import line_finder, parse_document

MANIFEST_NAMES = ("panel.yaml", "panel.yml")
MEMBER_SUFFIXES = (".yaml", ".yml", ".csv")
CSV_REQUIRED = ("round", "kind", "actor", "value")
CSV_OPTIONAL = ("issue", "low", "high", "confidence", "rationale")
LineOf = Callable[[tuple[str | int, ...]], int | None]


class MemberNote(Frozen):
    """What the manifest says about a member (shown beside their forecasts)."""

    perspective: str = ""


class Manifest(Frozen):
    """``panel.yaml``: what the panel is about."""

    name: str = ""
    scenario: str = ""
    description: str = ""
    synthetic: bool = False
    facilitator: str = ""
    members: dict[str, MemberNote] = Field(default_factory=dict)


class RoundEntry(Frozen):
    """One round of a member file: its number and the estimates given in it."""

    round: int = Field(ge=1)
    estimates: tuple[Estimate, ...] = Field(min_length=1)


class MemberFile(Frozen):
    """A member's YAML file: their rounds (a round listed twice: the later entry revises)."""

    member: str = ""
    perspective: str = ""
    rounds: tuple[RoundEntry, ...] = Field(min_length=1)


def panel_folder(ref: str | Path) -> Path:
    """The folder of a bundled panel name or a path.

    Parameters
    ----------
    ref : a bundled panel's name or a folder

    Returns
    -------
    Path
        The folder; a missing one is an UnknownNameError listing the bundled panels.
    """
    from detente import data

    path = Path(ref)
    if not path.exists() and str(ref) in data.bundled_panel_names():
        return data.bundled_panel_path(str(ref))
    if not path.exists():
        bundled = ", ".join(data.bundled_panel_names())
        raise UnknownNameError(
            f"'{ref}' is neither a folder nor a bundled panel (bundled: {bundled})"
        )
    if not path.is_dir():
        raise DetenteError(f"'{ref}' is a file: give the folder holding the member files")
    return path


def read_panel(ref: str | Path, scenario: Scenario | str | Path | None = None) -> PanelData:
    """Read a folder of assessment files (or a bundled panel by name).

    Parameters
    ----------
    ref : a folder or a bundled panel's name
    scenario : overrides the manifest's scenario (a Scenario, bundled name or file)

    Returns
    -------
    PanelData
        Every member's standing estimates per round; errors name the file, line and field.
    """
    folder = panel_folder(ref)
    manifest = read_manifest(folder)
    s = _scenario(folder, manifest, scenario)
    rows: list[dict[str, Any]] = []
    labels: dict[str, str] = {}
    for path in _member_files(folder, skip=manifest.scenario):
        member, perspective, entries = _read_member(path, s)
        if member in labels:
            raise DetenteError(f"{path}: member '{member}' has a second file (fix: merge them)")
        note = manifest.members.get(member)
        labels[member] = perspective or (note.perspective if note else "")
        for round_number, estimate in entries:
            rows.append({"order": len(rows), "round": round_number, "member": member,
                         **estimate.model_dump()})  # fmt: skip
    if not rows:
        raise DetenteError(f"{folder}: no member files (fix: add NAME.yaml or NAME.csv files)")
    return PanelData(
        name=manifest.name or folder.name,
        scenario=s,
        estimates=standing(submissions_frame(rows)),
        labels=labels,
        synthetic=manifest.synthetic,
        description=manifest.description,
    )


def read_manifest(folder: Path) -> Manifest:
    """The folder's ``panel.yaml``.

    Parameters
    ----------
    folder : the panel's folder

    Returns
    -------
    Manifest
        The manifest (an empty one when there is none).
    """
    for name in MANIFEST_NAMES:
        path = folder / name
        if path.is_file():
            text, _ = read_text(path)
            data, root = parse_document(text, str(path))
            result: Manifest = validate_as(Manifest, data, str(path), line_finder(root))
            return result
    return Manifest()


def _scenario(folder: Path, manifest: Manifest, given: Scenario | str | Path | None) -> Scenario:
    if isinstance(given, Scenario):
        return given
    ref = given or manifest.scenario
    if not ref:
        raise DetenteError(
            f"{folder}: no scenario named (fix: add 'scenario: NAME' to panel.yaml, or --scenario)"
        )
    beside = folder / str(ref)
    return load_scenario(beside if given is None and beside.is_file() else ref)


def _member_files(folder: Path, skip: str = "") -> list[Path]:
    """Every member file: YAML and CSV files other than the manifest and the scenario it names."""
    others = {*MANIFEST_NAMES, Path(skip).name if skip else ""}
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in MEMBER_SUFFIXES and p.name not in others
    )  # fmt: skip


def _read_member(path: Path, s: Scenario) -> tuple[str, str, list[tuple[int, Estimate]]]:
    text, _ = read_text(path)  # size limit, encodings and byte-order mark handled
    if path.suffix.lower() == ".csv":
        return path.stem, "", _read_csv(text, str(path), s)
    data, root = parse_document(text, str(path))
    line_of = line_finder(root)
    parsed: MemberFile = validate_as(MemberFile, data, str(path), line_of)
    entries: list[tuple[int, Estimate]] = []
    for n, entry in enumerate(parsed.rounds):
        _check(s, entry.estimates, str(path), f"rounds.{n}.", line_of)
        entries += [(entry.round, e) for e in entry.estimates]
    return parsed.member or path.stem, parsed.perspective, entries


def _check(
    s: Scenario, estimates: Any, source: str, prefix: str, line_of: LineOf | None = None
) -> None:
    try:
        check_estimates(s, estimates)
    except PanelError as exc:
        problems = []
        for p in exc.problems:
            where = prefix + p.location
            path = tuple(where.split("."))
            problems.append(Problem(where, p.message, p.fix, line_of(path) if line_of else p.line))
        raise ScenarioError(source, problems) from None


def _read_csv(text: str, source: str, s: Scenario) -> list[tuple[int, Estimate]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in CSV_REQUIRED if c not in header]
    unknown = [c for c in header if c not in CSV_REQUIRED + CSV_OPTIONAL]
    if missing or unknown:
        what = f"missing column(s) {missing}" if missing else f"unknown column(s) {unknown}"
        columns = ", ".join(CSV_REQUIRED + CSV_OPTIONAL)
        raise ScenarioError(source, [Problem("header", what, f"use the columns {columns}", 1)])
    entries: list[tuple[int, Estimate]] = []
    problems: list[Problem] = []
    for n, raw in enumerate(reader):
        line = n + 2
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        values = {k: v for k, v in row.items() if v != "" and k != "round"}
        try:
            number = int(row["round"])
            if number < 1:
                raise ValueError
        except ValueError:
            problems.append(Problem("round", f"'{row['round']}' is not a round number 1, 2, ...",
                                    "give a whole number from 1", line))  # fmt: skip
            continue
        try:
            (estimate,) = check_estimates(s, [values])
        except PanelError as exc:
            problems += [Problem(p.location.removeprefix("estimates.0."), p.message, p.fix, line)
                         for p in exc.problems]  # fmt: skip
            continue
        entries.append((number, estimate))
    if problems:
        raise ScenarioError(source, problems)
    return entries


def write_member_yaml(
    path: Path, member: str, perspective: str, rounds: dict[int, list[Estimate]]
) -> None:
    """Write a member file, one estimate per line (the script building the bundled demo uses it).

    Parameters
    ----------
    path : the file to write (atomically)
    member, perspective : who the member is
    rounds : {round: estimates given in it}
    """
    import yaml

    from detente.files import write_atomic

    def flow(data: dict[str, Any]) -> str:
        text = yaml.safe_dump(data, default_flow_style=True, sort_keys=False, width=10**6)
        return str(text).strip()

    lines = [
        f"# detente panel assessments of {member} (format: docs/panels.md)",
        flow({"member": member}).strip("{}"),
        flow({"perspective": perspective}).strip("{}"),
        "rounds:",
    ]
    for number, estimates in sorted(rounds.items()):
        lines += [f"- round: {number}", "  estimates:"]
        for e in estimates:
            fields = {k: _plain_number(v) for k, v in e.model_dump(exclude_defaults=True).items()}
            lines.append(f"  - {flow(fields)}")
    write_atomic(path, "\n".join(lines) + "\n")


def _plain_number(value: Any) -> Any:
    """92.0 -> 92, so files read as people write them."""
    return int(value) if isinstance(value, float) and value.is_integer() else value

"""What the pages and the JSON API both do, with every rights check in one place.

Each function takes the app's state and the signed-in :class:`Viewer`, checks the user's rights
and calls the store or the scenario readers. Pages render the answers; the API returns them.
"""

from __future__ import annotations

import functools
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from detente.errors import Problem, ScenarioError, UnknownNameError
from detente.scenario import Scenario, read
from detente.scenario.diff import Difference, diff_scenarios
from detente.store.workspace import ConflictError, ScenarioInfo, VersionInfo
from detente.web import rights
from detente.web.security import Viewer

SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}$")
EXPORTS = {
    "yaml": "application/x-yaml",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Conflict:
    """A refused save: what others saved since ``base``, and what this save would change."""

    info: ScenarioInfo
    base: int
    head: int
    theirs: list[Difference]
    mine: list[Difference]


def scenario_info(state: Any, viewer: Viewer, ws_id: int) -> ScenarioInfo:
    """A workspace scenario the viewer may read (404 when it does not exist or is private).

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    ws_id : the workspace scenario's id

    Returns
    -------
    ScenarioInfo
        The scenario's owner, sharing and head.
    """
    info: ScenarioInfo = state.workspace.get(ws_id)
    if not rights.can_read(viewer, info):
        raise UnknownNameError(f"no workspace scenario {ws_id}")
    return info


def editable(state: Any, viewer: Viewer, ws_id: int) -> ScenarioInfo:
    """A workspace scenario the viewer may edit (403 when they may only read it).

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    ws_id : the workspace scenario's id

    Returns
    -------
    ScenarioInfo
        The scenario's owner, sharing and head.
    """
    info = scenario_info(state, viewer, ws_id)
    rights.require(rights.can_edit(viewer, info), "edit this scenario")
    return info


def visible_scenarios(state: Any, viewer: Viewer) -> list[ScenarioInfo]:
    """The workspace scenarios the viewer may read, most recently saved first.

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)

    Returns
    -------
    list[ScenarioInfo]
        Their information.
    """
    return [i for i in state.workspace.scenarios() if rights.can_read(viewer, i)]


def version(state: Any, viewer: Viewer, ws_id: int, number: int | None = None) -> VersionInfo:
    """A version of a workspace scenario the viewer may read (404 for an unknown number).

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    ws_id : the workspace scenario's id
    number : the version number (None: the newest)

    Returns
    -------
    VersionInfo
        The version with its scenario.
    """
    scenario_info(state, viewer, ws_id)
    found: VersionInfo = state.workspace.version(ws_id, number)
    return found


def bundled(name: str) -> Scenario:
    """A bundled scenario by name (404 for any other name: never a path on the server).

    Parameters
    ----------
    name : the bundled scenario's name

    Returns
    -------
    Scenario
        The scenario.
    """
    from detente import data

    if name not in data.bundled_names():
        raise UnknownNameError(f"no bundled scenario '{name}'")
    return read(name).scenario


def import_file(
    state: Any, viewer: Viewer, filename: str, content: bytes, message: str = ""
) -> tuple[ScenarioInfo, list[str]]:
    """Read an uploaded file with the CLI's readers (every format they know) and keep it.

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    filename : the uploaded file's name (its extension picks the reader)
    content : its bytes
    message : the first version's message ('': 'imported from NAME')

    Returns
    -------
    tuple[ScenarioInfo, list[str]]
        The new workspace scenario and what the reader noticed.
    """
    rights.require(rights.can_create(viewer), "import scenarios")
    match = SUFFIX.search(filename or "")
    if match is None:
        problem = Problem("", "the file name has no extension", "upload a .yaml, .csv or .xml file")
        raise ScenarioError(filename or "upload", [problem])
    with tempfile.TemporaryDirectory(prefix="detente-upload-") as folder:
        stem = re.sub(r"[^A-Za-z0-9_\-]+", "_", Path(filename).stem)[:60] or "upload"
        path = Path(folder) / f"{stem}{match.group(0).lower()}"
        path.write_bytes(content)
        try:
            loaded = read(path)
        except ScenarioError as exc:  # name the upload, not the temporary file
            raise ScenarioError(filename, exc.problems) from None
    text = message or f"imported from {filename}"
    if loaded.notes:  # what the reader noticed stays with the version (rescaled saliences ...)
        text += " (" + "; ".join(loaded.notes) + ")"
    info = state.workspace.create(loaded.scenario, viewer.user.id, text)
    return info, list(loaded.notes)


def read_futures_upload(filename: str, content: bytes) -> Any:
    """An uploaded futures study (``.yaml``, ``.yml`` or ScenarioWizard ``.scw``), read with the
    CLI's reader; errors name the upload, not the temporary file.

    Parameters
    ----------
    filename : the upload's name (its suffix picks the reader)
    content : its bytes

    Returns
    -------
    FuturesSpec
        The validated study (nothing is stored).
    """
    from detente.futures.load import YAML_SUFFIXES, read_futures

    suffix = Path(filename or "").suffix.lower()
    if suffix not in {*YAML_SUFFIXES, ".scw"}:
        problem = Problem(
            "", f"cannot read '{suffix or 'no suffix'}'", "upload a .yaml or .scw file"
        )
        raise ScenarioError(filename or "upload", [problem])
    with tempfile.TemporaryDirectory(prefix="detente-upload-") as folder:
        stem = re.sub(r"[^A-Za-z0-9_\-]+", "_", Path(filename).stem)[:60] or "upload"
        path = Path(folder) / f"{stem}{suffix}"
        path.write_bytes(content)
        try:
            return read_futures(path).spec
        except ScenarioError as exc:
            raise ScenarioError(filename, exc.problems) from None


def copy_bundled(state: Any, viewer: Viewer, name: str) -> ScenarioInfo:
    """Copy a bundled scenario into the workspace as version 1 (anyone who may create).

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    name : the bundled scenario's name

    Returns
    -------
    ScenarioInfo
        The new workspace scenario.
    """
    rights.require(rights.can_create(viewer), "create scenarios")
    info: ScenarioInfo = state.workspace.create(
        bundled(name), viewer.user.id, f"copied from the bundled scenario {name}"
    )
    return info


def save(
    state: Any, viewer: Viewer, ws_id: int, scenario: Scenario, base: int, message: str
) -> VersionInfo | Conflict:
    """Save a new version, or the :class:`Conflict` when ``base`` is not the newest.

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    ws_id : the workspace scenario's id
    scenario : the edited scenario
    base : the version the edit started from
    message : what changed and why

    Returns
    -------
    VersionInfo | Conflict
        The new version, or the conflict with both sides' changes in words.
    """
    info = editable(state, viewer, ws_id)
    try:
        saved: VersionInfo = state.workspace.save(
            ws_id, scenario, viewer.user.id, message or "(no message)", base
        )
        return saved
    except ConflictError as exc:
        old = state.workspace.version(ws_id, base).scenario()
        new = state.workspace.version(ws_id, exc.head).scenario()
        return Conflict(
            info, base, exc.head, diff_scenarios(old, new), diff_scenarios(old, scenario)
        )


def diff(state: Any, viewer: Viewer, ws_id: int, a: int, b: int) -> list[Difference]:
    """What changed from version ``a`` to version ``b``.

    Parameters
    ----------
    state : the application's state: its stores, jobs and settings
    viewer : the signed-in user (from the session cookie or an API token)
    ws_id : the workspace scenario's id
    a : the version compared from
    b : the version compared to

    Returns
    -------
    list[Difference]
        The differences, in words and with their field paths.
    """
    old, new = version(state, viewer, ws_id, a), version(state, viewer, ws_id, b)
    return diff_scenarios(old.scenario(), new.scenario())


def export(scenario: Scenario, fmt: str) -> bytes:
    """The scenario in a file format the CLI writes (yaml, csv, and xlsx where supported).

    Parameters
    ----------
    scenario : the scenario
    fmt : the file format: yaml, csv or xlsx

    Returns
    -------
    bytes
        The file's bytes.
    """
    from detente.scenario import save_scenario

    if fmt not in EXPORTS:
        raise UnknownNameError(f"no export format '{fmt}' (known: {', '.join(EXPORTS)})")
    with tempfile.TemporaryDirectory(prefix="detente-export-") as folder:
        path = Path(folder) / f"{scenario.id}.{fmt}"
        save_scenario(scenario, path)
        return path.read_bytes()


@functools.lru_cache(maxsize=8)
def can_export(fmt: str) -> bool:
    """Whether the installed writers handle ``fmt`` (XLSX arrives with the Excel writer).

    Parameters
    ----------
    fmt : a file format

    Returns
    -------
    bool
        True when ``fmt`` can be written here.
    """
    from detente.scenario.load import save_scenario

    try:
        export(_tiny(), fmt)
    except ScenarioError:
        return False
    except Exception:
        return False
    return save_scenario is not None


def _tiny() -> Scenario:
    return Scenario.model_validate(
        {
            "id": "t",
            "name": "t",
            "actors": [{"id": "A", "name": "A", "capability": 1}],
            "issues": [{"id": "i", "name": "i"}],
            "stances": {"A": {"i": {"position": 0, "salience": 1}}},
        }
    )

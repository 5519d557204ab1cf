"""What the workspace store hands out: a scenario's record, a version's, and the save conflict.

Kept apart from :mod:`detente.store.workspace` (which reads and writes them) so that the web app
and the tests can name these types without the store's queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from detente.errors import DetenteError
from detente.scenario import Scenario
from detente.store.store import scenario_from_text


class ConflictError(DetenteError):
    """A save made from version ``base`` while version ``head`` is newer."""

    def __init__(self, ws_id: int, base: int, head: int) -> None:
        self.ws_id, self.base, self.head = ws_id, base, head
        super().__init__(
            f"scenario {ws_id} has version {head}, newer than version {base} this save was "
            "made from (fix: look at what changed, then save again from the newest version)"
        )


@dataclass(frozen=True)
class ScenarioInfo:
    """A workspace scenario: its owner, whether it is shared, and its newest version."""

    id: int
    scenario_id: str
    title: str
    owner_id: int
    owner: str
    shared: bool
    head: int
    created_at: dt.datetime
    updated_at: dt.datetime


@dataclass(frozen=True)
class VersionInfo:
    """One version of a workspace scenario (``yaml`` empty in listings)."""

    ws_id: int
    number: int
    author: str
    created_at: dt.datetime
    message: str
    sha256: str
    yaml: str = ""

    def scenario(self) -> Scenario:
        """The version's scenario, validated again (parsed once per version).

        Returns
        -------
        Scenario
            The scenario this version holds.
        """
        return scenario_from_text(self.yaml, self.sha256)

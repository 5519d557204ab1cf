"""A panel's estimates as one tidy table, round by round: what every analysis starts from.

Submissions are append-only, and a member may revise a cell within a round or leave it out of a
later round. The table here holds each member's *standing* estimate per cell and round: the
latest value they gave for it in that round or any earlier one (a cell left out of a later round
keeps its last value, as a prefilled form submitted unchanged would). Each round is thus a
complete snapshot, and ``from_round`` says where each value came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from detente.errors import DetenteError
from detente.panel.cells import Cell
from detente.scenario import Scenario

ESTIMATE_COLUMNS = ["kind", "actor", "issue", "value", "low", "high", "confidence", "rationale"]
SUBMISSION_COLUMNS = ["order", "round", "member", *ESTIMATE_COLUMNS]
COLUMNS = ["round", "member", *ESTIMATE_COLUMNS, "from_round"]
CELL = ["kind", "actor", "issue"]


@dataclass(frozen=True)
class PanelData:
    """A panel ready to analyse: its scenario and every member's standing estimates per round.

    Attributes
    ----------
    name : the panel's name
    scenario : the scenario version the panel sits on
    estimates : one row per (round, member, cell) with columns :data:`COLUMNS`
    labels : member -> a short description (a perspective, or empty)
    synthetic : True for made-up panels (demos, tests), shown in every output
    """

    name: str
    scenario: Scenario
    estimates: pd.DataFrame
    labels: Mapping[str, str] = field(default_factory=dict)
    synthetic: bool = False
    description: str = ""

    @property
    def rounds(self) -> list[int]:
        return sorted(int(r) for r in self.estimates["round"].unique())

    @property
    def last_round(self) -> int:
        if self.estimates.empty:
            raise DetenteError(f"panel '{self.name}' has no assessments yet")
        return self.rounds[-1]

    def round(self, number: int | None = None) -> pd.DataFrame:
        """The standing estimates of one round (default: the last)."""
        number = self.last_round if number is None else number
        if number not in self.rounds:
            raise DetenteError(
                f"panel '{self.name}' has no round {number} (rounds: "
                f"{', '.join(map(str, self.rounds)) or 'none'})"
            )
        return self.estimates[self.estimates["round"] == number].reset_index(drop=True)

    def members(self, number: int | None = None) -> list[str]:
        """The members with estimates in a round, in the order they first appear."""
        return list(dict.fromkeys(self.round(number)["member"]))

    def cells(self, number: int | None = None) -> list[Cell]:
        """The cells anyone assessed by a round, in scenario order (kind, actor, issue)."""
        frame = self.round(number)
        keys = {(k, a, i) for k, a, i in frame[CELL].itertuples(index=False)}
        actors = {a: n for n, a in enumerate(self.scenario.actor_ids)}
        issues = {i: n for n, i in enumerate(self.scenario.issue_ids)}
        kinds = {k: n for n, k in enumerate(dict.fromkeys(frame["kind"]))}
        order = sorted(keys, key=lambda c: (kinds[c[0]], actors[c[1]], issues.get(c[2], -1)))
        return [Cell(*c) for c in order]


def standing(submissions: pd.DataFrame, rounds: Sequence[int] | None = None) -> pd.DataFrame:
    """Each member's latest estimate per cell at each round (see the module docstring).

    ``submissions`` has the columns :data:`SUBMISSION_COLUMNS`; ``order`` sorts submissions in
    time (the audit sequence). Returns the columns :data:`COLUMNS`, rounds ascending.
    """
    frame = submissions.sort_values(["order"], kind="stable")
    numbers = sorted(set(frame["round"])) if rounds is None else list(rounds)
    parts = []
    for number in numbers:
        upto = frame[frame["round"] <= number]
        latest = upto.drop_duplicates(["member", *CELL], keep="last")
        part = latest.assign(from_round=latest["round"], round=number)
        parts.append(part)
    if not parts:
        return pd.DataFrame(columns=COLUMNS)
    out = pd.concat(parts, ignore_index=True)[COLUMNS]
    return out.astype({"round": "int64", "from_round": "int64"})


def submissions_frame(rows: Iterable[Mapping[str, object]]) -> pd.DataFrame:
    """A submissions table from plain records (missing low/high/confidence/rationale filled)."""
    frame = pd.DataFrame(list(rows), columns=SUBMISSION_COLUMNS)
    for column in ("issue", "rationale"):
        frame[column] = ["" if pd.isna(v) else str(v) for v in frame[column]]
    frame["confidence"] = frame["confidence"].fillna(0.5).astype(float)
    for column in ("value", "low", "high"):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    frame["round"] = frame["round"].astype(np.int64)
    return frame

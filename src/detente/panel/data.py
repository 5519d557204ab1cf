"""A panel's estimates as one tidy table, round by round: what every analysis starts from.

Submissions are append-only, and a member may revise a cell within a round or leave it out of a
later round. The table here holds each member's *standing* estimate per cell and round: the
latest value they gave for it in that round or any earlier one (a cell left out of a later round
keeps its last value, as a prefilled form submitted unchanged would). Each round is thus a
complete snapshot, and ``from_round`` says where each value came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field

import numpy as np
import pandas as pd
from pydantic import Field

from detente.errors import DetenteError
from detente.panel.cells import Cell
from detente.scenario import Scenario
from detente.scenario.schema import Frozen

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
    labels: Mapping[str, str] = dataclass_field(default_factory=dict)
    synthetic: bool = False
    description: str = ""

    @property
    def rounds(self) -> list[int]:
        """The rounds with assessments, in order."""
        return sorted(int(r) for r in self.estimates["round"].unique())

    @property
    def last_round(self) -> int:
        """The latest round with assessments (a panel without any raises :class:`DetenteError`)."""
        if self.estimates.empty:
            raise DetenteError(f"panel '{self.name}' has no assessments yet")
        return self.rounds[-1]

    def round(self, number: int | None = None) -> pd.DataFrame:
        """The standing estimates of one round.

        Parameters
        ----------
        number : the round (None: the last)

        Returns
        -------
        pandas.DataFrame
            The round's rows (columns :data:`COLUMNS`); an unknown round is a DetenteError.
        """
        number = self.last_round if number is None else number
        if number not in self.rounds:
            raise DetenteError(
                f"panel '{self.name}' has no round {number} (rounds: "
                f"{', '.join(map(str, self.rounds)) or 'none'})"
            )
        return self.estimates[self.estimates["round"] == number].reset_index(drop=True)

    def members(self, number: int | None = None) -> list[str]:
        """The members with estimates in a round, in the order they first appear.

        Parameters
        ----------
        number : the round (None: the last)

        Returns
        -------
        list[str]
            Their labels (names or pseudonyms).
        """
        return list(dict.fromkeys(self.round(number)["member"]))

    def cells(self, number: int | None = None) -> list[Cell]:
        """The cells anyone assessed by a round, in scenario order (kind, actor, issue).

        Parameters
        ----------
        number : the round (None: the last)

        Returns
        -------
        list[Cell]
            The cells.
        """
        frame = self.round(number)
        keys = {(k, a, i) for k, a, i in frame[CELL].itertuples(index=False)}
        actors = {a: n for n, a in enumerate(self.scenario.actor_ids)}
        issues = {i: n for n, i in enumerate(self.scenario.issue_ids)}
        kinds = {k: n for n, k in enumerate(dict.fromkeys(frame["kind"]))}
        order = sorted(keys, key=lambda c: (kinds[c[0]], actors[c[1]], issues.get(c[2], -1)))
        return [Cell(*c) for c in order]


def standing(submissions: pd.DataFrame, rounds: Sequence[int] | None = None) -> pd.DataFrame:
    """Each member's latest estimate per cell at each round (see the module docstring).

    Parameters
    ----------
    submissions : every submitted estimate, columns :data:`SUBMISSION_COLUMNS` (``order`` sorts
        them in time)
    rounds : the rounds to build (None: every round submitted in)

    Returns
    -------
    pandas.DataFrame
        Columns :data:`COLUMNS`, rounds ascending; ``from_round`` says where a value came from.
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
    """A submissions table from plain records.

    Parameters
    ----------
    rows : mappings with the keys of :data:`SUBMISSION_COLUMNS` (low, high, confidence and
        rationale may be missing)

    Returns
    -------
    pandas.DataFrame
        The table, missing ranges NaN, confidence 0.5, rationale and issue ''.
    """
    frame = pd.DataFrame(list(rows), columns=SUBMISSION_COLUMNS)
    for column in ("issue", "rationale"):
        frame[column] = ["" if pd.isna(v) else str(v) for v in frame[column]]
    frame["confidence"] = frame["confidence"].fillna(0.5).astype(float)
    for column in ("value", "low", "high"):
        frame[column] = pd.to_numeric(frame[column]).astype(float)
    frame["round"] = frame["round"].astype(np.int64)
    return frame


class StandingRow(Frozen):
    """One row of :attr:`PanelData.estimates` as plain, validated data."""

    round: int = Field(ge=1)
    member: str = Field(min_length=1, max_length=128)
    kind: str
    actor: str
    issue: str = ""
    value: float
    low: float | None = None
    high: float | None = None
    confidence: float = Field(default=0.5, ge=0, le=1)
    rationale: str = ""
    from_round: int = Field(ge=1)


class PanelSnapshot(Frozen):
    """A panel's standing estimates as plain data, without its scenario: what a request carries
    inline (a JSON body, the run store's record of a panel result).

    Attributes
    ----------
    name, description, synthetic, labels : as in :class:`PanelData`
    estimates : one row per (round, member, cell)
    """

    name: str
    description: str = ""
    synthetic: bool = False
    labels: dict[str, str] = Field(default_factory=dict)
    estimates: tuple[StandingRow, ...]

    @classmethod
    def of(cls, data: PanelData) -> PanelSnapshot:
        """The snapshot of a panel's data.

        Parameters
        ----------
        data : the panel

        Returns
        -------
        PanelSnapshot
            Its name, labels and rows (NaN ranges become None).
        """
        frame = data.estimates[COLUMNS].astype(object)
        frame = frame.where(frame.notna(), None)
        rows = tuple(StandingRow.model_validate(r) for r in frame.to_dict(orient="records"))
        return cls(name=data.name, description=data.description, synthetic=data.synthetic,
                   labels=dict(data.labels), estimates=rows)  # fmt: skip

    def data(self, scenario: Scenario) -> PanelData:
        """The panel on ``scenario``, every estimate checked against it.

        Parameters
        ----------
        scenario : the scenario the panel assessed

        Returns
        -------
        PanelData
            The panel ready to analyse; a cell the scenario lacks, or a value outside its
            range, is a :class:`~detente.panel.PanelError` naming the row.
        """
        from detente.errors import Problem
        from detente.panel.checks import check_estimates
        from detente.panel.records import PanelError

        fields = set(ESTIMATE_COLUMNS)
        dumped = [r.model_dump() for r in self.estimates]
        check_estimates(
            scenario, [{k: v for k, v in r.items() if k in fields} for r in dumped], unique=False
        )
        frame = pd.DataFrame(dumped, columns=COLUMNS)
        twice = frame.duplicated(["round", "member", *CELL])
        if twice.any():
            n = int(np.flatnonzero(twice.to_numpy())[0])
            raise PanelError(
                "the panel's estimates are not valid", "invalid",
                [Problem(f"estimates.{n}", "a member's cell is given twice in one round",
                         "give each (round, member, cell) once")],
            )  # fmt: skip
        for column in ("value", "low", "high", "confidence"):
            frame[column] = pd.to_numeric(frame[column]).astype(float)
        frame = frame.astype({"round": "int64", "from_round": "int64"})
        return PanelData(self.name, scenario, frame, self.labels, self.synthetic,
                         self.description)  # fmt: skip

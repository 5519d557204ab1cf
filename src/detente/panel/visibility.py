"""Who sees what: the anonymity and anti-anchoring rules of a Delphi panel, as pure functions.

- A member sees the group's numbers for a cell in a round only after giving their own value for
  that cell in that round; before, the cell is hidden (no anchoring on the others).
- Members appear to each other under pseudonyms that change every round; a member never sees
  another member's name. The facilitator sees names (and the pseudonyms).
- Analyses of a round (pooled scenario, forecasts, disagreement) are shown to a member once the
  round is closed and only if they took part in it; observers see closed rounds only.
- After the panel is closed the facilitator may reveal everything; then everyone on the panel
  sees every round with names.

Rowe & Wright (1999) list anonymity, iteration and controlled feedback as the defining features
of a Delphi; the per-cell rule follows the real-time Delphi of Gordon & Pease (2006), in which a
participant sees the group's answers to a question once they have answered it.

References
----------
Rowe, G. & Wright, G. (1999). The Delphi technique as a forecasting tool: issues and analysis.
International Journal of Forecasting 15(4), 353-375.
Gordon, T. & Pease, A. (2006). RT Delphi: an efficient, "round-less" almost real time Delphi
method. Technological Forecasting and Social Change 73(4), 321-333.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from detente.panel import stats
from detente.panel.cells import Cell
from detente.panel.data import CELL, PanelData, standing, submissions_frame
from detente.panel.records import Estimate, PanelError
from detente.panel.state import PanelState

WORDS = (
    "Albatross", "Bittern", "Crane", "Dunlin", "Egret", "Falcon", "Grebe", "Heron", "Ibis",
    "Jay", "Kestrel", "Lapwing", "Merlin", "Nightjar", "Osprey", "Plover", "Quail", "Redshank",
    "Swift", "Tern", "Umbrellabird", "Vireo", "Wren", "Xenops", "Yellowhammer", "Zitting",
)  # fmt: skip


def pseudonyms(state: PanelState, round_number: int) -> dict[str, str]:
    """{member: pseudonym} for one round, such as 'Kestrel-2'.

    A fresh random assignment every round, drawn from the panel's seed and the round number,
    with the round in the name, so the same person cannot be followed from round to round.

    Parameters
    ----------
    state : the panel
    round_number : the round

    Returns
    -------
    dict[str, str]
        One distinct pseudonym per member (observers and the facilitator have none).
    """
    members = state.assessors
    rng = np.random.default_rng(np.random.SeedSequence([state.info.seed, round_number]))
    order = rng.permutation(max(len(members), len(WORDS)))
    names = {}
    for member, k in zip(members, order, strict=False):
        word = WORDS[k % len(WORDS)] + ("" if k < len(WORDS) else str(k // len(WORDS) + 1))
        names[member] = f"{word}-{round_number}"
    return names


def names_shown(state: PanelState, viewer: str) -> bool:
    """Whether ``viewer`` may see members' names: the facilitator, or anyone on the panel after a
    reveal.

    Parameters
    ----------
    state : the panel
    viewer : a user name

    Returns
    -------
    bool
        True when names may be shown to the viewer.
    """
    return state.role(viewer) == "facilitator" or (
        state.revealed and state.role(viewer) is not None
    )


def _require_on_panel(state: PanelState, viewer: str) -> str:
    role = state.role(viewer)
    if role is None:
        raise PanelError(f"'{viewer}' is not on panel '{state.info.name}'", "forbidden")
    return role


def submitted_cells(state: PanelState, member: str, round_number: int) -> set[Cell]:
    """The cells ``member`` has given a value for in the round.

    Parameters
    ----------
    state : the panel
    member : a member's user name
    round_number : the round

    Returns
    -------
    set[Cell]
        The cells of their submissions in that round.
    """
    return {
        e.cell for a in state.submissions(round_number) if a.member == member for e in a.estimates
    }


def can_see_cell(state: PanelState, viewer: str, round_number: int, cell: Cell) -> bool:
    """Whether ``viewer`` may see the group's numbers for ``cell`` in the round.

    Parameters
    ----------
    state : the panel
    viewer : a user name ('forbidden' if not on the panel)
    round_number : the round
    cell : the cell

    Returns
    -------
    bool
        The facilitator always (and everyone after a reveal); an observer once the round is
        closed; a member once they have given their own value for the cell in that round.
    """
    role = _require_on_panel(state, viewer)
    if role == "facilitator" or state.revealed:
        return True
    if role == "observer":
        return not state.round(round_number).is_open
    return cell in submitted_cells(state, viewer, round_number)


def can_see_round(state: PanelState, viewer: str, round_number: int) -> bool:
    """Whether ``viewer`` may see the analyses of a round (see the module docstring).

    Parameters
    ----------
    state : the panel
    viewer : a user name ('forbidden' if not on the panel)
    round_number : the round

    Returns
    -------
    bool
        The facilitator always (and everyone after a reveal); otherwise only a closed round, and
        for a member only one they submitted in.
    """
    role = _require_on_panel(state, viewer)
    if role == "facilitator" or state.revealed:
        return True
    if state.round(round_number).is_open:
        return False
    return role == "observer" or any(a.member == viewer for a in state.submissions(round_number))


def submissions(state: PanelState) -> pd.DataFrame:
    """Every estimate ever submitted, one row each, oldest first (the panel's raw record).

    Parameters
    ----------
    state : the panel

    Returns
    -------
    pandas.DataFrame
        Columns :data:`~detente.panel.data.SUBMISSION_COLUMNS`, ``order`` the audit number.
    """
    rows = [
        {"order": a.seq, "round": a.round, "member": a.member, **e.model_dump()}
        for a in state.assessments
        for e in a.estimates
    ]
    return submissions_frame(rows)


def last_estimates(state: PanelState, member: str) -> tuple[Estimate, ...]:
    """A member's own standing estimates, latest per cell (to prefill their next form).

    Parameters
    ----------
    state : the panel
    member : the member

    Returns
    -------
    tuple[Estimate, ...]
        Their latest estimate of every cell they ever gave, in cell order.
    """
    latest: dict[Cell, Estimate] = {}
    for a in state.assessments:
        if a.member == member:
            latest.update((e.cell, e) for e in a.estimates)
    return tuple(latest[c] for c in sorted(latest))


@dataclass(frozen=True)
class Answer:
    """One member's standing value for a cell, as the viewer may see it."""

    label: str
    value: float
    low: float | None
    high: float | None
    confidence: float
    rationale: str
    from_round: int
    mine: bool


@dataclass(frozen=True)
class CellView:
    """A cell as the viewer sees it: hidden, or with the group's numbers and answers."""

    cell: Cell
    visible: bool
    mine: Answer | None = None
    n: int = 0
    median: float = float("nan")
    p25: float = float("nan")
    p75: float = float("nan")
    low: float = float("nan")
    high: float = float("nan")
    answers: tuple[Answer, ...] = ()


@dataclass(frozen=True)
class GroupView:
    """What ``viewer`` may see of a round: every cell (hidden or not) and who has submitted.

    ``submitted`` counts the members who submitted in the round out of ``members``;
    ``who`` lists them by name for the facilitator (empty for everyone else).
    """

    round: int
    viewer: str
    role: str
    names: bool
    members: int
    submitted: int
    who: tuple[str, ...]
    cells: tuple[CellView, ...]


def group_view(state: PanelState, viewer: str, round_number: int) -> GroupView:
    """The round as ``viewer`` may see it.

    Parameters
    ----------
    state : the panel
    viewer : a user name ('forbidden' if not on the panel)
    round_number : the round ('invalid' if there is none)

    Returns
    -------
    GroupView
        Every cell, hidden or with the group's numbers and anonymous answers (names only for
        the facilitator or after a reveal), and how many members have submitted.
    """
    role = _require_on_panel(state, viewer)
    state.round(round_number)  # unknown round -> PanelError
    shown = names_shown(state, viewer)
    labels = pseudonyms(state, round_number)
    frame = standing(submissions(state), [round_number]) if state.assessments else None
    done = sorted({a.member for a in state.submissions(round_number)})
    cells: list[CellView] = []
    if frame is not None and len(frame):
        for (kind, actor, issue), rows in frame.groupby(CELL, sort=True):
            cell = Cell(str(kind), str(actor), str(issue))
            cells.append(_cell_view(state, viewer, round_number, cell, rows, labels, shown))
    return GroupView(
        round=round_number, viewer=viewer, role=role, names=shown,
        members=len(state.assessors), submitted=len(done),
        who=tuple(done) if role == "facilitator" else (), cells=tuple(cells),
    )  # fmt: skip


def _cell_view(
    state: PanelState,
    viewer: str,
    number: int,
    cell: Cell,
    rows: pd.DataFrame,
    labels: dict[str, str],
    shown: bool,
) -> CellView:
    answers = tuple(
        Answer(
            label=str(r["member"]) if shown else labels.get(str(r["member"]), "?"),
            value=float(r["value"]),
            low=None if pd.isna(r["low"]) else float(r["low"]),
            high=None if pd.isna(r["high"]) else float(r["high"]),
            confidence=float(r["confidence"]),
            rationale=str(r["rationale"]),
            from_round=int(r["from_round"]),
            mine=r["member"] == viewer,
        )
        for r in rows.to_dict(orient="records")
    )
    mine = next((a for a in answers if a.mine), None)
    if not can_see_cell(state, viewer, number, cell):
        return CellView(cell, False, mine=mine)
    v = np.array([a.value for a in answers])
    q25, q75 = np.percentile(v, [25, 75])
    return CellView(
        cell, True, mine=mine, n=len(v), median=stats.median(v), p25=float(q25), p75=float(q75),
        low=float(v.min()), high=float(v.max()), answers=answers,
    )  # fmt: skip


def panel_data(state: PanelState, viewer: str) -> PanelData:
    """The panel's estimates as ``viewer`` may analyse them.

    Parameters
    ----------
    state : the panel
    viewer : a user name ('forbidden' if not on the panel)

    Returns
    -------
    PanelData
        Only the rounds :func:`can_see_round` allows, with names for the facilitator (or after
        a reveal) and each round's pseudonyms for everyone else; no perspectives.
    """
    _require_on_panel(state, viewer)
    table = standing(submissions(state)) if state.assessments else standing(submissions(state), [])
    visible = [n for n in sorted(set(table["round"])) if can_see_round(state, viewer, int(n))]
    table = table[table["round"].isin(visible)].reset_index(drop=True)
    if not names_shown(state, viewer):
        relabel = {n: pseudonyms(state, int(n)) for n in visible}
        table["member"] = [
            relabel[r][m] for r, m in zip(table["round"], table["member"], strict=True)
        ]
    return PanelData(
        name=state.info.name, scenario=state.scenario, estimates=table,
        description=state.info.description,
    )  # fmt: skip

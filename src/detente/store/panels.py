"""Keep expert panels: append each action's records, read a panel back, list panels.

The panel package decides whether an action is allowed and what it adds
(:class:`detente.panel.state.Step`); this module only writes those records and reads them back.
Each step is one transaction, so a panel never holds half an action.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from detente.errors import UnknownNameError
from detente.panel.records import (
    Assessment,
    AuditEvent,
    Estimate,
    Member,
    PanelError,
    PanelInfo,
    Round,
)
from detente.panel.state import PanelState, Step
from detente.scenario import Scenario
from detente.store.panel_schema import (
    PanelAssessmentRow,
    PanelAuditRow,
    PanelEstimateRow,
    PanelMemberRow,
    PanelRoundRow,
    PanelRow,
)
from detente.store.store import RunStore, StoreError, _utc, scenario_text


class PanelStore:
    """Expert panels in a store's database (the same SQLite file or PostgreSQL schema as runs).

    Parameters
    ----------
    store : an open :class:`~detente.store.RunStore` (its migrations create the panel tables)
    """

    def __init__(self, store: RunStore) -> None:
        self.store = store
        self.engine = store.engine

    def create(self, step: Step) -> PanelState:
        """Store a new panel.

        Parameters
        ----------
        step : the step of :func:`~detente.panel.create_panel`

        Returns
        -------
        PanelState
            The panel's state with its id (the ``panels`` row's) filled in.
        """
        from sqlalchemy.exc import IntegrityError
        from sqlalchemy.orm import Session

        info = step.state.info
        text, digest = scenario_text(info.scenario)
        row = PanelRow(
            name=info.name, description=info.description, scenario_id=info.scenario.id,
            scenario_sha256=digest, scenario_yaml=text, ws_id=info.workspace_scenario,
            ws_version=info.scenario_version, facilitator=info.facilitator, seed=info.seed,
            created_at=info.created_at,
        )  # fmt: skip
        try:
            with Session(self.engine) as session, session.begin():
                session.add(row)
                session.flush()
                panel_id = int(row.id)
                session.add(_audit_row(panel_id, step.event))
        except IntegrityError as exc:
            raise _refused(exc, "the panel") from None
        new_info = info.model_copy(update={"id": panel_id})
        return PanelState(new_info, audit=step.state.audit)

    def append(self, step: Step) -> PanelState:
        """Store what one action added: its audit event and the member, round or assessment.

        Parameters
        ----------
        step : the step an action of :mod:`detente.panel.state` returned

        Returns
        -------
        PanelState
            The step's state. When the panel changed since its state was read (someone else acted
            first) nothing is written and a 'conflict' :class:`~detente.panel.PanelError` says to
            reload and try again.
        """
        from sqlalchemy.exc import IntegrityError
        from sqlalchemy.orm import Session

        panel_id = _id(step.state)
        try:
            with Session(self.engine) as session, session.begin():
                session.add(_audit_row(panel_id, step.event))
                session.flush()  # a taken seq fails here, before anything else is written
                for row in _rows(panel_id, step, session):
                    session.add(row)
        except IntegrityError as exc:
            if self._has_event(panel_id, step.event.seq):
                raise PanelError(
                    f"panel {panel_id} changed while this action was prepared "
                    f"(event {step.event.seq} exists): reload the panel and try again"
                ) from None
            raise _refused(exc, f"panel {panel_id}'s {step.event.action}") from None
        return step.state

    def _has_event(self, panel_id: int, seq: int) -> bool:
        from sqlalchemy.orm import Session

        with Session(self.engine) as session:
            return session.get(PanelAuditRow, (panel_id, seq)) is not None

    def load(self, panel_id: int) -> PanelState:
        """A panel with everything recorded about it.

        Parameters
        ----------
        panel_id : the panel's id

        Returns
        -------
        PanelState
            Its info (with the exact scenario), members, rounds, assessments and audit trail; an
            unknown id is an UnknownNameError.
        """
        import sqlalchemy as sa
        import yaml
        from sqlalchemy.orm import Session

        with Session(self.engine) as session:
            row = session.get(PanelRow, panel_id)
            if row is None:
                raise UnknownNameError(f"no panel {panel_id} in the store {self.store.url}")
            info = PanelInfo(
                id=row.id, name=row.name, description=row.description,
                scenario=Scenario.model_validate(yaml.safe_load(row.scenario_yaml)),
                workspace_scenario=row.ws_id, scenario_version=row.ws_version,
                facilitator=row.facilitator,
                seed=row.seed, created_at=_utc(row.created_at),
            )  # fmt: skip
            members = _all(session, sa.select(PanelMemberRow), panel_id, PanelMemberRow.added_at)
            rounds = _all(session, sa.select(PanelRoundRow), panel_id, PanelRoundRow.number)
            audit = _all(session, sa.select(PanelAuditRow), panel_id, PanelAuditRow.seq)
            heads = _all(session, sa.select(PanelAssessmentRow), panel_id, PanelAssessmentRow.seq)
            estimates = _all(
                session,
                sa.select(PanelEstimateRow),
                panel_id,
                PanelEstimateRow.seq,
                PanelEstimateRow.position,
            )
            return PanelState(
                info,
                members=tuple(_member(m) for m in members),
                rounds=tuple(_round(r) for r in rounds),
                assessments=_assessments(heads, estimates),
                audit=tuple(_event(e) for e in audit),
            )

    def panels(self, user: str | None = None) -> pd.DataFrame:
        """Every panel, or those ``user`` is on, newest first.

        Parameters
        ----------
        user : a user name (None: every panel)

        Returns
        -------
        pandas.DataFrame
            Columns: id, name, scenario, ws_id, ws_version (the workspace scenario version, or
            None), facilitator, created_at (UTC), and ``role``: the user's role on the panel
            ('facilitator', 'member' or 'observer'; None when no user is given).
        """
        import sqlalchemy as sa

        cols = [PanelRow.id, PanelRow.name, PanelRow.scenario_id, PanelRow.ws_id,
                PanelRow.ws_version, PanelRow.facilitator, PanelRow.created_at]  # fmt: skip
        query = sa.select(*cols, sa.literal(None).label("role"))
        if user is not None:
            member = sa.select(PanelMemberRow.role).where(
                PanelMemberRow.panel_id == PanelRow.id, PanelMemberRow.username == user
            )
            role = sa.case((PanelRow.facilitator == user, "facilitator"),
                           else_=member.scalar_subquery())  # fmt: skip
            query = sa.select(*cols, role.label("role")).where(
                sa.or_(PanelRow.facilitator == user, member.exists())
            )
        with self.engine.connect() as connection:
            rows = connection.execute(query.order_by(PanelRow.id.desc())).all()
        frame = pd.DataFrame([tuple(r) for r in rows], columns=[*(c.key for c in cols), "role"])
        frame["created_at"] = pd.Series([_utc(t) for t in frame["created_at"]], dtype=object)
        return frame.rename(columns={"scenario_id": "scenario"})


def _refused(exc: Exception, what: str) -> StoreError:
    """The database refused a row: a user without an account, or an unknown scenario version."""
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
    return StoreError(
        f"the store refused {what}: {reason} (fix: every facilitator and member needs a "
        "workspace account, and a workspace scenario version must exist)"
    )


def _id(state: PanelState) -> int:
    if state.info.id is None:
        raise PanelError("the panel is not stored yet: store it with PanelStore.create first")
    return state.info.id


def _audit_row(panel_id: int, e: AuditEvent) -> PanelAuditRow:
    return PanelAuditRow(panel_id=panel_id, seq=e.seq, at=e.at, username=e.user,
                         action=e.action, round=e.round, detail=dict(e.detail))  # fmt: skip


def _rows(panel_id: int, step: Step, session: Any) -> list[Any]:
    """The rows one step adds (a closed round updates its row instead)."""
    out: list[Any] = []
    if step.member is not None:
        m = step.member
        out.append(PanelMemberRow(panel_id=panel_id, username=m.user, role=m.role,
                                  added_at=m.added_at))  # fmt: skip
    if step.round is not None and step.round.closed_at is None:
        out.append(PanelRoundRow(panel_id=panel_id, number=step.round.number,
                                 opened_at=step.round.opened_at))  # fmt: skip
    elif step.round is not None:
        row = session.get(PanelRoundRow, (panel_id, step.round.number))
        row.closed_at = step.round.closed_at
    if step.assessment is not None:
        a = step.assessment
        out.append(PanelAssessmentRow(panel_id=panel_id, seq=a.seq, round=a.round,
                                      member=a.member, submitted_at=a.submitted_at))  # fmt: skip
        out += [
            PanelEstimateRow(panel_id=panel_id, seq=a.seq, position=n, **e.model_dump())
            for n, e in enumerate(a.estimates)
        ]
    return out


def _all(session: Any, query: Any, panel_id: int, *order: Any) -> list[Any]:
    table = query.column_descriptions[0]["entity"]
    return list(session.scalars(query.where(table.panel_id == panel_id).order_by(*order)))


def _member(row: PanelMemberRow) -> Member:
    return Member(user=row.username, role=row.role, added_at=_utc(row.added_at))


def _round(row: PanelRoundRow) -> Round:
    closed = None if row.closed_at is None else _utc(row.closed_at)
    return Round(number=row.number, opened_at=_utc(row.opened_at), closed_at=closed)


def _event(row: PanelAuditRow) -> AuditEvent:
    return AuditEvent(seq=row.seq, at=_utc(row.at), user=row.username, action=row.action,
                      round=row.round, detail=dict(row.detail))  # fmt: skip


def _assessments(
    heads: list[PanelAssessmentRow], estimates: list[PanelEstimateRow]
) -> tuple[Assessment, ...]:
    by_seq: dict[int, list[Estimate]] = {}
    for e in estimates:
        by_seq.setdefault(e.seq, []).append(
            Estimate(
                kind=e.kind,
                actor=e.actor,
                issue=e.issue,
                value=e.value,
                low=e.low,
                high=e.high,
                confidence=e.confidence,
                rationale=e.rationale,
            )
        )
    return tuple(
        Assessment(
            seq=h.seq,
            round=h.round,
            member=h.member,
            submitted_at=_utc(h.submitted_at),
            estimates=tuple(by_seq[h.seq]),
        )
        for h in heads
    )

"""The expert panels' tables: panels, members, rounds, assessments, estimates and the audit trail.

Append-only: an assessment, its estimates and an audit event are only ever inserted (a revision is
a new assessment); the one update is a round's ``closed_at``, set once when it closes. Every
event's number (``seq``) is unique within its panel, so two people acting on the same state at
the same time cannot both succeed: the second insert fails and is told to reload.

Every user named (facilitator, members, who acted) is a workspace account, referenced by its
unique name; a panel on a workspace scenario names the version it sits on (``ws_id``,
``ws_version``), and keeps the scenario's text as well, so it reads back exactly.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from detente.store.schema import Base

USERS = "users.name"
NAME = 64  # users.name's length


class PanelRow(Base):
    """A panel: the exact scenario version it sits on, its facilitator and pseudonym seed."""

    __tablename__ = "panels"
    __table_args__ = (
        ForeignKeyConstraint(["ws_id", "ws_version"], ["ws_versions.ws_id", "ws_versions.number"]),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text)
    scenario_id: Mapped[str] = mapped_column(String(64), index=True)
    scenario_sha256: Mapped[str] = mapped_column(String(64))
    scenario_yaml: Mapped[str] = mapped_column(Text)
    ws_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    ws_version: Mapped[int | None] = mapped_column(Integer, nullable=True)
    facilitator: Mapped[str] = mapped_column(String(NAME), ForeignKey(USERS))
    seed: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PanelMemberRow(Base):
    """A user on a panel, as a member (assesses) or an observer."""

    __tablename__ = "panel_members"

    panel_id: Mapped[int] = mapped_column(
        ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True
    )
    username: Mapped[str] = mapped_column(String(NAME), ForeignKey(USERS), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))
    added_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PanelRoundRow(Base):
    """A Delphi round; ``closed_at`` is null while it is open."""

    __tablename__ = "panel_rounds"

    panel_id: Mapped[int] = mapped_column(
        ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True
    )
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    opened_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class PanelAuditRow(Base):
    """One action on a panel, numbered 1, 2, ... within the panel."""

    __tablename__ = "panel_audit"

    panel_id: Mapped[int] = mapped_column(
        ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    username: Mapped[str] = mapped_column(String(NAME), ForeignKey(USERS))
    action: Mapped[str] = mapped_column(String(32))
    round: Mapped[int | None] = mapped_column(Integer, nullable=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON)


class PanelAssessmentRow(Base):
    """A submission, numbered by the audit event that recorded it."""

    __tablename__ = "panel_assessments"
    __table_args__ = (
        ForeignKeyConstraint(
            ["panel_id", "seq"], ["panel_audit.panel_id", "panel_audit.seq"], ondelete="CASCADE"
        ),
    )

    panel_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    round: Mapped[int] = mapped_column(Integer)
    member: Mapped[str] = mapped_column(String(NAME), ForeignKey(USERS))
    submitted_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


class PanelEstimateRow(Base):
    """One estimate of an assessment (``position`` keeps the order they were given in)."""

    __tablename__ = "panel_estimates"
    __table_args__ = (
        ForeignKeyConstraint(
            ["panel_id", "seq"],
            ["panel_assessments.panel_id", "panel_assessments.seq"],
            ondelete="CASCADE",
        ),
    )

    panel_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    actor: Mapped[str] = mapped_column(String(64))
    issue: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    low: Mapped[float | None] = mapped_column(Float, nullable=True)
    high: Mapped[float | None] = mapped_column(Float, nullable=True)
    confidence: Mapped[float] = mapped_column(Float)
    rationale: Mapped[str] = mapped_column(Text)

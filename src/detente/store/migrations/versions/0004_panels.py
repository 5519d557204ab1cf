"""Expert panels: panels, members, rounds, the audit trail, assessments and their estimates.

Every user named is a workspace account (``users.name``); a panel on a workspace scenario names
its version (``ws_versions``).

Revision ID: 0004_panels
Revises: 0003_workspace
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_panels"
down_revision = "0003_workspace"
branch_labels = None
depends_on = None


def _panel_id() -> sa.Column:
    return sa.Column(
        "panel_id", sa.Integer(), sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True
    )


def _user(name: str, primary_key: bool = False) -> sa.Column:
    """A workspace account, by its unique name."""
    return sa.Column(
        name,
        sa.String(64),
        sa.ForeignKey("users.name"),
        primary_key=primary_key,
        nullable=False,
    )


def upgrade() -> None:
    """Create the panels' tables."""
    op.create_table(
        "panels",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("scenario_id", sa.String(64), nullable=False),
        sa.Column("scenario_sha256", sa.String(64), nullable=False),
        sa.Column("scenario_yaml", sa.Text(), nullable=False),
        sa.Column("ws_id", sa.Integer(), nullable=True),
        sa.Column("ws_version", sa.Integer(), nullable=True),
        _user("facilitator"),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["ws_id", "ws_version"], ["ws_versions.ws_id", "ws_versions.number"]
        ),
    )
    op.create_index("ix_panels_scenario_id", "panels", ["scenario_id"])
    op.create_table(
        "panel_members",
        _panel_id(),
        _user("username", primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "panel_rounds",
        _panel_id(),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_table(
        "panel_audit",
        _panel_id(),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        _user("username"),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("round", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_table(
        "panel_assessments",
        sa.Column("panel_id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("round", sa.Integer(), nullable=False),
        _user("member"),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["panel_id", "seq"], ["panel_audit.panel_id", "panel_audit.seq"], ondelete="CASCADE"
        ),
    )
    op.create_table(
        "panel_estimates",
        sa.Column("panel_id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("position", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("issue", sa.String(64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("low", sa.Float(), nullable=True),
        sa.Column("high", sa.Float(), nullable=True),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["panel_id", "seq"],
            ["panel_assessments.panel_id", "panel_assessments.seq"],
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    """Drop the panels' tables."""
    op.drop_table("panel_estimates")
    op.drop_table("panel_assessments")
    op.drop_table("panel_audit")
    op.drop_table("panel_rounds")
    op.drop_table("panel_members")
    op.drop_index("ix_panels_scenario_id", "panels")
    op.drop_table("panels")

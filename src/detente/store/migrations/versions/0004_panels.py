"""Expert panels: panels, members, rounds, the audit trail, assessments and their estimates.

Revision ID: 0004_panels
Revises: 0001
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_panels"
down_revision = "0001"
branch_labels = None
depends_on = None


def _panel_id() -> sa.Column:
    return sa.Column(
        "panel_id", sa.Integer(), sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True
    )


def upgrade() -> None:
    op.create_table(
        "panels",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("scenario_id", sa.String(64), nullable=False),
        sa.Column("scenario_sha256", sa.String(64), nullable=False),
        sa.Column("scenario_yaml", sa.Text(), nullable=False),
        sa.Column("scenario_version", sa.Integer(), nullable=True),
        sa.Column("facilitator", sa.String(128), nullable=False),
        sa.Column("seed", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_panels_scenario_id", "panels", ["scenario_id"])
    op.create_table(
        "panel_members",
        _panel_id(),
        sa.Column("username", sa.String(128), primary_key=True),
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
        sa.Column("username", sa.String(128), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("round", sa.Integer(), nullable=True),
        sa.Column("detail", sa.JSON(), nullable=False),
    )
    op.create_table(
        "panel_assessments",
        sa.Column("panel_id", sa.Integer(), primary_key=True),
        sa.Column("seq", sa.Integer(), primary_key=True),
        sa.Column("round", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(128), nullable=False),
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
    op.drop_table("panel_estimates")
    op.drop_table("panel_assessments")
    op.drop_table("panel_audit")
    op.drop_table("panel_rounds")
    op.drop_table("panel_members")
    op.drop_index("ix_panels_scenario_id", "panels")
    op.drop_table("panels")

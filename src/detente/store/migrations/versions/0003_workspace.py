"""The web workspace: users, API tokens, workspace scenarios, their versions and runs.

Revision ID: 0003_workspace
Revises: 0001
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_workspace"
down_revision = "0001"
branch_labels = None
depends_on = None


def _when(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def upgrade() -> None:
    """Add the workspace tables: users, API tokens, workspace scenarios, their versions, and
    the link from each recorded run to the version it was made from."""
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("name", sa.String(64), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        _when("created_at"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("token_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("label", sa.String(100), nullable=False),
        _when("created_at"),
    )
    op.create_index("ix_api_tokens_user_id", "api_tokens", ["user_id"])
    op.create_table(
        "ws_scenarios",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("scenario_id", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("owner_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("shared", sa.Boolean(), nullable=False),
        sa.Column("head", sa.Integer(), nullable=False),
        _when("created_at"),
    )
    op.create_index("ix_ws_scenarios_scenario_id", "ws_scenarios", ["scenario_id"])
    op.create_table(
        "ws_versions",
        sa.Column(
            "ws_id",
            sa.Integer(),
            sa.ForeignKey("ws_scenarios.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("number", sa.Integer(), primary_key=True),
        sa.Column("author_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        _when("created_at"),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("scenario_yaml", sa.Text(), nullable=False),
        sa.Column("scenario_sha256", sa.String(64), nullable=False),
    )
    op.create_table(
        "ws_runs",
        sa.Column(
            "run_id", sa.Integer(), sa.ForeignKey("runs.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column(
            "ws_id",
            sa.Integer(),
            sa.ForeignKey("ws_scenarios.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
    )
    op.create_index("ix_ws_runs_ws_id", "ws_runs", ["ws_id"])


def downgrade() -> None:
    """Drop the workspace tables again (the run store's own tables stay)."""
    op.drop_index("ix_ws_runs_ws_id", "ws_runs")
    op.drop_table("ws_runs")
    op.drop_table("ws_versions")
    op.drop_index("ix_ws_scenarios_scenario_id", "ws_scenarios")
    op.drop_table("ws_scenarios")
    op.drop_index("ix_api_tokens_user_id", "api_tokens")
    op.drop_table("api_tokens")
    op.drop_table("users")

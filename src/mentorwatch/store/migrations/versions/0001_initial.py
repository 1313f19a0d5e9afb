"""The first journal: runs, actions and pauses (mentorwatch 0.1, ``schema_info`` version 1).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("schema_info", sa.Column("version", sa.Integer, nullable=False))
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("wiki", sa.String(500), nullable=False, index=True),
        sa.Column("backend", sa.String(40), nullable=False),
        sa.Column("dry_run", sa.Boolean, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("started_at", sa.String(20), nullable=False),
        sa.Column("finished_at", sa.String(20)),
        sa.Column("summary", sa.Text),
        sa.Column("snapshot", sa.Text),
    )
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False, index=True),
        sa.Column("wiki", sa.String(500), nullable=False, index=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("username", sa.String(255), nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("detail", sa.Text),
        sa.Column("before", sa.Text),
        sa.Column("after", sa.Text),
        sa.Column("started_at", sa.String(20), nullable=False),
        sa.Column("finished_at", sa.String(20)),
    )
    op.create_table(
        "pauses",
        sa.Column("wiki", sa.String(500), primary_key=True),
        sa.Column("user_id", sa.Integer, primary_key=True),
        sa.Column("previous_weight", sa.Integer, nullable=False),
        sa.Column("until", sa.String(20), nullable=False),
        sa.Column("paused_at", sa.String(20), nullable=False),
    )
    op.execute("INSERT INTO schema_info (version) VALUES (1)")


def downgrade() -> None:
    for table in ("pauses", "actions", "runs", "schema_info"):
        op.drop_table(table)

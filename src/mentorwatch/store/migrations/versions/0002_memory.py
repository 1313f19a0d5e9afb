"""Memory and safety: decisions, run config and digest, revision ids, locks.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("runs") as batch:
        batch.add_column(sa.Column("kind", sa.String(20), nullable=False, server_default="cleanup"))
        batch.add_column(sa.Column("undo_of", sa.Integer))
        batch.add_column(sa.Column("config", sa.Text))
        batch.add_column(sa.Column("snapshot_digest", sa.String(64)))
    with op.batch_alter_table("actions") as batch:
        batch.add_column(sa.Column("intended", sa.Text))
        batch.add_column(sa.Column("page", sa.String(500)))
        batch.add_column(sa.Column("summary", sa.Text))
        batch.add_column(sa.Column("revision_id", sa.Integer))
        batch.create_index("ix_actions_username", ["username"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("runs.id"), nullable=False, index=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("username", sa.String(255), nullable=False, index=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("evidence", sa.Text, nullable=False),
    )
    op.create_table(
        "locks",
        sa.Column("wiki", sa.String(500), primary_key=True),
        sa.Column("holder", sa.String(300), nullable=False),
        sa.Column("run_id", sa.Integer),
        sa.Column("acquired_at", sa.String(20), nullable=False),
    )
    op.drop_table("schema_info")  # Alembic's alembic_version replaces it


def downgrade() -> None:
    op.create_table("schema_info", sa.Column("version", sa.Integer, nullable=False))
    op.execute("INSERT INTO schema_info (version) VALUES (1)")
    op.drop_table("locks")
    op.drop_table("decisions")
    with op.batch_alter_table("actions") as batch:
        batch.drop_index("ix_actions_username")
        for column in ("revision_id", "summary", "page", "intended"):
            batch.drop_column(column)
    with op.batch_alter_table("runs") as batch:
        for column in ("snapshot_digest", "config", "undo_of", "kind"):
            batch.drop_column(column)

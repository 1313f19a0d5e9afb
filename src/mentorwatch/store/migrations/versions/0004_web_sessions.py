"""Web sessions in the journal's database, so several web workers share them.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_sessions",
        sa.Column("key_hash", sa.String(64), primary_key=True),  # sha256 of the session key
        sa.Column("sealed", sa.Text, nullable=False),  # the session, encrypted (web/sealed.py)
        sa.Column("expires_at", sa.String(20), nullable=False, index=True),
    )


def downgrade() -> None:
    op.drop_table("web_sessions")

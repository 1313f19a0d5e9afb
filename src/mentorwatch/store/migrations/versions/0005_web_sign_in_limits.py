"""Bounds on the web app's sign-in: whose each session is (so one account holds a bounded
number), and the sign-in attempts of the last minutes (so attempts are rate-limited across
every worker).

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # a keyed hash of the wiki account (web/runtime/sealed_sessions.py); none for older rows
    op.add_column("web_sessions", sa.Column("owner", sa.String(64), nullable=True))
    op.create_index("ix_web_sessions_owner", "web_sessions", ["owner"])
    op.create_table(
        "sign_in_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subject", sa.String(64), nullable=False),  # a keyed hash: address or account
        sa.Column("attempted_at", sa.String(20), nullable=False, index=True),
    )
    op.create_index(
        "ix_sign_in_attempts_subject_at", "sign_in_attempts", ["subject", "attempted_at"]
    )


def downgrade() -> None:
    op.drop_table("sign_in_attempts")
    op.drop_index("ix_web_sessions_owner", table_name="web_sessions")
    op.drop_column("web_sessions", "owner")

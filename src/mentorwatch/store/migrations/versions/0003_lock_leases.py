"""Locks as leases: a lock expires unless its holder renews it (a heartbeat).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("locks") as batch:
        # null: a lock taken by an older mentorwatch (no lease; judged by its process)
        batch.add_column(sa.Column("expires_at", sa.String(20)))
        batch.add_column(sa.Column("renewed_at", sa.String(20)))


def downgrade() -> None:
    with op.batch_alter_table("locks") as batch:
        batch.drop_column("renewed_at")
        batch.drop_column("expires_at")

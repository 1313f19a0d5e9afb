"""The journal's own id: a random name made once, carried in every edit summary's tag, so that
two journals writing to one wiki never take each other's edits for their own.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    identity = op.create_table(
        "journal_identity",
        sa.Column("journal_id", sa.String(32), primary_key=True),
    )
    op.bulk_insert(identity, [{"journal_id": secrets.token_hex(4)}])


def downgrade() -> None:
    op.drop_table("journal_identity")

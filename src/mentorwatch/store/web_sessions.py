"""Signed-in web sessions in the journal's database, shared by every web worker process.

The store keeps opaque sealed (encrypted) text under the sha256 of the session key: someone
reading the database learns neither the key a browser holds nor the wiki session inside.
Sealing and opening are the web app's business (``web/runtime/sealed_sessions.py``).
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import delete, insert, select

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.store.database import Database
from mentorwatch.store.schema import web_sessions


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class WebSessionRows:
    def __init__(self, database: Database) -> None:
        self.database = database

    def save(self, key: str, sealed: str, expires_at: datetime) -> None:
        with self.database.transaction() as tx:
            tx.execute(delete(web_sessions).where(web_sessions.c.key_hash == _hash(key)))
            tx.execute(
                insert(web_sessions).values(
                    key_hash=_hash(key), sealed=sealed, expires_at=format_timestamp(expires_at)
                )
            )

    def load(self, key: str, now: datetime) -> str | None:
        """The sealed session, or None (unknown or expired: expired ones are dropped)."""
        with self.database.transaction() as tx:
            tx.execute(
                delete(web_sessions).where(web_sessions.c.expires_at <= format_timestamp(now))
            )
            row = tx.execute(
                select(web_sessions.c.sealed).where(web_sessions.c.key_hash == _hash(key))
            ).first()
        return None if row is None else str(row[0])

    def delete(self, key: str) -> None:
        with self.database.transaction() as tx:
            tx.execute(delete(web_sessions).where(web_sessions.c.key_hash == _hash(key)))

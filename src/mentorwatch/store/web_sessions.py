"""Signed-in web sessions in the journal's database, shared by every web worker process.

The store keeps opaque sealed (encrypted) text under the sha256 of the session key: someone
reading the database learns neither the key a browser holds nor the wiki session inside. Each
row may name its owner by an opaque keyed hash of the wiki account, so that one account holds
a bounded number of sessions. Sealing, opening and the owner's hash are the web app's business
(``web/runtime/sealed_sessions.py``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, insert, select

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.store.database import Database
from mentorwatch.store.schema import web_sessions


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@dataclass(frozen=True)
class SessionBounds:
    """How many live sessions one owner, and everyone together, may hold."""

    per_owner: int
    in_total: int


class WebSessionRows:
    def __init__(self, database: Database) -> None:
        self.database = database

    def save(
        self,
        key: str,
        sealed: str,
        expires_at: datetime,
        owner: str | None = None,
        *,
        bounds: SessionBounds | None = None,
        now: datetime | None = None,
    ) -> bool:
        """Store the session. With ``bounds`` (and ``now``): expired rows are dropped first,
        the owner's oldest sessions beyond ``per_owner - 1`` are ended, and nothing is stored
        (False) when ``in_total`` live sessions are held already."""
        with self.database.transaction() as tx:
            tx.execute(delete(web_sessions).where(web_sessions.c.key_hash == _hash(key)))
            if bounds is not None and now is not None:
                _drop_expired(tx, now)
                if _count(tx) >= bounds.in_total:
                    return False
                if owner is not None:
                    _end_oldest(tx, owner, keep=bounds.per_owner - 1)
            tx.execute(
                insert(web_sessions).values(
                    key_hash=_hash(key),
                    sealed=sealed,
                    expires_at=format_timestamp(expires_at),
                    owner=owner,
                )
            )
        return True

    def load(self, key: str, now: datetime) -> str | None:
        """The sealed session, or None (unknown or expired: expired ones are dropped)."""
        with self.database.transaction() as tx:
            _drop_expired(tx, now)
            row = tx.execute(
                select(web_sessions.c.sealed).where(web_sessions.c.key_hash == _hash(key))
            ).first()
        return None if row is None else str(row[0])

    def alive(self, key: str, now: datetime) -> bool:
        """Whether the session is stored and unexpired (one read by primary key, no write:
        every request of every worker asks it)."""
        with self.database.transaction() as tx:
            row = tx.execute(
                select(web_sessions.c.expires_at).where(web_sessions.c.key_hash == _hash(key))
            ).first()
        return row is not None and str(row[0]) > format_timestamp(now)

    def delete(self, key: str) -> None:
        with self.database.transaction() as tx:
            tx.execute(delete(web_sessions).where(web_sessions.c.key_hash == _hash(key)))


def _drop_expired(tx: Connection, now: datetime) -> None:
    tx.execute(delete(web_sessions).where(web_sessions.c.expires_at <= format_timestamp(now)))


def _count(tx: Connection) -> int:
    return int(tx.execute(select(func.count()).select_from(web_sessions)).scalar_one())


def _end_oldest(tx: Connection, owner: str, keep: int) -> None:
    """End the owner's sessions but the ``keep`` newest (those that expire last)."""
    rows = tx.execute(
        select(web_sessions.c.key_hash)
        .where(web_sessions.c.owner == owner)
        .order_by(web_sessions.c.expires_at.desc(), web_sessions.c.key_hash)
    ).all()
    ended = [row[0] for row in rows[max(keep, 0) :]]
    if ended:
        tx.execute(delete(web_sessions).where(web_sessions.c.key_hash.in_(ended)))

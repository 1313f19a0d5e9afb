"""The web app's recent sign-in attempts, in the journal's database so that every worker
counts them together.

A subject is an opaque keyed hash (of a client address, or of an account name) made by the web
app (``web/runtime/sign_in_limits.py``): the database never holds what someone typed as a user
name. Attempts older than the longest window are dropped as new ones arrive.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta

from sqlalchemy import delete, func, insert, select

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.store.database import Database
from mentorwatch.store.schema import sign_in_attempts


class SignInAttempts:
    def __init__(self, database: Database) -> None:
        self.database = database

    def admit(self, limits: Mapping[str, int], now: datetime, window: timedelta) -> str | None:
        """One more attempt for every subject of ``limits`` (subject -> attempts allowed in
        ``window``), unless one of them has had its allowance already: then that subject is
        returned and nothing is recorded (waiting longer is the only way through)."""
        since = format_timestamp(now - window)
        table = sign_in_attempts
        with self.database.transaction() as tx:
            tx.execute(delete(table).where(table.c.attempted_at <= since))
            for subject, allowed in limits.items():
                made = tx.execute(
                    select(func.count())
                    .select_from(table)
                    .where(table.c.subject == subject, table.c.attempted_at > since)
                ).scalar_one()
                if int(made) >= allowed:
                    return subject
            stamp = format_timestamp(now)
            tx.execute(
                insert(table), [{"subject": subject, "attempted_at": stamp} for subject in limits]
            )
        return None

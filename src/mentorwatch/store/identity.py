"""The journal's own id: a random name made once per journal (migration 0006).

Run ids start at 1 in every journal, so an edit summary's tag naming only the run and the
mentor could be another journal's (a second installation, a journal started afresh) writing
to the same wiki. The tag names the journal too (``service/action_log.py``), and recovery
looks for exactly its own.
"""

from __future__ import annotations

import secrets

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from mentorwatch.store.database import Database
from mentorwatch.store.schema import journal_identity


class JournalIdentity:
    """The journal's id, read once (made if a journal lost it)."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self._id: str | None = None

    @property
    def journal_id(self) -> str:
        if self._id is None:
            self._id = self._read() or self._make()
        return self._id

    def _read(self) -> str | None:
        with self.database.transaction() as tx:
            ids = select(journal_identity.c.journal_id).order_by(journal_identity.c.journal_id)
            found = tx.execute(ids).scalars().first()
        return None if found is None else str(found)

    def _make(self) -> str:
        try:
            with self.database.transaction() as tx:
                tx.execute(insert(journal_identity).values(journal_id=secrets.token_hex(4)))
        except IntegrityError:
            pass  # another process made it first
        made = self._read()
        assert made is not None
        return made

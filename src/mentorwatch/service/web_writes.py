"""Writes a person asks for in the web app, journaled like the cleanup's: intent before,
outcome after.

Each save is a run of kind ``web`` with one action (``set_config``, ``self_away``,
``self_back``), so `mentorwatch history`, the dashboard's "last done" and the run pages show
who changed what through mentorwatch, with the wiki's revision id.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.service.single_write import Write, write_in_own_run
from mentorwatch.store.journal import Intent, Journal, RunKind
from mentorwatch.wiki.mentorlist import MentorListBackend


class Person(Protocol):
    """Who asks for a write (the web app's signed-in user)."""

    @property
    def name(self) -> str: ...

    @property
    def user_id(self) -> int: ...


class JournaledWrites:
    def __init__(
        self, journal: Journal, wiki: str | Callable[[], str], clock: Callable[[], datetime]
    ) -> None:
        """``wiki``: the journal's key for the wiki, or how to get it when first needed (the
        connected wiki's ``wiki_key``: the app is built without talking to the wiki)."""
        self.journal = journal
        self._wiki = wiki
        self.clock = clock

    @property
    def wiki(self) -> str:
        return self._wiki if isinstance(self._wiki, str) else self._wiki()

    def by_user(
        self,
        action: WriteAction,
        user: Person,
        backend: MentorListBackend,
        *,
        page: str,
        before: Any,
        intended: Any,
        summary: str,
        perform: Callable[[], int | None],
        then: Sequence[Write] = (),
    ) -> int | None:
        """A write made as ``user`` (signed in) about themselves or their wiki's settings;
        ``then``: writes that follow it in the same run (the rules page's protection)."""
        return self.write(
            backend=backend.name,
            by=user.name,
            action=action,
            user_id=user.user_id,
            username=user.name,
            before=before,
            intended=intended,
            page=page,
            summary=summary,
            perform=perform,
            then=then,
        )

    def write(
        self,
        *,
        backend: str,
        by: str,
        action: WriteAction,
        user_id: int,
        username: str,
        before: Any,
        intended: Any,
        page: str,
        summary: str,
        perform: Callable[[], int | None],
        then: Sequence[Write] = (),
    ) -> int | None:
        """Journal, perform (returns the revision id), journal the outcome; errors re-raised
        (a run of its own: :func:`~mentorwatch.service.single_write.write_in_own_run`)."""
        reason = f"by {by} in the web app"
        return write_in_own_run(
            self.journal,
            self.clock,
            wiki=self.wiki,
            backend=backend,
            kind=RunKind.WEB,
            by=by,
            intent=Intent(user_id, username, action, reason, before, intended, page, summary),
            perform=perform,
            then=then,
        )

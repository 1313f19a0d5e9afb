"""Writes a person asks for in the web app, journaled like the cleanup's: intent before,
outcome after.

Each save is a run of kind ``web`` with one action (``set_config``, ``self_away``,
``self_back``), so `mentorwatch history`, the dashboard's "last done" and the run pages show
who changed what through mentorwatch, with the wiki's revision id.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, Protocol

from mentorwatch.domain.outcomes import Outcome, Status, WriteAction
from mentorwatch.service.action_log import ActionLog
from mentorwatch.store.journal import Intent, Journal, RunKind, RunStatus
from mentorwatch.wiki.errors import WikiError, WriteUncertain
from mentorwatch.wiki.mentorlist import EntryChanged, MentorListBackend


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
    ) -> int | None:
        """A write made as ``user`` (signed in) about themselves or their wiki's settings."""
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
    ) -> int | None:
        """Journal, perform (returns the revision id), journal the outcome; errors re-raised."""
        wiki = self.wiki
        run_id = self.journal.runs.start(wiki, backend, False, self.clock(), {}, kind=RunKind.WEB)
        log = ActionLog(self.journal.actions, wiki, run_id, self.clock)
        reason = f"by {by} in the web app"
        intent = Intent(user_id, username, action, reason, before, intended, page, summary)
        action_id = log.begin(intent)

        def ended(status: Status, detail: str = "") -> Outcome:
            edits = 1 if status is Status.DONE else 0
            return Outcome(user_id, username, action, status, detail, edits)

        # the action's outcome is journaled before the run is closed: a process killed in
        # between leaves the run open, and the next cleanup run reconciles the pending action
        status = RunStatus.INTERRUPTED
        try:
            revision = perform()
            log.finish(action_id, ended(Status.DONE), intended, revision)
            status = RunStatus.FINISHED
        except WriteUncertain:
            raise  # the wiki may have made it: pending, for the next run to find out
        except EntryChanged as error:
            log.finish(action_id, ended(Status.SKIPPED, str(error)))
            status = RunStatus.FAILED
            raise
        except WikiError as error:
            log.finish(action_id, ended(Status.FAILED, str(error)))
            status = RunStatus.FAILED
            raise
        finally:
            # anything else (a bug, an interrupt): whether the wiki took the write is unknown,
            # so the action stays pending and the run says it was interrupted
            self.journal.runs.finish(run_id, status, self.clock(), {"by": by})
        return revision

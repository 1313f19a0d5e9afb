"""Reconciling what a killed run left unfinished, against the wiki's page history.

A run journals each intent (``pending``, with the page, the edit summary and the time) before
it writes. If the process dies before the outcome is journaled, the next run asks the wiki:
is there an edit of ours with that summary on that page since the intent? If so the action is
``done`` (with its revision id); if not it is ``not_done``, and the new plan, made from the
wiki as it now is, decides again. Either way nothing is done twice and no record is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from mentorwatch.domain.outcomes import ENTRY_ACTIONS, Status, WriteAction
from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.domain.wording import plural
from mentorwatch.store.actions import ActionRecord, Actions
from mentorwatch.store.memory import Memory
from mentorwatch.store.runs import Runs
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.history import account_name, find_revision
from mentorwatch.wiki.mentorlist import Capabilities, MentorListBackend, away_until_of
from mentorwatch.wiki.rules_page import page_info, protection_revision

#: how far the wiki's clock and ours may differ: the history is searched from this much before
#: the intent (the summary's tag names the run and the mentor, so nothing else can match)
CLOCK_SKEW = timedelta(hours=1)
DONE = "reconciled after an interrupted run: the edit was made (revision {revision})"
NOT_DONE = "reconciled after an interrupted run: the wiki has no such edit, so it was not made"
HELD = (
    "reconciled after an interrupted run: the wiki holds what the write meant to leave "
    "(no revision: an away is a preference on this wiki, or the edit was not found)"
)

#: saves made from the web app as the signed-in user (or, for an away the wiki refuses them,
#: as our account on their behalf): their edit is the signed-in user's
WEB_SAVES = frozenset({WriteAction.SET_CONFIG, WriteAction.SELF_AWAY, WriteAction.SELF_BACK})
#: (run id, removed mentor) -> how many mentees left behind were given a new mentor
ReassignLeftBehind = Callable[[int, str], int]
Resolution = tuple[Status, str, int | None]


class Reconciler:
    def __init__(
        self,
        runs: Runs,
        actions: Actions,
        memory: Memory,
        backend: MentorListBackend,
        client: MediaWikiClient,
        *,
        wiki: str,
        clock: Callable[[], datetime],
        reassign_left_behind: ReassignLeftBehind,
    ) -> None:
        self.runs = runs
        self.actions = actions
        self.memory = memory
        self.backend = backend
        self.client = client
        self.wiki = wiki
        self.clock = clock
        self.reassign_left_behind = reassign_left_behind

    def reconcile(self, capabilities: Capabilities) -> list[str]:
        """Resolve every pending action of this wiki; returns one line per action resolved."""
        lines = [
            f"run #{run_id} had stopped without finishing; marked interrupted"
            for run_id in self.runs.close_abandoned(self.wiki, self.clock())
        ]
        for record in self.actions.pending(self.wiki):
            status, detail, revision = self._resolve(record, capabilities)
            after = self._held(record) if status is Status.DONE else None
            self.actions.finish(record.id, status, self.clock(), detail, after, revision)
            lines.append(f"{record.action} {record.username} (run #{record.run_id}): {detail}")
        return lines

    def _resolve(self, record: ActionRecord, capabilities: Capabilities) -> Resolution:
        if record.action == WriteAction.REASSIGN:
            return self._resolve_reassign(record)
        if record.page is None or record.summary is None:
            # a journal-only step (renew_pause) or a legacy record: the new plan decides again
            if record.action == WriteAction.PAUSE:
                self.memory.clear_pause(self.wiki, record.user_id)
            return Status.NOT_DONE, NOT_DONE + " (no edit was needed to find)", None
        since = record.started_at - CLOCK_SKEW
        if record.action == WriteAction.PROTECT:
            revision = protection_revision(self.client, record.page, record.summary, since)
        else:
            revision = find_revision(
                self.client,
                record.page,
                since,
                record.summary,
                self._editors(record),
                subject=record.username,
            )
        held = revision is None and self._wiki_holds_intent(record)
        self._settle_pause(record, made=revision is not None or held)
        status = Status.DONE if revision is not None or held else Status.NOT_DONE
        detail = DONE.format(revision=revision) if revision is not None else NOT_DONE
        if held:
            detail = HELD
        if record.action == WriteAction.REMOVE and capabilities.has_mentees:
            detail += self._mentees_left_behind(record)
        return status, detail, revision

    def _editors(self, record: ActionRecord) -> list[str] | None:
        """Who made the edit being looked for: our account, or the web save's user too
        (None: anyone, when we are not signed in)."""
        ours = account_name(self.client)
        if ours is None:
            return None
        return [ours, record.username] if record.action in WEB_SAVES else [ours]

    def _wiki_holds_intent(self, record: ActionRecord) -> bool:
        """Without a revision to find (an away is a preference on REL1_40-REL1_44, no revision
        is made), whether the wiki now holds what the write meant to leave. Only for writes to
        a mentor's entry, and a protection (its revision's comment is MediaWiki's own): a
        message or a configuration is found by its revision or not made."""
        if record.action == WriteAction.PROTECT and record.page is not None:
            facts = page_info(self.client, record.page)  # its revision says "Protected …"
            now = self.clock()
            return None not in (facts.admin_only("edit", now), facts.admin_only("move", now))
        if record.action not in ENTRY_ACTIONS | {WriteAction.SELF_AWAY, WriteAction.SELF_BACK}:
            return False
        entry = self.backend.read_list().entries.get(str(record.user_id))
        intended = record.intended if isinstance(record.intended, dict) else {}
        if record.action == WriteAction.REMOVE:
            return entry is None
        if entry is None or not intended:
            return False
        if record.action == WriteAction.SELF_BACK:
            return away_until_of(entry) is None
        wanted = intended.get("awayTimestamp")
        held = away_until_of(entry)
        if wanted is not None and (held is None or held < parse_timestamp(str(wanted))):
            return False
        return all(entry.get(key) == value for key, value in intended.items() if key == "weight")

    def _held(self, record: ActionRecord) -> Any:
        """What the wiki holds now for a reconciled action (its real ``after``)."""
        if record.action not in ENTRY_ACTIONS:
            return record.intended
        return self.backend.read_list().entries.get(str(record.user_id))

    def _settle_pause(self, record: ActionRecord, *, made: bool) -> None:
        """A pause is journaled before its edit: drop it if the edit was never made."""
        if record.action in (WriteAction.PAUSE, WriteAction.MARK_AWAY) and not made:
            self.memory.clear_pause(self.wiki, record.user_id)
        if record.action in (WriteAction.RESUME, WriteAction.REMOVE) and made:
            self.memory.clear_pause(self.wiki, record.user_id)

    def _mentees_left_behind(self, record: ActionRecord) -> str:
        # listed no more (by us or anyone): mentees still pointing at them need a mentor
        if str(record.user_id) in self.backend.read_list().entries:
            return ""
        moved = self.reassign_left_behind(record.run_id, record.username)
        were = "was" if moved == 1 else "were"
        return f"; {plural(moved, 'mentee')} left behind {were} reassigned" if moved else ""

    def _resolve_reassign(self, record: ActionRecord) -> Resolution:
        old_mentor = (record.before or {}).get("mentor")
        try:
            still = old_mentor and any(
                name == record.username for _id, name in self.backend.mentees(old_mentor)
            )
        except WikiError as error:
            return Status.FAILED, f"could not check the reassignment after a crash: {error}", None
        if still:
            detail = NOT_DONE + f" ({record.username} is still with {old_mentor})"
            return Status.NOT_DONE, detail, None
        return Status.DONE, f"reconciled: {record.username} is no longer with {old_mentor}", None

"""Reconciling what a killed run left unfinished, against the wiki's page history.

A run journals each intent (``pending``, with the page, the edit summary and the time) before
it writes. If the process dies before the outcome is journaled, the next run asks the wiki:
is there an edit of ours with that summary on that page since the intent? If so the action is
``done`` (with its revision id); if not it is ``not_done``, and the new plan, made from the
wiki as it now is, decides again. Either way nothing is done twice and no record is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.store.journal import ActionRecord
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.history import account_name, find_revision
from mentorwatch.wiki.mentorlist import Capabilities

if TYPE_CHECKING:
    from mentorwatch.service.cycle import Cycle

DONE = "reconciled after an interrupted run: the edit was made (revision {revision})"
NOT_DONE = "reconciled after an interrupted run: the wiki has no such edit, so it was not made"


class Reconciler:
    def __init__(self, cycle: Cycle) -> None:
        self.cycle = cycle
        self.journal = cycle.journal

    def reconcile(self, capabilities: Capabilities) -> list[str]:
        """Resolve every pending action of this wiki; returns one line per action resolved."""
        lines = [
            f"run #{run_id} had stopped without finishing; marked interrupted"
            for run_id in self.journal.close_abandoned_runs(self.cycle.wiki, self.cycle.clock())
        ]
        for record in self.journal.pending_actions(self.cycle.wiki):
            status, detail, revision = self._resolve(record, capabilities)
            self.journal.finish_action(
                record.id, status, self.cycle.clock(), detail, record.intended, revision
            )
            lines.append(f"{record.action} {record.username} (run #{record.run_id}): {detail}")
        return lines

    def _resolve(
        self, record: ActionRecord, capabilities: Capabilities
    ) -> tuple[str, str, int | None]:
        wiki, user_id = self.cycle.wiki, record.user_id
        if record.action == "reassign":
            return self._resolve_reassign(record)
        if record.page is None or record.summary is None:
            # a journal-only step (renew_pause) or a legacy record: the new plan decides again
            if record.action == "pause":
                self.journal.clear_pause(wiki, user_id)
            return "not_done", NOT_DONE + " (no edit was needed to find)", None
        client = self.cycle.client
        revision = find_revision(
            client,
            record.page,
            parse_timestamp(record.started_at),
            record.summary,
            account_name(client),
        )
        status, detail = (
            ("done", DONE.format(revision=revision)) if revision else ("not_done", NOT_DONE)
        )
        if record.action == "pause" and revision is None:
            self.journal.clear_pause(wiki, user_id)  # recorded before the edit, never made
        if record.action in ("resume", "remove") and revision is not None:
            self.journal.clear_pause(wiki, user_id)
        # listed no more (by us or anyone): mentees still pointing at them need a mentor
        if (
            record.action == "remove"
            and capabilities.has_mentees
            and str(user_id) not in self.cycle.backend.read_list().entries
        ):
            moved = self.cycle.reassign_left_behind(record.run_id, record.username)
            if moved:
                detail += f"; {moved} mentees left behind were reassigned"
        return status, detail, revision

    def _resolve_reassign(self, record: ActionRecord) -> tuple[str, str, int | None]:
        old_mentor = (record.before or {}).get("mentor")
        try:
            still = old_mentor and any(
                name == record.username for _id, name in self.cycle.backend.mentees(old_mentor)
            )
        except WikiError as error:
            return "failed", f"could not check the reassignment after a crash: {error}", None
        if still:
            return "not_done", NOT_DONE + f" ({record.username} is still with {old_mentor})", None
        return "done", f"reconciled: {record.username} is no longer with {old_mentor}", None

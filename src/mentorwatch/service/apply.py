"""Carrying out one decision on the wiki: re-check, journal, write, journal, tell the mentor.

The only code that writes to a wiki during a cleanup run. For each decision that changes the
wiki: the mentor's last edit is read again (a mentor who edited since the snapshot is skipped;
read for all the mentors about to be written together, before the writes, and again for those
still to come when that batch is older than a minute),
the intent is journaled, the backend writes against the entry the decision was made on (a
changed entry is skipped), the outcome is journaled with what the wiki now holds and the
revision id; a removal's mentees are then reassigned, and a warning or notice is posted
(:mod:`.talk_messages`).
A failure of one mentor never stops the others.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorwatch.domain.mentors import WEIGHT_NONE, Pause
from mentorwatch.domain.message import Message, store_sentences
from mentorwatch.domain.outcomes import Outcome, Status, WriteAction, WriteKind, skipped_because
from mentorwatch.domain.planner import Action, Decision
from mentorwatch.domain.status import paused_note
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.language.render import message_text
from mentorwatch.language.wiki_words import WikiWords
from mentorwatch.service.action_log import ActionLog
from mentorwatch.service.reassign import Reassigner, available_mentors
from mentorwatch.service.snapshot import LiveSnapshot
from mentorwatch.service.talk_messages import TalkMessages
from mentorwatch.store.actions import Intent
from mentorwatch.store.memory import Memory
from mentorwatch.wiki.activity import ActivityReader
from mentorwatch.wiki.errors import WikiError, WriteUncertain
from mentorwatch.wiki.mentorlist import (
    AwayUnknown,
    Capabilities,
    EntryChanged,
    MentorListBackend,
    Written,
)

#: the writes to the list that carry an edit summary of their own (``[summaries]`` keys)
_SUMMARISED = frozenset(
    {
        WriteAction.MARK_AWAY,
        WriteAction.RENEW_AWAY,
        WriteAction.PAUSE,
        WriteAction.RESUME,
        WriteAction.REMOVE,
    }
)
#: seconds a batch of last edits is trusted before the writes still to come are re-checked
BATCH_FRESH = 60.0


def write_action(decision: Decision, capabilities: Capabilities) -> WriteAction:
    """What is done on the wiki for a decision (away is a pause where away cannot be set)."""
    if decision.action in (Action.MARK_AWAY, Action.RENEW_AWAY) and not capabilities.can_mark_away:
        return WriteAction.PAUSE if decision.action is Action.MARK_AWAY else WriteAction.RENEW_PAUSE
    return WriteAction(decision.action.value)


def reason_for(action: WriteAction, reason: tuple[Message, ...]) -> tuple[Message, ...]:
    """The planner's reason in the words of what the wiki will really get: a pause's own
    messages where the wiki cannot mark away (:data:`PAUSE_WORDS`)."""
    if action not in (WriteAction.PAUSE, WriteAction.RENEW_PAUSE):
        return reason
    return tuple(Message(PAUSE_WORDS.get(m.key, m.key), m.params) for m in reason)


#: the message a pause is said with, for each message of an away
PAUSE_WORDS = {
    "mentorwatch-reason-mark-away": "mentorwatch-reason-pause",
    "mentorwatch-reason-renew-away": "mentorwatch-reason-renew-pause",
}


def journaled_reason(action: WriteAction, decision: Decision) -> str:
    """The reason an action is journaled with: its messages, as data (``docs/journal.md``)."""
    return store_sentences(reason_for(action, decision.reason))


def planned_actions(decision: Decision, capabilities: Capabilities) -> list[WriteAction]:
    """The write, and the warning it carries (a dry run journals both as planned)."""
    actions = [write_action(decision, capabilities)]
    if decision.warn_removal_on is not None and decision.action is not Action.WARN:
        actions.append(WriteAction.WARN)
    if decision.away_notice_removal_on is not None and decision.action is not Action.AWAY_NOTICE:
        actions.append(WriteAction.AWAY_NOTICE)
    return actions


@dataclass(frozen=True)
class Change:
    """What one write left: the entry after, the edits made, a detail, the revision."""

    after: Any
    edits: int
    detail: str = ""
    revision_id: int | None = None
    kind: WriteKind | None = None

    @classmethod
    def written(cls, written: Written, detail: str = "") -> Change:
        kind = WriteKind.LIST_EDIT if written.edited_page else WriteKind.AWAY_PREFERENCE
        return cls(written.entry, 1, detail, written.revision_id, kind)


class Applier:
    """Applies the decisions of one run (see the module docstring)."""

    def __init__(
        self,
        backend: MentorListBackend,
        memory: Memory,
        log: ActionLog,
        *,
        capabilities: Capabilities,
        activity: ActivityReader,
        messages: TalkMessages,
        reassigner: Reassigner,
        words: WikiWords,
        clock: Callable[[], datetime],
    ) -> None:
        self.backend = backend
        self.memory = memory
        self.log = log
        self.capabilities = capabilities
        self.activity = activity
        self.messages = messages
        self.reassigner = reassigner
        self.words = words
        self.clock = clock
        self.clock_monotonic = time.monotonic
        self._pending: list[int] = []
        self._latest: dict[int, datetime | None] = {}
        self._fetched_at = 0.0

    def apply(
        self, live: LiveSnapshot, decision: Decision, action: WriteAction, busy: frozenset[int]
    ) -> list[Outcome]:
        user_id, name = decision.user_id, decision.username
        if decision.action is not Action.RESUME:
            edited = self._edited_since(live, user_id)
            if edited is not None:
                late = Message.of("mentorwatch-outcome-edited-after", edited_at=edited)
                intent = Intent(user_id, name, action, journaled_reason(action, decision))
                skipped = Outcome(user_id, name, action, Status.SKIPPED).said(late)
                return [self.log.record(intent, skipped)]
        outcomes: list[Outcome] = []
        if decision.action not in (Action.WARN, Action.AWAY_NOTICE):
            outcomes = self._change(live, decision, action, busy)
            if outcomes[0].status is not Status.DONE:
                return outcomes
        message = self.messages.after(live.snapshot.config, decision, action)
        if message is not None:
            outcomes.append(message)
        return outcomes

    def _change(
        self, live: LiveSnapshot, decision: Decision, action: WriteAction, busy: frozenset[int]
    ) -> list[Outcome]:
        user_id, name = decision.user_id, decision.username
        before = live.entries[user_id]
        mentees = self.backend.mentees(name) if decision.action is Action.REMOVE else []
        summary = self._summary(action, decision, self._paused_weight(live, decision, action))
        intent = Intent(
            user_id,
            name,
            action,
            journaled_reason(action, decision),
            before={"entry": before, "mentees": mentees} if mentees else before,
            intended=_intended(action, decision, self._stops_assignment(live, decision)),
            page=self.backend.list_page if summary else None,
            summary=summary,
        )
        action_id = self.log.begin(intent)
        try:
            change = self._write(action, decision, live, before, summary or "")
        except (EntryChanged, AwayUnknown) as error:
            skipped = Outcome(user_id, name, action, Status.SKIPPED).said(skipped_because(error))
            return [self.log.finish(action_id, skipped)]
        except WikiError as error:
            failed = Outcome(user_id, name, action, Status.FAILED, str(error))
            return [self.log.failed(action_id, failed, error)]
        reassigned: list[Outcome] = []
        done = Outcome(user_id, name, action, Status.DONE, change.detail, change.edits, change.kind)
        if mentees:
            pool = available_mentors(live.snapshot, busy)
            reason = self.words.reassign_after(decision)
            reassigned = self.reassigner.reassign(name, mentees, pool, reason)
            unplaced = [o for o in reassigned if o.status is not Status.DONE]
            if unplaced:
                done = done.said(
                    Message.of(
                        "mentorwatch-outcome-unreassigned",
                        unplaced=len(unplaced),
                        num_mentees=len(mentees),
                    )
                )
        return [self.log.finish(action_id, done, change.after, change.revision_id), *reassigned]

    def _summary(
        self, action: WriteAction, decision: Decision, paused_weight: int | None = None
    ) -> str | None:
        """The edit summary of the write an action makes (None: it makes no edit); with
        ``paused_weight``, saying why it sets weight 0 and that it is given back."""
        if action not in _SUMMARISED:
            return None
        summary = self.words.summary(action.value, decision)
        if paused_weight is not None:
            summary = self.words.paused(summary, decision, paused_weight)
        return self.log.tagged(summary, decision.user_id)

    def _paused_weight(
        self, live: LiveSnapshot, decision: Decision, action: WriteAction
    ) -> int | None:
        """The weight a write that sets weight 0 keeps for the mentor's return (None: it
        does not set weight 0)."""
        mentor = live.snapshot.mentor(decision.user_id)
        paused = live.snapshot.paused.get(decision.user_id)
        if action is WriteAction.PAUSE:
            return mentor.weight if mentor.weight != WEIGHT_NONE else None
        away = action in (WriteAction.MARK_AWAY, WriteAction.RENEW_AWAY)
        if away and self._stops_assignment(live, decision):
            return paused.previous_weight if paused else mentor.weight
        return None

    def _write(
        self,
        action: WriteAction,
        decision: Decision,
        live: LiveSnapshot,
        before: dict[str, Any],
        summary: str,
    ) -> Change:
        """Perform one decision on the wiki."""
        user_id, name, wiki = decision.user_id, decision.username, self.log.wiki
        if action in (WriteAction.MARK_AWAY, WriteAction.RENEW_AWAY):
            return self._away(live, decision, before, summary)
        if action is WriteAction.RENEW_PAUSE:
            assert decision.away_until_after is not None
            previous = live.snapshot.paused[user_id].previous_weight
            pause = Pause(previous, decision.away_until_after)
            self.memory.set_pause(wiki, user_id, pause, self.clock())
            return Change(before, 0, "pause extended in the journal (no edit needed)")
        if action is WriteAction.PAUSE:
            return self._pause(live, decision, before, summary)
        if action is WriteAction.RESUME:
            assert decision.weight_after is not None
            if decision.weight_after == WEIGHT_NONE:
                self.memory.clear_pause(wiki, user_id)
                return Change(before, 0, "was without automatic assignment before the pause")
            written = self.backend.set_weight(user_id, name, before, decision.weight_after, summary)
            self.memory.clear_pause(wiki, user_id)
            return Change.written(written)
        if action is WriteAction.REMOVE:
            written = self.backend.remove(user_id, name, before, summary)
            self.memory.clear_pause(wiki, user_id)
            return Change(None, 1, "", written.revision_id, WriteKind.LIST_EDIT)
        raise AssertionError(f"no write for {action}")

    def _stops_assignment(self, live: LiveSnapshot, decision: Decision) -> bool:
        """Whether marking this mentor away must also set weight 0 (and keep the weight)."""
        if self.capabilities.away_stops_assignment:
            return False
        mentor = live.snapshot.mentor(decision.user_id)
        return mentor.weight != WEIGHT_NONE or decision.user_id in live.snapshot.paused

    def _away(
        self, live: LiveSnapshot, decision: Decision, before: dict[str, Any], summary: str
    ) -> Change:
        """Away until the decision's date. Where the wiki still gives away mentors newcomers,
        also weight 0, the weight kept in the journal (before the write) for their return."""
        user_id, name, wiki = decision.user_id, decision.username, self.log.wiki
        until = decision.away_until_after
        assert until is not None
        if not self._stops_assignment(live, decision):
            return Change.written(self.backend.set_away(user_id, name, before, until, summary))
        paused = live.snapshot.paused.get(user_id)
        previous = paused.previous_weight if paused else live.snapshot.mentor(user_id).weight
        self.memory.set_pause(wiki, user_id, Pause(previous, until), self.clock())
        try:
            written = self.backend.set_away(
                user_id, name, before, until, summary, weight=WEIGHT_NONE
            )
        except WriteUncertain:
            raise  # it may have been made: the pause stays until the next run knows
        except BaseException:
            if paused is None:
                self.memory.clear_pause(wiki, user_id)
            else:
                self.memory.set_pause(wiki, user_id, paused, self.clock())
            raise
        detail = f"weight 0 until then, no new newcomers: {message_text(paused_note(previous))}"
        return Change.written(written, detail)

    def _pause(
        self, live: LiveSnapshot, decision: Decision, before: dict[str, Any], summary: str
    ) -> Change:
        """Automatic assignment off, the previous weight kept in the journal (before the edit)."""
        user_id, name, wiki = decision.user_id, decision.username, self.log.wiki
        assert decision.away_until_after is not None
        mentor = live.snapshot.mentor(user_id)
        pause = Pause(mentor.weight, decision.away_until_after)
        self.memory.set_pause(wiki, user_id, pause, self.clock())  # before the edit
        if mentor.weight == WEIGHT_NONE:
            return Change(before, 0, "already without automatic assignment (no edit needed)")
        try:
            written = self.backend.set_weight(user_id, name, before, WEIGHT_NONE, summary)
        except WriteUncertain:
            raise  # it may have been made: the pause stays until the next run knows
        except BaseException:
            self.memory.clear_pause(wiki, user_id)
            raise
        return Change.written(written, f"weight 0: {message_text(paused_note(mentor.weight))}")

    def prefetch(self, decisions: Iterable[Decision]) -> None:
        """Read the last edits of every mentor about to be written, together (a few requests
        instead of one per mentor); :meth:`apply` then uses them while they are fresh."""
        self._pending = [d.user_id for d in decisions if d.action is not Action.RESUME]
        self._fetch_latest()

    def _fetch_latest(self) -> None:
        self._latest = self.activity.last_edits(self._pending) if self._pending else {}
        self._fetched_at = self.clock_monotonic()

    def _edited_since(self, live: LiveSnapshot, user_id: int) -> datetime | None:
        if user_id in self._latest and self.clock_monotonic() - self._fetched_at > BATCH_FRESH:
            self._fetch_latest()  # the batch is old: read the ones still to come again
        if user_id in self._latest:
            latest = self._latest.pop(user_id)
            self._pending = [pending for pending in self._pending if pending != user_id]
        else:
            latest = self.activity.last_edits([user_id]).get(user_id)
        record = live.snapshot.activity.get(user_id)
        known = record.last_edit_at if record is not None else None
        if latest is not None and (known is None or latest > known):
            return latest
        return None


def _intended(action: WriteAction, decision: Decision, weight_none: bool = False) -> Any:
    """What a write means to leave on the wiki, journaled with its intent."""
    if action in (WriteAction.MARK_AWAY, WriteAction.RENEW_AWAY) and decision.away_until_after:
        away = {"awayTimestamp": format_timestamp(decision.away_until_after)}
        return {**away, "weight": WEIGHT_NONE} if weight_none else away
    if action is WriteAction.PAUSE:
        return {"weight": WEIGHT_NONE}
    if action is WriteAction.RESUME:
        return {"weight": decision.weight_after}
    return None  # remove: the entry is gone

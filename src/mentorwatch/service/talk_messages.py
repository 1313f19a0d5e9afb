"""Telling the mentor: the talk-page message an action carries, posted and journaled.

A warning before removal, a notice that an away runs past the removal date, or (where the
rules say so) a notice after a mentor was marked away or removed. Each is journaled like any
write: the intent before it is posted, the outcome after (``opted_out`` for ``{{nobots}}``).

A message the wiki refuses follows one retry policy (:mod:`mentorwatch.domain.messages`): tried
again once per run, up to ``MAX_ATTEMPTS`` runs, then reported as needing an admin. A warning
or an away notice is due again by the plan itself (nothing on record delivered it); a notice
after an action is not (the action is done), so :meth:`TalkMessages.retry_notices` posts it
again while it still says what is true.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any, NamedTuple

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.mentors import Mentor
from mentorwatch.domain.message import Message, store_sentences
from mentorwatch.domain.messages import (
    Undelivered,
    away_subject,
    failed_attempt,
    failure_detail,
    message_subject,
)
from mentorwatch.domain.nudge import (
    Nudge,
    nudge_reason,
    nudge_summary,
)
from mentorwatch.domain.outcomes import Outcome, Status, WriteAction, WriteKind
from mentorwatch.domain.planner import Decision
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.language.catalogue import catalogue
from mentorwatch.language.render import rule_evidence
from mentorwatch.language.wiki_words import WikiWords
from mentorwatch.service.action_log import ActionLog
from mentorwatch.store.actions import Intent
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.notifier import OptedOut, TalkPageNotifier, talk_page

#: an action, and the message's heading and text
TalkMessage = tuple[WriteAction, str, str]
#: the actions a notice follows (``NotifyOnAction``)
NOTIFIED = (WriteAction.MARK_AWAY, WriteAction.PAUSE, WriteAction.REMOVE)


class Post(NamedTuple):
    """One message to post: to whom, which kind, its heading, text and edit summary."""

    user_id: int
    username: str
    kind: WriteAction
    heading: str
    text: str
    summary: str


def message_for(
    config: CommunityConfig, decision: Decision, action: WriteAction, words: WikiWords
) -> TalkMessage | None:
    """The message a decision carries once its write is done (None: none), in the wiki's
    words (``words``)."""
    name = decision.username
    if decision.warn_removal_on is not None:
        return (WriteAction.WARN, *words.warning(config, name, decision.warn_removal_on))
    removal_on, away_until = decision.away_notice_removal_on, decision.away_until_before
    if removal_on is not None and away_until is not None:
        return (WriteAction.AWAY_NOTICE, *words.away_notice(name, away_until, removal_on, config))
    if config.notify_enabled and action in NOTIFIED:
        until, evidence = decision.away_until_after, rule_evidence(decision)
        heading, text = words.action_notice(action.value, name, config, until, evidence)
        return WriteAction.NOTIFY, heading, text
    return None


def addressed(
    config: CommunityConfig, changes: Sequence[Decision], snapshot: Snapshot
) -> list[str]:
    """The mentors a run may write to on their talk page: warned, told their away runs past
    their removal, told of an action (notices on), and those whose notice is posted again."""
    names = [
        decision.username
        for decision in changes
        if decision.warn_removal_on is not None
        or decision.away_notice_removal_on is not None
        or config.notify_enabled
    ]
    again = [m.username for messages in snapshot.undelivered.values() for m in messages]
    return list(dict.fromkeys([*names, *again]))


def _intended(decision: Decision, action: WriteAction, written: WriteAction) -> dict[str, Any]:
    """What a message means to say, journaled with its intent (and what its subject is)."""
    last, removal = decision.last_active_at, decision.warn_removal_on
    intended: dict[str, Any] = {
        "episode": format_timestamp(last) if last else None,
        "removal_on": format_timestamp(removal) if removal else None,
    }
    if action is WriteAction.AWAY_NOTICE and decision.away_until_before is not None:
        notice_on = decision.away_notice_removal_on
        intended["away_until"] = format_timestamp(decision.away_until_before)
        intended["removal_on"] = format_timestamp(notice_on) if notice_on else None
    if action is WriteAction.NOTIFY:
        until = decision.away_until_after if written is not WriteAction.REMOVE else None
        intended["about"] = written.value
        intended["away_until"] = format_timestamp(until) if until else None
    return intended


class TalkMessages:
    """Posts one run's messages on mentors' talk pages, each journaled before and after."""

    def __init__(
        self,
        log: ActionLog,
        notifier: TalkPageNotifier,
        words: WikiWords,
        now: datetime,
        undelivered: Mapping[int, tuple[Undelivered, ...]] | None = None,
        *,
        refusal: Callable[[WriteAction], str | None] | None = None,
    ) -> None:
        """``now``: the run's moment (its snapshot's), which a warning's date is counted from;
        ``undelivered``: the messages the wiki refused in earlier runs (the snapshot's);
        ``refusal``: why a message may not be posted (the rights the account lacks)."""
        self.log = log
        self.notifier = notifier
        self.words = words
        self.now = now
        self.refusal = refusal or (lambda _action: None)
        self.undelivered = undelivered or {}
        #: the messages this run gave up on (refused in their last allowed attempt)
        self.given_up: list[tuple[int, Undelivered]] = []

    def after(
        self, config: CommunityConfig, decision: Decision, action: WriteAction
    ) -> Outcome | None:
        """Post the message the decision carries, if any (see :func:`message_for`)."""
        message = message_for(config, decision, action, self.words)
        if message is None:
            return None
        kind, heading, text = message
        summary = self.words.summary("warn" if kind is WriteAction.WARN else "notify", decision)
        intended = {**_intended(decision, kind, action), "heading": heading}
        if kind is WriteAction.WARN:
            intended["warned_at"] = format_timestamp(self.now)
        post = Post(decision.user_id, decision.username, kind, heading, text, summary)
        return self.post(post, store_sentences(decision.reason), intended)

    def post(self, post: Post, reason: str, intended: dict[str, Any]) -> Outcome:
        """Post a message on the mentor's talk page, journaled before and after (with
        ``reason`` (as the journal keeps it: :func:`store_sentences`, or plain text) and what
        it means to say, ``intended``)."""
        user_id, name, kind = post.user_id, post.username, post.kind
        summary = self.log.tagged(post.summary, user_id)
        intent = Intent(user_id, name, kind, reason, None, intended, talk_page(name), summary)
        lacks = self.refusal(kind)
        if lacks is not None:  # not tried: the account lacks a right (the preflight's words)
            detail = self._undelivered(post, intended, f"not tried: {lacks}")
            not_allowed = Outcome(user_id, name, kind, Status.NOT_ALLOWED).said(detail)
            return self.log.record(intent, not_allowed, {"error": lacks})
        action_id = self.log.begin(intent)
        try:
            revision = self.notifier.post(name, post.heading, post.text, summary)
        except OptedOut as error:
            opted = Outcome(user_id, name, kind, Status.OPTED_OUT).said(error.said)
            return self.log.finish(action_id, opted)
        except WikiError as error:
            answered = f"the wiki answered: {error}"
            undelivered = self._undelivered(post, intended, answered)
            failed = Outcome(user_id, name, kind, Status.FAILED).said(undelivered)
            return self.log.failed(action_id, failed, error, {"error": str(error)})
        posted = Message.of("mentorwatch-outcome-message-posted", page=talk_page(name))
        done = Outcome(user_id, name, kind, Status.DONE, "", 1, WriteKind.MESSAGE).said(posted)
        return self.log.finish(action_id, done, revision_id=revision)

    def _undelivered(self, post: Post, intended: dict[str, Any], why: str) -> Message:
        """A message not delivered (refused by the wiki, or not tried for want of a right):
        which attempt this is, counted the same for every kind, and what happens next."""
        user_id, kind = post.user_id, post.kind
        subject = message_subject(kind, intended)
        previous = [m for m in self.undelivered.get(user_id, ()) if m.kind is kind]
        attempt = failed_attempt(previous[0] if previous else None, subject)
        refused = Undelivered(kind, post.username, subject, attempt, why)
        if refused.given_up:
            self.given_up.append((user_id, refused))
        return failure_detail(talk_page(post.username), why, attempt)

    def nudge(
        self, nudge: Nudge, waiting_days: int, config: CommunityConfig | None = None
    ) -> Outcome:
        """Post the friendly note listing a mentor's questions that wait, in the wiki's
        language or the community's own words (``NudgeHeading``/``NudgeText``); each question
        listed once: the journal keeps which, ``intended["questions"]``."""
        heading, text = self.words.nudge(nudge, waiting_days, config)
        revids = [question.revid for question in nudge.questions]
        reason = store_sentences((nudge_reason(nudge, waiting_days),))
        summary = self._on_wiki(nudge_summary())
        post = Post(nudge.user_id, nudge.username, WriteAction.NUDGE, heading, text, summary)
        return self.post(post, reason, {"questions": revids, "heading": heading})

    def _on_wiki(self, message: Message) -> str:
        """A text posted on the wiki: in its content language, dates as its readers write
        them."""
        return catalogue().text(message, self.words.style)

    # --- notices after an action, refused before ------------------------------------------

    def notices_to_retry(
        self, snapshot: Snapshot, done_now: frozenset[int]
    ) -> list[tuple[int, Undelivered]]:
        """The notices after an action that the wiki refused in earlier runs and that are
        still true (the mentor still away until that date, or still removed), not given up;
        not for mentors this run already wrote to (``done_now``)."""
        listed = {mentor.user_id: mentor for mentor in snapshot.mentors}
        return [
            (user_id, message)
            for user_id, messages in snapshot.undelivered.items()
            for message in messages
            if message.kind is WriteAction.NOTIFY
            and not message.given_up
            and user_id not in done_now
            and _still_true(message, listed.get(user_id), snapshot)
        ]

    def retry(self, config: CommunityConfig, user_id: int, message: Undelivered) -> Outcome:
        """Post again a notice the wiki refused (see :meth:`notices_to_retry`)."""
        about, _, until = message.subject.partition(" until ")
        away_until = parse_timestamp(until) if until else None
        heading, text = self.words.action_notice(about, message.username, config, away_until)
        intended = {
            "about": about,
            "away_until": until or None,
            "heading": heading,
        }
        reason = store_sentences(
            (Message.of("mentorwatch-reason-notice-retry", num_runs=message.attempts),)
        )
        summary = self.words.notify_again(message.username)
        post = Post(user_id, message.username, WriteAction.NOTIFY, heading, text, summary)
        return self.post(post, reason, intended)


def _still_true(message: Undelivered, mentor: Mentor | None, snapshot: Snapshot) -> bool:
    """A notice after an action still says what is true: a removed mentor is still off the
    list; one marked away (or paused) is still away until that date."""
    about, _, until = message.subject.partition(" until ")
    if about == WriteAction.REMOVE.value:
        return mentor is None
    if mentor is None or not until:
        return False
    pause = snapshot.paused.get(mentor.user_id)
    aways = {mentor.away_until, pause.until if pause else None}
    return until in {away_subject(away) for away in aways if away is not None}


__all__ = ["Post", "TalkMessage", "TalkMessages", "addressed", "message_for"]

"""Talk-page messages that could not be posted: one retry policy for every kind.

A warning before removal, a notice after an action (marked away, paused, removed), a notice
that an away runs past the removal date and a nudge about mentees' waiting questions are each
about something (their *subject*: the inactivity episode, the action and its date, the away
period, the oldest question the nudge lists). When the wiki refuses one (no
right to edit the talk page, a protected page, an error), it is tried again once per run, up to
:data:`MAX_ATTEMPTS` runs; then mentorwatch stops trying and reports it, in every run's
summary, in ``history`` and on the dashboard, as needing an admin. A message delivered (or not
posted because the mentor opted out with ``{{nobots}}``) ends it; a new subject (a new
episode, a new away period) starts again. Other mentors' actions never wait for it.

What waits: a removal mentorwatch makes only after its warning (warnings on) waits for the
warning, delivered; the community asked for warnings first, so a mentor whose warning could not
be posted is not removed silently: the removal waits and an admin is told.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.timeutil import format_timestamp

#: runs in which a message is tried before mentorwatch stops and asks an admin
MAX_ATTEMPTS = 3

#: each kind of talk-page message (the notes and lines saying them: ``mentorwatch-note-*``,
#: ``mentorwatch-undelivered-*``)
KINDS = (WriteAction.WARN, WriteAction.NOTIFY, WriteAction.AWAY_NOTICE, WriteAction.NUDGE)


@dataclass(frozen=True)
class Undelivered:
    """A message the wiki refused: how many runs tried it, and its last answer."""

    kind: WriteAction
    username: str
    #: what it is about (:func:`warning_subject`, :func:`notice_subject`, :func:`away_subject`)
    subject: str
    attempts: int
    error: str

    @property
    def given_up(self) -> bool:
        """Tried in :data:`MAX_ATTEMPTS` runs: not tried again, an admin is needed."""
        return self.attempts >= MAX_ATTEMPTS

    def line(self) -> Message:
        """One line for a run's summary: who, which message, how many runs, the answer
        (``mentorwatch-undelivered-*``, by kind)."""
        return Message.of(
            f"mentorwatch-undelivered-{_NOTE_KEYS[self.kind]}",
            mentor=self.username,
            num_runs=self.attempts,
            answer=self.error,
        )

    def explain(self) -> Message:
        """The state of this message in an admin's words (``mentorwatch-note-*-undelivered``,
        ``…-given-up``, by kind)."""
        kind = _NOTE_KEYS[self.kind]
        if self.given_up:
            return Message.of(
                f"mentorwatch-note-{kind}-given-up", num_runs=self.attempts, answer=self.error
            )
        return Message.of(
            f"mentorwatch-note-{kind}-undelivered",
            num_runs=self.attempts,
            answer=self.error,
            num_max_runs=MAX_ATTEMPTS,
        )


#: each kind's part of its note's key
_NOTE_KEYS = {
    WriteAction.WARN: "warning",
    WriteAction.NOTIFY: "notice",
    WriteAction.AWAY_NOTICE: "away-notice",
    WriteAction.NUDGE: "nudge",
}


def warning_subject(episode: datetime | None) -> str:
    """A warning is about an inactivity episode: the mentor's last activity when warned."""
    return format_timestamp(episode) if episode is not None else "never active"


def away_subject(away_until: datetime) -> str:
    """An away notice is about one away period: its end."""
    return format_timestamp(away_until)


def notice_subject(action: str, away_until: datetime | None) -> str:
    """A notice after an action is about that action (and the away it set)."""
    return action if away_until is None else f"{action} until {format_timestamp(away_until)}"


def nudge_subject(questions: Iterable[int]) -> str:
    """A nudge is about the oldest waiting question it lists (revision ids grow with time):
    while that one waits, a nudge listing it with newer ones is the same nudge tried again, so
    new questions do not make a refused nudge tried for ever."""
    listed = [int(revid) for revid in questions]
    return f"question {min(listed)}" if listed else "no question"


def message_subject(kind: WriteAction, intended: Mapping[str, Any]) -> str:
    """The subject of a journaled message, from what it was meant to say (``intended``)."""
    if kind is WriteAction.NUDGE:
        return nudge_subject(intended.get("questions") or ())
    if kind is WriteAction.WARN:
        return str(intended.get("episode") or "never active")
    if kind is WriteAction.AWAY_NOTICE:
        return str(intended.get("away_until") or "")
    about, until = str(intended.get("about") or "notice"), intended.get("away_until")
    return about if not until else f"{about} until {until}"


def failed_attempt(previous: Undelivered | None, subject: str) -> int:
    """The number of the attempt at posting about ``subject`` after ``previous`` (the same
    subject's count goes on; a new subject starts at 1)."""
    if previous is None or previous.subject != subject:
        return 1
    return previous.attempts + 1


def failure_detail(where: str, why: str, attempt: int) -> Message:
    """What an undelivered message's outcome says: why (the wiki's answer, or the right the
    account lacks), and what happens next."""
    key = "given-up" if attempt >= MAX_ATTEMPTS else "retried"
    return Message.of(
        f"mentorwatch-undelivered-detail-{key}",
        page=where,
        why=why,
        attempt=attempt,
        max_attempts=MAX_ATTEMPTS,
    )


def given_up(messages: tuple[Undelivered, ...], kind: WriteAction | None = None) -> bool:
    """Some message (of ``kind``) was given up on."""
    return any(m.given_up and (kind is None or m.kind is kind) for m in messages)


def current_messages(
    undelivered: tuple[Undelivered, ...], last: datetime | None, away_until: datetime | None
) -> tuple[Undelivered, ...]:
    """The refused messages about the mentor as they are now: the warning of this inactivity
    episode, the notices of this away period (a removal's notice is for a mentor no longer
    listed, so none here)."""
    if not undelivered:
        return ()
    away = away_subject(away_until) if away_until is not None else None
    current = {
        WriteAction.WARN: (warning_subject(last),),
        WriteAction.AWAY_NOTICE: (away,),
        WriteAction.NOTIFY: (f"mark_away until {away}", f"pause until {away}"),
    }
    return tuple(m for m in undelivered if m.subject in current.get(m.kind, ()))

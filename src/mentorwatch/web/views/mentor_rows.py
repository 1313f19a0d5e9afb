"""The Mentor Status Dashboard's rows: one per mentor, from a snapshot's plan and the journal's
last action per mentor (what each shows, its status and next action), sorted and filtered.

The rows are made once per state (``views/dashboard_state.py``), which the dashboard cache
keeps (``runtime/dashboard_cache.py``); page views only read them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from mentorwatch.domain.facts import Flag
from mentorwatch.domain.message import Message, joined
from mentorwatch.domain.nudge import diff_link
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.planner import Action, Decision, Plan
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.status import MentorStatus, done_text, paused_note, will_text
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.language.catalogue import Style, iso_moment
from mentorwatch.language.render import message_text, rule_evidence, sentences_text
from mentorwatch.store.journal import ActionRecord
from mentorwatch.web.views.dates import short_date

HOUR = timedelta(hours=1)
#: the statuses a status column shows and sorts by (the domain's vocabulary, in its order)
STATUSES = tuple(MentorStatus)
SORT_KEYS = (
    *("name", "last_edit", "away_until", "weight", "mentees", "next", "status"),
    *("questions", "answered", "waiting", "median_reply"),
)
#: the filter of mentors with mentees' questions waiting (beside the statuses)
QUESTIONS_WAITING = "questions_waiting"
#: how a row's texts read in English: days short ("3 Dec"), as the dashboard shows them
ROW_ENGLISH = Style("en", moment=short_date)


@dataclass(frozen=True)
class Row:
    user_id: int
    username: str
    status: MentorStatus
    last_edit_at: datetime | None
    days_inactive: float | None
    away_until: datetime | None
    weight: int
    mentees: int | None
    #: "will be marked away on 3 Dec", "will be removed at the next run"
    next_action: Message | None
    next_action_at: datetime | None
    #: "removed on 3 Dec", "clearing the away: skipped on 3 Dec"
    last_done: Message | None
    last_done_run: int | None
    reason: tuple[Message, ...]
    flags: tuple[str, ...] = ()
    #: "exempt until 10 Jan 2027 (on leave)", "away runs past removal on 3 Dec"
    note: Message | None = None
    #: the community rule that decided (``edits``, ``retired``, ``wikibreak``; "": the days rule)
    rule: str = ""
    #: mentees' questions over the window (None: not read): asked, answered, waiting longer
    #: than the waiting days, the median hours to the first reply
    questions: int | None = None
    answered: int | None = None
    waiting: int | None = None
    median_reply_hours: float | None = None
    #: the waiting questions' diffs (``Special:Diff/N``), oldest first
    waiting_diffs: tuple[str, ...] = ()

    def user_page(self, index_url: str) -> str:
        return f"{index_url}?title={quote('User:' + self.username)}"

    def contributions(self, index_url: str) -> str:
        return f"{index_url}?title={quote('Special:Contributions/' + self.username)}"

    @property
    def status_label(self) -> str:
        """The status in English words, as the JSON export gives it."""
        return message_text(self.status.message)

    def as_json(self, style: Style = ROW_ENGLISH) -> dict[str, Any]:
        """The row as data: its texts in ``style``'s language (English by default: the JSON
        export's stable texts), the status as its identifier too, and each text's messages
        beside it (``*_message``, ``reason_messages``) to render in any language."""
        data = {field.name: getattr(self, field.name) for field in fields(self)}  # shallow:
        # asdict() would deep-copy every message, most of an export's time
        for key in ("last_edit_at", "away_until", "next_action_at"):
            data[key] = format_timestamp(data[key]) if data[key] else None
        data["status"] = self.status.value
        data["status_label"] = message_text(self.status.message, style)
        data["flags"] = list(self.flags)
        data["waiting_diffs"] = list(self.waiting_diffs)
        for key in ("next_action", "last_done", "note"):
            said: Message | None = getattr(self, key)
            data[key] = "" if said is None else message_text(said, style)
            data[f"{key}_message"] = None if said is None else said.to_json()
        data["reason"] = sentences_text(self.reason, replace(style, moment=iso_moment))
        data["reason_messages"] = [sentence.to_json() for sentence in self.reason]
        return data


#: the dashboard's note of each community rule, naming its evidence (docs/config.md)
RULE_NOTES = {
    "edits": "mentorwatch-web-rule-note-edits",
    "retired": "mentorwatch-web-rule-note-retired",
    "wikibreak": "mentorwatch-web-rule-note-wikibreak",
}


def build_rows(
    snapshot: Snapshot,
    decided: Plan,
    last_actions: Mapping[int, ActionRecord],
    mentees: Mapping[int, int] | None = None,
) -> list[Row]:
    by_id = {mentor.user_id: mentor for mentor in snapshot.mentors}
    rows = []
    for decision in decided.decisions:
        mentor = by_id[decision.user_id]
        record = last_actions.get(decision.user_id)
        last_done, last_run = None, None
        if record is not None:
            when = record.finished_at or record.started_at
            last_done = done_text(record.action, record.status, when)
            last_run = record.run_id
        next_text, next_at = _next(decision, snapshot.now)
        asked = _questions(decided, decision.user_id)
        rows.append(
            Row(
                user_id=decision.user_id,
                username=decision.username,
                status=decision.status,
                last_edit_at=decision.last_active_at,
                days_inactive=decision.days_inactive,
                away_until=decision.away_until_before,
                weight=mentor.weight,
                mentees=None if mentees is None else mentees.get(decision.user_id, 0),
                next_action=next_text,
                next_action_at=next_at,
                last_done=last_done,
                last_done_run=last_run,
                reason=decision.reason,
                flags=tuple(flag.value for flag in decision.flags),
                note=_note(decision, snapshot),
                rule=decision.rule or "",
                **asked,
            )
        )
    return rows


def _questions(decided: Plan, user_id: int) -> dict[str, Any]:
    """A row's questions columns (none where the plan has no questions)."""
    report = decided.questions
    figures = None if report is None else report.by_mentor.get(user_id)
    if figures is None:
        return {}
    median = figures.median_reply
    return {
        "questions": figures.received,
        "answered": figures.answered,
        "waiting": len(figures.waiting),
        "median_reply_hours": None if median is None else round(median / HOUR, 2),
        "waiting_diffs": tuple(diff_link(question) for question in figures.waiting),
    }


def _note(decision: Decision, snapshot: Snapshot) -> Message | None:
    """What an admin should see beside the status: the exemption, an away past removal."""
    notes: list[Message] = []
    evidence = rule_evidence(decision)
    if decision.rule is not None and evidence is not None:  # the rule and its evidence
        notes.append(Message.of(RULE_NOTES[decision.rule], evidence=evidence))
    exemption = snapshot.config.exemption_of(decision.username)  # indexed: one lookup
    if exemption is not None and exemption.expired(snapshot.now):
        assert exemption.until is not None
        notes.append(
            Message.of(
                "mentorwatch-row-exemption-expired", when=exemption.until, reason=exemption.reason
            )
        )
    elif exemption is not None:
        until, reason = exemption.until, exemption.reason
        notes.append(
            Message.of("mentorwatch-row-exempt-no-end", reason=reason)
            if until is None
            else Message.of("mentorwatch-row-exempt-until", when=until, reason=reason)
        )
    pause = snapshot.paused.get(decision.user_id)
    if pause is not None:
        notes.append(paused_note(pause.previous_weight))
    if Flag.AWAY_LONGER_THAN_REMOVAL in decision.flags:
        removal_on = decision.away_notice_removal_on or (
            decision.next_action_after if decision.next_action is Action.REMOVE else None
        )
        notes.append(
            Message.of("mentorwatch-row-away-past-removal-on", when=removal_on)
            if removal_on
            else Message("mentorwatch-row-away-past-removal")
        )
    return joined(notes) if notes else None


def _next(decision: Decision, now: datetime) -> tuple[Message | None, datetime | None]:
    """What mentorwatch (or GrowthExperiments' cleanup) will do next, in the future tense."""
    if decision.action is not Action.KEEP:
        warned = decision.warn_removal_on is not None and decision.action is not Action.WARN
        return will_text(WriteAction(decision.action.value), None, warned=warned), now
    after = decision.next_action_after
    if decision.next_action is not None and after is not None:
        by = "GrowthExperiments" if decision.next_action_by_upstream else ""
        when = after if after > now else None
        return will_text(WriteAction(decision.next_action.value), when, by), after
    return None, None


def sort_rows(rows: Iterable[Row], key: str, descending: bool) -> list[Row]:
    far = datetime.max.replace(tzinfo=None)

    def value(row: Row) -> Any:
        if key == "last_edit":
            return row.days_inactive if row.days_inactive is not None else math.inf
        if key == "away_until":
            return row.away_until.replace(tzinfo=None) if row.away_until else far
        if key == "weight":
            return row.weight
        if key == "mentees":
            return row.mentees if row.mentees is not None else -1
        if key == "next":
            return row.next_action_at.replace(tzinfo=None) if row.next_action_at else far
        if key == "status":
            return STATUSES.index(row.status)
        if key in ("questions", "answered", "waiting"):
            found = getattr(row, key)
            return -1 if found is None else found
        if key == "median_reply":
            return math.inf if row.median_reply_hours is None else row.median_reply_hours
        return row.username.casefold()

    return sorted(rows, key=value, reverse=descending)


def filter_rows(rows: Iterable[Row], status: str | None) -> list[Row]:
    """The rows of one status, or (``questions_waiting``) of mentors with questions waiting."""
    if status == QUESTIONS_WAITING:
        return [row for row in rows if row.waiting]
    return [row for row in rows if not status or row.status == status]

"""The Mentor Status Dashboard's rows: one per mentor, from a snapshot's plan and the journal's
last action per mentor (what each shows, its status and next action), sorted and filtered.

The rows are made once per state (``views/dashboard_state.py``), which the dashboard cache
keeps (``runtime/dashboard_cache.py``); page views only read them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from mentorwatch.domain.facts import Flag
from mentorwatch.domain.message import Message
from mentorwatch.domain.nudge import diff_link
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.planner import Action, Decision, Plan
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.status import MentorStatus, done_text, paused_note, will_text
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.language.render import message_text, reason_text, rule_evidence
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
    next_action: str  # "will be marked away on 3 Dec", "will be removed at the next run", ""
    next_action_at: datetime | None
    last_done: str  # "removed on 3 Dec", "clearing the away: skipped on 3 Dec"
    last_done_run: int | None
    reason: str
    flags: tuple[str, ...] = ()
    #: "exempt until 10 Jan 2027 (on leave)", "away runs past removal on 3 Dec"
    note: str = ""
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
        """The status in words, as every surface shows it."""
        return self.status.label

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("last_edit_at", "away_until", "next_action_at"):
            data[key] = format_timestamp(data[key]) if data[key] else None
        data["status"] = self.status.value
        data["status_label"] = self.status.label
        data["flags"] = list(self.flags)
        data["waiting_diffs"] = list(self.waiting_diffs)
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
        last_done, last_run = "", None
        if record is not None:
            when = short_date(record.finished_at or record.started_at)
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
                reason=reason_text(decision),
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


def _note(decision: Decision, snapshot: Snapshot) -> str:
    """What an admin should see beside the status: the exemption, an away past removal."""
    notes = []
    evidence = rule_evidence(decision)
    if decision.rule is not None and evidence is not None:  # the rule and its evidence
        notes.append(message_text(Message.of(RULE_NOTES[decision.rule], evidence=evidence)))
    exemption = snapshot.config.exemption_of(decision.username)  # indexed: one lookup
    if exemption is not None and exemption.expired(snapshot.now):
        assert exemption.until is not None
        notes.append(f"exemption expired on {short_date(exemption.until)} ({exemption.reason})")
    elif exemption is not None:
        until = "no end date" if exemption.until is None else short_date(exemption.until)
        notes.append(f"exempt {'until ' if exemption.until else ''}{until} ({exemption.reason})")
    pause = snapshot.paused.get(decision.user_id)
    if pause is not None:
        notes.append(paused_note(pause.previous_weight))
    if Flag.AWAY_LONGER_THAN_REMOVAL in decision.flags:
        removal_on = decision.away_notice_removal_on or (
            decision.next_action_after if decision.next_action is Action.REMOVE else None
        )
        when = f" on {short_date(removal_on)}" if removal_on else ""
        notes.append(f"away runs past removal{when}")
    return "; ".join(notes)


def _next(decision: Decision, now: datetime) -> tuple[str, datetime | None]:
    """What mentorwatch (or GrowthExperiments' cleanup) will do next, in the future tense."""
    if decision.action is not Action.KEEP:
        what = will_text(WriteAction(decision.action.value), None)
        if decision.warn_removal_on is not None and decision.action is not Action.WARN:
            what = what.replace(" at the next run", " and warned at the next run")
        return what, now
    after = decision.next_action_after
    if decision.next_action is not None and after is not None:
        by = "GrowthExperiments" if decision.next_action_by_upstream else ""
        when = short_date(after) if after > now else None
        return will_text(WriteAction(decision.next_action.value), when, by), after
    return "", None


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

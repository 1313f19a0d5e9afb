"""The Mentor Status Dashboard's data: one row per mentor, from a cached snapshot and the journal.

Page views never call the wiki: :class:`~mentorwatch.web.cache.DashboardCache` keeps the
latest state (snapshot, plan, rows) and refreshes it in the background; pages show the "as of"
time. Incremental refreshes are ``web/incremental.py``'s.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from mentorwatch.domain.facts import Flag
from mentorwatch.domain.planner import Action, Decision, Plan, plan
from mentorwatch.domain.snapshot import Snapshot
from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.service.snapshot import read_snapshot
from mentorwatch.store.journal import ActionRecord, Journal
from mentorwatch.web.dates import short_date
from mentorwatch.wiki.activity import ActivityReader
from mentorwatch.wiring import WikiConnection

STATUSES = ("active", "away", "warned", "to_remove", "flagged")
SORT_KEYS = ("name", "last_edit", "away_until", "weight", "mentees", "next", "status")

PAST = {
    "mark_away": "marked away",
    "renew_away": "away extended",
    "pause": "paused",
    "renew_pause": "pause extended",
    "resume": "resumed",
    "remove": "removed",
    "warn": "warned",
    "notify": "told",
    "away_notice": "told their away runs past removal",
    "undo_remove": "restored",
    "undo_mark_away": "away cleared",
    "self_away": "set away (by the mentor)",
    "self_back": "came back (by the mentor)",
}
FUTURE = {
    Action.MARK_AWAY: "marked away",
    Action.RENEW_AWAY: "away extended",
    Action.REMOVE: "removed",
    Action.RESUME: "resumed",
    Action.WARN: "warned",
    Action.AWAY_NOTICE: "told their away runs past removal",
}


@dataclass(frozen=True)
class Row:
    user_id: int
    username: str
    status: str
    last_edit_at: datetime | None
    days_inactive: float | None
    away_until: datetime | None
    weight: int
    mentees: int | None
    next_action: str  # "marked away on 3 Dec", "removed at the next run", ""
    next_action_at: datetime | None
    last_done: str  # "removed on 3 Dec"
    last_done_run: int | None
    reason: str
    flags: tuple[str, ...] = ()
    #: "exempt until 10 Jan 2027 (on leave)", "away runs past removal on 3 Dec"
    note: str = ""

    def user_page(self, index_url: str) -> str:
        return f"{index_url}?title={quote('User:' + self.username)}"

    def contributions(self, index_url: str) -> str:
        return f"{index_url}?title={quote('Special:Contributions/' + self.username)}"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("last_edit_at", "away_until", "next_action_at"):
            data[key] = format_timestamp(data[key]) if data[key] else None
        data["flags"] = list(self.flags)
        return data


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
            what = PAST.get(record.action, record.action.replace("_", " "))
            when = short_date(parse_timestamp(record.finished_at or record.started_at))
            outcome = "" if record.status == "done" else f" ({record.status})"
            last_done, last_run = f"{what} on {when}{outcome}", record.run_id
        next_text, next_at = _next(decision, snapshot.now)
        rows.append(
            Row(
                user_id=decision.user_id,
                username=decision.username,
                status=_status(decision, snapshot),
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
            )
        )
    return rows


def _note(decision: Decision, snapshot: Snapshot) -> str:
    """What an admin should see beside the status: the exemption, an away past removal."""
    notes = []
    exemption = snapshot.config.exemption(decision.username, snapshot.now)
    if exemption is not None:
        until = "no end date" if exemption.until is None else short_date(exemption.until)
        notes.append(f"exempt {'until ' if exemption.until else ''}{until} ({exemption.reason})")
    if Flag.AWAY_LONGER_THAN_REMOVAL in decision.flags:
        removal_on = decision.away_notice_removal_on or (
            decision.next_action_after if decision.next_action is Action.REMOVE else None
        )
        when = f" on {short_date(removal_on)}" if removal_on else ""
        notes.append(f"away runs past removal{when}")
    return "; ".join(notes)


FLAGGED = frozenset({"blocked", "no_activity_record", "future_activity"})


def _status(decision: Decision, snapshot: Snapshot) -> str:
    if any(flag.value in FLAGGED for flag in decision.flags):
        return "flagged"
    if decision.action is Action.REMOVE:
        return "to_remove"
    if decision.action is Action.WARN or decision.warned_at or decision.warn_removal_on:
        return "warned"
    away = decision.away_until_before
    if decision.paused or (away is not None and away > snapshot.now):
        return "away"
    if decision.action in (Action.MARK_AWAY, Action.RENEW_AWAY):
        return "away"
    return "active"


def _next(decision: Decision, now: datetime) -> tuple[str, datetime | None]:
    if decision.action is not Action.KEEP:
        what = FUTURE[decision.action]
        if decision.warn_removal_on is not None and decision.action is not Action.WARN:
            what += " and warned"
        return f"{what} at the next run", now
    if decision.next_action is not None and decision.next_action_after is not None:
        verb = FUTURE.get(decision.next_action, decision.next_action.value)
        if decision.next_action_by_upstream:
            verb += " by GrowthExperiments"
        return f"{verb} on {short_date(decision.next_action_after)}", decision.next_action_after
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
        return row.username.casefold()

    return sorted(rows, key=value, reverse=descending)


def filter_rows(rows: Iterable[Row], status: str | None) -> list[Row]:
    return [row for row in rows if not status or row.status == status]


def rows_to_csv(rows: Iterable[Row]) -> str:
    out = io.StringIO()
    columns = [
        "user_id",
        "username",
        "status",
        "last_edit_at",
        "days_inactive",
        "away_until",
        "weight",
        "mentees",
        "next_action",
        "next_action_at",
        "last_done",
        "reason",
        "note",
    ]
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: safe_cell(value) for key, value in row.as_json().items()})
    return out.getvalue()


#: what makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: wiki text starting like a formula gets a ``'``.

    User names and messages are wiki data (``=HYPERLINK(...)`` is a valid user name); only
    text is changed, numbers stay numbers.
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def inactivity_chart(rows: list[Row], away_days: int | None, removal_days: int | None) -> Markup:
    """An SVG histogram of days since the last edit, with the thresholds as vertical lines."""
    days = [row.days_inactive for row in rows if row.days_inactive is not None]
    top = max([*days, float(away_days or 0), float(removal_days or 0), 14.0]) * 1.05
    bins = 30
    width_days = top / bins
    counts = [0] * bins
    for value in days:
        counts[min(int(value / width_days), bins - 1)] += 1
    tallest = max(counts) or 1
    w, h, left, bottom = 640, 180, 36, 26
    plot_w, plot_h = w - left - 10, h - bottom - 10

    def x(day: float) -> float:
        return left + plot_w * day / top

    parts = [
        f'<svg class="chart" viewBox="0 0 {w} {h}" role="img" '
        f'aria-label="Days since last edit, {len(days)} mentors">',
        f"<title>Days since last edit across {len(days)} mentors</title>",
    ]
    bar_w = plot_w / bins
    for index, count in enumerate(counts):
        if not count:
            continue
        bar_h = plot_h * count / tallest
        lo, hi = index * width_days, (index + 1) * width_days
        parts.append(
            f'<rect x="{left + index * bar_w + 1:.1f}" y="{10 + plot_h - bar_h:.1f}" '
            f'width="{bar_w - 2:.1f}" height="{bar_h:.1f}" class="bar">'
            f"<title>{count} mentors, {lo:.0f} to {hi:.0f} days</title></rect>"
        )
    parts.append(
        f'<line x1="{left}" y1="{10 + plot_h}" x2="{w - 10}" y2="{10 + plot_h}" class="axis"/>'
    )
    for tick in range(0, int(top) + 1, max(1, int(top // 8) or 1)):
        parts.append(f'<text x="{x(tick):.1f}" y="{h - 8}" class="tick">{tick}</text>')
    for label, threshold, css in (
        ("away", away_days, "away"),
        ("removal", removal_days, "removal"),
    ):
        if threshold is None:
            continue
        parts.append(
            f'<line x1="{x(threshold):.1f}" y1="10" x2="{x(threshold):.1f}" '
            f'y2="{10 + plot_h}" class="threshold {css}"/>'
            f'<text x="{x(threshold) + 3:.1f}" y="22" class="threshold-label {css}">'
            f"{escape(label)} ({threshold} d)</text>"
        )
    parts.append(
        f'<text x="{w - 10}" y="{h - 8 - 12}" class="tick" text-anchor="end">'
        "days since last edit</text>"
    )
    parts.append("</svg>")
    return Markup("".join(parts))


@dataclass
class DashboardState:
    snapshot: Snapshot
    plan: Plan
    rows: list[Row]
    taken_at: datetime
    problems: tuple[str, ...] = ()
    mentees: Mapping[int, int] | None = None
    #: when the wiki was last read in full (an incremental refresh keeps it)
    full_at: datetime | None = None
    #: sort orders, counts and the chart, computed once per state (``web/listing.py``)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)


def state_from(
    snapshot: Snapshot,
    last_actions: Mapping[int, ActionRecord],
    taken_at: datetime,
    problems: tuple[str, ...] = (),
    mentees: Mapping[int, int] | None = None,
) -> DashboardState:
    decided = plan(snapshot)
    rows = build_rows(snapshot, decided, last_actions, mentees)
    return DashboardState(snapshot, decided, rows, taken_at, problems, mentees, taken_at)


def load_state(
    wiki: WikiConnection, journal: Journal, clock: Callable[[], datetime]
) -> DashboardState:
    """A fresh state: a snapshot of the wiki (with the journal's pauses and warnings), the
    mentee counts where the backend knows them, and the journal's last action per mentor."""
    backend = wiki.backend
    live = read_snapshot(
        backend,
        ActivityReader(wiki.client),
        journal,
        wiki=wiki.client.wiki_key,
        now=clock(),
        run_interval=timedelta(days=wiki.settings.run_interval_days),
    )
    mentees = None
    if backend.capabilities().has_mentees:
        counts = backend.mentee_counts([m.username for m in live.snapshot.mentors])
        mentees = {m.user_id: counts.get(m.username, 0) for m in live.snapshot.mentors}
    return state_from(
        live.snapshot, journal.last_actions(wiki.client.wiki_key), clock(), live.problems, mentees
    )

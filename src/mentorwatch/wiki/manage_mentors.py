"""Reading mentors' away from Special:ManageMentors (GrowthExperiments REL1_40-REL1_44).

There a mentor's away is a private preference: ``list=growthmentorlist`` does not show it and
no API returns another mentor's away. The special page does, and it is includable, so
``action=parse`` of ``{{Special:ManageMentors}}`` with ``uselang=qqx`` renders its tables
read-only with message keys instead of localized text (robust to the wiki's language).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any

from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.domain.wording import plural
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import ApiError

log = logging.getLogger(__name__)

#: Special:ManageMentors is includable: rendered read-only (no buttons) by action=parse
MANAGE_MENTORS = "{{Special:ManageMentors}}"
STATUS_AWAY = "(growthexperiments-manage-mentors-status-away-until"
STATUS_ACTIVE = "(growthexperiments-mentor-dashboard-mentor-tools-mentor-status-active)"
STATUS_HEADER = "(growthexperiments-manage-mentors-status)"
NO_MENTORS = "(growthexperiments-manage-mentors-none)"


@dataclass(frozen=True)
class MentorStatus:
    """A mentor's status on Special:ManageMentors."""

    #: False: shown as blocked/locked (which hides any away) or in a form not understood
    known: bool
    away_until: datetime | None = None


class _StatusCells(HTMLParser):
    """The rows of Special:ManageMentors' tables: each cell's ``data-sort-value`` and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[tuple[str | None, str]]] = []
        self._cell: list[str] | None = None
        self._sort: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag == "td" and self.rows:
            self._cell, self._sort = [], dict(attrs).get("data-sort-value")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" and self._cell is not None and self.rows:
            self.rows[-1].append((self._sort, "".join(self._cell).strip()))
            self._cell = None

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def parse_manage_mentors(html: str) -> dict[str, MentorStatus] | None:
    """Statuses by mentor name from Special:ManageMentors rendered with ``uselang=qqx``
    (None: not the page this was written for, REL1_43's markup).

    Each row: #, user (``data-sort-value`` = name), last active, weight, status, message. The
    status cell's ``data-sort-value`` is the back time in Unix seconds when away, -1 when
    active, PHP_INT_MAX when blocked or locked; its text is the message key."""
    cells = _StatusCells()
    cells.feed(html)
    text = "".join(cells.text)
    if STATUS_HEADER not in text and text.count(NO_MENTORS) < 2:
        return None
    statuses: dict[str, MentorStatus] = {}
    for row in cells.rows:
        if len(row) < 6 or not row[1][0]:
            continue
        name = str(row[1][0])
        sort, label = row[4]
        if label.startswith(STATUS_AWAY) and sort is not None and sort.lstrip("-").isdigit():
            statuses[name] = MentorStatus(True, datetime.fromtimestamp(int(sort), UTC))
        elif label == STATUS_ACTIVE:
            statuses[name] = MentorStatus(True)
        else:
            statuses[name] = MentorStatus(False)
    return statuses


def read_manage_mentors(client: MediaWikiClient) -> dict[str, MentorStatus] | None:
    """Each listed mentor's status as Special:ManageMentors shows it (None: unreadable)."""
    try:
        result = client.get(
            action="parse",
            text=MANAGE_MENTORS,
            contentmodel="wikitext",
            prop="text",
            disablelimitreport=1,
            uselang="qqx",
        )
    except ApiError as error:
        log.warning("Special:ManageMentors could not be rendered: %s", error)
        return None
    return parse_manage_mentors(str(result.get("parse", {}).get("text", "")))


def user_names(client: MediaWikiClient, entries: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """User names by id: from the entries (``list=growthmentorlist``), else ``list=users``."""
    names = {key: str(e["username"]) for key, e in entries.items() if e.get("username")}
    missing = [key for key in entries if key not in names]
    for start in range(0, len(missing), 50):
        result = client.get(
            action="query", list="users", ususerids="|".join(missing[start : start + 50])
        )
        for user in result.get("query", {}).get("users", []):
            if "userid" in user and "name" in user:
                names[str(user["userid"])] = str(user["name"])
    return names


def with_away(
    entries: Mapping[str, Mapping[str, Any]],
    statuses: Mapping[str, MentorStatus] | None,
    names: Mapping[str, str],
    now: datetime,
) -> tuple[dict[str, dict[str, Any]], frozenset[str]]:
    """The entries with ``awayTimestamp`` for mentors away after ``now``, and the ids of those
    whose away cannot be seen (the page unreadable, the mentor blocked or not shown)."""
    unknown: set[str] = set()
    filled: dict[str, dict[str, Any]] = {}
    for key, entry in entries.items():
        status = None if statuses is None else statuses.get(names.get(key, ""))
        filled[key] = dict(entry)
        if status is None or not status.known:
            unknown.add(key)
        elif status.away_until is not None and status.away_until > now:
            filled[key]["awayTimestamp"] = format_timestamp(status.away_until)
    return filled, frozenset(unknown)


def log_unknown_away(unknown: frozenset[str], names: Mapping[str, str]) -> None:
    """Say whose away cannot be read (the reader says it once per run, not once per read)."""
    log.warning(
        "the away status of %s cannot be read from Special:ManageMentors: %s",
        plural(len(unknown), "mentor"),
        ", ".join(sorted(names.get(key, f"#{key}") for key in unknown)),
    )

"""Dates as a wiki user sees them: their date format preference, and "12 days ago"."""

from __future__ import annotations

from datetime import datetime

from mentorwatch.domain.timeutil import SECONDS_PER_DAY

#: MediaWiki's ``date`` user option is one of dmy, mdy, ymd, ISO 8601 or default.
DEFAULT_FORMAT = "dmy"


def format_date(moment: datetime, preference: str = DEFAULT_FORMAT) -> str:
    """The date in the user's wiki format: '3 December 2026', 'December 3, 2026', ..."""
    month = f"{moment:%B}"
    if preference == "mdy":
        return f"{month} {moment.day}, {moment.year}"
    if preference == "ymd":
        return f"{moment.year} {month} {moment.day}"
    if preference == "ISO 8601":
        return f"{moment:%Y-%m-%d}"
    return f"{moment.day} {month} {moment.year}"


def short_date(moment: datetime) -> str:
    """'3 Dec' (the dashboard's planned actions)."""
    return f"{moment.day} {moment:%b}"


def relative(moment: datetime | None, now: datetime) -> str:
    """'today', 'yesterday', '12 days ago', '3 months ago'; 'never'."""
    if moment is None:
        return "never"
    days = (now - moment).total_seconds() / SECONDS_PER_DAY
    if days < 0:
        return "in the future"
    if days < 1:
        return "today"
    if days < 2:
        return "yesterday"
    if days < 60:
        return f"{int(days)} days ago"
    if days < 730:
        return f"{int(days // 30)} months ago"
    return f"{int(days // 365)} years ago"

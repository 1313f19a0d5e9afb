"""Timestamps at the edge: MediaWiki's 14-digit and ISO 8601 forms to aware UTC datetimes.

Everything inside mentorwatch is a timezone-aware UTC ``datetime``; strings only exist
in files and on the wire.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from mentorwatch.errors import InvalidInput

DAY = timedelta(days=1)
SECONDS_PER_DAY = 86400
#: the earliest and latest moments a datetime holds: date arithmetic stops there
EARLIEST = datetime.min.replace(tzinfo=UTC)
LATEST = datetime.max.replace(tzinfo=UTC)

_MW_TIMESTAMP = re.compile(r"^\d{14}$")


class TimestampError(InvalidInput):
    """A string that is not a timestamp mentorwatch understands."""


def parse_timestamp(value: str) -> datetime:
    """Parse ISO 8601 (with ``Z`` or an offset) or MediaWiki's ``YYYYMMDDHHMMSS`` (UTC).

    A naive ISO value (no offset) is refused rather than guessed: wiki timestamps are UTC,
    and a local time silently taken as UTC would shift every decision.
    """
    text = value.strip()
    if _MW_TIMESTAMP.match(text):
        try:
            return datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=UTC)
        except ValueError as error:
            raise TimestampError(f"{value!r} is not a valid MediaWiki timestamp") from error
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError as error:
        raise TimestampError(
            f"{value!r} is not a timestamp; use ISO 8601 UTC such as 2026-11-25T12:00:00Z"
        ) from error
    if parsed.tzinfo is None:
        raise TimestampError(f"{value!r} has no time zone; add Z for UTC, e.g. {text}Z")
    return parsed.astimezone(UTC)


def format_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, seconds precision: the form GrowthExperiments writes
    (four-digit years, so year 1 reads back too)."""
    utc = require_utc(moment)
    return f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc:%H:%M:%S}Z"


def shifted(moment: datetime, by: timedelta) -> datetime:
    """``moment + by``, held at :data:`EARLIEST` or :data:`LATEST` instead of overflowing: an
    edit dated in year 9999, or a date MediaWiki gives at its edges, plus N days is still a
    moment (the latest one), never an ``OverflowError`` that ends a whole run."""
    try:
        return moment + by
    except OverflowError:
        return LATEST if by > timedelta(0) else EARLIEST


def days(count: float) -> timedelta:
    """``count`` days, held within what a timedelta holds."""
    most = timedelta.max.days
    return timedelta(days=min(max(count, -most), most))


def require_utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; a naive datetime is a programming error."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: mentorwatch works with timezone-aware UTC only")
    return moment.astimezone(UTC)


def plural_days(count: int) -> str:
    """``1 day``, ``2 days``: upstream's summaries say "1 days" (``MentorListCleaner``)."""
    return f"{count} day" if count == 1 else f"{count} days"  # domain/wording.py, for days

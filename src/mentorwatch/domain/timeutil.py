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
    """ISO 8601 in UTC with a ``Z``, seconds precision: the form GrowthExperiments writes."""
    return require_utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def require_utc(moment: datetime) -> datetime:
    """Return ``moment`` in UTC; a naive datetime is a programming error."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: mentorwatch works with timezone-aware UTC only")
    return moment.astimezone(UTC)


def plural_days(count: int) -> str:
    """``1 day``, ``2 days``: upstream's summaries say "1 days" (``MentorListCleaner``)."""
    return f"{count} day" if count == 1 else f"{count} days"

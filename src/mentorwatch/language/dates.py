"""Moments as a reader of a language expects them (CLDR's formats, through Babel)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from babel.dates import format_date, format_datetime

from mentorwatch.domain.timeutil import require_utc
from mentorwatch.language.catalogue import babel_code


def long_date(moment: datetime, language: str, offset: timedelta = timedelta(0)) -> str:
    """The day in the language (``2 December 2026``, ``2026년 12월 2일``), at ``offset``
    from UTC (a reader's time zone)."""
    local = require_utc(moment).astimezone(timezone(offset))
    return format_date(local.date(), format="long", locale=babel_code(language))


def date_and_time(moment: datetime, language: str, offset: timedelta = timedelta(0)) -> str:
    """The day and the time of day, in the language, at ``offset`` from UTC."""
    local = require_utc(moment).astimezone(timezone(offset))
    return format_datetime(local, format="medium", tzinfo=local.tzinfo, locale=babel_code(language))

"""Dates as a wiki user sees them: in their language, their date format and time zone
preferences (``date`` and ``timecorrection``, read from the wiki at sign-in), and "12 days
ago" with the plural forms of their language (the catalogue's messages)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date as babel_date
from babel.dates import format_skeleton, format_time

from mentorwatch.domain.message import Message
from mentorwatch.domain.timeutil import SECONDS_PER_DAY, require_utc
from mentorwatch.language.catalogue import Style, babel_code, catalogue

#: MediaWiki's ``date`` user option is one of dmy, mdy, ymd, ISO 8601 or default.
DEFAULT_FORMAT = "dmy"

#: the CLDR pattern of each of MediaWiki's date formats, in languages other than English
PATTERNS = {"dmy": "d MMMM y", "mdy": "MMMM d, y", "ymd": "y MMMM d", "ISO 8601": "yyyy-MM-dd"}


def short_date(moment: datetime, language: str = "en") -> str:
    """The day, short (the dashboard's past and planned actions): '3 Dec' in English, the
    language's own day and abbreviated month elsewhere ('12월 3일', '3 дек.', '3. Dez.'); the
    day in UTC, as the run that acts on it counts days."""
    if language.split("-")[0] == "en":
        return f"{moment.day} {moment:%b}"
    return format_skeleton("MMMd", moment, locale=babel_code(language))


def format_date(moment: datetime, preference: str = DEFAULT_FORMAT, language: str = "en") -> str:
    """The date in the user's wiki format and language: '3 December 2026',
    'December 3, 2026', '2026-12-03'; in other languages than English the language's own long
    date ('2026년 12월 3일', '3. Dezember 2026') unless ISO 8601 is chosen, as MediaWiki's
    translations of those languages offer only their own form and ISO 8601."""
    if language.split("-")[0] != "en":
        pattern = "yyyy-MM-dd" if preference == "ISO 8601" else "long"
        return babel_date(moment.date(), format=pattern, locale=babel_code(language))
    month = f"{moment:%B}"
    if preference == "mdy":
        return f"{month} {moment.day}, {moment.year}"
    if preference == "ymd":
        return f"{moment.year} {month} {moment.day}"
    if preference == "ISO 8601":
        return f"{moment:%Y-%m-%d}"
    return f"{moment.day} {month} {moment.year}"


def time_zone(correction: str, wiki_offset_minutes: int = 0) -> tzinfo:
    """The zone of MediaWiki's ``timecorrection`` option: ``ZoneInfo|540|Asia/Seoul`` (the
    zone, or its offset where this machine lacks the zone), ``Offset|-300``, or ``System|0``
    (the wiki's own zone, ``wiki_offset_minutes`` from siteinfo's ``timeoffset``)."""
    kind, _, rest = correction.partition("|")
    minutes_text, _, name = rest.partition("|")
    try:
        minutes = int(minutes_text)
    except ValueError:
        minutes = wiki_offset_minutes
    if kind == "ZoneInfo" and name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    if kind == "System" or kind not in ("ZoneInfo", "Offset"):
        minutes = wiki_offset_minutes
    return UTC if minutes == 0 else timezone(timedelta(minutes=minutes))


@dataclass(frozen=True)
class ReaderDates:
    """How one reader's pages show moments."""

    language: str = "en"
    preference: str = "default"
    zone: tzinfo = UTC

    def local(self, moment: datetime) -> datetime:
        return require_utc(moment).astimezone(self.zone)

    def date(self, moment: datetime) -> str:
        return format_date(self.local(moment), self.preference, self.language)

    def time(self, moment: datetime) -> str:
        """The time of day, in the reader's zone, as their language writes it ('09:05')."""
        return format_time(self.local(moment), format="HH:mm", locale=babel_code(self.language))

    def date_time(self, moment: datetime, _language: str = "") -> str:
        """The date, the time of day and the zone (a message's moment parameter on a page):
        '3 December 2026 09:05 UTC', '2026년 12월 3일 18:05 KST'."""
        return f"{self.date(moment)} {self.time(moment)} {self.local(moment).tzname()}"


def relative_message(moment: datetime | None, now: datetime) -> Message:
    """'today', 'yesterday', '12 days ago', '3 months ago'; 'never', as a message."""
    if moment is None:
        return Message.of("mentorwatch-web-time-never")
    days = (now - moment).total_seconds() / SECONDS_PER_DAY
    if days < 0:
        return Message.of("mentorwatch-web-time-future")
    if days < 1:
        return Message.of("mentorwatch-web-time-today")
    if days < 2:
        return Message.of("mentorwatch-web-time-yesterday")
    if days < 60:
        return Message.of("mentorwatch-web-time-days-ago", num_days=int(days))
    if days < 730:
        return Message.of("mentorwatch-web-time-months-ago", num_months=int(days // 30))
    return Message.of("mentorwatch-web-time-years-ago", num_years=int(days // 365))


def relative(moment: datetime | None, now: datetime, language: str = "en") -> str:
    """:func:`relative_message` as plain text in ``language``."""
    return catalogue().text(relative_message(moment, now), Style(language))

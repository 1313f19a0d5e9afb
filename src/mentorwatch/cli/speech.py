"""What the command line says to the operator, in the operator's language: catalogue messages
as plain text, moments as ISO 8601 UTC (as every command's output shows them); the away
verdict of ``away check``."""

from __future__ import annotations

from datetime import datetime

from mentorwatch.cli.render import lines_text
from mentorwatch.domain.away import AwayVerdict
from mentorwatch.domain.message import Message
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.language.catalogue import Style, catalogue

#: the operator's language (English until chosen: ``--lang``, ``MENTORWATCH_LANG``, the locale)
LANGUAGE = "en"


def said(message: Message) -> str:
    """``message`` as plain text in the operator's language."""
    return catalogue().text(message, Style(LANGUAGE))


def verdict_to_text(verdict: AwayVerdict, now: datetime) -> str:
    """``away check``: allowed, or refused with the latest date that would be."""
    if verdict.allowed:
        return lines_text([f"allowed: {said(verdict.message)}"])
    latest = format_timestamp(verdict.latest_allowed)
    return lines_text(
        [
            f"refused: {said(verdict.message)}",
            f"  (now {format_timestamp(now)}; latest allowed {latest})",
        ]
    )

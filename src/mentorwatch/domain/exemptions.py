"""Exemptions: mentors the rules never mark away or remove automatically (the rules page).

``"Exemptions": [{"mentor": "Name", "reason": "...", "until": "2027-01-10T00:00:00Z"}]``
(parsed with the rest of the page by :mod:`mentorwatch.domain.config.parse`); ``until`` may be
``null`` (no end). An exemption is in force while ``now < until``; an expired one does
nothing. ``undo`` adds a time-limited one, so the next run does not redo what was undone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorwatch.domain.timeutil import format_timestamp


@dataclass(frozen=True)
class Exemption:
    mentor: str
    reason: str
    until: datetime | None = None

    def in_force(self, now: datetime) -> bool:
        return self.until is None or now < self.until

    def describe(self) -> str:
        """'exempt until 2027-01-10T00:00:00Z: <reason>' (or 'exempt (no end date)')."""
        when = "no end date" if self.until is None else f"until {format_timestamp(self.until)}"
        return f"exempt ({when}): {self.reason}"

    def to_json(self) -> dict[str, Any]:
        until = None if self.until is None else format_timestamp(self.until)
        return {"mentor": self.mentor, "reason": self.reason, "until": until}


def same_user(a: str, b: str) -> bool:
    """User names as MediaWiki compares them: first letter case-folded, ``_`` is a space."""
    return canonical_name(a) == canonical_name(b)


def canonical_name(name: str) -> str:
    text = " ".join(name.replace("_", " ").split())
    return text[:1].upper() + text[1:]


def exemption_for(
    exemptions: Sequence[Exemption], username: str, now: datetime
) -> Exemption | None:
    """The exemption in force for ``username`` at ``now``, if any."""
    for exemption in exemptions:
        if same_user(exemption.mentor, username) and exemption.in_force(now):
            return exemption
    return None


def with_exemption(exemptions: Sequence[Exemption], added: Exemption) -> tuple[Exemption, ...]:
    """The list with ``added`` replacing any exemption of the same mentor."""
    kept = [e for e in exemptions if not same_user(e.mentor, added.mentor)]
    return (*kept, added)

"""Exemptions: mentors the rules never mark away or remove automatically (the rules page).

``"Exemptions": [{"mentor": "Name", "reason": "...", "until": "2027-01-10T00:00:00Z"}]``
(parsed with the rest of the page by :mod:`mentorwatch.domain.config.parse`); ``until`` may be
``null`` (no end). An exemption is in force while ``now < until``; an expired one does
nothing. ``undo`` adds a time-limited one, so the next run does not redo what was undone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorwatch.domain.message import JOIN_COMMA, NAMES_MORE, Message, joined
from mentorwatch.domain.names import canonical_name, same_user
from mentorwatch.domain.timeutil import format_timestamp


@dataclass(frozen=True)
class Exemption:
    mentor: str
    reason: str
    until: datetime | None = None

    def in_force(self, now: datetime) -> bool:
        return self.until is None or now < self.until

    def expired(self, now: datetime) -> bool:
        """Its end date has passed: it does nothing any more (shown as expired)."""
        return not self.in_force(now)

    def describe(self) -> Message:
        """'exempt (until 2027-01-10T00:00:00Z): <reason>' (or 'exempt (no end date): ...')."""
        when = (
            Message("mentorwatch-exemption-no-end")
            if self.until is None
            else Message.of("mentorwatch-exemption-until", until=format_timestamp(self.until))
        )
        return Message.of("mentorwatch-exemption", when=when, reason=self.reason)

    def to_json(self) -> dict[str, Any]:
        until = None if self.until is None else format_timestamp(self.until)
        return {"mentor": self.mentor, "reason": self.reason, "until": until}


def index_by_name(exemptions: Iterable[Exemption]) -> dict[str, Exemption]:
    """Each mentor's exemption by canonical name (the first, as the rules page keeps one per
    mentor): made once, each lookup then costs the same whatever the list's length."""
    index: dict[str, Exemption] = {}
    for exemption in exemptions:
        index.setdefault(canonical_name(exemption.mentor), exemption)
    return index


def with_exemption(exemptions: Sequence[Exemption], added: Exemption) -> tuple[Exemption, ...]:
    """The list with ``added`` replacing any exemption of the same mentor."""
    kept = [e for e in exemptions if not same_user(e.mentor, added.mentor)]
    return (*kept, added)


#: at most this many exemptions are named in one note (the rest are counted)
NAMED_IN_A_NOTE = 5


def exemption_notes(
    exemptions: Sequence[Exemption], mentor_names: Iterable[str], now: datetime
) -> list[Message]:
    """What a plan says about exemptions that do nothing: naming nobody on the mentor list
    (a misspelt name, a former mentor), or past their end date (expired)."""
    listed = {canonical_name(name) for name in mentor_names}
    nobody = [e.mentor for e in exemptions if canonical_name(e.mentor) not in listed]
    expired = [e for e in exemptions if canonical_name(e.mentor) in listed and e.expired(now)]
    notes = []
    if nobody:
        notes.append(
            Message.of("mentorwatch-exemption-nobody", names=_some(nobody), num_names=len(nobody))
        )
    if expired:
        shown: list[Message | str] = [
            Message.of(
                "mentorwatch-exemption-ended", mentor=e.mentor, ended=format_timestamp(e.until)
            )
            for e in expired
            if e.until
        ]
        notes.append(Message.of("mentorwatch-exemption-expired", names=_some(shown)))
    return notes


def _some(names: Sequence[Message | str]) -> Message | str:
    """The first names of a note (comma-separated) and how many more there are."""
    shown = joined(names[:NAMED_IN_A_NOTE], JOIN_COMMA)
    more = len(names) - NAMED_IN_A_NOTE
    return Message.of(NAMES_MORE, names=shown, more=more) if more > 0 else shown

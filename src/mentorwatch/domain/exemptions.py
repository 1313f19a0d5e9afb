"""Exemptions: mentors the rules never mark away or remove automatically (the rules page).

``"Exemptions": [{"mentor": "Name", "reason": "...", "until": "2027-01-10T00:00:00Z"}]``;
``until`` may be ``null`` (no end). An exemption is in force while ``now < until``; an expired
one does nothing. ``undo`` adds a time-limited one, so the next run does not redo what was
undone.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorwatch.domain.config_fields import MAX_TEXT, ConfigProblem
from mentorwatch.domain.timeutil import TimestampError, format_timestamp, parse_timestamp

_EXEMPTION_KEYS = ("mentor", "reason", "until")


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


def parse_exemptions(key: str, value: object) -> tuple[tuple[Exemption, ...], list[ConfigProblem]]:
    """The exemptions list, and every problem found (each naming ``key[index].field``)."""
    if not isinstance(value, list):
        return (), [
            ConfigProblem(
                key,
                'expected a list of {"mentor": "Name", "reason": "...", "until": '
                '"2027-01-10T00:00:00Z" or null}',
            )
        ]
    found: list[Exemption] = []
    problems: list[ConfigProblem] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(value):
        where = f"{key}[{index}]"
        exemption = _parse_one(where, item, problems)
        if exemption is None:
            continue
        name = canonical_name(exemption.mentor)
        if name in seen:
            problems.append(
                ConfigProblem(
                    f"{where}.mentor",
                    f"{exemption.mentor} is already exempted at {key}[{seen[name]}]; keep one "
                    "entry per mentor.",
                )
            )
            continue
        seen[name] = index
        found.append(exemption)
    return tuple(found), problems


def _parse_one(where: str, item: object, problems: list[ConfigProblem]) -> Exemption | None:
    if not isinstance(item, Mapping):
        problems.append(
            ConfigProblem(where, 'expected {"mentor": "Name", "reason": "...", "until": ...}')
        )
        return None
    before = len(problems)
    for extra in sorted(set(item) - set(_EXEMPTION_KEYS)):
        problems.append(
            ConfigProblem(f"{where}.{extra}", "unknown field; use mentor, reason and until.")
        )
    mentor, reason = item.get("mentor"), item.get("reason")
    if not isinstance(mentor, str) or not mentor.strip():
        problems.append(ConfigProblem(f"{where}.mentor", "required: the mentor's user name."))
    if not isinstance(reason, str) or not reason.strip():
        problems.append(
            ConfigProblem(f"{where}.reason", "required: why the mentor is exempt (shown in plans).")
        )
    elif len(reason) > MAX_TEXT:
        problems.append(ConfigProblem(f"{where}.reason", f"shorten it to {MAX_TEXT} characters."))
    until = _until(where, item.get("until"), problems)
    if len(problems) > before:
        return None
    assert isinstance(mentor, str) and isinstance(reason, str)
    return Exemption(" ".join(mentor.split()), reason.strip(), until)


def _until(where: str, value: object, problems: list[ConfigProblem]) -> datetime | None:
    if value is None:
        return None
    fix = "use an ISO 8601 UTC time such as 2027-01-10T00:00:00Z, or null for no end date."
    if not isinstance(value, str) or not value.strip().upper().endswith("Z"):
        problems.append(ConfigProblem(f"{where}.until", f"{value!r} is not allowed; {fix}"))
        return None
    try:
        return parse_timestamp(value)
    except TimestampError:
        problems.append(ConfigProblem(f"{where}.until", f"{value!r} is not allowed; {fix}"))
        return None

"""Mentors and the ``MediaWiki:GrowthMentors.json`` codec (GrowthExperiments `MentorListSchema`).

The list is ``{"Mentors": {"<user id>": {"username", "message", "weight", "awayTimestamp"}}}``.
Readers key on the user id; ``weight`` is 0 (manual only), 1, 2 (the default) or 4;
a legacy ``"automaticallyAssigned": false`` means weight 0 whatever ``weight`` says.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from mentorwatch.domain.timeutil import TimestampError, format_timestamp, parse_timestamp
from mentorwatch.errors import InvalidInput

WEIGHT_NONE = 0
WEIGHT_LOW = 1
WEIGHT_NORMAL = 2
WEIGHT_HIGH = 4
WEIGHTS = (WEIGHT_NONE, WEIGHT_LOW, WEIGHT_NORMAL, WEIGHT_HIGH)


@dataclass(frozen=True)
class Mentor:
    """One entry of the mentor list."""

    user_id: int
    username: str
    message: str | None = None
    weight: int = WEIGHT_NORMAL
    away_until: datetime | None = None

    @property
    def auto_assigned(self) -> bool:
        """Upstream's "automatically assigned": any weight but 0."""
        return self.weight != WEIGHT_NONE

    def is_away(self, now: datetime) -> bool:
        """Away while ``now <= away_until`` (``MentorStatusManager::parseBackTimestamp``)."""
        return self.away_until is not None and now <= self.away_until


@dataclass(frozen=True)
class Pause:
    """Automatic assignment paused by mentorwatch instead of marking away.

    GrowthExperiments REL1_39 keeps away in the mentor's own preference, which no admin API can
    set, so there mentorwatch stops automatic assignment (weight 0) until ``until`` and restores
    ``previous_weight`` when the mentor is active again. The pause lives in mentorwatch's journal.
    """

    previous_weight: int
    until: datetime


class MentorListError(InvalidInput):
    """A mentor list entry that cannot be read; ``path`` names the place in the document."""

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.detail = message
        super().__init__(f"{path}: {message}")


def decode_mentor_list(
    document: object, path: str = "Mentors", names: Mapping[int, str] | None = None
) -> list[Mentor]:
    """Read a GrowthMentors.json document (``{"Mentors": {...}}``) into mentors, in page order.

    Entries written by GrowthExperiments REL1_39 carry no ``username``; ``names`` (user id to
    current name, from ``list=users``) fills it in, and wins over a stale stored name.
    """
    if not isinstance(document, Mapping):
        raise MentorListError(path, 'expected an object such as {"Mentors": {}}')
    entries = document.get("Mentors", {})
    if isinstance(entries, list) and not entries:
        entries = {}  # PHP's json encoder writes an empty object as []
    if not isinstance(entries, Mapping):
        raise MentorListError(f"{path}.Mentors", "expected an object keyed by user id")
    return [
        decode_mentor(key, entry, f"{path}.Mentors.{key}", names) for key, entry in entries.items()
    ]


def decode_mentor(
    key: object, entry: object, path: str, names: Mapping[int, str] | None = None
) -> Mentor:
    """Read one ``"<user id>": {...}`` entry."""
    if not isinstance(key, str) or not key.isdigit():
        raise MentorListError(path, "the key must be the mentor's numeric user id")
    if not isinstance(entry, Mapping):
        raise MentorListError(path, "expected an object with username, message and weight")
    username = entry.get("username")
    if names is not None and int(key) in names:
        username = names[int(key)]
    if not isinstance(username, str) or not username:
        raise MentorListError(f"{path}.username", "expected the mentor's user name")
    message = entry.get("message")
    if message is not None and not isinstance(message, str):
        raise MentorListError(f"{path}.message", "expected a string or null")
    weight = entry.get("weight", WEIGHT_NORMAL)
    if isinstance(weight, bool) or weight not in WEIGHTS:
        raise MentorListError(
            f"{path}.weight", f"{weight!r} is not a weight; use one of 0, 1, 2, 4"
        )
    assigned = entry.get("automaticallyAssigned", True)
    if not isinstance(assigned, bool):
        raise MentorListError(f"{path}.automaticallyAssigned", "expected true or false")
    if not assigned:
        weight = WEIGHT_NONE
    away_until = None
    raw_away = entry.get("awayTimestamp")
    if raw_away is not None:
        if not isinstance(raw_away, str):
            raise MentorListError(f"{path}.awayTimestamp", "expected an ISO 8601 timestamp")
        try:
            away_until = parse_timestamp(raw_away)
        except TimestampError as error:
            raise MentorListError(f"{path}.awayTimestamp", str(error)) from error
    return Mentor(int(key), username, message or None, int(weight), away_until)


def encode_mentor(mentor: Mentor) -> dict[str, Any]:
    """An entry as ``CommunityStructuredMentorWriter`` writes it: ``awayTimestamp`` if set."""
    entry: dict[str, Any] = {
        "username": mentor.username,
        "message": mentor.message,
        "weight": mentor.weight,
    }
    if mentor.away_until is not None:
        entry["awayTimestamp"] = format_timestamp(mentor.away_until)
    return entry


def encode_mentor_list(mentors: list[Mentor]) -> dict[str, Any]:
    return {"Mentors": {str(mentor.user_id): encode_mentor(mentor) for mentor in mentors}}

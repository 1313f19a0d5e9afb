"""GrowthExperiments' own cleaner (master): its four community settings, as it reads them.

Only where the wiki's GrowthExperiments has the cleaner's code are these keys upstream's rules
(``/work/shared/reference/growthexperiments.md`` §1): away after A days, removal after R days,
both counted like mentorwatch counts (last live edit, else registration; strict ``>``). Where a
rule of upstream's is on, mentorwatch makes no list write for that action and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mentorwatch.domain.message import JOIN_COMMA, Message, joined
from mentorwatch.errors import InvalidInput

UPSTREAM_AWAY_ENABLED = "GEMentorshipShouldBeAutoawayed"
UPSTREAM_AWAY_DAYS = "GEMentorshipAutoawayedAfterDays"
UPSTREAM_REMOVE_ENABLED = "GEMentorshipShouldBeAutoremoved"
UPSTREAM_REMOVE_DAYS = "GEMentorshipAutoremovedAfterDays"
UPSTREAM_KEYS = (
    UPSTREAM_AWAY_ENABLED,
    UPSTREAM_AWAY_DAYS,
    UPSTREAM_REMOVE_ENABLED,
    UPSTREAM_REMOVE_DAYS,
)
#: upstream's schema defaults (MentorshipSchema.php)
UPSTREAM_DEFAULT_AWAY_DAYS = 10
UPSTREAM_DEFAULT_REMOVE_DAYS = 90


class UpstreamError(InvalidInput):
    """Upstream's settings cannot be read (a snapshot's ``upstream`` is malformed)."""


@dataclass(frozen=True)
class UpstreamRules:
    """GrowthExperiments' cleaner settings."""

    away_enabled: bool = False
    away_days: int = UPSTREAM_DEFAULT_AWAY_DAYS
    remove_enabled: bool = False
    remove_days: int = UPSTREAM_DEFAULT_REMOVE_DAYS

    @property
    def any_enabled(self) -> bool:
        return self.away_enabled or self.remove_enabled

    def to_json(self) -> dict[str, Any]:
        return {
            UPSTREAM_AWAY_ENABLED: self.away_enabled,
            UPSTREAM_AWAY_DAYS: self.away_days,
            UPSTREAM_REMOVE_ENABLED: self.remove_enabled,
            UPSTREAM_REMOVE_DAYS: self.remove_days,
        }

    def describe(self) -> Message:
        """Such as 'away after 10 days, removal after 90 days', or 'off'."""
        parts = []
        if self.away_enabled:
            parts.append(Message.of("mentorwatch-upstream-away-after", num_days=self.away_days))
        if self.remove_enabled:
            parts.append(
                Message.of("mentorwatch-upstream-removal-after", num_days=self.remove_days)
            )
        return joined(parts, JOIN_COMMA) if parts else Message("mentorwatch-upstream-off")


def upstream_from_config(data: Mapping[str, Any]) -> UpstreamRules:
    """Upstream's rules from its configuration, cast as upstream casts them (``(bool)``,
    ``(int)``; ``ActionFactory``), missing keys at its schema's defaults."""

    def days(key: str, default: int) -> int:
        value = data.get(key, default)
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    return UpstreamRules(
        away_enabled=bool(data.get(UPSTREAM_AWAY_ENABLED, False)),
        away_days=days(UPSTREAM_AWAY_DAYS, UPSTREAM_DEFAULT_AWAY_DAYS),
        remove_enabled=bool(data.get(UPSTREAM_REMOVE_ENABLED, False)),
        remove_days=days(UPSTREAM_REMOVE_DAYS, UPSTREAM_DEFAULT_REMOVE_DAYS),
    )


def decode_upstream(data: object) -> UpstreamRules | None:
    """A snapshot's ``upstream`` (null: the wiki has no cleaner), strictly typed."""
    if data is None:
        return None
    if not isinstance(data, Mapping):
        raise UpstreamError("expected null or an object of GrowthExperiments' cleaner settings")
    for key in data:
        if key not in UPSTREAM_KEYS:
            raise UpstreamError(f"{key}: unknown key; use " + ", ".join(UPSTREAM_KEYS))
    for key in (UPSTREAM_AWAY_ENABLED, UPSTREAM_REMOVE_ENABLED):
        if not isinstance(data.get(key, False), bool):
            raise UpstreamError(f"{key}: expected true or false")
    for key in (UPSTREAM_AWAY_DAYS, UPSTREAM_REMOVE_DAYS):
        value = data.get(key, 0)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise UpstreamError(f"{key}: expected a whole number of days, 0 or more")
    return upstream_from_config(data)

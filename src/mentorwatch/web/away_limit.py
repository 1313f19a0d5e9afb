"""What the away page tells a mentor before they save, and the save made on their behalf
where the wiki does not let them edit their own entry."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.notices import human_date
from mentorwatch.domain.timeutil import DAY, TimestampError, parse_timestamp
from mentorwatch.service.rules import read_rules
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.growth_features import GrowthFeatures
from mentorwatch.wiki.mentorlist import MentorListBackend


def away_rules(backend: MentorListBackend) -> CommunityConfig:
    """The rules a self-set away follows: the rules page's (or the legacy page's, with its
    note, as runs read them), with GrowthExperiments' own removal where it is on and sooner."""
    rules = read_rules(backend)
    config, upstream = rules.config, rules.upstream
    sooner = upstream is not None and (
        not config.autoremove_enabled or upstream.remove_days < config.autoremove_after_days
    )
    if upstream is not None and upstream.remove_enabled and sooner:
        config = replace(
            config, autoremove_enabled=True, autoremove_after_days=upstream.remove_days
        )
    return config


def last_edit(client: MediaWikiClient, username: str) -> datetime | None:
    """The mentor's last edit (None: none found, or the wiki did not say)."""
    try:
        result = client.get(
            action="query", list="usercontribs", ucuser=username, uclimit=1, ucprop="timestamp"
        )
        rows = result.get("query", {}).get("usercontribs", [])
        return parse_timestamp(rows[0]["timestamp"]) if rows else None
    except (WikiError, TimestampError, KeyError, TypeError, IndexError):
        return None


@dataclass(frozen=True)
class RemovalDate:
    """When the mentor would be removed if they do not edit again (None: removal is off)."""

    last_edit: datetime | None
    removal_on: datetime | None
    removal_days: int

    def explain(self) -> str:
        if self.removal_on is None:
            return ""
        since = (
            f"your last edit ({human_date(self.last_edit)})"
            if self.last_edit is not None
            else "now"
        )
        return (
            f"If you do not edit again, you will be removed from mentorship on or after "
            f"{human_date(self.removal_on)}: {self.removal_days} days after {since}, even "
            "while away."
        )

    def warning(self, until: datetime) -> str | None:
        """Said before saving an away that runs past the removal date."""
        if self.removal_on is None or until <= self.removal_on:
            return None
        return (
            f"You asked to be away until {human_date(until)}, past {human_date(self.removal_on)}, "
            "the day you would be removed from mentorship if you do not edit before. Edit "
            "before then (any edit counts), or choose an earlier date."
        )


def removal_date(
    config: CommunityConfig, client: MediaWikiClient, username: str, now: datetime
) -> RemovalDate:
    if not config.autoremove_enabled:
        return RemovalDate(None, None, config.autoremove_after_days)
    edited = last_edit(client, username)
    anchor = min(edited, now) if edited is not None else now
    return RemovalDate(
        edited, anchor + config.autoremove_after_days * DAY, config.autoremove_after_days
    )


def may_save_on_behalf(operator: MentorListBackend) -> bool:
    """mentorwatch's own account writes a mentor's away only on a list page it edits as a
    page (jsonpage), never through GrowthExperiments' API (which acts on its own user)."""
    return not isinstance(operator, GrowthFeatures) and operator.client.authenticated_as is not None


def on_behalf_summary(username: str, until: datetime, list_page: str) -> str:
    return (
        f"{username} set away until {human_date(until)} by {username} via mentorwatch "
        f"(saved by mentorwatch's account: the wiki does not let them edit {list_page})"
    )

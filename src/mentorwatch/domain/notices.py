"""Talk page messages to mentors: the warning before removal, its episode, and bot opt-outs.

Pure: rendering the messages and reading the ``{{bots}}``/``{{nobots}}`` exclusion templates
(https://en.wikipedia.org/wiki/Template:Bots) from a talk page's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.placeholders import fill
from mentorwatch.domain.warning_text import DEFAULT_WARNING_HEADING, DEFAULT_WARNING_TEXT


@dataclass(frozen=True)
class Warned:
    """A mentor was warned (or would have been, but opted out of bot messages).

    ``episode`` is the mentor's last activity when warned: an inactivity episode ends with
    their next edit, and a new episode needs a new warning.
    """

    warned_at: datetime
    episode: datetime | None

    def covers(self, last_active_at: datetime | None) -> bool:
        """Whether this warning belongs to the episode that ``last_active_at`` is in."""
        return self.episode == last_active_at


def human_date(moment: datetime) -> str:
    """'3 December 2026' (UTC), the form the default messages use."""
    return f"{moment.day} {moment:%B %Y}"


def render_warning(config: CommunityConfig, username: str, removal_on: datetime) -> tuple[str, str]:
    """(heading, text) of the warning, from the wiki's text or the default."""
    values = (
        human_date(removal_on),
        str(config.autoremove_after_days),
        str(config.autoaway_after_days),
        username,
        str(config.warn_days_before_removal),
    )
    heading = config.warning_heading or DEFAULT_WARNING_HEADING
    text = config.warning_text or DEFAULT_WARNING_TEXT
    return fill(heading, *values), fill(text, *values)


def render_action_notice(
    action: str, username: str, config: CommunityConfig, away_until: datetime | None
) -> tuple[str, str]:
    """(heading, text) telling a mentor they were marked away, paused or removed."""
    if action == "remove":
        return (
            "You were removed from the mentor list",
            f"Hello {username}. As you have not edited for more than "
            f"{config.autoremove_after_days} days, you were removed from this wiki's mentor "
            "list, and your mentees were given other mentors. Thank you for your help; you are "
            "welcome to sign up as a mentor again at any time. "
            "(An automated message on behalf of the community.) ~~~~",
        )
    until = f" until {human_date(away_until)}" if away_until else ""
    if action == "pause":
        return (
            "No new newcomers for now",
            f"Hello {username}. As you have not edited for more than "
            f"{config.autoaway_after_days} days, no new newcomers are assigned to you{until} "
            "(this wiki cannot mark mentors as away, so your automatic assignment is paused and "
            "your weight will be restored when you edit again). Your current mentees stay with "
            "you. (An automated message on behalf of the community.) ~~~~",
        )
    return (
        "You were marked as away",
        f"Hello {username}. As you have not edited for more than "
        f"{config.autoaway_after_days} days, you were marked as away{until} on this wiki's "
        "mentor list, so no new newcomers are assigned to you meanwhile. To come back, edit "
        "or change your away settings. (An automated message on behalf of the community.) ~~~~",
    )


def render_away_notice(
    username: str, away_until: datetime, removal_on: datetime
) -> tuple[str, str]:
    """(heading, text) telling an away mentor that their away period runs past the date they
    would be removed for inactivity, and how to avoid it."""
    return (
        "Your away period and the mentor list",
        f"Hello {username}. You are marked as away until {human_date(away_until)}. Mentors "
        "who do not edit for a while are removed from this wiki's mentor list automatically, "
        f"even while away: unless you edit before then, you will be removed on or after "
        f"{human_date(removal_on)}, before your away period ends. To stay a mentor, make an "
        f"edit before {human_date(removal_on)}, or set a shorter away period (ending on or "
        "before that date). (An automated message on behalf of the community.) ~~~~",
    )


_TEMPLATE = re.compile(r"\{\{\s*(nobots|bots)\s*(\|[^{}]*)?\}\}", re.IGNORECASE)


def bots_allowed(wikitext: str, bot_names: Iterable[str]) -> bool:
    """Whether a page's exclusion templates let one of ``bot_names`` post there.

    ``{{nobots}}``, ``{{bots|deny=all}}``, ``{{bots|allow=none}}``, ``{{bots|optout=all}}``
    and a deny list naming us forbid it; an allow list that does not name us forbids it.
    """
    names = {name.strip().lower() for name in bot_names if name.strip()}
    for match in _TEMPLATE.finditer(wikitext):
        if match.group(1).lower() == "nobots":
            return False
        for param in (match.group(2) or "").strip("|").split("|"):
            key, _, value = param.partition("=")
            listed = {item.strip().lower() for item in value.split(",") if item.strip()}
            key = key.strip().lower()
            if key == "deny" and ("all" in listed or listed & names):
                return False
            if key == "allow" and ("none" in listed or not ("all" in listed or listed & names)):
                return False
            if key == "optout" and "all" in listed:
                return False
    return True

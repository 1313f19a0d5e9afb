"""What mentorwatch writes on the wiki: talk-page messages to mentors and edit summaries.

- the **warning** before removal (the community may replace its heading and text on its rules
  page; the parameters they may use are
  :data:`~mentorwatch.domain.config.keys.WARNING_PARAMETERS`);
- the **notice** after an action (marked away, paused, removed) and the **away notice** (an
  away period that runs past the removal date);
- the **edit summaries** (:class:`Summaries`: upstream's wording by default, the operator's
  per wiki).

``$1``, ``$2``… in a text the community or the operator writes are filled in MediaWiki's
message style (:func:`fill`); dates read as people write them (:func:`human_date`). Pure: no
I/O; the wiki adapter posts what these return.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, fields, replace
from datetime import datetime
from typing import Any

from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.planner import Decision

_PLACEHOLDER = re.compile(r"\$(\d+)")


def fill(template: str, *values: str) -> str:
    """Put ``values[0]`` for ``$1`` and so on; a placeholder with no value stays as written."""

    def value(match: re.Match[str]) -> str:
        index = int(match.group(1))
        return values[index - 1] if 1 <= index <= len(values) else match.group(0)

    return _PLACEHOLDER.sub(value, template)


def human_date(moment: datetime) -> str:
    """'3 December 2026' (UTC), the form the default messages use."""
    return f"{moment.day} {moment:%B %Y}"


# --- talk-page messages -----------------------------------------------------------------------

DEFAULT_WARNING_HEADING = "Your place on the mentor list"
DEFAULT_WARNING_TEXT = (
    "Hello $4, and thank you for mentoring newcomers on this wiki.\n\n"
    "You have not edited for a while. Under this wiki's rules, mentors who have not edited for "
    "more than $2 days are taken off the mentor list, so that newcomers are paired with someone "
    "who can answer them. If nothing changes, you will be removed on or after '''$1'''.\n\n"
    "To stay, you only need to make an edit before then. If you are taking a break, you can "
    "instead set yourself away in your mentor settings, for at most $2 days; newcomers will not "
    "be assigned to you meanwhile. If you are removed, you are welcome to sign up again at any "
    "time.\n\n"
    "(This message was left by an automated tool on behalf of the community.) ~~~~"
)


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
    return section_title(fill(heading, *values), DEFAULT_WARNING_HEADING), fill(text, *values)


#: what ends a line for MediaWiki (it turns ``\r`` into a line break when it saves)
_LINE_BREAKING = frozenset({"Cc", "Zl", "Zp"})


def section_title(heading: str, fallback: str = DEFAULT_WARNING_HEADING) -> str:
    """``heading`` as one section title, whatever it holds: every control character or line
    or paragraph separator (``\r``, ``\n``, U+2028…) becomes a space, and the ``=`` and
    spaces at its ends go (they would end the heading's line or change its level), so the
    text can never leave the section's ``== … ==`` line; ``fallback`` when nothing is left."""
    flat = "".join(" " if unicodedata.category(c) in _LINE_BREAKING else c for c in heading)
    title = " ".join(flat.split()).strip("= ").strip()
    return title or fallback


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


# --- edit summaries ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Summaries:
    """Edit summaries, upstream's wording by default, overridable per wiki.

    ``$1`` is the mentor's name, ``$2`` the number of whole days they have been inactive
    (upstream's ``MentorListCleaner`` puts the configured threshold there; the real figure
    tells readers more)."""

    mark_away: str = "Marking mentor $1 as away, inactive for $2 days"
    renew_away: str = "Extending the away period of mentor $1, inactive for $2 days"
    remove: str = "Removing mentor $1, inactive for $2 days"
    pause: str = "Pausing automatic assignment to mentor $1, inactive for $2 days"
    resume: str = "Resuming automatic assignment to mentor $1, active again"
    reassign: str = "Mentor $1 was removed from mentorship after $2 days of inactivity"
    warn: str = "Mentor list: $1 has been inactive for $2 days; removal planned unless they edit"
    notify: str = "Mentor list: telling $1 about a change to their mentor status"
    undo: str = "Undoing mentorwatch run #$3 for mentor $1"
    #: added to a summary that sets weight 0 for a pause (``$3`` the weight given back)
    weight_paused: str = "weight 0 meanwhile (not their choice): restored to $3 when they edit"

    @classmethod
    def from_mapping(cls, overrides: dict[str, Any]) -> Summaries:
        known = {field.name for field in fields(cls)}
        unknown = set(overrides) - known
        if unknown:
            raise ValueError(
                f"unknown summary keys {sorted(unknown)}; use {', '.join(sorted(known))}"
            )
        return replace(cls(), **{key: str(value) for key, value in overrides.items()})

    def render(self, template: str, decision: Decision) -> str:
        """``$1`` the mentor, ``$2`` whole days inactive."""
        if decision.days_inactive is not None:
            days = str(int(decision.days_inactive))
        else:
            days = f"more than {decision.threshold_days}" if decision.threshold_days else "many"
        return fill(template, decision.username, days)

    def render_reassign(self, old_mentor: str, days_inactive: float | None) -> str:
        """The reason given to ``growthsetmentor``: ``$1`` the removed mentor, ``$2`` days."""
        days = "many" if days_inactive is None else str(int(days_inactive))
        return fill(self.reassign, old_mentor, days)

    def render_paused(self, summary: str, decision: Decision, previous_weight: int) -> str:
        """``summary`` with why the write sets weight 0 and that it is given back."""
        days = "many" if decision.days_inactive is None else str(int(decision.days_inactive))
        return (
            f"{summary}; {fill(self.weight_paused, decision.username, days, str(previous_weight))}"
        )

    def render_undo(self, username: str, run_id: int) -> str:
        """``$1`` the mentor, ``$3`` the run undone."""
        return fill(self.undo, username, "$2", str(run_id))

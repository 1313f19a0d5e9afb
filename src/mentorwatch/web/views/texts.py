"""What the pages say in words: the removal date on the away page, the wiki's refusals,
GrowthExperiments' own cleanup on the configuration page. The rules are the domain's and the
services'; only their wording is here."""

from __future__ import annotations

from datetime import datetime

from mentorwatch.domain.away import RemovalForecast
from mentorwatch.domain.rights import rights_table
from mentorwatch.domain.upstream import UpstreamRules
from mentorwatch.domain.wiki_texts import human_date
from mentorwatch.wiki.edit_standing import EditStanding
from mentorwatch.wiki.errors import ApiError, WikiError


def removal_note(removal: RemovalForecast) -> str:
    """When the mentor would be removed if they do not edit again ("" while removal is off)."""
    if removal.removal_on is None:
        return ""
    since = (
        f"your last edit ({human_date(removal.last_edit)})"
        if removal.last_edit is not None
        else "now"
    )
    return (
        f"If you do not edit again, you will be removed from mentorship on or after "
        f"{human_date(removal.removal_on)}: {removal.removal_days} days after {since}, even "
        "while away."
    )


def removal_warning(removal: RemovalForecast, until: datetime) -> str | None:
    """Said before saving an away that runs past the removal date."""
    if removal.removal_on is None or not removal.runs_past(until):
        return None
    return (
        f"You asked to be away until {human_date(until)}, past {human_date(removal.removal_on)}, "
        "the day you would be removed from mentorship if you do not edit before. Edit "
        "before then (any edit counts), or choose an earlier date."
    )


def refusal_message(error: WikiError, title: str, who: str) -> str:
    """The wiki's refusal, said plainly (its own words kept after it)."""
    info = error.info if isinstance(error, ApiError) else str(error)
    return (
        f"The wiki does not let {who} edit {title} (it is protected, or needs rights "
        f"{who} does not have). Nothing was saved. The wiki said: {info}"
    )


#: the words for a grant a sign-in lacks (Special:BotPasswords and OAuth consumers show these)
GRANT_LABELS = {"editpage": "Edit existing pages"}


def not_on_behalf_message(standing: EditStanding, title: str, who: str) -> str:
    """Why mentorwatch's account does not save for the mentor what the wiki refused them."""
    block = standing.block
    if block is not None:
        scope = f"from editing {title}" if block.partial else "from editing"
        reason = f": {block.reason}" if block.reason else ""
        return (
            f"The wiki has blocked {who} {scope} (by {block.by}, expiry {block.expiry}"
            f"{reason}). mentorwatch does not save anything for a blocked user. Nothing was "
            "saved."
        )
    if standing.missing_grants:
        grants = ", ".join(
            f"“{GRANT_LABELS.get(grant, grant)}” ({grant})" for grant in standing.missing_grants
        )
        return (
            f"Your sign-in does not allow editing: the bot password (or OAuth sign-in) you used "
            f"lacks the grant {grants}. Nothing was saved. Sign in with a bot password that "
            "has it (Special:BotPasswords)."
        )
    said = "; ".join(reason.text or reason.code for reason in standing.other)
    return (
        f"The wiki refuses {who} for a reason other than the protection of {title}, so "
        f"mentorwatch does not save it for them. Nothing was saved. The wiki said: {said}"
    )


def upstream_notes(upstream: UpstreamRules | None) -> list[str]:
    """One line per GrowthExperiments rule that is on: that rule is upstream's."""
    if upstream is None:
        return []
    notes = []
    if upstream.away_enabled:
        notes.append(
            f"GrowthExperiments' own cleanup marks mentors away after {upstream.away_days} "
            "days: that rule is upstream's; mentorwatch defers to it and makes no away "
            "change of its own."
        )
    if upstream.remove_enabled:
        notes.append(
            f"GrowthExperiments' own cleanup removes mentors after {upstream.remove_days} "
            "days: that rule is upstream's; mentorwatch defers to it and makes no removal "
            "of its own (its warnings announce upstream's date)."
        )
    return notes


def signin_grants(rules_page: str) -> list[tuple[str, list[str]]]:
    """The grants a bot password needs to sign in, by role (``domain/rights.py``'s table: the
    same rows as the README's): everyone, mentors, administrators of the rules page."""
    rows = {row.who: row for row in rights_table(rules_page, "MediaWiki:GrowthMentors.json")}
    admins = rows["administrators (web app)"].grants
    mentors = rows["mentors (web app, `jsonpage` backend)"].grants
    return [
        ("everyone", ["Basic rights"]),
        (
            "mentors, to set their own away: nothing more on GrowthExperiments wikis, else",
            mentors,
        ),
        ("administrators, to save the rules page (creating it too)", admins),
    ]


def save_refusal(title: str, missing: str) -> str:
    """Why a save was not tried: the rights this sign-in lacks, and the fix."""
    return f"Not saved: your sign-in cannot save {title}. {missing}"

"""What the pages say in words: the removal date on the away page, the wiki's refusals,
GrowthExperiments' own cleanup on the configuration page. The rules are the domain's and the
services'; only their wording is here."""

from __future__ import annotations

from datetime import datetime

from mentorwatch.domain.away import RemovalForecast
from mentorwatch.domain.grants import GRANTS, grant_message
from mentorwatch.domain.message import JOIN_COMMA, Message, joined
from mentorwatch.domain.rights import rights_table
from mentorwatch.domain.upstream import UpstreamRules
from mentorwatch.service.preflight import FeatureCheck
from mentorwatch.wiki.edit_standing import EditStanding
from mentorwatch.wiki.errors import ApiError, WikiError


def removal_note(removal: RemovalForecast) -> Message | None:
    """When the mentor would be removed if they do not edit again (None while removal is
    off)."""
    if removal.removal_on is None:
        return None
    if removal.last_edit is None:
        return Message.of(
            "mentorwatch-web-removal-from-now",
            removal=removal.removal_on,
            num_days=removal.removal_days,
        )
    return Message.of(
        "mentorwatch-web-removal-after-edit",
        removal=removal.removal_on,
        num_days=removal.removal_days,
        last_edit=removal.last_edit,
    )


def removal_warning(removal: RemovalForecast, until: datetime) -> Message | None:
    """Said before saving an away that runs past the removal date."""
    if removal.removal_on is None or not removal.runs_past(until):
        return None
    return Message.of("mentorwatch-web-removal-warning", until=until, removal=removal.removal_on)


def refusal_message(error: WikiError, title: str, who: str) -> Message:
    """The wiki's refusal, said plainly (its own words kept after it)."""
    info = error.info if isinstance(error, ApiError) else str(error)
    return Message.of("mentorwatch-web-wiki-refused-edit", user=who, page=title, error=info)


def not_on_behalf_message(standing: EditStanding, title: str, who: str) -> Message:
    """Why mentorwatch's account does not save for the mentor what the wiki refused them."""
    block = standing.block
    if block is not None:
        where = Message.of("mentorwatch-web-blocked-page", page=title) if block.partial else ""
        return Message.of(
            "mentorwatch-web-blocked",
            user=who,
            where=where,
            by=block.by,
            expiry=block.expiry,
            reason=f": {block.reason}" if block.reason else "",
        )
    if standing.missing_grants:
        named = [
            Message.of("mentorwatch-grant-named", label=_grant_label(grant), grant=grant)
            for grant in standing.missing_grants
        ]
        return Message.of("mentorwatch-web-lacks-grant", grants=joined(named, JOIN_COMMA))
    said = "; ".join(reason.text or reason.code for reason in standing.other)
    return Message.of("mentorwatch-web-refused-other", user=who, page=title, error=said)


def upstream_notes(upstream: UpstreamRules | None) -> list[Message]:
    """One line per GrowthExperiments rule that is on: that rule is upstream's."""
    if upstream is None:
        return []
    notes = []
    if upstream.away_enabled:
        notes.append(Message.of("mentorwatch-web-upstream-away", num_days=upstream.away_days))
    if upstream.remove_enabled:
        notes.append(Message.of("mentorwatch-web-upstream-remove", num_days=upstream.remove_days))
    return notes


def signin_grants(rules_page: str) -> list[tuple[Message, list[Message | str]]]:
    """The grants a bot password needs to sign in, by role (``domain/rights.py``'s table: the
    same rows as the README's): everyone, mentors, administrators of the rules page. The
    grants are named as the wiki's Special:BotPasswords names them in English."""
    rows = {row.who: row for row in rights_table(rules_page, "MediaWiki:GrowthMentors.json")}
    admins: list[Message | str] = [
        grant_message(name) for name in rows["administrators (web app)"].grant_names
    ]
    mentors: list[Message | str] = [
        grant_message(name) for name in rows["mentors (web app, `jsonpage` backend)"].grant_names
    ]
    return [
        (
            Message.of("mentorwatch-web-grants-everyone"),
            [grant_message("basic")],
        ),
        (Message.of("mentorwatch-web-grants-mentors"), mentors),
        (Message.of("mentorwatch-web-grants-admins"), admins),
    ]


def save_refusal(title: str, check: FeatureCheck) -> Message:
    """Why a save was not tried: the rights this sign-in lacks, and the fix."""
    return Message.of("mentorwatch-web-save-refused", page=title, missing=lacking(check))


def lacking(check: FeatureCheck) -> Message:
    """What a feature lacks, and the fix, in the reader's words (the preflight's
    ``FeatureCheck.missing`` in English)."""
    if check.blocked is not None:
        return Message.of(
            "mentorwatch-rights-blocked", feature=check.feature.message, block=check.blocked
        )
    rights = ", ".join(sorted({right for gap in check.gaps for right in gap.rights}))
    fixes = joined([gap.fix for gap in check.gaps])
    return Message.of(
        "mentorwatch-rights-lacks", feature=check.feature.message, rights=rights, fixes=fixes
    )


def _grant_label(grant: str) -> Message | str:
    return grant_message(grant) if grant in GRANTS else grant

"""A mentor's own away, as the web app's away page reads and saves it.

Reading: the mentor's own entry, the rules a self-set away follows (the removal in force, as
the planner counts it: :func:`~mentorwatch.domain.removal.rules_in_force`), whether they are
away now, and when they would be removed if they do not edit again.

Saving (going away, or coming back early): one journaled write (``service/web_writes.py``) of
the mentor's own entry, made as the mentor. Where the wiki refuses them for want of rights on
the list page, and only there, mentorwatch's own account saves it on their behalf: their own
entry, away or back only, within the limit checked already, and only where that account edits
the list as a page (the backend's ``saves_on_behalf``: never through GrowthExperiments' API,
which acts on its own user). Before that write the wiki is asked, as the mentor and at that
moment, every reason it has (``wiki/edit_standing.py``): a block (sitewide, or partial from the
list page or its namespace), a sign-in whose grants do not allow editing, or any reason but the
page's protection, and nothing is saved for them (:class:`NotSavedForThem`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from mentorwatch.domain.away import RemovalForecast, removal_forecast
from mentorwatch.domain.config import CommunityConfig
from mentorwatch.domain.mentors import decode_mentor
from mentorwatch.domain.message import Message
from mentorwatch.domain.outcomes import WriteAction
from mentorwatch.domain.removal import rules_in_force
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.errors import Refused
from mentorwatch.service.rules_page import read_rules
from mentorwatch.service.site_words import on_wiki
from mentorwatch.service.web_writes import JournaledWrites, Person
from mentorwatch.wiki.edit_standing import EditStanding, edit_standing
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.mentorlist import (
    EntryChanged,
    MentorListBackend,
    RawEntry,
    Written,
    away_until_of,
)
from mentorwatch.wiki.refusals import refused
from mentorwatch.wiki.users import last_edit

#: how the away page reaches mentorwatch's own account, when it needs it (connecting may fail)
Operator = Callable[[], MentorListBackend]

Result = TypeVar("Result")


class NotSavedForThem(Refused):
    """The wiki refused the mentor for more than the list page's protection (a block, a
    sign-in that may not edit, another reason): mentorwatch's account saves nothing for them.
    ``standing`` says why, ``refusal`` is the error of their own attempt."""

    def __init__(self, standing: EditStanding, refusal: WikiError) -> None:
        self.standing = standing
        self.refusal = refusal
        why = (
            "blocked"
            if standing.block is not None
            else f"the sign-in lacks the grant {', '.join(standing.missing_grants)}"
            if standing.missing_grants
            else ", ".join(reason.code for reason in standing.other)
        )
        super().__init__(f"not saved on the mentor's behalf: {why}")


@dataclass(frozen=True)
class OwnEntry:
    """The mentor's entry on the list (None: they are not on it) and the rules their own away
    follows."""

    entry: RawEntry | None
    rules: CommunityConfig


@dataclass(frozen=True)
class AwayStatus:
    #: the end of the away period in force (None: not away, or the wiki does not say when)
    away_until: datetime | None
    is_away: bool


@dataclass(frozen=True)
class AwaySaved:
    #: the away as the wiki wrote it
    until: datetime
    #: saved by mentorwatch's own account, the wiki having refused the mentor
    on_behalf: bool


def read_own_entry(backend: MentorListBackend, person: Person, now: datetime) -> OwnEntry:
    """The entry and the rules (WikiError, ConfigError as they come; MentorListError for an
    entry in a shape that cannot be changed safely)."""
    key = str(person.user_id)
    entry = backend.read_list().entries.get(key)
    rules = read_rules(backend, now)
    config = rules_in_force(rules.config, rules.upstream)
    if entry is not None:
        decode_mentor(key, entry, f"Mentors.{key}", {person.user_id: person.name})
    return OwnEntry(entry, config)


def away_status(backend: MentorListBackend, entry: RawEntry, now: datetime) -> AwayStatus:
    """Away until a date still to come, or away without one (REL1_39 keeps a mentor's own
    away in their preferences, without the date)."""
    away_until = away_until_of(entry)
    if away_until is not None and away_until <= now:
        away_until = None
    is_away = away_until is not None or backend.own_away_status() is True
    return AwayStatus(away_until, is_away)


def read_removal_forecast(
    rules: CommunityConfig, backend: MentorListBackend, person: Person, now: datetime
) -> RemovalForecast:
    """When the mentor would be removed if they do not edit again (their last edit is read
    only while removal is on)."""
    edited = last_edit(backend.client, person.name) if rules.autoremove_enabled else None
    return removal_forecast(rules, edited, now)


def save_own_away(
    writes: JournaledWrites,
    person: Person,
    backend: MentorListBackend,
    entry: RawEntry,
    until: datetime,
    operator: Operator,
) -> AwaySaved:
    """Save as the mentor; where the wiki refuses them for the list page's protection only,
    as mentorwatch's own account on their behalf. Raises what the wiki raised (the mentor's
    refusal when no account may save for them), NotSavedForThem when the wiki refuses them for
    another reason, EntryChanged when the entry changed since it was read."""

    def away(account: MentorListBackend, on_behalf: bool) -> datetime:
        summary = own_away_summary(account, person.name, until, on_behalf=on_behalf)
        return _write_away(writes, person, account, entry, until, summary)

    until_written, on_behalf = _as_mentor_else_on_behalf(
        person, backend, entry, operator, away, writes.clock()
    )
    return AwaySaved(until_written, on_behalf)


def come_back(
    writes: JournaledWrites,
    person: Person,
    backend: MentorListBackend,
    entry: RawEntry,
    operator: Operator,
) -> int | None:
    """End the mentor's away now: as the mentor, else on their behalf on the same terms as
    going away (:func:`save_own_away`); returns the revision."""
    intended = {key: value for key, value in entry.items() if key != "awayTimestamp"}

    def back(account: MentorListBackend, on_behalf: bool) -> int | None:
        if on_behalf:
            said = Message.of(
                "mentorwatch-summary-self-back-on-behalf",
                mentor=person.name,
                page=account.list_page,
            )
        else:
            said = Message.of("mentorwatch-summary-self-back", mentor=person.name)
        summary = on_wiki(account.client, said)
        return writes.by_user(
            WriteAction.SELF_BACK,
            person,
            account,
            page=account.list_page,
            before=entry,
            intended=intended,
            summary=summary,
            perform=lambda: (
                account.set_own_active(person.user_id, person.name, entry, summary).revision_id
            ),
        )

    revision, _on_behalf = _as_mentor_else_on_behalf(
        person, backend, entry, operator, back, writes.clock()
    )
    return revision


def _as_mentor_else_on_behalf(
    person: Person,
    backend: MentorListBackend,
    entry: RawEntry,
    operator: Operator,
    write: Callable[[MentorListBackend, bool], Result],
    now: datetime,
) -> tuple[Result, bool]:
    """``write`` as the mentor (``backend``); where the wiki refuses them for the list page's
    protection only, as mentorwatch's account, against the entry as read. Returns what the
    write returned and whether it was made on their behalf."""
    try:
        return write(backend, False), False
    except WikiError as error:
        account = _account_on_behalf(error, backend, operator, now)
    current = account.read_list().entries.get(str(person.user_id))
    if current != entry:
        raise EntryChanged(f"the list entry of mentor #{person.user_id} changed since it was read")
    return write(account, True), True


def may_save_on_behalf(operator: MentorListBackend) -> bool:
    """mentorwatch's own account writes a mentor's away only where it is signed in and its
    backend edits the list as a page (``saves_on_behalf``)."""
    return operator.saves_on_behalf and operator.client.authenticated_as is not None


def own_away_summary(
    account: MentorListBackend, username: str, until: datetime, *, on_behalf: bool
) -> str:
    """The edit summary of a mentor's own away, in the wiki's content language; saved by
    mentorwatch's account ``on_behalf`` of them, it says so and why."""
    if on_behalf:
        said = Message.of(
            "mentorwatch-summary-self-away-on-behalf",
            mentor=username,
            until=until,
            page=account.list_page,
        )
    else:
        said = Message.of("mentorwatch-summary-self-away", mentor=username, until=until)
    return on_wiki(account.client, said)


def _account_on_behalf(
    error: WikiError, mentor: MentorListBackend, operator: Operator, now: datetime
) -> MentorListBackend:
    """mentorwatch's own account, where it may save what the wiki refused the mentor and the
    wiki refuses them nothing but the list page's protection (asked as them now); else the
    mentor's own error again, or NotSavedForThem saying why. Never while the rules page is not
    trusted: the limit the away was checked against could be anyone's, and mentorwatch's
    account writes nothing then."""
    if not refused(error):
        raise error
    try:
        account = operator()
    except WikiError:
        raise error from None
    if not may_save_on_behalf(account) or read_rules(account, now).refusal is not None:
        raise error
    standing = edit_standing(mentor.client, mentor.list_page)
    if not standing.page_rights_only:
        raise NotSavedForThem(standing, error)
    return account


def _write_away(
    writes: JournaledWrites,
    person: Person,
    backend: MentorListBackend,
    entry: RawEntry,
    until: datetime,
    summary: str,
) -> datetime:
    """One journaled write of the mentor's away (as ``backend``'s account), by them; returns
    the away as the wiki wrote it."""
    written: list[Written] = []

    def go_away() -> int | None:
        written.append(backend.set_own_away(person.user_id, person.name, entry, until, summary))
        return written[0].revision_id

    writes.by_user(
        WriteAction.SELF_AWAY,
        person,
        backend,
        page=backend.list_page,
        before=entry,
        intended={**entry, "awayTimestamp": format_timestamp(until)},
        summary=summary,
        perform=go_away,
    )
    return away_until_of(written[0].entry or {}) or until

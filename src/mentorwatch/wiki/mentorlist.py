"""Mentor list backends: one interface, two adapters (``jsonpage`` here, ``growth`` in growth.py).

A backend reads the mentor list and the community configuration and makes one change at a
time to one mentor's entry. Every change is *guarded*: it states the entry it expects to
find (the one the decision was made on) and refuses, with :class:`EntryChanged`, if the wiki
now holds something else, so a decision is never applied to data it was not made on.
"""

from __future__ import annotations

import logging
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import InvalidPage, WikiError
from mentorwatch.wiki.pages import parse_json_page, read_pages

MENTOR_LIST_PAGE = "MediaWiki:GrowthMentors.json"
CONFIG_PAGE = "MediaWiki:GrowthExperimentsMentorship.json"
RULES_PAGE = "Project:Mentorwatch/Rules.json"  # mentorwatch's own (wiki/rules_page.py)
CONFLICT_RETRIES = 3

RawEntry = dict[str, Any]

#: a user id as a key of the list: ASCII digits, no leading zero, fits a database integer
CANONICAL_ID = re.compile(r"[1-9][0-9]{0,17}")

log = logging.getLogger(__name__)


class EntryChanged(WikiError):
    """The mentor's entry on the wiki is not the one the decision was made on."""


class ConflictRetriesExhausted(WikiError):
    """Concurrent edits kept conflicting with ours; nothing was written."""


class AwayUnknown(WikiError):
    """The mentor's own away cannot be seen, and the change could end it: nothing was written."""


@dataclass(frozen=True)
class RawMentorList:
    """The list as stored: raw entries by user id (as strings)."""

    entries: Mapping[str, RawEntry]
    #: ids of listed mentors whose own away could not be read (``Capabilities.away_readable``)
    away_unknown: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Written:
    """What one write left on the wiki."""

    #: the mentor's entry as written (None: the mentor is no longer listed)
    entry: RawEntry | None
    #: the revision the write made (None: it made none, or the wiki did not say)
    revision_id: int | None = None
    #: whether the write edited the list page (False: only a preference changed, no revision)
    edited_page: bool = True


@dataclass(frozen=True)
class Capabilities:
    """What the wiki's mentor list supports."""

    backend: str
    can_mark_away: bool
    has_mentees: bool
    upstream_cleaner: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)
    #: :meth:`MentorListBackend.read_list` shows every mentor's current away (``awayTimestamp``).
    #: False: a mentor's own away may be invisible, so nothing may be decided from its absence
    #: and no away may be written (the backend refuses list changes that would clear it).
    away_readable: bool = True
    #: an away mentor gets no new newcomers from the wiki's own draw. False on GrowthExperiments
    #: before the 2026 rewrite (REL1_39-REL1_46: the primary mentor is drawn among every mentor
    #: with a weight, away or not), where mentorwatch also sets the weight to 0 while away.
    away_stops_assignment: bool = True
    #: :attr:`MentorListBackend.saves_on_behalf`
    saves_on_behalf: bool = False


class MentorListBackend(ABC):
    """Reads and changes one wiki's mentor list."""

    name: str
    #: mentorwatch's own account may save a mentor's own away for them where the wiki refuses
    #: the mentor: only a backend that edits the list as a page, never one acting through
    #: GrowthExperiments' API (which acts on the account's own user); a class constant (no
    #: request, unlike :meth:`capabilities`)
    saves_on_behalf: bool = False
    #: the list page as :meth:`read_list_page` last read it (revision, text, when)
    _list_as_read: dict[str, Any] | None = None

    def __init__(
        self,
        client: MediaWikiClient,
        list_page: str = MENTOR_LIST_PAGE,
        config_page: str = CONFIG_PAGE,
        *,
        rules_page: str = RULES_PAGE,
    ) -> None:
        """``rules_page``: where the wiki keeps mentorwatch's rules (``wiki/rules_page.py``)."""
        self.client = client
        self.list_page = list_page
        self.config_page = config_page
        self.rules_page = rules_page

    @abstractmethod
    def capabilities(self) -> Capabilities: ...

    def own_wording(self) -> dict[str, str]:
        """The wiki's own texts for the edit summaries mentorwatch makes, by message name, in
        its content language (GrowthExperiments' cleaner's, where the wiki has them)."""
        return {}

    def software(self) -> str:
        """What the backend works through, in a person's words (the preflight says it)."""
        return f"no GrowthExperiments API in use: the list is edited as {self.list_page}"

    @abstractmethod
    def read_config(self) -> dict[str, Any]:
        """The community configuration as stored on the wiki (``{}`` if there is none)."""

    @abstractmethod
    def read_list(self) -> RawMentorList: ...

    @abstractmethod
    def set_away(
        self,
        user_id: int,
        username: str,
        expected: RawEntry,
        away_until: datetime,
        summary: str,
        *,
        weight: int | None = None,
    ) -> Written:
        """Mark the mentor away until ``away_until`` (and set ``weight`` in the same write)."""

    @abstractmethod
    def set_weight(
        self, user_id: int, username: str, expected: RawEntry, weight: int, summary: str
    ) -> Written:
        """Change only the mentor's weight (0 = no automatic assignment)."""

    @abstractmethod
    def remove(self, user_id: int, username: str, expected: RawEntry, summary: str) -> Written:
        """Take the mentor off the list (their mentees stay theirs: see the cycle)."""

    @abstractmethod
    def put_entry(
        self,
        user_id: int,
        username: str,
        expected: RawEntry | None,
        entry: RawEntry,
        summary: str,
    ) -> Written:
        """Put a whole entry back (undo); ``expected`` None: the mentor must not be listed."""

    def read_config_page(self) -> dict[str, Any]:
        """The configuration stored as a JSON page (``{}`` when the page does not exist)."""
        page = read_pages(self.client, [self.config_page])[self.config_page]
        if page is None:
            return {}
        document = parse_json_page(self.config_page, page["content"])
        if not isinstance(document, dict):
            raise InvalidPage(f"{self.config_page} must hold a JSON object of settings")
        return document

    def read_list_page(self) -> RawMentorList:
        """The mentor list stored as a JSON page (empty when the page does not exist)."""
        page = read_pages(self.client, [self.list_page])[self.list_page]
        self._list_as_read = None if page is None else {**page, "at": time.monotonic()}
        if page is None:
            return RawMentorList({})
        document = parse_json_page(self.list_page, page["content"])
        return RawMentorList(entries_of(self.list_page, document))

    # --- a mentor's own away status (the web app, as the signed-in mentor) ----------------

    def set_own_away(
        self, user_id: int, username: str, entry: RawEntry, until: datetime, summary: str
    ) -> Written:
        """The signed-in mentor sets themselves away (the entry says until when)."""
        return self.set_away(user_id, username, entry, until, summary)

    def set_own_active(self, user_id: int, username: str, entry: RawEntry, summary: str) -> Written:
        """The signed-in mentor comes back from away."""
        back = {key: value for key, value in entry.items() if key != "awayTimestamp"}
        return self.put_entry(user_id, username, entry, back, summary)

    def own_away_status(self) -> bool | None:
        """Whether the signed-in mentor is away where the list does not say (None: unknown)."""
        return None

    def upstream_config(self) -> dict[str, Any] | None:
        """GrowthExperiments' Mentorship configuration where the wiki has GrowthExperiments'
        own cleaner (there its keys are upstream's rules, never mentorwatch's); None here."""
        return None

    def mentees(self, username: str) -> list[tuple[int, str]]:
        """The mentor's primary mentees as (user id, name); none without GrowthExperiments."""
        return []

    def mentee_counts(self, usernames: list[str]) -> dict[str, int]:
        """Mentees per mentor, where the backend knows them (empty: it does not)."""
        return {}

    def set_mentor(self, mentee: str, mentor: str, reason: str) -> None:
        raise NotImplementedError(f"the {self.name} backend has no mentees")


def entries_of(title: str, document: Any) -> dict[str, RawEntry]:
    if not isinstance(document, dict):
        raise InvalidPage(f'{title} must hold a JSON object such as {{"Mentors": {{}}}}')
    entries = document.get("Mentors", {})
    if entries == []:
        return {}
    if not isinstance(entries, dict):
        raise InvalidPage(f'{title}: "Mentors" must be an object keyed by user id')
    for key in entries:
        if key.isdigit() and not CANONICAL_ID.fullmatch(key):
            # "05", "5" and Arabic-Indic five are one mentor: the next write would drop one
            raise InvalidPage(
                f"{title}: the user id {key!r} is not written as a plain number (as 5, not 05); "
                "nothing was changed"
            )
    return entries


def away_until_of(entry: Mapping[str, Any]) -> datetime | None:
    raw = entry.get("awayTimestamp")
    return parse_timestamp(raw) if isinstance(raw, str) else None

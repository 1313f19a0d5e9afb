"""Reading the mentor list of a GrowthExperiments wiki, with each mentor's away.

The list is read with ``list=growthmentorlist`` where it exists (REL1_42+), else from the raw
page. Away on REL1_40-REL1_44 is the mentor's private preference, not in the list: each
entry's ``awayTimestamp`` is then filled from Special:ManageMentors (:mod:`.manage_mentors`).
Where it cannot be, the mentor's away is *unknown* (``Capabilities.away_readable``): the reader
remembers who, so that a change that would end an away it cannot see is refused.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.growth_features import GrowthFeatures
from mentorwatch.wiki.manage_mentors import (
    MentorStatus,
    log_unknown_away,
    read_manage_mentors,
    user_names,
    with_away,
)
from mentorwatch.wiki.mentorlist import RawEntry, RawMentorList


class GrowthListReader:
    def __init__(
        self,
        client: MediaWikiClient,
        features: GrowthFeatures,
        read_page: Callable[[], RawMentorList],
        clock: Callable[[], datetime],
    ) -> None:
        """``read_page``: the list as stored on its JSON page (where no API lists it)."""
        self.client = client
        self.features = features
        self.read_page = read_page
        self.clock = clock
        #: ids of listed mentors whose away the last :meth:`read` could not see
        self.away_unknown: frozenset[str] = frozenset()
        #: the mentors whose unknown away was already said in the log
        self._said_unknown: frozenset[str] = frozenset()
        self._away_page_readable: bool | None = None

    def read(self) -> RawMentorList:
        """The list; on wikis where away is only a preference, with each mentor's away
        (``awayTimestamp``) read from Special:ManageMentors (see the module docstring)."""
        entries = self.entries()
        self.away_unknown = frozenset()
        if self.features.has_isaway and entries and not away_in_list(entries):
            # away lives only in preferences (REL1_40-REL1_44), or nobody is away
            entries = self._with_away_from_manage_mentors(entries)
        return RawMentorList(entries, self.away_unknown)

    def entries(self) -> dict[str, RawEntry]:
        """The entries as the list holds them (no away filled in)."""
        if self.features.has_mentor_list_query:
            result = self.client.get(action="query", list="growthmentorlist")
            listed = result.get("growthmentorlist", {})
            if isinstance(listed, dict) and isinstance(listed.get("mentors"), dict):
                listed = listed["mentors"]
            if not isinstance(listed, dict):  # REL1_42+: an empty list is a JSON []
                return {}
            return {str(key): dict(value) for key, value in listed.items()}
        return {key: dict(value) for key, value in self.read_page().entries.items()}

    def away_readable(self) -> bool:
        """Whether every mentor's current away can be seen (in the list itself, or on
        Special:ManageMentors)."""
        return self.features.has_isaway and (
            away_in_list(self.entries()) or self._manage_mentors_readable()
        )

    def _with_away_from_manage_mentors(self, entries: dict[str, RawEntry]) -> dict[str, RawEntry]:
        names = user_names(self.client, entries)
        filled, unknown = with_away(entries, self._manage_mentors_statuses(), names, self.clock())
        self.away_unknown = unknown
        if unknown - self._said_unknown:  # said once (a run reads the list before each write)
            log_unknown_away(unknown, names)
            self._said_unknown |= unknown
        return filled

    def _manage_mentors_readable(self) -> bool:
        if self._away_page_readable is None:
            self._manage_mentors_statuses()
        return bool(self._away_page_readable)

    def _manage_mentors_statuses(self) -> dict[str, MentorStatus] | None:
        statuses = read_manage_mentors(self.client)
        self._away_page_readable = statuses is not None
        return statuses


def away_in_list(entries: Mapping[str, RawEntry]) -> bool:
    """The list itself mirrors away (REL1_45+, master): some entry carries ``awayTimestamp``."""
    return any("awayTimestamp" in entry for entry in entries.values())

"""The ``growth`` backend: wikis running GrowthExperiments, through its own API modules.

The backend holds three collaborators, each with one job:

* :class:`~.growth_features.GrowthFeatures`: what the wiki offers, detected with
  ``action=paraminfo`` and its messages, never from version numbers;
* :class:`~.growth_list.GrowthListReader`: the list (``list=growthmentorlist`` or the raw page)
  and each mentor's away (from Special:ManageMentors where away is only a preference);
* :class:`~.growth_changes.GrowthEntryWriter`: guarded ``action=growthmanagementorlist``
  changes of one entry, and the revision each made.

Without ``isaway`` (REL1_39) a mentor is *paused* instead of marked away (weight 0, journaled);
removal leaves mentees behind: the cycle reassigns them (:meth:`GrowthBackend.set_mentor`).
A mentor's own away (the web app) is a ``change`` sent as them (REL1_41+) or
``growthsetmentorstatus`` (REL1_39-REL1_40).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from mentorwatch.domain.timeutil import SECONDS_PER_DAY, format_timestamp, parse_timestamp, shifted
from mentorwatch.wiki import mentees
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import WikiError
from mentorwatch.wiki.growth_changes import GrowthEntryWriter
from mentorwatch.wiki.growth_features import GrowthFeatures
from mentorwatch.wiki.growth_list import GrowthListReader
from mentorwatch.wiki.mentorlist import (
    CONFIG_PAGE,
    MENTOR_LIST_PAGE,
    RULES_PAGE,
    Capabilities,
    MentorListBackend,
    RawEntry,
    RawMentorList,
    Written,
    away_until_of,
)


class GrowthBackend(MentorListBackend):
    name = "growth"
    #: GrowthExperiments' API sets a mentor's own away only as that mentor: our account
    #: cannot save it for them
    saves_on_behalf = False

    def __init__(
        self,
        client: MediaWikiClient,
        list_page: str = MENTOR_LIST_PAGE,
        config_page: str = CONFIG_PAGE,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        *,
        rules_page: str = RULES_PAGE,
    ) -> None:
        super().__init__(client, list_page, config_page, rules_page=rules_page)
        self.clock = clock
        self.features = GrowthFeatures(client)
        self.listing = GrowthListReader(client, self.features, self.read_list_page, clock)
        self.writer = GrowthEntryWriter(client, self.features, self.listing, list_page, clock)

    def own_wording(self) -> dict[str, str]:
        # only a GrowthExperiments with isaway (REL1_41 on) may have the cleaner: older ones
        # are not asked
        return self.features.cleaner_wording() if self.features.has_isaway else {}

    def capabilities(self) -> Capabilities:
        features, notes = self.features, []
        if not features.has_isaway:
            notes.append(
                "this GrowthExperiments cannot mark mentors away through the API: inactive "
                "mentors are paused (no automatic assignment) instead"
            )
        away_readable = self.listing.away_readable()
        if not away_readable:
            notes.append(
                "mentors' own away cannot be read on this wiki: mentorwatch cannot tell an away "
                "mentor from an active one"
            )
        away_stops_assignment = features.has_isaway and features.has_cleaner_code()
        if features.has_isaway and not away_stops_assignment:
            notes.append(
                "this GrowthExperiments still gives away mentors new newcomers: a mentor marked "
                "away also gets weight 0 until they are back (their weight is kept and restored "
                'when they edit; Special:ManageMentors shows weight 0 as "None (I claim them '
                "manually)\", which here is mentorwatch's pause, not their choice)"
            )
        return Capabilities(
            backend=self.name,
            can_mark_away=features.has_isaway,
            has_mentees=True,
            upstream_cleaner=features.upstream_cleaner(),
            notes=tuple(notes),
            away_readable=away_readable,
            away_stops_assignment=away_stops_assignment,
            saves_on_behalf=self.saves_on_behalf,
        )

    def software(self) -> str:
        return self.features.describe()

    # --- reading --------------------------------------------------------------------------

    def read_config(self) -> dict[str, Any]:
        if self.features.has_community_configuration:
            return self.features.community_config()
        return self.read_config_page()

    def upstream_config(self) -> dict[str, Any] | None:
        return self.features.cleaner_config()

    def read_list(self) -> RawMentorList:
        return self.listing.read()

    def mentee_counts(self, usernames: list[str]) -> dict[str, int]:
        return mentees.mentee_counts(self.client, usernames)

    def mentees(self, username: str) -> list[tuple[int, str]]:
        return mentees.mentees_of(self.client, username)

    # --- writing --------------------------------------------------------------------------

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
        """``change`` with ``isaway``: never shortens an away the mentor set for longer.

        On REL1_40-REL1_44 the away is a preference: the change makes **no revision** (unless
        message or weight changed too), so ``Written.revision_id`` is None there."""
        if not self.features.has_isaway:
            raise WikiError("this wiki cannot mark mentors away; pause them instead")
        self.writer.check_unchanged(user_id, expected)
        return self.writer.change(
            user_id, username, expected, expected, summary, away_until=away_until, weight=weight
        )

    def set_weight(
        self, user_id: int, username: str, expected: RawEntry, weight: int, summary: str
    ) -> Written:
        self.writer.check_unchanged(user_id, expected)
        return self.writer.change(user_id, username, expected, expected, summary, weight=weight)

    def remove(self, user_id: int, username: str, expected: RawEntry, summary: str) -> Written:
        return self.writer.remove(user_id, username, expected, summary)

    def put_entry(
        self,
        user_id: int,
        username: str,
        expected: RawEntry | None,
        entry: RawEntry,
        summary: str,
    ) -> Written:
        self.writer.check_unchanged(user_id, expected)
        return self.writer.change(
            user_id,
            username,
            expected,
            entry,
            summary,
            geaction="add" if expected is None else "change",
            away_until=away_until_of(entry),
            exact=True,  # the entry as it was: the caller checked it is still as left
        )

    def set_own_away(
        self, user_id: int, username: str, entry: RawEntry, until: datetime, summary: str
    ) -> Written:
        """The signed-in mentor sets their own away.

        REL1_41 and later (no ``growthsetmentorstatus``): ``growthmanagementorlist
        geaction=change isaway=1 awaytimestamp=…`` sent as the mentor, without ``username``,
        message and weight re-sent from ``entry`` (ge-1.43-api/05c). The away is a preference
        there: ``Written.revision_id`` is None (no revision is made).
        REL1_39-REL1_40: ``growthsetmentorstatus`` in whole days (``gesbackindays``).
        """
        if self.features.has_isaway and not self.features.has_setmentorstatus:
            self.writer.check_unchanged(user_id, entry)
            return self.writer.change(
                user_id, username, entry, entry, summary, own=True, away_until=until, exact=True
            )
        days = max(1, math.ceil((until - self.clock()).total_seconds() / SECONDS_PER_DAY))
        result = self.client.post_with_token(
            action="growthsetmentorstatus", gesstatus="away", gesbackindays=days
        )
        back = result.get("growthsetmentorstatus", {}).get("backintimestamp", {}).get("raw")
        until = parse_timestamp(str(back)) if back else shifted(self.clock(), timedelta(days=days))
        # a preference, not an edit: no revision
        return Written({**entry, "awayTimestamp": format_timestamp(until)}, edited_page=False)

    def set_own_active(self, user_id: int, username: str, entry: RawEntry, summary: str) -> Written:
        """The signed-in mentor comes back: a ``change`` as themselves without ``isaway``
        (REL1_41+; no revision), or ``growthsetmentorstatus gesstatus=active``."""
        if self.features.has_isaway and not self.features.has_setmentorstatus:
            self.writer.check_unchanged(user_id, entry)
            return self.writer.change(
                user_id, username, entry, entry, summary, own=True, exact=True
            )
        self.client.post_with_token(action="growthsetmentorstatus", gesstatus="active")
        back = {key: value for key, value in entry.items() if key != "awayTimestamp"}
        return Written(back, edited_page=False)

    def own_away_status(self) -> bool | None:
        """The signed-in mentor's status (``meta=growthmentorstatus``, all versions)."""
        result = self.client.get(action="query", meta="growthmentorstatus")
        status = result.get("growthmentorstatus", {}).get("mentorstatus", "active")
        return bool(status == "away")

    def set_mentor(self, mentee: str, mentor: str, reason: str) -> None:
        mentees.set_mentor(self.client, mentee, mentor, reason)

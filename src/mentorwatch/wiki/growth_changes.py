"""Changing one mentor's entry through ``action=growthmanagementorlist``, and finding the edit.

MediaWiki booleans are true when present, false when absent, so every field is sent
explicitly every time: ``autoassigned`` (REL1_39) whenever the mentor is auto-assigned, and
where the module knows ``isaway``, a mentor's current away period is re-sent with any
``change`` (a ``change`` without it clears away). No base revision can be given to this module,
so each write re-reads the entry first and refuses if it changed since the decision; a
concurrent change in the short window between that read and the write is not detectable
through this API. The module does not say which revision it made: it is found in the list
page's history.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from mentorwatch.domain.mentors import WEIGHT_NONE, WEIGHT_NORMAL
from mentorwatch.domain.timeutil import format_timestamp
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import ApiError, WikiError
from mentorwatch.wiki.growth_features import (
    GrowthFeatures,
    echoed_away,
    refuse_ignored_parameters,
    weight_of,
)
from mentorwatch.wiki.growth_list import GrowthListReader
from mentorwatch.wiki.history import account_name, find_revision
from mentorwatch.wiki.mentorlist import (
    AwayUnknown,
    EntryChanged,
    RawEntry,
    Written,
    away_until_of,
)

log = logging.getLogger(__name__)


class GrowthEntryWriter:
    """Guarded changes of one entry (see the module docstring)."""

    def __init__(
        self,
        client: MediaWikiClient,
        features: GrowthFeatures,
        listing: GrowthListReader,
        list_page: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.client = client
        self.features = features
        self.listing = listing
        self.list_page = list_page
        self.clock = clock

    def check_unchanged(self, user_id: int, expected: RawEntry | None) -> None:
        """Refuse (:class:`EntryChanged`) unless the list holds ``expected`` for the mentor."""
        current = self.listing.read().entries.get(str(user_id))
        if current != expected:
            raise EntryChanged(
                f"the list entry of mentor #{user_id} changed since it was read "
                f"({expected!r} -> {current!r})"
            )

    def remove(self, user_id: int, username: str, expected: RawEntry, summary: str) -> Written:
        self.check_unchanged(user_id, expected)
        try:
            self.client.post_with_token(
                action="growthmanagementorlist",
                geaction="remove",
                username=username,
                summary=summary,
            )
        except ApiError as error:
            if error.code != "growthexperiments-mentor-writer-error-not-in-the-list":
                raise
            raise EntryChanged(f"{username} is no longer in the mentor list") from error
        return Written(None, self.find_revision(summary, username))

    def change(
        self,
        user_id: int,
        username: str,
        before: RawEntry | None,
        entry: RawEntry,
        summary: str,
        *,
        weight: int | None = None,
        away_until: datetime | None = None,
        geaction: str = "change",
        own: bool = False,
        exact: bool = False,
    ) -> Written:
        """``geaction=change`` (or ``add``) with every field explicit, from the entry.

        Where the module knows ``isaway`` (REL1_40+), a ``change`` sets the away to exactly
        what it sends: none sent ends it. So the mentor's current away is re-sent, a new one
        only ever lengthens it (``exact``: the mentor's own choice, sent as given, None ends
        it), and a mentor whose current away could not be read is not changed at all.
        ``own``: sent as the signed-in mentor, without ``username``.
        """
        new_weight = weight_of(entry) if weight is None else weight
        params: dict[str, Any] = {
            "action": "growthmanagementorlist",
            "geaction": geaction,
            "message": entry.get("message") or "",
            "summary": summary,
        }
        if not own:
            params["username"] = username
        written: RawEntry = {**entry}
        self._put_weight(params, written, new_weight)
        list_changes = before is None or (
            (before.get("message") or "") != params["message"] or weight_of(before) != new_weight
        )
        has_isaway = self.features.has_isaway
        if has_isaway:
            keep_away = (
                away_until
                if exact
                else self._away_to_keep(user_id, username, before, away_until, geaction)
            )
            written.pop("awayTimestamp", None)
            if keep_away is not None:
                params["isaway"] = 1
                params["awaytimestamp"] = format_timestamp(keep_away)
        result = self.client.post_with_token(**params)
        refuse_ignored_parameters(result)
        back = echoed_away(result) if has_isaway else None
        if back is not None:  # GrowthExperiments answers with the away it now holds
            written["awayTimestamp"] = format_timestamp(back)
        if not list_changes:
            # only the away changed: a preference on REL1_40-REL1_44, no revision
            return Written(written, None, edited_page=False)
        return Written(written, self.find_revision(summary, username))

    def _put_weight(self, params: dict[str, Any], written: RawEntry, weight: int) -> None:
        """The weight as this version stores it, in the request and in the entry written."""
        if self.features.has_autoassigned:
            # REL1_39-41: weight is 1/2/4; "manual only" is autoassigned absent.
            stored = weight or int(written.get("weight") or WEIGHT_NORMAL) or WEIGHT_NORMAL
            params["weight"] = str(stored)
            if weight != WEIGHT_NONE:
                params["autoassigned"] = 1
            written.update(weight=stored, automaticallyAssigned=weight != WEIGHT_NONE)
        else:
            params["weight"] = str(weight)
            written["weight"] = weight

    def _away_to_keep(
        self,
        user_id: int,
        username: str,
        before: RawEntry | None,
        away_until: datetime | None,
        geaction: str,
    ) -> datetime | None:
        """The away to send with a change made for someone else: the later of the mentor's
        current away and ``away_until``; refused if the current one cannot be read."""
        # check_unchanged() has just read the list: every mentor whose away it could not see
        # (page unreadable, mentor blocked or missing from the page) is in away_unknown
        if geaction == "change" and str(user_id) in self.listing.away_unknown:
            raise AwayUnknown(
                f"cannot see whether {username} is away (Special:ManageMentors does not show "
                "it); a change would end a self-set away, so nothing was written"
            )
        now = self.clock()
        candidates = [
            moment
            for moment in (away_until_of(before or {}), away_until)
            if moment is not None and moment > now
        ]
        return max(candidates) if candidates else None

    def find_revision(self, summary: str, username: str) -> int | None:
        """GrowthExperiments' API does not say which revision it made: find it in the history
        (its summaries are wrapped: ``/* …-with-reason:<mentor>|<ours> */``)."""
        try:
            return find_revision(
                self.client,
                self.list_page,
                None,
                summary,
                account_name(self.client),
                subject=username,
            )
        except WikiError as error:
            log.warning("could not find the revision of our change: %s", error)
            return None

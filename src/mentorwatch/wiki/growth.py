"""The ``growth`` backend: wikis running GrowthExperiments, through its own API modules.

What the wiki supports is detected with ``action=paraminfo`` (:mod:`.growth_features`):

* the list is read with ``list=growthmentorlist`` where it exists, else from the raw page;
* ``action=growthmanagementorlist`` writes. MediaWiki booleans are true when present, false
  when absent, so every field is sent explicitly every time: ``autoassigned`` (REL1_39) is sent
  whenever the mentor is auto-assigned, and where the module knows ``isaway``, a mentor's
  current away period is re-sent with any ``change`` (a ``change`` without it clears away);
* without ``isaway`` (REL1_39) a mentor is *paused* instead (weight 0, journaled);
* removal leaves mentees behind: the cycle reassigns them (:meth:`set_mentor`).

Away on REL1_40-REL1_44 is the mentor's private preference; :meth:`read_list` fills each entry's
``awayTimestamp`` from Special:ManageMentors (:mod:`.manage_mentors`). Where it cannot, the
mentor's away is *unknown* (``Capabilities.away_readable``) and a ``change`` of them is refused,
because a ``change`` without ``isaway`` ends the away.

No base revision can be given to these modules, so each write re-reads the entry first and
refuses if it changed since the decision; a concurrent change in the short window between
that read and the write is not detectable through this API.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from mentorwatch.domain.mentors import WEIGHT_NONE, WEIGHT_NORMAL
from mentorwatch.domain.timeutil import SECONDS_PER_DAY, format_timestamp, parse_timestamp
from mentorwatch.wiki import mentees
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import ApiError, WikiError
from mentorwatch.wiki.growth_features import (
    GrowthFeatures,
    echoed_away,
    refuse_ignored_parameters,
    weight_of,
)
from mentorwatch.wiki.history import account_name, find_revision
from mentorwatch.wiki.manage_mentors import (
    MentorStatus,
    read_manage_mentors,
    user_names,
    with_away,
)
from mentorwatch.wiki.mentorlist import (
    CONFIG_PAGE,
    MENTOR_LIST_PAGE,
    AwayUnknown,
    Capabilities,
    EntryChanged,
    MentorListBackend,
    RawEntry,
    RawMentorList,
    Written,
    away_until_of,
)

log = logging.getLogger(__name__)


class GrowthBackend(GrowthFeatures, MentorListBackend):
    name = "growth"

    def __init__(
        self,
        client: MediaWikiClient,
        list_page: str = MENTOR_LIST_PAGE,
        config_page: str = CONFIG_PAGE,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        super().__init__(client, list_page, config_page)
        self.clock = clock
        self._modules = None
        #: ids of listed mentors whose away the last read_list() could not see
        self._away_unknown: frozenset[str] = frozenset()
        self._away_page_readable: bool | None = None

    def capabilities(self) -> Capabilities:
        notes = []
        if not self.has_isaway:
            notes.append(
                "this GrowthExperiments cannot mark mentors away through the API: inactive "
                "mentors are paused (no automatic assignment) instead"
            )
        away_readable = self.has_isaway and (
            _away_in_list(self._read_entries()) or self._manage_mentors_readable()
        )
        if not away_readable:
            notes.append(
                "mentors' own away cannot be read on this wiki: mentorwatch cannot tell an away "
                "mentor from an active one"
            )
        away_stops_assignment = self.has_isaway and self.has_cleaner_code()
        if self.has_isaway and not away_stops_assignment:
            notes.append(
                "this GrowthExperiments still gives away mentors new newcomers: a mentor marked "
                "away also gets weight 0 until they are back (their weight is kept)"
            )
        return Capabilities(
            backend=self.name,
            can_mark_away=self.has_isaway,
            has_mentees=True,
            upstream_cleaner=self.upstream_cleaner(),
            notes=tuple(notes),
            away_readable=away_readable,
            away_stops_assignment=away_stops_assignment,
        )

    # --- reading --------------------------------------------------------------------------

    def read_config(self) -> dict[str, Any]:
        if "communityconfiguration" in self.modules():
            return self._community_config()
        return self.read_config_page()

    def write_config(self, document: Mapping[str, Any], summary: str) -> int:
        if "communityconfiguration" in self.modules():
            raise WikiError(
                "this wiki keeps the Mentorship configuration in CommunityConfiguration, which "
                "mentorwatch cannot edit yet: use Special:CommunityConfiguration/Mentorship"
            )
        return self.write_config_page(document, summary)

    def read_list(self) -> RawMentorList:
        """The list; on wikis where away is only a preference, with each mentor's away
        (``awayTimestamp``) read from Special:ManageMentors (see the module docstring)."""
        entries = self._read_entries()
        self._away_unknown = frozenset()
        if self.has_isaway and entries and not _away_in_list(entries):
            # away lives only in preferences (REL1_40-REL1_44), or nobody is away
            entries = self._with_away_from_manage_mentors(entries)
        return RawMentorList(entries, self._away_unknown)

    def _read_entries(self) -> dict[str, RawEntry]:
        if "growthmentorlist" in self.modules():
            result = self.client.get(action="query", list="growthmentorlist")
            listed = result.get("growthmentorlist", {})
            if isinstance(listed, dict) and isinstance(listed.get("mentors"), dict):
                listed = listed["mentors"]
            if not isinstance(listed, dict):  # REL1_42+: an empty list is a JSON []
                return {}
            return {str(key): dict(value) for key, value in listed.items()}
        return {key: dict(value) for key, value in self.read_list_page().entries.items()}

    def _with_away_from_manage_mentors(self, entries: dict[str, RawEntry]) -> dict[str, RawEntry]:
        names = user_names(self.client, entries)
        filled, unknown = with_away(entries, self._manage_mentors_statuses(), names, self.clock())
        self._away_unknown = unknown
        return filled

    def _manage_mentors_readable(self) -> bool:
        if self._away_page_readable is None:
            self._manage_mentors_statuses()
        return bool(self._away_page_readable)

    def _manage_mentors_statuses(self) -> dict[str, MentorStatus] | None:
        statuses = read_manage_mentors(self.client)
        self._away_page_readable = statuses is not None
        return statuses

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
        if not self.has_isaway:
            raise WikiError("this wiki cannot mark mentors away; pause them instead")
        self._check_unchanged(user_id, expected)
        return self._change(
            user_id, username, expected, expected, summary, away_until=away_until, weight=weight
        )

    def set_weight(
        self, user_id: int, username: str, expected: RawEntry, weight: int, summary: str
    ) -> Written:
        self._check_unchanged(user_id, expected)
        return self._change(user_id, username, expected, expected, summary, weight=weight)

    def remove(self, user_id: int, username: str, expected: RawEntry, summary: str) -> Written:
        self._check_unchanged(user_id, expected)
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
        return Written(None, self._find_revision(summary, username))

    def put_entry(
        self,
        user_id: int,
        username: str,
        expected: RawEntry | None,
        entry: RawEntry,
        summary: str,
    ) -> Written:
        self._check_unchanged(user_id, expected)
        return self._change(
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
        if self.has_isaway and not self.has_setmentorstatus:
            self._check_unchanged(user_id, entry)
            return self._change(
                user_id, username, entry, entry, summary, own=True, away_until=until, exact=True
            )
        days = max(1, math.ceil((until - self.clock()).total_seconds() / SECONDS_PER_DAY))
        result = self.client.post_with_token(
            action="growthsetmentorstatus", gesstatus="away", gesbackindays=days
        )
        back = result.get("growthsetmentorstatus", {}).get("backintimestamp", {}).get("raw")
        until = parse_timestamp(str(back)) if back else self.clock() + timedelta(days=days)
        # a preference, not an edit: no revision
        return Written({**entry, "awayTimestamp": format_timestamp(until)}, edited_page=False)

    def set_own_active(self, user_id: int, username: str, entry: RawEntry, summary: str) -> Written:
        """The signed-in mentor comes back: a ``change`` as themselves without ``isaway``
        (REL1_41+; no revision), or ``growthsetmentorstatus gesstatus=active``."""
        if self.has_isaway and not self.has_setmentorstatus:
            self._check_unchanged(user_id, entry)
            return self._change(user_id, username, entry, entry, summary, own=True, exact=True)
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

    def _check_unchanged(self, user_id: int, expected: RawEntry | None) -> None:
        current = self.read_list().entries.get(str(user_id))
        if current != expected:
            raise EntryChanged(
                f"the list entry of mentor #{user_id} changed since it was read "
                f"({expected!r} -> {current!r})"
            )

    def _change(
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
        if self.has_isaway:
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
        back = echoed_away(result) if self.has_isaway else None
        if back is not None:  # GrowthExperiments answers with the away it now holds
            written["awayTimestamp"] = format_timestamp(back)
        if not list_changes:
            # only the away changed: a preference on REL1_40-REL1_44, no revision
            return Written(written, None, edited_page=False)
        return Written(written, self._find_revision(summary, username))

    def _put_weight(self, params: dict[str, Any], written: RawEntry, weight: int) -> None:
        """The weight as this version stores it, in the request and in the entry written."""
        if self.has_autoassigned:
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
        # _check_unchanged() has just read the list: every mentor whose away it could not see
        # (page unreadable, mentor blocked or missing from the page) is in _away_unknown
        if geaction == "change" and str(user_id) in self._away_unknown:
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

    def _find_revision(self, summary: str, username: str) -> int | None:
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


def _away_in_list(entries: Mapping[str, RawEntry]) -> bool:
    """The list itself mirrors away (REL1_45+, master): some entry carries ``awayTimestamp``."""
    return any("awayTimestamp" in entry for entry in entries.values())

"""The ``growth`` backend: wikis running GrowthExperiments, through its own API modules.

What the wiki supports is detected with ``action=paraminfo`` (reference ge-1.39-api.md §6):

* the list is read with ``list=growthmentorlist`` where it exists, else from the raw page;
* ``action=growthmanagementorlist`` writes. MediaWiki booleans are true when present, false
  when absent, so every field is sent explicitly every time: ``autoassigned`` (REL1_39) is sent
  whenever the mentor is auto-assigned, and where the module knows ``isaway``, a mentor's
  current away period is re-sent with any ``change`` (a ``change`` without it clears away);
* where the module has no ``isaway`` (REL1_39, MediaWiki 1.39 LTS: away is a preference no
  admin API can set, and away mentors still get new mentees), a mentor is *paused* instead:
  automatic assignment off, the previous weight kept in mentorwatch's journal;
* removal does not reassign mentees through the API; :meth:`mentees` and :meth:`set_mentor`
  let the cycle reassign them (``growthsetmentor``).

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
from mentorwatch.domain.timeutil import format_timestamp, parse_timestamp
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import ApiError, WikiError
from mentorwatch.wiki.history import account_name, find_revision
from mentorwatch.wiki.mentorlist import (
    CONFIG_PAGE,
    MENTOR_LIST_PAGE,
    Capabilities,
    EntryChanged,
    MentorListBackend,
    RawEntry,
    RawMentorList,
    Written,
    away_until_of,
)

log = logging.getLogger(__name__)

PARAMINFO_MODULES = (
    "growthmanagementorlist|growthsetmentor|query+growthmentorlist|query+growthmentormentee"
    "|query+communityconfiguration"
)
CLEANER_KEYS = ("GEMentorshipShouldBeAutoawayed", "GEMentorshipShouldBeAutoremoved")


class NoGrowthExperiments(WikiError):
    """The wiki has no GrowthExperiments mentor list API."""


class GrowthBackend(MentorListBackend):
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
        self._modules: dict[str, dict[str, Any]] | None = None

    # --- what the wiki supports -----------------------------------------------------------

    def modules(self) -> dict[str, dict[str, Any]]:
        """paraminfo of the modules we use, by name (``query+x`` names as ``x``)."""
        if self._modules is None:
            result = self.client.get(action="paraminfo", modules=PARAMINFO_MODULES)
            self._modules = {m["name"]: m for m in result["paraminfo"].get("modules", [])}
        return self._modules

    def _manage_params(self) -> dict[str, dict[str, Any]]:
        manage = self.modules().get("growthmanagementorlist")
        if manage is None:
            raise NoGrowthExperiments(
                f"{self.client.api_url} has no action=growthmanagementorlist "
                "(GrowthExperiments is not installed); use --backend jsonpage"
            )
        return {param["name"]: param for param in manage.get("parameters", [])}

    @property
    def has_isaway(self) -> bool:
        return "isaway" in self._manage_params()

    @property
    def has_autoassigned(self) -> bool:
        return "autoassigned" in self._manage_params()

    def capabilities(self) -> Capabilities:
        notes = []
        if not self.has_isaway:
            notes.append(
                "this GrowthExperiments cannot mark mentors away through the API: inactive "
                "mentors are paused (no automatic assignment) instead"
            )
        return Capabilities(
            backend=self.name,
            can_mark_away=self.has_isaway,
            has_mentees=True,
            upstream_cleaner=self.upstream_cleaner(),
            notes=tuple(notes),
        )

    def upstream_cleaner(self) -> bool:
        """Whether this wiki's GrowthExperiments has its own cleanup (its config knows the keys)."""
        return "communityconfiguration" in self.modules() and any(
            key in self._community_config() for key in CLEANER_KEYS
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

    def _community_config(self) -> dict[str, Any]:
        result = self.client.get(
            action="query", meta="communityconfiguration", ccrprovider="Mentorship"
        )
        data = result.get("communityconfiguration", {}).get("data", {})
        return dict(data) if isinstance(data, dict) else {}

    def read_list(self) -> RawMentorList:
        if "growthmentorlist" in self.modules():
            result = self.client.get(action="query", list="growthmentorlist")
            listed = result.get("growthmentorlist", {})
            if isinstance(listed, dict) and isinstance(listed.get("mentors"), dict):
                listed = listed["mentors"]
            return RawMentorList({str(key): dict(value) for key, value in listed.items()})
        return self.read_list_page()

    def mentee_counts(self, usernames: list[str]) -> dict[str, int]:
        """How many mentees each mentor has: one request per mentor, a few at a time."""
        answers = self.client.map_get(
            [
                {"action": "query", "list": "growthmentormentee", "gemmmentor": name}
                for name in usernames
            ]
        )
        return {
            name: len(answer["growthmentormentee"]["mentees"])
            for name, answer in zip(usernames, answers, strict=True)
        }

    def mentees(self, username: str) -> list[tuple[int, str]]:
        result = self.client.get(action="query", list="growthmentormentee", gemmmentor=username)
        return [
            (int(mentee["id"]), str(mentee["name"]))
            for mentee in result["growthmentormentee"]["mentees"]
        ]

    # --- writing --------------------------------------------------------------------------

    def set_away(
        self, user_id: int, username: str, expected: RawEntry, away_until: datetime, summary: str
    ) -> Written:
        if not self.has_isaway:
            raise WikiError("this wiki cannot mark mentors away; pause them instead")
        self._check_unchanged(user_id, expected)
        return self._change(username, expected, summary, away_until=away_until)

    def set_weight(
        self, user_id: int, username: str, expected: RawEntry, weight: int, summary: str
    ) -> Written:
        self._check_unchanged(user_id, expected)
        return self._change(username, expected, summary, weight=weight)

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
        return Written(None, self._find_revision(summary))

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
            username, entry, summary, geaction="add" if expected is None else "change"
        )

    def set_own_away(
        self, user_id: int, username: str, entry: RawEntry, until: datetime, summary: str
    ) -> Written:
        """GrowthExperiments' own mentor-facing module, in whole days (REL1_39 and later)."""
        days = max(1, math.ceil((until - self.clock()).total_seconds() / 86400))
        result = self.client.post_with_token(
            action="growthsetmentorstatus", gesstatus="away", gesbackindays=days
        )
        back = result.get("growthsetmentorstatus", {}).get("backintimestamp", {}).get("raw")
        until = parse_timestamp(str(back)) if back else self.clock() + timedelta(days=days)
        # a preference, not an edit: no revision
        return Written({**entry, "awayTimestamp": format_timestamp(until)})

    def set_own_active(self, user_id: int, username: str, entry: RawEntry, summary: str) -> Written:
        self.client.post_with_token(action="growthsetmentorstatus", gesstatus="active")
        return Written({key: value for key, value in entry.items() if key != "awayTimestamp"})

    def own_away_status(self) -> bool | None:
        """The signed-in mentor's status, kept in their preferences (REL1_39)."""
        result = self.client.get(action="query", meta="growthmentorstatus")
        status = result.get("growthmentorstatus", {}).get("mentorstatus", "active")
        return bool(status == "away")

    def set_mentor(self, mentee: str, mentor: str, reason: str) -> None:
        try:
            self.client.post_with_token(
                action="growthsetmentor", mentee=mentee, mentor=mentor, reason=reason
            )
        except ApiError as error:
            if error.code != "growthexperiments-homepage-claimmentee-already-mentor":
                raise  # already theirs (a retried request): nothing to do

    def _check_unchanged(self, user_id: int, expected: RawEntry | None) -> None:
        current = self.read_list().entries.get(str(user_id))
        if current != expected:
            raise EntryChanged(
                f"the list entry of mentor #{user_id} changed since it was read "
                f"({expected!r} -> {current!r})"
            )

    def _change(
        self,
        username: str,
        entry: RawEntry,
        summary: str,
        *,
        weight: int | None = None,
        away_until: datetime | None = None,
        geaction: str = "change",
    ) -> Written:
        """``geaction=change`` (or ``add``) with every field explicit, from the entry."""
        new_weight = _weight_of(entry) if weight is None else weight
        params: dict[str, Any] = {
            "action": "growthmanagementorlist",
            "geaction": geaction,
            "username": username,
            "message": entry.get("message") or "",
            "summary": summary,
        }
        written: RawEntry = {**entry}
        if self.has_autoassigned:
            # REL1_39: weight is 1/2/4; "manual only" is autoassigned absent.
            stored_weight = new_weight or int(entry.get("weight") or WEIGHT_NORMAL) or WEIGHT_NORMAL
            params["weight"] = str(stored_weight)
            if new_weight != WEIGHT_NONE:
                params["autoassigned"] = 1
            written.update(weight=stored_weight, automaticallyAssigned=new_weight != WEIGHT_NONE)
        else:
            params["weight"] = str(new_weight)
            written["weight"] = new_weight
        if self.has_isaway:
            current = away_until_of(entry)
            if current is not None and current < self.clock():
                current = None  # an away period that has ended is not re-sent
            keep_away = away_until or current
            if keep_away is not None:
                params["isaway"] = 1
                params["awaytimestamp"] = format_timestamp(keep_away)
                written["awayTimestamp"] = format_timestamp(keep_away)
        result = self.client.post_with_token(**params)
        _refuse_ignored_parameters(result)
        return Written(written, self._find_revision(summary))

    def _find_revision(self, summary: str) -> int | None:
        """GrowthExperiments' API does not say which revision it made: find it in the history."""
        try:
            return find_revision(
                self.client, self.list_page, None, summary, account_name(self.client)
            )
        except WikiError as error:
            log.warning("could not find the revision of our change: %s", error)
            return None


def _weight_of(entry: RawEntry) -> int:
    if entry.get("automaticallyAssigned") is False:
        return WEIGHT_NONE
    weight = entry.get("weight", WEIGHT_NORMAL)
    return int(weight) if isinstance(weight, int) else WEIGHT_NORMAL


def _refuse_ignored_parameters(result: dict[str, Any]) -> None:
    """REL1_39 answers ``ok`` to parameters it does not know, with only a warning (04b)."""
    warning = str(result.get("warnings", {}).get("main", {}).get("warnings", ""))
    if "Unrecognized parameter" in warning:
        raise WikiError(f"the wiki ignored part of the change: {warning}")

"""What a wiki's GrowthExperiments offers, detected from the wiki itself, never from versions.

``action=paraminfo`` says which modules and parameters exist (``isaway`` from REL1_40,
``autoassigned`` until REL1_41, ``growthsetmentorstatus`` until REL1_40, ``list=growthmentorlist``
from REL1_42); the wiki's messages say whether it has GrowthExperiments' own cleaner (master).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mentorwatch.domain.mentors import WEIGHT_NONE, WEIGHT_NORMAL
from mentorwatch.domain.timeutil import parse_timestamp
from mentorwatch.wiki.api import MediaWikiClient
from mentorwatch.wiki.errors import WikiError

PARAMINFO_MODULES = (
    "growthmanagementorlist|growthsetmentor|growthsetmentorstatus|query+growthmentorlist"
    "|query+growthmentormentee|query+communityconfiguration"
)
CLEANER_KEYS = ("GEMentorshipShouldBeAutoawayed", "GEMentorshipShouldBeAutoremoved")
#: the edit summaries of GrowthExperiments' own cleaner (maintenance/cleanMentorList.php), in
#: its i18n only where the cleaner's code is (master since 2026-05; not REL1_43, REL1_45/46)
CLEANER_MESSAGES = (
    "growthexperiments-mentor-list-cleaner-mark-mentor-as-away-action",
    "growthexperiments-mentor-list-cleaner-remove-mentor-action",
)


class NoGrowthExperiments(WikiError):
    """The wiki has no GrowthExperiments mentor list API."""


class GrowthFeatures:
    """What one wiki's GrowthExperiments offers: its modules, parameters and cleaner (each read
    once, when first asked). The growth backend holds one."""

    def __init__(self, client: MediaWikiClient) -> None:
        self.client = client
        self._modules: dict[str, dict[str, Any]] | None = None
        self._cleaner_code: bool | None = None
        self._cleaner_wording: dict[str, str] = {}

    def modules(self) -> dict[str, dict[str, Any]]:
        """paraminfo of the modules we use, by name (``query+x`` names as ``x``)."""
        if self._modules is None:
            result = self.client.get(action="paraminfo", modules=PARAMINFO_MODULES)
            self._modules = {m["name"]: m for m in result["paraminfo"].get("modules", [])}
        return self._modules

    @property
    def has_manage_module(self) -> bool:
        """``action=growthmanagementorlist``: GrowthExperiments' mentor list API exists."""
        return "growthmanagementorlist" in self.modules()

    @property
    def has_mentor_list_query(self) -> bool:
        """``list=growthmentorlist`` (REL1_42+)."""
        return "growthmentorlist" in self.modules()

    @property
    def has_community_configuration(self) -> bool:
        """The Mentorship configuration lives in CommunityConfiguration."""
        return "communityconfiguration" in self.modules()

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

    @property
    def has_setmentorstatus(self) -> bool:
        """``action=growthsetmentorstatus`` (a mentor's own away in days): REL1_39-REL1_40."""
        return "growthsetmentorstatus" in self.modules()

    def upstream_cleaner(self) -> bool:
        """Whether this wiki's GrowthExperiments has its own mentor list cleaner.

        Only master has it (``cleanMentorList.php``, ge-versions §1). Detected from what the
        extension offers, not from configuration contents (REL1_43 + CommunityConfiguration
        returns whatever keys the page holds, known to its schema or not): the cleaner's own
        edit summaries exist among the wiki's messages, and the Mentorship configuration (which
        CommunityConfiguration fills with its schema's defaults) has the cleaner's keys. The
        server-side flag ``GEMentorshipCleanupEnabled`` is not readable through the API.
        """
        config = self.cleaner_config()
        return config is not None and any(key in config for key in CLEANER_KEYS)

    def cleaner_config(self) -> dict[str, Any] | None:
        """The Mentorship configuration where the wiki has the cleaner's code (there its keys
        are GrowthExperiments' own cleaner's rules); None elsewhere."""
        if not self.has_community_configuration or not self.has_cleaner_code():
            return None
        return self.community_config()

    def has_cleaner_code(self) -> bool:
        """The wiki's GrowthExperiments is the 2026 code (master): its cleaner's messages exist.

        That code also keeps away mentors out of the draw for a newcomer's *primary* mentor
        (``MentorManager::getRandomAutoAssignedMentor`` excludes ``getAwayMentors()``); REL1_39
        to REL1_43 draw the primary among every mentor with a weight, away or not."""
        if self._cleaner_code is None:
            language = self.client.site_info().get("lang")
            in_language = {"amlang": str(language)} if language else {}
            result = self.client.get(
                action="query",
                meta="allmessages",
                ammessages="|".join(CLEANER_MESSAGES),
                **in_language,
            )
            messages = result.get("query", {}).get("allmessages", [])
            self._cleaner_code = len(messages) == len(CLEANER_MESSAGES) and not any(
                m.get("missing") for m in messages
            )
            self._cleaner_wording = {
                str(m.get("name")): str(m.get("content", m.get("*", "")))
                for m in messages
                if not m.get("missing")
            }
        return self._cleaner_code

    def cleaner_wording(self) -> dict[str, str]:
        """The texts of the cleaner's edit summaries on this wiki, in its content language
        (``amlang``), by message name; none where the wiki has not the cleaner's code."""
        return dict(self._cleaner_wording) if self.has_cleaner_code() else {}

    def describe(self) -> str:
        """Which GrowthExperiments this is, from what it offers (ge-versions.md §1)."""
        if self.has_setmentorstatus:
            branch = "REL1_40" if self.has_isaway else "REL1_39 (no away through the API)"
        elif self.has_autoassigned:
            branch = "REL1_41"
        elif self.has_cleaner_code():
            branch = "2026 or later (Wikimedia's), with its own cleanup code"
        elif self.has_mentor_list_query:
            branch = "REL1_42 to REL1_46"
        else:
            branch = "of an unknown branch"
        configuration = (
            ", settings in CommunityConfiguration" if self.has_community_configuration else ""
        )
        return f"GrowthExperiments {branch}{configuration}"

    def community_config(self) -> dict[str, Any]:
        """The Mentorship configuration as CommunityConfiguration gives it."""
        result = self.client.get(
            action="query", meta="communityconfiguration", ccrprovider="Mentorship"
        )
        data = result.get("communityconfiguration", {}).get("data", {})
        return dict(data) if isinstance(data, dict) else {}


def weight_of(entry: Mapping[str, Any]) -> int:
    if entry.get("automaticallyAssigned") is False:
        return WEIGHT_NONE
    weight = entry.get("weight", WEIGHT_NORMAL)
    return int(weight) if isinstance(weight, int) else WEIGHT_NORMAL


def refuse_ignored_parameters(result: dict[str, Any]) -> None:
    """REL1_39 answers ``ok`` to parameters it does not know, with only a warning (04b)."""
    warning = str(result.get("warnings", {}).get("main", {}).get("warnings", ""))
    if "Unrecognized parameter" in warning:
        raise WikiError(f"the wiki ignored part of the change: {warning}")


def echoed_away(result: dict[str, Any]) -> datetime | None:
    """The away a ``growthmanagementorlist`` answer says the mentor now has (REL1_40+)."""
    echoed = result.get("growthmanagementorlist", {}).get("mentor", {})
    back = echoed.get("awayTimestamp") if isinstance(echoed, dict) else None
    return parse_timestamp(str(back)) if back else None

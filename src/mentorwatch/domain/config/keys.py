"""The configuration's fields, under the two sets of key names they are stored with.

mentorwatch's own **rules page** (default ``Project:Mentorwatch/Rules.json``) uses readable
names of our own (:data:`RULES_KEYS`); the **legacy** place, GrowthExperiments' configuration
page, holds the same settings under GrowthExperiments' key names plus ``Mentorwatch*`` ones
(:data:`LEGACY_KEYS`). Both parse into the same
:class:`~mentorwatch.domain.config.community.CommunityConfig`. Each field has its limits,
default and help here, and so do the parameters the community's warning text may use.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mentorwatch.domain.config.community_rules import SECTION_KEYS

MIN_DAYS = 1
MAX_DAYS = 3650
MAX_TEXT = 5000

DEFAULT_AUTOAWAY_DAYS = 10
DEFAULT_AUTOREMOVE_DAYS = 30
DEFAULT_WARN_DAYS = 7
DEFAULT_QUESTIONS_WINDOW_DAYS = 30
DEFAULT_QUESTIONS_WAITING_DAYS = 7
DEFAULT_MINIMUM_POOL = 3
MAX_MINIMUM_POOL = 10000


#: The parameters the community's warning heading and text may use (``$1``, ``$2``…; the
#: default texts are :mod:`mentorwatch.domain.wiki_texts`').
WARNING_PARAMETERS = {
    "$1": "the date of the planned removal",
    "$2": "the removal threshold in days",
    "$3": "the away threshold in days",
    "$4": "the mentor's user name",
    "$5": "how many days the warning comes before the removal",
}

#: The parameters of the community's notice after an action (marked away, paused, removed)
NOTICE_PARAMETERS = {
    "$1": "the mentor's user name",
    "$2": "what was done (marked as away, paused, removed), in the wiki's language",
    "$3": "the days of inactivity that led to it (a community rule's action: its evidence)",
    "$4": "the date the away period ends (empty where it has none, and after a removal)",
}

#: The parameters of the community's nudge about mentees' questions waiting
NUDGE_PARAMETERS = {
    "$1": "the mentor's user name",
    "$2": "how many questions wait",
    "$3": "the days after which a question counts as waiting",
    "$4": "the questions, each linked to its diff (in the wiki's language)",
}

#: The parameters of the community's notice that an away period runs past the removal date
AWAY_NOTICE_PARAMETERS = {
    "$1": "the mentor's user name",
    "$2": "the date the away period ends",
    "$3": "the date the mentor would be removed for inactivity",
}


@dataclass(frozen=True)
class Field:
    """One setting: the ``CommunityConfig`` attribute it fills, its type, default and help."""

    attr: str
    kind: type
    default: bool | int | str
    title: str
    description: str
    #: the bounds of a whole number, and what it counts (days, or mentors)
    low: int = MIN_DAYS
    high: int = MAX_DAYS
    unit: str = "days"
    #: a text's parameters (``$1``…) and what each means; any other ``$N`` is refused
    parameters: Mapping[str, str] | None = None


def _help(parameters: Mapping[str, str]) -> str:
    return ", ".join(f"{key} {meaning}" for key, meaning in parameters.items())


_PARAMETERS_HELP = _help(WARNING_PARAMETERS)
_TEXT_HELP = "Optional wikitext; empty for the default (in the wiki's language). Parameters: "
_HEADING_HELP = "Optional, one line of wikitext; empty for the default. Parameters: "

FIELDS: tuple[Field, ...] = (
    Field(
        "autoaway_enabled",
        bool,
        False,
        "Mark inactive mentors as Away?",
        "When true, mentors inactive for more than the away days are marked Away "
        "and get no new mentees.",
    ),
    Field(
        "autoaway_after_days",
        int,
        DEFAULT_AUTOAWAY_DAYS,
        "Days of inactivity before marking as Away",
        "Whole days, 1 to 3650. Must be less than the removal days when both rules are on.",
    ),
    Field(
        "autoremove_enabled",
        bool,
        False,
        "Remove inactive mentors?",
        "When true, mentors inactive for more than the removal days are removed from the "
        "mentor list and their mentees are reassigned.",
    ),
    Field(
        "autoremove_after_days",
        int,
        DEFAULT_AUTOREMOVE_DAYS,
        "Days of inactivity before removal",
        "Whole days, 1 to 3650. Also the longest a mentor may set themselves Away while "
        "removal is on.",
    ),
    Field(
        "warn_enabled",
        bool,
        False,
        "Warn mentors before removing them?",
        "When true (and removal is on), a mentor is told on their talk page before they are "
        "removed, and not removed by mentorwatch until the warning is that old.",
    ),
    Field(
        "warn_days_before_removal",
        int,
        DEFAULT_WARN_DAYS,
        "Days of warning before removal",
        "Whole days, 1 to 3650, less than the removal days.",
    ),
    Field(
        "notify_enabled",
        bool,
        False,
        "Tell mentors when they are marked Away or removed?",
        "A short message on the mentor's talk page after the change.",
    ),
    Field(
        "warning_heading",
        str,
        "",
        "Heading of the warning",
        "Optional, one line of wikitext; empty for the default. Parameters: " + _PARAMETERS_HELP,
        parameters=WARNING_PARAMETERS,
    ),
    Field(
        "warning_text",
        str,
        "",
        "Text of the warning",
        "Optional wikitext; empty for the default. Parameters: " + _PARAMETERS_HELP,
        parameters=WARNING_PARAMETERS,
    ),
    Field(
        "notice_heading",
        str,
        "",
        "Heading of the notice after an action",
        _HEADING_HELP + _help(NOTICE_PARAMETERS),
        parameters=NOTICE_PARAMETERS,
    ),
    Field(
        "notice_text",
        str,
        "",
        "Text of the notice after an action (marked away, paused, removed)",
        _TEXT_HELP + _help(NOTICE_PARAMETERS),
        parameters=NOTICE_PARAMETERS,
    ),
    Field(
        "away_notice_heading",
        str,
        "",
        "Heading of the notice that an away period runs past the removal date",
        _HEADING_HELP + _help(AWAY_NOTICE_PARAMETERS),
        parameters=AWAY_NOTICE_PARAMETERS,
    ),
    Field(
        "away_notice_text",
        str,
        "",
        "Text of the notice that an away period runs past the removal date",
        _TEXT_HELP + _help(AWAY_NOTICE_PARAMETERS),
        parameters=AWAY_NOTICE_PARAMETERS,
    ),
    Field(
        "nudge_heading",
        str,
        "",
        "Heading of the nudge about mentees' questions waiting",
        _HEADING_HELP + _help(NUDGE_PARAMETERS),
        parameters=NUDGE_PARAMETERS,
    ),
    Field(
        "nudge_text",
        str,
        "",
        "Text of the nudge about mentees' questions waiting",
        _TEXT_HELP + _help(NUDGE_PARAMETERS),
        parameters=NUDGE_PARAMETERS,
    ),
    Field(
        "questions_window_days",
        int,
        DEFAULT_QUESTIONS_WINDOW_DAYS,
        "Days of mentees' questions counted",
        "Whole days, 1 to 3650: questions asked in this many days are counted per mentor.",
    ),
    Field(
        "questions_waiting_days",
        int,
        DEFAULT_QUESTIONS_WAITING_DAYS,
        "Days before an unanswered question counts as waiting",
        "Whole days, 1 to 3650, less than the days of questions counted.",
    ),
    Field(
        "nudge_enabled",
        bool,
        False,
        "Nudge mentors whose questions wait?",
        "When true, a mentor with questions waiting longer than the waiting days gets one "
        "friendly note listing them (once per question). Never marks away or removes anyone.",
    ),
    Field(
        "minimum_pool",
        int,
        DEFAULT_MINIMUM_POOL,
        "Fewest mentors taking newcomers",
        "Whole number of mentors, 0 to 10000: a plan that would leave fewer mentors taking "
        "newcomers (not away, weight above 0) is refused before any write.",
        low=0,
        high=MAX_MINIMUM_POOL,
        unit="mentors",
    ),
)


#: settings written into a document only when they differ from their default (added later:
#: documents and snapshots made before them stay exactly as they were)
WRITTEN_WHEN_SET = frozenset(
    {
        "questions_window_days",
        "questions_waiting_days",
        "nudge_enabled",
        "minimum_pool",
        "notice_heading",
        "notice_text",
        "away_notice_heading",
        "away_notice_text",
        "nudge_heading",
        "nudge_text",
    }
)


@dataclass(frozen=True)
class KeySet:
    """The key names one place stores the settings under."""

    name: str
    #: key name by ``CommunityConfig`` attribute (every attribute of :data:`FIELDS`)
    keys: tuple[tuple[str, str], ...]
    #: the key of the exemptions list (None: this place cannot hold exemptions)
    exemptions: str | None
    #: other GrowthExperiments settings (``GE*``) share the page and are read past
    shares_growth_page: bool
    #: the keys of the community rules' sections (objects; :mod:`.community_rules`)
    sections: tuple[str, ...] = ()

    def key(self, attr: str) -> str:
        return dict(self.keys)[attr]

    @property
    def by_key(self) -> dict[str, Field]:
        by_attr = {field.attr: field for field in FIELDS}
        return {key: by_attr[attr] for attr, key in self.keys}

    @property
    def all_keys(self) -> tuple[str, ...]:
        own = (*(key for _, key in self.keys), *self.sections)
        return own if self.exemptions is None else (*own, self.exemptions)


RULES_KEYS = KeySet(
    "rules page",
    (
        ("autoaway_enabled", "MarkInactiveMentorsAway"),
        ("autoaway_after_days", "AwayAfterDays"),
        ("autoremove_enabled", "RemoveInactiveMentors"),
        ("autoremove_after_days", "RemoveAfterDays"),
        ("warn_enabled", "WarnBeforeRemoval"),
        ("warn_days_before_removal", "WarnDaysBeforeRemoval"),
        ("notify_enabled", "NotifyOnAction"),
        ("warning_heading", "WarningHeading"),
        ("warning_text", "WarningText"),
        ("questions_window_days", "QuestionsWindowDays"),
        ("questions_waiting_days", "QuestionsWaitingDays"),
        ("nudge_enabled", "NudgeWaitingQuestions"),
        ("minimum_pool", "MinimumMentorsTakingNewcomers"),
        ("notice_heading", "NoticeHeading"),
        ("notice_text", "NoticeText"),
        ("away_notice_heading", "AwayNoticeHeading"),
        ("away_notice_text", "AwayNoticeText"),
        ("nudge_heading", "NudgeHeading"),
        ("nudge_text", "NudgeText"),
    ),
    "Exemptions",
    shares_growth_page=False,
    sections=SECTION_KEYS,
)

LEGACY_KEYS = KeySet(
    "GrowthExperiments' configuration page (legacy)",
    (
        ("autoaway_enabled", "GEMentorshipShouldBeAutoawayed"),
        ("autoaway_after_days", "GEMentorshipAutoawayedAfterDays"),
        ("autoremove_enabled", "GEMentorshipShouldBeAutoremoved"),
        ("autoremove_after_days", "GEMentorshipAutoremovedAfterDays"),
        ("warn_enabled", "MentorwatchWarnBeforeRemoval"),
        ("warn_days_before_removal", "MentorwatchWarnDaysBeforeRemoval"),
        ("notify_enabled", "MentorwatchNotifyOnAction"),
        ("warning_heading", "MentorwatchWarningHeading"),
        ("warning_text", "MentorwatchWarningText"),
        ("questions_window_days", "MentorwatchQuestionsWindowDays"),
        ("questions_waiting_days", "MentorwatchQuestionsWaitingDays"),
        ("nudge_enabled", "MentorwatchNudgeWaitingQuestions"),
        ("minimum_pool", "MentorwatchMinimumMentorsTakingNewcomers"),
        ("notice_heading", "MentorwatchNoticeHeading"),
        ("notice_text", "MentorwatchNoticeText"),
        ("away_notice_heading", "MentorwatchAwayNoticeHeading"),
        ("away_notice_text", "MentorwatchAwayNoticeText"),
        ("nudge_heading", "MentorwatchNudgeHeading"),
        ("nudge_text", "MentorwatchNudgeText"),
    ),
    None,
    shares_growth_page=True,
)

#: the rules page's name for each legacy key (migration; hints for keys on the wrong page)
LEGACY_TO_RULES = {LEGACY_KEYS.key(attr): key for attr, key in RULES_KEYS.keys}

#: GrowthExperiments' keys (the legacy page), kept as names for the code that uses them
AUTOAWAY_ENABLED = LEGACY_KEYS.key("autoaway_enabled")
AUTOAWAY_DAYS = LEGACY_KEYS.key("autoaway_after_days")
AUTOREMOVE_ENABLED = LEGACY_KEYS.key("autoremove_enabled")
AUTOREMOVE_DAYS = LEGACY_KEYS.key("autoremove_after_days")
WARN_ENABLED = LEGACY_KEYS.key("warn_enabled")
WARN_DAYS = LEGACY_KEYS.key("warn_days_before_removal")
WARNING_HEADING = LEGACY_KEYS.key("warning_heading")
WARNING_TEXT = LEGACY_KEYS.key("warning_text")

#: Other settings of upstream's Mentorship provider page: read past, never rejected.
UPSTREAM_MENTORSHIP_KEYS = frozenset(
    {
        "GEMentorshipEnabled",
        "GEMentorshipAutomaticEligibility",
        "GEMentorshipMinimumAge",
        "GEMentorshipMinimumEditcount",
        "GEMentorshipStartOptedOutThresholds",
        "GEMentorshipReassignMenteesBatchSize",
        "GEPersonalizedPraiseDays",
        "GEPersonalizedPraiseDefaultNotificationsFrequency",
        "GEPersonalizedPraiseMaxEdits",
        "GEPersonalizedPraiseMinEdits",
        "GEPersonalizedPraiseMaxReverts",
        "GEPersonalizedPraiseNotificationsEnabled",
    }
)

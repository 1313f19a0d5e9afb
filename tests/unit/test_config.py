"""Community configuration: defaults, validation, typos, cross-field rule, schema."""

from __future__ import annotations

import pytest

from mentorwatch.domain.config import (
    AUTOAWAY_DAYS,
    AUTOAWAY_ENABLED,
    AUTOREMOVE_DAYS,
    AUTOREMOVE_ENABLED,
    LEGACY_KEYS,
    CommunityConfig,
    ConfigError,
    ignored_keys,
    parse_config,
)
from mentorwatch.domain.config.schema import config_json_schema
from mentorwatch.domain.message import english


def problems(data: object) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(data)
    return [str(problem) for problem in caught.value.problems]


def test_empty_config_has_both_rules_off_with_defaults_10_and_30() -> None:
    assert parse_config({}) == CommunityConfig(False, 10, False, 30)


def test_switching_rules_on_uses_the_default_days() -> None:
    config = parse_config({AUTOAWAY_ENABLED: True, AUTOREMOVE_ENABLED: True})
    assert (config.autoaway_after_days, config.autoremove_after_days) == (10, 30)
    assert config.autoaway_enabled and config.autoremove_enabled


def test_reads_a_korean_style_config() -> None:
    config = parse_config(
        {AUTOAWAY_ENABLED: True, AUTOAWAY_DAYS: 14, AUTOREMOVE_ENABLED: True, AUTOREMOVE_DAYS: 90}
    )
    assert config.to_wiki_json() == {
        AUTOAWAY_ENABLED: True,
        AUTOAWAY_DAYS: 14,
        AUTOREMOVE_ENABLED: True,
        AUTOREMOVE_DAYS: 90,
    }


@pytest.mark.parametrize("days", [-3, 0, 3651, 2.5, "10", None, True])
def test_bad_days_name_the_key_the_value_and_the_range(days: object) -> None:
    (message,) = problems({AUTOAWAY_DAYS: days})
    assert message.startswith(f"{AUTOAWAY_DAYS}: ")
    assert "1 to 3650" in message


def test_negative_days_message_shows_the_value() -> None:
    (message,) = problems({AUTOAWAY_DAYS: -3})
    assert "-3 is not allowed" in message


@pytest.mark.parametrize("days", [1, 3650])
def test_days_limits_are_inclusive(days: int) -> None:
    assert parse_config({AUTOREMOVE_DAYS: days}).autoremove_after_days == days


@pytest.mark.parametrize("flag", ["yes", 1, 0, None, "true"])
def test_flags_must_be_json_booleans(flag: object) -> None:
    (message,) = problems({AUTOREMOVE_ENABLED: flag})
    assert message.startswith(AUTOREMOVE_ENABLED)
    assert "true or false" in message


def test_away_days_not_below_removal_days_is_refused_when_both_are_on() -> None:
    (message,) = problems(
        {AUTOAWAY_ENABLED: True, AUTOAWAY_DAYS: 40, AUTOREMOVE_ENABLED: True, AUTOREMOVE_DAYS: 30}
    )
    assert message.startswith(AUTOAWAY_DAYS)
    assert "40" in message and "30" in message and "less than" in message


def test_equal_away_and_removal_days_are_refused() -> None:
    assert problems(
        {AUTOAWAY_ENABLED: True, AUTOAWAY_DAYS: 30, AUTOREMOVE_ENABLED: True, AUTOREMOVE_DAYS: 30}
    )


def test_away_days_above_removal_days_are_fine_when_removal_is_off() -> None:
    config = parse_config({AUTOAWAY_ENABLED: True, AUTOAWAY_DAYS: 40, AUTOREMOVE_DAYS: 30})
    assert config.autoaway_after_days == 40


def test_cross_field_rule_uses_the_default_removal_days() -> None:
    (message,) = problems({AUTOAWAY_ENABLED: True, AUTOAWAY_DAYS: 31, AUTOREMOVE_ENABLED: True})
    assert "(30)" in message


@pytest.mark.parametrize(
    ("typo", "meant"),
    [
        ("GEMentorshipAutoawayedAfterDay", AUTOAWAY_DAYS),
        ("GEMentorshipShouldBeAutoAwayed", AUTOAWAY_ENABLED),
        ("GEMentorshipShouldbeAutoremoved", AUTOREMOVE_ENABLED),
        ("gementorshipautoremovedafterdays", AUTOREMOVE_DAYS),
        ("GEMentorshipAutoRemovedAfterDays", AUTOREMOVE_DAYS),
    ],
)
def test_a_typo_is_refused_with_a_suggestion(typo: str, meant: str) -> None:
    (message,) = problems({typo: True})
    assert message.startswith(f"{typo}: unknown key")
    assert f'did you mean "{meant}"' in message


def test_an_unknown_non_growthexperiments_key_is_refused() -> None:
    (message,) = problems({"removeAfter": 30})
    assert message.startswith("removeAfter: unknown key")


def test_other_growthexperiments_settings_are_ignored_not_refused() -> None:
    page = {
        "GEMentorshipEnabled": True,
        "GEMentorshipMinimumAge": 90,
        "GEPersonalizedPraiseDays": 7,
        "GEMentorshipStartOptedOutThresholds": {"enabled": False},
        "GESomeFutureSetting": 1,
        "$version": "1.0.0",
        AUTOAWAY_ENABLED: True,
    }
    assert parse_config(page).autoaway_enabled
    assert ignored_keys(page) == [
        "GEMentorshipEnabled",
        "GEMentorshipMinimumAge",
        "GEPersonalizedPraiseDays",
        "GEMentorshipStartOptedOutThresholds",
        "GESomeFutureSetting",
        "$version",
    ]


@pytest.mark.parametrize("document", [[], "text", 3, None])
def test_the_top_level_must_be_an_object(document: object) -> None:
    (message,) = problems(document)
    assert message.startswith("(top level): expected a JSON object")


def test_every_problem_is_reported_at_once() -> None:
    found = problems({AUTOAWAY_DAYS: 0, AUTOREMOVE_ENABLED: "no", "GEMentorshipAutoawayed": 1})
    assert len(found) == 3


def test_schema_describes_the_keys_with_defaults_and_ranges() -> None:
    schema = config_json_schema(LEGACY_KEYS)
    props = schema["properties"]
    assert {AUTOAWAY_ENABLED, AUTOAWAY_DAYS, AUTOREMOVE_ENABLED, AUTOREMOVE_DAYS} <= set(props)
    assert all(key.startswith(("GEMentorship", "Mentorwatch")) for key in props)
    assert props[AUTOAWAY_ENABLED] == props[AUTOAWAY_ENABLED] | {
        "type": "boolean",
        "default": False,
    }
    assert props[AUTOREMOVE_DAYS]["default"] == 30
    assert (props[AUTOAWAY_DAYS]["minimum"], props[AUTOAWAY_DAYS]["maximum"]) == (1, 3650)


def test_the_notices_texts_take_their_own_parameters() -> None:
    """Each community text is checked against its own parameters: a ``$N`` that means
    nothing there is refused, named with the ones that do."""
    from mentorwatch.domain.config import RULES_KEYS

    config = parse_config(
        {"NoticeText": "$1 $2 $3 $4", "AwayNoticeHeading": "$1 $2 $3"}, RULES_KEYS
    )
    assert (config.notice_text, config.away_notice_heading) == ("$1 $2 $3 $4", "$1 $2 $3")
    with pytest.raises(ConfigError) as refused:
        parse_config({"AwayNoticeText": "until $2, removal $3, $4?"}, RULES_KEYS)
    (problem,) = refused.value.problems
    assert problem.key == "AwayNoticeText"
    assert "$4" in english(problem.message) and "$1, $2, $3" in english(problem.message)
    with pytest.raises(ConfigError) as heading:
        parse_config({"NoticeHeading": "Hi\n$1"}, RULES_KEYS)
    assert heading.value.problems[0].key == "NoticeHeading"
    nudge = parse_config({"NudgeHeading": "$1", "NudgeText": "$1 $2 $3 $4"}, RULES_KEYS)
    assert (nudge.nudge_heading, nudge.nudge_text) == ("$1", "$1 $2 $3 $4")
    with pytest.raises(ConfigError) as nudged:
        parse_config({"NudgeText": "$2 questions: $4, see $5"}, RULES_KEYS)
    assert nudged.value.problems[0].key == "NudgeText"
    assert "$5" in english(nudged.value.problems[0].message)

"""The community rules on the rules page (issue 24): off by default, each community's rule
expressible, one error per bad value naming its key, nothing taken from a bad page."""

from __future__ import annotations

from typing import Any

import pytest

from mentorwatch.domain.config import RULES_KEYS, ConfigError, config_json_schema, parse_config
from mentorwatch.domain.config.community_rules import (
    Combine,
    CommunityRules,
    EditsRule,
    NamespaceGroup,
    NamespaceSet,
    RuleAction,
)
from mentorwatch.domain.config.keys import LEGACY_KEYS
from mentorwatch.domain.message import english

from .community_examples import KOREAN_RULE, documented_examples

KOREAN = KOREAN_RULE
ENGLISH = {
    "RetiredTemplates": {"enabled": True, "templates": ["Retired", "Template:Semi-retired"]},
    "WikibreakTemplates": {"enabled": True, "templates": ["Wikibreak"], "end_parameter": "back"},
    "LogActions": {"enabled": True, "types": ["patrol", "move", "block", "review"]},
}


def problems_of(document: dict[str, Any]) -> dict[str, str]:
    with pytest.raises(ConfigError) as caught:
        parse_config(document, RULES_KEYS)
    return {problem.key: english(problem.message) for problem in caught.value.problems}


def test_every_rule_is_off_by_default() -> None:
    config = parse_config({"RemoveInactiveMentors": True}, RULES_KEYS)
    assert config.rules == CommunityRules()
    assert not config.rules.any_enabled
    assert "EditsInWindow" not in config.to_rules_json()


def test_korean_wikipedias_rule_is_expressed_exactly() -> None:
    rule = parse_config(KOREAN, RULES_KEYS).rules.edits
    assert rule == EditsRule(
        True,
        90,
        (NamespaceGroup((0,), (), 20), NamespaceGroup((), (NamespaceSet.TALK,), 10)),
        Combine.AND,
        RuleAction.REMOVAL,
    )


def test_templates_are_read_without_their_namespace_and_round_trip() -> None:
    config = parse_config(ENGLISH, RULES_KEYS)
    assert config.rules.retired.templates == ("Retired", "Semi-retired")
    assert config.rules.retired.action is RuleAction.REMOVAL
    assert config.rules.wikibreak.end_parameter == "back"
    assert config.rules.log_actions.types == ("patrol", "move", "block", "review")
    assert parse_config(config.to_rules_json(), RULES_KEYS) == config


def test_each_bad_value_is_one_error_naming_its_key() -> None:
    found = problems_of(
        {
            "EditsInWindow": {
                "enabled": "yes",
                "window_days": 0,
                "groups": [{"namespaces": [-1], "minimum": 0}, {"namespaces": ["talk"]}],
                "combine": "xor",
                "action": "delete",
            },
            "RetiredTemplates": {"enabled": True, "templates": ["Retired", "{{Bad}}"]},
            "WikibreakTemplates": {"enabled": True, "templates": [], "end_parameter": 3},
            "LogActions": {"enabled": True, "types": ["Patrol!"], "typo": 1},
        }
    )
    assert set(found) == {
        "EditsInWindow.enabled",
        "EditsInWindow.window_days",
        "EditsInWindow.groups[0].namespaces",
        "EditsInWindow.groups[0].minimum",
        "EditsInWindow.groups[1].minimum",
        "EditsInWindow.combine",
        "EditsInWindow.action",
        "RetiredTemplates.templates[1]",
        "WikibreakTemplates.templates",
        "WikibreakTemplates.end_parameter",
        "LogActions.types",
        "LogActions.typo",
    }
    assert '"and" or "or"' in found["EditsInWindow.combine"]
    assert "from 1 to 3650" in found["EditsInWindow.window_days"]


def test_a_section_that_is_not_an_object_or_misspelt_is_refused() -> None:
    found = problems_of({"EditsInWindow": [1], "RetiredTemplate": {}})
    assert "use an object" in found["EditsInWindow"]
    assert 'did you mean "RetiredTemplates"' in found["RetiredTemplate"]


def test_removal_by_edits_is_refused_while_warnings_are_on() -> None:
    document = {"RemoveInactiveMentors": True, "WarnBeforeRemoval": True, **KOREAN}
    found = problems_of(document)
    assert set(found) == {"EditsInWindow.action"}
    away = {**KOREAN["EditsInWindow"], "action": "away"}
    parse_config({**document, "EditsInWindow": away}, RULES_KEYS)


def test_the_legacy_page_holds_none_of_them() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config({"EditsInWindow": KOREAN["EditsInWindow"]}, LEGACY_KEYS)
    assert caught.value.problems[0].key == "EditsInWindow"


def test_the_schema_describes_each_rule() -> None:
    properties = config_json_schema()["properties"]
    for key in ("EditsInWindow", "RetiredTemplates", "WikibreakTemplates", "LogActions"):
        assert properties[key]["properties"]["enabled"]["default"] is False
    assert "EditsInWindow" not in config_json_schema(LEGACY_KEYS)["properties"]


def test_every_example_of_the_documentation_is_a_valid_rules_page() -> None:
    examples = documented_examples()
    assert len(examples) == 5  # Korean, English, Russian, German, Arabic
    assert examples[0] == KOREAN_RULE
    for example in examples:
        assert parse_config(example, RULES_KEYS).rules.any_enabled
